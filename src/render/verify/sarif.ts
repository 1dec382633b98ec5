/**
 * The verify report as SARIF 2.1.0, the format GitHub code scanning and CI dashboards import: one run whose tool is
 * schemaproof, six rule descriptors, and one result per leak, inconclusive probe, transition that contradicts the
 * declaration, owner bypass and object not proven. Verify results are about database objects, not lines of a file:
 * each names its object as a logical location (and, with `unlocatedFile`, that file as well, which GitHub code
 * scanning requires). `partialFingerprints["schemaproof/v1"]` is a sha-256 of the rule, the object and what the
 * result is about (command and scope, or the transition), so that alerts survive unrelated changes.
 */
import { fingerprint } from '../../lint/engine.js';
import type { NotProven, RlsResult, StateMachineProof, TransitionResult, VerifyReport } from '../../verify/types.js';
import { artifactUri, SARIF_SCHEMA_URI } from '../lint/sarif.js';

export interface VerifySarifOptions {
  /** schemaproof's version (`tool.driver.version`). */
  version?: string;
  /**
   * A file (path relative to the repository root) to anchor every result to, e.g. the config file or the first
   * migration: GitHub code scanning rejects a SARIF file whose results have only logical locations.
   */
  unlocatedFile?: string;
}

type Level = 'error' | 'warning';

interface VerifyRule {
  id: string;
  level: Level;
  short: string;
  full: string;
  help: string;
}

export const VERIFY_RULES: readonly VerifyRule[] = [
  {
    id: 'verify/rls-leak',
    level: 'error',
    short: "A probe saw or changed another tenant's rows, or rows without a tenant.",
    full: "Run in a sandbox as tenant A, a SELECT, INSERT, UPDATE or DELETE reached tenant B's rows, moved one of A's rows to B, or reached rows with no tenant context set: row-level security does not isolate this table.",
    help: "Make every policy of the table compare the tenant column with the tenant context (USING for reads, WITH CHECK for writes), and make it refuse when the context is unset.",
  },
  {
    id: 'verify/rls-inconclusive',
    level: 'warning',
    short: 'A probe could not decide whether the table is isolated.',
    full: 'The probe failed with an unexpected error, or there was no row to probe with: the isolation of this table for this command and scope is neither proven nor disproven.',
    help: 'Read the detail: it says which error the probe met, or which rows it lacked.',
  },
  {
    id: 'verify/undeclared-transition',
    level: 'error',
    short: 'The schema accepts a state transition the config does not declare.',
    full: 'An UPDATE from one state to another succeeded in the sandbox, but the transitions declared for the column in the config do not include it: nothing in the schema refuses it.',
    help: 'Refuse the transition in the schema (a trigger that checks OLD and NEW), or declare it in the config if it is intended.',
  },
  {
    id: 'verify/declared-transition-rejected',
    level: 'error',
    short: 'The schema refuses a state transition the config declares.',
    full: 'The transitions declared for the column in the config include this one, but the UPDATE was refused in the sandbox (a trigger exception or a CHECK).',
    help: 'Allow the transition in the schema, or remove it from the declared transitions.',
  },
  {
    id: 'verify/owner-bypass',
    level: 'warning',
    short: 'The table owner bypasses row-level security (enabled, not forced).',
    full: 'Row-level security is enabled on the table but not FORCEd, so its owner (and any session running as it, such as a SECURITY DEFINER function it owns) bypasses every policy; the probes do not cover that path.',
    help: 'ALTER TABLE <table> FORCE ROW LEVEL SECURITY; (or make sure nothing runs as the owner).',
  },
  {
    id: 'verify/not-proven',
    level: 'warning',
    short: 'The verifier could not prove this object.',
    full: 'A table, view or state machine the verifier meant to prove could not be probed; the reason says why. It is neither proven nor found leaking.',
    help: 'Read the reason: it says what the verifier lacked to probe the object.',
  },
];

interface Result {
  ruleId: string;
  object: string;
  kind?: string;
  key: string;
  message: string;
  properties: Record<string, unknown>;
}

const transitionKey = (from: string, to: string) => `${from}\u0000${to}`;

