/**
 * What a function's body does, read from `pg_get_functiondef()` text with the real parsers (libpg-query for SQL,
 * its PL/pgSQL parser for PL/pgSQL), for the rules that need it: whether it writes (a SECURITY DEFINER function that
 * writes is an escalation, one that only reads a leak), and, for a one-statement SQL function, the expression it
 * returns (so that a policy calling it can be read as if it were written inline). Other languages are unknown (null).
 */
import { parsePlPgSQLSync, parseSync } from 'libpg-query';
import { funcCallName, kindOf, parseExpression, walk, type Node } from './sql-expr.js';
import type { Func, SchemaModel } from '../model/types.js';

/** Statements that change data, the schema or privileges. */
const WRITING = /^(Insert|Update|Delete|Merge|Truncate|Copy|Create|Alter|Drop|Grant|GrantRole|Rename|Comment|Reindex|Cluster|Vacuum|Refresh|Reassign|SecLabel)/;

export interface Body {
  /** Parse trees of the SQL the body runs (statements and expressions). */
  trees: Node[];
  /** PL/pgSQL's EXECUTE of a string: anything can run. */
  dynamic: boolean;
  /** The statements of a SQL function as written (its `AS '…'` string parsed), for inlining. */
  sqlStatements: Node[];
}

const cache = new WeakMap<Func, Body | null>();

/** The body's parse trees; null when the language is not SQL or PL/pgSQL, or the text does not parse. */
export function functionBody(fn: Func): Body | null {
  if (cache.has(fn)) return cache.get(fn)!;
  const body = readBody(fn);
  cache.set(fn, body);
  return body;
}

function readBody(fn: Func): Body | null {
  if (!fn.definition) return null;
  try {
    if (fn.language === 'sql') {
      const created = parseSync(fn.definition) as unknown as { stmts: { stmt: Node }[] };
      const stmt = created.stmts[0]?.stmt;
      if (!stmt) return null;
      const statements: Node[] = [];
      for (const option of (kindOf(stmt)[1].options as Node[] | undefined) ?? []) {
        const def = kindOf(option)[1];
        if (def.defname !== 'as') continue;
        walk(def.arg, (k, b) => {
          if (k === 'String' && typeof b.sval === 'string') {
            for (const s of (parseSync(b.sval) as unknown as { stmts: { stmt: Node }[] }).stmts) statements.push(s.stmt);
          }
        });
      }
      // A SQL-standard body (BEGIN ATOMIC … END, RETURN expr) is part of the CREATE statement itself.
      return { trees: statements.length ? statements : [stmt], dynamic: false, sqlStatements: statements };
    }
    if (fn.language === 'plpgsql') {
      const trees: Node[] = [];
      let dynamic = false;
      walk(parsePlPgSQLSync(fn.definition), (k, b) => {
        if (k === 'PLpgSQL_stmt_dynexecute' || k === 'PLpgSQL_stmt_dynfors' || (k === 'PLpgSQL_stmt_open' && b.dynquery !== undefined)) dynamic = true;
        if (k !== 'PLpgSQL_expr' || typeof b.query !== 'string') return;
        try {
          for (const s of (parseSync(b.query) as unknown as { stmts: { stmt: Node }[] }).stmts) trees.push(s.stmt);
        } catch {
          // Not a statement: an expression (an IF condition, an assignment's value), or nothing we can read.
          const expression = parseExpression(b.query);
          if (expression) trees.push(expression);
        }
      });
      return { trees, dynamic, sqlStatements: [] };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Whether the function changes data, the schema or privileges: a writing statement in its body, dynamic SQL, or a
 * call to a user function that does (followed three calls deep). A STABLE or IMMUTABLE function cannot write.
 * null: the body cannot be read (another language).
 */
export function functionWrites(model: SchemaModel, fn: Func, depth = 0, seen = new Set<string>()): boolean | null {
  if (fn.volatility !== 'volatile') return false;
  const body = functionBody(fn);
  if (!body) return null;
  if (body.dynamic) return true;
  seen.add(fn.id);
  let writes = false;
  for (const tree of body.trees) walk(tree, (kind) => void (writes ||= WRITING.test(kind) && kind.endsWith('Stmt')));
  const calls = calledNames(fn);
  if (writes || depth >= 3) return writes;
  for (const callee of model.functions) {
    if (callee.origin !== 'user' || seen.has(callee.id)) continue;
    if (!calls.has(callee.name) && !calls.has(`${callee.schema}.${callee.name}`)) continue;
    if (functionWrites(model, callee, depth + 1, seen)) return true;
  }
  return false;
}

/** The names (as written: `public.has_role`, `has_role`) of the functions a function's body calls. */
export function calledNames(fn: Func): Set<string> {
  const names = new Set<string>();
  for (const tree of functionBody(fn)?.trees ?? []) {
    walk(tree, (kind, b) => {
      if (kind !== 'FuncCall') return;
      const name = funcCallName({ FuncCall: b });
      if (name) names.add(name.join('.'));
    });
  }
  return names;
}
