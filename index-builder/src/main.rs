//! `index-builder`: builds Fahras indexes from a corpus, queries and inspects them.
//!
//! The binary is a thin shell: [`args`] parses the command line into plain values, [`input`]
//! turns files into documents, and the `fahras` library does the rest. Errors are printed as a
//! chain («error: …: …») and exit with status 2.

mod args;
mod export;
mod output;
mod pieces;
mod publish;
mod serve;

use anyhow::{bail, Context, Result};
use args::{Command, Layout};
use fahras::index::format::SectionKind;
use fahras::index::split::SplitIndex;
use fahras::index::Searchable;
use fahras::search::step::search_split;
use fahras::{Index, SearchOptions, Searcher};
use index_builder::input;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let code = match args::parse(std::env::args_os().skip(1)).and_then(run) {
        Ok(()) => 0,
        Err(e) => {
            // A closed pipe (`| head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
                0
            } else {
                eprintln!("error: {e:#}");
                2
            }
        }
    };
    std::process::exit(code);
}

fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::Help => {
            print!("{}", args::USAGE);
            Ok(())
        }
        Command::Version => {
            println!(
                "index-builder {} (index format {}, analyzer {}; reads formats {} to {})",
                env!("CARGO_PKG_VERSION"),
                fahras::index::format::FORMAT_VERSION,
                fahras::analysis::ANALYZER_VERSION,
                fahras::index::format::OLDEST_SUPPORTED_VERSION,
                fahras::index::format::FORMAT_VERSION
            );
            Ok(())
        }
        Command::Build { inputs, output, layout, skip_invalid, quiet, incremental, keep_builds, site, pieces } => {
            build(&inputs, &output, layout, skip_invalid, quiet, incremental, keep_builds, &site, &pieces)
        }
        Command::Evidence { inputs, output, skip_invalid, quiet, site } => {
            evidence(&inputs, &output, skip_invalid, quiet, &site)
        }
        Command::Merge { index, keep_builds } => merge(&index, keep_builds),
        Command::MergeApart { inputs, output, keep_builds } => merge_apart(&inputs, &output, keep_builds),
        Command::Query { index, query: q, limit, json, ids_only, narrow } => {
            query(&index, q, limit, json, ids_only, narrow)
        }
        Command::Inspect { index } => inspect(&index),
        Command::Serve { dir, port } => serve::serve(&dir, port),
        Command::ExportHtml { index, output, site, title } => {
            export::export_html(&index, &site, &output, title.as_deref())
        }
    }
}

/// Past this many documents, `build` writes a split index unless told otherwise.
pub(crate) const SPLIT_FROM_DOCS: usize = 5000;

/// Reads every input once: into the outcome's documents, or each to `stream`.
fn read_inputs(
    inputs: &[PathBuf],
    site: &args::SiteOptions,
    skip_invalid: bool,
    progress: Option<&Progress>,
    stream: Option<&mut input::Stream<'_>>,
) -> Result<pieces::Outcome> {
    let mut collector = match stream {
        Some(s) => input::Collector::streaming(skip_invalid, s),
        None => input::Collector::new(skip_invalid),
    };
    let files = match input::input_files(inputs) {
        Ok(s) => s,
        Err(p) => {
            collector.problem(p.clone()).map_err(anyhow::Error::new)?;
            // With --skip-invalid, read what can be read input by input.
            inputs.iter().filter_map(|i| input::input_files(std::slice::from_ref(i)).ok()).flatten().collect()
        }
    };
    collector.site = input::site::Site::new(site.root.as_deref(), site.keep_list_pages, &files)?;
    if let Some(p) = progress {
        p.stage(format!("reading {} input files", output::thousands(files.len() as u64)));
    }
    for (i, file) in files.iter().enumerate() {
        if let Some(p) = progress {
            p.set_message(format!(
                "reading {}/{}: {} ({} documents)",
                i + 1,
                files.len(),
                file.path.display(),
                collector.count
            ));
        }
        collector
            .read(file)
            .map_err(anyhow::Error::new)
            .context("the build stopped; nothing was written (use --skip-invalid to leave bad input out)")?;
    }
    collector.finish();
    Ok(pieces::Outcome {
        docs: std::mem::take(&mut collector.docs),
        count: collector.count,
        excluded: std::mem::take(&mut collector.excluded),
        warnings: std::mem::take(&mut collector.warnings),
        skipped: collector.skipped,
        left_out: collector.left_out.clone(),
    })
}

