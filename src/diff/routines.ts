/**
 * Changes to functions and views: what callers see (signatures, return types, view columns) is breaking when it can
 * fail them; what widens the rights code runs with (SECURITY DEFINER, a search_path no longer pinned, LEAKPROOF, a
 * view that stops being security_invoker or security_barrier) is a security matter. Bodies and view definitions that
 * change without either are safe, shown in full for review. Pure.
 */
import type { Func, SchemaModel, View } from '../model/types.js';
import { listText, mk, pair, renames, type DiffContext } from './context.js';
import { comment } from './tables.js';
import type { Change } from './types.js';

/** The `search_path` a function pins (`public, pg_temp`), or null. */
function searchPath(f: Func): string | null {
  const entry = f.config.find((c) => c.startsWith('search_path='));
  return entry === undefined ? null : entry.slice('search_path='.length);
}

/**
 * The body of a `pg_get_functiondef()` text: PostgreSQL prints the `CREATE` line, then one attribute per line each
 * indented by a space (` RETURNS`, ` LANGUAGE`, ` SECURITY DEFINER`, ` SET search_path …`), then the body from
 * `AS …` or `BEGIN ATOMIC` on. The attributes are compared one by one from the model's fields, so the body is
 * compared without them.
 */
export function functionBody(definition: string | null): string | null {
  if (definition === null) return null;
  const lines = definition.split('\n');
  let i = 1;
  while (i < lines.length && lines[i]!.startsWith(' ')) i++;
  return i < lines.length ? lines.slice(i).join('\n') : definition;
}

const VOLATILITY_RANK = { immutable: 0, stable: 1, volatile: 2 } as const;

export function diffFunctions(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const user = (m: SchemaModel) => m.functions.filter((f) => f.origin === 'user');
  const { removed, added, both } = pair(user(ctx.from.model), user(ctx.to.model));
  // A signature change is a drop and an add of the same name.
  const renamed = renames(removed, added, (f) => `${f.schema}.${f.name}`);
  const renamedFrom = new Map([...renamed].map(([r, a]) => [a, r]));
  for (const f of removed) {
    const to = renamed.get(f.id);
    out.push(mk({
      kind: 'function', object: f.id, change: 'removed', breaking: true, from: f.definition,
      reason: `${f.kind} dropped: queries, triggers and policies that call it fail`,
      hint: to ? `signature changed? ${to} was added` : null,
    }));
  }
  for (const f of added) {
    const was = renamedFrom.get(f.id);
    const definer = f.securityDefiner
      ? `new SECURITY DEFINER ${f.kind}: runs with the rights of its owner (${f.owner})${searchPath(f) === null ? ', without a pinned search_path' : ''}`
      : null;
    out.push(mk({
      kind: 'function', object: f.id, change: 'added', security: f.securityDefiner, to: f.definition,
      reason: definer ?? `new ${f.kind}`, hint: was ? `signature changed? ${was} was dropped` : null,
    }));
  }
  for (const [a, b] of both) out.push(...functionAspects(a, b));
  return out;
}

