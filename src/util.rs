//! Small building blocks that every layer may use, written to keep the WebAssembly build small: one
//! heapsort instead of the standard library's sorts (each comparator monomorphizes several
//! kilobytes of driftsort/ipnsort), and a bitset of documents instead of sorted lists.

/// Sorts `v` in place by `less` (an in-place heapsort: O(n log n), no allocation, unstable;
/// every comparator in the search breaks ties, so the order is deterministic).
pub fn sort_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

/// The first `k` elements of `v` in `less` order (the rest is dropped): a bounded insertion
/// when `k` is small beside `v`, else a full sort.
pub fn smallest_k<T: Copy>(v: &mut Vec<T>, k: usize, less: impl Fn(&T, &T) -> bool) {
    if k == 0 {
        v.clear();
        return;
    }
    if k.saturating_mul(8) >= v.len() {
        sort_by(v, &less);
        v.truncate(k);
        return;
    }
    let mut best: Vec<T> = Vec::with_capacity(k + 1);
    for &x in v.iter() {
        if best.len() == k && !less(&x, &best[k - 1]) {
            continue;
        }
        let at = best.partition_point(|b| !less(&x, b));
        best.insert(at, x);
        best.truncate(k);
    }
    *v = best;
}

/// A fast, non-cryptographic hasher for the build's large maps of words (the Firefox/rustc
/// "Fx" hash: a rotate, a xor and a multiply per word). Keys here are corpus words, not input an
/// attacker picks to collide at a server: the standard SipHash would only be slower.
#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// [`FxHasher`] for `HashMap`s.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
/// A hash set with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, FxBuild>;

/// A 64-bit hash of bytes, stable across machines and releases (it names segments and tells a
/// changed document from an unchanged one), eight bytes at a time.
pub fn hash64(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ 0x9e37_79b9_7f4a_7c15 ^ (bytes.len() as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let mix = |h: u64, w: u64| {
        (h ^ w.wrapping_mul(0xc4ce_b9fe_1a85_ec53)).rotate_left(31).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    };
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    h = mix(h, u64::from_le_bytes(last) ^ (rest.len() as u64) << 56);
    // A final avalanche (murmur3's).
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// A set of document numbers.
pub struct DocSet(Vec<u64>);

impl DocSet {
    /// An empty set for documents `0..n`.
    pub fn new(n: usize) -> Self {
        DocSet(vec![0; n.div_ceil(64)])
    }

    /// The set of `docs` (all below `n`).
    pub fn of(n: usize, docs: &[u32]) -> Self {
        let mut s = DocSet::new(n);
        for &d in docs {
            s.insert(d);
        }
        s
    }

    /// Adds a document.
    pub fn insert(&mut self, d: u32) {
        if let Some(w) = self.0.get_mut(d as usize / 64) {
            *w |= 1 << (d % 64);
        }
    }

    /// Whether `d` is in the set.
    pub fn contains(&self, d: u32) -> bool {
        self.0.get(d as usize / 64).is_some_and(|w| w & (1 << (d % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heapsort_sorts() {
        let mut seed = 12345u64;
        for n in [0, 1, 2, 3, 10, 100, 1000] {
            let mut v: Vec<u32> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 50) as u32
                })
                .collect();
            let mut want = v.clone();
            want.sort();
            sort_by(&mut v, |a, b| a < b);
            assert_eq!(v, want);
        }
    }

    #[test]
    fn smallest_k_matches_a_full_sort() {
        let v: Vec<(u32, u32)> = (0..500).map(|i| ((i * 7919) % 97, i)).collect();
        for k in [0, 1, 5, 60, 499, 500, 600] {
            let mut got = v.clone();
            smallest_k(&mut got, k, |a, b| a < b);
            let mut want = v.clone();
            want.sort();
            want.truncate(k);
            assert_eq!(got, want, "k = {k}");
        }
    }

    #[test]
    fn hash64_is_stable_and_sensitive() {
        // Stable: these values name segments on disk; a change of the function renames them.
        assert_eq!(hash64(0, b""), hash64(0, b""));
        assert_ne!(hash64(0, b"abc"), hash64(0, b"abd"));
        assert_ne!(hash64(0, b"abc"), hash64(1, b"abc"));
        assert_ne!(hash64(0, b"ab"), hash64(0, b"ab\0"), "a trailing zero byte changes the hash");
        assert_ne!(hash64(0, b"12345678"), hash64(0, b"123456781"));
        let mut seen = std::collections::HashSet::new();
        for i in 0..10_000u32 {
            assert!(seen.insert(hash64(7, &i.to_le_bytes())), "collision at {i}");
        }
    }

    #[test]
    fn docsets() {
        let s = DocSet::of(130, &[0, 63, 64, 129]);
        assert!(s.contains(0) && s.contains(63) && s.contains(64) && s.contains(129));
        assert!(!s.contains(1) && !s.contains(128) && !s.contains(500));
    }
}
