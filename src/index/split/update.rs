//! Updating a split index in place: the documents that are new or changed since the last build
//! become a new segment, the old copies of changed and removed documents are marked deleted,
//! and nothing already written changes.
//!
//! The result answers exactly as a fresh build of the whole corpus would (the same hits, totals
//! and scores; only the order among equal scores may differ, documents being numbered
//! otherwise). Three things make that so:
//!
//! * **Counts.** A term's document frequency is the sum of what each segment's dictionary adds;
//!   the new segment subtracts the documents it replaces (their terms are read back from their
//!   stored text), so frequencies, the live document count and the average length are those of
//!   the current corpus at once, not after a merge.
//! * **Evidence.** The stemmer decides each word with the corpus's word counts (see
//!   [`crate::analysis::stem`]), so new articles can make a fresh build split an old word
//!   otherwise («ببروكسل» once «بروكسل» appears). The update re-decides the words whose evidence
//!   changed ([`crate::analysis::stem::readers_of`]) with the whole index's counts, and moves
//!   the few unchanged articles holding a word now decided otherwise into the new segment (on
//!   40,004 real articles, adding 100 moves about 200).
//! * **Ranking inputs.** Heavy-prefix lists are merged exactly at query time (see
//!   `completions.rs`); the positions cap is the first build's until a merge.

use super::state::{sum_sorted, DocState, SegmentState};
use super::write::{content_hash, norms_of, SegmentWriter, Sink, TermPostings};
use super::{file_name, shard_of, shard_section, Manifest, SegmentInfo, ShardKind};
#[cfg(test)]
use crate::analysis::stem::is_suffix_or_nothing;
use crate::analysis::stem::readers_of;
use crate::analysis::tokenize::tokenize;
use crate::analysis::{self, DocTerms};
use crate::error::{corrupt, Error, Result};
use crate::index::format::{Display, Header, SectionKind, TermValue};
use crate::index::invert::invert_with;
use crate::index::read::range;
use crate::index::write::WriterOptions;
use crate::index::{docstore, postings, Document};
use crate::util::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// A shard loader: the uncompressed bytes of a shard file, by name.
pub type Load<'l> = dyn FnMut(&str) -> Result<Vec<u8>> + 'l;

/// An existing split index, read shard by shard through a loader (for an update or a merge).
pub struct Stored<'l> {
    /// Its manifest.
    pub manifest: Manifest,
    load: &'l mut Load<'l>,
    cache: HashMap<String, Arc<Vec<u8>>>,
    cached_bytes: usize,
}

/// The shards a [`Stored`] keeps loaded, in bytes: past it the cache starts over. An update
/// or a merge reads each segment's shards in order, so the shards in use are a few per segment;
/// without a bound, a merge would end up holding every segment it read.
const CACHE_BYTES: usize = 64 << 20;

