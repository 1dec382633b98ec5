/**
 * Graphviz DOT for a diagram (pure: (ctx, diagram) → text). Layout and SVG post-processing happen elsewhere; this
 * module also says, for every node and edge, which `id`, `<title>` and `data-*` attributes the SVG must carry, so the
 * post-processor never has to read schema names back out of Graphviz's output.
 *
 * Drawing rules:
 *   - A table is an HTML-like record: a header with its name (and the first line of its comment, cut to 60
 *     characters), then one row per column: PK/FK/UK markers, name, type. A table with more than `maxColumns` (12)
 *     columns shows its key columns only, and a last row "… 7 more columns".
 *   - Context tables (the far ends of FKs that leave the diagram) are bare dashed boxes: name and domain.
 *   - `rankdir=LR`, parents on the left: every FK edge goes parent → child, leaving the referenced column's row on the
 *     parent's right side and entering the FK column's row on the child's left side (a self-reference loops on the
 *     right side). A column not drawn (e.g. a referenced column of a composite UNIQUE in a keys-only table) or a
 *     context table: the edge attaches to the box.
 *   - Crow's-foot ends (Graphviz arrow shapes, the first one touching the box): parent end `teetee` (exactly one)
 *     or `teeodot` (zero or one: the FK is nullable); child end `crowodot` (zero or many) for one-to-many and
 *     self-references, `teeodot` (zero or one) for one-to-one.
 *   - N:M: when the junction table is drawn, it is an ordinary table with its two one-to-many edges. When it is not
 *     (it belongs to another diagram) but both joined tables are, one dashed edge joins them, `crowodot` at both ends,
 *     labelled "via <junction>". A guard FK (`guardOf`) is never drawn: the FK it guards is the relationship.
 * Everything from the schema goes through `xmlText()`; ids through `safeName()`. Output is sorted (tables by id,
 * edges by FK id), so the same input gives the same bytes.
 */
import type { Relationship } from '../analyze/types.js';
import type { Column, Table } from '../model/types.js';
import type { RenderContext } from '../render/context.js';
import { columnKeys, DEFAULT_MAX_COLUMNS } from '../render/mermaid.js';
import { plural } from '../render/markdown.js';
import { safeName, truncate, xmlText } from './escape.js';
import type { OverviewDiagram, TableDiagram } from './types.js';

export interface DotOptions {
  /** A table with more columns than this shows its key columns only (default 12). */
  maxColumns?: number;
}

/** What the SVG post-processor writes on one node or edge group: its `id`, `<title>` text and `data-*` attributes. */
export interface SvgAnnotation {
  title: string;
  data: Record<string, string>;
}

export interface DotDiagram {
  /** The diagram's key (`erd/orders`) and title. */
  key: string;
  title: string;
  dot: string;
  /** SVG id (also the DOT `id` attribute) → annotation, for every node and edge. */
  annotations: Map<string, SvgAnnotation>;
  /** How many tables the diagram draws (with columns, and as context boxes), and how many edges. */
  size: { tables: number; context: number; edges: number };
}

/**
 * Graphviz measures text with built-in metrics (the WebAssembly build has no font files). Verdana's are the widest
 * it knows for a sans-serif font, so text measured with them fits in whichever font of `FONT_STACK` (svg.ts) the
 * viewer has: Verdana itself, DejaVu Sans (about as wide), or narrower ones such as Helvetica or Arial.
 */
