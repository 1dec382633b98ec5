/** The config file: found where the user expects it, validated with errors that name the key and the line. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisOptions, loadConfig, parseConfig } from '../src/cli/config.js';
import { SchemaproofError } from '../src/errors.js';
import { filterSchemas } from '../src/model/filter.js';
import { fk, model, policy, table } from './helpers/model.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaproofError);
    return (error as SchemaproofError).format();
  }
  throw new Error('expected an error');
}

describe('parseConfig', () => {
  it('reads every key, in YAML and in JSON', () => {
    const yaml = parseConfig(
      [
        'tenant: { root: clients, column: client_id }',
        'domains:',
        '  Users: [users, otp_codes]',
        'stateMachines:',
        '  redemptions.status: { claimable: [claimed], claimed: [] }',
        'schemas: { exclude: [audit] }',
        'documents: [readme, relationships]',
      ].join('\n'),
      'c.yaml',
    );
    expect(yaml).toEqual({
      tenant: { root: 'clients', column: 'client_id' },
      domains: { Users: ['users', 'otp_codes'] },
      stateMachines: { 'redemptions.status': { claimable: ['claimed'], claimed: [] } },
      schemas: { exclude: ['audit'] },
      documents: ['readme', 'relationships'],
    });
    expect(parseConfig('{"tenant": false}', 'c.json')).toEqual({ tenant: false });
    expect(parseConfig('', 'empty.yaml')).toEqual({});
  });

  it('names the key, the line and what was expected', () => {
    expect(errorOf(() => parseConfig('tenant:\n  root: clients\n', 'c.yaml'))).toMatch(/^c\.yaml:2: tenant\.column: expected string/);
    expect(errorOf(() => parseConfig('domains:\n  Core: []\n', 'c.yaml'))).toMatch(/^c\.yaml:2: domains\.Core: expected at least one table/);
    expect(errorOf(() => parseConfig('documents: [readme, pdf]\n', 'c.yaml'))).toMatch(/^c\.yaml:1: documents\.1: expected one of "readme", /);
    expect(errorOf(() => parseConfig('tenants: {}\n', 'c.yaml'))).toMatch(/^c\.yaml: \(top level\): unknown key "tenants"/);
    expect(errorOf(() => parseConfig('schemas: { only: [a] }\n', 'c.yaml'))).toMatch(/schemas: unknown key "only"/);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(errorOf(() => parseConfig('tenant: { root: clients\n', 'bad.yaml'))).toMatch(/^bad\.yaml:\d+:\d+: /);
    expect(errorOf(() => parseConfig('a: 1\na: 2\n', 'dup.yaml'))).toMatch(/^dup\.yaml:2:1: .*unique/i);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemaproof-config-'));
    await mkdir(join(dir, 'cwd'));
    await mkdir(join(dir, 'source'));
    await writeFile(join(dir, 'source', 'schemaproof.config.yaml'), 'tenant: false\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('looks in the current folder first, then the source folder; --config wins', async () => {
    const fromSource = await loadConfig(undefined, join(dir, 'cwd'), join(dir, 'source'));
    expect(fromSource).toEqual({ config: { tenant: false }, path: join(dir, 'source', 'schemaproof.config.yaml') });
    await writeFile(join(dir, 'cwd', 'schemaproof.config.json'), '{"documents": ["readme"]}');
    const fromCwd = await loadConfig(undefined, join(dir, 'cwd'), join(dir, 'source'));
    expect(fromCwd.config).toEqual({ documents: ['readme'] });
    await writeFile(join(dir, 'explicit.yml'), 'schemas: { include: [public] }\n');
    expect((await loadConfig('../explicit.yml', join(dir, 'cwd'), null)).config).toEqual({ schemas: { include: ['public'] } });
    expect(await loadConfig(undefined, join(dir, 'source', 'none'), null)).toEqual({ config: {}, path: null });
  });

  it('a named config that does not exist is an error', async () => {
    await expect(loadConfig('missing.yaml', dir, null)).rejects.toThrow(/cannot read config missing\.yaml/);
  });
});

describe('analysisOptions', () => {
  it('resolves short names to public tables and columns, and keeps what it cannot resolve for the analysis to report', () => {
    const m = model({ tables: [table('public.clients', ['id uuid pk']), table('public.redemptions', ['id uuid pk', 'status text'])] });
    const options = analysisOptions(
      { tenant: { root: 'clients', column: 'client_id' }, stateMachines: { 'redemptions.status': { a: ['b'] }, 'nope.status': {} } },
      m,
      [],
    );
    expect(options.tenant).toEqual({ root: 'public.clients', column: 'client_id' });
    expect(Object.keys(options.stateMachines!)).toEqual(['public.redemptions.status', 'nope.status']);
    expect(analysisOptions({ tenant: false }, m, []).tenant).toBeNull();
    expect('tenant' in analysisOptions({}, m, [])).toBe(false);
  });
});

describe('filterSchemas', () => {
  const m = model({
    tables: [
      table('public.users', ['id uuid pk']),
      table('audit.log', ['id uuid pk', 'user_id uuid']),
      table('audit.a.b', ['id uuid pk']),
    ],
    foreignKeys: [fk('audit.log', ['user_id'], 'public.users', ['id'])],
    policies: [policy('audit.log', 'own', 'true'), policy('public.users', 'own', 'true')],
  });

  it('drops the objects of excluded schemas, by the schema they live in (ids with dots included)', () => {
    const only = filterSchemas(m, { exclude: ['audit'] });
    expect(only.tables.map((t) => t.id)).toEqual(['public.users']);
    expect(only.foreignKeys).toEqual([]);
    expect(only.policies.map((p) => p.id)).toEqual(['public.users.own']);
    expect(only.constraints.map((c) => c.table)).toEqual(['public.users']);
    expect(only.schemas.map((s) => s.name)).toEqual(['public']);
  });

  it('keeps only included schemas, and returns the model untouched without a filter', () => {
    expect(filterSchemas(m, { include: ['audit'] }).tables.map((t) => t.id)).toEqual(['audit.a.b', 'audit.log']);
    expect(filterSchemas(m, {})).toBe(m);
  });
});
