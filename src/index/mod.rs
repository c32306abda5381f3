//! The index: one binary file holding the term dictionary, postings and the document store.
//!
//! * [`format`](mod@format) defines the layout once, for both sides.
//! * [`IndexWriter`] (in [`write`](mod@write)) builds an index from [`Document`]s.
//! * [`Index`] (in [`read`]) opens one cheaply and validates it.

pub mod crc;
pub mod format;
pub mod read;
pub mod source;
pub mod split;
pub mod varint;
pub mod write;

pub use read::{Index, Posting, Postings, StoredDoc};
pub use write::{BuildStats, IndexWriter, WriterOptions};

/// A document to index. Empty strings stand for missing fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// A stable identifier (a path, a slug, the `id` of a JSON line).
    pub id: String,
    /// The title, shown as the result's link text.
    pub title: String,
    /// The text.
    pub body: String,
    /// Where the document lives (relative or absolute URL).
    #[serde(default)]
    pub url: String,
    /// Its date, as written in the input (ISO 8601 preferred).
    #[serde(default)]
    pub date: String,
    /// Its category or section.
    #[serde(default)]
    pub category: String,
}

impl Document {
    /// A document with an id, a title and a body.
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Document { id: id.into(), title: title.into(), body: body.into(), ..Default::default() }
    }
}
