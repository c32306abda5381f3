//! An updated split index answers exactly as a fresh build of the same corpus: after any random
//! sequence of batches that add, change and delete articles, the same hits, totals, scores and
//! facet counts (only the order among equal scores may differ, documents being numbered
//! otherwise).

mod common;

use common::{fixture_docs, Rng};
use fahras::index::split::merge::{merge, policy};
use fahras::index::split::update::{update, Stored, UpdateReport};
use fahras::index::split::{Manifest, SplitIndex};
use fahras::index::WriterOptions;
use fahras::search::step::search_split;
use fahras::search::Sort;
use fahras::{Document, IndexWriter, SearchOptions, SearchResults, Searcher};
use std::collections::HashMap;

/// A source of articles: the fixtures' sentences recombined, with sections and dates, and now
/// and then a rare word with clitics (so that new articles change how old words are split).
struct Newsroom {
    sentences: Vec<String>,
    rng: Rng,
    next: usize,
}

const SECTIONS: [&str; 5] = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "دولي"];
const RARE: [&str; 8] = ["ببروكسل", "بروكسل", "وبروكسل", "كوبنهاغن", "بكوبنهاغن", "للكوبنهاغنيين", "فتالين", "تالين"];

impl Newsroom {
    fn new(seed: u64) -> Newsroom {
        let sentences = fixture_docs()
            .iter()
            .flat_map(|d| d.body.split(['.', '،']).map(|s| s.trim().to_string()).collect::<Vec<_>>())
            .filter(|s| s.len() > 10)
            .collect();
        Newsroom { sentences, rng: Rng(seed), next: 0 }
    }

    fn body(&mut self) -> String {
        let mut body = String::new();
        for _ in 0..3 + self.rng.below(3) {
            body.push_str(&self.sentences[self.rng.below(self.sentences.len() as u64) as usize]);
            body.push_str(". ");
        }
        if self.rng.below(4) == 0 {
            body.push_str(RARE[self.rng.below(RARE.len() as u64) as usize]);
        }
        body
    }

    fn article(&mut self) -> Document {
        self.next += 1;
        let title: String =
            self.sentences[self.rng.below(self.sentences.len() as u64) as usize].chars().take(36).collect();
        let mut d = Document::new(format!("a{}", self.next), title, self.body());
        d.add_filter("category", SECTIONS[self.rng.below(5) as usize]);
        d.date = format!("2020-{:02}-{:02}", 1 + self.rng.below(12), 1 + self.rng.below(28));
        d
    }
}

fn fresh(corpus: &[Document]) -> (Vec<u8>, HashMap<String, Vec<u8>>) {
    let mut w = IndexWriter::new();
    corpus.iter().for_each(|d| w.add(d.clone()));
    let (files, _) = w.finish_split().unwrap();
    (files.manifest, files.shards.into_iter().collect())
}

fn search(manifest: &[u8], shards: &HashMap<String, Vec<u8>>, q: &str, opts: &SearchOptions) -> SearchResults {
    let mut split = SplitIndex::open(manifest).unwrap();
    search_split(&mut Searcher::new(), &mut split, q, opts, &mut |name| {
        shards.get(name).cloned().ok_or_else(|| fahras::Error::NotLoaded { file: name.to_string() })
    })
    .unwrap()
}

/// What must be equal: totals, the hits as (score, id) in order of score (ties by id), the
/// rewrite, suggestions and facets.
fn summary(r: &SearchResults) -> String {
    let mut hits: Vec<(u32, &str)> = r.hits.iter().map(|h| (h.score.to_bits(), h.id.as_str())).collect();
    hits.sort_by(|a, b| f32::from_bits(b.0).total_cmp(&f32::from_bits(a.0)).then(a.1.cmp(b.1)));
    format!(
        "{} {} {:?} {:?} {:?} {:?} {:?}",
        r.total, r.unfiltered_total, r.rewrite, r.ran_as, hits, r.suggestions, r.facets
    )
}

const QUERIES: [&str; 14] = [
    "الحكومة",
    "طرا",
    "حكومة",
    "مؤتمر برلين",
    "\"وقف إطلاق\"",
    "بروكسل",
    "كوبنهاغن",
    "تالين",
    "ال",
    "م",
    "ستولتنبرع",
    "الحكومة -طرابلس",
    "fvgdk",
    "اقتصاد",
];

