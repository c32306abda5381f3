//! White space: runs collapse to one space, line-break markers become lines, nothing leads or
//! trails.

use super::refs::decode_refs;

/// The line-break marker in the text buffer. Literal NULs are removed from text before it is
/// buffered, and `&#0;` decodes to U+FFFD, so the marker cannot come from the page.
pub(super) const BREAK: char = '\0';

/// Collapses whitespace: runs of white space become one space, [`BREAK`] markers become line
/// breaks (or spaces on a single line), nothing leads or trails, no line is empty.
#[derive(Default)]
pub(super) struct Collapser {
    pub(super) out: String,
    space: bool,
    line: bool,
    /// With a limit, [`Collapser::push`] stops once the output is longer than it.
    limit: Option<usize>,
}

impl Collapser {
    /// A collapser that stops once its output passes `limit` bytes: what it pushes from then on
    /// costs nothing, so the text of many nested elements can be collected in linear time.
    pub(super) fn with_limit(limit: usize) -> Self {
        Collapser { limit: Some(limit), ..Default::default() }
    }

    /// Whether the output passed the limit (and so is cut).
    pub(super) fn overflowed(&self) -> bool {
        self.limit.is_some_and(|l| self.out.len() > l)
    }

    pub(super) fn push(&mut self, s: &str, multiline: bool) {
        if self.overflowed() {
            return;
        }
        let mut plain = 0; // start of the pending run of ordinary characters
        for (i, c) in s.char_indices() {
            let is_break = c == BREAK;
            if !is_break && !c.is_whitespace() {
                continue;
            }
            self.flush(&s[plain..i]);
            if self.overflowed() {
                return;
            }
            plain = i + c.len_utf8();
            if is_break && multiline {
                self.line = true;
            } else {
                self.space = true;
            }
        }
        self.flush(&s[plain..]);
    }

    fn flush(&mut self, run: &str) {
        if run.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            if self.line {
                self.out.push('\n');
            } else if self.space {
                self.out.push(' ');
            }
        }
        self.line = false;
        self.space = false;
        self.out.push_str(run);
    }
}

pub(super) fn collapse_line(s: &str) -> String {
    let mut c = Collapser::default();
    c.push(s, false);
    c.out
}

/// An attribute value as text: references decoded, whitespace collapsed.
pub(super) fn attr_text(raw: &str) -> String {
    let mut decoded = String::new();
    decode_refs(raw, &mut decoded);
    collapse_line(&decoded)
}
