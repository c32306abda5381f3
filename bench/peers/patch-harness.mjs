// Patches a *copy* of ../shared/peers (never the original) so that Fahras runs in it:
//   lib/engines.mjs  + import of ./fahras-adapter.mjs, registered in ENGINES
//   report.mjs       + 'fahras' in the engine order of results.md
//   run_engine.mjs   the serialize / size / load step wrapped in try…catch: an index too large
//                    to serialize (FlexSearch's export of 40,004 articles passes V8's maximum
//                    string length) is recorded as a size error and the engine's probes and
//                    keystroke latency are still measured (unpatched, the whole engine fails);
//                    with PEERS_NO_BROTLI=1 in the environment, no brotli q11 of the index
//                    (minutes per 100 MB on this machine; the summary reports raw and gzip).
// Idempotent; fails loudly when the harness no longer looks as expected.
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
