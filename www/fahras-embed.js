// Fahras in a page: the search box, the search page, and the words marked in the article a
// reader opened from a result. The WebAssembly (fahras.js + fahras_bg.wasm) searches; this file
// downloads, draws and keeps the state. A site's whole interface is markup:
//
//   <div data-fahras data-index="/index.fahras"></div>                       the search box
//   <div data-fahras="page" data-index="/index.fahras"></div>                the search page (?q=…)
//   <script type="module" src="/fahras-embed.js"></script>
//
// Options, as data attributes: data-index, data-placeholder, data-label, data-limit,
// data-excerpt-words, data-examples (queries offered before typing, comma-separated),
// data-search-page (the box: Enter opens that page with the query), data-calendar
// (gregory | islamic-umalqura | both), data-digits (latn | arab), data-half-life (days: newer
// articles rank higher), data-offline (a service worker keeps the search for reading offline).
// On an article page, `?fahras=<query>` (added to the links of the results) marks the query's
// words in [data-fahras-body], <article> or <main>, and scrolls to the first.
//
// fahras.js, fahras_bg.wasm(.gz), fahras.css and fahras-sw.js are found next to this file,
// wherever the page is. Corpus text reaches the page only as text nodes, or as the results'
// pre-escaped title_html and excerpt, whose only markup is <mark>.
import init, { Fahras, markSpans } from './fahras.js';

const here = import.meta.url;
const doc = globalThis.document;
const PUBLISH_WHOLE = '; publish index.fahras with index.fahras.shards/ from one build';

// ---------------------------------------------------------------------------------------------
// Text: counts, digits, dates, links.

/** Corpus text for a text node, without the bidi controls that could reorder the page around it. */
export const clean = (s) => String(s ?? '').replace(/[\u202A-\u202E\u2066-\u2069]/g, '');

/** A number in the page's digits (`latn` or `arab`), grouped: 40,004 or ٤٠٬٠٠٤. */
export const number = (n, digits = 'latn') => new Intl.NumberFormat(`ar-u-nu-${digits}`).format(n);

const RESULTS = ['نتيجة واحدة', 'نتيجتان', 'نتائج', 'نتيجة'];
const ARTICLES = ['مقال واحد', 'مقالين', 'مقالات', 'مقالًا'];
/** `n` of a noun with Arabic number agreement: one, two, 3–10, 11 and more. */
export function count(n, [one, two, few, many], digits) {
  if (n === 1) return one;
  if (n === 2) return two;
  return `${number(n, digits)} ${n % 100 >= 3 && n % 100 <= 10 ? few : many}`;
}

/** `YYYY-MM-DD` → days since 1970-01-01, and back. */
const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / 864e5;
const isoDay = (n) => new Date(n * 864e5).toISOString().slice(0, 10);

