//! What the search reads, whatever holds it: one index file ([`Index`]) or a split index made of
//! segments ([`super::split::SplitIndex`]). The search (in [`crate::search`]) is written once,
//! against this trait, so both return the same hits; the trait hides the segments: a term is a
//! [`TermRef`] with the document frequency of the whole index, its postings come as one list in
//! global document numbers ([`Postings`]), deleted documents left out. The trait only reads: the
//! search's own working memory belongs to the search.

use super::columns::Columns;
use super::docstore::StoredDoc;
use super::fields::Fields;
use super::format::{Display, PostingsAt, TermValue};
use super::postings::{Posting, PostingList};
use super::read::Index;
use crate::analysis::alphabet::prefix_upper;
use crate::analysis::fuzzy::Fuzzy;
use crate::error::Result;
use crate::util::{sort_by, DocSet};
use fst::{IntoStreamer, Streamer};

/// The counts the ranking needs, for the whole index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Document numbers run from 0 to this (deleted documents keep theirs).
    pub docs: u32,
    /// Documents that are not deleted.
    pub live: u32,
    /// Tokens of the live documents.
    pub tokens: u64,
    /// How many completions the heavy-prefix lists keep.
    pub top_k: u32,
    /// A prefix with more completions than this has a list.
    pub heavy_prefix: u32,
    /// A term in more documents than this keeps no positions (see [`crate::index::format::Meta`]).
    pub positions_cap: u32,
}

impl Stats {
    /// The average length of a live document, in tokens.
    pub fn avg_len(&self) -> f32 {
        (self.tokens as f64 / f64::from(self.live.max(1))).max(1.0) as f32
    }
}

/// Where one segment keeps a term's postings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    /// The segment's place in the index.
    pub segment: u16,
    /// Where in that segment.
    pub at: PostingsAt,
}

/// A term of the whole index.
#[derive(Clone, Debug)]
pub struct TermRef {
    /// How many live documents contain it.
    pub df: u32,
    /// How to show it.
    pub display: Display,
    /// The segments that hold postings of it, in segment order.
    pub locs: Vec<Loc>,
}

/// Two references are to the same term when they point at the same postings.
impl PartialEq for TermRef {
    fn eq(&self, other: &TermRef) -> bool {
        self.locs == other.locs
    }
}

impl TermRef {
    /// The term of a one-segment index, from its dictionary value.
    pub fn single(v: TermValue) -> TermRef {
        let locs = if v.postings().is_some() { vec![Loc { segment: 0, at: v.postings() }] } else { Vec::new() };
        TermRef { df: v.df(), display: v.display(), locs }
    }
}

/// The postings of a term in the whole index: each segment's list in turn, in global document
/// numbers, without the deleted documents.
pub struct Postings<'a> {
    /// Live documents containing the term (the whole index's count, for ranking).
    pub df: u32,
    parts: Vec<(u32, PostingList<'a>)>,
    current: usize,
    deleted: Option<&'a DocSet>,
}

impl<'a> Postings<'a> {
    /// The postings made of `parts` (each segment's list and the number of its first document).
    pub(crate) fn new(df: u32, parts: Vec<(u32, PostingList<'a>)>, deleted: Option<&'a DocSet>) -> Postings<'a> {
        Postings { df, parts, current: 0, deleted }
    }

    /// The next posting.
    #[inline]
    pub fn next_posting(&mut self) -> Result<Option<Posting>> {
        while let Some((base, list)) = self.parts.get_mut(self.current) {
            match list.next_posting()? {
                Some(mut p) => {
                    p.doc += *base;
                    if self.deleted.is_some_and(|d| d.contains(p.doc)) {
                        // Its positions must still be read past, in order.
                        list.skip_positions(&p)?;
                        continue;
                    }
                    return Ok(Some(p));
                }
                None => self.current += 1,
            }
        }
        Ok(None)
    }

    /// Whether every segment's list keeps positions (the most common terms keep none).
    pub fn has_positions(&self) -> bool {
        self.parts.iter().all(|(_, l)| l.has_positions())
    }

    /// The positions of the posting just returned (see [`PostingList::positions`]).
    pub fn positions(&mut self, p: &Posting, out: &mut Vec<u32>) -> Result<()> {
        match self.parts.get_mut(self.current) {
            Some((_, list)) => list.positions(p, out),
            None => {
                out.clear();
                Ok(())
            }
        }
    }
}

