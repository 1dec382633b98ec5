#!/usr/bin/env node
// How the HTML site scales: renderSite() on in-memory synthetic models (no database) of N tables — generation time
// with and without one neighbourhood diagram per table, files, sizes of the pages a reader loads first — and, when
// /usr/bin/chromium exists, the site written to a temp folder and opened from disk: time to load index.html, to load
// the search index and answer a query, and to open a table page. Prints a Markdown table; no assertions.
//
// Usage: npm run build && node bench/site.mjs [1000 5000] [--no-neighbourhoods]
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { analyze, MODEL_FORMAT } from '../dist/index.js';
import { renderSite, tablePath } from '../dist/site/index.js';

const args = process.argv.slice(2);
const sizes = args.map(Number).filter(Boolean);
if (sizes.length === 0) sizes.push(1000, 5000);
const withNeighbourhoods = !args.includes('--no-neighbourhoods');

/** mulberry32, so every run builds the same schema. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = ['id', 'tenant_id', 'parent_id', 'ref_a', 'ref_b', 'status', 'name', 'created_at', 'updated_at', 'amount', 'note', 'flag', 'data'];
const PREFIXES = ['order', 'lead', 'user', 'invoice', 'product', 'campaign', 'ticket', 'event', 'account', 'report'];

/** N tables of 13 columns in 4 schemas: a PK, an FK to the tenant table, one or two to earlier tables, some self-references, RLS on a third. */
function syntheticModel(n) {
  const rnd = random(n);
  const tables = [], constraints = [], foreignKeys = [], indexes = [], policies = [];
  for (let i = 0; i < n; i++) {
    const schema = `s${i % 4}`;
    const name = `${PREFIXES[i % PREFIXES.length]}_t${i}`;
    const id = `${schema}.${name}`;
    const columns = COLUMNS.map((c, p) => ({
      id: `${id}.${c}`, name: c, position: p + 1, type: c.endsWith('_at') ? 'timestamp with time zone' : c === 'status' || c === 'name' || c === 'note' ? 'text' : 'uuid',
      typeId: null, nullable: c !== 'id', default: c === 'status' ? "'new'::text" : null, identity: null, generated: null, collation: null,
      comment: c === 'note' ? `Free text about ${name}.` : null,
    }));
    tables.push({ id, schema, name, kind: 'table', unlogged: false, partitionOf: null, partitionBound: null, partitionKey: null, inherits: [],
      rls: { enabled: i % 3 === 0, forced: false }, owner: 'app', comment: `Table ${i}.`, estimatedRows: null, origin: 'user', columns });
    constraints.push({ id: `${id}.${name}_pkey`, table: id, name: `${name}_pkey`, type: 'primary key', columns: ['id'], definition: 'PRIMARY KEY (id)',
      deferrable: false, initiallyDeferred: false, validated: true, index: `${schema}.${name}_pkey`, comment: null });
    indexes.push({ id: `${schema}.${name}_pkey`, table: id, name: `${name}_pkey`, unique: true, primary: true, constraint: `${id}.${name}_pkey`, method: 'btree',
      keys: [{ column: 'id', expression: null, descending: false, nullsFirst: false, opclass: null, collation: null }], include: [], predicate: null, valid: true,
      nullsNotDistinct: false, definition: `CREATE UNIQUE INDEX ${name}_pkey ON ${id} USING btree (id)`, comment: null });
    const fk = (col, target) => {
      const fname = `${name}_${col}_fkey`;
      const definition = `FOREIGN KEY (${col}) REFERENCES ${target}(id)`;
      foreignKeys.push({ id: `${id}.${fname}`, table: id, name: fname, columns: [col], refTable: target, refColumns: ['id'], onDelete: rnd() < 0.3 ? 'cascade' : 'no action',
        onUpdate: 'no action', match: 'simple', deferrable: false, initiallyDeferred: false, validated: true, definition });
      constraints.push({ id: `${id}.${fname}`, table: id, name: fname, type: 'foreign key', columns: [col], definition, deferrable: false, initiallyDeferred: false,
        validated: true, index: null, comment: null });
    };
    if (i > 0) fk('tenant_id', tables[0].id);
    if (i > 1) fk('ref_a', tables[Math.max(1, i - 1 - Math.floor(rnd() * 20))].id);
    if (i > 2 && rnd() < 0.6) fk('ref_b', tables[Math.floor(rnd() * i)].id);
    if (rnd() < 0.1) fk('parent_id', id);
    if (i % 3 === 0) policies.push({ id: `${id}.tenant`, table: id, name: 'tenant', permissive: true, command: 'all', roles: ['public'],
      using: "tenant_id = (current_setting('app.tenant'::text))::uuid", withCheck: null, comment: null });
  }
  const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    format: MODEL_FORMAT, source: { kind: 'migrations', location: 'synthetic' }, engine: { kind: 'pglite', serverVersion: '18', serverVersionNum: 180000 },
    settings: { pgrstDbSchemas: null }, schemas: [0, 1, 2, 3].map((k) => ({ id: `s${k}`, name: `s${k}`, owner: 'app', comment: null, origin: 'user' })),
    extensions: [], tables: tables.sort(byId), constraints: constraints.sort(byId), foreignKeys: foreignKeys.sort(byId), indexes: indexes.sort(byId),
    views: [], functions: [], triggers: [], policies: policies.sort(byId), enums: [], domains: [], compositeTypes: [], sequences: [], grants: [], roles: [], publications: [],
  };
}

