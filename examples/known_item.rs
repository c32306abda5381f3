//! Known-item evaluation: can a reader find a story they remember from two or three of its
//! words, typed as readers type them?
//!
//! ```text
//! cargo run --release --example known_item -- CORPUS.jsonl[.gz] INDEX.fahras \
//!     [--split dev|test] [--queries 600] [--seed 11] [--misses N] [--diag] [--print]
//! ```
//! (`scripts/eval-known-item` builds the index and runs this.) `--misses N` shows the first N
//! queries whose story is not first, with the hits above it; `--diag` where each story ranks
//! among all matches, and how many documents match; `--print` only lists the queries.
//!
//! Queries are generated from the corpus, with a fixed seed, half from titles and half from
//! bodies:
//!
//! * **a story**: an article whose title has at least three words and whose body at least 40;
//!   articles are split in two halves by a hash of their id: `dev` (to look at and tune on) and
//!   `test` (held out: the figures reported);
//! * **its words**: two or three (even odds) content words of the title, in their order, either
//!   adjacent or not (even odds); or of the body, drawn as a reader remembers a story, by its
//!   distinctive words: weights `tf · ln(N / df)` (the "tf-idf" term selection of simulated
//!   known-item queries, Azzopardi, de Rijke and Balog, SIGIR 2007), without replacement, then
//!   put in the order of the text. A content word has three letters or more, Arabic letters
//!   only, and is not one of the 150 most frequent words of the corpus;
//! * **as a reader types them**: diacritics and tatweel dropped; the article and proclitics
//!   stripped («والحكومة» → «حكومة») and pronoun suffixes too («حكومتها» → «حكومة») when the
//!   corpus shows the rest as a word of its own (at least as often as the whole word: a rule of
//!   this example, not Fahras's stemmer); per query, hamza seats dropped (أ إ آ → ا) half of
//!   the time, ة typed ه a third of the time and ى typed ي a fifth of the time; and the last word
//!   cut short four times in five (keeping at least three letters and half the word), since a
//!   search box searches as the reader types.
//!
//! A query finds its story when a hit has the story's title (light-normalized words): wire
//! copies of one story under one title count as the same story. The figure is MRR@10 (the mean
//! of 1/rank of the first such hit, 0 past ten), for title-word and body-word queries apart, with
//! the share found first and found in the top ten.

use fahras::analysis::normalize::is_arabic_letter;
use fahras::analysis::tokenize::tokenize;
use fahras::{Index, SearchOptions, Searcher};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

struct Article {
    id: String,
    title: String,
    body: String,
}

fn load(path: &str) -> Vec<Article> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    let reader: Box<dyn Read> =
        if path.ends_with(".gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    let mut out = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line.expect("read corpus line");
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let id = match v.get("id") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        out.push(Article { id, title: s("title"), body: s("body") });
    }
    out
}

/// splitmix64: a small seeded generator, the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// FNV-1a of the id: which half an article belongs to, whatever the order of the corpus.
fn half(id: &str) -> &'static str {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    if h % 2 == 0 {
        "dev"
    } else {
        "test"
    }
}

fn lights(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize(text, |w| out.push(w.light.to_string()));
    out
}

/// What identifies a story: the light words of its title.
fn story_key(title: &str) -> String {
    lights(title).join(" ")
}

const ARTICLES: &[&str] = &["وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال"];
const LETTERS: &[&str] = &["و", "ف", "ب", "ل", "ك"];
const SUFFIXES: &[&str] = &["هما", "هم", "ها", "هن", "كم", "نا", "ه"];

