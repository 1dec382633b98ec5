/**
 * SQL names for lint remediations, shared by every rule: always schema-qualified (a fix must not depend on the
 * reader's search_path) and quoted the way `quote_ident()` quotes (model/sql-text.ts has the keyword list).
 */
import { ident } from '../model/sql-text.js';
import type { Func, SchemaModel, Table } from '../model/types.js';

/** `schema.name` as SQL. */
export function relationSql(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

const relations = new WeakMap<SchemaModel, Map<string, { schema: string; name: string }>>();

/** The table or view of an id (tables and views indexed once per model). */
export function relationOf(model: SchemaModel, id: string): { schema: string; name: string } | undefined {
  let byId = relations.get(model);
  if (!byId) {
    byId = new Map([...model.views, ...model.tables].map((r) => [r.id, r]));
    relations.set(model, byId);
  }
  return byId.get(id);
}

const tables = new WeakMap<SchemaModel, Map<string, Table>>();

/** The table of an id (`model.tables.find` by id, indexed once per model: rules ask per policy, per finding). */
export function tableOf(model: SchemaModel, id: string): Table | undefined {
  let byId = tables.get(model);
  if (!byId) {
    byId = new Map();
    for (const t of model.tables) if (!byId.has(t.id)) byId.set(t.id, t);
    tables.set(model, byId);
  }
  return byId.get(id);
}

/** A table or view id as SQL (ids are never split on dots when the model knows them). */
export function relationIdSql(model: SchemaModel, id: string): string {
  const r = relationOf(model, id);
  if (r) return relationSql(r.schema, r.name);
  const dot = id.indexOf('.');
  return dot < 0 ? ident(id) : relationSql(id.slice(0, dot), id.slice(dot + 1));
}

/** `schema.name(argtypes)` as SQL, for ALTER/REVOKE … ON FUNCTION. */
export function functionSql(fn: Func): string {
  return `${relationSql(fn.schema, fn.name)}(${fn.identityArgs})`;
}
