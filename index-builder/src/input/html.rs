//! Streaming HTML-to-text extraction for static news pages.
//!
//! [`extract`] reads the output of a static site generator (Hugo, Jekyll, hand-written HTML) in
//! one forward pass and returns an [`HtmlDoc`]: the title, the text to index, the publication
//! date and the category. It is not a full HTML5 parser, but it follows the HTML5 tokenizer
//! closely enough for text extraction and borrows the tree builder's rules where they decide
//! which element a piece of text belongs to:
//!
//! * Tags, attributes (quoted with either quote or unquoted), comments, `<!DOCTYPE>`, CDATA
//!   sections and processing instructions are tokenized as browsers do; a `<` that cannot start
//!   markup is text, and a tag cut off by the end of the input is dropped with the rest of it.
//! * `<script>`, `<style>`, `<textarea>`, `<title>`, `<iframe>`, `<noscript>`, `<noembed>`,
//!   `<noframes>` and `<xmp>` hold raw text that ends only at the matching end tag (matched
//!   case-insensitively). An unterminated one runs to the end of the input.
//! * Open elements live on an explicit stack (no recursion, any depth). An end tag closes the
//!   nearest open element of the same name unless an HTML5 scope barrier stands in between
//!   (`</span>` does not close an enclosing `<div>`, `</div>` does not leave a table cell), so a
//!   skipped region ends where a browser would end it. Finding that element is O(1) and every
//!   element is pushed and popped once, so the whole pass is linear in the input.
//! * A trailing `/>` closes any element (XHTML style), so `<div data-fahras-ignore/>` does not
//!   swallow the rest of the page.
//!
//! # What goes into [`HtmlDoc::body`]
//!
//! The body region is, in priority order: every element with a `data-fahras-body` attribute
//! (concatenated in document order, each starting a new line), else the first `<main>`, else the
//! first `<article>`, else `<body>`, else the whole document. `<main>` and `<article>` only count
//! if they are not inside skipped content (so the `<article>` of a related-posts card inside an
//! `<aside>` is not the page's article); a `data-fahras-body` element counts anywhere except
//! inside `data-fahras-ignore` (so it also works inside a page-wide `<form>`).
//!
//! Inside the region the content of `<script>`, `<style>`, `<nav>`, `<header>`, `<footer>`,
//! `<template>`, `<noscript>`, `<svg>`, `<iframe>`, `<form>`, `<button>`, `<select>`, `<aside>`
//! (and of the never-rendered `<noembed>`, `<noframes>` and `<title>`) is skipped, as is
//! everything inside an element carrying `data-fahras-ignore`. An element that carries
//! `data-fahras-body` is not skipped for its own tag name (`<aside data-fahras-body>` is
//! indexed), but `data-fahras-ignore` always wins.
//!
//! Block-level elements (`p`, `div`, `br`, `li`, `h1`–`h6`, table rows and cells, …) end a
//! line; inline elements (`a`, `span`, `b`, `em`, `img`, `wbr`, unknown elements, …) do not
//! break words, so `<b>حكو</b>مة` gives `حكومة`. Skipped elements separate words with a space.
//! Whitespace (any Unicode white space, including no-break spaces) is collapsed within a line,
//! lines are trimmed, empty lines dropped, and image `alt` text is not indexed.
//!
//! Character references are decoded in text and attribute values: decimal and hexadecimal
//! numeric references (with or without the closing `;`, as browsers do; `&#0;`, surrogates and
//! values above U+10FFFF become U+FFFD and the C1 range is remapped through windows-1252 as
//! HTML5 specifies), and the full HTML5 named reference table (2,125 names, from the
//! `html-escape` crate) when terminated by `;`. Anything else stays as written.
//!
//! The date falls back to the first `<time datetime>` inside the body region, skipped elements
//! such as an article's `<header>` included. Nothing inside a `data-fahras-ignore` element
//! contributes a title, `<h1>`, date or category. A leading byte-order mark and NUL characters
//! in text are dropped.

use std::collections::HashMap;

/// What a page yields for indexing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlDoc {
    /// The text of the first `<title>` (outside `<svg>`/`<math>`), else the text of the first
    /// `<h1>`; whitespace collapsed to single spaces, references decoded.
    pub title: String,
    /// The text to index, one block per line (see the module docs for the rules).
    pub body: String,
    /// `<meta property="article:published_time" content>`, else `<meta name="date" content>`,
    /// else the `datetime` of the first `<time datetime="…">` inside the body region; `""` if
    /// none.
    pub date: String,
    /// `<meta property="article:section" content>`, else `<meta name="category" content>`;
    /// `""` if none.
    pub category: String,
}

/// Extracts the title, indexable text, date and category of an HTML page.
///
/// Never panics, whatever the input, and runs in time linear in its length (nesting depth
/// included). See the [module documentation](self) for the rules.
///
/// ```ignore
/// let doc = extract("<title>خبر</title><main><p>عقدت <b>الحكو</b>مة اجتماعها</p></main>");
/// assert_eq!(doc.title, "خبر");
/// assert_eq!(doc.body, "عقدت الحكومة اجتماعها");
/// ```
#[must_use]
pub fn extract(html: &str) -> HtmlDoc {
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    let mut parser = Parser::new(html);
    parser.run();
    parser.finish()
}

// ---------------------------------------------------------------------------------------------
// Tag table
// ---------------------------------------------------------------------------------------------

/// Ends a line of text.
const BLOCK: u16 = 1;
/// Content is not indexed.
const SKIP: u16 = 1 << 1;
/// Never has content or an end tag.
const VOID: u16 = 1 << 2;
/// Raw text up to the matching end tag; references are not decoded.
const RAW: u16 = 1 << 3;
/// Raw text up to the matching end tag; references are decoded.
const RCDATA: u16 = 1 << 4;
/// HTML5 "special" element: an end tag of another (inline) element does not reach past it.
const SPECIAL: u16 = 1 << 5;
/// HTML5 "in scope" barrier: the end tag of a block element does not reach past it.
const SCOPE: u16 = 1 << 6;
/// Table structure (`table`, row groups, rows, cells, `caption`): its end tag reaches up to
/// the nearest [`TABLE_SCOPE`] barrier.
const TABLE_PART: u16 = 1 << 7;
/// HTML5 "table scope" barrier.
const TABLE_SCOPE: u16 = 1 << 8;
/// SVG or MathML root: `<title>` inside is not the document title.
const FOREIGN: u16 = 1 << 9;
/// `h1` to `h6`.
const HEADING: u16 = 1 << 10;

const BLK: u16 = BLOCK | SPECIAL;
const SKIP_BLK: u16 = BLOCK | SKIP | SPECIAL;
const RAW_SKIP: u16 = RAW | SKIP | SPECIAL;
const VOID_SP: u16 = VOID | SPECIAL;

// Ids of the tags the parser treats individually: their positions in `KNOWN`.
const T_HTML: u32 = 0;
const T_HEAD: u32 = 1;
const T_BODY: u32 = 2;
const T_MAIN: u32 = 3;
const T_ARTICLE: u32 = 4;
const T_TITLE: u32 = 5;
const T_META: u32 = 6;
const T_TIME: u32 = 7;
const T_TEXTAREA: u32 = 8;
const T_XMP: u32 = 9;
const T_H1: u32 = 10;
const T_HEADINGS: [u32; 6] = [10, 11, 12, 13, 14, 15];
const T_FORM: u32 = 16;
const T_BUTTON: u32 = 17;
const T_TD: u32 = 18;
const T_TH: u32 = 19;
const T_TR: u32 = 20;
const T_ROW_GROUPS: [u32; 3] = [21, 22, 23];

