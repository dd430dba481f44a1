// Sinh Ảnh's service worker: the app opens, with the gallery this browser
// keeps, when the network does not answer (a phone offline).
//
// It handles only the app's own files, by name, under its scope: the page,
// the files beside it, and the build's files (a hash in their names: never
// changed, only replaced). Nothing else passes through it: no request that
// carries a key, no other page of the same site, and no request to another
// origin (the gateway's). So no answer of the gateway's is ever kept.
//
// The page and the files beside it come from the network whenever it
// answers in time (a new deployment is used as soon as the browser's own
// copy of the page is stale); the build's files from what is kept. A new
// page replaces the one kept for offline only once every file it names is
// kept too, and then an older build's files go.
'use strict';

const SCOPE = new URL(self.registration.scope);
const CACHE = `sinh-anh ${SCOPE.pathname}`;
// What a page names of its build (scanned), and a build file's name (tested).
const NAMED = /sinh-anh-[0-9a-f]+(?:_bg\.wasm|\.js)|app-[0-9a-f]+\.css/g;
const BUILT = /^(?:sinh-anh-[0-9a-f]+(?:_bg\.wasm|\.js)|app-[0-9a-f]+\.css)$/;
const BESIDE = ['config.json', 'manifest.webmanifest', 'icon.svg', 'sw-register.js'];
// The page as kept for offline, and a newer one waiting for its files.
const PAGE = SCOPE.href;
const NEXT = `${SCOPE.href}?next`;
// A file is the same file whatever encoding it came in.
const ANY = { ignoreVary: true };
// How long a file that is kept waits for the network before the kept copy
// is used: a phone with a connection that carries nothing ("lie-fi") would
// otherwise show a blank page for the browser's own timeout, minutes. What
// the network sends later is still kept, for the next visit.
const PATIENCE_MS = 3000;

// The file a request asks for, when it is one of the app's: its name.
function appFile(request) {
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  const name = url.pathname.slice(SCOPE.pathname.length);
  if (request.mode === 'navigate') return name === '' || name === 'index.html' ? 'page' : null;
  return BESIDE.includes(name) || BUILT.test(name) ? name : null;
}

// (A redirected answer cannot answer a navigation: never kept.)
function keepable(response) {
  return response.status === 200 && response.type === 'basic' && !response.redirected;
}

function namedIn(html) {
  return [...new Set(html.match(NAMED) || [])];
}

// A page waiting (NEXT) becomes the one kept once all it names is kept;
// then the files of older builds go. One at a time: two at once could keep
// a page whose files the other has just let go.
let promoting = Promise.resolve();
function promote(cache) {
  promoting = promoting.then(() => promoteNow(cache)).catch(() => {});
  return promoting;
}

async function promoteNow(cache) {
  const next = await cache.match(NEXT, ANY);
  if (!next) return;
  const named = namedIn(await next.clone().text());
  for (const file of named) {
    if (!(await cache.match(new URL(file, SCOPE), ANY))) return;
  }
  await cache.put(PAGE, next);
  await cache.delete(NEXT);
  for (const request of await cache.keys()) {
    const name = new URL(request.url).pathname.split('/').pop();
    if (BUILT.test(name) && !named.includes(name)) await cache.delete(request);
  }
}

// Keeps `file` (a name under the scope) as the server has it now; one that
// is needed and not there throws.
async function keepFile(cache, file, needed) {
  const response = await fetch(new URL(file, SCOPE), { cache: 'no-cache' });
  if (keepable(response)) await cache.put(new URL(file, SCOPE), response);
  else if (needed) throw new Error(`${file}: ${response.status}`);
}

// The build files `page` names that are not kept yet, kept.
async function keepWhatItNames(cache, page) {
  const named = namedIn(await page.clone().text());
  const missing = [];
  for (const file of named) if (!(await cache.match(new URL(file, SCOPE), ANY))) missing.push(file);
  await Promise.all(missing.map(file => keepFile(cache, file, true)));
}

// At install: the page as the server has it now, and all it names, so the
// first visit is enough; a build file missing fails the install, which the
// browser tries again at a later visit. The files beside the page are kept
// when there (a host may serve no config.json).
async function keepTheApp() {
  const cache = await caches.open(CACHE);
  const page = await fetch(PAGE, { cache: 'no-cache' });
  if (!keepable(page)) throw new Error(`the page: ${page.status}`);
  await Promise.all([keepWhatItNames(cache, page), ...BESIDE.map(f => keepFile(cache, f, false))]);
  await cache.put(NEXT, page);
  await promote(cache);
}

// The answer to one of the app's files. `keeping` is given, once, the work
// of keeping the network's copy, which may end after the page has its
// answer (when the kept copy was used meanwhile).
async function answer(event, file, keeping) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  const kept = () => cache.match(file === 'page' ? PAGE : request, ANY);
  if (BUILT.test(file)) {
    const copy = await kept();
    if (copy) return copy;
  }
  const network = (async () => {
    // The page's request went out while the worker was starting (the
    // navigation preload): a visit waits for the slower of the two, not
    // for both one after the other.
    const preloaded = file === 'page' ? await event.preloadResponse : undefined;
    const response = preloaded || (await fetch(request));
    // Copied before anyone reads it.
    return { response, copy: keepable(response) ? response.clone() : null };
  })();
  const fresh = network.then(({ response }) => response);
  let timer;
  const late = new Promise(resolve => (timer = setTimeout(resolve, PATIENCE_MS)))
    .then(kept)
    .then(copy => copy || fresh);
  const served = Promise.race([fresh, late]).finally(() => clearTimeout(timer));
  keeping(
    network.then(async ({ response, copy }) => {
      if (!copy) return;
      await cache.put(file === 'page' ? NEXT : request, copy);
      // A new page that came too late to be shown brings its build files
      // (no page asks for them), or it would never be the one kept.
      if (file === 'page' && (await served.catch(() => null)) !== response) {
        const next = await cache.match(NEXT, ANY);
        if (next) await keepWhatItNames(cache, next);
      }
      await promote(cache);
    }),
  );
  try {
    return await served;
  } catch (offline) {
    return (await kept()) || Response.error();
  }
}

self.addEventListener('install', event => {
  event.waitUntil(keepTheApp().then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(
    (async () => {
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('authorization') || request.headers.has('range')) {
    return;
  }
  const file = appFile(request);
  if (!file) return;
  // The worker stays up until the network's copy is kept (or not): the
  // promise is handed over now, while the event may still extend its life.
  let keeping;
  event.waitUntil(new Promise(resolve => (keeping = resolve)).catch(() => {}));
  event.respondWith(
    answer(event, file, work => keeping(work)).finally(() => keeping()),
  );
});
