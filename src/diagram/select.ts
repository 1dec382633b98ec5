/**
 * Which diagrams to draw, so that each stays readable: no diagram draws more than `cap` tables (60 by default),
 * counting the bare context boxes. Pure: (ctx) → diagram descriptions (`types.ts`).
 *
 *   - Up to `cap` analysed tables: one diagram of the whole schema (`erd`), with the tables outside the analysis that
 *     FKs reach (e.g. `auth.users`) as context boxes, as many as fit.
 *   - Above it: an overview of the domains (`erd`: one box per domain, sized by its table count, edges weighted by
 *     the FKs between domains) and one diagram per domain (`erd/<slug>`, slugs as the Mermaid files have them). A
 *     domain diagram draws the domain's tables with their columns and, as context boxes, the tables of other
 *     domains its FKs reach — the most linked first, as many as fit under the cap (the rest are counted in a note).
 *   - A domain with more than `cap` tables is split into parts (`erd/<slug>.1`, `erd/<slug>.2`, …) of at most
 *     `cap - PART_RESERVE` tables each (leaving room for context boxes), all of about the same size. The domain's
 *     tables are ordered by a breadth-first walk of the FKs inside the domain, starting from its best-linked table,
 *     and cut into consecutive runs, so each part is mostly one connected piece; the other parts' tables appear as
 *     context boxes where FKs reach them. Every table is drawn with its columns in exactly one domain diagram.
 *   - A neighbourhood (`erd/tables/<table>`, and `schemaproof erd --focus`): the table and the tables within `depth`
 *     FK hops of it, both directions (N:M partners are two hops away, through the junction), nearest first; within a
 *     distance, the tables with more FKs to those already chosen first, then by id. At most `cap` tables. Only the
 *     edges within `depth` hops are drawn: each has an end fewer than `depth` hops from the table (at depth 1, the
 *     table's own FKs), so the outer ring's FKs among themselves do not crowd the picture. An N:M partner whose
 *     junction is not drawn (the junction was cut by the cap) is joined by the dashed N:M edge.
 */
import type { Relationship } from '../analyze/types.js';
import type { RenderContext } from '../render/context.js';
import { domainErdFiles } from '../render/erd.js';
import { plural } from '../render/markdown.js';
import { safeName } from './escape.js';
import type { Diagram, OverviewDiagram, TableDiagram } from './types.js';

/** No diagram draws more tables than this by default (tables with columns and context boxes together). */
export const DIAGRAM_CAP = 60;
/** The overview of domains draws at most this many domain boxes (the largest). */
export const OVERVIEW_BOXES = 150;
/** … and at most this many links per box drawn (a spanning forest first, then the strongest). */
export const OVERVIEW_LINKS_PER_BOX = 1.5;
/** A part of a split domain leaves room for this many context boxes. */
export const PART_RESERVE = 10;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Is this relationship an FK edge a diagram draws (guard FKs are not)? */
function drawnFk(r: Relationship): boolean {
  return r.foreignKey !== null && r.guardOf === null;
}

/** The other end of an FK relationship of `id` (null when `id` is not an end, or for a self-reference). */
function otherEnd(r: Relationship, id: string): string | null {
  if (r.from !== id && r.to !== id) return null;
  const other = r.from === id ? r.to : r.from;
  return other === id ? null : other;
}

/**
 * Context boxes for a set of main tables: the tables outside it that their FKs reach (both directions), the most
 * linked first, then by id; at most `budget`. Returns them sorted by id, and how many did not fit.
 */
export function contextTables(ctx: RenderContext, main: ReadonlySet<string>, budget: number): { context: string[]; omitted: number } {
  const links = new Map<string, number>();
  for (const id of main) {
    for (const r of ctx.of(id).relationships) {
      if (!drawnFk(r)) continue;
      const other = otherEnd(r, id);
      if (other === null || main.has(other) || ctx.table(other) === undefined) continue;
      links.set(other, (links.get(other) ?? 0) + 1);
    }
  }
  const ranked = [...links.entries()].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0])).map(([id]) => id);
  const kept = ranked.slice(0, Math.max(0, budget));
  return { context: kept.sort(byCodePoint), omitted: ranked.length - kept.length };
}

function linkedNote(omitted: number): string | null {
  return omitted > 0 ? `… ${plural(omitted, 'linked table')} of other diagrams not shown` : null;
}

