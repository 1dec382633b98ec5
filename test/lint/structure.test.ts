/**
 * The structure rules (src/lint/rules/structure): for each rule, cases it must report and near misses it must not,
 * on small inline models; one SQL fixture (applied once) where what Postgres prints matters — format_type texts,
 * index definitions, NOT VALID, defaults, NULLS NOT DISTINCT, an ON ONLY partitioned index; and every rule of the
 * category over the five example schemas, whose findings were reviewed one by one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { allColumnsNullable } from '../../src/lint/rules/structure/all-columns-nullable.js';
import { duplicateForeignKey } from '../../src/lint/rules/structure/duplicate-foreign-key.js';
import { duplicateIndex } from '../../src/lint/rules/structure/duplicate-index.js';
import { fkTypeMismatch } from '../../src/lint/rules/structure/fk-type-mismatch.js';
import { impliedForeignKey } from '../../src/lint/rules/structure/implied-foreign-key.js';
import { incrementingColumns, numberedColumn } from '../../src/lint/rules/structure/incrementing-columns.js';
import { STRUCTURE_RULES } from '../../src/lint/rules/structure/index.js';
import { invalidIndex } from '../../src/lint/rules/structure/invalid-index.js';
import { isolatedTable } from '../../src/lint/rules/structure/isolated-table.js';
import { notValidConstraint } from '../../src/lint/rules/structure/not-valid-constraint.js';
import { nullStringDefault } from '../../src/lint/rules/structure/null-string-default.js';
import { nullableUniqueKey } from '../../src/lint/rules/structure/nullable-unique-key.js';
import { redundantIndex } from '../../src/lint/rules/structure/redundant-index.js';
import { singleColumnTable } from '../../src/lint/rules/structure/single-column-table.js';
import { unbreakableFkCycle } from '../../src/lint/rules/structure/unbreakable-fk-cycle.js';
import { uniqueIndexDuplicatesConstraint } from '../../src/lint/rules/structure/unique-index-duplicates-constraint.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { constraint, fk, index, model, table } from '../helpers/model.js';
import { modelFromSql } from '../helpers/render.js';

const FIXTURE = `
-- FK column types (format_type texts)
CREATE DOMAIN big_id AS bigint;
CREATE TABLE parents (id bigint PRIMARY KEY, code varchar(100) UNIQUE, k integer UNIQUE);
CREATE TABLE kids (
  id bigint PRIMARY KEY,
  parent_int integer REFERENCES parents (id),
  parent_big bigint REFERENCES parents (id),
  parent_dom big_id REFERENCES parents (id),
  code50 varchar(50) REFERENCES parents (code),
  code100 varchar(100) REFERENCES parents (code),
  k_big bigint REFERENCES parents (k)
);

-- duplicate indexes
CREATE TABLE t_dup (id int PRIMARY KEY, a int, b int, c text);
CREATE INDEX t_dup_a ON t_dup (a);
CREATE INDEX t_dup_a_again ON t_dup (a);
CREATE INDEX t_dup_a_also ON t_dup USING btree (a ASC NULLS LAST);
CREATE INDEX t_dup_b ON t_dup (b);
CREATE INDEX t_dup_b_desc ON t_dup (b DESC);
CREATE INDEX t_dup_lower_c ON t_dup (lower(c));
CREATE INDEX t_dup_lower_c_pattern ON t_dup (lower(c) text_pattern_ops);
CREATE INDEX t_dup_c ON t_dup (c);
CREATE INDEX t_dup_c_partial ON t_dup (c) WHERE a > 0;
CREATE INDEX t_dup_c_incl ON t_dup (c) INCLUDE (a);

-- redundant indexes
CREATE TABLE t_red (id int PRIMARY KEY, owner_id int NOT NULL, created_at timestamptz, title text, deleted boolean, email text);
CREATE INDEX t_red_owner ON t_red (owner_id);
CREATE INDEX t_red_owner_created ON t_red (owner_id, created_at);
CREATE INDEX t_red_owner_live ON t_red (owner_id) WHERE NOT deleted;
CREATE INDEX t_red_owner_incl ON t_red (owner_id) INCLUDE (title);
CREATE INDEX t_red_created ON t_red (created_at);
CREATE INDEX t_red_owner_hash ON t_red USING hash (owner_id);
CREATE UNIQUE INDEX t_red_email_key ON t_red (email);
CREATE INDEX t_red_email ON t_red (email);
CREATE UNIQUE INDEX t_red_title_key ON t_red (title);
CREATE INDEX t_red_title_created ON t_red (title, created_at);

-- unique indexes beside PRIMARY KEY / UNIQUE constraints
CREATE TABLE t_uq (id int PRIMARY KEY, code text UNIQUE, a int, b int, UNIQUE (a, b));
CREATE UNIQUE INDEX t_uq_code_idx ON t_uq (code);
CREATE UNIQUE INDEX t_uq_id_idx ON t_uq (id);
CREATE UNIQUE INDEX t_uq_ba_idx ON t_uq (b, a);
CREATE UNIQUE INDEX t_uq_code_lower ON t_uq (lower(code));
CREATE UNIQUE INDEX t_uq_code_partial ON t_uq (code) WHERE a > 0;
CREATE UNIQUE INDEX t_uq_ab_nnd ON t_uq (a, b) NULLS NOT DISTINCT;

-- NOT VALID constraints
CREATE TABLE t_nv (id int PRIMARY KEY, parent_id int, qty int);
ALTER TABLE t_nv ADD CONSTRAINT t_nv_qty_check CHECK (qty > 0) NOT VALID;
ALTER TABLE t_nv ADD CONSTRAINT t_nv_parent_fk FOREIGN KEY (parent_id) REFERENCES t_nv (id) NOT VALID;
ALTER TABLE t_nv ADD CONSTRAINT t_nv_qty_small CHECK (qty < 100) NOT VALID;
ALTER TABLE t_nv VALIDATE CONSTRAINT t_nv_qty_small;

-- 'NULL' defaults
CREATE TABLE t_def (
  id int PRIMARY KEY,
  a text DEFAULT 'NULL',
  b varchar(10) DEFAULT 'null',
  c text DEFAULT NULL,
  d jsonb DEFAULT 'null',
  e text DEFAULT 'NULLABLE',
  f text DEFAULT 'n/a'
);

-- nullable unique keys
CREATE TABLE t_nu (
  id int PRIMARY KEY, user_id int NOT NULL, reward_id int, code text UNIQUE, kind text NOT NULL,
  UNIQUE (user_id, reward_id),
  UNIQUE NULLS NOT DISTINCT (user_id, kind, code)
);
CREATE UNIQUE INDEX t_nu_user_reward_partial ON t_nu (user_id, reward_id) WHERE reward_id IS NOT NULL;
CREATE UNIQUE INDEX t_nu_user_kind ON t_nu (user_id, kind);
CREATE UNIQUE INDEX t_nu_kind_reward ON t_nu (kind, reward_id);

-- an index ON ONLY a partitioned table: invalid until every partition has one attached
CREATE TABLE events (id int, at date, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_kind_idx ON ONLY events (kind);
CREATE INDEX events_at_idx ON events (at);
`;

let fixture: SchemaModel;
beforeAll(async () => {
  fixture = await modelFromSql(FIXTURE);
});

describe('structure/fk-type-mismatch', () => {
  it('reports int → bigint, varchar(50) → varchar(100) and bigint → int, with the ALTER that aligns the child', async () => {
    expect(await objects(fkTypeMismatch, fixture)).toEqual([
      'public.kids.kids_code50_fkey',
      'public.kids.kids_k_big_fkey',
      'public.kids.kids_parent_int_fkey',
    ]);
    const f = (await check(fkTypeMismatch, fixture)).find((x) => x.object === 'public.kids.kids_code50_fkey')!;
    expect(f.message).toBe(
      'foreign key public.kids.kids_code50_fkey: code50 is character varying(50) but public.parents.code is character varying(100)',
    );
    expect(f.remediation).toBe('ALTER TABLE public.kids ALTER COLUMN code50 TYPE character varying(100);');
  });

  it('does not report the same type, nor a domain over the referenced type (both Postgres-printed)', async () => {
    const reported = await objects(fkTypeMismatch, fixture);
    expect(reported).not.toContain('public.kids.kids_parent_big_fkey');
    expect(reported).not.toContain('public.kids.kids_parent_dom_fkey');
    expect(reported).not.toContain('public.kids.kids_code100_fkey');
  });

  it('checks FKs to platform tables too, but never FKs of tables that are not the user\'s', async () => {
    const m = model({
      tables: [
        table('auth.users', ['id uuid pk', 'profile_id bigint'], { origin: 'platform' }),
        table('public.profiles', ['id integer pk', 'user_id text']),
      ],
      foreignKeys: [fk('public.profiles', ['user_id'], 'auth.users', ['id']), fk('auth.users', ['profile_id'], 'public.profiles', ['id'])],
    });
    expect(await objects(fkTypeMismatch, m)).toEqual(['public.profiles.profiles_user_id_fkey']);
  });
});

describe('structure/implied-foreign-key', () => {
  const m = model({
    tables: [
      table('public.users', ['id uuid pk']),
      table('public.categories', ['id bigint pk']),
      table('public.gift_cards', ['id uuid pk']),
      table('public.authors', ['id uuid pk']),
      table('public.sessions', ['id uuid pk']),
      table('public.resources', ['id uuid pk']),
      table('public.roles', ['id uuid pk']),
      table('public.pairs', ['a uuid pk', 'b uuid pk']),
      table('public.customers', ['id integer pk']),
      table('public.tiers', ['id uuid pk', 'tier_id uuid']),
      table('public.orders', [
        'id uuid pk', 'user_id uuid', 'category_id bigint', 'gift_card_id uuid', 'customer_id bigint',
        'external_id text', 'stripe_id text', 'session_id text', 'resource_id uuid', 'resource_type text',
        'pair_id uuid', 'reviewer_id uuid', 'owner_id uuid',
      ]),
      table('public.posts', ['id uuid pk', 'authorId uuid', 'userID uuid']),
      table('public.user_roles', ['user_id uuid pk', 'role_id uuid pk']),
      table('public.profiles', ['user_id uuid pk', 'bio text']),
      table('billing.accounts', ['id uuid pk', 'user_id uuid']),
      table('billing.users', ['id uuid pk']),
      table('crm.contacts', ['id uuid pk', 'account_id uuid']),
      table('sales.accounts', ['id uuid pk']),
    ],
    foreignKeys: [fk('public.orders', ['owner_id'], 'public.users', ['id'])],
  });

  it('reports *_id / *Id columns whose prefix names a table (plural and compound names folded), junction key columns too', async () => {
    expect(await objects(impliedForeignKey, m)).toEqual([
      'billing.accounts.user_id',
      'public.orders.category_id',
      'public.orders.customer_id',
      'public.orders.gift_card_id',
      'public.orders.user_id',
      'public.posts.authorId',
      'public.posts.userID',
      'public.user_roles.role_id',
      'public.user_roles.user_id',
    ]);
  });

  it('prefers the table of the same schema and says what to add', async () => {
    const f = (await check(impliedForeignKey, m)).find((x) => x.object === 'billing.accounts.user_id')!;
    expect(f.message).toBe('billing.accounts.user_id looks like a reference to billing.users (id) but has no foreign key');
    expect(f.remediation).toBe('ALTER TABLE billing.accounts ADD FOREIGN KEY (user_id) REFERENCES billing.users (id);');
    const widened = (await check(impliedForeignKey, m)).find((x) => x.object === 'public.orders.customer_id')!;
    expect(widened.message).toBe(
      'public.orders.customer_id looks like a reference to public.customers (id) but has no foreign key (and its type, bigint, differs from integer)',
    );
    const camel = (await check(impliedForeignKey, m)).find((x) => x.object === 'public.posts.authorId')!;
    expect(camel.remediation).toBe('ALTER TABLE public.posts ADD FOREIGN KEY ("authorId") REFERENCES public.authors (id);');
  });

  it('leaves out FK columns, a single-column PK, polymorphic pairs, names of no table, incompatible key types, composite keys, ambiguous schemas', async () => {
    const reported = await objects(impliedForeignKey, m);
    for (const id of [
      'public.orders.owner_id', // has an FK
      'public.profiles.user_id', // the table's own key
      'public.orders.resource_id', // beside resource_type
      'public.orders.external_id', // no such tables
      'public.orders.stripe_id',
      'public.orders.reviewer_id',
      'public.orders.session_id', // text vs sessions.id uuid
      'public.orders.pair_id', // pairs has a composite key
      'crm.contacts.account_id', // billing.accounts or sales.accounts?
      'public.tiers.tier_id', // named after its own table
    ]) {
      expect(reported).not.toContain(id);
    }
  });
});

describe('structure/duplicate-foreign-key', () => {
  const m = model({
    tables: [
      table('public.users', ['id uuid pk', 'org_id uuid pk']),
      table('public.teams', ['id uuid pk']),
      table('public.posts', ['id uuid pk', 'user_id uuid', 'org_id uuid', 'team_id uuid', 'editor_id uuid']),
    ],
    constraints: [constraint('public.users', 'users_id_key', 'unique', ['id'], 'UNIQUE (id)')],
    foreignKeys: [
      fk('public.posts', ['user_id'], 'public.users', ['id'], { name: 'posts_user_fk' }),
      fk('public.posts', ['user_id'], 'public.users', ['id'], { name: 'posts_user_id_fkey', onDelete: 'cascade' }),
      fk('public.posts', ['user_id', 'org_id'], 'public.users', ['id', 'org_id'], { name: 'posts_user_org_fk' }),
      fk('public.posts', ['org_id', 'user_id'], 'public.users', ['org_id', 'id'], { name: 'posts_org_user_fk' }),
      fk('public.posts', ['editor_id'], 'public.users', ['id'], { name: 'posts_editor_fk' }),
      fk('public.posts', ['team_id'], 'public.teams', ['id'], { name: 'posts_team_fk' }),
    ],
  });

  it('reports the later FK by name, keyed by the kept one, whatever the column order; says when their actions differ', async () => {
    const found = await check(duplicateForeignKey, m);
    expect(found.map((f) => [f.object, f.key])).toEqual([
      ['public.posts.posts_user_org_fk', 'public.posts.posts_org_user_fk'],
      ['public.posts.posts_user_id_fkey', 'public.posts.posts_user_fk'],
    ]);
    expect(found[1]!.message).toBe(
      'public.posts.posts_user_id_fkey duplicates public.posts.posts_user_fk: both (user_id) → public.users (id); their actions differ ' +
        '(ON DELETE CASCADE, ON UPDATE NO ACTION vs ON DELETE NO ACTION, ON UPDATE NO ACTION)',
    );
    expect(found[1]!.remediation).toBe('ALTER TABLE public.posts DROP CONSTRAINT posts_user_id_fkey;');
  });

  it('does not report FKs from other columns, to other tables, or a composite FK beside a single-column one', async () => {
    const reported = await objects(duplicateForeignKey, m);
    expect(reported).not.toContain('public.posts.posts_editor_fk');
    expect(reported).not.toContain('public.posts.posts_team_fk');
    expect(reported).not.toContain('public.posts.posts_user_fk');
  });
});

describe('structure/duplicate-index', () => {
  it('reports identical indexes (the later by name, keyed by the first), as Postgres printed them', async () => {
    const found = (await check(duplicateIndex, fixture)).filter((f) => f.object.startsWith('public.t_dup'));
    expect(found.map((f) => [f.object, f.key])).toEqual([
      ['public.t_dup_a_again', 'public.t_dup_a'],
      ['public.t_dup_a_also', 'public.t_dup_a'],
    ]);
    expect(found[0]!.message).toBe('public.t_dup_a_again duplicates public.t_dup_a: both are btree (a) on public.t_dup');
    expect(found[0]!.remediation).toBe('DROP INDEX CONCURRENTLY public.t_dup_a_again;');
  });

  it('does not report other directions, opclasses, predicates or INCLUDE lists, nor a unique index beside a constraint', async () => {
    expect(await objects(duplicateIndex, fixture)).toEqual(['public.t_dup_a_again', 'public.t_dup_a_also']);
  });

  it('keeps the index that backs a constraint and reports the plain one, even when it sorts first', async () => {
    const m = model({
      tables: [table('public.spans', ['id uuid pk', 'during tstzrange'])],
      constraints: [constraint('public.spans', 'spans_no_overlap', 'exclude', ['during'], 'EXCLUDE USING gist (during WITH &&)', 'public.spans_no_overlap')],
      indexes: [
        index('public.spans', 'spans_no_overlap', ['during'], { method: 'gist', constraint: 'public.spans.spans_no_overlap' }),
        index('public.spans', 'a_spans_during', ['during'], { method: 'gist' }),
      ],
    });
    expect((await check(duplicateIndex, m)).map((f) => [f.object, f.key])).toEqual([['public.a_spans_during', 'public.spans_no_overlap']]);
  });

  it('reports the second of two identical UNIQUE constraints by dropping the constraint', async () => {
    const m = model({
      tables: [table('public.users', ['id uuid pk', 'email text'])],
      constraints: [
        constraint('public.users', 'users_email_key', 'unique', ['email'], 'UNIQUE (email)', 'public.users_email_key'),
        constraint('public.users', 'users_email_key1', 'unique', ['email'], 'UNIQUE (email)', 'public.users_email_key1'),
      ],
      indexes: [
        index('public.users', 'users_email_key', ['email'], { unique: true, constraint: 'public.users.users_email_key' }),
        index('public.users', 'users_email_key1', ['email'], { unique: true, constraint: 'public.users.users_email_key1' }),
      ],
    });
    const found = await check(duplicateIndex, m);
    expect(found.map((f) => f.object)).toEqual(['public.users_email_key1']);
    expect(found[0]!.remediation).toBe('ALTER TABLE public.users DROP CONSTRAINT users_email_key1;');
  });
});

describe('structure/redundant-index', () => {
  it('reports a non-unique index led by another (a prefix, the same keys and more INCLUDE, the same keys as a unique one)', async () => {
    const found = (await check(redundantIndex, fixture)).filter((f) => f.object.startsWith('public.t_red'));
    expect(found.map((f) => f.object)).toEqual(['public.t_red_email', 'public.t_red_owner']);
    expect(found[0]!.message).toBe(
      'public.t_red_email (email) on public.t_red is redundant: public.t_red_email_key (email) has the same keys and is unique, which serves the same queries',
    );
    expect(found[1]!.message).toBe(
      'public.t_red_owner (owner_id) on public.t_red is redundant: public.t_red_owner_incl (owner_id) INCLUDE (title) has the same keys, ' +
        'which serves the same queries (so do public.t_red_owner_created)',
    );
    expect(found[1]!.remediation).toBe('DROP INDEX CONCURRENTLY public.t_red_owner;');
  });

  it('never reports partial, INCLUDE-wider, non-leading, hash or unique indexes, nor identical copies; of two reversed copies only the later', async () => {
    // t_dup_c (c) is served by t_dup_c_incl (c) INCLUDE (a); t_dup_b and t_dup_b_desc serve each other
    expect(await objects(redundantIndex, fixture)).toEqual([
      'public.t_dup_b_desc',
      'public.t_dup_c',
      'public.t_red_email',
      'public.t_red_owner',
    ]);
  });

  it('reads keys in either direction (a B-tree scans both ways), never half-reversed ones', async () => {
    const key = (column: string, descending: boolean) => ({ column, expression: null, descending, nullsFirst: descending, opclass: null, collation: null });
    const m = model({
      tables: [table('public.t', ['id uuid pk', 'a int', 'b int', 'c int'])],
      indexes: [
        index('public.t', 't_a_desc', ['a'], { keys: [key('a', true)] }),
        index('public.t', 't_a_b', ['a', 'b']),
        index('public.t', 't_a_c_mixed', ['a', 'c'], { keys: [key('a', false), key('c', true)] }),
        index('public.t', 't_a_desc_c', ['a', 'c'], { keys: [key('a', true), key('c', false)] }),
        index('public.t', 't_b_c', ['b', 'c']),
        index('public.t', 't_b_desc_c', ['b', 'c'], { keys: [key('b', true), key('c', false)] }),
      ],
    });
    const found = await check(redundantIndex, m);
    // (a DESC, c) is (a, c DESC) scanned backwards: of the two, the later by name; (b DESC, c) is not (b, c)
    expect(found.map((f) => f.object)).toEqual(['public.t_a_desc', 'public.t_a_desc_c']);
    expect(found[0]!.message).toBe(
      'public.t_a_desc (a DESC) on public.t is redundant: its keys lead public.t_a_b (a, b), which serves the same queries (so do public.t_a_c_mixed, public.t_a_desc_c)',
    );
  });

  it('never reports an index that backs a constraint', async () => {
    const m = model({
      tables: [table('public.spans', ['id uuid pk', 'room int', 'during tstzrange'])],
      constraints: [constraint('public.spans', 'spans_room_key', 'exclude', ['room'], 'EXCLUDE USING btree (room WITH =)', 'public.spans_room_key')],
      indexes: [
        index('public.spans', 'spans_room_key', ['room'], { constraint: 'public.spans.spans_room_key' }),
        index('public.spans', 'spans_room_during', ['room', 'during']),
      ],
    });
    expect(await objects(redundantIndex, m)).toEqual([]);
  });
});

describe('structure/unique-index-duplicates-constraint', () => {
  it('reports a plain unique index on a UNIQUE or PRIMARY KEY constraint\'s columns, keyed by the constraint', async () => {
    const found = await check(uniqueIndexDuplicatesConstraint, fixture);
    expect(found.map((f) => [f.object, f.key])).toEqual([
      ['public.t_uq_code_idx', 'public.t_uq.t_uq_code_key'],
      ['public.t_uq_id_idx', 'public.t_uq.t_uq_pkey'],
    ]);
    expect(found[0]!.message).toBe(
      'public.t_uq_code_idx duplicates the unique constraint public.t_uq.t_uq_code_key: both enforce UNIQUE (code) on public.t_uq',
    );
    expect(found[0]!.remediation).toBe('DROP INDEX CONCURRENTLY public.t_uq_code_idx;');
  });

  it('does not report another column order, an expression, a partial index, or NULLS NOT DISTINCT beside a NULLS DISTINCT key', async () => {
    const reported = await objects(uniqueIndexDuplicatesConstraint, fixture);
    for (const id of ['public.t_uq_ba_idx', 'public.t_uq_code_lower', 'public.t_uq_code_partial', 'public.t_uq_ab_nnd', 'public.t_red_email_key']) {
      expect(reported).not.toContain(id);
    }
  });
});

describe('structure/invalid-index', () => {
  it('reports the ON ONLY index of a partitioned table and rebuilds it on every partition', async () => {
    const found = await check(invalidIndex, fixture);
    expect(found.map((f) => f.object)).toEqual(['public.events_kind_idx']);
    expect(found[0]!.remediation).toBe('DROP INDEX public.events_kind_idx;\nCREATE INDEX events_kind_idx ON public.events USING btree (kind);');
  });

  it('reports a failed concurrent build with REINDEX CONCURRENTLY; valid indexes are not reported', async () => {
    const m = model({
      tables: [table('public.users', ['id uuid pk', 'email text', 'name text'])],
      indexes: [index('public.users', 'users_email_idx', ['email'], { unique: true, valid: false }), index('public.users', 'users_name_idx', ['name'])],
    });
    const found = await check(invalidIndex, m);
    expect(found.map((f) => f.object)).toEqual(['public.users_email_idx']);
    expect(found[0]!.message).toContain('and the existing rows were never checked to be unique');
    expect(found[0]!.remediation).toBe('REINDEX INDEX CONCURRENTLY public.users_email_idx;');
  });
});

describe('structure/not-valid-constraint', () => {
  it('reports CHECK and FK constraints left NOT VALID, not the validated one', async () => {
    const found = await check(notValidConstraint, fixture);
    expect(found.map((f) => f.object)).toEqual(['public.t_nv.t_nv_parent_fk', 'public.t_nv.t_nv_qty_check']);
    expect(found[1]!.message).toBe(
      'public.t_nv.t_nv_qty_check is NOT VALID: rows that existed when it was added were never checked against CHECK (qty > 0)',
    );
    expect(found[1]!.remediation).toBe('ALTER TABLE public.t_nv VALIDATE CONSTRAINT t_nv_qty_check;');
  });
});

describe('structure/null-string-default', () => {
  it("reports 'NULL'::text and 'null'::character varying; not NULL, JSON's null, or other strings", async () => {
    const found = await check(nullStringDefault, fixture);
    expect(found.map((f) => f.object)).toEqual(['public.t_def.a', 'public.t_def.b']);
    expect(found[0]!.message).toBe("public.t_def.a defaults to the string 'NULL' ('NULL'::text), not to NULL");
    expect(found[0]!.remediation).toBe('ALTER TABLE public.t_def ALTER COLUMN a DROP DEFAULT;');
  });
});

describe('structure/nullable-unique-key', () => {
  it('reports multi-column unique keys with a nullable column under NULLS DISTINCT, constraints and plain unique indexes', async () => {
    expect(await objects(nullableUniqueKey, fixture)).toEqual([
      'public.t_nu.t_nu_user_id_reward_id_key',
      'public.t_nu_kind_reward',
      'public.t_uq.t_uq_a_b_key',
      'public.t_uq_ba_idx',
    ]);
    const f = (await check(nullableUniqueKey, fixture)).find((x) => x.object === 'public.t_nu.t_nu_user_id_reward_id_key')!;
    expect(f.message).toBe(
      'UNIQUE (user_id, reward_id) on public.t_nu: reward_id is nullable and NULLs are distinct, so any number of rows with the same user_id and a NULL reward_id are accepted',
    );
    expect(f.remediation).toBe(
      'ALTER TABLE public.t_nu DROP CONSTRAINT t_nu_user_id_reward_id_key, ADD CONSTRAINT t_nu_user_id_reward_id_key UNIQUE NULLS NOT DISTINCT (user_id, reward_id);',
    );
  });

  it('does not report single-column keys, NULLS NOT DISTINCT, partial indexes, keys of NOT NULL columns', async () => {
    const reported = await objects(nullableUniqueKey, fixture);
    for (const id of [
      'public.t_nu.t_nu_code_key',
      'public.t_nu.t_nu_user_id_kind_code_key',
      'public.t_nu_user_reward_partial',
      'public.t_nu_user_kind',
      'public.t_uq_ab_nnd',
    ]) {
      expect(reported).not.toContain(id);
    }
  });
});

describe('structure/all-columns-nullable', () => {
  const m = model({
    tables: [
      table('public.notes', ['id uuid pk', 'title text', 'body text']),
      table('public.loose', ['a text', 'b text']),
      table('public.posts', ['id uuid pk', 'title text notnull', 'body text']),
      table('public.remote', ['a text', 'b text'], { kind: 'foreign' }),
      table('public.one', ['a text']),
      table('public.keys', ['a uuid pk', 'b uuid pk']),
    ],
  });

  it('reports tables where nothing but the key is required, with or without a key', async () => {
    const found = await check(allColumnsNullable, m);
    expect(found.map((f) => f.object)).toEqual(['public.loose', 'public.notes']);
    expect(found[0]!.message).toBe('every column of public.loose is nullable: an all-NULL row is valid');
    expect(found[1]!.message).toBe('every column of public.notes except its primary key is nullable: a row with nothing but a key is valid');
  });
});

describe('structure/single-column-table', () => {
  it('reports one-column (and zero-column) tables no FK connects; a lookup table or a set of ids of another table is fine', async () => {
    const m = model({
      tables: [
        table('public.flags', ['name text']),
        table('public.empty', []),
        table('public.tags', ['name text pk']),
        table('public.posts', ['id uuid pk', 'tag text']),
        table('public.blocked_posts', ['post_id uuid pk']),
        table('public.remote', ['x text'], { kind: 'foreign' }),
      ],
      foreignKeys: [fk('public.posts', ['tag'], 'public.tags', ['name']), fk('public.blocked_posts', ['post_id'], 'public.posts', ['id'])],
    });
    const found = await check(singleColumnTable, m);
    expect(found.map((f) => f.object)).toEqual(['public.empty', 'public.flags']);
    expect(found[1]!.message).toBe('public.flags has a single column (name) and no foreign key to or from another table');
  });
});

describe('structure/incrementing-columns', () => {
  it('reads a trailing number after a stem of two or more letters', () => {
    expect(numberedColumn('phone1')).toEqual({ stem: 'phone', n: 1 });
    expect(numberedColumn('address_2')).toEqual({ stem: 'address', n: 2 });
    expect(numberedColumn('addressLine1')).toEqual({ stem: 'addressline', n: 1 });
    expect(numberedColumn('x1')).toBeNull();
    expect(numberedColumn('2fa')).toBeNull();
  });

  const m = model({
    tables: [
      table('public.contacts', ['id uuid pk', 'phone1 text', 'phone2 text', 'phone3 text', 'address_1 text', 'address_2 text', 'addressLine1 text', 'addressLine2 text']),
      table('public.hosts', ['id uuid pk', 'ipv4 inet', 'ipv6 inet', 'sha1 text', 'sha256 text', 'p95 real', 'p99 real', 'x1 int', 'x2 int']),
      table('public.misc', ['id uuid pk', 'phone1 text', 'line2 text', 'email text']),
    ],
  });

  it('reports each numbered group of a table once, keyed by its stem', async () => {
    const found = await check(incrementingColumns, m);
    expect(found.map((f) => [f.object, f.key])).toEqual([
      ['public.contacts', 'address'],
      ['public.contacts', 'addressline'],
      ['public.contacts', 'phone'],
    ]);
    expect(found[2]!.message).toBe('public.contacts has numbered columns phone1, phone2, phone3: one value per column instead of one row per value');
  });

  it('does not report non-consecutive numbers (ipv4/ipv6, sha1/sha256, p95/p99), one-letter stems, or lone numbered columns', async () => {
    const reported = await objects(incrementingColumns, m);
    expect(reported).not.toContain('public.hosts');
    expect(reported).not.toContain('public.misc');
  });
});

describe('structure/unbreakable-fk-cycle', () => {
  const cycle = (nullable: boolean, deferrable: boolean) =>
    model({
      tables: [
        table('public.a', ['id uuid pk', `b_id uuid ${nullable ? 'null' : 'notnull'}`]),
        table('public.b', ['id uuid pk', 'a_id uuid notnull']),
        table('public.tree', ['id uuid pk', 'parent_id uuid notnull']),
      ],
      foreignKeys: [
        fk('public.a', ['b_id'], 'public.b', ['id'], { deferrable }),
        fk('public.b', ['a_id'], 'public.a', ['id']),
        fk('public.tree', ['parent_id'], 'public.tree', ['id']),
      ],
    });

  it('reports a cycle of NOT NULL, non-deferrable FKs once, keyed by its tables, with the ALTER that makes one deferrable', async () => {
    const found = await check(unbreakableFkCycle, cycle(false, false));
    expect(found.map((f) => [f.object, f.key])).toEqual([['public.a', 'public.a,public.b']]);
    expect(found[0]!.message).toBe(
      'public.a, public.b reference each other through public.a.a_b_id_fkey, public.b.b_a_id_fkey, all NOT NULL and not deferrable: no row of the cycle can be inserted on its own',
    );
    expect(found[0]!.remediation).toBe('ALTER TABLE public.b ALTER CONSTRAINT b_a_id_fkey DEFERRABLE INITIALLY DEFERRED;');
  });

  it('does not report a cycle that a nullable or a deferrable FK breaks, nor a NOT NULL self-reference', async () => {
    expect(await objects(unbreakableFkCycle, cycle(true, false))).toEqual([]);
    expect(await objects(unbreakableFkCycle, cycle(false, true))).toEqual([]);
  });
});

describe('structure/isolated-table', () => {
  it('reports tables no FK connects (a self-reference does not count); not foreign tables, nor a one-table schema', async () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.posts', ['id uuid pk', 'user_id uuid']),
        table('public.settings', ['key text pk', 'value text']),
        table('public.tree', ['id uuid pk', 'parent_id uuid']),
        table('public.remote', ['id uuid']),
      ],
      foreignKeys: [fk('public.posts', ['user_id'], 'public.users', ['id']), fk('public.tree', ['parent_id'], 'public.tree', ['id'])],
    });
    m.tables.find((t) => t.id === 'public.remote')!.kind = 'foreign';
    expect(await objects(isolatedTable, m)).toEqual(['public.settings', 'public.tree']);
    expect(await objects(isolatedTable, model({ tables: [table('public.only', ['id uuid pk'])] }))).toEqual([]);
  });
});

describe('the structure rules over the example schemas', () => {
  const EXPECTED: Record<string, string[]> = {
    'creator-loyalty': [
      'structure/fk-without-index public.commission_boost_redemptions.commission_boost_redemptions_payout_sent_by_fkey',
      'structure/fk-without-index public.commission_boost_state_history.commission_boost_state_history_boost_redemption_id_fkey',
      'structure/fk-without-index public.commission_boost_state_history.commission_boost_state_history_client_id_fkey',
      'structure/fk-without-index public.commission_boost_state_history.commission_boost_state_history_transitioned_by_fkey',
      'structure/fk-without-index public.handle_changes.handle_changes_resolved_by_fkey',
      'structure/fk-without-index public.handle_changes.handle_changes_user_id_fkey',
      'structure/fk-without-index public.mission_progress.mission_progress_mission_id_fkey',
      'structure/fk-without-index public.missions.missions_reward_id_fkey',
      'structure/fk-without-index public.otp_codes.otp_codes_user_id_fkey',
      'structure/fk-without-index public.password_reset_tokens.password_reset_tokens_user_id_fkey',
      'structure/fk-without-index public.physical_gift_redemptions.physical_gift_redemptions_client_id_fkey',
      'structure/fk-without-index public.raffle_participations.raffle_participations_client_id_fkey',
      'structure/fk-without-index public.raffle_participations.raffle_participations_mission_progress_id_fkey',
      'structure/fk-without-index public.raffle_participations.raffle_participations_redemption_id_client_id_fkey',
      'structure/fk-without-index public.raffle_participations.raffle_participations_redemption_id_fkey',
      'structure/fk-without-index public.raffle_participations.raffle_participations_selected_by_fkey',
      'structure/fk-without-index public.raffle_participations.raffle_participations_user_id_fkey',
      'structure/fk-without-index public.redemptions.redemptions_fulfilled_by_fkey',
      'structure/fk-without-index public.redemptions.redemptions_mission_progress_id_fkey',
      'structure/fk-without-index public.redemptions.redemptions_reward_id_fkey',
      'structure/fk-without-index public.sales_adjustments.sales_adjustments_adjusted_by_fkey',
      'structure/fk-without-index public.sales_adjustments.sales_adjustments_client_id_fkey',
      'structure/fk-without-index public.sales_adjustments.sales_adjustments_user_id_fkey',
      'structure/fk-without-index public.sync_logs.sync_logs_client_id_fkey',
      'structure/fk-without-index public.sync_logs.sync_logs_triggered_by_fkey',
      'structure/fk-without-index public.tier_checkpoints.tier_checkpoints_client_id_fkey',
      'structure/fk-without-index public.tier_checkpoints.tier_checkpoints_user_id_fkey',
      'structure/fk-without-index public.videos.videos_client_id_fkey',
      'structure/fk-without-index public.videos.videos_user_id_fkey',
      // two address lines: a fixed-size repeating group (info)
      'structure/incrementing-columns public.physical_gift_redemptions [shipping_address_line]',
      // mission_progress_id / claimed_at NULL: any number of such rows per user (likely intended, info)
      'structure/nullable-unique-key public.redemptions.redemptions_user_id_mission_progress_id_key',
      'structure/nullable-unique-key public.redemptions.redemptions_user_id_reward_id_tier_at_claim_claimed_at_key',
      // (client_id) leads users_client_id_tiktok_handle_key and idx_users_tier
      'structure/redundant-index public.idx_users_client',
    ],
    'giftcard-campaigns': [
      'structure/fk-without-index public.ace_form_submissions.ace_form_submissions_form_id_fkey',
      'structure/fk-without-index public.ace_form_submissions.ace_form_submissions_gift_card_id_fkey',
      'structure/fk-without-index public.ace_form_submissions.ace_form_submissions_recipient_id_fkey',
      'structure/fk-without-index public.ace_forms.ace_forms_campaign_id_fkey',
      'structure/fk-without-index public.ace_forms.ace_forms_client_id_fkey',
      'structure/fk-without-index public.ace_forms.ace_forms_created_by_fkey',
      'structure/fk-without-index public.api_keys.api_keys_client_id_fkey',
      'structure/fk-without-index public.api_keys.api_keys_created_by_fkey',
      'structure/fk-without-index public.audiences.audiences_client_id_fkey',
      'structure/fk-without-index public.call_conditions_met.call_conditions_met_call_session_id_fkey',
      'structure/fk-without-index public.call_conditions_met.call_conditions_met_campaign_id_fkey',
      'structure/fk-without-index public.call_conditions_met.call_conditions_met_condition_id_fkey',
      'structure/fk-without-index public.call_conditions_met.call_conditions_met_gift_card_id_fkey',
      'structure/fk-without-index public.call_conditions_met.call_conditions_met_met_by_agent_id_fkey',
      'structure/fk-without-index public.call_conditions_met.call_conditions_met_recipient_id_fkey',
      'structure/fk-without-index public.call_sessions.call_sessions_agent_user_id_fkey',
      'structure/fk-without-index public.call_sessions.call_sessions_recipient_id_fkey',
      'structure/fk-without-index public.campaign_conditions.campaign_conditions_brand_id_fkey',
      'structure/fk-without-index public.campaigns.campaigns_audience_id_fkey',
      'structure/fk-without-index public.campaigns.campaigns_created_by_fkey',
      'structure/fk-without-index public.campaigns.campaigns_template_id_fkey',
      'structure/fk-without-index public.contact_campaign_participation.contact_campaign_participation_campaign_id_fkey',
      'structure/fk-without-index public.contact_campaign_participation.contact_campaign_participation_recipient_id_fkey',
      'structure/fk-without-index public.contact_list_members.contact_list_members_contact_id_fkey',
      'structure/fk-without-index public.contact_lists.contact_lists_client_id_fkey',
      'structure/fk-without-index public.contacts.contacts_client_id_fkey',
      'structure/fk-without-index public.contacts.contacts_created_by_fkey',
      'structure/fk-without-index public.credit_accounts.credit_accounts_parent_account_id_fkey',
      'structure/fk-without-index public.credit_transactions.credit_transactions_account_id_fkey',
      'structure/fk-without-index public.credit_transactions.credit_transactions_campaign_id_fkey',
      'structure/fk-without-index public.credit_transactions.credit_transactions_created_by_fkey',
      'structure/fk-without-index public.credit_transactions.credit_transactions_gift_card_id_fkey',
      'structure/fk-without-index public.crm_events.crm_events_campaign_id_fkey',
      'structure/fk-without-index public.crm_events.crm_events_crm_integration_id_fkey',
      'structure/fk-without-index public.crm_events.crm_events_recipient_id_fkey',
      'structure/fk-without-index public.crm_integrations.crm_integrations_client_id_fkey',
      'structure/fk-without-index public.events.events_campaign_id_fkey',
      'structure/fk-without-index public.events.events_recipient_id_fkey',
      'structure/fk-without-index public.gift_card_audit_log.gift_card_audit_log_gift_card_id_fkey',
      'structure/fk-without-index public.gift_card_audit_log.gift_card_audit_log_performed_by_fkey',
      'structure/fk-without-index public.gift_card_audit_log.gift_card_audit_log_recipient_id_fkey',
      'structure/fk-without-index public.gift_card_balance_history.gift_card_balance_history_gift_card_id_fkey',
      'structure/fk-without-index public.gift_card_deliveries.gift_card_deliveries_campaign_id_fkey',
      'structure/fk-without-index public.gift_card_deliveries.gift_card_deliveries_condition_id_fkey',
      'structure/fk-without-index public.gift_card_deliveries.gift_card_deliveries_gift_card_id_fkey',
      'structure/fk-without-index public.gift_card_deliveries.gift_card_deliveries_recipient_id_fkey',
      'structure/fk-without-index public.gift_card_pools.gift_card_pools_client_id_fkey',
      'structure/fk-without-index public.gift_card_sales.gift_card_sales_client_id_fkey',
      'structure/fk-without-index public.gift_card_sales.gift_card_sales_pool_id_fkey',
      'structure/fk-without-index public.gift_cards.gift_cards_brand_id_fkey',
      'structure/fk-without-index public.gift_cards.gift_cards_claimed_by_recipient_id_fkey',
      'structure/fk-without-index public.landing_pages.landing_pages_campaign_id_fkey',
      'structure/fk-without-index public.landing_pages.landing_pages_client_id_fkey',
      'structure/fk-without-index public.landing_pages.landing_pages_created_by_fkey',
      'structure/fk-without-index public.organization_members.organization_members_user_id_fkey',
      'structure/fk-without-index public.organizations.organizations_parent_org_id_fkey',
      'structure/fk-without-index public.recipient_audit_log.recipient_audit_log_performed_by_user_id_fkey',
      'structure/fk-without-index public.recipient_audit_log.recipient_audit_log_recipient_id_fkey',
      'structure/fk-without-index public.recipient_gift_cards.recipient_gift_cards_campaign_id_fkey',
      'structure/fk-without-index public.recipient_gift_cards.recipient_gift_cards_condition_id_fkey',
      'structure/fk-without-index public.recipients.recipients_approved_by_user_id_fkey',
      'structure/fk-without-index public.recipients.recipients_audience_id_fkey',
      'structure/fk-without-index public.recipients.recipients_gift_card_assigned_id_fkey',
      'structure/fk-without-index public.sms_delivery_log.sms_delivery_log_campaign_id_fkey',
      'structure/fk-without-index public.sms_delivery_log.sms_delivery_log_gift_card_id_fkey',
      'structure/fk-without-index public.sms_delivery_log.sms_delivery_log_recipient_id_fkey',
      'structure/fk-without-index public.sms_opt_in_log.sms_opt_in_log_campaign_id_fkey',
      'structure/fk-without-index public.sms_opt_in_log.sms_opt_in_log_recipient_id_fkey',
      'structure/fk-without-index public.templates.templates_client_id_fkey',
      'structure/fk-without-index public.user_roles.user_roles_granted_by_fkey',
      'structure/fk-without-index public.user_roles.user_roles_role_id_fkey',
      // address1, address2 (info)
      'structure/incrementing-columns public.recipients [address]',
      // the README's "idx_recipients_redemption_code duplicates recipients_redemption_code_key"
      'structure/redundant-index public.idx_recipients_redemption_code',
    ],
    'influencer-marketplace': [
      // a btree on profiles.verified alone (boolean): a partial index serves the rare value better
      'structure/boolean-only-index public.idx_profiles_verified',
      'structure/fk-without-index public.contracts.contracts_offer_id_fkey',
      'structure/fk-without-index public.contracts.contracts_organization_id_fkey',
      'structure/fk-without-index public.offers.offers_organization_id_fkey',
      'structure/fk-without-index public.payments.payments_contract_id_fkey',
      // the README's "idx_users_email and idx_profiles_user_id duplicate UNIQUE indexes"
      'structure/redundant-index public.idx_profiles_user_id',
      'structure/redundant-index public.idx_users_email',
    ],
    'privacy-telemetry': [
      // the README's "idx_events_user_timestamp duplicates idx_events_user_id_timestamp"
      'structure/duplicate-index public.idx_events_user_timestamp [public.idx_events_user_id_timestamp]',
      'structure/fk-without-index public.audit_logs.audit_logs_userId_fkey',
      'structure/fk-without-index public.mfa_enforced_sessions.mfa_enforced_sessions_userId_fkey',
      'structure/fk-without-index public.subscriptions.subscriptions_userId_fkey',
      'structure/fk-without-index public.user_integrations.user_integrations_organizationId_fkey',
      'structure/fk-without-index public.user_integrations.user_integrations_userId_fkey',
      'structure/fk-without-index public.utm_tracks.utm_tracks_userId_fkey',
      'structure/fk-without-index public.workflow_executions.workflow_executions_workflowId_fkey',
      'structure/fk-without-index public.workflow_runs.workflow_runs_workflow_id_fkey',
      // catalogues, metrics and spend tables with no FK in or out (info)
      'structure/isolated-table public.feature_flags',
      'structure/isolated-table public.metrics_daily',
      'structure/isolated-table public.metrics_log',
      'structure/isolated-table public.offers',
      'structure/isolated-table public.retention_policies',
      'structure/isolated-table public.roles',
      'structure/isolated-table public.spend',
      // single-column indexes that lead the UNIQUE (…, …) keys of their tables
      'structure/redundant-index public.idx_organization_members_org_id',
      'structure/redundant-index public.idx_patterns_user_id',
      'structure/redundant-index public.idx_relationships_user_id',
    ],
    'tentabo-prm': [
      'structure/isolated-table public.webhook_events',
      // the ix_* FK indexes that lead the uq_* composite keys
      'structure/redundant-index public.ix_distributor_partners_distributor_id',
      'structure/redundant-index public.ix_price_tiers_product_id',
    ],
  };

  const found = new Map<string, string[]>();
  beforeAll(async () => {
    for (const name of Object.keys(EXPECTED)) {
      const m = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      const ctx = { model: m, analysis: await analyze(m), lookup: buildLookup(m) };
      found.set(
        name,
        STRUCTURE_RULES.flatMap((r) => r.check(ctx).map((f) => `${r.meta.id} ${f.object}${f.key ? ` [${f.key}]` : ''}`)),
      );
    }
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`gives exactly the reviewed findings on ${name}`, () => {
      expect([...found.get(name)!].sort()).toEqual([...expected].sort());
    });
  }
});
