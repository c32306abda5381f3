//! The index: the term dictionary, postings and the document store, as one file or split into
//! shards fetched on demand.
//!
//! * [`format`](mod@format) defines the file layout once, for both sides: header, sections,
//!   what the dictionary maps a term to.
//! * [`invert`](mod@invert) turns documents into terms with postings.
//! * The sections both layouts share, each with its encoder and its decoder in one file:
//!   [`postings`](mod@postings), [`prefixes`](mod@prefixes), [`docstore`](mod@docstore).
//! * One file: [`IndexWriter`] (in [`write`](mod@write)) builds it; [`Index`] (in
//!   [`read`](mod@read)) opens it cheaply and validates it.
//! * Split: [`split`](mod@split) lays the same sections out as a manifest and shards.
//! * [`Searchable`] is what the search reads, over either.

pub mod columns;
pub mod crc;
pub mod date;
pub mod docstore;
pub mod evidence;
pub mod fields;
pub mod format;
pub mod invert;
pub mod postings;
pub mod prefixes;
pub mod read;
pub mod searchable;
pub mod split;
pub mod varint;
pub mod write;

pub use docstore::StoredDoc;
pub use postings::{Posting, PostingList};
pub use read::Index;
pub use searchable::{Postings, Searchable, Stats, TermRef};
pub use write::{BuildStats, IndexWriter, WriterOptions};

/// A document to index. Empty strings stand for missing fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// A stable identifier (a path, a slug, the `id` of a JSON line).
    pub id: String,
    /// The title, shown as the result's link text.
    pub title: String,
    /// The text.
    pub body: String,
    /// Where the document lives (relative or absolute URL).
    pub url: String,
    /// Its date, as written in the input (see [`date`] for the forms read).
    pub date: String,
    /// Values of filterable fields, `(field, value)`, a field repeated for several values: a
    /// news site's sections and tags are the field [`CATEGORY`].
    pub filters: Vec<(String, String)>,
    /// Metadata returned with each hit and never searched, `(key, value)`: author, image…
    pub meta: Vec<(String, String)>,
}

/// The filterable field of sections and tags.
pub const CATEGORY: &str = "category";

impl Document {
    /// A document with an id, a title and a body.
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Document { id: id.into(), title: title.into(), body: body.into(), ..Default::default() }
    }

    /// The document with one more value of the [`CATEGORY`] field.
    pub fn with_category(mut self, category: impl Into<String>) -> Self {
        self.add_filter(CATEGORY, category);
        self
    }

    /// Adds a value of a filterable field, unless it is empty or already there.
    pub fn add_filter(&mut self, field: impl Into<String>, value: impl Into<String>) {
        let (field, value) = (field.into(), value.into());
        let value = value.trim();
        if !value.is_empty() && !self.filters.iter().any(|(f, v)| *f == field && v == value) {
            self.filters.push((field, value.to_string()));
        }
    }

    /// The values of the [`CATEGORY`] field.
    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.filters.iter().filter(|(f, _)| f == CATEGORY).map(|(_, v)| v.as_str())
    }
}