/** A day (`YYYY-MM-DD`) as Arabic readers read it, in the calendars and digits asked for. */
export function formatDay(iso, calendar = 'gregory', digits = 'latn') {
  const at = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return '';
  const one = (ca) => new Intl.DateTimeFormat(`ar-u-ca-${ca}-nu-${digits}`, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
  return calendar === 'both' ? `${one('gregory')} (${one('islamic-umalqura')})` : one(calendar === 'islamic-umalqura' ? calendar : 'gregory');
}

/**
 * A document URL fit for a link, resolved against `base` (the index's URL: the builder writes
 * URLs relative to the site it indexed), or null: only http(s) (and file: for a page read from
 * disk) become links; javascript:, data: and the rest never, however spelled (browsers drop
 * controls and whitespace inside a scheme, so they are dropped here before looking).
 */
export function linkable(url, base) {
  const s = String(url ?? '').replace(/[\u0000-\u0020\u007f-\u009f\s]/g, '');
  if (!s) return null;
  const colon = /^[^:/?#]*:/.exec(s);
  if (colon && !/^https?:$/i.test(colon[0])) return null;
  try {
    if (!/^(https?|file):$/.test(new URL(base).protocol)) base = doc.baseURI;
    const u = new URL(s, base);
    return /^(https?|file):$/.test(u.protocol) ? u.href : null;
  } catch { return null; }
}

// ---------------------------------------------------------------------------------------------
// Downloads: a few at a time, tried again after a network failure, gunzipped when gzip.

let running = 0;
const waiting = [];
const MAX_DOWNLOADS = 6;

async function gunzip(bytes) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

async function fetchOnce(url, fresh, progress) {
  let resp;
  try {
    resp = await fetch(url, fresh ? { cache: 'no-cache' } : {});
  } catch (e) {
    const why = location.protocol === 'file:' ? ' (the page was opened as a file; browsers do not let such pages download: serve the folder with a web server)' : '';
    throw Object.assign(new Error(`could not download the search index ${url}: ${e.message}${why}`), { network: true });
  }
  if (!resp.ok) {
    throw Object.assign(new Error(`the search index ${url} could not be downloaded: the server answered ${resp.status} ${resp.statusText}; check that the index file was copied next to the page`), { status: resp.status, url });
  }
  const total = Number(resp.headers.get('content-length')) || 0;
  let bytes;
  if (progress && resp.body) {
    const parts = [];
    let got = 0;
    for (const reader = resp.body.getReader(); ;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      progress(got, total);
    }
    bytes = new Uint8Array(got);
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.length; }
  } else {
    bytes = new Uint8Array(await resp.arrayBuffer());
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try { return await gunzip(bytes); } catch (e) { throw new Error(`the file ${url} is not valid gzip: ${e.message}`); }
  }
  return bytes;
}

/** The bytes at `url`; `fresh` asks the HTTP cache to check with the server first. */
export async function download(url, { fresh = false, progress } = {}) {
  if (running >= MAX_DOWNLOADS) await new Promise((go) => waiting.push(go));
  else running++;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetchOnce(url, fresh, progress);
      } catch (e) {
        if (!e.network || attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  } finally {
    const next = waiting.shift();
    if (next) next(); else running--;
  }
}

// ---------------------------------------------------------------------------------------------
// The engine: one per index URL, shared by every widget of the page.

let wasmReady;
/** Starts the WebAssembly (once): from `source` if given, else fahras_bg.wasm.gz next to this file. */
export function ready(source) {
  wasmReady ||= (async () => {
    if (!source && 'DecompressionStream' in self) {
      try {
        const resp = await fetch(new URL('fahras_bg.wasm.gz', here));
        if (resp.ok) {
          const bytes = new Uint8Array(await resp.arrayBuffer());
          source = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes) : bytes; // the server may gunzip it
        }
      } catch { /* the plain file, then */ }
    }
    await init({ module_or_path: source || new URL('fahras_bg.wasm', here) });
  })();
  return wasmReady;
}

/** An open index: `search` fetches what a split index lacks, and moves to a new build when one is published. */
export class Index {
  constructor(engine, url = '') {
    this.engine = engine;
    this.url = url;
    this.base = `${url.split(/[?#]/)[0]}.shards/`;
    this.inflight = new Map();
  }

  /** Downloads and opens the index at `url` (a whole index, or the manifest of a split index). */
  static async load(url, progress) {
    const [bytes] = await Promise.all([download(url, { progress }), ready()]);
    return new Index(Fahras.open(bytes), url);
  }

  /** Opens the bytes of a whole index. */
  static async fromBytes(bytes) {
    await ready();
    return new Index(Fahras.open(bytes));
  }

  get documents() { return this.engine.documents; }
  get isSplit() { return this.engine.isSplit; }
  get build() { return this.engine.build; }

  shard(name) {
    let p = this.inflight.get(name);
    if (!p) {
      p = download(this.base + name).then((b) => this.engine.addShard(name, b)).finally(() => this.inflight.delete(name));
      this.inflight.set(name, p);
    }
    return p;
  }

  async run(query, options) {
    for (let i = 0; i < 8; i++) {
      const r = this.engine.search(query, options);
      if (!Array.isArray(r)) {
        for (const name of this.engine.prefetch(query)) this.shard(name).catch(() => {});
        return r;
      }
      await Promise.all(r.map((n) => this.shard(n)));
    }
    throw new Error('a search kept needing more shards');
  }

