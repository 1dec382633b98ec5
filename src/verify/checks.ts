/**
 * What a CHECK constraint asks of a row, for a row synthesiser: its disjunctive normal form read from the parse tree
 * (`loadExpressionParser()` must have resolved), each case a conjunction of per-column requirements. NOT is pushed
 * inward. A case is sufficient: a row meeting each requirement (each TRUE, so the column is non-null unless it is
 * `null`) makes the CHECK TRUE. Looked through: lower/upper/trim/btrim around a column. LIKE / ILIKE become anchored
 * regexes; `num_nonnulls(…)` / `num_nulls(…)` = k expand to choices of non-null columns. Any other function,
 * arithmetic, subquery, negated regex or non-numeric ordering constant makes the answer null. Contradictory cases
 * (null and not null, `in` sets left empty) are dropped, duplicates removed; `[]` means nothing satisfies it.
 */
import { columnRefName, funcCallName, kindOf, literalText } from '../analyze/sql-expr.js';
import { parseCheckDefinition, stripCasts, type Node } from '../analyze/sql-expr.js';

/** One condition on a column; `in` / `not-in` values are the literals as written (numbers as text). */
export type Requirement =
  | { kind: 'in'; values: string[] }
  | { kind: 'not-in'; values: string[] }
  | { kind: 'null' }
  | { kind: 'not-null' }
  | { kind: 'range'; min?: number; minInclusive?: boolean; max?: number; maxInclusive?: boolean }
  | { kind: 'length'; min?: number; max?: number }
  | { kind: 'compare-column'; op: '<' | '<=' | '>' | '>=' | '=' | '<>'; other: string }
  | { kind: 'pattern'; regex: string; flags: string };
/** One way to satisfy a CHECK: column name → requirements that must all hold (conjunction). */
export type CheckCase = Record<string, Requirement[]>;
type CompareOp = Extract<Requirement, { kind: 'compare-column' }>['op'];
type Cases = CheckCase[] | null;

/**
 * The alternatives (disjunctive normal form, at most `limit` cases, default 16) that satisfy the CHECK, or null when
 * the expression has parts that cannot be read. A case list of `[{}]` means "no requirement" (`CHECK (true)`).
 * When the expansion has more cases than `limit`, the first `limit` are returned: a subset, each still sufficient.
 */
export function checkCases(definition: string, limit = 16): CheckCase[] | null {
  const parsed = parseCheckDefinition(definition);
  if (!parsed) return null;
  return dnf(parsed.expression, false, Math.max(limit, 256))?.slice(0, limit) ?? null;
}

const NEGATE: Record<CompareOp, CompareOp> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const HOLDS: Record<CompareOp, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b, '<>': (a, b) => a !== b, '<': (a, b) => a < b,
  '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
};
const TRANSPARENT = new Set(['lower', 'upper', 'btrim', 'trim']);
const LENGTH = new Set(['length', 'char_length', 'character_length']);

/** The cases of `node` (of `NOT node` when `negated`), at most `bound` of them. */
function dnf(node: Node, negated: boolean, bound: number): Cases {
  const [kind, body] = kindOf(stripCasts(node));
  const args = (body.args as Node[] | undefined) ?? [];
  switch (kind) {
    case 'BoolExpr': {
      if (body.boolop === 'NOT_EXPR' && args.length === 1) return dnf(args[0]!, !negated, bound);
      const parts = args.map((arg) => dnf(arg, negated, bound));
      return (body.boolop === 'AND_EXPR') !== negated ? and(parts, bound) : or(parts, bound);
    }
    case 'NullTest': {
      const col = bareColumn(body.arg);
      const isNull = (body.nulltesttype === 'IS_NULL') !== negated;
      return col === null ? null : one(col, { kind: isNull ? 'null' : 'not-null' });
    }
    case 'BooleanTest':
      return booleanTest(body, negated, bound);
    case 'A_Expr':
      return aExpr(body, negated, bound);
    case 'ColumnRef': {
      const col = bareColumn(node);
      return col === null ? null : one(col, { kind: 'in', values: [negated ? 'false' : 'true'] });
    }
    case 'A_Const': {
      const value = literalText(node);
      if (value !== 'true' && value !== 'false') return null;
      return (value === 'true') !== negated ? [{}] : [];
    }
    default:
      return null;
  }
}

