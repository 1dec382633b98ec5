/**
 * Changes to privileges, one change per object and grantee (`public.orders:anon`), listing the privileges gained and
 * lost. Gaining one is a security matter when the grantee is everyone (PUBLIC) or an API role (`anon`,
 * `authenticated`) — except on a new table with RLS enabled, whose policies (reported on their own) decide the rows;
 * losing one is breaking (that role's queries fail). Grants on dropped objects go with them; grants on new objects
 * are listed, as they are exactly what a security review looks for.
 *
 * The model records explicit ACL entries only, and a function nobody granted or revoked anything on keeps
 * PostgreSQL's default (EXECUTE for PUBLIC) with no entry: for functions both sides have, that default is made
 * explicit before comparing, so a `REVOKE EXECUTE … FROM PUBLIC` shows as what it is. Pure.
 */
import type { Grant } from '../model/types.js';
import { EXPOSED_ROLES, listText, mk, roleText, type DiffContext, type Side } from './context.js';
import type { Change } from './types.js';

interface Held {
  objectKind: Grant['objectKind'];
  object: string;
  grantee: string;
  /** `SELECT`, `SELECT WITH GRANT OPTION`, … */
  privileges: Set<string>;
}

function held(s: Side, defaults: Set<string>): Map<string, Held> {
  const out = new Map<string, Held>();
  const add = (g: Pick<Grant, 'objectKind' | 'object' | 'grantee' | 'privilege' | 'grantable'>) => {
    const id = `${g.object}:${g.grantee}`;
    let h = out.get(id);
    if (!h) out.set(id, (h = { objectKind: g.objectKind, object: g.object, grantee: g.grantee, privileges: new Set() }));
    const name = g.privilege.toUpperCase();
    h.privileges.add(name);
    if (g.grantable) h.privileges.add(`${name} WITH GRANT OPTION`);
  };
  for (const g of s.model.grants) if (s.grantable.has(g.object)) add(g);
  const granted = new Set(s.model.grants.filter((g) => g.objectKind === 'function').map((g) => g.object));
  for (const fn of defaults) {
    if (!granted.has(fn)) add({ objectKind: 'function', object: fn, grantee: 'public', privilege: 'execute', grantable: false });
  }
  return out;
}

const KIND_WORDS: Record<Grant['objectKind'], string> = {
  table: 'the table',
  view: 'the view',
  sequence: 'the sequence',
  column: 'the column',
  schema: 'the schema',
  function: 'the function',
};

/** The table or view a grant's object belongs to (itself, or a column's table). */
function tableOf(s: Side, h: Held): string | null {
  if (h.objectKind === 'table' || h.objectKind === 'view') return h.object;
  if (h.objectKind === 'column') return s.columns.get(h.object)?.table.id ?? null;
  return null;
}

export function diffGrants(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const fnFrom = new Set(ctx.from.model.functions.filter((f) => f.origin === 'user').map((f) => f.id));
  const shared = new Set(ctx.to.model.functions.filter((f) => f.origin === 'user' && fnFrom.has(f.id)).map((f) => f.id));
  const before = held(ctx.from, shared);
  const after = held(ctx.to, shared);
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(id);
    const b = after.get(id);
    const h = (b ?? a)!;
    // Grants on an object that was dropped went with it.
    if (!b && !ctx.to.grantable.has(h.object)) continue;
    const gained = [...(b?.privileges ?? [])].filter((p) => !a?.privileges.has(p)).sort();
    const lost = [...(a?.privileges ?? [])].filter((p) => !b?.privileges.has(p)).sort();
    if (!gained.length && !lost.length) continue;
    const who = roleText(h.grantee);
    const on = `on ${KIND_WORDS[h.objectKind]}`;
    const exposed = EXPOSED_ROLES.has(h.grantee);
    const table = tableOf(b ? ctx.to : ctx.from, h);
    // A new table with RLS on is how Supabase projects work (its default privileges grant the API roles ALL): the
    // policies, reported on their own, decide what the grant exposes.
    const guarded = table !== null && ctx.addedRelations.has(table) && ctx.to.tables.get(table)?.rls.enabled === true;
    const parts = [
      gained.length && `${listText(gained)} ${on} granted to ${who}${exposed ? (h.grantee === 'public' ? ' (every role)' : ' (an API role)') : ''}${exposed && guarded ? '; RLS is enabled on the new table, so its policies decide which rows' : ''}`,
      lost.length && `${listText(lost)} ${on} revoked from ${who}: its queries that need ${lost.length === 1 ? 'it' : 'them'} fail`,
    ].filter(Boolean);
    const list = (x: Held | undefined) => (x && x.privileges.size ? [...x.privileges].sort().join(', ') : null);
    out.push(mk({
      kind: 'grant',
      object: id,
      table,
      change: !a ? 'added' : !b ? 'removed' : 'changed',
      aspect: a && b ? 'privileges' : null,
      breaking: lost.length > 0,
      security: gained.length > 0 && exposed && !guarded,
      reason: parts.join('; '),
      from: list(a),
      to: list(b),
    }));
  }
  return out;
}
