//! Replays every input the fuzzers ever flagged (`fuzz/regressions/<target>/`) through the same
//! checks the fuzz targets run (`fuzz/src/checks.rs`), so a fixed crash stays fixed. The fuzzers
//! themselves need nightly and run outside the test command: see `scripts/fuzz`.

#[path = "../../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_saved_fuzz_input_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    assert!(root.is_dir(), "{} is gone: the saved fuzz inputs would silently stop being replayed", root.display());
    // Every directory of saved inputs must belong to a target that replays it.
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    for d in &dirs {
        assert!(checks::TARGETS.iter().any(|(t, _)| t == d), "fuzz/regressions/{d}/ names no fuzz target");
    }
    let mut replayed = 0;
    for (target, check) in checks::TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else { continue };
        let mut files: Vec<_> = dir.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            eprintln!("replaying {}", f.display());
            check(&data);
            replayed += 1;
        }
    }
    eprintln!("{replayed} inputs replayed");
    let saved: usize = dirs.iter().map(|d| std::fs::read_dir(root.join(d)).unwrap().count()).sum();
    assert_eq!(replayed, saved, "every saved input is replayed");
    assert!(replayed >= 2, "the analyzer's two saved inputs (at least) are replayed; found {replayed}");
}

/// The checks also hold on inputs written by hand: a sound query, a hostile page, the fixture
/// index as it is. (They would catch a check that had become vacuous.)
#[test]
fn the_checks_run_on_ordinary_inputs() {
    checks::run("search", b"\x09\x00\x1e\x07\xd8\xa7\xd9\x84\xd8\xad\xd9\x83\xd9\x88\xd9\x85\xd8\xa9");
    checks::run("analyzer", "وللحكومة قالَ الأمينُ «الناتو» G20 ١٢٣".as_bytes());
    checks::run("read_html", b"<title>a</title><script>x</script><div><div>deep");
    checks::run("render", b"java\tscript:alert(1)");
    checks::run("index_mutated", &[]);
    checks::run("split_mutated", &[0]);
}
