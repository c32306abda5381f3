//! Builds in pieces: within a memory budget (`build --memory`), and built apart then merged
//! (`evidence`, `build --segment-only --evidence`, `merge <INDEX>... --output`). Either way the
//! index must answer exactly as one build in memory: the same hits, totals, scores, excerpts,
//! suggestions and facets, compared as the JSON `query` prints.

mod common;

use common::{bin, run, s, scratch, stderr};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The sentences of the project's fixture articles.
fn sentences() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/news");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .split(['.', '،', '\n'])
                .map(|x| x.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|x| x.len() > 10)
        .collect()
}

const SECTIONS: [&str; 4] = ["سياسة", "اقتصاد", "رياضة", "ثقافة"];

/// `n` articles as JSON lines, numbered from `first`. Early articles carry «ببروكسل» and
/// «وكوبنهاغن» while «بروكسل» and «كوبنهاغن» only come late: a piece of the early articles
/// decided with its own word counts would not split them as the whole corpus does.
fn articles(first: usize, n: usize, total: usize, seed: u64) -> String {
    let sents = sentences();
    let mut r = Rng(seed);
    let mut out = String::new();
    for i in first..first + n {
        let mut body = String::new();
        for _ in 0..3 + r.below(4) {
            body.push_str(&sents[r.below(sents.len())]);
            body.push_str(". ");
        }
        if i < total / 3 && r.below(3) == 0 {
            body.push_str(" ببروكسل وكوبنهاغن");
        }
        if i > 2 * total / 3 {
            body.push_str(" بروكسل كوبنهاغن بروكسل");
        }
        let title: String = sents[r.below(sents.len())].chars().take(40).collect();
        let line = serde_json::json!({
            "id": format!("a{i}"), "title": title, "body": body,
            "date": format!("2020-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28)),
            "category": SECTIONS[r.below(SECTIONS.len())],
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

const QUERIES: &[&str] = &[
    "الحكومة",
    "حكومة",
    "بروكسل",
    "ببروكسل",
    "كوبنهاغن",
    "طرا",
    "مؤتمر برلين",
    "\"وقف إطلاق\"",
    "ال",
    "م",
    "ستولتنبرع",
    "الحكومة -طرابلس",
    "fvgdk",
    "اقتصاد",
    // Typos: the reading shown (`ran_as`) takes its ة from the display hints of the whole corpus.
    "حكومو",
    "الموازنو",
];

/// Every query's JSON answer (all hits), one per line.
fn answers(index: &Path) -> String {
    let mut child = bin()
        .args(["query", s(index), "--limit", "100000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(QUERIES.join("\n").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), QUERIES.len());
    out
}

/// The bytes of the shards of the split index at `entry` whose names start with `kind` (all of
/// them with `""`).
fn shard_bytes(entry: &Path, kind: &str) -> u64 {
    std::fs::read_dir(entry.with_extension("fahras.shards"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with(kind))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

fn build(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stderr(&o)
}

/// The number of pieces a build said it merged (0 when built in memory).
fn pieces_of(summary: &str) -> usize {
    match summary.find(" pieces merged") {
        Some(end) => summary[..end].rsplit(' ').next().unwrap().parse().unwrap(),
        None => 0,
    }
}

#[test]
fn a_build_in_pieces_answers_as_a_build_in_memory() {
    let dir = scratch("pieces");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("site")).unwrap();
    std::fs::write(corpus.join("a-news.jsonl"), articles(0, 400, 400, 7)).unwrap();
    // HTML pages: two mark their body, so the third is left out once every page is read; its
    // words must not count as evidence either («ببروكسل» would then be split everywhere).
    let page = |body: &str, marked: bool| {
        let attr = if marked { " data-fahras-body" } else { "" };
        format!("<html><head><title>صفحة</title></head><body><main{attr}><p>{body}</p></main></body></html>")
    };
    std::fs::write(corpus.join("site/b.html"), page("الحكومة في بروكسل اليوم", true)).unwrap();
    std::fs::write(corpus.join("site/c.html"), page(&"بروكسل بروكسل وبروكسل ".repeat(60), false)).unwrap();
    std::fs::write(corpus.join("site/d.html"), page("اجتماع الحكومة الأسبوعي", true)).unwrap();
    let (whole, small) = (dir.join("whole/index.fahras"), dir.join("small/index.fahras"));
    let said = build(&["build", s(&corpus), "--output", s(&whole), "--split", "--quiet"]);
    assert_eq!(said, "");
    let said = build(&["build", s(&corpus), "--output", s(&small), "--split", "--memory", "200K"]);
    let n = pieces_of(&said);
    assert!(n >= 4, "a budget of 200 kB should need several pieces: {said}");
    assert!(said.contains("indexed 402 documents") && said.contains("peak memory"), "{said}");
    assert!(said.contains("1 page without data-fahras-body left out"), "{said}");
    assert_eq!(answers(&small), answers(&whole), "a build in {n} pieces answers otherwise than one in memory");
    // The pieces' folder is gone.
    let left: Vec<String> = std::fs::read_dir(dir.join("small"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    // A one-file index that does not fit is refused, and nothing is written.
    let single = dir.join("single/index.fahras");
    let o = run(&["build", s(&corpus), "--output", s(&single), "--single", "--memory", "200K"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("would not fit in --memory") && stderr(&o).contains("without --single"),
        "{}",
        stderr(&o)
    );
    assert!(!single.exists());
}

/// A corpus in three parts, as three CI jobs would hold it.
fn three_parts(dir: &Path) -> Vec<PathBuf> {
    (0..3)
        .map(|k| {
            let p = dir.join(format!("part{k}/news.jsonl"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, articles(k * 120, 120, 360, 11 + k as u64)).unwrap();
            p
        })
        .collect()
}

#[test]
fn parts_built_apart_merge_into_one_build() {
    let dir = scratch("apart");
    let parts = three_parts(&dir);
    // One build of the whole, in memory.
    let whole = dir.join("whole/index.fahras");
    let mut args: Vec<&str> = vec!["build"];
    args.extend(parts.iter().map(|p| s(p)));
    args.extend(["--output", s(&whole), "--split", "--quiet"]);
    build(&args);
    // Each part's evidence, then each part's segment with all of it (the second in pieces).
    let evidence: Vec<PathBuf> = (0..3).map(|k| dir.join(format!("evidence/{k}.fahras"))).collect();
    for (p, e) in parts.iter().zip(&evidence) {
        let said = build(&["evidence", s(p), "--output", s(e)]);
        assert!(said.contains("distinct words in 120 documents"), "{said}");
    }
    let segments: Vec<PathBuf> = (0..3).map(|k| dir.join(format!("seg{k}/index.fahras"))).collect();
    let folder = dir.join("evidence");
    for (k, (p, seg)) in parts.iter().zip(&segments).enumerate() {
        let mut args = vec!["build", s(p), "--segment-only", "--output", s(seg)];
        if k == 0 {
            args.extend(["--evidence", s(&folder)]); // the folder of them
        } else {
            for e in &evidence {
                args.extend(["--evidence", s(e)]);
            }
        }
        if k == 1 {
            args.extend(["--memory", "100K"]);
        }
        let said = build(&args);
        assert_eq!(k == 1, pieces_of(&said) > 1, "{said}");
    }
    let site = dir.join("site/index.fahras");
    let said = build(&["merge", s(&segments[0]), s(&segments[1]), s(&segments[2]), "--output", s(&site)]);
    assert!(said.contains("merged 3 indexes") && said.contains("360 documents"), "{said}");
    assert_eq!(answers(&site), answers(&whole), "the merged parts answer otherwise than one build");
}

#[test]
fn a_merge_refuses_parts_decided_apart_or_holding_the_same_article() {
    let dir = scratch("refusals");
    let parts = three_parts(&dir);
    let segments: Vec<PathBuf> = (0..3).map(|k| dir.join(format!("seg{k}/index.fahras"))).collect();
    // Each part decided with its own evidence only.
    for (p, seg) in parts.iter().zip(&segments) {
        build(&["build", s(p), "--segment-only", "--output", s(seg), "--quiet"]);
    }
    let site = dir.join("site/index.fahras");
    let o = run(&["merge", s(&segments[0]), s(&segments[1]), s(&segments[2]), "--output", s(&site)]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains(s(&segments[0])) && e.contains("--evidence") && e.contains("nothing was written"), "{e}");
    assert!(!site.exists() && !dir.join("site/index.fahras.shards").read_dir().is_ok_and(|mut d| d.next().is_some()));
    // The same article in two parts.
    let o = run(&["merge", s(&segments[0]), s(&segments[0]), "--output", s(&site)]);
    assert!(stderr(&o).contains("given twice"), "{}", stderr(&o));
    let copy = dir.join("copy.jsonl");
    std::fs::write(&copy, articles(100, 30, 360, 5)).unwrap();
    let seg = dir.join("segcopy/index.fahras");
    build(&["build", s(&copy), "--segment-only", "--output", s(&seg), "--quiet"]);
    let o = run(&["merge", s(&segments[0]), s(&seg), "--output", s(&site)]);
    assert!(stderr(&o).contains("\"a100\" is in") && stderr(&o).contains("one part only"), "{}", stderr(&o));
    assert!(!site.exists());
}

#[test]
fn excerpt_chars_caps_the_stored_text_and_such_an_index_is_rebuilt_not_updated() {
    let dir = scratch("excerpts");
    let news = dir.join("news.jsonl");
    std::fs::write(&news, articles(0, 60, 60, 3)).unwrap();
    let (full, cut) = (dir.join("full/index.fahras"), dir.join("cut/index.fahras"));
    build(&["build", s(&news), "--output", s(&full), "--split", "--quiet"]);
    build(&["build", s(&news), "--output", s(&cut), "--split", "--excerpt-chars", "30", "--quiet"]);
    let size = |p: &Path| shard_bytes(p, "");
    assert!(size(&cut) < size(&full), "{} vs {}", size(&cut), size(&full));
    // The same hits and scores; the excerpts come from the stored 30 characters.
    let (a, b) = (answers(&full), answers(&cut));
    for (a, b) in a.lines().zip(b.lines()) {
        let (a, b): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(a).unwrap(), serde_json::from_str(b).unwrap());
        assert_eq!(a["total"], b["total"]);
        for (x, y) in a["hits"].as_array().unwrap().iter().zip(b["hits"].as_array().unwrap()) {
            assert_eq!((&x["id"], &x["score"]), (&y["id"], &y["score"]));
            let plain = y["excerpt"].as_str().unwrap().replace("<mark>", "").replace("</mark>", "");
            assert!(plain.chars().count() <= 40, "{plain}");
        }
    }
    let o = run(&["build", s(&news), "--output", s(&cut), "--incremental"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--excerpt-chars") && stderr(&o).contains("afresh"), "{}", stderr(&o));
}

#[test]
fn no_positions_makes_a_smaller_index_whose_phrases_say_they_ran_as_words() {
    let dir = scratch("no-positions");
    let news = dir.join("news.jsonl");
    std::fs::write(&news, articles(0, 90, 90, 7)).unwrap();
    let (full, bare) = (dir.join("full/index.fahras"), dir.join("bare/index.fahras"));
    build(&["build", s(&news), "--output", s(&full), "--split", "--quiet"]);
    build(&["build", s(&news), "--output", s(&bare), "--split", "--no-positions", "--quiet"]);
    let positions = |p: &Path| shard_bytes(p, "q");
    assert!(positions(&bare) * 10 < positions(&full), "{} vs {}", positions(&bare), positions(&full));
    // Every query but the phrase answers alike: positions only ever serve phrases.
    let (a, b) = (answers(&full), answers(&bare));
    let mut phrases = 0;
    for ((q, a), b) in QUERIES.iter().zip(a.lines()).zip(b.lines()) {
        let (a, b): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(a).unwrap(), serde_json::from_str(b).unwrap());
        if !q.contains('"') {
            assert_eq!(a, b, "{q}");
            continue;
        }
        phrases += 1;
        // The full index checks «"وقف إطلاق"»; the other says it could not, and shows the
        // words' answer, with no fewer results.
        assert_eq!(a["rewrite"], "none", "{q}: {a}");
        assert_eq!(b["rewrite"], "phrase", "{q}: {b}");
        assert_eq!(b["ran_as"], *q);
        assert!(b["total"].as_u64() >= a["total"].as_u64(), "{q}");
    }
    assert_eq!(phrases, 1);
    // An update keeps the index without positions.
    std::fs::write(&news, articles(0, 100, 100, 7)).unwrap();
    build(&["build", s(&news), "--output", s(&bare), "--incremental", "--quiet"]);
    let b = answers(&bare);
    let phrase = QUERIES.iter().position(|q| q.contains('"')).unwrap();
    let b: serde_json::Value = serde_json::from_str(b.lines().nth(phrase).unwrap()).unwrap();
    assert_eq!(b["rewrite"], "phrase", "{b}");
}
