//! The corpus-wide evidence of the stemmer, counted apart from the inversion, so that a corpus
//! can be indexed in pieces (a bounded-memory build, segments built on several machines) and
//! still be indexed word for word as one build of the whole would index it.
//!
//! The document side of the stemmer decides each word with the word counts of the *whole*
//! corpus (see [`crate::analysis::stem`] and [`crate::analysis::doc_terms`]): «ببروكسل» is split
//! once «بروكسل» occurs often enough, anywhere. A piece of the corpus inverted with its own
//! counts would decide some words otherwise than the whole, and no merge of postings can undo
//! that. So a build in pieces goes in two steps:
//!
//! 1. **Count** ([`Evidence`]): every document's light words, title and body, and the number of
//!    documents. Memory grows with the vocabulary, not the corpus (a few hundred thousand words
//!    for a million synthetic articles; Heaps' law for real ones), and counts add up: the
//!    evidence of a corpus is the sum of its parts' ([`Evidence::add`]), so machines can count
//!    their parts and share the sum as an evidence file ([`Evidence::encode`]).
//! 2. **Decide once, invert in pieces** ([`Decided`]): every word of the evidence is decided
//!    once (term, clitics, hedge), and every term gets the display hints the whole corpus
//!    votes for. A piece is then inverted with these decisions (`invert::invert_decided`), and
//!    the pieces' segments merge into exactly the index one build of the whole writes: same
//!    terms, postings, document frequencies, lengths, display hints and positions cap.
//!
//! A segment built this way records the evidence's [`fingerprint`](Evidence::fingerprint) and
//! document count in its update state (the EVIDENCE section), so that a merge of segments built
//! apart can check that they were all decided with the evidence of the very corpus they make up.

use super::format::{assemble, verify_file, Display, SectionKind};
use super::invert::NO_TERM;
use super::split::fnv;
use super::split::state::{decode_tag, encode_tag};
use super::Document;
use crate::analysis::stem::{Lexicon, Weights};
use crate::analysis::tokenize::tokenize;
use crate::analysis::{self, DocTerms};
use crate::error::{corrupt, Result};
use crate::util::FxHashMap;
use fst::{IntoStreamer, Streamer};

/// Word counts of a corpus (light-normalized words, title and body) and its number of documents.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    counts: FxHashMap<Box<str>, u32>,
    docs: u64,
}

impl Lexicon for Evidence {
    fn count(&self, light: &str) -> u32 {
        self.counts.get(light).copied().unwrap_or(0)
    }
}

impl Evidence {
    /// No evidence yet.
    pub fn new() -> Evidence {
        Evidence::default()
    }

    /// Counts a document's words.
    pub fn add_doc(&mut self, doc: &Document) {
        self.docs += 1;
        for text in [&doc.title, &doc.body] {
            tokenize(text, |w| match self.counts.get_mut(w.light) {
                Some(c) => *c = c.saturating_add(1),
                None => {
                    self.counts.insert(w.light.into(), 1);
                }
            });
        }
    }

    /// Adds the evidence of another part of the corpus.
    pub fn add(&mut self, other: Evidence) {
        self.docs += other.docs;
        for (w, c) in other.counts {
            let e = self.counts.entry(w).or_default();
            *e = e.saturating_add(c);
        }
    }

    /// The documents counted.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// The distinct words counted.
    pub fn words(&self) -> usize {
        self.counts.len()
    }

    /// About how many bytes the counts take in memory.
    pub fn memory(&self) -> usize {
        self.counts.keys().map(|w| w.len() + 40).sum()
    }

    fn sorted(&self) -> Vec<(&str, u32)> {
        let mut words: Vec<(&str, u32)> = self.counts.iter().map(|(w, &c)| (&**w, c)).collect();
        words.sort_unstable();
        words
    }

    /// A fingerprint of the counts and the document count: two pieces decided with evidence of
    /// the same fingerprint decide every word alike.
    pub fn fingerprint(&self) -> u64 {
        fingerprint_of(self.sorted().into_iter().map(|(w, c)| (w, i64::from(c))), self.docs)
    }

