// The browser half of `cargo xtask bench`: PQ Survey (the release build served by pq serve)
// and SurveyJS (survey-core + survey-js-ui from npm, in the repository's ignored bench/
// folder) in the same headless Chromium. Prints one JSON object of raw samples on its last
// line; xtask turns them into the table.
//
//   node bench.mjs [big-form] [storage] [sync]      (all three without arguments)
//
// Environment (set by xtask): PQ_BIN, PQ_DIST, CHROMIUM, SURVEYJS (bench/node_modules),
// PQ_ROOT (the repository).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CHANGE_PAGE, DRIVER, FIRST_PAGE_QUESTIONS, TITLE, bigForm, dependentsOnChangePage,
} from './big_form.mjs';
import {
  env, launchBrowser, scratch, startPq, startStatic, timeChanges, timedLoad, watcherScript,
} from './support.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 100);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const HIGH = 9;
const LOW = 0;

const log = (line) => process.stderr.write(`  ${line}\n`);

// ── big form ────────────────────────────────────────────────────────────────────────────

const dependents = dependentsOnChangePage();

// PQ Survey: a question's title is `.pq-question-title`, shown only while it is visible.
const pqFirstPage = `() => document.querySelectorAll('.pq-page .pq-question input').length >= ${FIRST_PAGE_QUESTIONS}`;
const pqInput = `() => [...document.querySelectorAll('.pq-question')]
  .find((q) => q.querySelector('.pq-question-title')?.textContent === ${JSON.stringify(DRIVER)})
  .querySelector('input')`;
const pqShown = `() => { const names = new Set(${JSON.stringify(dependents)}); let n = 0;
  for (const t of document.querySelectorAll('.pq-question-title')) if (names.has(t.textContent)) n += 1;
  return n; }`;

// SurveyJS: a question is a `[data-name]` element, rendered only while it is visible.
const sjFirstPage = `() => document.querySelectorAll('.sd-question input').length >= ${FIRST_PAGE_QUESTIONS}`;
const sjInput = `() => document.querySelector('[data-name=${JSON.stringify(DRIVER)}] input')`;
const sjShown = `() => document.querySelectorAll(${JSON.stringify(
  dependents.map((n) => `.sd-question[data-name="${n}"]`).join(','),
)}).length`;

function surveyJsPage(form) {
  const json = JSON.stringify(form).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>SurveyJS big form</title>
    <link rel="stylesheet" href="/lib/survey-core/survey-core.min.css" />
    <script src="/lib/survey-core/survey.core.min.js"></script>
    <script src="/lib/survey-js-ui/survey-js-ui.min.js"></script>
  </head>
  <body>
    <div id="survey"></div>
    <script type="application/json" id="form">${json}</script>
    <script>
      window.survey = new Survey.Model(JSON.parse(document.getElementById('form').textContent));
      window.survey.render(document.getElementById('survey'));
    </script>
  </body>
</html>`;
}

async function bigFormSurveyJs(form) {
  const site = await startStatic(env('SURVEYJS'), surveyJsPage(form));
  const browser = await launchBrowser();
  try {
    await browser.context.addInitScript(watcherScript(sjFirstPage));
    const firstRender = [];
    let page = null;
    // One load to fill the HTTP cache, then the measured ones.
    for (let n = 0; n <= LOADS; n += 1) {
      await page?.close();
      const load = await timedLoad(browser.context, `${site.url}/`);
      page = load.page;
      if (n > 0) firstRender.push(load.ms);
    }
    log(`SurveyJS first page: ${firstRender.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    await page.evaluate((p) => { window.survey.currentPageNo = p; }, CHANGE_PAGE);
    await page.waitForFunction(`(${sjInput})() !== null`);
    const change = await timeChanges(page, {
      input: sjInput, shown: sjShown, count: CHANGES, high: HIGH, low: LOW, dependents: dependents.length,
    });
    log(`SurveyJS change: ${CHANGES} changes timed`);
    await page.close();
    return { first_render_ms: firstRender, change_ms: change };
  } finally {
    await browser.close();
    await site.stop();
  }
}

