// A save that fails is said plainly, with the way out: export the data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser } from './support/browser.mjs';
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

test('when a save fails the person is told, the last saved answer stays, and export is offered', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  const card = page.locator('.pq-card', { hasText: 'doanh nghiệp' }).first();
  await card.getByRole('button', { name: 'Bắt đầu' }).click();
  const name = page.getByLabel('Tên doanh nghiệp').first();
  await name.fill('Công ty Lưu Trước');
  await name.press('Tab');
  await page.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();

  // Another tab opens a newer version of the database: this tab's connection is closed, so
  // its next write fails (as a full disk or a browser refusing storage would make it fail).
  const other = await browser.context.newPage();
  await other.goto(server.url);
  await other.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('pq-survey', 99);
    open.onupgradeneeded = () => {};
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
  }));
  await other.close();

  await name.fill('Công ty Lưu Sau');
  await name.press('Tab');
  const alert = page.getByRole('alert').filter({ hasText: 'Không lưu được thay đổi mới nhất' });
  await alert.waitFor();
  // Export still works: every record as last saved, in one file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Xuất dữ liệu của tôi' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(exported.records.map((r) => r.answers.company_name), ['Công ty Lưu Trước']);
  // The stored record still holds the last good answer.
  const stored = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('pq-survey');
    open.onsuccess = () => {
      const read = open.result.transaction('records').objectStore('records').getAll();
      read.onsuccess = () => resolve(read.result.map((r) => r.answers.company_name));
      read.onerror = () => reject(read.error);
    };
    open.onerror = () => reject(open.error);
  }));
  assert.deepEqual(stored, ['Công ty Lưu Trước']);
  await page.close();
});
