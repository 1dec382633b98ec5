/** An FK whose columns no index on the child table can serve (the rule is analysis.foreignKeyIndexes'). */
import type { Rule } from '../../types.js';
import { columnsSql, tableSql } from './shared.js';

export const fkWithoutIndex: Rule = {
  meta: {
    id: 'structure/fk-without-index',
    category: 'structure',
    severity: 'warning',
    description: 'Foreign key without an index on its columns.',
    rationale:
      'Every delete or key update of a parent row looks up the child rows by the FK columns. Without an index that ' +
      'lookup scans the whole child table, holding locks while it does; joins from the parent cannot use an index either.',
    fix: 'Create a B-tree index whose leading columns are the FK columns (CREATE INDEX CONCURRENTLY on a live database).',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK'],
  },
  check({ analysis, lookup }) {
    return analysis.foreignKeyIndexes
      .filter((c) => c.index === null && lookup.tables.has(c.table))
      .map((c) => ({
        object: c.foreignKey,
        message: `no index on ${c.table} (${c.columns.join(', ')}) serves this foreign key: each parent delete scans ${c.table}`,
        remediation: `CREATE INDEX ON ${tableSql(lookup.tables.get(c.table)!)} (${columnsSql(c.columns)});`,
      }));
  },
};
