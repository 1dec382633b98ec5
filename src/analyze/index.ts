/**
 * `analyze(model, options)`: every derived fact the documents, lint and verify need, computed once from the model.
 * Pure: no database, no files. Async only because the Postgres expression parser (WASM) loads once first.
 */
import { analyzeCascades } from './cascades.js';
import { analyzeDomains } from './domains.js';
import { analyzeForeignKeyIndexes } from './fk-indexes.js';
import { analyzeGraph } from './graph.js';
import { buildLookup } from './lookup.js';
import { analyzeNaming, findDuplicates } from './naming.js';
import { analyzeRelationships } from './relationships.js';
import { loadExpressionParser } from './sql-expr.js';
import { analyzeStateMachines } from './state-machines.js';
import { analyzeTenancy } from './tenancy.js';
import { ANALYSIS_FORMAT, type Analysis, type AnalysisOptions } from './types.js';
import type { SchemaModel } from '../model/types.js';

export async function analyze(model: SchemaModel, options: AnalysisOptions = {}): Promise<Analysis> {
  await loadExpressionParser();
  const lookup = buildLookup(model);
  const graph = analyzeGraph(lookup);
  const { tenancy, candidates } = analyzeTenancy(lookup, options);
  return {
    format: ANALYSIS_FORMAT,
    tables: [...lookup.tables.keys()],
    ...graph,
    relationships: analyzeRelationships(lookup),
    foreignKeyIndexes: analyzeForeignKeyIndexes(lookup),
    cascades: analyzeCascades(lookup),
    domains: analyzeDomains(lookup, options),
    tenancy,
    tenantCandidates: candidates,
    stateMachines: analyzeStateMachines(lookup, options),
    duplicates: findDuplicates(lookup, options.unappliedTables ?? []),
    naming: analyzeNaming(lookup),
  };
}

export * from './types.js';
