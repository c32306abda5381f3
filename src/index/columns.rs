//! Per-document columns: each document's filter values (as numbers, see [`super::fields`]) and
//! its date, so that filters, date ranges, facet counts and sorting by date never read the
//! document store. In one index file they are a section; a split index keeps them in a shard of
//! their own, fetched only when a search filters, sorts or counts.
//!
//! ```text
//! COLUMNS  varint documents, varint n; n field names (length-prefixed)
//!          per field: per document, varint count then that many varint value numbers
//!          per document: varint 0 (no date) or zigzag(day − previous day) + 1,
//!                        and then zigzag(minute − previous minute)
//! ```
//!
//! A day counts days since 1970-01-01 as the date is written (its own time zone); a minute
//! counts minutes since 1970-01-01T00:00Z (see [`super::date`]).

use super::date;
use super::fields::Fields;
use super::varint::{put, put_bytes, Reader};
use super::Document;
use crate::error::{corrupt, Result};

/// A day or minute that a document without a (valid) date has.
pub const NO_DATE: i32 = i32::MIN;

/// The values of one field, for every document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FieldColumn {
    /// Document `d`'s values are `values[offsets[d]..offsets[d + 1]]`.
    offsets: Vec<u32>,
    values: Vec<u32>,
}

/// The columns of an index's documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// Per field of the index's [`Fields`] (by number).
    fields: Vec<FieldColumn>,
    /// Per document: its day, or [`NO_DATE`].
    pub days: Vec<i32>,
    /// Per document: its instant in minutes, or [`NO_DATE`].
    pub minutes: Vec<i32>,
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl Columns {
    /// The number of documents.
    pub fn docs(&self) -> usize {
        self.days.len()
    }

    /// Document `doc`'s values of field `field`.
    pub fn values(&self, field: usize, doc: u32) -> &[u32] {
        let Some(f) = self.fields.get(field) else { return &[] };
        let (a, b) = (f.offsets.get(doc as usize), f.offsets.get(doc as usize + 1));
        match (a, b) {
            (Some(&a), Some(&b)) => f.values.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Encodes the columns of `docs`, whose filter values `fields` numbers (every value must be
    /// there). A date that cannot be read is no date.
    pub fn encode(docs: &[Document], fields: &Fields) -> Vec<u8> {
        let mut out = Vec::new();
        put(&mut out, docs.len() as u64);
        put(&mut out, fields.fields.len() as u64);
        for f in &fields.fields {
            put_bytes(&mut out, f.name.as_bytes());
        }
        for (fi, f) in fields.fields.iter().enumerate() {
            for d in docs {
                let mine: Vec<u32> = d
                    .filters
                    .iter()
                    .filter(|(name, _)| *name == f.name)
                    .filter_map(|(_, v)| fields.value(fi, v))
                    .collect();
                put(&mut out, mine.len() as u64);
                for v in mine {
                    put(&mut out, u64::from(v));
                }
            }
        }
        let (mut day, mut minute) = (0i64, 0i64);
        for d in docs {
            match date::parse(&d.date) {
                Ok(dd) => {
                    put(&mut out, zigzag(i64::from(dd.day) - day) + 1);
                    let m = dd.instant.div_euclid(60);
                    put(&mut out, zigzag(m - minute));
                    (day, minute) = (i64::from(dd.day), m);
                }
                Err(_) => put(&mut out, 0),
            }
        }
        out
    }

    /// Decodes columns of `docs` documents, numbering their fields as `fields` does (a field the
    /// index does not list is an error).
    pub fn decode(b: &[u8], docs: u32, fields: &Fields) -> Result<Columns> {
        let mut r = Reader::new(b, "columns");
        if r.varint()? != u64::from(docs) {
            return Err(corrupt("columns", "the columns are not of this index's documents"));
        }
        let n = r.len()?;
        let mut numbers = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            let name = r.str()?;
            numbers.push(fields.field(name).ok_or_else(|| corrupt("columns", format!("unknown field {name}")))?);
        }
        let mut out = Columns { fields: vec![FieldColumn::default(); fields.fields.len()], ..Default::default() };
        for &fi in &numbers {
            let limit = fields.fields[fi].values.len() as u64;
            let col = &mut out.fields[fi];
            col.offsets.reserve(docs as usize + 1);
            col.offsets.push(0);
            for _ in 0..docs {
                let k = r.len()?;
                for _ in 0..k {
                    let v = r.varint()?;
                    if v >= limit {
                        return Err(corrupt("columns", "a value number out of range"));
                    }
                    col.values.push(v as u32);
                }
                col.offsets.push(col.values.len() as u32);
            }
        }
        // Fields this segment does not have: no values for any of its documents.
        for col in out.fields.iter_mut().filter(|c| c.offsets.is_empty()) {
            col.offsets = vec![0; docs as usize + 1];
        }
        out.days.reserve(docs as usize);
        out.minutes.reserve(docs as usize);
        let (mut day, mut minute) = (0i64, 0i64);
        for _ in 0..docs {
            match r.varint()? {
                0 => {
                    out.days.push(NO_DATE);
                    out.minutes.push(NO_DATE);
                }
                v => {
                    day += unzigzag(v - 1);
                    minute += unzigzag(r.varint()?);
                    let (d, m) = (i32::try_from(day), i32::try_from(minute));
                    let (Ok(d), Ok(m)) = (d, m) else { return Err(corrupt("columns", "a date out of range")) };
                    if d == NO_DATE || m == NO_DATE {
                        return Err(corrupt("columns", "a date out of range"));
                    }
                    out.days.push(d);
                    out.minutes.push(m);
                }
            }
        }
        Ok(out)
    }

    /// Appends the columns of the next documents (of a later segment, numbered after these).
    pub fn append(&mut self, other: Columns) {
        let n = self.docs();
        if self.fields.len() < other.fields.len() {
            self.fields.resize(other.fields.len(), FieldColumn::default());
        }
        for (i, col) in self.fields.iter_mut().enumerate() {
            if col.offsets.is_empty() {
                col.offsets = vec![0; n + 1];
            }
            let base = *col.offsets.last().unwrap_or(&0);
            match other.fields.get(i) {
                Some(o) => {
                    col.values.extend_from_slice(&o.values);
                    col.offsets.extend(o.offsets.iter().skip(1).map(|x| x + base));
                }
                None => col.offsets.extend(std::iter::repeat_n(base, other.docs())),
            }
        }
        self.days.extend(other.days);
        self.minutes.extend(other.minutes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(cats: &[&str], date: &str) -> Document {
        let mut d = Document::new("x", "", "");
        for c in cats {
            d.add_filter("category", *c);
        }
        d.date = date.into();
        d
    }

    #[test]
    fn columns_round_trip() {
        let mut docs = vec![
            doc(&["سياسة", "دولي"], "2020-05-28T23:30:00+03:00"),
            doc(&[], "2207-20-16"),
            doc(&["اقتصاد"], "2019-01-01"),
        ];
        docs[2].add_filter("section", "محلي");
        let fields = Fields::of(docs.iter().flat_map(|d| d.filters.iter().map(|(f, v)| (f.as_str(), v.as_str()))));
        let c = Columns::decode(&Columns::encode(&docs, &fields), 3, &fields).unwrap();
        assert_eq!(c.values(0, 0), [0, 1]);
        assert_eq!(c.values(0, 1), [] as [u32; 0]);
        assert_eq!(c.values(0, 2), [2]);
        assert_eq!(c.values(1, 2), [0]);
        assert_eq!(c.values(1, 0), [] as [u32; 0]);
        assert_eq!(date::iso_day(c.days[0]), "2020-05-28");
        assert_eq!(c.minutes[0], (date::parse("2020-05-28T20:30:00Z").unwrap().instant / 60) as i32);
        assert_eq!((c.days[1], c.minutes[1]), (NO_DATE, NO_DATE), "an unreadable date is no date");
        assert_eq!(date::iso_day(c.days[2]), "2019-01-01");
        assert!(Columns::decode(&Columns::encode(&docs, &fields), 4, &fields).is_err());
        // Appending renumbers nothing: the second part's documents follow the first's.
        let mut both = c.clone();
        both.append(c.clone());
        assert_eq!(both.docs(), 6);
        assert_eq!(both.values(0, 3), [0, 1]);
        assert_eq!(both.values(1, 5), [0]);
        assert_eq!(both.days[5], c.days[2]);
    }
}
