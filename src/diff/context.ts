/**
 * What every part of the diff shares: each side's user objects indexed by id (built once), which relations and
 * columns exist on one side only, the tenancy each side's analysis found, and `mk()`, the one way to build a
 * classified change. Pure.
 */
import type { Analysis, TenantIsolation } from '../analyze/types.js';
import type { Column, SchemaModel, Table, View } from '../model/types.js';
import type { Aspect, Change, ChangeClass, ObjectKind } from './types.js';

export interface Side {
  model: SchemaModel;
  analysis: Analysis | undefined;
  /** User tables and views by id. */
  tables: Map<string, Table>;
  views: Map<string, View>;
  /** Every column of a user table, by column id. */
  columns: Map<string, { table: Table; column: Column }>;
  /** Ids of every user object a grant can be on (schemas, relations, columns, sequences, functions). */
  grantable: Set<string>;
  /** Tenant isolation per table id, when the analysis found a tenancy. */
  isolation: Map<string, TenantIsolation>;
  /** The tenant column, when the analysis found a tenancy. */
  tenantColumn: string | null;
}

export interface DiffContext {
  from: Side;
  to: Side;
  /** Tables and views only one side has: their parts (columns, constraints, indexes, …) are folded into them. */
  addedRelations: Set<string>;
  removedRelations: Set<string>;
  /** Columns of tables both sides have that only one side has. */
  addedColumns: Set<string>;
  removedColumns: Set<string>;
}

export function side(model: SchemaModel, analysis: Analysis | undefined): Side {
  const tables = new Map(model.tables.filter((t) => t.origin === 'user').map((t) => [t.id, t]));
  const views = new Map(model.views.filter((v) => v.origin === 'user').map((v) => [v.id, v]));
  const columns = new Map<string, { table: Table; column: Column }>();
  for (const t of tables.values()) for (const c of t.columns) columns.set(c.id, { table: t, column: c });
  const grantable = new Set<string>([
    ...model.schemas.filter((s) => s.origin === 'user').map((s) => s.id),
    ...tables.keys(),
    ...views.keys(),
    ...columns.keys(),
    ...model.sequences.filter((s) => s.origin === 'user').map((s) => s.id),
    ...model.functions.filter((f) => f.origin === 'user').map((f) => f.id),
  ]);
  const tenancy = analysis?.tenancy ?? null;
  return {
    model,
    analysis,
    tables,
    views,
    columns,
    grantable,
    isolation: new Map((tenancy?.isolation ?? []).map((i) => [i.table, i])),
    tenantColumn: tenancy?.column ?? null,
  };
}

export function context(from: Side, to: Side): DiffContext {
  const relations = (s: Side) => new Set([...s.tables.keys(), ...s.views.keys()]);
  const before = relations(from);
  const after = relations(to);
  const addedColumns = new Set<string>();
  const removedColumns = new Set<string>();
  for (const [id, { table }] of to.columns) if (from.tables.has(table.id) && !from.columns.has(id)) addedColumns.add(id);
  for (const [id, { table }] of from.columns) if (to.tables.has(table.id) && !to.columns.has(id)) removedColumns.add(id);
  return {
    from,
    to,
    addedRelations: new Set([...after].filter((id) => !before.has(id))),
    removedRelations: new Set([...before].filter((id) => !after.has(id))),
    addedColumns,
    removedColumns,
  };
}

/** The parts of a change a comparison decides; `mk` turns them into a `Change`. */
export interface ChangeSpec {
  kind: ObjectKind;
  object: string;
  table?: string | null;
  change: Change['change'];
  aspect?: Aspect | null;
  breaking?: boolean;
  security?: boolean;
  reason: string;
  from?: string | null;
  to?: string | null;
  hint?: string | null;
}

export function mk(spec: ChangeSpec): Change {
  const classes: ChangeClass[] = [];
  if (spec.breaking) classes.push('breaking');
  if (spec.security) classes.push('security');
  if (classes.length === 0) classes.push('safe');
  return {
    kind: spec.kind,
    object: spec.object,
    table: spec.table ?? null,
    change: spec.change,
    aspect: spec.aspect ?? null,
    class: classes[0]!,
    classes,
    reason: spec.reason,
    from: spec.from ?? null,
    to: spec.to ?? null,
    hint: spec.hint ?? null,
  };
}

/** Objects of both sides paired by id: those only in `from`, only in `to`, and in both. */
export function pair<T extends { id: string }>(from: Iterable<T>, to: Iterable<T>) {
  const before = new Map([...from].map((o) => [o.id, o]));
  const after = new Map([...to].map((o) => [o.id, o]));
  return {
    removed: [...before.values()].filter((o) => !after.has(o.id)),
    added: [...after.values()].filter((o) => !before.has(o.id)),
    both: [...before.values()].flatMap((o) => {
      const other = after.get(o.id);
      return other ? [[o, other] as [T, T]] : [];
    }),
  };
}

/**
 * Drops and adds that look like one renamed object: for each removed object, the first added one (in id order) with
 * the same `signature`, each used once. Returns removed id → added id.
 */
export function renames<T extends { id: string }>(removed: T[], added: T[], signature: (o: T) => string): Map<string, string> {
  const free = new Map<string, T[]>();
  for (const a of added) {
    const key = signature(a);
    const list = free.get(key);
    if (list) list.push(a);
    else free.set(key, [a]);
  }
  const out = new Map<string, string>();
  for (const r of removed) {
    const match = free.get(signature(r))?.shift();
    if (match) out.set(r.id, match.id);
  }
  return out;
}

/** The name part of an id whose prefix is known (`public.users.email` minus `public.users.`). */
export function nameOf(id: string, prefix: string): string {
  return id.startsWith(`${prefix}.`) ? id.slice(prefix.length + 1) : id;
}

/** `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A role as people write it: `PUBLIC` for everyone. */
export function roleText(role: string): string {
  return role === 'public' ? 'PUBLIC' : role;
}

/** Roles whose new rights are a security matter: everyone, and the API roles of Supabase/PostgREST. */
export const EXPOSED_ROLES = new Set(['public', 'anon', 'authenticated']);
