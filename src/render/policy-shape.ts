/**
 * The shape of a policy expression: what a USING / WITH CHECK clause does, written one way, so that policies written
 * alike group together in the docs ("auth.uid() = user_id" on 14 tables) and what defines them stays visible.
 *
 * The expression is parsed with the real PostgreSQL parser (libpg-query) and printed back from its parse tree:
 * constants as written (`'service_role'`, `true`, `42`; their casts left out, so `'x'::text` is `'x'`), column names
 * in lowercase snake_case (`"userId"` is `user_id`), function, operator, type and table names kept. So
 * `auth.uid() = "userId"` and `user_id = auth.uid()` are the same shape, and `is_admin()` is not
 * `is_org_admin(org_id)`. Aliases are resolved (a subquery's columns are shown as `table.column`, the policy's own
 * row bare, whatever its qualifier), the operands of `=` / `<>` are put in a fixed order (expressions, then columns,
 * then constants) and the arms of AND / OR sorted. A policy that is only a constant (`true`) keeps it: "everyone"
 * and "no one" are not one pattern.
 *
 * `policyFacts()` also names the kind of rule from the tree's structure (`own rows`, `service role`, …) and says
 * whether the policy reads its row at all.
 *
 * `loadPolicyParser()` must have resolved before `policyShape()` is called (the WASM parser loads asynchronously);
 * the caller of the renderer awaits it. Everything else here is synchronous and pure.
 */
import { parseSync } from 'libpg-query';
import { loadExpressionParser } from '../analyze/sql-expr.js';

type Body = Record<string, unknown>;
type Node = Record<string, unknown>;

let loading: Promise<void> | undefined;
let ready = false;

/** Loads the parser once; later calls return the same promise. */
export function loadPolicyParser(): Promise<void> {
  loading ??= loadExpressionParser().then(() => {
    ready = true;
  });
  return loading;
}

/**
 * What a policy expression says, read from its parse tree: its shape (see the file comment), what kind of rule it is,
 * and whether it reads the row at all.
 */
export interface PolicyFacts {
  shape: string;
  /**
   * The kind of rule, from the structure of the expression (never its text): `own rows` (auth.uid() compared with a
   * column), `service role` (auth.role() = 'service_role'), `everyone` (true), `no one` (false), `tenant setting`
   * (current_setting(…) compared with a column), `membership function` (a function call with a column argument),
   * `caller check` (a function call that reads no column: decided by who is asking), `subquery` (EXISTS / IN (SELECT …));
   * arms of AND / OR combined (`membership function or own rows`); null when none fits.
   */
  kind: string | null;
  /**
   * Some column of the policy's own row is read (outside subqueries, or qualified with a name that is not one of the
   * subquery's tables). A policy that reads none lets a caller through on who they are alone.
   */
  readsRow: boolean;
  /**
   * Some function is called, or a session value read (`CURRENT_USER`), anywhere in the expression: what it admits may
   * depend on who asks. False for a filter on the row's data alone (`is_published`, `enabled = true`).
   */
  callsFunctions: boolean;
}

const cache = new Map<string, PolicyFacts | null>();

/**
 * The shape of one expression as Postgres printed it (`pg_get_expr`), or null when it does not parse as a single
 * scalar expression. Throws when the parser has not been loaded (a programming error, not a property of the input).
 */
export function policyShape(expr: string): string | null {
  return policyFacts(expr)?.shape ?? null;
}

/** Shape, kind and whether the row is read; null when the expression does not parse (see `policyShape`). */
export function policyFacts(expr: string): PolicyFacts | null {
  if (!ready) throw new Error('policyShape(): await loadPolicyParser() first');
  const hit = cache.get(expr);
  if (hit !== undefined) return hit;
  let facts: PolicyFacts | null = null;
  try {
    const result = parseSync(`SELECT ${expr}`) as unknown as {
      stmts: { stmt: { SelectStmt?: { targetList?: { ResTarget: { val: Node } }[]; fromClause?: unknown } } }[];
    };
    const select = result.stmts.length === 1 ? result.stmts[0]?.stmt.SelectStmt : undefined;
    const targets = select?.targetList;
    if (select && targets?.length === 1 && select.fromClause === undefined) {
      const root = targets[0]!.ResTarget.val;
      scopes.length = 0;
      rowRead = false;
      called = false;
      const shape = print(root);
      facts = { shape, kind: kindOfRule(root), readsRow: rowRead, callsFunctions: called };
    }
  } catch {
    facts = null;
  }
  scopes.length = 0;
  cache.set(expr, facts);
  return facts;
}

