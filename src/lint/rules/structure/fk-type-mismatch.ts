/** An FK column whose type differs from the column it references (domains unwrapped first). */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, tableSql } from './shared.js';

export const fkTypeMismatch: Rule = {
  meta: {
    id: 'structure/fk-type-mismatch',
    category: 'structure',
    severity: 'warning',
    description: 'Foreign key column whose type differs from the referenced column.',
    rationale:
      'Postgres accepts an FK between different but comparable types (integer → bigint, varchar(50) → varchar(100)), ' +
      'but the two sides then disagree: a parent key beyond the child type (a bigint id past 2^31, a code longer than ' +
      '50 characters) cannot be referenced at all, joins compare through a cast, and widening one side later means ' +
      'finding the other. Both sides of a reference should store the same type.',
    fix: 'ALTER TABLE … ALTER COLUMN … TYPE to the referenced column type (a rewrite of the child table: plan it on a live database).',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK',
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/foreign_keys_with_unmatched_column_type.sql',
    ],
  },
  check({ model, lookup }) {
    const tables = new Map(model.tables.map((t) => [t.id, t]));
    const out: RuleFinding[] = [];
    for (const f of model.foreignKeys) {
      const child = lookup.tables.get(f.table);
      const parent = tables.get(f.refTable);
      if (!child || !parent) continue;
      const pairs = f.columns.map((name, i) => ({
        child: child.columns.find((c) => c.name === name),
        parent: parent.columns.find((c) => c.name === f.refColumns[i]),
      }));
      const differing = pairs.filter(
        (p) => p.child && p.parent && columnStorage(model, p.child) !== columnStorage(model, p.parent),
      );
      if (differing.length === 0) continue;
      const parts = differing.map((p) => `${p.child!.name} is ${p.child!.type} but ${parent.id}.${p.parent!.name} is ${p.parent!.type}`);
      out.push({
        object: f.id,
        message: `foreign key ${f.id}: ${parts.join('; ')}`,
        remediation: differing
          .map((p) => `ALTER TABLE ${tableSql(child)} ALTER COLUMN ${ident(p.child!.name)} TYPE ${p.parent!.type};`)
          .join('\n'),
      });
    }
    return out;
  },
};
