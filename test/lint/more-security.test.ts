/**
 * The added security rules: SECURITY DEFINER functions owned by a superuser, SECURITY DEFINER trigger functions. One
 * SQL fixture applied once — which also shows that a trigger keeps firing after EXECUTE on its function is revoked
 * (the remediation of trigger-function-security-definer) — then the five examples.
 *
 * security/policy-unknown-role was not written: pg_policy.polroles holds role OIDs, so CREATE POLICY … TO a role that
 * does not exist fails, DROP ROLE fails while a policy names the role, and the introspector keeps every policy role
 * in model.roles. The model cannot contain such a policy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { securityDefinerOwnedBySuperuser } from '../../src/lint/rules/security/security-definer-owned-by-superuser.js';
import { triggerFunctionSecurityDefiner } from '../../src/lint/rules/security/trigger-function-security-definer.js';
import type { Rule } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { model } from '../helpers/model.js';
import { fn, modelFromSql } from '../helpers/render.js';

const SQL = `
CREATE ROLE admin SUPERUSER NOLOGIN;
CREATE ROLE app_owner NOLOGIN;
CREATE ROLE writer NOLOGIN;
CREATE TABLE logs (msg text);
CREATE TABLE things (id int);
GRANT INSERT ON things TO writer;

CREATE FUNCTION as_admin() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT 1 $$;
ALTER FUNCTION as_admin() OWNER TO admin;
CREATE FUNCTION as_app() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT 1 $$;
ALTER FUNCTION as_app() OWNER TO app_owner;
CREATE FUNCTION as_bootstrap() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT 1 $$;
CREATE FUNCTION invoker_admin() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
ALTER FUNCTION invoker_admin() OWNER TO admin;

CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN INSERT INTO logs VALUES ('row'); RETURN NEW; END $$;
CREATE TRIGGER things_log AFTER INSERT ON things FOR EACH ROW EXECUTE FUNCTION log_it();
CREATE FUNCTION log_revoked() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN INSERT INTO logs VALUES ('revoked'); RETURN NEW; END $$;
CREATE TRIGGER things_log_revoked AFTER INSERT ON things FOR EACH ROW EXECUTE FUNCTION log_revoked();
REVOKE EXECUTE ON FUNCTION log_revoked() FROM PUBLIC;
CREATE FUNCTION log_granted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN RETURN NEW; END $$;
REVOKE EXECUTE ON FUNCTION log_granted() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_granted() TO writer;
CREATE FUNCTION plain_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER things_plain BEFORE INSERT ON things FOR EACH ROW EXECUTE FUNCTION plain_trigger();

-- writer may neither EXECUTE log_revoked() nor INSERT INTO logs: the trigger fires anyway, as its owner.
SET ROLE writer;
INSERT INTO things VALUES (1);
RESET ROLE;
CREATE TABLE fired AS SELECT msg FROM logs ORDER BY msg;
`;

let m: SchemaModel;
beforeAll(async () => {
  m = await modelFromSql(SQL);
});

describe('security/security-definer-owned-by-superuser', () => {
  it('reports SECURITY DEFINER functions a migration gave to a superuser; not the bootstrap owner, not invokers', async () => {
    const found = await check(securityDefinerOwnedBySuperuser, m);
    expect(found.map((f) => [f.object, f.message])).toEqual([
      ['public.as_admin()', 'SECURITY DEFINER function public.as_admin() is owned by admin, a superuser: it runs with every privilege and bypasses RLS'],
    ]);
    expect(found[0]!.remediation).toBe(
      'CREATE ROLE as_admin_owner NOLOGIN;\n-- GRANT as_admin_owner the privileges as_admin needs on the objects it uses, then:\nALTER FUNCTION public.as_admin() OWNER TO as_admin_owner;',
    );
  });

  it('inline: on a live database, postgres as owner counts too', async () => {
    const superuser = { id: 'postgres', name: 'postgres', superuser: true, bypassRls: true, login: true, inherit: true, memberOf: [] };
    const functions = [fn('public.f()', { securityDefiner: true, returns: 'void' })];
    const live = model({ functions, roles: [superuser] });
    live.engine = { kind: 'postgres', serverVersion: '17.2', serverVersionNum: 170002 };
    expect(await objects(securityDefinerOwnedBySuperuser, live)).toEqual(['public.f()']);
    const notSuper = model({ functions, roles: [{ ...superuser, superuser: false }] });
    notSuper.engine = live.engine;
    expect(await objects(securityDefinerOwnedBySuperuser, notSuper)).toEqual([]);
  });
});

describe('security/trigger-function-security-definer', () => {
  it('a trigger fires although the writer may not EXECUTE its function (so revoking EXECUTE is safe)', () => {
    expect(m.tables.some((t) => t.id === 'public.fired')).toBe(true);
    expect(m.triggers.map((t) => t.name)).toContain('things_log_revoked');
  });

  it('reports SECURITY DEFINER trigger functions, with who may attach them; plain trigger functions pass', async () => {
    const found = await check(triggerFunctionSecurityDefiner, m);
    const ambiguous =
      "; no EXECUTE grant is recorded — PostgreSQL's default EXECUTE for PUBLIC, so any role may attach it to tables of its own " +
      '(unless EXECUTE was revoked from everyone but the owner, which the model cannot tell apart)';
    // log_revoked() had EXECUTE revoked from PUBLIC, which the model cannot tell from the default: the message hedges,
    // and the REVOKE is a no-op there.
    expect(found).toEqual([
      {
        object: 'public.log_granted()',
        message:
          'trigger function public.log_granted() is SECURITY DEFINER: it runs as postgres (no trigger uses it); writer may EXECUTE it, so can attach it to tables of their own',
        remediation: 'REVOKE EXECUTE ON FUNCTION public.log_granted() FROM writer;',
      },
      {
        object: 'public.log_it()',
        message: `trigger function public.log_it() is SECURITY DEFINER: it fires on public.things and runs as postgres for every writer${ambiguous}`,
        remediation: 'REVOKE EXECUTE ON FUNCTION public.log_it() FROM PUBLIC;',
      },
      {
        object: 'public.log_revoked()',
        message: `trigger function public.log_revoked() is SECURITY DEFINER: it fires on public.things and runs as postgres for every writer${ambiguous}`,
        remediation: 'REVOKE EXECUTE ON FUNCTION public.log_revoked() FROM PUBLIC;',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples, each finding reviewed.

const RULES: Rule[] = [securityDefinerOwnedBySuperuser, triggerFunctionSecurityDefiner];

const EXPECTED: Record<string, string[]> = {
  'creator-loyalty': [],
  // The five SECURITY DEFINER trigger functions. True: handle_new_user (on auth.users, Supabase's documented pattern)
  // and the audit / counter triggers need their owner's rights, but EXECUTE is left to PUBLIC (and the Supabase API
  // roles), so any role owning a table could attach them. Their owner is postgres, the role the migrations ran as:
  // no security-definer-owned-by-superuser.
  'giftcard-campaigns': [
    'security/trigger-function-security-definer public.handle_new_user()',
    'security/trigger-function-security-definer public.log_gift_card_changes()',
    'security/trigger-function-security-definer public.log_recipient_changes()',
    'security/trigger-function-security-definer public.record_gift_card_balance_change()',
    'security/trigger-function-security-definer public.sync_gift_card_pool_counts()',
  ],
  'influencer-marketplace': [],
  'privacy-telemetry': [],
  'tentabo-prm': [],
};

describe('the added security rules on the example schemas', () => {
  const found = new Map<string, string[]>();
  beforeAll(async () => {
    for (const name of Object.keys(EXPECTED)) {
      const x = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      const ctx = { model: x, analysis: await analyze(x), lookup: buildLookup(x) };
      found.set(name, RULES.flatMap((r) => r.check(ctx).map((f) => `${r.meta.id} ${f.object}`)));
    }
  });
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`gives exactly the reviewed findings on ${name}`, () => {
      expect([...found.get(name)!].sort()).toEqual(expected);
    });
  }
});
