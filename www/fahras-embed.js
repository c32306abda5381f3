// Fahras: mounts the search widget on every element with a data-fahras attribute.
//
//   <div data-fahras data-index="index.fahras" data-placeholder="ابحث…" data-limit="10"></div>
//   <script type="module" src="fahras-embed.js"></script>
//
// fahras.js, fahras_bg.wasm and fahras.css are found next to this file, wherever the page is.
import init, { mount } from './fahras.js';

const here = import.meta.url;
await init({ module_or_path: new URL('fahras_bg.wasm', here) });
for (const el of document.querySelectorAll('[data-fahras]')) {
  const d = el.dataset;
  mount(el, {
    index: new URL(d.index || 'index.fahras', document.baseURI).href,
    placeholder: d.placeholder,
    label: d.label,
    limit: d.limit,
    excerptWords: d.excerptWords,
    examples: d.examples,
    stylesheet: new URL('fahras.css', here).href,
  });
}
