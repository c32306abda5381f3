//! Reading a split index: the manifest, and the shards of its segments loaded so far (see
//! [`super`]). [`SplitIndex`] answers for the whole index: a term's count is the sum of what each
//! segment's dictionary contributes (an update subtracts the documents it replaces), its
//! postings are each segment's list in turn in global document numbers, and deleted documents
//! never come out.
//!
//! The shards loaded are held within a memory budget ([`SplitIndex::set_memory`]; by default
//! [`default_memory`]: 124 MiB of uncompressed shards at 40,000 documents, 17 MiB at a
//! million). Past it, adding a shard drops the shards the searches used least recently (a search
//! that completes is one tick of the clock), down to three quarters of the budget. Nothing the
//! search in progress has used is dropped, so a search always completes; a dropped shard is
//! asked for again when a search needs it (the browser's cache has it). The memory of a
//! WebAssembly instance never shrinks, but the space of dropped shards is reused.

use super::{parse_file_name, shard_of, shard_section, Manifest, SegmentLayout, ShardId, ShardKind};
use crate::analysis::alphabet::prefix_upper;
use crate::analysis::fuzzy::Fuzzy;
use crate::error::{corrupt, Error, Result};
use crate::index::columns::Columns;
use crate::index::docstore::{self, StoredDoc};
use crate::index::fields::Fields;
use crate::index::format::{Header, SectionKind, TermValue};
use crate::index::postings::{self, PostingList};
use crate::index::prefixes;
use crate::index::read::{checked, Bytes};
use crate::index::searchable::{fuzzy_map, scan_map, Loc, Postings, Searchable, Stats, TermRef};
use crate::util::{sort_by, DocSet};
use std::cell::{Cell, OnceCell, RefCell};
use std::sync::Arc;

/// A loaded shard.
enum Loaded {
    Dictionary { terms: fst::Map<Bytes>, prefixes: fst::Map<Bytes>, top: Bytes },
    Postings(Bytes),
    Positions(Bytes),
    Documents(Bytes),
    Columns(Box<Columns>),
}

/// A loaded shard, its size (0: the columns, never dropped) and the tick of the search that used
/// it last.
struct Held {
    shard: Loaded,
    bytes: usize,
    used: Cell<u32>,
}

/// The default memory budget for the shards held, for an index of `docs` documents: 128 MiB
/// less 116 bytes a document, as the search's own working memory grows with the documents
/// (scores, marks, the lists of a short prefix): 124 MiB at 40,000 documents (a long reading
/// session stays warm), 17 MiB at a million (the WebAssembly memory then stays under 64 MB),
/// never under 16 MiB.
pub fn default_memory(docs: u32) -> usize {
    ((128 << 20) - 116 * docs as i64).max(16 << 20) as usize
}

/// The kinds a reader loads, and where they sit in [`Segment::loaded`].
const READ_KINDS: [ShardKind; 5] =
    [ShardKind::Dictionary, ShardKind::Postings, ShardKind::Positions, ShardKind::Documents, ShardKind::Columns];

fn slot_of(kind: ShardKind) -> Option<usize> {
    READ_KINDS.iter().position(|k| *k == kind)
}

/// One segment of the index and its shards loaded so far.
pub(crate) struct Segment {
    pub(crate) id: u64,
    /// The global number of its first document.
    pub(crate) base: u32,
    pub(crate) docs: u32,
    pub(crate) layout: SegmentLayout,
    /// By kind (in [`READ_KINDS`] order) and number (no hashing: the WebAssembly stays smaller).
    loaded: [Vec<Option<Held>>; 5],
}

/// A split index: the manifest, and the shards loaded so far.
pub struct SplitIndex {
    manifest: Manifest,
    stats: Stats,
    pub(crate) segments: Vec<Segment>,
    /// The deleted documents, in global numbers (none: no deletion).
    deleted: Option<DocSet>,
    missing: RefCell<Vec<ShardId>>,
    /// The columns of every segment, once they are all here, end to end.
    columns: OnceCell<Columns>,
    /// The searches completed (the clock of [`Held::used`]).
    clock: Cell<u32>,
    /// The bytes of the shards held, and the budget.
    held: usize,
    budget: usize,
}

