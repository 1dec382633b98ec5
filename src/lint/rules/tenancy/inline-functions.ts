/**
 * Reading through one-statement SQL functions in policies, for tenancy/tenant-isolation-unverified. A policy such as
 * `user_can_access_client(auth.uid(), client_id)` hides its tenant check in the function; when the function is
 * `LANGUAGE sql` with one statement (src/analyze/function-body.ts gives its parse tree), the call can be judged:
 *
 *   tenant  the row's tenant column (or an FK column to the tenant root) is passed to a parameter that the body compares (`=`) with a table column, and
 *           the caller's identity (auth.uid(), current_setting(), CURRENT_USER) is passed to a parameter the body
 *           compares with a table column too, or the body reads it itself: a membership lookup of the caller, keyed
 *           by the row's tenant — `WHERE o.id = _client_id AND m.user_id = _user_id`;
 *   caller  no argument reads the row (any language): the result is the same for every row, a check of the caller
 *           only (a role check such as `has_role(auth.uid(), 'admin')`: its holders see every tenant's rows).
 *
 * A policy is resolved when every expression it applies is a tenant call (or an AND with one, or an OR of them), or
 * calls only caller functions; an `EXISTS (SELECT … FROM parent p WHERE p.id = t.parent_id AND <tenant call on
 * p.client_id>)` is a tenant check too (the parent's, through the correlation). Other subqueries, and tenant calls
 * of functions in other languages, stay unresolved.
 */
import { boolParts, columnRefName, funcCallName, kindOf, parseExpression, readsRow, stripCasts, walk, type Node } from '../../../analyze/sql-expr.js';
import type { Func, Policy, SchemaModel } from '../../../model/types.js';
import { tableOf } from '../../sql.js';
import { functionBody } from '../../../analyze/function-body.js';
import { appliedExpressions } from './isolation.js';

const IDENTITY = new Set(['auth.uid', 'auth.jwt', 'auth.email', 'current_setting', 'pg_catalog.current_setting']);
const IDENTITY_VALUES = new Set(['SVFOP_CURRENT_USER', 'SVFOP_SESSION_USER', 'SVFOP_CURRENT_ROLE', 'SVFOP_USER']);

export type Resolution = 'tenant' | 'caller';

function isIdentity(node: unknown): boolean {
  let found = false;
  walk(node, (kind, body) => {
    if (kind === 'FuncCall' && IDENTITY.has(funcCallName({ FuncCall: body })?.join('.') ?? '')) found = true;
    if (kind === 'SQLValueFunction' && IDENTITY_VALUES.has(String(body.op))) found = true;
  });
  return found;
}

/** Parameter names from `pg_get_function_arguments()` text (`_user_id uuid, _client_id uuid DEFAULT NULL`); '' when unnamed. */
export function parameterNames(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of args) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => {
    const words = p.trim().replace(/^(IN|OUT|INOUT|VARIADIC)\s+/i, '').split(/\s+/);
    return words.length > 1 ? words[0]!.replace(/^"(.*)"$/, '$1') : '';
  });
}

/** The body's one statement, when the function is SQL with exactly one. */
function oneStatement(fn: Func): Node | null {
  if (fn.language !== 'sql') return null;
  const body = functionBody(fn);
  return body && body.sqlStatements.length === 1 ? body.sqlStatements[0]! : null;
}

/** Does the body compare parameter `index` (by name or `$n`) with `=` to a column of a table it reads? */
function comparedToColumn(statement: Node, names: string[], index: number): boolean {
  const isParam = (n: unknown) => {
    if (!n || typeof n !== 'object') return false;
    const node = stripCasts(n as Node);
    const [kind, body] = kindOf(node);
    if (kind === 'ParamRef') return Number(body.number) === index + 1;
    const ref = columnRefName(node);
    return ref !== null && ref.length === 1 && names[index] !== '' && ref[0] === names[index];
  };
  const isTableColumn = (n: unknown) => !!n && typeof n === 'object' && (columnRefName(stripCasts(n as Node))?.length ?? 0) >= 2;
  let found = false;
  walk(statement, (kind, body) => {
    if (kind !== 'A_Expr' || body.kind !== 'AEXPR_OP') return;
    const op = (body.name as Node[] | undefined)?.map((n) => kindOf(n)[1].sval);
    if (op?.length !== 1 || op[0] !== '=') return;
    if ((isParam(body.lexpr) && isTableColumn(body.rexpr)) || (isParam(body.rexpr) && isTableColumn(body.lexpr))) found = true;
  });
  return found;
}

