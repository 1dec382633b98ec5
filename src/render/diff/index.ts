/**
 * Diff output formats: pure functions `(diff) → string`; the CLI picks one (`--format`) and writes the string.
 */
import type { SchemaDiff } from '../../diff/types.js';
import { renderDiffJson } from './json.js';
import { renderDiffMarkdown } from './markdown.js';

export { renderDiffJson, renderDiffMarkdown };
export { lineDiff } from './line-diff.js';

export const DIFF_FORMATS = ['markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderDiff(diff: SchemaDiff, format: DiffFormat): string {
  return format === 'json' ? renderDiffJson(diff) : renderDiffMarkdown(diff);
}