/// A term's value in each segment, looked up.
pub(crate) enum Found {
    /// Every segment's dictionary shard for the term was here.
    Values(Vec<Option<TermValue>>),
    /// Some were missing (and are now asked for).
    Missing,
}

impl SplitIndex {
    /// Whether `bytes` are the manifest of a split index (rather than a whole index file).
    pub fn is_manifest(bytes: &[u8]) -> bool {
        Manifest::is_manifest(bytes)
    }

    /// Opens the manifest, checking its header and every checksum.
    pub fn open(manifest: &[u8]) -> Result<SplitIndex> {
        let manifest = Manifest::decode(manifest)?;
        let mut segments = Vec::with_capacity(manifest.segments.len());
        let mut base = 0u32;
        let mut deleted: Option<DocSet> = None;
        let total: u32 = manifest.segments.iter().map(|s| s.docs).sum();
        for s in &manifest.segments {
            let l = &s.layout;
            let empty = |n: u32| (0..n).map(|_| None).collect::<Vec<_>>();
            segments.push(Segment {
                id: s.id,
                base,
                docs: s.docs,
                loaded: [
                    empty(l.dictionary_shards()),
                    empty(l.postings_shards()),
                    empty(l.positions_shards()),
                    empty(l.document_shards(s.docs)),
                    empty(1),
                ],
                layout: l.clone(),
            });
            for &d in &s.deleted {
                deleted.get_or_insert_with(|| DocSet::new(total as usize)).insert(base + d);
            }
            base += s.docs;
        }
        let m = &manifest.meta;
        let stats = Stats {
            docs: total,
            live: m.docs,
            tokens: m.tokens,
            top_k: m.top_k,
            heavy_prefix: m.heavy_prefix,
            positions_cap: m.positions_cap,
        };
        Ok(SplitIndex {
            manifest,
            stats,
            segments,
            deleted,
            missing: RefCell::new(Vec::new()),
            columns: OnceCell::new(),
            clock: Cell::new(0),
            held: 0,
            budget: default_memory(total),
        })
    }

