// The plan dashboard (`/admin`): an admin signs in, sees every Plan-285 target with the
// fixture data's hand-computed numbers, filters, follows a figure to its submissions, and
// axe-core finds no violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations as violations } from './support/axe.mjs';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Version 1 (kept in forms/v1), then version 2: the fixtures answer both.
  for (const folder of ['forms/v1', 'forms']) {
    for (const name of ['enterprise', 'hospital', 'school']) {
      server.pq('forms', 'publish', join(ROOT, folder, `${name}.json`));
    }
  }
  const surveyor = server.pq('token', 'create', '--role', 'surveyor').split('\n')[0].trim();
  admin = server.pq('token', 'create', '--role', 'admin').split('\n')[0].trim();
  // The fixtures of crates/core/tests/indicators.rs, sent in file order.
  const fixtures = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/indicators/submissions.json'), 'utf8'));
  for (const item of fixtures.filter((s) => s.form_id.startsWith('pq-bn285-') && ['1', '2'].includes(s.form_version))) {
    const response = await fetch(new URL('/api/v1/submissions', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${surveyor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissions: [item] }),
    });
    assert.equal(response.status, 200, await response.text());
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});


const headline = (page, target) => page.locator(`li.target#${target} p.headline`);

test('an admin signs in and sees every target with the fixtures numbers, charts and no axe violation', async () => {
  const page = await browser.context.newPage();
  await page.goto(new URL('/admin', server.url).href);
  await page.getByLabel('Mã quản trị').fill('pq_not_a_token');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Mã không đúng.' }).waitFor();
  await page.getByLabel('Mã quản trị').fill(admin);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: /Kế hoạch 285/ }).waitFor();
  // Signed in: from here on nothing fails (the sign-in page itself answers 401).
  const errors = watchErrors(page);

  const expected = {
    T1: '7,84 %/năm', T2: '82,26 %', T3: '5 người', T4: '265 lượt người', T5: '1 câu lạc bộ',
    T6: '2 doanh nghiệp', T7: '2 cơ sở', T8: '75 %', T9: '1 cơ sở giáo dục',
    T10: '2 doanh nghiệp', T11: '3 lượt tham dự', T12: '1 tổ chức',
  };
  for (const [target, shown] of Object.entries(expected)) {
    assert.equal(await headline(page, target).textContent(), shown, target);
  }
  // Every chart is an image with a name and a description that hold the numbers.
  const t6 = page.getByRole('img', { name: /^T6 · .*— Theo thành phần$/ });
  assert.equal(await t6.getAttribute('aria-describedby'), 't6-parts-desc');
  assert.match(await page.locator('#t6-parts-desc').textContent(), /5S: 1/);
  assert.match(await page.locator('#t2-plan-desc').textContent(), /Đo được: 82,26 %; Kế hoạch 2023–2025: ≈ 45–47 %/);
  // No deflator table: T1 and T2 say they are at current prices.
  assert.equal(await page.locator('li#T1 p.prices').textContent(), 'giá hiện hành (danh nghĩa)');
  // The measured bar of T4 (265 attendances) is shorter than the plan bar (500).
  const widths = await page.locator('li#T4 svg[aria-labelledby^="t4-plan"] rect').evaluateAll(
    (rects) => rects.map((r) => Number(r.getAttribute('width'))),
  );
  assert.equal(widths.length, 2);
  assert.ok(widths[0] < widths[1], `measured ${widths[0]} < plan ${widths[1]}`);
  assert.deepEqual(await violations(page), [], 'dashboard');

  // English, filtered to the former Bắc Giang province with the form's controls: no school
  // there (T9 has no data, not 0); T1 over #02 (80 %) and #06 (10 %).
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: /Plan 285/ }).waitFor();
  await page.getByLabel('Former province').selectOption('bac_giang');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/former_province=bac_giang/);
  assert.equal(await headline(page, 'T9').textContent(), 'No data');
  assert.equal(await headline(page, 'T1').textContent(), '40.71 %/year');
  assert.equal(await headline(page, 'T8').textContent(), '0 %');
  assert.deepEqual(await violations(page), [], 'filtered dashboard, English');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a figure leads to the submissions it was computed from', async () => {
  const page = await browser.context.newPage();
  await page.goto(new URL('/admin?lang=vi', server.url).href);
  if (await page.getByLabel('Mã quản trị').isVisible()) {
    await page.getByLabel('Mã quản trị').fill(admin);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }
  // The measured figure's row of T11's table.
  await page.locator('li#T11 tbody tr').first().getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: /^T11 · .* — Đo được$/ }).waitFor();
  // Those whose entries count say so: #01, #03 and #05 (#04, superseded by #01, is not listed).
  const counted = await page.locator('tbody tr', { hasText: /Có$/ }).locator('a').allTextContents();
  assert.deepEqual(counted.sort(), [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000003',
    '00000000-0000-4000-8000-000000000005',
  ]);
  assert.deepEqual(await violations(page), [], 'submissions of a figure');
  await page.getByRole('link', { name: '00000000-0000-4000-8000-000000000002' }).click();
  await page.getByRole('rowheader', { name: /\(quality_award\)$/ }).waitFor();
  assert.deepEqual(await violations(page), [], 'one submission');
  await page.close();
});
