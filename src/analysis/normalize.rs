//! Character normalization, in two stages.
//!
//! **Light** normalization ([`light_char`]) is what search must never care about: tashkeel
//! (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks), tatweel, zero-width and bidi
//! controls, presentation forms (NFKC), Persian and Urdu letters, Arabic-Indic and Persian
//! digits, Latin case and accents. It keeps the letters that carry meaning for the stemmer:
//! hamza seats (أ is never the article), ة (never a pronoun) and ى.
//!
//! The **final** fold ([`final_char`]) then merges what readers spell interchangeably:
//! أ إ آ → ا, ؤ → و, ئ → ي, ة → ه, ى → ي. Terms in the index are light-normalized, stemmed,
//! then finally folded, so «مسؤولية» and «مسئوليه» meet on one term.

use super::tables::{DELTA, POOL, RANGES};

/// What light normalization does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// The character is kept as it is.
    Keep,
    /// The character is invisible to search (a mark, tatweel, a control): dropped.
    Drop,
    /// The character is replaced by another one.
    Char(char),
    /// The character is replaced by several (ligatures such as ﻻ or ﷲ); may be empty.
    Str(&'static str),
}

/// Is `c` part of a word without being a letter: a combining mark, tatweel, or an invisible
/// control that may sit inside a word (ZWNJ, ZWJ, bidi marks, soft hyphen)? The tokenizer keeps
/// such characters inside a word and light normalization drops them.
pub fn is_joiner(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F            // Latin combining diacritics
        | 0x0610..=0x061A          // Arabic signs above/below (Quranic)
        | 0x061C                   // ARABIC LETTER MARK
        | 0x0640                   // tatweel
        | 0x064B..=0x065F          // harakat, tanwin, shadda, sukun, combining hamza/madda
        | 0x0670                   // dagger alef
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7 | 0x06E8 | 0x06EA..=0x06ED
        | 0x08D3..=0x08E1 | 0x08E3..=0x08FF
        | 0x00AD | 0x180E
        | 0x200B..=0x200F          // zero-width space/joiners, LRM, RLM
        | 0x202A..=0x202E          // bidi embeddings and overrides
        | 0x2060..=0x2064 | 0x2066..=0x2069
        | 0xFE00..=0xFE0F          // variation selectors
        | 0xFE20..=0xFE2F
        | 0xFEFF)
}

/// Light normalization of one character (see the module documentation).
#[inline]
pub fn light_char(c: char) -> Fold {
    let u = c as u32;
    // Fast paths: ASCII and the core Arabic letters are the bulk of every corpus.
    if u < 0x80 {
        return if c.is_ascii_uppercase() { Fold::Char(c.to_ascii_lowercase()) } else { Fold::Keep };
    }
    if (0x0621..=0x063A).contains(&u) || (0x0641..=0x064A).contains(&u) {
        return Fold::Keep;
    }
    if is_joiner(c) {
        return Fold::Drop;
    }
    match u {
        0x0660..=0x0669 => return Fold::Char(char::from(b'0' + (u - 0x0660) as u8)),
        0x06F0..=0x06F9 => return Fold::Char(char::from(b'0' + (u - 0x06F0) as u8)),
        0x066B => return Fold::Char('.'), // Arabic decimal separator
        0x066C => return Fold::Char(','), // Arabic thousands separator
        _ => {}
    }
    if let Some(r) = arabic_variant(c) {
        return Fold::Char(r);
    }
    match compat(u) {
        // A compatibility fold may give a letter that folds further (ﭐ → ٱ → ا).
        Some(Fold::Char(r)) => match light_char(r) {
            Fold::Keep => Fold::Char(r),
            again => again,
        },
        Some(f) => f,
        None => Fold::Keep,
    }
}

/// The generated compatibility fold of a code point (see `tools/gen_tables.py`).
fn compat(u: u32) -> Option<Fold> {
    let u = u16::try_from(u).ok()?;
    let &(start, _, v) = RANGES.get(RANGES.partition_point(|r| r.1 < u))?;
    if u < start {
        return None;
    }
    if v & DELTA != 0 {
        let delta = (v & 0xFFFF) as u16 as i16;
        return char::from_u32((i32::from(u) + i32::from(delta)) as u32).map(Fold::Char);
    }
    let (off, len) = ((v & 0xFFFF) as usize, (v >> 16) as usize);
    let s = POOL.get(off..off + len)?;
    let mut it = s.chars();
    Some(match (it.next(), it.next()) {
        (Some(one), None) => Fold::Char(one),
        _ => Fold::Str(s),
    })
}

