//! Search behaviour on real Arabic: clitics, spelling variants, prefixes, typos, keyboard
//! layouts, phrases, exclusions, ranking and highlighting.

mod common;

use common::{build, build_with, fixture_docs, fixture_index, ids, search};
use fahras::search::Rewrite;
use fahras::{Document, Index, SearchOptions};

#[test]
fn clitics_and_the_article_do_not_matter() {
    let index = fixture_index();
    // 01 has الحكومة, والحكومة, للحكومة, حكومتها; 02 has «حكومة الوفاق».
    for q in ["حكومة", "الحكومة", "والحكومة", "للحكومة", "حكومتها", "بالحكومة"]
    {
        let got = ids(&index, q);
        assert!(got.contains(&"01-hukuma".to_string()), "{q}: {got:?}");
        assert!(got.contains(&"02-tarabulus".to_string()), "{q}: {got:?}");
        assert!(!got.contains(&"05-kura".to_string()), "{q}: {got:?}");
    }
    // Proclitics on other words: «لطرابلس», «بطرابلس» are طرابلس.
    assert_eq!(ids(&index, "طرابلس"), ["02-tarabulus"]);
    assert_eq!(ids(&index, "وطرابلس"), ["02-tarabulus"]);
}

#[test]
fn prefix_finds_the_word_being_typed_without_every_al_word() {
    let index = fixture_index();
    let got = ids(&index, "طرا");
    assert_eq!(got.first().map(String::as_str), Some("02-tarabulus"));
    // Documents full of «ال…» words but without a word starting with «طرا» stay out.
    for other in ["01-hukuma", "05-kura", "06-iqtisad", "07-tashkeel"] {
        assert!(!got.contains(&other.to_string()), "{got:?}");
    }
    // The prefix read without its proclitic: «بطرا» is on its way to «بطرابلس».
    assert_eq!(ids(&index, "بطرا"), ["02-tarabulus"]);
    // A finished word (trailing space) is not a prefix any more.
    assert!(ids(&index, "طرا ").is_empty());
}

#[test]
fn spelling_variants_meet() {
    let index = fixture_index();
    let cases: &[(&str, &str)] = &[
        ("مُؤْتَمَر", "03-berlin"),     // tashkeel in the query
        ("مؤتمر", "07-tashkeel"),   // tashkeel in the text
        ("القاهره", "07-tashkeel"), // ه for ة, text fully vocalized
        ("الدورة", "07-tashkeel"),  // tatweel and shadda in the text
        ("بـرلين", "03-berlin"),    // tatweel in the query
        ("ﺑﺮﻟﻴﻦ", "03-berlin"),     // presentation forms
        ("امين", "04-nato"),        // no hamza: text has الأمين
        ("المتحده", "03-berlin"),   // ه for ة
        ("المانيا", "03-berlin"),   // no hamza: text has ألمانيا
        ("فريق", "08-mixed"),       // Arabic ي: text has Persian فریق
        ("سیواصل", "08-mixed"),     // Persian ی in the query
        ("صندوق", "08-mixed"),      // text has RLM marks around the word
        ("25", "08-mixed"),         // text has Persian digits ۲۵
        ("g20", "08-mixed"),
        ("BERLIN", "08-mixed"),
    ];
    for (q, want) in cases {
        let got = ids(&index, q);
        assert!(got.contains(&want.to_string()), "{q} should find {want}: {got:?}");
    }
}

#[test]
fn arabic_indic_digits_and_grouping() {
    let index = fixture_index();
    // 03 has (2510); 06 has ٢٬٥١٠.
    for q in ["٢٥١٠", "2510", "۲۵۱۰", "2,510"] {
        let mut got = ids(&index, q);
        got.sort();
        assert_eq!(got, ["03-berlin", "06-iqtisad"], "{q}");
    }
}

#[test]
fn whole_words_are_not_over_stripped() {
    let index = fixture_index();
    // No document contains «بنان», «ريطانيا», «اميرون» or «مانيا» as words of their own: the
    // initial letters of لبنان, بريطانيا, كاميرون and ألمانيا are not clitics.
    let literal = SearchOptions { typo: false, ..SearchOptions::default() };
    for q in ["بنان ", "ريطانيا ", "اميرون ", "مانيا "] {
        let r = index.search(q, &literal).unwrap();
        assert_eq!(r.total, 0, "{q}: {:?}", r.hits.iter().map(|h| &h.id).collect::<Vec<_>>());
    }
    assert_eq!(ids(&index, "لبنان"), ["05-kura"]);
    assert_eq!(ids(&index, "كاميرون"), ["05-kura"]);
    let mut b = ids(&index, "بريطانيا");
    b.sort();
    assert_eq!(b, ["03-berlin", "06-iqtisad"]);
    // «الواردات»/«الواردات» are imports, not و + اردات.
    assert_eq!(ids(&index, "واردات"), ["06-iqtisad"]);
}

