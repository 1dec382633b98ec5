/**
 * schema/model.schema.json against real models: it compiles in strict mode, the models of the examples (and of a
 * schema with every object kind) validate against it, it rejects drift (a missing key, an unknown value, an extra
 * key), and the keys of each object type in `$defs` are exactly the keys of the model objects of that type.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelToJson } from '../src/model/json.js';
import type { SchemaModel } from '../src/model/types.js';
import { loadSchema } from '../src/source/load.js';

const root = join(import.meta.dirname, '..');

interface JsonSchemaNode {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, unknown>;
}
const schema = JSON.parse(readFileSync(join(root, 'schema', 'model.schema.json'), 'utf8')) as JsonSchemaNode & {
  $defs: Record<string, JsonSchemaNode>;
};

const analysisSchema = JSON.parse(readFileSync(join(root, 'schema', 'analysis.schema.json'), 'utf8')) as object;

// ajv is CommonJS: imported from ESM, its default export is the module object, whose `default` is the class.
const Ajv = Ajv2020.default;
// the model schema's optional `analysis` (written by `doc`) refers to the analysis schema by its $id
const ajv = new Ajv({ strict: true, allErrors: true, schemas: [analysisSchema] });

/** Every object kind the model has, so that every `$defs` object type is seen on a real object. */
const EVERY_KIND = `
CREATE EXTENSION btree_gist;
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'money';
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE DOMAIN billing.cents AS bigint NOT NULL DEFAULT 0 CONSTRAINT cents_positive CHECK (VALUE >= 0);
CREATE TYPE billing.money_pair AS (amount billing.cents, currency billing.currency);
CREATE TABLE billing.accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text COLLATE "C" NOT NULL UNIQUE,
  balance billing.cents,
  code_upper text GENERATED ALWAYS AS (upper(code)) STORED
);
CREATE TABLE billing.entries (
  id bigserial,
  account_id bigint NOT NULL REFERENCES billing.accounts (id) ON DELETE CASCADE,
  booked_at timestamptz NOT NULL,
  PRIMARY KEY (id, booked_at)
) PARTITION BY RANGE (booked_at);
CREATE TABLE billing.entries_2026 PARTITION OF billing.entries FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX entries_account_idx ON billing.entries (account_id, booked_at DESC) INCLUDE (id);
CREATE TABLE billing.holds (account_id bigint, during tstzrange NOT NULL, EXCLUDE USING gist (account_id WITH =, during WITH &&));
CREATE VIEW billing.positive AS SELECT id, code FROM billing.accounts WHERE balance > 0 WITH CASCADED CHECK OPTION;
CREATE MATERIALIZED VIEW billing.totals AS SELECT account_id, count(*) AS n FROM billing.entries GROUP BY account_id;
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql SET search_path = billing, pg_temp AS $$
BEGIN RETURN NEW; END $$;
CREATE PROCEDURE billing.noop() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE billing.total(int) (SFUNC = int4pl, STYPE = int);
CREATE TRIGGER accounts_touch BEFORE UPDATE OF code ON billing.accounts FOR EACH ROW WHEN (NEW.code IS NOT NULL)
  EXECUTE FUNCTION billing.touch();
CREATE ROLE app_reader NOLOGIN;
CREATE ROLE app_user NOLOGIN IN ROLE app_reader;
ALTER TABLE billing.accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON billing.accounts FOR SELECT TO app_user USING (code = current_user);
GRANT USAGE ON SCHEMA billing TO app_user;
GRANT SELECT ON billing.accounts TO app_user WITH GRANT OPTION;
GRANT UPDATE (balance) ON billing.accounts TO app_reader;
GRANT USAGE ON SEQUENCE billing.entries_id_seq TO app_user;
GRANT EXECUTE ON FUNCTION billing.touch() TO app_user;
CREATE PUBLICATION accounts_pub FOR TABLE billing.accounts WITH (publish = 'insert, update');
`;

/** The models, as a consumer sees them: serialised with modelToJson and parsed back. */
const models: Record<string, SchemaModel> = {};
let scratch: string;

