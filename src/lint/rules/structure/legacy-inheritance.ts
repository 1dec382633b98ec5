/**
 * A table that inherits from another (`CREATE TABLE … INHERITS (…)`) — not a partition, whose parent link the model
 * keeps apart (`partitionOf`). Reported on the child, keyed by the parent.
 */
import type { Rule, RuleFinding } from '../../types.js';

export const legacyInheritance: Rule = {
  meta: {
    id: 'structure/legacy-inheritance',
    category: 'structure',
    severity: 'info',
    description: 'Table inheritance (INHERITS) outside of declarative partitioning.',
    rationale:
      'Inheritance looks like "a child is also a parent row", but PostgreSQL only copies columns, CHECK and NOT NULL ' +
      'constraints: PRIMARY KEY, UNIQUE and FOREIGN KEY constraints and indexes are not inherited, so a parent\'s ' +
      'unique key does not stop duplicates across children, and an FK to the parent does not accept a child\'s row. ' +
      'Queries on the parent silently include every child\'s rows unless written with ONLY. Declarative partitioning ' +
      '(PostgreSQL 10+) covers the old partitioning use; other uses are usually clearer as a shared table plus a ' +
      'table per kind with an FK to it.',
    fix: 'For partitioning, move to PARTITION BY / PARTITION OF; otherwise model the shared part as its own table and reference it, then ALTER TABLE … NO INHERIT.',
    links: [
      'https://www.postgresql.org/docs/current/ddl-inherit.html',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_table_inheritance',
    ],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const parent of t.inherits) {
        out.push({
          object: t.id,
          key: parent,
          message:
            `${t.id} inherits from ${parent}: its rows show up in queries on ${parent}, but ${parent}'s primary key, ` +
            'unique constraints, foreign keys and indexes do not apply to them',
        });
      }
    }
    return out;
  },
};
