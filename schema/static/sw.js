// Service worker for the verifier page, served at /sw.js with scope /. It keeps /v and its
// assets so a phone that opened the page once can check a credential later with no network.
// The issuer's keys and status lists are not cached here: the page keeps those itself (in
// localStorage, after verifying them) and says how old they are.
//
// Cache first, refreshed in the background: every opening of /v serves the saved copy at once
// and fetches the whole set again; the new set replaces the old only when every file came back,
// so the page and its modules always come from the same release. Nothing else is touched: the
// wallet and the console (same origin, same scope) always use the network.

const CACHE = 'ccr-verifier-v2';
const PAGE = '/v';
// Every file /v loads, including every module v.js and tr1.js import (directly or not): one
// left out would be fetched from the network, and the page would not start offline.
const ASSETS = [
  PAGE,
  '/static/v.js',
  '/static/v-check.js',
  '/static/v-documents.js',
  '/static/v-page.js',
  '/static/v-render.js',
  '/static/v-scan.js',
  '/static/tr1.js',
  '/static/tr1-base45.js',
  '/static/tr1-bytes.js',
  '/static/tr1-cbor.js',
  '/static/tr1-claims.js',
  '/static/tr1-core.js',
  '/static/tr1-cose.js',
  '/static/tr1-inflate.js',
  '/static/tr1-keys.js',
  '/static/tr1-jws.js',
  '/static/tr1-trust.js',
  '/static/tr1-status.js',
  '/static/tr1-time.js',
  '/static/tr1-verify.js',
  '/static/i18n.js',
  '/static/ui.js',
  '/static/app.css',
  '/static/vendor/jsQR.js',
];

async function fetchOne(path) {
  const response = await fetch(path, { cache: 'no-cache', credentials: 'omit' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  // Read the body at once: a response left unread holds its connection, and the set waits.
  const body = await response.arrayBuffer();
  const { status, statusText, headers } = response;
  return new Response(body, { status, statusText, headers });
}

async function fetchAll() {
  return Promise.all(ASSETS.map(fetchOne));
}

async function store(responses) {
  const cache = await caches.open(CACHE);
  await Promise.all(ASSETS.map((path, i) => cache.put(path, responses[i])));
}

async function refresh() {
  try {
    await store(await fetchAll());
  } catch {
    // Offline or mid-release: keep the set we have.
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetchAll().then(store).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('ccr-verifier-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(path, request) {
  const cached = await caches.match(path, { cacheName: CACHE });
  return cached ?? fetch(request);
}

async function isVerifier(clientId) {
  const client = clientId ? await self.clients.get(clientId) : null;
  return client !== null && client !== undefined && new URL(client.url).pathname === PAGE;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !ASSETS.includes(url.pathname)) return;
  if (request.mode === 'navigate') {
    if (url.pathname !== PAGE) return;
    event.respondWith(fromCache(PAGE, request));
    event.waitUntil(refresh());
    return;
  }
  // The shared modules are also loaded by the wallet and the console: only the verifier page
  // gets the saved copies, so those pages never mix releases.
  event.respondWith(
    isVerifier(event.clientId).then((verifier) =>
      verifier ? fromCache(url.pathname, request) : fetch(request),
    ),
  );
});
