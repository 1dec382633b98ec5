/**
 * Diagram selection (src/diagram/select.ts): the cap (60 tables, context boxes included), domain diagrams with their
 * context, split domains, the overview, neighbourhoods at depth 1 and 2, and a 1,000-table synthetic schema where no
 * diagram passes the cap and every table is drawn with its columns in exactly one domain diagram.
 */
import { describe, expect, it } from 'vitest';
import { tableDiagramDot } from '../../src/diagram/dot.js';
import {
  contextTables,
  DIAGRAM_CAP,
  domainDiagrams,
  neighbourhoodDiagram,
  overviewDiagram,
  planDiagrams,
  resolveTable,
  wholeSchemaDiagram,
} from '../../src/diagram/select.js';
import type { TableDiagram } from '../../src/diagram/types.js';
import { fk, model, table } from '../helpers/model.js';
import { blog, contextOf, synthetic } from './fixtures.js';

describe('neighbourhoods', () => {
  it('depth 1: the table and its direct FK neighbours, edges only to the table', async () => {
    const ctx = await contextOf(blog());
    const d = neighbourhoodDiagram(ctx, 'public.posts', 1);
    expect(d).toEqual({
      kind: 'tables',
      key: 'erd/tables/public.posts',
      title: 'posts and the tables within 1 FK hop',
      tables: ['public.categories', 'public.comments', 'public.post_tags', 'public.posts', 'public.users'],
      context: [],
      anchors: ['public.posts'],
      focus: 'public.posts',
      omitted: 0,
      note: null,
    });
    // categories' self-reference is not an edge of posts: not drawn at depth 1
    expect(tableDiagramDot(ctx, d).annotations.has('fk-public.categories.categories_parent_id_fkey')).toBe(false);
  });

  it('depth 2: one more hop (the N:M partner through the junction), edges up to that hop', async () => {
    const ctx = await contextOf(blog());
    const d = neighbourhoodDiagram(ctx, 'public.posts', 2);
    expect(d.tables).toEqual([
      'public.categories', 'public.comments', 'public.post_tags', 'public.posts', 'public.profiles', 'public.tags', 'public.users', 'public.wide',
    ]);
    expect(d.anchors).toEqual(['public.categories', 'public.comments', 'public.post_tags', 'public.posts', 'public.users']);
    const drawn = [...tableDiagramDot(ctx, d).annotations.keys()].filter((k) => k.startsWith('fk-'));
    expect(drawn).toEqual([
      'fk-public.categories.categories_parent_id_fkey',
      'fk-public.comments.comments_post_id_fkey',
      'fk-public.post_tags.post_tags_post_id_fkey',
      'fk-public.post_tags.post_tags_tag_id_fkey',
      'fk-public.posts.posts_category_id_fkey',
      'fk-public.posts.posts_user_id_fkey',
      'fk-public.profiles.profiles_user_id_fkey',
      'fk-public.wide.wide_user_id_fkey',
    ]);
  });

  it('keeps the nearest tables under the cap, the best-linked first, and counts the rest', async () => {
    // a hub with 8 children; the child `c0` also references `other`, two hops from the hub
    const children = Array.from({ length: 8 }, (_, i) => table(`public.c${i}`, ['id uuid pk', 'hub_id uuid', 'other_id uuid']));
    const m = model({
      tables: [table('public.hub', ['id uuid pk']), table('public.other', ['id uuid pk']), ...children],
      foreignKeys: [
        ...children.map((c) => fk(c.id, ['hub_id'], 'public.hub', ['id'])),
        fk('public.c0', ['other_id'], 'public.other', ['id']),
        fk('public.c7', ['other_id'], 'public.hub', ['id'], { name: 'c7_second_hub_fkey' }),
      ],
    });
    const ctx = await contextOf(m);
    const d = neighbourhoodDiagram(ctx, 'public.hub', 2, 4);
    // c7 has two FKs to the hub: first; then c0, c1 by id; `other` (hop 2) and c2…c6 do not fit
    expect(d.tables).toEqual(['public.c0', 'public.c1', 'public.c7', 'public.hub']);
    expect(d.omitted).toBe(6);
    expect(d.note).toBe('… 6 more tables within 2 hops not shown');
  });
});

