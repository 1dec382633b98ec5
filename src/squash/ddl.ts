/**
 * `squashModel()`: one DDL script that rebuilds the user's schema of a model — the "single canonical migration" a
 * long history of migrations can be replaced by. Pure: model in, text out. The round trip (index.ts) proves it.
 *
 * Order, and why:
 *   1. `SET` lines: `search_path = public`, because every text in the model was printed relative to it (what
 *      Postgres left unqualified resolves there); `check_function_bodies = off`, so that a function body may name
 *      tables created later (Postgres checks bodies when they run; pg_dump does the same).
 *   2. Schemas, then extensions (an extension may be installed into one of those schemas).
 *   3. Types, sequences, functions, tables, views — in one dependency order (order.ts) over what each statement
 *      refers to (refs.ts). Functions come before the tables because a DEFAULT, a CHECK or a generated column may
 *      call one, and with bodies unchecked nothing stops them; a function that cannot go first — its signature
 *      uses a table's row type, or its SQL-standard body (`BEGIN ATOMIC`, `RETURN …`) reads a table — goes right
 *      after what it uses. Each table is written with its indexes and comments.
 *   4. Foreign keys and NOT VALID checks, once every table exists (after the last one), so cycles need nothing
 *      special, and a parent's NOT VALID check reaches its partitions and children as it did (NOT VALID there too).
 *   5. Triggers, row-level security and policies, which call functions and may read any table or view.
 *   6. Publications, ownership (`owners: true`), then privileges last, so every object they name exists.
 *
 * Objects of extensions and of the platform shim are left out (scope.ts): the target has them already — the
 * sandbox applies the Supabase shim before this script when the model is a Supabase project's.
 */
import { createExtensionSql, createSchemaSql } from '../model/ddl.js';
import { ident, qualified } from '../model/sql-text.js';
import type { Constraint, Index, SchemaModel, Sequence } from '../model/types.js';
import { ownershipSql, policySql, publicationSql, triggerSql } from './access.js';
import { grantsSql } from './grants.js';
import { commentOn, functionSql, sequenceSql, typeSql, viewSql } from './objects.js';
import { dependencyOrder, type OrderNode } from './order.js';
import { parserReady, statementRefs, type Name, type Refs } from './refs.js';
import { scopeOf, type Scope } from './scope.js';
import { stabilizeSql } from './stabilize.js';
import { foreignKeySql, indexSql, notValidChecks, tableSql, type TableFacts } from './tables.js';

export interface SquashOptions {
  /** Write `ALTER … OWNER TO` for every object (default: objects belong to whoever runs the script). */
  owners?: boolean;
}

type Kind = 'type' | 'sequence' | 'function' | 'table' | 'view';
const RANK: Record<Kind, number> = { type: 0, sequence: 1, function: 2, table: 3, view: 4 };
const TITLE: Record<Kind, string> = { type: 'Types', sequence: 'Sequences', function: 'Functions', table: 'Tables', view: 'Views' };

