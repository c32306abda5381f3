//! Errors of opening, reading and writing indexes.
//!
//! Every variant names what is wrong and says what to do about it, because the person reading
//! the message is usually a site owner looking at a browser console or a build log.

use std::fmt;

/// An error from opening, reading or building an index.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The bytes do not start with the Fahras magic number: not a Fahras index at all.
    BadMagic {
        /// The first bytes found (up to 8).
        found: Vec<u8>,
    },
    /// The index was written in a format version this build cannot read.
    Version {
        /// The version in the file.
        found: u16,
        /// The oldest version this build reads.
        oldest: u16,
        /// The newest version this build reads.
        newest: u16,
    },
    /// The index was built with other analysis rules: its terms would not meet the queries.
    Analyzer {
        /// The analyzer version in the file.
        found: u16,
        /// The analyzer version of this build.
        expected: u16,
    },
    /// The file is shorter (or longer) than its header says: an interrupted download or copy.
    Truncated {
        /// The length the header announces.
        expected: u64,
        /// The length actually present.
        found: u64,
    },
    /// A section's bytes do not match their checksum: the file was damaged.
    Checksum {
        /// Which section.
        section: &'static str,
        /// The checksum recorded in the header.
        expected: u32,
        /// The checksum of the bytes present.
        found: u32,
    },
    /// A structure inside a section is inconsistent.
    Corrupt {
        /// Which section.
        section: &'static str,
        /// What is inconsistent.
        reason: String,
    },
    /// The input would not fit the format (too many documents, a section over 4 GiB…).
    TooLarge {
        /// What is too large.
        what: &'static str,
    },
    /// There is nothing to index.
    EmptyCorpus,
    /// A shard of a split index is needed but not loaded yet: fetch it and search again (the
    /// search's fetch step does this itself; this error only escapes if a shard cannot be
    /// fetched).
    NotLoaded {
        /// The shard's file name in the shards directory.
        file: String,
    },
    /// A search filters on a field the index does not have.
    UnknownField {
        /// The field asked for.
        field: String,
        /// The fields the index has, comma-separated.
        known: String,
    },
    /// A shard the manifest names is not there: the index was published or copied in part.
    ShardMissing {
        /// The shard's file name in the shards directory.
        file: String,
        /// Why it could not be read.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadMagic { found } => write!(
                f,
                "this is not a Fahras index (it starts with {}); check the index URL or path, \
                 and that the server did not answer with an error page",
                describe_bytes(found)
            ),
            Error::Version { found, oldest, newest } if found > newest => write!(
                f,
                "the index is in format version {found}, newer than this Fahras reads \
                 ({oldest}..={newest}); update the Fahras widget, or rebuild the index with the \
                 index-builder of the same release"
            ),
            Error::Version { found, oldest, newest } => write!(
                f,
                "the index is in format version {found}, older than this Fahras reads \
                 ({oldest}..={newest}); rebuild it with the current index-builder"
            ),
            Error::Analyzer { found, expected } => write!(
                f,
                "the index was built with analyzer version {found} but this Fahras uses version \
                 {expected}; rebuild the index with the index-builder of the same release"
            ),
            Error::Truncated { expected, found } if found < expected => write!(
                f,
                "the index is truncated: {found} of {expected} bytes; the download or copy was \
                 interrupted, fetch or copy it again"
            ),
            Error::Truncated { expected, found } => write!(
                f,
                "the index has {found} bytes where its header says {expected}; it was damaged or \
                 concatenated with something else, rebuild it"
            ),
            Error::Checksum { section, expected, found } => write!(
                f,
                "the index is damaged: the {section} section has checksum {found:08x}, expected \
                 {expected:08x}; rebuild it or copy it again"
            ),
            Error::Corrupt { section, reason } => {
                write!(f, "the index is damaged in its {section} section ({reason}); rebuild it")
            }
            Error::TooLarge { what } => write!(f, "too large for the index format: {what}"),
            Error::EmptyCorpus => write!(f, "there are no documents to index"),
            Error::NotLoaded { file } => {
                write!(f, "the index shard {file} is not loaded yet; fetch it and search again")
            }
            Error::UnknownField { field, known } => write!(
                f,
                "the index has no filterable field «{field}»; its fields are: {known} (a field comes \
                 from the documents: categories and tags are `category`)"
            ),
            Error::ShardMissing { file, reason } => write!(
                f,
                "the index shard {file} is missing ({reason}); publish the whole index: index.fahras \
                 and the index.fahras.shards folder beside it, from the same build"
            ),
        }
    }
}

impl std::error::Error for Error {}

fn describe_bytes(b: &[u8]) -> String {
    if b.is_empty() {
        return "nothing: the file is empty".into();
    }
    let printable = b.iter().all(|&c| c.is_ascii_graphic() || c == b' ');
    if printable {
        // Quoted by hand: Debug formatting would bring Unicode tables into the WebAssembly.
        let mut s = String::with_capacity(b.len() + 2);
        s.push('"');
        s.extend(b.iter().map(|&c| c as char));
        s.push('"');
        s
    } else {
        let mut s = String::with_capacity(b.len() * 3);
        for (i, x) in b.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let hex = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('?');
            s.push(hex(x >> 4));
            s.push(hex(x & 15));
        }
        s
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn corrupt(section: &'static str, reason: impl Into<String>) -> Error {
    Error::Corrupt { section, reason: reason.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do() {
        let html = Error::BadMagic { found: b"<!DOCTYP".to_vec() }.to_string();
        assert!(html.contains("\"<!DOCTYP\"") && html.contains("error page"), "{html}");
        let newer = Error::Version { found: 9, oldest: 1, newest: 1 }.to_string();
        assert!(newer.contains("newer") && newer.contains("update"), "{newer}");
        let older = Error::Version { found: 0, oldest: 1, newest: 2 }.to_string();
        assert!(older.contains("older") && older.contains("rebuild"), "{older}");
        let cut = Error::Truncated { expected: 100, found: 40 }.to_string();
        assert!(cut.contains("40 of 100") && cut.contains("interrupted"), "{cut}");
        assert!(Error::BadMagic { found: vec![] }.to_string().contains("empty"));
        let missing = Error::ShardMissing { file: "p3-00.fahras".into(), reason: "not found".into() }.to_string();
        assert!(missing.contains("p3-00.fahras") && missing.contains("publish the whole index"), "{missing}");
        assert!(!missing.contains("rebuild") && !missing.contains("damaged"), "{missing}");
    }
}