const FONT = 'Verdana';
const COLORS = {
  border: '#475569',
  header: '#dbe4f0',
  focusHeader: '#fde68a',
  muted: '#64748b',
  key: '#9a3412',
  edge: '#475569',
  context: '#f1f5f9',
};
const MAX_COMMENT = 60;
const MAX_TYPE = 32;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A DOT quoted string of an id-safe value (`safeName()` output, port names): no `"` or `\` can occur. */
function q(value: string): string {
  return `"${value}"`;
}

/** The SVG/DOT id of a table's node. */
export function tableNodeId(tableId: string): string {
  return `table-${safeName(tableId)}`;
}

/**
 * A short, readable type for a `format_type()` text: the usual aliases (`character varying(255)` → `varchar(255)`,
 * `timestamp with time zone` → `timestamptz`), modifiers and arrays kept, cut to 32 characters.
 */
export function shortType(pgType: string): string {
  const aliases: [RegExp, string][] = [
    [/^character varying\b/, 'varchar'],
    [/^character\b/, 'char'],
    [/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1'],
    [/^timestamp(\(\d+\))? without time zone/, 'timestamp$1'],
    [/^time(\(\d+\))? with time zone/, 'timetz$1'],
    [/^time(\(\d+\))? without time zone/, 'time$1'],
    [/^double precision/, 'float8'],
    [/^bit varying\b/, 'varbit'],
  ];
  let s = pgType.trim();
  for (const [re, to] of aliases) {
    if (re.test(s)) {
      s = s.replace(re, to);
      break;
    }
  }
  return truncate(s, MAX_TYPE);
}

function firstLine(comment: string): string {
  return comment.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
}

/** The columns a table shows in this diagram, in position order, and how many are left out. */
export function shownColumns(ctx: RenderContext, t: Table, options: DotOptions = {}): { columns: Column[]; keys: Map<string, string[]>; hidden: number } {
  const keys = columnKeys(ctx, t);
  const ordered = [...t.columns].sort((a, b) => a.position - b.position);
  const keysOnly = t.columns.length > (options.maxColumns ?? DEFAULT_MAX_COLUMNS);
  const columns = keysOnly ? ordered.filter((c) => (keys.get(c.name) ?? []).length > 0) : ordered;
  return { columns, keys, hidden: t.columns.length - columns.length };
}

function tableLabel(ctx: RenderContext, t: Table, focus: boolean, options: DotOptions): string {
  const { columns, keys, hidden } = shownColumns(ctx, t, options);
  const header = focus ? COLORS.focusHeader : COLORS.header;
  const rows: string[] = [];
  rows.push(`<TR><TD COLSPAN="3" BGCOLOR="${header}" CELLPADDING="5"><B>${xmlText(ctx.name(t.id))}</B></TD></TR>`);
  const comment = t.comment === null ? '' : truncate(firstLine(t.comment), MAX_COMMENT);
  if (comment !== '') {
    rows.push(
      `<TR><TD COLSPAN="3" BGCOLOR="${header}" ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="${COLORS.muted}"><I>${xmlText(comment)}</I></FONT></TD></TR>`,
    );
  }
  for (const c of columns) {
    const marks = (keys.get(c.name) ?? []).join(' ');
    const markCell = marks === '' ? '' : `<FONT POINT-SIZE="8" COLOR="${COLORS.key}"><B>${marks}</B></FONT>`;
    rows.push(
      `<TR><TD ALIGN="LEFT" PORT="l${c.position}">${markCell}</TD>` +
        `<TD ALIGN="LEFT">${xmlText(c.name)}</TD>` +
        `<TD ALIGN="LEFT" PORT="r${c.position}"><FONT COLOR="${COLORS.muted}">${xmlText(shortType(c.type))}</FONT></TD></TR>`,
    );
  }
  if (hidden > 0) {
    rows.push(
      `<TR><TD COLSPAN="3" ALIGN="LEFT"><FONT COLOR="${COLORS.muted}"><I>… ${plural(hidden, 'more column')}</I></FONT></TD></TR>`,
    );
  }
  const border = focus ? 2 : 1;
  return `<<TABLE BORDER="${border}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="${COLORS.border}" BGCOLOR="white">${rows.join('')}</TABLE>>`;
}

function contextLabel(ctx: RenderContext, id: string): string {
  const domain = ctx.domainOf(id)?.name;
  const rows = [`<TR><TD CELLPADDING="5">${xmlText(ctx.name(id))}</TD></TR>`];
  if (domain !== undefined) {
    rows.push(`<TR><TD><FONT POINT-SIZE="8" COLOR="${COLORS.muted}"><I>${xmlText(truncate(domain, MAX_COMMENT))}</I></FONT></TD></TR>`);
  }
  return `<<TABLE BORDER="1" STYLE="dashed" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" COLOR="${COLORS.muted}" BGCOLOR="${COLORS.context}">${rows.join('')}</TABLE>>`;
}

/** The graph's label: the title in bold, and a note line when tables were left out. */
function graphLabel(title: string, note: string | null): string {
  const lines = [`<B>${xmlText(truncate(title, 2 * MAX_COMMENT))}</B>`];
  if (note !== null) lines.push(`<FONT POINT-SIZE="9" COLOR="${COLORS.muted}">${xmlText(note)}</FONT>`);
  return `<${lines.join('<BR ALIGN="LEFT"/>')}<BR ALIGN="LEFT"/>>`;
}

/** Crow's-foot ends of a relationship: `tail` at the parent (referenced) table, `head` at the child. */
export function crowsFoot(r: Relationship): { tail: string; head: string } {
  if (r.cardinality === 'many-to-many') return { tail: 'crowodot', head: 'crowodot' };
  const tail = r.optional ? 'teeodot' : 'teetee';
  return { tail, head: r.cardinality === 'one-to-one' ? 'teeodot' : 'crowodot' };
}

