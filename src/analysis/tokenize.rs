//! Splitting text into words, keeping each word's byte span in the original text.
//!
//! A word is a run of letters and digits, with the invisible characters that may sit inside a
//! word (tashkeel, tatweel, ZWNJ, bidi marks: see [`is_joiner`]) kept inside it, so «بـرلين»
//! and «مُؤْتَمَر» are one word each and their spans cover every original character. Digit
//! groups keep their separators («2,510», «٣٫٥»). A word ends where the script changes between
//! Arabic and another alphabet, or between Arabic letters and digits («٢٠٢٠م» is «2020» and
//! «م»), but Latin letters and digits stay together («G20», «mp3»).

use super::normalize::{is_arabic_letter, is_joiner, is_word_char, light_char, push_light, Fold};

/// Words longer than this many characters (after light normalization) are not indexed: they
/// are URLs without separators, base64 or keyboard mashing, never something a reader types.
pub const MAX_WORD_CHARS: usize = 40;

/// A word of the original text: its byte span and its light-normalized form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the word's first character in the original text.
    pub start: usize,
    /// Byte offset just past the word's last character (marks included).
    pub end: usize,
    /// The light-normalized text (see [`super::normalize`]).
    pub light: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Arabic,
    Digit,
    Other,
    Joiner,
    Sep,
}

#[inline]
fn classify(c: char) -> Kind {
    if ('\u{0621}'..='\u{063A}').contains(&c) || ('\u{0641}'..='\u{064A}').contains(&c) {
        return Kind::Arabic;
    }
    if c.is_ascii() {
        return if c.is_ascii_digit() {
            Kind::Digit
        } else if c.is_ascii_alphabetic() {
            Kind::Other
        } else {
            Kind::Sep
        };
    }
    if is_joiner(c) {
        return Kind::Joiner;
    }
    if is_arabic_letter(c) {
        return Kind::Arabic;
    }
    match light_char(c) {
        Fold::Char(d) if d.is_ascii_digit() => Kind::Digit,
        Fold::Char(d) if is_arabic_letter(d) => Kind::Arabic,
        // Super- and subscript signs fold to punctuation (⁺ → +, ₍ → (): they separate.
        Fold::Char(d) if !is_word_char(d) => Kind::Sep,
        _ if is_word_char(c) => Kind::Other,
        _ => Kind::Sep,
    }
}

#[inline]
fn is_digit_separator(c: char) -> bool {
    matches!(c, ',' | '.' | '\u{066B}' | '\u{066C}')
}

