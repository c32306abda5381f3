//! The split index: for archives too large to download at once, and updated in place.
//!
//! The entry file keeps its name (`index.fahras`, so a page's `data-index` never changes as a
//! site grows) but holds only a *manifest* ([`Manifest`]): the counts ranking needs for the
//! whole index, the filterable fields, and the list of *segments*. A segment is an immutable
//! set of documents with their own dictionary, postings, positions, documents and columns; a
//! fresh build writes one, an update adds one (its new and changed documents) and marks the
//! documents it replaces as deleted in the older ones, and merges fold segments together (see
//! `index-builder`'s update and merge). Every segment lives in *shards* in
//! `index.fahras.shards/`, named by their kind, their number and the segment's id, so a shard
//! never changes once written and can be cached forever; each carries the usual header,
//! version and checksums, plus its own identity in a SHARD section, checked when it is loaded:
//!
//! ```text
//! d<n>-<segment>.fahras  a dictionary shard: the terms of a few postings shards (fst; each value
//!                        says where the term's postings are and how many documents it adds to
//!                        the whole index's count), and the heavy prefixes whose range starts
//!                        there, with their top completions
//! p<n>-<segment>.fahras  a postings shard: the postings of one term range, with each document's
//!                        length per posting (so no table as large as the corpus is needed)
//! q<n>-<segment>.fahras  a positions shard: the positions of a few postings shards (only
//!                        phrases fetch them)
//! g<n>-<segment>.fahras  a document shard: a run of consecutive documents (title, url, date,
//!                        filter values, metadata, body)
//! c0-<segment>.fahras    the columns: every document's filter values and date (fetched only by
//!                        a search that filters, sorts by date or counts facets)
//! x0-<segment>.fahras    what the next update needs and a browser never fetches: each
//!                        document's id and content hash, and the segment's word counts
//! ```
//!
//! [`write`](mod@write) lays segments out this way. [`SplitIndex`] (in [`read`](mod@read))
//! implements [`Searchable`](super::Searchable) over the shards loaded so far and notes which
//! ones a search was missing; the search's fetch step ([`crate::search::step`]) fetches those
//! and searches again, so one query usually costs two or three small rounds. The search code is
//! the same as for one file, and returns the same hits.

mod completions;
pub mod merge;
pub mod pieces;
pub mod read;
pub mod state;
pub mod update;
pub mod write;

pub use read::SplitIndex;

use super::format::{Header, Meta, SectionKind};
use super::read::checked;
use super::varint::{put, put_bytes, Reader};
use crate::error::{corrupt, Result};

/// The directory beside the entry file that holds the shards: `index.fahras.shards`.
pub const SHARDS_SUFFIX: &str = ".shards";

/// What a split index is made of, before it is written (each file uncompressed; the builder
/// gzips them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitFiles {
    /// The entry file: the manifest.
    pub manifest: Vec<u8>,
    /// `(file name, bytes)` of every shard.
    pub shards: Vec<(String, Vec<u8>)>,
}

/// The kinds of shards, by the letter that starts their file names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum ShardKind {
    /// A range of the term dictionary and its heavy prefixes (`d`).
    Dictionary = b'd',
    /// The postings of a range of terms (`p`).
    Postings = b'p',
    /// The positions of a few postings shards (`q`).
    Positions = b'q',
    /// A run of consecutive documents (`g`).
    Documents = b'g',
    /// Every document's filter values and date (`c`).
    Columns = b'c',
    /// What updates need: ids, content hashes, word counts (`x`; never fetched by a browser).
    State = b'x',
}

impl ShardKind {
    /// Every kind, in the order [`SplitIndex::shards`] lists them.
    pub const ALL: [ShardKind; 6] = [
        ShardKind::Dictionary,
        ShardKind::Postings,
        ShardKind::Positions,
        ShardKind::Documents,
        ShardKind::Columns,
        ShardKind::State,
    ];

