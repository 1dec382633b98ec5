/**
 * The tenancy isolation verdicts (analysis.tenancy.isolation) as the tenancy rules report them, with one refinement:
 * a permissive policy the analysis counts as not filtering the tenant ('none') is not a cross-tenant leak when it
 * limits every row to the caller's own — `user_id = auth.uid()`, `owner = current_user`,
 * `member_id = current_setting('app.user_id')::uuid` — for each expression Postgres applies for its command. Such a
 * per-user policy shows a user their own rows, which is what the tenant filter would show them too.
 *
 * Read from the parse tree (sql-expr.ts): a top-level conjunct (of every OR branch) compares a column of the row,
 * with `=` or IS NOT DISTINCT FROM, to an expression that reads no column of the row and takes the session's
 * identity: a call to auth.uid()/auth.jwt()/current_setting() or CURRENT_USER/SESSION_USER/CURRENT_ROLE/USER.
 */
import { boolParts, columnRefName, funcCallName, kindOf, parseExpression, readsRow, stripCasts, walk, type Node } from '../../../analyze/sql-expr.js';
import type { IsolationVerdict, Tenancy, TenantIsolation } from '../../../analyze/types.js';
import type { Policy, PolicyCommand, SchemaModel } from '../../../model/types.js';

const IDENTITY_FUNCTIONS = new Set(['auth.uid', 'auth.jwt', 'auth.email', 'current_setting', 'pg_catalog.current_setting']);
const IDENTITY_VALUES = new Set(['SVFOP_CURRENT_USER', 'SVFOP_SESSION_USER', 'SVFOP_CURRENT_ROLE', 'SVFOP_USER']);
const COMMANDS: PolicyCommand[] = ['select', 'insert', 'update', 'delete'];

/** The expressions Postgres applies for a policy's command (as tenancy.ts reads them); null: restricts nothing. */
export function appliedExpressions(p: Policy): (string | null)[] {
  if (p.command === 'select' || p.command === 'delete') return [p.using];
  if (p.command === 'insert') return [p.withCheck];
  return p.withCheck === null ? [p.using] : [p.using, p.withCheck];
}


function isIdentity(node: Node): boolean {
  let found = false;
  walk(node, (kind, body) => {
    if (kind === 'FuncCall') {
      const name = funcCallName({ FuncCall: body });
      if (name && IDENTITY_FUNCTIONS.has(name.join('.'))) found = true;
    }
    if (kind === 'SQLValueFunction' && IDENTITY_VALUES.has(String(body.op))) found = true;
  });
  return found;
}

function isRowColumn(node: unknown): boolean {
  return !!node && typeof node === 'object' && columnRefName(stripCasts(node as Node)) !== null;
}

function comparesToCaller(node: Node): boolean {
  const conjuncts = boolParts(node, 'AND_EXPR');
  if (conjuncts.length > 1) return conjuncts.some(comparesToCaller);
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length > 1) return branches.every(comparesToCaller);
  const [kind, body] = kindOf(node);
  if (kind !== 'A_Expr' || (body.kind !== 'AEXPR_OP' && body.kind !== 'AEXPR_NOT_DISTINCT')) return false;
  const name = body.name as Node[] | undefined;
  if (!name || name.length !== 1 || kindOf(name[0]!)[1].sval !== '=') return false;
  const [left, right] = [body.lexpr as Node | undefined, body.rexpr as Node | undefined];
  if (!left || !right) return false;
  const side = (col: Node, other: Node) => isRowColumn(col) && !readsRow(other) && isIdentity(other);
  return side(left, right) || side(right, left);
}

/** Every expression the policy applies limits rows to the caller's own. */
export function isPerUser(p: Policy): boolean {
  return appliedExpressions(p).every((text) => {
    if (text === null) return false;
    const node = parseExpression(text);
    return node !== null && comparesToCaller(node);
  });
}

/** Restrictive tenant policies cover a permissive one when, for each command it allows, one applies to its roles (tenancy.ts). */
function coveredBy(policy: Policy, floors: Policy[]): boolean {
  const commands = policy.command === 'all' ? COMMANDS : [policy.command];
  return commands.every((command) =>
    floors.some(
      (r) =>
        (r.command === 'all' || r.command === command) &&
        (r.roles.includes('public') || policy.roles.every((role) => r.roles.includes(role))),
    ),
  );
}

export interface Isolation {
  table: string;
  verdict: IsolationVerdict;
  /** The permissive policies that decide the verdict: the open non-filtering ones (does-not-filter) or the opaque ones (indirect). */
  policies: Policy[];
  /** Whether the table has the tenant column (scoped) or reaches it through FKs (inherited), with the path. */
  scoped: boolean;
  path: string[] | null;
}

const computed = new WeakMap<SchemaModel, WeakMap<Tenancy, Isolation[]>>();

/**
 * The isolation of every scoped and inherited table, per-user policies not counted as leaks. Several rules ask
 * (and rls-disabled asks which tables the tenancy rule takes): computed once per model and tenancy, shared, so
 * callers must not change it.
 */
export function isolations(model: SchemaModel, tenancy: Tenancy): readonly Isolation[] {
  let byTenancy = computed.get(model);
  if (!byTenancy) {
    byTenancy = new WeakMap();
    computed.set(model, byTenancy);
  }
  let list = byTenancy.get(tenancy);
  if (!list) {
    list = computeIsolations(model, tenancy);
    byTenancy.set(tenancy, list);
  }
  return list;
}

function computeIsolations(model: SchemaModel, tenancy: Tenancy): Isolation[] {
  const byId = new Map(model.policies.map((p) => [p.id, p]));
  const scoped = new Set(tenancy.scoped);
  const paths = new Map(tenancy.inherited.map((i) => [i.table, i.path]));
  return tenancy.isolation.map((iso: TenantIsolation): Isolation => {
    const base = { table: iso.table, scoped: scoped.has(iso.table), path: paths.get(iso.table) ?? null };
    if (iso.verdict === 'rls-disabled' || iso.verdict === 'no-policy' || iso.verdict === 'filters-tenant') {
      return { ...base, verdict: iso.verdict, policies: [] };
    }
    const filter = new Map(iso.policies.map((p) => [p.policy, p.filter]));
    const all = iso.policies.map((p) => byId.get(p.policy)).filter((p): p is Policy => p !== undefined);
    const floors = all.filter((p) => !p.permissive && filter.get(p.id) === 'tenant');
    const open = all.filter((p) => p.permissive && filter.get(p.id) !== 'tenant' && !coveredBy(p, floors));
    const leaking = open.filter((p) => filter.get(p.id) === 'none' && !isPerUser(p));
    if (leaking.length) return { ...base, verdict: 'does-not-filter', policies: leaking };
    const opaque = open.filter((p) => filter.get(p.id) === 'indirect');
    if (opaque.length) return { ...base, verdict: 'indirect', policies: opaque };
    return { ...base, verdict: 'filters-tenant', policies: [] };
  });
}

/** Whether the schema relies on row-level security for tenants at all (some tenant table has it on), or the config names the tenant. */
export function usesRls(model: SchemaModel, tenancy: Tenancy): boolean {
  if (tenancy.source === 'config') return true;
  const tenantTables = new Set([tenancy.root, ...tenancy.scoped, ...tenancy.inherited.map((i) => i.table)]);
  return model.tables.some((t) => tenantTables.has(t.id) && t.rls.enabled);
}
