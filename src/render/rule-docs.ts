/**
 * `docs/rules/<category>/<name>.md`, one page per lint rule, generated from the rule's `meta` (so the docs cannot
 * drift from the code), and the index page `docs/rules/README.md`. Pure: `npm run rules-docs` writes them, a test
 * checks the committed pages are current.
 */
import type { RuleMeta } from '../lint/types.js';
import { code, doc, link, list, table, text } from './markdown.js';

export function ruleDocPath(id: string): string {
  return `${id}.md`;
}

export function renderRuleDoc(meta: RuleMeta): string {
  return doc(
    `# ${code(meta.id)}`,
    text(meta.description),
    table(['Category', 'Default severity'], [[text(meta.category), text(meta.severity)]]),
    '## Why',
    text(meta.rationale),
    '## How to fix',
    text(meta.fix),
    meta.links.length ? '## Read more' : null,
    meta.links.length ? list(meta.links.map((l) => `<${l}>`)) : null,
    '## Configure',
    [
      'In `schemaproof.config.yaml`:',
      '',
      '```yaml',
      'lint:',
      '  rules:',
      `    ${meta.id}: warning   # error | warning | info | off`,
      '  ignore:',
      `    ${meta.id}: ["public.legacy_*"]`,
      '```',
      '',
      `Or in the schema, with a reason: \`COMMENT ON TABLE t IS '@schemaproof-ignore ${meta.id} because …'\`.`,
    ].join('\n'),
    '---',
    'Generated from the rule itself by `npm run rules-docs`; do not edit.',
  );
}

export function renderRulesIndex(rules: RuleMeta[]): string {
  const categories = [...new Set(rules.map((r) => r.category))];
  return doc(
    '# Lint rules',
    `${rules.length} rules. \`schemaproof rules\` lists them too; each page says why the rule exists and how to fix what it finds.`,
    ...categories.flatMap((c) => [
      `## ${text(c)}`,
      table(
        ['Rule', 'Severity', 'What it reports'],
        rules.filter((r) => r.category === c).map((r) => [link(r.id, ruleDocPath(r.id)), text(r.severity), text(r.description)]),
      ),
    ]),
    'Generated from the rules by `npm run rules-docs`; do not edit.',
  );
}
