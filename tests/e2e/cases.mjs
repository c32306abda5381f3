// The end-to-end test cases. Each is `test(name, async (t) => …, sessionOptions?)`; `t` gives:
//   t.page()             a new page in the case's own browser context (watched for console
//                        errors, page errors, failed requests, CSP violations and dialogs)
//   t.url(site, file)    the URL of a file in one copy of the site (sites: see site.mjs)
//   t.allow(kind, why, test)   a problem the case provokes on purpose (see browser.mjs)
//   t.shot(page, name)   a screenshot into tests/e2e/artifacts/<browser>/
//   t.save(name, text)   a file into the same directory
//   t.browser            'chromium' or 'firefox' (every case runs in both)
//   t.limit(what)        why this browser cannot do `what` ('colorScheme', 'mobile'), or null
//   t.seedIndex, t.hostileIndex   the index files, for the native engine's answers
//   t.corpus             the synthetic corpus of the split site: { jsonl, docs, splitIndex, splitRef }
//   t.scratch()          a new empty directory for the case's own files (under the served root)
//   t.served(dir, file)  the URL of a file in such a directory
//   t.context            the case's browser context (to go offline, to route requests)
//   t.tally              what every earlier case saw (for the final CSP case)

import fs from 'node:fs';
import path from 'node:path';
import { auditCases } from './cases-a11y.mjs';
import { pageCases } from './cases-page.mjs';
import { splitCases } from './cases-split.mjs';
import { DIST, cliQuery, documentCount } from './site.mjs';
import {
  ARTICLES, RESULTS, countPhrase, expect, openReady, searchFor, show, typeQuery, waitFor, waitState, widget,
} from './widget.mjs';

