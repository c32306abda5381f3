// The site under test: a temporary root holding copies of the built demo (dist/) under
// sub-paths, some with a deliberately hostile or broken index, served by one
// `index-builder serve ROOT --port 0` process.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeJsonl } from './corpus.mjs';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const DIST = path.join(REPO, 'dist');
export const INDEX_BUILDER = path.join(REPO, 'target', 'release', 'index-builder');
export const FIXTURES = path.join(REPO, 'tests', 'e2e', 'fixtures');

/** Every copy of the site lives at ROOT/<name>/sub/path/, like a GitHub Pages project site. */
export const SUB = 'sub/path/';

/** Fails early, with the command to run, when the site or the server have not been built. */
export function checkPrerequisites() {
  const missing = [
    path.join(DIST, 'index.html'),
    path.join(DIST, 'embed.html'),
    path.join(DIST, 'fahras_bg.wasm'),
    path.join(DIST, 'index.fahras'),
    INDEX_BUILDER,
  ].filter((f) => !fs.existsSync(f));
  if (missing.length) {
    throw new Error(
      `missing ${missing.map((f) => path.relative(REPO, f)).join(', ')}; build them first: ` +
        'FAHRAS_CORPUS=seeds trunk build --release --offline && cargo build --release -p index-builder --offline',
    );
  }
}

/**
 * The cases rely on the seed article and on indexes that target/release/index-builder writes being
 * readable by the WebAssembly in dist/: both must come from the same sources, dist/ built with
 * FAHRAS_CORPUS=seeds. Index builds are deterministic, so rebuilding seeds/ must give dist's index.
 */
export function checkSameBuild(scratchDir) {
  const rebuilt = path.join(scratchDir, 'seeds.fahras');
  execFileSync(INDEX_BUILDER, ['build', path.join(REPO, 'seeds'), '--output', rebuilt, '--quiet']);
  const same = fs.readFileSync(rebuilt).equals(fs.readFileSync(path.join(DIST, 'index.fahras')));
  fs.rmSync(rebuilt);
  if (!same) {
    throw new Error(
      'dist/index.fahras is not what target/release/index-builder builds from seeds/: dist/ and the ' +
        'index-builder come from different sources, or dist/ was not built from seeds/. Rebuild both: ' +
        'FAHRAS_CORPUS=seeds trunk build --release --offline && cargo build --release -p index-builder --offline',
    );
  }
}

/** How many documents an index holds, from `index-builder inspect`. */
export function documentCount(indexFile) {
  const out = execFileSync(INDEX_BUILDER, ['inspect', indexFile], { encoding: 'utf8' });
  const m = /^documents\s+([\d,]+)/m.exec(out);
  if (!m) throw new Error(`index-builder inspect ${indexFile} printed no document count:\n${out}`);
  return Number(m[1].replaceAll(',', ''));
}

/** Copies the built site (dist/) into `dir`, without its index: the case builds its own. */
export function copySiteTo(dir) {
  fs.cpSync(DIST, dir, { recursive: true, filter: (src) => !/^index\.fahras(\.shards)?$/.test(path.relative(DIST, src)) });
  return dir;
}

function copySite(root, name) {
  const dir = path.join(root, name, SUB);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(DIST, dir, { recursive: true });
  return dir;
}

/** The synthetic corpus of the split-index cases (corpus.mjs): about 3,000 articles. */
export const CORPUS = { seed: 20240611, count: 3000 };

/**
 * Lays out the temporary root. Returns the root and the sub-path of each copy:
 *   demo       dist/ as built
 *   hostile    the index built from fixtures/hostile.jsonl (markup, scripts, bidi controls,
 *              javascript:/data:/vbscript: URLs) and the one page its relative URL points to
 *   truncated  the first half of the seed index's bytes
 *   missing    no index.fahras at all (the server answers 404)
 *   misspelled index.html asks for data-index="indx.fahras" (404) while index.fahras is there
 *   split      the demo with the split index (`--split`) of the synthetic corpus of corpus.mjs
 * and, beside the sites, that corpus as ROOT/corpus.jsonl and as one file (`--single`) in
 * ROOT/split-ref.fahras, for the native engine's answers. Returns the corpus too.
 */
