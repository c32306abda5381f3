// End-to-end cases of the split index (a manifest and shards fetched on demand), offline reading
// (the service worker of data-offline and the «حفظ للقراءة دون اتصال» button) and the single-file
// export (`index-builder export-html`, opened from disk). Same conventions as cases.mjs, whose
// list these join (before its CSP case).
//
// The split site is the demo page over the synthetic corpus of corpus.mjs (about 3,000
// articles, built with --split); the same corpus built with --single (t.corpus.splitRef) gives
// the native engine's answers to compare with.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, REPO, cliIds, cliQuery, runIndexBuilder, shardFiles } from './site.mjs';
import {
  ARTICLES, countPhrase, expect, openReady, searchFor, show, shown, statusFor, typeQuery, waitFor, waitShown, waitState,
} from './widget.mjs';

export const splitCases = [];
const test = (name, fn, session = {}) => splitCases.push({ name, fn, session });

const ARCHIVE = path.join(REPO, 'tests', 'e2e', 'fixtures', 'archive.jsonl');
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

/** What the widget should show for `query`, from the native engine over `indexFile`. */
export function expected(indexFile, query, opts) {
  const res = cliQuery(indexFile, query, opts);
  return { res, status: statusFor(res), titles: res.hits.map((h) => h.title) };
}

/** Empties the search box (the widget goes back to ready), then types `query` key by key. */
async function retype(page, query) {
  await page.fill('.fahras-input', '');
  await waitState(page, 'ready');
  await typeQuery(page, query);
}

/**
 * The shard files a browser may fetch: all but the x files (the state the next --incremental
 * build reads, which a page never asks for, so a saved build need not hold it).
 */
export const browserFiles = (indexFile) => shardFiles(indexFile).filter((f) => f.kind !== 'x');

/** Counts files by their kind letter: {d: 3, p: 22, …}. */
const byKind = (files) => files.reduce((n, f) => ({ ...n, [f.kind]: (n[f.kind] || 0) + 1 }), {});
const kinds = (n) => ['d', 'p', 'q', 'g'].map((k) => `${k} ${n[k] || 0}`).join(', ');

/**
 * Waits until a service worker controls the page (fahras-sw.js calls clients.claim(), so the
 * first visit is usually enough); reloads once if it does not. Returns whether it reloaded.
 */
export async function untilControlled(page, { reload = true, timeout = 5000 } = {}) {
  const controlled = () => !!navigator.serviceWorker?.controller;
  const what = 'a service worker to control the page';
  try {
    await waitFor(page, controlled, null, { timeout, what });
    return false;
  } catch (e) {
    if (!reload) throw e;
  }
  await page.reload();
  await waitState(page, 'ready');
  await waitFor(page, controlled, null, { timeout, what: `${what} after a reload` });
  return true;
}

/** The URLs among `urls` that no cache of the page's origin holds. */
export const uncached = (page, urls) => page.evaluate(async (us) => {
  const out = [];
  for (const u of us) if (!(await caches.match(u))) out.push(u);
  return out;
}, urls);

/**
 * Takes the context offline, and proves it: a file that no cache holds cannot be fetched any
 * more, not even by the service worker (a worker whose own fetches still reached the server
 * would make every offline check pass trivially).
 */
export async function goOffline(t, page) {
  const probe = new URL(`offline-probe-${Date.now()}.txt`, page.url()).href;
  const why = 'the probe fetched on purpose with the network off';
  t.allow('network', why, (p) => p.source === probe && p.error);
  // Firefox also reports the worker's failed answer as an error of the page.
  t.allow('pageerror', why, (p) => p.text.startsWith(`Failed to load ‘${probe}’. A ServiceWorker passed a promise to FetchEvent.respondWith() that rejected`));
  await t.context.setOffline(true);
  const got = await page.evaluate(async (u) => {
    try {
      return `HTTP ${(await fetch(u)).status}`;
    } catch (_) {
      return 'refused';
    }
  }, probe);
  expect(got === 'refused', () => `expected a fetch of ${probe} (never cached) to fail once offline; it got ${got}: the network is not off for the service worker`);
}

