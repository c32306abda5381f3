//! Phrases: of the documents that match every word, those in which a phrase's words stand next
//! to each other, in order.

use super::expand::Group;
use super::{loaded, Run};
use crate::error::Result;

impl Run<'_> {
    /// The documents of `candidates` in which the groups' words occur next to each other, in
    /// order. A word whose terms keep no positions (the most common words) stands at its place
    /// unchecked: «وزير الخارجية في ليبيا» checks the other three words. A phrase with fewer than
    /// two words that keep positions cannot be checked: every candidate stays, and the search
    /// says so ([`super::Rewrite::Phrase`]).
    pub(crate) fn phrase_docs(&self, words: &[&Group], candidates: &[u32]) -> Result<Vec<u32>> {
        if candidates.is_empty() || words.is_empty() {
            return Ok(Vec::new());
        }
        // Each candidate's slot, and per word the positions in each slot (None: a word without
        // positions).
        let mut slot = vec![u32::MAX; self.src.stats().docs as usize];
        for (i, &d) in candidates.iter().enumerate() {
            slot[d as usize] = i as u32;
        }
        // A split index fetches the positions it lacks, all of them in one step (asking for one
        // shard per step ran out of steps on a phrase whose words have many readings); the
        // search runs again then.
        let mut ready = true;
        for m in words.iter().flat_map(|g| &g.matches) {
            ready &= self.src.positions_ready(&m.value);
        }
        if !ready {
            return Ok(candidates.to_vec());
        }
        let mut per_word: Vec<Option<Vec<Vec<u32>>>> = Vec::with_capacity(words.len());
        let mut checked = 0;
        let mut buf = Vec::new();
        for g in words {
            let mut at: Vec<Vec<u32>> = vec![Vec::new(); candidates.len()];
            let mut all_have_positions = true;
            for m in &g.matches {
                let Some(mut p) = loaded(self.src.postings(&m.value))? else { continue };
                // The index's rule, not each segment's: a term above the cap is a wildcard even
                // where a segment kept its positions.
                if !p.has_positions() || m.value.df > self.src.stats().positions_cap {
                    all_have_positions = false;
                    break;
                }
                while let Some(post) = p.next_posting()? {
                    p.positions(&post, &mut buf)?;
                    if let Some(&s) = slot.get(post.doc as usize).filter(|&&s| s != u32::MAX) {
                        at[s as usize].extend_from_slice(&buf);
                    }
                }
            }
            checked += usize::from(all_have_positions);
            per_word.push(all_have_positions.then_some(at));
        }
        if words.len() > 1 && checked < 2 {
            self.unchecked.set(true);
        }
        let Some(anchor) = per_word.iter().position(Option::is_some) else {
            return Ok(candidates.to_vec());
        };
        let mut out = Vec::new();
        for (s, &d) in candidates.iter().enumerate() {
            let first = per_word[anchor].as_ref().map_or(&[][..], |at| &at[s][..]);
            let hit = first.iter().any(|&p| {
                per_word.iter().enumerate().all(|(i, w)| match w {
                    None => true,
                    Some(at) => (p + i as u32).checked_sub(anchor as u32).is_some_and(|want| at[s].contains(&want)),
                })
            });
            if hit {
                out.push(d);
            }
        }
        Ok(out)
    }
}
