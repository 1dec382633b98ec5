/**
 * Relationships: one per foreign key, with its cardinality, plus one many-to-many relationship per N:M junction
 * table. `relationships.md` (seed 004's "Cardinality Reference") and the ERD are rendered from this list, so the
 * rules below are the documented meaning of "one-to-one", "N:M junction" and so on (DESIGN.md, "Cardinality").
 *
 * Cardinality of an FK, first rule that applies:
 *   1. the FK references its own table                                   ⇒ 'self-referential'
 *   2. some unique key of the child table (PK, UNIQUE constraint, or valid non-partial unique index, as
 *      `lookup.uniqueKeys` holds them) is made only of FK columns         ⇒ 'one-to-one'
 *   3. otherwise                                                          ⇒ 'one-to-many'
 * `optional`: some FK column is nullable (MATCH SIMPLE: a row with a NULL FK column has no parent).
 * `guardOf`: when the FK's columns strictly include the columns of another FK of the same table to the same
 * referenced table — `(redemption_id, client_id) → redemptions(id, client_id)` beside `redemption_id →
 * redemptions(id)` — that other FK's id (among several, the one with the most columns, then the lowest id): the
 * wider FK only checks that both rows agree (on the tenant), it is not a second relationship. Null otherwise, and
 * for many-to-many relationships.
 *
 * N:M junction. A table J is the junction of tables A and B when one of its keys K (the primary key first, then
 * its other unique keys in lookup order; the first key that qualifies wins, so a table is at most one junction):
 *   - is covered by exactly two "sides": FKs of J, not to J itself, whose columns all lie in K (an FK whose
 *     columns lie strictly inside another side's columns, such as `tenant_id` beside `(tenant_id, a_id)`, is
 *     implied by that side and does not count). Three or more sides are a ternary association: not reported;
 *   - is exactly the union of the two sides' columns, and every column of K is NOT NULL;
 *   - neither side is unique on its own (else each A row links at most one B row: that is not N:M);
 *   - has no FK to a third table, other than actor columns (`assigned_by`), guards of a side (FKs to the side's
 *     table whose columns strictly include the side's: `(project_id, tenant_id) → projects(id, tenant_id)` beside
 *     the side `project_id → projects(id)`), and FKs implied by a side or by such a guard: a row that also points
 *     at a mission progress or a redemption is an entity of its own (seed 000's raffle_participations is
 *     one-to-many with missions, not an N:M of missions and users);
 *   - leaves few other columns: at most MAX_PAYLOAD_COLUMNS columns outside K that are not bookkeeping.
 *     Bookkeeping columns are the primary key's columns when the PK is not K (a surrogate `id`), date/time
 *     columns (`created_at`, `assigned_at`, `createdAt`), booleans (`is_active`) and actor columns named
 *     `*_by` / `*By` (with an optional `_id` / `Id`: `assigned_by`, `granted_by_id`).
 * Both sides may reference the same table (`follows(follower_id, followee_id)` → users): that is the N:M of the
 * table with itself, reported with `from` = `to`.
 * Guard FKs do not disturb this: a guard that lies inside K makes the FK it guards "strictly inside another side"
 * and takes its place as the side (the key `(tenant_id, project_id, person_id)` is covered by the two composite
 * guards, not by `project_id` and `person_id` alone); a guard outside K is not a third table.
 * For each junction: one extra relationship, cardinality 'many-to-many', foreignKey null, foreignKeys = the two
 * FK ids sorted, from/to = the two joined tables sorted, via = J; and the two side FKs get `junction: true` (their
 * cardinality stays what the rules above say, one-to-many in practice).
 *
 * Order of the output: FK relationships by FK id, then many-to-many relationships by `via`, then `from`.
 * Cost: linear in the number of FKs, keys and columns (each table is looked at once), except that `guardOf`
 * compares the FKs of one table pairwise (a handful per table in practice).
 */
import type { ForeignKey, Table } from '../model/types.js';
import { byCodePoint, isUnique, type Lookup } from './lookup.js';
import type { Cardinality, Relationship } from './types.js';

/** At most this many non-key, non-bookkeeping columns on a junction table. */
export const MAX_PAYLOAD_COLUMNS = 4;

/** A junction table, the key that makes it one, and its two side FKs (sorted by id). */
export interface Junction {
  table: string;
  key: string[];
  sides: [ForeignKey, ForeignKey];
}

export function analyzeRelationships(lookup: Lookup): Relationship[] {
  const junctions = findJunctions(lookup);
  const sideIds = new Set(junctions.flatMap((j) => j.sides.map((s) => s.id)));

  const fkRelationships = [...lookup.foreignKeys]
    .sort((a, b) => byCodePoint(a.id, b.id))
    .map((f) => fkRelationship(lookup, f, sideIds.has(f.id), guardOf(lookup, f)?.id ?? null));
  const manyToMany = junctions
    .map(manyToManyRelationship)
    .sort((a, b) => byCodePoint(a.via ?? '', b.via ?? '') || byCodePoint(a.from, b.from));
  return [...fkRelationships, ...manyToMany];
}

export function cardinalityOf(lookup: Lookup, f: ForeignKey): Cardinality {
  if (f.table === f.refTable) return 'self-referential';
  if (isUnique(lookup, f.table, f.columns)) return 'one-to-one';
  return 'one-to-many';
}

/**
 * The FK that `f` guards: another FK of the same table to the same referenced table whose columns lie strictly
 * inside f's; among several, the one with the most columns, then the lowest id. Undefined when there is none.
 */
