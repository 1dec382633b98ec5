/**
 * A trigger function (RETURNS trigger) marked SECURITY DEFINER. Reported on the function, with the triggers that use it
 * and the roles that may attach it to tables of their own (EXECUTE as the model records it: no grant recorded means
 * PostgreSQL's default EXECUTE for PUBLIC — the model leaves out the owner's own ACL entry, so EXECUTE revoked from
 * everyone but the owner looks the same, and the message says so).
 *
 * Trigger firing checks no EXECUTE privilege (only CREATE TRIGGER does), so revoking EXECUTE never breaks the
 * existing triggers: that is the remediation. The pattern is sometimes needed — a trigger on auth.users that writes a
 * profile row, an audit trigger that writes a table callers cannot — hence info.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { functionExecutors, functionSql, listText, quoteIdent } from './shared.js';

export const triggerFunctionSecurityDefiner: Rule = {
  meta: {
    id: 'security/trigger-function-security-definer',
    category: 'security',
    severity: 'info',
    description: 'Trigger function marked SECURITY DEFINER.',
    rationale:
      'A trigger function normally runs as the role whose statement fired it, so it can do no more than that role. ' +
      'SECURITY DEFINER makes it run as its owner for every writer of the table — NEW and OLD, which the writer ' +
      'controls, are then handled with the owner\'s rights (often bypassing RLS). And any role that may EXECUTE it and ' +
      'owns a table can attach it to that table with CREATE TRIGGER, feeding it rows of its own choosing. It is ' +
      'sometimes needed (writing an audit or profile table the caller cannot write); it should be a conscious choice.',
    fix:
      'Drop SECURITY DEFINER if the writers may do what the function does; otherwise keep it, pin its search_path and ' +
      'REVOKE EXECUTE from PUBLIC (triggers keep firing: firing checks no EXECUTE privilege).',
    links: [
      'https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY',
      'https://www.postgresql.org/docs/current/sql-createtrigger.html',
      'https://supabase.com/docs/guides/auth/managing-user-data#using-triggers',
    ],
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const f of model.functions) {
      if (f.origin !== 'user' || !f.securityDefiner || f.returns !== 'trigger') continue;
      const tables = [...new Set(model.triggers.filter((t) => t.function === f.id).map((t) => t.table))].sort();
      const executors = [...functionExecutors(model, f)].filter((r) => r !== f.owner).sort();
      const fired = tables.length ? `fires on ${listText(tables)} and runs as ${f.owner} for every writer` : `runs as ${f.owner} (no trigger uses it)`;
      const recorded = model.grants.some((g) => g.objectKind === 'function' && g.object === f.id);
      const attach = !recorded
        ? '; no EXECUTE grant is recorded — PostgreSQL\'s default EXECUTE for PUBLIC, so any role may attach it to tables of its own ' +
          '(unless EXECUTE was revoked from everyone but the owner, which the model cannot tell apart)'
        : executors.length
          ? `; ${listText(executors.map((r) => (r === 'public' ? 'PUBLIC' : r)))} may EXECUTE it, so can attach it to tables of their own`
          : '';
      out.push({
        object: f.id,
        message: `trigger function ${f.id} is SECURITY DEFINER: it ${fired}${attach}`,
        remediation: executors.length
          ? `REVOKE EXECUTE ON FUNCTION ${functionSql(f)} FROM ${executors.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ')};`
          : undefined,
      });
    }
    return out;
  },
};
