/**
 * A permissive policy that lets its roles read every row of a tenant table: USING constant true (`true`, `1 = 1`,
 * `… OR true`) on a table the tenancy analysis puts under the tenant (scoped or inherited).
 *
 * Left out: ALL policies that policy-always-true-write already reports (the same `USING (true)`), policies only for
 * roles that bypass RLS, and reads a restrictive policy for the same roles narrows. A row-data condition such as
 * `is_published` is not "always true": whether publishing to everyone is intended is the schema's call.
 */
import { tableOf } from '../../sql.js';
import type { Rule } from '../../types.js';
import { parseExpression } from '../../../analyze/sql-expr.js';
import { alwaysTrueWrites } from './policy-always-true-write.js';
import { alterPolicy, bypassRoles, commandText, onlyBypassRoles, policiesByTable, quoteIdent, restrictedBy, rolesText, tenantTables, truth } from './shared.js';

export const tenantPolicyAlwaysTrueRead: Rule = {
  meta: {
    id: 'security/tenant-policy-always-true-read',
    category: 'security',
    severity: 'error',
    description: 'A read policy on a tenant table whose condition is always true.',
    rationale:
      'Permissive policies are OR-ed, so a SELECT (or ALL) policy with a constant-true USING shows its roles every row ' +
      'of every tenant, however carefully the other policies filter. On a tenant table that is a cross-tenant leak.',
    fix: 'Filter the rows on the tenant (the tenant column against the caller\'s tenant) instead of `true`, or drop the policy.',
    links: ['https://www.postgresql.org/docs/current/sql-createpolicy.html', 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ model, analysis }) {
    const tenant = tenantTables(analysis);
    const bypass = bypassRoles(model);
    const byTable = policiesByTable(model);
    const column = analysis.tenancy?.column;
    const out = [];
    for (const p of model.policies) {
      if (!tenant.has(p.table) || !p.permissive || onlyBypassRoles(p, bypass)) continue;
      if (p.command !== 'select' && p.command !== 'all') continue;
      const node = p.using === null ? null : parseExpression(p.using);
      if (!node || truth(node) !== true) continue;
      const tablePolicies = byTable.get(p.table) ?? [];
      if (restrictedBy(p, 'select', tablePolicies, 'rows')) continue;
      if (p.command === 'all' && alwaysTrueWrites(p, tablePolicies).length > 0) continue;
      const hasColumn = tableOf(model, p.table)?.columns.some((c) => c.name === column) ?? false;
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on tenant table ${p.table} (${commandText(p.command)} ${rolesText(p)}) is USING (${p.using}): ` +
          `its roles read the rows of every tenant`,
        remediation: alterPolicy(
          model,
          p,
          hasColumn && column ? `${quoteIdent(column)} = /* the caller's tenant */` : '/* a condition that ties the row to the caller\'s tenant */',
          null,
        ),
      });
    }
    return out;
  },
};
