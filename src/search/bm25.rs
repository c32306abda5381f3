//! Scoring: the documents that match every word of the query, minus the excluded ones, scored
//! with BM25. Each word counts with its best-matching term in the document (the weight of its
//! class, see [`super::expand`]), a document whose title holds every word is boosted, and
//! documents are accumulated in per-document arrays the [`super::Searcher`] keeps from query to
//! query.

use super::expand::{Group, Plan};
use super::{loaded, Run};
use crate::error::Result;
use crate::index::format::{dequantize_len, flags};
use crate::util::{sort_by, DocSet};

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A document whose title holds every word of the query scores this many times more: the
/// reader who remembers a story by words of its headline (issue 11). A boost per word that
/// occurs in the title instead (1.6 until then) ranked headlines that hold one of the words
/// above the story whose body holds them all, and found fewer stories of both kinds in the
/// known-item evaluation (`examples/known_item.rs`, dev split: MRR@10 0.801 → 0.857 for
/// title words, 0.530 → 0.568 for body words, with the changes to completions).
const TITLE_ALL: f32 = 2.0;

/// Per-document arrays reused from query to query. Instead of being cleared, entries carry a
/// stamp: each query takes a fresh range of `STAMPS` stamps, so a value written by an earlier
/// query is simply older than the current base.
#[derive(Default)]
pub struct Scratch {
    seen: Vec<u32>,
    acc: Vec<f32>,
    best: Vec<f32>,
    /// The stamp of the last group found in the document's title.
    title_seen: Vec<u32>,
    /// How many groups of the query occur in the document's title.
    title_words: Vec<u8>,
    base: u32,
}

/// Stamps one query may use: one per group, and the last marks excluded documents.
const STAMPS: u32 = 64;

impl Scratch {
    /// Prepares for a query over `n` documents; returns the query's base stamp.
    fn begin(&mut self, n: usize) -> u32 {
        if self.seen.len() != n || self.base > u32::MAX - 2 * STAMPS {
            self.seen = vec![0; n];
            self.acc = vec![0.0; n];
            self.best = vec![0.0; n];
            self.title_seen = vec![0; n];
            self.title_words = vec![0; n];
            self.base = 0;
        }
        self.base += STAMPS;
        self.base
    }
}