    /// The kind whose file names start with `letter`.
    pub fn from_letter(letter: u8) -> Option<ShardKind> {
        ShardKind::ALL.into_iter().find(|k| *k as u8 == letter)
    }

    /// What shards of this kind hold, in the plural (for `index-builder inspect`).
    pub fn describe(self) -> &'static str {
        match self {
            ShardKind::Dictionary => "dictionaries",
            ShardKind::Postings => "postings",
            ShardKind::Positions => "positions",
            ShardKind::Documents => "documents",
            ShardKind::Columns => "columns",
            ShardKind::State => "update state",
        }
    }
}

/// One shard: its segment (by its place in the manifest), its kind and its number among the
/// segment's shards of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShardId {
    /// The segment's place in the manifest.
    pub segment: u16,
    /// What the shard holds.
    pub kind: ShardKind,
    /// Its number.
    pub n: u32,
}

impl ShardId {
    /// A shard.
    pub fn new(segment: u16, kind: ShardKind, n: u32) -> ShardId {
        ShardId { segment, kind, n }
    }
}

/// The file name of shard `n` of `kind` of the segment with id `segment`:
/// `p12-0123456789abcdef.fahras`.
pub fn file_name(kind: ShardKind, n: u32, segment: u64) -> String {
    format!("{}{n}-{segment:016x}.fahras", kind as u8 as char)
}

/// Parses a shard's file name into its kind, number and segment id.
pub fn parse_file_name(name: &str) -> Option<(ShardKind, u32, u64)> {
    let stem = name.strip_suffix(".fahras")?;
    let (head, hex) = stem.split_once('-')?;
    let kind = ShardKind::from_letter(*head.as_bytes().first()?)?;
    if hex.len() != 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let n = crate::analysis::sub(head, 1, head.len()).parse().ok()?;
    Some((kind, n, u64::from_str_radix(hex, 16).ok()?))
}

/// The SHARD section of a shard: its segment id, kind and number.
pub(crate) fn shard_section(kind: ShardKind, n: u32, segment: u64) -> Vec<u8> {
    let mut out = segment.to_le_bytes().to_vec();
    out.push(kind as u8);
    put(&mut out, u64::from(n));
    out
}

/// The postings shard whose term range holds `term`, given the first term of each.
pub(crate) fn shard_of(firsts: &[Vec<u8>], term: &[u8]) -> usize {
    firsts.partition_point(|f| f.as_slice() <= term).saturating_sub(1)
}

/// How a segment's shards divide its terms and documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentLayout {
    /// The first term of each postings shard.
    pub firsts: Vec<Vec<u8>>,
    /// Postings shards per dictionary shard.
    pub postings_per_dictionary: u32,
    /// Postings shards per positions shard.
    pub postings_per_positions: u32,
    /// Documents per document shard.
    pub docs_per_shard: u32,
}

impl SegmentLayout {
    /// The number of postings shards.
    pub fn postings_shards(&self) -> u32 {
        self.firsts.len() as u32
    }
    /// The number of dictionary shards.
    pub fn dictionary_shards(&self) -> u32 {
        self.postings_shards().div_ceil(self.postings_per_dictionary.max(1)).max(1)
    }
    /// The number of positions shards.
    pub fn positions_shards(&self) -> u32 {
        self.postings_shards().div_ceil(self.postings_per_positions.max(1))
    }
    /// The number of document shards of `docs` documents.
    pub fn document_shards(&self, docs: u32) -> u32 {
        docs.div_ceil(self.docs_per_shard.max(1))
    }
}

/// A segment as the manifest lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentInfo {
    /// Its id: every shard of it carries it in its name.
    pub id: u64,
    /// Its documents, live or deleted.
    pub docs: u32,
    /// Its shards.
    pub layout: SegmentLayout,
    /// Its documents deleted by later updates, by their number in the segment, ascending.
    pub deleted: Vec<u32>,
}

