//! What each fuzz target does with its input, and the properties it checks beyond "no panic".
//!
//! This file is compiled twice: by the `fahras-fuzz` crate (nightly, libFuzzer) and, through
//! `#[path]`, by `index-builder/tests/fuzz_regressions.rs`, which replays every input saved
//! under `fuzz/regressions/<target>/` on stable Rust as part of the ordinary test command.
//!
//! Inputs that are index files come in two kinds. `*_raw` targets hand the bytes over as they
//! are: they explore the header, the version checks and the checksums. `*_mutated` targets start
//! from a valid index, flip the bytes the input names, then recompute the checksums, so that the
//! damage reaches the decoders behind them (postings, positions, the document store, the
//! manifest's layout). The two `fst` sections are left to their checksum: `fst` trusts its
//! bytes, and the CRC-32 is the guard the format puts in front of it.

#![allow(dead_code)]

use fahras::analysis::{self, alphabet, normalize, stem, tokenize};
use fahras::index::format::{self, Header, SectionKind, HEADER_LEN, SECTION_ENTRY_LEN};
use fahras::index::split::{SplitFiles, SplitIndex};
use fahras::search::step::search_split;
use fahras::{Document, Index, IndexWriter, SearchOptions, SearchResults, Searcher};
use std::sync::OnceLock;

const FIXTURES: [&str; 8] = [
    include_str!("../../tests/fixtures/news/01-hukuma.txt"),
    include_str!("../../tests/fixtures/news/02-tarabulus.txt"),
    include_str!("../../tests/fixtures/news/03-berlin.txt"),
    include_str!("../../tests/fixtures/news/04-nato.txt"),
    include_str!("../../tests/fixtures/news/05-kura.txt"),
    include_str!("../../tests/fixtures/news/06-iqtisad.txt"),
    include_str!("../../tests/fixtures/news/07-tashkeel.txt"),
    include_str!("../../tests/fixtures/news/08-mixed.txt"),
];

/// The fixture articles, plus a few hostile ones, as documents.
fn docs() -> Vec<Document> {
    let mut out: Vec<Document> = FIXTURES
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
            let mut d = Document::new(format!("f{i}"), title.trim(), body.trim());
            d.url = format!("/news/{i}.html");
            d.date = format!("2026-11-{:02}", 20 + i);
            d.add_filter("category", ["سياسة", "اقتصاد", "رياضة"][i % 3]);
            if i % 2 == 0 {
                d.add_filter("category", "دولي");
            }
            d
        })
        .collect();
    let mut evil = Document::new(
        "evil",
        "<script>alert(1)</script> عنوان \u{202E}معكوس",
        "نص <img src=x onerror=alert(1)> فيه الحكومة و\"اقتباس\" & رمز 'مفرد'",
    );
    evil.url = "javascript:alert(1)".into();
    out.push(evil);
    out
}

fn single() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut w = IndexWriter::new();
        for d in docs() {
            w.add(d);
        }
        w.finish().expect("the fixture index builds")
    })
}

fn split() -> &'static SplitFiles {
    static FILES: OnceLock<SplitFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut w = IndexWriter::new();
        for d in docs() {
            w.add(d);
        }
        w.finish_split().expect("the fixture index splits").0
    })
}

/// Queries every opened index answers, between them reaching every decoder: a word with its
/// clitics (postings, the store, excerpts), a prefix (the heavy-prefix table), a typo (the
/// fuzzy walk of the dictionary), a phrase (positions). The search target covers the rest.
const QUERIES: [&str; 4] = ["وللحكومة", "طرا", "برلن", "\"مؤتمر برلين\""];

fn options() -> [SearchOptions; 1] {
    [SearchOptions { limit: 20, ..SearchOptions::default() }]
}

/// What every search result must satisfy, whatever the index and the query.
fn check_results(r: &SearchResults, opts: &SearchOptions) {
    assert!(r.hits.len() <= opts.limit, "{} hits over the limit {}", r.hits.len(), opts.limit);
    assert!(r.hits.len() <= r.total.saturating_sub(opts.offset.min(r.total)) || r.total == 0 && r.hits.is_empty());
    for h in &r.hits {
        assert!(h.score.is_finite(), "score {}", h.score);
        check_marked_html(&h.excerpt);
        check_marked_html(&h.title_html);
    }
    for w in r.hits.windows(2) {
        assert!(w[0].score >= w[1].score, "hits out of order: {} < {}", w[0].score, w[1].score);
    }
}

/// Escaped text whose only markup is balanced, unnested `<mark>` elements.
fn check_marked_html(html: &str) {
    let mut open = false;
    let mut rest = html;
    while let Some(i) = rest.find(['<', '>', '"', '\'', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}']) {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("<mark>") {
            assert!(!open, "nested <mark> in {html:?}");
            open = true;
            rest = after;
        } else if let Some(after) = tail.strip_prefix("</mark>") {
            assert!(open, "stray </mark> in {html:?}");
            open = false;
            rest = after;
        } else {
            panic!("unescaped markup or bidi override at byte {} of {html:?}", html.len() - tail.len());
        }
    }
    assert!(!open, "unclosed <mark> in {html:?}");
}

