/**
 * `design.md`, in the shape of seed 003 ("Database Schema & Design"): the ERD, every table as readable DDL, then
 * indexing, partitioning, views and types. Unlike the seed, every section is computed from the model: the DDL is
 * what the database holds (constraint, index and view definitions as Postgres printed them, never re-parsed), and
 * "Indexing Strategy" counts and lists what exists instead of describing what should.
 *
 * DDL choices: columns in position order with type, COLLATE, GENERATED/IDENTITY, DEFAULT and NOT NULL; a
 * single-column PRIMARY KEY, UNIQUE, CHECK or REFERENCES is written inline on its column when the constraint has
 * the name Postgres would give it and its definition is a plain column constraint (so nothing is lost by not
 * naming it); every other constraint is a table-level `CONSTRAINT name <definition>` line. Then `PARTITION BY`,
 * `INHERITS`, the CREATE INDEX statements that do not back a constraint, and row-level security switches.
 * Comments are `--` lines. Partitions are listed under "Partitioning" rather than as DDL.
 */
import type { Constraint, Index, Table, View } from '../model/types.js';
import type { RenderContext } from './context.js';
import { boundedErDiagram, domainErdFiles, wholeSchemaErd } from './erd.js';
import { block, code, doc, link, list, plural, table, text } from './markdown.js';
import { DEFAULT_MAX_COLUMNS, domainOverview, showsKeysOnly } from './mermaid.js';
import { ident, identList, qualified, sqlComment } from './sql.js';

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function renderDesign(ctx: RenderContext): string {
  return doc(
    '# Database Schema & Design',
    summary(ctx),
    '## Entity-Relationship Diagram',
    ...erdSection(ctx),
    '## Core Tables',
    ...coreTables(ctx),
    '## Indexing Strategy',
    ...indexingStrategy(ctx),
    '## Partitioning',
    ...partitioning(ctx),
    '## Views',
    ...views(ctx),
    '## Enums and Domains',
    ...types(ctx),
  );
}

function summary(ctx: RenderContext): string {
  const partitioned = ctx.tables.filter((t) => t.kind === 'partitioned').length;
  const schemas = new Set(ctx.tables.map((t) => t.schema));
  const userViews = ctx.model.views.filter((v) => v.origin === 'user');
  const matviews = userViews.filter((v) => v.materialized).length;
  const parts = [
    `${plural(ctx.tables.length, 'table')}${partitioned ? ` (${partitioned} partitioned)` : ''} in ${plural(schemas.size, 'schema')}`,
    `${plural(ctx.model.foreignKeys.filter((f) => ctx.analysed(f.table)).length, 'foreign key')}`,
    `${plural(ownIndexes(ctx).length, 'index', 'indexes')}`,
    `${plural(userViews.length, 'view')}${matviews ? ` (${matviews} materialized)` : ''}`,
  ];
  return `${parts.join(', ')}.${partitioned ? ' Partitions are counted with their partitioned table.' : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// ERD

function erdSection(ctx: RenderContext): string[] {
  if (wholeSchemaErd(ctx)) {
    const diagram = boundedErDiagram(ctx, ctx.analysis.tables);
    const trimmed = ctx.tables.filter((t) => showsKeysOnly(t)).length;
    return [
      block(diagram.text, 'mermaid'),
      diagram.keysOnly
        ? 'Tables show their key columns only (the whole diagram would be too long for Mermaid); every column is in the DDL below and on the table pages.'
        : trimmed
          ? `${plural(trimmed, 'table')} with more than ${DEFAULT_MAX_COLUMNS} columns ${trimmed === 1 ? 'shows' : 'show'} key columns only; every column is in the DDL below and on the table pages.`
          : '',
    ];
  }
  const files = domainErdFiles(ctx);
  return [
    `${plural(ctx.tables.length, 'table')} are too many for one readable diagram: this is the map of the domains, each arrow labelled with the number of foreign keys from one domain to another. Each domain has its own ERD:`,
    block(domainOverview(ctx), 'mermaid'),
    list(files.map((f) => `${link(f.name, f.file)} (${plural(f.tables.length, 'table')})`)),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Core tables

function coreTables(ctx: RenderContext): string[] {
  const groups = ctx.analysis.domains.groups.map((g) => ({ name: g.name, basis: g.basis, tables: [...g.tables] }));
  const grouped = new Set(groups.flatMap((g) => g.tables));
  const rest = ctx.analysis.tables.filter((id) => !grouped.has(id));
  if (rest.length) groups.push({ name: 'Other tables', basis: null, tables: rest });
  const position = new Map(ctx.analysis.loadOrder.map((id, i) => [id, i]));
  const inLoadOrder = (ids: string[]) =>
    [...ids].sort((a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity) || byCodePoint(a, b));

  const parts: string[] = [
    groups.length > 1
      ? `By domain, and in load order within a domain (a table comes after the tables it references).`
      : `In load order (a table comes after the tables it references).`,
  ];
  for (const g of groups) {
    if (groups.length > 1) {
      parts.push(`**Domain: ${text(g.name)}** (${plural(g.tables.length, 'table')}${g.basis ? `; ${text(g.basis)}` : ''})`);
    }
    for (const id of inLoadOrder(g.tables)) {
      const t = ctx.table(id);
      if (!t) continue;
      parts.push(`### ${text(ctx.name(id))}${kindSuffix(t)}`);
      const level = ctx.analysis.levels[id];
      parts.push([level === undefined ? '' : `Level ${level}`, (ctx.written(ctx.tablePage(id)) ? link('Table page', ctx.tablePage(id)) : '')].filter(Boolean).join(' · '));
      parts.push(block(tableDdl(ctx, t), 'sql'));
    }
  }
  return parts;
}

