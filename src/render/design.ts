/**
 * `design.md`, in the shape of seed 003 ("Database Schema & Design"): the ERD, every table as readable DDL, then
 * indexing, partitioning, views and types. Unlike the seed, every section is computed from the model: the DDL is
 * what the database holds (constraint, index and view definitions as Postgres printed them, never re-parsed), and
 * "Indexing Strategy" counts and lists what exists instead of describing what should.
 *
 * DDL choices (the statements are model/ddl.ts's, which `schemaproof squash` writes too): columns in position order with type, COLLATE, GENERATED/IDENTITY, DEFAULT and NOT NULL; a
 * single-column PRIMARY KEY, UNIQUE, CHECK or REFERENCES is written inline on its column when the constraint has
 * the name Postgres would give it and its definition is a plain column constraint (so nothing is lost by not
 * naming it); every other constraint is a table-level `CONSTRAINT name <definition>` line. Then `PARTITION BY`,
 * `INHERITS`, the CREATE INDEX statements that do not back a constraint (an index on a partitioned table without
 * the `ONLY` Postgres prints: it is on every partition), and row-level security switches. Comments are `--` lines.
 * Partitions are listed under "Partitioning" rather than as DDL.
 *
 * "Core Tables" replays top to bottom: first what the tables need (schemas, extensions, enums, domains, composite
 * types, serial sequences), then the tables in the global load order (each with its domain under the heading), and
 * the FKs that break a cycle (`analysis.cycles[].brokenAt`) left out of their CREATE TABLE and added by
 * `ALTER TABLE … ADD CONSTRAINT` once every table exists. Functions used in defaults or checks are not written.
 */
