// Fahras in the browser, measured the way the harness's run_pagefind.mjs measures Pagefind:
// a static site (the harness's serve.py: no HTTP compression, COOP/COEP so performance.now()
// is fine-grained), headless Chromium through playwright-core, bytes and requests counted from
// playwright's network events. Writes <outdir>/fahras-browser.json.
//
// scripts/bench-peers copies this file into the copy of the harness (beside run_pagefind.mjs)
// and runs it there:
//   node run_fahras_browser.mjs <corpus.jsonl> <outdir> --dist DIR --index-builder BIN
//        --playwright DIR [--seed-article F] [--warm-passes 1] [--cold-runs 3]
//        [--split-builds 3] [--probe-page 200] [--chromium /usr/bin/chromium]
//        [--pagefind-site DIR] [--keep-site]
//
// 1. site: the corpus (seed article as doc 0, as every engine sees it) → index-builder build
//    --split (timed, median of --split-builds: the counterpart of Pagefind's site build; it takes
//    seconds, and one run on this shared machine varies by 2×); fahras.js, fahras_bg.wasm(.gz)
//    from dist/; bench.html loads them as fahras-embed.js does (fetch the .gz, gunzip with
//    DecompressionStream, init), then Fahras.load('index.fahras') (the manifest; shards are
//    fetched by each search from index.fahras.shards/).
// 2. first query, fresh cache (new context), for «الحكومة» and «ستولتنبرغ»: bench.html?q=…
//    runs search(q, {limit: 5}) (hits with title, url, excerpt: the equivalent of Pagefind's
//    search + data() of the top 5) as soon as it can; bytes and requests from navigation until
//    that search has resolved, and the time from navigation start (performance.timeOrigin) to
//    results, median of --cold-runs fresh contexts. With --pagefind-site, the same cold
//    navigation on Pagefind's site (pf-cold.html: import pagefind.js, init, search, data() of
//    the top 5) for the same two queries.
// 3. probes: the harness's 14 probes, every hit (pages of --probe-page hits, excerpts off): is the seed
//    article (doc 0) among them, at what rank, and how many hits; hits of the canonical spelling.
// 4. keystrokes: the harness's keystroke list (queries.json of the run), search(k, {limit: 10,
//    excerpts: false}) per keystroke: one cold pass in a fresh context, then --warm-passes in
//    the same page (shards cached), then one warm pass with excerpts on (what the widget shows).
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadCorpus, keystrokes, PROBES, stats, median } from './lib/corpus.mjs';
import { CANONICAL } from './lib/canonical.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const [corpusPath, outdir] = args;
const opt = (k, d) => { const i = args.indexOf(k); return i === -1 ? d : args[i + 1]; };
const WARM = +opt('--warm-passes', 1);
const COLD_RUNS = +opt('--cold-runs', 3);
const SPLIT_BUILDS = +opt('--split-builds', 3);
const PROBE_PAGE = +opt('--probe-page', 200);
const CHROME = opt('--chromium', '/usr/bin/chromium');
const SEED = opt('--seed-article', undefined);
const DIST = opt('--dist');
const IB = opt('--index-builder');
const PW = opt('--playwright');
const PF_SITE = opt('--pagefind-site');
const FIRST_QUERIES = ['الحكومة', 'ستولتنبرغ'];
const log = (...a) => console.error('[fahras-browser]', ...a);
if (!corpusPath || !outdir || !DIST || !IB || !PW) { console.error('usage: see the top of this file'); process.exit(2); }
const { chromium } = createRequire(import.meta.url)(path.resolve(PW));

const { docs, seedId } = loadCorpus(corpusPath, SEED);
const queries = JSON.parse(fs.readFileSync(path.join(outdir, 'queries.json'), 'utf8'));
const keys = keystrokes(queries);
const res = { engine: 'fahras (browser, split index)', docs: docs.length, seedId,
  settings: 'index-builder build --split; fahras.js + fahras_bg.wasm.gz from dist/ (gunzipped with DecompressionStream as fahras-embed.js does); Fahras.load(manifest); headless Chromium' };

