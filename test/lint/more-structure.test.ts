/**
 * The added structure rules: materialized views without a usable unique index, UNLOGGED tables, legacy inheritance,
 * partitioned tables without a DEFAULT partition, too many indexes, wide indexes, btree on jsonb / arrays, boolean-only
 * indexes, too many columns. One SQL fixture applied once, then the five examples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { booleanOnlyIndex } from '../../src/lint/rules/structure/boolean-only-index.js';
import { btreeOnJsonbOrArray } from '../../src/lint/rules/structure/btree-on-jsonb-or-array.js';
import { legacyInheritance } from '../../src/lint/rules/structure/legacy-inheritance.js';
import { matviewWithoutUniqueIndex } from '../../src/lint/rules/structure/matview-without-unique-index.js';
import { partitionedWithoutDefault } from '../../src/lint/rules/structure/partitioned-without-default.js';
import { tooManyColumns } from '../../src/lint/rules/structure/too-many-columns.js';
import { tooManyIndexes } from '../../src/lint/rules/structure/too-many-indexes.js';
import { unloggedTable } from '../../src/lint/rules/structure/unlogged-table.js';
import { wideIndex } from '../../src/lint/rules/structure/wide-index.js';
import type { Rule } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { index, model, table } from '../helpers/model.js';
import { modelFromSql } from '../helpers/render.js';

const SQL = `
CREATE DOMAIN yes_no AS boolean;
CREATE TABLE items (id int PRIMARY KEY, a int, b int, c int, d int, e int, f int, g int,
  tags text[], data jsonb, active boolean, flag boolean, archived yes_no);
CREATE INDEX items_wide ON items (a, b, c, d, e, f);
CREATE INDEX items_five ON items (a, b, c, d, e) INCLUDE (f, g);
CREATE UNIQUE INDEX items_wide_unique ON items (a, b, c, d, e, f);
CREATE INDEX items_tags ON items (tags);
CREATE INDEX items_data ON items (data);
CREATE INDEX items_data_kind ON items ((data ->> 'kind'));
CREATE INDEX items_tags_gin ON items USING gin (tags);
CREATE UNIQUE INDEX items_data_unique ON items (data);
CREATE INDEX items_active ON items (active);
CREATE INDEX items_archived ON items (archived);
CREATE INDEX items_flag_partial ON items (flag) WHERE flag;
CREATE INDEX items_active_a ON items (active, a);
CREATE TABLE few (id int PRIMARY KEY, flag boolean, tags int[]);
CREATE INDEX few_flag_covering ON few (flag) INCLUDE (id);
CREATE INDEX few_tags_partial ON few (id, tags) WHERE flag;

CREATE MATERIALIZED VIEW mv_none AS SELECT id FROM items;
CREATE MATERIALIZED VIEW mv_expr AS SELECT id, a FROM items;
CREATE UNIQUE INDEX mv_expr_key ON mv_expr ((id + 0));
CREATE INDEX mv_expr_a ON mv_expr (a);
CREATE MATERIALIZED VIEW mv_partial AS SELECT id FROM items;
CREATE UNIQUE INDEX mv_partial_key ON mv_partial (id) WHERE id > 0;
CREATE MATERIALIZED VIEW mv_ok AS SELECT id FROM items;
CREATE UNIQUE INDEX mv_ok_key ON mv_ok (id);

CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);

CREATE TABLE base (id int);
CREATE TABLE child (x int) INHERITS (base);

CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE logs (at date) PARTITION BY RANGE (at);
CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE logs_other PARTITION OF logs DEFAULT;
CREATE TABLE shards (id int) PARTITION BY HASH (id);
CREATE TABLE shards_0 PARTITION OF shards FOR VALUES WITH (MODULUS 1, REMAINDER 0);
CREATE TABLE everything (n int) PARTITION BY RANGE (n);
CREATE TABLE everything_all PARTITION OF everything FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
CREATE TABLE regions (r text, at date) PARTITION BY LIST (r);
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('eu') PARTITION BY RANGE (at);
CREATE TABLE regions_eu_2026 PARTITION OF regions_eu FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE regions_other PARTITION OF regions DEFAULT;
`;

let m: SchemaModel;
beforeAll(async () => {
  m = await modelFromSql(SQL);
});

describe('structure/matview-without-unique-index', () => {
  it('reports materialized views without a unique, plain-column, non-partial index', async () => {
    const found = await check(matviewWithoutUniqueIndex, m);
    expect(found.map((f) => [f.object, f.message])).toEqual([
      ['public.mv_expr', 'materialized view public.mv_expr cannot be refreshed CONCURRENTLY: its unique indexes have an expression or a WHERE clause, so every REFRESH locks out its readers'],
      ['public.mv_none', 'materialized view public.mv_none cannot be refreshed CONCURRENTLY: it has no index, so every REFRESH locks out its readers'],
      ['public.mv_partial', 'materialized view public.mv_partial cannot be refreshed CONCURRENTLY: its unique indexes have an expression or a WHERE clause, so every REFRESH locks out its readers'],
    ]);
  });
});

describe('structure/unlogged-table', () => {
  it('reports UNLOGGED tables only', async () => {
    const found = await check(unloggedTable, m);
    expect(found.map((f) => [f.object, f.remediation])).toEqual([['public.cache', 'ALTER TABLE public.cache SET LOGGED;']]);
  });
});

describe('structure/legacy-inheritance', () => {
  it('reports INHERITS children, not partitions', async () => {
    const found = await check(legacyInheritance, m);
    expect(found.map((f) => [f.object, f.key])).toEqual([['public.child', 'public.base']]);
  });
});

describe('structure/partitioned-without-default', () => {
  it('reports RANGE / LIST tables (sub-partitions too) without DEFAULT; not HASH, not MINVALUE…MAXVALUE', async () => {
    const found = await check(partitionedWithoutDefault, m);
    expect(found.map((f) => [f.object, f.remediation])).toEqual([
      ['public.events', 'CREATE TABLE public.events_default PARTITION OF public.events DEFAULT;'],
      ['public.regions_eu', 'CREATE TABLE public.regions_eu_default PARTITION OF public.regions_eu DEFAULT;'],
    ]);
    expect(found[0]!.message).toBe(
      "public.events is partitioned by RANGE (at) with 1 partition and no DEFAULT partition: inserting a row outside every partition bound fails",
    );
  });
});

describe('structure/too-many-indexes', () => {
  it('reports more than 10 indexes on a table', async () => {
    const found = await check(tooManyIndexes, m);
    expect(found.map((f) => [f.object, f.message])).toEqual([
      ['public.items', 'public.items has 13 indexes (12 not backing a constraint): every write maintains all of them'],
    ]);
  });

  it('inline: exactly 10 is fine', async () => {
    const cols = ['id int pk', ...Array.from({ length: 10 }, (_, i) => `c${i} int`)];
    const ten = Array.from({ length: 9 }, (_, i) => index('public.t', `t_c${i}_idx`, [`c${i}`]));
    expect(await objects(tooManyIndexes, model({ tables: [table('public.t', cols)], indexes: ten }))).toEqual([]);
    const eleven = [...ten, index('public.t', 't_c9_idx', ['c9'])];
    expect(await objects(tooManyIndexes, model({ tables: [table('public.t', cols)], indexes: eleven }))).toEqual(['public.t']);
  });
});

describe('structure/wide-index', () => {
  it('reports non-unique btree indexes with more than 5 key columns (INCLUDE columns do not count)', async () => {
    const found = await check(wideIndex, m);
    expect(found.map((f) => [f.object, f.message])).toEqual([
      ['public.items_wide', 'public.items_wide has 6 key columns (a, b, c, d, e, f) on public.items: a btree rarely uses more than the first few'],
    ]);
  });
});

describe('structure/btree-on-jsonb-or-array', () => {
  it('reports plain btree indexes on jsonb / array columns; not GIN, expressions or unique indexes', async () => {
    const found = await check(btreeOnJsonbOrArray, m);
    expect(found.map((f) => f.object)).toEqual(['public.few_tags_partial', 'public.items_data', 'public.items_tags']);
    const tags = found.find((f) => f.object === 'public.items_tags')!;
    expect(tags.message).toBe(
      'public.items_tags is a btree index on tags (array): it serves only whole-value comparisons, not containment (@>, ?, &&) or key lookups',
    );
    expect(tags.remediation).toBe(
      'CREATE INDEX CONCURRENTLY ON public.items USING gin (tags);\n-- then, unless queries compare whole values (=, ORDER BY): DROP INDEX CONCURRENTLY public.items_tags;',
    );
    expect(found.find((f) => f.object === 'public.few_tags_partial')!.remediation).toBeUndefined();
  });
});

describe('structure/boolean-only-index', () => {
  it('reports a single boolean key (domains unwrapped) without WHERE or INCLUDE', async () => {
    const found = await check(booleanOnlyIndex, m);
    expect(found.map((f) => f.object)).toEqual(['public.items_active', 'public.items_archived']);
    expect(found[0]!.remediation).toBe(
      '-- if the rows queries look for are the rare active = true (else WHERE NOT active):\n' +
        'CREATE INDEX CONCURRENTLY ON public.items (id) WHERE active;\nDROP INDEX CONCURRENTLY public.items_active;',
    );
  });
});

describe('structure/too-many-columns', () => {
  it('reports more than 60 columns; 60 is fine', async () => {
    const cols = (n: number) => Array.from({ length: n }, (_, i) => `c${i} int`);
    const x = model({ tables: [table('public.wide', cols(61)), table('public.ok', cols(60))] });
    const found = await check(tooManyColumns, x);
    expect(found).toEqual([{ object: 'public.wide', message: 'public.wide has 61 columns: every update rewrites all of them' }]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples, each finding reviewed.

const RULES: Rule[] = [
  matviewWithoutUniqueIndex, unloggedTable, legacyInheritance, partitionedWithoutDefault, tooManyIndexes, wideIndex,
  btreeOnJsonbOrArray, booleanOnlyIndex, tooManyColumns,
];

const EXPECTED: Record<string, string[]> = {
  'creator-loyalty': [],
  'giftcard-campaigns': [],
  // idx_profiles_verified: btree (verified) on a boolean, no predicate — true, a partial index fits better.
  // metric_snapshots has metric_snapshots_default: no partitioned-without-default.
  'influencer-marketplace': ['structure/boolean-only-index public.idx_profiles_verified'],
  'privacy-telemetry': [],
  // its jsonb indexes are GIN; contracts has 8 indexes (under the threshold).
  'tentabo-prm': [],
};

describe('the added structure rules on the example schemas', () => {
  const found = new Map<string, string[]>();
  beforeAll(async () => {
    for (const name of Object.keys(EXPECTED)) {
      const x = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      const ctx = { model: x, analysis: await analyze(x), lookup: buildLookup(x) };
      found.set(name, RULES.flatMap((r) => r.check(ctx).map((f) => `${r.meta.id} ${f.object}`)));
    }
  });
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`gives exactly the reviewed findings on ${name}`, () => {
      expect([...found.get(name)!].sort()).toEqual(expected);
    });
  }
});
