//! Elements: the tag table (what each known tag is: block, skipped, void, raw text, scope
//! barrier…) and the stack of open elements, with the HTML5 rules that close elements without
//! an end tag (implied end tags) and those that stop an end tag from reaching too far (scopes).

use super::regions::skips_content;
use super::Parser;

/// Ends a line of text.
pub(super) const BLOCK: u16 = 1;
/// Content is not indexed.
pub(super) const SKIP: u16 = 1 << 1;
/// Never has content or an end tag.
pub(super) const VOID: u16 = 1 << 2;
/// Raw text up to the matching end tag; references are not decoded.
pub(super) const RAW: u16 = 1 << 3;
/// Raw text up to the matching end tag; references are decoded.
pub(super) const RCDATA: u16 = 1 << 4;
/// HTML5 "special" element: an end tag of another (inline) element does not reach past it.
pub(super) const SPECIAL: u16 = 1 << 5;
/// HTML5 "in scope" barrier: the end tag of a block element does not reach past it.
pub(super) const SCOPE: u16 = 1 << 6;
/// Table structure (`table`, row groups, rows, cells, `caption`): its end tag reaches up to
/// the nearest [`TABLE_SCOPE`] barrier.
pub(super) const TABLE_PART: u16 = 1 << 7;
/// HTML5 "table scope" barrier.
pub(super) const TABLE_SCOPE: u16 = 1 << 8;
/// SVG or MathML root: `<title>` inside is not the document title.
pub(super) const FOREIGN: u16 = 1 << 9;
/// `h1` to `h6`.
pub(super) const HEADING: u16 = 1 << 10;
/// Its start tag closes an open `<p>` (HTML5: "if the stack of open elements has a p element
/// in button scope, close a p element").
pub(super) const CLOSES_P: u16 = 1 << 11;
/// `address`, `div`, `p`: the special elements a new list item looks past for the open item
/// it closes.
pub(super) const ITEM_PASS: u16 = 1 << 12;

pub(super) const BLK: u16 = BLOCK | SPECIAL;
pub(super) const BLK_P: u16 = BLOCK | SPECIAL | CLOSES_P;
pub(super) const SKIP_BLK: u16 = BLOCK | SKIP | SPECIAL;
pub(super) const RAW_SKIP: u16 = RAW | SKIP | SPECIAL;
pub(super) const VOID_SP: u16 = VOID | SPECIAL;

// Ids of the tags the parser treats individually: their positions in `KNOWN`.
pub(super) const T_HTML: u32 = 0;
pub(super) const T_HEAD: u32 = 1;
pub(super) const T_BODY: u32 = 2;
pub(super) const T_MAIN: u32 = 3;
pub(super) const T_ARTICLE: u32 = 4;
pub(super) const T_TITLE: u32 = 5;
pub(super) const T_META: u32 = 6;
pub(super) const T_TIME: u32 = 7;
pub(super) const T_TEXTAREA: u32 = 8;
pub(super) const T_XMP: u32 = 9;
pub(super) const T_H1: u32 = 10;
pub(super) const T_HEADINGS: [u32; 6] = [10, 11, 12, 13, 14, 15];
pub(super) const T_FORM: u32 = 16;
pub(super) const T_BUTTON: u32 = 17;
pub(super) const T_TD: u32 = 18;
pub(super) const T_TH: u32 = 19;
pub(super) const T_TR: u32 = 20;
pub(super) const T_ROW_GROUPS: [u32; 3] = [21, 22, 23];
pub(super) const T_P: u32 = 24;
pub(super) const T_LI: u32 = 25;
pub(super) const T_DD: u32 = 26;
pub(super) const T_DT: u32 = 27;
pub(super) const T_OL: u32 = 28;
pub(super) const T_UL: u32 = 29;

