// A deterministic synthetic news corpus for the split-index cases: about 3,000 short articles
// recombined from sentences written for these tests (none comes from a real article) with a
// seeded PRNG, so every run builds the very same index.
//
// Word frequencies are chosen so that the queries of the cases cover the range: «الحكومة» in
// most articles, «طرابلس» in about one in six, «برلين» in about one in twenty-five (half of
// them with the phrase «مؤتمر برلين»), «ستولتنبرغ» in a few dozen. Invented place names (a few
// thousand pseudo-words) give the dictionary and the postings enough mass to be cut into
// several shards.

import fs from 'node:fs';

/** Mulberry32: a small seeded PRNG, good enough to shuffle fixture sentences. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['بنغازي', 'مصراتة', 'سبها', 'الزاوية', 'غريان', 'درنة', 'تونس', 'القاهرة', 'روما', 'جنيف', 'باريس', 'مدريد', 'أثينا', 'فاليتا'];
const TOPICS = ['الموازنة', 'الكهرباء', 'المياه', 'التعليم', 'الصحة', 'الموانئ', 'الطرق', 'الزراعة', 'السياحة', 'الاتصالات', 'الإسكان', 'النقل'];
const PEOPLE = ['وزير المالية', 'وزيرة الصحة', 'رئيس البلدية', 'المتحدث الرسمي', 'مدير الميناء', 'رئيس الغرفة التجارية', 'عميد الكلية', 'نقيب المهندسين'];
const CATEGORIES = ['سياسة', 'اقتصاد', 'محليات', 'ثقافة', 'رياضة', 'علوم'];
const MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];

// Syllables of the invented place names (a name is three of them after «بلدة» or «وادي»).
const SYLLABLES = ['تا', 'رو', 'مي', 'سا', 'كو', 'لي', 'نا', 'بو', 'دي', 'فا', 'جو', 'زي', 'قا', 'هو', 'شي', 'طو', 'غا', 'ثو', 'صي', 'خا'];

const GENERAL = [
  'وقال {person} إن خطة {topic} الجديدة ستعرض على المجلس البلدي في {city} خلال {month} المقبل.',
  'وأضاف أن السكان في {place} ينتظرون منذ سنوات تحسين خدمات {topic} وإصلاح الشبكات القديمة.',
  'وأشار التقرير إلى أن الإنفاق على {topic} ارتفع بنسبة {num} في المئة مقارنة بالعام الماضي.',
  'وعقد {person} اجتماعا مع ممثلي {place} لبحث مشكلات {topic} التي تفاقمت في الأشهر الأخيرة.',
  'وطالب الأهالي في {place} بفتح تحقيق في تأخر مشروعات {topic} التي أعلن عنها قبل عامين.',
  'ويرى خبراء أن قطاع {topic} في {city} يحتاج إلى استثمارات طويلة الأجل وإدارة أكثر شفافية.',
  'ومن المقرر أن تصل قافلة تحمل معدات {topic} إلى {place} في نهاية الأسبوع بعد توقف دام {num} يوما.',
  'وأوضح مصدر مطلع أن المفاوضات بشأن عقود {topic} دخلت مرحلتها الأخيرة في {city}.',
  'واحتفلت مدارس {place} بتخريج دفعة جديدة من {num} طالبا وطالبة في حفل حضره {person}.',
  'وشهد معرض {city} للكتاب إقبالا واسعا في دورته الحالية التي تختتم في {month}.',
  'وفاز فريق {place} على ضيفه بهدفين مقابل هدف في مباراة حماسية أقيمت مساء أمس.',
  'وأطلقت جامعة {city} برنامجا بحثيا عن {topic} بالتعاون مع مختبرات في {place}.',
];
const GOVERNMENT = [
  'وأعلنت الحكومة أنها خصصت اعتمادا إضافيا لدعم {topic} في {place} و{city}.',
  'وقالت الحكومة في بيان إنها تتابع عن كثب أوضاع {topic} وتعمل على حل الأزمة قريبا.',
  'وانتقد نواب أداء الحكومة في ملف {topic} وطالبوا {person} بالمثول أمام البرلمان.',
  'ووافقت الحكومة على تعيين لجنة فنية تتولى مراجعة عقود {topic} خلال {num} يوما.',
];
const TRIPOLI = [
  'وفي طرابلس، اجتمع {person} مع وفد من {city} لمناقشة التعاون في مجال {topic}.',
  'وشهدت شوارع طرابلس ازدحاما كبيرا بسبب أعمال صيانة شبكة {topic} في وسط المدينة.',
  'وتستضيف طرابلس الأسبوع المقبل ملتقى إقليميا عن {topic} يشارك فيه {num} خبيرا.',
];
const BERLIN = [
  'وأكد المشاركون في مؤتمر برلين ضرورة دعم خطط {topic} وتوحيد المؤسسات.',
  'وسافر {person} إلى برلين للقاء نظرائه الأوروبيين والتباحث في ملف {topic}.',
  'وذكّر البيان بمخرجات مؤتمر برلين وبالالتزامات التي قطعتها الأطراف في {month}.',
  'واستقبلت برلين معرضا للصور عن الحياة اليومية في {place} و{city}.',
];
const NATO = [
  'وقال الأمين العام لحلف شمال الأطلسي ينس ستولتنبرغ إن الحلف مستعد لتقديم المشورة في مجال {topic}.',
  'وأجرى ستولتنبرغ اتصالا هاتفيا مع {person} تناول الأوضاع الأمنية في {city}.',
];
const HEADLINES = [
  '{topic} في {place}: مطالب بالإصلاح',
  '{person} يزور {city} لبحث ملف {topic}',
  'أزمة {topic} تتصدر النقاش في {city}',
  'جديد مشروعات {topic} في {place}',
  'أهالي {place} يطالبون بتحسين {topic}',
];

/**
 * The articles, as objects {id, title, body, url, date, category}. Deterministic for a given
 * `seed` and `count`; every title is distinct (it ends with the article's number).
 */
