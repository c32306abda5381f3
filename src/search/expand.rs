//! Expansion: what each word of a query may match in the dictionary, and how much each match
//! counts (the classes of the table in [`super`]); the typo corrections and suggestions shown
//! when a word matched nothing as typed.

use super::excerpt::Highlighter;
use super::query::{Clause, ClauseKind, QueryWord};
use super::{Run, SearchOptions};
use crate::analysis::alphabet;
use crate::analysis::fuzzy::Fuzzy;
use crate::analysis::{self, lemma, Clitics, TermCandidate};
use crate::error::Result;
use crate::index::searchable::TermRef;
use crate::util::sort_by;

const CLASS_STEM: f32 = 0.8;
/// Another inflection of the word ([`crate::analysis::lemma`]), below the stem class.
const CLASS_LEMMA: f32 = 0.7;
/// The readings of a word whose inflections are looked up (the best-weighted ones).
const LEMMA_READINGS: usize = 2;
const CLASS_PREFIX: f32 = 0.6;
const CLASS_TYPO: f32 = 0.5;
/// Each further half-edit multiplies a typo match's weight by this.
const TYPO_DECAY: f32 = 0.5;
/// Typo matching starts at this many letters (one edit), and allows two edits from
/// [`TYPO_TWO_EDITS`].
const TYPO_MIN_CHARS: usize = 4;
const TYPO_TWO_EDITS: usize = 8;
/// A word whose terms occur in at most this many documents is also tried for typos, and the
/// typo matches kept if they are [`TYPO_MORE_COMMON`] times more common: a rare misspelling
/// («حفطر» once) should not hide the word everyone else wrote («حفتر» hundreds of times).
const TYPO_RARE_DF: u64 = 2;
const TYPO_MORE_COMMON: u32 = 20;
/// At most this many typo terms per word.
const TYPO_TERMS: usize = 16;
/// Completions of a prefix shorter than [`STOPWORD_PREFIX_CHARS`] letters occurring in more
/// than this share of the documents, and in more than [`STOPWORD_MIN_DF`] documents, are
/// skipped (unless nothing else matches): after «ف» or «ال» they are «في» and «الى», which rank
/// nothing. From three letters on, the common completion is what the reader is typing
/// («الحك» → «الحكومة»), however common.
const STOPWORD_SHARE: f32 = 0.2;
const STOPWORD_PREFIX_CHARS: usize = 3;
const STOPWORD_MIN_DF: u32 = 1000;
/// Postings a word being typed may expand to, across its completions.
const PREFIX_POSTINGS_BUDGET: u64 = 30_000;

/// A term a query word matches, and how.
#[derive(Clone, Debug)]
pub(crate) struct TermMatch {
    pub value: TermRef,
    /// The reading's weight times the class weight for non-exact matches.
    pub weight: f32,
    /// Clitic bits that make a posting an exact match (0: never exact).
    pub exact_clitics: u8,
    /// The class weight when the clitics differ.
    pub base: f32,
    /// The document frequency its idf is computed from (0: its own).
    pub idf_df: u32,
}

/// A term within the typo budget of a reading of a query word.
struct TypoMatch {
    term: Vec<u8>,
    value: TermRef,
    /// Distance in half-edits.
    dist: u8,
    /// The weight of the reading.
    weight: f32,
    /// The reading (a term) it is close to.
    reading: Vec<u8>,
}

/// Everything one query word matches.
#[derive(Clone, Debug, Default)]
pub(crate) struct Group {
    pub matches: Vec<TermMatch>,
    /// Sum of document frequencies, to evaluate the most selective words first.
    pub cost: u64,
    /// The display form of the best typo correction, when the word only matched through typos.
    correction: Option<String>,
    /// The word's span in the query.
    span: (usize, usize),
}

impl Group {
    fn push(&mut self, m: TermMatch) {
        if let Some(o) = self.matches.iter_mut().find(|o| o.value == m.value) {
            if m.weight > o.weight || (m.weight == o.weight && m.exact_clitics > o.exact_clitics) {
                *o = m;
            }
            return;
        }
        self.cost += u64::from(m.value.df);
        self.matches.push(m);
    }
}

/// A query resolved against the dictionary.
#[derive(Default)]
pub(crate) struct Plan {
    pub groups: Vec<Group>,
    /// Phrases, as lists of group indices in order.
    pub phrases: Vec<Vec<usize>>,
    pub excludes: Vec<Group>,
    pub exclude_phrases: Vec<Vec<Group>>,
    pub highlighter: Highlighter,
    pub typo_used: bool,
}

