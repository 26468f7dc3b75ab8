// The question types tagbox, ranking, imagepicker, slider (single and range) and image: a
// published form with each is filled through its controls, and the review reads back every
// answer.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { configureSync } from './support/records.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

const picture = (colour) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="${colour}"/></svg>`)}`;

const FORM = {
  id: 'pq-e2e-new-types', version: 1, locale: 'vi', title: 'Loại câu hỏi mới',
  pages: [{
    name: 'new', title: 'Câu hỏi mới',
    elements: [
      { type: 'image', name: 'logo', imageLink: picture('navy'), altText: 'Biểu trưng', imageWidth: '80', imageHeight: 60 },
      { type: 'boolean', name: 'show_more', title: 'Hiện thêm' },
      { type: 'tagbox', name: 'communes', title: 'Xã', placeholder: 'Gõ tên xã',
        choices: [{ value: 'db', text: 'Đình Bảng' }, { value: 'ts', text: 'Tam Sơn' }, { value: 'pk', text: 'Phù Khê' },
          { value: 'hm', text: 'Hương Mạc', visibleIf: '{show_more} = true' }] },
      { type: 'ranking', name: 'priorities', title: 'Ưu tiên',
        choices: [{ value: 'health', text: 'Y tế' }, { value: 'school', text: 'Trường học' }, { value: 'roads', text: 'Đường' }] },
      { type: 'ranking', name: 'steps', title: 'Thứ tự', choices: [{ value: 'a', text: 'Trước' }, { value: 'b', text: 'Sau' }] },
      { type: 'ranking', name: 'top', title: 'Hàng đầu', selectToRankEnabled: true, maxSelectedChoices: 2,
        selectToRankEmptyRankedAreaText: 'Chưa chọn mục nào',
        choices: [{ value: 'x', text: 'Xanh' }, { value: 'y', text: 'Vàng' }, { value: 'z', text: 'Đỏ' }] },
      { type: 'imagepicker', name: 'animal', title: 'Con vật', imageWidth: 40, imageHeight: 30,
        choices: [{ value: 'cat', text: 'Mèo', imageLink: picture('grey') }, { value: 'dog', text: 'Chó', imageLink: picture('brown') }] },
      { type: 'imagepicker', name: 'animals', title: 'Các con vật', multiSelect: true, showLabel: true,
        choices: [{ value: 'cat', text: 'Mèo', imageLink: picture('grey') }, { value: 'dog', text: 'Chó', imageLink: picture('brown') }] },
      { type: 'slider', name: 'share', title: 'Tỷ lệ', min: 10, max: 50, step: 5 },
      { type: 'slider', name: 'band', title: 'Khoảng', sliderType: 'range', max: 10 },
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

test('tagbox, ranking, imagepicker, slider and image are filled through their controls and reviewed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pq-new-types-'));
  const file = join(dir, 'form.json');
  writeFileSync(file, JSON.stringify(FORM));
  const database = server.database;
  const pq = (...args) => execFileSync(process.env.PQ_BIN, [...args, '--database', database], { encoding: 'utf8' });
  // `pq check` knows every one of these types.
  const checked = execFileSync(process.env.PQ_BIN, ['check', file], { encoding: 'utf8' });
  assert.doesNotMatch(checked, /unknown element type/);
  pq('forms', 'publish', file);
  const token = pq('token', 'create', '--role', 'surveyor').split('\n')[0].trim();

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await configureSync(page, server.url, token);
  await page.getByRole('button', { name: 'Trang chủ' }).click();
  await page.getByRole('button', { name: 'Gửi ngay' }).click();
  await page.locator('.pq-card', { hasText: 'Loại câu hỏi mới' }).getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('.pq-form').waitFor();

  const q = (title) => page.locator('.pq-question').filter({ has: page.locator('.pq-question-title').getByText(title, { exact: true }) }).first();

  // The new controls are accessible as drawn (names, roles, contrast).
  await page.getByRole('img', { name: 'Biểu trưng' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'new controls, empty');

  // image: a static picture with its alternative text.
  const logo = page.getByRole('img', { name: 'Biểu trưng' });
  await logo.waitFor();
  assert.equal(await logo.getAttribute('width'), '80');

  // tagbox: the filter narrows the shown choices; a hidden choice is not offered.
  const communes = q('Xã');
  const search = communes.getByRole('searchbox', { name: 'Tìm trong danh sách' });
  assert.equal(await search.getAttribute('placeholder'), 'Gõ tên xã');
  assert.equal(await communes.locator('.pq-choice').count(), 3);
  await search.fill('tam');
  assert.deepEqual(await communes.locator('.pq-choice').allTextContents(), ['Tam Sơn']);
  await communes.getByRole('checkbox', { name: 'Tam Sơn' }).check();
  await search.fill('');
  assert.equal(await communes.getByRole('checkbox', { name: 'Hương Mạc' }).count(), 0);
  await q('Hiện thêm').getByText('Có', { exact: true }).click();
  await communes.getByRole('checkbox', { name: 'Hương Mạc' }).check();
  // Picked choices stay in view whatever the filter says.
  await search.fill('phù');
  assert.deepEqual(await communes.locator('.pq-choice').allTextContents(), ['Tam Sơn', 'Phù Khê', 'Hương Mạc']);

  // ranking: moved with the up/down buttons.
  const priorities = q('Ưu tiên');
  await priorities.getByRole('button', { name: 'Xuống dưới: Y tế' }).click();
  await priorities.getByRole('button', { name: 'Lên trên: Đường' }).click();
  assert.deepEqual(await priorities.locator('.pq-rank-label').allTextContents(), ['Trường học', 'Đường', 'Y tế']);
  assert.equal(await priorities.getByRole('button', { name: 'Lên trên: Trường học' }).isDisabled(), true);

  // The order as first shown is an answer once kept.
  await q('Thứ tự').getByRole('button', { name: 'Giữ thứ tự này' }).click();
  assert.equal(await q('Thứ tự').getByRole('button', { name: 'Giữ thứ tự này' }).count(), 0);

  // ranking with select-to-rank: only the items added are ranked.
  const top = q('Hàng đầu');
  assert.equal(await top.locator('.pq-rank-empty').textContent(), 'Chưa chọn mục nào');
  await top.getByRole('button', { name: 'Thêm: Đỏ' }).click();
  await top.getByRole('button', { name: 'Thêm: Xanh' }).click();
  await top.getByRole('button', { name: 'Lên trên: Xanh' }).click();
  assert.deepEqual(await top.locator('.pq-rank-list .pq-rank-label').allTextContents(), ['Xanh', 'Đỏ']);

  // imagepicker: pictures named by their choice text; one, or several with multiSelect.
  await q('Con vật').getByRole('radio', { name: 'Chó' }).check();
  assert.equal(await q('Con vật').getByRole('img', { name: 'Mèo' }).count(), 1);
  await q('Các con vật').getByRole('checkbox', { name: 'Mèo' }).check();
  await q('Các con vật').getByRole('checkbox', { name: 'Chó' }).check();

  // slider: a range input; a range slider has a "from" and a "to".
  const share = q('Tỷ lệ').locator('input[type=range]');
  assert.equal(await share.getAttribute('min'), '10');
  assert.equal(await share.getAttribute('step'), '5');
  await share.fill('35');
  assert.equal(await q('Tỷ lệ').locator('output').textContent(), '35');
  await q('Khoảng').getByRole('slider', { name: 'Khoảng: Từ' }).fill('2');
  await q('Khoảng').getByRole('slider', { name: 'Khoảng: Đến' }).fill('8');

  assert.deepEqual(await axeViolations(page), [], 'new controls, answered');

  await page.getByRole('button', { name: 'Xem lại' }).click();
  await page.getByRole('heading', { name: 'Xem lại câu trả lời' }).waitFor();
  const review = Object.fromEntries(
    await page.locator('.pq-review-item').evaluateAll((items) => items.map((i) => [
      i.querySelector('dt').textContent.trim(),
      i.querySelector('dd').firstChild.textContent.trim(),
    ])),
  );
  assert.deepEqual(review, {
    'Hiện thêm': 'Có',
    'Xã': 'Tam Sơn, Hương Mạc',
    'Ưu tiên': '1. Trường học, 2. Đường, 3. Y tế',
    'Thứ tự': '1. Trước, 2. Sau',
    'Hàng đầu': '1. Xanh, 2. Đỏ',
    'Con vật': 'Chó',
    'Các con vật': 'Mèo, Chó',
    'Tỷ lệ': '35',
    'Khoảng': '2 – 8',
  });
  assert.deepEqual(errors, []);
  await page.close();
});
