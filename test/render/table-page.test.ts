import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analyze/types.js';
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
    expect(d).toContain('This table and the 2 tables one foreign key away, key columns only.');
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
    expect(p).toContain('[a\\|b](../tables/public.a%7cb.md)`.id`');
    expectTablesIntact(p);
    expect(renderTablePage(c, 'public.a|b').startsWith('# a\\|b\n')).toBe(true);
    expect(renderTablePage(c, 'public.a|b')).toContain('"a_b"["a|b"] {');
  });

  it('renders the same page twice to the same bytes', () => {
    expect(renderTablePage(ctxOf(m, analysis), 'public.users')).toBe(page);
    expect(() => renderTablePage(ctx, 'public.nope')).toThrow(/no table public.nope/);
  });
});
