//! Writing a split index: the sections of an inverted corpus laid out as a manifest and shards
//! (see [`super`]).

use super::{shard_of, ShardId, ShardKind, SplitFiles};
use crate::error::{corrupt, Result};
use crate::index::columns::Columns;
use crate::index::format::{assemble, PostingsAt, SectionKind, TermValue};
use crate::index::invert::Inverted;
use crate::index::varint::{put, put_bytes};
use crate::index::write::{fields_of, WriterOptions};
use crate::index::{docstore, postings, prefixes, Document};

/// Raw postings bytes per postings shard (about 15 kB once gzipped): a rare word's first query
/// fetches a shard or two of these, so they are kept small; 100,000 articles still make only
/// about 2,000 of them.
const POSTINGS_SHARD_BYTES: usize = 24 * 1024;
/// Postings shards per dictionary shard.
const POSTINGS_PER_DICTIONARY: usize = 8;
/// Postings shards per positions shard.
const POSTINGS_PER_POSITIONS: usize = 4;
/// About this many document shards; each holds at least [`MIN_DOCS_PER_SHARD`] documents.
const TARGET_DOCUMENT_SHARDS: usize = 3000;
const MIN_DOCS_PER_SHARD: usize = 8;

/// A shard before it gets its name: its identity and its sections.
type Pending = (ShardId, Vec<(SectionKind, Vec<u8>)>);

/// Lays out an inverted corpus as a split index; returns the files, and the number of postings
/// shards and of document shards.
pub(crate) fn layout(
    inv: &Inverted,
    docs: &[Document],
    opts: &WriterOptions,
) -> Result<(SplitFiles, Vec<(SectionKind, u64)>)> {
    let mut pending: Vec<Pending> = Vec::new();
    let (firsts, values) = postings_shards(inv, &mut pending)?;
    dictionary_shards(inv, &firsts, &values, opts, &mut pending)?;
    let per_shard = docs.len().div_ceil(TARGET_DOCUMENT_SHARDS).max(MIN_DOCS_PER_SHARD);
    for (g, chunk) in docs.chunks(per_shard).enumerate() {
        pending.push((
            ShardId::new(ShardKind::Documents, g as u32),
            vec![(SectionKind::Docs, docstore::encode(chunk, opts.max_stored_body)?)],
        ));
    }
    let doc_shards = docs.len().div_ceil(per_shard);
    let fields = fields_of(docs);
    pending.push((ShardId::new(ShardKind::Columns, 0), vec![(SectionKind::Columns, Columns::encode(docs, &fields))]));

    // The build id: a hash of everything; then each shard gets its name and SHARD section.
    let meta = opts.meta(inv).encode();
    let mut h = FNV_OFFSET;
    for (id, sections) in &pending {
        h = fnv(h, &[id.kind as u8]);
        h = fnv(h, &id.n.to_le_bytes());
        for (_, b) in sections {
            h = fnv(h, b);
        }
    }
    h = fnv(h, &meta);
    for f in &firsts {
        h = fnv(h, f);
    }
    let build = h;
    let mut table = Vec::new();
    put(&mut table, firsts.len() as u64);
    for f in &firsts {
        put_bytes(&mut table, f);
    }
    let mut layout = build.to_le_bytes().to_vec();
    for v in [POSTINGS_PER_DICTIONARY, POSTINGS_PER_POSITIONS, per_shard, doc_shards] {
        put(&mut layout, v as u64);
    }
    let shards: Vec<(String, Vec<u8>)> = pending
        .into_iter()
        .map(|(id, mut sections)| {
            sections.push((SectionKind::Shard, id.section(build)));
            (id.file_name(build), assemble(sections))
        })
        .collect();
    let manifest = assemble(vec![
        (SectionKind::Meta, meta),
        (SectionKind::Shards, table),
        (SectionKind::Layout, layout),
        (SectionKind::Fields, fields.encode()),
    ]);
    let counts = vec![(SectionKind::Shards, firsts.len() as u64), (SectionKind::Docs, doc_shards as u64)];
    Ok((SplitFiles { manifest, shards }, counts))
}