// While printing: the tables of the enclosing subqueries (alias → name shown, null for a derived table), innermost
// last, whether a column of the policy's own row was met, and whether a function was called.
const scopes: Map<string, string | null>[] = [];
let rowRead = false;
let called = false;

/** `userId`, `"UserID"`, `user id` → `user_id`: one spelling per column name, so camelCase and snake_case policies group. */
export function snakeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

function kindOf(node: unknown): [string, Body] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return ['', {}];
  const [kind] = Object.keys(node);
  return [kind ?? '', ((node as Node)[kind ?? ''] ?? {}) as Body];
}

function nodes(value: unknown): Node[] {
  return Array.isArray(value) ? (value as Node[]) : [];
}

function strings(value: unknown): string[] {
  return nodes(value).map((n) => {
    const [kind, body] = kindOf(n);
    return kind === 'String' ? String(body.sval) : kind === 'A_Star' ? '*' : print(n);
  });
}

/** A constant, possibly under casts. */
function isConstant(node: Node): boolean {
  const [kind, body] = kindOf(node);
  if (kind === 'A_Const') return body.isnull !== true;
  if (kind === 'TypeCast') return isConstant(body.arg as Node);
  return false;
}

/** A constant as written (`'service_role'`, `42`, `true`), its casts left out: `'x'::text` is `'x'`. */
function constantText(node: Node): string {
  const [kind, body] = kindOf(node);
  if (kind === 'TypeCast') return constantText(body.arg as Node);
  if (body.isnull === true) return 'NULL';
  if (body.boolval !== undefined) return (body.boolval as { boolval?: boolean }).boolval ? 'true' : 'false';
  if (body.ival !== undefined) return String((body.ival as { ival?: number }).ival ?? 0);
  if (body.fval !== undefined) return String((body.fval as { fval?: string }).fval);
  if (body.sval !== undefined) return `'${String((body.sval as { sval?: string }).sval ?? '').replace(/'/g, "''")}'`;
  if (body.bsval !== undefined) return `B'${String((body.bsval as { bsval?: string }).bsval ?? '').replace(/^b/, '')}'`;
  return generic('A_Const', body);
}

function typeName(body: Body): string {
  const names = strings(body.names).filter((n, i, all) => !(i === 0 && n === 'pg_catalog' && all.length > 1));
  const bounds = nodes(body.arrayBounds).length;
  return `${names.join('.')}${'[]'.repeat(bounds)}`;
}

/** Wraps compound expressions when they are an operand, so the printed shape is unambiguous. */
function operand(node: Node | undefined): string {
  if (!node) return '';
  const [kind] = kindOf(node);
  const text = print(node);
  return kind === 'A_Expr' || kind === 'BoolExpr' ? `(${text})` : text;
}

/** Items of a list, in their order. */
function items(list: Node[]): string {
  return list.map(print).join(', ');
}

const symmetric = new Set(['=', '<>', '!=']);

/** Where an operand of `a = b` goes: expressions first, then columns, then constants. */
function rank(node: Node | undefined): number {
  if (!node) return 0;
  if (isConstant(node) || kindOf(node)[0] === 'A_Const') return 2;
  return kindOf(node)[0] === 'ColumnRef' ? 1 : 0;
}

/**
 * For `a = b`: expressions left, columns then constants right (`auth.uid() = user_id`, `enabled = true`), otherwise
 * code-point order, so both spellings give one shape.
 */
function ordered(left: [Node | undefined, string], right: [Node | undefined, string]): [string, string] {
  const [l, r] = [rank(left[0]), rank(right[0])];
  if (l !== r) return l < r ? [left[1], right[1]] : [right[1], left[1]];
  return left[1] <= right[1] ? [left[1], right[1]] : [right[1], left[1]];
}