function kindSuffix(t: Table): string {
  const kinds = [t.kind === 'partitioned' ? 'partitioned' : '', t.kind === 'foreign' ? 'foreign table' : '', t.unlogged ? 'unlogged' : ''];
  const k = kinds.filter(Boolean);
  return k.length ? ` (${k.join(', ')})` : '';
}

/** The name Postgres gives a constraint of this kind on one column, when nothing truncates it. */
function defaultName(t: Table, column: string, kind: 'pkey' | 'key' | 'fkey' | 'check'): string {
  return kind === 'pkey' ? `${t.name}_pkey` : `${t.name}_${column}_${kind}`;
}

/** The inline (column-constraint) form of a constraint, or null when it must stay a table-level line. */
function inlineForm(t: Table, c: Constraint): string | null {
  if (c.columns.length !== 1 || !c.validated || /\bNOT VALID$/.test(c.definition)) return null;
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

function oneLine(value: string): string {
  return value.replace(/\s*\r?\n\s*/g, ' ').trim();
}

const INLINE_ORDER: Record<string, number> = { 'primary key': 0, unique: 1, check: 2, 'foreign key': 3, exclude: 4 };

/** Readable DDL for one table: CREATE TABLE, its indexes, comments and RLS switches. */
export function tableDdl(ctx: RenderContext, t: Table): string {
  const constraints = ctx.of(t.id).constraints;
  const inline = new Map<string, string[]>();
  const tableLevel: Constraint[] = [];
  for (const c of [...constraints].sort((a, b) => (INLINE_ORDER[a.type] ?? 9) - (INLINE_ORDER[b.type] ?? 9) || byCodePoint(a.name, b.name))) {
    const form = inlineForm(t, c);
    if (form === null) tableLevel.push(c);
    else inline.set(c.columns[0]!, [...(inline.get(c.columns[0]!) ?? []), form]);
  }

  const cols = [...t.columns].sort((a, b) => a.position - b.position);
  const nameWidth = Math.min(32, Math.max(0, ...cols.map((c) => ident(c.name).length)));
  const typeWidth = Math.min(28, Math.max(0, ...cols.map((c) => c.type.length)));
  const entries: { sql: string; comment: string | null }[] = [];
  for (const c of cols) {
    const parts: string[] = [c.type.padEnd(typeWidth)];
    if (c.collation) parts.push(`COLLATE ${c.collation}`);
    if (c.generated !== null) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
    if (c.identity !== null) parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
    if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
    const own = inline.get(c.name) ?? [];
    if (!c.nullable && !own.includes('PRIMARY KEY')) parts.push('NOT NULL');
    parts.push(...own);
    entries.push({ sql: `${ident(c.name).padEnd(nameWidth)} ${parts.join(' ')}`.trimEnd().replace(/ +$/, ''), comment: c.comment });
  }
  for (const c of tableLevel) entries.push({ sql: `CONSTRAINT ${ident(c.name)} ${c.definition}`, comment: c.comment });

  const lines: string[] = [];
  if (t.comment !== null) lines.push(...sqlComment(t.comment));
  const kind = t.kind === 'foreign' ? 'FOREIGN TABLE' : t.unlogged ? 'UNLOGGED TABLE' : 'TABLE';
  lines.push(`CREATE ${kind} ${qualified(t.schema, t.name)} (`);
  entries.forEach((e, i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    lines.push(`  ${e.sql.replace(/\s+$/, '')}${comma}${e.comment !== null ? ` -- ${oneLine(e.comment)}` : ''}`);
  });
  let close = ')';
  if (t.inherits.length) close += ` INHERITS (${t.inherits.map((id) => qualifiedId(ctx, id)).join(', ')})`;
  if (t.partitionKey !== null) close += ` PARTITION BY ${t.partitionKey}`;
  lines.push(`${close};`);

  const indexes = ctx.of(t.id).indexes.filter((i) => i.constraint === null);
  if (indexes.length) lines.push('');
  for (const i of indexes) {
    if (i.comment !== null) lines.push(...sqlComment(i.comment));
    lines.push(`${i.definition};${i.valid ? '' : ' -- INVALID: not used by queries'}`);
  }
  if (t.rls.enabled || t.rls.forced) {
    lines.push('');
    if (t.rls.enabled) lines.push(`ALTER TABLE ${qualified(t.schema, t.name)} ENABLE ROW LEVEL SECURITY;`);
    if (t.rls.forced) lines.push(`ALTER TABLE ${qualified(t.schema, t.name)} FORCE ROW LEVEL SECURITY;`);
  }
  const partitions = ctx.of(t.id).partitions.length;
  if (partitions) lines.push('', `-- ${plural(partitions, 'partition')}: see "Partitioning"`);
  return lines.join('\n');
}

/** A table id as SQL, from the model's schema and name (ids are never split). */
function qualifiedId(ctx: RenderContext, id: string): string {
  const t = ctx.table(id);
  return t ? qualified(t.schema, t.name) : id;
}

// ---------------------------------------------------------------------------------------------------------------
// Indexing strategy

/** Indexes on the analysed tables. */
function ownIndexes(ctx: RenderContext): Index[] {
  const analysed = new Set(ctx.analysis.tables);
  return ctx.model.indexes.filter((i) => analysed.has(i.table));
}

/** Index key parts as SQL: `a, b DESC, lower(email)`. Built from the model's key fields, not from the definition. */
export function indexKeys(i: Index): string {
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

export interface IndexClasses {
  composite: Index[];
  partial: Index[];
  /** Unique indexes that do not back a PRIMARY KEY or UNIQUE constraint. */
  unique: Index[];
  expression: Index[];
  nonBtree: Index[];
  covering: Index[];
}

export function classifyIndexes(indexes: Index[]): IndexClasses {
  return {
    composite: indexes.filter((i) => i.keys.length > 1),
    partial: indexes.filter((i) => i.predicate !== null),
    unique: indexes.filter((i) => i.unique && i.constraint === null),
    expression: indexes.filter((i) => i.keys.some((k) => k.expression !== null)),
    nonBtree: indexes.filter((i) => i.method !== 'btree'),
    covering: indexes.filter((i) => i.include.length > 0),
  };
}

/** FKs of the analysed tables with no covering index on the referencing table, in FK id order. */
export function uncoveredForeignKeys(ctx: RenderContext) {
  const analysed = new Set(ctx.analysis.tables);
  return ctx.model.foreignKeys.filter((f) => analysed.has(f.table) && ctx.coveringIndex(f) === null);
}

function indexingStrategy(ctx: RenderContext): string[] {
  const indexes = ownIndexes(ctx);
  const cls = classifyIndexes(indexes);
  const constraintKinds = new Map(ctx.model.constraints.map((c) => [c.id, c.type]));
  const backing = (type: string) => indexes.filter((i) => i.constraint !== null && constraintKinds.get(i.constraint) === type).length;
  const created = indexes.filter((i) => i.constraint === null).length;
  const analysed = new Set(ctx.analysis.tables);
  const fks = ctx.model.foreignKeys.filter((f) => analysed.has(f.table));
  const uncovered = uncoveredForeignKeys(ctx);
  const methods = new Map<string, number>();
  for (const i of cls.nonBtree) methods.set(i.method, (methods.get(i.method) ?? 0) + 1);
  const methodText = [...methods.entries()].sort((a, b) => byCodePoint(a[0], b[0])).map(([m, n]) => `${text(m)} ${n}`).join(', ');

  const intro =
    `${plural(indexes.length, 'index', 'indexes')} on ${plural(new Set(indexes.map((i) => i.table)).size, 'table')}: ` +
    `${backing('primary key')} back a primary key, ${backing('unique')} a unique constraint, ${backing('exclude')} an exclusion constraint, ` +
    `and ${created} ${created === 1 ? 'was' : 'were'} created with CREATE INDEX.`;
  const counts = table(
    ['Kind', 'Count'],
    [
      ['Composite (more than one key part)', String(cls.composite.length)],
      ['Partial (with a WHERE predicate)', String(cls.partial.length)],
      ['Unique, not backing a constraint', String(cls.unique.length)],
      ['On expressions', String(cls.expression.length)],
      ['Not B-tree', `${cls.nonBtree.length}${methodText ? ` (${methodText})` : ''}`],
      ['With INCLUDE columns', String(cls.covering.length)],
      ['Foreign keys without a covering index', `${uncovered.length} of ${fks.length}`],
    ],
  );
  const name = (i: Index) => code(i.name);
  const on = (i: Index) => text(ctx.name(i.table));
  const section = (title: string, items: Index[], header: string[], row: (i: Index) => string[]) =>
    items.length ? [`### ${title}`, table(['Index', 'Table', ...header], items.map((i) => [name(i), on(i), ...row(i)]))] : [];

  return [
    intro,
    counts,
    ...section('Composite indexes', cls.composite, ['Key'], (i) => [code(indexKeys(i))]),
    ...section('Partial indexes', cls.partial, ['Key', 'Predicate'], (i) => [code(indexKeys(i)), code(i.predicate!)]),
    ...section('Unique indexes (not constraints)', cls.unique, ['Key', 'Predicate'], (i) => [
      code(indexKeys(i)),
      i.predicate === null ? '' : code(i.predicate),
    ]),
    ...section('Expression indexes', cls.expression, ['Key', 'Method'], (i) => [code(indexKeys(i)), text(i.method)]),
    ...section('Non-B-tree indexes', cls.nonBtree, ['Method', 'Key'], (i) => [text(i.method), code(indexKeys(i))]),
    ...section('Indexes with INCLUDE columns', cls.covering, ['Key', 'Include'], (i) => [code(indexKeys(i)), code(identList(i.include))]),
    ...(uncovered.length
      ? [
          '### Foreign keys without a covering index',
          'No valid, non-partial B-tree index starts with these columns, so deleting or updating a referenced row scans the referencing table, and joins on the FK cannot use an index.',
          table(
            ['Table', 'Foreign key', 'Columns', 'References', 'Index that would cover it'],
            uncovered.map((f) => {
              const t = ctx.table(f.table);
              return [
                text(ctx.name(f.table)),
                code(f.name),
                code(identList(f.columns)),
                text(ctx.name(f.refTable)),
                code(`CREATE INDEX ON ${t ? qualified(t.schema, t.name) : f.table} (${identList(f.columns)});`),
              ];
            }),
          ),
        ]
      : fks.length
        ? ['Every foreign key has a covering index.']
        : []),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Partitioning

function partitioning(ctx: RenderContext): string[] {
  const parents = ctx.tables.filter((t) => t.kind === 'partitioned');
  const inheriting = ctx.tables.filter((t) => t.inherits.length > 0);
  const parts: string[] = [];
  if (!parents.length) parts.push('No partitioned tables.');
  for (const p of parents) {
    const rows: string[][] = [];
    const walk = (parentId: string, depth: number) => {
      for (const c of ctx.of(parentId).partitions) {
        const sub = c.partitionKey !== null ? ` (partitioned by ${code(c.partitionKey)})` : '';
        rows.push([`${'↳ '.repeat(depth)}${text(ctx.name(c.id))}${sub}`, c.partitionBound === null ? '' : code(c.partitionBound)]);
        walk(c.id, depth + 1);
      }
    };
    walk(p.id, 0);
    parts.push(
      `${text(ctx.name(p.id))} is partitioned by ${code(p.partitionKey ?? '?')} into ${plural(rows.length, 'partition')}${rows.length ? ':' : '.'}`,
    );
    if (rows.length) parts.push(table(['Partition', 'Bounds'], rows));
  }
  if (inheriting.length) {
    parts.push(
      `Table inheritance (not partitioning): ${inheriting
        .map((t) => `${text(ctx.name(t.id))} inherits ${t.inherits.map((id) => text(ctx.name(id))).join(', ')}`)
        .join('; ')}.`,
    );
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

function viewDdl(ctx: RenderContext, v: View): string {
  const options = [v.securityInvoker ? 'security_invoker = true' : '', v.securityBarrier ? 'security_barrier = true' : ''].filter(Boolean);
  const head = `CREATE ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualified(v.schema, v.name)}${options.length ? ` WITH (${options.join(', ')})` : ''} AS`;
  let body = v.definition.replace(/\s+$/, '');
  if (v.checkOption !== null) body = `${body.replace(/;$/, '')}\n  WITH ${v.checkOption.toUpperCase()} CHECK OPTION;`;
  else if (!body.endsWith(';')) body += ';';
  const lines = [...(v.comment !== null ? sqlComment(v.comment) : []), head, body];
  const indexes = ctx.of(v.id).indexes;
  if (indexes.length) lines.push('', ...indexes.map((i) => `${i.definition};`));
  return lines.join('\n');
}

function views(ctx: RenderContext): string[] {
  const vs = ctx.model.views.filter((v) => v.origin === 'user');
  if (!vs.length) return ['No views.'];
  const parts: string[] = [];
  for (const v of vs) {
    parts.push(`### ${text(ctx.name(v.id))}`);
    const facts = [
      v.materialized ? 'Materialized view' : 'View',
      v.materialized ? '' : `security_invoker: ${v.securityInvoker ? 'on (the caller’s permissions and RLS apply)' : 'off (runs with the owner’s permissions)'}`,
      v.securityBarrier ? 'security_barrier: on' : '',
      v.checkOption !== null ? `check option: ${v.checkOption}` : '',
    ].filter(Boolean);
    const reads = v.dependsOn.map((id) => ctx.tableLink(id));
    parts.push(`${facts.join(' · ')}${reads.length ? `. Reads ${reads.join(', ')}.` : '.'}`);
    parts.push(block(viewDdl(ctx, v), 'sql'));
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Enums, domains and composite types

function types(ctx: RenderContext): string[] {
  const enums = ctx.model.enums.filter((e) => e.origin === 'user');
  const domains = ctx.model.domains.filter((d) => d.origin === 'user');
  const composites = ctx.model.compositeTypes.filter((c) => c.origin === 'user');
  if (!enums.length && !domains.length && !composites.length) return ['No enums, domains or composite types.'];
  const usedBy = (typeId: string) =>
    ctx.tables
      .flatMap((t) => t.columns.filter((c) => c.typeId === typeId).map((c) => code(`${ctx.name(t.id)}.${c.name}`)))
      .join(', ');
  const comment = (c: string | null) => (c === null ? '' : text(c));
  const parts: string[] = [];
  if (enums.length) {
    parts.push(
      '### Enums',
      table(
        ['Enum', 'Labels, in order', 'Used by', 'Comment'],
        enums.map((e) => [code(ctx.name(e.id)), e.labels.map(code).join(', '), usedBy(e.id), comment(e.comment)]),
      ),
    );
  }
  if (domains.length) {
    parts.push(
      '### Domains',
      table(
        ['Domain', 'Base type', 'Nullable', 'Default', 'Constraints', 'Used by', 'Comment'],
        domains.map((d) => [
          code(ctx.name(d.id)),
          code(d.baseType + (d.collation ? ` COLLATE ${d.collation}` : '')),
          d.nullable ? 'yes' : 'no',
          d.default === null ? '' : code(d.default),
          d.constraints.map((c) => `${code(c.name)}: ${code(c.definition)}`).join('<br>'),
          usedBy(d.id),
          comment(d.comment),
        ]),
      ),
    );
  }
  if (composites.length) {
    parts.push(
      '### Composite types',
      table(
        ['Type', 'Attributes', 'Used by', 'Comment'],
        composites.map((c) => [
          code(ctx.name(c.id)),
          c.attributes.map((a) => code(`${ident(a.name)} ${a.type}`)).join(', '),
          usedBy(c.id),
          comment(c.comment),
        ]),
      ),
    );
  }
  return parts;
}
