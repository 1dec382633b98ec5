/**
 * A SECURITY DEFINER function (or procedure) whose owner is a superuser role in the model.
 *
 * When the model was built by applying migrations in embedded PostgreSQL (engine `pglite`), every object the
 * migrations did not give another owner belongs to the bootstrap user `postgres` the tool ran them as — that says
 * nothing about who will own the function in production, so such functions are left out. A migration that gives the
 * function another superuser owner (`ALTER FUNCTION … OWNER TO admin`, admin created SUPERUSER) is reported; on a live
 * database (engine `postgres`) every superuser owner is.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { functionSql, quoteIdent } from './shared.js';

export const securityDefinerOwnedBySuperuser: Rule = {
  meta: {
    id: 'security/security-definer-owned-by-superuser',
    category: 'security',
    severity: 'warning',
    description: 'SECURITY DEFINER function owned by a superuser: whatever it does, it does as superuser.',
    rationale:
      'A SECURITY DEFINER function runs with its owner\'s privileges. Owned by a superuser, it bypasses RLS and every ' +
      'permission check, so any bug — SQL built from an argument, an unpinned search_path, a missing ownership check ' +
      'on the row it changes — gives the caller full control of the cluster (superusers can read files and run ' +
      'programs on the server). Owned by a role that holds only the privileges the function needs, the same bug is ' +
      'contained to those.',
    fix:
      'Create a NOLOGIN role with just the privileges the function needs (GRANT on the tables it touches, BYPASSRLS only ' +
      'if it must), and ALTER FUNCTION … OWNER TO that role.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY',
      'https://www.postgresql.org/docs/current/role-attributes.html',
    ],
  },
  check({ model }) {
    const superusers = new Set(model.roles.filter((r) => r.superuser).map((r) => r.name));
    const out: RuleFinding[] = [];
    for (const f of model.functions) {
      if (f.origin !== 'user' || !f.securityDefiner || !superusers.has(f.owner)) continue;
      if (model.engine.kind === 'pglite' && f.owner === 'postgres') continue;
      const role = `${f.name}_owner`.slice(0, 63);
      out.push({
        object: f.id,
        message: `SECURITY DEFINER ${f.kind === 'procedure' ? 'procedure' : 'function'} ${f.id} is owned by ${f.owner}, a superuser: it runs with every privilege and bypasses RLS`,
        remediation:
          `CREATE ROLE ${quoteIdent(role)} NOLOGIN;\n` +
          `-- GRANT ${quoteIdent(role)} the privileges ${f.name} needs on the objects it uses, then:\n` +
          `ALTER ${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${functionSql(f)} OWNER TO ${quoteIdent(role)};`,
      });
    }
    return out;
  },
};
