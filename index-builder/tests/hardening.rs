//! Hostile and damaged input, interruption, and reproducibility, through the CLI.

mod common;

use common::{bin, run, s, scratch, stderr};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// `n` articles of recombined sentences written for these tests, as JSON Lines.
fn corpus(path: &Path, n: usize) {
    let sentences = [
        "عقدت الحكومة اجتماعها الأسبوعي لبحث الموازنة",
        "وصل الوفد إلى طرابلس بعد رحلة طويلة",
        "قال ستولتنبرغ إن الحلف يتابع الوضع عن كثب",
        "ارتفعت أسعار النفط في الأسواق العالمية",
        "فاز الفريق في المباراة النهائية بهدفين",
        "افتتح معرض الكتاب أبوابه أمام الزوار",
        "أعلن مؤتمر برلين دعمه لوقف إطلاق النار",
        "هطلت أمطار غزيرة على المدن الساحلية",
    ];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut x = 12345u64;
    for i in 0..n {
        let mut body = String::new();
        for _ in 0..5 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            body.push_str(sentences[(x % 8) as usize]);
            body.push_str(&format!(" رقم {} . ", x % 997));
        }
        writeln!(f, "{{\"id\": \"a{i}\", \"title\": \"{}\", \"body\": \"{body}\"}}", sentences[(x / 8 % 8) as usize])
            .unwrap();
    }
}

