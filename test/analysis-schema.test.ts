/**
 * schema/analysis.schema.json against real analyses: it compiles in strict mode (alone, and referenced from
 * schema/model.schema.json), the analyses of three examples and of an inline schema built to reach the variants the
 * examples lack validate against it, a `schema.json` (the model with `analysis` beside it) validates against the
 * model schema, drift is rejected (an unknown key, an unknown value, a missing rule key), and the keys and closed
 * sets of the schema are exactly what the analysis writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import type { Analysis, AnalysisOptions } from '../src/analyze/types.js';
import { modelToJson } from '../src/model/json.js';
import type { SchemaModel } from '../src/model/types.js';
import { loadSchema, resolveSource } from '../src/source/load.js';
import { unappliedTables } from '../src/source/unapplied.js';
import { analysisOf } from './helpers/analysis.js';
import { fk, model, policy, table } from './helpers/model.js';

const root = join(import.meta.dirname, '..');

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, JsonSchemaNode>;
}
type RootSchema = JsonSchemaNode & { $id: string; $defs: Record<string, JsonSchemaNode> };
const readSchema = (file: string) => JSON.parse(readFileSync(join(root, 'schema', file), 'utf8')) as RootSchema;
const analysisSchema = readSchema('analysis.schema.json');
const modelSchema = readSchema('model.schema.json');

// ajv is CommonJS: imported from ESM, its default export is the module object, whose `default` is the class.
const Ajv = Ajv2020.default;

/** Both schemas in one ajv instance: the model schema's `analysis` resolves `urn:schemaproof:analysis@1` by `$id`. */
function strictAjv() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajv.addSchema(analysisSchema);
  ajv.addSchema(modelSchema);
  return ajv;
}
const ajv = strictAjv();

function checker(id: string): (value: unknown) => { valid: boolean; errors: string } {
  let compiled: ValidateFunction | undefined;
  return (value) => {
    const validate = (compiled ??= ajv.getSchema(id)!);
    const valid = validate(value) as boolean;
    const all = validate.errors ?? [];
    const shown = ajv.errorsText(all.slice(0, 40), { separator: '\n' });
    return { valid, errors: all.length > 40 ? `${shown}\n… and ${all.length - 40} more` : shown };
  };
}
const checkAnalysis = checker(analysisSchema.$id);
const checkModel = checker(modelSchema.$id);

/**
 * What the examples do not reach: a cycle of each kind of break, every ON DELETE rule, every cardinality, every
 * isolation verdict and policy filter, an inferred tenant (with an accepted candidate), a table that inherits it only
 * through a nullable FK, an FK to a platform table, configured domains, every naming style.
 */