/// The word a reader types for `w` (light-normalized, as written in the text): without the
/// article, proclitics and pronoun suffixes the corpus shows are ones.
fn as_typed_stem(w: &str, counts: &HashMap<String, u32>) -> String {
    let n = |s: &str| counts.get(s).copied().unwrap_or(0);
    let mut word = w.to_string();
    for p in ARTICLES {
        if let Some(rest) = word.strip_prefix(p) {
            let with_article = if *p == "ال" { 0 } else { n(&format!("ال{rest}")) };
            if rest.chars().count() >= 2 && (n(rest) + with_article) * 20 >= n(&word).max(1) {
                word = rest.to_string();
                break;
            }
        }
    }
    if word.chars().count() == w.chars().count() {
        for p in LETTERS {
            if let Some(rest) = word.strip_prefix(p) {
                let whole = n(&word);
                if rest.chars().count() >= 3 && n(rest) + n(&format!("ال{rest}")) >= whole.max(1) {
                    word = rest.to_string();
                }
                break;
            }
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = word.strip_suffix(s) {
            let rest = match rest.strip_suffix('ت') {
                Some(r) if n(&format!("{r}ة")) > n(rest) => format!("{r}ة"),
                _ => rest.to_string(),
            };
            if rest.chars().count() >= 3 && n(&rest) + n(&format!("ال{rest}")) >= n(&word).max(1) * 2 {
                word = rest;
            }
            break;
        }
    }
    word
}

#[derive(Clone)]
struct Query {
    text: String,
    story: String,
    kind: &'static str,
    doc: usize,
}

fn generate(
    arts: &[Article],
    split: &str,
    per_kind: usize,
    seed: u64,
    counts: &HashMap<String, u32>,
    df: &HashMap<String, u32>,
    stop: &std::collections::HashSet<String>,
) -> Vec<Query> {
    let n_docs = arts.len() as f64;
    let mut rng = Rng(seed);
    let pool: Vec<usize> = (0..arts.len()).filter(|&i| half(&arts[i].id) == split).collect();
    let content = |w: &String| w.chars().count() >= 3 && w.chars().all(is_arabic_letter) && !stop.contains(w);
    let mut out = Vec::new();
    for kind in ["title", "body"] {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < per_kind * 50 {
            tries += 1;
            let a = &arts[pool[rng.below(pool.len())]];
            let title = lights(&a.title);
            let body = lights(&a.body);
            if title.len() < 3 || body.len() < 40 {
                continue;
            }
            // Per distinct content word, its weight: ln(N / df), times its count in the body.
            let mut tfs: Vec<(String, f64)> = Vec::new();
            let source: Vec<String> = if kind == "title" {
                title.iter().filter(|w| content(w)).cloned().collect()
            } else {
                for w in body.iter().filter(|w| content(w)) {
                    match tfs.iter_mut().find(|t| t.0 == *w) {
                        Some(t) => t.1 += 1.0,
                        None => tfs.push((w.clone(), 1.0)),
                    }
                }
                tfs.iter().map(|t| t.0.clone()).collect()
            };
            let k = if rng.chance(0.5) { 2 } else { 3 };
            if source.len() < k {
                continue;
            }
            let mut picked: Vec<usize> = if kind == "body" {
                // What a reader remembers of a story: its distinctive words, drawn with
                // weights tf · ln(N / df), without replacement.
                let mut weights: Vec<f64> = source
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let tf = tfs.get(i).map_or(1.0, |t| t.1);
                        tf * (n_docs / f64::from(df.get(w).copied().unwrap_or(1).max(1))).ln()
                    })
                    .collect();
                let mut idx = Vec::with_capacity(k);
                for _ in 0..k {
                    let total: f64 = weights.iter().sum();
                    let mut x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
                    let mut j = 0;
                    while j + 1 < weights.len() && (weights[j] == 0.0 || x >= weights[j]) {
                        x -= weights[j];
                        j += 1;
                    }
                    idx.push(j);
                    weights[j] = 0.0;
                }
                idx
            } else if rng.chance(0.5) {
                let start = rng.below(source.len() - k + 1);
                (start..start + k).collect()
            } else {
                let mut idx: Vec<usize> = (0..source.len()).collect();
                for i in 0..k {
                    let j = i + rng.below(idx.len() - i);
                    idx.swap(i, j);
                }
                idx.truncate(k);
                idx
            };
            picked.sort_unstable();
            let mut words: Vec<String> = picked.iter().map(|&i| as_typed_stem(&source[i], counts)).collect();
            if words.iter().any(|w| w.chars().count() < 3) {
                continue;
            }
            let no_hamza = rng.chance(0.5);
            let ha = rng.chance(1.0 / 3.0);
            let ya = rng.chance(0.2);
            for w in &mut words {
                *w = w
                    .chars()
                    .map(|c| match c {
                        'أ' | 'إ' | 'آ' if no_hamza => 'ا',
                        'ة' if ha => 'ه',
                        'ى' if ya => 'ي',
                        c => c,
                    })
                    .collect();
            }
            if rng.chance(0.8) {
                let last: Vec<char> = words[k - 1].chars().collect();
                let min = 3.max(last.len().div_ceil(2));
                if last.len() > min {
                    let keep = min + rng.below(last.len() - min);
                    words[k - 1] = last[..keep].iter().collect();
                }
            }
            let story = story_key(&a.title);
            let doc = arts.iter().position(|x| std::ptr::eq(x, a)).unwrap_or(0);
            out.push(Query { text: words.join(" "), story, kind, doc });
            made += 1;
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let corpus = args.first().expect("usage: known_item CORPUS INDEX [--split dev|test] [--queries N]");
    let index_path = args.get(1).expect("usage: known_item CORPUS INDEX");
    let split = flag("--split").unwrap_or_else(|| "test".into());
    let n: usize = flag("--queries").map_or(600, |s| s.parse().expect("--queries N"));
    let seed: u64 = flag("--seed").map_or(11, |s| s.parse().expect("--seed N"));
    let diag = args.iter().any(|a| a == "--diag");
    let misses: usize = flag("--misses").map_or(0, |s| s.parse().expect("--misses N"));

    let arts = load(corpus);
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut df: HashMap<String, u32> = HashMap::new();
    for a in &arts {
        let mut own = std::collections::HashSet::new();
        for t in [&a.title, &a.body] {
            tokenize(t, |w| {
                *counts.entry(w.light.to_string()).or_default() += 1;
                own.insert(w.light.to_string());
            });
        }
        for w in own {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&String, &u32)> = counts.iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let stop: std::collections::HashSet<String> = by_freq.iter().take(150).map(|x| x.0.clone()).collect();
    let queries = generate(&arts, &split, n / 2, seed, &counts, &df, &stop);
    if args.iter().any(|a| a == "--print") {
        for q in &queries {
            println!("{}\t{}\t{}", q.kind, q.text, arts[q.doc].title);
        }
        return;
    }
    let story_of: HashMap<&str, String> = arts.iter().map(|a| (a.id.as_str(), story_key(&a.title))).collect();

    let index = Index::open(std::fs::read(index_path).expect("read index")).expect("open index");
    let mut searcher = Searcher::new();
    let opts = SearchOptions { limit: 10, excerpts: false, facets: false, ..SearchOptions::default() };
    println!("{} articles; split {split}, seed {seed}, {} queries", arts.len(), queries.len());
    println!("| queries | n | MRR@10 | found first | in top 10 |");
    println!("|---|---|---|---|---|");
    let mut shown = 0;
    for kind in ["title", "body"] {
        let (mut rr, mut first, mut top, mut count) = (0.0, 0, 0, 0);
        let mut hist = [0usize; 5];
        let mut totals: Vec<usize> = Vec::new();
        let mut shown_unmatched = 0;
        for q in queries.iter().filter(|q| q.kind == kind) {
            let res = searcher.search(&index, &q.text, &opts).expect("search");
            let rank = res.hits.iter().position(|h| story_of.get(h.id.as_str()) == Some(&q.story));
            count += 1;
            if let Some(r) = rank {
                rr += 1.0 / (r + 1) as f64;
                top += 1;
                first += usize::from(r == 0);
            }
            if diag {
                let all = searcher
                    .search(&index, &q.text, &SearchOptions { limit: 100_000, ..opts.clone() })
                    .expect("search");
                let full = all.hits.iter().position(|h| story_of.get(h.id.as_str()) == Some(&q.story));
                let bucket = match full {
                    Some(0) => 0,
                    Some(1..=9) => 1,
                    Some(10..=99) => 2,
                    Some(_) => 3,
                    None => 4,
                };
                hist[bucket] += 1;
                totals.push(all.total);
                if full.is_none() && shown_unmatched < misses {
                    shown_unmatched += 1;
                    println!("unmatched [{kind}] «{}» — {}", q.text, arts[q.doc].title);
                }
            }
            if rank != Some(0) && shown < misses && !diag {
                shown += 1;
                println!(
                    "\n[{kind}] «{}» → rank {:?} of {} — {}",
                    q.text,
                    rank.map(|r| r + 1),
                    res.total,
                    arts[q.doc].title
                );
                for h in res.hits.iter().take(3) {
                    println!("    {:.2} {}", h.score, h.title);
                }
            }
        }
        if diag {
            totals.sort_unstable();
            println!(
                "{kind}: the story ranks 1st {}, 2-10 {}, 11-100 {}, past 100 {}, not matched {}; median matches {}",
                hist[0],
                hist[1],
                hist[2],
                hist[3],
                hist[4],
                totals.get(totals.len() / 2).copied().unwrap_or(0)
            );
        }
        println!(
            "| {kind} words | {count} | {:.3} | {:.1}% | {:.1}% |",
            rr / count.max(1) as f64,
            100.0 * first as f64 / count.max(1) as f64,
            100.0 * top as f64 / count.max(1) as f64
        );
    }
}
