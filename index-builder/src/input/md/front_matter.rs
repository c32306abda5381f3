//! Front matter: the block of fields at the top of a Markdown file, TOML between `+++` lines
//! (parsed by `toml`) or YAML between `---` lines (parsed by `yaml-rust2`).
//!
//! Only top-level keys are read, matched without regard to case as Hugo does; nested tables
//! and mappings (`[params]`, `[[resources]]`, `author: {name: …}`) are other things and never
//! fill a field. A field of the wrong shape (a list where text belongs) is an error, like a
//! syntax error: either would otherwise index something the author did not mean.

use std::fmt;
use yaml_rust2::{Yaml, YamlLoader};

/// The front matter fields Fahras reads; empty when absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title`, whitespace collapsed to single spaces.
    pub title: String,
    /// `date`, else `publishDate`, as written; a TOML datetime in RFC 3339.
    pub date: String,
    /// `url`, else `permalink`, else `slug`.
    pub url: String,
    /// `id`, which replaces the file's path as the document id.
    pub id: String,
    /// The items of `categories`, then those of `tags`, in order and without repeats. Either
    /// may be a list or a single text.
    pub categories: Vec<String>,
    /// `category`, else `section`: a single value.
    pub category: String,
    /// `draft: true` (Hugo) or `published: false` (Jekyll): the page is not published.
    pub draft: bool,
    /// Metadata returned with each hit: `author` and `image` (as Hugo and Jekyll themes name
    /// them), when set.
    pub meta: Vec<(String, String)>,
}

/// Why the front matter could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    /// The 1-based line in the file, when the parser names one.
    pub line: Option<usize>,
    /// What is wrong and how to fix it.
    pub reason: String,
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for FrontMatterError {}

/// The language of a front matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

impl Syntax {
    fn fence(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Syntax::Toml => "TOML",
            Syntax::Yaml => "YAML",
        }
    }
}

/// A front matter block as it stands in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    pub syntax: Syntax,
    /// The lines between the fences.
    pub text: &'a str,
}

/// The file line of the block's first line (the fence is line 1).
const FIRST_LINE: usize = 2;

/// Splits a Markdown file into its front matter block, if it starts with one, and the body.
///
/// A block opens with a `+++` or `---` line at the very start of the file and closes with the
/// same line (a YAML block also with `...`). An opening fence that is never closed is an error:
/// the whole file would otherwise be indexed, front matter included.
pub fn split(text: &str) -> Result<(Option<Block<'_>>, &str), FrontMatterError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let syntax = match text[..first_end].trim_end() {
        "+++" => Syntax::Toml,
        "---" => Syntax::Yaml,
        _ => return Ok((None, text)),
    };
    let rest = &text[first_end..];
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        let fence = line.trim_end();
        if fence == syntax.fence() || (syntax == Syntax::Yaml && fence == "...") {
            return Ok((Some(Block { syntax, text: &rest[..at] }), &rest[at + line.len()..]));
        }
        at += line.len();
    }
    let fence = syntax.fence();
    Err(FrontMatterError {
        line: Some(1),
        reason: format!(
            "the {} front matter opened by `{fence}` is never closed; end it with a `{fence}` line \
             (or, if the file starts with a horizontal rule, put a blank line before it)",
            syntax.name()
        ),
    })
}

/// Reads the fields of a Markdown file's front matter: empty if it has none.
pub fn front_matter(text: &str) -> Result<FrontMatter, FrontMatterError> {
    match split(text)? {
        (Some(block), _) => block.parse(),
        (None, _) => Ok(FrontMatter::default()),
    }
}

/// A top-level value, whichever the language.
#[derive(Debug)]
enum Value {
    Text(String),
    Bool(bool),
    List(Vec<Value>),
    /// A table or mapping: never a field Fahras reads.
    Table,
    Absent,
}

impl Value {
    fn from_toml(v: toml::Value) -> Value {
        match v {
            toml::Value::String(s) => Value::Text(s),
            toml::Value::Integer(i) => Value::Text(i.to_string()),
            toml::Value::Float(f) => Value::Text(f.to_string()),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::Text(rfc3339(&d)),
            toml::Value::Array(a) => Value::List(a.into_iter().map(Value::from_toml).collect()),
            toml::Value::Table(_) => Value::Table,
        }
    }

