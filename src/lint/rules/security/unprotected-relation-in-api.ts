/**
 * A materialized view or foreign table the API roles can read: SELECT for anon or authenticated (directly or through
 * PUBLIC, as the model's grants record it) with USAGE on its schema, in a schema PostgREST exposes. Neither kind can
 * have row-level security. A materialized view is reported when it reads (directly or through views) a table with RLS
 * enabled — it holds a copy of rows the policies would filter; one over unprotected tables adds nothing new.
 */
import type { SchemaModel } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { canUseSchema, exposedSchemas, listText, qualified, relationPrivileges, roleExists } from './shared.js';

const API_ROLES = ['anon', 'authenticated'];

export const unprotectedRelationInApi: Rule = {
  meta: {
    id: 'security/unprotected-relation-in-api',
    category: 'security',
    severity: 'warning',
    description: 'A materialized view or foreign table readable by the API roles.',
    rationale:
      'Materialized views and foreign tables cannot have row-level security. A materialized view over RLS tables is a ' +
      'snapshot of every row, served to any API caller with SELECT on it; a foreign table serves the remote data ' +
      'whole. PostgREST exposes both like tables.',
    fix: 'REVOKE SELECT … FROM anon, authenticated (and PUBLIC), move the relation to a schema the API does not expose, or serve it through a security_invoker view or a function that filters.',
    links: [
      'https://supabase.com/docs/guides/database/database-linter?lint=0016_materialized_view_in_api',
      'https://supabase.com/docs/guides/database/database-linter?lint=0017_foreign_table_in_api',
    ],
  },
  check({ model }) {
    const exposed = exposedSchemas(model);
    const candidates: { id: string; schema: string; name: string; what: string }[] = [];
    for (const v of model.views) {
      if (v.origin !== 'user' || !v.materialized || !exposed.has(v.schema)) continue;
      const rls = readsRls(model, v.id);
      if (rls.length) candidates.push({ id: v.id, schema: v.schema, name: v.name, what: `materialized view ${v.id} (a copy of ${listText(rls)}, which ${rls.length === 1 ? 'has' : 'have'} RLS)` });
    }
    for (const t of model.tables) {
      if (t.origin !== 'user' || t.kind !== 'foreign' || !exposed.has(t.schema)) continue;
      candidates.push({ id: t.id, schema: t.schema, name: t.name, what: `foreign table ${t.id}` });
    }
    const out = [];
    for (const c of candidates) {
      const readers = API_ROLES.filter(
        (r) => roleExists(model, r) && relationPrivileges(model, r, c.id).has('select') && canUseSchema(model, r, c.schema),
      );
      if (readers.length === 0) continue;
      out.push({
        object: c.id,
        message: `${c.what} is readable by ${listText(readers)} over the API, and cannot have row-level security: every row is served`,
        remediation: `REVOKE SELECT ON ${qualified(c.schema, c.name)} FROM PUBLIC, ${readers.join(', ')};`,
      });
    }
    return out;
  },
};

/** RLS-enabled tables a relation reads, through plain views. */
function readsRls(model: SchemaModel, id: string): string[] {
  const views = new Map(model.views.map((v) => [v.id, v]));
  const tables = new Map(model.tables.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const queue = [...(views.get(id)?.dependsOn ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const v = views.get(next);
    if (v) queue.push(...v.dependsOn);
  }
  return [...seen].filter((x) => tables.get(x)?.rls.enabled).sort();
}
