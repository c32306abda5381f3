//! Builds in pieces: within a memory budget (`build --memory`), and on several machines
//! (`evidence`, `build --segment-only --evidence`, `merge <INDEX>... --output`).
//!
//! **Bounded memory.** The corpus is read once, its documents held while the index of what was
//! read would fit in the budget; a corpus that fits is indexed as it always was. Past the
//! budget, the build lets the held documents go and goes on reading to count the words of the
//! whole corpus: the stemmer's evidence (`fahras::index::evidence`), which grows with the
//! vocabulary, not with the corpus. Every word is then decided once with it, and the corpus is
//! read a second time and indexed in *pieces*: a piece is written to disk as a segment (in a
//! temporary folder beside the output) when the documents held reach the budget left. The
//! pieces are merged with the streaming k-way merge of segments into the published index.
//! Because every piece was decided with the whole corpus's evidence and its positions cap, the
//! result answers exactly as a build in memory (the same hits, totals, scores, and order).
//!
//! **Built apart.** A site whose corpus does not fit one machine's time counts the evidence of
//! each part (`index-builder evidence`), gives every part's evidence file to each part's build
//! (`build --segment-only --evidence …`: the files are summed, so every part is decided with
//! the evidence of the whole), and merges the parts (`merge <INDEX>... --output`). Each part
//! records the fingerprint of the evidence it was decided with; the merge sums the parts' word
//! counts, checks that every part was decided with exactly that sum, and refuses otherwise (a
//! part decided with its own evidence would split some words otherwise than one build of the
//! whole, and no merge of postings can undo that). The statistics ranking needs are combined
//! from the parts (document and token counts, document frequencies, the positions cap); the
//! corpus is not read again.

use crate::args::{Layout, Pieces};
use crate::output::{self, gzip, shards_dir, thousands};
use crate::publish::{history_for_fresh, loader, read_manifest, remove_unnamed, ShardFiles};
use anyhow::{bail, Context, Result};
use fahras::index::evidence::{Decided, Evidence};
use fahras::index::split::merge::merge;
use fahras::index::split::pieces::{check_evidence, combine, write_piece};
use fahras::index::split::update::Stored;
use fahras::index::split::{Manifest, SplitFiles};
use fahras::index::WriterOptions;
use fahras::{Document, IndexWriter};
use index_builder::input::{LeftOutCounts, Problem, Stream};
use std::path::{Path, PathBuf};

/// What one reading of the inputs gave.
pub struct Outcome {
    /// The documents, when they were kept rather than streamed.
    pub docs: Vec<Document>,
    /// The documents read (streamed or kept), left-out pages not counted.
    pub count: usize,
    /// The numbers of the streamed documents left out once every page was read.
    pub excluded: Vec<usize>,
    pub warnings: Vec<Problem>,
    pub skipped: usize,
    pub left_out: LeftOutCounts,
}

/// Reads the inputs, streaming each document to the given [`Stream`].
pub type Read<'r> = dyn FnMut(&mut Stream<'_>) -> Result<Outcome> + 'r;

/// What a build wrote.
pub struct Built {
    pub docs: usize,
    pub terms: u64,
    pub bytes: u64,
    pub split: bool,
    /// Pieces written to disk and merged (0: indexed in memory).
    pub pieces: usize,
    /// The outcome of the (first) reading: warnings, skipped inputs, pages left out.
    pub outcome: Outcome,
    /// The characters of every body (for the advice on hosting limits).
    pub body_chars: u64,
}

/// GitHub Pages' limit on a published site.
pub const SITE_BYTES_LIMIT: u64 = 1_000_000_000;
/// Cloudflare Pages' limit on a site's files.
pub const SITE_FILES_LIMIT: u64 = 20_000;

/// What a split index weighs on disk, as published: files, bytes, and the bytes of the
/// document shards (the stored text).
pub fn site_size(entry: &Path) -> (u64, u64, u64) {
    let (mut files, mut bytes, mut text) = (1u64, std::fs::metadata(entry).map_or(0, |m| m.len()), 0u64);
    if let Ok(dir) = std::fs::read_dir(shards_dir(entry)) {
        for e in dir.flatten() {
            let len = e.metadata().map_or(0, |m| m.len());
            files += 1;
            bytes += len;
            if e.file_name().to_string_lossy().starts_with('g') {
                text += len;
            }
        }
    }
    (files, bytes, text)
}

