//! Filters, date ranges, facet counts and the order of the results: what a news search page adds
//! to the words of a query. They read the index's [`Columns`] (each document's filter values
//! and date), never the document store.
//!
//! * Several values of one field mean any of them; several fields mean all of them.
//! * A date range keeps the documents whose day (as written, in its own time zone) is within
//!   it, both ends included; a document without a valid date is outside every range.
//! * The counts of a field are computed with the other fields' filters (and the date range)
//!   applied, but not its own, so a reader sees how many results the other values would give.
//! * Newest or oldest first: undated documents come after every dated one either way; equal
//!   dates keep document order.

use super::SearchOptions;
use crate::error::{Error, Result};
use crate::index::columns::{Columns, NO_DATE};
use crate::index::fields::Fields;
use serde::Serialize;

/// The order of the results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (BM25 and the match classes), ties in document order.
    #[default]
    Relevance,
    /// Most recent date first.
    Newest,
    /// Oldest date first.
    Oldest,
}

impl Sort {
    /// The sort named `name` (`relevance`, `newest`, `oldest`).
    pub fn parse(name: &str) -> Option<Sort> {
        match name {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

/// The number of results one value of a field would give.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// How many results have it.
    pub count: usize,
}

/// The counts of one filterable field, most frequent value first (then by name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Facet {
    /// The field.
    pub field: String,
    /// Its values with a count above zero.
    pub values: Vec<FacetCount>,
}

/// A search's filters, resolved against the index's fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    /// Per filtered field, the values allowed (a value the index does not know allows none).
    fields: Vec<(usize, Vec<u32>)>,
    /// The date range, in days, both ends included.
    from: Option<i32>,
    to: Option<i32>,
}

impl Filter {
    /// Resolves the filters of `opts`; a field the index does not have is an error.
    pub(crate) fn resolve(opts: &SearchOptions, fields: &Fields) -> Result<Filter> {
        let mut out = Filter { fields: Vec::new(), from: opts.from, to: opts.to };
        for (name, value) in &opts.filters {
            let f =
                fields.field(name).ok_or_else(|| Error::UnknownField { field: name.clone(), known: fields.names() })?;
            let slot = match out.fields.iter().position(|(x, _)| *x == f) {
                Some(i) => i,
                None => {
                    out.fields.push((f, Vec::new()));
                    out.fields.len() - 1
                }
            };
            if let Some(v) = fields.value(f, value) {
                out.fields[slot].1.push(v);
            }
        }
        Ok(out)
    }

    /// Whether the filter keeps fewer documents than all.
    pub(crate) fn is_active(&self) -> bool {
        !self.fields.is_empty() || self.from.is_some() || self.to.is_some()
    }

    /// Whether `doc` passes, ignoring the filter of field `except`.
    pub(crate) fn passes(&self, cols: &Columns, doc: u32, except: Option<usize>) -> bool {
        if self.from.is_some() || self.to.is_some() {
            let day = cols.days.get(doc as usize).copied().unwrap_or(NO_DATE);
            if day == NO_DATE || self.from.is_some_and(|f| day < f) || self.to.is_some_and(|t| day > t) {
                return false;
            }
        }
        self.fields
            .iter()
            .filter(|(f, _)| Some(*f) != except)
            .all(|(f, allowed)| cols.values(*f, doc).iter().any(|v| allowed.contains(v)))
    }

    /// The counts of every field over `docs` (each field with the other filters applied).
    pub(crate) fn facets(&self, cols: &Columns, fields: &Fields, docs: &[(u32, f32)]) -> Vec<Facet> {
        let mut out = Vec::with_capacity(fields.fields.len());
        for (fi, field) in fields.fields.iter().enumerate() {
            let mut counts = vec![0usize; field.values.len()];
            for &(d, _) in docs {
                if self.passes(cols, d, Some(fi)) {
                    for &v in cols.values(fi, d) {
                        if let Some(c) = counts.get_mut(v as usize) {
                            *c += 1;
                        }
                    }
                }
            }
            let mut values: Vec<FacetCount> = counts
                .into_iter()
                .enumerate()
                .filter(|&(_, c)| c > 0)
                .map(|(v, count)| FacetCount { value: field.values[v].clone(), count })
                .collect();
            crate::util::sort_by(&mut values, |a, b| (b.count, &a.value) < (a.count, &b.value));
            out.push(Facet { field: field.name.clone(), values });
        }
        out
    }
}

/// The minute of `doc` for ordering: dated documents by their minute, undated after all of
/// them whichever the direction.
fn minute(cols: &Columns, doc: u32) -> Option<i32> {
    cols.minutes.get(doc as usize).copied().filter(|&m| m != NO_DATE)
}

/// Whether `a` comes before `b` in `sort` order (relevance: by score).
pub(crate) fn before(sort: Sort, cols: Option<&Columns>, a: &(u32, f32), b: &(u32, f32)) -> bool {
    let dated = |x: &(u32, f32)| cols.and_then(|c| minute(c, x.0));
    match sort {
        Sort::Relevance => super::bm25::ranks_before(a, b),
        Sort::Newest | Sort::Oldest => match (dated(a), dated(b)) {
            (Some(x), Some(y)) if x != y => (x > y) == (sort == Sort::Newest),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            _ => a.0 < b.0,
        },
    }
}

/// Multiplies each score by `2^(-age / half_life)`, the age in days counted from the newest
/// document of the index; an undated document counts as old as the oldest.
pub(crate) fn decay(scored: &mut [(u32, f32)], cols: &Columns, half_life_days: f64) {
    if half_life_days <= 0.0 || !half_life_days.is_finite() {
        return;
    }
    let dated = cols.minutes.iter().copied().filter(|&m| m != NO_DATE);
    let (newest, oldest) = dated.fold((i32::MIN, i32::MAX), |(n, o), m| (n.max(m), o.min(m)));
    if newest == i32::MIN {
        return;
    }
    for (d, s) in scored.iter_mut() {
        let m = minute(cols, *d).unwrap_or(oldest);
        let age_days = f64::from(newest - m) / 1440.0;
        *s *= (-age_days / half_life_days).exp2() as f32;
    }
}
