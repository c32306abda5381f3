// Fahras: mounts the search widget on every element with a data-fahras attribute.
//
//   <div data-fahras data-index="index.fahras" data-placeholder="ابحث…" data-limit="10"></div>
//   <script type="module" src="fahras-embed.js"></script>
//
// fahras.js, fahras_bg.wasm(.gz) and fahras.css are found next to this file, wherever the page
// is. With data-offline, a service worker (fahras-sw.js, next to this file) keeps what search
// needs for reading offline, and the widget offers to save the whole index.
import init, { mount } from './fahras.js';

const here = import.meta.url;

// The wasm, fetched gzipped and gunzipped here when the browser can: it then travels
// compressed even from servers that do not compress.
async function wasm() {
  if ('DecompressionStream' in self) {
    try {
      const resp = await fetch(new URL('fahras_bg.wasm.gz', here));
      if (resp.ok) {
        const bytes = new Uint8Array(await resp.arrayBuffer());
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // the server gunzipped it
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Uint8Array(await new Response(stream).arrayBuffer());
      }
    } catch (_) { /* fall back to the plain file */ }
  }
  return new URL('fahras_bg.wasm', here);
}

async function offline(indexes) {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register(new URL('fahras-sw.js', here), { scope: new URL('./', document.baseURI).href });
  const reg = await navigator.serviceWorker.ready;
  const files = ['fahras.js', 'fahras_bg.wasm.gz', 'fahras-embed.js', 'fahras.css'].map((f) => new URL(f, here).href);
  // The page's own styles and icons: loaded before this worker was in control, so it never saw them.
  const links = [...document.querySelectorAll('link[rel~=stylesheet], link[rel~=icon], link[rel=manifest]')]
    .map((l) => l.href).filter(Boolean);
  reg.active?.postMessage({ precache: [location.href.split('#')[0], ...files, ...links, ...indexes] });
}

await init({ module_or_path: await wasm() });
const indexes = [];
let wantsOffline = false;
for (const el of document.querySelectorAll('[data-fahras]')) {
  const d = el.dataset;
  const index = new URL(d.index || 'index.fahras', document.baseURI).href;
  indexes.push(index);
  wantsOffline ||= el.hasAttribute('data-offline');
  mount(el, {
    index,
    placeholder: d.placeholder,
    label: d.label,
    limit: d.limit,
    excerptWords: d.excerptWords,
    examples: d.examples,
    offline: el.hasAttribute('data-offline'),
    stylesheet: new URL('fahras.css', here).href,
  });
}
if (wantsOffline) offline(indexes).catch((e) => console.warn('Fahras: offline reading is not available:', e));
