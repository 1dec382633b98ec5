/**
 * Mermaid text for the diagrams in the docs: an `erDiagram` of a set of tables, a `flowchart` of the domains, and
 * the FK neighbourhood of a table (which tables a per-table diagram shows). Pure: (ctx) → text.
 *
 * Syntax relied on, chosen to parse the same on Mermaid 10.5+ and 11 (GitHub renders with a version in that range):
 *   - Entities are written as quoted names (`"users"`): a quoted name is lexed as one token on every version, so
 *     a table called `one`, `end`, `class` or `users` (some 10.x releases lexed a leading `u` as a marker) cannot
 *     be mistaken for a keyword. The name itself is a safe identifier (`[A-Za-z0-9_]`, unique per schema model,
 *     `schema__name` outside `public`), and when it differs from the name readers know, the real name is shown
 *     through the entity alias syntax `"billing__users"["billing.users"]` (Mermaid 10.5+).
 *   - Attributes are `type name [PK, FK, UK] ["comment"]`: types are reduced to one word (`varchar`,
 *     `timestamptz`, `text_array`) and names to `[A-Za-z0-9_]`, the only characters both versions accept there.
 *   - Relationships use crow's-foot markers, parent on the left: `||--o{` one-to-many, `|o--o{` when the FK is
 *     nullable, `||--o|` / `|o--o|` one-to-one, `}o--o{` many-to-many through a junction that is not drawn.
 *   - Text inside quotes (labels, comments) never holds `"`, `%` (directives), `\`, backticks, `<` or newlines:
 *     `mermaidText()` replaces them with look-alike characters.
 */
import type { Relationship } from '../analyze/types.js';
import type { Column, Table } from '../model/types.js';
import type { RenderContext } from './context.js';
import { plural } from './markdown.js';
import { inPositionOrder } from './sort.js';

export interface ErDiagramOptions {
  /** Only key columns (PK, FK, UK) for every table. */
  keysOnly?: boolean;
  /** A table with more columns than this shows its key columns only (default 12). */
  maxColumns?: number;
  /**
   * Tables drawn as bare entities (no attributes) so that FKs leaving `tableIds` stay visible, e.g. the tables of
   * other domains in a per-domain diagram. Edges between two context tables are not drawn.
   */
  context?: string[];
}

export const DEFAULT_MAX_COLUMNS = 12;
/** At most this many tables in a neighbourhood. */
export const NEIGHBOURHOOD_CAP = 25;
/** Attribute comments longer than this are cut (with `…`): a long comment makes an entity unreadably wide. */
const MAX_COMMENT = 60;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Any character (or double space) that `mermaidText()` replaces. */
const MERMAID_SPECIAL = /[\r\n\t\v\f"`%\\<#]| {2}/;

/**
 * Text for inside a Mermaid quoted string (entity alias, attribute comment, relationship label, node label): one
 * line, with the characters that would end the string or be read as markup replaced by look-alikes.
 */
export function mermaidText(value: string): string {
  // Names and most comments hold none of the characters below: then only the trim is left to do.
  if (!MERMAID_SPECIAL.test(value)) return value.trim();
  return value
    .replace(/[\r\n\t\v\f]+/g, ' ')
    .replace(/"/g, "'")
    .replace(/`/g, "'")
    .replace(/%/g, '\uFF05') // ％: `%%` starts a comment or a directive
    .replace(/\\/g, '\uFF3C') // ＼
    .replace(/</g, '\u2039') // ‹: no tag can start
    .replace(/#(?=\w+;)/g, '\uFF03') // ＃: `#name;` is an entity code
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** `[A-Za-z0-9_]+` from any name (runs of other characters become one `_`). */
function safeWord(value: string): string {
  return value.replace(/[^A-Za-z0-9_]+/g, '_');
}

/** Long SQL type names and the alias a diagram shows them by (built once, not per column). */
const TYPE_ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  'double precision': 'float8',
  'bit varying': 'varbit',
};

/**
 * A one-word Mermaid attribute type for a `format_type()` text: modifiers dropped (`character varying(255)` →
 * `varchar`, `numeric(19,2)` → `numeric`), long SQL names shortened to their usual alias (`timestamptz`), the schema
 * of a user type dropped, arrays as `_array` (`text[]` → `text_array`).
 */
export function mermaidType(pgType: string): string {
  let s = pgType.trim();
  let array = false;
  while (s.endsWith('[]')) {
    array = true;
    s = s.slice(0, -2).trimEnd();
  }
  s = s.replace(/\([^)]*\)/g, '').replace(/\s+/g, ' ').trim();
  if (TYPE_ALIASES[s] !== undefined) s = TYPE_ALIASES[s]!;
  else if (s.startsWith('interval ')) s = 'interval';
  else s = s.replace(/^(?:"(?:[^"]|"")*"|[^".\s]+)\./, ''); // drop a schema qualifier
  let word = safeWord(s).replace(/^_+|_+$/g, '');
  if (word === '') word = 'unknown';
  if (/^[0-9]/.test(word)) word = `t_${word}`;
  if (/^(?:pk|fk|uk)$/i.test(word)) word = `${word}_`;
  return array ? `${word}_array` : word;
}

