import { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, it } from 'vitest';
import { covers } from '../../src/analyze/fk-indexes.js';
import { analyze } from '../../src/analyze/index.js';
import type { SchemaModel } from '../../src/model/types.js';
import { renderContext } from '../../src/render/context.js';
import { classifyIndexes, indexSuggestions, renderDesign, tableDdl, uncoveredForeignKeys } from '../../src/render/design.js';
import { tablePageName } from '../../src/render/markdown.js';
import { ident, qualified, readableIndexDdl } from '../../src/render/sql.js';
import { analysisOf } from '../helpers/analysis.js';
import { check, constraint, enumType, fk, index, model, table } from '../helpers/model.js';
import { ctxOf, expectTablesIntact, modelFromSql, sqlBlocks } from '../helpers/render.js';

/** The text of the ```sql block under a `### heading`. */
function sqlUnder(md: string, heading: string): string {
  const start = md.indexOf(`\n### ${heading}\n`);
  expect(start, `no heading ${heading}`).toBeGreaterThanOrEqual(0);
  const open = md.indexOf('```sql\n', start);
  return md.slice(open + 7, md.indexOf('\n```', open + 7));
}

describe('ident', () => {
  it('quotes names that are not plain lowercase identifiers, and keywords', () => {
    expect(ident('users')).toBe('users');
    expect(ident('_x1')).toBe('_x1');
    expect(ident('Order')).toBe('"Order"');
    expect(ident('my table')).toBe('"my table"');
    expect(ident('select')).toBe('"select"');
    expect(ident('user')).toBe('"user"');
    expect(ident('position')).toBe('"position"');
    expect(ident('name')).toBe('name');
    expect(ident('value')).toBe('value');
    expect(ident('a$b')).toBe('"a$b"');
    expect(ident('1st')).toBe('"1st"');
    expect(ident('say "hi"')).toBe('"say ""hi"""');
    expect(qualified('public', 'Order')).toBe('"Order"');
    expect(qualified('Billing', 'order')).toBe('"Billing"."order"');
  });
});

