//! What the examples share: for the gold-segmentation ones (`gold.rs`, `lemma.rs`), reading
//! the gold list and a corpus's word counts, and Lucene's ArabicAnalyzer stemming path to
//! compare with; for the timing ones (`keystrokes.rs`, `split_keystrokes.rs`, `cold_query.rs`),
//! typing words letter by letter, percentiles, and reading gzipped shards.
//! (A folder without `main.rs`: Cargo does not take it for an example of its own.) Each
//! example uses part of it.

#![allow(dead_code)]

use fahras::analysis::tokenize::tokenize;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// One word of the gold list.
pub struct Row {
    /// The word as written.
    pub surface: String,
    /// The word without its clitics, as the gold segmented it.
    pub stem: String,
    /// Whether it carries a clitic.
    pub has_clitic: bool,
    /// Its part of speech (UPOS).
    pub upos: String,
    /// How often it occurs (the gold's `count` column).
    pub count: u32,
}

/// The rows of a gold segmentation file (tab-separated, header first); words whose clitics
/// leave no stem are skipped.
pub fn load_gold(path: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(path).expect("read gold file");
    let mut rows = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 {
            continue;
        }
        let pieces: Vec<&str> = f[1].split('+').collect();
        let n_pre = f[2].split_whitespace().count() + usize::from(!f[3].is_empty());
        let n_enc = f[5].split_whitespace().count();
        if n_pre + n_enc >= pieces.len() {
            continue;
        }
        rows.push(Row {
            surface: f[0].to_string(),
            stem: pieces[n_pre..pieces.len() - n_enc].concat(),
            has_clitic: n_pre + n_enc > 0,
            upos: f[6].into(),
            count: f[7].parse().unwrap_or(1),
        });
    }
    rows
}

/// The light-normalized word counts of a JSON Lines corpus (optionally gzipped), title and body.
pub fn load_lexicon(path: &str) -> HashMap<String, u32> {
    let file = std::fs::File::open(path).expect("open corpus");
    let reader: Box<dyn Read> =
        if path.ends_with(".gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    let mut counts: HashMap<String, u32> = HashMap::new();
    for line in BufReader::new(reader).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line.expect("read corpus line")) else { continue };
        for field in ["title", "body"] {
            if let Some(t) = v.get(field).and_then(|x| x.as_str()) {
                tokenize(t, |w| *counts.entry(w.light.to_string()).or_default() += 1);
            }
        }
    }
    counts
}

/// Lucene's ArabicAnalyzer stemming path: ArabicNormalizer then ArabicStemmer (light10-style).
pub fn lucene(word: &str) -> String {
    let mut s: Vec<char> = word
        .chars()
        .filter(|&c| !matches!(c as u32, 0x064B..=0x065F | 0x0640 | 0x0670))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ => c,
        })
        .collect();
    const PRE: &[&str] = &["ال", "وال", "بال", "كال", "فال", "لل", "و"];
    const SUF: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];
    for p in PRE {
        let p: Vec<char> = p.chars().collect();
        let ok = if p.len() == 1 { s.len() >= 4 } else { s.len() >= p.len() + 2 };
        if ok && s.starts_with(&p) {
            s.drain(..p.len());
            break;
        }
    }
    for x in SUF {
        let x: Vec<char> = x.chars().collect();
        if s.len() >= x.len() + 2 && s.ends_with(&x) {
            s.truncate(s.len() - x.len());
        }
    }
    s.into_iter().collect()
}

/// Every prefix of each word, from one letter: the keystrokes of typing them.
pub fn keystrokes<S: AsRef<str>>(words: &[S]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| {
            let cs: Vec<char> = w.as_ref().chars().collect();
            (1..=cs.len()).map(move |k| cs[..k].iter().collect::<String>())
        })
        .collect()
}

/// The `p` quantile (0 to 1) of sorted values, nearest rank.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// `bytes` gunzipped if they are gzip (shards are stored so), else as they are.
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
    out
}
