/**
 * A materialized view with no index REFRESH MATERIALIZED VIEW CONCURRENTLY can use: a UNIQUE index on plain columns
 * (no expression) and without a WHERE clause, which is what PostgreSQL requires.
 */
import type { Index } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';

export const matviewWithoutUniqueIndex: Rule = {
  meta: {
    id: 'structure/matview-without-unique-index',
    category: 'structure',
    severity: 'info',
    description: 'Materialized view without a unique index: it cannot be refreshed CONCURRENTLY.',
    rationale:
      'A plain REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock: every query on the view waits until the ' +
      'refresh ends. REFRESH … CONCURRENTLY keeps the view readable, but PostgreSQL only allows it when the view has ' +
      'at least one UNIQUE index on column names only, with no WHERE clause — without one it fails with "cannot ' +
      'refresh materialized view … concurrently". A view that is only refreshed off-hours does not need it, hence info.',
    fix: 'CREATE UNIQUE INDEX ON the view (the columns that identify a row), so it can be refreshed CONCURRENTLY.',
    links: [
      'https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html',
      'https://www.postgresql.org/docs/current/rules-materializedviews.html',
    ],
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const views = model.views.filter((v) => v.materialized && v.origin === 'user');
    // The indexes of each such view, in model order (one pass over the indexes, not one per view).
    const indexesOf = new Map<string, Index[]>(views.map((v) => [v.id, []]));
    for (const i of model.indexes) indexesOf.get(i.table)?.push(i);
    for (const v of views) {
      const indexes = indexesOf.get(v.id)!;
      const usable = indexes.some((i) => i.unique && i.valid && i.predicate === null && i.keys.every((k) => k.column !== null));
      if (usable) continue;
      const has = indexes.some((i) => i.unique)
        ? 'its unique indexes have an expression or a WHERE clause'
        : indexes.length
          ? 'none of its indexes is unique'
          : 'it has no index';
      out.push({
        object: v.id,
        message: `materialized view ${v.id} cannot be refreshed CONCURRENTLY: ${has}, so every REFRESH locks out its readers`,
      });
    }
    return out;
  },
};