#[test]
fn wrong_keyboard_layout_both_ways() {
    let index = fixture_index();
    let r = search(&index, "fvgdk");
    assert_eq!(r.rewrite, Rewrite::Keyboard);
    assert_eq!(r.ran_as, "برلين");
    assert_eq!(r.hits[0].id, "03-berlin");
    // Latin typed with the Arabic layout on: «لاثقمهى» is "berlin".
    let r = search(&index, "لاثقمهى");
    assert_eq!(r.rewrite, Rewrite::Keyboard);
    assert_eq!(r.ran_as, "berlin");
    assert_eq!(r.hits[0].id, "08-mixed");
    // A query that matches as typed is not rewritten.
    assert_eq!(search(&index, "برلين").rewrite, Rewrite::None);
}

#[test]
fn typos_including_arabic_letter_substitutions() {
    let index = fixture_index();
    let cases: &[(&str, &str, &str)] = &[
        ("حفطر", "حفتر", "02-tarabulus"),      // ط for ت (look-alike)
        ("ستولتنبرع", "ستولتنبرغ", "04-nato"), // ع for غ (dots)
        ("ستولتنبرق", "ستولتنبرغ", "04-nato"), // arbitrary substitution
        ("ستولتنيرق", "ستولتنبرغ", "04-nato"), // two edits on a long word
        ("السرج", "السراج", "02-tarabulus"),   // deletion
        ("برلبن", "برلين", "03-berlin"),       // ب for ي (one tooth)
        ("بروكسيل", "بروكسل", "04-nato"),      // insertion
    ];
    for (q, fixed, want) in cases {
        let r = search(&index, &format!("{q} "));
        assert_eq!(r.rewrite, Rewrite::Typo, "{q}");
        assert!(r.ran_as.contains(fixed), "{q}: ran as {}", r.ran_as);
        assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some(*want), "{q}");
    }
    // Three-letter words get no typo matching.
    assert!(ids(&index, "حفر ").is_empty());
}

#[test]
fn phrases_need_adjacent_words_in_order() {
    let index = fixture_index();
    assert_eq!(ids(&index, "\"مؤتمر برلين\""), ["03-berlin"]);
    assert_eq!(ids(&index, "«مؤتمر برلين»"), ["03-berlin"]);
    assert!(ids(&index, "\"برلين مؤتمر\"").is_empty());
    // Both words are in 04 («مؤتمر صحفي ببروكسل») only apart: no.
    assert!(ids(&index, "\"مؤتمر ببروكسل\"").is_empty());
    assert_eq!(ids(&index, "\"مؤتمر صحفي\""), ["04-nato"]);
    // Clitics inside a phrase: «لحلف شمال الأطلسي».
    assert_eq!(ids(&index, "\"حلف شمال الأطلسي\""), ["04-nato"]);
}

#[test]
fn exclusions() {
    let index = fixture_index();
    let mut both = ids(&index, "النار");
    both.sort();
    assert_eq!(both, ["02-tarabulus", "03-berlin"]);
    assert_eq!(ids(&index, "النار -حفتر"), ["03-berlin"]);
    assert_eq!(ids(&index, "النار -\"مؤتمر برلين\""), ["02-tarabulus"]);
    assert!(ids(&index, "-حفتر").is_empty(), "exclusion alone selects nothing");
}

fn padded(id: &str, title: &str, word: &str) -> Document {
    let filler = "كتب المراسل تقريرا مطولا عن الأوضاع العامة في البلاد هذا الأسبوع";
    Document::new(id, title, format!("{filler} {word} {filler}"))
}

