#!/usr/bin/env node
// The embedded path, split into its steps: the same calls `schemaproof inspect <files>` makes (resolveSource →
// openSandbox: parse, start PGlite, apply, introspect), timed from the progress events, then — on the same PGlite,
// after the CLI's work is done — the raw catalog floor on PGlite and introspect() again, to compare the two.
// Prints one JSON line of seconds. Usage: node embedded.mjs <migrations folder or .sql file>
import { performance } from 'node:perf_hooks';
import { openSandbox, resolveSource } from '../../dist/source/load.js';
import { introspect, modelToJson, PgliteEngine } from '../../dist/index.js';
import { recordIntrospection, replay } from '../catalog-floor.mjs';

const source = process.argv[2];
const s = (ms) => Number((ms / 1000).toFixed(3));
const marks = { start: performance.now() };
const resolved = await resolveSource([source], {});
const sandbox = await openSandbox(resolved, {
  onWarning: () => undefined,
  onProgress: (e) => {
    if (!(e.phase in marks)) marks[e.phase] = performance.now();
  },
});
marks.opened = performance.now();
modelToJson(sandbox.model);
marks.cliDone = performance.now();

// The floor on PGlite: the statements introspect() sends (recorded), replayed with their rows dropped.
const { statements } = await recordIntrospection(sandbox.engine, sandbox.model.source);
const floorRuns = [];
const introspectRuns = [];
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  await replay(sandbox.engine, statements);
  floorRuns.push(performance.now() - t);
  t = performance.now();
  await introspect(sandbox.engine, { source: sandbox.model.source });
  introspectRuns.push(performance.now() - t);
}
await sandbox.close();
let t = performance.now();
const fresh = await PgliteEngine.open();
const engineStart = performance.now() - t;
await fresh.close();

const med = (xs) => [...xs].sort((a, b) => a - b)[1];
process.stdout.write(`${JSON.stringify({
  tables: sandbox.model.tables.length,
  // process start → the source resolved and every statement parsed (libpg-query)
  parse: s(marks.engine - 0),
  // PGlite started and every statement applied (the start alone is `engineStart`, measured again below)
  apply: s(marks.introspect - marks.engine),
  introspect: s(marks.opened - marks.introspect),
  json: s(marks.cliDone - marks.opened),
  total: s(marks.cliDone),
  engineStart: s(engineStart),
  pgliteFloor: s(med(floorRuns)),
  pgliteIntrospect: s(med(introspectRuns)),
})}\n`);
