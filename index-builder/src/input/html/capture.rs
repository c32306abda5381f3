//! Captures: the values a page declares with `data-fahras-filter` and `data-fahras-meta`, and
//! the text of the `<h1>` a title can come from.
//!
//! Both attributes hold a comma-separated list of items: `key` (the element's text),
//! `key:value` (the value as written) or `key[attr]` (the value of the element's attribute
//! `attr`). A value given inline or by an attribute is known at the start tag; the element's
//! text only when it ends, so the start tag reserves the value's place (values stay in
//! document order) and the element opens a capture that collects its text until it is popped.
//!
//! An element's text is what the body would index if the element were the body region: text
//! in content skipped inside it (a `<button>`, a `data-fahras-ignore` ad) is left out, whatever
//! is skipped around it (a byline in the article's `<header>` is captured all the same), and
//! captured text goes into the body only if it is in the body region anyway. Blocks and
//! skipped elements separate words; whitespace collapses to single spaces.
//!
//! Linear time: each piece of text goes to the captures open at its skip depth (at most
//! [`MAX_OPEN`] of them, nested), each capture stops collecting past [`MAX_VALUE`] bytes (a
//! longer value is dropped: a label that long means the attribute is on the wrong element), and
//! a page declares at most [`MAX_VALUES`] filter values and as many metadata entries.

use super::refs::decode_refs;
use super::whitespace::{attr_text, collapse_line, Collapser};
use super::Parser;

/// Captures of declared text open at once (nested); a deeper one is not captured.
pub(super) const MAX_OPEN: usize = 8;
/// The longest value kept, in bytes (about 2,000 Arabic letters).
pub(super) const MAX_VALUE: usize = 4096;
/// Filter values (and, separately, metadata entries or tags) a page may declare.
pub(super) const MAX_VALUES: usize = 256;

/// Where the text of a captured element goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The value of `Parser::filters[i]`.
    Filter(usize),
    /// The value of `Parser::meta[i]`.
    Meta(usize),
    /// The first `<h1>` of the regions in `regions` (`R_*` bits); `order` counts the `<h1>`
    /// elements captured before it.
    H1 { regions: u8, order: u32 },
}

/// An element whose text is being collected.
pub(super) struct Capture {
    /// The skip depth of the element's own text.
    base: u32,
    text: Collapser,
    targets: Vec<Target>,
}

