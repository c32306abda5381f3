//! Measures the clitic stemmer against gold segmentations, beside Lucene's ArabicAnalyzer.
//!
//! ```text
//! cargo run --release --example gold -- ../shared/gold/wikinews-segmentation.tsv \
//!     [../shared/corpus/ant-news.jsonl.gz] [--tune]
//! ```
//!
//! The second argument is the corpus whose word counts serve as the lexicon (the document side
//! of Fahras always has one: the corpus it indexes). Without it the lexicon is empty.
//!
//! Figures printed, per word type and weighted by the gold `count` column:
//! * stem precision: of the words Fahras split, how many got exactly the gold stem;
//! * stem recall: of the words that carry a clitic, how many got exactly the gold stem;
//! * bare words kept: of the words without a clitic, how many were left whole;
//! * pair precision / recall: for every two gold words, do they share a term exactly when they
//!   share a gold stem? This is what search sees: a query finds a variant when both map to one
//!   term, and a wrong variant when two different stems collide.

use fahras::analysis::normalize::{final_char, light};
use fahras::analysis::stem::{choose, evidence, hedge, Evidence, Lexicon, Segmentation, Weights};
use std::collections::HashMap;

#[path = "support/mod.rs"]
mod support;
use support::{load_gold, load_lexicon, lucene, Row};

fn fold(s: &str) -> String {
    light(s).chars().map(final_char).collect()
}

/// The gold keeps a stem's last letter as the suffix wrote it («أدائ», «أعطا»); Fahras gives
/// back the letter of the free word («أداء», «أعطى»). Both are the same stem.
fn same_stem(ours: &str, gold: &str) -> bool {
    if ours == gold {
        return true;
    }
    let (mut a, mut b) = (ours.chars().collect::<Vec<_>>(), gold.chars().collect::<Vec<_>>());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let n = a.len() - 1;
    let canon = |c: char| match c {
        'ء' => 'ي',
        'ا' => 'ي',
        _ => c,
    };
    a[n] = canon(a[n]);
    b[n] = canon(b[n]);
    a == b
}

#[derive(Default, Debug)]
struct Score {
    stripped: f64,
    stripped_ok: f64,
    clitic: f64,
    clitic_ok: f64,
    bare: f64,
    bare_kept: f64,
}

impl Score {
    fn add(&mut self, r: &Row, ours: &str, w: f64) {
        let surface = fold(&r.surface);
        let ok = same_stem(ours, &fold(&r.stem));
        let stripped = ours != surface;
        if stripped {
            self.stripped += w;
            if ok {
                self.stripped_ok += w;
            }
        }
        if r.has_clitic {
            self.clitic += w;
            if ok {
                self.clitic_ok += w;
            }
        } else {
            self.bare += w;
            if !stripped {
                self.bare_kept += w;
            }
        }
    }
    fn p(&self) -> f64 {
        100.0 * self.stripped_ok / self.stripped.max(1.0)
    }
    fn r(&self) -> f64 {
        100.0 * self.clitic_ok / self.clitic.max(1.0)
    }
    fn kept(&self) -> f64 {
        100.0 * self.bare_kept / self.bare.max(1.0)
    }
}

/// Pairwise agreement: pairs of distinct gold words that share a gold stem should share a term
/// (recall); pairs that share a term should share a gold stem (precision).
fn pairs(rows: &[Row], terms: &[String]) -> (f64, f64) {
    let mut by_gold: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_term: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_gold.entry(fold(&r.stem)).or_default().push(i);
        by_term.entry(&terms[i]).or_default().push(i);
    }
    let count = |groups: Vec<&Vec<usize>>, other: &dyn Fn(usize) -> String| {
        let (mut all, mut agree) = (0u64, 0u64);
        for g in groups {
            for a in 0..g.len() {
                for b in a + 1..g.len() {
                    if fold(&rows[g[a]].surface) == fold(&rows[g[b]].surface) {
                        continue;
                    }
                    all += 1;
                    if other(g[a]) == other(g[b]) {
                        agree += 1;
                    }
                }
            }
        }
        100.0 * agree as f64 / all.max(1) as f64
    };
    let recall = count(by_gold.values().collect(), &|i| terms[i].clone());
    let precision = count(by_term.values().collect(), &|i| fold(&rows[i].stem));
    (precision, recall)
}

/// Per word: its characters and the evidence for each split (independent of the weights).
fn features(rows: &[Row], lex: &dyn Lexicon) -> Vec<(Vec<char>, Vec<Evidence>)> {
    rows.iter()
        .map(|r| {
            let chars: Vec<char> = light(&r.surface).chars().collect();
            let mut ev = Vec::new();
            evidence(&chars, lex, &mut ev);
            (chars, ev)
        })
        .collect()
}

