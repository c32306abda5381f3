//! What the search reads, whatever holds it: one index file ([`Index`]) or the shards of a split
//! index ([`super::split::SplitIndex`]). The search (in [`crate::search`]) is written once,
//! against this trait, so both return the same hits. The trait only reads: the search's own
//! working memory belongs to the search.

use super::columns::Columns;
use super::docstore::StoredDoc;
use super::fields::Fields;
use super::format::{Meta, TermValue};
use super::postings::Postings;
use super::read::Index;
use crate::analysis::fuzzy::Fuzzy;
use crate::error::Result;
use fst::{IntoStreamer, Streamer};

/// Read access to an index.
pub trait Searchable {
    /// Counts and parameters.
    fn meta(&self) -> &Meta;
    /// The average document length, in tokens.
    fn avg_len(&self) -> f32;
    /// Looks up one term.
    fn term(&self, term: &[u8]) -> Option<TermValue>;
    /// [`Searchable::term`] for a reading that is probably not in the index: a split index
    /// then asks only for the dictionary, not also for the postings the term would have.
    fn unlikely_term(&self, term: &[u8]) -> Option<TermValue> {
        self.term(term)
    }
    /// The precomputed most frequent completions of `prefix`, if it has many.
    fn heavy_prefix(&self, prefix: &[u8]) -> Result<Option<Vec<TermValue>>>;
    /// Calls `f` for the terms from `lo` (inclusive) to `hi` (exclusive, or the end), in
    /// order, until it returns `false`.
    fn scan(&self, lo: &[u8], hi: Option<&[u8]>, f: &mut dyn FnMut(&[u8], TermValue) -> bool);
    /// Calls `f` for the terms the typo automaton matches, in order, until it returns `false`.
    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], TermValue) -> bool);
    /// The postings of a term.
    fn postings(&self, v: TermValue) -> Result<Postings<'_>>;
    /// Whether the positions of a term can be read now (a split index may have to fetch them).
    fn positions_ready(&self, _v: TermValue) -> bool {
        true
    }
    /// Whether a lookup of this search found a shard missing (a split index): the search will
    /// run again once it is fetched, so it skips what only matters when nothing matched (typo
    /// and keyboard rewrites, suggestions), which would otherwise fetch shards for nothing.
    fn pending(&self) -> bool {
        false
    }
    /// A stored document.
    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>>;
    /// The filterable fields and their values.
    fn fields(&self) -> &Fields;
    /// Every document's filter values and date (a split index may have to fetch them).
    fn columns(&self) -> Result<&Columns>;
}

impl Searchable for Index {
    fn meta(&self) -> &Meta {
        Index::meta(self)
    }
    fn avg_len(&self) -> f32 {
        Index::avg_len(self)
    }
    fn term(&self, term: &[u8]) -> Option<TermValue> {
        Index::term(self, term)
    }
    fn heavy_prefix(&self, prefix: &[u8]) -> Result<Option<Vec<TermValue>>> {
        Index::heavy_prefix(self, prefix)
    }
    fn scan(&self, lo: &[u8], hi: Option<&[u8]>, f: &mut dyn FnMut(&[u8], TermValue) -> bool) {
        scan_map(self.terms(), lo, hi, f);
    }
    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], TermValue) -> bool) {
        fuzzy_map(self.terms(), aut, f);
    }
    fn postings(&self, v: TermValue) -> Result<Postings<'_>> {
        Index::postings(self, v)
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

/// [`Searchable::scan`] over one `fst` map.
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

/// [`Searchable::fuzzy`] over one `fst` map; returns `false` when `f` asked to stop.
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
