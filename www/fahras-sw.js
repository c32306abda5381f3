// Fahras offline reading: a service worker that keeps what the search pages fetch (the page,
// its scripts and styles, the wasm, the index and the shards of a split index), so that after
// one visit search keeps working with the network off. Registered by fahras-embed.js for a
// widget with data-offline.
//
// Shards are named by their build (…-<build>.fahras): cache first, they never change. Anything
// else: the network first, so a rebuilt site is seen at once, and the cache when offline.
const CACHE = 'fahras-offline-v1';
const IMMUTABLE = /\.fahras\.shards\/[dpqg]\d+-[0-9a-f]{16}\.fahras$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page sends the files it loaded before this worker was in control.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.precache;
  if (!Array.isArray(urls)) return;
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((u) => cache.add(u).catch(() => {})))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (IMMUTABLE.test(url.pathname)) {
      const hit = await cache.match(req);
      if (hit) return hit;
      const resp = await fetch(req);
      if (resp.ok) await cache.put(req, resp.clone());
      return resp;
    }
    try {
      const resp = await fetch(req);
      if (resp.ok) await cache.put(req, resp.clone());
      return resp;
    } catch (err) {
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
