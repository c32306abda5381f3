//! Query syntax: words, "quoted phrases" (also «…» and “…”), and exclusions (-word, -"phrase").
//! The last word is also matched as a prefix while it is being typed, that is, when the query
//! does not end with a space or punctuation.

use crate::analysis::tokenize::tokenize;

/// How a clause constrains the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    /// One word every result must match.
    Word,
    /// Words that must occur in this order, next to each other.
    Phrase,
    /// A word no result may contain.
    Exclude,
    /// A phrase no result may contain.
    ExcludePhrase,
}

/// A word of a clause, light-normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    /// The light-normalized word.
    pub light: String,
    /// Whether the word is still being typed (also matched as a prefix).
    pub prefix: bool,
    /// Byte span of the word in the query.
    pub span: (usize, usize),
}

/// One clause of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// What the clause requires.
    pub kind: ClauseKind,
    /// Its words, in order.
    pub words: Vec<QueryWord>,
}

impl Clause {
    /// Whether the clause excludes documents.
    pub fn is_negative(&self) -> bool {
        matches!(self.kind, ClauseKind::Exclude | ClauseKind::ExcludePhrase)
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '“' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '»' | '”' | '“')
}

fn words_of(text: &str, offset: usize) -> Vec<QueryWord> {
    let mut out = Vec::new();
    tokenize(text, |w| {
        out.push(QueryWord { light: w.light.to_string(), prefix: false, span: (offset + w.start, offset + w.end) })
    });
    out
}

/// The longest query Fahras reads, in bytes; the rest is ignored (a search box never needs more,
/// and a bound keeps every keystroke's work bounded).
pub const MAX_QUERY_BYTES: usize = 512;
/// The most clauses a query may have; further words are ignored.
pub const MAX_CLAUSES: usize = 12;

/// Parses a query.
pub fn parse(query: &str) -> Vec<Clause> {
    let mut q = query;
    if q.len() > MAX_QUERY_BYTES {
        let mut end = MAX_QUERY_BYTES;
        while !q.is_char_boundary(end) {
            end -= 1;
        }
        q = crate::analysis::sub(q, 0, end);
    }
    let chars: Vec<(usize, char)> = q.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(q.len(), |&(b, _)| b);
    let mut clauses = Vec::new();
    let mut open_phrase_at_end = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negate = c == '-' && chars.get(i + 1).is_some_and(|&(_, n)| !n.is_whitespace() && n != '-');
        let j = if negate { i + 1 } else { i };
        let cj = chars[j].1;
        if is_open_quote(cj) {
            let mut k = j + 1;
            while k < chars.len() && !is_close_quote(chars[k].1) {
                k += 1;
            }
            let from = end_of(j) + cj.len_utf8();
            let words = words_of(crate::analysis::sub(q, from, end_of(k)), from);
            open_phrase_at_end = k >= chars.len() && !negate;
            let kind = match (negate, words.len()) {
                (true, 1) => ClauseKind::Exclude,
                (true, _) => ClauseKind::ExcludePhrase,
                (false, 1) => ClauseKind::Word,
                (false, _) => ClauseKind::Phrase,
            };
            if !words.is_empty() {
                clauses.push(Clause { kind, words });
            }
            i = k + 1;
        } else {
            let mut k = j;
            while k < chars.len() && !chars[k].1.is_whitespace() && !is_open_quote(chars[k].1) {
                k += 1;
            }
            let words = words_of(crate::analysis::sub(q, end_of(j), end_of(k)), end_of(j));
            if negate {
                if !words.is_empty() {
                    let kind = if words.len() == 1 { ClauseKind::Exclude } else { ClauseKind::ExcludePhrase };
                    clauses.push(Clause { kind, words });
                }
            } else {
                clauses.extend(words.into_iter().map(|w| Clause { kind: ClauseKind::Word, words: vec![w] }));
            }
            open_phrase_at_end = false;
            i = k;
        }
    }
    // The last word is being typed if the query ends inside it (or inside an open phrase).
    let typing = q
        .chars()
        .last()
        .is_some_and(|c| crate::analysis::normalize::is_word_char(c) || crate::analysis::normalize::is_joiner(c));
    if typing || open_phrase_at_end {
        if let Some(last) = clauses.last_mut() {
            if !last.is_negative() && (typing || open_phrase_at_end) {
                if let Some(w) = last.words.last_mut() {
                    w.prefix = typing;
                }
            }
        }
    }
    clauses.truncate(MAX_CLAUSES);
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_query() {
        let q = "ليبيا -«مؤتمر برلين»";
        let c = parse(q);
        assert_eq!(&q[c[0].words[0].span.0..c[0].words[0].span.1], "ليبيا");
        assert_eq!(&q[c[1].words[1].span.0..c[1].words[1].span.1], "برلين");
    }

    fn show(q: &str) -> Vec<(ClauseKind, Vec<(String, bool)>)> {
        parse(q).into_iter().map(|c| (c.kind, c.words.into_iter().map(|w| (w.light, w.prefix)).collect())).collect()
    }

    #[test]
    fn words_and_the_prefix_being_typed() {
        use ClauseKind::*;
        assert_eq!(show("مؤتمر برل"), [(Word, vec![("مؤتمر".into(), false)]), (Word, vec![("برل".into(), true)])]);
        assert_eq!(
            show("مؤتمر برلين "),
            [(Word, vec![("مؤتمر".into(), false)]), (Word, vec![("برلين".into(), false)])]
        );
        assert_eq!(show("حفتر،"), [(Word, vec![("حفتر".into(), false)])]);
        assert!(show("   ").is_empty());
        assert!(show("؟!").is_empty());
    }

    #[test]
    fn phrases_in_every_quote_style() {
        use ClauseKind::*;
        for q in ["\"مؤتمر برلين\"", "«مؤتمر برلين»", "“مؤتمر برلين”"] {
            assert_eq!(show(q), [(Phrase, vec![("مؤتمر".into(), false), ("برلين".into(), false)])], "{q}");
        }
        // An open phrase is still being typed.
        assert_eq!(show("\"مؤتمر برل"), [(Phrase, vec![("مؤتمر".into(), false), ("برل".into(), true)])]);
        assert_eq!(show("\"برلين\""), [(Word, vec![("برلين".into(), false)])]);
    }

    #[test]
    fn exclusions() {
        use ClauseKind::*;
        assert_eq!(
            show("ليبيا -حفتر"),
            [(Word, vec![("ليبيا".into(), false)]), (Exclude, vec![("حفتر".into(), false)])]
        );
        assert_eq!(
            show("ليبيا -\"مؤتمر برلين\""),
            [
                (Word, vec![("ليبيا".into(), false)]),
                (ExcludePhrase, vec![("مؤتمر".into(), false), ("برلين".into(), false)])
            ]
        );
        // A dash inside or alone is not an exclusion.
        assert_eq!(show("covid-19"), [(Word, vec![("covid".into(), false)]), (Word, vec![("19".into(), true)])]);
        assert_eq!(show("- ليبيا"), [(Word, vec![("ليبيا".into(), true)])]);
    }

    #[test]
    fn long_queries_are_bounded() {
        let q = "كلمة ".repeat(5000);
        assert_eq!(parse(&q).len(), MAX_CLAUSES);
        let q = "ب".repeat(10_000);
        assert!(parse(&q).is_empty()); // one 5,000-letter word: longer than any word
    }
}
