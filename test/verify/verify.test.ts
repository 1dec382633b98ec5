/**
 * `schemaproof verify` end to end, as a user runs it: the planted-defect fixtures (each defect found, with the
 * leaking probe or the wrong transition named, and nothing else flagged), the creator-loyalty seed's state machines
 * and isolation, and a Supabase example proven through JWT claims.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { RlsResult, VerifyReport } from '../../src/verify/types.js';
import { cli, root } from '../helpers/cli.js';

const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync(`${root}/schema/verify.schema.json`, 'utf8')) as object,
);

/** Runs `verify --format json`; every report must also match schema/verify.schema.json. */
async function verifyJson(source: string, ...args: string[]): Promise<{ code: number; report: VerifyReport; stderr: string }> {
  const out = await cli('verify', source, '--format', 'json', ...args);
  if (!out.stdout) throw new Error(`verify ${source} printed nothing: ${out.stderr}`);
  const report = JSON.parse(out.stdout) as VerifyReport;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { code: out.code, report, stderr: out.stderr };
}

/** Every probe that is not proven, as `table command scope verdict`, sorted. */
function unproven(results: RlsResult[]): string[] {
  return results
    .filter((r) => r.verdict !== 'proven')
    .map((r) => `${r.table} ${r.command} ${r.scope} ${r.verdict}`)
    .sort();
}

const FIXTURE_TABLES = ['public.clients', 'public.comments', 'public.projects', 'public.tasks'];
const CLEAN_TRANSITIONS = [
  ['todo', 'doing'],
  ['todo', 'cancelled'],
  ['doing', 'done'],
  ['doing', 'cancelled'],
];
const EVERY_LEAK = (table: string) =>
  [
    `${table} delete none leak`,
    `${table} delete other leak`,
    `${table} insert none leak`,
    `${table} insert other leak`,
    `${table} select none leak`,
    `${table} select other leak`,
    `${table} update move leak`,
    `${table} update none leak`,
    `${table} update other leak`,
  ].sort();

describe('verify: planted defects', () => {
  it('clean: every table, view and command proven; the transition matrix is the declared one', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/clean');
    expect(code).toBe(0);
    expect(report.context).toMatchObject({ kind: 'guc', setting: 'app.current_client_id', role: 'schemaproof_app', identity: null });
    expect(unproven(report.rls)).toEqual([]);
    expect([...new Set(report.rls.map((r) => r.table))].sort()).toEqual([...FIXTURE_TABLES, 'public.task_overview'].sort());
    // Each table: 3 SELECT + 3 INSERT + 4 UPDATE (with the move) + 3 DELETE probes; the root has no move.
    expect(report.rls.filter((r) => r.table === 'public.tasks')).toHaveLength(13);
    expect(report.rls.filter((r) => r.table === 'public.clients')).toHaveLength(12);
    expect(report.notProven).toEqual([]);
    expect(report.ownerBypass).toEqual([]);
    const [tasks] = report.stateMachines;
    expect(report.stateMachines).toHaveLength(1);
    expect(tasks!.column).toBe('public.tasks.status');
    expect(tasks!.allowed).toEqual(CLEAN_TRANSITIONS);
    expect(tasks!.terminal).toEqual(['done', 'cancelled']);
    expect(tasks!.unreachable).toEqual([]);
    expect(tasks!.declared).toEqual({ undeclaredAccepted: [], declaredRejected: [] });
    const refused = tasks!.transitions.find((t) => t.from === 'done' && t.to === 'todo')!;
    expect(refused.accepted).toBe(false);
    expect(refused.message).toBe('invalid transition done -> todo');
    expect(report.summary).toMatchObject({ leaks: 0, inconclusive: 0, contradictions: 0, tablesProven: 5, tablesProbed: 5 });
  });

  it('a policy USING (true): every probe of that table leaks, and only there', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/policy-always-true');
    expect(code).toBe(1);
    expect(unproven(report.rls)).toEqual(EVERY_LEAK('public.comments'));
    const seen = report.rls.find((r) => r.table === 'public.comments' && r.command === 'select' && r.scope === 'other')!;
    expect(seen.row).toMatchObject({ client_id: expect.any(String), task_id: expect.any(Number) });
    expect(seen.detail).toBe("tenant A sees 2 of tenant B's 2 rows");
  });

  it('RLS disabled on one scoped table: that table leaks everywhere, the rest is proven', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/rls-disabled');
    expect(code).toBe(1);
    expect(unproven(report.rls)).toEqual(EVERY_LEAK('public.projects'));
  });

  it('a WITH CHECK that ignores the tenant: inserts for B and moves to B leak; reads and B-row writes are proven', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/with-check-no-tenant');
    expect(code).toBe(1);
    expect(unproven(report.rls)).toEqual(['public.tasks insert none leak', 'public.tasks insert other leak', 'public.tasks update move leak']);
    const insert = report.rls.find((r) => r.table === 'public.tasks' && r.command === 'insert' && r.scope === 'other')!;
    expect(insert.detail).toBe('tenant A inserted a row for tenant B');
    // The leaking row is the one tenant A wrote: it carries tenant B's key.
    const bKey = report.rls.find((r) => r.table === 'public.tasks' && r.scope === 'move')!.detail.match(/client_id = '([^']+)'/)![1];
    expect(insert.row!.client_id).toBe(bKey);
  });

  it('a trigger that lets one invalid transition through: that transition contradicts the declaration', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/trigger-lets-through');
    expect(code).toBe(1);
    expect(unproven(report.rls)).toEqual([]);
    const [tasks] = report.stateMachines;
    expect(tasks!.allowed).toEqual([...CLEAN_TRANSITIONS, ['done', 'todo']]);
    expect(tasks!.declared).toEqual({ undeclaredAccepted: [['done', 'todo']], declaredRejected: [] });
    expect(tasks!.terminal).toEqual(['cancelled']);
    expect(report.summary.contradictions).toBe(1);
  });

  it('a view without security_invoker: the view leaks (it runs with its owner’s rights), its tables do not', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/view-definer');
    expect(code).toBe(1);
    expect(unproven(report.rls)).toEqual(['public.task_overview select none leak', 'public.task_overview select other leak']);
    expect(report.rls.find((r) => r.table === 'public.task_overview' && r.scope === 'other')!.detail).toContain('no security_invoker');
  });

  it('RLS not forced: reported as an owner bypass, no leak for the probe role', async () => {
    const { code, report } = await verifyJson('test/fixtures/verify/not-forced');
    expect(code).toBe(0);
    expect(unproven(report.rls)).toEqual([]);
    expect(report.ownerBypass).toEqual([{ table: 'public.comments', owner: 'postgres' }]);
  });
});

