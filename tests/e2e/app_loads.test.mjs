// The chain works: pq serve serves the release build, the wasm app mounts in Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the release app mounts and shows the product name without console errors', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  const title = page.locator('h1.pq-title');
  await title.waitFor({ timeout: 30_000 });
  assert.equal(await title.textContent(), 'PQ Survey');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hashed assets are immutable and index.html is revalidated', async () => {
  const index = await fetch(server.url);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const wasm = /href="\/?([^"]+_bg\.wasm)"/.exec(html);
  assert.ok(wasm, `index.html names the wasm file:\n${html}`);
  const asset = await fetch(new URL(wasm[1], server.url));
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});

test('healthz reports the database', async () => {
  const health = await fetch(new URL('/healthz', server.url));
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });
});
