/**
 * Makes the texts Postgres printed print the same again after they are replayed.
 *
 * Postgres' printed expressions are not always a fixpoint of parse-then-print. The one that matters in practice:
 * `col IN ('a', 'b')` on a `varchar` column is stored as a `text` comparison against an array of varchar constants
 * and printed `ARRAY['a'::character varying, 'b'::character varying]::text[]`; replaying that text pushes the outer
 * cast into the elements (`ARRAY['a'::character varying::text, …]`), so CHECKs, partial indexes and views would
 * print differently after a squash. Writing the array's own type first, `ARRAY[…]::character varying[]::text[]`,
 * stores exactly what was there (the inner cast is a no-op on an array already of that type) and prints the
 * original text back.
 *
 * The places are found with the real parser (libpg-query: `ARRAY[…]` under a `::type[]` cast whose elements are all
 * cast to one other type), and only those places are touched; anything else is left byte for byte.
 */
import { parseSync } from 'libpg-query';

interface TypeNameNode {
  names?: { String?: { sval?: string } }[];
  typmods?: unknown[];
  arrayBounds?: unknown[];
  location?: number;
}

/** The SQL text with the array casts that would not survive a replay made explicit (see the header). */
export function stabilizeSql(sql: string): string {
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return sql;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const inserts: { at: number; text: string }[] = [];
  visit(tree, (cast) => {
    const insert = arrayCastInsert(cast, bytes);
    // The location is the `::` of the outer cast (CAST(… AS …) is not what Postgres prints; leave it alone).
    if (insert && bytes.toString('utf8', insert.at, insert.at + 2) === '::') inserts.push(insert);
  });
  if (!inserts.length) return sql;
  const parts: Buffer[] = [];
  let from = 0;
  for (const { at, text } of inserts.sort((a, b) => a.at - b.at)) {
    parts.push(bytes.subarray(from, at), Buffer.from(text, 'utf8'));
    from = at;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts).toString('utf8');
}

function visit(node: unknown, onCast: (cast: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n, onCast);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'TypeCast' && value && typeof value === 'object') onCast(value as Record<string, unknown>);
    visit(value, onCast);
  }
}

/**
 * For `ARRAY['x'::E, 'y'::E]::T[]` (constants, all cast to one type E other than T): insert `::E[]` before `::T[]`,
 * E written as it stands in the text (`character varying`).
 */
function arrayCastInsert(cast: Record<string, unknown>, bytes: Buffer): { at: number; text: string } | null {
  const array = (cast.arg as { A_ArrayExpr?: { elements?: unknown[]; list_end?: number } } | undefined)?.A_ArrayExpr;
  const target = cast.typeName as TypeNameNode | undefined;
  if (!array?.elements?.length || !target?.arrayBounds?.length || typeof cast.location !== 'number') return null;
  const elements = array.elements.map((e) => (e as { TypeCast?: { arg?: { A_Const?: { location?: number } }; typeName?: TypeNameNode } }).TypeCast);
  const first = elements[0]?.typeName;
  if (!first || first.arrayBounds?.length || typeof first.location !== 'number') return null;
  const shape = (t: TypeNameNode | undefined) => JSON.stringify({ names: t?.names, typmods: t?.typmods });
  if (elements.some((e) => typeof e?.arg?.A_Const?.location !== 'number' || shape(e.typeName) !== shape(first))) return null;
  if (JSON.stringify(target.names) === JSON.stringify(first.names)) return null;
  // The first element's type runs from its name to the next element (or the closing bracket).
  const end = elements[1]?.arg?.A_Const?.location ?? array.list_end;
  if (typeof end !== 'number') return null;
  const text = bytes.toString('utf8', first.location, end).replace(/[\s,\]]+$/, '');
  return text ? { at: cast.location, text: `::${text}[]` } : null;
}