const kb = (s) => (Buffer.byteLength(s ?? '') / 1024).toFixed(0);
const mb = (n) => (n / 1024 / 1024).toFixed(1);

async function browse(files, someTable, single) {
  if (!existsSync('/usr/bin/chromium')) return null;
  const dir = await mkdtemp(join(tmpdir(), 'schemaproof-site-bench-'));
  try {
    for (const [p, c] of files) {
      await mkdir(dirname(join(dir, p)), { recursive: true });
      await writeFile(join(dir, p), c);
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      let t = performance.now();
      await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
      const load = performance.now() - t;
      t = performance.now();
      await page.focus('#search');
      if (!single) await page.waitForFunction(() => window.SCHEMAPROOF_SEARCH !== undefined);
      const index = performance.now() - t;
      const query = await page.evaluate(async () => {
        const input = document.getElementById('search');
        const t0 = performance.now();
        input.value = 'amount';
        input.dispatchEvent(new Event('input'));
        return [performance.now() - t0, document.querySelectorAll('#search-results a').length];
      });
      t = performance.now();
      if (single) {
        await page.evaluate((path) => { location.hash = `#/${path}`; }, tablePath(someTable));
        await page.waitForFunction((path) => document.title.includes(path.replace(/^tables\/[^.]*\./, '').replace(/\.html$/, '')), tablePath(someTable));
      } else await page.goto(pathToFileURL(join(dir, tablePath(someTable))).href, { waitUntil: 'load' });
      const table = performance.now() - t;
      return { load, index, query: query[0], hits: query[1], table };
    } finally {
      await browser.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`renderSite() on a synthetic model (13 columns, ~2.5 FKs per table), ${new Date().toISOString().slice(0, 10)}${withNeighbourhoods ? '' : ', no neighbourhood diagrams'}\n`);
console.log('| tables | site, neighbourhoods | generate (s) | files | total (MB) | index.html (KB) | tables list page (KB) | largest table page (KB) | search index (MB) | Chromium: index load (ms) | search index load (ms) | query "amount" (ms, hits shown) | table page load (ms) |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const model = syntheticModel(n);
  const analysis = await analyze(model);
  const variants = [{ neighbourhoods: false }, ...(withNeighbourhoods ? [{ neighbourhoods: true }] : []), { neighbourhoods: false, singleFile: true }];
  for (const variant of variants) {
    const t = performance.now();
    const files = await renderSite(model, analysis, variant);
    const seconds = (performance.now() - t) / 1000;
    let bytes = 0;
    let largest = 0;
    for (const [p, c] of files) {
      bytes += Buffer.byteLength(c);
      if (p.startsWith('tables/') && !p.startsWith('tables/index')) largest = Math.max(largest, Buffer.byteLength(c));
    }
    const single = variant.singleFile === true;
    const b = await browse(files, model.tables[Math.floor(n / 2)].id, single);
    const ms = (x) => (b ? x.toFixed(0) : '—');
    const kind = `${single ? 'single file' : 'folder'}, ${variant.neighbourhoods ? 'yes' : 'no'}`;
    const search = files.get('assets/search-index.js');
    console.log(`| ${n} | ${kind} | ${seconds.toFixed(1)} | ${files.size} | ${mb(bytes)} | ${kb(files.get('index.html'))} | ${single ? '—' : kb(files.get('tables/index.html'))} | ${single ? '—' : (largest / 1024).toFixed(0)} | ${search ? mb(Buffer.byteLength(search)) : 'inline'} | ${ms(b?.load ?? 0)} | ${ms(b?.index ?? 0)} | ${b ? `${b.query.toFixed(1)} (${b.hits})` : '—'} | ${ms(b?.table ?? 0)} |`);
  }
}
