/**
 * `diffModels(from, to)`: the classified, object-level changes between two schemas — what a reviewer of a migration
 * needs to know: what breaks (drops, narrowing, new constraints on existing rows), what weakens security (policies
 * loosened or dropped, RLS off, grants to API roles, SECURITY DEFINER), and what is safe. Only the user's objects are
 * compared (origin `user`, and the constraints, indexes, triggers, policies and grants of their tables); engine,
 * source, owners (except where code runs with the owner's rights) and planner statistics are not.
 *
 * Pure and synchronous, but policy expressions are read with the PostgreSQL parser: `await loadExpressionParser()`
 * (src/analyze/sql-expr.ts) first — `analyze()` does it, so passing analyses means it has been done.
 *
 * The analyses are optional: with them, RLS and policy changes on tenant tables say so, and a policy that stopped
 * filtering on the tenant column is known to be looser even when its expressions cannot be compared.
 */
import { parseSync } from 'libpg-query';
import type { Analysis } from '../analyze/types.js';
import type { SchemaModel } from '../model/types.js';
import { diffCompositeTypes, diffDomains, diffEnums, diffSchemas, diffSequences } from './catalog.js';
import { context, side } from './context.js';
import { diffGrants } from './grants.js';
import { diffPolicies } from './policies.js';
import { diffFunctions, diffViews } from './routines.js';
import { diffConstraints, diffIndexes, diffTables, diffTriggers } from './tables.js';
import { ASPECTS, DIFF_FORMAT, OBJECT_KINDS, type Change, type SchemaDiff } from './types.js';

export function diffModels(from: SchemaModel, to: SchemaModel, fromAnalysis?: Analysis, toAnalysis?: Analysis): SchemaDiff {
  requireParser();
  const ctx = context(side(from, fromAnalysis), side(to, toAnalysis));
  const changes = [
    ...diffSchemas(ctx),
    ...diffEnums(ctx),
    ...diffDomains(ctx),
    ...diffCompositeTypes(ctx),
    ...diffSequences(ctx),
    ...diffTables(ctx),
    ...diffConstraints(ctx),
    ...diffIndexes(ctx),
    ...diffViews(ctx),
    ...diffFunctions(ctx),
    ...diffTriggers(ctx),
    ...diffPolicies(ctx),
    ...diffGrants(ctx),
  ].sort(compareChanges);
  const count = (c: 'breaking' | 'security' | 'safe') => changes.filter((x) => x.classes.includes(c)).length;
  return {
    format: DIFF_FORMAT,
    from: { location: from.source.location, kind: from.source.kind },
    to: { location: to.source.location, kind: to.source.kind },
    summary: { changes: changes.length, breaking: count('breaking'), security: count('security'), safe: count('safe') },
    changes,
  };
}

/** Without the parser every policy expression would read as "does not parse": fail loudly instead. */
function requireParser(): void {
  try {
    parseSync('SELECT 1');
  } catch (error) {
    throw new Error('diffModels needs the expression parser: await loadExpressionParser() (src/analyze/sql-expr.ts) first', { cause: error });
  }
}

const CHANGE_RANK = { removed: 0, added: 1, changed: 2 } as const;

/** By object id (plain string order), then kind, then removed/added/changed, then aspect in `ASPECTS` order. */
function compareChanges(a: Change, b: Change): number {
  if (a.object !== b.object) return a.object < b.object ? -1 : 1;
  return (
    OBJECT_KINDS.indexOf(a.kind) - OBJECT_KINDS.indexOf(b.kind)
    || CHANGE_RANK[a.change] - CHANGE_RANK[b.change]
    || (a.aspect === null ? -1 : ASPECTS.indexOf(a.aspect)) - (b.aspect === null ? -1 : ASPECTS.indexOf(b.aspect))
  );
}

export * from './types.js';