#[test]
fn exact_surface_ranks_above_stem_and_title_above_body() {
    let docs = vec![
        padded("stem", "خبر أول", "حكومتها"),
        padded("exact", "خبر ثان", "الحكومة"),
        padded("bare", "خبر ثالث", "حكومة"),
        padded("title", "الحكومة تجتمع", "لقاء"),
    ];
    let index = Index::open(build(&docs)).unwrap();
    // A headline match comes first; among body matches, the query's own form.
    let got = ids(&index, "الحكومة ");
    assert_eq!(got[0], "title");
    let body = |q: &str| ids(&index, q).into_iter().filter(|i| i != "title").collect::<Vec<_>>();
    assert_eq!(body("الحكومة ")[0], "exact");
    assert_eq!(body("حكومتها ")[0], "stem");
    assert_eq!(body("حكومة ")[0], "bare");
    assert_eq!(ids(&index, "الحكومة ").len(), 4);
}

#[test]
fn ties_keep_document_order() {
    let docs: Vec<Document> =
        (0..5).map(|i| Document::new(format!("d{i}"), "عنوان", "نص متطابق تماما عن الطقس")).collect();
    let index = Index::open(build(&docs)).unwrap();
    assert_eq!(ids(&index, "الطقس"), ["d0", "d1", "d2", "d3", "d4"]);
}

#[test]
fn paging() {
    let docs: Vec<Document> =
        (0..25).map(|i| Document::new(format!("d{i:02}"), "عنوان", "خبر عن الأمطار الغزيرة")).collect();
    let index = Index::open(build(&docs)).unwrap();
    let page = |offset, limit| {
        let r = index.search("الأمطار", &SearchOptions { offset, limit, ..SearchOptions::default() }).unwrap();
        (r.total, r.hits.into_iter().map(|h| h.id).collect::<Vec<_>>())
    };
    assert_eq!(page(0, 10), (25, (0..10).map(|i| format!("d{i:02}")).collect()));
    assert_eq!(page(20, 10), (25, (20..25).map(|i| format!("d{i:02}")).collect()));
    assert_eq!(page(30, 10), (25, vec![]));
}

#[test]
fn excerpts_highlight_the_original_spelling() {
    let index = fixture_index();
    let r = search(&index, "القاهرة");
    let hit = &r.hits[0];
    assert!(hit.excerpt.contains("<mark>القَاهِرَةِ</mark>"), "{}", hit.excerpt);
    assert!(hit.title_html.contains("<mark>القَاهِرَةِ</mark>"), "{}", hit.title_html);
    let r = search(&index, "حكومة");
    let hit = r.hits.iter().find(|h| h.id == "01-hukuma").unwrap();
    assert!(hit.excerpt.contains("<mark>"), "{}", hit.excerpt);
    // Every marked word is one of the forms of حكومة.
    for m in hit.excerpt.split("<mark>").skip(1) {
        let word = m.split("</mark>").next().unwrap();
        assert!(word.contains("حكوم"), "{word}");
    }
}

#[test]
fn corpus_text_is_escaped() {
    let docs = vec![Document {
        id: "x".into(),
        title: "<script>alert('عنوان')</script> خبر".into(),
        body: "نص <img src=x onerror=\"alert(1)\"> عن الانتخابات & النتائج".into(),
        url: "javascript:alert(1)".into(),
        ..Default::default()
    }];
    let index = Index::open(build(&docs)).unwrap();
    let r = search(&index, "الانتخابات");
    let h = &r.hits[0];
    assert!(
        !h.title_html.contains('<')
            || h.title_html.matches('<').count()
                == h.title_html.matches("<mark>").count() + h.title_html.matches("</mark>").count()
    );
    assert!(h.title_html.contains("&lt;script&gt;"), "{}", h.title_html);
    assert!(h.excerpt.contains("&lt;img") && h.excerpt.contains("&amp;"), "{}", h.excerpt);
    assert!(h.excerpt.contains("<mark>الانتخابات</mark>"));
    // The URL comes back as data; the widget decides what is safe to link.
    assert_eq!(h.url, "javascript:alert(1)");
}

#[test]
fn nothing_found_suggests_close_terms() {
    let index = fixture_index();
    // Two edits from «مستشفيات» on a 6-letter word: too far for typo matching (one edit below 8
    // letters), close enough to suggest.
    let r = search(&index, "مسشفيت ");
    assert_eq!(r.total, 0);
    assert!(r.suggestions.iter().any(|s| s == "مستشفيات"), "{:?}", r.suggestions);
}

