/** What every lint formatter receives besides the result, and the helpers they share. */
import { SUPPRESSION_META } from '../../lint/engine.js';
import { RULES } from '../../lint/rules/index.js';
import type { LintResult, RuleMeta, Severity } from '../../lint/types.js';
import type { SchemaModel } from '../../model/types.js';

export interface LintRenderContext {
  /**
   * The rules that ran (SARIF lists them, JUnit shows those without findings as passed); default: every rule and the
   * engine's own. Pass the configured set so that a rule turned `off` is not shown as passing.
   */
  rules?: readonly RuleMeta[];
  /** schemaproof's version (SARIF `tool.driver.version`). */
  version?: string;
  /** ANSI colors in the text format (the CLI decides: a TTY, no NO_COLOR, or --color). */
  color?: boolean;
  /** The model, to name the kind of an object (SARIF logical locations); optional. */
  model?: SchemaModel;
  /**
   * SARIF only: a file (path relative to the repository root) to anchor findings that have no location to, e.g. the
   * migrations folder's first file or the config file. GitHub code scanning rejects a whole SARIF file when one result
   * has only a logical location, so a CI uploading there (a lint of a database URL, or an object no statement
   * located) needs this; without it such results carry their logical location alone, which is valid SARIF.
   */
  unlocatedFile?: string;
}

/** The rules to describe: those given, else every rule and the engine's own; any rule a finding names is included. */
export function rulesOf(result: LintResult, ctx: LintRenderContext): RuleMeta[] {
  const given = ctx.rules ?? [...RULES.map((r) => r.meta), SUPPRESSION_META.meta];
  const byId = new Map(given.map((r) => [r.id, r]));
  const known = new Map([...RULES.map((r) => r.meta), SUPPRESSION_META.meta].map((r) => [r.id, r]));
  for (const f of result.findings) {
    if (byId.has(f.rule)) continue;
    byId.set(f.rule, known.get(f.rule) ?? { id: f.rule, category: f.category, severity: f.severity, description: f.rule, rationale: '', fix: '', links: [] });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/** `message`, prefixed with the object id unless the message already names it. */
export function withObject(object: string, message: string): string {
  return message.includes(object) ? message : `${object}: ${message}`;
}

/** A finding's location as `file:line:col`, with forward slashes. */
export function locationText(location: { file: string; line: number; column: number }): string {
  return `${location.file.replace(/\\/g, '/')}:${location.line}:${location.column}`;
}

/** "1 error", "2 warnings", "3 info". */
export function count(n: number, severity: Severity): string {
  return severity === 'info' ? `${n} info` : `${n} ${severity}${n === 1 ? '' : 's'}`;
}
