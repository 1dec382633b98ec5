import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SchemaproofError } from '../src/errors.js';
import { discoverExplicit, discoverMigrations, readOrderFile } from '../src/source/discover.js';
import { naturalCompare } from '../src/source/layouts/natural.js';
import type { Discovery } from '../src/source/types.js';

// Running as root (CI containers) makes chmod useless for "cannot read" cases, so reads of any path
// containing this marker fail with EACCES instead.
const DENY = '__unreadable__';
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const denied = (p: unknown) => String(p).includes('__unreadable__');
  const eacces = (p: unknown) => Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: 'EACCES' });
  const readdir = (async (p: string, ...rest: unknown[]) => {
    if (denied(p)) throw eacces(p);
    return (real.readdir as (...args: unknown[]) => unknown)(p, ...rest);
  }) as typeof real.readdir;
  const readFile = (async (p: string, ...rest: unknown[]) => {
    if (denied(p)) throw eacces(p);
    return (real.readFile as (...args: unknown[]) => unknown)(p, ...rest);
  }) as typeof real.readFile;
  return { ...real, readdir, readFile, default: { ...real, readdir, readFile } };
});

const FIXTURES = fileURLToPath(new URL('./fixtures/layouts/', import.meta.url));
const at = (...parts: string[]) => path.join(FIXTURES, ...parts);
const opts = { cwd: FIXTURES };

const shown = (d: Discovery) => d.files.map((f) => f.displayPath);
const skippedReasons = (d: Discovery) => Object.fromEntries(d.skipped.map((s) => [s.displayPath, s.reason]));

async function failure(promise: Promise<unknown>): Promise<SchemaproofError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaproofError);
  const err = error as SchemaproofError;
  expect(err.exitCode).toBe(2);
  expect(err.message).not.toContain('\n');
  return err;
}

describe('prisma', () => {
  it('finds prisma/migrations in a project folder and applies each folder’s migration.sql by name', async () => {
    const d = await discoverMigrations('prisma', opts);
    expect(d.layout).toBe('prisma');
    expect(d.root).toBe(at('prisma/prisma/migrations'));
    expect(d.reason).toContain('migration.sql');
    expect(shown(d)).toEqual([
      'prisma/prisma/migrations/20240101120000_init/migration.sql',
      'prisma/prisma/migrations/20240110083000_add_email/migration.sql',
      'prisma/prisma/migrations/20240215093000_add_posts/migration.sql',
    ]);
    expect(d.files[1]!.text).toContain('ADD COLUMN "email"');
  });

  it('lists loose and extra .sql files as skipped', async () => {
    const d = await discoverMigrations('prisma', opts);
    expect(skippedReasons(d)).toEqual({
      'prisma/prisma/migrations/20240215093000_add_posts/rollback.sql': 'Prisma applies only migration.sql in each migration folder',
      'prisma/prisma/migrations/draft.sql': 'not in a migration folder; Prisma applies only <folder>/migration.sql',
    });
  });

  it('orders folder names as strings, like Prisma (10_ before 2_)', async () => {
    const d = await discoverMigrations('prisma-string-order', opts);
    expect(d.layout).toBe('prisma');
    expect(shown(d)).toEqual([
      'prisma-string-order/1_init/migration.sql',
      'prisma-string-order/10_posts/migration.sql',
      'prisma-string-order/2_users/migration.sql',
    ]);
  });
});

describe('prisma warnings', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'schemaproof-prisma-'));
    await mkdir(path.join(tmp, '20240101000000_init'));
    await writeFile(path.join(tmp, '20240101000000_init', 'migration.sql'), 'CREATE TABLE a (id int);\n');
    await mkdir(path.join(tmp, '20240102000000_half_done'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('warns about a migration folder without migration.sql', async () => {
    const d = await discoverMigrations(tmp, { cwd: tmp });
    expect(shown(d)).toEqual(['20240101000000_init/migration.sql']);
    expect(d.warnings).toEqual([{ message: '20240102000000_half_done/ has no migration.sql; prisma migrate would fail on it' }]);
  });
});

describe('supabase', () => {
  it('applies only <digits>_name.sql in lexicographic order and says why the rest is skipped', async () => {
    const d = await discoverMigrations('supabase', opts);
    expect(d.layout).toBe('supabase');
    expect(d.reason).toBe('folder is supabase/migrations');
    expect(shown(d)).toEqual([
      'supabase/supabase/migrations/000000000800_extensions.sql',
      'supabase/supabase/migrations/20240101000000_init.sql',
      'supabase/supabase/migrations/20240102000000_profiles_rls.sql',
    ]);
    // README.md is not SQL: ignored silently.
    expect(skippedReasons(d)).toEqual({
      'supabase/supabase/migrations/2025-11-05_telemetry.sql':
        'name does not match <timestamp>_name.sql; the Supabase CLI skips it',
    });
  });

  it('is recognised by 14-digit timestamp names in any folder', async () => {
    const d = await discoverMigrations('supabase-names', opts);
    expect(d.layout).toBe('supabase');
    expect(d.reason).toContain('14-digit');
    expect(shown(d)).toEqual([
      'supabase-names/20240301101500_create_orders.sql',
      'supabase-names/20240302090000_order_items.sql',
    ]);
    expect(d.skipped.map((s) => s.displayPath)).toEqual(['supabase-names/notes.sql']);
  });
});

