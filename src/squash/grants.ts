/**
 * Privileges in the squash script: for each object whose privileges were changed, `REVOKE ALL … FROM PUBLIC, <roles>`
 * and then the GRANTs the model lists — so the object ends with exactly those privileges, whatever defaults the
 * target database applied when it was created (Supabase's platform grants ALL on every new table, sequence and
 * function in `public` to `anon`, `authenticated` and `service_role`; a REVOKE … FROM PUBLIC on a function is only
 * visible as the absence of `public:execute`).
 *
 * The roles revoked from are the roles the model grants anything to (and, on Supabase, the platform's three),
 * except the object's owner and roles that own objects (the role that runs the script is one of them: it must keep
 * its own privileges). On Supabase, a table, view, sequence or function in `public` with no privileges listed is
 * reset too, because the platform's default privileges would otherwise give it some.
 *
 * Grants are grouped: one statement per set of grantees with the same privileges (`ALL` when that is every
 * privilege of the kind), column privileges per privilege and column list.
 */
import { ident, identList, qualified } from '../model/sql-text.js';
import type { Grant } from '../model/types.js';
import { routineSql } from './objects.js';
import type { Scope } from './scope.js';

export const SUPABASE_ROLES = ['anon', 'authenticated', 'service_role'];

const PRIVILEGES: Record<string, string[]> = {
  table: ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'],
  sequence: ['usage', 'select', 'update'],
  schema: ['usage', 'create'],
  function: ['execute'],
  column: ['select', 'insert', 'update', 'references'],
};

