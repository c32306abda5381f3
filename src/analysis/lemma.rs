//! Lemma variants: the inflections of a word that suffixes make, found in the index being
//! searched.
//!
//! The clitic stemmer ([`super::stem`]) leaves inflectional endings alone: «مؤتمر» and «مؤتمرات»,
//! «الفلسطينيون» and «الفلسطينيين», «حكومة» and «حكومتان» are different terms. A query word also
//! matches the other forms of its paradigm, as a class below the stem match (see
//! `search::expand`). The endings are those of the feminine (ة, folded to ه in terms), the sound
//! plurals (ات ون ين) and the dual (ان ين, تان تين after ة); a nisba adjective is a base of its
//! own («فلسطيني» → «فلسطينية», «فلسطينيون»; never «فلسطين»).
//!
//! Whether a word ends in an inflection or merely ends in those letters is decided, as the
//! clitic stemmer decides, with evidence from the corpus, here the document frequencies of the
//! index being searched; no dictionary:
//!
//! * **paradigm**: an ending counts only beside its partner form with the same base: ون with ين,
//!   ان with ين, ين with ون or ان, ات with the singular or ة, ة with the bare base or ات, تان and
//!   تين with ة. «كاميرون» has no «كاميرين», so it is not «كامير» + ون;
//! * **no giant plural**: a plural or dual form more than [`RATIO`] times as frequent as the
//!   singular it would be of (bare and with ة) is a word of its own, and supports no partner:
//!   «لبنان» is not «لبن» + ان, and «لبنين» is then not a form of «لبن» either.
//!
//! The query word itself must be an accepted form of a base for that base's forms to be its
//! variants. Words that end otherwise («ألمانيا», «بريطانيا», «فنزويلا») have no variant.

use super::alphabet::FIRST;

/// The inflectional endings as written (ة is ه in a term), and then the bare base.
pub const ENDINGS: [&str; FORMS] = ["ه", "ات", "ون", "ين", "ان", "تان", "تين", ""];
/// The same, encoded (see [`super::alphabet`]; a test checks them against the encoder).
const CODES: [&[u8]; FORMS] =
    [&[HA], &[ALEF, TA], &[WAW, NUN], &[YA, NUN], &[ALEF, NUN], &[TA, ALEF, NUN], &[TA, YA, NUN], &[]];
const ALEF: u8 = FIRST + 1;
const TA: u8 = FIRST + 3;
const NUN: u8 = FIRST + 25;
const HA: u8 = FIRST + 26;
const WAW: u8 = FIRST + 27;
const YA: u8 = FIRST + 28;
/// The forms of a base: one per ending, the bare base last.
const FORMS: usize = 8;
const BARE: usize = 7;
/// For each form, the forms (bits) one of which must also occur with the same base: ة beside
/// the bare base or ات, ات beside the bare base or ة, ون beside ين, ين beside ون or ان, ان
/// beside ين, تان and تين beside ة, the bare base beside any of the first five.
const PARTNERS: [u8; FORMS] = [0x82, 0x81, 0x08, 0x14, 0x08, 0x01, 0x01, 0x1F];
/// The forms of plurals and duals that proper nouns also end in («لبنان», «كاميرون»): ون ين ان
/// تان تين. (ات is not among them: «انتخابات» is more frequent than «انتخاب».)
const GIANTS: u8 = 0x7C;
/// The fewest letters a base keeps.
pub const MIN_BASE: usize = 3;
/// A plural or dual form this many times more frequent than its singular (bare and feminine)
/// is a word of its own.
pub const RATIO: u64 = 4;

