//! Publishing a split index in place: updates (`build --incremental`), merges, and keeping the
//! files of recent builds for the pages still open on them.
//!
//! Shards are named by their segment, so new files never overwrite old ones. Every change writes
//! its new shards first, then replaces the manifest atomically: a reader sees the old index
//! whole, then the new one. The files of the previous builds stay (`--keep-builds N`: the files
//! any of the last N manifests names), so a page opened before the deploy can still fetch what
//! its manifest names; older files are deleted.

use crate::output::{gzip, read_maybe_gzip, shards_dir, thousands, write_atomically, write_shard};
use anyhow::{bail, Context, Result};
use fahras::index::split::merge::{merge, policy};
use fahras::index::split::update::{update, Stored, UpdateReport};
use fahras::index::split::{file_name, parse_file_name, Manifest, ShardKind};
use fahras::index::WriterOptions;
use fahras::Document;
use std::path::{Path, PathBuf};

/// Segments up to this many live documents make the first tier of the merge policy; each tier
/// holds segments up to [`MERGE_FACTOR`] times larger than the one before.
const MERGE_BASE: u32 = 1000;
/// A tier with this many segments is merged into one.
const MERGE_FACTOR: usize = 4;

/// What a change wrote.
#[derive(Default)]
pub struct Written {
    /// New shard files and their gzipped bytes.
    pub files: usize,
    pub bytes: u64,
    /// Files of old builds deleted.
    pub deleted: usize,
    /// Notes for the summary line ("merged 4 segments").
    pub notes: Vec<String>,
}

/// New shards on their way to disk: gzipped, written atomically, remembered so that a failure
/// removes them.
pub(crate) struct ShardFiles {
    dir: PathBuf,
    written: Vec<PathBuf>,
    /// Bytes written (gzipped).
    pub bytes: u64,
}

impl ShardFiles {
    /// None written yet, into `dir`.
    pub fn new(dir: PathBuf) -> ShardFiles {
        ShardFiles { dir, written: Vec::new(), bytes: 0 }
    }

    /// Writes a shard (gzipped), unless it is there already.
    pub fn put(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(name);
        if path.exists() {
            return Ok(()); // the same shard of the same segment: already there
        }
        let gz = gzip(bytes);
        write_shard(&path, &gz)?;
        self.bytes += gz.len() as u64;
        self.written.push(path);
        Ok(())
    }

    /// Removes the shards written.
    pub fn undo(&mut self) {
        for p in self.written.drain(..) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Reads shards from `dir`, by name.
pub(crate) fn loader(dir: &Path) -> impl FnMut(&str) -> fahras::Result<Vec<u8>> + '_ {
    move |name: &str| {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(fahras::Error::ShardMissing {
                file: name.into(),
                reason: format!("no file {}", path.display()),
            });
        }
        read_maybe_gzip(&path).map_err(|e| fahras::Error::Corrupt { section: "shards", reason: format!("{e:#}") })
    }
}

/// The manifest at `entry`, if it is one.
pub fn read_manifest(entry: &Path) -> Result<Option<Manifest>> {
    if !entry.is_file() {
        return Ok(None);
    }
    let bytes = read_maybe_gzip(entry).context("cannot read the existing index")?;
    if !Manifest::is_manifest(&bytes) {
        return Ok(None);
    }
    Ok(Some(Manifest::decode(&bytes).with_context(|| format!("cannot read the existing index {}", entry.display()))?))
}

/// Updates the split index at `entry` to hold `corpus`, merges what the policy says, keeps the
/// files of the last `keep_builds` builds. `None` when nothing changed (nothing is written).
pub fn update_in_place(
    entry: &Path,
    corpus: &[Document],
    opts: &WriterOptions,
    keep_builds: usize,
) -> Result<Option<(UpdateReport, Written)>> {
    let dir = shards_dir(entry);
    let old = read_manifest(entry)?.context("there is no split index to update")?;
    let manifest_bytes = read_maybe_gzip(entry)?;
    let mut files = ShardFiles { dir: dir.clone(), written: Vec::new(), bytes: 0 };
    let result = (|| -> Result<Option<(Manifest, UpdateReport, Vec<String>)>> {
        let mut load = loader(&dir);
        let mut stored = Stored::open(&manifest_bytes, &mut load)?;
        let mut sink = |name: String, bytes: Vec<u8>| {
            files.put(&name, &bytes).map_err(|e| fahras::Error::Corrupt { section: "shards", reason: format!("{e:#}") })
        };
        let Some((mut m, report)) = update(&mut stored, corpus, opts, &mut sink)? else { return Ok(None) };
        let mut notes = Vec::new();
        // The merge policy, on the index as updated (its new shards are on disk already).
        loop {
            let which = policy(&m, MERGE_BASE, MERGE_FACTOR);
            if which.is_empty() {
                break;
            }
            let docs: u32 = which.iter().map(|&s| m.segments[s].docs - m.segments[s].deleted.len() as u32).sum();
            let bytes = m.clone().encode();
            let mut load = loader(&dir);
            let mut stored = Stored::open(&bytes, &mut load)?;
            let mut sink = |name: String, bytes: Vec<u8>| {
                files
                    .put(&name, &bytes)
                    .map_err(|e| fahras::Error::Corrupt { section: "shards", reason: format!("{e:#}") })
            };
            let build = m.build;
            let history = m.history.clone();
            m = merge(&mut stored, &which, opts, &mut sink)?;
            m.build = build;
            m.history = history;
            notes.push(format!("merged {} segments ({} documents)", which.len(), thousands(u64::from(docs))));
        }
        Ok(Some((m, report, notes)))
    })();
    let (mut m, report, notes) = match result {
        Ok(Some(x)) => x,
        Ok(None) => return Ok(None),
        Err(e) => {
            files.undo();
            return Err(e.context("the update stopped; the index was left as it was"));
        }
    };
    m.history.insert(0, (old.build, old.segments.iter().map(|s| s.id).collect()));
    m.history.truncate(keep_builds.saturating_sub(1));
    let manifest = gzip(&m.encode());
    if let Err(e) = write_atomically(entry, &manifest) {
        files.undo();
        return Err(e.context("the update stopped; the index was left as it was"));
    }
    let deleted = remove_unnamed(&dir, &m)?;
    let written =
        Written { files: files.written.len() + 1, bytes: files.bytes + manifest.len() as u64, deleted, notes };
    Ok(Some((report, written)))
}

