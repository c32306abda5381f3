//! The WebAssembly API, in a real browser (headless Chromium):
//! `cargo test --target wasm32-unknown-unknown -p fahras --test wasm`.
#![cfg(target_arch = "wasm32")]

use fahras::web::api::Fahras;
use fahras::{Document, IndexWriter};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The fixture articles, compiled in (the browser has no file system).
const FIXTURES: &[(&str, &str)] = &[
    ("01-hukuma", include_str!("fixtures/news/01-hukuma.txt")),
    ("02-tarabulus", include_str!("fixtures/news/02-tarabulus.txt")),
    ("03-berlin", include_str!("fixtures/news/03-berlin.txt")),
    ("04-nato", include_str!("fixtures/news/04-nato.txt")),
    ("05-kura", include_str!("fixtures/news/05-kura.txt")),
];

fn index_bytes() -> Vec<u8> {
    let mut w = IndexWriter::new();
    for (id, text) in FIXTURES {
        let (title, body) = text.split_once('\n').unwrap();
        let mut d = Document::new(*id, title, body);
        d.url = format!("news/{id}.html");
        w.add(d);
    }
    w.finish().unwrap()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn message(e: impl Into<JsValue>) -> String {
    e.into().dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

fn search(f: &mut Fahras, q: &str, opts: JsValue) -> Result<JsValue, String> {
    f.search(q, opts).map_err(message)
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn search_returns_plain_data() {
    let mut f = Fahras::open(index_bytes()).unwrap();
    assert_eq!(f.documents(), 5);
    assert!(!f.is_split());
    let res = search(&mut f, "حكومة", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&res, "query").as_string().unwrap(), "حكومة");
    assert_eq!(get(&res, "total").as_f64().unwrap(), 2.0);
    let hits: js_sys::Array = get(&res, "hits").dyn_into().unwrap();
    let first = hits.get(0);
    let id = get(&first, "id").as_string().unwrap();
    assert!(id == "01-hukuma" || id == "02-tarabulus", "{id}");
    assert!(get(&first, "excerpt").as_string().unwrap().contains("<mark>"));
    assert!(get(&first, "score").as_f64().unwrap() > 0.0);
    assert_eq!(get(&first, "url").as_string().unwrap(), format!("news/{id}.html"));
}

#[wasm_bindgen_test]
fn options_page_and_limit() {
    let mut f = Fahras::open(index_bytes()).unwrap();
    let all = search(&mut f, "في", options(&[("limit", 100.into())])).unwrap();
    let total = get(&all, "total").as_f64().unwrap() as u32;
    assert!(total >= 4);
    let page = search(&mut f, "في", options(&[("limit", 2.into()), ("offset", 1.into())])).unwrap();
    let hits: js_sys::Array = get(&page, "hits").dyn_into().unwrap();
    assert_eq!(hits.length(), 2);
    let all_hits: js_sys::Array = get(&all, "hits").dyn_into().unwrap();
    assert_eq!(get(&hits.get(0), "id").as_string(), get(&all_hits.get(1), "id").as_string());
    let err = search(&mut f, "في", options(&[("limit", "many".into())])).unwrap_err();
    assert!(err.contains("limit"), "{err}");
    let err = search(&mut f, "في", options(&[("from", "2020-13-01".into())])).unwrap_err();
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let err = search(&mut f, "في", options(&[("filters", options(&[("section", "x".into())]))])).unwrap_err();
    assert!(err.contains("section"), "{err}");
}

#[wasm_bindgen_test]
fn keyboard_layout_and_typos_say_what_ran() {
    let mut f = Fahras::open(index_bytes()).unwrap();
    let res = search(&mut f, "fvgdk", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&res, "ran_as").as_string().unwrap(), "برلين");
    assert_eq!(get(&res, "rewrite").as_string().unwrap(), "keyboard");
    let res = search(&mut f, "ستولتنبرع ", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&res, "rewrite").as_string().unwrap(), "typo");
    assert_eq!(get(&res, "total").as_f64().unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn damaged_or_foreign_bytes_are_readable_errors() {
    let e = message(Fahras::open(b"<!DOCTYPE html><title>404</title>".to_vec()).err().unwrap());
    assert!(e.contains("not a Fahras index"), "{e}");
    let mut bytes = index_bytes();
    bytes.truncate(bytes.len() - 10);
    let e = message(Fahras::open(bytes).err().unwrap());
    assert!(e.contains("truncated"), "{e}");
    let mut bytes = index_bytes();
    let n = bytes.len();
    bytes[n - 5] ^= 0x40;
    let e = message(Fahras::open(bytes).err().unwrap());
    assert!(e.contains("damaged"), "{e}");
}

fn split_files(extra: &[(&str, &str)]) -> (Vec<u8>, std::collections::HashMap<String, Vec<u8>>) {
    let mut w = IndexWriter::new();
    for (id, text) in FIXTURES.iter().chain(extra) {
        let (title, body) = text.split_once('\n').unwrap();
        w.add(Document::new(*id, title, body));
    }
    let (files, _) = w.finish_split().unwrap();
    (files.manifest, files.shards.into_iter().collect())
}

/// Searches a split index as fahras-embed.js does: add the shards it names, search again.
fn search_split(f: &mut Fahras, shards: &std::collections::HashMap<String, Vec<u8>>, q: &str) -> (JsValue, usize) {
    let mut fetched = 0;
    for _ in 0..8 {
        let r = search(f, q, JsValue::UNDEFINED).unwrap();
        if !js_sys::Array::is_array(&r) {
            return (r, fetched);
        }
        for name in js_sys::Array::from(&r).iter() {
            let name = name.as_string().unwrap();
            f.add_shard(&name, shards[&name].clone()).unwrap();
            fetched += 1;
        }
    }
    panic!("the search kept asking for shards");
}

#[wasm_bindgen_test]
fn a_split_index_names_the_shards_it_lacks_and_moves_to_a_new_build() {
    let (manifest, shards) = split_files(&[]);
    let mut f = Fahras::open(manifest.clone()).unwrap();
    assert!(f.is_split());
    // Every shard a reader may fetch (the update state, x…, is for the builder only).
    let readable = shards.keys().filter(|n| !n.starts_with('x')).count();
    assert_eq!(js_sys::Array::from(&f.shards()).length() as usize, readable);
    let (res, fetched) = search_split(&mut f, &shards, "طرابلس");
    assert!(fetched > 0);
    assert_eq!(get(&res, "total").as_f64().unwrap(), 1.0);
    // A shard of no build of this index is refused, with its name.
    let e = message(f.add_shard("d0-0123456789abcdef.fahras", vec![1, 2, 3]).unwrap_err());
    assert!(e.contains("d0-0123456789abcdef.fahras"), "{e}");
    // The same manifest again: no new build.
    let build = f.build();
    assert!(!f.swap(manifest).unwrap());
    assert_eq!(f.build(), build);
    // A new build (one more article): moves, and answers as the new build.
    let (manifest2, shards2) = split_files(&[("06-new", "طرابلس مرة أخرى\nخبر جديد عن طرابلس")]);
    assert!(f.swap(manifest2).unwrap());
    assert_ne!(f.build(), build);
    let (res, _) = search_split(&mut f, &shards2, "طرابلس");
    assert_eq!(get(&res, "total").as_f64().unwrap(), 2.0);
    // The last word being typed: the shards to fetch ahead, none already loaded.
    let ahead = js_sys::Array::from(&f.prefetch("طرا"));
    for name in ahead.iter() {
        assert!(shards2.contains_key(&name.as_string().unwrap()));
    }
    assert_eq!(js_sys::Array::from(&f.prefetch("طرابلس ")).length(), 0, "a complete word needs nothing ahead");
}

#[wasm_bindgen_test]
fn a_whole_index_swaps_only_for_other_bytes() {
    let mut f = Fahras::open(index_bytes()).unwrap();
    assert_eq!(f.build().len(), 16, "{}", f.build());
    assert!(!f.swap(index_bytes()).unwrap(), "the same bytes are the same build");
    let mut w = IndexWriter::new();
    w.add(Document::new("x", "عنوان", "نص جديد عن طرابلس"));
    assert!(f.swap(w.finish().unwrap()).unwrap());
    assert_eq!(f.documents(), 1);
    let e = message(f.swap(b"garbage".to_vec()).unwrap_err());
    assert!(e.contains("not a Fahras index"), "{e}");
    assert_eq!(f.documents(), 1, "a refused build leaves the open one");
}

#[wasm_bindgen_test]
fn lone_surrogates_are_read_as_separators() {
    // A JavaScript string can hold lone surrogates, UTF-8 cannot: they arrive as U+FFFD, a
    // separator, so the word between them is still searched.
    let mut f = Fahras::open(index_bytes()).unwrap();
    let odd =
        js_sys::JsString::from_char_code(&[0xD800, 0x0637, 0x0631, 0x0627, 0x0628, 0x0644, 0x0633, 0xDC00, 0xDBFF]);
    let q: String = odd.into();
    let res = search(&mut f, &q, JsValue::UNDEFINED).unwrap();
    let hits: js_sys::Array = get(&res, "hits").dyn_into().unwrap();
    assert_eq!(get(&hits.get(0), "id").as_string().unwrap(), "02-tarabulus");
}

#[wasm_bindgen_test]
fn mark_spans_are_utf16_offsets() {
    // «𝐀» is two UTF-16 units, Arabic letters one, «é» one (two bytes in UTF-8).
    let text = "𝐀 é وللحكومة، حكومتها";
    let spans = fahras::web::api::mark_spans("حكومة", text);
    let units: Vec<u16> = text.encode_utf16().collect();
    let words: Vec<String> =
        spans.chunks(2).map(|p| String::from_utf16(&units[p[0] as usize..p[1] as usize]).unwrap()).collect();
    assert_eq!(words, ["وللحكومة", "حكومتها"]);
    assert!(fahras::web::api::mark_spans("", text).is_empty());
}
