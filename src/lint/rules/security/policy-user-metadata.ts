/**
 * A policy that trusts user-editable claims: `auth.jwt() -> 'user_metadata'` (or `->>`, `#>`/`#>>` with a path that
 * starts there), the same from `current_setting('request.jwt.claims', …)`, the old per-claim setting
 * `request.jwt.claim.user_metadata`, or `auth.users.raw_user_meta_data` read in a subquery. From the parse tree: the
 * JSON operator, its key literal, and the call the chain starts from (casts and `(select …)` seen through).
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { columnRefName, kindOf, literalText, stripCasts } from '../../../analyze/sql-expr.js';
import type { Rule } from '../../types.js';
import { callName, commandText, isCurrentSetting, listText, operatorOf, policyNodes, rolesText, some } from './shared.js';

export const policyUserMetadata: Rule = {
  meta: {
    id: 'security/policy-user-metadata',
    category: 'security',
    severity: 'error',
    description: "A policy reads the JWT's user_metadata, which users can edit.",
    rationale:
      'On Supabase, `user_metadata` (raw_user_meta_data) is set by the user: any signed-in user can call ' +
      '`supabase.auth.updateUser({ data: { role: \'admin\' } })` and the next token carries it. A policy that decides ' +
      'on it — a role, a tenant, a flag — lets every user grant themselves that access.',
    fix:
      'Keep authorization data where users cannot write it: `app_metadata` (set only with the service role), or a table ' +
      'the user cannot modify, read with `(select auth.uid())`.',
    links: [
      'https://supabase.com/docs/guides/database/database-linter?lint=0015_rls_references_user_metadata',
      'https://supabase.com/docs/guides/auth/managing-user-data#adding-and-retrieving-user-metadata',
    ],
  },
  check({ model }) {
    const out = [];
    for (const p of model.policies) {
      const found = new Set<string>();
      for (const { node } of policyNodes(p)) {
        some(node, (kind, body) => {
          if (kind === 'A_Expr' && readsUserMetadata(body)) found.add("the JWT's user_metadata");
          if (isCurrentSetting(kind, body)) {
            const name = (body.args as Node[] | undefined)?.[0];
            if (name && literalText(name) === 'request.jwt.claim.user_metadata') found.add("the setting request.jwt.claim.user_metadata");
          }
          if (kind === 'ColumnRef') {
            const parts = columnRefName({ ColumnRef: body });
            if (parts?.[parts.length - 1] === 'raw_user_meta_data') found.add('auth.users.raw_user_meta_data');
          }
          return false;
        });
      }
      if (found.size === 0) continue;
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) decides on ${listText([...found].sort())}, ` +
          'which every user can edit for themselves',
      });
    }
    return out;
  },
};

/** `<claims> -> 'user_metadata'`, `<claims> #>> '{user_metadata,…}'`, with `<claims>` the JWT. */
function readsUserMetadata(body: Record<string, unknown>): boolean {
  const op = operatorOf(body);
  const key = body.rexpr ? literalText(body.rexpr as Node) : null;
  if (key === null) return false;
  const path = key.replace(/^\{|\}$/g, '').split(',')[0]?.trim().replace(/^"|"$/g, '');
  const hits = ((op === '->' || op === '->>') && key === 'user_metadata') || ((op === '#>' || op === '#>>') && path === 'user_metadata');
  return hits && isClaims(body.lexpr as Node | undefined);
}

/** auth.jwt(), or current_setting('request.jwt.claims' …) (cast to json/jsonb), through casts and `(select …)`. */
function isClaims(node: Node | undefined): boolean {
  if (!node) return false;
  let n = stripCasts(node);
  for (;;) {
    const [kind, body] = kindOf(n);
    if (kind === 'SubLink' && body.subLinkType === 'EXPR_SUBLINK') {
      const select = kindOf((body.subselect ?? {}) as Node)[1];
      const targets = select.targetList as { ResTarget: { val: Node } }[] | undefined;
      if (targets?.length !== 1) return false;
      n = stripCasts(targets[0]!.ResTarget.val);
      continue;
    }
    if (kind === 'FuncCall' && callName(body) === 'auth.jwt') return true;
    if (isCurrentSetting(kind, body)) {
      const name = (body.args as Node[] | undefined)?.[0];
      return name !== undefined && literalText(name) === 'request.jwt.claims';
    }
    return false;
  }
}
