/**
 * How the probes act as a tenant, read from the schema itself: which setting the policies read (directly, or inside
 * the functions they call), whether they go through Supabase's `auth.uid()`, and which role they are written for.
 *
 * Pure: model and analysis in, a plan out. The sandbox applies it (`probe.ts`).
 */
import { functionBody } from '../analyze/function-body.js';
import { funcCallName, literalText, parseExpression, walk, type Node } from '../analyze/sql-expr.js';
import type { Tenancy } from '../analyze/types.js';
import type { Func, SchemaModel } from '../model/types.js';

export interface ContextPlan {
  kind: 'guc' | 'jwt' | 'none';
  /** The setting to set: the GUC the policies read, or `request.jwt.claims`. */
  setting: string | null;
  /** Roles the subject tables' policies name (other than `public`), most used first. */
  policyRoles: string[];
}

/** Supabase's helpers that read the JWT claims. */
const JWT_FUNCTIONS = new Set(['auth.uid', 'auth.jwt', 'auth.role', 'auth.email']);
const JWT_SETTINGS = /^request\.jwt\.claims?(\.|$)/;

/** What an expression reads: `current_setting('x')` names and calls of other functions (by `schema.name` or name). */
interface Reads {
  settings: Set<string>;
  calls: Set<string>;
}

function readsOf(node: unknown, into: Reads): void {
  walk(node, (kind, body) => {
    if (kind !== 'FuncCall') return;
    const name = funcCallName({ FuncCall: body } as Node) ?? [];
    const bare = name[name.length - 1] ?? '';
    if (bare === 'current_setting' && (name.length === 1 || name[0] === 'pg_catalog')) {
      const first = (body.args as Node[] | undefined)?.[0];
      const text = first ? literalText(first) : null;
      if (text) into.settings.add(text);
      return;
    }
    into.calls.add(name.join('.'));
  });
}

/**
 * The settings an expression reads, following the user functions it calls (to depth 3): `client_id =
 * current_tenant()` where `current_tenant()` returns `current_setting('app.tenant')::uuid` reads `app.tenant`.
 * `auth.uid()` and the other JWT helpers count as reading `request.jwt.claims`.
 */
export function settingsRead(model: SchemaModel, expressions: (string | null)[]): { settings: Set<string>; jwt: boolean } {
  const byName = new Map<string, Func[]>();
  for (const fn of model.functions) {
    for (const key of [`${fn.schema}.${fn.name}`, fn.name]) {
      const list = byName.get(key) ?? [];
      list.push(fn);
      byName.set(key, list);
    }
  }
  const reads: Reads = { settings: new Set(), calls: new Set() };
  for (const text of expressions) {
    const node = text ? parseExpression(text) : null;
    if (node) readsOf(node, reads);
  }
  let jwt = false;
  const seen = new Set<string>();
  let frontier = [...reads.calls];
  for (let depth = 0; depth < 3 && frontier.length; depth++) {
    const next: string[] = [];
    for (const call of frontier) {
      if (JWT_FUNCTIONS.has(call)) jwt = true;
      for (const fn of byName.get(call) ?? []) {
        if (seen.has(fn.id)) continue;
        seen.add(fn.id);
        const inner: Reads = { settings: new Set(), calls: new Set() };
        for (const tree of functionBody(fn)?.trees ?? []) readsOf(tree, inner);
        for (const s of inner.settings) reads.settings.add(s);
        next.push(...inner.calls);
      }
    }
    frontier = next;
  }
  for (const s of reads.settings) if (JWT_SETTINGS.test(s)) jwt = true;
  return { settings: reads.settings, jwt };
}

/**
 * The tenant context of the subject's tables: a custom GUC when their policies read one (the most read, if several),
 * else Supabase's JWT claims when they call `auth.uid()` (or read `request.jwt.claims`), else none.
 */
export function planContext(model: SchemaModel, tenancy: Tenancy): ContextPlan {
  const subject = new Set([tenancy.root, ...tenancy.scoped, ...tenancy.inherited.map((i) => i.table)]);
  const policies = model.policies.filter((p) => subject.has(p.table));
  const counts = new Map<string, number>();
  const roleCounts = new Map<string, number>();
  let jwt = false;
  for (const p of policies) {
    const read = settingsRead(model, [p.using, p.withCheck]);
    jwt ||= read.jwt;
    for (const s of read.settings) if (!JWT_SETTINGS.test(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const r of p.roles) if (r !== 'public') roleCounts.set(r, (roleCounts.get(r) ?? 0) + 1);
  }
  const rank = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k]) => k);
  const policyRoles = rank(roleCounts);
  const gucs = rank(counts);
  if (gucs.length) return { kind: 'guc', setting: gucs[0]!, policyRoles };
  if (jwt) return { kind: 'jwt', setting: 'request.jwt.claims', policyRoles };
  return { kind: 'none', setting: null, policyRoles };
}