function rlsResult(r: RlsResult): Result | null {
  if (r.verdict === 'proven') return null;
  const ruleId = r.verdict === 'leak' ? 'verify/rls-leak' : 'verify/rls-inconclusive';
  const what = r.verdict === 'leak' ? 'leaks' : 'is inconclusive';
  return {
    ruleId,
    object: r.table,
    key: `${r.command}\u0000${r.scope}`,
    message: `${r.table}: ${r.command.toUpperCase()} (scope ${r.scope}) ${what}: ${r.detail}${r.row ? `\nrow: ${JSON.stringify(r.row)}` : ''}`,
    properties: { command: r.command, scope: r.scope, verdict: r.verdict, ...(r.row ? { row: r.row } : {}) },
  };
}

function contradictions(sm: StateMachineProof): Result[] {
  if (!sm.declared) return [];
  const tried = new Map<string, TransitionResult>(sm.transitions.map((t) => [transitionKey(t.from, t.to), t]));
  const of = (ruleId: string, [from, to]: [string, string], words: (t: TransitionResult | undefined) => string): Result => {
    const t = tried.get(transitionKey(from, to));
    return {
      ruleId,
      object: sm.column,
      kind: 'column',
      key: transitionKey(from, to),
      message: `${sm.column}: ${from} → ${to} ${words(t)}`,
      properties: {
        table: sm.table,
        from,
        to,
        ...(t ? { requires: t.requires, sideEffects: t.sideEffects, refusal: t.message } : {}),
      },
    };
  };
  return [
    ...sm.declared.undeclaredAccepted.map((pair) =>
      of('verify/undeclared-transition', pair, (t) => `is accepted but not declared${t?.requires ? ` (requires ${t.requires})` : ''}`),
    ),
    ...sm.declared.declaredRejected.map((pair) =>
      of('verify/declared-transition-rejected', pair, (t) => `is declared but rejected${t?.message ? `: ${t.message}` : ''}`),
    ),
  ];
}

const NOT_PROVEN_KINDS: Record<NotProven['kind'], string> = { table: 'table', view: 'view', 'state-machine': 'column' };

function results(report: VerifyReport): Result[] {
  return [
    ...report.rls.map(rlsResult).filter((r): r is Result => r !== null),
    ...report.stateMachines.flatMap(contradictions),
    ...report.ownerBypass.map((o) => ({
      ruleId: 'verify/owner-bypass',
      object: o.table,
      kind: 'table',
      key: '',
      message: `${o.table}: row-level security is enabled but not forced, so its owner ${o.owner} bypasses every policy; the probes do not cover that path`,
      properties: { owner: o.owner },
    })),
    ...report.notProven.map((n) => ({
      ruleId: 'verify/not-proven',
      object: n.object,
      kind: NOT_PROVEN_KINDS[n.kind],
      key: n.kind,
      message: `${n.object}: not proven (${n.kind}): ${n.reason}`,
      properties: { kind: n.kind },
    })),
  ];
}

export function renderVerifySarif(report: VerifyReport, options: VerifySarifOptions = {}): string {
  const index = new Map(VERIFY_RULES.map((r, i) => [r.id, i]));
  const { ms: _ms, ...summary } = report.summary;
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'schemaproof',
            ...(options.version ? { version: options.version } : {}),
            rules: VERIFY_RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.short },
              fullDescription: { text: r.full },
              help: { text: r.help },
              defaultConfiguration: { level: r.level },
              properties: { category: 'verify', tags: ['verify'] },
            })),
          },
        },
        results: results(report).map((r) => {
          const logical = { fullyQualifiedName: r.object, ...(r.kind ? { kind: r.kind } : {}) };
          const location = options.unlocatedFile
            ? { physicalLocation: { artifactLocation: { uri: artifactUri(options.unlocatedFile) } }, logicalLocations: [logical] }
            : { logicalLocations: [logical] };
          return {
            ruleId: r.ruleId,
            ruleIndex: index.get(r.ruleId)!,
            level: VERIFY_RULES[index.get(r.ruleId)!]!.level,
            message: { text: r.message },
            locations: [location],
            partialFingerprints: { 'schemaproof/v1': fingerprint(r.ruleId, r.object, r.key) },
            properties: r.properties,
          };
        }),
        // The wall time is left out: the same report gives the same bytes.
        properties: { format: report.format, source: report.source, engine: report.engine, summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
