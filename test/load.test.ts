import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaproofError, type Warning } from '../src/errors.js';
import { loadSchema } from '../src/source/load.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'sources');
const cwd = join(import.meta.dirname, '..');

async function load(source: string | string[], extra: Parameters<typeof loadSchema>[1] = {}) {
  const warnings: Warning[] = [];
  const model = await loadSchema(source, { cwd, onWarning: (w) => warnings.push(w), ...extra });
  return { model, warnings };
}

async function failure(source: string | string[]): Promise<SchemaproofError> {
  const error = await loadSchema(source, { cwd }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SchemaproofError);
  return error as SchemaproofError;
}

describe('loading files into embedded PGlite', () => {
  it('a failing migration names file, line and column, the Postgres message and the statement', async () => {
    const error = await failure(join(fixtures, 'failing'));
    expect(error.exitCode).toBe(2);
    expect(error.location).toEqual({ file: 'test/fixtures/sources/failing/2_broken.sql', line: 7, column: 44 });
    expect(error.message).toBe('column "acount_id" does not exist');
    expect(error.format()).toContain('statement: CREATE INDEX orders_account_idx ON orders (acount_id)');
    expect(error.format()).toMatch(/^test\/fixtures\/sources\/failing\/2_broken\.sql:7:44: column "acount_id" does not exist/);
  });

  it('reads a pg_dump plain-format file: meta-commands, SET lines, COPY data and missing roles', async () => {
    const { model, warnings } = await load(join(fixtures, 'dump', 'structure.sql'));
    expect(model.source).toMatchObject({ kind: 'sql-file', location: 'test/fixtures/sources/dump/structure.sql' });
    expect(model.tables.map((t) => t.id)).toEqual(['app.customers', 'app.orders']);
    expect(model.enums).toMatchObject([{ id: 'app.order_status', labels: ['pending', 'paid', 'shipped'] }]);
    expect(model.foreignKeys).toMatchObject([
      { id: 'app.orders.orders_customer_id_fkey', refTable: 'app.customers', columns: ['customer_id'], onDelete: 'cascade' },
    ]);
    expect(model.tables[0]!.columns[0]).toMatchObject({ name: 'id', default: "nextval('app.customers_id_seq'::regclass)" });
    expect(model.sequences).toMatchObject([{ id: 'app.customers_id_seq', ownedBy: 'app.customers.id' }]);
    expect(model.tables[0]!.owner).toBe('app_owner');
    expect(model.grants).toContainEqual(expect.objectContaining({ object: 'app.orders', grantee: 'reporting', privilege: 'select' }));
    // no data was loaded, and each skip said where
    const messages = warnings.map((w) => `${w.location?.line}: ${w.message}`);
    expect(messages.some((m) => /^63: COPY … FROM stdin data skipped/.test(m))).toBe(true);
    expect(messages.some((m) => /role "app_owner" did not exist/.test(m))).toBe(true);
    expect(messages.some((m) => /\\restrict/.test(m))).toBe(false);
  });

  it('skips CREATE DATABASE, \\c, \\set and \\copy in a psql script with located warnings', async () => {
    const { model, warnings } = await load(join(fixtures, 'psql-script', 'setup.sql'));
    expect(model.tables.map((t) => t.id)).toEqual(['public.prices', 'public.products']);
    expect(warnings.map((w) => w.location?.line).sort()).toEqual([1, 2, 6]);
    expect(warnings.find((w) => w.location?.line === 2)!.message).toMatch(/CREATE DATABASE shop.*database-level/);
  });

  it('loads the extensions the migrations create, and only those', async () => {
    const { model } = await load(join(fixtures, 'extensions'));
    expect(model.extensions.map((e) => e.name)).toEqual(['citext', 'uuid-ossp']);
    expect(model.tables[0]!.columns.map((c) => c.type)).toEqual(['uuid', 'citext']);
    // extension-owned functions are not part of the user's schema
    expect(model.functions).toEqual([]);
  });

  it('stops before applying anything when PGlite lacks an extension, and says what to do', async () => {
    const error = await failure(join(fixtures, 'needs-vector'));
    expect(error.message).toBe('extension "vector" is not available in the embedded engine (PGlite)');
    expect(error.location).toEqual({ file: 'test/fixtures/sources/needs-vector/001_init.sql', line: 3, column: 1 });
    expect(error.hint).toMatch(/--engine postgres:\/\//);
  });

  it('applies the Supabase shim when migrations use auth/storage, and marks its objects as platform-owned', async () => {
    const { model } = await load(join(fixtures, 'supabase-project'));
    expect(model.source.platform).toBe('supabase');
    const origin = (id: string) => model.tables.find((t) => t.id === id)?.origin;
    expect(origin('public.profiles')).toBe('user');
    expect(origin('auth.users')).toBe('platform');
    expect(origin('storage.objects')).toBe('platform');
    expect(model.functions.find((f) => f.id === 'auth.uid()')?.origin).toBe('platform');
    expect(model.schemas.find((s) => s.name === 'auth')?.origin).toBe('platform');
    expect(model.settings.pgrstDbSchemas).toEqual(['public', 'storage', 'graphql_public']);
    expect(model.roles.find((r) => r.name === 'service_role')).toMatchObject({ bypassRls: true, login: false });
    expect(model.policies.map((p) => [p.id, p.roles, p.using])).toEqual([
      ['public.profiles.own profile', ['authenticated'], '( SELECT auth.uid() AS uid) = id'.replace('( SELECT auth.uid() AS uid)', 'auth.uid()')],
      ['public.profiles.service', ['service_role'], 'true'],
      ['storage.objects.avatars are public', ['public'], "bucket_id = 'avatars'::text"],
    ]);
    expect(model.foreignKeys[0]).toMatchObject({ table: 'public.profiles', refTable: 'auth.users', onDelete: 'cascade' });
    // Supabase's default privileges in public reach the project's objects, not the shim's own.
    const grantees = (object: string, privilege: string) =>
      model.grants.filter((g) => g.object === object && g.privilege === privilege).map((g) => g.grantee).sort();
    expect(grantees('public.profiles', 'select')).toEqual(['anon', 'authenticated', 'service_role']);
    expect(grantees('auth.users', 'select')).toEqual([]);
  });

  it('does not apply the shim when the migrations do not use Supabase', async () => {
    const { model } = await load(join(fixtures, 'extensions'));
    expect(model.source.platform).toBeNull();
    expect(model.schemas.map((s) => s.name)).toEqual(['public']);
  });
});

describe('files named on the command line', () => {
  it('are applied in the order given', async () => {
    const dir = join(fixtures, 'failing');
    const { model } = await load([join(dir, '1_ok.sql'), join(fixtures, 'extensions', '001_init.sql')]);
    expect(model.source.files).toEqual(['test/fixtures/sources/failing/1_ok.sql', 'test/fixtures/sources/extensions/001_init.sql']);
    expect(model.tables.map((t) => t.id)).toEqual(['public.accounts', 'public.people']);
  });

  it('in the wrong order, fail at the statement that needs what is not there yet', async () => {
    const dir = join(fixtures, 'failing');
    const error = await failure([join(dir, '2_broken.sql'), join(dir, '1_ok.sql')]);
    expect(error.message).toBe('relation "accounts" does not exist');
    expect(error.location).toEqual({ file: 'test/fixtures/sources/failing/2_broken.sql', line: 4, column: 41 });
  });
});

describe('input errors are one clear line with exit code 2', () => {
  it.each([
    ['a missing path', ['does/not/exist'], /no such file or folder: does\/not\/exist/],
    ['a non-PostgreSQL URL', ['mysql://root@127.0.0.1:3306/test'], /not a PostgreSQL URL: mysql:\/\/root@127\.0\.0\.1:3306\/test/],
    ['an unreachable server', ['postgres://u:secret@127.0.0.1:1/db'], /cannot connect to 127\.0\.0\.1:1: connection refused/],
  ])('%s', async (_name, source, pattern) => {
    const error = await failure(source);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(pattern);
    expect(error.format()).not.toContain('secret');
  });
});
