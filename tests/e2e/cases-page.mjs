// End-to-end cases of the search page (`<div data-fahras="page">`, search.html), of the box
// opening it, of the words marked on an article opened from a result (`?fahras=`), of deploys
// landing while a page is open, and of the saved build after a deploy. Same conventions as
// cases.mjs, whose list these join (before its CSP case).
//
// What a page shows is compared with the native engine (`index-builder query`, cliQuery) over
// the same index with the same filters, range and order: the split site's synthetic corpus
// (corpus.mjs: 3,000 articles dated in 2023, in six sections), or a small site a case builds in
// a scratch folder of the served root.

import fs from 'node:fs';
import path from 'node:path';
import {
  browserFiles, expected, failures, goOffline, noneFailed, untilControlled,
} from './cases-split.mjs';
import { writeJsonl } from './corpus.mjs';
import { FIXTURES, INDEX_BUILDER, cliQuery, copySiteTo, runIndexBuilder } from './site.mjs';
import {
  ARTICLES, Failure, RESULTS, countPhrase, expect, searchFor, show, shown, statusFor, typeQuery, waitFor, waitShown,
  waitState,
} from './widget.mjs';

export const pageCases = [];
const test = (name, fn, session = {}) => pageCases.push({ name, fn, session });

const LIMIT = 20; // search.html's data-limit
const MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
/** A day as the page writes it (Gregorian, Latin digits): 2023-12-05 → «5 ديسمبر 2023». */
const arDay = (iso) => `${Number(iso.slice(8))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / 864e5;
const isoDay = (n) => new Date(n * 864e5).toISOString().slice(0, 10);

/**
 * What the search page should show for a state ({q, filters, sort, from, to, n}): the native
 * engine's hits over `index`, and the status line (the count; without words, the articles
 * newest first; the count before the filters when they dropped some; the date range).
 */
function pageExpected(index, { q = '', filters = {}, sort = 'relevance', from = '', to = '', n = LIMIT } = {}) {
  const words = q.trim();
  const res = cliQuery(index, q, { limit: n, filters, from, to, sort: words ? sort : (sort === 'relevance' ? 'newest' : sort) });
  // fahras-embed.js, renderStatus: what the filters left out and the range, inside the sentence.
  const dropped = words && res.total < res.unfiltered_total ? ` من أصل ${res.unfiltered_total.toLocaleString('en-US')} بعد التصفية` : '';
  const range = from || to ? `، ${[from && `من ${arDay(from)}`, to && `إلى ${arDay(to)}`].filter(Boolean).join(' ')}` : '';
  let status;
  if (!words) status = res.total ? `${countPhrase(res.total, ARTICLES)}${range}، الأحدث أولًا.` : `لا مقالات بهذه الشروط${range}.`;
  else if (!res.total) status = `لا نتائج لـ «${res.query.trim()}»${range}.`;
  else {
    const count = countPhrase(res.total, RESULTS) + dropped;
    if (res.rewrite === 'keyboard') status = `${count} لـ «${res.ran_as}»${range}، فقد كُتب «${res.query.trim()}» بلوحة مفاتيح أخرى.`;
    else if (res.rewrite === 'typo') status = `${count} لـ «${res.ran_as}»${range} بعد تصحيح «${res.query.trim()}».`;
    else status = `${count}${range}.`;
  }
  return { res, status, titles: res.hits.map((h) => h.title) };
}

/** The search page's filters: per group (its aria-label), its chips' text and aria-pressed; and the date fields. */
const filtersShown = (page) => page.evaluate(() => {
  const groups = {};
  for (const g of document.querySelectorAll('.fahras-filters .fahras-chips[role=group]')) {
    groups[g.getAttribute('aria-label')] = [...g.querySelectorAll('button.fahras-chip')].map((b) => `${b.textContent}${b.getAttribute('aria-pressed') === 'true' ? ' ✓' : ''}`);
  }
  const days = [...document.querySelectorAll('.fahras-filters input.fahras-day[type=date]')].map((d) => d.value);
  return { groups, days };
});

/**
 * The chips the native facets call for: «الكل», then each value with its count, most frequent
 * first, then by name (the engine's order; `index-builder query --json` prints them by name).
 */
function chipsFor(res, field, picked = []) {
  const values = Object.entries(res.facets[field] || {}).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const v of picked) if (!values.some(([x]) => x === v)) values.push([v, 0]);
  return [`الكل${picked.length ? '' : ' ✓'}`, ...values.map(([v, c]) => `${v} (${c})${picked.includes(v) ? ' ✓' : ''}`)];
}

/** Clicks the chip of group `label` whose text is `text` (or starts with `text (`), as a reader would. */
export async function clickChip(page, label, text) {
  const handle = await page.raw.evaluateHandle(([l, x]) => {
    const group = [...document.querySelectorAll('.fahras-filters .fahras-chips[role=group]')].find((g) => g.getAttribute('aria-label') === l);
    return [...(group?.querySelectorAll('button.fahras-chip') || [])].find((b) => b.textContent === x || b.textContent.startsWith(`${x} (`)) || null;
  }, [label, text]);
  const el = handle.asElement();
  if (!el) {
    await handle.dispose();
    throw new Failure(`no chip ${show(text)} in the group ${show(label)}; the filters are ${show(await filtersShown(page))}`);
  }
  try {
    await el.click();
  } finally {
    await el.dispose();
  }
}

/** The page's URL state, as an object of its search parameters (repeated ones as arrays). */
function urlState(url) {
  const out = {};
  for (const [k, v] of new URL(url).searchParams) out[k] = k in out ? [out[k], v].flat() : v;
  return out;
}

/** Waits until the page's URL holds exactly `want` (its search parameters). */
async function waitUrl(page, want, what) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const at = await page.location().catch(() => page.url());
    const got = urlState(at);
    if (show(got) === show(want)) return;
    if (Date.now() > deadline) throw new Failure(`${what}: expected the URL to hold ${show(want)}; it holds ${show(got)} (${at})`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Waits for what the page shows to be `want` (its status and titles) and its filters to be `chips` (the section group). */
async function waitPage(page, want, what, chips) {
  await waitShown(page, want, { what });
  if (chips) {
    const f = await filtersShown(page);
    expect(show(f.groups['القسم']) === show(chips), () => `${what}: expected the section chips ${show(chips)} (the native engine's facets); saw ${show(f.groups['القسم'])}`);
  }
}

const historyLength = (page) => page.evaluate(() => history.length);
/** Goes back (or forward) in the page's history, as the browser's buttons do. */
const go = (page, delta) => page.evaluate((d) => history.go(d), delta);

/** The newest day of the split corpus and the anchor of the date presets: min(today, newest). */
function anchorOf(docs) {
  const newest = docs.map((d) => d.date).sort().at(-1);
  const today = new Date().toISOString().slice(0, 10);
  return newest < today ? newest : today;
}

// ---------------------------------------------------------------------------------------------
// The search page on the split site.

test('search page: ?q= opens with the native engine\'s hits, section chips with its counts, title links and a live count', async (t) => {
  const { splitRef } = t.corpus;
  const q = 'طرابلس';
  const page = await t.page();
  const url = `${t.url('split', 'search.html')}?q=${encodeURIComponent(q)}`;
  const resp = await page.goto(url);
  expect(resp?.ok(), () => `expected ${url} to load; saw ${resp?.status()}`);
  const want = pageExpected(splitRef, { q });
  expect(want.res.total > LIMIT, () => `the native engine finds ${want.res.total} for «${q}»; the corpus changed?`);
  await waitPage(page, want, `search.html?q=${q}`, chipsFor(want.res, 'category'));
  const ui = await page.evaluate(() => {
    const root = document.querySelector('.fahras.fahras-page');
    const status = root.querySelector('.fahras-status');
    const input = root.querySelector('.fahras-input');
    return {
      value: input.value,
      describedBy: input.getAttribute('aria-describedby') === status.id,
      live: status.getAttribute('aria-live'),
      role: status.getAttribute('role'),
      form: root.querySelector('form[role=search]') !== null,
      list: root.querySelector('.fahras-results').tagName,
      options: root.querySelectorAll('[role=option], [role=listbox]').length,
      titles: [...root.querySelectorAll('.fahras-result')].map((li) => ({ tag: li.querySelector('.fahras-title')?.tagName, href: li.querySelector('.fahras-title')?.getAttribute('href') })),
      more: !root.querySelector('.fahras-more').hidden,
      sort: [...root.querySelectorAll('.fahras-chips[aria-label="الترتيب"] .fahras-chip')].map((b) => `${b.textContent}:${b.getAttribute('aria-pressed')}`),
      dates: [...root.querySelectorAll('.fahras-chips[aria-label="التاريخ"] .fahras-chip')].map((b) => `${b.textContent}:${b.getAttribute('aria-pressed')}`),
    };
  });
  expect(ui.value === q && ui.form && ui.list === 'OL' && ui.options === 0, () => `expected a search form holding «${q}» and an ordered list with no listbox roles; saw ${show(ui)}`);
  expect(ui.live === 'polite' && ui.role === 'status' && ui.describedBy, () => `expected the count in a polite live region (role=status) that describes the input; saw ${show(ui)}`);
  const hrefs = want.res.hits.map((h) => {
    const u = new URL(h.url, t.url('split'));
    u.searchParams.set('fahras', q);
    return u.href;
  });
  const resolved = await page.evaluate(() => [...document.querySelectorAll('.fahras-result a.fahras-title')].map((a) => a.href));
  expect(ui.titles.every((x) => x.tag === 'A') && show(resolved) === show(hrefs),
    () => `expected every title to be a link a.fahras-title to the article with ?fahras=«${q}»: ${show(hrefs.slice(0, 2))}…; saw ${show(ui.titles.slice(0, 2))}… resolving to ${show(resolved.slice(0, 2))}`);
  expect(ui.more, 'expected «عرض المزيد» with more hits than the limit');
  expect(show(ui.sort) === show(['الأهم:true', 'الأحدث:false']) && show(ui.dates) === show(['كل الأوقات:true', 'اليوم:false', 'هذا الأسبوع:false', 'هذا الشهر:false', 'هذا العام:false']),
    () => `expected relevance and all times pressed; saw ${show(ui.sort)} ${show(ui.dates)}`);
  await waitUrl(page, { q }, 'on load');
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'search-results.png');
});

