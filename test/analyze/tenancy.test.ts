import { beforeAll, describe, expect, it } from 'vitest';
import { buildLookup } from '../../src/analyze/lookup.js';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import { analyzeTenancy } from '../../src/analyze/tenancy.js';
import type { AnalysisOptions } from '../../src/analyze/types.js';
import type { Func, Policy } from '../../src/model/types.js';
import { fk, fn, model, policy, table } from '../helpers/model.js';

beforeAll(() => loadExpressionParser());

type Parts = Parameters<typeof model>[0];
const tenancyOf = (parts: Parts, options: AnalysisOptions = {}) => analyzeTenancy(buildLookup(model(parts)), options).tenancy;
const candidatesOf = (parts: Parts, options: AnalysisOptions = {}) => analyzeTenancy(buildLookup(model(parts)), options).candidates;

const func = (schema: string, name: string, origin: Func['origin'] = 'user') =>
  fn(`${schema}.${name}()`, { returns: 'boolean', language: 'sql', volatility: 'stable', origin });

const RLS = { rls: { enabled: true, forced: true } };
const TENANT = "client_id = (current_setting('app.current_client_id'::text, true))::uuid";

/** The seed-000 shape: clients as root, three tables with client_id, one table that reaches it through users. */
function loyalty(extra: Parts = {}): Parts {
  return {
    tables: [
      table('public.clients', ['id uuid pk', 'name text']),
      table('public.users', ['id uuid pk', 'client_id uuid notnull'], RLS),
      table('public.missions', ['id uuid pk', 'client_id uuid notnull'], RLS),
      table('public.rewards', ['id uuid pk', 'client_id uuid notnull'], RLS),
      table('public.otp_codes', ['id uuid pk', 'user_id uuid notnull'], RLS),
      table('public.settings', ['key text pk', 'value text']),
      ...(extra.tables ?? []),
    ],
    foreignKeys: [
      fk('public.users', ['client_id'], 'public.clients', ['id']),
      fk('public.missions', ['client_id'], 'public.clients', ['id']),
      fk('public.rewards', ['client_id'], 'public.clients', ['id']),
      fk('public.otp_codes', ['user_id'], 'public.users', ['id']),
      ...(extra.foreignKeys ?? []),
    ],
    policies: extra.policies ?? [],
    functions: extra.functions ?? [],
  };
}

describe('tenant root inference', () => {
  it('finds the table most referenced through one tenant-named column, with evidence', () => {
    const t = tenancyOf(loyalty())!;
    expect(t).toMatchObject({
      source: 'inferred',
      root: 'public.clients',
      column: 'client_id',
      evidence: '3 tables reference public.clients through client_id',
      scoped: ['public.missions', 'public.rewards', 'public.users'],
      inherited: [{ table: 'public.otp_codes', path: ['public.otp_codes', 'public.users'], nullable: false }],
      outside: ['public.settings'],
    });
    expect(t.isolation.map((i) => i.table)).toEqual(['public.missions', 'public.otp_codes', 'public.rewards', 'public.users']);
  });

  it('needs at least three referencing tables', () => {
    const parts = loyalty();
    parts.foreignKeys = parts.foreignKeys!.filter((f) => f.table !== 'public.rewards');
    expect(tenancyOf(parts)).toBeNull();
  });

  it('does not take per-user scoping for tenancy', () => {
    const t = tenancyOf({
      tables: [
        table('public.users', ['id uuid pk']),
        ...['a', 'b', 'c', 'd'].map((n) => table(`public.${n}`, ['id uuid pk', 'user_id uuid', 'created_by uuid'])),
      ],
      foreignKeys: ['a', 'b', 'c', 'd'].flatMap((n) => [
        fk(`public.${n}`, ['user_id'], 'public.users', ['id']),
        fk(`public.${n}`, ['created_by'], 'public.users', ['id']),
      ]),
    });
    expect(t).toBeNull();
  });

  it('returns null when a tenant candidate is dwarfed by per-user scoping', () => {
    const perUser = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const t = tenancyOf({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.organizations', ['id uuid pk']),
        ...perUser.map((n) => table(`public.${n}`, ['id uuid pk', 'userId uuid', 'organizationId uuid'])),
      ],
      foreignKeys: [
        ...perUser.map((n) => fk(`public.${n}`, ['userId'], 'public.users', ['id'])),
        ...perUser.slice(0, 3).map((n) => fk(`public.${n}`, ['organizationId'], 'public.organizations', ['id'])),
      ],
    });
    expect(t).toBeNull();
  });

  it('prefers tenant vocabulary over a more referenced table, and ignores self-references', () => {
    const owned = ['a', 'b', 'c', 'd', 'e'];
    const t = tenancyOf({
      tables: [
        table('public.projects', ['id uuid pk', 'parent_id uuid']),
        table('public.workspaces', ['id uuid pk']),
        ...owned.map((n) => table(`public.${n}`, ['id uuid pk', 'project_id uuid', 'workspace_id uuid'])),
      ],
      foreignKeys: [
        fk('public.projects', ['parent_id'], 'public.projects', ['id']),
        ...owned.map((n) => fk(`public.${n}`, ['project_id'], 'public.projects', ['id'])),
        ...owned.slice(0, 3).map((n) => fk(`public.${n}`, ['workspace_id'], 'public.workspaces', ['id'])),
      ],
    })!;
    expect([t.root, t.column, t.evidence]).toEqual([
      'public.workspaces',
      'workspace_id',
      '3 tables reference public.workspaces through workspace_id',
    ]);
    // the column is on all five, with or without an FK
    expect(t.scoped).toEqual(owned.map((n) => `public.${n}`));
    // projects only references itself: it reaches no tenant table
    expect(t.inherited).toEqual([]);
    expect(t.outside).toEqual(['public.projects']);
  });

  it('breaks ties in code-point order of root, then column', () => {
    const kids = ['x', 'y', 'z'];
    const t = tenancyOf({
      tables: [
        table('public.teams', ['id uuid pk']),
        table('public.accounts', ['id uuid pk']),
        ...kids.map((n) => table(`public.${n}`, ['id uuid pk', 'team_id uuid', 'account_id uuid'])),
      ],
      foreignKeys: kids.flatMap((n) => [
        fk(`public.${n}`, ['team_id'], 'public.teams', ['id']),
        fk(`public.${n}`, ['account_id'], 'public.accounts', ['id']),
      ]),
    })!;
    expect([t.root, t.column]).toEqual(['public.accounts', 'account_id']);
  });
});