#[test]
fn hostile_queries_do_not_break_anything() {
    let index = fixture_index();
    let long_word = "ب".repeat(10_000);
    let long_words = "حكومة ".repeat(2_000);
    let many_quotes = "\"".repeat(500);
    let queries: Vec<&str> = vec![
        "",
        "   ",
        "؟!،؛...",
        "ًٌٍَُِّْ",
        "ـــــ",
        "😀🇱🇾",
        "\u{202E}\u{2066}",
        &long_word,
        &many_quotes,
        "-",
        "- -- ---",
        "\"\"",
        "«",
        "-\"",
        "\u{FFFD}\u{0000}",
    ];
    // None of them has a word the fixtures contain (the 10,000-letter word is longer than any
    // word is read): each must find nothing, and neither fail nor suggest.
    for q in queries {
        let r = index.search(q, &SearchOptions::default()).unwrap();
        let shown: String = q.chars().take(40).collect();
        assert_eq!(
            (r.total, r.hits.len()),
            (0, 0),
            "{shown:?}… found {:?}",
            r.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
        );
    }
    // Every prefix of a long word, as it is typed.
    let word: Vec<char> = "والمستشفيات".chars().collect();
    for k in 1..=word.len() {
        let q: String = word[..k].iter().collect();
        index.search(&q, &SearchOptions::default()).unwrap();
    }
    assert_eq!(search(&index, &long_words).total, 2, "a long query still means its words");
}

#[test]
fn the_same_documents_give_the_same_bytes() {
    let docs = fixture_docs();
    let a = build(&docs);
    let b = build(&docs);
    assert_eq!(a, b);
}

#[test]
fn a_rare_word_with_an_undecided_proclitic_is_found_both_ways() {
    // The corpus says nothing about «بروكسل» on its own: «ببروكسل» is also indexed as «بروكسل».
    let docs = vec![
        Document::new("a", "اجتماع وزاري", "عقد الوزراء اجتماعا ببروكسل لبحث الميزانية"),
        Document::new("b", "خبر آخر", "زار الوفد مدينة أخرى وعاد مساء"),
    ];
    let index = Index::open(build(&docs)).unwrap();
    assert_eq!(ids(&index, "بروكسل "), ["a"]);
    assert_eq!(ids(&index, "ببروكسل "), ["a"]);
    // A frequent word is its own evidence: no hedge, so «ريطانيا» is not a stem here.
    let docs: Vec<Document> =
        (0..3).map(|i| Document::new(format!("d{i}"), "تقرير", "وصل الوزير إلى بريطانيا في زيارة رسمية")).collect();
    let index = Index::open(build(&docs)).unwrap();
    let literal = SearchOptions { typo: false, ..SearchOptions::default() };
    assert_eq!(index.search("ريطانيا ", &literal).unwrap().total, 0);
}

#[test]
fn a_one_article_corpus_still_completes_prefixes() {
    let docs = vec![Document::new("only", "زيارة", "وصل الوفد إلى طرابلس صباح اليوم")];
    let index = Index::open(build(&docs)).unwrap();
    assert_eq!(ids(&index, "طرا"), ["only"]);
    assert_eq!(ids(&index, "ط"), ["only"]);
}

#[test]
fn phrases_across_words_that_keep_no_positions() {
    use fahras::index::WriterOptions;
    // «في» is in every document: with these options it keeps no positions, the others do.
    let docs = vec![
        Document::new("a", "خبر", "وصل وزير الخارجية في زيارة إلى ليبيا"),
        Document::new("b", "خبر", "قال وزير في الحكومة إن الخارجية ستعلن في ليبيا"),
        Document::new("c", "خبر", "في الصباح اجتمع وزير الخارجية في مقر الوزارة"),
        Document::new("d", "طقس", "أمطار في الشمال"),
        Document::new("e", "طقس", "رياح في الجنوب"),
        Document::new("f", "طقس", "غيوم في الوسط"),
    ];
    let opts = WriterOptions { positions_max_share: 0.5, positions_min_df: 0, ..WriterOptions::default() };
    let index = Index::open(build_with(&docs, opts)).unwrap();
    // The word without positions stands at its place; the others are checked.
    let mut got = ids(&index, "\"وزير الخارجية في\"");
    got.sort();
    assert_eq!(got, ["a", "c"]);
    assert_eq!(ids(&index, "\"في زيارة\""), ["a"]);
    assert!(ids(&index, "\"الخارجية وزير\"").is_empty());
    // Two words with positions check the phrase; one alone checks no neighbour, and says so.
    assert_eq!(search(&index, "\"وزير الخارجية في\"").rewrite, Rewrite::None);
    assert_eq!(search(&index, "\"في زيارة\"").rewrite, Rewrite::Phrase);
}

