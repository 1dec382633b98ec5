/**
 * A table in which no column is required: every column is nullable, apart from the primary key's. Tables of one
 * column are structure/single-column-table's; foreign tables (whose NOT NULL the remote side decides) are left out.
 */
import type { Rule } from '../../types.js';

export const allColumnsNullable: Rule = {
  meta: {
    id: 'structure/all-columns-nullable',
    category: 'structure',
    severity: 'info',
    description: 'Every column of the table (apart from its primary key) is nullable.',
    rationale:
      'When nothing but the key is required, a row can be inserted empty, and every reader has to handle NULL in ' +
      'every column. It usually means NOT NULL was never thought about (an ORM default) rather than that each value ' +
      'is optional. Sparse attribute tables are the legitimate exception, hence info.',
    fix: 'Mark the columns every row must have NOT NULL (SET NOT NULL scans the table; on a live one add a CHECK (col IS NOT NULL) NOT VALID first).',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-NOT-NULL',
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/tables_where_all_columns_nullable_except_pk.sql',
    ],
  },
  check({ lookup }) {
    return [...lookup.tables.values()]
      .filter((t) => t.kind !== 'foreign' && t.columns.length >= 2)
      .flatMap((t) => {
        const pk = new Set(lookup.primaryKey.get(t.id) ?? []);
        const rest = t.columns.filter((c) => !pk.has(c.name));
        if (rest.length === 0 || rest.some((c) => !c.nullable)) return [];
        return [
          {
            object: t.id,
            message: pk.size
              ? `every column of ${t.id} except its primary key is nullable: a row with nothing but a key is valid`
              : `every column of ${t.id} is nullable: an all-NULL row is valid`,
          },
        ];
      });
  },
};