/** `e IS [NOT] TRUE|FALSE` keep the cases where `e` is TRUE / FALSE (for NOT TRUE, NOT FALSE: a subset of them). */
function booleanTest(body: Record<string, unknown>, negated: boolean, bound: number): Cases {
  const given = String(body.booltesttype);
  const opposite = given.startsWith('IS_NOT_') ? given.replace('IS_NOT_', 'IS_') : given.replace('IS_', 'IS_NOT_');
  const test = negated ? opposite : given;
  const arg = body.arg as Node;
  if (test === 'IS_TRUE' || test === 'IS_NOT_FALSE') return dnf(arg, false, bound);
  if (test === 'IS_FALSE' || test === 'IS_NOT_TRUE') return dnf(arg, true, bound);
  const col = bareColumn(arg);
  return col === null ? null : one(col, { kind: test === 'IS_UNKNOWN' ? 'null' : 'not-null' });
}

function aExpr(body: Record<string, unknown>, negated: boolean, bound: number): Cases {
  const names = (body.name as Node[] | undefined) ?? [];
  const op = names.length === 1 ? String(kindOf(names[0]!)[1].sval) : '';
  const left = body.lexpr as Node | undefined;
  const right = body.rexpr as Node | undefined;
  if (!left || !right) return null;
  switch (body.kind) {
    case 'AEXPR_OP':
      if (isCompareOp(op)) return compare(negated ? NEGATE[op] : op, left, right, bound);
      return match(op, left, right, negated);
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT': {
      const equal = (body.kind === 'AEXPR_NOT_DISTINCT') !== negated;
      const col = subjectColumn(left);
      const nullConst = kindOf(stripCasts(right))[1].isnull === true; // only A_Const has isnull
      if (col !== null && nullConst) return one(col, { kind: equal ? 'null' : 'not-null' });
      return compare(equal ? '=' : '<>', left, right, bound);
    }
    case 'AEXPR_IN':
      return valueList(op, '=', '<>', left, kindOf(right)[1].items, negated);
    case 'AEXPR_OP_ANY':
      return valueList(op, '=', '', left, arrayElements(right), negated);
    case 'AEXPR_OP_ALL':
      return valueList(op, '', '<>', left, arrayElements(right), negated);
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
      return between(left, kindOf(right)[1].items, (body.kind === 'AEXPR_NOT_BETWEEN') !== negated, bound);
    default:
      return null;
  }
}

function isCompareOp(op: string): op is CompareOp {
  return Object.hasOwn(NEGATE, op);
}

/** `left op right` for the comparison operators, constants on either side. */
function compare(op: CompareOp, left: Node, right: Node, bound: number): Cases {
  if (literalText(left) !== null && literalText(right) === null) return compare(FLIP[op], right, left, bound);
  const value = literalText(right);
  const [, lbody] = kindOf(stripCasts(left));
  const fn = funcCallName(stripCasts(left))?.at(-1) ?? '';
  const fargs = (lbody.args as Node[] | undefined) ?? [];
  if (value === null) {
    const [a, b] = [bareColumn(left), bareColumn(right)];
    return a !== null && b !== null ? one(a, { kind: 'compare-column', op, other: b }) : null;
  }
  if (LENGTH.has(fn) && fargs.length === 1) {
    const col = subjectColumn(fargs[0]!);
    return col === null || !/^-?\d+$/.test(value) ? null : lengthCases(col, op, Number(value));
  }
  if ((fn === 'num_nonnulls' || fn === 'num_nulls') && /^-?\d+$/.test(value)) {
    const cols = fargs.map(bareColumn);
    if (cols.some((c) => c === null)) return null;
    return countCases(cols as string[], fn === 'num_nulls', op, Number(value), bound);
  }
  const col = subjectColumn(left);
  if (col === null) return null;
  if (op === '=') return one(col, { kind: 'in', values: [value] });
  if (op === '<>') {
    const notIn: Requirement = { kind: 'not-in', values: [value] };
    return value === '' ? one(col, notIn, { kind: 'length', min: 1 }) : one(col, notIn);
  }
  const n = Number(value);
  return value.trim() === '' || !Number.isFinite(n) ? null : one(col, rangeOf(op, n));
}

