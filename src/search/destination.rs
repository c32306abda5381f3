//! Destination highlighting: the words of a query marked in the article a reader opened from a
//! result, with the analysis the search used, and without the index (the article page does not
//! load it): «حكومة» marks «وللحكومة» and «حكومتها», the last word of a query still being typed
//! marks the words it starts («طرا» marks «طرابلس»), and excluded words mark nothing.
//!
//! A word of the text matches when one of its readings (each way its clitics may be stripped,
//! as a query word is read) is a term of the query; the search, with the corpus's evidence,
//! picks one reading per word, so this may mark a little more than the search matched, never
//! less.
//!
//! ```
//! let text = "قالت وللحكومة إن حكومتها في طرابلس";
//! let spans = fahras::search::destination::marks("حكومة طرا", text);
//! let words: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
//! assert_eq!(words, ["وللحكومة", "حكومتها", "طرابلس"]);
//! ```

use super::excerpt::Highlighter;
use super::query::{self, ClauseKind};
use crate::analysis::{self, TermCandidate};

/// The byte spans of the words of `text` that `query` matches, in order.
pub fn marks(query: &str, text: &str) -> Vec<(usize, usize)> {
    let h = highlighter(query);
    if h.is_empty() {
        return Vec::new();
    }
    let (spans, marks) = h.scan(text);
    marks.into_iter().map(|(i, _)| spans[i]).collect()
}

/// What to mark for `query`: each word's terms, and the prefixes of a word being typed.
fn highlighter(query: &str) -> Highlighter {
    let mut h = Highlighter::default();
    let mut cands: Vec<TermCandidate> = Vec::new();
    for (group, clause) in query::parse(query).iter().enumerate() {
        if clause.is_negative() {
            continue;
        }
        debug_assert!(matches!(clause.kind, ClauseKind::Word | ClauseKind::Phrase));
        for w in &clause.words {
            cands.clear();
            if w.prefix {
                analysis::prefix_terms(&w.light, &mut cands);
                for c in &cands {
                    h.add_prefix(&c.term, group as u16);
                }
            } else {
                analysis::query_terms(&w.light, &mut cands);
                for c in &cands {
                    h.add_term(&c.term, group as u16);
                }
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::marks;

    fn marked(query: &str, text: &str) -> Vec<String> {
        marks(query, text).iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    #[test]
    fn clitics_hamza_and_diacritics_are_read_as_the_search_reads_them() {
        let text = "أعلنت وَلِلْحُكُومَةِ أنّ الحكومات ومسؤولي حكومتها اجتمعوا، ولم تحضر الحكم.";
        assert_eq!(marked("حكومة ", text), ["وَلِلْحُكُومَةِ", "حكومتها"]);
        assert_eq!(marked("حكوم", text), ["وَلِلْحُكُومَةِ", "الحكومات", "حكومتها"]);
        assert_eq!(marked("مسؤولي اعلنت", text), ["أعلنت", "ومسؤولي"]);
    }

    #[test]
    fn the_last_word_being_typed_marks_what_it_starts() {
        let text = "وصل إلى طرابلس وبطرابلس، لا إلى طراز جديد ولا إلى طرق.";
        assert_eq!(marked("طرابل", text), ["طرابلس", "وبطرابلس"]);
        assert_eq!(marked("طرابل ", text), Vec::<String>::new(), "a complete word is not a prefix");
    }

    #[test]
    fn whole_words_stay_whole_and_exclusions_mark_nothing() {
        let text = "زار المانيا ولبنان وبريطانيا، ولم يزر فنزويلا.";
        assert_eq!(marked("لبنان -فنزويلا ", text), ["ولبنان"]);
        assert_eq!(marked("ألمانيا ", text), ["المانيا"]);
        assert!(marked("", text).is_empty());
        assert!(marked("-لبنان", text).is_empty());
    }

    #[test]
    fn hostile_text_is_only_spans() {
        let text = "<script>alert('حكومة')</script> \u{202E}حكومة";
        let spans = marks("حكومة", text);
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e) && s < e));
    }
}
