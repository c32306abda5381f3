//! The body of a Markdown file as the text a reader sees, parsed by `pulldown-cmark` with the
//! extensions Hugo's renderer turns on (tables, footnotes, strikethrough, task lists, heading
//! attributes, definition lists).
//!
//! Kept: the words of paragraphs, headings, list items, quotes, table cells and link texts.
//! Left out: code blocks (fenced or indented), link and image targets, image alt text, link
//! reference definitions, autolinks (their text is their target), raw HTML tags, Hugo
//! shortcodes (`{{< … >}}`, `{{% … %}}`) and Liquid tags (`{{ … }}`, `{% … %}`). HTML blocks go
//! through the HTML extractor, so their text stays and their scripts and styles do not.
//!
//! Layout: paragraphs and other blocks are separated by a blank line; headings, list items,
//! table cells and hard line breaks each start a line; a soft line break is a space; runs of
//! white space are one space.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// What the body gives.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Body {
    /// The text to index.
    pub text: String,
    /// The text of the first level-1 heading, if any.
    pub h1: Option<String>,
}

/// The text of a Markdown body.
pub fn text_of(markdown: &str) -> Body {
    let markdown = without_templates(markdown);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST;
    let mut w = Writer::default();
    for event in Parser::new_ext(&markdown, options) {
        w.event(event);
    }
    Body { text: w.out.text, h1: w.h1 }
}

/// The Markdown with Hugo shortcodes and Liquid tags removed: `{{` to `}}` and `{%` to `%}`,
/// when they close before the next blank line. Removed, not replaced by a space, so a shortcode
/// in a link target (`[نص]({{< ref "x.md" >}})`) leaves a well-formed link.
fn without_templates(md: &str) -> Cow<'_, str> {
    if !md.contains("{{") && !md.contains("{%") {
        return Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len());
    let mut chunk_start = 0;
    let mut at = 0;
    for line in md.split_inclusive('\n') {
        if line.trim().is_empty() {
            strip_templates(&md[chunk_start..at], &mut out);
            out.push_str(line);
            chunk_start = at + line.len();
        }
        at += line.len();
    }
    strip_templates(&md[chunk_start..], &mut out);
    Cow::Owned(out)
}

/// Appends `chunk` (no blank line in it) to `out` without its templates. Linear: each search
/// for a closing delimiter either consumes what it read or, failing, is not tried again.
fn strip_templates(chunk: &str, out: &mut String) {
    const CLOSE: [&str; 2] = ["}}", "%}"];
    let mut may_close = [true, true];
    let mut rest = chunk;
    while let Some(open) = rest.find('{') {
        let kind = match rest.as_bytes().get(open + 1) {
            Some(b'{') => 0,
            Some(b'%') => 1,
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
                continue;
            }
        };
        let inner = &rest[open + 2..];
        match may_close[kind].then(|| inner.find(CLOSE[kind])).flatten() {
            Some(end) => {
                out.push_str(&rest[..open]);
                rest = &inner[end + 2..];
            }
            None => {
                may_close[kind] = false;
                out.push_str(&rest[..open + 2]);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
}

/// A break between pieces of text, the strongest one asked for winning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    #[default]
    None,
    Space,
    Line,
    Paragraph,
}

/// Text with collapsed white space: breaks are written only between two pieces of text.
#[derive(Default)]
struct Out {
    text: String,
    pending: Break,
}

impl Out {
    fn push(&mut self, s: &str) {
        for (i, piece) in s.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.brk(Break::Space);
            }
            if piece.is_empty() {
                continue;
            }
            if !self.text.is_empty() {
                match self.pending {
                    Break::None => {}
                    Break::Space => self.text.push(' '),
                    Break::Line => self.text.push('\n'),
                    Break::Paragraph => self.text.push_str("\n\n"),
                }
            }
            self.pending = Break::None;
            self.text.push_str(piece);
        }
    }

    fn brk(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }
}

