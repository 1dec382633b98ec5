/** A user function marked LEAKPROOF: Postgres may run it on rows RLS would hide, trusting it not to reveal them. */
import type { Rule } from '../../types.js';
import { functionSql } from './shared.js';

export const leakproofFunction: Rule = {
  meta: {
    id: 'security/leakproof-function',
    category: 'security',
    severity: 'warning',
    description: 'A user-defined function is marked LEAKPROOF.',
    rationale:
      'The planner may evaluate a LEAKPROOF function before the RLS and security_barrier conditions, on rows the caller ' +
      'must not see, because it promises to reveal nothing about its arguments. A function that raises an error ' +
      'mentioning its input, logs, or returns early on some values breaks that promise and leaks hidden rows one ' +
      'query at a time. Only a superuser can set it; it is rarely justified outside simple operators.',
    fix: 'ALTER FUNCTION … NOT LEAKPROOF, unless the function provably cannot signal anything about its arguments (no errors, no side effects).',
    links: ['https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-LEAKPROOF', 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html'],
  },
  check({ model }) {
    return model.functions
      .filter((f) => f.origin === 'user' && f.leakproof)
      .map((f) => ({
        object: f.id,
        message: `${f.id} is LEAKPROOF: the planner may call it on rows RLS hides from the caller, before the policies filter them`,
        remediation: `ALTER FUNCTION ${functionSql(f)} NOT LEAKPROOF;`,
      }));
  },
};
