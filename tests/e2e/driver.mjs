// The browser API the cases use: a small part of Playwright's page API (which they were written
// against), over puppeteer-core, so that one set of cases drives Chromium (over the DevTools
// protocol) and Firefox (over WebDriver BiDi) alike. Only what the cases call is here; anything
// else is on `page.raw`, the Puppeteer page.
//
// Events (`page.on('request' | 'requestfinished' | 'requestfailed' | 'framenavigated' | …)`) are
// Puppeteer's, with its objects: `request.response()` is not a promise, a response's bytes are
// `buffer()`.

import { Failure } from './widget.mjs';

/** A Playwright-style key name ('Control+k', 'ArrowDown', '/') pressed through Puppeteer. */
class Keyboard {
  constructor(raw) {
    this.raw = raw;
  }

  async press(combo) {
    const keys = combo.length > 1 ? combo.split('+') : [combo];
    const key = keys.pop();
    for (const m of keys) await this.raw.down(m);
    await this.raw.press(key);
    for (const m of keys.reverse()) await this.raw.up(m);
  }

  type(text, options) {
    return this.raw.type(text, options);
  }
}

/** `page.locator(sel)`, `.nth(i)`, `.locator(sub)`: found anew at each action, like Playwright's. */
class Locator {
  constructor(page, steps) {
    this.page = page;
    this.steps = steps;
  }

  nth(i) {
    const steps = this.steps.slice();
    steps[steps.length - 1] = { ...steps.at(-1), nth: i };
    return new Locator(this.page, steps);
  }

  locator(sel) {
    return new Locator(this.page, [...this.steps, { sel, nth: 0 }]);
  }

  async #with(fn) {
    const handle = await this.page.raw.evaluateHandle((steps) => {
      let el = document;
      for (const { sel, nth } of steps) el = el?.querySelectorAll(sel)[nth];
      return el || null;
    }, this.steps);
    const el = handle.asElement();
    if (!el) {
      await handle.dispose();
      throw new Failure(`no element for ${this.steps.map((s) => `${s.sel}[${s.nth}]`).join(' ')}`);
    }
    try {
      return await fn(el);
    } finally {
      await el.dispose();
    }
  }

  hover() {
    return this.#with((el) => el.hover());
  }

  click() {
    return this.#with((el) => el.click());
  }

  blur() {
    return this.#with((el) => el.evaluate((e) => e.blur()));
  }

  evaluate(fn, arg) {
    return this.#with((el) => el.evaluate(fn, arg));
  }
}

export class Page {
  constructor(raw) {
    this.raw = raw;
    this.keyboard = new Keyboard(raw.keyboard);
    this.mouse = raw.mouse;
  }

  goto(url) {
    return this.raw.goto(url);
  }

  reload() {
    return this.raw.reload();
  }

  /** The driver's record of the page's URL (see location() for after a Back in Firefox). */
  url() {
    return this.raw.url();
  }

  /** The document's own location.href. */
  location() {
    return this.raw.evaluate(() => location.href);
  }

  isClosed() {
    return this.raw.isClosed();
  }

  mainFrame() {
    return this.raw.mainFrame();
  }

  on(event, fn) {
    this.raw.on(event, fn);
    return this;
  }

  off(event, fn) {
    this.raw.off(event, fn);
    return this;
  }

  evaluate(fn, arg) {
    return this.raw.evaluate(fn, arg);
  }

  $eval(sel, fn, arg) {
    return this.raw.$eval(sel, fn, arg);
  }

  $$eval(sel, fn, arg) {
    return this.raw.$$eval(sel, fn, arg);
  }

  click(sel) {
    return this.raw.click(sel);
  }

  hover(sel) {
    return this.raw.hover(sel);
  }

  focus(sel) {
    return this.raw.focus(sel);
  }

  screenshot(options) {
    return this.raw.screenshot(options);
  }

  locator(sel) {
    return new Locator(this, [{ sel, nth: 0 }]);
  }

  inputValue(sel) {
    return this.$eval(sel, (e) => e.value);
  }

  getAttribute(sel, name) {
    return this.$eval(sel, (e, n) => e.getAttribute(n), name);
  }

  textContent(sel) {
    return this.$eval(sel, (e) => e.textContent);
  }

  /**
   * Replaces the field's text with `value` in one edit (one input event, as a paste would), as
   * Playwright's fill does.
   */
  async fill(sel, value) {
    await this.$eval(sel, (e, v) => {
      e.focus();
      e.select();
      document.execCommand(v === '' ? 'delete' : 'insertText', false, v);
    }, value);
  }

  /** Waits until the page is at `url` and its document has been parsed. */
  async waitForURL(url, { timeout = 10000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      // Between two documents there is no context to evaluate in: try again. The document's
      // own location, not the driver's: Firefox's BiDi says nothing of a page restored from the
      // back-forward cache.
      const at = await this.raw.evaluate(() => document.readyState !== 'loading' && location.href).catch(() => false);
      if (at === url) return;
      if (Date.now() > deadline) throw new Failure(`expected the page to go to ${url} within ${timeout} ms; it is at ${at || this.raw.url()}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Only where the browser can: see t.limit('colorScheme'). */
  emulateMedia({ colorScheme }) {
    return this.raw.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
  }
}
