/**
 * Seed 000's critical rule: every tenant table must only show a session its own tenant's rows. Reported, from
 * analysis.tenancy.isolation, for tables that have the tenant column (scoped) or reach it through FKs (inherited):
 *   rls-disabled     RLS is off: every role with table privileges reads every tenant's rows;
 *   does-not-filter  some permissive policy lets rows through without the tenant — other than a per-user policy
 *                    (`user_id = auth.uid()`), which shows a user only their own rows (see isolation.ts).
 * Error: both are cross-tenant reads or writes. rls-disabled is only reported when the schema uses RLS for its
 * tenant tables at all (one of them has it on) or the config names the tenant: a schema with no RLS anywhere
 * isolates tenants in the application, and flagging every table would only say that once per table.
 * no-policy (deny-all) is security/rls-enabled-no-policy's; indirect is tenancy/tenant-isolation-unverified's.
 *
 * One error per root cause: a tenant table with RLS off is this rule's (its fix adds the tenant policy), and
 * security/rls-disabled leaves the tables `rlsOffTenantTables` lists to it while this rule runs; the message says
 * when PostgREST exposes the table as well.
 */
import { parseExpression, kindOf, type Node } from '../../../analyze/sql-expr.js';
import type { Tenancy } from '../../../analyze/types.js';
import type { ForeignKey, Policy, SchemaModel } from '../../../model/types.js';
import { ident } from '../../../model/sql-text.js';
import { tableOf } from '../../sql.js';
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from '../integrity/sql.js';
import { exposedSchemas, exposureSource } from '../security/shared.js';
import { isolations, usesRls } from './isolation.js';

/** The row columns an expression reads outside subqueries. */
function rowColumns(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) rowColumns(n, out);
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'SubLink') continue;
    if (key === 'ColumnRef') {
      const fields = ((value as { fields?: Node[] }).fields ?? []).map((f) => kindOf(f)[1].sval);
      out.add(fields.length === 1 ? String(fields[0]) : fields.map(String).join('.'));
      continue;
    }
    rowColumns(value, out);
  }
  return out;
}

/**
 * The schema's own way of isolating a scoped table, to reuse for new policies: the USING of a policy on a scoped
 * table that reads no row column but the (bare) tenant column — `client_id = current_setting(…)::uuid`,
 * `user_can_access_client(auth.uid(), client_id)`. The column has the same name on every scoped table, so the text
 * fits any of them. Tenant comparisons first, then the most used text, then the first by policy id.
 */
const templates = new WeakMap<Tenancy, string | null>();

export function tenantPolicyTemplate(model: SchemaModel, tenancy: Tenancy): string | null {
  if (templates.has(tenancy)) return templates.get(tenancy)!;
  const template = findTemplate(model, tenancy);
  templates.set(tenancy, template);
  return template;
}

function findTemplate(model: SchemaModel, tenancy: Tenancy): string | null {
  const scoped = new Set(tenancy.scoped);
  const filters = new Map(tenancy.isolation.flatMap((i) => i.policies.map((p) => [p.policy, p.filter] as const)));
  const uses = new Map<string, { count: number; tenant: boolean }>();
  for (const p of model.policies) {
    if (!scoped.has(p.table) || !p.permissive || p.using === null) continue;
    const filter = filters.get(p.id);
    if (filter !== 'tenant' && filter !== 'indirect') continue;
    const node = parseExpression(p.using);
    if (!node) continue;
    const columns = rowColumns(node, new Set());
    if (columns.size !== 1 || !columns.has(tenancy.column)) continue;
    const entry = uses.get(p.using) ?? { count: 0, tenant: false };
    entry.count++;
    entry.tenant ||= filter === 'tenant';
    uses.set(p.using, entry);
  }
  const best = [...uses].sort((a, b) => Number(b[1].tenant) - Number(a[1].tenant) || b[1].count - a[1].count)[0];
  return best ? best[0] : null;
}

export function policyText(p: Policy): string {
  const roles = p.roles.includes('public') ? 'everyone' : p.roles.join(', ');
  const command = p.command === 'all' ? 'ALL' : p.command.toUpperCase();
  const expression = p.command === 'insert' ? `WITH CHECK ${p.withCheck ?? '(none)'}` : `USING ${p.using ?? '(none)'}`;
  return `"${p.name}" (${command}, to ${roles}: ${expression})`;
}

const outgoingFks = new WeakMap<SchemaModel, Map<string, ForeignKey[]>>();

/** The model's FKs by the table that declares them, in model order (built once per model, not filtered per table). */
function fksOf(model: SchemaModel, table: string): ForeignKey[] {
  let byTable = outgoingFks.get(model);
  if (!byTable) {
    byTable = new Map();
    for (const f of model.foreignKeys) {
      const list = byTable.get(f.table);
      if (list) list.push(f);
      else byTable.set(f.table, [f]);
    }
    outgoingFks.set(model, byTable);
  }
  return byTable.get(table) ?? [];
}