function rangeOf(op: '<' | '<=' | '>' | '>=', n: number): Requirement {
  if (op === '>' || op === '>=') return { kind: 'range', min: n, minInclusive: op === '>=' };
  return { kind: 'range', max: n, maxInclusive: op === '<=' };
}

/** `length(col) op n` for whole-number lengths; `<>` splits into shorter or longer. */
function lengthCases(col: string, op: CompareOp, n: number): CheckCase[] {
  const shorter = (max: number): CheckCase[] => (max < 0 ? [] : one(col, { kind: 'length', max }));
  const longer = (min: number): CheckCase[] => one(col, min > 0 ? { kind: 'length', min } : { kind: 'not-null' });
  if (op === '>') return longer(n + 1);
  if (op === '>=') return longer(n);
  if (op === '<') return shorter(n - 1);
  if (op === '<=') return shorter(n);
  if (op === '=') return n < 0 ? [] : one(col, { kind: 'length', min: n, max: n });
  return [...shorter(n - 1), ...longer(n + 1)];
}

/** `num_nonnulls(cols) op k` (or num_nulls): one case per choice of the non-null columns, fewest first. */
function countCases(cols: string[], countsNulls: boolean, op: CompareOp, k: number, bound: number): CheckCase[] {
  const out: CheckCase[] = [];
  const choose = (start: number, left: number, picked: Set<number>): void => {
    if (out.length >= bound) return;
    if (left === 0) {
      out.push(Object.fromEntries(cols.map((c, i) => [c, [{ kind: picked.has(i) ? 'not-null' : 'null' }]])));
      return;
    }
    for (let i = start; i <= cols.length - left; i++) choose(i + 1, left - 1, new Set([...picked, i]));
  };
  for (let m = 0; m <= cols.length; m++) if (HOLDS[op](countsNulls ? cols.length - m : m, k)) choose(0, m, new Set());
  return or([out], bound) ?? [];
}

/** `col IN (…)`, `col = ANY (ARRAY[…])` (positive operator `inOp`) and `col NOT IN`, `col <> ALL` (`outOp`). */
function valueList(op: string, inOp: string, outOp: string, left: Node, items: unknown, negated: boolean): Cases {
  const col = subjectColumn(left);
  if (col === null || !Array.isArray(items) || (op !== inOp && op !== outOp)) return null;
  const values: string[] = [];
  for (const item of items as Node[]) {
    const value = literalText(item);
    if (value === null) return null;
    if (!values.includes(value)) values.push(value);
  }
  return one(col, { kind: (op === inOp) !== negated ? 'in' : 'not-in', values });
}

function arrayElements(node: Node): unknown {
  const [kind, body] = kindOf(stripCasts(node));
  return kind === 'A_ArrayExpr' ? ((body.elements as Node[] | undefined) ?? []) : undefined;
}

/** `x BETWEEN lo AND hi` (outside: `x < lo OR x > hi`), for a column or the length of one. */
function between(left: Node, items: unknown, outside: boolean, bound: number): Cases {
  if (!Array.isArray(items) || items.length !== 2) return null;
  const [lo, hi] = items as [Node, Node];
  if (outside) return or([compare('<', left, lo, bound), compare('>', left, hi, bound)], bound);
  return fuse(and([compare('>=', left, lo, bound), compare('<=', left, hi, bound)], bound));
}

/** A single case `{ x: [range min, range max] }` (or two lengths) as one requirement holding both bounds. */
function fuse(cases: Cases): Cases {
  const entries = cases?.length === 1 ? Object.entries(cases[0]!) : [];
  const [col, reqs] = entries.length === 1 ? entries[0]! : ['', []];
  const [min, max] = reqs;
  const bounded = min?.kind === 'range' || min?.kind === 'length';
  return reqs.length === 2 && bounded && min.kind === max?.kind ? one(col, { ...min, ...max } as Requirement) : cases;
}

