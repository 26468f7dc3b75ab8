// A surveyor's path through the app: autosave and reload, errors, language, import, finish.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { enterpriseRecord, fixtureAnswers, importRecords } from './support/records.mjs';

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

async function tabletPage() {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.locator('h1.pq-title').waitFor();
  return { page, errors };
}

async function startEnterprise(page) {
  const card = page.locator('.pq-card', { hasText: 'doanh nghiệp' }).first();
  await card.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('.pq-form').waitFor();
}

async function answer(page, label, value) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.fill(value);
  await input.press('Tab');
}

test('every change is kept: a reload reopens the same page with the same answers', async () => {
  const { page, errors } = await tabletPage();
  await startEnterprise(page);
  await answer(page, 'Năm báo cáo', '2024');
  await answer(page, 'Tên doanh nghiệp', 'Công ty TNHH An Phát');
  await page.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
  assert.match(page.url(), /#\/form\//);
  await page.reload();
  await page.locator('.pq-form').waitFor();
  assert.equal(await page.getByLabel('Tên doanh nghiệp').first().inputValue(), 'Công ty TNHH An Phát');
  assert.equal(await page.getByLabel('Năm báo cáo').first().inputValue(), '2024');
  // The draft is listed at home with the respondent's name.
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  const card = page.locator('.pq-records .pq-card', { hasText: 'Công ty TNHH An Phát' }).first();
  await card.waitFor();
  assert.match(await card.textContent(), /Tiến độ: [1-9]\d?%/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('next is blocked by errors, which are shown and focused', async () => {
  const { page, errors } = await tabletPage();
  await startEnterprise(page);
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi' }).waitFor();
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'));
  assert.equal(focused, 'true');
  assert.ok(await page.locator('.pq-errors li', { hasText: 'Vui lòng trả lời câu hỏi này.' }).count() > 0);
  assert.match(await page.locator('.pq-page-position').textContent(), /Trang 1/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the interface and the form switch to English', async () => {
  const { page } = await tabletPage();
  await startEnterprise(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Next' }).waitFor();
  assert.ok(await page.getByLabel('Enterprise name').count() > 0);
  // The drafts list follows the language at once, without a reload.
  await page.getByRole('button', { name: 'Home' }).click();
  const card = page.locator('.pq-records .pq-card').first();
  await card.filter({ hasText: 'Last edited' }).waitFor();
  assert.match(await card.textContent(), /Enterprise productivity and quality survey.*Progress: \d+%/);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await card.filter({ hasText: 'Sửa lần cuối' }).waitFor();
  assert.match(await card.textContent(), /Phiếu khảo sát.*Tiến độ: \d+%/);
  await page.close();
});

test('an imported draft is reviewed, finished and moved to the outbox', async () => {
  const answers = fixtureAnswers('enterprise_valid');
  const record = enterpriseRecord('e2e-import-1', answers);
  const { page, errors } = await tabletPage();
  await importRecords(page, [record]);
  // Importing the same file again adds nothing.
  await importRecords(page, [record], 0);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  const draft = page.locator('.pq-card', { hasText: answers.company_name });
  await draft.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Xem lại' }).click();
  await page.getByRole('heading', { name: 'Xem lại câu trả lời' }).waitFor();
  // The summary indicators appear in the review: value added by the income approach, 10 800.
  await page.locator('.pq-review', { hasText: '10.800' }).waitFor();
  await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
  await page.getByRole('heading', { name: 'Đã hoàn thành phiếu' }).waitFor();
  await page.getByRole('button', { name: 'Về trang chủ' }).click();
  const outbox = page.locator('.pq-records', { hasText: 'Chờ gửi (1)' });
  await outbox.locator('.pq-card', { hasText: answers.company_name }).waitFor();
  assert.equal(await page.locator('.pq-records', { hasText: 'Bản nháp' }).locator('.pq-card', { hasText: answers.company_name }).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('exported data imports into a fresh browser profile with the same records', async () => {
  const { page } = await tabletPage();
  const answers = { ...fixtureAnswers('enterprise_valid'), company_name: 'Công ty Xuất Nhập Dữ Liệu' };
  await importRecords(page, [enterpriseRecord('e2e-export-1', answers)]);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Xuất toàn bộ dữ liệu (JSON)' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.format, 'pq-survey-export');
  const ids = exported.records.map((r) => r.id).sort();
  assert.ok(ids.includes('e2e-export-1'));
  await page.close();

  const fresh = await launchBrowser();
  try {
    const other = await fresh.context.newPage();
    await other.goto(server.url);
    await other.locator('h1.pq-title').waitFor();
    await other.getByRole('button', { name: 'Cài đặt', exact: true }).click();
    await other.locator('input[type=file]').setInputFiles(await download.path());
    await other.getByRole('status').filter({ hasText: `Đã nhập +${ids.length}` }).waitFor();
    await other.getByRole('button', { name: 'Trang chủ' }).click();
    await other.locator('.pq-card', { hasText: 'Công ty Xuất Nhập Dữ Liệu' }).waitFor();
    const count = await other.locator('.pq-records .pq-card').count();
    assert.equal(count, ids.length, 'every exported record, once');
  } finally {
    await fresh.close();
  }
});

test('a long list shows 50 cards and the rest on "show more"', async () => {
  const { page, errors } = await tabletPage();
  const answers = fixtureAnswers('enterprise_valid');
  const records = Array.from({ length: 60 }, (_, i) => enterpriseRecord(
    `e2e-many-${String(i).padStart(2, '0')}`,
    { ...answers, company_name: `Công ty số ${i}` },
    { status: 'sent' },
  ));
  await importRecords(page, records);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  const sent = page.locator('section[aria-labelledby="pq-list-sent"]');
  await sent.getByRole('heading', { name: /\(60\)$/ }).waitFor();
  const cards = sent.locator('li.pq-card');
  await cards.nth(49).waitFor();
  assert.equal(await cards.count(), 50);
  await sent.getByRole('button', { name: 'Xem thêm 10 (còn 10)' }).click();
  await cards.nth(59).waitFor();
  assert.equal(await cards.count(), 60);
  assert.equal(await sent.getByRole('button', { name: /Xem thêm/ }).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