function variantsModel(): SchemaModel {
  const rlsOn = { rls: { enabled: true, forced: false } };
  const byTenant = "tenant_id = current_setting('app.tenant')::uuid";
  const cycle = (n: number, leftNullable: boolean) => [
    table(`public.cycle${n}_left`, ['id uuid pk', `right_id uuid ${leftNullable ? 'null' : 'notnull'}`]),
    table(`public.cycle${n}_right`, ['id uuid pk', 'left_id uuid notnull']),
  ];
  const cycleFks = (n: number, deferrable: boolean) => [
    fk(`public.cycle${n}_left`, ['right_id'], `public.cycle${n}_right`, ['id'], { deferrable }),
    fk(`public.cycle${n}_right`, ['left_id'], `public.cycle${n}_left`, ['id']),
  ];
  return model({
    tables: [
      table('public.tenants', ['id uuid pk', 'name text']),
      table('public.projects', ['id uuid pk', 'tenant_id uuid notnull', 'parent_id uuid'], rlsOn),
      table('public.invoices', ['id uuid pk', 'tenant_id uuid notnull', 'project_id uuid'], rlsOn),
      table('public.invoice_details', ['invoice_id uuid pk', 'note text']),
      table('public.invoice_lines', ['id uuid pk', 'invoice_id uuid notnull']),
      table('public.invoice_notes', ['id uuid pk', 'invoice_id uuid', 'author_id uuid notnull']),
      table('auth.users', ['id uuid pk'], { origin: 'platform' }),
      table('public.files', ['id uuid pk', 'tenant_id uuid notnull'], rlsOn),
      table('public.secrets', ['id uuid pk', 'tenant_id uuid notnull'], rlsOn),
      table('public.exports', ['id uuid pk', 'tenant_id uuid notnull', 'project_id uuid notnull']),
      table('public.tags', ['id uuid pk', 'label text']),
      table('public.project_tags', ['project_id uuid pk', 'tag_id uuid pk', 'added_at timestamptz']),
      table('public.styles', ['id uuid pk', 'createdAt timestamptz', 'LEGACY_CODE text', 'DisplayName text', 'Bad-Name text']),
      ...cycle(1, true),
      ...cycle(2, false),
      ...cycle(3, true),
      ...cycle(4, false),
    ],
    foreignKeys: [
      ...['projects', 'invoices', 'files', 'secrets', 'exports'].map((t) => fk(`public.${t}`, ['tenant_id'], 'public.tenants', ['id'])),
      fk('public.projects', ['parent_id'], 'public.projects', ['id'], { onDelete: 'set null' }),
      fk('public.invoices', ['project_id'], 'public.projects', ['id'], { onDelete: 'cascade' }),
      fk('public.invoice_details', ['invoice_id'], 'public.invoices', ['id'], { onDelete: 'cascade' }),
      fk('public.invoice_lines', ['invoice_id'], 'public.invoices', ['id'], { onDelete: 'restrict' }),
      fk('public.invoice_notes', ['invoice_id'], 'public.invoices', ['id'], { onDelete: 'cascade' }),
      fk('public.invoice_notes', ['author_id'], 'auth.users', ['id']),
      fk('public.exports', ['project_id'], 'public.projects', ['id'], { onDelete: 'set default', onUpdate: 'cascade' }),
      fk('public.project_tags', ['project_id'], 'public.projects', ['id'], { onDelete: 'cascade' }),
      fk('public.project_tags', ['tag_id'], 'public.tags', ['id'], { onDelete: 'cascade' }),
      ...cycleFks(1, false),
      ...cycleFks(2, true),
      ...cycleFks(3, true),
      ...cycleFks(4, false),
    ],
    policies: [
      policy('public.projects', 'by_tenant', byTenant),
      policy('public.projects', 'tenant_floor', byTenant, { permissive: false }),
      policy('public.invoices', 'read_all', 'true', { command: 'select' }),
      policy('public.invoices', 'insert_own', null, { command: 'insert', withCheck: byTenant }),
      policy('public.files', 'update_through_tenant', 'EXISTS (SELECT 1 FROM tenants t WHERE t.id = files.tenant_id)', { command: 'update' }),
      policy('public.files', 'delete_own', byTenant, { command: 'delete' }),
    ],
  });
}

/** The analyses, as a consumer of `schema.json` sees them: serialised and parsed back. */
const cases: Record<string, { model: SchemaModel; analysis: Analysis }> = {};

beforeAll(async () => {
  const quiet = { cwd: root, onWarning: () => undefined };
  const example = async (name: string, options: (source: string) => Promise<AnalysisOptions>) => {
    const source = join(root, 'examples', name);
    const loaded = JSON.parse(modelToJson(await loadSchema(source, quiet))) as SchemaModel;
    const analysis = JSON.parse(JSON.stringify(await analyze(loaded, await options(source)))) as Analysis;
    cases[name] = { model: loaded, analysis };
  };
  await example('creator-loyalty', async () => ({
    tenant: { root: 'public.clients', column: 'client_id' },
    stateMachines: { 'public.redemptions.status': { claimable: ['claimed'] } },
  }));
  await example('tentabo-prm', async () => ({}));
  // the two migration files the Supabase CLI skips define `events` again and `audit_log`
  await example('privacy-telemetry', async (source) => {
    const resolved = await resolveSource([source], quiet);
    return { unappliedTables: resolved.kind === 'files' ? await unappliedTables(resolved.discovery) : [] };
  });
  const variants = variantsModel();
  const analysis = JSON.parse(JSON.stringify(await analyze(variants, { domains: { Tenancy: ['tenants'] } }))) as Analysis;
  cases.variants = { model: variants, analysis };
});

const names = ['creator-loyalty', 'tentabo-prm', 'privacy-telemetry', 'variants'];
const analyses = () => names.map((n) => cases[n]!.analysis);

