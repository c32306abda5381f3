//! Excerpts and highlighting.
//!
//! Matching ran on normalized terms, but the reader sees the original text: the tokenizer keeps
//! each word's byte span, so a marked word is the original spelling with its diacritics. The
//! excerpt is the window of the body with the most distinct query words in it. Everything is
//! HTML-escaped here: corpus text is untrusted.

use crate::analysis::{self, tokenize::tokenize, TermCandidate};

/// The longest run of proclitics, in term bytes (one per Arabic letter): «وبال», «فلل».
const MAX_PROCLITIC_BYTES: usize = 4;
/// Excerpts are cut from the first this many bytes of a body.
const MAX_SCAN_BYTES: usize = 32 * 1024;
/// What is read first for an excerpt (see [`Highlighter::excerpt`]).
const FIRST_SCAN_BYTES: usize = 4 * 1024;

/// A word's byte span in the text.
type Span = (usize, usize);
/// A marked word: its index in the spans, and the query group it matches.
type Mark = (usize, u16);

/// Which body words to mark: the terms the query matched, and the prefixes being typed.
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    /// Matched terms, per query group (a word of the query).
    exact: Vec<(Vec<u8>, u16)>,
    /// Prefixes being typed, per group.
    prefixes: Vec<(Vec<u8>, u16)>,
}

impl Highlighter {
    /// Adds a term that query word `group` matched.
    pub fn add_term(&mut self, term: &[u8], group: u16) {
        if !term.is_empty() && !self.exact.iter().any(|(t, g)| t == term && *g == group) {
            self.exact.push((term.to_vec(), group));
        }
    }

    /// Adds a prefix that query word `group` is typing.
    pub fn add_prefix(&mut self, prefix: &[u8], group: u16) {
        if !prefix.is_empty() && !self.prefixes.iter().any(|(t, g)| t == prefix && *g == group) {
            self.prefixes.push((prefix.to_vec(), group));
        }
    }

