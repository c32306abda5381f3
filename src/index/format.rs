//! The index file format: the one definition the writer and the reader share.
//!
//! ```text
//! header (32 bytes, little endian)
//!   0  magic "FAHRASIX"
//!   8  u16 format version            (FORMAT_VERSION)
//!  10  u16 analyzer version          (analysis::ANALYZER_VERSION)
//!  12  u32 number of sections
//!  16  u64 file length
//!  24  u32 flags (reserved, 0)
//!  28  u32 CRC-32 of bytes 0..28 and of the section table
//! section table: per section 24 bytes
//!      u32 kind, u32 CRC-32 of the section, u64 offset, u64 length
//! sections, in table order:
//!   META       varints: documents, total tokens, terms, top-K size, heavy-prefix threshold,
//!              the document count above which a term keeps no positions
//!   TERMS      fst::Map: term → TermValue (where the postings are, document frequency,
//!              display hints)
//!   POSTINGS   per term: df, bytes of the doc-id block, bytes of the frequency block,
//!              positions offset + 1 (0: none, for the most common terms); doc-id deltas
//!              (varints); one varint per document of (tf << 4 | flags); in the shards of a
//!              split index, one norm byte per document follows
//!   POSITIONS  per posting, tf positions as deltas (varints)
//!   PREFIXES   fst::Map: prefix with many completions → offset in TOPTERMS
//!   TOPTERMS   per prefix: count, then that many TermValues (varints), by falling df
//!   NORMS      one byte per document: its length in tokens, log-quantized
//!   DOCS       the document store (see docstore.rs)
//!   FIELDS     the filterable fields and their values (see fields.rs)
//!   COLUMNS    each document's filter values and date (see columns.rs)
//! ```
//!
//! Terms use the one-byte alphabet of [`crate::analysis::alphabet`].

use crate::error::{corrupt, Error, Result};

/// The first eight bytes of every index.
pub const MAGIC: [u8; 8] = *b"FAHRASIX";
/// The format version this build writes. Version 2 added filterable fields, metadata and dates
/// (FIELDS, COLUMNS, the document store's records) and signed document frequencies.
pub const FORMAT_VERSION: u16 = 2;
/// The oldest format version this build reads.
pub const OLDEST_SUPPORTED_VERSION: u16 = 2;
/// Length of the fixed header.
pub const HEADER_LEN: usize = 32;
/// Length of one entry of the section table.
pub const SECTION_ENTRY_LEN: usize = 24;

/// The sections of an index, in the order they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u32)]
pub enum SectionKind {
    /// Counts and parameters.
    Meta = 1,
    /// The term dictionary (an `fst::Map`).
    Terms = 2,
    /// Document ids, frequencies and flags per term.
    Postings = 3,
    /// Word positions per posting, for phrases.
    Positions = 4,
    /// Prefixes with many completions (an `fst::Map`).
    Prefixes = 5,
    /// The most frequent completions of those prefixes.
    TopTerms = 6,
    /// Document lengths.
    Norms = 7,
    /// The document store.
    Docs = 8,
    // 9 and 10 were the split manifest's sections in format 1.
    /// A shard of a split index: its build id, kind and number (see [`super::split::ShardId`]).
    Shard = 11,
    /// The filterable fields and their values.
    Fields = 12,
    /// Each document's filter values and date.
    Columns = 13,
    /// Split manifest: the build id and the segments (see [`super::split::Manifest`]).
    Segments = 14,
    /// Split manifest: the segments of the previous builds, kept on disk.
    History = 15,
    /// Update state of a segment: each document's id, content hash and length.
    Ids = 16,
    /// Update state of a segment: its word counts (the stemmer's evidence).
    Lexicon = 17,
    /// Update state of a segment: the complete bodies of documents stored cut.
    Texts = 18,
    /// The corpus-wide evidence a segment built apart was decided with (its fingerprint and
    /// document count), or an evidence file's (see `index::evidence`). Only `index-builder`
    /// reads it; browsers never fetch the files that hold it.
    Evidence = 19,
    /// Update state of a segment whose stored bodies were cut to a number of characters
    /// (`--excerpt-chars`): that number; the complete bodies are not kept (see
    /// `split::state`).
    Cut = 20,
}

