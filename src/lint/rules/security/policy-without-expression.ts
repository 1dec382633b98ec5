/**
 * A policy that has no expression for a command it covers: FOR INSERT without WITH CHECK, FOR SELECT/DELETE without
 * USING, FOR UPDATE without USING, FOR ALL with neither.
 *
 * What PostgreSQL does (rewrite/rowsecurity.c, checked on PostgreSQL 18): it ORs the expressions the permissive
 * policies *have* and denies when none exists, and ANDs the restrictive ones that exist. So a permissive policy without
 * the expression a command needs allows nothing for that command — it is not `WITH CHECK (true)`, as is often assumed
 * (a "fix" to true would open the table) — and a restrictive one restricts nothing. ALL and UPDATE policies with USING
 * but no WITH CHECK are fine: Postgres reuses USING as the check, and they are not reported.
 */
import type { Rule } from '../../types.js';
import { appliedExpressions, commandsOf, commandText, listText, rolesText, type Command } from './shared.js';

export const policyWithoutExpression: Rule = {
  meta: {
    id: 'security/policy-without-expression',
    category: 'security',
    severity: 'warning',
    description: 'A policy without the USING or WITH CHECK expression a command it covers needs.',
    rationale:
      'PostgreSQL combines only the expressions policies have. A permissive FOR INSERT policy without WITH CHECK therefore ' +
      'admits no row at all (often believed to admit every row), and a restrictive policy without an expression restricts ' +
      'nothing — in both cases the policy does not do what its author meant, and the obvious "fix", WITH CHECK (true), ' +
      'opens the table to every row.',
    fix:
      'Give the policy the condition it is meant to enforce: WITH CHECK (…) for INSERT, USING (…) for SELECT, UPDATE and ' +
      'DELETE — the condition on the row, e.g. `user_id = (select auth.uid())`. Drop the policy if it is not needed.',
    links: ['https://www.postgresql.org/docs/current/sql-createpolicy.html', 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ model }) {
    const out = [];
    for (const p of model.policies) {
      const missing: { command: Command; clause: 'USING' | 'WITH CHECK' }[] = [];
      for (const c of commandsOf(p)) {
        const applied = appliedExpressions(p, c);
        if (c === 'insert' ? applied.newRows === null : applied.rows === null) missing.push({ command: c, clause: c === 'insert' ? 'WITH CHECK' : 'USING' });
      }
      if (missing.length === 0) continue;
      const commands = listText(missing.map((m) => m.command.toUpperCase()));
      const clauses = listText([...new Set(missing.map((m) => m.clause))]);
      out.push({
        object: p.id,
        message: p.permissive
          ? `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) has no ${clauses}: PostgreSQL admits nothing ` +
            `through it for ${commands} (a permissive policy without the expression adds no row — it is not "true")`
          : `restrictive policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) has no ${clauses}: ` +
            `it restricts nothing for ${commands}`,
      });
    }
    return out;
  },
};