#[test]
fn a_phrase_that_cannot_be_checked_says_so() {
    use fahras::index::WriterOptions;
    // «وزير» and «الخارجية» are in more than half the documents: with these options neither
    // keeps positions, so «"وزير الخارجية"» cannot be told from the two words anywhere.
    let docs = vec![
        Document::new("a", "خبر", "وصل وزير الخارجية إلى ليبيا في زيارة رسمية"),
        Document::new("b", "خبر", "قال وزير الداخلية إن الخارجية ستعلن موقفها"),
        Document::new("c", "خبر", "استقبل وزير الخارجية نظيره في العاصمة"),
        Document::new("d", "خبر", "الخارجية تستدعي السفير ووزير الدفاع يصل"),
        Document::new("e", "طقس", "أمطار غزيرة في الشمال"),
    ];
    let cap = |share| {
        let opts = WriterOptions { positions_max_share: share, positions_min_df: 0, ..WriterOptions::default() };
        Index::open(build_with(&docs, opts)).unwrap()
    };
    let capped = cap(0.5);
    let q = "\"وزير الخارجية\" ليبيا";
    let r = search(&capped, q);
    assert_eq!(r.rewrite, Rewrite::Phrase);
    assert_eq!(r.ran_as, q);
    // The results are those of the words, and say so: the same as the query without quotes.
    assert_eq!(ids(&capped, q), ids(&capped, "وزير الخارجية ليبيا"));
    let mut got = ids(&capped, "«وزير الخارجية»");
    got.sort();
    assert_eq!(got, ["a", "b", "c", "d"]);
    // The same corpus with every position kept: checked, and «b», «d» are out.
    let all = cap(1.0);
    let r = search(&all, "«وزير الخارجية»");
    assert_eq!(r.rewrite, Rewrite::None);
    let mut got = ids(&all, "«وزير الخارجية»");
    got.sort();
    assert_eq!(got, ["a", "c"]);
    // A phrase still being typed (no closing quote) says so too.
    assert_eq!(search(&capped, "\"وزير الخا").rewrite, Rewrite::Phrase);
    // One word in quotes is no phrase to check.
    assert_eq!(search(&capped, "\"وزير\"").rewrite, Rewrite::None);
}

#[test]
fn a_word_in_most_articles_is_still_completed_while_typed() {
    // 1,500 articles, «الحكومة» in 1,200 of them (over a fifth of the site and over 1,000
    // articles: a word of that weight is skipped after one or two letters, not after three).
    let topics = ["الزراعة", "المدارس", "الطرق", "المستشفيات", "الموانئ"];
    let docs: Vec<Document> = (0..1500)
        .map(|i| {
            let topic = topics[i % topics.len()];
            let body = if i % 5 == 4 {
                format!("تقرير رقم {i} عن {topic} في المدن الساحلية")
            } else {
                format!("ناقشت الحكومة في جلستها رقم {i} ملف {topic} وأقرت خطة جديدة")
            };
            Document::new(format!("a{i}"), format!("خبر {topic}"), body)
        })
        .collect();
    let index = Index::open(build(&docs)).unwrap();
    let full = search(&index, "الحكومة");
    assert_eq!(full.total, 1200);
    for typed in ["الحك", "الحكو", "الحكوم", "حكو"] {
        let r = search(&index, typed);
        assert_eq!(r.rewrite, fahras::search::Rewrite::None, "«{typed}» ran as «{}»", r.ran_as);
        assert_eq!(r.total, 1200, "«{typed}»");
        assert!(r.hits[0].excerpt.contains("<mark>الحكومة</mark>"), "{}", r.hits[0].excerpt);
    }
    // One letter whose only completion is in every article («في»): that one, not nothing.
    let r = search(&index, "ف");
    assert_eq!(r.total, 1500);
    assert!(r.hits[0].excerpt.contains("<mark>في</mark>"), "{}", r.hits[0].excerpt);
}

