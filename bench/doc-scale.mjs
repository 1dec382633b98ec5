#!/usr/bin/env node
// How analysis and rendering scale: a synthetic model of N tables (no database), timed through analyze() and
// renderDocuments(). Prints a table; no assertions. Usage: npm run build && node bench/doc-scale.mjs [1000 5000 10000]
import { performance } from 'node:perf_hooks';
import { analyze, renderDocuments, MODEL_FORMAT } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (sizes.length === 0) sizes.push(1000, 5000, 10000);

/** A deterministic pseudo-random generator (mulberry32), so every run builds the same schema. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['order', 'lead', 'user', 'invoice', 'product', 'campaign', 'ticket', 'event', 'account', 'report'];

function syntheticModel(n) {
  const rnd = random(n);
  const tables = [];
  const constraints = [];
  const foreignKeys = [];
  const indexes = [];
  const policies = [];
  for (let i = 0; i < n; i++) {
    const schema = `s${i % 4}`;
    const name = `${PREFIXES[i % PREFIXES.length]}_t${i}`;
    const id = `${schema}.${name}`;
    const columns = ['id', 'tenant_id', 'parent_id', 'ref_a', 'ref_b', 'status', 'name', 'created_at', 'updated_at', 'amount', 'note', 'flag', 'data']
      .map((c, p) => ({ id: `${id}.${c}`, name: c, position: p + 1, type: c.endsWith('_at') ? 'timestamp with time zone' : c === 'status' ? 'text' : 'uuid',
        typeId: null, nullable: c !== 'id', default: c === 'status' ? "'new'::text" : null, identity: null, generated: null, collation: null, comment: null }));
    tables.push({ id, schema, name, kind: 'table', unlogged: false, partitionOf: null, partitionBound: null, partitionKey: null, inherits: [],
      rls: { enabled: i % 3 === 0, forced: false }, owner: 'app', comment: `Table ${i}.`, estimatedRows: null, origin: 'user', columns });
    constraints.push({ id: `${id}.${name}_pkey`, table: id, name: `${name}_pkey`, type: 'primary key', columns: ['id'], definition: 'PRIMARY KEY (id)',
      deferrable: false, initiallyDeferred: false, validated: true, index: `${schema}.${name}_pkey`, comment: null });
    constraints.push({ id: `${id}.${name}_status_check`, table: id, name: `${name}_status_check`, type: 'check', columns: ['status'],
      definition: "CHECK ((status = ANY (ARRAY['new'::text, 'active'::text, 'done'::text])))", deferrable: false, initiallyDeferred: false, validated: true, index: null, comment: null });
    indexes.push({ id: `${schema}.${name}_pkey`, table: id, name: `${name}_pkey`, unique: true, primary: true, constraint: `${id}.${name}_pkey`, method: 'btree',
      keys: [{ column: 'id', expression: null, descending: false, nullsFirst: false, opclass: null, collation: null }], include: [], predicate: null, valid: true,
      nullsNotDistinct: false, definition: `CREATE UNIQUE INDEX ${name}_pkey ON ${id} USING btree (id)`, comment: null });
    const fk = (col, target) => {
      const fname = `${name}_${col}_fkey`;
      foreignKeys.push({ id: `${id}.${fname}`, table: id, name: fname, columns: [col], refTable: target, refColumns: ['id'], onDelete: rnd() < 0.3 ? 'cascade' : 'no action',
        onUpdate: 'no action', match: 'simple', deferrable: false, initiallyDeferred: false, validated: true, definition: `FOREIGN KEY (${col}) REFERENCES ${target}(id)` });
      constraints.push({ id: `${id}.${fname}`, table: id, name: fname, type: 'foreign key', columns: [col], definition: `FOREIGN KEY (${col}) REFERENCES ${target}(id)`,
        deferrable: false, initiallyDeferred: false, validated: true, index: null, comment: null });
    };
    if (i > 0) fk('tenant_id', tables[0].id);
    if (i > 1) fk('ref_a', tables[Math.floor(rnd() * i)].id);
    if (i > 2 && rnd() < 0.6) fk('ref_b', tables[Math.floor(rnd() * i)].id);
    if (rnd() < 0.1) fk('parent_id', id);
    if (i % 3 === 0) {
      policies.push({ id: `${id}.tenant`, table: id, name: 'tenant', permissive: true, command: 'all', roles: ['public'],
        using: "tenant_id = (current_setting('app.tenant'::text))::uuid", withCheck: null, comment: null });
    }
  }
  const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    format: MODEL_FORMAT, source: { kind: 'migrations', location: 'synthetic' }, engine: { kind: 'pglite', serverVersion: '18', serverVersionNum: 180000 },
    settings: { pgrstDbSchemas: null }, schemas: [0, 1, 2, 3].map((k) => ({ id: `s${k}`, name: `s${k}`, owner: 'app', comment: null, origin: 'user' })),
    extensions: [], tables: tables.sort(byId), constraints: constraints.sort(byId), foreignKeys: foreignKeys.sort(byId), indexes: indexes.sort(byId),
    views: [], functions: [], triggers: [], policies: policies.sort(byId), enums: [], domains: [], compositeTypes: [], sequences: [], grants: [], roles: [], publications: [],
  };
}

console.log(`analyze() and renderDocuments() on a synthetic model (13 columns, ~2.5 FKs per table), ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| tables | FKs | analyze (s) | render (s) | files | output (MB) | heap used (MB) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const model = syntheticModel(n);
  let t = performance.now();
  const analysis = await analyze(model);
  const analyzeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const files = await renderDocuments(model, analysis);
  const renderSeconds = (performance.now() - t) / 1000;
  let bytes = 0;
  for (const content of files.values()) bytes += Buffer.byteLength(content);
  const heap = process.memoryUsage().heapUsed / 1024 / 1024;
  console.log(`| ${n} | ${model.foreignKeys.length} | ${analyzeSeconds.toFixed(2)} | ${renderSeconds.toFixed(2)} | ${files.size} | ${(bytes / 1024 / 1024).toFixed(1)} | ${heap.toFixed(0)} |`);
}