/// [`pairs`] for words indexed under several terms.
fn pairs_multi(rows: &[Row], sets: &[Vec<String>]) -> (f64, f64) {
    let share = |a: usize, b: usize| sets[a].iter().any(|t| sets[b].contains(t));
    let mut by_gold: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_term: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_gold.entry(fold(&r.stem)).or_default().push(i);
        for t in &sets[i] {
            by_term.entry(t).or_default().push(i);
        }
    }
    let (mut rall, mut ragree) = (0u64, 0u64);
    for g in by_gold.values() {
        for a in 0..g.len() {
            for b in a + 1..g.len() {
                if fold(&rows[g[a]].surface) == fold(&rows[g[b]].surface) {
                    continue;
                }
                rall += 1;
                ragree += u64::from(share(g[a], g[b]));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    let (mut pall, mut pagree) = (0u64, 0u64);
    for g in by_term.values() {
        for a in 0..g.len() {
            for b in a + 1..g.len() {
                let key = (g[a].min(g[b]), g[a].max(g[b]));
                if fold(&rows[g[a]].surface) == fold(&rows[g[b]].surface) || !seen.insert(key) {
                    continue;
                }
                pall += 1;
                pagree += u64::from(fold(&rows[g[a]].stem) == fold(&rows[g[b]].stem));
            }
        }
    }
    (100.0 * pagree as f64 / pall.max(1) as f64, 100.0 * ragree as f64 / rall.max(1) as f64)
}

fn evaluate(rows: &[Row], feats: &[(Vec<char>, Vec<Evidence>)], w: &Weights) -> (Score, Score, Vec<String>) {
    let (mut types, mut tokens) = (Score::default(), Score::default());
    let mut terms = Vec::with_capacity(rows.len());
    for (r, (chars, ev)) in rows.iter().zip(feats) {
        let seg: Segmentation = choose(ev, w);
        let ours: String = seg.stem(chars).chars().map(final_char).collect();
        types.add(r, &ours, 1.0);
        tokens.add(r, &ours, r.count as f64);
        terms.push(ours);
    }
    (types, tokens, terms)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold = args.first().map(String::as_str).unwrap_or("../shared/gold/wikinews-segmentation.tsv");
    let tune = args.iter().any(|a| a == "--tune");
    let rows = load_gold(gold);
    let lex: HashMap<String, u32> = match args.get(1).filter(|a| !a.starts_with("--")) {
        Some(p) => {
            let t = std::time::Instant::now();
            let l = load_lexicon(p);
            eprintln!("lexicon: {} word types from {p} in {:.1} s", l.len(), t.elapsed().as_secs_f64());
            l
        }
        None if args.iter().any(|a| a == "--self-lexicon") => {
            // A small site: the lexicon is the gold words' own counts (about 70 articles).
            let mut l = HashMap::new();
            for r in &rows {
                *l.entry(light(&r.surface)).or_insert(0) += r.count;
            }
            l
        }
        None => HashMap::new(),
    };
    let clitic = rows.iter().filter(|r| r.has_clitic).count();
    println!("gold: {} words ({} with a clitic, {} bare)", rows.len(), clitic, rows.len() - clitic);

    let w = Weights::default();
    let feats = features(&rows, &lex);
    let (ty, tok, terms) = evaluate(&rows, &feats, &w);
    let (pp, pr) = pairs(&rows, &terms);
    println!("| analyzer | stem precision | stem recall | bare words kept | pair precision | pair recall |");
    println!("|---|---|---|---|---|---|");
    println!("| Fahras (types) | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% |", ty.p(), ty.r(), ty.kept(), pp, pr);
    println!("| Fahras (tokens) | {:.1}% | {:.1}% | {:.1}% | | |", tok.p(), tok.r(), tok.kept());

    let (mut lt, mut lk) = (Score::default(), Score::default());
    let mut lterms = Vec::new();
    for r in &rows {
        let s = lucene(&r.surface);
        lt.add(r, &s, 1.0);
        lk.add(r, &s, r.count as f64);
        lterms.push(s);
    }
    let (lp, lr) = pairs(&rows, &lterms);
    println!(
        "| Lucene ArabicAnalyzer (types) | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
        lt.p(),
        lt.r(),
        lt.kept(),
        lp,
        lr
    );
    println!("| Lucene ArabicAnalyzer (tokens) | {:.1}% | {:.1}% | {:.1}% | | |", lk.p(), lk.r(), lk.kept());

    // Hedges: a rare undecided word is also indexed under a second stem. Pairs then share a
    // term when either of their terms meet.
    {
        let mut sets: Vec<Vec<String>> = Vec::new();
        let mut hedged = 0;
        for (chars, ev) in &feats {
            let seg = choose(ev, &w);
            let main: String = seg.stem(chars).chars().map(final_char).collect();
            let mut set = vec![main];
            if let Some(h) = hedge(chars, ev, &seg) {
                set.push(h.stem(chars).chars().map(final_char).collect());
                hedged += 1;
            }
            sets.push(set);
        }
        let (hp, hr) = pairs_multi(&rows, &sets);
        println!("| Fahras with hedges ({hedged} words hedged) | | | | {hp:.1}% | {hr:.1}% |");
    }

    if args.iter().any(|a| a == "--errors") {
        for (r, t) in rows.iter().zip(&terms) {
            if *t != fold(&r.stem) {
                println!("{}\tgold {}\tours {}\tclitic {}", r.surface, r.stem, t, r.has_clitic);
            }
        }
    }

    if tune {
        let mut best = (0.0, w);
        for article in [5.0, 8.0] {
            for article_compound in [1.0, 2.0, 3.0, 4.0] {
                for letters in [-1.0, -0.5, 0.0, 0.5] {
                    for suffix in [-0.5, 0.0, 0.5] {
                        for short_suffix in [-1.5, -1.0, -0.5] {
                            for whole in [0.6, 0.7, 0.8] {
                                for takes_article in [1.5, 2.0, 3.0] {
                                    for restore in [-0.3, 0.0] {
                                        let w = Weights {
                                            article,
                                            article_compound,
                                            letters,
                                            suffix,
                                            short_suffix,
                                            restore,
                                            whole,
                                            takes_article,
                                        };
                                        let (ty, _, _) = evaluate(&rows, &feats, &w);
                                        // F1 of stem precision and recall, on word types.
                                        let f = 2.0 * ty.p() * ty.r() / (ty.p() + ty.r()) + ty.kept() * 0.2;
                                        if f > best.0 {
                                            best = (f, w);
                                            println!(
                                                "{f:.2} p {:.1} r {:.1} kept {:.1} {:?}",
                                                ty.p(),
                                                ty.r(),
                                                ty.kept(),
                                                w
                                            );
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
