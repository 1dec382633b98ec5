/**
 * The tenancy rules (seed 000's critical rule): tenant tables that RLS does not isolate, isolation that only a test
 * can prove, tenant columns without an FK to the root, FKs that can point into another tenant, keys unique across
 * tenants, and tables whose tenant hangs on a nullable FK. One inline multi-tenant model with every case and near
 * miss, then the five example schemas.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { lint } from '../../src/lint/engine.js';
import { crossTenantReference } from '../../src/lint/rules/tenancy/cross-tenant-reference.js';
import { TENANCY_RULES } from '../../src/lint/rules/tenancy/index.js';
import { tenantColumnWithoutFk } from '../../src/lint/rules/tenancy/tenant-column-without-fk.js';
import { tenantIsolationUnverified } from '../../src/lint/rules/tenancy/tenant-isolation-unverified.js';
import { tenantTableNotIsolated } from '../../src/lint/rules/tenancy/tenant-table-not-isolated.js';
import { tenantThroughNullableFk } from '../../src/lint/rules/tenancy/tenant-through-nullable-fk.js';
import { uniqueAcrossTenants } from '../../src/lint/rules/tenancy/unique-across-tenants.js';
import type { Finding } from '../../src/lint/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { constraint, fk, index, model, policy, table } from '../helpers/model.js';
import { fn, modelFromSql } from '../helpers/render.js';
import { parameterNames } from '../../src/lint/rules/tenancy/inline-functions.js';

const TENANT = { tenant: { root: 'public.tenants', column: 'tenant_id' } };
const ON = { rls: { enabled: true, forced: false } };
const IS_TENANT = "tenant_id = (current_setting('app.tenant_id'::text))::uuid";

/** UNIQUE (cols) as a constraint with its backing index. */
function unique(tableId: string, name: string, cols: string[]) {
  return {
    constraint: constraint(tableId, name, 'unique', cols, `UNIQUE (${cols.join(', ')})`, `public.${name}`),
    index: index(tableId, name, cols, { unique: true, constraint: `${tableId}.${name}` }),
  };
}

const keys = [
  unique('public.users', 'users_id_tenant_id_key', ['id', 'tenant_id']),
  unique('public.users', 'users_email_key', ['email']),
  unique('public.users', 'users_api_token_key', ['api_token']),
  unique('public.users', 'users_handle_key', ['handle']),
  unique('public.projects', 'projects_id_tenant_id_key', ['id', 'tenant_id']),
  unique('public.projects', 'projects_id_code_key', ['id', 'code']),
  unique('public.projects', 'projects_tenant_id_slug_key', ['tenant_id', 'slug']),
  unique('public.projects', 'projects_code_key', ['code']),
  unique('public.tasks', 'tasks_id_tenant_id_key', ['id', 'tenant_id']),
  unique('public.tasks', 'tasks_project_id_title_key', ['project_id', 'title']),
];