/** `col ~ 're'`, `~*`, LIKE (`~~`), ILIKE (`~~*`); their negations cannot be read. */
function match(op: string, left: Node, right: Node, negated: boolean): Cases {
  const col = subjectColumn(left);
  const text = literalText(right);
  const positive = !negated && !op.startsWith('!');
  if (col === null || text === null || !positive || !['~', '~*', '~~', '~~*'].includes(op)) return null;
  const regex = op.startsWith('~~') ? likeToRegex(text) : text;
  return one(col, { kind: 'pattern', regex, flags: op.endsWith('*') ? 'i' : '' });
}

/** A LIKE pattern as an anchored regex: `%` any run, `_` one character, `\x` the character itself. */
function likeToRegex(like: string): string {
  let out = '';
  for (let i = 0; i < like.length; i++) {
    const ch = like[i]!;
    if (ch === '\\' && i + 1 < like.length) out += escapeRegex(like[++i]!);
    else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += escapeRegex(ch);
  }
  return `^${out}$`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A bare column reference (casts stripped): its last name part. */
function bareColumn(node: unknown): string | null {
  if (!node || typeof node !== 'object') return null;
  return columnRefName(stripCasts(node as Node))?.at(-1) ?? null;
}

/** A column, possibly inside lower/upper/trim/btrim of one argument. */
function subjectColumn(node: Node): string | null {
  const inner = stripCasts(node);
  const fn = funcCallName(inner)?.at(-1);
  const args = (kindOf(inner)[1].args as Node[] | undefined) ?? [];
  if (fn !== undefined) return TRANSPARENT.has(fn) && args.length === 1 ? subjectColumn(args[0]!) : null;
  return bareColumn(inner);
}

function one(col: string, ...requirements: Requirement[]): CheckCase[] {
  return [{ [col]: requirements }];
}

/** The cross product of the parts' cases, contradictions dropped; null when a part cannot be read. */
function and(parts: Cases[], bound: number): Cases {
  let acc: CheckCase[] = [{}];
  for (const part of parts) {
    if (part === null) return null;
    const [next, seen] = [[] as CheckCase[], new Set<string>()];
    outer: for (const a of acc) for (const b of part) if (!add(next, seen, merge(a, b), bound)) break outer;
    acc = next;
  }
  return acc;
}

/** All the parts' cases in order; null when a part cannot be read. */
function or(parts: Cases[], bound: number): Cases {
  if (parts.some((p) => p === null)) return null;
  const [out, seen] = [[] as CheckCase[], new Set<string>()];
  for (const c of (parts as CheckCase[][]).flat()) if (!add(out, seen, c, bound)) break;
  return out;
}

/** Adds the case to `out` when it is consistent and not `seen` yet; false once `out` holds `bound` cases. */
function add(out: CheckCase[], seen: Set<string>, c: CheckCase, bound: number): boolean {
  const key = JSON.stringify(Object.keys(c).sort().map((col) => [col, c[col]]));
  if (out.length < bound && Object.values(c).every(consistent) && !seen.has(key)) {
    seen.add(key);
    out.push(c);
  }
  return out.length < bound;
}

function merge(a: CheckCase, b: CheckCase): CheckCase {
  const out: CheckCase = { ...a };
  for (const [col, reqs] of Object.entries(b)) {
    const list = [...(out[col] ?? [])];
    for (const r of reqs) if (!list.some((x) => JSON.stringify(x) === JSON.stringify(r))) list.push(r); // dedupe
    out[col] = list;
  }
  return out;
}

/** False when one column's requirements cannot all hold: null with anything else, or no allowed `in` value left. */
function consistent(reqs: Requirement[]): boolean {
  if (reqs.some((r) => r.kind === 'null') && reqs.some((r) => r.kind !== 'null')) return false;
  let allowed: string[] | null = null;
  for (const r of reqs) if (r.kind === 'in') allowed = allowed ? allowed.filter((v) => r.values.includes(v)) : r.values;
  const excluded = reqs.flatMap((r) => (r.kind === 'not-in' ? r.values : []));
  return allowed === null || allowed.some((v) => !excluded.includes(v));
}
