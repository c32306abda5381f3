//! The JavaScript API: bytes (or a URL) in, plain data out.
//!
//! ```js
//! import init, { Fahras } from './fahras.js';
//! await init();
//! const index = await Fahras.load('index.fahras');          // or Fahras.fromBytes(uint8array)
//! const res = await index.search('حكومة', { limit: 10, offset: 0 });
//! // { query, ran_as, rewrite, total, hits: [{ id, title, url, date, category, score,
//! //   excerpt, title_html }], suggestions }
//! ```
//!
//! `load` accepts a whole index or the manifest of a split index; a split index fetches the
//! files each search needs from `<url>.shards/`, caches them, and fetches ahead the files of the
//! word being typed. Every failure (network, HTTP status, a damaged or incompatible index) is a
//! JavaScript `Error` with a message a site owner can act on; nothing panics.

use super::fetch;
use crate::analysis::{self, TermCandidate};
use crate::index::split::{ShardId, SplitIndex};
use crate::index::Searchable;
use crate::search::step::{Step, MAX_STEPS};
use crate::search::{query, SearchOptions, SearchResults, Searcher};
use crate::Index;
use js_sys::{Array, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// A split index in the browser: the index, where its shards are, and the fetches under way.
pub(crate) struct Split {
    index: RefCell<SplitIndex>,
    base: String,
    /// Fetches under way (few at a time: a list, not a hash map, keeps the wasm smaller).
    inflight: RefCell<Vec<(ShardId, Promise)>>,
    /// Downloads running now, and the ones waiting for a turn (their promise's resolve).
    running: Cell<usize>,
    queue: RefCell<Vec<js_sys::Function>>,
}

/// At most this many downloads at once: a page of results for a broad query can want hundreds
/// of document groups, and a browser refuses that many requests at once
/// (`net::ERR_INSUFFICIENT_RESOURCES`) where a small server drops them.
const MAX_DOWNLOADS: usize = 6;
/// A download that fails on the network (not with an HTTP error) is tried this many times.
const TRIES: u32 = 3;

impl Split {
    /// Waits for a download slot.
    async fn slot(&self) {
        if self.running.get() < MAX_DOWNLOADS {
            self.running.set(self.running.get() + 1);
            return;
        }
        let wait = Promise::new(&mut |resolve, _| self.queue.borrow_mut().push(resolve));
        let _ = JsFuture::from(wait).await; // the slot is handed over, `running` unchanged
    }

    /// Gives the slot to the next waiting download, or frees it.
    fn release(&self) {
        let next = {
            let mut q = self.queue.borrow_mut();
            (!q.is_empty()).then(|| q.remove(0))
        };
        match next {
            Some(next) => {
                let _ = next.call0(&JsValue::UNDEFINED);
            }
            None => self.running.set(self.running.get() - 1),
        }
    }

    /// Downloads a file of the shards directory, a few at a time, trying again after a network
    /// failure.
    async fn download(&self, url: &str) -> Result<Vec<u8>, String> {
        self.slot().await;
        let mut result = fetch::bytes(url, &mut |_, _| {}).await;
        for attempt in 1..TRIES {
            match &result {
                Err(e) if fetch::is_network_error(e) => {
                    sleep(250 * attempt as i32).await;
                    result = fetch::bytes(url, &mut |_, _| {}).await;
                }
                _ => break,
            }
        }
        self.release();
        result
    }
}

async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// An open index, and the search's working memory for it.
pub(crate) struct Engine {
    index: Opened,
    searcher: RefCell<Searcher>,
}

/// One index file, or a split index.
enum Opened {
    Single(Index),
    Split(Split),
}

impl Engine {
    /// Opens the bytes of an index file or a manifest; `url` is where they came from (the
    /// shards of a split index are beside it).
    pub(crate) fn open(bytes: Vec<u8>, url: &str) -> Result<Engine, String> {
        let index = if SplitIndex::is_manifest(&bytes) {
            let index = SplitIndex::open(&bytes).map_err(|e| e.to_string())?;
            let base =
                format!("{}{}/", url.split(['?', '#']).next().unwrap_or(url), crate::index::split::SHARDS_SUFFIX);
            Opened::Split(Split {
                index: RefCell::new(index),
                base,
                inflight: RefCell::new(Vec::new()),
                running: Cell::new(0),
                queue: RefCell::new(Vec::new()),
            })
        } else {
            let index = Index::open(bytes).map_err(|e| e.to_string())?;
            index.verify().map_err(|e| e.to_string())?;
            Opened::Single(index)
        };
        Ok(Engine { index, searcher: RefCell::new(Searcher::new()) })
    }

    /// Downloads and opens the index at `url`.
    pub(crate) async fn load(url: &str, progress: &mut dyn FnMut(u64, u64)) -> Result<Engine, String> {
        let bytes = fetch::bytes(url, progress).await?;
        Engine::open(bytes, url)
    }

    /// The number of documents.
    pub(crate) fn documents(&self) -> u32 {
        match &self.index {
            Opened::Single(i) => i.doc_count(),
            Opened::Split(s) => s.index.borrow().stats().live,
        }
    }

    /// Whether this is a split index (only a split index can be saved for offline reading: a
    /// whole one is already here).
    pub(crate) fn is_split(&self) -> bool {
        matches!(self.index, Opened::Split(_))
    }

    /// Searches, fetching the shards a split index lacks (the fetch step of
    /// [`crate::search::step`], with the downloads in parallel).
    pub(crate) async fn search(self: &Rc<Self>, query: &str, opts: &SearchOptions) -> Result<SearchResults, String> {
        let split = match &self.index {
            Opened::Single(i) => {
                return self.searcher.borrow_mut().search(i, query, opts).map_err(|e| e.to_string());
            }
            Opened::Split(s) => s,
        };
        for _ in 0..MAX_STEPS {
            let step = self.searcher.borrow_mut().step(&split.index.borrow(), query, opts);
            let missing = match step {
                Step::Done(result) => {
                    self.prefetch(query);
                    return result.map_err(|e| e.to_string());
                }
                Step::Need(missing) => missing,
            };
            let promises = Array::new();
            for id in &missing {
                promises.push(&self.fetch_shard(*id));
            }
            JsFuture::from(Promise::all(&promises)).await.map_err(|e| super::fetch::describe(&e))?;
        }
        Err("a search kept needing more index shards".into())
    }

    /// Starts fetching a shard of a split index (once, however many searches want it); the
    /// promise resolves when the shard is added.
    fn fetch_shard(self: &Rc<Self>, id: ShardId) -> Promise {
        self.fetch_shard_again(id, false)
    }

    /// [`Self::fetch_shard`], or with `again`, a download of a shard already added (for the
    /// service worker to see it), the bytes left unused.
    fn fetch_shard_again(self: &Rc<Self>, id: ShardId, again: bool) -> Promise {
        let Opened::Split(split) = &self.index else { return Promise::resolve(&JsValue::UNDEFINED) };
        if let Some((_, p)) = split.inflight.borrow().iter().find(|(f, _)| *f == id && !again) {
            return p.clone();
        }
        let me = self.clone();
        let name = split.index.borrow().file_name(&id);
        let url = format!("{}{name}", split.base);
        let p = future_to_promise(async move {
            let Opened::Split(split) = &me.index else { return Ok(JsValue::UNDEFINED) };
            let result = split.download(&url).await;
            if !again {
                split.inflight.borrow_mut().retain(|(f, _)| *f != id);
            }
            let bytes = result.map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
            if again {
                return Ok(JsValue::UNDEFINED);
            }
            split
                .index
                .borrow_mut()
                .add_shard(&name, bytes)
                .map_err(|e| JsValue::from(js_sys::Error::new(&format!("{url}: {e}"))))?;
            Ok(JsValue::UNDEFINED)
        });
        if !again {
            split.inflight.borrow_mut().push((id, p.clone()));
        }
        p
    }

    /// What a saved copy of this index is remembered by: the build of a split index (a rebuilt
    /// site must be saved again), or the documents and terms of a whole one.
    pub(crate) fn version_key(&self) -> String {
        match &self.index {
            Opened::Single(index) => format!("{}-{}", index.doc_count(), index.meta().terms),
            Opened::Split(split) => format!("{:016x}", split.index.borrow().build()),
        }
    }

    /// Fetches every shard of a split index (a few at a time), so that a service worker keeps
    /// them for offline reading; returns how many. Shards already loaded are fetched again too
    /// (from the browser's cache, usually): they may have arrived before the service worker
    /// took control of the page, and it has never seen them. Nothing to do for one file.
    pub(crate) async fn fetch_all(self: &Rc<Self>, progress: &mut dyn FnMut(usize, usize)) -> Result<usize, String> {
        let Opened::Split(split) = &self.index else { return Ok(0) };
        let ids: Vec<(ShardId, bool)> = {
            let index = split.index.borrow();
            index.shards().into_iter().map(|f| (f, index.is_loaded(&f))).collect()
        };
        for (i, chunk) in ids.chunks(16).enumerate() {
            let promises = Array::new();
            for &(id, loaded) in chunk {
                promises.push(&self.fetch_shard_again(id, loaded));
            }
            JsFuture::from(Promise::all(&promises)).await.map_err(|e| super::fetch::describe(&e))?;
            progress((i * 16 + chunk.len()).min(ids.len()), ids.len());
        }
        Ok(ids.len())
    }

    /// Fetches ahead the files the next keystrokes of the last word will want.
    fn prefetch(self: &Rc<Self>, query: &str) {
        let Opened::Split(split) = &self.index else { return };
        let Some(word) = query::parse(query).last().and_then(|c| c.words.last()).filter(|w| w.prefix).cloned() else {
            return;
        };
        let mut cands: Vec<TermCandidate> = Vec::new();
        analysis::prefix_terms(&word.light, &mut cands);
        let ids: Vec<ShardId> = {
            let index = split.index.borrow();
            cands.iter().flat_map(|c| index.prefetch_for(&c.term)).collect()
        };
        for id in ids {
            let _ = self.fetch_shard(id);
        }
    }
}

/// An open index.
#[wasm_bindgen]
pub struct Fahras {
    engine: Rc<Engine>,
}

#[wasm_bindgen]
impl Fahras {
    /// Opens an index from its bytes (a `Uint8Array`), checking every checksum. (A split
    /// index must be loaded from its URL.)
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Fahras, JsError> {
        let engine = Engine::open(bytes, "").map_err(|e| JsError::new(&e))?;
        Ok(Fahras { engine: Rc::new(engine) })
    }

    /// Downloads and opens the index at `url` (relative to the page): a whole index, or the
    /// manifest of a split index.
    pub async fn load(url: String) -> Result<Fahras, JsError> {
        let engine = Engine::load(&url, &mut |_, _| {}).await.map_err(|e| JsError::new(&e))?;
        Ok(Fahras { engine: Rc::new(engine) })
    }

    /// Searches; resolves to the results. `options` may set `limit`, `offset`, `excerptWords`,
    /// `excerpts`, `typo`, `keyboard`, `completions`, `filters` (`{ category: ['سياسة'] }`),
    /// `from` and `to` (`'2020-05-01'`), `sort` (`'relevance'`, `'newest'`, `'oldest'`),
    /// `halfLifeDays` and `facets`; missing ones take defaults.
    pub fn search(&self, query: String, options: JsValue) -> Promise {
        let engine = self.engine.clone();
        let opts = options_from(options);
        future_to_promise(async move {
            let opts = opts.map_err(JsValue::from)?;
            let res = engine.search(&query, &opts).await.map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
            to_js(&res)
        })
    }

    /// The number of documents.
    #[wasm_bindgen(getter)]
    pub fn documents(&self) -> u32 {
        self.engine.documents()
    }

    /// Fetches every shard of a split index, so that search keeps working offline (a service
    /// worker caches them); resolves to the number of shards fetched. Does nothing for a whole
    /// index, which is already here.
    #[wasm_bindgen(js_name = fetchAll)]
    pub fn fetch_all(&self) -> Promise {
        let engine = self.engine.clone();
        future_to_promise(async move {
            let n = engine.fetch_all(&mut |_, _| {}).await.map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
            Ok(JsValue::from(n as u32))
        })
    }
}

/// Results as plain JavaScript objects (maps as objects, not `Map`s).
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&ser).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
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
    for (k, slot) in
        [("excerpts", &mut o.excerpts), ("typo", &mut o.typo), ("keyboard", &mut o.keyboard), ("facets", &mut o.facets)]
    {
        if let Some(v) = get(k) {
            *slot = v.as_bool().ok_or_else(|| JsError::new(&format!("the search option {k} must be true or false")))?;
        }
    }
    if let Some(f) = get("filters") {
        let bad = || {
            JsError::new(
                "the search option filters must be an object of fields, e.g. { category: ['سياسة', 'اقتصاد'] }",
            )
        };
        if !f.is_object() {
            return Err(bad());
        }
        for entry in js_sys::Object::entries(f.unchecked_ref()).iter() {
            let pair: Array = entry.unchecked_into();
            let field = pair.get(0).as_string().ok_or_else(bad)?;
            let values = pair.get(1);
            let list: Vec<JsValue> =
                if Array::is_array(&values) { Array::from(&values).to_vec() } else { vec![values] };
            for v in list {
                o.filters.push((field.clone(), v.as_string().ok_or_else(bad)?));
            }
        }
    }
    for (k, slot) in [("from", &mut o.from), ("to", &mut o.to)] {
        if let Some(v) = get(k) {
            let text = v.as_string().unwrap_or_default();
            let day = crate::index::date::parse_day(&text).ok_or_else(|| {
                JsError::new(&format!("the search option {k} must be a date YYYY-MM-DD, not «{text}»"))
            })?;
            *slot = Some(day);
        }
    }
    if let Some(v) = get("sort") {
        let name = v.as_string().unwrap_or_default();
        o.sort = crate::search::Sort::parse(&name)
            .ok_or_else(|| JsError::new("the search option sort must be 'relevance', 'newest' or 'oldest'"))?;
    }
    if let Some(v) = get("halfLifeDays") {
        match v.as_f64() {
            Some(n) if n > 0.0 && n.is_finite() => o.half_life_days = Some(n),
            _ => return Err(JsError::new("the search option halfLifeDays must be a number of days above 0")),
        }
    }
    Ok(o)
}