/// The error of a build that found nothing to index.
fn nothing_to_index(inputs: &[PathBuf], outcome: &pieces::Outcome) -> anyhow::Error {
    let list = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
    let left_out = outcome.left_out.describe();
    if !left_out.is_empty() {
        return anyhow::anyhow!("no documents to index in {list}: {left_out}; nothing was written");
    }
    anyhow::anyhow!("no documents found in {list}; nothing was written (inputs must be .txt, .md, .jsonl, .jsonl.gz or .html files, or directories holding them)")
}

/// Warnings listed in full before the rest are only counted: a corpus with a bad date in every
/// hundredth article would otherwise bury the summary under hundreds of lines on every hourly
/// update. `FAHRAS_ALL_WARNINGS=1` lists every one.
const WARNINGS_SHOWN: usize = 20;

fn print_warnings(warnings: &[input::Problem], progress: Option<&Progress>, quiet: bool) {
    let all = std::env::var_os("FAHRAS_ALL_WARNINGS").is_some_and(|v| !v.is_empty() && v != "0");
    let shown = if all { warnings.len() } else { warnings.len().min(WARNINGS_SHOWN) };
    let mut lines: Vec<String> = warnings[..shown].iter().map(|w| format!("warning: {w}")).collect();
    if shown < warnings.len() {
        let files: std::collections::BTreeSet<_> = warnings[shown..].iter().map(|w| &w.file).collect();
        lines.push(format!(
            "warning: and {} more warnings in {} file{}, not listed (FAHRAS_ALL_WARNINGS=1 lists them all)",
            warnings.len() - shown,
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    }
    for line in lines {
        if let Some(p) = progress {
            p.suspend(|| eprintln!("{line}"));
        } else if !quiet {
            eprintln!("{line}");
        }
    }
}

/// The writer's options for a build.
fn writer_options(pieces: &args::Pieces) -> fahras::index::WriterOptions {
    let mut opts = fahras::index::WriterOptions::default();
    if let Some(n) = pieces.excerpt_chars {
        opts.max_stored_chars = Some(u32::try_from(n).unwrap_or(u32::MAX));
    }
    if pieces.no_positions {
        (opts.positions_max_share, opts.positions_min_df) = (0.0, 0);
    }
    opts
}

#[allow(clippy::too_many_arguments)]
fn build(
    inputs: &[PathBuf],
    output: &Path,
    layout: Layout,
    skip_invalid: bool,
    quiet: bool,
    incremental: bool,
    keep_builds: usize,
    site: &args::SiteOptions,
    pieces: &args::Pieces,
) -> Result<()> {
    let started = Instant::now();
    output::on_interrupt();
    let progress = (!quiet).then(Progress::new);
    let opts = writer_options(pieces);
    let memory = || {
        output::peak_memory()
            .map(|b| format!(", peak memory {} MB", output::thousands(b / 1_000_000)))
            .unwrap_or_default()
    };
    if incremental {
        if let Some(m) = publish::read_manifest(output)? {
            publish::check_complete(&output::shards_dir(output), &m)?;
            let outcome = read_inputs(inputs, site, skip_invalid, progress.as_ref(), None)?;
            print_warnings(&outcome.warnings, progress.as_ref(), quiet);
            if outcome.docs.is_empty() {
                return Err(nothing_to_index(inputs, &outcome));
            }
            if let Some(p) = &progress {
                p.stage(format!("updating {} with {} documents", output.display(), outcome.docs.len()));
            }
            let result = publish::update_in_place(output, &outcome.docs, &opts, keep_builds)?;
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            if !quiet {
                let memory = memory();
                match result {
                    None => eprintln!(
                        "nothing changed: the {} documents are indexed as they are; nothing was written ({:.1} s{memory})",
                        output::thousands(outcome.docs.len() as u64),
                        started.elapsed().as_secs_f64()
                    ),
                    Some((r, w)) => {
                        let mut notes = w.notes.clone();
                        if w.deleted > 0 {
                            notes.push(format!("{} files of older builds deleted", output::thousands(w.deleted as u64)));
                        }
                        let notes = if notes.is_empty() { String::new() } else { format!("; {}", notes.join("; ")) };
                        eprintln!(
                            "updated {}: {} new, {} changed, {} removed, {} unchanged; {} moved ({} of {} words re-decided split otherwise); wrote {} bytes in {} files in {:.1} s{memory}{notes}",
                            output.display(),
                            output::thousands(r.added as u64),
                            output::thousands(r.changed as u64),
                            output::thousands(r.removed as u64),
                            output::thousands(r.unchanged as u64),
                            output::thousands(r.moved as u64),
                            output::thousands(r.flipped as u64),
                            output::thousands(r.redecided as u64),
                            output::thousands(w.bytes),
                            output::thousands(w.files as u64),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
            }
            return Ok(());
        }
        if output.exists() {
            bail!(
                "{} is a one-file index: --incremental updates a split index (build it once with --split)",
                output.display()
            );
        }
        if !quiet {
            eprintln!(
                "note: no index at {} yet: a fresh build, split so that the next ones can update it",
                output.display()
            );
        }
    }
    let layout = if incremental || pieces.segment_only { Layout::Split } else { layout };
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}; nothing was written", dir.display()))?;
    }
    let mut first = true;
    let mut read = |stream: &mut input::Stream<'_>| {
        let pr = if first { progress.as_ref() } else { None };
        first = false;
        read_inputs(inputs, site, skip_invalid, pr, Some(stream))
    };
    let stage = |msg: String| {
        if let Some(p) = &progress {
            p.stage(format!("{msg} (at {:.1} s)", started.elapsed().as_secs_f64()));
        }
    };
    let built =
        pieces::build(&mut read, output, layout, keep_builds, pieces, &opts, &|o| nothing_to_index(inputs, o), &stage)?;
    print_warnings(&built.outcome.warnings, progress.as_ref(), quiet);
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if !quiet {
        let warnings = built.outcome.skipped;
        let left_out = built.outcome.left_out.describe();
        let mut skipped = if warnings > 0 { format!(", {warnings} invalid inputs skipped") } else { String::new() };
        if !left_out.is_empty() {
            skipped.push_str(&format!(", {left_out}"));
        }
        let layout = if built.split {
            let (files, bytes, _) = pieces::site_size(output);
            format!(
                " (split: manifest and shards in {}; {} files, {} bytes gzipped)",
                output::shards_dir(output).display(),
                output::thousands(files),
                output::thousands(bytes)
            )
        } else {
            String::new()
        };
        let pieces_note = if built.pieces > 1 {
            format!(
                "; in {} pieces merged, to stay within --memory {} MB",
                built.pieces,
                output::thousands(pieces.memory >> 20)
            )
        } else {
            String::new()
        };
        eprintln!(
            "indexed {} documents, {} terms, {} bytes in {:.1} s{} → {}{}{}{}",
            output::thousands(built.docs as u64),
            output::thousands(built.terms),
            output::thousands(built.bytes),
            started.elapsed().as_secs_f64(),
            memory(),
            output.display(),
            layout,
            skipped,
            pieces_note
        );
    }
    if built.split && !quiet {
        if let Some(advice) = pieces::hosting_advice(output, built.docs, built.body_chars) {
            eprintln!("{advice}");
        }
    }
    Ok(())
}

fn merge(index: &Path, keep_builds: usize) -> Result<()> {
    let started = Instant::now();
    output::on_interrupt();
    let w = publish::merge_all(index, &fahras::index::WriterOptions::default(), keep_builds)?;
    let deleted = if w.deleted > 0 {
        format!("; {} files of older builds deleted", output::thousands(w.deleted as u64))
    } else {
        String::new()
    };
    eprintln!(
        "{} in {}: wrote {} bytes in {} files in {:.1} s{deleted}",
        w.notes.join("; "),
        index.display(),
        output::thousands(w.bytes),
        output::thousands(w.files as u64),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn evidence(
    inputs: &[PathBuf],
    output: &Path,
    skip_invalid: bool,
    quiet: bool,
    site: &args::SiteOptions,
) -> Result<()> {
    let started = Instant::now();
    output::on_interrupt();
    let progress = (!quiet).then(Progress::new);
    let mut read =
        |stream: &mut input::Stream<'_>| read_inputs(inputs, site, skip_invalid, progress.as_ref(), Some(stream));
    let (outcome, ev) = pieces::count_evidence(&mut read, output)?;
    print_warnings(&outcome.warnings, progress.as_ref(), quiet);
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if !quiet {
        eprintln!(
            "counted {} distinct words in {} documents in {:.1} s → {} (give it to each part's build with --evidence)",
            output::thousands(ev.words() as u64),
            output::thousands(ev.docs()),
            started.elapsed().as_secs_f64(),
            output.display()
        );
    }
    Ok(())
}

fn merge_apart(inputs: &[PathBuf], output: &Path, keep_builds: usize) -> Result<()> {
    let started = Instant::now();
    output::on_interrupt();
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}; nothing was written", dir.display()))?;
    }
    let (m, bytes) = pieces::merge_apart(inputs, output, keep_builds, &fahras::index::WriterOptions::default())?;
    eprintln!(
        "merged {} indexes into {}: {} documents, {} terms, {} bytes in {:.1} s{}",
        inputs.len(),
        output.display(),
        output::thousands(u64::from(m.meta.docs)),
        output::thousands(m.meta.terms),
        output::thousands(bytes),
        started.elapsed().as_secs_f64(),
        output::peak_memory()
            .map(|b| format!(", peak memory {} MB", output::thousands(b / 1_000_000)))
            .unwrap_or_default()
    );
    Ok(())
}

/// What the build is doing: a spinner with a message on a terminal; elsewhere (a CI log, a
/// pipe) one line per stage, without the per-file messages.
struct Progress {
    #[cfg(not(target_arch = "wasm32"))]
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let bar = std::io::stderr().is_terminal().then(|| {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                        .expect("valid template"),
                );
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                bar
            });
            Progress { bar }
        }
        #[cfg(target_arch = "wasm32")]
        Progress {}
    }
    /// A passing message (the file being read): on a terminal only.
    fn set_message(&self, _msg: String) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(bar) = &self.bar {
            bar.set_message(_msg);
        }
    }
    /// A stage of the build: on a terminal as the message, elsewhere as a line.
    fn stage(&self, msg: String) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(bar) = &self.bar {
            bar.set_message(msg);
            return;
        }
        eprintln!("index-builder: {msg}");
    }
    fn suspend(&self, f: impl FnOnce()) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(bar) = &self.bar {
            bar.suspend(f);
            return;
        }
        f();
    }
    fn finish_and_clear(self) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// An index opened by the CLI: one file, or a split index with its shards directory.
