// Offline: after one visit online the service worker keeps the app shell, so with the server
// stopped or the network cut the app still loads, opens a form, keeps a draft and finishes a
// survey into the outbox; a new release is picked up on the next load online.
//
// The tests run in order on one browser profile and one server, like a tablet over a day.
import assert from 'node:assert/strict';
import {
  cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const DRAFT_NAME = 'Công ty TNHH Ngoại Tuyến';

let server;
let browser;
let page;
let errors;
// Console errors of the service worker (page errors are in `errors`).
const workerErrors = [];
// Requests the service worker sent to the network and that failed: `URL error`.
const workerFailures = [];
const scratch = mkdtempSync(join(tmpdir(), 'pq-offline-'));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  browser.context.on('console', (message) => {
    if (message.type() === 'error' && !message.page()) workerErrors.push(message.text());
  });
  browser.context.on('requestfailed', (request) => {
    if (request.serviceWorker()) workerFailures.push(`${request.url()} ${request.failure()?.errorText}`);
  });
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  errors = watchErrors(page);
});

after(async () => {
  await browser?.context.setOffline(false);
  await browser?.close();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function showsTheApp() {
  const title = page.locator('h1.pq-title');
  await title.waitFor({ timeout: 30_000 });
  assert.equal(await title.textContent(), 'PQ Survey');
}

async function home() {
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.locator('.pq-records').first().waitFor();
}

// Every path the worker keeps, across its caches.
function cachedPaths() {
  return page.evaluate(async () => {
    const paths = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths.sort();
  });
}

// The index.html the worker would answer with offline.
function cachedIndex() {
  return page.evaluate(async () => (await (await caches.match('/'))?.text()) ?? '');
}

// Asserts that the worker asked the network for the page and got `error`, so what shows came
// from its cache.
function assertLoadedFromCache(error) {
  const wanted = `${page.url().split('#')[0]} net::${error}`;
  assert.ok(workerFailures.includes(wanted), `${wanted} in ${workerFailures}`);
}

function hashOf(html) {
  return /\/pq_app-([0-9a-f]{16,})_bg\.wasm/.exec(html)?.[1];
}

test('pq serve sends the worker and the manifest with their types, to be revalidated', async () => {
  const worker = await fetch(new URL('/sw.js', server.url));
  assert.equal(worker.status, 200);
  assert.match(worker.headers.get('content-type'), /^text\/javascript/);
  assert.equal(worker.headers.get('cache-control'), 'no-cache');
  const manifestResponse = await fetch(new URL('/manifest.webmanifest', server.url));
  assert.equal(manifestResponse.status, 200);
  assert.equal(manifestResponse.headers.get('content-type'), 'application/manifest+json');
  assert.equal(manifestResponse.headers.get('cache-control'), 'no-cache');
  const manifest = await manifestResponse.json();
  assert.equal(manifest.name, 'PQ Survey');
  assert.equal(manifest.start_url, '/');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.theme_color, '#0b6e4f');
  const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.type}`);
  for (const wanted of ['192x192 image/png', '512x512 image/png', 'any image/svg+xml']) {
    assert.ok(sizes.includes(wanted), `the manifest lists a ${wanted} icon: ${sizes}`);
  }
  for (const icon of manifest.icons) {
    const response = await fetch(new URL(icon.src, server.url));
    assert.equal(response.status, 200, icon.src);
    assert.equal(response.headers.get('content-type'), icon.type, icon.src);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (icon.type === 'image/png') {
      const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      assert.equal(`${width}x${height}`, icon.sizes, icon.src);
    }
  }
  const index = await (await fetch(server.url)).text();
  assert.match(index, /<link rel="manifest" href="\/manifest\.webmanifest"/);
  assert.match(index, /<meta name="theme-color" content="#0b6e4f"/);
});

test('one visit online installs the worker, which keeps the whole shell', async () => {
  await page.goto(server.url);
  await showsTheApp();
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true });
      });
    }
    return navigator.serviceWorker.controller.scriptURL;
  });
  assert.equal(controlled, new URL('/sw.js', server.url).href);
  const index = await (await fetch(server.url)).text();
  const hashed = [
    ...new Set([...index.matchAll(/["'](\/[\w-]*[0-9a-f]{10,16}[\w-]*\.(?:js|wasm|css))["']/g)]
      .map((m) => m[1])),
  ];
  assert.equal(hashed.length, 3, `the js, wasm and css trunk made: ${hashed}`);
  assert.ok(hashed.some((path) => path.endsWith('_bg.wasm')), index);
  const wanted = [
    '/', ...hashed, '/manifest.webmanifest',
    '/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon.svg',
  ];
  const cached = await cachedPaths();
  for (const path of wanted) assert.ok(cached.includes(path), `${path} is cached: ${cached}`);
  assert.deepEqual(errors, []);
});

test('with the server stopped, the app loads, opens a form and keeps a draft', async () => {
  await server.halt();
  workerFailures.length = 0;
  await assert.rejects(fetch(server.url));
  await page.reload();
  await showsTheApp();
  assertLoadedFromCache('ERR_CONNECTION_REFUSED');
  const card = page.locator('.pq-card', { hasText: 'doanh nghiệp' }).first();
  await card.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('.pq-form').waitFor();
  const name = page.getByLabel('Tên doanh nghiệp', { exact: false }).first();
  await name.fill(DRAFT_NAME);
  await name.press('Tab');
  await page.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
  await page.reload();
  await page.locator('.pq-form').waitFor();
  assert.equal(await page.getByLabel('Tên doanh nghiệp').first().inputValue(), DRAFT_NAME);
  await home();
  await page.locator('.pq-records', { hasText: DRAFT_NAME }).first().waitFor();
  assert.deepEqual(errors, []);
});

test('with the network cut, a survey is finished and waits in the outbox', async () => {
  await server.restart();
  await page.reload();
  await showsTheApp();
  await browser.context.setOffline(true);
  workerFailures.length = 0;
  await page.reload();
  await showsTheApp();
  assertLoadedFromCache('ERR_INTERNET_DISCONNECTED');
  // The draft kept with the server stopped is still here.
  await page.locator('.pq-records', { hasText: DRAFT_NAME }).first().waitFor();

  // A complete draft (as an export from another tablet) is imported, reviewed and finished.
  const answers = JSON.parse(
    readFileSync(new URL('../fixtures/forms/enterprise_valid.json', import.meta.url), 'utf8'),
  );
  const now = new Date().toISOString();
  const file = join(scratch, 'export.json');
  writeFileSync(file, JSON.stringify({
    format: 'pq-survey-export',
    version: 1,
    exported_at: now,
    records: [{
      id: 'e2e-offline-1', form_id: 'pq-bn285-enterprise', form_version: '2', status: 'draft',
      answers, page: 8, locale: 'vi', created_at: now, updated_at: now, revision: 1,
    }],
  }));
  await page.getByRole('button', { name: 'Cài đặt' }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('status').filter({ hasText: 'Đã nhập +1' }).waitFor();
  await home();
  const draft = page.locator('.pq-card', { hasText: answers.company_name });
  await draft.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Xem lại' }).click();
  await page.getByRole('heading', { name: 'Xem lại câu trả lời' }).waitFor();
  await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
  await page.getByRole('heading', { name: 'Đã hoàn thành phiếu' }).waitFor();
  await page.getByRole('button', { name: 'Về trang chủ' }).click();
  const outbox = page.locator('.pq-records', { hasText: 'Chờ gửi (1)' });
  await outbox.locator('.pq-card', { hasText: answers.company_name }).waitFor();

  // Still offline, a reload shows the same outbox and the earlier draft.
  await page.reload();
  await showsTheApp();
  await outbox.locator('.pq-card', { hasText: answers.company_name }).waitFor();
  await page.locator('.pq-records', { hasText: DRAFT_NAME }).first().waitFor();
  await browser.context.setOffline(false);
  assert.deepEqual(errors, []);
});

test('a new release is picked up on the next load online, then works offline', async () => {
  // A second build: the same files under new hashes, as trunk names a new release.
  const before = await cachedIndex();
  const oldHash = hashOf(before);
  assert.ok(oldHash, before);
  const newHash = oldHash.replace(/[0-9a-f]/g, (d) => ((parseInt(d, 16) + 1) % 16).toString(16));
  const release = join(scratch, 'dist-next');
  cpSync(process.env.PQ_DIST, release, { recursive: true });
  for (const name of readdirSync(release)) {
    if (name.includes(oldHash)) renameSync(join(release, name), join(release, name.replace(oldHash, newHash)));
  }
  const index = join(release, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replaceAll(oldHash, newHash));

  await server.restart({ dist: release });
  await page.reload();
  await showsTheApp();
  const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok((await loaded()).some((name) => name.includes(`pq_app-${newHash}_bg.wasm`)));
  // The worker stores the new shell once all its files are cached, then forgets the old files.
  await page.waitForFunction(async (hash) => {
    const cached = await (await caches.match('/'))?.text();
    return cached?.includes(hash);
  }, newHash, { timeout: 30_000 });
  const cached = await cachedPaths();
  assert.ok(cached.includes(`/pq_app-${newHash}_bg.wasm`), `${cached}`);
  assert.ok(!cached.some((path) => path.includes(oldHash)), `${cached}`);

  // Offline, the new release opens with the records kept before it.
  await browser.context.setOffline(true);
  workerFailures.length = 0;
  await page.reload();
  await showsTheApp();
  assertLoadedFromCache('ERR_INTERNET_DISCONNECTED');
  assert.ok((await loaded()).some((name) => name.includes(`pq_app-${newHash}_bg.wasm`)));
  await page.locator('.pq-records', { hasText: DRAFT_NAME }).first().waitFor();
  await page.locator('.pq-records', { hasText: 'Chờ gửi (1)' }).waitFor();
  await browser.context.setOffline(false);
  assert.deepEqual(errors, []);
  assert.deepEqual(workerErrors, []);
});
