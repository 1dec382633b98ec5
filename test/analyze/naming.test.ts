/**
 * Naming styles (seed 001's "some tables use camelCase (`userId`), others snake_case (`user_id`)") and look-alike
 * tables (seed 001's "Schema Conflicts": `telemetry_events` vs `events`, `audit_logs` vs `audit_log`), on small
 * inline models.
 */
import { describe, expect, it } from 'vitest';
import { buildLookup } from '../../src/analyze/lookup.js';
import {
  analyzeNaming,
  findDuplicates,
  foldedName,
  namingReport,
  namingStyle,
  normaliseColumn,
  singular,
} from '../../src/analyze/naming.js';
import type { UnappliedTable } from '../../src/analyze/types.js';
import type { Func } from '../../src/model/types.js';
import { fk, index, model, table } from '../helpers/model.js';

/** A table from its id and bare column names (`id` first, as a primary key). */
function t(id: string, ...columns: string[]) {
  return table(id, ['id uuid pk', ...columns.map((c) => ({ name: c }))]);
}

function dups(tables: ReturnType<typeof t>[], unapplied: UnappliedTable[] = []) {
  return findDuplicates(buildLookup(model({ tables })), unapplied);
}

function fn(id: string, name: string, origin: Func['origin'] = 'user'): Func {
  return {
    id, schema: 'public', name, kind: 'function', identityArgs: '', args: '', returns: 'trigger', language: 'plpgsql',
    volatility: 'volatile', securityDefiner: false, leakproof: false, strict: false, config: [], owner: 'postgres',
    definition: null, comment: null, origin,
  };
}

describe('namingStyle', () => {
  it.each([
    ['user_id', 'snake_case'],
    ['_prisma_migrations', 'snake_case'],
    ['address_line1', 'snake_case'],
    ['userId', 'camelCase'],
    ['userID', 'camelCase'],
    ['UserProfile', 'PascalCase'],
    ['User', 'PascalCase'],
    ['USER_ID', 'UPPER_CASE'],
    ['ID', 'UPPER_CASE'],
    ['users', 'lowercase'],
    ['address1', 'lowercase'],
    ['User_id', 'other'],
    ['user-id', 'other'],
    ['user id', 'other'],
    ['user__id', 'other'],
    ['2fa_codes', 'other'],
  ])('%s is %s', (name, style) => {
    expect(namingStyle(name)).toBe(style);
  });
});

describe('namingReport', () => {
  const items = (...names: string[]) => names.map((name) => ({ id: `x.${name}`, name }));

  it('does not let single lowercase words decide, nor count them as outliers of snake_case or camelCase', () => {
    const snake = namingReport(items('id', 'email', 'user_id', 'created_at'));
    expect(snake).toEqual({ dominant: 'snake_case', counts: { snake_case: 2, lowercase: 2 }, outliers: [], mixed: false });
    const camel = namingReport(items('id', 'email', 'name', 'userId'));
    expect(camel).toEqual({ dominant: 'camelCase', counts: { camelCase: 1, lowercase: 3 }, outliers: [], mixed: false });
  });

  it('reports lowercase only when no name has two words, and null when there is nothing to report', () => {
    expect(namingReport(items('id', 'email')).dominant).toBe('lowercase');
    expect(namingReport([])).toEqual({ dominant: null, counts: {}, outliers: [], mixed: false });
    expect(namingReport(items('User id')).dominant).toBeNull();
    expect(namingReport(items('User id')).outliers).toEqual(['x.User id']);
  });

  it('lists the minority style and the unclassifiable names as outliers, sorted', () => {
    const r = namingReport(items('zeta_one', 'userId', 'createdAt', 'alpha_two', 'expiresAt', 'User_id', 'id'));
    expect(r.dominant).toBe('camelCase');
    expect(r.mixed).toBe(true);
    expect(r.counts).toEqual({ snake_case: 2, camelCase: 3, lowercase: 1, other: 1 });
    expect(r.outliers).toEqual(['x.User_id', 'x.alpha_two', 'x.zeta_one']);
  });

  it('breaks ties between styles in the order snake_case, camelCase, PascalCase, UPPER_CASE', () => {
    expect(namingReport(items('userId', 'user_id')).dominant).toBe('snake_case');
    expect(namingReport(items('UserId', 'USER_ID')).dominant).toBe('PascalCase');
  });

  it('counts single lowercase words as outliers when PascalCase dominates', () => {
    const r = namingReport(items('User', 'AdminUser', 'orders'));
    expect(r).toMatchObject({ dominant: 'PascalCase', outliers: ['x.orders'], mixed: false });
  });
});

