//! Filters, date ranges, sort orders and facet counts, checked against answers computed by
//! brute force from the documents themselves, on a whole index and on a split one.

mod common;

use common::{fixture_docs, Rng};
use fahras::index::date;
use fahras::index::split::SplitIndex;
use fahras::search::step::search_split;
use fahras::search::Sort;
use fahras::{Document, Index, IndexWriter, SearchOptions, SearchResults, Searcher};
use std::collections::{BTreeMap, HashMap};

const SECTIONS: [&str; 6] = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "دولي", "محلي"];
const REGIONS: [&str; 3] = ["المغرب العربي", "الخليج", "المشرق"];

/// About 900 articles made of the fixtures' sentences, each with one to three sections, maybe
/// a region (a second field), and a date in one of the forms news sites write — or none, or
/// one that cannot be read.
fn corpus() -> Vec<Document> {
    let sentences: Vec<String> = fixture_docs()
        .iter()
        .flat_map(|d| d.body.split(['.', '،']).map(|s| s.trim().to_string()).collect::<Vec<_>>())
        .filter(|s| s.len() > 10)
        .collect();
    let mut r = Rng(0x5eed_f11e);
    let mut docs = Vec::new();
    for i in 0..900 {
        let mut body = String::new();
        for _ in 0..4 {
            body.push_str(&sentences[r.below(sentences.len() as u64) as usize]);
            body.push_str(". ");
        }
        let title: String = sentences[r.below(sentences.len() as u64) as usize].chars().take(40).collect();
        let mut d = Document::new(format!("n{i}"), title, body);
        for _ in 0..=r.below(3) {
            d.add_filter("category", SECTIONS[r.below(6) as usize]);
        }
        if r.below(3) == 0 {
            d.add_filter("region", REGIONS[r.below(3) as usize]);
        }
        let day = 18_200 + r.below(400) as i32; // 2019-11 to 2020-12
        let (y, m, dd) = date::civil_from_days(day);
        d.date = match r.below(10) {
            0 => String::new(),
            1 => format!("{y}-{m:02}-{:02}", 40), // cannot be read
            2 => format!("{y}-{m:02}-{dd:02}T23:{:02}:00+03:00", r.below(60)),
            3 => format!("{y}-{m:02}-{dd:02}T00:{:02}:00-05:00", r.below(60)),
            4 => format!("{y}/{m}/{dd} {:02}:{:02}", r.below(24), r.below(60)),
            _ => format!("{y}-{m:02}-{dd:02}"),
        };
        docs.push(d);
    }
    docs
}

struct Both {
    docs: Vec<Document>,
    whole: Index,
    split: SplitIndex,
    shards: HashMap<String, Vec<u8>>,
}

fn both() -> Both {
    let docs = corpus();
    let mut w = IndexWriter::new();
    docs.iter().for_each(|d| w.add(d.clone()));
    let whole = Index::open(w.finish().unwrap()).unwrap();
    let mut w = IndexWriter::new();
    docs.iter().for_each(|d| w.add(d.clone()));
    let (files, _) = w.finish_split().unwrap();
    Both { docs, whole, split: SplitIndex::open(&files.manifest).unwrap(), shards: files.shards.into_iter().collect() }
}

impl Both {
    /// The results of the whole index, after checking that the split one gives the same.
    fn search(&mut self, q: &str, opts: &SearchOptions) -> SearchResults {
        let whole = self.whole.search(q, opts).unwrap();
        let shards = &self.shards;
        let split =
            search_split(&mut Searcher::new(), &mut self.split, q, opts, &mut |name| Ok(shards[name].clone())).unwrap();
        let key = |r: &SearchResults| {
            (r.total, r.unfiltered_total, r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>(), r.facets.clone())
        };
        assert_eq!(key(&whole), key(&split), "whole and split differ on {q:?} {opts:?}");
        whole
    }
}