  /**
   * Searches (options: see the README). When a shard cannot be had (a 404, or a file of another
   * build: a deploy landed while the page was open), moves to the build now published and
   * searches once more; only a file the current manifest names and the server lacks is an error.
   */
  async search(query, options = {}) {
    try {
      return await this.run(query, options);
    } catch (e) {
      if (!this.isSplit) throw e;
      if (await this.refresh().catch(() => false)) return this.run(query, options);
      if (e.status) e.message = `the index file ${e.url} is missing: the server answered ${e.status}${PUBLISH_WHOLE}`;
      else if (/another build/.test(e.message)) e.message += PUBLISH_WHOLE;
      throw e;
    }
  }

  /** Asks the server (a conditional request) whether a new build was published, and moves to it. Whether it did. */
  async refresh() {
    if (!this.url) return false;
    const moved = this.engine.swap(await download(this.url, { fresh: true }));
    if (moved) this.inflight.clear();
    return moved;
  }

  /** Keeps the whole of this build for reading offline (the service worker stores it), then drops older saved builds. */
  async saveOffline(progress = () => {}) {
    const urls = [this.url, ...this.engine.shards().map((n) => new URL(this.base + n, doc.baseURI).href)];
    const worker = navigator.serviceWorker?.controller;
    if (!worker) throw new Error('no service worker controls this page');
    await new Promise((done, fail) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = ({ data }) => {
        if (data.error) fail(new Error(data.error));
        else if (data.done) done();
        else progress(data.got, data.all);
      };
      worker.postMessage({ save: { build: this.build, index: this.url, urls } }, [channel.port2]);
    });
    localStorage.setItem(`fahras-saved ${this.url}`, this.build);
  }

  get saved() { try { return localStorage.getItem(`fahras-saved ${this.url}`); } catch { return null; } }
}

const indexes = new Map();
function indexFor(url, progress) {
  if (!indexes.has(url)) indexes.set(url, Index.load(url, progress));
  return indexes.get(url);
}

// ---------------------------------------------------------------------------------------------
// The widget: a box (an ARIA 1.2 combobox) or a search page (a form, filters, a list of links).

let uid = 0;
const h = (tag, cls, text) => {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};
const LABELS = { category: 'القسم' };
const SORTS = [['relevance', 'الأهم'], ['newest', 'الأحدث']];
const PERIODS = [['', 'كل الأوقات', 0], ['day', 'اليوم', 1], ['week', 'هذا الأسبوع', 7], ['month', 'هذا الشهر', 30], ['year', 'هذا العام', 365]];

/**
 * Mounts the widget on `el`. Options (the data attributes, camelCased): index (URL) or indexData
 * (the bytes of a whole index), mode ('box' or 'page'), placeholder, label, limit, excerptWords,
 * examples, searchPage, calendar, digits, halfLife, offline. Returns the widget's state.
 */
