/**
 * An audit, history or log table whose FK to the row it is about is ON DELETE CASCADE: deleting the subject
 * deletes its trail, so the record of what happened to a row vanishes exactly when it is needed (seed 000's
 * commission_boost_state_history, "financial compliance audit trail", cascades from the boost it records).
 */
import type { Rule, RuleFinding } from '../../types.js';
import { isAuditTable, keepingAction } from './cascade-into-kept-table.js';
import { replaceForeignKeySql } from './sql.js';

export const auditRowsCascade: Rule = {
  meta: {
    id: 'integrity/audit-rows-cascade',
    category: 'integrity',
    severity: 'warning',
    description: 'An audit, history or log table with an ON DELETE CASCADE foreign key to its subject.',
    rationale:
      'An audit trail or history exists to answer "what happened to this row" — most of all after it is deleted. With ' +
      'ON DELETE CASCADE its rows are deleted together with the subject, and nothing records that they existed.',
    fix:
      'Keep the rows: ON DELETE SET NULL (the trail stays, unlinked), or RESTRICT with soft deletes of the subject, or ' +
      'no FK at all (keep the id as a plain column).',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK'],
  },
  check({ lookup, model }) {
    const out: RuleFinding[] = [];
    for (const f of lookup.foreignKeys) {
      const table = lookup.tables.get(f.table)!;
      if (f.onDelete !== 'cascade' || f.refTable === f.table || !isAuditTable(table.name)) continue;
      out.push({
        object: f.id,
        message: `${f.table} (${f.columns.join(', ')}) → ${f.refTable} is ON DELETE CASCADE: deleting a ${f.refTable} row deletes its ${table.name} rows, so the trail vanishes with its subject`,
        remediation: replaceForeignKeySql(model, f, keepingAction(lookup, f)),
      });
    }
    return out;
  },
};
