/**
 * `schemaproof check-docs` end to end, as a user runs it: the five seed documents the examples were written from,
 * each against its example, and a drifted copy of seed 002 that claims a few more false things.
 *
 * The seeds live outside the repository (`../shared/seeds/`, beside the clone in CI); without them the seed tests
 * skip with a notice.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, root } from '../helpers/cli.js';

const seeds = join(root, '..', 'shared', 'seeds');
const haveSeeds = existsSync(join(seeds, '000_42865eef7b9ccc88.txt'));
if (!haveSeeds) console.warn(`\n  NOTICE: ${seeds} is absent; the check-docs tests on the seed documents are SKIPPED.\n`);

interface JsonClaim {
  file: string;
  line: number;
  text: string;
  verdict: 'true' | 'false' | 'unverifiable';
  evidence: string;
  kind: string;
  quote: string;
  fix?: { before: string; after: string };
}
interface JsonReport {
  format: string;
  source: string;
  documents: { file: string; lines: number; repairedLines: number[] }[];
  summary: { claims: number; true: number; false: number; unverifiable: number };
  claims: JsonClaim[];
}

const RUNS: Record<string, [string, string]> = {
  '000': ['creator-loyalty', '000_42865eef7b9ccc88.txt'],
  '001': ['privacy-telemetry', '001_a56437c1aace9241.txt'],
  '002': ['giftcard-campaigns', '002_17743480c4120721.txt'],
  '003': ['influencer-marketplace', '003_af264de6d19ade60.txt'],
  '004': ['tentabo-prm', '004_12534738ce95171f.txt'],
};
const DRIFTED = 'test/fixtures/check-docs/giftcard-audit-drifted.md';

const reports = new Map<string, { code: number; report: JsonReport }>();

async function runJson(example: string, doc: string) {
  const r = await cli('check-docs', `examples/${example}`, doc, '--format', 'json', '-q');
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

beforeAll(async () => {
  const jobs: Promise<void>[] = [runJson('giftcard-campaigns', DRIFTED).then((r) => void reports.set('drifted', r))];
  if (haveSeeds) {
    for (const [key, [example, seed]] of Object.entries(RUNS)) {
      jobs.push(runJson(example, join(seeds, seed)).then((r) => void reports.set(key, r)));
    }
  }
  await Promise.all(jobs);
}, 120_000);

/** The claim at `line` whose text is `text` (exactly one). */
function claim(key: string, line: number, text: string): Pick<JsonClaim, 'verdict' | 'evidence'> {
  const found = reports.get(key)!.report.claims.filter((c) => c.line === line && c.text === text);
  expect(found, `${key}:${line}: ${text}`).toHaveLength(1);
  return { verdict: found[0]!.verdict, evidence: found[0]!.evidence };
}

const falseClaims = (key: string) => reports.get(key)!.report.claims.filter((c) => c.verdict === 'false').map((c) => [c.line, c.text, c.evidence]);