fn idf(n: f32, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Score descending, then document order.
pub(crate) fn ranks_before(a: &(u32, f32), b: &(u32, f32)) -> bool {
    a.1 > b.1 || (a.1 == b.1 && a.0 < b.0)
}

impl Run<'_> {
    /// Scores the documents that match every positive group, minus the excluded ones.
    /// Without groups (a query with no word), every document matches with score 0.
    pub(crate) fn evaluate(&mut self, plan: &Plan) -> Result<Vec<(u32, f32)>> {
        let n = self.src.stats().docs as usize;
        if plan.groups.iter().any(|g| g.matches.is_empty()) || plan.groups.len() >= STAMPS as usize - 1 {
            return Ok(Vec::new());
        }
        if plan.groups.is_empty() {
            let mut all: Vec<u32> = (0..n as u32).filter(|&d| self.src.is_live(d)).collect();
            let sc = &mut *self.scratch;
            let base = sc.begin(n);
            let excluded = base + STAMPS - 1;
            for g in &plan.excludes {
                for m in &g.matches {
                    let Some(mut p) = loaded(self.src.postings(&m.value))? else { continue };
                    while let Some(post) = p.next_posting()? {
                        sc.seen[post.doc as usize] = excluded;
                    }
                }
            }
            all.retain(|&d| sc.seen[d as usize] != excluded);
            for ph in &plan.exclude_phrases {
                let words: Vec<&Group> = ph.iter().collect();
                if words.iter().any(|g| g.matches.is_empty()) {
                    continue;
                }
                let drop = DocSet::of(n, &self.phrase_docs(&words, &all)?);
                all.retain(|&d| !drop.contains(d));
            }
            return Ok(all.into_iter().map(|d| (d, 0.0)).collect());
        }
        let sc = &mut *self.scratch;
        let base = sc.begin(n);
        let (seen, acc, best) = (&mut sc.seen, &mut sc.acc, &mut sc.best);
        let (tseen, tcount) = (&mut sc.title_seen, &mut sc.title_words);
        // BM25's length normalization, per quantized document length.
        let avg = self.src.stats().avg_len();
        let mut norm = [0f32; 256];
        for (q, v) in norm.iter_mut().enumerate() {
            *v = K1 * (1.0 - B + B * dequantize_len(q as u8) / avg);
        }
        // Ranking counts the live documents only: the same scores as one index of them.
        let nf = self.src.stats().live as f32;
        let mut alive: Vec<u32> = Vec::new();
        let mut order: Vec<usize> = (0..plan.groups.len()).collect();
        sort_by(&mut order, |&a, &b| (plan.groups[a].cost, a) < (plan.groups[b].cost, b));
        for (step, &gi) in order.iter().enumerate() {
            let prev = base + step as u32;
            let stamp = prev + 1;
            for m in &plan.groups[gi].matches {
                let Some(mut p) = loaded(self.src.postings(&m.value))? else { continue };
                let exact = m.weight * idf(nf, if m.idf_df > 0 { m.idf_df } else { p.df }) * (K1 + 1.0);
                let other = exact * m.base;
                while let Some(post) = p.next_posting()? {
                    let d = post.doc as usize;
                    let mut s0 = seen[d];
                    if step == 0 && s0 < base {
                        s0 = prev; // written by an earlier query
                    }
                    if s0 != prev && s0 != stamp {
                        continue;
                    }
                    let mut s = if post.flags & m.exact_clitics != 0 { exact } else { other };
                    let tf = post.tf as f32;
                    s *= tf / (tf + norm[post.norm as usize]);
                    if s0 == prev {
                        seen[d] = stamp;
                        best[d] = s;
                        if step == 0 {
                            acc[d] = 0.0;
                            tcount[d] = 0;
                            alive.push(post.doc);
                        }
                    } else if s > best[d] {
                        best[d] = s;
                    }
                    if post.flags & flags::TITLE != 0 && tseen[d] != stamp {
                        tseen[d] = stamp;
                        tcount[d] += 1;
                    }
                }
            }
            if step > 0 {
                alive.retain(|&d| seen[d as usize] == stamp);
            }
            for &d in &alive {
                acc[d as usize] += best[d as usize];
            }
            if alive.is_empty() {
                return Ok(Vec::new());
            }
        }
        // Exclusions.
        let excluded = base + STAMPS - 1;
        for g in &plan.excludes {
            for m in &g.matches {
                let Some(mut p) = loaded(self.src.postings(&m.value))? else { continue };
                while let Some(post) = p.next_posting()? {
                    seen[post.doc as usize] = excluded;
                }
            }
        }
        if !plan.excludes.is_empty() {
            alive.retain(|&d| seen[d as usize] != excluded);
        }
        let all = plan.groups.len() as u8;
        let scored: Vec<(u32, f32)> = alive
            .iter()
            .map(|&d| {
                let d = d as usize;
                (d as u32, if tcount[d] == all { acc[d] * TITLE_ALL } else { acc[d] })
            })
            .collect();
        // Phrases.
        for ph in &plan.phrases {
            let words: Vec<&Group> = ph.iter().map(|&i| &plan.groups[i]).collect();
            alive = self.phrase_docs(&words, &alive)?;
        }
        for ph in &plan.exclude_phrases {
            let words: Vec<&Group> = ph.iter().collect();
            if words.iter().any(|g| g.matches.is_empty()) {
                continue;
            }
            let drop = DocSet::of(n, &self.phrase_docs(&words, &alive)?);
            alive.retain(|&d| !drop.contains(d));
        }
        if alive.len() == scored.len() {
            return Ok(scored);
        }
        let keep = DocSet::of(n, &alive);
        Ok(scored.into_iter().filter(|&(d, _)| keep.contains(d)).collect())
    }
}
