#!/usr/bin/env node
// End-to-end tests of the built demo site (dist/) in headless Chromium, with no test framework:
//
//   node tests/e2e/run.mjs            (from the repository root, after trunk build --release and
//                                      cargo build --release -p index-builder; scripts/test does both)
//
// Every case runs in a fresh browser context against copies of the site served from a sub-path
// by `index-builder serve`; it fails on any console error, page error, CSP violation or dialog
// it did not provoke on purpose. Prints `ok - name` or `not ok - name: reason` per case and a
// summary; exits 1 if any case failed. Screenshots go to tests/e2e/artifacts/.
//
// Environment: FAHRAS_E2E_ONLY=text runs the cases whose name contains text;
// FAHRAS_E2E_KEEP=1 keeps the temporary site root; FAHRAS_E2E_CHROMIUM overrides /usr/bin/chromium.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session, launch } from './browser.mjs';
import { cases } from './cases.mjs';
import { DIST, REPO, checkPrerequisites, checkSameBuild, makeRoot, serve } from './site.mjs';
import { Failure } from './widget.mjs';

const ARTIFACTS = path.join(REPO, 'tests', 'e2e', 'artifacts');
const CASE_TIMEOUT_MS = 45000;

let server = null;
let browser = null;
let root = null;

function cleanupSync() {
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
    if (!page.isClosed()) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))).catch(() => {});
  }
}

async function main() {
  const started = Date.now();
  checkPrerequisites();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const laid = makeRoot();
  root = laid.root;
  checkSameBuild(root);
  server = await serve(root);
  const base = server.base;
  browser = await launch();
  console.log(`# serving ${root} at ${base} (index-builder pid ${server.child.pid}); Chromium ${browser.version()}`);

  const only = process.env.FAHRAS_E2E_ONLY;
  const selected = only ? cases.filter((c) => c.name.includes(only)) : cases;
  if (selected.length === 0) throw new Error(`no case matches FAHRAS_E2E_ONLY=${only}`);
  const tally = { pages: 0, csp: [] };
  const failed = [];

  for (const c of selected) {
    const t0 = Date.now();
    const session = await new Session(browser, c.session).open();
    const notes = [];
    const t = {
      page: () => session.newPage(),
      url: (site, file = '') => new URL(`${laid.sites[site].slice(1)}${file}`, base).href,
      allow: (kind, why, test) => session.allow(kind, why, test),
      allowed: () => session.allowed,
      shot: (page, name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true }),
      note: (s) => notes.push(s),
      seedIndex: path.join(DIST, 'index.fahras'),
      hostileIndex: path.join(root, 'hostile', 'sub', 'path', 'index.fahras'),
      corpus: laid.corpus,
      scratch: () => fs.mkdtempSync(path.join(root, 'scratch-')),
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

  await browser.close();
  browser = null;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const passed = selected.length - failed.length;
  console.log(`\n# ${passed} passed, ${failed.length} failed, of ${selected.length} cases, in ${secs} s; screenshots in ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}/`);
  for (const name of failed) console.log(`#   failed: ${name}`);
  return failed.length ? 1 : 0;
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