describe.skipIf(!haveSeeds)('the five seeds against their examples', () => {
  it('seed 000: its own level table is wrong, and says so with the table that decides the level', () => {
    expect(reports.get('000')!.code).toBe(1);
    expect(claim('000', 96, 'redemptions is at dependency level 3')).toEqual({
      verdict: 'false',
      evidence: 'public.redemptions references public.mission_progress (level 3), so it is level 4, not 3',
    });
    expect(falseClaims('000').filter(([, text]) => String(text).includes('dependency level'))).toEqual([
      [96, 'redemptions is at dependency level 3', 'public.redemptions references public.mission_progress (level 3), so it is level 4, not 3'],
      [104, 'commission_boost_redemptions is at dependency level 4', 'public.commission_boost_redemptions references public.redemptions (level 4), so it is level 5, not 4'],
      [105, 'physical_gift_redemptions is at dependency level 4', 'public.physical_gift_redemptions references public.redemptions (level 4), so it is level 5, not 4'],
      [106, 'raffle_participations is at dependency level 4', 'public.raffle_participations references public.redemptions (level 4), so it is level 5, not 4'],
      [114, 'commission_boost_state_history is at dependency level 5', 'public.commission_boost_state_history references public.commission_boost_redemptions (level 5), so it is level 6, not 5'],
    ]);
    // The one other false claim: the "example" policy's expression is not the policy's (the real one passes missing_ok).
    expect(falseClaims('000').filter(([, text]) => !String(text).includes('dependency level')).map(([line]) => line)).toEqual([246]);
  });

  it('seed 000: what is true is confirmed, with the object that proves it', () => {
    expect(claim('000', 95, 'mission_progress is at dependency level 3')).toEqual({ verdict: 'true', evidence: 'public.mission_progress references public.missions (level 2), so it is level 3' });
    expect(claim('000', 81, 'otp_codes (user_id) references users(id) ON DELETE CASCADE')).toEqual({
      verdict: 'true',
      evidence: 'public.otp_codes.otp_codes_user_id_fkey: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
    });
    expect(claim('000', 161, 'redemptions → commission_boost_redemptions is one-to-one')).toEqual({
      verdict: 'true',
      evidence: 'public.commission_boost_redemptions (redemption_id) → public.redemptions is one-to-one',
    });
    expect(claim('000', 172, 'redemptions.status takes the values claimable, claimed, fulfilled, concluded, rejected')).toEqual({
      verdict: 'true',
      evidence: 'public.redemptions.status takes claimable, claimed, fulfilled, concluded, rejected (CHECK public.redemptions.redemptions_status_check)',
    });
    expect(claim('000', 206, 'index idx_physical_gift_pending on physical_gift_redemptions (created_at) WHERE shipped_at IS NULL exists').verdict).toBe('true');
    expect(claim('000', 232, 'otp_codes inherits its tenant through FKs (via user)')).toEqual({ verdict: 'true', evidence: 'public.otp_codes inherits its tenant through public.otp_codes → public.users' });
    expect(claim('000', 240, 'row-level security is enabled on every tenant-scoped table')).toEqual({ verdict: 'true', evidence: 'row-level security is enabled on all 14 tenant-scoped (client_id) tables' });
    expect(claim('000', 265, 'trigger track_boost_transitions AFTER UPDATE on commission_boost_redemptions → log_boost_transition() exists').verdict).toBe('true');
    expect(reports.get('000')!.report.summary).toEqual({ claims: 251, true: 234, false: 6, unverifiable: 11 });
  });

  it('seed 001: the files the Supabase CLI skips, and the tables that exist only in them, are named', () => {
    const skip = 'name does not match <timestamp>_name.sql; the Supabase CLI skips it';
    expect(claim('001', 38, 'table audit_log exists')).toEqual({
      verdict: 'false',
      evidence: `no table audit_log in the schema; public.audit_log is defined in examples/privacy-telemetry/supabase/migrations/2025-11-05_trust_audit.sql, which is not applied (${skip})`,
    });
    expect(claim('001', 54, 'column events.occurred_at exists')).toEqual({
      verdict: 'false',
      evidence: `public.events has no column occurred_at; the public.events defined in examples/privacy-telemetry/supabase/migrations/2025-11-05_telemetry.sql has it, but that file is not applied (${skip})`,
    });
    expect(claim('001', 180, '2025-11-05_telemetry.sql is an applied migration')).toEqual({
      verdict: 'false',
      evidence: `examples/privacy-telemetry/supabase/migrations/2025-11-05_telemetry.sql is in the folder but not applied: ${skip}`,
    });
    expect(claim('001', 72, 'index idx_events_user_timestamp exists')).toEqual({
      verdict: 'true',
      evidence: 'public.idx_events_user_timestamp: CREATE INDEX idx_events_user_timestamp ON public.events USING btree ("userId", "timestamp") (same keys as public.idx_events_user_id_timestamp: a duplicate)',
    });
    expect(claim('001', 101, 'function is_org_member(org_id UUID) exists')).toEqual({ verdict: 'true', evidence: 'public.is_org_member(org_id uuid) exists' });
    expect(claim('001', 130, 'trigger update_users_updated_at on Users exists').verdict).toBe('true');
    expect(claim('001', 199, 'row-level security is enabled on every table')).toEqual({ verdict: 'true', evidence: 'row-level security is enabled on all 29 tables' });
    expect(claim('001', 197, 'audit_logs and audit_log are duplicate or conflicting definitions').verdict).toBe('true');
    expect(falseClaims('001').map(([line]) => line)).toEqual([38, 38, 38, 38, 38, 38, 54, 54, 54, 54, 180, 181]);
  });

  it('seed 002: the double-encoded ✅ are repaired, the audit’s own false ticks are caught', () => {
    const { report } = reports.get('002')!;
    expect(report.documents[0]!.repairedLines).toHaveLength(144);
    expect(report.claims.some((c) => c.quote.includes('âœ'))).toBe(false);
    expect(report.claims.find((c) => c.line === 13)!.quote).toBe('### ✅ Recipients Table');
    expect(claim('002', 16, 'Recipients.approval_status takes the values pending, approved, rejected, redeemed')).toEqual({
      verdict: 'true',
      evidence: 'public.recipients.approval_status takes pending, approved, rejected, redeemed (CHECK public.recipients.recipients_approval_status_check)',
    });
    expect(claim('002', 15, 'column Recipients.redemption_code TEXT UNIQUE exists')).toEqual({ verdict: 'true', evidence: 'public.recipients.redemption_code exists: text, nullable, UNIQUE' });
    expect(claim('002', 152, 'row-level security is enabled on every table')).toEqual({ verdict: 'true', evidence: 'row-level security is enabled on all 39 tables' });
    expect(claim('002', 169, 'index idx_recipients_redemption_code exists').evidence).toBe(
      'public.idx_recipients_redemption_code: CREATE INDEX idx_recipients_redemption_code ON public.recipients USING btree (redemption_code) (same keys as public.recipients_redemption_code_key: a duplicate)',
    );
    expect(falseClaims('002')).toEqual([
      [
        192,
        'every status column is an enum',
        '11 of 12 status columns are not enums: public.call_sessions.call_status (text), public.call_sessions.match_status (text), public.contact_campaign_participation.participation_status (text), public.gift_card_audit_log.old_status (text), public.gift_card_audit_log.new_status (text), public.gift_card_deliveries.delivery_status (text), public.gift_cards.status (text), public.recipients.approval_status (text) and 3 more',
      ],
      [203, '156 migrations', '9 migrations applied from examples/giftcard-campaigns, not 156'],
    ]);
  });

  it('seed 003: the DDL it shows is confirmed column by column; its ER claims and "automatic" FK indexes are not', () => {
    expect(claim('003', 35, 'column users.email VARCHAR(255) NOT NULL UNIQUE exists')).toEqual({ verdict: 'true', evidence: 'public.users.email exists: character varying(255), NOT NULL, UNIQUE' });
    expect(claim('003', 81, 'profiles (user_id) references users(id) ON DELETE CASCADE').verdict).toBe('true');
    expect(claim('003', 171, "unique index idx_offers_active_per_influencer on offers (campaign_id, influencer_id) WHERE status IN ('pending', 'counter', 'accepted') exists").verdict).toBe('true');
    expect(claim('003', 305, 'metric_snapshots is partitioned')).toEqual({ verdict: 'true', evidence: 'public.metric_snapshots is PARTITION BY RANGE (created_at), 7 partitions' });
    expect(claim('003', 324, 'view v_active_campaigns reads campaigns, offers, payments')).toEqual({ verdict: 'true', evidence: 'public.v_active_campaigns reads public.campaigns, public.offers, public.payments' });
    expect(falseClaims('003')).toEqual([
      [6, 'User → Organization is one-to-many', 'no FK between public.users and public.organizations'],
      [8, 'Team Members references Organization', 'no table Team Members in the schema'],
      [9, 'Social Accounts references User', 'no table Social Accounts in the schema'],
      [9, 'Billing Info references Organization', 'no table Billing Info in the schema'],
      [10, 'Auth Tokens references User', 'no table Auth Tokens in the schema'],
      [24, 'Offer → Contract is one-to-one', 'public.contracts (offer_id) → public.offers is one-to-many: (offer_id) is not unique'],
      [
        300,
        'every foreign key is indexed',
        '4 of 17 foreign keys have no index: public.contracts (offer_id), public.contracts (organization_id), public.offers (organization_id), public.payments (contract_id)',
      ],
    ]);
  });

  it('seed 004: cardinalities and cascade rules hold; the totals and one orphan claim do not', () => {
    expect(claim('004', 163, 'Order → Contract is one-to-one').verdict).toBe('true');
    expect(claim('004', 166, 'Distributor and Partner are many-to-many through DistributorPartner').verdict).toBe('true');
    expect(claim('004', 169, 'Contract references itself')).toEqual({ verdict: 'true', evidence: 'public.contracts (renewed_from) → public.contracts is self-referential (Contract read as public.contracts)' });
    expect(claim('004', 176, 'the FKs between Lead and LeadActivity are ON DELETE CASCADE')).toEqual({ verdict: 'true', evidence: 'public.lead_activities (lead_id) → public.leads ON DELETE CASCADE' });
    expect(claim('004', 212, 'unique index idx_contracts_order_id (order_id) exists').verdict).toBe('true');
    expect(claim('004', 257, 'index ix_distributor_partners_distributor_id exists').verdict).toBe('true');
    expect(falseClaims('004')).toEqual([
      [
        288,
        'the FK of User (enabled_by) to admin is nullable and leaves User rows without it when the referenced row is deleted',
        'public.users (enabled_by) → public.admin_users is nullable and ON DELETE NO ACTION: deleting a public.admin_users row that public.users rows reference fails, so they are never left without it',
      ],
      [
        368,
        '21 tables',
        '20 tables (public.admin_users, public.audit_logs, public.contracts, public.distributor_partners, public.distributors, public.durations, public.lead_activities, public.lead_notes, public.lead_status_history, public.leads, public.notes, public.order_items and 8 more), not 21',
      ],
      [369, 'at least 50 relationships', '31 relationships (foreign keys; plus 1 many-to-many through junction tables), not at least 50'],
    ]);
    const total = reports.get('004')!.report.claims.find((c) => c.line === 368)!;
    expect(total.fix).toEqual({ before: '**Total Tables:** 21', after: '**Total Tables:** 20' });
  });

  it('every run exits 1 (each seed has a false claim), and no claim is left without evidence', () => {
    for (const key of Object.keys(RUNS)) {
      const { code, report } = reports.get(key)!;
      expect(code).toBe(1);
      expect(report.format).toBe('schemaproof/check-docs@1');
      expect(report.claims.every((c) => c.evidence.length > 0 && c.line > 0)).toBe(true);
      expect(report.summary.claims).toBe(report.summary.true + report.summary.false + report.summary.unverifiable);
    }
  });
});

