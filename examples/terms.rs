//! Lists the dictionary terms starting with a prefix, with their document frequencies:
//! `cargo run --release --example terms -- INDEX PREFIX`.
use fahras::analysis::{alphabet, normalize, term};
use fst::{IntoStreamer, Streamer};
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let index = fahras::Index::open(std::fs::read(&a[0]).unwrap()).unwrap();
    let p = term(&normalize::light(&a[1]));
    let mut s = index.terms().range().ge(&p).into_stream();
    let mut out = Vec::new();
    while let Some((k, v)) = s.next() {
        if !k.starts_with(&p) {
            break;
        }
        out.push((fahras::index::format::TermValue(v).df(), alphabet::decode(k)));
    }
    out.sort_by_key(|x| std::cmp::Reverse(x.0));
    println!("{} terms; heavy: {:?}", out.len(), index.heavy_prefix(&p).unwrap().map(|v| v.len()));
    for (df, t) in out.iter().take(15) {
        println!("{df}\t{t}");
    }
}
