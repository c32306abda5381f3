//! Postings: for one term, the documents it occurs in, how often, with which flags, and where.
//! Both layouts write and read them with the functions here.
//!
//! ```text
//! one entry:  varint df, varint bytes of the doc-id block, varint bytes of the frequency block,
//!             varint positions offset + 1 (0: the term keeps no positions)
//!             doc-id deltas (varints)
//!             one varint per document: tf << 4 | flags (see format::flags)
//!             in a split index only: one norm byte per document (its quantized length)
//! positions:  per posting, tf position deltas (varints), in the POSITIONS section
//! ```

use super::invert::InvertedTerm;
use super::varint::{put, Reader};
use crate::error::{corrupt, Result};

/// One posting: a document, how often the term occurs in it, and [`super::format::flags`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Term frequency in the document (title and body).
    pub tf: u32,
    /// Title and clitic flags.
    pub flags: u8,
    /// The document's length, quantized (see [`super::format::quantize_len`]).
    pub norm: u8,
}

/// Where the postings of a term find each document's length: the index's table of norms
/// (one index file), or a byte per posting after the frequencies (split index, whose shards
/// must not depend on a table as large as the corpus).
enum Norms<'a> {
    Table(&'a [u8]),
    Inline(Reader<'a>),
}

/// The postings of one term in one segment, decoded lazily.
pub struct PostingList<'a> {
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

/// Appends the postings entry of `term` to `out`. `positions_at` is where its positions start
/// in the positions section, if it keeps any; `norms` (split index only) is every document's
/// quantized length, one byte of which follows each posting.
pub(crate) fn encode(term: &InvertedTerm, positions_at: Option<u64>, norms: Option<&[u8]>, out: &mut Vec<u8>) {
    put(out, u64::from(term.df));
    put(out, term.docs.len() as u64);
    put(out, term.tfs.len() as u64);
    put(out, positions_at.map_or(0, |p| p + 1));
    out.extend_from_slice(&term.docs);
    out.extend_from_slice(&term.tfs);
    if let Some(norms) = norms {
        let mut r = Reader::new(&term.docs, "postings");
        let mut doc = 0u64;
        for i in 0..term.df {
            let d = r.varint().unwrap_or(0);
            doc = if i == 0 { d } else { doc + d };
            out.push(norms.get(doc as usize).copied().unwrap_or(0));
        }
    }
}

/// Decodes the postings entry at `offset` of a postings section: with `norms_table` (one index
/// file) each document's length comes from the table, without (a split index's shard) from the
/// byte after each posting.
pub(crate) fn decode<'a>(
    postings: &'a [u8],
    offset: u64,
    positions: Option<&'a [u8]>,
    norms_table: Option<&'a [u8]>,
    n_docs: u32,
) -> Result<PostingList<'a>> {
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
    Ok(PostingList { df, docs, tfs, norms, positions, left: df, doc: 0, n_docs })
}

impl PostingList<'_> {
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

    /// The positions of the posting just returned by [`PostingList::next_posting`]; call it
    /// (or [`PostingList::skip_positions`]) for every posting, in order, or not at all. Empty
    /// when the term has no positions.
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

    /// Reads past the positions of the posting just returned (a deleted document's).
    pub fn skip_positions(&mut self, p: &Posting) -> Result<()> {
        let Some(positions) = self.positions.as_mut() else { return Ok(()) };
        for _ in 0..p.tf.min(1 << 20) {
            positions.varint()?;
        }
        Ok(())
    }
}