describe('giftcard-campaigns against a drifted copy of its audit', () => {
  it('catches each drift with the right evidence, and nothing else', () => {
    expect(reports.get('drifted')!.code).toBe(1);
    expect(falseClaims('drifted')).toEqual([
      [
        8,
        '41 tables',
        '39 tables (public.ace_form_fields, public.ace_form_submissions, public.ace_forms, public.api_keys, public.audiences, public.call_conditions_met, public.call_sessions, public.campaign_conditions, public.campaigns, public.contact_campaign_participation, public.contact_list_members, public.contact_lists and 27 more), not 41',
      ],
      [24, 'Recipients (gift_card_assigned_id) references gift_cards(id) ON DELETE CASCADE', 'public.recipients.recipients_gift_card_assigned_id_fkey is ON DELETE SET NULL, not CASCADE'],
      [28, 'index on Recipients (email) exists', 'no index of public.recipients starts with (email)'],
      [158, 'row-level security is enabled on auth.users', 'auth.users has row-level security disabled, 0 policies'],
      [180, 'index idx_recipients_email exists', 'no index named idx_recipients_email'],
      // The two the unmodified audit already gets wrong (expected-differences.md):
      [197, 'every status column is an enum', expect.stringMatching(/^11 of 12 status columns are not enums: /)],
      [208, '156 migrations', '9 migrations applied from examples/giftcard-campaigns, not 156'],
    ]);
  });

  it('still confirms what the drift left true, including the new true claims beside the false ones', () => {
    expect(claim('drifted', 9, '88 foreign keys')).toEqual({ verdict: 'true', evidence: '88 foreign keys' });
    expect(claim('drifted', 188, 'call_sessions (campaign_id) references campaigns(id) ON DELETE CASCADE')).toEqual({
      verdict: 'true',
      evidence: 'public.call_sessions.call_sessions_campaign_id_fkey: FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE',
    });
    expect(claim('drifted', 24, 'column Recipients.gift_card_assigned_id UUID exists').verdict).toBe('true');
    expect(claim('drifted', 28, 'index on Recipients (phone) exists').verdict).toBe('true');
  });

  it.skipIf(!haveSeeds)('has the same verdict as the original on every claim the drift did not touch', () => {
    const original = reports.get('002')!.report.claims;
    const drifted = reports.get('drifted')!.report.claims;
    const key = (c: JsonClaim) => `${c.text}\u0000${c.quote}`;
    const before = new Map(original.map((c) => [key(c), c.verdict]));
    const touched = drifted.filter((c) => before.get(key(c)) !== c.verdict).map((c) => [c.line, c.verdict, c.text]);
    expect(touched).toEqual([
      [8, 'false', '41 tables'],
      [9, 'true', '88 foreign keys'],
      [24, 'true', 'column Recipients.gift_card_assigned_id UUID exists'],
      [24, 'false', 'Recipients (gift_card_assigned_id) references gift_cards(id) ON DELETE CASCADE'],
      [28, 'true', 'index on Recipients (redemption_code) exists'],
      [28, 'true', 'index on Recipients (approval_status) exists'],
      [28, 'true', 'index on Recipients (phone) exists'],
      [28, 'false', 'index on Recipients (email) exists'],
      [158, 'false', 'row-level security is enabled on auth.users'],
      [180, 'false', 'index idx_recipients_email exists'],
      [188, 'true', 'call_sessions (campaign_id) references campaigns(id) ON DELETE CASCADE'],
    ]);
  });

  it('--fix proposes the corrected lines as a diff against the file as it is (mojibake included)', async () => {
    const r = await cli('check-docs', 'examples/giftcard-campaigns', DRIFTED, '--fix', '-q');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `--- ${DRIFTED}`,
        `+++ ${DRIFTED}`,
        '@@ -8 +8 @@ 41 tables',
        '-**Total Tables:** 41',
        '+**Total Tables:** 39',
        '@@ -24 +24 @@ Recipients (gift_card_assigned_id) references gift_cards(id) ON DELETE CASCADE',
        '-- `gift_card_assigned_id` UUID REFERENCES gift_cards(id) ON DELETE CASCADE - Card assignment âœ…',
        '+- `gift_card_assigned_id` UUID REFERENCES gift_cards(id) ON DELETE SET NULL - Card assignment ✅',
        '@@ -208 +208 @@ 156 migrations',
        '-- 156 migration files âœ…',
        '+- 9 migration files ✅',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('170 claims: 120 true, 7 false, 43 unverifiable\n');
  }, 60_000);

  it('prints text and Markdown reports, filtered with --only', async () => {
    const text = await cli('check-docs', 'examples/giftcard-campaigns', DRIFTED, '--only', 'false', '-q');
    expect(text.code).toBe(1);
    const lines = text.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith(DRIFTED))).toHaveLength(7);
    expect(lines.slice(0, 2)).toEqual([`${DRIFTED}:8: false: 41 tables`, expect.stringMatching(/^ {4}39 tables \(public\.ace_form_fields, /)]);
    expect(lines.slice(-3)).toEqual([
      'schema: examples/giftcard-campaigns',
      '170 claims in 1 document: 120 true, 7 false, 43 unverifiable; 147 lines repaired from double-encoded UTF-8',
      '',
    ]);
    const md = await cli('check-docs', 'examples/giftcard-campaigns', DRIFTED, '--format', 'markdown', '--only', 'false', '-q');
    expect(md.stdout).toContain('| 158 | ❌ false | row-level security is enabled on auth.users | auth.users has row-level security disabled, 0 policies |');
    expect(md.stdout).toContain('## Proposed corrections');
  }, 60_000);
});

