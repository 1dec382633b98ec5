/**
 * `relationships.md`, in seed 004's shape: the entity-relationship overview (Mermaid), relationships by area,
 * the cardinality reference, what the FK rules do on delete, which index covers each FK, orphan prevention,
 * monitoring queries to run against the live database, and a summary.
 *
 * Cardinalities, cascades and orphan risks come from the analysis; this file adds one fact of its own, the index
 * that covers each FK (`coveringIndex`), and lays everything out. Pure: `(ctx) → Markdown`.
 *
 * Guard FKs (`Relationship.guardOf`: `(redemption_id, client_id) → redemptions(id, client_id)` beside
 * `redemption_id → redemptions(id)`) are not relationships of their own: the lists and counts show the FK they
 * guard, with "+ same-key check on (client_id)". The cascade and coverage sections list every FK constraint.
 *
 * The monitoring queries are static SQL that runs as is on PostgreSQL 13–18 (only catalog columns that exist on
 * all of them: `conparentid`, `indnkeyatts`, `indisvalid`, `convalidated`). Unlike the seed's "missing indexes"
 * query — which joined every attribute of the table and so listed every column of every FK table — the FK one
 * applies the analysis' covering rule (`analyze/fk-indexes.ts`) to the catalog: the FK's columns (`conkey`)
 * against each valid, non-partial index's key columns (`indkey`) and access method.
 */
import type { DeleteEffect, Relationship } from '../analyze/types.js';
import type { ForeignKey, Index } from '../model/types.js';
import type { RenderContext } from './context.js';
import { tableForeignKeys } from './dependency-graph.js';
import { indexKeys } from './sql.js';
import { domainErdFiles, wholeSchemaErd } from './erd.js';
import { block, code, doc, link, list, plural, table, text } from './markdown.js';
import { erDiagram } from './mermaid.js';
import { sortedBy } from './sort.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The index that covers an FK (the rule is `analyze/fk-indexes.ts`), or null. */
export function coveringIndex(ctx: RenderContext, fk: ForeignKey): Index | null {
  return ctx.coveringIndex(fk);
}

/** A document of the output folder: a link when it is written, else its name as code. */
function fileRef(ctx: RenderContext, file: string): string {
  return ctx.written(file) ? link(file, file) : code(file);
}

/** The Mermaid overview, or where to find the per-domain diagrams. Kept in one place: it is the only use of mermaid.ts. */
function overviewDiagram(ctx: RenderContext): string {
  if (wholeSchemaErd(ctx)) {
    return doc(
      `Key columns only (primary, foreign and unique keys); the full diagram with every column is in ${fileRef(ctx, 'erd.mmd')}.`,
      block(erDiagram(ctx, ctx.analysis.tables, { keysOnly: true }), 'mermaid'),
    ).trimEnd();
  }
  const files = domainErdFiles(ctx);
  return doc(
    `With ${plural(ctx.analysis.tables.length, 'table')} one diagram is unreadable: ${fileRef(ctx, 'erd.mmd')} shows the domains ` +
      'and the foreign keys between them, and each domain has its own diagram under `erd/`:',
    list(files.map((f) => `${ctx.written(f.file) ? link(f.name, f.file) : `${text(f.name)} (${code(f.file)})`} (${plural(f.tables.length, 'table')})`)),
  ).trimEnd();
}

/**
 * Guard FKs by the FK they guard, followed to the end of a chain (`(a, b, c)` guards `(a, b)`, which guards `(a)`:
 * both are listed under `(a)`), each with the columns it adds. Built once from the analysis.
 */
export function guardsByMain(ctx: RenderContext): Map<string, { guard: Relationship; extra: string[] }[]> {
  const byFk = new Map<string, Relationship>();
  for (const r of ctx.analysis.relationships) if (r.foreignKey !== null) byFk.set(r.foreignKey, r);
  const out = new Map<string, { guard: Relationship; extra: string[] }[]>();
  for (const r of ctx.analysis.relationships) {
    if (r.guardOf === null || r.foreignKey === null) continue;
    let main = byFk.get(r.guardOf);
    for (let hops = 0; main && main.guardOf !== null && hops < 64; hops++) main = byFk.get(main.guardOf) ?? main;
    if (!main || main.foreignKey === null) continue;
    const own = new Set(main.columns);
    const list = out.get(main.foreignKey) ?? [];
    list.push({ guard: r, extra: r.columns.filter((c) => !own.has(c)) });
    out.set(main.foreignKey, list);
  }
  return out;
}

