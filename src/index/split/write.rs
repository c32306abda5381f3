//! Writing a split index: segments laid out as shards (see [`super`]), and the manifest.
//!
//! [`SegmentWriter`] takes a segment's terms in byte order and its documents in order, and hands
//! each shard over as soon as it is complete (postings, positions and documents as they fill;
//! dictionaries, columns and the update state at the end), so a segment of any size is written
//! without holding its postings in memory. A fresh build inverts the corpus and feeds it one
//! segment; an update or a merge feeds it terms and documents they read from other segments.

pub use super::state::DocState;
use super::state::SegmentState;
use super::{file_name, fnv, shard_of, shard_section, SegmentInfo, SegmentLayout, ShardKind};
use crate::error::{corrupt, Result};
use crate::index::columns::Columns;
use crate::index::fields::Fields;
use crate::index::format::{assemble, Display, PostingsAt, SectionKind, TermValue};
use crate::index::invert::InvertedTerm;
use crate::index::varint::put;
use crate::index::write::WriterOptions;
use crate::index::{docstore, prefixes, Document};

/// Postings shards hold about 1/600 of a segment's postings up to 300,000 documents, then one
/// shard more per 500 documents up to 2,000 (a million): a few hundred files for any small
/// segment, and at a million articles a cold query for a rare word fetches a shard of about a
/// third of the size. (A term longer than a shard gets one to itself, so there are about half
/// as many shards again.)
const POSTINGS_SHARDS: (usize, usize) = (600, 2000);
const DOCS_PER_POSTINGS_SHARD: usize = 500;
const MIN_POSTINGS_SHARD: usize = 4 * 1024;
const MAX_POSTINGS_SHARD: usize = 512 * 1024;
/// A dictionary shard covers postings shards worth about this many postings bytes.
const DICTIONARY_SPAN: usize = 192 * 1024;
const MAX_POSTINGS_PER_DICTIONARY: usize = 8;
/// A postings shard also closes once the dictionary entries of its terms pass this many bytes
/// per document of the segment, and at least [`MIN_TERM_BYTES`]: in a small segment (an hour's
/// update) nearly every term is rare, so 4 kB of postings carry thousands of terms, and the
/// dictionary shard a query must read in every segment weighed more than the big segment's.
/// A big segment's shards close on their postings long before this.
const TERM_BYTES_PER_DOC: usize = 1;
const MIN_TERM_BYTES: usize = 1024;
/// Postings shards per positions shard.
const POSTINGS_PER_POSITIONS: usize = 4;
/// Document shards per segment: 5,000, each of at least [`MIN_DOCS_PER_SHARD`] documents. A
/// cold page fetches one document shard per hit shown, so they are as small as the file count
/// allows: 9 articles a shard at 40,000 (a cold first page's documents 30% lighter than with
/// 14), 200 at a million. A million-article segment is then about 9,900 files: twice that (a full
/// merge while `--keep-builds` keeps the old segment's files) stays under Cloudflare Pages'
/// 20,000.
const DOCUMENT_SHARDS: usize = 5000;
const MIN_DOCS_PER_SHARD: usize = 8;

/// A term's postings in the form the postings section stores them (see
/// [`crate::index::postings`]).
pub(crate) struct TermPostings<'a> {
    /// Documents in the list.
    pub df: u32,
    /// Doc-number deltas (varints), numbered in the segment being written.
    pub docs: &'a [u8],
    /// `tf << 4 | flags` (varints).
    pub tfs: &'a [u8],
    /// One quantized length per posting.
    pub norms: &'a [u8],
    /// Position deltas (varints); empty when the term keeps no positions.
    pub positions: &'a [u8],
}

/// A shard on its way out: its file name and bytes (uncompressed).
pub type Sink<'s> = dyn FnMut(String, Vec<u8>) -> Result<()> + 's;

