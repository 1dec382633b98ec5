/**
 * `tables/<id>.md`: one page per table, in the shape of tbls' table pages — what the table is (kind, RLS, level,
 * domain, comment), its columns, constraints, indexes, triggers and policies, the FKs out and in, and a diagram of
 * its FK neighbourhood. Pages live in `tables/`, so links to other pages and documents go through `../`.
 *
 * Every FK constraint is listed, guard FKs (`Relationship.guardOf`) marked as the same-key check they are; the
 * diagram draws only the FKs with this table at one end (guards left out), the neighbours as bare boxes. Index
 * definitions go through `readableIndexDdl` (no `ON ONLY` for a partitioned table's index).
 */
import type { ForeignKey, Table, Trigger } from '../model/types.js';
import type { RenderContext } from './context.js';
import { block, code, doc, link, plural, table, text } from './markdown.js';
import { columnKeys, erDiagram, neighbourhood } from './mermaid.js';
import { inPositionOrder } from './sort.js';
import { readableIndexDdl } from './sql.js';

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function renderTablePage(ctx: RenderContext, tableId: string): string {
  const t = ctx.table(tableId);
  if (!t) throw new Error(`renderTablePage: no table ${tableId} in the model`);
  const pageLink = (id: string) => ctx.tableLink(id, '../');
  const outgoing = ctx.of(t.id).outgoing;
  const incoming = ctx.of(t.id).incoming;

  return doc(
    `# ${text(ctx.name(t.id))}${titleKind(t)}`,
    facts(ctx, t, pageLink),
    comment(t.comment),
    '## Columns',
    columnsTable(ctx, t, outgoing, pageLink),
    ...constraints(ctx, t),
    ...indexes(ctx, t),
    ...partitions(ctx, t),
    ...triggers(ctx, t),
    ...policies(ctx, t),
    '## References',
    outgoing.length
      ? table(
          ['Foreign key', 'Columns', 'References', 'Cardinality', 'ON DELETE', 'ON UPDATE'],
          outgoing.map((f) => [
            code(f.name),
            code(f.columns.join(', ')),
            `${pageLink(f.refTable)} ${code(`(${f.refColumns.join(', ')})`)}`,
            cardinality(ctx, f),
            rule(f.onDelete),
            rule(f.onUpdate),
          ]),
        )
      : 'This table references no other table.',
    '## Referenced by',
    incoming.length
      ? table(
          ['Table', 'Foreign key', 'Columns', 'Cardinality', 'ON DELETE'],
          incoming.map((f) => [pageLink(f.table), code(f.name), code(f.columns.join(', ')), cardinality(ctx, f), rule(f.onDelete)]),
        )
      : 'No table references this table.',
    ...readBy(ctx, t),
    '## Diagram',
    diagram(ctx, t),
  );
}

function titleKind(t: Table): string {
  const kinds = [
    t.kind === 'partitioned' ? 'partitioned table' : t.kind === 'foreign' ? 'foreign table' : t.partitionOf !== null ? 'partition' : '',
    t.unlogged ? 'unlogged' : '',
    t.rls.enabled ? (t.rls.forced ? 'RLS enabled and forced' : 'RLS enabled') : t.rls.forced ? 'RLS forced (but not enabled)' : '',
  ].filter(Boolean);
  return kinds.length ? ` (${kinds.join(', ')})` : '';
}

function facts(ctx: RenderContext, t: Table, pageLink: (id: string) => string): string {
  const level = ctx.analysis.levels[t.id];
  const domain = ctx.domainOf(t.id);
  const items = [
    `Schema ${code(t.schema)}`,
    t.kind === 'partitioned' ? `partitioned by ${code(t.partitionKey ?? '?')}` : t.kind === 'foreign' ? 'foreign table' : 'table',
    t.partitionOf !== null ? `partition of ${pageLink(t.partitionOf)}${t.partitionBound ? ` ${code(t.partitionBound)}` : ''}` : '',
    t.inherits.length ? `inherits ${t.inherits.map(pageLink).join(', ')}` : '',
    level === undefined ? '' : `dependency level ${level}`,
    domain ? `domain ${text(domain.name)}` : '',
    t.estimatedRows !== null ? `about ${formatCount(t.estimatedRows)} rows (planner estimate)` : '',
    `owner ${code(t.owner)}`,
  ].filter(Boolean);
  const nav = [ctx.written('README.md') ? link('← Index', '../README.md') : '', ctx.written('design.md') ? link('Design', '../design.md') : ''].filter(Boolean);
  return `${items.join(' · ')}${nav.length ? `\n\n${nav.join(' · ')}` : ''}`;
}