describe('drizzle', () => {
  it('follows meta/_journal.json by idx and keeps statement-breakpoint comments', async () => {
    const d = await discoverMigrations('drizzle', opts);
    expect(d.layout).toBe('drizzle');
    expect(d.reason).toContain('meta/_journal.json');
    expect(shown(d)).toEqual([
      'drizzle/drizzle/0000_brave_hulk.sql',
      'drizzle/drizzle/0001_cool_storm.sql',
      'drizzle/drizzle/0002_quiet_vision.sql',
    ]);
    expect(d.files[0]!.text).toContain('--> statement-breakpoint\n');
    expect(skippedReasons(d)).toEqual({
      'drizzle/drizzle/0003_draft.sql': 'not in meta/_journal.json; drizzle-kit migrate skips it',
    });
  });

  it('fails on a journal entry without its file, naming the entry', async () => {
    const err = await failure(discoverMigrations('drizzle-missing', opts));
    expect(err.message).toContain('"0001_lost_file" (idx 1)');
    expect(err.message).toContain('drizzle-missing/0001_lost_file.sql');
    expect(err.hint).toContain('_journal.json');
  });

  it('without a journal, orders NNNN_ files when a meta/ folder is present', async () => {
    const d = await discoverMigrations('drizzle-nojournal', opts);
    expect(d.layout).toBe('drizzle');
    expect(shown(d)).toEqual(['drizzle-nojournal/0000_first.sql', 'drizzle-nojournal/0001_second.sql']);
  });
});

describe('flyway', () => {
  it('finds the Maven folder and orders versions numerically part by part, repeatables last', async () => {
    const d = await discoverMigrations('flyway', opts);
    expect(d.layout).toBe('flyway');
    expect(d.root).toBe(at('flyway/src/main/resources/db/migration'));
    expect(d.files.map((f) => path.basename(f.path))).toEqual([
      'V1__init.sql',
      'V1.1__add_email.sql',
      'V1_2__add_phone.sql',
      'V1.9__orders.sql',
      'V1.10__order_total.sql',
      'V2__invoices.sql',
      'R__a_functions.sql',
      'R__views.sql',
    ]);
    const reasons = Object.fromEntries(d.skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['U2__invoices.sql', 'cleanup.sql']);
    expect(reasons['U2__invoices.sql']).toContain('undo');
  });

  it('fails on two files with the same version, naming both', async () => {
    const err = await failure(discoverMigrations('flyway-dup', opts));
    expect(err.message).toContain('version 1.2');
    expect(err.message).toContain('flyway-dup/V1.2__first.sql');
    expect(err.message).toContain('flyway-dup/V1_2__second.sql');
  });
});

