#!/usr/bin/env node
// Regenerates the reviewed ER diagrams of examples/tentabo-prm (test/fixtures/diagram/tentabo-prm/) on purpose,
// through the CLI as a user runs it: `npm run build && node scripts/golden-erd.mjs`. Look at the SVGs (open them in a
// browser) and review the diff before committing: test/diagram/golden.test.ts holds the tool to these files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';

const out = join('test', 'fixtures', 'diagram', 'tentabo-prm');
mkdirSync(out, { recursive: true });
const source = join('examples', 'tentabo-prm');
const runs = [
  ['erd.dot', ['--format', 'dot']],
  ['erd.svg', ['--format', 'svg']],
  ['orders.dot', ['--format', 'dot', '--focus', 'public.orders', '--depth', '1']],
  ['orders.svg', ['--format', 'svg', '--focus', 'public.orders', '--depth', '1']],
  ['overview.svg', ['--format', 'svg', '--max-tables', '10']],
];
let failed = 0;
for (const [file, args] of runs) {
  const code = await main(['erd', source, ...args, '-o', join(out, file), '--quiet']);
  if (code !== 0) failed++;
}
process.exit(failed ? 1 : 0);
