//! What the postings of an index weigh, and what other encodings would: the varints Fahras
//! writes, 128-posting blocks bit-packed as tantivy does (a width byte, then the block; the
//! tail as varints), the byte a split index adds per posting for the document's length, and the
//! bound for doc-id gaps of random sets (d·(log2(N/d) + 1.44) bits a term). Every figure also
//! gzip -9, as sites serve them.
//!
//! `cargo run --release --example postings_sizes -- INDEX.fahras [BLOCK]` (a `--single` index).
use fahras::index::format::TermValue;
use fst::Streamer;
use std::io::Write;

fn gz(b: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    e.write_all(b).unwrap();
    e.finish().unwrap().len()
}
fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}
impl Bits {
    fn push(&mut self, v: u64, w: u32) {
        if w == 0 {
            return;
        }
        self.acc |= v << self.n;
        self.n += w;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    fn flush(&mut self) {
        if self.n > 0 {
            self.out.push(self.acc as u8);
            self.acc = 0;
            self.n = 0;
        }
    }
}
fn width(xs: &[u64]) -> u32 {
    xs.iter().map(|&x| 64 - x.leading_zeros()).max().unwrap_or(0)
}

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let index = fahras::Index::open(std::fs::read(&a[0]).unwrap()).unwrap();
    let block: usize = a.get(1).map_or(128, |s| s.parse().unwrap());
    let mut s = index.terms().stream();
    let (mut terms, mut postings, mut positions) = (0u64, 0u64, 0u64);
    let mut cur_docs = Vec::new();
    let mut cur_tfs = Vec::new();
    let mut hdr = Vec::new();
    let mut bp_docs = Vec::new();
    let mut bp_tfs = Vec::new();
    let mut bp_flags = Vec::new();
    let mut tf1 = 0u64;
    let mut bound = 0f64;
    let mut df_hist = [0u64; 8];
    let mut by_df_post = [0u64; 8];
    let mut pos_by_df = [0u64; 8];
    let mut pbuf = Vec::new();
    let mut norms_inline = Vec::new();
    while let Some((_k, v)) = s.next() {
        let tv = TermValue(v);
        let mut pl = index.postings(tv.postings()).unwrap();
        terms += 1;
        let df = pl.df as u64;
        let bucket = (64 - df.leading_zeros()).min(28) as usize / 4;
        df_hist[bucket] += 1;
        put(&mut hdr, df);
        let mut prev = 0u64;
        let mut deltas = Vec::new();
        let mut tfs = Vec::new();
        let mut fl = Vec::new();
        let mut first = true;
        while let Some(p) = pl.next_posting().unwrap() {
            postings += 1;
            by_df_post[bucket] += 1;
            let d = if first { p.doc as u64 } else { p.doc as u64 - prev - 1 };
            put(&mut cur_docs, if first { p.doc as u64 } else { p.doc as u64 - prev });
            first = false;
            prev = p.doc as u64;
            put(&mut cur_tfs, (p.tf as u64) << 4 | p.flags as u64);
            norms_inline.push(index.norm(p.doc));
            deltas.push(d);
            tfs.push(p.tf as u64 - 1);
            fl.push(p.flags as u64);
            if p.tf == 1 {
                tf1 += 1;
            }
            pl.positions(&p, &mut pbuf).unwrap();
            positions += pbuf.len() as u64;
            pos_by_df[bucket] += pbuf.len() as u64;
        }
        // block-packed: full blocks bitpacked, tail varint
        {
            let n = index.doc_count() as f64;
            let d = df as f64;
            bound += d * ((n / d).log2() + 1.44);
        }
        let full = deltas.len() / block * block;
        for (xs, out) in [(&deltas, &mut bp_docs), (&tfs, &mut bp_tfs), (&fl, &mut bp_flags)] {
            let mut b = Bits { out: Vec::new(), acc: 0, n: 0 };
            for ch in xs[..full].chunks(block) {
                let w = width(ch);
                out.push(w as u8);
                for &x in ch {
                    b.push(x, w);
                }
                b.flush();
                out.extend_from_slice(&b.out);
                b.out.clear();
            }
            for &x in &xs[full..] {
                put(out, x);
            }
        }
    }
    println!("doc-id bound {:.0} bytes", bound / 8.0);
    println!("terms {terms} postings {postings} positions {positions} tf1 {tf1}");
    println!("df buckets (log2/4): terms {df_hist:?}\n postings {by_df_post:?}\n positions {pos_by_df:?}");
    println!(
        "current: docs {} gz {}, tfs {} gz {}, hdr {} gz {}, inline norms {} gz {}",
        cur_docs.len(),
        gz(&cur_docs),
        cur_tfs.len(),
        gz(&cur_tfs),
        hdr.len(),
        gz(&hdr),
        norms_inline.len(),
        gz(&norms_inline)
    );
    let mut both = cur_docs.clone();
    both.extend_from_slice(&cur_tfs);
    println!("current docs+tfs gz {}", gz(&both));
    println!(
        "bp{block}: docs {} gz {}, tfs {} gz {}, flags {} gz {}",
        bp_docs.len(),
        gz(&bp_docs),
        bp_tfs.len(),
        gz(&bp_tfs),
        bp_flags.len(),
        gz(&bp_flags)
    );
}
