/**
 * A tenant table whose policies decide through one of the user's functions or a subquery
 * (analysis.tenancy.isolation verdict `indirect`): `user_can_access_client(auth.uid(), client_id)`,
 * `EXISTS (SELECT … FROM audiences …)`. They may well filter on the tenant, but reading the policy cannot show it;
 * only a test with two tenants can. Info: not a defect, a claim to prove.
 *
 * Policies the rule can read through (inline-functions.ts) are not reported as opaque: a one-statement SQL function
 * that looks the caller up by the row's tenant is a tenant check; a condition that reads nothing of the row (a role
 * check such as `has_role(auth.uid(), 'admin')`) is reported once per distinct expression — on the function it calls
 * — listing the tenant tables it opens to the callers for whom it holds, instead of once per table.
 */
import { funcCallName, kindOf, parseExpression, stripCasts, walk } from '../../../analyze/sql-expr.js';
import type { Policy, SchemaModel } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { resolvePolicy, tenantColumnNames } from './inline-functions.js';
import { appliedExpressions, isolations } from './isolation.js';

/** What makes a policy opaque: the user functions it calls (and whether they get the tenant column), and subqueries. */
function opaqueParts(model: SchemaModel, p: Policy, column: string): string[] {
  const user = new Set(model.functions.filter((f) => f.origin === 'user').flatMap((f) => [f.name, `${f.schema}.${f.name}`]));
  const parts = new Set<string>();
  for (const text of appliedExpressions(p)) {
    if (text === null) continue;
    const node = parseExpression(text);
    if (!node) {
      parts.add('an expression that does not parse');
      continue;
    }
    walk(node, (kind, body) => {
      if (kind === 'SubLink') parts.add('a subquery');
      if (kind !== 'FuncCall') return;
      const name = funcCallName({ FuncCall: body });
      if (!name || !user.has(name.join('.'))) return;
      let passes = false;
      walk(body.args, (k, b) => {
        if (k === 'ColumnRef') {
          const fields = (b.fields as { String?: { sval?: string } }[] | undefined) ?? [];
          if (fields[fields.length - 1]?.String?.sval === column) passes = true;
        }
      });
      parts.add(`${name.join('.')}()${passes ? ` with ${column}` : ''}`);
    });
  }
  return [...parts].sort();
}

export const tenantIsolationUnverified: Rule = {
  meta: {
    id: 'tenancy/tenant-isolation-unverified',
    category: 'tenancy',
    severity: 'info',
    description: 'A tenant table whose policies filter through functions or subqueries the analysis cannot see through.',
    rationale:
      'A policy such as USING (user_can_access_client(auth.uid(), client_id)) or an EXISTS over the parent table is the ' +
      'usual way to isolate tenants, but whether it does depends on the function body and on the parent\'s own ' +
      'policies. Nothing in the policy text proves it; a change to the function can open every table at once.',
    fix: 'Prove it with a test that signs in as two tenants and checks that neither reads or writes the other\'s rows (pgTAP, or a CI script).',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html', 'https://supabase.com/docs/guides/database/postgres/row-level-security'],
  },
  check({ analysis, model }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const out: RuleFinding[] = [];
    /** Caller-only policies, by expression: one finding each, however many tables carry it. */
    const overrides = new Map<string, Policy[]>();
    const tenantNames = tenantColumnNames(model, tenancy);
    for (const iso of isolations(model, tenancy)) {
      if (iso.verdict !== 'indirect') continue;
      const opaque: Policy[] = [];
      for (const p of iso.policies) {
        const resolved = resolvePolicy(model, p, tenantNames);
        if (resolved === 'caller') {
          const key = overrideKey(p);
          const list = overrides.get(key);
          if (list) list.push(p);
          else overrides.set(key, [p]);
        } else if (resolved === null) opaque.push(p);
      }
      if (opaque.length === 0) continue;
      const through = [...new Set(opaque.flatMap((p) => opaqueParts(model, p, tenancy.column)))].sort();
      const names = opaque.map((p) => `"${p.name}"`).join(', ');
      out.push({
        object: iso.table,
        related: opaque.map((p) => p.id),
        message:
          `the tenant isolation of ${iso.table} depends on ${through.join(', ') || 'expressions the analysis cannot read'} ` +
          `(polic${opaque.length === 1 ? 'y' : 'ies'} ${names}): reading the policies cannot show that they compare ${tenancy.column}; a cross-tenant test can`,
      });
    }
    for (const [expression, policies] of overrides) {
      const tables = [...new Set(policies.map((p) => p.table))].sort();
      const shown = tables.slice(0, SHOWN).join(', ') + (tables.length > SHOWN ? `, … (${tables.length - SHOWN} more)` : '');
      out.push({
        object: overrideObject(model, policies[0]!) ?? policies[0]!.id,
        key: expression,
        related: policies.map((p) => p.id),
        message:
          `${expression} gives the callers for whom it holds every row of ${tables.length} tenant table${tables.length === 1 ? '' : 's'} ` +
          `(${shown}), whatever their tenant: it reads nothing of the row, so it is a check of the caller only — ` +
          `right for an admin role, a cross-tenant leak otherwise; a test with a caller of each kind shows which`,
      });
    }
    return out;
  },
};

/** At most this many tables are named in an override finding. */
const SHOWN = 5;

/** The caller-only expression as the policy applies it (USING, or WITH CHECK for INSERT). */
function overrideKey(p: Policy): string {
  return [...new Set(appliedExpressions(p).filter((e): e is string => e !== null))].join(' / ');
}

/** The user function an override calls, when it is one call of one function (the finding's object). */
function overrideObject(model: SchemaModel, p: Policy): string | null {
  const text = appliedExpressions(p)[0];
  const node = text ? parseExpression(text) : null;
  const [kind, body] = node ? kindOf(stripCasts(node)) : ['', {}];
  if (kind !== 'FuncCall') return null;
  const name = funcCallName({ FuncCall: body })?.join('.');
  const fns = model.functions.filter((f) => f.origin === 'user' && (f.name === name || `${f.schema}.${f.name}` === name));
  return fns.length === 1 ? fns[0]!.id : null;
}