fn check(manifest: &[u8], shards: &HashMap<String, Vec<u8>>, corpus: &[Document], what: &str) {
    let (fm, fs) = fresh(corpus);
    let all = SearchOptions { limit: usize::MAX, excerpts: false, ..SearchOptions::default() };
    let browse =
        SearchOptions { sort: Sort::Newest, filters: vec![("category".into(), "سياسة".into())], ..all.clone() };
    for q in QUERIES {
        let (a, b) = (search(manifest, shards, q, &all), search(&fm, &fs, q, &all));
        assert_eq!(summary(&a), summary(&b), "{what}: the query {q:?} differs from a fresh build");
    }
    let (a, b) = (search(manifest, shards, "", &browse), search(&fm, &fs, "", &browse));
    assert_eq!(summary(&a), summary(&b), "{what}: browsing differs");
    let (mf, mu) = (Manifest::decode(&fm).unwrap(), Manifest::decode(manifest).unwrap());
    assert_eq!((mu.meta.docs, mu.meta.tokens), (mf.meta.docs, mf.meta.tokens), "{what}: live counts");
}

/// Applies an update; returns what it did (`None`: nothing changed).
fn apply(manifest: &mut Vec<u8>, shards: &mut HashMap<String, Vec<u8>>, corpus: &[Document]) -> Option<UpdateReport> {
    let snapshot = shards.clone();
    let mut load =
        |name: &str| snapshot.get(name).cloned().ok_or_else(|| fahras::Error::NotLoaded { file: name.to_string() });
    let mut stored = Stored::open(manifest, &mut load).unwrap();
    let mut new = Vec::new();
    let mut sink = |name: String, bytes: Vec<u8>| {
        new.push((name, bytes));
        Ok(())
    };
    let (mut m, report) = update(&mut stored, corpus, &WriterOptions::default(), &mut sink).unwrap()?;
    for (name, bytes) in new {
        assert!(!shards.contains_key(&name), "an update never rewrites a shard: {name}");
        shards.insert(name, bytes);
    }
    *manifest = m.encode();
    Some(report)
}

#[test]
fn random_updates_answer_as_a_fresh_build() {
    let mut seen = UpdateReport::default();
    for seed in [1u64, 2, 3] {
        let mut room = Newsroom::new(seed);
        let mut corpus: Vec<Document> = (0..120).map(|_| room.article()).collect();
        let (mut manifest, mut shards) = fresh(&corpus);
        for batch in 0..6 {
            let mut r = Rng(seed * 1000 + batch);
            // Add a few, change a few, delete a few.
            for _ in 0..r.below(12) {
                corpus.push(room.article());
            }
            for _ in 0..r.below(6) {
                let i = r.below(corpus.len() as u64) as usize;
                corpus[i].body = room.body();
            }
            for _ in 0..r.below(6) {
                if corpus.len() > 10 {
                    corpus.remove(r.below(corpus.len() as u64) as usize);
                }
            }
            if batch == 3 {
                // An article that makes old ones split «ببروكسل» otherwise.
                let mut d = room.article();
                d.body.push_str(" بروكسل بروكسل بروكسل والبروكسل");
                corpus.push(d);
            }
            if let Some(r) = apply(&mut manifest, &mut shards, &corpus) {
                seen.added += r.added;
                seen.changed += r.changed;
                seen.removed += r.removed;
                seen.moved += r.moved;
                seen.flipped += r.flipped;
            }
            check(&manifest, &shards, &corpus, &format!("seed {seed}, after batch {batch}"));
        }
    }
    // The batches exercised every path: additions, changes, deletions, and words decided
    // otherwise with the articles that hold them moved.
    assert!(seen.added > 0 && seen.changed > 0 && seen.removed > 0, "{seen:?}");
    assert!(seen.flipped > 0 && seen.moved > 0, "{seen:?}");
}

/// Merges the segments `which` (all when `None`, else what the policy says).
fn apply_merge(manifest: &mut Vec<u8>, shards: &mut HashMap<String, Vec<u8>>, which: Option<Vec<usize>>) -> usize {
    let snapshot = shards.clone();
    let mut load =
        |name: &str| snapshot.get(name).cloned().ok_or_else(|| fahras::Error::NotLoaded { file: name.to_string() });
    let mut stored = Stored::open(manifest, &mut load).unwrap();
    let which = which.unwrap_or_else(|| (0..stored.manifest.segments.len()).collect());
    if which.is_empty() {
        return 0;
    }
    let mut new = Vec::new();
    let mut sink = |name: String, bytes: Vec<u8>| {
        new.push((name, bytes));
        Ok(())
    };
    let mut m = merge(&mut stored, &which, &WriterOptions::default(), &mut sink).unwrap();
    shards.extend(new);
    *manifest = m.encode();
    which.len()
}

