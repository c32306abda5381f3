//! The split index: for archives too large to download at once.
//!
//! The entry file keeps its name (`index.fahras`, so a page's `data-index` never changes as a
//! site grows) but holds only a manifest: the counts, a build id (a hash of the whole content),
//! and the first term of each postings shard. The rest lives beside it in
//! `index.fahras.shards/`, each file named by its role, its number and the build id (so a cache
//! can never mix two builds), and carrying the usual header, version and checksums, plus its
//! own name, checked when it is loaded:
//!
//! ```text
//! d<n>-<build>.fahras  a dictionary: the terms of 8 postings shards (fst; each value says which
//!                      shard holds the term's postings, where, and its df), and the heavy
//!                      prefixes whose range starts there, with their top completions
//! p<n>-<build>.fahras  the postings of one term range, with each document's length per
//!                      posting (so no table as large as the corpus is needed)
//! q<n>-<build>.fahras  the positions of 4 postings shards (only phrases fetch them)
//! g<n>-<build>.fahras  a group of consecutive documents: title, url, date, category, body
//! ```
//!
//! [`SplitIndex`] implements [`Source`] over the files loaded so far and notes what a search
//! was missing; the caller fetches those files and searches again ([`search_split`]), so one
//! query usually costs two or three small rounds: a dictionary and its postings, then the
//! documents of the page of hits. The search code is the same as for one file, and returns the
//! same hits.

use super::format::{Header, Meta, SectionKind, TermValue};
use super::read::{check_doc_store, checked, decode_postings, doc_record, Bytes, Postings, StoredDoc};
use super::source::{scan_map, Source};
use super::varint::{put, Reader};
use super::write::{assemble, doc_store, heavy_prefixes, prefix_sections, BuildStats, Built};
use crate::error::{corrupt, Error, Result};
use crate::search::fuzzy::Fuzzy;
use crate::search::{SearchOptions, SearchResults};
use fst::{IntoStreamer, Streamer};
use std::cell::RefCell;
use std::sync::Arc;

/// The directory beside the entry file that holds the shards: `index.fahras.shards`.
pub const SHARDS_SUFFIX: &str = ".shards";
/// Raw postings bytes per shard (about 15 kB once gzipped): a rare word's first query fetches
/// a shard or two of these, so they are kept small; 100,000 articles still make only about
/// 2,000 of them.
const SHARD_BYTES: usize = 24 * 1024;
/// Postings shards per dictionary file.
const SHARDS_PER_DICT: usize = 8;
/// Postings shards per positions file.
const SHARDS_PER_POSITIONS: usize = 4;
/// About this many document groups; groups hold at least [`MIN_GROUP`] documents.
const TARGET_GROUPS: usize = 3000;
const MIN_GROUP: usize = 8;

/// What a split index is made of, before it is written (each file uncompressed; the builder
/// gzips them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitFiles {
    /// The entry file.
    pub manifest: Vec<u8>,
    /// `(name, bytes)` of every file of the shards directory.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The role and number of a shards-directory file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId {
    kind: u8,
    n: u32,
}

impl FileId {
    /// Its file name in a build: `p12-0123456789abcdef.fahras`.
    pub fn name(&self, build: u64) -> String {
        format!("{}{}-{build:016x}.fahras", self.kind as char, self.n)
    }

    /// Parses a file name, returning the file and its build.
    pub fn parse(name: &str) -> Option<(FileId, u64)> {
        let stem = name.strip_suffix(".fahras")?;
        let (head, hex) = stem.split_once('-')?;
        let kind = *head.as_bytes().first()?;
        if !matches!(kind, b'd' | b'p' | b'q' | b'g') || hex.len() != 16 {
            return None;
        }
        let n = crate::analysis::sub(head, 1, head.len()).parse().ok()?;
        Some((FileId { kind, n }, u64::from_str_radix(hex, 16).ok()?))
    }

