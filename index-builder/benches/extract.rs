//! HTML extraction on hostile pages: each should take time linear in its size. Doubling N
//! should double the time; a quadratic path would quadruple it. (Timing lives here, not in
//! the tests: see the README.)
//!
//! ```text
//! cargo bench -p index-builder --bench extract
//! ```

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use index_builder::input::html::extract;

fn pages(n: usize) -> Vec<(&'static str, String)> {
    let para = "<p>عقدت الحكومة اجتماعها &amp; ناقشت الميزانية العامة.</p>";
    vec![
        ("nested divs", format!("<body>{}<p>عميق</p>{}<p>بعد</p></body>", "<div>".repeat(n), "</div>".repeat(n))),
        (
            "unmatched end tags",
            format!("<body><b><div>{}أ{}{}ب</div></b></body>", "<span>".repeat(n), "</b>".repeat(n), "</i>".repeat(n)),
        ),
        ("distinct unknown tags", (0..n).map(|i| format!("<x{i}>")).collect::<String>() + "نص"),
        (
            "paragraphs",
            format!("<html><head><title>صفحة</title></head><body><main>{}</main></body></html>", para.repeat(n / 4)),
        ),
        ("runs of <", "<".repeat(2 * n)),
        ("runs of &#", "&#".repeat(n)),
        ("attributes", format!("<p {}>نص", "a=1 ".repeat(n / 2))),
        // Declared values: nested captures, and many captured elements one after the other.
        ("nested declarations", format!("<body>{}<p>نص</p>", "<div data-fahras-filter=قسم>كلمة ".repeat(n / 4))),
        ("declared elements", "<span data-fahras-meta=كاتب>سارة</span>".repeat(n / 4)),
    ]
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    for n in [50_000, 100_000] {
        for (name, html) in pages(n) {
            g.throughput(Throughput::Bytes(html.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, n), &html, |b, html| b.iter(|| black_box(extract(html))));
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