/// Filler articles on other subjects (text written for these tests), so that document
/// frequencies mean something: `n` articles, each a different mix of the sentences.
fn other_news(n: usize) -> Vec<Document> {
    let sentences = [
        "افتتح وزير التعليم مدرسة جديدة في الريف الشمالي بحضور الأهالي",
        "ارتفعت أسعار الخضر في الأسواق المحلية مع بداية فصل الشتاء",
        "فاز الفريق المحلي على ضيفه بهدفين نظيفين في مباراة مثيرة",
        "أعلنت الشركة عن نتائجها المالية للربع الثالث من العام",
        "تتواصل الأمطار الغزيرة على المناطق الساحلية حتى نهاية الأسبوع",
        "نظمت الجمعية معرضا للكتاب بمشاركة دور نشر عربية وأجنبية",
        "أكد المدير أن المستشفى سيستقبل المرضى في قسمه الجديد قريبا",
        "وقع البلدان اتفاقية للتعاون في مجال الطاقة المتجددة",
    ];
    let titles = ["أخبار محلية", "الطقس اليوم", "نتائج المباريات", "اقتصاد وأعمال", "ثقافة وفنون"];
    (0..n)
        .map(|i| {
            let body: Vec<&str> = (0..4).map(|k| sentences[(i * 3 + k * 5) % sentences.len()]).collect();
            Document::new(format!("o{i:03}"), format!("{} {i}", titles[i % titles.len()]), body.join(". "))
        })
        .collect()
}

/// Issue 11: «فويس» read as ف + «ويس» completes to «ويست»; a rare completion of that reading
/// ranked a headline about Kanye West above the headlines that hold «فويس» itself.
#[test]
fn the_exact_word_ranks_above_a_completion_of_a_stripped_reading() {
    let mut docs = other_news(200);
    for (i, title) in [
        "متسابقة من تونس تتأهل في برنامج ذا فويس",
        "لجنة ذا فويس تختار أصوات الموسم الجديد",
        "نجم ذا فويس يطلق أغنيته الأولى",
        "جمهور فويس كيدز يصوت للطفلة الفائزة",
        "حلقة نارية من ذا فويس الليلة",
        "مدرب في فويس يغادر البرنامج",
        "ذا فويس يعود في الخريف",
        "مواهب عربية في ذا فويس",
        "فويس يستقبل ضيوفا من المغرب",
        "منتج فويس يعد بمفاجآت",
        "فويس في نسخته الخامسة",
        "ليلة الختام في فويس",
    ]
    .iter()
    .enumerate()
    {
        let body = "تابع المشاهدون حلقة جديدة من البرنامج الغنائي الذي يبحث عن أجمل الأصوات في العالم العربي، \
                    وقدم المتسابقون أغاني من التراث ومن الطرب الحديث أمام لجنة التحكيم";
        docs.insert(i * 15, Document::new(format!("voice{i}"), *title, body));
    }
    docs.insert(100, Document::new("west", "كاني ويست يغرد", "كتب ويست تغريدة قصيرة"));
    let index = Index::open(build(&docs)).unwrap();
    for q in ["فويس", "فويس "] {
        let got = ids(&index, q);
        let west = got.iter().position(|i| i == "west");
        let voices = got.iter().filter(|i| i.starts_with("voice")).count();
        assert_eq!(voices, 12, "«{q}»: {got:?}");
        assert!(west.is_none_or(|w| w >= 12), "«{q}»: the headline with «ويست» ranks {west:?}: {got:?}");
    }
}

/// Issue 11: while «طرا» is typed, its popular completion («طرابلس», in five times as many
/// articles) must rank above a rare one («طراز»), even where the rare one is in a headline: the
/// rare word's higher idf and the title boost must not win it back.
#[test]
fn a_popular_completion_ranks_above_a_rare_one() {
    let mut docs = other_news(200);
    for i in 0..15 {
        let body =
            format!("عقد المجلس البلدي في طرابلس اجتماعا ناقش فيه أوضاع الأحياء القديمة والخدمات العامة للسكان رقم {i}");
        docs.insert(i * 12 + 1, Document::new(format!("tripoli{i:02}"), format!("أخبار العاصمة {i}"), body));
    }
    for (i, title) in ["سيارة من طراز جديد", "طائرة من طراز قديم", "هاتف من طراز فاخر"].iter().enumerate()
    {
        let body = "عرضت الشركة منتجها في معرض دولي وقالت إنه سيباع في الأسواق قريبا";
        docs.insert(i * 50 + 7, Document::new(format!("style{i}"), *title, body));
    }
    let index = Index::open(build(&docs)).unwrap();
    for q in ["طرا", "طراب"] {
        let got = ids(&index, q);
        assert_eq!(got.iter().filter(|i| i.starts_with("tripoli")).count(), 15, "«{q}»: {got:?}");
        let first_style = got.iter().position(|i| i.starts_with("style")).unwrap_or(usize::MAX);
        assert!(first_style >= 15, "«{q}»: a headline with «طراز» ranks {first_style}: {got:?}");
    }
}