const m = model({
  tables: [
    table('public.tenants', ['id uuid pk', 'name text']),
    table('public.users', ['id uuid pk', 'tenant_id uuid notnull', 'email text', 'api_token text', 'handle text'], ON),
    table('public.projects', ['id uuid pk', 'tenant_id uuid notnull', 'owner_id uuid notnull', 'slug text', 'name text', { name: 'code', type: 'bigint', identity: 'always', nullable: false }], ON),
    table('public.tasks', ['id uuid pk', 'tenant_id uuid notnull', 'project_id uuid notnull', 'title text', 'assignee text'], ON),
    table('public.notes', ['id uuid pk', 'tenant_id uuid notnull', 'body text']),
    table('public.comments', ['id uuid pk', 'tenant_id uuid notnull', 'task_id uuid notnull'], ON),
    table('public.reviews', ['id uuid pk', 'tenant_id uuid notnull', 'project_id uuid notnull', 'project_code bigint notnull'], ON),
    table('public.profiles', ['id uuid pk', 'tenant_id uuid notnull', 'user_id uuid', 'handle text'], ON),
    table('public.vault', ['id uuid pk', 'tenant_id uuid notnull', 'secret text'], ON),
    table('public.attachments', ['id uuid pk', 'task_id uuid'], ON),
    table('public.task_events', ['id uuid pk', 'task_id uuid notnull']),
  ],
  constraints: keys.map((k) => k.constraint),
  indexes: [
    ...keys.map((k) => k.index),
    index('public.projects', 'projects_lower_name_idx', [], {
      unique: true,
      keys: [{ column: null, expression: 'lower(name)', descending: false, nullsFirst: false, opclass: null, collation: null }],
    }),
  ],
  foreignKeys: [
    ...['users', 'projects', 'tasks', 'reviews', 'profiles', 'vault'].map((t) => fk(`public.${t}`, ['tenant_id'], 'public.tenants', ['id'])),
    fk('public.projects', ['owner_id'], 'public.users', ['id']),
    fk('public.tasks', ['project_id'], 'public.projects', ['id'], { onDelete: 'cascade' }),
    fk('public.tasks', ['project_id', 'tenant_id'], 'public.projects', ['id', 'tenant_id'], { onDelete: 'cascade' }),
    fk('public.comments', ['task_id', 'tenant_id'], 'public.tasks', ['id', 'tenant_id']),
    fk('public.reviews', ['project_id'], 'public.projects', ['id']),
    fk('public.reviews', ['project_id', 'project_code'], 'public.projects', ['id', 'code']),
    fk('public.profiles', ['handle'], 'public.users', ['handle'], { onDelete: 'set null' }),
    fk('public.attachments', ['task_id'], 'public.tasks', ['id']),
    fk('public.task_events', ['task_id'], 'public.tasks', ['id']),
  ],
  functions: [fn('public.can_see(uuid)', { name: 'can_see', returns: 'boolean', language: 'sql', identityArgs: 'uuid' })],
  policies: [
    policy('public.users', 'users_tenant', IS_TENANT),
    policy('public.projects', 'projects_tenant', IS_TENANT),
    policy('public.projects', 'projects_public', 'true', { command: 'select', roles: ['anon'] }),
    policy('public.tasks', 'tasks_tenant', IS_TENANT),
    policy('public.tasks', 'tasks_mine', 'assignee = CURRENT_USER', { command: 'select' }),
    policy('public.comments', 'comments_visible', 'can_see(tenant_id)'),
    policy('public.reviews', 'reviews_open', 'true'),
    policy('public.reviews', 'reviews_tenant_floor', IS_TENANT, { permissive: false }),
    policy('public.profiles', 'profiles_own', 'user_id = auth.uid()'),
    policy('public.attachments', 'attachments_through_task', '(EXISTS ( SELECT 1 FROM tasks t WHERE t.id = attachments.task_id))'),
  ],
});

