/**
 * squashModel() on small inline models: what the script says, in which order, and why — the pure half of squash
 * (the round trip, which applies it, is in roundtrip.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import type { SchemaModel, View } from '../../src/model/types.js';
import { squashModel } from '../../src/squash/ddl.js';
import { check, fk, fn, model, policy, table, trigger } from '../helpers/model.js';

beforeAll(async () => {
  await loadExpressionParser();
});

function view(id: string, definition: string, dependsOn: string[], extra: Partial<View> = {}): View {
  const [schema, name] = [id.slice(0, id.indexOf('.')), id.slice(id.indexOf('.') + 1)];
  return {
    id, schema, name, materialized: false, definition, columns: [{ name: 'id', type: 'uuid', comment: null }],
    securityInvoker: false, securityBarrier: false, checkOption: null, owner: 'postgres', comment: null, dependsOn, origin: 'user',
    ...extra,
  };
}

/** The script without its header (the lines before the first section). */
function body(sql: string): string {
  return sql.slice(sql.indexOf('-- ---'));
}

const positive = fn('public.is_positive(n numeric)', {
  identityArgs: 'n numeric',
  returns: 'boolean',
  language: 'sql',
  definition: 'CREATE OR REPLACE FUNCTION public.is_positive(n numeric)\n RETURNS boolean\n LANGUAGE sql\n IMMUTABLE\nAS $function$ SELECT n > 0 $function$\n',
});
/** A SQL-standard body is parsed when it is created: the table it reads must exist first. */
const orderCount = fn('public.order_count()', {
  returns: 'bigint',
  language: 'sql',
  definition: 'CREATE OR REPLACE FUNCTION public.order_count()\n RETURNS bigint\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT count(*) AS count\n    FROM orders;\nEND\n',
});

function shop(): SchemaModel {
  const customers = table('public.customers', ['id uuid pk', 'best_order uuid']);
  const orders = table('public.orders', ['id uuid pk', 'customer_id uuid notnull', { name: 'total', type: 'numeric', nullable: false, default: '0', comment: 'in cents' }], {
    comment: 'One per checkout.',
  });
  return model({
    tables: [orders, customers],
    constraints: [check('public.orders', 'orders_total_check', ['total'], 'CHECK (is_positive(total))')],
    foreignKeys: [fk('public.orders', ['customer_id'], 'public.customers', ['id']), fk('public.customers', ['best_order'], 'public.orders', ['id'])],
    functions: [orderCount, positive],
    views: [
      view('public.recent', ' SELECT id\n   FROM big_orders;', ['public.big_orders']),
      view('public.big_orders', ' SELECT id\n   FROM orders\n  WHERE total > 100::numeric;', ['public.orders']),
    ],
  });
}

describe('squashModel', () => {
  it('writes a small schema in dependency order, grouped by table', () => {
    expect(body(squashModel(shop()))).toBe(`-- ----------------------------------------------------------------------------
-- Functions
-- ----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION public.is_positive(n numeric)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT n > 0 $function$;

-- ----------------------------------------------------------------------------
-- Tables
-- ----------------------------------------------------------------------------

-- public.customers
CREATE TABLE customers (
  id         uuid PRIMARY KEY,
  best_order uuid
);

-- public.orders
CREATE TABLE orders (
  id          uuid    PRIMARY KEY,
  customer_id uuid    NOT NULL,
  total       numeric DEFAULT 0 NOT NULL CHECK (is_positive(total))
);
COMMENT ON TABLE orders IS 'One per checkout.';
COMMENT ON COLUMN orders.total IS 'in cents';

-- ----------------------------------------------------------------------------
-- Foreign keys (every table exists now)
-- ----------------------------------------------------------------------------

-- public.customers
ALTER TABLE customers ADD CONSTRAINT customers_best_order_fkey FOREIGN KEY (best_order) REFERENCES orders(id);

-- public.orders
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id);

-- ----------------------------------------------------------------------------
-- Functions that use the objects above
-- ----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION public.order_count()
 RETURNS bigint
 LANGUAGE sql
BEGIN ATOMIC
 SELECT count(*) AS count
    FROM orders;
END;

-- ----------------------------------------------------------------------------
-- Views
-- ----------------------------------------------------------------------------

-- public.big_orders
CREATE VIEW big_orders AS
 SELECT id
   FROM orders
  WHERE total > 100::numeric;

-- public.recent
CREATE VIEW recent AS
 SELECT id
   FROM big_orders;
`);
  });
});