/// What a document's date means, computed here without the index: (day, minute).
fn when(d: &Document) -> Option<(i32, i64)> {
    date::parse(&d.date).ok().map(|x| (x.day, x.instant.div_euclid(60)))
}

/// Whether `d` passes `opts`' filters and range, ignoring field `except`.
fn passes(d: &Document, opts: &SearchOptions, except: Option<&str>) -> bool {
    let mut by_field: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (f, v) in &opts.filters {
        by_field.entry(f.as_str()).or_default().push(v.as_str());
    }
    let fields_ok = by_field
        .iter()
        .filter(|(f, _)| Some(**f) != except)
        .all(|(f, vals)| d.filters.iter().any(|(df, dv)| df == f && vals.contains(&dv.as_str())));
    let range = opts.from.is_some() || opts.to.is_some();
    let date_ok = !range
        || when(d).is_some_and(|(day, _)| opts.from.is_none_or(|f| day >= f) && opts.to.is_none_or(|t| day <= t));
    fields_ok && date_ok
}

/// The facet counts by brute force, in the engine's order (count, then value).
fn facets_of(docs: &[&Document], opts: &SearchOptions) -> Vec<(String, Vec<(String, usize)>)> {
    let mut out = Vec::new();
    for field in ["category", "region"] {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for d in docs.iter().filter(|d| passes(d, opts, Some(field))) {
            for (f, v) in &d.filters {
                if f == field {
                    *counts.entry(v.as_str()).or_default() += 1;
                }
            }
        }
        let mut v: Vec<(String, usize)> = counts.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push((field.to_string(), v));
    }
    out
}

fn facets(r: &SearchResults) -> Vec<(String, Vec<(String, usize)>)> {
    r.facets.iter().map(|f| (f.field.clone(), f.values.iter().map(|c| (c.value.clone(), c.count)).collect())).collect()
}

/// Checks one query with one set of options against brute force: the unfiltered matches are the
/// engine's own answer without filters (the words are tested elsewhere); everything the options
/// add is recomputed here.
fn check(b: &mut Both, q: &str, opts: &SearchOptions) {
    let all = SearchOptions { limit: usize::MAX, facets: false, ..SearchOptions::default() };
    let matched: Vec<String> = if q.trim().is_empty() {
        b.docs.iter().map(|d| d.id.clone()).collect()
    } else {
        b.search(q, &all).hits.into_iter().map(|h| h.id).collect()
    };
    let docs = b.docs.clone();
    let by_id: HashMap<&str, (usize, &Document)> =
        docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), (i, d))).collect();
    let matched_docs: Vec<&Document> = matched.iter().map(|id| by_id[id.as_str()].1).collect();
    let r = b.search(q, &SearchOptions { limit: usize::MAX, ..opts.clone() });
    let mut want: Vec<&Document> = matched_docs.iter().copied().filter(|d| passes(d, opts, None)).collect();
    assert_eq!(r.unfiltered_total, matched.len(), "unfiltered total of {q:?} {opts:?}");
    assert_eq!(r.total, want.len(), "total of {q:?} {opts:?}");
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    match opts.sort {
        // Relevance: the unfiltered order, restricted.
        Sort::Relevance => {}
        Sort::Newest | Sort::Oldest => {
            let newest = opts.sort == Sort::Newest;
            want.sort_by(|x, y| {
                let (ix, iy) = (by_id[x.id.as_str()].0, by_id[y.id.as_str()].0);
                match (when(x), when(y)) {
                    (Some(a), Some(b)) if a.1 != b.1 => {
                        if newest {
                            b.1.cmp(&a.1)
                        } else {
                            a.1.cmp(&b.1)
                        }
                    }
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    _ => ix.cmp(&iy),
                }
            });
        }
    }
    let want_ids: Vec<&str> = want.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(got, want_ids, "order of {q:?} {opts:?}");
    if opts.facets {
        assert_eq!(facets(&r), facets_of(&matched_docs, opts), "facets of {q:?} {opts:?}");
    }
    // Paging through the same order gives the same hits.
    let page = b.search(q, &SearchOptions { limit: 7, offset: 5, ..opts.clone() });
    let want_page: Vec<&str> = want_ids.iter().skip(5).take(7).copied().collect();
    assert_eq!(page.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), want_page, "page of {q:?} {opts:?}");
}

