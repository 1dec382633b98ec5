/**
 * Tests that need a live PostgreSQL server read DATABASE_URL. Without one they skip with a visible notice,
 * unless SCHEMAPROOF_REQUIRE_PG=1 (CI), where a missing server is a failure, not a skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL;

if (!DATABASE_URL) {
  if (process.env.SCHEMAPROOF_REQUIRE_PG === '1') {
    throw new Error('SCHEMAPROOF_REQUIRE_PG=1 but DATABASE_URL is not set: the live-server tests cannot run');
  }
  console.warn('\n  NOTICE: DATABASE_URL is not set; tests that need a live PostgreSQL server are SKIPPED.\n');
}

export const hasServer = DATABASE_URL !== undefined;

export function urlFor(database: string, user?: string): string {
  const u = new URL(DATABASE_URL!);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a database with `setup` applied, runs `fn` with its URL, and always drops it. */
export async function withDatabase<T>(setup: string, fn: (url: string, name: string) => Promise<T>): Promise<T> {
  const name = `schemaproof_test_${randomBytes(5).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  try {
    const client = new pg.Client({ connectionString: urlFor(name) });
    await client.connect();
    try {
      if (setup) await client.query(setup);
    } finally {
      await client.end();
    }
    return await fn(urlFor(name), name);
  } finally {
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
