/**
 * DDL statements for model objects, shared by the two places that print replayable SQL: `design.md` (readable
 * DDL in a document) and `schemaproof squash` (one master script that must rebuild the schema exactly).
 *
 * Everything here is pure text from the model: definitions Postgres printed (`pg_get_constraintdef`,
 * `pg_get_viewdef`, `format_type`, `pg_get_expr`) are used verbatim, never re-parsed, and names are quoted the way
 * `quote_ident()` quotes them. The texts were read with `search_path = public`, so these statements must run with
 * that search path too (the squash script sets it; design.md says so).
 */
import { ident, literal, qualified } from './sql-text.js';
import type { Column, CompositeType, Constraint, Domain, Enum, Extension, Sequence, Table, View } from './types.js';

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `CREATE SCHEMA IF NOT EXISTS name;` */
export function createSchemaSql(name: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${ident(name)};`;
}

/** `CREATE EXTENSION IF NOT EXISTS name [WITH SCHEMA s];` (no version: the target installs the one it has). */
export function createExtensionSql(e: Pick<Extension, 'name' | 'schema'>): string {
  return `CREATE EXTENSION IF NOT EXISTS ${ident(e.name)}${e.schema === 'public' ? '' : ` WITH SCHEMA ${ident(e.schema)}`};`;
}

/** `CREATE TYPE … AS ENUM (…)` with the labels in their sort order (which is then also their creation order). */
export function createEnumSql(e: Enum): string {
  return `CREATE TYPE ${qualified(e.schema, e.name)} AS ENUM (${e.labels.map(literal).join(', ')});`;
}

/**
 * `CREATE DOMAIN` with its constraints; a `NOT VALID` one (which CREATE DOMAIN does not accept) is added after it
 * with `ALTER DOMAIN … ADD CONSTRAINT`, on a second line.
 */
export function createDomainSql(d: Domain): string {
  const name = qualified(d.schema, d.name);
  const parts = [`CREATE DOMAIN ${name} AS ${d.baseType}`];
  if (d.collation) parts.push(`COLLATE ${d.collation}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (!d.nullable) parts.push('NOT NULL');
  const notValid = (c: { definition: string }) => endsNotValid(c.definition);
  for (const c of d.constraints) if (!notValid(c)) parts.push(`CONSTRAINT ${ident(c.name)} ${c.definition}`);
  const later = d.constraints.filter(notValid).map((c) => `ALTER DOMAIN ${name} ADD CONSTRAINT ${ident(c.name)} ${c.definition};`);
  return [`${parts.join(' ')};`, ...later].join('\n');
}

export function createCompositeSql(c: CompositeType): string {
  return `CREATE TYPE ${qualified(c.schema, c.name)} AS (${c.attributes.map((a) => `${ident(a.name)} ${a.type}`).join(', ')});`;
}

/** `CREATE SEQUENCE` with every option that can differ (START, MINVALUE and MAXVALUE always; AS unless bigint). */
export function createSequenceSql(q: Sequence): string {
  const opts = [
    q.type === 'bigint' ? '' : `AS ${q.type}`,
    `START WITH ${q.start}`,
    q.increment === '1' ? '' : `INCREMENT BY ${q.increment}`,
    `MINVALUE ${q.min}`,
    `MAXVALUE ${q.max}`,
    q.cycle ? 'CYCLE' : '',
  ].filter(Boolean);
  return `CREATE SEQUENCE ${qualified(q.schema, q.name)} ${opts.join(' ')};`;
}

/**
 * `CREATE [MATERIALIZED] VIEW … [WITH (security_invoker = true, …)] AS <pg_get_viewdef>` with the check option
 * (the definition Postgres prints does not carry it), ending in `;`.
 */
export function createViewSql(v: View): string {
  const options = [v.securityInvoker ? 'security_invoker = true' : '', v.securityBarrier ? 'security_barrier = true' : ''].filter(Boolean);
  const head = `CREATE ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualified(v.schema, v.name)}${options.length ? ` WITH (${options.join(', ')})` : ''} AS`;
  let body = v.definition.replace(/\s+$/, '');
  if (v.checkOption !== null) body = `${body.replace(/;$/, '')}\n  WITH ${v.checkOption.toUpperCase()} CHECK OPTION;`;
  else if (!body.endsWith(';')) body += ';';
  return `${head}\n${body}`;
}

// ---------------------------------------------------------------------------------------------------------------
// CREATE TABLE

export interface CreateTableOptions {
  /** Another relation's id as SQL (the INHERITS parents). */
  relationSql(id: string): string;
  /** A trailing `-- comment` on each column and table-constraint line that has a comment (design.md). */
  lineComments: boolean;
  /** Write `INHERITS (…)` (default true; false when the parents are attached afterwards with ALTER TABLE … INHERIT). */
  inherits?: boolean;
  /** Text to put after `GENERATED … AS IDENTITY` for a column, e.g. ` (START WITH 100)`; none by default. */
  identityOptions?(column: Column): string;
}

const INLINE_ORDER: Record<string, number> = { 'primary key': 0, unique: 1, check: 2, 'foreign key': 3, exclude: 4 };

