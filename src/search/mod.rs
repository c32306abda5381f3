//! Searching an index.
//!
//! A query is parsed into clauses ([`query`]); each word is expanded into the terms it may match:
//!
//! | class  | how                                            | weight |
//! |--------|------------------------------------------------|--------|
//! | exact  | a stem of the word, with the same clitics      | 1.0    |
//! | stem   | a stem of the word, other clitics              | 0.8    |
//! | prefix | a completion of the word being typed           | 0.6    |
//! | typo   | a term within one edit (two from 8 letters)    | ≤ 0.5  |
//!
//! Completions of a prefix are its most frequent ones (precomputed for prefixes with many, so a
//! keystroke never walks thousands of terms), and the prefix is also read without its
//! proclitics: «بطرا» completes to «طرابلس». Every positive clause must match (AND); documents are
//! scored with BM25, the best-matching term of each word counting, titles boosted. Ties keep
//! document order, so results are stable.
//!
//! When nothing matches, the query is retried with typo tolerance for every word, then as typed
//! on the other keyboard layout; the results say which query ran ([`SearchResults::ran_as`]).

pub mod excerpt;
pub mod fuzzy;
pub mod query;
pub(crate) mod util;

use crate::analysis::{self, alphabet, keyboard, TermCandidate};
use crate::error::{Error, Result};
use crate::index::format::{flags, TermValue};
use crate::index::source::Source;
use crate::index::Index;
use excerpt::Highlighter;
use query::{Clause, ClauseKind, QueryWord};
use serde::{Deserialize, Serialize};
use util::{smallest_k, sort_by, DocSet};

/// Options of a search.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SearchOptions {
    /// How many hits to return.
    pub limit: usize,
    /// How many hits to skip (for paging).
    pub offset: usize,
    /// About how many words an excerpt has.
    pub excerpt_words: usize,
    /// Whether to build excerpts and highlighted titles (off for id-only evaluation runs).
    pub excerpts: bool,
    /// Whether to try typo tolerance.
    pub typo: bool,
    /// Whether to try the other keyboard layout when nothing matches.
    pub keyboard: bool,
    /// How many completions a word being typed expands to.
    pub completions: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            excerpt_words: 30,
            excerpts: true,
            typo: true,
            keyboard: true,
            completions: 32,
        }
    }
}

/// Why the query that ran differs from the one typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rewrite {
    /// It does not.
    None,
    /// Words that matched nothing were replaced by the closest terms of the index.
    Typo,
    /// The query was read as typed on the other keyboard layout («fvgdk» → «برلين»).
    Keyboard,
}

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The document's id.
    pub id: String,
    /// Its title (plain text; escape it before showing it).
    pub title: String,
    /// Its URL.
    pub url: String,
    /// Its date.
    pub date: String,
    /// Its category.
    pub category: String,
    /// Its score (higher is better).
    pub score: f32,
    /// The best passage, HTML-escaped, with matched words in `<mark>`.
    pub excerpt: String,
    /// The title, HTML-escaped, with matched words in `<mark>`.
    pub title_html: String,
    /// The document number in the index.
    #[serde(skip)]
    pub doc: u32,
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// The query that produced these results (equal to `query` unless `rewrite` says otherwise).
    pub ran_as: String,
    /// Why `ran_as` differs from `query`.
    pub rewrite: Rewrite,
    /// How many documents match.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// When nothing matches: the closest terms the index knows.
    pub suggestions: Vec<String>,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;
