/** Claim extraction: what each shape of line claims, at which line, and what is left unverifiable. */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractClaims } from '../../src/check-docs/claims.js';
import { readMarkdown } from '../../src/check-docs/read.js';
import type { ClaimBody } from '../../src/check-docs/types.js';
import { loadParser } from '../../src/source/statements.js';

beforeAll(async () => {
  await loadParser();
});

const claims = (markdown: string) => extractClaims(readMarkdown('doc.md', markdown));
const bodies = (markdown: string): [number, ClaimBody][] => claims(markdown).map((c) => [c.line, c.body]);

describe('Markdown tables', () => {
  it('reads a level table row: the table, its level, PK, FKs with ON DELETE, and UNIQUE keys', () => {
    const md = [
      '### Level 3 Tables (Depend on Level 2 tables)',
      '| Table | Primary Key | Foreign Keys | UNIQUE Constraints | Cardinality |',
      '|---|---|---|---|---|',
      '| **redemptions** | id (UUID) | `user_id → users(id) ON DELETE CASCADE`, `(redemption_id, client_id) → redemptions(id, client_id)` | `(user_id, reward_id)` | ONE-TO-ONE |',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [4, { kind: 'table', table: 'redemptions', exists: true }],
      [4, { kind: 'level', table: 'redemptions', level: 3 }],
      [4, { kind: 'primary-key', table: 'redemptions', columns: ['id'], type: 'UUID' }],
      [4, { kind: 'foreign-key', table: 'redemptions', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' }],
      [4, { kind: 'foreign-key', table: 'redemptions', columns: ['redemption_id', 'client_id'], refTable: 'redemptions', refColumns: ['id', 'client_id'] }],
      [4, { kind: 'unique', table: 'redemptions', columns: ['user_id', 'reward_id'] }],
      [4, { kind: 'unverifiable', claim: 'redemptions is ONE-TO-ONE', reason: 'a cardinality that names no other table' }],
    ]);
    const fk = claims(md)[3]!;
    expect(fk.spans?.onDelete && fk.quote.slice(...fk.spans.onDelete)).toBe('ON DELETE CASCADE');
  });

  it('reads the value list in a purpose cell and the other table of a cardinality', () => {
    const md = [
      '| Table | Purpose | Cardinality |',
      '|---|---|---|',
      '| redemptions | 5-state lifecycle (claimable → claimed → fulfilled → concluded | rejected) | - |',
      '| boosts | Payouts | ONE-TO-ONE with redemptions |',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [3, { kind: 'table', table: 'redemptions', exists: true }],
      [3, { kind: 'values', table: 'redemptions', column: null, values: ['claimable', 'claimed', 'fulfilled', 'concluded', 'rejected'], count: 5 }],
      [4, { kind: 'table', table: 'boosts', exists: true }],
      [4, { kind: 'cardinality', parent: 'redemptions', child: 'boosts', cardinality: 'one-to-one' }],
    ]);
  });
});

