/**
 * An FK from a scoped table to another scoped table that does not include the tenant column, with no guard FK that
 * does: `videos.user_id → users(id)` lets a videos row of tenant A point at a users row of tenant B, and every
 * join through it crosses tenants. Seed 000's fix is a guard beside it, `(redemption_id, client_id) →
 * redemptions(id, client_id)` (Relationship.guardOf), which makes both rows agree on the tenant.
 *
 * A guard counts when it is an FK of the same table to the same parent whose columns include this FK's (each at
 * the same parent column) and the tenant column at the parent's tenant column — the FK whose guardOf this one is,
 * or a wider one beyond it. FKs to the root (the tenant FK itself) and to tables without the tenant column (no
 * tenant to compare) are left out, and so is a guard that checks other columns (its guarded FK is the one
 * reported); self-references are not: a row pointing at another tenant's row of its own
 * table is the same leak.
 *
 * The fix creates what the guard needs: the parent's UNIQUE (id, tenant) when it has none, and an index on the
 * child's (x_id, tenant) when no index serves the new FK (analysis/fk-indexes.ts `covers`), so that applying it does
 * not make a structure/fk-without-index finding; the planner then drops that rule's narrower (x_id) index.
 */
import { covers } from '../../../analyze/fk-indexes.js';
import type { ForeignKey } from '../../../model/types.js';
import { ident, identList } from '../../../model/sql-text.js';
import type { Rule, RuleFinding } from '../../types.js';
import { fkDefinition, objectName, tableName, tableSql } from '../integrity/sql.js';

/** SET NULL / SET DEFAULT with a column list (only the FK's own columns, never the tenant) needs PostgreSQL 15. */
const COLUMN_LIST_ACTIONS = 150000;

export const crossTenantReference: Rule = {
  meta: {
    id: 'tenancy/cross-tenant-reference',
    category: 'tenancy',
    severity: 'warning',
    description: 'A foreign key between two tenant tables that does not include the tenant column, and no guard FK that checks it.',
    rationale:
      'RLS checks the tenant of each row on its own; an FK only checks that the referenced row exists — in any tenant. ' +
      'Without the tenant column in the key, a row of one tenant can reference another tenant\'s row (a bug, an ' +
      'import, a guessed id), and joins through it then mix tenants. A composite "guard" FK (x_id, tenant) → ' +
      'parent(id, tenant) makes the database enforce that both rows belong to the same tenant.',
    fix:
      'Add UNIQUE (id, tenant) on the parent and the guard FK (x_id, tenant) → parent (id, tenant) beside the existing ' +
      'FK, with the same ON DELETE rule (a NO ACTION guard beside a CASCADE FK makes deletes depend on creation order).',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK', 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ analysis, lookup, model }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const column = tenancy.column;
    const scoped = new Set(tenancy.scoped);
    // FKs that guard another (Relationship.guardOf): judged with the FK they guard.
    const isGuard = new Set(analysis.relationships.flatMap((r) => (r.guardOf !== null && r.foreignKey !== null ? [r.foreignKey] : [])));
    /** g checks f's rows and the tenant: same parent, every f column at the same parent column, and the tenant column. */
    const guards = (g: ForeignKey, f: ForeignKey) =>
      g !== f &&
      g.refTable === f.refTable &&
      f.columns.every((c, i) => {
        const j = g.columns.indexOf(c);
        return j >= 0 && g.refColumns[j] === f.refColumns[i];
      }) &&
      g.refColumns[g.columns.indexOf(column)] === column;
    const out: RuleFinding[] = [];
    for (const f of lookup.foreignKeys) {
      // A guard of another FK is judged with it: the relationship is the guarded FK's.
      if (!scoped.has(f.table) || !scoped.has(f.refTable) || f.columns.includes(column) || isGuard.has(f.id)) continue;
      // Any FK that includes this one's columns and the tenant — its guardOf, or a wider one beyond it.
      if ((lookup.outgoing.get(f.table) ?? []).some((g) => guards(g, f))) continue;
      const key = [...f.refColumns, column];
      const guardColumns = [...f.columns, column];
      const parentHasKey = (lookup.uniqueKeys.get(f.refTable) ?? []).some((k) => k.length === key.length && key.every((c) => k.includes(c)));
      const parentName = tableName(model, f.refTable);
      const childName = tableName(model, f.table);
      const keyName = objectName(parentName, key.join('_'), 'key');
      const guardName = objectName(childName, [...f.columns, column].join('_'), 'fkey');
      const listed = f.onDelete === 'set null' || f.onDelete === 'set default';
      const onDelete = listed && model.engine.serverVersionNum < COLUMN_LIST_ACTIONS ? 'no action' : f.onDelete === 'restrict' ? 'no action' : f.onDelete;
      const definition = fkDefinition(model, {
        columns: guardColumns,
        refTable: f.refTable,
        refColumns: key,
        onDelete,
        ...(listed ? { onDeleteColumns: f.columns } : {}),
        match: f.match,
        deferrable: f.deferrable,
        initiallyDeferred: f.initiallyDeferred,
      });
      const child = tableSql(model, f.table);
      const guard = { ...f, columns: guardColumns };
      const served = (lookup.indexesByTable.get(f.table) ?? []).some((i) => covers(i, guard));
      out.push({
        object: f.id,
        message:
          `${f.table} (${f.columns.join(', ')}) → ${f.refTable} does not include ${column}, and no guard FK checks it: ` +
          `a row of ${childName} in one tenant can reference a row of ${parentName} in another`,
        remediation: [
          ...(parentHasKey ? [] : [`CREATE UNIQUE INDEX IF NOT EXISTS ${ident(keyName)} ON ${tableSql(model, f.refTable)} (${identList(key)});`]),
          `ALTER TABLE ${child} ADD CONSTRAINT ${ident(guardName)} ${definition} NOT VALID;`,
          `ALTER TABLE ${child} VALIDATE CONSTRAINT ${ident(guardName)};`,
          ...(served ? [] : [`CREATE INDEX ON ${child} (${identList(guardColumns)});`]),
        ].join('\n'),
      });
    }
    return out;
  },
};
