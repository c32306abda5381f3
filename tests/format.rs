//! The index format: golden files of released versions, and damaged files of every kind. A
//! damaged index gives a typed error (never a panic, never wrong results silently).

mod common;

use common::{build, fixture_docs, ids};
use fahras::analysis::ANALYZER_VERSION;
use fahras::index::format::{Header, SectionKind, FORMAT_VERSION, OLDEST_SUPPORTED_VERSION};
use fahras::{Error, Index, SearchOptions};
use std::path::PathBuf;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

fn current_golden() -> PathBuf {
    golden(&format!("format-v{FORMAT_VERSION}-analyzer-v{ANALYZER_VERSION}.fahras"))
}

/// Index files written by released versions must keep opening, or, when the format or the
/// analysis rules changed since (an older format or analyzer version), be refused with a
/// message that says to rebuild: this Fahras cannot read them, or their terms would not meet
/// the queries'. The fixture corpus is `tests/fixtures/news`; to add
/// the file of a new format or analyzer version, run `FAHRAS_BLESS=1 cargo test --test format`
/// and commit `tests/golden/format-vN-analyzer-vM.fahras`.
#[test]
fn golden_files_of_every_supported_version_open_and_search() {
    let current = current_golden();
    if std::env::var_os("FAHRAS_BLESS").is_some() {
        std::fs::create_dir_all(current.parent().unwrap()).unwrap();
        std::fs::write(&current, build(&fixture_docs())).unwrap();
    }
    let (mut opened, mut refused) = (0, 0);
    for entry in std::fs::read_dir(golden("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "fahras") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        // Bytes 8..10 of the header: the format version; 10..12: the analyzer version (see
        // src/index/format.rs).
        if u16::from_le_bytes([bytes[8], bytes[9]]) < OLDEST_SUPPORTED_VERSION {
            let e = Index::open(bytes).unwrap_err();
            assert!(matches!(e, Error::Version { .. }), "{}: {e:?}", path.display());
            assert!(e.to_string().contains("older") && e.to_string().contains("rebuild"), "{e}");
            refused += 1;
            continue;
        }
        if u16::from_le_bytes([bytes[10], bytes[11]]) < ANALYZER_VERSION {
            let e = Index::open(bytes).unwrap_err();
            assert!(matches!(e, Error::Analyzer { .. }), "{}: {e:?}", path.display());
            assert!(e.to_string().contains("rebuild the index"), "{e}");
            refused += 1;
            continue;
        }
        let index = Index::open(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        index.verify().unwrap();
        assert_eq!(index.doc_count(), 8, "{}", path.display());
        assert_eq!(ids(&index, "طرابلس"), ["02-tarabulus"], "{}", path.display());
        assert_eq!(ids(&index, "\"مؤتمر برلين\""), ["03-berlin"], "{}", path.display());
        if u16::from_le_bytes([bytes_version(&path), 0]) >= 2 {
            // Since version 2: sections and dates.
            let opts = SearchOptions {
                filters: vec![("category".into(), "دولي".into())],
                sort: fahras::search::Sort::Newest,
                limit: 100,
                ..SearchOptions::default()
            };
            let r = index.search("", &opts).unwrap();
            let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
            assert_eq!(got, ["08-mixed", "04-nato", "03-berlin"], "{}", path.display());
        }
        opened += 1;
    }
    assert!(opened >= 1, "no golden file of the current versions");
    assert!(refused >= 2, "the golden files of format version 1 are gone");
}

fn bytes_version(path: &std::path::Path) -> u8 {
    std::fs::read(path).unwrap()[8]
}

/// The writer is deterministic, so an unintended change of the format shows up here. If the
/// change is intended, bump FORMAT_VERSION (or ANALYZER_VERSION) and bless a new golden file.
#[test]
fn the_writer_still_writes_the_current_golden_file() {
    let current = std::fs::read(current_golden()).unwrap();
    assert!(build(&fixture_docs()) == current, "the index bytes changed without a format version change");
}

fn fixture_bytes() -> Vec<u8> {
    build(&fixture_docs())
}

/// Rewrites the header (and its checksum) of an index.
fn with_header(bytes: &[u8], f: impl FnOnce(&mut Header)) -> Vec<u8> {
    let mut h = Header::decode(bytes).unwrap();
    let table_len = fahras::index::format::HEADER_LEN + h.sections.len() * fahras::index::format::SECTION_ENTRY_LEN;
    f(&mut h);
    let mut out = h.encode();
    out.extend_from_slice(&bytes[table_len..]);
    out
}

fn open_err(bytes: Vec<u8>) -> Error {
    match Index::open(bytes) {
        Ok(i) => i.verify().expect_err("a damaged index must not verify"),
        Err(e) => e,
    }
}

#[test]
fn not_an_index() {
    for bytes in [&b""[..], b"FAH", b"<!DOCTYPE html><html><body>404 Not Found</body></html>", &[0u8; 64]] {
        let e = open_err(bytes.to_vec());
        assert!(matches!(e, Error::BadMagic { .. }), "{e:?}");
    }
    let msg = open_err(b"<!DOCTYPE html>".to_vec()).to_string();
    assert!(msg.contains("not a Fahras index") && msg.contains("<!DOCTYP") && msg.contains("error page"), "{msg}");
}

#[test]
fn versions_out_of_range() {
    let bytes = fixture_bytes();
    let newer = open_err(with_header(&bytes, |h| h.version = FORMAT_VERSION + 1));
    assert!(matches!(newer, Error::Version { found, .. } if found == FORMAT_VERSION + 1), "{newer:?}");
    assert!(newer.to_string().contains("newer"));
    let older = open_err(with_header(&bytes, |h| h.version = 0));
    assert!(older.to_string().contains("older"), "{older}");
    let analyzer = open_err(with_header(&bytes, |h| h.analyzer += 1));
    assert!(matches!(analyzer, Error::Analyzer { .. }), "{analyzer:?}");
}

#[test]
fn truncated_anywhere() {
    let bytes = fixture_bytes();
    let h = Header::decode(&bytes).unwrap();
    let mut cuts: Vec<usize> = vec![0, 1, 7, 8, 31, 32, 33, bytes.len() - 1];
    for s in &h.sections {
        cuts.extend([s.offset as usize, s.offset as usize + 1, (s.offset + s.len) as usize - 1]);
    }
    cuts.extend((0..bytes.len()).step_by(97));
    for cut in cuts {
        if cut >= bytes.len() {
            continue;
        }
        let e = open_err(bytes[..cut].to_vec());
        assert!(matches!(e, Error::Truncated { .. } | Error::BadMagic { .. }), "cut at {cut}: {e:?}");
        if cut > 64 {
            assert!(e.to_string().contains("truncated"), "{e}");
        }
    }
}

#[test]
fn a_header_that_lies_about_the_length_is_caught_by_the_sections() {
    // Cut the file and fix up its header so that the length matches: the sections now run past
    // the end and the header checks catch it.
    let bytes = fixture_bytes();
    let h = Header::decode(&bytes).unwrap();
    let docs = h.section(SectionKind::Docs).unwrap();
    let cut = (docs.offset + docs.len / 2) as usize;
    let mut lie = with_header(&bytes, |h| h.file_len = cut as u64);
    lie.truncate(cut);
    let e = open_err(lie);
    assert!(matches!(e, Error::Corrupt { .. }), "{e:?}");
}

#[test]
fn every_bit_flip_is_detected_and_nothing_panics() {
    let bytes = fixture_bytes();
    let opts = SearchOptions::default();
    let mut opened = 0;
    // Every byte of the header and section table, then every fifth byte, one bit each (the bit
    // varies with the position).
    let table = fahras::index::format::HEADER_LEN + 8 * fahras::index::format::SECTION_ENTRY_LEN;
    for i in (0..bytes.len()).filter(|&i| i < table || i % 5 == 0) {
        let mut b = bytes.clone();
        b[i] ^= 1 << (i % 8);
        match Index::open(b) {
            Err(_) => {}
            Ok(index) => {
                opened += 1;
                // Searching a damaged (unverified) index may fail, but must not panic.
                for q in ["طرابلس", "حكومة", "\"مؤتمر برلين\"", "ب", "fvgdk"] {
                    let _ = index.search(q, &opts);
                }
                assert!(index.verify().is_err(), "flip at byte {i} not detected");
            }
        }
    }
    // Opening checks the dictionaries; postings and documents are checked by verify().
    assert!(opened > 0);
}

#[test]
fn a_duplicated_section_or_unknown_kind_is_refused() {
    let bytes = fixture_bytes();
    let e = open_err(with_header(&bytes, |h| h.sections[1].kind = h.sections[0].kind));
    assert!(e.to_string().contains("two"), "{e}");
}
