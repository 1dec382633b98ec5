/**
 * Tenancy: which table is the tenant root, which tables carry the tenant column (scoped), which reach it only
 * through FKs (inherited), and, for each of those, whether row-level security actually filters on the tenant.
 *
 * Why: the commonest multi-tenant leak is a tenant table whose policies do not compare the tenant column (or whose
 * RLS is off). Tools that match policy *text* get this wrong (`LIKE '%client_id%'` is satisfied by
 * `client_id IS NOT NULL OR true`); here every policy expression is read through Postgres' own parse tree.
 *
 * Root and column: from `options.tenant` (validated; a bad key throws naming it), else inferred — see `inferRoot`,
 * which also gives the candidates it weighed (`tenantCandidates`; none when the tenant is configured or `null`).
 * Scoped: analysed tables other than the root that have a column of that name. Inherited: the other tables whose
 * outgoing FKs reach the root or a scoped table (the root counts: `payments.payer_id → organizations`); `path` is
 * the chain of table ids from the table to the first scoped table or root it meets — the shortest through NOT NULL
 * FKs (every column NOT NULL) when there is one (`nullable: false`), else the shortest through any FKs
 * (`nullable: true`: a row whose FK is NULL has no tenant); among equally short ones, one that ends at the root,
 * then the smallest by code point. Outside: the rest.
 *
 * Isolation, per policy (`filter`), from the expressions Postgres applies for the policy's command: USING for
 * SELECT and DELETE, WITH CHECK for INSERT; for UPDATE and ALL, USING and — when present — WITH CHECK (without one,
 * Postgres reuses USING as the check). A missing expression restricts nothing. With two expressions the weaker one
 * decides (none < indirect < tenant): a tenant-filtered read with an open write still lets rows cross tenants.
 *   'tenant'   the expression constrains the tenant column: a top-level conjunct is `col = <expr>` / `<expr> = col`,
 *              `col IS NOT DISTINCT FROM <expr>`, `col IN (…)`, `col = ANY (…)` or `col IN (SELECT …)`, with casts
 *              stripped, `col` bare or qualified by the table (or schema and table), and `<expr>` reading no column
 *              of the row outside a subquery (`col = col` filters nothing); every branch of an OR must constrain it;
 *              one conjunct of an AND is enough. Only a table that has the column can be 'tenant'.
 *   'indirect' it does not, but it calls one of the user's functions or has a subquery (EXISTS, IN (SELECT …)),
 *              which may well filter on the tenant but cannot be seen through; an expression that does not parse too.
 *   'none'     anything else: `true`, `auth.role() = 'service_role'`, `user_id = auth.uid()`.
 * Verdict, per table (first that applies):
 *   'rls-disabled'    RLS is off.
 *   'no-policy'       no permissive policy (none at all, or restrictive ones only): no row is visible.
 *   'filters-tenant'  every permissive policy is 'tenant' or is covered by restrictive 'tenant' policies (for each
 *                     command it applies to, a restrictive one for that command or ALL, to `public` or to all of its
 *                     roles — restrictive policies are AND-ed with the permissive ones).
 *   'does-not-filter' some permissive policy is 'none' and not covered so.
 *   'indirect'        otherwise (some permissive policy is 'indirect' and not covered).
 */
import { byCodePoint, type Lookup } from './lookup.js';
import { isOptional } from './relationships.js';
import { boolParts, columnRefName, funcCallName, kindOf, parseExpression, readsRow, stripCasts, walk, type Node } from './sql-expr.js';
import {
  AnalysisConfigError,
  type AnalysisOptions,
  type IsolationVerdict,
  type Tenancy,
  type TenantCandidate,
  type TenantIsolation,
} from './types.js';
import type { ForeignKey, Policy, PolicyCommand, Table } from '../model/types.js';

/** Fewest distinct tables that must reference a candidate root through one column for it to be inferred. */
export const MIN_TENANT_REFERENCES = 3;

/**
 * A schema is per-user rather than multi-tenant when some person column (`userId`) is referenced by more than this
 * many times as many tables as the tenant candidate: the organization there is a feature, not the partition.
 */
export const PER_USER_RATIO = 2;

/** At most this many entries in `tenantCandidates`. */
export const MAX_TENANT_CANDIDATES = 5;