beforeAll(async () => {
  const quiet = { cwd: root, onWarning: () => undefined };
  const load = async (source: string) => JSON.parse(modelToJson(await loadSchema(source, quiet))) as SchemaModel;
  // a Supabase project (platform shim, many grants and policies) and one with partitions and views
  models['giftcard-campaigns'] = await load(join(root, 'examples', 'giftcard-campaigns'));
  models['influencer-marketplace'] = await load(join(root, 'examples', 'influencer-marketplace'));
  scratch = mkdtempSync(join(tmpdir(), 'schemaproof-model-schema-'));
  const file = join(scratch, 'every-kind.sql');
  writeFileSync(file, EVERY_KIND);
  models['every-kind'] = await load(file);
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

let compiled: ValidateFunction | undefined;

function check(value: unknown): { valid: boolean; errors: string } {
  const validate = (compiled ??= ajv.compile(schema));
  const valid = validate(value) as boolean;
  const all = validate.errors ?? [];
  const shown = ajv.errorsText(all.slice(0, 40), { separator: '\n' });
  return { valid, errors: all.length > 40 ? `${shown}\n… and ${all.length - 40} more` : shown };
}

describe('schema/model.schema.json', () => {
  it('is a valid draft 2020-12 schema and compiles in strict mode', () => {
    expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
    expect(() => new Ajv({ strict: true, schemas: [analysisSchema] }).compile(schema)).not.toThrow();
  });

  it.each(['giftcard-campaigns', 'influencer-marketplace', 'every-kind'])('validates the model of %s', (name) => {
    const model = models[name]!;
    const { valid, errors } = check(model);
    expect(valid, `${name} does not match the schema:\n${errors}`).toBe(true);
  });

  it('the fixtures cover what they are meant to', () => {
    expect(models['giftcard-campaigns']!.source.platform).toBe('supabase');
    expect(models['influencer-marketplace']!.tables.some((t) => t.partitionOf !== null)).toBe(true);
    const every = models['every-kind']!;
    for (const key of ['extensions', 'domains', 'compositeTypes', 'sequences', 'publications', 'views', 'triggers', 'policies'] as const) {
      expect(every[key].length, key).toBeGreaterThan(0);
    }
  });

  describe('rejects models that drift from the contract', () => {
    const mutate = (change: (m: SchemaModel & Record<string, unknown>) => void) => {
      const copy = structuredClone(models['giftcard-campaigns']!) as SchemaModel & Record<string, unknown>;
      change(copy);
      return copy;
    };
    const cases: [string, (m: SchemaModel & Record<string, unknown>) => void, string][] = [
      ['a table without rls', (m) => { delete (m.tables[0] as Partial<SchemaModel['tables'][0]>).rls; }, "must have required property 'rls'"],
      ['an unknown FK action', (m) => { (m.foreignKeys[0] as { onDelete: string }).onDelete = 'cascade all'; }, 'must be equal to one of the allowed values'],
      ['an extra property on a column', (m) => { (m.tables[0]!.columns[0] as unknown as Record<string, unknown>).extra = true; }, 'must NOT have additional properties'],
      ['an extra top-level key', (m) => { m.extra = []; }, 'must NOT have additional properties'],
      ['another format', (m) => { (m as { format: string }).format = 'schemaproof/model@2'; }, 'must be equal to constant'],
      ['null where a value is required', (m) => { (m.tables[0] as { owner: unknown }).owner = null; }, 'must be string'],
      ['an unknown origin', (m) => { (m.functions[0] as { origin: string }).origin = 'system'; }, 'must be equal to one of the allowed values'],
    ];
    it.each(cases)('%s', (_name, change, message) => {
      const { valid, errors } = check(mutate(change));
      expect(valid).toBe(false);
      expect(errors).toContain(message);
    });
  });
});

describe('schema $defs and the model objects have the same keys', () => {
  /** For each object type in `$defs`: where its instances are in a model. */
  const instances: Record<string, (m: SchemaModel) => object[]> = {
    ModelSource: (m) => [m.source],
    Engine: (m) => [m.engine],
    Settings: (m) => [m.settings],
    Schema: (m) => m.schemas,
    Extension: (m) => m.extensions,
    Table: (m) => m.tables,
    RowSecurity: (m) => m.tables.map((t) => t.rls),
    Column: (m) => m.tables.flatMap((t) => t.columns),
    Constraint: (m) => m.constraints,
    ForeignKey: (m) => m.foreignKeys,
    Index: (m) => m.indexes,
    IndexKey: (m) => m.indexes.flatMap((i) => i.keys),
    View: (m) => m.views,
    ViewColumn: (m) => m.views.flatMap((v) => v.columns),
    Function: (m) => m.functions,
    Trigger: (m) => m.triggers,
    Policy: (m) => m.policies,
    Enum: (m) => m.enums,
    Domain: (m) => m.domains,
    DomainConstraint: (m) => m.domains.flatMap((d) => d.constraints),
    CompositeType: (m) => m.compositeTypes,
    CompositeAttribute: (m) => m.compositeTypes.flatMap((c) => c.attributes),
    Sequence: (m) => m.sequences,
    Grant: (m) => m.grants,
    Role: (m) => m.roles,
    Publication: (m) => m.publications,
  };
  const objectDefs = Object.entries(schema.$defs).filter(([, def]) => def.type === 'object');
  const sorted = (keys: Iterable<string>) => [...keys].sort();

  it('every object type in $defs is checked here', () => {
    expect(sorted(Object.keys(instances))).toEqual(sorted(objectDefs.map(([name]) => name)));
  });

  it('every key is required, except the optional keys of source', () => {
    for (const [name, def] of [['(root)', schema] as const, ...objectDefs]) {
      const optional = Object.keys(def.properties ?? {}).filter((k) => !def.required?.includes(k));
      expect(optional, name).toEqual(name === 'ModelSource' ? ['layout', 'files', 'platform', 'skipped'] : name === '(root)' ? ['analysis'] : []);
      expect(def.required!.every((k) => k in def.properties!), name).toBe(true);
    }
  });

  it('the top level has exactly the schema properties', () => {
    for (const model of Object.values(models)) {
      expect(sorted(Object.keys(model))).toEqual(sorted(Object.keys(schema.properties!).filter((k) => k !== 'analysis')));
    }
  });

  it.each(objectDefs.map(([name]) => name))('%s', (name) => {
    const def = schema.$defs[name]!;
    const objects = Object.values(models).flatMap((m) => instances[name]!(m));
    expect(objects.length, `no ${name} in the test models`).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const object of objects) {
      const keys = Object.keys(object);
      for (const k of keys) seen.add(k);
      expect(keys.filter((k) => !(k in def.properties!)), `${name} keys missing from the schema`).toEqual([]);
      expect(def.required!.filter((k) => !keys.includes(k)), `${name} keys the model did not write`).toEqual([]);
    }
    expect(sorted(seen)).toEqual(sorted(Object.keys(def.properties!)));
  });
});