/// What to say when a split index passes a host's limits: how much of it is stored text, and
/// the `--excerpt-chars` that would bring it under 1 GB. `None` when it fits.
pub fn hosting_advice(entry: &Path, docs: usize, body_chars: u64) -> Option<String> {
    advice(site_size(entry), docs, body_chars, (SITE_BYTES_LIMIT, SITE_FILES_LIMIT))
}

fn advice((files, bytes, text): (u64, u64, u64), docs: usize, body_chars: u64, limits: (u64, u64)) -> Option<String> {
    let (max_bytes, max_files) = limits;
    let mut over = Vec::new();
    if bytes > max_bytes {
        over.push(format!("{} MB, past GitHub Pages' 1 GB", thousands(bytes / 1_000_000)));
    }
    if files > max_files {
        over.push(format!("{} files, past Cloudflare Pages' 20,000", thousands(files)));
    }
    if over.is_empty() {
        return None;
    }
    let mut msg = format!("note: the published index is {}", over.join(" and "));
    if bytes > max_bytes && text > 0 {
        // Keep a tenth of the limit spare; the stored text shrinks about in proportion.
        let room = (max_bytes * 9 / 10).saturating_sub(bytes - text);
        let avg = body_chars / docs.max(1) as u64;
        if room > 0 && avg > 0 {
            let chars = (avg as f64 * room as f64 / text as f64) as u64;
            msg.push_str(&format!(
                "; the stored text for excerpts is {} MB of it: --excerpt-chars {} (of an average {} characters per article) would bring the site to about {} MB",
                thousands(text / 1_000_000),
                thousands(chars.max(50)).replace(',', ""),
                thousands(avg),
                thousands(max_bytes * 9 / 10 / 1_000_000)
            ));
        } else {
            msg.push_str("; even without the stored text it would not fit: split the archive into several indexes");
        }
    }
    if files > max_files {
        msg.push_str(
            "; fewer files: index-builder merge folds its segments into one, and --keep-builds 1 keeps only the last build's files (the folder also holds the files of earlier builds kept for pages opened before them)",
        );
    }
    Some(msg)
}

/// What a document costs in memory while held and indexed, about (measured on news: an index
/// in memory peaks at about four times the text it holds).
fn doc_cost(d: &Document) -> u64 {
    let text = d.id.len() + d.title.len() + d.body.len() + d.url.len() + d.date.len();
    let pairs: usize = d.filters.iter().chain(&d.meta).map(|(k, v)| k.len() + v.len() + 48).sum();
    4 * (text + pairs) as u64 + 512
}

/// A fingerprint of a document at its place in the stream: the two readings must see the same.
fn doc_print(n: usize, d: &Document) -> u64 {
    fahras::index::split::write::content_hash(d) ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Reads evidence files (a folder: every file in it) and sums them.
fn read_evidence(paths: &[PathBuf]) -> Result<Evidence> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list the evidence folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && !f.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            inside.sort();
            if inside.is_empty() {
                bail!("the evidence folder {} holds no file", p.display());
            }
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    let mut ev = Evidence::new();
    for f in &files {
        let bytes = output::read_maybe_gzip(f).context("cannot read the evidence")?;
        let part = Evidence::decode(&bytes).with_context(|| {
            format!("{} is not an evidence file (write one with index-builder evidence)", f.display())
        })?;
        ev.add(part);
    }
    Ok(ev)
}

fn threads() -> usize {
    output::threads()
}

/// `index-builder evidence`: counts the words of the inputs into `output`.
pub fn count_evidence(read: &mut Read<'_>, output: &Path) -> Result<(Outcome, Evidence)> {
    let (mut ev, mut maybe) = (Evidence::new(), Evidence::new());
    let outcome = read(&mut |_, d: Document, unmarked| if unmarked { maybe.add_doc(&d) } else { ev.add_doc(&d) })?;
    if outcome.excluded.is_empty() {
        ev.add(maybe);
    }
    if ev.docs() == 0 {
        bail!("no documents to count in the inputs; nothing was written");
    }
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    output::write_atomically(output, &gzip(&ev.encode()?))?;
    Ok((outcome, ev))
}

