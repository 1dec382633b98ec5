/**
 * What the user names → a model. A folder of migrations, SQL files, a `schema.json` snapshot or a
 * `postgres://` URL (or nothing: `DATABASE_URL` / libpq's PG* variables). Files are applied into a sandbox
 * (embedded PGlite by default, or a scratch database on `--engine postgres://…`); a live database is only read.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemaproofError, type Warning } from '../errors.js';
import { isPostgresUrl, maskUrl, PostgresEngine, ScratchDatabase } from '../engine/postgres.js';
import type { Engine } from '../engine/types.js';
import { introspect } from '../introspect/index.js';
import { modelFromJson } from '../model/json.js';
import type { ModelSource, SchemaModel } from '../model/types.js';
import { applyFiles, checkPgliteExtensions, type ParsedFile } from './apply.js';
import { discoverExplicit, discoverMigrations, displayPath, readOrderFile } from './discover.js';
import { splitStatements } from './statements.js';
import type { Discovery, Layout, MigrationFile } from './types.js';

export type Platform = 'supabase' | 'none';

export interface LoadOptions {
  /** Force a migration layout instead of detecting it. */
  layout?: Layout;
  /** Apply seed/data files too. */
  includeData?: boolean;
  /** A file listing the migrations to apply, one per line, in order. */
  orderFile?: string;
  /** Apply files on this PostgreSQL server (in a scratch database) instead of embedded PGlite. */
  engine?: string;
  /** Platform shim: detected from the migrations unless given. */
  platform?: Platform;
  /** Directory paths are shown relative to. */
  cwd?: string;
  /** Statement timeout for catalog queries on a live server (ms). */
  statementTimeoutMs?: number;
  onWarning?: (warning: Warning) => void;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * One step of a command, or how far it is. `message` names the step (a new message starts a new step, which
 * `--verbose` times); `detail` says how far it is (`1200/10002 files`) without starting a new one.
 */
export type ProgressEvent =
  | { phase: 'engine'; message: string; detail?: string }
  | { phase: 'apply'; done: number; total: number; file: string }
  | { phase: 'introspect'; message: string; detail?: string }
  /** Later stages of a command (`doc`: analysing, rendering, writing), reported through the same progress line. */
  | { phase: 'analyze' | 'render' | 'write'; message: string; detail?: string };

/** Schemas a Supabase project's platform owns: their objects are the platform's, not the project's. */
export const SUPABASE_SCHEMAS = new Set([
  'auth', 'storage', 'extensions', 'graphql', 'graphql_public', 'realtime', 'supabase_functions', 'supabase_migrations',
  'vault', 'pgsodium', 'pgsodium_masks', 'net', 'cron', 'pgbouncer', '_realtime', '_analytics',
]);

/** What a source argument resolves to, before anything is applied. */
export type ResolvedSource =
  | { kind: 'url'; url: string }
  | { kind: 'snapshot'; path: string }
  | { kind: 'files'; discovery: Discovery; sourceKind: 'migrations' | 'sql-file'; location: string };

/** The URL to read when no source is named: `DATABASE_URL`, else libpq's environment (PGHOST, PGDATABASE, …). */
export function urlFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.PGHOST || env.PGDATABASE || env.PGUSER || env.PGPORT) {
    const u = new URL('postgres://localhost');
    if (env.PGHOST) u.hostname = env.PGHOST;
    if (env.PGPORT) u.port = env.PGPORT;
    if (env.PGUSER) u.username = env.PGUSER;
    if (env.PGPASSWORD) u.password = env.PGPASSWORD;
    u.pathname = `/${env.PGDATABASE ?? env.PGUSER ?? ''}`;
    return u.toString();
  }
  return undefined;
}