    fn from_yaml(v: Yaml) -> Value {
        match v {
            Yaml::String(s) | Yaml::Real(s) => Value::Text(s),
            Yaml::Integer(i) => Value::Text(i.to_string()),
            Yaml::Boolean(b) => Value::Bool(b),
            Yaml::Array(a) => Value::List(a.into_iter().map(Value::from_yaml).collect()),
            Yaml::Hash(_) => Value::Table,
            Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => Value::Absent,
        }
    }

    fn shape(&self) -> &'static str {
        match self {
            Value::Text(_) | Value::Absent => "text",
            Value::Bool(_) => "true or false",
            Value::List(_) => "a list",
            Value::Table => "a table",
        }
    }
}

/// A TOML datetime as RFC 3339 (`2024-03-05T10:30:00+03:00`), seconds included even where
/// TOML 1.1 let them be left out; a local date or time stays as it is.
fn rfc3339(d: &toml::value::Datetime) -> String {
    let mut d = *d;
    if let Some(t) = d.time.as_mut() {
        t.second.get_or_insert(0);
    }
    d.to_string()
}

impl Block<'_> {
    /// Parses the block and reads the fields Fahras uses.
    pub fn parse(&self) -> Result<FrontMatter, FrontMatterError> {
        let fields = match self.syntax {
            Syntax::Toml => self.toml_fields()?,
            Syntax::Yaml => self.yaml_fields()?,
        };
        let mut found = Found::default();
        for (key, value) in fields {
            found.read(&key, value).map_err(|reason| FrontMatterError { line: self.key_line(&key), reason })?;
        }
        Ok(found.into_front_matter())
    }

    fn toml_fields(&self) -> Result<Vec<(String, Value)>, FrontMatterError> {
        let table: toml::Table = self.text.parse().map_err(|e: toml::de::Error| FrontMatterError {
            line: e.span().map(|s| self.line_at(s.start)),
            reason: format!(
                "malformed TOML front matter: {}; the lines between the `+++` fences must be TOML \
                 (key = value, text in quotes)",
                e.message().trim_end_matches('\n')
            ),
        })?;
        Ok(table.into_iter().map(|(k, v)| (k, Value::from_toml(v))).collect())
    }

    fn yaml_fields(&self) -> Result<Vec<(String, Value)>, FrontMatterError> {
        let docs = YamlLoader::load_from_str(self.text).map_err(|e| FrontMatterError {
            line: Some(FIRST_LINE + e.marker().line().saturating_sub(1)),
            reason: format!(
                "malformed YAML front matter: {}; the lines between the `---` fences must be YAML \
                 (key: value; quote text that holds `: ` or starts with a sign such as [ {{ * & ! | > ' \" %)",
                e.info()
            ),
        })?;
        match docs.into_iter().next() {
            None | Some(Yaml::Null) => Ok(Vec::new()),
            Some(Yaml::Hash(h)) => Ok(h
                .into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s,
                        Yaml::Integer(i) => i.to_string(),
                        _ => return None,
                    };
                    Some((key, Value::from_yaml(v)))
                })
                .collect()),
            Some(_) => Err(FrontMatterError {
                line: Some(FIRST_LINE),
                reason: "the YAML front matter must be fields, one `key: value` a line".into(),
            }),
        }
    }

    /// The file line of the byte `at` of the block.
    fn line_at(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        FIRST_LINE + self.text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count()
    }

    /// The file line where the top-level `key` is set, if it can be found.
    fn key_line(&self, key: &str) -> Option<usize> {
        let sep = if self.syntax == Syntax::Toml { '=' } else { ':' };
        for (i, line) in self.text.lines().enumerate() {
            // Top level: TOML keys before the first table header, YAML keys not indented.
            if self.syntax == Syntax::Toml && line.trim_start().starts_with('[') {
                return None;
            }
            if self.syntax == Syntax::Yaml && line.starts_with([' ', '\t']) {
                continue;
            }
            let Some((k, _)) = line.split_once(sep) else {
                continue;
            };
            if k.trim().trim_matches(['"', '\'']) == key {
                return Some(FIRST_LINE + i);
            }
        }
        None
    }
}

/// The fields found, before the precedence between them is applied.
#[derive(Default)]
struct Found {
    title: String,
    date: String,
    publish_date: String,
    url: String,
    permalink: String,
    slug: String,
    id: String,
    categories: Vec<String>,
    tags: Vec<String>,
    category: String,
    section: String,
    author: String,
    image: String,
    draft: bool,
    unpublished: bool,
}