/// Where an item's value comes from.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Source<'s> {
    Text,
    Inline(&'s str),
    Attr(&'s str),
}

/// Reads one item of a spec: `key`, `key:value` or `key[attr]`; `None` if it is none of them.
pub(super) fn item(item: &str) -> Option<(&str, Source<'_>)> {
    let item = item.trim();
    let (key, source) = match item.find([':', '[']) {
        Some(i) if item.as_bytes()[i] == b':' => (&item[..i], Source::Inline(item[i + 1..].trim())),
        Some(i) => (&item[..i], Source::Attr(item[i + 1..].strip_suffix(']')?.trim())),
        None => (item, Source::Text),
    };
    let key = key.trim();
    let bad = |s: &str| s.is_empty() || s.contains(['[', ']', ':']);
    if bad(key) || matches!(source, Source::Attr(a) if bad(a)) {
        return None;
    }
    Some((key, source))
}

impl<'a> Parser<'a> {
    /// Reads the `data-fahras-filter` and `data-fahras-meta` attributes of the tag being
    /// processed (not inside ignored content): records the values given inline or by an
    /// attribute, reserves a place for each taken from the element's text, and returns where
    /// that text goes.
    pub(super) fn declare(&mut self) -> Vec<Target> {
        let mut text = Vec::new();
        for (name, is_meta) in [("data-fahras-filter", false), ("data-fahras-meta", true)] {
            let Some(raw) = self.attr(name) else {
                continue;
            };
            let mut spec = String::new();
            decode_refs(raw, &mut spec);
            for (key, source) in spec.split(',').filter_map(item) {
                let value = match source {
                    Source::Text if self.captures.len() < MAX_OPEN => String::new(),
                    Source::Text => continue,
                    Source::Inline(v) => collapse_line(v),
                    Source::Attr(a) => self.attr(a).map(attr_text).unwrap_or_default(),
                };
                if (source != Source::Text && value.is_empty()) || value.len() > MAX_VALUE {
                    continue;
                }
                let list = if is_meta { &mut self.meta } else { &mut self.filters };
                if list.len() >= MAX_VALUES {
                    break;
                }
                list.push((collapse_line(key), value));
                let at = list.len() - 1;
                if source == Source::Text {
                    text.push(if is_meta { Target::Meta(at) } else { Target::Filter(at) });
                }
            }
        }
        text
    }

    /// Where the text of an `<h1>` starting here goes, if anywhere: the regions whose first
    /// `<h1>` with text it may be (see `Parser::h1_regions`).
    pub(super) fn h1_target(&mut self) -> Option<Target> {
        let regions = self.h1_regions();
        if regions == 0 || self.captures.len() >= MAX_OPEN {
            return None;
        }
        self.h1_count += 1;
        Some(Target::H1 { regions, order: self.h1_count })
    }

    /// The element just pushed collects its text for `targets`.
    pub(super) fn open_capture(&mut self, targets: Vec<Target>) {
        self.captures.push(Capture { base: self.skip_depth, text: Collapser::with_limit(MAX_VALUE), targets });
    }

    /// The innermost captured element has ended: its text goes where it was declared.
    pub(super) fn close_capture(&mut self) {
        let Some(c) = self.captures.pop() else {
            return;
        };
        let value = if c.text.overflowed() { String::new() } else { c.text.out };
        for t in c.targets {
            match t {
                Target::Filter(i) => {
                    if let Some(slot) = self.filters.get_mut(i) {
                        slot.1.clone_from(&value);
                    }
                }
                Target::Meta(i) => {
                    if let Some(slot) = self.meta.get_mut(i) {
                        slot.1.clone_from(&value);
                    }
                }
                Target::H1 { regions, order } => {
                    if value.is_empty() {
                        continue;
                    }
                    // An <h1> nested in one that ends later was captured first, but comes after
                    // it in the page: the outer one, if it has text, takes the slot back.
                    for (bit, slot) in self.h1s.iter_mut().enumerate() {
                        if regions & (1 << bit) != 0 && slot.as_ref().is_none_or(|(o, _)| *o > order) {
                            *slot = Some((order, value.clone()));
                        }
                    }
                }
            }
        }
    }

    /// Whether text at the current skip depth is being captured.
    pub(super) fn capturing(&self) -> bool {
        self.captures.last().is_some_and(|c| c.base == self.skip_depth)
    }

    /// Gives `s` to every capture open at the current skip depth. Their depths never decrease
    /// from the outermost to the innermost, so those are the innermost ones.
    pub(super) fn capture_text(&mut self, s: &str) {
        let depth = self.skip_depth;
        for c in self.captures.iter_mut().rev() {
            if c.base != depth {
                break;
            }
            c.text.push(s, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items() {
        assert_eq!(item(" قسم "), Some(("قسم", Source::Text)));
        assert_eq!(item("قسم: محلي "), Some(("قسم", Source::Inline("محلي"))));
        assert_eq!(item("time:10:30"), Some(("time", Source::Inline("10:30"))));
        assert_eq!(item("صورة[ src ]"), Some(("صورة", Source::Attr("src"))));
        assert_eq!(item("x:"), Some(("x", Source::Inline(""))));
        for bad in ["", " ", ":محلي", "[src]", "image[src", "image[]", "image[a:b]", "a]b", "image[src]x"] {
            assert_eq!(item(bad), None, "{bad:?}");
        }
    }
}
