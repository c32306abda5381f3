//! Reading a split index: the manifest, and the shards loaded so far (see [`super`]).

use super::{shard_of, ShardId, ShardKind};
use crate::analysis::alphabet::prefix_upper;
use crate::analysis::fuzzy::Fuzzy;
use crate::error::{corrupt, Error, Result};
use crate::index::columns::Columns;
use crate::index::docstore::{self, StoredDoc};
use crate::index::fields::Fields;
use crate::index::format::{Header, Meta, SectionKind, TermValue};
use crate::index::postings::{self, Postings};
use crate::index::prefixes;
use crate::index::read::{checked, Bytes};
use crate::index::searchable::{fuzzy_map, scan_map, Searchable};
use crate::index::varint::Reader;
use std::cell::RefCell;
use std::sync::Arc;

/// A loaded shard.
enum Loaded {
    Dictionary { terms: fst::Map<Bytes>, prefixes: fst::Map<Bytes>, top: Bytes },
    Postings(Bytes),
    Positions(Bytes),
    Documents(Bytes),
    Columns(Box<Columns>),
}

/// A split index: the manifest, and the shards loaded so far.
pub struct SplitIndex {
    meta: Meta,
    avg_len: f32,
    build: u64,
    /// The first term of each postings shard.
    firsts: Vec<Vec<u8>>,
    /// Postings shards per dictionary shard, and per positions shard.
    postings_per_dictionary: usize,
    postings_per_positions: usize,
    /// Documents per document shard.
    docs_per_shard: u32,
    fields: Fields,
    /// The loaded shards, by kind (in [`ShardKind::ALL`] order) and number (no hashing: the
    /// WebAssembly stays smaller).
    loaded: [Vec<Option<Loaded>>; 5],
    missing: RefCell<Vec<ShardId>>,
}

/// Where a kind's shards are in [`SplitIndex::loaded`].
fn slot_of(kind: ShardKind) -> usize {
    match kind {
        ShardKind::Dictionary => 0,
        ShardKind::Postings => 1,
        ShardKind::Positions => 2,
        ShardKind::Documents => 3,
        ShardKind::Columns => 4,
    }
}

impl SplitIndex {
    /// Whether `bytes` are the manifest of a split index (rather than a whole index file).
    pub fn is_manifest(bytes: &[u8]) -> bool {
        Header::decode(bytes).is_ok_and(|h| h.section(SectionKind::Shards).is_ok())
    }