#[test]
fn merges_answer_as_a_fresh_build_too() {
    let mut merged = 0;
    for seed in [4u64, 5] {
        let mut room = Newsroom::new(seed);
        let mut corpus: Vec<Document> = (0..80).map(|_| room.article()).collect();
        let (mut manifest, mut shards) = fresh(&corpus);
        for batch in 0..8 {
            let mut r = Rng(seed * 77 + batch);
            for _ in 0..1 + r.below(6) {
                corpus.push(room.article());
            }
            for _ in 0..r.below(4) {
                let i = r.below(corpus.len() as u64) as usize;
                corpus[i].body = room.body();
            }
            if r.below(2) == 0 {
                corpus.remove(r.below(corpus.len() as u64) as usize);
            }
            apply(&mut manifest, &mut shards, &corpus);
            // The tiered policy, with tiny tiers so that it merges often.
            let which = policy(&Manifest::decode(&manifest).unwrap(), 20, 3);
            merged += apply_merge(&mut manifest, &mut shards, Some(which));
            check(&manifest, &shards, &corpus, &format!("seed {seed}, after batch {batch} and its merge"));
        }
        // A full merge leaves one segment and no deleted documents, and still the same answers.
        apply_merge(&mut manifest, &mut shards, None);
        let m = Manifest::decode(&manifest).unwrap();
        assert_eq!(m.segments.len(), 1);
        assert!(m.segments[0].deleted.is_empty());
        assert_eq!(m.segments[0].docs as usize, corpus.len());
        check(&manifest, &shards, &corpus, &format!("seed {seed}, after a full merge"));
    }
    assert!(merged >= 6, "the policy merged {merged} segments: it should have merged several times");
}

#[test]
fn an_update_with_nothing_new_writes_nothing() {
    let mut room = Newsroom::new(9);
    let corpus: Vec<Document> = (0..50).map(|_| room.article()).collect();
    let (mut manifest, mut shards) = fresh(&corpus);
    assert!(apply(&mut manifest, &mut shards, &corpus).is_none());
}

/// A reader whose page was open during a deploy: the new build takes over the shards the page
/// had loaded for the segments the builds share, fetches only the new segment's, and answers as
/// a fresh load of the new build.
#[test]
fn a_new_build_adopts_what_the_page_loaded_of_the_old() {
    let mut room = Newsroom::new(11);
    let mut corpus: Vec<Document> = (0..90).map(|_| room.article()).collect();
    let (mut manifest, mut shards) = fresh(&corpus);
    let opts = SearchOptions { excerpts: true, ..SearchOptions::default() };
    let fetched = std::cell::RefCell::new(Vec::<String>::new());
    let load = |name: &str, shards: &HashMap<String, Vec<u8>>| {
        fetched.borrow_mut().push(name.to_string());
        shards.get(name).cloned().ok_or_else(|| fahras::Error::NotLoaded { file: name.to_string() })
    };
    let mut old = SplitIndex::open(&manifest).unwrap();
    for q in QUERIES {
        search_split(&mut Searcher::new(), &mut old, q, &opts, &mut |n| load(n, &shards)).unwrap();
    }
    let loaded_before = fetched.borrow().len();
    assert!(loaded_before > 3, "the old build loaded shards: {loaded_before}");

    for _ in 0..5 {
        corpus.push(room.article());
    }
    apply(&mut manifest, &mut shards, &corpus).expect("an update");
    let mut new = SplitIndex::open(&manifest).unwrap();
    assert_ne!(new.build(), old.build());
    let kept = new.adopt(old);
    assert_eq!(kept, loaded_before, "every shard the old build loaded is part of the new one");
    fetched.borrow_mut().clear();
    for q in QUERIES {
        let a = search_split(&mut Searcher::new(), &mut new, q, &opts, &mut |n| load(n, &shards)).unwrap();
        assert_eq!(summary(&a), summary(&search(&manifest, &shards, q, &opts)), "{q}");
    }
    let newest = Manifest::decode(&manifest).unwrap().segments.last().unwrap().id;
    let refetched: Vec<String> =
        fetched.borrow().iter().filter(|n| !n.contains(&format!("{newest:016x}"))).cloned().collect();
    assert!(refetched.is_empty(), "only the new segment's shards are fetched again: {refetched:?}");
}
