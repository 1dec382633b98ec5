/**
 * The order the squash script creates its objects in: a topological order of what each object's statement refers
 * to, and, among the objects that are free to go, the readable order of sections — types, sequences, functions,
 * tables, views — then by id.
 *
 * An object that must wait for one of a later section (a function whose signature or SQL-standard body uses a
 * table, a domain whose CHECK calls a function) is "lifted" into that section and goes right after the objects it
 * waits for, so that the sections stay in their readable order and only the objects that must move do.
 *
 * A dependency cycle cannot be ordered; its objects are put last, in section order, and reported (the script is
 * then not guaranteed to apply, and the round trip says so).
 */

export interface OrderNode {
  key: string;
  /** The section: 0 types, 1 sequences, 2 functions, 3 tables, 4 views. */
  rank: number;
  id: string;
  /** Keys of the nodes this one must come after (unknown keys are ignored). */
  deps: Set<string>;
}

export interface Ordered<N extends OrderNode> {
  order: N[];
  /** Keys of the nodes that had to move into a later section. */
  lifted: Set<string>;
  /** Keys of the nodes left in a cycle (put at the end of `order`). */
  cyclic: Set<string>;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function dependencyOrder<N extends OrderNode>(nodes: N[]): Ordered<N> {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const deps = new Map(nodes.map((n) => [n.key, [...n.deps].filter((d) => d !== n.key && byKey.has(d))]));

  // The section an object ends up in: the latest among its own and those of everything it needs.
  const section = new Map<string, number>();
  const visiting = new Set<string>();
  const sectionOf = (key: string): number => {
    const known = section.get(key);
    if (known !== undefined) return known;
    const node = byKey.get(key)!;
    if (visiting.has(key)) return node.rank;
    visiting.add(key);
    let s = node.rank;
    for (const d of deps.get(key)!) s = Math.max(s, sectionOf(d));
    visiting.delete(key);
    section.set(key, s);
    return s;
  };
  for (const n of nodes) sectionOf(n.key);
  const lifted = new Set(nodes.filter((n) => section.get(n.key)! > n.rank).map((n) => n.key));

  const priority = (a: N, b: N): number =>
    section.get(a.key)! - section.get(b.key)! ||
    Number(lifted.has(a.key)) - Number(lifted.has(b.key)) ||
    a.rank - b.rank ||
    byCodePoint(a.id, b.id) ||
    byCodePoint(a.key, b.key);

  const waiting = new Map(nodes.map((n) => [n.key, deps.get(n.key)!.length]));
  const dependents = new Map<string, string[]>();
  for (const [key, ds] of deps) for (const d of ds) dependents.set(d, [...(dependents.get(d) ?? []), key]);

  const ready = new Heap<N>(priority);
  for (const n of nodes) if (waiting.get(n.key) === 0) ready.push(n);
  const order: N[] = [];
  while (ready.size > 0) {
    const n = ready.pop()!;
    order.push(n);
    for (const k of dependents.get(n.key) ?? []) {
      const left = waiting.get(k)! - 1;
      waiting.set(k, left);
      if (left === 0) ready.push(byKey.get(k)!);
    }
  }
  const placed = new Set(order.map((n) => n.key));
  const rest = nodes.filter((n) => !placed.has(n.key)).sort(priority);
  return { order: [...order, ...rest], lifted, cyclic: new Set(rest.map((n) => n.key)) };
}

/** A binary min-heap. */
class Heap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