describe('bad input', () => {
  it('exits 2 with one clear line', async () => {
    const cases: [string[], string][] = [
      [['check-docs', 'examples/tentabo-prm'], 'schemaproof: check-docs needs a source and at least one document'],
      [['check-docs', 'examples/tentabo-prm', 'no-such.md'], 'schemaproof: no such document: no-such.md'],
      [['check-docs', 'examples/tentabo-prm', DRIFTED, '--format', 'sarif'], 'schemaproof: unknown format: sarif'],
      [['check-docs', 'examples/tentabo-prm', DRIFTED, '--only', 'maybe'], 'schemaproof: unknown --only: maybe'],
      [['check-docs', 'examples/no-such-example', DRIFTED], 'schemaproof: '],
    ];
    for (const [args, first] of cases) {
      const r = await cli(...args);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr.split('\n')[0]!.startsWith(first)).toBe(true);
    }
  }, 60_000);
});

describe('the documents schemaproof generates for each example', () => {
  it('contain no claim check-docs finds false (precision: nothing true is reported false)', async () => {
    const examples = ['creator-loyalty', 'privacy-telemetry', 'giftcard-campaigns', 'influencer-marketplace', 'tentabo-prm'];
    const runs = await Promise.all(examples.map((e) => runJson(e, `examples/${e}/docs`)));
    for (const [i, { code, report }] of runs.entries()) {
      expect([examples[i], code, report.claims.filter((c) => c.verdict === 'false').map((c) => `${c.file}:${c.line}: ${c.text}`)]).toEqual([examples[i], 0, []]);
      expect(report.summary.true).toBeGreaterThan(300);
    }
  }, 120_000);
});
