/** A CHECK or FOREIGN KEY constraint added NOT VALID and never validated (`pg_constraint.convalidated = false`). */
import type { Rule } from '../../types.js';
import { ident, tableSql } from './shared.js';

export const notValidConstraint: Rule = {
  meta: {
    id: 'structure/not-valid-constraint',
    category: 'structure',
    severity: 'warning',
    description: 'Constraint added NOT VALID and never validated.',
    rationale:
      '`ADD CONSTRAINT … NOT VALID` is the safe first half of adding a constraint to a live table: new and updated ' +
      'rows are checked at once, the existing rows only by a later VALIDATE CONSTRAINT. When that second half is ' +
      'forgotten, rows that break the rule can still be there, and the planner cannot rely on the constraint ' +
      '(a NOT VALID CHECK does not prune partitions or prove a later SET NOT NULL).',
    fix: 'Clean up the violating rows, then ALTER TABLE … VALIDATE CONSTRAINT … (it takes only a SHARE UPDATE EXCLUSIVE lock).',
    links: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT',
      'https://github.com/ankane/pghero/blob/master/lib/pghero/methods/constraints.rb',
    ],
  },
  check({ model, lookup }) {
    return model.constraints
      .filter((c) => !c.validated && lookup.tables.has(c.table))
      .map((c) => ({
        object: c.id,
        message: `${c.id} is NOT VALID: rows that existed when it was added were never checked against ${c.definition.replace(/\s+NOT VALID$/, '')}`,
        remediation: `ALTER TABLE ${tableSql(lookup.tables.get(c.table)!)} VALIDATE CONSTRAINT ${ident(c.name)};`,
      }));
  },
};
