import { describe, expect, it } from 'vitest';
import type { NamingReport } from '../../src/analyze/types.js';
import type { Func } from '../../src/model/types.js';
import { loadPolicyParser, policyPatterns, renderOverview } from '../../src/render/overview.js';
import { policyFacts, policyShape } from '../../src/render/policy-shape.js';
import { tablePageName } from '../../src/render/markdown.js';
import { analysisOf } from '../helpers/analysis.js';
import { fn, index, model, policy, table, trigger } from '../helpers/model.js';
import { ctxOf, expectTablesIntact, section } from '../helpers/render.js';


// The parser loads asynchronously; renderOverview() and policyShape() need it loaded.
await loadPolicyParser();

describe('policyShape', () => {
  it('keeps constants as written and normalises column names to snake_case, keeps function names', () => {
    expect(policyShape('auth.uid() = "userId"')).toBe('auth.uid() = user_id');
    expect(policyShape('auth.uid() = user_id')).toBe('auth.uid() = user_id');
    expect(policyShape('"HTTPStatus" = 200')).toBe('http_status = 200');
    expect(policyShape("auth.role() = 'service_role'::text")).toBe("auth.role() = 'service_role'");
    expect(policyShape("client_id = current_setting('app.current_client_id'::text, true)::uuid")).toBe(
      "current_setting('app.current_client_id', true)::uuid = client_id",
    );
    expect(policyShape("status = ANY (ARRAY['a'::text, 'it''s'::text])")).toBe("status = ANY (ARRAY['a', 'it''s'])");
    // What defines a policy stays visible: two settings, two roles are two shapes.
    expect(policyShape("auth.role() = 'service_role'::text")).not.toBe(policyShape("auth.role() = 'anon'::text"));
  });

  it('gives one shape for both operand orders and both orders of AND', () => {
    expect(policyShape('user_id = auth.uid()')).toBe(policyShape('auth.uid() = user_id'));
    expect(policyShape('"userId" = auth.uid()')).toBe(policyShape('auth.uid() = user_id'));
    expect(policyShape('a = 1 AND is_admin()')).toBe(policyShape('is_admin() AND 1 = a'));
    expect(policyShape('enabled = true')).toBe('enabled = true');
    expect(policyShape('true = enabled')).toBe('enabled = true');
  });

  it('keeps different functions apart', () => {
    expect(policyShape('is_org_member(org_id)')).not.toBe(policyShape('is_org_admin(org_id)'));
    expect(policyShape('auth.uid() = user_id')).not.toBe(policyShape('auth.jwt() = user_id'));
  });

  it('reads subqueries structurally: aliases resolved to tables, the policy\'s own row bare', () => {
    expect(policyShape('EXISTS ( SELECT 1 FROM workflows w WHERE w.id = t."workflowId" AND w."userId" = auth.uid())')).toBe(
      'EXISTS (SELECT 1 FROM workflows WHERE auth.uid() = workflows.user_id AND workflow_id = workflows.id)',
    );
    // Another alias, the other operand order, the outer table under another name: the same shape.
    expect(policyShape('EXISTS (SELECT 1 FROM workflows x WHERE auth.uid() = x."userId" AND tasks.workflow_id = x.id)')).toBe(
      policyShape('EXISTS ( SELECT 1 FROM workflows w WHERE w.id = t."workflowId" AND w."userId" = auth.uid())'),
    );
  });

  it('names the kind of rule from the parse tree, not from the text', () => {
    const kind = (e: string) => policyFacts(e)?.kind ?? null;
    expect(kind('auth.uid() = "userId"')).toBe('own rows');
    expect(kind('user_id = (SELECT auth.uid())')).toBe('own rows');
    expect(kind("auth.role() = 'service_role'::text")).toBe('service role');
    expect(kind("auth.role() = 'anon'::text")).toBeNull();
    expect(kind('true')).toBe('everyone');
    expect(kind('false')).toBe('no one');
    expect(kind("client_id = current_setting('app.current_client_id'::text, true)::uuid")).toBe('tenant setting');
    expect(kind('is_org_member("organizationId")')).toBe('membership function');
    expect(kind("has_role(auth.uid(), 'admin'::text)")).toBe('caller check');
    expect(kind('EXISTS (SELECT 1 FROM members m WHERE m.org_id = t.org_id)')).toBe('subquery');
    expect(kind('org_id IN (SELECT org_id FROM members)')).toBe('subquery');
    expect(kind('auth.uid() = "userId" OR "organizationId" IS NOT NULL AND is_org_member("organizationId")')).toBe(
      'membership function or own rows',
    );
    // The words are in a string, not in the structure.
    expect(kind("note = 'auth.uid() = user_id'::text")).toBeNull();
    expect(kind("note = 'service_role'::text")).toBeNull();
    expect(kind('enabled')).toBeNull();
  });

  it('says whether a policy reads its row', () => {
    expect(policyFacts('auth.uid() = user_id')?.readsRow).toBe(true);
    expect(policyFacts("auth.role() = 'service_role'::text")?.readsRow).toBe(false);
    expect(policyFacts('is_admin()')?.readsRow).toBe(false);
    // A subquery that only reads its own tables decides on the caller alone; one that joins the row reads it.
    expect(policyFacts('EXISTS (SELECT 1 FROM admins a WHERE a.user_id = auth.uid())')?.readsRow).toBe(false);
    expect(policyFacts('EXISTS (SELECT 1 FROM members m WHERE m.org_id = docs.org_id)')?.readsRow).toBe(true);
  });

  it('keeps a bare constant (everyone vs no one) and returns null for what does not parse', () => {
    expect(policyShape('true')).toBe('true');
    expect(policyShape('false')).toBe('false');
    expect(policyShape('user_id = (((')).toBeNull();
    expect(policyShape('1; DROP TABLE x')).toBeNull();
  });
});

