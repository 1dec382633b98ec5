/**
 * `squash`: a source's schema as one DDL script, proven by a round trip — the script is applied into a fresh
 * sandbox (the same machinery that applies migrations: PGlite, or a scratch database with `engine`; the Supabase
 * shim first when the model is a Supabase project's), the sandbox is read back, and the two models are compared
 * object by object. `openSandboxFromModel` is the same rebuild left open: how a live database can be probed
 * without touching it (`verify` rebuilds it in a sandbox and probes that).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExpressionParser } from '../analyze/sql-expr.js';
import { pgliteShips } from '../engine/extensions.js';
import { SchemaproofError } from '../errors.js';
import type { SchemaModel } from '../model/types.js';
import { loadSchema, openSandbox, resolveSource, type LoadOptions, type ResolvedSource, type Sandbox } from '../source/load.js';
import { compareModels, countObjects, type Difference } from './compare.js';
import { squashModel, type SquashOptions } from './ddl.js';

export { compareModels, countObjects, formatDifference, type CompareOptions, type Difference } from './compare.js';
export { squashModel, type SquashOptions } from './ddl.js';

export interface RoundTrip {
  /** True when the rebuilt schema is the original, object by object. */
  identical: boolean;
  /** How many objects were compared (in the original). */
  objects: number;
  differences: Difference[];
  /** The script did not apply: the error, located in the script (`master.sql:120:3: …`). No comparison then. */
  error?: SchemaproofError;
}

export interface SquashResult {
  sql: string;
  /** The model the script was written from. */
  model: SchemaModel;
  roundTrip: RoundTrip;
}

export interface SquashLoadOptions extends LoadOptions, SquashOptions {
  /** The script's file name in messages about it (`master.sql`, the default). */
  scriptName?: string;
}

/** Reads the source, writes its script, rebuilds the schema from the script and compares. */
export async function squash(resolved: ResolvedSource, options: SquashLoadOptions = {}): Promise<SquashResult> {
  const model = await readModel(resolved, options);
  await loadExpressionParser();
  const sql = squashModel(model, options);
  const objects = countObjects(model);
  options.onProgress?.({ phase: 'analyze', message: 'round trip: applying the script into a fresh sandbox' });
  let sandbox: Sandbox;
  try {
    sandbox = await sandboxFromScript(model, sql, options);
  } catch (error) {
    if (error instanceof SchemaproofError && error.location?.file === scriptName(options)) {
      return { sql, model, roundTrip: { identical: false, objects, differences: [], error } };
    }
    throw error;
  }
  try {
    const differences = compareModels(model, sandbox.model, { owners: options.owners === true });
    return { sql, model, roundTrip: { identical: differences.length === 0, objects, differences } };
  } finally {
    await sandbox.close();
  }
}

/**
 * The model's schema rebuilt from its squash script in a fresh sandbox, left open (close it to discard it). Owners
 * are set as the model has them unless `owners: false` (they decide who bypasses row-level security). The sandbox's
 * model is the one read back from it, with the original's `source`.
 */
export async function openSandboxFromModel(model: SchemaModel, options: SquashLoadOptions = {}): Promise<Sandbox> {
  await loadExpressionParser();
  const withOwners = { ...options, owners: options.owners ?? true };
  const sandbox = await sandboxFromScript(model, squashModel(model, withOwners), withOwners);
  return { ...sandbox, model: { ...sandbox.model, source: model.source } };
}

function scriptName(options: SquashLoadOptions): string {
  return options.scriptName ?? 'master.sql';
}

async function readModel(resolved: ResolvedSource, options: LoadOptions): Promise<SchemaModel> {
  switch (resolved.kind) {
    case 'url':
      return loadSchema(resolved.url, options);
    case 'snapshot':
      return loadSchema(resolved.path, options);
    case 'files': {
      const sandbox = await openSandbox(resolved, options);
      await sandbox.close();
      return sandbox.model;
    }
  }
}

/**
 * Writes the script to a temporary folder as `<scriptName>` and applies it like any SQL file (so errors are
 * `master.sql:line:col`), with the model's platform shim first, on the engine the options name.
 */
async function sandboxFromScript(model: SchemaModel, sql: string, options: SquashLoadOptions): Promise<Sandbox> {
  if (!options.engine) {
    const missing = model.extensions.filter((e) => e.name !== 'plpgsql' && !pgliteShips(e.name)).map((e) => e.name);
    if (missing.length) {
      throw new SchemaproofError(`the schema uses ${missing.join(', ')}, which the embedded engine (PGlite) does not ship: the round trip cannot run in it`, {
        hint: 'rebuild on a PostgreSQL server that has it: --engine postgres://user@host/postgres (a scratch database is created there and dropped afterwards)',
      });
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'schemaproof-squash-'));
  try {
    const file = join(dir, scriptName(options));
    await writeFile(file, sql);
    const rebuild: LoadOptions = {
      cwd: dir,
      platform: model.source.platform === 'supabase' ? 'supabase' : 'none',
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      // Warnings about the script (a role it names created NOLOGIN in the sandbox) are expected, not news.
    };
    const resolved = await resolveSource([file], rebuild);
    if (resolved.kind !== 'files') throw new Error(`${file} did not resolve to a SQL file`);
    return await openSandbox(resolved, rebuild);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
