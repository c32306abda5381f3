//! Inverting documents: from articles to terms with their postings, before either layout (one
//! file, or a split index) writes them out.
//!
//! Four passes, all deterministic (the same documents in the same order give the same bytes,
//! whatever the hash seeds or the time), one function each:
//!
//! 1. `tokenize_corpus`: every document's words, as ids into the corpus vocabulary, with the
//!    count of each word (the lexicon the stemmer weighs, see [`crate::analysis::stem`]);
//! 2. `stem_vocabulary`: each distinct word stemmed once, into terms;
//! 3. `invert_documents`: per term, doc-id deltas, `tf << 4 | flags`, and positions;
//! 4. `sort_terms`: the terms in byte order, the most common without positions, each with
//!    the spelling most documents use for display.

use super::format::{self, flags, Display};
use super::varint::put;
use super::Document;
use crate::analysis::stem::{Lexicon, Weights};
use crate::analysis::tokenize::tokenize;
use crate::analysis::{self, Clitics};
use crate::error::{Error, Result};
use std::collections::HashMap;

/// One term of an inverted corpus.
pub(crate) struct InvertedTerm {
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

/// An inverted corpus.
pub(crate) struct Inverted {
    /// Number of documents.
    pub docs: u32,
    /// Number of tokens indexed.
    pub tokens: u64,
    /// The terms, in byte order.
    pub terms: Vec<InvertedTerm>,
    /// One quantized length per document.
    pub norms: Vec<u8>,
    /// Each document's length in tokens.
    pub doc_tokens: Vec<u32>,
}

/// Inverts `docs`, stemming with `weights` and the evidence of the documents themselves.
///
/// Terms in more documents than `positions_cap` keep no positions: the most common terms are
/// a third of all positions and rank nothing (a phrase treats them as a word at their place).
pub(crate) fn invert(docs: &[Document], weights: &Weights, positions_cap: u32) -> Result<Inverted> {
    Ok(invert_with(docs, weights, positions_cap, None)?.0)
}

/// [`invert`], and the documents' word counts (light words, sorted): a segment keeps them for
/// the updates to come.
pub(crate) fn invert_with_lexicon(
    docs: &[Document],
    weights: &Weights,
    positions_cap: u32,
) -> Result<(Inverted, Vec<(String, i64)>)> {
    invert_with(docs, weights, positions_cap, None)
}

/// Inverts `docs`, the stemmer weighing the evidence of `lexicon` (an update: the word counts
/// of the whole index, so a document is stemmed as a fresh build of the whole would stem it),
/// or of the documents themselves. Returns the documents' own word counts too.
pub(crate) fn invert_with(
    docs: &[Document],
    weights: &Weights,
    positions_cap: u32,
    lexicon: Option<&dyn Lexicon>,
) -> Result<(Inverted, Vec<(String, i64)>)> {
    if docs.is_empty() && lexicon.is_none() {
        return Err(Error::EmptyCorpus);
    }
    let n_docs = u32::try_from(docs.len()).map_err(|_| Error::TooLarge { what: "more than 4 billion documents" })?;
    let corpus = tokenize_corpus(docs);
    let stems = match lexicon {
        Some(lex) => stem_vocabulary(&corpus.vocab, lex, weights),
        None => stem_vocabulary(&corpus.vocab, &corpus.vocab, weights),
    };
    Ok(finish(corpus, stems, n_docs, positions_cap))
}

/// Inverts `docs`, a piece of a corpus, with words decided once for the whole corpus (see
/// [`super::evidence`]): the terms, clitic flags, hedges and display hints are those a build of
/// the whole corpus gives. Returns the documents' own word counts too. A word the evidence never
/// saw is an error (the evidence was not counted over this corpus).
pub(crate) fn invert_decided<'d>(
    docs: &[Document],
    decided: &'d super::evidence::Decided,
    positions_cap: u32,
) -> Result<(Inverted, Vec<(String, i64)>)> {
    if docs.is_empty() {
        return Err(Error::EmptyCorpus);
    }
    let n_docs = u32::try_from(docs.len()).map_err(|_| Error::TooLarge { what: "more than 4 billion documents" })?;
    let corpus = tokenize_corpus(docs);
    let mut term_ids: HashMap<&[u8], u32> = HashMap::new();
    let mut stems =
        Stems { terms: Vec::new(), display_votes: Vec::new(), of_word: Vec::with_capacity(corpus.vocab.words.len()) };
    let mut intern = |stems: &mut Stems, (term, display): (&'d [u8], Display)| -> u32 {
        *term_ids.entry(term).or_insert_with(|| {
            stems.terms.push(term.to_vec());
            // One vote for the spelling the whole corpus chose.
            let mut votes = [0; 7];
            votes[(display.0 & 3) as usize] = 1;
            votes[3 + (display.0 >> 2) as usize] = 1;
            stems.display_votes.push(votes);
            (stems.terms.len() - 1) as u32
        })
    };
    for word in &corpus.vocab.words {
        let Some(w) = decided.word(word) else {
            return Err(crate::error::corrupt(
                "evidence",
                format!("the word «{word}» is not in the evidence: count the evidence over the whole corpus"),
            ));
        };
        let id = intern(&mut stems, w.term);
        let second = w.hedge.map_or(NO_TERM, |h| intern(&mut stems, h));
        stems.of_word.push((id, w.clitics, second));
    }
    Ok(finish(corpus, stems, n_docs, positions_cap))
}