/// Known tag names (lowercase) and their flags. The first entries are at the fixed positions
/// named by the `T_*` constants; unknown tags are inline and have no flags.
const KNOWN: &[(&str, u16)] = &[
    ("html", BLK | SCOPE | TABLE_SCOPE),
    ("head", SPECIAL),
    ("body", BLK),
    ("main", BLK),
    ("article", BLK),
    ("title", RCDATA | SPECIAL),
    ("meta", VOID_SP),
    ("time", 0),
    ("textarea", RCDATA | BLK),
    ("xmp", RAW | BLK),
    ("h1", BLK | HEADING),
    ("h2", BLK | HEADING),
    ("h3", BLK | HEADING),
    ("h4", BLK | HEADING),
    ("h5", BLK | HEADING),
    ("h6", BLK | HEADING),
    ("form", SKIP_BLK),
    ("button", SKIP | SPECIAL),
    ("td", BLK | SCOPE | TABLE_PART),
    ("th", BLK | SCOPE | TABLE_PART),
    ("tr", BLK | TABLE_PART),
    ("tbody", BLK | TABLE_PART),
    ("thead", BLK | TABLE_PART),
    ("tfoot", BLK | TABLE_PART),
    // Skipped content.
    ("script", RAW_SKIP),
    ("style", RAW_SKIP),
    ("iframe", RAW_SKIP),
    ("noscript", RAW_SKIP),
    ("noembed", RAW_SKIP),
    ("noframes", RAW_SKIP),
    ("nav", SKIP_BLK),
    ("header", SKIP_BLK),
    ("footer", SKIP_BLK),
    ("aside", SKIP_BLK),
    ("template", SKIP | SPECIAL | SCOPE | TABLE_SCOPE),
    ("select", SKIP | SPECIAL),
    ("svg", SKIP | FOREIGN),
    ("math", FOREIGN),
    // Blocks.
    ("address", BLK),
    ("blockquote", BLK),
    ("center", BLK),
    ("dd", BLK),
    ("details", BLK),
    ("dialog", BLK),
    ("dir", BLK),
    ("div", BLK),
    ("dl", BLK),
    ("dt", BLK),
    ("fieldset", BLK),
    ("figcaption", BLK),
    ("figure", BLK),
    ("frameset", BLK),
    ("hgroup", BLK),
    ("legend", BLOCK),
    ("li", BLK),
    ("listing", BLK),
    ("menu", BLK),
    ("ol", BLK),
    ("optgroup", BLOCK),
    ("option", BLOCK),
    ("p", BLK),
    ("plaintext", BLK),
    ("pre", BLK),
    ("search", BLK),
    ("section", BLK),
    ("summary", BLK),
    ("ul", BLK),
    ("table", BLK | SCOPE | TABLE_SCOPE | TABLE_PART),
    ("caption", BLK | SCOPE | TABLE_PART),
    ("colgroup", SPECIAL),
    ("applet", SPECIAL | SCOPE),
    ("marquee", SPECIAL | SCOPE),
    ("object", SPECIAL | SCOPE),
    // Void elements.
    ("br", VOID_SP | BLOCK),
    ("hr", VOID_SP | BLOCK),
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
const MAX_UNKNOWN_TAGS: usize = 4096;
/// Unknown tag names longer than this share the overflow id as well.
const MAX_TAG_NAME: usize = 64;

// ---------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------

// One bit per candidate body region, ordered by priority so that a larger bit wins.
const R_DOC: u8 = 1;
const R_BODY: u8 = 1 << 1;
const R_ARTICLE: u8 = 1 << 2;
const R_MAIN: u8 = 1 << 3;
const R_FAHRAS: u8 = 1 << 4;

/// The line-break marker in the text buffer. Literal NULs are removed from text before it is
/// buffered, and `&#0;` decodes to U+FFFD, so the marker cannot come from the page.
const BREAK: char = '\0';

// ---------------------------------------------------------------------------------------------
// Open elements
// ---------------------------------------------------------------------------------------------

const NONE: u32 = u32::MAX;

// Entry flags.
const E_BLOCK: u16 = 1;
const E_SKIP: u16 = 1 << 1;
const E_IGNORE: u16 = 1 << 2;
const E_FOREIGN: u16 = 1 << 3;
const E_HEADING: u16 = 1 << 4;
const E_FAHRAS: u16 = 1 << 5;
const E_MAIN: u16 = 1 << 6;
const E_ARTICLE: u16 = 1 << 7;
const E_H1: u16 = 1 << 8;

/// An element on the stack of open elements.
#[derive(Clone, Copy)]
struct Entry {
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
    /// `E_*` flags.
    flags: u16,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum H1State {
    Waiting,
    /// Capturing the first `<h1>`; text counts when the skip depth equals this.
    Capturing(u32),
    Done,
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],

    /// Lowercase tag name → id.
    names: HashMap<Vec<u8>, u32>,
    /// Flags per tag id.
    tag_flags: Vec<u16>,
    /// Per tag id, the index of its topmost open element, or [`NONE`].
    top_pos: Vec<u32>,
    /// Id shared by unknown tags beyond [`MAX_UNKNOWN_TAGS`].
    overflow_id: u32,
    /// Scratch buffer for lowercasing tag names.
    lower: Vec<u8>,
    /// Attributes of the tag being processed (raw names and values).
    attrs: Vec<(&'a str, &'a str)>,

    stack: Vec<Entry>,
    /// Open elements whose content is skipped.
    skip_depth: u32,
    /// Open elements with `data-fahras-ignore`.
    ignore_depth: u32,
    /// Open `<svg>`/`<math>` elements.
    foreign_depth: u32,

    fahras_open: bool,
    /// The skip depth inside the open `data-fahras-body` element (not zero when the element
    /// sits inside skipped content, e.g. a page-wide `<form>`).
    fahras_base: u32,
    main_open: bool,
    main_seen: bool,
    article_open: bool,
    article_seen: bool,
    body_seen: bool,
    /// The highest-priority region seen so far (an `R_*` bit).
    best: u8,

    /// Collected text with `BREAK` markers, spaces not yet collapsed.
    text: String,
    /// `(start in text, region mask)`; a chunk ends where the next one starts.
    chunks: Vec<(usize, u8)>,
    scratch: String,

    title: Option<String>,
    h1: H1State,
    h1_text: String,
    published_time: Option<String>,
    meta_date: Option<String>,
    section: Option<String>,
    meta_category: Option<String>,
    /// First `<time datetime>` per region, indexed by the bit position of the `R_*` flag.
    times: [Option<String>; 5],
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        let mut names = HashMap::with_capacity(KNOWN.len() * 2);
        let mut tag_flags = Vec::with_capacity(KNOWN.len() + 16);
        for (i, &(name, flags)) in KNOWN.iter().enumerate() {
            names.insert(name.as_bytes().to_vec(), i as u32);
            tag_flags.push(flags);
        }
        let overflow_id = tag_flags.len() as u32;
        tag_flags.push(0);
        let top_pos = vec![NONE; tag_flags.len()];
        Parser {
            src,
            bytes: src.as_bytes(),
            names,
            tag_flags,
            top_pos,
            overflow_id,
            lower: Vec::new(),
            attrs: Vec::new(),
            stack: Vec::new(),
            skip_depth: 0,
            ignore_depth: 0,
            foreign_depth: 0,
            fahras_open: false,
            fahras_base: 0,
            main_open: false,
            main_seen: false,
            article_open: false,
            article_seen: false,
            body_seen: false,
            best: R_DOC,
            text: String::new(),
            chunks: Vec::new(),
            scratch: String::new(),
            title: None,
            h1: H1State::Waiting,
            h1_text: String::new(),
            published_time: None,
            meta_date: None,
            section: None,
            meta_category: None,
            times: Default::default(),
        }
    }

    /// `src[a..b]`, or `""` should the range ever not fall on character boundaries. (It always
    /// does: every position the parser stops at is next to an ASCII byte or at an end.)
    fn sub(&self, a: usize, b: usize) -> &'a str {
        let src: &'a str = self.src;
        src.get(a..b).unwrap_or_default()
    }

    /// Position of the next `needle` at or after `from`, as an absolute index.
    fn find(&self, from: usize, needle: &str) -> Option<usize> {
        self.src.get(from..)?.find(needle).map(|i| from + i)
    }

    /// Position of the next (ASCII) byte `needle` at or after `from`, as an absolute index.
    fn find_byte(&self, from: usize, needle: u8) -> Option<usize> {
        find_byte(self.src, from, needle)
    }

    // ---- tokenizer ---------------------------------------------------------------------------

    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            let lt = self.find_byte(i, b'<').unwrap_or(n);
            if lt > i {
                self.text_run(i, lt);
            }
            if lt >= n {
                break;
            }
            i = self.markup(lt);
        }
    }

    /// Handles markup starting with the `<` at `lt`; returns where to continue.
    fn markup(&mut self, lt: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        match b.get(lt + 1).copied() {
            Some(b'!') => {
                if b[lt..].starts_with(b"<!--") {
                    self.comment_end(lt + 4)
                } else if b[lt..].starts_with(b"<![CDATA[") {
                    self.find(lt + 9, "]]>").map_or(n, |p| p + 3)
                } else {
                    self.find_byte(lt + 2, b'>').map_or(n, |p| p + 1)
                }
            }
            Some(b'?') => self.find_byte(lt + 2, b'>').map_or(n, |p| p + 1),
            Some(b'/') => match b.get(lt + 2).copied() {
                Some(c) if c.is_ascii_alphabetic() => self.end_tag(lt + 2),
                Some(b'>') => lt + 3,
                Some(_) => self.find_byte(lt + 2, b'>').map_or(n, |p| p + 1),
                None => {
                    self.emit_text("</");
                    n
                }
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt + 1),
            _ => {
                self.emit_text("<");
                lt + 1
            }
        }
    }

    /// End of a comment whose text starts at `from` (just after `<!--`).
    fn comment_end(&self, from: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        // `<!-->` and `<!--->` are complete (empty) comments.
        if b.get(from) == Some(&b'>') {
            return from + 1;
        }
        if b.get(from..from + 2) == Some(b"->") {
            return from + 2;
        }
        let mut k = from;
        while let Some(p) = self.find(k, "--") {
            match b.get(p + 2) {
                Some(b'>') => return p + 3,
                Some(b'!') if b.get(p + 3) == Some(&b'>') => return p + 4,
                _ => k = p + 1,
            }
        }
        n
    }

    /// End of a tag name starting at `from`.
    fn name_end(&self, from: usize) -> usize {
        let b = self.bytes;
        let mut i = from;
        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>') {
            i += 1;
        }
        i
    }

    /// Reads attributes from `from` up to and including the closing `>` into `self.attrs`.
    /// Returns the position after the tag and whether it ended with `/>`, or `None` if the
    /// input ends inside the tag.
    fn attributes(&mut self, from: usize) -> Option<(usize, bool)> {
        let b = self.bytes;
        let n = b.len();
        let is_ws = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        self.attrs.clear();
        let mut i = from;
        loop {
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            match b.get(i).copied()? {
                b'>' => return Some((i + 1, false)),
                b'/' => {
                    i += 1;
                    if b.get(i) == Some(&b'>') {
                        return Some((i + 1, true));
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name; its first character may be `=`.
            let name_start = i;
            i += 1;
            while i < n && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name = self.sub(name_start, i);
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < n && is_ws(b[i]) {
                    i += 1;
                }
                match b.get(i).copied()? {
                    q @ (b'"' | b'\'') => {
                        let end = self.find_byte(i + 1, q)?;
                        value = self.sub(i + 1, end);
                        i = end + 1;
                    }
                    b'>' => {}
                    _ => {
                        let start = i;
                        while i < n && !is_ws(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        value = self.sub(start, i);
                    }
                }
            }
            self.attrs.push((name, value));
        }
    }

    /// The value of the first attribute called `name` (ASCII case-insensitive).
    fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|&(_, v)| v)
    }

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

    // ---- tags --------------------------------------------------------------------------------

    /// Handles an end tag whose name starts at `name_start`; returns where to continue.
    fn end_tag(&mut self, name_start: usize) -> usize {
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
        if target != NONE && self.reachable(target, flags) {
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
    fn start_tag(&mut self, name_start: usize) -> usize {
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
            T_HTML | T_HEAD => return after,
            T_META => {
                if !ignored {
                    self.meta();
                }
                return after;
            }
            T_TIME if !ignored => self.time(),
            T_BODY => {
                if self.body_seen {
                    return after;
                }
                self.body_seen = true;
                self.best = self.best.max(R_BODY);
            }
            T_FORM if self.top_of(T_FORM) != NONE => return after, // nested forms are ignored
            _ => {}
        }

        let skip = a_ignore || (flags & SKIP != 0 && !a_body);
        let raw = flags & (RAW | RCDATA) != 0 && !(id == T_TITLE && self.foreign_depth > 0);
        if raw && !self_closing {
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

        if flags & VOID != 0 || self_closing || self.stack.len() >= NONE as usize - 1 {
            self.emit_separator(flags, skip);
            return after;
        }

        // <main> and <article> only count outside skipped content; an explicit body marker
        // counts anywhere but inside `data-fahras-ignore`.
        let can_anchor = self.skip_depth == 0 && !a_ignore;
        let mut e = 0;
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
        if !ignored && a_body && !self.fahras_open {
            e |= E_FAHRAS;
        }
        if can_anchor && id == T_MAIN && !self.main_seen {
            e |= E_MAIN;
        }
        if can_anchor && id == T_ARTICLE && !self.article_seen {
            e |= E_ARTICLE;
        }
        if id == T_H1 && !ignored && self.h1 == H1State::Waiting {
            e |= E_H1;
        }

        self.emit_separator(flags, skip);
        self.push(id, flags, e);
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
            self.emit_break(); // regions never share a line
        }
        if e & E_H1 != 0 {
            self.h1 = H1State::Capturing(self.skip_depth);
        }
        after
    }

    /// Content of a raw-text element (`<script>`, `<title>`, …) opened by a start tag that ends
    /// at `from`; returns the position after its end tag (or the end of the input).
    fn raw_text(&mut self, id: u32, flags: u16, skip: bool, ignored: bool, from: usize) -> usize {
        let n = self.bytes.len();
        let name = KNOWN.get(id as usize).map_or("", |k| k.0).as_bytes();
        let (content_end, next) = self.raw_end(from, name).unwrap_or((n, n));
        let content = self.sub(from, content_end);
        match id {
            T_TITLE => {
                if !ignored && self.title.is_none() {
                    let mut decoded = String::new();
                    decode_refs(content, &mut decoded);
                    self.title = Some(collapse_line(&decoded));
                }
            }
            T_TEXTAREA | T_XMP if !skip => {
                self.emit_separator(flags, skip);
                if id == T_TEXTAREA {
                    self.text_run(from, content_end);
                } else if content.contains('\0') {
                    self.emit_text(&content.replace('\0', ""));
                } else {
                    self.emit_text(content);
                }
                self.emit_separator(flags, skip);
            }
            _ => self.emit_separator(flags, skip),
        }
        next
    }

    /// Finds the end tag of a raw-text element called `name` (lowercase) at or after `from`:
    /// returns where the content ends and where parsing continues.
    fn raw_end(&mut self, from: usize, name: &[u8]) -> Option<(usize, usize)> {
        let b = self.bytes;
        let mut k = from;
        loop {
            let lt = self.find(k, "</")?;
            let name_end = lt + 2 + name.len();
            let matches = b.get(lt + 2..name_end).is_some_and(|s| s.eq_ignore_ascii_case(name))
                && matches!(b.get(name_end), Some(b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'));
            if matches {
                let next = self.attributes(name_end).map_or(b.len(), |(after, _)| after);
                return Some((lt, next));
            }
            k = lt + 2;
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
        let (mut special_below, mut scope_below, mut table_below) =
            self.stack.last().map_or((NONE, NONE, NONE), |t| (t.special_below, t.scope_below, t.table_below));
        if flags & SPECIAL != 0 {
            special_below = idx;
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
        self.stack.push(Entry { id, prev_same, special_below, scope_below, table_below, flags: e });
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
        if e.flags & (E_FAHRAS | E_MAIN | E_ARTICLE) != 0 {
            self.emit_break(); // still inside the region
            if e.flags & E_FAHRAS != 0 {
                self.fahras_open = false;
            }
            if e.flags & E_MAIN != 0 {
                self.main_open = false;
            }
            if e.flags & E_ARTICLE != 0 {
                self.article_open = false;
            }
        }
        if e.flags & E_H1 != 0 {
            self.h1 = H1State::Done;
        }
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

    fn meta(&mut self) {
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

    fn time(&mut self) {
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

    // ---- text sinks --------------------------------------------------------------------------

    /// The regions the current position belongs to.
    fn mask(&self) -> u8 {
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

    fn capturing_h1(&self) -> bool {
        self.h1 == H1State::Capturing(self.skip_depth)
    }

    /// Decodes and emits the text `src[from..to]`.
    fn text_run(&mut self, from: usize, to: usize) {
        if self.sink().is_none() && !self.capturing_h1() {
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

    fn emit_text(&mut self, s: &str) {
        if let Some(mask) = self.sink() {
            self.push_text(s, mask);
        }
        if self.capturing_h1() {
            self.h1_text.push_str(s);
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

    fn emit_break(&mut self) {
        if let Some(mask) = self.sink() {
            let mut buf = [0u8; 4];
            self.push_text(BREAK.encode_utf8(&mut buf), mask);
        }
        if self.capturing_h1() {
            self.h1_text.push(' ');
        }
    }

    fn emit_space(&mut self) {
        if let Some(mask) = self.sink() {
            self.push_text(" ", mask);
        }
        if self.capturing_h1() {
            self.h1_text.push(' ');
        }
    }

    /// What an element contributes at its edges: a line break if it is a block, a space if its
    /// content is skipped, else nothing.
    fn emit_separator(&mut self, flags: u16, skip: bool) {
        if flags & BLOCK != 0 {
            self.emit_break();
        } else if skip {
            self.emit_space();
        }
    }

    fn finish(self) -> HtmlDoc {
        let region = self.best;
        let mut body = Collapser::default();
        for (k, &(start, mask)) in self.chunks.iter().enumerate() {
            if mask & region != 0 {
                let end = self.chunks.get(k + 1).map_or(self.text.len(), |c| c.0);
                body.push(self.text.get(start..end).unwrap_or_default(), true);
            }
        }
        let title = match self.title {
            Some(t) if !t.is_empty() => t,
            _ => collapse_line(&self.h1_text),
        };
        let region_time = self.times.get(region.trailing_zeros() as usize).cloned().flatten();
        HtmlDoc {
            title,
            body: body.out,
            date: self.published_time.or(self.meta_date).or(region_time).unwrap_or_default(),
            category: self.section.or(self.meta_category).unwrap_or_default(),
        }
    }
}

/// Position of the next ASCII byte `needle` in `s` at or after `from`.
fn find_byte(s: &str, from: usize, needle: u8) -> Option<usize> {
    debug_assert!(needle.is_ascii());
    match s.get(from..) {
        // `str::find` with a char goes through the standard library's optimized memchr.
        Some(rest) => rest.find(char::from(needle)).map(|i| from + i),
        None => s.as_bytes().get(from..)?.iter().position(|&b| b == needle).map(|i| from + i),
    }
}

/// Picks the higher of two stack positions, treating [`NONE`] as absent.
trait MaxOpen {
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

// ---------------------------------------------------------------------------------------------
// Whitespace
// ---------------------------------------------------------------------------------------------

/// Collapses whitespace: runs of white space become one space, [`BREAK`] markers become line
/// breaks (or spaces on a single line), nothing leads or trails, no line is empty.
#[derive(Default)]
struct Collapser {
    out: String,
    space: bool,
    line: bool,
}

impl Collapser {
    fn push(&mut self, s: &str, multiline: bool) {
        let mut plain = 0; // start of the pending run of ordinary characters
        for (i, c) in s.char_indices() {
            let is_break = c == BREAK;
            if !is_break && !c.is_whitespace() {
                continue;
            }
            self.flush(&s[plain..i]);
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

fn collapse_line(s: &str) -> String {
    let mut c = Collapser::default();
    c.push(s, false);
    c.out
}

/// An attribute value as text: references decoded, whitespace collapsed.
fn attr_text(raw: &str) -> String {
    let mut decoded = String::new();
    decode_refs(raw, &mut decoded);
    collapse_line(&decoded)
}

// ---------------------------------------------------------------------------------------------
// Character references
// ---------------------------------------------------------------------------------------------

/// The longest HTML5 entity name (`CounterClockwiseContourIntegral`) has 31 characters.
const MAX_ENTITY_NAME: usize = 32;

/// Appends `s` to `out` with character references decoded.
fn decode_refs(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut copied = 0; // everything before this has been appended
    let mut i = 0;
    while let Some(amp) = find_byte(s, i, b'&') {
        i = amp + 1;
        let Some((end, decoded)) = reference(b, amp) else {
            continue;
        };
        out.push_str(s.get(copied..amp).unwrap_or_default());
        match decoded {
            Ref::Char(c) => out.push(c),
            Ref::Str(t) => out.push_str(t),
        }
        copied = end;
        i = end;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
}

enum Ref {
    Char(char),
    Str(&'static str),
}

/// Decodes the character reference starting with the `&` at `amp`: returns where it ends and
/// what it stands for, or `None` if it is not a valid reference.
fn reference(b: &[u8], amp: usize) -> Option<(usize, Ref)> {
    let mut j = amp + 1;
    match *b.get(j)? {
        b'#' => {
            j += 1;
            let hex = matches!(b.get(j), Some(b'x' | b'X'));
            if hex {
                j += 1;
            }
            let radix = if hex { 16 } else { 10 };
            let digits = j;
            let mut value: u32 = 0;
            while let Some(d) = b.get(j).and_then(|&c| char::from(c).to_digit(radix)) {
                value = value.saturating_mul(radix).saturating_add(d).min(0x11_0000);
                j += 1;
            }
            if j == digits {
                return None;
            }
            if b.get(j) == Some(&b';') {
                j += 1;
            }
            Some((j, Ref::Char(numeric_char(value))))
        }
        c if c.is_ascii_alphanumeric() => {
            let start = j;
            while j < b.len() && j - start <= MAX_ENTITY_NAME && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            if b.get(j) != Some(&b';') {
                return None;
            }
            let name = &b[start..j];
            let table = &html_escape::NAMED_ENTITIES;
            let k = table.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
            Some((j + 1, Ref::Str(table[k].1)))
        }
        _ => None,
    }
}

/// The character a numeric reference stands for, per HTML5: NUL, surrogates and values beyond
/// Unicode become U+FFFD, and 0x80–0x9F are read as windows-1252.
fn numeric_char(v: u32) -> char {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = match v {
        0x80..=0x9F => u32::from(C1[(v - 0x80) as usize]),
        _ => v,
    };
    match v {
        0 => char::REPLACEMENT_CHARACTER,
        _ => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> String {
        extract(html).body
    }

    #[test]
    fn known_tag_ids_match_the_table() {
        let fixed = [
            (T_HTML, "html"),
            (T_HEAD, "head"),
            (T_BODY, "body"),
            (T_MAIN, "main"),
            (T_ARTICLE, "article"),
            (T_TITLE, "title"),
            (T_META, "meta"),
            (T_TIME, "time"),
            (T_TEXTAREA, "textarea"),
            (T_XMP, "xmp"),
            (T_H1, "h1"),
            (T_FORM, "form"),
            (T_BUTTON, "button"),
            (T_TD, "td"),
            (T_TH, "th"),
            (T_TR, "tr"),
        ];
        for (id, name) in fixed {
            assert_eq!(KNOWN[id as usize].0, name);
        }
        for (i, id) in T_HEADINGS.iter().enumerate() {
            assert_eq!(KNOWN[*id as usize].0, format!("h{}", i + 1));
        }
        for (id, name) in T_ROW_GROUPS.iter().zip(["tbody", "thead", "tfoot"]) {
            assert_eq!(KNOWN[*id as usize].0, name);
        }
        let mut names: Vec<_> = KNOWN.iter().map(|k| k.0).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KNOWN.len(), "duplicate tag in KNOWN");
    }

    #[test]
    fn doc_example_holds() {
        let doc = extract("<title>خبر</title><main><p>عقدت <b>الحكو</b>مة اجتماعها</p></main>");
        assert_eq!(doc.title, "خبر");
        assert_eq!(doc.body, "عقدت الحكومة اجتماعها");
    }

    // ---- title ---------------------------------------------------------------------------

    #[test]
    fn title_comes_from_the_title_element() {
        let doc = extract(
            "<html><head><title>\n  أخبار   الطقس &amp; البحر \n</title></head>\
             <body><h1>عنوان آخر</h1><p>نص</p></body></html>",
        );
        assert_eq!(doc.title, "أخبار الطقس & البحر");
        assert_eq!(doc.body, "عنوان آخر\nنص");
    }

    #[test]
    fn title_content_is_raw_text_and_never_body_text() {
        let doc = extract("<body><title>سعر <b>الذهب</b> &lt;اليوم&gt;</title><p>نص</p></body>");
        assert_eq!(doc.title, "سعر <b>الذهب</b> <اليوم>");
        assert_eq!(doc.body, "نص");
    }

    #[test]
    fn first_title_wins() {
        assert_eq!(extract("<title>الأول</title><title>الثاني</title>").title, "الأول");
    }

    #[test]
    fn title_falls_back_to_the_first_h1() {
        let doc = extract(
            "<body><p>مقدمة</p><h1 class=x> افتتاح <em>المعرض</em>&nbsp;الدولي<br>للكتاب <button>شارك</button></h1>\
             <h1>عنوان ثان</h1></body>",
        );
        assert_eq!(doc.title, "افتتاح المعرض الدولي للكتاب");
    }

    #[test]
    fn empty_title_falls_back_to_h1() {
        assert_eq!(extract("<title>  </title><h1>الخبر</h1>").title, "الخبر");
    }

    #[test]
    fn svg_title_is_not_the_page_title() {
        let doc = extract("<body><svg><title>تويتر</title><path d='M0'/></svg><h1>الخبر الرئيس</h1></body>");
        assert_eq!(doc.title, "الخبر الرئيس");
        assert_eq!(doc.body, "الخبر الرئيس");
    }

    #[test]
    fn unclosed_h1_is_closed_by_the_next_heading() {
        let doc = extract("<h1>الانتخابات<h1><p>نص الخبر</p>");
        assert_eq!(doc.title, "الانتخابات");
        let doc = extract("<h1>الانتخابات</h2><p>نص الخبر</p>");
        assert_eq!(doc.title, "الانتخابات");
    }

    #[test]
    fn no_title_and_no_h1_gives_empty_title() {
        assert_eq!(extract("<p>نص فقط</p>").title, "");
    }

    // ---- regions -------------------------------------------------------------------------

    #[test]
    fn data_fahras_body_region() {
        let doc = extract(
            "<body><p>خارج</p><main><p>رئيسي</p><div data-fahras-body><p>المتن الأول</p></div></main>\
             <p>فاصل</p><section DATA-FAHRAS-BODY=''><p>المتن الثاني</p></section><p>بعد</p></body>",
        );
        assert_eq!(doc.body, "المتن الأول\nالمتن الثاني");
    }

    #[test]
    fn inline_data_fahras_body_regions_do_not_share_a_line() {
        assert_eq!(body("<p><span data-fahras-body>جزء</span><span data-fahras-body>آخر</span></p>"), "جزء\nآخر");
    }

    #[test]
    fn nested_data_fahras_body_is_not_duplicated() {
        assert_eq!(body("<div data-fahras-body>أ<div data-fahras-body>ب</div>ج</div>"), "أ\nب\nج");
    }

    #[test]
    fn data_fahras_body_on_a_skipped_tag_is_indexed() {
        assert_eq!(body("<p>خارج</p><aside data-fahras-body><p>داخل</p></aside>"), "داخل");
    }

    #[test]
    fn data_fahras_body_inside_skipped_content_counts() {
        let html = "<body><form><nav>قائمة</nav><div data-fahras-body><p>المتن</p><aside>جانبي</aside>\
                    <time datetime=2024-05-05>أمس</time></div><button>إرسال</button></form><main>رئيسي</main></body>";
        let doc = extract(html);
        assert_eq!(doc.body, "المتن\nأمس");
        assert_eq!(doc.date, "2024-05-05");
        // Without the marker a <main> inside the <form> is skipped content like the rest of it.
        assert_eq!(body("<body><p>أ</p><form><main>ب</main></form></body>"), "أ");
    }

    #[test]
    fn data_fahras_body_inside_ignored_content_does_not_count() {
        let doc = extract("<body><div data-fahras-ignore><p data-fahras-body>مخفي</p></div><main>ظاهر</main></body>");
        assert_eq!(doc.body, "ظاهر");
    }

    #[test]
    fn first_main_region() {
        let doc =
            extract("<body><p>قبل</p><article>مقال</article><main><p>الأول</p></main><main><p>الثاني</p></main></body>");
        assert_eq!(doc.body, "الأول");
    }

    #[test]
    fn first_article_region_without_main() {
        let doc = extract("<body><p>قبل</p><article><p>المقال الأول</p></article><article>الثاني</article></body>");
        assert_eq!(doc.body, "المقال الأول");
    }

    #[test]
    fn article_inside_skipped_content_is_not_the_region() {
        let doc = extract("<body><aside><article>خبر ذو صلة</article></aside><article><p>المقال</p></article></body>");
        assert_eq!(doc.body, "المقال");
    }

    #[test]
    fn body_region_fallback() {
        let doc = extract(
            "<html><head><title>ع</title><style>p{}</style></head>\
             <body><p>فقرة أولى</p><div>فقرة ثانية</div></body></html>",
        );
        assert_eq!(doc.body, "فقرة أولى\nفقرة ثانية");
    }

    #[test]
    fn text_after_closing_body_stays_in_body() {
        assert_eq!(body("<body><p>أ</p></body>ب</html>ج"), "أ\nبج");
    }

    #[test]
    fn whole_document_fallback() {
        assert_eq!(body("نص حر <p>وفقرة</p> وخاتمة"), "نص حر\nوفقرة\nوخاتمة");
    }

    // ---- skipping ------------------------------------------------------------------------

    #[test]
    fn every_skipped_element_is_skipped() {
        let skipped = [
            "script", "style", "nav", "header", "footer", "template", "noscript", "svg", "iframe", "form", "button",
            "select", "aside",
        ];
        for tag in skipped {
            let html =
                format!("<body><p>قبل</p><{tag} class=\"x\"><p>محذوف</p><span>كذلك</span></{tag}><p>بعد</p></body>");
            assert_eq!(body(&html), "قبل\nبعد", "<{tag}>");
            let upper = tag.to_ascii_uppercase();
            let html = format!("<body>قبل<{upper}>محذوف</{upper}>بعد</body>");
            let block = matches!(tag, "nav" | "header" | "footer" | "form" | "aside");
            assert_eq!(body(&html), if block { "قبل\nبعد" } else { "قبل بعد" }, "<{upper}>");
        }
    }

    #[test]
    fn skipped_inline_elements_separate_words() {
        assert_eq!(body("<p>كلمة<button>زر</button>أخرى</p>"), "كلمة أخرى");
        assert_eq!(body("<p>كلمة<script>x()</script>أخرى</p>"), "كلمة أخرى");
    }

    #[test]
    fn nested_skipped_elements_end_at_the_right_place() {
        let html = "<body><nav><ul><li><nav>داخلي</nav></li><li>قائمة</li></ul></nav><p>المتن</p></body>";
        assert_eq!(body(html), "المتن");
        let html = "<body><aside><div><div>أ</div>ب</div>ج</aside><p>المتن</p></body>";
        assert_eq!(body(html), "المتن");
    }

    #[test]
    fn data_fahras_ignore_skips_everything_nested() {
        let html = "<main><p>أول</p><div data-fahras-ignore><div><p>إعلان</p><div>داخل</div>ممول</div>نهاية الإعلان</div>\
                    <p>ثان</p><span data-fahras-ignore=\"1\">رقم<b>١</b></span>ثالث</main>";
        assert_eq!(body(html), "أول\nثان\nثالث");
    }

    #[test]
    fn ignore_wins_over_body_marker() {
        assert_eq!(body("<body><div data-fahras-body data-fahras-ignore>أ</div><p>ب</p></body>"), "ب");
    }

    #[test]
    fn inline_end_tag_does_not_escape_a_block() {
        // `</span>` cannot close the ignored <div> (HTML5 "special" barrier), `</div>` does.
        assert_eq!(body("<body><span>أ<div data-fahras-ignore>إعلان</span>مخفي</div>ب</span></body>"), "أ\nب");
    }

    #[test]
    fn table_cells_close_skipped_content() {
        let html = "<body><table><tr><td><form>بحث<td>خلية<tr><td>صف</table>بعد</body>";
        assert_eq!(body(html), "خلية\nصف\nبعد");
    }

    #[test]
    fn self_closing_element_does_not_swallow_the_page() {
        assert_eq!(body("<body><div data-fahras-ignore/><p>نص</p><iframe src=x /><p>تتمة</p></body>"), "نص\nتتمة");
    }

    #[test]
    fn nested_form_start_tag_is_ignored() {
        assert_eq!(body("<body><form>أ<form>ب</form>ج</form>د</body>"), "ج\nد");
    }

    // ---- layout --------------------------------------------------------------------------

    #[test]
    fn inline_elements_do_not_break_words() {
        let html = "<p><b>حكو</b>مة <a href=/x>ال<span>و</span><i>ح</i><em>د</em><strong>ة</strong></a> \
                    <mark>ا</mark><abbr>ل</abbr><small>و</small><sup>ط</sup><sub>ن</sub><my-el>ية</my-el></p>";
        assert_eq!(body(html), "حكومة الوحدة الوطنية");
    }

    #[test]
    fn block_elements_separate_lines() {
        let html = "<div>أ<p>ب</p>ج<br>د<br/>ه<ul><li>و<li>ز</ul><h2>ح</h2><table><tr><td>ط<td>ي</tr></table>\
                    <blockquote>ك</blockquote><pre>ل</pre><hr>م<dl><dt>ن<dd>س</dl><figure><figcaption>ع</figcaption></figure>\
                    <section>ف</section><address>ص</address><details><summary>ق</summary>ر</details></div>";
        assert_eq!(body(html), "أ\nب\nج\nد\nه\nو\nز\nح\nط\nي\nك\nل\nم\nن\nس\nع\nف\nص\nق\nر");
    }

    #[test]
    fn whitespace_is_collapsed_and_blank_lines_dropped() {
        let html = "<body>\n\n   <p>  كلمة \t\r\n  أخرى\u{00A0}\u{3000}ثالثة  </p>\n\n<p> </p><div><div></div></div>  <p>&nbsp;</p>\n<p>أخيرة </p>\n</body>";
        assert_eq!(body(html), "كلمة أخرى ثالثة\nأخيرة");
    }

    #[test]
    fn image_alt_is_not_indexed() {
        assert_eq!(body("<p>حكو<img alt=\"صورة الوزير\" src=a.jpg>م<wbr>ية</p>"), "حكومية");
    }

    #[test]
    fn textarea_and_xmp_are_raw_text() {
        assert_eq!(body("<p>أ</p><textarea><b>نص</b> &amp; </textarea>"), "أ\n<b>نص</b> &");
        assert_eq!(body("<xmp><i>مثال</i> &amp;</xmp>"), "<i>مثال</i> &amp;");
    }

    // ---- references ----------------------------------------------------------------------

    #[test]
    fn named_references() {
        let html = "<p>&amp; &lt; &gt; &quot; &apos; a&nbsp;b &hellip; &rlm;&lrm;&zwnj; &laquo;x&raquo; &mdash; &CounterClockwiseContourIntegral; &NotNestedGreaterGreater;</p>";
        assert_eq!(body(html), "& < > \" ' a b … \u{200F}\u{200E}\u{200C} «x» — \u{2233} \u{2AA2}\u{0338}");
    }

    #[test]
    fn numeric_references() {
        assert_eq!(body("<p>&#1575;&#1604;&#x639;&#X62F;&#x644;</p>"), "العدل");
        assert_eq!(body("<p>&#1575&#x644 x</p>"), "ال x");
        assert_eq!(
            body("<p>&#0; &#xD800; &#x110000; &#99999999999999999999;</p>"),
            "\u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD}"
        );
        assert_eq!(body("<p>&#150;&#x80;&#129;</p>"), "\u{2013}\u{20AC}\u{81}");
    }

    #[test]
    fn invalid_references_stay_as_written() {
        let html = "<p>&unknownname; & x &; &#; &#x; &#xZZ; &amp &copy2 &&amp; AT&T &ا; &#-1;</p>";
        assert_eq!(body(html), "&unknownname; & x &; &#; &#x; &#xZZ; &amp &copy2 && AT&T &ا; &#-1;");
        let long = format!("<p>&{};</p>", "a".repeat(40));
        assert_eq!(body(&long), format!("&{};", "a".repeat(40)));
    }

    #[test]
    fn references_in_attributes() {
        let doc = extract(
            "<meta property='article:section' content='&#1575;&#1604;&#x631;&#x64A;&#x627;&#x636;&#x629; &amp; &laquo;&#x645;&#x627;&#x644;&raquo;'>",
        );
        assert_eq!(doc.category, "الرياضة & «مال»");
    }

    // ---- raw text, comments, declarations ------------------------------------------------

    #[test]
    fn script_content_is_not_parsed() {
        let html = "<body><p>أ</p><script>if (a < b && c<d) { x = \"</div><p>سيئ</p>\"; y = '</scr' + 'ipt>'; }\
                    </script ><p>ب</p><SCRIPT type=x>z = '<!-- </div>';</SCRIPT><p>ج</p>\
                    <style>p > a { content: \"</style\" } </style>د</body>";
        assert_eq!(body(html), "أ\nب\nج\nد");
    }

    #[test]
    fn script_end_tag_needs_a_delimiter() {
        assert_eq!(body("<script>a = '</scriptx>'; b = '</script' </script>نص"), "نص");
    }

    #[test]
    fn unterminated_script_skips_the_rest() {
        assert_eq!(body("<body><p>أ</p><script>var s = '<p>ب</p>';"), "أ");
        assert_eq!(body("<body><p>أ</p><style>p{}</STYLE"), "أ");
    }

    #[test]
    fn comments_and_declarations_are_skipped() {
        let html = "<!DOCTYPE html><?xml version=\"1.0\"?><body><!-- تعليق <p>لا</p> -->أ<!---->ب<!-->ج<!--->د\
                    <![CDATA[ مخفي > حقا ]]>ه<!--x--!>و<!doctype bogus>ز</ 3>ح</>ط</body>";
        assert_eq!(body(html), "أبجدهوزحط");
    }

    #[test]
    fn unterminated_comment_skips_the_rest() {
        assert_eq!(body("<body><p>أ</p><!-- <p>ب</p> -- >"), "أ");
        assert_eq!(body("<body><p>أ</p><![CDATA[ ب"), "أ");
        assert_eq!(body("<body><p>أ</p><!DOCTYPE ب"), "أ");
    }

    // ---- malformed input -----------------------------------------------------------------

    #[test]
    fn less_than_in_text() {
        assert_eq!(body("<p>3 < 5 و 2<3 و a <ب> و <</p><p>x <= y</p>"), "3 < 5 و 2<3 و a <ب> و <\nx <= y");
        assert_eq!(body("نص <"), "نص <");
        assert_eq!(body("نص </"), "نص </");
    }

    #[test]
    fn attribute_quoting_styles() {
        let html = "<body><div class=a data-x='b>c' title=\"d>e\" data-fahras-ignore>إعلان</div>\
                    <p id=x/>نص</p><div data-fahras-ignore = \"\">مخفي</div><div class=\"a\"data-fahras-ignore>مخفي</div>\
                    <div =x data-fahras-ignore>مخفي</div><p>تتمة</p></body>";
        assert_eq!(body(html), "نص\nتتمة");
    }

    #[test]
    fn uppercase_and_mixed_case_tags() {
        let doc = extract("<HTML><HEAD><TITLE>عنوان</TITLE></HEAD><BODY><Main><P>نص</P><NAV>قائمة</NAV></mAIN><P>خارج</P></BODY></HTML>");
        assert_eq!(doc.title, "عنوان");
        assert_eq!(doc.body, "نص");
    }

    #[test]
    fn unclosed_elements() {
        assert_eq!(body("<body><main><p>أ<p>ب<div><span>ج"), "أ\nب\nج");
        assert_eq!(body("<body><p>أ<nav>ب<p>ج"), "أ");
    }

    #[test]
    fn tag_cut_off_by_end_of_input_is_dropped() {
        assert_eq!(body("<p>أ</p><div class=\"x>ب"), "أ");
        assert_eq!(body("<p>أ</p><div class=x"), "أ");
        assert_eq!(body("<p>أ</p></div"), "أ");
    }

    #[test]
    fn stray_end_tags_are_harmless() {
        assert_eq!(body("</span></div></nav></script><p>أ</p></p></article>ب"), "أ\nب");
    }

    #[test]
    fn byte_order_mark_and_nul_are_dropped() {
        assert_eq!(body("\u{FEFF}<p>أ\0ب</p>"), "أب");
    }

    #[test]
    fn non_ascii_after_lt_is_text() {
        // `</` followed by a non-letter starts a bogus comment, as in HTML5.
        assert_eq!(body("<ا>ب</ا>ج"), "<ا>بج");
    }

    // ---- date and category ---------------------------------------------------------------

    #[test]
    fn date_and_category_from_meta_properties() {
        let doc = extract(
            "<head><meta name=\"date\" content=\"2020-01-01\"><meta name=category content=\"عام\">\
             <meta property=\"article:published_time\" content=\" 2024-03-05T10:00:00+02:00 \">\
             <meta property=\"article:section\" content=\"اقتصاد\"><meta property=\"article:section\" content=\"ثان\"></head>\
             <body><time datetime=\"1999-01-01\">قديم</time></body>",
        );
        assert_eq!(doc.date, "2024-03-05T10:00:00+02:00");
        assert_eq!(doc.category, "اقتصاد");
    }

    #[test]
    fn date_and_category_from_meta_names() {
        let doc = extract("<META NAME=Date CONTENT=2023-12-31><meta name='category' content='رياضة'><time datetime=2000-01-01>x</time>");
        assert_eq!(doc.date, "2023-12-31");
        assert_eq!(doc.category, "رياضة");
    }

    #[test]
    fn empty_meta_content_falls_through() {
        let doc = extract("<meta property=article:published_time content=''><meta name=date content=2022-02-02>");
        assert_eq!(doc.date, "2022-02-02");
    }

    #[test]
    fn date_from_time_inside_the_region() {
        let html = "<body><aside><time datetime=\"2001-01-01\">قديم</time></aside>\
                    <article><header><time datetime=\"2024-06-01T08:00\">١ يونيو</time></header><p>المتن</p>\
                    <time datetime=\"2024-06-02\">لاحق</time></article></body>";
        let doc = extract(html);
        assert_eq!(doc.date, "2024-06-01T08:00");
        assert_eq!(doc.body, "المتن\nلاحق");
        // With <body> as the region, the first <time> in it counts, wherever it is.
        let doc = extract("<body><aside><time datetime=2001-01-01>x</time></aside><p>نص</p></body>");
        assert_eq!(doc.date, "2001-01-01");
    }

    #[test]
    fn time_outside_the_region_or_ignored_is_not_the_date() {
        let doc = extract("<body><time datetime=2001-01-01>x</time><main><p>نص</p></main></body>");
        assert_eq!(doc.date, "");
        let doc = extract("<main><div data-fahras-ignore><time datetime=2001-01-01>x</time></div><time>بلا</time><time datetime=''>فارغ</time><time datetime=2024-01-01>y</time></main>");
        assert_eq!(doc.date, "2024-01-01");
    }

    #[test]
    fn ignored_content_yields_no_metadata() {
        let doc = extract(
            "<body><div data-fahras-ignore><title>لا</title><h1>لا</h1>\
             <meta property=article:published_time content=2001-01-01><meta name=category content=لا></div><h1>نعم</h1></body>",
        );
        assert_eq!(
            doc,
            HtmlDoc { title: "نعم".into(), body: "نعم".into(), date: String::new(), category: String::new() }
        );
    }

    #[test]
    fn missing_metadata_is_empty() {
        let doc = extract("<p>نص</p>");
        assert_eq!((doc.date.as_str(), doc.category.as_str()), ("", ""));
    }

    // ---- hostile input -------------------------------------------------------------------

    #[test]
    fn deeply_nested_divs() {
        const N: usize = 100_000;
        let html = format!("<body>{}<p>عميق</p>{}<p>بعد</p></body>", "<div>".repeat(N), "</div>".repeat(N));
        let doc = extract(&html);
        assert_eq!(doc.body, "عميق\nبعد");

        // Unclosed nesting inside an ignored element, then the end of the page.
        let html = format!("<body><div data-fahras-ignore>{}مخفي</div>ب", "<div>".repeat(N));
        assert_eq!(body(&html), "");
    }

    #[test]
    fn unmatched_end_tags_over_a_deep_stack() {
        const N: usize = 100_000;
        // Every `</b>` finds its element but is blocked by the <div>; every `</i>` finds nothing.
        let html =
            format!("<body><b><div>{}أ{}{}ب</div></b></body>", "<span>".repeat(N), "</b>".repeat(N), "</i>".repeat(N));
        let doc = extract(&html);
        assert_eq!(doc.body, "أب");
        // Many distinct unknown tag names.
        let html: String = (0..N).map(|i| format!("<x{i}>")).collect::<String>() + "نص";
        assert_eq!(body(&html), "نص");
    }

    #[test]
    fn ten_megabyte_page() {
        let para = "<p>عقدت <b>الحكومة</b> اجتماعها &amp; ناقشت <a href=\"/x?a=1&b=2\">الميزانية</a> العامة.</p>\n\
                    <div class=ad data-fahras-ignore><script>var x = '<p>';</script>إعلان</div>\n";
        let mut html = String::from("<html><head><title>صفحة كبيرة</title></head><body><main>");
        let mut n = 0;
        while html.len() < 10 * 1024 * 1024 {
            html.push_str(para);
            n += 1;
        }
        html.push_str("</main></body></html>");
        let doc = extract(&html);
        assert_eq!(doc.title, "صفحة كبيرة");
        let lines: Vec<&str> = doc.body.split('\n').collect();
        assert_eq!(lines.len(), n);
        assert!(lines.iter().all(|l| *l == "عقدت الحكومة اجتماعها & ناقشت الميزانية العامة."));
    }

    #[test]
    fn long_runs_of_markup_characters() {
        let n = 200_000;
        for html in [
            "<".repeat(n),
            "&".repeat(n),
            "&#".repeat(n),
            "<!--".repeat(n),
            "--".repeat(n),
            format!("<p {}>نص", "a=1 ".repeat(n)),
            format!("&#{};", "9".repeat(n)),
        ] {
            let doc = extract(&html);
            check_invariants("(long run)", &doc);
        }
        assert_eq!(body(&"<".repeat(10)), "<".repeat(10));
        assert_eq!(body(&format!("&#{};", "9".repeat(1000))), "\u{FFFD}");
    }

    /// Minimal xorshift64 generator, for reproducible pseudo-random input.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn check_invariants(input: &str, doc: &HtmlDoc) {
        for (what, s) in [("body", &doc.body), ("title", &doc.title), ("date", &doc.date), ("category", &doc.category)]
        {
            assert_eq!(s.trim(), s.as_str(), "{what} not trimmed for {input:?}");
            assert!(!s.contains('\0'), "{what} has a NUL for {input:?}");
        }
        assert!(!doc.body.contains("\n\n"), "blank line for {input:?}");
        assert!(!doc.body.contains("  "), "double space for {input:?}");
        assert!(!doc.body.contains(" \n") && !doc.body.contains("\n "), "untrimmed line for {input:?}");
        assert!(!doc.title.contains('\n'), "multi-line title for {input:?}");
    }

    #[test]
    fn random_strings_never_panic() {
        let mut alphabet: Vec<char> = "<>/=\"' &#;".chars().collect();
        alphabet.extend('a'..='z');
        alphabet.extend('\u{0627}'..='\u{064A}');
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut with_markup = 0;
        for _ in 0..2_000 {
            let len = rng.below(300);
            let s: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            let doc = extract(&s);
            check_invariants(&s, &doc);
            with_markup += usize::from(s.contains('<'));
        }
        assert!(with_markup > 1_000);
    }

    #[test]
    fn random_tag_soup_never_panics() {
        let pieces = [
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<span>",
            "</span>",
            "<script>",
            "</script>",
            "<style>",
            "</STYLE>",
            "<title>",
            "</title>",
            "<textarea>",
            "</textarea>",
            "<nav>",
            "</nav>",
            "<main>",
            "</main>",
            "<article>",
            "</article>",
            "<body>",
            "</body>",
            "<h1>",
            "</h2>",
            "<table>",
            "<tr>",
            "<td>",
            "</table>",
            "<svg>",
            "</svg>",
            "<form>",
            "</form>",
            "<button>",
            "<template>",
            "</template>",
            "<br/>",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<!x>",
            "<?",
            ">",
            "<",
            "&amp;",
            "&#1575;",
            "&#x0;",
            "&",
            "&#",
            " data-fahras-ignore",
            " data-fahras-body",
            "<div data-fahras-body>",
            "<div data-fahras-ignore>",
            "<time datetime=2024>",
            "<meta property=article:section content=x>",
            "\"",
            "'",
            "=",
            "/",
            " ",
            "\n",
            "كلمة",
            "حكو",
            "مة",
            "\u{00A0}",
            "\0",
            "\u{FEFF}",
        ];
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        for _ in 0..2_000 {
            let s: String = (0..rng.below(60)).map(|_| pieces[rng.below(pieces.len())]).collect();
            let doc = extract(&s);
            check_invariants(&s, &doc);
        }
    }

    #[test]
    fn random_prefixes_of_a_real_page_never_panic() {
        let page = "<!DOCTYPE html><html lang=ar dir=rtl><head><meta charset=utf-8><title>اجتماع &laquo;الحكومة&raquo;</title>\
                    <meta property=\"article:published_time\" content=\"2024-01-02\"></head><body><header><nav><a href=/>الرئيسية</a></nav></header>\
                    <main><article><h1>اجتماع الحكومة</h1><p>عقدت <b>الحكو</b>مة اجتماعها.</p><!-- ملاحظة --><script>a<b</script></article></main>\
                    <footer>حقوق</footer></body></html>";
        let full = extract(page);
        assert_eq!(full.title, "اجتماع «الحكومة»");
        assert_eq!(full.body, "اجتماع الحكومة\nعقدت الحكومة اجتماعها.");
        assert_eq!(full.date, "2024-01-02");
        for (i, _) in page.char_indices() {
            check_invariants(&page[..i], &extract(&page[..i]));
            check_invariants(&page[i..], &extract(&page[i..]));
        }
    }
}
