/**
 * Where objects were created (src/source/locate.ts): a migrations folder with tables, named and unnamed constraints,
 * indexes, functions (one overloaded), a trigger, a policy, an enum, a domain, views, a search_path, renames and a
 * drop + re-create. The ids must be the model's: the same folder is loaded with loadSchema and every located id is
 * looked up in the model.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceLocation } from '../src/errors.js';
import type { SchemaModel } from '../src/model/types.js';
import { loadSchema } from '../src/source/load.js';
import { identityArgCount, locateObjects, locateSource, type ObjectLocations } from '../src/source/locate.js';
import { splitStatements } from '../src/source/statements.js';

const FILES: Record<string, string> = {
  '001_init.sql': `-- the base schema
CREATE SCHEMA app;
CREATE TYPE public.mood AS ENUM ('happy', 'sad'); CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);

CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT accounts_pk PRIMARY KEY,
  name text NOT NULL,
  CONSTRAINT accounts_name_len CHECK (length(name) < 100)
);

CREATE TABLE app.orders (
  id bigint PRIMARY KEY,
  account_id bigint NOT NULL,
  status mood NOT NULL,
  amount app.positive,
  UNIQUE (account_id, id)
);
ALTER TABLE app.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
CREATE INDEX orders_account_idx ON app.orders (account_id);
CREATE INDEX ON app.orders (status);

CREATE FUNCTION total(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION total(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b';
`,
  '002_logic.sql': `SET search_path TO app, public;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEW;
END
$$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_own ON orders FOR SELECT USING (account_id = 1);
CREATE VIEW public.order_totals AS SELECT account_id, sum(amount) AS total FROM orders GROUP BY account_id;
CREATE MATERIALIZED VIEW order_counts AS SELECT account_id, count(*) AS n FROM orders GROUP BY account_id;
ALTER TABLE orders ADD COLUMN note text;
`,
  '003_recreate.sql': `DROP VIEW order_totals;
CREATE VIEW order_totals AS SELECT account_id FROM app.orders;
DROP INDEX app.orders_account_idx;
  CREATE INDEX orders_account_idx ON app.orders (account_id, id);
ALTER TABLE accounts RENAME TO customers;
CREATE TABLE scratch (id integer CONSTRAINT scratch_pk PRIMARY KEY);
DROP TABLE scratch;
DROP FUNCTION total(integer);
CREATE OR REPLACE FUNCTION total(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b + 0';
`,
};

let dir: string;
let model: SchemaModel;
let located: ObjectLocations;

/** Where `statement` starts in `file` (1-based line and column), found in the fixture text above. */
function at(file: string, statement: string): SourceLocation {
  const text = FILES[file]!;
  const offset = text.indexOf(statement);
  if (offset < 0) throw new Error(`${statement} not in ${file}`);
  const before = text.slice(0, offset).split('\n');
  return { file: `migrations/${file}`, line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Every id the model has, of every kind that can be located. */
function modelIds(m: SchemaModel): Set<string> {
  const ids = new Set<string>();
  for (const list of [m.schemas, m.extensions, m.tables, m.constraints, m.foreignKeys, m.indexes, m.views, m.functions, m.triggers, m.policies, m.enums, m.domains, m.compositeTypes, m.sequences]) {
    for (const o of list) ids.add(o.id);
  }
  for (const t of m.tables) for (const c of t.columns) ids.add(c.id);
  return ids;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'schemaproof-locate-'));
  await mkdir(path.join(dir, 'migrations'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(dir, 'migrations', name), text);
  model = await loadSchema('migrations', { cwd: dir });
  located = await locateSource(['migrations'], { cwd: dir, model });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('locateSource on a migrations folder', () => {
  it('locates every kind of object at the statement that created it', () => {
    const expected: Record<string, SourceLocation> = {
      app: at('001_init.sql', 'CREATE SCHEMA app'),
      'public.mood': at('001_init.sql', 'CREATE TYPE public.mood'),
      'app.positive': at('001_init.sql', 'CREATE DOMAIN app.positive'),
      'app.orders': at('001_init.sql', 'CREATE TABLE app.orders'),
      'app.orders.status': at('001_init.sql', 'CREATE TABLE app.orders'),
      'app.orders.orders_account_fk': at('001_init.sql', 'ALTER TABLE app.orders ADD CONSTRAINT orders_account_fk'),
      'app.touch()': at('002_logic.sql', 'CREATE FUNCTION touch()'),
      'app.orders.orders_touch': at('002_logic.sql', 'CREATE TRIGGER orders_touch'),
      'app.orders.orders_own': at('002_logic.sql', 'CREATE POLICY orders_own'),
      'app.order_counts': at('002_logic.sql', 'CREATE MATERIALIZED VIEW order_counts'),
      'app.orders.note': at('002_logic.sql', 'ALTER TABLE orders ADD COLUMN note'),
    };
    for (const [id, location] of Object.entries(expected)) expect([id, located.get(id)]).toEqual([id, location]);
    // Two statements on one line: the second one's column.
    expect(located.get('app.positive')!.column).toBeGreaterThan(1);
  });

  it('keeps the table for RLS (ENABLE ROW LEVEL SECURITY moves nothing) and leaves unnamed constraints and indexes to their table', () => {
    expect(located.get('app.orders')).toEqual(at('001_init.sql', 'CREATE TABLE app.orders'));
    const unnamed = ['app.orders.orders_pkey', 'app.orders_pkey', 'app.orders.orders_account_id_id_key', 'app.orders_account_id_id_key', 'app.orders_status_idx'];
    const ids = modelIds(model);
    for (const id of unnamed) expect([id, ids.has(id), located.has(id)]).toEqual([id, true, false]);
  });

  it('the last creation wins after a drop + re-create, and a dropped object has no location', () => {
    expect(located.get('public.order_totals')).toEqual(at('003_recreate.sql', 'CREATE VIEW order_totals'));
    expect(located.get('app.orders_account_idx')).toEqual(at('003_recreate.sql', 'CREATE INDEX orders_account_idx'));
    expect(located.get('app.orders_account_idx')!.column).toBe(3);
    expect(located.has('public.scratch')).toBe(false);
    expect(located.has('public.scratch.scratch_pk')).toBe(false);
    expect(located.has('public.scratch_pk')).toBe(false);
  });

  it('follows a rename: the table, its columns, named constraints and their index keep where they were created', () => {
    const created = at('001_init.sql', 'CREATE TABLE accounts');
    expect(located.get('public.customers')).toEqual(created);
    expect(located.get('public.customers.name')).toEqual(created);
    expect(located.get('public.customers.accounts_pk')).toEqual(created);
    expect(located.get('public.customers.accounts_name_len')).toEqual(created);
    expect(located.get('public.accounts_pk')).toEqual(created);
    expect(located.has('public.accounts')).toBe(false);
  });

  it('matches functions to the model by name, and overloads by argument count', () => {
    const totals = model.functions.filter((f) => f.name === 'total').map((f) => f.id);
    expect(totals).toEqual(['public.total(a integer, b integer)']);
    expect(located.get('public.total(a integer, b integer)')).toEqual(at('003_recreate.sql', 'CREATE OR REPLACE FUNCTION total'));
  });

  it('uses only ids the model has', () => {
    const ids = modelIds(model);
    const unknown = [...located.keys()].filter((id) => !ids.has(id));
    expect(unknown).toEqual([]);
    // …and locates every user object of the kinds it reads.
    for (const id of ['public.customers', 'app.orders', 'public.order_totals', 'app.order_counts', 'app.touch()', 'public.mood', 'app.positive']) {
      expect(ids.has(id)).toBe(true);
      expect(located.has(id)).toBe(true);
    }
  });

  it('has nothing to locate for a database URL or a snapshot', async () => {
    expect((await locateSource(['postgres://localhost:1/none'])).size).toBe(0);
    await writeFile(path.join(dir, 'schema.json'), '{}');
    expect((await locateSource(['schema.json'], { cwd: dir })).size).toBe(0);
  });
});

describe('locateObjects', () => {
  async function locate(files: Record<string, string>, m?: Pick<SchemaModel, 'functions'>) {
    const parsed = [];
    for (const [name, text] of Object.entries(files)) parsed.push({ displayPath: name, statements: (await splitStatements(text, name)).statements });
    return locateObjects(parsed, m);
  }

  it('locates no function without a model, and overloads by argument count with one', async () => {
    const files = { 'a.sql': 'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$SELECT 1$$;\nCREATE FUNCTION f(a int, OUT b int, c text) LANGUAGE sql AS $$SELECT 1$$;' };
    expect([...(await locate(files)).keys()]).toEqual([]);
    const fn = (identityArgs: string) => ({ id: `public.f(${identityArgs})`, schema: 'public', name: 'f', identityArgs }) as SchemaModel['functions'][number];
    const found = await locate(files, { functions: [fn('a integer'), fn('a integer, c text')] });
    expect(found.get('public.f(a integer)')).toMatchObject({ line: 1 });
    expect(found.get('public.f(a integer, c text)')).toMatchObject({ line: 2 });
  });

  it('resolves unqualified names through SET search_path, per file, and CREATE SCHEMA … CREATE TABLE', async () => {
    const found = await locate({
      'a.sql': "SET search_path = '$user', billing;\nCREATE TABLE invoices (id int);\nRESET search_path;\nCREATE TABLE notes (id int);",
      'b.sql': 'CREATE TABLE later (id int);\nCREATE SCHEMA crm CREATE TABLE leads (id int) CREATE VIEW hot AS SELECT 1;',
    });
    expect([...found.keys()].sort()).toEqual([
      'billing.invoices', 'billing.invoices.id', 'crm', 'crm.hot', 'crm.leads', 'crm.leads.id',
      'public.later', 'public.later.id', 'public.notes', 'public.notes.id',
    ]);
  });

  it('ignores CREATE … IF NOT EXISTS of an object that exists, and follows DROP / RENAME of constraints, triggers and types', async () => {
    const found = await locate({
      'a.sql': [
        'CREATE TABLE t (id int, CONSTRAINT t_u UNIQUE (id));',
        'CREATE TABLE IF NOT EXISTS t (id int);',
        'ALTER TABLE t RENAME CONSTRAINT t_u TO t_unique;',
        'CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();',
        'DROP TRIGGER trg ON t;',
        'CREATE TYPE e AS ENUM (\'a\');',
        'ALTER TYPE e RENAME TO e2;',
        'ALTER TABLE t ADD CONSTRAINT t_c CHECK (id > 0), DROP CONSTRAINT t_unique;',
      ].join('\n'),
    });
    expect(Object.fromEntries([...found].map(([id, l]) => [id, l.line]))).toEqual({ 'public.t': 1, 'public.t.id': 1, 'public.e2': 6, 'public.t.t_c': 8 });
  });

  it('counts identity arguments in Postgres\'s text', () => {
    expect(identityArgCount('')).toBe(0);
    expect(identityArgCount('a integer')).toBe(1);
    expect(identityArgCount('a integer, "b,c" text, VARIADIC d numeric[]')).toBe(3);
  });
});