describe('golang-migrate', () => {
  it('applies .up.sql in numeric order and skips down migrations', async () => {
    const d = await discoverMigrations('golang-migrate', opts);
    expect(d.layout).toBe('golang-migrate');
    expect(d.root).toBe(at('golang-migrate/migrations'));
    expect(d.files.map((f) => path.basename(f.path))).toEqual([
      '1_create_users.up.sql',
      '2_add_email.up.sql',
      '10_create_posts.up.sql',
    ]);
    const reasons = Object.fromEntries(d.skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(reasons['2_add_email.down.sql']).toBe('down migration');
    expect(Object.keys(reasons)).toHaveLength(4);
    expect(reasons['schema_dump.sql']).toContain('golang-migrate ignores it');
  });

  it('fails on a duplicate version (01 and 1 are the same number)', async () => {
    const err = await failure(discoverMigrations('golang-dup', opts));
    expect(err.message).toContain('version 1');
    expect(err.message).toContain('golang-dup/01_create_accounts.up.sql');
    expect(err.message).toContain('golang-dup/1_create_users.up.sql');
  });
});

describe('dbmate', () => {
  it('is recognised by -- migrate:up (not as Supabase, despite 14-digit names) and found in db/migrations', async () => {
    const d = await discoverMigrations('dbmate', opts);
    expect(d.layout).toBe('dbmate');
    expect(d.root).toBe(at('dbmate/db/migrations'));
    expect(shown(d)).toEqual([
      'dbmate/db/migrations/20231215000000_extensions.sql',
      'dbmate/db/migrations/20240101000000_create_users.sql',
    ]);
    expect(skippedReasons(d)).toEqual({
      'dbmate/db/migrations/20240105000000_missing_marker.sql': 'no "-- migrate:up" line; dbmate refuses it',
    });
  });

  it('keeps only the up section and blanks every other line so line numbers stay true', async () => {
    const d = await discoverMigrations('dbmate', opts);
    const file = d.files[1]!;
    const onDisk = await readFile(file.path, 'utf8');
    expect(file.text.split('\n')).toHaveLength(onDisk.split('\n').length);
    expect(file.text.split('\n')).toEqual([
      '',
      '',
      'CREATE TABLE users (',
      '  id bigserial PRIMARY KEY,',
      '  email text NOT NULL UNIQUE',
      ');',
      '',
      '',
      '',
      '',
    ]);
  });
});

describe('plain', () => {
  it('uses natural order: digit runs numerically, the rest by code point', async () => {
    const d = await discoverMigrations('plain', opts);
    expect(d.layout).toBe('plain');
    expect(shown(d)).toEqual([
      'plain/1_init.sql',
      'plain/2_users.sql',
      'plain/10_indexes.sql',
      'plain/B_views.sql',
      'plain/a_grants.sql',
    ]);
  });

  it('strips a UTF-8 BOM', async () => {
    const d = await discoverMigrations('plain', opts);
    expect(d.files[0]!.text.startsWith('-- schema\n')).toBe(true);
  });

  it('skips data files and subfolder files with a reason, and ignores non-SQL files', async () => {
    const d = await discoverMigrations('plain', opts);
    const data = 'data file (seed); pass --include-data to apply it';
    expect(skippedReasons(d)).toEqual({
      'plain/archive/old_users.sql': 'in subfolder archive/; only .sql files directly in the migrations folder are applied',
      'plain/data/fixtures.sql': data,
      'plain/demo_seed.sql': data,
      'plain/seed.sql': data,
      'plain/seed_users.sql': data,
      'plain/seeds.sql': data,
      'plain/seeds/dev/more.sql': data,
      'plain/users.seed.sql': data,
    });
  });

  it('with includeData, applies seed-named files in order and data-folder files after all migrations', async () => {
    const d = await discoverMigrations('plain', { ...opts, includeData: true });
    expect(shown(d)).toEqual([
      'plain/1_init.sql',
      'plain/2_users.sql',
      'plain/10_indexes.sql',
      'plain/B_views.sql',
      'plain/a_grants.sql',
      'plain/demo_seed.sql',
      'plain/seed.sql',
      'plain/seed_users.sql',
      'plain/seeds.sql',
      'plain/users.seed.sql',
      'plain/data/fixtures.sql',
      'plain/seeds/dev/more.sql',
    ]);
    expect(d.skipped.map((s) => s.displayPath)).toEqual(['plain/archive/old_users.sql']);
  });

  it('naturalCompare breaks numeric ties by the full name', () => {
    expect(['a10', 'a2', 'a02', 'A1', 'b'].sort(naturalCompare)).toEqual(['A1', 'a02', 'a2', 'a10', 'b']);
  });
});

describe('choosing the folder', () => {
  it('takes the first conventional subfolder that has migrations', async () => {
    const d = await discoverMigrations('conventional', opts);
    expect(d.root).toBe(at('conventional/migrations'));
    expect(shown(d)).toEqual(['conventional/migrations/001_from_migrations.sql']);
  });

  it('prefers the named folder itself when it holds migrations', async () => {
    const d = await discoverMigrations('self-first', opts);
    expect(d.root).toBe(at('self-first'));
    expect(shown(d)).toEqual(['self-first/001_here.sql']);
  });
});

describe('--layout', () => {
  it('forces a layout; files that do not fit it are skipped with its reason', async () => {
    const d = await discoverMigrations('plain', { ...opts, layout: 'supabase' });
    expect(d.layout).toBe('supabase');
    expect(d.reason).toBe('--layout');
    expect(shown(d)).toEqual(['plain/10_indexes.sql', 'plain/1_init.sql', 'plain/2_users.sql']);
    expect(skippedReasons(d)['plain/B_views.sql']).toBe('name does not match <timestamp>_name.sql; the Supabase CLI skips it');
  });

  it('forcing plain applies what a detected layout would skip', async () => {
    const d = await discoverMigrations('supabase-names', { ...opts, layout: 'plain' });
    expect(d.layout).toBe('plain');
    expect(shown(d)).toContain('supabase-names/notes.sql');
  });

  it('forcing golang-migrate on other names applies nothing and says why', async () => {
    const d = await discoverMigrations('supabase-names', { ...opts, layout: 'golang-migrate' });
    expect(d.files).toEqual([]);
    expect(d.skipped).toHaveLength(3);
    expect(d.skipped[0]!.reason).toContain('<n>_name.up.sql');
  });
});

describe('display paths', () => {
  it('are relative to cwd when inside it', async () => {
    const d = await discoverMigrations(at('self-first'), { cwd: at('self-first') });
    expect(shown(d)).toEqual(['001_here.sql']);
    expect(d.files[0]!.path).toBe(at('self-first/001_here.sql'));
  });

  it('are absolute when outside cwd', async () => {
    // a sibling folder: self-first is not inside it, whatever the checkout's location
    const d = await discoverMigrations(at('self-first'), { cwd: at('plain') });
    expect(shown(d)).toEqual([at('self-first/001_here.sql')]);
  });
});

describe('errors', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'schemaproof-discover-'));
    await mkdir(path.join(tmp, `locked${DENY}`));
    await mkdir(path.join(tmp, 'badfile'));
    await writeFile(path.join(tmp, 'badfile', `1_${DENY}.sql`), 'SELECT 1;\n');
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('a missing folder', async () => {
    const err = await failure(discoverMigrations('nope', opts));
    expect(err.message).toBe('no such folder: nope');
  });

  it('a file where a folder is expected', async () => {
    const err = await failure(discoverMigrations('plain/2_users.sql', opts));
    expect(err.message).toBe('not a folder: plain/2_users.sql');
  });

  it('a folder without migrations (seed files do not count) lists where it looked and the layouts', async () => {
    const err = await failure(discoverMigrations('empty', opts));
    expect(err.message).toMatch(/^no migrations found in empty \(looked in it and in supabase\/migrations, prisma\/migrations, .*, sql\)$/);
    expect(err.hint).toContain('golang-migrate');
    expect(err.hint).toContain('--layout');
  });

  it('an unreadable folder', async () => {
    const err = await failure(discoverMigrations(`locked${DENY}`, { cwd: tmp }));
    expect(err.message).toBe(`cannot read folder locked${DENY}: permission denied`);
  });

  it('an unreadable migration file', async () => {
    const err = await failure(discoverMigrations('badfile', { cwd: tmp }));
    expect(err.message).toBe(`cannot read migration file badfile/1_${DENY}.sql: permission denied`);
  });
});

