use super::elements::*;
use super::*;

fn body(html: &str) -> String {
    extract(html).body
}

#[test]
fn known_tag_ids_match_the_table() {
    let fixed = [
        (T_HTML, "html"),
        (T_HEAD, "head"),
        (T_BODY, "body"),
        (T_MAIN, "main"),
        (T_ARTICLE, "article"),
        (T_TITLE, "title"),
        (T_META, "meta"),
        (T_TIME, "time"),
        (T_TEXTAREA, "textarea"),
        (T_XMP, "xmp"),
        (T_H1, "h1"),
        (T_FORM, "form"),
        (T_BUTTON, "button"),
        (T_TD, "td"),
        (T_TH, "th"),
        (T_TR, "tr"),
    ];
    for (id, name) in fixed {
        assert_eq!(KNOWN[id as usize].0, name);
    }
    for (i, id) in T_HEADINGS.iter().enumerate() {
        assert_eq!(KNOWN[*id as usize].0, format!("h{}", i + 1));
    }
    for (id, name) in T_ROW_GROUPS.iter().zip(["tbody", "thead", "tfoot"]) {
        assert_eq!(KNOWN[*id as usize].0, name);
    }
    let mut names: Vec<_> = KNOWN.iter().map(|k| k.0).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), KNOWN.len(), "duplicate tag in KNOWN");
}

#[test]
fn doc_example_holds() {
    let doc = extract("<title>خبر</title><main><p>عقدت <b>الحكو</b>مة اجتماعها</p></main>");
    assert_eq!(doc.title, "خبر");
    assert_eq!(doc.body, "عقدت الحكومة اجتماعها");
}

// ---- title ---------------------------------------------------------------------------

#[test]
fn title_comes_from_the_title_element_without_h1() {
    let doc = extract(
        "<html><head><title>\n  أخبار   الطقس &amp; البحر \n</title></head>\
         <body><h2>عنوان فرعي</h2><p>نص</p></body></html>",
    );
    assert_eq!(doc.title, "أخبار الطقس & البحر");
    assert_eq!(doc.body, "عنوان فرعي\nنص");
}

/// A news article as Hugo writes it: the site's name in `<title>` and in the site's header.
const HUGO_ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>ارتفاع منسوب نهر العاصي بعد الأمطار | صحيفة الضفاف</title>
<meta property="og:title" content="ارتفاع منسوب نهر العاصي بعد الأمطار">
<meta property="og:type" content="article">
<meta property="article:section" content="محليات">
<meta property="article:tag" content="طقس"><meta property="article:tag" content="أنهار">
<meta property="article:tag" content="محليات">
<meta property="article:published_time" content="2025-02-11T09:30:00+03:00">
</head><body>
<header class="site"><h1><a href="/">صحيفة الضفاف</a></h1><nav><a href="/local/">محليات</a></nav></header>
<main><article>
<header><h1>ارتفاع منسوب <em>نهر العاصي</em> بعد الأمطار</h1>
<p class="byline">بقلم <span data-fahras-meta="author">ليلى   حدّاد</span></p>
<img src="/img/asi.jpg" alt="النهر عند الجسر القديم" data-fahras-meta="image[src], caption[alt]"></header>
<p>ارتفع منسوب نهر العاصي خلال الليل بعد يومين من الأمطار الغزيرة.</p>
<p>وطمأنت البلدية السكان بأن <b>الجسر القديم</b> لا يزال آمنا.</p>
<footer>الوسوم: <a data-fahras-filter="وسم" href="/tags/rain/">أمطار</a>، <a data-fahras-filter="وسم" href="/tags/asi/">العاصي</a></footer>
</article></main>
<footer class="site">جميع الحقوق محفوظة</footer>
</body></html>"#;

#[test]
fn title_prefers_og_title_then_the_h1_of_the_region_then_title() {
    let doc = extract(HUGO_ARTICLE);
    assert_eq!(doc.title, "ارتفاع منسوب نهر العاصي بعد الأمطار");
    // Without og:title: the article's own headline, in its <header>, not the site's name.
    let no_og = HUGO_ARTICLE.replace("og:title", "og:ignored");
    assert_eq!(extract(&no_og).title, "ارتفاع منسوب نهر العاصي بعد الأمطار");
    // Without either: the <title>, site name and all.
    let neither = no_og.replace("<h1>ارتفاع", "<h2>ارتفاع").replace("الأمطار</h1>", "الأمطار</h2>");
    assert_eq!(extract(&neither).title, "ارتفاع منسوب نهر العاصي بعد الأمطار | صحيفة الضفاف");
}

#[test]
fn an_h1_in_the_site_header_is_not_the_title() {
    let html = "<html><head><title>افتتاح المكتبة | مدونة حيّ الزيتون</title></head><body>\
                <header><h1>مدونة حيّ الزيتون</h1></header><p>افتتحت المكتبة العامة أبوابها.</p></body></html>";
    assert_eq!(extract(html).title, "افتتاح المكتبة | مدونة حيّ الزيتون");
    // An <h1> outside the chosen region is not its headline either.
    let html = "<title>ت</title><body><h1>اسم الموقع</h1><main><h2>خبر</h2><p>نص</p></main>";
    assert_eq!(extract(html).title, "ت");
    // In the body region, outside skipped content, it is.
    let html = "<title>ت</title><body><nav><h1>قائمة</h1></nav><h1>افتتاح المكتبة</h1><h1>ثان</h1></body>";
    assert_eq!(extract(html).title, "افتتاح المكتبة");
}

#[test]
fn the_h1_of_a_marked_body_region() {
    let html = "<title>ت</title><body><main><h1>عنوان الصفحة</h1></main>\
                <form><div data-fahras-body><header><h1>عنوان المقال</h1></header><p>المتن</p></div></form></body>";
    let doc = extract(html);
    assert_eq!(doc.title, "عنوان المقال");
    assert_eq!(doc.body, "المتن");
    assert!(doc.marked_body);
}