describe('whole schema, domains and context', () => {
  it('draws the whole schema only up to the cap', async () => {
    const ctx = await contextOf(blog());
    expect(wholeSchemaDiagram(ctx, 8)?.tables).toHaveLength(8);
    expect(wholeSchemaDiagram(ctx, 7)).toBeNull();
    expect(planDiagrams(ctx, { cap: 7 }).map((d) => d.key)).toEqual(['erd', ...domainDiagrams(ctx, 7).map((d) => d.key)]);
    expect(planDiagrams(ctx, { cap: 7 })[0]!.kind).toBe('overview');
  });

  it('adds the other domains\' tables a domain links to as context, most linked first, within the cap', async () => {
    const ctx = await contextOf(blog(), { domains: { Content: ['posts', 'comments', 'post_tags', 'tags', 'categories'], People: ['users', 'profiles', 'wide'] } });
    expect(contextTables(ctx, new Set(['public.users']), 10)).toEqual({ context: ['public.posts', 'public.profiles', 'public.wide'], omitted: 0 });
    // only one fits: all three have one FK to users, so the first by id
    expect(contextTables(ctx, new Set(['public.users']), 1)).toEqual({ context: ['public.posts'], omitted: 2 });
    const [content, people] = domainDiagrams(ctx, 6);
    expect(content).toMatchObject({ key: 'erd/content', title: 'Content', context: ['public.users'], omitted: 0 });
    expect(people).toMatchObject({ key: 'erd/people', title: 'People', tables: ['public.profiles', 'public.users', 'public.wide'], context: ['public.posts'] });
  });

  it('splits a domain over the cap into connected parts of about the same size', async () => {
    // two chains of 30 tables each in one domain, cap 40: two parts of 30 (≤ 40 − 10), one chain each
    const chain = (p: string) => Array.from({ length: 30 }, (_, i) => table(`public.${p}${String(i).padStart(2, '0')}`, ['id uuid pk', 'prev_id uuid']));
    const a = chain('a');
    const b = chain('b');
    const links = (ts: ReturnType<typeof chain>) => ts.slice(1).map((t, i) => fk(t.id, ['prev_id'], ts[i]!.id, ['id']));
    const m = model({ tables: [...a, ...b], foreignKeys: [...links(a), ...links(b)] });
    const ctx = await contextOf(m, { domains: { Chains: [...a, ...b].map((t) => t.id) } });
    const parts = domainDiagrams(ctx, 40);
    expect(parts.map((d) => [d.key, d.title, d.tables.length, d.context.length])).toEqual([
      ['erd/chains.1', 'Chains (part 1 of 2)', 30, 0],
      ['erd/chains.2', 'Chains (part 2 of 2)', 30, 0],
    ]);
    expect(parts[0]!.tables.every((id) => id.startsWith('public.a'))).toBe(true);
    expect(parts[1]!.tables.every((id) => id.startsWith('public.b'))).toBe(true);
    expect(overviewDiagram(ctx, parts).domains).toEqual([{ name: 'Chains', tables: 60, diagrams: ['erd/chains.1', 'erd/chains.2'] }]);
  });

  it('weights the overview\'s edges by the FKs between domains', async () => {
    const ctx = await contextOf(blog(), { domains: { Content: ['posts', 'comments', 'post_tags', 'tags', 'categories'], People: ['users', 'profiles', 'wide'] } });
    const o = overviewDiagram(ctx);
    expect(o.domains.map((d) => [d.name, d.tables, d.diagrams])).toEqual([
      ['Content', 5, ['erd/content']],
      ['People', 3, ['erd/people']],
    ]);
    // posts.user_id → users: People is referenced by Content
    expect(o.edges).toEqual([{ referenced: 1, referencing: 0, foreignKeys: 1 }]);
  });

  it('resolves table names as ids or bare names in public', async () => {
    const ctx = await contextOf(blog());
    expect(resolveTable(ctx, 'public.posts')).toEqual({ id: 'public.posts' });
    expect(resolveTable(ctx, 'posts')).toEqual({ id: 'public.posts' });
    expect(resolveTable(ctx, 'post')).toEqual({ id: null, similar: ['public.post_tags', 'public.posts'] });
  });
});

describe('a 1,000-table schema', () => {
  it('never draws more than the cap, and draws every table with its columns in exactly one domain diagram', async () => {
    const ctx = await contextOf(synthetic(1000), { tenant: null });
    const plan = planDiagrams(ctx);
    expect(plan[0]!.kind).toBe('overview');
    const domains = plan.slice(1) as TableDiagram[];
    expect(domains.every((d) => d.kind === 'tables')).toBe(true);
    const counted = new Map<string, number>();
    for (const d of domains) {
      expect(d.tables.length + d.context.length, d.key).toBeLessThanOrEqual(DIAGRAM_CAP);
      // what is drawn, counted in the DOT itself
      const dot = tableDiagramDot(ctx, d);
      expect(dot.size.tables + dot.size.context, d.key).toBe(d.tables.length + d.context.length);
      expect([...dot.dot.matchAll(/ \[id="table-/g)].length, d.key).toBe(d.tables.length + d.context.length);
      for (const id of d.tables) counted.set(id, (counted.get(id) ?? 0) + 1);
    }
    expect(counted.size).toBe(1000);
    expect([...counted.values()].every((n) => n === 1)).toBe(true);
    // some domain was too big and is split; the overview lists every part
    const split = domains.filter((d) => /\.\d+$/.test(d.key));
    expect(split.length).toBeGreaterThan(1);
    const overview = plan[0]!;
    if (overview.kind !== 'overview') throw new Error('no overview');
    expect(overview.domains.reduce((n, g) => n + g.tables, 0)).toBe(1000);
    expect(overview.domains.flatMap((g) => g.diagrams).sort()).toEqual(domains.map((d) => d.key).sort());
  });

  it('keeps every neighbourhood under the cap', async () => {
    const ctx = await contextOf(synthetic(1000), { tenant: null });
    const hoods = planDiagrams(ctx, { neighbourhoods: true, depth: 2 }).filter((d): d is TableDiagram => d.kind === 'tables' && d.focus !== null);
    expect(hoods).toHaveLength(1000);
    expect(Math.max(...hoods.map((d) => d.tables.length))).toBe(DIAGRAM_CAP);
    // the tenant hub at depth 2 reaches almost everything: capped, the rest counted
    const hub = hoods.find((d) => d.focus === 'public.order_t0')!;
    expect(hub.tables.length + hub.omitted).toBeGreaterThan(900);
  });
});
