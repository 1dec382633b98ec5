/**
 * Which index lets Postgres find an FK's child rows — on every delete or key update of a parent row, and in joins.
 * Without one, each parent delete scans the whole child table (and holds its lock while it does).
 *
 * An index covers an FK when it is on the child table, valid, not partial, and
 *   - a B-tree whose first N key columns are the FK's N columns, in any order (an index on (a, b) covers an FK on
 *     (a) or (b, a), not one on (b)); or
 *   - a unique B-tree made only of FK columns (a lookup by the FK finds at most one row through it: a unique index
 *     on (redemption_id) serves the FK (redemption_id, client_id)); or
 *   - a hash index on the single column of a single-column FK.
 * Expression keys never cover. When several cover, the one with the fewest key columns, then by name.
 *
 * Every FK whose child table is analysed is listed, in FK id order, whatever it references: the scan on a parent
 * delete happens just the same when the parent is a platform table (`public.users.id → auth.users(id)`) or an
 * extension's. So this takes the model's FKs filtered by child, not `lookup.foreignKeys` (both ends analysed).
 */
import { byCodePoint, type Lookup } from './lookup.js';
import type { ForeignKeyIndex } from './types.js';
import type { ForeignKey, Index } from '../model/types.js';

export function analyzeForeignKeyIndexes(lookup: Lookup): ForeignKeyIndex[] {
  const fks = lookup.model.foreignKeys.filter((f) => lookup.tables.has(f.table)).sort((a, b) => byCodePoint(a.id, b.id));
  return fks.map((f) => {
    const candidates = (lookup.indexesByTable.get(f.table) ?? []).filter((i) => covers(i, f));
    candidates.sort((a, b) => a.keys.length - b.keys.length || byCodePoint(a.name, b.name));
    return { foreignKey: f.id, table: f.table, columns: f.columns, index: candidates[0]?.id ?? null };
  });
}

export function covers(i: Index, f: ForeignKey): boolean {
  if (!i.valid || i.predicate !== null) return false;
  const keyColumns = i.keys.map((k) => k.column);
  if (keyColumns.some((c) => c === null)) {
    // an expression key: only the parts before it can serve
    const firstExpression = keyColumns.indexOf(null);
    if (firstExpression < f.columns.length) return false;
  }
  const wanted = new Set(f.columns);
  if (i.method === 'hash') return f.columns.length === 1 && keyColumns.length === 1 && keyColumns[0] === f.columns[0];
  if (i.method !== 'btree') return false;
  if (i.unique && keyColumns.every((c) => c !== null && wanted.has(c))) return true;
  if (keyColumns.length < f.columns.length) return false;
  const leading = keyColumns.slice(0, f.columns.length);
  return leading.every((c) => c !== null && wanted.has(c)) && new Set(leading).size === wanted.size;
}
