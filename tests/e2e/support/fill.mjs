// Fills a form through its controls, as a person would, from a golden answer file: for each
// page, every question shown gets the answer the file has for it; then "next".
import { readFileSync } from 'node:fs';

const text = (t) => (t == null ? '' : typeof t === 'string' ? t : t.vi ?? t.default ?? Object.values(t)[0]);

function elementsOf(elements) {
  return elements.flatMap((e) => (e.type === 'panel' ? elementsOf(e.elements ?? []) : [e]));
}

function choiceText(choices, value) {
  const found = (choices ?? []).find((c) => (typeof c === 'object' ? c.value : c) === value);
  return found == null ? String(value) : typeof found === 'object' ? text(found.text ?? found.value) : String(found);
}

/// The question block of an element on the current page, located by its title.
function question(page, element) {
  const title = text(element.title) || element.name;
  return page.locator('.pq-question').filter({
    has: page.locator('.pq-question-title').getByText(title, { exact: true }),
  }).first();
}

async function answer(page, element, value) {
  const block = question(page, element);
  if ((await block.count()) === 0 || !(await block.isVisible())) return;
  switch (element.type) {
    case 'text':
    case 'comment': {
      const input = block.locator('input, textarea').first();
      await input.fill(String(value));
      await input.press('Tab');
      break;
    }
    case 'boolean':
      await block.locator('.pq-choice', { hasText: value ? 'Có' : 'Không' }).first().click();
      break;
    case 'radiogroup':
      await block.locator('.pq-choice').getByText(choiceText(element.choices, value), { exact: true }).click();
      break;
    case 'dropdown':
      await block.locator('select').first().selectOption(String(value));
      break;
    case 'checkbox':
      for (const item of value) {
        const label = item === 'other' ? 'Khác (ghi rõ)' : choiceText(element.choices, item);
        await block.locator('.pq-choice').getByText(label, { exact: true }).first().click();
      }
      break;
    case 'matrixdropdown':
      for (const [row, cells] of Object.entries(value)) {
        for (const [column, cell] of Object.entries(cells)) {
          const columnDef = element.columns.find((c) => c.name === column);
          const rowText = choiceText(element.rows, row);
          const control = block.getByLabel(`${rowText}: ${text(columnDef.title) || column}`, { exact: true });
          if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(String(cell));
          else {
            await control.fill(String(cell));
            await control.press('Tab');
          }
        }
      }
      break;
    default:
      throw new Error(`the filler does not handle ${element.type} (${element.name})`);
  }
}

/// Fills every page of `formPath` from `answers` and stops on the review.
export async function fillForm(page, formPath, answers) {
  const form = JSON.parse(readFileSync(formPath, 'utf8'));
  for (let step = 0; step < form.pages.length + 2; step += 1) {
    if (await page.getByRole('heading', { name: 'Xem lại câu trả lời' }).count()) return;
    const position = await page.locator('.pq-page-position').textContent();
    const index = Number(/Trang (\d+)/.exec(position)?.[1] ?? 1);
    const heading = (await page.locator('.pq-page-title').textContent()).trim();
    const definition = form.pages.find((p) => text(p.title) === heading) ?? form.pages[index - 1];
    for (const element of elementsOf(definition.elements)) {
      if (element.type === 'expression' || element.type === 'html') continue;
      const value = answers[element.name];
      if (value === undefined || value === null) continue;
      await answer(page, element, value);
      if (typeof answers[`${element.name}-Comment`] === 'string') {
        const other = question(page, element).locator('input.pq-other');
        if (await other.count()) {
          await other.fill(answers[`${element.name}-Comment`]);
          await other.press('Tab');
        }
      }
    }
    await page.getByRole('button', { name: /^(Trang sau|Xem lại)$/ }).click();
    if (await page.getByRole('alert').filter({ hasText: 'Vui lòng sửa' }).count()) {
      const errors = await page.locator('.pq-errors li').allTextContents();
      throw new Error(`page "${heading}" refused: ${errors.join(' | ')}`);
    }
  }
  throw new Error('the review never came');
}
