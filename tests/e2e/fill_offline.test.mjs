// A surveyor fills the whole enterprise survey on a tablet with the server switched off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { fillForm } from './support/fill.mjs';
import { fixtureAnswers } from './support/records.mjs';
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

test('the enterprise survey is filled from start to finish with the server off', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.locator('h1.pq-title').waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  await server.halt();
  await page.reload();
  await page.locator('h1.pq-title').waitFor();

  // No certificates: the repeat panel is shown by other tests.
  const answers = { ...fixtureAnswers('enterprise_valid'), has_certificates: false };
  delete answers.certificates;
  await page.locator('.pq-card', { hasText: 'doanh nghiệp' }).first().getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('.pq-form').waitFor();
  await fillForm(page, new URL('../../forms/enterprise.json', import.meta.url).pathname, answers);
  await page.locator('.pq-review', { hasText: '10.800' }).waitFor();
  await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
  await page.getByRole('heading', { name: 'Đã hoàn thành phiếu' }).waitFor();
  await page.getByRole('button', { name: 'Về trang chủ' }).click();
  await page.locator('.pq-records', { hasText: 'Chờ gửi (1)' }).locator('.pq-card', { hasText: answers.company_name }).waitFor();
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|fetch/i.test(e)), []);
  await page.close();
});