export const cases = [];
const test = (name, fn, session = {}) => cases.push({ name, fn, session });

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
// The browser's report of a refused inline script: a console error in Chromium (worded
// differently across versions), a page error in Firefox.
const INLINE_REFUSED = {
  console: /^(Refused to execute|Executing) inline script (because it )?violates the following Content Security Policy directive:? ["']script-src 'self' 'wasm-unsafe-eval'["']/,
  pageerror: /^Content-Security-Policy: The page’s settings blocked an inline script \(script-src-elem\) from being executed because it violates the following directive: “script-src 'self' 'wasm-unsafe-eval'”/,
};
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
const isFocused = (sel) => document.activeElement === document.querySelector(sel);

/** The marked words of every hit, in order. */
const allMarks = (hits) => hits.flat();

/** The browser's first hit must be the native engine's first hit, and the count must agree. */
async function agreesWithEngine(page, indexFile, query) {
  const native = cliQuery(indexFile, query);
  const w = await widget(page);
  expect(native.total > 0, () => `the native engine finds nothing for ${show(query)}; the fixture changed?`);
  expect(w.hits === Math.min(native.total, 10), () => `expected ${Math.min(native.total, 10)} hits for ${show(query)} (as index-builder query finds); saw ${w.hits}`);
  const title = native.hits[0].title;
  expect(w.first?.title === title, () => `expected the first hit to be ${show(title)}; saw ${show(w.first?.title)}`);
  return { native, w };
}

// ---------------------------------------------------------------------------------------------
// The demo page and the Arabic search features.

test('demo page loads to ready with the document count, then typing «حكومة» key by key shows a marked hit', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  const n = documentCount(t.seedIndex);
  const w = await widget(page);
  const want = `اكتب للبحث في ${countPhrase(n, ARTICLES)}.`;
  expect(w.status.startsWith(want), () => `expected the ready status to start with ${show(want)}; saw ${show(w.status)}`);
  const aria = await page.$eval('.fahras', (root) => {
    const input = root.querySelector('.fahras-input');
    return {
      progress: root.querySelectorAll('progress').length,
      role: input.getAttribute('role'),
      expanded: input.getAttribute('aria-expanded'),
      controls: document.getElementById(input.getAttribute('aria-controls'))?.getAttribute('role'),
      label: document.querySelector(`label[for="${input.id}"]`)?.textContent,
      dir: root.getAttribute('dir'),
      lang: root.getAttribute('lang'),
    };
  });
  expect(aria.progress === 0, 'expected the progress bar to be gone once the index is loaded; it is still there');
  // The demo asks for offline reading, but a one-file index is saved whole by the service
  // worker already: no "save for offline" button.
  const save = await page.$eval('.fahras-save', (b) => b.hidden);
  expect(save, 'expected no save-for-offline button on a one-file index (it is offered for split indexes only)');
  expect(
    aria.role === 'combobox' && aria.expanded === 'false' && aria.controls === 'listbox' && aria.label && aria.dir === 'rtl' && aria.lang === 'ar',
    () => `expected an RTL Arabic combobox controlling a listbox, labelled, collapsed; saw ${show(aria)}`,
  );
  await t.shot(page, 'demo-ready.png');

  const hits = await searchFor(page, 'حكومة');
  const first = hits[0] || [];
  expect(first.some((m) => m.includes('حكوم')), () => `expected a <mark> containing «حكوم» in the first hit; its marks are ${show(first)}`);
  const excerptMarks = await page.$$eval('.fahras-result:first-child .fahras-excerpt mark', (ms) => ms.map((m) => m.textContent));
  expect(excerptMarks.some((m) => m.includes('حكوم')), () => `expected the first hit's excerpt to mark a word with «حكوم»; its excerpt marks ${show(excerptMarks)}`);
  const { native } = await agreesWithEngine(page, t.seedIndex, 'حكومة');
  const status = (await widget(page)).status;
  const count = `${countPhrase(native.total, RESULTS)}.`;
  expect(status === count, () => `expected the status ${show(count)}; saw ${show(status)}`);
  const expanded = await page.getAttribute('.fahras-input', 'aria-expanded');
  expect(expanded === 'true', () => `expected aria-expanded=true with results shown; saw ${show(expanded)}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'demo-results.png');
  if (t.limit('colorScheme')) {
    t.note(`no demo-dark.png: ${t.limit('colorScheme')}`);
  } else {
    await page.emulateMedia({ colorScheme: 'dark' });
    await t.shot(page, 'demo-dark.png');
  }
});

test('prefix: «طرا» finds طرابلس, marked', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  const hits = await searchFor(page, 'طرا');
  expect((hits[0] || []).includes('طرابلس'), () => `expected the first hit to mark «طرابلس»; its marks are ${show(hits[0])}`);
  await agreesWithEngine(page, t.seedIndex, 'طرا');
});

test('keyboard layout: «fvgdk» runs as «برلين» and says so', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  const hits = await searchFor(page, 'fvgdk');
  const { status } = await widget(page);
  expect(status.includes('«برلين»') && status.includes('«fvgdk»') && status.includes('لوحة مفاتيح أخرى'),
    () => `expected the status to say «fvgdk» was typed with another keyboard layout and ran as «برلين»; saw ${show(status)}`);
  expect(allMarks(hits).includes('برلين'), () => `expected a hit marking «برلين»; the marks are ${show(hits)}`);
});

test('Arabic-Indic digits: «٢٥١٠» finds and marks 2510', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  await searchFor(page, '٢٥١٠');
  const marks = await page.$$eval('.fahras-excerpt mark', (ms) => ms.map((m) => m.textContent));
  expect(marks.includes('2510'), () => `expected an excerpt marking «2510»; the excerpt marks are ${show(marks)}`);
});

test('typo: «ستولتنبرع» is corrected to «ستولتنبرغ»', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  const hits = await searchFor(page, 'ستولتنبرع');
  const { status } = await widget(page);
  expect(status.includes('بعد تصحيح') && status.includes('«ستولتنبرغ»'),
    () => `expected the status to say the query ran as «ستولتنبرغ» after a correction; saw ${show(status)}`);
  expect(allMarks(hits).includes('ستولتنبرغ'), () => `expected a hit marking «ستولتنبرغ»; the marks are ${show(hits)}`);
  await agreesWithEngine(page, t.seedIndex, 'ستولتنبرع');
});

test('no results: «زززززز» shows the empty state', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  await searchFor(page, 'زززززز', { state: 'empty' });
  const w = await widget(page);
  expect(w.status.includes('لا نتائج') && w.status.includes('«زززززز»'),
    () => `expected the status to say there are no results for «زززززز»; saw ${show(w.status)}`);
  expect(w.hits === 0, () => `expected no result items in the empty state; saw ${w.hits}`);
  const ui = await page.$eval('.fahras', (r) => ({
    expanded: r.querySelector('.fahras-input').getAttribute('aria-expanded'),
    moreHidden: r.querySelector('.fahras-more').hidden,
  }));
  expect(ui.expanded === 'false' && ui.moreHidden, () => `expected aria-expanded=false and no «عرض المزيد» button; saw ${show(ui)}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'demo-empty.png');
});