/// PQ Survey gets the form the way a surveyor's tablet does: published on the server, then
/// downloaded by the app (Settings → server and token) and kept in its IndexedDB for offline
/// use. Each measured load opens the draft's address (#/form/ID) in a new tab.
async function bigFormPq(form) {
  const data = scratch('pq-bench-big-form-');
  const server = await startPq(join(data.dir, 'pq.db'));
  const browser = await launchBrowser();
  try {
    const file = join(data.dir, 'big-form.json');
    writeFileSync(file, JSON.stringify(form));
    server.pq('forms', 'publish', file);
    const token = server.pq('token', 'create', '--role', 'surveyor', '--name', 'bench').split('\n')[0].trim();
    const setup = await browser.context.newPage();
    await setup.goto(server.url);
    await configureSync(setup, server.url, token);
    await setup.getByRole('button', { name: 'Trang chủ' }).click();
    const card = setup.locator('.pq-card', { hasText: TITLE });
    await card.getByRole('button', { name: 'Bắt đầu' }).click();
    await setup.waitForFunction(() => location.hash.startsWith('#/form/'));
    const address = `${server.url}/${await setup.evaluate(() => location.hash)}`;
    await setup.close();

    await browser.context.addInitScript(watcherScript(pqFirstPage));
    const firstRender = [];
    let page = null;
    for (let n = 0; n <= LOADS; n += 1) {
      // Closed first: the open draft holds its lock (one editor per draft).
      await page?.close();
      const load = await timedLoad(browser.context, address);
      page = load.page;
      if (n > 0) firstRender.push(load.ms);
    }
    log(`PQ Survey first page: ${firstRender.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    for (let n = 0; n < CHANGE_PAGE; n += 1) {
      await page.getByRole('button', { name: 'Trang sau' }).click();
      await page.locator('.pq-page-position', { hasText: `Trang ${n + 2} ` }).waitFor();
    }
    await page.waitForFunction(`(${pqInput})() != null`);
    const change = await timeChanges(page, {
      input: pqInput, shown: pqShown, count: CHANGES, high: HIGH, low: LOW, dependents: dependents.length,
    });
    log(`PQ Survey change: ${CHANGES} changes timed`);
    await page.close();
    return { first_render_ms: firstRender, change_ms: change };
  } finally {
    await browser.close();
    await server.stop();
    data.remove();
  }
}

// ── the app's records ───────────────────────────────────────────────────────────────────

/// Points the app at a collector with a token (Settings → Sending to the server).
async function configureSync(page, server, token) {
  await page.getByRole('button', { name: 'Cài đặt', exact: true }).click();
  await page.getByLabel('Địa chỉ máy chủ').fill(server);
  await page.getByLabel('Mã truy cập').fill(token);
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
}

/// `count` enterprise survey records as the app stores them (pq_core::records::LocalRecord),
/// answered like the golden fixture, each with its own id and company name.
function enterpriseRecords(count, status) {
  const answers = JSON.parse(readFileSync(join(env('PQ_ROOT'), 'tests/fixtures/forms/enterprise_valid.json'), 'utf8'));
  const records = [];
  for (let n = 0; n < count; n += 1) {
    const time = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
    const hex = n.toString(16).padStart(12, '0');
    records.push({
      id: `00000000-0000-4000-8000-${hex}`,
      form_id: 'pq-bn285-enterprise',
      form_version: '2',
      status,
      answers: { ...answers, company_name: `${answers.company_name} ${n + 1}` },
      page: 8,
      locale: 'vi',
      created_at: time,
      updated_at: time,
      revision: 1,
    });
  }
  return records;
}

/// Puts records into the app the way a person moves them between devices: Settings →
/// "Import data from a file" (one IndexedDB transaction).
async function importRecords(page, records, dir) {
  const file = join(dir, 'export.json');
  writeFileSync(file, JSON.stringify({
    format: 'pq-survey-export', version: 1, exported_at: new Date().toISOString(), records,
  }));
  await page.getByRole('button', { name: 'Cài đặt', exact: true }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('status').filter({ hasText: `Đã nhập +${records.length}` }).waitFor();
}

/// App start with RECORDS drafts stored: each load (a new tab on the home screen) is timed
/// from navigation start until the drafts list says it holds all of them and shows its
/// first page of cards (the home screen lists 50 per status, more on "show more").
async function storageStart() {
  const data = scratch('pq-bench-storage-');
  const server = await startPq(join(data.dir, 'pq.db'));
  const browser = await launchBrowser();
  try {
    const setup = await browser.context.newPage();
    await setup.goto(server.url);
    await importRecords(setup, enterpriseRecords(RECORDS, 'draft'), data.dir);
    await setup.close();
    await browser.context.addInitScript(
      watcherScript(`() => (document.getElementById('pq-list-draft')?.textContent ?? '').includes('(${RECORDS})')
        && document.querySelectorAll('.pq-records li.pq-card').length >= ${Math.min(RECORDS, 50)}`),
    );
    const start = [];
    for (let n = 0; n <= Math.min(LOADS, 3); n += 1) {
      const load = await timedLoad(browser.context, `${server.url}/#/`);
      await load.page.close();
      if (n > 0) start.push(load.ms);
    }
    log(`app start with ${RECORDS} records: ${start.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    return { records: RECORDS, start_ms: start };
  } finally {
    await browser.close();
    await server.stop();
    data.remove();
  }
}

/// In the page: how many stored records have `status` (the app's own `status` index).
async function countStatus(page, status) {
  return page.evaluate((wanted) => new Promise((resolve, reject) => {
    const open = indexedDB.open('pq-survey');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction('records').objectStore('records').index('status').count(wanted);
      request.onsuccess = () => { db.close(); resolve(request.result); };
      request.onerror = () => { db.close(); reject(request.error); };
    };
  }), status);
}

/// RECORDS finished surveys in the app's outbox, sent by the app's own sync loop to pq serve
/// (SQLite), timed from "Save settings" (server and token given: the loop wakes) until the app
/// has stored the server's answer for every one; then the server's own count is checked.
async function syncOutbox() {
  const data = scratch('pq-bench-sync-');
  const server = await startPq(join(data.dir, 'pq.db'));
  const browser = await launchBrowser();
  try {
    server.pq('forms', 'publish', join(env('PQ_ROOT'), 'forms/enterprise.json'));
    const token = server.pq('token', 'create', '--role', 'surveyor', '--name', 'bench').split('\n')[0].trim();
    const admin = server.pq('token', 'create', '--role', 'admin', '--name', 'bench-admin').split('\n')[0].trim();
    const page = await browser.context.newPage();
    await page.goto(server.url);
    // Without a token the loop cannot send: the records wait in the outbox.
    await importRecords(page, enterpriseRecords(RECORDS, 'outbox'), data.dir);
    if ((await countStatus(page, 'outbox')) !== RECORDS) throw new Error('the outbox was not filled');
    await page.getByLabel('Địa chỉ máy chủ').fill(server.url);
    await page.getByLabel('Mã truy cập').fill(token);
    const start = performance.now();
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    let done = 0;
    while (done < RECORDS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = (await countStatus(page, 'sent')) + (await countStatus(page, 'rejected'));
    }
    const seconds = (performance.now() - start) / 1000;
    const rejected = await countStatus(page, 'rejected');
    const listing = await fetch(`${server.url}/api/v1/submissions`, {
      headers: { authorization: `Bearer ${admin}` },
    }).then((r) => r.json());
    const stored = listing.submissions.length;
    log(`sync: ${RECORDS} records in ${seconds.toFixed(1)} s, server holds ${stored}, ${rejected} rejected`);
    if (stored !== RECORDS || rejected !== 0) {
      throw new Error(`the server holds ${stored} submissions and refused ${rejected}; expected ${RECORDS} and 0`);
    }
    await page.close();
    return { submissions: RECORDS, seconds };
  } finally {
    await browser.close();
    await server.stop();
    data.remove();
  }
}

// ── main ────────────────────────────────────────────────────────────────────────────────

const wanted = process.argv.slice(2);
const runs = (name) => wanted.length === 0 || wanted.includes(name);
const results = {};
if (runs('big-form')) {
  const form = bigForm();
  log('big form: PQ Survey');
  const pq = await bigFormPq(form);
  log('big form: SurveyJS');
  const surveyjs = await bigFormSurveyJs(form);
  results.big_form = { pq, surveyjs };
}
if (runs('storage')) {
  log(`storage: app start with ${RECORDS} records`);
  results.storage = await storageStart();
}
if (runs('sync')) {
  log(`sync: ${RECORDS} submissions from the outbox`);
  results.sync = await syncOutbox();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