/** 1234567 → "1,234,567" without the locale (docs are byte-identical everywhere). */
function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A comment as paragraphs: lines escaped, blank lines kept as paragraph breaks. */
function comment(value: string | null): string {
  if (value === null || value.trim() === '') return '';
  return value
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => text(p.trim()))
    .filter(Boolean)
    .join('\n\n');
}

function rule(action: string): string {
  return action === 'no action' ? 'NO ACTION' : text(action.toUpperCase());
}

/**
 * The relationship an FK is. A guard FK (`guardOf`: `(redemption_id, client_id) → redemptions(id, client_id)` beside
 * `redemption_id → redemptions(id)`) is a real constraint but not a second relationship: it is marked as the
 * same-key check it is, naming the FK it guards and the columns it adds.
 */
function cardinality(ctx: RenderContext, f: ForeignKey): string {
  const r = ctx.relationship(f.id);
  if (!r) return '';
  if (r.guardOf !== null) {
    const main = ctx.foreignKey(r.guardOf);
    const own = new Set(main?.columns ?? []);
    const extra = f.columns.filter((c) => !own.has(c));
    return `same-key check on ${code(extra.join(', '))} beside ${code(main?.name ?? r.guardOf)}${r.junction ? ', junction side' : ''}`;
  }
  return `${r.cardinality}${r.optional ? ', optional' : ''}${r.junction ? ', junction side' : ''}`;
}

const typeIdCache = new WeakMap<RenderContext, Set<string>>();

/** Ids of the enums, domains and composite types (built once per context, not once per page). */
function typeIds(ctx: RenderContext): Set<string> {
  let ids = typeIdCache.get(ctx);
  if (!ids) {
    ids = new Set([...ctx.model.enums, ...ctx.model.domains, ...ctx.model.compositeTypes].map((x) => x.id));
    typeIdCache.set(ctx, ids);
  }
  return ids;
}

/**
 * What each column references, by column name: `users.id` linked, one entry per FK through the column, in FK order.
 * Deduplicated: an FK and its guard (`(redemption_id, client_id)` beside `redemption_id`) reach the same column.
 */
function columnReferences(outgoing: ForeignKey[], pageLink: (id: string) => string): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  for (const f of outgoing) {
    for (const column of new Set(f.columns)) {
      const ref = `${pageLink(f.refTable)}${code(`.${f.refColumns[f.columns.indexOf(column)] ?? '?'}`)}`;
      const list = refs.get(column);
      if (!list) refs.set(column, [ref]);
      else if (!list.includes(ref)) list.push(ref);
    }
  }
  return refs;
}

