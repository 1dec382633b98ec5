/**
 * The security rules (src/lint/rules/security): for every rule the cases it must report and the near misses it must
 * not, on one Supabase-style schema applied once into PGlite (so policy expressions are what Postgres prints), a few
 * inline models for what needs another platform, a round trip that applies the remediations and checks they fix what
 * they claim to, and the exact findings on the five examples, each reviewed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { tenantTableNotIsolated } from '../../src/lint/rules/tenancy/tenant-table-not-isolated.js';
import { loadExpressionParser, parseExpression } from '../../src/analyze/sql-expr.js';
import type { AnalysisOptions } from '../../src/analyze/types.js';
import { lint } from '../../src/lint/engine.js';
import { SECURITY_RULES } from '../../src/lint/rules/security/index.js';
import { anonWriteGrant } from '../../src/lint/rules/security/anon-write-grant.js';
import { exposedViewBypassesRls } from '../../src/lint/rules/security/exposed-view-bypasses-rls.js';
import { extensionInPublic } from '../../src/lint/rules/security/extension-in-public.js';
import { leakproofFunction } from '../../src/lint/rules/security/leakproof-function.js';
import { multiplePermissivePolicies } from '../../src/lint/rules/security/multiple-permissive-policies.js';
import { policyAlwaysTrueWrite } from '../../src/lint/rules/security/policy-always-true-write.js';
import { policyAuthCallPerRow } from '../../src/lint/rules/security/policy-auth-call-per-row.js';
import { policyCheckLooserThanUsing } from '../../src/lint/rules/security/policy-check-looser-than-using.js';
import { policyColumnWithoutIndex } from '../../src/lint/rules/security/policy-column-without-index.js';
import { policyCurrentSettingUnsafe } from '../../src/lint/rules/security/policy-current-setting-unsafe.js';
import { policyCurrentUser } from '../../src/lint/rules/security/policy-current-user.js';
import { policyIgnoresRow } from '../../src/lint/rules/security/policy-ignores-row.js';
import { policyTenantLiteral } from '../../src/lint/rules/security/policy-tenant-literal.js';
import { policyToPublic } from '../../src/lint/rules/security/policy-to-public.js';
import { policyUserMetadata } from '../../src/lint/rules/security/policy-user-metadata.js';
import { policyVolatileFunction } from '../../src/lint/rules/security/policy-volatile-function.js';
import { policyWithoutExpression } from '../../src/lint/rules/security/policy-without-expression.js';
import { privilegedLoginRole } from '../../src/lint/rules/security/privileged-login-role.js';
import { rlsDisabled } from '../../src/lint/rules/security/rls-disabled.js';
import { rlsNotForced } from '../../src/lint/rules/security/rls-not-forced.js';
import { securityDefinerExecutable } from '../../src/lint/rules/security/security-definer-executable.js';
import { securityDefinerSearchPath } from '../../src/lint/rules/security/security-definer-search-path.js';
import { isPersonalName, isSensitiveName, sensitiveColumnsExposed } from '../../src/lint/rules/security/sensitive-columns-exposed.js';
import { truth } from '../../src/lint/rules/security/shared.js';
import { tenantPolicyAlwaysTrueRead } from '../../src/lint/rules/security/tenant-policy-always-true-read.js';
import { unprotectedRelationInApi } from '../../src/lint/rules/security/unprotected-relation-in-api.js';
import { viewBypassesRls } from '../../src/lint/rules/security/view-bypasses-rls.js';
import type { Rule, RuleFinding } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { model, policy, table } from '../helpers/model.js';
import { fn, modelFromSql } from '../helpers/render.js';

const TENANT: AnalysisOptions = { tenant: { root: 'public.organizations', column: 'org_id' } };

/** One Supabase-style schema with a case (or a near miss) for every rule; the comments say which. */
const FIXTURE = `
-- Tenancy (configured in the test: root public.organizations, column org_id).
CREATE TABLE public.organizations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
CREATE TABLE public.projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES public.organizations (id),
  owner_id uuid,
  status text NOT NULL DEFAULT 'draft',
  name text
);
CREATE INDEX projects_org_owner ON public.projects (org_id, owner_id);
CREATE TABLE public.tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES public.organizations (id),
  project_id uuid REFERENCES public.projects (id),
  title text
);
CREATE TABLE public.comments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), task_id uuid NOT NULL REFERENCES public.tasks (id), body text);
CREATE SCHEMA private;
CREATE TABLE private.org_notes (id uuid PRIMARY KEY, org_id uuid NOT NULL REFERENCES public.organizations (id), note text);
CREATE TABLE private.jobs (id bigint PRIMARY KEY, payload jsonb); -- RLS off, but neither exposed nor a tenant's: fine
CREATE TABLE public.audit_events (id bigint PRIMARY KEY, happened_at timestamptz, detail text);
CREATE TABLE public.measurements (id bigint, taken_at date NOT NULL, value numeric) PARTITION BY RANGE (taken_at);
-- The partition has RLS off while its parent has it on: PostgREST serves the partition directly.
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE public.measurements ENABLE ROW LEVEL SECURITY;
CREATE POLICY "read measurements" ON public.measurements FOR SELECT TO authenticated USING ((SELECT auth.uid()) IS NOT NULL);

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;

-- An application role that owns tables and can log in.
CREATE ROLE app_owner LOGIN;
ALTER TABLE public.tasks OWNER TO app_owner;
ALTER TABLE public.projects OWNER TO app_owner;
ALTER TABLE public.projects FORCE ROW LEVEL SECURITY; -- owned by a login role, but forced: fine
CREATE ROLE ops_admin LOGIN BYPASSRLS;

CREATE POLICY "members read projects" ON public.projects FOR SELECT TO authenticated USING (true);
CREATE POLICY "owners move projects" ON public.projects FOR UPDATE TO authenticated
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid AND owner_id = (SELECT auth.uid()))
  WITH CHECK (owner_id = (SELECT auth.uid()));
CREATE POLICY "owners archive projects" ON public.projects FOR DELETE TO authenticated
  USING (status <> 'archived' AND owner_id = (SELECT auth.uid()));
CREATE POLICY "org tasks" ON public.tasks FOR SELECT TO authenticated
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
CREATE POLICY "demo tasks" ON public.tasks FOR SELECT TO authenticated
  USING (org_id = '00000000-0000-0000-0000-000000000001'::uuid);
CREATE POLICY "org by setting" ON public.organizations FOR SELECT TO authenticated
  USING (id = current_setting('app.org_id')::uuid);
CREATE POLICY "org by setting ok" ON public.organizations FOR UPDATE TO authenticated
  USING (id = (current_setting('app.org_id', true))::uuid);

-- Writes.
CREATE TABLE public.board (id bigint PRIMARY KEY, author_id uuid, body text, status text);
ALTER TABLE public.board ENABLE ROW LEVEL SECURITY;
CREATE POLICY "anyone edits" ON public.board FOR ALL TO authenticated USING (1 = 1);
CREATE POLICY "anyone posts" ON public.board FOR INSERT TO authenticated WITH CHECK ((SELECT auth.uid()) IS NOT NULL OR true);
CREATE POLICY "service cleans" ON public.board FOR DELETE TO service_role USING (true); -- BYPASSRLS role: moot
CREATE POLICY "edit own" ON public.board FOR UPDATE TO authenticated USING (author_id = (SELECT auth.uid())) WITH CHECK (true);
CREATE POLICY "edit own body" ON public.board FOR UPDATE TO authenticated USING (author_id = (SELECT auth.uid())); -- USING is reused as the check: fine
CREATE POLICY "edit drafts" ON public.board FOR UPDATE USING (status = 'draft');
CREATE POLICY "delete own" ON public.board FOR DELETE USING (auth.uid() = author_id); -- TO PUBLIC, but NULL for anon

CREATE TABLE public.guarded (id bigint PRIMARY KEY, owner_id uuid);
ALTER TABLE public.guarded ENABLE ROW LEVEL SECURITY;
CREATE POLICY "open update" ON public.guarded FOR UPDATE TO authenticated USING (true);
-- The restrictive floor ANDs a real condition onto "open update": not always true.
CREATE POLICY "owner floor" ON public.guarded AS RESTRICTIVE FOR UPDATE TO authenticated USING (owner_id = (SELECT auth.uid()));
CREATE INDEX guarded_owner ON public.guarded (owner_id);

CREATE TABLE public.feedback (id bigint PRIMARY KEY, message text, sender_email text);
ALTER TABLE public.feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY "anon submits" ON public.feedback FOR INSERT TO anon;
CREATE POLICY "signed in reads" ON public.feedback FOR SELECT TO authenticated USING (auth.uid() IS NOT NULL);
CREATE POLICY "staff reads" ON public.feedback FOR SELECT TO authenticated USING (auth.role() = 'authenticated');
CREATE POLICY "admins read" ON public.feedback FOR SELECT TO authenticated USING (((SELECT auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
CREATE POLICY "metadata admins" ON public.feedback FOR DELETE TO authenticated USING (((SELECT auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin');
CREATE POLICY "closed" ON public.feedback FOR UPDATE TO authenticated USING (false);

-- A public catalogue: reads for everyone are fine.
CREATE TABLE public.catalogue (id bigint PRIMARY KEY, name text, is_public boolean, maintainer text);
ALTER TABLE public.catalogue ENABLE ROW LEVEL SECURITY;
CREATE POLICY "catalogue is public" ON public.catalogue FOR SELECT USING (true); -- a read, on a non-tenant table: fine
CREATE POLICY "maintainers by role name" ON public.catalogue FOR UPDATE TO authenticated USING (maintainer = current_user);
CREATE POLICY "reporting role" ON public.catalogue FOR SELECT TO authenticated USING (current_user = 'reporting');
CREATE POLICY "lucky" ON public.catalogue FOR SELECT TO authenticated USING (random() < 0.5 AND is_public);

-- Helpers.
CREATE FUNCTION public.is_member(project uuid) RETURNS boolean LANGUAGE sql
  AS $$ SELECT EXISTS (SELECT 1 FROM public.projects p WHERE p.id = project) $$;
CREATE FUNCTION public.is_member_stable(project uuid) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM public.projects p WHERE p.id = project) $$;
CREATE POLICY "members see tasks" ON public.tasks FOR SELECT TO authenticated USING (public.is_member(project_id));
CREATE POLICY "members see tasks (stable)" ON public.tasks FOR SELECT TO authenticated USING (public.is_member_stable(project_id));

-- Secrets anon can read.
CREATE TABLE public.profiles (id uuid PRIMARY KEY, user_id uuid, display_name text, api_key text, password_changed_at timestamptz, max_tokens int);
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY "profiles are public" ON public.profiles FOR SELECT TO anon, authenticated USING (true);
GRANT SELECT ON public.profiles TO anon, authenticated;
CREATE TABLE public.accounts (id uuid PRIMARY KEY, user_id uuid, password_hash text);
ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY;
-- password_hash is readable by anon, but only in the caller's own row.
CREATE POLICY "own account" ON public.accounts FOR SELECT TO anon, authenticated USING (user_id = (SELECT auth.uid()));
CREATE INDEX accounts_user ON public.accounts (user_id);
GRANT SELECT ON public.accounts TO anon;
CREATE TABLE public.listings (id bigint PRIMARY KEY, title text, seller_token text);
ALTER TABLE public.listings ENABLE ROW LEVEL SECURITY;
CREATE POLICY "listings are public" ON public.listings FOR SELECT TO anon USING (true);
REVOKE SELECT ON public.listings FROM anon; -- Supabase's default privileges gave anon the whole table
GRANT SELECT (id, title) ON public.listings TO anon; -- not seller_token

-- Grants.
GRANT INSERT, UPDATE ON public.audit_events TO anon;
GRANT TRUNCATE ON public.catalogue TO PUBLIC;
GRANT ALL ON public.tasks TO anon, authenticated; -- Supabase's default, guarded by RLS: fine
GRANT SELECT ON public.catalogue TO ops_admin;

-- Functions.
CREATE FUNCTION public.claim(code text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
  AS $$ BEGIN UPDATE public.board SET status = 'claimed' WHERE body = code; END $$;
CREATE FUNCTION public.claim_safely(code text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
  AS $$ BEGIN UPDATE public.board SET status = 'claimed' WHERE body = code; END $$;
REVOKE EXECUTE ON FUNCTION public.claim_safely(text) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION public.claim_safely(text) TO service_role;
CREATE FUNCTION private.internal_stats() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = ''
  AS $$ SELECT count(*) FROM public.board $$;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$ BEGIN RETURN NEW; END $$;
CREATE SCHEMA shared_tools;
GRANT USAGE, CREATE ON SCHEMA shared_tools TO authenticated;
CREATE FUNCTION public.tool_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = shared_tools, pg_temp
  AS $$ SELECT 1::bigint $$;
REVOKE EXECUTE ON FUNCTION public.tool_count() FROM PUBLIC; -- anon and authenticated keep Supabase's default grant
GRANT EXECUTE ON FUNCTION public.tool_count() TO service_role;
CREATE FUNCTION public.same_text(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE LEAKPROOF AS $$ SELECT a = b $$;

-- Views.
CREATE VIEW public.v_tasks AS SELECT id, title FROM public.tasks;
CREATE VIEW public.v_tasks_invoker WITH (security_invoker = true) AS SELECT id, title FROM public.tasks;
CREATE VIEW private.v_projects AS SELECT id, name FROM public.projects;
CREATE VIEW public.v_audit AS -- over a table without RLS: nothing to bypass
  SELECT id, detail FROM public.audit_events;
CREATE MATERIALIZED VIEW public.mv_tasks AS SELECT id, title FROM public.tasks;
GRANT SELECT ON public.mv_tasks TO anon;
-- A copy of a table without RLS adds nothing.
CREATE MATERIALIZED VIEW public.mv_audit AS SELECT id, detail FROM public.audit_events;
GRANT SELECT ON public.mv_audit TO anon;

-- Extensions.
CREATE EXTENSION citext WITH SCHEMA public;
CREATE EXTENSION pg_trgm WITH SCHEMA extensions;
CREATE EXTENSION file_fdw;
CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE public.rates (code text, rate numeric) SERVER files OPTIONS (filename '/dev/null', format 'csv');
GRANT SELECT ON public.rates TO anon;
`;