describe('schema/analysis.schema.json', () => {
  it('is a valid draft 2020-12 schema and compiles in strict mode, alone and from the model schema', () => {
    const fresh = new Ajv({ strict: true });
    expect(fresh.validateSchema(analysisSchema), fresh.errorsText(fresh.errors)).toBe(true);
    expect(fresh.validateSchema(modelSchema), fresh.errorsText(fresh.errors)).toBe(true);
    expect(() => new Ajv({ strict: true }).compile(analysisSchema)).not.toThrow();
    expect(() => strictAjv().getSchema(modelSchema.$id)).not.toThrow();
    expect(analysisSchema.$id).toBe('urn:schemaproof:analysis@1');
    expect(modelSchema.properties!.analysis).toMatchObject({ $ref: analysisSchema.$id });
  });

  it('the model schema keeps `analysis` optional', () => {
    expect(modelSchema.required).not.toContain('analysis');
  });

  it.each(names)('validates the analysis of %s', (name) => {
    const { valid, errors } = checkAnalysis(cases[name]!.analysis);
    expect(valid, `${name} does not match the schema:\n${errors}`).toBe(true);
  });

  it.each(names)('validates the schema.json (model + analysis) of %s against the model schema', (name) => {
    const { model: m, analysis } = cases[name]!;
    const { valid, errors } = checkModel(JSON.parse(modelToJson({ ...m, analysis } as SchemaModel)));
    expect(valid, `${name} schema.json does not match the model schema:\n${errors}`).toBe(true);
  });

  it('validates the hand-made analysis of the test helper', () => {
    const { valid, errors } = checkAnalysis(analysisOf(cases.variants!.model));
    expect(valid, errors).toBe(true);
  });

  it('the analyses have what they are meant to cover', () => {
    const [loyalty, , telemetry, variants] = analyses() as [Analysis, Analysis, Analysis, Analysis];
    expect(loyalty.tenancy?.source).toBe('config');
    expect(loyalty.stateMachines.find((s) => s.column === 'public.redemptions.status')?.source).toBe('declared');
    expect(telemetry.duplicates.some((d) => d.unapplied !== null)).toBe(true);
    expect(variants.cycles).toHaveLength(4);
    expect(variants.tenancy?.source).toBe('inferred');
    expect(variants.domains.source).toBe('config');
    const indexes = analyses().flatMap((a) => a.foreignKeyIndexes.map((f) => f.index));
    expect(indexes).toContain(null);
    expect(indexes.some((i) => i !== null)).toBe(true);
    // an FK to a table that is not analysed still has its index entry
    expect(variants.foreignKeyIndexes.map((f) => f.foreignKey)).toContain('public.invoice_notes.invoice_notes_author_id_fkey');
    // the composite tenant FKs of creator-loyalty: guards, order-dependent on delete
    expect(loyalty.relationships.some((r) => r.guardOf !== null)).toBe(true);
    expect(loyalty.cascades.deleteEffects.some((e) => e.orderDependent.length > 0)).toBe(true);
    const inherited = analyses().flatMap((a) => a.tenancy?.inherited ?? []);
    expect(new Set(inherited.map((i) => i.nullable))).toEqual(new Set([true, false]));
    const candidates = analyses().flatMap((a) => a.tenantCandidates);
    expect(candidates.some((c) => c.accepted && c.rejected === null)).toBe(true);
    expect(candidates.some((c) => !c.accepted && typeof c.rejected === 'string')).toBe(true);
  });

  describe('rejects analyses that drift from the contract', () => {
    const copy = () => structuredClone(cases.variants!.analysis) as Analysis & Record<string, unknown>;
    const drift: [string, (a: Analysis & Record<string, unknown>) => void, string][] = [
      ['an unknown top-level key', (a) => { a.summary = {}; }, 'must NOT have additional properties'],
      ['an unknown key on a relationship', (a) => { (a.relationships[0] as unknown as Record<string, unknown>).weight = 1; }, 'must NOT have additional properties'],
      ['an unknown cardinality', (a) => { (a.relationships[0] as { cardinality: string }).cardinality = 'many-to-one'; }, 'must be equal to one of the allowed values'],
      ['a missing ON DELETE rule key', (a) => { delete (a.cascades.onDelete as Partial<Analysis['cascades']['onDelete']>)['set default']; }, "must have required property 'set default'"],
      ['a missing ON UPDATE rule key', (a) => { delete (a.cascades.onUpdate as Partial<Analysis['cascades']['onUpdate']>).restrict; }, "must have required property 'restrict'"],
      ['an extra rule key', (a) => { (a.cascades.onDelete as Record<string, string[]>)['cascade all'] = []; }, 'must NOT have additional properties'],
      ['another format', (a) => { (a as { format: string }).format = 'schemaproof/analysis@2'; }, 'must be equal to constant'],
      ['a fractional level', (a) => { a.levels['public.tenants'] = 0.5; }, 'must be integer'],
      ['an unknown isolation verdict', (a) => { (a.tenancy!.isolation[0] as { verdict: string }).verdict = 'leaks'; }, 'must be equal to one of the allowed values'],
      ['a missing tenancy key', (a) => { delete (a.tenancy as Partial<NonNullable<Analysis['tenancy']>>).outside; }, "must have required property 'outside'"],
      ['an unknown naming style in counts', (a) => { (a.naming.columns.counts as Record<string, number>).kebab = 1; }, 'must be equal to one of the allowed values'],
      ['null where a value is required', (a) => { (a.domains as { source: unknown }).source = null; }, 'must be string'],
      ['a rejected accepted candidate', (a) => { a.tenantCandidates[0]!.rejected = 'no reason'; }, 'must be null'],
      ['a candidate without a reason', (a) => { a.tenantCandidates.push({ root: 'public.x', column: 'x_id', tables: 1, accepted: false, rejected: null }); }, 'must be string'],
      ['a delete effect without orderDependent', (a) => { delete (a.cascades.deleteEffects[0] as Partial<Analysis['cascades']['deleteEffects'][number]>).orderDependent; }, "must have required property 'orderDependent'"],
      ['a pair of three tables', (a) => { a.duplicates = [{ tables: ['public.a', 'public.b', 'public.c'] as never, unapplied: null, reasons: ['name'], columnSimilarity: 0, detail: '' }]; }, 'must NOT have more than 2 items'],
    ];
    it.each(drift)('%s', (_name, change, message) => {
      const changed = copy();
      change(changed);
      const { valid, errors } = checkAnalysis(changed);
      expect(valid).toBe(false);
      expect(errors).toContain(message);
    });

    it('through the model schema too: a schema.json with a broken analysis', () => {
      const { model: m, analysis } = cases.variants!;
      const broken = structuredClone(analysis) as Analysis;
      (broken.relationships[0] as { cardinality: string }).cardinality = 'many-to-one';
      const { valid, errors } = checkModel({ ...m, analysis: broken });
      expect(valid).toBe(false);
      expect(errors).toContain('/analysis/relationships/0/cardinality must be equal to one of the allowed values');
      expect(checkModel({ ...m, analysis: { format: 'schemaproof/analysis@1' } }).valid).toBe(false);
    });
  });
});

