/**
 * SQL text helpers (for renderers that print DDL and lint remediations): identifier quoting the way PostgreSQL's `quote_ident()` does it,
 * so that names we print match the names inside the definitions Postgres printed (`pg_get_constraintdef()` and
 * friends), and qualified names relative to `search_path = public` (the path the model was read with).
 *
 * The keyword list is the set of keywords `quote_ident()` quotes: every PostgreSQL keyword that is not
 * "unreserved" (reserved, type/function-name and column-name keywords, PostgreSQL 17/18). Unreserved keywords
 * (`name`, `type`, `value`, …) are valid bare identifiers and are not quoted.
 */
import type { Index } from './types.js';

const KEYWORDS = new Set(
  [
    // Reserved.
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create',
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc',
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral',
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning',
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic',
    'when where window with',
    // Type or function names.
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left',
    'like natural notnull outer overlaps right similar tablesample verbose',
    // Column names.
    'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int',
    'integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar',
    'json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out',
    'overlay position precision real row setof smallint substring time timestamp treat trim values varchar',
    'xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable',
  ]
    .join(' ')
    .split(' '),
);

/** Is this a PostgreSQL keyword that must be quoted to be used as an identifier? */
export function isReservedWord(name: string): boolean {
  return KEYWORDS.has(name);
}

/**
 * An identifier as SQL text: bare when it is a plain lowercase identifier (`[a-z_][a-z0-9_]*`) and not a keyword,
 * double-quoted otherwise (`"Order"`, `"my table"`, `"select"`, `"say ""hi"""`).
 */
export function ident(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` as SQL, the schema left out for `public` (the model's search path, as in Postgres' own definitions). */
export function qualified(schema: string, name: string): string {
  return schema === 'public' ? ident(name) : `${ident(schema)}.${ident(name)}`;
}

/** A comma-separated list of identifiers: `a, "B", c`. */
export function identList(names: string[]): string {
  return names.map(ident).join(', ');
}

/** A comment as `-- ` lines (each line of the text one SQL line comment; blank lines kept as `--`). */
export function sqlComment(textValue: string, indent = ''): string[] {
  return textValue
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line.trim() === '' ? `${indent}--` : `${indent}-- ${line.trimEnd()}`));
}

/** A string literal: `'it''s'` (standard_conforming_strings on). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * An index definition to show or replay: `pg_get_indexdef()` text, except that an index on a partitioned table
 * loses the `ONLY` Postgres prints for it (`CREATE INDEX … ON ONLY public.events`). Such an index is on every
 * partition (Postgres creates or attaches one per partition); replaying the `ONLY` form would create an invalid
 * parent-only index that no partition has. `table` is the index's table (`ctx.table(index.table)`); for any other
 * table kind, or when it is unknown, the definition is returned as is.
 */
export function readableIndexDdl(index: { definition: string }, table: { kind: string } | undefined): string {
  if (table?.kind !== 'partitioned') return index.definition;
  // `CREATE [UNIQUE] INDEX <quote_ident(name)> ON ONLY …`: the name is one quoted or bare identifier.
  return index.definition.replace(/^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|[^\s"]+) ON )ONLY /, '$1');
}

/** Index key parts as SQL: `a, b DESC, lower(email)`. Built from the model's key fields, not from the definition. */
export function indexKeys(i: Pick<Index, 'keys'>): string {
  return i.keys
    .map((k) => {
      let s = k.column !== null ? ident(k.column) : (k.expression ?? '?');
      if (k.collation) s += ` COLLATE ${k.collation}`;
      if (k.opclass) s += ` ${k.opclass}`;
      if (k.descending) s += ' DESC';
      if (k.descending && !k.nullsFirst) s += ' NULLS LAST';
      if (!k.descending && k.nullsFirst) s += ' NULLS FIRST';
      return s;
    })
    .join(', ');
}
