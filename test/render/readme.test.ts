import { describe, expect, it } from 'vitest';
import { firstSentence, renderReadme } from '../../src/render/readme.js';
import { analysisOf } from '../helpers/analysis.js';
import { enumType, fk, index, model, policy, table, trigger } from '../helpers/model.js';
import { tablePageName } from '../../src/render/markdown.js';
import { ctxOf, fn } from '../helpers/render.js';

const m = model({
  tables: [
    table('public.clients', ['id uuid pk', 'name text'], { comment: 'Tenants. One row per customer.' }),
    table('public.users', ['id uuid pk', 'client_id uuid notnull', 'email text unique'], { rls: { enabled: true, forced: true } }),
    table('public.posts', ['id uuid pk', 'user_id uuid notnull', 'client_id uuid notnull'], { rls: { enabled: true, forced: false } }),
  ],
  foreignKeys: [
    fk('public.users', ['client_id'], 'public.clients', ['id']),
    fk('public.posts', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade' }),
    fk('public.posts', ['client_id'], 'public.clients', ['id']),
  ],
  indexes: [index('public.users', 'idx_users_client', ['client_id'])],
  triggers: [trigger('public.users', 'users_touch', 'public.touch()')],
  policies: [policy('public.users', 'tenant', 'client_id = current_setting(\'app.client\')::uuid')],
  enums: [enumType('public.status', ['a', 'b'])],
});
m.source = { kind: 'migrations', location: 'db/migrations', layout: 'plain', files: ['1.sql', '2.sql'], platform: null };

const a = analysisOf(m, {
  levels: { 'public.clients': 0, 'public.users': 1, 'public.posts': 2 },
  loadOrder: ['public.clients', 'public.users', 'public.posts'],
  deleteOrder: ['public.posts', 'public.users', 'public.clients'],
  domains: {
    source: 'config',
    groups: [
      { name: 'Tenancy', tables: ['public.clients'], basis: null },
      { name: 'Content', tables: ['public.users', 'public.posts'], basis: null },
    ],
  },
  tenancy: {
    source: 'inferred',
    root: 'public.clients',
    column: 'client_id',
    evidence: '2 tables reference public.clients through client_id',
    scoped: ['public.posts', 'public.users'],
    inherited: [],
    outside: [],
    isolation: [
      { table: 'public.posts', rlsEnabled: true, rlsForced: false, verdict: 'no-policy', policies: [] },
      {
        table: 'public.users',
        rlsEnabled: true,
        rlsForced: true,
        verdict: 'filters-tenant',
        policies: [{ policy: 'public.users.tenant', command: 'all', permissive: true, filter: 'tenant' }],
      },
    ],
  },
});
const md = renderReadme(ctxOf(m, a));

describe('README.md', () => {
  it('has a title naming the schema source', () => {
    expect(md.startsWith('# Database documentation: `db/migrations`\n\nRead from migrations (plain layout, 2 files): `db/migrations`.')).toBe(true);
  });

  it('counts the documented objects', () => {
    for (const row of [
      '| Tables | 3 |',
      '| Columns | 8 |',
      '| Foreign keys | 3 |',
      '| Indexes | 5 |',
      '| Views | 0 |',
      '| Functions | 0 |',
      '| Triggers | 1 |',
      '| RLS policies | 1 |',
      '| Enums | 1 |',
    ]) {
      expect(md).toContain(row);
    }
  });

  it('links every document and every table page, by domain', () => {
    for (const file of ['dependency-graph.md', 'relationships.md', 'overview.md', 'design.md', 'erd.mmd', 'schema.json']) {
      expect(md).toContain(`[${file}](${file})`);
    }
    expect(md).toContain('### Tenancy (1 table)\n\n- [clients](tables/public.clients.md) - Tenants.');
    expect(md).toContain('### Content (2 tables)\n\n- [users](tables/public.users.md)\n- [posts](tables/public.posts.md)');
  });

  it('states the headline facts', () => {
    expect(md).toContain('- **Dependency levels:** 3 (0–2); load order of 3 tables ([dependency-graph.md](dependency-graph.md#tables-by-level)).');
    expect(md).toContain('- **FK cycles:** none.');
    expect(md).toContain(
      '- **Tenancy:** `client_id` from **clients** (inferred); 2 scoped, 0 inherited, 0 outside. Of 2 tenant tables: 1 filter on the tenant; ' +
        '1 RLS on with no policy (no rows visible) ([dependency-graph.md](dependency-graph.md#multi-tenant-isolation)).',
    );
    expect(md).toContain('- **Row-level security:** enabled on 2 of 3 tables (1 forced); 1 with RLS on and no policy.');
    expect(md).toContain('- **State machines:** 0.');
    // users.client_id is covered by idx_users_client; posts.user_id and posts.client_id are not.
    expect(md).toContain('- **Foreign keys without a covering index:** 2 of 3 ([relationships.md](relationships.md#index-coverage-of-foreign-keys)).');
    expect(md).toContain('- **Look-alike tables:** 0.');
  });

  it('says when no tenant was found, with the closest candidate', () => {
    expect(renderReadme(ctxOf(m, analysisOf(m)))).toContain('**Tenancy:** no tenant found');
    const tenantCandidates = [{ root: 'public.clients', column: 'client_id', tables: 2, accepted: false, rejected: 'only 2 tables reference it (at least 3 needed)' }];
    expect(renderReadme(ctxOf(m, analysisOf(m, { tenantCandidates })))).toContain(
      '**Tenancy:** no tenant found (closest candidate: `client_id` from **clients**, not taken: only 2 tables reference it (at least 3 needed))',
    );
  });

  it('splits the tenancy verdicts and names the tables that do not filter, up to 10', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `public.t${String(i).padStart(2, '0')}`);
    const many = model({ tables: [table('public.clients', ['id uuid pk']), ...ids.map((id) => table(id, ['id uuid pk', 'client_id uuid']))] });
    const iso = (table: string, verdict: 'indirect' | 'does-not-filter' | 'rls-disabled') => ({ table, rlsEnabled: verdict !== 'rls-disabled', rlsForced: false, verdict, policies: [] });
    const out = renderReadme(
      ctxOf(
        many,
        analysisOf(many, {
          tenancy: {
            source: 'config',
            root: 'public.clients',
            column: 'client_id',
            evidence: null,
            scoped: ids,
            inherited: [],
            outside: [],
            isolation: [
              ...ids.slice(0, 11).map((t) => iso(t, 'does-not-filter')),
              iso(ids[11]!, 'indirect'),
            ],
          },
        }),
      ),
    );
    expect(out).toContain(
      'Of 12 tenant tables: 1 indirect (through a function or subquery); **11 do not filter**: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 and 1 more (',
    );
    expect(out).not.toContain('not proven isolated');
  });

  it('lists the files applied, in order, and those not applied with the reason', () => {
    const src = structuredClone(m);
    src.source = {
      kind: 'migrations',
      location: 'supabase',
      layout: 'supabase',
      files: ['supabase/migrations/20240101000000_initial.sql', 'supabase/migrations/20240102000000_more.sql'],
      platform: 'supabase',
      skipped: [{ file: 'supabase/migrations/2025-11-05_trust_audit.sql', reason: 'name does not match <timestamp>_name.sql; the Supabase CLI skips it' }],
    };
    const out = renderReadme(ctxOf(src, a));
    expect(out).toContain(
      '## Sources\n\nApplied in this order (2 files):\n\n1. `supabase/migrations/20240101000000_initial.sql`\n2. `supabase/migrations/20240102000000_more.sql`',
    );
    expect(out).toContain(
      'Not applied (1 file):\n\n- `supabase/migrations/2025-11-05_trust_audit.sql` — name does not match &lt;timestamp>\\_name.sql; the Supabase CLI skips it',
    );
    expect(out).not.toContain('<timestamp>');
    // Without skipped files: only the applied ones.
    expect(md).toContain('## Sources\n\nApplied in this order (2 files):\n\n1. `1.sql`\n2. `2.sql`');
    expect(md).not.toContain('Not applied');
    // A live database applies nothing: no section.
    const live = structuredClone(m);
    live.source = { kind: 'url', location: 'postgres://localhost/app' };
    expect(renderReadme(ctxOf(live, a))).not.toContain('## Sources');
  });

  it('counts the triggers the schema\'s functions put on platform tables', () => {
    const pm = structuredClone(m);
    pm.tables.push(table('auth.users', ['id uuid pk'], { origin: 'platform' }));
    pm.functions.push(fn('public.handle_new_user()'));
    pm.triggers.push(trigger('auth.users', 'on_auth_user_created', 'public.handle_new_user()', { events: ['insert'] }));
    expect(renderReadme(ctxOf(pm, a))).toContain('| Triggers | 2 (1 on a platform table) |');
  });

  it('lists the per-domain diagrams when the schema is too big for one', () => {
    const big = model({ tables: Array.from({ length: 41 }, (_, i) => table(`public.t${String(i).padStart(2, '0')}`, ['id int pk'])) });
    const out = renderReadme(ctxOf(big, analysisOf(big)));
    expect(out).toContain('[erd.mmd](erd.mmd) - the Mermaid diagram of the domains');
    expect(out).toContain('[All tables](erd/all-tables.mmd) (41 tables)');
  });

  it('has no timestamp and renders the same bytes twice', () => {
    expect(md).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(md).toContain('Generated by schemaproof');
    expect(renderReadme(ctxOf(m, a))).toBe(md);
  });

  it('does not depend on the engine that read the schema', () => {
    const other = structuredClone(m);
    other.engine = { kind: 'postgres', serverVersion: '16.4', serverVersionNum: 160004 };
    expect(renderReadme(ctxOf(other, a))).toBe(md);
  });

  it('escapes names and comments', () => {
    const em = model({ tables: [table('public.a|b', ['id uuid pk'], { comment: '<script>x</script>. Second.' })] });
    const out = renderReadme(ctxOf(em, analysisOf(em)));
    expect(out).not.toContain('<script>');
    expect(out).toContain(`- [a\\|b](tables/${tablePageName('public.a|b')}) - &lt;script>x&lt;/script>.`);
  });

  it('firstSentence keeps one sentence', () => {
    expect(firstSentence('Sales leads (Lead). Owned by a User.')).toBe('Sales leads (Lead).');
    expect(firstSentence('v1.2 of the table\nmore')).toBe('v1.2 of the table');
  });
});
