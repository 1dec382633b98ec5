/**
 * Relationships and their cardinality (src/analyze/relationships.ts), on small inline models: the rules for
 * one-to-one, self-referential, optional and composite FKs, and the N:M junction rule (which tables are junctions
 * and which look like one but are not), plus ids that contain dots and spaces and names repeated across schemas.
 */
import { describe, expect, it } from 'vitest';
import { buildLookup } from '../../src/analyze/lookup.js';
import { analyzeRelationships, MAX_PAYLOAD_COLUMNS } from '../../src/analyze/relationships.js';
import type { Relationship } from '../../src/analyze/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { constraint, fk, index, model, table } from '../helpers/model.js';
import { manyToManyRel } from '../helpers/render.js';

function relationshipsOf(m: SchemaModel): Relationship[] {
  return analyzeRelationships(buildLookup(m));
}

function byFk(rels: Relationship[], id: string): Relationship {
  const r = rels.find((x) => x.foreignKey === id);
  if (!r) throw new Error(`no relationship for ${id}`);
  return r;
}

function manyToMany(rels: Relationship[]): Relationship[] {
  return rels.filter((r) => r.cardinality === 'many-to-many');
}

/** A UNIQUE constraint over several columns, as the model holds it. */
function unique(tableId: string, name: string, columns: string[]) {
  const schema = tableId.slice(0, tableId.indexOf('.'));
  return constraint(tableId, name, 'unique', columns, `UNIQUE (${columns.join(', ')})`, `${schema}.${name}`);
}

describe('FK relationships', () => {
  it('gives one relationship per FK with its ends, columns and flags', () => {
    const m = model({
      tables: [table('public.users', ['id uuid pk']), table('public.posts', ['id uuid pk', 'user_id uuid'])],
      foreignKeys: [fk('public.posts', ['user_id'], 'public.users', ['id'])],
    });
    expect(relationshipsOf(m)).toEqual([
      {
        foreignKey: 'public.posts.posts_user_id_fkey',
        foreignKeys: ['public.posts.posts_user_id_fkey'],
        from: 'public.posts',
        to: 'public.users',
        columns: ['user_id'],
        refColumns: ['id'],
        cardinality: 'one-to-many',
        via: null,
        optional: true,
        composite: false,
        junction: false,
        guardOf: null,
      },
    ]);
  });

  it('is optional only when an FK column is nullable', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.posts', ['id uuid pk', 'author_id uuid notnull', 'editor_id uuid']),
      ],
      foreignKeys: [
        fk('public.posts', ['author_id'], 'public.users', ['id']),
        fk('public.posts', ['editor_id'], 'public.users', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    expect(byFk(rels, 'public.posts.posts_author_id_fkey').optional).toBe(false);
    expect(byFk(rels, 'public.posts.posts_editor_id_fkey').optional).toBe(true);
  });

  it('is one-to-one when a unique index that backs no constraint covers the FK column (contracts.order_id)', () => {
    const m = model({
      tables: [table('public.orders', ['id uuid pk']), table('public.contracts', ['id uuid pk', 'order_id uuid notnull'])],
      indexes: [index('public.contracts', 'idx_contracts_order_id', ['order_id'], { unique: true })],
      foreignKeys: [fk('public.contracts', ['order_id'], 'public.orders', ['id'])],
    });
    const r = byFk(relationshipsOf(m), 'public.contracts.contracts_order_id_fkey');
    expect(r.cardinality).toBe('one-to-one');
    expect(r.from).toBe('public.contracts');
    expect(r.to).toBe('public.orders');
  });

  it('is one-to-one for a composite FK covered by a composite unique key, and marks it composite', () => {
    const m = model({
      tables: [
        table('public.accounts', ['tenant_id uuid pk', 'id uuid pk']),
        table('public.settings', ['id uuid pk', 'tenant_id uuid notnull', 'account_id uuid notnull']),
      ],
      constraints: [unique('public.settings', 'settings_tenant_account_key', ['tenant_id', 'account_id'])],
      foreignKeys: [fk('public.settings', ['tenant_id', 'account_id'], 'public.accounts', ['tenant_id', 'id'])],
    });
    const r = byFk(relationshipsOf(m), 'public.settings.settings_tenant_id_account_id_fkey');
    expect(r.cardinality).toBe('one-to-one');
    expect(r.composite).toBe(true);
    expect(r.columns).toEqual(['tenant_id', 'account_id']);
    expect(r.refColumns).toEqual(['tenant_id', 'id']);
  });

  it('stays one-to-many when the unique key has a column outside the FK', () => {
    const m = model({
      tables: [
        table('public.accounts', ['tenant_id uuid pk', 'id uuid pk']),
        table('public.events', ['id uuid pk', 'tenant_id uuid notnull', 'account_id uuid notnull', 'day date notnull']),
      ],
      constraints: [unique('public.events', 'events_day_key', ['tenant_id', 'account_id', 'day'])],
      foreignKeys: [fk('public.events', ['tenant_id', 'account_id'], 'public.accounts', ['tenant_id', 'id'])],
    });
    expect(byFk(relationshipsOf(m), 'public.events.events_tenant_id_account_id_fkey').cardinality).toBe('one-to-many');
  });

  it('ignores a partial unique index: one-to-many, where the same index without a predicate makes it one-to-one', () => {
    const build = (predicate: string | null) =>
      model({
        tables: [table('public.users', ['id uuid pk']), table('public.sessions', ['id uuid pk', 'user_id uuid notnull', 'revoked_at timestamptz'])],
        indexes: [index('public.sessions', 'sessions_one_live', ['user_id'], { unique: true, predicate })],
        foreignKeys: [fk('public.sessions', ['user_id'], 'public.users', ['id'])],
      });
    const id = 'public.sessions.sessions_user_id_fkey';
    expect(byFk(relationshipsOf(build('(revoked_at IS NULL)')), id).cardinality).toBe('one-to-many');
    expect(byFk(relationshipsOf(build(null)), id).cardinality).toBe('one-to-one');
  });

  it('is self-referential for an FK to its own table, even when its column is unique', () => {
    const m = model({
      tables: [table('public.contracts', ['id uuid pk', 'renewed_from uuid unique'])],
      foreignKeys: [fk('public.contracts', ['renewed_from'], 'public.contracts', ['id'])],
    });
    const r = byFk(relationshipsOf(m), 'public.contracts.contracts_renewed_from_fkey');
    expect(r.cardinality).toBe('self-referential');
    expect(r.from).toBe('public.contracts');
    expect(r.to).toBe('public.contracts');
    expect(r.optional).toBe(true);
  });
});

