import { PGlite } from '@electric-sql/pglite';
import { loadModule, parseSync } from 'libpg-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeForeignKeyIndexes } from '../../src/analyze/fk-indexes.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import type { Cascades } from '../../src/analyze/types.js';
import { renderContext } from '../../src/render/context.js';
import { tablePageName } from '../../src/render/markdown.js';
import { coveringIndex, MONITORING_QUERIES, renderRelationships } from '../../src/render/relationships.js';
import { analysisOf } from '../helpers/analysis.js';
import { fk, index, model, table } from '../helpers/model.js';
import { ctxOf, expectTablesIntact, manyToManyRel, modelFromSql, rel, section } from '../helpers/render.js';

// users ─< leads (owner, NO ACTION, NOT NULL), leads ─< notes (CASCADE), users ─< leads.partner (SET NULL, nullable),
// orders ─ contracts (1:1), contracts.renewed_from (self), distributors >─< partners via distributor_partners.
const fOwner = fk('public.leads', ['owner_id'], 'public.users', ['id']);
const fHelper = fk('public.leads', ['helper_id'], 'public.users', ['id'], { onDelete: 'set null' });
const fNotes = fk('public.lead_notes', ['lead_id'], 'public.leads', ['id'], { onDelete: 'cascade' });
const fContract = fk('public.contracts', ['order_id'], 'public.orders', ['id'], { onDelete: 'restrict' });
const fRenew = fk('public.contracts', ['renewed_from'], 'public.contracts', ['id']);
const fDist = fk('public.distributor_partners', ['distributor_id'], 'public.distributors', ['id'], { onDelete: 'cascade' });
const fPart = fk('public.distributor_partners', ['partner_id'], 'public.partners', ['id'], { onDelete: 'cascade' });
const m = model({
  tables: [
    table('public.users', ['id uuid pk']),
    table('public.leads', ['id uuid pk', 'owner_id uuid notnull', 'helper_id uuid']),
    table('public.lead_notes', ['id uuid pk', 'lead_id uuid notnull']),
    table('public.orders', ['id uuid pk']),
    table('public.contracts', ['id uuid pk', 'order_id uuid notnull unique', 'renewed_from uuid']),
    table('public.distributors', ['id uuid pk']),
    table('public.partners', ['id uuid pk']),
    table('public.distributor_partners', ['distributor_id uuid pk', 'partner_id uuid pk']),
  ],
  foreignKeys: [fOwner, fHelper, fNotes, fContract, fRenew, fDist, fPart],
  indexes: [
    index('public.leads', 'idx_leads_owner_status', ['owner_id', 'status']),
    index('public.lead_notes', 'idx_lead_notes_lead', ['lead_id'], { predicate: 'lead_id IS NOT NULL' }),
  ],
});
const rules = (): Cascades['onDelete'] => ({ cascade: [], 'set null': [], 'set default': [], restrict: [], 'no action': [] });
const onDelete = rules();
onDelete.cascade = [fDist.id, fPart.id, fNotes.id].sort();
onDelete['set null'] = [fHelper.id];
onDelete.restrict = [fContract.id];
onDelete['no action'] = [fOwner.id, fRenew.id].sort();
const a = analysisOf(m, {
  relationships: [
    rel(fOwner, 'one-to-many'),
    rel(fHelper, 'one-to-many', true),
    rel(fNotes, 'one-to-many'),
    rel(fContract, 'one-to-one'),
    rel(fRenew, 'self-referential', true),
    rel(fDist, 'one-to-many', false, true),
    rel(fPart, 'one-to-many', false, true),
    manyToManyRel('public.distributors', 'public.partners', 'public.distributor_partners', [fDist, fPart]),
  ],
  cascades: {
    onDelete,
    onUpdate: rules(),
    deleteEffects: [
      { table: 'public.leads', cascadesTo: ['public.lead_notes'], setsNull: [], setsDefault: [], blockedBy: [], orderDependent: [] },
      { table: 'public.orders', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [fContract.id], orderDependent: [] },
      { table: 'public.partners', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [], orderDependent: [] },
      { table: 'public.users', cascadesTo: [], setsNull: [fHelper.id], setsDefault: [], blockedBy: [fOwner.id], orderDependent: [] },
    ],
    detachable: [
      { foreignKey: fHelper.id, table: 'public.leads', refTable: 'public.users', columns: ['helper_id'], onDelete: 'set null' },
      { foreignKey: fRenew.id, table: 'public.contracts', refTable: 'public.contracts', columns: ['renewed_from'], onDelete: 'no action' },
    ],
    mustReassign: [
      { foreignKey: fContract.id, table: 'public.contracts', refTable: 'public.orders', columns: ['order_id'], onDelete: 'restrict' },
      { foreignKey: fOwner.id, table: 'public.leads', refTable: 'public.users', columns: ['owner_id'], onDelete: 'no action' },
    ],
  },
  domains: {
    source: 'config',
    groups: [
      { name: 'Sales', tables: ['public.users', 'public.leads', 'public.lead_notes', 'public.orders', 'public.contracts'], basis: null },
      { name: 'Channel', tables: ['public.distributors', 'public.partners', 'public.distributor_partners'], basis: null },
    ],
  },
});
const md = renderRelationships(ctxOf(m, a));