describe('list items in context', () => {
  it('under "X Table": columns with types, UNIQUE, value lists, FKs, and indexes by column', () => {
    const md = [
      '### ✅ Recipients Table',
      '- `redemption_code` TEXT UNIQUE - Customer unique code ✅',
      '- `approval_status` TEXT - pending/approved/rejected ✅',
      '- `gift_card_id` UUID REFERENCES gift_cards(id) ON DELETE SET NULL - Card ✅',
      '- `client_id`, `audience_id` ✅',
      '- Indexes on: redemption_code, phone ✅',
      '- `mailing_method` TEXT - customer_handled, etc ✅',
      '- Links recipients to gift cards ✅',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [1, { kind: 'table', table: 'Recipients', exists: true }],
      [2, { kind: 'column', table: 'Recipients', column: 'redemption_code', exists: true, type: 'TEXT', unique: true }],
      [3, { kind: 'column', table: 'Recipients', column: 'approval_status', exists: true, type: 'TEXT' }],
      [3, { kind: 'values', table: 'Recipients', column: 'approval_status', values: ['pending', 'approved', 'rejected'], count: null }],
      [4, { kind: 'column', table: 'Recipients', column: 'gift_card_id', exists: true, type: 'UUID' }],
      [4, { kind: 'foreign-key', table: 'Recipients', columns: ['gift_card_id'], refTable: 'gift_cards', refColumns: ['id'], onDelete: 'set null' }],
      [5, { kind: 'column', table: 'Recipients', column: 'client_id', exists: true }],
      [5, { kind: 'column', table: 'Recipients', column: 'audience_id', exists: true }],
      [6, { kind: 'index', name: null, table: 'Recipients', columns: ['redemption_code'], exists: true }],
      [6, { kind: 'index', name: null, table: 'Recipients', columns: ['phone'], exists: true }],
      [7, { kind: 'column', table: 'Recipients', column: 'mailing_method', exists: true, type: 'TEXT' }],
      [7, { kind: 'unverifiable', claim: 'values of Recipients.mailing_method: customer_handled, etc', reason: 'an open list ("etc"): the values it leaves out are not stated' }],
      [8, { kind: 'unverifiable', claim: 'Links recipients to gift cards', reason: 'not in a shape check-docs reads' }],
    ]);
  });

  it('names under indexes, functions, triggers and migrations headings; ❌ marks an absence', () => {
    const md = [
      '## Key Indexes',
      '- `idx_users_email` - Users email lookup',
      '- `idx_old` ❌',
      '## Functions',
      '- `is_org_member(org_id UUID)` - Check membership',
      '- `grant_role`, `auth.uid()` ✅',
      '## Triggers',
      '- `update_users_updated_at` - Users table',
      '## Migration Files',
      '1. `20240101000000_initial_schema.sql` - Core tables',
      '- `99999999999999_master.sql` - Single canonical migration (to be created)',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [2, { kind: 'index', name: 'idx_users_email', table: null, columns: null, exists: true }],
      [3, { kind: 'index', name: 'idx_old', table: null, columns: null, exists: false }],
      [5, { kind: 'function', name: 'is_org_member', args: [{ name: 'org_id', type: 'UUID' }], exists: true }],
      [6, { kind: 'function', name: 'grant_role', exists: true }],
      [6, { kind: 'function', name: 'auth.uid', args: [], exists: true }],
      [8, { kind: 'trigger', name: 'update_users_updated_at', table: 'Users', exists: true }],
      [10, { kind: 'migration', file: '20240101000000_initial_schema.sql' }],
      [11, { kind: 'unverifiable', claim: '99999999999999_master.sql - Single canonical migration (to be created)', reason: 'a plan or a condition, not what the schema is' }],
    ]);
  });

  it('tables with / without a column, with their FKs and tenancy; cardinality and orphan lists', () => {
    const md = [
      '### Tables WITHOUT client_id',
      '- otp_codes (FK to users, inherits tenant via user)',
      '### One-to-One (1:1)',
      '- **Order → Contract** (becomes)',
      '### Many-to-Many (N:M)',
      '- **Distributor ◄─► Partner** (via DistributorPartner junction table)',
      '### Tables that can become orphaned:',
      '1. **User** - if enabled_by admin is deleted (FK nullable)',
      '2. **Lead** - if owner user is deleted (FK not nullable, requires reassignment)',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [2, { kind: 'column', table: 'otp_codes', column: 'client_id', exists: false }],
      [2, { kind: 'foreign-key', table: 'otp_codes', columns: null, refTable: 'users', refColumns: null }],
      [2, { kind: 'tenant-inherited', table: 'otp_codes', via: 'user' }],
      [4, { kind: 'cardinality', parent: 'Order', child: 'Contract', cardinality: 'one-to-one' }],
      [6, { kind: 'cardinality', parent: 'Distributor', child: 'Partner', cardinality: 'many-to-many', via: 'DistributorPartner' }],
      [8, { kind: 'orphan', table: 'User', column: 'enabled_by', ref: 'admin', nullable: true, outcome: 'detached' }],
      [9, { kind: 'orphan', table: 'Lead', column: 'owner', ref: 'user', nullable: false, outcome: 'blocked' }],
    ]);
  });

  it('claims any section can make: counts, RLS everywhere, FK indexing, column-type rules; advice claims nothing', () => {
    const md = [
      '**Total Tables:** 21',
      '**Total Relationships:** 50+',
      '- 156 migration files ✅',
      '### ✅ RLS Enabled on All Tables',
      '- All tenant-scoped tables should have Row-Level Security (RLS) policies',
      '- All foreign keys are indexed',
      '- ENUMs for status fields ✅',
      '- `auth.users` has RLS enabled ✅',
      '- `recipients.campaign_id → campaigns(id) ON DELETE CASCADE`',
      '### Level 1 Tables',
      '### Minor Optimizations',
      '1. Some tables could use additional composite indexes',
      '- Use `joinedload()` for 1:N relationships',
      '**Audit Date:** December 2024',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [1, { kind: 'count', subject: 'tables', count: 21, atLeast: false }],
      [2, { kind: 'count', subject: 'relationships', count: 50, atLeast: true }],
      [3, { kind: 'count', subject: 'migrations', count: 156, atLeast: false }],
      [4, { kind: 'rls-all', scope: 'all' }],
      [5, { kind: 'rls-all', scope: 'tenant' }],
      [6, { kind: 'all-fks-indexed' }],
      [7, { kind: 'column-types', subject: 'status', type: 'enum' }],
      [8, { kind: 'rls', table: 'auth.users', enabled: true }],
      [9, { kind: 'foreign-key', table: 'recipients', columns: ['campaign_id'], refTable: 'campaigns', refColumns: ['id'], onDelete: 'cascade' }],
    ]);
    const [total, relationships] = claims(md);
    expect(total!.quote.slice(...total!.spans!.count!)).toBe('21');
    expect(relationships!.quote.slice(...relationships!.spans!.count!)).toBe('50+');
  });
});