/** The whole schema as one diagram, or null when it has more than `cap` analysed tables. */
export function wholeSchemaDiagram(ctx: RenderContext, cap = DIAGRAM_CAP): TableDiagram | null {
  const tables = [...ctx.analysis.tables].sort(byCodePoint);
  if (tables.length > cap) return null;
  const { context, omitted } = contextTables(ctx, new Set(tables), cap - tables.length);
  return { kind: 'tables', key: 'erd', title: 'Entity-relationship diagram', tables, context, anchors: null, focus: null, omitted, note: linkedNote(omitted) };
}

/**
 * A domain's tables in a breadth-first order over the FKs inside the domain: each connected piece from its
 * best-linked table (most FKs inside the domain, then id), neighbours by id.
 */
export function domainOrder(ctx: RenderContext, tables: readonly string[]): string[] {
  const inDomain = new Set(tables);
  const adjacent = new Map<string, string[]>();
  for (const id of tables) {
    const next = new Set<string>();
    for (const r of ctx.of(id).relationships) {
      if (!drawnFk(r)) continue;
      const other = otherEnd(r, id);
      if (other !== null && inDomain.has(other)) next.add(other);
    }
    adjacent.set(id, [...next].sort(byCodePoint));
  }
  const starts = [...tables].sort((a, b) => adjacent.get(b)!.length - adjacent.get(a)!.length || byCodePoint(a, b));
  const seen = new Set<string>();
  const order: string[] = [];
  for (const start of starts) {
    if (seen.has(start)) continue;
    seen.add(start);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      order.push(queue[i]!);
      for (const n of adjacent.get(queue[i]!)!) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
  }
  return order;
}

/** One diagram per domain, in domain order; a domain over the cap in parts (see the header). */
export function domainDiagrams(ctx: RenderContext, cap = DIAGRAM_CAP): TableDiagram[] {
  const files = domainErdFiles(ctx);
  const diagrams: TableDiagram[] = [];
  for (const f of files) {
    const key = f.file.replace(/\.mmd$/, '');
    const tables = f.tables.filter((id) => ctx.table(id) !== undefined);
    const parts: string[][] = [];
    if (tables.length <= cap) parts.push(tables);
    else {
      const count = Math.ceil(tables.length / Math.max(1, cap - PART_RESERVE));
      const size = Math.ceil(tables.length / count);
      const order = domainOrder(ctx, tables);
      for (let i = 0; i < order.length; i += size) parts.push(order.slice(i, i + size));
    }
    parts.forEach((part, i) => {
      const main = new Set(part);
      const { context, omitted } = contextTables(ctx, main, cap - main.size);
      diagrams.push({
        kind: 'tables',
        key: parts.length === 1 ? key : `${key}.${i + 1}`,
        title: parts.length === 1 ? f.name : `${f.name} (part ${i + 1} of ${parts.length})`,
        tables: [...part].sort(byCodePoint),
        context,
        anchors: null,
        focus: null,
        omitted,
        note: linkedNote(omitted),
      });
    });
  }
  return diagrams;
}