describe('coveringIndex', () => {
  const cm = model({
    tables: [table('public.t', ['id int pk', 'a int', 'b int', 'c int'])],
    foreignKeys: [
      fk('public.t', ['a'], 'public.t', ['id'], { name: 'fa' }),
      fk('public.t', ['b'], 'public.t', ['id'], { name: 'fb' }),
      fk('public.t', ['b', 'a'], 'public.t', ['id', 'id'], { name: 'fba' }),
      fk('public.t', ['c'], 'public.t', ['id'], { name: 'fc' }),
    ],
    indexes: [
      index('public.t', 't_a_b', ['a', 'b']),
      index('public.t', 't_c_partial', ['c'], { predicate: 'c > 0' }),
    ],
  });
  const ctx = ctxOf(cm, analysisOf(cm));
  const f = (name: string) => cm.foreignKeys.find((x) => x.name === name)!;

  it('an index on (a, b) covers an FK on (a) but not one on (b)', () => {
    expect(coveringIndex(ctx, f('fa'))?.name).toBe('t_a_b');
    expect(coveringIndex(ctx, f('fb'))).toBeNull();
  });

  it('accepts the FK columns in any order as the leading prefix', () => {
    expect(coveringIndex(ctx, f('fba'))?.name).toBe('t_a_b');
  });

  it('does not count partial or invalid indexes', () => {
    expect(coveringIndex(ctx, f('fc'))).toBeNull();
    const invalid = model({
      tables: [table('public.t', ['id int pk', 'a int'])],
      foreignKeys: [fk('public.t', ['a'], 'public.t', ['id'])],
      indexes: [index('public.t', 't_a', ['a'], { valid: false })],
    });
    expect(coveringIndex(ctxOf(invalid, analysisOf(invalid)), invalid.foreignKeys[0]!)).toBeNull();
  });

  it('counts any index method and picks the shortest index', () => {
    const hm = model({
      tables: [table('public.t', ['id int pk', 'a int', 'z int'])],
      foreignKeys: [fk('public.t', ['a'], 'public.t', ['id'])],
      indexes: [index('public.t', 't_a_z', ['a', 'z']), index('public.t', 't_a_hash', ['a'], { method: 'hash' })],
    });
    expect(coveringIndex(ctxOf(hm, analysisOf(hm)), hm.foreignKeys[0]!)?.name).toBe('t_a_hash');
  });

  it('reports the coverage of every FK in the document, **missing** when none', () => {
    const coverage = section(md, '## Index coverage of foreign keys');
    expect(coverage).toContain('| **leads** | `owner_id` | users | `idx_leads_owner_status` (owner_id, status) |');
    expect(coverage).toContain('| **leads** | `helper_id` | users | **missing** |');
    // The partial index on lead_notes does not count.
    expect(coverage).toContain('| **lead_notes** | `lead_id` | leads | **missing** |');
    // The unique constraint's index covers contracts.order_id; the junction's PK covers distributor_id only.
    expect(coverage).toContain('| **contracts** | `order_id` | orders | `contracts_order_id_key` (order_id) |');
    expect(coverage).toContain('| **distributor_partners** | `distributor_id` | distributors | `distributor_partners_pkey` (distributor_id, partner_id) |');
    expect(coverage).toContain('| **distributor_partners** | `partner_id` | partners | **missing** |');
    expect(coverage).toContain('7 foreign keys: 3 covered by an index, **4 without one**');
  });
});

