/**
 * Verify output formats: pure functions `(report) → string`, one per format; the CLI picks one (`--format`) and
 * writes the string. None touches the database or the file system, and none prints the wall time (`summary.ms`)
 * except `json`, which is the report itself.
 */
import type { StateMachineProof, VerifyReport } from '../../verify/types.js';
import { printable } from '../lint/text.js';
import { renderVerifyJunit, sideEffectText } from './junit.js';
import { renderVerifyMarkdown } from './markdown.js';
import { renderVerifySarif, type VerifySarifOptions } from './sarif.js';

export { renderVerifyJunit, renderVerifyMarkdown, renderVerifySarif, type VerifySarifOptions };

export const VERIFY_FORMATS = ['text', 'markdown', 'json', 'sarif', 'junit'] as const;
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

/** The report as `verify --format json` prints it: the report itself, two-space indented, with a trailing newline. */
export function renderVerifyJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** One line: newlines folded, control characters shown escaped rather than sent to the terminal. */
const line = (value: string) => printable(value).replace(/\s*\n\s*/g, ' ');

function contradictionLines(sm: StateMachineProof): string[] {
  if (!sm.declared) return [];
  const byPair = new Map(sm.transitions.map((t) => [`${t.from}\u0000${t.to}`, t]));
  return [
    ...sm.declared.undeclaredAccepted.map(([from, to]) => {
      const t = byPair.get(`${from}\u0000${to}`);
      const requires = t?.requires ? ` (requires ${t.requires})` : '';
      const effects = t?.sideEffects.length ? `; also ${t.sideEffects.map(sideEffectText).join('; ')}` : '';
      return line(`UNDECLARED ${sm.column}: ${from} → ${to} accepted but not declared${requires}${effects}`);
    }),
    ...sm.declared.declaredRejected.map(([from, to]) => {
      const message = byPair.get(`${from}\u0000${to}`)?.message;
      return line(`REJECTED   ${sm.column}: ${from} → ${to} declared but rejected${message ? `: ${message}` : ''}`);
    }),
  ];
}

/**
 * The terminal summary: the counts, then one line per leak and one per contradiction (no colors). Inconclusive
 * probes, owner bypasses and objects not proven are counted; `--format markdown` lists them.
 */
export function renderVerifyText(report: VerifyReport): string {
  const s = report.summary;
  const lines = [
    line(`schemaproof verify ${report.source} (${report.engine})`),
    `RLS: ${n(report.rls.length, 'probe')}, ${n(s.leaks, 'leak')}, ${s.inconclusive} inconclusive; ${s.tablesProven} of ${n(s.tablesProbed, 'table')} proven`,
    `State machines: ${report.stateMachines.length}, ${n(s.contradictions, 'contradiction')} with the declared transitions`,
  ];
  const other = [
    report.ownerBypass.length ? n(report.ownerBypass.length, 'table') + ' whose owner bypasses RLS' : '',
    report.notProven.length ? `${report.notProven.length} not proven` : '',
  ].filter(Boolean);
  if (other.length) lines.push(`Also: ${other.join(', ')}`);
  const leaks = report.rls
    .filter((r) => r.verdict === 'leak')
    .map((r) => line(`LEAK       ${r.table} ${r.command.toUpperCase()} ${r.scope}: ${r.detail}${r.row ? ` row ${JSON.stringify(r.row)}` : ''}`));
  const contradictions = report.stateMachines.flatMap(contradictionLines);
  if (leaks.length || contradictions.length) lines.push('', ...leaks, ...contradictions);
  return `${lines.join('\n')}\n`;
}

export function renderVerify(report: VerifyReport, format: VerifyFormat): string {
  switch (format) {
    case 'text':
      return renderVerifyText(report);
    case 'markdown':
      return renderVerifyMarkdown(report);
    case 'json':
      return renderVerifyJson(report);
    case 'sarif':
      return renderVerifySarif(report);
    case 'junit':
      return renderVerifyJunit(report);
  }
}