describe('verify: the examples', () => {
  it('creator-loyalty: the 14 scoped tables proven, the 3 inherited tables without RLS leak; the seed’s three machines', async () => {
    const { code, report, stderr } = await verifyJson('examples/creator-loyalty');
    expect(code).toBe(1);
    const inherited = ['public.handle_changes', 'public.otp_codes', 'public.password_reset_tokens'];
    expect(unproven(report.rls)).toEqual(inherited.flatMap(EVERY_LEAK).sort());
    const proven = [...new Set(report.rls.map((r) => r.table))].filter((t) => !inherited.includes(t));
    expect(proven).toHaveLength(14);
    expect(report.notProven).toEqual([
      { object: 'public.clients', kind: 'table', reason: 'the tenant root has no row-level security: not probed (every tenant can read every row of it)' },
    ]);
    const machine = (column: string) => report.stateMachines.find((m) => m.column === column)!;
    expect(machine('public.redemptions.status').allowed).toEqual([
      ['claimable', 'claimed'],
      ['claimed', 'fulfilled'],
      ['claimed', 'rejected'],
      ['fulfilled', 'concluded'],
    ]);
    expect(machine('public.redemptions.status').terminal).toEqual(['concluded', 'rejected']);
    const boost = machine('public.commission_boost_redemptions.boost_status');
    expect(boost.allowed).toEqual([
      ['scheduled', 'active'],
      ['active', 'expired'],
      ['expired', 'pending_info'],
      ['pending_info', 'pending_payout'],
      ['pending_payout', 'paid'],
    ]);
    expect(machine('public.mission_progress.status').allowed).toEqual([
      ['dormant', 'active'],
      ['active', 'completed'],
    ]);
    for (const m of report.stateMachines.filter((x) => x.declared)) expect(m.declared).toEqual({ undeclaredAccepted: [], declaredRejected: [] });
    // The boost sync and the history logger, seen as side effects; the payout needs the redemption in `claimed`.
    const payout = boost.transitions.find((t) => t.from === 'pending_info' && t.to === 'pending_payout')!;
    expect(payout.requires).toBe('public.redemptions.status = claimed');
    expect(payout.sideEffects).toEqual([
      { table: 'public.redemptions', action: 'update', rows: 1, values: { status: 'fulfilled' } },
      {
        table: 'public.commission_boost_state_history',
        action: 'insert',
        rows: 1,
        values: expect.objectContaining({ from_status: 'pending_info', to_status: 'pending_payout', transition_type: 'cron' }),
      },
    ]);
    // Unenforced machines: every transition accepted, which the report shows rather than hides.
    expect(machine('public.sync_logs.status').rejected).toEqual([]);
    expect(stderr).toBe('');
  });

  it('privacy-telemetry (Supabase): isolation per user proven through JWT claims as `authenticated`', async () => {
    const { code, report } = await verifyJson('examples/privacy-telemetry');
    expect(code).toBe(0);
    expect(report.context).toMatchObject({
      kind: 'jwt',
      setting: 'request.jwt.claims',
      role: 'authenticated',
      identity: 'tenant key',
      subject: { root: 'public.users', column: 'userId', source: 'candidate' },
    });
    expect(unproven(report.rls)).toEqual([]);
    expect(report.summary.tablesProven).toBe(report.summary.tablesProbed);
    expect(report.summary.tablesProbed).toBeGreaterThanOrEqual(20);
  });

  it('giftcard-campaigns: members act through their membership; a delivery can be re-pointed at another tenant’s gift card', async () => {
    const { code, report } = await verifyJson('examples/giftcard-campaigns', '--only', 'rls');
    expect(code).toBe(1);
    expect(report.context).toMatchObject({ kind: 'jwt', identity: 'public.organization_members.user_id' });
    expect(unproven(report.rls)).toEqual(['public.gift_card_deliveries update move leak']);
    expect(report.stateMachines).toEqual([]);
  });
});

