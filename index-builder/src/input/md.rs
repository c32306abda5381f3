//! Markdown with front matter, as Hugo and Jekyll write it.
//!
//! Front matter is YAML between `---` lines or TOML between `+++` lines. Only scalar fields are
//! read (title, date, url or permalink or slug, category or the first of categories/section,
//! id), with a small parser for the subset those generators write: quoted and plain scalars,
//! inline lists and `- item` lists. The body is the Markdown with link targets, images, HTML
//! tags and shortcodes removed, so URLs and markup are not indexed as words.

use fahras::Document;

/// Front matter fields Fahras reads.
#[derive(Debug, Default, PartialEq, Eq)]
struct Front {
    title: String,
    date: String,
    url: String,
    category: String,
    id: String,
}

/// Parses a Markdown file into a document with id `rel` (unless the front matter sets one).
pub fn parse(text: &str, rel: &str) -> Document {
    let (front, body) = split_front_matter(text);
    let f = front.map(|(fm, toml)| parse_front(fm, toml)).unwrap_or_default();
    let body_text = strip_markdown(body);
    let title = if !f.title.is_empty() {
        f.title
    } else if let Some(h) = body.lines().find_map(|l| l.trim_start().strip_prefix("# ")) {
        h.trim().to_string()
    } else {
        super::txt::title_of(&body_text)
    };
    Document {
        id: if f.id.is_empty() { rel.to_string() } else { f.id },
        title,
        body: body_text,
        url: f.url,
        date: f.date,
        ..Default::default()
    }
    .with_category(f.category)
}

/// Splits `(front matter, is TOML)` from the body.
fn split_front_matter(text: &str) -> (Option<(&str, bool)>, &str) {
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('\n').or_else(|| rest.strip_prefix("\r\n")) else {
            continue;
        };
        let mut at = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence || (!toml && line.trim_end() == "...") {
                return (Some((&rest[..at], toml)), &rest[at + line.len()..]);
            }
            at += line.len();
        }
    }
    (None, text)
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let inner = &v[1..v.len() - 1];
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    // A plain YAML scalar ends at " #" (a comment).
    v.split(" #").next().unwrap_or("").trim().to_string()
}

/// The first item of an inline list `[a, b]`, or the value itself.
fn first_item(v: &str) -> String {
    let v = v.trim();
    if let Some(inner) = v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        return inner.split(',').map(unquote).find(|s| !s.is_empty()).unwrap_or_default();
    }
    unquote(v)
}

fn parse_front(fm: &str, toml: bool) -> Front {
    let mut f = Front::default();
    let lines: Vec<&str> = fm.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        // Only top-level keys: nested tables and indented mappings are skipped.
        if line.starts_with([' ', '\t', '#', '[']) || line.trim().is_empty() {
            continue;
        }
        let sep = if toml { '=' } else { ':' };
        let Some((key, value)) = line.split_once(sep) else {
            continue;
        };
        let key = key.trim().trim_matches('"').to_ascii_lowercase();
        let mut value = value.trim().to_string();
        // A YAML list on the following lines: `- item`.
        if !toml && value.is_empty() {
            if let Some(item) = lines.get(i).and_then(|l| l.trim_start().strip_prefix("- ")) {
                value = item.to_string();
            }
        }
        let slot = match key.as_str() {
            "title" => &mut f.title,
            "date" | "publishdate" if f.date.is_empty() || key == "date" => &mut f.date,
            "url" | "permalink" => &mut f.url,
            "slug" if f.url.is_empty() => &mut f.url,
            "category" | "categories" | "section" if f.category.is_empty() => &mut f.category,
            "id" => &mut f.id,
            _ => continue,
        };
        *slot = first_item(&value);
    }
    f
}

/// Markdown to text: link targets, images, autolinks, HTML tags, shortcodes and heading,
/// list and quote markers removed; the words stay.
fn strip_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let mut l = line.trim_start();
        if l.starts_with("```") || l.starts_with("~~~") {
            continue;
        }
        l = l.trim_start_matches('#').trim_start_matches('>').trim_start();
        if let Some(rest) = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")).or_else(|| l.strip_prefix("+ ")) {
            l = rest;
        }
        strip_inline(l, &mut out);
        out.push('\n');
    }
    let mut collapsed = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let t = line.trim();
        if t.is_empty() {
            blank += 1;
            continue;
        }
        if !collapsed.is_empty() {
            collapsed.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        collapsed.push_str(t);
    }
    collapsed
}