describe('analyzeNaming', () => {
  it('makes the camelCase / snake_case mix of columns visible (seed 001)', () => {
    const m = model({
      tables: [
        table('public.sessions', ['id uuid pk', 'userId uuid', 'expiresAt timestamptz', 'createdAt timestamptz']),
        table('public.events', ['id uuid pk', 'userId uuid', 'eventType text', 'createdAt timestamptz']),
        table('public.workflow_runs', ['id uuid pk', 'user_id uuid', 'created_at timestamptz']),
      ],
    });
    const naming = analyzeNaming(buildLookup(m));
    expect(naming.columns).toEqual({
      dominant: 'camelCase',
      counts: { snake_case: 2, camelCase: 6, lowercase: 3 },
      outliers: ['public.workflow_runs.created_at', 'public.workflow_runs.user_id'],
      mixed: true,
    });
    expect(naming.tables).toMatchObject({ dominant: 'snake_case', mixed: false, outliers: [] });
  });

  it('covers indexes and constraints of analysed tables and the user functions only', () => {
    const m = model({
      tables: [
        table('public.users', ['id uuid pk', 'email text unique']),
        table('auth.users', ['id uuid pk'], { origin: 'platform' }),
      ],
      indexes: [index('public.users', 'IdxUsersEmail', ['email'])],
      functions: [fn('public.set_updated_at()', 'set_updated_at'), fn('public.uuid_generate_v4()', 'uuidGenerateV4', 'extension')],
    });
    const naming = analyzeNaming(buildLookup(m));
    expect(naming.indexes.counts).toEqual({ snake_case: 2, PascalCase: 1 });
    expect(naming.indexes.outliers).toEqual(['public.IdxUsersEmail']);
    expect(naming.constraints).toMatchObject({ dominant: 'snake_case', counts: { snake_case: 2 } });
    expect(naming.functions).toEqual({ dominant: 'snake_case', counts: { snake_case: 1 }, outliers: [], mixed: false });
  });
});

describe('name folding', () => {
  it.each([
    ['categories', 'category'],
    ['statuses', 'status'],
    ['addresses', 'address'],
    ['courses', 'course'],
    ['boxes', 'box'],
    ['batches', 'batch'],
    ['users', 'user'],
    ['people', 'person'],
    ['status', 'status'],
    ['address', 'address'],
    ['analysis', 'analysis'],
    ['history', 'history'],
    ['sms', 'sms'],
  ])('singular(%s) = %s', (word, expected) => {
    expect(singular(word)).toBe(expected);
  });

  it('normalises column names from camelCase, PascalCase and UPPER_CASE to snake_case', () => {
    expect(normaliseColumn('userId')).toBe('user_id');
    expect(normaliseColumn('UserID')).toBe('user_id');
    expect(normaliseColumn('metadataRedactedJson')).toBe('metadata_redacted_json');
    expect(normaliseColumn('HTTPStatus')).toBe('http_status');
    expect(normaliseColumn('USER_ID')).toBe('user_id');
    expect(normaliseColumn('user id')).toBe('user_id');
  });

  it('folds table names to singular snake_case words', () => {
    expect(foldedName('AuditLogs')).toBe('audit_log');
    expect(foldedName('audit_log')).toBe('audit_log');
    expect(foldedName('Order Items')).toBe('order_item');
    expect(foldedName('order.items')).toBe('order_item');
  });
});