/// `index-builder build` (but `--incremental`): in memory when the index fits in the budget,
/// else in pieces; `--segment-only` always in pieces, decided with the evidence given.
#[allow(clippy::too_many_arguments)]
pub fn build(
    read: &mut Read<'_>,
    output: &Path,
    layout: Layout,
    keep_builds: usize,
    pieces: &Pieces,
    opts: &WriterOptions,
    empty: &dyn Fn(&Outcome) -> anyhow::Error,
    stage: &dyn Fn(String),
) -> Result<Built> {
    let given = if pieces.evidence.is_empty() { None } else { Some(read_evidence(&pieces.evidence)?) };
    // First reading: hold the documents while they fit; past the budget, count the evidence.
    let limit = pieces.memory;
    let (mut held, mut cost, mut spilled) = (Vec::<(Document, bool)>::new(), 0u64, false);
    let (mut ev, mut maybe) = (Evidence::new(), Evidence::new());
    let (mut print, mut print_unmarked) = (0u64, 0u64);
    let mut body_chars = 0u64;
    let counting = given.is_none();
    let mut outcome = read(&mut |n, d: Document, unmarked| {
        body_chars += d.body.chars().count() as u64;
        let p = doc_print(n, &d);
        print = print.wrapping_add(p);
        if unmarked {
            print_unmarked = print_unmarked.wrapping_add(p);
        }
        let mut count = |d: &Document, unmarked: bool| {
            if counting {
                if unmarked {
                    maybe.add_doc(d)
                } else {
                    ev.add_doc(d)
                }
            }
        };
        if spilled {
            count(&d, unmarked);
            return;
        }
        cost += doc_cost(&d);
        held.push((d, unmarked));
        if cost > limit {
            spilled = true;
            for (d, u) in held.drain(..) {
                count(&d, u);
            }
            held.shrink_to_fit();
        }
    })?;
    if outcome.excluded.is_empty() {
        ev.add(maybe);
    } else {
        print = print.wrapping_sub(print_unmarked);
    }
    let count = outcome.count - outcome.excluded.len();
    if count == 0 {
        return Err(empty(&outcome));
    }
    if !spilled {
        let mut excluded = outcome.excluded.iter().peekable();
        let docs: Vec<Document> = held
            .into_iter()
            .enumerate()
            .filter(|(n, _)| excluded.next_if_eq(&n).is_none())
            .map(|(_, (d, _))| d)
            .collect();
        if !pieces.segment_only {
            let mut built = in_memory(docs, output, layout, keep_builds, opts, stage, outcome)?;
            built.body_chars = body_chars;
            return Ok(built);
        }
        // A part built apart: decided with the evidence given (or its own), in one piece.
        let ev = given.unwrap_or_else(|| {
            let mut own = Evidence::new();
            docs.iter().for_each(|d| own.add_doc(d));
            own
        });
        stage(format!(
            "indexing {} documents ({} words of evidence)",
            thousands(docs.len() as u64),
            thousands(ev.words() as u64)
        ));
        let decided = ev.decide(&opts.weights, threads());
        let mut shards = Vec::new();
        let mut sink = |name: String, bytes: Vec<u8>| {
            shards.push((name, bytes));
            Ok(())
        };
        let mut m = write_piece(&docs, &decided, opts, true, &mut sink)?;
        let terms = m.meta.terms;
        m.history = history_for_fresh(output, keep_builds);
        let files = SplitFiles { manifest: m.encode(), shards };
        let bytes = files.manifest.len() as u64 + files.shards.iter().map(|s| s.1.len() as u64).sum::<u64>();
        output::write_split(output, &files)?;
        return Ok(Built { docs: docs.len(), terms, bytes, split: true, pieces: 1, outcome, body_chars });
    }
    if layout == Layout::Single {
        bail!(
            "a one-file index of these {} documents would not fit in --memory {} MB: build a split index (without --single), or give more --memory",
            thousands(count as u64),
            thousands(limit >> 20)
        );
    }
    let ev = given.unwrap_or(ev);
    if ev.docs() != count as u64 && !pieces.segment_only {
        bail!(
            "the inputs changed while they were read (first {} documents, then {}); nothing was written",
            ev.docs(),
            count
        );
    }
    stage(format!(
        "{} documents do not fit in --memory {} MB: indexing them in pieces ({} words of evidence)",
        thousands(count as u64),
        thousands(limit >> 20),
        thousands(ev.words() as u64)
    ));
    let decided = ev.decide(&opts.weights, threads());
    let temp = TempDir::beside(output)?;
    // What a piece may hold: the budget, less what stays in memory throughout (the decisions,
    // the ids the reader checks for duplicates), and at least a quarter of the budget.
    let fixed = decided.memory() as u64 + 160 * count as u64 + (64 << 20);
    let piece_limit = limit.saturating_sub(fixed).max(limit / 4);
    let mut written = PieceWriter {
        decided: &decided,
        opts,
        dir: &temp.0,
        batch: Vec::new(),
        cost: 0,
        limit: piece_limit,
        manifests: Vec::new(),
        error: None,
        tag: pieces.segment_only,
    };
    let mut excluded = outcome.excluded.clone().into_iter().peekable();
    let mut second = 0u64;
    let mut seen = 0usize;
    let again = read(&mut |n, d: Document, _| {
        if excluded.next_if_eq(&n).is_some() {
            return;
        }
        second = second.wrapping_add(doc_print(n, &d));
        seen += 1;
        written.take(d);
    })?;
    written.flush();
    if let Some(e) = written.error.take() {
        return Err(e);
    }
    if second != print || seen != count || again.excluded != outcome.excluded {
        bail!(
            "the inputs changed while they were read twice (a file was edited during the build); nothing was written"
        );
    }
    let manifests = std::mem::take(&mut written.manifests);
    let n_pieces = manifests.len();
    stage(format!("merging {} pieces into {}", n_pieces, output.display()));
    let (m, bytes) = merge_into(&manifests, &|_| temp.0.clone(), output, keep_builds, opts)?;
    drop(temp);
    outcome.docs.clear();
    Ok(Built { docs: count, terms: m.meta.terms, bytes, split: true, pieces: n_pieces, outcome, body_chars })
}

