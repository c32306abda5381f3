//! Opening and reading an index.

use super::format::{self, Header, Meta, SectionKind, TermValue};
use super::varint::Reader;
use crate::error::{corrupt, Error, Result};
use std::ops::Range;
use std::sync::Arc;

/// A shared, immutable byte range: the bytes of one section, without copying the file.
#[derive(Clone)]
pub struct Bytes {
    buf: Arc<Vec<u8>>,
    range: Range<usize>,
}

impl Bytes {
    /// The bytes of `range` in `buf`.
    pub(crate) fn new(buf: Arc<Vec<u8>>, range: Range<usize>) -> Self {
        Bytes { buf, range }
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.buf[self.range.clone()]
    }
}

/// An open index.
///
/// Opening checks the header (magic, versions, length, header checksum), the checksums of the
/// two dictionaries (an `fst` must not be walked over damaged bytes) and the structure of the
/// document table; [`Index::verify`] checks every other section's checksum too. Nothing here
/// panics on a damaged file: every read is bounds-checked and reports [`Error::Corrupt`].
pub struct Index {
    buf: Arc<Vec<u8>>,
    header: Header,
    meta: Meta,
    terms: fst::Map<Bytes>,
    prefixes: fst::Map<Bytes>,
    postings: Range<usize>,
    positions: Range<usize>,
    top_terms: Range<usize>,
    norms: Range<usize>,
    docs: Range<usize>,
    avg_len: f32,
    /// Reusable per-query arrays (see [`crate::search`]).
    pub(crate) scratch: std::sync::Mutex<crate::search::Scratch>,
}

/// A stored document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredDoc<'a> {
    /// The document's id (a path, a slug, or the `id` field of the input).
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its URL (may be empty).
    pub url: &'a str,
    /// Its date (may be empty).
    pub date: &'a str,
    /// Its category (may be empty).
    pub category: &'a str,
    /// Its body text, as stored for excerpts.
    pub body: &'a str,
}

/// One posting: a document, how often the term occurs in it, and [`format::flags`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Term frequency in the document (title and body).
    pub tf: u32,
    /// Title and clitic flags.
    pub flags: u8,
    /// The document's length, quantized (see [`format::quantize_len`]).
    pub norm: u8,
}

/// Where the postings of a term find each document's length: the index's table of norms
/// (single file), or a byte per posting after the frequencies (split index, whose shards must
/// not depend on a table as large as the corpus).
enum Norms<'a> {
    Table(&'a [u8]),
    Inline(Reader<'a>),
}

/// The postings of one term, decoded lazily.
pub struct Postings<'a> {
    /// Number of documents.
    pub df: u32,
    docs: Reader<'a>,
    tfs: Reader<'a>,
    norms: Norms<'a>,
    positions: Option<Reader<'a>>,
    left: u32,
    doc: u32,
    n_docs: u32,
}

/// Decodes the postings entry at `offset` of a postings section (see [`format`]): df, the
/// lengths of the doc-id and frequency blocks, the positions offset plus one (0: none), the
/// blocks, and, when `norms_table` is `None`, one norm byte per posting.
pub(crate) fn decode_postings<'a>(
    postings: &'a [u8],
    offset: u64,
    positions: Option<&'a [u8]>,
    norms_table: Option<&'a [u8]>,
    n_docs: u32,
) -> Result<Postings<'a>> {
    let mut r = Reader::at(postings, usize::try_from(offset).unwrap_or(usize::MAX), "postings")?;
    let df = r.varint_u32()?;
    let docs_len = r.len()?;
    let tfs_len = r.len()?;
    let pos_off = r.len()?;
    if df > n_docs {
        return Err(corrupt("postings", "more postings than documents"));
    }
    let start = r.pos();
    let block = |from: usize, len: usize| -> Result<Reader<'a>> {
        let end = from.checked_add(len).filter(|&e| e <= postings.len());
        let end = end.ok_or_else(|| corrupt("postings", "a list runs past the end"))?;
        Ok(Reader::new(&postings[from..end], "postings"))
    };
    let docs = block(start, docs_len)?;
    let tfs = block(start + docs_len, tfs_len)?;
    let norms = match norms_table {
        Some(t) => Norms::Table(t),
        None => Norms::Inline(block(start + docs_len + tfs_len, df as usize)?),
    };
    let positions = match (pos_off, positions) {
        (0, _) | (_, None) => None,
        (o, Some(p)) => Some(Reader::at(p, o - 1, "positions")?),
    };
    Ok(Postings { df, docs, tfs, norms, positions, left: df, doc: 0, n_docs })
}