/** Records the requests of `page` that fail, as «URL (reason)», but those `except` matches. */
export function failures(page, except = () => false) {
  const list = [];
  page.on('requestfailed', (r) => except(r.url()) || list.push(`${r.url()} (${r.failure()?.errorText})`));
  return list;
}

/** Every file a reload needs offline must come from the cache: none may fail. */
export function noneFailed(list, when) {
  expect(list.length === 0, () => `${when}: expected every file the page asks for to come from the service worker's cache; ${list.length} failed: ${list.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// The split index: same hits as one file, and little to download.

// Each query is typed key by key into the split site's widget; the titles shown (unique in the
// corpus, so they name the articles), their order and the status must be those that
// `index-builder query` gives on the one-file build, which must give the split build's ids.
// Two cases of seven queries, to stay well within the runner's time per case.
const WORD_QUERIES = [
  'طرابلس', // a full word, in about one article in six
  'الحكومة', // in most articles
  'برلين',
  'ستولتنبرغ', // in a few dozen
  'للحكومة', // with a proclitic
  'طرا', // a prefix being typed
  'ستولت',
];
const OTHER_QUERIES = [
  'وادي ميت', // a prefix after a full word (an invented place name)
  '"مؤتمر برلين"', // a phrase: positions files
  'برلين -مؤتمر', // an exclusion
  'الحكومة طرابلس', // two words
  'ستولتنبرع', // a typo
  'fvgdk', // «برلين» on the other keyboard layout
  'زززززز', // nothing
];

async function sameHits(t, page, queries, { each = async () => {} } = {}) {
  const { splitIndex, splitRef, docs } = t.corpus;
  const idOf = new Map(docs.map((d) => [d.title, d.id]));
  for (const q of queries) {
    const ids = cliIds(splitRef, q);
    const splitIds = cliIds(splitIndex, q);
    expect(show(ids) === show(splitIds), () => `«${q}»: index-builder query gives other hits on the split index (${splitIds.length}: ${show(splitIds.slice(0, 10))}) than on the one-file index (${ids.length}: ${show(ids.slice(0, 10))})`);
    const ref = expected(splitRef, q);
    await retype(page, q);
    const s = await waitShown(page, ref, { what: `the browser on the split index, for «${q}»,` });
    const shownIds = s.titles.map((x) => idOf.get(x));
    expect(show(shownIds) === show(ids.slice(0, shownIds.length)), () => `«${q}»: expected the ids ${show(ids.slice(0, shownIds.length))}; the titles shown are those of ${show(shownIds)}`);
    const unmarked = s.titles.filter((_, i) => s.marks[i].length === 0);
    expect(unmarked.length === 0, () => `«${q}»: expected every hit to mark what matched; these mark nothing: ${show(unmarked)}`);
    await each(q, ref);
  }
}

test('split index: the --split build has shards; words and prefixes typed key by key show the one-file index\'s hits', async (t) => {
  const { splitIndex, splitRef, docs } = t.corpus;
  const files = shardFiles(splitIndex);
  const n = byKind(files);
  expect(n.d >= 2 && n.p >= 8 && n.q >= 2 && n.g >= 100,
    () => `expected the --split build of ${docs.length} articles to have several dictionaries, postings shards, positions files and document groups; it has ${kinds(n)}`);
  const manifest = fs.readFileSync(splitIndex);
  expect(manifest.length < 4096 && manifest[0] === 0x1f && manifest[1] === 0x8b,
    () => `expected index.fahras to be a small gzipped manifest; it is ${manifest.length} bytes starting ${manifest.subarray(0, 2).toString('hex')}`);
  const plain = files.filter((f) => {
    const head = Buffer.alloc(2);
    const fd = fs.openSync(path.join(`${splitIndex}.shards`, f.name), 'r');
    fs.readSync(fd, head, 0, 2, 0);
    fs.closeSync(fd);
    return !(head[0] === 0x1f && head[1] === 0x8b);
  });
  expect(plain.length === 0, () => `expected every shard to be gzipped; these are not: ${plain.map((f) => f.name).join(', ')}`);

  const page = await t.page();
  await openReady(page, t.url('split'));
  const ready = (await shown(page)).status;
  const want = `اكتب للبحث في ${countPhrase(docs.length, ARTICLES)}.`;
  expect(ready.startsWith(want), () => `expected the ready status to start with ${show(want)} (from the manifest); saw ${show(ready)}`);

  await sameHits(t, page, WORD_QUERIES, {
    each: async (q, ref) => {
      if (q === 'الحكومة') {
        // The second page of hits comes from the split index too.
        const more = expected(splitRef, q, { limit: 20 });
        await page.click('.fahras-more');
        await waitShown(page, { status: ref.status, titles: more.titles }, { what: `«${q}» after «عرض المزيد»` });
      }
      if (q === 'طرابلس') {
        await page.locator('.fahras-input').blur();
        await t.shot(page, 'split-results.png');
      }
    },
  });
  t.note(`${WORD_QUERIES.length} queries, same hits as ${path.basename(splitRef)}; the split build has ${files.length} shard files (${kinds(n)}), manifest ${manifest.length} bytes`);
});

test('split index: a phrase, an exclusion, two words, a typo, the other layout and nothing show the one-file index\'s hits', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('split'));
  await sameHits(t, page, OTHER_QUERIES);
  t.note(`${OTHER_QUERIES.length} queries, same hits as ${path.basename(t.corpus.splitRef)}`);
});

test('split index: typing «طرابلس» key by key on a cold page fetches a few shards, retyping it none', async (t) => {
  const { splitIndex } = t.corpus;
  const files = shardFiles(splitIndex);
  const allBytes = files.reduce((s, f) => s + f.bytes, 0);
  const word = 'طرابلس';
  const page = await t.page();
  const log = [];
  let pending = 0;
  let typing = ''; // what the box held when a request started
  const ofIndex = (u) => /\/index\.fahras(\.shards\/|$)/.test(new URL(u).pathname);
  page.on('request', (r) => {
    if (!ofIndex(r.url())) return;
    pending++;
    const name = new URL(r.url()).pathname.split('/').pop();
    log.push({ r, url: r.url(), name, shard: r.url().includes('.shards/'), kind: name[0], bytes: 0, after: typing });
  });
  const done = async (r, failed) => {
    const e = log.find((x) => x.r === r);
    if (!e) return;
    try {
      if (failed) e.failed = r.failure()?.errorText || 'failed';
      else e.bytes = (await r.response()?.buffer())?.length || 0;
    } finally {
      pending--;
    }
  };
  page.on('requestfinished', (r) => done(r, false));
  page.on('requestfailed', (r) => done(r, true));
  // The fetches a search starts (and those it starts ahead for the word being typed) end within
  // a moment: waits until none has been running for three polls in a row.
  const idle = async () => {
    const deadline = Date.now() + 5000;
    for (let quiet = 0; quiet < 3;) {
      expect(Date.now() < deadline, () => `expected the index fetches to end within 5 s; ${pending} still running`);
      quiet = pending === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  await openReady(page, t.url('split'));
  await idle();
  const atReady = log.slice();
  expect(atReady.filter((e) => !e.shard).length === 1 && atReady.every((e) => !e.shard),
    () => `expected the page to fetch the manifest once and no shard before anything is typed; it fetched ${show(atReady.map((e) => e.name))}`);

  const ref = expected(t.corpus.splitRef, word);
  await page.click('.fahras-input');
  for (const ch of word) {
    typing += ch;
    await page.keyboard.type(ch);
    await new Promise((r) => setTimeout(r, 40)); // typeQuery's pace
  }
  await waitShown(page, ref, { what: `«${word}»` });
  await idle();
  const typed = log.filter((e) => e.shard);
  const names = typed.map((e) => e.name);
  const dup = names.filter((x, i) => names.indexOf(x) !== i);
  const bytes = typed.reduce((s, e) => s + e.bytes, 0);
  const n = byKind(typed);
  t.note(`typing «${word}» key by key: ${typed.length} shard requests (${kinds(n)}), ${kb(bytes)} of the ${kb(allBytes)} in ${files.length} shard files; manifest ${kb(atReady[0].bytes)}`);
  const steps = [...word].map((_, i) => word.slice(0, i + 1)).map((p) => {
    const at = typed.filter((e) => e.after === p);
    return `«${p}» ${at.length} (${kb(at.reduce((s, e) => s + e.bytes, 0))})`;
  });
  t.note(`shard requests started after each key: ${steps.join(', ')}`);
  expect(log.filter((e) => !e.shard).length === 1, () => `expected the manifest to be fetched once; it was fetched ${log.filter((e) => !e.shard).length} times`);
  expect(typed.every((e) => !e.failed), () => `expected every shard fetch to succeed; failed: ${show(typed.filter((e) => e.failed).map((e) => `${e.name} ${e.failed}`))}`);
  // The page's own record of what it fetched (resource timing), to tell a second download from
  // a second event for one download.
  const timing = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('.shards/')));
  const timingDup = timing.filter((x, i) => timing.indexOf(x) !== i).map((u) => u.split('/').pop());
  expect(dup.length === 0 && timingDup.length === 0, () => `expected no shard to be fetched twice; fetched again: ${show(dup)} (the page's resource timing lists ${timing.length} shard fetches, again ${show(timingDup)})`);
  expect(!n.q, () => `expected no positions file for a one-word query (only phrases need positions); fetched ${show(typed.filter((e) => e.kind === 'q').map((e) => e.name))}`);
  expect((n.d || 0) <= 2 && (n.p || 0) <= 4, () => `expected at most 2 dictionaries and 4 postings shards for one word; fetched ${kinds(n)}`);
  expect(typed.length < 30 && typed.length * 10 < files.length && bytes * 10 < allBytes,
    () => `expected fewer than 30 shard requests, under 10% of the ${files.length} files and of their ${kb(allBytes)}; saw ${typed.length} requests, ${kb(bytes)} (${kinds(n)})`);

  // Retyping the word: everything is in memory already.
  const before = log.length;
  await retype(page, word);
  await waitShown(page, ref, { what: `«${word}» typed again` });
  await idle();
  const again = log.slice(before).map((e) => e.name);
  t.note(`cleared and typed again: ${again.length} requests`);
  expect(again.length === 0, () => `expected typing «${word}» again to fetch nothing (the shards are cached); it fetched ${show(again)}`);
});

// A prefix of a word that is in most of the documents.
test('split index: typing «الحكومة» (in most articles) shows its hits at every keystroke from «الحك» on', async (t) => {
  const { splitRef, docs } = t.corpus;
  const word = 'الحكومة';
  const page = await t.page();
  await openReady(page, t.url('split'));
  await page.click('.fahras-input');
  const seen = [];
  const bad = [];
  for (let i = 0; i < word.length; i++) {
    const prefix = word.slice(0, i + 1);
    await page.keyboard.type(word[i]);
    // The widget shows what the native engine answers (case «a dozen queries»); wait for it.
    const s = await waitShown(page, expected(splitRef, prefix), { what: `«${prefix}»` });
    seen.push(`«${prefix}» ${s.status}`);
    const marksIt = s.marks.some((ms) => ms.some((m) => m.startsWith(prefix)));
    if (prefix.length >= 4 && (s.state !== 'results' || s.status.includes('بعد تصحيح') || !marksIt)) {
      bad.push(`«${prefix}»: ${show(s.status)}, marks ${show([...new Set(s.marks.flat())].slice(0, 4))}`);
    }
  }
  t.note(`key by key: ${seen.join(' | ')}`);
  const total = cliQuery(splitRef, word).total;
  expect(bad.length === 0, () => `expected every prefix of «${word}» from «الحك» on to show hits marking a word that begins with it, since «${word}» is in ${total} of the ${docs.length} articles; ` +
    `instead ${bad.join('; ')} (index-builder query on the one-file index answers the same: completions in more than max(20% of the documents, 1000) are dropped)`);
});

// ---------------------------------------------------------------------------------------------
// Offline reading.

test('offline, one-file index: after one visit the demo reloads and searches with the network off', async (t) => {
  const page = await t.page();
  await openReady(page, t.url('demo'));
  const reloaded = await untilControlled(page);
  await searchFor(page, 'حكومة');
  // The worker caches what the page loaded before it took control when the page tells it to.
  const needed = ['', 'index.fahras', 'fahras.js', 'fahras-embed.js', 'fahras_bg.wasm.gz', 'fahras.css', 'style.css'].map((f) => t.url('demo', f));
  await waitFor(page, async (urls) => {
    for (const u of urls) if (!(await caches.match(u))) return false;
    return true;
  }, needed, { what: 'the service worker to cache the page, its scripts and styles, the wasm and the index', seen: async () => `missing ${show(await uncached(page, needed))}` });

  await goOffline(t, page);
  const failed = failures(page);
  // The network is off (goOffline proved it): a page the worker controls got its document from
  // the worker's cache. (Firefox's BiDi does not say whether a response came from a worker.)
  const resp = await page.reload();
  const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
  expect(resp?.ok() && controlled, () => `expected the offline reload to be answered by the service worker; got ${resp?.status()} (a worker controls the page: ${controlled})`);
  await waitState(page, 'ready');
  const hits = await searchFor(page, 'طرابلس');
  const ref = cliQuery(t.seedIndex, 'طرابلس');
  const s = await waitShown(page, { status: statusFor(ref), titles: ref.hits.map((h) => h.title) }, { what: 'offline, «طرابلس»' });
  expect(hits.flat().includes('طرابلس'), () => `expected the offline hits to mark «طرابلس»; they mark ${show(hits)}`);
  t.note(`offline: ${s.status} (${reloaded ? 'after a reload to get the worker' : 'the worker took control on the first visit'})`);
  noneFailed(failed, 'offline reload of the demo');
});

test('offline: after one visit, a reload with the network off loads every file of the page (demo, its icon too)', async (t) => {
  // fahras-sw.js: «after one visit search keeps working with the network off». The page's own
  // files too: what the first visit loaded before the worker took control is what it has.
  const page = await t.page();
  const asked = [];
  page.on('request', (r) => asked.push(r.url()));
  await openReady(page, t.url('demo'));
  await untilControlled(page, { reload: false });
  // The worker is told to keep them once it is active: wait until it has (a reader going
  // offline within a moment of the first visit is not the case here).
  const files = [...new Set(asked)].filter((u) => u.startsWith(t.url('demo')));
  const rel = (u) => u.slice(t.url('demo').length) || './';
  await waitFor(page, async (urls) => {
    for (const u of urls) if (!(await caches.match(u))) return false;
    return true;
  }, files, { what: `the service worker to cache every file of the first visit (${show(files.map(rel))})`, seen: async () => `missing ${show((await uncached(page, files)).map(rel))}` });
  await goOffline(t, page);
  const failed = failures(page);
  await page.reload();
  await waitState(page, 'ready');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
  const missing = await uncached(page, files);
  expect(failed.length === 0, () => `expected every file of the first visit (${files.length}: ${show(files.map(rel))}) to load offline from the worker's cache; ` +
    `these failed: ${failed.join(', ')} (in no cache: ${show(missing.map(rel))})`);
});

// Words not searched before going offline (the screenshot shows the last one).
const OFFLINE_QUERIES = ['برلين', 'ستولتنبرغ', 'وادي ميتازي', 'طرابلس -الحكومة', '"مؤتمر برلين"'];

test('offline, split index: «حفظ للقراءة دون اتصال» saves every shard; offline, new words are found', async (t) => {
  const { splitIndex, splitRef } = t.corpus;
  const files = browserFiles(splitIndex);
  const page = await t.page();
  await openReady(page, t.url('split'));
  await untilControlled(page);
  const button = () => page.$eval('.fahras-save', (b) => ({ hidden: b.hidden, text: b.textContent, saved: b.hasAttribute('data-saved') }));
  const b0 = await button();
  expect(!b0.hidden && b0.text === 'حفظ للقراءة دون اتصال' && !b0.saved, () => `expected a visible «حفظ للقراءة دون اتصال» button, not saved yet; saw ${show(b0)}`);
  const t0 = Date.now();
  await page.click('.fahras-save');
  await waitFor(page, () => document.querySelector('.fahras-save').hasAttribute('data-saved'), null, {
    timeout: 30000, what: 'the save button to get data-saved', seen: async () => show(await button()),
  });
  const ms = Date.now() - t0;
  const b1 = await button();
  const urls = [t.url('split', 'index.fahras'), ...files.map((f) => t.url('split', `index.fahras.shards/${f.name}`))];
  const missing = await uncached(page, urls);
  expect(missing.length === 0, () => `expected a cache to hold the manifest and all ${files.length} shard files (all but x: see browserFiles) once the button says ${show(b1.text)}; ${missing.length} are missing: ${show(missing.slice(0, 10).map((u) => u.split('/').pop()))}`);
  t.note(`saved ${files.length} shard files in ${ms} ms; the button says ${show(b1.text)}`);

  await goOffline(t, page);
  const failed = failures(page);
  await page.reload();
  await waitState(page, 'ready');
  const b2 = await button();
  expect(b2.saved && b2.text === b1.text, () => `expected the reloaded page to remember the saved index (${show(b1.text)}); the button says ${show(b2)}`);
  for (const q of OFFLINE_QUERIES) {
    const ref = expected(splitRef, q);
    expect(ref.res.total > 0, () => `the native engine finds nothing for «${q}»; the corpus changed?`);
    await retype(page, q);
    const s = await waitShown(page, ref, { what: `offline, «${q}»` });
    expect(s.marks.every((m) => m.length > 0), () => `offline, «${q}»: expected every hit to mark what matched; saw ${show(s.marks)}`);
  }
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'offline.png');
  noneFailed(failed, 'offline reload of the split site');
});