/// Writes one segment.
pub struct SegmentWriter<'s> {
    id: u64,
    heavy_prefix: u32,
    top_k: u32,
    max_stored_body: usize,
    max_stored_chars: Option<u32>,
    sink: &'s mut Sink<'s>,
    shard_bytes: usize,
    /// The dictionary bytes past which a postings shard closes, and those of the open one.
    term_bytes_cap: usize,
    term_bytes: usize,
    per_dictionary: usize,
    docs_per_shard: usize,
    firsts: Vec<Vec<u8>>,
    postings: Vec<u8>,
    positions: Vec<u8>,
    /// Every term and its value, for the dictionary shards written at the end.
    dictionary: Vec<(Vec<u8>, TermValue)>,
    docs: Vec<Document>,
    doc_shards: u32,
    /// Each document's filter values and date, for the columns.
    column_docs: Vec<Document>,
    state: Vec<DocState>,
    /// The complete bodies of the documents whose stored body was cut (updates re-read them).
    long_bodies: Vec<(u32, String)>,
    n_docs: u32,
    /// Terms with postings added so far.
    n_terms: u64,
    evidence: Option<(u64, u64)>,
}

impl<'s> SegmentWriter<'s> {
    /// A writer for segment `id`, which will hold about `postings_bytes` of postings and
    /// `docs` documents; shards go to `sink`.
    pub fn new(id: u64, opts: &WriterOptions, postings_bytes: usize, docs: usize, sink: &'s mut Sink<'s>) -> Self {
        let postings_shards = (docs / DOCS_PER_POSTINGS_SHARD).clamp(POSTINGS_SHARDS.0, POSTINGS_SHARDS.1);
        let shard_bytes = (postings_bytes / postings_shards).clamp(MIN_POSTINGS_SHARD, MAX_POSTINGS_SHARD);
        SegmentWriter {
            id,
            heavy_prefix: opts.heavy_prefix,
            top_k: opts.top_k,
            max_stored_body: opts.max_stored_body,
            max_stored_chars: opts.max_stored_chars,
            sink,
            shard_bytes,
            term_bytes_cap: (docs * TERM_BYTES_PER_DOC).max(MIN_TERM_BYTES),
            term_bytes: 0,
            // at most about 600 dictionary shards: past that, each holds a few terms
            per_dictionary: (DICTIONARY_SPAN / shard_bytes)
                .clamp(1, MAX_POSTINGS_PER_DICTIONARY)
                .max(postings_shards.div_ceil(POSTINGS_SHARDS.0)),
            docs_per_shard: docs.div_ceil(DOCUMENT_SHARDS).max(MIN_DOCS_PER_SHARD),
            firsts: Vec::new(),
            postings: Vec::new(),
            positions: Vec::new(),
            dictionary: Vec::new(),
            docs: Vec::new(),
            doc_shards: 0,
            column_docs: Vec::new(),
            state: Vec::new(),
            long_bodies: Vec::new(),
            n_docs: 0,
            n_terms: 0,
            evidence: None,
        }
    }

    /// Records in the segment's update state the fingerprint and document count of the shared
    /// evidence its words were decided with (a segment built apart, see `index::evidence`).
    pub fn set_evidence(&mut self, evidence: Option<(u64, u64)>) {
        self.evidence = evidence;
    }

    /// Marks the segment's stored bodies as cut to `chars` characters (a merge of segments
    /// stored cut: their complete bodies are gone).
    pub fn set_cut(&mut self, chars: Option<u32>) {
        if chars.is_some() {
            self.max_stored_chars = self.max_stored_chars.or(chars);
        }
    }

    /// The terms with postings added so far.
    pub fn terms(&self) -> u64 {
        self.n_terms
    }

    fn emit(&mut self, kind: ShardKind, n: u32, mut sections: Vec<(SectionKind, Vec<u8>)>) -> Result<()> {
        sections.push((SectionKind::Shard, shard_section(kind, n, self.id)));
        (self.sink)(file_name(kind, n, self.id), assemble(sections))
    }

    fn close_postings_shard(&mut self, last: bool) -> Result<()> {
        let n = self.firsts.len() - 1;
        let postings = std::mem::take(&mut self.postings);
        self.emit(ShardKind::Postings, n as u32, vec![(SectionKind::Postings, postings)])?;
        if (n + 1) % POSTINGS_PER_POSITIONS == 0 || last {
            let positions = std::mem::take(&mut self.positions);
            self.emit(
                ShardKind::Positions,
                (n / POSTINGS_PER_POSITIONS) as u32,
                vec![(SectionKind::Positions, positions)],
            )?;
        }
        Ok(())
    }

