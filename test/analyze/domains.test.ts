/**
 * Domains (seed 000's "Tables Summary by Domain"): from config, with its errors, and inferred from name prefixes
 * and the FK graph without letting the tenant root or `users` glue everything into one group.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDomains } from '../../src/analyze/domains.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import type { ForeignKey, Table } from '../../src/model/types.js';
import { fk, model, table } from '../helpers/model.js';

/** A table with an id and one `<ref>_id` column per table it references. */
function t(id: string, refs: string[] = [], extra: Partial<Table> = {}): Table {
  return table(id, ['id uuid pk', ...refs.map((r) => `${r.split('.').pop()}_id uuid`)], extra);
}

/** The FKs of `t()` tables: `from` references each of `refs` through `<ref>_id`. */
function fks(from: string, refs: string[]): ForeignKey[] {
  return refs.map((r) => fk(from, [`${r.split('.').pop()}_id`], r, ['id']));
}

function lookupOf(spec: [string, string[]][], extra: Table[] = []) {
  const tables = [...spec.map(([id, refs]) => t(id, refs)), ...extra];
  return buildLookup(model({ tables, foreignKeys: spec.flatMap(([id, refs]) => fks(id, refs)) }));
}

/** A small CRM: a tenant root and users referenced everywhere, leads, orders, a product catalogue. */
const crm: [string, string[]][] = [
  ['public.clients', []],
  ['public.users', ['public.clients']],
  ['public.leads', ['public.clients', 'public.users']],
  ['public.lead_notes', ['public.leads', 'public.users']],
  ['public.lead_activities', ['public.leads', 'public.clients']],
  ['public.lead_status_history', ['public.leads']],
  ['public.orders', ['public.clients', 'public.users']],
  ['public.order_items', ['public.orders', 'public.products', 'public.clients']],
  ['public.products', ['public.clients']],
  ['public.price_tiers', ['public.products']],
  ['public.otp_codes', ['public.users']],
  ['public.sessions', ['public.users', 'public.clients']],
  ['public.audit_logs', ['public.users', 'public.clients']],
  ['public.api_keys', ['public.clients', 'public.users']],
  ['public.webhook_events', []],
];

describe('analyzeDomains from config', () => {
  const lookup = () =>
    lookupOf([
      ['public.users', []],
      ['public.orders', ['public.users']],
      ['billing.invoices', ['public.orders']],
      ['billing.users', []],
      ['crm.contacts', []],
      ['sales.contacts', []],
    ]);

  it('keeps config order, resolves ids and bare names, and puts the rest in a last group "Other"', () => {
    const domains = analyzeDomains(lookup(), {
      domains: { Sales: ['orders', 'billing.invoices'], People: ['users', 'crm.contacts', 'users'] },
    });
    expect(domains).toEqual({
      source: 'config',
      groups: [
        { name: 'Sales', tables: ['billing.invoices', 'public.orders'], basis: null },
        { name: 'People', tables: ['crm.contacts', 'public.users'], basis: null },
        { name: 'Other', tables: ['billing.users', 'sales.contacts'], basis: null },
      ],
    });
  });

  it('resolves a bare name in the only schema that has it', () => {
    const domains = analyzeDomains(lookup(), { domains: { Billing: ['invoices'] } });
    expect(domains.groups[0]).toEqual({ name: 'Billing', tables: ['billing.invoices'], basis: null });
  });

  it('omits "Other" when every table is listed, and adds to a configured "Other"', () => {
    const all = { A: ['public.users', 'public.orders', 'billing.invoices'], B: ['billing.users', 'crm.contacts', 'sales.contacts'] };
    expect(analyzeDomains(lookup(), { domains: all }).groups.map((g) => g.name)).toEqual(['A', 'B']);
    const other = analyzeDomains(lookup(), { domains: { Other: ['crm.contacts'], A: ['orders'] } });
    expect(other.groups.map((g) => [g.name, g.tables.length])).toEqual([['Other', 5], ['A', 1]]);
  });

  it('throws, naming the domain and the entry, on an unknown or ambiguous table', () => {
    expect(() => analyzeDomains(lookup(), { domains: { Sales: ['orders', 'carts'] } })).toThrow(
      'domains["Sales"]: "carts" is not a table',
    );
    expect(() => analyzeDomains(lookup(), { domains: { CRM: ['contacts'] } })).toThrow(
      'domains["CRM"]: "contacts" is ambiguous (crm.contacts, sales.contacts); write it as schema.table',
    );
  });

  it('throws when a table is listed in two domains', () => {
    expect(() => analyzeDomains(lookup(), { domains: { A: ['orders'], B: ['public.orders'] } })).toThrow(
      'domains["B"]: table public.orders is already in domains["A"]',
    );
  });

  it('says so when an entry names a table that is not analysed', () => {
    const m = model({ tables: [t('public.users'), t('auth.users', [], { origin: 'platform' })] });
    expect(() => analyzeDomains(buildLookup(m), { domains: { A: ['auth.users'] } })).toThrow(
      'domains["A"]: "auth.users" is not an analysed table',
    );
  });

  it('infers when the config names no domain', () => {
    expect(analyzeDomains(lookup(), { domains: {} }).source).toBe('inferred');
  });
});

