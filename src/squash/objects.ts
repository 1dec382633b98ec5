/**
 * Statements for the objects of the squash script other than tables: types, sequences, functions and views, each
 * with its COMMENT ON, and the small SQL pieces the other parts share (object names, identity options).
 *
 * CREATE statements for types, sequences and views come from model/ddl.ts, which design.md uses too; functions are
 * `pg_get_functiondef()` text as the model holds it.
 */
import { createCompositeSql, createDomainSql, createEnumSql, createSequenceSql, createViewSql } from '../model/ddl.js';
import { ident, literal, qualified } from '../model/sql-text.js';
import type { Column, CompositeType, Domain, Enum, Func, Sequence, Table, View } from '../model/types.js';

/** `COMMENT ON <target> IS '…';`, or nothing when there is no comment. */
export function commentOn(target: string, comment: string | null): string[] {
  return comment === null ? [] : [`COMMENT ON ${target} IS ${literal(comment)};`];
}

/** `FUNCTION public.f(uuid)` / `PROCEDURE …` — the routine as GRANT, COMMENT and ALTER name it. */
export function routineSql(f: Func): string {
  const kind = f.kind === 'procedure' ? 'PROCEDURE' : f.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION';
  return `${kind} ${qualified(f.schema, f.name)}(${f.identityArgs})`;
}

export function relationKeyword(r: Table | View): string {
  if ('materialized' in r) return r.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  return r.kind === 'foreign' ? 'FOREIGN TABLE' : 'TABLE';
}

export function typeSql(t: Enum | Domain | CompositeType, kind: 'enum' | 'domain' | 'composite'): string[] {
  const create = kind === 'enum' ? createEnumSql(t as Enum) : kind === 'domain' ? createDomainSql(t as Domain) : createCompositeSql(t as CompositeType);
  return [create, ...commentOn(`${kind === 'domain' ? 'DOMAIN' : 'TYPE'} ${qualified(t.schema, t.name)}`, t.comment)];
}

export function sequenceSql(q: Sequence): string[] {
  return [createSequenceSql(q), ...commentOn(`SEQUENCE ${qualified(q.schema, q.name)}`, q.comment)];
}

/**
 * A function as `pg_get_functiondef()` printed it, ending in `;`. Aggregates have no such text in the model, so
 * they cannot be written: a comment says so (and the round trip reports the aggregate missing).
 */
export function functionSql(f: Func): string[] {
  if (f.definition === null) {
    return [`-- ${routineSql(f)}: not written (the model holds no definition for an aggregate)`];
  }
  return [`${f.definition.replace(/\s+$/, '')};`, ...commentOn(routineSql(f), f.comment)];
}

/** A view (or materialized view) with its comments; a materialized view's indexes are added by the caller. */
export function viewSql(v: View): string[] {
  const name = qualified(v.schema, v.name);
  const keyword = v.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  return [
    createViewSql(v),
    ...commentOn(`${keyword} ${name}`, v.comment),
    ...v.columns.flatMap((c) => commentOn(`COLUMN ${name}.${ident(c.name)}`, c.comment)),
  ];
}

const TYPE_LIMITS: Record<string, [string, string]> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

/**
 * The options of an identity column's sequence that differ from what `GENERATED … AS IDENTITY` would pick, as
 * ` (SEQUENCE NAME … START WITH …)`, or `''`. The name matters after a rename: a table renamed keeps its
 * identity sequence's old name, and a new identity column would be given the new one.
 */
export function identityOptions(t: Table, c: Column, q: Sequence | undefined): string {
  if (!q) return '';
  const opts: string[] = [];
  if (q.schema !== t.schema || q.name !== `${t.name}_${c.name}_seq`) opts.push(`SEQUENCE NAME ${qualified(q.schema, q.name)}`);
  const [typeMin, typeMax] = TYPE_LIMITS[q.type] ?? ['', ''];
  const ascending = !q.increment.startsWith('-');
  const min = ascending ? '1' : typeMin;
  const max = ascending ? typeMax : '-1';
  if (q.type !== c.type) opts.push(`AS ${q.type}`);
  if (q.start !== (ascending ? q.min : q.max)) opts.push(`START WITH ${q.start}`);
  if (q.increment !== '1') opts.push(`INCREMENT BY ${q.increment}`);
  if (q.min !== min) opts.push(`MINVALUE ${q.min}`);
  if (q.max !== max) opts.push(`MAXVALUE ${q.max}`);
  if (q.cycle) opts.push('CYCLE');
  return opts.length ? ` (${opts.join(' ')})` : '';
}
