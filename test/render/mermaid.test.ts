import { describe, expect, it } from 'vitest';
import { MAX_DIAGRAM_TEXT, renderDomainErds, renderErdMmd } from '../../src/render/erd.js';
import { domainOverview, entityNames, erDiagram, mermaidText, mermaidType, neighbourhood } from '../../src/render/mermaid.js';
import { fk, index, model, table } from '../helpers/model.js';
import { ctxOf, manyToManyRel, rel } from '../helpers/render.js';

/** Every line of an erDiagram, checked against the shapes Mermaid 10.5+ and 11 both parse. */
function expectWellFormedEr(text: string) {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('erDiagram');
  const entity = '"[A-Za-z0-9_]+"';
  const quoted = '"[^"%\\\\`<\\n]*"';
  const shapes = [
    new RegExp(`^    ${entity}(\\["[^"%\\\\\`<\\n]+"\\])?( \\{)?$`),
    /^ {8}[A-Za-z_][A-Za-z0-9_]* [A-Za-z_][A-Za-z0-9_]*( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"%\\`<\n]*")?$/,
    /^    \}$/,
    new RegExp(`^    ${entity} (\\|\\||\\|o|\\}o)--(o\\{|o\\||o\\{) ${entity} : ${quoted}$`),
    /^    %% [^\n]*$/,
  ];
  for (const line of lines.slice(1)) {
    expect(shapes.some((s) => s.test(line)), `unexpected line: ${line}`).toBe(true);
  }
}

describe('erDiagram relationships', () => {
  const users = table('public.users', ['id uuid pk', 'email text unique']);
  const posts = table('public.posts', ['id uuid pk', 'user_id uuid notnull']);
  const comments = table('public.comments', ['id uuid pk', 'post_id uuid']);
  const profiles = table('public.profiles', ['id uuid pk', 'user_id uuid notnull unique']);
  const categories = table('public.categories', ['id uuid pk', 'parent_id uuid']);
  const tags = table('public.tags', ['id uuid pk']);
  const postTags = table('public.post_tags', ['post_id uuid pk', 'tag_id uuid pk']);
  const fPosts = fk('public.posts', ['user_id'], 'public.users', ['id']);
  const fComments = fk('public.comments', ['post_id'], 'public.posts', ['id']);
  const fProfiles = fk('public.profiles', ['user_id'], 'public.users', ['id']);
  const fCategories = fk('public.categories', ['parent_id'], 'public.categories', ['id']);
  const fPtPost = fk('public.post_tags', ['post_id'], 'public.posts', ['id']);
  const fPtTag = fk('public.post_tags', ['tag_id'], 'public.tags', ['id']);
  const m = model({
    tables: [users, posts, comments, profiles, categories, tags, postTags],
    foreignKeys: [fPosts, fComments, fProfiles, fCategories, fPtPost, fPtTag],
  });
  const ctx = ctxOf(m, {
    relationships: [
      rel(fPosts, 'one-to-many'),
      rel(fComments, 'one-to-many', true),
      rel(fProfiles, 'one-to-one'),
      rel(fCategories, 'self-referential', true),
      rel(fPtPost, 'one-to-many', false, true),
      rel(fPtTag, 'one-to-many', false, true),
      manyToManyRel('public.posts', 'public.tags', 'public.post_tags', [fPtPost, fPtTag]),
    ],
  });

  it('draws one-to-many with the parent on the left, |o when the FK is nullable', () => {
    const d = erDiagram(ctx, ['public.users', 'public.posts', 'public.comments']);
    expect(d).toContain('    "users" ||--o{ "posts" : "user_id"\n');
    expect(d).toContain('    "posts" |o--o{ "comments" : "post_id"\n');
    expectWellFormedEr(d);
  });

  it('draws one-to-one as ||--o| and a self-reference on the same entity', () => {
    const d = erDiagram(ctx, ['public.users', 'public.profiles', 'public.categories']);
    expect(d).toContain('    "users" ||--o| "profiles" : "user_id"\n');
    expect(d).toContain('    "categories" |o--o{ "categories" : "parent_id"\n');
  });

  it('draws many-to-many through the junction only when the junction is not drawn', () => {
    const without = erDiagram(ctx, ['public.posts', 'public.tags']);
    expect(without).toContain('    "posts" }o--o{ "tags" : "via post_tags"\n');
    expect(without).not.toContain('post_tags" {');

    const withJunction = erDiagram(ctx, ['public.posts', 'public.tags', 'public.post_tags']);
    expect(withJunction).not.toContain('}o--o{');
    expect(withJunction).toContain('    "posts" ||--o{ "post_tags" : "post_id"\n');
    expect(withJunction).toContain('    "tags" ||--o{ "post_tags" : "tag_id"\n');
    expectWellFormedEr(withJunction);
  });

  it('draws only the relationships between tables in the set', () => {
    const d = erDiagram(ctx, ['public.posts']);
    expect(d).not.toContain('--');
    expect(d).toContain('    "posts" {\n        uuid id PK\n        uuid user_id FK\n    }\n');
  });

  it('draws context tables bare, with their edges to the main tables only', () => {
    const d = erDiagram(ctx, ['public.posts'], { context: ['public.users', 'public.comments'] });
    expect(d).toContain('\n    "users"\n');
    expect(d).not.toContain('"users" {');
    expect(d).toContain('"users" ||--o{ "posts"');
    expect(d).toContain('"posts" |o--o{ "comments"');
  });

  it('is deterministic and does not depend on the order of the ids given', () => {
    const a = erDiagram(ctx, ['public.users', 'public.posts', 'public.tags', 'public.post_tags']);
    const b = erDiagram(ctx, ['public.post_tags', 'public.tags', 'public.posts', 'public.users', 'public.posts']);
    expect(b).toBe(a);
    expect(erDiagram(ctxOf(m, ctx.analysis), ['public.users', 'public.posts', 'public.tags', 'public.post_tags'])).toBe(a);
  });
});

