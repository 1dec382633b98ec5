/**
 * Comparing what a document wrote with what Postgres prints, through the real parser (libpg-query) rather than as
 * text: `VARCHAR(255)` is `character varying(255)`, `TIMESTAMPTZ` is `timestamp with time zone`, `SERIAL` is
 * `integer`; `'active'` is `'active'::character varying`, `status IN ('a', 'b')` is
 * `(status)::text = ANY (ARRAY['a'::text, 'b'::text])`, `now()` is `CURRENT_TIMESTAMP`.
 *
 * The parser must be loaded first (`loadParser()` / `loadExpressionParser()`).
 */
import { parseSync } from 'libpg-query';
import { kindOf, parseExpression, type Node } from '../analyze/sql-expr.js';

/** Type names that are the same type under another spelling (after `pg_catalog.` is dropped). */
const TYPE_ALIASES: Record<string, string> = {
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
  integer: 'int4',
  int: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  boolean: 'bool',
  decimal: 'numeric',
  float: 'float8',
  real: 'float4',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
};

export interface ParsedType {
  name: string;
  mods: number[];
  array: number;
}

const typeCache = new Map<string, ParsedType | null>();

/** A type as written or as `format_type()` prints it, reduced to its canonical name, modifiers and array depth. */
export function parseType(text: string): ParsedType | null {
  const key = text.trim();
  const hit = typeCache.get(key);
  if (hit !== undefined) return hit;
  let parsed: ParsedType | null = null;
  try {
    const result = parseSync(`CREATE TABLE t (c ${key})`) as unknown as {
      stmts: { stmt: { CreateStmt?: { tableElts?: { ColumnDef?: { typeName?: Node } }[] } } }[];
    };
    const typeName = result.stmts[0]?.stmt.CreateStmt?.tableElts?.[0]?.ColumnDef?.typeName as
      | { names?: Node[]; typmods?: Node[]; arrayBounds?: unknown[] }
      | undefined;
    if (result.stmts.length === 1 && typeName?.names) {
      const parts = typeName.names.map((n) => String(kindOf(n)[1].sval ?? '').toLowerCase()).filter((p) => p !== 'pg_catalog' && p !== 'public');
      const raw = parts.join('.');
      parsed = {
        name: TYPE_ALIASES[raw] ?? raw,
        mods: (typeName.typmods ?? []).map((m) => Number((kindOf(m)[1].ival as { ival?: number } | undefined)?.ival ?? 0)),
        array: (typeName.arrayBounds ?? []).length,
      };
    }
  } catch {
    parsed = null;
  }
  typeCache.set(key, parsed);
  return parsed;
}

/**
 * Does the documented type name the actual one? Modifiers the document leaves out are not compared
 * (`VARCHAR` for `character varying(255)`); null when the document's type does not parse.
 */
export function sameType(documented: string, actual: string): boolean | null {
  const d = parseType(documented);
  const a = parseType(actual);
  if (!d || !a) return null;
  if (d.name !== a.name || d.array !== a.array) return false;
  return d.mods.length === 0 || d.mods.join(',') === a.mods.join(',');
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  now: 'SVFOP_CURRENT_TIMESTAMP',
  transaction_timestamp: 'SVFOP_CURRENT_TIMESTAMP',
};

/** Fields that say where a node was written, not what it is. */
const IGNORED_KEYS = new Set(['location', 'rexpr_list_start', 'rexpr_list_end', 'list_start', 'list_end', 'typemod']);

/** A parse tree without locations, casts on constants, schema qualification of functions, and with IN as = ANY. */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const [kind, body] = kindOf(node as Node);
  if (kind === 'TypeCast') {
    const arg = body.arg as Node | undefined;
    if (arg) {
      const [argKind] = kindOf(arg);
      // `'x'::text`, `(col)::text`: the cast Postgres adds when it prints; the value or column is what the doc wrote.
      if (argKind === 'A_Const' || argKind === 'ColumnRef' || argKind === 'A_ArrayExpr') return normalise(arg);
    }
  }
  if (kind === 'A_Expr' && body.kind === 'AEXPR_IN') {
    const items = (kindOf(body.rexpr as Node)[1].items as Node[] | undefined) ?? [];
    return normalise({
      A_Expr: { ...body, kind: 'AEXPR_OP_ANY', rexpr: { A_ArrayExpr: { elements: items } } },
    });
  }
  if (kind === 'FuncCall') {
    const name = ((body.funcname as Node[] | undefined) ?? []).map((n) => String(kindOf(n)[1].sval ?? ''));
    const last = name[name.length - 1] ?? '';
    const svf = SQL_VALUE_FUNCTIONS[last];
    if (svf && !body.args) return { SQLValueFunction: { op: svf } };
    const keep = name.length > 1 && name[0] !== 'pg_catalog' && name[0] !== 'public' && name[0] !== 'extensions' ? name : [last];
    const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'location' && k !== 'funcname'));
    return { FuncCall: { ...(normalise(rest) as object), funcname: keep } };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (IGNORED_KEYS.has(k)) continue;
    out[k] = normalise(v);
  }
  return out;
}

/** Do two SQL expressions say the same thing? Null when either does not parse. */
export function sameExpression(documented: string, actual: string): boolean | null {
  const d = parseExpression(documented);
  const a = parseExpression(actual);
  if (!d || !a) return null;
  return JSON.stringify(normalise(d)) === JSON.stringify(normalise(a));
}
