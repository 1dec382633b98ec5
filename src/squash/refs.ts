/**
 * What a statement refers to — relations (`FROM users`, `INHERITS (p)`), functions it calls, types it names —
 * read from its parse tree by the real PostgreSQL parser (libpg-query), never matched as text. The squash script
 * orders its statements by these references: a table after the function its DEFAULT or CHECK calls, a view after
 * the views it reads, a function whose signature or SQL-standard body uses a table after that table.
 *
 * What the parser cannot see is not a reference: a PL/pgSQL body, or a `LANGUAGE sql` body written as a string,
 * is text until it runs (the script turns `check_function_bodies` off so that such bodies may name anything).
 *
 * The parser must be loaded first (`await loadExpressionParser()` from analyze/sql-expr.ts); `parserReady()` says
 * whether it is.
 */
import { parseSync } from 'libpg-query';

/** A name as written: `[schema, name]` or `[name]`. */
export type Name = string[];

export interface Refs {
  relations: Name[];
  functions: Name[];
  types: Name[];
}

/** Whether libpg-query's module is loaded (parseSync throws until it is). */
export function parserReady(): boolean {
  try {
    parseSync('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * The references of one or more SQL statements. A statement that does not parse has no references (the texts come
 * from Postgres, so it does; if it did not, ordering falls back to the kind of object, and the round trip would say
 * what went wrong).
 */
export function statementRefs(sql: string): Refs {
  const refs: Refs = { relations: [], functions: [], types: [] };
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return refs;
  }
  collect(tree, refs);
  return refs;
}

function strings(list: unknown): Name {
  if (!Array.isArray(list)) return [];
  return list.map((part) => {
    const s = (part as { String?: { sval?: string } }).String?.sval;
    return typeof s === 'string' ? s : '';
  });
}

function collect(node: unknown, refs: Refs): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, refs);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  // A TypeName is not wrapped in a `{ "TypeName": … }` node where it is a field (typeName, argType, returnType).
  if (Array.isArray(o.names) && 'typemod' in o) refs.types.push(strings(o.names));
  for (const [key, value] of Object.entries(o)) {
    if (key === 'RangeVar' && value && typeof value === 'object') {
      const r = value as { schemaname?: string; relname?: string };
      if (r.relname) refs.relations.push(r.schemaname ? [r.schemaname, r.relname] : [r.relname]);
    } else if (key === 'FuncCall' && value && typeof value === 'object') {
      refs.functions.push(strings((value as { funcname?: unknown }).funcname));
    }
    collect(value, refs);
  }
}
