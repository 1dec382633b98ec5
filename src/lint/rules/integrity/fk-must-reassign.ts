/**
 * A NOT NULL FK with no ON DELETE rule (the default NO ACTION) to a parent whose rows can be deleted: deleting a
 * parent row fails while child rows reference it, so they must be reassigned (or deleted) first — seed 004's
 * "Lead: if the owner user is deleted (FK not nullable, requires reassignment)". From analysis.cascades.mustReassign.
 *
 * Left out: RESTRICT and SET DEFAULT, which state an intent; FKs whose rows a CASCADE sibling removes anyway (not in
 * mustReassign); and parents that are not deleted — a soft-delete column (`deleted_at`, `is_deleted`,
 * `archived_at`) says rows are kept, and RLS on with no permissive DELETE (or ALL) policy lets no application role
 * delete; and the tenant FK of a tenant table (`client_id → clients`): a tenant's rows are never reassigned to
 * another tenant, they go with it in an offboarding procedure. Info: the behaviour is safe (the delete fails loudly); the point is that nobody chose it.
 */
import type { Table } from '../../../model/types.js';
import { nameWords } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';
import { replaceForeignKeySql } from './sql.js';

const SOFT_DELETE = [['deleted', 'at'], ['is', 'deleted'], ['deleted'], ['archived', 'at'], ['is', 'archived'], ['archived']].map((w) => w.join(' '));

/** The parent keeps its rows instead of deleting them. */
export function softDeletes(table: Table): string | null {
  return table.columns.find((c) => SOFT_DELETE.includes(nameWords(c.name).join(' ')))?.name ?? null;
}

export const fkMustReassign: Rule = {
  meta: {
    id: 'integrity/fk-must-reassign',
    category: 'integrity',
    severity: 'info',
    description: 'A NOT NULL foreign key with no ON DELETE rule: its rows must be reassigned before the parent is deleted.',
    rationale:
      'Without an ON DELETE rule (NO ACTION is the default), deleting a parent row fails while child rows reference ' +
      'it, and the NOT NULL column cannot be cleared: the rows must be moved to another parent or deleted first. ' +
      'That may be exactly right (orders keep their creator), but the schema does not say it was chosen, and the ' +
      'first user or account deletion finds out in production.',
    fix:
      'Decide and write it down: ON DELETE RESTRICT when the rows must be reassigned first (the remediation), ON DELETE ' +
      'CASCADE when they belong to the parent, or make the column nullable with ON DELETE SET NULL when they outlive it.',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK'],
  },
  check({ analysis, lookup, model }) {
    const byId = new Map(lookup.foreignKeys.map((f) => [f.id, f]));
    const deletable = new Map<string, boolean>();
    const deletePolicies = new Set(model.policies.filter((p) => p.permissive && (p.command === 'delete' || p.command === 'all')).map((p) => p.table));
    const canDelete = (id: string) => {
      if (!deletable.has(id)) {
        const parent = lookup.tables.get(id);
        const policy = deletePolicies.has(id);
        deletable.set(id, parent !== undefined && softDeletes(parent) === null && (!parent.rls.enabled || policy));
      }
      return deletable.get(id)!;
    };
    const out: RuleFinding[] = [];
    const tenancy = analysis.tenancy;
    const isTenantFk = (f: { refTable: string; columns: string[] }) =>
      tenancy !== null && f.refTable === tenancy.root && f.columns.length === 1 && f.columns[0] === tenancy.column;
    for (const risk of analysis.cascades.mustReassign) {
      const f = byId.get(risk.foreignKey);
      if (!f || f.onDelete !== 'no action' || isTenantFk(f) || !canDelete(f.refTable)) continue;
      out.push({
        object: f.id,
        message:
          `${f.table} (${f.columns.join(', ')}) → ${f.refTable} is NOT NULL with no ON DELETE rule: rows must be reassigned ` +
          `before the parent is deleted — deleting a ${f.refTable} row fails while ${f.table} rows reference it`,
        remediation: f.deferrable ? undefined : replaceForeignKeySql(model, f, 'restrict'),
      });
    }
    return out;
  },
};
