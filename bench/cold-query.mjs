// What a cold page fetches to answer a query on a split index, measured with the WebAssembly
// the browser runs (built for node): the counterpart of examples/cold_query.rs that also takes
// the options of the JavaScript API (filters, from/to, sort), which that example does not.
//
//   node bench/cold-query.mjs --glue DIR/fahras.js INDEX QUERIES.json [--limit 10] [--no-excerpts]
//        [--no-facets]
//
// The API's defaults otherwise: facet counts are on by default (what the search page asks;
// they need the columns shard of every segment), --no-facets asks as the box does.
// QUERIES.json: an array of queries, each a string or {q, filters, from, to, sort, label}.
// Each query starts from a cold cache (only the manifest), and runs the loop fahras-embed.js
// runs: search; if the engine names shards it lacks, read them from INDEX.shards/ (counting the
// bytes as stored, i.e. gzipped, as served), gunzip, addShard, search again (one round each).
// No prefetch for the next keystroke (examples/cold_query.rs does none either).
// Prints one JSON object: {index, options, queries: [{label, q, opts, total, ids, files, bytes,
// rounds, byKind: {kind: {files, bytes}}}]}; manifest bytes are counted in every query.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); if (i === -1) return d; const v = args[i + 1]; args.splice(i, 2); return v; };
const flag = (k) => { const i = args.indexOf(k); if (i === -1) return false; args.splice(i, 1); return true; };
const glue = opt('--glue');
const limit = +opt('--limit', 10);
const excerpts = !flag('--no-excerpts');
const noFacets = flag('--no-facets');
const [entry, queriesFile] = args;
if (!glue || !entry || !queriesFile) { console.error('usage: node bench/cold-query.mjs --glue fahras.js INDEX QUERIES.json [--limit 10] [--no-excerpts] [--no-facets]'); process.exit(2); }
const { Fahras } = createRequire(import.meta.url)(path.resolve(glue));
const gunzip = (b) => (b[0] === 0x1f && b[1] === 0x8b ? zlib.gunzipSync(b) : b);
const KINDS = { d: 'dictionary', p: 'postings', q: 'positions', g: 'documents', c: 'columns' };
const kindOf = (name) => KINDS[name[0]] || `other (${name[0]})`;

const manifest = fs.readFileSync(entry);
const shards = `${entry}.shards`;
const base = { limit, excerpts, ...(noFacets && { facets: false }) };
const out = { index: entry, options: base, queries: [] };
for (const item of JSON.parse(fs.readFileSync(queriesFile, 'utf8'))) {
  const { q, label, ...extra } = typeof item === 'string' ? { q: item } : item;
  const opts = { ...base, ...extra };
  const index = Fahras.open(manifest.length && manifest[0] === 0x1f ? gunzip(manifest) : manifest);
  const files = [['manifest', manifest.length]];
  let rounds = 0, r;
  for (;;) {
    r = index.search(q, opts);
    if (!Array.isArray(r)) break;
    if (++rounds > 16) throw new Error(`«${q}»: still lacking shards after 16 rounds`);
    for (const name of r) {
      const bytes = fs.readFileSync(path.join(shards, name));
      files.push([name, bytes.length]);
      index.addShard(name, gunzip(bytes));
    }
  }
  const byKind = {};
  for (const [name, b] of files) {
    const k = name === 'manifest' ? 'manifest' : kindOf(name);
    byKind[k] ||= { files: 0, bytes: 0 };
    byKind[k].files++;
    byKind[k].bytes += b;
  }
  out.queries.push({ label: label || q, q, opts: extra, total: r.total, ids: r.hits.map((h) => h.id), files: files.length,
    bytes: files.reduce((s, f) => s + f[1], 0), rounds, byKind });
  index.free();
}
process.stdout.write(JSON.stringify(out) + '\n');
