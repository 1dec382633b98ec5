/**
 * A permissive policy whose condition never looks at the row: no column of the table, only who is asking — typically
 * `auth.uid() IS NOT NULL` or `auth.role() = 'authenticated'`. It admits every row to everyone it admits at all.
 *
 * Not reported (each from the parse tree): constants and constant-valued conditions (`x OR true`; `true` is policy-always-true-write's and
 * tenant-policy-always-true-read's; `false` denies), conditions with a subquery (other than the `(select auth.uid())`
 * wrapping, which is seen through) or a call to one of the user's
 * functions (`is_admin()`, `EXISTS (SELECT … WHERE user_id = auth.uid())`: a deliberate "this group sees all" gate we
 * cannot see into), and selective gates that compare the caller's identity with a specific value
 * (`auth.jwt() ->> 'role' = 'admin'`, `auth.uid() = '…'`) — the values `anon` and `authenticated` are not selective:
 * every signed-in (or anonymous) caller has them. Restrictive policies are left out: a row-independent restrictive
 * policy ("must be signed in") is a sound floor.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { kindOf, literalText, parseExpression } from '../../../analyze/sql-expr.js';
import type { Func } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import {
  bypassRoles,
  callerIndependent,
  callsUserFunction,
  commandText,
  hasRealSubquery,
  isConstant,
  listText,
  onlyBypassRoles,
  readsRow,
  rolesText,
  some,
  truth,
  userFunctionsByName,
} from './shared.js';

export const policyIgnoresRow: Rule = {
  meta: {
    id: 'security/policy-ignores-row',
    category: 'security',
    severity: 'warning',
    description: 'A permissive policy whose condition references no column of its row.',
    rationale:
      'A policy condition that only tests who is asking (`auth.uid() IS NOT NULL`, `auth.role() = \'authenticated\'`) ' +
      'decides whether the caller may see the table, not which rows: every signed-in user sees and changes every ' +
      'row — every other user\'s and every tenant\'s. It is the commonest Supabase policy mistake ("enable access for ' +
      'authenticated users").',
    fix:
      'Tie the row to the caller: compare its owner or tenant column with the caller (`user_id = (select auth.uid())`). ' +
      'If every signed-in user really may see every row, say so with `USING (true)` TO authenticated and a comment.',
    links: ['https://supabase.com/docs/guides/database/postgres/row-level-security', 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ model }) {
    const bypass = bypassRoles(model);
    const userFunctions = userFunctionsByName(model);
    const out = [];
    for (const p of model.policies) {
      if (!p.permissive || onlyBypassRoles(p, bypass)) continue;
      const clauses: string[] = [];
      for (const [clause, text] of [['USING', p.using], ['WITH CHECK', p.withCheck]] as const) {
        const node = text === null ? null : parseExpression(text);
        if (node && ignoresRow(node, userFunctions)) clauses.push(`${clause} (${text})`);
      }
      if (clauses.length === 0) continue;
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) never looks at the row — ` +
          `${listText(clauses)}: everyone it admits gets every row of ${p.table}`,
      });
    }
    return out;
  },
};

function ignoresRow(node: Node, userFunctions: Map<string, Func[]>): boolean {
  if (readsRow(node) || isConstant(node) || truth(node) !== null || hasRealSubquery(node) || callsUserFunction(node, userFunctions)) return false;
  return !selective(node, userFunctions);
}

const EVERYONE = new Set(['anon', 'authenticated']);

/** Some comparison pits something that depends on the caller against a specific value (not anon/authenticated). */
function selective(node: Node, userFunctions: Map<string, Func[]>): boolean {
  return some(node, (kind, body) => {
    if (kind !== 'A_Expr') return false;
    const sides = [body.lexpr, body.rexpr] as (Node | undefined)[];
    const values: (string | null)[] = [];
    for (const s of sides) {
      if (!s) continue;
      const [k, b] = kindOf(s);
      if (k === 'A_ArrayExpr' || k === 'List') {
        for (const e of ((b.elements ?? b.items) as Node[] | undefined) ?? []) values.push(literalText(e));
      } else {
        values.push(literalText(s));
      }
    }
    const caller = sides.some((s) => s !== undefined && literalText(s) === null && !callerIndependent(s, userFunctions));
    return caller && values.some((v) => v !== null && !EVERYONE.has(v));
  });
}