describe('findDuplicates: names', () => {
  it.each([
    ['categories', 'category'],
    ['statuses', 'status'],
    ['addresses', 'address'],
  ])('pairs %s with %s (singular and plural)', (plural, one) => {
    const pairs = dups([t(`public.${plural}`, 'label'), t(`public.${one}`, 'code')]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ reasons: ['name'], columnSimilarity: 0, unapplied: null });
    expect(pairs[0]!.detail).toContain('singular and plural');
  });

  it('does not pair tables that only share a first word', () => {
    const pairs = dups([
      t('public.users', 'email', 'name'),
      t('public.user_integrations', 'user_id', 'provider', 'config'),
      t('public.user_roles', 'user_id', 'role_id'),
      t('public.user_preferences', 'user_id', 'theme'),
    ]);
    expect(pairs).toEqual([]);
  });

  it('pairs a table with a longer one ending in its whole name only when their columns overlap', () => {
    const pairs = dups([
      t('public.events', 'user_id', 'event_type', 'timestamp', 'file_path', 'tool', 'metadata'),
      t('public.telemetry_events', 'userId', 'eventType', 'timestamp', 'appId', 'durationMs', 'metadataRedactedJson'),
      t('public.notes', 'order_id', 'contract_id', 'content', 'is_internal'),
      t('public.lead_notes', 'lead_id', 'content'),
    ]);
    expect(pairs.map((p) => p.tables)).toEqual([['public.events', 'public.telemetry_events']]);
    expect(pairs[0]).toMatchObject({ reasons: ['name'], columnSimilarity: 0.33 });
    expect(pairs[0]!.detail).toBe(
      'telemetry_events ends with the whole name events, with 3 of 9 columns in common (event_type, timestamp, user_id), ' +
        'not counting id, created_at and updated_at.',
    );
  });

  it('pairs a table with its copies (old, backup, v2, legacy) whatever their columns', () => {
    const pairs = dups([t('public.orders', 'total'), t('public.orders_old', 'amount'), t('public.legacy_orders_v2', 'sum')]);
    expect(pairs.map((p) => p.tables)).toEqual([
      ['public.legacy_orders_v2', 'public.orders'],
      ['public.legacy_orders_v2', 'public.orders_old'],
      ['public.orders', 'public.orders_old'],
    ]);
    expect(pairs[2]!.detail).toMatch(/^orders_old looks like a copy of orders/);
  });

  it('pairs long names one character apart, not short ones', () => {
    const pairs = dups([t('public.organisations', 'name'), t('public.organizations', 'slug'), t('public.user', 'a'), t('public.uses', 'b')]);
    expect(pairs.map((p) => p.tables)).toEqual([['public.organisations', 'public.organizations']]);
    expect(pairs[0]!.detail).toMatch(/one character apart/);
  });

  it('pairs quoted names with spaces and dots with their snake_case spelling', () => {
    const pairs = dups([t('public.Order Items', 'qty'), t('public.order.items', 'quantity'), t('public.order_items', 'count')]);
    expect(pairs.map((p) => p.tables)).toEqual([
      ['public.Order Items', 'public.order.items'],
      ['public.Order Items', 'public.order_items'],
      ['public.order.items', 'public.order_items'],
    ]);
    expect(pairs[1]!.detail).toMatch(/^Order Items and order_items are one name written in two ways/);
  });

  it('does not report the same name in two schemas, even with the same columns', () => {
    const cols = ['email', 'name', 'password_hash', 'last_login_at'];
    expect(dups([t('public.users', ...cols), t('billing.users', ...cols)])).toEqual([]);
  });

  it('does not report numbered siblings (shards by year)', () => {
    const cols = ['user_id', 'event_type', 'payload', 'occurred_at'];
    expect(dups([t('public.events_2024', ...cols), t('public.events_2025', ...cols)])).toEqual([]);
  });
});

describe('findDuplicates: columns', () => {
  it('pairs tables with the same columns, userId and user_id alike', () => {
    const pairs = dups([
      t('public.partners', 'code', 'name', 'legalName', 'vatNumber', 'contactEmail'),
      t('public.distributors', 'code', 'name', 'legal_name', 'vat_number', 'contact_email'),
    ]);
    expect(pairs).toEqual([
      {
        tables: ['public.distributors', 'public.partners'],
        unapplied: null,
        reasons: ['columns'],
        columnSimilarity: 1,
        detail:
          'distributors and partners have 5 of 5 columns in common (code, contact_email, legal_name, name, vat_number), ' +
          'not counting id, created_at and updated_at.',
      },
    ]);
  });

  it('ignores id, created_at and updated_at, and needs three shared columns', () => {
    expect(dups([t('public.a', 'createdAt', 'updatedAt', 'x'), t('public.b', 'created_at', 'updated_at', 'y')])).toEqual([]);
    expect(dups([t('public.user_roles', 'user_id', 'role_id'), t('public.role_grants', 'user_id', 'role_id')])).toEqual([]);
  });

  it('stays below the threshold for tables that merely belong together', () => {
    const pairs = dups([
      t('public.sms_delivery_log', 'recipient_id', 'campaign_id', 'gift_card_id', 'phone', 'message_body', 'twilio_message_sid', 'delivery_status', 'error_code', 'error_message', 'sent_at', 'delivered_at'),
      t('public.sms_opt_in_log', 'recipient_id', 'campaign_id', 'phone', 'direction', 'message_body', 'twilio_message_sid', 'status'),
    ]);
    expect(pairs).toEqual([]);
  });

  it('adds the columns reason to a name pair with similar columns', () => {
    const pairs = dups([t('public.invoices', 'number', 'total', 'due_on'), t('public.invoice', 'number', 'total', 'due_on', 'memo')]);
    expect(pairs[0]).toMatchObject({ reasons: ['name', 'columns'], columnSimilarity: 0.75 });
  });
});