fn dir_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_same_corpus_gives_the_same_bytes_whatever_the_threads_and_the_time() {
    let dir = scratch("repro");
    let c = dir.join("c.jsonl");
    corpus(&c, 6000);
    let build = |out: &Path, threads: &str| {
        let o = bin()
            .args(["build", s(&c), "--output", s(out), "--split", "--quiet"])
            .env("FAHRAS_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let (a, b) = (dir.join("a/index.fahras"), dir.join("b/index.fahras"));
    build(&a, "1");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build(&b, "3");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let (da, db) = (dir_bytes(&dir.join("a/index.fahras.shards")), dir_bytes(&dir.join("b/index.fahras.shards")));
    assert!(da.len() > 10);
    assert_eq!(da, db);
}

#[test]
fn an_interrupted_build_leaves_nothing_behind() {
    let dir = scratch("interrupt");
    let c = dir.join("c.jsonl");
    let out = dir.join("out/index.fahras");
    // The signal must arrive mid-build: once the build says it is indexing (its stages are
    // lines on stderr when stderr is not a terminal). If a fast machine still finished first,
    // try a bigger corpus.
    for n in [40_000, 160_000, 640_000] {
        corpus(&c, n);
        let _ = std::fs::remove_dir_all(dir.join("out"));
        let mut child = bin().args(["build", s(&c), "--output", s(&out)]).stderr(Stdio::piped()).spawn().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
        let reader = std::thread::spawn(move || {
            let mut all = String::new();
            let mut line = String::new();
            while std::io::BufRead::read_line(&mut err, &mut line).unwrap_or(0) > 0 {
                if line.contains("indexing") {
                    let _ = tx.send(());
                }
                all.push_str(&line);
                line.clear();
            }
            all
        });
        if rx.recv().is_err() {
            // The build ended without ever indexing.
            child.wait().unwrap();
            panic!("the build never said it was indexing: {}", reader.join().unwrap());
        }
        let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let err = reader.join().unwrap();
        if status.success() {
            continue;
        }
        assert_eq!(status.code(), Some(130), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert!(!out.exists());
        // No temporary files in the output directory (it may not even exist).
        if let Ok(entries) = std::fs::read_dir(dir.join("out")) {
            let left: Vec<_> = entries.map(|e| e.unwrap().file_name()).collect();
            assert!(left.iter().all(|n| !n.to_string_lossy().contains(".tmp")), "{left:?}");
        }
        return;
    }
    panic!("every build finished before the interrupt arrived");
}

#[test]
fn a_ten_megabyte_article_is_indexed_whole_and_stored_in_part() {
    let dir = scratch("huge");
    let c = dir.join("c.jsonl");
    let mut body = "كلمة عادية في نص طويل جدا ".repeat(10 * 1024 * 1024 / 45);
    body.push_str(" الكلمةالأخيرة");
    std::fs::write(&c, format!("{{\"id\": \"big\", \"title\": \"مقال ضخم\", \"body\": \"{body}\"}}\n")).unwrap();
    let out = dir.join("i.fahras");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let q = run(&["query", s(&out), "الكلمةالأخيرة", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    assert_eq!(v["total"], 1, "a word past the stored part is still found");
    assert!(std::fs::metadata(&out).unwrap().len() < 2 * 1024 * 1024, "the stored body is capped");
}

#[test]
fn deeply_nested_and_hostile_html_builds() {
    let dir = scratch("nested");
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    let deep = format!(
        "<html><head><title>صفحة عميقة</title></head><body><main>{}نص عميق جدا{}</main></body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    std::fs::write(site.join("deep.html"), deep).unwrap();
    std::fs::write(
        site.join("bad.html"),
        "<title>\u{202E}عنوان<script>alert(1)</script></title><main><p onclick=x>نص <b>سليم<</b> <img src=x onerror=alert(1)><!-- بلا نهاية",
    )
    .unwrap();
    let out = dir.join("i.fahras");
    let o = run(&["build", s(&site), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let q = run(&["query", s(&out), "عميق", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    assert_eq!(v["hits"][0]["id"], "deep.html");
    let q = run(&["query", s(&out), "سليم", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    let excerpt = v["hits"][0]["excerpt"].as_str().unwrap();
    assert!(!excerpt.contains("<img") && !excerpt.contains("<script") && !excerpt.contains('\u{202E}'), "{excerpt}");
}

#[test]
fn a_split_index_with_a_missing_or_foreign_shard_is_a_clear_error() {
    let dir = scratch("shards");
    let c = dir.join("c.jsonl");
    corpus(&c, 3000);
    let (a, b) = (dir.join("a/index.fahras"), dir.join("b/index.fahras"));
    assert!(run(&["build", s(&c), "--output", s(&a), "--split", "--quiet"]).status.success());
    let mut other = std::fs::read_to_string(&c).unwrap();
    other.push_str("{\"id\": \"extra\", \"title\": \"مقال إضافي\", \"body\": \"نص إضافي يغير البناء\"}\n");
    let c2 = dir.join("c2.jsonl");
    std::fs::write(&c2, other).unwrap();
    assert!(run(&["build", s(&c2), "--output", s(&b), "--split", "--quiet"]).status.success());
    let shards = dir.join("a/index.fahras.shards");
    let name = |prefix: &str, d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.starts_with(prefix))
            .unwrap()
    };
    // A missing document group.
    let g = name("g0-", &shards);
    std::fs::rename(shards.join(&g), dir.join("kept")).unwrap();
    // (--ids-only lists every hit, so every group with a hit is read.)
    let o = run(&["query", s(&a), "الحكومة", "--ids-only"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains(&g) && e.contains("is missing") && e.contains("publish the whole index"), "{e}");
    assert!(!e.contains("damaged") && !e.contains("rebuild"), "a missing shard is not damage: {e}");
    // A shard of the other build copied in under this build's name.
    let foreign = name("g0-", &dir.join("b/index.fahras.shards"));
    std::fs::copy(dir.join("b/index.fahras.shards").join(&foreign), shards.join(&g)).unwrap();
    let o = run(&["query", s(&a), "الحكومة", "--ids-only"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not match its name"), "{}", stderr(&o));
    // inspect checks every shard.
    let o = run(&["inspect", s(&a)]);
    assert_eq!(o.status.code(), Some(2));
}

/// A million tiny articles: bounded time and memory. Slow in a debug build, so it runs in
/// `scripts/test` with `cargo test --release -p index-builder --test hardening -- --ignored`.
#[test]
#[ignore]
fn a_million_tiny_articles() {
    let dir = scratch("million");
    let c = dir.join("c.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&c).unwrap());
        let words = ["خبر", "عاجل", "الحكومة", "طرابلس", "برلين", "مؤتمر", "الناتو", "اجتماع"];
        for i in 0..1_000_000u32 {
            writeln!(
                f,
                "{{\"id\":\"m{i}\",\"title\":\"{}\",\"body\":\"{} {} {i}\"}}",
                words[(i % 8) as usize],
                words[(i / 8 % 8) as usize],
                words[(i / 64 % 8) as usize]
            )
            .unwrap();
        }
    }
    let out = dir.join("i.fahras");
    let t = std::time::Instant::now();
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stderr(&o);
    eprintln!("{summary} (wall {:.1} s)", t.elapsed().as_secs_f64());
    let mb: u64 = summary
        .split("peak memory ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap();
    assert!(mb < 2000, "peak memory {mb} MB");
    let files = std::fs::read_dir(dir.join("i.fahras.shards")).unwrap().count();
    // Cloudflare Pages' limit; a million articles make about 14,000 (10,000 document shards)
    assert!(files < 20_000, "{files} files");
    // m123456 reads «خبر» / «خبر عاجل 123456»: found by its number and one of its words, and
    // not by a word it lacks (every word of a query must match).
    let q = run(&["query", s(&out), "عاجل 123456", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    assert_eq!(v["hits"][0]["id"], "m123456", "{v}");
    let q = run(&["query", s(&out), "مؤتمر 123456", "--ids-only"]);
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    assert!(!v["hits"].as_array().unwrap().contains(&"m123456".into()), "{v}");
}
