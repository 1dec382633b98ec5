/**
 * The shape of a policy expression: what a USING / WITH CHECK clause does, with the data taken out, so that
 * policies written alike group together in the docs ("auth.uid() = <col>" on 14 tables).
 *
 * The expression is parsed with the real PostgreSQL parser (libpg-query) and printed back from its parse tree with
 * every column reference as `<col>` and every constant as `<const>`; function, operator, type and table names are
 * kept, because they are what the policy relies on. So `auth.uid() = "userId"` and `user_id = auth.uid()` are the
 * same shape, and `is_admin()` is not `is_org_admin(<col>)`. Aliases are dropped, the operands of `=` / `<>` and
 * the arms of AND / OR are put in a fixed order, casts of constants vanish (`'x'::text` is a constant). A policy
 * that is only a constant (`true`) keeps it: "everyone" and "no one" are not one pattern.
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

const COL = '<col>';
const CONST = '<const>';

const cache = new Map<string, string | null>();

/**
 * The shape of one expression as Postgres printed it (`pg_get_expr`), or null when it does not parse as a single
 * scalar expression. Throws when the parser has not been loaded (a programming error, not a property of the input).
 */
export function policyShape(expr: string): string | null {
  if (!ready) throw new Error('policyShape(): await loadPolicyParser() first');
  const hit = cache.get(expr);
  if (hit !== undefined) return hit;
  let shape: string | null = null;
  try {
    const result = parseSync(`SELECT ${expr}`) as unknown as {
      stmts: { stmt: { SelectStmt?: { targetList?: { ResTarget: { val: Node } }[]; fromClause?: unknown } } }[];
    };
    const select = result.stmts.length === 1 ? result.stmts[0]?.stmt.SelectStmt : undefined;
    const targets = select?.targetList;
    if (select && targets?.length === 1 && select.fromClause === undefined) {
      const root = targets[0]!.ResTarget.val;
      shape = isConstant(root) ? constantText(root) : print(root);
    }
  } catch {
    shape = null;
  }
  cache.set(expr, shape);
  return shape;
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

/** The text of a bare constant (only used when the whole expression is one: `true`, `false`). */
function constantText(node: Node): string {
  const [kind, body] = kindOf(node);
  if (kind === 'TypeCast') return constantText(body.arg as Node);
  if (body.boolval !== undefined) return (body.boolval as { boolval?: boolean }).boolval ? 'true' : 'false';
  if (body.ival !== undefined) return String((body.ival as { ival?: number }).ival ?? 0);
  if (body.fval !== undefined) return String((body.fval as { fval?: string }).fval);
  if (body.sval !== undefined) return `'${String((body.sval as { sval?: string }).sval ?? '').replace(/'/g, "''")}'`;
  return CONST;
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

/** Items of a list; a list of constants only prints as one `<const>, …` whatever its length (above one). */
function items(list: Node[]): string {
  const printed = list.map(print);
  if (printed.length > 1 && printed.every((p) => p === CONST)) return `${CONST}, …`;
  return printed.join(', ');
}

const symmetric = new Set(['=', '<>', '!=']);

/** For `a = b`: placeholders go right, otherwise code-point order, so both spellings give one shape. */
function ordered(left: string, right: string): [string, string] {
  const placeholder = (s: string) => s === COL || s === CONST;
  if (placeholder(left) !== placeholder(right)) return placeholder(left) ? [right, left] : [left, right];
  return left <= right ? [left, right] : [right, left];
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
        const [a, b] = ordered(l, r);
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

function selectStmt(body: Body): string {
  if (body.op && body.op !== 'SETOP_NONE') {
    const op = String(body.op).replace('SETOP_', '');
    return `${print({ SelectStmt: body.larg } as Node)} ${op}${body.all ? ' ALL' : ''} ${print({ SelectStmt: body.rarg } as Node)}`;
  }
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
      return nodes(body.fields).some((f) => kindOf(f)[0] === 'A_Star') ? '*' : COL;
    case 'A_Const':
      return body.isnull === true ? 'NULL' : CONST;
    case 'ParamRef':
      return '<param>';
    case 'TypeCast':
      return isConstant(node) ? CONST : `${operand(body.arg as Node)}::${typeName((body.typeName ?? {}) as Body)}`;
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