describe('tenancy/tenant-table-not-isolated', () => {
  it('reports RLS off (scoped or inherited) and a permissive policy that ignores the tenant, as errors with fixes', async () => {
    const findings = await check(tenantTableNotIsolated, m, TENANT);
    expect(findings.map((f) => f.object).sort()).toEqual(['public.notes', 'public.projects', 'public.task_events']);
    const notes = findings.find((f) => f.object === 'public.notes')!;
    expect(notes.message).toBe("public.notes has the tenant column tenant_id, but row-level security is off: every role that can read it sees every tenant's rows");
    // the schema's own tenant expression is reused
    expect(notes.remediation).toBe(
      ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;', 'ALTER TABLE notes FORCE ROW LEVEL SECURITY;', `CREATE POLICY notes_tenant_isolation ON notes USING (${IS_TENANT});`].join('\n'),
    );
    const projects = findings.find((f) => f.object === 'public.projects')!;
    expect(projects.message).toBe(
      'public.projects has the tenant column tenant_id, but policy "projects_public" (SELECT, to anon: USING true) lets rows through without it: tenant_id is never compared, so rows cross tenants',
    );
    expect(projects.remediation).toContain(`CREATE POLICY projects_tenant_floor ON projects AS RESTRICTIVE USING (${IS_TENANT});`);
    const events = findings.find((f) => f.object === 'public.task_events')!;
    expect(events.message).toContain('public.task_events belongs to a tenant through public.task_events → public.tasks, but row-level security is off');
    expect(events.remediation).toContain('CREATE POLICY task_events_tenant_isolation ON task_events USING (EXISTS (SELECT 1 FROM tasks p WHERE p.id = task_events.task_id));');
  });

  it('does not report per-user policies, open policies under a restrictive tenant floor, deny-all tables, or indirect ones', async () => {
    const reported = await objects(tenantTableNotIsolated, m, TENANT);
    for (const near of ['public.tasks', 'public.profiles', 'public.reviews', 'public.vault', 'public.comments', 'public.attachments', 'public.users']) {
      expect(reported).not.toContain(near);
    }
  });

  it('does not report RLS off when the schema uses RLS nowhere and the tenant is only inferred (isolation lives in the application)', async () => {
    const noRls = model({
      tables: [table('public.tenants', ['id uuid pk']), ...['a', 'b', 'c'].map((t) => table(`public.${t}`, ['id uuid pk', 'tenant_id uuid notnull']))],
      foreignKeys: ['a', 'b', 'c'].map((t) => fk(`public.${t}`, ['tenant_id'], 'public.tenants', ['id'])),
    });
    expect((await analyze(noRls)).tenancy?.source).toBe('inferred');
    expect(await objects(tenantTableNotIsolated, noRls)).toEqual([]);
    const configured = await check(tenantTableNotIsolated, noRls, TENANT);
    expect(configured.map((f) => f.object)).toEqual(['public.a', 'public.b', 'public.c']);
    // no policy to copy the tenant check from: a placeholder that cannot run unedited
    // no policy of the schema to copy: the condition to write, in a comment, so the snippet still runs
    expect(configured[0]!.remediation).toContain(
      "-- write the session's tenant in place of <…> and run:\n-- CREATE POLICY a_tenant_isolation ON a USING (tenant_id = <the tenant of the session>);",
    );
  });
});

describe('tenancy/tenant-isolation-unverified', () => {
  it('reports tables whose policies go through user functions or subqueries, naming them', async () => {
    const findings = await check(tenantIsolationUnverified, m, TENANT);
    expect(findings.map((f) => f.object)).toEqual(['public.attachments', 'public.comments']);
    expect(findings[1]!.message).toBe(
      'the tenant isolation of public.comments depends on can_see() with tenant_id (policy "comments_visible"): reading the policies cannot show that they compare tenant_id; a cross-tenant test can',
    );
    expect(findings[0]!.message).toContain('depends on a subquery');
  });
});