impl<'l> Stored<'l> {
    /// Opens the index whose manifest is `manifest`; shards are read with `load`.
    pub fn open(manifest: &[u8], load: &'l mut Load<'l>) -> Result<Stored<'l>> {
        Ok(Stored { manifest: Manifest::decode(manifest)?, load, cache: HashMap::new(), cached_bytes: 0 })
    }

    /// A shard of segment `si`, checked (header, every checksum when loaded, identity), cached.
    pub(crate) fn shard(&mut self, si: usize, kind: ShardKind, n: u32) -> Result<(Arc<Vec<u8>>, Header)> {
        let id = self.manifest.segments[si].id;
        let name = file_name(kind, n, id);
        let bytes = match self.cache.get(&name) {
            Some(b) => b.clone(),
            None => {
                let b = Arc::new((self.load)(&name)?);
                // Every checksum once, here: the shard's sections are then read unchecked.
                crate::index::format::verify_file(&b)?;
                if self.cached_bytes + b.len() > CACHE_BYTES {
                    self.cache.clear();
                    self.cached_bytes = 0;
                }
                self.cached_bytes += b.len();
                self.cache.insert(name.clone(), b.clone());
                b
            }
        };
        let h = Header::decode(&bytes)?;
        if bytes[range(&h, SectionKind::Shard)?] != shard_section(kind, n, id)[..] {
            return Err(corrupt("shards", format!("{name} does not match its name: it was damaged or mixed up")));
        }
        Ok((bytes, h))
    }

    /// The update state of segment `si`.
    pub fn state(&mut self, si: usize) -> Result<SegmentState> {
        let (bytes, _) = self.shard(si, ShardKind::State, 0)?;
        let st = SegmentState::decode(&bytes)?;
        if st.docs.len() != self.manifest.segments[si].docs as usize {
            return Err(corrupt("ids", "the update state does not list the segment's documents"));
        }
        Ok(st)
    }

    /// Document `local` of segment `si` as stored, whole (the body from the update state when
    /// the stored one was cut).
    pub fn document(&mut self, si: usize, local: u32, state: &SegmentState) -> Result<Document> {
        let per = self.manifest.segments[si].layout.docs_per_shard.max(1);
        let (bytes, h) = self.shard(si, ShardKind::Documents, local / per)?;
        let d = docstore::record(&bytes[range(&h, SectionKind::Docs)?], local % per)?;
        let body = match state.long_bodies.iter().find(|(n, _)| *n == local) {
            Some((_, b)) => b.clone(),
            None => d.body.to_string(),
        };
        Ok(Document {
            id: d.id.to_string(),
            title: d.title.to_string(),
            body,
            url: d.url.to_string(),
            date: d.date.to_string(),
            filters: d.filters.iter().map(|&(f, v)| (f.to_string(), v.to_string())).collect(),
            meta: d.meta.iter().map(|&(k, v)| (k.to_string(), v.to_string())).collect(),
        })
    }

    /// A term's value in segment `si`.
    pub fn term(&mut self, si: usize, term: &[u8]) -> Result<Option<TermValue>> {
        let layout = &self.manifest.segments[si].layout;
        let d = shard_of(&layout.firsts, term) / layout.postings_per_dictionary.max(1) as usize;
        let (bytes, h) = self.shard(si, ShardKind::Dictionary, d as u32)?;
        let map = fst::Map::new(&bytes[range(&h, SectionKind::Terms)?]).map_err(|e| corrupt("terms", e.to_string()))?;
        Ok(map.get(term).map(TermValue))
    }

    /// The documents of segment `si` (numbered in the segment) that hold `term`.
    pub fn docs_with(&mut self, si: usize, term: &[u8]) -> Result<Vec<u32>> {
        let Some(v) = self.term(si, term)? else { return Ok(Vec::new()) };
        if !v.postings().is_some() {
            return Ok(Vec::new());
        }
        let (shard, offset) = v.postings().shard();
        let (bytes, h) = self.shard(si, ShardKind::Postings, shard as u32)?;
        let docs = self.manifest.segments[si].docs;
        let mut list = postings::decode(&bytes[range(&h, SectionKind::Postings)?], offset, None, None, docs)?;
        let mut out = Vec::new();
        while let Some(p) = list.next_posting()? {
            out.push(p.doc);
        }
        Ok(out)
    }
}

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateReport {
    /// Documents already indexed as they are.
    pub unchanged: usize,
    /// New documents.
    pub added: usize,
    /// Documents whose content changed.
    pub changed: usize,
    /// Documents gone from the corpus.
    pub removed: usize,
    /// Unchanged documents re-indexed because a word of theirs is now decided otherwise.
    pub moved: usize,
    /// Words re-decided, and those decided otherwise.
    pub redecided: usize,
    /// Words now decided otherwise.
    pub flipped: usize,
}

/// The words of a document, light-normalized, title and body, with their counts.
fn words_of(title: &str, body: &str) -> FxHashMap<String, u32> {
    let mut out = FxHashMap::default();
    for t in [title, body] {
        tokenize(t, |w| *out.entry(w.light.to_string()).or_default() += 1);
    }
    out
}

/// The word counts after an update: the old counts and the change, without copying the old.
struct Overlay<'a> {
    base: &'a FxHashMap<&'a str, u32>,
    delta: &'a FxHashMap<String, i64>,
}

impl crate::analysis::stem::Lexicon for Overlay<'_> {
    fn count(&self, light: &str) -> u32 {
        let base = i64::from(self.base.get(light).copied().unwrap_or(0));
        let n = base + self.delta.get(light).copied().unwrap_or(0);
        n.clamp(0, i64::from(u32::MAX)) as u32
    }
}

impl crate::analysis::stem::Lexicon for FxHashMap<&str, u32> {
    fn count(&self, light: &str) -> u32 {
        self.get(light).copied().unwrap_or(0)
    }
}