    /// The evidence as a file of its own (header, LEXICON: `fst::Map` word → count, EVIDENCE).
    pub fn encode(&self) -> Result<Vec<u8>> {
        let sorted = self.sorted();
        let mut map = fst::MapBuilder::memory();
        for (w, c) in &sorted {
            map.insert(w, u64::from(*c)).map_err(|e| corrupt("lexicon", e.to_string()))?;
        }
        let map = map.into_inner().map_err(|e| corrupt("lexicon", e.to_string()))?;
        let fp = fingerprint_of(sorted.iter().map(|&(w, c)| (w, i64::from(c))), self.docs);
        Ok(assemble(vec![(SectionKind::Lexicon, map), (SectionKind::Evidence, encode_tag(fp, self.docs))]))
    }

    /// Reads an evidence file, checking every checksum and the fingerprint it records.
    pub fn decode(file: &[u8]) -> Result<Evidence> {
        let h = verify_file(file)?;
        let part = |kind| -> Result<&[u8]> {
            let s = h.section(kind)?;
            Ok(&file[s.offset as usize..(s.offset + s.len) as usize])
        };
        let (fp, docs) = decode_tag(part(SectionKind::Evidence)?)?;
        let map = fst::Map::new(part(SectionKind::Lexicon)?).map_err(|e| corrupt("lexicon", e.to_string()))?;
        let mut counts = FxHashMap::default();
        counts.reserve(map.len());
        let mut s = map.into_stream();
        while let Some((k, v)) = s.next() {
            let w = std::str::from_utf8(k).map_err(|_| corrupt("lexicon", "a word is not UTF-8"))?;
            let c = u32::try_from(v).map_err(|_| corrupt("lexicon", "a count out of range"))?;
            counts.insert(w.into(), c);
        }
        let ev = Evidence { counts, docs };
        if ev.fingerprint() != fp {
            return Err(corrupt("evidence", "the word counts do not match their fingerprint"));
        }
        Ok(ev)
    }