/** A call of a user function, judged (see the header); null: cannot tell. */
export function resolveCall(model: SchemaModel, call: Record<string, unknown>, tenantColumns: ReadonlySet<string>): Resolution | null {
  const name = funcCallName({ FuncCall: call })?.join('.');
  const args = (call.args as Node[] | undefined) ?? [];
  const candidates = model.functions.filter((f) => f.origin === 'user' && (f.name === name || `${f.schema}.${f.name}` === name));
  if (candidates.length !== 1) return null;
  const fn = candidates[0]!;
  // Whatever the language: arguments that read no row (no column, no subquery that could) give every row the same answer.
  if (!args.some((a) => readsRow(a) || JSON.stringify(a).includes('"SubLink"'))) return 'caller';
  const statement = oneStatement(fn);
  if (!statement) return null;
  const names = parameterNames(fn.args);
  const tenantArg = args.findIndex((a) => {
    const ref = columnRefName(stripCasts(a));
    return ref !== null && tenantColumns.has(ref[ref.length - 1]!);
  });
  if (tenantArg < 0 || !comparedToColumn(statement, names, tenantArg)) return null;
  // Every other argument that reads the row makes the result depend on more than the tenant: not judged.
  if (args.some((a, i) => i !== tenantArg && readsRow(a))) return null;
  const callerArg = args.some((a, i) => i !== tenantArg && isIdentity(a) && comparedToColumn(statement, names, i));
  return callerArg || isIdentity(statement) ? 'tenant' : null;
}

/** `alias.col = <table>.col` (either way round): the subquery is correlated with the policy's row. */
function isCorrelation(node: Node, table: { schema: string; name: string }): boolean {
  const [kind, body] = kindOf(node);
  if (kind !== 'A_Expr' || body.kind !== 'AEXPR_OP') return false;
  const ref = (n: unknown) => (n && typeof n === 'object' ? columnRefName(stripCasts(n as Node)) : null);
  const outer = (r: string[] | null) =>
    r !== null && ((r.length === 2 && r[0] === table.name) || (r.length === 3 && r[0] === table.schema && r[1] === table.name));
  const [l, r] = [ref(body.lexpr), ref(body.rexpr)];
  return (outer(l) && r !== null && r.length === 2 && !outer(r)) || (outer(r) && l !== null && l.length === 2 && !outer(l));
}

function resolveExpression(model: SchemaModel, node: Node, tenantColumns: ReadonlySet<string>, table: { schema: string; name: string }): Resolution | null {
  const conjuncts = boolParts(node, 'AND_EXPR');
  if (conjuncts.length > 1) {
    const parts = conjuncts.map((c) => resolveExpression(model, c, tenantColumns, table));
    return parts.includes('tenant') ? 'tenant' : parts.every((p) => p === 'caller') ? 'caller' : null;
  }
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length > 1) {
    const parts = branches.map((b) => resolveExpression(model, b, tenantColumns, table));
    return parts.every((p) => p === 'tenant') ? 'tenant' : parts.every((p) => p === 'caller') ? 'caller' : null;
  }
  const [kind, body] = kindOf(stripCasts(node));
  if (kind === 'FuncCall') return resolveCall(model, body, tenantColumns);
  if (kind === 'BoolExpr' && body.boolop === 'NOT_EXPR') {
    // NOT of a caller check is a caller check; NOT of a tenant check is not a tenant filter.
    return resolveExpression(model, ((body.args as Node[] | undefined) ?? [])[0] ?? {}, tenantColumns, table) === 'caller' ? 'caller' : null;
  }
  if (kind === 'SubLink' && body.subLinkType === 'EXISTS_SUBLINK') {
    // EXISTS (SELECT … FROM parent p WHERE p.id = <table>.parent_id AND <a tenant check of p>): the parent's tenant.
    const where = kindOf((body.subselect ?? {}) as Node)[1].whereClause as Node | undefined;
    if (!where) return null;
    const parts = boolParts(where, 'AND_EXPR');
    const correlated = parts.some((p) => isCorrelation(p, table));
    return correlated && parts.some((p) => resolveExpression(model, p, tenantColumns, table) === 'tenant') ? 'tenant' : null;
  }
  return null;
}

/**
 * The names a column holding the tenant has: the tenant column, and every single-column FK column to the tenant
 * root (`credit_accounts.org_id → organizations`, where the root's key is the tenant).
 */
export function tenantColumnNames(model: SchemaModel, tenancy: { root: string; column: string }): Set<string> {
  const names = new Set([tenancy.column]);
  for (const f of model.foreignKeys) if (f.refTable === tenancy.root && f.columns.length === 1) names.add(f.columns[0]!);
  return names;
}

/** The policy, read through its functions: 'tenant', 'caller' (same for every row), or null (still opaque). */
export function resolvePolicy(model: SchemaModel, policy: Policy, tenantColumns: ReadonlySet<string>): Resolution | null {
  const table = tableOf(model, policy.table);
  if (!table) return null;
  const results = appliedExpressions(policy).map((text) => {
    const node = text === null ? null : parseExpression(text);
    return node ? resolveExpression(model, node, tenantColumns, table) : null;
  });
  if (results.length === 0 || results.includes(null)) return null;
  return results.every((r) => r === 'caller') ? 'caller' : results.every((r) => r === 'tenant') ? 'tenant' : null;
}
