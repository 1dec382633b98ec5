/**
 * `auth.uid()`, `auth.jwt()`, `auth.role()`, `auth.email()` or `current_setting()` in a policy where Postgres
 * evaluates it once per row: outside any subquery, or inside a subquery that is correlated with the row (it reads the
 * row as `table.column`, as `EXISTS (… WHERE c.id = t.campaign_id …)` does). Written as `(select auth.uid())` the call
 * becomes an InitPlan, evaluated once per statement.
 *
 * Calls inside a scalar `(select …)` are wrapped; calls in a subquery that does not visibly read the row are left out
 * (an uncorrelated subquery runs once anyway). The remediation wraps, for each call, the largest enclosing function
 * call that does not read the row (`(select has_role(auth.uid(), 'admin'))`, not only the inner `auth.uid()`), at the
 * offsets the parse tree gives.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { columnRefName, kindOf } from '../../../analyze/sql-expr.js';
import type { Table } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import {
  alterPolicy,
  applyEdits,
  callExtent,
  callName,
  commandText,
  isAuthCall,
  isCurrentSetting,
  listText,
  policyNodes,
  readsRow,
  rolesText,
  slice,
  some,
  walkNodes,
  type Edit,
} from './shared.js';

export const policyAuthCallPerRow: Rule = {
  meta: {
    id: 'security/policy-auth-call-per-row',
    category: 'security',
    severity: 'info',
    description: 'auth.uid()/auth.jwt()/current_setting() in a policy, evaluated per row instead of once.',
    rationale:
      'A policy is part of every query on its table. `auth.uid() = user_id` calls auth.uid() (which parses the JWT ' +
      'setting) for every row scanned unless the comparison becomes an index condition; a function around it, such as ' +
      '`has_role(auth.uid(), \'admin\')`, runs per row too. `(select auth.uid())` is evaluated once per statement — ' +
      'Supabase measures 10–100× faster policies on large tables.',
    fix: 'Wrap the call (or the whole row-independent function call around it) in a scalar subquery: `(select auth.uid()) = user_id`.',
    links: [
      'https://supabase.com/docs/guides/database/postgres/row-level-security#call-functions-with-select',
      'https://supabase.com/docs/guides/database/database-linter?lint=0003_auth_rls_initplan',
    ],
  },
  check({ model }) {
    const out = [];
    for (const p of model.policies) {
      const table = model.tables.find((t) => t.id === p.table);
      if (!table) continue;
      const calls: string[] = [];
      const rewritten: { USING: string | null; 'WITH CHECK': string | null } = { USING: null, 'WITH CHECK': null };
      for (const { clause, text, node } of policyNodes(p)) {
        const edits = new Map<number, Edit>();
        walkNodes(node, ({ kind, body, ancestors }) => {
          if (!isAuthCall(kind, body) && !isCurrentSetting(kind, body)) return;
          if (!perRow(ancestors, table)) return;
          calls.push(`${callName(body)}()`);
          const target = outermostRowFreeCall(body, ancestors);
          const extent = callExtent(text, Number(target.location));
          if (extent) edits.set(extent.start, { ...extent, text: `(select ${slice(text, extent.start, extent.end)})` });
        });
        if (edits.size) rewritten[clause] = applyEdits(text, dropNested([...edits.values()]));
      }
      if (calls.length === 0) continue;
      const counts = new Map<string, number>();
      for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
      const list = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => (n > 1 ? `${c} (${n}×)` : c));
      const fixable = rewritten.USING !== null || rewritten['WITH CHECK'] !== null;
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) evaluates ${listText(list)} for each row it checks ` +
          '(unless the comparison becomes an index condition): wrapped in (select …), once per statement',
        ...(fixable ? { remediation: alterPolicy(model, p, rewritten.USING, rewritten['WITH CHECK']) } : {}),
      });
    }
    return out;
  },
};

/** Outside every subquery, or the nearest subquery is not a scalar `(select …)` and reads the row as `table.column`. */
function perRow(ancestors: { kind: string; body: Record<string, unknown> }[], table: Table): boolean {
  const links = ancestors.filter((a) => a.kind === 'SubLink');
  if (links.length === 0) return true;
  const nearest = links[links.length - 1]!.body;
  const select = kindOf((nearest.subselect ?? {}) as Node)[1];
  if (nearest.subLinkType === 'EXPR_SUBLINK' && !select.fromClause) return false; // `(select auth.uid())`
  // Correlated with the policy's row: some subquery on the way reads `table.column` / `schema.table.column`.
  return links.some((l) =>
    some(l.body.subselect, (kind, body) => {
      if (kind !== 'ColumnRef') return false;
      const parts = columnRefName({ ColumnRef: body }) ?? [];
      return (
        (parts.length === 2 && parts[0] === table.name) || (parts.length === 3 && parts[0] === table.schema && parts[1] === table.name)
      );
    }),
  );
}

/** The largest call (function, NULLIF, COALESCE) around the call, within the same subquery level, that reads no column of the row. */
function outermostRowFreeCall(
  call: Record<string, unknown>,
  ancestors: { kind: string; body: Record<string, unknown> }[],
): Record<string, unknown> {
  let target = call;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.kind === 'SubLink' || a.kind === 'SelectStmt' || a.kind === 'BoolExpr') break;
    if (readsRow({ [a.kind]: a.body })) break;
    // Calls and call-shaped expressions (`NULLIF(…)`, `COALESCE(…)`): their extent runs from the name to the parenthesis.
    if (a.kind === 'FuncCall' || a.kind === 'CoalesceExpr' || (a.kind === 'A_Expr' && a.body.kind === 'AEXPR_NULLIF')) target = a.body;
  }
  return target;
}

/** Drops edits inside another edit (the outer wrap covers them). */
function dropNested(edits: Edit[]): Edit[] {
  return edits.filter((e) => !edits.some((o) => o !== e && o.start <= e.start && o.end >= e.end && (o.start < e.start || o.end > e.end)));
}
