// Not part of the benchmark: where PQ Survey's first render of the big form spends its time
// (milestones stamped by a MutationObserver, plus resource timings). Same setup as bench.mjs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TITLE, bigForm } from './big_form.mjs';
import { launchBrowser, scratch, startPq } from './support.mjs';

const data = scratch('pq-prof-');
const server = await startPq(join(data.dir, 'pq.db'));
const browser = await launchBrowser();
try {
  const file = join(data.dir, 'big-form.json');
  writeFileSync(file, JSON.stringify(bigForm()));
  server.pq('forms', 'publish', file);
  const token = server.pq('token', 'create', '--role', 'surveyor', '--name', 'bench').split('\n')[0].trim();
  const setup = await browser.context.newPage();
  await setup.goto(server.url);
  await setup.getByRole('button', { name: 'Cài đặt', exact: true }).click();
  await setup.getByLabel('Địa chỉ máy chủ').fill(server.url);
  await setup.getByLabel('Mã truy cập').fill(token);
  await setup.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await setup.getByRole('button', { name: 'Trang chủ' }).click();
  await setup.locator('.pq-card', { hasText: TITLE }).getByRole('button', { name: 'Bắt đầu' }).click();
  await setup.waitForFunction(() => location.hash.startsWith('#/form/'));
  const address = `${server.url}/${await setup.evaluate(() => location.hash)}`;
  await setup.close();
  await browser.context.addInitScript(`(() => {
    window.__m = {};
    const checks = {
      header: () => document.querySelector('.pq-header'),
      loading: () => document.querySelector('.pq-main p'),
      form: () => document.querySelector('.pq-form'),
      first_question: () => document.querySelector('.pq-page .pq-question input'),
      page: () => document.querySelectorAll('.pq-page .pq-question input').length >= 90,
    };
    new MutationObserver(() => {
      for (const [k, f] of Object.entries(checks)) if (!window.__m[k] && f()) window.__m[k] = performance.now();
    }).observe(document, { childList: true, subtree: true });
  })();`);
  for (let n = 0; n < 4; n += 1) {
    const page = await browser.context.newPage();
    await page.goto(address);
    await page.waitForFunction(() => window.__m.page);
    const m = await page.evaluate(() => ({
      ...window.__m,
      resources: performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop()} ${r.startTime.toFixed(0)}–${r.responseEnd.toFixed(0)}`),
      domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    }));
    console.log(JSON.stringify(m));
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  data.remove();
}
