//! Arabic text analysis: the one path that both indexing and querying go through.
//!
//! The pipeline, one small module per step:
//!
//! 1. [`tokenize`] splits text into words and keeps each word's byte span in the original text,
//!    so that excerpts highlight the original spelling, diacritics and all.
//! 2. [`normalize`] folds what search must not care about, in two stages: a *light* form that
//!    still tells the stemmer where hamza, ة and ى were, and the *final* fold of terms.
//! 3. [`stem`] strips clitics (proclitics, the article, pronoun suffixes).
//! 4. [`alphabet`] encodes a term with one byte per Arabic letter.
//!
//! [`keyboard`] converts text typed with the wrong keyboard layout, [`fuzzy`] is the typo
//! automaton over the one-byte alphabet, and [`lemma`] finds, at query time, the other
//! inflections of a term that the index holds (the documents' terms do not change).
//!
//! ```
//! use fahras::analysis::{self, tokenize::tokenize};
//! let mut lights = Vec::new();
//! tokenize("وَالحُكُومَةُ الليبيّة", |w| lights.push(w.light.to_string()));
//! assert_eq!(lights, ["والحكومة", "الليبية"]);
//! let mut cands = Vec::new();
//! analysis::query_terms("والحكومة", &mut cands);
//! assert!(cands.iter().any(|c| c.term == analysis::term("حكومه")));
//! ```

pub mod alphabet;
pub mod fuzzy;
pub mod keyboard;
pub mod lemma;
pub mod normalize;
pub mod stem;
mod tables;
pub mod tokenize;

pub use stem::Clitics;

/// `&s[from..to]`, or "" if the range is not on character boundaries: slicing with a range
/// would link the panic path that formats characters, and its Unicode tables, into the
/// WebAssembly. Callers always pass boundaries; this only keeps the wasm smaller.
#[inline]
pub(crate) fn sub(s: &str, from: usize, to: usize) -> &str {
    s.get(from..to).unwrap_or("")
}

/// The version of the analysis rules. An index records the version it was built with, and
/// opening it with different rules is refused: the terms would not meet.
pub const ANALYZER_VERSION: u16 = 2;

/// Appends the term of a light-normalized stem: the final fold, then the one-byte encoding.
#[inline]
pub fn push_term(light_stem: &str, out: &mut Vec<u8>) {
    for c in light_stem.chars() {
        alphabet::push_char(normalize::final_char(c), out);
    }
}

/// The term of a light-normalized stem (see [`push_term`]).
pub fn term(light_stem: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(light_stem.len());
    push_term(light_stem, &mut out);
    out
}

/// How the document side indexes a word: its term, the clitics it carried, and the second term
/// of a rare word the evidence could not decide (see [`stem::hedge`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocTerms {
    /// The term (light stem, folded and encoded).
    pub term: Vec<u8>,
    /// The light-normalized stem it came from (display hints are taken from it).
    pub stem: String,
    /// The clitics the word carried ([`Clitics`] bits).
    pub clitics: u8,
    /// The hedge: a second reading of a rare undecided word, and its light stem.
    pub hedge: Option<(Vec<u8>, String)>,
}

/// How the document side indexes `light` (a light-normalized word), weighing the evidence of
/// `lexicon` (the word counts of the corpus). `scratch` is reused between calls. Indexing and
/// updates call this one function, so an update decides every word as a fresh build would.
pub fn doc_terms(
    light: &str,
    lexicon: &dyn stem::Lexicon,
    weights: &stem::Weights,
    scratch: &mut Vec<stem::Evidence>,
) -> DocTerms {
    let chars: Vec<char> = light.chars().collect();
    let seg = stem::doc_segmentation(&chars, lexicon, weights, scratch);
    let stem = seg.stem(&chars);
    let hedge = stem::hedge(&chars, scratch, &seg).map(|h| {
        let s = h.stem(&chars);
        (term(&s), s)
    });
    DocTerms { term: term(&stem), stem, clitics: seg.clitics() as u8, hedge }
}

/// A term a query word may match, with the clitics of that reading and its weight.
#[derive(Clone, Debug, PartialEq)]
pub struct TermCandidate {
    /// The encoded term.
    pub term: Vec<u8>,
    /// The clitics the query word carries under this reading.
    pub clitics: Clitics,
    /// How much a match counts (1.0 for literal readings).
    pub weight: f32,
}

fn to_terms(cands: Vec<stem::Candidate>, out: &mut Vec<TermCandidate>) {
    for c in cands {
        let t = term(&c.stem);
        if t.is_empty() {
            continue;
        }
        match out.iter_mut().find(|o| o.term == t) {
            Some(o) if o.weight >= c.weight => {}
            Some(o) => {
                o.weight = c.weight;
                o.clitics = c.clitics;
            }
            None => out.push(TermCandidate { term: t, clitics: c.clitics, weight: c.weight }),
        }
    }
}

/// The terms a complete query word (light-normalized) may match, the literal reading first.
pub fn query_terms(light: &str, out: &mut Vec<TermCandidate>) {
    let mut cands = Vec::with_capacity(8);
    stem::query_candidates(light, &mut cands);
    to_terms(cands, out);
}

/// The term prefixes a partly typed query word (light-normalized) may start.
pub fn prefix_terms(light: &str, out: &mut Vec<TermCandidate>) {
    let mut cands = Vec::with_capacity(8);
    stem::prefix_candidates(light, &mut cands);
    to_terms(cands, out);
}
