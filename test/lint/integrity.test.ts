/**
 * The integrity rules: open status columns, updated_at without a trigger, NOT NULL FKs that force reassignment,
 * cascades into tables that must be kept, audit trails that cascade away, order-dependent deletes. One SQL fixture
 * applied once (CHECKs, domains and trigger functions as PostgreSQL prints them), then the five example schemas.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { lint } from '../../src/lint/engine.js';
import { auditRowsCascade } from '../../src/lint/rules/integrity/audit-rows-cascade.js';
import { cascadeIntoKeptTable } from '../../src/lint/rules/integrity/cascade-into-kept-table.js';
import { fkMustReassign } from '../../src/lint/rules/integrity/fk-must-reassign.js';
import { INTEGRITY_RULES } from '../../src/lint/rules/integrity/index.js';
import { orderDependentDelete } from '../../src/lint/rules/integrity/order-dependent-delete.js';
import { objectName } from '../../src/lint/rules/integrity/sql.js';
import { commentValues, statusWithoutClosedValues } from '../../src/lint/rules/integrity/status-without-closed-values.js';
import { updatedAtWithoutTrigger } from '../../src/lint/rules/integrity/updated-at-without-trigger.js';
import type { Finding } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { modelFromSql } from '../helpers/render.js';

const SQL = `
-- status columns ----------------------------------------------------------------------------------------------
CREATE TYPE order_state AS ENUM ('new', 'paid');
CREATE DOMAIN ticket_phase AS text CHECK (VALUE IN ('open', 'closed'));
CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 100);
CREATE TABLE statuses (code text PRIMARY KEY);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  status text NOT NULL DEFAULT 'pending',
  payment_status text CHECK (payment_status IN ('due', 'paid')),
  fulfilment_stage varchar(20),
  review_phase ticket_phase,
  note_phase short_text,
  state order_state,
  shipping_state text,
  shipping_city text,
  old_status text,
  to_status text,
  lifecycle_status text REFERENCES statuses (code),
  status_message text,
  status_history text[],
  approval_status text CHECK (approval_status <> ''),
  kind text,
  CHECK (fulfilment_stage IN ('picked', 'packed') AND id > 0)
);

-- updated_at --------------------------------------------------------------------------------------------------
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE FUNCTION log_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'row %', NEW.id;
  RETURN NEW;
END $$;
CREATE FUNCTION touch_any() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW := jsonb_populate_record(NEW, jsonb_build_object('modified_at', now()));
  RETURN NEW;
END $$;
CREATE TABLE touched (id int PRIMARY KEY, updated_at timestamptz DEFAULT now(), payment_info_updated_at timestamptz);
CREATE TRIGGER touch BEFORE UPDATE ON touched FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TABLE logged (id int PRIMARY KEY, updated_at timestamptz DEFAULT now());
CREATE TRIGGER log_changes BEFORE UPDATE ON logged FOR EACH ROW EXECUTE FUNCTION log_only();
CREATE TABLE touched_after (id int PRIMARY KEY, updated_at timestamptz);
CREATE TRIGGER touch_late AFTER UPDATE ON touched_after FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TABLE touched_off (id int PRIMARY KEY, updated_at timestamp);
CREATE TRIGGER touch_off BEFORE UPDATE ON touched_off FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
ALTER TABLE touched_off DISABLE TRIGGER touch_off;
CREATE TABLE touched_whole (id int PRIMARY KEY, modified_at timestamptz);
CREATE TRIGGER touch_whole BEFORE UPDATE ON touched_whole FOR EACH ROW EXECUTE FUNCTION touch_any();
CREATE TABLE "camelRows" (id int PRIMARY KEY, "updatedAt" timestamptz, updated_at_text text);

-- deletes -----------------------------------------------------------------------------------------------------
CREATE TABLE people (id int PRIMARY KEY);
CREATE TABLE leads (id int PRIMARY KEY, owner_id int NOT NULL REFERENCES people (id));
CREATE TABLE notes (id int PRIMARY KEY, author_id int NOT NULL REFERENCES people (id) ON DELETE RESTRICT, editor_id int REFERENCES people (id));
CREATE TABLE archived_people (id int PRIMARY KEY, deleted_at timestamptz);
CREATE TABLE memos (id int PRIMARY KEY, person_id int NOT NULL REFERENCES archived_people (id));
CREATE TABLE locked (id int PRIMARY KEY);
ALTER TABLE locked ENABLE ROW LEVEL SECURITY;
CREATE POLICY locked_read ON locked FOR SELECT USING (true);
CREATE TABLE locked_children (id int PRIMARY KEY, locked_id int NOT NULL REFERENCES locked (id));

CREATE TABLE accounts (id int PRIMARY KEY);
CREATE TABLE projects (id int PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE);
CREATE TABLE project_audit_log (id int PRIMARY KEY, project_id int NOT NULL REFERENCES projects (id) ON DELETE CASCADE);
CREATE TABLE project_history (id int PRIMARY KEY, project_id int REFERENCES projects (id) ON DELETE SET NULL);
CREATE TABLE invoices (id int PRIMARY KEY, project_id int REFERENCES projects (id) ON DELETE CASCADE);
CREATE TABLE payment_methods (id int PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE);
CREATE TABLE login_events (id int PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE);

CREATE TABLE parents (id int PRIMARY KEY, tenant int NOT NULL, UNIQUE (id, tenant));
CREATE TABLE kids (
  id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents (id) ON DELETE CASCADE, tenant int NOT NULL,
  FOREIGN KEY (parent_id, tenant) REFERENCES parents (id, tenant)
);
CREATE TABLE kids_agreeing (
  id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents (id) ON DELETE CASCADE, tenant int NOT NULL,
  FOREIGN KEY (parent_id, tenant) REFERENCES parents (id, tenant) ON DELETE CASCADE
);
`;

let m: SchemaModel;
beforeAll(async () => {
  m = await modelFromSql(SQL);
});

describe('integrity/status-without-closed-values', () => {
  it('reports text status columns nothing closes: no CHECK, a CHECK that lists no values, a domain that lists none', async () => {
    expect(await objects(statusWithoutClosedValues, m)).toEqual(['public.orders.approval_status', 'public.orders.note_phase', 'public.orders.status']);
    const status = (await check(statusWithoutClosedValues, m)).find((f) => f.object === 'public.orders.status')!;
    expect(status.message).toBe(
      'public.orders.status (text) holds a status, but nothing closes its values: no CHECK, enum, domain or FK limits it, so any string is accepted',
    );
    expect(status.remediation).toBe(
      [
        '-- the values in use:',
        'SELECT status, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC;',
        '-- then list them in place of <…> and run (NOT VALID skips the scan of existing rows; VALIDATE checks them after):',
        "-- ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('pending', <the other values>)) NOT VALID;",
        '-- ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;',
      ].join('\n'),
    );
  });

  it('closes the values when the schema names them (a comment listing them, an enum of the column\'s name), and validates', async () => {
    const sql = `
      CREATE TYPE delivery_status AS ENUM ('queued', 'sent', 'failed');
      CREATE TABLE deliveries (id int PRIMARY KEY, delivery_status text NOT NULL DEFAULT 'queued');
      CREATE TABLE disputes (id int PRIMARY KEY, dispute_status varchar(50), gift_status text DEFAULT 'spent');
      COMMENT ON COLUMN disputes.dispute_status IS 'null, pending, resolved or escalated';
      COMMENT ON COLUMN disputes.gift_status IS 'available / claimed / delivered'; -- the default is not among them: not trusted
    `;
    const x = await modelFromSql(sql);
    const found = await check(statusWithoutClosedValues, x);
    expect(found.map((f) => [f.object, f.remediation])).toEqual([
      [
        'public.deliveries.delivery_status',
        [
          '-- the values in use:',
          'SELECT delivery_status, count(*) FROM deliveries GROUP BY 1 ORDER BY 2 DESC;',
          '-- the values the enum public.delivery_status lists (rows with other values make VALIDATE fail: fix them, or add the value):',
          "ALTER TABLE deliveries ADD CONSTRAINT deliveries_delivery_status_check CHECK (delivery_status IN ('queued', 'sent', 'failed')) NOT VALID;",
          'ALTER TABLE deliveries VALIDATE CONSTRAINT deliveries_delivery_status_check;',
        ].join('\n'),
      ],
      [
        'public.disputes.dispute_status',
        [
          '-- the values in use:',
          'SELECT dispute_status, count(*) FROM disputes GROUP BY 1 ORDER BY 2 DESC;',
          '-- the values its comment lists (rows with other values make VALIDATE fail: fix them, or add the value):',
          "ALTER TABLE disputes ADD CONSTRAINT disputes_dispute_status_check CHECK (dispute_status IN ('pending', 'resolved', 'escalated')) NOT VALID;",
          'ALTER TABLE disputes VALIDATE CONSTRAINT disputes_dispute_status_check;',
        ].join('\n'),
      ],
      [
        'public.disputes.gift_status',
        [
          '-- the values in use:',
          'SELECT gift_status, count(*) FROM disputes GROUP BY 1 ORDER BY 2 DESC;',
          '-- then list them in place of <…> and run (NOT VALID skips the scan of existing rows; VALIDATE checks them after):',
          "-- ALTER TABLE disputes ADD CONSTRAINT disputes_gift_status_check CHECK (gift_status IN ('spent', <the other values>)) NOT VALID;",
          '-- ALTER TABLE disputes VALIDATE CONSTRAINT disputes_gift_status_check;',
        ].join('\n'),
      ],
    ]);
    // Every remediation runs as it is; with the values known, the column is closed afterwards.
    const fixed = await modelFromSql(`${sql}\n${found.map((f) => f.remediation).join('\n')}\n`);
    expect(await objects(statusWithoutClosedValues, fixed)).toEqual(['public.disputes.gift_status']);
  });

  it('commentValues(): a comment that is only a list of values', () => {
    expect(commentValues('null, pending, resolved or escalated')).toEqual(['pending', 'resolved', 'escalated']);
    expect(commentValues('available / claimed / delivered')).toEqual(['available', 'claimed', 'delivered']);
    expect(commentValues('State machine: claimable -> claimed -> fulfilled -> concluded (TERMINAL); claimed -> rejected (TERMINAL).')).toEqual([
      'claimable', 'claimed', 'fulfilled', 'concluded', 'rejected',
    ]);
    expect(commentValues("one of 'draft', 'live'")).toBeNull(); // prose before the list
    expect(commentValues('Opt-in tracking')).toBeNull();
    expect(commentValues('pending')).toBeNull();
  });

  it('leaves out closed sets (CHECK on one or several columns, enum, domain, FK), addresses, history copies, arrays, other words', async () => {
    const reported = await objects(statusWithoutClosedValues, m);
    for (const near of ['payment_status', 'fulfilment_stage', 'review_phase', 'state', 'lifecycle_status', 'shipping_state', 'old_status', 'to_status', 'status_message', 'status_history', 'kind']) {
      expect(reported, near).not.toContain(`public.orders.${near}`);
    }
  });
});

describe('integrity/updated-at-without-trigger', () => {
  it('reports updated_at columns no enabled BEFORE UPDATE row trigger sets, saying which triggers do not', async () => {
    expect(await objects(updatedAtWithoutTrigger, m)).toEqual([
      'public.camelRows.updatedAt',
      'public.logged.updated_at',
      'public.touched_after.updated_at',
      'public.touched_off.updated_at',
    ]);
    const findings = await check(updatedAtWithoutTrigger, m);
    const logged = findings.find((f) => f.object === 'public.logged.updated_at')!;
    expect(logged.message).toBe(
      'no BEFORE UPDATE row trigger on public.logged sets updated_at: it keeps its insert-time value unless every UPDATE sets it (log_changes fires on update but does not touch it)',
    );
    // the schema's own maintainer is reused
    expect(logged.remediation).toBe('CREATE TRIGGER set_updated_at BEFORE UPDATE ON logged FOR EACH ROW EXECUTE FUNCTION touch_updated_at();');
    expect(findings.find((f) => f.object === 'public.touched_off.updated_at')!.message).toContain('(touch_off would, but is disabled)');
    // no function maintains "updatedAt" yet: one is written for it
    expect(findings.find((f) => f.object === 'public.camelRows.updatedAt')!.remediation).toBe(
      [
        'CREATE OR REPLACE FUNCTION "set_updatedAt"() RETURNS trigger LANGUAGE plpgsql AS $$',
        'BEGIN',
        '  NEW."updatedAt" := now();',
        '  RETURN NEW;',
        'END',
        '$$;',
        'CREATE TRIGGER set_updated_at BEFORE UPDATE ON "camelRows" FOR EACH ROW EXECUTE FUNCTION "set_updatedAt"();',
      ].join('\n'),
    );
  });

  it('does not report a maintained column, a function that assigns the whole NEW row, or columns that only look alike', async () => {
    const reported = await objects(updatedAtWithoutTrigger, m);
    for (const near of ['public.touched.updated_at', 'public.touched.payment_info_updated_at', 'public.touched_whole.modified_at', 'public.camelRows.updated_at_text']) {
      expect(reported).not.toContain(near);
    }
  });
});

describe('integrity/fk-must-reassign', () => {
  it('reports a NOT NULL FK without ON DELETE rule to a deletable parent, with RESTRICT as the stated intent', async () => {
    const findings = await check(fkMustReassign, m);
    expect(findings.map((f) => f.object)).toEqual(['public.leads.leads_owner_id_fkey']);
    expect(findings[0]!.message).toBe(
      'public.leads (owner_id) → public.people is NOT NULL with no ON DELETE rule: rows must be reassigned before the parent is deleted — ' +
        'deleting a public.people row fails while public.leads rows reference it',
    );
    expect(findings[0]!.remediation).toBe(
      'ALTER TABLE leads DROP CONSTRAINT leads_owner_id_fkey, ADD CONSTRAINT leads_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES people (id) ON DELETE RESTRICT NOT VALID;\n' +
        'ALTER TABLE leads VALIDATE CONSTRAINT leads_owner_id_fkey;',
    );
  });

  it('does not report RESTRICT, nullable FKs, soft-deleted parents, parents RLS lets nobody delete, or FKs a cascade sibling covers', async () => {
    const reported = await objects(fkMustReassign, m);
    for (const near of ['notes_author_id_fkey', 'notes_editor_id_fkey', 'memos_person_id_fkey', 'locked_children_locked_id_fkey', 'kids_parent_id_tenant_fkey']) {
      expect(reported.some((o) => o.endsWith(near)), near).toBe(false);
    }
  });

  it('does not report the tenant FK of a tenant table: tenant rows go with the tenant, they are not reassigned', async () => {
    const tenantModel = await modelFromSql(`
      CREATE TABLE clients (id int PRIMARY KEY);
      CREATE TABLE users (id int PRIMARY KEY, client_id int NOT NULL REFERENCES clients (id));
      CREATE TABLE videos (id int PRIMARY KEY, client_id int NOT NULL REFERENCES clients (id), user_id int NOT NULL REFERENCES users (id));
    `);
    const options = { tenant: { root: 'public.clients', column: 'client_id' } };
    expect(await objects(fkMustReassign, tenantModel, options)).toEqual(['public.videos.videos_user_id_fkey']);
    expect(await objects(fkMustReassign, tenantModel, { tenant: null })).toHaveLength(3);
  });
});

describe('integrity/cascade-into-kept-table and integrity/audit-rows-cascade', () => {
  it('reports the FK that starts a cascade chain into a kept table, from the top of the chain, with the path', async () => {
    const findings = await check(cascadeIntoKeptTable, m);
    expect(findings.map((f) => f.object)).toEqual(['public.projects.projects_account_id_fkey']);
    expect(findings[0]!.message).toBe(
      'deleting a public.accounts row deletes rows of public.invoices, public.project_audit_log, whose names say their rows must be kept: ' +
        'accounts → projects → invoices; accounts → projects → project_audit_log (every step ON DELETE CASCADE, starting with projects_account_id_fkey)',
    );
    // break each chain at the kept table: SET NULL where its FK may be NULL, else RESTRICT
    expect(findings[0]!.remediation).toContain('ADD CONSTRAINT invoices_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE SET NULL NOT VALID;');
    expect(findings[0]!.remediation).toContain('ADD CONSTRAINT project_audit_log_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE RESTRICT NOT VALID;');
  });

  it('reports an audit table that cascades from its subject (and leaves that direct step to that rule)', async () => {
    const findings = await check(auditRowsCascade, m);
    expect(findings.map((f) => f.object)).toEqual(['public.project_audit_log.project_audit_log_project_id_fkey']);
    expect(findings[0]!.message).toBe(
      'public.project_audit_log (project_id) → public.projects is ON DELETE CASCADE: deleting a public.projects row deletes its project_audit_log rows, so the trail vanishes with its subject',
    );
  });

  it('does not report SET NULL histories, configuration tables (payment_methods) or events that are not logs', async () => {
    const kept = [...(await objects(cascadeIntoKeptTable, m)), ...(await objects(auditRowsCascade, m))];
    expect(kept.some((o) => /project_history|payment_methods|login_events/.test(o))).toBe(false);
  });
});

describe('integrity/order-dependent-delete', () => {
  it('reports a NO ACTION FK beside a CASCADE FK over the same rows, with CASCADE as the fix', async () => {
    const findings = await check(orderDependentDelete, m);
    expect(findings.map((f) => f.object)).toEqual(['public.kids.kids_parent_id_tenant_fkey']);
    expect(findings[0]!.message).toBe(
      'deleting a public.parents row succeeds or fails depending on constraint creation order: kids_parent_id_fkey (ON DELETE CASCADE) ' +
        'deletes the public.kids rows that kids_parent_id_tenant_fkey (NO ACTION) checks for, but PostgreSQL may run the check first',
    );
    expect(findings[0]!.remediation).toContain('FOREIGN KEY (parent_id, tenant) REFERENCES parents (id, tenant) ON DELETE CASCADE NOT VALID;');
  });
});

describe('generated names (remediations name what they create)', () => {
  it("cuts the longer part the way PostgreSQL's makeObjectName does", () => {
    expect(objectName('missions', 'client_id_tier_eligibility_mission_type_display_order', 'key')).toBe(
      'missions_client_id_tier_eligibility_mission_type_display_or_key',
    );
    expect(objectName('users', 'id_client_id', 'key')).toBe('users_id_client_id_key');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples, each finding reviewed.

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'] as const;

describe('the integrity rules on the example schemas', () => {
  const found = new Map<string, Finding[]>();
  beforeAll(async () => {
    for (const name of EXAMPLES) {
      const model = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      found.set(name, lint(model, await analyze(model), { ruleSet: INTEGRITY_RULES }).findings);
    }
  });
  const byRule = (name: string) => {
    const out: Record<string, string[]> = {};
    for (const f of found.get(name)!) (out[f.rule] ??= []).push(f.object);
    return out;
  };

  it('creator-loyalty: the boost history cascades away, order-dependent guards, no updated_at triggers, user FKs to reassign', () => {
    expect(byRule('creator-loyalty')).toEqual({
      'integrity/audit-rows-cascade': ['public.commission_boost_state_history.commission_boost_state_history_boost_redemption_id_fkey'],
      'integrity/cascade-into-kept-table': [
        'public.mission_progress.mission_progress_mission_id_fkey',
        'public.redemptions.redemptions_client_id_fkey',
        'public.redemptions.redemptions_reward_id_fkey',
        'public.redemptions.redemptions_user_id_fkey',
      ],
      'integrity/order-dependent-delete': [
        'public.commission_boost_redemptions.commission_boost_redemptions_redemption_id_client_id_fkey',
        'public.physical_gift_redemptions.physical_gift_redemptions_redemption_id_client_id_fkey',
        'public.raffle_participations.raffle_participations_redemption_id_client_id_fkey',
      ],
      'integrity/updated-at-without-trigger': [
        'public.clients.updated_at',
        'public.commission_boost_redemptions.updated_at',
        'public.mission_progress.updated_at',
        'public.missions.updated_at',
        'public.physical_gift_redemptions.updated_at',
        'public.raffle_participations.updated_at',
        'public.redemptions.updated_at',
        'public.rewards.updated_at',
        'public.tiers.updated_at',
        'public.users.updated_at',
        'public.videos.updated_at',
      ],
      'integrity/fk-must-reassign': [
        'public.handle_changes.handle_changes_user_id_fkey',
        'public.missions.missions_reward_id_fkey',
        'public.sales_adjustments.sales_adjustments_adjusted_by_fkey',
        'public.sales_adjustments.sales_adjustments_user_id_fkey',
        'public.tier_checkpoints.tier_checkpoints_user_id_fkey',
        'public.videos.videos_user_id_fkey',
      ],
    });
    const fromClients = found.get('creator-loyalty')!.find((f) => f.object === 'public.redemptions.redemptions_client_id_fkey')!;
    expect(fromClients.message).toContain('clients → redemptions → commission_boost_redemptions → commission_boost_state_history');
  });

  it('giftcard-campaigns: audit logs and SMS logs cascade, tenant deletes reach them, six open statuses, one brand FK', () => {
    expect(byRule('giftcard-campaigns')).toEqual({
      'integrity/audit-rows-cascade': [
        'public.gift_card_audit_log.gift_card_audit_log_gift_card_id_fkey',
        'public.gift_card_balance_history.gift_card_balance_history_gift_card_id_fkey',
        'public.recipient_audit_log.recipient_audit_log_recipient_id_fkey',
        'public.sms_delivery_log.sms_delivery_log_campaign_id_fkey',
        'public.sms_opt_in_log.sms_opt_in_log_campaign_id_fkey',
        'public.sms_opt_in_log.sms_opt_in_log_recipient_id_fkey',
      ],
      'integrity/cascade-into-kept-table': [
        'public.audiences.audiences_client_id_fkey',
        'public.campaigns.campaigns_client_id_fkey',
        'public.credit_accounts.credit_accounts_org_id_fkey',
        'public.gift_card_pools.gift_card_pools_client_id_fkey',
      ],
      'integrity/status-without-closed-values': [
        'public.call_sessions.call_status',
        'public.contact_campaign_participation.participation_status',
        'public.gift_card_deliveries.delivery_status',
        'public.recipients.sms_opt_in_status',
        'public.sms_delivery_log.delivery_status',
        'public.sms_opt_in_log.status',
      ],
      'integrity/fk-must-reassign': ['public.gift_card_pools.gift_card_pools_brand_id_fkey'],
    });
  });

  it('influencer-marketplace: the comment-only dispute_status, and FKs to users, campaigns and offers to reassign', () => {
    expect(byRule('influencer-marketplace')).toEqual({
      'integrity/status-without-closed-values': ['public.contracts.dispute_status'],
      'integrity/fk-must-reassign': [
        'public.audit_logs.audit_logs_actor_id_fkey',
        'public.contracts.contracts_campaign_id_fkey',
        'public.contracts.contracts_influencer_id_fkey',
        'public.contracts.contracts_offer_id_fkey',
        'public.deliverables.deliverables_campaign_id_fkey',
        'public.influencer_stats_history.influencer_stats_history_user_id_fkey',
        'public.metric_snapshots.metric_snapshots_campaign_id_fkey',
        'public.offers.offers_campaign_id_fkey',
        'public.offers.offers_influencer_id_fkey',
        'public.payments.payments_campaign_id_fkey',
        'public.payments.payments_payee_id_fkey',
        'public.payments.payments_payer_id_fkey',
      ],
    });
  });

  it('privacy-telemetry: the four updatedAt tables the seed gives no trigger, and the NO ACTION FKs to users and workflows', () => {
    const rules = byRule('privacy-telemetry');
    expect(rules['integrity/updated-at-without-trigger']).toEqual([
      'public.organization_members.updatedAt',
      'public.organizations.updatedAt',
      'public.user_integrations.updatedAt',
      'public.workflows.updatedAt',
    ]);
    expect(rules['integrity/fk-must-reassign']).toHaveLength(20);
    expect(Object.keys(rules).sort()).toEqual(['integrity/fk-must-reassign', 'integrity/updated-at-without-trigger']);
    const organizations = found.get('privacy-telemetry')!.find((f) => f.object === 'public.organizations.updatedAt')!;
    // the schema's update_updated_at_column() (it sets NEW through jsonb_populate_record) is reused
    expect(organizations.remediation).toBe(
      'CREATE TRIGGER set_updated_at BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();',
    );
  });

  it('tentabo-prm: status history and sync logs cascade, no updated_at triggers, orders and products to reassign (users are soft-deleted)', () => {
    expect(byRule('tentabo-prm')).toEqual({
      'integrity/audit-rows-cascade': [
        'public.lead_status_history.lead_status_history_lead_id_fkey',
        'public.provider_sync_logs.provider_sync_logs_provider_config_id_fkey',
      ],
      'integrity/updated-at-without-trigger': [
        'public.admin_users.updated_at',
        'public.contracts.updated_at',
        'public.distributor_partners.updated_at',
        'public.distributors.updated_at',
        'public.durations.updated_at',
        'public.lead_notes.updated_at',
        'public.leads.updated_at',
        'public.notes.updated_at',
        'public.order_items.updated_at',
        'public.orders.updated_at',
        'public.partners.updated_at',
        'public.price_tiers.updated_at',
        'public.products.updated_at',
        'public.provider_configs.updated_at',
        'public.users.updated_at',
      ],
      'integrity/fk-must-reassign': ['public.contracts.contracts_order_id_fkey', 'public.order_items.order_items_product_id_fkey'],
    });
  });
});
