#!/usr/bin/env node
// Issue 12's browser-side goals on big split indexes, in headless Chromium (puppeteer-core),
// through the widget's own `Index` class of dist/fahras-embed.js (the fetch loop around the
// synchronous engine: search → missing shards → fetch, gunzip, addShard → search again):
//
//   node bench/scale-browser.mjs INDEX.fahras... [--dist DIR] [--chromium BIN] [--queries FILE]
//        [--passes 3] [--memory-queries 200] [--json OUT] [--only cold,keystrokes,memory]
//
// For each index (a split index: the manifest beside its index.fahras.shards/):
// 1. cold first results: for each query (--queries, one a line; default the 15 below), a fresh
//    browser context (empty HTTP cache) opens bench.html, which loads fahras-embed.js, opens the
//    manifest and runs one search as the search box asks ({limit: 10, facets: false}, excerpts
//    on), then again as the search page asks ({limit: 20, facets: true}). Bytes (encoded body
//    sizes: what crossed the wire, the shards stored gzipped) and requests of everything that had
//    arrived when the results were there, page and wasm included (the shards the widget
//    prefetches for the next keystroke afterwards are not counted), and the time from
//    navigation start to results.
// 2. warm keystrokes: every prefix (from one letter) of the 50 WORDS below, typed one letter at
//    a time, with the box's options, in one page: one warm-up pass (it fetches the shards; its
//    bytes are reported), then --passes measured passes; median and p95 over all measured
//    keystrokes, and the p95 of each keystroke's best over the passes (the machine is shared:
//    the best is what the search costs). The same for {excerpts: false}.
// 3. memory: a fresh page runs --memory-queries searches (the keystrokes above, in order, with
//    the box's options); the WebAssembly memory (the byteLength of the wasm exports' `memory`
//    buffer, reached through fahras.js's init(), which returns the exports once started) after
//    opening the index and after the queries.
//
// The files are served as stored, by a small HTTP server in this script: no HTTP compression
// (the shards are gzip files the widget gunzips), COOP/COEP so that performance.now() is
// fine-grained. Prints the JSON of every figure, then a Markdown table; progress on stderr.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const argv = process.argv.slice(2);
const VALUED = new Set(['--dist', '--chromium', '--queries', '--passes', '--memory-queries', '--json', '--only']);
const manifests = argv.filter((a, i) => !a.startsWith('--') && !VALUED.has(argv[i - 1]));
const opt = (k, d) => { const i = argv.indexOf(k); return i === -1 ? d : argv[i + 1]; };
const DIST = path.resolve(opt('--dist', path.join(REPO, 'dist')));
const CHROME = opt('--chromium', process.env.FAHRAS_E2E_CHROMIUM || '/usr/bin/chromium');
const PASSES = +opt('--passes', 3);
const MEMORY_QUERIES = +opt('--memory-queries', 200);
const JSON_OUT = opt('--json');
/** The measurements to run (all three by default). */
const ONLY = opt('--only', 'cold,keystrokes,memory').split(',');
const log = (...a) => console.error('[scale-browser]', ...a);
if (!manifests.length) { console.error('usage: node bench/scale-browser.mjs INDEX.fahras... (see the top of this file)'); process.exit(2); }

