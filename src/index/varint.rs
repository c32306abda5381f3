//! LEB128 variable-length integers, and a bounds-checked reader over a byte slice.

use crate::error::{corrupt, Result};

/// Appends `v` as a LEB128 varint.
#[inline]
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-prefixed byte string.
pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// A cursor over a section's bytes; every read is bounds-checked and fails with a
/// [`crate::Error::Corrupt`] naming the section instead of panicking.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader over `buf`, for error messages about `section`.
    pub fn new(buf: &'a [u8], section: &'static str) -> Self {
        Reader { buf, pos: 0, section }
    }

    /// A reader starting at `pos`.
    pub fn at(buf: &'a [u8], pos: usize, section: &'static str) -> Result<Self> {
        if pos > buf.len() {
            return Err(corrupt(section, format!("offset {pos} past the end ({})", buf.len())));
        }
        Ok(Reader { buf, pos, section })
    }

    /// The current offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Is the reader at the end?
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Reads a varint.
    #[inline]
    pub fn varint(&mut self) -> Result<u64> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err(corrupt(self.section, "a number runs past the end"));
            };
            self.pos += 1;
            if shift >= 64 || (shift == 63 && b > 1) {
                return Err(corrupt(self.section, "a number is too long"));
            }
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    /// Reads a varint that must fit a `u32`.
    #[inline]
    pub fn varint_u32(&mut self) -> Result<u32> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| corrupt(self.section, "a number is too large"))
    }

    /// Reads a varint that is used as a length or an offset.
    pub fn len(&mut self) -> Result<usize> {
        let v = self.varint()?;
        usize::try_from(v).map_err(|_| corrupt(self.section, "a length is too large"))
    }

    /// Reads `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let Some(end) = end else {
            return Err(corrupt(self.section, "a field runs past the end"));
        };
        let b = &self.buf[self.pos..end];
        self.pos = end;
        Ok(b)
    }

    /// Reads a length-prefixed byte string.
    pub fn len_bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len()?;
        self.bytes(n)
    }

    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str> {
        let b = self.len_bytes()?;
        std::str::from_utf8(b).map_err(|_| corrupt(self.section, "a text field is not UTF-8"))
    }

    /// Reads a little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let vals = [0u64, 1, 127, 128, 300, 16_383, 16_384, u32::MAX as u64, u64::MAX];
        let mut buf = Vec::new();
        for &v in &vals {
            put(&mut buf, v);
        }
        let mut r = Reader::new(&buf, "test");
        for &v in &vals {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert!(r.is_empty());
        assert!(r.varint().is_err());
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(Reader::new(&[0x80, 0x80], "t").varint().is_err());
        assert!(Reader::new(&[0xFF; 11], "t").varint().is_err());
        assert!(Reader::new(&[5, b'a'], "t").len_bytes().is_err());
        assert!(Reader::new(&[2, 0xFF, 0xFE], "t").str().is_err());
        assert!(Reader::at(&[1, 2], 3, "t").is_err());
    }
}
