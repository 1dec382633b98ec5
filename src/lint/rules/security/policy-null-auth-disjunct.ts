/**
 * A permissive read policy (SELECT or ALL) whose USING is an OR with a branch that holds when the caller's identity is
 * missing: `auth.uid() IS NULL OR owner_id = auth.uid()`, `NOT (auth.jwt() IS NOT NULL) OR …`, the same with
 * `current_setting('app.user', true)` (missing_ok: NULL when unset). For every session without a user — anon, a
 * background job, a pooled connection before the app sets the setting — the policy is true and shows every row.
 * Almost always inverted logic (`IS NOT NULL AND …` was meant).
 *
 * From the parse tree: the top-level OR branches of USING, a NullTest IS NULL (or NOT of IS NOT NULL) over the call,
 * casts and a scalar `(select …)` seen through. Only calls that return NULL when unset count: current_setting without
 * missing_ok raises instead. Severity: an error when the policy applies to PUBLIC or anon (a signed-out visitor is
 * such a session), a warning otherwise. The fix ANDs `(select <call>) IS NOT NULL` onto the expression, which drops
 * the branch without rewriting the rest.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { boolParts, kindOf, literalText, parseExpression, stripCasts } from '../../../analyze/sql-expr.js';
import type { Rule } from '../../types.js';
import { alterPolicy, callExtent, commandText, isAuthCall, isCurrentSetting, policyNodes, rolesText, slice } from './shared.js';

/** The call a scalar `(select f())` or a cast wraps, else the node itself. */
function unwrap(node: Node): Node {
  let current = stripCasts(node);
  for (;;) {
    const [kind, body] = kindOf(current);
    if (kind !== 'SubLink' || body.subLinkType !== 'EXPR_SUBLINK') return current;
    const select = kindOf((body.subselect ?? {}) as Node)[1];
    const targets = select.targetList as { ResTarget?: { val?: Node } }[] | undefined;
    if (select.fromClause || targets?.length !== 1 || !targets[0]?.ResTarget?.val) return current;
    current = stripCasts(targets[0].ResTarget.val);
  }
}

/** A call of the caller's identity that is NULL when there is none. */
function nullableIdentity(node: Node): Record<string, unknown> | null {
  const [kind, body] = kindOf(unwrap(node));
  if (isAuthCall(kind, body)) return body;
  if (isCurrentSetting(kind, body)) {
    const missingOk = (body.args as Node[] | undefined)?.[1];
    const value = missingOk ? kindOf(stripCasts(missingOk)) : null;
    const on = value && value[0] === 'A_Const' && (value[1].boolval as { boolval?: boolean } | undefined)?.boolval === true;
    return on || (missingOk && literalText(missingOk) === 'true') ? body : null;
  }
  return null;
}

/** The identity call a branch tests for NULL (`x IS NULL`, `NOT (x IS NOT NULL)`), or null. */
function nullTested(branch: Node): Record<string, unknown> | null {
  const [kind, body] = kindOf(branch);
  if (kind === 'NullTest') return body.nulltesttype === 'IS_NULL' ? nullableIdentity(body.arg as Node) : null;
  if (kind === 'BoolExpr' && body.boolop === 'NOT_EXPR') {
    const [k, b] = kindOf(((body.args as Node[] | undefined) ?? [])[0] ?? {});
    return k === 'NullTest' && b.nulltesttype === 'IS_NOT_NULL' ? nullableIdentity(b.arg as Node) : null;
  }
  return null;
}

/** The text of the identity call a top-level OR branch of `text` tests for NULL, or null. */
function disjunct(text: string, node: Node): string | null {
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length < 2) return null;
  for (const b of branches) {
    const call = nullTested(b);
    const extent = call ? callExtent(text, Number(call.location)) : null;
    if (extent) return slice(text, extent.start, extent.end);
  }
  return null;
}

export const policyNullAuthDisjunct: Rule = {
  meta: {
    id: 'security/policy-null-auth-disjunct',
    category: 'security',
    severity: 'warning',
    description: 'A read policy OR-ed with "the caller\'s identity IS NULL": true for every session without a user (an error when anon or PUBLIC can use it).',
    rationale:
      'auth.uid(), auth.jwt() and current_setting(…, true) are NULL when nobody is signed in or the setting is not set. ' +
      '`auth.uid() IS NULL OR owner_id = auth.uid()` therefore shows every row to exactly the sessions that should see ' +
      'least: the anonymous API role, cron jobs, connections before the application sets its context.',
    fix: 'Drop the IS NULL branch (`… IS NOT NULL AND owner_id = …` was probably meant), or give sessions without a user a policy of their own.',
    links: [
      'https://supabase.com/docs/guides/database/database-linter?lint=0030_rls_policy_null_auth_disjunct',
      'https://www.postgresql.org/docs/current/ddl-rowsecurity.html',
    ],
  },
  check({ model }) {
    const out = [];
    for (const p of model.policies) {
      if (!p.permissive || (p.command !== 'select' && p.command !== 'all') || p.using === null) continue;
      const using = policyNodes(p).find((n) => n.clause === 'USING');
      const call = using ? disjunct(using.text, using.node) : null;
      if (!call) continue;
      const open = p.roles.includes('public') || p.roles.includes('anon');
      out.push({
        object: p.id,
        ...(open ? { severity: 'error' as const } : {}),
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) is true whenever ${call} is NULL ` +
          `(USING ${p.using}): every session without a user${open ? ' — anon included —' : ''} sees every row`,
        remediation: alterPolicy(model, p, `(${p.using}) AND (select ${call}) IS NOT NULL`, null),
      });
    }
    return out;
  },
  rewritePolicy(_ctx, _policy, clause, expression) {
    const node = clause === 'USING' ? parseExpression(expression) : null;
    const call = node ? disjunct(expression, node) : null;
    return call ? `(${expression}) AND (select ${call}) IS NOT NULL` : null;
  },
};