fn search_all(index: &Index) {
    for opts in options() {
        for q in QUERIES {
            if let Ok(r) = index.search(q, &opts) {
                check_results(&r, &opts);
            }
        }
    }
    for i in 0..index.doc_count().min(64) {
        let _ = index.doc(i);
    }
}

/// `data` as an index file.
pub fn index_raw(data: &[u8]) {
    if let Ok(index) = Index::open(data.to_vec()) {
        let _ = index.verify();
        search_all(&index);
    }
}

/// Applies `data` to `file` as edits (4 bytes each: a 24-bit offset into the sections, taken
/// modulo their length, and a byte to XOR there), then recomputes the checksums of every
/// section but the `fst` ones, and of the header.
fn mutate(file: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = file.to_vec();
    let Ok(h) = Header::decode(file) else { return out };
    let body = HEADER_LEN + h.sections.len() * SECTION_ENTRY_LEN;
    if out.len() <= body {
        return out;
    }
    for e in data.chunks_exact(4) {
        let at = u32::from_le_bytes([e[0], e[1], e[2], 0]) as usize % (out.len() - body);
        out[body + at] ^= e[3];
    }
    let mut h2 = h.clone();
    for s in &mut h2.sections {
        if !matches!(s.kind, SectionKind::Terms | SectionKind::Prefixes) {
            s.crc = format::crc(&out[s.offset as usize..(s.offset + s.len) as usize]);
        }
    }
    let header = h2.encode();
    out[..header.len()].copy_from_slice(&header);
    out
}

/// The fixture index, damaged by `data` behind fixed-up checksums.
pub fn index_mutated(data: &[u8]) {
    index_raw(&mutate(single(), data));
}

fn loader(files: &[(String, Vec<u8>)]) -> impl FnMut(&str) -> fahras::Result<Vec<u8>> + '_ {
    move |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| fahras::Error::NotLoaded { file: name.to_string() })
    }
}

fn search_split_all(manifest: &[u8], files: &[(String, Vec<u8>)]) {
    let Ok(mut s) = SplitIndex::open(manifest) else { return };
    let _ = s.shards();
    let mut searcher = Searcher::new();
    for q in QUERIES {
        let _ = s.prefetch_for(analysis::term(q).as_slice());
        for opts in options() {
            if let Ok(r) = search_split(&mut searcher, &mut s, q, &opts, &mut loader(files)) {
                check_results(&r, &opts);
            }
        }
    }
}

/// `data` as a manifest (first byte even) or as one file of the fixture split index's shards
/// directory (first byte odd; the second byte picks which).
pub fn split_raw(data: &[u8]) {
    let sf = split();
    match data {
        [m, rest @ ..] if m % 2 == 0 => search_split_all(rest, &sf.shards),
        [_, pick, rest @ ..] => {
            let mut files = sf.shards.clone();
            let i = *pick as usize % files.len();
            files[i].1 = rest.to_vec();
            search_split_all(&sf.manifest, &files);
        }
        _ => {}
    }
}

/// One file of the fixture split index (the first byte picks it; 0 is the manifest), damaged
/// by the rest of `data` behind fixed-up checksums.
pub fn split_mutated(data: &[u8]) {
    let sf = split();
    let Some((&pick, edits)) = data.split_first() else { return };
    let i = pick as usize % (sf.shards.len() + 1);
    if i == 0 {
        search_split_all(&mutate(&sf.manifest, edits), &sf.shards);
    } else {
        let mut files = sf.shards.clone();
        files[i - 1].1 = mutate(&files[i - 1].1, edits);
        search_split_all(&sf.manifest, &files);
    }
}

/// A query with options (the first four bytes), run on the fixture index whole and split:
/// both must give the same answer, and it must be well-formed.
pub fn search(data: &[u8]) {
    let [a, b, c, d, rest @ ..] = data else { return };
    let categories = ["سياسة", "اقتصاد", "رياضة", "دولي", "غير موجود"];
    let opts = SearchOptions {
        limit: usize::from(a % 16) + 1,
        offset: usize::from(b % 8),
        excerpt_words: usize::from(c % 64),
        excerpts: d & 1 != 0,
        typo: d & 2 != 0,
        keyboard: d & 4 != 0,
        completions: usize::from(d >> 3),
        filters: match a >> 4 {
            0..=7 => vec![],
            x => vec![("category".into(), categories[usize::from(x) % categories.len()].into())],
        },
        from: (b & 0x80 != 0).then(|| fahras::index::date::parse("2026-11-22").unwrap().day),
        sort: [fahras::search::Sort::Relevance, fahras::search::Sort::Newest, fahras::search::Sort::Oldest]
            [usize::from(b >> 4 & 3) % 3],
        facets: c & 0x80 != 0,
        ..SearchOptions::default()
    };
    let query = String::from_utf8_lossy(rest);
    static INDEX: OnceLock<Index> = OnceLock::new();
    let index = INDEX.get_or_init(|| Index::open(single().to_vec()).expect("the fixture index opens"));
    let whole = index.search(&query, &opts).expect("a search of a sound index succeeds");
    check_results(&whole, &opts);
    let sf = split();
    let mut s = SplitIndex::open(&sf.manifest).expect("the fixture manifest opens");
    let parts = search_split(&mut Searcher::new(), &mut s, &query, &opts, &mut loader(&sf.shards))
        .expect("a split search succeeds");
    let key = |r: &SearchResults| {
        (
            r.total,
            r.rewrite,
            r.ran_as.clone(),
            r.hits.iter().map(|h| (h.id.clone(), h.excerpt.clone())).collect::<Vec<_>>(),
        )
    };
    assert_eq!(key(&whole), key(&parts), "the whole and the split index disagree on {query:?}");
}

