/**
 * Round trips of small schemas that each hold one thing a squash script must get right: the script is applied into
 * a fresh sandbox, read back and compared with the original, and the script is checked to say it the way it must
 * (in the order it must).
 */
import { describe, expect, it } from 'vitest';
import { PgliteEngine } from '../../src/engine/pglite.js';
import { introspect } from '../../src/introspect/index.js';
import { compareModels } from '../../src/squash/compare.js';
import { openSandboxFromModel } from '../../src/squash/index.js';
import { before, quiet, squashSql } from './helpers.js';

describe('squash round trips', () => {
  it('a foreign-key cycle: both keys are added once both tables exist', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE TABLE teams (id int PRIMARY KEY, captain_id int);
      CREATE TABLE players (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id) ON DELETE CASCADE);
      ALTER TABLE teams ADD CONSTRAINT teams_captain_fk FOREIGN KEY (captain_id) REFERENCES players (id) DEFERRABLE INITIALLY DEFERRED;
    `);
    expect(roundTrip.differences).toEqual([]);
    expect(roundTrip.identical).toBe(true);
    const fk = 'ALTER TABLE teams ADD CONSTRAINT teams_captain_fk FOREIGN KEY (captain_id) REFERENCES players(id) DEFERRABLE INITIALLY DEFERRED;';
    expect(sql).toContain(fk);
    expect(sql).toContain('ALTER TABLE players ADD CONSTRAINT players_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE;');
    expect(before(sql, 'CREATE TABLE teams', fk) && before(sql, 'CREATE TABLE players', fk)).toBe(true);
  });

  it('views on views, a materialized view with its index, security_invoker and a check option', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE TABLE orders (id int PRIMARY KEY, total numeric NOT NULL);
      CREATE VIEW a_big AS SELECT id, total FROM orders WHERE total > 100;
      CREATE VIEW z_bigger WITH (security_invoker = true) AS SELECT id FROM a_big WHERE total > 1000 WITH LOCAL CHECK OPTION;
      CREATE VIEW m_top AS SELECT id FROM z_bigger ORDER BY id LIMIT 10;
      CREATE MATERIALIZED VIEW b_summary AS SELECT count(*) AS n FROM m_top;
      CREATE UNIQUE INDEX b_summary_n ON b_summary (n);
      COMMENT ON MATERIALIZED VIEW b_summary IS 'refreshed nightly';
    `);
    expect(roundTrip.differences).toEqual([]);
    // Each after the view it reads, whatever the names' order.
    expect(before(sql, 'CREATE VIEW a_big', 'CREATE VIEW z_bigger')).toBe(true);
    expect(before(sql, 'CREATE VIEW z_bigger', 'CREATE VIEW m_top')).toBe(true);
    expect(before(sql, 'CREATE VIEW m_top', 'CREATE MATERIALIZED VIEW b_summary')).toBe(true);
    expect(sql).toContain('CREATE VIEW z_bigger WITH (security_invoker = true) AS\n SELECT id\n   FROM a_big\n  WHERE total > 1000::numeric\n  WITH LOCAL CHECK OPTION;');
    expect(sql).toContain('CREATE UNIQUE INDEX b_summary_n ON public.b_summary USING btree (n);');
  });

  it('a DEFAULT, a CHECK, a generated column and a domain that call user functions: the functions come first', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE FUNCTION z_code() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN md5(random()::text); END $$;
      CREATE FUNCTION z_valid(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(t) > 3 $$;
      CREATE FUNCTION z_slug(t text) RETURNS text LANGUAGE sql IMMUTABLE RETURN lower(t);
      CREATE DOMAIN code AS text CHECK (z_valid(VALUE));
      CREATE TABLE a_items (
        id int PRIMARY KEY,
        ref code DEFAULT z_code(),
        name text CHECK (z_valid(name)),
        slug text GENERATED ALWAYS AS (z_slug(name)) STORED
      );
      -- A SQL-standard body is parsed at creation: it must come after the table it reads.
      CREATE FUNCTION a_item_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM a_items; END;
    `);
    expect(roundTrip.differences).toEqual([]);
    for (const f of ['z_code()', 'z_valid(t text)', 'z_slug(t text)']) expect(before(sql, `FUNCTION public.${f}`, 'CREATE TABLE a_items')).toBe(true);
    expect(before(sql, 'FUNCTION public.z_valid(t text)', 'CREATE DOMAIN code')).toBe(true);
    expect(before(sql, 'CREATE TABLE a_items', 'FUNCTION public.a_item_count()')).toBe(true);
    expect(sql).toContain('-- Functions that use the objects above');
  });

  it('column-level grants, a grant option and a revoked PUBLIC execute', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE ROLE squash_support NOLOGIN;
      CREATE TABLE accounts (id int PRIMARY KEY, email text, plan text, secret text);
      GRANT SELECT (id, email, plan), UPDATE (plan) ON accounts TO squash_support;
      GRANT SELECT ON accounts TO squash_support WITH GRANT OPTION;
      CREATE FUNCTION rotate() RETURNS void LANGUAGE sql AS $$ SELECT $$;
      REVOKE EXECUTE ON FUNCTION rotate() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION rotate() TO squash_support;
    `);
    expect(roundTrip.differences).toEqual([]);
    expect(sql).toContain(
      [
        'REVOKE ALL ON TABLE accounts FROM PUBLIC, squash_support;',
        'GRANT SELECT ON TABLE accounts TO squash_support WITH GRANT OPTION;',
        'GRANT SELECT (email, id, plan) ON TABLE accounts TO squash_support;',
        'GRANT UPDATE (plan) ON TABLE accounts TO squash_support;',
      ].join('\n'),
    );
    expect(sql).toContain('REVOKE ALL ON FUNCTION rotate() FROM PUBLIC, squash_support;\nGRANT EXECUTE ON FUNCTION rotate() TO squash_support;\n');
  });

  it('disabled, replica and always triggers keep their state', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE TABLE events (id int PRIMARY KEY, at timestamptz);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
      CREATE TRIGGER off BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();
      ALTER TABLE events DISABLE TRIGGER off;
      CREATE TRIGGER replica BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION touch();
      ALTER TABLE events ENABLE REPLICA TRIGGER replica;
      CREATE TRIGGER always AFTER DELETE ON events FOR EACH STATEMENT EXECUTE FUNCTION touch();
      ALTER TABLE events ENABLE ALWAYS TRIGGER always;
    `);
    expect(roundTrip.differences).toEqual([]);
    expect(sql).toContain('CREATE TRIGGER off BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();\nALTER TABLE events DISABLE TRIGGER off;');
    expect(sql).toContain('ALTER TABLE events ENABLE REPLICA TRIGGER replica;');
    expect(sql).toContain('ALTER TABLE events ENABLE ALWAYS TRIGGER always;');
  });

  it('partitions (attached with another column order, sub-partitioned, a default one), inheritance and identity after a rename', async () => {
    // The parents' CHECKs are listed on every partition and child too: written once where they are inherited.
    const { sql, roundTrip } = await squashSql(`
      CREATE TABLE events (id bigint NOT NULL CHECK (id > 0), at date NOT NULL, kind text DEFAULT 'x') PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (kind);
      CREATE TABLE events_2024_x PARTITION OF events_2024 FOR VALUES IN ('x');
      CREATE TABLE events_other PARTITION OF events DEFAULT;
      ALTER TABLE events_other ALTER COLUMN kind SET DEFAULT 'y';
      CREATE TABLE events_2023 (kind text, at date NOT NULL, id bigint NOT NULL CONSTRAINT events_id_check CHECK (id > 0));
      ALTER TABLE events ATTACH PARTITION events_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
      CREATE INDEX events_at ON events (at);
      CREATE TABLE base (id int CHECK (id > 0), created timestamptz DEFAULT now());
      CREATE TABLE child (extra text) INHERITS (base);
      -- Added NOT VALID once the partitions and children exist: NOT VALID on them too.
      ALTER TABLE events ADD CONSTRAINT events_late CHECK (id < 1000000) NOT VALID;
      ALTER TABLE base ADD CONSTRAINT base_late CHECK (id < 1000) NOT VALID;
      CREATE TABLE tickets_old (id int GENERATED ALWAYS AS IDENTITY (START WITH 500) PRIMARY KEY);
      ALTER TABLE tickets_old RENAME TO tickets;
    `);
    expect(roundTrip.differences).toEqual([]);
    expect(sql).toContain("CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (kind);");
    expect(sql).toContain("ALTER TABLE events ATTACH PARTITION events_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');");
    expect(sql).toContain("CREATE TABLE events_other PARTITION OF events DEFAULT;\nALTER TABLE events_other ALTER COLUMN kind SET DEFAULT 'y'::text;");
    expect(sql).toContain('CREATE TABLE child (\n  id      integer,\n  created timestamp with time zone DEFAULT now(),\n  extra   text\n) INHERITS (base);');
    // On events and base (inline), and on events_2023 (attached, so it must have it already); not on the others.
    expect(sql.match(/CHECK \(id > 0\)/g)).toHaveLength(3);
    expect(sql).toContain('  CONSTRAINT events_id_check CHECK (id > 0)\n);\nALTER TABLE events ATTACH PARTITION events_2023');
    expect(sql).toContain('id integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME tickets_old_id_seq START WITH 500) NOT NULL');
    expect(sql.match(/ADD CONSTRAINT \w+_late .*/g)).toEqual([
      'ADD CONSTRAINT base_late CHECK (id < 1000) NOT VALID;',
      'ADD CONSTRAINT events_late CHECK (id < 1000000) NOT VALID;',
    ]);
  });

  it('a Supabase project: the platform default privileges undone where the project revoked them, its policy on storage kept', async () => {
    const { sql, model, roundTrip } = await squashSql(`
      CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE, name text);
      CREATE POLICY "avatars are theirs" ON storage.objects FOR INSERT TO authenticated WITH CHECK (owner = auth.uid());
      CREATE FUNCTION public.secret() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;
      REVOKE ALL ON FUNCTION public.secret() FROM PUBLIC, anon, authenticated, service_role;
      CREATE TABLE public.readonly (id int);
      REVOKE INSERT, UPDATE, DELETE ON public.readonly FROM anon;
    `);
    expect(model.source.platform).toBe('supabase');
    expect(roundTrip.differences).toEqual([]);
    expect(sql).toContain('CREATE POLICY "avatars are theirs" ON storage.objects\n  FOR INSERT\n  TO authenticated\n  WITH CHECK (owner = auth.uid());');
    expect(sql).toContain('ALTER TABLE profiles ADD CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE;');
    expect(sql).toContain(
      'REVOKE ALL ON TABLE readonly FROM PUBLIC, anon, authenticated, service_role;\n' +
        'GRANT SELECT, TRUNCATE, REFERENCES, TRIGGER ON TABLE readonly TO anon;\n' +
        'GRANT ALL ON TABLE readonly TO authenticated, service_role;\n',
    );
    // No privilege left at all: the reset alone, or the platform would grant EXECUTE to anon again.
    expect(sql).toContain('REVOKE ALL ON FUNCTION secret() FROM PUBLIC, anon, authenticated, service_role;\n');
    expect(sql).not.toContain('ON FUNCTION secret() TO');
  });

  it('ownership with --owners, and the owners compared then', async () => {
    const setup = `
      CREATE ROLE squash_owner NOLOGIN;
      CREATE TABLE ledger (id int PRIMARY KEY);
      ALTER TABLE ledger OWNER TO squash_owner;
    `;
    const without = await squashSql(setup);
    expect(without.roundTrip.identical).toBe(true);
    expect(without.sql).not.toContain('OWNER TO');
    const withOwners = await squashSql(setup, { owners: true });
    expect(withOwners.roundTrip.differences).toEqual([]);
    expect(withOwners.sql).toContain('ALTER TABLE ledger OWNER TO squash_owner;');
  });

  it('what the script cannot write (an aggregate) fails the round trip, which names it', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE FUNCTION add_int(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a + b;
      CREATE AGGREGATE total(int) (SFUNC = add_int, STYPE = int);
    `);
    expect(sql).toContain('-- AGGREGATE total(integer): not written (the model holds no definition for an aggregate)');
    expect(roundTrip.identical).toBe(false);
    expect(roundTrip.differences).toEqual([{ kind: 'function', object: 'public.total(integer)', change: 'missing', field: null, from: null, to: null }]);
  });

  it('a script that does not apply is a failed round trip located in the script, not a crash', async () => {
    const { sql, roundTrip } = await squashSql(`
      CREATE FUNCTION add_int(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a + b;
      CREATE AGGREGATE total(int) (SFUNC = add_int, STYPE = int);
      CREATE TABLE t (x int);
      CREATE VIEW sums AS SELECT total(x) AS s FROM t;
    `);
    expect(roundTrip.identical).toBe(false);
    expect(roundTrip.differences).toEqual([]);
    const line = sql.split('\n').findIndex((l) => l.startsWith('CREATE VIEW sums')) + 1;
    expect(roundTrip.error?.message).toBe('function total(integer) does not exist');
    expect(roundTrip.error?.location).toEqual({ file: 'master.sql', line: line + 1, column: expect.any(Number) });
  });
});

describe('openSandboxFromModel', () => {
  it('rebuilds a model in a fresh sandbox and leaves it open to be probed', async () => {
    const engine = await PgliteEngine.open();
    await engine.exec(`
      CREATE TABLE plans (id int PRIMARY KEY, price numeric CHECK (price >= 0));
      ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
      CREATE POLICY visible ON plans FOR SELECT USING (price > 0);
    `);
    const model = await introspect(engine, { source: { kind: 'url', location: 'postgres://db.internal/prod' } });
    await engine.close();

    const sandbox = await openSandboxFromModel(model, quiet);
    try {
      expect(sandbox.model.source).toEqual(model.source);
      expect(compareModels(model, sandbox.model)).toEqual([]);
      await expect(sandbox.engine.exec('INSERT INTO plans VALUES (1, -5)')).rejects.toThrow(/plans_price_check/);
      expect(await sandbox.engine.execute('INSERT INTO plans VALUES (1, 5)')).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});
