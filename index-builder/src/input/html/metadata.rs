//! Metadata: the date and category from `<meta>` and the date from `<time datetime>`.

use super::whitespace::attr_text;
use super::Parser;

impl<'a> Parser<'a> {
    pub(super) fn meta(&mut self) {
        let Some(content) = self.attr("content") else {
            return;
        };
        let property = self.attr("property").unwrap_or("").trim();
        let name = self.attr("name").unwrap_or("").trim();
        let slot = if property.eq_ignore_ascii_case("article:published_time") {
            &mut self.published_time
        } else if property.eq_ignore_ascii_case("article:section") {
            &mut self.section
        } else if name.eq_ignore_ascii_case("date") {
            &mut self.meta_date
        } else if name.eq_ignore_ascii_case("category") {
            &mut self.meta_category
        } else {
            return;
        };
        if slot.is_none() {
            let value = attr_text(content);
            if !value.is_empty() {
                *slot = Some(value);
            }
        }
    }

    pub(super) fn time(&mut self) {
        let Some(datetime) = self.attr("datetime") else {
            return;
        };
        let value = attr_text(datetime);
        if value.is_empty() {
            return;
        }
        let mask = self.mask();
        for (bit, slot) in self.times.iter_mut().enumerate() {
            if mask & (1 << bit) != 0 && slot.is_none() {
                *slot = Some(value.clone());
            }
        }
    }
}