    /// Adds a term (in byte order): how many documents it adds to the whole index's count
    /// (negative when the segment deletes more than it holds), and its postings here, if any.
    pub(crate) fn add_term(
        &mut self,
        term: &[u8],
        df_delta: i64,
        display: Display,
        list: Option<TermPostings<'_>>,
    ) -> Result<()> {
        if self.dictionary.last().is_some_and(|(t, _)| t.as_slice() >= term) {
            return Err(corrupt("terms", "terms added out of order"));
        }
        let at = match list {
            None => PostingsAt::NONE,
            Some(l) => {
                let size = l.docs.len() + l.tfs.len() + l.norms.len() + 8;
                if self.firsts.is_empty()
                    || (!self.postings.is_empty()
                        && (self.postings.len() + size > self.shard_bytes || self.term_bytes > self.term_bytes_cap))
                {
                    if !self.firsts.is_empty() {
                        self.close_postings_shard(false)?;
                    }
                    self.firsts.push(term.to_vec());
                    self.term_bytes = 0;
                }
                let n = self.firsts.len() - 1;
                let local = self.postings.len();
                let positions_at = (!l.positions.is_empty()).then_some(self.positions.len() as u64);
                put(&mut self.postings, u64::from(l.df));
                put(&mut self.postings, l.docs.len() as u64);
                put(&mut self.postings, l.tfs.len() as u64);
                put(&mut self.postings, positions_at.map_or(0, |p| p + 1));
                self.postings.extend_from_slice(l.docs);
                self.postings.extend_from_slice(l.tfs);
                self.postings.extend_from_slice(l.norms);
                self.positions.extend_from_slice(l.positions);
                self.n_terms += 1;
                PostingsAt::in_shard(n, local)?
            }
        };
        // about what the term costs in its dictionary shard: its bytes, its value, the fst's arcs
        self.term_bytes += term.len() + 6;
        self.dictionary.push((term.to_vec(), TermValue::new(at, df_delta, display)));
        Ok(())
    }

    /// Adds the next document, with what the next update needs of it.
    pub fn add_doc(&mut self, doc: Document, state: DocState) -> Result<()> {
        if doc.body.len() > self.max_stored_body && self.max_stored_chars.is_none() {
            self.long_bodies.push((self.n_docs, doc.body.clone()));
        }
        self.n_docs += 1;
        let mut col = Document { date: doc.date.clone(), ..Default::default() };
        col.filters.clone_from(&doc.filters);
        self.column_docs.push(col);
        self.state.push(state);
        self.docs.push(doc);
        if self.docs.len() == self.docs_per_shard {
            self.flush_docs()?;
        }
        Ok(())
    }

    fn flush_docs(&mut self) -> Result<()> {
        if self.docs.is_empty() {
            return Ok(());
        }
        let store = docstore::encode(&self.docs, self.max_stored_body, self.max_stored_chars)?;
        self.docs.clear();
        let n = self.doc_shards;
        self.doc_shards += 1;
        self.emit(ShardKind::Documents, n, vec![(SectionKind::Docs, store)])
    }

    /// Writes the remaining shards: the last postings, the dictionaries, the columns (numbered
    /// by `fields`, which must hold every value of the segment's documents) and the update
    /// state (the segment's word counts: `lexicon`, sorted by word). Returns the segment as the
    /// manifest lists it.
    pub fn finish(mut self, fields: &Fields, lexicon: &[(String, i64)]) -> Result<SegmentInfo> {
        if !self.firsts.is_empty() {
            self.close_postings_shard(true)?;
        }
        self.flush_docs()?;
        self.write_dictionaries()?;
        let columns = Columns::encode(&self.column_docs, fields);
        self.emit(ShardKind::Columns, 0, vec![(SectionKind::Columns, columns)])?;
        let state = SegmentState {
            docs: std::mem::take(&mut self.state),
            lexicon: lexicon.to_vec(),
            long_bodies: std::mem::take(&mut self.long_bodies),
            evidence: self.evidence,
            cut: self.max_stored_chars,
        };
        self.emit(ShardKind::State, 0, state.encode()?)?;
        Ok(SegmentInfo {
            id: self.id,
            docs: self.n_docs,
            layout: SegmentLayout {
                firsts: self.firsts,
                postings_per_dictionary: self.per_dictionary as u32,
                postings_per_positions: POSTINGS_PER_POSITIONS as u32,
                docs_per_shard: self.docs_per_shard as u32,
            },
            deleted: Vec::new(),
        })
    }