function aExpr(body: Body): string {
  const op = strings(body.name).filter((n, i, all) => !(i === 0 && n === 'pg_catalog' && all.length > 1)).join('.');
  const lexpr = body.lexpr as Node | undefined;
  const rexpr = body.rexpr as Node | undefined;
  const l = operand(lexpr);
  switch (body.kind) {
    case 'AEXPR_OP': {
      if (!lexpr) return `${op}${operand(rexpr)}`;
      const r = operand(rexpr);
      if (symmetric.has(op)) {
        const [a, b] = ordered([lexpr, l], [rexpr, r]);
        return `${a} ${op} ${b}`;
      }
      return `${l} ${op} ${r}`;
    }
    case 'AEXPR_OP_ANY':
      return `${l} ${op} ANY (${print(rexpr as Node)})`;
    case 'AEXPR_OP_ALL':
      return `${l} ${op} ALL (${print(rexpr as Node)})`;
    case 'AEXPR_DISTINCT':
      return `${l} IS DISTINCT FROM ${operand(rexpr)}`;
    case 'AEXPR_NOT_DISTINCT':
      return `${l} IS NOT DISTINCT FROM ${operand(rexpr)}`;
    case 'AEXPR_NULLIF':
      return `NULLIF(${print(lexpr as Node)}, ${print(rexpr as Node)})`;
    case 'AEXPR_IN': {
      const list = kindOf(rexpr)[0] === 'List' ? nodes(kindOf(rexpr)[1].items) : [rexpr as Node];
      return `${l} ${op === '<>' ? 'NOT IN' : 'IN'} (${items(list)})`;
    }
    case 'AEXPR_LIKE':
      return `${l} ${op === '!~~' ? 'NOT LIKE' : 'LIKE'} ${operand(rexpr)}`;
    case 'AEXPR_ILIKE':
      return `${l} ${op === '!~~*' ? 'NOT ILIKE' : 'ILIKE'} ${operand(rexpr)}`;
    case 'AEXPR_SIMILAR':
      return `${l} ${op === '!~' ? 'NOT SIMILAR TO' : 'SIMILAR TO'} ${operand(rexpr)}`;
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const bounds = nodes(kindOf(rexpr)[1].items).map(operand);
      const word = String(body.kind).replace('AEXPR_', '').replace('_SYM', ' SYMMETRIC').replace('NOT_', 'NOT ');
      return `${l} ${word} ${bounds[0] ?? ''} AND ${bounds[1] ?? ''}`;
    }
    default:
      return generic('A_Expr', body);
  }
}

function boolExpr(body: Body): string {
  const args = nodes(body.args);
  if (body.boolop === 'NOT_EXPR') return `NOT ${operand(args[0])}`;
  // `a AND (b AND c)` is `a AND b AND c`: flatten the same connective, then order the arms.
  const arms: Node[] = [];
  const collect = (list: Node[]) => {
    for (const a of list) {
      const [kind, b] = kindOf(a);
      if (kind === 'BoolExpr' && b.boolop === body.boolop) collect(nodes(b.args));
      else arms.push(a);
    }
  };
  collect(args);
  const printed = arms.map((a) => {
    const [kind, b] = kindOf(a);
    return kind === 'BoolExpr' && b.boolop !== 'NOT_EXPR' ? `(${print(a)})` : print(a);
  });
  return printed.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(body.boolop === 'AND_EXPR' ? ' AND ' : ' OR ');
}

function funcCall(body: Body): string {
  called = true;
  const name = strings(body.funcname).filter((n, i, all) => !(i === 0 && n === 'pg_catalog' && all.length > 1)).join('.');
  if (body.agg_star) return `${name}(*)`;
  const args = nodes(body.args).map(print).join(', ');
  return `${name}(${body.agg_distinct ? 'DISTINCT ' : ''}${args})`;
}

