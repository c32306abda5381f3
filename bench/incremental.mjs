// Issue 10's numbers: what an incremental update of a split index costs beside a fresh build,
// and beside Pagefind, on the real corpus. Run by scripts/bench-incremental (which builds the
// tools and says what each option means); writes RESULTS.json and RESULTS.md (figures only, no
// article text) and prints the table.
//
//   node bench/incremental.mjs --corpus ALL.jsonl --index-builder BIN --glue fahras.js
//        --work DIR --out-json F --out-md F [--cold-query-bin BIN] [--pagefind BIN]
//        [--runs 3] [--batch 100] [--hourly 10] [--commands FILE]
//
// Scenarios, from a fresh split index of the first N−batch articles ("base"):
//   add     the last `batch` articles are added
//   change  `batch` base articles, spread evenly, get a paragraph appended to their body
//   delete  `batch` other base articles, spread evenly, are gone
// For each: the incremental build (`index-builder build FINAL --output DIR/index.fahras
// --incremental` on a copy of base) `runs` times, interleaved with fresh builds of the same
// final corpus (`--split`, `runs` times): wall and CPU time (/usr/bin/time), the bytes of files
// new or changed against base (what a deploy uploads) over base's bytes; then the same change
// as `hourly` sequential updates of batch/hourly articles each, and the cold-query bytes
// (bench/cold-query.mjs, the wasm built for node) of a fixed list of queries on the results
// beside a fresh build of the same final corpus. Pagefind: the harness's page shape and CLI, a
// site of base, then of each final corpus, built from scratch (Pagefind has no other mode); the
// bytes of files new or changed between the two outputs.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i === -1 ? d : args[i + 1]; };
const CORPUS = opt('--corpus');
const IB = opt('--index-builder');
const GLUE = opt('--glue');
const WORK = opt('--work');
const COLD_BIN = opt('--cold-query-bin');
const PAGEFIND = opt('--pagefind');
const RUNS = +opt('--runs', 3);
const BATCH = +opt('--batch', 100);
const HOURLY = +opt('--hourly', 10);
const OUT_JSON = opt('--out-json');
const OUT_MD = opt('--out-md');
const COMMANDS = opt('--commands');
const FILTER_CAT = opt('--filter-category', 'economy');
if (!CORPUS || !IB || !GLUE || !WORK || !OUT_JSON || !OUT_MD) { console.error('usage: see scripts/bench-incremental'); process.exit(2); }
const HERE = path.dirname(new URL(import.meta.url).pathname);
const log = (...a) => console.error('[incremental]', ...a);
const t0 = Date.now();

// ------------------------------------------------------------------------------- corpora
const lines = fs.readFileSync(CORPUS, 'utf8').split('\n').filter((l) => l.trim());
const N = lines.length;
const nBase = N - BATCH;
if (nBase <= 0 || BATCH % HOURLY) { console.error(`need more than ${BATCH} articles and --batch a multiple of --hourly`); process.exit(2); }
const spread = (k, offset) => Math.min(nBase - 1, Math.floor((k + offset) * nBase / BATCH));
const changeSet = Array.from({ length: BATCH }, (_, k) => spread(k, 0.25));
const deleteSet = Array.from({ length: BATCH }, (_, k) => spread(k, 0.75));
const edited = new Map(changeSet.map((i) => {
  const d = JSON.parse(lines[i]);
  const other = JSON.parse(lines[(i + 1) % nBase]);
  const addition = String(other.body || '').split(/\s+/).filter(Boolean).slice(0, 25).join(' ');
  d.body = `${d.body}\n\nتحديث: ${addition}`; // an update appended, in words of another article
  return [i, JSON.stringify(d)];
}));
// The corpus after k of `hourly` steps of a scenario (k = hourly: the final corpus).
function corpusLines(scenario, k) {
  const per = BATCH / HOURLY, n = k * per;
  if (scenario === 'base') return lines.slice(0, nBase);
  if (scenario === 'add') return lines.slice(0, nBase + n);
  if (scenario === 'change') { const on = new Set(changeSet.slice(0, n)); return lines.slice(0, nBase).map((l, i) => (on.has(i) ? edited.get(i) : l)); }
  if (scenario === 'delete') { const gone = new Set(deleteSet.slice(0, n)); return lines.slice(0, nBase).filter((_, i) => !gone.has(i)); }
  throw new Error(scenario);
}
const SCENARIOS = ['add', 'change', 'delete'];
const corpusFile = path.join(WORK, 'corpus.jsonl');
function writeCorpus(scenario, k) { fs.writeFileSync(corpusFile, corpusLines(scenario, k).join('\n') + '\n'); return corpusFile; }