describe('relationships.md', () => {
  it('draws the Mermaid overview for a small schema', () => {
    const overview = section(md, '## Entity relationship overview');
    expect(overview).toContain('```mermaid\nerDiagram');
  });

  it('points to the per-domain diagrams instead when there are more than 40 tables', () => {
    const big = model({ tables: Array.from({ length: 41 }, (_, i) => table(`public.t${String(i).padStart(2, '0')}`, ['id int pk'])) });
    const out = renderRelationships(ctxOf(big, analysisOf(big)));
    const overview = section(out, '## Entity relationship overview');
    expect(overview).not.toContain('```mermaid');
    expect(overview).toContain('With 41 tables one diagram is unreadable');
    expect(overview).toContain('(erd/all-tables.mmd)');
  });

  it('lists relationships by area with cardinality markers', () => {
    expect(section(md, '### Sales')).toContain(
      [
        '```',
        'contracts (0..1) ──► (N) contracts   [renewed_from]  self-referential',
        'leads (1)        ──► (N) lead_notes  [lead_id]',
        'orders (1)       ──► (1) contracts   [order_id]',
        'users (0..1)     ──► (N) leads       [helper_id]',
        'users (1)        ──► (N) leads       [owner_id]',
        '```',
      ].join('\n'),
    );
    expect(section(md, '### Channel')).toContain('distributors (N) ◄──► (N) partners              via distributor_partners');
  });

  it('has a cardinality reference by kind', () => {
    expect(section(md, '### One-to-Many (1:N)')).toContain('- **users → leads** (owner_id)\n');
    expect(section(md, '### One-to-Many (1:N)')).toContain('- **distributors → distributor_partners** (distributor_id), one side of a junction');
    expect(section(md, '### One-to-One (1:1)')).toContain('- **orders → contracts** (order_id)');
    expect(section(md, '### Many-to-Many (N:M, via junction)')).toContain('- **distributors ◄─► partners** (via distributor_partners)');
    expect(section(md, '### Self-referential')).toContain('- **contracts → contracts** (renewed_from), optional');
  });

  it('lists the cascade rules and what deleting a row does', () => {
    const cascade = section(md, '### ON DELETE CASCADE');
    expect(cascade).toContain('- **leads → lead_notes** (lead_id)');
    expect(cascade).toContain('- **partners → distributor_partners** (partner_id)');
    expect(section(md, '### ON DELETE SET NULL')).toContain('- **users → leads** (helper_id)');
    expect(section(md, '### ON DELETE SET DEFAULT')).toContain('None.');
    const blocked = section(md, '### NO ACTION / RESTRICT (delete blocked while rows reference the parent)');
    expect(blocked).toContain('- **orders → contracts** (order_id) — RESTRICT');
    expect(blocked).toContain('- **users → leads** (owner_id) — NO ACTION');
    const effects = section(md, '### What deleting a row does');
    expect(effects).toContain('| **leads** | lead_notes | - | - | - |');
    expect(effects).toContain('| **users** | - | leads.helper_id | - | leads.owner_id |');
    expect(effects).toContain('| **orders** | - | - | - | contracts.order_id |');
    expect(effects).not.toContain('**partners**');
  });

  it('explains orphan prevention', () => {
    const reassign = section(md, '### Rows that must be reassigned before the parent is deleted');
    expect(reassign).toContain('| **users** | leads | `owner_id` | NO ACTION | the delete fails while rows reference the parent |');
    const detach = section(md, '### Rows that can exist without a parent');
    expect(detach).toContain('| **users** | leads | `helper_id` | SET NULL | detached (set to NULL) when the parent is deleted |');
  });

  it('ends with a summary by kind', () => {
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      '**Total tables:** 8 · **Relationships:** 7 foreign keys (5 one-to-many, 1 one-to-one, 1 self-referential) and 1 many-to-many through a junction table.',
    );
  });

  it('escapes names and is deterministic', () => {
    const em = model({
      tables: [table('public.a|b', ['id uuid pk'], { comment: '<script>x</script>' }), table('public.c', ['id uuid pk', 'x uuid'])],
      foreignKeys: [fk('public.c', ['x'], 'public.a|b', ['id'], { onDelete: 'cascade' })],
    });
    const ef = em.foreignKeys[0]!;
    const on = rules();
    on.cascade = [ef.id];
    const ea = analysisOf(em, {
      relationships: [rel(ef, 'one-to-many', true)],
      cascades: { onDelete: on, onUpdate: rules(), deleteEffects: [], detachable: [], mustReassign: [] },
    });
    const out = renderRelationships(ctxOf(em, ea));
    expect(out).not.toContain('<script>');
    expect(section(out, '### ON DELETE CASCADE')).toContain('- **a\\|b → c** (x)');
    expect(section(out, '## Index coverage of foreign keys')).toContain('| **c** | `x` | a\\|b | **missing** |');
    expect(renderRelationships(ctxOf(em, ea))).toBe(out);
    expect(renderRelationships(ctxOf(m, a))).toBe(md);
  });
});