describe('tenancy/tenant-isolation-unverified reads one-statement SQL functions', () => {
  const SQL = `
    CREATE TABLE tenants (id uuid PRIMARY KEY);
    CREATE TABLE members (tenant_id uuid NOT NULL REFERENCES tenants (id), user_name text NOT NULL);
    CREATE TABLE docs (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id), body text);
    CREATE TABLE pages (id uuid PRIMARY KEY, doc_id uuid NOT NULL REFERENCES docs (id), tenant_id uuid NOT NULL REFERENCES tenants (id));
    CREATE TABLE notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
    CREATE TABLE drafts (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
    -- the caller's memberships, by the row's tenant: a tenant check
    CREATE FUNCTION is_member(_tenant uuid, _user text) RETURNS boolean LANGUAGE sql STABLE
      AS $$ SELECT EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = _tenant AND m.user_name = _user) $$;
    -- reads nothing of the row: a check of the caller
    CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN current_user = 'admin'; END $$;
    -- the same lookup in PL/pgSQL: not read through
    CREATE FUNCTION is_member_pl(_tenant uuid) RETURNS boolean LANGUAGE plpgsql STABLE
      AS $$ BEGIN RETURN EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = _tenant AND m.user_name = current_user); END $$;
    -- given the tenant but never compares it: not a tenant check
    CREATE FUNCTION ignores(_tenant uuid) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT current_user <> 'guest' $$;
    ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE pages ENABLE ROW LEVEL SECURITY;
    ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
    ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY docs_member ON docs USING (is_member(tenant_id, current_user));
    CREATE POLICY docs_admin ON docs USING (is_admin());
    CREATE POLICY pages_parent ON pages USING (EXISTS (SELECT 1 FROM docs d WHERE d.id = pages.doc_id AND is_member(d.tenant_id, current_user)));
    CREATE POLICY pages_admin ON pages USING (is_admin());
    CREATE POLICY notes_pl ON notes USING (is_member_pl(tenant_id));
    CREATE POLICY drafts_ignores ON drafts USING (ignores(tenant_id));
  `;

  it('a membership lookup by the tenant is a tenant check; a caller check is one finding for all its tables; the rest stay', async () => {
    const x = await modelFromSql(SQL);
    const findings = await check(tenantIsolationUnverified, x, { tenant: { root: 'public.tenants', column: 'tenant_id' } });
    expect(findings.map((f) => [f.object, f.message])).toEqual([
      [
        'public.drafts',
        'the tenant isolation of public.drafts depends on ignores() with tenant_id (policy "drafts_ignores"): reading the policies cannot show that they compare tenant_id; a cross-tenant test can',
      ],
      [
        'public.notes',
        'the tenant isolation of public.notes depends on is_member_pl() with tenant_id (policy "notes_pl"): reading the policies cannot show that they compare tenant_id; a cross-tenant test can',
      ],
      [
        'public.is_admin()',
        'is_admin() gives the callers for whom it holds every row of 2 tenant tables (public.docs, public.pages), whatever their tenant: it reads ' +
          'nothing of the row, so it is a check of the caller only — right for an admin role, a cross-tenant leak otherwise; a test with a caller of each kind shows which',
      ],
    ]);
    expect(findings[2]!.related).toEqual(['public.docs.docs_admin', 'public.pages.pages_admin']);
  });

  it('parameterNames(): names from pg_get_function_arguments() text', () => {
    expect(parameterNames('_user_id uuid, _client_id uuid DEFAULT NULL::uuid')).toEqual(['_user_id', '_client_id']);
    expect(parameterNames('uuid, numeric(10,2)')).toEqual(['', '']);
    expect(parameterNames('INOUT "Tenant" uuid, VARIADIC ids integer[]')).toEqual(['Tenant', 'ids']);
  });
});

describe('tenancy/tenant-column-without-fk', () => {
  it('reports a tenant column no FK ties to the root, with the FK to add', async () => {
    const findings = await check(tenantColumnWithoutFk, m, TENANT);
    expect(findings).toEqual([
      {
        object: 'public.notes',
        message: 'public.notes.tenant_id carries the tenant, but no foreign key ties it to public.tenants: rows can name a tenant that does not exist',
        remediation:
          'ALTER TABLE notes ADD CONSTRAINT notes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\n' +
          'ALTER TABLE notes VALIDATE CONSTRAINT notes_tenant_id_fkey;',
      },
    ]);
    // comments is tied through its guard to tasks (whose own FK checks the tenant)
  });
});

