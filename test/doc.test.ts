/**
 * `schemaproof doc` end to end, on the examples written from the seeds: the facts each seed states (or gets wrong)
 * come out of the real schema, and the output folder is written safely.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/analyze/types.js';
import { cli } from './helpers/cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'schemaproof-doc-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function analysisOf(example: string): Promise<Analysis> {
  const { code, stdout, stderr } = await cli('doc', `examples/${example}`, '--json', '--quiet');
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const json = JSON.parse(stdout) as { format: string; analysis: Analysis };
  expect(json.format).toBe('schemaproof/model@1');
  expect(json.analysis.format).toBe('schemaproof/analysis@1');
  return json.analysis;
}

const bare = (ids: string[]) => ids.map((id) => id.replace(/^public\./, ''));

describe('creator-loyalty (seed 000)', () => {
  let a: Analysis;
  beforeAll(async () => {
    a = await analysisOf('creator-loyalty');
  });

  it('gives the levels the definition gives, not the seed drawing (redemptions references mission_progress)', () => {
    const byLevel: Record<number, string[]> = {};
    for (const [table, level] of Object.entries(a.levels)) (byLevel[level] ??= []).push(table.replace(/^public\./, ''));
    for (const list of Object.values(byLevel)) list.sort();
    expect(byLevel).toEqual({
      0: ['clients'],
      1: ['rewards', 'tiers', 'users'],
      2: ['handle_changes', 'missions', 'otp_codes', 'password_reset_tokens', 'sales_adjustments', 'sync_logs', 'tier_checkpoints', 'videos'],
      3: ['mission_progress'],
      4: ['redemptions'],
      5: ['commission_boost_redemptions', 'physical_gift_redemptions', 'raffle_participations'],
      6: ['commission_boost_state_history'],
    });
    expect(a.cycles).toEqual([]);
    expect(a.loadOrder[0]).toBe('public.clients');
    expect(a.deleteOrder.at(-1)).toBe('public.clients');
  });

  it('lists the 14 tenant-scoped and 3 inherited tables of the seed, every scoped one filtered by its policy', () => {
    expect(a.tenancy).not.toBeNull();
    const t = a.tenancy!;
    expect([t.root, t.column, t.source]).toEqual(['public.clients', 'client_id', 'inferred']);
    expect(bare(t.scoped)).toEqual([
      'commission_boost_redemptions', 'commission_boost_state_history', 'mission_progress', 'missions',
      'physical_gift_redemptions', 'raffle_participations', 'redemptions', 'rewards', 'sales_adjustments', 'sync_logs',
      'tier_checkpoints', 'tiers', 'users', 'videos',
    ]);
    expect(t.inherited.map((i) => [i.table, i.path])).toEqual([
      ['public.handle_changes', ['public.handle_changes', 'public.users']],
      ['public.otp_codes', ['public.otp_codes', 'public.users']],
      ['public.password_reset_tokens', ['public.password_reset_tokens', 'public.users']],
    ]);
    const verdicts = new Map(t.isolation.map((i) => [i.table.replace(/^public\./, ''), i.verdict]));
    for (const table of bare(t.scoped)) expect(verdicts.get(table), table).toBe('filters-tenant');
    for (const table of ['handle_changes', 'otp_codes', 'password_reset_tokens']) expect(verdicts.get(table)).toBe('rls-disabled');
  });

  it('has the three state machines with their states and the transitions the config declares', () => {
    const byColumn = new Map(a.stateMachines.map((s) => [s.column, s]));
    expect(byColumn.get('public.redemptions.status')).toMatchObject({
      states: ['claimable', 'claimed', 'fulfilled', 'concluded', 'rejected'],
      source: 'declared',
      initial: 'claimable',
      terminal: ['concluded', 'rejected'],
      transitions: { claimable: ['claimed'], claimed: ['fulfilled', 'rejected'], fulfilled: ['concluded'] },
    });
    expect(byColumn.get('public.commission_boost_redemptions.boost_status')).toMatchObject({
      states: ['scheduled', 'active', 'expired', 'pending_info', 'pending_payout', 'paid'],
      terminal: ['paid'],
    });
    expect(byColumn.get('public.mission_progress.status')).toMatchObject({ states: ['dormant', 'active', 'completed'], terminal: ['completed'] });
    expect(byColumn.get('public.redemptions.status')!.guardedBy).toContain('public.redemptions.validate_redemption_status_transition');
  });

  it('uses the domains the config names, in its order', () => {
    expect(a.domains.source).toBe('config');
    expect(a.domains.groups.map((g) => g.name)).toEqual([
      'System Configuration', 'User Management', 'Performance Tracking', 'Tier System', 'Missions', 'Rewards', 'Reward Sub-States',
    ]);
    expect(bare(a.domains.groups[0]!.tables)).toEqual(['clients', 'tiers']);
  });
});

describe('tentabo-prm (seed 004)', () => {
  let a: Analysis;
  beforeAll(async () => {
    a = await analysisOf('tentabo-prm');
  });

  it('finds order→contract one-to-one, distributor↔partner N:M and contract renewed_from self-referential', () => {
    const one = a.relationships.filter((r) => r.cardinality === 'one-to-one').map((r) => [r.from, r.to, r.columns]);
    expect(one).toEqual([['public.contracts', 'public.orders', ['order_id']]]);
    const nm = a.relationships.filter((r) => r.cardinality === 'many-to-many').map((r) => [r.from, r.to, r.via]);
    expect(nm).toEqual([['public.distributors', 'public.partners', 'public.distributor_partners']]);
    const self = a.relationships.filter((r) => r.cardinality === 'self-referential').map((r) => [r.from, r.columns]);
    expect(self).toEqual([['public.contracts', ['renewed_from']]]);
  });

  it('has exactly the CASCADE and NO ACTION rules seed 004 lists', () => {
    const pair = (id: string) => {
      const r = a.relationships.find((x) => x.foreignKey === id)!;
      return `${bare([r.to])[0]} → ${bare([r.from])[0]}`;
    };
    expect(a.cascades.onDelete.cascade.map(pair).sort()).toEqual([
      'contracts → notes', 'distributors → distributor_partners', 'leads → lead_activities', 'leads → lead_notes',
      'leads → lead_status_history', 'orders → notes', 'orders → order_items', 'partners → distributor_partners',
      'products → price_tiers', 'provider_configs → provider_sync_logs',
    ]);
    const noAction = a.cascades.onDelete['no action'].map(pair);
    for (const rule of ['users → leads', 'users → orders', 'partners → orders', 'distributors → orders']) expect(noAction).toContain(rule);
    // "Lead - if owner user is deleted (FK not nullable, requires reassignment)"
    expect(a.cascades.mustReassign.map((o) => o.foreignKey)).toContain('public.leads.leads_owner_id_fkey');
    expect(a.cascades.detachable.map((o) => o.foreignKey)).toContain('public.users.users_enabled_by_fkey');
  });
});

describe('privacy-telemetry (seed 001)', () => {
  it('reports the conflicts audit_logs~audit_log (a file the Supabase CLI skips) and events~telemetry_events, and the naming mix', async () => {
    const a = await analysisOf('privacy-telemetry');
    const pairs = a.duplicates.map((d) => d.tables.join(' ~ '));
    expect(pairs).toContain('public.events ~ public.telemetry_events');
    const audit = a.duplicates.find((d) => d.tables.includes('public.audit_log'));
    expect(audit?.tables).toEqual(['public.audit_log', 'public.audit_logs']);
    expect(audit?.unapplied).toMatchObject({ table: 'public.audit_log', file: 'examples/privacy-telemetry/supabase/migrations/2025-11-05_trust_audit.sql' });
    expect(a.naming.columns.mixed).toBe(true);
    expect(a.naming.columns.counts.camelCase).toBeGreaterThan(0);
    expect(a.naming.columns.counts.snake_case).toBeGreaterThan(0);
  });
});

describe('the output folder', () => {
  it('is replaced as a whole on a re-run, identical for the same input', async () => {
    const out = join(tmp, 'docs');
    expect((await cli('doc', 'examples/tentabo-prm', '-o', out, '-q')).code).toBe(0);
    const first = await readFile(join(out, 'relationships.md'), 'utf8');
    await writeFile(join(out, 'stale.md'), 'left from an older run');
    const again = await cli('doc', 'examples/tentabo-prm', '-o', out, '-q');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^wrote .*docs: \d+ files/);
    expect(await readFile(join(out, 'relationships.md'), 'utf8')).toBe(first);
    expect(await readdir(out)).not.toContain('stale.md');
    const tables = await readdir(join(out, 'tables'));
    expect(tables).toContain('public.contracts.md');
    expect(tables).toHaveLength(20);
  });

  it('never replaces a folder schemaproof did not write', async () => {
    const out = join(tmp, 'handwritten');
    await mkdir(out);
    await writeFile(join(out, 'notes.md'), 'precious');
    const { code, stderr, stdout } = await cli('doc', 'examples/tentabo-prm', '-o', out);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/refusing to replace .*handwritten: it was not written by schemaproof/);
    expect(await readFile(join(out, 'notes.md'), 'utf8')).toBe('precious');
  });

  it('stops with exit 2 on a config that names what does not exist, naming the key, and writes nothing', async () => {
    const config = join(tmp, 'bad.yaml');
    await writeFile(config, 'tenant:\n  root: public.nope\n  column: client_id\n');
    const out = join(tmp, 'never');
    const { code, stderr } = await cli('doc', 'examples/creator-loyalty', '-o', out, '--config', config);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml: tenant\.root: no table public\.nope/);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('reports a config key of the wrong shape with its line', async () => {
    const config = join(tmp, 'shape.yaml');
    await writeFile(config, 'domains:\n  Core: [users]\nstateMachines:\n  public.x.status: [a, b]\n');
    const { code, stderr } = await cli('doc', 'examples/creator-loyalty', '-o', join(tmp, 'x'), '--config', config);
    expect(code).toBe(2);
    expect(stderr).toMatch(/shape\.yaml:4: stateMachines\.public\.x\.status: expected record/);
  });

  it('needs -o or --json', async () => {
    const { code, stderr } = await cli('doc', 'examples/tentabo-prm');
    expect(code).toBe(2);
    expect(stderr).toMatch(/doc needs an output folder: -o DIR/);
  });
});

describe('doc --html', () => {
  it('writes the HTML site beside the Markdown: index.html and a page per table, under a script-src self CSP', async () => {
    const out = join(tmp, 'site');
    const { code } = await cli('doc', 'examples/tentabo-prm', '-o', out, '--html', '--quiet');
    expect(code).toBe(0);
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'README.md', 'erd.svg', 'erd.html', 'lint.html', 'schema.json', 'assets']));
    const tables = await readdir(join(out, 'tables'));
    expect(tables).toContain('public.orders.html');
    expect(tables).toContain('public.orders.md');
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain("script-src &#39;self&#39;");
    expect(index).not.toContain('unsafe-inline');
  });

  it('--single-file without --html is refused (exit 2)', async () => {
    const { code, stderr } = await cli('doc', 'examples/tentabo-prm', '-o', join(tmp, 'single'), '--single-file');
    expect(code).toBe(2);
    expect(stderr).toContain('--single-file is an option of the HTML site');
  });
});