describe('monitoring queries', () => {
  beforeAll(async () => {
    await loadModule();
  });

  it('every SQL block of the section parses with the PostgreSQL parser', () => {
    const blocks = [...section(md, '## Monitoring queries').matchAll(/```sql\n([\s\S]*?)\n```/g)].map((x) => x[1]!);
    expect(blocks.length).toBe(MONITORING_QUERIES.length);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const sql of blocks) {
      const parsed = parseSync(sql) as unknown as { stmts: { stmt: Record<string, unknown> }[] };
      expect(parsed.stmts.length).toBe(1);
      expect(Object.keys(parsed.stmts[0]!.stmt)).toEqual(['SelectStmt']);
    }
  });

  it('the missing-index query compares conkey with the leading columns of indkey', () => {
    const q = MONITORING_QUERIES[0]!.sql;
    expect(q).toContain('c.conkey');
    expect(q).toContain('i.indkey');
    expect(q).toContain('[1:cardinality(c.conkey)] @> c.conkey');
    expect(q).toContain('i.indpred IS NULL');
  });
});

// A schema with an FK of every covering case of analyze/fk-indexes.ts, covered or not.
const COVERAGE_SQL = `
CREATE TABLE p (id int PRIMARY KEY, k int NOT NULL, UNIQUE (id, k));
CREATE TABLE c (
  id int PRIMARY KEY,
  a int CONSTRAINT a_btree_leading REFERENCES p,
  b int CONSTRAINT b_btree_second REFERENCES p,
  h int CONSTRAINT h_hash REFERENCES p,
  g int CONSTRAINT g_brin REFERENCES p,
  e int CONSTRAINT e_expression REFERENCES p,
  q int CONSTRAINT q_partial REFERENCES p,
  m int CONSTRAINT m_before_expression REFERENCES p,
  n int CONSTRAINT n_invalid REFERENCES p,
  u int, uk int, CONSTRAINT u_unique_subset FOREIGN KEY (u, uk) REFERENCES p (id, k),
  v int, vk int, CONSTRAINT v_any_order FOREIGN KEY (vk, v) REFERENCES p (id, k),
  w int, wk int, CONSTRAINT w_plain_subset FOREIGN KEY (w, wk) REFERENCES p (id, k),
  x int, xk int, CONSTRAINT x_hash_composite FOREIGN KEY (x, xk) REFERENCES p (id, k),
  t int CONSTRAINT t_unique_not_subset REFERENCES p,
  z int
);
CREATE INDEX c_a_z ON c (a, z);
CREATE INDEX c_z_b ON c (z, b);
CREATE INDEX c_h ON c USING hash (h);
CREATE INDEX c_g ON c USING brin (g);
CREATE INDEX c_e ON c ((e + 0));
CREATE INDEX c_q ON c (q) WHERE q > 0;
CREATE INDEX c_m ON c (m, (z + 1));
CREATE INDEX c_n ON c (n);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'c_n'::regclass;
CREATE UNIQUE INDEX c_u ON c (u);
CREATE INDEX c_v ON c (v, vk, z);
CREATE INDEX c_w ON c (w);
CREATE INDEX c_x ON c USING hash (x);
CREATE UNIQUE INDEX c_t ON c (z, t);
CREATE TABLE pc (id int, at int, pid int CONSTRAINT pc_covered REFERENCES p, r int CONSTRAINT pc_uncovered REFERENCES p) PARTITION BY RANGE (at);
CREATE TABLE pc1 PARTITION OF pc FOR VALUES FROM (0) TO (10);
CREATE INDEX pc_pid ON pc (pid);
CREATE TABLE never_analysed (id int);
`;

