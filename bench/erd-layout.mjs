#!/usr/bin/env node
// How long Graphviz (WebAssembly, in the bounded layout worker) takes to lay out ER diagrams of synthetic schemas.
// For each size N: one diagram of all N tables (the cap lifted, as `schemaproof erd --max-tables N` would draw it),
// timed through the same DOT, worker and fallback the CLI uses; then, for the largest N, every diagram the default
// plan draws (overview + domain diagrams, at most 60 tables each), and a sample of per-table neighbourhood diagrams.
// Prints Markdown tables; no assertions.
//
// Usage: npm run build && node bench/erd-layout.mjs [--timeout SECONDS] [60 300 1000]
import { performance } from 'node:perf_hooks';
import { analyze, MODEL_FORMAT } from '../dist/index.js';
import { createLayouter, diagramContext, diagramDot, layoutSvg, neighbourhoodDiagram, planDiagrams, wholeSchemaDiagram } from '../dist/diagram/index.js';

const args = process.argv.slice(2);
const t = args.indexOf('--timeout');
const timeoutMs = t >= 0 ? Number(args.splice(t, 2)[1]) * 1000 : 120_000;
const sizes = args.map(Number).filter(Boolean);
if (sizes.length === 0) sizes.push(60, 300, 1000);

/** A deterministic pseudo-random generator (mulberry32), so every run builds the same schema. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['order', 'lead', 'user', 'invoice', 'product', 'campaign', 'ticket', 'event', 'account', 'report'];
const COLUMNS = ['id', 'tenant_id', 'parent_id', 'ref_a', 'ref_b', 'status', 'name', 'created_at', 'amount', 'note'];

/**
 * N tables in one schema: every table but the first references the first (a tenant hub), most reference one or two
 * earlier tables of the same prefix or any prefix, some reference themselves — FK graphs like real ones.
 */
function syntheticModel(n) {
  const rnd = random(n);
  const tables = [];
  const constraints = [];
  const foreignKeys = [];
  const indexes = [];
  for (let i = 0; i < n; i++) {
    const name = `${PREFIXES[i % PREFIXES.length]}_t${i}`;
    const id = `public.${name}`;
    const columns = COLUMNS.map((c, p) => ({
      id: `${id}.${c}`, name: c, position: p + 1, type: c.endsWith('_at') ? 'timestamp with time zone' : c === 'name' || c === 'note' || c === 'status' ? 'text' : 'uuid',
      typeId: null, nullable: c !== 'id', default: null, identity: null, generated: null, collation: null, comment: null,
    }));
    tables.push({ id, schema: 'public', name, kind: 'table', unlogged: false, partitionOf: null, partitionBound: null, partitionKey: null, inherits: [],
      rls: { enabled: false, forced: false }, owner: 'app', comment: null, estimatedRows: null, origin: 'user', columns });
    constraints.push({ id: `${id}.${name}_pkey`, table: id, name: `${name}_pkey`, type: 'primary key', columns: ['id'], definition: 'PRIMARY KEY (id)',
      deferrable: false, initiallyDeferred: false, validated: true, index: `public.${name}_pkey`, comment: null });
    indexes.push({ id: `public.${name}_pkey`, table: id, name: `${name}_pkey`, unique: true, primary: true, constraint: `${id}.${name}_pkey`, method: 'btree',
      keys: [{ column: 'id', expression: null, descending: false, nullsFirst: false, opclass: null, collation: null }], include: [], predicate: null, valid: true,
      nullsNotDistinct: false, definition: `CREATE UNIQUE INDEX ${name}_pkey ON ${id} USING btree (id)`, comment: null });
    const fk = (col, target) => {
      const fname = `${name}_${col}_fkey`;
      const definition = `FOREIGN KEY (${col}) REFERENCES ${target}(id)`;
      foreignKeys.push({ id: `${id}.${fname}`, table: id, name: fname, columns: [col], refTable: target, refColumns: ['id'], onDelete: 'no action',
        onUpdate: 'no action', match: 'simple', deferrable: false, initiallyDeferred: false, validated: true, definition });
      constraints.push({ id: `${id}.${fname}`, table: id, name: fname, type: 'foreign key', columns: [col], definition,
        deferrable: false, initiallyDeferred: false, validated: true, index: null, comment: null });
    };
    if (i > 0) fk('tenant_id', tables[0].id);
    if (i > 1) {
      const same = i - PREFIXES.length * (1 + Math.floor(rnd() * 3));
      fk('ref_a', tables[same > 0 ? same : Math.floor(rnd() * i)].id);
    }
    if (i > 2 && rnd() < 0.4) fk('ref_b', tables[Math.floor(rnd() * i)].id);
    if (rnd() < 0.1) fk('parent_id', id);
  }
  const byId = (xs) => xs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    format: MODEL_FORMAT, source: { kind: 'snapshot', location: `synthetic-${n}` }, engine: { kind: 'pglite', serverVersion: '18.0', serverVersionNum: 180000 },
    settings: { pgrstDbSchemas: null }, schemas: [{ id: 'public', name: 'public', owner: 'app', comment: null, origin: 'user' }], extensions: [],
    tables: byId(tables), constraints: byId(constraints), foreignKeys: byId(foreignKeys), indexes: byId(indexes), views: [], functions: [], triggers: [],
    policies: [], enums: [], domains: [], compositeTypes: [], sequences: [], grants: [], roles: [], publications: [],
  };
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const layouter = createLayouter();
// Load the WebAssembly module once, outside the timings.
await layouter.layout('digraph { a }');

