//! Per-keystroke latency on an index: types real words letter by letter (every prefix, from
//! one letter) and times each search, as a reader's search box would run it.
//!
//! ```text
//! cargo run --release --example keystrokes -- INDEX.fahras [--words 50] [--passes 3] [--excerpts]
//! ```
//!
//! The words are the peers harness's ten seed-article words plus words sampled from the
//! index's own documents (seeded; weighted by log frequency; 4–10 letters; the 150 most
//! frequent words left out), the same recipe as `../shared/peers/lib/corpus.mjs`.

use fahras::analysis::normalize::is_arabic_letter;
use fahras::{Index, SearchOptions};
use std::collections::HashMap;
use std::time::Instant;

mod support;
use support::{keystrokes, pct};

const SEED_WORDS: [&str; 10] =
    ["ستولتنبرغ", "طرابلس", "الحكومة", "مليشيا", "الأطلسي", "برلين", "المفاوضات", "السراج", "العسكرية", "المتحدة"];

fn mulberry32(mut a: u32) -> impl FnMut() -> f64 {
    move || {
        a = a.wrapping_add(0x6d2b79f5);
        let mut t = a;
        t = (t ^ (t >> 15)).wrapping_mul(1 | t);
        t = (t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t))) ^ t;
        f64::from(t ^ (t >> 14)) / 4294967296.0
    }
}

fn sample_words(index: &Index, n: usize) -> Vec<String> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for d in 0..index.doc_count() {
        let doc = index.doc(d).expect("document");
        for text in [doc.title, doc.body] {
            let mut w = String::new();
            for c in text.chars().chain(std::iter::once(' ')) {
                if ('\u{0621}'..='\u{064A}').contains(&c) {
                    w.push(c);
                } else if !w.is_empty() {
                    *counts.entry(std::mem::take(&mut w)).or_default() += 1;
                }
            }
        }
    }
    let mut by_freq: Vec<(String, u32)> = counts.into_iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = by_freq.iter().take(150).map(|x| x.0.clone()).collect();
    let mut pool: Vec<(String, f64)> = by_freq
        .into_iter()
        .filter(|(w, c)| {
            let len = w.chars().count();
            *c >= 3
                && (4..=10).contains(&len)
                && !top.contains(w)
                && !SEED_WORDS.contains(&w.as_str())
                && w.chars().all(is_arabic_letter)
        })
        .map(|(w, c)| (w, (1.0 + f64::from(c)).ln()))
        .collect();
    let mut rng = mulberry32(42);
    let mut words: Vec<String> = SEED_WORDS.iter().map(|s| s.to_string()).collect();
    while words.len() < n && !pool.is_empty() {
        let total: f64 = pool.iter().map(|x| x.1).sum();
        let mut r = rng() * total;
        let mut i = 0;
        while i < pool.len() - 1 {
            r -= pool[i].1;
            if r <= 0.0 {
                break;
            }
            i += 1;
        }
        words.push(pool.remove(i).0);
    }
    words
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("usage: keystrokes INDEX [--words N] [--passes N] [--excerpts]");
    let opt = |k: &str, d: usize| {
        args.iter().position(|a| a == k).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(d)
    };
    let n_words = opt("--words", 50);
    let passes = opt("--passes", 3);
    let excerpts = args.iter().any(|a| a == "--excerpts");
    let index = Index::open(std::fs::read(path).expect("read index")).expect("open index");
    let words = sample_words(&index, n_words);
    let keys = keystrokes(&words);
    let opts = SearchOptions { excerpts, ..SearchOptions::default() };
    for k in &keys {
        index.search(k, &opts).expect("search"); // warm-up
    }
    let mut times: Vec<(f64, &str)> = Vec::new();
    let mut short: Vec<f64> = Vec::new();
    for _ in 0..passes {
        for k in &keys {
            let t = Instant::now();
            let r = index.search(k, &opts).expect("search");
            let ms = t.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(r);
            times.push((ms, k));
            if k.chars().count() <= 2 {
                short.push(ms);
            }
        }
    }
    let mut all: Vec<f64> = times.iter().map(|t| t.0).collect();
    all.sort_by(f64::total_cmp);
    short.sort_by(f64::total_cmp);
    println!(
        "{} docs, {} words, {} keystrokes x {} passes{}: median {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms; 1-2 letter prefixes median {:.3} ms, p95 {:.3} ms",
        index.doc_count(),
        words.len(),
        keys.len(),
        passes,
        if excerpts { " (with excerpts)" } else { "" },
        pct(&all, 0.5),
        pct(&all, 0.95),
        pct(&all, 0.99),
        all[all.len() - 1],
        pct(&short, 0.5),
        pct(&short, 0.95)
    );
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut shown = Vec::new();
    for (ms, k) in &times {
        if !shown.contains(k) {
            shown.push(*k);
            println!("  slowest: {k} {ms:.3} ms");
        }
        if shown.len() == 8 {
            break;
        }
    }
}
