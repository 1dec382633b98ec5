/**
 * RLS on but not FORCEd, while a role that logs in (and is neither superuser nor BYPASSRLS) owns the table or inherits
 * its owner's privileges: the application connecting as that role is not subject to the policies at all.
 *
 * Superusers and BYPASSRLS roles are left out: they bypass RLS even when it is forced (privileged-login-role reports
 * them). Roles the model does not list (it keeps those the schema refers to) cannot be judged.
 */
import type { Rule } from '../../types.js';
import { effectiveRoles, listText, tableSql } from './shared.js';

export const rlsNotForced: Rule = {
  meta: {
    id: 'security/rls-not-forced',
    category: 'security',
    severity: 'warning',
    description: 'RLS is enabled but not forced, and a login role owns the table.',
    rationale:
      'A table owner — and every role that inherits the owner role — bypasses row-level security unless the table has ' +
      'FORCE ROW LEVEL SECURITY. When the application connects as the role that ran the migrations, its policies are ' +
      'never applied: tests pass while every query sees every tenant.',
    fix:
      'ALTER TABLE … FORCE ROW LEVEL SECURITY, or have the application connect as a role that does not own the tables ' +
      '(and grant it only the privileges it needs).',
    links: [
      'https://www.postgresql.org/docs/current/ddl-rowsecurity.html',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-FORCE-RLS',
    ],
  },
  check({ model }) {
    const logins = model.roles.filter((r) => r.login && !r.superuser && !r.bypassRls);
    const out = [];
    for (const t of model.tables) {
      if (t.origin !== 'user' || !t.rls.enabled || t.rls.forced) continue;
      const owners = logins.filter((r) => effectiveRoles(model, r.name).has(t.owner)).map((r) => r.name).sort();
      if (owners.length === 0) continue;
      const who = owners.map((r) => (r === t.owner ? `${r} (the owner)` : `${r} (member of the owner ${t.owner})`));
      out.push({
        object: t.id,
        message:
          `${t.id} has RLS enabled but not forced, and ${listText(who)} can log in: ` +
          `a session as ${owners.length === 1 ? 'that role' : 'those roles'} bypasses every policy on the table`,
        remediation: `ALTER TABLE ${tableSql(model, t.id)} FORCE ROW LEVEL SECURITY;`,
      });
    }
    return out;
  },
};