describe('erDiagram attributes', () => {
  const wide = table('public.orders', [
    'id uuid pk',
    'user_id uuid notnull',
    'number text unique',
    ...Array.from({ length: 11 }, (_, i) => `extra_${i} text`),
  ]);
  const users = table('public.users', ['id uuid pk', 'name text']);
  const f = fk('public.orders', ['user_id'], 'public.users', ['id']);
  const m = model({ tables: [wide, users], foreignKeys: [f] });
  const ctx = ctxOf(m, { relationships: [rel(f, 'one-to-many')] });

  it('shows only key columns for a table with more than 12 columns', () => {
    const d = erDiagram(ctx, ['public.orders', 'public.users']);
    expect(d).toContain('    "orders" {\n        uuid id PK\n        uuid user_id FK\n        text number UK\n    }\n');
    expect(d).not.toContain('extra_0');
    expect(d).toContain('%% orders: 11 non-key columns not shown');
    expect(d).toContain('    "users" {\n        uuid id PK\n        text name\n    }\n');
  });

  it('follows maxColumns and keysOnly', () => {
    expect(erDiagram(ctx, ['public.orders'], { maxColumns: 20 })).toContain('text extra_10\n');
    const keys = erDiagram(ctx, ['public.users'], { keysOnly: true });
    expect(keys).toContain('    "users" {\n        uuid id PK\n    }\n');
    expect(keys).not.toContain('name');
  });

  it('marks UK only on columns unique on their own, not on each column of a composite unique key', () => {
    const t = table('public.memberships', ['id uuid pk', 'org_id uuid', 'user_id uuid', 'slug text']);
    const mm = model({
      tables: [t],
      indexes: [
        index('public.memberships', 'memberships_org_user', ['org_id', 'user_id'], { unique: true }),
        index('public.memberships', 'memberships_slug', ['slug'], { unique: true }),
      ],
    });
    const d = erDiagram(ctxOf(mm), ['public.memberships']);
    expect(d).toContain('        uuid org_id\n');
    expect(d).toContain('        text slug UK\n');
  });

  it('reduces types to one Mermaid word', () => {
    expect(mermaidType('character varying(255)')).toBe('varchar');
    expect(mermaidType('numeric(19,2)')).toBe('numeric');
    expect(mermaidType('timestamp with time zone')).toBe('timestamptz');
    expect(mermaidType('timestamp(3) without time zone')).toBe('timestamp');
    expect(mermaidType('text[]')).toBe('text_array');
    expect(mermaidType('character varying(20)[]')).toBe('varchar_array');
    expect(mermaidType('billing.currency')).toBe('currency');
    expect(mermaidType('"char"')).toBe('char');
    expect(mermaidType('"My Type"')).toBe('My_Type');
    expect(mermaidType('double precision')).toBe('float8');
    expect(mermaidType('interval year to month')).toBe('interval');
    expect(mermaidType('pk')).toBe('pk_');
  });

  it('keeps hostile names and comments inside their quotes', () => {
    const t = table('public.a|b', [
      { name: 'id', type: 'uuid', nullable: false, comment: '<script>alert(1)</script>' },
      { name: 'my col', type: 'text', comment: 'a `b`\nc "d" %%{init}%%' },
      { name: 'PK', type: 'text' },
    ]);
    const mm = model({ tables: [t] });
    const d = erDiagram(ctxOf(mm), ['public.a|b']);
    expectWellFormedEr(d);
    expect(d).toContain('    "a_b"["a|b"] {\n');
    expect(d).not.toContain('<');
    expect(d).not.toContain('`');
    expect(d).not.toContain('%%{');
    expect(d).toContain('        text my_col "my col: a \'b\' c \'d\' ％％{init}％％"\n');
    expect(d).toContain('        uuid id "‹script>alert(1)‹/script>"\n');
    expect(d).toContain('text PK_ "PK"');
    expect(mermaidText('a\r\nb\tc   d')).toBe('a b c d');
  });

  it('cuts long comments', () => {
    const t = table('public.t', [{ name: 'c', type: 'text', comment: 'x'.repeat(200) }]);
    const d = erDiagram(ctxOf(model({ tables: [t] })), ['public.t']);
    expect(d).toMatch(/text c "x{59}…"\n/);
  });
});

