/**
 * Names as documents write them → model objects. Documents say `users`, `public.users`, `Users`, `AdminUser`,
 * `LeadStatusHistory`, `Gift Card Pools`; the model has `public.users`, `public.admin_users`, … A name resolves:
 *
 * 1. exactly (`schema.name`, or a bare name in `public`, else in the only schema that has it);
 * 2. case-insensitively, the same way;
 * 3. by its folded form — singular snake_case words (`AdminUser` and `admin users` fold like `admin_users`, to
 *    `admin_user`) — when exactly one table folds the same (in `public` first); only for names written as words
 *    (capitals, spaces), not for a lower-case identifier (`audit_log` means `audit_log`, not `audit_logs`);
 * 4. as the start of exactly one table's folded name (`Metrics` → `metric_snapshots`), said so in the evidence.
 *
 * Partitions are never matched by steps 2–4 (a document means the partitioned table).
 */
import { foldedName } from '../analyze/naming.js';
import type { Func, Index, SchemaModel, Table, Trigger, View } from '../model/types.js';

export interface Resolved<T> {
  object: T;
  /** How the name was matched, when it was not written exactly (`Metrics read as public.metric_snapshots`). */
  note: string | null;
}

interface Named {
  id: string;
  schema: string;
  name: string;
}

function strip(name: string): string {
  return name.trim().replace(/^["`]|["`]$/g, '').replace(/\(\s*\)$/, '');
}

function pick<T extends Named>(candidates: T[]): T | null {
  if (candidates.length === 1) return candidates[0]!;
  const pub = candidates.filter((c) => c.schema === 'public');
  return pub.length === 1 ? pub[0]! : null;
}

/** `asWord`: the name is a word of prose ("inherits tenant via user"), folded even when it looks like an identifier. */
export function resolveNamed<T extends Named>(
  name: string,
  objects: T[],
  allowFuzzy: (o: T) => boolean = () => true,
  asWord = false,
): Resolved<T> | null {
  const n = strip(name);
  const dot = n.indexOf('.');
  if (dot > 0) {
    const [schema, rest] = [n.slice(0, dot), n.slice(dot + 1)];
    const exact = objects.find((o) => o.schema === schema && o.name === rest);
    if (exact) return { object: exact, note: null };
    const ci = objects.filter((o) => o.schema.toLowerCase() === schema.toLowerCase() && o.name.toLowerCase() === rest.toLowerCase());
    return ci.length === 1 ? { object: ci[0]!, note: null } : null;
  }
  const exact = pick(objects.filter((o) => o.name === n));
  if (exact) return { object: exact, note: null };
  const ci = pick(objects.filter((o) => o.name.toLowerCase() === n.toLowerCase()));
  if (ci) return { object: ci, note: null };
  // A name written as an identifier (`audit_log`) means that identifier: only words (`AuditLog`, `Gift Cards`) fold.
  if (!asWord && /^[a-z_][a-z0-9_$]*$/.test(n)) return null;
  const fuzzy = objects.filter(allowFuzzy);
  const folded = foldedName(n);
  if (folded === '') return null;
  const byFold = pick(fuzzy.filter((o) => foldedName(o.name) === folded));
  if (byFold) return { object: byFold, note: `${n} read as ${byFold.id}` };
  const byPrefix = pick(fuzzy.filter((o) => foldedName(o.name).startsWith(`${folded}_`)));
  if (byPrefix) return { object: byPrefix, note: `${n} read as ${byPrefix.id}` };
  return null;
}

/** Tables a document can mean: the user's and the platform's (`auth.users`), not extensions'. */
export function resolveTable(model: SchemaModel, name: string, asWord = false): Resolved<Table> | null {
  const tables = model.tables.filter((t) => t.origin !== 'extension');
  return resolveNamed(name, tables, (t) => t.partitionOf === null && t.origin === 'user', asWord);
}

export function resolveView(model: SchemaModel, name: string): Resolved<View> | null {
  return resolveNamed(name, model.views.filter((v) => v.origin !== 'extension'), (v) => v.origin === 'user');
}

/** Functions by name (any arguments): several overloads resolve to the first, by id. */
export function resolveFunctions(model: SchemaModel, name: string): Func[] {
  const n = strip(name);
  const dot = n.indexOf('.');
  const fns = model.functions.filter((f) => f.origin !== 'extension');
  if (dot > 0) return fns.filter((f) => f.schema === n.slice(0, dot) && f.name === n.slice(dot + 1));
  const exact = fns.filter((f) => f.name === n);
  const pub = exact.filter((f) => f.schema === 'public');
  return pub.length ? pub : exact;
}

export function indexNamed(model: SchemaModel, name: string): Index | null {
  const n = strip(name);
  const dot = n.indexOf('.');
  if (dot > 0) return model.indexes.find((i) => i.id === n) ?? null;
  const found = model.indexes.filter((i) => i.name === n);
  return found.find((i) => i.id.startsWith('public.')) ?? found[0] ?? null;
}

export function triggersNamed(model: SchemaModel, name: string): Trigger[] {
  const n = strip(name);
  return model.triggers.filter((t) => t.name === n);
}

/** A column of a table: exact name, else the one whose name differs only in case. */
export function columnNamed(table: Table, name: string) {
  const n = strip(name);
  return table.columns.find((c) => c.name === n) ?? pickOne(table.columns.filter((c) => c.name.toLowerCase() === n.toLowerCase()));
}

function pickOne<T>(xs: T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}