describe('table DDL', () => {
  const users = table('public.users', ['id uuid pk default=gen_random_uuid()', 'email text unique notnull'], { comment: 'People.\nOne row each.' });
  const order = table(
    'public.Order',
    [
      'id bigint pk',
      'user_id uuid notnull',
      { name: 'select', type: 'text', comment: 'a keyword' },
      { name: 'my table', type: 'integer', nullable: false, default: '0' },
      { name: 'seq', type: 'bigint', nullable: false, identity: 'always' },
      { name: 'total', type: 'numeric(10,2)', generated: '(price * 2)' },
      { name: 'code', type: 'text', collation: '"C"' },
    ],
  );
  const events = table('public.events', ['id uuid notnull', 'at timestamptz notnull'], { kind: 'partitioned', partitionKey: 'RANGE (at)' });
  const ev1 = table('public.events_2024', ['id uuid notnull', 'at timestamptz notnull'], {
    partitionOf: 'public.events',
    partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
  });
  const orderFk = fk('public.Order', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade', name: 'Order_user_id_fkey' });
  const m = model({
    tables: [users, order, events, ev1],
    foreignKeys: [orderFk],
    constraints: [
      check('public.Order', 'Order_select_check', ['select'], "CHECK (\"select\" <> ''::text)"),
      check('public.Order', 'order_total_positive', ['total'], 'CHECK (total > (0)::numeric)'),
      constraint('public.events', 'events_pkey', 'primary key', ['id', 'at'], 'PRIMARY KEY (id, at)', 'public.events_pkey'),
    ],
    indexes: [
      index('public.Order', 'order_user', ['user_id']),
      index('public.events', 'events_pkey', ['id', 'at'], { unique: true, primary: true, constraint: 'public.events.events_pkey' }),
    ],
  });
  const ctx = ctxOf(m);

  it('reconstructs columns with types, defaults, identity, generation, collation and inline constraints', () => {
    const ddl = tableDdl(ctx, ctx.table('public.Order')!);
    expect(ddl).toContain('CREATE TABLE "Order" (\n');
    expect(ddl).toMatch(/\n {2}id +bigint +PRIMARY KEY,\n/);
    expect(ddl).toMatch(/\n {2}user_id +uuid +NOT NULL REFERENCES users\(id\) ON DELETE CASCADE,\n/);
    expect(ddl).toMatch(/\n {2}"select" +text +CHECK \("select" <> ''::text\), -- a keyword\n/);
    expect(ddl).toMatch(/\n {2}"my table" +integer +DEFAULT 0 NOT NULL,\n/);
    expect(ddl).toMatch(/\n {2}seq +bigint +GENERATED ALWAYS AS IDENTITY NOT NULL,\n/);
    expect(ddl).toMatch(/\n {2}total +numeric\(10,2\) +GENERATED ALWAYS AS \(\(price \* 2\)\) STORED,\n/);
    expect(ddl).toMatch(/\n {2}code +text +COLLATE "C",\n/);
    // A constraint not named the way Postgres would name it stays a table-level line, definition verbatim.
    expect(ddl).toContain('\n  CONSTRAINT order_total_positive CHECK (total > (0)::numeric)\n);');
    expect(ddl).toContain('\nCREATE INDEX order_user ON public.Order USING btree (user_id);');
  });

  it('writes comments as -- lines, unique inline, and leaves out indexes that back constraints', () => {
    const ddl = tableDdl(ctx, ctx.table('public.users')!);
    expect(ddl.startsWith('-- People.\n-- One row each.\nCREATE TABLE users (\n')).toBe(true);
    expect(ddl).toMatch(/\n {2}id +uuid +DEFAULT gen_random_uuid\(\) PRIMARY KEY,\n/);
    expect(ddl).toMatch(/\n {2}email +text +NOT NULL UNIQUE\n\);/);
    expect(ddl).not.toContain('CREATE UNIQUE INDEX');
  });

  it('writes the partition key and a composite primary key as a table constraint', () => {
    const ddl = tableDdl(ctx, ctx.table('public.events')!);
    expect(ddl).toContain('  CONSTRAINT events_pkey PRIMARY KEY (id, at)\n) PARTITION BY RANGE (at);');
    expect(ddl).toContain('-- 1 partition: see "Partitioning"');
    expect(ddl).not.toContain('CREATE UNIQUE INDEX events_pkey');
  });

  it('lists partitions with their bounds, and leaves partitions out of Core Tables', () => {
    const md = renderDesign(ctx);
    const partitioning = md.slice(md.indexOf('## Partitioning'), md.indexOf('## Views'));
    expect(partitioning).toContain('events is partitioned by `RANGE (at)` into 1 partition:');
    expect(partitioning).toContain("| events_2024 | `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` |");
    expect(md).not.toContain('### events_2024');
    expect(md).toContain('### events (partitioned)');
    expect(renderDesign(ctxOf(model({ tables: [table('public.a', ['id int pk'])] })))).toContain('## Partitioning\n\nNo partitioned tables.\n');
  });

  it('orders tables by the global load order, with each table\'s domain beside its heading', () => {
    const c = ctxOf(m, {
      loadOrder: ['public.users', 'public.events', 'public.Order'],
      domains: {
        source: 'config',
        groups: [
          { name: 'Sales', tables: ['public.Order', 'public.users'], basis: null },
          { name: 'Telemetry', tables: ['public.events'], basis: 'prefix `ev_`' },
        ],
      },
    });
    const md = renderDesign(c);
    const at = (s: string) => md.indexOf(s);
    // Grouping by domain would put Order (Sales) before events (Telemetry); the load order does not.
    expect(at('### users')).toBeGreaterThan(0);
    expect(at('### users')).toBeLessThan(at('### events'));
    expect(at('### events')).toBeLessThan(at('### Order'));
    expect(md).not.toContain('**Domain:');
    expect(md).toContain('### users\n\nDomain: Sales · Level 0 · [Table page](tables/public.users.md)\n');
    expect(md).toContain('### events (partitioned)\n\nDomain: Telemetry · Level 0');
    expect(md).toContain('[Table page](tables/public.Order.md)');
  });
});

