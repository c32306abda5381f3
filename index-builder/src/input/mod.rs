//! Reading the corpus: walking the inputs and turning each file into documents.
//!
//! Every problem is a [`Problem`] naming the file, the line when there is one, and the reason.
//! Without `--skip-invalid` the first problem stops the build; with it, problems become
//! warnings and the bad file (or line) is left out.
//!
//! Pages left out on purpose are no problem: they are counted by [`LeftOut`] reason for the
//! build's summary. An HTML page is left out by its path ([`site`]: list pages, `404.html`),
//! by its markup ([`html::OptOut`]), or, once every file is read ([`Collector::finish`]),
//! because other pages mark their body with `data-fahras-body` and it does not.

pub mod html;
pub mod jsonl;
pub mod md;
pub mod site;
pub mod txt;

use fahras::Document;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A bad input: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl Problem {
    pub fn new(file: &Path, line: Option<usize>, reason: impl Into<String>) -> Self {
        Problem { file: file.to_path_buf(), line, reason: reason.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file.display(), l, self.reason),
            None => write!(f, "{}: {}", self.file.display(), self.reason),
        }
    }
}

impl std::error::Error for Problem {}

/// The input formats, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Txt,
    Md,
    Jsonl { gzip: bool },
    Html,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            return Some(Format::Jsonl { gzip: true });
        }
        match name.rsplit_once('.')?.1 {
            "txt" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "jsonl" | "ndjson" => Some(Format::Jsonl { gzip: false }),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// One file to read: its path, its path relative to the input it was found under (with `/`),
/// and its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub rel: String,
    pub format: Format,
}

/// Lists the files of `inputs`: files as given, directories walked recursively in byte order
/// of their relative paths, hidden entries and files of other types skipped.
pub fn input_files(inputs: &[PathBuf]) -> Result<Vec<InputFile>, Problem> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Problem::new(input, None, format!("cannot read it: {e}")))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(input, input, &mut found)?;
            found.sort_by(|a: &InputFile, b: &InputFile| a.rel.cmp(&b.rel));
            out.extend(found);
        } else {
            let format = Format::of(input).ok_or_else(|| {
                Problem::new(input, None, "unsupported file type; use .txt, .md, .jsonl, .jsonl.gz or .html")
            })?;
            let rel = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push(InputFile { path: input.clone(), rel, format });
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<InputFile>) -> Result<(), Problem> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Problem::new(dir, None, format!("cannot list the directory: {e}")))?;
    for entry in entries {
        let entry = entry.map_err(|e| Problem::new(dir, None, format!("cannot list the directory: {e}")))?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ty = entry.file_type().map_err(|e| Problem::new(&path, None, format!("cannot read it: {e}")))?;
        if ty.is_dir() {
            walk(root, &path, out)?;
        } else if let Some(format) = Format::of(&path) {
            // Symbolic links to files are read; links to directories are not followed (no loops).
            if ty.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(InputFile { path, rel, format });
        }
    }
    Ok(())
}

/// Reads a whole file as UTF-8, naming the line of the first invalid byte.
pub fn read_utf8(path: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::new(path, None, format!("cannot read it: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{FEFF}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let b = e.as_bytes();
            let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
            Err(Problem::new(
                path,
                Some(line),
                format!("not UTF-8 (invalid byte 0x{:02x} at byte {at}); convert the file to UTF-8", b[at]),
            ))
        }
    }
}

/// Why a page that could be read was left out of the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// A Markdown draft (`draft: true`, `published: false`).
    Draft,
    /// `data-fahras-ignore` on `<html>` or `<body>`.
    Ignored,
    /// `<meta name="robots" content="noindex">`.
    Noindex,
    /// A page that only redirects.
    Redirect,
    /// A list page, judged by its path ([`site`]).
    ListPage,
    /// `404.html`.
    NotFound,
    /// An HTML page without `data-fahras-body` when others have it.
    Unmarked,
}