    /// Whether nothing would be marked.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty()
    }

    /// The query word a text word (light-normalized) matches, if any.
    fn group_of(&self, light: &str, folded: &mut Vec<u8>, cands: &mut Vec<TermCandidate>) -> Option<u16> {
        // Cheap filter first: a stem starts within the first letters of its word (after at
        // most four letters of proclitics, «وبال»), give or take its last letter (ة restored
        // from ت), so a word without a query term (minus its last byte) starting there cannot
        // match. Most words of a text fail here without being stemmed.
        folded.clear();
        analysis::push_term(light, folded);
        let starts_near_front = |t: &[u8]| {
            let t = if t.len() > 2 { &t[..t.len() - 1] } else { t };
            (0..=MAX_PROCLITIC_BYTES.min(folded.len().saturating_sub(t.len()))).any(|i| folded[i..].starts_with(t))
        };
        if !self.exact.iter().any(|(t, _)| starts_near_front(t))
            && !self.prefixes.iter().any(|(p, _)| starts_near_front(p))
        {
            return None;
        }
        cands.clear();
        analysis::query_terms(light, cands);
        for c in cands.iter() {
            if let Some((_, g)) = self.exact.iter().find(|(t, _)| *t == c.term) {
                return Some(*g);
            }
        }
        for c in cands.iter() {
            if let Some((_, g)) = self.prefixes.iter().find(|(p, _)| c.term.starts_with(p)) {
                return Some(*g);
            }
        }
        None
    }

    /// The whole of `text`, escaped, with matched words in `<mark>`.
    pub fn highlight_all(&self, text: &str) -> String {
        let (spans, marks) = self.scan(text);
        if spans.is_empty() {
            return escape(text);
        }
        render(text, 0, text.len(), &spans, &marks)
    }

    /// Word spans of `text`, and which of them match (index into spans, group).
    pub(crate) fn scan(&self, text: &str) -> (Vec<Span>, Vec<Mark>) {
        let mut spans = Vec::new();
        let mut marks = Vec::new();
        let mut folded = Vec::with_capacity(64);
        let mut cands = Vec::with_capacity(8);
        tokenize(text, |w| {
            if let Some(g) = self.group_of(w.light, &mut folded, &mut cands) {
                marks.push((spans.len(), g));
            }
            spans.push((w.start, w.end));
        });
        (spans, marks)
    }

    /// An excerpt of about `words` words of `text` around its best passage, escaped, with
    /// matched words in `<mark>`, and "…" where the text was cut.
    ///
    /// The first few kilobytes are read first: when a window there holds every query word, it
    /// is the excerpt (news says what matters first), and the rest of the body is never
    /// tokenized; otherwise up to 32 kB are.
    pub fn excerpt(&self, text: &str, words: usize) -> String {
        let words = words.max(1);
        let groups = self.groups();
        let full = boundary(text, MAX_SCAN_BYTES);
        let mut end = boundary(text, FIRST_SCAN_BYTES).min(full);
        loop {
            let part = analysis::sub(text, 0, end);
            let (spans, marks) = self.scan(part);
            let (from, to, distinct) = best_window(&spans, &marks, words);
            // Settled: all was read, or a window holds every word and more text follows it.
            if end == full || (distinct == groups && to < spans.len()) {
                if spans.is_empty() {
                    return String::new();
                }
                let start = if from == 0 { 0 } else { spans[from].0 };
                let stop = if to == spans.len() { part.len() } else { spans[to - 1].1 };
                let mut out = String::with_capacity(stop - start + 64);
                if from > 0 {
                    out.push_str("… ");
                }
                out.push_str(&render(part, start, stop, &spans, &marks));
                if to < spans.len() || end < text.len() {
                    out.push_str(" …");
                }
                return out;
            }
            end = full;
        }
    }

    /// How many query words have something to mark.
    fn groups(&self) -> usize {
        // Groups are query words: fewer than 64 (see search::STAMPS). (A bit set rather than a
        // sort: a sort of u16 would add 3 kB to the WebAssembly.)
        let seen = self.exact.iter().chain(&self.prefixes).fold(0u64, |acc, &(_, g)| acc | 1u64 << (g % 64));
        seen.count_ones() as usize
    }
}

/// The largest character boundary of `text` at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut end = text.len().min(at);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The window of `words` words with the most distinct groups marked (then the most marks),
/// starting a few words before its first mark so the mark has context; and how many distinct
/// groups it holds.
fn best_window(spans: &[(usize, usize)], marks: &[(usize, u16)], words: usize) -> (usize, usize, usize) {
    let n = spans.len();
    if marks.is_empty() {
        return (0, n.min(words), 0);
    }
    if n <= words {
        let groups = marks.iter().fold(0u64, |acc, m| acc | 1u64 << (m.1 % 64));
        return (0, n, groups.count_ones() as usize);
    }
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, first mark index)
    let mut lo = 0;
    for hi in 0..marks.len() {
        while marks[hi].0 - marks[lo].0 >= words {
            lo += 1;
        }
        // Groups are query words: fewer than 64 (see search::STAMPS).
        let groups = marks[lo..=hi].iter().fold(0u64, |acc, m| acc | 1u64 << (m.1 % 64));
        let cand = (groups.count_ones() as usize, hi - lo + 1, lo);
        if cand.0 > best.0 || (cand.0 == best.0 && cand.1 > best.1) {
            best = cand;
        }
    }
    let first = marks[best.2].0;
    let lead = (words / 5).min(6);
    let from = first.saturating_sub(lead).min(n.saturating_sub(words));
    (from, (from + words).min(n), best.0)
}

fn render(text: &str, start: usize, end: usize, spans: &[(usize, usize)], marks: &[(usize, u16)]) -> String {
    let mut out = String::with_capacity(end - start + marks.len() * 13);
    let mut at = start;
    for &(i, _) in marks {
        let (s, e) = spans[i];
        if s < start || e > end {
            continue;
        }
        escape_into(analysis::sub(text, at, s), &mut out);
        out.push_str("<mark>");
        escape_into(analysis::sub(text, s, e), &mut out);
        out.push_str("</mark>");
        at = e;
    }
    escape_into(analysis::sub(text, at, end), &mut out);
    out
}

