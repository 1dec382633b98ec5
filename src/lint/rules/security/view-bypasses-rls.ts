/** A view outside the exposed schemas that reads an RLS table without security_invoker (see view-rls.ts). */
import type { Rule } from '../../types.js';
import { exposedSchemas } from './shared.js';
import { viewsOverRls } from './view-rls.js';

export const viewBypassesRls: Rule = {
  meta: {
    id: 'security/view-bypasses-rls',
    category: 'security',
    severity: 'warning',
    description: 'A view reads RLS tables without security_invoker.',
    rationale:
      'A view runs its query with its owner\'s privileges, so the row-level security of the tables it reads is checked ' +
      'for the owner (usually the superuser that created it, who bypasses RLS), not for whoever selects from the view. ' +
      'Any role granted SELECT on the view reads past the policies.',
    fix: 'ALTER VIEW … SET (security_invoker = true) (PostgreSQL 15+), so the caller\'s policies apply.',
    links: ['https://www.postgresql.org/docs/current/sql-createview.html', 'https://www.postgresql.org/docs/current/rules-privileges.html'],
  },
  check({ model }) {
    const exposed = exposedSchemas(model);
    return viewsOverRls(model)
      .filter((v) => !exposed.has(v.view.schema))
      .map((v) => ({ object: v.view.id, message: v.message, remediation: v.remediation }));
  },
};