    /// The PIECE section of this file: the build id, the kind and the number.
    fn section(&self, build: u64) -> Vec<u8> {
        let mut out = build.to_le_bytes().to_vec();
        out.push(self.kind);
        put(&mut out, u64::from(self.n));
        out
    }
}

/// The shard whose term range holds `term`, given the first term of each shard.
fn shard_of(firsts: &[Vec<u8>], term: &[u8]) -> usize {
    firsts.partition_point(|f| f.as_slice() <= term).saturating_sub(1)
}

/// A file before it gets its name: role, number, sections.
type Pending = (FileId, Vec<(SectionKind, Vec<u8>)>);

/// Lays out an inverted corpus as a split index.
pub(crate) fn split_files(built: &Built) -> Result<(SplitFiles, BuildStats)> {
    let mut pending: Vec<Pending> = Vec::new();
    // Postings shards: consecutive terms up to about SHARD_BYTES of postings; their positions
    // in bundles of SHARDS_PER_POSITIONS shards.
    let mut firsts: Vec<Vec<u8>> = Vec::new();
    let mut postings: Vec<u8> = Vec::new();
    let mut positions: Vec<u8> = Vec::new();
    let mut values = Vec::with_capacity(built.terms.len());
    let close_shard =
        |n: usize, postings: &mut Vec<u8>, positions: &mut Vec<u8>, pending: &mut Vec<Pending>, last: bool| {
            pending.push((FileId { kind: b'p', n: n as u32 }, vec![(SectionKind::Postings, std::mem::take(postings))]));
            if (n + 1) % SHARDS_PER_POSITIONS == 0 || last {
                let b = n / SHARDS_PER_POSITIONS;
                pending.push((
                    FileId { kind: b'q', n: b as u32 },
                    vec![(SectionKind::Positions, std::mem::take(positions))],
                ));
            }
        };
    for t in &built.terms {
        let size = t.docs.len() + t.tfs.len() + t.df as usize + 8;
        if firsts.is_empty() || (!postings.is_empty() && postings.len() + size > SHARD_BYTES) {
            if !firsts.is_empty() {
                close_shard(firsts.len() - 1, &mut postings, &mut positions, &mut pending, false);
            }
            firsts.push(t.term.clone());
        }
        let n = firsts.len() - 1;
        let local = postings.len() as u64;
        let at = (!t.positions.is_empty()).then_some(positions.len() as u64);
        t.postings_entry(at, Some(&built.norms), &mut postings);
        positions.extend_from_slice(&t.positions);
        if postings.len() >= 1 << 24 || n >= 1 << 16 {
            return Err(Error::TooLarge { what: "a postings shard over 16 MiB, or more than 65,536 shards" });
        }
        values.push(TermValue::new(((n as u64) << 24) | local, t.df, t.display)?);
    }
    if !firsts.is_empty() {
        close_shard(firsts.len() - 1, &mut postings, &mut positions, &mut pending, true);
    }
    // Dictionaries: the terms of SHARDS_PER_DICT shards each, and the heavy prefixes whose
    // range starts in them.
    let lists = heavy_prefixes(&built.terms, built.opts.heavy_prefix as usize, built.opts.top_k as usize);
    let dicts = firsts.len().div_ceil(SHARDS_PER_DICT);
    let mut ti = 0;
    let mut li = 0;
    for d in 0..dicts {
        let end = firsts.get((d + 1) * SHARDS_PER_DICT).map(Vec::as_slice);
        let mut map = fst::MapBuilder::memory();
        while ti < built.terms.len() && end.is_none_or(|e| built.terms[ti].term.as_slice() < e) {
            map.insert(&built.terms[ti].term, values[ti].0).map_err(|e| corrupt("terms", e.to_string()))?;
            ti += 1;
        }
        let map = map.into_inner().map_err(|e| corrupt("terms", e.to_string()))?;
        let from = li;
        while li < lists.len() && shard_of(&firsts, &lists[li].0) / SHARDS_PER_DICT == d {
            li += 1;
        }
        let (prefixes, top) = prefix_sections(&lists[from..li], &values)?;
        pending.push((
            FileId { kind: b'd', n: d as u32 },
            vec![(SectionKind::Terms, map), (SectionKind::Prefixes, prefixes), (SectionKind::TopTerms, top)],
        ));
    }
    // Document groups.
    let n = built.docs.len();
    let per_group = n.div_ceil(TARGET_GROUPS).max(MIN_GROUP);
    for (g, chunk) in built.docs.chunks(per_group).enumerate() {
        pending.push((
            FileId { kind: b'g', n: g as u32 },
            vec![(SectionKind::Docs, doc_store(chunk, built.opts.max_stored_body)?)],
        ));
    }
    // The build id: a hash of everything; then each file gets its name and PIECE section.
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (id, sections) in &pending {
        h = fnv(h, &[id.kind]);
        h = fnv(h, &id.n.to_le_bytes());
        for (_, b) in sections {
            h = fnv(h, b);
        }
    }
    let mut table = Vec::new();
    h = fnv(h, &built.meta.encode());
    for f in &firsts {
        h = fnv(h, f);
    }
    let build = h;
    put(&mut table, firsts.len() as u64);
    for f in &firsts {
        super::varint::put_bytes(&mut table, f);
    }
    let mut layout = build.to_le_bytes().to_vec();
    for v in [SHARDS_PER_DICT, SHARDS_PER_POSITIONS, per_group, n.div_ceil(per_group)] {
        put(&mut layout, v as u64);
    }
    let files: Vec<(String, Vec<u8>)> = pending
        .into_iter()
        .map(|(id, mut sections)| {
            sections.push((SectionKind::Piece, id.section(build)));
            (id.name(build), assemble(sections))
        })
        .collect();
    let manifest = assemble(vec![
        (SectionKind::Meta, built.meta.encode()),
        (SectionKind::Shards, table),
        (SectionKind::Layout, layout),
    ]);
    let bytes = manifest.len() as u64 + files.iter().map(|f| f.1.len() as u64).sum::<u64>();
    let stats = BuildStats {
        docs: n,
        terms: built.terms.len(),
        tokens: built.meta.tokens,
        sections: vec![(SectionKind::Shards, firsts.len() as u64), (SectionKind::Docs, n.div_ceil(per_group) as u64)],
        bytes,
    };
    Ok((SplitFiles { manifest, files }, stats))
}

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A loaded file.
enum Piece {
    Dict { terms: fst::Map<Bytes>, prefixes: fst::Map<Bytes>, top: Bytes },
    Postings(Bytes),
    Positions(Bytes),
    Group(Bytes),
}