test('search page: a section chip, newest first, a date preset and a custom range are the native engine\'s; the URL keeps them for a reload and a new page', async (t) => {
  const { splitRef, docs } = t.corpus;
  const q = 'الحكومة';
  const page = await t.page();
  await page.goto(`${t.url('split', 'search.html')}?q=${encodeURIComponent(q)}`);
  let want = pageExpected(splitRef, { q });
  await waitPage(page, want, `«${q}»`, chipsFor(want.res, 'category'));
  const before = await historyLength(page);

  // A section: the second most frequent.
  const section = chipsFor(want.res, 'category')[2].replace(/ \(\d+\)$/, '');
  await clickChip(page, 'القسم', section);
  const state = { q, filters: { category: [section] } };
  want = pageExpected(splitRef, state);
  expect(want.res.total < want.res.unfiltered_total, 'setup: the section should drop some hits');
  await waitPage(page, want, `«${q}» in ${section}`, chipsFor(want.res, 'category', [section]));
  await waitUrl(page, { q, category: section }, 'after the section chip');

  // Newest first.
  await clickChip(page, 'الترتيب', 'الأحدث');
  state.sort = 'newest';
  want = pageExpected(splitRef, state);
  await waitPage(page, want, `«${q}» in ${section}, newest first`, chipsFor(want.res, 'category', [section]));
  const days = want.res.hits.map((h) => h.day);
  expect(show(days) === show([...days].sort().reverse()), () => `setup: the native engine's newest-first hits are not in date order: ${show(days)}`);
  await waitUrl(page, { q, category: section, sort: 'newest' }, 'after «الأحدث»');

  // This month, anchored on the archive's newest day (it ended before today).
  const anchor = anchorOf(docs);
  await clickChip(page, 'التاريخ', 'هذا الشهر');
  Object.assign(state, { from: isoDay(dayNumber(anchor) - 29), to: anchor });
  want = pageExpected(splitRef, state);
  expect(want.res.total > 0 && want.res.total < 100, () => `setup: expected a few hits in the last 30 days of the archive; the native engine finds ${want.res.total}`);
  await waitPage(page, want, `«${q}» in ${section}, newest first, this month (${state.from} to ${state.to})`, chipsFor(want.res, 'category', [section]));
  await waitUrl(page, { q, category: section, sort: 'newest', from: state.from, to: state.to }, 'after «هذا الشهر»');
  let f = await filtersShown(page);
  expect(f.groups['التاريخ'].includes('هذا الشهر ✓') && show(f.days) === show([state.from, state.to]),
    () => `expected «هذا الشهر» pressed and the date fields to hold ${state.from} and ${state.to}; saw ${show(f)}`);
  const pushed = (await historyLength(page)) - before;
  expect(pushed === 3, () => `expected each of the 3 choices to add a history entry; history grew by ${pushed}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'search-filtered.png');

  // The URL is the state: a reload and another page show the same.
  const url = await page.location();
  await page.reload();
  await waitPage(page, want, 'after a reload', chipsFor(want.res, 'category', [section]));
  const other = await t.page();
  await other.goto(url);
  await waitPage(other, want, 'the same URL in a new page', chipsFor(want.res, 'category', [section]));
  f = await filtersShown(other);
  expect(f.groups['الترتيب'].includes('الأحدث ✓') && f.groups['التاريخ'].includes('هذا الشهر ✓'), () => `a new page at ${url}: expected «الأحدث» and «هذا الشهر» pressed; saw ${show(f.groups)}`);

  // A custom range: the «from» field moved, the preset no longer pressed.
  const from = isoDay(dayNumber(anchor) - 90);
  await other.$eval('.fahras-filters input.fahras-day', (d, v) => {
    d.value = v;
    d.dispatchEvent(new Event('change', { bubbles: true }));
  }, from);
  state.from = from;
  want = pageExpected(splitRef, state);
  await waitPage(other, want, `«${q}» in ${section}, newest first, from ${from} to ${state.to}`, chipsFor(want.res, 'category', [section]));
  await waitUrl(other, { q, category: section, sort: 'newest', from, to: state.to }, 'after the custom range');
  f = await filtersShown(other);
  expect(!f.groups['التاريخ'].some((c) => c.endsWith('✓')) && show(f.days) === show([from, state.to]),
    () => `expected no date preset pressed for a custom range and the fields to hold it; saw ${show(f)}`);

  // «الكل» drops the section.
  await clickChip(other, 'القسم', 'الكل');
  delete state.filters;
  want = pageExpected(splitRef, state);
  await waitPage(other, want, `«${q}», every section`, chipsFor(want.res, 'category'));
  await waitUrl(other, { q, sort: 'newest', from, to: state.to }, 'after «الكل»');
});

test('search page: typing adds no history entry; Back and Forward restore the query, the section and the results loaded', async (t) => {
  const { splitRef } = t.corpus;
  const page = await t.page();
  const home = t.url('split', 'search.html');
  await page.goto(home);
  await waitPage(page, pageExpected(splitRef, {}), 'search.html with no query (the newest articles)');
  const h0 = await historyLength(page);

  const q = 'الحكومة';
  await typeQuery(page, q);
  const s1 = pageExpected(splitRef, { q });
  await waitPage(page, s1, `«${q}» typed`);
  await waitUrl(page, { q }, 'after typing');
  const h1 = await historyLength(page);
  expect(h1 === h0, () => `expected typing «${q}» key by key to replace the URL, not to add entries; history went from ${h0} to ${h1}`);

  const section = chipsFor(s1.res, 'category')[1].replace(/ \(\d+\)$/, '');
  await clickChip(page, 'القسم', section);
  const s2 = pageExpected(splitRef, { q, filters: { category: [section] } });
  await waitPage(page, s2, `«${q}» in ${section}`);
  await waitUrl(page, { q, category: section }, 'after the section');

  await page.click('.fahras-more');
  const s3 = pageExpected(splitRef, { q, filters: { category: [section] }, n: 2 * LIMIT });
  await waitPage(page, s3, `«${q}» in ${section} after «عرض المزيد»`);
  await waitUrl(page, { q, category: section, n: String(2 * LIMIT) }, 'after «عرض المزيد»');
  const h3 = await historyLength(page);
  expect(h3 === h0 + 2, () => `expected the section and «عرض المزيد» to add 2 history entries; history went from ${h0} to ${h3}`);

  // The URL opened as it is keeps n (a reload shows as many).
  await page.reload();
  await waitPage(page, s3, `a reload after «عرض المزيد»`);
  await waitUrl(page, { q, category: section, n: String(2 * LIMIT) }, 'a reload after «عرض المزيد»');

  // Away to another page of the site, and back: the state comes back with it.
  const here = await page.location();
  await page.goto(t.url('split', 'embed.html'));
  await waitState(page, 'ready', { root: '.sidebar .fahras' });
  if (t.browser === 'firefox') {
    t.allow('network', 'Firefox asks the server root for /favicon.ico when it goes Back to a page of its back-forward cache',
      (p) => p.status === 404 && p.source === new URL('/favicon.ico', here).href);
  }
  await go(page, -1);
  await page.waitForURL(here);
  await waitPage(page, s3, 'Back from embed.html');
  await waitUrl(page, { q, category: section, n: String(2 * LIMIT) }, 'Back from embed.html, once the page has loaded');

  await go(page, -1);
  await waitPage(page, s2, 'Back once more (before «عرض المزيد»)');
  await waitUrl(page, { q, category: section }, 'Back before «عرض المزيد»');
  await go(page, -1);
  // Typing replaced the entry of the page as opened: this is the query, before the section.
  await waitPage(page, s1, 'Back again (before the section)');
  await waitUrl(page, { q }, 'Back before the section');
  const back = { query: await page.inputValue('.fahras-input'), chips: (await filtersShown(page)).groups['القسم'] };
  expect(back.query === q && back.chips[0] === 'الكل ✓', () => `expected «${q}» in the box and «الكل» pressed after Back before the section; saw ${show(back)}`);
  await go(page, 1);
  await waitPage(page, s2, 'Forward (the section)');
  await waitUrl(page, { q, category: section }, 'Forward to the section');
  await go(page, 1);
  await waitPage(page, s3, 'Forward again («عرض المزيد»)');
  await waitUrl(page, { q, category: section, n: String(2 * LIMIT) }, 'Forward to «عرض المزيد»');

  // A new choice starts a new list: the URL drops n.
  await clickChip(page, 'القسم', 'الكل');
  await waitPage(page, s1, '«الكل» after «عرض المزيد»');
  await waitUrl(page, { q }, '«الكل» after «عرض المزيد»');
});

test('box → page: Enter with no active option opens search.html?q=…; with one, it does not', async (t) => {
  const page = await t.page();
  await page.goto(t.url('demo'));
  await waitState(page, 'ready');
  const q = 'حكومة';
  // The answer to the whole word: an earlier keystroke's, drawn after ArrowDown, would drop the
  // active option, and Escape would then clear the box.
  await searchFor(page, q);
  // An active option whose article has no URL (the seed's): Enter stays on the page.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 150))));
  expect(page.url() === t.url('demo'), () => `expected Enter on an option without a URL to stay on the page; it went to ${page.url()}`);
  await page.keyboard.press('Escape');
  const target = new URL('search.html', t.url('demo'));
  target.searchParams.set('q', q);
  await Promise.all([page.waitForURL(target.href), page.keyboard.press('Enter')]);
  await waitPage(page, pageExpected(t.seedIndex, { q }), `search.html?q=${q}`);
});

// ---------------------------------------------------------------------------------------------
// Destination highlighting: a small site of article pages, indexed from their HTML.

/** A site in a scratch folder: the built widget, the fixture articles, their index. */
function articleSite(t) {
  const dir = copySiteTo(t.scratch());
  fs.cpSync(path.join(FIXTURES, 'articles'), path.join(dir, 'articles'), { recursive: true });
  const index = path.join(dir, 'index.fahras');
  const r = runIndexBuilder(['build', path.join(dir, 'articles'), '--root', dir, '--output', index, '--single', '--quiet']);
  expect(r.status === 0, () => `setup: index-builder build of the fixture articles failed (${r.status}): ${r.stderr}`);
  return { dir, index, url: (file = '') => t.served(dir, file) };
}

/** The marks on an article page: their words, and what else the page shows. */
const marksOn = (page) => page.evaluate(() => {
  const marks = [...document.querySelectorAll('mark')];
  const first = marks[0]?.getBoundingClientRect();
  return {
    words: marks.map((m) => m.textContent),
    classes: [...new Set(marks.map((m) => m.className))],
    outside: marks.filter((m) => !m.closest('[data-fahras-body]')).length,
    inView: first ? first.top >= 0 && first.bottom <= innerHeight : null,
    scrollY: Math.round(scrollY),
    pwned: typeof window.__pwned === 'undefined' ? null : window.__pwned,
    elements: [...document.querySelectorAll('[data-fahras-body] *')].map((e) => e.tagName).filter((x) => !['H1', 'P', 'DIV', 'MARK'].includes(x)),
    text: document.querySelector('[data-fahras-body]').textContent,
  };
});

/** The article's text as written in its file. */
const sourceText = (page, file) => page.evaluate((html) => new DOMParser().parseFromString(html, 'text/html').querySelector('[data-fahras-body]').textContent,
  fs.readFileSync(file, 'utf8'));

/** Until fahras-embed.js has run on the page (its module evaluated: no marks can come later without ?fahras=). */
const embedRan = (page) => page.evaluate(() => import(new URL('../fahras-embed.js', location.href).href).then(() => true));

test('destination highlighting: a result opened from the search page marks «زيتون» with its clitics in the article, scrolled to; no ?fahras=, no marks', async (t) => {
  const site = articleSite(t);
  const q = 'زيتون';
  const page = await t.page();
  await page.goto(`${site.url('search.html')}?q=${encodeURIComponent(q)}`);
  const want = pageExpected(site.index, { q });
  expect(want.res.total === 1, () => `setup: expected one fixture article with «${q}»; the native engine finds ${want.res.total}`);
  await waitPage(page, want, `«${q}» on the article site`);
  const excerpt = await page.$$eval('.fahras-result .fahras-excerpt mark', (ms) => ms.map((m) => m.textContent));
  const article = site.url('articles/olive-harvest.html');
  const target = `${article}?fahras=${encodeURIComponent(q)}`;
  await Promise.all([page.waitForURL(target), page.click('.fahras-result a.fahras-title')]);
  const words = ['والزيتون', 'زيتون', 'بالزيتون'];
  const m = await waitFor(page, () => document.querySelectorAll('mark.fahras-mark').length > 0 && true, null, { what: 'marks on the article' }).then(() => marksOn(page));
  expect(show(m.words) === show(words) && show(m.classes) === show(['fahras-mark']) && m.outside === 0,
    () => `expected mark.fahras-mark around ${show(words)} inside [data-fahras-body] only (not «الزيتون» of the header, not «التين» nor «المعصرة»); saw ${show(m)}`);
  expect(excerpt.every((w) => m.words.includes(w)), () => `expected every word the result's excerpt marked (${show(excerpt)}) to be marked on the article; marked ${show(m.words)}`);
  expect(m.scrollY > 0 && m.inView, () => `expected the page scrolled to the first mark, in view; scrollY ${m.scrollY}, in view: ${m.inView}`);
  // The marks only wrap text: the article's text is as written, its markup-like text still text.
  const src = await sourceText(page, path.join(FIXTURES, 'articles', 'olive-harvest.html'));
  expect(m.text === src && m.pwned === null && m.elements.length === 0,
    () => `expected the marked article to keep its text exactly and no element but h1/p/div/mark (the escaped <img> stays text), window.__pwned undefined; saw ${show({ same: m.text === src, pwned: m.pwned, elements: m.elements })}`);
  await t.shot(page, 'article-marked.png');

  // Without ?fahras=: nothing marked.
  const plain = await t.page();
  await plain.goto(article);
  await embedRan(plain);
  await plain.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  const none = await marksOn(plain);
  expect(none.words.length === 0 && none.scrollY === 0, () => `expected no marks and no scrolling without ?fahras=; saw ${show(none)}`);
});

test('destination highlighting: a hostile ?fahras= marks text only; the box\'s ctrl-click opens the article in a new tab', async (t) => {
  const site = articleSite(t);
  const page = await t.page();
  const hostile = '<img src=x onerror="window.__pwned=2"> زيتون </mark><script>window.__pwned=3</script>';
  await page.goto(`${site.url('articles/olive-harvest.html')}?fahras=${encodeURIComponent(hostile)}`);
  await waitFor(page, () => document.querySelectorAll('mark.fahras-mark').length > 0, null, { what: 'marks on the article' });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  const m = await marksOn(page);
  const src = await sourceText(page, path.join(FIXTURES, 'articles', 'olive-harvest.html'));
  expect(m.pwned === null && m.elements.length === 0 && m.text === src && m.words.includes('زيتون'),
    () => `expected a query with markup to mark words of the text only (among them «زيتون»), no element added, window.__pwned undefined; saw ${show({ words: m.words, elements: m.elements, pwned: m.pwned, same: m.text === src })}`);

  // The box: options hold no links; a ctrl-click opens the article (with the query) in a new tab.
  const box = await t.page();
  await box.goto(site.url());
  await waitState(box, 'ready');
  await typeQuery(box, 'الزيتون');
  await waitState(box, 'results');
  const href = await box.getAttribute('.fahras-result', 'data-href');
  const want = `${site.url('articles/olive-harvest.html')}?fahras=${encodeURIComponent('الزيتون')}`;
  expect(href === want, () => `expected the option's data-href ${want}; saw ${show(href)}`);
  const tabs = (await t.context.pages()).length;
  await box.raw.keyboard.down('Control');
  await box.click('.fahras-result .fahras-title');
  await box.raw.keyboard.up('Control');
  const deadline = Date.now() + 5000;
  let opened;
  while (!(opened = (await t.context.pages()).find((p) => p.url() === want)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const now = (await t.context.pages()).map((p) => p.url());
  expect(opened, () => `expected a ctrl-click on the option to open ${want} in a new tab; the tabs are at ${show(now)}`);
  expect(box.url() === site.url() && now.length === tabs + 1, () => `expected the box's page to stay at ${site.url()} with one more tab; it is at ${box.url()}, the tabs at ${show(now)}`);
  await opened.close();
});

// ---------------------------------------------------------------------------------------------
// Deploys while a page is open.

const NEW_WORD = 'سنطارية'; // an invented place name, only in the articles a deploy adds
const ADDED = [1, 2, 3].map((i) => ({
  id: `new-${i}`,
  title: `افتتاح سوق جديدة في سنطارية (${i})`,
  body: `احتفل أهالي سنطارية بافتتاح السوق الجديدة، وقال رئيس البلدية إن المحلات الأولى ستفتح أبوابها قبل العيد (${i}).`,
  url: `articles/new-${i}.html`,
  date: `2023-12-2${i}`,
  category: 'محليات',
}));

/** A small split site in a scratch folder: the built widget and a 300-article corpus (seed `seed`). */
function splitSite(t, seed = 7) {
  const dir = copySiteTo(t.scratch());
  const jsonl = path.join(dir, 'corpus.jsonl');
  const docs = writeJsonl(jsonl, { seed, count: 300, places: 300 });
  const index = path.join(dir, 'index.fahras');
  build([jsonl, '--output', index, '--split']);
  return { dir, jsonl, docs, index, url: (file = '') => t.served(dir, file) };
}

function build(args) {
  const r = runIndexBuilder(['build', ...args, '--quiet']);
  expect(r.status === 0, () => `setup: ${INDEX_BUILDER} build ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** Publishes the site's corpus with ADDED as an --incremental build into the served folder. */
function deployIncremental(site) {
  const all = path.join(site.dir, 'corpus-2.jsonl');
  fs.writeFileSync(all, fs.readFileSync(site.jsonl, 'utf8') + ADDED.map((d) => JSON.stringify(d)).join('\n') + '\n');
  build([all, '--output', site.index, '--incremental']);
}

// The page checks for a new build when it comes back into view, at most every 30 s since it
// loaded or last checked. Its clock, moved forward by the case: the reader comes back a minute later.
const CLOCK = `(() => {
  const now = Date.now;
  window.__fahrasE2eSkew = 0;
  Date.now = () => now() + window.__fahrasE2eSkew;
})();`;
const comeBack = (page) => page.evaluate(() => {
  window.__fahrasE2eSkew += 60e3;
  window.dispatchEvent(new Event('focus'));
});

test('deploy, incremental: an open page sees the new build when it comes back into view (focus), without a reload', async (t) => {
  const site = splitSite(t);
  const page = await t.page();
  await page.raw.evaluateOnNewDocument(CLOCK);
  await page.goto(site.url());
  await waitState(page, 'ready');
  await typeQuery(page, 'طرابلس');
  await waitShown(page, expected(site.index, 'طرابلس'), { what: '«طرابلس» before the deploy' });
  await page.fill('.fahras-input', NEW_WORD);
  await waitState(page, 'empty');
  deployIncremental(site);
  const want = expected(site.index, NEW_WORD);
  expect(want.res.total === ADDED.length, () => `setup: the native engine finds ${want.res.total} for «${NEW_WORD}» after the deploy`);
  await comeBack(page);
  await waitShown(page, want, { what: `«${NEW_WORD}» after the deploy and a focus` });
  const ready = await page.evaluate(() => document.querySelector('.fahras-status').textContent);
  await page.fill('.fahras-input', '');
  await waitState(page, 'ready');
  const status = (await shown(page)).status;
  const docs = `اكتب للبحث في ${countPhrase(site.docs.length + ADDED.length, ARTICLES)}.`;
  expect(status.startsWith(docs), () => `expected the ready status to count the new build's articles: ${show(docs)}; saw ${show(status)} (with the word: ${show(ready)})`);
});

test('deploy, replaced: a search that needs shards of the replaced build moves to the new one, with no error', async (t) => {
  const site = splitSite(t);
  const shards = `${site.url('index.fahras.shards/')}`;
  t.allow('network', 'the shards of the build the deploy replaced (deleted)', (p) => p.status === 404 && p.source.startsWith(shards));
  const page = await t.page();
  await page.goto(site.url());
  await waitState(page, 'ready');
  await typeQuery(page, 'ستولتنبرغ');
  await waitShown(page, expected(site.index, 'ستولتنبرغ'), { what: '«ستولتنبرغ» before the deploy' });
  const q = 'طرابلس';
  const old = expected(site.index, q);

  // Another corpus, built fresh: a new manifest, the old shards gone.
  fs.rmSync(`${site.index}.shards`, { recursive: true });
  fs.rmSync(site.index);
  const jsonl = path.join(site.dir, 'other.jsonl');
  writeJsonl(jsonl, { seed: 99, count: 300, places: 300 });
  build([jsonl, '--output', site.index, '--split']);
  const want = expected(site.index, q);
  expect(show(want.titles) !== show(old.titles), 'setup: the new corpus should answer «طرابلس» otherwise than the old');
  await page.fill('.fahras-input', q);
  await waitShown(page, want, { what: `«${q}» after the index folder was replaced` });
  const state = await page.$eval('.fahras', (r) => r.dataset.state);
  expect(state === 'results', () => `expected the results state, no error; saw ${state}`);
  const refused = t.allowed().filter((p) => p.source.startsWith(shards)).length;
  t.note(`${refused} requests of the replaced build answered 404 before the page moved to the new one`);

});

test('deploy, broken: a file the current manifest names is missing: an error that says to publish the whole folder', async (t) => {
  const site = splitSite(t);
  const shards = `${site.url('index.fahras.shards/')}`;
  t.allow('network', 'the dictionary shards deleted on purpose', (p) => p.status === 404 && p.source.startsWith(`${shards}d`));
  const page = await t.page();
  await page.goto(site.url());
  await waitState(page, 'ready');
  for (const f of fs.readdirSync(`${site.index}.shards`).filter((x) => x.startsWith('d'))) fs.rmSync(path.join(`${site.index}.shards`, f));
  await page.fill('.fahras-input', 'الحكومة');
  await waitState(page, 'error');
  const s = await page.$eval('.fahras-status', (e) => ({ text: e.textContent, role: e.getAttribute('role') }));
  expect(s.role === 'alert' && s.text.startsWith('تعذّر البحث: ') && s.text.includes(`${shards}d`) && s.text.includes('404')
    && s.text.endsWith('publish index.fahras with index.fahras.shards/ from one build'),
  () => `expected an alert «تعذّر البحث: …» naming the missing dictionary shard (404) and ending with the advice to publish the whole index folder from one build; saw ${show(s)}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'deploy-missing-file.png');
});

test('offline, saved build: after an incremental deploy the page saves the new build, drops the old one; offline it answers from the new build', async (t) => {
  const site = splitSite(t);
  const page = await t.page();
  await page.raw.evaluateOnNewDocument(CLOCK);
  await page.goto(site.url());
  await waitState(page, 'ready');
  await untilControlled(page);
  const manifest = site.url('index.fahras');
  const saved = () => page.evaluate(async (m) => ({
    build: localStorage.getItem(`fahras-saved ${m}`),
    caches: (await caches.keys()).filter((k) => k.startsWith('fahras-saved-')),
    button: document.querySelector('.fahras-save').hasAttribute('data-saved'),
  }), manifest);
  /** The files of the folder that the cache `name` lacks (the manifest, every file a browser fetches). */
  const lacking = (name) => page.evaluate(async ([n, urls]) => {
    const cache = await caches.open(n);
    const out = [];
    for (const u of urls) if (!(await cache.match(u))) out.push(u.split('/').pop());
    return out;
  }, [name, [manifest, ...browserFiles(site.index).map((f) => site.url(`index.fahras.shards/${f.name}`))]]);

  await page.click('.fahras-save');
  await waitFor(page, () => document.querySelector('.fahras-save').hasAttribute('data-saved'), null, { timeout: 20000, what: 'the save button to get data-saved' });
  const s1 = await saved();
  expect(/^[0-9a-f]{16}$/.test(s1.build) && show(s1.caches) === show([`fahras-saved-${s1.build}`]),
    () => `expected one saved cache, fahras-saved-<build>, for the build the page remembers; saw ${show(s1)}`);
  let missing = await lacking(s1.caches[0]);
  expect(missing.length === 0, () => `expected ${s1.caches[0]} to hold the manifest and every shard a browser fetches; it lacks ${show(missing)}`);

  deployIncremental(site);
  await comeBack(page);
  await waitFor(page, ([m, old]) => {
    const b = localStorage.getItem(`fahras-saved ${m}`);
    return b !== old && document.querySelector('.fahras-save').hasAttribute('data-saved');
  }, [manifest, s1.build], { timeout: 20000, what: 'the page to save the new build', seen: async () => show(await saved()) });
  const s2 = await saved();
  expect(s2.build !== s1.build && show(s2.caches) === show([`fahras-saved-${s2.build}`]),
    () => `expected only the new build's cache (fahras-saved-<new build>) once it is saved, the old one (${s1.build}) dropped; saw ${show(s2)}`);
  missing = await lacking(s2.caches[0]);
  expect(missing.length === 0, () => `expected ${s2.caches[0]} to hold the new manifest and every shard of the new build; it lacks ${show(missing)}`);

  await goOffline(t, page);
  const failed = failures(page);
  await page.reload();
  await waitState(page, 'ready');
  for (const q of [NEW_WORD, 'برلين']) {
    await page.fill('.fahras-input', q);
    await waitShown(page, expected(site.index, q), { what: `offline, «${q}» (from the saved new build)` });
  }
  noneFailed(failed, 'offline reload after the new build was saved');
});