console.log(`Whole-schema diagrams (cap lifted), time limit ${timeoutMs / 1000} s per attempt:\n`);
console.log('| tables | edges | DOT | layout | mode | SVG |');
console.log('|---:|---:|---:|---:|---|---:|');
let largest;
for (const n of sizes) {
  const model = syntheticModel(n);
  const analysis = await analyze(model, { tenant: null });
  const ctx = diagramContext(model, analysis);
  largest = { n, ctx };
  const dot = diagramDot(ctx, wholeSchemaDiagram(ctx, Infinity));
  try {
    const { svg, ms, mode } = await layoutSvg(layouter, dot.dot, `${n} tables`, timeoutMs);
    console.log(`| ${n} | ${dot.size.edges} | ${(dot.dot.length / 1024).toFixed(0)} KiB | ${fmt(ms)} | ${mode} | ${(svg.length / 1024).toFixed(0)} KiB |`);
  } catch (error) {
    console.log(`| ${n} | ${dot.size.edges} | ${(dot.dot.length / 1024).toFixed(0)} KiB | > ${fmt(2 * timeoutMs)} | ${error.name} | – |`);
  }
}

if (largest && largest.n > 60) {
  const { n, ctx } = largest;
  const plan = planDiagrams(ctx);
  const times = [];
  const started = performance.now();
  let biggest = 0;
  for (const d of plan) {
    const dot = diagramDot(ctx, d);
    biggest = Math.max(biggest, dot.size.tables + dot.size.context);
    const { ms } = await layoutSvg(layouter, dot.dot, d.key, timeoutMs);
    times.push(ms);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  console.log(`\nDefault plan for ${n} tables (overview + domain diagrams, cap 60):\n`);
  console.log('| diagrams | most tables in one | median layout | slowest | total |');
  console.log('|---:|---:|---:|---:|---:|');
  console.log(`| ${plan.length} | ${biggest} | ${fmt(times[Math.floor(times.length / 2)])} | ${fmt(times.at(-1))} | ${fmt(total)} |`);

  // Neighbourhood diagrams (depth 1), as a site with one per table would draw them: a sample of 100 tables.
  const sample = [...ctx.analysis.tables].sort().filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 100)) === 0).slice(0, 100);
  const hood = [];
  for (const id of sample) {
    const dot = diagramDot(ctx, neighbourhoodDiagram(ctx, id, 1));
    hood.push((await layoutSvg(layouter, dot.dot, id, timeoutMs)).ms);
  }
  hood.sort((a, b) => a - b);
  const mean = hood.reduce((a, b) => a + b, 0) / hood.length;
  console.log(`\nNeighbourhood diagrams (depth 1) of ${hood.length} of the ${n} tables, one worker:\n`);
  console.log('| median | slowest | all tables at that mean |');
  console.log('|---:|---:|---:|');
  console.log(`| ${fmt(hood[Math.floor(hood.length / 2)])} | ${fmt(hood.at(-1))} | ${fmt(mean * n)} |`);
}
await layouter.close();