/// Known tag names (lowercase) and their flags. The first entries are at the fixed positions
/// named by the `T_*` constants; unknown tags are inline and have no flags.
pub(super) const KNOWN: &[(&str, u16)] = &[
    ("html", BLK | SCOPE | TABLE_SCOPE),
    ("head", SPECIAL),
    ("body", BLK),
    ("main", BLK_P),
    ("article", BLK_P),
    ("title", RCDATA | SPECIAL),
    ("meta", VOID_SP),
    ("time", 0),
    ("textarea", RCDATA | BLK),
    ("xmp", RAW | BLK_P),
    ("h1", BLK_P | HEADING),
    ("h2", BLK_P | HEADING),
    ("h3", BLK_P | HEADING),
    ("h4", BLK_P | HEADING),
    ("h5", BLK_P | HEADING),
    ("h6", BLK_P | HEADING),
    ("form", SKIP_BLK | CLOSES_P),
    ("button", SKIP | SPECIAL),
    ("td", BLK | SCOPE | TABLE_PART),
    ("th", BLK | SCOPE | TABLE_PART),
    ("tr", BLK | TABLE_PART),
    ("tbody", BLK | TABLE_PART),
    ("thead", BLK | TABLE_PART),
    ("tfoot", BLK | TABLE_PART),
    ("p", BLK_P | ITEM_PASS),
    ("li", BLK_P),
    ("dd", BLK_P),
    ("dt", BLK_P),
    ("ol", BLK_P),
    ("ul", BLK_P),
    // Skipped content.
    ("script", RAW_SKIP),
    ("style", RAW_SKIP),
    ("iframe", RAW_SKIP),
    ("noscript", RAW_SKIP),
    ("noembed", RAW_SKIP),
    ("noframes", RAW_SKIP),
    ("nav", SKIP_BLK | CLOSES_P),
    ("header", SKIP_BLK | CLOSES_P),
    ("footer", SKIP_BLK | CLOSES_P),
    ("aside", SKIP_BLK | CLOSES_P),
    ("template", SKIP | SPECIAL | SCOPE | TABLE_SCOPE),
    ("select", SKIP | SPECIAL),
    ("svg", SKIP | FOREIGN),
    ("math", FOREIGN),
    // Blocks.
    ("address", BLK_P | ITEM_PASS),
    ("blockquote", BLK_P),
    ("center", BLK_P),
    ("details", BLK_P),
    ("dialog", BLK_P),
    ("dir", BLK_P),
    ("div", BLK_P | ITEM_PASS),
    ("dl", BLK_P),
    ("fieldset", BLK_P),
    ("figcaption", BLK_P),
    ("figure", BLK_P),
    ("frameset", BLK),
    ("hgroup", BLK_P),
    ("legend", BLOCK),
    ("listing", BLK_P),
    ("menu", BLK_P),
    ("optgroup", BLOCK),
    ("option", BLOCK),
    ("plaintext", BLK_P),
    ("pre", BLK_P),
    ("search", BLK_P),
    ("section", BLK_P),
    ("summary", BLK_P),
    ("table", BLK_P | SCOPE | TABLE_SCOPE | TABLE_PART),
    ("caption", BLK | SCOPE | TABLE_PART),
    ("colgroup", SPECIAL),
    ("applet", SPECIAL | SCOPE),
    ("marquee", SPECIAL | SCOPE),
    ("object", SPECIAL | SCOPE),
    // Void elements.
    ("br", VOID_SP | BLOCK),
    ("hr", VOID_SP | BLOCK | CLOSES_P),
    ("area", VOID_SP),
    ("base", VOID_SP),
    ("basefont", VOID_SP),
    ("bgsound", VOID_SP),
    ("col", VOID_SP),
    ("embed", VOID_SP),
    ("frame", VOID_SP),
    ("img", VOID_SP),
    ("input", VOID_SP),
    ("keygen", VOID_SP),
    ("link", VOID_SP),
    ("param", VOID_SP),
    ("source", VOID_SP),
    ("track", VOID_SP),
    ("wbr", VOID_SP),
];

/// Distinct unknown tag names remembered individually; further ones (only hostile input has
/// that many) share one id, which keeps the name table small.
pub(super) const MAX_UNKNOWN_TAGS: usize = 4096;
/// Unknown tag names longer than this share the overflow id as well.
pub(super) const MAX_TAG_NAME: usize = 64;

pub(super) const NONE: u32 = u32::MAX;

