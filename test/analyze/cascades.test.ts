/**
 * Cascade and orphan analysis (src/analyze/cascades.ts), on small inline models: FKs by rule, what deleting a row
 * of each table does (transitive cascades, cycles, SET NULL / SET DEFAULT, what blocks the delete), and which FKs
 * leave children detachable or force a reassignment.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCascades } from '../../src/analyze/cascades.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import type { Cascades, DeleteEffect } from '../../src/analyze/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { fk, model, table } from '../helpers/model.js';

function cascadesOf(m: SchemaModel): Cascades {
  return analyzeCascades(buildLookup(m));
}

function effectOf(c: Cascades, tableId: string): DeleteEffect {
  const e = c.deleteEffects.find((x) => x.table === tableId);
  if (!e) throw new Error(`no delete effect for ${tableId}`);
  return e;
}

describe('FKs by rule', () => {
  it('lists every rule, sorted, empty ones included, for ON DELETE and ON UPDATE apart', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.posts', ['id uuid pk', 'user_id uuid notnull', 'editor_id uuid', 'reviewer_id uuid']),
      ],
      foreignKeys: [
        fk('public.posts', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade', onUpdate: 'cascade' }),
        fk('public.posts', ['reviewer_id'], 'public.users', ['id'], { onDelete: 'set null' }),
        fk('public.posts', ['editor_id'], 'public.users', ['id'], { onDelete: 'set null', onUpdate: 'restrict' }),
      ],
    });
    const c = cascadesOf(m);
    expect(c.onDelete).toEqual({
      cascade: ['public.posts.posts_user_id_fkey'],
      'set null': ['public.posts.posts_editor_id_fkey', 'public.posts.posts_reviewer_id_fkey'],
      'set default': [],
      restrict: [],
      'no action': [],
    });
    expect(c.onUpdate).toEqual({
      cascade: ['public.posts.posts_user_id_fkey'],
      'set null': [],
      'set default': [],
      restrict: ['public.posts.posts_editor_id_fkey'],
      'no action': ['public.posts.posts_reviewer_id_fkey'],
    });
  });
});

describe('delete effects', () => {
  it('has one entry per analysed table, sorted, tables without FKs included, extension tables left out', () => {
    const m = model({
      tables: [
        table('public.zeta', ['id uuid pk']),
        table('public.alpha', ['id uuid pk']),
        table('public.spatial_ref_sys', ['srid int pk'], { origin: 'extension' }),
      ],
    });
    expect(cascadesOf(m).deleteEffects).toEqual([
      { table: 'public.alpha', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [], orderDependent: [] },
      { table: 'public.zeta', cascadesTo: [], setsNull: [], setsDefault: [], blockedBy: [], orderDependent: [] },
    ]);
  });

  it('follows ON DELETE CASCADE transitively (A → B → C) and not through other rules', () => {
    const m = model({
      tables: [
        table('public.a', ['id uuid pk']),
        table('public.b', ['id uuid pk', 'a_id uuid notnull']),
        table('public.c', ['id uuid pk', 'b_id uuid notnull']),
        table('public.d', ['id uuid pk', 'c_id uuid']),
      ],
      foreignKeys: [
        fk('public.b', ['a_id'], 'public.a', ['id'], { onDelete: 'cascade' }),
        fk('public.c', ['b_id'], 'public.b', ['id'], { onDelete: 'cascade' }),
        fk('public.d', ['c_id'], 'public.c', ['id'], { onDelete: 'set null' }),
      ],
    });
    const c = cascadesOf(m);
    expect(effectOf(c, 'public.a').cascadesTo).toEqual(['public.b', 'public.c']);
    expect(effectOf(c, 'public.b').cascadesTo).toEqual(['public.c']);
    expect(effectOf(c, 'public.c').cascadesTo).toEqual([]);
    expect(effectOf(c, 'public.a').setsNull).toEqual(['public.d.d_c_id_fkey']);
  });

  it('terminates on a cascade cycle and never lists the deleted table itself', () => {
    const m = model({
      tables: [
        table('public.a', ['id uuid pk', 'b_id uuid']),
        table('public.b', ['id uuid pk', 'a_id uuid']),
        table('public.c', ['id uuid pk', 'b_id uuid', 'parent_id uuid']),
      ],
      foreignKeys: [
        fk('public.a', ['b_id'], 'public.b', ['id'], { onDelete: 'cascade' }),
        fk('public.b', ['a_id'], 'public.a', ['id'], { onDelete: 'cascade' }),
        fk('public.c', ['b_id'], 'public.b', ['id'], { onDelete: 'cascade' }),
        fk('public.c', ['parent_id'], 'public.c', ['id'], { onDelete: 'cascade' }),
      ],
    });
    const c = cascadesOf(m);
    expect(effectOf(c, 'public.a').cascadesTo).toEqual(['public.b', 'public.c']);
    expect(effectOf(c, 'public.b').cascadesTo).toEqual(['public.a', 'public.c']);
    expect(effectOf(c, 'public.c').cascadesTo).toEqual([]);
  });

  it('is blocked by a NO ACTION or RESTRICT FK into a cascaded child, not only into the table itself', () => {
    const m = model({
      tables: [
        table('public.orders', ['id uuid pk']),
        table('public.order_items', ['id uuid pk', 'order_id uuid notnull']),
        table('public.shipments', ['id uuid pk', 'order_item_id uuid notnull']),
        table('public.refunds', ['id uuid pk', 'order_item_id uuid notnull']),
        table('public.contracts', ['id uuid pk', 'order_id uuid notnull']),
      ],
      foreignKeys: [
        fk('public.order_items', ['order_id'], 'public.orders', ['id'], { onDelete: 'cascade' }),
        fk('public.shipments', ['order_item_id'], 'public.order_items', ['id']),
        fk('public.refunds', ['order_item_id'], 'public.order_items', ['id'], { onDelete: 'restrict' }),
        fk('public.contracts', ['order_id'], 'public.orders', ['id']),
      ],
    });
    const c = cascadesOf(m);
    expect(effectOf(c, 'public.orders')).toEqual({
      table: 'public.orders',
      cascadesTo: ['public.order_items'],
      setsNull: [],
      setsDefault: [],
      blockedBy: [
        'public.contracts.contracts_order_id_fkey',
        'public.refunds.refunds_order_item_id_fkey',
        'public.shipments.shipments_order_item_id_fkey',
      ],
      orderDependent: [],
    });
    expect(effectOf(c, 'public.order_items').blockedBy).toEqual([
      'public.refunds.refunds_order_item_id_fkey',
      'public.shipments.shipments_order_item_id_fkey',
    ]);
  });

  it('is blocked by a self-referencing NO ACTION FK', () => {
    const m = model({
      tables: [table('public.contracts', ['id uuid pk', 'renewed_from uuid'])],
      foreignKeys: [fk('public.contracts', ['renewed_from'], 'public.contracts', ['id'])],
    });
    expect(effectOf(cascadesOf(m), 'public.contracts').blockedBy).toEqual(['public.contracts.contracts_renewed_from_fkey']);
  });

  it('lists SET NULL and SET DEFAULT FKs on the table and on cascaded tables', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.posts', ['id uuid pk', 'user_id uuid notnull', 'editor_id uuid']),
        table('public.comments', ['id uuid pk', 'post_id uuid', 'status_owner uuid notnull default=gen_random_uuid()']),
        table('public.audit', ['id uuid pk', 'user_id uuid']),
      ],
      foreignKeys: [
        fk('public.posts', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
        fk('public.posts', ['editor_id'], 'public.users', ['id'], { onDelete: 'set null' }),
        fk('public.comments', ['post_id'], 'public.posts', ['id'], { onDelete: 'set null' }),
        fk('public.comments', ['status_owner'], 'public.users', ['id'], { onDelete: 'set default' }),
        fk('public.audit', ['user_id'], 'public.users', ['id'], { onDelete: 'set null' }),
      ],
    });
    const users = effectOf(cascadesOf(m), 'public.users');
    expect(users.cascadesTo).toEqual(['public.posts']);
    expect(users.setsNull).toEqual([
      'public.audit.audit_user_id_fkey',
      'public.comments.comments_post_id_fkey',
      'public.posts.posts_editor_id_fkey',
    ]);
    expect(users.setsDefault).toEqual(['public.comments.comments_status_owner_fkey']);
    expect(users.blockedBy).toEqual([]);
  });

  it('keeps ids with dots and spaces, and same-named tables in two schemas, apart', () => {
    const m = model({
      tables: [
        table('public.my', ['id uuid pk']),
        table('public.my.table', ['id uuid pk', 'my_id uuid notnull']),
        table('other.a b', ['id uuid pk', 'table_id uuid notnull']),
        table('other.my', ['id uuid pk', 'my_id uuid']),
      ],
      foreignKeys: [
        fk('public.my.table', ['my_id'], 'public.my', ['id'], { onDelete: 'cascade' }),
        fk('other.a b', ['table_id'], 'public.my.table', ['id'], { onDelete: 'cascade' }),
        fk('other.my', ['my_id'], 'public.my', ['id']),
      ],
    });
    const c = cascadesOf(m);
    expect(c.deleteEffects.map((e) => e.table)).toEqual(['other.a b', 'other.my', 'public.my', 'public.my.table']);
    expect(effectOf(c, 'public.my')).toMatchObject({ cascadesTo: ['other.a b', 'public.my.table'], blockedBy: ['other.my.my_my_id_fkey'] });
    expect(effectOf(c, 'public.my.table').cascadesTo).toEqual(['other.a b']);
    expect(effectOf(c, 'other.my')).toMatchObject({ cascadesTo: [], blockedBy: [] });
  });
});

describe('order-dependent FKs (a NO ACTION FK beside a CASCADE FK of the same child to the same parent)', () => {
  /**
   * creator-loyalty's sub-state table: `redemption_id → redemptions(id) ON DELETE CASCADE` and the composite tenant
   * FK `(redemption_id, client_id) → redemptions(id, client_id)`, NO ACTION; redemptions cascade from clients.
   */
  function substate(plain: Partial<ReturnType<typeof fk>> = { onDelete: 'cascade' }, composite: Partial<ReturnType<typeof fk>> = {}) {
    return model({
      tables: [
        table('public.clients', ['id uuid pk']),
        table('public.redemptions', ['id uuid pk', 'client_id uuid notnull', 'legacy_id uuid unique']),
        table('public.boosts', ['id uuid pk', 'redemption_id uuid notnull', 'client_id uuid notnull']),
      ],
      foreignKeys: [
        fk('public.redemptions', ['client_id'], 'public.clients', ['id'], { onDelete: 'cascade' }),
        fk('public.boosts', ['redemption_id'], 'public.redemptions', ['id'], plain),
        fk('public.boosts', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id'], composite),
        fk('public.boosts', ['client_id'], 'public.clients', ['id'], { onDelete: 'cascade' }),
      ],
    });
  }
  const COMPOSITE = 'public.boosts.boosts_redemption_id_client_id_fkey';
  const PLAIN = 'public.boosts.boosts_redemption_id_fkey';

  it('puts the composite FK in orderDependent, not blockedBy, on the parent and on a table that cascades to it', () => {
    const c = cascadesOf(substate());
    expect(effectOf(c, 'public.redemptions')).toEqual({
      table: 'public.redemptions',
      cascadesTo: ['public.boosts'],
      setsNull: [],
      setsDefault: [],
      blockedBy: [],
      orderDependent: [COMPOSITE],
    });
    expect(effectOf(c, 'public.clients')).toMatchObject({ blockedBy: [], orderDependent: [COMPOSITE] });
    expect(effectOf(c, 'public.boosts')).toMatchObject({ blockedBy: [], orderDependent: [] });
  });

  it('counts RESTRICT like NO ACTION', () => {
    const c = cascadesOf(substate({ onDelete: 'cascade' }, { onDelete: 'restrict' }));
    expect(effectOf(c, 'public.redemptions')).toMatchObject({ blockedBy: [], orderDependent: [COMPOSITE] });
  });

  it('still blocks without a CASCADE sibling: the plain FK is NO ACTION, or SET NULL', () => {
    const noAction = effectOf(cascadesOf(substate({})), 'public.redemptions');
    expect(noAction).toMatchObject({ cascadesTo: [], blockedBy: [PLAIN, COMPOSITE].sort(), orderDependent: [] });
    const setNull = effectOf(cascadesOf(substate({ onDelete: 'set null' })), 'public.redemptions');
    expect(setNull).toMatchObject({ setsNull: [PLAIN], blockedBy: [COMPOSITE], orderDependent: [] });
  });

  it('still blocks when the CASCADE sibling maps its column to another referenced column', () => {
    // redemption_id → redemptions(legacy_id) cascades the rows whose redemption_id is the legacy id, while the
    // composite FK finds those whose redemption_id is the id: other rows
    const c = cascadesOf(substate({ onDelete: 'cascade', refColumns: ['legacy_id'] }));
    expect(effectOf(c, 'public.redemptions')).toMatchObject({ cascadesTo: ['public.boosts'], blockedBy: [COMPOSITE], orderDependent: [] });
  });

  it('still blocks when the CASCADE FK goes to another parent or has a column outside the NO ACTION FK', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.teams', ['id uuid pk', 'owner_id uuid notnull']),
        table('public.posts', ['id uuid pk', 'user_id uuid notnull', 'team_id uuid notnull', 'editor_id uuid notnull']),
      ],
      foreignKeys: [
        fk('public.posts', ['user_id'], 'public.users', ['id']),
        // cascades the rows of another column of posts
        fk('public.posts', ['editor_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
        fk('public.posts', ['team_id'], 'public.teams', ['id'], { onDelete: 'cascade' }),
        fk('public.teams', ['owner_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
      ],
    });
    expect(effectOf(cascadesOf(m), 'public.users')).toMatchObject({ blockedBy: ['public.posts.posts_user_id_fkey'], orderDependent: [] });
  });

  it('leaves the order-dependent FK out of mustReassign, and keeps a NO ACTION FK without a sibling in it', () => {
    expect(cascadesOf(substate()).mustReassign.map((o) => o.foreignKey)).toEqual([]);
    expect(cascadesOf(substate({})).mustReassign.map((o) => o.foreignKey)).toEqual([PLAIN, COMPOSITE].sort());
    expect(cascadesOf(substate({ onDelete: 'cascade', refColumns: ['legacy_id'] })).mustReassign.map((o) => o.foreignKey)).toEqual([COMPOSITE]);
  });
});