describe('entity names', () => {
  it('maps ids to safe, unique names and shows the real name as an alias', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk']),
        table('billing.users', ['id uuid pk']),
        table('public.my table', ['id uuid pk']),
        table('public.my_table', ['id uuid pk']),
        table('public.x.y', ['id uuid pk']),
        table('public.Order', ['id uuid pk']),
      ],
    });
    const ctx = ctxOf(m);
    const names = entityNames(ctx);
    expect(names.get('public.users')).toBe('public__users');
    expect(names.get('billing.users')).toBe('billing__users');
    expect(names.get('public.my_table')).toBe('my_table');
    expect(names.get('public.my table')).toBe('my_table_2');
    expect(names.get('public.x.y')).toBe('x_y');
    expect(names.get('public.Order')).toBe('Order');
    expect(new Set(names.values()).size).toBe(names.size);

    const d = erDiagram(ctx, m.tables.map((t) => t.id));
    expectWellFormedEr(d);
    expect(d).toContain('    "billing__users"["billing.users"] {');
    expect(d).toContain('    "public__users"["public.users"] {');
    expect(d).toContain('    "my_table_2"["my table"] {');
    expect(d).toContain('    "x_y"["x.y"] {');
    expect(d).toContain('    "my_table" {');
  });

  it('gives a table the same name in every diagram', () => {
    const m = model({ tables: [table('public.a b', ['id int pk']), table('public.a_b', ['id int pk']), table('public.c', ['id int pk'])] });
    const ctx = ctxOf(m);
    expect(erDiagram(ctx, ['public.a b'])).toContain('"a_b_2"');
    expect(erDiagram(ctx, ['public.a b', 'public.c'])).toContain('"a_b_2"');
  });
});