/// The manifest of a split index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// A hash of the manifest's content: it changes with every build that changes anything.
    pub build: u64,
    /// The whole index's live documents and tokens, and the heavy-prefix parameters.
    pub meta: Meta,
    /// The filterable fields and their values (the union over the segments).
    pub fields: super::fields::Fields,
    /// The segments, oldest first: their documents are numbered in this order.
    pub segments: Vec<SegmentInfo>,
    /// The segments of the previous builds still kept on disk, newest first: `(build, segment
    /// ids)`. Only `index-builder` reads it (to delete what no recent build names).
    pub history: Vec<(u64, Vec<u64>)>,
}

impl Manifest {
    /// Whether `bytes` are a manifest (rather than a whole index file).
    pub fn is_manifest(bytes: &[u8]) -> bool {
        Header::decode(bytes).is_ok_and(|h| h.section(SectionKind::Segments).is_ok())
    }

    fn encode_segments(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put(&mut out, self.segments.len() as u64);
        for s in &self.segments {
            out.extend_from_slice(&s.id.to_le_bytes());
            put(&mut out, u64::from(s.docs));
            let l = &s.layout;
            for v in [l.postings_per_dictionary, l.postings_per_positions, l.docs_per_shard] {
                put(&mut out, u64::from(v));
            }
            put(&mut out, l.firsts.len() as u64);
            for f in &l.firsts {
                put_bytes(&mut out, f);
            }
            put(&mut out, s.deleted.len() as u64);
            let mut last = 0;
            for &d in &s.deleted {
                put(&mut out, u64::from(d - last));
                last = d;
            }
        }
        out
    }

