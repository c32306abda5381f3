//! Streaming HTML-to-text extraction for static news pages.
//!
//! [`extract`] reads the output of a static site generator (Hugo, Jekyll, hand-written HTML) in
//! one forward pass and returns an [`HtmlDoc`]: the title, the text to index, the publication
//! date, the sections and tags, the filter values and metadata the page declares, and whether
//! it asks to be left out. It is not a full HTML5 parser, but it follows the HTML5 tokenizer
//! closely enough for text extraction and borrows the tree builder's rules where they decide
//! which element a piece of text belongs to:
//!
//! * Tags, attributes (quoted with either quote or unquoted), comments, `<!DOCTYPE>` and
//!   processing instructions are tokenized as browsers do; a `<` that cannot start markup is
//!   text, and a tag cut off by the end of the input is dropped with the rest of it. A CDATA
//!   section is hidden up to its `]]>` (as in SVG; a browser ends one in HTML at the first `>`).
//! * `<script>`, `<style>`, `<textarea>`, `<title>`, `<iframe>`, `<noscript>`, `<noembed>`,
//!   `<noframes>` and `<xmp>` hold raw text that ends only at the matching end tag (matched
//!   case-insensitively). An unterminated one runs to the end of the input.
//! * Open elements live on an explicit stack (no recursion, any depth). An end tag closes the
//!   nearest open element of the same name unless an HTML5 scope barrier stands in between
//!   (`</span>` does not close an enclosing `<div>`, `</div>` does not leave a table cell), so a
//!   skipped region ends where a browser would end it. Finding that element is O(1) and every
//!   element is pushed and popped once, so the whole pass is linear in the input.
//! * Start tags close what HTML5 closes for them wherever that decides which element text
//!   belongs to: a block closes an open `<p>`, an `<li>` (`<dd>`, `<dt>`) the open item it
//!   follows, a heading an open heading, a cell or row the open cell or row, a `<button>` an
//!   open button. Pages are read in standards mode (a `<table>` closes an open `<p>` too).
//! * A trailing `/>` closes any element (XHTML style), so `<div data-fahras-ignore/>` does not
//!   swallow the rest of the page.
//!
//! It builds no tree, so two repairs a browser makes are not made: a formatting element
//! (`<b>`, `<a>`, …) closed too early by misnesting is not reopened, nor is content moved out
//! of it (HTML5's adoption agency), and text written straight inside a `<table>` stays where
//! it is written (no foster parenting). A differential test (`differential.rs`) checks all the
//! rest against html5ever, a spec-exact parser, with the policy below applied to its tree.
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
//! # The rest of the page
//!
//! * **Title**: what a reader expects to see, not the `<title>` with the site's name after it:
//!   `data-fahras-meta="title"` if the page declares one, else `<meta property="og:title">`,
//!   else the first `<h1>` with text of the body region, else `<title>`. Inside `<main>`,
//!   `<article>` and `data-fahras-body` an `<h1>` counts even in skipped content (the
//!   article's `<header>` holds its headline); in the `<body>` region only outside it (the
//!   site's `<header>` holds the site's name).
//! * **Date**: `article:published_time`, else `<meta name="date">`, else the first
//!   `<time datetime>` inside the body region, skipped elements such as an article's
//!   `<header>` included.
//! * **Sections and tags** ([`HtmlDoc::categories`]): `<meta property="article:section">`
//!   (else `<meta name="category">`), then every `<meta property="article:tag">`.
//! * **Declared values**, in the spirit of Pagefind's `data-pagefind-*` attributes: the site
//!   author's whole interface is markup. `data-fahras-filter` gives values of filterable
//!   fields, `data-fahras-meta` metadata returned with each hit; each holds a comma-separated
//!   list of `key` (the element's text, whitespace collapsed), `key:value` (the value as
//!   written; it cannot hold a comma) or `key[attr]` (the element's attribute `attr`, as in
//!   `<img data-fahras-meta="image[src], caption[alt]">`). They work anywhere in the page,
//!   skipped regions such as `<header>` included, and a captured element's text goes into the
//!   body only if it is in the body region anyway. The element's text leaves out what is
//!   skipped inside it (a `<button>`, an ignored ad). Several elements give several values; a
//!   metadata key keeps its first non-empty value; `title` is the title. A page gives at most
//!   256 filter values, 256 metadata entries and 256 tags, each at most 4,096 bytes (a longer
//!   one is dropped); declarations nested more than 8 deep capture no text. Capturing stays
//!   linear in the input (`capture.rs`).
//! * **Opting out** ([`HtmlDoc::opt_out`]): `data-fahras-ignore` on `<html>` or `<body>`,
//!   `<meta name="robots" content="noindex">` (any case, among other directives, or `none`),
//!   or a redirect (`<meta http-equiv="refresh" content="0; url=…">`). Whether to leave such
//!   a page out, and the rules that need the whole site (list pages, `data-fahras-body` on
//!   other pages), are the reader's business (`input/site.rs`).
//!
//! Nothing inside a `data-fahras-ignore` element contributes a title, `<h1>`, date, category,
//! declared value or opt-out. A leading byte-order mark and NUL characters in text are dropped.
//!
//! # Where the code lives
//!
//! One parser state, one file per job: `tokenizer.rs` (tags, attributes, comments,
//! raw text), `elements.rs` (the tag table, the stack of open elements, implied end tags and
//! scopes), `regions.rs` (which text goes to which candidate body region, what is skipped),
//! `capture.rs` (the text of declared elements and of the title's `<h1>`), `metadata.rs`
//! (`<meta>` and `<time>`), `refs.rs` (character references), `whitespace.rs` (collapsing);
//! `tests.rs` and `differential.rs` (against html5ever). This file holds the parser's state and
//! puts the page together.

