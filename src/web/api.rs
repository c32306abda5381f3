//! The JavaScript API: bytes in, plain data out, nothing asynchronous.
//!
//! The WebAssembly does no networking: `fahras-embed.js` downloads (a few at a time, trying
//! again after a network failure, gunzipping, reporting progress) and hands the bytes over. The
//! surface is narrow, as Pagefind's is:
//!
//! ```js
//! import init, { Fahras, markSpans } from './fahras.js';
//! await init();
//! const index = Fahras.open(bytes, url);   // a whole index, or the manifest of a split index
//! let r = index.search('حكومة', { limit: 10, filters: { category: ['سياسة'] } });
//! while (Array.isArray(r)) {               // a split index names the shards it lacks
//!   for (const name of r) index.addShard(name, await download(`${url}.shards/${name}`));
//!   r = index.search('حكومة', { limit: 10, filters: { category: ['سياسة'] } });
//! }
//! // r: { query, ran_as, rewrite, total, unfiltered_total, hits: [{ id, title, url, date, day,
//! //   category, meta, score, excerpt, title_html }], suggestions, facets, newest }
//! index.prefetch('حكو');      // the shards the next keystrokes will want, to fetch ahead
//! index.swap(newManifest);    // a new build: true if it differs (loaded shards it shares are kept)
//! markSpans('حكومة', 'وللحكومة');   // Uint32Array [0, 8]: UTF-16 offsets of the words to mark
//! ```
//!
//! A split index holds the shards added within a memory budget and drops those used least
//! recently past it (see `index::split::read`): a search may name a shard added before, so a
//! loop of your own must download what the search names, not skip what it added once.
//!
//! Every failure (a damaged or incompatible index, a shard of another build, bad options) is a
//! JavaScript `Error` with a message a site owner can act on; nothing panics.

use crate::analysis::{self, TermCandidate};
use crate::index::split::{ShardId, SplitIndex};
use crate::index::Searchable;
use crate::search::step::Step;
use crate::search::{query, SearchOptions, Searcher};
use crate::util::hash64;
use crate::Index;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// One index file (and a hash of its bytes, to tell a new build), or a split index.
enum Opened {
    Single(Index, u64),
    Split(SplitIndex),
}