function subLink(body: Body): string {
  const sub = print(body.subselect as Node);
  const test = body.testexpr ? operand(body.testexpr as Node) : '';
  const op = strings(body.operName).join('.') || '=';
  switch (body.subLinkType) {
    case 'EXISTS_SUBLINK':
      return `EXISTS (${sub})`;
    case 'ANY_SUBLINK':
      return op === '=' ? `${test} IN (${sub})` : `${test} ${op} ANY (${sub})`;
    case 'ALL_SUBLINK':
      return `${test} ${op} ALL (${sub})`;
    case 'ARRAY_SUBLINK':
      return `ARRAY(${sub})`;
    case 'EXPR_SUBLINK':
      return `(${sub})`;
    default:
      return generic('SubLink', body);
  }
}

function fromItem(node: Node): string {
  const [kind, body] = kindOf(node);
  switch (kind) {
    case 'RangeVar':
      return [body.schemaname, body.relname].filter((p) => typeof p === 'string').join('.');
    case 'JoinExpr': {
      const type = String(body.jointype ?? 'JOIN_INNER').replace('JOIN_', '');
      const quals = body.quals ? ` ON ${print(body.quals as Node)}` : '';
      return `${fromItem(body.larg as Node)} ${type === 'INNER' ? '' : `${type} `}JOIN ${fromItem(body.rarg as Node)}${quals}`;
    }
    case 'RangeSubselect':
      return `(${print(body.subquery as Node)})`;
    case 'RangeFunction':
      return nodes(body.functions)
        .map((f) => {
          const [k, b] = kindOf(f);
          const first = (k === 'List' ? nodes(b.items) : [f])[0];
          return first ? print(first) : '';
        })
        .join(', ');
    default:
      return print(node);
  }
}

/** The names a FROM clause makes visible: alias (or table name) → the table name shown, null for a derived table. */
function fromNames(list: Node[], into: Map<string, string | null>): void {
  for (const node of list) {
    const [kind, body] = kindOf(node);
    const alias = (body.alias as { aliasname?: string } | undefined)?.aliasname;
    if (kind === 'RangeVar') {
      const name = [body.schemaname, body.relname].filter((p) => typeof p === 'string').join('.');
      into.set(alias ?? String(body.relname), name);
    } else if (kind === 'JoinExpr') {
      fromNames([body.larg as Node, body.rarg as Node], into);
    } else if (alias) {
      into.set(alias, null);
    }
  }
}

/**
 * A column: its name in snake_case (`"userId"` → `user_id`). Inside a subquery, a column qualified with one of the
 * subquery's tables is shown as `table.column` (aliases resolved); the policy's own row is shown bare, whatever its
 * qualifier, so that the same policy on two tables has one shape.
 */
function columnRef(body: Body): string {
  const fields = nodes(body.fields).map((f) => {
    const [kind, b] = kindOf(f);
    return kind === 'A_Star' ? '*' : kind === 'String' ? String(b.sval) : print(f);
  });
  const column = fields[fields.length - 1] ?? '';
  const qualifier = fields.length > 1 ? fields[fields.length - 2]! : null;
  const name = column === '*' ? '*' : snakeName(column);
  if (!scopes.length) {
    rowRead = true;
    return name;
  }
  if (qualifier === null) return name; // unqualified inside a subquery: the subquery's own table first
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    if (scope.has(qualifier)) {
      const table = scope.get(qualifier);
      return table ? `${table}.${name}` : name;
    }
  }
  rowRead = true;
  return name;
}

function selectStmt(body: Body): string {
  if (body.op && body.op !== 'SETOP_NONE') {
    const op = String(body.op).replace('SETOP_', '');
    return `${print({ SelectStmt: body.larg } as Node)} ${op}${body.all ? ' ALL' : ''} ${print({ SelectStmt: body.rarg } as Node)}`;
  }
  const scope = new Map<string, string | null>();
  fromNames(nodes(body.fromClause), scope);
  scopes.push(scope);
  try {
    return selectBody(body);
  } finally {
    scopes.pop();
  }
}