const TITLE_BOOST: f32 = 1.6;
const CLASS_STEM: f32 = 0.8;
const CLASS_PREFIX: f32 = 0.6;
const CLASS_TYPO: f32 = 0.5;
/// Each further half-edit multiplies a typo match's weight by this.
const TYPO_DECAY: f32 = 0.5;
/// Typo matching starts at this many letters (one edit), and allows two edits from
/// [`TYPO_TWO_EDITS`].
const TYPO_MIN_CHARS: usize = 4;
const TYPO_TWO_EDITS: usize = 8;
/// A word whose terms occur in at most this many documents is also tried for typos, and the
/// typo matches kept if they are [`TYPO_MORE_COMMON`] times more common: a rare misspelling
/// («حفطر» once) should not hide the word everyone else wrote («حفتر» hundreds of times).
const TYPO_RARE_DF: u64 = 2;
const TYPO_MORE_COMMON: u32 = 20;
/// At most this many typo terms per word.
const TYPO_TERMS: usize = 16;
/// Completions of a prefix shorter than [`STOPWORD_PREFIX_CHARS`] letters occurring in more
/// than this share of the documents, and in more than [`STOPWORD_MIN_DF`] documents, are
/// skipped (unless nothing else matches): after «ف» or «ال» they are «في» and «الى», which rank
/// nothing. From three letters on, the common completion is what the reader is typing
/// («الحك» → «الحكومة»), however common.
const STOPWORD_SHARE: f32 = 0.2;
const STOPWORD_PREFIX_CHARS: usize = 3;
const STOPWORD_MIN_DF: u32 = 1000;
/// Postings a word being typed may expand to, across its completions.
const PREFIX_POSTINGS_BUDGET: u64 = 30_000;

/// A term a query word matches, and how.
#[derive(Clone, Debug)]
struct TermMatch {
    value: TermValue,
    /// The reading's weight times the class weight for non-exact matches.
    weight: f32,
    /// Clitic bits that make a posting an exact match (0: never exact).
    exact_clitics: u8,
    /// The class weight when the clitics differ.
    base: f32,
}

/// A term within the typo budget of a reading of a query word.
struct TypoMatch {
    term: Vec<u8>,
    value: TermValue,
    /// Distance in half-edits.
    dist: u8,
    /// The weight of the reading.
    weight: f32,
    /// The reading (a term) it is close to.
    reading: Vec<u8>,
}

/// Everything one query word matches.
#[derive(Clone, Debug, Default)]
struct Group {
    matches: Vec<TermMatch>,
    /// Sum of document frequencies, to evaluate the most selective words first.
    cost: u64,
    /// The display form of the best typo correction, when the word only matched through typos.
    correction: Option<String>,
    /// The word's span in the query.
    span: (usize, usize),
}

impl Group {
    fn push(&mut self, m: TermMatch) {
        if let Some(o) = self.matches.iter_mut().find(|o| o.value == m.value) {
            if m.weight > o.weight || (m.weight == o.weight && m.exact_clitics > o.exact_clitics) {
                *o = m;
            }
            return;
        }
        self.cost += u64::from(m.value.df());
        self.matches.push(m);
    }
}

/// A query resolved against the dictionary.
#[derive(Default)]
struct Plan {
    groups: Vec<Group>,
    /// Phrases, as lists of group indices in order.
    phrases: Vec<Vec<usize>>,
    excludes: Vec<Group>,
    exclude_phrases: Vec<Vec<Group>>,
    highlighter: Highlighter,
    typo_used: bool,
}

/// Per-document arrays reused from query to query. Instead of being cleared, entries carry a
/// stamp: each query takes a fresh range of `STAMPS` stamps, so a value written by an earlier
/// query is simply older than the current base.
#[derive(Default)]
pub struct Scratch {
    seen: Vec<u32>,
    acc: Vec<f32>,
    best: Vec<f32>,
    base: u32,
}

/// Stamps one query may use: one per group, and the last marks excluded documents.
const STAMPS: u32 = 64;

impl Scratch {
    /// Prepares for a query over `n` documents; returns the query's base stamp.
    fn begin(&mut self, n: usize) -> u32 {
        if self.seen.len() != n || self.base > u32::MAX - 2 * STAMPS {
            self.seen = vec![0; n];
            self.acc = vec![0.0; n];
            self.best = vec![0.0; n];
            self.base = 0;
        }
        self.base += STAMPS;
        self.base
    }
}

