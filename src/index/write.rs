//! Building an index.
//!
//! The build runs in four passes, all deterministic (the same documents in the same order give
//! the same bytes, whatever the hash seeds or the time):
//!
//! 1. tokenize every document, collecting the corpus vocabulary with counts (the lexicon the
//!    stemmer weighs, see [`crate::analysis::stem`]);
//! 2. stem each distinct word once;
//! 3. invert: per term, doc-id deltas, `tf << 4 | flags`, and positions;
//! 4. sort the terms, write the `fst` dictionary, the heavy-prefix table, norms and the store.

use super::format::{self, flags, Display, Header, Meta, Section, SectionKind, TermValue};
use super::varint::put;
use super::Document;
use crate::analysis::stem::{doc_segmentation, hedge, Lexicon, Weights};
use crate::analysis::tokenize::tokenize;
use crate::analysis::{self, Clitics, ANALYZER_VERSION};
use crate::error::{Error, Result};
use std::collections::{BinaryHeap, HashMap};

/// Options of the index writer; the defaults suit news sites.
#[derive(Clone, Debug)]
pub struct WriterOptions {
    /// How many completions a heavy prefix keeps (the most frequent ones).
    pub top_k: u32,
    /// A prefix with more completions than this gets a precomputed list.
    pub heavy_prefix: u32,
    /// The longest body text stored for excerpts, in bytes (the whole body is indexed).
    pub max_stored_body: usize,
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
            top_k: 32,
            heavy_prefix: 128,
            max_stored_body: 64 * 1024,
            weights: Weights::default(),
            positions_max_share: 0.1,
            positions_min_df: 1000,
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
    /// Bytes per section, in file order.
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

    /// Writes the index.
    pub fn finish(self) -> Result<Vec<u8>> {
        Ok(self.finish_with_stats()?.0)
    }

    /// Writes the index and reports its sizes.
    pub fn finish_with_stats(self) -> Result<(Vec<u8>, BuildStats)> {
        single_file(&invert(&self.docs, &self.opts)?)
    }

    /// Writes a split index: a small manifest and shards fetched on demand (see
    /// [`super::split`]).
    pub fn finish_split(self) -> Result<(super::split::SplitFiles, BuildStats)> {
        super::split::split_files(&invert(&self.docs, &self.opts)?)
    }
}

/// One term of an inverted corpus.
pub(crate) struct BuiltTerm {
    /// The encoded term.
    pub term: Vec<u8>,
    /// Document frequency.
    pub df: u32,
    /// Doc-id deltas, varints.
    pub docs: Vec<u8>,
    /// `tf << 4 | flags`, varints.
    pub tfs: Vec<u8>,
    /// Position deltas, varints (empty when the term keeps no positions).
    pub positions: Vec<u8>,
    /// How to show the term.
    pub display: Display,
}

/// An inverted corpus, before it is laid out as one file or as a split index.
pub(crate) struct Built<'d> {
    pub meta: Meta,
    /// The terms, in byte order.
    pub terms: Vec<BuiltTerm>,
    /// One quantized length per document.
    pub norms: Vec<u8>,
    pub docs: &'d [Document],
    pub opts: WriterOptions,
}

impl BuiltTerm {
    /// The postings entry (see [`format`]): header, doc ids, frequencies, and, for a split
    /// index, one norm byte per posting. `positions_at` is where its positions start in the
    /// positions section, if it keeps any.
    pub(crate) fn postings_entry(&self, positions_at: Option<u64>, norms: Option<&[u8]>, out: &mut Vec<u8>) {
        put(out, u64::from(self.df));
        put(out, self.docs.len() as u64);
        put(out, self.tfs.len() as u64);
        put(out, positions_at.map_or(0, |p| p + 1));
        out.extend_from_slice(&self.docs);
        out.extend_from_slice(&self.tfs);
        if let Some(norms) = norms {
            let mut r = super::varint::Reader::new(&self.docs, "postings");
            let mut doc = 0u64;
            for i in 0..self.df {
                let d = r.varint().unwrap_or(0);
                doc = if i == 0 { d } else { doc + d };
                out.push(norms.get(doc as usize).copied().unwrap_or(0));
            }
        }
    }
}

/// The corpus vocabulary: light-normalized words with their counts.
struct Vocab {
    ids: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    counts: Vec<u32>,
}

impl Vocab {
    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            self.counts[id as usize] += 1;
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(w.into(), id);
        self.words.push(w.into());
        self.counts.push(1);
        id
    }
}

impl Lexicon for Vocab {
    fn count(&self, light: &str) -> u32 {
        self.ids.get(light).map_or(0, |&i| self.counts[i as usize])
    }
}