interface Node extends OrderNode {
  kind: Kind;
  /** The statements, given what exists so far (tables need to know which index functions exist). */
  render(exists: (key: string) => boolean): string[];
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function squashModel(model: SchemaModel, options: SquashOptions = {}): string {
  if (!parserReady()) throw new Error('squashModel() needs the SQL parser: await loadExpressionParser() (analyze/sql-expr.ts) first');
  const scope = scopeOf(model);
  const names = nameResolver(scope);
  const facts = tableFacts(scope);
  const indexRefs = new Map<string, string[]>();
  const refsOfIndex = (i: Index) => {
    let keys = indexRefs.get(i.id);
    if (!keys) indexRefs.set(i.id, (keys = names.keys(statementRefs(i.definition)).filter((k) => k.startsWith('fn:'))));
    return keys;
  };

  const nodes = buildNodes(scope, facts, names, refsOfIndex);
  const { order, lifted, cyclic } = dependencyOrder(nodes);
  const emitted = new Set<string>();
  const exists = (key: string) => emitted.has(key);
  const lastTable = order.map((n) => n.kind).lastIndexOf('table');

  const out: string[] = [...header(scope, options), ...preamble(scope)];
  let section = '';
  const later: Index[] = [];
  order.forEach((n, i) => {
    const title = cyclic.has(n.key)
      ? `${TITLE[n.kind]} in a dependency cycle (the order below may not apply)`
      : `${TITLE[n.kind]}${lifted.has(n.key) ? ' that use the objects above' : ''}`;
    if (title !== section) out.push(...sectionHeader(title));
    section = title;
    if (n.kind === 'table' || n.kind === 'view') out.push('', `-- ${n.id}`);
    out.push(...stable(n.render(exists)));
    emitted.add(n.key);
    if (n.kind === 'table') later.push(...(facts.get(n.id)?.indexes ?? []).filter((x) => x.constraint === null && !refsOfIndex(x).every(exists)));
    if (i === lastTable) out.push(...stable(laterConstraints(scope, facts)));
  });
  if (later.length) {
    out.push(...sectionHeader('Indexes that call functions created after their table'));
    for (const i of later) out.push(...stable(indexSql(i, scope.relation(i.table)!)));
  }
  out.push(...stable(triggers(scope)), ...stable(rowLevelSecurity(scope)));
  if (scope.publications.length) out.push(...sectionHeader('Publications'), ...scope.publications.map((p) => publicationSql(p, scope)));
  if (options.owners) out.push(...sectionHeader('Ownership'), ...ownershipSql(scope));
  const grants = grantsSql(scope);
  if (grants.length) out.push(...sectionHeader('Privileges'), ...grants.flatMap((block) => ['', ...block]));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function header(scope: Scope, options: SquashOptions): string[] {
  const { model } = scope;
  const supabase = model.source.platform === 'supabase';
  const roles = new Set<string>();
  for (const g of scope.grants) if (g.grantee !== 'public') roles.add(g.grantee);
  for (const p of scope.policies) for (const r of p.roles) if (r !== 'public') roles.add(r);
  if (options.owners) for (const o of [...scope.schemas, ...scope.tables, ...scope.views, ...scope.functions]) roles.add(o.owner);
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    `-- The schema of ${model.source.location}, as one script (schemaproof squash).`,
    `-- ${[count(scope.tables.length, 'table'), count(scope.views.length, 'view'), count(scope.functions.length, 'function'), count(scope.policies.length, 'policy', 'policies')].join(', ')}.`,
    supabase
      ? '-- Apply it to an empty Supabase database (or after schemaproof\'s Supabase shim): auth, storage and the platform roles must exist.'
      : '-- Apply it to an empty database.',
    ...(roles.size ? [`-- Roles it names, which must exist: ${[...roles].sort(byCodePoint).join(', ')}.`] : []),
    '-- Order: schemas, extensions, types, sequences, functions, tables, foreign keys, views, triggers, row-level',
    '-- security and policies, publications, privileges (see docs/squash.md).',
    '',
    'SET search_path = public;           -- the names below are written relative to it, as Postgres printed them',
    'SET check_function_bodies = false;  -- bodies may name tables created further down',
    'SET client_min_messages = warning;',
  ];
}

/** The statements with the printed texts that would not survive a replay made explicit (stabilize.ts). */
function stable(lines: string[]): string[] {
  return lines.length ? stabilizeSql(lines.join('\n')).split('\n') : lines;
}

function sectionHeader(title: string): string[] {
  const rule = `-- ${'-'.repeat(76)}`;
  return ['', '', rule, `-- ${title}`, rule];
}

function preamble(scope: Scope): string[] {
  const out: string[] = [];
  const schemas = scope.schemas.filter((s) => s.name !== 'public');
  const commented = scope.schemas.filter((s) => s.comment !== null);
  if (schemas.length || commented.length) {
    out.push(...sectionHeader('Schemas'), ...schemas.map((s) => createSchemaSql(s.name)));
    for (const s of scope.schemas) out.push(...commentOn(`SCHEMA ${ident(s.name)}`, s.comment));
  }
  if (scope.extensions.length) out.push(...sectionHeader('Extensions'), ...scope.extensions.map(createExtensionSql));
  return out;
}

/** Resolves names as the model printed them (unqualified = `public`) to node keys. */
function nameResolver(scope: Scope) {
  const types = new Set([...scope.enums, ...scope.domains, ...scope.compositeTypes].map((t) => t.id));
  const relations = new Set([...scope.tables, ...scope.views].map((r) => r.id));
  const functions = new Map<string, string[]>();
  for (const f of scope.functions) {
    const k = `${f.schema}.${f.name}`;
    functions.set(k, [...(functions.get(k) ?? []), `fn:${f.id}`]);
  }
  const id = (n: Name) => (n.length === 1 ? `public.${n[0]}` : n.length === 2 ? `${n[0]}.${n[1]}` : '');
  return {
    keys(refs: Refs): string[] {
      const keys: string[] = [];
      for (const n of refs.relations) if (relations.has(id(n))) keys.push(`rel:${id(n)}`);
      for (const n of refs.functions) keys.push(...(functions.get(id(n)) ?? []));
      for (const n of refs.types) {
        if (types.has(id(n))) keys.push(`type:${id(n)}`);
        else if (relations.has(id(n))) keys.push(`rel:${id(n)}`);
      }
      return keys;
    },
  };
}

function tableFacts(scope: Scope): Map<string, TableFacts> {
  const facts = new Map<string, TableFacts>();
  const of = (id: string) => {
    let f = facts.get(id);
    if (!f) facts.set(id, (f = { constraints: [], indexes: [], sequences: [] }));
    return f;
  };
  for (const c of scope.constraints) if (c.type !== 'foreign key') of(c.table).constraints.push(c);
  for (const i of scope.indexes) of(i.table).indexes.push(i);
  const columnTable = new Map(scope.tables.flatMap((t) => t.columns.map((c) => [c.id, t.id] as const)));
  for (const q of scope.sequences) {
    const t = q.ownedBy === null ? undefined : columnTable.get(q.ownedBy);
    if (t) of(t).sequences.push(q);
  }
  return facts;
}

function buildNodes(scope: Scope, facts: Map<string, TableFacts>, names: ReturnType<typeof nameResolver>, refsOfIndex: (i: Index) => string[]): Node[] {
  const nodes: Node[] = [];
  const add = (kind: Kind, key: string, id: string, lines: string[], render: Node['render'], extra: string[] = []) => {
    nodes.push({ kind, key, id, rank: RANK[kind], deps: new Set([...names.keys(statementRefs(lines.join('\n'))), ...extra]), render });
  };
  const fixed = (lines: string[]) => () => lines;
  for (const e of scope.enums) add('type', `type:${e.id}`, e.id, [], fixed(typeSql(e, 'enum')));
  for (const d of scope.domains) {
    const lines = typeSql(d, 'domain');
    add('type', `type:${d.id}`, d.id, lines, fixed(lines));
  }
  for (const c of scope.compositeTypes) {
    const lines = typeSql(c, 'composite');
    add('type', `type:${c.id}`, c.id, lines, fixed(lines));
  }
  for (const q of standaloneSequences(scope)) add('sequence', `seq:${q.id}`, q.id, [], fixed(sequenceSql(q)));
  for (const f of scope.functions) {
    const lines = functionSql(f);
    add('function', `fn:${f.id}`, f.id, f.definition === null ? [] : lines, fixed(lines));
  }
  const none: TableFacts = { constraints: [], indexes: [], sequences: [] };
  for (const t of scope.tables) {
    const tf = facts.get(t.id) ?? none;
    const render = (exists: (key: string) => boolean) => tableSql(t, tf, scope, (id) => facts.get(id), (i) => refsOfIndex(i).every(exists)).lines;
    const parents = [...t.inherits, ...(t.partitionOf ? [t.partitionOf] : [])].map((p) => `rel:${p}`);
    add('table', `rel:${t.id}`, t.id, render(() => false), render, parents);
  }
  for (const v of scope.views) {
    const lines = [...viewSql(v), ...(facts.get(v.id)?.indexes ?? []).flatMap((i) => indexSql(i, v))];
    add('view', `rel:${v.id}`, v.id, lines, fixed(lines), v.dependsOn.map((d) => `rel:${d}`));
  }
  return nodes;
}

/** Sequences written with CREATE SEQUENCE: all but identity columns' (the column creates those). */
function standaloneSequences(scope: Scope): Sequence[] {
  const identity = new Set(scope.tables.flatMap((t) => t.columns.filter((c) => c.identity !== null).map((c) => c.id)));
  return scope.sequences.filter((q) => q.ownedBy === null || !identity.has(q.ownedBy));
}

function relationName(scope: Scope, id: string): string {
  const r = scope.relation(id);
  return r ? qualified(r.schema, r.name) : id;
}

/** Grouped by table: a `-- table` line, then its foreign keys. */
function byTable<T extends { table: string }>(scope: Scope, items: T[], render: (item: T, table: string) => string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const item of [...items].sort((a, b) => byCodePoint(a.table, b.table))) {
    if (item.table !== current) out.push('', `-- ${item.table}`);
    current = item.table;
    out.push(...render(item, relationName(scope, item.table)));
  }
  return out;
}