enum Opened {
    Single(Box<Index>),
    Split(Box<SplitIndex>, PathBuf),
}

/// Reads a shard of a split index from its directory; a shard that is not there is reported as
/// missing (publish the whole index), not as damage.
fn load_shard(dir: &Path, name: &str) -> fahras::Result<Vec<u8>> {
    let path = dir.join(name);
    if !path.is_file() {
        return Err(fahras::Error::ShardMissing { file: name.into(), reason: format!("no file {}", path.display()) });
    }
    output::read_maybe_gzip(&path).map_err(|e| fahras::Error::Corrupt { section: "shards", reason: format!("{e:#}") })
}

impl Opened {
    fn search(&mut self, searcher: &mut Searcher, q: &str, opts: &SearchOptions) -> Result<fahras::SearchResults> {
        match self {
            Opened::Single(i) => searcher.search(&**i, q, opts).context("the search failed"),
            Opened::Split(s, dir) => {
                search_split(searcher, s, q, opts, &mut |name| load_shard(dir, name)).context("the search failed")
            }
        }
    }
}

fn open(path: &Path) -> Result<Opened> {
    let bytes = output::read_maybe_gzip(path).context("cannot open the index")?;
    if SplitIndex::is_manifest(&bytes) {
        let split = SplitIndex::open(&bytes).with_context(|| format!("cannot open the index {}", path.display()))?;
        return Ok(Opened::Split(Box::new(split), output::shards_dir(path)));
    }
    let index = Index::open(bytes).with_context(|| format!("cannot open the index {}", path.display()))?;
    index.verify().with_context(|| format!("cannot open the index {}", path.display()))?;
    Ok(Opened::Single(Box::new(index)))
}