impl SectionKind {
    /// Every section, in file order.
    pub const ALL: [SectionKind; 18] = [
        SectionKind::Meta,
        SectionKind::Terms,
        SectionKind::Postings,
        SectionKind::Positions,
        SectionKind::Prefixes,
        SectionKind::TopTerms,
        SectionKind::Norms,
        SectionKind::Docs,
        SectionKind::Shard,
        SectionKind::Fields,
        SectionKind::Columns,
        SectionKind::Segments,
        SectionKind::History,
        SectionKind::Ids,
        SectionKind::Lexicon,
        SectionKind::Texts,
        SectionKind::Evidence,
        SectionKind::Cut,
    ];

    /// The section's name in messages and in `index-builder inspect`.
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Meta => "meta",
            SectionKind::Terms => "terms",
            SectionKind::Postings => "postings",
            SectionKind::Positions => "positions",
            SectionKind::Prefixes => "prefixes",
            SectionKind::TopTerms => "top-terms",
            SectionKind::Norms => "norms",
            SectionKind::Docs => "documents",
            SectionKind::Shard => "shard",
            SectionKind::Fields => "fields",
            SectionKind::Columns => "columns",
            SectionKind::Segments => "segments",
            SectionKind::History => "history",
            SectionKind::Ids => "ids",
            SectionKind::Lexicon => "lexicon",
            SectionKind::Texts => "texts",
            SectionKind::Evidence => "evidence",
            SectionKind::Cut => "cut",
        }
    }

    /// The kind with this number.
    pub fn from_u32(v: u32) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| *k as u32 == v)
    }
}

/// One entry of the section table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    /// What the section holds.
    pub kind: SectionKind,
    /// CRC-32 of its bytes.
    pub crc: u32,
    /// Offset from the start of the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// The decoded header and section table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version of the file.
    pub version: u16,
    /// Analyzer version the index was built with.
    pub analyzer: u16,
    /// Total file length.
    pub file_len: u64,
    /// The sections.
    pub sections: Vec<Section>,
}

