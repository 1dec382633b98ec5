/**
 * Introspection on embedded PGlite: the catalog → model mapping, object by object, and the rule that the
 * number of catalog queries does not depend on the size of the schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteEngine } from '../src/engine/pglite.js';
import type { Engine } from '../src/engine/types.js';
import { CATALOG_QUERY_COUNT, introspect } from '../src/introspect/index.js';
import { modelToJson } from '../src/model/json.js';
import type { SchemaModel } from '../src/model/types.js';

const source = { kind: 'sql-file' as const, location: 'inline.sql' };

const SCHEMA = `
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'money';
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD', 'GBP');
CREATE DOMAIN billing.cents AS bigint NOT NULL DEFAULT 0 CONSTRAINT cents_positive CHECK (VALUE >= 0);
CREATE TYPE billing.money_pair AS (amount billing.cents, currency billing.currency);
CREATE TABLE billing.accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text COLLATE "C" NOT NULL,
  currencies billing.currency[] NOT NULL DEFAULT '{EUR}',
  balance billing.cents,
  code_upper text GENERATED ALWAYS AS (upper(code)) STORED,
  CONSTRAINT accounts_code_key UNIQUE (code)
);
COMMENT ON TABLE billing.accounts IS 'ledger accounts';
COMMENT ON COLUMN billing.accounts.code IS 'external code';
CREATE TABLE billing.entries (
  id bigserial,
  account_id bigint NOT NULL,
  parent_id bigint,
  booked_at timestamptz NOT NULL,
  amount billing.cents,
  PRIMARY KEY (id, booked_at),
  CONSTRAINT entries_account_fk FOREIGN KEY (account_id) REFERENCES billing.accounts (id) ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (booked_at);
CREATE TABLE billing.entries_2026 PARTITION OF billing.entries FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX entries_account_idx ON billing.entries (account_id, booked_at DESC NULLS LAST) INCLUDE (amount);
CREATE TABLE billing.holds (
  account_id bigint REFERENCES billing.accounts (id) MATCH FULL ON DELETE SET NULL,
  during tstzrange NOT NULL,
  EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE billing.holds ADD CONSTRAINT holds_check CHECK (NOT isempty(during)) NOT VALID;
CREATE UNIQUE INDEX accounts_lower_code ON billing.accounts (lower(code)) WHERE balance > 0;
CREATE UNLOGGED TABLE billing.cache (k text PRIMARY KEY) ;
CREATE TABLE billing.archived_accounts () INHERITS (billing.accounts);
CREATE VIEW billing.positive AS SELECT id, code FROM billing.accounts WHERE balance > 0 WITH CASCADED CHECK OPTION;
ALTER VIEW billing.positive SET (security_barrier = true);
CREATE VIEW billing.positive_codes WITH (security_invoker = true) AS SELECT code FROM billing.positive;
CREATE MATERIALIZED VIEW billing.totals AS SELECT account_id, sum(amount) AS total FROM billing.entries GROUP BY account_id;
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = billing, pg_temp AS $$
BEGIN RETURN NEW; END $$;
CREATE FUNCTION billing.add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE STRICT LEAKPROOF AS 'SELECT a + b';
CREATE PROCEDURE billing.noop() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE billing.total(int) (SFUNC = int4pl, STYPE = int);
CREATE TRIGGER accounts_touch BEFORE INSERT OR UPDATE OF code, balance ON billing.accounts
  FOR EACH ROW WHEN (NEW.balance IS NOT NULL) EXECUTE FUNCTION billing.touch();
CREATE TRIGGER accounts_audit AFTER DELETE OR TRUNCATE ON billing.accounts FOR EACH STATEMENT EXECUTE FUNCTION billing.touch();
ALTER TABLE billing.accounts DISABLE TRIGGER accounts_audit;
CREATE ROLE app_reader NOLOGIN;
CREATE ROLE app_user NOLOGIN IN ROLE app_reader;
ALTER TABLE billing.accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY read_own ON billing.accounts AS RESTRICTIVE FOR SELECT TO app_user, app_reader USING (code = current_user);
CREATE POLICY write_own ON billing.accounts FOR INSERT TO app_user WITH CHECK (balance >= 0);
GRANT USAGE ON SCHEMA billing TO app_user;
GRANT SELECT, INSERT ON billing.accounts TO app_user WITH GRANT OPTION;
GRANT UPDATE (balance) ON billing.accounts TO app_reader;
REVOKE EXECUTE ON FUNCTION billing.add(int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing.add(int, int) TO app_user;
CREATE PUBLICATION accounts_pub FOR TABLE billing.accounts WITH (publish = 'insert, update');
`;

/** Counts what an engine is asked to run. */
function counting(engine: Engine): { engine: Engine; queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    engine: {
      kind: engine.kind,
      query: (sql, params) => {
        queries.push(sql);
        return engine.query(sql, params);
      },
      exec: (sql) => engine.exec(sql),
      close: () => engine.close(),
    },
  };
}

