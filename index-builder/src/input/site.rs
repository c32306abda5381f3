//! HTML pages as parts of a site: where each page lives on the site (its url), and which pages
//! are not articles, judging by their paths.
//!
//! # Urls
//!
//! A page's url is its path relative to the site's root, `/`-separated and relative (no
//! leading slash), because the widget resolves urls against the index's own URL: a site
//! served under a sub-path (a GitHub Pages project site) keeps working. The root is
//! `--root DIR`, else each input directory is its own root (a file given alone is at the
//! root). Every page must lie under `--root`, or it has no url on the site: that is a problem
//! naming the file. An `index.html` is served for its directory, so its url is the directory
//! (`news/a/index.html` → `news/a/`, the root's → `./`); other pages keep their file name.
//! Characters a URL cannot hold as written (spaces, `%`, `#`, `?`, quotes…) are
//! percent-encoded; Arabic letters stay readable (browsers encode them). The id is the path
//! relative to the same root, as written.
//!
//! # Pages that are not articles
//!
//! Hugo, Jekyll and Eleventy put an article at `…/slug/index.html` or `…/slug.html`, and their
//! list pages (the home page, sections, taxonomies, pagination) at `…/index.html` with the
//! pages they list below. So, unless `--keep-list-pages`:
//!
//! * an `index.html` (or `index.htm`) is a **list page** when another HTML page of the build
//!   lies in its directory or below it (home, sections, taxonomies), when its directory is a
//!   page of a pagination (`…/page/N/`, as Hugo and Eleventy number them, or Jekyll's
//!   `…/pageN/`), or when an `index.xml` lies beside it (the RSS feed Hugo writes for every
//!   list page and for no article);
//! * a `404.html` is the **not-found page**.
//!
//! Both are left out without being read. The rule cannot see a taxonomy page of Jekyll or
//! Eleventy with no page below it (`tags/rain/index.html` alone): it looks like an article.
//! Markup settles such cases: `data-fahras-body` on the article template (then pages without
//! it are left out), or `<meta name="robots" content="noindex">` on the list templates. And a
//! hand-written site whose root `index.html` is an article, with other pages beside it, needs
//! `--keep-list-pages`.

use super::{InputFile, Problem};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Where pages live on the site and which are list pages; [`Site::default`] is the site of
/// each input's own directory, with no list pages (for readers that know nothing of the site).
#[derive(Debug, Default)]
pub struct Site {
    /// The site's root, absolute and without `.` or `..`; `None`: each input is its own root.
    root: Option<PathBuf>,
    /// Pages left out by their paths (absolute, without `.` or `..`), and why.
    by_path: HashMap<PathBuf, PathRule>,
}

/// Why a page is left out by its path alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathRule {
    /// An `index.html` that lists other pages.
    ListPage,
    /// `404.html`.
    NotFound,
}

/// Where a page lives on the site.
#[derive(Debug, PartialEq, Eq)]
pub struct Place {
    /// The page's path relative to the root, `/`-separated: the document's id.
    pub id: String,
    /// Its url relative to the root (see the module docs).
    pub url: String,
}

impl Site {
    /// The site of `files` (everything the build reads), rooted at `root` if given.
    pub fn new(root: Option<&Path>, keep_list_pages: bool, files: &[InputFile]) -> Result<Site, Problem> {
        let root = match root {
            Some(r) if r.is_dir() => Some(absolute(r)),
            Some(r) => {
                return Err(Problem::new(r, None, "--root must be the directory the site is served from"));
            }
            None => None,
        };
        let by_path = if keep_list_pages { HashMap::new() } else { by_path(files) };
        Ok(Site { root, by_path })
    }

    /// Whether `file` is left out by its path, and why.
    pub fn path_rule(&self, file: &InputFile) -> Option<PathRule> {
        if self.by_path.is_empty() {
            return None;
        }
        self.by_path.get(&absolute(&file.path)).copied()
    }

    /// Where `file` lives on the site: a problem if it lies outside `--root`.
    pub fn place(&self, file: &InputFile) -> Result<Place, Problem> {
        let id = match &self.root {
            None => file.rel.clone(),
            Some(root) => {
                let path = absolute(&file.path);
                let rel = path.strip_prefix(root).map_err(|_| {
                    Problem::new(
                        &file.path,
                        None,
                        format!(
                            "not under the site root {} (--root), so it has no url on the site; \
                             give --root the directory the whole site is served from",
                            root.display()
                        ),
                    )
                })?;
                let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                parts.join("/")
            }
        };
        Ok(Place { url: url_of(&id), id })
    }
}

/// The url of the page at `path` (relative to the root, `/`-separated).
pub fn url_of(path: &str) -> String {
    let served = match path.rsplit_once('/') {
        Some((dir, "index.html")) => format!("{dir}/"),
        None if path == "index.html" => "./".to_string(),
        _ => path.to_string(),
    };
    let mut url = String::with_capacity(served.len());
    for c in served.chars() {
        if c.is_ascii_control() || c.is_whitespace() || "\"#%<>?[\\]^`{|}".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                url.push_str(&format!("%{b:02X}"));
            }
        } else {
            url.push(c);
        }
    }
    url
}