test('keyboard: / and Ctrl+K focus, arrows select, Escape clears, examples run', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  const input = '.fahras-input';

  // `/` from the page body focuses the box, and is not typed into it.
  await page.click('h1');
  expect(!(await page.evaluate(isFocused, input)), 'expected the input not to be focused after clicking the heading');
  await page.keyboard.press('/');
  await waitFor(page, isFocused, input, { timeout: 2000, what: '`/` to focus the search input' });
  const typed = await page.inputValue(input);
  expect(typed === '', () => `expected \`/\` not to be typed into the box; it holds ${show(typed)}`);

  await page.keyboard.type('حكومة', { delay: 30 });
  await waitState(page, 'results');
  const selection = () => page.evaluate((sel) => {
    const i = document.querySelector(sel);
    const opts = [...document.querySelectorAll('.fahras-result')];
    return {
      activedescendant: i.getAttribute('aria-activedescendant'),
      selected: opts.filter((o) => o.getAttribute('aria-selected') === 'true').map((o) => o.id),
      active: opts.filter((o) => o.classList.contains('is-active')).map((o) => o.id),
      firstId: opts[0]?.id,
      query: i.value,
      state: document.querySelector('.fahras').dataset.state,
    };
  }, input);
  let s = await selection();
  expect(s.activedescendant === null && s.selected.length === 0, () => `expected no active option before the arrows; saw ${show(s)}`);

  await page.keyboard.press('ArrowDown');
  s = await selection();
  expect(s.firstId && s.selected.length === 1 && s.selected[0] === s.firstId && s.activedescendant === s.firstId && s.active[0] === s.firstId,
    () => `expected ArrowDown to select the first option (aria-selected=true, .is-active, aria-activedescendant=its id); saw ${show(s)}`);

  await page.keyboard.press('ArrowUp');
  s = await selection();
  expect(s.activedescendant === null && s.selected.length === 0, () => `expected ArrowUp from the first option to clear the selection; saw ${show(s)}`);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  s = await selection();
  expect(s.activedescendant === null && s.selected.length === 0 && s.query === 'حكومة' && s.state === 'results',
    () => `expected the first Escape to clear the selection and keep the query and results; saw ${show(s)}`);
  await page.keyboard.press('Escape');
  await waitState(page, 'ready');
  s = await selection();
  expect(s.query === '', () => `expected the second Escape to clear the query; the box holds ${show(s.query)}`);

  // Inside the box `/` is just a character.
  await page.keyboard.press('/');
  const slash = await page.inputValue(input);
  expect(slash === '/', () => `expected \`/\` typed in the box to stay in it; it holds ${show(slash)}`);
  await page.fill(input, '');
  await waitState(page, 'ready');

  // Ctrl+K from elsewhere.
  await page.click('h1');
  expect(!(await page.evaluate(isFocused, input)), 'expected the input to lose focus after clicking the heading');
  await page.keyboard.press('Control+k');
  await waitFor(page, isFocused, input, { timeout: 2000, what: 'Ctrl+K to focus the search input' });

  // The examples in the ready state are buttons that run their query.
  const examples = await page.$$eval('.fahras-status .fahras-suggestion', (bs) => bs.map((b) => b.dataset.suggestion));
  expect(examples.includes('طرا'), () => `expected the ready state to offer the example «طرا» (from data-examples); it offers ${show(examples)}`);
  await page.click('.fahras-status .fahras-suggestion[data-suggestion="طرا"]');
  await waitState(page, 'results');
  const after = await widget(page);
  expect(after.query === 'طرا' && after.first?.marks.includes('طرابلس'),
    () => `expected the example to search «طرا» and mark «طرابلس»; saw ${show(after)}`);
  expect(await page.evaluate(isFocused, input), 'expected the input to be focused after clicking an example');
});

