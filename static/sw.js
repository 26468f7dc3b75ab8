// PQ Survey's service worker: keeps the app shell so the app opens with no network at all.
//
// What it keeps, in one Cache Storage cache (it never opens IndexedDB: the surveys a tablet
// holds are the app's own business, and nothing here can touch them):
//   - the shell: index.html (stored under the scope URL, "/") and every file with a content
//     hash that index.html names — trunk's pq_app-<hash>.js, pq_app-<hash>_bg.wasm,
//     main-<hash>.css (the forms are bundled inside the wasm);
//   - the web app manifest and the icons.
// On install it fetches "/" and reads those names out of it, so one visit online is enough to
// work offline afterwards.
//
// How requests are answered:
//   - page loads (navigations): network first, so an online tablet always gets the newest
//     release; after NAVIGATION_TIMEOUT_MS, or when the network fails, the cached index.html
//     (the app routes with the URL's hash, so that one page serves every address);
//   - hashed files: cache first — a hash names one content forever;
//   - the manifest and the icons: the cached copy, refreshed in the background;
//   - the sync API (/api/…), /healthz, other origins and anything not GET: never answered
//     here — the browser sends them as if there were no worker, and they fail offline as they
//     should (the app keeps unsent surveys in its outbox).
//
// How a new release arrives. trunk copies this file unchanged, so a new build does not by
// itself install a new worker; the running worker picks the release up instead. Online, a
// page load gets the new index.html straight from the network, and the page fetches the new
// hashed files (through the cache-first path, which stores them). Meanwhile the worker reads
// that index.html, makes sure every file it names is cached, and only then replaces the cached
// index.html and drops the hashed files no release needs any more. The cached shell is thus
// always whole: the old index.html with the old files, or the new one with the new files —
// an interrupted download leaves the previous release working offline.
// When this file itself changes (edit SHELL_VERSION whenever the caching scheme changes), the
// browser sees it on the next load (it checks sw.js on every navigation, and pq serve sends it
// with `Cache-Control: no-cache`): the new worker precaches the shell into its own cache,
// skipWaiting() and clients.claim() let it take over at once instead of waiting for every tab
// to close, and activate deletes the caches of older versions. Stored records are untouched:
// they live in IndexedDB, which no version of this file opens.

const SHELL_VERSION = 1;
const CACHE_PREFIX = 'pq-shell-';
const CACHE_NAME = `${CACHE_PREFIX}v${SHELL_VERSION}`;
const NAVIGATION_TIMEOUT_MS = 3000;

const SCOPE = new URL(self.registration.scope);
const INDEX_URL = SCOPE.href;
const API_PATH = new URL('api/', SCOPE).pathname;
const HEALTH_PATH = new URL('healthz', SCOPE).pathname;
// The iframe entry for other sites (docs/embedding.md) is its own page, not the app's shell:
// left to the network, so it is never answered with (nor cached as) index.html.
const EMBED_PATH = new URL('embed.html', SCOPE).pathname;
const STATIC_URLS = [
  'manifest.webmanifest',
  'icons/icon.svg',
  'icons/icon-192.png',
  'icons/icon-512.png',
].map((path) => new URL(path, SCOPE).href);

// The same rule as pq serve's `is_hashed_asset`: a part of the file name is 10 or more hex
// digits (`pq_app-0f3a9c1d2b4e5f60_bg.wasm`, `main-9a8b7c6d5e4f3a2b.css`).
function isHashed(pathname) {
  const name = pathname.slice(pathname.lastIndexOf('/') + 1);
  return name.split(/[-_.]/).some((part) => part.length >= 10 && /^[0-9a-fA-F]+$/.test(part));
}

// The hashed files an index.html names (in src/href attributes and in trunk's loader script).
function shellFiles(html) {
  const files = new Set();
  for (const [, value] of html.matchAll(/["']([\w./-]+\.(?:js|wasm|css))["']/g)) {
    const url = new URL(value, SCOPE);
    if (url.origin === SCOPE.origin && isHashed(url.pathname)) files.add(url.href);
  }
  return [...files];
}

// Downloads of files on their way into the cache, by URL: the page and the shell refresh
// asking for the same wasm at once share one download.
const downloads = new Map();

function download(cache, url) {
  let pending = downloads.get(url);
  if (!pending) {
    pending = fetch(url, { credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await cache.put(url, response.clone());
        return response;
      })
      .finally(() => downloads.delete(url));
    downloads.set(url, pending);
  }
  return pending.then((response) => response.clone());
}

async function cachedOrDownload(cache, url) {
  return (await cache.match(url)) ?? download(cache, url);
}

// Stores a fresh index.html once every file it names is cached, then forgets the files of
// older releases. Fails, leaving the cached shell as it was, if any file cannot be fetched.
async function refreshShell(indexResponse) {
  const html = await indexResponse.clone().text();
  const files = shellFiles(html);
  if (files.length === 0) throw new Error('this index.html names no app files');
  const cache = await caches.open(CACHE_NAME);
  await Promise.all([...files, ...STATIC_URLS].map((url) => cachedOrDownload(cache, url)));
  await cache.put(INDEX_URL, indexResponse);
  const keep = new Set(files);
  for (const request of await cache.keys()) {
    if (isHashed(new URL(request.url).pathname) && !keep.has(request.url)) {
      await cache.delete(request);
    }
  }
}

function isAppPage(response) {
  return (
    response.ok &&
    response.type === 'basic' &&
    (response.headers.get('content-type') ?? '').startsWith('text/html')
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const index = await fetch(INDEX_URL, { cache: 'no-cache', credentials: 'same-origin' });
      if (!isAppPage(index)) throw new Error(`${INDEX_URL}: HTTP ${index.status}`);
      await refreshShell(index);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  if (url.pathname.startsWith(API_PATH) || url.pathname === HEALTH_PATH) return;
  if (url.pathname === EMBED_PATH) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(event));
  } else if (isHashed(url.pathname)) {
    event.respondWith(hashedFile(url.href));
  } else if (STATIC_URLS.includes(url.href)) {
    event.respondWith(staticFile(event, url.href));
  }
});

async function navigation(event) {
  const network = fetch(event.request).then((response) => {
    // Refresh the cached shell in the background, whether or not this response wins the race.
    if (isAppPage(response)) event.waitUntil(refreshShell(response.clone()).catch(() => {}));
    return response;
  });
  event.waitUntil(network.catch(() => {}));
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(INDEX_URL);
  if (!cached) return network;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null);
  });
  const online = network.then(
    (response) => (response.ok || response.type === 'opaqueredirect' ? response : null),
    () => null,
  );
  const answer = await Promise.race([online, timeout]);
  clearTimeout(timer);
  return answer ?? cached;
}

async function hashedFile(url) {
  const cache = await caches.open(CACHE_NAME);
  return cachedOrDownload(cache, url);
}

async function staticFile(event, url) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(url);
  const fresh = download(cache, url);
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => {}));
  return cached;
}
