//! What the widget writes, as pure functions (compiled and tested on every target).

/// Noun forms for counting in Arabic: one, two, three to ten, eleven and more.
pub struct Noun {
    /// «نتيجة واحدة»
    pub one: &'static str,
    /// «نتيجتان»
    pub two: &'static str,
    /// After 3–10: «نتائج»
    pub few: &'static str,
    /// After 11 and more: «نتيجة»
    pub many: &'static str,
}

/// Results.
pub const RESULTS: Noun =
    Noun { one: "نتيجة واحدة", two: "نتيجتان", few: "نتائج", many: "نتيجة" };
/// Articles.
pub const ARTICLES: Noun =
    Noun { one: "مقال واحد", two: "مقالين", few: "مقالات", many: "مقالًا" };

/// `n` of `noun`, with Arabic number agreement.
pub fn count_phrase(n: usize, noun: &Noun) -> String {
    match n {
        1 => noun.one.to_string(),
        2 => noun.two.to_string(),
        _ if (3..=10).contains(&(n % 100)) => format!("{} {}", group(n), noun.few),
        _ => format!("{} {}", group(n), noun.many),
    }
}

/// `40004` → `40,004`.
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Corpus text for a text node: without the bidi embedding, override and isolate controls
/// (U+202A–U+202E, U+2066–U+2069) that could reorder what the reader sees around it.
pub fn clean(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')).collect()
}

/// A date as shown: `YYYY-MM-DD` when it starts like an ISO 8601 date, else as written.
pub fn short_date(date: &str) -> String {
    let b = date.as_bytes();
    let iso = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    clean(if iso { crate::analysis::sub(date, 0, 10) } else { date })
}

/// A document URL fit for a link, before resolution: `None` for any scheme but http(s)
/// (`javascript:`, `data:`, `vbscript:`…, however spelled: browsers drop tabs, newlines and
/// other controls inside a scheme, so they are dropped here before looking at it).
pub fn linkable(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_control() && !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return None;
    }
    if let Some(i) = cleaned.find([':', '/', '?', '#']) {
        if cleaned.as_bytes()[i] == b':' {
            let scheme = crate::analysis::sub(&cleaned, 0, i).to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return None;
            }
        }
    }
    Some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_counts() {
        assert_eq!(count_phrase(1, &RESULTS), "نتيجة واحدة");
        assert_eq!(count_phrase(2, &RESULTS), "نتيجتان");
        assert_eq!(count_phrase(7, &RESULTS), "7 نتائج");
        assert_eq!(count_phrase(11, &RESULTS), "11 نتيجة");
        assert_eq!(count_phrase(40004, &ARTICLES), "40,004 مقالات");
        assert_eq!(count_phrase(40011, &ARTICLES), "40,011 مقالًا");
        assert_eq!(count_phrase(103, &ARTICLES), "103 مقالات");
    }

    #[test]
    fn cleaned_text() {
        assert_eq!(clean("\u{202E}تراث\u{2066}x\u{2069}"), "تراثx");
        assert_eq!(short_date("2020-04-30T10:00:00Z"), "2020-04-30");
        assert_eq!(short_date("<img src=x onerror=y>"), "<img src=x onerror=y>");
        assert_eq!(short_date("30 أبريل 2020"), "30 أبريل 2020");
    }

    #[test]
    fn only_web_links() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "\u{1}javascript:x",
            "",
        ] {
            assert_eq!(linkable(bad), None, "{bad:?}");
        }
        for good in [
            "https://example.com/a",
            "http://x.y",
            "/news/a.html",
            "news/a.html",
            "a.html?x=1:2",
            "#top",
            "//cdn.example/x",
        ] {
            assert!(linkable(good).is_some(), "{good}");
        }
    }
}
