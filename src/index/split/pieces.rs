//! Building a split index in pieces: in bounded memory (a piece when the memory budget is
//! reached), or on several machines (a piece per machine), then merging the pieces into the
//! index one build of the whole corpus writes.
//!
//! Each piece is inverted with the words decided once for the whole corpus
//! ([`crate::index::evidence`]), and with the positions cap of the whole corpus (a term in more
//! documents of a piece than the cap is in more documents of the whole, so it keeps no
//! positions either way). [`combine`] lists the pieces' segments in one manifest (the counts
//! summed, the fields' values in order of first appearance), and [`super::merge::merge`] of
//! every segment folds them into one: document frequencies summed, heavy prefixes and the
//! positions cap computed anew, documents numbered in corpus order. So the result answers
//! exactly as a build of the whole (same hits, totals, scores, and order among equal scores),
//! only its shards are cut elsewhere.

use super::write::{content_hash, segment_id, write_inverted, DocState, SegmentWriter, Sink};
use super::Manifest;
use crate::error::{corrupt, Result};
use crate::index::evidence::Decided;
use crate::index::format::Meta;
use crate::index::invert::invert_decided;
use crate::index::write::{fields_of, WriterOptions};
use crate::index::Document;

/// Writes `docs`, a piece of the corpus (in corpus order), as a segment to `sink`, its words
/// decided by `decided`. With `tag`, the segment's update state records the evidence (a segment
/// built apart, to be merged with others: see [`check_evidence`]). Returns the manifest of an
/// index of this one segment.
pub fn write_piece(
    docs: &[Document],
    decided: &Decided,
    opts: &WriterOptions,
    tag: bool,
    sink: &mut Sink<'_>,
) -> Result<Manifest> {
    let whole = u32::try_from(decided.docs()).unwrap_or(u32::MAX);
    let cap = opts.positions_cap(whole);
    let (inv, lexicon) = invert_decided(docs, decided, cap)?;
    let state: Vec<DocState> = docs
        .iter()
        .zip(&inv.doc_tokens)
        .map(|(d, &tokens)| DocState { id: d.id.clone(), hash: content_hash(d), tokens })
        .collect();
    let fields = fields_of(docs);
    let postings_bytes = inv.terms.iter().map(|t| t.docs.len() + t.tfs.len() + t.df as usize).sum();
    let mut w = SegmentWriter::new(segment_id(&state), opts, postings_bytes, docs.len(), sink);
    if tag {
        w.set_evidence(Some((decided.fingerprint(), decided.docs())));
    }
    write_inverted(&mut w, &inv.terms, &inv.norms, docs, &state)?;
    let info = w.finish(&fields, &lexicon)?;
    let meta = Meta { positions_cap: cap, ..opts.meta(&inv) };
    Ok(Manifest { build: 0, meta, fields, segments: vec![info], history: Vec::new() })
}

/// One manifest listing the segments of `parts` in order (pieces, or whole split indexes built
/// apart): live documents and tokens summed, the fields' values in order of first appearance,
/// the positions cap of the whole. Merging all its segments gives one index (see the module
/// documentation). Two parts holding the same segment are an error.
pub fn combine(parts: &[Manifest], opts: &WriterOptions) -> Result<Manifest> {
    let mut out = Manifest::default();
    let mut seen = std::collections::HashSet::new();
    for (i, p) in parts.iter().enumerate() {
        out.meta.docs = out
            .meta
            .docs
            .checked_add(p.meta.docs)
            .ok_or_else(|| corrupt("segments", "more than 4 billion documents in all"))?;
        out.meta.tokens += p.meta.tokens;
        out.meta.terms += p.meta.terms;
        for f in &p.fields.fields {
            for v in &f.values {
                out.fields.intern(&f.name, v);
            }
        }
        for s in &p.segments {
            if !seen.insert(s.id) {
                return Err(corrupt(
                    "segments",
                    format!("segment {:016x} is given twice (part {} holds it again)", s.id, i + 1),
                ));
            }
            out.segments.push(s.clone());
        }
    }
    out.meta.top_k = opts.top_k;
    out.meta.heavy_prefix = opts.heavy_prefix;
    out.meta.positions_cap = opts.positions_cap(out.meta.docs);
    Ok(out)
}

/// What [`check_evidence`] found: the evidence of the corpus the segments make up (fingerprint
/// and documents), and the segments decided with other evidence (their place in the manifest,
/// and what they were decided with: `None`, their own counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceCheck {
    /// The fingerprint and document count of the segments' corpus.
    pub expected: (u64, u64),
    /// The segments decided otherwise.
    pub mismatched: Vec<(usize, Option<(u64, u64)>)>,
}

/// Checks that every segment of `stored` was decided with the evidence of the corpus all of
/// them make up: the sum of their word counts, and their live documents. Segments built apart
/// with the same shared evidence pass; a segment built with the evidence of its own part only
/// does not (merged, it would not answer as one build of the whole: some of its words would be
/// split otherwise).
pub fn check_evidence(stored: &mut super::update::Stored<'_>) -> Result<EvidenceCheck> {
    let n = stored.manifest.segments.len();
    let mut lexicons = Vec::with_capacity(n);
    let mut tags = Vec::with_capacity(n);
    for si in 0..n {
        let st = stored.state(si)?;
        tags.push(st.evidence);
        lexicons.push(st.lexicon);
    }
    let summed = super::state::sum_sorted(lexicons);
    let docs = u64::from(stored.manifest.meta.docs);
    let fp = crate::index::evidence::fingerprint_of(
        summed.iter().filter(|(_, c)| *c != 0).map(|(w, c)| (w.as_str(), *c)),
        docs,
    );
    let mismatched = tags
        .into_iter()
        .enumerate()
        .filter(|(_, t)| *t != Some((fp, docs)))
        .collect::<Vec<(usize, Option<(u64, u64)>)>>();
    Ok(EvidenceCheck { expected: (fp, docs), mismatched })
}
