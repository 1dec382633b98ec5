/**
 * A multi-column UNIQUE constraint or unique index with a nullable column and the default NULLS DISTINCT: rows that
 * repeat the other columns and leave that column NULL never conflict, so "unique" allows duplicates.
 *
 * Not reported: single-column keys (many rows without a value are not duplicates of a value), partial unique indexes
 * (the predicate usually scopes the NULLs away), NULLS NOT DISTINCT keys, and expression parts (their nullability is
 * unknown; only column parts are read).
 */
import type { Rule, RuleFinding } from '../../types.js';
import { columnsSql, ident, tableSql } from './shared.js';

export const nullableUniqueKey: Rule = {
  meta: {
    id: 'structure/nullable-unique-key',
    category: 'structure',
    severity: 'info',
    description: 'Multi-column unique key with a nullable column, whose NULLs let rows repeat the key.',
    rationale:
      'In a UNIQUE constraint NULLs are distinct by default: with UNIQUE (user_id, reward_id) and reward_id NULL, any ' +
      'number of rows for the same user_id and no reward are accepted. That is often exactly what is wanted (the key ' +
      'only binds once the column is set), hence info; when it is not, the "unique" key silently admits duplicates.',
    fix:
      'If NULL rows must be unique too, declare the key NULLS NOT DISTINCT (PostgreSQL 15+) or make the column NOT NULL; ' +
      'if one row per other-columns-without-a-value is meant, add a partial unique index WHERE col IS NULL.',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-UNIQUE-CONSTRAINTS',
      'https://www.postgresql.org/docs/current/indexes-unique.html',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    const pg15 = model.engine.serverVersionNum >= 150000;
    for (const [tableId, table] of lookup.tables) {
      const indexes = lookup.indexesByTable.get(tableId) ?? [];
      const keys: { object: string; columns: string[]; constraint: string | null }[] = [];
      for (const c of lookup.constraintsByTable.get(tableId) ?? []) {
        if (c.type !== 'unique') continue;
        const backing = indexes.find((i) => i.id === c.index);
        if (backing?.nullsNotDistinct || /\bNULLS NOT DISTINCT\b/.test(c.definition)) continue;
        keys.push({ object: c.id, columns: c.columns, constraint: c.name });
      }
      for (const i of indexes) {
        if (!i.unique || i.constraint !== null || i.predicate !== null || i.nullsNotDistinct) continue;
        keys.push({ object: i.id, columns: i.keys.map((k) => k.column).filter((x): x is string => x !== null), constraint: null });
      }
      for (const k of keys) {
        if (k.columns.length < 2) continue;
        const nullable = k.columns.filter((name) => lookup.column(tableId, name)?.nullable);
        if (nullable.length === 0) continue;
        const others = k.columns.filter((name) => !nullable.includes(name));
        const same = others.length ? `the same ${others.join(', ')} and ` : '';
        out.push({
          object: k.object,
          message:
            `UNIQUE (${k.columns.join(', ')}) on ${tableId}: ${nullable.join(', ')} ${nullable.length === 1 ? 'is' : 'are'} nullable ` +
            `and NULLs are distinct, so any number of rows with ${same}a NULL ${nullable.join(' or ')} are accepted`,
          ...(k.constraint !== null && pg15
            ? {
                remediation:
                  `ALTER TABLE ${tableSql(table)} DROP CONSTRAINT ${ident(k.constraint)}, ` +
                  `ADD CONSTRAINT ${ident(k.constraint)} UNIQUE NULLS NOT DISTINCT (${columnsSql(k.columns)});`,
              }
            : {}),
        });
      }
    }
    return out;
  },
};
