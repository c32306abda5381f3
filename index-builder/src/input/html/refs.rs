//! Character references: numeric ones as HTML5 reads them, and the full named table.

use super::tokenizer::find_byte;

/// The longest HTML5 entity name (`CounterClockwiseContourIntegral`) has 31 characters.
const MAX_ENTITY_NAME: usize = 32;

/// Appends `s` to `out` with character references decoded.
pub(super) fn decode_refs(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut copied = 0; // everything before this has been appended
    let mut i = 0;
    while let Some(amp) = find_byte(s, i, b'&') {
        i = amp + 1;
        let Some((end, decoded)) = reference(b, amp) else {
            continue;
        };
        out.push_str(s.get(copied..amp).unwrap_or_default());
        match decoded {
            Ref::Char(c) => out.push(c),
            Ref::Str(t) => out.push_str(t),
        }
        copied = end;
        i = end;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
}

enum Ref {
    Char(char),
    Str(&'static str),
}

/// Decodes the character reference starting with the `&` at `amp`: returns where it ends and
/// what it stands for, or `None` if it is not a valid reference.
fn reference(b: &[u8], amp: usize) -> Option<(usize, Ref)> {
    let mut j = amp + 1;
    match *b.get(j)? {
        b'#' => {
            j += 1;
            let hex = matches!(b.get(j), Some(b'x' | b'X'));
            if hex {
                j += 1;
            }
            let radix = if hex { 16 } else { 10 };
            let digits = j;
            let mut value: u32 = 0;
            while let Some(d) = b.get(j).and_then(|&c| char::from(c).to_digit(radix)) {
                value = value.saturating_mul(radix).saturating_add(d).min(0x11_0000);
                j += 1;
            }
            if j == digits {
                return None;
            }
            if b.get(j) == Some(&b';') {
                j += 1;
            }
            Some((j, Ref::Char(numeric_char(value))))
        }
        c if c.is_ascii_alphanumeric() => {
            let start = j;
            while j < b.len() && j - start <= MAX_ENTITY_NAME && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            if b.get(j) != Some(&b';') {
                return None;
            }
            let name = &b[start..j];
            let table = &html_escape::NAMED_ENTITIES;
            let k = table.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
            Some((j + 1, Ref::Str(table[k].1)))
        }
        _ => None,
    }
}

/// The character a numeric reference stands for, per HTML5: NUL, surrogates and values beyond
/// Unicode become U+FFFD, and 0x80–0x9F are read as windows-1252.
fn numeric_char(v: u32) -> char {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = match v {
        0x80..=0x9F => u32::from(C1[(v - 0x80) as usize]),
        _ => v,
    };
    match v {
        0 => char::REPLACEMENT_CHARACTER,
        _ => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}
