// axe-core finds no violation on the screens a surveyor uses, at tablet size.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations as violations } from './support/axe.mjs';
import { launchBrowser } from './support/browser.mjs';
import { enterpriseRecord, fixtureAnswers, importRecords } from './support/records.mjs';
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


test('home, a form page showing errors, and the review have no axe violations', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  await page.locator('h1.pq-title').waitFor();
  await page.locator('.pq-card').first().waitFor();
  assert.deepEqual(await violations(page), [], 'home');

  const card = page.locator('.pq-card', { hasText: 'doanh nghiệp' }).first();
  await card.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await page.getByRole('alert').filter({ hasText: 'Vui lòng sửa' }).waitFor();
  assert.deepEqual(await violations(page), [], 'form page with errors');

  const answers = fixtureAnswers('enterprise_valid');
  await importRecords(page, [enterpriseRecord('a11y-review-1', answers)]);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.locator('.pq-card', { hasText: answers.company_name }).getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Xem lại' }).click();
  await page.getByRole('heading', { name: 'Xem lại câu trả lời' }).waitFor();
  assert.deepEqual(await violations(page), [], 'review');
  await page.close();
});

test('at 200 % zoom on a tablet (384 px wide) a matrix page reflows without sideways scrolling', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 384, height: 512 });
  await page.goto(server.url);
  const answers = { ...fixtureAnswers('enterprise_valid'), company_name: 'Công ty Thu Phóng' };
  await importRecords(page, [enterpriseRecord('a11y-zoom-1', answers, { page: 4 })]);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.locator('.pq-card', { hasText: answers.company_name }).getByRole('button', { name: 'Tiếp tục' }).click();
  await page.locator('table.pq-matrix').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
  assert.deepEqual(await violations(page), [], 'matrix page at 200 %');
  await page.close();
});
