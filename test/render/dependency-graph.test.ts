import { describe, expect, it } from 'vitest';
import type { StateMachine, Tenancy, TenantCandidate } from '../../src/analyze/types.js';
import { fkTree, prose, renderDependencyGraph, stateMachineMermaid } from '../../src/render/dependency-graph.js';
import { tablePageName } from '../../src/render/markdown.js';
import { analysisOf } from '../helpers/analysis.js';
import { fk, index, model, policy, table, trigger } from '../helpers/model.js';
import { ctxOf, expectTablesIntact, fn, section } from '../helpers/render.js';

/** The first fenced block after a heading. */
function blockAfter(md: string, heading: string): string {
  const rest = md.slice(md.indexOf(heading));
  const m = /```[a-z]*\n([\s\S]*?)\n```/.exec(rest);
  return m ? m[1]! : '';
}

// A diamond: tasks references both users and projects, which both reference clients.
const diamond = model({
  tables: [
    table('public.clients', ['id uuid pk', 'name text']),
    table('public.users', ['id uuid pk', 'client_id uuid notnull', 'email text']),
    table('public.projects', ['id uuid pk', 'client_id uuid notnull', 'name text']),
    table('public.tasks', ['id uuid pk', 'project_id uuid notnull', 'user_id uuid']),
  ],
  foreignKeys: [
    fk('public.users', ['client_id'], 'public.clients', ['id'], { onDelete: 'cascade' }),
    fk('public.projects', ['client_id'], 'public.clients', ['id']),
    fk('public.tasks', ['project_id'], 'public.projects', ['id'], { onDelete: 'cascade' }),
    fk('public.tasks', ['user_id'], 'public.users', ['id'], { onDelete: 'set null' }),
  ],
});
const diamondAnalysis = analysisOf(diamond, {
  levels: { 'public.clients': 0, 'public.projects': 1, 'public.users': 1, 'public.tasks': 2 },
  loadOrder: ['public.clients', 'public.projects', 'public.users', 'public.tasks'],
  deleteOrder: ['public.tasks', 'public.users', 'public.projects', 'public.clients'],
  roots: ['public.clients'],
  leaves: ['public.tasks'],
  isolated: [],
});

