/**
 * The whole engine on the examples, for what no single rule shows: one error per root cause (RLS off on a tenant
 * table is tenancy/tenant-table-not-isolated's, not also security/rls-disabled's), every finding located in a file,
 * remediations planned so that no statement runs twice — and, on creator-loyalty (no platform shim, so its files
 * apply in a bare PGlite), every remediation run top to bottom after the migrations, then the schema linted again:
 * what is left is listed and explained.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { lint } from '../../src/lint/engine.js';
import { indexProposal } from '../../src/lint/plan/indexes.js';
import { splitRemediation, type Statement } from '../../src/lint/plan/statements.js';
import type { LintResult } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { locateSource } from '../../src/source/locate.js';
import { loadSchema } from '../../src/source/load.js';
import { modelFromSql } from '../helpers/render.js';

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'];
const results = new Map<string, { model: SchemaModel; result: LintResult }>();

beforeAll(async () => {
  for (const name of EXAMPLES) {
    const source = `examples/${name}`;
    const model = await loadSchema(source, { onWarning: () => {} });
    const locations = await locateSource([source], { onWarning: () => {}, model });
    results.set(name, { model, result: lint(model, await analyze(model), { locations }) });
  }
}, 120_000);

/** The statements each finding's fix runs (comments in their place left out), by identity. */
function executed(result: LintResult): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const f of result.findings) {
    for (const p of splitRemediation(f.remediation ?? '') ?? []) {
      if (!('statement' in p) || ['TransactionStmt', 'VariableSetStmt'].includes(p.statement.kind)) continue;
      const s: Statement = p.statement;
      const key = indexProposal(s)?.identity ?? s.canon;
      seen.set(key, [...(seen.get(key) ?? []), `${f.rule} ${f.object}`]);
    }
  }
  return seen;
}

describe('the engine on the examples', () => {
  it('reports RLS off on a tenant table once: the tenancy rule, with the schema exposure in its message', () => {
    const { result } = results.get('creator-loyalty')!;
    const rlsOff = result.findings.filter((f) => f.rule === 'security/rls-disabled' || /row-level security is off/.test(f.message));
    expect(rlsOff.map((f) => [f.severity, f.rule, f.object])).toEqual([
      ['error', 'tenancy/tenant-table-not-isolated', 'public.handle_changes'],
      ['error', 'tenancy/tenant-table-not-isolated', 'public.otp_codes'],
      ['error', 'tenancy/tenant-table-not-isolated', 'public.password_reset_tokens'],
    ]);
    for (const name of EXAMPLES) {
      const byTable = new Map<string, string[]>();
      for (const f of results.get(name)!.result.findings.filter((x) => x.rule === 'security/rls-disabled' || x.rule === 'tenancy/tenant-table-not-isolated')) {
        byTable.set(f.object, [...(byTable.get(f.object) ?? []), f.rule]);
      }
      expect([...byTable].filter(([, rules]) => rules.includes('security/rls-disabled') && rules.length > 1), name).toEqual([]);
    }
  });

  it.each(EXAMPLES)('%s: every finding is located in a file, and no statement of the plan runs twice', (name) => {
    const { result } = results.get(name)!;
    expect(result.findings.filter((f) => f.location === null).map((f) => `${f.rule} ${f.object}`)).toEqual([]);
    expect([...executed(result)].filter(([, owners]) => owners.length > 1)).toEqual([]);
  });

  it('privacy-telemetry: the schema-level naming findings point at the first table that has the names', () => {
    const { result } = results.get('privacy-telemetry')!;
    const naming = result.findings.filter((f) => f.object === 'public').map((f) => [f.rule, f.location]);
    expect(naming).toEqual([
      ['naming/mixed-naming-style', { file: 'examples/privacy-telemetry/supabase/migrations/000000000800_upsert_functions.sql', line: 15, column: 1 }],
      ['naming/name-needs-quotes', { file: 'examples/privacy-telemetry/supabase/migrations/20240101000000_initial_schema.sql', line: 22, column: 1 }],
    ]);
  });

  it('creator-loyalty: the planner drops the repeats, composes the policy rewrites, and gives the history guard the RESTRICT the audit fix decides', () => {
    const { result } = results.get('creator-loyalty')!;
    const same = result.findings.filter((f) => /\(same fix as /.test(f.message)).map((f) => f.rule);
    const count = (rule: string) => same.filter((r) => r === rule).length;
    // (client_id): the FK's index is the policy column's too; (x_id): the cross-tenant guard's (x_id, client_id) serves it;
    // the cascade-into-kept-table fixes are the audit-rows-cascade fix.
    expect([count('security/policy-column-without-index'), count('structure/fk-without-index'), count('integrity/cascade-into-kept-table')]).toEqual([7, 18, 4]);
    const composed = result.findings.filter((f) => f.rule === 'security/policy-auth-call-per-row' && f.remediation?.startsWith('-- on top of the fix of security/policy-current-setting-unsafe'));
    expect(composed).toHaveLength(14);
    expect(composed.find((f) => f.object === 'public.videos')!.remediation!.split('\n')[1]).toBe(
      "ALTER POLICY videos_tenant_isolation ON public.videos USING (client_id = (select nullif(current_setting('app.current_client_id'::text, true), ''))::uuid);",
    );
    const guard = result.findings.find((f) => f.rule === 'tenancy/cross-tenant-reference' && f.object.endsWith('commission_boost_state_history_boost_redemption_id_fkey'))!;
    expect(guard.remediation).toContain('REFERENCES commission_boost_redemptions (id, client_id) ON DELETE RESTRICT NOT VALID;');
  });

  it('creator-loyalty: every remediation runs after the migrations, and what is left afterwards is what no fix can settle', async () => {
    const { model, result } = results.get('creator-loyalty')!;
    const sql = [...model.source.files!.map((f) => readFileSync(f, 'utf8')), ...result.findings.map((f) => f.remediation ?? '')].join('\n;\n');
    const fixed = await modelFromSql(sql); // throws with the failing statement if any does not run
    const again = lint(fixed, await analyze(fixed));
    expect(again.findings.map((f) => [f.severity, f.rule, f.object])).toEqual([
      // Names the fixes generate the way PostgreSQL does, cut at 63 bytes (the table name is long).
      ['info', 'naming/name-near-length-limit', 'public.commission_boost_state_histor_boost_redemption_id_client_id_idx'],
      ['info', 'naming/name-near-length-limit', 'public.commission_boost_state_history.commission_boost_state_histor_boost_redemption_id_client_i_fkey'],
      ['info', 'naming/name-near-length-limit', 'public.missions.missions_client_id_tier_eligibility_mission_type_display_or_key'],
      // No remediation: a design change.
      ['info', 'structure/incrementing-columns', 'public.physical_gift_redemptions'],
      // The new policies show a row when its users row is visible: they rely on users' own policy, which reading cannot prove.
      ['info', 'tenancy/tenant-isolation-unverified', 'public.handle_changes'],
      ['info', 'tenancy/tenant-isolation-unverified', 'public.otp_codes'],
      ['info', 'tenancy/tenant-isolation-unverified', 'public.password_reset_tokens'],
    ]);
    expect(result.findings.length).toBe(117);
  }, 120_000);
});
