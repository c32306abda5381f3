//! What a cold page fetches to answer a query on a split index: which files, how many bytes
//! (gzipped, as served), in how many rounds (each round is a network round trip in the
//! browser, whose searches run the same way: search, fetch what is missing, search again).
//!
//! ```text
//! cargo run --release --example cold_query -- DIR/index.fahras [--limit 5] [--excerpts] [--no-facets] QUERY...
//! ```
//!
//! Facet counts are asked, as the search page does (they fetch the columns shard, `c…`);
//! `--no-facets` asks as the box does. Each query starts from a cold cache (only the manifest). Add `--keys` to type each query
//! letter by letter on one page instead (a warm cache between keystrokes, as a reader's).

use fahras::index::split::SplitIndex;
use fahras::search::step::Step;
use fahras::{SearchOptions, Searcher};
use std::path::{Path, PathBuf};

mod support;
use support::gunzip;

struct Cold {
    split: SplitIndex,
    searcher: Searcher,
    dir: PathBuf,
    files: Vec<(String, u64)>,
    rounds: usize,
}

impl Cold {
    fn open(entry: &Path) -> Cold {
        let manifest = std::fs::read(entry).expect("the manifest");
        let split = SplitIndex::open(&gunzip(&manifest)).expect("a split index");
        let dir = PathBuf::from(format!("{}.shards", entry.display()));
        Cold {
            split,
            searcher: Searcher::new(),
            dir,
            files: vec![("manifest".into(), manifest.len() as u64)],
            rounds: 0,
        }
    }

    fn search(&mut self, q: &str, opts: &SearchOptions) -> fahras::SearchResults {
        loop {
            let missing = match self.searcher.step(&self.split, q, opts) {
                Step::Done(res) => return res.expect("search"),
                Step::Need(missing) => missing,
            };
            self.rounds += 1;
            for id in missing {
                let name = self.split.file_name(&id);
                let bytes = std::fs::read(self.dir.join(&name)).expect("a shard");
                self.files.push((name.clone(), bytes.len() as u64));
                self.split.add_shard(&name, gunzip(&bytes)).expect("a sound shard");
            }
        }
    }

    fn report(&self, what: &str, total: usize) {
        let mut by_kind: std::collections::BTreeMap<char, (usize, u64)> = Default::default();
        for (n, b) in &self.files {
            let e = by_kind.entry(n.chars().next().unwrap_or('?')).or_default();
            e.0 += 1;
            e.1 += b;
        }
        let bytes: u64 = self.files.iter().map(|f| f.1).sum();
        let kinds: Vec<String> = by_kind
            .iter()
            .map(|(k, (n, b))| {
                let name = match k {
                    'd' => "dictionary",
                    'p' => "postings",
                    'q' => "positions",
                    'g' => "documents",
                    'c' => "columns",
                    _ => "manifest",
                };
                format!("{name} {n} / {:.1} kB", *b as f64 / 1000.0)
            })
            .collect();
        println!(
            "{what}: {total} hits; {} files, {:.1} kB, {} rounds ({})",
            self.files.len(),
            bytes as f64 / 1000.0,
            self.rounds,
            kinds.join(", ")
        );
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = SearchOptions { limit: 5, ..SearchOptions::default() };
    let mut keys = false;
    let mut excerpts = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--limit" => {
                opts.limit = args[i + 1].parse().expect("--limit N");
                args.drain(i..i + 2);
            }
            "--keys" => {
                keys = true;
                args.remove(i);
            }
            "--excerpts" => {
                excerpts = true;
                args.remove(i);
            }
            "--no-facets" => {
                opts.facets = false;
                args.remove(i);
            }
            _ => i += 1,
        }
    }
    opts.excerpts = excerpts;
    let (entry, queries) = args.split_first().expect("usage: cold_query INDEX QUERY...");
    for q in queries {
        let mut cold = Cold::open(Path::new(entry));
        if keys {
            let chars: Vec<char> = q.chars().collect();
            let mut total = 0;
            for k in 1..=chars.len() {
                total = cold.search(&chars[..k].iter().collect::<String>(), &opts).total;
            }
            cold.report(&format!("«{q}» typed key by key"), total);
        } else {
            let total = cold.search(q, &opts).total;
            cold.report(&format!("«{q}»"), total);
        }
    }
}
