//! JSON Lines (optionally gzip-compressed): one article per line with `id`, `title`, `body`,
//! `url`, `date`, `category` (a string or an array of strings: sections and tags), and
//! metadata returned with each hit: `author`, `image`, and anything under `meta` (an object of
//! strings or numbers); other fields are ignored, `null` is an empty field.

use super::{Collector, Problem};
use fahras::Document;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// How many bytes of lines are parsed at once, spread over the cores.
const BATCH_BYTES: usize = 8 << 20;

/// Reads `path` line by line into `out`. Lines are parsed in batches on every core (JSON
/// parsing is most of the reading), and handed to `out` in file order, so the result and the
/// first error reported do not depend on the threads.
pub fn read(path: &Path, rel: &str, gzip: bool, out: &mut Collector<'_>) -> Result<(), Problem> {
    let file = std::fs::File::open(path).map_err(|e| Problem::new(path, None, format!("cannot read it: {e}")))?;
    let reader: Box<dyn Read> = if gzip { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut line_no = 0usize;
    loop {
        let mut buf = Vec::new();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| {
            let what = if gzip { "cannot decompress it (is it gzip?)" } else { "cannot read it" };
            Problem::new(path, Some(line_no + 1), format!("{what}: {e}"))
        })?;
        if n > 0 {
            line_no += 1;
            if line_no == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
            if !buf.iter().all(u8::is_ascii_whitespace) {
                batch_bytes += buf.len();
                batch.push((line_no, buf));
            }
        }
        if n == 0 || batch_bytes >= BATCH_BYTES {
            let parsed = parse_batch(&batch, rel, threads);
            for ((line, _), result) in batch.iter().zip(parsed) {
                match result {
                    Ok(doc) => out.doc(doc, path, Some(*line))?,
                    Err(reason) => out.problem(Problem::new(path, Some(*line), reason))?,
                }
            }
            batch.clear();
            batch_bytes = 0;
        }
        if n == 0 {
            return Ok(());
        }
    }
}

/// Parses numbered lines on `threads` threads; the results in the lines' order.
fn parse_batch(lines: &[(usize, Vec<u8>)], rel: &str, threads: usize) -> Vec<Result<Document, String>> {
    if threads <= 1 || lines.len() < 64 {
        return lines.iter().map(|(n, l)| parse_line(l, rel, *n)).collect();
    }
    let chunk = lines.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|(n, l)| parse_line(l, rel, *n)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a parsing thread")).collect()
    })
}

fn field(obj: &serde_json::Map<String, Value>, name: &str) -> Result<String, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::Bool(b)) => Ok(b.to_string()),
        Some(_) => Err(format!("the field {name:?} must be a string, a number or null")),
    }
}

/// One line as a document; the error is the reason the line is invalid.
pub fn parse_line(line: &[u8], rel: &str, line_no: usize) -> Result<Document, String> {
    let text = std::str::from_utf8(line).map_err(|e| {
        format!("not UTF-8 (invalid byte at column {}); convert the file to UTF-8", e.valid_up_to() + 1)
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("expected a JSON object with id, title and body".into());
    };
    let mut doc = Document {
        id: field(&obj, "id")?,
        title: field(&obj, "title")?,
        body: field(&obj, "body")?,
        url: field(&obj, "url")?,
        date: field(&obj, "date")?,
        ..Default::default()
    };
    match obj.get("category") {
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::String(s) => doc.add_filter(fahras::index::CATEGORY, s.as_str()),
                    Value::Number(n) => doc.add_filter(fahras::index::CATEGORY, n.to_string()),
                    Value::Null => {}
                    _ => return Err("the field \"category\" must be a string or an array of strings".into()),
                }
            }
        }
        _ => {
            let c = field(&obj, "category")
                .map_err(|_| "the field \"category\" must be a string or an array of strings".to_string())?;
            doc.add_filter(fahras::index::CATEGORY, c);
        }
    }
    for key in ["author", "image"] {
        let v = field(&obj, key)?;
        if !v.is_empty() {
            doc.meta.push((key.to_string(), v));
        }
    }
    match obj.get("meta") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for k in m.keys() {
                let v = field(m, k).map_err(|_| format!("meta.{k} must be a string, a number or null"))?;
                if !v.is_empty() && !doc.meta.iter().any(|(x, _)| x == k) {
                    doc.meta.push((k.clone(), v));
                }
            }
        }
        Some(_) => return Err("the field \"meta\" must be an object of strings, e.g. {\"author\": \"…\"}".into()),
    }
    if doc.title.trim().is_empty() && doc.body.trim().is_empty() {
        return Err("the article has neither a title nor a body".into());
    }
    if doc.id.is_empty() {
        doc.id = format!("{rel}:{line_no}");
    }
    if doc.title.trim().is_empty() {
        doc.title = super::txt::title_of(&doc.body);
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_defaults() {
        let d = parse_line(
            r#"{"id": 7, "title": "عنوان", "body": "نص", "url": null, "date": "2020-01-01", "extra": [1]}"#.as_bytes(),
            "a.jsonl",
            3,
        )
        .unwrap();
        assert_eq!(
            (d.id.as_str(), d.title.as_str(), d.url.as_str(), d.date.as_str()),
            ("7", "عنوان", "", "2020-01-01")
        );
        let d = parse_line(r#"{"body": "نص بلا عنوان ولا معرف"}"#.as_bytes(), "a.jsonl", 3).unwrap();
        assert_eq!(d.id, "a.jsonl:3");
        assert_eq!(d.title, "نص بلا عنوان ولا معرف");
    }

    #[test]
    fn categories_and_metadata() {
        let d = parse_line(
            r#"{"id": "a", "title": "ت", "category": ["سياسة", "دولي", "سياسة", ""], "author": "سارة", "meta": {"image": "/i.jpg", "words": 350, "author": "x"}}"#
                .as_bytes(),
            "a.jsonl",
            1,
        )
        .unwrap();
        assert_eq!(d.categories().collect::<Vec<_>>(), ["سياسة", "دولي"]);
        assert_eq!(
            d.meta,
            [("author".into(), "سارة".into()), ("image".into(), "/i.jpg".into()), ("words".into(), "350".into())]
        );
        let one = parse_line(r#"{"title": "ت", "category": "رياضة"}"#.as_bytes(), "a", 1).unwrap();
        assert_eq!(one.categories().collect::<Vec<_>>(), ["رياضة"]);
        assert!(parse_line(br#"{"title": "t", "category": [{"x": 1}]}"#, "a", 1)
            .unwrap_err()
            .contains("array of strings"));
        assert!(parse_line(br#"{"title": "t", "meta": [1]}"#, "a", 1).unwrap_err().contains("object"));
        assert!(parse_line(br#"{"title": "t", "meta": {"k": [1]}}"#, "a", 1).unwrap_err().contains("meta.k"));
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(parse_line(b"{\"id\": 1, \"title\": ", "a", 1).unwrap_err().starts_with("malformed JSON"));
        assert!(parse_line(b"[1, 2]", "a", 1).unwrap_err().contains("JSON object"));
        assert!(parse_line(br#"{"title": ["x"]}"#, "a", 1).unwrap_err().contains("\"title\""));
        assert!(parse_line(br#"{"id": "x"}"#, "a", 1).unwrap_err().contains("neither"));
        assert!(parse_line(b"{\"title\": \"\xff\"}", "a", 1).unwrap_err().contains("UTF-8"));
    }
}