mod capture;
#[cfg(test)]
mod differential;
mod elements;
mod metadata;
mod refs;
mod regions;
#[cfg(test)]
mod tests;
mod tokenizer;
mod whitespace;

use capture::Capture;
use elements::{Entry, KNOWN, NONE};
use regions::R_DOC;
use std::collections::HashMap;
use std::collections::HashSet;
use whitespace::Collapser;

/// What a page yields for indexing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlDoc {
    /// The title a reader expects: `data-fahras-meta="title"`, else `<meta property="og:title">`,
    /// else the first `<h1>` of the body region, else the first `<title>` (outside
    /// `<svg>`/`<math>`; it usually ends with the site's name); whitespace collapsed to single
    /// spaces, references decoded; `""` if none.
    pub title: String,
    /// The text to index, one block per line (see the module docs for the rules).
    pub body: String,
    /// `<meta property="article:published_time" content>`, else `<meta name="date" content>`,
    /// else the `datetime` of the first `<time datetime="…">` inside the body region; `""` if
    /// none.
    pub date: String,
    /// The sections and tags: `<meta property="article:section">` (else `<meta
    /// name="category">`), then every `<meta property="article:tag">`, without repeats.
    pub categories: Vec<String>,
    /// Values of filterable fields declared with `data-fahras-filter`, `(field, value)` in
    /// document order, without repeats.
    pub filters: Vec<(String, String)>,
    /// Metadata declared with `data-fahras-meta`, `(key, value)` in document order; the first
    /// non-empty value of a key wins (`title` is not here: it is the title).
    pub meta: Vec<(String, String)>,
    /// Whether the body region is marked with `data-fahras-body`.
    pub marked_body: bool,
    /// Whether the page asks to be left out of the index, and why.
    pub opt_out: Option<OptOut>,
}

/// Why a page asks to be left out of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptOut {
    /// `data-fahras-ignore` on `<html>` or `<body>`.
    Ignored,
    /// `<meta name="robots" content="noindex">` (or `none`).
    Noindex,
    /// `<meta http-equiv="refresh" content="0; url=…">`: a page that only sends the reader
    /// elsewhere, as Hugo's aliases and Jekyll's `redirect_from` pages do.
    Redirect,
}