/// The other forms of `term`'s paradigms that the index holds, with their document
/// frequencies (`df` gives a term's document frequency, 0 when absent), appended to `out`
/// without duplicates. `term` is an encoded term (see [`super::term`]).
pub fn variants(term: &[u8], df: &mut dyn FnMut(&[u8]) -> u32, out: &mut Vec<(Vec<u8>, u32)>) {
    if term.len() < MIN_BASE || !term.iter().all(|&b| super::alphabet::is_letter_byte(b)) {
        return;
    }
    let mut form = Vec::with_capacity(term.len() + 3);
    // Each base the word may be a form of: itself (`own` = the bare base), or itself without an
    // ending.
    for own in 0..FORMS {
        let end = CODES[own];
        if term.len() < MIN_BASE + end.len() || !term.ends_with(end) {
            continue;
        }
        let base = &term[..term.len() - end.len()];
        let mut dfs = [0u32; FORMS];
        let mut present = 0u8;
        for k in 0..FORMS {
            form.clear();
            form.extend_from_slice(base);
            form.extend_from_slice(CODES[k]);
            dfs[k] = df(&form);
            present |= u8::from(dfs[k] > 0) << k;
        }
        // A plural or dual far more frequent than the singular it would be of is a word of its
        // own, and supports no partner.
        let singular = u64::from(dfs[BARE]) + u64::from(dfs[0]);
        let mut giants = 0u8;
        for (k, &d) in dfs.iter().enumerate() {
            giants |= u8::from(GIANTS >> k & 1 != 0 && u64::from(d) > RATIO * singular) << k;
        }
        present &= !giants;
        // The word's own form counts even when the index lacks it (a reader may type a plural
        // the site never wrote), but one of its partners must be there.
        if PARTNERS[own] & present == 0 || giants >> own & 1 != 0 {
            continue;
        }
        for k in 0..FORMS {
            if k == own || present >> k & 1 == 0 || PARTNERS[k] & present == 0 {
                continue;
            }
            form.clear();
            form.extend_from_slice(base);
            form.extend_from_slice(CODES[k]);
            if !out.iter().any(|(t, _)| *t == form) {
                out.push((form.clone(), dfs[k]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{alphabet, term};
    use std::collections::HashMap;

    /// A word as a term reads (ؤ and ة folded).
    fn t(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|w| alphabet::decode(&term(w))).collect();
        v.sort();
        v
    }

    fn of(word: &str, counts: &[(&str, u32)]) -> Vec<String> {
        let map: HashMap<Vec<u8>, u32> = counts.iter().map(|&(w, n)| (term(w), n)).collect();
        let mut out = Vec::new();
        variants(&term(word), &mut |t| map.get(t).copied().unwrap_or(0), &mut out);
        let mut words: Vec<String> = out.into_iter().map(|(t, _)| alphabet::decode(&t)).collect();
        words.sort();
        words
    }

    #[test]
    fn the_codes_are_the_endings_encoded() {
        for (code, e) in CODES.iter().zip(ENDINGS) {
            assert_eq!(*code, &alphabet::encode(e)[..], "{e}");
        }
    }

    #[test]
    fn plurals_duals_and_the_feminine_meet() {
        let c = [("مؤتمر", 900), ("مؤتمرات", 200), ("مؤتمرين", 10), ("مؤتمرون", 0)];
        // «مؤتمرين» has no «مؤتمرون» or «مؤتمران» beside it: not a form of «مؤتمر» here.
        assert_eq!(of("مؤتمرات", &c), t(&["مؤتمر"]));
        assert_eq!(of("مؤتمر", &c), t(&["مؤتمرات"]));
        let c = [("مؤتمر", 900), ("مؤتمرات", 200), ("مؤتمرين", 10), ("مؤتمران", 4)];
        assert_eq!(of("مؤتمر", &c), t(&["مؤتمرات", "مؤتمرين", "مؤتمران"]));
        let c = [("فلسطيني", 500), ("فلسطينية", 700), ("فلسطينيون", 90), ("فلسطينيين", 300), ("فلسطين", 2000)];
        assert_eq!(of("فلسطينيين", &c), t(&["فلسطيني", "فلسطينية", "فلسطينيون"]));
        let c = [("حكومة", 3000), ("حكومات", 200), ("حكومتان", 3)];
        assert_eq!(of("حكومة", &c), t(&["حكومات", "حكومتان"]));
        // A common singular keeps its rare plural.
        let c = [("اتحاد", 5000), ("اتحادات", 40)];
        assert_eq!(of("اتحاد", &c), t(&["اتحادات"]));
        assert_eq!(of("اتحادات", &c), t(&["اتحاد"]));
    }

    #[test]
    fn whole_words_stay_whole() {
        let c = [("لبنان", 2000), ("لبن", 40), ("لبنين", 3), ("كاميرون", 50), ("ألمانيا", 900), ("ألماني", 100)];
        for w in ["لبنان", "لبن", "كاميرون", "ألمانيا"] {
            assert!(of(w, &c).is_empty(), "{w}: {:?}", of(w, &c));
        }
        let c = [("بريطانيا", 900), ("فنزويلا", 300), ("بريطاني", 100), ("بريطانية", 150)];
        assert!(of("بريطانيا", &c).is_empty());
        assert!(of("فنزويلا", &c).is_empty());
        assert_eq!(of("بريطاني", &c), t(&["بريطانية"]));
    }
}
