#!/usr/bin/env node
// The publishing recipes of docs/recipes/, tried for real: for each site generator, a small
// Arabic news site (tests/recipes/articles.json, laid out by the generator's own conventions) is
// built by the real generator with the recipe's own files and commands, served under a sub-path
// as a GitHub Pages project site is, and searched in headless Chromium.
//
//   node tests/recipes/run.mjs        (from the repository root, after trunk build --release and
//                                      cargo build --release -p index-builder; scripts/test does both)
//
// A recipe is read as written: every fenced block whose info string names a file
// (```html file=layouts/partials/fahras-search.html) is written into the site, and every
// ```sh run block is run in the site's folder with bash, in order, with target/release on PATH
// (index-builder) and FAHRAS_DIST=dist/. The rest of the site (the templates a site already
// has, its configuration) is tests/recipes/sites/<generator>/; a recipe file must not be there
// too, so that what is tested is the recipe's version.
//
// For each generator it checks, natively: the index holds exactly the articles (no home page, list,
// tag, about or search page), each with its url on the site, date, section and tags, and author;
// the words found only on the home page, the about page and in the footer are not in the index.
// In the browser, on the site served under /news/ by `index-builder serve`: each article's query
// finds it first, with the native engine's count, as a link under /news/; following the link
// opens the article; the search page's widget searches too (and, when the loader has the page
// mode, reads ?q= and Enter in a box opens it). Any console error, page error or failed request
// fails the generator's case.
//
// Then the GitHub Action's own script (scripts/publish-site) is tried as hourly Pages deploys use
// it, with --incremental (runAction).
//
// Environment: FAHRAS_RECIPES_ONLY=hugo,jekyll,action picks cases; FAHRAS_RECIPES_BROWSERS=chromium
// (default: chromium,firefox); FAHRAS_RECIPES_KEEP=1 keeps the temporary folders.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session, launch } from '../e2e/browser.mjs';
import { startLink } from '../e2e/link.mjs';
import { DIST, INDEX_BUILDER, REPO, checkPrerequisites, serve } from '../e2e/site.mjs';
import { Failure, expect, show, waitFor, waitState } from '../e2e/widget.mjs';
import { GENERATORS } from './generators.mjs';

const FIXTURE = JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'recipes', 'articles.json'), 'utf8'));
const SUB = 'news/'; // the repository's name in the recipes' https://user.github.io/news/
const BROWSER_FILES = ['fahras.js', 'fahras_bg.wasm', 'fahras_bg.wasm.gz', 'fahras-embed.js', 'fahras.css', 'fahras-sw.js'];
const CASE_TIMEOUT_MS = 60000;