import {
  createCompositeSql,
  createDomainSql,
  createEnumSql,
  createExtensionSql,
  createSchemaSql,
  createSequenceSql,
  createTableSql,
  createViewSql,
} from '../model/ddl.js';
import type { ForeignKey, Index, Sequence, Table, View } from '../model/types.js';
import type { RenderContext } from './context.js';
import { boundedErDiagram, domainErdFiles, wholeSchemaErd } from './erd.js';
import { block, code, doc, link, list, plural, table, text } from './markdown.js';
import { DEFAULT_MAX_COLUMNS, domainOverview, showsKeysOnly } from './mermaid.js';
import { ident, identList, indexKeys, qualified, readableIndexDdl, sqlComment } from './sql.js';

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
  const pages = ctx.tables.some((t) => ctx.written(ctx.tablePage(t.id)));
  const everyColumn = `every column is in the DDL below${pages ? ' and on the table pages' : ''}.`;
  if (wholeSchemaErd(ctx)) {
    const diagram = boundedErDiagram(ctx, ctx.analysis.tables);
    const trimmed = ctx.tables.filter((t) => showsKeysOnly(t)).length;
    return [
      block(diagram.text, 'mermaid'),
      diagram.keysOnly
        ? `Tables show their key columns only (the whole diagram would be too long for Mermaid); ${everyColumn}`
        : trimmed
          ? `${plural(trimmed, 'table')} with more than ${DEFAULT_MAX_COLUMNS} columns ${trimmed === 1 ? 'shows' : 'show'} key columns only; ${everyColumn}`
          : '',
      ctx.written('erd.mmd') ? `The same diagram is in ${link('erd.mmd', 'erd.mmd')}, for Mermaid tools and editors.` : '',
    ];
  }
  const files = domainErdFiles(ctx);
  return [
    `${plural(ctx.tables.length, 'table')} are too many for one readable diagram: this is the map of the domains${ctx.written('erd.mmd') ? ` (also in ${link('erd.mmd', 'erd.mmd')})` : ''}, each arrow labelled with the number of foreign-key relationships from one domain to another. Each domain has its own ERD:`,
    block(domainOverview(ctx), 'mermaid'),
    list(files.map((f) => `${ctx.written(f.file) ? link(f.name, f.file) : `${text(f.name)} (${code(f.file)})`} (${plural(f.tables.length, 'table')})`)),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Core tables

function coreTables(ctx: RenderContext): string[] {
  const position = new Map(ctx.analysis.loadOrder.map((id, i) => [id, i]));
  const ordered = [...ctx.analysis.tables].sort(
    (a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity) || byCodePoint(a, b),
  );
  const deferred = deferredForeignKeys(ctx);
  const why = new Map(ctx.analysis.cycles.map((c) => [c.brokenAt, c]));
  const domains = ctx.analysis.domains.groups.length > 1;
  const before = prerequisites(ctx);
  const parts: string[] = [
    'In load order: run the blocks top to bottom and every table comes after the tables it references' +
      (deferred.size ? '; the foreign keys that close a cycle are added at the end, once every table exists' : '') +
      '. Functions the tables call (in defaults or checks) and tables outside the documented schemas must exist first.',
  ];
  if (before) parts.push('### Before the tables', 'Schemas, extensions, types and sequences the tables use.', block(before, 'sql'));
  for (const id of ordered) {
    const t = ctx.table(id);
    if (!t) continue;
    const domain = domains ? ctx.domainOf(id) : undefined;
    parts.push(`### ${text(ctx.name(id))}${kindSuffix(t)}`);
    const level = ctx.analysis.levels[id];
    parts.push(
      [
        domain ? `Domain: ${text(domain.name)}` : '',
        level === undefined ? '' : `Level ${level}`,
        ctx.written(ctx.tablePage(id)) ? link('Table page', ctx.tablePage(id)) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    );
    parts.push(block(tableDdl(ctx, t, deferred), 'sql'));
  }
  if (deferred.size) {
    const fks = [...deferred].map((id) => ctx.foreignKey(id)).filter((f) => f !== undefined);
    const loading: Record<string, string> = {
      nullable: 'load rows with it NULL, set it afterwards',
      deferrable: 'deferrable: load both tables in one transaction with the constraint deferred',
      'nullable and deferrable': 'load rows with it NULL and set it afterwards, or defer it',
      none: 'NOT NULL and not deferrable: rows of these tables cannot be loaded in one pass',
    };
    parts.push(
      '### Foreign keys that close a cycle',
      `The load order breaks each cycle at one foreign key; ${fks.length === 1 ? 'it is' : 'they are'} added here, once every table exists.`,
      block(
        fks
          .map((f) => {
            const t = ctx.table(f.table);
            const c = why.get(f.id);
            const comment = c ? `-- cycle of ${c.tables.map((id) => ctx.name(id)).join(', ')}: ${loading[c.breakable] ?? c.breakable}` : '';
            const sql = `ALTER TABLE ${t ? qualified(t.schema, t.name) : f.table} ADD CONSTRAINT ${ident(f.name)} ${f.definition};`;
            return comment ? `${comment.replace(/\s+/g, ' ')}\n${sql}` : sql;
          })
          .join('\n'),
        'sql',
      ),
    );
  }
  return parts;
}

/**
 * What the CREATE TABLE statements need first, as SQL: the user schemas other than `public`, the extensions, the
 * user enums, domains and composite types (in that order), and the sequences that column defaults draw from
 * (identity sequences are left out: the column creates its own). Empty when nothing is needed.
 */
function prerequisites(ctx: RenderContext): string {
  const lines: string[] = [];
  const schemas = new Set<string>();
  for (const t of ctx.tables) if (t.schema !== 'public') schemas.add(t.schema);
  for (const e of ctx.model.extensions) if (e.schema !== 'public' && e.name !== 'plpgsql') schemas.add(e.schema);
  const user = <T extends { origin: string; schema: string }>(xs: T[]) => xs.filter((x) => x.origin === 'user');
  const enums = user(ctx.model.enums);
  const domains = user(ctx.model.domains);
  const composites = user(ctx.model.compositeTypes);
  const identity = new Set(ctx.tables.flatMap((t) => t.columns.filter((c) => c.identity !== null).map((c) => c.id)));
  const sequences = user(ctx.model.sequences).filter((q) => q.ownedBy === null || !identity.has(q.ownedBy));
  for (const x of [...enums, ...domains, ...composites, ...sequences]) if (x.schema !== 'public') schemas.add(x.schema);
  for (const name of [...schemas].sort(byCodePoint)) lines.push(createSchemaSql(name));
  for (const e of ctx.model.extensions) if (e.name !== 'plpgsql') lines.push(createExtensionSql(e));
  lines.push(...enums.map(createEnumSql), ...domains.map(createDomainSql), ...composites.map(createCompositeSql), ...sequences.map(createSequenceSql));
  return lines.join('\n');
}

/** `ALTER SEQUENCE … OWNED BY` for the serial sequences of a table's columns (not identity ones), once it exists. */
function ownedSequences(ctx: RenderContext, t: Table): string[] {
  const out: string[] = [];
  const owned = sequencesOwnedBy(ctx).get(t.id);
  if (!owned) return out;
  const cols = new Map(t.columns.map((c) => [c.id, c]));
  for (const q of owned) {
    const col = cols.get(q.ownedBy!);
    if (!col || col.identity !== null) continue;
    out.push(`ALTER SEQUENCE ${qualified(q.schema, q.name)} OWNED BY ${qualified(t.schema, t.name)}.${ident(col.name)};`);
  }
  return out;
}

const ownedCache = new WeakMap<RenderContext, Map<string, Sequence[]>>();

/** User sequences owned by a column, by the owning table's id (built once per context). */
function sequencesOwnedBy(ctx: RenderContext): Map<string, Sequence[]> {
  let byTable = ownedCache.get(ctx);
  if (byTable) return byTable;
  byTable = new Map();
  // Only the owning columns are looked up: a map of every column of every table would cost more than the rest.
  const owners = new Set<string>();
  for (const q of ctx.model.sequences) if (q.origin === 'user' && q.ownedBy !== null) owners.add(q.ownedBy);
  const columnTable = new Map<string, string>();
  for (const t of ctx.tables) for (const c of t.columns) if (owners.has(c.id)) columnTable.set(c.id, t.id);
  for (const q of ctx.model.sequences) {
    if (q.origin !== 'user' || q.ownedBy === null) continue;
    const tableId = columnTable.get(q.ownedBy);
    if (tableId === undefined) continue;
    const list = byTable.get(tableId);
    if (list) list.push(q);
    else byTable.set(tableId, [q]);
  }
  ownedCache.set(ctx, byTable);
  return byTable;
}

/** FK ids the load order breaks cycles at, on analysed tables (each written as ALTER TABLE after every table). */
function deferredForeignKeys(ctx: RenderContext): Set<string> {
  const ids = new Set<string>();
  for (const c of ctx.analysis.cycles) {
    const f = ctx.foreignKey(c.brokenAt);
    if (f && ctx.analysed(f.table) && f.table !== f.refTable) ids.add(f.id);
  }
  return new Set([...ids].sort(byCodePoint));
}

function kindSuffix(t: Table): string {
  const kinds = [t.kind === 'partitioned' ? 'partitioned' : '', t.kind === 'foreign' ? 'foreign table' : '', t.unlogged ? 'unlogged' : ''];
  const k = kinds.filter(Boolean);
  return k.length ? ` (${k.join(', ')})` : '';
}

/**
 * Readable DDL for one table: CREATE TABLE, its indexes, comments and RLS switches. `leaveOut`: FK (constraint) ids
 * not to write here, because they are added later with ALTER TABLE (the FKs that close a cycle).
 */
export function tableDdl(ctx: RenderContext, t: Table, leaveOut: ReadonlySet<string> = new Set()): string {
  const constraints = ctx.of(t.id).constraints.filter((c) => !leaveOut.has(c.id));
  const lines: string[] = [];
  if (t.comment !== null) lines.push(...sqlComment(t.comment));
  lines.push(...createTableSql(t, constraints, { relationSql: (id) => qualifiedId(ctx, id), lineComments: true }));

  const indexes = ctx.of(t.id).indexes.filter((i) => i.constraint === null);
  if (indexes.length) lines.push('');
  for (const i of indexes) {
    if (i.comment !== null) lines.push(...sqlComment(i.comment));
    lines.push(`${readableIndexDdl(i, t)};${i.valid ? '' : ' -- INVALID: not used by queries'}`);
  }
  const owned = ownedSequences(ctx, t);
  if (owned.length) lines.push('', ...owned);
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
  const backed = new Map<string, number>();
  for (const i of indexes) {
    const kind = i.constraint === null ? undefined : constraintKinds.get(i.constraint);
    if (kind !== undefined) backed.set(kind, (backed.get(kind) ?? 0) + 1);
  }
  const backing = (type: string) => backed.get(type) ?? 0;
  const created = indexes.filter((i) => i.constraint === null).length;
  const analysed = new Set(ctx.analysis.tables);
  const fks = ctx.model.foreignKeys.filter((f) => analysed.has(f.table));
  const uncovered = uncoveredForeignKeys(ctx);
  const suggestions = indexSuggestions(ctx, uncovered);
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
          'No index covers these foreign keys (a valid, non-partial B-tree whose leading columns are the FK columns, a ' +
            'unique B-tree made only of FK columns, or a hash index on a one-column FK). Every delete of a parent row, ' +
            'and every update of its key, then scans the child table for referencing rows, and a nested-loop join from ' +
            'the parent to its children cannot use an index (hash and merge joins still work). ' +
            `${plural(suggestions.length, 'index', 'indexes')} would cover them all: where one FK's columns are part of another ` +
            "FK's on the same table, one index with the shared columns first serves both.",
          table(
            ['Table', 'Foreign key', 'Columns', 'References', 'Index that would cover it'],
            suggestions.flatMap((sg) =>
              sg.foreignKeys.map((f, n) => [
                text(ctx.name(f.table)),
                code(f.name),
                code(identList(f.columns)),
                text(ctx.name(f.refTable)),
                n === 0 ? code(`CREATE INDEX ON ${sg.on} (${identList(sg.columns)});`) : `the index above (${code(identList(sg.columns))})`,
              ]),
            ),
          ),
        ]
      : fks.length
        ? ['Every foreign key has a covering index.']
        : []),
  ];
}