    /// Takes over the shards `older` (an earlier build of the same index) had loaded, for every
    /// segment the two builds share: a segment never changes, so a reader whose page saw a new
    /// build keeps what it downloaded of the old one that is still part of the new (an hourly
    /// update adds a segment; it keeps the others). Returns how many shards were kept.
    pub fn adopt(&mut self, older: SplitIndex) -> usize {
        let mut kept = 0;
        self.clock.set(older.clock.get());
        for old in older.segments {
            let Some(seg) = self.segments.iter_mut().find(|s| s.id == old.id && s.docs == old.docs) else { continue };
            for (slot, shards) in old.loaded.into_iter().enumerate() {
                for (n, shard) in shards.into_iter().enumerate() {
                    if let (Some(shard), Some(place)) = (shard, seg.loaded[slot].get_mut(n)) {
                        self.held += shard.bytes;
                        *place = Some(shard);
                        kept += 1;
                    }
                }
            }
        }
        kept
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Every shard a browser reads (to save the whole index for offline reading), segment by
    /// segment, by kind.
    pub fn shards(&self) -> Vec<ShardId> {
        let mut out = Vec::new();
        for (si, seg) in self.segments.iter().enumerate() {
            for (slot, kind) in READ_KINDS.iter().enumerate() {
                out.extend((0..seg.loaded[slot].len() as u32).map(|n| ShardId::new(si as u16, *kind, n)));
            }
        }
        out
    }

    /// The build id: it changes with every build that changes anything.
    pub fn build(&self) -> u64 {
        self.manifest.build
    }

    /// The file name of a shard of this index.
    pub fn file_name(&self, id: &ShardId) -> String {
        let seg = self.segments.get(id.segment as usize).map_or(0, |s| s.id);
        super::file_name(id.kind, id.n, seg)
    }

    fn slot(&self, id: &ShardId) -> Option<&Option<Held>> {
        self.segments.get(id.segment as usize)?.loaded[slot_of(id.kind)?].get(id.n as usize)
    }

    /// A loaded shard, noted as used by the search in progress.
    fn get(&self, id: &ShardId) -> Option<&Loaded> {
        let held = self.slot(id)?.as_ref()?;
        held.used.set(self.clock.get());
        Some(&held.shard)
    }

    /// Sets the memory budget for the shards held (uncompressed bytes; see the module's doc).
    pub fn set_memory(&mut self, bytes: usize) {
        self.budget = bytes;
    }

    /// The bytes of the shards held (the columns not counted).
    pub fn memory(&self) -> usize {
        self.held
    }

    /// Notes that a search completed: the shards it used may be dropped from now on.
    pub fn searched(&self) {
        self.clock.set(self.clock.get().wrapping_add(1));
    }

    /// Drops the shards used least recently, down to three quarters of the budget, sparing
    /// those of the search in progress.
    fn shed(&mut self) {
        let now = self.clock.get();
        while self.held > self.budget / 4 * 3 {
            let mut oldest = now;
            for seg in &self.segments {
                for h in seg.loaded.iter().flatten().flatten() {
                    if h.bytes > 0 && h.used.get() < oldest {
                        oldest = h.used.get();
                    }
                }
            }
            if oldest == now {
                return;
            }
            for seg in &mut self.segments {
                for place in seg.loaded.iter_mut().flatten() {
                    if let Some(h) = place {
                        if h.bytes > 0 && h.used.get() == oldest {
                            self.held -= h.bytes;
                            *place = None;
                        }
                    }
                }
            }
        }
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

    /// The segment a shard file belongs to, and the shard, if it belongs to this index.
    pub fn shard_of_file(&self, name: &str) -> Option<ShardId> {
        let (kind, n, seg) = parse_file_name(name)?;
        let si = self.segments.iter().position(|s| s.id == seg)?;
        let id = ShardId::new(si as u16, kind, n);
        self.slot(&id).is_some().then_some(id)
    }

    /// Adds a shard (uncompressed), checking that it belongs to this index, that its content is
    /// what its name says, and every checksum.
    pub fn add_shard(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        if parse_file_name(name).is_none() {
            return Err(corrupt("shards", format!("{name} is not a shard of a split index")));
        }
        let id = self.shard_of_file(name).ok_or_else(|| {
            corrupt("shards", format!("{name} is not part of this index (it belongs to another build)"))
        })?;
        let seg = &self.segments[id.segment as usize];
        let size = bytes.len();
        let buf = Arc::new(bytes);
        let h = Header::decode(&buf)?;
        if buf[checked(&buf, &h, SectionKind::Shard)?] != shard_section(id.kind, id.n, seg.id)[..] {
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
                let per = seg.layout.docs_per_shard;
                let count = per.min(seg.docs.saturating_sub(id.n * per));
                let docs = section(SectionKind::Docs)?;
                docstore::check(docs.as_ref(), count)?;
                Loaded::Documents(docs)
            }
            ShardKind::Columns => {
                let bytes = section(SectionKind::Columns)?;
                Loaded::Columns(Box::new(Columns::decode(bytes.as_ref(), seg.docs, &self.manifest.fields)?))
            }
            ShardKind::State => return Err(corrupt("shards", format!("{name} is for updates, not for searching"))),
        };
        let slot = slot_of(id.kind).expect("a read kind");
        let bytes = if id.kind == ShardKind::Columns { 0 } else { size };
        let held = Held { shard: loaded, bytes, used: Cell::new(self.clock.get()) };
        let place = &mut self.segments[id.segment as usize].loaded[slot][id.n as usize];
        self.held += bytes;
        self.held -= place.replace(held).map_or(0, |h| h.bytes);
        if self.held > self.budget {
            self.shed();
        }
        Ok(())
    }

    fn dictionary_shard(&self, si: usize, postings_shard: usize) -> ShardId {
        let per = self.segments[si].layout.postings_per_dictionary.max(1) as usize;
        ShardId::new(si as u16, ShardKind::Dictionary, (postings_shard / per) as u32)
    }

    /// The dictionary shard of segment `si` that holds `term`'s place.
    fn dictionary_for(&self, si: usize, term: &[u8]) -> ShardId {
        self.dictionary_shard(si, shard_of(&self.segments[si].layout.firsts, term))
    }

    /// The dictionary shards of segment `si` whose ranges meet `[lo, hi)`.
    fn dictionaries_in(&self, si: usize, lo: &[u8], hi: Option<&[u8]>) -> Vec<ShardId> {
        let firsts = &self.segments[si].layout.firsts;
        let first = shard_of(firsts, lo);
        let last = match hi {
            Some(h) => firsts.partition_point(|f| f.as_slice() < h).saturating_sub(1).max(first),
            None => firsts.len().saturating_sub(1).max(first),
        };
        let mut out: Vec<ShardId> = (first..=last).map(|s| self.dictionary_shard(si, s)).collect();
        out.dedup();
        out
    }

    fn terms_of(&self, id: &ShardId) -> Option<&fst::Map<Bytes>> {
        match self.get(id) {
            Some(Loaded::Dictionary { terms, .. }) => Some(terms),
            _ => None,
        }
    }

    /// Looks `term` up in every segment. A missing dictionary shard is asked for, and with
    /// `likely` also the postings shard the term would have (one round trip instead of two
    /// when it exists, one request wasted when it does not).
    pub(crate) fn lookup_all(&self, term: &[u8], likely: bool) -> Found {
        let mut values = Vec::with_capacity(self.segments.len());
        let mut missing = false;
        for si in 0..self.segments.len() {
            let d = self.dictionary_for(si, term);
            match self.terms_of(&d) {
                Some(terms) => values.push(terms.get(term).map(TermValue)),
                None => {
                    self.need(d);
                    let firsts = &self.segments[si].layout.firsts;
                    if likely && !firsts.is_empty() {
                        self.need(ShardId::new(si as u16, ShardKind::Postings, shard_of(firsts, term) as u32));
                    }
                    missing = true;
                }
            }
        }
        if missing {
            Found::Missing
        } else {
            Found::Values(values)
        }
    }

    /// The term made of each segment's value (`None`: the term has no live document).
    pub(crate) fn combine(values: &[Option<TermValue>]) -> Option<TermRef> {
        let mut df = 0i64;
        let mut display = None;
        let mut locs = Vec::new();
        for (si, v) in values.iter().enumerate() {
            let Some(v) = v else { continue };
            df += v.df_delta();
            if v.postings().is_some() {
                display.get_or_insert(v.display());
                locs.push(Loc { segment: si as u16, at: v.postings() });
            }
        }
        (df > 0 && !locs.is_empty()).then(|| TermRef {
            df: df.min(i64::from(u32::MAX)) as u32,
            display: display.unwrap_or_default(),
            locs,
        })
    }

    fn term_ref(&self, term: &[u8], likely: bool) -> Option<TermRef> {
        match self.lookup_all(term, likely) {
            Found::Values(v) => Self::combine(&v),
            Found::Missing => None,
        }
    }

    /// The heavy-prefix list of `prefix` in segment `si`: `Ok(Some(None))` when the prefix is not
    /// heavy there, `Ok(None)` when the dictionary shard is missing (and now asked for).
    pub(crate) fn heavy_list(&self, si: usize, prefix: &[u8]) -> Result<Option<Option<prefixes::Completions>>> {
        let d = self.dictionary_for(si, prefix);
        match self.get(&d) {
            Some(Loaded::Dictionary { prefixes, top, .. }) => {
                Ok(Some(prefixes::lookup(prefixes, top.as_ref(), prefix)?))
            }
            _ => {
                self.need(d);
                Ok(None)
            }
        }
    }

    /// Every term of segment `si` in `[lo, hi)` with its value, or `None` when a dictionary
    /// shard of the range is missing (and now asked for).
    pub(crate) fn scan_segment(
        &self,
        si: usize,
        lo: &[u8],
        hi: Option<&[u8]>,
        limit: usize,
    ) -> Option<Vec<(Vec<u8>, TermValue)>> {
        let shards = self.dictionaries_in(si, lo, hi);
        let missing: Vec<ShardId> = shards.iter().copied().filter(|d| !self.is_loaded(d)).collect();
        if !missing.is_empty() {
            missing.into_iter().for_each(|d| self.need(d));
            return None;
        }
        let mut out = Vec::new();
        for d in shards {
            if let Some(terms) = self.terms_of(&d) {
                scan_map(terms, lo, hi, &mut |k, v| {
                    out.push((k.to_vec(), v));
                    out.len() < limit
                });
            }
        }
        Some(out)
    }

    /// The shards to fetch ahead while a reader types `prefix` (a term prefix): in every
    /// segment, the dictionary and postings shards of its range, if it spans few.
    pub fn prefetch_for(&self, prefix: &[u8]) -> Vec<ShardId> {
        if prefix.is_empty() {
            return Vec::new();
        }
        let upper = prefix_upper(prefix);
        let mut out = Vec::new();
        for si in 0..self.segments.len() {
            let firsts = &self.segments[si].layout.firsts;
            if firsts.is_empty() {
                continue;
            }
            let first = shard_of(firsts, prefix);
            let last = match &upper {
                Some(h) => firsts.partition_point(|f| f.as_slice() < h.as_slice()).saturating_sub(1).max(first),
                None => firsts.len() - 1,
            };
            if last - first > 1 {
                continue;
            }
            for s in first..=last {
                let d = self.dictionary_shard(si, s);
                // A dictionary shard already here tells whether the range holds any term at
                // all (the whole-word reading of «الحكومة» holds none): no postings ahead then.
                if let Some(terms) = self.terms_of(&d) {
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
                out.push(ShardId::new(si as u16, ShardKind::Postings, s as u32));
            }
        }
        out.dedup();
        out.retain(|f| !self.is_loaded(f));
        out
    }

    /// The segment that holds global document `doc`.
    fn segment_of(&self, doc: u32) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.base <= doc);
        i.checked_sub(1).filter(|&i| doc < self.segments[i].base + self.segments[i].docs)
    }

