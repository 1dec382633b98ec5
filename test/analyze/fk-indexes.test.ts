/**
 * FK index coverage (src/analyze/fk-indexes.ts), on small inline models: which FKs are listed (every FK of an
 * analysed table, whatever it references) and which index covers each.
 */
import { describe, expect, it } from 'vitest';
import { analyzeForeignKeyIndexes } from '../../src/analyze/fk-indexes.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import type { ForeignKeyIndex } from '../../src/analyze/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { fk, index, model, table } from '../helpers/model.js';

const indexesOf = (m: SchemaModel): ForeignKeyIndex[] => analyzeForeignKeyIndexes(buildLookup(m));

describe('which FKs', () => {
  // giftcard-campaigns: public.users.id → auth.users(id), covered by the primary key of public.users
  const m = model({
    tables: [
      table('auth.users', ['id uuid pk', 'profile_id uuid'], { origin: 'platform' }),
      table('public.users', ['id uuid pk']),
      table('public.posts', ['id uuid pk', 'user_id uuid notnull', 'reviewer_id uuid', 'geo_id int']),
      table('public.spatial_ref_sys', ['srid int pk'], { origin: 'extension' }),
    ],
    indexes: [index('public.posts', 'posts_user_id_idx', ['user_id'])],
    foreignKeys: [
      fk('public.users', ['id'], 'auth.users', ['id'], { onDelete: 'cascade' }),
      fk('public.posts', ['user_id'], 'public.users', ['id']),
      fk('public.posts', ['reviewer_id'], 'auth.users', ['id']),
      fk('public.posts', ['geo_id'], 'public.spatial_ref_sys', ['srid']),
      // the child is not analysed: not listed
      fk('auth.users', ['profile_id'], 'public.users', ['id']),
    ],
  });

  it('lists every FK whose child table is analysed, to a platform or extension table too, in FK id order', () => {
    expect(indexesOf(m)).toEqual([
      { foreignKey: 'public.posts.posts_geo_id_fkey', table: 'public.posts', columns: ['geo_id'], index: null },
      { foreignKey: 'public.posts.posts_reviewer_id_fkey', table: 'public.posts', columns: ['reviewer_id'], index: null },
      { foreignKey: 'public.posts.posts_user_id_fkey', table: 'public.posts', columns: ['user_id'], index: 'public.posts_user_id_idx' },
      { foreignKey: 'public.users.users_id_fkey', table: 'public.users', columns: ['id'], index: 'public.users_pkey' },
    ]);
  });

  it('lists more than the FKs between analysed tables (which the rest of the analysis counts)', () => {
    expect(buildLookup(m).foreignKeys.map((f) => f.id)).toEqual(['public.posts.posts_user_id_fkey']);
  });
});

describe('which index', () => {
  it('takes a B-tree whose leading columns are the FK columns, the fewest key columns first, not one that starts elsewhere', () => {
    const m = model({
      tables: [
        table('public.a', ['id uuid pk', 'x uuid pk']),
        table('public.c', ['id uuid pk', 'a_id uuid', 'a_x uuid', 'at timestamptz']),
      ],
      indexes: [
        index('public.c', 'c_wide_idx', ['a_x', 'a_id', 'at']),
        index('public.c', 'c_pair_idx', ['a_x', 'a_id']),
        index('public.c', 'c_at_idx', ['at', 'a_id', 'a_x']),
      ],
      foreignKeys: [fk('public.c', ['a_id', 'a_x'], 'public.a', ['id', 'x'])],
    });
    expect(indexesOf(m).map((f) => f.index)).toEqual(['public.c_pair_idx']);
  });
});
