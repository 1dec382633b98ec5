/**
 * Object-level comparison of two models: the proof of a squash round trip (the original schema against the one its
 * script rebuilt), and usable for any two models of one schema.
 *
 * Compared: every user object that scope.ts selects (what `squash` writes) — schemas, extensions (name and schema),
 * tables and their RLS flags, columns (position, type, nullability, default, identity, generated, collation),
 * constraints (with the FK fields), indexes, views, functions, triggers, policies, enums, domains, composite types,
 * sequences, grants, publications — and every comment, field by field.
 * Not compared: `source` and `engine` (where and on what the model was read), extension versions (the sandbox has
 * its own), `estimatedRows` (statistics, not schema), `roles` (they belong to the server, not the schema; the script
 * only names them), `settings` (database-level, not part of a schema script), objects of extensions and the platform
 * shim — and, with `owners: false`, owners (a script written without `--owners` leaves them to whoever runs it).
 */
import type { SchemaModel } from '../model/types.js';
import { scopeOf } from './scope.js';

export interface Difference {
  /** What kind of object: `table`, `column`, `constraint`, `index`, `view`, `function`, `trigger`, `policy`, … */
  kind: string;
  /** The object's id in the model (`public.users.email`, `public.users_email_idx`, `public.t:anon:select`, …). */
  object: string;
  /** `missing`: only in the first model; `extra`: only in the second; `changed`: `field` differs. */
  change: 'missing' | 'extra' | 'changed';
  /** The field that differs (`default`, `rls.enabled`, `definition`, …); null when the object is on one side only. */
  field: string | null;
  /** The field's value in each model, as JSON text; null when the object is absent there. */
  from: string | null;
  to: string | null;
}

export interface CompareOptions {
  /** Compare owners (default true). */
  owners?: boolean;
}

const KINDS = [
  'schema', 'extension', 'type', 'sequence', 'function', 'table', 'column', 'constraint', 'index', 'view', 'trigger',
  'policy', 'publication', 'grant',
] as const;
type Kind = (typeof KINDS)[number];

type Entries = Map<Kind, Map<string, Record<string, unknown>>>;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareModels(a: SchemaModel, b: SchemaModel, options: CompareOptions = {}): Difference[] {
  const left = entries(a, options);
  const right = entries(b, options);
  const out: Difference[] = [];
  for (const kind of KINDS) {
    const l = left.get(kind)!;
    const r = right.get(kind)!;
    const ids = [...new Set([...l.keys(), ...r.keys()])].sort(byCodePoint);
    for (const id of ids) {
      const x = l.get(id);
      const y = r.get(id);
      if (!x || !y) {
        out.push({ kind: kindName(kind, x ?? y!), object: id, change: x ? 'missing' : 'extra', field: null, from: null, to: null });
        continue;
      }
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((f) => f !== '$kind').sort(byCodePoint);
      for (const field of fields) {
        const from = JSON.stringify(x[field] ?? null);
        const to = JSON.stringify(y[field] ?? null);
        if (from !== to) out.push({ kind: kindName(kind, x), object: id, change: 'changed', field, from, to });
      }
    }
  }
  return out;
}

/** How many objects a comparison of this model looks at (its user objects, columns, grants and comments included). */
export function countObjects(model: SchemaModel): number {
  let n = 0;
  for (const m of entries(model, {}).values()) n += m.size;
  return n;
}

/**
 * One line, naming the second model `second`: `index public.users_email_idx: missing from the rebuilt schema`,
 * `column public.users.email: default: "'a'::text" → "'b'::text"`.
 */
export function formatDifference(d: Difference, second = 'the second model'): string {
  const what = `${d.kind} ${d.object}`;
  if (d.change === 'missing') return `${what}: missing from ${second}`;
  if (d.change === 'extra') return `${what}: only in ${second}`;
  return `${what}: ${d.field}: ${d.from} → ${d.to}`;
}

function kindName(kind: Kind, entry: Record<string, unknown>): string {
  return typeof entry.$kind === 'string' ? entry.$kind : kind;
}

/** Every compared object of a model by kind and id, as flat records of its compared fields. */
function entries(model: SchemaModel, options: CompareOptions): Entries {
  const scope = scopeOf(model);
  const drop = new Set(['id', 'origin', 'estimatedRows', ...(options.owners === false ? ['owner'] : [])]);
  const flat = (o: object, extra: Record<string, unknown> = {}, leave: string[] = []): Record<string, unknown> => {
    const r: Record<string, unknown> = { ...extra };
    for (const [k, v] of Object.entries(o)) {
      if (drop.has(k) || leave.includes(k)) continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) r[`${k}.${k2}`] = v2;
      } else r[k] = v;
    }
    return r;
  };
  const map = <T extends { id: string }>(xs: T[], record: (x: T) => Record<string, unknown>) => new Map(xs.map((x) => [x.id, record(x)]));
  const fks = new Map(scope.foreignKeys.map((f) => [f.id, f]));
  const result: Entries = new Map();
  result.set('schema', map(scope.schemas, (s) => flat(s)));
  result.set('extension', map(scope.extensions, (e) => ({ schema: e.schema })));
  result.set('type', new Map([
    ...map(scope.enums, (e) => flat(e, { $kind: 'enum' })),
    ...map(scope.domains, (d) => flat(d, { $kind: 'domain' })),
    ...map(scope.compositeTypes, (c) => flat(c, { $kind: 'composite type' })),
  ]));
  result.set('sequence', map(scope.sequences, (q) => flat(q)));
  result.set('function', map(scope.functions, (f) => flat(f)));
  result.set('table', map(scope.tables, (t) => flat(t, {}, ['columns'])));
  result.set('column', new Map(scope.tables.flatMap((t) => t.columns.map((c) => [c.id, flat(c)] as const))));
  result.set('constraint', map(scope.constraints, (c) => {
    const f = fks.get(c.id);
    return { ...flat(c), ...(f ? flat(f, {}, ['table', 'name', 'columns', 'definition', 'deferrable', 'initiallyDeferred', 'validated']) : {}) };
  }));
  result.set('index', map(scope.indexes, (i) => flat(i)));
  result.set('view', map(scope.views, (v) => flat(v)));
  result.set('trigger', map(scope.triggers, (t) => flat(t)));
  result.set('policy', map(scope.policies, (p) => flat(p)));
  result.set('publication', map(scope.publications, (p) => flat(p)));
  result.set('grant', map(scope.grants, (g) => flat(g)));
  return result;
}
