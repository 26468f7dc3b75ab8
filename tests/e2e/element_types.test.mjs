// Every element type the engine supports has a working control: a published form with one of
// each is filled through the controls and its review reads back every answer.
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
  id: 'pq-e2e-all-types', version: 1, locale: 'vi', title: 'Mọi loại câu hỏi',
  pages: [{
    name: 'all',
    elements: [
      { type: 'html', name: 'intro', html: '<p class="intro">Giới thiệu</p>' },
      { type: 'text', name: 'year', title: 'Năm', inputType: 'number' },
      { type: 'text', name: 'day', title: 'Ngày', inputType: 'date' },
      { type: 'comment', name: 'note', title: 'Ghi chú' },
      { type: 'radiogroup', name: 'size', title: 'Quy mô', choices: [{ value: 's', text: 'Nhỏ' }, { value: 'l', text: 'Lớn' }] },
      { type: 'dropdown', name: 'district', title: 'Huyện', choices: [{ value: 'tu', text: 'Tiên Du' }, { value: 'yp', text: 'Yên Phong' }] },
      { type: 'checkbox', name: 'tools', title: 'Công cụ', choices: ['5S', 'Kaizen', 'Lean'] },
      { type: 'boolean', name: 'public', title: 'Công lập' },
      { type: 'rating', name: 'score', title: 'Điểm', rateMax: 5 },
      { type: 'matrix', name: 'sat', title: 'Hài lòng', rows: [{ value: 'staff', text: 'Nhân viên' }], columns: [{ value: 1, text: 'Thấp' }, { value: 2, text: 'Cao' }] },
      { type: 'matrixdropdown', name: 'kaizen', title: 'Áp dụng', rows: [{ value: 'k', text: 'Kaizen' }],
        columns: [{ name: 'status', title: 'Tình trạng', cellType: 'dropdown', choices: [{ value: 'on', text: 'Đang áp dụng' }] }] },
      { type: 'matrixdynamic', name: 'experts', title: 'Chuyên gia', rowCount: 0, columns: [{ name: 'who', title: 'Họ tên', cellType: 'text' }] },
      { type: 'paneldynamic', name: 'certs', title: 'Chứng chỉ', templateElements: [{ type: 'text', name: 'body', title: 'Tổ chức chứng nhận' }] },
      { type: 'panel', name: 'group', title: 'Nhóm', elements: [{ type: 'multipletext', name: 'contact', title: 'Liên hệ', items: [{ name: 'phone', title: 'Điện thoại' }] }] },
      { type: 'expression', name: 'double', title: 'Gấp đôi', expression: 'iif({year} notempty, {year} * 2, \'\')' },
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

test('a form with every element type is filled through its controls and reviewed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pq-types-'));
  const file = join(dir, 'form.json');
  writeFileSync(file, JSON.stringify(FORM));
  const database = server.database;
  const pq = (...args) => execFileSync(process.env.PQ_BIN, [...args, '--database', database], { encoding: 'utf8' });
  pq('forms', 'publish', file);
  const token = pq('token', 'create', '--role', 'surveyor').split('\n')[0].trim();

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await configureSync(page, server.url, token);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await page.locator('.pq-card', { hasText: 'Mọi loại câu hỏi' }).getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('.pq-form').waitFor();

  const q = (title) => page.locator('.pq-question').filter({ has: page.locator('.pq-question-title').getByText(title, { exact: true }) }).first();
  assert.equal(await page.locator('.pq-html .intro').textContent(), 'Giới thiệu');
  const fill = async (title, value) => {
    const input = q(title).locator('input, textarea').first();
    await input.fill(value);
    await input.press('Tab');
  };
  await fill('Năm', '2024');
  assert.equal(await q('Năm').locator('input').getAttribute('inputmode'), 'decimal');
  await fill('Ngày', '2025-03-01');
  assert.equal(await q('Ngày').locator('input').getAttribute('type'), 'date');
  await fill('Ghi chú', 'Dòng ghi chú');
  await q('Quy mô').getByText('Lớn', { exact: true }).click();
  await q('Huyện').locator('select').selectOption('yp');
  await q('Công cụ').getByText('Kaizen', { exact: true }).click();
  await q('Công cụ').getByText('Lean', { exact: true }).click();
  await q('Công lập').getByText('Có', { exact: true }).click();
  await q('Điểm').getByText('4', { exact: true }).click();
  await q('Hài lòng').getByLabel('Nhân viên: Cao').check();
  await q('Áp dụng').getByLabel('Kaizen: Tình trạng').selectOption('on');
  await q('Chuyên gia').getByRole('button', { name: 'Thêm' }).click();
  await q('Chuyên gia').locator('tbody input').first().fill('Trần Văn Minh');
  await q('Chuyên gia').locator('tbody input').first().press('Tab');
  await page.locator('.pq-dynamic').getByRole('button', { name: 'Thêm' }).click();
  const body = page.locator('.pq-dynamic').getByLabel('Tổ chức chứng nhận');
  await body.fill('QUACERT');
  await body.press('Tab');
  await fill('Liên hệ', '0222 3812 345');
  assert.equal(await q('Gấp đôi').locator('output').textContent(), '4.048');

  await page.getByRole('button', { name: 'Xem lại' }).click();
  await page.getByRole('heading', { name: 'Xem lại câu trả lời' }).waitFor();
  const review = Object.fromEntries(
    await page.locator('.pq-review-item').evaluateAll((items) => items.map((i) => [
      i.querySelector('dt').textContent.trim(),
      i.querySelector('dd').firstChild.textContent.trim(),
    ])),
  );
  assert.deepEqual(review, {
    'Năm': '2024',
    'Ngày': '2025-03-01',
    'Ghi chú': 'Dòng ghi chú',
    'Quy mô': 'Lớn',
    'Huyện': 'Yên Phong',
    'Công cụ': 'Kaizen, Lean',
    'Công lập': 'Có',
    'Điểm': '4',
    'Hài lòng': 'Nhân viên: Cao',
    'Áp dụng': 'Kaizen: Tình trạng: Đang áp dụng',
    'Chuyên gia': 'Họ tên: Trần Văn Minh',
    'Chứng chỉ': 'body: QUACERT',
    'Liên hệ': 'phone: 0222 3812 345',
    'Gấp đôi': '4.048',
  });
  assert.deepEqual(errors, []);
  await page.close();
});