export function articles({ seed = 20240611, count = 3000, places = 2500 } = {}) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const placeNames = [];
  const seen = new Set();
  while (placeNames.length < places) {
    const name = `${pick(['بلدة', 'وادي'])} ${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    if (!seen.has(name)) {
      seen.add(name);
      placeNames.push(name);
    }
  }
  // A few places are common, most are rare (a rough Zipf law).
  const place = () => placeNames[Math.floor(placeNames.length * rnd() ** 3)];
  const fill = (template) => template.replace(/\{(\w+)\}/g, (_, slot) => {
    switch (slot) {
      case 'city': return pick(CITIES);
      case 'topic': return pick(TOPICS);
      case 'person': return pick(PEOPLE);
      case 'month': return pick(MONTHS);
      case 'place': return place();
      case 'num': return String(2 + Math.floor(rnd() * 400));
      default: throw new Error(`unknown slot ${slot}`);
    }
  });
  const out = [];
  for (let i = 1; i <= count; i++) {
    const sentences = [];
    const n = 7 + Math.floor(rnd() * 7);
    for (let k = 0; k < n; k++) sentences.push(fill(pick(GENERAL)));
    if (rnd() < 0.6) sentences.splice(Math.floor(rnd() * n), 0, fill(pick(GOVERNMENT)));
    if (rnd() < 0.16) sentences.splice(Math.floor(rnd() * n), 0, fill(pick(TRIPOLI)));
    if (rnd() < 0.04) sentences.splice(Math.floor(rnd() * n), 0, fill(pick(BERLIN)));
    if (rnd() < 0.012) sentences.splice(Math.floor(rnd() * n), 0, fill(pick(NATO)));
    const day = 1 + Math.floor(rnd() * 28);
    const month = 1 + Math.floor(rnd() * 12);
    out.push({
      id: `a${String(i).padStart(4, '0')}`,
      title: `${fill(pick(HEADLINES))} (${i})`,
      body: sentences.join(' '),
      url: `articles/a${String(i).padStart(4, '0')}.html`,
      date: `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      category: pick(CATEGORIES),
    });
  }
  return out;
}

/** Writes the articles as JSON Lines; returns them. */
export function writeJsonl(file, options) {
  const docs = articles(options);
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return docs;
}