/** Words that name a tenant in a column or table name (`client_id`, `organizationId`, `workspaces`). */
const TENANT_WORDS = new Set([
  'tenant', 'client', 'organization', 'organisation', 'org', 'account', 'workspace', 'company', 'team', 'customer',
  'agency', 'brand', 'merchant', 'store', 'shop', 'business', 'enterprise', 'firm', 'vendor',
]);

/** Words that name a person: scoping rows by user is not multi-tenancy (`user_id`, `created_by`, `owner_id`). */
const PERSON_WORDS = new Set([
  'user', 'profile', 'person', 'people', 'member', 'author', 'owner', 'creator', 'actor', 'employee', 'staff',
  'admin', 'by',
]);

type Filter = TenantIsolation['policies'][number]['filter'];
const COMMANDS: PolicyCommand[] = ['select', 'insert', 'update', 'delete'];

/** The tenancy, and the candidates the inference weighed (empty when the tenant is configured or `null`). */
export function analyzeTenancy(lookup: Lookup, options: AnalysisOptions): { tenancy: Tenancy | null; candidates: TenantCandidate[] } {
  if (options.tenant === null) return { tenancy: null, candidates: [] }; // the config says: no tenancy, infer nothing
  const { choice, candidates } = options.tenant
    ? { choice: configuredRoot(lookup, options.tenant), candidates: [] }
    : inferRoot(lookup);
  return { tenancy: choice ? tenancyOf(lookup, choice) : null, candidates };
}

function tenancyOf(lookup: Lookup, choice: RootChoice): Tenancy {
  const { root, column } = choice;
  const scoped = [...lookup.tables.keys()].filter((id) => id !== root && lookup.column(id, column) !== undefined);
  const inherited = inheritedPaths(lookup, root, new Set([root, ...scoped]));
  const reached = new Set([root, ...scoped, ...inherited.map((i) => i.table)]);
  const outside = [...lookup.tables.keys()].filter((id) => !reached.has(id));

  const policies = policiesByTable(lookup);
  const userFunctions = userFunctionNames(lookup);
  const scopedSet = new Set(scoped);
  const isolation = [...scoped, ...inherited.map((i) => i.table)]
    .sort(byCodePoint)
    .map((id) => isolationOf(lookup.tables.get(id)!, policies.get(id) ?? [], column, scopedSet.has(id), userFunctions));

  return {
    source: choice.source,
    root,
    column,
    evidence: choice.evidence,
    scoped: scoped.sort(byCodePoint),
    inherited,
    outside: outside.sort(byCodePoint),
    isolation,
  };
}

interface RootChoice {
  source: Tenancy['source'];
  root: string;
  column: string;
  evidence: string | null;
}

function configuredRoot(lookup: Lookup, tenant: { root: string; column: string }): RootChoice {
  if (typeof tenant.root !== 'string' || !lookup.tables.has(tenant.root)) {
    throw new AnalysisConfigError(`tenant.root: no table ${String(tenant.root)} (expected the id of an analysed table, e.g. public.clients)`);
  }
  const present = typeof tenant.column === 'string' && [...lookup.tables.keys()].some((id) => lookup.column(id, tenant.column));
  if (!present) throw new AnalysisConfigError(`tenant.column: no table has a column ${String(tenant.column)}`);
  return { source: 'config', root: tenant.root, column: tenant.column, evidence: null };
}

/**
 * The inferred root: the table referenced by the most distinct tables through single-column FKs that share one
 * column name (self-references do not count), among the (table, column name) pairs that
 *   - do not name a person in the column or the table (`user_id`, `created_by`, `public.users`),
 *   - have at least MIN_TENANT_REFERENCES referencing tables,
 *   - use tenant vocabulary (TENANT_WORDS) in the column name or, failing that, in the table name, and
 *   - are not dwarfed by per-user scoping: no person pair has more than PER_USER_RATIO times their tables.
 * Ranked by vocabulary in the column first, then in the table, then by the number of tables, then root id and column
 * name in code-point order. Null when no pair qualifies: a schema without tenant words is not assumed to be
 * multi-tenant.
 *
 * The candidates: the accepted pair first, then the others in that ranking (person pairs and pairs without tenant
 * words ranked as pairs without vocabulary), at most MAX_TENANT_CANDIDATES, each rejected by the first rule above
 * that drops it — or, when it qualifies, by the rank of the accepted pair.
 */
