/** Two or more FKs of one table from the same columns to the same referenced columns. */
import type { ForeignKey } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { byCodePoint } from '../../../analyze/lookup.js';
import { ident, tableSql } from './shared.js';

/** Column pairs, in any order: (a, b) → (x, y) is the FK (b, a) → (y, x). */
function signature(f: ForeignKey): string {
  const pairs = f.columns.map((c, i) => `${c}\u0001${f.refColumns[i]}`).sort(byCodePoint);
  return `${f.refTable}\u0000${pairs.join('\u0000')}`;
}

function actions(f: ForeignKey): string {
  return `ON DELETE ${f.onDelete.toUpperCase()}, ON UPDATE ${f.onUpdate.toUpperCase()}${f.deferrable ? ', DEFERRABLE' : ''}`;
}

export const duplicateForeignKey: Rule = {
  meta: {
    id: 'structure/duplicate-foreign-key',
    category: 'structure',
    severity: 'warning',
    description: 'Foreign key that repeats another FK of the same table (same columns, same referenced columns).',
    rationale:
      'Each FK is checked on every insert and update of the child and every delete or key update of the parent, so a ' +
      'second identical FK doubles that work for nothing. When the copies disagree on ON DELETE / ON UPDATE the ' +
      'schema says two things at once, and what a parent delete does depends on which trigger Postgres fires first.',
    fix: 'Drop the extra constraint (keep the one whose actions are the intended ones).',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK',
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/duplicated_foreign_keys.sql',
    ],
  },
  check({ model, lookup }) {
    const groups = new Map<string, ForeignKey[]>();
    for (const f of model.foreignKeys) {
      if (!lookup.tables.has(f.table)) continue;
      const key = `${f.table}\u0000${signature(f)}`;
      const group = groups.get(key);
      if (group) group.push(f);
      else groups.set(key, [f]);
    }
    const out: RuleFinding[] = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const [kept, ...extra] = [...group].sort((a, b) => byCodePoint(a.name, b.name));
      const table = lookup.tables.get(kept!.table)!;
      for (const f of extra) {
        const differ = actions(f) !== actions(kept!) ? `; their actions differ (${actions(f)} vs ${actions(kept!)})` : '';
        out.push({
          object: f.id,
          key: kept!.id,
          message: `${f.id} duplicates ${kept!.id}: both (${f.columns.join(', ')}) → ${f.refTable} (${f.refColumns.join(', ')})${differ}`,
          remediation: `ALTER TABLE ${tableSql(table)} DROP CONSTRAINT ${ident(f.name)};`,
        });
      }
    }
    return out;
  },
};