/// Extracts what an HTML page gives for indexing: its title, text, date, sections and tags,
/// declared fields and metadata, and whether it opts out.
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

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],

    /// Lowercase tag name → id.
    names: HashMap<Vec<u8>, u32>,
    /// Flags per tag id.
    tag_flags: Vec<u16>,
    /// Per tag id, the index of its topmost open element, or [`NONE`].
    top_pos: Vec<u32>,
    /// Id shared by unknown tags beyond [`MAX_UNKNOWN_TAGS`](elements::MAX_UNKNOWN_TAGS).
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
    og_title: Option<String>,
    /// First `<h1>` with text per region, indexed by the bit position of the `R_*` flag, with
    /// its place among the `<h1>` elements captured.
    h1s: [Option<(u32, String)>; 5],
    /// `<h1>` elements captured so far.
    h1_count: u32,
    published_time: Option<String>,
    meta_date: Option<String>,
    section: Option<String>,
    meta_category: Option<String>,
    tags: Vec<String>,
    /// First `<time datetime>` per region, indexed by the bit position of the `R_*` flag.
    times: [Option<String>; 5],
    /// Elements whose text is being captured, innermost last.
    captures: Vec<Capture>,
    /// Declared filter values and metadata; values of captures still open are empty.
    filters: Vec<(String, String)>,
    meta: Vec<(String, String)>,
    opted_out: bool,
    noindex: bool,
    redirect: bool,
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
            og_title: None,
            h1s: Default::default(),
            h1_count: 0,
            published_time: None,
            meta_date: None,
            section: None,
            meta_category: None,
            tags: Vec::new(),
            times: Default::default(),
            captures: Vec::new(),
            filters: Vec::new(),
            meta: Vec::new(),
            opted_out: false,
            noindex: false,
            redirect: false,
        }
    }

    fn finish(mut self) -> HtmlDoc {
        // Elements the page never closed end with it.
        while !self.captures.is_empty() {
            self.close_capture();
        }
        let region = self.best;
        let slot = region.trailing_zeros() as usize;
        let mut body = Collapser::default();
        for (k, &(start, mask)) in self.chunks.iter().enumerate() {
            if mask & region != 0 {
                let end = self.chunks.get(k + 1).map_or(self.text.len(), |c| c.0);
                body.push(self.text.get(start..end).unwrap_or_default(), true);
            }
        }
        let mut seen = HashSet::new();
        let categories = self.section.or(self.meta_category).into_iter().chain(self.tags);
        let categories = categories.filter(|c| seen.insert(c.clone())).collect();
        let mut seen = HashSet::new();
        let filters = self.filters.into_iter().filter(|f| !f.1.is_empty() && seen.insert(f.clone())).collect();
        let mut keys = HashSet::new();
        let mut meta: Vec<(String, String)> =
            self.meta.into_iter().filter(|m| !m.1.is_empty() && keys.insert(m.0.clone())).collect();
        let declared_title = meta.iter().position(|m| m.0 == "title").map(|i| meta.remove(i).1);
        let region_h1 = self.h1s.get_mut(slot).and_then(Option::take).map(|(_, h1)| h1);
        let title =
            [declared_title, self.og_title, region_h1, self.title].into_iter().flatten().find(|t| !t.is_empty());
        let region_time = self.times.get(slot).cloned().flatten();
        let opt_out = if self.opted_out {
            Some(OptOut::Ignored)
        } else if self.noindex {
            Some(OptOut::Noindex)
        } else if self.redirect {
            Some(OptOut::Redirect)
        } else {
            None
        };
        HtmlDoc {
            title: title.unwrap_or_default(),
            body: body.out,
            date: self.published_time.or(self.meta_date).or(region_time).unwrap_or_default(),
            categories,
            filters,
            meta,
            marked_body: region == regions::R_FAHRAS,
            opt_out,
        }
    }
}
