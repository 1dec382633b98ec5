/**
 * JUnit XML, which every CI shows as a test report: one testsuite per rule, one failed testcase per finding (type =
 * its severity; the body has the message, the location and the remediation), and for a rule without findings one
 * passing testcase, so that the report shows what was checked and passed too. No timestamps or durations: the same
 * result gives the same bytes.
 */
import type { Finding, LintResult } from '../../lint/types.js';
import { locationText, rulesOf, withObject, type LintRenderContext } from './context.js';

/**
 * Text for XML content or a double-quoted attribute: `& < > " '` escaped, characters XML 1.0 cannot hold at all
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD; in attributes, newlines and tabs as character
 * references so that parsers keep them.
 */
export function xml(value: string, attribute = false): string {
  const escaped = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xml(String(v), true)}"`)
    .join('');
}

function failureBody(f: Finding): string {
  return [
    withObject(f.object, f.message),
    f.location ? `at ${locationText(f.location)}` : '',
    f.remediation ? `fix:\n${f.remediation.replace(/\n+$/, '')}` : '',
    `fingerprint: ${f.fingerprint}`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function renderJunit(result: LintResult, ctx: LintRenderContext = {}): string {
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const rules = rulesOf(result, ctx);

  const suites: string[] = [];
  let tests = 0;
  for (const rule of rules) {
    const findings = byRule.get(rule.id) ?? [];
    const cases: string[] = [];
    if (findings.length === 0) {
      cases.push(`    <testcase${attributes({ classname: rule.id, name: 'no findings' })}/>`);
    } else {
      const seen = new Map<string, number>();
      for (const f of findings) {
        // Two findings of a rule on one object (different keys) get distinct names: reports merge equal ones.
        const n = (seen.get(f.object) ?? 0) + 1;
        seen.set(f.object, n);
        const name = n === 1 ? f.object : `${f.object} (${f.fingerprint})`;
        cases.push(
          `    <testcase${attributes({ classname: rule.id, name, file: f.location?.file.replace(/\\/g, '/') })}>`,
          `      <failure${attributes({ type: f.severity, message: withObject(f.object, f.message) })}>${xml(failureBody(f))}</failure>`,
          '    </testcase>',
        );
      }
    }
    const count = Math.max(1, findings.length);
    tests += count;
    suites.push(
      `  <testsuite${attributes({ name: rule.id, tests: count, failures: findings.length, errors: 0, skipped: 0 })}>`,
      ...cases,
      '  </testsuite>',
    );
  }
  const failures = result.findings.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'schemaproof lint', tests, failures, errors: 0, skipped: 0 })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