describe('overview.md', () => {
  const m = model({
    tables: [
      table('public.users', ['id uuid pk', 'email text unique', 'name text'], {
        comment: 'User accounts',
        rls: { enabled: true, forced: false },
      }),
      table('public.events', ['id uuid pk', 'userId uuid', 'ts timestamptz'], { rls: { enabled: true, forced: true } }),
      table('public.flags', ['id uuid pk', 'key text'], { rls: { enabled: true, forced: false } }),
      table('public.audit', ['id uuid pk'], { rls: { enabled: true, forced: false } }),
      table('public.logs', ['id uuid pk']),
    ],
    indexes: [
      index('public.events', 'idx_events_a_user', ['userId']),
      index('public.events', 'idx_events_user_ts', ['userId', 'ts']),
      index('public.events', 'idx_events_recent', ['ts'], { predicate: "ts > '2024-01-01'::date" }),
      index('public.logs', 'idx_logs_id_gin', ['id'], { method: 'gin' }),
    ],
    functions: [
      fn('public.touch()', { comment: 'Sets updated_at' }),
      fn('public.is_admin()', { returns: 'boolean', language: 'sql', volatility: 'stable', securityDefiner: true, config: ['search_path=public'] }),
      fn('public.leaky(x integer)', { identityArgs: 'x integer', args: 'x integer', returns: 'integer', securityDefiner: true }),
    ],
    triggers: [
      trigger('public.users', 'users_touch', 'public.touch()'),
      trigger('public.events', 'events_touch', 'public.touch()'),
      trigger('public.flags', 'flags_guard', 'public.is_admin()', { timing: 'after', events: ['insert', 'update'] }),
    ],
    policies: [
      policy('public.users', 'own', 'auth.uid() = id', { roles: ['authenticated'] }),
      policy('public.events', 'own', 'auth.uid() = "userId"', { command: 'select', roles: ['authenticated'] }),
      policy('public.events', 'insert own', null, { command: 'insert', withCheck: '"userId" = auth.uid()', roles: ['authenticated'] }),
      policy('public.flags', 'admins', 'is_admin()', { command: 'update' }),
      policy('public.flags', 'anyone', 'true', { command: 'select' }),
      policy('public.flags', 'broken', 'this is not sql ((', { command: 'delete' }),
      policy('public.logs', 'ignored', 'is_admin()'),
    ],
  });
  const naming = (outliers: string[]): NamingReport => ({
    dominant: 'snake_case',
    counts: { snake_case: 40, camelCase: outliers.length },
    outliers,
    mixed: true,
  });
  const clean: NamingReport = { dominant: 'snake_case', counts: { snake_case: 5 }, outliers: [], mixed: false };
  const a = analysisOf(m, {
    domains: {
      source: 'config',
      groups: [
        { name: 'Accounts', tables: ['public.users'], basis: null },
        { name: 'Activity', tables: ['public.events', 'public.logs', 'public.flags', 'public.audit'], basis: null },
      ],
    },
    duplicates: [
      {
        tables: ['public.audit', 'public.audit_log'],
        unapplied: {
          table: 'public.audit_log',
          file: 'supabase/migrations/2025-11-05_trust_audit.sql',
          reason: 'name does not match <timestamp>_name.sql; the Supabase CLI skips it',
        },
        reasons: ['name'],
        columnSimilarity: 0.25,
        detail: 'audit and audit_log …',
      },
      {
        tables: ['public.events', 'public.logs'],
        unapplied: null,
        reasons: ['columns'],
        columnSimilarity: 0.7,
        detail: 'events and logs have 3 of 4 columns in common.',
      },
    ],
    naming: {
      tables: clean,
      columns: naming(Array.from({ length: 23 }, (_, i) => `public.events.col${String(i).padStart(2, '0')}X`)),
      indexes: clean,
      constraints: clean,
      functions: clean,
    },
  });
  const md = renderOverview(ctxOf(m, a));

  it('lists core tables by domain, one line each with comment and columns', () => {
    expect(section(md, '### Accounts')).toContain('- **[users](tables/public.users.md)** - User accounts (id, email, name)');
    expect(section(md, '### Activity')).toContain('- **[events](tables/public.events.md)** (id, userId, ts)');
  });

  it('caps long column lists and links the page for the rest', () => {
    const wide = model({ tables: [table('public.wide', Array.from({ length: 20 }, (_, i) => `c${i} int`))] });
    const out = renderOverview(ctxOf(wide, analysisOf(wide)));
    expect(out).toContain('c14, c15, … and 4 more)');
  });

  it('lists key indexes by table with columns and predicate, composite and partial first', () => {
    const events = section(md, '## Key indexes').split('### events')[1]!;
    // The single-column index sorts first by name but comes after the composite and the partial one.
    expect(events.indexOf('idx_events_recent')).toBeLessThan(events.indexOf('idx_events_user_ts'));
    expect(events.indexOf('idx_events_user_ts')).toBeLessThan(events.indexOf('idx_events_a_user'));
    expect(events).toContain("- `idx_events_recent` (ts) where `ts > '2024-01-01'::date`");
    expect(events).toContain('- `idx_events_user_ts` ("userId", ts)');
    expect(section(md, '## Key indexes')).toContain('- `idx_logs_id_gin` (id), gin');
  });

  it('separates trigger functions and flags SECURITY DEFINER', () => {
    const fns = section(md, '## Functions');
    expect(section(fns, '### Trigger functions')).toContain('- `touch()` → `trigger` — plpgsql; used by 2 triggers on events, users - Sets updated_at');
    const others = section(fns, '### Other functions');
    expect(others).toContain('`is_admin()` → `boolean` — sql; stable; **SECURITY DEFINER** (`search_path=public`)');
    expect(others).toContain('`leaky(x integer)` → `integer` — plpgsql; **SECURITY DEFINER without a fixed search_path**');
  });

  it('lists the triggers the schema\'s functions put on platform tables, under their function', () => {
    const pm = model({
      tables: [table('public.profiles', ['id uuid pk']), table('auth.users', ['id uuid pk'], { origin: 'platform' })],
      functions: [fn('public.handle_new_user()', { securityDefiner: true, config: ['search_path=public'] })],
      triggers: [trigger('auth.users', 'on_auth_user_created', 'public.handle_new_user()', { timing: 'after', events: ['insert'] })],
    });
    const out = renderOverview(ctxOf(pm, analysisOf(pm)));
    expect(section(out, '### Trigger functions')).toContain(
      '`handle_new_user()` → `trigger` — plpgsql; **SECURITY DEFINER** (`search_path=public`); used by 1 trigger on auth.users (on a platform table)',
    );
    expect(section(out, '## Triggers')).toContain(
      '### `handle_new_user()` (1 trigger)\n\n- `on_auth_user_created` on **auth.users** — AFTER INSERT, for each row; on a platform table',
    );
  });

  it('groups triggers by the function they run', () => {
    const t = section(md, '## Triggers');
    expect(t).toContain('### `touch()` (2 triggers)\n\n- `events_touch` on **events** — BEFORE UPDATE, for each row\n- `users_touch` on **users**');
    expect(t).toContain('- `flags_guard` on **flags** — AFTER INSERT OR UPDATE, for each row');
    expect(t.indexOf('`touch()`')).toBeLessThan(t.indexOf('`is_admin()`'));
  });

  it('reports RLS coverage', () => {
    const cov = section(md, '### RLS coverage');
    expect(cov).toContain('| RLS enabled and forced (applies to the owner too) | 1 | events |');
    expect(cov).toContain('| RLS enabled, not forced (the owner bypasses it) | 3 | audit, flags, users |');
    expect(cov).toContain('| RLS disabled | 1 | logs |');
    expect(cov).toContain('| RLS enabled but no policy (no rows visible except to the owner and BYPASSRLS roles) | 1 | audit |');
    expect(cov).toContain('| Policies defined but RLS disabled (the policies have no effect) | 1 | logs |');
  });

  it('groups policies by expression shape: camelCase and snake_case columns unify, functions do not', () => {
    const patterns = policyPatterns(ctxOf(m, a));
    const own = patterns.find((p) => p.label === 'auth.uid() = user_id')!;
    expect(own.policies.map((p) => p.id).sort()).toEqual(['public.events.insert own', 'public.events.own']);
    expect(own.kind).toBe('own rows');
    // Another column is another pattern of the same kind.
    const byId = patterns.find((p) => p.label === 'auth.uid() = id')!;
    expect(byId.policies.map((p) => p.id)).toEqual(['public.users.own']);
    expect(byId.kind).toBe('own rows');
    expect(patterns.find((p) => p.label === 'is_admin()')!.policies.map((p) => p.id)).toEqual(['public.flags.admins', 'public.logs.ignored']);
    const table_ = section(md, '### Policy patterns');
    expect(table_).toContain('| Pattern | Kind | Policies | Commands | Roles | Tables |');
    expect(table_).toContain('| `auth.uid() = user_id` | own rows | 2 | SELECT, INSERT | `authenticated` | events |');
    expect(table_).toContain('| `auth.uid() = id` | own rows | 1 | ALL | `authenticated` | users |');
    expect(table_).toContain('| `is_admin()` | caller check | 2 | ALL, UPDATE | `public` | flags, logs |');
    expect(table_).toContain('| `true` | everyone | 1 | SELECT | `public` | flags |');
    expect(table_).not.toContain('<col>');
    expect(table_).not.toContain('<const>');
  });

  it('keeps a policy that does not parse as its own pattern', () => {
    expect(section(md, '### Policy patterns')).toContain('| `this is not sql ((` (does not parse; shown as written) | - | 1 | DELETE | `public` | flags |');
  });

  it('says per domain which tables are public-read and which have no service-role or admin bypass', () => {
    const pm = model({
      tables: [
        table('public.feature_flags', ['id uuid pk'], { rls: { enabled: true, forced: false } }),
        table('public.offers', ['id uuid pk', 'enabled boolean'], { rls: { enabled: true, forced: false } }),
        table('public.private_notes', ['id uuid pk', 'userId uuid'], { rls: { enabled: true, forced: false } }),
        table('public.telemetry', ['id uuid pk', 'userId uuid'], { rls: { enabled: true, forced: false } }),
        table('public.prefs', ['id uuid pk', 'userId uuid'], { rls: { enabled: true, forced: false } }),
        table('public.signed_in', ['id uuid pk'], { rls: { enabled: true, forced: false } }),
        table('public.unprotected', ['id uuid pk']),
        table('public.tenant_rows', ['id uuid pk', 'client_id uuid'], { rls: { enabled: true, forced: true } }),
        table('public.form_fields', ['id uuid pk', 'form_id uuid'], { rls: { enabled: true, forced: true } }),
      ],
      policies: [
        policy('public.feature_flags', 'anyone', 'true', { command: 'select' }),
        policy('public.feature_flags', 'service', "auth.role() = 'service_role'::text"),
        policy('public.offers', 'enabled ones', 'enabled = true', { command: 'select', roles: ['anon'] }),
        policy('public.private_notes', 'own', 'auth.uid() = "userId"', { roles: ['authenticated'] }),
        policy('public.private_notes', 'admins', 'is_admin()', { command: 'select', roles: ['authenticated'] }),
        policy('public.telemetry', 'own', 'auth.uid() = "userId"', { roles: ['authenticated'] }),
        policy('public.telemetry', 'insert own', null, { command: 'insert', withCheck: '"userId" = auth.uid()', roles: ['authenticated'] }),
        policy('public.prefs', 'own', '"userId" = auth.uid()', { roles: ['authenticated'] }),
        policy('public.prefs', 'never', 'false', { command: 'delete' }),
        policy('public.signed_in', 'everyone signed in', 'true', { command: 'select', roles: ['authenticated'] }),
        policy('public.unprotected', 'ignored', 'true', { command: 'select' }),
        // `public` is every role, but which rows depends on the session: not public read.
        policy('public.tenant_rows', 'tenant', "client_id = current_setting('app.client'::text)::uuid"),
        // The rows a filter on data alone selects: the same whoever asks.
        policy('public.form_fields', 'active forms', 'EXISTS (SELECT 1 FROM forms f WHERE f.id = form_fields.form_id AND f.is_active)', { command: 'select', roles: ['anon'] }),
      ],
    });
    const pa = analysisOf(pm, {
      domains: {
        source: 'config',
        groups: [
          { name: 'Public', tables: ['public.feature_flags', 'public.offers', 'public.signed_in', 'public.unprotected'], basis: null },
          { name: 'Privacy', tables: ['public.private_notes', 'public.telemetry', 'public.prefs'], basis: null },
          { name: 'Tenants', tables: ['public.tenant_rows', 'public.form_fields'], basis: null },
        ],
      },
    });
    const access = section(renderOverview(ctxOf(pm, pa)), '### Access by domain');
    expect(access).toContain('| Domain | RLS on | Public read | Zero trust (no service-role or admin bypass) |');
    expect(access).toContain('| Public | 3 of 4 | feature_flags, offers (rows where `enabled = true`) | - |');
    expect(access).toContain('| Privacy | 3 of 3 | - | prefs, telemetry |');
    expect(access).toContain(
      '| Tenants | 2 of 2 | form_fields (rows where `EXISTS (SELECT 1 FROM forms WHERE form_id = forms.id AND forms.is_active)`) | tenant_rows |',
    );
    expectTablesIntact(access);
  });

  it('explains schema conflicts, including a table only an unapplied file creates', () => {
    const notes = section(md, '## Notes');
    expect(notes).toContain(
      '`audit_log` is created only by `supabase/migrations/2025-11-05_trust_audit.sql`, which was not applied: name does not match &lt;timestamp>\\_name.sql; the Supabase CLI skips it.',
    );
    expect(notes).toContain('It looks like `audit` (name; 25% of columns in common).');
    expect(notes).toContain('**events** / **logs**: events and logs have 3 of 4 columns in common.');
  });

  it('lists naming outliers up to 20, then how many more', () => {
    const notes = section(md, '## Notes');
    expect(notes).toContain('Columns: mostly snake_case (40 snake_case, 23 camelCase); 23 outliers: `events.col00X`');
    expect(notes).toContain('`events.col19X` and 3 more.');
    expect(notes).not.toContain('col20X');
    expect(notes).toContain('**RLS coverage:** RLS enabled on 4 of 5 tables; 1 table with RLS on and no policy; 1 table with policies but RLS disabled; 3 not forced.');
  });

  it('escapes names and comments, and renders the same bytes twice', () => {
    const em = model({ tables: [table('public.a|b', ['id uuid pk', 'x*y int'], { comment: '<script>x</script>' })] });
    const out = renderOverview(ctxOf(em, analysisOf(em)));
    expect(out).not.toContain('<script>');
    expect(out).toContain(`- **[a\\|b](tables/${tablePageName('public.a|b')})** - &lt;script>x&lt;/script> (id, x\\*y)`);
    expect(renderOverview(ctxOf(m, a))).toBe(md);
  });
});