/// Passes 3 and 4, and the documents' own word counts.
fn finish(corpus: Tokenized, stems: Stems, n_docs: u32, positions_cap: u32) -> (Inverted, Vec<(String, i64)>) {
    let (bufs, norms) = invert_documents(&corpus, &stems);
    let tokens = corpus.tokens.len() as u64;
    let doc_tokens: Vec<u32> = corpus.bounds.windows(2).map(|w| (w[1].0 - w[0].0) as u32).collect();
    let mut own: Vec<(String, i64)> =
        corpus.vocab.words.iter().zip(&corpus.vocab.counts).map(|(w, &c)| (w.to_string(), i64::from(c))).collect();
    own.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    drop(corpus);
    let terms = sort_terms(stems, bufs, positions_cap);
    (Inverted { docs: n_docs, tokens, terms, norms, doc_tokens }, own)
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

/// Pass 1's result: the vocabulary and each document's words.
struct Tokenized {
    vocab: Vocab,
    /// Every document's words (vocabulary ids), title first, one document after the other.
    tokens: Vec<u32>,
    /// Per document: where its words start in `tokens`, and how many are its title's; plus a
    /// last entry marking the end.
    bounds: Vec<(usize, usize)>,
}

/// Pass 1: tokenizes every document, title then body.
fn tokenize_corpus(docs: &[Document]) -> Tokenized {
    let mut vocab = Vocab { ids: HashMap::new(), words: Vec::new(), counts: Vec::new() };
    let mut tokens: Vec<u32> = Vec::new();
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(docs.len() + 1);
    for d in docs {
        let start = tokens.len();
        tokenize(&d.title, |w| tokens.push(vocab.intern(w.light)));
        let title_len = tokens.len() - start;
        tokenize(&d.body, |w| tokens.push(vocab.intern(w.light)));
        bounds.push((start, title_len));
    }
    bounds.push((tokens.len(), 0));
    Tokenized { vocab, tokens, bounds }
}

/// No hedge term.
pub(crate) const NO_TERM: u32 = u32::MAX;

/// Pass 2's result: the terms, and what each word of the vocabulary is indexed as.
struct Stems {
    /// The encoded terms, in order of first appearance.
    terms: Vec<Vec<u8>>,
    /// Per term, how documents spell its ends: counts of [none, ة, ى] for the last letter, then
    /// [none, أ, إ, آ] for the first (see [`Display`]).
    display_votes: Vec<[u32; 7]>,
    /// Per word of the vocabulary: its term, its clitic flags, and the hedge term of a rare
    /// undecided word ([`NO_TERM`] when none).
    of_word: Vec<(u32, u8, u32)>,
}

/// Pass 2: stems each distinct word once, weighing the evidence of `lexicon`.
fn stem_vocabulary(vocab: &Vocab, lexicon: &dyn Lexicon, weights: &Weights) -> Stems {
    let mut term_ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut stems =
        Stems { terms: Vec::new(), display_votes: Vec::new(), of_word: Vec::with_capacity(vocab.words.len()) };
    let mut intern = |stems: &mut Stems, stem: &str, count: u32| -> u32 {
        let term = analysis::term(stem);
        let id = match term_ids.get(&term) {
            Some(&id) => id,
            None => {
                let id = stems.terms.len() as u32;
                term_ids.insert(term.clone(), id);
                stems.terms.push(term);
                stems.display_votes.push([0; 7]);
                id
            }
        };
        vote(&mut stems.display_votes[id as usize], stem, count);
        id
    };
    let mut scratch = Vec::with_capacity(16);
    for (t, word) in vocab.words.iter().enumerate() {
        let d = analysis::doc_terms(word, lexicon, weights, &mut scratch);
        let id = intern(&mut stems, &d.stem, vocab.counts[t]);
        let second = match &d.hedge {
            Some((_, h)) => intern(&mut stems, h, vocab.counts[t]),
            None => NO_TERM,
        };
        stems.of_word.push((id, d.clitics, second));
    }
    stems
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

/// Position gap between the title and the body, so a phrase never spans both.
const TITLE_GAP: u32 = 2;

/// Pass 3: the postings of every term, and every document's quantized length.
fn invert_documents(corpus: &Tokenized, stems: &Stems) -> (Vec<TermBuf>, Vec<u8>) {
    let docs = corpus.bounds.len() - 1;
    let mut bufs: Vec<TermBuf> = (0..stems.terms.len()).map(|_| TermBuf::default()).collect();
    let mut norms = Vec::with_capacity(docs);
    let mut occ: Vec<(u32, u32, u8)> = Vec::new(); // (term, position, flags)
    for doc in 0..docs {
        let (start, title_len) = corpus.bounds[doc];
        let end = corpus.bounds[doc + 1].0;
        occ.clear();
        for (i, &ty) in corpus.tokens[start..end].iter().enumerate() {
            let (term, clitics, second) = stems.of_word[ty as usize];
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
    (bufs, norms)
}

/// Counts `count` votes for the spelling of `stem`'s ends (see [`Display`]): [none, ة, ى] for
/// the last letter, then [none, أ, إ, آ] for the first.
pub(crate) fn vote(votes: &mut [u32; 7], stem: &str, count: u32) {
    let d = Display::of(stem).0;
    votes[(d & 3) as usize] += count;
    votes[3 + (d >> 2) as usize] += count;
}

/// The display hints most votes chose (ties to the plainer spelling).
pub(crate) fn display_of(v: &[u32; 7]) -> Display {
    let last = (0..3).max_by_key(|&k| (v[k], std::cmp::Reverse(k))).unwrap_or(0) as u8;
    let first = (0..4).max_by_key(|&k| (v[3 + k], std::cmp::Reverse(k))).unwrap_or(0) as u8;
    Display(last | (first << 2))
}

/// Pass 4: the terms in byte order, with their display hints; the most common keep no
/// positions (a phrase treats them as a word at their place, see `search::phrase`).
fn sort_terms(stems: Stems, mut bufs: Vec<TermBuf>, positions_cap: u32) -> Vec<InvertedTerm> {
    let Stems { mut terms, display_votes, .. } = stems;
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
    let mut out = Vec::with_capacity(order.len());
    for &id in &order {
        let b = std::mem::take(&mut bufs[id as usize]);
        let display = display_of(&display_votes[id as usize]);
        out.push(InvertedTerm {
            term: std::mem::take(&mut terms[id as usize]),
            df: b.df,
            docs: b.docs,
            tfs: b.tfs,
            positions: if b.df > positions_cap { Vec::new() } else { b.positions },
            display,
        });
    }
    out
}
