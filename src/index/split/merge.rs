//! Merging segments: several segments become one, without their deleted documents, as Lucene
//! and tantivy do. The merge walks the segments' dictionaries in term order (a k-way merge),
//! re-encodes each term's live postings in the new numbering, copies the live documents, and
//! hands shards to the segment writer as they fill: memory holds a dictionary shard and a
//! postings shard per segment, not the segments.
//!
//! What a term adds to the whole index's document count is the sum of what the merged segments
//! added (not the merged postings' length): a merged segment may have subtracted documents of a
//! segment outside the merge, and a segment outside may have subtracted documents the merge
//! drops; summing keeps both right. Word counts (the stemmer's evidence) are summed the same
//! way. [`policy`] says which segments an update should merge.

use super::state::{sum_sorted, DocState, SegmentState};
use super::update::Stored;
use super::write::{SegmentWriter, Sink, TermPostings};
use super::{Manifest, SegmentInfo, ShardKind};
use crate::error::{corrupt, Result};
use crate::index::format::{Display, SectionKind, TermValue};
use crate::index::postings;
use crate::index::read::range;
use crate::index::varint::put;
use crate::index::write::WriterOptions;
use fst::Streamer;
use std::collections::{BinaryHeap, HashSet};

/// One merged segment's dictionary, walked in term order, a shard at a time.
struct Cursor {
    si: usize,
    next_shard: u32,
    shards: u32,
    entries: Vec<(Vec<u8>, TermValue)>,
    at: usize,
}

impl Cursor {
    fn peek(&mut self, stored: &mut Stored<'_>) -> Result<Option<&(Vec<u8>, TermValue)>> {
        while self.at >= self.entries.len() {
            if self.next_shard >= self.shards {
                return Ok(None);
            }
            let (bytes, h) = stored.shard(self.si, ShardKind::Dictionary, self.next_shard)?;
            self.next_shard += 1;
            let map =
                fst::Map::new(&bytes[range(&h, SectionKind::Terms)?]).map_err(|e| corrupt("terms", e.to_string()))?;
            let mut s = map.stream();
            self.entries.clear();
            while let Some((k, v)) = s.next() {
                self.entries.push((k.to_vec(), TermValue(v)));
            }
            self.at = 0;
        }
        Ok(self.entries.get(self.at))
    }
}

