/**
 * Expressions as Postgres printed them (policy USING / WITH CHECK, CHECK constraints, defaults), parsed with the
 * real PostgreSQL parser (libpg-query) so that the analysis reads their structure, never their text.
 *
 * `loadExpressionParser()` must have resolved before `parseExpression()` is called; `analyze()` does this.
 */
import { loadModule, parsePlPgSQLSync, parseSync } from 'libpg-query';

/** A parse-tree node in libpg-query's JSON shape: `{ "A_Expr": {...} }`, `{ "ColumnRef": {...} }`, … */
export type Node = Record<string, unknown>;

let loaded: Promise<void> | undefined;
export function loadExpressionParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const cache = new Map<string, Node | null>();

/**
 * Parses one scalar expression (`client_id = (current_setting('app.x'))::uuid`) and returns its node, or null when
 * it does not parse (never throws: an expression we cannot read is "unknown" to the caller, not an error).
 */
export function parseExpression(text: string): Node | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let node: Node | null = null;
  try {
    const result = parseSync(`SELECT ${text}`) as unknown as {
      stmts: { stmt: { SelectStmt?: { targetList?: { ResTarget: { val: Node } }[] } } }[];
    };
    const targets = result.stmts[0]?.stmt.SelectStmt?.targetList;
    if (result.stmts.length === 1 && targets?.length === 1) node = targets[0]!.ResTarget.val;
  } catch {
    node = null;
  }
  cache.set(text, node);
  return node;
}

/** The node's kind (`A_Expr`, `BoolExpr`, `FuncCall`, …) and its body. */
export function kindOf(node: Node): [string, Record<string, unknown>] {
  const [kind] = Object.keys(node);
  return [kind ?? '', (node[kind ?? ''] ?? {}) as Record<string, unknown>];
}

