/** Policies written on a table whose row-level security is off: they do nothing, and readers think they do. */
import type { Rule } from '../../types.js';

export const policiesWithoutRls: Rule = {
  meta: {
    id: 'security/policies-without-rls',
    category: 'security',
    severity: 'error',
    description: 'Table has RLS policies but row-level security is disabled.',
    rationale:
      'Policies are only applied when RLS is enabled on the table. With RLS off every role with table privileges ' +
      'sees and changes every row, whatever the policies say — the classic "we have policies" false sense of safety.',
    fix: 'ALTER TABLE … ENABLE ROW LEVEL SECURITY (and FORCE it if the application connects as the owner).',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ lookup, model }) {
    const withPolicies = new Map<string, number>();
    for (const p of model.policies) withPolicies.set(p.table, (withPolicies.get(p.table) ?? 0) + 1);
    return [...lookup.tables.values()]
      .filter((t) => !t.rls.enabled && withPolicies.has(t.id))
      .map((t) => ({
        object: t.id,
        message: `${t.id} has ${withPolicies.get(t.id)} polic${withPolicies.get(t.id) === 1 ? 'y' : 'ies'} but RLS is disabled: none of them applies`,
        remediation: `ALTER TABLE ${t.id} ENABLE ROW LEVEL SECURITY;`,
      }));
  },
};
