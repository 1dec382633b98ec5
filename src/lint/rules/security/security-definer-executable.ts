/**
 * A SECURITY DEFINER function the API roles can call: EXECUTE for anon or authenticated (directly or through PUBLIC)
 * with USAGE on its schema, in a schema PostgREST exposes — it is then `POST /rpc/<name>` for them. Without PostgREST
 * (no exposed schemas), one PUBLIC may EXECUTE in a schema PUBLIC may use: every role that can connect runs it with
 * the owner's rights.
 *
 * On Supabase, the default privileges of schema public (the platform shim sets them as Supabase does) grant EXECUTE on
 * every new function there to anon, authenticated and service_role besides PUBLIC: `REVOKE … FROM PUBLIC` alone leaves
 * anon able to call it, and the model shows those grants; revoking from anon (and PUBLIC) is what stops anon.
 *
 * EXECUTE as the model records it: a function nobody ran GRANT or REVOKE on keeps PostgreSQL's default EXECUTE for
 * PUBLIC, and the model has no grant for it. Caveat: the model leaves out the owner's own ACL entry, so a function
 * whose EXECUTE was revoked from PUBLIC and granted to nobody else looks the same as the default; revoking and granting
 * EXECUTE to the role that should call it (as the remediation does) makes the difference visible. Trigger and event
 * trigger functions are left out: they cannot be called directly.
 *
 * Severity per finding: an error when the function writes (its body, or a user function it calls, changes data, the
 * schema or privileges, or runs dynamic SQL: src/analyze/function-body.ts) — callers act with the owner's rights; a
 * warning when it only reads (callers read what the owner can, a leak to judge by what it returns).
 */
import type { Func, SchemaModel } from '../../../model/types.js';
import { calledNames, functionWrites } from '../../../analyze/function-body.js';
import type { Rule } from '../../types.js';
import { callName, canUseSchema, effectiveRoles, exposedSchemas, functionExecutors, functionSql, isSupabase, listText, policyNodes, quoteIdent, roleExists, some } from './shared.js';

const API_ROLES = ['anon', 'authenticated'];

export const securityDefinerExecutable: Rule = {
  meta: {
    id: 'security/security-definer-executable',
    category: 'security',
    severity: 'warning',
    description: 'A SECURITY DEFINER function that anon, authenticated or PUBLIC may execute (an error when it writes).',
    rationale:
      'A SECURITY DEFINER function runs as its owner — usually the superuser that ran the migrations, for whom RLS does ' +
      'not exist. PostgreSQL grants EXECUTE on every new function to PUBLIC, and PostgREST serves every function of an ' +
      'exposed schema at /rpc, so unless EXECUTE was revoked, any anonymous caller can run it with the owner\'s rights ' +
      'and whatever arguments they like.',
    fix:
      'REVOKE EXECUTE … FROM PUBLIC (and anon, authenticated) and GRANT it only to the roles that must call it. A helper ' +
      'that policies call (and the calling roles therefore need) belongs in a schema PostgREST does not expose: ' +
      'ALTER FUNCTION … SET SCHEMA private — policies follow the function, not its name.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY',
      'https://supabase.com/docs/guides/database/database-linter?lint=0028_anon_security_definer_function_executable',
      'https://supabase.com/docs/guides/database/postgres/row-level-security#use-security-definer-functions',
    ],
  },
  check({ model }) {
    const exposed = exposedSchemas(model);
    const usedByPolicies = policyFunctionNames(model);
    const out = [];
    for (const f of model.functions) {
      if (f.origin !== 'user' || !f.securityDefiner) continue;
      if (f.kind !== 'function' && f.kind !== 'procedure') continue;
      if (f.returns === 'trigger' || f.returns === 'event_trigger') continue;
      const executors = functionExecutors(model, f);
      const byDefault = !model.grants.some((g) => g.objectKind === 'function' && g.object === f.id);
      const can = (role: string) => [...effectiveRoles(model, role)].some((r) => executors.has(r)) && canUseSchema(model, role, f.schema);
      const grantees = [...executors].sort((a, b) => (a === 'public' ? -1 : b === 'public' ? 1 : a.localeCompare(b)));
      const how = byDefault ? 'keeps the default EXECUTE for PUBLIC (no grant on it is recorded)' : `has EXECUTE granted to ${listText(grantees.map((r) => (r === 'public' ? 'PUBLIC' : r)))}`;
      // REVOKE … FROM PUBLIC alone leaves the grants Supabase's default privileges give every new function in public.
      const platformGrant =
        isSupabase(model) && f.schema === 'public' && !executors.has('public') && API_ROLES.some((r) => executors.has(r))
          ? ` (revoking it from PUBLIC does not take it from ${listText(API_ROLES.filter((r) => executors.has(r)))}: Supabase grants EXECUTE on every new function in schema public to anon, authenticated and service_role)`
          : '';
      const policyRoles = new Set([...(usedByPolicies.get(`${f.schema}.${f.name}`) ?? []), ...(usedByPolicies.get(f.name) ?? [])]);
      const used = policyRoles.size > 0;
      let message: string | null = null;
      if (exposed.has(f.schema)) {
        const callers = API_ROLES.filter((r) => roleExists(model, r) && can(r));
        if (callers.length) {
          message =
            `SECURITY DEFINER function ${f.id} runs as ${f.owner} and ${how}${platformGrant}: ${listText(callers)} can call it over the API ` +
            `(POST /rpc/${f.name}, schema ${f.schema} is exposed) with any arguments`;
        }
      } else if (!isSupabase(model) && executors.has('public') && canUseSchema(model, 'public', f.schema)) {
        message = `SECURITY DEFINER function ${f.id} runs as ${f.owner} and ${how}: every role that can connect can call it with the owner's rights`;
      }
      if (!message) continue;
      const writes = functionWrites(model, f);
      const effect = writes === true ? '; it writes, so they act with its rights' : writes === false ? '' : '; its body cannot be read (language ' + f.language + '), so it may write';
      out.push({
        object: f.id,
        severity: writes === false ? ('warning' as const) : ('error' as const),
        message:
          used && exposed.has(f.schema)
            ? `${message}${effect}; policies call it, so the roles they apply to need EXECUTE — move it out of the exposed schema instead`
            : `${message}${effect}`,
        remediation: remediation(model, f, policyRoles, exposed.has(f.schema)),
      });
    }
    return out;
  },
};

