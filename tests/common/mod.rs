//! Shared helpers: the fixture corpus (articles written for these tests) and index building.

#![allow(dead_code)]

use fahras::{Document, Index, IndexWriter, SearchOptions, SearchResults};
use std::path::Path;

/// The fixture articles of `tests/fixtures/news`: first line title, the rest body, id = file stem.
pub fn fixture_docs() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let (title, body) = text.split_once('\n').unwrap();
            Document::new(p.file_stem().unwrap().to_string_lossy(), title.trim(), body.trim())
        })
        .collect()
}

pub fn build(docs: &[Document]) -> Vec<u8> {
    let mut w = IndexWriter::new();
    for d in docs {
        w.add(d.clone());
    }
    w.finish().unwrap()
}

pub fn fixture_index() -> Index {
    Index::open(build(&fixture_docs())).unwrap()
}

pub fn search(index: &Index, q: &str) -> SearchResults {
    index.search(q, &SearchOptions { limit: 100, ..SearchOptions::default() }).unwrap()
}

/// The ids of all hits of `q`, best first.
pub fn ids(index: &Index, q: &str) -> Vec<String> {
    search(index, q).hits.into_iter().map(|h| h.id).collect()
}
