/**
 * GitHub Actions workflow commands: one annotation per finding (`::error`, `::warning`, `::notice` for info), on the
 * file and line where the object was created when known, titled with the rule id. Escaped as the Actions toolkit
 * does: `%`, CR and LF in the message; those and `:` and `,` in properties. Other control characters (a terminal
 * escape sequence in a name) are shown as `\xNN`, as in the text format: the log viewer would interpret them.
 */
import type { LintResult, Severity } from '../../lint/types.js';
import { withObject, type LintRenderContext } from './context.js';
import { printable } from './text.js';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(result: LintResult, _ctx: LintRenderContext = {}): string {
  return result.findings
    .map((f) => {
      const properties = [
        ...(f.location
          ? [`file=${escapeProperty(printable(f.location.file.replace(/\\/g, '/')))}`, `line=${f.location.line}`, `col=${f.location.column}`]
          : []),
        `title=${escapeProperty(printable(f.rule))}`,
      ].join(',');
      const message = withObject(f.object, f.message) + (f.remediation ? `\n\nFix:\n${f.remediation.replace(/\n+$/, '')}` : '');
      return `::${COMMANDS[f.severity]} ${properties}::${escapeData(printable(message))}\n`;
    })
    .join('');
}
