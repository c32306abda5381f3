//! The split index: for archives too large to download at once.
//!
//! The entry file keeps its name (`index.fahras`, so a page's `data-index` never changes as a
//! site grows) but holds only a *manifest*: the counts, a build id (a hash of the whole
//! content), and the first term of each postings shard. Everything else lives beside it in
//! `index.fahras.shards/`, in *shards*: files named by their kind, their number and the build
//! id (so a cache can never mix two builds), each with the usual header, version and checksums,
//! plus its own identity in a SHARD section, checked when it is loaded:
//!
//! ```text
//! d<n>-<build>.fahras  a dictionary shard: the terms of 8 postings shards (fst; each value
//!                      says which postings shard holds the term's postings, where, and its
//!                      df), and the heavy prefixes whose range starts there, with their top
//!                      completions
//! p<n>-<build>.fahras  a postings shard: the postings of one term range, with each document's
//!                      length per posting (so no table as large as the corpus is needed)
//! q<n>-<build>.fahras  a positions shard: the positions of 4 postings shards (only phrases
//!                      fetch them)
//! g<n>-<build>.fahras  a document shard: a run of consecutive documents (title, url, date,
//!                      filter values, metadata, body)
//! c0-<build>.fahras    the columns: every document's filter values and date (fetched only by
//!                      a search that filters, sorts by date or counts facets)
//! ```
//!
//! The manifest also holds the filterable fields and their values, so facet counts are named
//! without another request.
//!
//! [`write`](mod@write) lays an inverted corpus out this way. [`SplitIndex`] (in [`read`](mod@read)) implements
//! [`Searchable`](super::Searchable) over the shards loaded so far and notes which ones a
//! search was missing; the search's fetch step ([`crate::search::step`]) fetches those and
//! searches again, so one query usually costs two or three small rounds: a dictionary shard
//! and its postings, then the documents of the page of hits. The search code is the same as
//! for one file, and returns the same hits.

pub mod read;
pub mod write;

pub use read::SplitIndex;

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
}

impl ShardKind {
    /// Every kind, in the order [`SplitIndex::shards`] lists them.
    pub const ALL: [ShardKind; 5] =
        [ShardKind::Dictionary, ShardKind::Postings, ShardKind::Positions, ShardKind::Documents, ShardKind::Columns];

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
        }
    }
}

/// One shard: its kind and its number among the shards of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShardId {
    /// What the shard holds.
    pub kind: ShardKind,
    /// Its number.
    pub n: u32,
}

impl ShardId {
    /// A shard.
    pub fn new(kind: ShardKind, n: u32) -> ShardId {
        ShardId { kind, n }
    }

    /// Its file name in a build: `p12-0123456789abcdef.fahras`.
    pub fn file_name(&self, build: u64) -> String {
        format!("{}{}-{build:016x}.fahras", self.kind as u8 as char, self.n)
    }

    /// Parses a file name, returning the shard and its build.
    pub fn parse(name: &str) -> Option<(ShardId, u64)> {
        let stem = name.strip_suffix(".fahras")?;
        let (head, hex) = stem.split_once('-')?;
        let kind = ShardKind::from_letter(*head.as_bytes().first()?)?;
        if hex.len() != 16 {
            return None;
        }
        let n = crate::analysis::sub(head, 1, head.len()).parse().ok()?;
        Some((ShardId { kind, n }, u64::from_str_radix(hex, 16).ok()?))
    }

    /// The SHARD section of this shard: the build id, the kind and the number.
    pub(crate) fn section(&self, build: u64) -> Vec<u8> {
        let mut out = build.to_le_bytes().to_vec();
        out.push(self.kind as u8);
        super::varint::put(&mut out, u64::from(self.n));
        out
    }
}

/// The postings shard whose term range holds `term`, given the first term of each.
pub(crate) fn shard_of(firsts: &[Vec<u8>], term: &[u8]) -> usize {
    firsts.partition_point(|f| f.as_slice() <= term).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names_round_trip() {
        let id = ShardId::new(ShardKind::Positions, 12);
        let name = id.file_name(0x0123_4567_89ab_cdef);
        assert_eq!(name, "q12-0123456789abcdef.fahras");
        assert_eq!(ShardId::parse(&name), Some((id, 0x0123_4567_89ab_cdef)));
        for bad in ["x1-0123456789abcdef.fahras", "p1-0123.fahras", "p-0123456789abcdef.fahras", "p1.fahras"] {
            assert_eq!(ShardId::parse(bad), None, "{bad}");
        }
    }
}
