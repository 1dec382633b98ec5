import { describe, expect, it } from 'vitest';
import { analyzeGraph, stronglyConnected } from '../../src/analyze/graph.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { fk, model, table } from '../helpers/model.js';

const graphOf = (parts: Parameters<typeof model>[0]) => analyzeGraph(buildLookup(model(parts)));

describe('dependency levels', () => {
  it('follow the definition: 1 + the highest level referenced, self-references ignored', () => {
    const g = graphOf({
      tables: [
        table('public.clients', ['id uuid pk']),
        table('public.users', ['id uuid pk', 'client_id uuid notnull', 'manager_id uuid']),
        table('public.missions', ['id uuid pk', 'client_id uuid']),
        table('public.progress', ['id uuid pk', 'user_id uuid', 'mission_id uuid']),
        // references a level-2 table and a level-0 table: level 3, not 1
        table('public.redemptions', ['id uuid pk', 'progress_id uuid', 'client_id uuid']),
      ],
      foreignKeys: [
        fk('public.users', ['client_id'], 'public.clients', ['id']),
        fk('public.users', ['manager_id'], 'public.users', ['id']),
        fk('public.missions', ['client_id'], 'public.clients', ['id']),
        fk('public.progress', ['user_id'], 'public.users', ['id']),
        fk('public.progress', ['mission_id'], 'public.missions', ['id']),
        fk('public.redemptions', ['progress_id'], 'public.progress', ['id']),
        fk('public.redemptions', ['client_id'], 'public.clients', ['id']),
      ],
    });
    expect(g.levels).toEqual({
      'public.clients': 0,
      'public.missions': 1,
      'public.progress': 2,
      'public.redemptions': 3,
      'public.users': 1,
    });
    expect(g.loadOrder).toEqual(['public.clients', 'public.missions', 'public.users', 'public.progress', 'public.redemptions']);
    expect(g.deleteOrder).toEqual([...g.loadOrder].reverse());
    expect(g.cycles).toEqual([]);
    expect(g.roots).toEqual(['public.clients']);
    expect(g.leaves).toEqual(['public.redemptions']);
    expect(g.isolated).toEqual([]);
  });

  it('counts a table that only references itself as isolated, level 0', () => {
    const g = graphOf({
      tables: [table('public.categories', ['id int pk', 'parent_id int']), table('public.flags', ['id int pk'])],
      foreignKeys: [fk('public.categories', ['parent_id'], 'public.categories', ['id'])],
    });
    expect(g.levels).toEqual({ 'public.categories': 0, 'public.flags': 0 });
    expect(g.isolated).toEqual(['public.categories', 'public.flags']);
    expect(g.roots).toEqual([]);
  });

  it('never splits ids on dots: quoted names with dots and spaces, and one name in two schemas', () => {
    const g = graphOf({
      tables: [
        table('public.a.b', ['id int pk']),
        table('other.a b', ['id int pk', 'ab_id int']),
        table('public.users', ['id int pk', 'x int']),
        table('billing.users', ['id int pk', 'user_id int']),
      ],
      foreignKeys: [
        fk('other.a b', ['ab_id'], 'public.a.b', ['id']),
        fk('billing.users', ['user_id'], 'public.users', ['id']),
      ],
    });
    expect(g.levels).toEqual({ 'billing.users': 1, 'other.a b': 1, 'public.a.b': 0, 'public.users': 0 });
  });
});

describe('cycles', () => {
  it('are broken at the nullable FK, and levels and load order still exist', () => {
    const g = graphOf({
      tables: [
        table('public.departments', ['id int pk', 'head_id int']),
        table('public.employees', ['id int pk', 'department_id int notnull']),
      ],
      foreignKeys: [
        fk('public.departments', ['head_id'], 'public.employees', ['id']),
        fk('public.employees', ['department_id'], 'public.departments', ['id']),
      ],
    });
    expect(g.cycles).toEqual([
      {
        tables: ['public.departments', 'public.employees'],
        foreignKeys: ['public.departments.departments_head_id_fkey', 'public.employees.employees_department_id_fkey'],
        brokenAt: 'public.departments.departments_head_id_fkey',
        breakable: 'nullable',
      },
    ]);
    expect(g.levels).toEqual({ 'public.departments': 0, 'public.employees': 1 });
    // Both tables reference another table: neither is a root, neither a leaf.
    expect(g.roots).toEqual([]);
    expect(g.leaves).toEqual([]);
  });

  it('prefer a deferrable FK over a NOT NULL immediate one, and say when none can be loaded in one pass', () => {
    const deferrable = graphOf({
      tables: [table('public.a', ['id int pk', 'b_id int notnull']), table('public.b', ['id int pk', 'a_id int notnull'])],
      foreignKeys: [
        fk('public.a', ['b_id'], 'public.b', ['id']),
        fk('public.b', ['a_id'], 'public.a', ['id'], { deferrable: true }),
      ],
    });
    expect(deferrable.cycles.map((c) => [c.brokenAt, c.breakable])).toEqual([['public.b.b_a_id_fkey', 'deferrable']]);

    const stuck = graphOf({
      tables: [table('public.a', ['id int pk', 'b_id int notnull']), table('public.b', ['id int pk', 'a_id int notnull'])],
      foreignKeys: [fk('public.a', ['b_id'], 'public.b', ['id']), fk('public.b', ['a_id'], 'public.a', ['id'])],
    });
    expect(stuck.cycles).toHaveLength(1);
    expect(stuck.cycles[0]!.breakable).toBe('none');
    expect(Object.keys(stuck.levels).sort()).toEqual(['public.a', 'public.b']);
  });

  it('a component with two cycles is broken until none is left, each step reported', () => {
    // a ⇄ b and b ⇄ c: one break leaves a second cycle.
    const g = graphOf({
      tables: [
        table('public.a', ['id int pk', 'b_id int']),
        table('public.b', ['id int pk', 'a_id int notnull', 'c_id int notnull']),
        table('public.c', ['id int pk', 'b_id int']),
      ],
      foreignKeys: [
        fk('public.a', ['b_id'], 'public.b', ['id']),
        fk('public.b', ['a_id'], 'public.a', ['id']),
        fk('public.b', ['c_id'], 'public.c', ['id']),
        fk('public.c', ['b_id'], 'public.b', ['id']),
      ],
    });
    // Both nullable FKs tie; the higher id (c → b) goes first, leaving a ⇄ b.
    expect(g.cycles.map((c) => c.tables)).toEqual([['public.a', 'public.b'], ['public.a', 'public.b', 'public.c']]);
    expect(new Set(g.cycles.map((c) => c.brokenAt))).toEqual(new Set(['public.a.a_b_id_fkey', 'public.c.c_b_id_fkey']));
    expect(g.levels).toEqual({ 'public.a': 0, 'public.b': 1, 'public.c': 0 });
    const position = (id: string) => g.loadOrder.indexOf(id);
    expect(position('public.b')).toBeGreaterThan(position('public.a'));
    expect(position('public.b')).toBeGreaterThan(position('public.c'));
  });

  it('finds components iteratively on a long chain without overflowing the stack', () => {
    const n = 20_000;
    const ids = Array.from({ length: n }, (_, i) => `public.t${i}`);
    const edges = ids.map((id, i) => fk(id, ['next_id'], ids[(i + 1) % n]!, ['id']));
    const components = stronglyConnected(ids, edges);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