function inferRoot(lookup: Lookup): { choice: RootChoice | null; candidates: TenantCandidate[] } {
  const referrers = new Map<string, { root: string; column: string; tables: Set<string> }>();
  for (const f of lookup.foreignKeys) {
    if (f.columns.length !== 1 || f.table === f.refTable) continue;
    const column = f.columns[0]!;
    const key = `${f.refTable}\u0000${column}`;
    const entry = referrers.get(key) ?? { root: f.refTable, column, tables: new Set<string>() };
    entry.tables.add(f.table);
    referrers.set(key, entry);
  }

  const pairs = [...referrers.values()]
    .map(({ root, column, tables }): Pair => {
      const tableName = lookup.tables.get(root)!.name;
      const [columnWords, tableWords] = [nameWords(column), nameWords(tableName)];
      const has = (words: string[], set: Set<string>) => words.some((w) => set.has(w));
      return {
        root,
        column,
        tables: tables.size,
        person: has(columnWords, PERSON_WORDS) ? column : has(tableWords, PERSON_WORDS) ? tableName : null,
        tier: has(columnWords, TENANT_WORDS) ? 0 : has(tableWords, TENANT_WORDS) ? 1 : 2,
      };
    })
    .sort((a, b) => a.tier - b.tier || b.tables - a.tables || byCodePoint(a.root, b.root) || byCodePoint(a.column, b.column));
  // the person pair with the most tables (the first in rank among equals)
  const perUser = pairs.filter((p) => p.person !== null).reduce<Pair | null>((m, p) => (m && m.tables >= p.tables ? m : p), null);
  const outweighed = (p: Pair) => perUser !== null && p.tables * PER_USER_RATIO < perUser.tables;
  const best = pairs.find((p) => p.person === null && p.tables >= MIN_TENANT_REFERENCES && p.tier < 2 && !outweighed(p));

  const reason = (p: Pair): string => {
    const tableName = lookup.tables.get(p.root)!.name;
    if (p.person !== null) return `"${p.person}" names a person: per-user scoping is not multi-tenancy`;
    if (p.tables < MIN_TENANT_REFERENCES) return `only ${tablesText(p.tables, true)} it (at least ${MIN_TENANT_REFERENCES} needed)`;
    if (p.tier === 2) return `no tenant word in "${p.column}" or "${tableName}"`;
    if (outweighed(p)) {
      return `"${p.column}" (${tablesText(p.tables)}) is outweighed by the per-user "${perUser!.column}" (${tablesText(perUser!.tables)})`;
    }
    const winner = `${best!.root} through "${best!.column}"`;
    if (p.tier > best!.tier) return `the tenant word is only in the table name; ${winner} has one in the column`;
    if (p.tables < best!.tables) return `fewer tables than ${winner} (${best!.tables})`;
    return `as many tables as ${winner}, which comes first by id`;
  };
  const candidates = [...(best ? [best] : []), ...pairs.filter((p) => p !== best)]
    .slice(0, MAX_TENANT_CANDIDATES)
    .map((p): TenantCandidate => ({
      root: p.root,
      column: p.column,
      tables: p.tables,
      accepted: p === best,
      rejected: p === best ? null : reason(p),
    }));

  if (!best) return { choice: null, candidates };
  return {
    choice: {
      source: 'inferred',
      root: best.root,
      column: best.column,
      evidence: `${best.tables} tables reference ${best.root} through ${best.column}`,
    },
    candidates,
  };
}

/** A (root, column) pair the inference weighs. */
interface Pair {
  root: string;
  column: string;
  tables: number;
  /** The column name, else the table name, when it has a person word; else null. */
  person: string | null;
  /** Where the tenant vocabulary is: 0 in the column name, 1 in the table name only, 2 nowhere. */
  tier: number;
}

/** `1 table`, `3 tables`; with `verb`: `1 table references`, `3 tables reference`. */
function tablesText(n: number, verb = false): string {
  if (!verb) return `${n} table${n === 1 ? '' : 's'}`;
  return `${n} table${n === 1 ? ' references' : 's reference'}`;
}

