// Side-by-side summary of one peers run with Fahras in it: reads <rundir>/*.json (the harness's
// meta.json and <engine>.json, pagefind.json, and fahras-browser.json from
// run_fahras_browser.mjs) and writes markdown: sizes, build times, keystroke latency (node and
// browser), bytes and requests of a first query on a fresh cache, cold time to first results,
// files written, probes; ratios to Fahras; the team's targets, met or not, with the gap.
//
//   node bench/peers/summary.mjs RUNDIR [--out FILE.md] [--commands FILE] [--notes FILE]
//
// Only figures go into the output (no article text: ids, titles and excerpts are never printed),
// so the file may be committed.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
const opt = (k, d) => { const i = args.indexOf(k); return i === -1 ? d : args[i + 1]; };
if (!dir || !fs.existsSync(path.join(dir, 'meta.json'))) { console.error('usage: summary.mjs RUNDIR [--out FILE.md]'); process.exit(2); }
const read = (f) => { const p = path.join(dir, f); return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : null; };
const meta = read('meta.json');
const PEERS = ['minisearch', 'flexsearch', 'flexsearch-exact', 'flexsearch-rtl', 'lunr+ar', 'orama', 'fuse.js', 'fuse.js-t0.2'];
const R = {};
for (const e of [...PEERS, 'fahras']) { const r = read(`${e}.json`); if (r) R[e] = r; }
const PF = read('pagefind.json');
const FB = read('fahras-browser.json');
const TH = read('throttled.json'); // bench/throttled.mjs (issue 11)
const FX = R.fahras && !R.fahras.error ? R.fahras : null;
const ok = (r) => r && !r.error;

