// Patches a *copy* of ../shared/peers (never the original) so that Fahras runs in it:
//   lib/engines.mjs  + import of ./fahras-adapter.mjs, registered in ENGINES
//   report.mjs       + 'fahras' in the engine order of results.md
//   run_engine.mjs   the serialize / size / load step wrapped in try…catch: an index too large
//                    to serialize (FlexSearch's export of 40,004 articles passes V8's maximum
//                    string length) is recorded as a size error and the engine's probes and
//                    keystroke latency are still measured (unpatched, the whole engine fails);
//                    with PEERS_NO_BROTLI=1 in the environment, no brotli q11 of the index
//                    (minutes per 100 MB on this machine; the summary reports raw and gzip).
//   run_pagefind.mjs each article page carries its section as
//                    <span data-pagefind-filter="category:…"> (the category comes from the
//                    corpus file: the harness's loadCorpus drops it), and the first-query
//                    measurement also runs, on a fresh cache, pf.search(q, {filters: {category:
//                    C}}) then data() of the top 5 for the same two queries (C from
//                    --filter-category, default internationalNews): res.fetchFiltered, counted
//                    as res.fetch is (playwright network events). Issue 9 compares Fahras's first
//                    filtered page with it. The keystroke measurement adds a reader's cold
//                    session (res.latency.readerSession): a fresh context, init(), then every
//                    keystroke search(k) and data() of the 10 hits shown, as the widget shows them.
// Idempotent (a patched file carries a mark and is left alone); fails loudly when the harness
// no longer looks as expected.
//   node bench/peers/patch-harness.mjs PEERS_COPY_DIR
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir || path.resolve(dir).includes('/shared/peers')) { console.error('usage: patch-harness.mjs COPY_DIR (not ../shared/peers itself)'); process.exit(2); }
const MARK = '// patched by fahras bench/peers/patch-harness.mjs';
function patch(file, edits) {
  const p = path.join(dir, file);
  let s = fs.readFileSync(p, 'utf8');
  if (s.includes(MARK)) return;
  for (const [from, to] of edits) {
    if (!s.includes(from)) throw new Error(`${file}: cannot find ${JSON.stringify(from.slice(0, 80))}; the harness changed`);
    s = s.replace(from, to);
  }
  fs.writeFileSync(p, `${s}\n${MARK}\n`);
  console.error(`[patch-harness] ${file}`);
}

patch('lib/engines.mjs', [[
  "export const DEFAULT_ENGINES",
  "import { fahras as __fahras } from './fahras-adapter.mjs';\nENGINES[__fahras.name] = __fahras;\nexport const DEFAULT_ENGINES",
]]);
patch('report.mjs', [["'fuse.js-t0.2', 'pagefind']", "'fuse.js-t0.2', 'fahras', 'pagefind']"]]);
patch('run_engine.mjs', [
  ['// ---- serialise + sizes\n', '// ---- serialise + sizes\ntry {\n'],
  ['res.size.brotliBytes = zlib.brotliCompressSync(', 'res.size.brotliBytes = process.env.PEERS_NO_BROTLI ? null : zlib.brotliCompressSync('],
  ['// ---- feature probes', "} catch (ex) {\n  res.size = { error: String(ex.message || ex) };\n  log('serialize/size/load failed, going on with probes and latency:', res.size.error);\n}\n\n// ---- feature probes"],
]);
patch('run_pagefind.mjs', [
  ["const { docs, seedId } = loadCorpus(corpusPath, SEED);\n",
    `const { docs, seedId } = loadCorpus(corpusPath, SEED);
const FILTER_CAT = opt('--filter-category', 'internationalNews');
const categoryOf = new Map(); // id → sections, from the corpus file (loadCorpus keeps none)
for (const line of fs.readFileSync(corpusPath, 'utf8').split('\\n')) {
  if (!line.trim()) continue;
  const d = JSON.parse(line);
  if (d.id != null && d.category != null) categoryOf.set(String(d.id), [].concat(d.category).map(String));
}
`],
  ["  const probe = i === 0 ? '<span data-pagefind-filter=\"probe:seed\"></span>' : '';\n",
    `  const probe = (i === 0 ? '<span data-pagefind-filter="probe:seed"></span>' : '')
    + (categoryOf.get(d.id) || []).map((c) => \`<span data-pagefind-filter="category:\${esc(c).replace(/"/g, '&quot;')}"></span>\`).join('');
`],
  ["  // ---- probes (doc 0 carries filter probe:seed",
    `  // ---- the same first page with a section filter (added by the fahras bench, issue 9)
  res.fetchFiltered = {};
  for (const q of ['الحكومة', 'ستولتنبرغ']) {
    const { ctx, page, take } = await freshPage();
    const pageLoad = await take();
    const s = await page.evaluate(async ({ q, cat }) => {
      const t0 = performance.now(); await pf.init(); const t1 = performance.now();
      const r = await pf.search(q, { filters: { category: cat } }); const t2 = performance.now();
      const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data())); const t3 = performance.now();
      return { initMs: t1 - t0, searchMs: t2 - t1, top5DataMs: t3 - t2, n: r.results.length, unfiltered: r.unfilteredResultCount,
        inCategory: data.filter((d) => (d.filters?.category || []).includes(cat)).length };
    }, { q, cat: FILTER_CAT });
    const rest = await take();
    const all = [...pageLoad, ...rest];
    const kinds = byKind(all);
    res.fetchFiltered[q] = { category: FILTER_CAT, hits: s.n, unfilteredHits: s.unfiltered, inCategory: s.inCategory,
      initMs: s.initMs, coldSearchMs: s.searchMs, top5DataMs: s.top5DataMs, bytesByKind: kinds, requests: all.length, bytesTotal: sumBytes(all),
      bytesSearchData: (kinds.meta || 0) + (kinds.index || 0) + (kinds.fragment || 0) + (kinds.filter || 0) };
    log('fetch filtered', q, FILTER_CAT, JSON.stringify(res.fetchFiltered[q]));
    await ctx.close();
  }

  // ---- probes (doc 0 carries filter probe:seed`],
  ["one HTML page per article (h1 title + p paragraphs); search",
    'one HTML page per article (h1 title + p paragraphs; its section as data-pagefind-filter="category:…", added by the fahras bench); search'],
  ["    log('latency', JSON.stringify(res.latency));\n",
    `    log('latency', JSON.stringify(res.latency));
    // (fahras bench, issue 11) a reader's cold session: every keystroke shows its 10 hits, so
    // search() then data() of the 10 shown, in a fresh context after init()
    {
      const { ctx: c2, page: p2, take: take2 } = await freshPage();
      await p2.evaluate(() => pf.init());
      await take2();
      const times = await p2.evaluate(async (keys) => {
        const out = [];
        for (const k of keys) {
          const t = performance.now(); const r = await pf.search(k);
          await Promise.all(r.results.slice(0, 10).map((x) => x.data())); out.push(performance.now() - t);
        }
        return out;
      }, keys);
      const net = await take2();
      res.latency.readerSession = { ...stats(times), shown: 10, bytesFetched: sumBytes(net), requests: net.length };
      log('reader session', JSON.stringify(res.latency.readerSession));
      await c2.close();
    }
`],
]);
