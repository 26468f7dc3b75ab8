// A portal embeds PQ Survey (issue #7): as <pq-survey> loaded from the collector by one
// script, through PQSurvey.mount, and as an iframe posting its events to the parent page.
// The portal (examples/) is served from http://localhost:PORT, the collector from
// http://127.0.0.1:PORT: two origins, as in real life.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { serveFolder } from './support/static.mjs';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const FEEDBACK = JSON.parse(readFileSync(new URL('feedback.json', `file://${EXAMPLES}`), 'utf8'));

let collector;
let portal;
let browser;

before(async () => {
  portal = await serveFolder(EXAMPLES);
  // The portal's page may call the collector's API (sending finished surveys).
  collector = await startServer({ extraArgs: ['--allow-origin', `http://localhost:${portal.port}`] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.close();
  await collector?.stop();
});

const portalUrl = (page = 'portal.html', query = '') =>
  `http://localhost:${portal.port}/${page}?collector=${encodeURIComponent(collector.url)}${query}`;

async function openPortal(options = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const errors = watchErrors(page);
  // A page of an earlier test may still be giving its drafts' locks back: wait for that,
  // or this page would rightly show those drafts read-only.
  await page.goto(`http://localhost:${portal.port}/feedback.json`);
  await page.waitForFunction(async () => (await navigator.locks.query()).held.length === 0);
  if (options.init) await page.addInitScript(options.init);
  await page.goto(portalUrl());
  return { page, errors };
}

/// Events the portal page received, of one type and from one survey.
async function events(page, type, source) {
  const all = await page.evaluate(() => window.portalEvents);
  return all.filter((e) => e.type === type && (!source || e.source === source)).map((e) => e.detail);
}

async function waitForEvent(page, type, source, predicate = () => true) {
  for (let tries = 0; tries < 100; tries += 1) {
    const found = (await events(page, type, source)).find(predicate);
    if (found) return found;
    await page.waitForTimeout(100);
  }
  throw new Error(`no ${type} from ${source}: ${JSON.stringify(await page.evaluate(() => window.portalEvents))}`);
}

async function answer(survey, label, value) {
  // A required question's label ends with its " *" marker.
  const input = survey.getByLabel(new RegExp(`^${label}( \\*)?$`));
  await input.fill(value);
  await input.press('Tab');
}

test('the element fills, reports each change and the submission, and wears the portal theme', async () => {
  const { page, errors } = await openPortal();
  const survey = page.locator('#feedback');
  await survey.locator('.pq-form').waitFor();
  const ready = await waitForEvent(page, 'pq-ready', 'feedback');
  assert.equal(ready.formId, FEEDBACK.id);
  assert.equal(ready.readonly, false);
  assert.deepEqual(await waitForEvent(page, 'pq-page', 'feedback'), { page: 1, pages: 2 });

  await answer(survey, 'Họ và tên', 'Nguyễn Văn An');
  await answer(survey, 'Số lần sử dụng trong năm', '3');
  await survey.getByRole('button', { name: 'Trang sau' }).click();
  await waitForEvent(page, 'pq-page', 'feedback', (d) => d.page === 2);
  await survey.locator('.pq-choice').getByText('Hài lòng', { exact: true }).click();
  const changes = await events(page, 'pq-change', 'feedback');
  assert.deepEqual(changes.at(-1), { name: 'satisfied', value: 'yes' });
  assert.ok(changes.some((c) => c.name === 'full_name' && c.value === 'Nguyễn Văn An'));
  assert.ok(changes.some((c) => c.name === 'visits' && c.value === 3));

  await survey.getByRole('button', { name: 'Xem lại' }).click();
  await survey.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
  const submission = await waitForEvent(page, 'pq-complete', 'feedback');
  assert.equal(submission.form_id, FEEDBACK.id);
  assert.equal(submission.form_version, '1');
  assert.equal(submission.revision, 1);
  assert.deepEqual(submission.answers, { full_name: 'Nguyễn Văn An', visits: 3, satisfied: 'yes' });
  assert.equal(submission.id, ready.recordId);
  await survey.getByRole('heading', { name: 'Đã hoàn thành phiếu' }).waitFor();
  // The portal's own page was not routed: no hash, its language untouched.
  assert.equal(new URL(page.url()).hash, '');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');

  // The theme: custom properties set on the element reach inside; the portal's rules do not,
  // and the survey's do not reach out.
  const style = await page.evaluate(() => {
    const root = document.querySelector('#feedback').shadowRoot;
    const look = (el, property) => getComputedStyle(el)[property];
    return {
      accent: look(root.querySelector('.pq-app'), 'borderTopColor') && getComputedStyle(root.querySelector('.pq-host')).getPropertyValue('--pq-accent').trim(),
      font: look(root.querySelector('.pq-host'), 'fontFamily'),
      align: look(root.querySelector('.pq-host'), 'textAlign'),
      portalBody: look(document.body, 'backgroundColor'),
      portalFont: look(document.body, 'fontFamily'),
    };
  });
  assert.equal(style.accent, '#7a1fa2');
  assert.match(style.font, /Verdana/);
  assert.equal(style.align, 'start');
  assert.equal(style.portalBody, 'rgb(241, 237, 228)');
  assert.match(style.portalFont, /Georgia/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('buttons and inputs inside follow the theme, not the portal\'s CSS', async () => {
  const { page, errors } = await openPortal();
  const survey = page.locator('#feedback');
  // The previous test finished citizen-001's survey: this is a new draft.
  await survey.locator('.pq-form').waitFor();
  assert.equal(await survey.getByLabel(/^Họ và tên/).inputValue(), '');
  const look = await page.evaluate(() => {
    const root = document.querySelector('#feedback').shadowRoot;
    const next = root.querySelector('button.pq-primary');
    const input = root.querySelector('input');
    return {
      nextBackground: getComputedStyle(next).backgroundColor,
      nextRadius: getComputedStyle(next).borderTopLeftRadius,
      inputBorder: getComputedStyle(input).borderTopColor,
      inputBackground: getComputedStyle(input).backgroundColor,
    };
  });
  assert.equal(look.nextBackground, 'rgb(122, 31, 162)');
  assert.equal(look.nextRadius, '2px');
  assert.notEqual(look.inputBorder, 'rgb(255, 0, 0)');
  assert.equal(look.inputBackground, 'rgb(255, 253, 247)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('two surveys side by side keep their own drafts; destroying one leaves the other working', async () => {
  const { page, errors } = await openPortal();
  const first = page.locator('#feedback');
  const second = page.locator('#second pq-survey');
  await first.locator('.pq-form').waitFor();
  await second.locator('.pq-form').waitFor();
  await answer(first, 'Họ và tên', 'Trần Thị Bình');
  await answer(second, 'Họ và tên', 'Lê Văn Cường');
  await first.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
  await second.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
  assert.deepEqual(await page.evaluate(() => document.querySelector('#feedback').getData()), { full_name: 'Trần Thị Bình' });
  assert.deepEqual(await page.evaluate(() => window.secondSurvey.getData()), { full_name: 'Lê Văn Cường' });
  const ids = await page.evaluate(() => window.portalEvents.filter((e) => e.type === 'pq-ready').map((e) => e.detail.recordId));
  assert.equal(new Set(ids).size, 2);

  await page.evaluate(() => window.secondSurvey.destroy());
  assert.equal(await page.locator('#second pq-survey').count(), 0);
  await answer(first, 'Số lần sử dụng trong năm', '5');
  await waitForEvent(page, 'pq-change', 'feedback', (d) => d.name === 'visits' && d.value === 5);
  assert.deepEqual(await page.evaluate(() => document.querySelector('#feedback').getData()), { full_name: 'Trần Thị Bình', visits: 5 });

  // Mounted again for the same user, the destroyed survey's draft comes back.
  await page.evaluate(async () => {
    window.again = PQSurvey.mount(document.getElementById('second'), { form: 'feedback.json', draftKey: 'citizen-002' });
    await window.again.ready;
  });
  assert.deepEqual(await page.evaluate(() => window.again.getData()), { full_name: 'Lê Văn Cường' });

  // Attributes take effect in place: the language, then another user's draft, then back.
  await page.evaluate(() => document.querySelector('#feedback').setAttribute('lang', 'en'));
  await first.getByRole('button', { name: 'Next' }).waitFor();
  await page.evaluate(() => document.querySelector('#feedback').setAttribute('draft-key', 'citizen-003'));
  await waitForEvent(page, 'pq-ready', 'feedback', (d) => !ids.includes(d.recordId));
  await first.locator('.pq-form').waitFor();
  assert.deepEqual(await page.evaluate(() => document.querySelector('#feedback').getData()), {});
  await page.evaluate(() => document.querySelector('#feedback').setAttribute('draft-key', 'citizen-001'));
  await waitForEvent(page, 'pq-ready', 'feedback', (d) => d.recordId === ids[0] && true);
  await first.getByLabel(/^Full name/).waitFor();
  assert.equal(await first.getByLabel(/^Full name/).inputValue(), 'Trần Thị Bình');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the JavaScript API sets answers, validates and submits', async () => {
  const { page, errors } = await openPortal();
  await page.evaluate(async () => {
    window.api = PQSurvey.mount(document.getElementById('second'), { form: 'feedback.json', draftKey: 'citizen-api' });
    await window.api.ready.catch((problem) => { throw new Error(`not ready: ${JSON.stringify(problem)}`); });
  });
  const outcome = await page.evaluate(async () => {
    window.api.setData({ full_name: 'Phạm Minh Đức' });
    const before = window.api.validate();
    const refused = await window.api.submit().then((done) => ({ unexpected: done }), (error) => error);
    window.api.setData({ satisfied: 'no', comment: 'Trang hay bị chậm.' });
    const after = window.api.validate();
    const submission = await window.api.submit();
    return { before, refused, after, submission };
  });
  assert.equal(outcome.before.valid, false);
  assert.equal(outcome.before.errors.length, 1);
  assert.equal(outcome.refused.code, 'invalid');
  assert.equal(outcome.refused.errors.length, 1);
  assert.deepEqual(outcome.after, { valid: true, errors: [] });
  assert.deepEqual(outcome.submission.answers, { full_name: 'Phạm Minh Đức', satisfied: 'no', comment: 'Trang hay bị chậm.' });
  const completed = await events(page, 'pq-complete', 'second');
  assert.deepEqual(completed.map((s) => s.id), [outcome.submission.id]);
  const changes = await events(page, 'pq-change', 'second');
  assert.deepEqual(changes.map((c) => c.name), ['full_name', 'satisfied', 'comment']);
  await page.locator('#second pq-survey').getByRole('heading', { name: 'Đã hoàn thành phiếu' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('with a collector and a token, the finished survey is sent and pq-synced follows', async () => {
  const pq = (...args) => execFileSync(process.env.PQ_BIN, [...args, '--database', collector.database], { encoding: 'utf8' });
  pq('forms', 'publish', `${EXAMPLES}/feedback.json`);
  const token = pq('token', 'create', '--role', 'surveyor', '--name', 'portal').split('\n')[0].trim();
  const { page, errors } = await openPortal();
  const submission = await page.evaluate(async ({ server, token }) => {
    window.synced = PQSurvey.mount(document.getElementById('second'), { form: 'feedback.json', draftKey: 'citizen-sync', server, token });
    await window.synced.ready;
    window.synced.setData({ full_name: 'Hoàng Thu Trang', satisfied: 'yes' });
    return window.synced.submit();
  }, { server: collector.url, token });
  const synced = await waitForEvent(page, 'pq-synced', 'second');
  assert.deepEqual(synced, { recordId: submission.id, status: 'sent' });
  const out = join(mkdtempSync(join(tmpdir(), 'pq-embed-export-')), 'feedback.json');
  pq('export', '--form', 'portal-feedback', '--format', 'json', '--out', out);
  assert.match(readFileSync(out, 'utf8'), /Hoàng Thu Trang/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('where the browser refuses storage the survey says so and reports pq-error', async () => {
  const { page } = await openPortal({
    init: () => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('storage is blocked in this context', 'SecurityError');
      };
    },
  });
  const survey = page.locator('#feedback');
  await survey.getByRole('alert').filter({ hasText: 'không cho phép lưu' }).waitFor();
  const error = await waitForEvent(page, 'pq-error', 'feedback');
  assert.equal(error.code, 'storage-unavailable');
  assert.equal(await survey.locator('.pq-form').count(), 0);
  await page.close();
});

/// The collector's address under another host name: http://localhost:PORT is the portal's
/// site (a frame from there may store data), http://127.0.0.1:PORT another site.
const collectorOn = (host) => {
  const url = new URL(collector.url);
  url.hostname = host;
  return url.href;
};

async function openFramePortal(collectorUrl) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const errors = watchErrors(page);
  await page.goto(`http://localhost:${portal.port}/portal-iframe.html?form=pq-bn285-school&collector=${encodeURIComponent(collectorUrl)}`);
  return { page, errors };
}

test('the iframe entry posts its events to the allowed parent origin, and to no other', async () => {
  // Another origin (port) of the portal's own site.
  const { page, errors } = await openFramePortal(collectorOn('localhost'));
  const frame = page.frameLocator('#survey');
  await frame.locator('.pq-form').waitFor();
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'pq-ready'));
  const name = frame.getByLabel(/^Tên cơ sở giáo dục/);
  await name.fill('Trường THCS Suối Hoa');
  await name.press('Tab');
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'pq-change'));
  const messages = await page.evaluate(() => window.frameMessages);
  const ready = messages.find((m) => m.type === 'pq-ready');
  assert.equal(ready.detail.formId, 'pq-bn285-school');
  assert.deepEqual(messages.find((m) => m.type === 'pq-change').detail, { name: 'institution_name', value: 'Trường THCS Suối Hoa' });
  assert.ok(messages.some((m) => m.type === 'pq-page'));

  // A frame told to post to another origin: this page hears nothing from it.
  await page.evaluate((collectorUrl) => {
    window.otherMessages = [];
    window.addEventListener('message', (event) => {
      if (event.source === document.getElementById('other').contentWindow) window.otherMessages.push(event.data);
    });
    const other = document.createElement('iframe');
    other.id = 'other';
    other.src = new URL('embed.html?form=pq-bn285-school&draft-key=x&origins=http://example.invalid', collectorUrl).href;
    document.querySelector('main').append(other);
  }, collectorOn('localhost'));
  const otherFrame = page.frameLocator('#other');
  await otherFrame.locator('.pq-form').waitFor();
  const otherName = otherFrame.getByLabel(/^Tên cơ sở giáo dục/);
  await otherName.fill('Trường khác');
  await otherName.press('Tab');
  await otherFrame.locator('.pq-save', { hasText: 'Đã lưu trên máy' }).waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.otherMessages), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('in a third-party frame where the browser refuses storage, the frame says so and posts pq-error', async () => {
  // Another site: Chromium denies this frame IndexedDB.
  const { page } = await openFramePortal(collectorOn('127.0.0.1'));
  const frame = page.frameLocator('#survey');
  await frame.getByRole('alert').filter({ hasText: 'không cho phép lưu' }).waitFor();
  assert.equal(await frame.locator('.pq-form').count(), 0);
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'pq-error'));
  const error = (await page.evaluate(() => window.frameMessages)).find((m) => m.type === 'pq-error');
  assert.equal(error.detail.code, 'storage-unavailable');
  await page.close();
});