test('offline, split index: what was searched before the service worker took control is saved too', async (t) => {
  const { splitIndex, splitRef } = t.corpus;
  const files = browserFiles(splitIndex);
  // A slow network: the worker's script arrives only once the reader's first search has shown
  // its hits, so that search runs before the worker controls the page.
  let release;
  const searched = new Promise((r) => (release = r));
  await t.context.route('**/fahras-sw.js', async (route) => {
    await searched;
    await route.continue();
  });
  const page = await t.page();
  const word = 'طرابلس';
  const before = [];
  const onRequest = (r) => r.url().includes('.shards/') && before.push(r.url().split('/').pop());
  page.on('request', onRequest);
  let early;
  try {
    await openReady(page, t.url('split'));
    await typeQuery(page, word);
    await waitShown(page, expected(splitRef, word), { what: `«${word}»` });
    early = await page.evaluate(() => !!navigator.serviceWorker?.controller);
  } finally {
    page.off('request', onRequest);
    release();
  }
  expect(!early, 'setup: expected the first search to run before the service worker controls the page');
  await untilControlled(page, { reload: false, timeout: 10000 });
  await page.click('.fahras-save');
  await waitFor(page, () => document.querySelector('.fahras-save').hasAttribute('data-saved'), null, { timeout: 30000, what: 'the save button to get data-saved' });
  const urls = files.map((f) => t.url('split', `index.fahras.shards/${f.name}`));
  const missing = (await uncached(page, urls)).map((u) => u.split('/').pop());
  let offline = '';
  if (missing.length) {
    // What the reader sees: offline, the same word (one search, not one per key).
    await goOffline(t, page);
      await page.reload();
    await waitState(page, 'ready');
    await page.fill('.fahras-input', word);
    await waitFor(page, () => ['results', 'error', 'empty'].includes(document.querySelector('.fahras').dataset.state), null, { what: 'the offline search to end' });
    offline = (await shown(page)).status;
  }
  const fetchedEarly = missing.filter((m) => before.includes(m)).length;
  expect(missing.length === 0, () => `expected «حفظ للقراءة دون اتصال» to leave every shard in the cache once it says ✓; ${missing.length} of ${files.length} are missing ` +
    `(${missing.join(', ')}), ${fetchedEarly} of them among the ${before.length} that the search for «${word}» fetched before the worker took control; offline, «${word}» then shows ${show(offline)}`);
});