describe('explicit files and order files', () => {
  const cwd = at('explicit');

  it('applies files and folders in the order given', async () => {
    const d = await discoverExplicit(['extensions.sql', 'schema', 'grants.sql'], { cwd });
    expect(d.layout).toBe('plain');
    expect(d.reason).toBe('explicit order');
    expect(d.root).toBe(cwd);
    expect(shown(d)).toEqual(['extensions.sql', 'schema/1_tables.sql', 'schema/2_more.sql', 'grants.sql']);
  });

  it('keeps the layout of a single folder', async () => {
    const d = await discoverExplicit(['dbmate'], opts);
    expect(d.layout).toBe('dbmate');
    expect(d.root).toBe(at('dbmate/db/migrations'));
  });

  it('applies only the up section of a dbmate file named explicitly', async () => {
    const d = await discoverExplicit(['dbmate/db/migrations/20240101000000_create_users.sql', 'plain/2_users.sql'], opts);
    expect(d.files[0]!.text).not.toContain('DROP TABLE');
    expect(d.root).toBe(FIXTURES.replace(/\/$/, ''));
  });

  it('fails on a missing path', async () => {
    const err = await failure(discoverExplicit(['extensions.sql', 'nope.sql'], { cwd }));
    expect(err.message).toBe('no such file or folder: nope.sql');
  });

  it('reads an order file relative to its folder, ignoring comments and blank lines', async () => {
    const paths = await readOrderFile('explicit/order.txt', opts);
    expect(paths).toEqual([at('explicit/extensions.sql'), at('explicit/schema'), at('explicit/grants.sql')]);
    const d = await discoverExplicit(paths, opts);
    expect(shown(d)).toEqual([
      'explicit/extensions.sql',
      'explicit/schema/1_tables.sql',
      'explicit/schema/2_more.sql',
      'explicit/grants.sql',
    ]);
  });

  it('points at the order-file line of a missing file', async () => {
    const err = await failure(readOrderFile('explicit/bad-order.txt', opts));
    expect(err.message).toBe('no such file: schema/3_missing.sql');
    expect(err.location).toEqual({ file: 'explicit/bad-order.txt', line: 3, column: 1 });
  });

  it('fails on a missing order file', async () => {
    const err = await failure(readOrderFile('explicit/none.txt', opts));
    expect(err.message).toBe('no such order file: explicit/none.txt');
  });
});
