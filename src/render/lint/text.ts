/**
 * The terminal format: findings grouped by severity, then by rule; for each, the object, the message, where the object
 * was created (`file:line:col`, which terminals and editors open) and the remediation SQL, indented; then one summary
 * line. ANSI colors only when `ctx.color` is set. Names from the schema can hold anything, so control characters
 * (an escape sequence in a table comment, say) are shown escaped, never sent to the terminal.
 */
import type { Finding, LintResult, Severity } from '../../lint/types.js';
import { count, locationText, rulesOf, SEVERITY_ORDER, type LintRenderContext } from './context.js';

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
const COLORS: Record<Severity, number> = { error: 31, warning: 33, info: 36 };

interface Paint {
  severity(s: Severity, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

function paint(color: boolean): Paint {
  if (!color) return { severity: (_s, t) => t, bold: (t) => t, dim: (t) => t };
  return {
    severity: (s, t) => `\u001b[${COLORS[s]}m${t}\u001b[39m`,
    bold: (t) => `\u001b[1m${t}\u001b[22m`,
    dim: (t) => `\u001b[2m${t}\u001b[22m`,
  };
}

/** Control characters other than newline and tab, shown as `\xNN` / `\uNNNN` instead of reaching the terminal. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Indents every line of `value` by `by` spaces (continuation lines of a message line up with its first). */
function indent(value: string, by: number): string {
  const pad = ' '.repeat(by);
  return value
    .split('\n')
    .map((line) => (line === '' ? '' : pad + line))
    .join('\n');
}

export function renderText(result: LintResult, ctx: LintRenderContext = {}): string {
  const p = paint(ctx.color === true);
  const descriptions = new Map(rulesOf(result, ctx).map((r) => [r.id, r.description]));
  const out: string[] = [];

  for (const severity of SEVERITY_ORDER) {
    const findings = result.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    out.push(p.bold(p.severity(severity, `${HEADINGS[severity]} (${findings.length})`)), '');
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    for (const [rule, list] of byRule) {
      const description = descriptions.get(rule);
      const about = description && description !== rule ? `  ${p.dim(printable(description))}` : '';
      out.push(`  ${p.bold(p.severity(severity, printable(rule)))} (${list.length})${about}`);
      for (const f of list) {
        out.push(`    ${p.bold(printable(f.object))}`);
        out.push(indent(printable(f.message), 6));
        if (f.location) out.push(`      at ${p.dim(printable(locationText(f.location)))}`);
        if (f.remediation) out.push('      fix:', indent(printable(f.remediation.replace(/\n+$/, '')), 8));
      }
      out.push('');
    }
  }

  out.push(summaryLine(result, p));
  return `${out.join('\n')}\n`;
}

function summaryLine(result: LintResult, p: Paint): string {
  const { summary } = result;
  const total = summary.error + summary.warning + summary.info;
  const counts = SEVERITY_ORDER.map((s) => (summary[s] > 0 ? p.severity(s, count(summary[s], s)) : count(summary[s], s))).join(', ');
  const rules = `${summary.rules} rule${summary.rules === 1 ? '' : 's'}`;
  const left = [
    summary.suppressed > 0 ? `${summary.suppressed} suppressed` : '',
    summary.ignored > 0 ? `${summary.ignored} ignored` : '',
    summary.baselined > 0 ? `${summary.baselined} baselined` : '',
  ].filter(Boolean);
  const rest = left.length > 0 ? `; left out: ${left.join(', ')}` : '';
  return total === 0 ? `No findings (${rules}${rest}).` : `${p.bold(`${total} finding${total === 1 ? '' : 's'}`)}: ${counts} (${rules}${rest}).`;
}