export function mount(el, o = {}) {
  const page = o.mode === 'page';
  const id = ++uid;
  const limit = Math.min(Math.max(parseInt(o.limit, 10) || (page ? 20 : 10), 1), 100);
  const excerptWords = Math.min(Math.max(parseInt(o.excerptWords, 10) || 30, 1), 200);
  const digits = o.digits === 'arab' ? 'arab' : 'latn';
  const calendar = o.calendar || 'gregory';
  const halfLife = parseFloat(o.halfLife) > 0 ? parseFloat(o.halfLife) : undefined;
  const examples = String(o.examples || '').split(/[,،]/).map((x) => x.trim()).filter(Boolean).slice(0, 8);
  const indexUrl = o.index ? new URL(o.index, doc.baseURI).href : '';

  const root = h('div', `fahras${page ? ' fahras-page' : ''}`);
  root.dir = 'rtl';
  root.lang = 'ar';
  root.dataset.state = 'loading';
  const form = h(page ? 'form' : 'div', 'fahras-form');
  if (page) form.setAttribute('role', 'search');
  const label = h('label', 'fahras-label', o.label || (page ? 'ابحث في الأخبار' : 'البحث في الموقع'));
  label.htmlFor = `fahras-input-${id}`;
  const field = h('div', 'fahras-field');
  const input = h('input', 'fahras-input');
  Object.assign(input, { id: label.htmlFor, type: 'search', name: 'q', placeholder: o.placeholder || 'ابحث في الأخبار…', autocomplete: 'off', spellcheck: false });
  input.setAttribute('enterkeyhint', 'search');
  input.setAttribute('autocapitalize', 'off');
  const kbd = h('kbd', 'fahras-key', '/');
  kbd.setAttribute('aria-hidden', 'true');
  kbd.title = 'اضغط / أو Ctrl+K للبحث';
  field.append(input, kbd);
  form.append(label, field);
  const progress = h('progress', 'fahras-progress');
  progress.setAttribute('aria-label', 'تحميل فهرس البحث');
  const filters = h('div', 'fahras-filters');
  filters.hidden = true;
  const status = h('div', 'fahras-status', 'جارٍ تحميل فهرس البحث…');
  status.id = `fahras-status-${id}`;
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const list = h(page ? 'ol' : 'ul', 'fahras-results');
  list.id = `fahras-list-${id}`;
  list.setAttribute('aria-label', 'نتائج البحث');
  const more = h('button', 'fahras-more', 'عرض المزيد');
  const save = h('button', 'fahras-save', 'حفظ للقراءة دون اتصال');
  more.type = save.type = 'button';
  more.hidden = save.hidden = true;
  input.setAttribute('aria-describedby', status.id);
  if (!page) {
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    list.setAttribute('role', 'listbox');
    list.hidden = true;
  }
  root.append(form, progress, filters, status, list, more, save);
  el.replaceChildren(root);
  if (o.stylesheet && ![...doc.querySelectorAll('link[rel~=stylesheet]')].some((l) => l.href === o.stylesheet)) {
    doc.head.append(Object.assign(h('link'), { rel: 'stylesheet', href: o.stylesheet }));
  }

  // What the widget shows: the query, filters, sort, range, and how many results are loaded.
  const s = { index: null, q: '', filters: {}, sort: 'relevance', from: '', to: '', shown: 0, total: 0, active: -1, hrefs: [], gen: 0, lastMs: 0, newest: '', used: 0, checked: Date.now() };
  const isBrowsing = () => page && (Object.keys(s.filters).length || s.from || s.to || s.sort !== 'relevance');

  const setState = (state) => { root.dataset.state = state; status.setAttribute('role', 'status'); };
  const showError = (what, e) => {
    root.dataset.state = 'error';
    status.replaceChildren(what, Object.assign(h('code', 'fahras-detail', clean(e?.message ?? e)), { dir: 'ltr', lang: 'en' }));
    status.setAttribute('role', 'alert');
  };
  const suggestionButtons = (queries) => queries.flatMap((q, i) => {
    const b = h('button', 'fahras-suggestion', q);
    b.type = 'button';
    b.dataset.suggestion = q;
    return i ? ['، ', b] : [b];
  });

  // --- The URL: the search page keeps its state there (shareable, and Back and Forward restore it).
  // What the box holds now (a search may still be on its way), and `n` only when more were asked for.
  const toUrl = (n) => {
    const p = new URLSearchParams();
    if (input.value) p.set('q', input.value);
    for (const [f, vs] of Object.entries(s.filters)) for (const v of vs) p.append(f, v);
    if (s.sort !== 'relevance') p.set('sort', s.sort);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    if (n > limit) p.set('n', n);
    const u = new URL(location.href);
    u.search = p.toString();
    return u.href;
  };
  const fromUrl = () => {
    const p = new URLSearchParams(location.search);
    s.q = p.get('q') || '';
    s.sort = p.get('sort') === 'newest' || p.get('sort') === 'oldest' ? p.get('sort') : 'relevance';
    const day = (k) => (/^\d{4}-\d{2}-\d{2}$/.test(p.get(k) || '') ? p.get(k) : '');
    s.from = day('from');
    s.to = day('to');
    s.filters = {};
    for (const [k, v] of p) if (!['q', 'sort', 'from', 'to', 'n', 'fahras'].includes(k) && v) (s.filters[k] ||= []).push(v);
    input.value = s.q;
    return Math.min(Math.max(parseInt(p.get('n'), 10) || limit, limit), 500);
  };
  const remember = (push, n) => {
    if (!page) return;
    const url = toUrl(n);
    try {
      if (url !== location.href) history[push ? 'pushState' : 'replaceState']({ fahras: id }, '', url);
    } catch { /* a page read from disk may not change its URL */ }
  };

  // --- Searching: the results of a search are shown only if no later one started.
  const options = (offset, n) => ({
    limit: n, offset, excerptWords, sort: s.sort, filters: s.filters, facets: page, halfLifeDays: s.sort === 'relevance' ? halfLife : undefined,
    ...(s.from && { from: s.from }), ...(s.to && { to: s.to }),
  });
  async function refresh(n = limit) {
    const gen = ++s.gen;
    s.used = Date.now();
    if (!s.index) return;
    s.q = input.value;
    if (!s.q.trim() && !isBrowsing() && !page) {
      clear();
      setState('ready');
      status.replaceChildren(`اكتب للبحث في ${count(s.index.documents, ARTICLES, digits)}.`, ...(examples.length ? [' جرّب: ', ...suggestionButtons(examples)] : []));
      return;
    }
    const t0 = performance.now();
    let res;
    try {
      res = await s.index.search(s.q.trim() || isBrowsing() ? s.q : '', { ...options(0, n), ...(!s.q.trim() && { sort: s.sort === 'relevance' ? 'newest' : s.sort }) });
    } catch (e) {
      if (gen === s.gen) { clear(); showError('تعذّر البحث: ', e); }
      return;
    }
    if (gen !== s.gen) return;
    s.lastMs = performance.now() - t0;
    clear();
    s.newest = res.newest || s.newest;
    s.total = res.total;
    renderStatus(res);
    if (page) renderFilters(res);
    append(res);
  }
  function clear() {
    list.replaceChildren();
    s.hrefs = [];
    s.shown = 0;
    s.active = -1;
    more.hidden = true;
    if (!page) {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
  }
  function renderStatus(res) {
    const q = res.query.trim();
    // The search page says what its filters left out and the date range, inside the sentence.
    const dropped = page && q && res.total < res.unfiltered_total ? ` من أصل ${number(res.unfiltered_total, digits)} بعد التصفية` : '';
    const range = page && (s.from || s.to) ? `، ${[s.from && `من ${formatDay(s.from, calendar, digits)}`, s.to && `إلى ${formatDay(s.to, calendar, digits)}`].filter(Boolean).join(' ')}` : '';
    const n = count(res.total, RESULTS, digits) + dropped;
    if (!q) {
      setState(res.total ? 'results' : 'empty');
      status.replaceChildren(res.total ? `${count(res.total, ARTICLES, digits)}${range}، الأحدث أولًا.` : `لا مقالات بهذه الشروط${range}.`);
    } else if (!res.total) {
      setState('empty');
      status.replaceChildren(`لا نتائج لـ «${q}»${range}.`, ...(res.suggestions.length ? [' هل تقصد: ', ...suggestionButtons(res.suggestions), '؟'] : []));
    } else {
      setState('results');
      status.replaceChildren(res.rewrite === 'keyboard' ? `${n} لـ «${res.ran_as}»${range}، فقد كُتب «${q}» بلوحة مفاتيح أخرى.`
        : res.rewrite === 'typo' ? `${n} لـ «${res.ran_as}»${range} بعد تصحيح «${q}».`
        : res.rewrite === 'phrase' ? `${n}${range}، وقد تتفرق كلمات العبارة.` : `${n}${range}.`);
    }
    s.ranAs = res.ran_as;
    root.dataset.query = res.query; // which query the results answer (for styles and tests)
  }
  function append(res) {
    for (const hit of res.hits) {
      const n = s.shown++;
      const li = h('li', 'fahras-result');
      li.id = `fahras-opt-${id}-${n}`;
      let href = linkable(hit.url, indexUrl || doc.baseURI);
      // Same-site links carry the query, so the article marks its words.
      if (href && (s.ranAs || '').trim() && new URL(href).origin === location.origin) {
        const u = new URL(href);
        u.searchParams.set('fahras', s.ranAs.trim());
        href = u.href;
      }
      s.hrefs.push(href);
      let title;
      if (page && href) title = Object.assign(h('a', 'fahras-title'), { href });
      else title = h('span', 'fahras-title');
      title.innerHTML = hit.title_html || (hit.title ? '' : '(بلا عنوان)'); // escaped by the search
      if (!title.innerHTML) title.textContent = clean(hit.title);
      if (!page) {
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        if (href) li.dataset.href = href;
      }
      li.append(title);
      const when = hit.day ? formatDay(hit.day, calendar, digits) : clean(hit.date);
      if (when || hit.category.length) {
        const meta = h('div', 'fahras-meta');
        if (when) {
          const t = h('time', 'fahras-date', when);
          t.dateTime = clean(hit.day || hit.date);
          meta.append(t);
        }
        if (hit.category.length) meta.append(h('span', 'fahras-category', clean(hit.category.join('، '))));
        li.append(meta);
      }
      if (hit.excerpt) {
        const p = h('p', 'fahras-excerpt');
        p.innerHTML = hit.excerpt; // escaped by the search
        li.append(p);
      }
      list.append(li);
    }
    more.hidden = s.shown >= s.total;
    if (!page) {
      list.hidden = !s.shown;
      input.setAttribute('aria-expanded', s.shown ? 'true' : 'false');
    }
  }
  async function showMore() {
    const gen = s.gen;
    const before = s.shown;
    let res;
    try { res = await s.index.search(s.q, options(s.shown, limit)); } catch { return; }
    if (gen !== s.gen || before !== s.shown) return;
    append(res);
    remember(true, s.shown);
    list.children[before]?.querySelector('a')?.focus();
  }

  // --- The page's filters: sections with counts, newest/relevance, dates.
  function chips(name, items, pressed, onPick) {
    const g = h('div', 'fahras-chips');
    g.setAttribute('role', 'group');
    g.setAttribute('aria-label', name);
    for (const [value, text] of items) {
      const b = h('button', 'fahras-chip', text);
      b.type = 'button';
      b.setAttribute('aria-pressed', pressed(value) ? 'true' : 'false');
      b.onclick = () => onPick(value);
      g.append(b);
    }
    return g;
  }
  const anchorDay = () => {
    const today = Math.floor(Date.now() / 864e5);
    return s.newest ? Math.min(today, dayNumber(s.newest)) : today;
  };
  const period = ([, , days]) => (days ? [isoDay(anchorDay() - days + 1), isoDay(anchorDay())] : ['', '']);
  const commit = () => { remember(true); refresh(); };
  function renderFilters(res) {
    const groups = [];
    for (const f of res.facets) {
      const picked = s.filters[f.field] || [];
      const values = f.values.map((v) => [v.value, `${clean(v.value)} (${number(v.count, digits)})`]);
      for (const v of picked) if (!f.values.some((x) => x.value === v)) values.push([v, `${clean(v)} (${number(0, digits)})`]);
      if (!values.length) continue;
      const all = ['', 'الكل'];
      groups.push(chips(LABELS[f.field] || f.field, [all, ...values], (v) => (v ? picked.includes(v) : !picked.length), (v) => {
        if (!v) delete s.filters[f.field];
        else s.filters[f.field] = picked.includes(v) ? picked.filter((x) => x !== v) : [...picked, v];
        if (!s.filters[f.field]?.length) delete s.filters[f.field];
        commit();
      }));
    }
    groups.push(chips('الترتيب', SORTS, (v) => s.sort === v || (v === 'newest' && s.sort === 'oldest'), (v) => { s.sort = v; commit(); }));
    const current = PERIODS.find((p) => { const [a, b] = period(p); return a === s.from && b === s.to; });
    const dates = chips('التاريخ', PERIODS, (v) => current?.[0] === v, (v) => {
      [s.from, s.to] = period(PERIODS.find((p) => p[0] === v));
      commit();
    });
    // A custom range: two date fields, applied when changed.
    const custom = h('span', 'fahras-range');
    for (const [k, text] of [['from', 'من'], ['to', 'إلى']]) {
      const l = h('label', '', `${text} `);
      const d = Object.assign(h('input', 'fahras-day'), { type: 'date', value: s[k], max: isoDay(anchorDay()) });
      d.onchange = () => { s[k] = /^\d{4}-\d{2}-\d{2}$/.test(d.value) ? d.value : ''; commit(); };
      l.append(d);
      custom.append(l);
    }
    dates.append(custom);
    groups.push(dates);
    const hadFocus = filters.contains(doc.activeElement) && doc.activeElement.textContent;
    filters.replaceChildren(...groups);
    filters.hidden = false;
    if (hadFocus) [...filters.querySelectorAll('button')].find((b) => b.textContent === hadFocus)?.focus();
  }

  // --- The box: arrows choose, Enter opens, Escape clears.
  const options$ = () => [...list.children];
  function activate(i) {
    const opts = options$();
    opts[s.active]?.setAttribute('aria-selected', 'false');
    opts[s.active]?.classList.remove('is-active');
    s.active = i >= 0 && i < opts.length ? i : -1;
    const li = opts[s.active];
    if (li) {
      li.setAttribute('aria-selected', 'true');
      li.classList.add('is-active');
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }
  const open = (href, e) => {
    if (!href) return;
    if (e && (e.ctrlKey || e.metaKey || e.shiftKey || e.button === 1)) window.open(href, '_blank', 'noopener');
    else location.assign(href);
  };
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const run = () => { remember(false); refresh(); };
    // Debounced only when searches are slow (a slow device, a huge index).
    if (s.lastMs > 30) timer = setTimeout(run, 80); else run();
  });
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const n = s.hrefs.length;
    if (e.key === 'ArrowDown' && n && !page) { e.preventDefault(); activate(s.active < 0 ? 0 : Math.min(s.active + 1, n - 1)); }
    else if (e.key === 'ArrowUp' && n && !page) { e.preventDefault(); activate(s.active - 1); }
    else if (e.key === 'Enter' && !page) {
      e.preventDefault();
      if (s.active < 0 && o.searchPage && input.value.trim()) {
        const u = new URL(o.searchPage, doc.baseURI);
        u.searchParams.set('q', input.value.trim());
        location.assign(u.href);
      } else open(s.hrefs[Math.max(s.active, 0)], e);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (s.active >= 0) activate(-1);
      else if (input.value) { input.value = ''; remember(true); refresh(); }
      else input.blur();
    }
  });
  if (page) form.addEventListener('submit', (e) => { e.preventDefault(); remember(true); refresh(); });
  list.addEventListener('mousemove', (e) => {
    const li = !page && e.target.closest?.('.fahras-result');
    if (li) { const i = options$().indexOf(li); if (i !== s.active) activate(i); }
  });
  list.addEventListener('click', (e) => {
    const li = !page && e.target.closest?.('.fahras-result');
    if (li) open(li.dataset.href, e);
  });
  list.addEventListener('auxclick', (e) => {
    const li = !page && e.button === 1 && e.target.closest?.('.fahras-result');
    if (li) open(li.dataset.href, e);
  });
  status.addEventListener('click', (e) => {
    const q = e.target.dataset?.suggestion;
    if (q == null) return;
    input.value = q;
    input.focus();
    remember(true);
    refresh();
  });
  more.onclick = showMore;
  doc.addEventListener('keydown', (e) => {
    const ctrlK = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k';
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (!ctrlK && !slash) return;
    const t = e.target;
    if (slash && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) return;
    if (doc.querySelector('.fahras-input') !== input) return; // several widgets: the first answers
    e.preventDefault();
    input.focus();
    input.select();
  });
  if (page) {
    addEventListener('popstate', async () => {
      const n = fromUrl();
      await refresh(n);
    });
  }

  // --- A new build: checked when the page comes back into view, and every few minutes while in use.
  const check = async () => {
    if (!s.index || doc.visibilityState === 'hidden' || Date.now() - s.checked < 30e3) return;
    s.checked = Date.now();
    if (await s.index.refresh().catch(() => false)) {
      if (s.q.trim() || isBrowsing() || page) refresh(Math.max(s.shown, limit));
      if (o.offline && s.index.saved && s.index.saved !== s.index.build) saveOffline(); // keep the saved copy whole and current
    }
  };
  addEventListener('focus', check);
  doc.addEventListener('visibilitychange', check);
  setInterval(() => { if (Date.now() - s.used < 10 * 60e3) check(); }, 5 * 60e3);

  // --- Offline: a split index can be saved whole (a whole one is kept by the service worker already).
  async function saveOffline() {
    save.disabled = true;
    save.textContent = 'جارٍ الحفظ…';
    delete save.dataset.saved;
    try {
      await s.index.saveOffline((got, all) => { save.textContent = `جارٍ الحفظ… ${number(got, digits)}/${number(all, digits)}`; });
      markSaved();
    } catch (e) {
      console.warn('Fahras: could not save for offline reading:', e);
      save.textContent = 'تعذّر الحفظ، حاول مرة أخرى';
      save.disabled = false;
    }
  }
  const markSaved = () => {
    save.textContent = '✓ محفوظ للقراءة دون اتصال';
    save.dataset.saved = '';
    save.disabled = true;
  };
  save.onclick = saveOffline;

  // --- Loading.
  (async () => {
    try {
      s.index = o.indexData ? await Index.fromBytes(o.indexData) : await indexFor(indexUrl, (got, total) => {
        if (!total) return;
        progress.max = total;
        progress.value = Math.min(got, total);
        status.textContent = `جارٍ تحميل فهرس البحث… ${number(Math.floor((Math.min(got, total) * 100) / total), digits)}٪`;
      });
    } catch (e) {
      progress.remove();
      showError('تعذّر تحميل البحث: ', e);
      return;
    }
    progress.remove();
    if (o.offline && s.index.isSplit) {
      save.hidden = false;
      if (s.index.saved === s.index.build) markSaved();
      else if (s.index.saved) navigator.serviceWorker?.ready.then(() => saveOffline());
    }
    setState('ready');
    const n = page ? fromUrl() : limit;
    if (page) remember(false, n);
    await refresh(n);
  })();
  return s;
}