/// Calls `emit` for every word of `text`, in order.
#[inline]
pub fn tokenize(text: &str, mut emit: impl FnMut(Word<'_>)) {
    tokenize_dyn(text, &mut emit)
}

/// The tokenizer, compiled once rather than once per caller (the WebAssembly stays smaller).
fn tokenize_dyn(text: &str, emit: &mut dyn FnMut(Word<'_>)) {
    let mut buf = String::with_capacity(64);
    let mut start = 0usize;
    let mut end = 0usize;
    let mut chars = 0usize;
    let mut digits = false; // the word has digits (and may have group separators to drop)
    let mut prev = Kind::Sep; // kind of the last letter or digit in the current word
    let mut flush = |buf: &mut String, start: usize, end: usize, chars: usize, digits: bool| {
        if !buf.is_empty() {
            if digits {
                buf.retain(|c| c != ','); // thousands separators do not matter
            }
            if chars <= MAX_WORD_CHARS && !buf.is_empty() {
                emit(Word { start, end, light: buf });
            }
            buf.clear();
        }
    };
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let kind = classify(c);
        match kind {
            Kind::Joiner => {
                if !buf.is_empty() || prev != Kind::Sep {
                    end = i + c.len_utf8();
                }
                continue;
            }
            Kind::Sep => {
                if prev == Kind::Digit && is_digit_separator(c) {
                    if let Some(&(_, next)) = it.peek() {
                        if classify(next) == Kind::Digit {
                            push_light(c, &mut buf);
                            end = i + c.len_utf8();
                            continue;
                        }
                    }
                }
                flush(&mut buf, start, end, chars, digits);
                prev = Kind::Sep;
                continue;
            }
            _ => {}
        }
        let continues = match (prev, kind) {
            (Kind::Sep, _) => false,
            (Kind::Arabic, Kind::Arabic) => true,
            (Kind::Arabic, _) | (_, Kind::Arabic) => false,
            _ => true, // digits and other letters stay together
        };
        if !continues {
            flush(&mut buf, start, end, chars, digits);
            start = i;
            chars = 0;
            digits = false;
        }
        if kind == Kind::Arabic && (c as u32) < 0x064B {
            buf.push(c); // the core letters are their own light form
            chars += 1;
        } else {
            let before = buf.len();
            push_light(c, &mut buf);
            // A compatibility fold may bring punctuation along (Ŀ → l·, ẚ → aʾ): a word's light
            // form holds only word characters, so that it reads back as the same one word.
            if super::sub(&buf, before, buf.len()).chars().any(|x| !is_word_char(x)) {
                let kept: String = super::sub(&buf, before, buf.len()).chars().filter(|&x| is_word_char(x)).collect();
                buf.truncate(before);
                buf.push_str(&kept);
            }
            chars += super::sub(&buf, before, buf.len()).chars().count();
        }
        digits |= kind == Kind::Digit;
        end = i + c.len_utf8();
        prev = kind;
    }
    flush(&mut buf, start, end, chars, digits);
}

/// Collects the words of `text` (owned), for tests and small inputs.
pub fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    tokenize(text, |w| out.push((w.start, w.end, w.light.to_string())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lights(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.2).collect()
    }

    #[test]
    fn spans_cover_the_original_spelling() {
        let text = "قال الأمينُ العامّ لحلف «الناتو» ينس ستولتنبرغ.";
        for (s, e, light) in words(text) {
            let original = &text[s..e];
            assert_eq!(super::super::normalize::light(original), light, "{original}");
        }
        let ws = words(text);
        assert_eq!(&text[ws[1].0..ws[1].1], "الأمينُ");
        assert_eq!(ws[1].2, "الأمين");
        assert_eq!(&text[ws[2].0..ws[2].1], "العامّ");
        assert_eq!(lights(text), ["قال", "الأمين", "العام", "لحلف", "الناتو", "ينس", "ستولتنبرغ"]);
    }

    #[test]
    fn tatweel_and_controls_stay_inside_a_word() {
        assert_eq!(lights("بـــرلين"), ["برلين"]);
        assert_eq!(lights("بر\u{200c}لين و\u{200f}طرابلس"), ["برلين", "وطرابلس"]);
        assert_eq!(lights("\u{064e}\u{0640} كلمة"), ["كلمة"]);
    }

    /// Found by the `analyzer` fuzz target: a word's light form must read back as itself.
    #[test]
    fn folds_to_punctuation_separate_and_light_forms_read_back() {
        assert_eq!(lights("E=mc²"), ["e", "mc2"]);
        assert_eq!(lights("x⁺y ₍٣₎"), ["x", "y", "3"]);
        assert_eq!(lights("Ŀlibre"), ["llibre"]);
        assert_eq!(lights("کوردە ﯬ"), ["كورده", "ئه"]);
        for text in ["x⁺y ₍٣₎ Ŀlibre ẚ کوردە ﯬ ﷺ ﻷ ²⁰ G20 ١٢٫٥", "وللحكومة قالَ «الناتو» ﺑﺮﻟﻴﻦ"]
        {
            for w in lights(text) {
                assert_eq!(lights(&w), std::slice::from_ref(&w), "{w:?} does not read back as itself");
            }
        }
    }

    #[test]
    fn numbers_keep_their_groups() {
        assert_eq!(lights("قتل (2510) شخصا"), ["قتل", "2510", "شخصا"]);
        assert_eq!(lights("نحو ٢٬٥١٠ مقاتل"), ["نحو", "2510", "مقاتل"]);
        assert_eq!(lights("2,510 و3.5 و٣٫٥"), ["2510", "و", "3.5", "و", "3.5"]);
        assert_eq!(lights("عام ٢٠٢٠م."), ["عام", "2020", "م"]);
        assert_eq!(lights("الجملة الأولى. ثم الثانية"), ["الجملة", "الأولى", "ثم", "الثانية"]);
    }

    #[test]
    fn scripts_split_but_latin_keeps_digits() {
        assert_eq!(lights("قمة G20 في Berlin"), ["قمة", "g20", "في", "berlin"]);
        assert_eq!(lights("برلينBerlin"), ["برلين", "berlin"]);
        assert_eq!(lights("COVID-19"), ["covid", "19"]);
        assert_eq!(lights("l'Élysée"), ["l", "elysee"]);
    }

    #[test]
    fn punctuation_separates() {
        assert_eq!(lights("حفتر،السراج؛ناتو؟"), ["حفتر", "السراج", "ناتو"]);
        assert_eq!(lights("\"مؤتمر برلين\""), ["مؤتمر", "برلين"]);
        assert!(lights("... ؟! — «»").is_empty());
    }

    #[test]
    fn other_scripts_are_words() {
        assert_eq!(lights("Москва, Αθήνα; 東京 — עברית"), ["москва", "αθηνα", "東京", "עברית"]);
    }

    #[test]
    fn presentation_forms_are_words() {
        assert_eq!(lights("ﺑﺮﻟﻴﻦ ﻻ"), ["برلين", "لا"]);
    }

    #[test]
    fn very_long_words_are_skipped() {
        let long = "ا".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(lights(&format!("قبل {long} بعد")), ["قبل", "بعد"]);
    }
}