    fn list(&self, loc: &Loc) -> Result<PostingList<'_>> {
        let si = loc.segment as usize;
        let seg = self.segments.get(si).ok_or_else(|| corrupt("terms", "a term points to no segment"))?;
        let (shard, offset) = loc.at.shard();
        if shard >= seg.layout.firsts.len() {
            return Err(corrupt("terms", "a term points to no shard"));
        }
        let id = ShardId::new(si as u16, ShardKind::Postings, shard as u32);
        let Some(Loaded::Postings(bytes)) = self.get(&id) else {
            self.need(id);
            return Err(Error::NotLoaded { file: self.file_name(&id) });
        };
        let q =
            ShardId::new(si as u16, ShardKind::Positions, (shard as u32) / seg.layout.postings_per_positions.max(1));
        let positions = match self.get(&q) {
            Some(Loaded::Positions(p)) => Some(p.as_ref()),
            _ => None,
        };
        postings::decode(bytes.as_ref(), offset, positions, None, seg.docs)
    }
}

impl Searchable for SplitIndex {
    fn stats(&self) -> &Stats {
        &self.stats
    }

    fn term(&self, term: &[u8]) -> Option<TermRef> {
        self.term_ref(term, true)
    }

    fn unlikely_term(&self, term: &[u8]) -> Option<TermRef> {
        self.term_ref(term, false)
    }

