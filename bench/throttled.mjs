// First results on a phone's network (issue 11): Fahras's and Pagefind's kept bench sites in
// headless Chromium under DevTools' network presets, time from navigation start to the first
// results on the page, and how many requests waited on one another to get there.
//
//   node bench/throttled.mjs --fahras-site DIR --pagefind-site DIR --serve SERVE.py --out FILE.json
//        [--runs 3] [--presets 'Fast 4G,Slow 4G'] [--queries 'الحكومة,ستولتنبرغ']
//        [--chromium /usr/bin/chromium]
//
// scripts/bench-peers runs it after run_fahras_browser.mjs, on the two sites that step kept
// (fahras-site: index-builder build --split of the corpus + dist/'s files; pagefind-site: the
// harness's run_pagefind.mjs site) served by the harness's serve.py (python's http.server: no
// HTTP compression, a connection per request).
//
// Pages (written into the sites; the same shape on both, an inline module script):
//   fahras-site/net.html        import { Index } from './fahras-embed.js'; Index.load('index.fahras');
//                               search(q, {limit: 5, facets: false}); the 5 titles into an <ol>
//   fahras-site/net-hints.html  the same, with the four hints the README tells site owners to
//                               paste in <head> (modulepreload fahras-embed.js and fahras.js;
//                               preload as=fetch crossorigin fahras_bg.wasm.gz and index.fahras)
//   pagefind-site/net-pf.html   import('/pagefind/pagefind.js'); init(); search(q); data() of the
//                               top 5; the 5 titles into an <ol>
// Each run: a fresh browser context (empty HTTP cache), cache disabled (Network.setCacheDisabled),
// Network.emulateNetworkConditions with puppeteer-core's PredefinedNetworkConditions (DevTools'
// presets: Fast 4G = 165 ms latency, 9 Mbps × 0.9 down; Slow 4G = 562.5 ms, 1.6 Mbps × 0.9),
// then the page with ?q=. Time = performance.now() once the titles are in the DOM (from the
// navigation's start, performance.timeOrigin); median of --runs.
//
// Dependency depth: the longest chain of requests after the page, each of which started only
// after the one before it had finished. Every request of the page and of its workers (Pagefind
// searches in a worker; puppeteer attaches it) is timed by the browser (CDP Network.requestWillBeSent
// → loadingFinished timestamps, one clock for the page and its workers);
// the page itself is depth 0 and every request depends on it; only requests finished before the
// results count, so a prefetch for the next keystroke does not. Depth 4 = four requests waited
// on one another after the page. It is an upper bound (a request that starts after another
// ended is taken as waiting on it), exact enough when each wait is a round trip of 165 ms or
// more, as here. The chain's kinds are recorded (e.g. fahras-embed.js → wasm → dictionary → …),
// and the waves (the requests at each depth).
// Also recorded: every request of the session (settled 1 s after the results), so a preload the
// page's fetch did not reuse shows as the same URL fetched twice, and console warnings.
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './peers/serve.mjs';
import puppeteer, { PredefinedNetworkConditions } from 'puppeteer-core';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i === -1 ? d : args[i + 1]; };
const FX_SITE = opt('--fahras-site');
const PF_SITE = opt('--pagefind-site');
const SERVE = opt('--serve');
const OUT = opt('--out');
const RUNS = +opt('--runs', 3);
const PRESETS = opt('--presets', 'Fast 4G,Slow 4G').split(',');
const QUERIES = opt('--queries', 'الحكومة,ستولتنبرغ').split(',');
const CHROME = opt('--chromium', '/usr/bin/chromium');
const log = (...a) => console.error('[throttled]', ...a);
if (!SERVE || !OUT || (!FX_SITE && !PF_SITE)) { console.error('usage: see the top of bench/throttled.mjs'); process.exit(2); }
for (const p of PRESETS) if (!PredefinedNetworkConditions[p]) throw new Error(`unknown preset ${p}: ${Object.keys(PredefinedNetworkConditions).join(', ')}`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// In the page, once the results are shown: the time since the navigation started.
const FINISH = `
function finish(titles, extra) {
  const ol = document.createElement('ol');
  for (const t of titles) ol.append(Object.assign(document.createElement('li'), { textContent: t }));
  document.body.append(ol);
  return { resultsMs: performance.now(), pageEndMs: performance.getEntriesByType('navigation')[0].responseEnd, shown: titles.length, ...extra };
}`;
const fahrasPage = (hints) => `<!doctype html><html lang="ar"><head><meta charset="utf-8"><link rel="icon" href="data:,">
${hints ? `<link rel="modulepreload" href="fahras-embed.js">
<link rel="modulepreload" href="fahras.js">
<link rel="preload" href="fahras_bg.wasm.gz" as="fetch" crossorigin>
<link rel="preload" href="index.fahras" as="fetch" crossorigin>
` : ''}</head><body>
<script type="module">
import { Index } from './fahras-embed.js';
${FINISH}
const q = new URLSearchParams(location.search).get('q');
window.done = (async () => {
  const index = await Index.load('index.fahras');
  const r = await index.search(q, { limit: 5, facets: false });
  return finish(r.hits.map((h) => h.title), { total: r.total });
})();
</script></body></html>
`;
const pagefindPage = `<!doctype html><html lang="ar"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script type="module">
${FINISH}
const q = new URLSearchParams(location.search).get('q');
window.done = (async () => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  return finish(data.map((d) => d.meta?.title ?? ''), { total: r.results.length });
})();
</script></body></html>
`;

const kindOf = (u) => {
  const p = new URL(u).pathname, b = path.basename(p);
  if (b === 'index.fahras') return 'manifest';
  if (p.includes('.shards/')) return { d: 'dictionary', p: 'postings', q: 'positions', g: 'documents', c: 'columns' }[b[0]] || 'shard';
  if (b.startsWith('fahras_bg.wasm') || b.startsWith('wasm.')) return 'wasm';
  if (b.endsWith('.pf_index')) return 'index';
  if (b.endsWith('.pf_fragment')) return 'fragment';
  if (b.endsWith('.pf_filter')) return 'filter';
  if (b.endsWith('.pf_meta') || b === 'pagefind-entry.json') return 'meta';
  if (b.endsWith('.js')) return b;
  return b;
};

/** Longest chain of requests each started after the previous one finished; the page is depth 0. */
function chain(requests) {
  const rs = [...requests].sort((a, b) => a.startMs - b.startMs);
  const depth = [], prev = [];
  rs.forEach((r, i) => {
    depth[i] = 1; prev[i] = -1;
    for (let j = 0; j < i; j++) if (rs[j].endMs <= r.startMs && depth[j] + 1 > depth[i]) { depth[i] = depth[j] + 1; prev[i] = j; }
  });
  let at = depth.indexOf(Math.max(0, ...depth));
  const path_ = [];
  for (; at >= 0; at = prev[at]) path_.unshift(kindOf(rs[at].url));
  // waves: the requests at each depth
  const waves = [];
  rs.forEach((r, i) => { (waves[depth[i] - 1] ||= []).push(kindOf(r.url)); });
  return { depth: Math.max(0, ...depth), chain: path_, waves };
}

const serveSite = (dir) => serve(SERVE, dir);

const res = { started: new Date().toISOString(), runs: RUNS, queries: QUERIES, presets: {}, pages: {},
  method: 'fresh context, cache disabled, Network.emulateNetworkConditions (puppeteer-core PredefinedNetworkConditions); time = navigation start → the 5 titles in the DOM; median of runs; depth = longest chain of requests after the page each started after the previous finished (CDP requestWillBeSent → loadingFinished timestamps of the page and its workers, requests finished before the results)' };
for (const p of PRESETS) res.presets[p] = PredefinedNetworkConditions[p];
const sites = [];
if (FX_SITE) {
  fs.writeFileSync(path.join(FX_SITE, 'net.html'), fahrasPage(false));
  fs.writeFileSync(path.join(FX_SITE, 'net-hints.html'), fahrasPage(true));
  sites.push(['fahras', FX_SITE, 'net.html'], ['fahras+hints', FX_SITE, 'net-hints.html']);
}
if (PF_SITE) {
  fs.writeFileSync(path.join(PF_SITE, 'net-pf.html'), pagefindPage);
  sites.push(['pagefind', PF_SITE, 'net-pf.html']);
}
const servers = new Map();
let browser;
try {
  for (const [, dir] of sites) if (!servers.has(dir)) servers.set(dir, await serveSite(dir));
  browser = await puppeteer.launch({ browser: 'chrome', executablePath: CHROME, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
  res.browser = await browser.version();
  res.loadavgAtStart = (await import('node:os')).loadavg();
  async function once(url, preset) {
    const ctx = await browser.createBrowserContext();
    try {
      const page = await ctx.newPage();
      await page.setCacheEnabled(false);
      await page.emulateNetworkConditions(PredefinedNetworkConditions[preset]);
      // Every request of the page and of its workers (Pagefind searches in one, puppeteer
      // attaches it), with the browser's own timestamps (one monotonic clock for all sessions).
      // A worker's own script is announced on the page's session and finishes on the worker's
      // (same requestId): a finish is matched in its own session first, then by id alone.
      const seen = new Map(), byId = new Map(), warnings = [];
      const finished = (tag, id) => seen.get(tag + id) ?? byId.get(id)?.find((x) => x.end == null);
      const watch = (client, tag) => {
        client.on('Network.requestWillBeSent', (e) => {
          const k = tag + e.requestId;
          if (seen.has(k)) return; // a redirect: same request
          const x = { url: e.request.url, start: e.timestamp, nav: e.type === 'Document' };
          seen.set(k, x);
          byId.set(e.requestId, [...(byId.get(e.requestId) ?? []), x]);
        });
        client.on('Network.loadingFinished', (e) => { const x = finished(tag, e.requestId); if (x) { x.end = e.timestamp; x.bytes = e.encodedDataLength; } });
        client.on('Network.loadingFailed', (e) => { const x = finished(tag, e.requestId); if (x) { x.end = e.timestamp; x.failed = true; } });
      };
      const cdp = await page.createCDPSession();
      await cdp.send('Network.enable');
      watch(cdp, 'page:');
      let workers = 0;
      page.on('workercreated', (w) => watch(w.client, `worker${++workers}:`));
      page.on('console', (m) => { if (/^(warn|warning|error)$/.test(m.type())) warnings.push(m.text()); });
      page.on('pageerror', (e) => warnings.push(String(e.message)));
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120e3 });
      const out = await page.evaluate(() => window.done);
      await new Promise((r) => setTimeout(r, 1000));
      const all = [...seen.values()].filter((x) => !x.url.startsWith('data:'));
      const counts = {};
      for (const x of all) counts[x.url] = (counts[x.url] || 0) + 1;
      const twice = Object.entries(counts).filter(([, n]) => n > 1).map(([u, n]) => `${new URL(u).pathname} ×${n}`);
      // on the page's clock: the navigation's request ≈ performance.timeOrigin
      const t0 = all.find((x) => x.nav)?.start ?? Math.min(...all.map((x) => x.start));
      const requests = all.filter((x) => !x.nav && x.end != null).map((x) => ({ url: x.url, startMs: (x.start - t0) * 1000, endMs: (x.end - t0) * 1000, bytes: x.bytes ?? 0 }))
        .filter((x) => x.endMs <= out.resultsMs + 5);
      return { ...out, requests, sessionRequests: all.length, fetchedTwice: twice, warnings };
    } finally { await ctx.close(); }
  }
  for (const preset of PRESETS) {
    for (const q of QUERIES) {
      for (const [name, dir, file] of sites) {
        const url = `${servers.get(dir).base}/${file}?q=${encodeURIComponent(q)}`;
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await once(url, preset));
        const depths = runs.map((r) => chain(r.requests));
        const deepest = depths.reduce((a, b) => (b.depth > a.depth ? b : a));
        const r = {
          medianMs: median(runs.map((x) => x.resultsMs)), runsMs: runs.map((x) => x.resultsMs), pageEndMs: median(runs.map((x) => x.pageEndMs)),
          total: runs[0].total, shown: runs[0].shown,
          depth: deepest.depth, depthRuns: depths.map((d) => d.depth), chain: deepest.chain, waves: deepest.waves,
          requestsUntilResults: runs[0].requests.length + 1, sessionRequests: runs[0].sessionRequests,
          bytesUntilResults: runs[0].requests.reduce((s, x) => s + x.bytes, 0),
          fetchedTwice: [...new Set(runs.flatMap((x) => x.fetchedTwice))],
          warnings: [...new Set(runs.flatMap((x) => x.warnings))].slice(0, 10),
          requests: runs[0].requests.map((x) => ({ kind: kindOf(x.url), startMs: +x.startMs.toFixed(1), endMs: +x.endMs.toFixed(1), bytes: x.bytes })),
        };
        ((res.results ||= {})[preset] ||= {})[q] ||= {};
        res.results[preset][q][name] = r;
        log(preset, q, name, `${(r.medianMs / 1000).toFixed(2)} s (${r.runsMs.map((x) => (x / 1000).toFixed(2)).join(', ')}), depth ${r.depth}: ${r.chain.join(' → ')}${r.fetchedTwice.length ? `; fetched twice: ${r.fetchedTwice.join(', ')}` : ''}`);
      }
    }
  }
} finally {
  if (browser) await browser.close();
  for (const { srv } of servers.values()) srv.kill('SIGTERM');
}
res.loadavgAtEnd = (await import('node:os')).loadavg();
fs.writeFileSync(OUT, JSON.stringify(res, null, 1));
log('wrote', OUT);