impl Postings<'_> {
    /// The next posting.
    #[inline]
    pub fn next_posting(&mut self) -> Result<Option<Posting>> {
        if self.left == 0 {
            return Ok(None);
        }
        let delta = self.docs.varint_u32()?;
        self.doc = if self.left == self.df {
            delta
        } else {
            self.doc.checked_add(delta).ok_or_else(|| corrupt("postings", "document number overflow"))?
        };
        if self.doc >= self.n_docs || (self.left != self.df && delta == 0) {
            return Err(corrupt("postings", "document numbers out of order or out of range"));
        }
        self.left -= 1;
        let tf_flags = self.tfs.varint()?;
        let norm = match &mut self.norms {
            Norms::Table(t) => t.get(self.doc as usize).copied().unwrap_or(0),
            Norms::Inline(r) => r.bytes(1)?[0],
        };
        Ok(Some(Posting {
            doc: self.doc,
            tf: (tf_flags >> 4).min(u64::from(u32::MAX)) as u32,
            flags: (tf_flags & 0xF) as u8,
            norm,
        }))
    }

    /// Whether positions are stored for this term (not for the most common terms, see
    /// [`crate::index::WriterOptions::positions_max_share`]).
    pub fn has_positions(&self) -> bool {
        self.positions.is_some()
    }

    /// The positions of the posting just returned by [`Postings::next_posting`]; call it for
    /// every posting, in order, or not at all. Empty when the term has no positions.
    pub fn positions(&mut self, p: &Posting, out: &mut Vec<u32>) -> Result<()> {
        out.clear();
        let Some(positions) = self.positions.as_mut() else { return Ok(()) };
        let mut pos = 0u32;
        for _ in 0..p.tf.min(1 << 20) {
            pos = pos.checked_add(positions.varint_u32()?).ok_or_else(|| corrupt("positions", "position overflow"))?;
            out.push(pos);
        }
        Ok(())
    }
}

/// Checks the structure of a document store (see [`format`]): `count` records with offsets in
/// order and inside the section.
pub(crate) fn check_doc_store(d: &[u8], count: u32) -> Result<()> {
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

/// Record `i` of a document store already checked by [`check_doc_store`].
pub(crate) fn doc_record(d: &[u8], i: u32) -> Result<StoredDoc<'_>> {
    let mut head = Reader::new(d, "documents");
    let count = head.u32()?;
    if i >= count {
        return Err(corrupt("documents", format!("no document {i}")));
    }
    let table = 4 + (count as usize + 1) * 4;
    let off = Reader::at(d, 4 + i as usize * 4, "documents")?.u32()? as usize;
    let mut r = Reader::at(d, table + off, "documents")?;
    Ok(StoredDoc { id: r.str()?, title: r.str()?, url: r.str()?, date: r.str()?, category: r.str()?, body: r.str()? })
}

fn range(h: &Header, kind: SectionKind) -> Result<Range<usize>> {
    let s = h.section(kind)?;
    Ok(s.offset as usize..(s.offset + s.len) as usize)
}

/// The range of a section, after checking its CRC-32.
pub(crate) fn checked(buf: &[u8], h: &Header, kind: SectionKind) -> Result<Range<usize>> {
    let s = h.section(kind)?;
    let r = range(h, kind)?;
    let found = format::crc(&buf[r.clone()]);
    if found != s.crc {
        return Err(Error::Checksum { section: kind.name(), expected: s.crc, found });
    }
    Ok(r)
}

