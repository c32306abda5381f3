//! What an update needs of a segment and a browser never fetches: each document's id, content
//! hash and length, the segment's word counts, and the complete body of any document whose
//! stored body was cut (an update must re-read the documents it replaces).
//!
//! ```text
//! x0-<segment>.fahras
//!   IDS      varint n; per document: id (length-prefixed), u64 content hash, varint tokens
//!   LEXICON  fst::Map: light word → zigzag(count this segment adds to the index's counts:
//!            its documents' words, minus those of the documents it replaced)
//!   TEXTS    varint n; per document stored cut: varint number in the segment, the whole body
//!   EVIDENCE (a segment built apart only) u64 fingerprint and varint documents of the
//!            corpus-wide evidence its words were decided with (see `index::evidence`)
//!   CUT      (stored text capped only) varint: the characters of each body stored; the
//!            complete bodies are not kept, so such a segment cannot be updated in place
//! ```

use crate::error::{corrupt, Result};
use crate::index::format::{verify_file, SectionKind};
use crate::index::varint::{put, put_bytes, Reader};
use fst::{IntoStreamer, Streamer};

/// What the next update needs of a document: its id, a hash of its content, its length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocState {
    /// The document's id.
    pub id: String,
    /// A hash of everything the document holds (see [`super::write::content_hash`]).
    pub hash: u64,
    /// Its length in tokens, title and body.
    pub tokens: u32,
}

impl DocState {
    /// A placeholder (a state moved out).
    pub const EMPTY: DocState = DocState { id: String::new(), hash: 0, tokens: 0 };
}

/// A segment's update state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentState {
    /// Per document of the segment, in order.
    pub docs: Vec<DocState>,
    /// Word counts this segment adds (negative: words of documents it replaced), by word.
    pub lexicon: Vec<(String, i64)>,
    /// The complete bodies of the documents whose stored body was cut.
    pub long_bodies: Vec<(u32, String)>,
    /// For a segment built apart with shared evidence: the evidence's fingerprint and document
    /// count (see `index::evidence`); `None` when its words were decided with its own counts
    /// (or, in a merged segment, with the counts of the segments merged).
    pub evidence: Option<(u64, u64)>,
    /// When the stored bodies were cut to this many characters (`--excerpt-chars`): then the
    /// complete bodies are not kept (`long_bodies` is empty), and an update cannot tell the
    /// words of the documents it replaces.
    pub cut: Option<u32>,
}

/// The EVIDENCE section: `u64` fingerprint, varint documents.
pub(crate) fn encode_tag(fingerprint: u64, docs: u64) -> Vec<u8> {
    let mut out = fingerprint.to_le_bytes().to_vec();
    put(&mut out, docs);
    out
}

/// Reads an EVIDENCE section.
pub(crate) fn decode_tag(bytes: &[u8]) -> Result<(u64, u64)> {
    let mut r = Reader::new(bytes, "evidence");
    let fp = u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"));
    Ok((fp, r.varint()?))
}

