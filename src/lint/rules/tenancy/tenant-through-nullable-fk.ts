/**
 * A table that reaches the tenant only through nullable FKs (analysis.tenancy.inherited, nullable: true): a row
 * whose FK is NULL belongs to no tenant. A policy that checks the tenant through the parent can never show it to a
 * tenant (or lets it through for everyone, if written with OR … IS NULL), and nothing says whose it is.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { ident } from '../../../model/sql-text.js';
import { tableSql } from '../integrity/sql.js';

export const tenantThroughNullableFk: Rule = {
  meta: {
    id: 'tenancy/tenant-through-nullable-fk',
    category: 'tenancy',
    severity: 'info',
    description: 'A table that belongs to a tenant only through nullable foreign keys: rows with a NULL FK have no tenant.',
    rationale:
      'A table without the tenant column gets its tenant from the rows it references. When every such chain goes ' +
      'through a nullable FK, a row whose FK is NULL belongs to no tenant: tenant policies cannot show it to anyone, ' +
      'and a policy that tolerates the NULL shows it to everyone.',
    fix: 'Make the FK NOT NULL if every row has a parent, or add the tenant column (with its FK to the root) to the table.',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ analysis, lookup, model }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const out: RuleFinding[] = [];
    for (const i of tenancy.inherited) {
      if (!i.nullable) continue;
      const next = i.path[1];
      const first = (lookup.outgoing.get(i.table) ?? []).filter((f) => f.refTable === next).sort((a, b) => (a.id < b.id ? -1 : 1));
      const nullable = first.find((f) => f.columns.some((c) => lookup.column(i.table, c)?.nullable));
      const columns = nullable ? nullable.columns.filter((c) => lookup.column(i.table, c)?.nullable) : [];
      const where = nullable
        ? `a row whose ${columns.join(', ')} is NULL belongs to no tenant`
        : `${next} itself reaches the tenant only through a nullable FK, so some rows belong to no tenant`;
      out.push({
        object: i.table,
        message: `${i.table} reaches the tenant only through nullable foreign keys (${i.path.join(' → ')}): ${where}`,
        remediation: nullable
          ? columns.map((c) => `ALTER TABLE ${tableSql(model, i.table)} ALTER COLUMN ${ident(c)} SET NOT NULL;`).join('\n')
          : undefined,
      });
    }
    return out;
  },
};