// ---------------------------------------------------------------------------------------------
// The single-file export.

test('export-html: one self-contained file opened from disk (file://) searches; a split index is refused', async (t) => {
  const dir = t.scratch();
  const index = path.join(dir, 'archive.fahras');
  const html = path.join(dir, 'archive.html');
  let r = runIndexBuilder(['build', ARCHIVE, '--output', index, '--single', '--quiet']);
  expect(r.status === 0, () => `expected index-builder build --single to succeed; exit ${r.status}: ${r.stderr}`);
  r = runIndexBuilder(['export-html', index, '--output', html, '--site', DIST]);
  expect(r.status === 0 && fs.existsSync(html), () => `expected export-html to write ${html}; exit ${r.status}: ${r.stderr}`);
  const size = fs.statSync(html).size;

  const refused = path.join(dir, 'split.html');
  r = runIndexBuilder(['export-html', t.corpus.splitIndex, '--output', refused, '--site', DIST]);
  expect(r.status === 2 && r.stderr.includes('--single') && !fs.existsSync(refused),
    () => `expected export-html of a split index to fail with exit 2, a message mentioning --single and no file; exit ${r.status}, file ${fs.existsSync(refused) ? 'written' : 'absent'}, stderr ${show(r.stderr)}`);

  const page = await t.page();
  const requests = [];
  page.on('request', (q) => requests.push(q.url()));
  await page.goto(pathToFileURL(html).href);
  const docs = fs.readFileSync(ARCHIVE, 'utf8').trim().split('\n').length;
  // The archive is a search page (mode "page"): with no query it lists every article, newest first.
  const browse = expected(index, '', { sort: 'newest', limit: 20 });
  const all = await waitShown(page, { status: `${countPhrase(docs, ARTICLES)}، الأحدث أولًا.`, titles: browse.titles }, { what: 'the exported page before a query' });
  const head = await page.evaluate(() => ({
    title: document.title,
    save: document.querySelector('.fahras-save').hidden,
    links: document.querySelectorAll('.fahras-result a.fahras-title').length,
  }));
  expect(head.title === `أرشيف: ${countPhrase(docs, ARTICLES)}` && head.save,
    () => `expected the title «أرشيف: ${countPhrase(docs, ARTICLES)}» and no save button; saw ${show(head)}`);
  expect(all.titles.length === docs, () => `expected all ${docs} articles listed before a query; saw ${all.titles.length}`);

  for (const q of ['طرابلس', 'ستولتنبرع']) {
    const ref = expected(index, q, { limit: 20 });
    expect(ref.res.total > 0, () => `the native engine finds nothing for «${q}» in the archive fixture; it changed?`);
    await page.fill('.fahras-input', q);
    const s = await waitShown(page, ref, { what: `the exported page, for «${q}»,` });
    expect(s.marks.every((m) => m.some((x) => x === ref.res.ran_as)), () => `«${q}»: expected every hit to mark «${ref.res.ran_as}»; saw ${show(s.marks)}`);
  }
  await page.fill('.fahras-input', 'طرابلس');
  await waitShown(page, expected(index, 'طرابلس', { limit: 20 }), { what: 'the exported page, for «طرابلس» again,' });
  await page.locator('.fahras-input').blur();
  await t.shot(page, 'export.png');
  const outside = requests.filter((u) => !/^(file|blob|data):/.test(u));
  expect(outside.length === 0, () => `expected the exported page to load nothing but itself (file:, blob:, data:); it asked for ${show(outside)}`);
  t.note(`export-html: ${docs} articles in a ${kb(size)} file; opened from disk it made ${requests.length} requests (${[...new Set(requests.map((u) => u.split(':')[0]))].join(', ')})`);
});