describe('configured tenant', () => {
  it('is used as given, without evidence', () => {
    const t = tenancyOf(loyalty(), { tenant: { root: 'public.users', column: 'client_id' } })!;
    expect(t).toMatchObject({ source: 'config', root: 'public.users', evidence: null });
    expect(t.scoped).toEqual(['public.missions', 'public.rewards']);
    expect(t.inherited).toEqual([{ table: 'public.otp_codes', path: ['public.otp_codes', 'public.users'], nullable: false }]);
    expect(t.outside).toEqual(['public.clients', 'public.settings']);
  });

  it('throws naming the key when the root or the column does not exist', () => {
    expect(() => tenancyOf(loyalty(), { tenant: { root: 'public.x', column: 'client_id' } })).toThrow('tenant.root: no table public.x');
    expect(() => tenancyOf(loyalty(), { tenant: { root: 'public.clients', column: 'tenant_id' } })).toThrow(
      'tenant.column: no table has a column tenant_id',
    );
  });
});

describe('inherited tenants', () => {
  it('take the shortest FK path, the smallest in code-point order among equals, through tables without the column', () => {
    const t = tenancyOf(
      loyalty({
        tables: [
          table('public.codes', ['id uuid pk', 'otp_id uuid', 'reward_id uuid', 'mission_id uuid']),
          table('public.code_uses', ['id uuid pk', 'code_id uuid']),
        ],
        foreignKeys: [
          fk('public.codes', ['otp_id'], 'public.otp_codes', ['id']),
          fk('public.codes', ['reward_id'], 'public.rewards', ['id']),
          fk('public.codes', ['mission_id'], 'public.missions', ['id']),
          fk('public.code_uses', ['code_id'], 'public.codes', ['id']),
        ],
      }),
    )!;
    expect(t.inherited).toEqual([
      { table: 'public.code_uses', path: ['public.code_uses', 'public.codes', 'public.missions'], nullable: true },
      { table: 'public.codes', path: ['public.codes', 'public.missions'], nullable: true },
      { table: 'public.otp_codes', path: ['public.otp_codes', 'public.users'], nullable: false },
    ]);
  });
});

