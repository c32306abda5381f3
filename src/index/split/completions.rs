//! The most frequent completions of a prefix over several segments, exactly as one index of the
//! same documents would list them.
//!
//! Each segment offers candidates: the list of its heavy prefixes (the top completions by how
//! many documents they add, twice as many as a search takes), or, for a prefix that is not heavy
//! there, every term of its range. A candidate's count is the sum over the segments. A segment
//! that offered a list says nothing of the terms below its list, except that each adds at most
//! what the list's last one adds (its *floor*); so:
//!
//! 1. every candidate that some listing segment did not list, and that could still reach the
//!    top `k` with the floors, is looked up in those segments;
//! 2. a term no segment offered could add up to the sum of the floors: if that reaches the
//!    `k`-th count, the listing segments' whole ranges are read instead (rare: a segment lists
//!    twice what a search takes).
//!
//! With one segment, its list is the answer (a fresh build).

use super::read::{Found, SplitIndex};
use crate::analysis::alphabet::prefix_upper;
use crate::error::Result;
use crate::index::format::TermValue;
use crate::index::searchable::TermRef;
use crate::util::sort_by;

/// One segment's candidates.
struct Offer {
    /// Terms and values, in term order.
    entries: Vec<(Vec<u8>, TermValue)>,
    /// For a list: what an unlisted term adds at most. `None`: the entries are complete.
    floor: Option<i64>,
}

