import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cascades } from '../../src/analyze/types.js';
import { coveringIndex, MONITORING_QUERIES, renderRelationships } from '../../src/render/relationships.js';
import { analysisOf } from '../helpers/analysis.js';
import { fk, index, model, table } from '../helpers/model.js';
import { ctxOf, manyToManyRel, rel, section } from '../helpers/render.js';

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
      { table: 'public.leads', cascadesTo: ['public.lead_notes'], setsNull: [], setsDefault: [], blockedBy: [] },
      { table: 'public.orders', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [fContract.id] },
      { table: 'public.partners', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [] },
      { table: 'public.users', cascadesTo: [], setsNull: [fHelper.id], setsDefault: [], blockedBy: [fOwner.id] },
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
