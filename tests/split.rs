//! A split index returns the same hits as the single file, for every kind of query.

mod common;

use common::fixture_docs;
use fahras::index::split::SplitIndex;
use fahras::index::{Document, IndexWriter};
use fahras::search::step::{search_split, Step};
use fahras::{Index, SearchOptions, SearchResults, Searcher};
use std::collections::HashMap;

/// A corpus large enough for many shards and groups: the fixtures, and articles made of their
/// sentences recombined (deterministically).
fn corpus() -> Vec<Document> {
    let fixtures = fixture_docs();
    let sentences: Vec<String> = fixtures
        .iter()
        .flat_map(|d| d.body.split(['.', '،']).map(|s| s.trim().to_string()))
        .filter(|s| s.len() > 10)
        .collect();
    let mut docs = fixtures.clone();
    let mut x = 7u64;
    for i in 0..1200 {
        let mut body = String::new();
        for _ in 0..6 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            body.push_str(&sentences[(x % sentences.len() as u64) as usize]);
            body.push_str(". ");
        }
        let title = sentences[(x / 7 % sentences.len() as u64) as usize].chars().take(40).collect::<String>();
        docs.push(Document::new(format!("r{i}"), title, body));
    }
    docs
}

struct Both {
    single: Index,
    split: SplitIndex,
    files: HashMap<String, Vec<u8>>,
}

fn both(docs: &[Document]) -> Both {
    let single = Index::open(common::build(docs)).unwrap();
    let (manifest, files) = split_of(docs);
    Both { single, split: SplitIndex::open(&manifest).unwrap(), files }
}

fn run(b: &mut Both, q: &str, opts: &SearchOptions) -> (SearchResults, SearchResults) {
    let one = b.single.search(q, opts).unwrap();
    let split = fetching(&mut b.split, &b.files, q, opts).0;
    (one, split)
}

/// Searches `q` on `split`, giving it the files it asks for: the results and the names of the
/// files fetched, in order.
fn fetching(
    split: &mut SplitIndex,
    files: &HashMap<String, Vec<u8>>,
    q: &str,
    opts: &SearchOptions,
) -> (SearchResults, Vec<String>) {
    let mut fetched = Vec::new();
    let r = search_split(&mut Searcher::new(), split, q, opts, &mut |name| {
        fetched.push(name.to_string());
        Ok(files[name].clone())
    })
    .unwrap();
    (r, fetched)
}

/// The split index of `docs`: its manifest and its files by name.
fn split_of(docs: &[Document]) -> (Vec<u8>, HashMap<String, Vec<u8>>) {
    let mut w = IndexWriter::new();
    docs.iter().for_each(|d| w.add(d.clone()));
    let (files, _) = w.finish_split().unwrap();
    (files.manifest, files.shards.into_iter().collect())
}