/** Policies that isolate a table: its own tenant comparison, or the parent's RLS through an EXISTS on the FK. */
export function isolationSql(model: SchemaModel, tenancy: Tenancy, table: string, scoped: boolean, path: string[] | null, restrictive: boolean): string {
  const own = tableOf(model, table);
  const t = tableSql(model, table);
  const name = ident(`${own?.name ?? table}_tenant_${restrictive ? 'floor' : 'isolation'}`);
  const as = restrictive ? ' AS RESTRICTIVE' : '';
  if (scoped) {
    const template = tenantPolicyTemplate(model, tenancy);
    if (template) return `CREATE POLICY ${name} ON ${t}${as} USING (${template});`;
    // No policy of the schema to copy: the condition is the team's to write, so the statement stays a comment.
    return `-- write the session's tenant in place of <…> and run:\n-- CREATE POLICY ${name} ON ${t}${as} USING (${ident(tenancy.column)} = <the tenant of the session>);`;
  }
  const parent = path?.[1];
  // The FK the path follows: one to the parent, NOT NULL ones first (the path prefers them), then by id.
  const notNull = (f: ForeignKey) => f.columns.every((c) => own?.columns.find((x) => x.name === c)?.nullable === false);
  const fk = fksOf(model, table)
    .filter((f) => f.refTable === parent)
    .sort((a, b) => Number(notNull(b)) - Number(notNull(a)) || (a.id < b.id ? -1 : 1))[0];
  if (!fk) return `-- ${table} reaches the tenant through ${path?.join(' → ') ?? 'its FKs'}: add a policy that checks the parent row`;
  const on = fk.columns.map((c, i) => `p.${ident(fk.refColumns[i]!)} = ${ident(own!.name)}.${ident(c)}`).join(' AND ');
  return `CREATE POLICY ${name} ON ${t}${as} USING (EXISTS (SELECT 1 FROM ${tableSql(model, parent!)} p WHERE ${on}));  -- visible when the ${parent} row is`;
}

export const TENANT_TABLE_NOT_ISOLATED = 'tenancy/tenant-table-not-isolated';

/** The tenant tables this rule reports because RLS is off on them (those security/rls-disabled leaves to it). */
export function rlsOffTenantTables(model: SchemaModel, tenancy: Tenancy): Set<string> {
  if (!usesRls(model, tenancy)) return new Set();
  return new Set(isolations(model, tenancy).filter((i) => i.verdict === 'rls-disabled').map((i) => i.table));
}

export const tenantTableNotIsolated: Rule = {
  meta: {
    id: TENANT_TABLE_NOT_ISOLATED,
    category: 'tenancy',
    severity: 'error',
    description: 'A tenant table whose row-level security is off, or one of whose policies lets rows through without the tenant.',
    rationale:
      'In a multi-tenant schema every query must be limited to the caller\'s tenant. When a tenant table has RLS off, ' +
      'or a permissive policy that never looks at the tenant column (policies are OR-ed: one open policy opens the ' +
      'table), a session of one tenant reads or writes the rows of all of them. Per-user policies (user_id = auth.uid()) ' +
      'are not counted: they show a user only their own rows.',
    fix:
      'Enable (and force) RLS and give the table a policy that compares the tenant column — or, for a table that ' +
      'inherits the tenant, one that checks the parent row; add the tenant condition to the open policy, or a ' +
      'RESTRICTIVE tenant policy that applies to all of them.',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html', 'https://www.postgresql.org/docs/current/sql-createpolicy.html'],
  },
  check({ analysis, model }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const rls = usesRls(model, tenancy);
    const exposed = exposedSchemas(model);
    const schemaOf = new Map(model.tables.map((x) => [x.id, x.schema]));
    const withPolicies = new Set(model.policies.map((p) => p.table));
    const out: RuleFinding[] = [];
    for (const iso of isolations(model, tenancy)) {
      const owner = iso.scoped ? `has the tenant column ${tenancy.column}` : `belongs to a tenant through ${iso.path?.join(' → ')}`;
      const t = tableSql(model, iso.table);
      if (iso.verdict === 'rls-disabled' && rls) {
        const hasPolicies = withPolicies.has(iso.table);
        const schema = schemaOf.get(iso.table) ?? '';
        const api = exposed.has(schema) ? `; and its schema ${schema} is exposed by PostgREST (${exposureSource(model)}), so that is over the API too` : '';
        out.push({
          object: iso.table,
          message: `${iso.table} ${owner}, but row-level security is off: every role that can read it sees every tenant's rows${api}`,
          remediation: [
            `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;`,
            `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;`,
            ...(hasPolicies ? [] : [isolationSql(model, tenancy, iso.table, iso.scoped, iso.path, false)]),
          ].join('\n'),
        });
      }
      if (iso.verdict === 'does-not-filter') {
        const one = iso.policies.length === 1;
        out.push({
          object: iso.table,
          message:
            `${iso.table} ${owner}, but ${one ? 'policy' : 'policies'} ${iso.policies.map(policyText).join(', ')} ` +
            `${one ? 'lets' : 'let'} rows through without it: ${iso.scoped ? `${tenancy.column} is never compared` : 'the parent row is never checked'}, so rows cross tenants`,
          remediation:
            `-- a restrictive policy is AND-ed with every permissive one (the open one and all others, admin and public ones too):\n` +
            isolationSql(model, tenancy, iso.table, iso.scoped, iso.path, true),
        });
      }
    }
    return out;
  },
};