#[test]
fn a_declared_title_wins() {
    let html = "<title>ت | موقع</title><meta property=og:title content=\"عنوان اجتماعي\">\
                <main><h1>عنوان <span data-fahras-meta=\"title\">مختصر</span></h1></main>";
    let doc = extract(html);
    assert_eq!(doc.title, "مختصر");
    assert!(doc.meta.is_empty());
    assert_eq!(extract("<main data-fahras-meta='title:عنوان مكتوب'><h1>عنوان</h1></main>").title, "عنوان مكتوب");
}

#[test]
fn title_content_is_raw_text_and_never_body_text() {
    let doc = extract("<body><title>سعر <b>الذهب</b> &lt;اليوم&gt;</title><p>نص</p></body>");
    assert_eq!(doc.title, "سعر <b>الذهب</b> <اليوم>");
    assert_eq!(doc.body, "نص");
}

#[test]
fn first_title_wins() {
    assert_eq!(extract("<title>الأول</title><title>الثاني</title>").title, "الأول");
}

#[test]
fn title_falls_back_to_the_first_h1() {
    let doc = extract(
        "<body><p>مقدمة</p><h1 class=x> افتتاح <em>المعرض</em>&nbsp;الدولي<br>للكتاب <button>شارك</button></h1>\
         <h1>عنوان ثان</h1></body>",
    );
    assert_eq!(doc.title, "افتتاح المعرض الدولي للكتاب");
}

#[test]
fn empty_title_falls_back_to_h1() {
    assert_eq!(extract("<title>  </title><h1>الخبر</h1>").title, "الخبر");
}

#[test]
fn svg_title_is_not_the_page_title() {
    let doc = extract("<body><svg><title>تويتر</title><path d='M0'/></svg><h1>الخبر الرئيس</h1></body>");
    assert_eq!(doc.title, "الخبر الرئيس");
    assert_eq!(doc.body, "الخبر الرئيس");
}

#[test]
fn unclosed_h1_is_closed_by_the_next_heading() {
    let doc = extract("<h1>الانتخابات<h1><p>نص الخبر</p>");
    assert_eq!(doc.title, "الانتخابات");
    let doc = extract("<h1>الانتخابات</h2><p>نص الخبر</p>");
    assert_eq!(doc.title, "الانتخابات");
}

#[test]
fn no_title_and_no_h1_gives_empty_title() {
    assert_eq!(extract("<p>نص فقط</p>").title, "");
}

// ---- regions -------------------------------------------------------------------------

#[test]
fn data_fahras_body_region() {
    let doc = extract(
        "<body><p>خارج</p><main><p>رئيسي</p><div data-fahras-body><p>المتن الأول</p></div></main>\
         <p>فاصل</p><section DATA-FAHRAS-BODY=''><p>المتن الثاني</p></section><p>بعد</p></body>",
    );
    assert_eq!(doc.body, "المتن الأول\nالمتن الثاني");
}

#[test]
fn inline_data_fahras_body_regions_do_not_share_a_line() {
    assert_eq!(body("<p><span data-fahras-body>جزء</span><span data-fahras-body>آخر</span></p>"), "جزء\nآخر");
}

#[test]
fn nested_data_fahras_body_is_not_duplicated() {
    assert_eq!(body("<div data-fahras-body>أ<div data-fahras-body>ب</div>ج</div>"), "أ\nب\nج");
}

#[test]
fn data_fahras_body_on_a_skipped_tag_is_indexed() {
    assert_eq!(body("<p>خارج</p><aside data-fahras-body><p>داخل</p></aside>"), "داخل");
}

#[test]
fn data_fahras_body_inside_skipped_content_counts() {
    let html = "<body><form><nav>قائمة</nav><div data-fahras-body><p>المتن</p><aside>جانبي</aside>\
                <time datetime=2024-05-05>أمس</time></div><button>إرسال</button></form><main>رئيسي</main></body>";
    let doc = extract(html);
    assert_eq!(doc.body, "المتن\nأمس");
    assert_eq!(doc.date, "2024-05-05");
    // Without the marker a <main> inside the <form> is skipped content like the rest of it.
    assert_eq!(body("<body><p>أ</p><form><main>ب</main></form></body>"), "أ");
}

#[test]
fn data_fahras_body_inside_ignored_content_does_not_count() {
    let doc = extract("<body><div data-fahras-ignore><p data-fahras-body>مخفي</p></div><main>ظاهر</main></body>");
    assert_eq!(doc.body, "ظاهر");
}

#[test]
fn first_main_region() {
    let doc =
        extract("<body><p>قبل</p><article>مقال</article><main><p>الأول</p></main><main><p>الثاني</p></main></body>");
    assert_eq!(doc.body, "الأول");
}

#[test]
fn first_article_region_without_main() {
    let doc = extract("<body><p>قبل</p><article><p>المقال الأول</p></article><article>الثاني</article></body>");
    assert_eq!(doc.body, "المقال الأول");
}

#[test]
fn article_inside_skipped_content_is_not_the_region() {
    let doc = extract("<body><aside><article>خبر ذو صلة</article></aside><article><p>المقال</p></article></body>");
    assert_eq!(doc.body, "المقال");
}

#[test]
fn body_region_fallback() {
    let doc = extract(
        "<html><head><title>ع</title><style>p{}</style></head>\
         <body><p>فقرة أولى</p><div>فقرة ثانية</div></body></html>",
    );
    assert_eq!(doc.body, "فقرة أولى\nفقرة ثانية");
}

#[test]
fn text_after_closing_body_stays_in_body() {
    assert_eq!(body("<body><p>أ</p></body>ب</html>ج"), "أ\nبج");
}

