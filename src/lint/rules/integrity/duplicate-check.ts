/**
 * Two or more CHECK constraints of one table with the same expression, as `pg_get_constraintdef()` prints it (so
 * spelling differences in the migrations — `IN (…)` vs `= ANY (ARRAY[…])`, extra parentheses — do not hide a
 * duplicate; a NOT VALID mark is ignored). The first by name is kept — one inherited from a parent table before a
 * local one, since an inherited CHECK cannot be dropped from the child — and each other one is reported, keyed by
 * the kept one. Partitions are left out: their CHECKs are their parent's.
 */
import { ident } from '../../../model/sql-text.js';
import type { Constraint } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from './sql.js';

export const duplicateCheck: Rule = {
  meta: {
    id: 'integrity/duplicate-check',
    category: 'integrity',
    severity: 'warning',
    description: 'Two CHECK constraints with the same expression on one table.',
    rationale:
      'A second identical CHECK adds nothing but cost: every insert and update evaluates it again, and a change of ' +
      'the rule must now be made twice — the usual way it happens is a migration that re-adds a constraint under a ' +
      'new name (or an unnamed CHECK that gets a generated one) and forgets the old one. Later, relaxing one of the ' +
      'two leaves the other enforcing the old rule, which is confusing to debug.',
    fix: 'Drop the duplicate: ALTER TABLE … DROP CONSTRAINT ….',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-CHECK-CONSTRAINTS',
      'https://www.postgresql.org/docs/current/sql-altertable.html',
    ],
  },
  check({ model, lookup }) {
    const inherited = new Map<string, Set<string>>();
    for (const t of lookup.tables.values()) {
      const names = new Set<string>();
      for (const parent of t.inherits) for (const c of lookup.constraintsByTable.get(parent) ?? []) if (c.type === 'check') names.add(c.name);
      inherited.set(t.id, names);
    }
    const out: RuleFinding[] = [];
    for (const [tableId, constraints] of lookup.constraintsByTable) {
      const groups = new Map<string, Constraint[]>();
      for (const c of constraints) {
        if (c.type !== 'check') continue;
        const expr = c.definition.replace(/\s+NOT VALID$/, '');
        groups.set(expr, [...(groups.get(expr) ?? []), c]);
      }
      const fromParent = inherited.get(tableId) ?? new Set<string>();
      for (const [expr, group] of groups) {
        if (group.length < 2) continue;
        const sorted = [...group].sort(
          (a, b) => Number(fromParent.has(b.name)) - Number(fromParent.has(a.name)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
        );
        const [kept, ...extra] = sorted;
        for (const c of extra) {
          if (fromParent.has(c.name)) continue; // inherited as well: cannot be dropped here
          out.push({
            object: c.id,
            key: kept!.id,
            message: `${c.name} duplicates ${kept!.name} on ${tableId}: both are ${expr}`,
            remediation: `ALTER TABLE ${tableSql(model, tableId)} DROP CONSTRAINT ${ident(c.name)};`,
          });
        }
      }
    }
    return out;
  },
};