const temps = [];
process.on('exit', () => {
  if (!process.env.FAHRAS_RECIPES_KEEP) for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** The blocks of a recipe: files to write and commands to run, in order. */
export function readRecipe(file) {
  const text = fs.readFileSync(file, 'utf8');
  const files = [];
  const commands = [];
  const fence = /^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of text.matchAll(fence)) {
    const info = m[1].trim().split(/\s+/);
    const named = info.find((w) => w.startsWith('file='));
    if (named) files.push({ path: named.slice('file='.length), text: m[2] });
    else if (info[0] === 'sh' && info.includes('run')) commands.push(m[2]);
  }
  if (!files.length || !commands.length) {
    throw new Failure(`${path.relative(REPO, file)} has ${files.length} file blocks and ${commands.length} run blocks; a recipe needs both`);
  }
  return { files, commands };
}

/** Copies the scaffold, filling in the site's own texts (%%TITLE%%, %%INTRO%%, %%ABOUT%%, %%FOOTER%%). */
function copyScaffold(from, to) {
  fs.mkdirSync(to, { recursive: true });
  if (!fs.existsSync(from)) return; // a hand-written site: every page comes from the fixture
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyScaffold(src, dst);
    else {
      const s = FIXTURE.site;
      const text = fs.readFileSync(src, 'utf8')
        .replaceAll('%%TITLE%%', s.title).replaceAll('%%INTRO%%', s.intro)
        .replaceAll('%%ABOUT%%', s.about).replaceAll('%%FOOTER%%', s.footer);
      fs.writeFileSync(dst, text);
    }
  }
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Lays the site's sources out: the scaffold, the recipe's files, the articles. */
function laySite(name, gen, site, articles = FIXTURE.articles) {
  copyScaffold(path.join(REPO, 'tests', 'recipes', 'sites', name), site);
  const recipe = readRecipe(path.join(REPO, 'docs', 'recipes', `${name}.md`));
  for (const f of recipe.files) {
    const target = path.join(site, f.path);
    expect(!fs.existsSync(target), `the recipe's ${f.path} is also in tests/recipes/sites/${name}/: the test would not try the recipe's version`);
    write(target, f.text);
  }
  for (const [file, text] of gen.content({ ...FIXTURE, articles })) write(path.join(site, file), text);
  gen.prepare?.(site);
  return recipe;
}

/** Lays the site out, builds it as the recipe says; returns the folder to publish and the build's log. */
function buildSite(name, gen, dir) {
  const site = path.join(dir, 'site');
  const recipe = laySite(name, gen, site);

  const env = {
    ...process.env,
    PATH: `${path.dirname(INDEX_BUILDER)}:${path.join(REPO, 'node_modules', '.bin')}:${process.env.PATH}`,
    FAHRAS_DIST: DIST,
    ...gen.env,
  };
  let log = '';
  for (const cmd of recipe.commands) {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', cmd], { cwd: site, env, encoding: 'utf8', timeout: 120000 });
    log += `$ ${cmd.trim().replaceAll('\n', '\n$ ')}\n${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Failure(`the recipe's commands failed (exit ${r.status ?? r.signal}):\n${log}`);
  }
  return { out: path.join(site, gen.output), log };
}

/** Every document of an index, as `index-builder query --json` lists them without a query. */
function allDocuments(index) {
  const out = execFileSync(INDEX_BUILDER, ['query', index, '--sort', 'oldest', '--limit', '1000', '--json'], { encoding: 'utf8' });
  return JSON.parse(out);
}

function cliQuery(index, q) {
  return JSON.parse(execFileSync(INDEX_BUILDER, ['query', index, q, '--json'], { encoding: 'utf8' }));
}

/** The native checks: what is in the index, and what is not. */
function checkIndex(gen, out, notes) {
  const index = path.join(out, 'index.fahras');
  expect(fs.existsSync(index), `no index.fahras in the published folder ${out}`);
  for (const f of BROWSER_FILES) expect(fs.existsSync(path.join(out, f)), `the recipe did not put ${f} in the published folder`);
  const all = allDocuments(index);
  const want = FIXTURE.articles.map((a) => gen.url(a)).sort();
  const got = all.hits.map((h) => h.url).sort();
  expect(show(got) === show(want), () => `expected the index to hold exactly the articles ${show(want)}; it holds ${show(got)} (ids ${show(all.hits.map((h) => h.id))})`);
  for (const a of FIXTURE.articles) {
    const h = all.hits.find((x) => x.url === gen.url(a));
    expect(h.title === a.title, () => `${h.url}: expected the title ${show(a.title)} (the page's h1); saw ${show(h.title)}`);
    expect(h.day === a.date.slice(0, 10), () => `${h.url}: expected the day ${a.date.slice(0, 10)} from article:published_time; saw ${show(h.day)} (date ${show(h.date)})`);
    const cats = [a.section, ...a.tags];
    expect(show(h.category) === show(cats), () => `${h.url}: expected the categories ${show(cats)} (article:section, then article:tag); saw ${show(h.category)}`);
    expect(h.meta?.author === a.author, () => `${h.url}: expected meta.author ${show(a.author)} (data-fahras-meta); saw ${show(h.meta)}`);
  }
  const economy = FIXTURE.articles.filter((a) => a.section === 'اقتصاد').map((a) => a.title).sort();
  const filtered = JSON.parse(execFileSync(INDEX_BUILDER, ['query', index, '--filter', 'category=اقتصاد', '--json'], { encoding: 'utf8' }));
  const titles = filtered.hits.map((h) => h.title).sort();
  expect(show(titles) === show(economy), () => `expected --filter category=اقتصاد to give ${show(economy)}; saw ${show(titles)}`);
  for (const [where, word] of Object.entries(FIXTURE.absent)) {
    const r = cliQuery(index, word);
    expect(r.total === 0, () => `expected «${word}» (only on the ${where}) to find nothing; found ${show(r.hits.map((h) => h.url))} (ran as ${show(r.ran_as)})`);
  }
  notes.push(`index: ${all.total} articles, the right urls, days, sections, tags and authors`);
}

/** What the widget under `root` shows, and its links. */
const results = (page, root) => page.evaluate((sel) => {
  const w = document.querySelector(sel);
  return {
    state: w?.getAttribute('data-state'),
    status: w?.querySelector('.fahras-status')?.textContent,
    titles: [...(w?.querySelectorAll('.fahras-result .fahras-title') || [])].map((t) => t.textContent),
    // A box's options navigate by their data-href, a search page's titles are links; both carry
    // ?fahras=<query> for the article to mark its words (left out here, checked apart).
    hrefs: [...(w?.querySelectorAll('.fahras-result') || [])].map((li) => {
      const href = li.dataset.href || li.querySelector('a.fahras-title')?.href;
      if (!href) return null;
      const u = new URL(href);
      u.searchParams.delete('fahras');
      return u.href;
    }),
    marked: [...(w?.querySelectorAll('.fahras-result') || [])].map((li) => new URL(li.dataset.href || li.querySelector('a.fahras-title')?.href || 'x:').searchParams.get('fahras')),
  };
}, root);

/** Replaces the query with `q` and waits until the first hit is `title`; returns what is shown. */
async function search(page, root, q, title) {
  await page.fill(`${root} .fahras-input`, q);
  return waitFor(page, ([sel, t]) => {
    const first = document.querySelector(`${sel} .fahras-result .fahras-title`);
    return first?.textContent === t && document.querySelector(sel).getAttribute('data-state') === 'results';
  }, [root, title], { what: `«${q}» to show ${show(title)} first`, seen: async () => show(await results(page, root)) }).then(() => results(page, root));
}

async function checkBrowser(gen, out, session, base, notes) {
  const index = path.join(out, 'index.fahras');
  const home = new URL(SUB, base).href;
  const page = await session.newPage();
  const resp = await page.goto(home);
  expect(resp?.ok(), () => `expected ${home} to load; saw ${resp?.status()}`);
  await waitState(page, 'ready', { root: '.fahras' });

  for (const a of FIXTURE.articles) {
    const native = cliQuery(index, a.query);
    expect(native.hits[0]?.title === a.title, () => `the native engine's first hit for «${a.query}» is ${show(native.hits[0]?.title)}, not ${show(a.title)}`);
    const shown = await search(page, '.fahras', a.query, a.title);
    expect(shown.titles.length === Math.min(native.total, 10), () => `«${a.query}»: expected ${native.total} hits, as index-builder query finds; saw ${show(shown.titles)}`);
    const want = new URL(SUB + gen.url(a), base).href;
    expect(shown.hrefs[0] === want, () => `«${a.query}»: expected the first hit to link to ${want}; it links to ${show(shown.hrefs[0])}`);
    expect(shown.marked[0] === a.query, () => `«${a.query}»: expected the link to carry ?fahras=${a.query}; it carries ${show(shown.marked[0])}`);
  }
  notes.push(`box: ${FIXTURE.articles.length} queries, each article first with its link under /${SUB}`);

  // A result opens its page: the last article's, by a click; the query's words are marked there.
  const last = FIXTURE.articles.at(-1);
  await page.click('.fahras .fahras-result');
  const want = new URL(SUB + gen.url(last), base);
  want.searchParams.set('fahras', last.query);
  await page.waitForURL(want.href);
  const h1 = await page.textContent('h1');
  expect(h1.trim() === last.title, () => `expected ${want} to be the article ${show(last.title)}; its h1 is ${show(h1)}`);
  const marks = await waitFor(page, () => { const m = [...document.querySelectorAll('mark.fahras-mark')].map((x) => x.textContent); return m.length ? m : null; }, null, {
    what: `the article to mark «${last.query}»`,
  }).catch(() => []);
  expect(marks.length > 0, () => `expected the article opened from a result to mark the words of «${last.query}»; it marks nothing`);
  notes.push(`destination: the article marks ${show([...new Set(marks)])} for «${last.query}»`);

  // The search page: its widget searches too.
  const searchUrl = new URL(`${SUB}search/`, base).href;
  const first = FIXTURE.articles[0];
  const sp = await session.newPage();
  const r2 = await sp.goto(searchUrl);
  expect(r2?.ok(), () => `expected the search page ${searchUrl} to load; saw ${r2?.status()}`);
  const pageRoot = '[data-fahras="page"]';
  await waitFor(sp, (sel) => Boolean(document.querySelector(sel)?.querySelector('.fahras-input')), pageRoot, {
    what: `a widget mounted on ${pageRoot} of ${searchUrl}`,
  });
  const root = await sp.evaluate((sel) => (document.querySelector(sel).matches('.fahras') ? sel : `${sel} .fahras`), pageRoot);
  // Before any query, the search page shows the newest articles, newest first.
  await waitState(sp, 'results', { root });
  const newest = await results(sp, root);
  const byDay = [...FIXTURE.articles].sort((a, b) => (a.date < b.date ? 1 : -1)).map((a) => a.title);
  expect(show(newest.titles) === show(byDay), () => `expected the search page to open on every article, newest first: ${show(byDay)}; saw ${show(newest.titles)}`);
  const found = await search(sp, root, first.query, first.title);
  expect(found.hrefs[0] === new URL(SUB + gen.url(first), base).href, () => `the search page links «${first.query}» to ${show(found.hrefs[0])}`);
  notes.push('search page: its widget finds the article');

  {
    const q = new URL(`${SUB}search/?q=${encodeURIComponent(last.query)}`, base).href;
    const qp = await session.newPage();
    await qp.goto(q);
    await waitFor(qp, (t) => [...document.querySelectorAll('.fahras-result .fahras-title')].some((e) => e.textContent === t), last.title, {
      what: `${q} to show ${show(last.title)} without typing`,
    });
    await page.goto(home);
    await waitState(page, 'ready', { root: '.fahras' });
    await page.fill('.fahras .fahras-input', last.query);
    const target = new URL(`${SUB}search/`, base);
    target.searchParams.set('q', last.query);
    await Promise.all([page.waitForURL(target.href), page.keyboard.press('Enter')]);
    notes.push('search page: ?q= is read, Enter in the box opens it');
  }
}

async function runGenerator(name, gen, browsers) {
  const notes = [];
  const version = gen.version();
  notes.push(version);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fahras-recipe-${name}-`));
  temps.push(dir);
  const t0 = Date.now();
  const { out, log } = buildSite(name, gen, dir);
  const summary = log.split('\n').find((l) => /^indexed /.test(l));
  notes.push(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${summary || 'no summary line'}`);
  checkIndex(gen, out, notes);

  await inBrowsers(browsers, dir, out, async (b, session, base) => {
    await checkBrowser(gen, out, session, base, notes);
    notes.push(`${b.name}: passed`);
  });
  return notes;
}

