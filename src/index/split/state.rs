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

/// A segment's update state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentState {
    /// Per document of the segment, in order.
    pub docs: Vec<DocState>,
    /// Word counts this segment adds (negative: words of documents it replaced), by word.
    pub lexicon: Vec<(String, i64)>,
    /// The complete bodies of the documents whose stored body was cut.
    pub long_bodies: Vec<(u32, String)>,
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
        Ok(vec![(SectionKind::Ids, ids), (SectionKind::Lexicon, words), (SectionKind::Texts, texts)])
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
        Ok(SegmentState { docs, lexicon, long_bodies })
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
        };
        let file = crate::index::format::assemble(st.encode().unwrap());
        assert_eq!(SegmentState::decode(&file).unwrap(), st);
    }
}
