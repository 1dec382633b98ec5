/**
 * Running one lint rule on a model: `await check(rule, model)` gives the rule's findings (analysis computed with
 * `options`), so a rule test lists its valid and invalid cases as small inline models (test/helpers/model.ts) or, where
 * what Postgres prints matters, one SQL fixture per test file applied once with `modelFromSql` (test/helpers/render.ts).
 */
import { analyze } from '../../src/analyze/index.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import type { AnalysisOptions } from '../../src/analyze/types.js';
import type { Rule, RuleFinding } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';

export async function check(rule: Rule, model: SchemaModel, options: AnalysisOptions = {}): Promise<RuleFinding[]> {
  const analysis = await analyze(model, options);
  return rule.check({ model, analysis, lookup: buildLookup(model) });
}

/** The object ids a rule reports, sorted. */
export async function objects(rule: Rule, model: SchemaModel, options: AnalysisOptions = {}): Promise<string[]> {
  return (await check(rule, model, options)).map((f) => f.object).sort();
}
