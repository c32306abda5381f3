//! The JavaScript API: bytes (or a URL) in, plain data out.
//!
//! ```js
//! import init, { Fahras } from './fahras.js';
//! await init();
//! const index = await Fahras.load('index.fahras');          // or Fahras.fromBytes(uint8array)
//! const res = index.search('حكومة', { limit: 10, offset: 0 });
//! // { query, ran_as, rewrite, total, hits: [{ id, title, url, date, category, score,
//! //   excerpt, title_html }], suggestions }
//! ```
//!
//! Every failure (network, HTTP status, a damaged or incompatible index) is a JavaScript
//! `Error` with a message a site owner can act on; nothing panics.

use super::fetch;
use crate::search::SearchOptions;
use crate::Index;
use wasm_bindgen::prelude::*;

/// An open index.
#[wasm_bindgen]
pub struct Fahras {
    index: Index,
}

#[wasm_bindgen]
impl Fahras {
    /// Opens an index from its bytes (a `Uint8Array`), checking every checksum.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Fahras, JsError> {
        open(bytes)
    }

    /// Downloads and opens the index at `url` (relative to the page).
    pub async fn load(url: String) -> Result<Fahras, JsError> {
        let bytes = fetch::bytes(&url, &mut |_, _| {}).await.map_err(|e| JsError::new(&e))?;
        open(bytes)
    }

    /// Searches. `options` may set `limit`, `offset`, `excerptWords`, `excerpts`, `typo`,
    /// `keyboard` and `completions` (see the Rust `SearchOptions`); missing ones take defaults.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts = options_from(options)?;
        let res = self.index.search(query, &opts).map_err(|e| JsError::new(&e.to_string()))?;
        serde_wasm_bindgen::to_value(&res).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The number of documents.
    #[wasm_bindgen(getter)]
    pub fn documents(&self) -> u32 {
        self.index.doc_count()
    }
}

pub(crate) fn open(bytes: Vec<u8>) -> Result<Fahras, JsError> {
    let index = Index::open(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    index.verify().map_err(|e| JsError::new(&e.to_string()))?;
    Ok(Fahras { index })
}

/// Reads the search options from a plain object, property by property. (Deserializing with
/// serde would pull float formatting for its error messages into the WebAssembly: 15 kB.)
pub(crate) fn options_from(options: JsValue) -> Result<SearchOptions, JsError> {
    let mut o = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(o);
    }
    if !options.is_object() {
        return Err(JsError::new("the search options must be an object, e.g. { limit: 10, offset: 0 }"));
    }
    let get = |k: &str| js_sys::Reflect::get(&options, &JsValue::from_str(k)).ok().filter(|v| !v.is_undefined());
    let count = |k: &str, slot: &mut usize| -> Result<(), JsError> {
        if let Some(v) = get(k) {
            match v.as_f64() {
                Some(n) if n >= 0.0 && n.is_finite() => *slot = n as usize,
                _ => return Err(JsError::new(&format!("the search option {k} must be a number of 0 or more"))),
            }
        }
        Ok(())
    };
    count("limit", &mut o.limit)?;
    count("offset", &mut o.offset)?;
    count("excerptWords", &mut o.excerpt_words)?;
    count("completions", &mut o.completions)?;
    for (k, slot) in [("excerpts", &mut o.excerpts), ("typo", &mut o.typo), ("keyboard", &mut o.keyboard)] {
        if let Some(v) = get(k) {
            *slot = v.as_bool().ok_or_else(|| JsError::new(&format!("the search option {k} must be true or false")))?;
        }
    }
    Ok(o)
}

impl Fahras {
    /// The index, for the widget.
    pub(crate) fn index(&self) -> &Index {
        &self.index
    }
}