describe('foreign-key tree', () => {
  it('draws a table with two parents in full once and as a one-line reference under the other parent', () => {
    const tree = blockAfter(renderDependencyGraph(ctxOf(diamond, diamondAnalysis)), '## Foreign-key tree');
    expect(tree).toBe(
      [
        'clients',
        '├── projects (FK: client_id)',
        '│   └── tasks (FK: project_id, user_id→users)',
        '└── users (FK: client_id)',
        '    └── … also referenced by: tasks (FK: user_id)',
      ].join('\n'),
    );
  });

  it('puts a table under its parent of the highest level, not the first one met', () => {
    // redemptions references clients (level 0) and orders (level 1): it belongs under orders.
    const m = model({
      tables: [
        table('public.clients', ['id uuid pk']),
        table('public.orders', ['id uuid pk', 'client_id uuid']),
        table('public.redemptions', ['id uuid pk', 'client_id uuid', 'order_id uuid']),
      ],
      foreignKeys: [
        fk('public.orders', ['client_id'], 'public.clients', ['id']),
        fk('public.redemptions', ['client_id'], 'public.clients', ['id']),
        fk('public.redemptions', ['order_id'], 'public.orders', ['id']),
      ],
    });
    const a = analysisOf(m, {
      levels: { 'public.clients': 0, 'public.orders': 1, 'public.redemptions': 2 },
      roots: ['public.clients'],
      isolated: [],
    });
    const tree = fkTree(ctxOf(m, a));
    expect(tree).toContain(
      [
        'clients',
        '├── orders (FK: client_id)',
        '│   └── redemptions (FK: order_id, client_id→clients)',
        '└── … also referenced by: redemptions (FK: client_id)',
      ].join('\n'),
    );
  });

  it('prefers the parent a table cannot exist without, and names the table under its other parents', () => {
    // links references admins (nullable actor) and groups (NOT NULL), both level 0: its home is groups.
    const m = model({
      tables: [
        table('public.admins', ['id uuid pk']),
        table('public.groups', ['id uuid pk']),
        table('public.links', ['id uuid pk', 'group_id uuid notnull', 'assigned_by uuid']),
      ],
      foreignKeys: [
        fk('public.links', ['group_id'], 'public.groups', ['id']),
        fk('public.links', ['assigned_by'], 'public.admins', ['id']),
      ],
    });
    const a = analysisOf(m, {
      levels: { 'public.admins': 0, 'public.groups': 0, 'public.links': 1 },
      roots: ['public.admins', 'public.groups'],
      isolated: [],
    });
    expect(fkTree(ctxOf(m, a))).toContain(
      [
        'admins',
        '└── … also referenced by: links (FK: assigned_by)',
        '',
        'groups',
        '└── links (FK: group_id, assigned_by→admins)',
      ].join('\n'),
    );
  });

  it('ends a cycle with a reference instead of looping', () => {
    const m = model({
      tables: [
        table('public.teams', ['id uuid pk', 'owner_id uuid notnull']),
        table('public.users', ['id uuid pk', 'team_id uuid']),
      ],
      foreignKeys: [
        fk('public.teams', ['owner_id'], 'public.users', ['id']),
        fk('public.users', ['team_id'], 'public.teams', ['id']),
      ],
    });
    const a = analysisOf(m, {
      levels: { 'public.users': 0, 'public.teams': 1 },
      loadOrder: ['public.users', 'public.teams'],
      deleteOrder: ['public.teams', 'public.users'],
      cycles: [
        {
          tables: ['public.teams', 'public.users'],
          foreignKeys: ['public.teams.teams_owner_id_fkey', 'public.users.users_team_id_fkey'],
          brokenAt: 'public.users.users_team_id_fkey',
          breakable: 'nullable',
        },
      ],
      roots: [],
      isolated: [],
    });
    const md = renderDependencyGraph(ctxOf(m, a));
    expect(blockAfter(md, '## Foreign-key tree')).toBe(
      ['users (FK: team_id→teams)', '└── teams (FK: owner_id)', '    └── … also referenced by: users (FK: team_id)'].join('\n'),
    );
    const cycles = section(md, '### Cycles');
    expect(cycles).toContain('**teams** ↔ **users**');
    expect(cycles).toContain('broken at `users.team_id → teams`');
    expect(cycles).toContain('it is nullable');
    expect(md).toContain('the FKs broken to resolve a cycle');
  });

  it('says when a cycle cannot be broken', () => {
    const m = model({
      tables: [table('public.a', ['id uuid pk', 'b_id uuid notnull']), table('public.b', ['id uuid pk', 'a_id uuid notnull'])],
      foreignKeys: [fk('public.a', ['b_id'], 'public.b', ['id']), fk('public.b', ['a_id'], 'public.a', ['id'])],
    });
    const a = analysisOf(m, {
      levels: { 'public.a': 1, 'public.b': 0 },
      cycles: [
        {
          tables: ['public.a', 'public.b'],
          foreignKeys: ['public.a.a_b_id_fkey', 'public.b.b_a_id_fkey'],
          brokenAt: 'public.b.b_a_id_fkey',
          breakable: 'none',
        },
      ],
      isolated: [],
    });
    expect(renderDependencyGraph(ctxOf(m, a))).toContain('cannot be inserted in one pass');
  });

  it('collapses every reference under one parent into one "also referenced by" line, the same on every run', () => {
    // clients is referenced by users and by four tables that live under users: one line names those four.
    const kids = ['videos', 'otp_codes', 'sales', 'audits'];
    const m = model({
      tables: [
        table('public.clients', ['id uuid pk']),
        table('public.users', ['id uuid pk', 'client_id uuid notnull']),
        ...kids.map((k) => table(`public.${k}`, ['id uuid pk', 'user_id uuid notnull', 'client_id uuid notnull', 'reviewer_id uuid'])),
      ],
      foreignKeys: [
        fk('public.users', ['client_id'], 'public.clients', ['id']),
        ...kids.flatMap((k) => [
          fk(`public.${k}`, ['user_id'], 'public.users', ['id']),
          fk(`public.${k}`, ['client_id'], 'public.clients', ['id']),
          fk(`public.${k}`, ['reviewer_id'], 'public.users', ['id']),
        ]),
      ],
    });
    const a = analysisOf(m, {
      levels: { 'public.clients': 0, 'public.users': 1, ...Object.fromEntries(kids.map((k) => [`public.${k}`, 2])) },
      roots: ['public.clients'],
      isolated: [],
    });
    const tree = blockAfter(renderDependencyGraph(ctxOf(m, a)), '## Foreign-key tree');
    expect(tree).toBe(
      [
        'clients',
        '├── users (FK: client_id)',
        '│   ├── audits (FK: user_id, reviewer_id, client_id→clients)',
        '│   ├── otp_codes (FK: user_id, reviewer_id, client_id→clients)',
        '│   ├── sales (FK: user_id, reviewer_id, client_id→clients)',
        '│   └── videos (FK: user_id, reviewer_id, client_id→clients)',
        '└── … also referenced by: audits (FK: client_id), otp_codes (FK: client_id), sales (FK: client_id), videos (FK: client_id)',
      ].join('\n'),
    );
    expect(tree).not.toContain('see above');
    expect(blockAfter(renderDependencyGraph(ctxOf(m, a)), '## Foreign-key tree')).toBe(tree);
  });

  it('lists isolated tables after the tree', () => {
    const m = model({ tables: [table('public.settings', ['id int pk'])] });
    const md = renderDependencyGraph(ctxOf(m, analysisOf(m)));
    expect(section(md, '## Foreign-key tree')).toContain('No table references another table.');
  });
});

