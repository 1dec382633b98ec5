/** Verdicts and evidence on small inline models: each kind of claim, true and false, and the corrections `--fix` proposes. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { checkDocs, fixes, renderCheckDocs } from '../../src/check-docs/index.js';
import type { CheckedClaim } from '../../src/check-docs/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { check, enumType, fk, index, model, policy, table } from '../helpers/model.js';

async function run(m: SchemaModel, markdown: string, unapplied: { id: string; columns: string[]; file: string; reason: string }[] = []) {
  return checkDocs([{ file: 'doc.md', text: markdown }], { model: m, analysis: await analyze(m), unapplied });
}

/** [line, verdict, evidence] of every claim. */
const verdicts = (claims: CheckedClaim[]) => claims.map((c) => [c.line, c.verdict, c.evidence]);

const loyalty = model({
  tables: [
    table('public.clients', ['id uuid pk', 'name text notnull']),
    table('public.users', ['id uuid pk', 'client_id uuid notnull', "status text notnull default='active'::text"], { rls: { enabled: true, forced: false } }),
    table('public.missions', ['id uuid pk', 'user_id uuid notnull']),
    table('public.redemptions', ['id uuid pk', 'user_id uuid notnull', 'mission_id uuid', { name: 'created_at', type: 'timestamp with time zone' }]),
    table('public.boosts', ['id uuid pk', 'redemption_id uuid unique notnull']),
  ],
  foreignKeys: [
    fk('public.users', ['client_id'], 'public.clients', ['id']),
    fk('public.missions', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
    fk('public.redemptions', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
    fk('public.redemptions', ['mission_id'], 'public.missions', ['id'], { onDelete: 'set null' }),
    fk('public.boosts', ['redemption_id'], 'public.redemptions', ['id'], { onDelete: 'cascade' }),
  ],
  constraints: [check('public.users', 'users_status_check', ['status'], "CHECK ((status = ANY (ARRAY['active'::text, 'banned'::text])))")],
  indexes: [index('public.redemptions', 'idx_redemptions_user', ['user_id', 'created_at'])],
  policies: [policy('public.users', 'users_tenant', "(client_id = (current_setting('app.client'::text, true))::uuid)")],
});

describe('levels', () => {
  it('names the referenced table that decides the level, and says what the level is instead', async () => {
    const report = await run(
      loyalty,
      ['### Level 1 Tables', '| Table | Notes |', '|---|---|', '| users | - |', '### Level 2 Tables', '| Table | Notes |', '|---|---|', '| redemptions | - |', '### Root Table', '| Table | Notes |', '|---|---|', '| clients | - |'].join('\n'),
    );
    expect(verdicts(report.claims.filter((c) => c.body.kind === 'level'))).toEqual([
      [4, 'true', 'public.users references public.clients (level 0), so it is level 1'],
      [8, 'false', 'public.redemptions references public.missions (level 2), so it is level 3, not 2'],
      [12, 'true', 'public.clients references no other table, so it is level 0'],
    ]);
  });
});

describe('foreign keys, delete rules and cardinalities', () => {
  it('checks ON DELETE and proposes the rule the schema has', async () => {
    const report = await run(
      loyalty,
      [
        '| Table | Foreign Keys |',
        '|---|---|',
        '| redemptions | `user_id → users(id) ON DELETE CASCADE`, `mission_id → missions(id) ON DELETE CASCADE`, `user_id → clients(id)` |',
      ].join('\n'),
    );
    expect(verdicts(report.claims.filter((c) => c.body.kind === 'foreign-key'))).toEqual([
      [3, 'true', 'public.redemptions.redemptions_user_id_fkey: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE'],
      [3, 'false', 'public.redemptions.redemptions_mission_id_fkey is ON DELETE SET NULL, not CASCADE'],
      [3, 'false', 'public.redemptions (user_id) references public.users, not public.clients'],
    ]);
    expect(fixes(report).map((f) => f.after)).toEqual([
      '| redemptions | `user_id → users(id) ON DELETE CASCADE`, `mission_id → missions(id) ON DELETE SET NULL`, `user_id → clients(id)` |',
    ]);
  });

  it('one-to-one needs a unique FK; one-to-many needs the FK to point from the child', async () => {
    const report = await run(
      loyalty,
      ['```', 'Redemption (1) ──── (1) Boost', 'User (1) ──── (1) Mission', 'Mission (1) ──── (N) User', 'Client (N) ◄──── User ────► (N) Mission', '```'].join('\n'),
    );
    expect(verdicts(report.claims)).toEqual([
      [2, 'true', 'public.boosts (redemption_id) → public.redemptions is one-to-one (Redemption read as public.redemptions; Boost read as public.boosts)'],
      [3, 'false', 'public.missions (user_id) → public.users is one-to-many: (user_id) is not unique'],
      [4, 'false', 'the FK goes the other way: public.missions (user_id) → public.users is one-to-many'],
      [5, 'false', 'public.users is not a junction of public.clients and public.missions'],
    ]);
  });
});

describe('tables, columns and names', () => {
  it('compares types and defaults through the parser; a written identifier is never folded to a look-alike', async () => {
    const report = await run(
      loyalty,
      [
        '### Users Table',
        "- `status` TEXT NOT NULL - active/banned",
        '- `client_id` VARCHAR(36) ✅',
        '- `clientId` ✅',
        '### Redemptions Table',
        '- `created_at` TIMESTAMPTZ',
        '## Tables',
        '- `redemption` table',
        '- `audit_log` table',
        '```sql',
        "CREATE TABLE users (id UUID PRIMARY KEY, client_id UUID NOT NULL, status TEXT NOT NULL DEFAULT 'active');",
        '```',
      ].join('\n'),
      [{ id: 'public.audit_log', columns: ['id'], file: 'migrations/2025-11-05_audit.sql', reason: 'the CLI skips it' }],
    );
    expect(verdicts(report.claims)).toEqual([
      [1, 'true', 'public.users exists (table)'],
      [2, 'true', "public.users.status exists: text, NOT NULL, DEFAULT 'active'::text"],
      [2, 'true', 'public.users.status takes active, banned (CHECK public.users.users_status_check)'],
      [3, 'false', 'public.users.client_id is uuid, not VARCHAR(36)'],
      [4, 'false', 'public.users has no column clientId; it has client_id'],
      [5, 'true', 'public.redemptions exists (table)'],
      [6, 'true', 'public.redemptions.created_at exists: timestamp with time zone, nullable'],
      [8, 'false', 'no table redemption in the schema'],
      [9, 'false', 'no table audit_log in the schema; public.audit_log is defined in migrations/2025-11-05_audit.sql, which is not applied (the CLI skips it)'],
      [11, 'true', 'public.users exists (table)'],
      [11, 'true', 'public.users.id exists: uuid, NOT NULL, PRIMARY KEY'],
      [11, 'true', 'public.users.users_pkey: PRIMARY KEY (id)'],
      [11, 'true', 'public.users.client_id exists: uuid, NOT NULL'],
      [11, 'true', "public.users.status exists: text, NOT NULL, DEFAULT 'active'::text"],
    ]);
    expect(fixes(report).map((f) => [f.line, f.after])).toEqual([[3, '- `client_id` UUID ✅']]);
  });

  it('a value list is compared as a set; a column without a closed set cannot be checked', async () => {
    const m = model({
      tables: [table('public.orders', ['id uuid pk', 'state order_state notnull', 'note text'])],
      enums: [enumType('public.order_state', ['new', 'paid', 'shipped'])],
    });
    m.tables[0]!.columns[1]!.typeId = 'public.order_state';
    const report = await run(m, ['### Orders Table', '- `state` - paid/new/shipped', '- `state` - new/paid', '- `note` - a/b'].join('\n'));
    expect(verdicts(report.claims.filter((c) => c.body.kind === 'values'))).toEqual([
      [2, 'true', 'public.orders.state takes new, paid, shipped (enum public.order_state)'],
      [3, 'false', 'public.orders.state takes new, paid, shipped; the document leaves out shipped (enum public.order_state)'],
      [4, 'unverifiable', 'public.orders.note (text) has no closed set of values: no enum type or CHECK lists them, so the schema does not say which values it takes'],
    ]);
    expect(fixes(report).map((f) => f.after)).toEqual(['- `state` - new/paid/shipped']);
  });
});

describe('indexes, RLS, policies, counts', () => {
  it('indexes by name and by leading columns', async () => {
    const report = await run(
      loyalty,
      [
        '## Key Indexes',
        '- `idx_redemptions_user` ✅',
        '- `idx_redemptions_created` ✅',
        '### Redemptions Table',
        '- Indexes on: user_id, created_at',
        '```sql',
        'CREATE INDEX idx_redemptions_user ON redemptions (created_at, user_id);',
        '```',
      ].join('\n'),
    );
    expect(verdicts(report.claims.filter((c) => c.body.kind === 'index'))).toEqual([
      [2, 'true', 'public.idx_redemptions_user: CREATE INDEX idx_redemptions_user ON public.redemptions USING btree (user_id, created_at)'],
      [3, 'false', 'no index named idx_redemptions_created'],
      [5, 'true', 'public.redemptions (user_id) is indexed: public.idx_redemptions_user (user_id, created_at)'],
      [5, 'false', 'no index of public.redemptions starts with (created_at) (public.idx_redemptions_user (user_id, created_at) only has it further in)'],
      [7, 'false', 'public.idx_redemptions_user has the keys (user_id, created_at), not (created_at, user_id)'],
    ]);
    expect(fixes(report).map((f) => f.after)).toEqual(['CREATE INDEX idx_redemptions_user ON redemptions (user_id, created_at);']);
  });

  it('RLS per table and on every table; a policy expression is compared as a parse tree', async () => {
    const report = await run(
      loyalty,
      [
        '- RLS enabled on all tables',
        '- `users` has RLS enabled',
        '- `clients` has RLS enabled',
        '```sql',
        "CREATE POLICY users_tenant ON users USING (client_id = current_setting('app.client', true)::UUID);",
        "CREATE POLICY users_tenant ON users USING (client_id = current_setting('app.client')::UUID);",
        '```',
      ].join('\n'),
    );
    expect(verdicts(report.claims)).toEqual([
      [1, 'false', 'row-level security is off on 4 of 5 tables: public.boosts, public.clients, public.missions, public.redemptions'],
      [2, 'true', 'public.users has row-level security enabled (not forced), 1 policy'],
      [3, 'false', 'public.clients has row-level security disabled, 0 policies'],
      [5, 'true', "public.users.users_tenant: FOR ALL TO public USING (client_id = (current_setting('app.client'::text, true))::uuid)"],
      [6, 'false', "public.users.users_tenant is USING (client_id = (current_setting('app.client'::text, true))::uuid), not (client_id = current_setting('app.client')::UUID)"],
    ]);
  });

  it('counts, with the right number proposed; unverifiable claims are never counted true', async () => {
    const report = await run(loyalty, ['**Total Tables:** 6', '**Total Foreign Keys:** 5', '- Proper indexing for performance ✅'].join('\n'));
    expect(verdicts(report.claims)).toEqual([
      [1, 'false', '5 tables (public.boosts, public.clients, public.missions, public.redemptions, public.users), not 6'],
      [2, 'true', '5 foreign keys'],
      [3, 'unverifiable', 'not in a shape check-docs reads'],
    ]);
    expect(report.summary).toEqual({ claims: 3, true: 1, false: 1, unverifiable: 1 });
    expect(fixes(report)).toEqual([{ file: 'doc.md', line: 1, before: '**Total Tables:** 6', after: '**Total Tables:** 5', claims: [report.claims[0]] }]);
    expect(renderCheckDocs(report, 'text')).toBe(
      [
        'doc.md:1: false: 6 tables',
        '    5 tables (public.boosts, public.clients, public.missions, public.redemptions, public.users), not 6',
        'doc.md:2: true: 5 foreign keys',
        '    5 foreign keys',
        'doc.md:3: unverifiable: Proper indexing for performance',
        '    not in a shape check-docs reads',
        '',
        'schema: inline',
        '3 claims in 1 document: 1 true, 1 false, 1 unverifiable',
        '',
      ].join('\n'),
    );
  });
});