describe('indexing strategy', () => {
  const t = table('public.docs', ['id uuid pk', 'a uuid', 'b uuid', 'body text', 'status text', 'owner_id uuid', 'tag_id uuid']);
  const partial = index('public.docs', 'docs_open', ['status'], { predicate: "status = 'open'::text" });
  const expression = index('public.docs', 'docs_lower_body', [], {
    keys: [{ column: null, expression: 'lower(body)', descending: false, nullsFirst: false, opclass: null, collation: null }],
  });
  const gin = index('public.docs', 'docs_fts', [], {
    method: 'gin',
    keys: [{ column: null, expression: "to_tsvector('english'::regconfig, body)", descending: false, nullsFirst: false, opclass: null, collation: null }],
  });
  const ab = index('public.docs', 'docs_a_b', ['a', 'b']);
  const uniqueOwner = index('public.docs', 'docs_owner_unique', ['owner_id'], { unique: true });
  const partialTag = index('public.docs', 'docs_tag_partial', ['tag_id'], { predicate: 'tag_id IS NOT NULL' });
  const fkA = fk('public.docs', ['a'], 'public.docs', ['id']);
  const fkB = fk('public.docs', ['b'], 'public.docs', ['id']);
  const fkBA = fk('public.docs', ['b', 'a'], 'public.docs', ['id', 'id'], { name: 'docs_b_a_fkey' });
  const fkOwnerTag = fk('public.docs', ['owner_id', 'tag_id'], 'public.docs', ['id', 'id'], { name: 'docs_owner_tag_fkey' });
  const fkTag = fk('public.docs', ['tag_id'], 'public.docs', ['id']);
  const m = model({
    tables: [t],
    indexes: [partial, expression, gin, ab, uniqueOwner, partialTag],
    foreignKeys: [fkA, fkB, fkBA, fkOwnerTag, fkTag],
  });
  const ctx = ctxOf(m);

  it('classifies partial, expression, unique, composite and non-B-tree indexes', () => {
    const cls = classifyIndexes(m.indexes);
    const names = (xs: { name: string }[]) => xs.map((x) => x.name).sort();
    expect(names(cls.partial)).toEqual(['docs_open', 'docs_tag_partial']);
    expect(names(cls.expression)).toEqual(['docs_fts', 'docs_lower_body']);
    expect(names(cls.nonBtree)).toEqual(['docs_fts']);
    expect(names(cls.composite)).toEqual(['docs_a_b']);
    // The PK's index backs a constraint: not counted as a unique index.
    expect(names(cls.unique)).toEqual(['docs_owner_unique']);
  });

  it('finds FKs without a covering index by leading prefix', () => {
    const indexCovers = (i: (typeof m.indexes)[number], columns: string[]) => covers(i, fk(i.table, columns, 'public.other', columns));
    expect(indexCovers(ab, ['a'])).toBe(true);
    expect(indexCovers(ab, ['b'])).toBe(false);
    expect(indexCovers(ab, ['b', 'a'])).toBe(true);
    expect(indexCovers(partialTag, ['tag_id'])).toBe(false);
    expect(indexCovers(gin, ['body'])).toBe(false);
    // A unique index made of FK columns finds at most one row.
    expect(indexCovers(uniqueOwner, ['owner_id', 'tag_id'])).toBe(true);
    expect(uncoveredForeignKeys(ctx).map((f) => f.name)).toEqual(['docs_b_fkey', 'docs_tag_id_fkey']);
  });

  it('renders counts and lists, with predicates and keys as code', () => {
    const md = renderDesign(ctx);
    const section = md.slice(md.indexOf('## Indexing Strategy'), md.indexOf('## Partitioning'));
    expect(section).toContain('| Partial (with a WHERE predicate) | 2 |');
    expect(section).toContain('| On expressions | 2 |');
    expect(section).toContain('| Not B-tree | 1 (gin 1) |');
    expect(section).toContain('| Foreign keys without a covering index | 2 of 5 |');
    expect(section).toContain("| `docs_open` | docs | `status` | `status = 'open'::text` |");
    expect(section).toContain("| `docs_fts` | docs | gin | `to_tsvector('english'::regconfig, body)` |");
    expect(section).toContain('| docs | `docs_b_fkey` | `b` | docs | `CREATE INDEX ON docs (b);` |');
    expect(section).not.toContain('`docs_a_fkey`');
    expectTablesIntact(md);
  });
});