describe('monitoring queries on a real schema', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec(COVERAGE_SQL);
  });
  afterAll(async () => {
    await db?.close();
  });
  const query = (title: string) => {
    const q = MONITORING_QUERIES.find((x) => x.title === title);
    expect(q, `no query "${title}"`).toBeDefined();
    return q!.sql;
  };

  it('every query runs', async () => {
    for (const q of MONITORING_QUERIES) await expect(db.query(q.sql), q.title).resolves.toBeDefined();
  });

  it('the FK query lists exactly the FKs the analysis finds uncovered', async () => {
    const m = await modelFromSql(COVERAGE_SQL);
    const byId = new Map(m.foreignKeys.map((f) => [f.id, f]));
    const expected = analyzeForeignKeyIndexes(buildLookup(m))
      .filter((x) => x.index === null)
      .map((x) => `${byId.get(x.foreignKey)!.table.replace(/^public\./, '')}.${byId.get(x.foreignKey)!.name}`)
      .sort();
    // The schema holds every case: the analysis and the query must agree on each.
    expect(expected).toEqual([
      'c.b_btree_second',
      'c.e_expression',
      'c.g_brin',
      'c.n_invalid',
      'c.q_partial',
      'c.t_unique_not_subset',
      'c.w_plain_subset',
      'c.x_hash_composite',
      'pc.pc_uncovered',
    ]);
    const rows = (await db.query<{ table_name: string; foreign_key: string }>(query('Foreign keys without a covering index'))).rows;
    expect(rows.map((r) => `${r.table_name}.${r.foreign_key}`).sort()).toEqual(expected);
  });

  it('sizes show NULL rows for a table never analysed (reltuples -1), and bloat reads pg_stat_user_tables', async () => {
    const sizes = (await db.query<{ table_name: string; estimated_rows: number | null }>(query('Table sizes'))).rows;
    expect(sizes.find((r) => r.table_name === 'never_analysed')).toMatchObject({ estimated_rows: null });
    expect(sizes.every((r) => r.estimated_rows === null || Number(r.estimated_rows) >= 0)).toBe(true);
    const bloat = query('Table bloat (dead rows) and autovacuum');
    for (const column of ['n_live_tup', 'n_dead_tup', 'dead_percent', 'last_autovacuum', 'last_autoanalyze', 'pg_stat_user_tables']) {
      expect(bloat).toContain(column);
    }
    await db.exec('INSERT INTO never_analysed SELECT generate_series(1, 10); DELETE FROM never_analysed WHERE id <= 5;');
    const res = await db.query<Record<string, unknown>>(bloat);
    expect(Object.keys(res.rows[0] ?? {})).toEqual(
      expect.arrayContaining(['table_name', 'live_rows', 'dead_rows', 'dead_percent', 'last_autovacuum', 'last_autoanalyze']),
    );
  });

  it('the document states the same covering rule', () => {
    const coverage = section(md, '## Index coverage of foreign keys');
    expect(coverage).not.toContain('any index method');
    expect(coverage).toContain('a unique B-tree made only of FK columns');
    expect(coverage).toContain('a hash index on the one column of a single-column FK');
    expect(coverage).not.toContain('joins from parent to children cannot use an index)');
  });
});

