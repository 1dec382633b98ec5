/**
 * A scoped table (it has the tenant column) whose tenant column no foreign key ties to the tenant root: a row can
 * name a tenant that does not exist, or outlive a deleted one, and RLS then filters on a value nothing checks.
 * Accepted as a tie: an FK whose columns include the tenant column and that references the root, or a scoped table
 * at that table's tenant column (`(redemption_id, client_id) → redemptions(id, client_id)`: the parent's own FK
 * checks the value).
 */
import type { Rule, RuleFinding } from '../../types.js';
import { ident } from '../../../model/sql-text.js';
import { objectName, tableName, tableSql } from '../integrity/sql.js';

export const tenantColumnWithoutFk: Rule = {
  meta: {
    id: 'tenancy/tenant-column-without-fk',
    category: 'tenancy',
    severity: 'warning',
    description: 'A table with the tenant column but no foreign key from that column to the tenant root.',
    rationale:
      'The tenant column is what row-level security and every tenant query filter on. Without an FK to the root, ' +
      'nothing checks it: a typo, a deleted tenant or a value from another environment gives rows that belong to no ' +
      'tenant — invisible to everyone, or visible to whoever later gets that id.',
    fix: 'Add the FK (NOT VALID first on a large table, then VALIDATE CONSTRAINT).',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK'],
  },
  check({ analysis, lookup, model }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const scoped = new Set(tenancy.scoped);
    const rootKey = lookup.primaryKey.get(tenancy.root) ?? [];
    const out: RuleFinding[] = [];
    for (const id of tenancy.scoped) {
      const tied = (lookup.outgoing.get(id) ?? []).some((f) => {
        const at = f.columns.indexOf(tenancy.column);
        if (at < 0) return false;
        return f.refTable === tenancy.root || (scoped.has(f.refTable) && f.refColumns[at] === tenancy.column);
      });
      if (tied) continue;
      const t = tableSql(model, id);
      const name = objectName(tableName(model, id), tenancy.column, 'fkey');
      out.push({
        object: id,
        message: `${id}.${tenancy.column} carries the tenant, but no foreign key ties it to ${tenancy.root}: rows can name a tenant that does not exist`,
        remediation:
          rootKey.length === 1
            ? [
                `ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} FOREIGN KEY (${ident(tenancy.column)}) REFERENCES ${tableSql(model, tenancy.root)} (${ident(rootKey[0]!)}) NOT VALID;`,
                `ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(name)};`,
              ].join('\n')
            : undefined,
      });
    }
    return out;
  },
};