    /// Opens the manifest, checking its header and every checksum.
    pub fn open(manifest: &[u8]) -> Result<SplitIndex> {
        let h = Header::decode(manifest)?;
        let meta = Meta::decode(&manifest[checked(manifest, &h, SectionKind::Meta)?])?;
        let mut r = Reader::new(&manifest[checked(manifest, &h, SectionKind::Shards)?], "shards");
        let n = r.len()?;
        let mut firsts: Vec<Vec<u8>> = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let first = r.len_bytes()?.to_vec();
            if firsts.last().is_some_and(|f| *f >= first) {
                return Err(corrupt("shards", "shards out of order"));
            }
            firsts.push(first);
        }
        let mut r = Reader::new(&manifest[checked(manifest, &h, SectionKind::Layout)?], "layout");
        let build = u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"));
        let postings_per_dictionary = r.len()?;
        let postings_per_positions = r.len()?;
        let docs_per_shard = r.varint_u32()?;
        let doc_shards = r.varint_u32()?;
        if postings_per_dictionary == 0
            || postings_per_positions == 0
            || docs_per_shard == 0
            || u64::from(doc_shards) * u64::from(docs_per_shard) < u64::from(meta.docs)
        {
            return Err(corrupt("layout", "the layout does not cover the index"));
        }
        let fields = Fields::decode(&manifest[checked(manifest, &h, SectionKind::Fields)?])?;
        let shards = firsts.len();
        let empty = |n: usize| (0..n).map(|_| None).collect::<Vec<_>>();
        Ok(SplitIndex {
            avg_len: (meta.tokens as f64 / f64::from(meta.docs.max(1))).max(1.0) as f32,
            meta,
            build,
            loaded: [
                empty(shards.div_ceil(postings_per_dictionary)),
                empty(shards),
                empty(shards.div_ceil(postings_per_positions)),
                empty(doc_shards as usize),
                empty(1),
            ],
            fields,
            firsts,
            postings_per_dictionary,
            postings_per_positions,
            docs_per_shard,
            missing: RefCell::new(Vec::new()),
        })
    }

    /// Every shard of the index (to save the whole index for offline reading), by kind.
    pub fn shards(&self) -> Vec<ShardId> {
        let mut out = Vec::new();
        for kind in ShardKind::ALL {
            out.extend((0..self.loaded[slot_of(kind)].len() as u32).map(|n| ShardId::new(kind, n)));
        }
        out
    }

    /// The build id: every shard of this build carries it in its name.
    pub fn build(&self) -> u64 {
        self.build
    }

    /// The file name of a shard of this index.
    pub fn file_name(&self, id: &ShardId) -> String {
        id.file_name(self.build)
    }

    fn slot(&self, id: &ShardId) -> Option<&Option<Loaded>> {
        self.loaded[slot_of(id.kind)].get(id.n as usize)
    }

    fn get(&self, id: &ShardId) -> Option<&Loaded> {
        self.slot(id).and_then(Option::as_ref)
    }

    /// Whether a shard is loaded.
    pub fn is_loaded(&self, id: &ShardId) -> bool {
        self.get(id).is_some()
    }

    /// The shards the searches since the last call needed but did not have, each once.
    pub fn take_missing(&self) -> Vec<ShardId> {
        std::mem::take(&mut *self.missing.borrow_mut())
    }

    fn need(&self, id: ShardId) {
        let mut m = self.missing.borrow_mut();
        if !m.contains(&id) {
            m.push(id);
        }
    }

    /// Adds a shard (uncompressed), checking that it belongs to this build and index, that its
    /// content is what its name says, and every checksum.
    pub fn add_shard(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let (id, build) =
            ShardId::parse(name).ok_or_else(|| corrupt("shards", format!("{name} is not a shard of a split index")))?;
        if build != self.build || self.slot(&id).is_none() {
            return Err(corrupt("shards", format!("{name} is not part of this index (it belongs to another build)")));
        }
        let buf = Arc::new(bytes);
        let h = Header::decode(&buf)?;
        if buf[checked(&buf, &h, SectionKind::Shard)?] != id.section(build)[..] {
            return Err(corrupt("shards", format!("{name} does not match its name: it was damaged or mixed up")));
        }
        let section = |kind| -> Result<Bytes> { Ok(Bytes::new(buf.clone(), checked(&buf, &h, kind)?)) };
        let fst_map = |kind: SectionKind| -> Result<fst::Map<Bytes>> {
            fst::Map::new(section(kind)?).map_err(|e| corrupt(kind.name(), e.to_string()))
        };
        let loaded = match id.kind {
            ShardKind::Dictionary => Loaded::Dictionary {
                terms: fst_map(SectionKind::Terms)?,
                prefixes: fst_map(SectionKind::Prefixes)?,
                top: section(SectionKind::TopTerms)?,
            },
            ShardKind::Postings => Loaded::Postings(section(SectionKind::Postings)?),
            ShardKind::Positions => Loaded::Positions(section(SectionKind::Positions)?),
            ShardKind::Documents => {
                let count = self.docs_per_shard.min(self.meta.docs.saturating_sub(id.n * self.docs_per_shard));
                let docs = section(SectionKind::Docs)?;
                docstore::check(docs.as_ref(), count)?;
                Loaded::Documents(docs)
            }
            ShardKind::Columns => {
                let bytes = section(SectionKind::Columns)?;
                Loaded::Columns(Box::new(Columns::decode(bytes.as_ref(), self.meta.docs, &self.fields)?))
            }
        };
        self.loaded[slot_of(id.kind)][id.n as usize] = Some(loaded);
        Ok(())
    }

    /// The postings shard whose term range holds `term`.
    fn postings_shard_for(&self, term: &[u8]) -> usize {
        shard_of(&self.firsts, term)
    }

    fn postings_shard(&self, shard: usize) -> ShardId {
        ShardId::new(ShardKind::Postings, shard as u32)
    }

    /// The positions shard of a postings shard.
    fn positions_shard(&self, shard: usize) -> ShardId {
        ShardId::new(ShardKind::Positions, (shard / self.postings_per_positions) as u32)
    }

    /// The dictionary shard of a postings shard.
    fn dictionary_shard(&self, shard: usize) -> ShardId {
        ShardId::new(ShardKind::Dictionary, (shard / self.postings_per_dictionary) as u32)
    }

    /// Looks up a term; when its dictionary shard is missing, asks for it, and with `likely`
    /// also for the postings shard the term would have (one round trip instead of two when it
    /// exists, one request wasted when it does not).
    fn lookup(&self, term: &[u8], likely: bool) -> Option<TermValue> {
        if self.firsts.is_empty() {
            return None;
        }
        let s = self.postings_shard_for(term);
        let d = self.dictionary_shard(s);
        match self.get(&d) {
            Some(Loaded::Dictionary { terms, .. }) => terms.get(term).map(TermValue),
            _ => {
                self.need(d);
                if likely {
                    self.need(self.postings_shard(s));
                }
                None
            }
        }
    }

    /// The postings shards whose ranges meet `[lo, hi)`.
    fn postings_shards_in(&self, lo: &[u8], hi: Option<&[u8]>) -> std::ops::RangeInclusive<usize> {
        let first = self.postings_shard_for(lo);
        let last = match hi {
            Some(h) => self.firsts.partition_point(|f| f.as_slice() < h).saturating_sub(1).max(first),
            None => self.firsts.len().saturating_sub(1),
        };
        first..=last
    }

    /// The dictionary shards whose ranges meet `[lo, hi)`.
    fn dictionary_shards_in(&self, lo: &[u8], hi: Option<&[u8]>) -> Vec<ShardId> {
        if self.firsts.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<ShardId> = self.postings_shards_in(lo, hi).map(|s| self.dictionary_shard(s)).collect();
        out.dedup();
        out
    }

    /// The shards to fetch ahead while a reader types `prefix` (a term prefix): the dictionary
    /// and postings shards of its range, if it spans few.
    pub fn prefetch_for(&self, prefix: &[u8]) -> Vec<ShardId> {
        if prefix.is_empty() || self.firsts.is_empty() {
            return Vec::new();
        }
        let upper = prefix_upper(prefix);
        let range = self.postings_shards_in(prefix, upper.as_deref());
        if range.end() - range.start() > 1 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for s in range {
            let d = self.dictionary_shard(s);
            // A dictionary shard already here tells whether the range holds any term at all
            // (the whole-word reading of «الحكومة» holds none): no postings to fetch ahead then.
            if let Some(Loaded::Dictionary { terms, .. }) = self.get(&d) {
                let mut any = false;
                scan_map(terms, prefix, upper.as_deref(), &mut |_, _| {
                    any = true;
                    false
                });
                if !any {
                    continue;
                }
            }
            out.push(d);
            out.push(self.postings_shard(s));
        }
        out.dedup();
        out.retain(|f| !self.is_loaded(f));
        out
    }
}

