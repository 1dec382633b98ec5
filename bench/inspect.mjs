#!/usr/bin/env node
// Times `schemaproof inspect` and `schemaproof doc` on each example: whole-process wall time and peak RSS, median of N runs.
// Usage: npm run build && node bench/inspect.mjs [--runs 3] [--engine postgres://…]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, engine: { type: 'string' } } });
const runs = Number(values.runs);
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'schemaproof.js');
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(args) {
  // /usr/bin/time -f reports the peak RSS of the process tree's largest process (Node is one process here).
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, bin, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`schemaproof ${args.join(' ')} failed:\n${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, mb: kb / 1024, stdout: r.stdout };
}

const rows = [];
for (const name of examples) {
  const args = ['inspect', join('examples', name), '--json', '--quiet', ...(values.engine ? ['--engine', values.engine] : [])];
  const samples = Array.from({ length: runs }, () => measure(args));
  const model = JSON.parse(samples[0].stdout);
  const docArgs = ['doc', join('examples', name), '--json', '--quiet', ...(values.engine ? ['--engine', values.engine] : [])];
  const docSamples = Array.from({ length: runs }, () => measure(docArgs));
  rows.push({
    name,
    tables: model.tables.length,
    seconds: median(samples.map((s) => s.seconds)),
    mb: median(samples.map((s) => s.mb)),
    docSeconds: median(docSamples.map((s) => s.seconds)),
    docMb: median(docSamples.map((s) => s.mb)),
  });
}

const engine = values.engine ? 'PostgreSQL server (scratch database)' : 'embedded PGlite';
console.log(`schemaproof inspect --json and doc --json (model + analysis), ${engine}, median of ${runs} runs, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| example | tables | inspect (s) | inspect RSS (MB) | doc (s) | doc RSS (MB) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.tables} | ${r.seconds.toFixed(2)} | ${r.mb.toFixed(0)} | ${r.docSeconds.toFixed(2)} | ${r.docMb.toFixed(0)} |`);
}
