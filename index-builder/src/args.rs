//! Command-line arguments, parsed into plain values: nothing here opens a file or builds
//! anything, so every mistake in the arguments is reported before any work starts.

use anyhow::{bail, Context, Result};
use lexopt::prelude::*;
use std::path::PathBuf;

pub const USAGE: &str = "\
index-builder — build and inspect Fahras search indexes

USAGE:
    index-builder build <INPUT>... --output <FILE> [--split | --single] [--incremental]
                        [--keep-builds N] [--root DIR] [--keep-list-pages] [--skip-invalid]
                        [--memory SIZE] [--segment-only] [--evidence FILE]...
                        [--excerpt-chars N] [--no-positions] [--quiet]
    index-builder evidence <INPUT>... --output <FILE> [--root DIR] [--keep-list-pages]
                        [--skip-invalid] [--quiet]
    index-builder merge <INDEX> [--keep-builds N]
    index-builder merge <INDEX>... --output <FILE> [--keep-builds N]
    index-builder query <INDEX> [QUERY] [--filter FIELD=VALUE]... [--from DAY] [--to DAY]
                        [--sort relevance|newest|oldest] [--half-life DAYS] [--limit N]
                        [--json] [--ids-only]
    index-builder inspect <INDEX>
    index-builder serve <DIR> [--port N]
    index-builder export-html <INDEX> --output <FILE.html> [--site DIR] [--title TEXT]

