//! The fetch step of a split index: search with the shards at hand, and either answer or name
//! the shards the search found missing; the caller fetches those and steps again. Written once
//! here, run by the native driver below (the CLI, the tests) and by the browser's asynchronous
//! one (`web::api`), which fetches the shards in parallel.

use super::{SearchOptions, SearchResults, Searcher};
use crate::error::{corrupt, Result};
use crate::index::split::{ShardId, SplitIndex};

/// What one step of a search on a split index gives.
#[derive(Debug)]
pub enum Step {
    /// The search had every shard it needed: its answer.
    Done(Result<SearchResults>),
    /// It lacked these shards: fetch them ([`SplitIndex::add_shard`]) and step again.
    Need(Vec<ShardId>),
}

/// A search that still needs shards after this many steps is given up (each step adds every
/// shard the previous one asked for, so two or three suffice).
pub const MAX_STEPS: usize = 8;

impl Searcher {
    /// One step of a search on a split index.
    pub fn step(&mut self, split: &SplitIndex, query: &str, opts: &SearchOptions) -> Step {
        let result = self.search(split, query, opts);
        let missing = split.take_missing();
        if missing.is_empty() {
            split.searched();
            Step::Done(result)
        } else {
            Step::Need(missing)
        }
    }
}

/// Searches a split index, loading the shards it needs with `load` (which returns a shard's
/// uncompressed bytes by file name), step after step until nothing is missing.
pub fn search_split(
    searcher: &mut Searcher,
    split: &mut SplitIndex,
    query: &str,
    opts: &SearchOptions,
    load: &mut dyn FnMut(&str) -> Result<Vec<u8>>,
) -> Result<SearchResults> {
    for _ in 0..MAX_STEPS {
        match searcher.step(split, query, opts) {
            Step::Done(result) => return result,
            Step::Need(shards) => {
                for id in shards {
                    let name = split.file_name(&id);
                    let bytes = load(&name)?;
                    split.add_shard(&name, bytes)?;
                }
            }
        }
    }
    Err(corrupt("shards", "a search kept needing more shards"))
}