fn day(s: &str) -> i32 {
    date::parse(s).unwrap().day
}

#[test]
fn filters_ranges_orders_and_counts_match_brute_force() {
    let mut b = both();
    let queries = ["", "الحكومة", "طرا", "مؤتمر", "النار", "\"وقف إطلاق\"", "الحكومة -طرابلس"];
    let mut r = Rng(42);
    let mut checked = 0;
    for q in queries {
        for round in 0..14 {
            let mut opts = SearchOptions { facets: round % 2 == 0, ..SearchOptions::default() };
            for _ in 0..r.below(3) {
                opts.filters.push(("category".into(), SECTIONS[r.below(6) as usize].into()));
            }
            if r.below(3) == 0 {
                opts.filters.push(("region".into(), REGIONS[r.below(3) as usize].into()));
            }
            if r.below(2) == 0 {
                let from = 18_200 + r.below(300) as i32;
                opts.from = Some(from);
                opts.to = (r.below(2) == 0).then(|| from + r.below(120) as i32);
            }
            opts.sort = [Sort::Relevance, Sort::Newest, Sort::Oldest][r.below(3) as usize];
            if q.is_empty() && !opts.browses() {
                opts.sort = Sort::Newest; // an empty query needs something to browse by
            }
            check(&mut b, q, &opts);
            checked += 1;
        }
    }
    assert_eq!(checked, queries.len() * 14);
}

#[test]
fn a_section_and_a_month_newest_first() {
    let mut b = both();
    let opts = SearchOptions {
        filters: vec![("category".into(), "اقتصاد".into())],
        from: Some(day("2020-05-01")),
        to: Some(day("2020-05-31")),
        sort: Sort::Newest,
        ..SearchOptions::default()
    };
    check(&mut b, "الحكومة", &opts);
    let r = b.search("الحكومة", &opts);
    assert!(r.total > 0 && r.total < r.unfiltered_total, "{} of {}", r.total, r.unfiltered_total);
    for h in &r.hits {
        assert!(h.category.iter().any(|c| c == "اقتصاد"), "{:?}", h.category);
        assert!(h.day.as_str() >= "2020-05-01" && h.day.as_str() <= "2020-05-31", "{}", h.day);
    }
    // The days a reader sees are in order, newest first.
    let days: Vec<&str> = r.hits.iter().map(|h| h.day.as_str()).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    // The counts of the sections are those of the other sections with the month applied.
    let economy = r.facets.iter().find(|f| f.field == "category").unwrap();
    assert_eq!(economy.values.iter().find(|c| c.value == "اقتصاد").unwrap().count, r.total);
}

#[test]
fn undated_and_unreadable_dates_come_last_and_fall_outside_ranges() {
    let mut b = both();
    let undated: Vec<String> = b.docs.iter().filter(|d| when(d).is_none()).map(|d| d.id.clone()).collect();
    let n = b.docs.len();
    assert!(undated.len() > 50, "the corpus has undated articles");
    for sort in [Sort::Newest, Sort::Oldest] {
        let r = b.search("", &SearchOptions { sort, limit: usize::MAX, ..SearchOptions::default() });
        assert_eq!(r.total, n);
        let tail: Vec<String> = r.hits[r.hits.len() - undated.len()..].iter().map(|h| h.id.clone()).collect();
        assert_eq!(tail, undated, "undated articles last, in document order ({sort:?})");
        assert!(r.hits.iter().all(|h| h.day.is_empty() == undated.contains(&h.id)));
    }
    let all_days = SearchOptions {
        from: Some(day("1900-01-01")),
        to: Some(day("2100-01-01")),
        limit: usize::MAX,
        ..SearchOptions::default()
    };
    let r = b.search("", &all_days);
    assert_eq!(r.total, n - undated.len());
    assert!(r.hits.iter().all(|h| !undated.contains(&h.id)));
    // No article is ever dated in the 23rd century, whatever its date said.
    assert!(b.docs.iter().any(|d| d.date.ends_with("-40")));
    let future = SearchOptions { from: Some(day("2100-01-01")), limit: usize::MAX, ..SearchOptions::default() };
    assert_eq!(b.search("", &future).total, 0);
}