impl Searchable for SplitIndex {
    fn meta(&self) -> &Meta {
        &self.meta
    }

    fn avg_len(&self) -> f32 {
        self.avg_len
    }

    fn term(&self, term: &[u8]) -> Option<TermValue> {
        self.lookup(term, true)
    }

    fn unlikely_term(&self, term: &[u8]) -> Option<TermValue> {
        self.lookup(term, false)
    }

    fn heavy_prefix(&self, prefix: &[u8]) -> Result<Option<Vec<TermValue>>> {
        if prefix.is_empty() || self.firsts.is_empty() {
            return Ok(None);
        }
        let d = self.dictionary_shard(self.postings_shard_for(prefix));
        let Some(Loaded::Dictionary { prefixes, top, .. }) = self.get(&d) else {
            self.need(d);
            // Not a scan of the range meanwhile: the search runs again once the shard is here.
            return Ok(Some(Vec::new()));
        };
        prefixes::lookup(prefixes, top.as_ref(), prefix)
    }

    fn scan(&self, lo: &[u8], hi: Option<&[u8]>, f: &mut dyn FnMut(&[u8], TermValue) -> bool) {
        let shards = self.dictionary_shards_in(lo, hi);
        if shards.iter().any(|d| !self.is_loaded(d)) {
            for d in shards {
                if !self.is_loaded(&d) {
                    self.need(d);
                }
            }
            return;
        }
        let mut go = true;
        for d in shards {
            if let Some(Loaded::Dictionary { terms, .. }) = self.get(&d) {
                scan_map(terms, lo, hi, &mut |k, v| {
                    go = f(k, v);
                    go
                });
            }
            if !go {
                return;
            }
        }
    }

    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], TermValue) -> bool) {
        // Only the ranges of the first letters a match may start with (see analysis::fuzzy).
        let mut shards = Vec::new();
        for b in (0..=255u8).filter(|&b| aut.may_start_with(b)) {
            let hi = [b.wrapping_add(1)];
            shards.extend(self.dictionary_shards_in(&[b], if b == 255 { None } else { Some(&hi[..]) }));
        }
        crate::util::sort_by(&mut shards, |a, b| a < b);
        shards.dedup();
        let missing: Vec<ShardId> = shards.iter().copied().filter(|d| !self.is_loaded(d)).collect();
        if !missing.is_empty() {
            missing.into_iter().for_each(|d| self.need(d));
            return;
        }
        // In term order, as one dictionary would give them: the dictionary shards, sorted by
        // number, hold consecutive term ranges.
        for d in shards {
            if let Some(Loaded::Dictionary { terms, .. }) = self.get(&d) {
                if !fuzzy_map(terms, aut, f) {
                    return;
                }
            }
        }
    }

    fn postings(&self, v: TermValue) -> Result<Postings<'_>> {
        let (shard, offset) = v.postings().shard();
        if shard >= self.firsts.len() {
            return Err(corrupt("terms", "a term points to no shard"));
        }
        let id = self.postings_shard(shard);
        let Some(Loaded::Postings(bytes)) = self.get(&id) else {
            self.need(id);
            return Err(Error::NotLoaded { file: self.file_name(&id) });
        };
        let positions = match self.get(&self.positions_shard(shard)) {
            Some(Loaded::Positions(p)) => Some(p.as_ref()),
            _ => None,
        };
        postings::decode(bytes.as_ref(), offset, positions, None, self.meta.docs)
    }

    fn pending(&self) -> bool {
        !self.missing.borrow().is_empty()
    }

    fn positions_ready(&self, v: TermValue) -> bool {
        let q = self.positions_shard(v.postings().shard().0);
        if self.is_loaded(&q) {
            return true;
        }
        self.need(q);
        false
    }

    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>> {
        if doc >= self.meta.docs {
            return Err(corrupt("document shards", format!("no document {doc}")));
        }
        let id = ShardId::new(ShardKind::Documents, doc / self.docs_per_shard);
        let Some(Loaded::Documents(bytes)) = self.get(&id) else {
            self.need(id);
            return Err(Error::NotLoaded { file: self.file_name(&id) });
        };
        docstore::record(bytes.as_ref(), doc % self.docs_per_shard)
    }

    fn fields(&self) -> &Fields {
        &self.fields
    }

    fn columns(&self) -> Result<&Columns> {
        let id = ShardId::new(ShardKind::Columns, 0);
        match self.get(&id) {
            Some(Loaded::Columns(c)) => Ok(c),
            _ => {
                self.need(id);
                Err(Error::NotLoaded { file: self.file_name(&id) })
            }
        }
    }
}