    /// Dictionary shards: the terms of a few postings shards each, and the heavy prefixes whose
    /// range starts in them. Terms without postings (a deletion's count only) belong to the
    /// dictionary shard of the postings shard their place falls in.
    fn write_dictionaries(&mut self) -> Result<()> {
        let dictionary = std::mem::take(&mut self.dictionary);
        let lists = prefixes::heavy_prefixes(
            dictionary.iter().map(|(t, v)| (t.as_slice(), v.df_delta())),
            self.heavy_prefix as usize,
            self.top_k as usize,
        );
        let shards = self.firsts.len().div_ceil(self.per_dictionary).max(1);
        let mut ti = 0;
        let mut li = 0;
        for d in 0..shards {
            let end = self.firsts.get((d + 1) * self.per_dictionary).map(Vec::as_slice);
            let mut map = fst::MapBuilder::memory();
            while ti < dictionary.len() && end.is_none_or(|e| dictionary[ti].0.as_slice() < e) {
                map.insert(&dictionary[ti].0, dictionary[ti].1 .0).map_err(|e| corrupt("terms", e.to_string()))?;
                ti += 1;
            }
            let map = map.into_inner().map_err(|e| corrupt("terms", e.to_string()))?;
            let from = li;
            while li < lists.len()
                && (shard_of(&self.firsts, &lists[li].0) / self.per_dictionary == d || d + 1 == shards)
            {
                li += 1;
            }
            let (prefix_map, top) =
                prefixes::encode(&lists[from..li], &|i| (dictionary[i].0.as_slice(), dictionary[i].1))?;
            self.emit(
                ShardKind::Dictionary,
                d as u32,
                vec![(SectionKind::Terms, map), (SectionKind::Prefixes, prefix_map), (SectionKind::TopTerms, top)],
            )?;
        }
        Ok(())
    }
}

/// Writes an inverted corpus as one segment: the terms and their postings (with each
/// posting's norm), then the documents.
pub(crate) fn write_inverted(
    w: &mut SegmentWriter<'_>,
    terms: &[InvertedTerm],
    norms: &[u8],
    docs: &[Document],
    state: &[DocState],
) -> Result<()> {
    let mut posting_norms = Vec::new();
    for t in terms {
        norms_of(t, norms, &mut posting_norms)?;
        let list =
            TermPostings { df: t.df, docs: &t.docs, tfs: &t.tfs, norms: &posting_norms, positions: &t.positions };
        w.add_term(&t.term, i64::from(t.df), t.display, Some(list))?;
    }
    for (d, s) in docs.iter().zip(state) {
        w.add_doc(d.clone(), s.clone())?;
    }
    Ok(())
}

/// The id of a segment of these documents: a hash of their ids and content hashes (the same
/// documents always give the same segment, and so the same shard names).
pub fn segment_id(state: &[DocState]) -> u64 {
    let mut h = fnv(0xcbf2_9ce4_8422_2325, &crate::index::format::FORMAT_VERSION.to_le_bytes());
    for s in state {
        h = fnv(h, s.id.as_bytes());
        h = fnv(h, &s.hash.to_le_bytes());
    }
    h
}

/// A hash of everything a document holds: an update compares it to tell a changed document
/// from an unchanged one.
pub fn content_hash(d: &Document) -> u64 {
    use crate::util::hash64;
    let mut h = 0x6661_6872_6173; // "fahras"
    for field in [&d.id, &d.title, &d.body, &d.url, &d.date] {
        h = hash64(h, field.as_bytes());
    }
    for pairs in [&d.filters, &d.meta] {
        h = hash64(h, &(pairs.len() as u64).to_le_bytes());
        for (k, v) in pairs {
            h = hash64(hash64(h, k.as_bytes()), v.as_bytes());
        }
    }
    h
}

/// The quantized length of each document of `t`'s postings, in order, into `out` (the form
/// [`TermPostings::norms`] takes), from every document's length in `norms`.
pub(crate) fn norms_of(t: &InvertedTerm, norms: &[u8], out: &mut Vec<u8>) -> Result<()> {
    out.clear();
    let mut r = crate::index::varint::Reader::new(&t.docs, "postings");
    let mut doc = 0u64;
    for i in 0..t.df {
        let d = r.varint()?;
        doc = if i == 0 { d } else { doc + d };
        out.push(norms.get(doc as usize).copied().unwrap_or(0));
    }
    Ok(())
}