/// Escapes text for HTML, and drops the bidi embedding and override controls (U+202A–U+202E,
/// U+2066–U+2069) that corpus text could use to reorder what the reader sees around it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(words: &[&str]) -> Highlighter {
        let mut h = Highlighter::default();
        for (g, w) in words.iter().enumerate() {
            let mut c = Vec::new();
            analysis::query_terms(&analysis::normalize::light(w), &mut c);
            for t in c {
                h.add_term(&t.term, g as u16);
            }
        }
        h
    }

    #[test]
    fn marks_the_original_spelling() {
        let h = hl(&["حكومة"]);
        let out = h.highlight_all("اجتمعت الحُكُومَةُ و«حكومتها» أمس");
        assert_eq!(out, "اجتمعت <mark>الحُكُومَةُ</mark> و«<mark>حكومتها</mark>» أمس");
    }

    #[test]
    fn escapes_hostile_text() {
        let h = hl(&["برلين"]);
        let out = h.highlight_all("<script>alert(1)</script> برلين <img src=x onerror=\"x\"> \u{202E}abc");
        assert!(!out.contains("<script") && !out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;") && out.contains("<mark>برلين</mark>"));
        assert!(!out.contains('\u{202E}'));
    }

    #[test]
    fn prefixes_mark_whole_words() {
        let mut h = Highlighter::default();
        h.add_prefix(&analysis::term("طرا"), 0);
        assert_eq!(
            h.highlight_all("وصل إلى طرابلس وبطرابلس وطرق"),
            "وصل إلى <mark>طرابلس</mark> <mark>وبطرابلس</mark> وطرق"
        );
    }

    #[test]
    fn the_excerpt_is_the_densest_window() {
        let filler = "كلام عادي لا يهم ".repeat(20);
        let text = format!("{filler} قال ستولتنبرغ إن مؤتمر برلين مهم {filler}");
        let out = hl(&["مؤتمر", "برلين"]).excerpt(&text, 12);
        assert!(out.starts_with("… ") && out.ends_with(" …"), "{out}");
        assert!(out.contains("<mark>مؤتمر</mark> <mark>برلين</mark>"), "{out}");
        assert!(out.split_whitespace().filter(|w| !w.starts_with('…')).count() <= 12);
    }

    #[test]
    fn long_bodies_are_read_as_far_as_needed() {
        let filler = "كلام عادي لا يهم ".repeat(400); // ~12 kB: past the first reading
                                                    // Every word early: the excerpt is there, even if a denser passage comes later.
        let text = format!("قال ستولتنبرغ في برلين اليوم {filler} برلين برلين ستولتنبرغ ستولتنبرغ {filler}");
        let out = hl(&["ستولتنبرغ", "برلين"]).excerpt(&text, 8);
        assert!(out.starts_with("قال <mark>ستولتنبرغ</mark> في <mark>برلين</mark>"), "{out}");
        assert!(out.ends_with(" …"), "{out}");
        // A word only past the first reading: found there.
        let text = format!("قال الأمين العام {filler} ثم وصل إلى برلين مساء {filler}");
        let out = hl(&["برلين"]).excerpt(&text, 8);
        assert!(out.contains("<mark>برلين</mark>"), "{out}");
        // Cut at the end of what is read, it still says the text goes on.
        let text = format!("{filler}{filler}{filler} برلين");
        let out = hl(&["غائب"]).excerpt(&text, 4);
        assert!(out.ends_with(" …"), "{out}");
    }

    #[test]
    fn no_match_gives_the_beginning() {
        let out = hl(&["غائب"]).excerpt("أول الكلام ثم بقيته", 2);
        assert_eq!(out, "أول الكلام …");
    }
}