/**
 * The CREATE TABLE statement of a table with the given constraints, as lines: columns in position order with type,
 * COLLATE, GENERATED/IDENTITY, DEFAULT and NOT NULL; a single-column PRIMARY KEY, UNIQUE, CHECK or REFERENCES written
 * inline on its column when the constraint has the name Postgres would give it and its definition is a plain column
 * constraint (so nothing is lost by not naming it); every other constraint a table-level `CONSTRAINT name …` line;
 * then `INHERITS` and `PARTITION BY`. The caller decides which constraints belong here (all of them in design.md;
 * no FKs and no NOT VALID ones in a squash script, which adds those later).
 */
export function createTableSql(t: Table, constraints: Constraint[], options: CreateTableOptions): string[] {
  const inline = new Map<string, string[]>();
  const tableLevel: Constraint[] = [];
  for (const c of [...constraints].sort((a, b) => (INLINE_ORDER[a.type] ?? 9) - (INLINE_ORDER[b.type] ?? 9) || byCodePoint(a.name, b.name))) {
    const form = inlineForm(t, c);
    if (form === null) tableLevel.push(c);
    else inline.set(c.columns[0]!, [...(inline.get(c.columns[0]!) ?? []), form]);
  }

  const cols = inPositionOrder(t.columns);
  const names = cols.map((c) => ident(c.name));
  let nameWidth = 0;
  let typeWidth = 0;
  for (let i = 0; i < cols.length; i++) {
    nameWidth = Math.max(nameWidth, names[i]!.length);
    typeWidth = Math.max(typeWidth, cols[i]!.type.length);
  }
  nameWidth = Math.min(32, nameWidth);
  typeWidth = Math.min(28, typeWidth);
  const entries: { sql: string; comment: string | null }[] = [];
  cols.forEach((c, i) => {
    const parts: string[] = [c.type.padEnd(typeWidth)];
    if (c.collation) parts.push(`COLLATE ${c.collation}`);
    if (c.generated !== null) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
    if (c.identity !== null) {
      parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options.identityOptions?.(c) ?? ''}`);
    }
    if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
    const own = inline.get(c.name) ?? [];
    if (!c.nullable && !own.includes('PRIMARY KEY')) parts.push('NOT NULL');
    parts.push(...own);
    // trimEnd, not a `\s+$` regex: on padded text such a regex retries at every space of the padding.
    entries.push({ sql: `${names[i]!.padEnd(nameWidth)} ${parts.join(' ')}`.trimEnd(), comment: c.comment });
  });
  for (const c of tableLevel) entries.push({ sql: `CONSTRAINT ${ident(c.name)} ${c.definition}`.trimEnd(), comment: c.comment });

  const kind = t.kind === 'foreign' ? 'FOREIGN TABLE' : t.unlogged ? 'UNLOGGED TABLE' : 'TABLE';
  const lines = [`CREATE ${kind} ${qualified(t.schema, t.name)} (`];
  entries.forEach((e, i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    const comment = options.lineComments && e.comment !== null ? ` -- ${oneLine(e.comment)}` : '';
    lines.push(`  ${e.sql}${comma}${comment}`);
  });
  let close = ')';
  if (t.inherits.length && options.inherits !== false) close += ` INHERITS (${t.inherits.map((id) => options.relationSql(id)).join(', ')})`;
  if (t.partitionKey !== null) close += ` PARTITION BY ${t.partitionKey}`;
  lines.push(`${close};`);
  return lines;
}

/** Columns in position order: the model's own array when it is in that order (it always is), else a sorted copy. */
function inPositionOrder(columns: readonly Column[]): readonly Column[] {
  for (let i = 1; i < columns.length; i++) {
    if (columns[i - 1]!.position > columns[i]!.position) return [...columns].sort((a, b) => a.position - b.position);
  }
  return columns;
}

/** `/\bNOT VALID$/`, checked at the end of the text only (a regex would look for the words all along it). */
function endsNotValid(definition: string): boolean {
  if (!definition.endsWith('NOT VALID')) return false;
  const before = definition[definition.length - 10]; // undefined when the text is just `NOT VALID`
  return before === undefined || !/\w/.test(before);
}

function oneLine(value: string): string {
  return (value.includes('\n') ? value.replace(/\s*\r?\n\s*/g, ' ') : value).trim();
}

/** The name Postgres gives a constraint of this kind on one column, when nothing truncates it. */
function defaultName(t: Table, column: string, kind: 'pkey' | 'key' | 'fkey' | 'check'): string {
  return kind === 'pkey' ? `${t.name}_pkey` : `${t.name}_${column}_${kind}`;
}

/** The inline (column-constraint) form of a constraint, or null when it must stay a table-level line. */
function inlineForm(t: Table, c: Constraint): string | null {
  if (c.columns.length !== 1 || !c.validated || endsNotValid(c.definition)) return null;
  const col = c.columns[0]!;
  const q = ident(col);
  switch (c.type) {
    case 'primary key':
      return c.name === defaultName(t, col, 'pkey') && c.definition === `PRIMARY KEY (${q})` ? 'PRIMARY KEY' : null;
    case 'unique':
      return c.name === defaultName(t, col, 'key') && c.definition === `UNIQUE (${q})` ? 'UNIQUE' : null;
    case 'check':
      return c.name === defaultName(t, col, 'check') && c.definition.startsWith('CHECK (') ? c.definition : null;
    case 'foreign key': {
      const prefix = `FOREIGN KEY (${q}) `;
      return c.name === defaultName(t, col, 'fkey') && c.definition.startsWith(`${prefix}REFERENCES `)
        ? c.definition.slice(prefix.length)
        : null;
    }
    default:
      return null;
  }
}