// ---------------------------------------------------------------------------------------------
// Destination highlighting: on an article opened from a result (?fahras=…), mark the query's words.

/** Marks the words of `query` in the text of `root` (the analysis the search uses); returns the marks. */
export async function highlight(query, root) {
  await ready();
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('script,style,noscript,textarea,mark,.fahras') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const marks = [];
  for (const node of nodes) {
    const spans = markSpans(query, node.data);
    for (let i = spans.length - 2; i >= 0; i -= 2) {
      const word = node.splitText(spans[i]);
      word.splitText(spans[i + 1] - spans[i]);
      const m = h('mark', 'fahras-mark');
      word.replaceWith(m);
      m.append(word);
      marks.unshift(m);
    }
  }
  marks[0]?.scrollIntoView({ block: 'center' });
  return marks;
}

// ---------------------------------------------------------------------------------------------
// Offline reading: the service worker, and the files it should keep from the start.

async function offline(indexUrls) {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register(new URL('fahras-sw.js', here), { scope: new URL('./', doc.baseURI).href });
  const reg = await navigator.serviceWorker.ready;
  const files = ['fahras.js', 'fahras_bg.wasm.gz', 'fahras-embed.js', 'fahras.css'].map((f) => new URL(f, here).href);
  // What the page loaded before this worker was in control, so it never saw them.
  const links = [...doc.querySelectorAll('link[rel~=stylesheet], link[rel~=icon], link[rel=manifest]')].map((l) => l.href).filter(Boolean);
  reg.active?.postMessage({ precache: [location.href.split('#')[0], ...files, ...links, ...indexUrls] });
}

// ---------------------------------------------------------------------------------------------
// The page: every [data-fahras] element, and the marks of ?fahras=.

if (doc) {
  const wanted = [];
  for (const el of doc.querySelectorAll('[data-fahras]')) {
    const d = el.dataset;
    const index = new URL(d.index || 'index.fahras', doc.baseURI).href;
    if (el.hasAttribute('data-offline')) wanted.push(index);
    mount(el, { ...d, index, mode: d.fahras === 'page' ? 'page' : 'box', offline: el.hasAttribute('data-offline'), stylesheet: new URL('fahras.css', here).href });
  }
  if (wanted.length) offline(wanted).catch((e) => console.warn('Fahras: offline reading is not available:', e));
  const q = new URLSearchParams(location.search).get('fahras');
  const body = doc.querySelector('[data-fahras-body]') || doc.querySelector('article') || doc.querySelector('main');
  if (q && body) highlight(q.slice(0, 200), body).catch((e) => console.warn('Fahras: could not mark the words:', e));
}