describe('tables by level', () => {
  const md = renderDependencyGraph(ctxOf(diamond, diamondAnalysis));

  it('has one section per level, with what the level means', () => {
    expect(md).toContain('### Level 0 (1 table)\n\nTables that reference no other table.');
    expect(md).toContain('### Level 1 (2 tables)\n\nTables that reference level-0 tables only.');
    expect(md).toContain('### Level 2 (1 table)\n\nTables that reference at least one level-1 table and none of a higher level.');
    expect(md).toContain('Level n: 1 + the highest level among the tables it references. Not counted: self-references.');
  });

  it('shows the primary key with types and the FKs with ON DELETE only when not NO ACTION', () => {
    const level1 = section(md, '### Level 1 (2 tables)');
    expect(level1).toContain(
      '| **[users](tables/public.users.md)** | `id` (uuid) | `client_id → clients(id) ON DELETE CASCADE` | - |',
    );
    expect(level1).toContain('| **[projects](tables/public.projects.md)** | `id` (uuid) | `client_id → clients(id)` | - |');
    expect(md).not.toContain('NO ACTION');
    expect(section(md, '### Level 2 (1 table)')).toContain(
      '`project_id → projects(id) ON DELETE CASCADE`, `user_id → users(id) ON DELETE SET NULL`',
    );
  });

  it('lists UNIQUE constraints and unique indexes', () => {
    const m = model({
      tables: [table('public.tiers', ['id uuid pk', 'code text unique', 'client_id uuid', 'rank int', 'email text'])],
      indexes: [
        index('public.tiers', 'tiers_client_rank', ['client_id', 'rank'], { unique: true }),
        index('public.tiers', 'tiers_email_live', ['email'], { unique: true, predicate: 'deleted_at IS NULL' }),
      ],
    });
    const row = renderDependencyGraph(ctxOf(m, analysisOf(m)))
      .split('\n')
      .find((l) => l.startsWith('| **[tiers]'))!;
    expect(row).toContain('`code`');
    expect(row).toContain('`(client_id, rank)` (index `tiers_client_rank`)');
    expect(row).toContain('`email WHERE deleted_at IS NULL` (index `tiers_email_live`)');
  });

  it('numbers the load order beside the delete order', () => {
    expect(md).toContain('| 1 | clients | tasks |');
    expect(md).toContain('| 4 | tasks | clients |');
    expect(section(md, '### Cycles')).toContain('No foreign-key cycles');
  });
});

