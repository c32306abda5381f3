//! The wrong keyboard layout: text typed on the US layout while meaning the Arabic (101) layout,
//! and the reverse. «fvgdk» is «برلين» typed with the layout switched to English.

/// `(US key, Arabic 101 character)` for unshifted keys.
const PLAIN: &[(char, &str)] = &[
    ('`', "ذ"),
    ('q', "ض"),
    ('w', "ص"),
    ('e', "ث"),
    ('r', "ق"),
    ('t', "ف"),
    ('y', "غ"),
    ('u', "ع"),
    ('i', "ه"),
    ('o', "خ"),
    ('p', "ح"),
    ('[', "ج"),
    (']', "د"),
    ('a', "ش"),
    ('s', "س"),
    ('d', "ي"),
    ('f', "ب"),
    ('g', "ل"),
    ('h', "ا"),
    ('j', "ت"),
    ('k', "ن"),
    ('l', "م"),
    (';', "ك"),
    ('\'', "ط"),
    ('z', "ئ"),
    ('x', "ء"),
    ('c', "ؤ"),
    ('v', "ر"),
    ('b', "لا"),
    ('n', "ى"),
    ('m', "ة"),
    (',', "و"),
    ('.', "ز"),
    ('/', "ظ"),
];

/// Shifted keys that give letters (the others give marks or punctuation).
const SHIFTED: &[(char, &str)] = &[('H', "أ"), ('Y', "إ"), ('N', "آ"), ('G', "لأ"), ('T', "لإ"), ('B', "لآ")];

/// Reads `text` as if it had been typed on the Arabic (101) layout with the US layout active.
/// Returns `None` when the text has nothing to convert (no ASCII letters) or has characters
/// that are neither keys of the layout nor spaces and digits.
pub fn latin_to_arabic(text: &str) -> Option<String> {
    if !text.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // All capitals is Caps Lock, which the Arabic layout ignores: read the plain keys.
    let caps_lock = !text.chars().any(|c| c.is_ascii_lowercase());
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_whitespace() || c.is_ascii_digit() || c == '"' || c == '-' {
            out.push(c);
            continue;
        }
        if let Some(&(_, a)) = SHIFTED.iter().find(|&&(k, _)| k == c && !caps_lock) {
            out.push_str(a);
            continue;
        }
        let k = c.to_ascii_lowercase();
        match PLAIN.iter().find(|&&(key, _)| key == k) {
            Some(&(_, a)) => out.push_str(a),
            None => return None,
        }
    }
    Some(out)
}

/// Reads `text` (Arabic letters) as keys of the US layout: what the reader meant when they typed
/// Latin words with the Arabic layout active («شحح» → «app»). `None` when there is nothing to
/// convert or a character is not on the layout.
pub fn arabic_to_latin(text: &str) -> Option<String> {
    if !text.chars().any(super::normalize::is_arabic_letter) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c.is_ascii_digit() || c == '"' || c == '-' {
            out.push(c);
            i += 1;
            continue;
        }
        // «لا» is one key (b); try two-character keys first.
        if i + 1 < chars.len() {
            let two: String = chars[i..i + 2].iter().collect();
            if let Some(&(k, _)) = PLAIN.iter().chain(SHIFTED).find(|&&(_, a)| a == two) {
                out.push(k.to_ascii_lowercase());
                i += 2;
                continue;
            }
        }
        let mut buf = [0u8; 4];
        let one: &str = c.encode_utf8(&mut buf);
        match PLAIN.iter().chain(SHIFTED).find(|&&(_, a)| a == one) {
            Some(&(k, _)) if k.is_ascii_alphabetic() => out.push(k.to_ascii_lowercase()),
            _ => return None,
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_layout_to_arabic() {
        assert_eq!(latin_to_arabic("fvgdk").as_deref(), Some("برلين"));
        assert_eq!(latin_to_arabic("'vhfgs").as_deref(), Some("طرابلس"));
        assert_eq!(latin_to_arabic("pt'v").as_deref(), Some("حفطر"));
        assert_eq!(latin_to_arabic("hgp;,lm").as_deref(), Some("الحكومة"));
        assert_eq!(latin_to_arabic("FVGDK").as_deref(), Some("برلين"));
        assert_eq!(latin_to_arabic("Hldk").as_deref(), Some("أمين"));
        assert_eq!(latin_to_arabic("lcjlv fvgdk").as_deref(), Some("مؤتمر برلين"));
        assert_eq!(latin_to_arabic("2020"), None);
        assert_eq!(latin_to_arabic("a+b"), None);
    }

    #[test]
    fn arabic_layout_to_english() {
        assert_eq!(arabic_to_latin("شحح").as_deref(), Some("app"));
        assert_eq!(arabic_to_latin("لاثقمهى").as_deref(), Some("berlin"));
        assert_eq!(arabic_to_latin("ىثصس").as_deref(), Some("news"));
        assert_eq!(arabic_to_latin("abc"), None);
    }

    #[test]
    fn round_trip_on_letters() {
        for w in ["berlin", "nato", "stoltenberg", "haftar"] {
            let ar = latin_to_arabic(w).unwrap();
            assert_eq!(arabic_to_latin(&ar).as_deref(), Some(w), "{ar}");
        }
    }
}