function selectBody(body: Body): string {
  const parts: string[] = [];
  const targets = nodes(body.targetList).map((t) => {
    const target = kindOf(t)[1];
    return target.val ? print(target.val as Node) : '*';
  });
  parts.push(`SELECT ${body.distinctClause ? 'DISTINCT ' : ''}${targets.join(', ')}`);
  const from = nodes(body.fromClause).map(fromItem);
  if (from.length) parts.push(`FROM ${from.join(', ')}`);
  if (body.whereClause) parts.push(`WHERE ${print(body.whereClause as Node)}`);
  const group = nodes(body.groupClause).map(print);
  if (group.length) parts.push(`GROUP BY ${group.join(', ')}`);
  if (body.havingClause) parts.push(`HAVING ${print(body.havingClause as Node)}`);
  if (body.limitCount) parts.push(`LIMIT ${print(body.limitCount as Node)}`);
  return parts.join(' ');
}

/** Any node this printer does not know: its kind and fields, children printed as shapes, locations left out. */
function generic(kind: string, body: Body): string {
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      const [k] = Object.keys(v);
      if (k && /^[A-Z]/.test(k)) return print(v as Node);
      return `{${Object.keys(v)
        .filter((key) => key !== 'location')
        .sort()
        .map((key) => `${key}: ${value((v as Body)[key])}`)
        .join(', ')}}`;
    }
    return JSON.stringify(v);
  };
  const fields = Object.keys(body)
    .filter((k) => k !== 'location')
    .sort()
    .map((k) => `${k}: ${value(body[k])}`);
  return `${kind}{${fields.join(', ')}}`;
}