/** One suggested index: its columns, in order, and the uncovered FKs it would cover (the first one sets the row). */
export interface IndexSuggestion {
  table: string;
  /** The table as SQL. */
  on: string;
  columns: string[];
  foreignKeys: ForeignKey[];
}

/**
 * Few simple B-tree indexes that cover the uncovered FKs, by table: the FKs of a table from the fewest columns up,
 * each merged into a suggestion whose columns are all among its own (its extra columns go last) — one with an FK to
 * the same parent first, else the widest — or else a suggestion of its own. `(redemption_id)` and `(redemption_id, client_id)` give one index on
 * `(redemption_id, client_id)`, which covers both (its first column is the one, its first two the other).
 * Suggestions in the order of their first FK (tables in FK id order).
 */
export function indexSuggestions(ctx: RenderContext, uncovered: ForeignKey[]): IndexSuggestion[] {
  const byTable = new Map<string, ForeignKey[]>();
  for (const f of uncovered) byTable.set(f.table, [...(byTable.get(f.table) ?? []), f]);
  const out: IndexSuggestion[] = [];
  for (const [tableId, fks] of byTable) {
    const t = ctx.table(tableId);
    const on = t ? qualified(t.schema, t.name) : tableId;
    const mine: IndexSuggestion[] = [];
    for (const f of [...fks].sort((a, b) => a.columns.length - b.columns.length || byCodePoint(a.id, b.id))) {
      const own = new Set(f.columns);
      const fits = mine.filter((sg) => sg.columns.every((c) => own.has(c)));
      // Prefer the FK this one guards (same parent: `(redemption_id)` for `(redemption_id, client_id)`), then the widest.
      const into =
        fits.find((sg) => sg.foreignKeys.some((g) => g.refTable === f.refTable)) ??
        fits.reduce<IndexSuggestion | undefined>((best, sg) => (!best || sg.columns.length > best.columns.length ? sg : best), undefined);
      if (into) {
        into.columns.push(...f.columns.filter((c) => !into.columns.includes(c)));
        into.foreignKeys.push(f);
      } else {
        mine.push({ table: tableId, on, columns: [...f.columns], foreignKeys: [f] });
      }
    }
    out.push(...mine);
  }
  return out;
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
  const lines = [...(v.comment !== null ? sqlComment(v.comment) : []), createViewSql(v)];
  const indexes = ctx.of(v.id).indexes;
  if (indexes.length) lines.push('', ...indexes.map((i) => `${readableIndexDdl(i, undefined)};`));
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
  // Columns by type, gathered once (a per-type scan of every column would be types × columns).
  const columnsOf = new Map<string, string[]>();
  for (const t of ctx.tables) {
    for (const c of t.columns) {
      if (c.typeId === null) continue;
      const list = columnsOf.get(c.typeId);
      const ref = code(`${ctx.name(t.id)}.${c.name}`);
      if (list) list.push(ref);
      else columnsOf.set(c.typeId, [ref]);
    }
  }
  const usedBy = (typeId: string) => (columnsOf.get(typeId) ?? []).join(', ');
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