export async function resolveSource(sources: string[], options: LoadOptions = {}): Promise<ResolvedSource> {
  const cwd = options.cwd ?? process.cwd();
  const named = sources.filter((s) => s !== '-');
  if (named.length === 0 && !options.orderFile) {
    const url = urlFromEnvironment();
    if (!url) {
      throw new SchemaproofError('no source named, and neither DATABASE_URL nor PGHOST/PGDATABASE is set', {
        hint: 'name a migrations folder, a .sql file, a schema.json or a postgres:// URL',
      });
    }
    return { kind: 'url', url };
  }
  const urls = named.filter((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s));
  for (const u of urls) {
    if (!isPostgresUrl(u)) {
      throw new SchemaproofError(`not a PostgreSQL URL: ${maskUrl(u)}`, {
        hint: 'schemaproof reads PostgreSQL only: use postgres://user@host:port/database',
      });
    }
  }
  if (urls.length > 0) {
    if (named.length > 1) throw new SchemaproofError('a database URL must be the only source');
    return { kind: 'url', url: urls[0]! };
  }

  if (options.orderFile) {
    const listed = await readOrderFile(resolve(cwd, options.orderFile), { cwd });
    const discovery = await discoverExplicit([...named, ...listed], { ...discoveryOptions(options), cwd });
    return { kind: 'files', discovery, sourceKind: 'migrations', location: displayPath(resolve(cwd, options.orderFile), cwd) };
  }

  if (named.length === 1) {
    const path = resolve(cwd, named[0]!);
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      throw new SchemaproofError(`no such file or folder: ${named[0]}`, {
        hint: 'name a migrations folder, a .sql file, a schema.json or a postgres:// URL',
      });
    }
    if (info.isDirectory()) {
      const discovery = await discoverMigrations(path, { ...discoveryOptions(options), cwd });
      return { kind: 'files', discovery, sourceKind: 'migrations', location: displayPath(path, cwd) };
    }
    if (extname(path).toLowerCase() === '.json') return { kind: 'snapshot', path };
  }
  const discovery = await discoverExplicit(named.map((n) => resolve(cwd, n)), { ...discoveryOptions(options), cwd });
  const single = named.length === 1;
  return {
    kind: 'files',
    discovery,
    sourceKind: single ? 'sql-file' : 'migrations',
    location: single ? displayPath(resolve(cwd, named[0]!), cwd) : named.join(' '),
  };
}

function discoveryOptions(options: LoadOptions) {
  return {
    ...(options.layout ? { layout: options.layout } : {}),
    ...(options.includeData ? { includeData: true } : {}),
  };
}

/** Reads a schema from any source into the model. The library entry point; the CLI calls the same. */
export async function loadSchema(source: string | string[] | undefined, options: LoadOptions = {}): Promise<SchemaModel> {
  const sources = source === undefined ? [] : Array.isArray(source) ? source : [source];
  const resolved = await resolveSource(sources, options);
  switch (resolved.kind) {
    case 'snapshot':
      return modelFromJson(await readFile(resolved.path, 'utf8'), displayPath(resolved.path, options.cwd ?? process.cwd()));
    case 'url':
      return readLive(resolved.url, options);
    case 'files':
      return applyAndRead(resolved, options);
  }
}

async function readLive(url: string, options: LoadOptions): Promise<SchemaModel> {
  options.onProgress?.({ phase: 'engine', message: `connecting to ${maskUrl(url)}` });
  const engine = await PostgresEngine.connect(url);
  try {
    const platform = options.platform ?? ((await looksLikeSupabase(engine)) ? 'supabase' : 'none');
    options.onProgress?.({ phase: 'introspect', message: 'reading the catalog' });
    return await introspect(engine, {
      source: { kind: 'url', location: maskUrl(url), platform: platform === 'none' ? null : platform },
      ...(platform === 'supabase' ? { platformSchemas: SUPABASE_SCHEMAS } : {}),
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    });
  } catch (error) {
    if (error instanceof SchemaproofError) throw error;
    const e = error as { code?: string; message?: string };
    if (e.code === '42501') {
      throw new SchemaproofError(`cannot read the catalog of ${maskUrl(url)}: ${e.message}`, {
        hint: 'schemaproof needs a role that can connect and read the system catalogs (any role can, unless they were revoked)',
      });
    }
    throw new SchemaproofError(`reading ${maskUrl(url)} failed: ${e.message ?? String(error)}`);
  } finally {
    await engine.close();
  }
}

async function looksLikeSupabase(engine: Engine): Promise<boolean> {
  const [row] = await engine.query<{ yes: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'auth')
        AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') AS yes`,
  );
  return row?.yes === true;
}

/** Does any statement use what the Supabase platform provides (auth./storage. objects, its three roles)? */
export function usesSupabase(files: ParsedFile[]): boolean {
  let createsOwnAuth = false;
  let uses = false;
  for (const file of files) {
    for (const s of file.statements) {
      if (s.kind === 'CreateSchemaStmt' && (s.node.schemaname === 'auth' || s.node.schemaname === 'storage')) createsOwnAuth = true;
      const tree = JSON.stringify(s.node);
      if (
        /"schemaname":"(auth|storage)"/.test(tree) ||
        /"rolename":"(anon|authenticated|service_role)"/.test(tree) ||
        /\[\{"String":\{"sval":"(auth|storage)"\}\},\{"String":\{"sval":"\w+"\}\}\]/.test(tree)
      ) {
        uses = true;
      }
    }
  }
  return uses && !createsOwnAuth;
}

const SHIMS: Record<Exclude<Platform, 'none'>, URL> = {
  supabase: new URL('./platform/supabase.sql', import.meta.url),
};