/// A lexicon that has seen every word: the document side strips whatever the rules allow.
struct Everything;
impl stem::Lexicon for Everything {
    fn count(&self, _: &str) -> u32 {
        1000
    }
}

/// Text through the analyzer: spans, normalization, stems and terms.
pub fn analyzer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut last_end = 0;
    let w = stem::Weights::default();
    tokenize::tokenize(&text, |word| {
        assert!(word.start < word.end && word.end <= text.len(), "span {}..{}", word.start, word.end);
        assert!(word.start >= last_end, "spans overlap");
        assert!(text.is_char_boundary(word.start) && text.is_char_boundary(word.end));
        assert!(!word.light.is_empty());
        last_end = word.end;
        // Normalizing is a fixed point: the light form reads back as itself, one word.
        let again = tokenize::words(word.light);
        assert_eq!(again.len(), 1, "{:?} re-tokenizes as {again:?}", word.light);
        assert_eq!(again[0].2, word.light, "light normalization is not idempotent");
        // The encoding of a term decodes and re-encodes to itself.
        let t = analysis::term(word.light);
        assert_eq!(alphabet::encode(&alphabet::decode(&t)), t);
        // Whatever the document side indexes for a word, typing the word finds it.
        let mut q = Vec::new();
        analysis::query_terms(word.light, &mut q);
        for lex in [&stem::NoLexicon as &dyn stem::Lexicon, &Everything] {
            let (st, _) = stem::doc_stem(word.light, lex, &w);
            let dt = analysis::term(&st);
            assert!(
                dt.is_empty() || dt == t || q.iter().any(|c| c.term == dt),
                "{:?} is indexed as {st:?}, which the query side never reaches",
                word.light
            );
        }
        let mut p = Vec::new();
        analysis::prefix_terms(word.light, &mut p);
        assert!(p.iter().any(|c| t.starts_with(&c.term)), "no prefix reading of {:?} leads to it", word.light);
    });
    let _ = normalize::light(&text);
}

/// A line of JSON Lines.
pub fn read_jsonl(data: &[u8]) {
    let _ = index_builder::input::jsonl::parse_line(data, "fuzz.jsonl", 1);
}

/// A Markdown file with front matter.
pub fn read_markdown(data: &[u8]) {
    let _ = index_builder::input::md::parse(&String::from_utf8_lossy(data), "fuzz.md");
}

/// An HTML page.
pub fn read_html(data: &[u8]) {
    let doc = index_builder::input::html::extract(&String::from_utf8_lossy(data));
    assert!(!doc.title.contains('\n'), "the title is one line");
    let declared = doc.filters.iter().chain(&doc.meta).flat_map(|(k, v)| [k, v]).chain(&doc.categories);
    for v in declared {
        assert!(!v.is_empty() && v.len() <= 4096, "declared values and categories are not empty and short: {v:?}");
        assert!(!v.contains('\n') && v.trim() == v, "declared values and categories are one trimmed line: {v:?}");
    }
}

/// What pages show of corpus text: escaped text, and the words destination highlighting marks
/// (whole words, in order, on character boundaries, whatever the query and the text). (Links
/// are checked by fahras-embed.js's own tests.)
pub fn render(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_marked_html(&fahras::search::excerpt::escape(&text));
    let (query, body) = text.split_at(text.char_indices().nth(text.chars().count() / 3).map_or(0, |(i, _)| i));
    for (q, t) in [(query, body), (&text[..], &text[..])] {
        let mut last = 0;
        for (s, e) in fahras::search::destination::marks(q, t) {
            assert!(last <= s && s < e && e <= t.len(), "{s}..{e} after {last} in {} bytes", t.len());
            assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
            last = e;
        }
    }
}

/// A fuzz target's check.
pub type Check = fn(&[u8]);

/// Every target by name, for the regression replay.
pub const TARGETS: [(&str, Check); 10] = [
    ("index_raw", index_raw),
    ("index_mutated", index_mutated),
    ("split_raw", split_raw),
    ("split_mutated", split_mutated),
    ("search", search),
    ("analyzer", analyzer),
    ("read_jsonl", read_jsonl),
    ("read_markdown", read_markdown),
    ("read_html", read_html),
    ("render", render),
];

/// Runs target `name` on `data` (for the regression replay).
pub fn run(name: &str, data: &[u8]) {
    let (_, f) = TARGETS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("unknown fuzz target {name}"));
    f(data)
}
