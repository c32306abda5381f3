//! Writing results: the index file (atomically), and query results as text or JSON.

use anyhow::{Context, Result};
use fahras::SearchResults;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary file being written, removed if the process is interrupted.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);
/// The temporary folder of a build in pieces, removed if the process is interrupted.
static PENDING_DIR: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Makes an interruption remove the folder `dir` (a build's pieces); `None` forgets it.
pub fn remove_on_interrupt(dir: Option<PathBuf>) {
    *PENDING_DIR.lock().unwrap_or_else(|e| e.into_inner()) = dir;
}

/// Makes Ctrl+C (or SIGTERM) remove a temporary file being written, say that nothing was
/// written, and exit with status 130. Installed when a build starts.
#[cfg(target_arch = "wasm32")]
pub fn on_interrupt() {}

/// Makes Ctrl+C (or SIGTERM) remove a temporary file being written, say that nothing was
/// written, and exit with status 130. Installed when a build starts.
#[cfg(not(target_arch = "wasm32"))]
pub fn on_interrupt() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Ok(mut p) = PENDING.lock() {
                if let Some(path) = p.take() {
                    let _ = std::fs::remove_file(path);
                }
            }
            if let Ok(mut d) = PENDING_DIR.lock() {
                if let Some(dir) = d.take() {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
            eprintln!("\ninterrupted; nothing was written");
            std::process::exit(130);
        });
    });
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// `path` is either the complete new index or untouched; the data reach the disk before the
/// rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_through_temp(path, bytes, true)
}

/// [`write_atomically`] for a new shard: renamed into place complete, without waiting for the
/// disk (a shard is only read once a manifest names it, and the manifest is written with
/// [`write_atomically`] after every shard).
pub fn write_shard(path: &Path, bytes: &[u8]) -> Result<()> {
    write_through_temp(path, bytes, false)
}

fn write_through_temp(path: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    on_interrupt();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().with_context(|| format!("the output {} is not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    *PENDING.lock().unwrap_or_else(|e| e.into_inner()) = Some(tmp.clone());
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        if sync {
            f.sync_all().with_context(|| format!("cannot write {}", tmp.display()))?;
        }
        drop(f);
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move the index into place at {}", path.display()))?;
        Ok(())
    })();
    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner()).take();
    if result.is_err() {
        if let Some(p) = pending {
            let _ = std::fs::remove_file(p);
        }
    }
    result.context("nothing was written")
}

/// The shards directory of a split index written at `entry`: `entry.shards`.
pub fn shards_dir(entry: &Path) -> PathBuf {
    let mut s = entry.as_os_str().to_owned();
    s.push(fahras::index::split::SHARDS_SUFFIX);
    PathBuf::from(s)
}

/// gzip, deterministic (no name, no time).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::default());
    e.write_all(bytes).expect("writing to memory");
    e.finish().expect("writing to memory")
}

/// The bytes of `path`, gunzipped if they are gzip.
pub fn read_maybe_gzip(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 3);
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&bytes[..]), &mut out)
            .with_context(|| format!("{} is not valid gzip", path.display()))?;
        return Ok(out);
    }
    Ok(bytes)
}

/// Writes a split index: the shard files (gzipped) into `entry.shards/`, then the manifest
/// (gzipped) onto `entry` atomically, then removes the shard files neither the new manifest nor
/// its history names. Shard files are named by their segment, so new files never overwrite old
/// ones: until the manifest is replaced, readers see the old index whole; after, the new one.
pub fn write_split(entry: &Path, files: &fahras::index::split::SplitFiles) -> Result<()> {
    let dir = shards_dir(entry);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Compress on every core (each file alone, so the bytes do not depend on the threads).
    let todo: Vec<&(String, Vec<u8>)> = files.shards.iter().filter(|(name, _)| !dir.join(name).exists()).collect();
    let threads = threads();
    let chunk = todo.len().div_ceil(threads).max(1);
    let compressed: Vec<(&str, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = todo
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|(n, b)| (n.as_str(), gzip(b))).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a compression thread")).collect()
    });
    let mut added = Vec::new();
    let result = (|| -> Result<()> {
        for (name, bytes) in &compressed {
            let path = dir.join(name);
            write_shard(&path, bytes)?;
            added.push(path);
        }
        write_atomically(entry, &gzip(&files.manifest))
    })();
    if let Err(e) = result {
        for p in added {
            let _ = std::fs::remove_file(p);
        }
        return Err(e);
    }
    // The files of the builds the manifest's history names stay, for the pages still open on
    // them; the rest go.
    let manifest = fahras::index::split::Manifest::decode(&files.manifest)?;
    crate::publish::remove_unnamed(&dir, &manifest)?;
    Ok(())
}

