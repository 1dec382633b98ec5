/**
 * Cascades: what the FKs' ON DELETE / ON UPDATE rules do when a parent row goes away, for seed 004's
 * "Foreign Key Cascade Rules" and "Orphan Prevention" sections and for the lint rules about orphans.
 *
 * - `onDelete` / `onUpdate`: FK ids by rule; all five rules are present, each list sorted (possibly empty).
 * - `deleteEffects`, one per analysed table T, sorted by table id. Deleting one row of T:
 *     cascadesTo  the tables reached from T through ON DELETE CASCADE FKs, transitively (children of T with a
 *                 cascade, then their cascade children, …). T itself is never listed, even when a cascade cycle
 *                 or a self-referencing cascade leads back to it; cycles are walked once (a visited set).
 *     setsNull    FKs with ON DELETE SET NULL that reference T or a table in cascadesTo;
 *     setsDefault the same for SET DEFAULT;
 *     blockedBy   FKs with NO ACTION or RESTRICT that reference T or a table in cascadesTo: the delete fails
 *                 while such referencing rows exist. Self-references count (a NO ACTION `parent_id` blocks
 *                 deleting a row that is a parent). An FK whose own child rows are deleted by the same cascade
 *                 through some other path is still listed: whether those rows are gone depends on the rows.
 *     orderDependent  the NO ACTION / RESTRICT FKs F, from child C to a deleted table P, that have a "cascade
 *                 sibling": an ON DELETE CASCADE FK G from the same C to the same P (G ≠ F) whose columns all
 *                 are F columns, each referencing the same P column in G as in F. Every C row that F finds for the
 *                 deleted P row then matches G too (its G columns hold the P row's values), so G's cascade deletes
 *                 it: creator-loyalty's `(redemption_id, client_id) → redemptions(id, client_id)` beside
 *                 `redemption_id → redemptions(id) ON DELETE CASCADE`. Postgres fires the two RI triggers by name,
 *                 in practice the order the constraints were created in: the delete succeeds when the cascade
 *                 runs first and fails otherwise — the schema decides, not the data, but the model does not say
 *                 the order. Such an F is in orderDependent, not blockedBy.
 *   The cost is the size of the answer (each table's cascade closure and the FKs into it, each NO ACTION one
 *   compared with the other FKs of its child table), not tables².
 * - Orphan risks, each list sorted by FK id:
 *     detachable    FKs with some nullable column: a child row can exist (MATCH SIMPLE: a NULL in any FK column
 *                   turns the check off), or be left by SET NULL, without a parent.
 *     mustReassign  FKs whose columns are all NOT NULL and whose ON DELETE is not CASCADE: the children must be
 *                   reassigned or deleted before the parent. That includes NO ACTION and RESTRICT — except those
 *                   with a cascade sibling (above), whose children the cascade removes anyway; SET DEFAULT (the
 *                   children move to the default parent, which must exist, or the delete fails); and SET NULL on a
 *                   NOT NULL column, which always fails at delete time (a schema mistake that lint reports).
 *   Every FK is in exactly one of the two lists, except NOT NULL FKs with CASCADE and NOT NULL NO ACTION / RESTRICT
 *   FKs with a cascade sibling, which are in neither.
 */
import type { FkAction, ForeignKey } from '../model/types.js';
import { byCodePoint, type Lookup } from './lookup.js';
import { isOptional } from './relationships.js';
import type { Cascades, DeleteEffect, DeleteRule, OrphanRisk } from './types.js';

const RULES: readonly DeleteRule[] = ['cascade', 'set null', 'set default', 'restrict', 'no action'];

export function analyzeCascades(lookup: Lookup): Cascades {
  const fks = [...lookup.foreignKeys].sort((a, b) => byCodePoint(a.id, b.id));
  const tables = [...lookup.tables.keys()].sort(byCodePoint);
  return {
    onDelete: byRule(fks, (f) => f.onDelete),
    onUpdate: byRule(fks, (f) => f.onUpdate),
    deleteEffects: tables.map((t) => deleteEffect(lookup, t)),
    detachable: fks.filter((f) => isOptional(lookup, f)).map(orphanRisk),
    mustReassign: fks
      .filter((f) => !isOptional(lookup, f) && f.onDelete !== 'cascade' && !hasCascadeSibling(lookup, f))
      .map(orphanRisk),
  };
}

/** FK ids grouped by rule; `fks` is sorted, so every list is. */
function byRule(fks: ForeignKey[], rule: (f: ForeignKey) => FkAction): Record<DeleteRule, string[]> {
  const out = Object.fromEntries(RULES.map((r) => [r, [] as string[]])) as Record<DeleteRule, string[]>;
  for (const f of fks) out[rule(f)].push(f.id);
  return out;
}

export function deleteEffect(lookup: Lookup, tableId: string): DeleteEffect {
  const cascadesTo = cascadeClosure(lookup, tableId);
  const setsNull: string[] = [];
  const setsDefault: string[] = [];
  const blockedBy: string[] = [];
  const orderDependent: string[] = [];
  // Each FK references one table and these tables are distinct, so no FK is seen twice.
  for (const deleted of [tableId, ...cascadesTo]) {
    for (const f of lookup.incoming.get(deleted) ?? []) {
      if (f.onDelete === 'set null') setsNull.push(f.id);
      else if (f.onDelete === 'set default') setsDefault.push(f.id);
      else if (f.onDelete === 'no action' || f.onDelete === 'restrict') {
        (hasCascadeSibling(lookup, f) ? orderDependent : blockedBy).push(f.id);
      }
    }
  }
  return {
    table: tableId,
    cascadesTo,
    setsNull: setsNull.sort(byCodePoint),
    setsDefault: setsDefault.sort(byCodePoint),
    blockedBy: blockedBy.sort(byCodePoint),
    orderDependent: orderDependent.sort(byCodePoint),
  };
}

/**
 * A NO ACTION / RESTRICT FK F has a cascade sibling when another FK G of the same child table to the same parent is
 * ON DELETE CASCADE, and each G column is an F column that references, in F, the column G references: the rows F
 * finds for a parent row are then rows G finds too, and deleting the parent cascades them away.
 */
export function hasCascadeSibling(lookup: Lookup, f: ForeignKey): boolean {
  if (f.onDelete !== 'no action' && f.onDelete !== 'restrict') return false;
  const refOf = new Map(f.columns.map((c, i) => [c, f.refColumns[i]]));
  return (lookup.outgoing.get(f.table) ?? []).some(
    (g) =>
      g !== f &&
      g.onDelete === 'cascade' &&
      g.refTable === f.refTable &&
      g.columns.every((c, i) => refOf.has(c) && refOf.get(c) === g.refColumns[i]),
  );
}

/** Tables whose rows an ON DELETE CASCADE chain starting at `tableId` deletes, sorted, without `tableId`. */
export function cascadeClosure(lookup: Lookup, tableId: string): string[] {
  const seen = new Set<string>([tableId]);
  const queue = [tableId];
  for (let i = 0; i < queue.length; i++) {
    for (const f of lookup.incoming.get(queue[i]!) ?? []) {
      if (f.onDelete !== 'cascade' || seen.has(f.table)) continue;
      seen.add(f.table);
      queue.push(f.table);
    }
  }
  return queue.slice(1).sort(byCodePoint);
}

function orphanRisk(f: ForeignKey): OrphanRisk {
  return { foreignKey: f.id, table: f.table, refTable: f.refTable, columns: [...f.columns], onDelete: f.onDelete };
}
