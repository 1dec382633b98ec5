#!/usr/bin/env node
// Where a schemaproof command spends its time: runs `schemaproof ARGS…` under `node --cpu-prof` and prints the
// functions with the most self time and the most inclusive time (ms; "(idle)" is waiting, e.g. for the server).
// Usage (after npm run build): node bench/profile.mjs [--top 30] -- doc postgres://… -o /tmp/out
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? [] : argv.slice(0, dash);
const args = dash < 0 ? argv : argv.slice(dash + 1);
const top = Number(own[own.indexOf('--top') + 1] ?? 30) || 30;
const dir = mkdtempSync(join(tmpdir(), 'sp-profile-'));
const bin = join(import.meta.dirname, '..', 'bin', 'schemaproof.js');
const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, bin, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) process.stderr.write(`schemaproof exited with ${run.status}\n`);

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
rmSync(dir, { recursive: true, force: true });

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => {
  const url = n.callFrame.url.replace(/^.*?\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '');
  return `${n.callFrame.functionName || '(anonymous)'}${url ? ` ${url}:${n.callFrame.lineNumber + 1}` : ''}`;
};
const selfTime = new Map();
const inclusive = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  total += dt;
  const k = name(nodes.get(id));
  selfTime.set(k, (selfTime.get(k) ?? 0) + dt);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const key = name(nodes.get(cur));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  }
});
const print = (title, map) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${ms.toFixed(0).padStart(8)}  ${k}\n`);
};
process.stdout.write(`profiled ${(total / 1000).toFixed(2)} s of schemaproof ${args.join(' ')}\n`);
print('self time (ms)', selfTime);
print('inclusive time (ms)', inclusive);