BUILD
    Each INPUT is a file or a directory (walked recursively, in sorted order; hidden entries
    skipped). Formats by extension:
      .txt             title = first line, id = path relative to the input
      .md              YAML (---) or TOML (+++) front matter: title, date, url, category
      .jsonl .jsonl.gz one article per line: id, title, body, url, date, category
      .html .htm       title from og:title, the first <h1> of the body or <title>; body from
                       data-fahras-body, <main> or <article>; sections and tags from
                       article:section and article:tag; fields and metadata declared with
                       data-fahras-filter and data-fahras-meta; url = path relative to --root
                       (a folder's index.html is the folder). Left out: list pages and
                       404.html (see --keep-list-pages), robots noindex, redirects,
                       data-fahras-ignore on <html> or <body>, and, once any page marks its
                       body with data-fahras-body, the pages that do not
    The output is written atomically: a complete index, or nothing.

    Past 5,000 documents the index is split: FILE becomes a small manifest, and the shards a
    browser fetches on demand go beside it into FILE.shards/ (copy both to the site). Pages
    keep pointing at FILE either way.

    -o, --output <FILE>   where to write the index (required)
        --split           split the index whatever its size
        --single          one file whatever its size
        --incremental     update the split index already at FILE: the documents that are new
                          or changed (by content) become a new segment, those gone are marked
                          deleted, nothing written before changes; small segments are merged
                          when too many (a tiered policy, said in the summary). The result
                          answers exactly as a fresh build of the same inputs.
        --keep-builds <N> keep the shard files of the last N builds (default 2), so pages
                          opened before this build still find theirs; older files are deleted
        --root <DIR>      the directory the site is served from: an HTML page's url is its
                          path relative to DIR (default: the input directory); every page
                          must lie under it
        --keep-list-pages index HTML list pages too: an index.html with other pages below it,
                          in a page/N/ folder or beside an index.xml, and 404.html (a
                          hand-written site whose index.html is an article needs it)
        --skip-invalid    report bad files and lines as warnings and go on
        --memory <SIZE>   the memory the build may use (default 2G; K, M, G suffixes): a
                          corpus whose index would not fit is read twice (first its word
                          counts, the stemmer's evidence), indexed in pieces that go to disk
                          as the budget fills, and the pieces merged; the result is the
                          same index. The summary says the peak memory used
        --segment-only    write a piece of a larger index, to merge with the pieces built
                          elsewhere (`merge <INDEX>... --output`): a split index of this
                          input's documents, decided with the evidence of --evidence
        --evidence <FILE> the word counts of the whole corpus (`index-builder evidence`), for
                          --segment-only; several files (one per part of the corpus, or a
                          folder of them) are summed
        --excerpt-chars <N>  store at most N characters of each body for excerpts (default:
                          64 kB); the whole body is indexed either way. The build says when
                          the site would pass 1 GB without it
        --no-positions    keep no word positions: the index without stored text is about
                          45% smaller (a whole site 13 to 19%), and quoted phrases match
                          their words anywhere in an article (the results say so). By
                          default all but the most common words keep positions, for phrases
    -q, --quiet           no progress bar and no summary

EVIDENCE
    Counts the words of INPUT (the stemmer's evidence, see --segment-only) into FILE; to
    build a corpus on several machines, count each part and give every part's file to each
    build with --evidence.

QUERY
    Prints the ranked hits for QUERY; without QUERY, reads one query per line from
    standard input and prints one JSON object per line. With filters or a date order and no
    QUERY words, browses: every document that passes, e.g. a section's newest articles.

    -f, --filter <FIELD=VALUE>  keep documents with this value (repeat: several values of one
                          field mean any of them, several fields all of them); categories and
                          tags are the field `category`
        --from <DAY>      keep documents dated from DAY (YYYY-MM-DD), included
        --to <DAY>        keep documents dated up to DAY, included
        --sort <ORDER>    relevance (default), newest or oldest (undated documents last)
        --half-life <DAYS>  with relevance, halve a hit's score for every DAYS it is older
                          than the newest document
    -n, --limit <N>       how many hits (default 10; with --ids-only, all)
        --json            one JSON object: {query, ran_as, rewrite, total, unfiltered_total,
                          hits: [{id, title, url, date, day, category, meta, score, excerpt}],
                          suggestions, facets: {field: {value: count}}}
        --ids-only        implies --json; hits = a plain array of every matching id

EXPORT-HTML
    Writes one self-contained HTML file with the search widget, the WebAssembly and INDEX (a
    whole index, not a split one) that works opened straight from disk: an archive to mail or
    to carry on a USB stick.

        --site <DIR>      where the built widget is (default dist/, made by scripts/demo)
        --title <TEXT>    the page's title

MERGE
    Merges every segment of a split index into one (deleted documents go), in place: the
    files of the last N builds stay (--keep-builds N, default 2). With --output, merges the
    split indexes given (pieces built with --segment-only and the same --evidence, e.g. on a
    CI matrix) into one new index at FILE; it answers exactly as one build of their corpus.

SERVE
    Serves DIR (a built site) on http://127.0.0.1:PORT/ to preview it: read-only, local only.

    -p, --port <N>        the port (default 8080; 0 picks a free one)

Exit status: 0 on success, 2 on any error.
";

/// Every command, as the error messages list them.
const COMMANDS: &str = "build, evidence, merge, query, inspect, serve and export-html";

/// How many builds' files `--keep-builds` keeps by default: this one and the one before.
pub const DEFAULT_KEEP_BUILDS: usize = 2;

fn keep_builds_of(v: String) -> Result<usize> {
    v.parse().ok().filter(|&n: &usize| n >= 1).with_context(|| {
        format!("--keep-builds takes a number of builds, 1 or more (1 keeps only this build's files), not {v:?}")
    })
}

/// One index file, or a split index.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Layout {
    /// Split past 5,000 documents.
    Auto,
    Single,
    Split,
}

/// How HTML pages become documents (`build`).
#[derive(Debug, PartialEq, Eq, Clone, Default)]
pub struct SiteOptions {
    /// `--root`: the directory HTML pages' urls are relative to.
    pub root: Option<PathBuf>,
    /// `--keep-list-pages`.
    pub keep_list_pages: bool,
}

/// How a build goes in pieces (`build`).
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Pieces {
    /// `--memory`, in bytes.
    pub memory: u64,
    /// `--segment-only`.
    pub segment_only: bool,
    /// `--evidence` files.
    pub evidence: Vec<PathBuf>,
    /// `--excerpt-chars`.
    pub excerpt_chars: Option<usize>,
    /// `--no-positions`.
    pub no_positions: bool,
}

/// The default `--memory`.
pub const DEFAULT_MEMORY: u64 = 2 << 30;

impl Default for Pieces {
    fn default() -> Self {
        Pieces {
            memory: DEFAULT_MEMORY,
            segment_only: false,
            evidence: Vec::new(),
            excerpt_chars: None,
            no_positions: false,
        }
    }
}

/// `2G`, `512M`, `300K`, `1000000`: bytes (K, M, G are powers of 1,024).
fn memory_of(v: &str) -> Result<u64> {
    let t = v.trim();
    let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit() && *c != '.') {
        Some((i, _)) => (&t[..i], t[i..].trim().to_ascii_uppercase()),
        None => (t, String::new()),
    };
    let shift = match unit.trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => bail!("--memory takes a size such as 2G, 512M or 300K, not {v:?}"),
    };
    let n: f64 = num
        .parse()
        .ok()
        .filter(|n: &f64| *n > 0.0 && n.is_finite())
        .with_context(|| format!("--memory takes a size above 0 such as 2G, 512M or 300K, not {v:?}"))?;
    Ok((n * (1u64 << shift) as f64) as u64)
}

