// "A big real schema": the five examples (real-world migrations), each applied once on the server and dumped with
// `pg_dump --schema-only`, then replicated under many schemas (`cl_001`, `gc_001`, …) into one SQL file — a database
// the size of a large SaaS with hundreds of real tables, functions, triggers and policies per copy family, partitions
// included. The dump qualifies every name, so a copy is the dump with its schema names replaced.
//
// Usage (after npm run build): node bench/real.mjs --copies 40 --out real.sql [--url postgres://…]
// As a module: buildRealSchema({ adminUrl, copies }) → { sql, stats }.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { discoverMigrations } from '../dist/index.js';

const ROOT = join(import.meta.dirname, '..');
export const SHIM = join(ROOT, 'dist', 'source', 'platform', 'supabase.sql');
/** Schemas the Supabase shim creates: the platform's, not the example's, so not copied. */
const PLATFORM_SCHEMAS = ['auth', 'storage', 'extensions'];
export const EXAMPLES = [
  { dir: 'creator-loyalty', code: 'cl' },
  { dir: 'giftcard-campaigns', code: 'gc' },
  { dir: 'influencer-marketplace', code: 'im' },
  { dir: 'privacy-telemetry', code: 'pt' },
  { dir: 'tentabo-prm', code: 'tp' },
];

export function dbUrl(adminUrl, name) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export function psql(url, args, options = {}) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args, url], { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** One example applied into a fresh database on the server (the shim first when it is a Supabase project), dumped. */
async function dumpExample(adminUrl, example) {
  const discovery = await discoverMigrations(join(ROOT, 'examples', example.dir));
  const name = `sp_bench_ex_${example.code}_${randomBytes(4).toString('hex')}`;
  psql(adminUrl, ['-c', `CREATE DATABASE ${name}`]);
  try {
    const url = dbUrl(adminUrl, name);
    const supabase = discovery.layout === 'supabase';
    const script = [
      ...(supabase ? [readFileSync(SHIM, 'utf8'), 'RESET ALL;'] : []),
      // each file from a clean session, as schemaproof and migration runners apply them
      ...discovery.files.map((f) => `${f.text}\n;\nRESET ALL;\nSET SESSION AUTHORIZATION DEFAULT;`),
    ].join('\n');
    psql(url, ['-o', '/dev/null'], { input: script });
    const schemas = psql(url, ['-At', '-c', `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
      AND nspname <> 'information_schema' AND nspname NOT IN (${PLATFORM_SCHEMAS.map((s) => `'${s}'`).join(', ')}) ORDER BY 1`])
      .split('\n').filter(Boolean);
    const dump = spawnSync('pg_dump', ['--schema-only', '--no-owner', ...PLATFORM_SCHEMAS.flatMap((s) => ['-N', s]), url], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (dump.status !== 0) throw new Error(`pg_dump of ${example.dir} failed: ${dump.stderr}`);
    return { ...example, supabase, schemas, dump: dump.stdout };
  } finally {
    psql(adminUrl, ['-c', `DROP DATABASE IF EXISTS ${name}`]);
  }
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The dump with each of its schemas renamed: `public.x`, `SCHEMA public`, `'public'` and `search_path TO public`
 * (function settings) become the copy's schema. Role `PUBLIC` is upper case in dumps and left alone. psql's
 * `\restrict` lines and the extension (created once, before the copies) are left out.
 */
export function renameSchemas(dump, renames) {
  let sql = dump
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line) && !/^(CREATE|COMMENT ON) EXTENSION /.test(line))
    .join('\n');
  for (const [from, to] of renames) {
    const f = escape(from);
    sql = sql
      .replace(new RegExp(`(?<![\\w$".])${f}\\.(?=[\\w"])`, 'g'), `${to}.`)
      .replace(new RegExp(`\\bSCHEMA ${f}\\b`, 'g'), `SCHEMA ${to}`)
      .replace(new RegExp(`'${f}'`, 'g'), `'${to}'`)
      .replace(new RegExp(`(search_path (?:TO|=) )${f}\\b`, 'g'), `$1${to}`);
  }
  return sql;
}

export async function buildRealSchema({ adminUrl, copies }) {
  const dumps = [];
  for (const example of EXAMPLES) dumps.push(await dumpExample(adminUrl, example));
  const extensions = new Set();
  for (const d of dumps) for (const m of d.dump.matchAll(/^CREATE EXTENSION IF NOT EXISTS (\w+) WITH SCHEMA (\w+);/gm)) extensions.add(m[0]);
  const parts = ['-- schemaproof benchmark: the five examples replicated under many schemas (bench/real.mjs)', ...extensions];
  let tables = 0;
  for (let k = 1; k <= copies; k++) {
    for (const d of dumps) {
      const base = `${d.code}_${String(k).padStart(3, '0')}`;
      const renames = d.schemas.map((s) => [s, s === 'public' ? base : `${base}_${s}`]);
      parts.push(`-- ${d.dir}, copy ${k}`, `CREATE SCHEMA ${base};`, renameSchemas(d.dump, renames));
      tables += (d.dump.match(/^CREATE TABLE /gm) ?? []).length;
    }
  }
  return { sql: `${parts.join('\n')}\n`, stats: { tables, copies, supabase: dumps.some((d) => d.supabase) } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      copies: { type: 'string', default: '40' },
      out: { type: 'string', default: 'real.sql' },
      url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
  });
  const { sql, stats } = await buildRealSchema({ adminUrl: values.url, copies: Number(values.copies) });
  writeFileSync(values.out, sql);
  process.stderr.write(`${values.out}: ${stats.tables} tables in ${stats.copies} copies of the five examples\n`);
}