// ---------------------------------------------------------------------------------------------
// Corpus text that tries to get out of the page's text: markup, scripts, URLs, bidi controls.

const HOSTILE_QUERY = 'الزيتون';
const SAFE_TAGS = ['LI', 'SPAN', 'DIV', 'TIME', 'P', 'MARK'];

/** `url` with `?fahras=<query>` added, as the widget links a same-origin result. */
export const withQuery = (url, query) => {
  const u = new URL(url);
  u.searchParams.set('fahras', query);
  return u.href;
};

test('hostile index: markup and script URLs in the corpus stay inert text; only the http(s) option navigates', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('hostile'));
  const hits = await searchFor(page, HOSTILE_QUERY);
  const native = cliQuery(t.hostileIndex, HOSTILE_QUERY);
  expect(hits.length === native.total && native.total === 6, () => `expected all 6 fixture articles as results; saw ${hits.length} (index-builder query finds ${native.total})`);

  const inspect = () => page.evaluate((safe) => {
    const list = document.querySelector('.fahras-results');
    const all = [...list.querySelectorAll('*')];
    const options = [...list.querySelectorAll('li.fahras-result')];
    return {
      pwned: typeof window.__pwned === 'undefined' ? null : window.__pwned,
      unsafeTags: [...new Set(all.map((e) => e.tagName).filter((tag) => !safe.includes(tag)))],
      handlerAttrs: all.flatMap((e) => [...e.attributes].filter((a) => /^on|^style$|^srcdoc$|^formaction$|^href$|^src$/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      roles: options.map((li) => li.getAttribute('role')),
      hrefs: options.filter((li) => li.hasAttribute('data-href')).map((li) => li.dataset.href),
      noHref: options.filter((li) => !li.hasAttribute('data-href')).length,
      spanTitles: list.querySelectorAll('li.fahras-result > span.fahras-title').length,
      scriptsInWidget: document.querySelectorAll('.fahras script, .fahras img, .fahras svg, .fahras iframe').length,
      titles: [...list.querySelectorAll('.fahras-title')].map((e) => e.textContent),
      url: location.href,
    };
  }, SAFE_TAGS);
  const navigations = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
  const check = async (when) => {
    const s = await inspect();
    expect(navigations.length === 0, () => `${when}: expected no navigation; the page went to ${show(navigations)}`);
    expect(s.pwned === null, () => `${when}: expected window.__pwned to stay undefined; it is ${show(s.pwned)}`);
    expect(s.unsafeTags.length === 0 && s.scriptsInWidget === 0, () => `${when}: expected only ${SAFE_TAGS.join('/')} elements in the results (no links: an option is not a link); saw ${show(s.unsafeTags)}`);
    expect(s.handlerAttrs.length === 0, () => `${when}: expected no event-handler, style, href or src attributes in the results; saw ${show(s.handlerAttrs)}`);
    expect(s.url === t.url('hostile'), () => `${when}: expected the page to stay at ${t.url('hostile')}; it is at ${s.url}`);
    return s;
  };

  const s = await check('after the search');
  const target = withQuery(t.url('hostile', 'articles/olive.html'), HOSTILE_QUERY);
  expect(s.roles.every((r) => r === 'option') && s.spanTitles === 6, () => `expected 6 li[role=option] each with a span.fahras-title; saw roles ${show(s.roles)} and ${s.spanTitles} span titles`);
  expect(s.hrefs.length === 1 && s.hrefs[0] === target,
    () => `expected exactly one option with a data-href, ${target} (the relative URL resolved against the index, with ?fahras= the query); saw ${show(s.hrefs)}`);
  expect(s.noHref === 5, () => `expected the 5 options with javascript:/data:/vbscript: URLs to have no data-href; saw ${s.noHref}`);
  const literal = s.titles.find((x) => x.includes('<script>window.__pwned=1</script>'));
  expect(literal, () => `expected the <script> in a title to be shown as text; the titles are ${show(s.titles)}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'hostile.png');

  // Hover every option; click (also middle-click and ctrl-click) every one that has no URL.
  const n = hits.length;
  const linkAt = await page.$$eval('.fahras-result', (lis) => lis.findIndex((li) => li.hasAttribute('data-href')));
  const pagesBefore = (await t.context.pages()).length;
  for (let i = 0; i < n; i++) {
    const option = page.locator('.fahras-result').nth(i);
    await option.locator('.fahras-title').hover();
    if (i === linkAt) continue;
    await option.click();
    await option.evaluate((li) => {
      li.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true }));
      li.dispatchEvent(new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    });
  }
  await check('after hovering and clicking the options without a URL');
  const pagesAfter = (await t.context.pages()).length;
  expect(pagesAfter === pagesBefore, () => `expected no new tab from clicking options without a URL; there were ${pagesBefore} pages, now ${pagesAfter}`);
  await page.mouse.move(0, 0);
  await page.focus('.fahras-input');
  // Hovering made the last option active; the first Escape clears that (a second would clear the query).
  const clearSelection = async () => {
    if (await page.getAttribute('.fahras-input', 'aria-activedescendant')) await page.keyboard.press('Escape');
  };
  await clearSelection();
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('ArrowDown');
    if (i !== linkAt) {
      await page.keyboard.press('Enter');
      await check(`after Enter on result ${i + 1}`);
    }
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
  await check('after Enter on every result without a URL');

  // Enter on the one http(s) option opens it, with the query for the article to mark.
  await clearSelection();
  for (let i = 0; i <= linkAt; i++) await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(target, { timeout: 5000 }), page.keyboard.press('Enter')]);
  const h1 = await page.textContent('h1');
  expect(h1 === 'دليل المبتدئين إلى زراعة الزيتون', () => `expected Enter to open the linked article; its heading is ${show(h1)}`);
});

test('hostile index: bidi override controls in titles and bodies are not rendered', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('hostile'));
  await searchFor(page, HOSTILE_QUERY);
  const found = await page.$$eval('.fahras-result', (lis) => lis.flatMap((li) =>
    [...li.querySelectorAll('.fahras-title, .fahras-excerpt')].map((e) => e.textContent)));
  const bad = found.filter((x) => /[\u202A-\u202E\u2066-\u2069]/u.test(x));
  expect(found.some((x) => x.includes('المعمّرة')), () => `expected the bidi fixture article among the results; saw ${show(found)}`);
  expect(bad.length === 0, () => `expected no U+202A–U+202E / U+2066–U+2069 in titles and excerpts; found them in ${show(bad)}`);
});

test('hostile index: bidi override controls in the category are not rendered', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('hostile'));
  await searchFor(page, HOSTILE_QUERY);
  const meta = await page.$$eval('.fahras-meta', (ms) => ms.map((m) => m.textContent));
  expect(meta.some((x) => x.includes('تراث')), () => `expected the bidi fixture's category «تراث» among the results; saw ${show(meta)}`);
  const bad = meta.filter((x) => BIDI.test(x));
  expect(bad.length === 0, () => `expected no U+202A–U+202E / U+2066–U+2069 in the rendered dates and categories (titles and excerpts drop them); found ${show(bad.map((x) => x.replace(BIDI, '<U+202E…>')))}`);
});

test('more results: «عرض المزيد» pages through (embed.html, data-limit=5, hostile index)', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('hostile', 'embed.html'));
  await searchFor(page, HOSTILE_QUERY);
  const before = await page.$eval('.fahras', (r) => ({ hits: r.querySelectorAll('.fahras-result').length, more: !r.querySelector('.fahras-more').hidden }));
  expect(before.hits === 5 && before.more, () => `expected 5 of 6 hits and a visible «عرض المزيد»; saw ${show(before)}`);
  await page.click('.fahras-more');
  await waitFor(page, () => document.querySelectorAll('.fahras-result').length === 6, null, {
    timeout: 3000, what: '6 hits after «عرض المزيد»', seen: async () => show(await widget(page)),
  });
  const after = await page.$eval('.fahras', (r) => ({
    ids: [...r.querySelectorAll('.fahras-result')].map((li) => li.id),
    more: !r.querySelector('.fahras-more').hidden,
  }));
  expect(new Set(after.ids).size === 6 && !after.more, () => `expected 6 distinct options and the button hidden; saw ${show(after)}`);
});

