/**
 * What the security rules share: who a policy applies to and which of its expressions Postgres applies per command,
 * facts read from policy expressions through Postgres' own parse tree (never their text), privileges as the model
 * records them, and the SQL quoting that remediations need. Not a rule: the registry (index.ts) lists the rules.
 *
 * Expressions are parsed with `parseExpression` (cached; `analyze()` has loaded the parser before rules run). Text is
 * only ever *edited* at offsets the parse tree gives (to write a remediation), never searched to decide anything.
 */
import { scanSync } from 'libpg-query';
import { funcCallName, kindOf, parseExpression, stripCasts, truth, type Node } from '../../../analyze/sql-expr.js';

export { truth };
import { ident } from '../../../model/sql-text.js';
import type { Analysis } from '../../../analyze/types.js';
import type { Func, Grant, Policy, PolicyCommand, SchemaModel, Table } from '../../../model/types.js';

// ---------------------------------------------------------------------------------------------------------------
// Platform and exposure

/** The model was read with (or from) the Supabase platform: `anon` and `authenticated` are its API roles. */
export function isSupabase(model: SchemaModel): boolean {
  return model.source.platform === 'supabase';
}

/**
 * Schemas PostgREST serves: `pgrst.db_schemas` when the database says, else `public` on a Supabase model (the
 * platform's default), else none — without PostgREST nothing is reachable over HTTP.
 */
export function exposedSchemas(model: SchemaModel): Set<string> {
  if (model.settings.pgrstDbSchemas) return new Set(model.settings.pgrstDbSchemas);
  return new Set(isSupabase(model) ? ['public'] : []);
}

/** Where the exposed-schema list comes from, for messages. */
export function exposureSource(model: SchemaModel): string {
  return model.settings.pgrstDbSchemas ? 'pgrst.db_schemas' : 'the Supabase default';
}

/** Roles that RLS never applies to: superusers and BYPASSRLS roles. */
export function bypassRoles(model: SchemaModel): Set<string> {
  return new Set(model.roles.filter((r) => r.superuser || r.bypassRls).map((r) => r.name));
}

/** The policy applies only to roles that bypass RLS anyway: it never decides anything. */
export function onlyBypassRoles(policy: Policy, bypass: Set<string>): boolean {
  return policy.roles.length > 0 && policy.roles.every((r) => r !== 'public' && bypass.has(r));
}

/** The roles a policy names, for messages: `TO authenticated`, `TO PUBLIC`. */
export function rolesText(policy: Policy): string {
  return `TO ${policy.roles.map((r) => (r === 'public' ? 'PUBLIC' : r)).join(', ')}`;
}