impl Run<'_> {
    /// Resolves every clause against the dictionary.
    pub(crate) fn plan(&self, clauses: &[Clause], opts: &SearchOptions, typo_all: bool) -> Result<Plan> {
        let mut plan = Plan::default();
        for c in clauses {
            match c.kind {
                ClauseKind::Word | ClauseKind::Phrase => {
                    let mut idx = Vec::with_capacity(c.words.len());
                    for w in &c.words {
                        let gi = plan.groups.len() as u16;
                        let g = self.expand(w, opts, typo_all && opts.typo, gi, &mut plan)?;
                        idx.push(plan.groups.len());
                        plan.groups.push(g);
                    }
                    if c.kind == ClauseKind::Phrase {
                        plan.phrases.push(idx);
                    }
                }
                ClauseKind::Exclude | ClauseKind::ExcludePhrase => {
                    let mut gs = Vec::with_capacity(c.words.len());
                    for w in &c.words {
                        let mut g = Group::default();
                        let mut cands = Vec::new();
                        analysis::query_terms(&w.light, &mut cands);
                        for cand in &cands {
                            if let Some(v) = self.src.term(&cand.term) {
                                g.push(TermMatch { value: v, weight: 1.0, exact_clitics: 0, base: 1.0, idf_df: 0 });
                            }
                        }
                        gs.push(g);
                    }
                    if c.kind == ClauseKind::Exclude {
                        plan.excludes.extend(gs);
                    } else {
                        plan.exclude_phrases.push(gs);
                    }
                }
            }
        }
        Ok(plan)
    }

    /// Everything one query word matches; also records what to highlight.
    fn expand(&self, w: &QueryWord, opts: &SearchOptions, typo_all: bool, gi: u16, plan: &mut Plan) -> Result<Group> {
        let mut g = Group { span: w.span, ..Default::default() };
        let mut cands: Vec<TermCandidate> = Vec::new();
        analysis::query_terms(&w.light, &mut cands);
        // Which readings are likely in the index (a split index fetches their postings with
        // their dictionary): the best-weighted ones, and of a word that reads as clitics + stem
        // at full weight («الحكومة», «والحكومة») not the whole word, which documents index by
        // its stem. The others are looked up all the same.
        let best = cands.iter().fold(0.0f32, |m, c| m.max(c.weight));
        let stripped = cands.iter().any(|c| c.clitics != Clitics::Bare && c.weight >= 1.0);
        for c in &cands {
            let likely = c.weight >= best && !(stripped && c.clitics == Clitics::Bare);
            let found = if likely { self.src.term(&c.term) } else { self.src.unlikely_term(&c.term) };
            if let Some(v) = found {
                g.push(TermMatch {
                    value: v,
                    weight: c.weight,
                    exact_clitics: c.clitics as u8,
                    base: CLASS_STEM,
                    idf_df: 0,
                });
                plan.highlighter.add_term(&c.term, gi);
            }
        }
        self.expand_lemma(&cands, best, gi, &mut g, plan);
        if w.prefix {
            self.expand_prefix(w, opts, gi, &mut g, plan)?;
        }
        let matched = g.cost;
        if opts.typo && (typo_all || matched <= TYPO_RARE_DF) && !self.src.pending() {
            let before = g.matches.len();
            let found = self.typo_matches(w, &cands, matched, typo_all)?;
            let max_df = found.iter().map(|f| f.value.df).max().unwrap_or(1).max(1) as f32;
            let mut best: Option<&TypoMatch> = None;
            for f in &found {
                let popularity = (f.value.df as f32 / max_df).sqrt();
                let weight = f.weight * CLASS_TYPO * TYPO_DECAY.powi(i32::from(f.dist) - 1) * popularity;
                g.push(TermMatch { value: f.value.clone(), weight, exact_clitics: 0, base: 1.0, idf_df: 0 });
                plan.highlighter.add_term(&f.term, gi);
                if best
                    .is_none_or(|b| (f.dist, std::cmp::Reverse(f.value.df)) < (b.dist, std::cmp::Reverse(b.value.df)))
                {
                    best = Some(f);
                }
            }
            if g.matches.len() > before && matched == 0 {
                plan.typo_used = true;
                g.correction = best.map(|b| with_typed_clitics(&w.light, &b.reading, &self.display(&b.term)));
            }
        }
        Ok(g)
    }

    /// The other inflections of the word's best readings, as the index decides them (see
    /// [`crate::analysis::lemma`]). They count with the idf of the reading itself: a rare
    /// plural must not rank above the word as typed.
    fn expand_lemma(&self, cands: &[TermCandidate], best: f32, gi: u16, g: &mut Group, plan: &mut Plan) {
        let mut df = |t: &[u8]| self.src.unlikely_term(t).map_or(0, |v| v.df);
        let mut found = Vec::new();
        for c in cands.iter().filter(|c| c.weight >= best).take(LEMMA_READINGS) {
            found.clear();
            lemma::variants(&c.term, &mut df, &mut found);
            let own = df(&c.term);
            let idf_df = if own > 0 { own } else { found.iter().map(|f| f.1).max().unwrap_or(0) };
            for (t, _) in &found {
                // Looked up again (the dictionary answers from memory): cheaper in code than
                // keeping what `variants` looked up.
                let Some(v) = self.src.unlikely_term(t) else { continue };
                g.push(TermMatch { value: v, weight: c.weight * CLASS_LEMMA, exact_clitics: 0, base: 1.0, idf_df });
                plan.highlighter.add_term(t, gi);
            }
        }
    }

    /// The completions of a word being typed.
    fn expand_prefix(
        &self,
        w: &QueryWord,
        opts: &SearchOptions,
        gi: u16,
        g: &mut Group,
        plan: &mut Plan,
    ) -> Result<()> {
        let exact_matches = g.matches.len();
        let mut pcs = Vec::new();
        analysis::prefix_terms(&w.light, &mut pcs);
        // A prefix of one or two letters has thousands of completions: take the most frequent
        // ones, but skip those that occur in a large share of the documents (they rank nothing
        // and cost the most), and stop at a budget of postings per keystroke.
        let common_df = ((self.src.stats().live as f32 * STOPWORD_SHARE) as u32).max(STOPWORD_MIN_DF);
        let mut budget = PREFIX_POSTINGS_BUDGET;
        let mut heavy: Option<(TermRef, f32, usize)> = None; // the best skipped one
        let mut found: Vec<(TermRef, f32)> = Vec::new();
        for (i, pc) in pcs.iter().enumerate() {
            let values = if opts.completions == 0 || pc.term.is_empty() {
                Vec::new()
            } else {
                self.src.completions(&pc.term, opts.completions)?
            };
            let stop_df = if alphabet::char_len(&pc.term) < STOPWORD_PREFIX_CHARS { common_df } else { u32::MAX };
            let mut any = false;
            for v in values {
                if v.df > stop_df {
                    if heavy.as_ref().is_none_or(|(h, _, _)| v.df > h.df) {
                        heavy = Some((v, pc.weight, i));
                    }
                    continue;
                }
                if any && u64::from(v.df) > budget {
                    continue;
                }
                budget = budget.saturating_sub(u64::from(v.df));
                any = true;
                found.push((v, pc.weight));
            }
            if any {
                plan.highlighter.add_prefix(&pc.term, gi);
            }
        }
        // Popular completions first: «طرا» is on its way to «طرابلس» more often than to a rare
        // name. Popularity is measured against the commonest completion of every reading, so
        // that a rare completion of a stripped reading («فويس» read as ف + «ويس», completed to
        // «ويست») cannot rank above the word as typed.
        // And all of them count with the idf of the commonest: the reader typed a prefix that
        // is as specific as its likeliest word, and a rare completion («طراز» beside a common
        // «طرابلس») must not win back with its idf what its popularity costs it.
        let max_df = found.iter().map(|f| f.0.df).max().unwrap_or(1).max(1);
        for (v, weight) in found {
            let popularity = (v.df as f32 / max_df as f32).sqrt();
            g.push(TermMatch {
                value: v,
                weight: weight * CLASS_PREFIX * popularity,
                exact_clitics: 0,
                base: 1.0,
                idf_df: max_df,
            });
        }
        // Only very common completions («ال» before anything else is typed): the most common
        // one rather than nothing.
        if g.matches.is_empty() {
            if let Some((v, weight, i)) = heavy {
                g.push(TermMatch { value: v, weight: weight * CLASS_PREFIX, exact_clitics: 0, base: 1.0, idf_df: 0 });
                plan.highlighter.add_prefix(&pcs[i].term, gi);
            }
        }
        // While a word is being typed, its literal reading is one completion among others:
        // «طرا» is «طرأ», but far more readers typing it are on their way to «طراز» or
        // «طرابلس». The literal reading keeps its weight only if it is the most popular.
        let max_df = g.matches.iter().map(|m| m.value.df).max().unwrap_or(1).max(1) as f32;
        for m in &mut g.matches[..exact_matches] {
            m.weight *= (m.value.df as f32 / max_df).sqrt().sqrt(); // a fourth root
        }
        Ok(())
    }

    /// The typo matches of a word whose readings are `cands` and whose exact and prefix matches
    /// occur in `matched` documents.
    fn typo_matches(
        &self,
        w: &QueryWord,
        cands: &[TermCandidate],
        matched: u64,
        typo_all: bool,
    ) -> Result<Vec<TypoMatch>> {
        // The budget follows the word as typed («السرج» has five letters, one edit), and
        // applies to each of its readings («سرج» → «سراج»).
        let budget = match w.light.chars().count() {
            n if n >= TYPO_TWO_EDITS => 4,
            n if n >= TYPO_MIN_CHARS => 2,
            _ => return Ok(Vec::new()),
        };
        let mut found = Vec::new();
        for c in cands.iter().take(3) {
            if alphabet::char_len(&c.term) < 3 {
                continue;
            }
            for (term, value, dist) in self.fuzzy(&c.term, budget, TYPO_TERMS)? {
                found.push(TypoMatch { term, value, dist, weight: c.weight, reading: c.term.clone() });
            }
        }
        // Keep the closest tier (and the next): a look-alike letter beats an arbitrary edit.
        let closest = found.iter().map(|f| f.dist).min().unwrap_or(0);
        found.retain(|f| f.dist <= closest + 1);
        if matched > 0 && !typo_all {
            let needed = (matched as u32).saturating_mul(TYPO_MORE_COMMON);
            found.retain(|f| f.value.df >= needed);
        }
        Ok(found)
    }

    /// A term as a reader would write it (ة, ى and initial hamza restored where usual).
    fn display(&self, term: &[u8]) -> String {
        let decoded = alphabet::decode(term);
        match self.src.term(term) {
            Some(v) => v.display.apply(&decoded),
            None => decoded,
        }
    }

    /// Terms within `budget` half-edits of `term`, closest and most frequent first.
    fn fuzzy(&self, term: &[u8], budget: u8, limit: usize) -> Result<Vec<(Vec<u8>, TermRef, u8)>> {
        let Some(aut) = Fuzzy::new(term, budget) else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        self.src.fuzzy(&aut, &mut |k, v| {
            if k != term {
                let d = aut.distance(k).unwrap_or(budget);
                found.push((k.to_vec(), v.clone(), d));
            }
            found.len() < 4096
        });
        sort_by(&mut found, |a, b| (a.2, b.1.df, &a.0) < (b.2, a.1.df, &b.0));
        found.truncate(limit);
        Ok(found)
    }

    /// The closest terms to the longest query word, for "did you mean".
    pub(crate) fn suggest(&self, clauses: &[Clause]) -> Result<Vec<String>> {
        let Some(word) = clauses
            .iter()
            .filter(|c| !c.is_negative())
            .flat_map(|c| c.words.iter())
            .max_by_key(|w| w.light.chars().count())
        else {
            return Ok(Vec::new());
        };
        let mut cands = Vec::new();
        analysis::query_terms(&word.light, &mut cands);
        let mut out: Vec<(u8, u32, Vec<u8>)> = Vec::new();
        for c in cands.iter().take(3) {
            let chars = alphabet::char_len(&c.term);
            if chars < 3 {
                continue;
            }
            let budget = if chars >= 6 { 4 } else { 2 };
            for (t, v, d) in self.fuzzy(&c.term, budget, 8)? {
                if !out.iter().any(|o| o.2 == t) {
                    out.push((d, v.df, t));
                }
            }
        }
        sort_by(&mut out, |a, b| (a.0, b.1, &a.2) < (b.0, a.1, &b.2));
        Ok(out.into_iter().take(5).map(|(_, _, t)| self.display(&t)).collect())
    }
}

