/**
 * Numbered columns of one table: two or more columns that share a stem and end in consecutive numbers (`phone1`,
 * `phone2`; `address_1`, `address_2`; `addressLine1`, `addressLine2`) — a repeating group. One finding per table and
 * stem (the key).
 *
 * Precision: the numbers must include two consecutive ones, so `ipv4`/`ipv6`, `sha1`/`sha256` or `p95`/`p99` are not
 * numbered copies; the stem must have at least two letters (`x1`/`x2`, `q1`…`q4` are coordinates or quarters).
 */
import { byCodePoint } from '../../../analyze/lookup.js';
import type { Rule, RuleFinding } from '../../types.js';

export function numberedColumn(name: string): { stem: string; n: number } | null {
  const m = /^(.*?\p{L})_?(\d+)$/u.exec(name);
  if (!m) return null;
  const stem = m[1]!.toLowerCase().replace(/_+$/, '');
  if ((stem.match(/\p{L}/gu) ?? []).length < 2) return null;
  return { stem, n: Number(m[2]) };
}

export const incrementingColumns: Rule = {
  meta: {
    id: 'structure/incrementing-columns',
    category: 'structure',
    severity: 'info',
    description: 'Columns that differ only by a trailing number (phone1, phone2): a repeating group.',
    rationale:
      'Numbered copies of a column fix how many values a row can have: a third phone number needs a migration, ' +
      'queries must test every copy (`phone1 = $1 OR phone2 = $1`), and no constraint can say the copies are ' +
      'distinct. A child table (one row per value) has none of these limits. Fixed formats such as the two lines of a ' +
      'postal address are a common, accepted case, hence info.',
    fix: 'Move the values into a child table (owner_id, position, value), or suppress the finding where the count is fixed by design.',
    links: ['https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/tables_with_incrementing_columns.sql'],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      const groups = new Map<string, { name: string; n: number }[]>();
      for (const c of t.columns) {
        const parsed = numberedColumn(c.name);
        if (!parsed) continue;
        groups.set(parsed.stem, [...(groups.get(parsed.stem) ?? []), { name: c.name, n: parsed.n }]);
      }
      for (const [stem, cols] of [...groups].sort((a, b) => byCodePoint(a[0], b[0]))) {
        const numbers = new Set(cols.map((c) => c.n));
        if (numbers.size < 2 || ![...numbers].some((n) => numbers.has(n + 1))) continue;
        const names = [...cols].sort((a, b) => a.n - b.n || byCodePoint(a.name, b.name)).map((c) => c.name);
        out.push({
          object: t.id,
          key: stem,
          message: `${t.id} has numbered columns ${names.join(', ')}: one value per column instead of one row per value`,
        });
      }
    }
    return out;
  },
};