describe('orphan risks', () => {
  const m = model({
    tables: [
      table('public.users', ['id uuid pk']),
      table('public.accounts', ['tenant_id uuid pk', 'id uuid pk']),
      table('public.leads', [
        'id uuid pk',
        'owner_id uuid notnull',
        'enabled_by uuid',
        'archived_by uuid',
        'deleter_id uuid notnull',
        'fallback_id uuid notnull default=x',
        'creator_id uuid notnull',
        'session_id uuid notnull',
        'tenant_id uuid notnull',
        'account_id uuid',
      ]),
    ],
    foreignKeys: [
      fk('public.leads', ['owner_id'], 'public.users', ['id']),
      fk('public.leads', ['enabled_by'], 'public.users', ['id']),
      fk('public.leads', ['archived_by'], 'public.users', ['id'], { onDelete: 'cascade' }),
      fk('public.leads', ['deleter_id'], 'public.users', ['id'], { onDelete: 'set null' }),
      fk('public.leads', ['fallback_id'], 'public.users', ['id'], { onDelete: 'set default' }),
      fk('public.leads', ['creator_id'], 'public.users', ['id'], { onDelete: 'restrict' }),
      fk('public.leads', ['session_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
      fk('public.leads', ['tenant_id', 'account_id'], 'public.accounts', ['tenant_id', 'id']),
    ],
  });
  const c = cascadesOf(m);

  it('calls an FK with a nullable column detachable, whatever its rule', () => {
    expect(c.detachable.map((o) => o.foreignKey)).toEqual([
      'public.leads.leads_archived_by_fkey',
      'public.leads.leads_enabled_by_fkey',
      'public.leads.leads_tenant_id_account_id_fkey',
    ]);
    expect(c.detachable[1]).toEqual({
      foreignKey: 'public.leads.leads_enabled_by_fkey',
      table: 'public.leads',
      refTable: 'public.users',
      columns: ['enabled_by'],
      onDelete: 'no action',
    });
  });

  it('makes NOT NULL FKs without CASCADE reassign, SET NULL on a NOT NULL column included', () => {
    expect(c.mustReassign.map((o) => [o.foreignKey, o.onDelete])).toEqual([
      ['public.leads.leads_creator_id_fkey', 'restrict'],
      ['public.leads.leads_deleter_id_fkey', 'set null'],
      ['public.leads.leads_fallback_id_fkey', 'set default'],
      ['public.leads.leads_owner_id_fkey', 'no action'],
    ]);
  });

  it('lists a NOT NULL CASCADE FK in neither list', () => {
    const all = [...c.detachable, ...c.mustReassign].map((o) => o.foreignKey);
    expect(all).not.toContain('public.leads.leads_session_id_fkey');
  });
});