#[test]
fn whole_document_fallback() {
    assert_eq!(body("نص حر <p>وفقرة</p> وخاتمة"), "نص حر\nوفقرة\nوخاتمة");
}

// ---- skipping ------------------------------------------------------------------------

#[test]
fn every_skipped_element_is_skipped() {
    let skipped = [
        "script", "style", "nav", "header", "footer", "template", "noscript", "svg", "iframe", "form", "button",
        "select", "aside",
    ];
    for tag in skipped {
        let html = format!("<body><p>قبل</p><{tag} class=\"x\"><p>محذوف</p><span>كذلك</span></{tag}><p>بعد</p></body>");
        assert_eq!(body(&html), "قبل\nبعد", "<{tag}>");
        let upper = tag.to_ascii_uppercase();
        let html = format!("<body>قبل<{upper}>محذوف</{upper}>بعد</body>");
        let block = matches!(tag, "nav" | "header" | "footer" | "form" | "aside");
        assert_eq!(body(&html), if block { "قبل\nبعد" } else { "قبل بعد" }, "<{upper}>");
    }
}

#[test]
fn skipped_inline_elements_separate_words() {
    assert_eq!(body("<p>كلمة<button>زر</button>أخرى</p>"), "كلمة أخرى");
    assert_eq!(body("<p>كلمة<script>x()</script>أخرى</p>"), "كلمة أخرى");
}

#[test]
fn nested_skipped_elements_end_at_the_right_place() {
    let html = "<body><nav><ul><li><nav>داخلي</nav></li><li>قائمة</li></ul></nav><p>المتن</p></body>";
    assert_eq!(body(html), "المتن");
    let html = "<body><aside><div><div>أ</div>ب</div>ج</aside><p>المتن</p></body>";
    assert_eq!(body(html), "المتن");
}

#[test]
fn data_fahras_ignore_skips_everything_nested() {
    let html = "<main><p>أول</p><div data-fahras-ignore><div><p>إعلان</p><div>داخل</div>ممول</div>نهاية الإعلان</div>\
                <p>ثان</p><span data-fahras-ignore=\"1\">رقم<b>١</b></span>ثالث</main>";
    assert_eq!(body(html), "أول\nثان\nثالث");
}

#[test]
fn ignore_wins_over_body_marker() {
    assert_eq!(body("<body><div data-fahras-body data-fahras-ignore>أ</div><p>ب</p></body>"), "ب");
}

#[test]
fn inline_end_tag_does_not_escape_a_block() {
    // `</span>` cannot close the ignored <div> (HTML5 "special" barrier), `</div>` does.
    assert_eq!(body("<body><span>أ<div data-fahras-ignore>إعلان</span>مخفي</div>ب</span></body>"), "أ\nب");
}

#[test]
fn table_cells_close_skipped_content() {
    let html = "<body><table><tr><td><form>بحث<td>خلية<tr><td>صف</table>بعد</body>";
    assert_eq!(body(html), "خلية\nصف\nبعد");
}

#[test]
fn self_closing_element_does_not_swallow_the_page() {
    assert_eq!(body("<body><div data-fahras-ignore/><p>نص</p><iframe src=x /><p>تتمة</p></body>"), "نص\nتتمة");
}

#[test]
fn nested_form_start_tag_is_ignored() {
    assert_eq!(body("<body><form>أ<form>ب</form>ج</form>د</body>"), "ج\nد");
}

// ---- layout --------------------------------------------------------------------------

#[test]
fn inline_elements_do_not_break_words() {
    let html = "<p><b>حكو</b>مة <a href=/x>ال<span>و</span><i>ح</i><em>د</em><strong>ة</strong></a> \
                <mark>ا</mark><abbr>ل</abbr><small>و</small><sup>ط</sup><sub>ن</sub><my-el>ية</my-el></p>";
    assert_eq!(body(html), "حكومة الوحدة الوطنية");
}

#[test]
fn block_elements_separate_lines() {
    let html = "<div>أ<p>ب</p>ج<br>د<br/>ه<ul><li>و<li>ز</ul><h2>ح</h2><table><tr><td>ط<td>ي</tr></table>\
                <blockquote>ك</blockquote><pre>ل</pre><hr>م<dl><dt>ن<dd>س</dl><figure><figcaption>ع</figcaption></figure>\
                <section>ف</section><address>ص</address><details><summary>ق</summary>ر</details></div>";
    assert_eq!(body(html), "أ\nب\nج\nد\nه\nو\nز\nح\nط\nي\nك\nل\nم\nن\nس\nع\nف\nص\nق\nر");
}

#[test]
fn whitespace_is_collapsed_and_blank_lines_dropped() {
    let html = "<body>\n\n   <p>  كلمة \t\r\n  أخرى\u{00A0}\u{3000}ثالثة  </p>\n\n<p> </p><div><div></div></div>  <p>&nbsp;</p>\n<p>أخيرة </p>\n</body>";
    assert_eq!(body(html), "كلمة أخرى ثالثة\nأخيرة");
}

#[test]
fn image_alt_is_not_indexed() {
    assert_eq!(body("<p>حكو<img alt=\"صورة الوزير\" src=a.jpg>م<wbr>ية</p>"), "حكومية");
}

#[test]
fn textarea_and_xmp_are_raw_text() {
    assert_eq!(body("<p>أ</p><textarea><b>نص</b> &amp; </textarea>"), "أ\n<b>نص</b> &");
    assert_eq!(body("<xmp><i>مثال</i> &amp;</xmp>"), "<i>مثال</i> &amp;");
}

// ---- references ----------------------------------------------------------------------

