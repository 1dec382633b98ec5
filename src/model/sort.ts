/**
 * Determinism: the model owns its order. Every top-level array is sorted by `id` with a plain code-point
 * comparison (never locale-dependent), so the same schema always gives byte-identical JSON.
 */
import type { SchemaModel } from './types.js';

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byId = <T extends { id: string }>(list: T[]): T[] => [...list].sort((a, b) => compareIds(a.id, b.id));

export function sortModel(model: SchemaModel): SchemaModel {
  return {
    ...model,
    schemas: byId(model.schemas),
    extensions: byId(model.extensions),
    tables: byId(model.tables),
    constraints: byId(model.constraints),
    foreignKeys: byId(model.foreignKeys),
    indexes: byId(model.indexes),
    views: byId(model.views),
    functions: byId(model.functions),
    triggers: byId(model.triggers),
    policies: byId(model.policies),
    enums: byId(model.enums),
    domains: byId(model.domains),
    compositeTypes: byId(model.compositeTypes),
    sequences: byId(model.sequences),
    grants: byId(model.grants),
    roles: byId(model.roles),
    publications: byId(model.publications),
  };
}
