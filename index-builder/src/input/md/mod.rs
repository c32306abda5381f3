//! Markdown with front matter, as Hugo and Jekyll write it.
//!
//! * [`front_matter`](mod@front_matter) reads the fields at the top of the file: TOML between
//!   `+++` lines or YAML between `---` lines, with real parsers (`toml`, `yaml-rust2`), so
//!   nested tables, block scalars and escapes mean what they mean to the site generator.
//! * [`body`](mod@body) turns the Markdown after it into the text a reader sees
//!   (`pulldown-cmark`): no code blocks, link targets, images, HTML tags or shortcodes.
//!
//! [`parse`] puts the two together into a [`Document`]: the title is `title`, else the first
//! `# heading`, else the first line; the id is `id`, else the file's path; the url is `url`,
//! else `permalink`, else `slug`; the date is `date` (else `publishDate`) as written; the
//! categories are every value of `categories` and `tags`, and `category` or `section`. A draft
//! (`draft: true`, or Jekyll's `published: false`) gives no document. Malformed front matter
//! is an error naming the line, never text to index.

pub mod body;
pub mod front_matter;

pub use front_matter::{front_matter, FrontMatter, FrontMatterError};

use fahras::Document;

/// What a Markdown file gives.
#[derive(Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // one a file, matched at once: a box would buy nothing
pub enum Parsed {
    /// A page to index, with all of its front matter (the document keeps one category; the
    /// front matter has them all).
    Page { doc: Document, front: FrontMatter },
    /// A draft: left out of the index.
    Draft,
}