fn query(
    path: &Path,
    q: Option<String>,
    limit: Option<usize>,
    json: bool,
    ids_only: bool,
    narrow: args::Narrow,
) -> Result<()> {
    let mut index = open(path)?;
    let mut searcher = Searcher::new();
    let browse = q.is_none() && (!narrow.filters.is_empty() || narrow.from.is_some() || narrow.to.is_some());
    let opts = SearchOptions {
        limit: limit.unwrap_or(if ids_only { usize::MAX } else { 10 }),
        excerpts: !ids_only,
        filters: narrow.filters,
        from: narrow.from,
        to: narrow.to,
        sort: narrow.sort,
        half_life_days: narrow.half_life_days,
        facets: !ids_only,
        ..SearchOptions::default()
    };
    // Filters or a date order with no query: browse once rather than read queries from stdin.
    let q =
        if browse || (q.is_none() && opts.sort != fahras::search::Sort::Relevance) { Some(String::new()) } else { q };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match q {
        Some(q) => {
            let res = index.search(&mut searcher, &q, &opts)?;
            if json || ids_only {
                writeln!(out, "{}", output::json(&res, ids_only))?;
            } else {
                output::human(&mut out, &res, std::io::stdout().is_terminal())?;
            }
        }
        None => {
            for line in std::io::stdin().lock().lines() {
                let line = line.context("cannot read queries from standard input")?;
                let res = index.search(&mut searcher, line.trim_end_matches('\r'), &opts)?;
                writeln!(out, "{}", output::json(&res, ids_only))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn inspect(path: &Path) -> Result<()> {
    let index = match open(path)? {
        Opened::Single(i) => i,
        Opened::Split(mut s, dir) => return inspect_split(path, &mut s, &dir),
    };
    let h = index.header();
    let m = index.meta();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}: Fahras index, format version {}, analyzer version {}", path.display(), h.version, h.analyzer)?;
    writeln!(out, "documents  {} (average length {:.0} words)", output::thousands(u64::from(m.docs)), index.avg_len())?;
    writeln!(out, "terms      {}", output::thousands(m.terms))?;
    writeln!(out, "tokens     {}", output::thousands(m.tokens))?;
    writeln!(out, "prefixes   top {} completions for prefixes with more than {}", m.top_k, m.heavy_prefix)?;
    writeln!(out, "sections")?;
    for s in &h.sections {
        writeln!(out, "  {:<10} {:>14} bytes  crc32 {:08x}", s.kind.name(), output::thousands(s.len), s.crc)?;
    }
    let without_text: u64 = h.sections.iter().filter(|s| s.kind != SectionKind::Docs).map(|s| s.len).sum();
    writeln!(
        out,
        "total      {} bytes ({} without the document store)",
        output::thousands(h.file_len),
        output::thousands(without_text)
    )?;
    writeln!(out, "checksums  ok")?;
    Ok(())
}

fn inspect_split(path: &Path, split: &mut SplitIndex, dir: &Path) -> Result<()> {
    let st = *split.stats();
    let m = split.manifest().clone();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: Fahras split index, format version {}, build {:016x}; shards in {}",
        path.display(),
        fahras::index::format::FORMAT_VERSION,
        m.build,
        dir.display()
    )?;
    writeln!(out, "documents  {} (average length {:.0} words)", output::thousands(u64::from(st.live)), st.avg_len())?;
    writeln!(out, "tokens     {}", output::thousands(st.tokens))?;
    writeln!(out, "segments   {}", m.segments.len())?;
    for s in &m.segments {
        let deleted = if s.deleted.is_empty() {
            String::new()
        } else {
            format!(", {} deleted", output::thousands(s.deleted.len() as u64))
        };
        writeln!(out, "  {:016x} {:>12} documents{deleted}", s.id, output::thousands(u64::from(s.docs)))?;
    }
    let mut by_kind: std::collections::BTreeMap<fahras::index::split::ShardKind, (u64, u64)> = Default::default();
    let mut total = std::fs::metadata(path)?.len();
    let mut count = |kind, size: u64| {
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += size;
        total += size;
    };
    for id in split.shards() {
        let name = split.file_name(&id);
        let file = dir.join(&name);
        let size = std::fs::metadata(&file)
            .map_err(|e| fahras::Error::ShardMissing { file: name.clone(), reason: e.to_string() })?
            .len();
        split
            .add_shard(&name, output::read_maybe_gzip(&file)?)
            .with_context(|| format!("the shard {} is damaged", file.display()))?;
        count(id.kind, size);
    }
    // The update state: not read by browsers, checked all the same.
    for s in &m.segments {
        let name = fahras::index::split::file_name(fahras::index::split::ShardKind::State, 0, s.id);
        let file = dir.join(&name);
        let size = std::fs::metadata(&file)
            .map_err(|e| fahras::Error::ShardMissing { file: name.clone(), reason: e.to_string() })?
            .len();
        let bytes = output::read_maybe_gzip(&file)?;
        fahras::index::format::verify_file(&bytes)
            .with_context(|| format!("the shard {} is damaged", file.display()))?;
        count(fahras::index::split::ShardKind::State, size);
    }
    writeln!(out, "shards (gzipped)")?;
    for (kind, (n, bytes)) in by_kind {
        let what = kind.describe();
        writeln!(out, "  {what:<16} {:>6} files {:>14} bytes", output::thousands(n), output::thousands(bytes))?;
    }
    writeln!(out, "total      {} bytes", output::thousands(total))?;
    writeln!(out, "checksums  ok")?;
    Ok(())
}