fn strip_inline(l: &str, out: &mut String) {
    let b = l.as_bytes();
    let mut i = 0;
    let mut from = 0;
    while i < b.len() {
        match b[i] {
            // ![alt](src): the whole image goes.
            b'!' if b.get(i + 1) == Some(&b'[') => {
                if let Some(end) = link_end(l, i + 1) {
                    out.push_str(&l[from..i]);
                    i = end;
                    from = i;
                    continue;
                }
            }
            // [text](target) or [text][ref]: keep the text.
            b'[' => {
                if let Some(close) = l[i + 1..].find(']').map(|c| i + 1 + c) {
                    if let Some(end) = link_end(l, i) {
                        out.push_str(&l[from..i]);
                        out.push_str(&l[i + 1..close]);
                        i = end;
                        from = i;
                        continue;
                    }
                }
            }
            // <tag ...>, <https://...>, and Hugo's {{< shortcode >}} / {{% %}}.
            b'<' => {
                if let Some(close) = l[i..].find('>') {
                    let inner = &l[i + 1..i + close];
                    if inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
                        out.push_str(&l[from..i]);
                        out.push(' ');
                        i += close + 1;
                        from = i;
                        continue;
                    }
                }
            }
            b'{' if l[i..].starts_with("{{") => {
                if let Some(close) = l[i..].find("}}") {
                    out.push_str(&l[from..i]);
                    i += close + 2;
                    from = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&l[from..]);
}

/// If `l[open..]` is `[text](target)` or `[text][ref]`, the byte after it.
fn link_end(l: &str, open: usize) -> Option<usize> {
    let close = open + 1 + l[open + 1..].find(']')?;
    let rest = &l[close + 1..];
    let c = match rest.chars().next()? {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let end = rest.find(c)?;
    Some(close + 1 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let d = parse(
            "---\ntitle: \"قمة \\\"برلين\\\" حول ليبيا\"\ndate: 2020-01-19\nurl: /news/berlin/\ncategories:\n  - سياسة\n  - دولي\ntags: [a, b]\n---\n# عنوان آخر\n\nنص **الخبر** مع [رابط](https://example.com/x) و![صورة](img.png).\n",
            "posts/berlin.md",
        );
        assert_eq!(d.title, "قمة \"برلين\" حول ليبيا");
        assert_eq!(d.date, "2020-01-19");
        assert_eq!(d.url, "/news/berlin/");
        assert_eq!(d.categories().collect::<Vec<_>>(), ["سياسة"]);
        assert_eq!(d.id, "posts/berlin.md");
        assert!(d.body.contains("نص **الخبر** مع رابط و."), "{}", d.body);
        assert!(!d.body.contains("example.com") && !d.body.contains("img.png"));
    }

    #[test]
    fn toml_front_matter() {
        let d = parse("+++\ntitle = 'تقرير اقتصادي'\ndate = 2021-03-04T10:00:00Z\ncategories = [\"اقتصاد\", \"أسواق\"]\nslug = \"economy-report\"\n+++\nارتفعت الأسعار.", "r.md");
        assert_eq!(d.title, "تقرير اقتصادي");
        assert_eq!(d.date, "2021-03-04T10:00:00Z");
        assert_eq!(d.categories().collect::<Vec<_>>(), ["اقتصاد"]);
        assert_eq!(d.url, "economy-report");
        assert_eq!(d.body, "ارتفعت الأسعار.");
    }

    #[test]
    fn without_front_matter_the_heading_is_the_title() {
        let d = parse("# مباراة الأمس\n\nفاز الفريق {{< figure src=\"x.jpg\" >}} بهدفين <br/> نظيفين.", "m.md");
        assert_eq!(d.title, "مباراة الأمس");
        assert_eq!(d.body, "مباراة الأمس\n\nفاز الفريق  بهدفين   نظيفين.");
    }

    #[test]
    fn an_unclosed_fence_is_body() {
        let d = parse("---\ntitle: x\nنص بلا نهاية", "u.md");
        assert!(d.body.contains("نص بلا نهاية"));
    }
}