describe('domains, state machines, indexes, triggers', () => {
  it('lists each domain with the table comments as purpose', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk'], { comment: 'People who log in' }),
        table('public.orders', ['id uuid pk']),
      ],
    });
    const a = analysisOf(m, {
      domains: {
        source: 'config',
        groups: [
          { name: 'Accounts', tables: ['public.users'], basis: null },
          { name: 'Sales', tables: ['public.orders'], basis: null },
        ],
      },
    });
    const md = renderDependencyGraph(ctxOf(m, a));
    expect(section(md, '### Accounts')).toContain('| **[users](tables/public.users.md)** | People who log in |');
    expect(section(md, '### Sales')).toContain('| **[orders](tables/public.orders.md)** | - |');
  });

  it('shows an inferred domain basis with name prefixes as code, not escaped underscores', () => {
    const m = model({ tables: [table('public.gift_cards', ['id uuid pk'])] });
    const a = analysisOf(m, {
      domains: { source: 'inferred', groups: [{ name: 'Gift Cards', tables: ['public.gift_cards'], basis: 'shared prefix gift_card_, plus 4 tables linked by foreign keys' }] },
    });
    const md = renderDependencyGraph(ctxOf(m, a));
    expect(section(md, '### Gift Cards')).toContain('*shared prefix `gift_card_`, plus 4 tables linked by foreign keys*');
    expect(md).not.toContain('gift\\_card');
    expect(prose('around public.orders and _x.')).toBe('around public.orders and `_x`.');
    expect(prose('a <b> *c*')).toBe('a &lt;b> \\*c\\*');
  });

  const sm = (extra: Partial<StateMachine>): StateMachine => ({
    column: 'public.orders.status',
    table: 'public.orders',
    states: ['draft', 'paid', 'shipped', 'cancelled'],
    valuesFrom: { kind: 'check', id: 'public.orders.orders_status_check' },
    initial: 'draft',
    transitions: {},
    source: 'unknown',
    terminal: [],
    guardedBy: [],
    ...extra,
  });
  const orders = model({
    tables: [table('public.orders', ['id uuid pk', "status text default='draft'::text"])],
    triggers: [trigger('public.orders', 'orders_status_guard', 'public.check_status()', { columns: ['status'] })],
  });

  it('draws declared transitions with terminal states marked', () => {
    const a = analysisOf(orders, {
      stateMachines: [
        sm({
          transitions: { draft: ['paid', 'cancelled'], paid: ['shipped'] },
          source: 'declared',
          terminal: ['shipped', 'cancelled'],
          guardedBy: ['public.orders.orders_status_guard'],
        }),
      ],
    });
    const md = renderDependencyGraph(ctxOf(orders, a));
    expect(md).toContain('### orders.status (4 states)');
    expect(blockAfter(md, 'As text')).toBe(
      ['[draft] → paid', '[draft] → cancelled (TERMINAL)', 'paid → shipped (TERMINAL)'].join('\n'),
    );
    expect(md).toContain('Initial state: `draft`');
    expect(md).toContain('Triggers on UPDATE of this column:\n\n- `orders_status_guard` (BEFORE UPDATE OF status → `check_status()`)');
    expect(md).not.toContain('Guarded by');
  });

  it('draws each state machine as a Mermaid state diagram: initial, transitions, terminal states', () => {
    const a = analysisOf(orders, {
      stateMachines: [
        sm({
          transitions: { draft: ['paid', 'cancelled'], paid: ['shipped'] },
          source: 'declared',
          terminal: ['shipped', 'cancelled'],
        }),
      ],
    });
    const md = renderDependencyGraph(ctxOf(orders, a));
    expect(md).toContain(
      [
        '```mermaid',
        'stateDiagram-v2',
        '    draft',
        '    paid',
        '    shipped',
        '    cancelled',
        '    [*] --> draft',
        '    draft --> paid',
        '    draft --> cancelled',
        '    paid --> shipped',
        '    shipped --> [*]',
        '    cancelled --> [*]',
        '```',
      ].join('\n'),
    );
  });

  it('draws states that are not plain identifiers (or are Mermaid words) through aliases', () => {
    const odd = sm({
      states: ['new', 'in review', 'end', 'say "hi"', 's2'],
      initial: 'in review',
      transitions: { 'in review': ['end', 'say "hi"'], new: ['s2'] },
      source: 'declared',
      terminal: ['end', 'say "hi"', 's2'],
    });
    expect(stateMachineMermaid(odd)).toBe(
      [
        'stateDiagram-v2',
        '    new',
        '    state "in review" as s2_',
        '    state "end" as s3',
        '    state "say #34;hi#34;" as s4',
        '    s2',
        '    [*] --> s2_',
        '    new --> s2',
        '    s2_ --> s3',
        '    s2_ --> s4',
        '    s3 --> [*]',
        '    s4 --> [*]',
        '    s2 --> [*]',
      ].join('\n'),
    );
  });

  it('says where to declare unknown transitions, and draws the states alone', () => {
    const md = renderDependencyGraph(ctxOf(orders, analysisOf(orders, { stateMachines: [sm({})] })));
    expect(md).toContain(
      'Transitions unknown (only the states are drawn): declare them under `stateMachines:` in `schemaproof.config.yaml`, keyed by `orders.status`.',
    );
    expect(md).not.toContain('schemaproof verify');
    expect(md).toContain('```mermaid\nstateDiagram-v2\n    draft\n    paid\n    shipped\n    cancelled\n    [*] --> draft\n```');
    expect(md).toContain('No trigger fires on UPDATE of this column');
  });

  it('says "verified in a sandbox" for verified transitions, never a command that does not exist', () => {
    const a = analysisOf(orders, {
      stateMachines: [sm({ transitions: { draft: ['paid'] }, source: 'verified', terminal: ['paid'] })],
    });
    const md = renderDependencyGraph(ctxOf(orders, a));
    expect(md).toContain('Transitions verified in a sandbox:');
    expect(md).not.toContain('verify`');
  });

  it('describes the triggers on a state column by their function comment', () => {
    const m = model({
      tables: [table('public.orders', ['id uuid pk', "status text default='draft'::text"])],
      functions: [fn('public.check_status()', { comment: 'Rejects invalid status transitions.' })],
      triggers: [trigger('public.orders', 'orders_status_guard', 'public.check_status()', { columns: ['status'] })],
    });
    const md = renderDependencyGraph(
      ctxOf(m, analysisOf(m, { stateMachines: [sm({ guardedBy: ['public.orders.orders_status_guard'] })] })),
    );
    expect(section(md, '### orders.status (4 states)')).toContain(
      '- `orders_status_guard` (BEFORE UPDATE OF status → `check_status()`) — Rejects invalid status transitions.',
    );
    expect(section(md, '## Triggers')).toContain('| `check_status()` | Rejects invalid status transitions. |');
  });

  it('shows non-constraint indexes per table as SQL, composite and partial first', () => {
    const m = model({
      tables: [table('public.users', ['id uuid pk', 'client_id uuid', 'tier text', 'email text unique'])],
      indexes: [
        index('public.users', 'idx_users_client', ['client_id']),
        index('public.users', 'idx_users_tier', ['client_id', 'tier']),
      ],
    });
    const sql = blockAfter(renderDependencyGraph(ctxOf(m, analysisOf(m))), '## Key indexes');
    expect(sql).toBe(
      [
        '-- users',
        'CREATE INDEX idx_users_tier ON public.users USING btree (client_id, tier);',
        'CREATE INDEX idx_users_client ON public.users USING btree (client_id);',
      ].join('\n'),
    );
  });

  it('lists triggers per table with timing, events and function', () => {
    const md = renderDependencyGraph(ctxOf(orders, analysisOf(orders)));
    expect(section(md, '## Triggers')).toContain(
      '| **[orders](tables/public.orders.md)** | `orders_status_guard` | BEFORE | UPDATE OF status | FOR EACH ROW | `check_status()` | - |',
    );
  });

  it('shows a trigger\'s own comment before its function\'s, escaped', () => {
    const m = model({
      tables: [table('public.events', ['id uuid pk'])],
      functions: [fn('public.redact()', { comment: 'Trigger function for <redaction>' })],
      triggers: [trigger('public.events', 'redact_before_insert', 'public.redact()', { events: ['insert'], comment: 'Auto-redact on insert' })],
    });
    expect(section(renderDependencyGraph(ctxOf(m, analysisOf(m))), '## Triggers')).toContain(
      '| `redact()` | Auto-redact on insert — Trigger function for &lt;redaction> |',
    );
  });

  it('lists triggers the schema\'s functions put on platform tables, and counts them', () => {
    const m = model({
      tables: [
        table('public.profiles', ['id uuid pk']),
        table('auth.users', ['id uuid pk'], { origin: 'platform' }),
        table('auth.sessions', ['id uuid pk'], { origin: 'platform' }),
      ],
      functions: [fn('public.handle_new_user()', { comment: 'Creates the profile of a new account.' }), fn('auth.platform_fn()', { origin: 'platform' })],
      triggers: [
        trigger('auth.users', 'on_auth_user_created', 'public.handle_new_user()', { timing: 'after', events: ['insert'] }),
        trigger('auth.sessions', 'platform_own', 'auth.platform_fn()'),
      ],
    });
    const triggers = section(renderDependencyGraph(ctxOf(m, analysisOf(m))), '## Triggers');
    expect(triggers).toContain('1 trigger (1 on a platform table: the schema\'s functions run there too).');
    expect(triggers).toContain(
      '| **auth.users** (on a platform table) | `on_auth_user_created` | AFTER | INSERT | FOR EACH ROW | `handle_new_user()` | Creates the profile of a new account. |',
    );
    // The platform's own triggers (running the platform's functions) are not the schema's.
    expect(triggers).not.toContain('platform_own');
  });
});