/// The `k` most frequent completions of `prefix` (see the module documentation). When shards
/// are missing they are asked for and the answer is empty (the search runs again).
pub(crate) fn top(index: &SplitIndex, prefix: &[u8], k: usize) -> Result<Vec<TermRef>> {
    let n = index.segments.len();
    if k == 0 || prefix.is_empty() || n == 0 {
        return Ok(Vec::new());
    }
    let upper = prefix_upper(prefix);
    // A prefix that is not heavy has at most `heavy_prefix` completions; the bound is a guard
    // against a damaged prefix table.
    let guard = (crate::index::Searchable::stats(index).heavy_prefix as usize).saturating_mul(4).max(1024);
    let mut offers = Vec::with_capacity(n);
    let mut missing = false;
    for si in 0..n {
        match index.heavy_list(si, prefix)? {
            None => missing = true,
            Some(Some(mut list)) => {
                let floor = list.last().map(|(_, v)| v.df_delta());
                sort_by(&mut list, |a, b| a.0 < b.0);
                offers.push(Offer { entries: list, floor });
            }
            Some(None) => match index.scan_segment(si, prefix, upper.as_deref(), guard) {
                Some(entries) => offers.push(Offer { entries, floor: None }),
                None => missing = true,
            },
        }
    }
    if missing {
        return Ok(Vec::new());
    }
    // One segment: its list or its range is the answer.
    if n == 1 {
        let mut all: Vec<(Vec<u8>, TermValue)> = offers.pop().map(|o| o.entries).unwrap_or_default();
        all.retain(|(_, v)| v.df_delta() > 0 && v.postings().is_some());
        sort_by(&mut all, |a, b| (b.1.df_delta(), &a.0) < (a.1.df_delta(), &b.0));
        all.truncate(k);
        return Ok(all.into_iter().filter_map(|(_, v)| SplitIndex::combine(&[Some(v)])).collect());
    }
    // Candidates: every term any segment offered, with each segment's value where known.
    let mut terms: Vec<Vec<u8>> = offers.iter().flat_map(|o| o.entries.iter().map(|(t, _)| t.clone())).collect();
    sort_by(&mut terms, |a, b| a < b);
    terms.dedup();
    let mut known: Vec<Vec<Option<Option<TermValue>>>> = Vec::with_capacity(terms.len());
    for t in &terms {
        let row = offers
            .iter()
            .map(|o| match o.entries.binary_search_by(|(x, _)| x.as_slice().cmp(t)) {
                Ok(i) => Some(Some(o.entries[i].1)),
                // Absent from a complete offer: the segment has no such term.
                Err(_) if o.floor.is_none() => Some(None),
                Err(_) => None,
            })
            .collect();
        known.push(row);
    }
    let sum = |row: &[Option<Option<TermValue>>], unknown_as_floor: bool| -> i64 {
        row.iter()
            .zip(&offers)
            .map(|(v, o)| match v {
                Some(Some(v)) => v.df_delta(),
                Some(None) => 0,
                None if unknown_as_floor => o.floor.unwrap_or(0),
                None => 0,
            })
            .sum()
    };
    let kth = |known: &[Vec<Option<Option<TermValue>>>]| -> i64 {
        let mut exact: Vec<i64> =
            known.iter().filter(|r| r.iter().all(Option::is_some)).map(|r| sum(r, false)).collect();
        sort_by(&mut exact, |a, b| a > b);
        exact.get(k - 1).copied().unwrap_or(i64::MIN)
    };
    // 1. Look up the candidates that could still reach the top.
    let bar = kth(&known);
    let mut asked = false;
    for (t, row) in terms.iter().zip(known.iter_mut()) {
        if row.iter().all(Option::is_some) || sum(row, true) < bar {
            continue;
        }
        match index.lookup_all(t, false) {
            Found::Values(values) => {
                for (slot, v) in row.iter_mut().zip(values) {
                    slot.get_or_insert(v);
                }
            }
            Found::Missing => asked = true,
        }
    }
    if asked {
        return Ok(Vec::new());
    }
    // 2. Could a term nobody offered beat the k-th? Then read the listing segments' ranges.
    let bar = kth(&known);
    let unseen: i64 = offers.iter().filter_map(|o| o.floor).sum();
    if offers.iter().any(|o| o.floor.is_some()) && unseen >= bar {
        return exhaustive(index, prefix, upper.as_deref(), k);
    }
    let mut scored: Vec<(i64, usize)> = known
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().all(Option::is_some))
        .map(|(i, r)| (sum(r, false), i))
        .filter(|&(df, _)| df > 0)
        .collect();
    sort_by(&mut scored, |a, b| (b.0, a.1) < (a.0, b.1));
    let mut out = Vec::with_capacity(k);
    for (_, i) in scored {
        let values: Vec<Option<TermValue>> = known[i].iter().map(|v| v.flatten()).collect();
        if let Some(t) = SplitIndex::combine(&values) {
            out.push(t);
            if out.len() == k {
                break;
            }
        }
    }
    Ok(out)
}

/// Every segment's whole range of the prefix, summed by term: exact, and slower.
fn exhaustive(index: &SplitIndex, prefix: &[u8], upper: Option<&[u8]>, k: usize) -> Result<Vec<TermRef>> {
    let n = index.segments.len();
    let mut all: Vec<(Vec<u8>, usize, TermValue)> = Vec::new();
    let mut missing = false;
    for si in 0..n {
        match index.scan_segment(si, prefix, upper, usize::MAX) {
            Some(entries) => all.extend(entries.into_iter().map(|(t, v)| (t, si, v))),
            None => missing = true,
        }
    }
    if missing {
        return Ok(Vec::new());
    }
    sort_by(&mut all, |a, b| (&a.0, a.1) < (&b.0, b.1));
    let mut terms: Vec<(i64, Vec<u8>, Vec<Option<TermValue>>)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut values = vec![None; n];
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            values[all[j].1] = Some(all[j].2);
            j += 1;
        }
        let df: i64 = values.iter().flatten().map(|v| v.df_delta()).sum();
        if df > 0 {
            terms.push((df, all[i].0.clone(), values));
        }
        i = j;
    }
    sort_by(&mut terms, |a, b| (b.0, &a.1) < (a.0, &b.1));
    Ok(terms.into_iter().filter_map(|(_, _, v)| SplitIndex::combine(&v)).take(k).collect())
}
