/**
 * The pure parts of `verify`: which context the policies read (through the functions they call), and the values a
 * synthesised row gets for a column's type and CHECK requirements.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import type { Tenancy } from '../../src/analyze/types.js';
import { planContext, settingsRead } from '../../src/verify/context.js';
import { typeShape, valueFor, type ValueRequest } from '../../src/verify/values.js';
import { fn, model, policy, table } from '../helpers/model.js';

beforeAll(() => loadExpressionParser());

const tenancy: Tenancy = {
  source: 'config',
  root: 'public.clients',
  column: 'client_id',
  evidence: null,
  scoped: ['public.orders'],
  inherited: [],
  outside: [],
  isolation: [],
};

const tables = [table('public.clients', ['id uuid pk']), table('public.orders', ['id uuid pk', 'client_id uuid notnull'])];

describe('planContext', () => {
  it('finds the GUC a policy reads directly', () => {
    const m = model({ tables, policies: [policy('public.orders', 'iso', "(client_id = (current_setting('app.tenant'::text, true))::uuid)")] });
    expect(planContext(m, tenancy)).toEqual({ kind: 'guc', setting: 'app.tenant', policyRoles: [] });
  });

  it('follows the function a policy calls (SQL and PL/pgSQL bodies), to the setting it reads', () => {
    const sqlFn = fn('public.current_tenant()', {
      language: 'sql',
      returns: 'uuid',
      definition: "CREATE OR REPLACE FUNCTION public.current_tenant()\n RETURNS uuid\n LANGUAGE sql\nAS $function$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $function$\n",
    });
    const plFn = fn('public.tenant_of_session()', {
      returns: 'uuid',
      definition:
        "CREATE OR REPLACE FUNCTION public.tenant_of_session()\n RETURNS uuid\n LANGUAGE plpgsql\nAS $function$\nBEGIN\n  RETURN current_setting('app.session_tenant')::uuid;\nEND;\n$function$\n",
    });
    const viaSql = model({ tables, functions: [sqlFn], policies: [policy('public.orders', 'iso', '(client_id = current_tenant())')] });
    expect(planContext(viaSql, tenancy).setting).toBe('app.tenant_id');
    const viaPl = model({ tables, functions: [plFn], policies: [policy('public.orders', 'iso', '(client_id = public.tenant_of_session())')] });
    expect(settingsRead(viaPl, ['(client_id = public.tenant_of_session())']).settings).toEqual(new Set(['app.session_tenant']));
  });

  it("Supabase's auth.uid() means JWT claims, and the policies' role is kept", () => {
    const m = model({ tables, policies: [policy('public.orders', 'own', '(client_id = auth.uid())', { roles: ['authenticated'] })] });
    expect(planContext(m, tenancy)).toEqual({ kind: 'jwt', setting: 'request.jwt.claims', policyRoles: ['authenticated'] });
  });

  it('no recognisable context: none', () => {
    const m = model({ tables, policies: [policy('public.orders', 'all', 'true')] });
    expect(planContext(m, tenancy).kind).toBe('none');
  });
});

const request = (extra: Partial<ValueRequest>): ValueRequest => ({ column: 'c', type: 'text', labels: null, requirements: [], n: 7, variant: 0, ...extra });

describe('valueFor', () => {
  it('keeps numeric(p, s) within its precision and a range CHECK', () => {
    expect(typeShape('numeric(5,2)')).toEqual({ base: 'numeric', length: null, maxWhole: 999, array: false });
    // Wrapped into [-999, 999] rather than clamped, so that successive values stay distinct (UNIQUE keys).
    expect(valueFor(request({ type: 'numeric(5,2)', n: 123456 }))).toBe("'518'::numeric(5,2)");
    expect(valueFor(request({ type: 'numeric(5,2)', n: 123457 }))).toBe("'519'::numeric(5,2)");
    expect(valueFor(request({ type: 'integer', n: 52, requirements: [{ kind: 'range', min: 1, minInclusive: true, max: 5, maxInclusive: true }] }))).toBe(
      "'3'::integer",
    );
    expect(valueFor(request({ type: 'integer', n: 3, requirements: [{ kind: 'range', min: 0, minInclusive: false }] }))).toBe("'3'::integer");
  });

  it('fits varchar(n), meets a minimum length, and matches a pattern', () => {
    expect(valueFor(request({ column: 'code', type: 'character varying(4)', n: 12345 }))).toBe("'2345'::character varying(4)");
    expect(valueFor(request({ column: 'x', type: 'text', n: 1, requirements: [{ kind: 'length', min: 8 }] }))).toBe("'x_1xxxxx'::text");
    expect(valueFor(request({ column: 'email', n: 3, requirements: [{ kind: 'pattern', regex: '^[^@]+@[^@]+$', flags: '' }] }))).toBe(
      "'user3@example.com'::text",
    );
    expect(valueFor(request({ requirements: [{ kind: 'pattern', regex: '^\\d{20}$', flags: '' }] }))).toBeNull();
  });

  it('picks from enum labels and IN lists, rotating with the variant; a role column gets an ordinary member', () => {
    expect(valueFor(request({ type: 'status', labels: ['a', 'b', 'c'], requirements: [{ kind: 'in', values: ['b', 'c'] }] }))).toBe("'b'::status");
    expect(valueFor(request({ type: 'status', labels: ['a', 'b', 'c'], variant: 1, requirements: [{ kind: 'not-in', values: ['a'] }] }))).toBe("'c'::status");
    expect(valueFor(request({ column: 'role', type: 'app_role', labels: ['admin', 'moderator', 'user'] }))).toBe("'user'::app_role");
    expect(valueFor(request({ type: 'status', labels: ['a'], requirements: [{ kind: 'not-in', values: ['a'] }] }))).toBeNull();
  });

  it('NULL when a case requires it; an empty array for arrays; null for a type it cannot make', () => {
    expect(valueFor(request({ requirements: [{ kind: 'null' }] }))).toBe('NULL');
    expect(valueFor(request({ type: 'text[]' }))).toBe("'{}'::text[]");
    expect(valueFor(request({ type: 'tsquery' }))).toBeNull();
  });
});
