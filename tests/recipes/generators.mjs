// The generators the recipes are tried with: how each one's content is laid out (the articles of
// articles.json, as a site author would write them for that generator), where it writes the
// site, and the url each article gets on the site (relative to the site's root).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../e2e/site.mjs';

const q = (s) => JSON.stringify(s); // a YAML double-quoted string is a JSON string
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const firstLine = (s) => s.split('\n').find((l) => l.trim()) || '';

/** The article's Markdown body: its paragraphs. */
const body = (a) => `${a.body.join('\n\n')}\n`;

/** Jekyll's date: `2025-10-02 09:30:00 +0200`. */
const jekyllDate = (iso) => iso.replace('T', ' ').replace(/([+-]\d\d):(\d\d)$/, ' $1$2');

const run = (cmd, args) => firstLine(execFileSync(cmd, args, { encoding: 'utf8', cwd: REPO }));

export const GENERATORS = {
  hugo: {
    version: () => run('hugo', ['version']),
    output: 'public',
    url: (a) => `articles/${a.slug}/`,
    content: (fx) => fx.articles.map((a) => [
      `content/articles/${a.slug}.md`,
      `---\ntitle: ${q(a.title)}\ndate: ${a.date}\ncategories: [${q(a.section)}]\ntags: [${a.tags.map(q).join(', ')}]\nauthor: ${q(a.author)}\n---\n${body(a)}`,
    ]),
  },
  jekyll: {
    version: () => run('jekyll', ['--version']),
    output: '_site',
    url: (a) => `articles/${a.slug}/`,
    content: (fx) => fx.articles.map((a) => [
      `_posts/${a.date.slice(0, 10)}-${a.slug}.md`,
      `---\ntitle: ${q(a.title)}\ndate: ${jekyllDate(a.date)}\ncategory: ${q(a.section)}\ntags: [${a.tags.map(q).join(', ')}]\nauthor: ${q(a.author)}\n---\n${body(a)}`,
    ]),
  },
  eleventy: {
    version: () => `Eleventy ${run(path.join(REPO, 'node_modules', '.bin', 'eleventy'), ['--version'])}`,
    output: '_site',
    url: (a) => `articles/${a.slug}/`,
    // The site's project has Eleventy installed (npm install --save-dev @11ty/eleventy): this
    // repository's node_modules, where package.json pins it.
    prepare: (site) => fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(site, 'node_modules')),
    content: (fx) => fx.articles.map((a) => [
      `articles/${a.slug}.md`,
      `---\ntitle: ${q(a.title)}\ndate: ${a.date}\nsection: ${q(a.section)}\ntags: [${a.tags.map(q).join(', ')}]\nauthor: ${q(a.author)}\n---\n${body(a)}`,
    ]),
  },
  html: {
    version: () => 'plain HTML, written by hand',
    output: 'public',
    url: (a) => `articles/${a.slug}.html`,
    // Hand-written pages, marked up as docs/recipes/html.md says.
    content: (fx) => [
      ...fx.articles.map((a) => [`public/articles/${a.slug}.html`, htmlArticle(fx, a)]),
      ['public/index.html', htmlPage(fx, '', fx.site.title, `<h1>${esc(fx.site.title)}</h1>\n<p>${esc(fx.site.intro)}</p>\n<ul>\n${
        fx.articles.map((a) => `  <li><a href="articles/${a.slug}.html">${esc(a.title)}</a> — ${esc(a.body[0])}</li>`).join('\n')}\n</ul>`)],
      ['public/about.html', htmlPage(fx, '', `من نحن | ${fx.site.title}`, `<h1>من نحن</h1>\n<p>${esc(fx.site.about)}</p>`)],
    ],
  },
};

/** A hand-written page: `up` is the way to the site's root from the page ('' or '../'). */
function htmlPage(fx, up, title, main, head = '') {
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <link rel="icon" href="data:,">${head}
</head>
<body>
  <header>
    <p><a href="${up || './'}">${esc(fx.site.title)}</a></p>
    <div data-fahras data-index="${up}index.fahras" data-search-page="${up}search/" data-placeholder="ابحث في الأخبار…"></div>
  </header>
  <main>
${main}
  </main>
  <footer><p>${esc(fx.site.footer)}</p></footer>
  <script type="module" src="${up}fahras-embed.js"></script>
</body>
</html>
`;
}

function htmlArticle(fx, a) {
  const head = `
  <meta property="article:published_time" content="${a.date}">
  <meta property="article:section" content="${esc(a.section)}">${a.tags.map((t) => `
  <meta property="article:tag" content="${esc(t)}">`).join('')}`;
  const main = `<article data-fahras-body>
  <h1>${esc(a.title)}</h1>
  <p><time datetime="${a.date}">${a.date.slice(0, 10)}</time> — <span data-fahras-meta="author">${esc(a.author)}</span></p>
${a.body.map((p) => `  <p>${esc(p)}</p>`).join('\n')}
</article>`;
  return htmlPage(fx, '../', `${a.title} | ${fx.site.title}`, main, head);
}