describe('tenancy/cross-tenant-reference', () => {
  it('reports FKs between tenant tables without the tenant and without a tenant guard, with the guard to add', async () => {
    const findings = await check(crossTenantReference, m, TENANT);
    expect(findings.map((f) => f.object)).toEqual([
      'public.profiles.profiles_handle_fkey',
      'public.projects.projects_owner_id_fkey',
      'public.reviews.reviews_project_id_fkey',
    ]);
    const owner = findings[1]!;
    expect(owner.message).toBe(
      'public.projects (owner_id) → public.users does not include tenant_id, and no guard FK checks it: a row of projects in one tenant can reference a row of users in another',
    );
    // users already has UNIQUE (id, tenant_id): no index to create
    // and no index serves the guard: one is created, so that the fix makes no fk-without-index finding
    expect(owner.remediation).toBe(
      'ALTER TABLE projects ADD CONSTRAINT projects_owner_id_tenant_id_fkey FOREIGN KEY (owner_id, tenant_id) REFERENCES users (id, tenant_id) NOT VALID;\n' +
        'ALTER TABLE projects VALIDATE CONSTRAINT projects_owner_id_tenant_id_fkey;\n' +
        'CREATE INDEX ON projects (owner_id, tenant_id);',
    );
    // the parent key is created when missing; SET NULL touches only the FK's own column (PostgreSQL 15+)
    expect(findings[0]!.remediation).toBe(
      'CREATE UNIQUE INDEX IF NOT EXISTS users_handle_tenant_id_key ON users (handle, tenant_id);\n' +
        'ALTER TABLE profiles ADD CONSTRAINT profiles_handle_tenant_id_fkey FOREIGN KEY (handle, tenant_id) REFERENCES users (handle, tenant_id) ON DELETE SET NULL (handle) NOT VALID;\n' +
        'ALTER TABLE profiles VALIDATE CONSTRAINT profiles_handle_tenant_id_fkey;\n' +
        'CREATE INDEX ON profiles (handle, tenant_id);',
    );
    // reviews (project_id, tenant_id): an index whose leading columns are those serves the guard, none to create
    const served = { ...m, indexes: [...m.indexes, index('public.reviews', 'reviews_tenant_project', ['tenant_id', 'project_id'])] };
    expect((await check(crossTenantReference, served, TENANT)).find((f) => f.object === 'public.reviews.reviews_project_id_fkey')!.remediation).not.toContain(
      'CREATE INDEX',
    );
  });

  it('does not report a guarded FK, an FK that includes the tenant, tenant FKs, or FKs to tables without the column', async () => {
    const reported = await objects(crossTenantReference, m, TENANT);
    for (const near of ['public.tasks.tasks_project_id_fkey', 'public.comments.comments_task_id_tenant_id_fkey', 'public.users.users_tenant_id_fkey', 'public.attachments.attachments_task_id_fkey']) {
      expect(reported).not.toContain(near);
    }
  });
});

describe('tenancy/unique-across-tenants', () => {
  it('reports keys unique over all tenants, constraints and expression indexes alike, with the per-tenant key', async () => {
    const findings = await check(uniqueAcrossTenants, m, TENANT);
    expect(findings.map((f) => f.object)).toEqual(['public.projects_lower_name_idx', 'public.users.users_email_key']);
    expect(findings[1]!.message).toBe(
      'the unique constraint users_email_key makes (email) unique across all tenants: two tenants cannot both have rows in users with the same email, and the unique violation tells one that the other has it',
    );
    expect(findings[1]!.remediation).toBe('ALTER TABLE users DROP CONSTRAINT users_email_key, ADD CONSTRAINT users_tenant_id_email_key UNIQUE (tenant_id, email);');
    expect(findings[0]!.remediation).toBe(
      'CREATE UNIQUE INDEX CONCURRENTLY projects_tenant_id_expr_idx ON projects USING btree (tenant_id, (lower(name)));\nDROP INDEX CONCURRENTLY projects_lower_name_idx;',
    );
  });

  it('does not report the PK, keys with the tenant, surrogate ids, secrets, keys per tenant through an FK, or keys an FK references', async () => {
    const reported = await objects(uniqueAcrossTenants, m, TENANT);
    for (const near of ['users_id_tenant_id_key', 'users_api_token_key', 'users_handle_key', 'projects_tenant_id_slug_key', 'projects_code_key', 'tasks_project_id_title_key', 'users_pkey']) {
      expect(reported.some((o) => o.endsWith(near)), near).toBe(false);
    }
  });
});