describe('analyzeDomains inferred', () => {
  it('groups by prefix and FK communities, with hubs that do not glue the groups together', () => {
    // 15 tables: a hub is referenced by at least ⌈14 / 4⌉ = 4 others, so clients (9) and users (7), not leads (3).
    const domains = analyzeDomains(lookupOf(crm), {});
    expect(domains).toEqual({
      source: 'inferred',
      groups: [
        {
          name: 'Users & related',
          tables: ['public.api_keys', 'public.audit_logs', 'public.otp_codes', 'public.sessions', 'public.users'],
          basis: 'FK community around public.users, referenced by 7 of 15 tables',
        },
        {
          name: 'Leads',
          tables: ['public.lead_activities', 'public.lead_notes', 'public.lead_status_history', 'public.leads'],
          basis: 'shared prefix lead_',
        },
        { name: 'Orders', tables: ['public.order_items', 'public.orders'], basis: 'shared prefix order_' },
        { name: 'Products', tables: ['public.price_tiers', 'public.products'], basis: 'FK community around public.products' },
        {
          name: 'Core',
          tables: ['public.clients'],
          basis: 'tables referenced by a large share of the schema: public.clients, referenced by 9 of 15 tables',
        },
        {
          name: 'Other',
          tables: ['public.webhook_events'],
          basis: 'no foreign key to or from another table, and no shared name prefix',
        },
      ],
    });
  });

  it('puts every analysed table in exactly one group', () => {
    const lookup = lookupOf(crm, [t('public.events_2024', [], { partitionOf: 'public.events' })]);
    const all = analyzeDomains(lookup, {}).groups.flatMap((g) => g.tables);
    expect(all.sort()).toEqual([...lookup.tables.keys()].sort());
  });

  it('joins tables to the group they share most FKs with, in waves, and says so in the basis', () => {
    const domains = analyzeDomains(
      lookupOf([
        ['public.workflows', []],
        ['public.workflow_runs', ['public.workflows']],
        ['public.run_logs', ['public.workflow_runs']],
        ['public.log_archives', ['public.run_logs']],
      ]),
      {},
    );
    expect(domains.groups).toEqual([
      {
        name: 'Workflows',
        tables: ['public.log_archives', 'public.run_logs', 'public.workflow_runs', 'public.workflows'],
        basis: 'shared prefix workflow_, plus 2 tables linked by foreign keys',
      },
    ]);
  });

  it('breaks a tie between two groups by group name', () => {
    const domains = analyzeDomains(
      lookupOf([
        ['public.zoo_animals', []],
        ['public.zoo_keepers', []],
        ['public.aqua_tanks', []],
        ['public.aqua_fish', []],
        ['public.feedings', ['public.zoo_animals', 'public.aqua_tanks']],
      ]),
      {},
    );
    expect(domains.groups.find((g) => g.tables.includes('public.feedings'))?.name).toBe('Aqua');
  });

  it('names a linked component without a prefix after its best-linked table', () => {
    const domains = analyzeDomains(
      lookupOf([
        ['public.invoices', []],
        ['public.payments', ['public.invoices']],
        ['public.refunds', ['public.payments']],
      ]),
      {},
    );
    expect(domains.groups).toEqual([
      { name: 'Payments', tables: ['public.invoices', 'public.payments', 'public.refunds'], basis: 'FK community around public.payments' },
    ]);
  });

  it('folds singular and plural in prefixes and names the group as its head table is spelled', () => {
    const domains = analyzeDomains(
      lookupOf([
        ['public.gift_cards', []],
        ['public.gift_card_pools', []],
        ['public.gift_card_brands', []],
        ['public.categories', []],
        ['public.category_rules', []],
        ['public.sms_log', []],
        ['public.sms_templates', []],
      ]),
      {},
    );
    expect(domains.groups.map((g) => [g.name, g.basis])).toEqual([
      ['Gift Cards', 'shared prefix gift_card_'],
      ['Categories', 'shared prefix category_'],
      ['SMS', 'shared prefix sms_'],
    ]);
  });

  it('treats a first word shared by most tables of a schema as a convention', () => {
    const names = ['tbl_users', 'tbl_user_roles', 'tbl_orders', 'tbl_order_items', 'tbl_order_notes', 'tbl_invoices', 'tbl_invoice_lines', 'tbl_products', 'tbl_product_images', 'tbl_settings'];
    const domains = analyzeDomains(lookupOf(names.map((n) => [`public.${n}`, []])), {});
    expect(domains.groups.map((g) => [g.name, g.tables.length])).toEqual([
      ['Orders', 3],
      ['Invoices', 2],
      ['Products', 2],
      ['Users', 2],
      ['Other', 1],
    ]);
  });

  it('keeps groups of two schemas apart and tells same names apart', () => {
    const domains = analyzeDomains(
      lookupOf([
        ['public.leads', []],
        ['public.lead_notes', []],
        ['crm.leads', []],
        ['crm.lead_notes', []],
      ]),
      {},
    );
    expect(domains.groups.map((g) => [g.name, g.tables])).toEqual([
      ['Leads', ['public.lead_notes', 'public.leads']],
      ['Leads (crm)', ['crm.lead_notes', 'crm.leads']],
    ]);
  });

  it('is deterministic', () => {
    const a = analyzeDomains(lookupOf(crm), {});
    const b = analyzeDomains(lookupOf([...crm].reverse()), {});
    expect(b).toEqual(a);
  });

  it('returns no group for an empty schema', () => {
    expect(analyzeDomains(buildLookup(model()), {})).toEqual({ source: 'inferred', groups: [] });
  });
});