function functionAspects(a: Func, b: Func): Change[] {
  const out: Change[] = [];
  const base = { kind: 'function' as const, object: a.id, change: 'changed' as const };
  if (a.securityDefiner !== b.securityDefiner) {
    out.push(b.securityDefiner
      ? mk({
        ...base, aspect: 'security-definer', security: true, from: 'SECURITY INVOKER', to: 'SECURITY DEFINER',
        reason: `now SECURITY DEFINER: runs with the rights of its owner (${b.owner})${searchPath(b) === null ? ', without a pinned search_path' : ''}`,
      })
      : mk({ ...base, aspect: 'security-definer', breaking: true, from: 'SECURITY DEFINER', to: 'SECURITY INVOKER', reason: "now SECURITY INVOKER: runs with the caller's rights; callers without them fail" }));
  }
  const pa = searchPath(a);
  const pb = searchPath(b);
  if (pa !== pb) {
    const definer = b.securityDefiner;
    const spec = pb === null
      ? definer
        ? { security: true, reason: 'search_path no longer pinned on a SECURITY DEFINER function: objects in a schema the caller controls can take the place of those it uses' }
        : { reason: 'search_path no longer pinned: it resolves names with the caller\'s search_path' }
      : pa === null
        ? { reason: 'search_path pinned' }
        : definer
          ? { security: true, reason: 'search_path of a SECURITY DEFINER function changed: review the schemas it now resolves names in' }
          : { reason: 'search_path changed' };
    out.push(mk({ ...base, aspect: 'search-path', from: pa, to: pb, ...spec }));
  }
  const others = (f: Func) => f.config.filter((c) => !c.startsWith('search_path=')).join('; ');
  if (others(a) !== others(b)) {
    out.push(mk({ ...base, aspect: 'config', from: others(a) || null, to: others(b) || null, reason: 'settings it runs with changed' }));
  }
  if (a.volatility !== b.volatility) {
    const weaker = VOLATILITY_RANK[b.volatility] > VOLATILITY_RANK[a.volatility];
    out.push(mk({
      ...base, aspect: 'volatility', breaking: weaker, from: a.volatility, to: b.volatility,
      reason: weaker
        ? `now ${b.volatility}: index expressions, generated columns and queries that relied on ${a.volatility} results behave differently`
        : `now ${b.volatility}: the planner may cache or pre-compute its result`,
    }));
  }
  if (a.returns !== b.returns || a.kind !== b.kind) {
    out.push(mk({ ...base, aspect: 'returns', breaking: true, from: `${a.kind} ${a.returns ?? ''}`.trim(), to: `${b.kind} ${b.returns ?? ''}`.trim(), reason: 'result changed: callers get another type' }));
  }
  if (a.args !== b.args) {
    out.push(mk({ ...base, aspect: 'arguments', breaking: true, from: a.args, to: b.args, reason: 'argument names or defaults changed: calls that rely on them may fail' }));
  }
  if (a.language !== b.language) {
    out.push(mk({ ...base, aspect: 'language', from: a.language, to: b.language, reason: `rewritten in ${b.language}` }));
  }
  if (a.leakproof !== b.leakproof) {
    out.push(b.leakproof
      ? mk({ ...base, aspect: 'leakproof', security: true, from: 'not leakproof', to: 'LEAKPROOF', reason: 'now LEAKPROOF: the planner may run it on rows before RLS and security-barrier filters' })
      : mk({ ...base, aspect: 'leakproof', from: 'LEAKPROOF', to: 'not leakproof', reason: 'no longer LEAKPROOF' }));
  }
  if (a.strict !== b.strict) {
    out.push(b.strict
      ? mk({ ...base, aspect: 'strict', breaking: true, from: 'CALLED ON NULL INPUT', to: 'STRICT', reason: 'now STRICT: returns NULL without running when an argument is NULL' })
      : mk({ ...base, aspect: 'strict', from: 'STRICT', to: 'CALLED ON NULL INPUT', reason: 'no longer STRICT: it also runs on NULL arguments' }));
  }
  if (b.securityDefiner && a.owner !== b.owner) {
    out.push(mk({ ...base, aspect: 'owner', security: true, from: a.owner, to: b.owner, reason: `owner of a SECURITY DEFINER function changed: it now runs with the rights of ${b.owner}` }));
  }
  if (functionBody(a.definition) !== functionBody(b.definition)) {
    out.push(mk({ ...base, aspect: 'body', from: a.definition, to: b.definition, reason: 'body changed' }));
  }
  out.push(...comment('function', a.id, null, a.comment, b.comment));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

const CHECK_RANK = { none: 0, local: 1, cascaded: 2 } as const;

/** Tables a view reads that have RLS enabled: a view that runs with its owner's rights skips their policies. */
function rlsTablesRead(ctx: DiffContext, v: View): string[] {
  return v.dependsOn.filter((id) => ctx.to.model.tables.find((t) => t.id === id)?.rls.enabled);
}

export function diffViews(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(ctx.from.views.values(), ctx.to.views.values());
  for (const v of removed) {
    out.push(mk({ kind: 'view', object: v.id, change: 'removed', breaking: true, from: v.definition, reason: `${v.materialized ? 'materialized view' : 'view'} dropped: queries that use it fail` }));
  }
  for (const v of added) {
    const bypassed = v.securityInvoker ? [] : rlsTablesRead(ctx, v);
    out.push(mk({
      kind: 'view', object: v.id, change: 'added', security: bypassed.length > 0, to: v.definition,
      reason: bypassed.length
        ? `new ${v.materialized ? 'materialized view' : 'view'} reads ${listText(bypassed)} with its owner's rights: it bypasses their RLS policies`
        : `new ${v.materialized ? 'materialized view' : 'view'}`,
    }));
  }
  for (const [a, b] of both) out.push(...viewAspects(ctx, a, b));
  return out;
}

function viewAspects(ctx: DiffContext, a: View, b: View): Change[] {
  const out: Change[] = [];
  const base = { kind: 'view' as const, object: a.id, change: 'changed' as const };
  if (a.materialized !== b.materialized) {
    out.push(mk({ ...base, aspect: 'materialized', breaking: true, from: a.materialized ? 'materialized' : 'view', to: b.materialized ? 'materialized' : 'view', reason: b.materialized ? 'now materialized: it returns rows as of its last refresh' : 'no longer materialized: REFRESH on it fails' }));
  }
  const columns = (v: View) => v.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  if (columns(a) !== columns(b)) {
    const after = new Map(b.columns.map((c) => [c.name, c.type]));
    const before = new Set(a.columns.map((c) => c.name));
    const lost = a.columns.filter((c) => !after.has(c.name)).map((c) => c.name);
    const retyped = a.columns.filter((c) => after.has(c.name) && after.get(c.name) !== c.type).map((c) => c.name);
    const gained = b.columns.filter((c) => !before.has(c.name)).map((c) => c.name);
    const parts = [
      lost.length && `column${lost.length === 1 ? '' : 's'} ${listText(lost)} removed`,
      retyped.length && `type of ${listText(retyped)} changed`,
      gained.length && `column${gained.length === 1 ? '' : 's'} ${listText(gained)} added`,
    ].filter(Boolean);
    const breaking = lost.length > 0 || retyped.length > 0;
    out.push(mk({
      ...base, aspect: 'columns', breaking, from: columns(a), to: columns(b),
      reason: `${parts.join('; ') || 'columns reordered'}${breaking ? `: queries that use ${lost.length + retyped.length === 1 ? 'it' : 'them'} fail or get other values` : ''}`,
    }));
  }
  if (a.definition !== b.definition) {
    out.push(mk({ ...base, aspect: 'definition', from: a.definition, to: b.definition, reason: 'definition changed: review which rows it returns' }));
  }
  if (a.securityInvoker !== b.securityInvoker) {
    const bypassed = rlsTablesRead(ctx, b);
    out.push(b.securityInvoker
      ? mk({ ...base, aspect: 'security-invoker', breaking: true, from: 'security_invoker off', to: 'security_invoker on', reason: "now security_invoker: callers need rights on the tables it reads, and RLS applies to them" })
      : mk({
        ...base, aspect: 'security-invoker', security: true, from: 'security_invoker on', to: 'security_invoker off',
        reason: `no longer security_invoker: it runs with its owner's rights${bypassed.length ? ` and bypasses RLS on ${listText(bypassed)}` : ''}`,
      }));
  }
  if (a.securityBarrier !== b.securityBarrier) {
    out.push(b.securityBarrier
      ? mk({ ...base, aspect: 'security-barrier', from: 'off', to: 'security_barrier', reason: "now security_barrier: callers' functions only see the rows it returns" })
      : mk({ ...base, aspect: 'security-barrier', security: true, from: 'security_barrier', to: 'off', reason: "no longer security_barrier: callers' functions may see rows it filters out" }));
  }
  const ca = a.checkOption ?? 'none';
  const cb = b.checkOption ?? 'none';
  if (ca !== cb) {
    const looser = CHECK_RANK[cb] < CHECK_RANK[ca];
    out.push(mk({
      ...base, aspect: 'check-option', breaking: !looser, security: looser, from: ca, to: cb,
      reason: looser ? 'WITH CHECK OPTION loosened: writes through the view may create rows it does not show' : 'WITH CHECK OPTION tightened: writes through the view that it would not show now fail',
    }));
  }
  if (!b.securityInvoker && a.owner !== b.owner) {
    out.push(mk({ ...base, aspect: 'owner', security: true, from: a.owner, to: b.owner, reason: `owner changed: the view reads its tables with the rights of ${b.owner}` }));
  }
  out.push(...comment('view', a.id, null, a.comment, b.comment));
  return out;
}