describe('views, types and the ERD section', () => {
  const base = {
    columns: [],
    securityBarrier: false,
    checkOption: null,
    owner: 'postgres',
    comment: null,
    origin: 'user' as const,
  };
  const m = model({
    tables: [
      table('public.orders', ['id uuid pk', { name: 'status', type: 'order_status', typeId: 'public.order_status' }, 'amount money_amount']),
    ],
    views: [
      { ...base, id: 'public.open_orders', schema: 'public', name: 'open_orders', materialized: false, securityInvoker: true, definition: " SELECT id\n   FROM orders\n  WHERE status = 'open'::order_status;", dependsOn: ['public.orders'] },
      { ...base, id: 'public.totals', schema: 'public', name: 'totals', materialized: true, securityInvoker: false, definition: ' SELECT count(*) AS n\n   FROM orders;', dependsOn: ['public.orders'] },
    ],
    enums: [enumType('public.order_status', ['open', 'paid', 'shipped'])],
    domains: [
      { id: 'public.money_amount', schema: 'public', name: 'money_amount', baseType: 'numeric(12,2)', nullable: true, default: null, collation: null, constraints: [{ name: 'money_amount_check', definition: 'CHECK (VALUE >= (0)::numeric)' }], owner: 'postgres', comment: null, origin: 'user' },
    ],
    compositeTypes: [
      { id: 'public.address', schema: 'public', name: 'address', attributes: [{ name: 'street', type: 'text' }, { name: 'zip', type: 'character varying(10)' }], owner: 'postgres', comment: null, origin: 'user' },
    ],
  });
  const ctx = ctxOf(m);
  const md = renderDesign(ctx);

  it('renders each view with its definition, materialized flag and security_invoker', () => {
    expect(md).toContain("```sql\nCREATE VIEW open_orders WITH (security_invoker = true) AS\n SELECT id\n   FROM orders\n  WHERE status = 'open'::order_status;\n```");
    expect(md).toContain('```sql\nCREATE MATERIALIZED VIEW totals AS\n SELECT count(*) AS n\n   FROM orders;\n```');
    expect(md).toContain('View · security_invoker: on');
    expect(md).toContain('Materialized view. Reads [orders](tables/public.orders.md).');
  });

  it('renders enum labels in order, domains with base type and constraints, and composite types', () => {
    expect(md).toContain('| `order_status` | `open`, `paid`, `shipped` | `orders.status` | - |');
    expect(md).toContain('| `money_amount` | `numeric(12,2)` | yes | - | `money_amount_check`: `CHECK (VALUE >= (0)::numeric)` |');
    expect(md).toContain('| `address` | `street text`, `zip character varying(10)` |');
    expect(renderDesign(ctxOf(model({ tables: [table('public.a', ['id int pk'])] })))).toContain('No enums, domains or composite types.');
  });

  it('puts the whole-schema erDiagram in a mermaid block up to 40 tables, the domain overview above', () => {
    expect(md).toContain('## Entity-Relationship Diagram\n\n```mermaid\nerDiagram\n    "orders" {');
    const tables = Array.from({ length: 41 }, (_, i) => table(`public.t${i}`, ['id int pk']));
    const big = renderDesign(
      ctxOf(model({ tables }), {
        domains: { source: 'inferred', groups: [{ name: 'Everything', tables: tables.map((t) => t.id), basis: null }] },
      }),
    );
    expect(big).toContain('```mermaid\nflowchart LR\n    d1["Everything (41 tables)"]\n```');
    expect(big).toContain('- [Everything](erd/everything.mmd) (41 tables)');
    expect(big).not.toContain('erDiagram');
  });
});

describe('escaping and determinism', () => {
  const hostile = table(
    'public.a|b',
    [
      'id uuid pk',
      { name: 'note', type: 'text', comment: 'has `ticks` and\na newline | pipe' },
    ],
    { comment: '<script>alert(1)</script>' },
  );
  const other = table('public.c', ['id uuid pk', 'ab_id uuid']);
  const f = fk('public.c', ['ab_id'], 'public.a|b', ['id'], { definition: 'FOREIGN KEY (ab_id) REFERENCES "a|b"(id)' });
  const m = model({
    tables: [hostile, other],
    foreignKeys: [f],
    indexes: [index('public.a|b', 'weird|index', ['note'], { predicate: "note <> '|'::text" })],
  });
  const ctx = ctxOf(m);

  it('keeps headings, tables and code blocks intact around hostile names and comments', () => {
    const md = renderDesign(ctx);
    expect(md).toContain('### a\\|b\n');
    expect(md).toContain('-- <script>alert(1)</script>\nCREATE TABLE "a|b" (');
    expect(md).toContain('note text -- has `ticks` and a newline | pipe');
    expect(md).toContain("| `weird\\|index` | a\\|b | `note` | `note <> '\\|'::text` |");
    // Outside code blocks, no raw HTML survives.
    const prose = md.replace(/```[\s\S]*?```/g, '');
    expect(prose).not.toContain('<script>');
    expectTablesIntact(md);
    expect(sqlUnder(md, 'c')).toContain('REFERENCES "a|b"(id)');
  });

  it('renders the same model twice to the same bytes', () => {
    expect(renderDesign(ctxOf(m))).toBe(renderDesign(ctx));
  });
});

