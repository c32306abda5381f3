#!/usr/bin/env node
// End-to-end tests of the built demo site (dist/) in headless Chromium and Firefox, with no test
// framework:
//
//   node tests/e2e/run.mjs            (from the repository root, after trunk build --release and
//                                      cargo build --release -p index-builder; scripts/test does both)
//
// The whole suite runs once per browser, one case at a time. Every case runs in a fresh browser
// context against copies of the site served from a sub-path by `index-builder serve` (through a
// relay the cases can cut: link.mjs); it fails on any console error, page error, failed request,
// CSP violation or dialog it did not provoke on purpose. Prints `ok - name` or
// `not ok - name: reason` per case and a summary per browser; exits 1 if any case failed.
// Screenshots go to tests/e2e/artifacts/<browser>/.
//
// Environment: FAHRAS_E2E_BROWSERS=firefox (or chromium, or both, comma-separated: the default)
// picks the browsers; FAHRAS_E2E_ONLY=text runs the cases whose name contains text (or one of
// several texts separated by |);
// FAHRAS_E2E_KEEP=1 keeps the temporary site root; FAHRAS_E2E_CHROMIUM and FAHRAS_E2E_FIREFOX
// override /usr/bin/chromium and /usr/bin/firefox-esr.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BROWSERS, Session, launch } from './browser.mjs';
import { cases } from './cases.mjs';
import { startLink } from './link.mjs';
import { DIST, REPO, checkPrerequisites, checkSameBuild, makeRoot, serve } from './site.mjs';
import { Failure } from './widget.mjs';

const ARTIFACTS = path.join(REPO, 'tests', 'e2e', 'artifacts');
const CASE_TIMEOUT_MS = 45000;

let server = null;
let link = null;
let browser = null;
let root = null;

function cleanupSync() {
  link?.close();
  link = null;
  server?.stop();
  server = null;
  if (root && !process.env.FAHRAS_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
  root = null;
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping`);
    cleanupSync();
    process.exit(128 + os.constants.signals[sig]);
  });
}
for (const ev of ['uncaughtException', 'unhandledRejection']) {
  process.on(ev, (e) => {
    console.error(`${ev}:`, e);
    cleanupSync();
    process.exit(1);
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Lets the events a page has already queued (console, errors, CSP reports) reach the session. */
async function settle(session) {
  for (const page of session.pages) {
    if (page.isClosed()) continue;
    // A page behind another tab gets no animation frames: bring it to the front first.
    await page.raw.bringToFront().catch(() => {});
    const frame = page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))).catch(() => {});
    await withTimeout(frame, 2000, 'a frame').catch(() => {});
  }
}

/** Runs `selected` in one browser; returns its summary line and the names of the failed cases. */
async function runIn(name, selected, { base, laid }) {
  const started = Date.now();
  const shots = path.join(ARTIFACTS, name);
  fs.mkdirSync(shots, { recursive: true });
  browser = await launch(name);
  console.log(`\n# ${name}: ${browser.version} (${BROWSERS[name].executablePath}), serving ${root} at ${base} (index-builder pid ${server.child.pid})`);
  const tally = { pages: 0, csp: [] };
  const failed = [];

  for (const c of selected) {
    const t0 = Date.now();
    const session = await new Session(browser, link, c.session).open();
    const notes = [...session.notes];
    const t = {
      page: () => session.newPage(),
      url: (site, file = '') => new URL(`${laid.sites[site].slice(1)}${file}`, base).href,
      allow: (kind, why, test) => session.allow(kind, why, test),
      allowed: () => session.allowed,
      shot: (page, file) => page.screenshot({ path: path.join(shots, file), fullPage: true }),
      save: (file, text) => fs.writeFileSync(path.join(shots, file), text),
      note: (s) => notes.push(s),
      browser: name,
      limit: (what) => browser.limits[what] || null,
      seedIndex: path.join(DIST, 'index.fahras'),
      hostileIndex: path.join(root, 'hostile', 'sub', 'path', 'index.fahras'),
      corpus: laid.corpus,
      scratch: () => fs.mkdtempSync(path.join(root, 'scratch-')),
      served: (dir, file = '') => new URL(`${path.relative(root, dir).split(path.sep).join('/')}/${file}`, base).href,
      root,
      context: session.context,
      tally,
    };
    let reason = '';
    try {
      await withTimeout(c.fn(t), CASE_TIMEOUT_MS, 'the case');
    } catch (e) {
      reason = e instanceof Failure ? e.message : `${e?.name || 'Error'}: ${e?.message || e}`.split('\n')[0];
    }
    await settle(session);
    const problems = session.unexpectedProblems();
    if (problems) reason = reason ? `${reason}; also ${problems}` : `unexpected ${problems}`;
    tally.pages += session.pages.length;
    tally.csp.push(...session.problems.filter((p) => p.kind === 'csp'));
    await session.close();
    const ms = Date.now() - t0;
    const extra = [...notes, ...session.allowed.map((p) => `allowed ${p.kind}: ${p.why}`)];
    if (reason) {
      failed.push(c.name);
      console.log(`not ok - ${c.name}: ${reason}`);
    } else {
      console.log(`ok - ${c.name} (${ms} ms)`);
    }
    for (const x of extra) console.log(`#   ${x}`);
  }

  await browser.raw.close();
  browser = null;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const passed = selected.length - failed.length;
  const summary = `# ${name}: ${passed} passed, ${failed.length} failed, of ${selected.length} cases, in ${secs} s; screenshots in ${path.relative(process.cwd(), shots) || shots}/`;
  console.log(`\n${summary}`);
  return { summary, failed };
}

async function main() {
  const started = Date.now();
  const names = (process.env.FAHRAS_E2E_BROWSERS || Object.keys(BROWSERS).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !BROWSERS[n]);
  if (unknown.length) throw new Error(`FAHRAS_E2E_BROWSERS names ${unknown.join(', ')}; the suite knows ${Object.keys(BROWSERS).join(', ')}`);
  checkPrerequisites();
  const laid = makeRoot();
  root = laid.root;
  checkSameBuild(root);
  server = await serve(root);
  link = await startLink(Number(new URL(server.base).port));
  const base = link.base;

  const only = process.env.FAHRAS_E2E_ONLY;
  const selected = only ? cases.filter((c) => only.split('|').some((o) => c.name.includes(o))) : cases;
  if (selected.length === 0) throw new Error(`no case matches FAHRAS_E2E_ONLY=${only}`);

  const runs = [];
  for (const name of names) runs.push({ name, ...(await runIn(name, selected, { base, laid })) });

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n# all browsers, in ${secs} s:`);
  for (const r of runs) {
    console.log(r.summary);
    for (const c of r.failed) console.log(`#   failed in ${r.name}: ${c}`);
  }
  return runs.some((r) => r.failed.length) ? 1 : 0;
}

main().then(
  (code) => {
    cleanupSync();
    process.exit(code);
  },
  (e) => {
    console.error(`not ok - setup: ${e?.message || e}`);
    cleanupSync();
    process.exit(1);
  },
);
