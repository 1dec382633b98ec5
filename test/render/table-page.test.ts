import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analyze/types.js';
import { tablePageName } from '../../src/render/markdown.js';
import { renderTablePage } from '../../src/render/table-page.js';
import { check, fk, index, model, policy, table, trigger } from '../helpers/model.js';
import { ctxOf, expectTablesIntact, rel, section } from '../helpers/render.js';

const clients = table('public.clients', ['id uuid pk', 'name text notnull']);
const users = table(
  'public.users',
  [
    'id uuid pk',
    'client_id uuid notnull',
    'email text unique notnull',
    { name: 'status', type: 'text', nullable: false, default: "'active'::text" },
    { name: 'note', type: 'text', comment: 'uses `code`, a | pipe\nand a second line' },
  ],
  { rls: { enabled: true, forced: true }, comment: '<script>alert(1)</script>' },
);
const posts = table('public.posts', ['id uuid pk', 'user_id uuid']);
const fUsers = fk('public.users', ['client_id'], 'public.clients', ['id'], { onDelete: 'cascade' });
const fPosts = fk('public.posts', ['user_id'], 'public.users', ['id'], { onDelete: 'set null' });
const m = model({
  tables: [clients, users, posts],
  foreignKeys: [fUsers, fPosts],
  constraints: [check('public.users', 'users_status_check', ['status'], "CHECK (status = ANY (ARRAY['active'::text, 'gone'::text]))")],
  indexes: [index('public.users', 'users_client_status', ['client_id', 'status'])],
  triggers: [
    trigger('public.users', 'users_audit', 'public.audit()', { timing: 'after', events: ['insert', 'update'], columns: ['status'], when: '(new.status IS DISTINCT FROM old.status)' }),
  ],
  policies: [
    policy('public.users', 'tenant', "client_id = current_setting('app.client')::uuid", { roles: ['app_user'], withCheck: "client_id || 'x' = 'y'" }),
    policy('public.users', 'no_deleted', "status <> 'gone'::text", { permissive: false, command: 'select' }),
  ],
});
const analysis: Partial<Analysis> = {
  relationships: [rel(fUsers, 'one-to-many'), rel(fPosts, 'one-to-many', true)],
  levels: { 'public.clients': 0, 'public.users': 1, 'public.posts': 2 },
  domains: { source: 'config', groups: [{ name: 'Accounts', tables: ['public.clients', 'public.users', 'public.posts'], basis: null }] },
};
const ctx = ctxOf(m, analysis);
const page = renderTablePage(ctx, 'public.users');

