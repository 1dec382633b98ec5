/**
 * A policy calls a VOLATILE function: one of the user's functions declared (or left, by default) VOLATILE — every
 * function of that name in the model must be volatile, so an overload cannot be mistaken — or a volatile built-in
 * (`random()`, `clock_timestamp()`, `nextval()`, `gen_random_uuid()`, `set_config()`…).
 */
import type { Rule } from '../../types.js';
import { callName, commandText, functionSql, listText, policyNodes, rolesText, some, userFunctionsByName } from './shared.js';

/** Volatile functions of pg_catalog and the common extensions that a policy might call. */
const VOLATILE_BUILTINS = new Set([
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'nextval', 'setval', 'currval', 'lastval',
  'gen_random_uuid', 'uuidv4', 'uuidv7', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'set_config',
  'pg_sleep', 'txid_current', 'pg_current_xact_id', 'dblink', 'http_get',
]);

export const policyVolatileFunction: Rule = {
  meta: {
    id: 'security/policy-volatile-function',
    category: 'security',
    severity: 'warning',
    description: 'A policy calls a VOLATILE function.',
    rationale:
      'Postgres must call a volatile function for every row and cannot use it in an index condition, so the policy turns ' +
      'every query on the table into a scan with a call per row. A helper such as `is_member(org_id)` written without ' +
      'STABLE is volatile by default. Volatile calls can also see rows the statement itself changed, which makes the ' +
      'policy\'s answer depend on execution order.',
    fix: 'Declare helper functions STABLE (they read but do not modify the database) — ALTER FUNCTION … STABLE — or move the volatile part out of the policy.',
    links: ['https://www.postgresql.org/docs/current/xfunc-volatility.html', 'https://www.postgresql.org/docs/current/sql-alterfunction.html'],
  },
  check({ model }) {
    const byName = userFunctionsByName(model);
    const out = [];
    for (const p of model.policies) {
      const found = new Map<string, string | null>(); // shown name → remediation
      for (const { node } of policyNodes(p)) {
        some(node, (kind, body) => {
          if (kind !== 'FuncCall') return false;
          const name = callName(body);
          const candidates = byName.get(name);
          if (candidates?.length && candidates.every((f) => f.volatility === 'volatile')) {
            found.set(`${name}()`, candidates.map((f) => `ALTER FUNCTION ${functionSql(f)} STABLE;`).join('\n'));
          } else if (!candidates) {
            const parts = name.split('.');
            const bare = parts.length === 1 ? parts[0]! : parts.length === 2 && (parts[0] === 'pg_catalog' || parts[0] === 'extensions') ? parts[1]! : null;
            if (bare && VOLATILE_BUILTINS.has(bare)) found.set(`${name}()`, null);
          }
          return false;
        });
      }
      if (found.size === 0) continue;
      const fixes = [...found.values()].filter((r): r is string => r !== null);
      out.push({
        object: p.id,
        message: `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}) calls the volatile ${listText([...found.keys()].sort())}: evaluated for every row, never as an index condition`,
        ...(fixes.length ? { remediation: `${fixes.join('\n')}\n-- only if the function does not modify the database` } : {}),
      });
    }
    return out;
  },
};
