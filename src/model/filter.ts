/**
 * Narrowing a model to some schemas (config `schemas: { include, exclude }`). Objects are kept or dropped by the
 * schema they live in — a constraint, index, trigger or policy by its table's schema, a grant by its object's —
 * and never by splitting ids on dots (a quoted name can hold one). Extensions, roles and publications stay.
 */
import type { SchemaModel } from './types.js';

export interface SchemaFilter {
  include?: string[] | undefined;
  exclude?: string[] | undefined;
}

export function filterSchemas(model: SchemaModel, filter: SchemaFilter): SchemaModel {
  const include = filter.include && filter.include.length ? new Set(filter.include) : null;
  const exclude = new Set(filter.exclude ?? []);
  if (!include && exclude.size === 0) return model;
  const keep = (schema: string) => (!include || include.has(schema)) && !exclude.has(schema);

  const schemaOf = new Map<string, string>();
  for (const list of [model.tables, model.views, model.sequences, model.functions]) {
    for (const o of list) schemaOf.set(o.id, o.schema);
  }
  for (const t of model.tables) for (const c of t.columns) schemaOf.set(c.id, t.schema);
  const onKeptTable = (o: { table: string }) => keep(schemaOf.get(o.table) ?? '');

  return {
    ...model,
    schemas: model.schemas.filter((s) => keep(s.name)),
    tables: model.tables.filter((t) => keep(t.schema)),
    constraints: model.constraints.filter(onKeptTable),
    foreignKeys: model.foreignKeys.filter(onKeptTable),
    indexes: model.indexes.filter(onKeptTable),
    triggers: model.triggers.filter(onKeptTable),
    policies: model.policies.filter(onKeptTable),
    views: model.views.filter((v) => keep(v.schema)),
    functions: model.functions.filter((f) => keep(f.schema)),
    enums: model.enums.filter((e) => keep(e.schema)),
    domains: model.domains.filter((d) => keep(d.schema)),
    compositeTypes: model.compositeTypes.filter((c) => keep(c.schema)),
    sequences: model.sequences.filter((s) => keep(s.schema)),
    grants: model.grants.filter((g) => keep(g.objectKind === 'schema' ? g.object : (schemaOf.get(g.object) ?? ''))),
  };
}
