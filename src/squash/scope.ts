/**
 * Which objects of a model are the user's schema — what `squash` writes and what its round trip compares. One
 * selection for both, so that the script and the proof can never disagree about what is in scope.
 *
 * Objects with an origin (schemas, tables, views, functions, types, sequences) are in scope when it is `user`:
 * objects of extensions are made by `CREATE EXTENSION`, and those of a platform shim (Supabase's `auth`, `storage`)
 * by the platform. Objects without one follow what they belong to: columns, constraints, indexes and RLS flags
 * their table; grants and comments their object. Two kinds cross that line on purpose, because projects add them to
 * platform tables: triggers on a platform table that call a user function (Supabase's `on_auth_user_created` on
 * `auth.users`), and policies, which are always the user's (the platforms create none; `storage.objects` policies
 * are the project's).
 */
import type {
  Column,
  CompositeType,
  Constraint,
  Domain,
  Enum,
  Extension,
  ForeignKey,
  Func,
  Grant,
  Index,
  Policy,
  Publication,
  Schema,
  SchemaModel,
  Sequence,
  Table,
  Trigger,
  View,
} from '../model/types.js';

export interface Scope {
  model: SchemaModel;
  schemas: Schema[];
  extensions: Extension[];
  tables: Table[];
  constraints: Constraint[];
  foreignKeys: ForeignKey[];
  indexes: Index[];
  views: View[];
  functions: Func[];
  triggers: Trigger[];
  policies: Policy[];
  enums: Enum[];
  domains: Domain[];
  compositeTypes: CompositeType[];
  /** Every user sequence, identity ones included (those are written as options of their column). */
  sequences: Sequence[];
  grants: Grant[];
  publications: Publication[];
  /** Lookups over the whole model (platform objects included). */
  relation(id: string): Table | View | undefined;
  column(id: string): { table: Table | View; column: Pick<Column, 'name'> } | undefined;
  func(id: string): Func | undefined;
}

const cache = new WeakMap<SchemaModel, Scope>();

export function scopeOf(model: SchemaModel): Scope {
  const hit = cache.get(model);
  if (hit) return hit;
  const user = <T extends { origin: string }>(xs: T[]) => xs.filter((x) => x.origin === 'user');
  const relations = new Map<string, Table | View>([...model.tables, ...model.views].map((r) => [r.id, r]));
  const columns = new Map<string, { table: Table | View; column: Pick<Column, 'name'> }>();
  for (const r of relations.values()) for (const c of r.columns) columns.set(`${r.id}.${c.name}`, { table: r, column: c });
  const functions = new Map(model.functions.map((f) => [f.id, f]));

  const tables = user(model.tables);
  const views = user(model.views);
  const userRelations = new Set([...tables, ...views].map((r) => r.id));
  const userFunctions = new Set(user(model.functions).map((f) => f.id));
  const sequences = user(model.sequences);
  const userSchemas = new Set(user(model.schemas).map((s) => s.id));
  const userSequences = new Set(sequences.map((s) => s.id));

  const grantInScope = (g: Grant): boolean => {
    switch (g.objectKind) {
      case 'table':
      case 'view':
        return userRelations.has(g.object);
      case 'column': {
        const c = columns.get(g.object);
        return c !== undefined && userRelations.has(c.table.id);
      }
      case 'sequence':
        return userSequences.has(g.object);
      case 'schema':
        return userSchemas.has(g.object);
      case 'function':
        return userFunctions.has(g.object);
    }
  };

  const scope: Scope = {
    model,
    schemas: user(model.schemas),
    extensions: model.extensions.filter((e) => e.name !== 'plpgsql'),
    tables,
    constraints: model.constraints.filter((c) => userRelations.has(c.table)),
    foreignKeys: model.foreignKeys.filter((f) => userRelations.has(f.table)),
    indexes: model.indexes.filter((i) => userRelations.has(i.table)),
    views,
    functions: user(model.functions),
    triggers: model.triggers.filter((t) => userRelations.has(t.table) || userFunctions.has(t.function)),
    policies: model.policies,
    enums: user(model.enums),
    domains: user(model.domains),
    compositeTypes: user(model.compositeTypes),
    sequences,
    grants: model.grants.filter(grantInScope),
    publications: model.publications,
    relation: (id) => relations.get(id),
    column: (id) => columns.get(id),
    func: (id) => functions.get(id),
  };
  cache.set(model, scope);
  return scope;
}
