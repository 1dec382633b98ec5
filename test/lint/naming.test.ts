/**
 * The naming rules: mixed styles per schema, names that need quotes, reserved words, names near the 63-byte limit
 * and look-alike tables — each with invalid cases and the near misses that must stay quiet, on small inline models,
 * then over the five example schemas with the findings reviewed one by one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import type { UnappliedTable } from '../../src/analyze/types.js';
import { lint } from '../../src/lint/engine.js';
import { NAMING_RULES } from '../../src/lint/rules/naming/index.js';
import { mixedNamingStyle } from '../../src/lint/rules/naming/mixed-naming-style.js';
import { nameNearLengthLimit } from '../../src/lint/rules/naming/name-near-length-limit.js';
import { nameNeedsQuotes } from '../../src/lint/rules/naming/name-needs-quotes.js';
import { nearDuplicateTables } from '../../src/lint/rules/naming/near-duplicate-tables.js';
import { reservedWordName } from '../../src/lint/rules/naming/reserved-word-name.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema, resolveSource } from '../../src/source/load.js';
import { unappliedTables } from '../../src/source/unapplied.js';
import { check, objects } from '../helpers/lint.js';
import { constraint, index, model, table } from '../helpers/model.js';

/** A table from its id and bare column names (`id` first, as a primary key). */
function t(id: string, ...columns: string[]) {
  return table(id, ['id uuid pk', ...columns.map((c) => ({ name: c }))]);
}

describe('naming/mixed-naming-style', () => {
  it('reports a schema whose columns mix camelCase and snake_case, once, with counts, outliers and renames to the dominant style', async () => {
    const m = model({
      tables: [
        t('public.users', 'first_name', 'last_name', 'created_at'),
        t('public.orders', 'user_id', 'total_cents', 'created_at'),
        t('public.sessions', 'userId', 'expires_at'),
      ],
    });
    const findings = await check(mixedNamingStyle, m);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'public', key: 'columns' });
    expect(findings[0]!.message).toBe(
      'schema public mixes column naming styles: 7 snake_case, 1 camelCase (and 3 single lowercase words, which fit either); ' +
        'snake_case dominates and 1 column in table sessions (1) breaks it: sessions.userId',
    );
    expect(findings[0]!.remediation).toBe('ALTER TABLE sessions RENAME COLUMN "userId" TO user_id;');
  });

  it('reports table names per schema, and does not propose a rename onto an existing name', async () => {
    const m = model({
      tables: [t('app.order_items'), t('app.audit_logs'), t('app.AuditLogs'), t('app.line_items')],
    });
    const findings = await check(mixedNamingStyle, m);
    expect(findings.map((f) => [f.object, f.key])).toEqual([['app', 'tables']]);
    expect(findings[0]!.message).toContain('1 table breaks it: AuditLogs');
    expect(findings[0]!.remediation).toBeUndefined(); // audit_logs exists already
  });

  it('does not report two schemas that are each consistent, nor single words beside one style', async () => {
    const m = model({
      tables: [t('legacy.accounts', 'userId', 'createdAt'), t('public.accounts', 'user_id', 'created_at'), t('public.notes', 'body', 'title')],
    });
    expect(await objects(mixedNamingStyle, m)).toEqual([]);
    expect(await objects(mixedNamingStyle, model({ tables: [t('public.a', 'name', 'user_id')] }))).toEqual([]);
  });
});

describe('naming/name-needs-quotes', () => {
  it('reports a table whose own name or column names need quotes, with snake_case renames, in a snake_case schema', async () => {
    const m = model({
      tables: [t('public.OrderItems', 'order_id', 'unitPrice'), t('public.orders', 'user_id', 'created_at'), t('public.users', 'full_name')],
    });
    const [f, ...rest] = await check(nameNeedsQuotes, m);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ object: 'public.OrderItems' });
    expect(f!.message).toBe(
      'public.OrderItems: the table name "OrderItems" and 1 column name ("unitPrice") must be double-quoted in every query; ' +
        'unquoted, PostgreSQL folds them to lower case (OrderItems → orderitems) and finds nothing',
    );
    expect(f!.remediation).toBe('ALTER TABLE "OrderItems" RENAME COLUMN "unitPrice" TO unit_price;\nALTER TABLE "OrderItems" RENAME TO order_items;');
  });

  it('reports a camelCase schema once, as its convention, and still reports names that break it per table', async () => {
    const m = model({
      tables: [t('public.users', 'userId', 'createdAt'), t('public.orders', 'orderId', 'createdAt', 'line items')],
    });
    const findings = await check(nameNeedsQuotes, m);
    expect(findings.map((f) => [f.object, f.key])).toEqual([
      ['public.orders', undefined],
      ['public', 'quoted-columns'],
    ]);
    expect(findings[0]!.message).toContain('1 column name ("line items")');
    expect(findings[0]!.message).toContain('not valid identifiers');
    expect(findings[1]!.message).toMatch(/^schema public names its columns in camelCase: 4 column names in 2 tables \("orderId", "createdAt", "userId", …\)/);
    expect(findings[1]!.remediation).toBeUndefined();
  });

  it('does not report plain lowercase names, a leading underscore, or keywords (the reserved-word rule has those)', async () => {
    const m = model({ tables: [t('public._prisma_migrations', 'checksum'), t('public.events', 'order', 'timestamp', 'user_2fa')] });
    expect(await objects(nameNeedsQuotes, m)).toEqual([]);
  });
});

