/**
 * A NO ACTION / RESTRICT FK beside an ON DELETE CASCADE FK of the same child to the same parent whose columns it
 * includes — creator-loyalty's `(redemption_id, client_id) → redemptions(id, client_id)` beside
 * `redemption_id → redemptions(id) ON DELETE CASCADE` (analysis.cascades.deleteEffects[].orderDependent). The
 * cascade removes every row the NO ACTION FK checks, but PostgreSQL runs the two constraint triggers in name order,
 * in practice creation order: the same delete succeeds on one database and fails on another built in another order.
 */
import { hasCascadeSibling } from '../../../analyze/cascades.js';
import type { Rule, RuleFinding } from '../../types.js';
import { replaceForeignKeySql } from './sql.js';

export const orderDependentDelete: Rule = {
  meta: {
    id: 'integrity/order-dependent-delete',
    category: 'integrity',
    severity: 'warning',
    description: 'A NO ACTION foreign key beside a CASCADE one on the same rows: whether a delete succeeds depends on constraint creation order.',
    rationale:
      'When a parent row is deleted, the CASCADE FK deletes the child rows and the NO ACTION FK checks that none are ' +
      'left. PostgreSQL fires the two referential-integrity triggers in name order, which follows creation order: if ' +
      'the check runs first the delete fails, otherwise it succeeds. A restored dump, a squashed migration or a ' +
      're-created constraint can flip the order, and the same delete starts failing.',
    fix: 'Give the NO ACTION FK the same ON DELETE CASCADE: it then removes the rows it would have blocked on, whichever trigger runs first.',
    links: ['https://www.postgresql.org/docs/current/trigger-definition.html', 'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK'],
  },
  check({ analysis, lookup, model }) {
    const byId = new Map(lookup.foreignKeys.map((f) => [f.id, f]));
    const deletes = new Map<string, string[]>();
    for (const e of analysis.cascades.deleteEffects) {
      for (const id of e.orderDependent) {
        const tables = deletes.get(id);
        if (tables) tables.push(e.table);
        else deletes.set(id, [e.table]);
      }
    }
    const out: RuleFinding[] = [];
    for (const [id, tables] of [...deletes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const f = byId.get(id);
      if (!f || !hasCascadeSibling(lookup, f)) continue;
      const sibling = (lookup.outgoing.get(f.table) ?? []).find(
        (g) => g !== f && g.onDelete === 'cascade' && g.refTable === f.refTable && g.columns.every((c) => f.columns.includes(c)),
      );
      const others = tables.filter((t) => t !== f.refTable);
      const via = others.length ? ` (also when the delete cascades from ${others.join(', ')})` : '';
      out.push({
        object: f.id,
        message:
          `deleting a ${f.refTable} row${via} succeeds or fails depending on constraint creation order: ` +
          `${sibling ? `${sibling.name} (ON DELETE CASCADE)` : 'a CASCADE FK'} deletes the ${f.table} rows that ${f.name} ` +
          `(${f.onDelete.toUpperCase()}) checks for, but PostgreSQL may run the check first`,
        remediation: replaceForeignKeySql(model, f, 'cascade'),
      });
    }
    return out;
  },
};