/// Per-term postings being built.
#[derive(Default)]
struct TermBuf {
    df: u32,
    last_doc: u32,
    docs: Vec<u8>,
    tfs: Vec<u8>,
    positions: Vec<u8>,
}

/// No hedge term.
const NO_TERM: u32 = u32::MAX;

/// Position gap between the title and the body, so a phrase never spans both.
const TITLE_GAP: u32 = 2;

fn invert<'d>(docs: &'d [Document], opts: &WriterOptions) -> Result<Built<'d>> {
    if docs.is_empty() {
        return Err(Error::EmptyCorpus);
    }
    let n_docs = u32::try_from(docs.len()).map_err(|_| Error::TooLarge { what: "more than 4 billion documents" })?;

    // 1. Tokenize: per document, the vocabulary ids of its title words, then its body words.
    let mut vocab = Vocab { ids: HashMap::new(), words: Vec::new(), counts: Vec::new() };
    let mut tokens: Vec<u32> = Vec::new();
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(docs.len()); // (start, title length)
    for d in docs {
        let start = tokens.len();
        tokenize(&d.title, |w| tokens.push(vocab.intern(w.light)));
        let title_len = tokens.len() - start;
        tokenize(&d.body, |w| tokens.push(vocab.intern(w.light)));
        bounds.push((start, title_len));
    }
    bounds.push((tokens.len(), 0));

    // 2. Stem each distinct word once.
    let mut term_ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut terms: Vec<Vec<u8>> = Vec::new();
    let mut display_votes: Vec<[u32; 7]> = Vec::new(); // last: none/ة/ى, first: none/أ/إ/آ
                                                       // Per word type: its term and clitic flags, and the hedge term of a rare undecided word.
    let mut type_term: Vec<(u32, u8, u32)> = Vec::with_capacity(vocab.words.len());
    let mut scratch = Vec::with_capacity(16);
    let mut intern = |stem: &str, count: u32| -> u32 {
        let term = analysis::term(stem);
        let id = match term_ids.get(&term) {
            Some(&id) => id,
            None => {
                let id = terms.len() as u32;
                term_ids.insert(term.clone(), id);
                terms.push(term);
                display_votes.push([0; 7]);
                id
            }
        };
        let d = Display::of(stem).0;
        let votes = &mut display_votes[id as usize];
        votes[(d & 3) as usize] += count;
        votes[3 + (d >> 2) as usize] += count;
        id
    };
    for (t, word) in vocab.words.iter().enumerate() {
        let chars: Vec<char> = word.chars().collect();
        let seg = doc_segmentation(&chars, &vocab, &opts.weights, &mut scratch);
        let id = intern(&seg.stem(&chars), vocab.counts[t]);
        let second = match hedge(&chars, &scratch, &seg) {
            Some(h) => intern(&h.stem(&chars), vocab.counts[t]),
            None => NO_TERM,
        };
        type_term.push((id, seg.clitics() as u8, second));
    }
    drop(term_ids);

    // 3. Invert.
    let mut bufs: Vec<TermBuf> = (0..terms.len()).map(|_| TermBuf::default()).collect();
    let mut norms = Vec::with_capacity(docs.len());
    let mut occ: Vec<(u32, u32, u8)> = Vec::new(); // (term, position, flags)
    for doc in 0..docs.len() {
        let (start, title_len) = bounds[doc];
        let end = bounds[doc + 1].0;
        occ.clear();
        for (i, &ty) in tokens[start..end].iter().enumerate() {
            let (term, clitics, second) = type_term[ty as usize];
            let title = i < title_len;
            let pos = if title { i as u32 } else { i as u32 + TITLE_GAP };
            let fl = if title { flags::TITLE } else { 0 };
            occ.push((term, pos, clitics | fl));
            if second != NO_TERM && second != term {
                occ.push((second, pos, Clitics::Other as u8 | fl));
            }
        }
        norms.push(format::quantize_len((end - start) as u32));
        occ.sort_unstable();
        let mut i = 0;
        while i < occ.len() {
            let term = occ[i].0;
            let b = &mut bufs[term as usize];
            let mut j = i;
            let mut fl = 0u8;
            let mut last_pos = 0u32;
            while j < occ.len() && occ[j].0 == term {
                fl |= occ[j].2;
                put(&mut b.positions, u64::from(occ[j].1 - last_pos));
                last_pos = occ[j].1;
                j += 1;
            }
            let tf = (j - i) as u64;
            let delta = if b.df == 0 { doc as u32 } else { doc as u32 - b.last_doc };
            put(&mut b.docs, u64::from(delta));
            put(&mut b.tfs, (tf << 4) | u64::from(fl));
            b.df += 1;
            b.last_doc = doc as u32;
            i = j;
        }
    }
    drop(occ);
    let total_tokens = tokens.len() as u64;
    drop(tokens);

    // 4. Sort the terms.
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
    // The most common terms keep no positions: they are a third of all positions and rank
    // nothing; a phrase treats them as a word at their place (see search::phrase_docs).
    let positions_cap = ((n_docs as f64 * opts.positions_max_share) as u32).max(opts.positions_min_df);
    let mut terms_out = Vec::with_capacity(order.len());
    for &id in &order {
        let b = std::mem::take(&mut bufs[id as usize]);
        let v = &display_votes[id as usize];
        let last = (0..3).max_by_key(|&k| (v[k], std::cmp::Reverse(k))).unwrap_or(0) as u8;
        let first = (0..4).max_by_key(|&k| (v[3 + k], std::cmp::Reverse(k))).unwrap_or(0) as u8;
        terms_out.push(BuiltTerm {
            term: std::mem::take(&mut terms[id as usize]),
            df: b.df,
            docs: b.docs,
            tfs: b.tfs,
            positions: if b.df > positions_cap { Vec::new() } else { b.positions },
            display: Display(last | (first << 2)),
        });
    }
    let meta = Meta {
        docs: n_docs,
        tokens: total_tokens,
        terms: terms_out.len() as u64,
        top_k: opts.top_k,
        heavy_prefix: opts.heavy_prefix,
    };
    Ok(Built { meta, terms: terms_out, norms, docs, opts: opts.clone() })
}