fn idf(n: f32, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The smallest byte string greater than every string starting with `p`.
pub(crate) fn prefix_upper(p: &[u8]) -> Option<Vec<u8>> {
    let mut u = p.to_vec();
    while let Some(&last) = u.last() {
        if last < 0xFF {
            *u.last_mut().unwrap() += 1;
            return Some(u);
        }
        u.pop();
    }
    None
}

impl Index {
    /// Searches the index.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        search(self, query, opts)
    }
}

/// Searches any [`Source`]: a single index file or the shards of a split index.
pub fn search(src: &dyn Source, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
    Searcher { src }.search(query, opts)
}

/// The answer while a split index fetches what a query needs (the search runs again then).
#[inline(never)]
fn waiting(query: &str) -> SearchResults {
    SearchResults {
        query: query.to_string(),
        ran_as: query.to_string(),
        rewrite: Rewrite::None,
        total: 0,
        hits: Vec::new(),
        suggestions: Vec::new(),
    }
}

/// The search over one source.
struct Searcher<'s> {
    src: &'s dyn Source,
}

impl Searcher<'_> {
    fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let clauses = query::parse(query);
        let (mut plan, mut ranked) = self.run(&clauses, opts, false)?;
        let mut ran_as = query.to_string();
        let mut rewrite = Rewrite::None;
        // A split index that lacks a file for this query: nothing more until it is here.
        if self.src.pending() {
            return Ok(waiting(query));
        }
        if ranked.is_empty() && opts.typo && !clauses.is_empty() {
            let (p, r) = self.run(&clauses, opts, true)?;
            if self.src.pending() {
                return Ok(waiting(query));
            }
            if !r.is_empty() {
                (plan, ranked) = (p, r);
            }
        }
        if plan.typo_used && !ranked.is_empty() {
            if let Some(text) = corrected(query, &plan) {
                ran_as = text;
                rewrite = Rewrite::Typo;
            }
        }
        if ranked.is_empty() && opts.keyboard {
            let other = keyboard::latin_to_arabic(query).or_else(|| keyboard::arabic_to_latin(query));
            if let Some(other) = other {
                let clauses = query::parse(&other);
                let (mut p, mut r) = self.run(&clauses, opts, false)?;
                if r.is_empty() && opts.typo {
                    (p, r) = self.run(&clauses, opts, true)?;
                }
                if self.src.pending() {
                    return Ok(waiting(query));
                }
                if !r.is_empty() {
                    (plan, ranked) = (p, r);
                    ran_as = other;
                    rewrite = Rewrite::Keyboard;
                }
            }
        }
        let suggestions = if ranked.is_empty() { self.suggest(&clauses)? } else { Vec::new() };
        let total = ranked.len();
        let end = opts.offset.saturating_add(opts.limit).min(total);
        let start = opts.offset.min(end);
        // Only the requested page needs ranking.
        smallest_k(&mut ranked, end, ranks_before);
        let mut hits = Vec::with_capacity(end - start);
        // A split index may lack the documents of some hits: ask for all of them at once
        // (each lookup records what is missing) before giving up.
        let docs: Vec<_> = ranked[start..end].iter().map(|&(doc, _)| self.src.doc(doc)).collect();
        if let Some(Err(e)) = docs.iter().rev().find(|d| matches!(d, Err(Error::NotLoaded { .. }))) {
            return Err(e.clone());
        }
        for (d, &(doc, score)) in docs.into_iter().zip(&ranked[start..end]) {
            let d = d?;
            let (excerpt, title_html) = if opts.excerpts {
                (plan.highlighter.excerpt(d.body, opts.excerpt_words), plan.highlighter.highlight_all(d.title))
            } else {
                (String::new(), String::new())
            };
            hits.push(Hit {
                id: d.id.to_string(),
                title: d.title.to_string(),
                url: d.url.to_string(),
                date: d.date.to_string(),
                category: d.category.to_string(),
                score,
                excerpt,
                title_html,
                doc,
            });
        }
        Ok(SearchResults { query: query.to_string(), ran_as, rewrite, total, hits, suggestions })
    }

    /// Resolves and evaluates `clauses`; with `typo_all`, every long enough word gets typo
    /// matches, otherwise only words that match (almost) nothing.
    fn run(&self, clauses: &[Clause], opts: &SearchOptions, typo_all: bool) -> Result<(Plan, Vec<(u32, f32)>)> {
        let plan = self.plan(clauses, opts, typo_all)?;
        if plan.groups.is_empty() {
            return Ok((plan, Vec::new()));
        }
        let ranked = self.evaluate(&plan)?;
        Ok((plan, ranked))
    }

    fn plan(&self, clauses: &[Clause], opts: &SearchOptions, typo_all: bool) -> Result<Plan> {
        let mut plan = Plan::default();
        for c in clauses {
            match c.kind {
                ClauseKind::Word | ClauseKind::Phrase => {
                    let mut idx = Vec::with_capacity(c.words.len());
                    for w in &c.words {
                        let gi = plan.groups.len() as u16;
                        let g = self.expand(w, opts, typo_all && opts.typo, gi, &mut plan)?;
                        idx.push(plan.groups.len());
                        plan.groups.push(g);
                    }
                    if c.kind == ClauseKind::Phrase {
                        plan.phrases.push(idx);
                    }
                }
                ClauseKind::Exclude | ClauseKind::ExcludePhrase => {
                    let mut gs = Vec::with_capacity(c.words.len());
                    for w in &c.words {
                        let mut g = Group::default();
                        let mut cands = Vec::new();
                        analysis::query_terms(&w.light, &mut cands);
                        for cand in &cands {
                            if let Some(v) = self.src.term(&cand.term) {
                                g.push(TermMatch { value: v, weight: 1.0, exact_clitics: 0, base: 1.0 });
                            }
                        }
                        gs.push(g);
                    }
                    if c.kind == ClauseKind::Exclude {
                        plan.excludes.extend(gs);
                    } else {
                        plan.exclude_phrases.push(gs);
                    }
                }
            }
        }
        Ok(plan)
    }

    /// Everything one query word matches; also records what to highlight.
    fn expand(&self, w: &QueryWord, opts: &SearchOptions, typo_all: bool, gi: u16, plan: &mut Plan) -> Result<Group> {
        let mut g = Group { span: w.span, ..Default::default() };
        let mut cands: Vec<TermCandidate> = Vec::new();
        analysis::query_terms(&w.light, &mut cands);
        // Which readings are likely in the index (a split index fetches their postings with
        // their dictionary): the best-weighted ones, and of a word that reads as clitics + stem
        // at full weight («الحكومة», «والحكومة») not the whole word, which documents index by
        // its stem. The others are looked up all the same.
        let best = cands.iter().fold(0.0f32, |m, c| m.max(c.weight));
        let stripped = cands.iter().any(|c| c.clitics != analysis::Clitics::Bare && c.weight >= 1.0);
        for c in &cands {
            let likely = c.weight >= best && !(stripped && c.clitics == analysis::Clitics::Bare);
            let found = if likely { self.src.term(&c.term) } else { self.src.unlikely_term(&c.term) };
            if let Some(v) = found {
                g.push(TermMatch { value: v, weight: c.weight, exact_clitics: c.clitics as u8, base: CLASS_STEM });
                plan.highlighter.add_term(&c.term, gi);
            }
        }
        if w.prefix {
            let exact_matches = g.matches.len();
            let mut pcs = Vec::new();
            analysis::prefix_terms(&w.light, &mut pcs);
            // A prefix of one or two letters has thousands of completions: take the most frequent
            // ones, but skip those that occur in a large share of the documents (they rank
            // nothing and cost the most), and stop at a budget of postings per keystroke.
            let common_df = ((self.src.meta().docs as f32 * STOPWORD_SHARE) as u32).max(STOPWORD_MIN_DF);
            let mut budget = PREFIX_POSTINGS_BUDGET;
            let mut heavy: Option<(TermValue, f32, usize)> = None; // the best skipped one
            for (i, pc) in pcs.iter().enumerate() {
                let values = self.completions(&pc.term, opts.completions)?;
                let stop_df = if alphabet::char_len(&pc.term) < STOPWORD_PREFIX_CHARS { common_df } else { u32::MAX };
                let max_df = values.iter().map(|v| v.df()).filter(|&df| df <= stop_df).max().unwrap_or(1).max(1) as f32;
                let mut any = false;
                for v in values {
                    if v.df() > stop_df {
                        if heavy.is_none_or(|(h, _, _)| v.df() > h.df()) {
                            heavy = Some((v, pc.weight, i));
                        }
                        continue;
                    }
                    if any && u64::from(v.df()) > budget {
                        continue;
                    }
                    budget = budget.saturating_sub(u64::from(v.df()));
                    any = true;
                    // Popular completions first: «طرا» is on its way to «طرابلس» more often than
                    // to a rare name.
                    let popularity = (v.df() as f32 / max_df).sqrt();
                    g.push(TermMatch {
                        value: v,
                        weight: pc.weight * CLASS_PREFIX * popularity,
                        exact_clitics: 0,
                        base: 1.0,
                    });
                }
                if any {
                    plan.highlighter.add_prefix(&pc.term, gi);
                }
            }
            // Only very common completions («ال» before anything else is typed): the most
            // common one rather than nothing.
            if g.matches.is_empty() {
                if let Some((v, weight, i)) = heavy {
                    g.push(TermMatch { value: v, weight: weight * CLASS_PREFIX, exact_clitics: 0, base: 1.0 });
                    plan.highlighter.add_prefix(&pcs[i].term, gi);
                }
            }
            // While a word is being typed, its literal reading is one completion among others:
            // «طرا» is «طرأ», but far more readers typing it are on their way to «طراز» or
            // «طرابلس». The literal reading keeps its weight only if it is the most popular.
            let max_df = g.matches.iter().map(|m| m.value.df()).max().unwrap_or(1).max(1) as f32;
            for m in &mut g.matches[..exact_matches] {
                m.weight *= (m.value.df() as f32 / max_df).sqrt().sqrt(); // a fourth root
            }
        }
        let matched = g.cost;
        if opts.typo && (typo_all || matched <= TYPO_RARE_DF) && !self.src.pending() {
            let before = g.matches.len();
            let found = self.typo_matches(w, &cands, matched, typo_all)?;
            let max_df = found.iter().map(|f| f.value.df()).max().unwrap_or(1).max(1) as f32;
            let mut best: Option<&TypoMatch> = None;
            for f in &found {
                let popularity = (f.value.df() as f32 / max_df).sqrt();
                let weight = f.weight * CLASS_TYPO * TYPO_DECAY.powi(i32::from(f.dist) - 1) * popularity;
                g.push(TermMatch { value: f.value, weight, exact_clitics: 0, base: 1.0 });
                plan.highlighter.add_term(&f.term, gi);
                if best.is_none_or(|b| {
                    (f.dist, std::cmp::Reverse(f.value.df())) < (b.dist, std::cmp::Reverse(b.value.df()))
                }) {
                    best = Some(f);
                }
            }
            if g.matches.len() > before && matched == 0 {
                plan.typo_used = true;
                g.correction = best.map(|b| with_typed_clitics(&w.light, &b.reading, &self.display(&b.term)));
            }
        }
        Ok(g)
    }

    /// The typo matches of a word whose readings are `cands` and whose exact and prefix matches
    /// occur in `matched` documents.
    fn typo_matches(
        &self,
        w: &QueryWord,
        cands: &[TermCandidate],
        matched: u64,
        typo_all: bool,
    ) -> Result<Vec<TypoMatch>> {
        // The budget follows the word as typed («السرج» has five letters, one edit), and
        // applies to each of its readings («سرج» → «سراج»).
        let budget = match w.light.chars().count() {
            n if n >= TYPO_TWO_EDITS => 4,
            n if n >= TYPO_MIN_CHARS => 2,
            _ => return Ok(Vec::new()),
        };
        let mut found = Vec::new();
        for c in cands.iter().take(3) {
            if alphabet::char_len(&c.term) < 3 {
                continue;
            }
            for (term, value, dist) in self.fuzzy(&c.term, budget, TYPO_TERMS)? {
                found.push(TypoMatch { term, value, dist, weight: c.weight, reading: c.term.clone() });
            }
        }
        // Keep the closest tier (and the next): a look-alike letter beats an arbitrary edit.
        let closest = found.iter().map(|f| f.dist).min().unwrap_or(0);
        found.retain(|f| f.dist <= closest + 1);
        if matched > 0 && !typo_all {
            let needed = (matched as u32).saturating_mul(TYPO_MORE_COMMON);
            found.retain(|f| f.value.df() >= needed);
        }
        Ok(found)
    }

    /// A term as a reader would write it (ة, ى and initial hamza restored where usual).
    fn display(&self, term: &[u8]) -> String {
        let decoded = alphabet::decode(term);
        match self.src.term(term) {
            Some(v) => v.display().apply(&decoded),
            None => decoded,
        }
    }

    /// The `k` most frequent completions of `prefix`.
    fn completions(&self, prefix: &[u8], k: usize) -> Result<Vec<TermValue>> {
        if k == 0 || prefix.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(mut top) = self.src.heavy_prefix(prefix)? {
            top.truncate(k);
            return Ok(top);
        }
        let upper = prefix_upper(prefix);
        let mut all: Vec<TermValue> = Vec::new();
        // A prefix that is not heavy has at most `heavy_prefix` completions; the bound is a
        // guard against a damaged prefix table.
        let guard = (self.src.meta().heavy_prefix as usize).saturating_mul(4).max(1024);
        self.src.scan(prefix, upper.as_deref(), &mut |_, v| {
            all.push(v);
            all.len() < guard
        });
        sort_by(&mut all, |a, b| (b.df(), a.0) < (a.df(), b.0));
        all.truncate(k);
        Ok(all)
    }

    /// Terms within `budget` half-edits of `term`, closest and most frequent first.
    fn fuzzy(&self, term: &[u8], budget: u8, limit: usize) -> Result<Vec<(Vec<u8>, TermValue, u8)>> {
        let Some(aut) = fuzzy::Fuzzy::new(term, budget) else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        self.src.fuzzy(&aut, &mut |k, v| {
            if k != term {
                let d = aut.distance(k).unwrap_or(budget);
                found.push((k.to_vec(), v, d));
            }
            found.len() < 4096
        });
        sort_by(&mut found, |a, b| (a.2, b.1.df(), &a.0) < (b.2, a.1.df(), &b.0));
        found.truncate(limit);
        Ok(found)
    }

    /// The closest terms to the longest query word, for "did you mean".
    fn suggest(&self, clauses: &[Clause]) -> Result<Vec<String>> {
        let Some(word) = clauses
            .iter()
            .filter(|c| !c.is_negative())
            .flat_map(|c| c.words.iter())
            .max_by_key(|w| w.light.chars().count())
        else {
            return Ok(Vec::new());
        };
        let mut cands = Vec::new();
        analysis::query_terms(&word.light, &mut cands);
        let mut out: Vec<(u8, u32, Vec<u8>)> = Vec::new();
        for c in cands.iter().take(3) {
            let chars = alphabet::char_len(&c.term);
            if chars < 3 {
                continue;
            }
            let budget = if chars >= 6 { 4 } else { 2 };
            for (t, v, d) in self.fuzzy(&c.term, budget, 8)? {
                if !out.iter().any(|o| o.2 == t) {
                    out.push((d, v.df(), t));
                }
            }
        }
        sort_by(&mut out, |a, b| (a.0, b.1, &a.2) < (b.0, a.1, &b.2));
        Ok(out.into_iter().take(5).map(|(_, _, t)| self.display(&t)).collect())
    }

    /// Scores the documents that match every positive group, minus the excluded ones.
    fn evaluate(&self, plan: &Plan) -> Result<Vec<(u32, f32)>> {
        let n = self.src.meta().docs as usize;
        if plan.groups.iter().any(|g| g.matches.is_empty()) || plan.groups.len() >= STAMPS as usize - 1 {
            return Ok(Vec::new());
        }
        let mut fresh = None;
        let mut guard = self.src.scratch().try_lock().ok();
        let sc: &mut Scratch = match guard.as_deref_mut() {
            Some(s) => s,
            None => fresh.insert(Scratch::default()),
        };
        let base = sc.begin(n);
        let (seen, acc, best) = (&mut sc.seen, &mut sc.acc, &mut sc.best);
        // BM25's length normalization, per quantized document length.
        let avg = self.src.avg_len();
        let mut norm = [0f32; 256];
        for (q, v) in norm.iter_mut().enumerate() {
            *v = K1 * (1.0 - B + B * crate::index::format::dequantize_len(q as u8) / avg);
        }
        let nf = n as f32;
        let mut alive: Vec<u32> = Vec::new();
        let mut order: Vec<usize> = (0..plan.groups.len()).collect();
        sort_by(&mut order, |&a, &b| (plan.groups[a].cost, a) < (plan.groups[b].cost, b));
        for (step, &gi) in order.iter().enumerate() {
            let prev = base + step as u32;
            let stamp = prev + 1;
            for m in &plan.groups[gi].matches {
                let Some(mut p) = loaded(self.src.postings(m.value))? else { continue };
                let exact = m.weight * idf(nf, p.df) * (K1 + 1.0);
                let other = exact * m.base;
                while let Some(post) = p.next_posting()? {
                    let d = post.doc as usize;
                    let mut s0 = seen[d];
                    if step == 0 && s0 < base {
                        s0 = prev; // written by an earlier query
                    }
                    if s0 != prev && s0 != stamp {
                        continue;
                    }
                    let mut s = if post.flags & m.exact_clitics != 0 { exact } else { other };
                    if post.flags & flags::TITLE != 0 {
                        s *= TITLE_BOOST;
                    }
                    let tf = post.tf as f32;
                    s *= tf / (tf + norm[post.norm as usize]);
                    if s0 == prev {
                        seen[d] = stamp;
                        best[d] = s;
                        if step == 0 {
                            acc[d] = 0.0;
                            alive.push(post.doc);
                        }
                    } else if s > best[d] {
                        best[d] = s;
                    }
                }
            }
            if step > 0 {
                alive.retain(|&d| seen[d as usize] == stamp);
            }
            for &d in &alive {
                acc[d as usize] += best[d as usize];
            }
            if alive.is_empty() {
                return Ok(Vec::new());
            }
        }
        // Exclusions.
        let excluded = base + STAMPS - 1;
        for g in &plan.excludes {
            for m in &g.matches {
                let Some(mut p) = loaded(self.src.postings(m.value))? else { continue };
                while let Some(post) = p.next_posting()? {
                    seen[post.doc as usize] = excluded;
                }
            }
        }
        if !plan.excludes.is_empty() {
            alive.retain(|&d| seen[d as usize] != excluded);
        }
        let scored: Vec<(u32, f32)> = alive.iter().map(|&d| (d, acc[d as usize])).collect();
        drop(guard);
        // Phrases.
        for ph in &plan.phrases {
            let words: Vec<&Group> = ph.iter().map(|&i| &plan.groups[i]).collect();
            alive = self.phrase_docs(&words, &alive)?;
        }
        for ph in &plan.exclude_phrases {
            let words: Vec<&Group> = ph.iter().collect();
            if words.iter().any(|g| g.matches.is_empty()) {
                continue;
            }
            let drop = DocSet::of(n, &self.phrase_docs(&words, &alive)?);
            alive.retain(|&d| !drop.contains(d));
        }
        if alive.len() == scored.len() {
            return Ok(scored);
        }
        let keep = DocSet::of(n, &alive);
        Ok(scored.into_iter().filter(|&(d, _)| keep.contains(d)).collect())
    }

    /// The documents of `candidates` in which the groups' words occur next to each other, in
    /// order. A word whose terms keep no positions (the most common words) stands at its place
    /// unchecked: «وزير الخارجية في ليبيا» checks the other three words.
    fn phrase_docs(&self, words: &[&Group], candidates: &[u32]) -> Result<Vec<u32>> {
        if candidates.is_empty() || words.is_empty() {
            return Ok(Vec::new());
        }
        // Each candidate's slot, and per word the positions in each slot (None: a word without
        // positions).
        let mut slot = vec![u32::MAX; self.src.meta().docs as usize];
        for (i, &d) in candidates.iter().enumerate() {
            slot[d as usize] = i as u32;
        }
        let mut per_word: Vec<Option<Vec<Vec<u32>>>> = Vec::with_capacity(words.len());
        let mut buf = Vec::new();
        for g in words {
            let mut at: Vec<Vec<u32>> = vec![Vec::new(); candidates.len()];
            let mut all_have_positions = true;
            for m in &g.matches {
                if !self.src.positions_ready(m.value) {
                    // A split index fetches the positions; the search runs again then.
                    return Ok(candidates.to_vec());
                }
                let Some(mut p) = loaded(self.src.postings(m.value))? else { continue };
                if !p.has_positions() {
                    all_have_positions = false;
                    break;
                }
                while let Some(post) = p.next_posting()? {
                    p.positions(&post, &mut buf)?;
                    if let Some(&s) = slot.get(post.doc as usize).filter(|&&s| s != u32::MAX) {
                        at[s as usize].extend_from_slice(&buf);
                    }
                }
            }
            per_word.push(all_have_positions.then_some(at));
        }
        let Some(anchor) = per_word.iter().position(Option::is_some) else {
            return Ok(candidates.to_vec());
        };
        let mut out = Vec::new();
        for (s, &d) in candidates.iter().enumerate() {
            let first = per_word[anchor].as_ref().map_or(&[][..], |at| &at[s][..]);
            let hit = first.iter().any(|&p| {
                per_word.iter().enumerate().all(|(i, w)| match w {
                    None => true,
                    Some(at) => (p + i as u32).checked_sub(anchor as u32).is_some_and(|want| at[s].contains(&want)),
                })
            });
            if hit {
                out.push(d);
            }
        }
        Ok(out)
    }
}