// Entry flags.
pub(super) const E_BLOCK: u16 = 1;
pub(super) const E_SKIP: u16 = 1 << 1;
pub(super) const E_IGNORE: u16 = 1 << 2;
pub(super) const E_FOREIGN: u16 = 1 << 3;
pub(super) const E_HEADING: u16 = 1 << 4;
pub(super) const E_FAHRAS: u16 = 1 << 5;
pub(super) const E_MAIN: u16 = 1 << 6;
pub(super) const E_ARTICLE: u16 = 1 << 7;
/// The element opened a capture (`capture.rs`).
pub(super) const E_CAPTURE: u16 = 1 << 8;

/// An element on the stack of open elements.
#[derive(Clone, Copy)]
pub(super) struct Entry {
    /// Tag id.
    id: u32,
    /// Index of the next open element below with the same id, or [`NONE`].
    prev_same: u32,
    /// Index of the nearest [`SPECIAL`] element at or below this one, or [`NONE`].
    special_below: u32,
    /// Index of the nearest [`SCOPE`] barrier at or below this one, or [`NONE`].
    scope_below: u32,
    /// Index of the nearest [`TABLE_SCOPE`] barrier at or below this one, or [`NONE`].
    table_below: u32,
    /// Index of the nearest [`SPECIAL`] element but [`ITEM_PASS`] ones at or below this one,
    /// or [`NONE`]: a new list item closes an open one only if it is this element.
    item_below: u32,
    /// `E_*` flags.
    flags: u16,
}

impl<'a> Parser<'a> {
    fn tag_id(&mut self, raw: &[u8]) -> u32 {
        let key: &[u8] = if raw.iter().any(u8::is_ascii_uppercase) {
            self.lower.clear();
            self.lower.extend(raw.iter().map(u8::to_ascii_lowercase));
            &self.lower
        } else {
            raw
        };
        if let Some(&id) = self.names.get(key) {
            return id;
        }
        if key.len() > MAX_TAG_NAME || self.names.len() >= KNOWN.len() + MAX_UNKNOWN_TAGS {
            return self.overflow_id;
        }
        let id = self.tag_flags.len() as u32;
        self.names.insert(key.to_vec(), id);
        self.tag_flags.push(0);
        self.top_pos.push(NONE);
        id
    }

    fn flags_of(&self, id: u32) -> u16 {
        self.tag_flags.get(id as usize).copied().unwrap_or(0)
    }

    fn top_of(&self, id: u32) -> u32 {
        self.top_pos.get(id as usize).copied().unwrap_or(NONE)
    }

    /// Handles an end tag whose name starts at `name_start`; returns where to continue.
    pub(super) fn end_tag(&mut self, name_start: usize) -> usize {
        let bytes = self.bytes;
        let name_end = self.name_end(name_start);
        let Some((after, _)) = self.attributes(name_end) else {
            return bytes.len();
        };
        let id = self.tag_id(&bytes[name_start..name_end]);
        let flags = self.flags_of(id);
        // `</body>` and `</html>` do not end the body: browsers put what follows into it.
        if id == T_BODY || id == T_HTML || id == T_HEAD {
            return after;
        }
        let target = if flags & HEADING != 0 {
            T_HEADINGS.iter().fold(NONE, |acc, &h| acc.max_open(self.top_of(h)))
        } else {
            self.top_of(id)
        };
        // `</p>` does not reach past a <button>, nor `</li>` past a list of its own.
        let barrier = match id {
            T_P => self.top_of(T_BUTTON),
            T_LI => self.top_of(T_OL).max_open(self.top_of(T_UL)),
            _ => NONE,
        };
        if target != NONE && self.reachable(target, flags) && (barrier == NONE || barrier < target) {
            self.pop_to(target);
        }
        if flags & BLOCK != 0 {
            self.emit_break();
        }
        after
    }

    /// Whether an end tag with these flags may close the open element at `target`: no barrier
    /// of the kind that applies to it stands above it.
    fn reachable(&self, target: u32, flags: u16) -> bool {
        let Some(top) = self.stack.last() else {
            return false;
        };
        let barrier = if flags & TABLE_PART != 0 {
            top.table_below
        } else if flags & SPECIAL != 0 {
            top.scope_below
        } else {
            top.special_below
        };
        barrier == NONE || barrier <= target
    }