// ------------------------------------------------------------------------------- tools
const timeFile = path.join(WORK, 'time.txt');
// Runs a command under /usr/bin/time: wall and CPU seconds, peak memory.
function timed(cmd, argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (exit ${r.status}):\n${(r.stderr || '').slice(-3000)}`);
  const [wall, user, sys, kb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  return { wallS: wall, cpuS: user + sys, peakMB: kb / 1024, stderr: r.stderr, stdout: r.stdout };
}
const walk = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)])) : []);
// Every file of a published folder: relative path → {bytes, hash}.
function snapshot(dir) {
  const out = new Map();
  for (const f of walk(dir)) {
    const b = fs.readFileSync(f);
    out.set(path.relative(dir, f), { bytes: b.length, hash: crypto.createHash('sha1').update(b).digest('hex') });
  }
  return out;
}
const total = (snap) => [...snap.values()].reduce((s, x) => s + x.bytes, 0);
const FKIND = { d: 'dictionary', p: 'postings', q: 'positions', g: 'documents', c: 'columns', x: 'state' };
const fahrasKind = (rel) => (rel.includes('.shards/') ? FKIND[path.basename(rel)[0]] || 'other' : 'manifest');
// What a deploy uploads going from `before` to `after`: files new or changed.
function diff(before, after, kindOf) {
  let bytes = 0, files = 0, removed = 0, removedBytes = 0;
  const byKind = {};
  for (const [rel, x] of after) {
    const b = before.get(rel);
    if (b && b.hash === x.hash) continue;
    bytes += x.bytes; files++;
    const k = kindOf(rel);
    byKind[k] ||= { files: 0, bytes: 0 };
    byKind[k].files++; byKind[k].bytes += x.bytes;
  }
  for (const [rel, b] of before) if (!after.has(rel)) { removed++; removedBytes += b.bytes; }
  return { bytes, files, removed, removedBytes, byKind };
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const copyDir = (from, to) => { fs.rmSync(to, { recursive: true, force: true }); fs.cpSync(from, to, { recursive: true, preserveTimestamps: true }); };
const entry = (dir) => path.join(dir, 'index.fahras');

function freshBuild(file, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const r = timed(IB, ['build', file, '--output', entry(dir), '--split']);
  return { wallS: r.wallS, cpuS: r.cpuS, peakMB: r.peakMB, summary: r.stderr.split('\n').filter((l) => /^indexed /.test(l)).pop() || '' };
}
function incrementalBuild(file, dir) {
  const r = timed(IB, ['build', file, '--output', entry(dir), '--incremental'], { FAHRAS_TIMING: '1' });
  const laps = [];
  let prev = 0;
  for (const m of r.stderr.matchAll(/^update: (.+) at ([\d.]+) s$/gm)) { laps.push([m[1], +m[2] - prev]); prev = +m[2]; }
  const summary = r.stderr.split('\n').filter((l) => /^updated /.test(l)).pop() || '';
  // the policy's notes ride in the summary: "; merged 4 segments (114 documents); 13 files of older builds deleted"
  const notes = summary.split('; ').filter((x) => /^merged /.test(x));
  const reported = summary.match(/ in ([\d.]+) s,/);
  return { wallS: r.wallS, cpuS: r.cpuS, peakMB: r.peakMB, laps, lapsEndS: prev, reportedS: reported ? +reported[1] : null, summary, notes };
}

// ------------------------------------------------------------------------------- cold queries
const QUERIES = [
  'الحكومة', 'برلين', 'ستولتنبرغ', 'طرابلس', 'النفط', 'الانتخابات', 'ترامب', 'كرة القدم', 'المغرب',
  { q: 'الحكومة', filters: { category: [FILTER_CAT] }, label: `الحكومة [category=${FILTER_CAT}]` },
  { q: 'برلين', sort: 'newest', label: 'برلين [newest]' },
];
const queriesFile = path.join(WORK, 'queries.json');
fs.writeFileSync(queriesFile, JSON.stringify(QUERIES));
// Two ways of asking: as the search page does (the API's defaults: facet counts, which need
// the columns), and as the box does (facets: false); both limit 10 with excerpts.
const ASKS = { page: [], box: ['--no-facets'] };
function cold(dir) {
  const out = {};
  for (const [ask, extra] of Object.entries(ASKS)) {
    const r = spawnSync(process.execPath, [path.join(HERE, 'cold-query.mjs'), '--glue', GLUE, '--limit', '10', ...extra, entry(dir), queriesFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`cold-query.mjs failed: ${r.stderr}`);
    out[ask] = JSON.parse(r.stdout).queries;
  }
  return out;
}
// examples/cold_query.rs on the plain queries (its options: --limit 10 --excerpts, facets on):
// the bytes must be those bench/cold-query.mjs counts with the same options.
function crossCheck(dir, measured) {
  if (!COLD_BIN) return null;
  const plain = QUERIES.filter((q) => typeof q === 'string');
  const r = spawnSync(COLD_BIN, [entry(dir), '--limit', '10', '--excerpts', ...plain], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: r.stderr.slice(-500) };
  const rust = [...r.stdout.matchAll(/^«(.+)»: (\d+) hits; (\d+) files, ([\d.]+) kB/gm)].map((m) => ({ q: m[1], total: +m[2], files: +m[3], kB: +m[4] }));
  const bad = rust.filter((x) => {
    const m = measured.page.find((y) => y.label === x.q);
    return !m || m.files !== x.files || m.total !== x.total || Math.abs(m.bytes / 1000 - x.kB) > 0.051;
  });
  return { ok: rust.length === plain.length && !bad.length, queries: rust.length, disagree: bad.map((x) => x.q) };
}
function compareCold(fresh, other) {
  const out = {};
  for (const ask of Object.keys(ASKS)) {
    const f = fresh[ask], o = other[ask];
    const fb = f.reduce((s, x) => s + x.bytes, 0), ob = o.reduce((s, x) => s + x.bytes, 0);
    const per = f.map((x, i) => ({ label: x.label, fresh: x.bytes, other: o[i].bytes, ratio: o[i].bytes / x.bytes, freshFiles: x.files, otherFiles: o[i].files,
      freshRounds: x.rounds, otherRounds: o[i].rounds, sameTotal: x.total === o[i].total,
      sameTopSet: JSON.stringify([...x.ids].sort()) === JSON.stringify([...o[i].ids].sort()), byKindFresh: x.byKind, byKindOther: o[i].byKind }));
    out[ask] = { freshBytes: fb, otherBytes: ob, ratio: ob / fb, worst: per.reduce((a, b) => (b.ratio > a.ratio ? b : a)), perQuery: per,
      sameTotals: per.every((p) => p.sameTotal), sameTopSets: per.filter((p) => p.sameTopSet).length };
  }
  return out;
}

// ------------------------------------------------------------------------------- Fahras
const res = { corpus: { articles: N, base: nBase, batch: BATCH, hourly: HOURLY, changeSet: changeSet.length, deleteSet: deleteSet.length }, runs: RUNS,
  started: new Date().toISOString(), loadavgAtStart: (await import('node:os')).loadavg(), queries: QUERIES, filterCategory: FILTER_CAT };
const dirs = { base: path.join(WORK, 'base'), incr: path.join(WORK, 'incr'), hourly: path.join(WORK, 'hourly') };
res.fresh = { base: [] };
for (const s of SCENARIOS) res.fresh[s] = [];
res.incremental = {};
for (const s of SCENARIOS) res.incremental[s] = [];
let baseSnap;
for (let run = 0; run < RUNS; run++) {
  // base: a fresh build; the first one is the base every update starts from
  writeCorpus('base');
  const dir = run === 0 ? dirs.base : path.join(WORK, 'fresh-base');
  res.fresh.base.push(freshBuild(corpusFile, dir));
  log(`run ${run + 1}/${RUNS}: fresh base (${nBase} articles) ${JSON.stringify(res.fresh.base.at(-1))}`);
  if (run === 0) { baseSnap = snapshot(dirs.base); res.baseBytes = total(baseSnap); res.baseFiles = baseSnap.size; }
  for (const s of SCENARIOS) {
    // interleaved: a fresh build of the final corpus, then the incremental update to it
    writeCorpus(s, HOURLY);
    res.fresh[s].push(freshBuild(corpusFile, path.join(WORK, `fresh-${s}`)));
    copyDir(dirs.base, dirs.incr);
    const r = incrementalBuild(corpusFile, dirs.incr);
    const after = snapshot(dirs.incr);
    r.written = diff(baseSnap, after, fahrasKind);
    r.afterBytes = total(after);
    if (run === RUNS - 1) r.cold = cold(dirs.incr);
    res.incremental[s].push(r);
    log(`run ${run + 1}/${RUNS}: ${s}: fresh ${JSON.stringify(res.fresh[s].at(-1))}; incremental ${r.wallS} s wall, ${r.cpuS.toFixed(2)} s CPU, wrote ${r.written.bytes} bytes in ${r.written.files} files`);
  }
}
fs.rmSync(path.join(WORK, 'fresh-base'), { recursive: true, force: true });
res.freshSnapBytes = {};
res.cold = { base: cold(dirs.base), fresh: {}, check: {} };
for (const s of SCENARIOS) {
  const dir = path.join(WORK, `fresh-${s}`);
  res.freshSnapBytes[s] = total(snapshot(dir));
  res.cold.fresh[s] = cold(dir);
  res.cold.check[`fresh-${s}`] = crossCheck(dir, res.cold.fresh[s]);
}
res.cold.check.base = crossCheck(dirs.base, res.cold.base);

// hourly: `hourly` updates in sequence, each of batch/hourly articles
res.hourly = {};
for (const s of SCENARIOS) {
  copyDir(dirs.base, dirs.hourly);
  let prev = baseSnap;
  const steps = [];
  for (let k = 1; k <= HOURLY; k++) {
    writeCorpus(s, k);
    const r = incrementalBuild(corpusFile, dirs.hourly);
    const now = snapshot(dirs.hourly);
    r.written = diff(prev, now, fahrasKind);
    r.folderBytes = total(now);
    prev = now;
    steps.push(r);
    log(`hourly ${s} ${k}/${HOURLY}: ${r.wallS} s wall, ${r.cpuS.toFixed(2)} s CPU, wrote ${r.written.bytes} bytes in ${r.written.files} files; ${r.summary.replace(/^updated \S+: /, '')}${r.notes.length ? ` [${r.notes.join(' | ')}]` : ''}`);
  }
  const coldHourly = cold(dirs.hourly);
  const inspect = spawnSync(IB, ['inspect', entry(dirs.hourly)], { encoding: 'utf8' }).stdout;
  res.hourly[s] = { steps, cold: coldHourly, vsFresh: compareCold(res.cold.fresh[s], coldHourly), check: crossCheck(dirs.hourly, coldHourly),
    segments: +((inspect.match(/^segments\s+(\d+)/m) || [])[1] ?? NaN), inspectHead: inspect.split('\n').slice(1, 12) };
  // the same final corpus reached in one update
  res.incremental[s].at(-1).vsFresh = compareCold(res.cold.fresh[s], res.incremental[s].at(-1).cold);
}
fs.rmSync(corpusFile, { force: true });

// ------------------------------------------------------------------------------- Pagefind
if (PAGEFIND) {
  const site = path.join(WORK, 'pf-site');
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const pageName = (id) => `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;
  // the harness's run_pagefind.mjs page shape, with the section as a Pagefind filter (as
  // bench-peers' patched copy writes it) and one page per article id (stable urls)
  const pageOf = (line) => {
    const d = JSON.parse(line);
    const paras = String(d.body ?? '').split(/\n+/).filter(Boolean).map((p) => `<p>${esc(p)}</p>`).join('\n');
    const cats = [].concat(d.category ?? []).map((c) => `<span data-pagefind-filter="category:${esc(String(c)).replace(/"/g, '&quot;')}"></span>`).join('');
    return [pageName(String(d.id)), `<!doctype html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${esc(String(d.title ?? ''))}</title></head>\n<body><main><h1>${esc(String(d.title ?? ''))}</h1>\n${paras}\n${cats}</main></body></html>\n`];
  };
  const writeSite = (ls) => {
    fs.rmSync(site, { recursive: true, force: true });
    fs.mkdirSync(path.join(site, 'd'), { recursive: true });
    for (const l of ls) { const [name, html] = pageOf(l); fs.writeFileSync(path.join(site, 'd', name), html); }
  };
  const pfKind = (rel) => {
    const b = path.basename(rel);
    if (b.endsWith('.pf_index')) return 'index';
    if (b.endsWith('.pf_fragment')) return 'fragment';
    if (b.endsWith('.pf_filter')) return 'filter';
    if (b.endsWith('.pf_meta') || b === 'pagefind-entry.json') return 'meta';
    if (b.startsWith('wasm.')) return 'wasm';
    if (/^pagefind(-worker)?\.js$/.test(b)) return 'js';
    return 'ui';
  };
  const searchData = (snap) => [...snap].filter(([rel]) => ['index', 'fragment', 'filter', 'meta'].includes(pfKind(rel))).reduce((s, [, x]) => s + x.bytes, 0);
  const pfBuild = () => {
    fs.rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
    const r = timed(PAGEFIND, ['--site', site, '--glob', 'd/**/*.html']);
    return { wallS: r.wallS, cpuS: r.cpuS, peakMB: r.peakMB, snap: snapshot(path.join(site, 'pagefind')) };
  };
  writeSite(corpusLines('base'));
  const base = pfBuild();
  res.pagefind = { version: spawnSync(PAGEFIND, ['--version'], { encoding: 'utf8' }).stdout.trim(), base: { wallS: base.wallS, cpuS: base.cpuS, bytes: total(base.snap), searchDataBytes: searchData(base.snap), files: base.snap.size } };
  log(`pagefind base: ${JSON.stringify(res.pagefind.base)}`);
  for (const s of SCENARIOS) {
    writeSite(corpusLines(s, HOURLY));
    const b = pfBuild();
    res.pagefind[s] = { wallS: b.wallS, cpuS: b.cpuS, bytes: total(b.snap), searchDataBytes: searchData(b.snap), files: b.snap.size, written: diff(base.snap, b.snap, pfKind) };
    log(`pagefind ${s}: ${JSON.stringify(res.pagefind[s])}`);
  }
  fs.rmSync(site, { recursive: true, force: true });
}
res.finished = new Date().toISOString();
res.loadavgAtEnd = (await import('node:os')).loadavg();
res.elapsedS = (Date.now() - t0) / 1000;
fs.writeFileSync(OUT_JSON, JSON.stringify(res, null, 1));