/**
 * The GitHub Action's own script (scripts/publish-site, what action.yml runs after the site's
 * generator) on the Hugo site, as hourly Pages deploys use it: a first run with --incremental
 * makes a split index; the next hour Pages starts from a freshly generated site with one more
 * article, the index comes back from the cache (here: a copy) and the update adds a segment,
 * keeping every file of the previous build. Then --base-path catches a page pointing outside the
 * site, and the updated site is searched in the browser.
 */
async function runAction(browsers) {
  const notes = [];
  const gen = GENERATORS.hugo;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fahras-recipe-action-'));
  temps.push(dir);
  const site = path.join(dir, 'site');
  const env = { ...process.env, INDEX_BUILDER };
  const sh = (cmd, args) => spawnSync(cmd, args, { cwd: site, env, encoding: 'utf8', timeout: 120000 });
  const hugo = () => {
    fs.rmSync(path.join(site, 'public'), { recursive: true, force: true }); // each deploy starts clean
    const r = sh('hugo', []);
    expect(r.status === 0, () => `hugo failed: ${r.stdout}${r.stderr}`);
  };
  const publish = (...extra) => sh(path.join(REPO, 'scripts', 'publish-site'), ['public', '--dist', DIST, ...extra]);
  const index = path.join(site, 'public', 'index.fahras');
  const shards = `${index}.shards`;
  const cache = path.join(dir, 'cache');

  laySite('hugo', gen, site);
  hugo();
  const first = publish('--base-path', '/news/', '--incremental');
  expect(first.status === 0, () => `scripts/publish-site failed (exit ${first.status}):\n${first.stderr}`);
  expect(fs.existsSync(shards), 'expected --incremental to write a split index (index.fahras.shards/) so that the next run can update it');
  for (const f of BROWSER_FILES) expect(fs.existsSync(path.join(site, 'public', f)), `scripts/publish-site did not copy ${f}`);
  const before = fs.readdirSync(shards).sort();
  fs.mkdirSync(cache);
  fs.cpSync(index, path.join(cache, 'index.fahras'));
  fs.cpSync(shards, path.join(cache, 'index.fahras.shards'), { recursive: true });

  // An hour later: one more article, a clean site, the index restored from the cache.
  const later = FIXTURE.later;
  const [[file, text]] = gen.content({ ...FIXTURE, articles: [later] });
  write(path.join(site, file), text);
  hugo();
  fs.cpSync(path.join(cache, 'index.fahras'), index);
  fs.cpSync(path.join(cache, 'index.fahras.shards'), shards, { recursive: true });
  const second = publish('--base-path', '/news/', '--incremental');
  expect(second.status === 0, () => `the hourly scripts/publish-site failed (exit ${second.status}):\n${second.stderr}`);
  const updated = second.stderr.split('\n').find((l) => l.startsWith('updated '));
  expect(/: 1 new, 0 changed, 0 removed, 5 unchanged;/.test(updated || ''), () => `expected the update to add the one new article and keep the 5 others; it said ${show(second.stderr)}`);
  const after = fs.readdirSync(shards).sort();
  const kept = before.filter((f) => after.includes(f));
  expect(kept.length === before.length, () => `expected every file of the previous build to stay for open pages; gone: ${show(before.filter((f) => !after.includes(f)))}`);
  const added = after.filter((f) => !before.includes(f));
  expect(added.length > 0, 'expected the update to write a new segment beside the first build\'s files; it added none');
  const bytes = (names) => names.reduce((n, f) => n + fs.statSync(path.join(shards, f)).size, 0);
  expect(bytes(added) < bytes(before), () => `expected the one-article segment to be smaller than the five-article build: ${bytes(added)} bytes against ${bytes(before)}`);
  const all = allDocuments(index);
  expect(all.total === FIXTURE.articles.length + 1 && all.hits.some((h) => h.url === gen.url(later)), () => `expected the ${FIXTURE.articles.length + 1} articles after the update; the index holds ${show(all.hits.map((h) => h.url))}`);
  notes.push(`hourly update: ${updated}`);
  notes.push(`shard files: ${before.length} from the first build (${bytes(before)} bytes), all kept; ${added.length} added (${bytes(added)} bytes)`);

  // A site served under /other/ whose pages ask for /news/…: stopped, with the pages named.
  const wrong = publish('--base-path', '/other/');
  expect(wrong.status === 2 && /articles\/marathon\/index\.html:data-index="\/news\/index\.fahras"/.test(wrong.stderr), () => `expected --base-path /other/ to stop (exit 2) naming the pages that ask for /news/index.fahras; exit ${wrong.status}, said ${show(wrong.stderr)}`);
  notes.push('--base-path /other/: exit 2, naming the pages that point outside the site');

  // The updated site, in the browser: the new article and an old one.
  await inBrowsers(browsers, dir, path.join(site, 'public'), async (b, session, base) => {
    const page = await session.newPage();
    await page.goto(new URL(SUB, base).href);
    await waitState(page, 'ready', { root: '.fahras' });
    for (const a of [later, FIXTURE.articles[0]]) {
      const shown = await search(page, '.fahras', a.query, a.title);
      const want = new URL(SUB + gen.url(a), base).href;
      expect(shown.hrefs[0] === want, () => `«${a.query}»: expected a link to ${want}; saw ${show(shown.hrefs[0])}`);
    }
    notes.push(`${b.name}: the new article and an old one found on the updated split index`);
  });
  return notes;
}