    /// Handles a start tag whose name starts at `name_start`; returns where to continue.
    pub(super) fn start_tag(&mut self, name_start: usize) -> usize {
        let bytes = self.bytes;
        let name_end = self.name_end(name_start);
        let Some((after, self_closing)) = self.attributes(name_end) else {
            return bytes.len();
        };
        let id = self.tag_id(&bytes[name_start..name_end]);
        let flags = self.flags_of(id);
        let a_ignore = self.attr("data-fahras-ignore").is_some();
        let a_body = self.attr("data-fahras-body").is_some();
        let ignored = self.ignore_depth > 0 || a_ignore;

        match id {
            T_HTML | T_HEAD | T_META => {
                if !ignored {
                    self.declare();
                    if id == T_META {
                        self.meta();
                    }
                }
                // `<html data-fahras-ignore>` leaves the page out.
                self.opted_out |= id == T_HTML && a_ignore;
                return after;
            }
            T_TIME if !ignored => self.time(),
            T_BODY => {
                if self.body_seen {
                    return after;
                }
                self.opted_out |= a_ignore;
                self.enter_body();
            }
            T_FORM if self.top_of(T_FORM) != NONE => return after, // nested forms are ignored
            _ => {}
        }

        // Implied end tags that end an open list item or paragraph, so that an unclosed
        // `<li data-fahras-ignore>` or `<p data-fahras-body>` ends where a browser ends it.
        match id {
            T_LI => self.close_item(self.top_of(T_LI)),
            T_DD | T_DT => self.close_item(self.top_of(T_DD).max_open(self.top_of(T_DT))),
            _ => {}
        }
        if flags & CLOSES_P != 0 {
            self.close_p();
        }
        let ignored = self.ignore_depth > 0 || a_ignore;

        let skip = skips_content(flags, a_ignore, a_body);
        let raw = flags & (RAW | RCDATA) != 0 && !(id == T_TITLE && self.foreign_depth > 0);
        if raw && !self_closing {
            if !ignored {
                self.declare(); // values given inline or by an attribute; no text captured
            }
            return self.raw_text(id, flags, skip, ignored, after);
        }

        // Implied end tags that decide where skipped content ends.
        if flags & HEADING != 0 && self.stack.last().is_some_and(|e| e.flags & E_HEADING != 0) {
            self.pop_one();
        }
        match id {
            T_BUTTON => self.close_in_scope(T_BUTTON, SPECIAL),
            T_TD | T_TH => {
                let cell = self.top_of(T_TD).max_open(self.top_of(T_TH));
                self.close_at(cell, TABLE_PART);
            }
            T_TR => self.close_in_scope(T_TR, TABLE_PART),
            _ if T_ROW_GROUPS.contains(&id) => {
                let group = T_ROW_GROUPS.iter().fold(NONE, |acc, &g| acc.max_open(self.top_of(g)));
                self.close_at(group, TABLE_PART);
            }
            _ => {}
        }

        // Declared values, read after the implied end tags: an unclosed ignored <p> or table
        // cell no longer holds the element that closed it.
        let ignored = self.ignore_depth > 0 || a_ignore;
        let mut captures = if ignored { Vec::new() } else { self.declare() };

        if flags & VOID != 0 || self_closing || self.stack.len() >= NONE as usize - 1 {
            self.emit_separator(flags, skip);
            return after;
        }

        if id == T_H1 && !ignored {
            captures.extend(self.h1_target());
        }
        let mut e = self.starts(id, a_ignore, a_body);
        if !captures.is_empty() {
            e |= E_CAPTURE;
        }
        if flags & BLOCK != 0 {
            e |= E_BLOCK;
        }
        if skip {
            e |= E_SKIP;
        }
        if a_ignore {
            e |= E_IGNORE;
        }
        if flags & FOREIGN != 0 {
            e |= E_FOREIGN;
        }
        if flags & HEADING != 0 {
            e |= E_HEADING;
        }

        self.emit_separator(flags, skip);
        self.push(id, flags, e);
        self.enter(e);
        if e & E_CAPTURE != 0 {
            self.open_capture(captures);
        }
        after
    }

