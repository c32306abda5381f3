//! Warm keystrokes on a split index, natively: every prefix of the 50 words
//! `bench/scale-browser.mjs` types (the box's options: 10 hits, no facets), a pass that loads
//! the shards, then timed passes with every shard at hand and no memory budget. Prints the
//! median and p95, and the slowest keystrokes.
//!
//! ```text
//! cargo run --release --example split_keystrokes -- DIR/index.fahras [--passes 3] [--no-excerpts]
//! ```

use fahras::index::split::SplitIndex;
use fahras::index::Searchable;
use fahras::search::step::search_split;
use fahras::{SearchOptions, Searcher};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

const WORDS: [&str; 50] = [
    "الحكومة",
    "طرا",
    "حكومة",
    "مؤتمر",
    "برلين",
    "وقف",
    "إطلاق",
    "بروكسل",
    "ال",
    "م",
    "ستولتنبرع",
    "طرابلس",
    "fvgdk",
    "اقتصاد",
    "كرة",
    "القدم",
    "بالرياض",
    "والاقتصاد",
    "السعودية",
    "الرئيس",
    "وزير",
    "الأمم",
    "المتحدة",
    "مصر",
    "سوريا",
    "لبنان",
    "الرياض",
    "الانتخابات",
    "البرلمان",
    "النفط",
    "الأسعار",
    "المنتخب",
    "الدوري",
    "مباراة",
    "الشرطة",
    "الجيش",
    "المعارضة",
    "تونس",
    "الليبية",
    "اتفاق",
    "مجلس",
    "الأمن",
    "الخارجية",
    "الصحة",
    "التعليم",
    "الشركة",
    "البنك",
    "الدولار",
    "العراق",
    "إيران",
];

fn gunzip(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).expect("valid gzip");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let entry = PathBuf::from(args.first().expect("usage: split_keystrokes DIR/index.fahras [--passes N]"));
    let passes: usize = args
        .iter()
        .position(|a| a == "--passes")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let excerpts = !args.iter().any(|a| a == "--no-excerpts");
    let dir = PathBuf::from(format!("{}.shards", entry.display()));
    let mut split = SplitIndex::open(&gunzip(std::fs::read(&entry).expect("the manifest"))).expect("a split index");
    split.set_memory(usize::MAX);
    let mut load = |name: &str| Ok(gunzip(std::fs::read(dir.join(name)).expect("a shard")));
    let keys: Vec<String> = WORDS
        .iter()
        .flat_map(|w| {
            let cs: Vec<char> = w.chars().collect();
            (1..=cs.len()).map(move |k| cs[..k].iter().collect::<String>())
        })
        .collect();
    let opts = SearchOptions { limit: 10, facets: false, excerpts, ..SearchOptions::default() };
    let mut searcher = Searcher::new();
    for k in &keys {
        search_split(&mut searcher, &mut split, k, &opts, &mut load).expect("search");
    }
    let mut best = vec![f64::MAX; keys.len()];
    let mut all = Vec::new();
    for _ in 0..passes {
        for (i, k) in keys.iter().enumerate() {
            let t = Instant::now();
            let r = search_split(&mut searcher, &mut split, k, &opts, &mut load).expect("search");
            let ms = t.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(r);
            all.push(ms);
            best[i] = best[i].min(ms);
        }
    }
    all.sort_by(f64::total_cmp);
    let q = |v: &[f64], p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    let mut b = best.clone();
    b.sort_by(f64::total_cmp);
    println!(
        "{} documents, {} keystrokes x {passes} passes: median {:.3} ms, p95 {:.3} ms; each one's best: median {:.3}, p95 {:.3} ms",
        split.stats().live,
        keys.len(),
        q(&all, 0.5),
        q(&all, 0.95),
        q(&b, 0.5),
        q(&b, 0.95)
    );
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&x, &y| best[y].total_cmp(&best[x]));
    for &i in order.iter().take(12) {
        println!("  {} {:.3} ms", keys[i], best[i]);
    }
}
