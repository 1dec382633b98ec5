/**
 * Changes to row-level security policies, and whether each one lets more rows through (`security`), fewer
 * (`breaking`), or cannot be told apart (`security`, "review"). Expressions are compared through PostgreSQL's own
 * parse tree (libpg-query, via src/analyze/sql-expr.ts), never as text: a USING that becomes constant true, an AND
 * condition removed, an OR alternative added. When the trees say nothing decisive, the analysis of each side can:
 * a policy that filtered on the tenant column and no longer does has been loosened. Anything else is left to a
 * reviewer rather than guessed.
 *
 * The expression parser must be loaded (`await loadExpressionParser()`) before `diffPolicies` runs.
 */
import { boolParts, parseExpression, type Node } from '../analyze/sql-expr.js';
import { truth } from '../analyze/sql-expr.js';
import type { Policy, PolicyCommand } from '../model/types.js';
import { listText, mk, nameOf, pair, renames, roleText, type DiffContext } from './context.js';
import { comment } from './tables.js';
import type { Change } from './types.js';

type Direction = 'same' | 'looser' | 'tighter' | 'unknown';
interface Verdict {
  direction: Direction;
  detail: string;
}

/** The parse tree without source offsets: two texts that parse alike compare equal. */
function key(node: Node): string {
  return JSON.stringify(node, (k, v: unknown) => (k === 'location' ? undefined : v));
}

/**
 * How expression `b` compares with `a` as a filter on rows (for a permissive policy: rows it lets through; for a
 * restrictive one: rows it does not stop — looser is looser either way).
 */
export function compareExpressions(a: string, b: string): Verdict {
  if (a === b) return { direction: 'same', detail: 'spelled out: new rows are checked as before' };
  const na = parseExpression(a);
  const nb = parseExpression(b);
  if (!na || !nb) return { direction: 'unknown', detail: 'it does not parse' };
  if (key(na) === key(nb)) return { direction: 'same', detail: 'rewritten: it lets the same rows through' };
  const ta = truth(na);
  const tb = truth(nb);
  if (tb === true) return { direction: 'looser', detail: 'now always true (every row passes)' };
  if (tb === false) return { direction: 'tighter', detail: 'now always false (no row passes)' };
  if (ta === true) return { direction: 'tighter', detail: 'no longer always true' };
  if (ta === false) return { direction: 'looser', detail: 'no longer always false' };
  for (const [op, word] of [['AND_EXPR', 'AND condition'], ['OR_EXPR', 'OR alternative']] as const) {
    const pa = boolParts(na, op).map(key);
    const pb = boolParts(nb, op).map(key);
    if (pa.length === 1 && pb.length === 1) continue;
    const removed = pa.filter((p) => !pb.includes(p)).length;
    const added = pb.filter((p) => !pa.includes(p)).length;
    if (removed > 0 && added > 0) continue;
    const n = removed || added;
    const what = `${n === 1 ? `an ${word}` : `${n} ${word}s`} ${removed ? 'removed' : 'added'}`;
    // Fewer AND conditions or more OR alternatives let more rows through.
    const looser = op === 'AND_EXPR' ? removed > 0 : added > 0;
    return { direction: looser ? 'looser' : 'tighter', detail: what };
  }
  return { direction: 'unknown', detail: 'cannot tell whether it lets more rows through' };
}

const ROW_COMMANDS = new Set<PolicyCommand>(['all', 'select', 'update', 'delete']);

/** The expression new rows must pass: WITH CHECK, or USING for ALL and UPDATE policies without one. */
function checkOf(p: Policy): string | null {
  return p.withCheck ?? (p.command === 'all' || p.command === 'update' ? p.using : null);
}

function clauseVerdict(a: string | null, b: string | null, permissive: boolean): Verdict {
  if (a === b) return { direction: 'same', detail: 'spelled out: new rows are checked as before' };
  if (a !== null && b !== null) return compareExpressions(a, b);
  // A permissive policy without the expression adds no rows for those commands; a restrictive one is not decided here.
  if (!permissive) return { direction: 'unknown', detail: a === null ? 'added' : 'removed' };
  return a === null
    ? { direction: 'looser', detail: 'added: the policy now lets rows through' }
    : { direction: 'tighter', detail: 'removed: the policy no longer lets rows through' };
}