// ---------------------------------------------------------------------------------------------
// Broken indexes: a clear error, and a page that still works.

test('truncated index: error state with role=alert saying «truncated»', async (t) => {
  const page = await t.page();
  const started = Date.now();
  await page.goto(t.url('truncated'));
  await waitState(page, 'error', { timeout: 5000 });
  const w = await widget(page);
  expect(w.statusRole === 'alert', () => `expected the status to have role=alert; saw role=${show(w.statusRole)}`);
  expect(w.status.startsWith('تعذّر تحميل البحث: ') && w.status.includes('truncated'),
    () => `expected «تعذّر تحميل البحث: …truncated…»; saw ${show(w.status)}`);
  expect(await page.$$eval('.fahras-progress', (p) => p.length) === 0, 'expected the progress bar to be removed on error');
  await typeQuery(page, 'حكومة');
  const after = await widget(page);
  expect(after.state === 'error' && after.hits === 0, () => `expected typing to leave the error state as it was; saw ${show(after)}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'error-truncated.png');
  t.note(`error after ${Date.now() - started} ms`);
});

/** The one problem that a deliberately missing file causes: a 404 for exactly that URL. */
function allow404(t, url) {
  t.allow('network', `the deliberately missing ${url}`, (p) => p.source === url && p.status === 404);
}

async function brokenIndex(t, site, file) {
  const indexUrl = t.url(site, file);
  allow404(t, indexUrl);
  const page = await t.page();
  await page.goto(t.url(site));
  await waitState(page, 'error', { timeout: 5000 });
  const w = await widget(page);
  expect(w.statusRole === 'alert', () => `expected the status to have role=alert; saw role=${show(w.statusRole)}`);
  expect(w.status.startsWith('تعذّر تحميل البحث: ') && w.status.includes('404') && w.status.includes(indexUrl),
    () => `expected «تعذّر تحميل البحث: …» naming ${indexUrl} and the 404; saw ${show(w.status)}`);
  await typeQuery(page, 'حكومة');
  const after = await widget(page);
  expect(after.state === 'error' && after.hits === 0 && after.query === 'حكومة',
    () => `expected the box to take the typing and the error to stay; saw ${show(after)}`);
  const intact = await page.evaluate(() => ({
    h1: document.querySelector('.masthead h1')?.textContent.trim(),
    footer: !!document.querySelector('footer.colophon a[href="embed.html"]'),
    widgets: document.querySelectorAll('.fahras').length,
  }));
  expect(intact.h1?.endsWith('فهرس') && intact.footer && intact.widgets === 1, () => `expected the rest of the page intact; saw ${show(intact)}`);
  // The browser's report may trail the widget's error state by a moment.
  const deadline = Date.now() + 2000;
  while (!t.allowed().some((p) => p.source === indexUrl) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(t.allowed().some((p) => p.source === indexUrl), () => `expected the browser to report the 404 of ${indexUrl} (the only failed request allowed here); it did not`);
  return page;
}

test('missing index: error state mentioning the 404, page still usable', async (t) => {
  const page = await brokenIndex(t, 'missing', 'index.fahras');
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'error.png');
});

test('misspelled data-index: error state naming the misspelled URL and the 404', async (t) => {
  await brokenIndex(t, 'misspelled', 'indx.fahras');
});

// ---------------------------------------------------------------------------------------------
// Embedding, small screens, the Content-Security-Policy.

test('embed.html: the sidebar widget searches and leaves the article alone', async (t) => {
  const page = await t.page();
  const root = '.sidebar .fahras';
  await openReady(page, t.url('demo', 'embed.html'), { root });
  const source = fs.readFileSync(path.join(DIST, 'embed.html'), 'utf8');
  const article = () => page.evaluate((html) => ({
    live: document.querySelector('article.article').outerHTML,
    original: new DOMParser().parseFromString(html, 'text/html').querySelector('article.article').outerHTML,
  }), source);
  const a = await article();
  expect(a.live === a.original, 'expected the article to be exactly as in embed.html after the widget mounted');
  const hits = await searchFor(page, 'طرا', { root });
  expect((hits[0] || []).includes('طرابلس'), () => `expected the sidebar's first hit to mark «طرابلس»; saw ${show(hits)}`);
  expect(hits.length <= 5, () => `expected at most 5 hits (data-limit=5); saw ${hits.length}`);
  const b = await article();
  expect(b.live === b.original, 'expected the article to be exactly as in embed.html after searching');
  const page2 = await page.evaluate(() => ({
    marksOutside: [...document.querySelectorAll('mark')].filter((m) => !m.closest('.fahras')).length,
    css: document.querySelectorAll('link[rel=stylesheet][href$="fahras.css"]').length,
    widgets: document.querySelectorAll('.fahras').length,
    fits: (() => {
      const aside = document.querySelector('.sidebar').getBoundingClientRect();
      const w = document.querySelector('.sidebar .fahras').getBoundingClientRect();
      return w.left >= aside.left - 0.5 && w.right <= aside.right + 0.5;
    })(),
  }));
  expect(page2.marksOutside === 0 && page2.css === 1 && page2.widgets === 1 && page2.fits,
    () => `expected one widget inside the sidebar's width, fahras.css linked once, no marks outside it; saw ${show(page2)}`);
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'embed.png');
});

