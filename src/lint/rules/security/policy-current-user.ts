/**
 * A policy that keys rows by the database role: CURRENT_USER / SESSION_USER / CURRENT_ROLE / USER compared with a
 * column (`owner = current_user`, anywhere in the expression, subqueries included). Comparing them with a constant
 * (`current_user = 'admin_role'`) is a role gate and is not reported.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { kindOf } from '../../../analyze/sql-expr.js';
import type { Rule } from '../../types.js';
import { commandText, isSupabase, listText, policyNodes, rolesText, some } from './shared.js';

const NAMES: Record<string, string> = {
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_USER: 'USER',
};

export const policyCurrentUser: Rule = {
  meta: {
    id: 'security/policy-current-user',
    category: 'security',
    severity: 'warning',
    description: 'A policy compares CURRENT_USER or SESSION_USER with a column.',
    rationale:
      'CURRENT_USER is the database role, not the application user. Behind a connection pool, PostgREST or Supabase, ' +
      'every end user shares one role (`authenticated`, `app`), so a policy like `owner = current_user` either lets ' +
      'all of them see each other\'s rows or none of them see any. It is only right when each person logs in as their ' +
      'own database role; SESSION_USER is the login role of the pool itself.',
    fix:
      'Compare with the application identity the connection carries: `auth.uid()` on Supabase, or a setting the app sets ' +
      "per transaction (`nullif(current_setting('app.user_id', true), '')::uuid`).",
    links: ['https://www.postgresql.org/docs/current/functions-info.html', 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ model }) {
    const out = [];
    for (const p of model.policies) {
      const used = new Set<string>();
      for (const { node } of policyNodes(p)) {
        some(node, (kind, body) => {
          if (kind !== 'A_Expr') return false;
          const sides = [body.lexpr, body.rexpr] as (Node | undefined)[];
          const fn = sides.map(sessionFunction).find((n) => n !== null);
          const column = sides.some((s) => s !== undefined && sessionFunction(s) === null && some(s, (k) => k === 'ColumnRef'));
          if (fn && column) used.add(fn);
          return false;
        });
      }
      if (used.size === 0) continue;
      const pool = isSupabase(model) ? 'on Supabase it is `anon` or `authenticated` for every API user' : 'behind a pool every user shares one role';
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) compares ${listText([...used].sort())} ` +
          `with a column: that is the database role, and ${pool}`,
      });
    }
    return out;
  },
};

/** The session-role function a node is (casts stripped), or null. */
function sessionFunction(node: Node | undefined): string | null {
  if (!node) return null;
  let n = node;
  for (;;) {
    const [kind, body] = kindOf(n);
    if (kind === 'TypeCast' && body.arg) {
      n = body.arg as Node;
      continue;
    }
    if (kind === 'SQLValueFunction') return NAMES[String(body.op)] ?? null;
    return null;
  }
}
