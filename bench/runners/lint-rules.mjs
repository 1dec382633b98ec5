#!/usr/bin/env node
// Where `lint` spends its time: each rule's check() timed on its own (same context the engine builds), then the whole
// lint() (which adds suppressions, locations and the remediation plan). Prints the slowest rules as one JSON line.
// Usage: node lint-rules.mjs SOURCE [top]
import { performance } from 'node:perf_hooks';
import { analyze, loadSchema } from '../../dist/index.js';
import { analysisOptions } from '../../dist/cli/config.js';
import { buildLookup } from '../../dist/analyze/lookup.js';
import { lint } from '../../dist/lint/engine.js';
import { RULES } from '../../dist/lint/rules/index.js';

const [source, top = '10'] = process.argv.slice(2);
const model = await loadSchema([source], { onWarning: () => undefined });
const analysis = await analyze(model, analysisOptions({}, model, []));
const ctx = { model, analysis, lookup: buildLookup(model), enabled: new Set(RULES.map((r) => r.meta.id)) };
const rules = [];
for (const rule of RULES) {
  const t = performance.now();
  const findings = [...rule.check(ctx)].length;
  rules.push({ rule: rule.meta.id, seconds: Number(((performance.now() - t) / 1000).toFixed(3)), findings });
}
rules.sort((a, b) => b.seconds - a.seconds);
let t = performance.now();
const result = lint(model, analysis, {});
const whole = (performance.now() - t) / 1000;
const sum = rules.reduce((n, r) => n + r.seconds, 0);
process.stdout.write(`${JSON.stringify({ tables: model.tables.length, lint: Number(whole.toFixed(3)), rules: Number(sum.toFixed(3)), findings: result.findings.length, slowest: rules.slice(0, Number(top)) })}\n`);