describe('domainOverview', () => {
  it('draws one node per domain and FK counts between domains', () => {
    const tables = ['public.users', 'public.roles', 'public.orders', 'public.items'].map((id) => table(id, ['id uuid pk', 'ref uuid', 'ref2 uuid']));
    const f1 = fk('public.orders', ['ref'], 'public.users', ['id']);
    const f2 = fk('public.items', ['ref'], 'public.users', ['id']);
    const f3 = fk('public.items', ['ref2'], 'public.orders', ['id']);
    const f4 = fk('public.users', ['ref'], 'public.roles', ['id']);
    const m = model({ tables, foreignKeys: [f1, f2, f3, f4] });
    const ctx = ctxOf(m, {
      relationships: [f1, f2, f3, f4].map((f) => rel(f, 'one-to-many', true)),
      domains: {
        source: 'config',
        groups: [
          { name: 'Accounts "core"', tables: ['public.users', 'public.roles'], basis: null },
          { name: 'Sales', tables: ['public.orders', 'public.items'], basis: null },
        ],
      },
    });
    expect(domainOverview(ctx)).toBe(
      ['flowchart LR', `    d1["Accounts 'core' (2 tables)"]`, '    d2["Sales (2 tables)"]', '    d2 -->|2| d1', ''].join('\n'),
    );
  });
});

describe('neighbourhood', () => {
  const ids = ['public.a', 'public.b', 'public.c', 'public.d'];
  const tables = ids.map((id) => table(id, ['id int pk', 'up int']));
  const fks = [fk('public.b', ['up'], 'public.a', ['id']), fk('public.c', ['up'], 'public.b', ['id']), fk('public.d', ['up'], 'public.c', ['id'])];
  const ctx = ctxOf(model({ tables, foreignKeys: fks }), { relationships: fks.map((f) => rel(f, 'one-to-many', true)) });

  it('follows FKs both ways up to the depth', () => {
    expect(neighbourhood(ctx, 'public.b')).toEqual(['public.b', 'public.a', 'public.c']);
    expect(neighbourhood(ctx, 'public.b', 2)).toEqual(['public.b', 'public.a', 'public.c', 'public.d']);
    expect(neighbourhood(ctx, 'public.a', 0)).toEqual(['public.a']);
  });

  it('keeps at most 25 tables, the nearest first, in id order', () => {
    const hub = table('public.hub', ['id int pk']);
    const far = table('public.far', ['id int pk', 'up int']);
    const spokes = Array.from({ length: 30 }, (_, i) => table(`public.s${String(i).padStart(2, '0')}`, ['id int pk', 'hub_id int']));
    const spokeFks = spokes.map((s) => fk(s.id, ['hub_id'], 'public.hub', ['id']));
    const farFk = fk('public.far', ['up'], 'public.s00', ['id']);
    const c = ctxOf(model({ tables: [hub, far, ...spokes], foreignKeys: [...spokeFks, farFk] }), {
      relationships: [...spokeFks, farFk].map((f) => rel(f, 'one-to-many', true)),
    });
    const n = neighbourhood(c, 'public.hub', 2);
    expect(n).toHaveLength(25);
    expect(n[0]).toBe('public.hub');
    expect(n[1]).toBe('public.s00');
    expect(n.at(-1)).toBe('public.s23');
    expect(n).not.toContain('public.far');
  });
});

