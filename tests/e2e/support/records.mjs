// Putting records into the app the way a person would: Settings → "Import data from a file".
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/// The answers of a golden fixture (tests/fixtures/forms/NAME.json).
export function fixtureAnswers(name) {
  return JSON.parse(readFileSync(new URL(`../../fixtures/forms/${name}.json`, import.meta.url), 'utf8'));
}

/// An enterprise survey record as the app stores it.
export function enterpriseRecord(id, answers, { status = 'draft', page = 8 } = {}) {
  const now = new Date().toISOString();
  return {
    id, form_id: 'pq-bn285-enterprise', form_version: '2', status, answers, page,
    locale: 'vi', created_at: now, updated_at: now, revision: 1,
  };
}

/// Writes an export file holding `records`; returns its path.
export function exportFile(records) {
  const file = join(mkdtempSync(join(tmpdir(), 'pq-import-')), 'export.json');
  writeFileSync(file, JSON.stringify({
    format: 'pq-survey-export', version: 1, exported_at: new Date().toISOString(), records,
  }));
  return file;
}

/// Imports `records` through Settings and waits for the summary (`+N` new records).
export async function importRecords(page, records, added = records.length) {
  await page.getByRole('button', { name: 'Cài đặt', exact: true }).click();
  await page.locator('input[type=file]').setInputFiles(exportFile(records));
  await page.getByRole('status').filter({ hasText: `Đã nhập +${added}` }).waitFor();
}

/// Points the app at a collector with a token (Settings → Sending to the server).
export async function configureSync(page, server, token) {
  await page.getByRole('button', { name: 'Cài đặt', exact: true }).click();
  await page.getByLabel('Địa chỉ máy chủ').fill(server);
  await page.getByLabel('Mã truy cập').fill(token);
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
}