/// The words of `vocab` (sorted) whose segmentation reads the count of any of `changed`
/// (see [`readers_of`]): the exact readers looked up, and the beginnings gathered in one set
/// that each word of the vocabulary, bare or without a pronoun suffix, is looked up in (a word
/// has a handful of such readings; a changed word has a hundred beginnings).
fn readers_in<'w>(vocab: &[&str], changed: impl Iterator<Item = &'w str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut beginnings: crate::util::FxHashSet<String> = Default::default();
    let (mut exact, mut starts) = (Vec::new(), Vec::new());
    for w in changed {
        exact.clear();
        readers_of(w, &mut exact, &mut starts);
        out.extend(exact.drain(..).filter(|x| vocab.binary_search(&x.as_str()).is_ok()));
        beginnings.extend(starts.drain(..));
    }
    for v in vocab {
        let bare = beginnings.contains(*v);
        if bare || crate::analysis::stem::suffix_splits(v).any(|(head, _)| beginnings.contains(head)) {
            out.insert(v.to_string());
        }
    }
    out
}

/// A decision, for comparing: term, clitics, hedge term.
fn key(d: &DocTerms) -> (&[u8], u8, Option<&[u8]>) {
    (&d.term, d.clitics, d.hedge.as_ref().map(|h| h.0.as_slice()))
}

