import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 40, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, chunks };
}

describe('progress', () => {
  it('rewrites one line on a terminal and clears it when done', () => {
    const { stream, chunks } = fakeStream(true);
    const p = createProgress(stream);
    p.update({ phase: 'engine', message: 'starting embedded PostgreSQL (PGlite)' });
    p.update({ phase: 'apply', done: 50, total: 50, file: 'a.sql' });
    p.done();
    expect(chunks[0]).toMatch(/^\r\x1b\[2Kstarting embedded/);
    expect(chunks[1]).toBe('\r\x1b[2Kapplying 50/50 statements  a.sql');
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
    expect(chunks.every((c) => c.replace(/^\r\x1b\[2K/, '').length <= 39)).toBe(true);
  });

  it('stays silent when the stream is not a terminal', () => {
    const { stream, chunks } = fakeStream(false);
    const p = createProgress(stream);
    p.update({ phase: 'engine', message: 'x' });
    p.update({ phase: 'apply', done: 1, total: 2, file: 'a.sql' });
    p.done();
    expect(chunks).toEqual([]);
  });
});

describe('progress --verbose', () => {
  it("prints each step's own time when the next one starts, on a terminal or not; details do not start a step", () => {
    const { stream, chunks } = fakeStream(false);
    const p = createProgress(stream, false, true);
    p.update({ phase: 'introspect', message: 'reading the catalog' });
    p.update({ phase: 'render', message: 'rendering the documents', detail: '100/300 files' });
    p.update({ phase: 'render', message: 'rendering the documents', detail: '300/300 files' });
    p.update({ phase: 'apply', done: 1, total: 2, file: 'a.sql' });
    p.update({ phase: 'apply', done: 2, total: 2, file: 'b.sql' });
    p.done();
    p.done();
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatch(/^schemaproof: +\d+\.\d\d s {2}reading the catalog\n$/);
    expect(chunks[1]).toMatch(/^schemaproof: +\d+\.\d\d s {2}rendering the documents\n$/);
    expect(chunks[2]).toMatch(/^schemaproof: +\d+\.\d\d s {2}applying the statements\n$/);
  });

  it('clears the progress line before a timing line on a terminal', () => {
    const { stream, chunks } = fakeStream(true);
    const p = createProgress(stream, true, true);
    p.update({ phase: 'analyze', message: 'analysing 3 tables' });
    p.update({ phase: 'render', message: 'rendering the documents', detail: '1/3 files' });
    p.done();
    expect(chunks).toEqual([
      '\r\x1b[2Kanalysing 3 tables…',
      '\r\x1b[2K',
      expect.stringMatching(/^schemaproof: +\d+\.\d\d s {2}analysing 3 tables\n$/),
      '\r\x1b[2Krendering the documents… 1/3 files',
      '\r\x1b[2K',
      expect.stringMatching(/^schemaproof: +\d+\.\d\d s {2}rendering the documents\n$/),
    ]);
  });
});