describe('erd files', () => {
  it('writes the whole schema to erd.mmd up to 40 tables', () => {
    const m = model({ tables: [table('public.a', ['id int pk']), table('public.b', ['id int pk'])] });
    const ctx = ctxOf(m);
    expect(renderErdMmd(ctx)).toMatch(/^erDiagram\n {4}"a" \{/);
    expect(renderDomainErds(ctx).size).toBe(0);
  });

  it('falls back to key columns only when the whole diagram would pass Mermaid\'s text limit', () => {
    const comment = 'c'.repeat(80);
    const tables = Array.from({ length: 40 }, (_, i) =>
      table(`public.t${String(i).padStart(2, '0')}`, [
        'id int pk',
        ...Array.from({ length: 11 }, (_, j) => ({ name: `a_rather_long_column_name_number_${j}`, type: 'text', comment })),
      ]),
    );
    const ctx = ctxOf(model({ tables }));
    const erd = renderErdMmd(ctx);
    expect(erd.length).toBeLessThanOrEqual(MAX_DIAGRAM_TEXT);
    expect(erd).toContain('    "t39" {\n        int id PK\n    }\n');
    expect(erDiagram(ctx, ctx.analysis.tables).length).toBeGreaterThan(MAX_DIAGRAM_TEXT);
  });

  it('writes the domain overview to erd.mmd and one ERD per domain above 40 tables', () => {
    const tables = Array.from({ length: 42 }, (_, i) => table(`public.t${String(i).padStart(2, '0')}`, ['id int pk', 'up int']));
    const link = fk('public.t30', ['up'], 'public.t00', ['id']);
    const ids = tables.map((t) => t.id);
    const m = model({ tables, foreignKeys: [link] });
    const ctx = ctxOf(m, {
      relationships: [rel(link, 'one-to-many', true)],
      domains: {
        source: 'config',
        groups: [
          { name: 'Core & Billing', tables: ids.slice(0, 21), basis: null },
          { name: 'Core Billing', tables: ids.slice(21), basis: null },
        ],
      },
    });
    expect(renderErdMmd(ctx)).toMatch(/^flowchart LR\n/);
    const files = renderDomainErds(ctx);
    expect([...files.keys()]).toEqual(['erd/core-billing.mmd', 'erd/core-billing-2.mmd']);
    const second = files.get('erd/core-billing-2.mmd')!;
    expect(second).toContain('    "t00"\n');
    expect(second).toContain('"t00" |o--o{ "t30" : "up"');
    expect(second).not.toContain('"t01"');
  });
});

describe('guard FKs', () => {
  // raffle.redemption_id → redemptions, and the guard (redemption_id, client_id) → redemptions(id, client_id).
  const tables = [
    table('public.clients', ['id uuid pk']),
    table('public.redemptions', ['id uuid pk', 'client_id uuid notnull']),
    table('public.raffle', ['id uuid pk', 'redemption_id uuid notnull', 'client_id uuid notnull']),
  ];
  const fClient = fk('public.redemptions', ['client_id'], 'public.clients', ['id']);
  const fMain = fk('public.raffle', ['redemption_id'], 'public.redemptions', ['id']);
  const fGuard = fk('public.raffle', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id'], { name: 'raffle_guard' });
  const m = model({ tables, foreignKeys: [fClient, fMain, fGuard] });
  const ctx = ctxOf(m, {
    relationships: [rel(fClient, 'one-to-many'), rel(fMain, 'one-to-many'), { ...rel(fGuard, 'one-to-many'), guardOf: fMain.id }],
    domains: {
      source: 'config',
      groups: [
        { name: 'Core', tables: ['public.clients', 'public.redemptions'], basis: null },
        { name: 'Raffles', tables: ['public.raffle'], basis: null },
      ],
    },
  });

  it('draws only the FK a guard FK guards', () => {
    const d = erDiagram(ctx, m.tables.map((t) => t.id));
    expect(d).toContain('    "redemptions" ||--o{ "raffle" : "redemption_id"\n');
    expect(d).not.toContain('redemption_id, client_id');
    expect(d.split('\n').filter((l) => l.includes('--'))).toHaveLength(2);
    expectWellFormedEr(d);
  });

  it('counts relationships, not guard FKs, between domains', () => {
    expect(domainOverview(ctx)).toContain('    d2 -->|1| d1\n');
  });
});