impl Header {
    /// Encodes the header and the section table.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + SECTION_ENTRY_LEN * self.sections.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&self.version.to_le_bytes());
        out.extend_from_slice(&self.analyzer.to_le_bytes());
        out.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.file_len.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]); // CRC, filled below
        for s in &self.sections {
            out.extend_from_slice(&(s.kind as u32).to_le_bytes());
            out.extend_from_slice(&s.crc.to_le_bytes());
            out.extend_from_slice(&s.offset.to_le_bytes());
            out.extend_from_slice(&s.len.to_le_bytes());
        }
        let crc = header_crc(&out);
        out[28..32].copy_from_slice(&crc.to_le_bytes());
        out
    }

    /// Decodes and checks the header of `file`: magic, versions, length, the header checksum,
    /// and that every section lies inside the file. Section checksums are checked separately.
    pub fn decode(file: &[u8]) -> Result<Header> {
        if file.len() < MAGIC.len() || file[..MAGIC.len()] != MAGIC {
            return Err(Error::BadMagic { found: file[..file.len().min(8)].to_vec() });
        }
        if file.len() < HEADER_LEN {
            return Err(Error::Truncated { expected: HEADER_LEN as u64, found: file.len() as u64 });
        }
        let u16_at = |i: usize| u16::from_le_bytes([file[i], file[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes(file[i..i + 4].try_into().unwrap());
        let u64_at = |i: usize| u64::from_le_bytes(file[i..i + 8].try_into().unwrap());
        let version = u16_at(8);
        if !(OLDEST_SUPPORTED_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(Error::Version { found: version, oldest: OLDEST_SUPPORTED_VERSION, newest: FORMAT_VERSION });
        }
        let analyzer = u16_at(10);
        let count = u32_at(12) as usize;
        let file_len = u64_at(16);
        if file_len != file.len() as u64 {
            return Err(Error::Truncated { expected: file_len, found: file.len() as u64 });
        }
        if count > 64 {
            return Err(corrupt("header", format!("{count} sections")));
        }
        let table_end = HEADER_LEN + count * SECTION_ENTRY_LEN;
        if table_end > file.len() {
            return Err(Error::Truncated { expected: table_end as u64, found: file.len() as u64 });
        }
        let stored = u32_at(28);
        let actual = header_crc(&file[..table_end]);
        if stored != actual {
            return Err(Error::Checksum { section: "header", expected: stored, found: actual });
        }
        // The analyzer check comes after the checksum, so a damaged header is not reported as a
        // version mismatch.
        if analyzer != crate::analysis::ANALYZER_VERSION {
            return Err(Error::Analyzer { found: analyzer, expected: crate::analysis::ANALYZER_VERSION });
        }
        let mut sections = Vec::with_capacity(count);
        for i in 0..count {
            let at = HEADER_LEN + i * SECTION_ENTRY_LEN;
            let kind = SectionKind::from_u32(u32_at(at))
                .ok_or_else(|| corrupt("header", format!("unknown section kind {}", u32_at(at))))?;
            let s = Section { kind, crc: u32_at(at + 4), offset: u64_at(at + 8), len: u64_at(at + 16) };
            let end = s.offset.checked_add(s.len);
            if s.offset < table_end as u64 || end.is_none_or(|e| e > file_len) {
                return Err(corrupt("header", format!("the {} section lies outside the file", kind.name())));
            }
            if sections.iter().any(|o: &Section| o.kind == kind) {
                return Err(corrupt("header", format!("two {} sections", kind.name())));
            }
            sections.push(s);
        }
        Ok(Header { version, analyzer, file_len, sections })
    }

    /// The section of `kind`.
    pub fn section(&self, kind: SectionKind) -> Result<Section> {
        self.sections
            .iter()
            .copied()
            .find(|s| s.kind == kind)
            .ok_or_else(|| corrupt("header", format!("no {} section", kind.name())))
    }
}

fn header_crc(header_and_table: &[u8]) -> u32 {
    let mut h = super::crc::Hasher::new();
    h.update(&header_and_table[..28]);
    h.update(&header_and_table[HEADER_LEN..]);
    h.finalize()
}

/// CRC-32 of a section.
pub fn crc(bytes: &[u8]) -> u32 {
    super::crc::hash(bytes)
}

/// Checks a whole file: its header and the checksum of every section.
pub fn verify_file(file: &[u8]) -> Result<Header> {
    let h = Header::decode(file)?;
    for s in &h.sections {
        let found = crc(&file[s.offset as usize..(s.offset + s.len) as usize]);
        if found != s.crc {
            return Err(Error::Checksum { section: s.kind.name(), expected: s.crc, found });
        }
    }
    Ok(h)
}

/// Lays out a file: header, section table and the sections, in the order given (the inverse of
/// [`Header::decode`]). Every file of either layout is written by this one function.
pub fn assemble(parts: Vec<(SectionKind, Vec<u8>)>) -> Vec<u8> {
    let table_end = HEADER_LEN + SECTION_ENTRY_LEN * parts.len();
    let mut offset = table_end as u64;
    let mut sections = Vec::with_capacity(parts.len());
    for (kind, b) in &parts {
        sections.push(Section { kind: *kind, crc: crc(b), offset, len: b.len() as u64 });
        offset += b.len() as u64;
    }
    let header =
        Header { version: FORMAT_VERSION, analyzer: crate::analysis::ANALYZER_VERSION, file_len: offset, sections };
    let mut out = header.encode();
    out.reserve(offset as usize - out.len());
    for (_, b) in parts {
        out.extend_from_slice(&b);
    }
    out
}

/// The counts and parameters in the META section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// Number of documents.
    pub docs: u32,
    /// Total number of indexed tokens (for the average document length).
    pub tokens: u64,
    /// Number of terms.
    pub terms: u64,
    /// How many completions a heavy prefix lists in TOPTERMS.
    pub top_k: u32,
    /// A prefix with more completions than this is heavy.
    pub heavy_prefix: u32,
    /// A term in more documents than this keeps no positions (a phrase takes it as a word at
    /// its place, unchecked).
    pub positions_cap: u32,
}

impl Meta {
    /// Encodes the META section.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for v in [
            self.docs as u64,
            self.tokens,
            self.terms,
            self.top_k as u64,
            self.heavy_prefix as u64,
            self.positions_cap as u64,
        ] {
            super::varint::put(&mut out, v);
        }
        out
    }

    /// Decodes the META section.
    pub fn decode(b: &[u8]) -> Result<Meta> {
        let mut r = super::varint::Reader::new(b, "meta");
        Ok(Meta {
            docs: r.varint_u32()?,
            tokens: r.varint()?,
            terms: r.varint()?,
            top_k: r.varint_u32()?,
            heavy_prefix: r.varint_u32()?,
            positions_cap: r.varint_u32()?,
        })
    }
}