    fn encode_history(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put(&mut out, self.history.len() as u64);
        for (build, ids) in &self.history {
            out.extend_from_slice(&build.to_le_bytes());
            put(&mut out, ids.len() as u64);
            for id in ids {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        out
    }

    /// Encodes the manifest; its build id is computed from the rest and stored.
    pub fn encode(&mut self) -> Vec<u8> {
        let (meta, fields, segments, history) =
            (self.meta.encode(), self.fields.encode(), self.encode_segments(), self.encode_history());
        let mut h = FNV_OFFSET;
        for part in [&meta, &fields, &segments] {
            h = fnv(h, part);
        }
        self.build = h;
        let mut build = h.to_le_bytes().to_vec();
        build.extend_from_slice(&segments);
        super::format::assemble(vec![
            (SectionKind::Meta, meta),
            (SectionKind::Fields, fields),
            (SectionKind::Segments, build),
            (SectionKind::History, history),
        ])
    }

    /// Decodes a manifest, checking its header and every checksum.
    pub fn decode(bytes: &[u8]) -> Result<Manifest> {
        let h = Header::decode(bytes)?;
        let meta = Meta::decode(&bytes[checked(bytes, &h, SectionKind::Meta)?])?;
        let fields = super::fields::Fields::decode(&bytes[checked(bytes, &h, SectionKind::Fields)?])?;
        let seg_bytes = &bytes[checked(bytes, &h, SectionKind::Segments)?];
        let mut r = Reader::new(seg_bytes, "segments");
        let build = u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"));
        let n = r.len()?;
        if n > 1 << 15 {
            return Err(corrupt("segments", format!("{n} segments")));
        }
        let mut segments = Vec::with_capacity(n);
        for _ in 0..n {
            let id = u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"));
            let docs = r.varint_u32()?;
            let (ppd, ppp, dps) = (r.varint_u32()?, r.varint_u32()?, r.varint_u32()?);
            let nf = r.len()?;
            let mut firsts: Vec<Vec<u8>> = Vec::with_capacity(nf.min(1 << 16));
            for _ in 0..nf {
                let first = r.len_bytes()?.to_vec();
                if firsts.last().is_some_and(|f| *f >= first) {
                    return Err(corrupt("segments", "postings shards out of order"));
                }
                firsts.push(first);
            }
            if ppd == 0 || ppp == 0 || dps == 0 || nf >= 1 << 14 {
                return Err(corrupt("segments", "a segment's layout does not hold together"));
            }
            let nd = r.len()?;
            if nd > docs as usize {
                return Err(corrupt("segments", "more deleted documents than documents"));
            }
            let mut deleted = Vec::with_capacity(nd);
            let mut last = 0u32;
            for i in 0..nd {
                let d = last.checked_add(r.varint_u32()?).filter(|&d| d < docs && (i == 0 || d > last));
                let d = d.ok_or_else(|| corrupt("segments", "deleted documents out of order or out of range"))?;
                deleted.push(d);
                last = d;
            }
            let layout = SegmentLayout {
                firsts,
                postings_per_dictionary: ppd,
                postings_per_positions: ppp,
                docs_per_shard: dps,
            };
            segments.push(SegmentInfo { id, docs, layout, deleted });
        }
        let mut history = Vec::new();
        if let Ok(range) = checked(bytes, &h, SectionKind::History) {
            let mut r = Reader::new(&bytes[range], "history");
            for _ in 0..r.len()?.min(1 << 10) {
                let build = u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"));
                let m = r.len()?.min(1 << 15);
                let ids = (0..m)
                    .map(|_| Ok(u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"))))
                    .collect::<Result<Vec<_>>>()?;
                history.push((build, ids));
            }
        }
        let total: u64 = segments.iter().map(|s| u64::from(s.docs)).sum();
        if total > u64::from(u32::MAX) || u64::from(meta.docs) > total {
            return Err(corrupt("segments", "the segments do not hold the documents the manifest counts"));
        }
        Ok(Manifest { build, meta, fields, segments, history })
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits: the ids of builds and segments (stable across platforms and runs).
pub(crate) fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names_round_trip() {
        let name = file_name(ShardKind::Positions, 12, 0x0123_4567_89ab_cdef);
        assert_eq!(name, "q12-0123456789abcdef.fahras");
        assert_eq!(parse_file_name(&name), Some((ShardKind::Positions, 12, 0x0123_4567_89ab_cdef)));
        for bad in [
            "z1-0123456789abcdef.fahras",
            "p1-0123.fahras",
            "p-0123456789abcdef.fahras",
            "p1.fahras",
            "p1-012345678zabcdef.fahras",
        ] {
            assert_eq!(parse_file_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn manifests_round_trip() {
        let mut m = Manifest {
            meta: Meta { docs: 9, tokens: 100, terms: 40, top_k: 64, heavy_prefix: 128, positions_cap: 1000 },
            fields: super::super::fields::Fields::of([("category", "سياسة")]),
            segments: vec![
                SegmentInfo {
                    id: 7,
                    docs: 8,
                    layout: SegmentLayout {
                        firsts: vec![b"a".to_vec(), b"m".to_vec()],
                        postings_per_dictionary: 8,
                        postings_per_positions: 4,
                        docs_per_shard: 3,
                    },
                    deleted: vec![1, 5],
                },
                SegmentInfo {
                    id: 9,
                    docs: 2,
                    layout: SegmentLayout {
                        firsts: vec![b"b".to_vec()],
                        postings_per_dictionary: 1,
                        postings_per_positions: 1,
                        docs_per_shard: 8,
                    },
                    deleted: vec![],
                },
            ],
            history: vec![(42, vec![7, 8])],
            build: 0,
        };
        let bytes = m.encode();
        assert!(Manifest::is_manifest(&bytes));
        let back = Manifest::decode(&bytes).unwrap();
        assert_eq!(back, m);
        assert_ne!(m.build, 0);
        // The build id follows the content.
        let mut other = m.clone();
        other.segments[0].deleted.push(6);
        other.encode();
        assert_ne!(other.build, m.build);
    }
}