export function policySummary(p: Policy): string {
  return [
    p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE',
    `FOR ${p.command.toUpperCase()}`,
    `TO ${p.roles.map(roleText).join(', ')}`,
    p.using !== null && `USING (${p.using})`,
    p.withCheck !== null && `WITH CHECK (${p.withCheck})`,
  ].filter(Boolean).join(' ');
}

const COMMAND_WORDS: Record<PolicyCommand, string> = {
  all: 'read and write',
  select: 'read',
  insert: 'insert',
  update: 'update',
  delete: 'delete',
};

const commandsOf = (c: PolicyCommand) => (c === 'all' ? ['select', 'insert', 'update', 'delete'] : [c]);

/** The policy lets every row through: its USING or WITH CHECK is constant true. */
function allowsEverything(p: Policy): boolean {
  return [p.using, p.withCheck].some((text) => {
    const node = text === null ? null : parseExpression(text);
    return node !== null && truth(node) === true;
  });
}

export function diffPolicies(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const keepFrom = (p: Policy) => ctx.from.tables.has(p.table) && !ctx.removedRelations.has(p.table);
  const keepTo = (p: Policy) => ctx.to.tables.has(p.table);
  const { removed, added, both } = pair(ctx.from.model.policies.filter(keepFrom), ctx.to.model.policies.filter(keepTo));
  const signature = (p: Policy) => JSON.stringify([p.table, p.permissive, p.command, p.roles, p.using, p.withCheck]);
  const renamed = renames(removed, added, signature);
  const renamedFrom = new Map([...renamed].map(([r, a]) => [a, r]));
  const tenantNote = (table: string) => (ctx.from.isolation.has(table) || ctx.to.isolation.has(table) ? ' on a tenant table' : '');

  for (const p of removed) {
    const to = renamed.get(p.id);
    const roles = listText(p.roles.map(roleText));
    out.push(mk({
      kind: 'policy', object: p.id, table: p.table, change: 'removed', breaking: true, security: true, from: policySummary(p),
      reason: p.permissive
        ? `policy dropped${tenantNote(p.table)}: rows only it allowed are no longer visible to ${roles}; review what replaces it`
        : `restrictive policy dropped${tenantNote(p.table)}: its condition no longer limits ${roles}`,
      hint: to ? `possibly renamed to ${nameOf(to, p.table)}` : null,
    }));
  }
  for (const p of added) {
    const was = renamedFrom.get(p.id);
    const spec = { kind: 'policy' as const, object: p.id, table: p.table, change: 'added' as const, to: policySummary(p) };
    const roles = listText(p.roles.map(roleText));
    const everything = allowsEverything(p);
    if (was) {
      out.push(mk({ ...spec, hint: `possibly renamed from ${nameOf(was, p.table)}`, reason: 'new policy identical to a dropped one' }));
    } else if (ctx.addedRelations.has(p.table)) {
      out.push(mk({
        ...spec, security: everything && p.permissive,
        reason: everything && p.permissive ? `new policy on a new table lets every row through to ${roles}` : 'new policy on a new table',
      }));
    } else if (!ctx.to.tables.get(p.table)?.rls.enabled) {
      out.push(mk({ ...spec, reason: 'new policy; RLS is disabled on the table, so it has no effect yet' }));
    } else if (p.permissive) {
      out.push(mk({
        ...spec, security: true,
        reason: everything
          ? `new permissive policy lets every row through: ${roles} may ${COMMAND_WORDS[p.command]} every row`
          : `new permissive policy${tenantNote(p.table)}: ${roles} may ${COMMAND_WORDS[p.command]} the rows it allows`,
      }));
    } else {
      out.push(mk({ ...spec, breaking: true, reason: `new restrictive policy: rows must also pass it for ${roles}` }));
    }
  }
  for (const [a, b] of both) out.push(...policyAspects(ctx, a, b, tenantNote(a.table)));
  return out;
}