const noHorizontalScroll = () => {
  const de = document.documentElement;
  const wide = [...document.querySelectorAll('.fahras, .fahras *')]
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5); })
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
  return { scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, wide: [...new Set(wide)] };
};

test('mobile 390×844: results fit the width (demo, embed, hostile)', async (t) => {
  for (const [site, file, query] of [['demo', '', 'حكومة'], ['demo', 'embed.html', 'طرا'], ['hostile', '', HOSTILE_QUERY]]) {
    const page = await t.page();
    await openReady(page, t.url(site, file));
    await searchFor(page, query);
    const m = await page.evaluate(noHorizontalScroll);
    expect(m.scrollWidth <= m.innerWidth && m.wide.length === 0,
      () => `${site}/${file || 'index.html'} with «${query}»: expected no horizontal scrolling (scrollWidth <= innerWidth) and every widget element within the viewport; saw ${show(m)}`);
    if (site === 'demo' && !file) {
      await page.locator('.fahras-input').blur();
      await t.shot(page, 'demo-mobile.png');
    }
  }
}, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

test('preload hints: each demo page hints the script, the glue, the WebAssembly and the manifest, and fetches each once (the downloads the hints started are reused)', async (t) => {
  const HINTED = ['fahras-embed.js', 'fahras.js', 'fahras_bg.wasm.gz', 'index.fahras'];
  for (const [file, query] of [['', null], ['search.html', 'حكومة'], ['embed.html', null]]) {
    const page = await t.page();
    const url = t.url('split', file) + (query ? `?q=${encodeURIComponent(query)}` : '');
    const fetched = [];
    const warnings = [];
    page.raw.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    page.raw.on('console', (m) => { if (/preload/i.test(m.text())) warnings.push(m.text()); });
    const resp = await page.goto(url);
    expect(resp?.ok(), () => `expected ${url} to load with 200; saw ${resp?.status()}`);
    await waitFor(page, () => /^(ready|results|empty)$/.test(document.querySelector('.fahras')?.dataset.state), [], { what: `${url}: the widget to load its index` });
    const hints = await page.evaluate(() => [...document.querySelectorAll('link[rel=preload], link[rel=modulepreload]')].map((l) => ({ href: l.href, as: l.as, rel: l.rel, cors: l.crossOrigin })));
    for (const f of HINTED) {
      const hint = hints.find((h) => new URL(h.href).pathname.endsWith(`/${f}`));
      expect(hint && (hint.rel === 'modulepreload' || (hint.as === 'fetch' && hint.cors === 'anonymous')),
        () => `${url}: expected a modulepreload, or a preload as=fetch crossorigin, of ${f}; the hints are ${show(hints)}`);
      // A preload the page's fetch cannot reuse (other credentials, other URL) is fetched twice.
      const n = fetched.filter((p) => p.endsWith(`/${f}`)).length;
      expect(n === 1, () => `${url}: expected ${f} to be fetched once (the hint's download reused); fetched ${n} times: ${show(fetched)}`);
    }
    expect(warnings.length === 0, () => `${url}: expected no warning about a preload; saw ${show(warnings)}`);
  }
});

// Split indexes, offline reading, the single-file export: cases-split.mjs; the search page,
// destination highlighting, deploys: cases-page.mjs; accessibility audits: cases-a11y.mjs (all
// before the CSP case, which checks that no earlier case saw a violation).
cases.push(...splitCases, ...pageCases, ...auditCases);

test('CSP: both pages carry the strict policy, it is enforced, and no case saw a violation', async (t) => {
  for (const file of ['', 'embed.html']) {
    const page = await t.page();
    const url = t.url('demo', file);
    await openReady(page, url);
    const meta = await page.evaluate(() => {
      const head = [...document.head.children];
      const m = head.findIndex((e) => e.matches('meta[http-equiv="Content-Security-Policy" i]'));
      const firstLoad = head.findIndex((e) => e.matches('script, link'));
      return { content: head[m]?.getAttribute('content'), m, firstLoad };
    });
    expect(meta.content === CSP, () => `${url}: expected the CSP meta ${show(CSP)}; saw ${show(meta.content)}`);
    expect(meta.m >= 0 && meta.m < meta.firstLoad, () => `${url}: expected the CSP meta before any script or link in <head>; it is child ${meta.m}, the first script/link is ${meta.firstLoad}`);
    await searchFor(page, 'حكومة', { root: '.fahras' });
    const clean = await page.evaluate(() => window.__cspViolations);
    expect(Array.isArray(clean) && clean.length === 0, () => `${url}: expected no CSP violations after loading and searching; saw ${show(clean)}`);

    // The policy really applies: an injected inline script is refused (and the watcher sees it).
    t.allow('csp', 'the inline script injected on purpose', (p) => p.blocked === 'inline' && p.directive === 'script-src-elem' && p.page === url);
    for (const kind of ['console', 'pageerror']) {
      t.allow(kind, 'the inline script injected on purpose', (p) => p.url === url && INLINE_REFUSED[kind].test(p.text));
    }
    const r = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.append(s);
      return new Promise((ok) => setTimeout(() => ok({ ran: window.__inlineRan === true, seen: window.__cspViolations.map((v) => v.directive) }), 50));
    });
    expect(!r.ran && r.seen.includes('script-src-elem'), () => `${url}: expected an injected inline script to be refused and reported; saw ${show(r)}`);
  }
  const earlier = t.tally.csp;
  expect(t.tally.pages > 0 && earlier.length === 0, () => `expected no CSP violation on any of the ${t.tally.pages} pages of the earlier cases; saw ${show(earlier)}`);
});