// The queries of /tmp/scale/q.txt (issue 12's cold pages).
const QUERIES = opt('--queries')
  ? fs.readFileSync(opt('--queries'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)
  : ['الحكومة', 'طرا', 'حكومة', 'مؤتمر برلين', '"وقف إطلاق"', 'بروكسل', 'ال', 'م', 'ستولتنبرع', 'الحكومة -طرابلس',
    'fvgdk', 'اقتصاد', 'كرة القدم', 'بالرياض', 'والاقتصاد'];
// The words of those queries (18), and 32 frequent words of the news (in every index): 50.
const WORDS = ['الحكومة', 'طرا', 'حكومة', 'مؤتمر', 'برلين', 'وقف', 'إطلاق', 'بروكسل', 'ال', 'م', 'ستولتنبرع', 'طرابلس',
  'fvgdk', 'اقتصاد', 'كرة', 'القدم', 'بالرياض', 'والاقتصاد',
  'السعودية', 'الرئيس', 'وزير', 'الأمم', 'المتحدة', 'مصر', 'سوريا', 'لبنان', 'الرياض', 'الانتخابات', 'البرلمان', 'النفط',
  'الأسعار', 'المنتخب', 'الدوري', 'مباراة', 'الشرطة', 'الجيش', 'المعارضة', 'تونس', 'الليبية', 'اتفاق', 'مجلس', 'الأمن',
  'الخارجية', 'الصحة', 'التعليم', 'الشركة', 'البنك', 'الدولار', 'العراق', 'إيران'];
const KEYS = WORDS.flatMap((w) => [...w].map((_, k) => [...w].slice(0, k + 1).join('')));
const BOX = { limit: 10, facets: false };
const PAGE = { limit: 20, facets: true };

const stats = (arr) => {
  const a = [...arr].sort((x, y) => x - y);
  const q = (p) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil(p * a.length) - 1))] : NaN);
  return { n: a.length, median: q(0.5), p95: q(0.95), min: a[0], max: a[a.length - 1] };
};
const KINDS = { c: 'columns', d: 'dictionary', p: 'postings', q: 'positions', g: 'documents', x: 'state' };
const kindOf = (p) => {
  const b = path.posix.basename(p);
  if (p.includes('.shards/')) return KINDS[b[0]] || `shard ${b[0]}`;
  if (/^\/i\d+\//.test(p)) return 'manifest';
  if (b.startsWith('fahras_bg.wasm')) return 'wasm';
  if (b.endsWith('.js')) return 'js';
  return 'page';
};
const sumBy = (list, key) => { const o = {}; for (const x of list) { const k = kindOf(new URL(x.url).pathname); o[k] = (o[k] || 0) + (key ? x[key] : 1); } return o; };

// ---------------------------------------------------------------- the site
const BENCH_HTML = `<!doctype html><html lang="ar"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script type="module">
import { Index } from '/fahras-embed.js';
import init from '/fahras.js';
performance.setResourceTimingBufferSize(1000000);
const p = new URLSearchParams(location.search);
const q = p.get('q');
window.resources = (from = 0, until = Infinity) => performance.getEntriesByType('resource')
  .filter((e) => e.responseEnd > from && e.responseEnd <= until).map((e) => ({ url: e.name, bytes: e.encodedBodySize }));
window.fxReady = (async () => {
  window.fx = await Index.load(p.get('index'));
  const wasm = await init(); // started by Index.load: returns the exports
  window.wasmBytes = () => wasm.memory.buffer.byteLength;
  const marks = { openMs: performance.now(), documents: window.fx.documents, wasmBytesOpen: window.wasmBytes() };
  if (q) {
    const r = await window.fx.search(q, JSON.parse(p.get('opts')));
    marks.resultsMs = performance.now();
    const nav = performance.getEntriesByType('navigation')[0];
    window.first = { marks, total: r.total, hits: r.hits.length, withExcerpt: r.hits.filter((h) => h.excerpt).length,
      facets: (r.facets || []).length, resources: [{ url: nav.name, bytes: nav.encodedBodySize }, ...window.resources(0, marks.resultsMs)] };
  }
  return marks;
})();
</script></body></html>
`;
const roots = manifests.map((m) => path.dirname(path.resolve(m)));
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = null;
  const m = p.match(/^\/i(\d+)\/(.+)$/);
  if (m && roots[+m[1]] && !m[2].includes('..')) file = path.join(roots[+m[1]], m[2]);
  else if (/^\/(fahras-embed\.js|fahras\.js|fahras_bg\.wasm(\.gz)?)$/.test(p)) file = path.join(DIST, p.slice(1));
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-cache' };
  const send = (status, type, body) => { res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': body.length }); res.end(body); };
  if (p === '/bench.html') return send(200, TYPES['.html'], Buffer.from(BENCH_HTML));
  if (!file) return send(404, 'text/plain', Buffer.from('not found'));
  fs.readFile(file, (err, body) => (err ? send(404, 'text/plain', Buffer.from('not found'))
    : send(200, TYPES[path.extname(file)] || 'application/octet-stream', body)));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}`;
log(`serving on ${BASE} (pid ${process.pid})`);

const browser = await puppeteer.launch({ browser: 'chrome', executablePath: CHROME, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
const out = { date: new Date().toISOString(), browser: await browser.version(), loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
  dist: DIST, passes: PASSES, words: WORDS.length, keystrokes: KEYS.length, queries: QUERIES, indexes: [] };

async function freshPage(i, q, opts) {
  const ctx = await browser.createBrowserContext(); // its own, empty HTTP cache
  const page = await ctx.newPage();
  page.on('pageerror', (e) => log('pageerror', e.message));
  const url = `${BASE}/bench.html?index=${encodeURIComponent(`/i${i}/${path.basename(manifests[i])}`)}${q != null ? `&q=${encodeURIComponent(q)}&opts=${encodeURIComponent(JSON.stringify(opts))}` : ''}`;
  await page.goto(url);
  const marks = await page.evaluate(() => window.fxReady);
  return { ctx, page, marks };
}

function onDisk(m) {
  const dir = `${m}.shards`;
  const by = { manifest: fs.statSync(m).size }, files = { manifest: 1 };
  for (const f of fs.readdirSync(dir)) {
    const k = KINDS[f[0]] || `shard ${f[0]}`;
    by[k] = (by[k] || 0) + fs.statSync(path.join(dir, f)).size;
    files[k] = (files[k] || 0) + 1;
  }
  return { bytesByKind: by, filesByKind: files };
}

try {
  for (let i = 0; i < manifests.length; i++) {
    const r = { index: path.resolve(manifests[i]), onDisk: onDisk(path.resolve(manifests[i])) };
    out.indexes.push(r);
    // ---- 1. cold first results
    for (const [name, opts] of ONLY.includes('cold') ? [['box', BOX], ['page', PAGE]] : []) {
      const per = [];
      for (const q of QUERIES) {
        const { ctx, page } = await freshPage(i, q, opts);
        const f = await page.evaluate(() => window.first);
        await ctx.close();
        r.documents = f.marks.documents;
        per.push({ q, total: f.total, hits: f.hits, withExcerpt: f.withExcerpt, facets: f.facets, resultsMs: f.marks.resultsMs,
          requests: f.resources.length, bytes: f.resources.reduce((s, x) => s + x.bytes, 0),
          bytesByKind: sumBy(f.resources, 'bytes'), requestsByKind: sumBy(f.resources) });
      }
      const meanByKind = {};
      for (const x of per) for (const [k, v] of Object.entries(x.bytesByKind)) meanByKind[k] = (meanByKind[k] || 0) + v / per.length;
      r[`cold_${name}`] = { options: opts, bytes: stats(per.map((x) => x.bytes)), requests: stats(per.map((x) => x.requests)),
        resultsMs: stats(per.map((x) => x.resultsMs)), meanBytesByKind: meanByKind, worst: per.reduce((a, b) => (b.bytes > a.bytes ? b : a)), perQuery: per };
      log(path.basename(roots[i]), name, 'bytes', JSON.stringify(r[`cold_${name}`].bytes), 'requests', JSON.stringify(r[`cold_${name}`].requests));
    }
    // ---- 2. warm keystrokes
    if (ONLY.includes('keystrokes')) {
      const { ctx, page } = await freshPage(i);
      const pass = (opts) => page.evaluate(async (keys, opts) => {
        const t = [];
        for (const k of keys) { const t0 = performance.now(); await window.fx.search(k, opts); t.push(performance.now() - t0); }
        return t;
      }, KEYS, opts);
      const measure = async (opts) => {
        const t0 = await page.evaluate(() => performance.now());
        const warmup = await pass(opts);
        await new Promise((s) => setTimeout(s, 300)); // prefetches settle
        const fetched = await page.evaluate((t) => window.resources(t), t0);
        const passes = [];
        for (let p = 0; p < PASSES; p++) passes.push(await pass(opts));
        const best = KEYS.map((_, k) => Math.min(...passes.map((p) => p[k])));
        const all = passes.flat();
        const longer = passes.flatMap((p) => p.filter((_, k) => [...KEYS[k]].length >= 2));
        const slowest = best.map((t, k) => [KEYS[k], +t.toFixed(2)]).sort((a, b) => b[1] - a[1]).slice(0, 5);
        return { options: opts, warmup: { ...stats(warmup), bytesFetched: fetched.reduce((s, x) => s + x.bytes, 0), requests: fetched.length, bytesByKind: sumBy(fetched, 'bytes') },
          all: stats(all), twoLettersOrMore: stats(longer), bestOfPasses: stats(best), slowestBest: slowest };
      };
      r.keystrokes = await measure(BOX);
      r.keystrokesNoExcerpts = await measure({ ...BOX, excerpts: false });
      r.wasmBytesAfterKeystrokes = await page.evaluate(() => window.wasmBytes());
      await ctx.close();
      log(path.basename(roots[i]), 'keystrokes', JSON.stringify(r.keystrokes.all), 'best', JSON.stringify(r.keystrokes.bestOfPasses));
    }
    // ---- 3. memory after MEMORY_QUERIES queries
    if (ONLY.includes('memory')) {
      const { ctx, page, marks } = await freshPage(i);
      const keys = Array.from({ length: MEMORY_QUERIES }, (_, k) => KEYS[k % KEYS.length]);
      const m = await page.evaluate(async (keys, opts) => {
        for (const k of keys) await window.fx.search(k, opts);
        await new Promise((s) => setTimeout(s, 300));
        const f = window.resources();
        return { after: window.wasmBytes(), shardRequests: f.filter((x) => x.url.includes('.shards/')).length,
          shardBytes: f.filter((x) => x.url.includes('.shards/')).reduce((s, x) => s + x.bytes, 0) };
      }, keys, BOX);
      r.memory = { queries: keys.length, options: BOX, wasmBytesOpen: marks.wasmBytesOpen, wasmBytesAfter: m.after, shardRequests: m.shardRequests, shardBytesGzipped: m.shardBytes };
      await ctx.close();
      log(path.basename(roots[i]), 'memory', JSON.stringify(r.memory));
    }
  }
} finally {
  await browser.close();
  server.close();
}
out.loadAverageAfter = fs.readFileSync('/proc/loadavg', 'utf8').trim();
if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(out, null, 1));
console.log(JSON.stringify(out, (k, v) => (k === 'perQuery' ? undefined : v), 1));

// ---------------------------------------------------------------- the table
const kB = (b) => `${(b / 1000).toFixed(0)} kB`;
const ms = (t) => `${t.toFixed(1)} ms`;
const MB = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log('\n| index | documents | cold, box: bytes (median / max) | requests (median / max) | to results (median) | cold, page: bytes (median / max) | requests (median / max) | warm keystroke median / p95 | p95 of each one\'s best | wasm memory: open → after ' + MEMORY_QUERIES + ' queries |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of out.indexes) {
  const b = r.cold_box, p = r.cold_page, k = r.keystrokes, m = r.memory, no = '–';
  console.log(`| ${path.basename(path.dirname(r.index))} | ${r.documents?.toLocaleString('en') ?? no} | ${b ? `${kB(b.bytes.median)} / ${kB(b.bytes.max)} | ${b.requests.median} / ${b.requests.max} | ${ms(b.resultsMs.median)}` : `${no} | ${no} | ${no}`} | ${p ? `${kB(p.bytes.median)} / ${kB(p.bytes.max)} | ${p.requests.median} / ${p.requests.max}` : `${no} | ${no}`} | ${k ? `${ms(k.all.median)} / ${ms(k.all.p95)} | ${ms(k.bestOfPasses.p95)}` : `${no} | ${no}`} | ${m ? `${MB(m.wasmBytesOpen)} → ${MB(m.wasmBytesAfter)}` : no} |`);
}
