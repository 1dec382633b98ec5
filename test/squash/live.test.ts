/**
 * Against the live PostgreSQL server (DATABASE_URL): a live database squashed — read in one read-only transaction,
 * its master applied into a sandbox (embedded PGlite, or a scratch database on the server), and the two identical.
 * This is also how `verify` can rebuild a live schema without probing it (openSandboxFromModel).
 */
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { discoverMigrations } from '../../src/source/discover.js';
import { loadSchema, resolveSource } from '../../src/source/load.js';
import { compareModels } from '../../src/squash/compare.js';
import { openSandboxFromModel, squash } from '../../src/squash/index.js';
import { root } from '../helpers/cli.js';
import { DATABASE_URL, hasServer, withDatabase } from '../helpers/pg.js';
import { quiet } from './helpers.js';

async function exampleSql(name: string): Promise<string> {
  const discovery = await discoverMigrations(join(root, 'examples', name));
  return discovery.files.map((f) => f.text).join('\n;\n');
}

describe.skipIf(!hasServer)('squash of a live database', () => {
  it.each(['creator-loyalty', 'influencer-marketplace'])('%s, read live, round-trips in PGlite and in a scratch database', async (name) => {
    await withDatabase(await exampleSql(name), async (url) => {
      const live = await squash(await resolveSource([url]), quiet);
      expect(live.model.engine.kind).toBe('postgres');
      expect(live.model.source.kind).toBe('url');
      expect(live.roundTrip.differences).toEqual([]);
      expect(live.roundTrip.identical).toBe(true);

      const onServer = await squash(await resolveSource([url]), { ...quiet, engine: DATABASE_URL! });
      expect(onServer.roundTrip.differences).toEqual([]);
      expect(onServer.sql).toBe(live.sql);

      // The same master as from the migrations themselves, but for the header naming the source.
      const files = await squash(await resolveSource([join(root, 'examples', name)]), quiet);
      const body = (sql: string) => sql.slice(sql.indexOf('\n'));
      expect(body(live.sql)).toBe(body(files.sql));
    });
  });

  it('rebuilds a live schema in a sandbox to be probed, leaving the live database as it was', async () => {
    await withDatabase(await exampleSql('creator-loyalty'), async (url, database) => {
      const model = await loadSchema(url, quiet);
      const sandbox = await openSandboxFromModel(model, quiet);
      try {
        expect(compareModels(model, sandbox.model)).toEqual([]);
        expect(sandbox.engine.kind).toBe('pglite');
        await sandbox.engine.exec("INSERT INTO clients (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'probe')");
      } finally {
        await sandbox.close();
      }
      // The probe went into the sandbox: the live database still has no rows.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM clients')).rows[0]!.n).toBe(0);
      } finally {
        await client.end();
      }
      expect(database).toMatch(/^schemaproof_test_/);
    });
  });
});
