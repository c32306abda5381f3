// Fahras offline reading: a service worker that keeps what the search pages fetch (the page, its
// scripts and styles, the wasm, the index and the shards of a split index), so that after one
// visit search keeps working with the network off. Registered by fahras-embed.js for a widget
// with data-offline.
//
// Two kinds of caches:
//  - RUNTIME: what pages fetched. Shards are named by their segment (…-<segment>.fahras) and
//    never change: cache first. Anything else: the network first, so a new build is seen at
//    once, and the cache when offline.
//  - SAVED + build: a whole build of a split index, saved on the reader's request ("save for
//    offline reading"): its manifest and every shard. A new build is saved whole into its own
//    cache, and only then are older saved builds dropped, so offline search never sees a mix of
//    two builds: offline, an index file is answered from the saved build first.
const RUNTIME = 'fahras-offline-v2';
const SAVED = 'fahras-saved-';
const SHARD = /\.fahras\.shards\/[a-z]\d+-[0-9a-f]{16}\.fahras$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) if (key.startsWith('fahras-offline-') && key !== RUNTIME) await caches.delete(key);
  await self.clients.claim();
})()));

async function save({ build, index, urls }, port) {
  const name = SAVED + build;
  const cache = await caches.open(name);
  let got = 0;
  // The manifest last: a build whose manifest is saved is complete.
  const queue = urls.filter((u) => u !== index);
  const worker = async () => {
    for (let url; (url = queue.shift()); ) {
      const hit = SHARD.test(url) && (await caches.match(url));
      if (hit) await cache.put(url, hit);
      else {
        const resp = await fetch(url, { cache: url === index ? 'no-cache' : 'default' });
        if (!resp.ok) throw new Error(`${url}: ${resp.status} ${resp.statusText}`);
        await cache.put(url, resp);
      }
      port.postMessage({ got: ++got, all: urls.length });
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
    queue.push(index);
    await worker();
  } catch (e) {
    await caches.delete(name);
    port.postMessage({ error: String(e.message || e) });
    return;
  }
  // Complete: the older saved builds of this index go.
  for (const key of await caches.keys()) {
    if (key.startsWith(SAVED) && key !== name && (await (await caches.open(key)).match(index))) await caches.delete(key);
  }
  port.postMessage({ done: true });
}

self.addEventListener('message', (event) => {
  const { precache, save: what } = event.data || {};
  if (what && event.ports[0]) event.waitUntil(save(what, event.ports[0]));
  if (Array.isArray(precache)) {
    event.waitUntil(caches.open(RUNTIME).then((cache) => Promise.all(precache.map((u) => cache.add(u).catch(() => {})))));
  }
});

/** The newest saved build's copy of `req`, if any. */
async function fromSaved(req) {
  const keys = (await caches.keys()).filter((k) => k.startsWith(SAVED));
  for (const key of keys.reverse()) {
    const hit = await (await caches.open(key)).match(req, { ignoreSearch: true });
    if (hit) return hit;
  }
  return undefined;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const runtime = await caches.open(RUNTIME);
    if (SHARD.test(url.pathname)) {
      const hit = await caches.match(req);
      if (hit) return hit;
      const resp = await fetch(req);
      if (resp.ok) await runtime.put(req, resp.clone());
      return resp;
    }
    try {
      const resp = await fetch(req);
      if (resp.ok) await runtime.put(req, resp.clone());
      return resp;
    } catch (err) {
      const hit = (url.pathname.endsWith('.fahras') && (await fromSaved(req))) || (await runtime.match(req, { ignoreSearch: true }));
      if (hit) return hit;
      throw err;
    }
  })());
});
