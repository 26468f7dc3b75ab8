// axe-core's violations on a page, one readable line each (an empty list is a pass).
import AxeBuilder from '@axe-core/playwright';

export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}