describe('squashModel: what is written for the parts after the tables', () => {
  it('writes triggers with their state, RLS switches and policies grouped by table', () => {
    const touch = fn('public.touch()', { definition: 'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$\n' });
    const notes = table('public.notes', ['id uuid pk', 'owner uuid'], { rls: { enabled: true, forced: true } });
    const m = model({
      tables: [notes],
      functions: [touch],
      triggers: [
        trigger('public.notes', 'notes_touch', 'public.touch()', {
          enabled: 'disabled',
          definition: 'CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch()',
          comment: 'kept, but off',
        }),
        trigger('public.notes', 'notes_replica', 'public.touch()', {
          enabled: 'replica',
          definition: 'CREATE TRIGGER notes_replica BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION touch()',
        }),
      ],
      policies: [
        policy('public.notes', 'own_rows', 'owner = auth.uid()', { roles: ['authenticated'], command: 'select' }),
        policy('public.notes', 'no_deletes', 'false', { permissive: false, command: 'delete', withCheck: null }),
      ],
    });
    const sql = squashModel(m);
    expect(sql.slice(sql.indexOf('-- Triggers'))).toBe(`-- Triggers
-- ----------------------------------------------------------------------------

-- public.notes
CREATE TRIGGER notes_replica BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE notes ENABLE REPLICA TRIGGER notes_replica;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE notes DISABLE TRIGGER notes_touch;
COMMENT ON TRIGGER notes_touch ON notes IS 'kept, but off';

-- ----------------------------------------------------------------------------
-- Row-level security and policies
-- ----------------------------------------------------------------------------

-- public.notes
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY no_deletes ON notes
  AS RESTRICTIVE
  FOR DELETE
  TO PUBLIC
  USING (false);
CREATE POLICY own_rows ON notes
  FOR SELECT
  TO authenticated
  USING (owner = auth.uid());
`);
  });

  it('sets each changed object to exactly its privileges: REVOKE ALL, then the grants, grouped by grantees', () => {
    const m = model({
      tables: [table('public.accounts', ['id uuid pk', 'email text', 'plan text'])],
      grants: [
        ...['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'].map((privilege) => ({
          id: `public.accounts:admin:${privilege}`, objectKind: 'table' as const, object: 'public.accounts', grantee: 'admin', privilege, grantable: false,
        })),
        { id: 'public.accounts:reader:select', objectKind: 'table', object: 'public.accounts', grantee: 'reader', privilege: 'select', grantable: true },
        { id: 'public.accounts.email:support:select', objectKind: 'column', object: 'public.accounts.email', grantee: 'support', privilege: 'select', grantable: false },
        { id: 'public.accounts.plan:support:select', objectKind: 'column', object: 'public.accounts.plan', grantee: 'support', privilege: 'select', grantable: false },
        { id: 'public.accounts.plan:support:update', objectKind: 'column', object: 'public.accounts.plan', grantee: 'support', privilege: 'update', grantable: false },
      ],
    });
    const sql = squashModel(m);
    expect(sql.slice(sql.indexOf('-- Privileges'))).toBe(`-- Privileges
-- ----------------------------------------------------------------------------

REVOKE ALL ON TABLE accounts FROM PUBLIC, admin, reader, support;
GRANT ALL ON TABLE accounts TO admin;
GRANT SELECT ON TABLE accounts TO reader WITH GRANT OPTION;
GRANT SELECT (email, plan) ON TABLE accounts TO support;
GRANT UPDATE (plan) ON TABLE accounts TO support;
`);
    expect(sql).toContain('-- Roles it names, which must exist: admin, reader, support.');
  });

  it('leaves the platform out but keeps what the project added to it (Supabase)', () => {
    const handle = fn('public.handle_new_user()', {
      definition: 'CREATE OR REPLACE FUNCTION public.handle_new_user()\n RETURNS trigger\n LANGUAGE plpgsql\n SECURITY DEFINER\nAS $function$ BEGIN RETURN NEW; END $function$\n',
    });
    const users = table('auth.users', ['id uuid pk'], { origin: 'platform' });
    const objects = table('storage.objects', ['id uuid pk', 'owner uuid'], { origin: 'platform', rls: { enabled: true, forced: false } });
    const profiles = table('public.profiles', ['id uuid pk']);
    const m: SchemaModel = {
      ...model({
        tables: [users, objects, profiles],
        functions: [handle, { ...fn('auth.uid()', { returns: 'uuid', language: 'sql' }), origin: 'platform' }],
        triggers: [trigger('auth.users', 'on_auth_user_created', 'public.handle_new_user()', {
          timing: 'after', events: ['insert'],
          definition: 'CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()',
        })],
        policies: [policy('storage.objects', 'own files', 'owner = auth.uid()', { roles: ['authenticated'] })],
        grants: [{ id: 'auth.users:authenticated:select', objectKind: 'table', object: 'auth.users', grantee: 'authenticated', privilege: 'select', grantable: false }],
      }),
      source: { kind: 'migrations', location: 'supabase/migrations', platform: 'supabase' },
    };
    m.schemas = m.schemas.map((s) => (s.name === 'public' ? s : { ...s, origin: 'platform' as const }));
    const sql = squashModel(m);
    expect(sql).not.toMatch(/CREATE TABLE auth\.|CREATE TABLE storage\.|CREATE SCHEMA|FUNCTION auth\.uid|ON TABLE auth\.users/);
    expect(sql).toContain('CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user();');
    expect(sql).toContain('-- storage.objects\nCREATE POLICY "own files" ON storage.objects\n  FOR ALL\n  TO authenticated\n  USING (owner = auth.uid());');
    expect(sql).not.toContain('ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY');
    // The platform grants ALL on new tables and functions in public: reset them even where the model lists none.
    expect(sql).toContain('REVOKE ALL ON TABLE profiles FROM PUBLIC, anon, authenticated, service_role;');
    expect(sql).toContain('REVOKE ALL ON FUNCTION handle_new_user() FROM PUBLIC, anon, authenticated, service_role;');
  });

  it('writes owners only when asked, after every object and before the privileges', () => {
    const m = model({ tables: [table('public.items', ['id uuid pk'], { owner: 'app_owner' })] });
    expect(squashModel(m)).not.toContain('OWNER TO');
    const sql = squashModel(m, { owners: true });
    expect(sql.slice(sql.indexOf('-- Ownership'))).toBe(`-- Ownership
-- ----------------------------------------------------------------------------
ALTER SCHEMA public OWNER TO postgres;
ALTER TABLE items OWNER TO app_owner;
`);
  });

  it('keeps the name and options of an identity sequence that CREATE TABLE would not pick', () => {
    const renamed = table('public.tickets', [{ name: 'id', type: 'bigint', nullable: false, identity: 'always' }]);
    const m = model({
      tables: [renamed],
      sequences: [{
        id: 'public.old_tickets_id_seq', schema: 'public', name: 'old_tickets_id_seq', type: 'bigint', start: '1000', increment: '1',
        min: '1', max: '9223372036854775807', cycle: false, ownedBy: 'public.tickets.id', owner: 'postgres', comment: null, origin: 'user',
      }],
    });
    const sql = squashModel(m);
    expect(sql).toContain('  id bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME old_tickets_id_seq START WITH 1000) NOT NULL\n);');
    expect(sql).not.toContain('CREATE SEQUENCE');
  });

});