describe('SQL code blocks, read with the Postgres parser', () => {
  it('CREATE TABLE: the table, each column (type as written, NOT NULL, UNIQUE, DEFAULT), REFERENCES and CHECK lists', () => {
    const md = [
      '```sql',
      'CREATE TABLE profiles (',
      '  id UUID PRIMARY KEY,',
      "  user_id UUID UNIQUE NOT NULL REFERENCES users(id) ON DELETE CASCADE, -- owner",
      "  status VARCHAR(50) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),",
      '  bio TEXT',
      ');',
      '```',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [2, { kind: 'table', table: 'profiles', exists: true }],
      [3, { kind: 'column', table: 'profiles', column: 'id', exists: true, type: 'UUID', notNull: true }],
      [3, { kind: 'primary-key', table: 'profiles', columns: ['id'] }],
      [4, { kind: 'column', table: 'profiles', column: 'user_id', exists: true, type: 'UUID', notNull: true, unique: true }],
      [4, { kind: 'foreign-key', table: 'profiles', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' }],
      [5, { kind: 'column', table: 'profiles', column: 'status', exists: true, type: 'VARCHAR(50)', notNull: true, default: "'active'" }],
      [5, { kind: 'values', table: 'profiles', column: 'status', values: ['active', 'deleted'], count: null }],
      [6, { kind: 'column', table: 'profiles', column: 'bio', exists: true, type: 'TEXT', notNull: false }],
    ]);
  });

  it('indexes (partial, expressions), triggers, RLS and policies; a statement that does not parse is unverifiable', () => {
    const md = [
      '```sql',
      '-- lookups',
      'CREATE UNIQUE INDEX i_one ON offers(campaign_id, lower(code) DESC) WHERE status IN (\'open\');',
      'CREATE TRIGGER track AFTER UPDATE ON boosts FOR EACH ROW EXECUTE FUNCTION log_boost();',
      'ALTER TABLE users ENABLE ROW LEVEL SECURITY;',
      "CREATE POLICY iso ON users FOR SELECT TO authenticated USING (client_id = current_setting('app.c')::uuid);",
      'scheduled → claimed',
      '```',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [3, { kind: 'index', name: 'i_one', table: 'offers', columns: ['campaign_id', 'lower(code) DESC'], unique: true, predicate: "status IN ('open')", exists: true }],
      [4, { kind: 'trigger', name: 'track', table: 'boosts', timing: 'after', events: ['update'], level: 'row', function: 'log_boost', exists: true }],
      [5, { kind: 'rls', table: 'users', enabled: true }],
      [6, { kind: 'policy', table: 'users', name: 'iso', command: 'select', roles: ['authenticated'], using: "client_id = current_setting('app.c')::uuid" }],
      [7, { kind: 'unverifiable', claim: 'scheduled → claimed', reason: 'not valid PostgreSQL' }],
    ]);
  });

  it('pseudo-SQL index lists and maintenance statements name indexes and tables', () => {
    const md = ['## Index Coverage', '```sql', 'idx_contracts_order_id (order_id) [unique]', 'ANALYZE leads, orders;', '```'].join('\n');
    expect(bodies(md)).toEqual([
      [3, { kind: 'index', name: 'idx_contracts_order_id', table: null, columns: ['order_id'], unique: true, exists: true }],
      [4, { kind: 'table', table: 'leads', exists: true }],
      [4, { kind: 'table', table: 'orders', exists: true }],
    ]);
    expect(bodies(['```sql', 'ANALYZE leads, orders;', 'REINDEX TABLE leads;', '```'].join('\n'))).toEqual([
      [2, { kind: 'table', table: 'leads', exists: true }],
      [2, { kind: 'table', table: 'orders', exists: true }],
      [3, { kind: 'table', table: 'leads', exists: true }],
    ]);
  });
});