impl Found {
    /// Reads one top-level field; the error is the reason it cannot be used.
    fn read(&mut self, key: &str, value: Value) -> Result<(), String> {
        let slot = match key.to_ascii_lowercase().as_str() {
            "title" => &mut self.title,
            "date" => &mut self.date,
            "publishdate" => &mut self.publish_date,
            "url" => &mut self.url,
            "permalink" => &mut self.permalink,
            "slug" => &mut self.slug,
            "id" => &mut self.id,
            "category" => &mut self.category,
            "section" => &mut self.section,
            // Metadata is taken when it is text, and left alone otherwise (themes give `author`
            // as a table of name and email, `image` as a list…).
            "author" | "image" => {
                let slot = if key.eq_ignore_ascii_case("author") { &mut self.author } else { &mut self.image };
                if let (true, Ok(t)) = (slot.is_empty(), text(key, value)) {
                    *slot = t;
                }
                return Ok(());
            }
            "categories" => return list(key, value, &mut self.categories),
            "tags" => return list(key, value, &mut self.tags),
            "draft" => return flag(key, value).map(|b| self.draft |= b),
            "published" => return flag(key, value).map(|b| self.unpublished |= !b),
            _ => return Ok(()),
        };
        if slot.is_empty() {
            *slot = text(key, value)?;
        }
        Ok(())
    }