describe('inherited tenants through NOT NULL FKs', () => {
  it('prefer a longer path of NOT NULL FKs to a shorter one through a nullable FK (giftcard credit_transactions)', () => {
    const t = tenancyOf(
      loyalty({
        tables: [
          table('public.credit_accounts', ['id uuid pk', 'user_id uuid notnull']),
          table('public.credit_transactions', ['id uuid pk', 'account_id uuid notnull', 'mission_id uuid']),
        ],
        foreignKeys: [
          fk('public.credit_accounts', ['user_id'], 'public.users', ['id']),
          fk('public.credit_transactions', ['account_id'], 'public.credit_accounts', ['id']),
          fk('public.credit_transactions', ['mission_id'], 'public.missions', ['id']),
        ],
      }),
    )!;
    expect(t.inherited.find((i) => i.table === 'public.credit_transactions')).toEqual({
      table: 'public.credit_transactions',
      path: ['public.credit_transactions', 'public.credit_accounts', 'public.users'],
      nullable: false,
    });
  });

  it('are nullable when every path has a nullable FK, the shortest through any FK, nullable ones further on too', () => {
    const t = tenancyOf(
      loyalty({
        tables: [
          table('public.events', ['id uuid pk', 'mission_id uuid', 'note_id uuid notnull']),
          table('public.notes', ['id uuid pk', 'reward_id uuid']),
        ],
        foreignKeys: [
          fk('public.events', ['mission_id'], 'public.missions', ['id']),
          fk('public.events', ['note_id'], 'public.notes', ['id']),
          fk('public.notes', ['reward_id'], 'public.rewards', ['id']),
        ],
      }),
    )!;
    expect(t.inherited.filter((i) => i.table !== 'public.otp_codes')).toEqual([
      { table: 'public.events', path: ['public.events', 'public.missions'], nullable: true },
      { table: 'public.notes', path: ['public.notes', 'public.rewards'], nullable: true },
    ]);
  });

  it('count a NOT NULL FK to the root itself, and prefer it to an equally short one to a scoped table (influencer payments)', () => {
    const parts = (payerNullable: boolean): Parts => ({
      tables: [
        table('public.organizations', ['id uuid pk']),
        ...['campaigns', 'contracts', 'offers'].map((n) => table(`public.${n}`, ['id uuid pk', 'organization_id uuid notnull'])),
        table('public.payments', ['id uuid pk', 'campaign_id uuid notnull', `payer_id uuid ${payerNullable ? 'null' : 'notnull'}`]),
      ],
      foreignKeys: [
        ...['campaigns', 'contracts', 'offers'].map((n) => fk(`public.${n}`, ['organization_id'], 'public.organizations', ['id'])),
        fk('public.payments', ['campaign_id'], 'public.campaigns', ['id']),
        fk('public.payments', ['payer_id'], 'public.organizations', ['id']),
      ],
    });
    const t = tenancyOf(parts(false))!;
    expect([t.root, t.column]).toEqual(['public.organizations', 'organization_id']);
    expect(t.scoped).not.toContain('public.payments');
    expect(t.inherited).toEqual([{ table: 'public.payments', path: ['public.payments', 'public.organizations'], nullable: false }]);
    // a nullable payer_id: the NOT NULL campaign_id wins
    expect(tenancyOf(parts(true))!.inherited).toEqual([
      { table: 'public.payments', path: ['public.payments', 'public.campaigns'], nullable: false },
    ]);
  });
});

