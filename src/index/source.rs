//! What the search reads, whatever holds it: one index file ([`Index`]) or the shards of a split
//! index ([`super::split::SplitIndex`]). The search code is written once, against this trait,
//! so both return the same hits.

use super::format::{Meta, TermValue};
use super::read::{Index, Postings, StoredDoc};
use crate::error::Result;
use crate::search::fuzzy::Fuzzy;
use fst::{IntoStreamer, Streamer};

/// Read access to an index.
pub trait Source {
    /// Counts and parameters.
    fn meta(&self) -> &Meta;
    /// The average document length, in tokens.
    fn avg_len(&self) -> f32;
    /// Looks up one term.
    fn term(&self, term: &[u8]) -> Option<TermValue>;
    /// [`Source::term`] for a reading that is probably not in the index: a split index then
    /// asks only for the dictionary, not also for the postings the term would have.
    fn unlikely_term(&self, term: &[u8]) -> Option<TermValue> {
        self.term(term)
    }
    /// The precomputed most frequent completions of `prefix`, if it has many.
    fn heavy_prefix(&self, prefix: &[u8]) -> Result<Option<Vec<TermValue>>>;
    /// Calls `f` for the terms from `lo` (inclusive) to `hi` (exclusive, or the end), in
    /// order, until it returns `false`.
    fn scan(&self, lo: &[u8], hi: Option<&[u8]>, f: &mut dyn FnMut(&[u8], TermValue) -> bool);
    /// Calls `f` for the terms the automaton matches, until it returns `false`.
    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], TermValue) -> bool);
    /// The postings of a term.
    fn postings(&self, v: TermValue) -> Result<Postings<'_>>;
    /// Whether the positions of a term can be read now (a split index may have to fetch them).
    fn positions_ready(&self, _v: TermValue) -> bool {
        true
    }
    /// Whether a lookup of this search found a file missing (a split index): the search will
    /// run again once it is fetched, so it skips what only matters when nothing matched (typo
    /// and keyboard rewrites, suggestions), which would otherwise fetch files for nothing.
    fn pending(&self) -> bool {
        false
    }
    /// A stored document.
    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>>;
    /// Per-document arrays the search reuses from query to query.
    fn scratch(&self) -> &std::sync::Mutex<crate::search::Scratch>;
}

impl Source for Index {
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
        let mut s = self.terms().search(aut).into_stream();
        while let Some((k, v)) = s.next() {
            if !f(k, TermValue(v)) {
                return;
            }
        }
    }
    fn postings(&self, v: TermValue) -> Result<Postings<'_>> {
        Index::postings(self, v)
    }
    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>> {
        Index::doc(self, doc)
    }
    fn scratch(&self) -> &std::sync::Mutex<crate::search::Scratch> {
        &self.scratch
    }
}

/// [`Source::scan`] over one `fst` map.
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