interface Target {
  /** `TABLE public.users`, `SCHEMA public`, … */
  sql: string;
  owner: string;
  kind: 'table' | 'sequence' | 'schema' | 'function';
  grants: Grant[];
  columnGrants: { grant: Grant; column: string }[];
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The privileges part of the script: one block per object, in object order. */
export function grantsSql(scope: Scope): string[][] {
  const targets = new Map<string, Target>();
  const supabase = scope.model.source.platform === 'supabase';
  for (const s of scope.schemas) targets.set(`schema:${s.id}`, { sql: `SCHEMA ${ident(s.name)}`, owner: s.owner, kind: 'schema', grants: [], columnGrants: [] });
  for (const q of scope.sequences) {
    targets.set(`rel:${q.id}`, { sql: `SEQUENCE ${qualified(q.schema, q.name)}`, owner: q.owner, kind: 'sequence', grants: [], columnGrants: [] });
  }
  for (const r of [...scope.tables.filter((t) => t.kind !== 'foreign'), ...scope.views]) {
    targets.set(`rel:${r.id}`, { sql: `TABLE ${qualified(r.schema, r.name)}`, owner: r.owner, kind: 'table', grants: [], columnGrants: [] });
  }
  for (const f of scope.functions) {
    if (f.definition === null) continue;
    targets.set(`fn:${f.id}`, { sql: routineSql(f), owner: f.owner, kind: 'function', grants: [], columnGrants: [] });
  }
  for (const g of scope.grants) {
    if (g.objectKind === 'column') {
      const c = scope.column(g.object);
      if (c) targets.get(`rel:${c.table.id}`)?.columnGrants.push({ grant: g, column: c.column.name });
    } else {
      const key = g.objectKind === 'schema' ? `schema:${g.object}` : g.objectKind === 'function' ? `fn:${g.object}` : `rel:${g.object}`;
      targets.get(key)?.grants.push(g);
    }
  }

  const owners = new Set([...scope.schemas, ...scope.tables, ...scope.views, ...scope.functions, ...scope.sequences].map((o) => o.owner));
  const grantees = new Set(scope.grants.map((g) => g.grantee).filter((r) => r !== 'public'));
  if (supabase) for (const r of SUPABASE_ROLES) grantees.add(r);
  const revokable = [...grantees].filter((r) => !owners.has(r)).sort(byCodePoint);

  const blocks: string[][] = [];
  const kindOrder = ['schema', 'table', 'sequence', 'function'];
  const sorted = [...targets].sort((a, b) => kindOrder.indexOf(a[1].kind) - kindOrder.indexOf(b[1].kind) || byCodePoint(a[0], b[0]));
  for (const [key, t] of sorted) {
    const changed = t.grants.length > 0 || t.columnGrants.length > 0;
    const platformDefaults = supabase && t.kind !== 'schema' && /^(rel|fn):public\./.test(key);
    if (!changed && !platformDefaults) continue;
    const from = ['PUBLIC', ...revokable.filter((r) => r !== t.owner).map(ident)];
    blocks.push([`REVOKE ALL ON ${t.sql} FROM ${from.join(', ')};`, ...objectGrants(t), ...columnGrants(t)]);
  }
  return blocks;
}

function privilegeList(kind: string, privileges: string[]): string {
  const all = PRIVILEGES[kind] ?? [];
  if (kind !== 'function' && all.every((p) => privileges.includes(p))) return 'ALL';
  return [...privileges].sort((a, b) => all.indexOf(a) - all.indexOf(b)).map((p) => p.toUpperCase()).join(', ');
}

/** Grantees as SQL, PUBLIC first, then by name. */
function granteeList(names: string[]): string {
  return [...names]
    .sort((a, b) => Number(b === 'public') - Number(a === 'public') || byCodePoint(a, b))
    .map((n) => (n === 'public' ? 'PUBLIC' : ident(n)))
    .join(', ');
}

/** One GRANT per set of grantees holding the same privileges (and the same ones WITH GRANT OPTION). */
function objectGrants(t: Target): string[] {
  const byGrantee = new Map<string, { plain: string[]; grantable: string[] }>();
  for (const g of t.grants) {
    const entry = byGrantee.get(g.grantee) ?? { plain: [], grantable: [] };
    (g.grantable ? entry.grantable : entry.plain).push(g.privilege);
    byGrantee.set(g.grantee, entry);
  }
  const groups = new Map<string, { plain: string; grantable: string; who: string[] }>();
  for (const [who, e] of byGrantee) {
    const plain = e.plain.length ? privilegeList(t.kind, e.plain) : '';
    const grantable = e.grantable.length ? privilegeList(t.kind, e.grantable) : '';
    const key = JSON.stringify([plain, grantable]);
    const group = groups.get(key) ?? { plain, grantable, who: [] };
    group.who.push(who);
    groups.set(key, group);
  }
  const out: string[] = [];
  // In grantee order (PUBLIC first), like the lists inside each statement.
  for (const g of [...groups.values()].sort((a, b) => byCodePoint(granteeList(a.who), granteeList(b.who)))) {
    const to = granteeList(g.who);
    if (g.plain) out.push(`GRANT ${g.plain} ON ${t.sql} TO ${to};`);
    if (g.grantable) out.push(`GRANT ${g.grantable} ON ${t.sql} TO ${to} WITH GRANT OPTION;`);
  }
  return out;
}

/** Column privileges: one GRANT per privilege, column list and grant option, to every grantee that has exactly that. */
function columnGrants(t: Target): string[] {
  const columns = new Map<string, { who: string; privilege: string; grantable: boolean; columns: string[] }>();
  for (const { grant: g, column } of t.columnGrants) {
    const key = JSON.stringify([g.grantee, g.privilege, g.grantable]);
    const entry = columns.get(key) ?? { who: g.grantee, privilege: g.privilege, grantable: g.grantable, columns: [] };
    entry.columns.push(column);
    columns.set(key, entry);
  }
  const groups = new Map<string, { privilege: string; grantable: boolean; columns: string; who: string[] }>();
  for (const e of columns.values()) {
    const cols = identList(e.columns.sort(byCodePoint));
    const key = JSON.stringify([e.privilege, e.grantable, cols]);
    const group = groups.get(key) ?? { privilege: e.privilege, grantable: e.grantable, columns: cols, who: [] };
    group.who.push(e.who);
    groups.set(key, group);
  }
  const order = PRIVILEGES.column!;
  return [...groups.values()]
    .sort((a, b) => order.indexOf(a.privilege) - order.indexOf(b.privilege) || byCodePoint(a.columns, b.columns) || Number(a.grantable) - Number(b.grantable))
    .map((g) => {
      const to = granteeList(g.who);
      return `GRANT ${g.privilege.toUpperCase()} (${g.columns}) ON ${t.sql} TO ${to}${g.grantable ? ' WITH GRANT OPTION' : ''};`;
    });
}