    fn completions(&self, prefix: &[u8], k: usize) -> Result<Vec<TermRef>> {
        super::completions::top(self, prefix, k)
    }

    fn fuzzy(&self, aut: &Fuzzy<'_>, f: &mut dyn FnMut(&[u8], &TermRef) -> bool) {
        // Only the ranges of the first letters a match may start with (see analysis::fuzzy).
        let mut shards = Vec::new();
        for si in 0..self.segments.len() {
            for b in (0..=255u8).filter(|&b| aut.may_start_with(b)) {
                let hi = [b.wrapping_add(1)];
                shards.extend(self.dictionaries_in(si, &[b], if b == 255 { None } else { Some(&hi[..]) }));
            }
        }
        sort_by(&mut shards, |a, b| a < b);
        shards.dedup();
        let missing: Vec<ShardId> = shards.iter().copied().filter(|d| !self.is_loaded(d)).collect();
        if !missing.is_empty() {
            missing.into_iter().for_each(|d| self.need(d));
            return;
        }
        // Every segment's matches, merged by term.
        let mut found: Vec<(Vec<u8>, u16, TermValue)> = Vec::new();
        for d in &shards {
            if let Some(terms) = self.terms_of(d) {
                fuzzy_map(terms, aut, &mut |k, v| {
                    found.push((k.to_vec(), d.segment, v));
                    found.len() < 1 << 16
                });
            }
        }
        sort_by(&mut found, |a, b| (&a.0, a.1) < (&b.0, b.1));
        let mut i = 0;
        while i < found.len() {
            let mut j = i;
            let mut values = vec![None; self.segments.len()];
            while j < found.len() && found[j].0 == found[i].0 {
                values[found[j].1 as usize] = Some(found[j].2);
                j += 1;
            }
            if let Some(t) = Self::combine(&values) {
                if !f(&found[i].0, &t) {
                    return;
                }
            }
            i = j;
        }
    }

