/** Squashing inline SQL: the SQL written to a temporary file, read and squashed like any source. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSource } from '../../src/source/load.js';
import { squash, type SquashLoadOptions, type SquashResult } from '../../src/squash/index.js';

export const quiet = { onWarning: () => undefined };

export async function squashSql(sql: string, options: SquashLoadOptions = {}): Promise<SquashResult> {
  const dir = await mkdtemp(join(tmpdir(), 'schemaproof-squash-test-'));
  try {
    const file = join(dir, 'schema.sql');
    await writeFile(file, sql);
    return await squash(await resolveSource([file], { cwd: dir }), { ...quiet, cwd: dir, ...options });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asserts a appears before b in the text (both present). */
export function before(text: string, a: string, b: string): boolean {
  const i = text.indexOf(a);
  const j = text.indexOf(b);
  return i >= 0 && j >= 0 && i < j;
}
