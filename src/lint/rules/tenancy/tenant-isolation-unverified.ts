/**
 * A tenant table whose policies decide through one of the user's functions or a subquery
 * (analysis.tenancy.isolation verdict `indirect`): `user_can_access_client(auth.uid(), client_id)`,
 * `EXISTS (SELECT … FROM audiences …)`. They may well filter on the tenant, but reading the policy cannot show it;
 * only a test with two tenants can. Info: not a defect, a claim to prove.
 */
import { funcCallName, parseExpression, walk } from '../../../analyze/sql-expr.js';
import type { Policy, SchemaModel } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
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
    for (const iso of isolations(model, tenancy)) {
      if (iso.verdict !== 'indirect') continue;
      const through = [...new Set(iso.policies.flatMap((p) => opaqueParts(model, p, tenancy.column)))].sort();
      const names = iso.policies.map((p) => `"${p.name}"`).join(', ');
      out.push({
        object: iso.table,
        message:
          `the tenant isolation of ${iso.table} depends on ${through.join(', ') || 'expressions the analysis cannot read'} ` +
          `(polic${iso.policies.length === 1 ? 'y' : 'ies'} ${names}): reading the policies cannot show that they compare ${tenancy.column}; a cross-tenant test can`,
      });
    }
    return out;
  },
};