describe('multi-tenant isolation', () => {
  const m = model({
    tables: [
      table('public.clients', ['id uuid pk']),
      table('public.users', ['id uuid pk', 'client_id uuid notnull'], { rls: { enabled: true, forced: true } }),
      table('public.projects', ['id uuid pk', 'client_id uuid notnull'], { rls: { enabled: true, forced: false } }),
      table('public.otp_codes', ['id uuid pk', 'user_id uuid notnull']),
      table('public.countries', ['code text pk']),
    ],
    foreignKeys: [
      fk('public.users', ['client_id'], 'public.clients', ['id']),
      fk('public.projects', ['client_id'], 'public.clients', ['id']),
      fk('public.otp_codes', ['user_id'], 'public.users', ['id']),
    ],
    policies: [
      policy('public.users', 'tenant', "client_id = current_setting('app.client')::uuid"),
      policy('public.projects', 'tenant', "client_id = current_setting('app.client')::uuid"),
      policy('public.projects', 'open', 'true', { command: 'select' }),
    ],
  });
  const tenancy: Tenancy = {
    source: 'config',
    root: 'public.clients',
    column: 'client_id',
    evidence: null,
    scoped: ['public.projects', 'public.users'],
    inherited: [{ table: 'public.otp_codes', path: ['public.otp_codes', 'public.users'], nullable: false }],
    outside: ['public.countries'],
    isolation: [
      { table: 'public.otp_codes', rlsEnabled: false, rlsForced: false, verdict: 'rls-disabled', policies: [] },
      {
        table: 'public.projects',
        rlsEnabled: true,
        rlsForced: false,
        verdict: 'does-not-filter',
        policies: [
          { policy: 'public.projects.open', command: 'select', permissive: true, filter: 'none' },
          { policy: 'public.projects.tenant', command: 'all', permissive: true, filter: 'tenant' },
        ],
      },
      {
        table: 'public.users',
        rlsEnabled: true,
        rlsForced: true,
        verdict: 'filters-tenant',
        policies: [{ policy: 'public.users.tenant', command: 'all', permissive: true, filter: 'tenant' }],
      },
    ],
  };
  const md = renderDependencyGraph(ctxOf(m, analysisOf(m, { tenancy })));

  it('names the root and column and how they were found', () => {
    expect(md).toContain('Tenant root: **[clients](tables/public.clients.md)**, tenant column `client_id` — configured in `schemaproof.config.yaml`.');
  });

  it('lists scoped, inherited (with the path) and outside tables', () => {
    expect(section(md, '### Tables with `client_id`')).toContain('- projects\n- users');
    expect(section(md, '### Tables without `client_id`')).toContain('- otp_codes → users');
    expect(section(md, '### Outside the tenancy')).toContain('- countries');
  });

  it('gives each tenant table a verdict in clear words', () => {
    const iso = section(md, '### Isolation by row-level security');
    expect(iso).toContain('Of 3 tenant tables: 1 filter on `client_id`; 1 do NOT filter on `client_id`; 1 have RLS disabled.');
    expect(iso).toContain('| **[users](tables/public.users.md)** | enabled, forced | `tenant` (ALL): filters on the tenant | filters on `client_id` |');
    expect(iso).toContain('**does NOT filter on `client_id`**: policy `open` lets rows through without looking at it');
    expect(iso).toContain('| **[otp_codes](tables/public.otp_codes.md)** | disabled | - | inherits the tenant via users; **RLS disabled** |');
    expect(iso).not.toMatch(/otp_codes.*client_id/);
    expect(iso).toContain('| enabled, not forced |');
  });

  it('says how to configure a tenant when none was found, without inventing table names', () => {
    const none = section(renderDependencyGraph(ctxOf(m, analysisOf(m))), '## Multi-tenant isolation');
    expect(none).toContain('No tenant was found: no column of one name references one table from several tables.');
    expect(none).toContain('```yaml\ntenant: { root: schema.table, column: tenant_column }\n```');
    expect(none).toContain('If it is not, `tenant: false` says so.');
  });

  it('explains a missing tenant by the candidates and hints with the best one', () => {
    const tenantCandidates: TenantCandidate[] = [
      { root: 'public.organizations', column: 'organizationId', tables: 3, accepted: false, rejected: 'outweighed by the per-user "userId" (17 tables)' },
      { root: 'public.users', column: 'userId', tables: 17, accepted: false, rejected: 'names a person' },
    ];
    const orgs = model({ tables: [table('public.organizations', ['id uuid pk']), table('public.users', ['id uuid pk'])] });
    const none = section(renderDependencyGraph(ctxOf(orgs, analysisOf(orgs, { tenantCandidates }))), '## Multi-tenant isolation');
    expect(none).toContain('No tenant was found. The 2 columns that looked most like one');
    expect(none).toContain('| organizations | `organizationId` | 3 | outweighed by the per-user "userId" (17 tables) |');
    expect(none).toContain('| users | `userId` | 17 | names a person |');
    expect(none).toContain('```yaml\ntenant: { root: public.organizations, column: organizationId }\n```');
    expect(none).not.toContain('public.clients');
  });

  it('shows the evidence and the other candidates of an inferred tenant', () => {
    const inferred: Tenancy = { ...tenancy, source: 'inferred', evidence: '2 tables reference public.clients through client_id' };
    const tenantCandidates: TenantCandidate[] = [
      { root: 'public.clients', column: 'client_id', tables: 2, accepted: true, rejected: null },
      { root: 'public.users', column: 'user_id', tables: 1, accepted: false, rejected: 'only 1 table references it (at least 3 needed)' },
    ];
    const out = section(renderDependencyGraph(ctxOf(m, analysisOf(m, { tenancy: inferred, tenantCandidates }))), '## Multi-tenant isolation');
    expect(out).toContain('inferred (2 tables reference public.clients through client_id)');
    expect(out).toContain('| users | `user_id` | 1 | only 1 table references it (at least 3 needed) |');
  });

  it('never says an inherited table does not filter on a column it does not have', () => {
    const members = model({
      tables: [
        table('public.clients', ['id uuid pk']),
        table('public.users', ['id uuid pk', 'client_id uuid notnull'], { rls: { enabled: true, forced: true } }),
        table('public.memberships', ['id uuid pk', 'user_id uuid notnull'], { rls: { enabled: true, forced: true } }),
        table('public.notes', ['id uuid pk', 'user_id uuid'], { rls: { enabled: true, forced: true } }),
      ],
      foreignKeys: [
        fk('public.users', ['client_id'], 'public.clients', ['id']),
        fk('public.memberships', ['user_id'], 'public.users', ['id']),
        fk('public.notes', ['user_id'], 'public.users', ['id']),
      ],
      policies: [
        policy('public.users', 'tenant', "client_id = current_setting('app.client')::uuid"),
        policy('public.memberships', 'own', 'user_id = auth.uid()', { command: 'select' }),
        policy('public.notes', 'via user', 'EXISTS (SELECT 1 FROM users u WHERE u.id = notes.user_id)'),
      ],
    });
    const t: Tenancy = {
      source: 'config',
      root: 'public.clients',
      column: 'client_id',
      evidence: null,
      scoped: ['public.users'],
      inherited: [
        { table: 'public.memberships', path: ['public.memberships', 'public.users'], nullable: false },
        { table: 'public.notes', path: ['public.notes', 'public.users'], nullable: true },
      ],
      outside: [],
      isolation: [
        {
          table: 'public.memberships',
          rlsEnabled: true,
          rlsForced: true,
          verdict: 'does-not-filter',
          policies: [{ policy: 'public.memberships.own', command: 'select', permissive: true, filter: 'none' }],
        },
        {
          table: 'public.notes',
          rlsEnabled: true,
          rlsForced: true,
          verdict: 'indirect',
          policies: [{ policy: 'public.notes.via user', command: 'all', permissive: true, filter: 'indirect' }],
        },
        {
          table: 'public.users',
          rlsEnabled: true,
          rlsForced: true,
          verdict: 'filters-tenant',
          policies: [{ policy: 'public.users.tenant', command: 'all', permissive: true, filter: 'tenant' }],
        },
      ],
    };
    const out = section(renderDependencyGraph(ctxOf(members, analysisOf(members, { tenancy: t }))), '## Multi-tenant isolation');
    expect(out).toContain(
      '| **[memberships](tables/public.memberships.md)** | enabled, forced | `own` (SELECT): does not look at the tenant | inherits the tenant via users; **RLS policies do not mention the tenant**: policy `own` lets rows through without it |',
    );
    expect(out).toContain('inherits the tenant via users; indirect: decided by a function or subquery the analysis cannot see through');
    expect(out).toContain('Of 3 tenant tables: 1 filter on `client_id`; 1 decide through a function or subquery; 1 let rows through without checking the tenant.');
    expect(out).not.toMatch(/memberships.*does NOT filter|nothing filters on `client_id`/);
    expect(out).toContain('- memberships → users\n- notes → users (only through nullable FKs: rows with NULL there have no tenant)');
    expect(out).not.toContain('schemaproof verify');
  });

  it('lists RLS policies per table with their expressions as code', () => {
    const rls = section(md, '## RLS policies');
    expect(rls).toContain('### projects\n\nRLS enabled, not forced.');
    expect(rls).toContain("| `tenant` | ALL | permissive | `public` | `client_id = current_setting('app.client')::uuid` | - |");
    expect(rls).toContain('RLS disabled and no policy: clients, countries, otp_codes.');
  });

  it('shows tables whose policies are the same up to the table name once, listing the tables', () => {
    const names = ['videos', 'tiers', 'sync_logs', 'mission_progress'];
    const same = model({
      tables: [
        ...names.map((n) => table(`public.${n}`, ['id uuid pk', 'client_id uuid'], { rls: { enabled: true, forced: true } })),
        table('public.notes', ['id uuid pk', 'client_id uuid'], { rls: { enabled: true, forced: true } }),
        table('public.unforced', ['id uuid pk', 'client_id uuid'], { rls: { enabled: true, forced: false } }),
      ],
      policies: [
        ...names.map((n) =>
          policy(`public.${n}`, `${n}_tenant_isolation`, "client_id = current_setting('app.current_client_id'::text, true)::uuid"),
        ),
        ...names.map((n) =>
          policy(`public.${n}`, `Admins can read all ${n.replace(/_/g, ' ')}`, `EXISTS (SELECT 1 FROM admins a WHERE a.id = ${n}.client_id)`, { command: 'select' }),
        ),
        // Different expression: stays on its own.
        policy('public.notes', 'notes_tenant_isolation', "client_id = current_setting('app.other'::text, true)::uuid"),
        // Same policy text, but RLS is not forced: a different block.
        policy('public.unforced', 'unforced_tenant_isolation', "client_id = current_setting('app.current_client_id'::text, true)::uuid"),
      ],
    });
    const rls = section(renderDependencyGraph(ctxOf(same, analysisOf(same))), '## RLS policies');
    expect(rls).toContain(
      '### mission_progress, sync_logs and 2 more tables\n\nThe same policies on 4 tables: mission_progress, sync_logs, tiers, videos. ' +
        '`<table>` stands for each table\'s name (`<table in words>`: with spaces for underscores).\n\nRLS enabled, forced.',
    );
    expect(rls).toContain("| `<table>_tenant_isolation` | ALL | permissive | `public` | `client_id = current_setting('app.current_client_id'::text, true)::uuid` | - |");
    expect(rls).toContain('| `Admins can read all <table in words>` | SELECT | permissive | `public` | `EXISTS (SELECT 1 FROM admins a WHERE a.id = <table>.client_id)` | - |');
    expect(rls.match(/_tenant_isolation` \| ALL/g)).toHaveLength(3);
    expect(rls).toContain('### notes\n\nRLS enabled, forced.');
    expect(rls).toContain('### unforced\n\nRLS enabled, not forced.');
    expect(rls).not.toContain('### videos');
    expectTablesIntact(rls);
  });

  it('does not group tables whose policies differ only where a string literal holds the table name', () => {
    const lit = model({
      tables: ['a', 'b'].map((n) => table(`public.${n}`, ['id uuid pk', 'kind text'], { rls: { enabled: true, forced: true } })),
      policies: ['a', 'b'].map((n) => policy(`public.${n}`, 'by kind', `kind = '${n}'::text`)),
    });
    const rls = section(renderDependencyGraph(ctxOf(lit, analysisOf(lit))), '## RLS policies');
    expect(rls).toContain('### a\n');
    expect(rls).toContain('### b\n');
    expect(rls).not.toContain('The same policies');
  });
});

describe('escaping and determinism', () => {
  const m = model({
    tables: [
      table('public.a|b', ['id uuid pk'], { comment: '<script>x</script>' }),
      table('public.c', ['id uuid pk', 'ab_id uuid']),
    ],
    foreignKeys: [fk('public.c', ['ab_id'], 'public.a|b', ['id'])],
  });
  const a = analysisOf(m, {
    levels: { 'public.a|b': 0, 'public.c': 1 },
    roots: ['public.a|b'],
    isolated: [],
  });

  it('escapes schema names and comments everywhere outside code blocks', () => {
    const md = renderDependencyGraph(ctxOf(m, a));
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script>x&lt;/script>');
    expect(md).toContain(`[a\\|b](tables/${tablePageName('public.a|b')})`);
    expect(md).toContain('`ab_id → a\\|b(id)`');
    // Inside the tree (a code block) the name is verbatim.
    expect(blockAfter(md, '## Foreign-key tree')).toBe('a|b\n└── c (FK: ab_id)');
    // The level table's row keeps its four cells: the pipe in the name is escaped.
    const row = section(md, '### Level 0 (1 table)').split('\n').find((l) => l.startsWith('| **[a'))!;
    expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(5);
  });

  it('renders the same bytes twice', () => {
    expect(renderDependencyGraph(ctxOf(diamond, diamondAnalysis))).toBe(renderDependencyGraph(ctxOf(diamond, diamondAnalysis)));
  });
});