impl LeftOut {
    /// Every reason, in the order the summary names them.
    const ALL: [LeftOut; 7] = [
        LeftOut::Draft,
        LeftOut::ListPage,
        LeftOut::NotFound,
        LeftOut::Redirect,
        LeftOut::Noindex,
        LeftOut::Ignored,
        LeftOut::Unmarked,
    ];

    /// `n` pages left out for this reason, in a few words.
    fn phrase(self, n: usize) -> String {
        let (one, many) = match self {
            LeftOut::Draft => ("draft", "drafts"),
            LeftOut::Ignored => ("page with data-fahras-ignore", "pages with data-fahras-ignore"),
            LeftOut::Noindex => ("noindex page", "noindex pages"),
            LeftOut::Redirect => ("redirect", "redirects"),
            LeftOut::ListPage => ("list page", "list pages"),
            LeftOut::NotFound => ("not-found page", "not-found pages"),
            LeftOut::Unmarked => ("page without data-fahras-body", "pages without data-fahras-body"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

impl From<html::OptOut> for LeftOut {
    fn from(o: html::OptOut) -> Self {
        match o {
            html::OptOut::Ignored => LeftOut::Ignored,
            html::OptOut::Noindex => LeftOut::Noindex,
            html::OptOut::Redirect => LeftOut::Redirect,
        }
    }
}

impl From<site::PathRule> for LeftOut {
    fn from(r: site::PathRule) -> Self {
        match r {
            site::PathRule::ListPage => LeftOut::ListPage,
            site::PathRule::NotFound => LeftOut::NotFound,
        }
    }
}

/// How many pages were left out, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeftOutCounts([usize; LeftOut::ALL.len()]);

impl LeftOutCounts {
    pub fn add(&mut self, why: LeftOut, n: usize) {
        self.0[why as usize] += n;
    }

    pub fn get(&self, why: LeftOut) -> usize {
        self.0[why as usize]
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// For the build's summary: `5 list pages and 1 noindex page left out`, with how to keep
    /// pages left out by their paths; `""` if none.
    pub fn describe(&self) -> String {
        let parts: Vec<String> =
            LeftOut::ALL.iter().filter(|&&w| self.get(w) > 0).map(|&w| w.phrase(self.get(w))).collect();
        let Some((last, rest)) = parts.split_last() else {
            return String::new();
        };
        let list = if rest.is_empty() { last.clone() } else { format!("{} and {last}", rest.join(", ")) };
        let hint = if self.get(LeftOut::ListPage) + self.get(LeftOut::NotFound) > 0 {
            " (--keep-list-pages keeps pages left out by their paths)"
        } else {
            ""
        };
        format!("{list} left out{hint}")
    }
}

/// Where a [`Collector`] sends each document when it streams them: its number among the
/// documents read (left-out pages and skipped inputs not counted), the document, and whether it
/// is an HTML page without `data-fahras-body` (left out after all if another page has it: see
/// [`Collector::finish`]).
pub type Stream<'s> = dyn FnMut(usize, Document, bool) + 's;

/// Collects documents and problems, enforcing unique ids. It keeps the documents in
/// [`Collector::docs`], or hands each to a [`Stream`] as it is read ([`Collector::streaming`]: a
/// build in bounded memory), never holding the corpus.
pub struct Collector<'s> {
    pub docs: Vec<Document>,
    /// The documents read so far (kept or streamed).
    pub count: usize,
    /// Once [`Collector::finish`] ran on a streaming collector: the numbers of the streamed
    /// documents left out (HTML pages without `data-fahras-body`), ascending.
    pub excluded: Vec<usize>,
    stream: Option<&'s mut Stream<'s>>,
    /// Everything worth telling: inputs skipped (with `--skip-invalid`) and dates that could
    /// not be read.
    pub warnings: Vec<Problem>,
    /// How many inputs (files or lines) were skipped.
    pub skipped: usize,
    /// Pages left out on purpose (drafts, list pages, `noindex`…), by reason.
    pub left_out: LeftOutCounts,
    /// Where HTML pages live on the site, and which are list pages: the site of each input's
    /// own directory unless set once the files are listed.
    pub site: site::Site,
    skip_invalid: bool,
    /// Every id read, with the file (its number in `files`) and line it was read at.
    ids: HashMap<String, (u32, Option<usize>)>,
    /// The numbers of HTML pages without `data-fahras-body`.
    unmarked: Vec<usize>,
    /// HTML pages with `data-fahras-body`, and the first of them.
    marked: usize,
    first_marked: Option<PathBuf>,
    /// The files documents were read from (ids name theirs by number here).
    files: Vec<PathBuf>,
}

impl<'s> Collector<'s> {
    pub fn new(skip_invalid: bool) -> Self {
        Collector {
            docs: Vec::new(),
            count: 0,
            excluded: Vec::new(),
            stream: None,
            files: Vec::new(),
            warnings: Vec::new(),
            skipped: 0,
            left_out: LeftOutCounts::default(),
            site: site::Site::default(),
            skip_invalid,
            ids: HashMap::new(),
            unmarked: Vec::new(),
            marked: 0,
            first_marked: None,
        }
    }

    /// A collector that hands every document to `stream` instead of keeping it.
    pub fn streaming(skip_invalid: bool, stream: &'s mut Stream<'s>) -> Self {
        Collector { stream: Some(stream), ..Collector::new(skip_invalid) }
    }

    /// Reports a problem: a warning with `--skip-invalid`, else the error that stops the build.
    pub fn problem(&mut self, p: Problem) -> Result<(), Problem> {
        if self.skip_invalid {
            self.warnings.push(p);
            self.skipped += 1;
            Ok(())
        } else {
            Err(p)
        }
    }

    /// Adds a document read at `file:line`.
    pub fn doc(&mut self, doc: Document, file: &Path, line: Option<usize>) -> Result<(), Problem> {
        self.add(doc, file, line, false).map(|_| ())
    }

    /// Adds a document read at `file:line` (an HTML page without `data-fahras-body` when
    /// `unmarked`); whether it was added (not a duplicate skipped).
    fn add(&mut self, doc: Document, file: &Path, line: Option<usize>, unmarked: bool) -> Result<bool, Problem> {
        if let Some((f, l)) = self.ids.get(&doc.id) {
            let f = &self.files[*f as usize];
            let first = match l {
                Some(l) => format!("{}:{l}", f.display()),
                None => f.display().to_string(),
            };
            let p = Problem::new(
                file,
                line,
                format!("duplicate id {:?} (first used at {first}); ids must be unique", doc.id),
            );
            return self.problem(p).map(|_| false);
        }
        if self.files.last().is_none_or(|f| f != file) {
            self.files.push(file.to_path_buf());
        }
        self.ids.insert(doc.id.clone(), ((self.files.len() - 1) as u32, line));
        // A date that cannot be read is only a warning: the article stays, without a date (so
        // outside every date range, and after the dated ones when sorting by date).
        if !doc.date.trim().is_empty() {
            if let Err(e) = fahras::index::date::parse(&doc.date) {
                self.warnings.push(Problem::new(file, line, format!("{e}; the article is indexed without a date")));
            }
        }
        if unmarked {
            self.unmarked.push(self.count);
        }
        match &mut self.stream {
            Some(stream) => stream(self.count, doc, unmarked),
            None => self.docs.push(doc),
        }
        self.count += 1;
        Ok(true)
    }

    /// Reads one source into the collector.
    pub fn read(&mut self, src: &InputFile) -> Result<(), Problem> {
        let result = match src.format {
            Format::Jsonl { gzip } => jsonl::read(&src.path, &src.rel, gzip, self),
            Format::Txt => read_utf8(&src.path).and_then(|text| self.doc(txt::parse(&text, &src.rel), &src.path, None)),
            Format::Md => read_utf8(&src.path).and_then(|text| match md::parse(&text, &src.rel) {
                Ok(md::Parsed::Page { doc, .. }) => self.doc(doc, &src.path, None),
                Ok(md::Parsed::Draft) => {
                    self.left_out.add(LeftOut::Draft, 1);
                    Ok(())
                }
                Err(e) => Err(Problem::new(&src.path, e.line, e.reason)),
            }),
            Format::Html => self.read_html(src),
        };
        match result {
            Ok(()) => Ok(()),
            Err(p) => self.problem(p),
        }
    }

    /// Reads an HTML page, unless its path or its markup leaves it out.
    fn read_html(&mut self, src: &InputFile) -> Result<(), Problem> {
        let place = self.site.place(src)?;
        if let Some(rule) = self.site.path_rule(src) {
            self.left_out.add(rule.into(), 1);
            return Ok(());
        }
        let page = html::extract(&read_utf8(&src.path)?);
        if let Some(why) = page.opt_out {
            self.left_out.add(why.into(), 1);
            return Ok(());
        }
        let marked = page.marked_body;
        // Not added: a duplicate id, with --skip-invalid.
        if self.add(html_document(page, &place.id, &place.url), &src.path, None, !marked)? && marked {
            self.marked += 1;
            self.first_marked.get_or_insert_with(|| src.path.clone());
        }
        Ok(())
    }

    /// Applies what needs every page read: once any HTML page marks its body with
    /// `data-fahras-body`, the pages without it are left out (as Pagefind does: the marker
    /// says which template renders articles). Call once, after the last [`Collector::read`].
    /// A streaming collector lists the documents left out in [`Collector::excluded`].
    pub fn finish(&mut self) {
        let unmarked = std::mem::take(&mut self.unmarked);
        if self.marked == 0 || unmarked.is_empty() {
            return;
        }
        if self.marked < unmarked.len() {
            // Fewer marked pages than others: perhaps a marker left on one page by mistake.
            let first = self.first_marked.clone().unwrap_or_default();
            self.warnings.push(Problem::new(
                &first,
                None,
                format!(
                    "only {} of {} HTML pages mark their body with data-fahras-body (this one first), so the {} \
                     others are left out; mark the body of every article, or none",
                    self.marked,
                    self.marked + unmarked.len(),
                    unmarked.len()
                ),
            ));
        }
        self.left_out.add(LeftOut::Unmarked, unmarked.len());
        if self.stream.is_some() {
            self.excluded = unmarked;
            return;
        }
        let mut next = unmarked.iter().peekable();
        let mut i = 0;
        self.docs.retain(|_| {
            let drop = next.peek() == Some(&&i);
            if drop {
                next.next();
            }
            i += 1;
            !drop
        });
    }
}

/// A page as a document with this id and url: the title falls back to the first line, the
/// sections and tags are the field [`CATEGORY`](fahras::index::CATEGORY), ahead of the fields
/// the page declares.
fn html_document(page: html::HtmlDoc, id: &str, url: &str) -> Document {
    let title = if page.title.is_empty() { txt::title_of(&page.body) } else { page.title };
    let mut doc = Document {
        id: id.to_string(),
        title,
        body: page.body,
        url: url.to_string(),
        date: page.date,
        meta: page.meta,
        ..Default::default()
    };
    for c in page.categories {
        doc.add_filter(fahras::index::CATEGORY, c);
    }
    for (field, value) in page.filters {
        doc.add_filter(field, value);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a/b.TXT")), Some(Format::Txt));
        assert_eq!(Format::of(Path::new("news.jsonl.gz")), Some(Format::Jsonl { gzip: true }));
        assert_eq!(Format::of(Path::new("news.jsonl")), Some(Format::Jsonl { gzip: false }));
        assert_eq!(Format::of(Path::new("index.htm")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("post.md")), Some(Format::Md));
        assert_eq!(Format::of(Path::new("logo.png")), None);
        assert_eq!(Format::of(Path::new("README")), None);
    }

    #[test]
    fn unreadable_dates_are_warnings_and_the_article_stays() {
        let mut c = Collector::new(false);
        let mut d = Document::new("a", "عنوان", "نص");
        d.date = "2207-20-16".into();
        c.doc(d, Path::new("news.jsonl"), Some(3)).unwrap();
        let mut ok = Document::new("b", "عنوان", "نص");
        ok.date = "2020-05-28 14:03".into();
        c.doc(ok, Path::new("news.jsonl"), Some(4)).unwrap();
        assert_eq!(c.docs.len(), 2);
        assert_eq!(c.skipped, 0);
        assert_eq!(c.warnings.len(), 1);
        let w = c.warnings[0].to_string();
        assert!(w.starts_with("news.jsonl:3: ") && w.contains("2207-20-16") && w.contains("without a date"), "{w}");
    }

    #[test]
    fn a_page_becomes_a_document_with_its_sections_tags_fields_and_metadata() {
        let page = html::extract(
            "<head><title>موسم الزيتون | جريدة الساحل</title><meta property=article:section content=زراعة>\
             <meta property=article:tag content=زيتون></head><body><main><p>بدأ قطاف الزيتون في القرى الجبلية.</p>\
             <p data-fahras-filter='category:زيتون, منطقة:الجبل'>بقلم <span data-fahras-meta=author>منى</span></p></main></body>",
        );
        let doc = html_document(page, "news/olives.html", "news/olives.html");
        assert_eq!(doc.title, "موسم الزيتون | جريدة الساحل");
        assert_eq!(doc.categories().collect::<Vec<_>>(), ["زراعة", "زيتون"]);
        let fields: Vec<(&str, &str)> = doc.filters.iter().map(|(f, v)| (f.as_str(), v.as_str())).collect();
        assert_eq!(fields, [("category", "زراعة"), ("category", "زيتون"), ("منطقة", "الجبل")]);
        assert_eq!(doc.meta, [("author".to_string(), "منى".to_string())]);
        // No title at all: the first line of the body.
        let doc = html_document(html::extract("<p>خبر قصير بلا عنوان</p>"), "a.html", "a.html");
        assert_eq!(doc.title, "خبر قصير بلا عنوان");
    }

    #[test]
    fn left_out_pages_in_a_few_words() {
        let mut n = LeftOutCounts::default();
        assert_eq!(n.describe(), "");
        n.add(LeftOut::Noindex, 1);
        assert_eq!(n.describe(), "1 noindex page left out");
        n.add(LeftOut::ListPage, 5);
        assert_eq!(
            n.describe(),
            "5 list pages and 1 noindex page left out (--keep-list-pages keeps pages left out by their paths)"
        );
        n.add(LeftOut::Draft, 2);
        n.add(LeftOut::Unmarked, 1);
        assert!(n.describe().starts_with("2 drafts, 5 list pages, 1 noindex page and 1 page without data-fahras-body"));
        assert_eq!(n.total(), 9);
    }

    #[test]
    fn pages_without_a_body_marker_go_once_one_page_has_it() {
        let dir = std::env::temp_dir().join(format!("fahras-collector-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut c = Collector::new(true);
        c.doc(Document::new("feed-1", "خبر", "نص"), Path::new("feed.jsonl"), Some(1)).unwrap();
        for (name, html) in [
            ("a.html", "<main>صفحة بلا علامة</main>"),
            ("b.html", "<div data-fahras-body>مقال</div>"),
            ("c.html", "<main>أخرى بلا علامة</main>"),
            ("d.html", "<div data-fahras-body>مقال آخر</div>"),
        ] {
            std::fs::write(dir.join(name), html).unwrap();
            c.read(&InputFile { path: dir.join(name), rel: name.into(), format: Format::Html }).unwrap();
        }
        // A duplicate id skipped with --skip-invalid leaves the others in place.
        c.read(&InputFile { path: dir.join("a.html"), rel: "b.html".into(), format: Format::Html }).unwrap();
        c.doc(Document::new("feed-2", "خبر", "نص"), Path::new("feed.jsonl"), Some(2)).unwrap();
        c.finish();
        let ids: Vec<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["feed-1", "b.html", "d.html", "feed-2"]);
        assert_eq!(c.left_out.get(LeftOut::Unmarked), 2);
        assert_eq!(c.skipped, 1);
        assert!(c.warnings.iter().all(|w| !w.reason.contains("data-fahras-body")), "2 of 4 is no surprise");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn problems_name_file_and_line() {
        let p = Problem::new(Path::new("news.jsonl"), Some(7), "expected a JSON object");
        assert_eq!(p.to_string(), "news.jsonl:7: expected a JSON object");
    }
}
