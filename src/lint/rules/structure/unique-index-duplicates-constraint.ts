/**
 * A plain unique index (one that backs no constraint) that enforces exactly what a PRIMARY KEY or UNIQUE constraint
 * of the same table already enforces: same key columns in the same order and directions (or all reversed), the same
 * NULLS [NOT] DISTINCT, no predicate, and no INCLUDE column the constraint's index lacks. Keyed by the constraint.
 *
 * Not reported: a unique index on the same columns in another order (it may serve lookups the constraint's index does
 * not), a partial or expression unique index, one with NULLS NOT DISTINCT beside a NULLS DISTINCT constraint.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { covers } from './redundant-index.js';
import { indexSql, keysText } from './shared.js';

export const uniqueIndexDuplicatesConstraint: Rule = {
  meta: {
    id: 'structure/unique-index-duplicates-constraint',
    category: 'structure',
    severity: 'warning',
    description: 'Unique index that repeats a PRIMARY KEY or UNIQUE constraint of the same table.',
    rationale:
      'A PRIMARY KEY or UNIQUE constraint creates its own unique index. A second unique index on the same columns ' +
      'checks the same uniqueness again on every insert and key update and is maintained on every write, for nothing. ' +
      'It usually comes from an ORM or a migration that also "indexes" a column already declared UNIQUE.',
    fix: 'Drop the extra unique index (DROP INDEX CONCURRENTLY on a live database); the constraint keeps enforcing uniqueness.',
    links: [
      'https://www.postgresql.org/docs/current/indexes-unique.html',
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/duplicated_indexes.sql',
    ],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const [tableId, indexes] of lookup.indexesByTable) {
      const table = lookup.tables.get(tableId)!;
      const keyConstraints = (lookup.constraintsByTable.get(tableId) ?? []).filter(
        (c) => (c.type === 'primary key' || c.type === 'unique') && c.index !== null,
      );
      for (const u of indexes) {
        if (!u.valid || !u.unique || u.constraint !== null || u.predicate !== null || u.keys.some((k) => k.column === null)) continue;
        for (const c of keyConstraints) {
          const backing = indexes.find((i) => i.id === c.index);
          if (!backing || backing.keys.length !== u.keys.length || backing.nullsNotDistinct !== u.nullsNotDistinct) continue;
          if (!covers(backing, u)) continue;
          out.push({
            object: u.id,
            key: c.id,
            message: `${u.id} duplicates the ${c.type === 'primary key' ? 'primary key' : 'unique constraint'} ${c.id}: both enforce UNIQUE (${keysText(u)}) on ${tableId}`,
            remediation: `DROP INDEX CONCURRENTLY ${indexSql(u, table)};`,
          });
        }
      }
    }
    return out;
  },
};