/// What `query` narrows and orders by.
#[derive(Debug, PartialEq, Default)]
pub struct Narrow {
    pub filters: Vec<(String, String)>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub sort: fahras::search::Sort,
    pub half_life_days: Option<f64>,
}

/// A parsed command line.
#[derive(Debug, PartialEq)]
pub enum Command {
    Build {
        inputs: Vec<PathBuf>,
        output: PathBuf,
        layout: Layout,
        skip_invalid: bool,
        quiet: bool,
        incremental: bool,
        keep_builds: usize,
        site: SiteOptions,
        pieces: Pieces,
    },
    Evidence {
        inputs: Vec<PathBuf>,
        output: PathBuf,
        skip_invalid: bool,
        quiet: bool,
        site: SiteOptions,
    },
    Merge {
        index: PathBuf,
        keep_builds: usize,
    },
    MergeApart {
        inputs: Vec<PathBuf>,
        output: PathBuf,
        keep_builds: usize,
    },
    Query {
        index: PathBuf,
        query: Option<String>,
        limit: Option<usize>,
        json: bool,
        ids_only: bool,
        narrow: Narrow,
    },
    Inspect {
        index: PathBuf,
    },
    Serve {
        dir: PathBuf,
        port: u16,
    },
    ExportHtml {
        index: PathBuf,
        output: PathBuf,
        site: PathBuf,
        title: Option<String>,
    },
    Help,
    Version,
}

pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Command> {
    let mut p = lexopt::Parser::from_iter(std::iter::once("index-builder".into()).chain(args));
    let sub = match p.next()? {
        None => return Ok(Command::Help),
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Short('V') | Long("version")) => return Ok(Command::Version),
        Some(Value(v)) => v.string()?,
        Some(other) => {
            bail!("{}; the first argument must be a command: {COMMANDS} (see index-builder --help)", other.unexpected())
        }
    };
    match sub.as_str() {
        "build" | "evidence" => {
            let (mut inputs, mut output, mut skip_invalid, mut quiet) = (Vec::new(), None, false, false);
            let (mut incremental, mut keep_builds) = (false, DEFAULT_KEEP_BUILDS);
            let mut layout = Layout::Auto;
            let mut site = SiteOptions::default();
            let mut pieces = Pieces::default();
            let build = sub == "build";
            while let Some(arg) = p.next()? {
                match arg {
                    Long("memory") if build => pieces.memory = memory_of(&p.value()?.string()?)?,
                    Long("segment-only") if build => pieces.segment_only = true,
                    Long("evidence") if build => pieces.evidence.push(PathBuf::from(p.value()?)),
                    Long("excerpt-chars") if build => {
                        let v = p.value()?.string()?;
                        let n = v.parse().ok().filter(|&n: &usize| n > 0).with_context(|| {
                            format!("--excerpt-chars takes a number of characters above 0 (e.g. 400), not {v:?}")
                        })?;
                        pieces.excerpt_chars = Some(n);
                    }
                    Long("no-positions") if build => pieces.no_positions = true,
                    Long("incremental") if build => incremental = true,
                    Long("keep-builds") if build => keep_builds = keep_builds_of(p.value()?.string()?)?,
                    Short('o') | Long("output") => output = Some(PathBuf::from(p.value()?)),
                    Long("root") => site.root = Some(PathBuf::from(p.value()?)),
                    Long("keep-list-pages") => site.keep_list_pages = true,
                    Long("split") if build && layout != Layout::Single => layout = Layout::Split,
                    Long("single") if build && layout != Layout::Split => layout = Layout::Single,
                    Long("split") | Long("single") if build => bail!("--split and --single exclude each other"),
                    Long("skip-invalid") => skip_invalid = true,
                    Short('q') | Long("quiet") => quiet = true,
                    Short('h') | Long("help") => return Ok(Command::Help),
                    Value(v) => inputs.push(PathBuf::from(v)),
                    other => return Err(other.unexpected()).with_context(|| format!("index-builder {sub}")),
                }
            }
            if inputs.is_empty() {
                bail!("index-builder {sub} needs at least one input file or directory (try: index-builder {sub} seeds --output index.fahras)");
            }
            let output = output.with_context(|| format!("index-builder {sub} needs --output <FILE>"))?;
            if !build {
                return Ok(Command::Evidence { inputs, output, skip_invalid, quiet, site });
            }
            if incremental && layout == Layout::Single {
                bail!("--incremental updates a split index: it cannot go with --single");
            }
            if pieces.segment_only && (incremental || layout == Layout::Single) {
                bail!("--segment-only writes a new split index: it cannot go with --incremental or --single");
            }
            if !pieces.evidence.is_empty() && !pieces.segment_only {
                bail!("--evidence goes with --segment-only (a build of the whole corpus counts its own evidence)");
            }
            Ok(Command::Build { inputs, output, layout, skip_invalid, quiet, incremental, keep_builds, site, pieces })
        }
        "merge" => {
            let (mut inputs, mut output, mut keep_builds) = (Vec::new(), None, DEFAULT_KEEP_BUILDS);
            while let Some(arg) = p.next()? {
                match arg {
                    Long("keep-builds") => keep_builds = keep_builds_of(p.value()?.string()?)?,
                    Short('o') | Long("output") => output = Some(PathBuf::from(p.value()?)),
                    Value(v) => inputs.push(PathBuf::from(v)),
                    Short('h') | Long("help") => return Ok(Command::Help),
                    other => return Err(other.unexpected()).context("index-builder merge"),
                }
            }
            match output {
                Some(output) if !inputs.is_empty() => Ok(Command::MergeApart { inputs, output, keep_builds }),
                None if inputs.len() == 1 => Ok(Command::Merge { index: inputs.remove(0), keep_builds }),
                None if inputs.len() > 1 => {
                    bail!("index-builder merge of several indexes writes a new one: say where with --output <FILE>")
                }
                _ => bail!("index-builder merge needs the index file (or several, with --output <FILE>)"),
            }
        }
        "query" => {
            let (mut pos, mut limit, mut json, mut ids_only) = (Vec::new(), None, false, false);
            let mut narrow = Narrow::default();
            let day = |flag: &str, v: String| -> Result<i32> {
                let ok = v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
                match fahras::index::date::parse(&v) {
                    Ok(d) if ok => Ok(d.day),
                    Ok(_) => bail!("{flag} takes a day written YYYY-MM-DD, not {v:?}"),
                    Err(e) => bail!("{flag} takes a day written YYYY-MM-DD, not {v:?} ({})", e.reason),
                }
            };
            while let Some(arg) = p.next()? {
                match arg {
                    Short('f') | Long("filter") => {
                        let v = p.value()?.string()?;
                        let Some((field, value)) = v.split_once('=').filter(|(f, v)| !f.is_empty() && !v.is_empty())
                        else {
                            bail!("--filter takes FIELD=VALUE (e.g. --filter category=سياسة), not {v:?}");
                        };
                        narrow.filters.push((field.trim().to_string(), value.trim().to_string()));
                    }
                    Long("from") => narrow.from = Some(day("--from", p.value()?.string()?)?),
                    Long("to") => narrow.to = Some(day("--to", p.value()?.string()?)?),
                    Long("sort") => {
                        let v = p.value()?.string()?;
                        narrow.sort = fahras::search::Sort::parse(&v)
                            .with_context(|| format!("--sort takes relevance, newest or oldest, not {v:?}"))?;
                    }
                    Long("half-life") => {
                        let v = p.value()?.string()?;
                        let days: f64 =
                            v.parse().ok().filter(|d: &f64| *d > 0.0 && d.is_finite()).with_context(|| {
                                format!("--half-life takes a number of days above 0 (e.g. 30), not {v:?}")
                            })?;
                        narrow.half_life_days = Some(days);
                    }
                    Short('n') | Long("limit") => {
                        let v = p.value()?.string()?;
                        limit = Some(v.parse().with_context(|| format!("--limit must be a number, not {v:?}"))?);
                    }
                    Long("json") => json = true,
                    Long("ids-only") => ids_only = true,
                    Short('h') | Long("help") => return Ok(Command::Help),
                    Value(v) => pos.push(v),
                    other => return Err(other.unexpected()).context("index-builder query"),
                }
            }
            let mut pos = pos.into_iter();
            let index = PathBuf::from(pos.next().context("index-builder query needs the index file")?);
            let query = pos
                .next()
                .map(|q| q.into_string().map_err(|_| anyhow::anyhow!("the query is not valid UTF-8")))
                .transpose()?;
            if let Some(extra) = pos.next() {
                bail!("unexpected argument {extra:?}; quote a query of several words: index-builder query index.fahras \"مؤتمر برلين\"");
            }
            Ok(Command::Query { index, query, limit, json, ids_only, narrow })
        }
        "inspect" => {
            let mut index = None;
            while let Some(arg) = p.next()? {
                match arg {
                    Value(v) if index.is_none() => index = Some(PathBuf::from(v)),
                    Short('h') | Long("help") => return Ok(Command::Help),
                    other => return Err(other.unexpected()).context("index-builder inspect"),
                }
            }
            Ok(Command::Inspect { index: index.context("index-builder inspect needs the index file")? })
        }
        "serve" => {
            let (mut dir, mut port) = (None, 8080u16);
            while let Some(arg) = p.next()? {
                match arg {
                    Short('p') | Long("port") => {
                        let v = p.value()?.string()?;
                        port =
                            v.parse().with_context(|| format!("--port must be a number from 0 to 65535, not {v:?}"))?;
                    }
                    Value(v) if dir.is_none() => dir = Some(PathBuf::from(v)),
                    Short('h') | Long("help") => return Ok(Command::Help),
                    other => return Err(other.unexpected()).context("index-builder serve"),
                }
            }
            Ok(Command::Serve { dir: dir.context("index-builder serve needs the directory to serve")?, port })
        }
        "export-html" => {
            let (mut index, mut output, mut site, mut title) = (None, None, PathBuf::from("dist"), None);
            while let Some(arg) = p.next()? {
                match arg {
                    Short('o') | Long("output") => output = Some(PathBuf::from(p.value()?)),
                    Long("site") => site = PathBuf::from(p.value()?),
                    Long("title") => title = Some(p.value()?.string()?),
                    Value(v) if index.is_none() => index = Some(PathBuf::from(v)),
                    Short('h') | Long("help") => return Ok(Command::Help),
                    other => return Err(other.unexpected()).context("index-builder export-html"),
                }
            }
            Ok(Command::ExportHtml {
                index: index.context("index-builder export-html needs the index file")?,
                output: output.context("index-builder export-html needs --output <FILE.html>")?,
                site,
                title,
            })
        }
        "help" => Ok(Command::Help),
        other => {
            bail!("unknown command {other:?}; the commands are {COMMANDS} (see index-builder --help)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command> {
        parse(args.iter().map(|a| a.into()))
    }

    #[test]
    fn build() {
        assert_eq!(
            p(&["build", "seeds", "more", "--output", "x.fahras", "--skip-invalid"]).unwrap(),
            Command::Build {
                inputs: vec!["seeds".into(), "more".into()],
                output: "x.fahras".into(),
                layout: Layout::Auto,
                skip_invalid: true,
                quiet: false,
                incremental: false,
                keep_builds: 2,
                site: SiteOptions::default(),
                pieces: Pieces::default(),
            }
        );
        let Command::Build { pieces, .. } =
            p(&["build", "a", "-o", "x", "--memory", "512M", "--segment-only", "--evidence", "e1", "--evidence", "e2"])
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(pieces.memory, 512 << 20);
        assert!(pieces.segment_only);
        assert_eq!(pieces.evidence, [PathBuf::from("e1"), PathBuf::from("e2")]);
        for (m, bytes) in
            [("2G", 2u64 << 30), ("300k", 300 << 10), ("1.5G", 3 << 29), ("4096", 4096), ("64MiB", 64 << 20)]
        {
            assert_eq!(memory_of(m).unwrap(), bytes, "{m}");
        }
        for bad in ["", "0", "2T", "lots", "-1G"] {
            assert!(memory_of(bad).unwrap_err().to_string().contains("--memory"), "{bad}");
        }
        assert!(p(&["build", "a", "-o", "x", "--evidence", "e"]).unwrap_err().to_string().contains("--segment-only"));
        assert!(p(&["build", "a", "-o", "x", "--excerpt-chars", "0"]).unwrap_err().to_string().contains("above 0"));
        assert!(matches!(p(&["evidence", "a", "-o", "e"]).unwrap(), Command::Evidence { .. }));
        assert!(p(&["evidence", "a", "-o", "e", "--memory", "1G"]).is_err());
        assert_eq!(
            p(&["merge", "a/index.fahras", "b/index.fahras", "--output", "site/index.fahras"]).unwrap(),
            Command::MergeApart {
                inputs: vec!["a/index.fahras".into(), "b/index.fahras".into()],
                output: "site/index.fahras".into(),
                keep_builds: 2
            }
        );
        assert!(p(&["merge", "a", "b"]).unwrap_err().to_string().contains("--output"));
        let Command::Build { site, .. } =
            p(&["build", "public/news", "-o", "x", "--keep-list-pages", "--root", "public"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(site, SiteOptions { root: Some("public".into()), keep_list_pages: true });
        assert!(p(&["build", "public", "-o", "x", "--root"]).is_err());
        assert!(matches!(
            p(&["build", "s", "-o", "x", "--split"]).unwrap(),
            Command::Build { layout: Layout::Split, .. }
        ));
        assert!(p(&["build", "s", "-o", "x", "--split", "--single"]).is_err());
        assert!(matches!(
            p(&["build", "s", "-o", "x", "--incremental", "--keep-builds", "3"]).unwrap(),
            Command::Build { incremental: true, keep_builds: 3, .. }
        ));
        assert!(p(&["build", "s", "-o", "x", "--incremental", "--single"]).unwrap_err().to_string().contains("split"));
        assert!(p(&["build", "s", "-o", "x", "--keep-builds", "0"]).unwrap_err().to_string().contains("1 or more"));
        assert_eq!(p(&["merge", "i.fahras"]).unwrap(), Command::Merge { index: "i.fahras".into(), keep_builds: 2 });
        assert!(p(&["build", "seeds"]).unwrap_err().to_string().contains("--output"));
        assert!(p(&["build", "--output", "x"]).unwrap_err().to_string().contains("input"));
    }

    #[test]
    fn query() {
        assert_eq!(
            p(&["query", "i.fahras", "مؤتمر برلين", "--limit", "3", "--json"]).unwrap(),
            Command::Query {
                index: "i.fahras".into(),
                query: Some("مؤتمر برلين".into()),
                limit: Some(3),
                json: true,
                ids_only: false,
                narrow: Narrow::default()
            }
        );
        let Command::Query { narrow, .. } = p(&[
            "query",
            "i",
            "--filter",
            "category=سياسة",
            "-f",
            "section=محلي",
            "--from",
            "2020-05-01",
            "--to",
            "2020-05-31",
            "--sort",
            "newest",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(narrow.filters, [("category".into(), "سياسة".into()), ("section".into(), "محلي".into())]);
        assert_eq!(fahras::index::date::iso_day(narrow.from.unwrap()), "2020-05-01");
        assert_eq!(fahras::index::date::iso_day(narrow.to.unwrap()), "2020-05-31");
        assert_eq!(narrow.sort, fahras::search::Sort::Newest);
        for (args, says) in [
            (&["query", "i", "--from", "2020-13-01"][..], "YYYY-MM-DD"),
            (&["query", "i", "--from", "1/5/2020"][..], "YYYY-MM-DD"),
            (&["query", "i", "--to", "2020-05-01T10:00"][..], "YYYY-MM-DD"),
            (&["query", "i", "--filter", "category"][..], "FIELD=VALUE"),
            (&["query", "i", "--sort", "date"][..], "relevance, newest or oldest"),
            (&["query", "i", "--half-life", "-3"][..], "above 0"),
        ] {
            let e = p(args).unwrap_err().to_string();
            assert!(e.contains(says), "{args:?}: {e}");
        }
        assert!(p(&["query", "i", "a", "b"]).unwrap_err().to_string().contains("quote"));
        assert!(p(&["query", "i", "--limit", "many"]).unwrap_err().to_string().contains("number"));
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(p(&["frobnicate"]).unwrap_err().to_string().contains("unknown command"));
        // Both messages that list the commands list every one of them.
        for e in [p(&["frobnicate"]).unwrap_err(), p(&["--frobnicate"]).unwrap_err()] {
            for cmd in ["build", "query", "inspect", "serve", "export-html"] {
                assert!(e.to_string().contains(cmd), "{e} does not name {cmd}");
            }
        }
        assert_eq!(p(&[]).unwrap(), Command::Help);
        assert_eq!(p(&["inspect", "x"]).unwrap(), Command::Inspect { index: "x".into() });
    }
}