/// Turns events into text.
#[derive(Default)]
struct Writer {
    out: Out,
    /// Open elements whose text is not indexed (code blocks, images, autolinks).
    hidden: usize,
    /// For each open link, whether it hides its text (an autolink).
    links: Vec<bool>,
    /// Open lists, tables and definition lists: their paragraphs end a line, not a paragraph.
    in_lines: usize,
    /// The raw HTML of the open HTML block.
    html: Option<String>,
    /// The text of the first non-empty level-1 heading.
    h1: Option<String>,
    /// Where the open level-1 heading starts in the text, while no heading has filled `h1`.
    h1_from: Option<usize>,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(h) => {
                if let Some(html) = self.html.as_mut() {
                    html.push_str(&h);
                }
            }
            Event::InlineHtml(h) => {
                // Tags are dropped; a <br> still ends the line.
                if h.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("<br")) {
                    self.out.brk(Break::Line);
                }
            }
            Event::SoftBreak => self.out.brk(Break::Space),
            Event::HardBreak => self.out.brk(Break::Line),
            Event::Rule => self.out.brk(Break::Paragraph),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.hidden > 0 {
            return;
        }
        self.out.push(t);
    }

    /// The break after a paragraph-like block: a line inside lists and tables.
    fn block_break(&self) -> Break {
        if self.in_lines > 0 {
            Break::Line
        } else {
            Break::Paragraph
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.out.brk(self.block_break());
                if level == HeadingLevel::H1 && self.h1.is_none() {
                    self.h1_from = Some(self.out.text.len());
                }
            }
            Tag::CodeBlock(_) => {
                self.out.brk(self.block_break());
                self.hidden += 1;
            }
            Tag::HtmlBlock => self.html = Some(String::new()),
            Tag::List(_) | Tag::Table(_) | Tag::DefinitionList => {
                self.out.brk(self.block_break());
                self.in_lines += 1;
            }
            Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.out.brk(Break::Line),
            Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => self.out.brk(self.block_break()),
            Tag::Link { link_type, .. } => {
                let hides = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.hidden += usize::from(hides);
                self.links.push(hides);
            }
            Tag::Image { .. } | Tag::MetadataBlock(_) => self.hidden += 1,
            Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                self.out.brk(self.block_break());
            }
            TagEnd::Heading(_) => {
                if let Some(from) = self.h1_from.take() {
                    let h1 = self.out.text[from..].split_whitespace().collect::<Vec<_>>().join(" ");
                    self.h1 = Some(h1).filter(|t| !t.is_empty());
                }
                self.out.brk(self.block_break());
            }
            TagEnd::CodeBlock => {
                self.hidden = self.hidden.saturating_sub(1);
                self.out.brk(self.block_break());
            }
            TagEnd::HtmlBlock => {
                let html = self.html.take().unwrap_or_default();
                for line in crate::input::html::extract(&html).body.lines() {
                    self.text(line);
                    self.out.brk(Break::Line);
                }
                self.out.brk(self.block_break());
            }
            TagEnd::List(_) | TagEnd::Table | TagEnd::DefinitionList => {
                self.in_lines = self.in_lines.saturating_sub(1);
                self.out.brk(self.block_break());
            }
            TagEnd::Item
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.out.brk(Break::Line),
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    self.hidden = self.hidden.saturating_sub(1);
                }
            }
            TagEnd::Image | TagEnd::MetadataBlock(_) => self.hidden = self.hidden.saturating_sub(1),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(md: &str) -> String {
        text_of(md).text
    }

    #[test]
    fn paragraphs_headings_and_list_items() {
        let md = "# نتائج   الانتخابات\n\nأعلنت *اللجنة* **العليا** النتائج\nالأولية مساء ~~أمس~~ اليوم.\n\n\
                  ## المرشحون\n\n- المرشح الأول\n- المرشح _الثاني_\n  1. فرع\n\nفقرة أخيرة  \nبعد سطر جديد.";
        assert_eq!(
            text(md),
            "نتائج الانتخابات\n\nأعلنت اللجنة العليا النتائج الأولية مساء أمس اليوم.\n\nالمرشحون\n\n\
             المرشح الأول\nالمرشح الثاني\nفرع\n\nفقرة أخيرة\nبعد سطر جديد."
        );
        assert_eq!(text_of(md).h1.as_deref(), Some("نتائج الانتخابات"));
    }

    #[test]
    fn fenced_and_indented_code_is_not_body() {
        let md = "قبل الشيفرة.\n\n```rust\nlet مخفي = 1;\n```\n\n~~~\nمخفي أيضا\n~~~\n\n    شيفرة مزاحة مخفية\n\nبعد الشيفرة.";
        assert_eq!(text(md), "قبل الشيفرة.\n\nبعد الشيفرة.");
        // Nor is a heading inside a fence the title.
        assert_eq!(text_of("```\n# ليس عنوانا\n```\n# العنوان").h1.as_deref(), Some("العنوان"));
    }

    #[test]
    fn link_reference_definitions_are_not_body() {
        let md = "نقلت [الوكالة][1] الخبر عن [المصدر].\n\n[1]: https://agency.example/ar/news \"وكالة الأنباء\"\n\
                  [المصدر]: <https://source.example/path>\n";
        assert_eq!(text(md), "نقلت الوكالة الخبر عن المصدر.");
    }

    #[test]
    fn link_and_image_targets_are_never_body() {
        let md = "زار [الوزير](https://example.com/minister \"صفحة الوزير\") الموقع ![صورة الموقع](site.jpg) \
                  وكتب إلى <press@example.com> عن <https://example.org/report>.";
        assert_eq!(text(md), "زار الوزير الموقع وكتب إلى عن .");
        let linked_image = "[![شعار](logo.png)](https://example.com) النص";
        assert_eq!(text(linked_image), "النص");
    }

    #[test]
    fn raw_html_tags_are_stripped() {
        let md = "عقدت <b>الحكو</b>مة اجتماعها<br>الأسبوعي <span class=\"x\">أمس</span>.\n\n\
                  <div class=\"note\">\n<p>ملاحظة &amp; تنويه</p>\n<script>var مخفي = 1;</script>\n</div>\n\n<!-- تعليق مخفي -->\n\nالخاتمة.";
        assert_eq!(text(md), "عقدت الحكومة اجتماعها\nالأسبوعي أمس.\n\nملاحظة & تنويه\n\nالخاتمة.");
    }

    #[test]
    fn hugo_shortcodes_and_liquid_tags_are_removed() {
        let md = "فاز الفريق {{< figure src=\"goal.jpg\" title=\"هدف\" >}} بهدفين.\n\n{{% notice info %}}\nتنبيه مهم\n{{% /notice %}}\n\n\
                  انظر [التقرير]({{< ref \"report.md\" >}}) و{{ site.title }} {% include ad.html %}.\n\n{{< youtube\n  id=\"abc\"\n>}}";
        assert_eq!(text(md), "فاز الفريق بهدفين.\n\nتنبيه مهم\n\nانظر التقرير و .");
        // An unclosed one, or one that would run past a blank line, is text.
        assert_eq!(text("أ {{< ب\n\nج >}} د"), "أ {{< ب\n\nج >}} د");
        assert_eq!(text("{ قوسان } و{{"), "{ قوسان } و{{");
    }

    #[test]
    fn unclosed_templates_take_linear_time() {
        // Quadratic scanning would take minutes on these; all of it is text.
        for md in ["{{".repeat(300_000), "{%".repeat(300_000)] {
            assert_eq!(text(&md), md);
        }
        let md = format!("{}\n\n}}}}", "{{< ".repeat(150_000));
        assert_eq!(text(&md), format!("{}\n\n}}}}", "{{< ".repeat(150_000).trim_end()));
    }

    #[test]
    fn tables_quotes_and_definitions() {
        let md =
            "| المدينة | الحرارة |\n|---|---|\n| عمّان | ٢٠ |\n\n> قال المتحدث\n> إن الوضع مستقر.\n\nمصطلح\n: تعريفه";
        assert_eq!(text(md), "المدينة\nالحرارة\nعمّان\n٢٠\n\nقال المتحدث إن الوضع مستقر.\n\nمصطلح\nتعريفه");
    }

    #[test]
    fn footnotes_and_task_markers_leave_only_words() {
        let md = "ارتفع المؤشر[^1].\n\n- [x] مهمة منجزة\n\n[^1]: بحسب البورصة.";
        assert_eq!(text(md), "ارتفع المؤشر.\n\nمهمة منجزة\n\nبحسب البورصة.");
    }

    #[test]
    fn heading_attributes_are_not_text() {
        let b = text_of("# الأخبار العاجلة {#urgent .red}\n\nنص");
        assert_eq!(b.h1.as_deref(), Some("الأخبار العاجلة"));
        assert_eq!(b.text, "الأخبار العاجلة\n\nنص");
    }
}