let engine: PgliteEngine;
let model: SchemaModel;

beforeAll(async () => {
  engine = await PgliteEngine.open({ extensions: ['btree_gist'] });
  await engine.exec(SCHEMA);
  model = await introspect(engine, { source });
});
afterAll(() => engine.close());

const byId = <T extends { id: string }>(list: T[], id: string): T => {
  const found = list.find((o) => o.id === id);
  if (!found) throw new Error(`no ${id} in [${list.map((o) => o.id).join(', ')}]`);
  return found;
};

describe('introspection', () => {
  it('reads schemas, enums, domains and composite types', () => {
    expect(byId(model.schemas, 'billing')).toMatchObject({ comment: 'money', origin: 'user' });
    expect(byId(model.enums, 'billing.currency').labels).toEqual(['EUR', 'USD', 'GBP']);
    expect(byId(model.domains, 'billing.cents')).toMatchObject({
      baseType: 'bigint', nullable: false, default: '0',
      constraints: [{ name: 'cents_positive', definition: 'CHECK (VALUE >= 0)' }],
    });
    expect(byId(model.compositeTypes, 'billing.money_pair').attributes).toEqual([
      { name: 'amount', type: 'billing.cents' }, { name: 'currency', type: 'billing.currency' },
    ]);
  });

  it('reads columns with identity, generated expressions, collations, user types and comments', () => {
    const accounts = byId(model.tables, 'billing.accounts');
    expect(accounts).toMatchObject({ kind: 'table', comment: 'ledger accounts', rls: { enabled: true, forced: true }, owner: 'postgres' });
    const col = (name: string) => accounts.columns.find((c) => c.name === name)!;
    expect(accounts.columns.map((c) => c.position)).toEqual([1, 2, 3, 4, 5]);
    expect(col('id')).toMatchObject({ type: 'bigint', identity: 'always', nullable: false, default: null });
    expect(col('code')).toMatchObject({ collation: '"C"', comment: 'external code', nullable: false });
    expect(col('currencies')).toMatchObject({ type: 'billing.currency[]', typeId: 'billing.currency', default: "'{EUR}'::billing.currency[]" });
    expect(col('balance')).toMatchObject({ type: 'billing.cents', typeId: 'billing.cents', nullable: true });
    expect(col('code_upper')).toMatchObject({ generated: 'upper(code)', default: null });
  });

  it('reads partitioned tables, partitions, inheritance and unlogged tables', () => {
    expect(byId(model.tables, 'billing.entries')).toMatchObject({ kind: 'partitioned', partitionKey: 'RANGE (booked_at)', estimatedRows: null });
    expect(byId(model.tables, 'billing.entries_2026')).toMatchObject({
      kind: 'table', partitionOf: 'billing.entries',
      partitionBound: "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')",
    });
    expect(byId(model.tables, 'billing.archived_accounts').inherits).toEqual(['billing.accounts']);
    expect(byId(model.tables, 'billing.cache').unlogged).toBe(true);
  });

  it('reads constraints and foreign keys, once per partitioned table', () => {
    const fk = byId(model.foreignKeys, 'billing.entries.entries_account_fk');
    expect(fk).toMatchObject({
      columns: ['account_id'], refTable: 'billing.accounts', refColumns: ['id'], onDelete: 'restrict', onUpdate: 'cascade',
      match: 'simple', deferrable: true, initiallyDeferred: true, validated: true,
    });
    expect(model.foreignKeys.filter((f) => f.name === 'entries_account_fk')).toHaveLength(1);
    expect(byId(model.foreignKeys, 'billing.holds.holds_account_id_fkey')).toMatchObject({ match: 'full', onDelete: 'set null' });
    expect(byId(model.constraints, 'billing.holds.holds_check')).toMatchObject({ type: 'check', validated: false, definition: 'CHECK (NOT isempty(during)) NOT VALID' });
    expect(byId(model.constraints, 'billing.holds.holds_during_excl')).toMatchObject({ type: 'exclude', index: 'billing.holds_during_excl' });
    expect(byId(model.constraints, 'billing.accounts.accounts_pkey')).toMatchObject({ type: 'primary key', columns: ['id'] });
    // NOT NULL is a column property, never a constraint row (PostgreSQL 18 also stores it in pg_constraint)
    expect(model.constraints.some((c) => c.definition.startsWith('NOT NULL'))).toBe(false);
  });

  it('reads index keys: columns, expressions, order, INCLUDE, predicates', () => {
    expect(byId(model.indexes, 'billing.entries_account_idx')).toMatchObject({
      table: 'billing.entries', method: 'btree', unique: false, include: ['amount'],
      keys: [
        { column: 'account_id', expression: null, descending: false, nullsFirst: false },
        { column: 'booked_at', expression: null, descending: true, nullsFirst: false },
      ],
    });
    expect(byId(model.indexes, 'billing.accounts_lower_code')).toMatchObject({
      unique: true, predicate: 'balance::bigint > 0', keys: [{ column: null, expression: 'lower(code)' }], constraint: null,
    });
    expect(byId(model.indexes, 'billing.accounts_pkey')).toMatchObject({ primary: true, constraint: 'billing.accounts.accounts_pkey' });
    expect(byId(model.indexes, 'billing.holds_during_excl').method).toBe('gist');
    // the partition's copy of a partitioned index is the same index
    expect(model.indexes.filter((i) => i.table === 'billing.entries_2026')).toEqual([]);
  });

  it('reads views with options and dependencies, and materialized views', () => {
    expect(byId(model.views, 'billing.positive')).toMatchObject({
      materialized: false, securityBarrier: true, securityInvoker: false, checkOption: 'cascaded',
      dependsOn: ['billing.accounts'], columns: [{ name: 'id', type: 'bigint' }, { name: 'code', type: 'text' }],
    });
    expect(byId(model.views, 'billing.positive_codes')).toMatchObject({ securityInvoker: true, dependsOn: ['billing.positive'] });
    expect(byId(model.views, 'billing.totals')).toMatchObject({ materialized: true, dependsOn: ['billing.entries'] });
  });

  it('reads functions, procedures and aggregates', () => {
    expect(byId(model.functions, 'billing.touch()')).toMatchObject({
      kind: 'function', returns: 'trigger', language: 'plpgsql', securityDefiner: true, config: ['search_path=billing, pg_temp'],
    });
    expect(byId(model.functions, 'billing.touch()').definition).toContain('CREATE OR REPLACE FUNCTION billing.touch()');
    expect(byId(model.functions, 'billing.add(a integer, b integer)')).toMatchObject({
      args: 'a integer, b integer DEFAULT 1', volatility: 'immutable', strict: true, leakproof: true,
    });
    expect(byId(model.functions, 'billing.noop()')).toMatchObject({ kind: 'procedure', returns: null });
    expect(byId(model.functions, 'billing.total(integer)')).toMatchObject({ kind: 'aggregate', definition: null });
  });

  it('reads triggers: timing, events, columns, level, WHEN, enabled', () => {
    expect(byId(model.triggers, 'billing.accounts.accounts_touch')).toMatchObject({
      timing: 'before', events: ['insert', 'update'], columns: ['code', 'balance'], level: 'row',
      when: 'new.balance IS NOT NULL', function: 'billing.touch()', enabled: 'origin',
    });
    expect(byId(model.triggers, 'billing.accounts.accounts_audit')).toMatchObject({
      timing: 'after', events: ['delete', 'truncate'], level: 'statement', when: null, enabled: 'disabled',
    });
  });

  it('reads policies, grants, the roles they name, and publications', () => {
    expect(byId(model.policies, 'billing.accounts.read_own')).toMatchObject({
      permissive: false, command: 'select', roles: ['app_reader', 'app_user'], using: 'code = CURRENT_USER', withCheck: null,
    });
    expect(byId(model.policies, 'billing.accounts.write_own')).toMatchObject({ command: 'insert', using: null, withCheck: 'balance::bigint >= 0' });
    expect(model.grants.map((g) => `${g.objectKind} ${g.id} ${g.grantable}`)).toEqual([
      'function billing.add(a integer, b integer):app_user:execute false',
      'table billing.accounts:app_user:insert true',
      'table billing.accounts:app_user:select true',
      'column billing.accounts.balance:app_reader:update false',
      'schema billing:app_user:usage false',
      'schema public:public:usage false',
    ].sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1)));
    expect(model.roles.map((r) => [r.name, r.memberOf])).toEqual([
      ['app_reader', []], ['app_user', ['app_reader']], ['postgres', []],
    ]);
    expect(byId(model.publications, 'accounts_pub')).toMatchObject({ tables: ['billing.accounts', 'billing.archived_accounts'], actions: ['insert', 'update'] });
  });

  it('keeps sequences with the column that owns them', () => {
    expect(byId(model.sequences, 'billing.entries_id_seq')).toMatchObject({ ownedBy: 'billing.entries.id', type: 'bigint' });
    expect(byId(model.sequences, 'billing.accounts_id_seq')).toMatchObject({ ownedBy: 'billing.accounts.id' });
  });

  it('is deterministic: two reads give byte-identical JSON, arrays sorted by id', async () => {
    const again = await introspect(engine, { source });
    expect(modelToJson(again)).toBe(modelToJson(model));
    for (const key of ['tables', 'indexes', 'constraints', 'grants', 'functions'] as const) {
      const ids = model[key].map((o) => o.id);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });
});

describe('catalog query count', () => {
  it('is the same fixed number for 3 tables and for 60', async () => {
    const counts: number[] = [];
    for (const n of [3, 60]) {
      const db = await PgliteEngine.open();
      try {
        const ddl = Array.from({ length: n }, (_, i) =>
          `CREATE TABLE t${i} (id int PRIMARY KEY, parent int REFERENCES t${Math.max(0, i - 1)} (id), note text);
           CREATE INDEX ON t${i} (note); CREATE POLICY p ON t${i} USING (true);`).join('\n');
        await db.exec(ddl);
        const { engine: counted, queries } = counting(db);
        const read = await introspect(counted, { source });
        expect(read.tables).toHaveLength(n);
        expect(read.policies).toHaveLength(n);
        counts.push(queries.length);
      } finally {
        await db.close();
      }
    }
    expect(counts).toEqual([CATALOG_QUERY_COUNT, CATALOG_QUERY_COUNT]);
    expect(CATALOG_QUERY_COUNT).toBeLessThanOrEqual(15);
  });
});
