// One draft open in two tabs: only one edits (Web Locks), the other says so and shows it
// read-only; closing the editor lets the other take over; one draft stays one record.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const READ_ONLY = 'Phiếu này đang được mở ở một thẻ khác — chỉ xem.';

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

async function tabletPage(url) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  const errors = watchErrors(page);
  await page.goto(url);
  await page.locator('h1.pq-title').waitFor();
  return { page, errors };
}

async function answer(page, label, value) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.fill(value);
  await input.press('Tab');
  await page.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
}

test('a draft open in two tabs is edited in one and read-only in the other', async () => {
  // First tab: start the enterprise survey and answer a question.
  const { page: first, errors: firstErrors } = await tabletPage(server.url);
  const card = first.locator('.pq-card', { hasText: 'doanh nghiệp' }).first();
  await card.getByRole('button', { name: 'Bắt đầu' }).click();
  await first.locator('.pq-form').waitFor();
  await answer(first, 'Tên doanh nghiệp', 'Công ty TNHH Hai Thẻ');
  const formUrl = first.url();
  assert.match(formUrl, /#\/form\/[^/]+$/);
  assert.equal(await first.getByText(READ_ONLY).count(), 0);

  // Second tab, same browser profile, same draft: read-only, and it says so.
  const { page: second, errors: secondErrors } = await tabletPage(formUrl);
  await second.locator('.pq-form').waitFor();
  await second.getByText(READ_ONLY).waitFor();
  const name = second.getByLabel('Tên doanh nghiệp').first();
  assert.equal(await name.inputValue(), 'Công ty TNHH Hai Thẻ');
  assert.equal(await name.isDisabled(), true);
  assert.equal(await second.getByLabel('Năm báo cáo').first().isDisabled(), true);
  assert.equal(await second.locator('.pq-page input:not([disabled])').count(), 0);
  const enabledControls = await second
    .locator('.pq-page')
    .evaluate((form) => [...form.querySelectorAll('input, select, textarea, button')]
      .filter((control) => !control.matches(':disabled')).length);
  assert.equal(enabledControls, 0);
  await second.locator('.pq-save', { hasText: 'Chỉ xem' }).waitFor();

  // The first tab still edits and saves.
  await answer(first, 'Năm báo cáo', '2024');
  assert.equal(await first.getByLabel('Năm báo cáo').first().isDisabled(), false);

  // The editor goes away: the other tab, reloaded, edits what the first one saved.
  await first.close();
  await second.reload();
  await second.locator('.pq-form').waitFor();
  const year = second.getByLabel('Năm báo cáo').first();
  await year.waitFor();
  assert.equal(await second.getByText(READ_ONLY).count(), 0);
  assert.equal(await year.isDisabled(), false);
  assert.equal(await year.inputValue(), '2024');
  assert.equal(await second.getByLabel('Tên doanh nghiệp').first().inputValue(), 'Công ty TNHH Hai Thẻ');
  await answer(second, 'Tên doanh nghiệp', 'Công ty TNHH Một Thẻ');

  // One draft, one record.
  await second.getByRole('button', { name: 'Trang chủ' }).click();
  await second.locator('.pq-records', { hasText: 'Công ty TNHH Một Thẻ' }).first().waitFor();
  assert.equal(await second.locator('.pq-records .pq-card').count(), 1);
  await second.locator('.pq-records h2', { hasText: 'Bản nháp (1)' }).waitFor();

  // Leaving the form screen gives the lock back without closing the tab.
  const { page: third, errors: thirdErrors } = await tabletPage(formUrl);
  await third.locator('.pq-form').waitFor();
  await third.getByLabel('Tên doanh nghiệp').first().waitFor();
  assert.equal(await third.getByText(READ_ONLY).count(), 0);
  assert.equal(await third.getByLabel('Tên doanh nghiệp').first().isDisabled(), false);
  await third.close();

  assert.deepEqual(firstErrors, []);
  assert.deepEqual(secondErrors, []);
  assert.deepEqual(thirdErrors, []);
  await second.close();
});
