// Sinh Ảnh's service worker: the app opens, with the gallery this browser
// keeps, when the network does not answer (a phone offline). The page and
// the files beside it come from the network whenever it answers, so a new
// deployment is used at once, and are kept as they pass; the build's own
// files (a hash in their names: never changed, only replaced) come from
// what is kept. Requests to any other origin, the gateway's among them,
// never pass through here: no answer and no key is ever kept.
'use strict';

const CACHE = 'sinh-anh';
// The build's files that a page names (Trunk puts a hash in their names).
const BUILT = /sinh-anh-[0-9a-f]+(?:_bg\.wasm|\.js)|app-[0-9a-f]+\.css/g;
const BESIDE = ['config.json', 'manifest.webmanifest', 'icon.svg', 'sw-register.js'];

function keepable(response) {
  return response.status === 200 && response.type === 'basic';
}

function builtIn(html) {
  return [...new Set(html.match(BUILT) || [])];
}

// Files of earlier builds go: the page no longer names them.
async function forgetOthers(cache, named) {
  for (const request of await cache.keys()) {
    const file = new URL(request.url).pathname.split('/').pop();
    if (file.match(BUILT) && !named.includes(file)) await cache.delete(request);
  }
}

// At install: the page and everything it names, so that the first visit
// already opens offline (from the HTTP cache, it loaded them a moment ago).
async function keepTheApp() {
  const cache = await caches.open(CACHE);
  const page = await fetch('./');
  if (!keepable(page)) return;
  const named = builtIn(await page.clone().text());
  await cache.put('./', page);
  await Promise.all(
    [...BESIDE, ...named].map(async file => {
      const response = await fetch(file);
      if (keepable(response)) await cache.put(file, response);
    }),
  );
  await forgetOthers(cache, named);
}

async function fromNetworkElseKept(event) {
  const request = event.request;
  const navigation = request.mode === 'navigate';
  const file = new URL(request.url).pathname.split('/').pop();
  if (!navigation && file.match(BUILT)) {
    const kept = await caches.match(request);
    if (kept) return kept;
  }
  try {
    const response = await fetch(request);
    if (keepable(response)) {
      const copy = response.clone();
      event.waitUntil(
        (async () => {
          const cache = await caches.open(CACHE);
          if (navigation && (response.headers.get('content-type') || '').includes('text/html')) {
            await forgetOthers(cache, builtIn(await copy.clone().text()));
          }
          await cache.put(request, copy);
        })(),
      );
    }
    return response;
  } catch (offline) {
    const kept =
      (await caches.match(request, { ignoreSearch: navigation })) ||
      (navigation && (await caches.match(self.registration.scope)));
    return kept || Response.error();
  }
}

self.addEventListener('install', event => {
  event.waitUntil(keepTheApp().then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (
    request.method !== 'GET' ||
    new URL(request.url).origin !== self.location.origin ||
    request.headers.has('range')
  ) {
    return;
  }
  event.respondWith(fromNetworkElseKept(event));
});
