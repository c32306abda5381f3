// Accessibility audits with axe-core: the demo page and embed.html, empty and with results, and
// search.html (the search page: empty, with results, with a section and a date preset), on
// the seed index (whose article has no URL) and on the split site's (every article has a URL:
// an option of the box has a data-href, a title of the search page is a link). Same conventions as cases.mjs, whose list
// these join (before its CSP case, which checks that the audits caused no violation either).
//
// axe runs in the page through the driver (page.evaluate), so the page's strict CSP does not
// stand in its way. Every violation fails the case: those of the page itself (www/*.html,
// www/style.css) and those of the widget (www/fahras-embed.js, www/fahras.css), named apart so
// that the message says which file to fix. Every violation, with all its nodes, is also written
// to artifacts/<browser>/axe-<page>.json, with what axe left to review by hand.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO } from './site.mjs';
import { clickChip } from './cases-page.mjs';
import { Failure, openReady, searchFor, waitFor } from './widget.mjs';

export const auditCases = [];
const test = (name, fn, session = {}) => auditCases.push({ name, fn, session });

const AXE = fs.readFileSync(createRequire(path.join(REPO, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

// Rules about the page's outline (landmarks, headings, title, language): whichever element axe
// names, the page's markup is what must change.
const PAGE_RULES = /^(region|landmark-.*|page-has-heading-one|heading-order|bypass|document-title|html-.*lang.*|skip-link)$/;

/**
 * Runs axe on the whole document; returns {violations, review} (review: what axe could not
 * decide, "incomplete" in its terms; reported, never a failure), each a list of {id, impact,
 * help, helpUrl, of, nodes: [{html, target, summary, related, inWidget}]}: `related` is the HTML
 * of the elements the checks point at (the focusable descendant of a nested-interactive node,
 * say), `of` is 'widget' when every node is inside a .fahras element and the rule is not about
 * the page's outline, 'page' otherwise.
 */
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (pageRules) => {
    const r = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const list = (results) => results.map((v) => {
      const nodes = v.nodes.map((n) => ({
        html: n.html,
        target: n.target.join(' '),
        summary: n.failureSummary,
        related: [...n.any, ...n.all, ...n.none].flatMap((c) => c.relatedNodes.map((r) => r.html)),
        inWidget: !!document.querySelector(n.target[0])?.closest('.fahras'),
      }));
      const of = !new RegExp(pageRules).test(v.id) && nodes.every((n) => n.inWidget) ? 'widget' : 'page';
      return { id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, of, nodes };
    });
    return { violations: list(r.violations), review: list(r.incomplete) };
  }, PAGE_RULES.source);
}

const clip = (s, n = 240) => (s.length > n ? `${s.slice(0, n)}…` : s);
const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** One line per rule: its id, impact, what it asks, and the HTML of its first nodes. */
function describe(vs) {
  return vs.map((v) => {
    const shown = v.nodes.slice(0, 2).map((n) => clip(n.html) + (n.related.length ? ` (related: ${clip(n.related.join(' '))})` : '')).join(' | ');
    const more = v.nodes.length > 2 ? ` and ${v.nodes.length - 2} more` : '';
    return `${v.id} (${v.impact}: ${v.help}) on ${count(v.nodes.length, 'node')}: ${shown}${more}`;
  }).join('; ');
}

/**
 * Opens `file` of `site`, searches `query` if any (leaving the results shown, the focus in the
 * box), audits the page, saves every violation and fails on any.
 */
async function audit(t, { site, file = '', query, label, prepare }) {
  const page = await t.page();
  if (prepare) await prepare(page);
  else {
    await openReady(page, t.url(site, file));
    if (query) await searchFor(page, query);
  }
  const { violations: vs, review } = await axe(page);
  const name = `axe-${label}.json`;
  t.save(name, JSON.stringify({ violations: vs, review }, null, 2));
  const links = await page.$$eval('.fahras-result a[href]', (as) => as.length);
  if (prepare) await t.shot(page, `axe-${label}.png`);
  const ids = (list) => list.map((v) => v.id).join(', ') || 'none';
  t.note(`${count(links, 'result link')}; ${count(vs.length, 'violation')} (${ids(vs)}), ${review.length} left to review (${ids(review)}); details in ${name}`);
  if (review.length) t.note(`to review: ${describe(review)}`);
  const ofPage = vs.filter((v) => v.of === 'page');
  const ofWidget = vs.filter((v) => v.of === 'widget');
  const where = `${site}/${file || 'index.html'}${query ? ` with «${query}»` : ''}`;
  const parts = [];
  if (ofPage.length) parts.push(`the page (www/${file || 'index.html'}, www/style.css) has ${ofPage.length}: ${describe(ofPage)}`);
  if (ofWidget.length) parts.push(`the widget (www/fahras-embed.js, www/fahras.css) has ${ofWidget.length}: ${describe(ofWidget)}`);
  if (parts.length) throw new Failure(`${where}: expected no axe-core violation; ${parts.join('. And ')}`);
}

test('a11y: the demo page, ready (axe-core)', (t) => audit(t, { site: 'demo', label: 'demo-ready' }));

test('a11y: the demo page with results, titles without links (axe-core)', (t) =>
  audit(t, { site: 'demo', query: 'حكومة', label: 'demo-results' }));

test('a11y: embed.html, ready (axe-core)', (t) => audit(t, { site: 'demo', file: 'embed.html', label: 'embed-ready' }));

test('a11y: embed.html with results, titles without links (axe-core)', (t) =>
  audit(t, { site: 'demo', file: 'embed.html', query: 'طرا', label: 'embed-results' }));

test('a11y: the demo page with results whose articles have URLs (options with data-href; split site, axe-core)', (t) =>
  audit(t, { site: 'split', query: 'طرابلس', label: 'links-results' }));

test('a11y: embed.html with results whose articles have URLs (options with data-href; split site, axe-core)', (t) =>
  audit(t, { site: 'split', file: 'embed.html', query: 'طرابلس', label: 'links-embed-results' }));

/**
 * search.html on the split site (page mode: a form, chips, date fields, title links): opened at
 * `query` (or without one: the newest articles), then `chips` clicked ([group, chip] pairs); the
 * audit runs once the page shows its results, the focus where the last click left it.
 */
const searchPage = (t, query, chips = []) => async (page) => {
  await page.goto(`${t.url('split', 'search.html')}${query ? `?q=${encodeURIComponent(query)}` : ''}`);
  const settled = () => document.querySelector('.fahras')?.dataset.state === 'results' && !document.querySelector('.fahras-filters').hidden;
  await waitFor(page, settled, null, { what: 'search.html to show its results and filters' });
  for (const [group, chip] of chips) {
    await clickChip(page, group, chip);
    // The chips are drawn anew with the results of the search they start.
    const pressed = ([g, c]) => [...document.querySelectorAll(`.fahras-chips[aria-label="${g}"] .fahras-chip[aria-pressed=true]`)]
      .some((b) => b.textContent === c || b.textContent.startsWith(`${c} (`)) && document.querySelector('.fahras').dataset.state === 'results';
    await waitFor(page, pressed, [group, chip], { what: `the results after the chip ${chip}, the chip pressed` });
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
};

test('a11y: search.html with no query, the newest articles (split site, axe-core)', (t) =>
  audit(t, { site: 'split', file: 'search.html', label: 'search-empty', prepare: searchPage(t, '') }));

test('a11y: search.html with results (split site, axe-core)', (t) =>
  audit(t, { site: 'split', file: 'search.html', query: 'طرابلس', label: 'search-results', prepare: searchPage(t, 'طرابلس') }));

test('a11y: search.html with a section and a date preset (split site, axe-core)', (t) =>
  audit(t, { site: 'split', file: 'search.html', query: 'الحكومة', label: 'search-filtered', prepare: searchPage(t, 'الحكومة', [['القسم', 'سياسة'], ['التاريخ', 'هذا العام']]) }));
