//! Searching an index.
//!
//! A query is parsed into clauses ([`query`]); each word is expanded into the terms it may match
//! ([`expand`]):
//!
//! | class  | how                                                  | weight |
//! |--------|------------------------------------------------------|--------|
//! | exact  | a stem of the word, with the same clitics            | 1.0    |
//! | stem   | a stem of the word, other clitics                    | 0.8    |
//! | lemma  | another inflection of a stem ([`crate::analysis::lemma`]) | 0.7 |
//! | prefix | a completion of the word being typed                 | 0.6    |
//! | typo   | a term within one edit (two from 8 letters)          | ≤ 0.5  |
//!
//! Completions of a prefix are its most frequent ones (precomputed for prefixes with many, so a
//! keystroke never walks thousands of terms), and the prefix is also read without its
//! proclitics: «بطرا» completes to «طرابلس»; completions are weighed by their popularity among
//! all of them, with the idf of the commonest. Every positive clause must match (AND); documents
//! are scored with BM25 ([`bm25`]), the best-matching term of each word counting, a title that
//! holds every word boosted; phrases then keep the documents whose words stand next to each
//! other ([`phrase`]). Ties keep document order, so results are stable. [`excerpt`] cuts and highlights what a hit shows.
//!
//! When nothing matches, the query is retried with typo tolerance for every word, then as typed
//! on the other keyboard layout; the results say which query ran ([`SearchResults::ran_as`]).
//!
//! A [`Searcher`] owns the per-document working memory a search needs and reuses it from query to
//! query; it reads any [`Searchable`]. On a split index a search may find shards missing:
//! [`step`] is the one "search, fetch what is missing, search again" step that the native
//! driver ([`step::search_split`]) and the browser's asynchronous one both run.

pub mod bm25;
pub mod destination;
pub mod excerpt;
pub mod expand;
pub mod filter;
pub mod phrase;
pub mod query;
pub mod step;

use crate::analysis::keyboard;
use crate::error::{Error, Result};
use crate::index::columns::NO_DATE;
use crate::index::searchable::Searchable;
use crate::index::{date, Index, CATEGORY};
use crate::util::smallest_k;
use bm25::Scratch;
use expand::Plan;
use filter::Filter;
pub use filter::{Facet, FacetCount, Sort};
use query::Clause;
use serde::{Serialize, Serializer};

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
    /// Filters, `(field, value)`: several values of one field mean any of them, several
    /// fields all of them (see [`filter`]).
    pub filters: Vec<(String, String)>,
    /// The first day of a date range (days since 1970-01-01, see [`crate::index::date`]).
    pub from: Option<i32>,
    /// The last day of a date range, included.
    pub to: Option<i32>,
    /// The order of the results.
    pub sort: Sort,
    /// With relevance order, halves a result's score for every this many days it is older
    /// than the newest document (news ages).
    pub half_life_days: Option<f64>,
    /// Whether to count the results per value of each filterable field.
    pub facets: bool,
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
            filters: Vec::new(),
            from: None,
            to: None,
            sort: Sort::Relevance,
            half_life_days: None,
            facets: true,
        }
    }
}

impl SearchOptions {
    /// Whether the options narrow or order the documents without any word (a search with only
    /// these and no word browses: a section's newest articles).
    pub fn browses(&self) -> bool {
        !self.filters.is_empty() || self.from.is_some() || self.to.is_some() || self.sort != Sort::Relevance
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
    /// A quoted phrase was searched as its words, anywhere in the document: the index keeps
    /// no positions for them (the most common words, or an index built with
    /// `--no-positions`), so it cannot tell which documents have them side by side. The
    /// results are those of the query without its quotes (`ran_as` is the query as typed); an
    /// excluded phrase excluded the documents with all its words.
    Phrase,
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
    /// Its date, as written.
    pub date: String,
    /// Its day as `YYYY-MM-DD` (the date as written, in its own time zone), or empty when the
    /// date could not be read.
    pub day: String,
    /// Its categories (the values of the `category` field).
    pub category: Vec<String>,
    /// Its metadata (author, image…), as given to the index.
    #[serde(serialize_with = "as_map")]
    pub meta: Vec<(String, String)>,
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
    /// How many documents match the words, before filters and the date range.
    pub unfiltered_total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// When nothing matches: the closest terms the index knows.
    pub suggestions: Vec<String>,
    /// Per filterable field, the number of results of each value (see [`filter`]); empty
    /// unless [`SearchOptions::facets`].
    pub facets: Vec<Facet>,
    /// The day of the newest dated document of the index (`YYYY-MM-DD`), so that a page can
    /// offer "this week" of an archive that stopped; empty unless [`SearchOptions::facets`].
    pub newest: String,
}

/// `(key, value)` pairs as a map.
fn as_map<S: Serializer>(pairs: &[(String, String)], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
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
        Run { src, scratch: &mut self.scratch, unchecked: Default::default() }.search(query, opts)
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
        unfiltered_total: 0,
        hits: Vec::new(),
        suggestions: Vec::new(),
        facets: Vec::new(),
        newest: String::new(),
    }
}

