/**
 * Several permissive policies for the same role and command on one table: Postgres ORs them, so the widest one
 * decides. One finding per table and role, listing them. (Not a performance finding: OR-ed policies cost what one
 * policy with the same OR costs.)
 *
 * Roles: each role a permissive policy names, with the policies TO PUBLIC counted for it too (PUBLIC includes it);
 * PUBLIC itself stands for every other role. Roles that bypass RLS are left out (no policy applies to them).
 *
 * A policy that reads nothing of the row but asks about the caller (`has_role(auth.uid(), 'admin')`, `auth.role() =
 * 'service_role'`) is not counted: it is an override — its holders see every row, everyone else what the other
 * policy allows — the one OR that is plain to read, and the pattern behind most such pairs (39 of 39 on the
 * giftcard example). A constant policy (`USING (true)`) still counts: it makes every other one pointless.
 */
import { parseExpression, readsRow, walk } from '../../../analyze/sql-expr.js';
import type { Policy } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { bypassRoles, COMMANDS, commandsOf, onlyBypassRoles, policiesByTable, truth } from './shared.js';

/**
 * Every expression the policy has reads no row column, has no subquery (one may read the row as `table.column`),
 * and asks something of the session (a function call, CURRENT_USER…), so it is not a constant: a check of the caller only.
 */
export function isCallerOverride(p: Policy): boolean {
  const texts = [p.using, p.withCheck].filter((t): t is string => t !== null);
  return (
    texts.length > 0 &&
    texts.every((t) => {
      const node = parseExpression(t);
      if (node === null || readsRow(node) || truth(node) !== null) return false;
      let subquery = false;
      let asks = false;
      walk(node, (kind) => {
        if (kind === 'SubLink') subquery = true;
        if (kind === 'FuncCall' || kind === 'SQLValueFunction') asks = true;
      });
      return asks && !subquery;
    })
  );
}

export const multiplePermissivePolicies: Rule = {
  meta: {
    id: 'security/multiple-permissive-policies',
    category: 'security',
    severity: 'info',
    description: 'Several permissive policies apply to the same role and command on a table.',
    rationale:
      'Permissive policies are combined with OR: a row is visible (or writable) when any of them allows it, so the ' +
      'broadest one decides, and a reviewer has to read them together to know what a role can do — a new permissive ' +
      'policy can only widen access. Often intended (an admin override beside a member rule); worth knowing either way.',
    fix:
      'Keep them if the union is intended. Otherwise merge them into one policy per role and command, and make the ' +
      'conditions that must always hold (the tenant) RESTRICTIVE policies, which are AND-ed with the rest.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createpolicy.html',
      'https://supabase.com/docs/guides/database/database-linter?lint=0006_multiple_permissive_policies',
    ],
  },
  check({ model }) {
    const bypass = bypassRoles(model);
    const out = [];
    for (const [table, all] of policiesByTable(model)) {
      const policies = all.filter((p) => p.permissive && !onlyBypassRoles(p, bypass) && !isCallerOverride(p));
      const roles = [...new Set(policies.flatMap((p) => p.roles))].filter((r) => !bypass.has(r)).sort();
      for (const role of roles) {
        const applies = (p: Policy) => p.roles.includes(role) || p.roles.includes('public');
        const groups = new Map<string, string[]>(); // policy list → commands
        for (const c of COMMANDS) {
          const names = policies.filter((p) => applies(p) && commandsOf(p).includes(c)).map((p) => p.name).sort();
          if (names.length < 2) continue;
          const key = JSON.stringify(names);
          groups.set(key, [...(groups.get(key) ?? []), c.toUpperCase()]);
        }
        if (groups.size === 0) continue;
        const list = [...groups].map(([names, commands]) => `${commands.join(', ')}: ${(JSON.parse(names) as string[]).map((n) => `"${n}"`).join(' OR ')}`);
        out.push({
          object: table,
          key: role,
          message: `${table} has several permissive policies for ${role === 'public' ? 'PUBLIC (every role)' : role}, OR-ed together — ${list.join('; ')}`,
        });
      }
    }
    return out;
  },
};