describe('guard FKs (same-key checks)', () => {
  // raffle.redemption_id → redemptions(id) CASCADE, and the guard (redemption_id, client_id) → redemptions(id, client_id).
  const fClient = fk('public.redemptions', ['client_id'], 'public.clients', ['id']);
  const fMain = fk('public.raffle', ['redemption_id'], 'public.redemptions', ['id'], { onDelete: 'cascade' });
  const fGuard = fk('public.raffle', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id'], {
    name: 'raffle_redemption_id_client_id_fkey',
  });
  const fBoost = fk('public.boost', ['redemption_id'], 'public.redemptions', ['id'], { onDelete: 'cascade' });
  const fBoostGuard = fk('public.boost', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id'], {
    name: 'boost_redemption_id_client_id_fkey',
  });
  const gm = model({
    tables: [
      table('public.clients', ['id uuid pk']),
      table('public.redemptions', ['id uuid pk', 'client_id uuid notnull']),
      table('public.raffle', ['id uuid pk', 'redemption_id uuid notnull', 'client_id uuid notnull']),
      table('public.boost', ['id uuid pk', 'redemption_id uuid notnull unique', 'client_id uuid notnull']),
    ],
    foreignKeys: [fClient, fMain, fGuard, fBoost, fBoostGuard],
  });
  const on = rules();
  on.cascade = [fBoost.id, fMain.id].sort();
  on['no action'] = [fBoostGuard.id, fClient.id, fGuard.id].sort();
  const ga = analysisOf(gm, {
    relationships: [
      rel(fBoost, 'one-to-one'),
      { ...rel(fBoostGuard, 'one-to-one'), guardOf: fBoost.id },
      rel(fMain, 'one-to-many'),
      { ...rel(fGuard, 'one-to-many'), guardOf: fMain.id },
      rel(fClient, 'one-to-many'),
    ],
    cascades: {
      onDelete: on,
      onUpdate: rules(),
      deleteEffects: [
        { table: 'public.clients', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [fClient.id], orderDependent: [] },
        {
          table: 'public.redemptions',
          cascadesTo: ['public.boost', 'public.raffle'],
          setsNull: [],
          setsDefault: [],
          blockedBy: [],
          orderDependent: [fBoostGuard.id, fGuard.id].sort(),
        },
      ],
      detachable: [],
      mustReassign: [],
    },
  });
  const out = renderRelationships(ctxOf(gm, ga));

  it('lists the main FK once, with the same-key check, in the areas and the cardinality reference', () => {
    const areas = section(out, '## Relationships by area');
    expect(areas).toContain('redemptions (1) ──► (N) raffle       [redemption_id]  + same-key check on (client_id)\n');
    expect(areas).toContain('redemptions (1) ──► (1) boost        [redemption_id]  + same-key check on (client_id)\n');
    expect(areas).not.toContain('[redemption_id, client_id]');
    expect(section(out, '### One-to-Many (1:N)')).toContain('- **redemptions → raffle** (redemption_id) + same-key check on (client_id)\n');
    expect(section(out, '### One-to-Many (1:N)')).not.toContain('(redemption_id, client_id)');
    expect(section(out, '### One-to-One (1:1)')).toBe(
      '### One-to-One (1:1)\n\n- **redemptions → boost** (redemption_id) + same-key check on (client_id)\n',
    );
  });

  it('counts relationships, not guard FKs', () => {
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      '**Total tables:** 4 · **Relationships:** 3 foreign keys (2 one-to-many, 1 one-to-one, 0 self-referential) and 0 many-to-many ' +
        'through a junction table. 2 more foreign keys are same-key checks beside these, not relationships of their own.',
    );
  });

  it('still lists the guard FK constraint under its delete rule, marked', () => {
    expect(section(out, '### NO ACTION / RESTRICT (delete blocked while rows reference the parent)')).toContain(
      '- **redemptions → raffle** (redemption_id, client_id), same-key check beside `raffle_redemption_id_fkey` — NO ACTION',
    );
  });

  it('does not draw the guard FK in the overview ERD', () => {
    const erd = section(out, '## Entity relationship overview');
    expect(erd).toContain('"redemptions" ||--o{ "raffle" : "redemption_id"');
    expect(erd).not.toContain('"redemption_id, client_id"');
  });

  it('lists order-dependent deletes apart, with the CASCADE FK that removes the same rows and the fix', () => {
    const effects = section(out, '### What deleting a row does');
    expect(effects).toContain('| **redemptions** | boost, raffle | - | - | - |');
    const dependent = section(out, '#### Deletes that depend on constraint order');
    expect(dependent).toContain('depends on which constraint Postgres checks first');
    expect(dependent).toContain('the order the constraints were created in');
    expect(dependent).toContain('`ON DELETE CASCADE` too, or `DEFERRABLE INITIALLY DEFERRED`');
    expect(dependent).toContain(
      '| `raffle_redemption_id_client_id_fkey`<br>raffle(redemption_id, client_id) → redemptions, NO ACTION | `raffle_redemption_id_fkey`<br>raffle.redemption_id | redemptions |',
    );
    expect(dependent).toContain('| `boost_redemption_id_client_id_fkey`<br>');
    expectTablesIntact(out);
  });
});

