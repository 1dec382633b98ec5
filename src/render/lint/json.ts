/**
 * The machine format: the LintResult itself (`"format": "schemaproof/lint@1"`), keys always in the order of the type
 * (whatever order the engine built its objects in), two-space indent, trailing newline.
 */
import type { Finding, LintResult } from '../../lint/types.js';
import type { LintRenderContext } from './context.js';

function finding(f: Finding): Finding {
  return {
    rule: f.rule,
    severity: f.severity,
    category: f.category,
    object: f.object,
    message: f.message,
    remediation: f.remediation,
    fingerprint: f.fingerprint,
    location: f.location ? { file: f.location.file, line: f.location.line, column: f.location.column } : null,
  };
}

export function renderJson(result: LintResult, _ctx: LintRenderContext = {}): string {
  const { summary } = result;
  const ordered: LintResult = {
    format: result.format,
    findings: result.findings.map(finding),
    summary: {
      error: summary.error,
      warning: summary.warning,
      info: summary.info,
      rules: summary.rules,
      suppressed: summary.suppressed,
      ignored: summary.ignored,
      baselined: summary.baselined,
    },
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
