/**
 * A table with one column (or none) that no foreign key connects to another table. A one-column table that FKs
 * reference is a lookup table (its values can grow without a migration), one whose column references another table is
 * a membership set (`blocked_users (user_id)`): both are deliberate and left alone, and so are foreign tables.
 */
import type { Rule } from '../../types.js';

export const singleColumnTable: Rule = {
  meta: {
    id: 'structure/single-column-table',
    category: 'structure',
    severity: 'info',
    description: 'Table with a single column (or none) and no foreign key to or from another table.',
    rationale:
      'A table of one column records only that a value exists: no when, no who, no attribute. Unreferenced, it is ' +
      'usually a leftover, a list that belongs in a CHECK or an enum, or a table whose other columns were never ' +
      'added. A one-column lookup table that foreign keys point at, or a set of ids of another table, is a deliberate ' +
      'design and is not reported.',
    fix: 'Add the columns it is missing, reference it from the tables that use its values, or drop it.',
    links: ['https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/tables_with_zero_or_one_column.sql'],
  },
  check({ lookup }) {
    return [...lookup.tables.values()]
      .filter((t) => t.kind !== 'foreign' && t.columns.length <= 1)
      .filter((t) => ![...(lookup.incoming.get(t.id) ?? []), ...(lookup.outgoing.get(t.id) ?? [])].some((f) => f.table !== f.refTable))
      .map((t) => ({
        object: t.id,
        message:
          t.columns.length === 0
            ? `${t.id} has no columns`
            : `${t.id} has a single column (${t.columns[0]!.name}) and no foreign key to or from another table`,
      }));
  },
};
