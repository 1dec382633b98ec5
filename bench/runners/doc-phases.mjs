#!/usr/bin/env node
// `schemaproof doc SOURCE -o DIR`, step by step, with the time and memory of each step: read (introspect or apply),
// analyze, lint (as doc runs it, for audit.md and README.md), render, write. The same library calls the command makes
// (src/cli/main.ts `doc` and `readAndAnalyze`) with no config file and no proofs; migrations a tool would not apply are
// not looked for. Prints one JSON line. Usage: node doc-phases.mjs SOURCE DIR
import { performance } from 'node:perf_hooks';
import { analyze, loadSchema } from '../../dist/index.js';
import { analysisOptions } from '../../dist/cli/config.js';
import { writeFolderAtomically } from '../../dist/cli/write-folder.js';
import { lint } from '../../dist/lint/engine.js';
import { renderDocuments } from '../../dist/render/index.js';
import { locateSource } from '../../dist/source/locate.js';

const [source, dir] = process.argv.slice(2);
const steps = [];
let last = performance.now();
const mark = (step, extra = {}) => {
  const now = performance.now();
  const { rss, heapUsed } = process.memoryUsage();
  steps.push({
    step,
    seconds: Number(((now - last) / 1000).toFixed(3)),
    rssMb: Math.round(rss / 2 ** 20),
    heapMb: Math.round(heapUsed / 2 ** 20),
    // ru_maxrss so far: the peak of the whole process up to the end of this step
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  });
  last = now;
};
mark('start (modules loaded)');
const model = await loadSchema([source], { onWarning: () => undefined });
mark('read', { tables: model.tables.length });
const analysis = await analyze(model, analysisOptions({}, model, []));
mark('analyze');
const locations = await locateSource([source], { model });
const result = lint(model, analysis, { locations });
mark('lint', { findings: result.findings.length });
const files = await renderDocuments(model, analysis, undefined, { result, off: new Set() });
let bytes = 0;
for (const content of files.values()) bytes += Buffer.byteLength(content);
mark('render', { files: files.size, outputMb: Math.round(bytes / 2 ** 20) });
await writeFolderAtomically(dir, files, dir);
mark('write');
process.stdout.write(`${JSON.stringify(steps)}\n`);
