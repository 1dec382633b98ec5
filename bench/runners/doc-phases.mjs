#!/usr/bin/env node
// `schemaproof doc SOURCE -o DIR`, step by step, with the time and memory of each step: read (introspect or apply),
// analyze, lint (as doc runs it, for audit.md and README.md), render and write (one step: each file is written as
// it is rendered). The same library calls the command makes
// (src/cli/commands.ts `doc` and `readAndAnalyze`) with no config file and no proofs; migrations a tool would not apply are
// not looked for. Prints one JSON line. Usage: node doc-phases.mjs SOURCE DIR
import { performance } from 'node:perf_hooks';
import { analyze, loadSchema } from '../../dist/index.js';
import { analysisOptions } from '../../dist/cli/config.js';
import { replaceFolder } from '../../dist/cli/write-folder.js';
import { renderErdSvgFiles } from '../../dist/diagram/index.js';
import { lint } from '../../dist/lint/engine.js';
import { renderDocumentsTo } from '../../dist/render/index.js';
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
// As the CLI: the diagrams go to the layout workers now and are laid out while the lint rules and the Markdown run.
const svgs = renderErdSvgFiles(model, analysis);
const locations = await locateSource([source], { model });
const result = lint(model, analysis, { locations });
mark('lint', { findings: result.findings.length });
let files = 0;
let bytes = 0;
/** schema.json comes in pieces: counted as they are written. */
function* counted(pieces) {
  for (const piece of pieces) {
    bytes += Buffer.byteLength(piece);
    yield piece;
  }
}
await replaceFolder(dir, async (put) => {
  await renderDocumentsTo(
    (path, content) => {
      files++;
      if (typeof content === 'string') bytes += Buffer.byteLength(content);
      return put(path, typeof content === 'string' ? content : counted(content));
    },
    model,
    analysis,
    { lint: { result, off: new Set() }, svgs },
  );
});
mark('render and write', { files, outputMb: Math.round(bytes / 2 ** 20) });
process.stdout.write(`${JSON.stringify(steps)}\n`);