    fn into_front_matter(self) -> FrontMatter {
        let first = |a: String, b: String| if a.is_empty() { b } else { a };
        let mut categories: Vec<String> = Vec::new();
        for c in self.categories.into_iter().chain(self.tags) {
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        FrontMatter {
            title: self.title.split_whitespace().collect::<Vec<_>>().join(" "),
            date: first(self.date, self.publish_date),
            url: first(first(self.url, self.permalink), self.slug),
            id: self.id,
            categories,
            category: first(self.category, self.section),
            draft: self.draft || self.unpublished,
            meta: [("author", self.author), ("image", self.image)]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }
}

/// A field that holds one text: text, a number or a date (trimmed), or true/false as words.
fn text(key: &str, value: Value) -> Result<String, String> {
    match value {
        Value::Text(s) => Ok(s.trim().to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Absent => Ok(String::new()),
        other => Err(format!("the front matter field {key:?} must be text, not {}", other.shape())),
    }
}

/// A field that holds a list of texts, or a single text; empty items are left out.
fn list(key: &str, value: Value, out: &mut Vec<String>) -> Result<(), String> {
    let items = match value {
        Value::List(items) => items,
        single => vec![single],
    };
    for item in items {
        let t = text(key, item).map_err(|_| format!("the front matter field {key:?} must be a list of texts"))?;
        if !t.is_empty() {
            out.push(t);
        }
    }
    Ok(())
}

/// A field that holds true or false (also written as text, in any case).
fn flag(key: &str, value: Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(b),
        Value::Absent => Ok(false),
        Value::Text(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
        Value::Text(s) if s.trim().eq_ignore_ascii_case("false") => Ok(false),
        other => Err(format!("the front matter field {key:?} must be true or false, not {}", other.shape())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> FrontMatter {
        front_matter(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(text: &str) -> FrontMatterError {
        front_matter(text).expect_err("malformed front matter must be an error")
    }

    #[test]
    fn toml_keys_under_a_table_header_are_not_top_level() {
        let fm = read(
            "+++\ntitle = \"افتتاح جسر الملك فهد الجديد\"\ndate = 2024-03-05\n\n[params]\ndate = 1999-01-01\n\
             category = \"إعلانات\"\n\n[[resources]]\nsrc = \"bridge.jpg\"\ntitle = \"صورة الجسر من الجو\"\n\n\
             [[resources]]\ntitle = \"مخطط المشروع\"\n+++\n",
        );
        assert_eq!(fm.title, "افتتاح جسر الملك فهد الجديد");
        assert_eq!(fm.date, "2024-03-05");
        assert_eq!(fm.category, "");
        // A title that only a resource has is no title at all.
        assert_eq!(read("+++\n[[resources]]\ntitle = \"تعليق الصورة\"\n+++\n").title, "");
    }

    #[test]
    fn yaml_nested_keys_are_not_top_level() {
        let fm = read(
            "---\nauthor:\n  title: محرر الشؤون المحلية\n  url: /authors/salem/\ntitle: أمطار غزيرة على الساحل\n---\n",
        );
        assert_eq!(fm.title, "أمطار غزيرة على الساحل");
        assert_eq!(fm.url, "");
    }

    #[test]
    fn a_yaml_block_scalar_gives_the_folded_text() {
        let fm =
            read("---\ntitle: >-\n  وزير المالية يعرض\n  مشروع الموازنة\n  على البرلمان\ndate: 2024-01-02\n---\nالنص.");
        assert_eq!(fm.title, "وزير المالية يعرض مشروع الموازنة على البرلمان");
        assert_eq!(fm.date, "2024-01-02");
        // A literal block keeps its lines, which a title joins with spaces.
        let fm = read("---\ntitle: |\n  سطر أول\n  سطر ثان\n---\n");
        assert_eq!(fm.title, "سطر أول سطر ثان");
    }

    #[test]
    fn unicode_escapes_in_double_quoted_strings_are_decoded() {
        // «\u0642\u0645\u0629» is «قمة»; \U0001F4F0 is a newspaper emoji.
        let yaml = read("---\ntitle: \"\\u0642\\u0645\\u0629 \\\"\\u0627\\u0644\\u0631\\u064A\\u0627\\u0636\\\"\"\ncategories: [\"\\u0633\\u064A\\u0627\\u0633\\u0629\"]\n---\n");
        assert_eq!(yaml.title, "قمة \"الرياض\"");
        assert_eq!(yaml.categories, ["سياسة"]);
        let toml = read("+++\ntitle = \"\\u0642\\u0645\\u0629 \\U0001F4F0\"\n+++\n");
        assert_eq!(toml.title, "قمة \u{1F4F0}");
        // Single quotes are literal in both.
        assert_eq!(read("+++\ntitle = '\\u0642'\n+++\n").title, "\\u0642");
        assert_eq!(read("---\ntitle: '\\u0642'\n---\n").title, "\\u0642");
    }

    #[test]
    fn dates_with_time_zones_are_kept_as_written() {
        // TOML datetimes are values, written back in RFC 3339.
        assert_eq!(read("+++\ndate = 2024-03-05T10:30:00+03:00\n+++\n").date, "2024-03-05T10:30:00+03:00");
        assert_eq!(read("+++\ndate = 2024-03-05 10:30:00Z\n+++\n").date, "2024-03-05T10:30:00Z");
        assert_eq!(read("+++\ndate = 2024-03-05T10:30:00.250-04:30\n+++\n").date, "2024-03-05T10:30:00.25-04:30");
        assert_eq!(read("+++\ndate = 2024-03-05T10:30\n+++\n").date, "2024-03-05T10:30:00");
        assert_eq!(read("+++\ndate = \"5 مارس 2024\"\n+++\n").date, "5 مارس 2024");
        // YAML dates are text, kept as written (Jekyll's own format included).
        assert_eq!(read("---\ndate: 2024-03-05 10:30:00 +0300\n---\n").date, "2024-03-05 10:30:00 +0300");
        assert_eq!(read("---\ndate: 2024-03-05T10:30:00+03:00\n---\n").date, "2024-03-05T10:30:00+03:00");
        // `date` wins over Hugo's `publishDate`, wherever each stands.
        assert_eq!(read("---\npublishDate: 2024-03-06\ndate: 2024-03-05\n---\n").date, "2024-03-05");
        assert_eq!(read("+++\npublishdate = 2024-03-06\n+++\n").date, "2024-03-06");
    }

    #[test]
    fn categories_and_tags_are_lists() {
        let inline = read("---\ncategories: [سياسة, \"شؤون دولية\"]\ntags: [برلين, سياسة, ليبيا]\n---\n");
        assert_eq!(inline.categories, ["سياسة", "شؤون دولية", "برلين", "ليبيا"]);
        let block = read("---\ntags:\n  - برلين\n  - ليبيا\ncategories:\n- سياسة\n- ''\n---\n");
        assert_eq!(block.categories, ["سياسة", "برلين", "ليبيا"], "categories come first, empty items go");
        let toml = read("+++\ncategories = [\"اقتصاد\"]\ntags = [\"أسواق\", \"نفط\"]\ncategory = \"مال\"\n+++\n");
        assert_eq!(toml.categories, ["اقتصاد", "أسواق", "نفط"]);
        assert_eq!(toml.category, "مال");
        // A single text is a list of one, as Hugo reads it.
        assert_eq!(read("---\ncategories: شؤون دولية\n---\n").categories, ["شؤون دولية"]);
        assert_eq!(read("---\nsection: رياضة\n---\n").category, "رياضة");
        assert_eq!(read("---\nsection: رياضة\ncategory: ملاعب\n---\n").category, "ملاعب");
    }

    #[test]
    fn drafts() {
        assert!(read("---\ntitle: مسودة\ndraft: true\n---\n").draft);
        assert!(read("+++\ndraft = true\n+++\n").draft);
        assert!(read("---\npublished: false\n---\n").draft, "Jekyll's unpublished page");
        assert!(read("---\nDraft: \"true\"\n---\n").draft);
        assert!(!read("---\ndraft: false\npublished: true\n---\n").draft);
        assert!(!read("---\ntitle: خبر\n---\n").draft);
    }

    #[test]
    fn url_then_permalink_then_slug() {
        assert_eq!(read("---\nslug: s\npermalink: /p/\nurl: /u/\n---\n").url, "/u/");
        assert_eq!(read("---\nslug: s\npermalink: /p/\n---\n").url, "/p/");
        assert_eq!(read("+++\nslug = \"economy-report\"\n+++\n").url, "economy-report");
        assert_eq!(read("---\nurl: ''\nslug: s\n---\n").url, "s", "an empty url does not count");
    }

    #[test]
    fn numbers_are_text() {
        let fm = read("---\nid: 2024\ntitle: 1.50\n---\n");
        assert_eq!((fm.id.as_str(), fm.title.as_str()), ("2024", "1.50"));
        assert_eq!(read("+++\nid = 7\n+++\n").id, "7");
    }

    #[test]
    fn empty_and_absent_front_matter() {
        assert_eq!(read("---\n---\nنص"), FrontMatter::default());
        assert_eq!(read("+++\n+++\nنص"), FrontMatter::default());
        assert_eq!(read("# عنوان\nنص"), FrontMatter::default());
        assert_eq!(read("---\ntitle: ~\n...\nنص"), FrontMatter::default());
        let (block, body) = split("---\r\ntitle: خبر\r\n---\r\nالنص").unwrap();
        assert_eq!(block.map(|b| b.text), Some("title: خبر\r\n"));
        assert_eq!(body, "النص");
    }

    #[test]
    fn malformed_toml_names_the_line_and_the_reason() {
        let e = error("+++\ntitle = \"خبر\"\ndate = 2024-03-05\ncategories = [\"سياسة\"\n+++\nنص");
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.reason.starts_with("malformed TOML front matter: "), "{e}");
        assert!(e.reason.contains("must be TOML"), "{e}");
        let e = error("+++\ntitle: خبر\n+++\n");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn malformed_yaml_names_the_line_and_the_reason() {
        let e = error("---\ntitle: خبر\ndate: 2024-03-05\ncategories: [سياسة\n---\nنص");
        assert!(e.reason.starts_with("malformed YAML front matter: "), "{e}");
        assert!(matches!(e.line, Some(4..=5)), "{e}");
        let e = error("---\ntitle: \"خبر\" عاجل\n---\n");
        assert_eq!(e.line, Some(2), "{e}");
        let e = error("---\n- خبر\n- عاجل\n---\n");
        assert!(e.reason.contains("key: value"), "{e}");
    }

    #[test]
    fn a_field_of_the_wrong_shape_names_its_line() {
        let e = error("---\ndate: 2024-03-05\ntitle:\n  - خبر\n  - عاجل\n---\n");
        assert_eq!((e.line, e.reason.as_str()), (Some(3), "the front matter field \"title\" must be text, not a list"));
        let e = error("+++\ntags = [[\"أ\"], [\"ب\"]]\n+++\n");
        assert_eq!((e.line, e.reason.as_str()), (Some(2), "the front matter field \"tags\" must be a list of texts"));
        let e = error("---\ndraft: نعم\n---\n");
        assert!(e.reason.contains("true or false"), "{e}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let n = 100_000;
        let yaml = format!("---\ntitle: {}{}\n---\n", "[".repeat(n), "]".repeat(n));
        assert!(error(&yaml).reason.contains("recursion limit"));
        let toml = format!("+++\ntitle = {}{}\n+++\n", "{a=".repeat(n), "}".repeat(n));
        assert!(error(&toml).reason.contains("recursion"));
    }

    #[test]
    fn an_unclosed_fence_is_an_error() {
        let e = error("---\ntitle: خبر\nنص بلا نهاية");
        assert_eq!(e.line, Some(1));
        assert!(e.reason.contains("never closed") && e.reason.contains("`---`"), "{e}");
        assert!(error("+++\ntitle = \"خبر\"\n").reason.contains("`+++`"));
        // Only a fence alone on the first line opens front matter.
        assert_eq!(split("----\nنص").unwrap().0, None);
        assert_eq!(split("\n---\nنص").unwrap().0, None);
    }
}
