/**
 * A btree index whose only key is a boolean column (domains unwrapped), with no WHERE clause, not unique and not
 * backing a constraint, and without INCLUDE columns (a covering index may be there for index-only scans).
 */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, columnsSql, ident, indexSql, tableSql } from './shared.js';

export const booleanOnlyIndex: Rule = {
  meta: {
    id: 'structure/boolean-only-index',
    category: 'structure',
    severity: 'info',
    description: 'Btree index on a single boolean column, without a WHERE clause.',
    rationale:
      'A boolean has two values (three with NULL), so an index on it alone splits the table into two large halves. ' +
      'The planner only uses it when one value is rare, and then the index still stores an entry for every row of the ' +
      'common value — entries no query reads, written on every insert. A partial index on the rare value holds only ' +
      'the rows queries look for, and can carry a useful key (the id, a date) instead of the boolean.',
    fix: 'Replace it with a partial index for the rare value, e.g. CREATE INDEX … ON t (id) WHERE flag (or WHERE NOT flag).',
    links: ['https://www.postgresql.org/docs/current/indexes-partial.html', 'https://www.postgresql.org/docs/current/indexes-types.html#INDEXES-TYPES-BTREE'],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const [tableId, indexes] of lookup.indexesByTable) {
      const table = lookup.tables.get(tableId)!;
      for (const i of indexes) {
        if (i.method !== 'btree' || i.unique || i.constraint !== null || i.predicate !== null || i.include.length) continue;
        if (i.keys.length !== 1 || i.keys[0]!.column === null) continue;
        const column = lookup.column(tableId, i.keys[0]!.column);
        if (!column || columnStorage(model, column) !== 'boolean') continue;
        const pk = lookup.primaryKey.get(tableId) ?? [];
        const key = pk.length ? columnsSql(pk) : ident(column.name);
        out.push({
          object: i.id,
          message: `${i.id} indexes only the boolean ${column.name} of ${tableId}: two values, so it only helps when one is rare, and then a partial index is smaller`,
          remediation:
            `-- if the rows queries look for are the rare ${column.name} = true (else WHERE NOT ${ident(column.name)}):\n` +
            `CREATE INDEX CONCURRENTLY ON ${tableSql(table)} (${key}) WHERE ${ident(column.name)};\n` +
            `DROP INDEX CONCURRENTLY ${indexSql(i, table)};`,
        });
      }
    }
    return out;
  },
};