/** Visits every node below (and including) `node`, depth first. */
export function walk(node: unknown, visit: (kind: string, body: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (/^[A-Z]/.test(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      visit(key, value as Record<string, unknown>);
    }
    walk(value, visit);
  }
}

/** A ColumnRef's name parts (`['t', 'client_id']`), or null when the node is not a plain column reference. */
export function columnRefName(node: Node): string[] | null {
  const [kind, body] = kindOf(node);
  if (kind !== 'ColumnRef') return null;
  const fields = (body.fields as Node[] | undefined) ?? [];
  const names: string[] = [];
  for (const f of fields) {
    const [k, b] = kindOf(f);
    if (k !== 'String') return null;
    names.push(String(b.sval));
  }
  return names;
}

/** Unwraps type casts (`(x)::uuid`, `x::text`) and returns the inner node. */
export function stripCasts(node: Node): Node {
  let current = node;
  for (;;) {
    const [kind, body] = kindOf(current);
    if (kind !== 'TypeCast' || !body.arg) return current;
    current = body.arg as Node;
  }
}

/**
 * The arguments of a chain of one boolean operator, flattened: `a AND (b AND c)` → `[a, b, c]` for `AND_EXPR`.
 * A node that is not that operator is its own single part.
 */
export function boolParts(node: Node, op: 'AND_EXPR' | 'OR_EXPR'): Node[] {
  const [kind, body] = kindOf(node);
  if (kind !== 'BoolExpr' || body.boolop !== op) return [node];
  return ((body.args as Node[] | undefined) ?? []).flatMap((arg) => boolParts(arg, op));
}

/**
 * A constant's value as text, casts stripped: `'active'::text` → `active`, `3` → `3`, `true` → `true`; null for
 * NULL and for anything that is not a constant.
 */
export function literalText(node: Node): string | null {
  const [kind, body] = kindOf(stripCasts(node));
  if (kind !== 'A_Const' || body.isnull) return null;
  // libpg-query omits default-valued fields: the integer 0 is `{ ival: {} }`, false is `{ boolval: {} }`.
  if (body.sval) return String((body.sval as { sval?: string }).sval ?? '');
  if (body.ival) return String((body.ival as { ival?: number }).ival ?? 0);
  if (body.fval) return String((body.fval as { fval?: string }).fval ?? '0');
  if (body.boolval) return String((body.boolval as { boolval?: boolean }).boolval ?? false);
  return null;
}

/** A function call's name parts (`['auth', 'uid']`), or null when the node is not a function call. */
export function funcCallName(node: Node): string[] | null {
  const [kind, body] = kindOf(node);
  if (kind !== 'FuncCall') return null;
  return ((body.funcname as Node[] | undefined) ?? []).map((part) => String(kindOf(part)[1].sval));
}

export interface CheckDefinition {
  /** The expression inside `CHECK (…)`. */
  expression: Node;
  /** False for `NOT ENFORCED` (PostgreSQL 18): the server does not check it. */
  enforced: boolean;
  /** False for `NOT VALID`: rows that existed when it was added were not checked. */
  validated: boolean;
}

const checkCache = new Map<string, CheckDefinition | null>();

/**
 * Parses a CHECK constraint as `pg_get_constraintdef()` prints it (`CHECK ((a > 0)) NOT VALID`, `… NO INHERIT`,
 * `… NOT ENFORCED`) by handing the whole clause to the parser inside `ALTER TABLE … ADD`, so that the suffixes are
 * read by Postgres' grammar rather than cut off by hand. Null when it is not a CHECK or does not parse.
 */
export function parseCheckDefinition(definition: string): CheckDefinition | null {
  const hit = checkCache.get(definition);
  if (hit !== undefined) return hit;
  let parsed: CheckDefinition | null = null;
  try {
    const result = parseSync(`ALTER TABLE t ADD ${definition}`) as unknown as {
      stmts: { stmt: { AlterTableStmt?: { cmds?: { AlterTableCmd: { def?: Node } }[] } } }[];
    };
    const cmds = result.stmts[0]?.stmt.AlterTableStmt?.cmds;
    const def = result.stmts.length === 1 && cmds?.length === 1 ? cmds[0]!.AlterTableCmd.def : undefined;
    const [kind, body] = def ? kindOf(def) : ['', {}];
    if (kind === 'Constraint' && body.contype === 'CONSTR_CHECK' && body.raw_expr) {
      parsed = {
        expression: body.raw_expr as Node,
        // Default-valued fields are omitted: `is_enforced` is present (true) unless NOT ENFORCED.
        enforced: body.is_enforced === true,
        validated: body.skip_validation !== true,
      };
    }
  } catch {
    parsed = null;
  }
  checkCache.set(definition, parsed);
  return parsed;
}

/**
 * The fields of the trigger row (`NEW.x`, `OLD.x`) a PL/pgSQL function body reads or writes, from the PL/pgSQL
 * parse tree (its record-field datums), or null when the function is not PL/pgSQL or does not parse — then the
 * caller cannot tell and must assume any column may be touched.
 */
export function triggerRowFields(language: string, definition: string | null): Set<string> | null {
  if (language !== 'plpgsql' || definition === null) return null;
  const hit = rowFieldCache.get(definition);
  if (hit !== undefined) return hit;
  let fields: Set<string> | null = null;
  try {
    const parsed = parsePlPgSQLSync(definition) as unknown as { plpgsql_funcs?: { PLpgSQL_function?: { datums?: Node[] } }[] };
    const datums = parsed.plpgsql_funcs?.[0]?.PLpgSQL_function?.datums;
    if (datums) {
      const records = datums.map((d) => String((kindOf(d)[1].refname as string | undefined) ?? ''));
      fields = new Set();
      for (const d of datums) {
        const [kind, body] = kindOf(d);
        if (kind !== 'PLpgSQL_recfield') continue;
        const parent = records[Number(body.recparentno ?? 0)];
        if (parent === 'new' || parent === 'old') fields.add(String(body.fieldname));
      }
    }
  } catch {
    fields = null;
  }
  rowFieldCache.set(definition, fields);
  return fields;
}
const rowFieldCache = new Map<string, Set<string> | null>();

/** True when the node reads a column of the row itself, i.e. a column reference outside any subquery. */
export function readsRow(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(readsRow);
  if (node === null || typeof node !== 'object') return false;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'SubLink') continue;
    if (key === 'ColumnRef') return true;
    if (readsRow(value)) return true;
  }
  return false;
}

