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
 *
 * One finding per table, naming each policy and its calls (one per policy gave ~150 info findings on the examples,
 * most of them the same advice); the remediation has one ALTER POLICY per policy it can rewrite.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { columnRefName, kindOf, parseExpression } from '../../../analyze/sql-expr.js';
import type { Policy, Table } from '../../../model/types.js';
import { tableOf } from '../../sql.js';
import type { PolicyClause, Rule } from '../../types.js';
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
    const tables = new Map(model.tables.map((t) => [t.id, t]));
    const byTable = new Map<string, { policy: Policy; calls: string[]; using: string | null; withCheck: string | null }[]>();
    for (const p of model.policies) {
      const table = tables.get(p.table);
      if (!table) continue;
      const calls: string[] = [];
      const rewritten: Record<PolicyClause, string | null> = { USING: null, 'WITH CHECK': null };
      for (const { clause, text, node } of policyNodes(p)) {
        const result = perRowCalls(text, node, table);
        calls.push(...result.calls);
        rewritten[clause] = result.rewritten;
      }
      if (calls.length === 0) continue;
      byTable.set(p.table, [...(byTable.get(p.table) ?? []), { policy: p, calls, using: rewritten.USING, withCheck: rewritten['WITH CHECK'] }]);
    }
    for (const [table, entries] of [...byTable].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const described = entries.map((e) => `"${e.policy.name}" (${commandText(e.policy.command)} ${rolesText(e.policy)}): ${listText(callList(e.calls))}`);
      const fixes = entries.filter((e) => e.using !== null || e.withCheck !== null).map((e) => alterPolicy(model, e.policy, e.using, e.withCheck));
      const [only] = entries;
      const unless = '(unless the comparison becomes an index condition)';
      const message =
        entries.length === 1
          ? `policy "${only!.policy.name}" on ${table} (${commandText(only!.policy.command)} ${rolesText(only!.policy)}) evaluates ` +
            `${listText(callList(only!.calls))} for each row it checks ${unless}: wrapped in (select …), once per statement`
          : `${entries.length} policies on ${table} evaluate functions of the caller for each row they check ${unless} — ` +
            `${described.join('; ')}; wrapped in (select …), once per statement`;
      out.push({
        object: table,
        related: entries.map((e) => e.policy.id),
        message,
        ...(fixes.length ? { remediation: fixes.join('\n') } : {}),
      });
    }
    return out;
  },
  rewritePolicy({ model }, policy, _clause, expression) {
    const table = tableOf(model, policy.table);
    const node = table ? parseExpression(expression) : null;
    return table && node ? perRowCalls(expression, node, table).rewritten : null;
  },
};

/** `auth.uid() (2×), current_setting()`: each call once, with its count. */
function callList(calls: string[]): string[] {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => (n > 1 ? `${c} (${n}×)` : c));
}

/** The per-row calls of one expression, and the expression with each wrapped in `(select …)` (null: nothing to wrap). */
function perRowCalls(text: string, node: Node, table: Table): { calls: string[]; rewritten: string | null } {
  const calls: string[] = [];
  const edits = new Map<number, Edit>();
  walkNodes(node, ({ kind, body, ancestors }) => {
    if (!isAuthCall(kind, body) && !isCurrentSetting(kind, body)) return;
    if (!perRow(ancestors, table)) return;
    calls.push(`${callName(body)}()`);
    const target = outermostRowFreeCall(body, ancestors);
    const extent = callExtent(text, Number(target.location));
    if (extent) edits.set(extent.start, { ...extent, text: `(select ${slice(text, extent.start, extent.end)})` });
  });
  return { calls, rewritten: edits.size ? applyEdits(text, dropNested([...edits.values()])) : null };
}

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
