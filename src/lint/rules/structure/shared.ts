/**
 * Helpers shared by the structure and types rules (not a rule): SQL names for remediation snippets (always
 * schema-qualified, quoted the way quote_ident() does); reading the `format_type()` texts of the model — what a column
 * really stores once domains are unwrapped, a type without its modifier, the family a type belongs to, the sequence of
 * a nextval() default; and comparing index key parts.
 */
import { ident, indexKeys } from '../../../model/sql-text.js';
import type { Column, Index, IndexKey, SchemaModel, Table } from '../../../model/types.js';

import { relationSql } from '../../sql.js';
export { relationSql };

export function tableSql(t: Pick<Table, 'schema' | 'name'>): string {
  return relationSql(t.schema, t.name);
}

/** An index as SQL: its schema is its table's. */
export function indexSql(i: Pick<Index, 'name'>, t: Pick<Table, 'schema'>): string {
  return relationSql(t.schema, i.name);
}

export function columnsSql(names: string[]): string {
  return names.map(ident).join(', ');
}

export { ident };

/** `integer[][]` → `{ element: 'integer', dims: 2 }`. */
export function splitArray(type: string): { element: string; dims: number } {
  let element = type;
  let dims = 0;
  while (element.endsWith('[]')) {
    element = element.slice(0, -2);
    dims++;
  }
  return { element, dims };
}

/**
 * A type text without its modifier: `character varying(50)` → `character varying`, `numeric(12,2)` → `numeric`,
 * `timestamp(3) without time zone` → `timestamp without time zone`; array brackets are kept.
 */
export function typeName(type: string): string {
  return type.replace(/\(\s*\d+(?:\s*,\s*-?\d+)?\s*\)/g, '').replace(/\s+/g, ' ').trim();
}

/** Domain ids of the model by the type text a column would print for them (`money_amount`, `billing.amount`). */
function domainIndex(model: SchemaModel): Map<string, { baseType: string }> {
  const byText = new Map<string, { baseType: string }>();
  for (const d of model.domains) {
    byText.set(d.id, d);
    if (d.schema === 'public') byText.set(d.name, d);
  }
  return byText;
}

const domainCache = new WeakMap<SchemaModel, Map<string, { baseType: string }>>();

/**
 * What a type text stores: domains replaced by their base types (recursively, arrays kept), so that a domain over
 * `bigint` and `bigint` compare equal. Other types are returned as they are.
 */
export function storageType(model: SchemaModel, type: string): string {
  let domains = domainCache.get(model);
  if (!domains) {
    domains = domainIndex(model);
    domainCache.set(model, domains);
  }
  let { element, dims } = splitArray(type);
  for (let depth = 0; depth < 10; depth++) {
    const d = domains.get(element);
    if (!d) break;
    const inner = splitArray(d.baseType);
    element = inner.element;
    dims += inner.dims;
  }
  return element + '[]'.repeat(dims);
}

export function columnStorage(model: SchemaModel, c: Pick<Column, 'type'>): string {
  return storageType(model, c.type);
}

const INTEGERS = new Set(['smallint', 'integer', 'bigint']);
const STRINGS = new Set(['text', 'character varying', 'character', 'bpchar', 'citext', 'name']);

/**
 * The family of a (storage) type, for "could these two columns be joined by an FK without a cast": every integer type
 * is `integer`, every string type `string`; any other type is its own family (modifier left out).
 */
export function typeFamily(type: string): string {
  const name = typeName(type);
  if (INTEGERS.has(name)) return 'integer';
  if (STRINGS.has(name)) return 'string';
  return name;
}

/** `nextval('seq'::regclass)` → the sequence name as written (`seq`, `billing.seq`, `"Seq"`); null for other defaults. */
export function nextvalSequence(defaultExpr: string | null): string | null {
  if (defaultExpr === null) return null;
  const m = /^nextval\('((?:[^']|'')+)'::regclass\)$/.exec(defaultExpr);
  return m ? m[1]!.replace(/''/g, "'") : null;
}

/** The last part of a possibly qualified, possibly quoted name: `billing."Seq"` → `Seq`. */
export function lastNamePart(name: string): string {
  const m = /(?:^|\.)("(?:[^"]|"")*"|[^."]+)$/.exec(name);
  const part = m ? m[1]! : name;
  return part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part;
}

// ---------------------------------------------------------------------------------------------------------------
// Index keys

/** Index key parts as SQL (`a, "userId" DESC, lower(email)`): the one rendering, in model/sql-text.ts. */
export const keysText = indexKeys;

/** What a key part is, direction left out: column or expression, opclass and collation. */
export function keyTarget(k: IndexKey): string {
  return [k.column === null ? `(${k.expression})` : k.column, k.opclass ?? '', k.collation ?? ''].join('\u0001');
}

/** The sort direction of a key part: ASC NULLS LAST is `a`, DESC NULLS FIRST is `d` and so on. */
export function keyDirection(k: IndexKey): string {
  return `${k.descending ? 'd' : 'a'}${k.nullsFirst ? 'f' : 'l'}`;
}

/** Everything that makes two indexes interchangeable: method, keys with directions, INCLUDE (as a set), predicate, uniqueness. */
export function indexSignature(i: Index): string {
  return [
    i.method,
    i.unique ? (i.nullsNotDistinct ? 'unique-nnd' : 'unique') : '',
    i.keys.map((k) => `${keyTarget(k)}\u0001${keyDirection(k)}`).join('\u0002'),
    [...i.include].sort().join('\u0002'),
    i.predicate ?? '',
  ].join('\u0000');
}