#[test]
fn a_day_is_the_day_as_written_in_its_own_zone() {
    let mut w = IndexWriter::new();
    let mut late = Document::new("late", "اجتماع متأخر", "عقد الاجتماع في وقت متأخر من الليل");
    late.date = "2020-05-28T23:30:00+03:00".into(); // 20:30 UTC on the 28th
    let mut early = Document::new("early", "اجتماع مبكر", "عقد الاجتماع في الصباح الباكر");
    early.date = "2020-05-29T01:00:00+05:00".into(); // 20:00 UTC on the 28th, the 29th where written
    w.add(late);
    w.add(early);
    let index = Index::open(w.finish().unwrap()).unwrap();
    let on = |d: &str| {
        let opts = SearchOptions { from: Some(day(d)), to: Some(day(d)), limit: 10, ..SearchOptions::default() };
        index.search("الاجتماع", &opts).unwrap().hits.into_iter().map(|h| h.id).collect::<Vec<_>>()
    };
    assert_eq!(on("2020-05-28"), ["late"]);
    assert_eq!(on("2020-05-29"), ["early"]);
    // Newest first orders by the instant: «late» (20:30 UTC) after «early» (20:00 UTC).
    let r = index.search("الاجتماع", &SearchOptions { sort: Sort::Newest, ..SearchOptions::default() }).unwrap();
    assert_eq!(r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["late", "early"]);
}

#[test]
fn an_unknown_field_is_an_error_that_names_the_fields() {
    let mut b = both();
    let opts = SearchOptions { filters: vec![("author".into(), "x".into())], ..SearchOptions::default() };
    let e = b.whole.search("الحكومة", &opts).unwrap_err().to_string();
    assert!(e.contains("«author»") && e.contains("category, region"), "{e}");
    // An unknown value of a known field finds nothing, and still counts the others.
    let opts =
        SearchOptions { filters: vec![("category".into(), "غير موجود".into())], ..SearchOptions::default() };
    let r = b.search("الحكومة", &opts);
    assert_eq!(r.total, 0);
    assert!(r.unfiltered_total > 0);
    assert!(!r.facets[0].values.is_empty(), "the other sections' counts are shown");
}

#[test]
fn recency_weighs_relevance_by_age() {
    let mut b = both();
    let plain = b.search("الحكومة", &SearchOptions { limit: usize::MAX, ..SearchOptions::default() });
    let aged = b.search(
        "الحكومة",
        &SearchOptions { limit: usize::MAX, half_life_days: Some(30.0), ..SearchOptions::default() },
    );
    assert_eq!(plain.total, aged.total, "recency reorders, it does not filter");
    let docs = b.docs.clone();
    let newest_minute = docs.iter().filter_map(when).map(|w| w.1).max().unwrap();
    let oldest_minute = docs.iter().filter_map(when).map(|w| w.1).min().unwrap();
    let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let base: HashMap<&str, f32> = plain.hits.iter().map(|h| (h.id.as_str(), h.score)).collect();
    for h in &aged.hits {
        let m = when(by_id[h.id.as_str()]).map_or(oldest_minute, |w| w.1);
        let factor = (-((newest_minute - m) as f64 / 1440.0) / 30.0).exp2() as f32;
        let want = base[h.id.as_str()] * factor;
        assert!((h.score - want).abs() <= want.abs() * 1e-4 + 1e-9, "{}: {} vs {}", h.id, h.score, want);
    }
    let scores: Vec<f32> = aged.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
}