/// The sum of sorted word counts, sorted (a k-way merge of the segments' lexicons, taking the
/// words over rather than copying them; a linear pick among the few segments' heads).
pub(crate) fn sum_sorted(lists: Vec<Vec<(String, i64)>>) -> Vec<(String, i64)> {
    let mut lists: Vec<Vec<(String, i64)>> = lists.into_iter().filter(|l| !l.is_empty()).collect();
    if lists.len() <= 1 {
        return lists.pop().unwrap_or_default();
    }
    let mut pos = vec![0usize; lists.len()];
    let mut out: Vec<(String, i64)> = Vec::with_capacity(lists.iter().map(Vec::len).max().unwrap_or(0));
    loop {
        let mut best: Option<usize> = None;
        for k in 0..lists.len() {
            if pos[k] < lists[k].len() && best.is_none_or(|b| lists[k][pos[k]].0 < lists[b][pos[b]].0) {
                best = Some(k);
            }
        }
        let Some(b) = best else { break };
        let word = std::mem::take(&mut lists[b][pos[b]].0);
        let mut total = 0;
        for k in 0..lists.len() {
            if pos[k] < lists[k].len() && (k == b || lists[k][pos[k]].0 == word) {
                total += lists[k][pos[k]].1;
                pos[k] += 1;
            }
        }
        out.push((word, total));
    }
    out
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl SegmentState {
    /// The sections of the state shard.
    pub fn encode(&self) -> Result<Vec<(SectionKind, Vec<u8>)>> {
        let mut ids = Vec::new();
        put(&mut ids, self.docs.len() as u64);
        for s in &self.docs {
            put_bytes(&mut ids, s.id.as_bytes());
            ids.extend_from_slice(&s.hash.to_le_bytes());
            put(&mut ids, u64::from(s.tokens));
        }
        let mut words = fst::MapBuilder::memory();
        for (w, c) in &self.lexicon {
            words.insert(w, zigzag(*c)).map_err(|e| corrupt("lexicon", e.to_string()))?;
        }
        let words = words.into_inner().map_err(|e| corrupt("lexicon", e.to_string()))?;
        let mut texts = Vec::new();
        put(&mut texts, self.long_bodies.len() as u64);
        for (d, body) in &self.long_bodies {
            put(&mut texts, u64::from(*d));
            put_bytes(&mut texts, body.as_bytes());
        }
        let mut sections = vec![(SectionKind::Ids, ids), (SectionKind::Lexicon, words), (SectionKind::Texts, texts)];
        if let Some((fingerprint, docs)) = self.evidence {
            sections.push((SectionKind::Evidence, encode_tag(fingerprint, docs)));
        }
        if let Some(chars) = self.cut {
            let mut out = Vec::new();
            put(&mut out, u64::from(chars));
            sections.push((SectionKind::Cut, out));
        }
        Ok(sections)
    }

    /// Decodes a state shard (uncompressed), checking every checksum.
    pub fn decode(file: &[u8]) -> Result<SegmentState> {
        let h = verify_file(file)?;
        let part = |kind| -> Result<&[u8]> {
            let s = h.section(kind)?;
            Ok(&file[s.offset as usize..(s.offset + s.len) as usize])
        };
        let mut r = Reader::new(part(SectionKind::Ids)?, "ids");
        let n = r.len()?;
        let mut docs = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            let id = r.str()?.to_string();
            let hash = u64::from_le_bytes(r.bytes(8)?.try_into().expect("8 bytes"));
            docs.push(DocState { id, hash, tokens: r.varint_u32()? });
        }
        let map = fst::Map::new(part(SectionKind::Lexicon)?.to_vec()).map_err(|e| corrupt("lexicon", e.to_string()))?;
        let mut lexicon = Vec::with_capacity(map.len());
        let mut s = map.into_stream();
        while let Some((k, v)) = s.next() {
            let w = std::str::from_utf8(k).map_err(|_| corrupt("lexicon", "a word is not UTF-8"))?;
            lexicon.push((w.to_string(), unzigzag(v)));
        }
        let mut r = Reader::new(part(SectionKind::Texts)?, "texts");
        let n = r.len()?;
        let mut long_bodies = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let d = r.varint_u32()?;
            long_bodies.push((d, r.str()?.to_string()));
        }
        let evidence = match h.section(SectionKind::Evidence) {
            Ok(_) => Some(decode_tag(part(SectionKind::Evidence)?)?),
            Err(_) => None,
        };
        let cut = match h.section(SectionKind::Cut) {
            Ok(_) => Some(Reader::new(part(SectionKind::Cut)?, "cut").varint_u32()?),
            Err(_) => None,
        };
        Ok(SegmentState { docs, lexicon, long_bodies, evidence, cut })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips() {
        let st = SegmentState {
            docs: vec![
                DocState { id: "a".into(), hash: 7, tokens: 12 },
                DocState { id: "ب".into(), hash: u64::MAX, tokens: 0 },
            ],
            lexicon: vec![("الحكومة".into(), 3), ("قال".into(), -2)],
            long_bodies: vec![(1, "نص طويل".into())],
            evidence: None,
            cut: None,
        };
        let file = crate::index::format::assemble(st.encode().unwrap());
        assert_eq!(SegmentState::decode(&file).unwrap(), st);
        let tagged = SegmentState { evidence: Some((0xfeed, 40_004)), cut: Some(300), ..st };
        let file = crate::index::format::assemble(tagged.encode().unwrap());
        assert_eq!(SegmentState::decode(&file).unwrap(), tagged);
    }
}
