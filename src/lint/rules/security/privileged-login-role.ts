/**
 * A role that can log in and is superuser or BYPASSRLS, other than the ones every cluster or the platform has: the
 * bootstrap superuser `postgres`, and on Supabase the platform's own (supabase_admin, supabase_auth_admin,
 * supabase_storage_admin, supabase_replication_admin, supabase_read_only_user, supabase_realtime_admin,
 * supabase_functions_admin, dashboard_user, service_role). The model lists the roles the schema refers to (owners,
 * grantees, policy roles) and those they belong to.
 */
import type { Rule } from '../../types.js';
import { isSupabase, quoteIdent } from './shared.js';

const SUPABASE_ROLES = new Set([
  'supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin', 'supabase_replication_admin', 'supabase_read_only_user',
  'supabase_realtime_admin', 'supabase_functions_admin', 'dashboard_user', 'service_role',
]);

export const privilegedLoginRole: Rule = {
  meta: {
    id: 'security/privileged-login-role',
    category: 'security',
    severity: 'info',
    description: 'A login role with SUPERUSER or BYPASSRLS.',
    rationale:
      'Superusers and BYPASSRLS roles ignore every policy, even forced ones. If the application (or a test suite) ' +
      'connects as one, row-level security is silently inert: everything works, and nothing is isolated.',
    fix: 'Connect the application as a role without SUPERUSER/BYPASSRLS (ALTER ROLE … NOSUPERUSER NOBYPASSRLS), and keep privileged roles for migrations and administration.',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html', 'https://www.postgresql.org/docs/current/role-attributes.html'],
  },
  check({ model }) {
    const supabase = isSupabase(model);
    return model.roles
      .filter((r) => r.login && (r.superuser || r.bypassRls) && r.name !== 'postgres' && !(supabase && SUPABASE_ROLES.has(r.name)))
      .map((r) => {
        const what = [r.superuser ? 'SUPERUSER' : null, r.bypassRls ? 'BYPASSRLS' : null].filter(Boolean).join(' and ');
        return {
          object: r.id,
          message: `role ${r.name} can log in and has ${what}: sessions as ${r.name} ignore every row-level security policy`,
          remediation: `ALTER ROLE ${quoteIdent(r.name)} ${[r.superuser ? 'NOSUPERUSER' : null, r.bypassRls ? 'NOBYPASSRLS' : null].filter(Boolean).join(' ')};`,
        };
      });
  },
};
