#!/usr/bin/env node
// Regenerates docs/rules/ from the rules' meta: `npm run rules-docs` (test/rules-docs.test.ts checks it is current).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RULES } from '../dist/lint/rules/index.js';
import { SUPPRESSION_META } from '../dist/lint/engine.js';
import { renderRuleDoc, renderRulesIndex, ruleDocPath } from '../dist/render/rule-docs.js';

const root = join(import.meta.dirname, '..', 'docs', 'rules');
const metas = [...RULES, SUPPRESSION_META].map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
rmSync(root, { recursive: true, force: true });
for (const meta of metas) {
  const file = join(root, ruleDocPath(meta.id));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderRuleDoc(meta));
}
writeFileSync(join(root, 'README.md'), renderRulesIndex(metas));
console.log(`wrote docs/rules: ${metas.length} rules`);
