//! The WebAssembly API and the widget, in a real browser (headless Chromium):
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

async fn search(f: &Fahras, q: &str, opts: JsValue) -> Result<JsValue, String> {
    wasm_bindgen_futures::JsFuture::from(f.search(q.into(), opts)).await.map_err(message)
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
async fn search_returns_plain_data() {
    let f = Fahras::from_bytes(index_bytes()).unwrap();
    assert_eq!(f.documents(), 5);
    let res = search(&f, "حكومة", JsValue::UNDEFINED).await.unwrap();
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
async fn options_page_and_limit() {
    let f = Fahras::from_bytes(index_bytes()).unwrap();
    let all = search(&f, "في", options(&[("limit", 100.into())])).await.unwrap();
    let total = get(&all, "total").as_f64().unwrap() as u32;
    assert!(total >= 4);
    let page = search(&f, "في", options(&[("limit", 2.into()), ("offset", 1.into())])).await.unwrap();
    let hits: js_sys::Array = get(&page, "hits").dyn_into().unwrap();
    assert_eq!(hits.length(), 2);
    let all_hits: js_sys::Array = get(&all, "hits").dyn_into().unwrap();
    assert_eq!(get(&hits.get(0), "id").as_string(), get(&all_hits.get(1), "id").as_string());
    let err = search(&f, "في", options(&[("limit", "many".into())])).await.unwrap_err();
    assert!(err.contains("limit"), "{err}");
}

#[wasm_bindgen_test]
async fn keyboard_layout_and_typos_say_what_ran() {
    let f = Fahras::from_bytes(index_bytes()).unwrap();
    let res = search(&f, "fvgdk", JsValue::UNDEFINED).await.unwrap();
    assert_eq!(get(&res, "ran_as").as_string().unwrap(), "برلين");
    assert_eq!(get(&res, "rewrite").as_string().unwrap(), "keyboard");
    let res = search(&f, "ستولتنبرع ", JsValue::UNDEFINED).await.unwrap();
    assert_eq!(get(&res, "rewrite").as_string().unwrap(), "typo");
    assert_eq!(get(&res, "total").as_f64().unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn damaged_or_foreign_bytes_are_readable_errors() {
    let e = message(Fahras::from_bytes(b"<!DOCTYPE html><title>404</title>".to_vec()).err().unwrap());
    assert!(e.contains("not a Fahras index"), "{e}");
    let mut bytes = index_bytes();
    bytes.truncate(bytes.len() - 10);
    let e = message(Fahras::from_bytes(bytes).err().unwrap());
    assert!(e.contains("truncated"), "{e}");
    let mut bytes = index_bytes();
    let n = bytes.len();
    bytes[n - 5] ^= 0x40;
    let e = message(Fahras::from_bytes(bytes).err().unwrap());
    assert!(e.contains("damaged"), "{e}");
}

fn blob_url(bytes: &[u8]) -> String {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

#[wasm_bindgen_test]
async fn load_fetches_and_opens() {
    let f = Fahras::load(blob_url(&index_bytes())).await.unwrap();
    assert_eq!(f.documents(), 5);
    // A gzipped index is gunzipped on the way in.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &index_bytes()).unwrap();
    let f = Fahras::load(blob_url(&gz.finish().unwrap())).await.unwrap();
    assert_eq!(f.documents(), 5);
    let e = message(Fahras::load("/no-such-index.fahras".into()).await.err().unwrap());
    assert!(e.contains("404"), "{e}");
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn wait_for_state(root: &web_sys::Element, want: &str) -> String {
    for _ in 0..200 {
        let state =
            root.query_selector(".fahras").unwrap().and_then(|f| f.get_attribute("data-state")).unwrap_or_default();
        if state == want {
            return state;
        }
        sleep(10).await;
    }
    panic!("the widget never reached state {want}");
}

fn type_query(root: &web_sys::Element, q: &str) {
    let input: web_sys::HtmlInputElement = root.query_selector(".fahras-input").unwrap().unwrap().dyn_into().unwrap();
    input.set_value(q);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn the_widget_searches_as_you_type() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    fahras::web::widget::mount(
        host.clone(),
        options(&[("index", blob_url(&index_bytes()).into()), ("limit", "3".into())]),
    )
    .unwrap();
    wait_for_state(&host, "ready").await;
    let input = host.query_selector(".fahras-input").unwrap().unwrap();
    assert_eq!(input.get_attribute("role").as_deref(), Some("combobox"));
    let status = host.query_selector(".fahras-status").unwrap().unwrap();
    assert!(status.text_content().unwrap().contains("5 مقالات"), "{:?}", status.text_content());

    type_query(&host, "طرا");
    wait_for_state(&host, "results").await;
    let first = host.query_selector(".fahras-result").unwrap().unwrap();
    assert_eq!(first.get_attribute("role").as_deref(), Some("option"));
    let title = first.query_selector(".fahras-title").unwrap().unwrap();
    assert_eq!(title.tag_name(), "A");
    assert!(title.get_attribute("href").unwrap().ends_with("news/02-tarabulus.html"));
    assert!(first.inner_html().contains("<mark>"));

    type_query(&host, "زززززز ");
    wait_for_state(&host, "empty").await;
    assert!(host.query_selector(".fahras-result").unwrap().is_none());
    assert!(status.text_content().unwrap().contains("لا نتائج"));

    // Lone surrogates (a JavaScript string can hold them, UTF-8 cannot): read as U+FFFD, a
    // separator, so the word between them is still searched.
    let input = host.query_selector(".fahras-input").unwrap().unwrap();
    let odd =
        js_sys::JsString::from_char_code(&[0xD800, 0x0637, 0x0631, 0x0627, 0x0628, 0x0644, 0x0633, 0xDC00, 0xDBFF]);
    js_sys::Reflect::set(&input, &"value".into(), &odd).unwrap();
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    wait_for_state(&host, "results").await;
    let first = host.query_selector(".fahras-result .fahras-title").unwrap().unwrap();
    assert!(first.get_attribute("href").unwrap().ends_with("news/02-tarabulus.html"));

    // A broken index: the error state, and the page keeps working.
    let broken = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&broken).unwrap();
    fahras::web::widget::mount(broken.clone(), options(&[("index", blob_url(b"not an index").into())])).unwrap();
    wait_for_state(&broken, "error").await;
    let msg = broken.query_selector(".fahras-status").unwrap().unwrap();
    assert_eq!(msg.get_attribute("role").as_deref(), Some("alert"));
    assert!(msg.text_content().unwrap().contains("not a Fahras index"));
}