// ------------------------------------------------------------------------------- report
const B = (n) => (n == null ? '–' : n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const P = (x, d = 2) => `${(x * 100).toFixed(d)}%`;
const S = (s) => `${s.toFixed(s < 10 ? 2 : 1)} s`;
const R = (x) => (x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const mark = (ok) => (ok ? '**met**' : '**not met**');
const nf = (n) => n.toLocaleString('en');
let md = `# Incremental updates beside fresh builds and Pagefind: ${nf(N)} articles\n\n`;
md += `Base: a fresh split index of the first ${nf(nBase)} articles (${B(res.baseBytes)} in ${nf(res.baseFiles)} files). Each scenario changes ${BATCH} articles `;
md += `(add: the last ${BATCH}; change: ${BATCH} base articles spread evenly get a paragraph appended to their body; delete: ${BATCH} others are gone). `;
md += `Times: median of ${RUNS} runs, each fresh build of the final corpus run just before its incremental update (the machine is shared: wall and CPU time both given; CPU = user + system). `;
md += `Run ${res.started} → ${res.finished} (${Math.round(res.elapsedS / 60)} min), load average ${res.loadavgAtStart.map((x) => x.toFixed(1)).join('/')} at start.\n\n`;
md += `| scenario | new bytes / index (≤ 2%) | incremental / fresh time, wall (≤ 1/10) | same, CPU | cold-query bytes after 1 update / fresh | after ${HOURLY} hourly updates / fresh (≤ +10%) | Pagefind: new bytes / index |\n|---|---|---|---|---|---|---|\n`;
const T = {};
for (const s of SCENARIOS) {
  const inc = res.incremental[s], fr = res.fresh[s];
  const wrote = median(inc.map((r) => r.written.bytes));
  const iw = median(inc.map((r) => r.wallS)), ic = median(inc.map((r) => r.cpuS));
  const fw = median(fr.map((r) => r.wallS)), fc = median(fr.map((r) => r.cpuS));
  const c1 = inc.at(-1).vsFresh.page, ch = res.hourly[s].vsFresh.page;
  const pf = res.pagefind?.[s];
  T[s] = { wrote, bytesRatio: wrote / res.baseBytes, iw, ic, fw, fc, wallRatio: iw / fw, cpuRatio: ic / fc, cold1: c1.ratio, coldH: ch.ratio, coldHBox: res.hourly[s].vsFresh.box.ratio, cold1Box: inc.at(-1).vsFresh.box.ratio,
    pfRatio: pf ? pf.written.bytes / pf.searchDataBytes : null };
  const t = T[s];
  md += `| ${s} ${BATCH} | ${B(wrote)} / ${B(res.baseBytes)} = ${P(t.bytesRatio)} ${mark(t.bytesRatio <= 0.02)} | ${S(iw)} / ${S(fw)} = ${R(t.wallRatio)} ${mark(t.wallRatio <= 0.1)} | ${S(ic)} / ${S(fc)} = ${R(t.cpuRatio)} ${mark(t.cpuRatio <= 0.1)} `;
  md += `| ${P(t.cold1 - 1, 1).replace(/^(?!-)/, '+')} (box: ${P(t.cold1Box - 1, 1).replace(/^(?!-)/, '+')}) | ${P(t.coldH - 1, 1).replace(/^(?!-)/, '+')} ${mark(t.coldH <= 1.1)} (box: ${P(t.coldHBox - 1, 1).replace(/^(?!-)/, '+')}, worst query ${res.hourly[s].vsFresh.page.worst.label} ${P(res.hourly[s].vsFresh.page.worst.ratio - 1, 0).replace(/^(?!-)/, '+')}) `;
  md += `| ${pf ? `${B(pf.written.bytes)} / ${B(pf.searchDataBytes)} = ${P(T[s].pfRatio, 1)} (${nf(pf.written.files)} of ${nf(pf.files)} files)` : '–'} |\n`;
}
md += `\nCold-query bytes: the sum over ${QUERIES.length} queries (${QUERIES.map((q) => `«${typeof q === 'string' ? q : q.label}»`).join(', ')}), each on a cold cache (manifest + every shard it fetches, gzipped as served), limit 10 with excerpts; `;
md += `"page" = the API's default options (facet counts on, as the search page asks: the columns file of every segment is fetched), "box" = facets: false, as the box asks. `;
md += `Fresh: ${SCENARIOS.map((s) => `${s} ${B(res.cold.fresh[s].page.reduce((a, x) => a + x.bytes, 0))}`).join(', ')} (page). `;
const checks = Object.entries({ ...res.cold.check, ...Object.fromEntries(SCENARIOS.map((s) => [`hourly-${s}`, res.hourly[s].check])) });
md += `examples/cold_query.rs (--limit 10 --excerpts) counts the same files and bytes for the plain queries on ${checks.filter(([, c]) => c?.ok).length} of ${checks.length} indexes${checks.some(([, c]) => c && !c.ok) ? ` (disagrees on ${checks.filter(([, c]) => c && !c.ok).map(([k, c]) => `${k}: ${c.disagree?.join(', ') || c.why}`).join('; ')})` : ''}.\n\n`;

md += `## Where the time of an incremental update goes (FAHRAS_TIMING=1, median of ${RUNS}, wall seconds)\n\n`;
const lapNames = [...new Set(SCENARIOS.flatMap((s) => res.incremental[s].flatMap((r) => r.laps.map((l) => l[0]))))];
md += `| stage | ${SCENARIOS.join(' | ')} |\n|---|${SCENARIOS.map(() => '---:').join('|')}|\n`;
for (const name of lapNames) md += `| ${name} | ${SCENARIOS.map((s) => { const v = res.incremental[s].map((r) => r.laps.find((l) => l[0] === name)?.[1]).filter((x) => x != null); return v.length ? median(v).toFixed(2) : '–'; }).join(' | ')} |\n`;
md += `| after the update (writing, old files, reading the input before it) | ${SCENARIOS.map((s) => median(res.incremental[s].map((r) => (r.reportedS ?? r.wallS) - r.lapsEndS)).toFixed(2)).join(' | ')} |\n`;
md += `| total reported by index-builder | ${SCENARIOS.map((s) => median(res.incremental[s].map((r) => r.reportedS ?? NaN)).toFixed(2)).join(' | ')} |\n`;
md += `| wall (/usr/bin/time) / CPU | ${SCENARIOS.map((s) => `${T[s].iw.toFixed(2)} / ${T[s].ic.toFixed(2)}`).join(' | ')} |\n`;
md += `| fresh build of the final corpus, wall / CPU | ${SCENARIOS.map((s) => `${T[s].fw.toFixed(2)} / ${T[s].fc.toFixed(2)}`).join(' | ')} |\n\n`;
md += `index-builder's summaries (last run): ${SCENARIOS.map((s) => `\n- ${s}: \`${res.incremental[s].at(-1).summary}\``).join('')}\n\n`;
md += `New files by kind (last run): ${SCENARIOS.map((s) => `${s}: ${Object.entries(res.incremental[s].at(-1).written.byKind).map(([k, v]) => `${k} ${B(v.bytes)} (${v.files})`).join(', ')}`).join('; ')}.\n\n`;

md += `## ${HOURLY} hourly updates of ${BATCH / HOURLY} articles\n\n| scenario | per update: new bytes (median, max) | wall (median, max) | CPU median | total new bytes | merges | segments after | cold bytes vs fresh: page, box | same totals as fresh | same top-10 sets |\n|---|---|---|---|---|---|---|---|---|---|\n`;
for (const s of SCENARIOS) {
  const st = res.hourly[s].steps, v = res.hourly[s].vsFresh;
  const notes = st.flatMap((r, i) => r.notes.map((n) => `#${i + 1}: ${n}`));
  md += `| ${s} | ${B(median(st.map((r) => r.written.bytes)))}, ${B(Math.max(...st.map((r) => r.written.bytes)))} | ${S(median(st.map((r) => r.wallS)))}, ${S(Math.max(...st.map((r) => r.wallS)))} | ${S(median(st.map((r) => r.cpuS)))} | ${B(st.reduce((a, r) => a + r.written.bytes, 0))} | ${notes.length ? notes.join('; ') : 'none'} | ${res.hourly[s].segments} | ${P(v.page.ratio - 1, 1)}, ${P(v.box.ratio - 1, 1)} | ${v.page.sameTotals ? 'yes' : 'NO'} | ${v.page.sameTopSets}/${v.page.perQuery.length} |\n`;
}
md += `\nPer query after ${HOURLY} hourly updates (page options), bytes and files, fresh → updated:\n\n| query | ${SCENARIOS.join(' | ')} |\n|---|${SCENARIOS.map(() => '---').join('|')}|\n`;
for (let i = 0; i < QUERIES.length; i++) {
  md += `| ${res.hourly.add.vsFresh.page.perQuery[i].label} | ${SCENARIOS.map((s) => { const p = res.hourly[s].vsFresh.page.perQuery[i]; return `${B(p.fresh)} (${p.freshFiles}) → ${B(p.other)} (${p.otherFiles}), ${P(p.ratio - 1, 0).replace(/^(?!-)/, '+')}`; }).join(' | ')} |\n`;
}
md += '\n';
if (res.pagefind) {
  md += `## Pagefind ${res.pagefind.version}\n\nThe same corpora as HTML sites (the harness's page shape, one page per article id, \`data-pagefind-filter="category:…"\`), each built from scratch `;
  md += `(\`pagefind --site SITE --glob 'd/**/*.html'\`; Pagefind has no incremental mode): base ${B(res.pagefind.base.bytes)} in ${nf(res.pagefind.base.files)} files (search data ${B(res.pagefind.base.searchDataBytes)}), built in ${S(res.pagefind.base.wallS)} wall, ${S(res.pagefind.base.cpuS)} CPU.\n\n`;
  md += `| scenario | files new or changed | bytes new or changed | / search data | by kind | build wall / CPU |\n|---|---:|---:|---:|---|---|\n`;
  for (const s of SCENARIOS) {
    const p = res.pagefind[s];
    md += `| ${s} ${BATCH} | ${nf(p.written.files)} of ${nf(p.files)} | ${B(p.written.bytes)} | ${P(p.written.bytes / p.searchDataBytes, 1)} | ${Object.entries(p.written.byKind).map(([k, v]) => `${k} ${B(v.bytes)} (${v.files})`).join(', ')} | ${S(p.wallS)} / ${S(p.cpuS)} |\n`;
  }
  md += '\n';
}
if (COMMANDS && fs.existsSync(COMMANDS)) md += `## Commands\n\n\`\`\`sh\n${fs.readFileSync(COMMANDS, 'utf8').trim()}\n\`\`\`\n`;
fs.writeFileSync(OUT_MD, md);
process.stdout.write(md);