describe('indexes on partitioned tables', () => {
  it('readableIndexDdl drops the ONLY of an index on a partitioned table, and only there', () => {
    const parted = table('public.events', ['id int notnull', 'at int notnull'], { kind: 'partitioned', partitionKey: 'RANGE (at)' });
    const plain = table('public.logs', ['id int notnull']);
    const def = (d: string) => ({ definition: d });
    expect(readableIndexDdl(def('CREATE INDEX ev_at ON ONLY public.events USING btree (at)'), parted)).toBe(
      'CREATE INDEX ev_at ON public.events USING btree (at)',
    );
    expect(readableIndexDdl(def('CREATE UNIQUE INDEX events_pkey ON ONLY public.events USING btree (id, at)'), parted)).toBe(
      'CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id, at)',
    );
    // A quoted name holding the words is left alone; only the ONLY after the name goes.
    expect(readableIndexDdl(def('CREATE INDEX "x ON ONLY y" ON ONLY public.events USING btree (at)'), parted)).toBe(
      'CREATE INDEX "x ON ONLY y" ON public.events USING btree (at)',
    );
    expect(readableIndexDdl(def('CREATE INDEX only_idx ON public.logs USING btree (id)'), plain)).toBe('CREATE INDEX only_idx ON public.logs USING btree (id)');
    expect(readableIndexDdl(def('CREATE INDEX x ON ONLY public.logs USING btree (id)'), undefined)).toBe('CREATE INDEX x ON ONLY public.logs USING btree (id)');
  });

  it('design.md prints the index of a partitioned table so that replaying it indexes every partition', async () => {
    const sql = `CREATE TABLE metric_snapshots (id int NOT NULL, campaign_id int, created_at date NOT NULL, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
CREATE TABLE metric_snapshots_2024 PARTITION OF metric_snapshots FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX idx_metric_snapshots_campaign_created ON metric_snapshots (campaign_id, created_at);`;
    const m = await modelFromSql(sql);
    const idx = m.indexes.find((i) => i.name === 'idx_metric_snapshots_campaign_created')!;
    expect(idx.definition).toContain(' ON ONLY public.metric_snapshots ');
    const md = renderDesign(ctxOf(m));
    expect(md).toContain('\nCREATE INDEX idx_metric_snapshots_campaign_created ON public.metric_snapshots USING btree (campaign_id, created_at);\n');
    expect(md).not.toContain('ON ONLY');
    // Replayed on a table that already has its partition, the printed statement gives a valid index on both.
    const db = await PGlite.create();
    try {
      await db.exec(sql.split('\n').slice(0, 2).join('\n'));
      await db.exec(`${readableIndexDdl(idx, m.tables.find((t) => t.id === idx.table))};`);
      const rows = (
        await db.query<{ valid: boolean; on: string }>(
          `SELECT i.indisvalid AS valid, i.indrelid::regclass::text AS on FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE c.relname IN ('idx_metric_snapshots_campaign_created', 'metric_snapshots_2024_campaign_id_created_at_idx') ORDER BY 2`,
        )
      ).rows;
      expect(rows).toEqual([
        { valid: true, on: 'metric_snapshots' },
        { valid: true, on: 'metric_snapshots_2024' },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('Core Tables replays top to bottom', () => {
  // Two domains whose FKs cross both ways, a cycle (teams.lead_id ↔ people.team_id), a self-reference and a
  // child in the first domain of tables in the second: grouping by domain would create tasks before teams.
  const SQL = `
CREATE TABLE teams (id int PRIMARY KEY, name text NOT NULL, lead_id int);
CREATE TABLE people (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams, email text UNIQUE);
ALTER TABLE teams ADD CONSTRAINT teams_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES people;
CREATE TABLE projects (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams, owner_id int REFERENCES people ON DELETE SET NULL);
CREATE TABLE tasks (
  id int PRIMARY KEY,
  project_id int NOT NULL REFERENCES projects ON DELETE CASCADE,
  parent_id int REFERENCES tasks,
  assignee_id int,
  "Title" text CHECK ("Title" <> ''),
  CONSTRAINT tasks_assignee FOREIGN KEY (assignee_id) REFERENCES people
);
CREATE INDEX tasks_open ON tasks (assignee_id) WHERE assignee_id IS NOT NULL;
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE VIEW open_tasks AS SELECT id, "Title" FROM tasks WHERE assignee_id IS NULL;
-- What the tables need first: a schema, an enum, a domain, a serial sequence (and an identity one, which must not be created twice).
CREATE SCHEMA ops;
CREATE TYPE ops.state AS ENUM ('open', 'it''s done');
CREATE DOMAIN note_text AS text NOT NULL CHECK (VALUE <> '');
CREATE TABLE ops.audit (id serial PRIMARY KEY, n bigint GENERATED ALWAYS AS IDENTITY, task_id int REFERENCES public.tasks, state ops.state, note note_text);
`;
  let m: SchemaModel;
  let md: string;
  beforeAll(async () => {
    m = await modelFromSql(SQL);
    const analysis = await analyze(m, {
      domains: { Work: ['public.tasks', 'public.projects'], People: ['public.people', 'public.teams'] },
    });
    expect(analysis.cycles.map((c) => c.brokenAt)).toEqual(['public.teams.teams_lead_id_fkey']);
    md = renderDesign(renderContext(m, analysis, (id) => `tables/${tablePageName(id)}`));
  });

  it('orders the tables by the load order, shows the domains, and adds the cycle FK at the end', () => {
    const at = (s: string) => md.indexOf(s);
    expect(at('### teams\n')).toBeLessThan(at('### people\n'));
    expect(at('### people\n')).toBeLessThan(at('### projects\n'));
    expect(at('### projects\n')).toBeLessThan(at('### tasks\n'));
    expect(md).toContain('### tasks\n\nDomain: Work · Level 3');
    expect(at('### Before the tables')).toBeLessThan(at('### teams\n'));
    expect(sqlUnder(md, 'Before the tables')).toContain("CREATE TYPE ops.state AS ENUM ('open', 'it''s done');");
    expect(md).toContain('### teams\n\nDomain: People · Level 0');
    expect(sqlUnder(md, 'teams')).not.toContain('REFERENCES');
    expect(sqlUnder(md, 'Foreign keys that close a cycle')).toBe(
      '-- cycle of people, teams: load rows with it NULL, set it afterwards\n' +
        'ALTER TABLE teams ADD CONSTRAINT teams_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES people(id);',
    );
    expect(at('### Foreign keys that close a cycle')).toBeGreaterThan(at('### tasks\n'));
    expect(at('### Foreign keys that close a cycle')).toBeLessThan(at('## Indexing Strategy'));
  });

  it('every sql block of design.md, run in order, rebuilds the schema', async () => {
    const db = await PGlite.create();
    try {
      await db.exec(sqlBlocks(md).join('\n\n'));
      const count = async (q: string) => Number((await db.query<{ n: number }>(q)).rows[0]!.n);
      expect(await count(`SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f'`)).toBe(m.foreignKeys.length);
      expect(await count(`SELECT count(*) AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).toBe(4);
      expect(await count(`SELECT count(*) AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'ops'::regnamespace`)).toBe(1);
      // The serial sequence is owned by its column again; the identity one was made by the column.
      expect(await count(`SELECT count(*) AS n FROM pg_depend WHERE objid = 'ops.audit_id_seq'::regclass AND refobjid = 'ops.audit'::regclass AND deptype = 'a'`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM pg_depend WHERE objid = 'ops.audit_n_seq'::regclass AND refobjid = 'ops.audit'::regclass AND deptype = 'i'`)).toBe(1);
      await db.exec(`INSERT INTO teams (id, name) VALUES (1, 't'); INSERT INTO projects VALUES (1, 1, NULL); INSERT INTO tasks (id, project_id) VALUES (1, 1);
        INSERT INTO ops.audit (task_id, state, note) VALUES (1, 'it''s done', 'x');`);
      expect((await db.query(`SELECT id, n FROM ops.audit`)).rows).toEqual([{ id: 1, n: 1 }]);
      expect(await count(`SELECT count(*) AS n FROM pg_views WHERE viewname = 'open_tasks'`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM pg_indexes WHERE indexname = 'tasks_open'`)).toBe(1);
    } finally {
      await db.close();
    }
  });
});

describe('index suggestions for uncovered FKs', () => {
  const t = table('public.raffle', ['id uuid pk', 'client_id uuid notnull', 'redemption_id uuid notnull', 'a uuid', 'b uuid', 'c uuid']);
  const fClient = fk('public.raffle', ['client_id'], 'public.clients', ['id']);
  const fMain = fk('public.raffle', ['redemption_id'], 'public.redemptions', ['id']);
  const fGuard = fk('public.raffle', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id'], { name: 'raffle_redemption_client_fkey' });
  const fA = fk('public.raffle', ['a'], 'public.other', ['id']);
  const fAB = fk('public.raffle', ['b', 'a'], 'public.other', ['x', 'id'], { name: 'raffle_b_a_fkey' });
  const fABC = fk('public.raffle', ['c', 'a', 'b'], 'public.other', ['y', 'id', 'x'], { name: 'raffle_c_a_b_fkey' });
  const m = model({
    tables: [t, table('public.clients', ['id uuid pk']), table('public.redemptions', ['id uuid pk', 'client_id uuid']), table('public.other', ['id uuid pk', 'x uuid', 'y uuid'])],
    foreignKeys: [fClient, fMain, fGuard, fA, fAB, fABC],
  });
  const ctx = ctxOf(m);
  const md = renderDesign(ctx);
  const uncovered = md.slice(md.indexOf('### Foreign keys without a covering index'), md.indexOf('## Partitioning'));

  it('suggests one index when one FK\'s columns are part of another\'s, the shared columns first', () => {
    const s = indexSuggestions(ctx, uncoveredForeignKeys(ctx));
    expect(s.map((x) => [x.columns, x.foreignKeys.map((f) => f.name)])).toEqual([
      [['a', 'b', 'c'], ['raffle_a_fkey', 'raffle_b_a_fkey', 'raffle_c_a_b_fkey']],
      [['client_id'], ['raffle_client_id_fkey']],
      // (client_id) would fit too; the FK to the same parent is the one it guards.
      [['redemption_id', 'client_id'], ['raffle_redemption_id_fkey', 'raffle_redemption_client_fkey']],
    ]);
    // Each suggestion covers every FK it lists, by the analysis' own rule.
    for (const sg of s) {
      for (const f of sg.foreignKeys) expect(covers(index(sg.table, 'suggested', sg.columns), f), f.name).toBe(true);
    }
    expect(uncovered).toContain('| raffle | `raffle_redemption_id_fkey` | `redemption_id` | redemptions | `CREATE INDEX ON raffle (redemption_id, client_id);` |');
    expect(uncovered).toContain('| raffle | `raffle_redemption_client_fkey` | `redemption_id, client_id` | redemptions | the index above (`redemption_id, client_id`) |');
    expect(uncovered).not.toContain('`CREATE INDEX ON raffle (redemption_id);`');
    expect(uncovered).not.toContain('`CREATE INDEX ON raffle (a);`');
    expect(uncovered).toContain('3 indexes would cover them all');
    expectTablesIntact(md);
  });

  it('says what a missing index costs without claiming joins cannot use an index', () => {
    expect(uncovered).not.toContain('joins on the FK cannot use an index');
    expect(uncovered).toContain('every update of its key, then scans the child table');
    expect(uncovered).toContain('a nested-loop join from the parent to its children cannot use an index (hash and merge joins still work)');
  });
});

describe('links to erd.mmd', () => {
  const m = model({ tables: [table('public.a', ['id int pk'])] });
  const only = (...files: string[]) => renderContext(m, analysisOf(m), (id) => `tables/${tablePageName(id)}`, (f) => files.includes(f));
  it('mentions erd.mmd as a link only when it is written', () => {
    expect(renderDesign(only('design.md', 'erd.mmd'))).toContain('The same diagram is in [erd.mmd](erd.mmd)');
    expect(renderDesign(only('design.md'))).not.toContain('erd.mmd');
    expect(renderDesign(only('design.md'))).not.toContain('table pages');
  });
});