function print(node: Node): string {
  const [kind, body] = kindOf(node);
  switch (kind) {
    case 'ColumnRef':
      return columnRef(body);
    case 'A_Const':
      return constantText(node);
    case 'ParamRef':
      return '<param>';
    case 'TypeCast':
      return isConstant(node) ? constantText(node) : `${operand(body.arg as Node)}::${typeName((body.typeName ?? {}) as Body)}`;
    case 'A_Expr':
      return aExpr(body);
    case 'BoolExpr':
      return boolExpr(body);
    case 'FuncCall':
      return funcCall(body);
    case 'NamedArgExpr':
      return `${String(body.name)} => ${print(body.arg as Node)}`;
    case 'NullTest':
      return `${operand(body.arg as Node)} ${body.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL'}`;
    case 'BooleanTest':
      return `${operand(body.arg as Node)} ${String(body.booltesttype).replace(/_/g, ' ')}`;
    case 'SubLink':
      return subLink(body);
    case 'SelectStmt':
      return selectStmt(body);
    case 'A_ArrayExpr':
      return `ARRAY[${items(nodes(body.elements))}]`;
    case 'RowExpr':
      return `ROW(${nodes(body.args).map(print).join(', ')})`;
    case 'CoalesceExpr':
      return `COALESCE(${nodes(body.args).map(print).join(', ')})`;
    case 'MinMaxExpr':
      return `${body.op === 'IS_LEAST' ? 'LEAST' : 'GREATEST'}(${nodes(body.args).map(print).join(', ')})`;
    case 'CaseExpr': {
      const arms = nodes(body.args).map((w) => {
        const arm = kindOf(w)[1];
        return `WHEN ${print(arm.expr as Node)} THEN ${print(arm.result as Node)}`;
      });
      const arg = body.arg ? ` ${print(body.arg as Node)}` : '';
      const otherwise = body.defresult ? ` ELSE ${print(body.defresult as Node)}` : '';
      return `CASE${arg} ${arms.join(' ')}${otherwise} END`;
    }
    case 'SQLValueFunction':
      called = true;
      return String(body.op).replace(/^SVFOP_/, '').replace(/_N$/, '');
    case 'A_Indirection':
      return `${operand(body.arg as Node)}${nodes(body.indirection)
        .map((i) => {
          const [k, b] = kindOf(i);
          if (k === 'String') return `.${String(b.sval)}`;
          if (k === 'A_Star') return '.*';
          return '[]';
        })
        .join('')}`;
    case 'CollateClause':
      return `${operand(body.arg as Node)} COLLATE ${strings(body.collname).join('.')}`;
    case 'A_Star':
      return '*';
    case 'List':
      return items(nodes(body.items));
    default:
      return generic(kind, body);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The kind of rule

/** Casts and `(SELECT f())` (the form Supabase recommends for auth.uid()) removed: what the operand is. */
function unwrap(node: Node | undefined): Node | undefined {
  if (!node) return node;
  const [kind, body] = kindOf(node);
  if (kind === 'TypeCast') return unwrap(body.arg as Node);
  if (kind === 'SubLink' && body.subLinkType === 'EXPR_SUBLINK') {
    const select = kindOf(body.subselect as Node)[1];
    const targets = nodes(select.targetList);
    if (targets.length === 1 && select.fromClause === undefined && select.whereClause === undefined) {
      return unwrap(kindOf(targets[0]!)[1].val as Node);
    }
  }
  return node;
}

/** `auth.uid` for a call of auth.uid(), else null. */
function callName(node: Node | undefined): string | null {
  if (!node) return null;
  const [kind, body] = kindOf(node);
  if (kind !== 'FuncCall') return null;
  return strings(body.funcname).filter((n, i, all) => !(i === 0 && n === 'pg_catalog' && all.length > 1)).join('.');
}

function isColumn(node: Node | undefined): boolean {
  return !!node && kindOf(node)[0] === 'ColumnRef';
}

function stringConstant(node: Node | undefined): string | null {
  if (!node) return null;
  const [kind, body] = kindOf(node);
  if (kind === 'TypeCast') return stringConstant(body.arg as Node);
  if (kind !== 'A_Const' || body.sval === undefined) return null;
  return String((body.sval as { sval?: string }).sval ?? '');
}

/** Functions of the engine and the platform that say who is asking or read a setting: not the user's rule. */
const PLATFORM_CALLS = new Set(['auth.uid', 'auth.role', 'auth.jwt', 'auth.email', 'current_setting', 'current_user', 'session_user']);

function kindOfRule(root: Node): string | null {
  const node = unwrap(root)!;
  const [kind, body] = kindOf(node);
  if (kind === 'A_Const' && body.boolval !== undefined) {
    return (body.boolval as { boolval?: boolean }).boolval ? 'everyone' : 'no one';
  }
  if (kind === 'BoolExpr' && body.boolop !== 'NOT_EXPR') {
    const arms: Node[] = [];
    const collect = (list: Node[]) => {
      for (const a of list) {
        const [k, b] = kindOf(a);
        if (k === 'BoolExpr' && b.boolop === body.boolop) collect(nodes(b.args));
        else arms.push(a);
      }
    };
    collect(nodes(body.args));
    const kinds = arms.map(kindOfRule);
    // OR: every arm is a way in, so all must be known; AND: the known arms decide, the others only narrow.
    if (body.boolop === 'OR_EXPR' && kinds.some((k) => k === null)) return null;
    const known = [...new Set(kinds.filter((k): k is string => k !== null))].sort();
    return known.length ? known.join(body.boolop === 'OR_EXPR' ? ' or ' : ' and ') : null;
  }
  if (kind === 'A_Expr' && body.kind === 'AEXPR_OP' && strings(body.name).join('.') === '=') {
    const sides = [unwrap(body.lexpr as Node), unwrap(body.rexpr as Node)];
    for (const [a, b] of [sides, [sides[1], sides[0]]] as [Node | undefined, Node | undefined][]) {
      const call = callName(a);
      if (call === 'auth.uid' && isColumn(b)) return 'own rows';
      if (call === 'auth.role' && stringConstant(b) === 'service_role') return 'service role';
      if (call === 'current_setting' && isColumn(b)) return 'tenant setting';
    }
    return null;
  }
  if (kind === 'FuncCall') {
    const call = callName(node);
    if (call === null || PLATFORM_CALLS.has(call)) return null;
    return nodes(body.args).some((a) => isColumn(unwrap(a))) ? 'membership function' : 'caller check';
  }
  if (kind === 'SubLink' && (body.subLinkType === 'EXISTS_SUBLINK' || body.subLinkType === 'ANY_SUBLINK')) return 'subquery';
  return null;
}
