/**
 * Row-level security off on a table that needs it: one PostgREST serves (its schema is exposed), or one that holds a
 * tenant's rows (scoped or inherited in the tenancy analysis) in a schema that uses RLS elsewhere.
 *
 * Exposed: `pgrst.db_schemas`, or `public` on a Supabase model. Partitions count there too: PostgREST serves a
 * partition as a table of its own, and a partition's own RLS setting is what applies when it is queried directly —
 * reported when its parent has RLS (a partition of a parent without RLS is the parent's finding).
 * Tenant: when no table of the schema has RLS on, isolation is evidently the application's design (every tenant table
 * would be reported, and the rule switched off); tenant tables are then left to the tenancy analysis, which shows
 * them `rls-disabled`. Foreign tables cannot have RLS and are another rule's (unprotected-relation-in-api).
 *
 * One error per root cause: while tenancy/tenant-table-not-isolated runs, the tenant tables it reports for RLS off
 * are its findings, not this rule's (its fix adds the tenant policy too, and its message names the API exposure).
 */
import { ruleRuns, type Rule } from '../../types.js';
import { rlsOffTenantTables, TENANT_TABLE_NOT_ISOLATED } from '../tenancy/tenant-table-not-isolated.js';
import { exposedSchemas, exposureSource, tableSql, tenantTables } from './shared.js';

export const rlsDisabled: Rule = {
  meta: {
    id: 'security/rls-disabled',
    category: 'security',
    severity: 'error',
    description: 'Row-level security is off on a table PostgREST exposes, or on a tenant table.',
    rationale:
      'Without RLS every role that has table privileges reads and writes every row. In a schema PostgREST exposes, ' +
      'the table is an HTTP endpoint (on Supabase the API roles get table privileges by default), so anyone with the ' +
      'project URL can read it. On a tenant table, one tenant sees and changes the rows of all the others whenever ' +
      'the application forgets a WHERE clause — while the tables around it are isolated by the database.',
    fix:
      'ALTER TABLE … ENABLE ROW LEVEL SECURITY, then add the policies the roles need (with no policy, nobody but the ' +
      'owner and BYPASSRLS roles sees a row). For a tenant table, filter on the tenant in USING and WITH CHECK.',
    links: [
      'https://www.postgresql.org/docs/current/ddl-rowsecurity.html',
      'https://supabase.com/docs/guides/database/database-linter?lint=0013_rls_disabled_in_public',
      'https://supabase.com/docs/guides/database/postgres/row-level-security',
    ],
  },
  check(ctx) {
    const { model, analysis } = ctx;
    const exposed = exposedSchemas(model);
    const deferred = analysis.tenancy && ruleRuns(ctx, TENANT_TABLE_NOT_ISOLATED) ? rlsOffTenantTables(model, analysis.tenancy) : new Set<string>();
    const tenant = tenantTables(analysis);
    const usesRls = model.tables.some((t) => t.origin === 'user' && t.rls.enabled);
    const tenancy = analysis.tenancy;
    const byId = new Map(model.tables.map((t) => [t.id, t]));
    // Counted once, not by a scan of every table per finding.
    const rlsOffPartitions = new Map<string, number>();
    for (const p of model.tables) {
      if (p.partitionOf !== null && !p.rls.enabled) rlsOffPartitions.set(p.partitionOf, (rlsOffPartitions.get(p.partitionOf) ?? 0) + 1);
    }
    const inheritedBy = new Map<string, string[]>();
    for (const i of tenancy?.inherited ?? []) if (!inheritedBy.has(i.table)) inheritedBy.set(i.table, i.path);
    const out = [];
    for (const t of model.tables) {
      if (t.origin !== 'user' || t.kind === 'foreign' || t.rls.enabled || deferred.has(t.id)) continue;
      // A partition of a table that has RLS off too is its parent's finding (the parent's message counts them).
      if (t.partitionOf !== null && byId.get(t.partitionOf)?.rls.enabled === false) continue;
      const isExposed = exposed.has(t.schema);
      const parentTenant = t.partitionOf !== null && tenant.has(t.partitionOf);
      const isTenant = usesRls && (tenant.has(t.id) || parentTenant);
      if (!isExposed && !isTenant) continue;
      const partitions = rlsOffPartitions.get(t.id) ?? 0;
      const what = t.partitionOf
        ? `partition ${t.id} (of ${t.partitionOf}, which has RLS: querying the partition directly skips it)`
        : partitions
          ? `${t.id} and its ${partitions} partition${partitions === 1 ? '' : 's'}`
          : t.id;
      const reasons: string[] = [];
      if (isExposed) reasons.push(`its schema ${t.schema} is exposed by PostgREST (${exposureSource(model)}), so every role with table privileges reads and writes all of it over the API`);
      if (isTenant) {
        const path = inheritedBy.get((parentTenant ? t.partitionOf : t.id)!);
        const how = path ? `reaches the tenant through ${path.slice(1).join(' → ')}` : `has the tenant column ${tenancy?.column}`;
        reasons.push(`it holds tenant rows (${how}) while other tables of the schema use RLS, so nothing in the database keeps one tenant from another's rows`);
      }
      out.push({
        object: t.id,
        message: `RLS is disabled on ${what}: ${reasons.join('; and ')}`,
        remediation: `ALTER TABLE ${tableSql(model, t.id)} ENABLE ROW LEVEL SECURITY;\n-- then: CREATE POLICY … ON ${tableSql(model, t.id)} FOR … TO … USING (…) WITH CHECK (…);`,
      });
    }
    return out;
  },
};
