/**
 * Side by side with Supabase's splinter (its lints are catalog queries; none of its SQL is used here): for each
 * splinter lint schemaproof covers (docs/lint.md lists them all, with the rule and why the others are not covered),
 * one small case in a Supabase-style schema applied in PGlite that splinter's lint flags — written from what the lint
 * documents — and the assertion that our rule flags the same object. Where the rules differ on purpose (splinter's
 * 0011 flags every function, ours only SECURITY DEFINER ones; its 0006 counts an admin override, ours does not), the
 * case is one both flag and the difference is tested too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { lint } from '../../src/lint/engine.js';
import type { Finding } from '../../src/lint/types.js';
import { modelFromSql } from '../helpers/render.js';

const SQL = `
CREATE TABLE public.s_parent (id bigint PRIMARY KEY);
CREATE TABLE public.s_child (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.s_parent (id));   -- 0001
CREATE TABLE public.s_notes (id bigint PRIMARY KEY, owner uuid, body text);
ALTER TABLE public.s_notes ENABLE ROW LEVEL SECURITY;
CREATE INDEX s_notes_owner ON public.s_notes (owner);
CREATE POLICY "own notes" ON public.s_notes FOR SELECT TO authenticated USING (auth.uid() = owner);      -- 0003
CREATE POLICY "ownerless notes" ON public.s_notes FOR SELECT TO authenticated USING (owner IS NULL);      -- 0006
CREATE POLICY "metadata admins" ON public.s_notes FOR DELETE TO authenticated
  USING (((SELECT auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin');                                  -- 0015
CREATE POLICY "anyone edits" ON public.s_notes FOR UPDATE TO authenticated USING (true);                   -- 0024
CREATE TABLE public.s_log (at timestamptz, line text);                                                     -- 0004
CREATE TABLE public.s_drafts (id bigint PRIMARY KEY, owner uuid);
CREATE POLICY "own drafts" ON public.s_drafts USING (owner = (SELECT auth.uid()));                         -- 0007
CREATE TABLE public.s_locked (id bigint PRIMARY KEY);
ALTER TABLE public.s_locked ENABLE ROW LEVEL SECURITY;                                                     -- 0008
CREATE TABLE public.s_dup (id bigint PRIMARY KEY, code text);
CREATE INDEX s_dup_a ON public.s_dup (code);
CREATE INDEX s_dup_b ON public.s_dup (code);                                                               -- 0009
CREATE VIEW public.s_notes_view AS SELECT id, body FROM public.s_notes;                                   -- 0010
CREATE FUNCTION public.s_definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1::bigint $$; -- 0011, 0028, 0029
CREATE FUNCTION public.s_plain() RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;                   -- 0011 only
CREATE TABLE public.s_open (id bigint PRIMARY KEY, body text);                                             -- 0013
CREATE EXTENSION citext WITH SCHEMA public;                                                                -- 0014
CREATE MATERIALIZED VIEW public.s_mv AS SELECT id FROM public.s_notes;                                     -- 0016
CREATE EXTENSION file_fdw;
CREATE SERVER s_files FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE public.s_rates (code text) SERVER s_files OPTIONS (filename '/dev/null', format 'csv'); -- 0017
GRANT SELECT ON public.s_rates TO anon;
CREATE TABLE public.s_reg (id bigint PRIMARY KEY, handler regproc);                                       -- 0018
CREATE TABLE public.s_accounts (id bigint PRIMARY KEY, api_key text);                                     -- 0023
CREATE TABLE public.s_broken (id bigint PRIMARY KEY, code text);
CREATE INDEX s_broken_code ON public.s_broken (code);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'public.s_broken_code'::regclass;                -- 0030 invalid_index
CREATE TABLE public.s_posts (id bigint PRIMARY KEY, author uuid);
ALTER TABLE public.s_posts ENABLE ROW LEVEL SECURITY;
CREATE INDEX s_posts_author ON public.s_posts (author);
CREATE POLICY "own or anyone" ON public.s_posts FOR SELECT USING ((SELECT auth.uid()) IS NULL OR author = (SELECT auth.uid())); -- 0030 null_auth_disjunct
`;

/** splinter lint → our rule → the object both flag. */
const CASES: [string, string, string][] = [
  ['0001_unindexed_foreign_keys', 'structure/fk-without-index', 'public.s_child.s_child_parent_id_fkey'],
  ['0003_auth_rls_initplan', 'security/policy-auth-call-per-row', 'public.s_notes'],
  ['0004_no_primary_key', 'structure/table-without-primary-key', 'public.s_log'],
  ['0006_multiple_permissive_policies', 'security/multiple-permissive-policies', 'public.s_notes'],
  ['0007_policy_exists_rls_disabled', 'security/policies-without-rls', 'public.s_drafts'],
  ['0008_rls_enabled_no_policy', 'security/rls-enabled-no-policy', 'public.s_locked'],
  ['0009_duplicate_index', 'structure/duplicate-index', 'public.s_dup_b'],
  ['0010_security_definer_view', 'security/exposed-view-bypasses-rls', 'public.s_notes_view'],
  ['0011_function_search_path_mutable', 'security/security-definer-search-path', 'public.s_definer()'],
  ['0013_rls_disabled_in_public', 'security/rls-disabled', 'public.s_open'],
  ['0014_extension_in_public', 'security/extension-in-public', 'citext'],
  ['0015_rls_references_user_metadata', 'security/policy-user-metadata', 'public.s_notes.metadata admins'],
  ['0016_materialized_view_in_api', 'security/unprotected-relation-in-api', 'public.s_mv'],
  ['0017_foreign_table_in_api', 'security/unprotected-relation-in-api', 'public.s_rates'],
  ['0018_unsupported_reg_types', 'types/reg-type-blocks-upgrade', 'public.s_reg.handler'],
  ['0023_sensitive_columns_exposed', 'security/sensitive-columns-exposed', 'public.s_accounts'],
  ['0024_rls_policy_always_true', 'security/policy-always-true-write', 'public.s_notes.anyone edits'],
  ['0028_anon_security_definer_function_executable', 'security/security-definer-executable', 'public.s_definer()'],
  ['0029_authenticated_security_definer_function_executable', 'security/security-definer-executable', 'public.s_definer()'],
  ['0030_invalid_index', 'structure/invalid-index', 'public.s_broken_code'],
  ['0030_rls_policy_null_auth_disjunct', 'security/policy-null-auth-disjunct', 'public.s_posts.own or anyone'],
];

