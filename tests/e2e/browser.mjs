// Headless Chromium and Firefox (Debian's, never downloaded ones) driven by puppeteer-core, and
// pages that watch themselves: every console error, uncaught page error, failed request,
// Content-Security-Policy violation and dialog is recorded, and a test fails if any of them was
// not explicitly expected.

import fs from 'node:fs';
import puppeteer from 'puppeteer-core';
import { Page } from './driver.mjs';

/**
 * The browsers the suite runs in. `limits` names what one cannot do, and why: a case that needs
 * it leaves that part out and says so (t.limit).
 */
export const BROWSERS = {
  chromium: {
    executablePath: process.env.FAHRAS_E2E_CHROMIUM || '/usr/bin/chromium',
    launch: (executablePath) => puppeteer.launch({
      browser: 'chrome',
      executablePath,
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=ar',
      ],
    }),
    limits: {},
  },
  firefox: {
    executablePath: process.env.FAHRAS_E2E_FIREFOX || '/usr/bin/firefox-esr',
    // Over WebDriver BiDi: Debian has no geckodriver, and puppeteer-core needs none.
    launch: (executablePath) => puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      extraPrefsFirefox: {
        'intl.accept_languages': 'ar',
        'layout.css.prefers-color-scheme.content-override': 1, // light, as in Chromium
      },
    }),
    limits: {
      colorScheme: 'Firefox over WebDriver BiDi cannot emulate prefers-color-scheme (a CDP-only feature in Puppeteer)',
      mobile: 'Firefox over WebDriver BiDi emulates the viewport and the pixel ratio, not a mobile browser (isMobile) nor a touch screen (hasTouch)',
    },
  },
};

export async function launch(name) {
  const b = BROWSERS[name];
  if (!b) throw new Error(`unknown browser ${name}; the suite knows ${Object.keys(BROWSERS).join(', ')}`);
  if (!fs.existsSync(b.executablePath)) throw new Error(`no ${name} at ${b.executablePath}: scripts/setup test installs it`);
  const raw = await b.launch(b.executablePath);
  return { name, raw, limits: b.limits, version: await raw.version() };
}

// Runs in every page before its own scripts: records CSP violations on window (for explicit
// assertions) and reports them to the runner (so that none is lost when a page navigates).
const CSP_WATCH = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const v = { directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                line: e.lineNumber, sample: e.sample, page: location.href };
    window.__cspViolations.push(v);
    try { window.__fahrasE2eCsp(v); } catch (_) {}
  }, true);
})();`;

// A request the browser gave up on itself (a page navigating away, a reload): not a failure.
const ABORTED = /^(net::ERR_ABORTED|NS_BINDING_ABORTED)$/;
// Chromium's console echo of a failed request, which the request events record in both browsers.
const LOAD_FAILED = /^Failed to load resource: /;

const globToRegExp = (glob) =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*|\*/g, (s) => (s === '**' ? '.*' : '[^/]*'))}$`);

/**
 * A browser context for one test case, with its problem log.
 *
 * `allow` entries describe problems that the case provokes on purpose; each is an object with a
 * `kind` ('console' | 'pageerror' | 'network' | 'csp' | 'dialog'), a `test(problem)` predicate
 * and a `why`. Everything else fails the case. A 'network' problem is a response with an HTTP
 * error status (`status`) or a request that failed (`error`); `source` is its URL.
 */
export class Session {
  /** `link` is the relay the pages reach the server through (link.mjs). */
  constructor(browser, link, { viewport = { width: 1000, height: 900 }, isMobile = false, hasTouch = false, deviceScaleFactor = 1 } = {}) {
    this.browser = browser;
    this.link = link;
    this.viewport = { ...viewport, isMobile, hasTouch, deviceScaleFactor };
    this.problems = [];
    this.allowed = [];
    this.allowances = [];
    this.pages = [];
    this.offline = false;
    this.notes = [];
    if ((isMobile || hasTouch) && browser.limits.mobile) this.notes.push(`viewport ${viewport.width}×${viewport.height} only: ${browser.limits.mobile}`);
    const session = this;
    /** What the cases use as their browser context (t.context). */
    this.context = {
      /** The network off for every page and worker of the browser, as Playwright's context.setOffline. */
      async setOffline(on) {
        session.offline = on;
        session.link.setOffline(on);
        for (const page of session.pages) if (!page.isClosed()) await page.raw.setOfflineMode(on);
      },
      /**
       * Playwright's context.route (a glob: `*` within a path segment, `**` across them), with
       * route.continue() and route.abort(): the request waits at the link until the handler
       * lets it through.
       */
      async route(glob, handler) {
        session.link.hold((url) => globToRegExp(glob).test(url), handler);
      },
      /** Every open page (tab) of the context, the case's own and those its pages opened. */
      pages() {
        return session.raw.pages();
      },
    };
  }

  async open() {
    this.raw = await this.browser.raw.createBrowserContext();
    return this;
  }

  /** Lets the case provoke a problem on purpose (see the class comment). */
  allow(kind, why, test) {
    this.allowances.push({ kind, why, test });
  }

  record(page, problem) {
    const url = page && !page.isClosed() ? page.url() : '(closed page)';
    const p = { url, ...problem };
    const allowance = this.allowances.find((a) => a.kind === p.kind && a.test(p));
    if (allowance) this.allowed.push({ ...p, why: allowance.why });
    else this.problems.push(p);
  }

  async newPage() {
    const raw = await this.raw.newPage();
    const page = new Page(raw);
    this.pages.push(page);
    raw.setDefaultTimeout(10000);
    raw.on('console', (msg) => {
      if (msg.type() !== 'error' || LOAD_FAILED.test(msg.text())) return;
      this.record(page, { kind: 'console', text: msg.text(), source: msg.location()?.url || '' });
    });
    raw.on('pageerror', (err) => this.record(page, { kind: 'pageerror', text: String(err?.message ?? err), stack: err?.stack }));
    raw.on('response', (r) => {
      if (r.status() >= 400) this.record(page, { kind: 'network', text: `HTTP ${r.status()} for ${r.url()}`, source: r.url(), status: r.status() });
    });
    raw.on('requestfailed', (r) => {
      const error = r.failure()?.errorText || 'failed';
      if (!ABORTED.test(error)) this.record(page, { kind: 'network', text: `${r.url()} failed: ${error}`, source: r.url(), error });
    });
    raw.on('dialog', (d) => {
      this.record(page, { kind: 'dialog', text: `${d.type()} dialog: ${JSON.stringify(d.message())}` });
      d.dismiss().catch(() => {});
    });
    await raw.exposeFunction('__fahrasE2eCsp', (v) => {
      this.record(page, { kind: 'csp', text: `${v.directive} blocked ${v.blocked || '(inline)'} in ${v.page}`, ...v });
    });
    await raw.evaluateOnNewDocument(CSP_WATCH);
    await raw.setViewport(this.browser.limits.mobile ? { ...this.viewport, isMobile: false, hasTouch: false } : this.viewport);
    if (!this.browser.limits.colorScheme) await raw.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    if (this.offline) await raw.setOfflineMode(true);
    return page;
  }

  /** The problems nobody allowed, as one message, or '' when there are none. */
  unexpectedProblems() {
    return this.problems.map((p) => `${p.kind} on ${p.url}: ${p.text}${p.source && !p.text.includes(p.source) ? ` (${p.source})` : ''}`).join('; ');
  }

  async close() {
    this.link.reset();
    await this.raw?.close().catch(() => {});
  }
}