// ---------------------------------------------------------------- site + build
const site = path.join(outdir, 'fahras-site');
fs.rmSync(site, { recursive: true, force: true });
fs.mkdirSync(site, { recursive: true });
const jsonl = path.join(outdir, 'fahras-docs.jsonl');
fs.writeFileSync(jsonl, docs.map((d) => JSON.stringify({ id: d.id, title: d.title, body: d.body, date: d.date, url: d.url })).join('\n') + '\n');
const manifest = path.join(site, 'index.fahras');
const buildMs = [];
let buildLog = '';
for (let i = 0; i < SPLIT_BUILDS; i++) {
  fs.rmSync(manifest, { force: true });
  fs.rmSync(manifest + '.shards', { recursive: true, force: true });
  const t = performance.now();
  const r = spawnSync(IB, ['build', jsonl, '--output', manifest, '--split'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  buildMs.push(performance.now() - t);
  buildLog = (r.stdout + r.stderr).split('\n').filter((l) => /^indexed /.test(l)).pop() || '';
  if (r.status !== 0) { console.error(r.stdout + r.stderr); process.exit(1); }
  log(`build ${i + 1}/${SPLIT_BUILDS}: ${(buildMs[i] / 1000).toFixed(2)} s`);
}
fs.unlinkSync(jsonl);
res.build = { runsMs: buildMs, medianMs: median(buildMs), log: buildLog.replace(/→.*$/, '').trim(), note: 'index-builder build --split of a JSONL file written beforehand (not timed)' };
res.inspect = spawnSync(IB, ['inspect', manifest], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /files|total|dictionaries|groups|postings|positions/.test(l)).map((l) => l.trim());

const kindOf = (p) => {
  const b = path.basename(p);
  if (b === 'index.fahras') return 'manifest';
  const m = b.match(/^([dpqg])\d+-[0-9a-f]{16}\.fahras$/);
  if (m) return { d: 'dictionary', p: 'postings', q: 'positions', g: 'documents' }[m[1]];
  if (b.startsWith('fahras_bg.wasm')) return 'wasm';
  if (b.endsWith('.js')) return 'js';
  if (b.endsWith('.html')) return 'page';
  return 'other';
};
{
  const files = [manifest, ...fs.readdirSync(manifest + '.shards').map((f) => path.join(manifest + '.shards', f))];
  const by = {}, cnt = {};
  for (const f of files) { const k = kindOf(f); by[k] = (by[k] || 0) + fs.statSync(f).size; cnt[k] = (cnt[k] || 0) + 1; }
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  res.size = { files: files.length, totalBytes: total, withoutDocumentsBytes: total - (by.documents || 0), byKind: by, fileCounts: cnt,
    note: 'manifest + index.fahras.shards/ (every file gzipped by index-builder)' };
  log('sizes', JSON.stringify(res.size));
}
for (const f of ['fahras.js', 'fahras_bg.wasm', 'fahras_bg.wasm.gz']) fs.copyFileSync(path.join(DIST, f), path.join(site, f));
res.assets = Object.fromEntries(['fahras.js', 'fahras_bg.wasm', 'fahras_bg.wasm.gz'].map((f) => [f, fs.statSync(path.join(site, f)).size]));

// The bench page: fahras.js + the gzipped wasm, loaded as fahras-embed.js loads them.
fs.writeFileSync(path.join(site, 'bench.html'), `<!doctype html><html lang="ar"><head><meta charset="utf-8"></head><body>
<script type="module">
import init, { Fahras } from './fahras.js';
async function wasm() {
  if ('DecompressionStream' in self) {
    try {
      const resp = await fetch(new URL('fahras_bg.wasm.gz', import.meta.url));
      if (resp.ok) {
        const bytes = new Uint8Array(await resp.arrayBuffer());
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Uint8Array(await new Response(stream).arrayBuffer());
      }
    } catch (_) {}
  }
  return new URL('fahras_bg.wasm', import.meta.url);
}
const q = new URLSearchParams(location.search).get('q');
window.fxReady = (async () => {
  const marks = { moduleMs: performance.now() };
  await init({ module_or_path: await wasm() });
  marks.wasmReadyMs = performance.now();
  window.fx = await Fahras.load('index.fahras');
  marks.indexOpenMs = performance.now();
  if (q) {
    const r = await window.fx.search(q, { limit: 5 });
    marks.resultsMs = performance.now();
    const done = performance.getEntriesByType('resource').filter((e) => e.responseEnd > 0 && e.responseEnd <= marks.resultsMs && !e.name.endsWith('/favicon.ico'));
    window.first = { marks, total: r.total, hits: r.hits.length, ranAs: r.ran_as,
      withTitleUrlExcerpt: r.hits.filter((h) => h.title && h.excerpt).length,
      resourcesDone: done.map((e) => ({ url: e.name, bytes: e.encodedBodySize })) };
  }
  return marks;
})();
</script></body></html>
`);

if (PF_SITE && fs.existsSync(path.join(PF_SITE, 'pagefind', 'pagefind.js'))) {
  fs.writeFileSync(path.join(PF_SITE, 'pf-cold.html'), `<!doctype html><html lang="ar"><head><meta charset="utf-8"></head><body>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
window.pfDone = (async () => {
  const pf = await import('/pagefind/pagefind.js');
  const marks = { importedMs: performance.now() };
  await pf.init(); marks.initMs = performance.now();
  const r = await pf.search(q); marks.searchMs = performance.now();
  const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  marks.resultsMs = performance.now();
  const done = performance.getEntriesByType('resource').filter((e) => e.responseEnd > 0 && e.responseEnd <= marks.resultsMs && !e.name.endsWith('/favicon.ico'));
  return { marks, total: r.results.length, withTitleUrlExcerpt: data.filter((d) => d.meta?.title && d.url && d.excerpt).length,
    resourcesDone: done.map((e) => ({ url: e.name, bytes: e.encodedBodySize })) };
})();
</script></body></html>
`);
}

// ---------------------------------------------------------------- servers
async function serve(dir) {
  const srv = spawn('python3', ['-u', path.join(HERE, 'serve.py'), dir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const to = setTimeout(() => reject(new Error('http.server did not start')), 15000);
    srv.stdout.on('data', (d) => { buf += d; const m = buf.match(/port (\d+)/); if (m) { clearTimeout(to); resolve(+m[1]); } });
    srv.on('exit', (c) => reject(new Error('http.server exited ' + c)));
  });
  srv.stderr.on('data', () => {});
  log(`http.server pid ${srv.pid} on 127.0.0.1:${port} for ${dir}`);
  return { srv, base: `http://127.0.0.1:${port}` };
}
const servers = [];
const sumBytes = (arr) => arr.reduce((s, x) => s + Math.max(0, x.bytes), 0);
const byKind = (arr, kind) => { const o = {}; for (const x of arr) { const k = kind(new URL(x.url).pathname); o[k] = (o[k] || 0) + Math.max(0, x.bytes); } return o; };
const countByKind = (arr, kind) => { const o = {}; for (const x of arr) { const k = kind(new URL(x.url).pathname); o[k] = (o[k] || 0) + 1; } return o; };
const pfKind = (p) => {
  const b = path.basename(p);
  if (b.endsWith('.html')) return 'page';
  if (b.endsWith('.pf_index')) return 'index';
  if (b.endsWith('.pf_fragment')) return 'fragment';
  if (b.endsWith('.pf_filter')) return 'filter';
  if (b.endsWith('.pf_meta') || b === 'pagefind-entry.json') return 'meta';
  if (b.startsWith('wasm.')) return 'wasm';
  if (b.endsWith('.js')) return 'js';
  return 'other';
};

let browser;
try {
  const fx = await serve(site);
  servers.push(fx.srv);
  browser = await chromium.launch({ executablePath: CHROME, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  res.browser = browser.version();

  // fresh context = empty HTTP cache; records every response's body size from navigation on
  async function freshPage(url, ready) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const net = [];
    const pending = [];
    page.on('requestfinished', (req) => pending.push(req.sizes().then((s) => net.push({ url: req.url(), bytes: s.responseBodySize })).catch(() => {})));
    page.on('requestfailed', (req) => net.push({ url: req.url(), bytes: 0, failed: req.failure()?.errorText }));
    page.on('pageerror', (e) => log('pageerror', e.message));
    await page.goto(url);
    const out = await page.evaluate(ready);
    const settle = async () => { await page.waitForTimeout(150); await Promise.all(pending); };
    const take = async () => { await settle(); return net.splice(0); };
    return { ctx, page, take, out };
  }

  // ---- first query on a fresh cache: navigation → search(q, {limit: 5}) resolved
  res.fetch = {};
  for (const q of FIRST_QUERIES) {
    const runs = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const { ctx, take, out } = await freshPage(`${fx.base}/bench.html?q=${encodeURIComponent(q)}`, async () => { await window.fxReady; return window.first; });
      const all = await take();
      runs.push({ out, all });
      await ctx.close();
    }
    const r0 = runs[0];
    const done = r0.out.resourcesDone; // finished before the search resolved (+ the page itself)
    const pageBytes = r0.all.filter((x) => x.url.includes('/bench.html')).reduce((s, x) => s + x.bytes, 0);
    res.fetch[q] = {
      hits: r0.out.total, shown: r0.out.hits, withTitleUrlExcerpt: r0.out.withTitleUrlExcerpt, ranAs: r0.out.ranAs,
      coldToResultsMs: median(runs.map((r) => r.out.marks.resultsMs)), coldToResultsRunsMs: runs.map((r) => r.out.marks.resultsMs),
      marks: r0.out.marks,
      // as run_pagefind.mjs counts: everything the session fetched (settled 150 ms after)
      requests: r0.all.length, bytesTotal: sumBytes(r0.all), bytesByKind: byKind(r0.all, kindOf), filesByKind: countByKind(r0.all, kindOf),
      // only what had arrived when the results were there (prefetch for the next keystroke excluded)
      untilResults: { requests: done.length + 1, bytes: done.reduce((s, x) => s + Math.max(0, x.bytes), 0) + pageBytes,
        bytesByKind: byKind([...done, { url: `${fx.base}/bench.html`, bytes: pageBytes }], kindOf) },
      failed: r0.all.filter((x) => x.failed).length,
    };
    log('first query', q, JSON.stringify(res.fetch[q]));
  }

  // ---- the same cold navigation on Pagefind's site (its own site from run_pagefind.mjs --keep-site)
  if (PF_SITE && fs.existsSync(path.join(PF_SITE, 'pf-cold.html'))) {
    const pf = await serve(PF_SITE);
    servers.push(pf.srv);
    res.pagefindCold = {};
    for (const q of FIRST_QUERIES) {
      const runs = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const { ctx, take, out } = await freshPage(`${pf.base}/pf-cold.html?q=${encodeURIComponent(q)}`, () => window.pfDone);
        const all = await take();
        runs.push({ out, all });
        await ctx.close();
      }
      const r0 = runs[0];
      res.pagefindCold[q] = { hits: r0.out.total, withTitleUrlExcerpt: r0.out.withTitleUrlExcerpt,
        coldToResultsMs: median(runs.map((r) => r.out.marks.resultsMs)), coldToResultsRunsMs: runs.map((r) => r.out.marks.resultsMs),
        marks: r0.out.marks, requests: r0.all.length, bytesTotal: sumBytes(r0.all), bytesByKind: byKind(r0.all, pfKind),
        untilResults: { requests: r0.out.resourcesDone.length + 1, bytes: r0.out.resourcesDone.reduce((s, x) => s + Math.max(0, x.bytes), 0) + sumBytes(r0.all.filter((x) => x.url.includes('/pf-cold.html'))) } };
      log('pagefind cold', q, JSON.stringify(res.pagefindCold[q]));
    }
  }

  // ---- probes: every hit of each probe (documents of all hits get fetched: done in one context)
  {
    const { ctx, page, take } = await freshPage(`${fx.base}/bench.html`, () => window.fxReady);
    const canon = Object.fromEntries(PROBES.map((p) => [p.q, CANONICAL[p.q]]));
    const t = performance.now();
    res.probes = await page.evaluate(async ({ probes, canon, seedId, PAGE }) => {
      const fx = window.fx;
      const out = [];
      for (const p of probes) {
        try {
          // Every hit, a page of PAGE at a time: one search for all of them would fetch the
          // document groups of thousands of hits at once, which Chromium refuses
          // (net::ERR_INSUFFICIENT_RESOURCES; see the summary's notes).
          const ids = [];
          let r, pages = 0;
          do {
            r = await fx.search(p.q, { limit: PAGE, offset: ids.length, excerpts: false });
            ids.push(...r.hits.map((h) => h.id));
            pages++;
          } while (r.hits.length && ids.length < r.total);
          const at = ids.indexOf(seedId);
          const c = canon[p.q] ? await fx.search(canon[p.q], { limit: 0, excerpts: false }) : null;
          out.push({ q: p.q, found: at >= 0, rank: at >= 0 ? at + 1 : null, hits: r.total, returned: ids.length, pages, ranAs: r.ran_as, rewrite: r.rewrite, canonHits: c ? c.total : null });
        } catch (e) { out.push({ q: p.q, found: false, rank: null, hits: 0, err: String(e) }); }
      }
      return out;
    }, { probes: PROBES, canon, seedId, PAGE: PROBE_PAGE });
    const net = await take();
    res.probeSession = { ms: performance.now() - t, requests: net.length, bytes: sumBytes(net) };
    log('probes', res.probes.map((p) => `${p.q}:${p.found ? 'Y' + p.rank : 'n'}/${p.hits}`).join(' '));
    await ctx.close();
  }

  // ---- keystroke latency: cold pass in a fresh context, then WARM passes in the same page
  {
    const { ctx, page, take } = await freshPage(`${fx.base}/bench.html`, () => window.fxReady);
    await take();
    const pass = (excerpts) => page.evaluate(async ({ keys, excerpts }) => {
      const out = [];
      for (const k of keys) {
        const t = performance.now();
        const r = await window.fx.search(k, { limit: 10, excerpts });
        out.push([performance.now() - t, r.hits.length, [...k].length]);
      }
      return out;
    }, { keys, excerpts });
    const cold = await pass(false);
    const coldNet = await take();
    const warm = [];
    for (let i = 0; i < WARM; i++) warm.push(...(await pass(false)));
    const warmNet = await take();
    const warmEx = await pass(true);
    const t = (a) => a.map((x) => x[0]);
    const two = (a) => a.filter((x) => x[2] === 2).map((x) => x[0]);
    res.latency = {
      keystrokes: keys.length, words: queries.length, options: '{limit: 10, excerpts: false}',
      cold: { ...stats(t(cold)), twoCharMedian: median(two(cold)), bytesFetched: sumBytes(coldNet), requests: coldNet.length },
      warm: { ...stats(t(warm)), twoCharMedian: median(two(warm)), passes: WARM, bytesFetched: sumBytes(warmNet), requests: warmNet.length,
        meanTop10Hits: warm.reduce((s, x) => s + x[1], 0) / warm.length },
      warmWithExcerpts: { ...stats(t(warmEx)), twoCharMedian: median(two(warmEx)), passes: 1, options: '{limit: 10} (excerpts on, as the widget)' },
    };
    log('latency', JSON.stringify(res.latency));
    await ctx.close();
  }
} finally {
  if (browser) await browser.close();
  for (const s of servers) s.kill('SIGTERM');
}
fs.writeFileSync(path.join(outdir, 'fahras-browser.json'), JSON.stringify(res, null, 1));
if (!args.includes('--keep-site')) fs.rmSync(site, { recursive: true, force: true });