export function commandText(command: PolicyCommand): string {
  return `FOR ${command.toUpperCase()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Which expression Postgres applies for which command

export type Command = Exclude<PolicyCommand, 'all'>;
export const COMMANDS: Command[] = ['select', 'insert', 'update', 'delete'];

export function commandsOf(policy: Policy): Command[] {
  return policy.command === 'all' ? COMMANDS : [policy.command];
}

/**
 * For one command a policy covers, the expression that picks the existing rows it may act on (USING; none for
 * INSERT) and the one new rows must pass (WITH CHECK, or USING when an ALL/UPDATE policy has no WITH CHECK: Postgres
 * reuses it; none for SELECT and DELETE). `null` means the policy has no expression there — and a permissive policy
 * without one adds nothing for that command (PostgreSQL ORs only the expressions that exist, and denies when none do).
 */
export function appliedExpressions(policy: Policy, command: Command): { rows?: string | null; newRows?: string | null } {
  switch (command) {
    case 'select':
    case 'delete':
      return { rows: policy.using };
    case 'insert':
      return { newRows: policy.withCheck ?? (policy.command === 'all' ? policy.using : null) };
    case 'update':
      return { rows: policy.using, newRows: policy.withCheck ?? policy.using };
  }
}

/** The policy's expressions, parsed; unparseable ones are left out (the caller cannot judge them). */
export function policyNodes(policy: Policy): { clause: 'USING' | 'WITH CHECK'; text: string; node: Node }[] {
  const out: { clause: 'USING' | 'WITH CHECK'; text: string; node: Node }[] = [];
  for (const [clause, text] of [['USING', policy.using], ['WITH CHECK', policy.withCheck]] as const) {
    if (text === null) continue;
    const node = parseExpression(text);
    if (node) out.push({ clause, text, node });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Walking with ancestors

export interface Visit {
  kind: string;
  body: Record<string, unknown>;
  /** Enclosing nodes, outermost first (kind and body). */
  ancestors: { kind: string; body: Record<string, unknown> }[];
}

/** A key that names a node kind (`FuncCall`, `ColumnRef`): kinds are capitalised, fields (`funcname`, `args`) are not. */
function isKindKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 65 && first <= 90; // A-Z
}

/** Depth-first over every node (the root included), with its ancestors. */
export function walkNodes(root: Node, visit: (v: Visit) => void): void {
  const stack: { kind: string; body: Record<string, unknown> }[] = [];
  const go = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) go(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (isKindKey(key) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        const body = child as Record<string, unknown>;
        visit({ kind: key, body, ancestors: [...stack] });
        stack.push({ kind: key, body });
        go(body);
        stack.pop();
      } else {
        go(child);
      }
    }
  };
  go(root);
}

/** True when some node below (and including) `root` satisfies `test`; `intoSubqueries: false` stops at SubLinks. */
export function some(root: unknown, test: (kind: string, body: Record<string, unknown>) => boolean, intoSubqueries = true): boolean {
  if (Array.isArray(root)) return root.some((r) => some(r, test, intoSubqueries));
  if (root === null || typeof root !== 'object') return false;
  const node = root as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (isKindKey(key) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      const body = child as Record<string, unknown>;
      if (test(key, body)) return true;
      if (key === 'SubLink' && !intoSubqueries) continue;
      if (some(body, test, intoSubqueries)) return true;
    } else if (some(child, test, intoSubqueries)) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts about expressions

/** The name of a call as written: `auth.uid`, `current_setting`, `pg_catalog.current_setting`. */
export function callName(body: Record<string, unknown>): string {
  return (funcCallName({ FuncCall: body }) ?? []).join('.');
}

/** The bare name of a call, without `pg_catalog.`. */
function builtinName(body: Record<string, unknown>): string | null {
  const parts = funcCallName({ FuncCall: body }) ?? [];
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2 && parts[0] === 'pg_catalog') return parts[1]!;
  return null;
}

export const AUTH_FUNCTIONS = new Set(['auth.uid', 'auth.jwt', 'auth.role', 'auth.email']);

export function isAuthCall(kind: string, body: Record<string, unknown>): boolean {
  return kind === 'FuncCall' && AUTH_FUNCTIONS.has(callName(body));
}

export function isCurrentSetting(kind: string, body: Record<string, unknown>): boolean {
  return kind === 'FuncCall' && builtinName(body) === 'current_setting';
}

/** `CURRENT_USER`, `SESSION_USER`, `CURRENT_ROLE`, `USER`. */
export function isSessionUser(kind: string, body: Record<string, unknown>): boolean {
  return (
    kind === 'SQLValueFunction' &&
    ['SVFOP_CURRENT_USER', 'SVFOP_SESSION_USER', 'SVFOP_CURRENT_ROLE', 'SVFOP_USER'].includes(String(body.op))
  );
}

/** Something whose value depends on who is asking: the JWT helpers, a setting, the session's role. */
export function isCallerSource(kind: string, body: Record<string, unknown>): boolean {
  return isAuthCall(kind, body) || isCurrentSetting(kind, body) || isSessionUser(kind, body);
}

/** A column of the policy's own row is read: a column reference outside any subquery. */
export function readsRow(node: unknown): boolean {
  return some(node, (kind) => kind === 'ColumnRef', false);
}

/** `(select <expr>)` over nothing (no FROM, no WHERE): the InitPlan wrapping of a value, not a query. */
export function isScalarWrap(kind: string, body: Record<string, unknown>): boolean {
  if (kind !== 'SubLink' || body.subLinkType !== 'EXPR_SUBLINK') return false;
  const select = kindOf((body.subselect ?? {}) as Node)[1];
  const targets = select.targetList as unknown[] | undefined;
  return !select.fromClause && !select.whereClause && targets?.length === 1;
}

/** A subquery that reads something (has a FROM): `(select auth.uid())` does not count. */
export function hasRealSubquery(node: unknown): boolean {
  return some(node, (kind, body) => kind === 'SubLink' && !isScalarWrap(kind, body));
}

/** User functions by the names a policy can call them: `schema.name` and the bare name. */
export function userFunctionsByName(model: SchemaModel): Map<string, Func[]> {
  const byName = new Map<string, Func[]>();
  for (const f of model.functions) {
    if (f.origin !== 'user') continue;
    for (const name of [`${f.schema}.${f.name}`, f.name]) {
      const list = byName.get(name);
      if (list) list.push(f);
      else byName.set(name, [f]);
    }
  }
  return byName;
}

/** The expression calls one of the user's functions (whose body may decide anything). */
export function callsUserFunction(node: unknown, userFunctions: Map<string, Func[]>): boolean {
  return some(node, (kind, body) => kind === 'FuncCall' && userFunctions.has(callName(body)));
}

/**
 * The expression gives the same answer whoever asks: no JWT helper, setting, session role or user function anywhere
 * in it (subqueries included). Such a policy selects rows by their data only.
 */
export function callerIndependent(node: unknown, userFunctions: Map<string, Func[]>): boolean {
  return !some(node, (kind, body) => isCallerSource(kind, body) || (kind === 'FuncCall' && userFunctions.has(callName(body))));
}

/** The expression reads nothing at all (no column, call, subquery, parameter or session value): a constant. */
export function isConstant(node: Node): boolean {
  return !some(node, (kind) => ['ColumnRef', 'FuncCall', 'SubLink', 'SQLValueFunction', 'ParamRef'].includes(kind));
}

/** The column a node names when it is a column of the policy's table: bare, `table.col` or `schema.table.col`. */
export function ownColumn(node: unknown, table: Table): string | null {
  if (!node || typeof node !== 'object') return null;
  const [kind, body] = kindOf(stripCasts(node as Node));
  if (kind !== 'ColumnRef') return null;
  const parts: string[] = [];
  for (const f of (body.fields as Node[] | undefined) ?? []) {
    const [k, b] = kindOf(f);
    if (k !== 'String') return null;
    parts.push(String(b.sval));
  }
  const name = parts[parts.length - 1];
  if (name === undefined) return null;
  if (parts.length === 1) return name;
  if (parts.length === 2 && parts[0] === table.name) return name;
  if (parts.length === 3 && parts[0] === table.schema && parts[1] === table.name) return name;
  return null;
}

/** The operator of an `A_Expr` (`=`, `->>`), or null. */
export function operatorOf(body: Record<string, unknown>): string | null {
  const name = body.name as Node[] | undefined;
  if (!name || name.length !== 1) return null;
  return String(kindOf(name[0]!)[1].sval);
}

// ---------------------------------------------------------------------------------------------------------------
// Tenancy

/** Tables the tenancy analysis puts under the tenant (scoped or inherited), by id. */
export function tenantTables(analysis: Analysis): Set<string> {
  const t = analysis.tenancy;
  if (!t) return new Set();
  return new Set([...t.scoped, ...t.inherited.map((i) => i.table)]);
}

// ---------------------------------------------------------------------------------------------------------------
// Privileges, as the model records them

/** The role and every role it inherits privileges from (through memberships with INHERIT), PUBLIC included. */
export function effectiveRoles(model: SchemaModel, role: string): ReadonlySet<string> {
  const memo = indexOf(model).roles;
  const hit = memo.get(role);
  if (hit) return hit;
  const roles = new Map(model.roles.map((r) => [r.name, r]));
  const out = new Set<string>(['public', role]);
  const queue = [role];
  while (queue.length) {
    const r = roles.get(queue.shift()!);
    if (!r || !r.inherit) continue;
    for (const parent of r.memberOf) {
      if (!out.has(parent)) {
        out.add(parent);
        queue.push(parent);
      }
    }
  }
  memo.set(role, out);
  return out;
}

/**
 * The grants of a model by the object they are on (column grants by their table or view), and each role's effective
 * roles, built once per model: the rules ask for every table and function, and a Supabase schema has a few grants on
 * every table, so a scan of all grants per question grows with tables × grants.
 */
interface GrantIndex {
  /** What it was built from: a model changed since (a test adding a grant) gets a new index. */
  grants: readonly Grant[];
  grantCount: number;
  roleList: SchemaModel['roles'];
  roleCount: number;
  byObject: Map<string, Grant[]>;
  columnsByRelation: Map<string, Grant[]>;
  roles: Map<string, Set<string>>;
}

const INDEXES = new WeakMap<SchemaModel, GrantIndex>();

function indexOf(model: SchemaModel): GrantIndex {
  let index = INDEXES.get(model);
  if (index && index.grants === model.grants && index.grantCount === model.grants.length && index.roleList === model.roles && index.roleCount === model.roles.length) {
    return index;
  }
  const relations = new Set<string>([...model.tables.map((t) => t.id), ...model.views.map((v) => v.id)]);
  const byObject = new Map<string, Grant[]>();
  const columnsByRelation = new Map<string, Grant[]>();
  const add = (map: Map<string, Grant[]>, key: string, g: Grant) => {
    const list = map.get(key);
    if (list) list.push(g);
    else map.set(key, [g]);
  };
  for (const g of model.grants) {
    if (g.objectKind !== 'column') {
      add(byObject, `${g.objectKind === 'view' ? 'table' : g.objectKind}:${g.object}`, g);
      continue;
    }
    // `schema.table.column`: the relation is the longest prefix that is a table or view (names may hold dots).
    for (let cut = g.object.lastIndexOf('.'); cut > 0; cut = g.object.lastIndexOf('.', cut - 1)) {
      const relation = g.object.slice(0, cut);
      if (relations.has(relation)) {
        add(columnsByRelation, relation, g);
        break;
      }
    }
  }
  index = { grants: model.grants, grantCount: model.grants.length, roleList: model.roles, roleCount: model.roles.length, byObject, columnsByRelation, roles: new Map() };
  INDEXES.set(model, index);
  return index;
}

const grantsOn = (model: SchemaModel, kind: 'schema' | 'table' | 'function', object: string): readonly Grant[] =>
  indexOf(model).byObject.get(`${kind}:${object}`) ?? [];

export function canUseSchema(model: SchemaModel, role: string, schema: string): boolean {
  const roles = effectiveRoles(model, role);
  const owner = model.schemas.find((s) => s.name === schema)?.owner;
  if (owner !== undefined && roles.has(owner)) return true;
  return grantsOn(model, 'schema', schema).some((g) => g.privilege === 'usage' && roles.has(g.grantee));
}

/**
 * Privileges `role` holds on a relation through explicit grants (directly, by membership or through PUBLIC). The model
 * records explicit ACL entries only; a relation nobody granted anything on has none but its owner's.
 */
export function relationPrivileges(model: SchemaModel, role: string, relation: string): Set<string> {
  const roles = effectiveRoles(model, role);
  return new Set(grantsOn(model, 'table', relation).filter((g) => roles.has(g.grantee)).map((g) => g.privilege));
}

/** Columns of a relation on which `role` holds a column-level privilege. */
export function columnPrivileges(model: SchemaModel, role: string, relation: string, privilege: string): Set<string> {
  const roles = effectiveRoles(model, role);
  const prefix = `${relation}.`;
  return new Set(
    (indexOf(model).columnsByRelation.get(relation) ?? [])
      .filter((g) => g.privilege === privilege && roles.has(g.grantee) && g.object.startsWith(prefix))
      .map((g) => g.object.slice(prefix.length)),
  );
}

/**
 * Who may EXECUTE a function. A function nobody ran GRANT or REVOKE on keeps PostgreSQL's default — EXECUTE for
 * PUBLIC — and the model then records no grant for it, so no recorded grant means PUBLIC. (The model leaves out the
 * owner's own entry, so a function whose EXECUTE was revoked from everyone but its owner looks the same; see the rule.)
 */
export function functionExecutors(model: SchemaModel, fn: Func): Set<string> {
  const grants = grantsOn(model, 'function', fn.id);
  if (grants.length === 0) return new Set(['public']);
  return new Set(grants.filter((g) => g.privilege === 'execute').map((g) => g.grantee));
}

export function roleExists(model: SchemaModel, name: string): boolean {
  return model.roles.some((r) => r.name === name);
}

// ---------------------------------------------------------------------------------------------------------------
// SQL for remediations

/** An identifier as SQL, quoted the way `quote_ident()` quotes it (the one keyword list, in model/sql-text.ts). */
export const quoteIdent = ident;

// The shared remediation names (src/lint/sql.ts), under the names these rules use.
import { functionSql, relationIdSql as tableSql, relationSql as qualified } from '../../sql.js';
export { functionSql, qualified, tableSql };

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `ALTER POLICY … ON … USING (…) WITH CHECK (…)` with the clauses given (null: left as they are). */
export function alterPolicy(model: SchemaModel, policy: Policy, using: string | null, withCheck: string | null): string {
  const parts = [`ALTER POLICY ${quoteIdent(policy.name)} ON ${tableSql(model, policy.table)}`];
  if (using !== null) parts.push(`USING (${using})`);
  if (withCheck !== null) parts.push(`WITH CHECK (${withCheck})`);
  return `${parts.join(' ')};`;
}

/** An edit of an expression's text: replace the bytes [start, end) (offsets into the expression) by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

const PREFIX = 'SELECT ';

/**
 * The extent of a function call in the expression text, from its parse-tree location: from the name to the closing
 * parenthesis of its argument list (found by the SQL scanner, so parentheses inside strings do not count). Offsets
 * are into the expression (bytes), or null when the scanner disagrees.
 */
export function callExtent(text: string, location: number): { start: number; end: number } | null {
  let tokens: { start: number; end: number; text: string }[];
  try {
    tokens = scanSync(`${PREFIX}${text}`).tokens;
  } catch {
    return null;
  }
  const first = tokens.findIndex((t) => t.start === location);
  if (first < 0) return null;
  let depth = 0;
  for (let i = first; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    if (t.text === ')') {
      depth--;
      if (depth === 0) return { start: location - PREFIX.length, end: t.end - PREFIX.length };
    }
  }
  return null;
}

/** Applies non-overlapping edits to an expression's text (byte offsets). */
export function applyEdits(text: string, edits: Edit[]): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue; // overlapping: keep the outer (first) edit
    out += bytes.subarray(at, e.start).toString('utf8') + e.text;
    at = e.end;
  }
  return out + bytes.subarray(at).toString('utf8');
}

/** The bytes [start, end) of the expression's text. */
export function slice(text: string, start: number, end: number): string {
  return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
}

/** `a, b and c`. */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Policies grouped by table id (in model order). */
export function policiesByTable(model: SchemaModel): Map<string, Policy[]> {
  const map = new Map<string, Policy[]>();
  for (const p of model.policies) {
    const list = map.get(p.table);
    if (list) list.push(p);
    else map.set(p.table, [p]);
  }
  return map;
}

/**
 * Restrictive policies on the same table that AND a real condition onto `policy` for `command`: one that applies to
 * that command (or ALL), to PUBLIC or to every role of the policy, and whose expression for it is not constant true.
 */
export function restrictedBy(policy: Policy, command: Command, tablePolicies: Policy[], part: 'rows' | 'newRows'): boolean {
  return tablePolicies.some((r) => {
    if (r.permissive || r.id === policy.id) return false;
    if (r.command !== 'all' && r.command !== command) return false;
    if (!r.roles.includes('public') && !policy.roles.every((role) => r.roles.includes(role))) return false;
    const text = appliedExpressions(r, command)[part];
    if (text === null || text === undefined) return false;
    const node = parseExpression(text);
    return node === null || truth(node) !== true;
  });
}
