/**
 * compareModels(): what the round trip compares, and that it names each difference by object and field.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaModel } from '../../src/model/types.js';
import { compareModels, countObjects, formatDifference } from '../../src/squash/compare.js';
import { index, model, table } from '../helpers/model.js';

function original(): SchemaModel {
  return model({
    tables: [table('public.users', ['id uuid pk', 'email text notnull', 'plan text default=\'free\'::text'], { estimatedRows: 10 })],
    indexes: [index('public.users', 'users_email_idx', ['email'])],
    grants: [{ id: 'public.users:reader:select', objectKind: 'table', object: 'public.users', grantee: 'reader', privilege: 'select', grantable: false }],
  });
}

describe('compareModels', () => {
  it('finds nothing between a model and itself', () => {
    expect(compareModels(original(), original())).toEqual([]);
  });

  it('names a dropped index and a changed default precisely', () => {
    const changed = original();
    changed.indexes = changed.indexes.filter((i) => i.name !== 'users_email_idx');
    const plan = changed.tables[0]!.columns.find((c) => c.name === 'plan')!;
    plan.default = "'pro'::text";
    const differences = compareModels(original(), changed);
    expect(differences).toEqual([
      { kind: 'column', object: 'public.users.plan', change: 'changed', field: 'default', from: "\"'free'::text\"", to: "\"'pro'::text\"" },
      { kind: 'index', object: 'public.users_email_idx', change: 'missing', field: null, from: null, to: null },
    ]);
    expect(differences.map((d) => formatDifference(d, 'the rebuilt schema'))).toEqual([
      `column public.users.plan: default: "'free'::text" → "'pro'::text"`,
      'index public.users_email_idx: missing from the rebuilt schema',
    ]);
  });

  it('compares RLS flags, grants and comments field by field, and reports objects only in the second model', () => {
    const changed = original();
    changed.tables[0]!.rls = { enabled: true, forced: false };
    changed.tables[0]!.comment = 'People.';
    changed.grants = [{ ...changed.grants[0]!, grantable: true }, { ...changed.grants[0]!, id: 'public.users:reader:insert', privilege: 'insert' }];
    expect(compareModels(original(), changed).map((d) => formatDifference(d))).toEqual([
      'table public.users: comment: null → "People."',
      'table public.users: rls.enabled: false → true',
      'grant public.users:reader:insert: only in the second model',
      'grant public.users:reader:select: grantable: false → true',
    ]);
  });

  it('ignores where and on what each model was read, statistics, extension versions and platform objects', () => {
    const a = original();
    a.extensions = [{ id: 'pgcrypto', name: 'pgcrypto', schema: 'public', version: '1.3' }];
    const b = original();
    b.source = { kind: 'sql-file', location: 'master.sql' };
    b.engine = { kind: 'postgres', serverVersion: '15.20', serverVersionNum: 150020 };
    b.tables[0]!.estimatedRows = null;
    b.extensions = [{ id: 'pgcrypto', name: 'pgcrypto', schema: 'public', version: '1.4' }];
    b.tables.push(table('auth.users', ['id uuid pk'], { origin: 'platform' }));
    b.roles = [{ id: 'reader', name: 'reader', superuser: false, bypassRls: false, login: true, inherit: true, memberOf: [] }];
    expect(compareModels(a, b)).toEqual([]);
  });

  it('compares owners unless told not to (a script written without --owners leaves them to whoever runs it)', () => {
    const b = original();
    b.tables[0]!.owner = 'app';
    expect(compareModels(original(), b).map((d) => formatDifference(d))).toEqual(['table public.users: owner: "postgres" → "app"']);
    expect(compareModels(original(), b, { owners: false })).toEqual([]);
  });

  it('counts the objects it compares: schemas, tables, columns, constraints, indexes, grants, …', () => {
    // public; users; id, email, plan; users_pkey (constraint and index); users_email_idx; one grant.
    expect(countObjects(original())).toBe(1 + 1 + 3 + 1 + 2 + 1);
  });
});