impl Index {
    /// Opens an index from its bytes.
    pub fn open(bytes: Vec<u8>) -> Result<Index> {
        let buf = Arc::new(bytes);
        let header = Header::decode(&buf)?;
        let meta_r = checked(&buf, &header, SectionKind::Meta)?;
        let meta = Meta::decode(&buf[meta_r])?;
        let fst_map = |kind: SectionKind| -> Result<fst::Map<Bytes>> {
            let r = checked(&buf, &header, kind)?;
            fst::Map::new(Bytes { buf: buf.clone(), range: r }).map_err(|e| corrupt(kind.name(), e.to_string()))
        };
        let terms = fst_map(SectionKind::Terms)?;
        let prefixes = fst_map(SectionKind::Prefixes)?;
        let norms = range(&header, SectionKind::Norms)?;
        if norms.len() != meta.docs as usize {
            return Err(corrupt("norms", format!("{} lengths for {} documents", norms.len(), meta.docs)));
        }
        let docs = range(&header, SectionKind::Docs)?;
        let index = Index {
            postings: range(&header, SectionKind::Postings)?,
            positions: range(&header, SectionKind::Positions)?,
            top_terms: range(&header, SectionKind::TopTerms)?,
            norms,
            docs,
            avg_len: (meta.tokens as f64 / f64::from(meta.docs.max(1))).max(1.0) as f32,
            scratch: Default::default(),
            buf,
            header,
            meta,
            terms,
            prefixes,
        };
        index.check_doc_table()?;
        Ok(index)
    }

    fn check_doc_table(&self) -> Result<()> {
        check_doc_store(&self.buf[self.docs.clone()], self.meta.docs)
    }

    /// Checks the checksum of every section.
    pub fn verify(&self) -> Result<()> {
        for s in &self.header.sections {
            checked(&self.buf, &self.header, s.kind)?;
        }
        Ok(())
    }

    /// The header and section table.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Counts and parameters.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.meta.docs
    }

    /// The average document length in tokens.
    pub fn avg_len(&self) -> f32 {
        self.avg_len
    }

    /// The term dictionary.
    pub fn terms(&self) -> &fst::Map<Bytes> {
        &self.terms
    }

    /// Looks up one term.
    pub fn term(&self, term: &[u8]) -> Option<TermValue> {
        self.terms.get(term).map(TermValue)
    }

    /// The precomputed most frequent completions of `prefix`, if it has many.
    pub fn heavy_prefix(&self, prefix: &[u8]) -> Result<Option<Vec<TermValue>>> {
        let Some(at) = self.prefixes.get(prefix) else {
            return Ok(None);
        };
        let mut r = Reader::at(&self.buf[self.top_terms.clone()], at as usize, "top-terms")?;
        let n = r.len()?.min(1 << 16);
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(TermValue(r.varint()?));
        }
        Ok(Some(out))
    }

    /// The postings of a term.
    pub fn postings(&self, v: TermValue) -> Result<Postings<'_>> {
        decode_postings(
            &self.buf[self.postings.clone()],
            v.postings_offset(),
            Some(&self.buf[self.positions.clone()]),
            Some(&self.buf[self.norms.clone()]),
            self.meta.docs,
        )
    }

    /// The length of document `doc` in tokens (approximate).
    #[inline]
    pub fn doc_len(&self, doc: u32) -> f32 {
        format::dequantize_len(self.norm(doc))
    }

    /// The quantized length of document `doc` (see [`format::quantize_len`]).
    #[inline]
    pub fn norm(&self, doc: u32) -> u8 {
        self.buf.get(self.norms.start + doc as usize).copied().unwrap_or(0)
    }

    /// A stored document.
    pub fn doc(&self, doc: u32) -> Result<StoredDoc<'_>> {
        if doc >= self.meta.docs {
            return Err(corrupt("documents", format!("no document {doc}")));
        }
        doc_record(&self.buf[self.docs.clone()], doc)
    }

    /// The size of the index file.
    pub fn byte_len(&self) -> usize {
        self.buf.len()
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("docs", &self.meta.docs)
            .field("terms", &self.meta.terms)
            .field("bytes", &self.buf.len())
            .finish()
    }
}