let findings: Finding[];
beforeAll(async () => {
  const m = await modelFromSql(SQL);
  findings = lint(m, await analyze(m)).findings;
}, 60_000);

const flagged = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.object);

describe('splinter lints, side by side', () => {
  it.each(CASES)('%s: %s flags %s', (_lint, rule, object) => {
    expect(flagged(rule)).toContain(object);
  });

  it('where the rules differ on purpose', () => {
    // 0011 flags every function without a search_path; ours only SECURITY DEFINER ones, whose callers run as the owner.
    expect(flagged('security/security-definer-search-path')).not.toContain('public.s_plain()');
    // 0030: anon is in PUBLIC, so the policy shows every post to signed-out visitors: an error.
    expect(findings.find((f) => f.rule === 'security/policy-null-auth-disjunct')!.severity).toBe('error');
    // 0024 leaves SELECT USING (true) alone, as ours does outside tenant tables.
    expect(flagged('security/policy-always-true-write')).toEqual(['public.s_notes.anyone edits']);
  });

  it('policy-null-auth-disjunct: the message and the fix, which ANDs the identity check on', () => {
    const f = findings.find((x) => x.rule === 'security/policy-null-auth-disjunct')!;
    const using = '(( SELECT auth.uid() AS uid)) IS NULL OR author = (( SELECT auth.uid() AS uid))'; // as Postgres prints it
    expect(f.message).toBe(
      `policy "own or anyone" on public.s_posts (FOR SELECT TO PUBLIC) is true whenever auth.uid() is NULL (USING ${using}): ` +
        'every session without a user — anon included — sees every row',
    );
    expect(f.remediation).toBe(`ALTER POLICY "own or anyone" ON public.s_posts USING ((${using}) AND (select auth.uid()) IS NOT NULL);`);
  });
});