describe('squashModel: statements Postgres accepts only in one form', () => {
  it('adds a NOT VALID domain constraint with ALTER DOMAIN (CREATE DOMAIN does not take it)', () => {
    const m = model({
      domains: [{
        id: 'public.positive', schema: 'public', name: 'positive', baseType: 'integer', nullable: true, default: null, collation: null,
        constraints: [{ name: 'positive_check', definition: 'CHECK (VALUE > 0) NOT VALID' }, { name: 'small', definition: 'CHECK (VALUE < 1000)' }],
        owner: 'postgres', comment: null, origin: 'user',
      }],
    });
    expect(squashModel(m)).toContain(
      'CREATE DOMAIN positive AS integer CONSTRAINT small CHECK (VALUE < 1000);\nALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0) NOT VALID;\n',
    );
  });

  it('adds NOT VALID checks and foreign keys with ALTER TABLE once every table exists (CREATE TABLE would validate them)', () => {
    const m = model({
      tables: [table('public.parents', ['id int pk']), table('public.kids', ['id int pk', 'parent int', 'age int'])],
      constraints: [{ ...check('public.kids', 'kids_age_check', ['age'], 'CHECK (age >= 0) NOT VALID'), validated: false }],
      foreignKeys: [fk('public.kids', ['parent'], 'public.parents', ['id'], { validated: false, definition: 'FOREIGN KEY (parent) REFERENCES parents(id) NOT VALID' })],
    });
    const sql = squashModel(m);
    expect(sql).toContain(`-- Foreign keys and NOT VALID checks (every table exists now)
-- ----------------------------------------------------------------------------

-- public.kids
ALTER TABLE kids ADD CONSTRAINT kids_age_check CHECK (age >= 0) NOT VALID;
ALTER TABLE kids ADD CONSTRAINT kids_parent_fkey FOREIGN KEY (parent) REFERENCES parents(id) NOT VALID;
`);
  });
});