#[test]
fn named_references() {
    let html = "<p>&amp; &lt; &gt; &quot; &apos; a&nbsp;b &hellip; &rlm;&lrm;&zwnj; &laquo;x&raquo; &mdash; &CounterClockwiseContourIntegral; &NotNestedGreaterGreater;</p>";
    assert_eq!(body(html), "& < > \" ' a b … \u{200F}\u{200E}\u{200C} «x» — \u{2233} \u{2AA2}\u{0338}");
}

#[test]
fn numeric_references() {
    assert_eq!(body("<p>&#1575;&#1604;&#x639;&#X62F;&#x644;</p>"), "العدل");
    assert_eq!(body("<p>&#1575&#x644 x</p>"), "ال x");
    assert_eq!(body("<p>&#0; &#xD800; &#x110000; &#99999999999999999999;</p>"), "\u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD}");
    assert_eq!(body("<p>&#150;&#x80;&#129;</p>"), "\u{2013}\u{20AC}\u{81}");
}

#[test]
fn invalid_references_stay_as_written() {
    let html = "<p>&unknownname; & x &; &#; &#x; &#xZZ; &amp &copy2 &&amp; AT&T &ا; &#-1;</p>";
    assert_eq!(body(html), "&unknownname; & x &; &#; &#x; &#xZZ; &amp &copy2 && AT&T &ا; &#-1;");
    let long = format!("<p>&{};</p>", "a".repeat(40));
    assert_eq!(body(&long), format!("&{};", "a".repeat(40)));
}

#[test]
fn references_in_attributes() {
    let doc = extract(
        "<meta property='article:section' content='&#1575;&#1604;&#x631;&#x64A;&#x627;&#x636;&#x629; &amp; &laquo;&#x645;&#x627;&#x644;&raquo;'>",
    );
    assert_eq!(doc.categories, ["الرياضة & «مال»"]);
}

// ---- raw text, comments, declarations ------------------------------------------------

#[test]
fn script_content_is_not_parsed() {
    let html = "<body><p>أ</p><script>if (a < b && c<d) { x = \"</div><p>سيئ</p>\"; y = '</scr' + 'ipt>'; }\
                </script ><p>ب</p><SCRIPT type=x>z = '<!-- </div>';</SCRIPT><p>ج</p>\
                <style>p > a { content: \"</style\" } </style>د</body>";
    assert_eq!(body(html), "أ\nب\nج\nد");
}

#[test]
fn script_end_tag_needs_a_delimiter() {
    assert_eq!(body("<script>a = '</scriptx>'; b = '</script' </script>نص"), "نص");
}

#[test]
fn unterminated_script_skips_the_rest() {
    assert_eq!(body("<body><p>أ</p><script>var s = '<p>ب</p>';"), "أ");
    assert_eq!(body("<body><p>أ</p><style>p{}</STYLE"), "أ");
}

#[test]
fn comments_and_declarations_are_skipped() {
    let html = "<!DOCTYPE html><?xml version=\"1.0\"?><body><!-- تعليق <p>لا</p> -->أ<!---->ب<!-->ج<!--->د\
                <![CDATA[ مخفي > حقا ]]>ه<!--x--!>و<!doctype bogus>ز</ 3>ح</>ط</body>";
    assert_eq!(body(html), "أبجدهوزحط");
}

#[test]
fn unterminated_comment_skips_the_rest() {
    assert_eq!(body("<body><p>أ</p><!-- <p>ب</p> -- >"), "أ");
    assert_eq!(body("<body><p>أ</p><![CDATA[ ب"), "أ");
    assert_eq!(body("<body><p>أ</p><!DOCTYPE ب"), "أ");
}

// ---- malformed input -----------------------------------------------------------------

#[test]
fn less_than_in_text() {
    assert_eq!(body("<p>3 < 5 و 2<3 و a <ب> و <</p><p>x <= y</p>"), "3 < 5 و 2<3 و a <ب> و <\nx <= y");
    assert_eq!(body("نص <"), "نص <");
    assert_eq!(body("نص </"), "نص </");
}

#[test]
fn attribute_quoting_styles() {
    let html = "<body><div class=a data-x='b>c' title=\"d>e\" data-fahras-ignore>إعلان</div>\
                <p id=x/>نص</p><div data-fahras-ignore = \"\">مخفي</div><div class=\"a\"data-fahras-ignore>مخفي</div>\
                <div =x data-fahras-ignore>مخفي</div><p>تتمة</p></body>";
    assert_eq!(body(html), "نص\nتتمة");
}

#[test]
fn uppercase_and_mixed_case_tags() {
    let doc = extract(
        "<HTML><HEAD><TITLE>عنوان</TITLE></HEAD><BODY><Main><P>نص</P><NAV>قائمة</NAV></mAIN><P>خارج</P></BODY></HTML>",
    );
    assert_eq!(doc.title, "عنوان");
    assert_eq!(doc.body, "نص");
}

#[test]
fn unclosed_elements() {
    assert_eq!(body("<body><main><p>أ<p>ب<div><span>ج"), "أ\nب\nج");
    assert_eq!(body("<body><p>أ<nav>ب<p>ج"), "أ");
}

#[test]
fn tag_cut_off_by_end_of_input_is_dropped() {
    assert_eq!(body("<p>أ</p><div class=\"x>ب"), "أ");
    assert_eq!(body("<p>أ</p><div class=x"), "أ");
    assert_eq!(body("<p>أ</p></div"), "أ");
}

#[test]
fn stray_end_tags_are_harmless() {
    assert_eq!(body("</span></div></nav></script><p>أ</p></p></article>ب"), "أ\nب");
}

#[test]
fn byte_order_mark_and_nul_are_dropped() {
    assert_eq!(body("\u{FEFF}<p>أ\0ب</p>"), "أب");
}

#[test]
fn non_ascii_after_lt_is_text() {
    // `</` followed by a non-letter starts a bogus comment, as in HTML5.
    assert_eq!(body("<ا>ب</ا>ج"), "<ا>بج");
}

