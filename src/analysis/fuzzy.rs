//! Typo tolerance: a weighted Damerau–Levenshtein automaton over term bytes.
//!
//! `fst`'s own `Levenshtein` automaton works on UTF-8 and misses substitutions between
//! multi-byte characters (BurntSushi/fst#160), which is every Arabic letter. Terms here use the
//! one-byte alphabet of [`super::alphabet`], so this automaton edits bytes, and one
//! byte is one letter. Costs are in half edits: an insertion, deletion, transposition or
//! substitution costs 2; a substitution between look-alike letters (ظ/ض, ذ/ز, ط/ت, dots on
//! one skeleton…) costs 1.
//!
//! The first letter of a match must be the query's first letter, a look-alike of it, or its
//! second letter (a doubled or swapped first letter): readers rarely mistype the first letter,
//! and the rule lets a split index look for typos in the shards of those letters only.

use super::alphabet::lookalike;
use fst::Automaton;

/// The longest query term the automaton handles (longer words never get typo matching).
pub const MAX_LEN: usize = 40;

/// Matches terms within `budget` half-edits of `query`.
#[derive(Clone, Debug)]
pub struct Fuzzy<'q> {
    query: &'q [u8],
    budget: u8,
    first: [u64; 4],
}

/// The automaton's state: the last two rows of the edit-distance table and the last byte.
#[derive(Clone, Copy)]
pub struct State {
    row: [u8; MAX_LEN + 1],
    prev: [u8; MAX_LEN + 1],
    last: u8,
    depth: u8,
}

impl<'q> Fuzzy<'q> {
    /// An automaton for `query` (at most [`MAX_LEN`] bytes) with a budget in half-edits.
    pub fn new(query: &'q [u8], budget: u8) -> Option<Self> {
        if query.is_empty() || query.len() > MAX_LEN {
            return None;
        }
        let mut first = [0u64; 4];
        let mut allow = |b: u8| first[b as usize / 64] |= 1 << (b % 64);
        allow(query[0]);
        if let Some(&b) = query.get(1) {
            allow(b);
        }
        for b in 0..=255u8 {
            if lookalike(query[0], b) {
                allow(b);
            }
        }
        Some(Fuzzy { query, budget, first })
    }

    /// Whether a matching term may start with byte `b`.
    pub fn may_start_with(&self, b: u8) -> bool {
        self.first[b as usize / 64] & (1 << (b % 64)) != 0
    }

    #[inline]
    fn sub_cost(a: u8, b: u8) -> u8 {
        if a == b {
            0
        } else if lookalike(a, b) {
            1
        } else {
            2
        }
    }

    /// The weighted distance between the query and `term`, if within the budget.
    pub fn distance(&self, term: &[u8]) -> Option<u8> {
        let mut s = self.start();
        for &b in term {
            s = self.accept(&s, b);
            if !self.can_match(&s) {
                return None;
            }
        }
        let d = s.row[self.query.len()];
        (d <= self.budget).then_some(d)
    }
}

const INF: u8 = 200;

impl Automaton for Fuzzy<'_> {
    type State = State;

    fn start(&self) -> State {
        let mut row = [INF; MAX_LEN + 1];
        for (j, r) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *r = (2 * j).min(INF as usize) as u8;
        }
        State { row, prev: [INF; MAX_LEN + 1], last: 0, depth: 0 }
    }

    fn is_match(&self, s: &State) -> bool {
        s.row[self.query.len()] <= self.budget
    }

    fn can_match(&self, s: &State) -> bool {
        s.row[..=self.query.len()].iter().any(|&c| c <= self.budget)
    }

    fn accept(&self, s: &State, b: u8) -> State {
        let q = self.query;
        if s.depth == 0 && !self.may_start_with(b) {
            return State { row: [INF; MAX_LEN + 1], prev: [INF; MAX_LEN + 1], last: b, depth: 1 };
        }
        let mut row = [INF; MAX_LEN + 1];
        row[0] = s.row[0].saturating_add(2).min(INF);
        for j in 1..=q.len() {
            let ins = s.row[j].saturating_add(2); // an extra letter in the term
            let del = row[j - 1].saturating_add(2); // a query letter missing from the term
            let sub = s.row[j - 1].saturating_add(Self::sub_cost(q[j - 1], b));
            let mut best = ins.min(del).min(sub);
            if j >= 2 && s.depth >= 1 && b == q[j - 2] && s.last == q[j - 1] && b != s.last {
                best = best.min(s.prev[j - 2].saturating_add(2)); // two letters swapped
            }
            row[j] = best.min(INF);
        }
        State { row, prev: s.row, last: b, depth: s.depth.saturating_add(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::term;

    fn dist(a: &str, b: &str, budget: u8) -> Option<u8> {
        let q = term(a);
        Fuzzy::new(&q, budget).unwrap().distance(&term(b))
    }

    #[test]
    fn arabic_edits() {
        // substitution of multi-byte letters: what fst's Levenshtein misses (fst#160)
        assert_eq!(dist("ستولتنبرع", "ستولتنبرغ", 2), Some(1)); // ع/غ look alike
        assert_eq!(dist("ستولتنبرق", "ستولتنبرغ", 2), Some(2));
        assert_eq!(dist("حفطر", "حفتر", 2), Some(1)); // ط/ت
        assert_eq!(dist("مضاهرات", "مظاهرات", 2), Some(1)); // ض/ظ
                                                            // insertion and deletion
        assert_eq!(dist("طرابلس", "طرابلوس", 2), Some(2));
        assert_eq!(dist("طرابلس", "طرلس", 4), Some(4));
        assert_eq!(dist("برلين", "برلن", 2), Some(2));
        // transposition
        assert_eq!(dist("برلين", "بريلن", 2), Some(2));
        // out of budget
        assert_eq!(dist("برلين", "باريس", 2), None);
        assert_eq!(dist("حفتر", "حفتر", 0), Some(0));
    }

    #[test]
    fn the_first_letter_is_kept_or_a_look_alike() {
        assert_eq!(dist("طرابلس", "ترابلس", 2), Some(1)); // ط/ت look alike
        assert_eq!(dist("ططرابلس", "طرابلس", 2), Some(2)); // doubled first letter
        assert_eq!(dist("رطابلس", "طرابلس", 2), Some(2)); // swapped first letters
        assert_eq!(dist("كرابلس", "طرابلس", 2), None); // other first letter
        assert_eq!(dist("رابلس", "طرابلس", 2), None); // missing first letter
    }

    #[test]
    fn searches_an_fst_with_arabic_substitutions() {
        let mut words: Vec<Vec<u8>> =
            ["ستولتنبرغ", "ستوكهولم", "برلين", "حفتر", "حفر"].iter().map(|w| term(w)).collect();
        words.sort();
        let set = fst::Set::from_iter(words).unwrap();
        let q = term("ستولتنبرع");
        let found: Vec<String> = {
            use fst::{IntoStreamer, Streamer};
            let mut out = Vec::new();
            let mut s = set.search(Fuzzy::new(&q, 2).unwrap()).into_stream();
            while let Some(k) = s.next() {
                out.push(crate::analysis::alphabet::decode(k));
            }
            out
        };
        assert_eq!(found, ["ستولتنبرغ"]);
    }

    #[test]
    fn too_long_queries_are_refused() {
        assert!(Fuzzy::new(&[1; MAX_LEN + 1], 2).is_none());
        assert!(Fuzzy::new(&[], 2).is_none());
    }
}
