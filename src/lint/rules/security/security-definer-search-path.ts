/**
 * A SECURITY DEFINER function whose search_path is not pinned (no `search_path` in its SET options), or is pinned to
 * a schema where PUBLIC, anon or authenticated may CREATE objects (per the model's schema grants).
 *
 * Trigger functions count too: they run as their owner whenever the trigger fires.
 */
import type { Func, SchemaModel } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { functionSql, listText, quoteIdent } from './shared.js';

const UNTRUSTED = new Set(['public', 'anon', 'authenticated']);

export const securityDefinerSearchPath: Rule = {
  meta: {
    id: 'security/security-definer-search-path',
    category: 'security',
    severity: 'error',
    description: 'SECURITY DEFINER function without a pinned, trusted search_path.',
    rationale:
      'A SECURITY DEFINER function runs with its owner\'s rights (often a superuser, which bypasses RLS) but resolves ' +
      'unqualified names through the *caller\'s* search_path. A caller who can create a schema, a temporary table or ' +
      'an object in a schema on that path can put their own `users` table or `lower()` function first and have it ' +
      'run with the owner\'s rights. A pinned path through a schema untrusted roles can CREATE in has the same hole.',
    fix:
      "ALTER FUNCTION … SET search_path = '' and schema-qualify every name in the body (Supabase's advice), or pin it to " +
      'trusted schemas followed by pg_temp: `SET search_path = public, pg_temp` (and REVOKE CREATE ON SCHEMA from untrusted roles).',
    links: [
      'https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY',
      'https://supabase.com/docs/guides/database/database-linter?lint=0011_function_search_path_mutable',
    ],
  },
  check({ model }) {
    const out = [];
    for (const f of model.functions) {
      if (f.origin !== 'user' || !f.securityDefiner) continue;
      const path = searchPath(f);
      if (path === null) {
        out.push({
          object: f.id,
          message: `SECURITY DEFINER function ${f.id} (owner ${f.owner}) has no pinned search_path: it resolves names through the caller's search_path`,
          remediation: `ALTER FUNCTION ${functionSql(f)} SET search_path = ${quoteIdent(f.schema)}, pg_temp;\n-- or SET search_path = '' with every name in the body schema-qualified`,
        });
        continue;
      }
      const open = path.filter((s) => creators(model, s).length > 0);
      if (open.length === 0) continue;
      out.push({
        object: f.id,
        message:
          `SECURITY DEFINER function ${f.id} pins search_path to ${path.join(', ')}, but ` +
          `${listText(open.map((s) => `${listText(creators(model, s).map((r) => (r === 'public' ? 'PUBLIC' : r)))} may CREATE in ${s}`))}`,
        remediation: open.map((s) => `REVOKE CREATE ON SCHEMA ${quoteIdent(s)} FROM ${creators(model, s).map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ')};`).join('\n'),
      });
    }
    return out;
  },
};

/** The schemas of a `search_path=` SET option, or null when the function has none. */
export function searchPath(f: Func): string[] | null {
  const entry = f.config.find((c) => c.startsWith('search_path='));
  if (entry === undefined) return null;
  return entry
    .slice('search_path='.length)
    .split(',')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
    .filter((s) => s.length > 0);
}

function creators(model: SchemaModel, schema: string): string[] {
  return model.grants
    .filter((g) => g.objectKind === 'schema' && g.object === schema && g.privilege === 'create' && UNTRUSTED.has(g.grantee))
    .map((g) => g.grantee)
    .sort();
}
