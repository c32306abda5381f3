//! Regions: where text goes. Every piece of text is tagged with the candidate body regions it
//! belongs to (`data-fahras-body`, `<main>`, `<article>`, `<body>`, the whole document) unless
//! it sits in skipped content; `Parser::finish` (in `mod.rs`) keeps the best region found. What
//! is skipped is decided here too ([`skips_content`]), from the tag table's `SKIP` flag and the
//! `data-fahras-ignore` / `data-fahras-body` attributes; which elements start a region in
//! `Parser::starts`, and which regions an `<h1>` can give the title of in `Parser::h1_regions`.
//! Text also goes to the open captures (`capture.rs`).

use super::elements::{BLOCK, E_ARTICLE, E_FAHRAS, E_MAIN, SKIP, T_ARTICLE, T_MAIN};
use super::refs::decode_refs;
use super::whitespace::BREAK;
use super::Parser;

// One bit per candidate body region, ordered by priority so that a larger bit wins.
pub(super) const R_DOC: u8 = 1;
pub(super) const R_BODY: u8 = 1 << 1;
pub(super) const R_ARTICLE: u8 = 1 << 2;
pub(super) const R_MAIN: u8 = 1 << 3;
pub(super) const R_FAHRAS: u8 = 1 << 4;

/// Whether an element's content is skipped: `data-fahras-ignore` always; a tag the table marks
/// [`SKIP`] (script, style, nav, header, footer, aside, forms…) unless the element carries
/// `data-fahras-body`.
pub(super) fn skips_content(flags: u16, a_ignore: bool, a_body: bool) -> bool {
    a_ignore || (flags & SKIP != 0 && !a_body)
}

impl<'a> Parser<'a> {
    /// `<body>` opens: from here on, text is also in the body region.
    pub(super) fn enter_body(&mut self) {
        self.body_seen = true;
        self.best = self.best.max(R_BODY);
    }

    /// What a start tag about to be pushed begins, as entry flags: a region (`E_FAHRAS`,
    /// `E_MAIN`, `E_ARTICLE`).
    pub(super) fn starts(&self, id: u32, a_ignore: bool, a_body: bool) -> u16 {
        let ignored = self.ignore_depth > 0 || a_ignore;
        // <main> and <article> only count outside skipped content; an explicit body marker
        // counts anywhere but inside `data-fahras-ignore`.
        let can_anchor = self.skip_depth == 0 && !a_ignore;
        let mut e = 0;
        if !ignored && a_body && !self.fahras_open {
            e |= E_FAHRAS;
        }
        if can_anchor && id == T_MAIN && !self.main_seen {
            e |= E_MAIN;
        }
        if can_anchor && id == T_ARTICLE && !self.article_seen {
            e |= E_ARTICLE;
        }
        e
    }

    /// The regions whose first `<h1>` an `<h1>` starting here (not inside ignored content) is,
    /// as `R_*` bits. Inside `<main>`, `<article>` and `data-fahras-body` it counts even in
    /// skipped content (the article's own `<header>` holds its headline); for `<body>` and the
    /// whole document only outside it (the site's `<header>` holds the site's name).
    pub(super) fn h1_regions(&self) -> u8 {
        let mut m = self.mask();
        if self.skip_depth > 0 {
            m &= !(R_BODY | R_DOC);
        }
        let found = self.h1s.iter().enumerate().filter(|(_, h)| h.is_some()).fold(0, |acc, (bit, _)| acc | 1 << bit);
        m & !found
    }

    /// An element with entry flags `e` has just been pushed: opens what it starts.
    pub(super) fn enter(&mut self, e: u16) {
        if e & E_FAHRAS != 0 {
            self.fahras_open = true;
            self.fahras_base = self.skip_depth;
            self.best = self.best.max(R_FAHRAS);
        }
        if e & E_MAIN != 0 {
            self.main_open = true;
            self.main_seen = true;
            self.best = self.best.max(R_MAIN);
        }
        if e & E_ARTICLE != 0 {
            self.article_open = true;
            self.article_seen = true;
            self.best = self.best.max(R_ARTICLE);
        }
        if e & (E_FAHRAS | E_MAIN | E_ARTICLE) != 0 {
            self.region_break(); // regions never share a line
        }
    }

    /// An element with entry flags `e` has just been popped: closes what it started.
    pub(super) fn leave(&mut self, e: u16) {
        if e & (E_FAHRAS | E_MAIN | E_ARTICLE) != 0 {
            self.region_break(); // still inside the region
            if e & E_FAHRAS != 0 {
                self.fahras_open = false;
            }
            if e & E_MAIN != 0 {
                self.main_open = false;
            }
            if e & E_ARTICLE != 0 {
                self.article_open = false;
            }
        }
    }

    /// The regions the current position belongs to.
    pub(super) fn mask(&self) -> u8 {
        let mut m = R_DOC;
        if self.body_seen {
            m |= R_BODY;
        }
        if self.article_open {
            m |= R_ARTICLE;
        }
        if self.main_open {
            m |= R_MAIN;
        }
        if self.fahras_open {
            m |= R_FAHRAS;
        }
        m
    }

    /// The regions text at the current position goes to, or `None` if it is skipped for all.
    fn sink(&self) -> Option<u8> {
        if self.skip_depth == 0 {
            Some(self.mask())
        } else if self.fahras_open && self.skip_depth == self.fahras_base {
            Some(R_FAHRAS)
        } else {
            None
        }
    }

    /// Decodes and emits the text `src[from..to]`.
    pub(super) fn text_run(&mut self, from: usize, to: usize) {
        if self.sink().is_none() && !self.capturing() {
            return;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        decode_refs(self.sub(from, to), &mut scratch);
        if scratch.contains('\0') {
            scratch.retain(|c| c != '\0');
        }
        self.emit_text(&scratch);
        self.scratch = scratch;
    }

    pub(super) fn emit_text(&mut self, s: &str) {
        if let Some(mask) = self.sink() {
            self.push_text(s, mask);
        }
        if self.capturing() {
            self.capture_text(s);
        }
    }

    fn push_text(&mut self, s: &str, mask: u8) {
        // Text outside every region that could still be chosen is dropped right away.
        if mask < self.best || s.is_empty() {
            return;
        }
        if self.chunks.last().map(|c| c.1) != Some(mask) {
            self.chunks.push((self.text.len(), mask));
        }
        self.text.push_str(s);
    }

    pub(super) fn emit_break(&mut self) {
        self.region_break();
        if self.capturing() {
            self.capture_text(" ");
        }
    }

    /// A line break at the edge of a region: for the body only, not for captured text (an
    /// inline `<span data-fahras-body>` does not break a word of the byline around it).
    fn region_break(&mut self) {
        if let Some(mask) = self.sink() {
            let mut buf = [0u8; 4];
            self.push_text(BREAK.encode_utf8(&mut buf), mask);
        }
    }

    pub(super) fn emit_space(&mut self) {
        if let Some(mask) = self.sink() {
            self.push_text(" ", mask);
        }
        if self.capturing() {
            self.capture_text(" ");
        }
    }

    /// What an element contributes at its edges: a line break if it is a block, a space if its
    /// content is skipped, else nothing.
    pub(super) fn emit_separator(&mut self, flags: u16, skip: bool) {
        if flags & BLOCK != 0 {
            self.emit_break();
        } else if skip {
            self.emit_space();
        }
    }
}
