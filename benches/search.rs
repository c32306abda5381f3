//! Build and per-keystroke benchmarks on a corpus the bench generates itself (so it runs on any
//! clone; `scripts/bench-corpus` runs the same measurements on the real 40,004-article corpus
//! when `../shared` is present).
//!
//! The generated corpus: 3,000 articles of 150–350 words drawn with a Zipf distribution from a
//! vocabulary of Arabic stems written for this bench, each word carrying clitics (و، ب، ل، ال،
//! وال، ها، هم…) the way news text does, so the analyzer and the prefix table see realistic
//! morphology.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fahras::{Document, Index, IndexWriter, SearchOptions};

const STEMS: &[&str] = &[
    "حكومة",
    "وزير",
    "رئيس",
    "مجلس",
    "برلمان",
    "انتخابات",
    "اقتصاد",
    "سوق",
    "أسعار",
    "نفط",
    "طاقة",
    "كهرباء",
    "مياه",
    "مدينة",
    "عاصمة",
    "قرية",
    "منطقة",
    "حدود",
    "جيش",
    "قوات",
    "معارك",
    "هدنة",
    "سلام",
    "مفاوضات",
    "اتفاق",
    "مؤتمر",
    "قمة",
    "دولة",
    "شعب",
    "مواطن",
    "طالب",
    "جامعة",
    "مدرسة",
    "تعليم",
    "صحة",
    "مستشفى",
    "طبيب",
    "مرض",
    "لقاح",
    "وباء",
    "رياضة",
    "فريق",
    "مباراة",
    "ملعب",
    "لاعب",
    "مدرب",
    "بطولة",
    "كأس",
    "هدف",
    "جمهور",
    "ثقافة",
    "كتاب",
    "معرض",
    "فيلم",
    "مسرح",
    "موسيقى",
    "شاعر",
    "رواية",
    "جائزة",
    "مهرجان",
    "تقنية",
    "هاتف",
    "شركة",
    "مصنع",
    "عمال",
    "رواتب",
    "ضرائب",
    "ميزانية",
    "بنك",
    "قرض",
    "استثمار",
    "تجارة",
    "صادرات",
    "واردات",
    "زراعة",
    "قمح",
    "محصول",
    "مطر",
    "طقس",
    "عاصفة",
    "زلزال",
    "حريق",
    "حادث",
    "طريق",
    "سيارة",
    "قطار",
    "مطار",
    "طائرة",
    "سفينة",
    "ميناء",
    "بحر",
    "نهر",
    "صحراء",
    "طرابلس",
    "برلين",
    "القاهرة",
    "بغداد",
    "دمشق",
    "بيروت",
    "تونس",
    "الرباط",
    "عمان",
    "الرياض",
    "ليبيا",
    "مصر",
    "سوريا",
    "العراق",
    "لبنان",
    "الأردن",
    "المغرب",
    "الجزائر",
    "بريطانيا",
    "ألمانيا",
    "فرنسا",
    "روسيا",
    "الصين",
    "أمريكا",
    "أوروبا",
    "أفريقيا",
    "آسيا",
    "الأمم",
    "المتحدة",
    "حلف",
    "الأطلسي",
    "ناتو",
    "قرار",
    "قانون",
    "دستور",
    "محكمة",
    "قاضي",
    "سجن",
    "شرطة",
    "أمن",
    "مظاهرات",
    "احتجاج",
    "إضراب",
    "نقابة",
    "حزب",
    "معارضة",
    "تحالف",
    "بيان",
    "تصريح",
    "مقابلة",
    "صحيفة",
    "قناة",
    "إذاعة",
    "موقع",
    "تقرير",
    "دراسة",
    "إحصاء",
    "نسبة",
    "مليون",
    "مليار",
    "دولار",
    "يورو",
    "دينار",
    "جنيه",
    "ريال",
    "أسبوع",
    "شهر",
    "سنة",
    "يوم",
    "ساعة",
    "صباح",
    "مساء",
    "ليل",
    "قال",
    "أكد",
    "أعلن",
    "أضاف",
    "أوضح",
    "أشار",
    "دعا",
    "طالب",
    "رفض",
    "وافق",
    "قرر",
    "بدأ",
    "انتهى",
    "استمر",
    "ارتفع",
    "انخفض",
    "تراجع",
];
const FUNCTION_WORDS: &[&str] = &[
    "في", "من", "على", "إلى", "عن", "أن", "التي", "الذي", "مع", "هذا", "هذه", "كان", "قد", "لا", "ما", "بين", "بعد",
    "قبل", "كما", "حيث",
];
const PREFIXES: &[&str] = &["", "", "", "ال", "ال", "و", "وال", "ب", "بال", "ل", "لل", "ف"];
const SUFFIXES: &[&str] = &["", "", "", "", "", "", "ها", "هم", "ه"];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A Zipf-ish index into a list of `n`.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