/// How many threads to compress with: `FAHRAS_THREADS`, else every core (at most 8). The
/// output does not depend on it (a test checks).
pub fn threads() -> usize {
    std::env::var("FAHRAS_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(8)
}

/// The peak memory of this process so far, in bytes (Linux; `None` elsewhere).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The JSON object of one query.
pub fn json(res: &SearchResults, ids_only: bool) -> String {
    let hits = if ids_only {
        serde_json::Value::Array(res.hits.iter().map(|h| serde_json::Value::String(h.id.clone())).collect())
    } else {
        serde_json::Value::Array(
            res.hits
                .iter()
                .map(|h| {
                    let meta: serde_json::Map<String, serde_json::Value> =
                        h.meta.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
                    serde_json::json!({
                        "id": h.id, "title": h.title, "url": h.url, "date": h.date, "day": h.day,
                        "category": h.category, "meta": meta, "score": h.score, "excerpt": h.excerpt,
                    })
                })
                .collect(),
        )
    };
    // Facets as objects of value → count, most frequent first (serde_json keeps the order).
    let facets: serde_json::Map<String, serde_json::Value> = res
        .facets
        .iter()
        .map(|f| {
            let counts: serde_json::Map<String, serde_json::Value> =
                f.values.iter().map(|c| (c.value.clone(), serde_json::Value::from(c.count))).collect();
            (f.field.clone(), serde_json::Value::Object(counts))
        })
        .collect();
    serde_json::json!({
        "query": res.query, "ran_as": res.ran_as, "rewrite": res.rewrite, "total": res.total,
        "unfiltered_total": res.unfiltered_total, "hits": hits, "suggestions": res.suggestions,
        "facets": facets,
    })
    .to_string()
}

/// Undoes the HTML escaping of an excerpt for the terminal, showing marks in bold (or «»).
fn plain(html: &str, color: bool) -> String {
    let (open, close) = if color { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Results for a person at a terminal.
pub fn human(out: &mut impl Write, res: &SearchResults, color: bool) -> std::io::Result<()> {
    if res.ran_as != res.query {
        writeln!(out, "showing results for «{}» (typed «{}»)", res.ran_as, res.query)?;
    }
    writeln!(
        out,
        "{} result{} for «{}»{}",
        thousands(res.total as u64),
        if res.total == 1 { "" } else { "s" },
        res.ran_as,
        if res.unfiltered_total != res.total {
            format!(" ({} before filters)", thousands(res.unfiltered_total as u64))
        } else {
            String::new()
        }
    )?;
    if res.total == 0 && !res.suggestions.is_empty() {
        writeln!(out, "did you mean: {}", res.suggestions.join("، "))?;
    }
    for (i, h) in res.hits.iter().enumerate() {
        writeln!(out)?;
        let day = if h.day.is_empty() { h.date.as_str() } else { h.day.as_str() };
        let mut meta: Vec<&str> = std::iter::once(day).chain(h.category.iter().map(String::as_str)).collect();
        meta.retain(|s| !s.is_empty());
        writeln!(out, "{:>2}. {}  [{}]  score {:.2}", i + 1, plain(&h.title_html, color), h.id, h.score)?;
        if !meta.is_empty() || !h.url.is_empty() {
            writeln!(out, "    {} {}", meta.join(" · "), h.url)?;
        }
        writeln!(out, "    {}", plain(&h.excerpt, color))?;
    }
    for f in res.facets.iter().filter(|f| !f.values.is_empty()) {
        let counts: Vec<String> =
            f.values.iter().map(|c| format!("{} {}", c.value, thousands(c.count as u64))).collect();
        writeln!(out, "\n{}: {}", f.field, counts.join(" · "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(40_004), "40,004");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn atomic_write_replaces_or_leaves_alone() {
        let dir = std::env::temp_dir().join(format!("fahras-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("x.fahras");
        std::fs::write(&target, b"old").unwrap();
        write_atomically(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // A target inside a missing directory fails, and leaves no temporary file behind.
        let bad = dir.join("missing").join("y.fahras");
        assert!(write_atomically(&bad, b"x").is_err());
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["x.fahras"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