/// The pieces being written during the second reading.
struct PieceWriter<'a> {
    decided: &'a Decided,
    opts: &'a WriterOptions,
    dir: &'a Path,
    batch: Vec<Document>,
    cost: u64,
    limit: u64,
    manifests: Vec<Manifest>,
    error: Option<anyhow::Error>,
    tag: bool,
}

impl PieceWriter<'_> {
    fn take(&mut self, d: Document) {
        if self.error.is_some() {
            return;
        }
        self.cost += doc_cost(&d);
        self.batch.push(d);
        if self.cost >= self.limit {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() || self.error.is_some() {
            return;
        }
        let dir = self.dir;
        let mut sink = |name: String, bytes: Vec<u8>| {
            std::fs::write(dir.join(&name), bytes)
                .map_err(|e| fahras::Error::Corrupt { section: "shards", reason: format!("cannot write {name}: {e}") })
        };
        match write_piece(&self.batch, self.decided, self.opts, self.tag, &mut sink) {
            Ok(m) => self.manifests.push(m),
            Err(e) => {
                self.error = Some(anyhow::Error::new(e).context(format!(
                    "cannot write a piece of the index into {}; nothing was written",
                    self.dir.display()
                )))
            }
        }
        self.batch.clear();
        self.batch.shrink_to_fit();
        self.cost = 0;
    }
}

/// A folder for the pieces, beside the output, removed when dropped (and on Ctrl+C).
struct TempDir(PathBuf);

