//! # Fahras — Arabic search in the browser
//!
//! Fahras (فهرس, "index") compiles a corpus of news articles into one compact binary index at
//! build time, and answers search-as-you-type queries from it with no server: natively in the
//! `index-builder` CLI, and in the browser through WebAssembly.
//!
//! ## A tour
//!
//! * [`analysis`] turns text into terms: tokenization with byte offsets, normalization of
//!   everything Arabic readers spell interchangeably, clitic-aware light stemming, and a
//!   one-byte alphabet for terms. Indexing and querying share it, so they never disagree.
//! * [`index`] is the file format: a header with magic, version and checksums, an `fst` map
//!   from terms to postings, and a document store. [`index::IndexWriter`] builds one;
//!   [`index::Index`] opens one cheaply and validates it.
//! * [`search`] parses queries (words, a prefix being typed, "quoted phrases", -exclusions),
//!   expands them (stems, prefixes, typos, the wrong keyboard layout), ranks with BM25 and
//!   match classes, and cuts highlighted excerpts.
//! * [`web`] is the browser side: the JavaScript API and the search widget.
//!
//! Each layer uses only the ones above it in this list (analysis → index → search → web);
//! [`util`] holds the few building blocks they all share.
//!
//! ```
//! use fahras::index::{Document, Index, IndexWriter};
//! use fahras::search::SearchOptions;
//!
//! let mut w = IndexWriter::new();
//! w.add(Document::new("a", "اجتماع الحكومة", "عقدت الحكومة اجتماعها الأسبوعي في طرابلس."));
//! w.add(Document::new("b", "مباراة", "فاز الفريق في المباراة النهائية."));
//! let index = Index::open(w.finish().unwrap()).unwrap();
//! let res = index.search("حكومة", &SearchOptions::default()).unwrap();
//! assert_eq!(res.hits[0].id, "a");
//! assert!(res.hits[0].excerpt.contains("<mark>الحكومة</mark>"));
//! ```
#![deny(missing_docs)]

pub mod analysis;
pub mod error;
pub mod index;
pub mod search;
pub mod util;
pub mod web;

pub use error::{Error, Result};

/// In WebAssembly, Talc instead of dlmalloc: less code (the budget counts every byte) and faster.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
pub use index::{Document, Index, IndexWriter};
pub use search::{Hit, SearchOptions, SearchResults, Searcher};
