// Headless Chromium (Debian's, never a downloaded one) and pages that watch themselves: every
// console error, uncaught page error, Content-Security-Policy violation and dialog is recorded,
// and a test fails if any of them was not explicitly expected.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.FAHRAS_E2E_CHROMIUM || '/usr/bin/chromium';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
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

/**
 * A browser context for one test case, with its problem log.
 *
 * `allow` entries describe problems that the case provokes on purpose; each is an object with a
 * `kind` ('console' | 'csp'), a `test(problem)` predicate and a `why`. Everything else fails the case.
 */
export class Session {
  constructor(browser, { viewport = { width: 1000, height: 900 }, ...options } = {}) {
    this.browser = browser;
    this.options = { viewport, colorScheme: 'light', locale: 'ar', ...options };
    this.problems = [];
    this.allowed = [];
    this.allowances = [];
    this.pages = [];
  }

  async open() {
    this.context = await this.browser.newContext(this.options);
    this.context.setDefaultTimeout(10000);
    await this.context.exposeBinding('__fahrasE2eCsp', ({ page }, v) => {
      this.record(page, { kind: 'csp', text: `${v.directive} blocked ${v.blocked || '(inline)'} in ${v.page}`, ...v });
    });
    await this.context.addInitScript(CSP_WATCH);
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
    const page = await this.context.newPage();
    this.pages.push(page);
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location();
      this.record(page, { kind: 'console', text: msg.text(), source: loc?.url || '' });
    });
    page.on('pageerror', (err) => this.record(page, { kind: 'pageerror', text: String(err?.stack || err) }));
    page.on('dialog', (d) => {
      this.record(page, { kind: 'dialog', text: `${d.type()} dialog: ${JSON.stringify(d.message())}` });
      d.dismiss().catch(() => {});
    });
    return page;
  }

  /** The problems nobody allowed, as one message, or '' when there are none. */
  unexpectedProblems() {
    return this.problems.map((p) => `${p.kind} on ${p.url}: ${p.text}${p.source ? ` (${p.source})` : ''}`).join('; ');
  }

  async close() {
    await this.context?.close().catch(() => {});
  }
}