/// A split index: the manifest, and the files loaded so far.
pub struct SplitIndex {
    meta: Meta,
    avg_len: f32,
    build: u64,
    /// The first term of each postings shard.
    firsts: Vec<Vec<u8>>,
    per_dict: usize,
    per_positions: usize,
    per_group: u32,
    groups: u32,
    /// The loaded files, by kind and number (no hashing: the WebAssembly stays smaller).
    dicts: Vec<Option<Piece>>,
    postings: Vec<Option<Piece>>,
    positions: Vec<Option<Piece>>,
    groups_loaded: Vec<Option<Piece>>,
    missing: RefCell<Vec<FileId>>,
    scratch: std::sync::Mutex<crate::search::Scratch>,
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
        let per_dict = r.len()?;
        let per_positions = r.len()?;
        let per_group = r.varint_u32()?;
        let groups = r.varint_u32()?;
        if per_dict == 0
            || per_positions == 0
            || per_group == 0
            || u64::from(groups) * u64::from(per_group) < u64::from(meta.docs)
        {
            return Err(corrupt("layout", "the layout does not cover the index"));
        }
        let shards = firsts.len();
        Ok(SplitIndex {
            avg_len: (meta.tokens as f64 / f64::from(meta.docs.max(1))).max(1.0) as f32,
            meta,
            build,
            firsts,
            per_dict,
            per_positions,
            per_group,
            groups,
            dicts: (0..shards.div_ceil(per_dict)).map(|_| None).collect(),
            postings: (0..shards).map(|_| None).collect(),
            positions: (0..shards.div_ceil(per_positions)).map(|_| None).collect(),
            groups_loaded: (0..groups).map(|_| None).collect(),
            missing: RefCell::new(Vec::new()),
            scratch: Default::default(),
        })
    }

    /// Every file of the shards directory (to save the whole index for offline reading).
    pub fn files(&self) -> Vec<FileId> {
        let n = self.firsts.len();
        let mut out: Vec<FileId> = (0..n.div_ceil(self.per_dict)).map(|d| FileId { kind: b'd', n: d as u32 }).collect();
        out.extend((0..n).map(|p| FileId { kind: b'p', n: p as u32 }));
        out.extend((0..n.div_ceil(self.per_positions)).map(|q| FileId { kind: b'q', n: q as u32 }));
        out.extend((0..self.groups).map(|g| FileId { kind: b'g', n: g }));
        out
    }

    /// The build id: every file of this build carries it in its name.
    pub fn build(&self) -> u64 {
        self.build
    }

    /// The name of a file of this index.
    pub fn name(&self, id: &FileId) -> String {
        id.name(self.build)
    }

    fn slot(&self, id: &FileId) -> Option<&Option<Piece>> {
        let table = match id.kind {
            b'd' => &self.dicts,
            b'p' => &self.postings,
            b'q' => &self.positions,
            _ => &self.groups_loaded,
        };
        table.get(id.n as usize)
    }

    fn get(&self, id: &FileId) -> Option<&Piece> {
        self.slot(id).and_then(Option::as_ref)
    }

    /// Whether a file is loaded.
    pub fn is_loaded(&self, id: &FileId) -> bool {
        self.get(id).is_some()
    }

    /// The files the searches since the last call needed but did not have, each once.
    pub fn take_missing(&self) -> Vec<FileId> {
        std::mem::take(&mut *self.missing.borrow_mut())
    }

    fn need(&self, id: FileId) {
        let mut m = self.missing.borrow_mut();
        if !m.contains(&id) {
            m.push(id);
        }
    }

    /// Adds a file of the shards directory (uncompressed), checking that it belongs to this
    /// build and index, that its content is what its name says, and every checksum.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let (id, build) =
            FileId::parse(name).ok_or_else(|| corrupt("shards", format!("{name} is not a file of a split index")))?;
        if build != self.build || self.slot(&id).is_none() {
            return Err(corrupt("shards", format!("{name} is not part of this index (it belongs to another build)")));
        }
        let buf = Arc::new(bytes);
        let h = Header::decode(&buf)?;
        if buf[checked(&buf, &h, SectionKind::Piece)?] != id.section(build)[..] {
            return Err(corrupt("shards", format!("{name} does not match its name: it was damaged or mixed up")));
        }
        let sec = |kind| -> Result<Bytes> { Ok(Bytes::new(buf.clone(), checked(&buf, &h, kind)?)) };
        let fst_map = |kind: SectionKind| -> Result<fst::Map<Bytes>> {
            fst::Map::new(sec(kind)?).map_err(|e| corrupt(kind.name(), e.to_string()))
        };
        let piece = match id.kind {
            b'd' => Piece::Dict {
                terms: fst_map(SectionKind::Terms)?,
                prefixes: fst_map(SectionKind::Prefixes)?,
                top: sec(SectionKind::TopTerms)?,
            },
            b'p' => Piece::Postings(sec(SectionKind::Postings)?),
            b'q' => Piece::Positions(sec(SectionKind::Positions)?),
            _ => {
                let count = self.per_group.min(self.meta.docs.saturating_sub(id.n * self.per_group));
                let docs = sec(SectionKind::Docs)?;
                check_doc_store(docs.as_ref(), count)?;
                Piece::Group(docs)
            }
        };
        let table = match id.kind {
            b'd' => &mut self.dicts,
            b'p' => &mut self.postings,
            b'q' => &mut self.positions,
            _ => &mut self.groups_loaded,
        };
        table[id.n as usize] = Some(piece);
        Ok(())
    }

    /// The shard whose term range holds `term`.
    fn shard_for(&self, term: &[u8]) -> usize {
        shard_of(&self.firsts, term)
    }

    /// The positions file of a shard.
    fn positions_file(&self, shard: usize) -> FileId {
        FileId { kind: b'q', n: (shard / self.per_positions) as u32 }
    }

    fn dict_for(&self, shard: usize) -> FileId {
        FileId { kind: b'd', n: (shard / self.per_dict) as u32 }
    }

    /// Looks up a term; when its dictionary is missing, asks for it, and with `likely` also for
    /// the postings the term would have (one round trip instead of two when it exists, one
    /// request wasted when it does not).
    fn lookup(&self, term: &[u8], likely: bool) -> Option<TermValue> {
        if self.firsts.is_empty() {
            return None;
        }
        let s = self.shard_for(term);
        let d = self.dict_for(s);
        match self.get(&d) {
            Some(Piece::Dict { terms, .. }) => terms.get(term).map(TermValue),
            _ => {
                self.need(d);
                if likely {
                    self.need(self.postings_file(s));
                }
                None
            }
        }
    }

    fn postings_file(&self, shard: usize) -> FileId {
        FileId { kind: b'p', n: shard as u32 }
    }

    /// The shards whose ranges meet `[lo, hi)`.
    fn shards_in(&self, lo: &[u8], hi: Option<&[u8]>) -> std::ops::RangeInclusive<usize> {
        let first = self.shard_for(lo);
        let last = match hi {
            Some(h) => self.firsts.partition_point(|f| f.as_slice() < h).saturating_sub(1).max(first),
            None => self.firsts.len().saturating_sub(1),
        };
        first..=last
    }

    /// The dictionaries whose ranges meet `[lo, hi)`.
    fn dicts_in(&self, lo: &[u8], hi: Option<&[u8]>) -> Vec<FileId> {
        if self.firsts.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<FileId> = self.shards_in(lo, hi).map(|s| self.dict_for(s)).collect();
        out.dedup();
        out
    }

    /// The files to fetch ahead while a reader types `prefix` (a term prefix): the
    /// dictionaries and postings of its range, if it spans few shards.
    pub fn prefetch_for(&self, prefix: &[u8]) -> Vec<FileId> {
        if prefix.is_empty() || self.firsts.is_empty() {
            return Vec::new();
        }
        let upper = crate::search::prefix_upper(prefix);
        let range = self.shards_in(prefix, upper.as_deref());
        if range.end() - range.start() > 1 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for s in range {
            let d = self.dict_for(s);
            // A dictionary already here tells whether the range holds any term at all (the
            // whole-word reading of «الحكومة» holds none): no postings to fetch ahead then.
            if let Some(Piece::Dict { terms, .. }) = self.get(&d) {
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
            out.push(self.postings_file(s));
        }
        out.dedup();
        out.retain(|f| !self.is_loaded(f));
        out
    }
}