/// Where a term's postings are. The two layouts read the same 35 bits differently, so each has
/// its own constructor and accessor:
///
/// * one index file: a byte offset in the POSTINGS section ([`PostingsAt::byte_offset`]);
/// * split index: a postings shard and an offset inside it ([`PostingsAt::in_shard`]: 14 bits
///   of shard number above 21 bits of offset).
///
/// [`PostingsAt::NONE`] says the term has no postings here (its entry only adjusts the document
/// frequency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PostingsAt(u64);

const AT_BITS: u32 = 35;
const SHARD_OFFSET_BITS: u32 = 21;

impl PostingsAt {
    /// No postings.
    pub const NONE: PostingsAt = PostingsAt((1 << AT_BITS) - 1);

    /// A byte offset in the POSTINGS section of one index file.
    pub fn byte_offset(offset: u64) -> Result<PostingsAt> {
        if offset >= Self::NONE.0 {
            return Err(Error::TooLarge { what: "postings over 32 GiB" });
        }
        Ok(PostingsAt(offset))
    }

    /// Postings shard `shard` of a split index, `offset` bytes into it.
    pub fn in_shard(shard: usize, offset: usize) -> Result<PostingsAt> {
        let at = ((shard as u64) << SHARD_OFFSET_BITS) | offset as u64;
        if shard >= 1 << (AT_BITS - SHARD_OFFSET_BITS) || offset >= 1 << SHARD_OFFSET_BITS || at >= Self::NONE.0 {
            return Err(Error::TooLarge {
                what: "a postings shard entry past 2 MiB, or more than 16,383 postings shards",
            });
        }
        Ok(PostingsAt(at))
    }

    /// Whether there are postings.
    pub fn is_some(self) -> bool {
        self != Self::NONE
    }

    /// The byte offset (one index file).
    pub fn offset(self) -> u64 {
        self.0
    }

    /// The shard and the offset inside it (split index).
    pub fn shard(self) -> (usize, u64) {
        ((self.0 >> SHARD_OFFSET_BITS) as usize, self.0 & ((1 << SHARD_OFFSET_BITS) - 1))
    }
}

/// What the term dictionary maps a term to, packed into the `u64` of an `fst::Map`:
/// bits 29.. where the postings are ([`PostingsAt`]), bits 4..29 the document frequency this
/// dictionary contributes (zigzag-coded: a segment of a split index that deletes documents of
/// older segments subtracts theirs), bits 0..4 display hints (see [`Display`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TermValue(pub u64);

/// The largest document frequency a [`TermValue`] records (in either direction).
pub const DF_LIMIT: i64 = (1 << 24) - 1;

impl TermValue {
    /// Packs a value; `df` is clamped to ±[`DF_LIMIT`].
    pub fn new(at: PostingsAt, df: i64, display: Display) -> TermValue {
        let df = df.clamp(-DF_LIMIT, DF_LIMIT);
        let zz = ((df << 1) ^ (df >> 63)) as u64;
        TermValue((at.0 << 29) | (zz << 4) | u64::from(display.0 & 0xF))
    }
    /// Where the term's postings are.
    pub fn postings(self) -> PostingsAt {
        PostingsAt(self.0 >> 29)
    }
    /// The document frequency this dictionary contributes (negative for documents it deletes).
    pub fn df_delta(self) -> i64 {
        let zz = (self.0 >> 4) & ((1 << 25) - 1);
        ((zz >> 1) as i64) ^ -((zz & 1) as i64)
    }
    /// The document frequency, for a dictionary that only adds documents (one index file).
    pub fn df(self) -> u32 {
        self.df_delta().max(0) as u32
    }
    /// Display hints.
    pub fn display(self) -> Display {
        Display((self.0 & 0xF) as u8)
    }
}

/// How to show a term to a reader: the final fold removed ة, ى and the hamza of an initial alef,
/// and a suggestion reads better with them back («حكومة», not «حكومه»). Two bits for the last
/// letter (0 as folded, 1 ة, 2 ى) and two for the first (0 as folded, 1 أ, 2 إ, 3 آ).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Display(pub u8);