describe('diagrams', () => {
  it('an FK tree: each node references its parent, `(FK: a, b→t)` names columns, ROOT is level 0', () => {
    const md = ['```', 'clients (ROOT - config)', '│', '├── users (FK: client_id)', '│   └── videos (FK: user_id, adjusted_by→users)', '└── tiers', '```'].join('\n');
    expect(bodies(md)).toEqual([
      [2, { kind: 'level', table: 'clients', level: 0 }],
      [4, { kind: 'foreign-key', table: 'users', columns: null, refTable: 'clients', refColumns: null }],
      [4, { kind: 'foreign-key', table: 'users', columns: ['client_id'], refTable: null, refColumns: null }],
      [5, { kind: 'foreign-key', table: 'videos', columns: null, refTable: 'users', refColumns: null }],
      [5, { kind: 'foreign-key', table: 'videos', columns: ['user_id'], refTable: null, refColumns: null }],
      [5, { kind: 'foreign-key', table: 'videos', columns: ['adjusted_by'], refTable: 'users', refColumns: null }],
      [6, { kind: 'foreign-key', table: 'tiers', columns: null, refTable: 'clients', refColumns: null }],
    ]);
  });

  it('cardinality lines (and their └── continuations), delete rules, state lists; box art is one unverifiable', () => {
    const md = [
      '```',
      'AdminUser (1) ──enables──► (N) User',
      '    └──assigned_by──► (N) DistributorPartner',
      'Order (N) ──created_by──► (1) User',
      'Contract (1) ──renewed_from──► (1) Contract  [self-referential]',
      'Distributor (N) ◄──── DistributorPartner ────► (N) Partner',
      'WebhookEvent (N) ──from──► Provider (external)',
      '```',
      '### CASCADE DELETE',
      '```',
      'Note → Order/Contract     (cascade delete)',
      'DistributorPartner        (cascade delete from both sides)',
      '```',
      '### redemptions.status (2 states)',
      '```',
      'claimable → claimed (TERMINAL)',
      '```',
      '```',
      '┌──────┐',
      '│ User │',
      '└──────┘',
      '```',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [2, { kind: 'cardinality', parent: 'AdminUser', child: 'User', cardinality: 'one-to-many' }],
      [3, { kind: 'cardinality', parent: 'AdminUser', child: 'DistributorPartner', cardinality: 'one-to-many' }],
      [4, { kind: 'cardinality', parent: 'User', child: 'Order', cardinality: 'one-to-many' }],
      [5, { kind: 'cardinality', parent: 'Contract', child: 'Contract', cardinality: 'self-referential' }],
      [6, { kind: 'cardinality', parent: 'Distributor', child: 'Partner', cardinality: 'many-to-many', via: 'DistributorPartner' }],
      [7, { kind: 'unverifiable', claim: 'WebhookEvent (N) ──from──► Provider (external)', reason: 'a diagram line in no shape check-docs reads' }],
      [11, { kind: 'delete-rule', tables: ['Note', 'Order'], rule: 'cascade' }],
      [11, { kind: 'delete-rule', tables: ['Note', 'Contract'], rule: 'cascade' }],
      [12, { kind: 'delete-rule', tables: ['DistributorPartner', null], rule: 'cascade' }],
      [14, { kind: 'values', table: 'redemptions', column: 'status', values: null, count: 2 }],
      [16, { kind: 'values', table: 'redemptions', column: 'status', values: ['claimable', 'claimed'], count: null }],
      [
        16,
        {
          kind: 'unverifiable',
          claim: 'the transitions of redemptions.status: claimable → claimed (TERMINAL)',
          reason: 'which transitions the schema enforces is proven by `schemaproof verify`, not read from the schema',
        },
      ],
      [18, { kind: 'unverifiable', claim: 'a box diagram (3 lines)', reason: 'its boxes and edges cannot be read reliably' }],
    ]);
  });
});

describe('what claims nothing', () => {
  it('a change script, a count of a part (listed, not counted), a findings section; an index listed under its table is an index', () => {
    const md = [
      '### System Configuration (2 tables)',
      '7 tables with more than 12 columns show key columns only.',
      '```sql',
      'CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);',
      '```',
      '#### Foreign key without an index — 3 findings',
      '```sql',
      'CREATE INDEX ON orders (user_id);',
      '```',
      '### audit_logs',
      "- `idx_audit_logs_fts` (to_tsvector('english'::regconfig, COALESCE(body, ''::text))), gin",
      '- `actor_id` UUID',
    ].join('\n');
    expect(bodies(md)).toEqual([
      [2, { kind: 'unverifiable', claim: '7 tables with more than 12 columns show key columns only.', reason: 'prose that states no checkable fact' }],
      [4, { kind: 'unverifiable', claim: 'CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);', reason: 'a change to the schema (DROP, NOT VALID, IF NOT EXISTS, …), not a description of it' }],
      [11, { kind: 'index', name: 'idx_audit_logs_fts', table: 'audit_logs', columns: ["to_tsvector('english'::regconfig, COALESCE(body, ''::text))"], exists: true }],
      [12, { kind: 'column', table: 'audit_logs', column: 'actor_id', exists: true, type: 'UUID' }],
    ]);
  });
});