fn word(rng: &mut Rng) -> String {
    if rng.below(3) == 0 {
        return FUNCTION_WORDS[rng.zipf(FUNCTION_WORDS.len())].to_string();
    }
    let stem = STEMS[rng.zipf(STEMS.len())];
    let bare = stem.starts_with("ال");
    let pre = if bare { "" } else { PREFIXES[rng.below(PREFIXES.len())] };
    let suf = if pre.contains("ال") || bare { "" } else { SUFFIXES[rng.below(SUFFIXES.len())] };
    let stem = if !suf.is_empty() && stem.ends_with('ة') {
        stem.trim_end_matches('ة').to_string() + "ت"
    } else {
        stem.to_string()
    };
    format!("{pre}{stem}{suf}")
}

pub fn corpus(n: usize) -> Vec<Document> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let title: Vec<String> = (0..6 + rng.below(5)).map(|_| word(&mut rng)).collect();
            let len = 150 + rng.below(200);
            let mut body = String::with_capacity(len * 8);
            for k in 0..len {
                body.push_str(&word(&mut rng));
                body.push_str(if k % 17 == 16 { ". " } else { " " });
            }
            Document::new(format!("doc-{i}"), title.join(" "), body)
        })
        .collect()
}

/// Every prefix (from one letter) of words a reader types.
fn keystrokes() -> Vec<String> {
    ["الحكومة", "طرابلس", "والمفاوضات", "بالمستشفى", "ارتفاع", "الأطلسي", "مليار", "حكومتها", "برلين", "الانتخابات"]
        .iter()
        .flat_map(|w| {
            let cs: Vec<char> = w.chars().collect();
            (1..=cs.len()).map(move |k| cs[..k].iter().collect::<String>())
        })
        .collect()
}

/// The index of `corpus(3_000)`, built once for every group.
fn index_3000() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut w = IndexWriter::new();
        for d in corpus(3_000) {
            w.add(d);
        }
        Index::open(w.finish().unwrap()).unwrap()
    })
}

fn bench(c: &mut Criterion) {
    let docs = corpus(3_000);
    let bytes: u64 = docs.iter().map(|d| (d.title.len() + d.body.len()) as u64).sum();
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("3000 articles", |b| {
        b.iter(|| {
            let mut w = IndexWriter::new();
            for d in &docs {
                w.add(d.clone());
            }
            black_box(w.finish().unwrap())
        })
    });
    g.finish();

    let index = index_3000();
    let plain = SearchOptions { excerpts: false, ..SearchOptions::default() };
    let full = SearchOptions::default();
    let keys = keystrokes();
    let mut g = c.benchmark_group("keystroke");
    g.throughput(Throughput::Elements(keys.len() as u64));
    g.bench_function("typing 10 words, ranking only", |b| {
        b.iter(|| {
            for k in &keys {
                black_box(index.search(k, &plain).unwrap());
            }
        })
    });
    g.bench_function("typing 10 words, with excerpts", |b| {
        b.iter(|| {
            for k in &keys {
                black_box(index.search(k, &full).unwrap());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("query");
    for q in ["ا", "ال", "وا", "حكومة", "\"مجلس الأمن\"", "حكومة -برلمان", "ستولتنبرع", "fvgdk"]
    {
        g.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
            b.iter(|| black_box(index.search(q, &plain).unwrap()))
        });
    }
    g.finish();
}

/// Hostile queries: each must stay within a keystroke's budget (see the README's figures).
fn hostile_queries() -> Vec<(&'static str, String)> {
    let long_word = "وباستخداماتهم";
    let cs: Vec<char> = long_word.chars().collect();
    let mut rng = Rng(7);
    let mut words10k = String::new();
    while words10k.chars().count() < 10_000 {
        words10k.push_str(&word(&mut rng));
        words10k.push(' ');
    }
    vec![
        ("10k chars of words", words10k),
        ("10k chars of one letter", "ب".repeat(10_000)),
        ("10k chars of quotes and minus", "\"-".repeat(5_000)),
        ("punctuation only", "!؟،.…«»()[]{}؛:".repeat(50)),
        (
            "diacritics only",
            "\u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}\u{0670}\u{0640}".repeat(100),
        ),
        ("emoji", "😀🇸🇦👍🏽‍🔥".repeat(200)),
        // What a JavaScript string with lone surrogates becomes on its way into Rust.
        ("replacement characters", "\u{FFFD}حكومة\u{FFFD}".repeat(100)),
        (
            "every prefix of a long word",
            (1..=cs.len()).map(|k| cs[..k].iter().collect::<String>()).collect::<Vec<_>>().join(" "),
        ),
    ]
}

fn hostile(c: &mut Criterion) {
    let index = index_3000();
    let full = SearchOptions::default();
    let mut g = c.benchmark_group("hostile");
    g.sample_size(20);
    for (name, q) in hostile_queries() {
        g.bench_with_input(BenchmarkId::from_parameter(name), &q, |b, q| {
            b.iter(|| black_box(index.search(q, &full).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, hostile);
criterion_main!(benches);
