/**
 * The added integrity rules: SET NULL on NOT NULL columns, SET DEFAULT without a usable default, duplicate CHECKs,
 * disabled triggers, CYCLE sequences behind ids, orphan sequences. One SQL fixture applied once (what PostgreSQL
 * prints), the same fixture with every remediation applied (they run and fix what they claim), then the five examples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { buildLookup } from '../../src/analyze/lookup.js';
import { disabledTrigger } from '../../src/lint/rules/integrity/disabled-trigger.js';
import { duplicateCheck } from '../../src/lint/rules/integrity/duplicate-check.js';
import { orphanSequence } from '../../src/lint/rules/integrity/orphan-sequence.js';
import { sequenceCycle, sequenceId } from '../../src/lint/rules/integrity/sequence-cycle.js';
import { setDefaultWithoutDefault } from '../../src/lint/rules/integrity/set-default-without-default.js';
import { setNullOnNotNull } from '../../src/lint/rules/integrity/set-null-on-not-null.js';
import type { Rule } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';
import { check, objects } from '../helpers/lint.js';
import { fk, model, table } from '../helpers/model.js';
import { modelFromSql } from '../helpers/render.js';

const SQL = `
CREATE TABLE parents (id int PRIMARY KEY, code int UNIQUE);
CREATE DOMAIN required_int AS int NOT NULL;
CREATE TABLE sn_bad (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents ON DELETE SET NULL);
CREATE TABLE sn_update (id int PRIMARY KEY, parent_code int NOT NULL REFERENCES parents (code) ON UPDATE SET NULL);
CREATE TABLE sn_domain (id int PRIMARY KEY, parent_id required_int REFERENCES parents ON DELETE SET NULL);
CREATE TABLE sn_ok (id int PRIMARY KEY, parent_id int REFERENCES parents ON DELETE SET NULL ON UPDATE SET NULL);
CREATE TABLE tparents (tenant_id int, id int, PRIMARY KEY (tenant_id, id));
CREATE TABLE sn_list_ok (id int PRIMARY KEY, tenant_id int NOT NULL, parent_id int,
  FOREIGN KEY (tenant_id, parent_id) REFERENCES tparents ON DELETE SET NULL (parent_id));
CREATE TABLE sn_list_bad (id int PRIMARY KEY, tenant_id int, parent_id int NOT NULL,
  FOREIGN KEY (tenant_id, parent_id) REFERENCES tparents ON DELETE SET NULL (parent_id));

CREATE TABLE sd_none_notnull (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents ON DELETE SET DEFAULT);
CREATE TABLE sd_none_nullable (id int PRIMARY KEY, parent_id int REFERENCES parents ON DELETE SET DEFAULT);
CREATE TABLE uparents (id uuid PRIMARY KEY);
CREATE TABLE sd_generator (id int PRIMARY KEY, parent_id uuid NOT NULL DEFAULT gen_random_uuid() REFERENCES uparents ON DELETE SET DEFAULT);
CREATE TABLE sd_ok (id int PRIMARY KEY, parent_id int NOT NULL DEFAULT 0 REFERENCES parents ON DELETE SET DEFAULT);
CREATE DOMAIN parent_ref AS int DEFAULT 0;
CREATE TABLE sd_domain_ok (id int PRIMARY KEY, parent_id parent_ref REFERENCES parents ON DELETE SET DEFAULT);

CREATE TABLE prices (
  amount numeric CHECK (amount > 0),
  low numeric CHECK (low > 0),
  CONSTRAINT amount_positive CHECK ((amount > (0)::numeric)),
  CONSTRAINT amount_small CHECK (amount < 100)
);
CREATE TABLE other_prices (amount numeric CHECK (amount > 0));

CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE audited (id int PRIMARY KEY);
CREATE TRIGGER t_disabled BEFORE INSERT ON audited FOR EACH ROW EXECUTE FUNCTION noop();
CREATE TRIGGER t_replica BEFORE UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION noop();
CREATE TRIGGER t_always BEFORE UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION noop();
CREATE TRIGGER t_on BEFORE DELETE ON audited FOR EACH ROW EXECUTE FUNCTION noop();
ALTER TABLE audited DISABLE TRIGGER t_disabled;
ALTER TABLE audited ENABLE REPLICA TRIGGER t_replica;
ALTER TABLE audited ENABLE ALWAYS TRIGGER t_always;

CREATE TABLE cyc_identity (id int GENERATED ALWAYS AS IDENTITY (CYCLE) PRIMARY KEY);
CREATE SEQUENCE shared_seq CYCLE;
CREATE TABLE cyc_shared (n bigint DEFAULT nextval('shared_seq'));
CREATE TABLE serial_ok (id serial PRIMARY KEY);
CREATE SEQUENCE unused_cycle_seq CYCLE;
CREATE SEQUENCE leftover_seq;
CREATE SEQUENCE fn_seq;
CREATE FUNCTION next_ticket() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('fn_seq') $$;
CREATE SCHEMA billing;
CREATE SEQUENCE billing."Invoice_seq";
CREATE TABLE billing.invoices (no bigint DEFAULT nextval('billing."Invoice_seq"'));
`;

const RULES: Rule[] = [setNullOnNotNull, setDefaultWithoutDefault, duplicateCheck, disabledTrigger, sequenceCycle, orphanSequence];
let m: SchemaModel;
let fixed: SchemaModel;
beforeAll(async () => {
  m = await modelFromSql(SQL);
  const remediations = (await Promise.all(RULES.map((r) => check(r, m)))).flat().map((f) => f.remediation).filter(Boolean);
  fixed = await modelFromSql(`${SQL}\n${remediations.join('\n')}\n`);
});

describe('integrity/set-null-on-not-null', () => {
  it('reports SET NULL (delete or update, listed columns included) that writes NULL into a NOT NULL column or domain', async () => {
    expect(await objects(setNullOnNotNull, m)).toEqual([
      'public.sn_bad.sn_bad_parent_id_fkey',
      'public.sn_domain.sn_domain_parent_id_fkey',
      'public.sn_list_bad.sn_list_bad_tenant_id_parent_id_fkey',
      'public.sn_update.sn_update_parent_code_fkey',
    ]);
    const [f] = await check(setNullOnNotNull, m).then((fs) => fs.filter((x) => x.object === 'public.sn_bad.sn_bad_parent_id_fkey'));
    expect(f!.message).toBe(
      'sn_bad_parent_id_fkey is ON DELETE SET NULL, but public.sn_bad.parent_id is NOT NULL: deleting a public.parents row that a public.sn_bad row references fails with a not-null violation',
    );
    expect(f!.remediation).toMatch(/^ALTER TABLE sn_bad ALTER COLUMN parent_id DROP NOT NULL;\n-- or/);
    const [d] = await check(setNullOnNotNull, m).then((fs) => fs.filter((x) => x.object.startsWith('public.sn_domain.')));
    expect(d!.message).toContain('(by its domain)');
  });

  it('the remediations drop NOT NULL; the domain case is left to the user', async () => {
    expect(await objects(setNullOnNotNull, fixed)).toEqual(['public.sn_domain.sn_domain_parent_id_fkey']);
  });

  it('inline: an FK to a platform table counts; a nullable column does not', async () => {
    const users = table('auth.users', ['id uuid pk'], { origin: 'platform' });
    const posts = table('public.posts', ['id uuid pk', 'author_id uuid notnull', 'editor_id uuid']);
    const x = model({
      tables: [users, posts],
      foreignKeys: [
        fk('public.posts', ['author_id'], 'auth.users', ['id'], { onDelete: 'set null' }),
        fk('public.posts', ['editor_id'], 'auth.users', ['id'], { onDelete: 'set null' }),
      ],
    });
    expect(await objects(setNullOnNotNull, x)).toEqual(['public.posts.posts_author_id_fkey']);
  });
});

describe('integrity/set-default-without-default', () => {
  it('reports no default (NOT NULL: fails; nullable: a SET NULL) and generated defaults; constants and domain defaults pass', async () => {
    const found = await check(setDefaultWithoutDefault, m);
    expect(found.map((f) => f.object).sort()).toEqual([
      'public.sd_generator.sd_generator_parent_id_fkey',
      'public.sd_none_notnull.sd_none_notnull_parent_id_fkey',
      'public.sd_none_nullable.sd_none_nullable_parent_id_fkey',
    ]);
    const by = (t: string) => found.find((f) => f.object.startsWith(`public.${t}.`))!.message;
    expect(by('sd_generator')).toBe(
      'sd_generator_parent_id_fkey is ON DELETE SET DEFAULT, but parent_id defaults to gen_random_uuid(), a new value no public.uparents row has, so the FK re-check fails: deleting a referenced public.uparents row is rejected',
    );
    expect(by('sd_none_nullable')).toBe(
      'sd_none_nullable_parent_id_fkey is ON DELETE SET DEFAULT, but parent_id has no default, so it is set to NULL (the action behaves as SET NULL)',
    );
    expect(by('sd_none_notnull')).toContain('NOT NULL, so the action fails with a not-null violation: deleting');
  });

  it('the remediations (RESTRICT, or SET NULL on a nullable column) apply and leave nothing', async () => {
    expect(await objects(setDefaultWithoutDefault, fixed)).toEqual([]);
    expect(fixed.foreignKeys.find((f) => f.table === 'public.sd_none_nullable')!.onDelete).toBe('set null');
    expect(fixed.foreignKeys.find((f) => f.table === 'public.sd_generator')!.onDelete).toBe('restrict');
  });
});

describe('integrity/duplicate-check', () => {
  it('reports a CHECK with the expression of another on the same table, whatever the spelling; keeps the first by name', async () => {
    const found = await check(duplicateCheck, m);
    expect(found).toEqual([
      {
        object: 'public.prices.prices_amount_check',
        key: 'public.prices.amount_positive',
        message: 'prices_amount_check duplicates amount_positive on public.prices: both are CHECK (amount > 0::numeric)',
        remediation: 'ALTER TABLE prices DROP CONSTRAINT prices_amount_check;',
      },
    ]);
    expect(await objects(duplicateCheck, fixed)).toEqual([]);
  });
});

describe('integrity/disabled-trigger', () => {
  it('reports DISABLEd triggers only (REPLICA and ALWAYS are deliberate)', async () => {
    const found = await check(disabledTrigger, m);
    expect(found.map((f) => f.object)).toEqual(['public.audited.t_disabled']);
    expect(found[0]!.message).toBe('trigger t_disabled on public.audited is disabled: public.noop() never runs BEFORE INSERT (FOR EACH ROW)');
    expect(await objects(disabledTrigger, fixed)).toEqual([]);
    expect(fixed.triggers.find((t) => t.name === 't_disabled')!.enabled).toBe('origin');
  });
});

describe('integrity/sequence-cycle', () => {
  it('reports CYCLE sequences that supply a column (identity or a nextval default), not unused ones', async () => {
    const found = await check(sequenceCycle, m);
    expect(found.map((f) => f.object).sort()).toEqual(['public.cyc_identity_id_seq', 'public.shared_seq']);
    const identity = found.find((f) => f.object === 'public.cyc_identity_id_seq')!;
    expect(identity.message).toBe(
      'sequence public.cyc_identity_id_seq (integer, 1…2147483647) is CYCLE and supplies public.cyc_identity.id: past 2147483647 it restarts at 1, and inserts then fail with duplicate-key errors',
    );
    expect(identity.remediation).toBe('ALTER TABLE cyc_identity ALTER COLUMN id SET NO CYCLE;');
    const shared = found.find((f) => f.object === 'public.shared_seq')!;
    expect(shared.message).toContain('public.cyc_shared.n then silently repeat ids');
    expect(shared.remediation).toBe('ALTER SEQUENCE public.shared_seq NO CYCLE;');
    expect(await objects(sequenceCycle, fixed)).toEqual([]);
  });

  it('reads nextval() names as Postgres prints them', () => {
    expect(sequenceId('shared_seq')).toBe('public.shared_seq');
    expect(sequenceId('billing."Invoice_seq"')).toBe('billing.Invoice_seq');
    expect(sequenceId('"My.Seq"')).toBe('public.My.Seq');
  });
});

describe('integrity/orphan-sequence', () => {
  it('reports sequences no column owns and nothing uses (a function body or a quoted nextval default counts as a use)', async () => {
    const found = await check(orphanSequence, m);
    expect(found.map((f) => f.object).sort()).toEqual(['public.leftover_seq', 'public.unused_cycle_seq']);
    expect(found.find((f) => f.object === 'public.leftover_seq')!.message).toBe(
      'sequence public.leftover_seq is owned by no column and no column default, view or function uses it',
    );
    expect(await objects(orphanSequence, fixed)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The five examples, each finding reviewed: none of them has any of these problems (their SET NULL FKs are all on
// nullable columns, no SET DEFAULT, no duplicate CHECK, no disabled trigger, their sequences are owned and NO CYCLE).

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'] as const;

describe('the added integrity rules on the example schemas', () => {
  const found = new Map<string, string[]>();
  beforeAll(async () => {
    for (const name of EXAMPLES) {
      const x = await loadSchema(`examples/${name}`, { onWarning: () => {} });
      const ctx = { model: x, analysis: await analyze(x), lookup: buildLookup(x) };
      found.set(name, RULES.flatMap((r) => r.check(ctx).map((f) => `${r.meta.id} ${f.object}`)));
    }
  });
  for (const name of EXAMPLES) {
    it(`gives exactly the reviewed findings on ${name}`, () => {
      expect(found.get(name)).toEqual([]);
    });
  }
});
