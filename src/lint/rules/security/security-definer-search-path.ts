/**
 * A SECURITY DEFINER function whose search_path is not pinned (no `search_path` in its SET options), is pinned to a
 * list that does not end with pg_temp, or is pinned to a schema where PUBLIC, anon or authenticated may CREATE objects
 * (per the model's schema grants). An empty path (`SET search_path = ''`) is safe: only pg_catalog is searched, and
 * pg_temp for relations — where nothing the body names unqualified should be.
 *
 * Per PostgreSQL's "Writing SECURITY DEFINER Functions Safely": when pg_temp is not listed it is searched *first* for
 * relations (tables, views), so `SET search_path = public` lets a caller's temporary table shadow the body's; pg_temp
 * must be listed, and listed last (anything after it is shadowed by temporary tables too).
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
      'run with the owner\'s rights. A pinned path through a schema untrusted roles can CREATE in has the same hole, ' +
      'and so does one without pg_temp at its end: when pg_temp is not listed, PostgreSQL searches it first for tables ' +
      'and views, and every role may create temporary tables by default.',
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
      if (path.length === 0) continue; // `SET search_path = ''`: pg_catalog only (and pg_temp, for relations)
      const open = path.filter((s) => s !== 'pg_temp' && creators(model, s).length > 0);
      const tempLast = path[path.length - 1] === 'pg_temp';
      if (open.length === 0 && tempLast) continue;
      const problems: string[] = [];
      if (!tempLast) {
        problems.push(
          path.includes('pg_temp')
            ? `pg_temp is not last, so the caller's temporary tables and views shadow those of ${listText(path.slice(path.indexOf('pg_temp') + 1))} the body names without a schema`
            : "pg_temp is not listed, so PostgreSQL searches the caller's temporary schema first for tables and views: a temporary table the caller creates shadows any the body names without a schema",
        );
      }
      if (open.length) {
        problems.push(listText(open.map((s) => `${listText(creators(model, s).map((r) => (r === 'public' ? 'PUBLIC' : r)))} may CREATE in ${s}`)));
      }
      const fixes: string[] = [];
      if (!tempLast) {
        const kept = path.filter((s) => s !== 'pg_temp').map(pathEntry);
        fixes.push(`ALTER FUNCTION ${functionSql(f)} SET search_path = ${[...kept, 'pg_temp'].join(', ')};`);
      }
      for (const s of open) fixes.push(`REVOKE CREATE ON SCHEMA ${quoteIdent(s)} FROM ${creators(model, s).map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ')};`);
      out.push({
        object: f.id,
        message: `SECURITY DEFINER function ${f.id} pins search_path to ${path.join(', ')}, but ${problems.join('; and ')}`,
        remediation: fixes.join('\n'),
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

/** A search_path entry as SQL: `"$user"` stays a quoted name, others are quoted as needed. */
function pathEntry(schema: string): string {
  return schema === '$user' ? '"$user"' : quoteIdent(schema);
}

function creators(model: SchemaModel, schema: string): string[] {
  return model.grants
    .filter((g) => g.objectKind === 'schema' && g.object === schema && g.privilege === 'create' && UNTRUSTED.has(g.grantee))
    .map((g) => g.grantee)
    .sort();
}
