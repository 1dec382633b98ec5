/** The Markdown reader: mojibake repair, blocks with their lines and heading context. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markOf, readMarkdown, repairMojibake, stripMarks } from '../../src/check-docs/read.js';
import { root } from '../helpers/cli.js';

const seed002 = join(root, '..', 'shared', 'seeds', '002_17743480c4120721.txt');
if (!existsSync(seed002)) console.warn(`\n  NOTICE: ${seed002} is absent; the test on the real seed 002 is SKIPPED.\n`);

describe('repairMojibake', () => {
  it('turns UTF-8 read as Windows-1252 back into the characters it was', () => {
    expect(repairMojibake('### âœ… Recipients Table')).toBe('### ✅ Recipients Table');
    expect(repairMojibake('### ðŸŸ¢ Strengths')).toBe('### 🟢 Strengths');
    expect(repairMojibake('### ðŸŸ¡ Minor Optimizations')).toBe('### 🟡 Minor Optimizations');
    expect(repairMojibake('claimable â†’ claimed')).toBe('claimable → claimed');
    expect(repairMojibake('Zã¼rich')).toBe('Zã¼rich');
    expect(repairMojibake('ZÃ¼rich cafÃ©')).toBe('Zürich café');
  });

  it('repairs text that was mangled twice', () => {
    const once = Buffer.from('✅', 'utf8').toString('latin1');
    const twice = Buffer.from(once, 'utf8').toString('latin1');
    expect(repairMojibake(twice)).toBe('✅');
  });

  it('leaves text that was never mis-decoded alone', () => {
    for (const ok of ['café naïve Zürich', '✅ done — 5 €', 'Ã alone', 'plain ascii | table', 'â€ cut short']) {
      expect(repairMojibake(ok)).toBe(ok);
    }
  });
});

describe('marks', () => {
  it('reads ✅ ✓ as yes and ❌ ✗ as no, and strips them', () => {
    expect([markOf('- `a` ✅'), markOf('✓ ok'), markOf('❌ gone'), markOf('✗'), markOf('nothing')]).toEqual(['yes', 'yes', 'no', 'no', null]);
    expect(stripMarks('✅ RLS Enabled on All Tables 🟢')).toBe('RLS Enabled on All Tables');
  });
});

describe('readMarkdown', () => {
  const doc = readMarkdown(
    'doc.md',
    [
      '# Schema', //                                 1
      '', //                                         2
      '## Level 3 Tables', //                        3
      '| Table | Purpose |', //                     4
      '|-------|---------|', //                     5
      '| **a** | x → y | z |', //                   6
      '', //                                         7
      '### âœ… Recipients Table', //                8
      '- `phone` TEXT âœ…', //                      9
      '  1. nested', //                             10
      '```sql', //                                  11
      'CREATE INDEX i ON t (a);', //                12
      '```', //                                     13
      'A closing paragraph.', //                    14
    ].join('\n'),
  );

  it('keeps each block at its line, with the headings above it as context', () => {
    expect(doc.blocks.map((b) => [b.kind, b.line])).toEqual([
      ['heading', 1],
      ['heading', 3],
      ['table', 4],
      ['heading', 8],
      ['list-item', 9],
      ['list-item', 10],
      ['code', 11],
      ['paragraph', 14],
    ]);
    const item = doc.blocks[4]!;
    expect(item.kind === 'list-item' && [item.text, item.context]).toEqual(['`phone` TEXT ✅', ['Schema', 'Level 3 Tables', 'Recipients Table']]);
    const nested = doc.blocks[5]!;
    expect(nested.kind === 'list-item' && [nested.depth, nested.ordered]).toEqual([1, true]);
  });

  it('joins a cell split by an unescaped pipe back into the last column', () => {
    const t = doc.blocks[2]!;
    expect(t.kind === 'table' && [t.header, t.rows]).toEqual([['Table', 'Purpose'], [{ line: 6, cells: ['**a**', 'x → y | z'], raw: '| **a** | x → y | z |' }]]);
  });

  it('reads a fenced block with its language and the lines inside', () => {
    const c = doc.blocks[6]!;
    expect(c.kind === 'code' && [c.lang, c.lines]).toEqual(['sql', [{ line: 12, text: 'CREATE INDEX i ON t (a);' }]]);
  });

  it('records which lines were repaired, and keeps the file’s own text', () => {
    expect(doc.repairedLines).toEqual([8, 9]);
    expect([doc.lines[7], doc.rawLines[7]]).toEqual(['### ✅ Recipients Table', '### âœ… Recipients Table']);
  });

  it.skipIf(!existsSync(seed002))('repairs the real seed 002: every âœ… becomes ✅', () => {
    const seed = readMarkdown('002.txt', readFileSync(seed002, 'utf8'));
    expect(seed.lines.some((l) => l.includes('âœ') || l.includes('ðŸ'))).toBe(false);
    expect(seed.lines[6]).toBe('**Status:** ✅ COMPREHENSIVE - All required tables present');
    expect(seed.lines[211]).toBe('### 🟢 Strengths');
    expect(seed.lines.filter((l) => l.includes('✅')).length).toBe(142);
    expect(seed.repairedLines.length).toBe(144);
  });
});
