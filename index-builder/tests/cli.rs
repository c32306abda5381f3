//! The index-builder CLI, run as a user runs it.

mod common;

use common::{bin, run, s, scratch, stderr, stdout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(stdout(o).trim()).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn builds_the_seeds_and_finds_the_seed_article() {
    let dir = scratch("seeds");
    let out = dir.join("seeds.fahras");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let o = run(&["build", s(&seeds), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 1 documents"), "{}", stderr(&o));
    let o = run(&["query", s(&out), "ستولتنبرغ", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["total"], 1);
    assert!(v["hits"][0]["id"].as_str().unwrap().ends_with(".txt"));
    assert!(v["hits"][0]["excerpt"].as_str().unwrap().contains("<mark>ستولتنبرغ</mark>"));
    assert_eq!(v["ran_as"], "ستولتنبرغ");
}

#[test]
fn version_names_the_format_and_the_analyzer() {
    let o = run(&["--version"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = format!(
        "index format {}, analyzer {};",
        fahras::index::format::FORMAT_VERSION,
        fahras::analysis::ANALYZER_VERSION
    );
    assert!(stdout(&o).contains(&want), "{} lacks {want}", stdout(&o));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn corpus(dir: &Path) -> PathBuf {
    let c = dir.join("corpus");
    write(&c.join("a.txt"), "انقطاع الكهرباء في العاصمة\nشهدت أحياء عدة انقطاعا للكهرباء استمر ساعات.\n");
    write(
        &c.join("posts/b.md"),
        "---\ntitle: \"افتتاح معرض الكتاب\"\ndate: 2021-02-03\nurl: /posts/book-fair/\ncategory: ثقافة\n---\nافتتح معرض الكتاب أبوابه للزوار [الموقع](https://example.org).\n",
    );
    write(
        &c.join("feed.jsonl"),
        concat!(
            r#"{"id": "j1", "title": "ارتفاع أسعار الذهب", "body": "سجلت أسعار الذهب ارتفاعا جديدا.", "url": "/j1", "date": "2021-05-06", "category": "اقتصاد", "source": "x"}"#,
            "\n\n",
            r#"{"id": "j2", "title": "مباراة حاسمة", "body": "يخوض الفريق مباراة حاسمة مساء السبت.", "url": null}"#,
            "\n"
        ),
    );
    write(
        &c.join("archive/old.jsonl.gz"),
        gzip(r#"{"id": "g1", "title": "أرشيف الأخبار", "body": "خبر قديم عن موسم الحصاد."}"#.as_bytes()),
    );
    write(
        &c.join("site/news/fire.html"),
        "<html><head><title>حريق في مصنع</title><script>var x = 'لا تفهرسني';</script></head><body><nav>القائمة الرئيسية</nav><main><h1>حريق في مصنع</h1><p>اندلع حريق في مصنع للنسيج فجر اليوم.</p></main><footer>حقوق النشر</footer></body></html>",
    );
    write(&c.join("logo.png"), [0x89, b'P', b'N', b'G']);
    write(&c.join(".hidden/secret.txt"), "سر\nلا يفهرس");
    c
}

#[test]
fn every_input_format() {
    let dir = scratch("formats");
    let c = corpus(&dir);
    let out = dir.join("i.fahras");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 6 documents"), "{}", stderr(&o));
    let q = |query: &str| json(&run(&["query", s(&out), query, "--json"]));
    assert_eq!(q("الكهرباء")["hits"][0]["id"], "a.txt");
    assert_eq!(q("الكهرباء")["hits"][0]["title"], "انقطاع الكهرباء في العاصمة");
    let b = q("معرض");
    assert_eq!(b["hits"][0]["id"], "posts/b.md");
    assert_eq!(b["hits"][0]["url"], "/posts/book-fair/");
    assert_eq!(b["hits"][0]["date"], "2021-02-03");
    assert_eq!(q("example")["total"], 0, "link targets are not indexed");
    let j = q("الذهب");
    assert_eq!(j["hits"][0]["id"], "j1");
    assert_eq!(j["hits"][0]["date"], "2021-05-06");
    assert_eq!(q("الحصاد")["hits"][0]["id"], "g1");
    let h = q("النسيج");
    assert_eq!(h["hits"][0]["id"], "site/news/fire.html");
    assert_eq!(h["hits"][0]["url"], "site/news/fire.html");
    assert_eq!(h["hits"][0]["title"], "حريق في مصنع");
    assert_eq!(q("تفهرسني")["total"], 0, "scripts are not indexed");
    assert_eq!(q("القائمة")["total"], 0, "navigation is not indexed");
    assert_eq!(q("سر")["total"], 0, "hidden directories are skipped");
    // inspect
    let o = run(&["inspect", s(&out)]);
    assert!(o.status.success());
    let text = stdout(&o);
    let version = format!("format version {}", fahras::index::format::FORMAT_VERSION);
    for want in [version.as_str(), "documents  6", "postings", "fields", "columns", "checksums  ok"] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

#[test]
fn bad_input_stops_the_build_and_names_file_line_and_reason() {
    let dir = scratch("bad");
    let c = dir.join("c");
    write(&c.join("ok.txt"), "عنوان\nنص");
    write(
        &c.join("news.jsonl"),
        "{\"id\": \"1\", \"title\": \"خبر\", \"body\": \"نص\"}\n{\"id\": \"2\", \"title\": \n",
    );
    let out = dir.join("out.fahras");
    write(&out, b"previous index");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("news.jsonl:2:") && err.contains("malformed JSON"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous index", "the old output is untouched");
    let left: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(!left.iter().any(|n| n.contains(".tmp")), "{left:?}");

    // --skip-invalid: a warning naming the line, and the rest is indexed.
    let o = run(&["build", s(&c), "--output", s(&out), "--skip-invalid"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: ") && err.contains("news.jsonl:2:"), "{err}");
    assert!(err.contains("indexed 2 documents") && err.contains("1 invalid inputs skipped"), "{err}");
}

#[test]
fn other_kinds_of_bad_input() {
    let dir = scratch("kinds");
    let out = dir.join("o.fahras");
    // Not UTF-8.
    let c = dir.join("latin1");
    write(&c.join("x.txt"), b"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7\nline two \xe9t\xe9\n");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("x.txt:2:") && stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
    // A path that does not exist.
    let o = run(&["build", s(&dir.join("missing")), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing") && stderr(&o).contains("cannot read"), "{}", stderr(&o));
    // Nothing to index.
    let c = dir.join("empty");
    write(&c.join("image.png"), b"png");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no documents found"), "{}", stderr(&o));
    // Duplicate ids.
    let c = dir.join("dup");
    write(&c.join("a.jsonl"), "{\"id\": \"same\", \"title\": \"أ\", \"body\": \"نص\"}\n{\"id\": \"same\", \"title\": \"ب\", \"body\": \"نص\"}\n");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a.jsonl:2:") && stderr(&o).contains("duplicate id"), "{}", stderr(&o));
    // A file of an unknown type named explicitly.
    let o = run(&["build", s(&c.join("../empty/image.png")), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unsupported file type"), "{}", stderr(&o));
    // Bad gzip.
    let c = dir.join("gz");
    write(&c.join("a.jsonl.gz"), b"this is not gzip");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a.jsonl.gz") && stderr(&o).contains("decompress"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn markdown_drafts_are_left_out_and_bad_front_matter_is_named() {
    let dir = scratch("markdown");
    let c = dir.join("site");
    write(&c.join("published.md"), "---\ntitle: خبر منشور\n---\nنص الخبر المنشور.\n");
    write(&c.join("draft.md"), "+++\ntitle = \"مسودة\"\ndraft = true\n+++\nنص المسودة السري.\n");
    let out = dir.join("o.fahras");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("indexed 1 documents") && err.contains("1 draft left out"), "{err}");
    assert!(!err.contains("warning"), "a draft is no problem: {err}");
    assert_eq!(json(&run(&["query", s(&out), "السري", "--json"]))["total"], 0);

    write(&c.join("broken.md"), "---\ndate: 2024-03-05\ntitle: \"خبر\" عاجل\n---\nنص\n");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("broken.md:3: malformed YAML front matter"), "{err}");
}

#[test]
fn queries_from_standard_input_and_ids_only() {
    let dir = scratch("stdin");
    let c = corpus(&dir);
    let out = dir.join("i.fahras");
    assert!(run(&["build", s(&c), "--output", s(&out), "--quiet"]).status.success());
    let mut child =
        bin().args(["query", s(&out), "--ids-only"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all("الذهب\nمباراة\nلا شيء هنا\n".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["hits"], serde_json::json!(["j1"]));
    assert_eq!(lines[1]["hits"], serde_json::json!(["j2"]));
    assert_eq!(lines[2]["total"], 0);
    // Human output.
    let o = run(&["query", s(&out), "fvgdk"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("0 results"), "{}", stdout(&o));
}

#[test]
fn a_damaged_index_is_a_clear_error() {
    let dir = scratch("damaged");
    let c = corpus(&dir);
    let out = dir.join("i.fahras");
    assert!(run(&["build", s(&c), "--output", s(&out), "--quiet"]).status.success());
    let mut bytes = std::fs::read(&out).unwrap();
    bytes.truncate(bytes.len() / 2);
    let cut = dir.join("cut.fahras");
    std::fs::write(&cut, &bytes).unwrap();
    let o = run(&["query", s(&cut), "الذهب"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cut.fahras") && stderr(&o).contains("truncated"), "{}", stderr(&o));
    let o = run(&["inspect", s(&c.join("a.txt"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a Fahras index"), "{}", stderr(&o));
}

#[test]
fn the_same_corpus_gives_the_same_bytes_whatever_the_file_order() {
    let dir = scratch("determinism");
    let (a, b) = (dir.join("a"), dir.join("b"));
    let files = [("x/1.txt", "أول\nنص أول"), ("y/2.txt", "ثان\nنص ثان"), ("3.txt", "ثالث\nنص ثالث")];
    for (name, text) in files {
        write(&a.join(name), text);
    }
    for (name, text) in files.iter().rev() {
        write(&b.join(name), text);
    }
    let (oa, ob) = (dir.join("a.fahras"), dir.join("b.fahras"));
    assert!(run(&["build", s(&a), "--output", s(&oa), "--quiet"]).status.success());
    assert!(run(&["build", s(&b), "--output", s(&ob), "--quiet"]).status.success());
    assert_eq!(std::fs::read(&oa).unwrap(), std::fs::read(&ob).unwrap());
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    let o = run(&["--help"]);
    assert!(o.status.success() && stdout(&o).contains("index-builder build"));
}

#[test]
fn query_filters_orders_and_counts() {
    let dir = scratch("narrow");
    let c = dir.join("news.jsonl");
    let lines = [
        r#"{"id": "a", "title": "الحكومة تقر الموازنة", "body": "أقرت الحكومة الموازنة العامة.", "category": ["اقتصاد", "محلي"], "date": "2020-05-28 14:03", "author": "سارة"}"#,
        r#"{"id": "b", "title": "الحكومة والبرلمان", "body": "ناقش البرلمان خطة الحكومة.", "category": "سياسة", "date": "2020-05-02T09:00:00+03:00", "meta": {"image": "/b.jpg"}}"#,
        r#"{"id": "c", "title": "وزير في الحكومة", "body": "قال وزير في الحكومة إن الخطة جاهزة.", "category": ["سياسة"], "date": "2207-20-16"}"#,
        r#"{"id": "d", "title": "مباراة الكأس", "body": "فاز الفريق في مباراة الكأس.", "category": "رياضة", "date": "2020-06-01"}"#,
    ];
    std::fs::write(&c, lines.join("\n")).unwrap();
    let out = dir.join("i.fahras");
    let o = run(&["build", s(&c), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The 23rd-century date is a warning naming the file and line; the article stays.
    assert!(stderr(&o).contains("news.jsonl:3:") && stderr(&o).contains("2207-20-16"), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 4 documents"), "{}", stderr(&o));

    let q = |args: &[&str]| {
        let mut all = vec!["query", s(&out)];
        all.extend_from_slice(args);
        all.push("--json");
        json(&run(&all))
    };
    let r = q(&["الحكومة", "--filter", "category=سياسة", "--sort", "newest"]);
    assert_eq!(r["total"], 2);
    assert_eq!(r["unfiltered_total"], 3);
    assert_eq!(r["hits"][0]["id"], "b", "dated before undated");
    assert_eq!(r["hits"][1]["id"], "c");
    assert_eq!(r["hits"][0]["day"], "2020-05-02");
    assert_eq!(r["hits"][1]["day"], "", "an unreadable date is no day");
    assert_eq!(r["hits"][0]["meta"]["image"], "/b.jpg");
    assert_eq!(r["hits"][0]["category"], serde_json::json!(["سياسة"]));
    // Counts of the sections: with the other filters (none) applied, not its own.
    assert_eq!(r["facets"]["category"]["سياسة"], 2);
    assert_eq!(r["facets"]["category"]["اقتصاد"], 1);
    let r = q(&["الحكومة", "--from", "2020-05-10", "--to", "2020-05-31"]);
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["id"], "a");
    assert_eq!(r["hits"][0]["meta"]["author"], "سارة");
    // Browsing: no query, a section, newest first.
    let r = q(&["--filter", "category=رياضة", "--sort", "newest"]);
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["id"], "d");
    // Mistakes are exit 2 with a message that says what is accepted.
    let o = run(&["query", s(&out), "الحكومة", "--filter", "author=سارة"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("«author»") && stderr(&o).contains("category"), "{}", stderr(&o));
    let o = run(&["query", s(&out), "الحكومة", "--from", "28/05/2020"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

fn shard_names(dir: &Path) -> std::collections::BTreeSet<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect()
}

#[test]
fn incremental_builds_keep_recent_files_and_merge() {
    let dir = scratch("incremental");
    let c = dir.join("news.jsonl");
    let line = |i: usize, body: &str| {
        format!(
            r#"{{"id": "n{i}", "title": "خبر رقم {i} عن الحكومة", "body": "{body} قالت الحكومة في بيانها {i}.", "category": "سياسة", "date": "2024-03-{:02}"}}"#,
            1 + i % 28
        )
    };
    let write_corpus = |n: usize, changed: &[usize]| {
        let lines: Vec<String> =
            (0..n).map(|i| line(i, if changed.contains(&i) { "نص معدل عن الميزانية" } else { "نص الخبر" })).collect();
        std::fs::write(&c, lines.join("\n")).unwrap();
    };
    let out = dir.join("site/index.fahras");
    let shards = dir.join("site/index.fahras.shards");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", s(&c), "--output", s(&out)];
        args.extend_from_slice(extra);
        run(&args)
    };
    let total = |q: &str| json(&run(&["query", s(&out), q, "--json"]))["total"].clone();

    // No index yet: a fresh split build.
    write_corpus(30, &[]);
    let o = build(&["--incremental"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("a fresh build"), "{}", stderr(&o));
    let first = shard_names(&shards);
    // Five more articles, one changed: only new files, and the old ones stay.
    write_corpus(35, &[3]);
    let o = build(&["--incremental"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("5 new, 1 changed, 0 removed, 29 unchanged"), "{e}");
    let second = shard_names(&shards);
    assert!(first.is_subset(&second), "an update deletes nothing the previous build names");
    assert_eq!(total("الميزانية"), 1);
    assert_eq!(total("الحكومة"), 35);
    // Nothing new: nothing written.
    let before: Vec<_> =
        second.iter().map(|n| std::fs::metadata(shards.join(n)).unwrap().modified().unwrap()).collect();
    let manifest_before = std::fs::read(&out).unwrap();
    let o = build(&["--incremental"]);
    assert!(o.status.success() && stderr(&o).contains("nothing changed"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), manifest_before);
    let after: Vec<_> = second.iter().map(|n| std::fs::metadata(shards.join(n)).unwrap().modified().unwrap()).collect();
    assert_eq!(before, after);
    // A removal, kept to one build: the first build's files go.
    write_corpus(34, &[3]);
    let o = build(&["--incremental", "--keep-builds", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 removed"), "{}", stderr(&o));
    assert_eq!(total("الحكومة"), 34);
    let third = shard_names(&shards);
    let inspect = run(&["inspect", s(&out)]);
    assert!(inspect.status.success(), "{}", stderr(&inspect));
    assert!(stdout(&inspect).contains("segments   3"), "{}", stdout(&inspect));
    // merge: one segment, the same answers.
    let o = run(&["merge", s(&out), "--keep-builds", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("merged 3 segments into one"), "{}", stderr(&o));
    assert_eq!(total("الحكومة"), 34);
    assert_eq!(total("الميزانية"), 1);
    let merged = shard_names(&shards);
    assert!(merged.is_disjoint(&third), "with --keep-builds 1, the merged-away segments' files go");
    assert!(stdout(&run(&["inspect", s(&out)])).contains("segments   1"));
    // A one-file index cannot be updated in place.
    let one = dir.join("one.fahras");
    assert!(run(&["build", s(&c), "--output", s(&one), "--single"]).status.success());
    let o = run(&["build", s(&c), "--output", s(&one), "--incremental"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("one-file index") && stderr(&o).contains("--split"), "{}", stderr(&o));
}

// ---- HTML sites -----------------------------------------------------------------------

/// An article page as Hugo writes it: the site's name in <title> and in the site's header.
fn article(title: &str, section: &str, tags: &[&str], author: &str, body: &str) -> String {
    let tags: String = tags.iter().map(|t| format!("<meta property=\"article:tag\" content=\"{t}\">")).collect();
    format!(
        "<!DOCTYPE html><html lang=ar dir=rtl><head><meta charset=utf-8><title>{title} | صحيفة الوادي</title>\
         <meta property=\"og:title\" content=\"{title}\"><meta property=\"article:section\" content=\"{section}\">{tags}\
         </head><body><header><a href=\"/\">صحيفة الوادي</a><nav><a href=\"/news/\">أخبار</a></nav></header>\
         <main><article><header><h1>{title}</h1><p>بقلم <span data-fahras-meta=\"author\">{author}</span></p>\
         <img src=\"/img/cover.jpg\" alt=\"\" data-fahras-meta=\"image[src]\"></header>\
         <p data-fahras-filter=\"المنطقة:الساحل\">{body}</p></article></main>\
         <footer>صحيفة الوادي، جميع الحقوق محفوظة</footer></body></html>"
    )
}

/// A list page: the home page, a section or a tag, linking to articles.
fn list(title: &str) -> String {
    format!(
        "<html><head><title>{title} | صحيفة الوادي</title></head><body><main><h1>{title}</h1>\
         <ul><li><a href=\"/news/flood/\">فيضان الوادي يغمر الطريق الساحلي</a></li></ul></main></body></html>"
    )
}

/// A site as Hugo builds it into public/: articles, list pages, a redirect (an alias), the
/// not-found page, a page kept out of search engines and one ignored whole.
fn hugo_site(dir: &Path) -> PathBuf {
    let p = dir.join("public");
    write(&p.join("index.html"), list("الصفحة الرئيسية"));
    write(&p.join("index.xml"), "<rss/>");
    write(&p.join("404.html"), "<html><head><title>الصفحة غير موجودة | صحيفة الوادي</title></head><body><h1>الصفحة غير موجودة</h1></body></html>");
    write(&p.join("news/index.html"), list("أخبار"));
    write(&p.join("news/page/2/index.html"), list("أخبار - الصفحة ٢"));
    write(&p.join("tags/rain/index.html"), list("وسم: أمطار"));
    write(&p.join("tags/rain/index.xml"), "<rss/>");
    write(
        &p.join("news/flood/index.html"),
        article(
            "فيضان الوادي يغمر الطريق الساحلي",
            "محليات",
            &["طقس", "أمطار"],
            "سلمى الخطيب",
            "غمرت مياه الفيضان الطريق الساحلي بعد ليلة ممطرة.",
        ),
    );
    write(
        &p.join("news/harvest.html"),
        article(
            "موسم قطاف الزيتون يبدأ مبكرا",
            "اقتصاد",
            &["زراعة"],
            "يوسف العلي",
            "بدأ المزارعون قطاف الزيتون قبل موعده بأسبوعين.",
        ),
    );
    write(&p.join("news/old-flood/index.html"), "<html><head><title>news/flood/</title><link rel=canonical href=/news/flood/><meta http-equiv=refresh content=\"0; url=/news/flood/\"></head></html>");
    write(&p.join("members/index.html"), "<html><head><meta name=\"robots\" content=\"NOINDEX, nofollow\"><title>صفحة الأعضاء</title></head><body><p>محتوى خاص بالأعضاء.</p></body></html>");
    write(&p.join("search/index.html"), "<html><body data-fahras-ignore><div data-fahras></div></body></html>");
    p
}

#[test]
fn an_html_site_gives_its_articles_with_titles_sections_and_metadata() {
    let dir = scratch("hugo");
    let site = hugo_site(&dir);
    let out = site.join("index.fahras");
    let o = run(&["build", s(&site), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("indexed 2 documents"), "{err}");
    assert!(
        err.contains(
            ", 4 list pages, 1 not-found page, 1 redirect, 1 noindex page and 1 page with data-fahras-ignore left out \
             (--keep-list-pages keeps pages left out by their paths)"
        ),
        "{err}"
    );
    assert!(!err.contains("warning"), "nothing here is surprising: {err}");

    let q = |args: &[&str]| {
        let mut all = vec!["query", s(&out)];
        all.extend_from_slice(args);
        all.push("--json");
        json(&run(&all))
    };
    let r = q(&["الفيضان"]);
    assert_eq!(r["total"], 1);
    let hit = &r["hits"][0];
    assert_eq!(hit["id"], "news/flood/index.html");
    assert_eq!(hit["url"], "news/flood/", "a folder's index.html is served as the folder");
    assert_eq!(hit["title"], "فيضان الوادي يغمر الطريق الساحلي");
    assert_eq!(hit["category"], serde_json::json!(["محليات", "طقس", "أمطار"]));
    assert_eq!(hit["meta"]["author"], "سلمى الخطيب");
    assert_eq!(hit["meta"]["image"], "/img/cover.jpg");
    assert_eq!(q(&["الزيتون"])["hits"][0]["url"], "news/harvest.html");
    // The site's name is in every <title>, and no longer finds every page.
    assert_eq!(q(&["الوادي"])["total"], 1, "only the article about the valley");
    assert_eq!(q(&["--filter", "category=طقس"])["total"], 1);
    assert_eq!(q(&["--filter", "المنطقة=الساحل"])["total"], 2);
    assert_eq!(q(&["الأعضاء"])["total"], 0, "noindex");

    // --keep-list-pages keeps the list pages and the not-found page.
    let o = run(&["build", s(&site), "--output", s(&out), "--keep-list-pages"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("indexed 7 documents") && err.contains(", 1 redirect, 1 noindex page and 1 page"), "{err}");
    assert!(!err.contains("list page") && !err.contains("--keep-list-pages"), "{err}");
    assert_eq!(q(&["وسم"])["hits"][0]["url"], "tags/rain/");
    assert_eq!(q(&["الرئيسية"])["hits"][0]["url"], "./");
}

#[test]
fn once_a_page_marks_its_body_pages_without_a_marker_are_left_out() {
    let dir = scratch("marked");
    let site = dir.join("site");
    let page = |body: &str| format!("<html><head><title>ت</title></head><body><nav>القائمة</nav>{body}</body></html>");
    write(&site.join("a.html"), page("<div data-fahras-body><p>افتتاح جسر المدينة الجديد</p></div>"));
    write(&site.join("b.html"), page("<div data-fahras-body><p>افتتاح سوق الخضار</p></div>"));
    write(&site.join("contact.html"), page("<main><p>راسلونا على العنوان</p></main>"));
    let out = dir.join("i.fahras");
    let o = run(&["build", s(&site), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("indexed 2 documents") && err.contains(", 1 page without data-fahras-body left out"), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(json(&run(&["query", s(&out), "افتتاح", "--json"]))["total"], 2);

    // One marked page among many is surprising: one warning, naming it.
    std::fs::remove_file(site.join("b.html")).unwrap();
    write(&site.join("about.html"), page("<main><p>من نحن</p></main>"));
    let o = run(&["build", s(&site), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("indexed 1 documents") && err.contains("2 pages without data-fahras-body left out"), "{err}");
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(err.contains("a.html: only 1 of 3 HTML pages mark their body with data-fahras-body"), "{err}");
}

#[test]
fn a_hand_written_site_whose_index_is_an_article() {
    let dir = scratch("handwritten");
    let site = dir.join("site");
    write(&site.join("index.html"), "<html><head><title>رحلة إلى واحة سيوة</title></head><body><h1>رحلة إلى واحة سيوة</h1><p>وصلنا إلى الواحة بعد رحلة طويلة في الصحراء.</p></body></html>");
    write(
        &site.join("photos.html"),
        "<html><head><title>صور الرحلة</title></head><body><p>صور من بحيرة الملح.</p></body></html>",
    );
    let out = dir.join("i.fahras");
    let o = run(&["build", s(&site), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("indexed 1 documents") && stderr(&o).contains("1 list page left out (--keep-list-pages"),
        "{}",
        stderr(&o)
    );
    let o = run(&["build", s(&site), "--output", s(&out), "--keep-list-pages"]);
    assert!(stderr(&o).contains("indexed 2 documents"), "{}", stderr(&o));
    assert_eq!(json(&run(&["query", s(&out), "الواحة", "--json"]))["hits"][0]["url"], "./");

    // Nothing but left-out pages: the message says why there is nothing to index.
    std::fs::remove_file(site.join("photos.html")).unwrap();
    write(&site.join("404.html"), "<p>غير موجودة</p>");
    std::fs::remove_file(site.join("index.html")).unwrap();
    let o = run(&["build", s(&site), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no documents to index in") && stderr(&o).contains("1 not-found page left out"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn urls_relative_to_the_site_root() {
    let dir = scratch("root");
    let site = hugo_site(&dir);
    write(
        &site.join("news/مقال قديم.html"),
        article("أرشيف الفيضانات", "محليات", &[], "سلمى", "فيضانات السنوات الماضية."),
    );
    let out = site.join("index.fahras");
    // Only the news folder, into the site's root: urls are paths on the site.
    let o = run(&["build", s(&site.join("news")), "--root", s(&site), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("indexed 3 documents") && stderr(&o).contains("2 list pages and 1 redirect left out"),
        "{}",
        stderr(&o)
    );
    let r = json(&run(&["query", s(&out), "الفيضان", "--json"]));
    let mut hits: Vec<(&str, &str)> =
        r["hits"].as_array().unwrap().iter().map(|h| (h["id"].as_str().unwrap(), h["url"].as_str().unwrap())).collect();
    hits.sort();
    // The space is encoded (the widget drops white space from urls); Arabic stays readable.
    assert_eq!(hits, [("news/flood/index.html", "news/flood/"), ("news/مقال قديم.html", "news/مقال%20قديم.html")]);
    // Without --root, urls are relative to the folder indexed, as before.
    let o = run(&["build", s(&site.join("news")), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&run(&["query", s(&out), "الساحلي", "--json"]))["hits"][0]["url"], "flood/");

    // A page outside the root has no url on the site: the error names it.
    let elsewhere = dir.join("drafts/preview.html");
    write(&elsewhere, article("مسودة", "محليات", &[], "سلمى", "نص تجريبي."));
    let o = run(&["build", s(&site.join("news")), s(&elsewhere), "--root", s(&site), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("drafts/preview.html: not under the site root") && err.contains("--root"), "{err}");
    let o = run(&["build", s(&site.join("news")), s(&elsewhere), "--root", s(&site), "-o", s(&out), "--skip-invalid"]);
    assert!(
        o.status.success() && stderr(&o).contains("warning: ") && stderr(&o).contains("1 invalid inputs skipped"),
        "{}",
        stderr(&o)
    );
    let o = run(&["build", s(&site), "--root", s(&dir.join("nowhere")), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere: --root must be the directory"), "{}", stderr(&o));
}

/// Hundreds of unreadable dates (a hijri year in a Gregorian field, in every article of an old
/// feed) do not bury the build's summary: twenty warnings are listed, the rest counted, and
/// `FAHRAS_ALL_WARNINGS=1` lists them all.
#[test]
fn many_warnings_are_counted_not_all_listed() {
    let dir = scratch("many-warnings");
    let lines: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"id": "w{i}", "title": "خبر رقم {i} عن الحكومة", "body": "نص الخبر.", "date": "14{i:02}-20-16"}}"#
            )
        })
        .collect();
    let c = dir.join("c.jsonl");
    std::fs::write(&c, lines.join("\n")).unwrap();
    let o = run(&["build", s(&c), "--output", s(&dir.join("i.fahras"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("cannot read the date").count(), 20, "{err}");
    assert!(err.contains("c.jsonl:20:") && !err.contains("c.jsonl:21:"), "{err}");
    assert!(err.contains("and 10 more warnings in 1 file, not listed"), "{err}");
    assert!(err.contains("indexed 30 documents"), "{err}");
    let o = bin()
        .env("FAHRAS_ALL_WARNINGS", "1")
        .args(["build", s(&c), "--output", s(&dir.join("j.fahras"))])
        .output()
        .unwrap();
    assert_eq!(stderr(&o).matches("cannot read the date").count(), 30, "{}", stderr(&o));
    assert!(!stderr(&o).contains("more warnings"));
}