/** NOT VALID checks and foreign keys, by table, once every table exists. */
function laterConstraints(scope: Scope, facts: Map<string, TableFacts>): string[] {
  const comments = new Map(scope.constraints.map((c: Constraint) => [c.id, c.comment]));
  const items: { table: string; lines: (table: string) => string[] }[] = [];
  for (const t of scope.tables) {
    const f = facts.get(t.id);
    if (!f) continue;
    for (const c of notValidChecks(t, f, (id) => facts.get(id))) {
      items.push({ table: t.id, lines: (sql) => [`ALTER TABLE ${sql} ADD CONSTRAINT ${ident(c.name)} ${c.definition};`] });
    }
  }
  const checks = items.length > 0;
  for (const f of scope.foreignKeys) items.push({ table: f.table, lines: (sql) => foreignKeySql(f, sql, comments.get(f.id) ?? null) });
  if (!items.length) return [];
  const what = [scope.foreignKeys.length ? 'Foreign keys' : '', checks ? 'NOT VALID checks' : ''].filter(Boolean).join(' and ');
  const title = `${what} (every table exists now)`;
  return [...sectionHeader(title), ...byTable(scope, items, (item, sql) => item.lines(sql))];
}

function triggers(scope: Scope): string[] {
  if (!scope.triggers.length) return [];
  return [...sectionHeader('Triggers'), ...byTable(scope, scope.triggers, triggerSql)];
}

function rowLevelSecurity(scope: Scope): string[] {
  const items: { table: string; lines: (table: string) => string[] }[] = [];
  for (const t of scope.tables) {
    const lines = [t.rls.enabled ? 'ENABLE' : '', t.rls.forced ? 'FORCE' : ''].filter(Boolean);
    if (lines.length) items.push({ table: t.id, lines: (sql) => lines.map((l) => `ALTER TABLE ${sql} ${l} ROW LEVEL SECURITY;`) });
  }
  for (const p of scope.policies) items.push({ table: p.table, lines: (sql) => policySql(p, sql) });
  if (!items.length) return [];
  // Stable: by table, switches before policies (both lists are in id order already).
  return [...sectionHeader('Row-level security and policies'), ...byTable(scope, items, (item, sql) => item.lines(sql))];
}

