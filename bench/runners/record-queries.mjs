#!/usr/bin/env node
// Records what `schemaproof inspect postgres://…` sends to read the catalog (the platform probe, then introspect()'s
// statements) and writes it as two psql scripts: FLOOR.sql (the floor, output discarded by the caller) and
// FLOOR-timed.sql (the same with `\timing` and each query's name, for the per-query breakdown). Prints the counts as
// one JSON line. Usage: node record-queries.mjs postgres://… FLOOR
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresEngine } from '../../dist/index.js';
import { PLATFORM_PROBE, psqlScript, recordIntrospection } from '../catalog-floor.mjs';

const [url, out] = process.argv.slice(2);
const sqlDir = join(import.meta.dirname, '..', '..', 'dist', 'introspect', 'sql');
const names = new Map(readdirSync(sqlDir).map((f) => [readFileSync(join(sqlDir, f), 'utf8').trim(), f.replace(/\.sql$/, '')]));
const engine = await PostgresEngine.connect(url);
try {
  const { statements, model } = await recordIntrospection(engine, { kind: 'url', location: 'bench', platform: null });
  const all = [{ sql: PLATFORM_PROBE, query: true, name: 'platform probe' }, ...statements.map((s) => ({ ...s, name: names.get(s.sql.trim()) ?? null }))];
  writeFileSync(`${out}.sql`, psqlScript(all));
  const timed = ['\\timing on', ...all.map((s) => `\\echo @@ ${s.name ?? s.sql.trim().split(/\s/)[0]}\n${psqlScript([s])}`)].join('\n');
  writeFileSync(`${out}-timed.sql`, `${timed}\n`);
  process.stdout.write(`${JSON.stringify({ statements: all.length, queries: all.filter((s) => s.query).length, tables: model.tables.length })}\n`);
} finally {
  await engine.close();
}
