//! The document store: what a hit shows (id, title, url, date, category) and the body text that
//! excerpts are cut from. Both layouts write and read it with the functions here; a split index
//! keeps one store per document shard.
//!
//! ```text
//! u32 count, (count + 1) u32 record offsets (from the end of the table), then per document
//! length-prefixed strings: id, title, url, date (as written); varint 0 (no readable date) or
//! zigzag(day) + 1 (the day as written, see `date.rs`); varint n and n (field, value) pairs of
//! filter values; varint m and m (key, value) pairs of metadata; the body (cut to the stored
//! maximum)
//! ```

use super::varint::{put, put_bytes, Reader};
use super::Document;
use crate::error::{corrupt, Error, Result};

/// A stored document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDoc<'a> {
    /// The document's id (a path, a slug, or the `id` field of the input).
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its URL (may be empty).
    pub url: &'a str,
    /// Its date as written (may be empty).
    pub date: &'a str,
    /// Its day (see [`super::date`]), when its date could be read.
    pub day: Option<i32>,
    /// Its filter values, `(field, value)`.
    pub filters: Vec<(&'a str, &'a str)>,
    /// Its metadata, `(key, value)`.
    pub meta: Vec<(&'a str, &'a str)>,
    /// Its body text, as stored for excerpts.
    pub body: &'a str,
}

impl<'a> StoredDoc<'a> {
    /// The values of one filter field.
    pub fn values<'s>(&'s self, field: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.filters.iter().filter(move |(f, _)| *f == field).map(|(_, v)| *v)
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The part of `body` stored for excerpts: at most `max_bytes` bytes, and at most `max_chars`
/// characters when set (both cut at a character boundary).
pub(crate) fn stored_body(body: &str, max_bytes: usize, max_chars: Option<u32>) -> &str {
    let body = truncate(body, max_bytes);
    match max_chars.and_then(|n| body.char_indices().nth(n as usize)) {
        Some((end, _)) => &body[..end],
        None => body,
    }
}

/// Encodes the store of `docs`, each body cut as [`stored_body`] says.
pub(crate) fn encode(docs: &[Document], max_body: usize, max_chars: Option<u32>) -> Result<Vec<u8>> {
    let mut records = Vec::new();
    let mut offsets = Vec::with_capacity(docs.len() + 1);
    let too_large = || Error::TooLarge { what: "a document store over 4 GiB" };
    for d in docs {
        offsets.push(u32::try_from(records.len()).map_err(|_| too_large())?);
        for field in [d.id.as_str(), &d.title, &d.url, &d.date] {
            put_bytes(&mut records, field.as_bytes());
        }
        match super::date::parse(&d.date) {
            Ok(x) => put(&mut records, ((i64::from(x.day) << 1) ^ (i64::from(x.day) >> 63)) as u64 + 1),
            Err(_) => put(&mut records, 0),
        }
        for pairs in [&d.filters, &d.meta] {
            put(&mut records, pairs.len() as u64);
            for (k, v) in pairs {
                put_bytes(&mut records, k.as_bytes());
                put_bytes(&mut records, v.as_bytes());
            }
        }
        put_bytes(&mut records, stored_body(&d.body, max_body, max_chars).as_bytes());
    }
    offsets.push(u32::try_from(records.len()).map_err(|_| too_large())?);
    let mut out = Vec::with_capacity(4 + offsets.len() * 4 + records.len());
    out.extend_from_slice(&(docs.len() as u32).to_le_bytes());
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&records);
    Ok(out)
}

/// Checks the structure of a store: `count` records with offsets in order and inside it.
pub(crate) fn check(d: &[u8], count: u32) -> Result<()> {
    let mut r = Reader::new(d, "documents");
    let found = r.u32()?;
    if found != count {
        return Err(corrupt("documents", format!("{found} documents where {count} were expected")));
    }
    let table = 4 + (count as usize + 1) * 4;
    if d.len() < table {
        return Err(corrupt("documents", "the offset table runs past the end"));
    }
    let mut last = 0u32;
    for _ in 0..=count {
        let o = r.u32()?;
        if o < last || table + o as usize > d.len() {
            return Err(corrupt("documents", "record offsets out of order or out of range"));
        }
        last = o;
    }
    Ok(())
}

/// Record `i` of a store already checked by [`check`].
pub(crate) fn record(d: &[u8], i: u32) -> Result<StoredDoc<'_>> {
    let mut head = Reader::new(d, "documents");
    let count = head.u32()?;
    if i >= count {
        return Err(corrupt("documents", format!("no document {i}")));
    }
    let table = 4 + (count as usize + 1) * 4;
    let off = Reader::at(d, 4 + i as usize * 4, "documents")?.u32()? as usize;
    let mut r = Reader::at(d, table + off, "documents")?;
    let (id, title, url, date) = (r.str()?, r.str()?, r.str()?, r.str()?);
    let day = match r.varint()? {
        0 => None,
        v => {
            let zz = v - 1;
            let day = ((zz >> 1) as i64) ^ -((zz & 1) as i64);
            Some(i32::try_from(day).map_err(|_| corrupt("documents", "a day out of range"))?)
        }
    };
    let mut pairs = || -> Result<Vec<(&str, &str)>> {
        let n = r.len()?;
        if n > d.len() {
            return Err(corrupt("documents", "more fields than bytes"));
        }
        (0..n).map(|_| Ok((r.str()?, r.str()?))).collect()
    };
    let filters = pairs()?;
    let meta = pairs()?;
    Ok(StoredDoc { id, title, url, date, day, filters, meta, body: r.str()? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("برلين", 3), "ب");
        assert_eq!(truncate("برلين", 100), "برلين");
    }

    #[test]
    fn records_round_trip() {
        let mut d = Document::new("a", "عنوان", "نص طويل").with_category("سياسة").with_category("دولي");
        d.url = "/a.html".into();
        d.meta.push(("author".into(), "سارة".into()));
        let store = encode(&[Document::new("z", "", ""), d], 5, None).unwrap();
        check(&store, 2).unwrap();
        assert!(check(&store, 3).is_err());
        let r = record(&store, 1).unwrap();
        assert_eq!((r.id, r.title, r.url, r.body), ("a", "عنوان", "/a.html", "نص ")); // cut at 5 bytes
        assert_eq!(r.values("category").collect::<Vec<_>>(), ["سياسة", "دولي"]);
        assert_eq!(r.meta, [("author", "سارة")]);
        assert_eq!(r.day, None);
        let mut dated = Document::new("d", "ت", "ن");
        dated.date = "2020-05-28T23:30:00+03:00".into();
        let store = encode(&[dated], 100, None).unwrap();
        assert_eq!(record(&store, 0).unwrap().day.map(super::super::date::iso_day).as_deref(), Some("2020-05-28"));
        assert!(record(&store, 0).unwrap().filters.is_empty());
        assert!(record(&store, 2).is_err());
    }
}