describe('tenancy/tenant-through-nullable-fk', () => {
  it('reports a table whose only way to the tenant is a nullable FK, and not one with a NOT NULL path', async () => {
    const findings = await check(tenantThroughNullableFk, m, TENANT);
    expect(findings).toEqual([
      {
        object: 'public.attachments',
        message: 'public.attachments reaches the tenant only through nullable foreign keys (public.attachments → public.tasks): a row whose task_id is NULL belongs to no tenant',
        remediation: 'ALTER TABLE attachments ALTER COLUMN task_id SET NOT NULL;',
      },
    ]);
  });

  it('reports nothing at all without a tenancy', async () => {
    for (const rule of TENANCY_RULES) expect(await objects(rule, m, { tenant: null }), rule.meta.id).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples, each finding reviewed. creator-loyalty's tenant (clients / client_id) is inferred.

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'] as const;

describe('the tenancy rules on the example schemas', () => {
  const found = new Map<string, Finding[]>();
  beforeAll(async () => {
    for (const name of EXAMPLES) {
      const loaded = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      found.set(name, lint(loaded, await analyze(loaded), { ruleSet: TENANCY_RULES }).findings);
    }
  });
  const byRule = (name: string) => {
    const out: Record<string, string[]> = {};
    for (const f of found.get(name)!) (out[f.rule] ??= []).push(f.object);
    return out;
  };

  it('creator-loyalty: the three user-scoped tables without RLS, the unguarded FKs, the global video_url', () => {
    expect(byRule('creator-loyalty')).toEqual({
      'tenancy/tenant-table-not-isolated': ['public.handle_changes', 'public.otp_codes', 'public.password_reset_tokens'],
      'tenancy/cross-tenant-reference': [
        'public.commission_boost_redemptions.commission_boost_redemptions_payout_sent_by_fkey',
        'public.commission_boost_state_history.commission_boost_state_history_boost_redemption_id_fkey',
        'public.commission_boost_state_history.commission_boost_state_history_transitioned_by_fkey',
        'public.mission_progress.mission_progress_mission_id_fkey',
        'public.mission_progress.mission_progress_user_id_fkey',
        'public.missions.missions_reward_id_fkey',
        'public.raffle_participations.raffle_participations_mission_id_fkey',
        'public.raffle_participations.raffle_participations_mission_progress_id_fkey',
        'public.raffle_participations.raffle_participations_selected_by_fkey',
        'public.raffle_participations.raffle_participations_user_id_fkey',
        'public.redemptions.redemptions_fulfilled_by_fkey',
        'public.redemptions.redemptions_mission_progress_id_fkey',
        'public.redemptions.redemptions_reward_id_fkey',
        'public.redemptions.redemptions_user_id_fkey',
        'public.sales_adjustments.sales_adjustments_adjusted_by_fkey',
        'public.sales_adjustments.sales_adjustments_user_id_fkey',
        'public.sync_logs.sync_logs_triggered_by_fkey',
        'public.tier_checkpoints.tier_checkpoints_user_id_fkey',
        'public.videos.videos_user_id_fkey',
      ],
      'tenancy/unique-across-tenants': ['public.videos.videos_video_url_key'],
    });
    const findings = found.get('creator-loyalty')!;
    // the three redemption_id FKs with the seed's guard are not reported
    expect(findings.some((f) => /redemption_id_fkey$/.test(f.object) && !f.object.includes('state_history'))).toBe(false);
    const otp = findings.find((f) => f.object === 'public.otp_codes')!;
    expect(otp.remediation).toContain('CREATE POLICY otp_codes_tenant_isolation ON otp_codes USING (EXISTS (SELECT 1 FROM users p WHERE p.id = otp_codes.user_id));');
    // the guard copies the CASCADE of the FK it guards, so it does not make deletes order-dependent
    expect(findings.find((f) => f.object === 'public.mission_progress.mission_progress_user_id_fkey')!.remediation).toContain(
      'FOREIGN KEY (user_id, client_id) REFERENCES users (id, client_id) ON DELETE CASCADE NOT VALID;',
    );
  });

  it('giftcard-campaigns: anon policies that ignore the client, function-based isolation to prove, slugs, nullable campaign links', () => {
    const rules = byRule('giftcard-campaigns');
    expect(rules['tenancy/tenant-table-not-isolated']).toEqual(['public.ace_forms', 'public.landing_pages', 'public.recipients']);
    expect(rules['tenancy/cross-tenant-reference']).toEqual([
      'public.ace_forms.ace_forms_campaign_id_fkey',
      'public.campaigns.campaigns_audience_id_fkey',
      'public.campaigns.campaigns_template_id_fkey',
      'public.gift_card_sales.gift_card_sales_pool_id_fkey',
      'public.landing_pages.landing_pages_campaign_id_fkey',
    ]);
    expect(rules['tenancy/unique-across-tenants']).toEqual(['public.ace_forms.ace_forms_slug_key', 'public.landing_pages.landing_pages_slug_key']);
    expect(rules['tenancy/tenant-through-nullable-fk']).toEqual(['public.call_sessions', 'public.events', 'public.sms_delivery_log']);
    // every other scoped or inherited table isolates through user_can_access_client() / has_role() / subqueries;
    // organization_members' own-memberships policy (user_id = auth.uid()) is per-user, not a leak
    // Read through the one-statement SQL functions: user_can_access_client(auth.uid(), client_id) looks the caller's
    // memberships up by the row's client (a tenant check, also through a parent's row in EXISTS, and with
    // credit_accounts' org_id, an FK to the root); has_role(auth.uid(), 'admin') reads nothing of the row: one
    // finding for the 29 tables it opens to admins. Left: the anon routes to active forms (a subquery on ace_forms).
    expect(rules['tenancy/tenant-isolation-unverified']).toEqual([
      'public.ace_form_fields',
      'public.ace_form_submissions',
      'public.has_role(_user_id uuid, _role text)',
    ]);
    const admin = found.get('giftcard-campaigns')!.find((f) => f.object === 'public.has_role(_user_id uuid, _role text)')!;
    expect(admin.message).toMatch(/^has_role\(auth\.uid\(\), 'admin'::text\) gives the callers for whom it holds every row of 29 tenant tables \(public\.ace_form_fields, /);
    expect(Object.keys(rules)).toHaveLength(5);
    const recipients = found.get('giftcard-campaigns')!.find((f) => f.object === 'public.recipients')!;
    expect(recipients.message).toContain('"Public can look up recipients by redemption code" (SELECT, to anon');
    // the schema's own tenant check is reused for the restrictive floor
    expect(found.get('giftcard-campaigns')!.find((f) => f.object === 'public.ace_forms')!.remediation).toContain(
      'CREATE POLICY ace_forms_tenant_floor ON ace_forms AS RESTRICTIVE USING (user_can_access_client(auth.uid(), client_id));',
    );
  });

  it('influencer-marketplace: no RLS anywhere, so only the denormalised organization_id that nothing keeps consistent', () => {
    expect(byRule('influencer-marketplace')).toEqual({
      'tenancy/cross-tenant-reference': [
        'public.contracts.contracts_campaign_id_fkey',
        'public.contracts.contracts_offer_id_fkey',
        'public.offers.offers_campaign_id_fkey',
      ],
    });
  });

  it('privacy-telemetry and tentabo-prm: no tenancy, no findings', () => {
    expect(found.get('privacy-telemetry')).toEqual([]);
    expect(found.get('tentabo-prm')).toEqual([]);
  });
});