/// One search over one index, with the searcher's working memory.
pub(crate) struct Run<'s> {
    pub(crate) src: &'s dyn Searchable,
    pub(crate) scratch: &'s mut Scratch,
    /// Whether an evaluation of this search could not check a phrase (see [`Rewrite::Phrase`]).
    pub(crate) unchecked: std::cell::Cell<bool>,
}

impl Run<'_> {
    fn search(&mut self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let filter = Filter::resolve(opts, self.src.fields())?;
        let needs_columns =
            filter.is_active() || opts.sort != Sort::Relevance || opts.facets || opts.half_life_days.is_some();
        if needs_columns {
            // Asked for now, so that a split index fetches them with the first shards.
            let _ = self.src.columns();
        }
        let clauses = query::parse(query);
        let browse = opts.browses() && !clauses.iter().any(|c| !c.is_negative());
        let (mut plan, mut ranked) = self.run(&clauses, opts, false, browse)?;
        let mut ran_as = query.to_string();
        let mut rewrite = Rewrite::None;
        // A split index that lacks a shard for this query: nothing more until it is here.
        if self.src.pending() {
            return Ok(waiting(query));
        }
        if ranked.is_empty() && opts.typo && !clauses.is_empty() && !browse {
            let (p, r) = self.run(&clauses, opts, true, false)?;
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
        if ranked.is_empty() && opts.keyboard && !browse {
            let other = keyboard::latin_to_arabic(query).or_else(|| keyboard::arabic_to_latin(query));
            if let Some(other) = other {
                let clauses = query::parse(&other);
                let (mut p, mut r) = self.run(&clauses, opts, false, false)?;
                if r.is_empty() && opts.typo {
                    (p, r) = self.run(&clauses, opts, true, false)?;
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
        // Set by any evaluation of this search: a later one (typo matches, another keyboard
        // layout) only runs when an earlier one found nothing, and its words, with more terms,
        // keep no more positions than before.
        if rewrite == Rewrite::None && self.unchecked.get() {
            rewrite = Rewrite::Phrase;
        }
        let suggestions = if ranked.is_empty() && !browse { self.suggest(&clauses)? } else { Vec::new() };
        let unfiltered_total = ranked.len();
        let cols = if needs_columns {
            match self.src.columns() {
                Ok(c) => Some(c),
                Err(Error::NotLoaded { .. }) => return Ok(waiting(query)),
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        let mut facets = Vec::new();
        let mut newest = String::new();
        if let Some(cols) = cols {
            if opts.facets {
                facets = filter.facets(cols, self.src.fields(), &ranked);
                // NO_DATE is i32::MIN: never the largest unless nothing is dated.
                newest =
                    cols.days.iter().max().filter(|&&d| d != NO_DATE).map(|&d| date::iso_day(d)).unwrap_or_default();
            }
            if filter.is_active() {
                ranked.retain(|&(d, _)| filter.passes(cols, d, None));
            }
            if let (Some(h), Sort::Relevance) = (opts.half_life_days, opts.sort) {
                filter::decay(&mut ranked, cols, h);
            }
        }
        let total = ranked.len();
        let end = opts.offset.saturating_add(opts.limit).min(total);
        let start = opts.offset.min(end);
        // Only the requested page needs ordering.
        smallest_k(&mut ranked, end, |a, b| filter::before(opts.sort, cols, a, b));
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
                day: d.day.map(date::iso_day).unwrap_or_default(),
                category: d.values(CATEGORY).map(str::to_string).collect(),
                meta: d.meta.iter().map(|&(k, v)| (k.to_string(), v.to_string())).collect(),
                score,
                excerpt,
                title_html,
                doc,
            });
        }
        Ok(SearchResults {
            query: query.to_string(),
            ran_as,
            rewrite,
            total,
            unfiltered_total,
            hits,
            suggestions,
            facets,
            newest,
        })
    }

    /// Resolves and evaluates `clauses`; with `typo_all`, every long enough word gets typo
    /// matches, otherwise only words that match (almost) nothing.
    /// With `browse`, a query without words matches every document (but the excluded ones).
    fn run(
        &mut self,
        clauses: &[Clause],
        opts: &SearchOptions,
        typo_all: bool,
        browse: bool,
    ) -> Result<(Plan, Vec<(u32, f32)>)> {
        let plan = self.plan(clauses, opts, typo_all)?;
        if plan.groups.is_empty() && !browse {
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