impl Source for SplitIndex {
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
        let d = self.dict_for(self.shard_for(prefix));
        let Some(Piece::Dict { prefixes, top, .. }) = self.get(&d) else {
            self.need(d);
            // Not a scan of the range meanwhile: the search runs again once the file is here.
            return Ok(Some(Vec::new()));
        };
        let Some(at) = prefixes.get(prefix) else { return Ok(None) };
        let mut r = Reader::at(top.as_ref(), at as usize, "top-terms")?;
        let n = r.len()?.min(1 << 16);
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(TermValue(r.varint()?));
        }
        Ok(Some(out))
    }

    fn scan(&self, lo: &[u8], hi: Option<&[u8]>, f: &mut dyn FnMut(&[u8], TermValue) -> bool) {
        let dicts = self.dicts_in(lo, hi);
        let all_loaded = dicts.iter().all(|d| self.is_loaded(d));
        if !all_loaded {
            for d in dicts {
                if !self.is_loaded(&d) {
                    self.need(d);
                }
            }
            return;
        }
        let mut go = true;
        for d in dicts {
            if let Some(Piece::Dict { terms, .. }) = self.get(&d) {
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
        // Only the ranges of the first letters a match may start with (see search::fuzzy).
        let mut dicts = Vec::new();
        for b in (0..=255u8).filter(|&b| aut.may_start_with(b)) {
            let hi = [b.wrapping_add(1)];
            dicts.extend(self.dicts_in(&[b], if b == 255 { None } else { Some(&hi[..]) }));
        }
        crate::search::util::sort_by(&mut dicts, |a, b| a < b);
        dicts.dedup();
        let missing: Vec<FileId> = dicts.iter().copied().filter(|d| !self.is_loaded(d)).collect();
        if !missing.is_empty() {
            missing.into_iter().for_each(|d| self.need(d));
            return;
        }
        // In term order, as one dictionary would give them: the dictionaries, sorted by number,
        // hold consecutive term ranges.
        for d in dicts {
            if let Some(Piece::Dict { terms, .. }) = self.get(&d) {
                let mut s = terms.search(aut).into_stream();
                while let Some((k, v)) = s.next() {
                    if !f(k, TermValue(v)) {
                        return;
                    }
                }
            }
        }
    }

    fn postings(&self, v: TermValue) -> Result<Postings<'_>> {
        let shard = (v.postings_offset() >> 24) as usize;
        let local = v.postings_offset() & 0xFF_FFFF;
        if shard >= self.firsts.len() {
            return Err(corrupt("terms", "a term points to no shard"));
        }
        let file = self.postings_file(shard);
        let Some(Piece::Postings(bytes)) = self.get(&file) else {
            self.need(file);
            return Err(Error::NotLoaded { file: self.name(&file) });
        };
        let q = self.positions_file(shard);
        let positions = match self.get(&q) {
            Some(Piece::Positions(p)) => Some(p.as_ref()),
            _ => None,
        };
        decode_postings(bytes.as_ref(), local, positions, None, self.meta.docs)
    }

    fn pending(&self) -> bool {
        !self.missing.borrow().is_empty()
    }

    fn positions_ready(&self, v: TermValue) -> bool {
        let q = self.positions_file((v.postings_offset() >> 24) as usize);
        if self.is_loaded(&q) {
            return true;
        }
        self.need(q);
        false
    }

    fn doc(&self, doc: u32) -> Result<StoredDoc<'_>> {
        let g = doc / self.per_group;
        if doc >= self.meta.docs {
            return Err(corrupt("document groups", format!("no document {doc}")));
        }
        let id = FileId { kind: b'g', n: g };
        let Some(Piece::Group(bytes)) = self.get(&id) else {
            self.need(id);
            return Err(Error::NotLoaded { file: self.name(&id) });
        };
        doc_record(bytes.as_ref(), doc % self.per_group)
    }

    fn scratch(&self) -> &std::sync::Mutex<crate::search::Scratch> {
        &self.scratch
    }
}

/// Searches a split index, loading the files it needs with `load` (which returns a file's
/// uncompressed bytes by name) and searching again until nothing is missing.
pub fn search_split(
    split: &mut SplitIndex,
    query: &str,
    opts: &SearchOptions,
    load: &mut dyn FnMut(&str) -> Result<Vec<u8>>,
) -> Result<SearchResults> {
    for _ in 0..8 {
        let res = crate::search::search(split, query, opts);
        let missing = split.take_missing();
        if missing.is_empty() {
            return res;
        }
        for id in missing {
            let name = split.name(&id);
            let bytes = load(&name)?;
            split.add_file(&name, bytes)?;
        }
    }
    Err(corrupt("shards", "a search kept needing more files"))
}