describe('verify: the command', () => {
  it('--only states skips the isolation proof', async () => {
    const { report } = await verifyJson('test/fixtures/verify/policy-always-true', '--only', 'states');
    expect(report.rls).toEqual([]);
    expect(report.stateMachines.map((m) => m.column)).toEqual(['public.tasks.status']);
  });

  it('a schema.json snapshot is rebuilt in a sandbox and proven the same as its migrations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schemaproof-verify-snapshot-'));
    try {
      const snapshot = await cli('inspect', 'test/fixtures/verify/view-definer', '--json');
      await writeFile(join(dir, 'schema.json'), snapshot.stdout);
      const [fromSnapshot, fromFiles] = await Promise.all([verifyJson(join(dir, 'schema.json')), verifyJson('test/fixtures/verify/view-definer')]);
      expect(fromSnapshot.code).toBe(1);
      expect(unproven(fromSnapshot.report.rls)).toEqual(unproven(fromFiles.report.rls));
      expect(fromSnapshot.report.stateMachines.map((m) => m.allowed)).toEqual(fromFiles.report.stateMachines.map((m) => m.allowed));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('config verify.setting and verify.role: a setting the policies do not read leaves A seeing nothing (inconclusive); an unknown role is exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schemaproof-verify-config-'));
    try {
      await writeFile(join(dir, 'wrong-setting.yaml'), 'verify:\n  setting: app.somebody_else\n');
      const { code, report } = await verifyJson('test/fixtures/verify/clean', '--config', join(dir, 'wrong-setting.yaml'), '--only', 'rls');
      expect(code).toBe(0);
      expect(report.context).toMatchObject({ kind: 'guc', setting: 'app.somebody_else' });
      expect(report.rls.find((r) => r.table === 'public.tasks' && r.command === 'select' && r.scope === 'own')).toMatchObject({
        verdict: 'inconclusive',
        detail: 'tenant A sees none of its 2 rows: the policies may read a context the verifier does not set',
      });
      await writeFile(join(dir, 'no-role.yaml'), 'verify:\n  role: app_reader\n');
      const out = await cli('verify', 'test/fixtures/verify/clean', '--config', join(dir, 'no-role.yaml'));
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('verify.role: no role app_reader in the sandbox');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unknown format or --only is exit 2', async () => {
    expect((await cli('verify', 'test/fixtures/verify/clean', '--format', 'xml')).code).toBe(2);
    expect((await cli('verify', 'test/fixtures/verify/clean', '--only', 'views')).code).toBe(2);
  });

  it('markdown: the isolation matrix and the state machine section', async () => {
    const out = await cli('verify', 'test/fixtures/verify/view-definer', '--format', 'markdown');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('| `public.task_overview` | ❌ other · ❌ none | - | - | - |');
    expect(out.stdout).toContain('| `public.tasks` | ✅ own · ✅ other · ✅ none | ✅ own · ✅ other · ✅ none | ✅ own · ✅ other · ✅ none · ✅ move | ✅ own · ✅ other · ✅ none |');
    expect(out.stdout).toContain('### public.tasks.status');
    // The number of probes and the time, on stderr (not in the report, which stays reproducible).
    expect(out.stderr).toMatch(/^65 probes in \d+\.\d s$/m);
  });

  it('doc --verify writes verify.md (the same page as verify --format markdown) and folds the proofs into audit.md', async () => {
    const out = await mkdtemp(join(tmpdir(), 'schemaproof-verify-doc-'));
    try {
      const written = await cli('doc', 'test/fixtures/verify/with-check-no-tenant', '-o', join(out, 'docs'), '--verify');
      expect(written.code).toBe(0);
      expect(written.stdout).toContain('verify: 65 probes, 3 leaks, 0 contradictions (verify.md)');
      const page = await cli('verify', 'test/fixtures/verify/with-check-no-tenant', '--format', 'markdown');
      expect(await readFile(join(out, 'docs', 'verify.md'), 'utf8')).toBe(page.stdout);
      const audit = await readFile(join(out, 'docs', 'audit.md'), 'utf8');
      expect(audit).toContain('- ❌ `public.tasks` leaks across tenants: INSERT other, INSERT none, UPDATE move\n');
      expect(audit).toContain('- ✅ `public.projects` isolated: 13 probes proven\n');
      expect(audit).toMatch(/^\*\*Not ready:\*\* .*3 proven leaks must be fixed first\.$/m);
      const readme = await readFile(join(out, 'docs', 'README.md'), 'utf8');
      expect(readme).toContain('- **Tenant isolation:** 4 of 5 tables and views proven isolated; 3 leaking probes, 0 inconclusive');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