describe('naming/reserved-word-name', () => {
  it('reports tables and columns named with keywords that only work quoted, saying what the bare word means', async () => {
    const m = model({ tables: [t('public.user', 'name'), t('public.orders', 'order', 'user', 'check')] });
    const findings = await check(reservedWordName, m);
    expect(findings.map((f) => f.object).sort()).toEqual(['public.orders.check', 'public.orders.order', 'public.orders.user', 'public.user']);
    const user = findings.find((f) => f.object === 'public.orders.user')!;
    expect(user.message).toBe(
      'the column public.orders.user is named with the SQL keyword user: it works only double-quoted ("user"); unquoted, user is the SQL function user, not the column',
    );
    expect(findings.find((f) => f.object === 'public.orders.order')!.message).toContain('unquoted, order is a syntax error');
  });

  it('does not report keywords PostgreSQL accepts bare where they are used (timestamp, position, type, name, value)', async () => {
    const m = model({ tables: [t('public.time', 'timestamp', 'position', 'type', 'name', 'value', 'values'), t('public.values', 'json')] });
    expect(await objects(reservedWordName, m)).toEqual([]);
  });
});

describe('naming/name-near-length-limit', () => {
  const long = (n: number, prefix = 'x') => prefix + 'a'.repeat(n - prefix.length);

  it('reports tables and columns of 56+ bytes and constraints cut at 63 bytes (once for a constraint and its index)', async () => {
    const tableName = long(56, 'events_');
    const cut = long(63, 'missions_');
    const m = model({
      tables: [t(`public.${tableName}`, 'user_id'), t('public.missions', long(60, 'c'), 'slot')],
      constraints: [constraint('public.missions', cut, 'unique', ['slot'], 'UNIQUE (slot)', `public.${cut}`)],
      indexes: [index('public.missions', cut, ['slot'], { unique: true, constraint: `public.missions.${cut}` })],
    });
    const findings = await check(nameNearLengthLimit, m);
    expect(findings.map((f) => f.object).sort()).toEqual([`public.${tableName}`, `public.missions.${cut}`, `public.missions.${long(60, 'c')}`].sort());
    const table = findings.find((f) => f.object === `public.${tableName}`)!;
    expect(table.message).toBe(
      `the table name ${tableName} is 56 bytes, near PostgreSQL's 63-byte limit; generated names built from it are cut, e.g. ${tableName}_user_id_fkey (69 bytes)`,
    );
    expect(findings.find((f) => f.object === `public.missions.${cut}`)!.message).toContain('is 63 bytes, PostgreSQL\'s limit: it was most likely generated');
  });

  it('counts bytes, not characters: 28 two-byte letters are 56 bytes', async () => {
    const m = model({ tables: [t(`public.${'é'.repeat(28)}`), t(`public.${'é'.repeat(27)}`)] });
    expect(await objects(nameNearLengthLimit, m)).toEqual([`public.${'é'.repeat(28)}`]);
  });

  it('does not report 55-byte names, nor constraints and indexes under 63 bytes', async () => {
    const m = model({
      tables: [t(`public.${long(55)}`, long(55, 'c'))],
      indexes: [index(`public.${long(55)}`, long(62, 'idx_'), ['id'])],
    });
    expect(await objects(nameNearLengthLimit, m)).toEqual([]);
  });
});