/// The correction of a typed word: the corrected stem with the clitics the reader typed around
/// the reading it corrects («السرج» read as «سرج», corrected to «سراج», shows as «السراج»).
fn with_typed_clitics(typed_light: &str, reading: &[u8], corrected: &str) -> String {
    let chars: Vec<char> = typed_light.chars().collect();
    let folded = analysis::term(typed_light);
    // One byte per character holds for words of Arabic letters and ASCII only.
    if folded.len() != chars.len() || reading.is_empty() {
        return corrected.to_string();
    }
    match folded.windows(reading.len()).position(|w| w == reading) {
        Some(at) => {
            let before: String = chars[..at].iter().collect();
            let after: String = chars[at + reading.len()..].iter().collect();
            format!("{before}{corrected}{after}")
        }
        None => corrected.to_string(),
    }
}

/// A result, or `None` when a split index has yet to fetch the data (it noted what it needs; the
/// search runs again once it is there, so the round can go on with what it has).
fn loaded<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotLoaded { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Score descending, then document order.
fn ranks_before(a: &(u32, f32), b: &(u32, f32)) -> bool {
    a.1 > b.1 || (a.1 == b.1 && a.0 < b.0)
}

/// The query with each word that matched only through typos replaced by its best correction.
fn corrected(query: &str, plan: &Plan) -> Option<String> {
    let mut fixes: Vec<(&(usize, usize), &String)> =
        plan.groups.iter().filter_map(|g| g.correction.as_ref().map(|c| (&g.span, c))).collect();
    if fixes.is_empty() {
        return None;
    }
    sort_by(&mut fixes, |a, b| a.0 .0 < b.0 .0);
    let mut out = String::with_capacity(query.len() + 8);
    let mut at = 0;
    for ((s, e), fix) in fixes {
        if *s < at || *e > query.len() {
            continue;
        }
        out.push_str(analysis::sub(query, at, *s));
        out.push_str(fix);
        at = *e;
    }
    out.push_str(analysis::sub(query, at, query.len()));
    Some(out)
}
