/**
 * The embedded engine: PostgreSQL in WASM. A fresh PGlite runs initdb (4–6 s, ~850 MB); starting from a saved
 * empty cluster takes under a second, so the first run saves one in the cache folder and later runs load it.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { loadPgliteExtensions } from './extensions.js';
import type { Engine } from './types.js';

const require = createRequire(import.meta.url);

function pgliteVersion(): string {
  try {
    return (require('@electric-sql/pglite/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function cacheDir(): string {
  if (process.env.SCHEMAPROOF_CACHE_DIR) return process.env.SCHEMAPROOF_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'schemaproof');
}

async function readSnapshot(path: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(path)]);
  } catch {
    return undefined;
  }
}

async function saveSnapshot(db: PGlite, path: string): Promise<void> {
  try {
    const dump = await db.dumpDataDir('none');
    await mkdir(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, path);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}

export class PgliteEngine implements Engine {
  readonly kind = 'pglite' as const;
  private constructor(private readonly db: PGlite) {}

  static async open(options: { extensions?: Iterable<string> } = {}): Promise<PgliteEngine> {
    const extensions = await loadPgliteExtensions(options.extensions ?? []);
    const snapshotPath = join(cacheDir(), `pglite-${pgliteVersion()}-empty.tar`);
    const snapshot = process.env.SCHEMAPROOF_NO_CACHE ? undefined : await readSnapshot(snapshotPath);
    if (snapshot) {
      try {
        return new PgliteEngine(await PGlite.create({ loadDataDir: snapshot, extensions }));
      } catch {
        // A damaged snapshot: fall through to a fresh cluster, which rewrites it.
      }
    }
    const db = await PGlite.create({ extensions });
    if (!process.env.SCHEMAPROOF_NO_CACHE) await saveSnapshot(db, snapshotPath);
    return new PgliteEngine(db);
  }

  async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    const result = await this.db.query<T>(sql, params);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async execute(sql: string, params?: unknown[]): Promise<number> {
    const result = await this.db.query(sql, params);
    return result.affectedRows ?? 0;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
