/** A view in a schema PostgREST exposes that reads an RLS table without security_invoker (see view-rls.ts). */
import type { Rule } from '../../types.js';
import { exposedSchemas, exposureSource } from './shared.js';
import { viewsOverRls } from './view-rls.js';

export const exposedViewBypassesRls: Rule = {
  meta: {
    id: 'security/exposed-view-bypasses-rls',
    category: 'security',
    severity: 'error',
    description: 'A view in an exposed schema reads RLS tables without security_invoker.',
    rationale:
      'A view runs its query with its owner\'s privileges, so the row-level security of the tables it reads is checked ' +
      'for the owner (usually the superuser that created it, who bypasses RLS), never for the caller. Served by ' +
      'PostgREST, the view hands every API caller the rows the table\'s policies hide.',
    fix: 'ALTER VIEW … SET (security_invoker = true) (PostgreSQL 15+), so the caller\'s policies apply; or move the view to a schema the API does not expose.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createview.html',
      'https://supabase.com/docs/guides/database/database-linter?lint=0010_security_definer_view',
    ],
  },
  check({ model }) {
    const exposed = exposedSchemas(model);
    return viewsOverRls(model)
      .filter((v) => exposed.has(v.view.schema))
      .map((v) => ({
        object: v.view.id,
        message: `${v.message}; schema ${v.view.schema} is exposed by PostgREST (${exposureSource(model)})`,
        remediation: v.remediation,
      }));
  },
};
