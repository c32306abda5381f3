//! Lemma variants: when a reader types a word, which other inflections of it does the search
//! find, and what else comes along? Beside Lucene's ArabicAnalyzer.
//!
//! ```text
//! cargo run --release --example lemma -- ../shared/gold/wikinews-segmentation.tsv \
//!     ../shared/corpus/ant-news.jsonl.gz INDEX.fahras
//! ```
//! (`scripts/eval-lemma` builds the index of the corpus and runs this.)
//!
//! **The gold.** Every written word of the gold segmentations gets its gold stem (the word
//! without its clitics, as QCRI segmented it). The gold stems of nouns and adjectives that differ
//! only by an inflectional ending (ة ات ون ين ان تان تين) are one lemma when both occur in the
//! gold list («مؤتمر», «مؤتمرات»; «فلسطيني», «فلسطينية», «فلسطينيين»); proper nouns and
//! other parts of speech are their own lemma («لبنان», «ألمانيا»). This is a rule, not a
//! lexicon: it knows the clitics and the part of speech from the gold, the endings from the
//! grammar, and cannot tell «سلطة» from «سلطان» when both are nouns of the list.
//!
//! **The queries.** Every gold noun, adjective or proper noun (a stem of three letters or more)
//! whose lemma has other written forms in the list is typed as written («والمؤتمرات», «الفلسطينيين»). Its variants are the other written forms of its lemma
//! (clitics included, so «للمؤتمر» is a variant of «مؤتمرات»); forms that fold to the same
//! letters are left out. Fahras finds a word when the term the document side indexes it under
//! (with the corpus's evidence, and the gold words added to the corpus) is one of the terms the
//! query word matches:
//! * **complete word** (followed by a space): its readings (clitics stripped, see
//!   `analysis::stem`), and with `--lemma` their inflections (`analysis::lemma`, with the
//!   document frequencies of the index and the gold words);
//! * **as you type** (the last word of a query): also the completions the search takes, the
//!   32 most frequent terms that start with one of its prefix readings (they rank below the
//!   word and its inflections, but they are found).
//!
//! Lucene finds a word when ArabicNormalizer + ArabicStemmer give both the same stem (and, as
//! you type, when the word's stem starts with the query's). Figures are micro-averaged over
//! the queries: precision = variants found / words found, recall = variants found / variants.

use fahras::analysis::normalize::light;
use fahras::analysis::stem::{Lexicon, Weights};
use fahras::analysis::{self, alphabet, lemma, TermCandidate};
use fahras::Index;
use fst::{IntoStreamer, Streamer};
use std::collections::{HashMap, HashSet};

#[path = "support/mod.rs"]
mod support;
use support::{load_gold, load_lexicon, lucene, Row};

/// The gold rows, one per written word.
fn load_gold_words(path: &str) -> Vec<Row> {
    let mut seen = HashSet::new();
    let mut rows = load_gold(path);
    rows.retain(|r| seen.insert(r.surface.clone()));
    rows
}

/// Completions a word being typed expands to (`SearchOptions::completions`).
const COMPLETIONS: usize = 32;

const ENDINGS: [&str; 8] = ["", "ه", "ات", "ون", "ين", "ان", "تان", "تين"];

