// The form's conditions shape the controls: a hidden choice, row or column is not offered, a
// disabled choice cannot be picked, "None" stands alone, choices follow `choicesOrder`, and a
// dynamic panel entry that `templateVisibleIf` hides is not shown.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { configureSync } from './support/records.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

const FORM = {
  id: 'pq-e2e-conditions', version: 1, locale: 'vi', title: 'Điều kiện',
  pages: [{
    name: 'p',
    elements: [
      { type: 'radiogroup', name: 'size', title: 'Quy mô', choices: [{ value: 'small', text: 'Nhỏ' }, { value: 'large', text: 'Lớn' }] },
      { type: 'checkbox', name: 'tools', title: 'Công cụ', showNoneItem: true, noneText: 'Không áp dụng',
        choices: ['5S', 'Kaizen', { value: 'six_sigma', text: 'Six Sigma', visibleIf: "{size} = 'large'" }] },
      { type: 'dropdown', name: 'market', title: 'Thị trường',
        choicesVisibleIf: "{item} != 'eu' or {size} = 'large'",
        choices: [{ value: 'vn', text: 'Trong nước' }, { value: 'eu', text: 'Châu Âu' },
          { value: 'us', text: 'Hoa Kỳ', enableIf: "{size} = 'large'" }] },
      { type: 'radiogroup', name: 'sorted', title: 'Sắp xếp', choicesOrder: 'asc',
        choices: [{ value: 3, text: 'Cam' }, { value: 1, text: 'Bưởi' }, { value: 2, text: 'Dừa' }] },
      { type: 'matrix', name: 'since', title: 'Từ năm',
        rows: [{ value: '5S', text: 'Áp dụng 5S' }, { value: 'Kaizen', text: 'Áp dụng Kaizen' }],
        columns: [{ value: 'old', text: 'Trước 2023' }, { value: 'new', text: 'Từ 2023' }],
        rowsVisibleIf: '{tools} contains {item}', columnsVisibleIf: "{item} = 'new' or {size} = 'large'" },
      { type: 'matrixdynamic', name: 'certs', title: 'Chứng nhận', rowCount: 1, columns: [
        { name: 'standard', title: 'Tiêu chuẩn', cellType: 'dropdown', choices: [{ value: 'iso', text: 'ISO 9001' }, { value: 'other', text: 'Khác' }] },
        { name: 'other_name', title: 'Tên tiêu chuẩn khác', cellType: 'text', visibleIf: "{row.standard} = 'other'" }] },
      { type: 'paneldynamic', name: 'labs', title: 'Phòng thí nghiệm', templateVisibleIf: "{panel.kind} != 'closed'",
        templateElements: [{ type: 'dropdown', name: 'kind', title: 'Loại', choices: [{ value: 'test', text: 'Thử nghiệm' }, { value: 'closed', text: 'Đã đóng' }] }] },
    ],
  }],
};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('conditions on choices, rows, columns and entries shape the controls', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pq-conditions-'));
  const file = join(dir, 'form.json');
  writeFileSync(file, JSON.stringify(FORM));
  const pq = (...args) => execFileSync(process.env.PQ_BIN, [...args, '--database', server.database], { encoding: 'utf8' });
  pq('forms', 'publish', file);
  const token = pq('token', 'create', '--role', 'surveyor').split('\n')[0].trim();

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 800, height: 1280 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await configureSync(page, server.url, token);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await page.locator('.pq-card', { hasText: 'Điều kiện' }).getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('.pq-form').waitFor();

  const q = (title) => page.locator('.pq-question').filter({ has: page.locator('.pq-question-title').getByText(title, { exact: true }) }).first();
  const labels = async (title) => q(title).locator('.pq-choice span').allTextContents();
  const options = async (title) => (await q(title).locator('select option').allTextContents()).filter((t) => t !== '—');

  // A choice's own visibleIf, and choicesVisibleIf with {item}.
  assert.deepEqual(await labels('Công cụ'), ['5S', 'Kaizen', 'Không áp dụng']);
  assert.deepEqual(await options('Thị trường'), ['Trong nước', 'Hoa Kỳ']);
  // A choice's enableIf: offered, not selectable.
  assert.equal(await q('Thị trường').locator('option', { hasText: 'Hoa Kỳ' }).isDisabled(), true);
  // choicesOrder: asc by text.
  assert.deepEqual(await labels('Sắp xếp'), ['Bưởi', 'Cam', 'Dừa']);
  // rowsVisibleIf: no tool yet, so no row; columnsVisibleIf: only "Từ 2023".
  assert.equal(await q('Từ năm').locator('tbody tr').count(), 0);
  assert.deepEqual(await q('Từ năm').locator('thead th').allTextContents(), ['Từ 2023']);

  await q('Quy mô').getByText('Lớn', { exact: true }).click();
  await q('Công cụ').locator('.pq-choice', { hasText: 'Six Sigma' }).waitFor();
  assert.deepEqual(await labels('Công cụ'), ['5S', 'Kaizen', 'Six Sigma', 'Không áp dụng']);
  assert.deepEqual(await options('Thị trường'), ['Trong nước', 'Châu Âu', 'Hoa Kỳ']);
  assert.equal(await q('Thị trường').locator('option', { hasText: 'Hoa Kỳ' }).isDisabled(), false);
  assert.deepEqual(await q('Từ năm').locator('thead th').allTextContents(), ['Trước 2023', 'Từ 2023']);

  // Ticking tools shows their rows; "None" unticks the others and the reverse.
  await q('Công cụ').getByText('Kaizen', { exact: true }).click();
  await q('Từ năm').locator('tbody tr').first().waitFor();
  assert.deepEqual(await q('Từ năm').locator('tbody th').allTextContents(), ['Áp dụng Kaizen']);
  await q('Công cụ').getByText('Không áp dụng', { exact: true }).click();
  assert.equal(await q('Công cụ').getByLabel('Kaizen', { exact: true }).isChecked(), false);
  assert.equal(await q('Công cụ').getByLabel('Không áp dụng', { exact: true }).isChecked(), true);
  await q('Công cụ').getByText('5S', { exact: true }).click();
  assert.equal(await q('Công cụ').getByLabel('Không áp dụng', { exact: true }).isChecked(), false);
  assert.equal(await q('Công cụ').getByLabel('5S', { exact: true }).isChecked(), true);

  // A matrix column's visibleIf per row: the column appears when a row needs it.
  const certs = q('Chứng nhận');
  assert.deepEqual(await certs.locator('thead th').allTextContents(), ['Tiêu chuẩn']);
  await certs.locator('tbody select').first().selectOption('other');
  await certs.locator('thead th', { hasText: 'Tên tiêu chuẩn khác' }).waitFor();
  assert.deepEqual(await certs.locator('thead th').allTextContents(), ['Tiêu chuẩn', 'Tên tiêu chuẩn khác']);

  // templateVisibleIf: an entry whose kind is "closed" is hidden.
  const labs = page.locator('.pq-dynamic');
  await labs.getByRole('button', { name: 'Thêm' }).click();
  await labs.getByLabel('Loại').selectOption('closed');
  await labs.locator('.pq-entry').first().waitFor({ state: 'hidden' });
  assert.equal(await labs.locator('.pq-entry').first().isVisible(), false);

  assert.deepEqual(errors, []);
  await page.close();
});
