/**
 * A live PostgreSQL server, through node-postgres. Reading a user's database happens inside one read-only,
 * repeatable-read transaction; writing happens only in a scratch database this module creates and drops.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SchemaproofError } from '../errors.js';
import type { Engine } from './types.js';

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
  }
}

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** Turns driver and network failures into one line a user can act on. */
export function connectionError(error: unknown, url: string): SchemaproofError {
  const e = error as { code?: string; message?: string };
  const where = maskUrl(url);
  const u = (() => {
    try {
      return new URL(url);
    } catch {
      return undefined;
    }
  })();
  const host = u ? `${u.hostname || 'localhost'}:${u.port || '5432'}` : where;
  const user = u?.username || process.env.PGUSER || 'the current user';
  switch (e.code) {
    case 'ECONNREFUSED':
      return new SchemaproofError(`cannot connect to ${host}: connection refused`, {
        hint: 'is PostgreSQL running and listening there? check the host and port in the URL',
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SchemaproofError(`cannot connect to ${host}: host not found`, { hint: 'check the host name in the URL' });
    case 'ETIMEDOUT':
      return new SchemaproofError(`cannot connect to ${host}: timed out`, { hint: 'check the host, port and firewall' });
    case '28P01':
      return new SchemaproofError(`password authentication failed for user "${user}" at ${host}`, {
        hint: 'check the password in the URL or PGPASSWORD / ~/.pgpass',
      });
    case '28000':
      return new SchemaproofError(`${e.message} (${host})`, { hint: 'the server refused this user; check pg_hba.conf and the user name' });
    case '3D000':
      return new SchemaproofError(`${e.message} at ${host}`, { hint: 'check the database name at the end of the URL' });
    default:
      return new SchemaproofError(`cannot read ${where}: ${e.message ?? String(error)}`, {
        hint: 'is this a PostgreSQL server? schemaproof speaks the PostgreSQL protocol only',
      });
  }
}

export class PostgresEngine implements Engine {
  readonly kind = 'postgres' as const;
  private constructor(
    private readonly client: pg.Client,
    readonly url: string,
  ) {}

  static async connect(url: string, options: { connectTimeoutMs?: number } = {}): Promise<PostgresEngine> {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'schemaproof',
    });
    // An idle client whose server goes away emits 'error'; without a listener Node would crash.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectionError(error, url);
    }
    return new PostgresEngine(client, url);
  }

  async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    const result = await this.client.query(sql, params as unknown[] | undefined);
    return result.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async execute(sql: string, params?: unknown[]): Promise<number> {
    const result = await this.client.query(sql, params as unknown[] | undefined);
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/**
 * A uniquely named database on a server, to apply files into: created on open, dropped on `drop()` — which the
 * caller runs in `finally`, and which also runs on Ctrl-C.
 */
export class ScratchDatabase {
  private dropped = false;
  private readonly onSignal = () => {
    void this.drop().finally(() => process.exit(130));
  };

  private constructor(
    private readonly admin: PostgresEngine,
    readonly name: string,
    readonly engine: PostgresEngine,
  ) {}

  static async create(adminUrl: string): Promise<ScratchDatabase> {
    const admin = await PostgresEngine.connect(adminUrl);
    const name = `schemaproof_scratch_${process.pid}_${randomBytes(4).toString('hex')}`;
    try {
      await admin.exec(`CREATE DATABASE ${name}`);
    } catch (error) {
      await admin.close();
      throw new SchemaproofError(`cannot create a scratch database on ${maskUrl(adminUrl)}: ${(error as Error).message}`, {
        hint: 'the engine URL needs a role with CREATEDB; schemaproof creates a uniquely named database and drops it afterwards',
      });
    }
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    let engine: PostgresEngine;
    try {
      engine = await PostgresEngine.connect(u.toString());
    } catch (error) {
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
      await admin.close();
      throw error;
    }
    const scratch = new ScratchDatabase(admin, name, engine);
    process.once('SIGINT', scratch.onSignal);
    process.once('SIGTERM', scratch.onSignal);
    return scratch;
  }

  async drop(): Promise<void> {
    if (this.dropped) return;
    this.dropped = true;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    await this.engine.close();
    try {
      await this.admin.exec(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    } catch {
      await this.admin.exec(`DROP DATABASE IF EXISTS ${this.name}`).catch(() => undefined);
    } finally {
      await this.admin.close();
    }
  }
}
