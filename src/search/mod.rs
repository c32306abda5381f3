//! Searching an index.
//!
//! A query is parsed into clauses ([`query`]); each word is expanded into the terms it may match
//! ([`expand`]):
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
//! scored with BM25 ([`bm25`]), the best-matching term of each word counting, titles boosted;
//! phrases then keep the documents whose words stand next to each other ([`phrase`]). Ties keep
//! document order, so results are stable. [`excerpt`] cuts and highlights what a hit shows.
//!
//! When nothing matches, the query is retried with typo tolerance for every word, then as typed
//! on the other keyboard layout; the results say which query ran ([`SearchResults::ran_as`]).
//!
//! A [`Searcher`] owns the per-document working memory a search needs and reuses it from query to
//! query; it reads any [`Searchable`]. On a split index a search may find shards missing:
//! [`step`] is the one "search, fetch what is missing, search again" step that the native
//! driver ([`step::search_split`]) and the browser's asynchronous one both run.

pub mod bm25;
pub mod excerpt;
pub mod expand;
pub mod phrase;
pub mod query;
pub mod step;

use crate::analysis::keyboard;
use crate::error::{Error, Result};
use crate::index::searchable::Searchable;
use crate::index::Index;
use crate::util::smallest_k;
use bm25::Scratch;
use expand::Plan;
use query::Clause;
use serde::Serialize;

/// Options of a search.
#[derive(Clone, Debug, PartialEq)]
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

/// Runs searches, reusing its per-document working memory from one query to the next (keep one
/// per index you search often; [`search`] makes a fresh one for a single query).
#[derive(Default)]
pub struct Searcher {
    scratch: Scratch,
}

impl Searcher {
    /// A searcher with no working memory yet (it grows to the index on the first query).
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Searches `src`.
    pub fn search(&mut self, src: &dyn Searchable, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        Run { src, scratch: &mut self.scratch }.search(query, opts)
    }
}

/// Searches any [`Searchable`] once: a single index file or the shards of a split index.
pub fn search(src: &dyn Searchable, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
    Searcher::new().search(src, query, opts)
}

impl Index {
    /// Searches the index once (see [`Searcher`] to search it often).
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        search(self, query, opts)
    }
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

/// One search over one index, with the searcher's working memory.
pub(crate) struct Run<'s> {
    pub(crate) src: &'s dyn Searchable,
    pub(crate) scratch: &'s mut Scratch,
}

impl Run<'_> {
    fn search(&mut self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let clauses = query::parse(query);
        let (mut plan, mut ranked) = self.run(&clauses, opts, false)?;
        let mut ran_as = query.to_string();
        let mut rewrite = Rewrite::None;
        // A split index that lacks a shard for this query: nothing more until it is here.
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
            if let Some(text) = expand::corrected(query, &plan) {
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
        smallest_k(&mut ranked, end, bm25::ranks_before);
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
    fn run(&mut self, clauses: &[Clause], opts: &SearchOptions, typo_all: bool) -> Result<(Plan, Vec<(u32, f32)>)> {
        let plan = self.plan(clauses, opts, typo_all)?;
        if plan.groups.is_empty() {
            return Ok((plan, Vec::new()));
        }
        let ranked = self.evaluate(&plan)?;
        Ok((plan, ranked))
    }
}

/// A result, or `None` when a split index has yet to fetch the data (it noted what it needs; the
/// search runs again once it is there, so the round can go on with what it has).
pub(crate) fn loaded<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotLoaded { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
