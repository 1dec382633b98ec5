/**
 * Shared by the two view rules: views (not materialized) without security_invoker that read, directly or through other
 * views, a table with row-level security enabled — they run as their owner, so the caller's policies do not apply.
 */
import type { SchemaModel, View } from '../../../model/types.js';
import { bypassRoles, listText, qualified } from './shared.js';

export interface ViewOverRls {
  view: View;
  /** RLS tables the view reads, sorted. */
  tables: string[];
  message: string;
  remediation: string;
}

/** Relations a view reads, through the views it reads (each view once). */
function reachable(model: SchemaModel, view: View): Set<string> {
  const views = new Map(model.views.map((v) => [v.id, v]));
  const seen = new Set<string>();
  const queue = [...view.dependsOn];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const inner = views.get(id);
    if (inner && !inner.materialized) queue.push(...inner.dependsOn);
  }
  return seen;
}

export function viewsOverRls(model: SchemaModel): ViewOverRls[] {
  const tables = new Map(model.tables.map((t) => [t.id, t]));
  const bypass = bypassRoles(model);
  const out: ViewOverRls[] = [];
  for (const v of model.views) {
    if (v.origin !== 'user' || v.materialized || v.securityInvoker) continue;
    const rls = [...reachable(model, v)].filter((id) => tables.get(id)?.rls.enabled).sort();
    if (rls.length === 0) continue;
    const ownerBypasses = bypass.has(v.owner);
    const ownsUnforced = rls.filter((id) => tables.get(id)!.owner === v.owner && !tables.get(id)!.rls.forced);
    const effect = ownerBypasses
      ? `its owner ${v.owner} bypasses RLS, so every caller sees every row`
      : ownsUnforced.length
        ? `its owner ${v.owner} owns ${listText(ownsUnforced)} (RLS not forced), so every caller sees every row there`
        : `the policies for its owner ${v.owner} apply, not the caller's`;
    const supported = model.engine.serverVersionNum >= 150000;
    out.push({
      view: v,
      tables: rls,
      message: `view ${v.id} reads ${listText(rls)} (RLS enabled) without security_invoker: it runs as its owner — ${effect}`,
      remediation: supported
        ? `ALTER VIEW ${qualified(v.schema, v.name)} SET (security_invoker = true);`
        : `-- security_invoker needs PostgreSQL 15+; until then: REVOKE SELECT ON ${qualified(v.schema, v.name)} FROM PUBLIC;`,
    });
  }
  return out;
}