/// Arabic-script letters of Persian, Urdu and other orthographies, and alef variants, mapped to
/// the Arabic letter a reader of Arabic would type for them.
fn arabic_variant(c: char) -> Option<char> {
    Some(match c {
        'ٱ' | 'ٵ' => 'ا', // alef wasla, high-hamza alef
        'ٲ' => 'أ',
        'ٳ' => 'إ',
        'ٶ' => 'ؤ',
        'ٸ' => 'ئ',
        'ی' | 'ې' | 'ێ' | 'ۍ' | 'ۑ' | 'ے' | 'ۓ' => 'ي',
        'ک' | 'ڪ' | 'ګ' | 'ڭ' | 'گ' => 'ك',
        'ە' | 'ہ' | 'ھ' => 'ه',
        'ۀ' | 'ۂ' | 'ۃ' => 'ة', // Persian and Urdu forms of a final ta marbuta / heh
        'پ' => 'ب',
        'چ' | 'ڃ' | 'ڄ' => 'ج',
        'ژ' => 'ز',
        'ڤ' | 'ڥ' => 'ف',
        'ڨ' | 'ڧ' => 'ق',
        'ٹ' => 'ت',
        'ڈ' => 'د',
        'ڑ' => 'ر',
        'ں' | 'ڻ' => 'ن',
        'ۆ' | 'ۇ' | 'ۈ' | 'ۋ' | 'ۏ' => 'و',
        _ => return None,
    })
}

/// Appends the light normalization of `c` to `out`.
#[inline]
pub fn push_light(c: char, out: &mut String) {
    match light_char(c) {
        Fold::Keep => out.push(c),
        Fold::Drop => {}
        Fold::Char(r) => out.push(r),
        Fold::Str(s) => {
            // A compatibility replacement may itself need light normalization (ﻷ → ل + أ is
            // already light, but fullwidth letters come out upper-case-free and Latin letters
            // with marks come out without them): fold once more, character by character.
            for r in s.chars() {
                match light_char(r) {
                    Fold::Keep => out.push(r),
                    Fold::Drop => {}
                    Fold::Char(x) => out.push(x),
                    Fold::Str(x) => out.push_str(x),
                }
            }
        }
    }
}

/// Light-normalizes a whole string (see [`light_char`]).
pub fn light(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_light(c, &mut out);
    }
    out
}

/// The final fold of one light-normalized character: the spelling variants readers do not
/// distinguish when they search.
#[inline]
pub fn final_char(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' => 'ا',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ة' => 'ه',
        'ى' => 'ي',
        _ => c,
    }
}

/// Is `c` a letter or digit of some script, for telling words from punctuation? Arabic, Latin,
/// Greek and Cyrillic are exact; other scripts are recognized by their letter blocks. (Not
/// `char::is_alphanumeric`, whose Unicode tables would add kilobytes to the WebAssembly; an
/// Arabic engine only needs to keep other scripts' words whole.)
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii_alphanumeric() || is_arabic_letter(c) {
        return true;
    }
    matches!(c as u32,
        0x00AA | 0x00B5 | 0x00BA
        | 0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F   // Latin-1, Extended-A/B
        | 0x0250..=0x02AF                                       // IPA
        | 0x0370..=0x0373 | 0x0376 | 0x0377 | 0x037B..=0x037D | 0x0386 | 0x0388..=0x03FF // Greek
        | 0x0400..=0x0481 | 0x048A..=0x052F                     // Cyrillic
        | 0x0531..=0x0556 | 0x0561..=0x0587                     // Armenian
        | 0x05D0..=0x05EA                                       // Hebrew
        | 0x0660..=0x0669 | 0x06F0..=0x06F9                     // Arabic-Indic digits
        | 0x0900..=0x0DFF                                       // Indic scripts (marks included)
        | 0x0E01..=0x0E3A | 0x0E40..=0x0E4E                     // Thai
        | 0x10A0..=0x10FF                                       // Georgian
        | 0x1100..=0x11FF                                       // Hangul Jamo
        | 0x1E00..=0x1FFF                                       // Latin and Greek Extended
        | 0x2070..=0x209F                                       // super- and subscripts
        | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC..=0x30FF   // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF                     // CJK
        | 0xAC00..=0xD7A3                                       // Hangul
        | 0xFB00..=0xFB06 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC   // ligatures, Arabic forms
        | 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A   // fullwidth
        | 0x20000..=0x2FA1F) // CJK extensions
}