/** The overview of domains, with the keys of the diagrams that draw each domain. */
export function overviewDiagram(ctx: RenderContext, domains: readonly TableDiagram[] = domainDiagrams(ctx)): OverviewDiagram {
  const groups = ctx.analysis.domains.groups;
  const domainOf = new Map<string, number>();
  groups.forEach((g, i) => g.tables.forEach((t) => domainOf.set(t, i)));
  const diagramsOf = groups.map(() => [] as string[]);
  for (const d of domains) {
    const first = d.tables[0];
    const i = first === undefined ? undefined : domainOf.get(first);
    if (i !== undefined) diagramsOf[i]!.push(d.key);
  }
  const counts = new Map<string, number>();
  for (const r of ctx.analysis.relationships) {
    if (!drawnFk(r)) continue;
    const referencing = domainOf.get(r.from);
    const referenced = domainOf.get(r.to);
    if (referencing === undefined || referenced === undefined || referencing === referenced) continue;
    const key = `${referenced} ${referencing}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const all = [...counts.entries()].map(([key, foreignKeys]) => {
    const [referenced, referencing] = key.split(' ').map(Number) as [number, number];
    return { referenced, referencing, foreignKeys };
  });
  // The boxes: every domain, or the largest OVERVIEW_BOXES (then the best linked, then by name).
  const linked = groups.map(() => 0);
  for (const e of all) {
    linked[e.referenced]! += e.foreignKeys;
    linked[e.referencing]! += e.foreignKeys;
  }
  const order = groups.map((_, i) => i).sort((a, b) => groups[b]!.tables.length - groups[a]!.tables.length || linked[b]! - linked[a]! || byCodePoint(groups[a]!.name, groups[b]!.name));
  const kept = order.slice(0, OVERVIEW_BOXES).sort((a, b) => a - b);
  const index = new Map(kept.map((g, i) => [g, i]));
  const among = all
    .filter((e) => index.has(e.referenced) && index.has(e.referencing))
    .map((e) => ({ referenced: index.get(e.referenced)!, referencing: index.get(e.referencing)!, foreignKeys: e.foreignKeys }));
  const edges = strongestLinks(among, kept.length, Math.ceil(OVERVIEW_LINKS_PER_BOX * kept.length)).sort(
    (a, b) => a.referenced - b.referenced || a.referencing - b.referencing,
  );
  const hiddenDomains = groups.length - kept.length;
  const hiddenTables = order.slice(OVERVIEW_BOXES).reduce((n, i) => n + groups[i]!.tables.length, 0);
  const hiddenLinks = among.length - edges.length;
  const parts = [
    hiddenDomains > 0 ? `${plural(hiddenDomains, 'smaller domain')} (${plural(hiddenTables, 'table')})` : null,
    hiddenLinks > 0 ? `${plural(hiddenLinks, 'weaker link')} between the domains drawn` : null,
  ].filter((x): x is string => x !== null);
  return {
    kind: 'overview',
    key: 'erd',
    title: `Domains (${plural(ctx.analysis.tables.length, 'table')})`,
    domains: kept.map((i) => ({ name: groups[i]!.name, tables: groups[i]!.tables.length, diagrams: diagramsOf[i]! })),
    edges,
    note: parts.length ? `… ${parts.join(' and ')} not shown (every FK is in relationships.md)` : null,
  };
}

/**
 * The links an overview draws, at most `max`: first a maximum spanning forest (the strongest link that joins two
 * unconnected groups, by FK count, then by position), so every connected domain stays connected; then the strongest
 * of the rest. `dot`'s crossing minimisation grows fast with the edge count: 150 domains with 900 links take minutes,
 * with 225 under a second — and a hairball is unreadable anyway.
 */
export function strongestLinks<E extends { referenced: number; referencing: number; foreignKeys: number }>(edges: readonly E[], nodes: number, max: number): E[] {
  if (edges.length <= max) return [...edges];
  const ranked = [...edges].sort((a, b) => b.foreignKeys - a.foreignKeys || a.referenced - b.referenced || a.referencing - b.referencing);
  const parent = Array.from({ length: nodes }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const chosen = new Set<E>();
  for (const e of ranked) {
    const a = root(e.referenced);
    const b = root(e.referencing);
    if (a === b) continue;
    parent[a] = b;
    chosen.add(e);
  }
  for (const e of ranked) {
    if (chosen.size >= max) break;
    chosen.add(e);
  }
  return ranked.filter((e) => chosen.has(e));
}

const adjacencyCache = new WeakMap<RenderContext, Map<string, [string, number][]>>();

/** Per table, the other tables its drawn FKs reach (both directions), with how many FKs; built once per context. */
function adjacency(ctx: RenderContext): (id: string) => [string, number][] {
  let cache = adjacencyCache.get(ctx);
  if (!cache) {
    cache = new Map();
    adjacencyCache.set(ctx, cache);
  }
  const known = cache;
  return (id) => {
    let list = known.get(id);
    if (!list) {
      const links = new Map<string, number>();
      for (const r of ctx.of(id).relationships) {
        if (!drawnFk(r)) continue;
        const other = otherEnd(r, id);
        if (other !== null && ctx.table(other) !== undefined) links.set(other, (links.get(other) ?? 0) + 1);
      }
      list = [...links.entries()];
      known.set(id, list);
    }
    return list;
  };
}

/**
 * The `k` best tables of a layer: most FKs first, then by id. One pass with a short sorted list, not a sort of the
 * whole layer: around a hub a layer holds most of the schema, and every table's neighbourhood meets the hub.
 */
function best(layer: Map<string, number>, k: number): string[] {
  if (k <= 0) return [];
  const before = (a: [string, number], b: [string, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  const top: [string, number][] = [];
  for (const entry of layer) {
    if (top.length === k && !before(entry, top[k - 1]!)) continue;
    let i = top.length;
    while (i > 0 && before(entry, top[i - 1]!)) i--;
    top.splice(i, 0, entry);
    if (top.length > k) top.pop();
  }
  return top.map(([id]) => id);
}

/** The key of a table's neighbourhood diagram. */
export function neighbourhoodKey(tableId: string): string {
  return `erd/tables/${safeName(tableId)}`;
}

/** The table and the tables within `depth` FK hops of it (see the header), at most `cap`. */
export function neighbourhoodDiagram(ctx: RenderContext, tableId: string, depth = 1, cap = DIAGRAM_CAP): TableDiagram {
  const adjacent = adjacency(ctx);
  const chosen = [tableId];
  const chosenSet = new Set(chosen);
  const reached = new Set(chosen);
  let inner = [tableId]; // chosen tables fewer than `depth` hops away
  let frontier = [tableId];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    if (d > 0) inner = [...chosen];
    const layer = new Map<string, number>(); // table → FKs to the tables chosen so far
    for (const id of frontier) {
      const weight = chosenSet.has(id) ? 1 : 0;
      for (const [other, n] of adjacent(id)) {
        if (!reached.has(other)) layer.set(other, (layer.get(other) ?? 0) + weight * n);
      }
    }
    for (const id of best(layer, cap - chosen.length)) {
      chosen.push(id);
      chosenSet.add(id);
    }
    for (const id of layer.keys()) reached.add(id);
    frontier = [...layer.keys()];
  }
  const omitted = reached.size - chosen.length;
  const name = ctx.name(tableId);
  return {
    kind: 'tables',
    key: neighbourhoodKey(tableId),
    title: `${name} and the tables within ${plural(depth, 'FK hop')}`,
    tables: [...chosen].sort(byCodePoint),
    context: [],
    anchors: inner.sort(byCodePoint),
    focus: tableId,
    omitted,
    note: omitted > 0 ? `… ${plural(omitted, 'more table')} within ${plural(depth, 'hop')} not shown` : null,
  };
}

export interface PlanOptions {
  /** At most this many tables per diagram (default `DIAGRAM_CAP`). */
  cap?: number;
  /** Also one neighbourhood diagram per analysed table (default false). */
  neighbourhoods?: boolean;
  /** Depth of the neighbourhood diagrams (default 1). */
  depth?: number;
}

/**
 * The diagrams of a schema: the whole schema when it fits, else the overview and the domain diagrams; then, with
 * `neighbourhoods`, one per analysed table (in id order).
 */
export function planDiagrams(ctx: RenderContext, options: PlanOptions = {}): Diagram[] {
  const cap = options.cap ?? DIAGRAM_CAP;
  const whole = wholeSchemaDiagram(ctx, cap);
  const diagrams: Diagram[] = [];
  if (whole) diagrams.push(whole);
  else {
    const domains = domainDiagrams(ctx, cap);
    diagrams.push(overviewDiagram(ctx, domains), ...domains);
  }
  if (options.neighbourhoods) {
    for (const id of [...ctx.analysis.tables].sort(byCodePoint)) diagrams.push(neighbourhoodDiagram(ctx, id, options.depth ?? 1, cap));
  }
  return diagrams;
}

/**
 * A table named by the user: an id (`public.orders`), or a bare name (the table in `public`, else in the only
 * schema that has one). Returns the id, or null with up to 5 similar ids.
 */
export function resolveTable(ctx: RenderContext, name: string): { id: string } | { id: null; similar: string[] } {
  const ids = ctx.model.tables.map((t) => t.id);
  if (ids.includes(name)) return { id: name };
  const bare = ctx.model.tables.filter((t) => t.name === name);
  const inPublic = bare.find((t) => t.schema === 'public');
  if (inPublic) return { id: inPublic.id };
  if (bare.length === 1) return { id: bare[0]!.id };
  const needle = name.toLowerCase().split('.').pop() ?? '';
  const similar = ids.filter((id) => needle !== '' && id.toLowerCase().includes(needle)).sort(byCodePoint).slice(0, 5);
  return { id: null, similar: bare.length > 1 ? bare.map((t) => t.id).sort(byCodePoint) : similar };
}