    /// Decides every word once (see [`Decided`]), on up to `threads` threads (the result does
    /// not depend on them).
    pub fn decide(self, weights: &Weights, threads: usize) -> Decided {
        let fingerprint = self.fingerprint();
        let mut words: Vec<(&str, u32)> = self.sorted();
        // Each word alone, so the result does not depend on the threads.
        let chunk = words.len().div_ceil(threads.max(1)).max(1);
        let decided: Vec<DocTerms> = std::thread::scope(|s| {
            let handles: Vec<_> = words
                .chunks(chunk)
                .map(|part| {
                    let lex = &self;
                    s.spawn(move || {
                        let mut scratch = Vec::new();
                        part.iter().map(|(w, _)| analysis::doc_terms(w, lex, weights, &mut scratch)).collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("a deciding thread")).collect()
        });
        let mut term_ids: FxHashMap<Vec<u8>, u32> = FxHashMap::default();
        let mut terms: Vec<Vec<u8>> = Vec::new();
        let mut votes: Vec<[u32; 7]> = Vec::new();
        let mut intern = |term: &[u8], stem: &str, count: u32| -> u32 {
            let id = match term_ids.get(term) {
                Some(&id) => id,
                None => {
                    let id = terms.len() as u32;
                    term_ids.insert(term.to_vec(), id);
                    terms.push(term.to_vec());
                    votes.push([0; 7]);
                    id
                }
            };
            super::invert::vote(&mut votes[id as usize], stem, count);
            id
        };
        let mut of_word = Vec::with_capacity(words.len());
        for ((_, count), d) in words.iter().zip(&decided) {
            let id = intern(&d.term, &d.stem, *count);
            let hedge = match &d.hedge {
                Some((h, stem)) => intern(h, stem, *count),
                None => NO_TERM,
            };
            of_word.push((id, d.clitics, hedge));
        }
        drop(decided);
        drop(term_ids);
        let display = votes.iter().map(super::invert::display_of).collect();
        let n = words.len();
        words.clear();
        drop(words);
        let Evidence { counts, docs } = self;
        let mut owned: Vec<(Box<str>, u32)> = counts.into_iter().collect();
        owned.sort_unstable();
        let mut index: FxHashMap<Box<str>, u32> = FxHashMap::default();
        index.reserve(n);
        for (i, (w, _)) in owned.into_iter().enumerate() {
            index.insert(w, i as u32);
        }
        Decided { index, of_word, terms, display, docs, fingerprint }
    }
}

/// Every word of a corpus decided once with the corpus-wide [`Evidence`]: its term, its clitic
/// flags and its hedge term, and for every term the display hints the whole corpus votes for.
pub struct Decided {
    index: FxHashMap<Box<str>, u32>,
    of_word: Vec<(u32, u8, u32)>,
    terms: Vec<Vec<u8>>,
    display: Vec<Display>,
    docs: u64,
    fingerprint: u64,
}

/// How a word is indexed: its term and display, its clitic flags, its hedge term and display.
pub(crate) struct WordTerms<'a> {
    pub term: (&'a [u8], Display),
    pub clitics: u8,
    pub hedge: Option<(&'a [u8], Display)>,
}

impl Decided {
    /// How `light` is indexed, or `None` when the evidence never saw it.
    pub(crate) fn word(&self, light: &str) -> Option<WordTerms<'_>> {
        let &i = self.index.get(light)?;
        let (t, clitics, h) = self.of_word[i as usize];
        let at = |t: u32| (self.terms[t as usize].as_slice(), self.display[t as usize]);
        Some(WordTerms { term: at(t), clitics, hedge: (h != NO_TERM).then(|| at(h)) })
    }

    /// The documents of the corpus the evidence counted.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// The fingerprint of the evidence (see [`Evidence::fingerprint`]).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// About how many bytes the decisions take in memory.
    pub fn memory(&self) -> usize {
        let words: usize = self.index.keys().map(|w| w.len() + 48).sum();
        words + self.terms.iter().map(|t| t.len() + 32).sum::<usize>()
    }
}

/// The fingerprint of word counts (sorted by word) and a document count.
pub fn fingerprint_of<'w>(sorted: impl Iterator<Item = (&'w str, i64)>, docs: u64) -> u64 {
    let mut h = fnv(0xcbf2_9ce4_8422_2325, b"evidence");
    for (w, c) in sorted {
        h = fnv(h, w.as_bytes());
        h = fnv(h, &[0xff]);
        h = fnv(h, &c.to_le_bytes());
    }
    fnv(h, &docs.to_le_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_adds_up_and_round_trips() {
        let docs = [
            Document::new("a", "الحكومة", "قالت الحكومة في بروكسل"),
            Document::new("b", "بروكسل", "ببروكسل وبروكسل"),
            Document::new("c", "", "الحكومة"),
        ];
        let mut whole = Evidence::new();
        docs.iter().for_each(|d| whole.add_doc(d));
        let mut a = Evidence::new();
        a.add_doc(&docs[0]);
        let mut b = Evidence::new();
        b.add_doc(&docs[1]);
        b.add_doc(&docs[2]);
        a.add(b);
        assert_eq!(a.fingerprint(), whole.fingerprint());
        assert_eq!((a.docs(), a.count("الحكومة")), (3, 3));
        let back = Evidence::decode(&whole.encode().unwrap()).unwrap();
        assert_eq!(back.fingerprint(), whole.fingerprint());
        assert_eq!(back.count("بروكسل"), 2);
        // One more document, another fingerprint.
        whole.add_doc(&Document::new("d", "", "بروكسل"));
        assert_ne!(whole.fingerprint(), back.fingerprint());
    }

    #[test]
    fn decisions_are_those_of_doc_terms_with_the_whole_evidence() {
        let mut ev = Evidence::new();
        for body in ["ببروكسل بروكسل بروكسل وبروكسل", "وقال الوزير إن الحكومة قالت", "حكومتها للحكومة"]
        {
            ev.add_doc(&Document::new("x", "", body));
        }
        let lex = ev.clone();
        let decided = ev.decide(&Weights::default(), 3);
        let mut scratch = Vec::new();
        for w in ["ببروكسل", "وقال", "الوزير", "حكومتها", "للحكومة"] {
            let want = analysis::doc_terms(w, &lex, &Weights::default(), &mut scratch);
            let got = decided.word(w).unwrap();
            assert_eq!(got.term.0, want.term.as_slice(), "{w}");
            assert_eq!(got.clitics, want.clitics, "{w}");
            assert_eq!(got.hedge.map(|h| h.0.to_vec()), want.hedge.map(|h| h.0), "{w}");
        }
        assert!(decided.word("غائب").is_none());
    }
}