/// Opens a whole index file or a manifest, checking every checksum.
fn open(bytes: Vec<u8>) -> Result<Opened, JsError> {
    if SplitIndex::is_manifest(&bytes) {
        return SplitIndex::open(&bytes).map(Opened::Split).map_err(|e| JsError::new(&e.to_string()));
    }
    let hash = hash64(0, &bytes);
    let index = Index::open(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    index.verify().map_err(|e| JsError::new(&e.to_string()))?;
    Ok(Opened::Single(index, hash))
}

/// An open index, and the search's working memory for it.
#[wasm_bindgen]
pub struct Fahras {
    index: Opened,
    searcher: Searcher,
}

/// File names, as a JavaScript array.
fn names(split: &SplitIndex, ids: &[ShardId]) -> JsValue {
    ids.iter().map(|id| JsValue::from(split.file_name(id))).collect::<Array>().into()
}

#[wasm_bindgen]
impl Fahras {
    /// Opens an index from its bytes (a `Uint8Array`, uncompressed): a whole index, or the
    /// manifest of a split index, whose shards are then added as searches ask for them.
    pub fn open(bytes: Vec<u8>) -> Result<Fahras, JsError> {
        Ok(Fahras { index: open(bytes)?, searcher: Searcher::new() })
    }

    /// Searches. Returns the results, or (a split index) the array of the shard file names the
    /// search lacks: add them with [`Fahras::add_shard`] and search again. `options` may set
    /// `limit`, `offset`, `excerptWords`, `excerpts`, `typo`, `keyboard`, `completions`,
    /// `filters` (`{ category: ['سياسة'] }`), `from` and `to` (`'2020-05-01'`), `sort`
    /// (`'relevance'`, `'newest'`, `'oldest'`), `halfLifeDays` and `facets`; missing ones take
    /// defaults.
    pub fn search(&mut self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts = options_from(options)?;
        let result = match &self.index {
            Opened::Single(index, _) => self.searcher.search(index, query, &opts),
            Opened::Split(split) => match self.searcher.step(split, query, &opts) {
                Step::Done(result) => result,
                Step::Need(ids) => return Ok(names(split, &ids)),
            },
        };
        let res = result.map_err(|e| JsError::new(&e.to_string()))?;
        let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        serde::Serialize::serialize(&res, &ser).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Adds a shard of a split index (its uncompressed bytes, by file name), checking that it
    /// belongs to this build and every checksum.
    #[wasm_bindgen(js_name = addShard)]
    pub fn add_shard(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsError> {
        match &mut self.index {
            Opened::Split(split) => split.add_shard(name, bytes).map_err(|e| JsError::new(&e.to_string())),
            Opened::Single(..) => Err(JsError::new("a whole index has no shards")),
        }
    }

    /// The shards the next keystrokes of the last word of `query` will want (those of a split
    /// index not loaded yet), to fetch ahead.
    pub fn prefetch(&self, query: &str) -> JsValue {
        let Opened::Split(split) = &self.index else { return Array::new().into() };
        let Some(word) = query::parse(query).last().and_then(|c| c.words.last()).filter(|w| w.prefix).cloned() else {
            return Array::new().into();
        };
        let mut cands: Vec<TermCandidate> = Vec::new();
        analysis::prefix_terms(&word.light, &mut cands);
        let mut ids: Vec<ShardId> = cands.iter().flat_map(|c| split.prefetch_for(&c.term)).collect();
        ids.retain(|id| !split.is_loaded(id));
        ids.dedup();
        names(split, &ids)
    }

    /// Moves to another build of the index (the bytes of the index file or manifest now
    /// published). Returns whether it differs from this one; a split index keeps the shards of
    /// the segments the two builds share (an hourly update adds a segment, keeps the others).
    pub fn swap(&mut self, bytes: Vec<u8>) -> Result<bool, JsError> {
        let same = match (&self.index, SplitIndex::is_manifest(&bytes)) {
            (Opened::Single(_, hash), false) => hash64(0, &bytes) == *hash,
            (Opened::Split(split), true) => SplitIndex::open(&bytes).is_ok_and(|new| new.build() == split.build()),
            _ => false,
        };
        if same {
            return Ok(false);
        }
        let new = open(bytes)?;
        let old = std::mem::replace(&mut self.index, new);
        if let (Opened::Split(new), Opened::Split(old)) = (&mut self.index, old) {
            new.adopt(old);
        }
        Ok(true)
    }

    /// Every shard file of a split index (to save it all for offline reading); empty for a
    /// whole index, which is already here.
    pub fn shards(&self) -> JsValue {
        match &self.index {
            Opened::Split(split) => names(split, &split.shards()),
            Opened::Single(..) => Array::new().into(),
        }
    }

    /// The number of documents.
    #[wasm_bindgen(getter)]
    pub fn documents(&self) -> u32 {
        match &self.index {
            Opened::Single(i, _) => i.doc_count(),
            Opened::Split(s) => s.stats().live,
        }
    }

    /// Whether this is a split index.
    #[wasm_bindgen(getter, js_name = isSplit)]
    pub fn is_split(&self) -> bool {
        matches!(self.index, Opened::Split(_))
    }

    /// What identifies this build of the index (it changes with every build that changes
    /// anything): a saved copy is remembered by it.
    #[wasm_bindgen(getter)]
    pub fn build(&self) -> String {
        let build = match &self.index {
            Opened::Single(_, hash) => *hash,
            Opened::Split(split) => split.build(),
        };
        format!("{build:016x}")
    }
}

/// The words of `text` that `query` matches, as the search reads them (destination
/// highlighting, see [`crate::search::destination`]): pairs of UTF-16 offsets `[start, end)`,
/// flat, in order, for a page to wrap in `<mark>`.
#[wasm_bindgen(js_name = markSpans)]
pub fn mark_spans(query: &str, text: &str) -> Vec<u32> {
    let spans = crate::search::destination::marks(query, text);
    let mut out = Vec::with_capacity(spans.len() * 2);
    // Byte offsets to UTF-16 offsets, in one pass over the text.
    let (mut byte, mut unit) = (0usize, 0u32);
    let mut chars = text.chars();
    let mut to_unit = |target: usize| {
        while byte < target {
            let Some(c) = chars.next() else { break };
            byte += c.len_utf8();
            unit += c.len_utf16() as u32;
        }
        unit
    };
    for (s, e) in spans {
        out.push(to_unit(s));
        out.push(to_unit(e));
    }
    out
}

/// Reads the search options from a plain object, property by property. (Deserializing with
/// serde would pull float formatting for its error messages into the WebAssembly: 15 kB.)
pub(crate) fn options_from(options: JsValue) -> Result<SearchOptions, JsError> {
    let mut o = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(o);
    }
    if !options.is_object() {
        return Err(JsError::new("the search options must be an object, e.g. { limit: 10 }"));
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