/** A Mermaid attribute name for a column name, and whether it had to change. */
function attributeName(name: string): { word: string; changed: boolean } {
  let word = safeWord(name);
  if (word === '' || /^[0-9]/.test(word)) word = `_${word}`;
  if (/^(?:pk|fk|uk)$/i.test(word)) word = `${word}_`;
  return { word, changed: word !== name };
}

const entityNameCache = new WeakMap<RenderContext, Map<string, string>>();

/**
 * The Mermaid entity name of every table of the model: analysed tables first, in id order, then the rest. A table
 * whose shown name (`ctx.name`) is already a safe word keeps it; other names are made safe (`my table` → `my_table`,
 * `billing.users` → `billing__users`) and get `_2`, `_3` … when two would meet (compared case-insensitively).
 * The same ctx always gives the same names, in every diagram.
 */
export function entityNames(ctx: RenderContext): Map<string, string> {
  const cached = entityNameCache.get(ctx);
  if (cached) return cached;
  const analysed = new Set(ctx.analysis.tables);
  const order = [...ctx.model.tables].sort(
    (a, b) => Number(analysed.has(b.id)) - Number(analysed.has(a.id)) || byCodePoint(a.id, b.id),
  );
  const base = (t: Table): string => {
    const shown = ctx.name(t.id);
    return shown === t.name ? safeWord(t.name) : `${safeWord(t.schema)}__${safeWord(t.name)}`;
  };
  const names = new Map<string, string>();
  const taken = new Set<string>();
  // Pass 1: names that are already safe words are nobody else's to take.
  for (const t of order) {
    const shown = ctx.name(t.id);
    if (/^[A-Za-z0-9_]+$/.test(shown) && !taken.has(shown.toLowerCase())) {
      names.set(t.id, shown);
      taken.add(shown.toLowerCase());
    }
  }
  // Pass 2: everything else, made safe and made unique.
  for (const t of order) {
    if (names.has(t.id)) continue;
    const b = base(t);
    let name = b;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${b}_${n}`;
    names.set(t.id, name);
    taken.add(name.toLowerCase());
  }
  entityNameCache.set(ctx, names);
  return names;
}

/** `"users"`, or `"billing__users"["billing.users"]` when the safe name is not the shown name. */
function entityRef(ctx: RenderContext, id: string, withAlias: boolean): string {
  const name = entityNames(ctx).get(id) ?? safeWord(id);
  if (!withAlias) return `"${name}"`;
  const shown = ctx.name(id);
  return name !== shown ? `"${name}"["${mermaidText(shown)}"]` : `"${name}"`;
}

/**
 * PK / FK / UK marks of each column of a table: PK for every column of the primary key, FK for every column of a
 * foreign key, UK for a column that is unique on its own (a one-column UNIQUE constraint, or a valid, non-partial
 * one-column unique index). A column that is only part of a composite unique key is not marked: `UK` on each
 * column of `UNIQUE (client_id, name)` would read as "client_id is unique".
 */
export function columnKeys(ctx: RenderContext, t: Table): Map<string, string[]> {
  const pk = new Set<string>();
  const uk = new Set<string>();
  const fkCols = new Set<string>();
  const facts = ctx.of(t.id);
  for (const c of facts.constraints) {
    if (c.type === 'primary key') c.columns.forEach((x) => pk.add(x));
    if (c.type === 'unique' && c.columns.length === 1) uk.add(c.columns[0]!);
  }
  for (const i of facts.indexes) {
    if (i.unique && i.valid && i.predicate === null && i.keys.length === 1 && i.keys[0]!.column !== null) {
      uk.add(i.keys[0]!.column);
    }
  }
  for (const f of facts.outgoing) f.columns.forEach((x) => fkCols.add(x));
  const keys = new Map<string, string[]>();
  for (const col of t.columns) {
    const k: string[] = [];
    if (pk.has(col.name)) k.push('PK');
    if (fkCols.has(col.name)) k.push('FK');
    if (uk.has(col.name) && !(pk.has(col.name) && pk.size === 1)) k.push('UK');
    keys.set(col.name, k);
  }
  return keys;
}

function attributeLine(col: Column, keys: string[]): string {
  const { word, changed } = attributeName(col.name);
  let comment = col.comment === null ? '' : mermaidText(col.comment);
  if (changed) comment = comment === '' ? mermaidText(col.name) : `${mermaidText(col.name)}: ${comment}`;
  // `length` first: a comment of at most MAX_COMMENT code units has at most that many code points.
  if (comment.length > MAX_COMMENT && [...comment].length > MAX_COMMENT) comment = `${[...comment].slice(0, MAX_COMMENT - 1).join('').trimEnd()}…`;
  return [mermaidType(col.type), word, keys.length ? keys.join(', ') : '', comment === '' ? '' : `"${comment}"`]
    .filter((p) => p !== '')
    .join(' ');
}

/**
 * The relationships with an end in `main` and the other in `present`. Walks each main table's relationships, or —
 * cheaper when a hub (the tenant root, `users`) is drawn — looks the pairs up, so that a neighbourhood diagram
 * costs the size of the diagram, not the size of the hub's FK list.
 */
function relationshipsAmong(ctx: RenderContext, main: string[], present: string[]): Relationship[] {
  const listed = main.reduce((n, id) => n + ctx.of(id).relationships.length, 0);
  if (listed <= main.length * present.length) return [...new Set(main.flatMap((id) => ctx.of(id).relationships))];
  const found = new Set<Relationship>();
  for (const a of main) for (const b of present) for (const r of ctx.between(a, b)) found.add(r);
  return [...found];
}

/** Crow's-foot markers for a relationship, parent (left) side first. */
function markers(r: Relationship): string {
  const parent = r.optional ? '|o' : '||';
  switch (r.cardinality) {
    case 'one-to-one':
      return `${parent}--o|`;
    case 'many-to-many':
      return '}o--o{';
    default:
      return `${parent}--o{`;
  }
}

/** Does this table show only its key columns in a diagram drawn with these options? */
export function showsKeysOnly(t: Table, options: ErDiagramOptions = {}): boolean {
  return options.keysOnly === true || t.columns.length > (options.maxColumns ?? DEFAULT_MAX_COLUMNS);
}

/**
 * An `erDiagram` of the given tables (any order; drawn in id order): their columns (key columns only for a table
 * with more than `maxColumns` columns, or for all with `keysOnly`) and the relationships among them, from
 * `ctx.analysis.relationships`. A many-to-many relationship is drawn as one `}o--o{` line only when its junction
 * table is not in the diagram; when it is, the junction's two FKs are drawn instead. A guard FK (`guardOf`: a
 * composite FK that only adds a same-key check to another FK between the same tables) is not drawn: the FK it
 * guards is the relationship.
 */
export function erDiagram(ctx: RenderContext, tableIds: string[], options: ErDiagramOptions = {}): string {
  const main = [...new Set(tableIds)].filter((id) => ctx.table(id) !== undefined).sort(byCodePoint);
  const mainSet = new Set(main);
  const context = [...new Set(options.context ?? [])].filter((id) => !mainSet.has(id) && ctx.table(id) !== undefined).sort(byCodePoint);
  const present = new Set([...main, ...context]);

  const lines = ['erDiagram'];
  for (const id of main) {
    const t = ctx.table(id)!;
    const keys = columnKeys(ctx, t);
    const trimmed = showsKeysOnly(t, options);
    const cols = trimmed ? t.columns.filter((c) => (keys.get(c.name) ?? []).length > 0) : t.columns;
    if (trimmed && cols.length < t.columns.length) {
      lines.push(`    %% ${mermaidText(ctx.name(id))}: ${plural(t.columns.length - cols.length, 'non-key column')} not shown`);
    }
    if (cols.length === 0) {
      lines.push(`    ${entityRef(ctx, id, true)}`);
      continue;
    }
    lines.push(`    ${entityRef(ctx, id, true)} {`);
    for (const c of inPositionOrder(cols)) lines.push(`        ${attributeLine(c, keys.get(c.name) ?? [])}`);
    lines.push('    }');
  }
  for (const id of context) lines.push(`    ${entityRef(ctx, id, true)}`);

  const drawn = (r: Relationship): boolean =>
    present.has(r.from) && present.has(r.to) && (mainSet.has(r.from) || mainSet.has(r.to));
  const touching = relationshipsAmong(ctx, main, [...present]);
  const fkLines = touching
    .filter((r) => r.foreignKey !== null && r.guardOf === null && drawn(r))
    .sort((a, b) => byCodePoint(a.foreignKey!, b.foreignKey!));
  const nmLines = touching
    .filter((r) => r.foreignKey === null && r.cardinality === 'many-to-many' && r.via !== null && !present.has(r.via) && drawn(r))
    .sort((a, b) => byCodePoint(a.via!, b.via!) || byCodePoint(a.from, b.from) || byCodePoint(a.to, b.to));
  for (const r of fkLines) {
    lines.push(`    ${entityRef(ctx, r.to, false)} ${markers(r)} ${entityRef(ctx, r.from, false)} : "${mermaidText(r.columns.join(', '))}"`);
  }
  for (const r of nmLines) {
    lines.push(`    ${entityRef(ctx, r.from, false)} }o--o{ ${entityRef(ctx, r.to, false)} : "via ${mermaidText(ctx.name(r.via!))}"`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A `flowchart LR` of the domains (`ctx.analysis.domains.groups`, in their order): one node per domain labelled
 * "Name (N tables)", and one edge from a domain to each domain its tables reference, labelled with the number of
 * relationships behind it (FKs, guard FKs left out).
 */
export function domainOverview(ctx: RenderContext): string {
  const groups = ctx.analysis.domains.groups;
  const domainOf = new Map<string, number>();
  groups.forEach((g, i) => g.tables.forEach((t) => domainOf.set(t, i)));
  const counts = new Map<string, number>();
  for (const r of ctx.analysis.relationships) {
    if (r.foreignKey === null || r.guardOf !== null) continue;
    const from = domainOf.get(r.from);
    const to = domainOf.get(r.to);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from} ${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = ['flowchart LR'];
  groups.forEach((g, i) => lines.push(`    d${i + 1}["${mermaidText(`${g.name} (${plural(g.tables.length, 'table')})`)}"]`));
  const edges = [...counts.entries()]
    .map(([key, n]) => {
      const [from, to] = key.split(' ').map(Number) as [number, number];
      return { from, to, n };
    })
    .sort((a, b) => a.from - b.from || a.to - b.to);
  for (const e of edges) lines.push(`    d${e.from + 1} -->|${e.n}| d${e.to + 1}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The tables within `depth` FK hops of a table, following FKs both ways (self-references add nothing): the table
 * first, then by distance, in id order within a distance. At most `NEIGHBOURHOOD_CAP` tables: the nearest are kept.
 */
export function neighbourhood(ctx: RenderContext, tableId: string, depth = 1): string[] {
  const adjacent = (id: string): string[] => {
    const out: string[] = [];
    for (const r of ctx.of(id).relationships) {
      if (r.foreignKey === null) continue;
      const other = r.from === id ? r.to : r.from;
      if (other !== id) out.push(other);
    }
    return out;
  };
  const result = [tableId];
  const seen = new Set(result);
  let frontier = [tableId];
  for (let d = 0; d < depth && frontier.length > 0 && result.length < NEIGHBOURHOOD_CAP; d++) {
    const next = new Set<string>();
    for (const id of frontier) for (const n of adjacent(id)) if (!seen.has(n)) next.add(n);
    frontier = [...next].sort(byCodePoint).slice(0, NEIGHBOURHOOD_CAP - result.length);
    for (const id of frontier) {
      seen.add(id);
      result.push(id);
    }
  }
  return result;
}