export function makeRoot() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fahras-e2e-'));
  const sites = {};
  for (const name of ['demo', 'hostile', 'truncated', 'missing', 'misspelled', 'split']) {
    copySite(root, name);
    sites[name] = `/${name}/${SUB}`;
  }

  const hostile = path.join(root, 'hostile', SUB);
  fs.rmSync(path.join(hostile, 'index.fahras'));
  execFileSync(INDEX_BUILDER, [
    'build', path.join(FIXTURES, 'hostile.jsonl'), '--output', path.join(hostile, 'index.fahras'), '--quiet',
  ]);
  fs.mkdirSync(path.join(hostile, 'articles'));
  fs.copyFileSync(path.join(FIXTURES, 'olive.html'), path.join(hostile, 'articles', 'olive.html'));

  const seed = fs.readFileSync(path.join(DIST, 'index.fahras'));
  fs.writeFileSync(path.join(root, 'truncated', SUB, 'index.fahras'), seed.subarray(0, Math.floor(seed.length / 2)));

  fs.rmSync(path.join(root, 'missing', SUB, 'index.fahras'));

  const page = path.join(root, 'misspelled', SUB, 'index.html');
  const html = fs.readFileSync(page, 'utf8');
  const misspelled = html.replace('data-index="index.fahras"', 'data-index="indx.fahras"');
  if (misspelled === html) throw new Error('dist/index.html has no data-index="index.fahras" to misspell');
  fs.writeFileSync(page, misspelled);

  // dist/ may hold an (empty) shards directory beside its one-file index: start clean.
  const split = path.join(root, 'split', SUB);
  fs.rmSync(path.join(split, 'index.fahras'));
  fs.rmSync(path.join(split, 'index.fahras.shards'), { recursive: true, force: true });
  const jsonl = path.join(root, 'corpus.jsonl');
  const docs = writeJsonl(jsonl, CORPUS);
  const splitIndex = path.join(split, 'index.fahras');
  const splitRef = path.join(root, 'split-ref.fahras');
  execFileSync(INDEX_BUILDER, ['build', jsonl, '--output', splitIndex, '--split', '--quiet']);
  execFileSync(INDEX_BUILDER, ['build', jsonl, '--output', splitRef, '--single', '--quiet']);

  return { root, sites, corpus: { jsonl, docs, splitIndex, splitRef } };
}

/** The files of a split index's shards directory: name, kind (d, p, q or g) and size. */
export function shardFiles(indexFile) {
  const dir = `${indexFile}.shards`;
  return fs.readdirSync(dir).map((name) => ({ name, kind: name[0], bytes: fs.statSync(path.join(dir, name)).size }));
}

/**
 * Starts `index-builder serve ROOT --port 0` and resolves with its base URL (from the one line
 * it prints) and a stop() that kills it.
 */
export function serve(root, { timeoutMs = 10000 } = {}) {
  const child = spawn(INDEX_BUILDER, ['serve', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stopped = false;
  const stop = () => {
    if (!stopped && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    stopped = true;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`index-builder serve printed no address within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], child, stop });
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${INDEX_BUILDER}: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!stopped) reject(new Error(`index-builder serve exited (${code ?? signal}) before serving; stderr: ${err}`));
    });
  });
}

/**
 * What `index-builder query INDEX QUERY --json` answers: the native engine's view, to compare.
 * Options: limit, filters ({category: ['سياسة']}), from and to ('2023-05-01'), sort ('newest').
 * An empty query browses (with filters, a range or a date order).
 */
export function cliQuery(indexFile, query, { limit, filters = {}, from, to, sort } = {}) {
  const args = ['query', indexFile, ...(query ? [query] : []), '--json', ...(limit ? ['--limit', String(limit)] : [])];
  for (const [field, values] of Object.entries(filters)) for (const v of [values].flat()) args.push('--filter', `${field}=${v}`);
  if (from) args.push('--from', from);
  if (to) args.push('--to', to);
  if (sort) args.push('--sort', sort);
  return JSON.parse(execFileSync(INDEX_BUILDER, args, { encoding: 'utf8' }));
}

/**
 * What `index-builder query INDEX QUERY --ids-only` answers: the ids of every hit, in order.
 * (Its help says a plain array; it prints the --json object with ids as hits: either will do.)
 */
export function cliIds(indexFile, query) {
  const out = JSON.parse(execFileSync(INDEX_BUILDER, ['query', indexFile, query, '--ids-only'], { encoding: 'utf8' }));
  return Array.isArray(out) ? out : out.hits;
}

/** Runs the index-builder with `args`; returns its exit status, stdout and stderr (never throws). */
export function runIndexBuilder(args) {
  const r = spawnSync(INDEX_BUILDER, args, { encoding: 'utf8' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