impl TempDir {
    fn beside(output: &Path) -> Result<TempDir> {
        let dir = match output.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(format!(".{name}.pieces-{}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        output::remove_on_interrupt(Some(path.clone()));
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        output::remove_on_interrupt(None);
    }
}

/// Merges the segments of `parts` (their shards in the folder `dir_of` gives for each part)
/// into one segment at `output`: shards gzipped into its folder, then the manifest. Returns the
/// manifest and the bytes written.
fn merge_into(
    parts: &[Manifest],
    dir_of: &dyn Fn(usize) -> PathBuf,
    output: &Path,
    keep_builds: usize,
    opts: &WriterOptions,
) -> Result<(Manifest, u64)> {
    let mut combined = combine(parts, opts)?;
    let bytes = combined.encode();
    // Each shard from the folder of the part its segment belongs to.
    let mut dir_of_segment = std::collections::HashMap::new();
    for (i, p) in parts.iter().enumerate() {
        for s in &p.segments {
            dir_of_segment.insert(s.id, dir_of(i));
        }
    }
    let mut load = |name: &str| -> fahras::Result<Vec<u8>> {
        let dir = fahras::index::split::parse_file_name(name)
            .and_then(|(_, _, seg)| dir_of_segment.get(&seg))
            .ok_or_else(|| fahras::Error::ShardMissing { file: name.into(), reason: "no part holds it".into() })?;
        loader(dir)(name)
    };
    let dir = shards_dir(output);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // The merge hands shards over to a second thread, which gzips and writes them meanwhile.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(String, Vec<u8>)>(4);
    let (result, mut files) = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let mut files = ShardFiles::new(dir.clone());
            let mut failed = None;
            for (name, bytes) in rx {
                if let Err(e) = files.put(&name, &bytes) {
                    failed = Some(e);
                    break; // dropping the receiver stops the merge
                }
            }
            (files, failed)
        });
        let merged = (|| -> Result<Manifest> {
            let mut stored = Stored::open(&bytes, &mut load)?;
            let mut sink = |name: String, bytes: Vec<u8>| {
                tx.send((name, bytes)).map_err(|_| fahras::Error::Corrupt {
                    section: "shards",
                    reason: "the shard writer stopped".into(),
                })
            };
            let all: Vec<usize> = (0..combined.segments.len()).collect();
            Ok(merge(&mut stored, &all, opts, &mut sink)?)
        })();
        drop(tx);
        let (files, failed) = writer.join().expect("the shard writer");
        (failed.map_or(merged, Err), files)
    });
    let mut m = match result {
        Ok(m) => m,
        Err(e) => {
            files.undo();
            return Err(e.context("the merge stopped; nothing was written"));
        }
    };
    m.history = history_for_fresh(output, keep_builds);
    let manifest = gzip(&m.encode());
    if let Err(e) = output::write_atomically(output, &manifest) {
        files.undo();
        return Err(e);
    }
    remove_unnamed(&dir, &m)?;
    Ok((m, files.bytes + manifest.len() as u64))
}

/// `index-builder merge <INDEX>... --output FILE`: the split indexes built apart become one.
pub fn merge_apart(
    inputs: &[PathBuf],
    output: &Path,
    keep_builds: usize,
    opts: &WriterOptions,
) -> Result<(Manifest, u64)> {
    let mut parts = Vec::with_capacity(inputs.len());
    for i in inputs {
        let m = read_manifest(i)?
            .with_context(|| format!("{} is not a split index (build the parts with --segment-only)", i.display()))?;
        crate::publish::check_complete(&shards_dir(i), &m)?;
        parts.push(m);
    }
    let mut combined = combine(&parts, opts).map_err(|e| anyhow::anyhow!("cannot merge {}: {e}", list(inputs)))?;
    let part_of: Vec<usize> =
        parts.iter().enumerate().flat_map(|(i, p)| std::iter::repeat_n(i, p.segments.len())).collect();
    if inputs.len() > 1 {
        let bytes = combined.encode();
        let mut dirs = std::collections::HashMap::new();
        for (i, p) in parts.iter().enumerate() {
            for s in &p.segments {
                dirs.insert(s.id, shards_dir(&inputs[i]));
            }
        }
        let mut load = |name: &str| -> fahras::Result<Vec<u8>> {
            let dir = fahras::index::split::parse_file_name(name)
                .and_then(|(_, _, seg)| dirs.get(&seg))
                .ok_or_else(|| fahras::Error::ShardMissing { file: name.into(), reason: "no part holds it".into() })?;
            loader(dir)(name)
        };
        let mut stored = Stored::open(&bytes, &mut load)?;
        // The same document in two parts.
        let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for si in 0..stored.manifest.segments.len() {
            let st = stored.state(si)?;
            let deleted: std::collections::HashSet<u32> =
                stored.manifest.segments[si].deleted.iter().copied().collect();
            for (local, d) in st.docs.into_iter().enumerate() {
                if deleted.contains(&(local as u32)) {
                    continue;
                }
                if let Some(&other) = ids.get(&d.id) {
                    bail!(
                        "the document {:?} is in {} and in {}: each document must be in one part only; nothing was written",
                        d.id,
                        inputs[other].display(),
                        inputs[part_of[si]].display()
                    );
                }
                ids.insert(d.id, part_of[si]);
            }
        }
        drop(ids);
        let check = check_evidence(&mut stored)?;
        if let Some(&(si, found)) = check.mismatched.first() {
            let how = match found {
                None => "its own documents' evidence".to_string(),
                Some((fp, docs)) => {
                    format!("the evidence of another corpus ({} documents, fingerprint {fp:016x})", thousands(docs))
                }
            };
            bail!(
                "{} was decided with {how}, not with the evidence of the {} documents the parts make up (fingerprint {:016x}): merged, it would not answer as one build. Count the evidence of every part (index-builder evidence) and build each part with --segment-only --evidence and all of the evidence files; nothing was written",
                inputs[part_of[si]].display(),
                thousands(check.expected.1),
                check.expected.0
            );
        }
    }
    let (m, bytes) = merge_into(&parts, &|i| shards_dir(&inputs[i]), output, keep_builds, opts)?;
    Ok((m, bytes))
}