function columnsTable(ctx: RenderContext, t: Table, outgoing: ForeignKey[], pageLink: (id: string) => string): string {
  const keyMarks = columnKeys(ctx, t);
  const userTypes = typeIds(ctx);
  const references = columnReferences(outgoing, pageLink);
  const rows = inPositionOrder(t.columns).map((c) => {
    const refs = references.get(c.name) ?? [];
    const keys = keyMarks.get(c.name) ?? [];
    const type = code(c.type + (c.collation ? ` COLLATE ${c.collation}` : ''));
    let dflt = '';
    if (c.generated !== null) dflt = code(`GENERATED ALWAYS AS (${c.generated}) STORED`);
    else if (c.identity !== null) dflt = code(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
    else if (c.default !== null) dflt = code(c.default);
    return [
      code(c.name),
      c.typeId !== null && userTypes.has(c.typeId) && ctx.written('design.md') ? `[${type}](../design.md#enums-and-domains)` : type,
      c.nullable ? 'yes' : 'no',
      dflt,
      keys.join(', '),
      refs.join('<br>'),
      c.comment === null ? '' : text(c.comment),
    ];
  });
  return table(['Name', 'Type', 'Nullable', 'Default', 'Key', 'References', 'Comment'], rows);
}

function constraints(ctx: RenderContext, t: Table): string[] {
  const cs = ctx.of(t.id).constraints;
  if (!cs.length) return ['## Constraints', 'No constraints (other than NOT NULL, shown under Columns).'];
  const withComment = cs.some((c) => c.comment !== null);
  return [
    '## Constraints',
    table(
      ['Name', 'Type', 'Definition', ...(withComment ? ['Comment'] : [])],
      cs.map((c) => [
        code(c.name),
        text(c.type.toUpperCase()) + (c.deferrable ? ` (deferrable${c.initiallyDeferred ? ', initially deferred' : ''})` : '') + (c.validated ? '' : ' (not validated)'),
        code(c.definition),
        ...(withComment ? [c.comment === null ? '' : text(c.comment)] : []),
      ]),
    ),
  ];
}

function indexes(ctx: RenderContext, t: Table): string[] {
  const is = ctx.of(t.id).indexes;
  if (!is.length) return ['## Indexes', 'No indexes.'];
  const withComment = is.some((i) => i.comment !== null);
  return [
    '## Indexes',
    table(
      ['Name', 'Definition', ...(withComment ? ['Comment'] : [])],
      is.map((i) => [
        code(i.name) + (i.valid ? '' : ' (invalid)') + (i.constraint !== null ? ' (constraint)' : ''),
        code(readableIndexDdl(i, t)),
        ...(withComment ? [i.comment === null ? '' : text(i.comment)] : []),
      ]),
    ),
  ];
}

function partitions(ctx: RenderContext, t: Table): string[] {
  if (t.kind !== 'partitioned') return [];
  const ps = ctx.of(t.id).partitions;
  return [
    '## Partitions',
    ps.length
      ? table(
          ['Partition', 'Bounds'],
          ps.map((p) => [code(ctx.name(p.id)) + (p.kind === 'partitioned' ? ` (partitioned by ${code(p.partitionKey ?? '?')})` : ''), p.partitionBound === null ? '' : code(p.partitionBound)]),
        )
      : 'No partitions yet: rows cannot be inserted until one exists.',
  ];
}

function events(tr: Trigger): string {
  return tr.events
    .map((e) => (e === 'update' && tr.columns.length ? `UPDATE OF ${tr.columns.join(', ')}` : e.toUpperCase()))
    .join(' OR ');
}

function triggers(ctx: RenderContext, t: Table): string[] {
  const ts = ctx.of(t.id).triggers;
  if (!ts.length) return [];
  return [
    '## Triggers',
    table(
      ['Name', 'Fires', 'Condition', 'Function'],
      ts.map((tr) => [
        code(tr.name) + (tr.enabled === 'disabled' ? ' (disabled)' : tr.enabled === 'replica' ? ' (replica only)' : '') + (tr.constraint ? ' (constraint trigger)' : ''),
        text(`${tr.timing.toUpperCase()} ${events(tr)}, FOR EACH ${tr.level.toUpperCase()}`),
        tr.when === null ? '' : code(tr.when),
        code(tr.function),
      ]),
    ),
  ];
}

function policies(ctx: RenderContext, t: Table): string[] {
  const ps = ctx.of(t.id).policies;
  const note = !t.rls.enabled
    ? ps.length
      ? 'Row-level security is **disabled** on this table: these policies have no effect.'
      : ''
    : ps.length
      ? `Row-level security is enabled${t.rls.forced ? ' and forced (it applies to the owner too)' : ' (the owner bypasses it unless forced)'}.`
      : 'Row-level security is enabled with **no policy**: no rows are visible or writable except to the owner and roles with BYPASSRLS.';
  if (!ps.length && !note) return [];
  const parts = ['## Policies'];
  if (note) parts.push(note);
  if (ps.length) {
    parts.push(
      table(
        ['Name', 'Command', 'Type', 'Roles', 'USING', 'WITH CHECK'],
        ps.map((p) => [
          code(p.name),
          text(p.command.toUpperCase()),
          p.permissive ? 'permissive' : 'restrictive',
          p.roles.map(code).join(', '),
          p.using === null ? '' : code(p.using),
          p.withCheck === null ? '' : code(p.withCheck),
        ]),
      ),
    );
  }
  return parts;
}

function readBy(ctx: RenderContext, t: Table): string[] {
  const vs = [...ctx.of(t.id).views].sort((a, b) => byCodePoint(a.id, b.id));
  if (!vs.length) return [];
  return ['## Read by views', vs.map((v) => `${code(ctx.name(v.id))}${v.materialized ? ' (materialized)' : ''}`).join(', ')];
}

/**
 * The table (key columns) and the tables one FK away as bare boxes, with only the FKs that have this table at one
 * end: an FK between two neighbours says nothing about this table and would double the diagram.
 */
function diagram(ctx: RenderContext, t: Table): string {
  const ids = neighbourhood(ctx, t.id, 1).filter((id) => id !== t.id);
  const all = new Set<string>();
  for (const r of ctx.of(t.id).relationships) {
    if (r.foreignKey === null || (r.from !== t.id && r.to !== t.id)) continue;
    const other = r.from === t.id ? r.to : r.from;
    if (other !== t.id) all.add(other);
  }
  const total = Math.max(all.size, ids.length);
  const note =
    ids.length === 0
      ? 'No FK links this table to another table.'
      : `This table (key columns only) and ${ids.length < total ? `${ids.length} of the ${total} tables` : `the ${plural(ids.length, 'table')}`} ` +
        'one foreign key away; only the foreign keys of this table are drawn.';
  return `${note}\n\n${block(erDiagram(ctx, [t.id], { keysOnly: true, context: ids }), 'mermaid')}`;
}