export function guardOf(lookup: Lookup, f: ForeignKey): ForeignKey | undefined {
  let best: ForeignKey | undefined;
  for (const g of lookup.outgoing.get(f.table) ?? []) {
    if (g.refTable !== f.refTable || !isStrictSubset(g.columns, f.columns)) continue;
    if (!best || g.columns.length > best.columns.length || (g.columns.length === best.columns.length && byCodePoint(g.id, best.id) < 0)) best = g;
  }
  return best;
}

/** Some FK column can be NULL. */
export function isOptional(lookup: Lookup, f: ForeignKey): boolean {
  return f.columns.some((c) => lookup.column(f.table, c)?.nullable === true);
}

function fkRelationship(lookup: Lookup, f: ForeignKey, junction: boolean, guard: string | null): Relationship {
  return {
    foreignKey: f.id,
    foreignKeys: [f.id],
    from: f.table,
    to: f.refTable,
    columns: [...f.columns],
    refColumns: [...f.refColumns],
    cardinality: cardinalityOf(lookup, f),
    via: null,
    optional: isOptional(lookup, f),
    composite: f.columns.length > 1,
    junction,
    guardOf: guard,
  };
}

function manyToManyRelationship(j: Junction): Relationship {
  const [from, to] = [j.sides[0].refTable, j.sides[1].refTable].sort(byCodePoint) as [string, string];
  return {
    foreignKey: null,
    foreignKeys: j.sides.map((s) => s.id),
    from,
    to,
    columns: [],
    refColumns: [],
    cardinality: 'many-to-many',
    via: j.table,
    optional: false,
    composite: false,
    junction: false,
    guardOf: null,
  };
}

/** Every junction table, in table id order. Only tables with two or more outgoing FKs can be one. */
export function findJunctions(lookup: Lookup): Junction[] {
  const found: Junction[] = [];
  for (const [tableId, fks] of lookup.outgoing) {
    const table = lookup.tables.get(tableId);
    if (!table || fks.length < 2) continue;
    const junction = junctionOf(lookup, table, fks);
    if (junction) found.push(junction);
  }
  return found.sort((a, b) => byCodePoint(a.table, b.table));
}

function junctionOf(lookup: Lookup, table: Table, fks: ForeignKey[]): Junction | null {
  for (const key of keysPrimaryFirst(lookup, table.id)) {
    const sides = sidesOf(table.id, key, fks);
    if (sides && qualifies(lookup, table, key, sides, fks)) return { table: table.id, key, sides };
  }
  return null;
}

/** The table's unique keys, the primary key first, otherwise in lookup order. */
function keysPrimaryFirst(lookup: Lookup, tableId: string): string[][] {
  const pk = lookup.primaryKey.get(tableId) ?? [];
  const keys = lookup.uniqueKeys.get(tableId) ?? [];
  const isPk = (key: string[]) => pk.length > 0 && sameSet(key, pk);
  return [...keys.filter(isPk), ...keys.filter((k) => !isPk(k))];
}

/** The two FKs that make up the key exactly, sorted by id; null when the key is not made of two FKs. */
function sidesOf(tableId: string, key: string[], fks: ForeignKey[]): [ForeignKey, ForeignKey] | null {
  const inKey = new Set(key);
  const inside = fks.filter((f) => f.refTable !== tableId && f.columns.every((c) => inKey.has(c)));
  const sides = inside.filter((f) => !inside.some((g) => g !== f && isStrictSubset(f.columns, g.columns)));
  if (sides.length !== 2) return null;
  const covered = new Set(sides.flatMap((s) => s.columns));
  if (covered.size !== inKey.size) return null; // sides lie in the key, so equal sizes mean equal sets
  return [...sides].sort((a, b) => byCodePoint(a.id, b.id)) as [ForeignKey, ForeignKey];
}

function qualifies(lookup: Lookup, table: Table, key: string[], sides: [ForeignKey, ForeignKey], fks: ForeignKey[]): boolean {
  if (key.some((c) => lookup.column(table.id, c)?.nullable !== false)) return false;
  if (sides.some((s) => isUnique(lookup, table.id, s.columns))) return false;
  // a side, and the guards of a side (same referenced table, the side's columns and more): checks, not third tables
  const family = fks.filter((f) => sides.includes(f) || sides.some((s) => s.refTable === f.refTable && isStrictSubset(s.columns, f.columns)));
  const others = fks.filter((f) => !family.includes(f) && !family.some((s) => isStrictSubset(f.columns, s.columns)));
  if (others.some((f) => !f.columns.every(isActorName))) return false;
  return payloadColumns(lookup, table, key).length <= MAX_PAYLOAD_COLUMNS;
}

/** Columns outside the key that carry data of their own (not a surrogate id, a timestamp, a flag or an actor). */
export function payloadColumns(lookup: Lookup, table: Table, key: string[]): string[] {
  const inKey = new Set(key);
  const pk = new Set(lookup.primaryKey.get(table.id) ?? []);
  return table.columns
    .filter((c) => !inKey.has(c.name) && !pk.has(c.name))
    .filter((c) => !isTimeType(c.type) && c.type !== 'boolean' && !isActorName(c.name))
    .map((c) => c.name);
}

/** `timestamp with time zone`, `timestamp(3) without time zone`, `date`, `time …` (and the short aliases). */
function isTimeType(type: string): boolean {
  return /^(timestamptz|timestamp|timetz|time|date)\b/.test(type);
}

/** `assigned_by`, `granted_by_id`, `createdBy`, `createdById`. */
function isActorName(name: string): boolean {
  return /(_by(_id)?|[a-z0-9]By(Id)?)$/.test(name);
}

function sameSet(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((c) => set.has(c));
}

function isStrictSubset(a: string[], b: string[]): boolean {
  const set = new Set(b);
  return a.length < b.length && a.every((c) => set.has(c));
}
