/**
 * A column a policy compares with the caller (`user_id = auth.uid()`, `client_id = current_setting(…)::uuid`,
 * `org_id IN (SELECT … auth.uid() …)`) that no index leads with: every query on the table filters through it.
 *
 * From the parse tree: `col = X`, `X = col`, `col IN (…)`, `col = ANY (…)`, `col IN (SELECT …)` in a top-level conjunct or
 * any branch of a top-level OR, where `col` is the table's own column and X reads no column of the row and depends on
 * the caller (a JWT helper, a setting, the session role, a user function or a subquery with one). An index serves it
 * when it is valid, not partial, B-tree or hash, and its first key is the column. Only analysed tables (not partitions).
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { boolParts, kindOf } from '../../../analyze/sql-expr.js';
import type { Func, Table } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { callerIndependent, listText, operatorOf, ownColumn, policyNodes, quoteIdent, readsRow, tableSql, userFunctionsByName } from './shared.js';

export const policyColumnWithoutIndex: Rule = {
  meta: {
    id: 'security/policy-column-without-index',
    category: 'security',
    severity: 'info',
    description: 'A column a policy compares with the caller has no index leading with it.',
    rationale:
      'The policy condition is added to every query on the table. When it is `user_id = auth.uid()` and no index starts ' +
      'with user_id, even `SELECT … LIMIT 10` reads the whole table to find the caller\'s rows; on large tables this is ' +
      'the usual cause of slow RLS.',
    fix: 'CREATE INDEX (CONCURRENTLY on a live database) on the column, or make it the first column of an existing composite index.',
    links: [
      'https://supabase.com/docs/guides/database/postgres/row-level-security#add-indexes',
      'https://www.postgresql.org/docs/current/indexes-multicolumn.html',
    ],
  },
  check({ model, lookup }) {
    const userFunctions = userFunctionsByName(model);
    const byColumn = new Map<string, { table: Table; column: string; policies: string[] }>();
    for (const p of model.policies) {
      const table = lookup.tables.get(p.table);
      if (!table) continue;
      const columns = new Set<string>();
      for (const { node } of policyNodes(p)) for (const c of comparedColumns(node, table, userFunctions)) columns.add(c);
      for (const column of columns) {
        const served = (lookup.indexesByTable.get(table.id) ?? []).some(
          (i) => i.valid && i.predicate === null && (i.method === 'btree' || i.method === 'hash') && i.keys[0]?.column === column,
        );
        if (served) continue;
        const id = `${table.id}.${column}`;
        const entry = byColumn.get(id) ?? { table, column, policies: [] };
        entry.policies.push(`"${p.name}"`);
        byColumn.set(id, entry);
      }
    }
    return [...byColumn].map(([id, { table, column, policies }]) => ({
      object: id,
      message: `${table.id}.${column} is compared with the caller in ${policies.length === 1 ? 'policy' : 'policies'} ${listText(policies)}, but no index leads with it`,
      remediation: `CREATE INDEX ON ${tableSql(model, table.id)} (${quoteIdent(column)});`,
    }));
  },
};

function comparedColumns(node: Node, table: Table, userFunctions: Map<string, Func[]>): string[] {
  const out: string[] = [];
  for (const conjunct of boolParts(node, 'AND_EXPR')) {
    for (const branch of boolParts(conjunct, 'OR_EXPR')) {
      const [kind, body] = kindOf(branch);
      const caller = (n: unknown) => n !== undefined && !readsRow(n) && !callerIndependent(n, userFunctions);
      if (kind === 'A_Expr' && operatorOf(body) === '=') {
        const l = ownColumn(body.lexpr, table);
        const r = ownColumn(body.rexpr, table);
        if (['AEXPR_OP', 'AEXPR_NOT_DISTINCT'].includes(String(body.kind))) {
          if (l && caller(body.rexpr)) out.push(l);
          if (r && caller(body.lexpr)) out.push(r);
        } else if ((body.kind === 'AEXPR_IN' || body.kind === 'AEXPR_OP_ANY') && l && caller(body.rexpr)) {
          out.push(l);
        }
      } else if (kind === 'SubLink' && body.subLinkType === 'ANY_SUBLINK') {
        const c = ownColumn(body.testexpr, table);
        if (c && !callerIndependent(body.subselect, userFunctions)) out.push(c);
      }
    }
  }
  return out;
}