/// Issue 11: a reader remembers a story by words of its headline. The headline that holds every
/// word of the query ranks above articles that hold them more often, in a shorter text, with
/// one of them in the headline.
#[test]
fn a_headline_with_every_word_ranks_first() {
    let mut docs = other_news(40);
    let filler = "وقالت مصادر مطلعة إن المفاوضات ستستأنف الأسبوع المقبل بحضور ممثلين عن الأطراف المعنية";
    docs.push(Document::new("both", "إضراب عمال الموانئ", format!("{filler} {filler} {filler}")));
    docs.push(Document::new("one", "إضراب جديد", "الموانئ الموانئ إضراب إضراب"));
    docs.push(Document::new("body", "خبر اقتصادي", "إضراب في الموانئ إضراب في الموانئ"));
    let index = Index::open(build(&docs)).unwrap();
    for q in ["اضراب الموانئ", "إضراب موان"] {
        let got = ids(&index, q);
        assert_eq!(got.len(), 3, "«{q}»: {got:?}");
        assert_eq!(got[0], "both", "«{q}»: {got:?}");
    }
}

/// Issue 11: a word also finds its other inflections (a class below the stem), and while it is
/// typed they rank above its other completions; words that merely end like an inflection stay
/// whole.
#[test]
fn inflections_are_found_and_rank_above_other_completions() {
    let mut docs = other_news(120);
    let war = |i: usize| {
        Document::new(
            format!("war{i:02}"),
            format!("تقرير رقم {i}"),
            format!("تحدث المؤرخ عن الحرب وآثارها على المدن في محاضرته رقم {i}"),
        )
    };
    for i in 0..20 {
        docs.insert(i * 5 + 2, war(i));
    }
    docs.push(Document::new("dual1", "ندوة تاريخية", "ناقشت الندوة آثار الحربين العالميتين على أوروبا"));
    docs.push(Document::new("dual2", "كتاب جديد", "يروي الكتاب قصة الحربان العالميتان كما عاشهما الناس"));
    for i in 0..4 {
        let body = format!("استعرض الجيش طائرات حربية جديدة في العرض رقم {i}");
        docs.push(Document::new(format!("military{i}"), format!("عرض عسكري {i}"), body));
    }
    for i in 0..6 {
        docs.push(Document::new(format!("lebanon{i}"), format!("زيارة {i}"), "زار الوفد لبنان ثم عاد بعد أسبوع"));
    }
    docs.push(Document::new("milk", "منتجات الألبان", "ارتفع سعر اللبن في الأسواق"));
    docs.push(Document::new("sons", "عائلة", "ذهب الأب إلى المدرسة لبنين صغار"));
    let index = Index::open(build(&docs)).unwrap();
    // A complete word finds its dual, not the adjective that starts like it.
    let complete = ids(&index, "حرب ");
    assert!(complete.contains(&"dual1".into()) && complete.contains(&"dual2".into()), "{complete:?}");
    assert!(!complete.iter().any(|i| i.starts_with("military")), "{complete:?}");
    assert!(complete[..20].iter().all(|i| i.starts_with("war")), "the word as typed first: {complete:?}");
    // Typed without a space, «حربية» comes along as a completion, below the inflections.
    let typed = ids(&index, "حرب");
    let last_dual = typed.iter().rposition(|i| i.starts_with("dual")).unwrap();
    let first_military = typed.iter().position(|i| i.starts_with("military")).unwrap();
    assert!(last_dual < first_military, "{typed:?}");
    // «لبنان» (in more articles than «لبن») is not «لبن» + ان, and «لبن» does not find it.
    assert!(ids(&index, "لبنان ").iter().all(|i| i.starts_with("lebanon")), "{:?}", ids(&index, "لبنان "));
    assert_eq!(ids(&index, "لبن "), ["milk"]);
}