/// Merges every segment of the split index at `entry` into one (`index-builder merge`).
pub fn merge_all(entry: &Path, opts: &WriterOptions, keep_builds: usize) -> Result<Written> {
    let dir = shards_dir(entry);
    let Some(old) = read_manifest(entry)? else {
        bail!("{} is not a split index (only a split index has segments to merge)", entry.display());
    };
    let bytes = read_maybe_gzip(entry)?;
    let mut files = ShardFiles { dir: dir.clone(), written: Vec::new(), bytes: 0 };
    let result = (|| -> Result<Manifest> {
        let mut load = loader(&dir);
        let mut stored = Stored::open(&bytes, &mut load)?;
        let mut sink = |name: String, bytes: Vec<u8>| {
            files.put(&name, &bytes).map_err(|e| fahras::Error::Corrupt { section: "shards", reason: format!("{e:#}") })
        };
        let all: Vec<usize> = (0..old.segments.len()).collect();
        Ok(merge(&mut stored, &all, opts, &mut sink)?)
    })();
    let mut m = match result {
        Ok(m) => m,
        Err(e) => {
            files.undo();
            return Err(e.context("the merge stopped; the index was left as it was"));
        }
    };
    m.history = old.history.clone();
    m.history.insert(0, (old.build, old.segments.iter().map(|s| s.id).collect()));
    m.history.truncate(keep_builds.saturating_sub(1));
    let manifest = gzip(&m.encode());
    if let Err(e) = write_atomically(entry, &manifest) {
        files.undo();
        return Err(e);
    }
    let deleted = remove_unnamed(&dir, &m)?;
    let n = old.segments.len();
    Ok(Written {
        files: files.written.len() + 1,
        bytes: files.bytes + manifest.len() as u64,
        deleted,
        notes: vec![format!("merged {n} segment{} into one", if n == 1 { "" } else { "s" })],
    })
}

/// The history a fresh build over an existing split index keeps: the previous build, and its
/// own history, up to `keep_builds` builds in all.
pub fn history_for_fresh(entry: &Path, keep_builds: usize) -> Vec<(u64, Vec<u64>)> {
    let Ok(Some(old)) = read_manifest(entry) else { return Vec::new() };
    let mut h = old.history;
    h.insert(0, (old.build, old.segments.iter().map(|s| s.id).collect()));
    h.truncate(keep_builds.saturating_sub(1));
    h
}

/// Deletes the shard files that neither the manifest nor its history names; returns how many.
pub fn remove_unnamed(dir: &Path, m: &Manifest) -> Result<usize> {
    let keep: std::collections::HashSet<u64> =
        m.segments.iter().map(|s| s.id).chain(m.history.iter().flat_map(|(_, ids)| ids.iter().copied())).collect();
    let mut removed = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let named = parse_file_name(&name).is_some_and(|(_, _, seg)| keep.contains(&seg));
        if !named && (parse_file_name(&name).is_some() || name.ends_with(".tmp")) {
            std::fs::remove_file(entry.path()).with_context(|| format!("cannot delete the old shard {name}"))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The state shard of a segment exists for every segment a manifest names.
pub fn check_complete(dir: &Path, m: &Manifest) -> Result<()> {
    for s in &m.segments {
        let name = file_name(ShardKind::State, 0, s.id);
        if !dir.join(&name).is_file() {
            bail!(
                "the index's shard {name} is missing from {}: an update needs the whole index folder as the last build wrote it (copy it back, or build without --incremental)",
                dir.display()
            );
        }
    }
    Ok(())
}
