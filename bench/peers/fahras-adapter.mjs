// Fahras as an engine of the peers harness (../shared/peers, lib/engines.mjs contract).
//
// scripts/bench-peers copies this file into the *copy* of the harness (lib/fahras-adapter.mjs)
// and appends two lines to the copy's lib/engines.mjs that import it and register it in
// ENGINES; nothing of the harness is kept in this repository.
//
//   build(docs)      writes the docs to a temporary JSON Lines file and runs
//                    `index-builder build FILE --output X --single` (a child process: the build
//                    is the Rust CLI, as a site owner runs it; the JSONL write is part of the
//                    measured time, like the other engines' in-process adds of the same docs)
//   serialize(h)     the bytes of the index file (a Buffer): what a site ships
//   load(bytes)      Fahras.open(bytes) in node (the wasm module built for node, the same
//                    code the browser runs; open also checks every checksum)
//   search(h,q,lim)  index.search(q, {limit, excerpts:false}) → ids (synchronous: a whole
//                    index never lacks a shard; lim = Infinity asks for every hit: limit = the
//                    number of documents)
//   sizeParts(h)     the section sizes `index-builder inspect` prints; docsStoreBytes = the
//                    `documents` section (stored text: titles, urls, bodies for excerpts), and
//                    the index without it, raw and gzip -9
//
// Environment (set by scripts/bench-peers):
//   FAHRAS_INDEX_BUILDER  path of target/release/index-builder
//   FAHRAS_NODE_GLUE      path of fahras.js made by `wasm-bindgen --target nodejs`
//   FAHRAS_TMP            scratch directory (default: the OS temp dir)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const IB = process.env.FAHRAS_INDEX_BUILDER;
const GLUE = process.env.FAHRAS_NODE_GLUE;
const TMP = fs.mkdtempSync(path.join(process.env.FAHRAS_TMP || os.tmpdir(), 'fahras-adapter-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

let glue;
const api = () => {
  if (!glue) {
    if (!GLUE) throw new Error('FAHRAS_NODE_GLUE is not set (run through scripts/bench-peers)');
    glue = require(GLUE);
  }
  return glue.Fahras;
};

let builds = 0;
let lastLoaded = null;

// Section table of an index file (the layout scripts/bench-corpus reads): u32 count at 12, then
// 24-byte entries at 32: kind u32, reserved u32, offset u64, length u64. Kind 8 = documents.
function sections(buf) {
  const n = buf.readUInt32LE(12);
  const out = [];
  for (let i = 0; i < n; i++) {
    const at = 32 + 24 * i;
    out.push({ kind: buf.readUInt32LE(at), offset: Number(buf.readBigUInt64LE(at + 8)), length: Number(buf.readBigUInt64LE(at + 16)) });
  }
  return out;
}

function indexBuilderVersion() {
  try {
    const bin = path.resolve(IB);
    const st = fs.statSync(bin);
    return `index-builder ${bin} (${st.size} bytes, built ${st.mtime.toISOString()})`;
  } catch { return 'index-builder (not found)'; }
}

export const fahras = {
  name: 'fahras',
  version: indexBuilderVersion(),
  settings: 'index-builder build --single (CLI, child process; build time includes writing the JSONL it reads); '
    + 'search in node through the wasm module (wasm-bindgen --target nodejs): Fahras.open(bytes), search(q, {limit, excerpts:false}) (synchronous); '
    + 'defaults otherwise (typo and keyboard rewrites on, 32 completions for the word being typed)',

  build(docs) {
    if (!IB) throw new Error('FAHRAS_INDEX_BUILDER is not set (run through scripts/bench-peers)');
    const n = ++builds;
    const jsonl = path.join(TMP, `docs-${n}.jsonl`);
    const out = path.join(TMP, `index-${n}.fahras`);
    const t0 = performance.now();
    const fd = fs.openSync(jsonl, 'w');
    let chunk = [];
    for (const d of docs) {
      chunk.push(JSON.stringify({ id: d.id, title: d.title, body: d.body, date: d.date, url: d.url }));
      if (chunk.length === 2000) { fs.writeSync(fd, chunk.join('\n') + '\n'); chunk = []; }
    }
    if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
    fs.closeSync(fd);
    const t1 = performance.now();
    const r = spawnSync(IB, ['build', jsonl, '--output', out, '--single'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const t2 = performance.now();
    if (r.status !== 0) throw new Error(`index-builder build failed (exit ${r.status}): ${r.stderr}`);
    fs.unlinkSync(jsonl);
    const bytes = fs.readFileSync(out);
    const summary = (r.stderr + r.stdout).split('\n').filter((l) => /^indexed /.test(l)).pop() || '';
    const reported = summary.match(/ in ([\d.]+) s/);
    return { bytes, file: out, index: null, timing: { writeJsonlMs: t1 - t0, cliMs: t2 - t1, cliReportedS: reported ? +reported[1] : null }, summary };
  },

  serialize(h) { return h.bytes; },

  sizeParts(h) {
    const text = execFileSync(IB, ['inspect', h.file], { encoding: 'utf8' });
    const inspect = {};
    for (const m of text.matchAll(/^\s+([a-z-]+)\s+([\d,]+) bytes\s+crc32/gm)) inspect[m[1]] = +m[2].replace(/,/g, '');
    const secs = sections(h.bytes);
    const docsSec = secs.find((s) => s.kind === 8);
    // Cross-check the section table against what inspect printed.
    if (!docsSec || inspect.documents !== docsSec.length) throw new Error(`section table does not match inspect: ${JSON.stringify(inspect)}`);
    const rest = Buffer.concat(secs.filter((s) => s.kind !== 8).map((s) => h.bytes.subarray(s.offset, s.offset + s.length)));
    const docs = h.bytes.subarray(docsSec.offset, docsSec.offset + docsSec.length);
    return {
      docsStoreBytes: docsSec.length,
      docsStoreGzipBytes: zlib.gzipSync(docs, { level: 9 }).length,
      withoutDocsBytes: h.bytes.length - docsSec.length,
      withoutDocsSectionsBytes: rest.length,
      withoutDocsGzipBytes: zlib.gzipSync(rest, { level: 9 }).length,
      sections: inspect,
      buildTiming: h.timing,
      cliSummary: h.summary.replace(/→.*$/, '').trim(),
    };
  },

  load(bytes) {
    const idx = api().open(bytes);
    if (lastLoaded) lastLoaded.free(); // the harness drops each loaded copy; free its wasm memory
    lastLoaded = idx;
    return idx;
  },

  search(h, q, lim) {
    if (!h.index) h.index = api().open(h.bytes);
    const idx = h.index;
    const r = idx.search(q, { limit: lim === Infinity ? idx.documents : lim, excerpts: false });
    if (Array.isArray(r)) throw new Error(`a whole index asked for shards: ${r.slice(0, 3).join(', ')}`);
    return r.hits.map((x) => x.id);
  },
};