// ---- date and category ---------------------------------------------------------------

#[test]
fn date_and_category_from_meta_properties() {
    let doc = extract(
        "<head><meta name=\"date\" content=\"2020-01-01\"><meta name=category content=\"عام\">\
         <meta property=\"article:published_time\" content=\" 2024-03-05T10:00:00+02:00 \">\
         <meta property=\"article:section\" content=\"اقتصاد\"><meta property=\"article:section\" content=\"ثان\"></head>\
         <body><time datetime=\"1999-01-01\">قديم</time></body>",
    );
    assert_eq!(doc.date, "2024-03-05T10:00:00+02:00");
    assert_eq!(doc.categories, ["اقتصاد"]);
}

#[test]
fn date_and_category_from_meta_names() {
    let doc = extract(
        "<META NAME=Date CONTENT=2023-12-31><meta name='category' content='رياضة'><time datetime=2000-01-01>x</time>",
    );
    assert_eq!(doc.date, "2023-12-31");
    assert_eq!(doc.categories, ["رياضة"]);
}

#[test]
fn empty_meta_content_falls_through() {
    let doc = extract("<meta property=article:published_time content=''><meta name=date content=2022-02-02>");
    assert_eq!(doc.date, "2022-02-02");
}

#[test]
fn date_from_time_inside_the_region() {
    let html = "<body><aside><time datetime=\"2001-01-01\">قديم</time></aside>\
                <article><header><time datetime=\"2024-06-01T08:00\">١ يونيو</time></header><p>المتن</p>\
                <time datetime=\"2024-06-02\">لاحق</time></article></body>";
    let doc = extract(html);
    assert_eq!(doc.date, "2024-06-01T08:00");
    assert_eq!(doc.body, "المتن\nلاحق");
    // With <body> as the region, the first <time> in it counts, wherever it is.
    let doc = extract("<body><aside><time datetime=2001-01-01>x</time></aside><p>نص</p></body>");
    assert_eq!(doc.date, "2001-01-01");
}

#[test]
fn time_outside_the_region_or_ignored_is_not_the_date() {
    let doc = extract("<body><time datetime=2001-01-01>x</time><main><p>نص</p></main></body>");
    assert_eq!(doc.date, "");
    let doc = extract("<main><div data-fahras-ignore><time datetime=2001-01-01>x</time></div><time>بلا</time><time datetime=''>فارغ</time><time datetime=2024-01-01>y</time></main>");
    assert_eq!(doc.date, "2024-01-01");
}

#[test]
fn ignored_content_yields_no_metadata() {
    let doc = extract(
        "<body><div data-fahras-ignore><title>لا</title><h1>لا</h1>\
         <meta property=article:published_time content=2001-01-01><meta name=category content=لا></div><h1>نعم</h1></body>",
    );
    assert_eq!(doc, HtmlDoc { title: "نعم".into(), body: "نعم".into(), ..Default::default() });
}

#[test]
fn missing_metadata_is_empty() {
    let doc = extract("<p>نص</p>");
    assert_eq!(doc, HtmlDoc { body: "نص".into(), ..Default::default() });
}

#[test]
fn sections_and_tags_are_categories() {
    let doc = extract(HUGO_ARTICLE);
    assert_eq!(doc.categories, ["محليات", "طقس", "أنهار"]);
    assert_eq!(doc.date, "2025-02-11T09:30:00+03:00");
    // <meta name="category"> stands in for a missing section, ahead of the tags.
    let doc = extract(
        "<meta property=article:tag content='كرة القدم'><meta name=category content=رياضة>\
         <meta property=article:tag content=' كرة   القدم '><meta property=article:tag content=''>\
         <meta property=article:tag content='&#x62F;&#x648;&#x631;&#x64A;'>",
    );
    assert_eq!(doc.categories, ["رياضة", "كرة القدم", "دوري"]);
}

// ---- declared filters and metadata ----------------------------------------------------

