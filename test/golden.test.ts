/**
 * The examples' documents (examples/<name>/docs/) are reviewed output: regenerating them must give the same files,
 * byte for byte. After an intended change, `npm run golden` rewrites them; review that diff like code.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, root } from './helpers/cli.js';

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'schemaproof-golden-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe.each(EXAMPLES)('examples/%s/docs', (name) => {
  it('is what `schemaproof doc` writes today', async () => {
    const out = join(tmp, name);
    const { code, stderr } = await cli('doc', `examples/${name}`, '-o', out, '--verify', '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const golden = join(root, 'examples', name, 'docs');
    const files = await listFiles(out);
    expect(files).toEqual(await listFiles(golden));
    for (const file of files) {
      const [actual, expected] = await Promise.all([readFile(join(out, file), 'utf8'), readFile(join(golden, file), 'utf8')]);
      expect(actual, `${name}/docs/${file} differs: run \`npm run golden\` and review the diff`).toBe(expected);
    }
  });
});