/** `+ same-key check on (client_id)`, or '' for an FK that nothing guards. */
function guardNote(guards: { extra: string[] }[] | undefined): string {
  if (!guards?.length) return '';
  return `+ same-key check on ${guards.map((g) => `(${g.extra.join(', ')})`).join(', ')}`;
}

// ---------------------------------------------------------------------------------------------------------------

/** `users → leads (owner_id)`, escaped for prose. */
function arrow(ctx: RenderContext, parent: string, child: string, columns: string[]): string {
  return `**${text(ctx.name(parent))} → ${text(ctx.name(child))}** (${text(columns.join(', '))})`;
}

/** `leads.owner_id`, or `orders(a, b)` for a composite FK, escaped. */
function fkRef(ctx: RenderContext, f: ForeignKey): string {
  const name = ctx.name(f.table);
  return text(f.columns.length === 1 ? `${name}.${f.columns[0]}` : `${name}(${f.columns.join(', ')})`);
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Text width in code points (what the arrows of "Relationships by area" are lined up by). */
function width(s: string): number {
  return HIGH_SURROGATE.test(s) ? [...s].length : s.length;
}

/**
 * The relationships to list and count (guard FKs are folded into the FK they guard), by parent name, child name,
 * columns, FK id. A relationship's parent is its `to` (the referenced table), its child its `from`. The sort keys
 * are computed once per relationship, not in every comparison: with thousands of relationships the comparisons
 * would look the same names up again and again.
 */
function sortedListed(ctx: RenderContext): Relationship[] {
  const keyed = ctx.analysis.relationships
    .filter((r) => r.guardOf === null)
    .map((r) => ({ r, parent: ctx.name(r.to), child: ctx.name(r.from), columns: r.columns.join(','), fk: r.foreignKey ?? '' }));
  keyed.sort((a, b) => cmp(a.parent, b.parent) || cmp(a.child, b.child) || cmp(a.columns, b.columns) || cmp(a.fk, b.fk));
  return keyed.map((k) => k.r);
}

/** One line of "Relationships by area": left parts padded so the arrows line up. */
function areaLines(ctx: RenderContext, rels: Relationship[], guards: ReturnType<typeof guardsByMain>): string {
  const rows = rels.map((r) => {
    if (r.cardinality === 'many-to-many') {
      return [`${ctx.name(r.from)} (N)`, '◄──►', `(N) ${ctx.name(r.to)}`, `via ${ctx.name(r.via ?? '')}`] as const;
    }
    const parentSide = r.optional ? '(0..1)' : '(1)';
    const childSide = r.cardinality === 'one-to-one' ? '(1)' : '(N)';
    const g = r.foreignKey === null ? undefined : guards.get(r.foreignKey);
    const tags = [
      r.cardinality === 'self-referential' ? 'self-referential' : '',
      r.junction || g?.some((x) => x.guard.junction) ? 'junction' : '',
      guardNote(g),
    ]
      .filter(Boolean)
      .join(', ');
    return [`${ctx.name(r.to)} ${parentSide}`, '──►', `${childSide} ${ctx.name(r.from)}`, `[${r.columns.join(', ')}]${tags ? `  ${tags}` : ''}`] as const;
  });
  let w0 = 0;
  let w2 = 0;
  for (const r of rows) {
    w0 = Math.max(w0, width(r[0]));
    w2 = Math.max(w2, width(r[2]));
  }
  const pad = (s: string, w: number) => s + ' '.repeat(w - width(s));
  return rows.map((r) => `${pad(r[0], w0)} ${r[1]} ${pad(r[2], w2)}  ${r[3]}`.trimEnd()).join('\n');
}

/**
 * The listed relationships by area (domain group index), each in `sorted` order: a relationship is in the area of
 * the table holding the FK, for many-to-many of the junction. One pass over the relationships, not one per area.
 */
function relationshipsByArea(ctx: RenderContext, sorted: Relationship[]): Relationship[][] {
  const groups = ctx.analysis.domains.groups;
  const areasOf = new Map<string, number[]>();
  groups.forEach((g, i) => {
    for (const t of new Set(g.tables)) {
      const areas = areasOf.get(t);
      if (areas) areas.push(i);
      else areasOf.set(t, [i]);
    }
  });
  const byArea = groups.map((): Relationship[] => []);
  for (const r of sorted) {
    for (const i of areasOf.get(r.cardinality === 'many-to-many' ? (r.via ?? '') : r.from) ?? []) byArea[i]!.push(r);
  }
  return byArea;
}

function byArea(ctx: RenderContext, sorted: Relationship[], guards: ReturnType<typeof guardsByMain>): string {
  const parts: string[] = [
    '`(1)` exactly one parent, `(0..1)` at most one (the FK is nullable), `(N)` any number of child rows; a ' +
      'one-to-one child side `(1)` means at most one. Each relationship is listed under the area of the table that ' +
      'holds the foreign key (for many-to-many: of the junction table).' +
      (guards.size
        ? ' "+ same-key check on (client_id)": a second, composite foreign key to the same parent also requires both ' +
          'rows to agree on those columns (the same tenant); it is not a second relationship.'
        : ''),
  ];
  const areas = relationshipsByArea(ctx, sorted);
  ctx.analysis.domains.groups.forEach((g, i) => {
    const rels = areas[i]!;
    if (rels.length) parts.push(`### ${text(g.name)}`, block(areaLines(ctx, rels, guards)));
  });
  if (parts.length === 1) parts.push('No relationships: no table has a foreign key to another.');
  return parts.join('\n\n');
}

function cardinalityReference(ctx: RenderContext, all: Relationship[], guards: ReturnType<typeof guardsByMain>): string {
  const fks = all.filter((r) => r.foreignKey !== null);
  const m2m = all.filter((r) => r.cardinality === 'many-to-many');
  const line = (r: Relationship) => {
    const g = guards.get(r.foreignKey!);
    const note = guardNote(g);
    return (
      `${arrow(ctx, r.to, r.from, r.columns)}${r.optional ? ', optional' : ''}` +
      `${r.junction || g?.some((x) => x.guard.junction) ? ', one side of a junction' : ''}${note ? ` ${text(note)}` : ''}`
    );
  };
  const section = (title: string, items: string[]) => [title, items.length ? list(items) : 'None.'];
  return [
    ...section('### One-to-Many (1:N)', fks.filter((r) => r.cardinality === 'one-to-many').map(line)),
    ...section('### One-to-One (1:1)', fks.filter((r) => r.cardinality === 'one-to-one').map(line)),
    ...section(
      '### Many-to-Many (N:M, via junction)',
      m2m.map((r) => `**${text(ctx.name(r.from))} ◄─► ${text(ctx.name(r.to))}** (via ${text(ctx.name(r.via ?? ''))})`),
    ),
    ...section('### Self-referential', fks.filter((r) => r.cardinality === 'self-referential').map(line)),
  ].join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

function cascadeRules(ctx: RenderContext): string {
  const { onDelete, onUpdate, deleteEffects } = ctx.analysis.cascades;
  const guardMark = (f: ForeignKey) => {
    const main = ctx.relationship(f.id)?.guardOf;
    const m = main ? ctx.foreignKey(main) : undefined;
    return m ? `, same-key check beside ${code(m.name)}` : '';
  };
  const items = (ids: string[], suffix: (f: ForeignKey) => string = () => '') =>
    sortedBy(
      ids.map((id) => ctx.foreignKey(id)).filter((f): f is ForeignKey => f !== undefined),
      (f) => ctx.name(f.refTable),
      (f) => ctx.name(f.table),
      (f) => f.id,
    ).map((f) => `${arrow(ctx, f.refTable, f.table, f.columns)}${guardMark(f)}${suffix(f)}`);
  const section = (title: string, intro: string, lines: string[]) =>
    lines.length ? [title, intro, list(lines)] : [title, 'None.'];
  const blocked = [...onDelete['no action'], ...onDelete.restrict];
  const parts = [
    ...section('### ON DELETE CASCADE', 'Deleting the parent row deletes these child rows too:', items(onDelete.cascade)),
    ...section('### ON DELETE SET NULL', 'Deleting the parent row sets these columns to NULL in its child rows:', items(onDelete['set null'])),
    ...section('### ON DELETE SET DEFAULT', 'Deleting the parent row sets these columns to their default in its child rows:', items(onDelete['set default'])),
    ...section(
      '### NO ACTION / RESTRICT (delete blocked while rows reference the parent)',
      'Deleting the parent row fails while child rows reference it; reassign or delete them first:',
      items(blocked, (f) => ` — ${f.onDelete === 'restrict' ? 'RESTRICT' : f.deferrable ? 'NO ACTION, checked at commit when deferred' : 'NO ACTION'}`),
    ),
  ];
  const updates = (['cascade', 'set null', 'set default', 'restrict'] as const).flatMap((rule) =>
    items(onUpdate[rule], () => ` — ON UPDATE ${rule.toUpperCase()}`),
  );
  if (updates.length) parts.push('### ON UPDATE rules', 'Changing a referenced key value:', list(updates));

  parts.push('### What deleting a row does');
  const effects = sortedBy(
    deleteEffects.filter((e) => e.cascadesTo.length || e.setsNull.length || e.setsDefault.length || e.blockedBy.length || e.orderDependent.length),
    (e) => ctx.name(e.table),
  );
  if (!effects.length) {
    parts.push('Deleting a row of any table affects no other table.');
  } else {
    const refs = (ids: string[]) =>
      ids
        .map((id) => ctx.foreignKey(id))
        .filter((f): f is ForeignKey => f !== undefined)
        .map((f) => fkRef(ctx, f))
        .sort(cmp)
        .join(', ');
    const withRows = effects.filter((e) => e.cascadesTo.length || e.setsNull.length || e.setsDefault.length || e.blockedBy.length);
    if (withRows.length) {
      parts.push(
        'Transitively: a cascade deletes the children of the children too, and their SET NULL and blocking FKs apply. ' +
          '"Blocked" means the delete fails while rows reference the deleted row(s) through that FK.',
        table(
          ['Deleting a row of', 'Also deletes (CASCADE)', 'Sets NULL', 'Sets default', 'Blocked while referenced by'],
          withRows.map((e) => [
            `**${text(ctx.name(e.table))}**`,
            e.cascadesTo.map((t) => text(ctx.name(t))).sort(cmp).join(', '),
            refs(e.setsNull),
            refs(e.setsDefault),
            refs(e.blockedBy),
          ]),
        ),
      );
    }
    const dependent = effects.filter((e) => e.orderDependent.length);
    if (dependent.length) parts.push(...orderDependentDeletes(ctx, dependent, withRows.length > 0));
  }
    return parts.join('\n\n');
}

/**
 * `DeleteEffect.orderDependent`: NO ACTION / RESTRICT FKs whose rows a CASCADE FK of the same child table to the same
 * parent removes in the same delete. Postgres checks the two constraints in the order it fires their triggers (the
 * order they were created in), so the delete fails or succeeds depending on that order, not on the data.
 */
function orderDependentDeletes(ctx: RenderContext, effects: DeleteEffect[], tableAbove: boolean): string[] {
  // One row per FK, with every table whose delete reaches it (the same FK is reached from each cascade ancestor).
  const deleting = new Map<string, string[]>();
  for (const e of effects) {
    for (const id of e.orderDependent) {
      const tables = deleting.get(id);
      if (tables) tables.push(e.table);
      else deleting.set(id, [e.table]);
    }
  }
  const rows = sortedBy(
    [...deleting.entries()]
      .map(([id, tables]) => ({ f: ctx.foreignKey(id), tables }))
      .filter((x): x is { f: ForeignKey; tables: string[] } => x.f !== undefined),
    (x) => ctx.name(x.f.table),
    (x) => x.f.id,
  ).map(({ f, tables }) => {
      const cascading = ctx
        .of(f.table)
        .outgoing.filter((c) => c.id !== f.id && c.refTable === f.refTable && c.onDelete === 'cascade')
        .sort((a, b) => cmp(a.id, b.id));
      return [
        `${code(f.name)}<br>${fkRef(ctx, f)} → ${text(ctx.name(f.refTable))}, ${f.onDelete === 'restrict' ? 'RESTRICT' : 'NO ACTION'}`,
        cascading.map((c) => `${code(c.name)}<br>${fkRef(ctx, c)}`).join('<br>'),
        tables.map((t) => text(ctx.name(t))).sort(cmp).join(', '),
      ];
    });
  return [
    '#### Deletes that depend on constraint order',
    'These NO ACTION / RESTRICT foreign keys reference rows that the same delete also removes through a CASCADE ' +
      'foreign key from the same table to the same parent. Whether the delete fails or succeeds then depends on which ' +
      'constraint Postgres checks first — the order the constraints were created in — not on the data: checked before ' +
      'the cascade, the NO ACTION / RESTRICT constraint still sees the child rows and fails the delete; checked after ' +
      `it, it finds none.${tableAbove ? ' They are not in the "Blocked" column above.' : ''} To make it deterministic, make that foreign key ` +
      '(for a same-key check, the composite one) `ON DELETE CASCADE` too, or `DEFERRABLE INITIALLY DEFERRED` (checked ' +
      'at commit, after the cascade; a RESTRICT check is never deferred, so make it NO ACTION).',
    table(['Foreign key', 'Its rows are also removed by (CASCADE)', 'When deleting a row of'], rows),
  ];
}

// ---------------------------------------------------------------------------------------------------------------

function indexCoverage(ctx: RenderContext): string {
  const fks = sortedBy(
    tableForeignKeys(ctx),
    (f) => ctx.name(f.table),
    (f) => f.columns.join(','),
    (f) => f.id,
  );
  if (!fks.length) return 'No foreign keys.';
  const covered = fks.map((f) => ({ f, index: coveringIndex(ctx, f) }));
  const missing = covered.filter((c) => c.index === null);
  const summary = missing.length
    ? `${plural(fks.length, 'foreign key')}: ${fks.length - missing.length} covered by an index, **${missing.length} without one** ` +
      '(deleting a parent row or updating its key then scans the whole child table, and a nested-loop join from the ' +
      'parent to its children cannot use an index; hash and merge joins are not affected).'
    : `All ${plural(fks.length, 'foreign key')} are covered by an index.`;
  const rows = covered.map(({ f, index }) => [
    `**${text(ctx.name(f.table))}**`,
    code(f.columns.join(', ')),
    text(ctx.name(f.refTable)),
    index ? `${code(index.name)} (${text(indexKeys(index))})${index.method === 'btree' ? '' : ` ${text(index.method)}`}` : '**missing**',
  ]);
  return doc(
    summary,
    'An index covers an FK when it is valid and not partial, and is a B-tree whose leading key columns are exactly ' +
      "the FK's columns (in any order), a unique B-tree made only of FK columns (it finds at most one row), or a hash " +
      'index on the one column of a single-column FK. Expression keys never cover.',
    table(['Table', 'FK columns', 'References', 'Covering index'], rows),
  ).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------

function orphanPrevention(ctx: RenderContext): string {
  const { mustReassign, detachable } = ctx.analysis.cascades;
  const sorted = <T extends { table: string; refTable: string; foreignKey: string }>(xs: T[]) =>
    sortedBy(
      xs,
      (x) => ctx.name(x.refTable),
      (x) => ctx.name(x.table),
      (x) => x.foreignKey,
    );
  const reassignEffect: Record<string, string> = {
    'no action': 'the delete fails while rows reference the parent',
    restrict: 'the delete fails while rows reference the parent',
    'set default': 'rows move to the column default, which must reference an existing row',
    'set null': 'the delete always fails: SET NULL on a NOT NULL column',
  };
  const detachEffect: Record<string, string> = {
    'set null': 'detached (set to NULL) when the parent is deleted',
    cascade: 'deleted with the parent',
    'set default': 'set to the column default when the parent is deleted',
    'no action': 'may be NULL; while set, they block deleting the parent',
    restrict: 'may be NULL; while set, they block deleting the parent',
  };
  const parts: string[] = ['### Rows that must be reassigned before the parent is deleted'];
  parts.push(
    mustReassign.length
      ? doc(
          'NOT NULL foreign keys without CASCADE: every child row needs a parent, so reassign (or delete) the child rows first.',
          table(
            ['Parent', 'Child', 'Columns', 'ON DELETE', 'Deleting the parent'],
            sorted(mustReassign).map((o) => [
              `**${text(ctx.name(o.refTable))}**`,
              text(ctx.name(o.table)),
              code(o.columns.join(', ')),
              o.onDelete.toUpperCase(),
              reassignEffect[o.onDelete] ?? '',
            ]),
          ),
        ).trimEnd()
      : 'None: every NOT NULL foreign key cascades.',
  );
  parts.push('### Rows that can exist without a parent');
  parts.push(
    detachable.length
      ? doc(
          'Nullable foreign keys: a child row may have no parent (a NULL in any FK column turns the check off); ' +
            'SET NULL ones are detached when the parent is deleted.',
          table(
            ['Parent', 'Child', 'Columns', 'ON DELETE', 'Child rows'],
            sorted(detachable).map((o) => [
              `**${text(ctx.name(o.refTable))}**`,
              text(ctx.name(o.table)),
              code(o.columns.join(', ')),
              o.onDelete.toUpperCase(),
              detachEffect[o.onDelete] ?? '',
            ]),
          ),
        ).trimEnd()
      : 'None: every foreign key column is NOT NULL.',
  );
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

/** Static, ready-to-run catalog queries (PostgreSQL 13–18). Exported so tests can parse each one. */
export const MONITORING_QUERIES: { title: string; sql: string }[] = [
  {
    title: 'Foreign keys without a covering index',
    sql: `-- The rule of the analysis: a valid, non-partial index on the FK's table that is
--   a B-tree whose first N key columns are exactly the FK's N columns (in any order), or
--   a unique B-tree whose key columns are all FK columns, or
--   a hash index on the one column of a single-column FK.
-- An expression key (attnum 0) never matches an FK column.
SELECT c.conrelid::regclass AS table_name,
       c.conname AS foreign_key,
       c.confrelid::regclass AS referenced_table,
       ARRAY(SELECT a.attname
             FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             ORDER BY k.n) AS fk_columns
FROM pg_constraint c
WHERE c.contype = 'f'
  AND c.conparentid = 0
  AND NOT EXISTS (
    SELECT 1
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    CROSS JOIN LATERAL (SELECT (string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnkeyatts] AS cols) k
    WHERE i.indrelid = c.conrelid
      AND i.indisvalid
      AND i.indpred IS NULL
      AND (
        (am.amname = 'btree'
          AND i.indnkeyatts >= cardinality(c.conkey)
          AND k.cols[1:cardinality(c.conkey)] @> c.conkey
          AND k.cols[1:cardinality(c.conkey)] <@ c.conkey)
        OR (am.amname = 'btree' AND i.indisunique AND k.cols <@ c.conkey)
        OR (am.amname = 'hash' AND cardinality(c.conkey) = 1 AND k.cols = c.conkey)
      )
  )
ORDER BY 1, 2;`,
  },
  {
    title: 'Constraints not validated (added NOT VALID)',
    sql: `SELECT conrelid::regclass AS table_name,
       conname AS constraint_name,
       CASE contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' WHEN 'n' THEN 'not null' ELSE contype::text END AS kind,
       pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE NOT convalidated
  AND conrelid <> 0
ORDER BY 1, 2;
-- Validate one with: ALTER TABLE <table> VALIDATE CONSTRAINT <constraint>;`,
  },
  {
    title: 'Invalid indexes (a failed CREATE INDEX CONCURRENTLY)',
    sql: `SELECT i.indrelid::regclass AS table_name,
       i.indexrelid::regclass AS index_name,
       pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
WHERE NOT i.indisvalid
ORDER BY 1, 2;
-- Rebuild with REINDEX INDEX CONCURRENTLY <index>, or drop it and create it again.`,
  },
  {
    title: 'Table sizes',
    sql: `SELECT c.oid::regclass AS table_name,
       -- reltuples is -1 until the table is first vacuumed or analysed (PostgreSQL 14+): shown as NULL
       CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimated_rows,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
       pg_size_pretty(pg_relation_size(c.oid)) AS table_size,
       pg_size_pretty(pg_indexes_size(c.oid)) AS indexes_size
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%'
ORDER BY pg_total_relation_size(c.oid) DESC, 1;`,
  },
  {
    title: 'Table bloat (dead rows) and autovacuum',
    sql: `-- Dead rows are what UPDATE and DELETE leave behind until VACUUM reclaims them; a high dead share on a
-- big table, or no autovacuum for a long time, is the bloat to look at (pgstattuple measures it exactly).
SELECT s.relid::regclass AS table_name,
       s.n_live_tup AS live_rows,
       s.n_dead_tup AS dead_rows,
       round(100.0 * s.n_dead_tup / NULLIF(s.n_live_tup + s.n_dead_tup, 0), 1) AS dead_percent,
       s.last_autovacuum,
       s.last_autoanalyze,
       s.last_vacuum,
       s.last_analyze
FROM pg_stat_user_tables s
ORDER BY s.n_dead_tup DESC, 1;`,
  },
  {
    title: 'Index sizes and use',
    sql: `SELECT s.relid::regclass AS table_name,
       s.indexrelid::regclass AS index_name,
       pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size,
       s.idx_scan AS scans_since_stats_reset
FROM pg_stat_user_indexes s
ORDER BY pg_relation_size(s.indexrelid) DESC, 1, 2;`,
  },
];

function monitoringQueries(): string {
  return [
    'Run these against the live database (any PostgreSQL from 13 to 18); they only read the catalogs and the ' +
      'statistics views.',
    ...MONITORING_QUERIES.flatMap((q) => [`### ${q.title}`, block(q.sql, 'sql')]),
  ].join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

function summary(ctx: RenderContext): string {
  const rels = ctx.analysis.relationships;
  const fkRels = rels.filter((r) => r.foreignKey !== null && r.guardOf === null);
  const guardCount = rels.filter((r) => r.foreignKey !== null && r.guardOf !== null).length;
  const count = (c: Relationship['cardinality']) => fkRels.filter((r) => r.cardinality === c).length;
  const kinds = [
    [count('one-to-many'), 'one-to-many'],
    [count('one-to-one'), 'one-to-one'],
    [count('self-referential'), 'self-referential'],
  ] as const;
  const m2m = rels.filter((r) => r.cardinality === 'many-to-many').length;
  const byKind = kinds.map(([n, k]) => `${n} ${k}`).join(', ');
  const guards = guardCount
    ? ` ${plural(guardCount, 'more foreign key', 'more foreign keys')} ` +
      (guardCount === 1
        ? 'is a same-key check beside one of these, not a relationship of its own.'
        : 'are same-key checks beside these, not relationships of their own.')
    : '';
  return (
    `**Total tables:** ${ctx.analysis.tables.length} · **Relationships:** ${plural(fkRels.length, 'foreign key')} ` +
    `(${byKind}) and ${m2m} many-to-many through a junction table.${guards}`
  );
}

export function renderRelationships(ctx: RenderContext): string {
  const sorted = sortedListed(ctx);
  const guards = guardsByMain(ctx);
  return doc(
    '# Relationships',
    `How the tables of ${code(ctx.model.source.location)} relate: cardinalities, what deleting a row does, and the ` +
      'indexes behind the foreign keys.',
    '## Entity relationship overview',
    overviewDiagram(ctx),
    '## Relationships by area',
    byArea(ctx, sorted, guards),
    '## Cardinality reference',
    cardinalityReference(ctx, sorted, guards),
    '## Foreign-key cascade rules',
    cascadeRules(ctx),
    '## Index coverage of foreign keys',
    indexCoverage(ctx),
    '## Orphan prevention',
    orphanPrevention(ctx),
    '## Monitoring queries',
    monitoringQueries(),
    '## Summary',
    summary(ctx),
  );
}
