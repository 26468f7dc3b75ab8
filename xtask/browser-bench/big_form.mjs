// The big generated form of the engine benchmark (crates/core/benches/engine.rs, `big_form()`):
// 1,000 number questions q0–q999 on 10 pages, 500 calculated values c0–c499
// (`{q(10+k)} + {q(11+k)} * {q(k % 10)}`) and 500 `visibleIf` conditions (q500–q999:
// `{q(i % 10)} > (i % 7)`), so each of q0–q9 drives 50 conditions and 50 calculations.
//
// One difference, so that a change shows on screen: the ten driver questions q0–q9 open page 6
// (the page of q500–q599, ten of which each driver shows or hides) instead of page 1. Every
// question, condition and calculation is the engine benchmark's; page 1 has q10–q99 (90
// questions). Both engines get this same JSON; PQ Survey also needs an id, a version and a
// title (SurveyJS shows the title too).

export const FORM_ID = 'pq-bench-big-form';
export const TITLE = 'Big form: 1,000 questions';
/// The question whose change is timed: 50 conditions and 50 calculations depend on it.
export const DRIVER = 'q3';
/// The page (0-based) where the driver and ten of its dependents are shown.
export const CHANGE_PAGE = 5;
/// Questions on the first page.
export const FIRST_PAGE_QUESTIONS = 90;

function question(i) {
  const q = { type: 'text', name: `q${i}`, inputType: 'number' };
  if (i >= 500) q.visibleIf = `{q${i % 10}} > ${i % 7}`;
  return q;
}

export function bigForm() {
  const pages = [];
  for (let p = 0; p < 10; p += 1) {
    const elements = [];
    if (p === CHANGE_PAGE) for (let i = 0; i < 10; i += 1) elements.push(question(i));
    for (let i = p * 100; i < (p + 1) * 100; i += 1) {
      if (i >= 10) elements.push(question(i));
    }
    pages.push({ name: `page${p}`, elements });
  }
  const calculatedValues = [];
  for (let k = 0; k < 500; k += 1) {
    calculatedValues.push({ name: `c${k}`, expression: `{q${10 + k}} + {q${11 + k}} * {q${k % 10}}` });
  }
  return { id: FORM_ID, version: 1, title: TITLE, pages, calculatedValues };
}

/// The questions on the change page that `DRIVER` shows when its value is above their
/// threshold: q503, q513, …, q593.
export function dependentsOnChangePage() {
  const names = [];
  for (let i = CHANGE_PAGE * 100; i < (CHANGE_PAGE + 1) * 100; i += 1) {
    if (`q${i % 10}` === DRIVER) names.push(`q${i}`);
  }
  return names;
}
