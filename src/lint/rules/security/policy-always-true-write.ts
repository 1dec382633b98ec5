/**
 * A permissive write policy whose condition is constant true (`true`, `1 = 1`, `x OR true`, read from the parse tree):
 * for INSERT the WITH CHECK (or, for ALL without one, USING), for UPDATE and DELETE the USING that picks the rows.
 *
 * An UPDATE whose USING restricts but whose WITH CHECK is true is policy-check-looser-than-using's. Left out: policies
 * only for roles that bypass RLS anyway, and commands where a restrictive policy for the same roles ANDs a real
 * condition on. SELECT is not a write: `USING (true)` on a public catalogue is fine (tenant-policy-always-true-read
 * covers tenant tables).
 */
import type { Policy, SchemaModel } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { parseExpression } from '../../../analyze/sql-expr.js';
import {
  alterPolicy,
  appliedExpressions,
  bypassRoles,
  commandsOf,
  commandText,
  listText,
  onlyBypassRoles,
  policiesByTable,
  quoteIdent,
  restrictedBy,
  rolesText,
  tableSql,
  truth,
  type Command,
} from './shared.js';

/** The write commands for which a permissive policy admits every row (see the header); empty when none. */
export function alwaysTrueWrites(p: Policy, tablePolicies: Policy[]): Command[] {
  const open: Command[] = [];
  for (const c of commandsOf(p).filter((c) => c !== 'select')) {
    const part = c === 'insert' ? 'newRows' : 'rows';
    const text = appliedExpressions(p, c)[part];
    const node = text ? parseExpression(text) : null;
    if (node && truth(node) === true && !restrictedBy(p, c, tablePolicies, part)) open.push(c);
  }
  return open;
}

export const policyAlwaysTrueWrite: Rule = {
  meta: {
    id: 'security/policy-always-true-write',
    category: 'security',
    severity: 'error',
    description: 'A permissive INSERT/UPDATE/DELETE/ALL policy whose condition is always true.',
    rationale:
      'Permissive policies are OR-ed: one whose condition is constant true lets its roles insert any row, or update and ' +
      'delete every row, whatever the other policies say. `USING (true)` copied from a read policy into FOR ALL is the ' +
      'usual way this happens; `1 = 1` and `… OR true` are the same thing.',
    fix:
      'Write the condition the rows must meet (the owner or tenant column against the caller, e.g. ' +
      '`user_id = (select auth.uid())`) in USING and WITH CHECK, or limit the policy to FOR SELECT if only reads are meant.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createpolicy.html',
      'https://supabase.com/docs/guides/database/database-linter?lint=0024_permissive_rls_policy',
    ],
  },
  check({ model }) {
    const bypass = bypassRoles(model);
    const byTable = policiesByTable(model);
    const out = [];
    for (const p of model.policies) {
      if (!p.permissive || onlyBypassRoles(p, bypass)) continue;
      const open = alwaysTrueWrites(p, byTable.get(p.table) ?? []);
      if (open.length === 0) continue;
      const clauses: string[] = [];
      const usingOpen = open.some((c) => c !== 'insert') || (open.includes('insert') && p.withCheck === null);
      if (usingOpen) clauses.push(`USING (${p.using})${p.withCheck === null && p.command !== 'delete' ? ' (also the check on new rows: there is no WITH CHECK)' : ''}`);
      if (open.includes('insert') && p.withCheck !== null) clauses.push(`WITH CHECK (${p.withCheck})`);
      const effect: string[] = [];
      if (open.includes('insert')) effect.push('insert any row');
      if (open.includes('update')) effect.push('update every row');
      if (open.includes('delete')) effect.push('delete every row');
      out.push({
        object: p.id,
        message:
          `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) is always true — ` +
          `${clauses.join(' and ')}: its roles can ${listText(effect)}`,
        remediation: remediation(model, p),
      });
    }
    return out;
  },
};

/**
 * For FOR ALL with `USING (true)` — usually a read policy written as ALL — the runnable fix that keeps the reads and
 * drops the writes; otherwise the ALTER POLICY to complete with the condition (the model cannot know it).
 */
function remediation(model: SchemaModel, p: Policy): string {
  const table = tableSql(model, p.table);
  const roles = p.roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ');
  if (p.command === 'all' && p.using !== null && p.withCheck === null) {
    return (
      `-- if only reads are meant:\nDROP POLICY ${quoteIdent(p.name)} ON ${table};\n` +
      `CREATE POLICY ${quoteIdent(p.name)} ON ${table} FOR SELECT TO ${roles} USING (${p.using});`
    );
  }
  return alterPolicy(
    model,
    p,
    p.command === 'insert' ? null : '/* the rows these roles may change, e.g. user_id = (select auth.uid()) */',
    p.command === 'delete' ? null : '/* what new rows must satisfy, usually the same condition */',
  );
}
