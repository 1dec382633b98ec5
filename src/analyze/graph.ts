/**
 * The FK graph: dependency levels, a load order and its reverse, cycles and the FK chosen to break each, roots,
 * leaves and isolated tables.
 *
 * Level (DESIGN.md): a table that references no other table is level 0; otherwise 1 + the highest level among the
 * tables it references; self-references are ignored. Cycles are found as strongly connected components (Tarjan,
 * iterative so that 10,000 tables cannot overflow the stack). Each is broken at one FK — nullable or deferrable
 * first, because such a cycle can still be loaded (insert NULL and update later, or check at commit) — and the
 * remaining component is searched again until no cycle is left; every component met is reported as one `Cycle`.
 */
import { byCodePoint, type Lookup } from './lookup.js';
import type { Analysis, Cycle } from './types.js';
import type { ForeignKey } from '../model/types.js';

export type GraphFacts = Pick<Analysis, 'levels' | 'loadOrder' | 'deleteOrder' | 'cycles' | 'roots' | 'leaves' | 'isolated'>;

export function analyzeGraph(lookup: Lookup): GraphFacts {
  const ids = [...lookup.tables.keys()];
  const edges = lookup.foreignKeys.filter((f) => f.table !== f.refTable);
  const ignored = new Set<string>();
  const cycles = breakCycles(ids, edges, lookup, ignored);

  // Levels in topological order over the FKs that remain (Kahn's algorithm, parents before children).
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const f of edges) {
    if (ignored.has(f.id)) continue;
    parents.get(f.table)!.push(f.refTable);
    children.get(f.refTable)!.push(f.table);
  }
  const pending = new Map(ids.map((id) => [id, new Set(parents.get(id)).size]));
  const level = new Map<string, number>();
  const queue = ids.filter((id) => pending.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    level.set(id, Math.max(-1, ...parents.get(id)!.map((p) => level.get(p)!)) + 1);
    for (const child of new Set(children.get(id))) {
      const left = pending.get(child)! - 1;
      pending.set(child, left);
      if (left === 0) queue.push(child);
    }
  }

  const loadOrder = [...ids].sort((a, b) => level.get(a)! - level.get(b)! || byCodePoint(a, b));
  const levels: Record<string, number> = {};
  for (const id of ids) levels[id] = level.get(id)!;

  const references = new Set(edges.map((f) => f.table));
  const referenced = new Set(edges.map((f) => f.refTable));
  return {
    levels,
    loadOrder,
    deleteOrder: [...loadOrder].reverse(),
    cycles,
    roots: ids.filter((id) => !references.has(id) && referenced.has(id)),
    leaves: ids.filter((id) => references.has(id) && !referenced.has(id)),
    isolated: ids.filter((id) => !references.has(id) && !referenced.has(id)),
  };
}

/** Finds cycles and adds the FKs that break them to `ignored`; returns one `Cycle` per component met. */
function breakCycles(ids: string[], edges: ForeignKey[], lookup: Lookup, ignored: Set<string>): Cycle[] {
  const cycles: Cycle[] = [];
  let components = stronglyConnected(ids, edges);
  while (components.length > 0) {
    const next: string[][] = [];
    for (const component of components) {
      const members = new Set(component);
      const inside = edges.filter((f) => !ignored.has(f.id) && members.has(f.table) && members.has(f.refTable));
      const chosen = [...inside].sort((a, b) => breakRank(lookup, a) - breakRank(lookup, b) || byCodePoint(b.id, a.id))[0]!;
      ignored.add(chosen.id);
      cycles.push({
        tables: [...component].sort(byCodePoint),
        foreignKeys: inside.map((f) => f.id).sort(byCodePoint),
        brokenAt: chosen.id,
        breakable: breakable(lookup, chosen),
      });
      next.push(...stronglyConnected(component, inside.filter((f) => f.id !== chosen.id)));
    }
    components = next;
  }
  return cycles.sort((a, b) => byCodePoint(a.tables[0]!, b.tables[0]!) || a.tables.length - b.tables.length);
}

function breakable(lookup: Lookup, f: ForeignKey): Cycle['breakable'] {
  const nullable = f.columns.some((c) => lookup.column(f.table, c)?.nullable ?? false);
  if (nullable && f.deferrable) return 'nullable and deferrable';
  if (nullable) return 'nullable';
  if (f.deferrable) return 'deferrable';
  return 'none';
}

const RANK: Record<Cycle['breakable'], number> = { 'nullable and deferrable': 0, nullable: 1, deferrable: 2, none: 3 };
function breakRank(lookup: Lookup, f: ForeignKey): number {
  return RANK[breakable(lookup, f)];
}

/** Tarjan's strongly connected components of more than one table, iteratively; each component in id order. */
export function stronglyConnected(ids: string[], edges: ForeignKey[]): string[][] {
  const out = new Map<string, string[]>();
  for (const f of edges) {
    if (f.table === f.refTable) continue;
    const list = out.get(f.table);
    if (list) list.push(f.refTable);
    else out.set(f.table, [f.refTable]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;

  for (const start of ids) {
    if (index.has(start)) continue;
    const frames: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const targets = out.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1) result.push(component.sort(byCodePoint));
      }
    }
  }
  return result;
}
