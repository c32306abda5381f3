// Accessibility audits with axe-core: the demo page and embed.html, empty and with results, on
// the seed index (whose article has no URL: its title is not a link) and on the split site's
// (every article has a URL: every title is a link). Same conventions as cases.mjs, whose list
// these join (before its CSP case, which checks that the audits caused no violation either).
//
// axe runs in the page through the driver (page.evaluate), so the page's strict CSP does not
// stand in its way. Every violation fails the case: those of the page itself (www/*.html,
// www/style.css) and those of the widget (src/web/widget.rs, www/fahras.css), named apart so
// that the message says which file to fix. Every violation, with all its nodes, is also written
// to artifacts/<browser>/axe-<page>.json.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO } from './site.mjs';
import { Failure, openReady, searchFor } from './widget.mjs';

export const auditCases = [];
const test = (name, fn, session = {}) => auditCases.push({ name, fn, session });

const AXE = fs.readFileSync(createRequire(path.join(REPO, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

// Rules about the page's outline (landmarks, headings, title, language): whichever element axe
// names, the page's markup is what must change.
const PAGE_RULES = /^(region|landmark-.*|page-has-heading-one|heading-order|bypass|document-title|html-.*lang.*|skip-link)$/;

/**
 * Runs axe on the whole document; returns its violations, each {id, impact, help, helpUrl,
 * nodes: [{html, target, inWidget}]}, with `of`: 'widget' when every node is inside a .fahras
 * element and the rule is not about the page's outline, 'page' otherwise.
 */
async function axe(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async (pageRules) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => {
      const nodes = v.nodes.map((n) => ({
        html: n.html,
        target: n.target.join(' '),
        inWidget: !!document.querySelector(n.target[0])?.closest('.fahras'),
      }));
      const of = !new RegExp(pageRules).test(v.id) && nodes.every((n) => n.inWidget) ? 'widget' : 'page';
      return { id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, of, nodes };
    });
  }, PAGE_RULES.source);
  return violations;
}

const clip = (s, n = 240) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** One line per violation: rule, impact, what it asks, and the HTML of its first nodes. */
function describe(vs) {
  return vs.map((v) => {
    const shown = v.nodes.slice(0, 2).map((n) => clip(n.html)).join(' | ');
    const more = v.nodes.length > 2 ? ` and ${v.nodes.length - 2} more` : '';
    return `${v.id} (${v.impact}: ${v.help}) on ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}: ${shown}${more}`;
  }).join('; ');
}

/**
 * Opens `file` of `site`, searches `query` if any (leaving the results shown, the focus in the
 * box), audits the page, saves every violation and fails on any.
 */
async function audit(t, { site, file = '', query, label }) {
  const page = await t.page();
  await openReady(page, t.url(site, file));
  if (query) await searchFor(page, query);
  const vs = await axe(page);
  const name = `axe-${label}.json`;
  t.save(name, JSON.stringify(vs, null, 2));
  const links = await page.$$eval('.fahras-result a[href]', (as) => as.length);
  t.note(`${vs.length} violation${vs.length === 1 ? '' : 's'} (${vs.map((v) => v.id).join(', ') || 'none'}); ${links} result links; details in ${name}`);
  const ofPage = vs.filter((v) => v.of === 'page');
  const ofWidget = vs.filter((v) => v.of === 'widget');
  const where = `${site}/${file || 'index.html'}${query ? ` with «${query}»` : ''}`;
  const parts = [];
  if (ofPage.length) parts.push(`the page (www/${file || 'index.html'}, www/style.css) has ${ofPage.length}: ${describe(ofPage)}`);
  if (ofWidget.length) parts.push(`the widget (src/web/widget.rs, www/fahras.css) has ${ofWidget.length}: ${describe(ofWidget)}`);
  if (parts.length) throw new Failure(`${where}: expected no axe-core violation; ${parts.join('. And ')}`);
}

test('a11y: the demo page, ready (axe-core)', (t) => audit(t, { site: 'demo', label: 'demo-ready' }));

test('a11y: the demo page with results, titles without links (axe-core)', (t) =>
  audit(t, { site: 'demo', query: 'حكومة', label: 'demo-results' }));

test('a11y: embed.html, ready (axe-core)', (t) => audit(t, { site: 'demo', file: 'embed.html', label: 'embed-ready' }));

test('a11y: embed.html with results, titles without links (axe-core)', (t) =>
  audit(t, { site: 'demo', file: 'embed.html', query: 'طرا', label: 'embed-results' }));

test('a11y: the demo page with results whose titles are links (split site, axe-core)', (t) =>
  audit(t, { site: 'split', query: 'طرابلس', label: 'links-results' }));

test('a11y: embed.html with results whose titles are links (split site, axe-core)', (t) =>
  audit(t, { site: 'split', file: 'embed.html', query: 'طرابلس', label: 'links-embed-results' }));