describe('table page', () => {
  it('has a title with the kind, then level, domain and the escaped comment', () => {
    expect(page.startsWith('# users (RLS enabled and forced)\n')).toBe(true);
    expect(page).toContain('dependency level 1 · domain Accounts');
    expect(page).toContain('\n&lt;script>alert(1)&lt;/script>\n');
    expect(page).not.toContain('<script>');
    const partitioned = table('public.events', ['id int notnull'], { kind: 'partitioned', partitionKey: 'LIST (id)' });
    const part = table('public.events_1', ['id int notnull'], { partitionOf: 'public.events', partitionBound: 'FOR VALUES IN (1)' });
    const c = ctxOf(model({ tables: [partitioned, part] }));
    const p = renderTablePage(c, 'public.events');
    expect(p.startsWith('# events (partitioned table)\n')).toBe(true);
    expect(p).toContain('partitioned by `LIST (id)`');
    expect(section(p, '## Partitions')).toContain('| `events_1` | `FOR VALUES IN (1)` |');
  });

  it('lists columns with keys, defaults and FK links to the referenced page under ../', () => {
    const cols = section(page, '## Columns');
    expect(cols).toContain('| `id` | `uuid` | no | - | PK | - | - |');
    expect(cols).toContain('| `client_id` | `uuid` | no | - | FK | [clients](../tables/public.clients.md)`.id` | - |');
    expect(cols).toContain('| `email` | `text` | no | - | UK | - | - |');
    expect(cols).toContain("| `status` | `text` | no | `'active'::text` | - | - | - |");
    expect(cols).toContain('| `note` | `text` | yes | - | - | - | uses \\`code\\`, a \\| pipe and a second line |');
    expectTablesIntact(page);
  });

  it('lists constraints, indexes and triggers', () => {
    expect(section(page, '## Constraints')).toContain("| `users_status_check` | CHECK | `CHECK (status = ANY (ARRAY['active'::text, 'gone'::text]))` |");
    expect(section(page, '## Constraints')).toContain('| `users_pkey` | PRIMARY KEY | `PRIMARY KEY (id)` |');
    expect(section(page, '## Indexes')).toContain('| `users_client_status` | `CREATE INDEX users_client_status ON public.users USING btree (client_id, status)` |');
    expect(section(page, '## Indexes')).toContain('| `users_email_key` (constraint) |');
    expect(section(page, '## Triggers')).toContain(
      '| `users_audit` | AFTER INSERT OR UPDATE OF status, FOR EACH ROW | `(new.status IS DISTINCT FROM old.status)` | `public.audit()` |',
    );
  });

  it('lists policies with command, type, roles and expressions as code', () => {
    const p = section(page, '## Policies');
    expect(p).toContain('Row-level security is enabled and forced');
    expect(p).toContain("| `tenant` | ALL | permissive | `app_user` | `client_id = current_setting('app.client')::uuid` | `client_id \\|\\| 'x' = 'y'` |");
    expect(p).toContain("| `no_deleted` | SELECT | restrictive | `public` | `status <> 'gone'::text` | - |");
  });

  it('says when RLS is on without policies, or policies exist with RLS off', () => {
    const none = ctxOf(model({ tables: [table('public.t', ['id int pk'], { rls: { enabled: true, forced: false } })] }));
    expect(renderTablePage(none, 'public.t')).toContain('Row-level security is enabled with **no policy**');
    const off = ctxOf(model({ tables: [table('public.t', ['id int pk'])], policies: [policy('public.t', 'p', 'true')] }));
    expect(renderTablePage(off, 'public.t')).toContain('Row-level security is **disabled** on this table: these policies have no effect.');
    expect(renderTablePage(off, 'public.t').startsWith('# t\n')).toBe(true);
  });

  it('lists references out and in, with page links and delete rules', () => {
    expect(section(page, '## References')).toContain(
      '| `users_client_id_fkey` | `client_id` | [clients](../tables/public.clients.md) `(id)` | one-to-many | CASCADE | NO ACTION |',
    );
    expect(section(page, '## Referenced by')).toContain('| [posts](../tables/public.posts.md) | `posts_user_id_fkey` | `user_id` | one-to-many, optional | SET NULL |');
    expect(section(renderTablePage(ctx, 'public.clients'), '## References')).toContain('This table references no other table.');
  });

  it('ends with a mermaid diagram of the tables one FK away, keys only', () => {
    const d = section(page, '## Diagram');
    expect(d).toContain('This table (key columns only) and the 2 tables one foreign key away; only the foreign keys of this table are drawn.');
    expect(d).toContain('```mermaid\nerDiagram\n');
    expect(d).toContain('    "clients" ||--o{ "users" : "client_id"');
    expect(d).toContain('    "users" |o--o{ "posts" : "user_id"');
    expect(d).not.toContain('uuid status');
    expect(d).not.toContain('text name');
  });

  it('escapes a table named a|b in its title and links', () => {
    const ab = table('public.a|b', ['id uuid pk']);
    const child = table('public.c', ['id uuid pk', 'ab_id uuid notnull']);
    const f = fk('public.c', ['ab_id'], 'public.a|b', ['id']);
    const c = ctxOf(model({ tables: [ab, child], foreignKeys: [f] }), { relationships: [rel(f, 'one-to-many')] });
    const p = renderTablePage(c, 'public.c');
    expect(p).toContain('[a\\|b](../tables/public.a~7cb.md)`.id`');
    expectTablesIntact(p);
    expect(renderTablePage(c, 'public.a|b').startsWith('# a\\|b\n')).toBe(true);
    expect(renderTablePage(c, 'public.a|b')).toContain('"a_b"["a|b"] {');
  });

  it('renders the same page twice to the same bytes', () => {
    expect(renderTablePage(ctxOf(m, analysis), 'public.users')).toBe(page);
    expect(() => renderTablePage(ctx, 'public.nope')).toThrow(/no table public.nope/);
  });
});

describe('table page file names', () => {
  const ids = [
    'public.a|b',
    'public.my table',
    'public.a/b',
    'public.100%',
    'public.a#b',
    'public.a?b',
    'public.größe',
    'public.表',
    'public.a~7cb',
    'public.a%7cb',
    'public.a~b',
    'public.€',
    'public. ac',
    'public.Order',
    'public.x.y',
    'public.(x)',
    'public.a\\b',
    'weird schema.t',
  ];

  it('keeps only portable characters, with no % (a link target is URL-decoded)', () => {
    for (const id of ids) {
      const name = tablePageName(id);
      expect(name, id).toMatch(/^[A-Za-z0-9._~-]+\.md$/);
      expect(name).not.toContain('%');
      expect(decodeURIComponent(name)).toBe(name);
    }
    expect(tablePageName('public.a|b')).toBe('public.a~7cb.md');
    expect(tablePageName('public.users')).toBe('public.users.md');
    expect(tablePageName('public.Order')).toBe('public.Order.md');
  });

  it('never maps two names to the same file', () => {
    const names = ids.map(tablePageName);
    expect(new Set(names).size).toBe(ids.length);
    // Fixed-width escapes: `€` (U+20AC) and ` ac` must not meet, nor a literal `~7c` and `|`.
    expect(tablePageName('public.€')).not.toBe(tablePageName('public. ac'));
    expect(tablePageName('public.a~7cb')).not.toBe(tablePageName('public.a|b'));
  });

  it('links each page by exactly its file name', () => {
    const tables = ids.map((id) => table(id, ['id int pk']));
    const hub = table('public.hub', ['id int pk', ...ids.map((_, i) => `r${i} int`)]);
    const fks = ids.map((id, i) => fk('public.hub', [`r${i}`], id, ['id'], { name: `hub_r${i}_fkey` }));
    const c = ctxOf(model({ tables: [...tables, hub], foreignKeys: fks }), { relationships: fks.map((f) => rel(f, 'one-to-many', true)) });
    const p = renderTablePage(c, 'public.hub');
    const targets = [...section(p, '## References').matchAll(/\]\((\.\.\/tables\/[^)]*)\)/g)].map((x) => x[1]!);
    expect(targets.sort()).toEqual(ids.map((id) => `../tables/${tablePageName(id)}`).sort());
    expectTablesIntact(p);
  });
});