/// Merges the segments `which` (places in the manifest, ascending) into one, written to `sink`.
/// With `all` (every segment), the merged segment is a fresh one: the positions cap is computed
/// anew and terms above it drop their positions. Returns the new manifest (history to fill by the
/// caller).
pub fn merge(stored: &mut Stored<'_>, which: &[usize], opts: &WriterOptions, sink: &mut Sink<'_>) -> Result<Manifest> {
    let m = stored.manifest.clone();
    if which.is_empty() || which.windows(2).any(|w| w[0] >= w[1]) || which.iter().any(|&s| s >= m.segments.len()) {
        return Err(corrupt("segments", "a merge of segments that are not the index's, in order"));
    }
    let all = which.len() == m.segments.len();
    let mut states: Vec<SegmentState> = which.iter().map(|&si| stored.state(si)).collect::<Result<_>>()?;
    // The new numbering: live documents, segment after segment.
    let mut renumber: Vec<Vec<Option<u32>>> = Vec::with_capacity(which.len());
    let mut next = 0u32;
    for &si in which {
        let del: HashSet<u32> = m.segments[si].deleted.iter().copied().collect();
        let map = (0..m.segments[si].docs)
            .map(|d| {
                (!del.contains(&d)).then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        renumber.push(map);
    }
    let live_docs = next as usize;
    // An index built without positions stays so (`--no-positions`): a cap of 0.
    let cap = if all && m.meta.positions_cap > 0 { opts.positions_cap(live_docs as u32) } else { m.meta.positions_cap };
    // Segment id: the merged segments' ids.
    let mut id = 0xcbf2_9ce4_8422_2325u64;
    for &si in which {
        id = super::fnv(id, &m.segments[si].id.to_le_bytes());
    }
    id = super::fnv(id, b"merge");
    // About a byte and a half of postings per token (measured on news).
    let live_tokens: u64 = states
        .iter()
        .zip(&renumber)
        .flat_map(|(st, map)| st.docs.iter().zip(map).filter(|(_, n)| n.is_some()).map(|(d, _)| u64::from(d.tokens)))
        .sum();
    let postings_estimate = (live_tokens as usize).saturating_mul(3) / 2;
    let mut w = SegmentWriter::new(id, opts, postings_estimate, live_docs, sink);
    // Segments stored cut keep no complete bodies: the merged one is stored cut too.
    w.set_cut(states.iter().find_map(|s| s.cut));
    merge_terms(stored, &m, which, &renumber, cap, &mut w)?;
    let terms = w.terms();
    // Documents, in the new order, and their update state.
    for (k, &si) in which.iter().enumerate() {
        for local in 0..m.segments[si].docs {
            if renumber[k][local as usize].is_none() {
                continue;
            }
            let doc = stored.document(si, local, &states[k])?;
            w.add_doc(doc, std::mem::replace(&mut states[k].docs[local as usize], DocState::EMPTY))?;
        }
    }
    // Segments built apart with the same shared evidence stay marked with it.
    let evidence = states[0].evidence.filter(|e| states.iter().all(|s| s.evidence == Some(*e)));
    w.set_evidence(evidence);
    let mut summed = sum_sorted(states.into_iter().map(|s| s.lexicon).collect());
    summed.retain(|(_, c)| *c != 0);
    let info: SegmentInfo = w.finish(&m.fields, &summed)?;
    let mut out = m.clone();
    let first = which[0];
    let mut segments = Vec::with_capacity(m.segments.len() + 1 - which.len());
    for (si, s) in m.segments.iter().enumerate() {
        if si == first {
            segments.push(info.clone());
        }
        if !which.contains(&si) {
            segments.push(s.clone());
        }
    }
    out.segments = segments;
    if all {
        out.meta.positions_cap = cap;
        out.meta.terms = terms;
    }
    Ok(out)
}

/// The k-way merge of the segments' dictionaries, term by term.
fn merge_terms(
    stored: &mut Stored<'_>,
    m: &Manifest,
    which: &[usize],
    renumber: &[Vec<Option<u32>>],
    cap: u32,
    w: &mut SegmentWriter<'_>,
) -> Result<()> {
    let mut cursors: Vec<Cursor> = which
        .iter()
        .map(|&si| Cursor {
            si,
            next_shard: 0,
            shards: m.segments[si].layout.dictionary_shards(),
            entries: Vec::new(),
            at: 0,
        })
        .collect();
    // Min-heap of (term, cursor).
    let mut heap: BinaryHeap<std::cmp::Reverse<(Vec<u8>, usize)>> = BinaryHeap::new();
    for (k, c) in cursors.iter_mut().enumerate() {
        if let Some((t, _)) = c.peek(stored)? {
            heap.push(std::cmp::Reverse((t.clone(), k)));
        }
    }
    let (mut docs, mut tfs, mut norms, mut positions) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut pos_buf = Vec::new();
    while let Some(std::cmp::Reverse((term, _))) = heap.peek().cloned() {
        // Every cursor standing on this term.
        let mut parts: Vec<(usize, TermValue)> = Vec::new();
        while heap.peek().is_some_and(|std::cmp::Reverse((t, _))| *t == term) {
            let std::cmp::Reverse((_, k)) = heap.pop().expect("peeked");
            let (_, v) = cursors[k].peek(stored)?.cloned().expect("a term under the cursor");
            parts.push((k, v));
            cursors[k].at += 1;
            if let Some((t, _)) = cursors[k].peek(stored)? {
                heap.push(std::cmp::Reverse((t.clone(), k)));
            }
        }
        parts.sort_unstable_by_key(|p| p.0);
        let df_delta: i64 = parts.iter().map(|(_, v)| v.df_delta()).sum();
        let display = parts.iter().find(|(_, v)| v.postings().is_some()).map_or(Display(0), |(_, v)| v.display());
        docs.clear();
        tfs.clear();
        norms.clear();
        positions.clear();
        let (mut df, mut last) = (0u32, 0u32);
        let mut keeps_positions = true;
        for &(k, v) in &parts {
            if !v.postings().is_some() {
                continue;
            }
            let si = which[k];
            let (shard, offset) = v.postings().shard();
            let (pbytes, ph) = stored.shard(si, ShardKind::Postings, shard as u32)?;
            let per_q = m.segments[si].layout.postings_per_positions.max(1);
            let (qbytes, qh) = stored.shard(si, ShardKind::Positions, shard as u32 / per_q)?;
            let q = &qbytes[range(&qh, SectionKind::Positions)?];
            let mut list = postings::decode(
                &pbytes[range(&ph, SectionKind::Postings)?],
                offset,
                Some(q),
                None,
                m.segments[si].docs,
            )?;
            keeps_positions &= list.has_positions();
            while let Some(p) = list.next_posting()? {
                list.positions(&p, &mut pos_buf)?;
                let Some(doc) = renumber[k].get(p.doc as usize).copied().flatten() else { continue };
                put(&mut docs, u64::from(if df == 0 { doc } else { doc - last }));
                put(&mut tfs, (u64::from(p.tf) << 4) | u64::from(p.flags));
                norms.push(p.norm);
                let mut at = 0;
                for &x in &pos_buf {
                    put(&mut positions, u64::from(x - at));
                    at = x;
                }
                df += 1;
                last = doc;
            }
        }
        if df == 0 && df_delta == 0 {
            continue; // a term of deleted documents only, with nothing left to subtract
        }
        let list = (df > 0).then(|| TermPostings {
            df,
            docs: &docs,
            tfs: &tfs,
            norms: &norms,
            positions: if keeps_positions && df <= cap { &positions } else { &[] },
        });
        w.add_term(&term, df_delta, display, list)?;
    }
    Ok(())
}

/// Which segments an update should merge, if any, tiered as Lucene's and tantivy's policies
/// are: segments fall in tiers of size (by live documents: up to `base`, `base × factor`, …);
/// when a tier holds `factor` segments, they are merged into one of the next tier. A segment
/// with more than a fifth of its documents deleted is merged with its tier too. Returns the
/// places of the segments to merge (ascending), empty when none.
pub fn policy(m: &Manifest, base: u32, factor: usize) -> Vec<usize> {
    let tier = |docs: u32| -> u32 {
        let mut t = 0;
        let mut size = u64::from(base.max(1));
        while u64::from(docs) > size {
            size *= factor.max(2) as u64;
            t += 1;
        }
        t
    };
    let live = |s: &SegmentInfo| s.docs - s.deleted.len() as u32;
    let mut tiers: std::collections::BTreeMap<u32, Vec<usize>> = std::collections::BTreeMap::new();
    for (si, s) in m.segments.iter().enumerate() {
        tiers.entry(tier(live(s))).or_default().push(si);
    }
    // The smallest tier that is full.
    for members in tiers.values() {
        if members.len() >= factor.max(2) {
            return members.clone();
        }
    }
    // A segment mostly deleted: merge it with its tier (alone if the tier has no other).
    for (si, s) in m.segments.iter().enumerate() {
        if s.deleted.len() as u64 * 5 > u64::from(s.docs) && m.segments.len() > 1 {
            let mut members = tiers[&tier(live(s))].clone();
            if members.len() == 1 {
                // Alone in its tier: merge it with its neighbour, so its deleted documents go.
                let other = if si + 1 < m.segments.len() { si + 1 } else { si - 1 };
                members.push(other);
                members.sort_unstable();
            }
            return members;
        }
    }
    Vec::new()
}
