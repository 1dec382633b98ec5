/**
 * `schemaproof squash` as a user runs it (the built CLI): the script to a file or stdout, the round trip's verdict
 * on stderr, exit 0 / 1 / 2, and the file written atomically (nothing left beside it).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'schemaproof-squash-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('schemaproof squash', () => {
  it('writes the script with -o and says the round trip is identical (exit 0)', async () => {
    const out = join(dir, 'master.sql');
    const { code, stdout, stderr } = await cli('squash', 'examples/tentabo-prm', '-o', out, '--quiet');
    expect(stderr).toMatch(/^round-trip: identical \(\d+ objects\)\n$/);
    expect(code).toBe(0);
    const sql = await readFile(out, 'utf8');
    expect(stdout).toBe(`wrote ${out}: ${sql.split('\n').length - 1} lines\n`);
    expect(sql.startsWith('-- The schema of examples/tentabo-prm, as one script (schemaproof squash).\n')).toBe(true);
    expect(await readdir(dir)).toEqual(['master.sql']);
  });

  it('prints the script on stdout without -o', async () => {
    const file = join(dir, 'one.sql');
    await writeFile(file, 'CREATE TABLE t (id int PRIMARY KEY);\n');
    const { code, stdout, stderr } = await cli('squash', file);
    expect(code).toBe(0);
    // Schema public and its USAGE grant, the table, its column, its primary key and the key's index.
    expect(stderr).toBe('round-trip: identical (6 objects)\n');
    expect(stdout).toContain('CREATE TABLE t (\n  id integer PRIMARY KEY\n);\n');
  });

  it('exits 1 when the rebuilt schema differs, lists what differs, and still writes the script', async () => {
    const file = join(dir, 'aggregate.sql');
    await writeFile(file, 'CREATE FUNCTION add_int(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a + b;\nCREATE AGGREGATE total(int) (SFUNC = add_int, STYPE = int);\n');
    const out = join(dir, 'not-identical.sql');
    const { code, stderr } = await cli('squash', file, '-o', out);
    expect(code).toBe(1);
    expect(stderr).toBe(
      // Schema public and its USAGE grant, the two functions.
      'round-trip: NOT identical: 1 of 4 objects differ\n' +
        '  function public.total(integer): missing from the rebuilt schema\n' +
        `the script was written anyway (${out}); do not use it in place of the migrations until it round-trips\n`,
    );
    expect(await readFile(out, 'utf8')).toContain('-- AGGREGATE total(integer): not written');
  });

  it('exits 2 on bad input and writes nothing', async () => {
    const out = join(dir, 'never.sql');
    const missing = await cli('squash', join(dir, 'no-such-folder'), '-o', out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^schemaproof: no such file or folder: /);
    const broken = join(dir, 'broken.sql');
    await writeFile(broken, 'CREATE TABLE t (id int REFERENCES nowhere (id));\n');
    const failing = await cli('squash', broken, '-o', out);
    expect(failing.code).toBe(2);
    expect(failing.stderr).toContain('relation "nowhere" does not exist');
    const folder = await cli('squash', 'examples/tentabo-prm', '-o', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder');
    expect((await readdir(dir)).includes('never.sql')).toBe(false);
  });
});
