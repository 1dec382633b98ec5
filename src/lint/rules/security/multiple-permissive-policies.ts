/**
 * Several permissive policies for the same role and command on one table: Postgres ORs them, so the widest one
 * decides. One finding per table and role, listing them. (Not a performance finding: OR-ed policies cost what one
 * policy with the same OR costs.)
 *
 * Roles: each role a permissive policy names, with the policies TO PUBLIC counted for it too (PUBLIC includes it);
 * PUBLIC itself stands for every other role. Roles that bypass RLS are left out (no policy applies to them).
 */
import type { Policy } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { bypassRoles, COMMANDS, commandsOf, onlyBypassRoles, policiesByTable } from './shared.js';

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
      const policies = all.filter((p) => p.permissive && !onlyBypassRoles(p, bypass));
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