/// Updates the index to hold exactly `corpus` (every document, in order): see the module
/// documentation. New shards go to `sink`; nothing stored changes. Returns the new manifest (not
/// yet encoded: its history is the caller's to fill) and what changed, or `None` when nothing
/// did.
pub fn update(
    stored: &mut Stored<'_>,
    corpus: &[Document],
    opts: &WriterOptions,
    sink: &mut Sink<'_>,
) -> Result<Option<(Manifest, UpdateReport)>> {
    let timing = std::env::var_os("FAHRAS_TIMING").is_some();
    let started = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("update: {what} at {:.3} s", started.elapsed().as_secs_f64());
        }
    };
    let n_seg = stored.manifest.segments.len();
    let mut states: Vec<SegmentState> = (0..n_seg).map(|si| stored.state(si)).collect::<Result<_>>()?;
    if let Some(chars) = states.iter().find_map(|s| s.cut) {
        return Err(Error::Corrupt {
            section: "texts",
            reason: format!(
                "this index stores only {chars} characters of each article (--excerpt-chars) and not the complete texts an update needs to take the old versions out; build it afresh instead"
            ),
        });
    }
    let deleted: Vec<HashSet<u32>> =
        stored.manifest.segments.iter().map(|s| s.deleted.iter().copied().collect()).collect();
    // The live documents, by id.
    let mut live: FxHashMap<&str, (usize, u32)> = FxHashMap::default();
    for (si, st) in states.iter().enumerate() {
        for (local, d) in st.docs.iter().enumerate() {
            if !deleted[si].contains(&(local as u32)) {
                live.insert(d.id.as_str(), (si, local as u32));
            }
        }
    }
    // 1. What is new, changed, gone.
    let mut report = UpdateReport::default();
    let mut in_corpus: FxHashMap<&str, usize> = FxHashMap::default();
    in_corpus.reserve(corpus.len());
    let mut fresh: BTreeSet<usize> = BTreeSet::new(); // corpus documents to index (new or changed)
    let mut replaced: BTreeSet<(usize, u32)> = BTreeSet::new(); // old copies to delete
    for (ci, d) in corpus.iter().enumerate() {
        in_corpus.insert(d.id.as_str(), ci);
        match live.get(d.id.as_str()) {
            None => {
                fresh.insert(ci);
                report.added += 1;
            }
            Some(&(si, local)) if states[si].docs[local as usize].hash != content_hash(d) => {
                fresh.insert(ci);
                replaced.insert((si, local));
                report.changed += 1;
            }
            Some(_) => report.unchanged += 1,
        }
    }
    for (id, &loc) in &live {
        if !in_corpus.contains_key(id) {
            replaced.insert(loc);
            report.removed += 1;
        }
    }
    if fresh.is_empty() && replaced.is_empty() {
        return Ok(None);
    }
    lap("states read, documents classified");
    // 2. The word counts before and after (negative sums, impossible in a sound index, count
    // as none).
    let old_sorted = sum_sorted(states.iter_mut().map(|s| std::mem::take(&mut s.lexicon)).collect());
    let mut old_lex: FxHashMap<&str, u32> = FxHashMap::default();
    old_lex.reserve(old_sorted.len());
    for (w, c) in &old_sorted {
        if *c > 0 {
            old_lex.insert(w.as_str(), (*c).min(i64::from(u32::MAX)) as u32);
        }
    }
    let mut old_words: HashMap<(usize, u32), FxHashMap<String, u32>> = HashMap::new();
    for &(si, local) in &replaced {
        let Document { title, body, .. } = stored.document(si, local, &states[si])?;
        old_words.insert((si, local), words_of(&title, &body));
    }
    let new_words: BTreeMap<usize, FxHashMap<String, u32>> =
        fresh.iter().map(|&ci| (ci, words_of(&corpus[ci].title, &corpus[ci].body))).collect();
    let mut delta: FxHashMap<String, i64> = FxHashMap::default();
    for words in old_words.values() {
        for (w, &c) in words {
            *delta.entry(w.clone()).or_default() -= i64::from(c);
        }
    }
    for words in new_words.values() {
        for (w, &c) in words {
            *delta.entry(w.clone()).or_default() += i64::from(c);
        }
    }
    delta.retain(|_, c| *c != 0);
    let new_lex = Overlay { base: &old_lex, delta: &delta };
    lap("word counts summed");
    // 3. The words whose evidence changed, decided both ways.
    let vocab: Vec<&str> = old_sorted.iter().filter(|(_, c)| *c > 0).map(|(w, _)| w.as_str()).collect();
    let candidates = readers_in(&vocab, delta.keys().map(String::as_str));
    report.redecided = candidates.len();
    lap("words to re-decide found");
    // Both ways, on every core (each word alone: the result does not depend on the threads).
    let candidates: Vec<String> = candidates.into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = candidates.len().div_ceil(threads).max(1);
    let decided: Vec<(DocTerms, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = candidates
            .chunks(chunk)
            .map(|part| {
                let (old_lex, new_lex) = (&old_lex, &new_lex);
                s.spawn(move || {
                    let mut scratch = Vec::new();
                    part.iter()
                        .map(|w| {
                            let before = analysis::doc_terms(w, old_lex, &opts.weights, &mut scratch);
                            let after = analysis::doc_terms(w, new_lex, &opts.weights, &mut scratch);
                            let flips = key(&before) != key(&after);
                            (before, flips)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a deciding thread")).collect()
    });
    let mut scratch = Vec::new();
    let mut old_decisions: HashMap<String, DocTerms> = HashMap::with_capacity(candidates.len());
    // Flipped words, by the term old documents have them under.
    let mut flipped: BTreeMap<Vec<u8>, Vec<String>> = BTreeMap::new();
    for (w, (before, flips)) in candidates.into_iter().zip(decided) {
        if flips {
            flipped.entry(before.term.clone()).or_default().push(w.clone());
            report.flipped += 1;
        }
        old_decisions.insert(w, before);
    }
    lap("words re-decided");
    // 4. The unchanged documents holding a flipped word move to the new segment.
    let mut moved: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    for (term, words) in &flipped {
        for si in 0..n_seg {
            for local in stored.docs_with(si, term)? {
                if deleted[si].contains(&local) || replaced.contains(&(si, local)) || moved.contains_key(&(si, local)) {
                    continue;
                }
                let id = states[si].docs[local as usize].id.as_str();
                let Some(&ci) = in_corpus.get(id) else { continue };
                let d = &corpus[ci];
                let mut holds = false;
                for t in [&d.title, &d.body] {
                    tokenize(t, |w| holds = holds || words.iter().any(|x| x == w.light));
                }
                if holds {
                    moved.insert((si, local), ci);
                }
            }
        }
    }
    report.moved = moved.len();
    lap("moved documents found");
    // 5. What the deleted copies counted: their terms as the old counts decided them.
    let mut df_del: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
    let mut deleted_tokens = 0u64;
    let gone_words = replaced
        .iter()
        .map(|loc| (loc, old_words.remove(loc).unwrap_or_default()))
        .chain(moved.iter().map(|(loc, &ci)| (loc, words_of(&corpus[ci].title, &corpus[ci].body))));
    for (&(si, local), words) in gone_words {
        deleted_tokens += u64::from(states[si].docs[local as usize].tokens);
        let mut terms: BTreeSet<Vec<u8>> = BTreeSet::new();
        for w in words.keys() {
            let d = old_decisions
                .entry(w.clone())
                .or_insert_with(|| analysis::doc_terms(w, &old_lex, &opts.weights, &mut scratch));
            terms.insert(d.term.clone());
            if let Some((h, _)) = &d.hedge {
                terms.insert(h.clone());
            }
        }
        for t in terms {
            *df_del.entry(t).or_default() += 1;
        }
    }
    lap("deleted copies counted");
    // 6. The new segment: new and changed documents, and the moved ones, in corpus order.
    let mut order: Vec<usize> = fresh.iter().copied().chain(moved.values().copied()).collect();
    order.sort_unstable();
    let docs: Vec<Document> = order.iter().map(|&ci| corpus[ci].clone()).collect();
    let cap = stored.manifest.meta.positions_cap;
    let (inv, _) = invert_with(&docs, &opts.weights, cap, Some(&new_lex))?;
    drop(old_decisions);
    let states_new: Vec<DocState> = docs
        .iter()
        .zip(&inv.doc_tokens)
        .map(|(d, &tokens)| DocState { id: d.id.clone(), hash: content_hash(d), tokens })
        .collect();
    let mut fields = stored.manifest.fields.clone();
    for d in &docs {
        for (f, v) in &d.filters {
            fields.intern(f, v);
        }
    }
    let mut lexicon: Vec<(String, i64)> = delta.into_iter().collect();
    lexicon.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut id = super::fnv(stored.manifest.build, &super::write::segment_id(&states_new).to_le_bytes());
    while stored.manifest.segments.iter().any(|s| s.id == id) {
        id = super::fnv(id, b"again");
    }
    let postings_bytes: usize = inv.terms.iter().map(|t| t.docs.len() + t.tfs.len() + t.df as usize).sum();
    let mut w = SegmentWriter::new(id, opts, postings_bytes, docs.len(), sink);
    let mut del = df_del.into_iter().peekable();
    let mut norms = Vec::new();
    for t in &inv.terms {
        while let Some((dt, dn)) = del.next_if(|(dt, _)| dt.as_slice() < t.term.as_slice()) {
            w.add_term(&dt, -dn, Display(0), None)?;
        }
        let minus = del.next_if(|(dt, _)| *dt == t.term).map_or(0, |(_, n)| n);
        norms_of(t, &inv.norms, &mut norms)?;
        let list = TermPostings { df: t.df, docs: &t.docs, tfs: &t.tfs, norms: &norms, positions: &t.positions };
        w.add_term(&t.term, i64::from(t.df) - minus, t.display, Some(list))?;
    }
    for (dt, dn) in del {
        w.add_term(&dt, -dn, Display(0), None)?;
    }
    for (d, s) in docs.into_iter().zip(states_new) {
        w.add_doc(d, s)?;
    }
    let info: SegmentInfo = w.finish(&fields, &lexicon)?;
    lap("segment written");
    // 7. The manifest.
    let mut m = stored.manifest.clone();
    for &(si, local) in replaced.iter().chain(moved.keys()) {
        m.segments[si].deleted.push(local);
    }
    for s in &mut m.segments {
        s.deleted.sort_unstable();
        s.deleted.dedup();
    }
    let old_live = i64::from(m.meta.docs);
    let removed = (replaced.len() + moved.len()) as i64;
    let live = old_live - removed + info.docs as i64;
    let tokens = m.meta.tokens as i64 - deleted_tokens as i64 + inv.tokens as i64;
    if live < 0 || tokens < 0 {
        return Err(Error::Corrupt {
            section: "segments",
            reason: "the update would leave fewer than no documents".into(),
        });
    }
    m.meta.docs = live as u32;
    m.meta.tokens = tokens as u64;
    m.fields = fields;
    m.segments.push(info);
    Ok(Some((m, report)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bucketed search finds exactly the readers the plain definition gives: every word
    /// of the vocabulary, read whole.
    #[test]
    fn readers_in_matches_the_definition() {
        let mut vocab: Vec<String> = Vec::new();
        for p in ["", "و", "ب", "ال", "وال", "لل", "س"] {
            for stem in ["ك", "كتاب", "كتب", "حكومة", "حكومت", "ة", "ليبيا"] {
                for suf in ["", "ها", "ه", "هم"] {
                    vocab.push(format!("{p}{stem}{suf}"));
                }
            }
        }
        vocab.sort();
        vocab.dedup();
        let vocab: Vec<&str> = vocab.iter().map(String::as_str).collect();
        for changed in [&["كتاب"][..], &["الحكومة", "ك"], &["ة", "وليبيا"], &["بكتبهم"]] {
            let got = readers_in(&vocab, changed.iter().copied());
            let mut want = BTreeSet::new();
            for w in changed {
                let (mut exact, mut starts) = (Vec::new(), Vec::new());
                readers_of(w, &mut exact, &mut starts);
                for v in &vocab {
                    let starts_ok = starts.iter().any(|s| v.strip_prefix(s.as_str()).is_some_and(is_suffix_or_nothing));
                    if exact.iter().any(|e| e == v) || starts_ok {
                        want.insert(v.to_string());
                    }
                }
            }
            assert!(!want.is_empty());
            assert_eq!(got, want, "{changed:?}");
        }
    }
}
