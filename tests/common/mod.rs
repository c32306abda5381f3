//! Shared helpers: the fixture corpus (articles written for these tests) and index building.

#![allow(dead_code)]

use fahras::{Document, Index, IndexWriter, SearchOptions, SearchResults};
use std::path::Path;

/// Each fixture article's sections and date (the files hold only title and body).
pub const FIXTURE_FIELDS: [(&str, &[&str], &str); 8] = [
    ("01-hukuma", &["سياسة", "محلي"], "2020-04-28T09:15:00+02:00"),
    ("02-tarabulus", &["سياسة", "ليبيا"], "2020-05-02 18:40"),
    ("03-berlin", &["سياسة", "دولي"], "2020-01-19"),
    ("04-nato", &["دولي"], "2020-04-30T23:30:00+03:00"),
    ("05-kura", &["رياضة"], "2020-03-14"),
    ("06-iqtisad", &["اقتصاد"], "2207-20-16"),
    ("07-tashkeel", &["ثقافة"], ""),
    ("08-mixed", &["اقتصاد", "دولي"], "Thu, 28 May 2020 14:03:00 +0300"),
];

/// The fixture articles of `tests/fixtures/news`: first line title, the rest body, id = file
/// stem; sections and dates from [`FIXTURE_FIELDS`] (one date unreadable, one missing).
pub fn fixture_docs() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let (title, body) = text.split_once('\n').unwrap();
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            let mut d = Document::new(id.clone(), title.trim(), body.trim());
            let (_, categories, date) = FIXTURE_FIELDS.iter().find(|f| f.0 == id).expect("every fixture has fields");
            for c in *categories {
                d.add_filter("category", *c);
            }
            d.date = date.to_string();
            d
        })
        .collect()
}

pub fn build(docs: &[Document]) -> Vec<u8> {
    build_with(docs, fahras::index::WriterOptions::default())
}

/// The index of `docs` written with `opts` (a positions cap, say).
pub fn build_with(docs: &[Document], opts: fahras::index::WriterOptions) -> Vec<u8> {
    let mut w = IndexWriter::with_options(opts);
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

/// A small deterministic generator (xorshift64) for the randomized tests: the same seed, the
/// same corpus and the same sequence of changes.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
