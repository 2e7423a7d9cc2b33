// The lab's service worker: after the first visit the lab works offline.
// scripts/finish-dist.mjs writes dist/sw.js from this file, filling in
// VERSION (a hash of every file it lists, so each deploy that changes a file
// gets a new cache) and FILES (the lab's files, relative to this script).
// Lifecycle as the Service Worker spec and MDN describe it: `install`
// precaches, `activate` deletes this deployment's older caches and
// `clients.claim()` takes the open page, `fetch` answers from the cache first.
const VERSION = '__VERSION__';
const FILES = __FILES__;

// Caches are per origin, and one origin may host several copies of the lab
// (two courses, two sub-paths): each copy's caches are named by its scope.
const PREFIX = `cslab ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  // skipWaiting: the new version takes over at once, so a deploy reaches a
  // learner on the next load after the browser has fetched the new sw.js.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    // A page's address carries its lesson and settings (?lesson=...): every
    // one of them is the same index.html.
    const cached = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    // Not precached (the benchmark page in bench/, which learners seldom
    // open, is 500 KB): from the network, kept for the next time offline.
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  }));
});