const B = (n) => (n == null || Number.isNaN(n) ? '–' : n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const S = (ms) => (ms == null || Number.isNaN(ms) ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const M = (ms) => (ms == null || Number.isNaN(ms) ? '–' : ms < 0.1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
const X = (a, b) => (a == null || b == null || !b || Number.isNaN(a) || Number.isNaN(b) ? '–' : `${(a / b).toFixed(a / b < 10 ? (a / b < 0.1 ? 3 : 2) : 0)}×`);
const N = (n) => (n == null ? '–' : n.toLocaleString('en'));
const pct = (a, b) => `${((a / b) * 100).toFixed(0)}%`;

let md = `# Fahras beside the peer engines: \`${meta.name}\`\n\n`;
md += `${N(meta.docs)} documents (${meta.seedInjected ? 'seed article injected as doc 0' : 'seed article is doc 0'}), ${B(meta.textBytes)} of title+body text, ${N(meta.words)} words; `;
md += `${meta.queries} query words → ${meta.keystrokes} keystrokes. Run started ${meta.started}, node ${meta.node}, ${meta.cpus} cores`;
md += `${FB?.browser ? `, Chromium ${FB.browser}` : ''}; load average at start ${(meta.loadavgAtStart || []).map((x) => x.toFixed(1)).join('/')}.\n\n`;
md += `All engines ran in one run of the harness (\`../shared/peers\`, copied to a scratch folder by \`scripts/bench-peers\`), on a shared 2-core machine: `;
md += `compare **ratios**, not absolute times. "× Fahras" = the engine's figure divided by Fahras's (above 1× means Fahras is smaller / faster). kB/MB = 10^3/10^6 bytes.\n\n`;

// ------------------------------------------------------------------------------- targets
const T = [];
const pfBuild = ok(PF) ? PF.build.medianMs : null;
const fxSplitBuild = FB?.build?.medianMs;
{
  // 1. bytes and requests of a first query
  if (FB?.fetch && ok(PF) && PF.fetch) {
    for (const q of Object.keys(FB.fetch)) {
      const f = FB.fetch[q], p = PF.fetch[q];
      if (!p) continue;
      const met = f.bytesTotal <= p.bytesTotal / 2 && f.requests <= p.requests;
      T.push([`first page of results for «${q}» (fresh cache): bytes ≤ ½ Pagefind's, requests ≤ Pagefind's`,
        `${B(f.bytesTotal)}, ${f.requests} requests`, `Pagefind ${B(p.bytesTotal)}, ${p.requests} requests (½ = ${B(p.bytesTotal / 2)})`, met,
        `bytes ${pct(f.bytesTotal, p.bytesTotal)} of Pagefind's${f.bytesTotal > p.bytesTotal / 2 ? ` (${B(f.bytesTotal - p.bytesTotal / 2)} over)` : ''}; requests ${f.requests} vs ${p.requests}${f.requests > p.requests ? ` (${f.requests - p.requests} over)` : ''}`]);
    }
  }
  // 2. build time
  if (fxSplitBuild != null && pfBuild != null) {
    T.push(['build time ≤ ⅕ of Pagefind\'s (Fahras: `index-builder build --split`, the index a site ships)', `${S(fxSplitBuild)} (median of ${FB.build.runsMs.map((x) => S(x)).join(', ')})`, `Pagefind ${S(pfBuild)} (n=${PF.build.runsMs.length}; ⅕ = ${S(pfBuild / 5)})`,
      fxSplitBuild <= pfBuild / 5, `${pct(fxSplitBuild, pfBuild)} of Pagefind's (1/${(pfBuild / fxSplitBuild).toFixed(1)})`]);
  }
  // 3. cold navigation → first results
  if (FB?.fetch) {
    const worst = Math.max(...Object.values(FB.fetch).map((f) => f.coldToResultsMs));
    T.push([`cold navigation to first results < 300 ms${meta.docs >= 40000 && meta.docs < 40010 ? '' : ` (the target is for 40,004 articles; this corpus has ${N(meta.docs)})`}`,
      Object.entries(FB.fetch).map(([q, f]) => `«${q}» ${S(f.coldToResultsMs)}`).join(', '), '300 ms', worst < 300,
      worst < 300 ? `${S(300 - worst)} to spare (worst query)` : `${S(worst - 300)} over (worst query)`]);
  }
  // issue 11: first results on a phone's network, Fahras with the README's preload hints
  if (TH?.results) {
    for (const [preset, qs] of Object.entries(TH.results)) {
      for (const [q, r] of Object.entries(qs)) {
        const f = r['fahras+hints'], p = r.pagefind;
        if (!f || !p) continue;
        const ratio = f.medianMs / p.medianMs;
        T.push([`first results for «${q}» on ${preset} (issue 11; fresh cache, cache disabled): ≤ ½ Pagefind's time, ≤ 4 requests waiting on one another after the page`,
          `${S(f.medianMs)}, depth ${f.depth} (with the README's preload hints; without: ${r.fahras ? `${S(r.fahras.medianMs)}, depth ${r.fahras.depth}` : '–'})`,
          `Pagefind ${S(p.medianMs)}, depth ${p.depth} (½ = ${S(p.medianMs / 2)})`, ratio <= 0.5 && f.depth <= 4,
          `${X(f.medianMs, p.medianMs)} Pagefind's time${ratio > 0.5 ? ` (${S(f.medianMs - p.medianMs / 2)} over the ½ line)` : ` (${S(p.medianMs / 2 - f.medianMs)} under the ½ line)`}; depth ${f.depth}${f.depth > 4 ? ` (${f.depth - 4} over)` : ''}`]);
      }
    }
  }
  // 4. keystroke latency in the browser, warm
  if (FB?.latency) {
    const w = FB.latency.warm;
    for (const e of ['minisearch', 'lunr+ar']) {
      if (!ok(R[e])) { T.push([`browser warm per-keystroke median and p95 below ${e}'s`, `${M(w.median)} / ${M(w.p95)} ms`, `${e} not run on this corpus`, null, '–']); continue; }
      const l = R[e].latency;
      T.push([`browser warm per-keystroke median and p95 below ${e}'s (node)`, `median ${M(w.median)} ms, p95 ${M(w.p95)} ms`, `${e} median ${M(l.median)} ms, p95 ${M(l.p95)} ms`,
        w.median < l.median && w.p95 < l.p95, `median ${X(w.median, l.median)} of ${e}'s, p95 ${X(w.p95, l.p95)}`]);
    }
    if (ok(R.flexsearch)) {
      const l = R.flexsearch.latency;
      T.push(['browser warm per-keystroke median within 2× FlexSearch\'s (node)', `median ${M(w.median)} ms`, `FlexSearch median ${M(l.median)} ms (2× = ${M(2 * l.median)} ms)`,
        w.median <= 2 * l.median, `${X(w.median, l.median)} FlexSearch's median${w.median > 2 * l.median ? ` (${M(w.median - 2 * l.median)} ms over the 2× line)` : ''}`]);
    } else T.push(['browser warm per-keystroke median within 2× FlexSearch\'s', `${M(w.median)} ms`, 'FlexSearch not run on this corpus', null, '–']);
  }
  // issue 11: the keystroke's own goals, and a cold typing session beside Pagefind's
  if (FB?.latency?.warm) {
    const w = FB.latency.warm, we = FB.latency.warmWithExcerpts;
    if (we) T.push(['browser warm keystroke, the widget\'s path (10 hits with excerpts; issue 11): median ≤ 0.4 ms, p95 ≤ 1.5 ms', `median ${M(we.median)} ms, p95 ${M(we.p95)} ms`, '0.4 / 1.5 ms',
      we.median <= 0.4 && we.p95 <= 1.5, `median ${(we.median / 0.4).toFixed(1)}×, p95 ${(we.p95 / 1.5).toFixed(1)}× the goal: the document shards of the hits shown are decoded and the excerpts cut on every keystroke`]);
    T.push(['browser warm keystroke without excerpts (issue 11): median ≤ 0.05 ms, p95 ≤ 0.5 ms', `median ${M(w.median)} ms, p95 ${M(w.p95)} ms`, '0.05 / 0.5 ms',
      w.median <= 0.05 && w.p95 <= 0.5, `median ${(w.median / 0.05).toFixed(1)}×, p95 ${(w.p95 / 0.5).toFixed(1)}× the goal: each keystroke scores the postings of its completions (no ranked results are precomputed for short prefixes)`]);
  }
  if (FB?.latency?.cold && ok(PF) && PF.latency?.cold) {
    const f = FB.latency.cold, rs = PF.latency.readerSession, p = rs || PF.latency.cold;
    T.push([`a cold typing session, every prefix of ${meta.queries} words (issue 11): bytes ≤ ½ Pagefind's, requests ≤ Pagefind's`,
      `${B(f.bytesFetched)} in ${N(f.requests)} requests (the titles and urls of the 10 hits of every keystroke included)`, rs ? `Pagefind ${B(p.bytesFetched)} in ${N(p.requests)} requests (\`search()\` then \`data()\` of the 10 hits shown, every keystroke; \`search()\` alone: ${B(PF.latency.cold.bytesFetched)} in ${N(PF.latency.cold.requests)})` : `Pagefind ${B(p.bytesFetched)} in ${N(p.requests)} requests (\`search()\` only: no \`data()\` of the hits shown)`,
      f.bytesFetched <= p.bytesFetched / 2 && f.requests <= p.requests,
      `${X(f.bytesFetched, p.bytesFetched)} Pagefind's bytes, ${X(f.requests, p.requests)} its requests: every hit shown costs a whole document shard (tens of articles) where Pagefind fetches a fragment of about 1 kB${rs ? '' : ", and Pagefind's figure leaves its fragments out"}`]);
  }
  // 6. issue 9: a keystroke with a section filter, one sorted newest first; the first filtered page
  for (const [name, what] of [['filtered', 'with a section filter'], ['newest', 'sorted newest first']]) {
    const v = FB?.latencyVariants?.[name];
    if (!v) continue;
    const w = v.warm;
    T.push([`browser warm keystroke ${what} (issue 9): median ≤ 1 ms, p95 ≤ 3 ms${meta.docs >= 40000 && meta.docs < 40010 ? '' : ` (the target is for 40,004 articles; this corpus has ${N(meta.docs)})`}`,
      `median ${M(w.median)} ms, p95 ${M(w.p95)} ms`, `\`${v.options}\`, ${w.n} keystrokes`, w.median <= 1 && w.p95 <= 3,
      [w.median <= 1 ? `median ${M(1 - w.median)} ms under` : `median ${M(w.median - 1)} ms over`, w.p95 <= 3 ? `p95 ${M(3 - w.p95)} ms under` : `p95 ${M(w.p95 - 3)} ms over (${X(w.p95, 3)} the target)`,
        `${X(w.median, FB.latency.warm.median)} / ${X(w.p95, FB.latency.warm.p95)} the median / p95 of the keystroke without filter or sort in this run (${M(FB.latency.warm.median)} / ${M(FB.latency.warm.p95)} ms)`,
        ...(w.bestOfPasses ? [`each keystroke's best of ${w.passes} passes: median ${M(w.bestOfPasses.median)}, p95 ${M(w.bestOfPasses.p95)} ms`] : [])].join('; ')]);
  }
  if (FB?.fetchFiltered && ok(PF) && PF.fetchFiltered) {
    for (const q of Object.keys(FB.fetchFiltered)) {
      const f = FB.fetchFiltered[q], p = PF.fetchFiltered[q];
      if (!p) continue;
      T.push([`first filtered page «${q}» in \`${f.category}\` (fresh cache, issue 9): bytes ≤ ½ Pagefind's (its filter index included)`,
        `${B(f.bytesTotal)}, ${f.requests} requests`, `Pagefind ${B(p.bytesTotal)}, ${p.requests} requests (½ = ${B(p.bytesTotal / 2)})`, f.bytesTotal <= p.bytesTotal / 2,
        `bytes ${pct(f.bytesTotal, p.bytesTotal)} of Pagefind's${f.bytesTotal > p.bytesTotal / 2 ? ` (${B(f.bytesTotal - p.bytesTotal / 2)} over)` : ` (${B(p.bytesTotal / 2 - f.bytesTotal)} under the line)`}`]);
    }
  }
  // 5. probes
  for (const [label, probes] of [['browser, split index', FB?.probes], ['node, one file', FX?.probes]]) {
    if (!probes) continue;
    const found = probes.filter((p) => p.found).length;
    const maxHits = Math.max(...probes.map((p) => p.hits));
    const half = probes.filter((p) => p.hits >= meta.docs / 2);
    T.push([`probes all found without matching half the corpus (${label})`, `${found}/${probes.length} found; most hits ${N(maxHits)} (${pct(maxHits, meta.docs)} of the corpus)`,
      `14/14, every probe < ${N(Math.ceil(meta.docs / 2))} hits`, found === probes.length && half.length === 0,
      `${found === probes.length ? 'all found' : `not found: ${probes.filter((p) => !p.found).map((p) => `«${p.q}»`).join(', ')}`}${half.length ? `; ≥ half the corpus: ${half.map((p) => `«${p.q}» ${N(p.hits)}`).join(', ')}` : ''}`]);
  }
}
md += `## Targets\n\n| target | Fahras | reference | met | gap |\n|---|---|---|:---:|---|\n`;
for (const [t, f, r, met, gap] of T) md += `| ${t} | ${f} | ${r} | ${met == null ? 'n/a' : met ? '**met**' : '**not met**'} | ${gap} |\n`;
md += '\n';

// ------------------------------------------------------------------------------- sizes
const fp = FX?.size?.parts;
md += `## Index size, build time, files written\n\n`;
md += `Node engines: the serialized index (what a site would ship), gzip -9 of it as the harness measures; "without stored text" leaves out what only serves to show results `;
md += `(Fahras: the \`documents\` section, i.e. titles, urls and bodies for excerpts; the peers store none, so they need the articles fetched separately to show anything but ids). `;
md += `Sites: every file written (Pagefind's and Fahras's split files are already gzipped); "without stored text" leaves out Pagefind's fragments and Fahras's document groups. `;
md += `Fahras's build is \`index-builder\` run as a child process (time includes writing the JSONL it reads); the others build in-process.\n\n`;
md += `| engine | build | × Fahras | raw | gzip -9 | × Fahras gzip | raw without stored text | gzip without stored text | × Fahras | files |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n`;
const fxB = FX?.build?.medianMs;
if (FX) {
  md += `| **fahras** (one file, \`--single\`) | ${S(fxB)} | 1× | ${B(FX.size.rawBytes)} | ${B(FX.size.gzipBytes)} | 1× | ${B(fp?.withoutDocsBytes)} | ${B(fp?.withoutDocsGzipBytes)} | 1× | 1 |\n`;
}
for (const e of PEERS) {
  const r = R[e];
  if (!r) continue;
  if (r.error) { md += `| ${e} | FAILED: ${r.error} |||||||||\n`; continue; }
  if (r.size?.error) { md += `| ${e} | ${S(r.build.medianMs)} | ${X(r.build.medianMs, fxB)} | could not serialize: ${r.size.error} ||||||| 1 |\n`; continue; }
  let rawNo = r.size.rawBytes, gzNo = r.size.gzipBytes, note = '';
  if (e === 'orama') note = ` (docs store ${B(r.size.parts?.docsStoreBytes)} inside)`;
  md += `| ${e} | ${S(r.build.medianMs)} | ${X(r.build.medianMs, fxB)} | ${B(r.size.rawBytes)}${note} | ${B(r.size.gzipBytes)} | ${X(r.size.gzipBytes, FX?.size.gzipBytes)} | ${B(rawNo)} (stores none) | ${B(gzNo)} | ${X(gzNo, fp?.withoutDocsGzipBytes)} | 1 |\n`;
}
if (FB?.size) {
  md += `| **fahras site** (\`--split\`, gzipped files) | ${S(fxSplitBuild)} | ${X(fxSplitBuild, fxB)} | ${B(FB.size.totalBytes)} | (files are gzip) | – | ${B(FB.size.withoutDocumentsBytes)} | (files are gzip) | – | ${N(FB.size.files)} |\n`;
}
if (ok(PF)) {
  const pfNo = PF.size.withoutUiBytes - (PF.size.byCategory.fragment || 0);
  md += `| pagefind site (gzipped files) | ${S(pfBuild)} (n=${PF.build.runsMs.length}) | ${X(pfBuild, fxSplitBuild)} of the split build | ${B(PF.size.withoutUiBytes)} (+ UI ${B(PF.size.byCategory.ui)}) | (files are gzip) | ${X(PF.size.withoutUiBytes, FB?.size?.totalBytes)} of the split files | ${B(pfNo)} | (files are gzip) | ${X(pfNo, FB?.size?.withoutDocumentsBytes)} | ${N(PF.size.files)} |\n`;
}
md += `\nRaw corpus text: ${B(meta.textBytes)}.`;
if (fp) md += ` Fahras sections (one file): ${Object.entries(fp.sections).map(([k, v]) => `${k} ${B(v)}`).join(', ')}; stored text gzip -9 ${B(fp.docsStoreGzipBytes)}. Build breakdown: JSONL write ${S(fp.buildTiming?.writeJsonlMs)}, index-builder ${S(fp.buildTiming?.cliMs)} (it reports ${fp.buildTiming?.cliReportedS ?? '–'} s); serialize+load in node: load (fromBytes, checks every checksum) ${S(FX.load?.medianMs)}.`;
if (FB?.size) md += ` Fahras split files: ${Object.entries(FB.size.byKind).map(([k, v]) => `${k} ${B(v)} (${N(FB.size.fileCounts[k])})`).join(', ')}; in the browser also fahras.js ${B(FB.assets['fahras.js'])} and fahras_bg.wasm.gz ${B(FB.assets['fahras_bg.wasm.gz'])}.`;
if (ok(PF)) md += ` Pagefind files: ${Object.entries(PF.size.byCategory).map(([k, v]) => `${k} ${B(v)} (${N(PF.size.fileCounts[k])})`).join(', ')}.`;
md += '\n\n';

// ------------------------------------------------------------------------------- latency
md += `## Per-keystroke latency (ms; every prefix of ${meta.queries} words, ${meta.keystrokes} keystrokes)\n\n`;
md += `Node rows: the harness's run_engine.mjs (top 10 ids; Fahras through its wasm module in node, \`excerpts:false\`). Browser rows: headless Chromium, one search per keystroke `;
md += `(Fahras \`await index.search(k, {limit: 10, excerpts: false, facets: false})\` through fahras-embed.js's Index, Pagefind \`pf.search(k)\`); cold = first pass in a fresh context (fetches included), warm = further passes in the same page. `;
md += `Node rows are compared with Fahras in node, browser rows with Fahras warm in the browser.\n\n`;
md += `| engine | where | median | p95 | 2-char median | max | × Fahras median | × Fahras p95 | samples |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n`;
const fl = FX?.latency;
if (fl) md += `| **fahras** | node (wasm) | ${M(fl.median)} | ${M(fl.p95)} | ${M(fl.twoCharMedian)} | ${M(fl.max)} | 1× | 1× | ${fl.n} |\n`;
for (const e of PEERS) {
  const r = R[e];
  if (!ok(r) || !r.latency) continue;
  const l = r.latency;
  md += `| ${e} | node | ${M(l.median)} | ${M(l.p95)} | ${M(l.twoCharMedian)} | ${M(l.max)} | ${X(l.median, fl?.median)} | ${X(l.p95, fl?.p95)} | ${l.n}${l.stride > 1 ? ` (every ${l.stride}th)` : ''} |\n`;
}
const fw = FB?.latency?.warm;
if (FB?.latency) {
  const c = FB.latency.cold, we = FB.latency.warmWithExcerpts;
  md += `| **fahras** warm | Chromium | ${M(fw.median)} | ${M(fw.p95)} | ${M(fw.twoCharMedian)} | ${M(fw.max)} | 1× | 1× | ${fw.n} |\n`;
  md += `| fahras warm, excerpts on (the widget) | Chromium | ${M(we.median)} | ${M(we.p95)} | ${M(we.twoCharMedian)} | ${M(we.max)} | ${X(we.median, fw.median)} | ${X(we.p95, fw.p95)} | ${we.n} |\n`;
  md += `| fahras cold (fetches ${B(c.bytesFetched)} in ${c.requests} requests) | Chromium | ${M(c.median)} | ${M(c.p95)} | ${M(c.twoCharMedian)} | ${M(c.max)} | ${X(c.median, fw.median)} | ${X(c.p95, fw.p95)} | ${c.n} |\n`;
}
if (ok(PF) && PF.latency) {
  const w = PF.latency.warm, c = PF.latency.cold;
  md += `| pagefind warm | Chromium | ${M(w.median)} | ${M(w.p95)} | ${M(w.twoCharMedian)} | ${M(w.max)} | ${X(w.median, fw?.median)} | ${X(w.p95, fw?.p95)} | ${w.n} |\n`;
  md += `| pagefind cold (fetches ${B(c.bytesFetched)} in ${c.requests} requests) | Chromium | ${M(c.median)} | ${M(c.p95)} | ${M(c.twoCharMedian)} | ${M(c.max)} | ${X(c.median, fw?.median)} | ${X(c.p95, fw?.p95)} | ${c.n} |\n`;
}
md += '\n';

// ------------------------------------------------------------------------------- first query
if (FB?.fetch) {
  md += `## First query on a fresh cache: bytes, requests, time to first results\n\n`;
  md += `From navigation to a bench page until the first page of results is there: Fahras = page, fahras-embed.js, fahras.js, fahras_bg.wasm.gz, the manifest, then \`await index.search(q, {limit: 5, facets: false})\` as the box asks `;
  md += `(returns title, url and excerpt of the 5 hits in that call); Pagefind = page, pagefind.js, its wasm and metadata, \`init()\`, \`search(q)\`, \`data()\` of the top 5 `;
  md += `(figures from the harness's run_pagefind.mjs). Counted as run_pagefind.mjs counts: every response of the session, settled 150 ms after (for Fahras this includes the `;
  md += `shards it prefetches for the next keystroke; "until results" counts only what had arrived when the results were there). No HTTP compression (python http.server). `;
  md += `Cold time = from navigation start (performance.timeOrigin) to results, median of ${FB.fetch[Object.keys(FB.fetch)[0]].coldToResultsRunsMs.length} fresh contexts.\n\n`;
  md += `| query | engine | hits | bytes fetched | requests | × Fahras bytes | × Fahras requests | until results | cold navigation → results | by kind |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n`;
  for (const q of Object.keys(FB.fetch)) {
    const f = FB.fetch[q];
    md += `| «${q}» | **fahras** | ${N(f.hits)} | ${B(f.bytesTotal)} | ${f.requests} | 1× | 1× | ${B(f.untilResults.bytes)} in ${f.untilResults.requests} | ${S(f.coldToResultsMs)} (${f.coldToResultsRunsMs.map((x) => x.toFixed(0)).join(', ')}) | ${Object.entries(f.bytesByKind).map(([k, v]) => `${k} ${B(v)}${f.filesByKind?.[k] > 1 ? ` (${f.filesByKind[k]} files)` : ''}`).join(', ')} |\n`;
    const p = ok(PF) ? PF.fetch?.[q] : null;
    const pc = FB.pagefindCold?.[q];
    if (p) {
      md += `| «${q}» | pagefind | ${N(p.hits)} | ${B(p.bytesTotal)} | ${p.requests} | ${X(p.bytesTotal, f.bytesTotal)} | ${X(p.requests, f.requests)} | n/a (its worker's fetches are not in the page's resource timing) | ${pc ? `${S(pc.coldToResultsMs)} (${pc.coldToResultsRunsMs.map((x) => x.toFixed(0)).join(', ')})` : `– (in-page init ${S(p.initMs)} + search ${S(p.coldSearchMs)} + data ${S(p.top5DataMs)})`} | ${Object.entries(p.bytesByKind).map(([k, v]) => `${k} ${B(v)}`).join(', ')} |\n`;
    }
  }
  const m = FB.fetch[Object.keys(FB.fetch)[0]].marks;
  md += `\nFahras's cold timeline (first query, first run): module evaluated ${S(m.moduleMs)}, wasm ready ${S(m.wasmReadyMs)}, manifest open ${S(m.indexOpenMs)}, results ${S(m.resultsMs)}.`;
  if (FB.pagefindCold) {
    const pm = FB.pagefindCold[Object.keys(FB.pagefindCold)[0]].marks;
    md += ` Pagefind's (same page shape, pf-cold.html on its own site): pagefind.js imported ${S(pm.importedMs)}, init ${S(pm.initMs)}, search ${S(pm.searchMs)}, data() of the top 5 ${S(pm.resultsMs)}.`;
  }
  if (FB.fetchDefaults) {
    md += ` With the API's default options (\`{limit: 5}\`: facet counts are on by default, so the columns shard comes too) the same first page costs ${Object.entries(FB.fetchDefaults).map(([q, d]) => `${B(d.bytesTotal)} in ${d.requests} requests for «${q}» (columns ${B(d.bytesByKind.columns || 0)})`).join(', ')}.`;
  }
  md += '\n\n';
}

// ------------------------------------------------------------------------------- issue 11
if (TH?.results) {
  const pr = (c) => `${(c.latency).toFixed(1)} ms latency, ${((c.download * 8) / 1e6).toFixed(2)} Mbps down, ${((c.upload * 8) / 1e6).toFixed(2)} Mbps up`;
  md += `## Issue 11: first results on a phone's network (throttled Chromium)\n\n`;
  md += `\`bench/throttled.mjs\` on the two sites above (Fahras's split index with dist/'s files; Pagefind's site from run_pagefind.mjs), served by the harness's serve.py (python http.server: no HTTP compression, a connection per request), `;
  md += `in headless Chromium ${TH.browser ?? ''} through puppeteer-core: a fresh context per run, cache disabled, \`Network.emulateNetworkConditions\` with DevTools' presets `;
  md += `(${Object.entries(TH.presets).map(([k, c]) => `${k}: ${pr(c)}`).join('; ')}). Time = navigation start → the 5 titles in the page, median of ${TH.runs} runs (each run in brackets). `;
  md += `Pages of the same shape: Fahras \`Index.load('index.fahras')\` then \`search(q, {limit: 5, facets: false})\` through fahras-embed.js, without and with the four hints of the README's snippet `;
  md += `(modulepreload fahras-embed.js and fahras.js, preload as=fetch crossorigin fahras_bg.wasm.gz and index.fahras); Pagefind \`import('/pagefind/pagefind.js')\`, \`init()\`, \`search(q)\`, \`data()\` of the top 5, as it ships. `;
  md += `**Depth** = the longest chain of requests after the page, each started after the previous one had finished (the browser's CDP timestamps, the page's and its workers' requests, those finished before the results; `;
  md += `the page is depth 0): how many round trips waited on one another. "Waves" lists the requests at each depth. Load average ${(TH.loadavgAtStart || []).map((x) => x.toFixed(1)).join('/')} at the start, ${(TH.loadavgAtEnd || []).map((x) => x.toFixed(1)).join('/')} at the end.\n\n`;
  // the requests of one wave, repeated kinds counted: "dictionary ×2 + postings"
  const wave = (w) => [...new Set(w)].map((k) => { const n = w.filter((x) => x === k).length; return n > 1 ? `${k} ×${n}` : k; }).join(' + ');
  md += `| preset | query | page | first results | runs | × Pagefind | goal ≤ 0.5× | depth | requests until results | waves |\n|---|---|---|---:|---|---:|:---:|---:|---:|---|\n`;
  for (const [preset, qs] of Object.entries(TH.results)) {
    for (const [q, r] of Object.entries(qs)) {
      const p = r.pagefind;
      for (const [name, label] of [['fahras', 'fahras, no hints'], ['fahras+hints', '**fahras + preload hints**'], ['pagefind', 'pagefind']]) {
        const x = r[name];
        if (!x) continue;
        const ratio = p && name !== 'pagefind' ? x.medianMs / p.medianMs : null;
        md += `| ${preset} | «${q}» | ${label} | ${S(x.medianMs)} | ${x.runsMs.map((v) => (v / 1000).toFixed(2)).join(', ')} | ${name === 'pagefind' ? '1×' : X(x.medianMs, p?.medianMs)} | ${ratio == null ? '–' : ratio <= 0.5 ? '**met**' : `**not met** (${S(x.medianMs - p.medianMs / 2)} over)`} | ${x.depth} | ${x.requestsUntilResults} | ${x.waves.map(wave).join(' → ')} |\n`;
      }
    }
  }
  const twice = Object.values(TH.results).flatMap((qs) => Object.values(qs).flatMap((r) => Object.entries(r).flatMap(([n, x]) => x.fetchedTwice.map((u) => `${n}: ${u}`))));
  md += `\n${twice.length ? `**Fetched twice** (a preload its fetch did not reuse): ${[...new Set(twice)].join(', ')}.` : 'No URL was fetched twice in any run: every preload was reused by the fetch that needed it.'}`;
  const warn = [...new Set(Object.values(TH.results).flatMap((qs) => Object.values(qs).flatMap((r) => Object.entries(r).flatMap(([n, x]) => x.warnings.map((w) => `${n}: ${w.slice(0, 160)}`)))))];
  if (warn.length) md += ` Console warnings: ${warn.join('; ')}.`;
  md += '\n\n';
}

// ------------------------------------------------------------------------------- issue 9
if (FB?.latencyVariants || FB?.fetchFiltered) {
  md += `## Issue 9: a section filter and newest first (split index, Chromium)\n\n`;
  md += `Section \`${FB.filterCategory}\` (${N(FB.docsInCategory)} of ${N(meta.docs)} articles). `;
  md += `Keystrokes: every prefix of the ${meta.queries} words, in the page of the latency measurement above (its shards loaded); "first pass" = the first pass of that kind `;
  md += `(it fetches what the filter or the sort needs: the columns shard, once; and the document groups holding the titles and urls of the 10 hits each keystroke shows, which differ under a filter or a sort), "warm" = ${FB.latencyVariants?.filtered?.warm?.passes ?? 1} further pass(es), the measurement the target is for; "search page" = one warm pass as the widget's search page asks `;
  md += `(20 results with excerpts and facet counts), after a pass that fetched the document groups it shows.\n\n`;
  if (FB.latencyVariants) {
    const bo = (w) => (w.bestOfPasses ? `${M(w.bestOfPasses.median)} / ${M(w.bestOfPasses.p95)}` : '–');
    md += `| keystroke | options | warm median | warm p95 | each keystroke's best of ${FB.latency.warm.passes} passes: median / p95 | 2-char median | max | mean total hits | first pass: median / p95, fetched | search page: median / p95 |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n`;
    const w0 = FB.latency.warm;
    md += `| no filter (above) | \`${FB.latency.options}\` | ${M(w0.median)} | ${M(w0.p95)} | ${bo(w0)} | ${M(w0.twoCharMedian)} | ${M(w0.max)} | ${w0.meanTotal != null ? N(Math.round(w0.meanTotal)) : '–'} | – | – |\n`;
    for (const [name, v] of Object.entries(FB.latencyVariants)) {
      const w = v.warm, f = v.firstPass, pg = v.warmSearchPage;
      md += `| ${name} | \`${v.options}\` | ${M(w.median)} | ${M(w.p95)} | ${bo(w)} | ${M(w.twoCharMedian)} | ${M(w.max)} | ${N(Math.round(w.meanTotal))} | ${M(f.median)} / ${M(f.p95)} ms, ${B(f.bytesFetched)} in ${f.requests} requests${f.requests ? ` (${Object.entries(f.byKind).map(([k, b]) => `${k} ${B(b)}`).join(', ')})` : ''} | ${M(pg.median)} / ${M(pg.p95)} ms |\n`;
    }
    md += '\n';
    const rows = [['no filter', FB.latency.warm], ...Object.entries(FB.latencyVariants).map(([k, v]) => [k, v.warm])].filter(([, w]) => w.byLength);
    if (rows.length) {
      const lens = Object.keys(rows[0][1].byLength);
      md += `Warm keystrokes by the length of the prefix typed: median / p95 ms, keystrokes over 3 ms of all, mean total hits.\n\n`;
      md += `| keystroke | ${lens.map((l) => `${l} letters`).join(' | ')} |\n|---|${lens.map(() => '---').join('|')}|\n`;
      for (const [name, w] of rows) md += `| ${name} | ${lens.map((l) => { const x = w.byLength[l]; return x ? `${M(x.median)} / ${M(x.p95)}, ${x.over} of ${x.n} over 3 ms, ${N(Math.round(x.meanTotal))} hits` : '–'; }).join(' | ')} |\n`;
      md += '\n';
    }
  }
  if (FB.fetchFiltered) {
    md += `First filtered page on a fresh cache: Fahras \`search(q, {limit: 5, facets: true, filters: {category: ['${FB.filterCategory}']}})\` (as the search page asks) through fahras-embed.js's Index; `;
    md += `Pagefind (the harness's run_pagefind.mjs, patched: every page carries \`data-pagefind-filter="category:…"\`) \`search(q, {filters: {category: '${FB.filterCategory}'}})\` then \`data()\` of the top 5. `;
    md += `Bytes and requests counted alike (playwright network events, settled 150 ms after; Fahras's include what it prefetches for the next keystroke).\n\n`;
    md += `| query | engine | hits (unfiltered) | bytes fetched | requests | × Fahras bytes | until results | cold navigation → results | by kind |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n`;
    for (const q of Object.keys(FB.fetchFiltered)) {
      const f = FB.fetchFiltered[q];
      md += `| «${q}» | **fahras** | ${N(f.hits)} (${N(f.unfilteredTotal)}) | ${B(f.bytesTotal)} | ${f.requests} | 1× | ${B(f.untilResults.bytes)} in ${f.untilResults.requests} | ${S(f.coldToResultsMs)} | ${Object.entries(f.bytesByKind).map(([k, v]) => `${k} ${B(v)}${f.filesByKind?.[k] > 1 ? ` (${f.filesByKind[k]} files)` : ''}`).join(', ')} |\n`;
      const p = ok(PF) ? PF.fetchFiltered?.[q] : null;
      const pc = FB.pagefindColdFiltered?.[q];
      if (p) md += `| «${q}» | pagefind | ${N(p.hits)} (${N(p.unfilteredHits)}) | ${B(p.bytesTotal)} | ${p.requests} | ${X(p.bytesTotal, f.bytesTotal)} | n/a | ${pc ? S(pc.coldToResultsMs) : '–'} | ${Object.entries(p.bytesByKind).map(([k, v]) => `${k} ${B(v)}`).join(', ')} |\n`;
    }
    md += '\n';
    const bad = Object.entries(FB.fetchFiltered).filter(([, f]) => f.inCategory != null && f.inCategory !== f.shown);
    if (bad.length) md += `**Warning**: a filtered result outside the section: ${bad.map(([q, f]) => `«${q}» ${f.inCategory}/${f.shown}`).join(', ')}.\n\n`;
  }
}

// ------------------------------------------------------------------------------- probes
const cols = [];
for (const e of PEERS) if (ok(R[e]) && R[e].probes) cols.push([e, R[e].probes]);
if (FX?.probes) cols.unshift(['**fahras** (node)', FX.probes]);
if (FB?.probes) cols.unshift(['**fahras** (browser, split)', FB.probes]);
if (ok(PF) && PF.probes) cols.push(['pagefind', PF.probes]);
if (cols.length) {
  const isNoisy = (pr) => meta.docs >= 20 && pr.found && (pr.hits >= 0.9 * meta.docs || (pr.hits >= 0.5 * meta.docs && pr.hits > 2 * (pr.canonHits ?? 0)));
  md += `## Feature probes on the seed article (doc 0)\n\n✓ rank/hits when doc 0 is among **all** hits, ✗ (hits) otherwise; ⚠ = found but the probe matched ≥ 90% of the corpus, or ≥ 50% and more than twice the correctly spelled word (the harness's rule). `;
  md += `Half the corpus = ${N(Math.ceil(meta.docs / 2))} hits.\n\n`;
  md += `| probe | ${cols.map((c) => c[0]).join(' | ')} |\n|---|${cols.map(() => '---').join('|')}|\n`;
  for (const p of cols[0][1]) {
    md += `| \`${p.q}\` |`;
    for (const [, probes] of cols) {
      const pr = probes.find((x) => x.q === p.q);
      md += !pr ? ' – |' : pr.found ? ` ✓ ${pr.rank}/${N(pr.hits)}${isNoisy(pr) ? ' ⚠' : ''} |` : ` ✗ (${N(pr.hits)})${pr.err ? ' err' : ''} |`;
    }
    md += '\n';
  }
  md += `| **found (targeted)** | ${cols.map(([, ps]) => `${ps.filter((x) => x.found).length} (${ps.filter((x) => x.found && !isNoisy(x)).length})`).join(' | ')} |\n`;
  md += `| most hits of a probe | ${cols.map(([, ps]) => `${N(Math.max(...ps.map((x) => x.hits)))} (${pct(Math.max(...ps.map((x) => x.hits)), meta.docs)})`).join(' | ')} |\n\n`;
  if (FB?.probes && FX?.probes) {
    const diff = FB.probes.filter((b) => { const n = FX.probes.find((x) => x.q === b.q); return n && (n.hits !== b.hits || n.rank !== b.rank); });
    md += diff.length ? `**Split index (browser) and one file (node) disagree** on: ${diff.map((b) => { const n = FX.probes.find((x) => x.q === b.q); return `«${b.q}» browser ${b.rank ?? '✗'}/${b.hits} vs node ${n.rank ?? '✗'}/${n.hits}`; }).join('; ')}.\n\n`
      : 'The split index in the browser and the one-file index in node give the same rank and hit count for every probe.\n\n';
  }
  if (FB?.probes) md += `Fahras rewrites: ${FB.probes.filter((p) => p.rewrite && p.rewrite !== 'none').map((p) => `«${p.q}» → «${p.ranAs}» (${p.rewrite})`).join(', ') || 'none'}. Browser probe session: ${B(FB.probeSession.bytes)} in ${N(FB.probeSession.requests)} requests (every hit's document group is fetched), ${S(FB.probeSession.ms)}.\n\n`;
}

// ------------------------------------------------------------------------------- settings, commands
md += `## Settings\n\n`;
for (const e of [...PEERS, 'fahras']) if (ok(R[e])) md += `- **${e}** ${R[e].version} — ${R[e].settings}\n`;
if (FB) md += `- **fahras (browser)** — ${FB.settings}; split build: ${FB.build.log}\n`;
if (ok(PF)) md += `- **pagefind** ${PF.version} — ${PF.settings}\n`;
for (const e of Object.keys(R)) if (R[e].error) md += `- **${e}** FAILED: ${R[e].error}\n`;
md += '\n';
const notes = opt('--notes');
if (notes && fs.existsSync(notes)) md += fs.readFileSync(notes, 'utf8').trim() + '\n\n';
const cmds = opt('--commands');
if (cmds && fs.existsSync(cmds)) md += `## Commands\n\n\`\`\`sh\n${fs.readFileSync(cmds, 'utf8').trim()}\n\`\`\`\n`;

const out = opt('--out');
if (out) { fs.mkdirSync(path.dirname(out), { recursive: true }); fs.writeFileSync(out, md); console.error(`[summary] wrote ${out}`); }
process.stdout.write(md);
