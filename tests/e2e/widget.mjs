// Reading and driving the search widget from a test, with failure messages that say what was
// expected and what the page showed.

export class Failure extends Error {}

export function expect(cond, message) {
  if (!cond) throw new Failure(typeof message === 'function' ? message() : message);
}

export const show = (v) => JSON.stringify(v);

/**
 * Polls `fn(arg)` in the page (page.evaluate goes through the DevTools protocol, so the page's
 * CSP does not stand in the way) until it returns a truthy value; returns that value.
 */
export async function waitFor(page, fn, arg, { timeout = 10000, interval = 40, what = 'the condition', seen } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() > deadline) {
      const saw = seen ? await seen() : show(v);
      throw new Failure(`expected ${what} within ${timeout} ms; saw ${saw}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** A summary of the widget under `root` (a selector of the .fahras element). */
export function widget(page, root = '.fahras') {
  return page.evaluate((sel) => {
    const w = document.querySelector(sel);
    if (!w) return { missing: sel };
    const input = w.querySelector('.fahras-input');
    const status = w.querySelector('.fahras-status');
    const hits = [...w.querySelectorAll('.fahras-result')];
    return {
      state: w.getAttribute('data-state'),
      query: input?.value,
      status: status?.textContent,
      statusRole: status?.getAttribute('role'),
      hits: hits.length,
      first: hits[0] && {
        title: hits[0].querySelector('.fahras-title')?.textContent,
        marks: [...hits[0].querySelectorAll('mark')].map((m) => m.textContent),
      },
    };
  }, root);
}

/** Waits until the widget's data-state is `want`. */
export async function waitState(page, want, { root = '.fahras', timeout = 10000 } = {}) {
  await waitFor(page, ([sel, s]) => document.querySelector(sel)?.getAttribute('data-state') === s, [root, want], {
    timeout,
    what: `${root} to reach data-state=${want}`,
    seen: async () => show(await widget(page, root)),
  });
}

/** Opens `url` and waits for the widget to have loaded its index. */
export async function openReady(page, url, { root = '.fahras' } = {}) {
  const resp = await page.goto(url);
  expect(resp?.ok(), () => `expected ${url} to load with 200; saw ${resp?.status()}`);
  await waitState(page, 'ready', { root });
}

/** Types `query` into the widget's input key by key, as a reader would. */
export async function typeQuery(page, query, { root = '.fahras', delay = 40 } = {}) {
  await page.click(`${root} .fahras-input`);
  await page.keyboard.type(query, { delay });
  const value = await page.inputValue(`${root} .fahras-input`);
  expect(value === query, () => `expected the input to hold ${show(query)} after typing; it holds ${show(value)}`);
}

/** Types `query` and waits for results; returns the marked words of every hit, hit by hit. */
export async function searchFor(page, query, { root = '.fahras', state = 'results' } = {}) {
  await typeQuery(page, query, { root });
  // Searches are asynchronous: wait for the answer to the whole query, not to a keystroke
  // before it (the widget says which query its results answer in data-query).
  await waitFor(page, ([sel, s, q]) => {
    const w = document.querySelector(sel);
    return w?.getAttribute('data-state') === s && w.dataset.query === q;
  }, [root, state, query], { what: `${root} to show the answer to ${show(query)} (data-state=${state})`, seen: async () => show(await widget(page, root)) });
  return page.$$eval(`${root} .fahras-result`, (lis) => lis.map((li) => [...li.querySelectorAll('mark')].map((m) => m.textContent)));
}

// The widget's Arabic counting (count() in www/fahras-embed.js), to know what its status line should say.
export const RESULTS = { one: 'نتيجة واحدة', two: 'نتيجتان', few: 'نتائج', many: 'نتيجة' };
export const ARTICLES = { one: 'مقال واحد', two: 'مقالين', few: 'مقالات', many: 'مقالًا' };
export function countPhrase(n, noun) {
  if (n === 1) return noun.one;
  if (n === 2) return noun.two;
  const grouped = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped} ${n % 100 >= 3 && n % 100 <= 10 ? noun.few : noun.many}`;
}

/**
 * The status line the widget shows for a search whose answer is `res` (as `index-builder query
 * --json` prints it; renderStatus in www/fahras-embed.js): the count, and what the query ran as.
 */
export function statusFor(res) {
  const q = res.query.trim();
  if (res.total === 0) {
    const dym = res.suggestions.length ? ` هل تقصد: ${res.suggestions.join('، ')}؟` : '';
    return `لا نتائج لـ «${q}».${dym}`;
  }
  const count = countPhrase(res.total, RESULTS);
  if (res.rewrite === 'keyboard') return `${count} لـ «${res.ran_as}»، فقد كُتب «${q}» بلوحة مفاتيح أخرى.`;
  if (res.rewrite === 'typo') return `${count} لـ «${res.ran_as}» بعد تصحيح «${q}».`;
  return `${count}.`;
}

/** What the widget shows: its state, status, and the title and marked words of each hit. */
export function shown(page, root = '.fahras') {
  return page.evaluate((sel) => {
    const w = document.querySelector(sel);
    if (!w) return { state: `no ${sel} yet`, query: null, status: null, titles: [], marks: [] };
    const hits = [...w.querySelectorAll('.fahras-result')];
    return {
      state: w.getAttribute('data-state'),
      query: w.querySelector('.fahras-input').value,
      status: w.querySelector('.fahras-status').textContent,
      titles: hits.map((li) => li.querySelector('.fahras-title')?.textContent),
      marks: hits.map((li) => [...li.querySelectorAll('mark')].map((m) => m.textContent)),
    };
  }, root);
}

/**
 * Waits until the widget shows exactly `want` ({status, titles}), as a search that has finished
 * (searches are asynchronous: while a split index fetches files, the results of an earlier
 * keystroke stay on screen); then checks that it still does after a moment, so that no late
 * search replaced it.
 */
export async function waitShown(page, want, { root = '.fahras', timeout = 10000, what = 'the results' } = {}) {
  const same = (s) => s.status === want.status && show(s.titles) === show(want.titles);
  const deadline = Date.now() + timeout;
  let s;
  for (;;) {
    s = await shown(page, root);
    if (same(s)) break;
    if (Date.now() > deadline) {
      throw new Failure(`expected ${what} to show the status ${show(want.status)} and the titles ${show(want.titles)} within ${timeout} ms; ` +
        `saw the status ${show(s.status)} and the titles ${show(s.titles)} (data-state=${s.state}, query ${show(s.query)})`);
    }
    await new Promise((r) => setTimeout(r, 40));
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 150))));
  const after = await shown(page, root);
  expect(same(after), () => `${what}: the expected results were replaced a moment later by the status ${show(after.status)} and the titles ${show(after.titles)}`);
  return after;
}