describe('table page diagram', () => {
  // b → a, c → b, d → b, and c → d: an FK between two neighbours of b.
  const ids = ['public.a', 'public.b', 'public.c', 'public.d'];
  const ts = ids.map((id) => table(id, ['id int pk', 'up int', 'side int']));
  const fks = [
    fk('public.b', ['up'], 'public.a', ['id']),
    fk('public.c', ['up'], 'public.b', ['id']),
    fk('public.d', ['up'], 'public.b', ['id']),
    fk('public.c', ['side'], 'public.d', ['id']),
  ];
  const c = ctxOf(model({ tables: ts, foreignKeys: fks }), { relationships: fks.map((f) => rel(f, 'one-to-many', true)) });

  it('draws only the FKs with the page\'s table at one end, the neighbours as boxes', () => {
    const d = section(renderTablePage(c, 'public.b'), '## Diagram');
    const edges = d.split('\n').filter((l) => l.includes('--'));
    expect(edges).toEqual(['    "a" |o--o{ "b" : "up"', '    "b" |o--o{ "c" : "up"', '    "b" |o--o{ "d" : "up"']);
    expect(d).not.toContain('"side"');
    expect(d).toContain('\n    "a"\n    "c"\n    "d"\n');
    expect(d).toContain('This table (key columns only) and the 3 tables one foreign key away; only the foreign keys of this table are drawn.');
  });
});

describe('guard FKs on table pages', () => {
  const fMain = fk('public.raffle', ['redemption_id'], 'public.redemptions', ['id'], { onDelete: 'cascade' });
  const fGuard = fk('public.raffle', ['redemption_id', 'client_id'], 'public.redemptions', ['id', 'client_id'], { name: 'raffle_redemption_id_client_id_fkey' });
  const m = model({
    tables: [
      table('public.redemptions', ['id uuid pk', 'client_id uuid notnull']),
      table('public.raffle', ['id uuid pk', 'redemption_id uuid notnull', 'client_id uuid notnull']),
    ],
    foreignKeys: [fMain, fGuard],
  });
  const c = ctxOf(m, { relationships: [rel(fMain, 'one-to-many'), { ...rel(fGuard, 'one-to-many'), guardOf: fMain.id }] });

  it('lists the guard FK constraint, marked as the same-key check it is, and draws only the main FK', () => {
    const p = renderTablePage(c, 'public.raffle');
    const refs = section(p, '## References');
    expect(refs).toContain('| `raffle_redemption_id_fkey` | `redemption_id` | [redemptions](../tables/public.redemptions.md) `(id)` | one-to-many | CASCADE | NO ACTION |');
    expect(refs).toContain(
      '| `raffle_redemption_id_client_id_fkey` | `redemption_id, client_id` | [redemptions](../tables/public.redemptions.md) `(id, client_id)` | same-key check on `client_id` beside `raffle_redemption_id_fkey` | NO ACTION | NO ACTION |',
    );
    expect(section(p, '## Columns')).toContain('| `redemption_id` | `uuid` | no | - | FK | [redemptions](../tables/public.redemptions.md)`.id` | - |');
    const d = section(p, '## Diagram');
    expect(d.split('\n').filter((l) => l.includes('--'))).toEqual(['    "redemptions" ||--o{ "raffle" : "redemption_id"']);
    const parent = renderTablePage(c, 'public.redemptions');
    expect(section(parent, '## Referenced by')).toContain('| same-key check on `client_id` beside `raffle_redemption_id_fkey` | NO ACTION |');
    expectTablesIntact(p);
  });
});

describe('indexes of a partitioned table', () => {
  it('are shown without the ONLY Postgres prints for them', () => {
    const events = table('public.events', ['id int notnull', 'at int notnull'], { kind: 'partitioned', partitionKey: 'RANGE (at)' });
    const c = ctxOf(
      model({
        tables: [events],
        indexes: [index('public.events', 'events_at', ['at'], { definition: 'CREATE INDEX events_at ON ONLY public.events USING btree (at)' })],
      }),
    );
    const p = section(renderTablePage(c, 'public.events'), '## Indexes');
    expect(p).toContain('| `events_at` | `CREATE INDEX events_at ON public.events USING btree (at)` |');
    expect(p).not.toContain('ONLY');
  });
});