fn list(inputs: &[PathBuf]) -> String {
    inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// A build in memory, as before the budget existed: one file, or a split index past 5,000
/// documents (or as `layout` says).
fn in_memory(
    docs: Vec<Document>,
    output: &Path,
    layout: Layout,
    keep_builds: usize,
    opts: &WriterOptions,
    stage: &dyn Fn(String),
    outcome: Outcome,
) -> Result<Built> {
    stage(format!("indexing {} documents", docs.len()));
    let split = match layout {
        Layout::Split => true,
        Layout::Single => false,
        Layout::Auto => docs.len() > crate::SPLIT_FROM_DOCS,
    };
    let mut writer = IndexWriter::with_options(opts.clone());
    for d in docs {
        writer.add(d);
    }
    let stats = if split {
        let (mut files, stats) = writer.finish_split().context("cannot build the index")?;
        // A split index written here before: its recent builds' files stay for open pages.
        let history = history_for_fresh(output, keep_builds);
        if !history.is_empty() {
            let mut m = Manifest::decode(&files.manifest)?;
            m.history = history;
            files.manifest = m.encode();
        }
        stage(format!("writing {} files into {}", files.shards.len() + 1, shards_dir(output).display()));
        output::write_split(output, &files)?;
        stats
    } else {
        let (bytes, stats) = writer.finish_with_stats().context("cannot build the index")?;
        stage(format!("writing {}", output.display()));
        output::write_atomically(output, &bytes)?;
        // A split index written here before is replaced: its shards go too.
        let old = shards_dir(output);
        if old.is_dir() {
            let _ = std::fs::remove_dir_all(&old);
        }
        stats
    };
    Ok(Built {
        docs: stats.docs,
        terms: stats.terms as u64,
        bytes: stats.bytes,
        split,
        pieces: 0,
        outcome,
        body_chars: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advice_names_the_limit_passed_and_the_excerpt_cap_that_fits() {
        // 1.4 GB of which 1 GB is stored text, 2,000 characters per article on average: the
        // rest (400 MB) leaves 500 MB of the 900 MB aimed at for text, half of it.
        let a = advice((5_000, 1_400_000_000, 1_000_000_000), 1_000, 2_000_000, (SITE_BYTES_LIMIT, SITE_FILES_LIMIT))
            .unwrap();
        assert!(a.contains("1,400 MB, past GitHub Pages' 1 GB"), "{a}");
        assert!(a.contains("--excerpt-chars 1000 ") && a.contains("about 900 MB"), "{a}");
        assert!(!a.contains("files"), "{a}");
        let a = advice((25_000, 900, 0), 10, 10, (SITE_BYTES_LIMIT, SITE_FILES_LIMIT)).unwrap();
        assert!(
            a.contains("25,000 files") && a.contains("index-builder merge") && a.contains("--keep-builds 1"),
            "{a}"
        );
        assert!(advice((5_000, 999_000_000, 500), 10, 10, (SITE_BYTES_LIMIT, SITE_FILES_LIMIT)).is_none());
        let a = advice((5_000, 3_000_000_000, 100), 10, 10, (SITE_BYTES_LIMIT, SITE_FILES_LIMIT)).unwrap();
        assert!(a.contains("even without the stored text"), "{a}");
    }
}
