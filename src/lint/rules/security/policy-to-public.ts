/**
 * On a Supabase model, a write policy TO PUBLIC (the default when CREATE POLICY names no role) whose condition does not
 * keep `anon` out: unauthenticated API callers get the write too.
 *
 * "Keeps anon out", from the parse tree: a top-level conjunct (every branch of an OR) that is NULL or false for the
 * anon role — `auth.uid() = …`, `auth.uid() IS NOT NULL`, `auth.email() = …`, `auth.jwt() ->> 'sub' = …`,
 * `auth.role() = '<a role other than anon>'` (or `<> 'anon'`), the same with `auth.jwt() ->> 'role'` or CURRENT_USER;
 * `(select auth.uid())` and casts are seen through. A call to a user function cannot be seen through and does not count.
 * Reads TO PUBLIC are not reported: a row readable by everyone is usually a deliberate publication, and what matters
 * in reads — secrets anon can see, tenant rows — is sensitive-columns-exposed's and the tenant rules'. Commands with no
 * expression allow nothing (policy-without-expression).
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { boolParts, kindOf, literalText, parseExpression, stripCasts } from '../../../analyze/sql-expr.js';
import type { Rule } from '../../types.js';
import { appliedExpressions, callName, commandsOf, commandText, isSessionUser, isSupabase, listText, operatorOf, quoteIdent, tableSql, type Command } from './shared.js';

export const policyToPublic: Rule = {
  meta: {
    id: 'security/policy-to-public',
    category: 'security',
    severity: 'warning',
    description: 'On Supabase, a write policy TO PUBLIC whose condition lets the anon role through.',
    rationale:
      'A policy without a TO clause applies to PUBLIC, which includes `anon` — every unauthenticated caller of the API. ' +
      'Unless its condition is false for anon (it compares auth.uid() or checks the role), anon can insert, update or ' +
      'delete through it. Naming the roles also lets Postgres skip the policy entirely for everyone else.',
    fix: 'Name the roles: ALTER POLICY … TO authenticated (or the roles that should write), and tie the rows to the caller.',
    links: [
      'https://supabase.com/docs/guides/database/postgres/row-level-security#specify-roles-in-your-policies',
      'https://www.postgresql.org/docs/current/sql-createpolicy.html',
    ],
  },
  check({ model }) {
    if (!isSupabase(model)) return [];
    const out = [];
    for (const p of model.policies) {
      if (!p.permissive || !p.roles.includes('public')) continue;
      const open: Command[] = [];
      for (const c of commandsOf(p).filter((c) => c !== 'select')) {
        const applied = appliedExpressions(p, c);
        const texts = [applied.rows, applied.newRows].filter((t) => t !== undefined);
        if (texts.some((t) => t === null)) continue; // allows nothing for this command
        const nodes = texts.map((t) => parseExpression(t!));
        if (nodes.some((n) => n === null)) continue; // cannot judge
        // The command is open to anon unless one of the expressions it must pass keeps anon out.
        if (!nodes.some((n) => excludesAnon(n!))) open.push(c);
      }
      if (open.length === 0) continue;
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)}) applies to PUBLIC, so to anon, and nothing in it ` +
          `keeps anon out: unauthenticated callers can ${listText(open.map((c) => c.toUpperCase()))} through it`,
        remediation: `ALTER POLICY ${quoteIdent(p.name)} ON ${tableSql(model, p.table)} TO authenticated;`,
      });
    }
    return out;
  },
};

/** `(select x)` → x, casts stripped. */
function unwrap(node: Node): Node {
  let n = stripCasts(node);
  for (;;) {
    const [kind, body] = kindOf(n);
    if (kind !== 'SubLink' || body.subLinkType !== 'EXPR_SUBLINK') return n;
    const select = kindOf((body.subselect ?? {}) as Node)[1];
    const targets = select.targetList as { ResTarget: { val: Node } }[] | undefined;
    if (select.fromClause || select.whereClause || targets?.length !== 1) return n;
    n = stripCasts(targets[0]!.ResTarget.val);
  }
}

/** NULL for anon: auth.uid(), auth.email(), auth.jwt() ->> 'sub' / 'email'. */
function nullForAnon(node: Node): boolean {
  const [kind, body] = kindOf(unwrap(node));
  if (kind === 'FuncCall') return ['auth.uid', 'auth.email'].includes(callName(body));
  if (kind === 'A_Expr' && (operatorOf(body) === '->>' || operatorOf(body) === '->')) {
    const base = kindOf(unwrap(body.lexpr as Node));
    const key = body.rexpr ? literalText(body.rexpr as Node) : null;
    return base[0] === 'FuncCall' && callName(base[1]) === 'auth.jwt' && (key === 'sub' || key === 'email');
  }
  return false;
}

/** The caller's role: auth.role(), auth.jwt() ->> 'role', CURRENT_USER. */
function callerRole(node: Node): boolean {
  const [kind, body] = kindOf(unwrap(node));
  if (kind === 'FuncCall') return callName(body) === 'auth.role';
  if (isSessionUser(kind, body)) return body.op === 'SVFOP_CURRENT_USER' || body.op === 'SVFOP_CURRENT_ROLE' || body.op === 'SVFOP_USER';
  if (kind === 'A_Expr' && operatorOf(body) === '->>') {
    const base = kindOf(unwrap(body.lexpr as Node));
    return base[0] === 'FuncCall' && callName(base[1]) === 'auth.jwt' && (body.rexpr ? literalText(body.rexpr as Node) : null) === 'role';
  }
  return false;
}

export function excludesAnon(node: Node): boolean {
  const conjuncts = boolParts(node, 'AND_EXPR');
  if (conjuncts.length > 1) return conjuncts.some(excludesAnon);
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length > 1) return branches.every(excludesAnon);
  const [kind, body] = kindOf(node);
  if (kind === 'NullTest') return body.nulltesttype === 'IS_NOT_NULL' && nullForAnon(body.arg as Node);
  if (kind !== 'A_Expr') return false;
  const op = operatorOf(body);
  const left = body.lexpr as Node | undefined;
  const right = body.rexpr as Node | undefined;
  if (!left || !right) return false;
  if (body.kind === 'AEXPR_OP' && op === '=') {
    if (nullForAnon(left) || nullForAnon(right)) return true;
    const [role, other] = callerRole(left) ? [left, right] : callerRole(right) ? [right, left] : [null, null];
    if (!role || !other) return false;
    const value = literalText(other);
    return value !== null && value !== 'anon';
  }
  if (body.kind === 'AEXPR_IN' && op === '=' && nullForAnon(left)) return true;
  if (body.kind === 'AEXPR_OP' && (op === '<>' || op === '!=')) {
    const [role, other] = callerRole(left) ? [left, right] : callerRole(right) ? [right, left] : [null, null];
    return role !== null && other !== null && literalText(other) === 'anon';
  }
  return false;
}
