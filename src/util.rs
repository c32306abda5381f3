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
    fn docsets() {
        let s = DocSet::of(130, &[0, 63, 64, 129]);
        assert!(s.contains(0) && s.contains(63) && s.contains(64) && s.contains(129));
        assert!(!s.contains(1) && !s.contains(128) && !s.contains(500));
    }
}