function remediation(model: SchemaModel, f: Func, policyRoles: Set<string>, exposed: boolean): string {
  const fn = functionSql(f);
  if (policyRoles.size > 0 && exposed) {
    const roles = policyRoles.has('public') ? API_ROLES.filter((r) => roleExists(model, r)) : [...policyRoles].sort().map(quoteIdent);
    // Policies keep the function (they store its oid); function bodies name it and would fail after the move.
    const callers = model.functions
      .filter((g) => g.origin === 'user' && g.id !== f.id && (calledNames(g).has(`${f.schema}.${f.name}`) || calledNames(g).has(f.name)))
      .map((g) => g.id)
      .sort();
    return [
      'CREATE SCHEMA IF NOT EXISTS private;',
      ...(roles.length ? [`GRANT USAGE ON SCHEMA private TO ${roles.join(', ')};`] : []),
      `ALTER FUNCTION ${fn} SET SCHEMA private;`,
      ...callers.map((c) => `-- ${c} calls ${f.name} by name: make its body call private.${f.name}, or it fails after the move`),
    ].join('\n');
  }
  const from = ['PUBLIC', ...API_ROLES.filter((r) => roleExists(model, r))].join(', ');
  const named = [...policyRoles].filter((r) => r !== 'public').sort();
  const grant =
    policyRoles.size > 0 && !policyRoles.has('public') && named.length
      ? `GRANT EXECUTE ON FUNCTION ${fn} TO ${named.map(quoteIdent).join(', ')}; -- the roles of the policies that call it`
      : roleExists(model, 'service_role')
        ? `GRANT EXECUTE ON FUNCTION ${fn} TO service_role;`
        : `-- GRANT EXECUTE ON FUNCTION ${fn} TO <the role that must call it>;`;
  return `REVOKE EXECUTE ON FUNCTION ${fn} FROM ${from};\n${grant}`;
}

/** Names (as written: `schema.name` or bare) of the functions policies call, with the roles of those policies. */
function policyFunctionNames(model: SchemaModel): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const p of model.policies) {
    for (const { node } of policyNodes(p)) {
      some(node, (kind, body) => {
        if (kind !== 'FuncCall') return false;
        const set = names.get(callName(body)) ?? new Set<string>();
        for (const r of p.roles) set.add(r);
        names.set(callName(body), set);
        return false;
      });
    }
  }
  return names;
}

