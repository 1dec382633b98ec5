/** docs/rules/ is generated from the rules' meta: every rule has its page, and the committed pages are current. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPRESSION_META } from '../src/lint/engine.js';
import { RULES } from '../src/lint/rules/index.js';
import { renderRuleDoc, renderRulesIndex, ruleDocPath } from '../src/render/rule-docs.js';

const root = join(import.meta.dirname, '..', 'docs', 'rules');
const metas = [...RULES, SUPPRESSION_META].map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('docs/rules', () => {
  it('has exactly one current page per rule, and a current index', async () => {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
    expect(files).toEqual([...metas.map((m) => ruleDocPath(m.id)), 'README.md'].sort());
    for (const meta of metas) {
      expect(await readFile(join(root, ruleDocPath(meta.id)), 'utf8'), `${meta.id}: run \`npm run rules-docs\``).toBe(renderRuleDoc(meta));
    }
    expect(await readFile(join(root, 'README.md'), 'utf8')).toBe(renderRulesIndex(metas));
  });
});