describe('tenant candidates', () => {
  it('list the accepted pair first, then the others, each with the rule that dropped it', () => {
    const c = candidatesOf(
      loyalty({
        tables: [
          table('public.partners', ['id uuid pk']),
          table('public.teams', ['id uuid pk']),
          ...['p1', 'p2', 'p3', 'p4'].map((n) => table(`public.${n}`, ['id uuid pk', 'partner_id uuid', 'team_id uuid', 'user_id uuid'])),
        ],
        foreignKeys: [
          ...['p1', 'p2', 'p3', 'p4'].map((n) => fk(`public.${n}`, ['partner_id'], 'public.partners', ['id'])),
          ...['p1', 'p2'].map((n) => fk(`public.${n}`, ['team_id'], 'public.teams', ['id'])),
          ...['p1', 'p2', 'p3'].map((n) => fk(`public.${n}`, ['user_id'], 'public.users', ['id'])),
        ],
      }),
    );
    expect(c).toEqual([
      { root: 'public.clients', column: 'client_id', tables: 3, accepted: true, rejected: null },
      { root: 'public.teams', column: 'team_id', tables: 2, accepted: false, rejected: 'only 2 tables reference it (at least 3 needed)' },
      { root: 'public.partners', column: 'partner_id', tables: 4, accepted: false, rejected: 'no tenant word in "partner_id" or "partners"' },
      { root: 'public.users', column: 'user_id', tables: 4, accepted: false, rejected: '"user_id" names a person: per-user scoping is not multi-tenancy' },
    ]);
  });

  it('name the person table when the column has no person word, and stop at five', () => {
    const kids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const c = candidatesOf({
      tables: [
        table('public.profiles', ['id uuid pk']),
        ...kids.map((n) => table(`public.${n}s`, ['id uuid pk', 'owner uuid'])),
        ...kids.map((n) => table(`public.${n}_children`, ['id uuid pk', `${n}_ref uuid`])),
      ],
      foreignKeys: [
        ...kids.map((n) => fk(`public.${n}s`, ['owner'], 'public.profiles', ['id'])),
        ...kids.map((n) => fk(`public.${n}_children`, [`${n}_ref`], `public.${n}s`, ['id'])),
      ],
    });
    expect(c).toHaveLength(5);
    expect(c[0]).toEqual({
      root: 'public.profiles',
      column: 'owner',
      tables: 6,
      accepted: false,
      rejected: '"owner" names a person: per-user scoping is not multi-tenancy',
    });
    expect(c[1]).toMatchObject({ root: 'public.as', column: 'a_ref', tables: 1, rejected: 'only 1 table references it (at least 3 needed)' });
  });

  it('say when per-user scoping outweighs the tenant candidate, and give no tenancy', () => {
    const perUser = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const { tenancy, candidates } = analyzeTenancy(
      buildLookup(
        model({
          tables: [
            table('public.users', ['id uuid pk']),
            table('public.organizations', ['id uuid pk']),
            ...perUser.map((n) => table(`public.${n}`, ['id uuid pk', 'userId uuid', 'organizationId uuid'])),
          ],
          foreignKeys: [
            ...perUser.map((n) => fk(`public.${n}`, ['userId'], 'public.users', ['id'])),
            ...perUser.slice(0, 3).map((n) => fk(`public.${n}`, ['organizationId'], 'public.organizations', ['id'])),
          ],
        }),
      ),
      {},
    );
    expect(tenancy).toBeNull();
    expect(candidates.map((c) => [c.column, c.accepted, c.rejected])).toEqual([
      ['organizationId', false, '"organizationId" (3 tables) is outweighed by the per-user "userId" (7 tables)'],
      ['userId', false, '"userId" names a person: per-user scoping is not multi-tenancy'],
    ]);
  });

  it('say why a qualifying pair lost: the tenant word only in the table name, fewer tables, or the later id', () => {
    const kids = ['k1', 'k2', 'k3', 'k4'];
    const c = candidatesOf({
      tables: [
        table('public.accounts', ['id uuid pk']),
        table('public.teams', ['id uuid pk']),
        table('public.workspaces', ['id uuid pk']),
        table('public.companies', ['id uuid pk']),
        ...kids.map((n) => table(`public.${n}`, ['id uuid pk', 'account_id uuid', 'team_id uuid', 'space_id uuid', 'company_id uuid'])),
      ],
      foreignKeys: [
        ...kids.map((n) => fk(`public.${n}`, ['account_id'], 'public.accounts', ['id'])),
        ...kids.map((n) => fk(`public.${n}`, ['company_id'], 'public.companies', ['id'])),
        ...kids.slice(0, 3).map((n) => fk(`public.${n}`, ['team_id'], 'public.teams', ['id'])),
        ...kids.map((n) => fk(`public.${n}`, ['space_id'], 'public.workspaces', ['id'])),
      ],
    });
    expect(c.map((x) => [x.column, x.accepted, x.rejected])).toEqual([
      ['account_id', true, null],
      ['company_id', false, 'as many tables as public.accounts through "account_id", which comes first by id'],
      ['team_id', false, 'fewer tables than public.accounts through "account_id" (4)'],
      ['space_id', false, 'the tenant word is only in the table name; public.accounts through "account_id" has one in the column'],
    ]);
  });

  it('are empty when the tenant is configured or the config says there is none', () => {
    expect(candidatesOf(loyalty()).map((c) => [c.root, c.column, c.accepted])).toEqual([
      ['public.clients', 'client_id', true],
      ['public.users', 'user_id', false],
    ]);
    expect(candidatesOf(loyalty(), { tenant: { root: 'public.clients', column: 'client_id' } })).toEqual([]);
    expect(candidatesOf(loyalty(), { tenant: null })).toEqual([]);
  });
});