/// Read access to an index.
pub trait Searchable {
    /// The counts the ranking needs.
    fn stats(&self) -> &Stats;
    /// Looks up one term (`None` when no live document has it).
    fn term(&self, term: &[u8]) -> Option<TermRef>;
    /// [`Searchable::term`] for a reading that is probably not in the index: a split index
    /// then asks only for the dictionary, not also for the postings the term would have.
    fn unlikely_term(&self, term: &[u8]) -> Option<TermRef> {
        self.term(term)
    }
    /// The `k` most frequent terms that start with `prefix` (by document frequency, then term
    /// order), exactly as one index of the same documents would list them.
    fn completions(&self, prefix: &[u8], k: usize) -> Result<Vec<TermRef>>;
    /// Calls `f` for the terms the typo automaton matches, in term order, until it returns
    /// `false`.
    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], &TermRef) -> bool);
    /// The postings of a term.
    fn postings(&self, t: &TermRef) -> Result<Postings<'_>>;
    /// Whether the positions of a term can be read now (a split index may have to fetch them).
    fn positions_ready(&self, _t: &TermRef) -> bool {
        true
    }
    /// Whether a lookup of this search found a shard missing (a split index): the search will
    /// run again once it is fetched, so it skips what only matters when nothing matched (typo
    /// and keyboard rewrites, suggestions), which would otherwise fetch shards for nothing.
    fn pending(&self) -> bool {
        false
    }
    /// Whether a document is live (not deleted by a later update).
    fn is_live(&self, _doc: u32) -> bool {
        true
    }
    /// A stored document.
    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>>;
    /// The filterable fields and their values.
    fn fields(&self) -> &Fields;
    /// Every document's filter values and date (a split index may have to fetch them).
    fn columns(&self) -> Result<&Columns>;
}

impl Searchable for Index {
    fn stats(&self) -> &Stats {
        Index::stats(self)
    }
    fn term(&self, term: &[u8]) -> Option<TermRef> {
        Index::term(self, term).map(TermRef::single)
    }
    fn completions(&self, prefix: &[u8], k: usize) -> Result<Vec<TermRef>> {
        let mut top = match Index::heavy_prefix(self, prefix)? {
            Some(list) => list.into_iter().map(|(_, v)| v).collect(),
            None => {
                let mut all = Vec::new();
                // A prefix that is not heavy has at most `heavy_prefix` completions; the bound
                // is a guard against a damaged prefix table.
                let guard = (self.stats().heavy_prefix as usize).saturating_mul(4).max(1024);
                scan_map(self.terms(), prefix, prefix_upper(prefix).as_deref(), &mut |_, v| {
                    all.push(v);
                    all.len() < guard
                });
                sort_by(&mut all, |a: &TermValue, b: &TermValue| (b.df(), a.0) < (a.df(), b.0));
                all
            }
        };
        top.truncate(k);
        Ok(top.into_iter().map(TermRef::single).collect())
    }
    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], &TermRef) -> bool) {
        fuzzy_map(self.terms(), aut, &mut |k, v| f(k, &TermRef::single(v)));
    }
    fn postings(&self, t: &TermRef) -> Result<Postings<'_>> {
        let parts = match t.locs.first() {
            Some(loc) => vec![(0, Index::postings(self, loc.at)?)],
            None => Vec::new(),
        };
        Ok(Postings::new(t.df, parts, None))
    }
    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>> {
        Index::doc(self, doc)
    }
    fn fields(&self) -> &Fields {
        Index::fields(self)
    }
    fn columns(&self) -> Result<&Columns> {
        Index::columns(self)
    }
}

/// Calls `f` for the terms of `map` from `lo` (inclusive) to `hi` (exclusive, or the end), in
/// order, until it returns `false`.
pub(crate) fn scan_map<D: AsRef<[u8]>>(
    map: &fst::Map<D>,
    lo: &[u8],
    hi: Option<&[u8]>,
    f: &mut dyn FnMut(&[u8], TermValue) -> bool,
) {
    let mut range = map.range().ge(lo);
    if let Some(h) = hi {
        range = range.lt(h);
    }
    let mut s = range.into_stream();
    while let Some((k, v)) = s.next() {
        if !f(k, TermValue(v)) {
            return;
        }
    }
}

/// Calls `f` for the terms of `map` the automaton matches; returns `false` when `f` asked to
/// stop.
pub(crate) fn fuzzy_map<D: AsRef<[u8]>>(
    map: &fst::Map<D>,
    aut: &Fuzzy<'_>,
    f: &mut dyn FnMut(&[u8], TermValue) -> bool,
) -> bool {
    let mut s = map.search(aut).into_stream();
    while let Some((k, v)) = s.next() {
        if !f(k, TermValue(v)) {
            return false;
        }
    }
    true
}
