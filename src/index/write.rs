//! Building an index: [`IndexWriter`] collects documents, [`super::invert`] turns them into
//! terms and postings, and a layout writes those out: one file (here), or a split index
//! ([`super::split::write`]).

use super::columns::Columns;
use super::fields::Fields;
use super::format::{assemble, Meta, PostingsAt, SectionKind, TermValue};
use super::invert::{invert, invert_with_lexicon, Inverted};
use super::split::write::{content_hash, segment_id, write_inverted, DocState, SegmentWriter};
use super::split::{parse_file_name, Manifest, ShardKind, SplitFiles};
use super::{docstore, postings, prefixes, Document};
use crate::analysis::stem::Weights;
use crate::error::{corrupt, Result};

/// Options of the index writer; the defaults suit news sites.
#[derive(Clone, Debug)]
pub struct WriterOptions {
    /// How many completions a heavy prefix keeps (the most frequent ones): twice what a search
    /// takes, so that the lists of several segments can be merged exactly (see `split::read`).
    pub top_k: u32,
    /// A prefix with more completions than this gets a precomputed list.
    pub heavy_prefix: u32,
    /// The longest body text stored for excerpts, in bytes (the whole body is indexed).
    pub max_stored_body: usize,
    /// At most this many characters of each body are stored for excerpts, when set (a large
    /// archive's hosting limits): then a split index does not keep the complete bodies of the
    /// documents cut either, and cannot be updated in place (see `split::state`).
    pub max_stored_chars: Option<u32>,
    /// How the stemmer weighs corpus evidence.
    pub weights: Weights,
    /// Terms in more than this share of the documents (and in more than
    /// [`WriterOptions::positions_min_df`]) keep no positions.
    pub positions_max_share: f64,
    /// See [`WriterOptions::positions_max_share`].
    pub positions_min_df: u32,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            top_k: 64,
            heavy_prefix: 128,
            max_stored_body: 64 * 1024,
            max_stored_chars: None,
            weights: Weights::default(),
            positions_max_share: 0.1,
            positions_min_df: 1000,
        }
    }
}

impl WriterOptions {
    /// The document count above which a term keeps no positions, in an index of `docs`
    /// documents.
    pub fn positions_cap(&self, docs: u32) -> u32 {
        ((f64::from(docs) * self.positions_max_share) as u32).max(self.positions_min_df)
    }

    /// The META section of an inverted corpus.
    pub(crate) fn meta(&self, inv: &Inverted) -> Meta {
        Meta {
            docs: inv.docs,
            tokens: inv.tokens,
            terms: inv.terms.len() as u64,
            top_k: self.top_k,
            heavy_prefix: self.heavy_prefix,
            positions_cap: self.positions_cap(inv.docs),
        }
    }
}

/// Collects documents and writes an index.
#[derive(Default)]
pub struct IndexWriter {
    docs: Vec<Document>,
    opts: WriterOptions,
}

/// Sizes and counts of a written index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Documents indexed.
    pub docs: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Tokens indexed.
    pub tokens: u64,
    /// Bytes per section, in file order (one index file), or the number of postings and
    /// document shards (split index).
    pub sections: Vec<(SectionKind, u64)>,
    /// Total bytes.
    pub bytes: u64,
}

impl IndexWriter {
    /// A writer with default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer with `opts`.
    pub fn with_options(opts: WriterOptions) -> Self {
        IndexWriter { docs: Vec::new(), opts }
    }

    /// Adds a document. Documents are numbered in the order they are added.
    pub fn add(&mut self, doc: Document) {
        self.docs.push(doc);
    }

    /// The number of documents added so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Writes the index as one file.
    pub fn finish(self) -> Result<Vec<u8>> {
        Ok(self.finish_with_stats()?.0)
    }

    /// Writes the index as one file and reports its sizes.
    pub fn finish_with_stats(self) -> Result<(Vec<u8>, BuildStats)> {
        let inv = invert(&self.docs, &self.opts.weights, self.opts.positions_cap(self.docs.len() as u32))?;
        one_file(&inv, &self.docs, &self.opts)
    }