/// `path` made absolute against the current directory, with `.` and `..` resolved as written
/// (symbolic links are not followed: the site is what the paths say).
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The HTML pages of `files` left out by their paths (see the module docs).
fn by_path(files: &[InputFile]) -> HashMap<PathBuf, PathRule> {
    let pages: Vec<PathBuf> =
        files.iter().filter(|f| f.format == super::Format::Html).map(|f| absolute(&f.path)).collect();
    let name = |page: &Path| page.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let not_found = |page: &Path| matches!(name(page).as_str(), "404.html" | "404.htm");
    // How many pages lie in each directory or below it (the not-found page lists nothing).
    let mut below: HashMap<&Path, usize> = HashMap::new();
    let unique: HashSet<&PathBuf> = pages.iter().collect();
    for page in unique.iter().filter(|p| !not_found(p)) {
        for dir in page.ancestors().skip(1) {
            *below.entry(dir).or_default() += 1;
        }
    }
    let mut out = HashMap::new();
    for page in &unique {
        let dir = page.parent().unwrap_or(Path::new(""));
        let rule = match name(page).as_str() {
            "404.html" | "404.htm" => Some(PathRule::NotFound),
            "index.html" | "index.htm" => {
                let lists =
                    below.get(dir).is_some_and(|&n| n > 1) || is_pagination(dir) || dir.join("index.xml").is_file();
                lists.then_some(PathRule::ListPage)
            }
            _ => None,
        };
        if let Some(rule) = rule {
            out.insert((*page).clone(), rule);
        }
    }
    out
}

/// Whether `dir` is a page of a pagination: `…/page/2` (Hugo, Eleventy) or `…/page2` (Jekyll).
fn is_pagination(dir: &Path) -> bool {
    let name = |p: Option<&Path>| p.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
    let Some(last) = name(Some(dir)) else {
        return false;
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (number(&last) && name(dir.parent()).as_deref() == Some("page")) || last.strip_prefix("page").is_some_and(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Format;

    fn html(path: &str) -> InputFile {
        InputFile { path: PathBuf::from(path), rel: path.to_string(), format: Format::Html }
    }

    #[test]
    fn urls() {
        assert_eq!(url_of("news/a/index.html"), "news/a/");
        assert_eq!(url_of("index.html"), "./");
        assert_eq!(url_of("news/a.html"), "news/a.html");
        assert_eq!(url_of("news/index.htm"), "news/index.htm");
        assert_eq!(url_of("أخبار/مقال جديد.html"), "أخبار/مقال%20جديد.html");
        assert_eq!(url_of("a/100%#1?.html"), "a/100%25%231%3F.html");
        assert_eq!(url_of("myindex.html"), "myindex.html");
    }

    #[test]
    fn absolute_paths_resolve_dots_as_written() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/./b/../c")), cwd.join("a/c"));
        assert_eq!(absolute(Path::new("/x/y/../z")), PathBuf::from("/x/z"));
    }

    #[test]
    fn list_pages_by_their_paths() {
        let files: Vec<InputFile> = [
            "/s/index.html",
            "/s/404.html",
            "/s/news/index.html",
            "/s/news/flood/index.html",
            "/s/news/page/2/index.html",
            "/s/news/page/two/index.html",
            "/s/blog/page3/index.html",
            "/s/blog/2024/05/market.html",
            "/s/about/index.html",
            "/s/tags/rain/index.html",
        ]
        .map(html)
        .into();
        let rules = by_path(&files);
        let rule = |p: &str| rules.get(Path::new(p)).copied();
        assert_eq!(rule("/s/index.html"), Some(PathRule::ListPage), "the home page");
        assert_eq!(rule("/s/news/index.html"), Some(PathRule::ListPage), "a section");
        assert_eq!(rule("/s/news/page/2/index.html"), Some(PathRule::ListPage), "Hugo's pagination");
        assert_eq!(rule("/s/blog/page3/index.html"), Some(PathRule::ListPage), "Jekyll's pagination");
        assert_eq!(rule("/s/404.html"), Some(PathRule::NotFound));
        for article in ["/s/news/flood/index.html", "/s/news/page/two/index.html", "/s/about/index.html"] {
            assert_eq!(rule(article), None, "{article}");
        }
        // Seen from its path alone, a tag page with no page below it is an article.
        assert_eq!(rule("/s/tags/rain/index.html"), None);
        assert_eq!(rule("/s/blog/2024/05/market.html"), None);
        // A page given alone lists nothing, nor does one with only the not-found page beside it.
        assert!(by_path(&[html("/s/index.html")]).is_empty());
        assert_eq!(by_path(&[html("/s/index.html"), html("/s/404.html")]).len(), 1);
    }

    #[test]
    fn hugo_marks_its_list_pages_with_a_feed() {
        let dir = std::env::temp_dir().join(format!("fahras-site-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tags/rain")).unwrap();
        std::fs::write(dir.join("tags/rain/index.xml"), "<rss/>").unwrap();
        let page = dir.join("tags/rain/index.html");
        let files = [InputFile { path: page.clone(), rel: String::new(), format: Format::Html }];
        assert_eq!(by_path(&files).get(&page), Some(&PathRule::ListPage));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn places_under_a_root() {
        let cwd = std::env::current_dir().unwrap();
        let site = Site { root: Some(cwd.join("public")), by_path: HashMap::new() };
        let file = |p: &str| InputFile { path: PathBuf::from(p), rel: "ignored".into(), format: Format::Html };
        let place = site.place(&file("public/news/./flood/index.html")).unwrap();
        assert_eq!(place, Place { id: "news/flood/index.html".into(), url: "news/flood/".into() });
        assert_eq!(site.place(&file("public/index.html")).unwrap().url, "./");
        let e = site.place(&file("public/../drafts/a.html")).unwrap_err();
        assert_eq!(e.file, PathBuf::from("public/../drafts/a.html"));
        assert!(e.reason.contains("not under the site root") && e.reason.contains("--root"), "{e}");
        // Without a root, the path relative to the input.
        let place = Site::default().place(&InputFile { rel: "a/index.html".into(), ..file("x") }).unwrap();
        assert_eq!(place, Place { id: "a/index.html".into(), url: "a/".into() });
    }
}
