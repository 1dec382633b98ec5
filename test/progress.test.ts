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