/// The correction of a typed word: the corrected stem with the clitics the reader typed around
/// the reading it corrects («السرج» read as «سرج», corrected to «سراج», shows as «السراج»).
fn with_typed_clitics(typed_light: &str, reading: &[u8], corrected: &str) -> String {
    let chars: Vec<char> = typed_light.chars().collect();
    let folded = analysis::term(typed_light);
    // One byte per character holds for words of Arabic letters and ASCII only.
    if folded.len() != chars.len() || reading.is_empty() {
        return corrected.to_string();
    }
    match folded.windows(reading.len()).position(|w| w == reading) {
        Some(at) => {
            let before: String = chars[..at].iter().collect();
            let after: String = chars[at + reading.len()..].iter().collect();
            format!("{before}{corrected}{after}")
        }
        None => corrected.to_string(),
    }
}

/// The query with each word that matched only through typos replaced by its best correction.
pub(crate) fn corrected(query: &str, plan: &Plan) -> Option<String> {
    let mut fixes: Vec<(&(usize, usize), &String)> =
        plan.groups.iter().filter_map(|g| g.correction.as_ref().map(|c| (&g.span, c))).collect();
    if fixes.is_empty() {
        return None;
    }
    sort_by(&mut fixes, |a, b| a.0 .0 < b.0 .0);
    let mut out = String::with_capacity(query.len() + 8);
    let mut at = 0;
    for ((s, e), fix) in fixes {
        if *s < at || *e > query.len() {
            continue;
        }
        out.push_str(analysis::sub(query, at, *s));
        out.push_str(fix);
        at = *e;
    }
    out.push_str(analysis::sub(query, at, query.len()));
    Some(out)
}