/// Lays out an inverted corpus as one index file.
fn single_file(built: &Built) -> Result<(Vec<u8>, BuildStats)> {
    let mut postings = Vec::new();
    let mut positions = Vec::new();
    let mut dict = fst::MapBuilder::memory();
    let mut values = Vec::with_capacity(built.terms.len());
    for t in &built.terms {
        let offset = postings.len() as u64;
        let at = (!t.positions.is_empty()).then_some(positions.len() as u64);
        t.postings_entry(at, None, &mut postings);
        positions.extend_from_slice(&t.positions);
        let value = TermValue::new(offset, t.df, t.display)?;
        dict.insert(&t.term, value.0).map_err(|e| Error::Corrupt { section: "terms", reason: e.to_string() })?;
        values.push(value);
    }
    let dict = dict.into_inner().map_err(|e| Error::Corrupt { section: "terms", reason: e.to_string() })?;
    let lists = heavy_prefixes(&built.terms, built.opts.heavy_prefix as usize, built.opts.top_k as usize);
    let (prefixes, top_terms) = prefix_sections(&lists, &values)?;
    let store = doc_store(built.docs, built.opts.max_stored_body)?;
    let parts: Vec<(SectionKind, Vec<u8>)> = vec![
        (SectionKind::Meta, built.meta.encode()),
        (SectionKind::Terms, dict),
        (SectionKind::Postings, postings),
        (SectionKind::Positions, positions),
        (SectionKind::Prefixes, prefixes),
        (SectionKind::TopTerms, top_terms),
        (SectionKind::Norms, built.norms.clone()),
        (SectionKind::Docs, store),
    ];
    let stats = BuildStats {
        docs: built.docs.len(),
        terms: built.terms.len(),
        tokens: built.meta.tokens,
        sections: parts.iter().map(|(k, b)| (*k, b.len() as u64)).collect(),
        bytes: 0,
    };
    let bytes = assemble(parts);
    let stats = BuildStats { bytes: bytes.len() as u64, ..stats };
    Ok((bytes, stats))
}

/// Lays out header, section table and sections.
pub(crate) fn assemble(parts: Vec<(SectionKind, Vec<u8>)>) -> Vec<u8> {
    let table_end = format::HEADER_LEN + format::SECTION_ENTRY_LEN * parts.len();
    let mut offset = table_end as u64;
    let mut sections = Vec::with_capacity(parts.len());
    for (kind, b) in &parts {
        sections.push(Section { kind: *kind, crc: format::crc(b), offset, len: b.len() as u64 });
        offset += b.len() as u64;
    }
    let header = Header { version: format::FORMAT_VERSION, analyzer: ANALYZER_VERSION, file_len: offset, sections };
    let mut out = header.encode();
    out.reserve(offset as usize - out.len());
    for (_, b) in parts {
        out.extend_from_slice(&b);
    }
    out
}

/// One open prefix while walking the sorted terms.
struct Frame {
    len: usize,
    count: usize,
    // Min-heap of the best completions so far: (df, reverse term order).
    top: BinaryHeap<std::cmp::Reverse<(u32, std::cmp::Reverse<usize>)>>,
}