describe('N:M junctions', () => {
  const sides = [table('public.distributors', ['id uuid pk']), table('public.partners', ['id uuid pk']), table('public.admin_users', ['id uuid pk'])];
  const sideFks = [
    fk('public.distributor_partners', ['distributor_id'], 'public.distributors', ['id'], { onDelete: 'cascade' }),
    fk('public.distributor_partners', ['partner_id'], 'public.partners', ['id'], { onDelete: 'cascade' }),
  ];

  it('finds a junction with a surrogate id and UNIQUE (a_id, b_id), with bookkeeping columns beside', () => {
    const m = model({
      tables: [
        ...sides,
        table('public.distributor_partners', [
          'id uuid pk',
          'distributor_id uuid notnull',
          'partner_id uuid notnull',
          'assigned_by uuid',
          'assigned_at timestamptz notnull',
          'is_active boolean notnull',
          'created_at timestamptz notnull',
          'updated_at timestamptz notnull',
        ]),
      ],
      constraints: [unique('public.distributor_partners', 'uq_distributor_partner', ['distributor_id', 'partner_id'])],
      foreignKeys: [...sideFks, fk('public.distributor_partners', ['assigned_by'], 'public.admin_users', ['id'])],
    });
    const rels = relationshipsOf(m);
    expect(manyToMany(rels)).toEqual([
      manyToManyRel('public.distributors', 'public.partners', 'public.distributor_partners', [
        'public.distributor_partners.distributor_partners_distributor_id_fkey',
        'public.distributor_partners.distributor_partners_partner_id_fkey',
      ]),
    ]);
    const distributorSide = byFk(rels, 'public.distributor_partners.distributor_partners_distributor_id_fkey');
    expect(distributorSide.junction).toBe(true);
    expect(distributorSide.cardinality).toBe('one-to-many');
    expect(byFk(rels, 'public.distributor_partners.distributor_partners_partner_id_fkey').junction).toBe(true);
    expect(byFk(rels, 'public.distributor_partners.distributor_partners_assigned_by_fkey').junction).toBe(false);
    expect(rels).toHaveLength(4);
  });

  it('finds a junction whose primary key is the two FK columns', () => {
    const m = model({
      tables: [
        table('public.contact_lists', ['id uuid pk']),
        table('public.contacts', ['id uuid pk']),
        table('public.contact_list_members', ['list_id uuid pk', 'contact_id uuid pk', 'added_at timestamptz notnull']),
      ],
      foreignKeys: [
        fk('public.contact_list_members', ['list_id'], 'public.contact_lists', ['id']),
        fk('public.contact_list_members', ['contact_id'], 'public.contacts', ['id']),
      ],
    });
    const [nm] = manyToMany(relationshipsOf(m));
    expect(nm?.via).toBe('public.contact_list_members');
    expect([nm?.from, nm?.to]).toEqual(['public.contact_lists', 'public.contacts']);
    expect(nm?.foreignKeys).toEqual([
      'public.contact_list_members.contact_list_members_contact_id_fkey',
      'public.contact_list_members.contact_list_members_list_id_fkey',
    ]);
  });

  it(`allows ${MAX_PAYLOAD_COLUMNS} payload columns and not one more`, () => {
    const build = (payload: number) =>
      model({
        tables: [
          ...sides,
          table('public.distributor_partners', [
            'distributor_id uuid pk',
            'partner_id uuid pk',
            ...Array.from({ length: payload }, (_, i) => `attr_${i} text`),
          ]),
        ],
        foreignKeys: sideFks,
      });
    expect(manyToMany(relationshipsOf(build(MAX_PAYLOAD_COLUMNS)))).toHaveLength(1);
    expect(manyToMany(relationshipsOf(build(MAX_PAYLOAD_COLUMNS + 1)))).toHaveLength(0);
  });

  it('does not count a surrogate id, date/time columns, booleans or *_by / *By actors as payload', () => {
    const payload = Array.from({ length: MAX_PAYLOAD_COLUMNS }, (_, i) => `attr_${i} text`);
    const build = (bookkeeping: string) =>
      model({
        tables: [...sides, table('public.distributor_partners', ['distributor_id uuid notnull', 'partner_id uuid notnull', ...payload, bookkeeping])],
        constraints: [unique('public.distributor_partners', 'uq_distributor_partner', ['distributor_id', 'partner_id'])],
        foreignKeys: sideFks,
      });
    for (const column of ['id bigint pk', 'createdAt timestamp(3) without time zone', 'valid_from date', 'is_active boolean', 'assigned_by uuid', 'createdById uuid']) {
      expect(manyToMany(relationshipsOf(build(column))), column).toHaveLength(1);
    }
    expect(manyToMany(relationshipsOf(build('role text')))).toHaveLength(0);
  });

  it('does not take a table with two FKs and many payload columns for a junction', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.rewards', ['id uuid pk']),
        table('public.redemptions', [
          'id uuid pk',
          'user_id uuid notnull',
          'reward_id uuid notnull',
          'status text notnull',
          'tier text notnull',
          'kind text notnull',
          'notes text',
          'rejection_reason text',
        ]),
      ],
      constraints: [unique('public.redemptions', 'redemptions_user_reward_key', ['user_id', 'reward_id'])],
      foreignKeys: [
        fk('public.redemptions', ['user_id'], 'public.users', ['id']),
        fk('public.redemptions', ['reward_id'], 'public.rewards', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    expect(manyToMany(rels)).toEqual([]);
    expect(rels.every((r) => !r.junction)).toBe(true);
  });

  it('does not take a key with a non-FK column (a time series) for a junction', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.missions', ['id uuid pk']),
        table('public.progress', ['user_id uuid pk', 'mission_id uuid pk', 'period_start date pk']),
      ],
      foreignKeys: [
        fk('public.progress', ['user_id'], 'public.users', ['id']),
        fk('public.progress', ['mission_id'], 'public.missions', ['id']),
      ],
    });
    expect(manyToMany(relationshipsOf(m))).toEqual([]);
  });

  it('does not report a key made of three FKs (a ternary association)', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.roles', ['id uuid pk']),
        table('public.orgs', ['id uuid pk']),
        table('public.grants', ['user_id uuid pk', 'role_id uuid pk', 'org_id uuid pk']),
      ],
      foreignKeys: [
        fk('public.grants', ['user_id'], 'public.users', ['id']),
        fk('public.grants', ['role_id'], 'public.roles', ['id']),
        fk('public.grants', ['org_id'], 'public.orgs', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    expect(manyToMany(rels)).toEqual([]);
    expect(rels.every((r) => !r.junction)).toBe(true);
  });

  it('does not take a UNIQUE key with a nullable column for a junction', () => {
    const m = model({
      tables: [...sides, table('public.distributor_partners', ['id uuid pk', 'distributor_id uuid notnull', 'partner_id uuid'])],
      constraints: [unique('public.distributor_partners', 'uq_distributor_partner', ['distributor_id', 'partner_id'])],
      foreignKeys: sideFks,
    });
    expect(manyToMany(relationshipsOf(m))).toEqual([]);
  });

  it('does not take a table for a junction when one side is unique on its own', () => {
    const m = model({
      tables: [...sides, table('public.distributor_partners', ['distributor_id uuid pk', 'partner_id uuid pk'])],
      constraints: [unique('public.distributor_partners', 'one_partner_each', ['distributor_id'])],
      foreignKeys: sideFks,
    });
    const rels = relationshipsOf(m);
    expect(manyToMany(rels)).toEqual([]);
    expect(byFk(rels, 'public.distributor_partners.distributor_partners_distributor_id_fkey').cardinality).toBe('one-to-one');
  });

  it('reports a self-join as the N:M of a table with itself', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('public.follows', ['follower_id uuid pk', 'followee_id uuid pk', 'created_at timestamptz notnull']),
      ],
      foreignKeys: [
        fk('public.follows', ['follower_id'], 'public.users', ['id']),
        fk('public.follows', ['followee_id'], 'public.users', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    const [nm] = manyToMany(rels);
    expect(nm).toMatchObject({ from: 'public.users', to: 'public.users', via: 'public.follows' });
    expect(nm?.foreignKeys).toEqual(['public.follows.follows_followee_id_fkey', 'public.follows.follows_follower_id_fkey']);
    expect(byFk(rels, 'public.follows.follows_follower_id_fkey')).toMatchObject({ cardinality: 'one-to-many', junction: true });
  });

  it('does not count a tenant FK that lies inside a composite side', () => {
    const m = model({
      tables: [
        table('public.tenants', ['id uuid pk']),
        table('public.projects', ['tenant_id uuid pk', 'id uuid pk']),
        table('public.people', ['tenant_id uuid pk', 'id uuid pk']),
        table('public.project_people', ['tenant_id uuid pk', 'project_id uuid pk', 'person_id uuid pk']),
      ],
      foreignKeys: [
        fk('public.project_people', ['tenant_id'], 'public.tenants', ['id']),
        fk('public.project_people', ['tenant_id', 'project_id'], 'public.projects', ['tenant_id', 'id']),
        fk('public.project_people', ['tenant_id', 'person_id'], 'public.people', ['tenant_id', 'id']),
      ],
    });
    const rels = relationshipsOf(m);
    const [nm] = manyToMany(rels);
    expect(nm).toMatchObject({ from: 'public.people', to: 'public.projects', via: 'public.project_people' });
    expect(byFk(rels, 'public.project_people.project_people_tenant_id_fkey').junction).toBe(false);
  });

  it('does not take a table that also points at a third table for a junction (seed 000 raffle_participations)', () => {
    const parts = (extra: string[], fks: ReturnType<typeof fk>[]) =>
      model({
        tables: [
          table('public.missions', ['id uuid pk']),
          table('public.users', ['id uuid pk']),
          table('public.redemptions', ['id uuid pk']),
          table('public.raffle_participations', ['id uuid pk', 'mission_id uuid notnull', 'user_id uuid notnull', ...extra]),
        ],
        constraints: [unique('public.raffle_participations', 'raffle_participations_mission_user_key', ['mission_id', 'user_id'])],
        foreignKeys: [
          fk('public.raffle_participations', ['mission_id'], 'public.missions', ['id']),
          fk('public.raffle_participations', ['user_id'], 'public.users', ['id']),
          ...fks,
        ],
      });
    const entity = parts(['redemption_id uuid'], [fk('public.raffle_participations', ['redemption_id'], 'public.redemptions', ['id'])]);
    expect(manyToMany(relationshipsOf(entity))).toEqual([]);
    // An actor column (selected_by → users) does not make it an entity.
    const link = parts(['selected_by uuid'], [fk('public.raffle_participations', ['selected_by'], 'public.users', ['id'])]);
    expect(manyToMany(relationshipsOf(link)).map((r) => r.via)).toEqual(['public.raffle_participations']);
  });
});