/** What each end of a relationship means, for the SVG's `data-*` attributes. */
function endNames(r: Relationship): { parent: string; child: string } {
  if (r.cardinality === 'many-to-many') return { parent: 'zero-or-many', child: 'zero-or-many' };
  return { parent: r.optional ? 'zero-or-one' : 'exactly-one', child: r.cardinality === 'one-to-one' ? 'zero-or-one' : 'zero-or-many' };
}

/**
 * The relationships a table diagram draws: FK relationships (guards left out) with both ends drawn and at least one
 * end an anchor (`d.anchors`, by default the tables drawn with columns); N:M relationships whose junction is not
 * drawn, both ends drawn, one of them an anchor.
 */
export function drawnRelationships(ctx: RenderContext, d: TableDiagram): { foreignKeys: Relationship[]; manyToMany: Relationship[] } {
  const anchors = new Set(d.anchors ?? d.tables);
  const present = new Set([...d.tables, ...d.context]);
  const seen = new Set<Relationship>();
  for (const id of anchors) for (const r of ctx.of(id).relationships) seen.add(r);
  const ends = (r: Relationship) => present.has(r.from) && present.has(r.to) && (anchors.has(r.from) || anchors.has(r.to));
  const all = [...seen];
  return {
    foreignKeys: all.filter((r) => r.foreignKey !== null && r.guardOf === null && ends(r)).sort((a, b) => byCodePoint(a.foreignKey!, b.foreignKey!)),
    manyToMany: all
      .filter((r) => r.foreignKey === null && r.cardinality === 'many-to-many' && r.via !== null && !present.has(r.via) && ends(r))
      .sort((a, b) => byCodePoint(a.via!, b.via!) || byCodePoint(a.from, b.from) || byCodePoint(a.to, b.to)),
  };
}

/** The DOT of a diagram of tables. */
export function tableDiagramDot(ctx: RenderContext, d: TableDiagram, options: DotOptions = {}): DotDiagram {
  const annotations = new Map<string, SvgAnnotation>();
  const main = new Set(d.tables);
  const out: string[] = [];
  out.push('digraph erd {');
  out.push(
    `  graph [rankdir=LR, fontname="${FONT}", fontsize=12, labelloc=t, labeljust=l, nodesep=0.35, ranksep=0.9, pad=0.25, bgcolor="white", label=${graphLabel(d.title, d.note)}];`,
  );
  out.push(`  node [shape=plain, fontname="${FONT}", fontsize=10];`);
  out.push(`  edge [dir=both, fontname="${FONT}", fontsize=8, color="${COLORS.edge}", fontcolor="${COLORS.muted}", arrowsize=0.8];`);

  const shown = new Map<string, Set<string>>(); // table id → names of the columns drawn
  const nodes = [...d.tables.map((id) => ({ id, context: false })), ...d.context.filter((id) => !main.has(id)).map((id) => ({ id, context: true }))]
    .filter((n) => ctx.table(n.id) !== undefined)
    .sort((a, b) => byCodePoint(a.id, b.id));
  for (const n of nodes) {
    const t = ctx.table(n.id)!;
    const svgId = tableNodeId(n.id);
    const focus = d.focus === n.id;
    if (!n.context) shown.set(n.id, new Set(shownColumns(ctx, t, options).columns.map((c) => c.name)));
    const label = n.context ? contextLabel(ctx, n.id) : tableLabel(ctx, t, focus, options);
    out.push(`  ${q(svgId)} [id=${q(svgId)}, label=${label}];`);
    annotations.set(svgId, {
      title: ctx.name(n.id),
      data: { table: n.id, role: focus ? 'focus' : n.context ? 'context' : 'table', ...(ctx.domainOf(n.id) ? { domain: ctx.domainOf(n.id)!.name } : {}) },
    });
  }

  const port = (table: string, column: string | undefined, side: 'l' | 'r'): string => {
    const t = ctx.table(table);
    const col = column === undefined ? undefined : t?.columns.find((c) => c.name === column);
    if (!col || !shown.get(table)?.has(col.name)) return q(tableNodeId(table));
    return `${q(tableNodeId(table))}:${q(`${side}${col.position}`)}:${side === 'l' ? 'w' : 'e'}`;
  };
  const { foreignKeys, manyToMany } = drawnRelationships(ctx, d);
  for (const r of foreignKeys) {
    const svgId = `fk-${safeName(r.foreignKey!)}`;
    const { tail, head } = crowsFoot(r);
    const self = r.from === r.to;
    const parent = port(r.to, r.refColumns[0], 'r');
    const child = port(r.from, r.columns[0], self ? 'r' : 'l');
    out.push(`  ${parent} -> ${child} [id=${q(svgId)}, arrowtail=${tail}, arrowhead=${head}];`);
    const ends = endNames(r);
    annotations.set(svgId, {
      title: `${ctx.name(r.from)}(${r.columns.join(', ')}) → ${ctx.name(r.to)}(${r.refColumns.join(', ')})`,
      data: { 'foreign-key': r.foreignKey!, from: r.from, to: r.to, cardinality: r.cardinality, parent: ends.parent, child: ends.child },
    });
  }
  const perVia = new Map<string, number>();
  for (const r of manyToMany) {
    const n = (perVia.get(r.via!) ?? 0) + 1;
    perVia.set(r.via!, n);
    const svgId = `nm-${safeName(r.via!)}-${n}`;
    const { tail, head } = crowsFoot(r);
    out.push(
      `  ${q(tableNodeId(r.from))} -> ${q(tableNodeId(r.to))} [id=${q(svgId)}, style=dashed, arrowtail=${tail}, arrowhead=${head}, label=<via <I>${xmlText(ctx.name(r.via!))}</I>>];`,
    );
    annotations.set(svgId, {
      title: `${ctx.name(r.from)} N:M ${ctx.name(r.to)} via ${ctx.name(r.via!)}`,
      data: { via: r.via!, from: r.from, to: r.to, cardinality: r.cardinality, parent: 'zero-or-many', child: 'zero-or-many' },
    });
  }
  out.push('}');
  return {
    key: d.key,
    title: d.title,
    dot: `${out.join('\n')}\n`,
    annotations,
    size: { tables: nodes.filter((n) => !n.context).length, context: nodes.filter((n) => n.context).length, edges: foreignKeys.length + manyToMany.length },
  };
}