/// Finds every prefix (at a character boundary) with more than `heavy` completions and keeps
/// the ordinals of its `k` most frequent completions (by falling df, then term order).
pub(crate) fn heavy_prefixes(sorted: &[BuiltTerm], heavy: usize, k: usize) -> Vec<(Vec<u8>, Vec<usize>)> {
    let mut out: Vec<(Vec<u8>, Vec<usize>)> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut prev: &[u8] = &[];
    let emit = |f: Frame, term: &[u8], out: &mut Vec<(Vec<u8>, Vec<usize>)>| {
        if f.count > heavy {
            let mut top: Vec<(u32, usize)> =
                f.top.into_iter().map(|std::cmp::Reverse((df, std::cmp::Reverse(i)))| (df, i)).collect();
            top.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            out.push((term[..f.len].to_vec(), top.into_iter().map(|(_, i)| i).collect()));
        }
    };
    for (i, t) in sorted.iter().enumerate() {
        let term = t.term.as_slice();
        while let Some(f) = stack.last() {
            if term.len() >= f.len && term[..f.len] == prev[..f.len] {
                break;
            }
            let f = stack.pop().unwrap();
            emit(f, prev, &mut out);
        }
        let from = stack.last().map_or(0, |f| f.len);
        for len in from + 1..=term.len() {
            let boundary = len == term.len() || (term[len] & 0xC0) != 0x80;
            if boundary {
                stack.push(Frame { len, count: 0, top: BinaryHeap::with_capacity(k + 1) });
            }
        }
        for f in stack.iter_mut() {
            f.count += 1;
            f.top.push(std::cmp::Reverse((t.df, std::cmp::Reverse(i))));
            if f.top.len() > k {
                f.top.pop();
            }
        }
        prev = term;
    }
    while let Some(f) = stack.pop() {
        emit(f, prev, &mut out);
    }
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The PREFIXES fst and TOPTERMS section for heavy-prefix `lists` (sorted by prefix), given
/// each term ordinal's value.
pub(crate) fn prefix_sections(lists: &[(Vec<u8>, Vec<usize>)], values: &[TermValue]) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut map = fst::MapBuilder::memory();
    let mut top = Vec::new();
    for (prefix, ordinals) in lists {
        map.insert(prefix, top.len() as u64)
            .map_err(|e| Error::Corrupt { section: "prefixes", reason: e.to_string() })?;
        put(&mut top, ordinals.len() as u64);
        for &i in ordinals {
            put(&mut top, values[i].0);
        }
    }
    let map = map.into_inner().map_err(|e| Error::Corrupt { section: "prefixes", reason: e.to_string() })?;
    Ok((map, top))
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

pub(crate) fn doc_store(docs: &[Document], max_body: usize) -> Result<Vec<u8>> {
    let mut records = Vec::new();
    let mut offsets = Vec::with_capacity(docs.len() + 1);
    for d in docs {
        offsets
            .push(u32::try_from(records.len()).map_err(|_| Error::TooLarge { what: "a document store over 4 GiB" })?);
        for field in [d.id.as_str(), &d.title, &d.url, &d.date, &d.category, truncate(&d.body, max_body)] {
            super::varint::put_bytes(&mut records, field.as_bytes());
        }
    }
    offsets.push(u32::try_from(records.len()).map_err(|_| Error::TooLarge { what: "a document store over 4 GiB" })?);
    let mut out = Vec::with_capacity(4 + offsets.len() * 4 + records.len());
    out.extend_from_slice(&(docs.len() as u32).to_le_bytes());
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&records);
    Ok(out)
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
    fn heavy_prefixes_list_the_most_frequent_completions() {
        let terms: Vec<BuiltTerm> = [("ab", 5), ("abc", 50), ("abd", 7), ("abe", 1), ("b", 3)]
            .iter()
            .map(|&(t, df)| BuiltTerm {
                term: t.as_bytes().to_vec(),
                df,
                docs: vec![],
                tfs: vec![],
                positions: vec![],
                display: Display(0),
            })
            .collect();
        let lists = heavy_prefixes(&terms, 2, 2);
        let prefixes: Vec<&[u8]> = lists.iter().map(|l| l.0.as_slice()).collect();
        assert_eq!(prefixes, [b"a".as_slice(), b"ab"]);
        assert_eq!(lists[1].1, [1, 2]); // abc (50), abd (7)
        let values: Vec<TermValue> =
            terms.iter().enumerate().map(|(i, t)| TermValue::new(i as u64, t.df, Display(0)).unwrap()).collect();
        let (map, top) = prefix_sections(&lists, &values).unwrap();
        let map = fst::Map::new(map).unwrap();
        let at = map.get(b"ab").unwrap() as usize;
        let mut r = super::super::varint::Reader::at(&top, at, "t").unwrap();
        assert_eq!(r.varint().unwrap(), 2);
        assert_eq!(TermValue(r.varint().unwrap()).df(), 50);
        assert_eq!(TermValue(r.varint().unwrap()).df(), 7);
    }
}
