import { describe, expect, it } from 'vitest';
import { inPositionOrder, sortedBy } from '../../src/render/sort.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('sortedBy', () => {
  // Items with few distinct keys, so that ties (which must keep the given order) are common.
  const items = Array.from({ length: 500 }, (_, i) => ({ i, a: 'xyzé😀'[(i * 7) % 5]!, b: String((i * 13) % 4) }));

  it('gives the order of the comparator that computes the keys in every comparison, ties in the given order', () => {
    const expected = [...items].sort((x, y) => cmp(x.a, y.a) || cmp(x.b, y.b));
    expect(sortedBy(items, (x) => x.a, (x) => x.b)).toEqual(expected);
    expect(sortedBy(new Set(items), (x) => x.b)).toEqual([...items].sort((x, y) => cmp(x.b, y.b)));
  });

  it('returns a new array and leaves the input alone', () => {
    const input = [items[2]!, items[1]!];
    const out = sortedBy(input, (x) => String(x.i));
    expect(out.map((x) => x.i)).toEqual([1, 2]);
    expect(input.map((x) => x.i)).toEqual([2, 1]);
    const one = [items[0]!];
    expect(sortedBy(one, (x) => x.a)).not.toBe(one);
  });
});

describe('inPositionOrder', () => {
  it('is the array itself when in position order, else a sorted copy', () => {
    const ordered = [{ position: 1 }, { position: 2 }, { position: 5 }];
    expect(inPositionOrder(ordered)).toBe(ordered);
    const shuffled = [{ position: 3 }, { position: 1 }, { position: 2 }];
    expect(inPositionOrder(shuffled).map((c) => c.position)).toEqual([1, 2, 3]);
    expect(shuffled.map((c) => c.position)).toEqual([3, 1, 2]);
  });
});
