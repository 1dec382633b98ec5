/**
 * Helpers shared by the structure and types rules (not a rule): SQL names for remediation snippets (always
 * schema-qualified, quoted the way quote_ident() does); reading the `format_type()` texts of the model — what a column
 * really stores once domains are unwrapped, a type without its modifier, the family a type belongs to, the sequence of
 * a nextval() default; and comparing index key parts.
 */
import { ident, indexKeys } from '../../../model/sql-text.js';
import type { Column, Index, IndexKey, SchemaModel, Sequence, Table } from '../../../model/types.js';

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

/** typeName by type text: rules ask for every column's, and a schema has few distinct type texts. */
const typeNames = new Map<string, string>();

/**
 * A type text without its modifier: `character varying(50)` → `character varying`, `numeric(12,2)` → `numeric`,
 * `timestamp(3) without time zone` → `timestamp without time zone`; array brackets are kept.
 */
export function typeName(type: string): string {
  let name = typeNames.get(type);
  if (name === undefined) {
    name = type.replace(/\(\s*\d+(?:\s*,\s*-?\d+)?\s*\)/g, '').replace(/\s+/g, ' ').trim();
    typeNames.set(type, name);
  }
  return name;
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

/** Per model: its domains by type text, and the storage type of each type text asked for (rules ask per column). */
const storageCache = new WeakMap<SchemaModel, { domains: Map<string, { baseType: string }>; storage: Map<string, string> }>();

/**
 * What a type text stores: domains replaced by their base types (recursively, arrays kept), so that a domain over
 * `bigint` and `bigint` compare equal. Other types are returned as they are.
 */
export function storageType(model: SchemaModel, type: string): string {
  let cache = storageCache.get(model);
  if (!cache) {
    cache = { domains: domainIndex(model), storage: new Map() };
    storageCache.set(model, cache);
  }
  let stored = cache.storage.get(type);
  if (stored === undefined) {
    stored = unwrapDomains(cache.domains, type);
    cache.storage.set(type, stored);
  }
  return stored;
}

/** The type a type text stores once domains are unwrapped (10 levels at most: a domain cycle cannot loop). */
function unwrapDomains(domains: Map<string, { baseType: string }>, type: string): string {
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

const sequencesByOwner = new WeakMap<SchemaModel, Map<string, Sequence[]>>();

/**
 * The sequence a column owns that has the name its `nextval()` default gives (as written: qualified, quoted), in model
 * order; the model's sequences indexed by owner once, not scanned per column.
 */
export function ownedSequence(model: SchemaModel, column: Pick<Column, 'id'>, seqName: string): Sequence | undefined {
  let byOwner = sequencesByOwner.get(model);
  if (!byOwner) {
    byOwner = new Map();
    for (const s of model.sequences) {
      if (s.ownedBy === null) continue;
      const list = byOwner.get(s.ownedBy);
      if (list) list.push(s);
      else byOwner.set(s.ownedBy, [s]);
    }
    sequencesByOwner.set(model, byOwner);
  }
  const name = lastNamePart(seqName);
  return byOwner.get(column.id)?.find((s) => s.name === name);
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
