/** RLS on without any permissive policy: the table is empty for everyone but its owner and BYPASSRLS roles. */
import type { Rule } from '../../types.js';

export const rlsEnabledNoPolicy: Rule = {
  meta: {
    id: 'security/rls-enabled-no-policy',
    category: 'security',
    severity: 'info',
    description: 'Row-level security is enabled but no permissive policy exists.',
    rationale:
      'With RLS on and no permissive policy, every query by a normal role sees no rows and every write fails. That is ' +
      'a valid "deny all" only when intended (a table used only by the service role); otherwise a policy is missing.',
    fix: 'Add the policies the application needs, or document the deny-all intent with a suppression that says why.',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ lookup, model }) {
    const permissive = new Set(model.policies.filter((p) => p.permissive).map((p) => p.table));
    return [...lookup.tables.values()]
      .filter((t) => t.rls.enabled && !permissive.has(t.id))
      .map((t) => ({ object: t.id, message: `${t.id} has RLS enabled but no permissive policy: only its owner and BYPASSRLS roles see rows` }));
  },
};