#[test]
fn split_and_single_agree() {
    let docs = corpus();
    let mut b = both(&docs);
    assert!(b.files.keys().filter(|n| n.starts_with('p')).count() >= 3, "want several shards");
    assert!(b.files.keys().filter(|n| n.starts_with('g')).count() >= 10, "want several groups");
    let opts = SearchOptions { limit: 20, ..SearchOptions::default() };
    let mut queries: Vec<String> = [
        "حكومة",
        "الحكومة",
        "حكومتها ",
        "طرا",
        "بطرا",
        "ط",
        "ال",
        "وا",
        "مؤتمر برلين",
        "\"مؤتمر برلين\"",
        "النار -حفتر",
        "حفطر ",
        "ستولتنبرع ",
        "fvgdk",
        "٢٥١٠",
        "زززززز ",
        "مسشفيت ",
        "g20",
        "في",
        "\"وزير الخارجية\"",
        "الأمم المتحدة",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every prefix of a few words, as typed.
    for w in ["والمفاوضات", "ستولتنبرغ", "الكاميرون"] {
        let cs: Vec<char> = w.chars().collect();
        queries.extend((1..=cs.len()).map(|k| cs[..k].iter().collect::<String>()));
    }
    for q in &queries {
        let (one, split) = run(&mut b, q, &opts);
        assert_eq!(one, split, "query {q:?}");
    }
    // Paging too.
    let page = SearchOptions { limit: 7, offset: 7, ..SearchOptions::default() };
    let (one, split) = run(&mut b, "الحكومة", &page);
    assert_eq!(one, split);
}

/// The queries of the agreement test, and every prefix of a few words, as typed.
fn typed_queries() -> Vec<String> {
    let mut queries: Vec<String> = ["حكومة", "الحكومة", "طرا", "ال", "مؤتمر برلين", "\"مؤتمر برلين\"", "النار -حفتر"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for w in ["والمفاوضات", "ستولتنبرغ", "الكاميرون", "حكومتها"] {
        let cs: Vec<char> = w.chars().collect();
        queries.extend((1..=cs.len()).map(|k| cs[..k].iter().collect::<String>()));
    }
    queries
}

#[test]
fn a_memory_budget_drops_shards_and_answers_the_same() {
    let docs = corpus();
    let opts = SearchOptions { limit: 10, ..SearchOptions::default() };
    let mut b = both(&docs);
    // Unbounded: what the searches hold when nothing is dropped.
    for q in typed_queries() {
        let (one, split) = run(&mut b, &q, &opts);
        assert_eq!(one, split, "query {q:?}");
    }
    let all = b.split.memory();
    assert!(all > 0);
    for budget in [all / 8, 0] {
        let mut split = SplitIndex::open(&split_of(&docs).0).unwrap();
        split.set_memory(budget);
        let (mut peak, mut fetched) = (0, 0);
        for _ in 0..2 {
            for q in typed_queries() {
                let (r, names) = fetching(&mut split, &b.files, &q, &opts);
                assert_eq!(b.single.search(&q, &opts).unwrap(), r, "query {q:?} with a budget of {budget} bytes");
                peak = peak.max(split.memory());
                fetched += names.len();
            }
        }
        // Dropped shards were fetched again, and what is held stays far below the unbounded.
        let distinct = b.files.keys().filter(|n| !n.starts_with('x')).count();
        assert!(fetched > distinct, "budget {budget}: fetched {fetched} of {distinct} files: nothing was dropped?");
        assert!(peak < all / 2, "budget {budget}: held up to {peak} bytes of {all}");
    }
}

#[test]
fn a_search_needs_a_few_small_files() {
    let docs = corpus();
    let mut b = both(&docs);
    // As the search box asks: no facet counts, so no columns.
    let opts = SearchOptions { facets: false, ..SearchOptions::default() };
    let (_, fetched) = fetching(&mut b.split, &b.files, "ستولتنبرغ", &opts);
    let kinds: Vec<char> = fetched.iter().map(|n| n.chars().next().unwrap()).collect();
    // A dictionary and its postings, and the documents of the hits; no positions for a word.
    assert!(kinds.contains(&'d') && kinds.contains(&'p') && kinds.contains(&'g'), "{fetched:?}");
    assert!(!kinds.contains(&'q') && !kinds.contains(&'c'), "{fetched:?}");
    assert!(fetched.len() <= 3 + 10, "{fetched:?}");
    // The same query again needs nothing new.
    let (_, again) = fetching(&mut b.split, &b.files, "ستولتنبرغ", &opts);
    assert_eq!(again.len(), 0);
}

#[test]
fn files_are_checked_against_the_manifest() {
    let docs = corpus();
    let mut b = both(&docs);
    let (name, bytes) =
        b.files.iter().find(|(n, _)| n.starts_with("p1-")).map(|(n, b)| (n.clone(), b.clone())).unwrap();
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    let e = b.split.add_shard(&name, damaged).unwrap_err().to_string();
    assert!(e.contains("damaged"), "{e}");
    // Another file's bytes under this name.
    let (_, other) = b.files.iter().find(|(n, _)| n.starts_with("p2-")).unwrap();
    let e = b.split.add_shard(&name, other.clone()).unwrap_err().to_string();
    assert!(e.contains("does not match its name"), "{e}");
    let e = b.split.add_shard("p1-0123456789abcdef.fahras", bytes).unwrap_err().to_string();
    assert!(e.contains("another build"), "{e}");
    assert!(b.split.add_shard("../../etc/passwd", vec![]).is_err());
    // A manifest is recognized as one; a whole index is not a manifest.
    assert!(!SplitIndex::is_manifest(&common::build(&[Document::new("a", "عنوان", "نص")])));
}

/// A dictionary-heavy corpus: words made of random Arabic syllables, so that the terms spread
/// over many dictionary files, and a few real words in some articles.
fn wide_corpus() -> Vec<Document> {
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let mut x = 99u64;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    (0..2500)
        .map(|i| {
            let mut body = String::new();
            for _ in 0..60 {
                let len = 3 + next(5);
                body.extend((0..len).map(|_| letters[next(letters.len() as u64) as usize]));
                body.push(' ');
            }
            if i % 50 == 0 {
                body.push_str("وصل المبعوث إلى طرابلس للقاء الحكومة");
            }
            Document::new(format!("w{i}"), format!("مقال {i}"), body)
        })
        .collect()
}

#[test]
fn a_cold_search_fetches_the_dictionaries_of_its_words_not_of_its_fallbacks() {
    let (manifest, files) = split_of(&wide_corpus());
    let dicts = files.keys().filter(|n| n.starts_with('d')).count();
    assert!(dicts >= 5, "the corpus should spread over many dictionaries; {dicts}");
    for q in ["طرابلس", "المبعوث", "طرا"] {
        let mut split = SplitIndex::open(&manifest).unwrap();
        let (r, fetched) = fetching(&mut split, &files, q, &SearchOptions::default());
        assert!(r.total >= 50, "«{q}»: {}", r.total); // «طرا» also begins random words
        let d = fetched.iter().filter(|n| n.starts_with('d')).count();
        // The word's own readings (with and without its clitics) fall in a dictionary or two;
        // typo tolerance and the keyboard layout are not tried while they are being fetched.
        assert!(d <= 2, "«{q}» fetched {d} of {dicts} dictionaries: {fetched:?}");
    }
}

#[test]
fn a_cold_search_fetches_postings_only_for_the_likely_readings() {
    // «الحكومة» reads as the article + «حكومة»: documents index it by its stem, so the whole
    // word is looked up in its dictionary but its postings are not fetched on speculation.
    let (manifest, files) = split_of(&wide_corpus());
    let postings = |q: &str| {
        let mut split = SplitIndex::open(&manifest).unwrap();
        let (r, mut fetched) = fetching(&mut split, &files, q, &SearchOptions::default());
        fetched.retain(|n| n.starts_with('p'));
        fetched.sort();
        (r.total, fetched)
    };
    let (n, stem) = postings("حكومة");
    assert_eq!(n, 50);
    for q in ["الحكومة", "والحكومة", "للحكومة"] {
        assert_eq!(postings(q), (50, stem.clone()), "«{q}»");
    }
    // Nor ahead of the next keystroke: once the dictionaries are here, a reading whose range
    // holds no term («الحكومه…») has no postings worth fetching.
    let mut split = SplitIndex::open(&manifest).unwrap();
    fetching(&mut split, &files, "الحكومة", &SearchOptions::default());
    let mut cands = Vec::new();
    fahras::analysis::prefix_terms(&fahras::analysis::normalize::light("الحكومة"), &mut cands);
    assert!(cands.len() >= 2, "the whole word and its stem");
    for c in &cands {
        let ahead: Vec<String> = split.prefetch_for(&c.term).iter().map(|f| split.file_name(f)).collect();
        assert!(ahead.iter().all(|n| !n.starts_with('p')), "{ahead:?}");
    }
}

/// Regression: a phrase asked for the positions files of its words one per step, and ran out of
/// steps («a search kept needing more shards») when its words had many readings: on 2,000 real
/// articles, «"مؤتمر برلين"» matched nothing, and its typo readings needed nine files.
#[test]
fn a_phrase_asks_for_all_its_positions_at_once() {
    let docs = wide_corpus();
    let mut b = both(&docs);
    // Six adjacent random words of one article: rare words, spread over the dictionary.
    let words: Vec<&str> = docs[7].body.split(' ').take(6).collect();
    let q = format!("\"{}\"", words.join(" "));
    let (one, split) = run(&mut b, &q, &SearchOptions::default());
    assert_eq!(one, split);
    assert!(one.hits.iter().any(|h| h.id == "w7"), "{q}: {:?}", one.hits);
    // Step by step on a cold index: which step asks for positions files.
    let mut cold = SplitIndex::open(&split_of(&docs).0).unwrap();
    let mut searcher = Searcher::new();
    let mut asks = Vec::new();
    while let Step::Need(ids) = searcher.step(&cold, &q, &SearchOptions::default()) {
        let names: Vec<String> = ids.iter().map(|id| cold.file_name(id)).collect();
        asks.push(names.iter().filter(|n| n.starts_with('q')).count());
        for n in names {
            cold.add_shard(&n, b.files[&n].clone()).unwrap();
        }
        assert!(asks.len() < 20, "the search never ends: {asks:?}");
    }
    let steps_with_positions = asks.iter().filter(|&&n| n > 0).count();
    assert!(asks.iter().sum::<usize>() >= 3, "the words should lie in several positions files: {asks:?}");
    assert_eq!(steps_with_positions, 1, "positions files asked for per step: {asks:?}");
}