/** Lower-case singular words of a name: `organizationId` → organization, id; `gift_card_brands` → gift, card, brand. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map(singular);
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

/**
 * Tables that reach a target (root or scoped) through outgoing FKs. Two breadth-first searches backwards from all
 * targets — one through NOT NULL FKs only, one through every FK — give each table its distance to the nearest
 * target; a table the first reaches takes its NOT NULL path (`nullable: false`), any other the second's
 * (`nullable: true`: every path it has goes through a nullable FK). The path then steps, at each table, to a
 * referenced table one step closer through the FKs of its search: the root when it is one, else the smallest id —
 * so among equally short paths, one ending at the root, then the code-point-smallest. Linear in tables + FKs.
 */
function inheritedPaths(lookup: Lookup, root: string, targets: Set<string>): Tenancy['inherited'] {
  const notNull = (f: ForeignKey) => !isOptional(lookup, f);
  const any = () => true;
  const strict = distances(lookup, targets, notNull);
  const loose = distances(lookup, targets, any);

  const inherited: Tenancy['inherited'] = [];
  for (const id of [...loose.keys()].sort(byCodePoint)) {
    if (targets.has(id)) continue;
    const nullable = !strict.has(id);
    const [distance, usable] = nullable ? [loose, any] : [strict, notNull];
    const path = [id];
    let current = id;
    while (!targets.has(current)) {
      const step = distance.get(current)! - 1;
      let next: string | undefined;
      for (const f of lookup.outgoing.get(current) ?? []) {
        if (distance.get(f.refTable) !== step || !usable(f) || next === root) continue;
        if (next === undefined || f.refTable === root || byCodePoint(f.refTable, next) < 0) next = f.refTable;
      }
      current = next!;
      path.push(current);
    }
    inherited.push({ table: id, path, nullable });
  }
  return inherited;
}

/** Distance of each table to the nearest target, backwards through the FKs `usable` accepts (targets at 0). */
function distances(lookup: Lookup, targets: Set<string>, usable: (f: ForeignKey) => boolean): Map<string, number> {
  const distance = new Map<string, number>();
  const queue: string[] = [];
  for (const id of targets) {
    distance.set(id, 0);
    queue.push(id);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const f of lookup.incoming.get(id) ?? []) {
      if (distance.has(f.table) || !usable(f)) continue;
      distance.set(f.table, distance.get(id)! + 1);
      queue.push(f.table);
    }
  }
  return distance;
}

function policiesByTable(lookup: Lookup): Map<string, Policy[]> {
  const byTable = new Map<string, Policy[]>();
  for (const p of lookup.model.policies) {
    const list = byTable.get(p.table);
    if (list) list.push(p);
    else byTable.set(p.table, [p]);
  }
  for (const list of byTable.values()) list.sort((a, b) => byCodePoint(a.id, b.id));
  return byTable;
}

/** Names by which a policy can call one of the user's own functions: `schema.name`, and the bare name. */
function userFunctionNames(lookup: Lookup): Set<string> {
  const names = new Set<string>();
  for (const f of lookup.model.functions) {
    if (f.origin !== 'user') continue;
    names.add(`${f.schema}.${f.name}`);
    names.add(f.name);
  }
  return names;
}

interface TenantColumn {
  column: string;
  table: Table;
  /** False for an inherited table: it has no tenant column to compare. */
  present: boolean;
  userFunctions: Set<string>;
}

function isolationOf(table: Table, policies: Policy[], column: string, present: boolean, userFunctions: Set<string>): TenantIsolation {
  const ctx: TenantColumn = { column, table, present, userFunctions };
  const filters = new Map(policies.map((p) => [p.id, policyFilter(p, ctx)]));
  return {
    table: table.id,
    rlsEnabled: table.rls.enabled,
    rlsForced: table.rls.forced,
    verdict: verdictOf(table, policies, filters),
    policies: policies.map((p) => ({ policy: p.id, command: p.command, permissive: p.permissive, filter: filters.get(p.id)! })),
  };
}

const STRENGTH: Record<Filter, number> = { none: 0, indirect: 1, tenant: 2 };