function policyAspects(ctx: DiffContext, a: Policy, b: Policy, tenant: string): Change[] {
  const out: Change[] = [];
  const base = { kind: 'policy' as const, object: a.id, table: a.table, change: 'changed' as const };
  if (a.permissive !== b.permissive) {
    out.push(b.permissive
      ? mk({ ...base, aspect: 'permissive', security: true, from: 'restrictive', to: 'permissive', reason: `now permissive${tenant}: it adds rows to what other policies allow instead of limiting them` })
      : mk({ ...base, aspect: 'permissive', breaking: true, from: 'permissive', to: 'restrictive', reason: 'now restrictive: rows must pass it whatever other policies allow' }));
  }
  // Gaining commands or roles widens a permissive policy and narrows a restrictive one.
  const widen = (gained: string[], lost: string[], what: string) => {
    const gainedText = gained.length ? `now also applies to ${listText(gained)}` : '';
    const lostText = lost.length ? `no longer applies to ${listText(lost)}` : '';
    const text = [gainedText, lostText].filter(Boolean).join('; ');
    const looser = b.permissive ? gained.length > 0 : lost.length > 0;
    const tighter = b.permissive ? lost.length > 0 : gained.length > 0;
    return { security: looser, breaking: tighter, reason: `${what}: ${text}${looser ? tenant : ''}` };
  };
  if (a.command !== b.command) {
    const ca = commandsOf(a.command);
    const cb = commandsOf(b.command);
    const spec = widen(cb.filter((c) => !ca.includes(c)).map((c) => c.toUpperCase()), ca.filter((c) => !cb.includes(c)).map((c) => c.toUpperCase()), 'commands changed');
    out.push(mk({ ...base, aspect: 'command', from: a.command, to: b.command, ...spec }));
  }
  if (a.roles.join(',') !== b.roles.join(',')) {
    const everyone = (p: Policy) => p.roles.includes('public');
    const gained = everyone(a) ? [] : everyone(b) ? ['PUBLIC'] : b.roles.filter((r) => !a.roles.includes(r));
    const lost = everyone(b) ? [] : everyone(a) ? ['PUBLIC'] : a.roles.filter((r) => !b.roles.includes(r));
    const spec = widen(gained.map(roleText), lost.map(roleText), 'roles changed');
    out.push(mk({ ...base, aspect: 'roles', from: a.roles.map(roleText).join(', '), to: b.roles.map(roleText).join(', '), ...spec }));
  }
  if (a.using !== b.using) {
    const verdict: Verdict = ROW_COMMANDS.has(b.command)
      ? clauseVerdict(a.using, b.using, b.permissive)
      : { direction: 'same', detail: 'dropped: an INSERT policy reads no existing rows' };
    out.push(clauseChange(ctx, a, b, 'using', verdict, tenant));
  }
  if (a.withCheck !== b.withCheck) {
    out.push(clauseChange(ctx, a, b, 'with-check', clauseVerdict(checkOf(a), checkOf(b), b.permissive), tenant));
  }
  out.push(...comment('policy', a.id, a.table, a.comment, b.comment));
  return out;
}

function clauseChange(ctx: DiffContext, a: Policy, b: Policy, aspect: 'using' | 'with-check', verdict: Verdict, tenant: string): Change {
  const clause = aspect === 'using' ? 'USING' : 'WITH CHECK';
  const values = aspect === 'using' ? { from: a.using, to: b.using } : { from: a.withCheck, to: b.withCheck };
  const base = { kind: 'policy' as const, object: a.id, table: a.table, change: 'changed' as const, aspect, ...values };
  let { direction, detail } = verdict;
  if (direction === 'unknown') {
    // The analysis of each side knows whether the policy compares the tenant column.
    const filter = (side: 'from' | 'to') => ctx[side].isolation.get(a.table)?.policies.find((p) => p.policy === a.id)?.filter;
    if (filter('from') === 'tenant' && filter('to') === 'none') {
      direction = 'looser';
      detail = `no longer filters on the tenant column (${ctx.from.tenantColumn})`;
    }
  }
  switch (direction) {
    case 'same':
      return mk({ ...base, reason: `${clause} ${detail}` });
    case 'looser':
      return mk({ ...base, security: true, reason: `${clause} loosened${tenant}: ${detail}` });
    case 'tighter':
      return mk({ ...base, breaking: true, reason: `${clause} narrowed: ${detail}` });
    case 'unknown':
      return mk({ ...base, security: true, reason: `policy changed${tenant}: review — ${clause} ${detail}` });
  }
}
