// Finished surveys leave by themselves: filled while the collector is down, sent when it comes
// up, stored once, exported with Vietnamese text intact.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const FORM = new URL('../../forms/enterprise.json', import.meta.url).pathname;
let app;
let browser;
let collector;
const data = mkdtempSync(join(tmpdir(), 'pq-collector-'));
const database = join(data, 'collector.db');

function pq(...args) {
  return execFileSync(process.env.PQ_BIN, [...args, '--database', database], { encoding: 'utf8' });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

function startCollector(port, origin) {
  const child = spawn(process.env.PQ_BIN, [
    'serve', '--addr', `127.0.0.1:${port}`, '--dist', process.env.PQ_DIST,
    '--database', database, '--allow-origin', origin,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (chunk) => {
      log += chunk;
      if (log.includes('PQ Survey is ready')) resolve(child);
    });
    child.stderr.on('data', (chunk) => { log += chunk; });
    child.on('exit', (code) => reject(new Error(`collector exited ${code}: ${log}`)));
  });
}

before(async () => {
  app = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  collector?.kill('SIGINT');
  await browser?.close();
  await app?.stop();
  rmSync(data, { recursive: true, force: true });
});

test('the outbox empties by itself once the collector is up; one copy stored and exported', async () => {
  pq('forms', 'publish', FORM);
  const token = pq('token', 'create', '--role', 'surveyor', '--name', 'e2e').split('\n')[0].trim();
  const port = await freePort();
  const collectorUrl = `http://127.0.0.1:${port}`;

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Cài đặt' }).click();
  await page.getByLabel('Địa chỉ máy chủ').fill(collectorUrl);
  await page.getByLabel('Mã truy cập').fill(token);
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();

  // A complete survey, finished while the collector is down.
  const answers = JSON.parse(readFileSync(new URL('../fixtures/forms/enterprise_valid.json', import.meta.url), 'utf8'));
  const now = new Date().toISOString();
  const file = join(data, 'export.json');
  writeFileSync(file, JSON.stringify({
    format: 'pq-survey-export', version: 1, exported_at: now,
    records: [{
      id: '6f1d2c8e-4b7a-4c1e-9a51-3f2b7d9e0a11', form_id: 'pq-bn285-enterprise', form_version: '1',
      status: 'draft', answers, page: 8, locale: 'vi', created_at: now, updated_at: now, revision: 1,
    }],
  }));
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('status').filter({ hasText: 'Đã nhập +1' }).waitFor();
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.locator('.pq-card', { hasText: answers.company_name }).getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Xem lại' }).click();
  await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
  await page.getByRole('button', { name: 'Về trang chủ' }).click();
  await page.locator('.pq-records', { hasText: 'Chờ gửi (1)' }).waitFor();

  collector = await startCollector(port, new URL(app.url).origin);
  await page.locator('.pq-records', { hasText: 'Đã gửi (1)' }).waitFor({ timeout: 60_000 });
  await page.locator('.pq-records', { hasText: 'Chờ gửi (0)' }).waitFor();
  assert.match(await page.locator('.pq-sync').textContent(), /Gửi thành công lần cuối: \d{4}-/);

  const csv = join(data, 'out.csv');
  pq('export', '--form', 'pq-bn285-enterprise', '--format', 'csv', '--out', csv);
  const text = readFileSync(csv, 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with BOM');
  assert.equal(text.split(answers.company_name).length - 1, 1, 'exactly one row, Vietnamese intact');
  // Only network errors of the downtime may appear in the console.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|fetch/i.test(e)), []);
  await page.close();
});