    fn postings(&self, t: &TermRef) -> Result<Postings<'_>> {
        let mut parts = Vec::with_capacity(t.locs.len());
        let mut first_missing = None;
        for loc in &t.locs {
            match self.list(loc) {
                Ok(list) => parts.push((self.segments[loc.segment as usize].base, list)),
                Err(e @ Error::NotLoaded { .. }) => {
                    first_missing.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        }
        if let Some(e) = first_missing {
            return Err(e);
        }
        Ok(Postings::new(t.df, parts, self.deleted.as_ref()))
    }

    fn pending(&self) -> bool {
        !self.missing.borrow().is_empty()
    }

    fn positions_ready(&self, t: &TermRef) -> bool {
        let mut ready = true;
        for loc in &t.locs {
            let seg = &self.segments[loc.segment as usize];
            let n = (loc.at.shard().0 as u32) / seg.layout.postings_per_positions.max(1);
            let q = ShardId::new(loc.segment, ShardKind::Positions, n);
            if !self.is_loaded(&q) {
                self.need(q);
                ready = false;
            }
        }
        ready
    }

    fn is_live(&self, doc: u32) -> bool {
        !self.deleted.as_ref().is_some_and(|d| d.contains(doc))
    }

    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>> {
        let si = self.segment_of(doc).ok_or_else(|| corrupt("document shards", format!("no document {doc}")))?;
        let seg = &self.segments[si];
        let local = doc - seg.base;
        let per = seg.layout.docs_per_shard.max(1);
        let id = ShardId::new(si as u16, ShardKind::Documents, local / per);
        let Some(Loaded::Documents(bytes)) = self.get(&id) else {
            self.need(id);
            return Err(Error::NotLoaded { file: self.file_name(&id) });
        };
        docstore::record(bytes.as_ref(), local % per)
    }

    fn fields(&self) -> &Fields {
        &self.manifest.fields
    }

    fn columns(&self) -> Result<&Columns> {
        if let Some(c) = self.columns.get() {
            return Ok(c);
        }
        let mut first_missing = None;
        for si in 0..self.segments.len() {
            let id = ShardId::new(si as u16, ShardKind::Columns, 0);
            if !self.is_loaded(&id) {
                self.need(id);
                first_missing.get_or_insert_with(|| self.file_name(&id));
            }
        }
        if let Some(file) = first_missing {
            return Err(Error::NotLoaded { file });
        }
        let mut all = Columns::default();
        for seg in &self.segments {
            if let Some(Held { shard: Loaded::Columns(c), .. }) = seg.loaded[4].first().and_then(Option::as_ref) {
                all.append((**c).clone());
            }
        }
        Ok(self.columns.get_or_init(|| all))
    }
}