describe('findDuplicates: unapplied tables', () => {
  const auditLog: UnappliedTable = {
    id: 'public.audit_log',
    columns: ['id', 'user_id', 'action', 'meta', 'ts'],
    file: 'supabase/migrations/2025-11-05_trust_audit.sql',
    reason: 'the Supabase CLI skips it',
  };

  it('pairs an applied table with one defined only in a file that was not applied', () => {
    const pairs = dups([t('public.audit_logs', 'userId', 'action', 'resource', 'resourceId', 'metadata', 'ipAddress', 'userAgent', 'timestamp')], [auditLog]);
    expect(pairs).toEqual([
      {
        tables: ['public.audit_log', 'public.audit_logs'],
        unapplied: { table: 'public.audit_log', file: auditLog.file, reason: auditLog.reason },
        reasons: ['name'],
        columnSimilarity: 0.2,
        detail:
          'audit_log and audit_logs are the singular and plural of one name, with 2 of 10 columns in common (action, user_id), ' +
          'not counting id, created_at and updated_at; public.audit_log exists only in ' +
          'supabase/migrations/2025-11-05_trust_audit.sql, which was not applied (the Supabase CLI skips it).',
      },
    ]);
  });

  it('reports a file that defines an applied table again', () => {
    const events: UnappliedTable = { id: 'public.events', columns: ['id', 'occurred_at', 'user_id', 'event_name', 'props'], file: 'x.sql', reason: 'skipped' };
    const pairs = dups([t('public.events', 'userId', 'eventType')], [events]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ tables: ['public.events', 'public.events'], reasons: ['name'], unapplied: { table: 'public.events' } });
    expect(pairs[0]!.detail).toMatch(/^public\.events is defined again, .*; that definition exists only in x\.sql/);
  });

  it('never pairs two unapplied tables', () => {
    const a: UnappliedTable = { id: 'public.audit_log', columns: ['id', 'x', 'y', 'z'], file: 'a.sql', reason: 'skipped' };
    const b: UnappliedTable = { id: 'public.audit_logs', columns: ['id', 'x', 'y', 'z'], file: 'b.sql', reason: 'skipped' };
    expect(dups([t('public.users', 'email')], [a, b])).toEqual([]);
  });

  it('gives the same answer whatever the order of its inputs', () => {
    const other: UnappliedTable = { id: 'public.event', columns: ['id', 'user_id', 'event_type', 'timestamp'], file: 'b.sql', reason: 'skipped' };
    const tables = () => [
      t('public.audit_logs', 'user_id', 'action'),
      t('public.events', 'user_id', 'event_type', 'timestamp'),
      t('public.telemetry_events', 'user_id', 'event_type', 'timestamp', 'app_id'),
    ];
    const first = dups(tables(), [auditLog, other]);
    const second = dups(tables().reverse(), [other, auditLog]);
    expect(second).toEqual(first);
    expect(first.map((p) => p.tables)).toEqual([
      ['public.audit_log', 'public.audit_logs'],
      ['public.event', 'public.events'],
      ['public.event', 'public.telemetry_events'],
      ['public.events', 'public.telemetry_events'],
    ]);
  });

  it('has no unapplied side without unapplied tables', () => {
    const pairs = findDuplicates(
      buildLookup(model({ tables: [t('public.posts', 'title'), t('public.post', 'body')], foreignKeys: [fk('public.post', ['id'], 'public.posts', ['id'])] })),
      [],
    );
    expect(pairs.map((p) => p.unapplied)).toEqual([null]);
  });
});
