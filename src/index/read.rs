//! Opening and reading one index file.

use super::columns::Columns;
use super::docstore::{self, StoredDoc};
use super::fields::Fields;
use super::format::{self, Header, Meta, PostingsAt, SectionKind, TermValue};
use super::postings::{self, PostingList};
use super::prefixes;
use super::searchable::Stats;
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
    stats: Stats,
    fields: Fields,
    columns_at: Range<usize>,
    /// The columns, decoded when a search first needs them.
    columns: std::sync::OnceLock<Result<Columns>>,
}

/// The range of a section (its checksum unchecked: see [`checked`]).
pub(crate) fn range(h: &Header, kind: SectionKind) -> Result<Range<usize>> {
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
        let fields = Fields::decode(&buf[checked(&buf, &header, SectionKind::Fields)?])?;
        let index = Index {
            fields,
            columns_at: range(&header, SectionKind::Columns)?,
            columns: std::sync::OnceLock::new(),
            postings: range(&header, SectionKind::Postings)?,
            positions: range(&header, SectionKind::Positions)?,
            top_terms: range(&header, SectionKind::TopTerms)?,
            norms,
            docs,
            stats: Stats {
                docs: meta.docs,
                live: meta.docs,
                tokens: meta.tokens,
                top_k: meta.top_k,
                heavy_prefix: meta.heavy_prefix,
                positions_cap: meta.positions_cap,
            },
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
        docstore::check(&self.buf[self.docs.clone()], self.meta.docs)
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

    /// The counts the ranking needs.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The average document length in tokens.
    pub fn avg_len(&self) -> f32 {
        self.stats.avg_len()
    }

    /// The term dictionary.
    pub fn terms(&self) -> &fst::Map<Bytes> {
        &self.terms
    }

    /// Looks up one term.
    pub fn term(&self, term: &[u8]) -> Option<TermValue> {
        self.terms.get(term).map(TermValue)
    }

    /// The precomputed most frequent completions of `prefix` (terms and values), if it has
    /// many.
    pub fn heavy_prefix(&self, prefix: &[u8]) -> Result<Option<prefixes::Completions>> {
        prefixes::lookup(&self.prefixes, &self.buf[self.top_terms.clone()], prefix)
    }

    /// The postings at `at` (a term's [`TermValue::postings`]).
    pub fn postings(&self, at: PostingsAt) -> Result<PostingList<'_>> {
        postings::decode(
            &self.buf[self.postings.clone()],
            at.offset(),
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
        docstore::record(&self.buf[self.docs.clone()], doc)
    }

    /// The filterable fields and their values.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Every document's filter values and date (decoded on first use, after checking the
    /// section's checksum).
    pub fn columns(&self) -> Result<&Columns> {
        let c = self.columns.get_or_init(|| {
            let r = checked(&self.buf, &self.header, SectionKind::Columns)?;
            debug_assert_eq!(r, self.columns_at);
            Columns::decode(&self.buf[r], self.meta.docs, &self.fields)
        });
        c.as_ref().map_err(Clone::clone)
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
