//! The one-byte term alphabet.
//!
//! After the final fold, Arabic text uses 29 letters. Each is stored in the term dictionary as
//! a single byte (`0x01..=0x1D`, bytes no text ever contains), ASCII stays as it is, and any
//! other character keeps its UTF-8 bytes. This halves the dictionary for Arabic (UTF-8 spends
//! two bytes on every Arabic letter), and makes every Arabic letter one byte, so the typo
//! automaton in [`super::fuzzy`] can work byte by byte: `fst`'s own Levenshtein
//! automaton misses substitutions between multi-byte characters (BurntSushi/fst#160).

/// The 29 letters of finally-folded Arabic, in Unicode order; letter `i` is stored as `i + 1`.
pub const LETTERS: [char; 29] = [
    'ء', 'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ك',
    'ل', 'م', 'ن', 'ه', 'و', 'ي',
];

/// The byte of the first letter (ء).
pub const FIRST: u8 = 0x01;
/// The byte of the last letter (ي).
pub const LAST: u8 = FIRST + LETTERS.len() as u8 - 1;

/// The byte that stores `c`, if `c` is one of [`LETTERS`].
#[inline]
pub fn letter_byte(c: char) -> Option<u8> {
    let u = c as u32;
    // ء..غ are contiguous except for the hamza-seat and ة/ى code points that the final fold
    // removed; a small match keeps this branch-light.
    let i = match u {
        0x0621 => 0,
        0x0627 => 1,
        0x0628 => 2,
        0x062A..=0x063A => 3 + (u - 0x062A) as u8,
        0x0641..=0x0648 => 20 + (u - 0x0641) as u8,
        0x064A => 28,
        _ => return None,
    };
    Some(FIRST + i)
}

/// Appends the encoding of one finally-folded character.
#[inline]
pub fn push_char(c: char, out: &mut Vec<u8>) {
    if let Some(b) = letter_byte(c) {
        out.push(b);
    } else if c.is_ascii() {
        debug_assert!(!(FIRST..=LAST).contains(&(c as u8)), "control byte in a term");
        out.push(c as u8);
    } else {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// Encodes a finally-folded string.
pub fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        push_char(c, &mut out);
    }
    out
}

/// Is `b` the byte of an Arabic letter?
#[inline]
pub fn is_letter_byte(b: u8) -> bool {
    (FIRST..=LAST).contains(&b)
}

/// Decodes a term back to text. Invalid UTF-8 (a corrupt dictionary) becomes U+FFFD.
pub fn decode(term: &[u8]) -> String {
    let mut out = String::with_capacity(term.len() * 2);
    let mut i = 0;
    while i < term.len() {
        let b = term[i];
        if is_letter_byte(b) {
            out.push(LETTERS[(b - FIRST) as usize]);
            i += 1;
        } else if b < 0x80 {
            out.push(b as char);
            i += 1;
        } else {
            let len = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            let end = (i + len).min(term.len());
            match std::str::from_utf8(&term[i..end]) {
                Ok(s) => out.push_str(s),
                Err(_) => out.push('\u{FFFD}'),
            }
            i = end;
        }
    }
    out
}

/// The number of characters in a term (each Arabic letter and ASCII byte is one).
pub fn char_len(term: &[u8]) -> usize {
    term.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// Letters that readers confuse: same skeleton with other dots, or sounds that are spelt
/// several ways. A substitution inside one group costs half an edit in typo matching.
pub const LOOKALIKE_GROUPS: &[&str] = &[
    "بتثني", // one tooth, dots differ
    "جحخ",
    "دذ",
    "رز",
    "سش",
    "صض",
    "طظ",
    "عغ",
    "فق",
    "ضظ", // pronounced alike in most dialects
    "ذز",
    "طت",
    "سصث",
    "ذد",
    "قك",
    "اء",
];

/// Do `a` and `b` (two term bytes) belong to one look-alike group?
pub fn lookalike(a: u8, b: u8) -> bool {
    LOOKALIKE_TABLE[a as usize] & LOOKALIKE_TABLE[b as usize] != 0
}

/// For each byte, a bit set of the look-alike groups its letter is in.
static LOOKALIKE_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut g = 0;
    while g < LOOKALIKE_GROUPS.len() {
        let s = LOOKALIKE_GROUPS[g].as_bytes();
        let mut i = 0;
        while i < s.len() {
            // Decode the two-byte UTF-8 of an Arabic letter by hand (const context).
            let c = (((s[i] & 0x1F) as u32) << 6) | (s[i + 1] & 0x3F) as u32;
            let b = match c {
                0x0621 => 0,
                0x0627 => 1,
                0x0628 => 2,
                0x062A..=0x063A => 3 + (c - 0x062A) as u8,
                0x0641..=0x0648 => 20 + (c - 0x0641) as u8,
                0x064A => 28,
                _ => panic!("look-alike groups hold only folded letters"),
            };
            t[(FIRST + b) as usize] |= 1 << g;
            i += 2;
        }
        g += 1;
    }
    t
};

/// The smallest byte string greater than every string starting with `p` (`None` when there is
/// none): the upper bound of a prefix's range in a sorted dictionary.
pub fn prefix_upper(p: &[u8]) -> Option<Vec<u8>> {
    let mut u = p.to_vec();
    while let Some(&last) = u.last() {
        if last < 0xFF {
            *u.last_mut().unwrap() += 1;
            return Some(u);
        }
        u.pop();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_letter_round_trips_in_one_byte() {
        for (i, &c) in LETTERS.iter().enumerate() {
            assert_eq!(letter_byte(c), Some(FIRST + i as u8), "{c}");
            assert_eq!(decode(&encode(&c.to_string())), c.to_string());
        }
        assert_eq!(encode("برلين").len(), 5);
    }

    #[test]
    fn order_is_alphabetical() {
        let mut words = ["ياسمين", "برلين", "ابو", "طرابلس", "ثمن", "ءا"];
        let mut by_bytes = words;
        by_bytes.sort_by_key(|w| encode(w));
        words.sort();
        assert_eq!(words, by_bytes);
    }

    #[test]
    fn mixed_scripts_round_trip() {
        for s in ["g20", "قمة g20", "برلين2020", "москва", "東京", "ça"] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(char_len(&encode("برلينg20москва")), 14);
    }

    #[test]
    fn folded_away_letters_have_no_byte() {
        for c in ['أ', 'إ', 'آ', 'ؤ', 'ئ', 'ة', 'ى', 'پ'] {
            assert_eq!(letter_byte(c), None, "{c}");
        }
    }

    #[test]
    fn lookalikes() {
        let b = |c| letter_byte(c).unwrap();
        assert!(lookalike(b('ض'), b('ظ')));
        assert!(lookalike(b('ذ'), b('ز')));
        assert!(lookalike(b('ط'), b('ت')));
        assert!(lookalike(b('ع'), b('غ')));
        assert!(!lookalike(b('ع'), b('م')));
        assert!(!lookalike(b('ا'), b('ل')));
        assert!(!lookalike(b'a', b'b'));
    }
}