    /// Writes a split index of one segment: a small manifest and shards fetched on demand
    /// (see [`super::split`]).
    pub fn finish_split(self) -> Result<(SplitFiles, BuildStats)> {
        let cap = self.opts.positions_cap(self.docs.len() as u32);
        let (inv, lexicon) = invert_with_lexicon(&self.docs, &self.opts.weights, cap)?;
        let state: Vec<DocState> = self
            .docs
            .iter()
            .zip(&inv.doc_tokens)
            .map(|(d, &tokens)| DocState { id: d.id.clone(), hash: content_hash(d), tokens })
            .collect();
        let fields = fields_of(&self.docs);
        let mut shards = Vec::new();
        let postings_bytes = inv.terms.iter().map(|t| t.docs.len() + t.tfs.len() + t.df as usize).sum();
        let info = {
            let mut sink = |name: String, bytes: Vec<u8>| {
                shards.push((name, bytes));
                Ok(())
            };
            let mut w = SegmentWriter::new(segment_id(&state), &self.opts, postings_bytes, self.docs.len(), &mut sink);
            write_inverted(&mut w, &inv.terms, &inv.norms, &self.docs, &state)?;
            w.finish(&fields, &lexicon)?
        };
        let mut manifest =
            Manifest { build: 0, meta: self.opts.meta(&inv), fields, segments: vec![info], history: Vec::new() };
        let manifest = manifest.encode();
        let sections = vec![
            (SectionKind::Postings, count_shards(&shards, ShardKind::Postings)),
            (SectionKind::Docs, count_shards(&shards, ShardKind::Documents)),
        ];
        let bytes = manifest.len() as u64 + shards.iter().map(|f| f.1.len() as u64).sum::<u64>();
        let stats = BuildStats { docs: self.docs.len(), terms: inv.terms.len(), tokens: inv.tokens, sections, bytes };
        Ok((SplitFiles { manifest, shards }, stats))
    }
}

/// How many shards of `kind` are among `shards`.
fn count_shards(shards: &[(String, Vec<u8>)], kind: ShardKind) -> u64 {
    shards.iter().filter(|(n, _)| parse_file_name(n).is_some_and(|(k, _, _)| k == kind)).count() as u64
}

/// Lays out an inverted corpus as one index file.
fn one_file(inv: &Inverted, docs: &[Document], opts: &WriterOptions) -> Result<(Vec<u8>, BuildStats)> {
    let mut postings_section = Vec::new();
    let mut positions = Vec::new();
    let mut dict = fst::MapBuilder::memory();
    let mut values = Vec::with_capacity(inv.terms.len());
    for t in &inv.terms {
        let at = PostingsAt::byte_offset(postings_section.len() as u64)?;
        let positions_at = (!t.positions.is_empty()).then_some(positions.len() as u64);
        postings::encode(t, positions_at, None, &mut postings_section);
        positions.extend_from_slice(&t.positions);
        let value = TermValue::new(at, i64::from(t.df), t.display);
        dict.insert(&t.term, value.0).map_err(|e| corrupt("terms", e.to_string()))?;
        values.push(value);
    }
    let dict = dict.into_inner().map_err(|e| corrupt("terms", e.to_string()))?;
    let lists = prefixes::heavy_prefixes(
        inv.terms.iter().map(|t| (t.term.as_slice(), i64::from(t.df))),
        opts.heavy_prefix as usize,
        opts.top_k as usize,
    );
    let (prefixes, top_terms) = prefixes::encode(&lists, &|i| (inv.terms[i].term.as_slice(), values[i]))?;
    let store = docstore::encode(docs, opts.max_stored_body, opts.max_stored_chars)?;
    let fields = fields_of(docs);
    let columns = Columns::encode(docs, &fields);
    let parts: Vec<(SectionKind, Vec<u8>)> = vec![
        (SectionKind::Meta, opts.meta(inv).encode()),
        (SectionKind::Terms, dict),
        (SectionKind::Postings, postings_section),
        (SectionKind::Positions, positions),
        (SectionKind::Prefixes, prefixes),
        (SectionKind::TopTerms, top_terms),
        (SectionKind::Norms, inv.norms.clone()),
        (SectionKind::Docs, store),
        (SectionKind::Fields, fields.encode()),
        (SectionKind::Columns, columns),
    ];
    let sections = parts.iter().map(|(k, b)| (*k, b.len() as u64)).collect();
    let bytes = assemble(parts);
    let stats = BuildStats {
        docs: docs.len(),
        terms: inv.terms.len(),
        tokens: inv.tokens,
        sections,
        bytes: bytes.len() as u64,
    };
    Ok((bytes, stats))
}

/// The filterable fields of `docs`.
pub(crate) fn fields_of(docs: &[Document]) -> Fields {
    Fields::of(docs.iter().flat_map(|d| d.filters.iter().map(|(f, v)| (f.as_str(), v.as_str()))))
}
