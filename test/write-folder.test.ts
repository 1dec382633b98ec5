import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKER, replaceFolder, writeFolderAtomically } from '../src/cli/write-folder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sp-write-folder-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('replaceFolder', () => {
  it('writes the files as they come, folders included, and swaps the folder in', async () => {
    const target = join(dir, 'docs');
    await writeFolderAtomically(target, new Map([['old.md', 'old']]));
    const count = await replaceFolder(target, async (put) => {
      await put('README.md', '# new\n');
      await put('tables/a.md', 'a');
      await put('erd/tables/b.svg', new TextEncoder().encode('<svg/>'));
      await put('schema.json', ['{\n', '  "a": "é"', '\n}\n']);
    });
    expect(count).toBe(4);
    expect(await readFile(join(target, 'schema.json'), 'utf8')).toBe('{\n  "a": "é"\n}\n');
    expect((await readdir(target, { recursive: true })).sort()).toEqual([MARKER, 'README.md', 'erd', 'erd/tables', 'erd/tables/b.svg', 'schema.json', 'tables', 'tables/a.md']);
    expect(await readFile(join(target, 'erd/tables/b.svg'), 'utf8')).toBe('<svg/>');
    expect(await readdir(dir)).toEqual(['docs']);
  });

  it('passes a rendering error through as it is, leaving the old folder and no staging folder', async () => {
    const target = join(dir, 'docs');
    await writeFolderAtomically(target, new Map([['old.md', 'old']]));
    const boom = new TypeError('render failed');
    await expect(
      replaceFolder(target, async (put) => {
        await put('README.md', 'half');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await readFile(join(target, 'old.md'), 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['docs']);
  });

  it('refuses a folder it did not write before rendering anything', async () => {
    const target = join(dir, 'handwritten');
    await mkdir(target);
    await writeFile(join(target, 'notes.md'), 'mine');
    let called = false;
    await expect(replaceFolder(target, async () => void (called = true))).rejects.toThrow(/not written by schemaproof/);
    expect(called).toBe(false);
    expect(await readdir(target)).toEqual(['notes.md']);
  });

  it('refuses the same file twice', async () => {
    await expect(
      replaceFolder(join(dir, 'docs'), async (put) => {
        await put('a.md', '1');
        await put('a.md', '2');
      }),
    ).rejects.toThrow('a.md is written twice');
    expect(await readdir(dir)).toEqual([]);
  });
});