impl Display {
    /// The hints for a light-normalized stem.
    pub fn of(light_stem: &str) -> Display {
        let last = match light_stem.chars().last() {
            Some('ة') => 1,
            Some('ى') => 2,
            _ => 0,
        };
        let first = match light_stem.chars().next() {
            Some('أ') => 1,
            Some('إ') => 2,
            Some('آ') => 3,
            _ => 0,
        };
        Display(last | (first << 2))
    }

    /// Applies the hints to a decoded term.
    pub fn apply(self, decoded: &str) -> String {
        let mut chars: Vec<char> = decoded.chars().collect();
        match (self.0 & 3, chars.last()) {
            (1, Some('ه')) => *chars.last_mut().unwrap() = 'ة',
            (2, Some('ي')) => *chars.last_mut().unwrap() = 'ى',
            _ => {}
        }
        match (self.0 >> 2, chars.first()) {
            (1, Some('ا')) => chars[0] = 'أ',
            (2, Some('ا')) => chars[0] = 'إ',
            (3, Some('ا')) => chars[0] = 'آ',
            _ => {}
        }
        chars.into_iter().collect()
    }
}

/// Per-posting flags, the low four bits of the `tf << 4 | flags` varint.
pub mod flags {
    /// The term occurs in the title.
    pub const TITLE: u8 = 8;
    /// Bits of [`crate::analysis::Clitics`] seen for the term in the document.
    pub const CLITICS: u8 = 7;
}

/// Quantizes a document length (in tokens) to one byte, on a log scale (about 5% steps).
pub fn quantize_len(len: u32) -> u8 {
    let q = ((1.0 + len as f64).ln() / 1.05f64.ln()).round();
    q.min(255.0) as u8
}

/// The approximate document length a norm byte stands for.
pub fn dequantize_len(q: u8) -> f32 {
    (1.05f64.powi(q as i32) - 1.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let h = Header {
            version: FORMAT_VERSION,
            analyzer: crate::analysis::ANALYZER_VERSION,
            file_len: 100,
            sections: vec![Section { kind: SectionKind::Meta, crc: 7, offset: 56, len: 44 }],
        };
        let mut file = h.encode();
        file.resize(100, 0);
        assert_eq!(Header::decode(&file).unwrap(), h);
    }

    #[test]
    fn term_value_packs() {
        let at = PostingsAt::byte_offset(123_456_789).unwrap();
        let v = TermValue::new(at, 42, Display(0b0101));
        assert_eq!((v.postings().offset(), v.df(), v.display()), (123_456_789, 42, Display(5)));
        assert_eq!(TermValue::new(at, 50_000_000, Display(0)).df_delta(), DF_LIMIT);
        for df in [-DF_LIMIT, -3, -1, 0, 1, 1_000_000, DF_LIMIT] {
            let v = TermValue::new(PostingsAt::NONE, df, Display(15));
            assert_eq!((v.df_delta(), v.postings(), v.display()), (df, PostingsAt::NONE, Display(15)));
        }
        assert_eq!(TermValue::new(at, -4, Display(0)).df(), 0);
        assert!(PostingsAt::byte_offset(1 << 35).is_err());
        let s = TermValue::new(PostingsAt::in_shard(513, 77_000).unwrap(), 3, Display(0));
        assert_eq!(s.postings().shard(), (513, 77_000));
        assert!(s.postings().is_some() && !PostingsAt::NONE.is_some());
        assert!(PostingsAt::in_shard(1 << 14, 0).is_err() && PostingsAt::in_shard(0, 1 << 21).is_err());
    }

    #[test]
    fn display_hints_restore_spelling() {
        assert_eq!(Display::of("حكومة").apply("حكومه"), "حكومة");
        assert_eq!(Display::of("مستشفى").apply("مستشفي"), "مستشفى");
        assert_eq!(Display::of("إسلام").apply("اسلام"), "إسلام");
        assert_eq!(Display::of("برلين").apply("برلين"), "برلين");
    }

    #[test]
    fn norms_are_monotonic_and_close() {
        let mut last = 0;
        for len in [0u32, 1, 2, 10, 100, 250, 1000, 10_000, 200_000] {
            let q = quantize_len(len);
            assert!(q >= last);
            last = q;
            let back = dequantize_len(q);
            assert!((back - len as f32).abs() <= 0.06 * len as f32 + 1.0, "{len} -> {back}");
        }
    }
}