/**
 * Serves a copy of the folder `out` under the sub-path SUB (through a link the cases can cut) and
 * runs `check(browser, session, base)` in each of `browsers`; a browser fails on what `check` throws
 * and on any unexpected console error, page error or failed request.
 */
async function inBrowsers(browsers, dir, out, check) {
  const root = path.join(dir, 'serve');
  fs.mkdirSync(root);
  fs.cpSync(out, path.join(root, SUB), { recursive: true });
  const server = await serve(root);
  const link = await startLink(Number(new URL(server.base).port));
  try {
    for (const b of browsers) {
      const session = await new Session(b, link).open();
      let reason = '';
      try {
        await check(b, session, link.base);
      } catch (e) {
        reason = e instanceof Failure ? e.message : `${e?.name || 'Error'}: ${e?.message || e}`;
      }
      const problems = session.unexpectedProblems();
      await session.close();
      if (problems) reason = reason ? `${reason}; also ${problems}` : `unexpected ${problems}`;
      if (reason) throw new Failure(`in ${b.name}: ${reason}`);
    }
  } finally {
    link.close();
    server.stop();
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const started = Date.now();
  checkPrerequisites();
  const only = (process.env.FAHRAS_RECIPES_ONLY || Object.keys(GENERATORS).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((n) => !GENERATORS[n] && n !== 'action');
  if (unknown.length) throw new Error(`FAHRAS_RECIPES_ONLY names ${unknown.join(', ')}; the recipes are ${Object.keys(GENERATORS).join(', ')}`);
  const browserNames = (process.env.FAHRAS_RECIPES_BROWSERS || 'chromium,firefox').split(',').map((s) => s.trim()).filter(Boolean);
  const browsers = [];
  for (const b of browserNames) browsers.push(await launch(b));
  let failed = 0;
  let ran = 0;
  try {
    for (const name of only.filter((n) => GENERATORS[n])) {
      ran++;
      const t0 = Date.now();
      try {
        const notes = await withTimeout(runGenerator(name, GENERATORS[name], browsers), CASE_TIMEOUT_MS, `the ${name} recipe`);
        console.log(`ok - ${name} recipe (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        for (const n of new Set(notes)) console.log(`#   ${n}`);
      } catch (e) {
        failed++;
        const reason = e instanceof Failure ? e.message : `${e?.name || 'Error'}: ${e?.message || e}`;
        console.log(`not ok - ${name} recipe: ${reason}`);
      }
    }
    if (!process.env.FAHRAS_RECIPES_ONLY || only.includes('action')) {
      const t0 = Date.now();
      try {
        const notes = await withTimeout(runAction(browsers), CASE_TIMEOUT_MS, 'the action case');
        console.log(`ok - the GitHub Action's scripts/publish-site, hourly with --incremental (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        for (const n of new Set(notes)) console.log(`#   ${n}`);
      } catch (e) {
        failed++;
        const reason = e instanceof Failure ? e.message : `${e?.name || 'Error'}: ${e?.message || e}`;
        console.log(`not ok - the GitHub Action's scripts/publish-site: ${reason}`);
      }
      ran++;
    }
  } finally {
    for (const b of browsers) await b.raw.close().catch(() => {});
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n# recipes: ${ran - failed} passed, ${failed} failed, of ${ran}, in ${secs} s (${browserNames.join(', ')})`);
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code), (e) => {
    console.error(`not ok - setup: ${e?.message || e}`);
    process.exit(1);
  });
}
