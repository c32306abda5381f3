//! Heavy prefixes: a prefix with many completions («ال», «م») gets its most frequent completions
//! listed at build time, so a keystroke never walks thousands of terms. Both layouts write and
//! read the two sections with the functions here.
//!
//! ```text
//! PREFIXES   fst::Map: prefix → offset of its list in TOPTERMS
//! TOPTERMS   per prefix: varint count, then per completion, by falling df: the rest of the
//!            term after the prefix (length-prefixed) and its TermValue (varint)
//! ```
//!
//! A list carries its terms, not only their values, so that the lists of several segments can
//! be merged by term (see `split::read`).

use super::format::TermValue;
use super::varint::{put, put_bytes, Reader};
use crate::error::{corrupt, Result};
use std::collections::BinaryHeap;

/// One open prefix while walking the sorted terms.
struct Frame {
    len: usize,
    count: usize,
    // Min-heap of the best completions so far: (df, reverse term order).
    top: BinaryHeap<std::cmp::Reverse<(i64, std::cmp::Reverse<usize>)>>,
}

/// Finds every prefix (at a character boundary) with more than `heavy` completions among the
/// `sorted` terms (term and document count, in byte order) and keeps the ordinals of its `k`
/// most frequent completions (by falling count, then term order).
pub(crate) fn heavy_prefixes<'t>(
    sorted: impl IntoIterator<Item = (&'t [u8], i64)>,
    heavy: usize,
    k: usize,
) -> Vec<(Vec<u8>, Vec<usize>)> {
    let mut out: Vec<(Vec<u8>, Vec<usize>)> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut prev: &[u8] = &[];
    let emit = |f: Frame, term: &[u8], out: &mut Vec<(Vec<u8>, Vec<usize>)>| {
        if f.count > heavy {
            let mut top: Vec<(i64, usize)> =
                f.top.into_iter().map(|std::cmp::Reverse((df, std::cmp::Reverse(i)))| (df, i)).collect();
            top.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            out.push((term[..f.len].to_vec(), top.into_iter().map(|(_, i)| i).collect()));
        }
    };
    for (i, (term, df)) in sorted.into_iter().enumerate() {
        while let Some(f) = stack.last() {
            if term.len() >= f.len && term[..f.len] == prev[..f.len] {
                break;
            }
            let f = stack.pop().unwrap();
            emit(f, prev, &mut out);
        }
        let from = stack.last().map_or(0, |f| f.len);
        for len in from + 1..=term.len() {
            let boundary = len == term.len() || (term[len] & 0xC0) != 0x80;
            if boundary {
                stack.push(Frame { len, count: 0, top: BinaryHeap::with_capacity(k + 1) });
            }
        }
        for f in stack.iter_mut() {
            f.count += 1;
            f.top.push(std::cmp::Reverse((df, std::cmp::Reverse(i))));
            if f.top.len() > k {
                f.top.pop();
            }
        }
        prev = term;
    }
    while let Some(f) = stack.pop() {
        emit(f, prev, &mut out);
    }
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The PREFIXES fst and TOPTERMS section for heavy-prefix `lists` (sorted by prefix), given
/// each term ordinal's term and value.
pub(crate) fn encode<'t>(
    lists: &[(Vec<u8>, Vec<usize>)],
    terms: &dyn Fn(usize) -> (&'t [u8], TermValue),
) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut map = fst::MapBuilder::memory();
    let mut top = Vec::new();
    for (prefix, ordinals) in lists {
        map.insert(prefix, top.len() as u64).map_err(|e| corrupt("prefixes", e.to_string()))?;
        put(&mut top, ordinals.len() as u64);
        for &i in ordinals {
            let (term, value) = terms(i);
            put_bytes(&mut top, term.get(prefix.len()..).unwrap_or(&[]));
            put(&mut top, value.0);
        }
    }
    let map = map.into_inner().map_err(|e| corrupt("prefixes", e.to_string()))?;
    Ok((map, top))
}

/// A heavy prefix's list: its completions (whole terms) and their values, most frequent first.
pub type Completions = Vec<(Vec<u8>, TermValue)>;

/// The completions listed for `prefix`, with their terms, if it is heavy.
pub(crate) fn lookup<D: AsRef<[u8]>>(
    prefixes: &fst::Map<D>,
    top_terms: &[u8],
    prefix: &[u8],
) -> Result<Option<Completions>> {
    let Some(at) = prefixes.get(prefix) else {
        return Ok(None);
    };
    let mut r = Reader::at(top_terms, at as usize, "top-terms")?;
    let n = r.len()?.min(1 << 16);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut term = prefix.to_vec();
        term.extend_from_slice(r.len_bytes()?);
        out.push((term, TermValue(r.varint()?)));
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::format::{Display, PostingsAt};

    struct T {
        term: Vec<u8>,
        df: u32,
    }

    #[test]
    fn heavy_prefixes_list_the_most_frequent_completions() {
        let terms: Vec<T> = [("ab", 5), ("abc", 50), ("abd", 7), ("abe", 1), ("b", 3)]
            .iter()
            .map(|&(t, df)| T { term: t.as_bytes().to_vec(), df })
            .collect();
        let lists = heavy_prefixes(terms.iter().map(|t| (t.term.as_slice(), i64::from(t.df))), 2, 2);
        let prefixes: Vec<&[u8]> = lists.iter().map(|l| l.0.as_slice()).collect();
        assert_eq!(prefixes, [b"a".as_slice(), b"ab"]);
        assert_eq!(lists[1].1, [1, 2]); // abc (50), abd (7)
        let values: Vec<TermValue> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| TermValue::new(PostingsAt::byte_offset(i as u64).unwrap(), i64::from(t.df), Display(0)))
            .collect();
        let (map, top) = encode(&lists, &|i| (terms[i].term.as_slice(), values[i])).unwrap();
        let map = fst::Map::new(map).unwrap();
        let ab = lookup(&map, &top, b"ab").unwrap().unwrap();
        assert_eq!(
            ab.iter().map(|(t, v)| (t.as_slice(), v.df())).collect::<Vec<_>>(),
            [(&b"abc"[..], 50), (b"abd", 7)]
        );
        assert!(lookup(&map, &top, b"b").unwrap().is_none());
    }
}
