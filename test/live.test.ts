/**
 * Against the live PostgreSQL server (DATABASE_URL): the same migrations give the same model as on PGlite,
 * reading a live database writes nothing and needs only read rights, scratch databases are always dropped.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionError } from '../src/engine/postgres.js';
import { SchemaproofError } from '../src/errors.js';
import type { SchemaModel } from '../src/model/types.js';
import { loadSchema } from '../src/source/load.js';
import { cli } from './helpers/cli.js';
import { DATABASE_URL, hasServer, urlFor, withAdmin, withDatabase } from './helpers/pg.js';

const root = join(import.meta.dirname, '..');
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The model without what legitimately differs between engines: the engine itself and extension versions. */
function comparable(model: SchemaModel): unknown {
  return { ...model, engine: undefined, extensions: model.extensions.map((e) => ({ ...e, version: undefined })) };
}

const quiet = { cwd: root, onWarning: () => undefined };

async function scratchDatabasesOfThisProcess(): Promise<string[]> {
  return withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`schemaproof\\_scratch\\_${process.pid}\\_%`],
    );
    return rows.map((r) => r.datname);
  });
}

describe.skipIf(!hasServer)('live PostgreSQL server', () => {
  afterAll(async () => {
    expect(await scratchDatabasesOfThisProcess()).toEqual([]);
  });

  it.each(examples)('example %s gives the same model on PGlite and on the server', async (name) => {
    const source = join(root, 'examples', name);
    const embedded = await loadSchema(source, quiet);
    const server = await loadSchema(source, { ...quiet, engine: DATABASE_URL! });
    expect(embedded.engine.kind).toBe('pglite');
    expect(server.engine.kind).toBe('postgres');
    expect(embedded.tables.length).toBeGreaterThan(5);
    expect(comparable(server)).toEqual(comparable(embedded));
  });

  it('a live database reads into the same model as its migrations, with the password masked', async () => {
    const folder = join(root, 'examples', 'tentabo-prm', 'migrations');
    const files = readdirSync(folder).filter((f) => f.endsWith('.up.sql')).sort();
    const { readFileSync } = await import('node:fs');
    const ddl = files.map((f) => readFileSync(join(folder, f), 'utf8')).join('\n');
    await withDatabase(ddl, async (url) => {
      const u = new URL(url);
      u.password = 'not-needed-with-trust';
      const live = await loadSchema(u.toString(), quiet);
      const fromFiles = await loadSchema(folder, quiet);
      expect(live.source).toEqual({ kind: 'url', location: u.toString().replace('not-needed-with-trust', '***'), platform: null });
      expect({ ...(comparable(live) as object), source: undefined }).toEqual({ ...(comparable(fromFiles) as object), source: undefined });
    });
  });

  it('doc on a live database gives the same analysis as doc on its migrations', async () => {
    const folder = join(root, 'examples', 'tentabo-prm', 'migrations');
    const { readFileSync } = await import('node:fs');
    const ddl = readdirSync(folder).filter((f) => f.endsWith('.up.sql')).sort().map((f) => readFileSync(join(folder, f), 'utf8')).join('\n');
    await withDatabase(ddl, async (url) => {
      const live = await cli('doc', url, '--json', '-q');
      const files = await cli('doc', 'examples/tentabo-prm', '--json', '-q');
      expect(live.stderr).toBe('');
      expect(live.code).toBe(0);
      const analysis = (out: string) => (JSON.parse(out) as { analysis: unknown }).analysis;
      expect(analysis(live.stdout)).toEqual(analysis(files.stdout));
    });
  });

  it('reading writes nothing: only its own read-only transactions, and no tuple changes', async () => {
    await withDatabase('CREATE TABLE t (id int PRIMARY KEY, name text); CREATE INDEX ON t (name);', async (url, name) => {
      const stats = () =>
        withAdmin(async (c) => {
          await c.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await c.query(
            `SELECT xact_commit::int AS commits, xact_rollback::int AS rollbacks,
                    (tup_inserted + tup_updated + tup_deleted)::int AS writes
             FROM pg_stat_database WHERE datname = $1`,
            [name],
          );
          return rows[0] as { commits: number; rollbacks: number; writes: number };
        });
      // Statistics reach pg_stat_database when a backend goes idle or exits; wait until they settle.
      const settled = async () => {
        let last = await stats();
        for (let i = 0; i < 20; i++) {
          await new Promise((r) => setTimeout(r, 250));
          const now = await stats();
          if (JSON.stringify(now) === JSON.stringify(last) && i >= 3) return now;
          last = now;
        }
        return last;
      };
      const before = await settled();
      const model = await loadSchema(url, quiet);
      expect(model.tables.map((t) => t.id)).toEqual(['public.t']);
      const after = await settled();
      // the server's own start-up transaction for the connection, one autocommit probe (is this a Supabase
      // database?) and one read-only catalog transaction
      expect(after.commits - before.commits).toBe(3);
      expect(after.rollbacks - before.rollbacks).toBe(0);
      expect(after.writes - before.writes).toBe(0);
    });
  });

  it('a role with only CONNECT, USAGE and SELECT can read the schema', async () => {
    const role = `schemaproof_reader_${process.pid}`;
    await withDatabase(
      `CREATE TABLE secrets (id int PRIMARY KEY, owner text);
       ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
       CREATE POLICY own ON secrets USING (owner = current_user);
       CREATE FUNCTION hidden() RETURNS int LANGUAGE sql AS 'SELECT 1';`,
      async (url, name) => {
        await withAdmin((c) => c.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN`));
        try {
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          await admin.query(
            `REVOKE ALL ON DATABASE ${name} FROM PUBLIC; GRANT CONNECT ON DATABASE ${name} TO ${role};
             GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON secrets TO ${role};
             ALTER ROLE ${role} SET default_transaction_read_only = on`,
          );
          await admin.end();
          const model = await loadSchema(urlFor(name, role), quiet);
          expect(model.policies.map((p) => p.id)).toEqual(['public.secrets.own']);
          expect(model.functions.map((f) => f.id)).toEqual(['public.hidden()']);
          expect(model.grants).toContainEqual(expect.objectContaining({ object: 'public.secrets', grantee: role, privilege: 'select' }));
        } finally {
          await withAdmin((c) => c.query(`DROP OWNED BY ${role} CASCADE`).catch(() => undefined));
        }
      },
    );
    await withAdmin((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
  });

  it('a failing migration on the server points at the same file, line and column as on PGlite', async () => {
    const folder = join(root, 'test', 'fixtures', 'sources', 'failing');
    const onServer = await loadSchema(folder, { ...quiet, engine: DATABASE_URL! }).catch((e: unknown) => e);
    const embedded = await loadSchema(folder, quiet).catch((e: unknown) => e);
    expect(onServer).toBeInstanceOf(SchemaproofError);
    expect((onServer as SchemaproofError).location).toEqual((embedded as SchemaproofError).location);
    expect((onServer as SchemaproofError).message).toBe((embedded as SchemaproofError).message);
    expect(await scratchDatabasesOfThisProcess()).toEqual([]);
  });

  it('an unknown database or role is one clear line', async () => {
    const noDb = await loadSchema(urlFor('schemaproof_no_such_db'), quiet).catch((e: unknown) => e);
    expect(noDb).toBeInstanceOf(SchemaproofError);
    expect((noDb as SchemaproofError).message).toMatch(/database "schemaproof_no_such_db" does not exist/);
    const noRole = await loadSchema(urlFor('postgres', 'schemaproof_no_such_role'), quiet).catch((e: unknown) => e);
    expect((noRole as SchemaproofError).message).toMatch(/role "schemaproof_no_such_role" does not exist/);
    expect((noRole as SchemaproofError).exitCode).toBe(2);
  });
});

describe.skipIf(!hasServer)('scratch databases and platforms on the server', () => {
  it('Ctrl-C while applying drops the scratch database', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'schemaproof-sigint-'));
    try {
      // enough statements that applying them takes a while
      const ddl = Array.from({ length: 4000 }, (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, v text);`).join('\n');
      await writeFile(join(dir, '1_many.sql'), ddl);
      const child = spawn(process.execPath, [join(root, 'bin', 'schemaproof.js'), 'inspect', dir, '--engine', DATABASE_URL!], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const pattern = `schemaproof\\_scratch\\_${child.pid}\\_%`;
      const scratch = () =>
        withAdmin(async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [pattern])).rows.length);
      let seen = 0;
      for (let i = 0; i < 200 && seen === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = await scratch();
      }
      expect(seen).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(await scratch()).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('verify --engine runs the proofs in a scratch database: the same verdicts as on PGlite, and no role or database left', async () => {
    const verdicts = (stdout: string) =>
      (JSON.parse(stdout) as { rls: { table: string; command: string; scope: string; verdict: string }[]; stateMachines: { allowed: string[][] }[] }).rls
        .map((r) => `${r.table} ${r.command} ${r.scope} ${r.verdict}`)
        .sort();
    const fixture = 'test/fixtures/verify/with-check-no-tenant';
    const [onServer, embedded] = await Promise.all([
      cli('verify', fixture, '--format', 'json', '--engine', DATABASE_URL!),
      cli('verify', fixture, '--format', 'json'),
    ]);
    expect(onServer.code).toBe(1);
    expect(JSON.parse(onServer.stdout).engine).toBe('postgres');
    expect(verdicts(onServer.stdout)).toEqual(verdicts(embedded.stdout));
    expect(verdicts(onServer.stdout).filter((v) => v.endsWith(' leak'))).toEqual([
      'public.tasks insert none leak',
      'public.tasks insert other leak',
      'public.tasks update move leak',
    ]);
    const left = await withAdmin(async (c) => (await c.query(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'schemaproof\\_app\\_%'`)).rows);
    expect(left).toEqual([]);
  });

  it('verify on a live database rebuilds it in a sandbox: the same verdicts as its migrations, and the database untouched', async () => {
    const { readFileSync } = await import('node:fs');
    const fixture = join(root, 'test', 'fixtures', 'verify', 'policy-always-true', 'migrations');
    const setup = readdirSync(fixture).sort().map((f) => readFileSync(join(fixture, f), 'utf8')).join('\n');
    await withDatabase(setup, async (url) => {
      const writes = () =>
        withAdmin(async (c) => {
          const db = new URL(url).pathname.slice(1);
          const stats = new pg.Client({ connectionString: urlFor(db) });
          await stats.connect();
          try {
            const { rows } = await stats.query<{ n: string }>(
              `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text AS n FROM pg_stat_user_tables`,
            );
            return Number(rows[0]!.n);
          } finally {
            await stats.end();
          }
        });
      const before = await writes();
      const [live, files] = await Promise.all([cli('verify', url, '--format', 'json'), cli('verify', 'test/fixtures/verify/policy-always-true', '--format', 'json')]);
      expect(live.code).toBe(1);
      const verdicts = (out: string) =>
        (JSON.parse(out) as { rls: { table: string; command: string; scope: string; verdict: string }[] }).rls
          .map((r) => `${r.table} ${r.command} ${r.scope} ${r.verdict}`)
          .sort();
      expect(verdicts(live.stdout)).toEqual(verdicts(files.stdout));
      expect(JSON.parse(live.stdout).source).toBe(url.replace(/^postgres(ql)?:\/\/([^@/]*@)?/, 'postgres://$2'));
      await new Promise((r) => setTimeout(r, 700)); // the statistics collector's delay
      expect(await writes()).toBe(before);
    });
  });

  it('a live Supabase database is recognised and its platform schemas marked', async () => {
    const { readFileSync } = await import('node:fs');
    const shim = readFileSync(join(root, 'src', 'source', 'platform', 'supabase.sql'), 'utf8');
    await withDatabase(
      `${shim}
       CREATE TABLE public.notes (id uuid PRIMARY KEY REFERENCES auth.users (id), body text);
       ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
       CREATE POLICY own ON public.notes TO authenticated USING (auth.uid() = id);`,
      async (url) => {
        const model = await loadSchema(url, quiet);
        expect(model.source.platform).toBe('supabase');
        expect(model.tables.map((t) => `${t.id}:${t.origin}`)).toEqual([
          'auth.users:platform', 'public.notes:user', 'storage.buckets:platform', 'storage.objects:platform',
        ]);
        expect(model.settings.pgrstDbSchemas).toEqual(['public', 'storage', 'graphql_public']);
      },
    );
  });
});

describe('connection errors', () => {
  it('a wrong password is named as such, without the password', () => {
    const error = connectionError({ code: '28P01', message: 'password authentication failed for user "app"' }, 'postgres://app:hunter2@db.internal:6543/prod');
    expect(error.message).toBe('password authentication failed for user "app" at db.internal:6543');
    expect(error.format()).not.toContain('hunter2');
    expect(error.exitCode).toBe(2);
  });
});