/** The DOT of the overview of domains: boxes sized by table count, edges (referenced → referencing) weighted by FKs. */
export function overviewDot(d: OverviewDiagram): DotDiagram {
  const annotations = new Map<string, SvgAnnotation>();
  const out: string[] = [];
  out.push('digraph overview {');
  out.push(
    `  graph [rankdir=LR, fontname="${FONT}", fontsize=12, labelloc=t, labeljust=l, nodesep=0.5, ranksep=1.1, pad=0.25, bgcolor="white", label=${graphLabel(d.title, d.note)}];`,
  );
  out.push(
    `  node [shape=box, style="rounded,filled", fillcolor="${COLORS.header}", color="${COLORS.border}", fontname="${FONT}", fontsize=11, margin="0.2,0.1"];`,
  );
  out.push(`  edge [fontname="${FONT}", fontsize=9, color="${COLORS.edge}", fontcolor="${COLORS.muted}", arrowhead=crow];`);
  const ids = d.domains.map((g) => `domain-${safeName(g.name)}`);
  d.domains.forEach((g, i) => {
    const scale = Math.sqrt(g.tables);
    const width = (1.4 + 0.3 * scale).toFixed(2);
    const height = (0.5 + 0.12 * scale).toFixed(2);
    out.push(
      `  ${q(ids[i]!)} [id=${q(ids[i]!)}, width=${width}, height=${height}, label=<<B>${xmlText(truncate(g.name, MAX_COMMENT))}</B><BR/><FONT POINT-SIZE="9">${plural(g.tables, 'table')}</FONT>>];`,
    );
    annotations.set(ids[i]!, { title: `${g.name} (${plural(g.tables, 'table')})`, data: { domain: g.name, tables: String(g.tables), diagrams: g.diagrams.join(' ') } });
  });
  for (const e of d.edges) {
    const svgId = `domains-${e.referenced + 1}-${e.referencing + 1}`;
    const pen = (1 + Math.log2(e.foreignKeys)).toFixed(2);
    out.push(`  ${q(ids[e.referenced]!)} -> ${q(ids[e.referencing]!)} [id=${q(svgId)}, penwidth=${pen}, weight=${e.foreignKeys}, label="${plural(e.foreignKeys, 'FK')}"];`);
    const from = d.domains[e.referencing]!.name;
    const to = d.domains[e.referenced]!.name;
    annotations.set(svgId, {
      title: `${from} → ${to}: ${plural(e.foreignKeys, 'foreign key')}`,
      data: { from, to, 'foreign-keys': String(e.foreignKeys) },
    });
  }
  out.push('}');
  return { key: d.key, title: d.title, dot: `${out.join('\n')}\n`, annotations, size: { tables: 0, context: 0, edges: d.edges.length } };
}