describe('guard FKs (guardOf)', () => {
  /** creator-loyalty's sub-state table: a plain FK to redemptions, the composite tenant FK beside it, and client_id. */
  function substate(extra: ReturnType<typeof fk>[] = []) {
    return model({
      tables: [
        table('public.clients', ['id uuid pk']),
        table('public.redemptions', ['id uuid pk', 'client_id uuid notnull', 'legacy_id uuid unique']),
        table('public.boosts', ['id uuid pk', 'redemption_id uuid notnull unique', 'client_id uuid notnull']),
      ],
      constraints: [unique('public.redemptions', 'redemptions_id_client_id_key', ['id', 'client_id'])],
      foreignKeys: [
        fk('public.boosts', ['redemption_id'], 'public.redemptions', ['id'], { onDelete: 'cascade' }),
        fk('public.boosts', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id']),
        fk('public.boosts', ['client_id'], 'public.clients', ['id']),
        ...extra,
      ],
    });
  }

  it('names the FK whose columns the composite tenant FK strictly includes, to the same table', () => {
    const rels = relationshipsOf(substate());
    expect(byFk(rels, 'public.boosts.boosts_redemption_id_client_id_fkey').guardOf).toBe('public.boosts.boosts_redemption_id_fkey');
    expect(byFk(rels, 'public.boosts.boosts_redemption_id_fkey').guardOf).toBeNull();
    // client_id lies inside the composite FK too, but references clients, not redemptions
    expect(byFk(rels, 'public.boosts.boosts_client_id_fkey').guardOf).toBeNull();
  });

  it('is null when no other FK to the same table lies strictly inside (an FK on the same columns does not)', () => {
    const m = model({
      tables: [
        table('public.redemptions', ['id uuid pk', 'client_id uuid notnull']),
        table('public.boosts', ['id uuid pk', 'redemption_id uuid notnull', 'client_id uuid notnull']),
      ],
      constraints: [unique('public.redemptions', 'redemptions_client_id_id_key', ['client_id', 'id'])],
      foreignKeys: [
        fk('public.boosts', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id']),
        fk('public.boosts', ['client_id', 'redemption_id'], 'public.redemptions', ['client_id', 'id'], { name: 'boosts_again_fkey' }),
      ],
    });
    expect(relationshipsOf(m).map((r) => r.guardOf)).toEqual([null, null]);
  });

  it('takes the guarded FK with the most columns, then the lowest id', () => {
    const m = model({
      tables: [
        table('public.p', ['a uuid pk', 'b uuid pk', 'c uuid pk']),
        table('public.q', ['a uuid pk', 'b uuid pk']),
        table('public.child', ['id uuid pk', 'a uuid notnull', 'b uuid notnull', 'c uuid notnull']),
      ],
      indexes: [index('public.p', 'p_a_key', ['a'], { unique: true }), index('public.p', 'p_b_key', ['b'], { unique: true })],
      foreignKeys: [
        fk('public.child', ['a', 'b', 'c'], 'public.p', ['a', 'b', 'c']),
        fk('public.child', ['a'], 'public.p', ['a']),
        fk('public.child', ['b', 'a'], 'public.p', ['b', 'a']),
        fk('public.child', ['a', 'b'], 'public.q', ['a', 'b']),
        fk('public.child', ['b'], 'public.p', ['b'], { name: 'child_0_b_fkey' }),
      ],
    });
    const rels = relationshipsOf(m);
    // (a, b, c) includes (a), (b) and (b, a) to p: the widest wins; q's (a, b) is another table
    expect(byFk(rels, 'public.child.child_a_b_c_fkey').guardOf).toBe('public.child.child_b_a_fkey');
    // (b, a) includes (a) and (b): same size, the lowest id
    expect(byFk(rels, 'public.child.child_b_a_fkey').guardOf).toBe('public.child.child_0_b_fkey');
    expect(byFk(rels, 'public.child.child_a_b_fkey').guardOf).toBeNull();
  });

  it('is null on many-to-many relationships', () => {
    const m = model({
      tables: [table('public.a', ['id uuid pk']), table('public.b', ['id uuid pk']), table('public.ab', ['a_id uuid pk', 'b_id uuid pk'])],
      foreignKeys: [fk('public.ab', ['a_id'], 'public.a', ['id']), fk('public.ab', ['b_id'], 'public.b', ['id'])],
    });
    expect(manyToMany(relationshipsOf(m))).toEqual([expect.objectContaining({ via: 'public.ab', guardOf: null })]);
  });

  /** A link of projects and people in one tenant, keyed by `key`, with the given FKs. */
  function link(key: string[], fks: (keyof typeof linkFks)[]) {
    const cols = ['tenant_id', 'project_id', 'person_id'].map((c) => `${c} uuid ${key.includes(c) ? 'pk' : 'notnull'}`);
    return model({
      tables: [
        table('public.tenants', ['id uuid pk']),
        table('public.projects', ['id uuid pk', 'tenant_id uuid notnull']),
        table('public.people', ['id uuid pk', 'tenant_id uuid notnull']),
        table('public.project_people', cols),
      ],
      constraints: [
        unique('public.projects', 'projects_tenant_id_id_key', ['tenant_id', 'id']),
        unique('public.people', 'people_tenant_id_id_key', ['tenant_id', 'id']),
      ],
      foreignKeys: fks.map((k) => linkFks[k]),
    });
  }
  const linkFks = {
    tenant: fk('public.project_people', ['tenant_id'], 'public.tenants', ['id']),
    project: fk('public.project_people', ['project_id'], 'public.projects', ['id']),
    person: fk('public.project_people', ['person_id'], 'public.people', ['id']),
    projectGuard: fk('public.project_people', ['tenant_id', 'project_id'], 'public.projects', ['tenant_id', 'id']),
    personGuard: fk('public.project_people', ['tenant_id', 'person_id'], 'public.people', ['tenant_id', 'id']),
  };
  const id = (k: keyof typeof linkFks) => linkFks[k].id;

  it('does not take guards inside a junction key for extra sides: they are the sides, the plain FKs lie inside them', () => {
    const rels = relationshipsOf(link(['tenant_id', 'project_id', 'person_id'], ['tenant', 'project', 'person', 'projectGuard', 'personGuard']));
    expect(manyToMany(rels)).toEqual([
      expect.objectContaining({ from: 'public.people', to: 'public.projects', via: 'public.project_people', foreignKeys: [id('personGuard'), id('projectGuard')] }),
    ]);
    expect(byFk(rels, id('projectGuard'))).toMatchObject({ junction: true, guardOf: id('project') });
    expect(byFk(rels, id('project'))).toMatchObject({ junction: false, guardOf: null });
    expect(byFk(rels, id('tenant')).junction).toBe(false);
  });

  it('does not take guards outside the junction key (nor the tenant FK they imply) for FKs to a third table', () => {
    const guarded = relationshipsOf(link(['project_id', 'person_id'], ['tenant', 'project', 'person', 'projectGuard', 'personGuard']));
    expect(manyToMany(guarded)).toEqual([
      expect.objectContaining({ via: 'public.project_people', foreignKeys: [id('person'), id('project')] }),
    ]);
    expect(byFk(guarded, id('projectGuard'))).toMatchObject({ junction: false, guardOf: id('project') });
    // without the guards, tenant_id → tenants is an FK to a third table: an entity, not a junction
    expect(manyToMany(relationshipsOf(link(['project_id', 'person_id'], ['tenant', 'project', 'person'])))).toEqual([]);
  });
});

describe('ids and order', () => {
  it('never splits ids on dots and keeps spaces (quoted identifiers)', () => {
    const m = model({
      tables: [
        table('public.my', ['id uuid pk']),
        table('public.my.table', ['id uuid pk', 'parent_id uuid']),
        table('other.a b', ['id uuid pk', 'my_id uuid notnull']),
        table('other.a b.c', ['a_id uuid pk', 'my_id uuid pk']),
      ],
      foreignKeys: [
        fk('public.my.table', ['parent_id'], 'public.my.table', ['id']),
        fk('other.a b', ['my_id'], 'public.my.table', ['id']),
        fk('other.a b.c', ['a_id'], 'other.a b', ['id']),
        fk('other.a b.c', ['my_id'], 'public.my', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    expect(byFk(rels, 'public.my.table.my.table_parent_id_fkey')).toMatchObject({
      from: 'public.my.table',
      to: 'public.my.table',
      cardinality: 'self-referential',
    });
    expect(byFk(rels, 'other.a b.a b_my_id_fkey')).toMatchObject({ from: 'other.a b', to: 'public.my.table', cardinality: 'one-to-many' });
    expect(manyToMany(rels)).toEqual([
      expect.objectContaining({ from: 'other.a b', to: 'public.my', via: 'other.a b.c' }),
    ]);
  });

  it('keeps tables of the same name in two schemas apart', () => {
    const m = model({
      tables: [
        table('billing.accounts', ['id uuid pk']),
        table('public.accounts', ['id uuid pk']),
        table('public.invoices', ['id uuid pk', 'account_id uuid notnull unique']),
        table('billing.invoices', ['id uuid pk', 'account_id uuid notnull']),
      ],
      foreignKeys: [
        fk('public.invoices', ['account_id'], 'billing.accounts', ['id']),
        fk('billing.invoices', ['account_id'], 'public.accounts', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    expect(byFk(rels, 'public.invoices.invoices_account_id_fkey')).toMatchObject({ from: 'public.invoices', to: 'billing.accounts', cardinality: 'one-to-one' });
    expect(byFk(rels, 'billing.invoices.invoices_account_id_fkey')).toMatchObject({ from: 'billing.invoices', to: 'public.accounts', cardinality: 'one-to-many' });
  });

  it('lists FK relationships by FK id, then many-to-many ones by junction', () => {
    const m = model({
      tables: [
        table('public.a', ['id uuid pk']),
        table('public.b', ['id uuid pk']),
        table('public.z_ab', ['a_id uuid pk', 'b_id uuid pk']),
        table('public.m_ab', ['a_id uuid pk', 'b_id uuid pk']),
        table('public.c', ['id uuid pk', 'a_id uuid']),
      ],
      foreignKeys: [
        fk('public.z_ab', ['a_id'], 'public.a', ['id']),
        fk('public.z_ab', ['b_id'], 'public.b', ['id']),
        fk('public.m_ab', ['b_id'], 'public.b', ['id']),
        fk('public.m_ab', ['a_id'], 'public.a', ['id']),
        fk('public.c', ['a_id'], 'public.a', ['id']),
      ],
    });
    const rels = relationshipsOf(m);
    expect(rels.map((r) => r.foreignKey ?? `via ${r.via}`)).toEqual([
      'public.c.c_a_id_fkey',
      'public.m_ab.m_ab_a_id_fkey',
      'public.m_ab.m_ab_b_id_fkey',
      'public.z_ab.z_ab_a_id_fkey',
      'public.z_ab.z_ab_b_id_fkey',
      'via public.m_ab',
      'via public.z_ab',
    ]);
  });

  it('gives the same output for the same model', () => {
    const build = () =>
      model({
        tables: [table('public.a', ['id uuid pk']), table('public.b', ['id uuid pk', 'a_id uuid'])],
        foreignKeys: [fk('public.b', ['a_id'], 'public.a', ['id'])],
      });
    expect(JSON.stringify(relationshipsOf(build()))).toBe(JSON.stringify(relationshipsOf(build())));
  });
});
