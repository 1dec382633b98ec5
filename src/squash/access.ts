/**
 * The parts of the squash script written after every table, view and function exists: triggers (with their
 * enabled state), row-level security switches and policies, publications, and ownership (`--owners`).
 */
import { ident, literal, qualified } from '../model/sql-text.js';
import type { Policy, Publication, Trigger } from '../model/types.js';
import { commentOn, relationKeyword, routineSql } from './objects.js';
import type { Scope } from './scope.js';

const ENABLE: Record<Trigger['enabled'], string | null> = {
  origin: null,
  disabled: 'DISABLE TRIGGER',
  replica: 'ENABLE REPLICA TRIGGER',
  always: 'ENABLE ALWAYS TRIGGER',
};

/** `pg_get_triggerdef()` text, then the state when it is not the normal one (disabled, replica, always). */
export function triggerSql(t: Trigger, table: string): string[] {
  const state = ENABLE[t.enabled];
  return [
    `${t.definition.replace(/;?\s*$/, '')};`,
    ...(state ? [`ALTER TABLE ${table} ${state} ${ident(t.name)};`] : []),
    ...commentOn(`TRIGGER ${ident(t.name)} ON ${table}`, t.comment),
  ];
}

/** CREATE POLICY from the model's fields (permissive is the default and not written; FOR and TO always are). */
export function policySql(p: Policy, table: string): string[] {
  const roles = p.roles.map((r) => (r === 'public' ? 'PUBLIC' : ident(r))).join(', ');
  const parts = [`CREATE POLICY ${ident(p.name)} ON ${table}`];
  if (!p.permissive) parts.push('AS RESTRICTIVE');
  parts.push(`FOR ${p.command.toUpperCase()}`, `TO ${roles || 'PUBLIC'}`);
  if (p.using !== null) parts.push(`USING (${p.using})`);
  if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
  return [`${parts.join('\n  ')};`, ...commentOn(`POLICY ${ident(p.name)} ON ${table}`, p.comment)];
}

const ALL_ACTIONS = ['insert', 'update', 'delete', 'truncate'];

export function publicationSql(p: Publication, scope: Scope): string {
  const tables = p.tables.map((id) => {
    const r = scope.relation(id);
    return r ? qualified(r.schema, r.name) : id;
  });
  const what = p.allTables ? ' FOR ALL TABLES' : tables.length ? ` FOR TABLE ${tables.join(', ')}` : '';
  const publish = p.actions.join(', ') === ALL_ACTIONS.join(', ') ? '' : ` WITH (publish = ${literal(p.actions.join(', '))})`;
  return `CREATE PUBLICATION ${ident(p.name)}${what}${publish};`;
}

/**
 * `ALTER … OWNER TO` for every object that has an owner of its own: schemas, types, sequences not owned by a column
 * (those follow their table), functions, tables and views.
 */
export function ownershipSql(scope: Scope): string[] {
  const to = (owner: string) => ` OWNER TO ${ident(owner)};`;
  const owned = new Set(scope.sequences.filter((q) => q.ownedBy !== null).map((q) => q.id));
  return [
    ...scope.schemas.map((s) => `ALTER SCHEMA ${ident(s.name)}${to(s.owner)}`),
    ...scope.enums.map((e) => `ALTER TYPE ${qualified(e.schema, e.name)}${to(e.owner)}`),
    ...scope.compositeTypes.map((c) => `ALTER TYPE ${qualified(c.schema, c.name)}${to(c.owner)}`),
    ...scope.domains.map((d) => `ALTER DOMAIN ${qualified(d.schema, d.name)}${to(d.owner)}`),
    ...scope.sequences.filter((q) => !owned.has(q.id)).map((q) => `ALTER SEQUENCE ${qualified(q.schema, q.name)}${to(q.owner)}`),
    ...scope.functions.filter((f) => f.definition !== null).map((f) => `ALTER ${routineSql(f)}${to(f.owner)}`),
    ...scope.tables.filter((t) => t.kind !== 'foreign').map((t) => `ALTER ${relationKeyword(t)} ${qualified(t.schema, t.name)}${to(t.owner)}`),
    ...scope.views.map((v) => `ALTER ${relationKeyword(v)} ${qualified(v.schema, v.name)}${to(v.owner)}`),
  ];
}
