/**
 * The verify report as JUnit XML, which every CI shows as a test report. One testsuite `rls` with a testcase per probe
 * (table, command, scope): a failure on a leak, skipped (with the detail) when inconclusive, passing when proven. One
 * testsuite per state machine, named by its column, with a testcase per transition tried: a failure when it
 * contradicts the declaration (accepted but not declared, declared but rejected), passing otherwise. No timestamps or
 * durations: the same report gives the same bytes.
 */
import type { RlsResult, SideEffect, StateMachineProof, TransitionResult, VerifyReport } from '../../verify/types.js';
import { xml } from '../lint/junit.js';

/** A side effect in plain words: `sets t.c = v`, `inserts 1 row into t`, `deletes 2 rows from t`. */
export function sideEffectText(e: SideEffect): string {
  const rows = `${e.rows} ${e.rows === 1 ? 'row' : 'rows'}`;
  if (e.action === 'insert') return `inserts ${rows} into ${e.table}`;
  if (e.action === 'delete') return `deletes ${rows} from ${e.table}`;
  const values = Object.entries(e.values);
  if (values.length === 0) return `updates ${rows} of ${e.table}`;
  const sets = values.map(([column, value]) => `${e.table}.${column} = ${value === null ? 'NULL' : value}`).join(', ');
  return `sets ${sets}${e.rows === 1 ? '' : ` (${rows})`}`;
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xml(String(v), true)}"`)
    .join('');
}

interface Case {
  classname: string;
  name: string;
  failure?: { type: string; message: string; body: string };
  skipped?: string;
}

interface Suite {
  name: string;
  cases: Case[];
}

/** Names made unique within a suite (reports merge testcases with equal names): ` (2)`, ` (3)`… */
function unique(cases: Case[]): Case[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const key = `${c.classname}\u0000${c.name}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? c : { ...c, name: `${c.name} (${n})` };
  });
}

function rlsCase(r: RlsResult): Case {
  const base = { classname: r.table, name: `${r.command} ${r.scope}` };
  if (r.verdict === 'leak') {
    const body = [`${r.table}: ${r.command.toUpperCase()} (scope ${r.scope}) leaks`, r.detail, r.row ? `row: ${JSON.stringify(r.row)}` : '']
      .filter(Boolean)
      .join('\n');
    return { ...base, failure: { type: 'leak', message: r.detail, body } };
  }
  if (r.verdict === 'inconclusive') return { ...base, skipped: `inconclusive: ${r.detail}` };
  return base;
}

function machineCases(sm: StateMachineProof): Case[] {
  const key = (from: string, to: string) => `${from}\u0000${to}`;
  const undeclared = new Set((sm.declared?.undeclaredAccepted ?? []).map(([f, t]) => key(f, t)));
  const rejected = new Set((sm.declared?.declaredRejected ?? []).map(([f, t]) => key(f, t)));
  const caseOf = (t: Pick<TransitionResult, 'from' | 'to'> & Partial<TransitionResult>): Case => {
    const c: Case = { classname: sm.column, name: `${t.from} → ${t.to}` };
    const k = key(t.from, t.to);
    if (undeclared.has(k)) {
      const body = [
        `${sm.column}: ${t.from} → ${t.to} is accepted but not declared`,
        t.requires ? `requires: ${t.requires}` : '',
        ...(t.sideEffects ?? []).map((e) => `also ${sideEffectText(e)}`),
      ]
        .filter(Boolean)
        .join('\n');
      return { ...c, failure: { type: 'undeclared-transition', message: 'accepted but not declared', body } };
    }
    if (rejected.has(k)) {
      const body = [`${sm.column}: ${t.from} → ${t.to} is declared but rejected`, t.message ?? ''].filter(Boolean).join('\n');
      return { ...c, failure: { type: 'declared-transition-rejected', message: `declared but rejected${t.message ? `: ${t.message}` : ''}`, body } };
    }
    return c;
  };
  const tried = new Set(sm.transitions.map((t) => key(t.from, t.to)));
  // A contradiction about a pair that was not among those tried still fails: the failures are the contradictions.
  const untried = [...(sm.declared?.undeclaredAccepted ?? []), ...(sm.declared?.declaredRejected ?? [])]
    .filter(([f, t]) => !tried.has(key(f, t)))
    .map(([from, to]) => caseOf({ from, to }));
  return [...sm.transitions.map(caseOf), ...untried];
}

function suiteXml(suite: Suite): string[] {
  const cases = unique(suite.cases);
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const head = attributes({ name: suite.name, tests: cases.length, failures, errors: 0, skipped });
  if (cases.length === 0) return [`  <testsuite${head}/>`];
  const lines = [`  <testsuite${head}>`];
  for (const c of cases) {
    const open = `    <testcase${attributes({ classname: c.classname, name: c.name })}`;
    if (c.failure) {
      lines.push(
        `${open}>`,
        `      <failure${attributes({ type: c.failure.type, message: c.failure.message })}>${xml(c.failure.body)}</failure>`,
        '    </testcase>',
      );
    } else if (c.skipped !== undefined) {
      lines.push(`${open}>`, `      <skipped${attributes({ message: c.skipped })}/>`, '    </testcase>');
    } else {
      lines.push(`${open}/>`);
    }
  }
  lines.push('  </testsuite>');
  return lines;
}

export function renderVerifyJunit(report: VerifyReport): string {
  const suites: Suite[] = [
    { name: 'rls', cases: report.rls.map(rlsCase) },
    ...report.stateMachines.map((sm) => ({ name: sm.column, cases: machineCases(sm) })),
  ];
  const all = suites.flatMap((s) => s.cases);
  const totals = {
    name: 'schemaproof verify',
    tests: all.length,
    failures: all.filter((c) => c.failure).length,
    errors: 0,
    skipped: all.filter((c) => c.skipped !== undefined).length,
  };
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes(totals)}>`, ...suites.flatMap(suiteXml), '</testsuites>', ''].join(
    '\n',
  );
}
