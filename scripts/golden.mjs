#!/usr/bin/env node
// Regenerates the reviewed documents of every example (examples/<name>/docs/) on purpose: `npm run golden`.
// Review the diff before committing it: these files are what test/golden.test.ts holds the tool to.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';

const root = new URL('../examples/', import.meta.url).pathname;
const only = process.argv.slice(2);
let failed = 0;
for (const name of readdirSync(root).sort()) {
  if (!statSync(join(root, name)).isDirectory() || (only.length && !only.includes(name))) continue;
  const code = await main(['doc', join('examples', name), '-o', join('examples', name, 'docs'), '--verify', '--quiet']);
  if (code !== 0) failed++;
}
process.exit(failed ? 1 : 0);