describe('analysis schema $defs and the analysis objects have the same keys', () => {
  /** For each object type in `$defs`: where its instances are in an analysis. */
  const instances: Record<string, (a: Analysis) => object[]> = {
    Cycle: (a) => a.cycles,
    Relationship: (a) => a.relationships,
    ForeignKeyIndex: (a) => a.foreignKeyIndexes,
    RuleLists: (a) => [a.cascades.onDelete, a.cascades.onUpdate],
    Cascades: (a) => [a.cascades],
    DeleteEffect: (a) => a.cascades.deleteEffects,
    OrphanRisk: (a) => [...a.cascades.detachable, ...a.cascades.mustReassign],
    Domains: (a) => [a.domains],
    DomainGroup: (a) => a.domains.groups,
    Tenancy: (a) => (a.tenancy ? [a.tenancy] : []),
    InheritedTenant: (a) => a.tenancy?.inherited ?? [],
    TenantCandidate: (a) => a.tenantCandidates,
    TenantIsolation: (a) => a.tenancy?.isolation ?? [],
    TenantPolicy: (a) => a.tenancy?.isolation.flatMap((i) => i.policies) ?? [],
    StateMachine: (a) => a.stateMachines,
    ValuesFrom: (a) => a.stateMachines.map((s) => s.valuesFrom),
    DuplicatePair: (a) => a.duplicates,
    UnappliedSide: (a) => a.duplicates.flatMap((d) => (d.unapplied ? [d.unapplied] : [])),
    Naming: (a) => [a.naming],
    NamingReport: (a) => Object.values(a.naming),
  };
  const objectDefs = Object.entries(analysisSchema.$defs).filter(([, def]) => def.type === 'object' && def.properties);
  const sorted = (keys: Iterable<string>) => [...keys].sort();

  it('every object type in $defs is checked here', () => {
    expect(sorted(Object.keys(instances))).toEqual(sorted(objectDefs.map(([name]) => name)));
  });

  it('every key of every object is required', () => {
    for (const [name, def] of [['(root)', analysisSchema] as const, ...objectDefs]) {
      expect(sorted(def.required ?? []), name).toEqual(sorted(Object.keys(def.properties ?? {})));
    }
  });

  it('the top level has exactly the schema properties', () => {
    for (const a of analyses()) expect(sorted(Object.keys(a))).toEqual(sorted(Object.keys(analysisSchema.properties!)));
  });

  it.each(objectDefs.map(([name]) => name))('%s', (name) => {
    const def = analysisSchema.$defs[name]!;
    const objects = analyses().flatMap((a) => instances[name]!(a));
    expect(objects.length, `no ${name} in the test analyses`).toBeGreaterThan(0);
    for (const object of objects) expect(sorted(Object.keys(object)), name).toEqual(sorted(Object.keys(def.properties!)));
  });

  it('every value of every closed set occurs (except `verified`, which only `schemaproof verify` writes)', () => {
    const all = analyses();
    const defs = analysisSchema.$defs;
    const enumOf = (node: JsonSchemaNode | undefined) => sorted((node?.enum ?? []) as string[]);
    const seen = (values: (string | null)[]) => sorted(new Set(values.filter((v): v is string => v !== null)));
    const relationships = all.flatMap((a) => a.relationships);
    const isolation = all.flatMap((a) => a.tenancy?.isolation ?? []);
    const closedSets: [string, string[], string[]][] = [
      ['Cycle.breakable', enumOf(defs.Cycle!.properties!.breakable), seen(all.flatMap((a) => a.cycles.map((c) => c.breakable)))],
      ['Relationship.cardinality', enumOf(defs.Relationship!.properties!.cardinality), seen(relationships.map((r) => r.cardinality))],
      ['DeleteRule (orphan risks)', enumOf(defs.DeleteRule), seen(all.flatMap((a) => [...a.cascades.detachable, ...a.cascades.mustReassign].map((o) => o.onDelete)))],
      ['DeleteRule (onDelete lists)', enumOf(defs.DeleteRule), seen(all.flatMap((a) => Object.entries(a.cascades.onDelete).filter(([, ids]) => ids.length > 0).map(([rule]) => rule)))],
      ['Domains.source', enumOf(defs.Domains!.properties!.source), seen(all.map((a) => a.domains.source))],
      ['Tenancy.source', enumOf(defs.Tenancy!.properties!.source), seen(all.map((a) => a.tenancy?.source ?? null))],
      ['TenantIsolation.verdict', enumOf(defs.TenantIsolation!.properties!.verdict), seen(isolation.map((i) => i.verdict))],
      ['TenantPolicy.command', enumOf(defs.TenantPolicy!.properties!.command), seen(isolation.flatMap((i) => i.policies.map((p) => p.command)))],
      ['TenantPolicy.filter', enumOf(defs.TenantPolicy!.properties!.filter), seen(isolation.flatMap((i) => i.policies.map((p) => p.filter)))],
      ['StateMachine.source', enumOf(defs.StateMachine!.properties!.source).filter((s) => s !== 'verified'), seen(all.flatMap((a) => a.stateMachines.map((s) => s.source)))],
      ['ValuesFrom.kind', enumOf(defs.ValuesFrom!.properties!.kind), seen(all.flatMap((a) => a.stateMachines.map((s) => s.valuesFrom.kind)))],
      ['DuplicatePair.reasons', enumOf((defs.DuplicatePair!.properties!.reasons as { items?: JsonSchemaNode }).items), seen(all.flatMap((a) => a.duplicates.flatMap((d) => d.reasons)))],
      ['NamingStyle', enumOf(defs.NamingStyle), seen(all.flatMap((a) => Object.values(a.naming).flatMap((r) => Object.keys(r.counts))))],
    ];
    for (const [what, allowed, occurring] of closedSets) expect(occurring, what).toEqual(allowed);
  });
});
