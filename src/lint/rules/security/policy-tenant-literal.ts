/**
 * A policy that compares the tenant column with a constant (`client_id = '2b1c…'::uuid`, `client_id IN (1, 2)`):
 * the tenant is hard-coded instead of coming from the caller.
 *
 * The tenant column is the tenancy analysis' (on the root table: its single-column primary key). Any reference to a
 * column of that name counts, subqueries included (`EXISTS (SELECT … WHERE c.client_id = 42)`); equality, IN,
 * `= ANY (ARRAY[…])` and IS NOT DISTINCT FROM, with every compared value a literal. Only policies on the root, scoped
 * and inherited tables are read.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { columnRefName, kindOf, literalText, stripCasts } from '../../../analyze/sql-expr.js';
import type { Rule } from '../../types.js';
import { commandText, operatorOf, policyNodes, rolesText, some, tenantTables } from './shared.js';

export const policyTenantLiteral: Rule = {
  meta: {
    id: 'security/policy-tenant-literal',
    category: 'security',
    severity: 'error',
    description: 'A policy compares the tenant column with a hard-coded value.',
    rationale:
      'A policy like `client_id = \'2b1c…\'` gives whoever it applies to one fixed tenant\'s rows, whoever they are — ' +
      'usually a debugging or demo shortcut that shipped. Every other tenant is either locked out or, when the policy ' +
      'is OR-ed with others, one tenant\'s data is open to all of its roles.',
    fix: "Compare the tenant column with the caller's tenant (a claim or a per-transaction setting), never with a constant.",
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ model, analysis, lookup }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const tables = tenantTables(analysis);
    const rootKey = lookup.primaryKey.get(tenancy.root) ?? [];
    const out = [];
    for (const p of model.policies) {
      const isRoot = p.table === tenancy.root;
      if (!tables.has(p.table) && !isRoot) continue;
      const columns = new Set([tenancy.column, ...(isRoot && rootKey.length === 1 ? rootKey : [])]);
      const hits = new Set<string>();
      for (const { node } of policyNodes(p)) {
        some(node, (kind, body) => {
          const hit = kind === 'A_Expr' ? literalComparison(body, columns) : null;
          if (hit) hits.add(hit);
          return false;
        });
      }
      if (hits.size === 0) continue;
      out.push({
        object: p.id,
        message: `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) hard-codes the tenant: ${[...hits].join('; ')}`,
      });
    }
    return out;
  },
};

/** `col = 'x'` (either side), `col IN ('x', 'y')`, `col = ANY (ARRAY['x'])` with `col` a tenant column: a description, else null. */
function literalComparison(body: Record<string, unknown>, columns: Set<string>): string | null {
  if (operatorOf(body) !== '=') return null;
  const kind = String(body.kind);
  const left = body.lexpr as Node | undefined;
  const right = body.rexpr as Node | undefined;
  if (!left || !right) return null;
  const col = (n: Node) => {
    const parts = columnRefName(stripCasts(n));
    const last = parts?.[parts.length - 1];
    return last !== undefined && columns.has(last) ? parts!.join('.') : null;
  };
  const values = (n: Node): string[] | null => {
    const [k, b] = kindOf(stripCasts(n));
    const items = k === 'List' ? (b.items as Node[]) : k === 'A_ArrayExpr' ? (b.elements as Node[] | undefined) ?? [] : [n];
    const texts = items.map((i) => literalText(i));
    return texts.length > 0 && texts.every((t) => t !== null) ? (texts as string[]) : null;
  };
  const show = (name: string, vals: string[]) => `${name} = ${vals.map((v) => `'${v}'`).join(' or ')}`;
  if (kind === 'AEXPR_OP' || kind === 'AEXPR_NOT_DISTINCT') {
    const l = col(left);
    const r = col(right);
    const rv = values(right);
    const lv = values(left);
    if (l && rv && kindOf(stripCasts(right))[0] === 'A_Const') return show(l, rv);
    if (r && lv && kindOf(stripCasts(left))[0] === 'A_Const') return show(r, lv);
    return null;
  }
  if (kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY') {
    const l = col(left);
    const rv = values(right);
    return l && rv ? show(l, rv) : null;
  }
  return null;
}