describe('policy filters', () => {
  const cases: [string, Partial<Policy>, 'tenant' | 'indirect' | 'none'][] = [
    ['column = setting', { using: TENANT }, 'tenant'],
    ['setting = column', { using: "(current_setting('app.current_client_id'::text, true))::uuid = client_id" }, 'tenant'],
    ['qualified column', { using: "users.client_id = (current_setting('app.c'::text))::uuid" }, 'tenant'],
    ['schema-qualified column', { using: "public.users.client_id = (current_setting('app.c'::text))::uuid" }, 'tenant'],
    ['another table\'s column', { using: "missions.client_id = (current_setting('app.c'::text))::uuid" }, 'none'],
    ['cast column', { using: "(client_id)::text = current_setting('app.c'::text)" }, 'tenant'],
    ['IN list', { using: "client_id IN ('00000000-0000-0000-0000-000000000001'::uuid)" }, 'tenant'],
    ['= ANY', { using: 'client_id = ANY (my_clients())' }, 'tenant'],
    ['IN subquery', { using: 'client_id IN (SELECT m.client_id FROM memberships m WHERE m.user_id = auth.uid())' }, 'tenant'],
    ['= scalar subquery', { using: 'client_id = (SELECT u.client_id FROM users u WHERE u.id = auth.uid())' }, 'tenant'],
    ['IS NOT DISTINCT FROM', { using: "client_id IS NOT DISTINCT FROM (current_setting('app.c'::text))::uuid" }, 'tenant'],
    ['one conjunct of AND', { using: `(${TENANT}) AND (user_id = auth.uid())` }, 'tenant'],
    ['every branch of OR', { using: `(${TENANT}) OR (client_id = ANY (my_clients()))` }, 'tenant'],
    ['OR true', { using: `(${TENANT}) OR true` }, 'none'],
    ['OR a user function', { using: `(${TENANT}) OR is_admin()` }, 'indirect'],
    ['mentions the column without filtering', { using: 'client_id IS NOT NULL' }, 'none'],
    ['compares the column with itself', { using: 'client_id = client_id' }, 'none'],
    ['compares with another column', { using: 'client_id = user_id' }, 'none'],
    ['not equal', { using: "client_id <> (current_setting('app.c'::text))::uuid" }, 'none'],
    ['negated', { using: `NOT (${TENANT})` }, 'none'],
    ['NOT IN', { using: "client_id NOT IN ('00000000-0000-0000-0000-000000000001'::uuid)" }, 'none'],
    ['true', { using: 'true' }, 'none'],
    ['platform role check', { using: "auth.role() = 'service_role'::text" }, 'none'],
    ['per-user', { using: 'user_id = auth.uid()' }, 'none'],
    ['built-in function', { using: "lower(name) = 'x'::text" }, 'none'],
    ['EXISTS', { using: 'EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = auth.uid())' }, 'indirect'],
    ['user function', { using: 'user_can_access_client(auth.uid(), client_id)' }, 'indirect'],
    ['schema-qualified user function', { using: 'private.can_see(client_id)' }, 'indirect'],
    ['unparseable', { using: 'client_id = = 1' }, 'indirect'],
    ['insert reads WITH CHECK', { command: 'insert', using: null, withCheck: TENANT }, 'tenant'],
    ['insert without WITH CHECK', { command: 'insert', using: null, withCheck: null }, 'none'],
    ['select ignores WITH CHECK', { command: 'select', using: TENANT, withCheck: 'true' }, 'tenant'],
    ['all reuses USING as check', { command: 'all', using: TENANT, withCheck: null }, 'tenant'],
    ['all with an open check', { command: 'all', using: TENANT, withCheck: 'true' }, 'none'],
    ['update with an indirect check', { command: 'update', using: TENANT, withCheck: 'is_admin()' }, 'indirect'],
    ['update without USING', { command: 'update', using: null, withCheck: TENANT }, 'none'],
  ];

  it.each(cases)('%s', (_name, extra, expected) => {
    const t = tenancyOf(
      loyalty({
        policies: [policy('public.users', 'p', extra.using ?? null, extra)],
        functions: [func('public', 'is_admin'), func('public', 'user_can_access_client'), func('private', 'can_see'), func('auth', 'role', 'platform')],
      }),
    )!;
    expect(t.isolation.find((i) => i.table === 'public.users')!.policies).toEqual([
      { policy: 'public.users.p', command: extra.command ?? 'all', permissive: true, filter: expected },
    ]);
  });

  it('sees only indirect filters on an inherited table: it has no tenant column', () => {
    const t = tenancyOf(
      loyalty({
        policies: [
          policy('public.otp_codes', 'via_user', "user_id IN (SELECT u.id FROM users u WHERE u.client_id = (current_setting('app.c'::text))::uuid)"),
          policy('public.otp_codes', 'own', 'user_id = auth.uid()', { command: 'select' }),
        ],
      }),
    )!;
    expect(t.isolation.find((i) => i.table === 'public.otp_codes')).toEqual({
      table: 'public.otp_codes',
      rlsEnabled: true,
      rlsForced: true,
      verdict: 'does-not-filter',
      policies: [
        { policy: 'public.otp_codes.own', command: 'select', permissive: true, filter: 'none' },
        { policy: 'public.otp_codes.via_user', command: 'all', permissive: true, filter: 'indirect' },
      ],
    });
  });
});