/** The weakest filter among the expressions Postgres applies for the policy's command (see the header). */
function policyFilter(policy: Policy, ctx: TenantColumn): Filter {
  const expressions =
    policy.command === 'select' || policy.command === 'delete'
      ? [policy.using]
      : policy.command === 'insert'
        ? [policy.withCheck]
        : policy.withCheck === null
          ? [policy.using]
          : [policy.using, policy.withCheck];
  return expressions.map((e) => expressionFilter(e, ctx)).reduce((a, b) => (STRENGTH[b] < STRENGTH[a] ? b : a));
}

function expressionFilter(text: string | null, ctx: TenantColumn): Filter {
  if (text === null) return 'none';
  const node = parseExpression(text);
  if (!node) return 'indirect';
  if (ctx.present && constrainsTenant(node, ctx)) return 'tenant';
  return isOpaque(node, ctx.userFunctions) ? 'indirect' : 'none';
}

/** AND: one conjunct constrains the column; OR: every branch does; otherwise the node itself compares it. */
function constrainsTenant(node: Node, ctx: TenantColumn): boolean {
  const conjuncts = boolParts(node, 'AND_EXPR');
  if (conjuncts.length > 1) return conjuncts.some((c) => constrainsTenant(c, ctx));
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length > 1) return branches.every((b) => constrainsTenant(b, ctx));
  return comparesTenant(node, ctx);
}

function comparesTenant(node: Node, ctx: TenantColumn): boolean {
  const [kind, body] = kindOf(node);
  if (kind === 'SubLink') {
    const op = body.operName as Node[] | undefined;
    const equality = !op || (op.length === 1 && kindOf(op[0]!)[1].sval === '=');
    return body.subLinkType === 'ANY_SUBLINK' && equality && isTenantColumn(body.testexpr, ctx);
  }
  if (kind !== 'A_Expr') return false;
  const name = body.name as Node[] | undefined;
  if (!name || name.length !== 1 || kindOf(name[0]!)[1].sval !== '=') return false;
  const left = body.lexpr as Node | undefined;
  const right = body.rexpr as Node | undefined;
  if (!left || !right) return false;
  switch (body.kind) {
    case 'AEXPR_OP':
    case 'AEXPR_NOT_DISTINCT':
      return (isTenantColumn(left, ctx) && !readsRow(right)) || (isTenantColumn(right, ctx) && !readsRow(left));
    case 'AEXPR_IN':
    case 'AEXPR_OP_ANY':
      return isTenantColumn(left, ctx) && !readsRow(right);
    default:
      return false;
  }
}

/** `client_id`, `clients_table.client_id` or `public.table.client_id`, casts stripped. */
function isTenantColumn(node: unknown, ctx: TenantColumn): boolean {
  if (!node || typeof node !== 'object') return false;
  const parts = columnRefName(stripCasts(node as Node));
  if (!parts || parts[parts.length - 1] !== ctx.column) return false;
  if (parts.length === 1) return true;
  if (parts.length === 2) return parts[0] === ctx.table.name;
  return parts.length === 3 && parts[0] === ctx.table.schema && parts[1] === ctx.table.name;
}


/** A subquery or a call to one of the user's functions: something whose filtering we cannot see. */
function isOpaque(node: Node, userFunctions: Set<string>): boolean {
  let opaque = false;
  const check = (kind: string, body: Record<string, unknown>): void => {
    if (kind === 'SubLink') opaque = true;
    if (kind === 'FuncCall') {
      const name = funcCallName({ FuncCall: body });
      if (name && userFunctions.has(name.join('.'))) opaque = true;
    }
  };
  walk(node, check); // visits `node` itself too
  return opaque;
}

function verdictOf(table: Table, policies: Policy[], filters: Map<string, Filter>): IsolationVerdict {
  if (!table.rls.enabled) return 'rls-disabled';
  const permissive = policies.filter((p) => p.permissive);
  if (permissive.length === 0) return 'no-policy';
  const floors = policies.filter((p) => !p.permissive && filters.get(p.id) === 'tenant');
  const open = permissive.filter((p) => filters.get(p.id) !== 'tenant' && !coveredBy(p, floors));
  if (open.length === 0) return 'filters-tenant';
  return open.some((p) => filters.get(p.id) === 'none') ? 'does-not-filter' : 'indirect';
}

/** Restrictive tenant policies cover a permissive one when, for each command it allows, one applies to its roles. */
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