/// Is `c` a letter of the Arabic script (after light normalization)?
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06D5 | 0x06EE | 0x06EF | 0x06FA..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fin(s: &str) -> String {
        light(s).chars().map(final_char).collect()
    }

    /// Table-driven: (written, what search sees after both stages).
    const CASES: &[(&str, &str)] = &[
        // tashkeel: harakat, tanwin, shadda, sukun, dagger alef
        ("مُؤْتَمَر", "موتمر"),
        ("مَدْرَسَةٌ", "مدرسه"),
        ("شَدَّةً", "شده"),
        ("هٰذا", "هذا"),
        ("الرَّحْمٰنِ", "الرحمن"),
        ("كِتَابًا", "كتابا"),
        // tatweel
        ("بـرلين", "برلين"),
        ("جمـــيل", "جميل"),
        // hamza seats and alef variants
        ("أمين", "امين"),
        ("إسلام", "اسلام"),
        ("آخر", "اخر"),
        ("ٱلله", "الله"),
        ("مسؤول", "مسوول"),
        ("مسئول", "مسيول"),
        ("رئيس", "رييس"),
        // ta marbuta and alef maqsura
        ("الليبية", "الليبيه"),
        ("الليبيه", "الليبيه"),
        ("مستشفى", "مستشفي"),
        ("على", "علي"),
        // Persian and Urdu letters
        ("کتاب", "كتاب"),
        ("فارسی", "فارسي"),
        ("مدرسۀ", "مدرسه"),
        ("پاکستان", "باكستان"),
        ("ڤيينا", "فيينا"),
        ("گوگل", "كوكل"),
        // presentation forms (NFKC)
        ("ﺑﺮﻟﻴﻦ", "برلين"),
        ("ﻻ", "لا"),
        ("ﻷن", "لان"),
        ("ﷲ", "الله"),
        // digits
        ("٢٥١٠", "2510"),
        ("۲۵۱۰", "2510"),
        ("٢٬٥١٠", "2,510"),
        ("٣٫٥", "3.5"),
        // zero-width and bidi controls
        ("بر\u{200c}لين", "برلين"),
        ("\u{200f}برلين\u{200e}", "برلين"),
        ("\u{202b}حفتر\u{202c}", "حفتر"),
        ("بر\u{feff}لين", "برلين"),
        // Latin case and accents, fullwidth
        ("Berlin", "berlin"),
        ("Ｇ２０", "g20"),
        ("Café", "cafe"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("ﬁnance", "finance"),
        ("Nguyễn", "nguyen"),
        ("ÉLYSÉE", "elysee"),
    ];

    #[test]
    fn table_of_real_spellings() {
        for (written, want) in CASES {
            assert_eq!(fin(written), *want, "normalizing {written:?}");
        }
    }

    #[test]
    fn light_keeps_what_the_stemmer_needs() {
        assert_eq!(light("أَلْمَانْيَا"), "ألمانيا");
        assert_eq!(light("الحكومةُ"), "الحكومة");
        assert_eq!(light("مستشفى"), "مستشفى");
    }

    #[test]
    fn joiners_are_dropped_and_letters_are_not() {
        for c in ['\u{064E}', '\u{0651}', '\u{0640}', '\u{200D}', '\u{0670}', '\u{06ED}'] {
            assert!(is_joiner(c), "{:04X}", c as u32);
            assert_eq!(light_char(c), Fold::Drop);
        }
        for c in ['ا', 'ب', 'ء', 'ة', 'ى', 'a', '7'] {
            assert!(!is_joiner(c));
        }
    }

    #[test]
    fn compat_table_matches_nfkc() {
        use unicode_normalization::UnicodeNormalization;
        // The oracle must know every character the table was generated from.
        assert!(
            super::super::tables::UNICODE_VERSION <= unicode_normalization::UNICODE_VERSION,
            "the table is from Unicode {:?}, unicode-normalization only knows {:?}",
            super::super::tables::UNICODE_VERSION,
            unicode_normalization::UNICODE_VERSION
        );
        // Presentation forms: exactly NFKC (but for the forms of harakat and the phrase
        // ligatures such as U+FDFA, whose NFKC has a space: those are dropped).
        for cp in (0xFB50..=0xFDFFu32).chain(0xFE70..=0xFEFF) {
            let Some(c) = char::from_u32(cp) else { continue };
            let nfkc: String = c.to_string().nfkc().collect();
            if nfkc == c.to_string() {
                continue;
            }
            let got = light(&c.to_string());
            if nfkc.contains(' ') {
                assert_eq!(got, "", "U+{cp:04X}");
            } else {
                assert_eq!(got, light(&nfkc), "U+{cp:04X}");
            }
        }
        // Fullwidth ASCII: NFKC, lower case.
        for cp in 0xFF01..=0xFF5Eu32 {
            let c = char::from_u32(cp).unwrap();
            let nfkc: String = c.to_string().nfkc().collect();
            assert_eq!(light(&c.to_string()), nfkc.to_lowercase(), "U+{cp:04X}");
        }
        // Latin letters with marks: base letter, lower case.
        for c in
            "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿĀāĂăĄąĆćČčĎďĒēĚěĞğİıŁłŃńŇňŐőŒœŘřŚśŞşŠšŢţŤťŮůŰűŸŹźŻżŽž".chars()
        {
            let base: String = c.to_string().nfkd().filter(|x| !is_joiner(*x)).collect::<String>().to_lowercase();
            let base = match c {
                'ı' | 'İ' => "i".to_string(),
                'Ł' | 'ł' => "l".to_string(),
                'Œ' | 'œ' => "oe".to_string(),
                _ => base,
            };
            assert_eq!(light(&c.to_string()), base, "{c}");
        }
    }

    #[test]
    fn greek_and_cyrillic_fold_case() {
        assert_eq!(light("МОСКВА Москва"), "москва москва");
        assert_eq!(light("ЙЁ"), "йё");
        assert_eq!(light("ΑΘΗΝΑ Ἀθῆναι"), "αθηνα αθηναι");
    }

    #[test]
    fn compat_ranges_are_sorted_and_disjoint() {
        assert!(RANGES.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(RANGES.iter().all(|r| r.0 <= r.1));
    }
}
