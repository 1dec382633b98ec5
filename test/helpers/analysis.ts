/**
 * A hand-made Analysis for renderer tests: every key present and empty, with `tables` and `levels` filled from
 * the model's user tables (all level 0) and FK index coverage computed from the model, so a test only writes the
 * facts it is about:
 *
 *   const a = analysisOf(m, { relationships: [...], tenancy: {...} });
 */
import { analyzeForeignKeyIndexes } from '../../src/analyze/fk-indexes.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { ANALYSIS_FORMAT, type Analysis } from '../../src/analyze/types.js';
import type { SchemaModel } from '../../src/model/types.js';

export function analysisOf(model: SchemaModel, parts: Partial<Analysis> = {}): Analysis {
  const tables = model.tables.filter((t) => t.origin === 'user' && t.partitionOf === null).map((t) => t.id);
  const rules = () => ({ cascade: [], 'set null': [], 'set default': [], restrict: [], 'no action': [] });
  const naming = () => ({ dominant: null, counts: {}, outliers: [], mixed: false });
  return {
    format: ANALYSIS_FORMAT,
    tables,
    levels: Object.fromEntries(tables.map((t) => [t, 0])),
    loadOrder: tables,
    deleteOrder: [...tables].reverse(),
    cycles: [],
    roots: [],
    leaves: [],
    isolated: tables,
    relationships: [],
    // computed, not hand-made: several documents show it, and it is a pure function of the model
    foreignKeyIndexes: analyzeForeignKeyIndexes(buildLookup(model)),
    cascades: { onDelete: rules(), onUpdate: rules(), deleteEffects: [], detachable: [], mustReassign: [] },
    domains: { source: 'inferred', groups: [{ name: 'All tables', tables, basis: null }] },
    tenancy: null,
    tenantCandidates: [],
    stateMachines: [],
    duplicates: [],
    naming: { tables: naming(), columns: naming(), indexes: naming(), constraints: naming(), functions: naming() },
    ...parts,
  };
}
