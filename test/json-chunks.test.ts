import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../src/model/json.js';

const whole = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('jsonChunks', () => {
  it('gives JSON.stringify(value, null, 2) byte for byte, in pieces', () => {
    const value = {
      skipped: undefined,
      rows: Array.from({ length: 700 }, (_, i) => (i % 3 ? { x: i, y: [i, { z: 'line\nbreak "q"' }] } : i % 2 ? undefined : [i, []])),
      empty: {},
      none: [],
      text: 'é → ✓',
      own: { toJSON: () => 5 },
      nested: { list: Array.from({ length: 600 }, (_, i) => ({ k: i, fn: () => i })), inner: {}, n: null },
      small: [1, undefined, () => 1, { c: [], d: {} }],
    };
    for (const depth of [0, 1, 2, 3]) expect([...jsonChunks(value, depth)].join('')).toBe(whole(value));
    expect([...jsonChunks([])].join('')).toBe('[]\n');
    expect([...jsonChunks('x')].join('')).toBe('"x"\n');
  });

  it('never makes one piece of a big array', () => {
    const value = { rows: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `row ${i}` })) };
    const pieces = [...jsonChunks(value)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole(value).length / 10);
  });
});