describe('links to the ERD files', () => {
  const lm = model({ tables: [table('public.a', ['id int pk'])] });
  const only = (...files: string[]) => renderContext(lm, analysisOf(lm), (id) => `tables/${tablePageName(id)}`, (f) => files.includes(f));

  it('links erd.mmd when it is written, and names it as code otherwise', () => {
    expect(section(renderRelationships(only('erd.mmd', 'relationships.md')), '## Entity relationship overview')).toContain(
      'the full diagram with every column is in [erd.mmd](erd.mmd).',
    );
    expect(section(renderRelationships(only('relationships.md')), '## Entity relationship overview')).toContain(
      'the full diagram with every column is in `erd.mmd`.',
    );
  });

  it('links the per-domain ERDs only when they are written', () => {
    const big = model({ tables: Array.from({ length: 41 }, (_, i) => table(`public.t${String(i).padStart(2, '0')}`, ['id int pk'])) });
    const ctx = (written: (f: string) => boolean) => renderContext(big, analysisOf(big), (id) => `tables/${tablePageName(id)}`, written);
    const withErd = section(renderRelationships(ctx(() => true)), '## Entity relationship overview');
    expect(withErd).toContain('[erd.mmd](erd.mmd) shows the domains');
    expect(withErd).toContain('- [All tables](erd/all-tables.mmd) (41 tables)');
    const without = section(renderRelationships(ctx((f) => !f.startsWith('erd'))), '## Entity relationship overview');
    expect(without).toContain('`erd.mmd` shows the domains');
    expect(without).toContain('- All tables (`erd/all-tables.mmd`) (41 tables)');
    expect(without).not.toContain('](erd');
  });
});
