import { describe, expect, it } from 'vitest';
import { block, code, table, text } from '../../src/render/markdown.js';

// The escapers are written for speed (one pass, fast paths); these are their definitions, rule by rule, as they
// were first written. Every document must come out byte for byte the same, so the two must agree on any input.
const reference = {
  text: (value: string): string =>
    value
      .replace(/\r?\n/g, ' ')
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/([\\`*[\]|~])/g, '\\$1')
      .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
      .replace(/^([#>])/, '\\$1'),
  code: (value: string): string => {
    const oneLine = value.replace(/\r?\n\s*/g, ' ');
    const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || /^\s|\s$/.test(oneLine) ? ' ' : '';
    return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
  },
  block: (content: string, language = ''): string => {
    const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
  },
  table: (header: string[], rows: string[][]): string => {
    const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? '-' : c)).join(' | ')} |`;
    return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
  },
};

// Every character a rule looks at, word characters around them, other whitespace and a surrogate pair.
const ALPHABET = [...'aZ9_&#;<>\\`*[]|~\r\n \t#>x_', '\u00a0', '\u2028', 'é', '😀'];

/** A deterministic pseudo-random generator (the same strings on every run). */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function samples(count: number, maxLength: number): string[] {
  const random = generator(42);
  const out = ['', ' ', '_', '#', '>', '&a;', '&#12;', 'a_b', '_a_', '\r\n_x', '``', 'a`b``c', '\n\n'];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(random() * maxLength);
    let s = '';
    for (let j = 0; j < length; j++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
    out.push(s);
  }
  return out;
}

describe('markdown escapers', () => {
  const inputs = samples(20_000, 14);

  it('text() escapes exactly as its rules applied one by one', () => {
    for (const s of inputs) expect(text(s), JSON.stringify(s)).toBe(reference.text(s));
  });

  it('code() writes exactly the span of its definition', () => {
    for (const s of inputs) expect(code(s), JSON.stringify(s)).toBe(reference.code(s));
  });

  it('block() writes exactly the block of its definition', () => {
    for (const s of inputs) expect(block(s, 'sql'), JSON.stringify(s)).toBe(reference.block(s, 'sql'));
  });

  it('table() writes exactly the table of its definition, empty cells and headers included', () => {
    const cells = inputs.slice(0, 60);
    const cases: [string[], string[][]][] = [
      [[], []],
      [[], [[]]],
      [['a'], []],
      [['a', ''], [['', ''], ['x', 'y'], []]],
      [cells.slice(0, 3), [cells.slice(3, 6), cells.slice(6, 9)]],
    ];
    for (const [header, rows] of cases) expect(table(header, rows)).toBe(reference.table(header, rows));
  });
});
