//! Plain text: the first line is the title (cut to a readable length), the whole text the body.

use fahras::Document;

/// The longest title taken from a first line, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

/// The title a text gets: its first non-empty line, cut at a word boundary after at most
/// [`MAX_TITLE_CHARS`] characters, with "…" when cut.
pub fn title_of(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if line.chars().count() <= MAX_TITLE_CHARS {
        return line.to_string();
    }
    let cut: String = line.chars().take(MAX_TITLE_CHARS).collect();
    let at = cut.rfind(char::is_whitespace).filter(|&i| i > cut.len() / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches(|c: char| c.is_whitespace() || "،,؛;:".contains(c)))
}

/// A text file as a document with id `rel`.
pub fn parse(text: &str, rel: &str) -> Document {
    let body = text.trim().to_string();
    Document { id: rel.to_string(), title: title_of(&body), body, ..Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_the_title() {
        let d = parse("\n  عنوان الخبر  \nنص الخبر هنا.\n", "news/a.txt");
        assert_eq!(d.title, "عنوان الخبر");
        assert_eq!(d.id, "news/a.txt");
        assert!(d.body.contains("نص الخبر"));
    }

    #[test]
    fn long_first_lines_are_cut_at_a_word() {
        let line = "قال المتحدث باسم الحكومة في مؤتمر صحفي عقده مساء اليوم ".repeat(5);
        let t = title_of(&line);
        assert!(t.ends_with('…'));
        assert!(t.chars().count() <= MAX_TITLE_CHARS + 1);
        assert!(line.starts_with(t.trim_end_matches('…')));
        assert!(!t.trim_end_matches('…').ends_with(' '));
    }
}