describe('naming/near-duplicate-tables', () => {
  it('reports a copy of a table on the first table, keyed by the other', async () => {
    const m = model({ tables: [t('public.users', 'email', 'name'), t('public.users_old', 'email', 'name')] });
    const findings = await check(nearDuplicateTables, m);
    expect(findings).toEqual([
      {
        object: 'public.users',
        key: 'public.users_old',
        message: expect.stringMatching(/^look-alike tables public\.users and public\.users_old: users_old looks like a copy of users/),
      },
    ]);
  });

  it('reports a table that a skipped migration file defines again, or in conflict, on the applied table', async () => {
    const unapplied: UnappliedTable[] = [
      { id: 'public.audit_log', columns: ['id', 'user_id', 'action', 'ts'], file: 'migrations/trust_audit.sql', reason: 'name does not match' },
      { id: 'public.events', columns: ['id', 'occurred_at', 'user_id'], file: 'migrations/telemetry.sql', reason: 'name does not match' },
    ];
    const m = model({ tables: [t('public.audit_logs', 'userId', 'action', 'resource'), t('public.events', 'userId', 'eventType')] });
    const findings = await check(nearDuplicateTables, m, { unappliedTables: unapplied });
    expect(findings.map((f) => [f.object, f.key])).toEqual([
      ['public.audit_logs', 'public.audit_log@migrations/trust_audit.sql'],
      ['public.events', 'public.events@migrations/telemetry.sql'],
    ]);
    expect(findings[0]!.message).toMatch(/^a conflicting definition in a migration file that was not applied: audit_log and audit_logs are the singular and plural/);
    expect(findings[1]!.message).toMatch(/^a second definition in a migration file that was not applied: public\.events is defined again/);
  });

  it('does not report numbered shards, the same name in two schemas, or a child table that starts with the name', async () => {
    const m = model({
      tables: [
        t('public.events_2024', 'name', 'payload'),
        t('public.events_2025', 'name', 'payload'),
        t('billing.accounts', 'owner', 'plan'),
        t('public.accounts', 'owner', 'plan'),
        t('public.user_integrations', 'provider'),
        t('public.users', 'email'),
      ],
    });
    expect(await objects(nearDuplicateTables, m)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples, each finding reviewed (see the rule files for why the near misses stay quiet there).

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'] as const;

async function load(name: string): Promise<{ model: SchemaModel; unapplied: UnappliedTable[] }> {
  const source = `examples/${name}`;
  const resolved = await resolveSource([source], { onWarning: () => {} });
  const unapplied = resolved.kind === 'files' ? await unappliedTables(resolved.discovery) : [];
  return { model: await loadSchema(source, { onWarning: () => {} }), unapplied };
}

describe('the naming rules on the example schemas', () => {
  const found = new Map<string, { rule: string; object: string; message: string; remediation: string | null }[]>();
  beforeAll(async () => {
    for (const name of EXAMPLES) {
      const { model: m, unapplied } = await load(name);
      const result = lint(m, await analyze(m, { unappliedTables: unapplied }), { ruleSet: NAMING_RULES });
      found.set(name, result.findings);
    }
  });
  const pairs = (name: string) => found.get(name)!.map((f) => [f.rule, f.object]);

  it('creator-loyalty: the one generated constraint name PostgreSQL cut at 63 bytes', () => {
    expect(pairs('creator-loyalty')).toEqual([
      ['naming/name-near-length-limit', 'public.missions.missions_client_id_tier_eligibility_mission_type_display_or_key'],
    ]);
  });

  it('giftcard-campaigns and influencer-marketplace: nothing (snake_case throughout, no look-alikes)', () => {
    expect(pairs('giftcard-campaigns')).toEqual([]);
    expect(pairs('influencer-marketplace')).toEqual([]);
  });

  it('privacy-telemetry: seed 001 naming mix and schema conflicts, skipped files included', () => {
    expect(pairs('privacy-telemetry')).toEqual([
      ['naming/mixed-naming-style', 'public'],
      ['naming/near-duplicate-tables', 'public.audit_logs'],
      ['naming/near-duplicate-tables', 'public.audit_logs'],
      ['naming/near-duplicate-tables', 'public.events'],
      ['naming/near-duplicate-tables', 'public.events'],
      ['naming/near-duplicate-tables', 'public.mfa_enforced_sessions'],
      ['naming/name-needs-quotes', 'public'],
    ]);
    const findings = found.get('privacy-telemetry')!;
    expect(findings[0]!.message).toContain('camelCase dominates and 15 columns in 4 tables metrics_daily (7), workflow_runs (4), spend (3), metrics_log (1)');
    expect(findings[0]!.remediation).toContain('ALTER TABLE workflow_runs RENAME COLUMN user_id TO "userId";');
    const messages = findings.filter((f) => f.rule === 'naming/near-duplicate-tables').map((f) => f.message);
    expect(messages.some((m) => m.includes('2025-11-05_trust_audit.sql') && m.includes('audit_log and audit_logs'))).toBe(true);
    expect(messages.some((m) => m.includes('2025-11-05_telemetry.sql') && m.includes('public.events is defined again'))).toBe(true);
    expect(messages.some((m) => m.includes('telemetry_events ends with the whole name events'))).toBe(true);
    expect(findings.at(-1)!.message).toMatch(/^schema public names its columns in camelCase: 105 column names in 25 tables/);
  });

  it('tentabo-prm: two pairs of look-alike tables', () => {
    expect(pairs('tentabo-prm')).toEqual([
      ['naming/near-duplicate-tables', 'public.admin_users'],
      ['naming/near-duplicate-tables', 'public.distributors'],
    ]);
    expect(found.get('tentabo-prm')![1]!.message).toContain('distributors and partners have 8 of 8 columns in common');
  });
});