/// Parses a Markdown file into a document with id `rel` (unless the front matter sets one).
pub fn parse(text: &str, rel: &str) -> Result<Parsed, FrontMatterError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (block, markdown) = front_matter::split(text)?;
    let front = match block {
        Some(b) => b.parse()?,
        None => FrontMatter::default(),
    };
    if front.draft {
        return Ok(Parsed::Draft);
    }
    let body = body::text_of(markdown);
    let title = if !front.title.is_empty() {
        front.title.clone()
    } else if let Some(h1) = body.h1 {
        h1
    } else {
        super::txt::title_of(&body.text)
    };
    let mut doc = Document {
        id: if front.id.is_empty() { rel.to_string() } else { front.id.clone() },
        title,
        body: body.text,
        url: front.url.clone(),
        date: front.date.clone(),
        meta: front.meta.clone(),
        ..Default::default()
    };
    for c in front.categories.iter().chain(std::iter::once(&front.category)) {
        doc.add_filter(fahras::index::CATEGORY, c.as_str());
    }
    Ok(Parsed::Page { doc, front })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str, rel: &str) -> (Document, FrontMatter) {
        match parse(text, rel) {
            Ok(Parsed::Page { doc, front }) => (doc, front),
            other => panic!("expected a page, got {other:?}"),
        }
    }

    #[test]
    fn hugo_page_with_toml_front_matter() {
        let (d, front) = page(
            "+++\ntitle = \"تقرير: التضخم يتراجع\"\ndate = 2024-03-05T10:30:00+03:00\ndraft = false\n\
             categories = [\"اقتصاد\", \"أسواق\"]\ntags = [\"تضخم\", \"اقتصاد\"]\nslug = \"inflation\"\n\n\
             [params]\ntitle = \"عنوان فرعي\"\n+++\n\nتراجع **التضخم** في شهر [فبراير](https://example.com/feb).\n",
            "posts/inflation.md",
        );
        assert_eq!(d.id, "posts/inflation.md");
        assert_eq!(d.title, "تقرير: التضخم يتراجع");
        assert_eq!(d.date, "2024-03-05T10:30:00+03:00");
        assert_eq!(d.url, "inflation");
        assert_eq!(d.categories().next(), Some("اقتصاد"));
        assert_eq!(d.body, "تراجع التضخم في شهر فبراير.");
        assert_eq!(front.categories, ["اقتصاد", "أسواق", "تضخم"]);
        assert_eq!(front.date, d.date);
    }

    #[test]
    fn jekyll_post_with_yaml_front_matter() {
        let (d, front) = page(
            "---\nlayout: post\ntitle:  \"قمة \\\"برلين\\\" حول ليبيا\"\ndate:   2020-01-19 18:00:00 +0100\n\
             permalink: /2020/01/berlin/\ntags:\n  - ليبيا\n  - برلين\n---\n# عنوان داخلي\n\nاجتمع القادة في برلين.\n",
            "_posts/2020-01-19-berlin.md",
        );
        assert_eq!(d.title, "قمة \"برلين\" حول ليبيا");
        assert_eq!(d.date, "2020-01-19 18:00:00 +0100");
        assert_eq!(d.url, "/2020/01/berlin/");
        assert_eq!(d.categories().next(), Some("ليبيا"), "no categories: the first tag");
        assert_eq!(front.categories, ["ليبيا", "برلين"]);
        assert_eq!(d.body, "عنوان داخلي\n\nاجتمع القادة في برلين.");
    }

    #[test]
    fn category_falls_back_to_category_then_section() {
        let cats = |t: &str| page(t, "a.md").0.categories().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(cats("---\ncategory: ثقافة\nsection: فنون\n---\nنص"), ["ثقافة"]);
        assert_eq!(cats("---\nsection: فنون\n---\nنص"), ["فنون"]);
        assert_eq!(cats("---\ncategory: ثقافة\ncategories: [أدب]\ntags: [شعر, أدب]\n---\nنص"), ["أدب", "شعر", "ثقافة"]);
        assert!(cats("نص").is_empty());
        let (d, _) = page("---\nauthor: ليلى\nimage: /img/a.jpg\n---\nنص", "a.md");
        assert_eq!(
            d.meta,
            [("author".to_string(), "ليلى".to_string()), ("image".to_string(), "/img/a.jpg".to_string())]
        );
    }

    #[test]
    fn drafts_give_no_document() {
        assert_eq!(parse("---\ntitle: مسودة خبر\ndraft: true\n---\nنص لم ينشر بعد.", "d.md"), Ok(Parsed::Draft));
        assert_eq!(parse("+++\ndraft = true\n+++\n", "d.md"), Ok(Parsed::Draft));
        assert_eq!(parse("---\npublished: false\n---\nنص", "d.md"), Ok(Parsed::Draft));
        assert!(matches!(parse("---\ndraft: false\n---\nنص", "d.md"), Ok(Parsed::Page { .. })));
    }

    #[test]
    fn id_overrides_the_path() {
        assert_eq!(page("---\nid: news-42\n---\nنص", "a/b.md").0.id, "news-42");
        assert_eq!(page("+++\nid = 42\n+++\nنص", "a/b.md").0.id, "42");
        assert_eq!(page("---\nid: ''\n---\nنص", "a/b.md").0.id, "a/b.md");
    }

    #[test]
    fn title_falls_back_to_the_first_heading_then_the_first_line() {
        let (d, _) = page("مقدمة قصيرة.\n\n## عنوان فرعي\n\n# مباراة الأمس\n\nفاز الفريق.", "m.md");
        assert_eq!(d.title, "مباراة الأمس");
        let (d, _) = page("---\ntitle: ''\n---\n## عنوان فرعي\n\nفاز الفريق **بهدفين** نظيفين.", "m.md");
        assert_eq!(d.title, "عنوان فرعي");
        let (d, _) = page("فاز الفريق **بهدفين** نظيفين.\nفي مباراة الأمس.", "m.md");
        assert_eq!(d.title, "فاز الفريق بهدفين نظيفين. في مباراة الأمس.");
    }

    #[test]
    fn malformed_front_matter_is_an_error_not_text() {
        let e = parse("---\ntitle: خبر\ncategories: [سياسة\n---\nنص", "bad.md").unwrap_err();
        assert!(e.reason.starts_with("malformed YAML front matter"), "{e}");
        let e = parse("---\ntitle: خبر\nنص بلا نهاية", "u.md").unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_front_matter() {
        assert_eq!(page("\u{FEFF}---\ntitle: خبر\n---\nنص", "b.md").0.title, "خبر");
    }

    #[test]
    fn random_markdown_never_panics() {
        let pieces = [
            "---\n",
            "+++\n",
            "...\n",
            "title: ",
            "title = ",
            "\"",
            "'",
            "\\u0627",
            ">-\n  ",
            "- ",
            "* ",
            "1. ",
            "# ",
            "## ",
            "[",
            "]",
            "(",
            ")",
            "![",
            "[1]: ",
            "https://example.com",
            "<",
            ">",
            "<div>",
            "</div>",
            "<br>",
            "<script>",
            "{{<",
            ">}}",
            "{{%",
            "%}}",
            "{%",
            "%}",
            "```",
            "~~~",
            "    ",
            "\t",
            "|",
            "---|",
            ":",
            "=",
            "*",
            "_",
            "~~",
            "[^1]",
            "\n",
            "\n\n",
            "\r\n",
            "draft: true\n",
            "[[resources]]\n",
            "خبر",
            "الحكومة",
            "\u{FEFF}",
            "\0",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut pages = 0;
        for _ in 0..2_000 {
            let len = next(80);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            if let Ok(Parsed::Page { doc, .. }) = parse(&text, "r.md") {
                pages += 1;
                assert_eq!(doc.body.trim(), doc.body, "{text:?}");
                assert!(!doc.body.contains("\n\n\n") && !doc.body.contains("  "), "{text:?}");
            }
        }
        assert!(pages > 1_000, "only {pages} of 2000 random files gave a page");
    }
}