#[test]
fn declared_filters_and_metadata_of_a_real_page() {
    let doc = extract(HUGO_ARTICLE);
    let pairs = |v: &[(&str, &str)]| v.iter().map(|&(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(doc.filters, pairs(&[("وسم", "أمطار"), ("وسم", "العاصي")]));
    assert_eq!(
        doc.meta,
        pairs(&[("author", "ليلى حدّاد"), ("image", "/img/asi.jpg"), ("caption", "النهر عند الجسر القديم")])
    );
    // The byline and the tags sit in skipped headers and footers: captured, not indexed.
    assert_eq!(
        doc.body,
        "ارتفع منسوب نهر العاصي خلال الليل بعد يومين من الأمطار الغزيرة.\nوطمأنت البلدية السكان بأن الجسر القديم لا يزال آمنا."
    );
}

#[test]
fn declared_values_inline_and_from_attributes() {
    let doc = extract(
        "<body data-fahras-filter='نوع:خبر'><article data-fahras-filter=\"قسم:محلي, اسم\n  المدينة:حمص ,\
         زمن:10:30\"><p>نص</p><time datetime=2025-01-01 data-fahras-meta='يوم[datetime]'>أمس</time>\
         <a href=/a data-fahras-meta='رابط[href], ناقص[data-x], فارغ[title]' title=''>x</a></article></body>",
    );
    let want = [("نوع", "خبر"), ("قسم", "محلي"), ("اسم المدينة", "حمص"), ("زمن", "10:30")];
    assert_eq!(doc.filters, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let want = [("يوم", "2025-01-01"), ("رابط", "/a")];
    assert_eq!(doc.meta, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn declared_text_is_collapsed_and_leaves_out_what_is_skipped_inside() {
    let doc = extract(
        "<main><p>المتن</p></main><aside><div data-fahras-filter=كاتب>\n سارة <b>المصر</b>ي\
         <button>تابِع</button><span data-fahras-ignore>إعلان</span><script>x()</script><br>العلوم\
         <p>الصحة</div></aside>",
    );
    assert_eq!(doc.filters, [("كاتب".to_string(), "سارة المصري العلوم الصحة".to_string())]);
    assert_eq!(doc.body, "المتن");
    // Inside the body region the text stays in the body, once.
    let doc = extract("<main><p>بقلم <span data-fahras-meta=author>سارة</span> اليوم</p></main>");
    assert_eq!(doc.body, "بقلم سارة اليوم");
    assert_eq!(doc.meta, [("author".to_string(), "سارة".to_string())]);
}

#[test]
fn nested_declarations_each_get_their_own_text() {
    let doc = extract(
        "<header><div data-fahras-meta=byline>بقلم <span data-fahras-meta=author>سارة</span>\
         <nav><span data-fahras-filter=x>قائمة</span></nav></div></header>",
    );
    let want = [("byline", "بقلم سارة"), ("author", "سارة")];
    assert_eq!(doc.meta, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(doc.filters, [("x".to_string(), "قائمة".to_string())]);
}

#[test]
fn declared_elements_end_where_a_browser_ends_them() {
    let doc =
        extract("<main><p data-fahras-filter=قسم>اقتصاد<div>ليس من القسم</div><li data-fahras-meta=أ>واحد<li>اثنان");
    assert_eq!(doc.filters, [("قسم".to_string(), "اقتصاد".to_string())]);
    assert_eq!(doc.meta, [("أ".to_string(), "واحد".to_string())]);
    // Never closed: the text runs to the end of the page.
    assert_eq!(extract("<span data-fahras-meta=author>سارة <b>حداد").meta, [("author".into(), "سارة حداد".into())]);
}

#[test]
fn ignored_declarations_and_empty_or_malformed_ones_give_nothing() {
    let doc = extract(
        "<div data-fahras-ignore><span data-fahras-filter=قسم>محلي</span><meta data-fahras-meta='a:b'></div>\
         <span data-fahras-filter=قسم data-fahras-ignore>دولي</span><span data-fahras-filter=قسم> </span>\
         <span data-fahras-filter=':محلي, [src], قسم[src, , قسم:'>x</span><img data-fahras-meta=image>\
         <div data-fahras-meta='author'/><textarea data-fahras-filter=ت>نص</textarea>",
    );
    assert_eq!((doc.filters, doc.meta), (vec![], vec![]));
}

#[test]
fn first_value_of_a_metadata_key_wins_and_filter_values_are_not_repeated() {
    let doc = extract(
        "<meta name=author content='ليلى' data-fahras-meta='author[content]'>\
         <img data-src=/b.jpg data-fahras-meta='image[src], image[data-src]'>\
         <span data-fahras-meta=author>سارة</span><span data-fahras-filter=وسم>طقس</span>\
         <span data-fahras-filter='وسم:طقس, وسم:أنهار'>x</span>",
    );
    let want = [("author", "ليلى"), ("image", "/b.jpg")];
    assert_eq!(doc.meta, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let want = [("وسم", "طقس"), ("وسم", "أنهار")];
    assert_eq!(doc.filters, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn overlong_values_are_dropped() {
    let long = "كلمة ".repeat(capture::MAX_VALUE / 8);
    let html = format!("<p data-fahras-filter=قسم>{long}</p><p data-fahras-filter=قسم>قصير</p><img data-fahras-meta=i[src] src='{long}'>");
    let doc = extract(&html);
    assert_eq!(doc.filters, [("قسم".to_string(), "قصير".to_string())]);
    assert!(doc.meta.is_empty());
}

// ---- pages that ask to be left out ----------------------------------------------------

#[test]
fn pages_that_opt_out() {
    for (html, want) in [
        ("<html data-fahras-ignore><body><p>نص</p></body></html>", Some(OptOut::Ignored)),
        ("<body data-fahras-ignore><p>نص</p></body>", Some(OptOut::Ignored)),
        ("<meta name=robots content=noindex><p>نص</p>", Some(OptOut::Noindex)),
        ("<meta name=ROBOTS content='NoIndex, follow'>", Some(OptOut::Noindex)),
        ("<meta name=robots content='max-snippet:50,noindex'>", Some(OptOut::Noindex)),
        ("<meta name=robots content=none>", Some(OptOut::Noindex)),
        ("<meta http-equiv=refresh content='0; URL=https://example.org/news/'>", Some(OptOut::Redirect)),
        ("<meta name=robots content='index, follow'><p>نص</p>", None),
        ("<meta name=googlebot content=noindex>", None),
        ("<meta http-equiv=refresh content=300><p>تغطية مباشرة</p>", None),
        ("<body><div data-fahras-ignore><meta name=robots content=noindex></div><p>نص</p></body>", None),
    ] {
        assert_eq!(extract(html).opt_out, want, "{html}");
    }
    let doc = extract("<meta name=robots content=noindex><body data-fahras-ignore>");
    assert_eq!(doc.opt_out, Some(OptOut::Ignored));
}

#[test]
fn marked_body() {
    assert!(extract("<body><div data-fahras-body>نص</div></body>").marked_body);
    assert!(!extract("<body><main>نص</main></body>").marked_body);
    assert!(!extract("<body><div data-fahras-ignore><div data-fahras-body>نص</div></div></body>").marked_body);
}

// ---- hostile input -------------------------------------------------------------------

#[test]
fn deeply_nested_divs() {
    const N: usize = 100_000;
    let html = format!("<body>{}<p>عميق</p>{}<p>بعد</p></body>", "<div>".repeat(N), "</div>".repeat(N));
    let doc = extract(&html);
    assert_eq!(doc.body, "عميق\nبعد");

    // Unclosed nesting inside an ignored element, then the end of the page.
    let html = format!("<body><div data-fahras-ignore>{}مخفي</div>ب", "<div>".repeat(N));
    assert_eq!(body(&html), "");

    // Nested declarations: the innermost ones past the limit are not captured, and the text of
    // the outer ones, too long to be a value, is dropped.
    let html = (0..N).map(|i| format!("<div data-fahras-filter=f{i}>")).collect::<String>() + "نص";
    let doc = extract(&html);
    let want: Vec<_> = (0..capture::MAX_OPEN).map(|i| (format!("f{i}"), "نص".to_string())).collect();
    assert_eq!(doc.filters, want);
    let html = format!("<body>{}<p>عميق</p>", "<div data-fahras-filter=قسم>نص ".repeat(N));
    assert_eq!(extract(&html).filters, []);
    let html = format!("<body>{}<p>عميق</p>", "<div data-fahras-filter='قسم:محلي, قسم'>".repeat(N));
    let doc = extract(&html);
    assert_eq!(doc.filters, [("قسم".to_string(), "محلي".to_string()), ("قسم".to_string(), "عميق".to_string())]);
    let html = "<span data-fahras-meta=m>ا</span>".repeat(N);
    assert_eq!(extract(&html).meta.len(), 1);
    let html = (0..N).map(|i| format!("<meta property=article:tag content=t{i}>")).collect::<String>();
    assert_eq!(extract(&html).categories.len(), capture::MAX_VALUES);
}

#[test]
fn unmatched_end_tags_over_a_deep_stack() {
    const N: usize = 100_000;
    // Every `</b>` finds its element but is blocked by the <div>; every `</i>` finds nothing.
    let html =
        format!("<body><b><div>{}أ{}{}ب</div></b></body>", "<span>".repeat(N), "</b>".repeat(N), "</i>".repeat(N));
    let doc = extract(&html);
    assert_eq!(doc.body, "أب");
    // Many distinct unknown tag names.
    let html: String = (0..N).map(|i| format!("<x{i}>")).collect::<String>() + "نص";
    assert_eq!(body(&html), "نص");
}

#[test]
fn ten_megabyte_page() {
    let para = "<p>عقدت <b>الحكومة</b> اجتماعها &amp; ناقشت <a href=\"/x?a=1&b=2\">الميزانية</a> العامة.</p>\n\
                <div class=ad data-fahras-ignore><script>var x = '<p>';</script>إعلان</div>\n";
    let mut html = String::from("<html><head><title>صفحة كبيرة</title></head><body><main>");
    let mut n = 0;
    while html.len() < 10 * 1024 * 1024 {
        html.push_str(para);
        n += 1;
    }
    html.push_str("</main></body></html>");
    let doc = extract(&html);
    assert_eq!(doc.title, "صفحة كبيرة");
    let lines: Vec<&str> = doc.body.split('\n').collect();
    assert_eq!(lines.len(), n);
    assert!(lines.iter().all(|l| *l == "عقدت الحكومة اجتماعها & ناقشت الميزانية العامة."));
}

#[test]
fn long_runs_of_markup_characters() {
    let n = 200_000;
    for html in [
        "<".repeat(n),
        "&".repeat(n),
        "&#".repeat(n),
        "<!--".repeat(n),
        "--".repeat(n),
        format!("<p {}>نص", "a=1 ".repeat(n)),
        format!("&#{};", "9".repeat(n)),
    ] {
        let doc = extract(&html);
        check_invariants("(long run)", &doc);
    }
    assert_eq!(body(&"<".repeat(10)), "<".repeat(10));
    assert_eq!(body(&format!("&#{};", "9".repeat(1000))), "\u{FFFD}");
}

/// Minimal xorshift64 generator, for reproducible pseudo-random input.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn check_invariants(input: &str, doc: &HtmlDoc) {
    let values = doc.categories.iter().chain(doc.filters.iter().chain(&doc.meta).flat_map(|(k, v)| [k, v]));
    for (what, s) in [("body", &doc.body), ("title", &doc.title), ("date", &doc.date)]
        .into_iter()
        .chain(values.map(|v| ("value", v)))
    {
        assert_eq!(s.trim(), s.as_str(), "{what} not trimmed for {input:?}");
        assert!(!s.contains('\0'), "{what} has a NUL for {input:?}");
    }
    assert!(!doc.body.contains("\n\n"), "blank line for {input:?}");
    assert!(!doc.body.contains("  "), "double space for {input:?}");
    assert!(!doc.body.contains(" \n") && !doc.body.contains("\n "), "untrimmed line for {input:?}");
    assert!(!doc.title.contains('\n'), "multi-line title for {input:?}");
}

#[test]
fn random_strings_never_panic() {
    let mut alphabet: Vec<char> = "<>/=\"' &#;".chars().collect();
    alphabet.extend('a'..='z');
    alphabet.extend('\u{0627}'..='\u{064A}');
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut with_markup = 0;
    for _ in 0..2_000 {
        let len = rng.below(300);
        let s: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        let doc = extract(&s);
        check_invariants(&s, &doc);
        with_markup += usize::from(s.contains('<'));
    }
    assert!(with_markup > 1_000);
}

#[test]
fn random_tag_soup_never_panics() {
    let pieces = [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<span>",
        "</span>",
        "<script>",
        "</script>",
        "<style>",
        "</STYLE>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<nav>",
        "</nav>",
        "<main>",
        "</main>",
        "<article>",
        "</article>",
        "<body>",
        "</body>",
        "<h1>",
        "</h2>",
        "<table>",
        "<tr>",
        "<td>",
        "</table>",
        "<svg>",
        "</svg>",
        "<form>",
        "</form>",
        "<button>",
        "<template>",
        "</template>",
        "<br/>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<!x>",
        "<?",
        ">",
        "<",
        "&amp;",
        "&#1575;",
        "&#x0;",
        "&",
        "&#",
        " data-fahras-ignore",
        " data-fahras-body",
        "<div data-fahras-body>",
        "<div data-fahras-ignore>",
        "<time datetime=2024>",
        "<meta property=article:section content=x>",
        "\"",
        "'",
        "=",
        "/",
        " ",
        "\n",
        "كلمة",
        "حكو",
        "مة",
        "\u{00A0}",
        "\0",
        "\u{FEFF}",
    ];
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    for _ in 0..2_000 {
        let s: String = (0..rng.below(60)).map(|_| pieces[rng.below(pieces.len())]).collect();
        let doc = extract(&s);
        check_invariants(&s, &doc);
    }
}

#[test]
fn random_prefixes_of_a_real_page_never_panic() {
    let page = "<!DOCTYPE html><html lang=ar dir=rtl><head><meta charset=utf-8><title>اجتماع &laquo;الحكومة&raquo;</title>\
                <meta property=\"article:published_time\" content=\"2024-01-02\"></head><body><header><nav><a href=/>الرئيسية</a></nav></header>\
                <main><article><h1>اجتماع الحكومة</h1><p>عقدت <b>الحكو</b>مة اجتماعها.</p><!-- ملاحظة --><script>a<b</script></article></main>\
                <footer>حقوق</footer></body></html>";
    let full = extract(page);
    assert_eq!(full.title, "اجتماع الحكومة");
    assert_eq!(full.body, "اجتماع الحكومة\nعقدت الحكومة اجتماعها.");
    assert_eq!(full.date, "2024-01-02");
    for (i, _) in page.char_indices() {
        check_invariants(&page[..i], &extract(&page[..i]));
        check_invariants(&page[i..], &extract(&page[i..]));
    }
}

// ---- regressions found by the differential test (differential.rs) ----------------------

#[test]
fn unclosed_ignored_li_swallowed_the_next_items() {
    // A new <li> closes the open one, as in a browser; it used to open inside the ignored one.
    let html = "<main><ul><li data-fahras-ignore>إعلان ممول<li>الخبر الأول<li>الخبر الثاني</ul><p>الخاتمة</p></main>";
    assert_eq!(body(html), "الخبر الأول\nالخبر الثاني\nالخاتمة");
    assert_eq!(body("<main><dl><dt data-fahras-ignore>مخفي<dd>تعريف<dt>مصطلح</dl></main>"), "تعريف\nمصطلح");
    // Not past a special element other than <div>, <p> or <address>: a browser keeps this
    // <li> inside the <nav>, so it stays skipped.
    assert_eq!(body("<main><ul><li>أ<nav>قائمة<li>ب</nav></ul>ج</main>"), "أ\nج");
    assert_eq!(body("<main><ul><li data-fahras-ignore>إعلان<div><li>ب</div></ul></main>"), "ب");
}

#[test]
fn unclosed_ignored_p_swallowed_the_next_paragraphs() {
    // A block start tag closes an open <p>; the next paragraphs used to be ignored with it.
    let html = "<main><p data-fahras-ignore>إعلان<p>الفقرة الأولى<div>الفقرة الثانية</div><ul><li>بند</ul></main>";
    assert_eq!(body(html), "الفقرة الأولى\nالفقرة الثانية\nبند");
    assert_eq!(body("<main><p data-fahras-ignore>إعلان<table><tr><td>خلية</table></main>"), "خلية");
    assert_eq!(body("<main><p data-fahras-ignore>إعلان<hr>بعد الفاصل</main>"), "بعد الفاصل");
    // An inline element or a <button> in between does not stop it.
    assert_eq!(body("<main><p data-fahras-ignore><span>إعلان<h2>عنوان</h2></main>"), "عنوان");
    assert_eq!(body("<main><p><button data-fahras-ignore>زر<div>مخفي</div></button>ظاهر</main>"), "ظاهر");
}

#[test]
fn unclosed_body_marker_p_took_in_the_next_block() {
    let html = "<body><p data-fahras-body>المتن<div>ليس من المتن</div></body>";
    assert_eq!(body(html), "المتن");
    // <h2> closes the open <p>, then the <h1> it sat in (an HTML5 implied end tag).
    assert_eq!(extract("<h1>العنوان<p>فرعي<h2>قسم</h2>").title, "العنوان فرعي");
}

#[test]
fn end_tag_of_li_reached_out_of_a_nested_list() {
    // `</li>` inside a nested list cannot close the outer item (HTML5 "list item scope").
    let html = "<main><ul><li data-fahras-ignore>أ<ul><span>ب</li>ج</ul>د</li></ul>هـ</main>";
    assert_eq!(body(html), "هـ");
}

#[test]
fn end_tag_of_p_reached_out_of_a_button() {
    // `</p>` inside a <button> cannot close the <p> around it (HTML5 "button scope").
    assert_eq!(body("<main><p>أ<button>زر</p>مخفي</button>ب</p></main>"), "أ ب");
}

#[test]
fn an_inline_body_marker_broke_a_word_of_declared_text() {
    let doc = extract("<p data-fahras-meta=كاتب>سا<span data-fahras-body>رة</span></p>");
    assert_eq!(doc.meta, [("كاتب".to_string(), "سارة".to_string())]);
    assert_eq!(doc.body, "رة");
}

#[test]
fn an_h1_nested_in_an_empty_h1_was_not_the_title() {
    // The outer <h1> has no text of its own (the <header> in it is skipped): the inner one is
    // the first <h1> with text.
    assert_eq!(extract("<section data-fahras-body><h1><header><h1>ارتفاع الأسعار").title, "ارتفاع الأسعار");
    // With text of its own, the outer one comes first.
    assert_eq!(extract("<main><h1>عاجل<span><h1>ارتفاع</h1></span></h1></main>").title, "عاجل ارتفاع");
}
