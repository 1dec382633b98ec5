/** The lint engine: severities and `off`, ignore globs, in-schema suppressions with reasons, baselines, foreign objects. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { fingerprint, globMatcher, lint, LintConfigError, parseSuppressions, SUPPRESSION_RULE } from '../src/lint/engine.js';
import { RULES } from '../src/lint/rules/index.js';
import type { Rule } from '../src/lint/types.js';
import { model, table } from './helpers/model.js';

/** A rule that reports every table: the engine's behaviour, not a rule's, is under test. */
const everyTable: Rule = {
  meta: { id: 'structure/test-every-table', category: 'structure', severity: 'warning', description: 'd', rationale: 'r', fix: 'f', links: [] },
  check: ({ lookup }) => [...lookup.tables.keys()].map((id) => ({ object: id, message: `${id} reported` })),
};
const columnRule: Rule = {
  meta: { ...everyTable.meta, id: 'types/test-every-column', category: 'types', severity: 'info' },
  check: ({ lookup }) => [...lookup.tables.values()].flatMap((t) => t.columns.map((c) => ({ object: c.id, message: 'c', key: 'k' }))),
};
const ruleSet = [everyTable, columnRule];

async function run(m: ReturnType<typeof model>, options: Parameters<typeof lint>[2] = {}) {
  return lint(m, await analyze(m), { ruleSet, ...options });
}

