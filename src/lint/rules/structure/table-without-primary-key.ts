/** A table without a primary key: rows cannot be addressed one by one, and logical replication cannot update them. */
import type { Rule } from '../../types.js';

export const tableWithoutPrimaryKey: Rule = {
  meta: {
    id: 'structure/table-without-primary-key',
    category: 'structure',
    severity: 'warning',
    description: 'Table without a primary key.',
    rationale:
      'Without a primary key, rows have no stable identity: duplicates cannot be told apart, ORMs and tools cannot ' +
      'update one row, and logical replication (and Supabase realtime) refuses UPDATE and DELETE on the table.',
    fix: 'Add a primary key on the column(s) that identify a row, e.g. an identity column.',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-PRIMARY-KEYS'],
  },
  check({ lookup }) {
    return [...lookup.tables.values()]
      .filter((t) => t.kind !== 'foreign' && (lookup.primaryKey.get(t.id) ?? []).length === 0)
      .map((t) => ({
        object: t.id,
        message: `${t.id} has no primary key`,
        remediation: `ALTER TABLE ${t.id} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;`,
      }));
  },
};