    /// Closes the open list item at `pos` if no special element stands above it but `<address>`,
    /// `<div>` and `<p>` (HTML5's steps for an `<li>`, `<dd>` or `<dt>` start tag).
    fn close_item(&mut self, pos: u32) {
        if pos != NONE && self.stack.last().is_some_and(|t| t.item_below == pos) {
            self.pop_to(pos);
        }
    }

    /// Closes the open `<p>` unless a scope barrier or a `<button>` stands above it (HTML5's
    /// "close a p element" when one is in button scope).
    fn close_p(&mut self) {
        let p = self.top_of(T_P);
        let button = self.top_of(T_BUTTON);
        if p != NONE && self.reachable(p, SPECIAL) && (button == NONE || button < p) {
            self.pop_to(p);
        }
    }

    /// Closes the open element `id` if no barrier of the kind `flags` selects stands above it.
    fn close_in_scope(&mut self, id: u32, flags: u16) {
        let pos = self.top_of(id);
        self.close_at(pos, flags);
    }

    fn close_at(&mut self, pos: u32, flags: u16) {
        if pos != NONE && self.reachable(pos, flags) {
            self.pop_to(pos);
        }
    }

    fn push(&mut self, id: u32, flags: u16, e: u16) {
        let idx = self.stack.len() as u32;
        let (mut special_below, mut scope_below, mut table_below, mut item_below) = self
            .stack
            .last()
            .map_or((NONE, NONE, NONE, NONE), |t| (t.special_below, t.scope_below, t.table_below, t.item_below));
        if flags & SPECIAL != 0 {
            special_below = idx;
            if flags & ITEM_PASS == 0 {
                item_below = idx;
            }
        }
        if flags & SCOPE != 0 {
            scope_below = idx;
        }
        if flags & TABLE_SCOPE != 0 {
            table_below = idx;
        }
        let prev_same = self.top_of(id);
        if let Some(slot) = self.top_pos.get_mut(id as usize) {
            *slot = idx;
        }
        self.stack.push(Entry { id, prev_same, special_below, scope_below, table_below, item_below, flags: e });
        if e & E_SKIP != 0 {
            self.skip_depth += 1;
        }
        if e & E_IGNORE != 0 {
            self.ignore_depth += 1;
        }
        if e & E_FOREIGN != 0 {
            self.foreign_depth += 1;
        }
    }

    /// Pops open elements until the one at index `pos` is popped.
    fn pop_to(&mut self, pos: u32) {
        while self.stack.len() > pos as usize {
            self.pop_one();
        }
    }

    fn pop_one(&mut self) {
        let Some(e) = self.stack.pop() else {
            return;
        };
        if let Some(slot) = self.top_pos.get_mut(e.id as usize) {
            *slot = e.prev_same;
        }
        if e.flags & E_CAPTURE != 0 {
            self.close_capture();
        }
        self.leave(e.flags);
        if e.flags & E_SKIP != 0 {
            self.skip_depth = self.skip_depth.saturating_sub(1);
        }
        if e.flags & E_IGNORE != 0 {
            self.ignore_depth = self.ignore_depth.saturating_sub(1);
        }
        if e.flags & E_FOREIGN != 0 {
            self.foreign_depth = self.foreign_depth.saturating_sub(1);
        }
        if e.flags & E_BLOCK != 0 {
            self.emit_break();
        } else if e.flags & E_SKIP != 0 {
            self.emit_space();
        }
    }
}

/// Picks the higher of two stack positions, treating [`NONE`] as absent.
pub(super) trait MaxOpen {
    fn max_open(self, other: u32) -> u32;
}

impl MaxOpen for u32 {
    fn max_open(self, other: u32) -> u32 {
        match (self, other) {
            (NONE, o) => o,
            (s, NONE) => s,
            (s, o) => s.max(o),
        }
    }
}