describe('isolation verdicts', () => {
  const verdictOf = (tablePolicies: Policy[], rls = RLS) => {
    const parts = loyalty({ policies: tablePolicies, functions: [func('public', 'is_admin')] });
    parts.tables = parts.tables!.map((t) => (t.id === 'public.users' ? { ...t, ...rls } : t));
    return tenancyOf(parts)!.isolation.find((i) => i.table === 'public.users')!.verdict;
  };
  const p = (name: string, using: string | null, extra: Partial<Policy> = {}) => policy('public.users', name, using, extra);

  it('rls-disabled when RLS is off, whatever the policies', () => {
    expect(verdictOf([p('a', TENANT)], { rls: { enabled: false, forced: false } })).toBe('rls-disabled');
  });

  it('no-policy without a permissive policy (restrictive ones alone admit nothing)', () => {
    expect(verdictOf([])).toBe('no-policy');
    expect(verdictOf([p('r', TENANT, { permissive: false })])).toBe('no-policy');
  });

  it('filters-tenant when every permissive policy filters', () => {
    expect(verdictOf([p('a', TENANT, { command: 'select' }), p('b', null, { command: 'insert', withCheck: TENANT })])).toBe('filters-tenant');
  });

  it('does-not-filter when one permissive policy lets rows through', () => {
    expect(verdictOf([p('a', TENANT), p('b', "auth.role() = 'service_role'::text")])).toBe('does-not-filter');
    expect(verdictOf([p('a', 'is_admin()'), p('b', 'true', { command: 'select' })])).toBe('does-not-filter');
  });

  it('indirect when the rest cannot be seen through', () => {
    expect(verdictOf([p('a', TENANT), p('b', 'is_admin()')])).toBe('indirect');
  });

  it('filters-tenant when a restrictive tenant policy covers the open ones', () => {
    expect(verdictOf([p('open', 'true'), p('floor', TENANT, { permissive: false })])).toBe('filters-tenant');
    expect(
      verdictOf([
        p('open', 'true', { roles: ['authenticated'] }),
        p('floor', TENANT, { permissive: false, roles: ['authenticated', 'anon'] }),
      ]),
    ).toBe('filters-tenant');
  });

  it('a restrictive policy covers only its commands and roles', () => {
    expect(verdictOf([p('open', 'true'), p('floor', TENANT, { permissive: false, command: 'select' })])).toBe('does-not-filter');
    expect(verdictOf([p('open', 'true'), p('floor', TENANT, { permissive: false, roles: ['authenticated'] })])).toBe('does-not-filter');
    expect(
      verdictOf([
        p('open', 'true'),
        ...(['select', 'insert', 'update', 'delete'] as const).map((command) =>
          p(`floor_${command}`, command === 'insert' ? null : TENANT, { permissive: false, command, withCheck: command === 'insert' ? TENANT : null }),
        ),
      ]),
    ).toBe('filters-tenant');
  });

  it('reports RLS flags and policies in id order', () => {
    const parts = loyalty({ policies: [p('b_policy', TENANT), p('a_policy', TENANT, { command: 'select' })] });
    const users = tenancyOf(parts)!.isolation.find((i) => i.table === 'public.users')!;
    expect(users.policies.map((x) => x.policy)).toEqual(['public.users.a_policy', 'public.users.b_policy']);
    expect([users.rlsEnabled, users.rlsForced]).toEqual([true, true]);
  });
});