let m: SchemaModel;
const run = (rule: Rule) => check(rule, m, TENANT);
const ids = (rule: Rule) => objects(rule, m, TENANT);
const find = async (rule: Rule, object: string): Promise<RuleFinding> => {
  const f = (await run(rule)).find((x) => x.object === object);
  expect(f, `${rule.meta.id} on ${object}`).toBeDefined();
  return f!;
};

beforeAll(async () => {
  m = await modelFromSql(FIXTURE);
});

describe('security rules on a Supabase-style schema', () => {
  it('the fixture is read as Supabase, with public exposed', () => {
    expect(m.source.platform).toBe('supabase');
    expect(m.settings.pgrstDbSchemas).toContain('public');
  });

  it('rls-disabled: exposed tables and partitions, and tenant tables in any schema; not a private non-tenant table', async () => {
    // With tenancy/tenant-table-not-isolated off, the tenant tables are this rule's too.
    const analysis = await analyze(m, TENANT);
    const alone = rlsDisabled.check({ model: m, analysis, lookup: buildLookup(m), enabled: new Set([rlsDisabled.meta.id]) });
    expect(alone.map((f) => f.object).sort()).toEqual(['private.org_notes', 'public.audit_events', 'public.comments', 'public.measurements_2024']);
    const comments = alone.find((f) => f.object === 'public.comments')!;
    expect(comments.message).toContain('exposed by PostgREST');
    expect(comments.message).toContain('reaches the tenant through public.tasks');
    expect(comments.remediation).toMatch(/^ALTER TABLE public\.comments ENABLE ROW LEVEL SECURITY;/);
    expect(alone.find((f) => f.object === 'private.org_notes')!.message).toContain('has the tenant column org_id');
    // One error per root cause: while the tenancy rule runs, the tenant tables are its findings (with the exposure).
    expect(await ids(rlsDisabled)).toEqual(['public.audit_events', 'public.measurements_2024']);
    const tenancy = await check(tenantTableNotIsolated, m, TENANT);
    expect(tenancy.filter((f) => /row-level security is off/.test(f.message)).map((f) => f.object).sort()).toEqual(['private.org_notes', 'public.comments']);
    expect(tenancy.find((f) => f.object === 'public.comments')!.message).toBe(
      'public.comments belongs to a tenant through public.comments → public.tasks, but row-level security is off: ' +
        "every role that can read it sees every tenant's rows; and its schema public is exposed by PostgREST (pgrst.db_schemas), so that is over the API too",
    );
    expect(tenancy.find((f) => f.object === 'private.org_notes')!.message).not.toContain('PostgREST');
  });

  it('rls-not-forced: a login role owns the table; not when forced, not for superuser owners', async () => {
    expect(await ids(rlsNotForced)).toEqual(['public.tasks']);
    expect((await find(rlsNotForced, 'public.tasks')).remediation).toBe('ALTER TABLE public.tasks FORCE ROW LEVEL SECURITY;');
  });

  it('policy-always-true-write: 1 = 1 for ALL, `… OR true` for INSERT; not SELECT USING (true), not service_role, not under a restrictive floor', async () => {
    expect(await ids(policyAlwaysTrueWrite)).toEqual(['public.board.anyone edits', 'public.board.anyone posts']);
    const all = await find(policyAlwaysTrueWrite, 'public.board.anyone edits');
    expect(all.message).toContain('USING (1 = 1)');
    expect(all.message).toContain('insert any row, update every row and delete every row');
  });

  it('tenant-policy-always-true-read: USING (true) on a tenant table; not on the public catalogue', async () => {
    expect(await ids(tenantPolicyAlwaysTrueRead)).toEqual(['public.projects.members read projects']);
  });

  it('policy-without-expression: FOR INSERT without WITH CHECK admits nothing; UPDATE with USING only is fine', async () => {
    expect(await ids(policyWithoutExpression)).toEqual(['public.feedback.anon submits']);
    expect((await find(policyWithoutExpression, 'public.feedback.anon submits')).message).toContain('admits nothing');
  });

  it('policy-check-looser-than-using: WITH CHECK true, or not pinning the tenant; not a state column', async () => {
    expect(await ids(policyCheckLooserThanUsing)).toEqual(['public.board.edit own', 'public.projects.owners move projects']);
    const moved = await find(policyCheckLooserThanUsing, 'public.projects.owners move projects');
    expect(moved.message).toContain('USING ties org_id to the caller');
    expect(moved.remediation).toMatch(/^ALTER POLICY "owners move projects" ON public\.projects WITH CHECK \(org_id = NULLIF/);
  });

  it('multiple-permissive-policies: per table and role, listing them; restrictive, service_role and caller-only policies do not count', async () => {
    // public.feedback's SELECT policies all ask about the caller only (signed in, a role, a JWT claim): overrides.
    expect(await ids(multiplePermissivePolicies)).toEqual(['public.board', 'public.catalogue', 'public.tasks']);
    // catalogue: "reporting role" (current_user = 'reporting') is an override; "catalogue is public" (a constant) counts.
    expect((await find(multiplePermissivePolicies, 'public.catalogue')).message).toBe(
      'public.catalogue has several permissive policies for authenticated, OR-ed together — SELECT: "catalogue is public" OR "lucky"',
    );
    const board = await find(multiplePermissivePolicies, 'public.board');
    expect(board.key).toBe('authenticated');
    expect(board.message).toContain('DELETE: "anyone edits" OR "delete own"');
    expect(board.message).not.toContain('service cleans');
  });

  it('policy-to-public: a write TO PUBLIC that anon passes; not one comparing auth.uid(), not reads', async () => {
    expect(await ids(policyToPublic)).toEqual(['public.board.edit drafts']);
    expect((await find(policyToPublic, 'public.board.edit drafts')).remediation).toBe('ALTER POLICY "edit drafts" ON public.board TO authenticated;');
  });

  it('policy-ignores-row: gates on being signed in; not a selective claim, a user function, a constant', async () => {
    // `(select auth.uid()) IS NOT NULL` is the same gate, wrapped.
    expect(await ids(policyIgnoresRow)).toEqual(['public.feedback.signed in reads', 'public.feedback.staff reads', 'public.measurements.read measurements']);
  });

  it('policy-current-setting-unsafe: no missing_ok, or a cast without NULLIF; not with NULLIF', async () => {
    expect(await ids(policyCurrentSettingUnsafe)).toEqual(['public.organizations.org by setting', 'public.organizations.org by setting ok']);
    const both = await find(policyCurrentSettingUnsafe, 'public.organizations.org by setting');
    expect(both.message).toContain('has no missing_ok');
    expect(both.message).toContain('cast to uuid without NULLIF');
    expect(both.remediation).toBe(`ALTER POLICY "org by setting" ON public.organizations USING (id = nullif(current_setting('app.org_id'::text, true), '')::uuid);`);
  });

  it('policy-current-user: CURRENT_USER compared with a column; not with a role name', async () => {
    expect(await ids(policyCurrentUser)).toEqual(['public.catalogue.maintainers by role name']);
  });

  it('policy-tenant-literal: the tenant column against a constant; not against the setting', async () => {
    expect(await ids(policyTenantLiteral)).toEqual(['public.tasks.demo tasks']);
    expect((await find(policyTenantLiteral, 'public.tasks.demo tasks')).message).toContain("org_id = '00000000-0000-0000-0000-000000000001'");
  });

  it("policy-user-metadata: auth.jwt() -> 'user_metadata'; not app_metadata", async () => {
    expect(await ids(policyUserMetadata)).toEqual(['public.feedback.metadata admins']);
  });

  it('policy-auth-call-per-row: unwrapped calls, one finding per table; not (select auth.uid()), and the remediation wraps the row-free call', async () => {
    expect(await ids(policyAuthCallPerRow)).toEqual(['public.board', 'public.feedback', 'public.organizations', 'public.projects', 'public.tasks']);
    const board = await find(policyAuthCallPerRow, 'public.board');
    expect(board.related).toEqual(['public.board.delete own']);
    expect(board.message).toBe(
      'policy "delete own" on public.board (FOR DELETE TO PUBLIC) evaluates auth.uid() for each row it checks ' +
        '(unless the comparison becomes an index condition): wrapped in (select …), once per statement',
    );
    expect(board.remediation).toBe('ALTER POLICY "delete own" ON public.board USING ((select auth.uid()) = author_id);');
    expect((await find(policyAuthCallPerRow, 'public.tasks')).remediation).toBe(
      `ALTER POLICY "org tasks" ON public.tasks USING (org_id = (select NULLIF(current_setting('app.org_id'::text, true), ''::text))::uuid);`,
    );
    // Two policies on one table: one finding naming both, one ALTER POLICY each.
    const feedback = await find(policyAuthCallPerRow, 'public.feedback');
    expect(feedback.related).toEqual(['public.feedback.signed in reads', 'public.feedback.staff reads']);
    expect(feedback.message).toBe(
      '2 policies on public.feedback evaluate functions of the caller for each row they check (unless the comparison becomes an index condition) — ' +
        '"signed in reads" (FOR SELECT TO authenticated): auth.uid(); "staff reads" (FOR SELECT TO authenticated): auth.role(); wrapped in (select …), once per statement',
    );
    expect(feedback.remediation).toBe(
      'ALTER POLICY "signed in reads" ON public.feedback USING ((select auth.uid()) IS NOT NULL);\n' +
        `ALTER POLICY "staff reads" ON public.feedback USING ((select auth.role()) = 'authenticated'::text);`,
    );
  });

  it('policy-auth-call-per-row and policy-current-setting-unsafe expose their rewrites, which compose', async () => {
    const p = m.policies.find((x) => x.id === 'public.organizations.org by setting')!;
    const analysis = await analyze(m, TENANT);
    const ctx = { model: m, analysis, lookup: buildLookup(m) };
    const safe = policyCurrentSettingUnsafe.rewritePolicy!(ctx, p, 'USING', p.using!)!;
    expect(safe).toBe(`id = nullif(current_setting('app.org_id'::text, true), '')::uuid`);
    expect(policyAuthCallPerRow.rewritePolicy!(ctx, p, 'USING', safe)).toBe(`id = (select nullif(current_setting('app.org_id'::text, true), ''))::uuid`);
    expect(policyAuthCallPerRow.rewritePolicy!(ctx, p, 'USING', 'id = (select auth.uid())')).toBeNull();
  });

  it('policy-volatile-function: a VOLATILE helper and random(); not the STABLE helper', async () => {
    expect(await ids(policyVolatileFunction)).toEqual(['public.catalogue.lucky', 'public.tasks.members see tasks']);
    expect((await find(policyVolatileFunction, 'public.tasks.members see tasks')).remediation).toContain('ALTER FUNCTION public.is_member(project uuid) STABLE;');
  });

  it('policy-column-without-index: columns compared with the caller that no index leads with', async () => {
    // projects.owner_id is second in (org_id, owner_id); accounts.user_id and guarded.owner_id have indexes.
    expect(await ids(policyColumnWithoutIndex)).toEqual([
      'public.board.author_id',
      'public.catalogue.maintainer',
      'public.projects.owner_id',
      'public.tasks.org_id',
    ]);
  });

  it("security-definer-search-path: none pinned, pinned without pg_temp last, or through a schema authenticated may CREATE in; not SET search_path = ''", async () => {
    expect(await ids(securityDefinerSearchPath)).toEqual(['public.claim(code text)', 'public.tool_count()', 'public.touch()']);
    expect((await find(securityDefinerSearchPath, 'public.tool_count()')).remediation).toBe('REVOKE CREATE ON SCHEMA shared_tools FROM authenticated;');
    // `SET search_path = public`: without pg_temp listed, the caller's temporary schema is searched first for relations.
    const touch = await find(securityDefinerSearchPath, 'public.touch()');
    expect(touch.message).toBe(
      "SECURITY DEFINER function public.touch() pins search_path to public, but pg_temp is not listed, so PostgreSQL searches the caller's temporary schema first for tables and views: a temporary table the caller creates shadows any the body names without a schema",
    );
    expect(touch.remediation).toBe('ALTER FUNCTION public.touch() SET search_path = public, pg_temp;');
  });

  it('security-definer-executable: EXECUTE for the API roles in an exposed schema, revoked from PUBLIC only too; not revoked from anon and authenticated, not trigger, not private', async () => {
    expect(await ids(securityDefinerExecutable)).toEqual(['public.claim(code text)', 'public.tool_count()']);
    const claim = await find(securityDefinerExecutable, 'public.claim(code text)');
    // PostgreSQL's default for PUBLIC and Supabase's default privileges for the three API roles.
    expect(claim.message).toContain('has EXECUTE granted to PUBLIC, anon, authenticated and service_role');
    expect(claim.message).toContain('POST /rpc/claim');
    // REVOKE … FROM PUBLIC alone: anon and authenticated keep the grant Supabase's default privileges gave them.
    const tool = await find(securityDefinerExecutable, 'public.tool_count()');
    expect(tool.message).toContain('has EXECUTE granted to anon, authenticated and service_role (revoking it from PUBLIC does not take it from anon and authenticated');
    expect(tool.message).toContain('anon and authenticated can call it over the API');
  });

  it('leakproof-function', async () => {
    expect(await ids(leakproofFunction)).toEqual(['public.same_text(a text, b text)']);
  });

  it('views without security_invoker over RLS tables: error when exposed, warning otherwise; not invoker views, not over plain tables', async () => {
    expect(await ids(exposedViewBypassesRls)).toEqual(['public.v_tasks']);
    expect(await ids(viewBypassesRls)).toEqual(['private.v_projects']);
    expect((await find(exposedViewBypassesRls, 'public.v_tasks')).remediation).toBe('ALTER VIEW public.v_tasks SET (security_invoker = true);');
  });

  it('unprotected-relation-in-api: a matview over an RLS table and a foreign table anon reads; not a matview over a plain table', async () => {
    expect(await ids(unprotectedRelationInApi)).toEqual(['public.mv_tasks', 'public.rates']);
  });

  it('sensitive-columns-exposed: a secret under a true policy for anon; not behind a caller policy, not a column anon lacks, not metadata names', async () => {
    expect(await ids(sensitiveColumnsExposed)).toEqual(['public.profiles']);
    const profiles = await find(sensitiveColumnsExposed, 'public.profiles');
    expect(profiles.message).toContain('can read api_key (a secret) of public.profiles');
    expect(profiles.severity).toBeUndefined(); // a secret: the rule's error
    expect(profiles.remediation).toBe(
      'REVOKE SELECT ON public.profiles FROM anon;\nGRANT SELECT (id, user_id, display_name, password_changed_at, max_tokens) ON public.profiles TO anon;\n' +
        '-- with column grants, SELECT * (PostgREST\'s select=*, the default) fails for anon with "permission denied": its API calls must list the columns',
    );
  });

  it('sensitive-columns-exposed: bearer codes are secrets, personal data alone is a warning', () => {
    for (const name of ['redemption_code', 'verification_code', 'resetCode', 'invite_code', 'api_key']) expect(isSensitiveName(name), name).toBe(true);
    for (const name of ['promo_code', 'country_code', 'code', 'redemption_code_sent_at']) expect(isSensitiveName(name), name).toBe(false);
    for (const name of ['email', 'phone_number', 'address1', 'first_name', 'date_of_birth', 'zip', 'ip_address']) expect(isPersonalName(name), name).toBe(true);
    for (const name of ['email_verified', 'phone_confirmed_at', 'city', 'company', 'name', 'first_seen']) expect(isPersonalName(name), name).toBe(false);
  });

  it('extension-in-public: citext and file_fdw; not pg_trgm in extensions', async () => {
    expect(await ids(extensionInPublic)).toEqual(['citext', 'file_fdw']);
  });

  it('anon-write-grant: anon writes on a table without RLS, TRUNCATE for PUBLIC; not GRANT ALL to anon on an RLS table', async () => {
    // Supabase's default privileges give anon ALL on every table of public: reported where RLS is off (comments, the
    // partition measurements_2024, the foreign table rates), not on the RLS tables.
    expect(await ids(anonWriteGrant)).toEqual(['public.audit_events', 'public.catalogue', 'public.comments', 'public.measurements_2024', 'public.rates']);
    expect((await find(anonWriteGrant, 'public.catalogue')).message).toContain('PUBLIC (every role) has TRUNCATE');
  });

  it('privileged-login-role: a BYPASSRLS login role; not postgres, not NOLOGIN service_role', async () => {
    expect(await ids(privilegedLoginRole)).toEqual(['ops_admin']);
  });
});

describe('the remediations fix what they report', () => {
  /** Rules whose remediation is complete SQL (the others leave a condition to write). */
  const FIXABLE: Rule[] = [
    rlsDisabled, rlsNotForced, policyCheckLooserThanUsing, policyToPublic, policyCurrentSettingUnsafe, policyVolatileFunction,
    policyColumnWithoutIndex, securityDefinerSearchPath, securityDefinerExecutable, leakproofFunction, exposedViewBypassesRls,
    viewBypassesRls, unprotectedRelationInApi, sensitiveColumnsExposed, extensionInPublic, anonWriteGrant, privilegedLoginRole,
  ];
  let before: Map<string, { object: string }[]>;
  let fixed: SchemaModel;

  beforeAll(async () => {
    // The engine's plan: every remediation in output order, repeats left out and the two policy rewrites composed
    // (policy-current-setting-unsafe's NULLIF and policy-auth-call-per-row's (select …) on the same USING).
    const result = lint(m, await analyze(m, TENANT), { ruleSet: [...FIXABLE, policyAuthCallPerRow] });
    before = new Map();
    for (const f of result.findings) before.set(f.rule, [...(before.get(f.rule) ?? []), f]);
    const sql = result.findings.map((f) => f.remediation).filter((r): r is string => r !== null);
    fixed = await modelFromSql(`${FIXTURE}\n${sql.join('\n')}\n`);
  });

  it.each([
    rlsDisabled, rlsNotForced, policyCheckLooserThanUsing, policyToPublic, policyCurrentSettingUnsafe, policyColumnWithoutIndex,
    securityDefinerSearchPath, securityDefinerExecutable, leakproofFunction, exposedViewBypassesRls, viewBypassesRls,
    unprotectedRelationInApi, sensitiveColumnsExposed, extensionInPublic, anonWriteGrant, privilegedLoginRole,
  ])('$meta.id: none of its findings remain', async (rule) => {
    const after = new Set(await objects(rule, fixed, TENANT));
    expect(before.get(rule.meta.id)!.length).toBeGreaterThan(0);
    expect(before.get(rule.meta.id)!.map((f) => f.object).filter((o) => after.has(o))).toEqual([]);
  });

  it('policy-volatile-function: the helper is STABLE now; random() stays (no remediation)', async () => {
    expect(await objects(policyVolatileFunction, fixed, TENANT)).toEqual(['public.catalogue.lucky']);
  });

  it('policy-auth-call-per-row: none remain either, the rewrites of one policy composed by the planner', async () => {
    expect(before.get(policyAuthCallPerRow.meta.id)!.map((f) => f.object)).toEqual(['public.board', 'public.feedback', 'public.organizations', 'public.projects', 'public.tasks']);
    // Left: public.projects, whose new WITH CHECK (policy-check-looser-than-using's fix) copies the USING's
    // NULLIF(current_setting(…)) as it is, unwrapped — the USING itself is fixed.
    expect(await objects(policyAuthCallPerRow, fixed, TENANT)).toEqual(['public.projects']);
    expect((await check(policyAuthCallPerRow, fixed, TENANT))[0]!.message).toContain('policy "owners move projects" on public.projects (FOR UPDATE TO authenticated) evaluates current_setting()');
    expect(fixed.policies.find((p) => p.id === 'public.projects.owners move projects')!.using).toMatch(/^org_id = \(\(\( SELECT NULLIF/);
    expect(await objects(policyCurrentSettingUnsafe, fixed, TENANT)).toEqual([]);
    const org = fixed.policies.find((p) => p.id === 'public.organizations.org by setting')!;
    expect(org.using).toBe(`id = ((( SELECT NULLIF(current_setting('app.org_id'::text, true), ''::text) AS "nullif"))::uuid)`);
  });
});

describe('security rules on inline models', () => {
  it('truth(): constants from the parse tree', async () => {
    await loadExpressionParser();
    const t = (e: string) => truth(parseExpression(e)!);
    expect([t('true'), t('1 = 1'), t("'a' = 'a'"), t('x OR true'), t('NOT false'), t("'t'::boolean"), t('(SELECT true)')]).toEqual([
      true, true, true, true, true, true, true,
    ]);
    expect([t('false'), t('1 = 2'), t('x AND false')]).toEqual([false, false, false]);
    expect([t('x'), t('true AND x'), t('x = x'), t('auth.uid() IS NOT NULL')]).toEqual([null, null, null, null]);
  });

  it('isSensitiveName(): secret words and pairs, not metadata about them nor plurals', () => {
    for (const n of ['password', 'password_hash', 'hashed_password', 'apiKey', 'api_key', 'api_key_encrypted', 'reset_token', 'stripeSecret', 'credit_card_number', 'card_code', 'iban', 'otp_code', 'ssn'])
      expect(isSensitiveName(n), n).toBe(true);
    for (const n of ['password_changed_at', 'token_expires_at', 'token_type', 'token_symbol', 'max_tokens', 'secret_name', 'api_key_id', 'card_number_last4', 'ssn_last4', 'key_prefix', 'keyboard'])
      expect(isSensitiveName(n), n).toBe(false);
  });

  it('rls-disabled: tenant tables are not reported when the schema uses RLS nowhere (isolation is by design the application\'s)', async () => {
    const tables = [
      table('public.orgs', ['id uuid pk']),
      table('public.a', ['id uuid pk', 'org_id uuid']),
      table('public.b', ['id uuid pk', 'org_id uuid']),
    ];
    const options: AnalysisOptions = { tenant: { root: 'public.orgs', column: 'org_id' } };
    /** rls-disabled with tenancy/tenant-table-not-isolated off (while it runs, tenant tables are its findings). */
    const alone = async (x: SchemaModel) =>
      rlsDisabled.check({ model: x, analysis: await analyze(x, options), lookup: buildLookup(x), enabled: new Set([rlsDisabled.meta.id]) }).map((f) => f.object);
    expect(await alone(model({ tables }))).toEqual([]);
    tables[1] = table('public.a', ['id uuid pk', 'org_id uuid'], { rls: { enabled: true, forced: true } });
    expect(await alone(model({ tables }))).toEqual(['public.b']);
    expect(await objects(rlsDisabled, model({ tables }), options)).toEqual([]);
    expect(await objects(tenantTableNotIsolated, model({ tables }), options)).toEqual(['public.b']);
  });

  it('rls-disabled: the partitions of an exposed table without RLS are counted in its finding, not reported each', async () => {
    const parent = table('public.metrics', ['id int', 'at date'], { kind: 'partitioned' });
    const part = table('public.metrics_2024', ['id int', 'at date'], { partitionOf: 'public.metrics', partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" });
    const m2 = { ...model({ tables: [parent, part] }), settings: { pgrstDbSchemas: ['public'] } };
    const found = await check(rlsDisabled, m2);
    expect(found.map((f) => f.object)).toEqual(['public.metrics']);
    expect(found[0]!.message).toMatch(/^RLS is disabled on public\.metrics and its 1 partition:/);
  });

  it('security-definer-executable without PostgREST: PUBLIC may execute in a schema PUBLIC may use', async () => {
    const base = {
      tables: [table('public.t', ['id int pk'])],
      functions: [fn('public.wipe()', { securityDefiner: true, returns: 'void', config: ['search_path=public'] })],
    };
    const usage = { id: 'public:public:usage', objectKind: 'schema' as const, object: 'public', grantee: 'public', privilege: 'usage', grantable: false };
    expect(await objects(securityDefinerExecutable, model({ ...base, grants: [usage] }))).toEqual(['public.wipe()']);
    const granted = { id: 'public.wipe():app:execute', objectKind: 'function' as const, object: 'public.wipe()', grantee: 'app', privilege: 'execute', grantable: false };
    expect(await objects(securityDefinerExecutable, model({ ...base, grants: [usage, granted] }))).toEqual([]);
    expect(await objects(securityDefinerExecutable, model(base))).toEqual([]); // no USAGE for PUBLIC on the schema
  });

  it('sensitive-columns-exposed without an anon role: a SELECT for PUBLIC on a table without RLS', async () => {
    const grants = [
      { id: 'public:public:usage', objectKind: 'schema' as const, object: 'public', grantee: 'public', privilege: 'usage', grantable: false },
      { id: 'public.users:public:select', objectKind: 'table' as const, object: 'public.users', grantee: 'public', privilege: 'select', grantable: false },
    ];
    const users = table('public.users', ['id uuid pk', 'email text', 'passwd text']);
    const found = await check(sensitiveColumnsExposed, model({ tables: [users], grants }));
    expect(found.map((f) => f.message)).toEqual([
      'PUBLIC (every role) can read passwd (a secret) and email (personal data) of public.users: RLS is off, so every row is visible',
    ]);
    expect(found[0]!.severity).toBeUndefined();
    expect(found[0]!.remediation).toBe(
      'REVOKE SELECT ON public.users FROM PUBLIC;\nGRANT SELECT (id) ON public.users TO PUBLIC;\n' +
        '-- with column grants, SELECT * (PostgREST\'s select=*, the default) fails for PUBLIC with "permission denied": its API calls must list the columns',
    );
    // Personal data without a secret: a warning.
    const people = table('public.users', ['id uuid pk', 'email text', 'first_name text']);
    const pii = await check(sensitiveColumnsExposed, model({ tables: [people], grants }));
    expect(pii.map((f) => [f.severity, f.message])).toEqual([
      ['warning', 'PUBLIC (every role) can read email and first_name (personal data) of public.users: RLS is off, so every row is visible'],
    ]);
  });

  it('policy-without-expression: a restrictive policy without USING restricts nothing', async () => {
    const t = table('public.t', ['id int pk'], { rls: { enabled: true, forced: false } });
    const m2 = model({ tables: [t], policies: [policy('public.t', 'floor', null, { permissive: false, command: 'select' })] });
    expect((await check(policyWithoutExpression, m2)).map((f) => f.message)).toEqual([
      'restrictive policy "floor" on public.t (FOR SELECT TO PUBLIC) has no USING: it restricts nothing for SELECT',
    ]);
  });

  it('privileged-login-role: a superuser that logs in, not the bootstrap postgres', async () => {
    const role = (name: string, extra = {}) => ({ id: name, name, superuser: true, bypassRls: true, login: true, inherit: true, memberOf: [], ...extra });
    expect(await objects(privilegedLoginRole, model({ roles: [role('postgres'), role('migrator'), role('batch', { login: false })] }))).toEqual(['migrator']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples: every security finding, reviewed (see the comments for why each is right).

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'];
const examples = new Map<string, { model: SchemaModel; findings: [string, string][]; messages: Map<string, string>; severities: Map<string, string> }>();
const example = (name: string) => examples.get(name)!.model;
const findingsOf = (name: string) => examples.get(name)!.findings;

const only = (findings: [string, string][], rule: string) => findings.filter(([r]) => r === `security/${rule}`).map(([, o]) => o);
/** The findings of the other rules, by rule and object (the output's order is by severity first, which varies per finding). */
const byPair = (a: string[], b: string[]) => (a.join(' ') < b.join(' ') ? -1 : 1);
const except = (findings: [string, string][], ...rules: string[]) => findings.filter(([r]) => !rules.includes(r.slice('security/'.length))).sort(byPair);
const sorted = (pairs: string[][]) => [...pairs].sort(byPair);

/**
 * The tables whose OR-ed policies are all row rules (own rows, org rows, a subquery on workflows): the others of
 * before (audit_logs, cohorts, feature_flags, offers, organizations, roles, subscriptions, workflow_executions) OR an
 * is_admin() override with one rule, which is not counted.
 */
const MULTIPLE_PRIVACY = [
  'app_allowlist', 'events', 'mfa_enforced_sessions', 'organization_members', 'patterns', 'relationships', 'sessions', 'signal_toggles',
  'user_integrations', 'users', 'utm_tracks', 'workflow_runs', 'workflow_versions', 'workflows',
].map((t) => `public.${t}`);

describe('security rules on the examples', () => {
  beforeAll(async () => {
    for (const name of EXAMPLES) {
      const loaded = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      const result = lint(loaded, await analyze(loaded), { ruleSet: SECURITY_RULES });
      examples.set(name, {
        model: loaded,
        findings: result.findings.map((f) => [f.rule, f.object]),
        messages: new Map(result.findings.map((f) => [`${f.rule} ${f.object}`, f.message])),
        severities: new Map(result.findings.map((f) => [`${f.rule} ${f.object}`, f.severity])),
      });
    }
  });

  it('creator-loyalty: the three tenant tables without RLS, current_setting(…, true)::uuid without NULLIF, unindexed client_id', async () => {
    const f = findingsOf('creator-loyalty');
    const tenantTables = [
      'commission_boost_redemptions', 'commission_boost_state_history', 'mission_progress', 'missions', 'physical_gift_redemptions',
      'raffle_participations', 'redemptions', 'rewards', 'sales_adjustments', 'sync_logs', 'tier_checkpoints', 'tiers', 'users', 'videos',
    ];
    const policies = tenantTables.map((t) => `public.${t}.${t}_tenant_isolation`);
    expect(except(f, 'policy-current-setting-unsafe', 'policy-auth-call-per-row', 'policy-column-without-index')).toEqual([
      // users carry client_id and RLS; these reach the tenant through users and have none (nor does the root, clients).
      ['security/rls-disabled', 'public.handle_changes'],
      ['security/rls-disabled', 'public.otp_codes'],
      ['security/rls-disabled', 'public.password_reset_tokens'],
    ]);
    // `client_id = current_setting('app.current_client_id', true)::uuid`: '' after a RESET raises.
    expect(only(f, 'policy-current-setting-unsafe')).toEqual(policies);
    // One finding per table (one policy each).
    expect(only(f, 'policy-auth-call-per-row')).toEqual(tenantTables.map((t) => `public.${t}`));
    // The tables among them with no index leading with client_id.
    expect(only(f, 'policy-column-without-index')).toEqual(
      ['commission_boost_state_history', 'physical_gift_redemptions', 'raffle_participations', 'sales_adjustments', 'sync_logs', 'tier_checkpoints', 'videos'].map(
        (t) => `public.${t}.client_id`,
      ),
    );
  });

  it('giftcard-campaigns: anon reads every approved recipient\'s token; SECURITY DEFINER functions callable over /rpc', async () => {
    const f = findingsOf('giftcard-campaigns');
    // Every SECURITY DEFINER function (the trigger functions too) has `SET search_path = public`: no pg_temp, so the
    // caller's temporary schema is searched first for relations.
    const definers = example('giftcard-campaigns').functions.filter((x) => x.securityDefiner).map((x) => x.id);
    expect(definers).toHaveLength(12);
    expect(except(f, 'multiple-permissive-policies', 'policy-auth-call-per-row')).toEqual(sorted([
      ...definers.map((id) => ['security/security-definer-search-path', id]),
      // "Public can look up recipients by redemption code" does not depend on the caller: every approved/redeemed
      // recipient of every tenant, token included, to anyone with the anon key.
      ['security/sensitive-columns-exposed', 'public.recipients'],
      // EXECUTE for PUBLIC and, by Supabase's default privileges, anon and authenticated (claim_card_atomic,
      // get_recipient_gift_card_for_condition, update_delivery_status, and the policy helpers has_role,
      // user_can_access_client); grant_role/revoke_role revoked from PUBLIC only, so anon keeps its default grant.
      ['security/security-definer-executable', 'public.claim_card_atomic(p_recipient_id uuid, p_campaign_id uuid, p_condition_id uuid)'],
      ['security/security-definer-executable', 'public.get_recipient_gift_card_for_condition(p_recipient_id uuid, p_condition_id uuid)'],
      ['security/security-definer-executable', 'public.grant_role(_user_id uuid, _role text)'],
      ['security/security-definer-executable', 'public.has_role(_user_id uuid, _role text)'],
      ['security/security-definer-executable', 'public.revoke_role(_user_id uuid, _role text)'],
      ['security/security-definer-executable', 'public.update_delivery_status(p_delivery_id uuid, p_status text, p_error_message text, p_message_sid text)'],
      ['security/security-definer-executable', 'public.user_can_access_client(_user_id uuid, _client_id uuid)'],
      // `user_id = auth.uid()`, and user_can_access_client looks memberships up by user_id: the unique key starts with org_id.
      ['security/policy-column-without-index', 'public.organization_members.user_id'],
      // Trigger functions marked SECURITY DEFINER whose EXECUTE is still open (needed for handle_new_user on auth.users).
      ['security/trigger-function-security-definer', 'public.handle_new_user()'],
      ['security/trigger-function-security-definer', 'public.log_gift_card_changes()'],
      ['security/trigger-function-security-definer', 'public.log_recipient_changes()'],
      ['security/trigger-function-security-definer', 'public.record_gift_card_balance_change()'],
      ['security/trigger-function-security-definer', 'public.sync_gift_card_pool_counts()'],
    ]));
    // grant_role skips its admin check when auth.uid() IS NULL: anon calling it is the escalation.
    const grantRole = examples.get('giftcard-campaigns')!.messages.get('security/security-definer-executable public.grant_role(_user_id uuid, _role text)')!;
    expect(grantRole).toContain('has EXECUTE granted to anon, authenticated and service_role (revoking it from PUBLIC does not take it from anon and authenticated');
    expect(grantRole).toContain(': anon and authenticated can call it over the API (POST /rpc/grant_role');
    // Every table ORs the admin override (has_role(auth.uid(), 'admin'), a check of the caller) with one member (or
    // public) policy for authenticated: nothing to report.
    expect(only(f, 'multiple-permissive-policies')).toEqual([]);
    // Every policy calls auth.uid() unwrapped, except the anon routes and the two `USING (true)` catalogues.
    const noCall = new Set([
      'public.ace_form_fields.Public can view fields of active ace forms',
      'public.ace_form_submissions.Public can submit active ace forms',
      'public.ace_forms.Public can view active ace forms',
      'public.gift_card_brands.Anyone can view active gift card brands',
      'public.landing_pages.Public can view published landing pages',
      'public.permissions.Authenticated users can view permissions',
      'public.recipients.Public can look up recipients by redemption code',
      'public.roles.Authenticated users can view roles',
    ]);
    const perRow = example('giftcard-campaigns').policies.filter((p) => !noCall.has(p.id));
    expect(only(f, 'policy-auth-call-per-row')).toEqual([...new Set(perRow.map((p) => p.table))].sort());
    // Per-finding severity: an error for the definer functions that write, a warning for those that only read.
    const severities = examples.get('giftcard-campaigns')!.severities;
    expect(definers.filter((id) => severities.get(`security/security-definer-executable ${id}`) === 'error').sort()).toEqual([
      'public.claim_card_atomic(p_recipient_id uuid, p_campaign_id uuid, p_condition_id uuid)',
      'public.grant_role(_user_id uuid, _role text)',
      'public.revoke_role(_user_id uuid, _role text)',
      'public.update_delivery_status(p_delivery_id uuid, p_status text, p_error_message text, p_message_sid text)',
    ]);
    expect(severities.get('security/security-definer-executable public.has_role(_user_id uuid, _role text)')).toBe('warning');
    // The recipients' bearer code and personal data, beside the token.
    expect(examples.get('giftcard-campaigns')!.messages.get('security/sensitive-columns-exposed public.recipients')).toMatch(
      /^anon \(anyone with the public API key\) can read token and redemption_code \(secrets\) and first_name, last_name, address1, address2, zip, phone and email \(personal data\) of public\.recipients: /,
    );
  });

  it('influencer-marketplace and tentabo-prm: nothing (no RLS anywhere by design, no SECURITY DEFINER, views over plain tables)', async () => {
    expect(findingsOf('influencer-marketplace')).toEqual([]);
    expect(findingsOf('tentabo-prm')).toEqual([]);
  });

  it('privacy-telemetry: thirteen SECURITY DEFINER functions anon can call, none with pg_temp last; per-row auth calls; unindexed "userId"', async () => {
    const f = findingsOf('privacy-telemetry');
    const definers = example('privacy-telemetry').functions.filter((x) => x.securityDefiner).map((x) => x.id);
    // All thirteen have `SET search_path = public` (or `public, pg_catalog`): no pg_temp at the end.
    expect(except(f, 'multiple-permissive-policies', 'policy-auth-call-per-row', 'policy-column-without-index')).toEqual(sorted([
      ...definers.map((id) => ['security/security-definer-search-path', id]),
      ...definers.map((id) => ['security/security-definer-executable', id]),
    ]));
    expect(only(f, 'policy-column-without-index')).toEqual(
      ['audit_logs', 'mfa_enforced_sessions', 'subscriptions', 'user_integrations', 'utm_tracks'].map((t) => `public.${t}.userId`),
    );
    // Every policy but the catalogue reads (`true`, `enabled = true`) and those calling only is_admin()/is_org_*().
    const noCall = new Set([
      'public.audit_logs.Admins can view all audit logs',
      'public.feature_flags.Admins can manage',
      'public.feature_flags.Anyone can view',
      'public.offers.Admins can manage',
      'public.offers.Anyone can view enabled offers',
      'public.organization_members.Admins can manage',
      'public.organization_members.Members can view',
      'public.organizations.Admins can update',
      'public.organizations.Members can view',
      'public.roles.Admins can manage',
      'public.roles.Anyone can view',
    ]);
    const perRow = example('privacy-telemetry').policies.filter((p) => !noCall.has(p.id));
    expect(only(f, 'policy-auth-call-per-row')).toEqual([...new Set(perRow.map((p) => p.table))].sort());
    expect(only(f, 'multiple-permissive-policies')).toEqual(MULTIPLE_PRIVACY);
  });
});
