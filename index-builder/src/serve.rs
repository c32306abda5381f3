//! `index-builder serve DIR`: a small static file server on 127.0.0.1, to preview a site and
//! its index locally (the demo and the browser tests use it). Read-only, GET and HEAD only,
//! never outside DIR; one thread per connection. Each file carries an `ETag` and a
//! `Last-Modified`, and a conditional request for an unchanged file is answered `304 Not
//! Modified`, as static hosts do (the widget checks its manifest that way). A client that sends
//! nothing for [`READ_TIMEOUT`], or a request line or header longer than [`MAX_LINE`], is
//! dropped.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a connection may stay silent before it is dropped.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request line or header line, in bytes.
pub const MAX_LINE: usize = 8 * 1024;
/// The most header lines a request may have.
const MAX_HEADERS: usize = 100;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "webmanifest") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under `root`, refusing anything that leaves it.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0')).then_some(s)
}

/// Reads one line of at most `max` bytes (without its line ending); `None` at the end of the
/// stream, an error for a longer line.
pub fn read_line_bounded(reader: &mut impl BufRead, max: usize) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = reader.take(max as u64 + 1).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > max {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "line too long"));
    }
    while buf.last().is_some_and(|&c| c == b'\n' || c == b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// An HTTP date (RFC 9110's IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let days = secs.div_euclid(86_400);
    let (y, m, d) = fahras::index::date::civil_from_days(days as i32);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let s = secs.rem_euclid(86_400);
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The validators of a file: its entity tag (size and modification time) and its
/// `Last-Modified` date.
fn validators(meta: &std::fs::Metadata) -> (String, String) {
    let modified = meta.modified().unwrap_or(UNIX_EPOCH);
    let nanos = modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (format!("\"{:x}-{nanos:x}\"", meta.len()), http_date(modified))
}

fn respond(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let send = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8], head: bool| -> std::io::Result<()> {
        write!(
            stream,
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            body.len()
        )?;
        if !head {
            stream.write_all(body)?;
        }
        stream.flush()
    };
    let too_long = |stream: &mut TcpStream| {
        send(
            stream,
            "431 Request Header Fields Too Large",
            "Content-Type: text/plain\r\n",
            b"431 request header too large\n",
            false,
        )
    };
    let request = match read_line_bounded(&mut reader, MAX_LINE) {
        Ok(Some(line)) => line,
        Ok(None) => return Ok(()),
        // A silent client is dropped without an answer.
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => return Ok(()),
        Err(_) => return too_long(&mut stream),
    };
    let (mut if_none_match, mut if_modified_since) = (None, None);
    for i in 0.. {
        match read_line_bounded(&mut reader, MAX_LINE) {
            Ok(Some(line)) if line.is_empty() => break,
            Ok(Some(line)) if i < MAX_HEADERS => {
                if let Some((name, value)) = line.split_once(':') {
                    match name.trim().to_ascii_lowercase().as_str() {
                        "if-none-match" => if_none_match = Some(value.trim().to_string()),
                        "if-modified-since" => if_modified_since = Some(value.trim().to_string()),
                        _ => {}
                    }
                }
            }
            Ok(None) => break,
            _ => return too_long(&mut stream),
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return send(
            &mut stream,
            "405 Method Not Allowed",
            "Content-Type: text/plain\r\n",
            b"405 method not allowed\n",
            false,
        );
    }
    let head = method == "HEAD";
    let found = resolve(root, target).and_then(|p| std::fs::metadata(&p).ok().filter(|m| m.is_file()).map(|m| (p, m)));
    let Some((path, meta)) = found else {
        return send(
            &mut stream,
            "404 Not Found",
            "Content-Type: text/plain; charset=utf-8\r\n",
            b"404 not found\n",
            head,
        );
    };
    let (etag, last_modified) = validators(&meta);
    let headers =
        format!("Content-Type: {}\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\n", content_type(&path));
    let fresh = match (&if_none_match, &if_modified_since) {
        (Some(tags), _) => tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
        (None, Some(since)) => *since == last_modified,
        (None, None) => false,
    };
    if fresh {
        return send(
            &mut stream,
            "304 Not Modified",
            &format!("ETag: {etag}\r\nLast-Modified: {last_modified}\r\n"),
            b"",
            true,
        );
    }
    match std::fs::read(&path) {
        Ok(body) => send(&mut stream, "200 OK", &headers, &body, head),
        Err(_) => {
            send(&mut stream, "404 Not Found", "Content-Type: text/plain; charset=utf-8\r\n", b"404 not found\n", head)
        }
    }
}

/// Serves `dir` on 127.0.0.1:`port` (0 picks a free port) until the process is stopped.
pub fn serve(dir: &Path, port: u16) -> Result<()> {
    if !dir.is_dir() {
        anyhow::bail!("{} is not a directory (build the site first: scripts/demo does both)", dir.display());
    }
    let root = dir.canonicalize().with_context(|| format!("cannot read {}", dir.display()))?;
    let listener =
        TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let addr = listener.local_addr()?;
    println!("serving {} at http://{addr}/", dir.display());
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &root);
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/a/b.js?x=1"), Some(PathBuf::from("/srv/site/a/b.js")));
        assert_eq!(resolve(root, "/%D9%81.html"), Some(PathBuf::from("/srv/site/ف.html")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/a/%2e%2e/%2e%2e/x"), None);
        assert_eq!(resolve(root, "/a%00b"), None);
    }

    #[test]
    fn request_lines_are_bounded() {
        let mut r = BufReader::new(&b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"[..]);
        assert_eq!(read_line_bounded(&mut r, 64).unwrap().as_deref(), Some("GET / HTTP/1.1"));
        assert_eq!(read_line_bounded(&mut r, 64).unwrap().as_deref(), Some("Host: x"));
        assert_eq!(read_line_bounded(&mut r, 64).unwrap().as_deref(), Some(""));
        assert_eq!(read_line_bounded(&mut r, 64).unwrap(), None);
        let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(100));
        assert!(read_line_bounded(&mut BufReader::new(long.as_bytes()), 64).is_err());
        // A line without an end is bounded too.
        let endless = "x".repeat(10_000);
        assert!(read_line_bounded(&mut BufReader::new(endless.as_bytes()), 64).is_err());
    }

    #[test]
    fn http_dates() {
        let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("index.fahras")), "application/octet-stream");
        assert_eq!(content_type(Path::new("a.JS")), "text/javascript; charset=utf-8");
    }
}