/// Postings shards: consecutive terms up to about [`POSTINGS_SHARD_BYTES`] of postings each,
/// and their positions in bundles of [`POSTINGS_PER_POSITIONS`]. Returns the first term of each
/// postings shard, and every term's dictionary value.
fn postings_shards(inv: &Inverted, pending: &mut Vec<Pending>) -> Result<(Vec<Vec<u8>>, Vec<TermValue>)> {
    let mut firsts: Vec<Vec<u8>> = Vec::new();
    let mut postings_bytes: Vec<u8> = Vec::new();
    let mut positions: Vec<u8> = Vec::new();
    let mut values = Vec::with_capacity(inv.terms.len());
    let close = |n: usize, postings_bytes: &mut Vec<u8>, positions: &mut Vec<u8>, pending: &mut Vec<Pending>, last| {
        pending.push((
            ShardId::new(ShardKind::Postings, n as u32),
            vec![(SectionKind::Postings, std::mem::take(postings_bytes))],
        ));
        if (n + 1) % POSTINGS_PER_POSITIONS == 0 || last {
            pending.push((
                ShardId::new(ShardKind::Positions, (n / POSTINGS_PER_POSITIONS) as u32),
                vec![(SectionKind::Positions, std::mem::take(positions))],
            ));
        }
    };
    for t in &inv.terms {
        let size = t.docs.len() + t.tfs.len() + t.df as usize + 8;
        if firsts.is_empty() || (!postings_bytes.is_empty() && postings_bytes.len() + size > POSTINGS_SHARD_BYTES) {
            if !firsts.is_empty() {
                close(firsts.len() - 1, &mut postings_bytes, &mut positions, pending, false);
            }
            firsts.push(t.term.clone());
        }
        let n = firsts.len() - 1;
        let local = postings_bytes.len();
        let positions_at = (!t.positions.is_empty()).then_some(positions.len() as u64);
        postings::encode(t, positions_at, Some(&inv.norms), &mut postings_bytes);
        positions.extend_from_slice(&t.positions);
        PostingsAt::in_shard(n, postings_bytes.len())?; // the shard still fits the format
        values.push(TermValue::new(PostingsAt::in_shard(n, local)?, i64::from(t.df), t.display));
    }
    if !firsts.is_empty() {
        close(firsts.len() - 1, &mut postings_bytes, &mut positions, pending, true);
    }
    Ok((firsts, values))
}

/// Dictionary shards: the terms of [`POSTINGS_PER_DICTIONARY`] postings shards each, and the
/// heavy prefixes whose range starts in them.
fn dictionary_shards(
    inv: &Inverted,
    firsts: &[Vec<u8>],
    values: &[TermValue],
    opts: &WriterOptions,
    pending: &mut Vec<Pending>,
) -> Result<()> {
    let lists = prefixes::heavy_prefixes(&inv.terms, opts.heavy_prefix as usize, opts.top_k as usize);
    let mut ti = 0;
    let mut li = 0;
    for d in 0..firsts.len().div_ceil(POSTINGS_PER_DICTIONARY) {
        let end = firsts.get((d + 1) * POSTINGS_PER_DICTIONARY).map(Vec::as_slice);
        let mut map = fst::MapBuilder::memory();
        while ti < inv.terms.len() && end.is_none_or(|e| inv.terms[ti].term.as_slice() < e) {
            map.insert(&inv.terms[ti].term, values[ti].0).map_err(|e| corrupt("terms", e.to_string()))?;
            ti += 1;
        }
        let map = map.into_inner().map_err(|e| corrupt("terms", e.to_string()))?;
        let from = li;
        while li < lists.len() && shard_of(firsts, &lists[li].0) / POSTINGS_PER_DICTIONARY == d {
            li += 1;
        }
        let (prefix_map, top) = prefixes::encode(&lists[from..li], values)?;
        pending.push((
            ShardId::new(ShardKind::Dictionary, d as u32),
            vec![(SectionKind::Terms, map), (SectionKind::Prefixes, prefix_map), (SectionKind::TopTerms, top)],
        ));
    }
    Ok(())
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
