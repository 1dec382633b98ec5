/**
 * Lint output formats: pure functions `(result, ctx) → string`, one per format; the CLI picks one (`--format`) and
 * writes the string. Every format shows the same findings in the engine's order (severity, rule, object).
 */
import type { LintResult } from '../../lint/types.js';
import type { LintRenderContext } from './context.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type { LintRenderContext } from './context.js';
export { renderGithub, renderJson, renderJunit, renderSarif, renderText };

export const LINT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export function renderLint(format: LintFormat, result: LintResult, ctx: LintRenderContext = {}): string {
  switch (format) {
    case 'text':
      return renderText(result, ctx);
    case 'json':
      return renderJson(result, ctx);
    case 'sarif':
      return renderSarif(result, ctx);
    case 'junit':
      return renderJunit(result, ctx);
    case 'github':
      return renderGithub(result, ctx);
  }
}
