// Finished surveys leave by themselves: filled while the collector is down, sent when it comes
// up, stored once, exported with Vietnamese text intact.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request as httpRequest, createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { configureSync, enterpriseRecord, fixtureAnswers, importRecords } from './support/records.mjs';

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

let collectorAddress;

function startCollector(port, origin) {
  collectorAddress = `http://127.0.0.1:${port}`;
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
  await configureSync(page, collectorUrl, token);

  // A complete survey, finished while the collector is down.
  const answers = fixtureAnswers('enterprise_valid');
  await importRecords(page, [enterpriseRecord('6f1d2c8e-4b7a-4c1e-9a51-3f2b7d9e0a11', answers)]);
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

// Between the app and the collector: the first POST is stored but never answered (the client
// gives up after its 30 s limit), the second is stored but its answer is lost (the connection
// drops), the third gets a 500, the fourth goes through.
function faultyProxy(target) {
  let posts = 0;
  const server = createHttpServer((req, res) => {
    const isPost = req.method === 'POST';
    const attempt = isPost ? ++posts : 0;
    if (attempt === 3) {
      req.resume();
      res.writeHead(500, { 'access-control-allow-origin': req.headers.origin ?? '*' });
      res.end('{"error":"injected failure"}');
      return;
    }
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      if (attempt === 1) {
        answer.resume(); // stored upstream; the app hears nothing and times out
        return;
      }
      if (attempt === 2) {
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, posts: () => posts })));
}

test('a time-out, a lost answer and a server error are retried; the server keeps exactly one copy', async () => {
  const port = await freePort();
  collector?.kill('SIGINT');
  collector = await startCollector(port, new URL(app.url).origin);
  const proxy = await faultyProxy(`http://127.0.0.1:${port}`);
  const proxyUrl = `http://127.0.0.1:${proxy.server.address().port}`;
  const token = pq('token', 'create', '--role', 'surveyor', '--name', 'faults').split('\n')[0].trim();

  const context = browser.context;
  const page = await context.newPage();
  await page.goto(app.url);
  await configureSync(page, proxyUrl, token);
  const answers = { ...fixtureAnswers('enterprise_valid'), company_name: 'Công ty Cổ phần Thử Lỗi Mạng' };
  await importRecords(page, [
    enterpriseRecord('0b8e7a52-93c4-4f0e-8d6b-2a7c1e5f9d33', answers, { status: 'outbox' }),
  ]);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await page.locator('.pq-card', { hasText: answers.company_name }).waitFor();
  await page
    .locator('.pq-records', { hasText: 'Đã gửi' })
    .locator('.pq-card', { hasText: answers.company_name })
    .waitFor({ timeout: 90_000 });
  assert.ok(proxy.posts() >= 4, `posts: ${proxy.posts()}`);
  const csv = join(data, 'faults.csv');
  pq('export', '--form', 'pq-bn285-enterprise', '--format', 'csv', '--out', csv);
  assert.equal(readFileSync(csv, 'utf8').split(answers.company_name).length - 1, 1, 'one copy stored');
  proxy.server.closeAllConnections();
  proxy.server.close();
  await page.close();
});

test('a refused survey shows the server\'s messages and can be fixed and sent again', async () => {
  const token = pq('token', 'create', '--role', 'surveyor', '--name', 'rejects').split('\n')[0].trim();
  const page = await browser.context.newPage();
  await page.goto(app.url);
  await configureSync(page, collectorAddress, token);
  // A wrong check digit, as a tampered client would send it.
  const answers = {
    ...fixtureAnswers('enterprise_valid'), company_name: 'Công ty TNHH Sai Mã Số', tax_code: '2300325765',
  };
  await importRecords(page, [
    enterpriseRecord('3c9a1f47-5e2b-4d8c-b7a0-6e4f2d1c8b95', answers, { status: 'outbox', page: 0 }),
  ]);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  const rejected = page.locator('.pq-records', { hasText: 'Bị từ chối (1)' });
  await rejected.waitFor({ timeout: 30_000 });
  assert.match(await rejected.textContent(), /tax_code: .*chữ số kiểm tra/);
  // Fix it: reopen, correct the code, finish again → accepted as revision 2.
  await rejected.getByRole('button', { name: 'Sửa và gửi lại' }).click();
  const code = page.getByLabel('Mã số doanh nghiệp').first();
  await code.fill('2300325764');
  await code.press('Tab');
  await page.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
  await page.evaluate(() => { location.hash = '#/'; });
  await page.locator('.pq-card', { hasText: answers.company_name }).getByRole('button', { name: 'Tiếp tục' }).click();
  for (let i = 0; i < 12 && (await page.getByRole('button', { name: 'Hoàn thành phiếu' }).count()) === 0; i += 1) {
    const next = page.getByRole('button', { name: /Trang sau|Xem lại/ });
    await next.click();
  }
  await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
  await page.getByRole('button', { name: 'Về trang chủ' }).click();
  await page
    .locator('.pq-records', { hasText: 'Đã gửi' })
    .locator('.pq-card', { hasText: answers.company_name })
    .waitFor({ timeout: 30_000 });
  await page.close();
});

test('an invitation link opens the form with the tax code filled, and resumes it the next time', async () => {
  const lines = execFileSync(process.env.PQ_BIN, [
    'token', 'create', '--role', 'enterprise', '--enterprise', '2300325764', '--form', 'pq-bn285-enterprise',
    '--link', '--base-url', app.url, '--database', database,
  ], { encoding: 'utf8' }).split('\n');
  const link = lines[1].trim();
  assert.match(link, /\/invite#server=.*&token=.*&form=pq-bn285-enterprise&tax_code=2300325764/);
  const page = await browser.context.newPage();
  await page.goto(link);
  await page.locator('.pq-form').waitFor();
  assert.equal(await page.getByLabel('Mã số doanh nghiệp').first().inputValue(), '2300325764');
  assert.doesNotMatch(page.url(), /token=/, 'the token leaves the address bar');
  const first = page.url();
  await page.goto(link);
  await page.locator('.pq-form').waitFor();
  assert.equal(page.url(), first, 'the same draft again');
  await page.close();
});

test('forms the server publishes appear at home and open, kept on the device', async () => {
  const mini = join(data, 'mini.json');
  writeFileSync(mini, JSON.stringify({
    id: 'pq-e2e-mini', version: 1, locale: 'vi',
    title: { default: 'Phiếu thử nghiệm nhỏ', en: 'Small trial form' },
    pages: [{ name: 'p1', elements: [{ type: 'text', name: 'ghi_chu', title: { default: 'Ghi chú', en: 'Note' } }] }],
  }));
  pq('forms', 'publish', mini);
  const token = pq('token', 'create', '--role', 'surveyor', '--name', 'forms').split('\n')[0].trim();
  const page = await browser.context.newPage();
  await page.goto(app.url);
  await configureSync(page, collectorAddress, token);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  const card = page.locator('.pq-card', { hasText: 'Phiếu thử nghiệm nhỏ' });
  await card.waitFor({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByLabel('Ghi chú').waitFor();
  const cached = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('pq-survey');
    open.onsuccess = () => {
      const read = open.result.transaction('forms').objectStore('forms').getAll();
      read.onsuccess = () => resolve(read.result.map((f) => f.id));
      read.onerror = () => reject(read.error);
    };
    open.onerror = () => reject(open.error);
  }));
  assert.ok(cached.includes('pq-e2e-mini'), `cached: ${cached}`);
  await page.close();
});
