//! Metadata from `<meta>` (the date, sections and tags, the Open Graph title, `robots` and
//! redirects) and the date from `<time datetime>`.

use super::capture::MAX_VALUES;
use super::whitespace::attr_text;
use super::Parser;

impl<'a> Parser<'a> {
    pub(super) fn meta(&mut self) {
        let property = self.attr("property").unwrap_or("").trim();
        let name = self.attr("name").unwrap_or("").trim();
        let http_equiv = self.attr("http-equiv").unwrap_or("").trim();
        let Some(content) = self.attr("content") else {
            return;
        };
        if property.eq_ignore_ascii_case("article:tag") {
            let tag = attr_text(content);
            if !tag.is_empty() && self.tags.len() < MAX_VALUES {
                self.tags.push(tag);
            }
            return;
        }
        if name.eq_ignore_ascii_case("robots") {
            // `noindex`, or `none` (= noindex, nofollow), among comma-separated directives.
            let mut directives = content.split([',', ' ', '\t', '\n', '\r']);
            self.noindex |= directives.any(|d| d.eq_ignore_ascii_case("noindex") || d.eq_ignore_ascii_case("none"));
            return;
        }
        if http_equiv.eq_ignore_ascii_case("refresh") {
            // `0; url=…` sends the reader elsewhere; a bare delay only reloads the page.
            self.redirect |= content.to_ascii_lowercase().contains("url=");
            return;
        }
        let slot = if property.eq_ignore_ascii_case("article:published_time") {
            &mut self.published_time
        } else if property.eq_ignore_ascii_case("article:section") {
            &mut self.section
        } else if property.eq_ignore_ascii_case("og:title") {
            &mut self.og_title
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