describe('lint engine', () => {
  const m = model({
    tables: [
      table('public.users', ['id uuid pk']),
      table('public.audit_log', ['id uuid pk']),
      table('auth.users', ['id uuid pk'], { origin: 'platform' }),
    ],
  });

  it('reports with the rule severity, sorted, with stable fingerprints; never on platform objects', async () => {
    const r = await run(m);
    expect(r.findings.map((f) => [f.severity, f.rule, f.object])).toEqual([
      ['warning', 'structure/test-every-table', 'public.audit_log'],
      ['warning', 'structure/test-every-table', 'public.users'],
      ['info', 'types/test-every-column', 'public.audit_log.id'],
      ['info', 'types/test-every-column', 'public.users.id'],
    ]);
    expect(r.findings[1]!.fingerprint).toBe(fingerprint('structure/test-every-table', 'public.users'));
    expect(r.findings[1]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(r.findings[3]!.fingerprint).toBe(fingerprint('types/test-every-column', 'public.users.id', 'k'));
    expect(r.summary).toMatchObject({ error: 0, warning: 2, info: 2, rules: 2, suppressed: 0, ignored: 0, baselined: 0 });
    expect((await run(m)).findings).toEqual(r.findings);
  });

  it('applies configured severities and off, and refuses unknown rule ids', async () => {
    const r = await run(m, { rules: { 'structure/test-every-table': 'error', 'types/test-every-column': 'off' } });
    expect(r.findings.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(r.summary.rules).toBe(1);
    await expect(run(m, { rules: { 'structure/nope': 'off' } })).rejects.toThrow(LintConfigError);
    await expect(run(m, { ignore: { 'structure/nope': ['x'] } })).rejects.toThrow(/no rule structure\/nope/);
  });

  it('leaves out objects matching an ignore glob, per rule or for every rule', async () => {
    const r = await run(m, { ignore: { 'structure/test-every-table': ['public.audit_*'] } });
    expect(r.findings.filter((f) => f.rule === 'structure/test-every-table').map((f) => f.object)).toEqual(['public.users']);
    expect(r.summary.ignored).toBe(1);
    const all = await run(m, { ignore: { '*': ['*.audit_log*'] } });
    expect(all.findings.map((f) => f.object)).toEqual(['public.users', 'public.users.id']);
    expect(globMatcher('public.a?c')('public.abc')).toBe(true);
    expect(globMatcher('public.a.c')('public.abc')).toBe(false);
  });

  it('honours in-schema suppressions with a reason, on the object and its children; a suppression without a reason is a finding', async () => {
    const commented = model({
      tables: [
        table('public.users', ['id uuid pk'], { comment: 'People. @schemaproof-ignore structure/test-every-table because a legacy table, dropped in Q3' }),
        table('public.audit_log', ['id uuid pk'], { comment: '@schemaproof-ignore types/*: ids are generated elsewhere' }),
        table('public.misc', ['id uuid pk'], { comment: 'Misc @schemaproof-ignore structure/test-every-table' }),
      ],
    });
    const r = await run(commented);
    expect(r.findings.map((f) => [f.rule, f.object])).toEqual([
      [SUPPRESSION_RULE, 'public.misc'],
      ['structure/test-every-table', 'public.audit_log'],
      ['structure/test-every-table', 'public.misc'],
      ['types/test-every-column', 'public.misc.id'],
      ['types/test-every-column', 'public.users.id'],
    ]);
    expect(r.summary.suppressed).toBe(2);
    expect(r.findings.find((f) => f.rule === SUPPRESSION_RULE)!.message).toMatch(/without a reason/);
  });

  it('parses several suppressions in one comment', () => {
    expect(parseSuppressions('public.t', 'x @schemaproof-ignore a/b because one @schemaproof-ignore c/d -- two @schemaproof-ignore e/f')).toEqual([
      { object: 'public.t', rule: 'a/b', reason: 'one' },
      { object: 'public.t', rule: 'c/d', reason: 'two' },
      { object: 'public.t', rule: 'e/f', reason: null },
    ]);
  });

  it('with a baseline, reports only findings whose fingerprint is new', async () => {
    const first = await run(m);
    const baseline = new Set(first.findings.slice(0, 3).map((f) => f.fingerprint));
    const again = await run(m, { baseline });
    expect(again.findings.map((f) => f.object)).toEqual(['public.users.id']);
    expect(again.summary.baselined).toBe(3);
  });

  it('locates findings at the object, or at the table that owns it', async () => {
    const locations = new Map([['public.users', { file: 'm/1_users.sql', line: 3, column: 1 }]]);
    const r = await run(m, { locations });
    expect(r.findings.find((f) => f.object === 'public.users.id')!.location).toEqual({ file: 'm/1_users.sql', line: 3, column: 1 });
    expect(r.findings.find((f) => f.object === 'public.audit_log')!.location).toBeNull();
  });

  it('a finding may carry its own severity; a severity the config sets for the rule wins', async () => {
    const graded: Rule = {
      meta: { ...everyTable.meta, id: 'security/test-graded', category: 'security', severity: 'warning' },
      check: ({ lookup }) => [...lookup.tables.keys()].map((id) => ({ object: id, message: 'm', ...(id === 'public.users' ? { severity: 'error' as const } : {}) })),
    };
    const r = lint(m, await analyze(m), { ruleSet: [graded] });
    expect(r.findings.map((f) => [f.severity, f.object])).toEqual([
      ['error', 'public.users'],
      ['warning', 'public.audit_log'],
    ]);
    expect(r.summary).toMatchObject({ error: 1, warning: 1 });
    const configured = lint(m, await analyze(m), { ruleSet: [graded], rules: { 'security/test-graded': 'info' } });
    expect(configured.findings.map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('locates a finding without a location of its own at its earliest related object, in apply order, else at the first file', async () => {
    const files = ['m/2_b.sql', 'm/10_a.sql', 'm/11_c.sql'];
    const schemaLevel: Rule = {
      meta: { ...everyTable.meta, id: 'naming/test-schema', category: 'naming' },
      check: () => [
        { object: 'public', key: 'a', message: 'about two tables', related: ['public.audit_log', 'public.users.id'] },
        { object: 'public', key: 'b', message: 'about nothing located', related: ['public.nope'] },
      ],
    };
    const located = { ...m, source: { ...m.source, files } };
    const locations = new Map([
      ['public.users', { file: 'm/10_a.sql', line: 7, column: 1 }],
      ['public.audit_log', { file: 'm/11_c.sql', line: 1, column: 1 }],
    ]);
    const r = lint(located, await analyze(located), { ruleSet: [schemaLevel], locations });
    // 10_a.sql is applied before 11_c.sql (the model's file order), whatever the text order of the names
    expect(r.findings.map((f) => [f.message, f.location])).toEqual([
      ['about two tables', { file: 'm/10_a.sql', line: 7, column: 1 }],
      ['about nothing located', { file: 'm/2_b.sql', line: 1, column: 1 }],
    ]);
    // without files (a database URL), nothing is invented
    expect(lint(m, await analyze(m), { ruleSet: [schemaLevel] }).findings.map((f) => f.location)).toEqual([null, null]);
  });

  it('tells the rules which rules run, so that one can leave a root cause to another', async () => {
    const seen: (ReadonlySet<string> | undefined)[] = [];
    const probe: Rule = { meta: { ...everyTable.meta, id: 'structure/test-probe' }, check: (ctx) => (seen.push(ctx.enabled), []) };
    lint(m, await analyze(m), { ruleSet: [probe, everyTable], rules: { 'structure/test-every-table': 'off' } });
    expect([...seen[0]!]).toEqual(['structure/test-probe']);
  });

  it('every registered rule has a unique id of the form category/name, matching its category, and complete meta', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.meta.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.meta.id.split('/')[0], r.meta.id).toBe(r.meta.category);
      for (const key of ['description', 'rationale', 'fix'] as const) expect(r.meta[key].length, `${r.meta.id} ${key}`).toBeGreaterThan(10);
    }
  });
});