/** A number or string constant (casts stripped), for comparing constants; null for anything else. */
function constantValue(node: Node): number | string | null {
  const [kind, body] = kindOf(stripCasts(node));
  if (kind !== 'A_Const' || body.isnull || 'boolval' in body) return null;
  const text = literalText(node);
  if (text === null) return null;
  return 'sval' in body ? text : Number(text);
}

/** `true` / `false` when the expression is a constant of that value (`true`, `1 = 1`, `x OR true`, `NOT false`); else null. */
export function truth(node: Node): boolean | null {
  const [kind, body] = kindOf(node);
  switch (kind) {
    case 'A_Const': {
      if (body.isnull) return null;
      if ('boolval' in body) return Boolean((body.boolval as { boolval?: boolean }).boolval ?? false);
      return null;
    }
    case 'TypeCast': {
      const names = ((body.typeName as { names?: Node[] } | undefined)?.names ?? []).map((n) => String(kindOf(n)[1].sval));
      const type = names[names.length - 1];
      const inner = body.arg as Node;
      if (type === 'bool' || type === 'boolean') {
        const t = truth(inner);
        if (t !== null) return t;
        const text = literalText(inner)?.toLowerCase();
        if (text && ['t', 'true', 'y', 'yes', 'on', '1'].includes(text)) return true;
        if (text && ['f', 'false', 'n', 'no', 'off', '0'].includes(text)) return false;
        return null;
      }
      return truth(inner);
    }
    case 'BoolExpr': {
      const args = ((body.args as Node[] | undefined) ?? []).map(truth);
      if (body.boolop === 'AND_EXPR') return args.includes(false) ? false : args.every((a) => a === true) ? true : null;
      if (body.boolop === 'OR_EXPR') return args.includes(true) ? true : args.every((a) => a === false) ? false : null;
      if (body.boolop === 'NOT_EXPR') return args[0] === null || args[0] === undefined ? null : !args[0];
      return null;
    }
    case 'A_Expr': {
      if (body.kind !== 'AEXPR_OP') return null;
      const op = ((body.name as Node[] | undefined) ?? []).map((n) => String(kindOf(n)[1].sval)).join('.');
      const left = body.lexpr ? constantValue(body.lexpr as Node) : null;
      const right = body.rexpr ? constantValue(body.rexpr as Node) : null;
      if (left === null || right === null || typeof left !== typeof right) return null;
      switch (op) {
        case '=': return left === right;
        case '<>':
        case '!=': return left !== right;
        case '<': return left < right;
        case '>': return left > right;
        case '<=': return left <= right;
        case '>=': return left >= right;
        default: return null;
      }
    }
    case 'NullTest': {
      const arg = body.arg as Node;
      const isNull = kindOf(stripCasts(arg))[0] === 'A_Const' && Boolean(kindOf(stripCasts(arg))[1].isnull);
      const constant = isNull || constantValue(arg) !== null || truth(arg) !== null;
      if (!constant) return null;
      return body.nulltesttype === 'IS_NULL' ? isNull : !isNull;
    }
    case 'BooleanTest': {
      const t = truth(body.arg as Node);
      if (t === null) return null;
      switch (body.booltesttype) {
        case 'IS_TRUE': return t;
        case 'IS_NOT_FALSE': return t;
        case 'IS_FALSE': return !t;
        case 'IS_NOT_TRUE': return !t;
        default: return null;
      }
    }
    case 'SubLink': {
      // `(SELECT true)`: a scalar subquery over nothing.
      const select = kindOf((body.subselect ?? {}) as Node)[1];
      const targets = select.targetList as { ResTarget: { val: Node } }[] | undefined;
      if (body.subLinkType !== 'EXPR_SUBLINK' || select.fromClause || select.whereClause || targets?.length !== 1) return null;
      return truth(targets[0]!.ResTarget.val);
    }
    default:
      return null;
  }
}