async function applyAndRead(resolved: Extract<ResolvedSource, { kind: 'files' }>, options: LoadOptions): Promise<SchemaModel> {
  const sandbox = await openSandbox(resolved, options);
  try {
    return sandbox.model;
  } finally {
    await sandbox.close();
  }
}

/** Migrations applied into a fresh engine that stays open: what `verify` probes. Close it to discard it. */
export interface Sandbox {
  engine: Engine;
  model: SchemaModel;
  close(): Promise<void>;
}

/**
 * Applies the files into a fresh sandbox (embedded PGlite, or a scratch database on `options.engine`), reads its
 * model, and leaves it open. The caller must `close()` it, which drops a scratch database.
 */
export async function openSandbox(resolved: Extract<ResolvedSource, { kind: 'files' }>, options: LoadOptions): Promise<Sandbox> {
  const { discovery } = resolved;
  const warn = options.onWarning ?? (() => undefined);
  for (const w of discovery.warnings) warn(w);
  if (discovery.files.length === 0) {
    throw new SchemaproofError(`no migrations to apply in ${resolved.location}`, {
      hint: discovery.skipped.length
        ? `every .sql file there was skipped (${discovery.skipped[0]!.displayPath}: ${discovery.skipped[0]!.reason})`
        : 'name a folder of .sql migrations or a .sql file',
    });
  }

  const files = await parseFiles(discovery.files, warn);
  const platform = options.platform ?? (discovery.layout === 'supabase' || usesSupabase(files) ? 'supabase' : 'none');

  const source: ModelSource = {
    kind: resolved.sourceKind,
    location: resolved.location,
    ...(resolved.sourceKind === 'migrations' ? { layout: discovery.layout } : {}),
    files: discovery.files.map((f) => f.displayPath),
    platform: platform === 'none' ? null : platform,
    skipped: discovery.skipped.map((f) => ({ file: f.displayPath, reason: f.reason })),
  };

  let engine: Engine;
  let scratch: ScratchDatabase | undefined;
  if (options.engine) {
    if (!isPostgresUrl(options.engine)) {
      throw new SchemaproofError(`--engine must be a postgres:// URL, not ${maskUrl(options.engine)}`);
    }
    options.onProgress?.({ phase: 'engine', message: `creating a scratch database on ${maskUrl(options.engine)}` });
    scratch = await ScratchDatabase.create(options.engine);
    engine = scratch.engine;
  } else {
    const extensions = checkPgliteExtensions(files);
    options.onProgress?.({ phase: 'engine', message: 'starting embedded PostgreSQL (PGlite)' });
    // Imported here: a live database or a snapshot never loads the embedded engine.
    const { PgliteEngine } = await import('../engine/pglite.js');
    engine = await PgliteEngine.open({ extensions });
  }
  const close = async () => {
    if (scratch) await scratch.drop();
    else await engine.close();
  };

  try {
    let platformOids: Set<number> | undefined;
    if (platform !== 'none') {
      await engine.exec(await readFile(fileURLToPath(SHIMS[platform]), 'utf8'));
      await engine.exec('RESET ALL');
      platformOids = await userObjectOids(engine);
    }
    await applyFiles(engine, files, {
      createMissingRoles: !scratch,
      onWarning: warn,
      ...(options.onProgress
        ? { onProgress: (done: number, total: number, file: string) => options.onProgress!({ phase: 'apply', done, total, file }) }
        : {}),
    });
    options.onProgress?.({ phase: 'introspect', message: 'reading the catalog' });
    const model = await introspect(engine, { source, ...(platformOids ? { platformOids } : {}) });
    return { engine, model, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function parseFiles(migrations: MigrationFile[], warn: (w: Warning) => void): Promise<ParsedFile[]> {
  const parsed: ParsedFile[] = [];
  for (const m of migrations) {
    const { statements, warnings } = await splitStatements(m.text, m.displayPath);
    for (const w of warnings) warn(w);
    parsed.push({ displayPath: m.displayPath, text: m.text, statements });
  }
  return parsed;
}

/** Oids of every non-system object that exists now (after the platform shim, before the migrations). */
async function userObjectOids(engine: Engine): Promise<Set<number>> {
  const rows = await engine.query<{ oid: number }>(
    `SELECT oid::bigint::float8 AS oid FROM pg_class WHERE oid >= 16384
     UNION ALL SELECT oid::bigint::float8 FROM pg_proc WHERE oid >= 16384
     UNION ALL SELECT oid::bigint::float8 FROM pg_type WHERE oid >= 16384
     UNION ALL SELECT oid::bigint::float8 FROM pg_namespace WHERE oid >= 16384`,
  );
  return new Set(rows.map((r) => Number(r.oid)));
}
