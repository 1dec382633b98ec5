/**
 * The words of identifiers (analyze/naming.ts) for the rules, memoised by name. Several rules read the words of every
 * column of every table, and a schema repeats a few column names (id, tenant_id, created_at) across thousands of
 * tables: each distinct name is split (a few Unicode regular expressions) once. The arrays are shared between callers,
 * hence readonly.
 */
import { nameWords, singular } from '../analyze/naming.js';

/** The lowercase words of an identifier (`HTTPServer` → http, server); analyze memoises them already. */
export { nameWords };

const singularCache = new Map<string, readonly string[]>();
const snakeCache = new Map<string, string>();

/** The words of an identifier, each in its singular form (`AuditLogs` → audit, log). */
export function singularWords(name: string): readonly string[] {
  let hit = singularCache.get(name);
  if (hit === undefined) {
    hit = nameWords(name).map(singular);
    singularCache.set(name, hit);
  }
  return hit;
}

/** The words joined by `_`: `userId`, `UserID` and `user_id` are all `user_id`. */
export function normaliseColumn(name: string): string {
  let hit = snakeCache.get(name);
  if (hit === undefined) {
    hit = nameWords(name).join('_');
    snakeCache.set(name, hit);
  }
  return hit;
}