/// The gold lemma of each row: connected gold stems of nouns and adjectives (see the module doc).
fn gold_lemmas(rows: &[Row]) -> Vec<String> {
    let fold = |s: &str| alphabet::decode(&analysis::term(&light(s)));
    let inflects = |r: &Row| r.upos == "NOUN" || r.upos == "ADJ";
    let stems: HashSet<String> = rows.iter().filter(|r| inflects(r)).map(|r| fold(&r.stem)).collect();
    // Union-find over stems: two stems meet when one is the other's base plus an ending, or both
    // are one base plus two endings, and both are gold stems.
    let mut parent: HashMap<String, String> = stems.iter().map(|s| (s.clone(), s.clone())).collect();
    fn find(p: &mut HashMap<String, String>, x: &str) -> String {
        let mut r = x.to_string();
        while p[&r] != r {
            r = p[&r].clone();
        }
        r
    }
    let mut by_base: HashMap<String, Vec<String>> = HashMap::new();
    for s in &stems {
        for e in ENDINGS {
            if let Some(base) = s.strip_suffix(e) {
                if base.chars().count() >= 3 {
                    by_base.entry(base.to_string()).or_default().push(s.clone());
                }
            }
        }
    }
    for group in by_base.values() {
        for s in &group[1..] {
            let (a, b) = (find(&mut parent, &group[0]), find(&mut parent, s));
            if a != b {
                parent.insert(a, b);
            }
        }
    }
    rows.iter()
        .map(|r| {
            let s = fold(&r.stem);
            if inflects(r) {
                format!("n:{}", find(&mut parent, &s))
            } else {
                format!("{}:{s}", r.upos)
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    found: u64,
    right: u64,
    variants: u64,
}

impl Tally {
    fn add(&mut self, found: &[bool], relevant: &[bool]) {
        for (f, r) in found.iter().zip(relevant) {
            self.found += u64::from(*f);
            self.right += u64::from(*f && *r);
            self.variants += u64::from(*r);
        }
    }
    fn cell(&self) -> String {
        let p = self.right as f64 / self.found.max(1) as f64;
        let r = self.right as f64 / self.variants.max(1) as f64;
        format!("{p:.3} | {r:.3}")
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (gold, corpus, index) = match &args[..] {
        [g, c, i, ..] => (g, c, i),
        _ => panic!("usage: lemma GOLD.tsv CORPUS.jsonl[.gz] INDEX.fahras"),
    };
    let rows = load_gold_words(gold);
    let lemmas = gold_lemmas(&rows);
    let mut lex = load_lexicon(corpus);
    for r in &rows {
        *lex.entry(light(&r.surface)).or_default() += 1;
    }
    let index = Index::open(std::fs::read(index).expect("read index")).expect("open index");
    // What the document side indexes each gold word as.
    let w = Weights::default();
    let mut scratch = Vec::new();
    let doc: Vec<Vec<Vec<u8>>> = rows
        .iter()
        .map(|r| {
            let d = analysis::doc_terms(&light(&r.surface), &lex as &dyn Lexicon, &w, &mut scratch);
            let mut t = vec![d.term];
            t.extend(d.hedge.map(|h| h.0));
            t
        })
        .collect();
    // Document frequencies: the index's, and the gold words' as if their articles were added.
    let mut gold_df: HashMap<Vec<u8>, u32> = HashMap::new();
    for ts in &doc {
        for t in ts {
            *gold_df.entry(t.clone()).or_default() += 1;
        }
    }
    let mut df = |t: &[u8]| index.term(t).map_or(0, |v| v.df()) + gold_df.get(t).copied().unwrap_or(0);
    let folded: Vec<String> = rows.iter().map(|r| alphabet::decode(&analysis::term(&light(&r.surface)))).collect();
    let luc: Vec<String> = rows.iter().map(|r| lucene(&light(&r.surface))).collect();

    let mut by_lemma: HashMap<&str, usize> = HashMap::new();
    for l in &lemmas {
        *by_lemma.entry(l).or_default() += 1;
    }
    let (mut complete, mut typed, mut complete_l, mut typed_l) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default());
    let (mut lucene_c, mut lucene_t) = (Tally::default(), Tally::default());
    let mut queries = 0;
    let mut shown = 0;
    let show = args.iter().any(|a| a == "--errors");
    for (q, r) in rows.iter().enumerate() {
        let content = matches!(r.upos.as_str(), "NOUN" | "ADJ" | "PROPN") && r.stem.chars().count() >= 3;
        if !content || by_lemma[lemmas[q].as_str()] < 2 {
            continue;
        }
        let others: Vec<usize> = (0..rows.len()).filter(|&o| o != q && folded[o] != folded[q]).collect();
        let relevant: Vec<bool> = others.iter().map(|&o| lemmas[o] == lemmas[q]).collect();
        if !relevant.iter().any(|&x| x) {
            continue;
        }
        queries += 1;
        let light_q = light(&r.surface);
        let mut cands: Vec<TermCandidate> = Vec::new();
        analysis::query_terms(&light_q, &mut cands);
        let mut terms: Vec<Vec<u8>> = cands.iter().map(|c| c.term.clone()).collect();
        // The inflections of the best readings, as `search::expand` looks them up.
        let best = cands.iter().fold(0.0f32, |m, c| m.max(c.weight));
        let mut variants = Vec::new();
        for c in cands.iter().filter(|c| c.weight >= best).take(2) {
            lemma::variants(&c.term, &mut df, &mut variants);
        }
        let with_lemma: Vec<Vec<u8>> = terms.iter().cloned().chain(variants.into_iter().map(|v| v.0)).collect();
        let mut prefixes: Vec<TermCandidate> = Vec::new();
        analysis::prefix_terms(&light_q, &mut prefixes);
        // The completions the search takes: the most frequent terms of each prefix reading.
        let mut completions: Vec<Vec<u8>> = Vec::new();
        for p in prefixes.iter().filter(|p| !p.term.is_empty()) {
            let mut all: Vec<(u32, Vec<u8>)> = Vec::new();
            let mut stream = index.terms().range().ge(&p.term).into_stream();
            while let Some((k, v)) = stream.next() {
                if !k.starts_with(&p.term) {
                    break;
                }
                let d = fahras::index::format::TermValue(v).df() + gold_df.get(k).copied().unwrap_or(0);
                all.push((d, k.to_vec()));
            }
            for (t, &d) in &gold_df {
                if t.starts_with(&p.term) && index.term(t).is_none() {
                    all.push((d, t.clone()));
                }
            }
            all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            completions.extend(all.into_iter().take(COMPLETIONS).map(|x| x.1));
        }
        let by_prefix = |o: usize| doc[o].iter().any(|t| completions.contains(t));
        let matches = |set: &[Vec<u8>], o: usize| doc[o].iter().any(|t| set.contains(t));
        let f_complete: Vec<bool> = others.iter().map(|&o| matches(&terms, o)).collect();
        let f_complete_l: Vec<bool> = others.iter().map(|&o| matches(&with_lemma, o)).collect();
        let f_typed: Vec<bool> = others.iter().map(|&o| matches(&terms, o) || by_prefix(o)).collect();
        let f_typed_l: Vec<bool> = others.iter().map(|&o| matches(&with_lemma, o) || by_prefix(o)).collect();
        complete.add(&f_complete, &relevant);
        complete_l.add(&f_complete_l, &relevant);
        typed.add(&f_typed, &relevant);
        typed_l.add(&f_typed_l, &relevant);
        let l_c: Vec<bool> = others.iter().map(|&o| luc[o] == luc[q]).collect();
        let l_t: Vec<bool> = others.iter().map(|&o| luc[o].starts_with(&luc[q])).collect();
        lucene_c.add(&l_c, &relevant);
        lucene_t.add(&l_t, &relevant);
        if show && shown < 60 {
            let wrong: Vec<&str> = others
                .iter()
                .zip(&f_typed_l)
                .zip(&relevant)
                .filter(|((_, f), r)| **f != **r)
                .map(|((&o, _), _)| rows[o].surface.as_str())
                .collect();
            if !wrong.is_empty() {
                shown += 1;
                println!("{} ({}): {}", r.surface, r.upos, wrong.join(" "));
            }
        }
        terms.clear();
    }
    println!("{} gold words, {queries} queries with variants", rows.len());
    println!("| analyzer | complete word: precision | recall | as you type: precision | recall |");
    println!("|---|---|---|---|---|");
    println!("| Fahras, clitics only | {} | {} |", complete.cell(), typed.cell());
    println!("| Fahras, with lemma variants | {} | {} |", complete_l.cell(), typed_l.cell());
    println!("| Lucene ArabicAnalyzer | {} | {} |", lucene_c.cell(), lucene_t.cell());
}
