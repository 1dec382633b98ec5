/**
 * Catalog rows → model. Pure: takes the JSON the catalog queries return and produces the sorted model.
 * Codes from the catalog (relkind, contype, tgtype bits, …) are turned into words here and nowhere else.
 */
import {
  MODEL_FORMAT,
  type Column,
  type Constraint,
  type ConstraintType,
  type FkAction,
  type ForeignKey,
  type Func,
  type Grant,
  type GrantObjectKind,
  type Index,
  type IndexKey,
  type ModelSource,
  type Origin,
  type Policy,
  type PolicyCommand,
  type SchemaModel,
  type Table,
  type Trigger,
  type TriggerEvent,
  type View,
} from '../model/types.js';
import { compareIds, sortModel } from '../model/sort.js';

/* The row shapes the queries in ./sql return (see each file). */
interface DatabaseRow {
  serverVersion: string;
  serverVersionNum: number;
  pgrstDbSchemas: string | null;
  schemas: { oid: number; name: string; owner: string; comment: string | null }[];
  extensions: { name: string; schema: string; version: string }[];
  roles: { name: string; superuser: boolean; bypassRls: boolean; login: boolean; inherit: boolean; memberOf: string[] }[];
  publications: {
    name: string; allTables: boolean; insert: boolean; update: boolean; delete: boolean; truncate: boolean; tables: string[];
  }[];
}
interface TableRow {
  oid: number; schema: string; name: string; relkind: string; persistence: string; isPartition: boolean;
  partitionOf: string | null; partitionBound: string | null; partitionKey: string | null; inherits: string[];
  rlsEnabled: boolean; rlsForced: boolean; owner: string; comment: string | null; reltuples: number;
}
interface ColumnRow {
  relOid: number; name: string; num: number; type: string; typeRef: string | null; notNull: boolean;
  default: string | null; identity: string; generated: string | null; collation: string | null; comment: string | null;
}
interface ConstraintRow {
  relOid: number; table: string; name: string; type: string; columns: string[]; refTable: string | null;
  refColumns: string[] | null; onDelete: string; onUpdate: string; match: string; deferrable: boolean;
  deferred: boolean; validated: boolean; index: string | null; definition: string; comment: string | null;
}
interface IndexRow {
  table: string; schema: string; name: string; unique: boolean; primary: boolean; constraint: string | null;
  method: string; keys: IndexKey[]; include: string[]; predicate: string | null; valid: boolean;
  nullsNotDistinct: boolean; definition: string; comment: string | null;
}
interface ViewRow {
  oid: number; schema: string; name: string; materialized: boolean; definition: string; options: string[];
  owner: string; comment: string | null; dependsOn: string[];
}
interface FunctionRow {
  oid: number; schema: string; name: string; kind: string; identityArgs: string; args: string; returns: string | null;
  language: string; volatility: string; securityDefiner: boolean; leakproof: boolean; strict: boolean;
  config: string[]; owner: string; definition: string | null; comment: string | null;
}
interface TriggerRow {
  table: string; name: string; type: number; columns: string[]; function: string; enabled: string;
  constraint: boolean; definition: string; comment: string | null;
}
interface PolicyRow {
  table: string; name: string; permissive: boolean; command: string; roles: string[];
  using: string | null; withCheck: string | null; comment: string | null;
}
interface TypeRow {
  oid: number; schema: string; name: string; kind: string; labels: string[] | null; baseType: string | null;
  notNull: boolean; default: string | null; collation: string | null;
  constraints: { name: string; definition: string }[] | null; attributes: { name: string; type: string }[] | null;
  owner: string; comment: string | null;
}
interface SequenceRow {
  oid: number; schema: string; name: string; type: string; start: string; increment: string; min: string;
  max: string; cycle: boolean; ownedBy: string | null; owner: string; comment: string | null;
}
interface GrantRow {
  kind: GrantObjectKind; object: string; grantee: string; privilege: string; grantable: boolean;
}

export interface CatalogRows {
  database: DatabaseRow;
  tables: TableRow[];
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  views: ViewRow[];
  functions: FunctionRow[];
  triggers: TriggerRow[];
  policies: PolicyRow[];
  types: TypeRow[];
  sequences: SequenceRow[];
  grants: GrantRow[];
}

export interface MapOptions {
  source: ModelSource;
  engine: 'pglite' | 'postgres';
  /** Oids of objects the platform shim created (files applied into a sandbox). */
  platformOids?: ReadonlySet<number>;
  /** Schemas whose objects belong to the platform (a live database of a known platform). */
  platformSchemas?: ReadonlySet<string>;
}

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary key',
  u: 'unique',
  c: 'check',
  x: 'exclude',
  f: 'foreign key',
};
const FK_ACTIONS: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const FK_MATCH: Record<string, ForeignKey['match']> = { s: 'simple', f: 'full', p: 'partial' };
const POLICY_COMMANDS: Record<string, PolicyCommand> = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' };
const FUNCTION_KINDS: Record<string, Func['kind']> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const VOLATILITY: Record<string, Func['volatility']> = { i: 'immutable', s: 'stable', v: 'volatile' };
const TRIGGER_ENABLED: Record<string, Trigger['enabled']> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };

function lookup<T>(table: Record<string, T>, code: string, what: string): T {
  const value = table[code];
  if (value === undefined) throw new Error(`unexpected ${what} code from the catalog: ${JSON.stringify(code)}`);
  return value;
}

/** tgtype bits, as in PostgreSQL's pg_trigger.h. */
function decodeTriggerType(type: number): Pick<Trigger, 'timing' | 'events' | 'level'> {
  const events: TriggerEvent[] = [];
  if (type & 4) events.push('insert');
  if (type & 16) events.push('update');
  if (type & 8) events.push('delete');
  if (type & 32) events.push('truncate');
  const timing = type & 64 ? 'instead of' : type & 2 ? 'before' : 'after';
  return { timing, events, level: type & 1 ? 'row' : 'statement' };
}

/** The WHEN condition of a trigger, as it stands in Postgres's own `pg_get_triggerdef` text. */
function triggerWhen(definition: string): string | null {
  const m = / WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) /s.exec(definition);
  return m?.[1] ?? null;
}

function viewOption(options: string[], name: string): string | undefined {
  const prefix = `${name}=`;
  return options.find((o) => o.startsWith(prefix))?.slice(prefix.length);
}

export function mapCatalog(rows: CatalogRows, options: MapOptions): SchemaModel {
  const { database } = rows;
  const originOf = (oid: number, schema: string): Origin =>
    options.platformOids?.has(oid) || options.platformSchemas?.has(schema) ? 'platform' : 'user';

  const columnsByRel = new Map<number, Column[]>();
  const relIds = new Map<number, string>();
  for (const t of rows.tables) relIds.set(t.oid, `${t.schema}.${t.name}`);
  for (const v of rows.views) relIds.set(v.oid, `${v.schema}.${v.name}`);
  for (const c of rows.columns) {
    const relId = relIds.get(c.relOid);
    if (!relId) continue;
    let list = columnsByRel.get(c.relOid);
    if (!list) columnsByRel.set(c.relOid, (list = []));
    list.push({
      id: `${relId}.${c.name}`,
      name: c.name,
      position: list.length + 1,
      type: c.type,
      typeId: c.typeRef,
      nullable: !c.notNull,
      default: c.default,
      identity: c.identity === 'a' ? 'always' : c.identity === 'd' ? 'by default' : null,
      generated: c.generated,
      collation: c.collation,
      comment: c.comment,
    });
  }

  const tables: Table[] = rows.tables.map((t) => ({
    id: `${t.schema}.${t.name}`,
    schema: t.schema,
    name: t.name,
    kind: t.relkind === 'p' ? 'partitioned' : t.relkind === 'f' ? 'foreign' : 'table',
    unlogged: t.persistence === 'u',
    partitionOf: t.partitionOf,
    partitionBound: t.partitionBound,
    partitionKey: t.partitionKey,
    inherits: t.inherits,
    rls: { enabled: t.rlsEnabled, forced: t.rlsForced },
    owner: t.owner,
    comment: t.comment,
    estimatedRows: t.relkind === 'r' && t.reltuples >= 0 ? Math.round(t.reltuples) : null,
    origin: originOf(t.oid, t.schema),
    columns: columnsByRel.get(t.oid) ?? [],
  }));

  const constraints: Constraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (const k of rows.constraints) {
    const id = `${k.table}.${k.name}`;
    const type = lookup(CONSTRAINT_TYPES, k.type, 'constraint type');
    constraints.push({
      id,
      table: k.table,
      name: k.name,
      type,
      columns: k.columns,
      definition: k.definition,
      deferrable: k.deferrable,
      initiallyDeferred: k.deferred,
      validated: k.validated,
      index: k.index,
      comment: k.comment,
    });
    if (type === 'foreign key') {
      foreignKeys.push({
        id,
        table: k.table,
        name: k.name,
        columns: k.columns,
        refTable: k.refTable ?? '',
        refColumns: k.refColumns ?? [],
        onDelete: lookup(FK_ACTIONS, k.onDelete, 'FK action'),
        onUpdate: lookup(FK_ACTIONS, k.onUpdate, 'FK action'),
        match: lookup(FK_MATCH, k.match, 'FK match'),
        deferrable: k.deferrable,
        initiallyDeferred: k.deferred,
        validated: k.validated,
        definition: k.definition,
      });
    }
  }

  const indexes: Index[] = rows.indexes.map((i) => ({
    id: `${i.schema}.${i.name}`,
    table: i.table,
    name: i.name,
    unique: i.unique,
    primary: i.primary,
    constraint: i.constraint,
    method: i.method,
    keys: i.keys,
    include: i.include,
    predicate: i.predicate,
    valid: i.valid,
    nullsNotDistinct: i.nullsNotDistinct,
    definition: i.definition,
    comment: i.comment,
  }));

  const views: View[] = rows.views.map((v) => {
    const checkOption = viewOption(v.options, 'check_option');
    return {
      id: `${v.schema}.${v.name}`,
      schema: v.schema,
      name: v.name,
      materialized: v.materialized,
      definition: v.definition,
      columns: (columnsByRel.get(v.oid) ?? []).map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      securityInvoker: ['true', 'on', '1'].includes(viewOption(v.options, 'security_invoker') ?? ''),
      securityBarrier: ['true', 'on', '1'].includes(viewOption(v.options, 'security_barrier') ?? ''),
      checkOption: checkOption === 'local' || checkOption === 'cascaded' ? checkOption : null,
      owner: v.owner,
      comment: v.comment,
      dependsOn: [...v.dependsOn].sort(compareIds),
      origin: originOf(v.oid, v.schema),
    };
  });

  const functions: Func[] = rows.functions.map((f) => ({
    id: `${f.schema}.${f.name}(${f.identityArgs})`,
    schema: f.schema,
    name: f.name,
    kind: lookup(FUNCTION_KINDS, f.kind, 'function kind'),
    identityArgs: f.identityArgs,
    args: f.args,
    returns: f.returns,
    language: f.language,
    volatility: lookup(VOLATILITY, f.volatility, 'volatility'),
    securityDefiner: f.securityDefiner,
    leakproof: f.leakproof,
    strict: f.strict,
    config: f.config,
    owner: f.owner,
    definition: f.definition,
    comment: f.comment,
    origin: originOf(f.oid, f.schema),
  }));

  const triggers: Trigger[] = rows.triggers.map((t) => ({
    id: `${t.table}.${t.name}`,
    table: t.table,
    name: t.name,
    ...decodeTriggerType(t.type),
    columns: t.columns,
    when: triggerWhen(t.definition),
    function: t.function,
    enabled: lookup(TRIGGER_ENABLED, t.enabled, 'trigger enabled'),
    constraint: t.constraint,
    definition: t.definition,
    comment: t.comment,
  }));

  const policies: Policy[] = rows.policies.map((p) => ({
    id: `${p.table}.${p.name}`,
    table: p.table,
    name: p.name,
    permissive: p.permissive,
    command: lookup(POLICY_COMMANDS, p.command, 'policy command'),
    roles: p.roles,
    using: p.using,
    withCheck: p.withCheck,
    comment: p.comment,
  }));

  const typeBase = (t: TypeRow) => ({
    id: `${t.schema}.${t.name}`,
    schema: t.schema,
    name: t.name,
  });
  const enums = rows.types
    .filter((t) => t.kind === 'e')
    .map((t) => ({ ...typeBase(t), labels: t.labels ?? [], owner: t.owner, comment: t.comment, origin: originOf(t.oid, t.schema) }));
  const domains = rows.types
    .filter((t) => t.kind === 'd')
    .map((t) => ({
      ...typeBase(t),
      baseType: t.baseType ?? '',
      nullable: !t.notNull,
      default: t.default,
      collation: t.collation,
      constraints: t.constraints ?? [],
      owner: t.owner,
      comment: t.comment,
      origin: originOf(t.oid, t.schema),
    }));
  const compositeTypes = rows.types
    .filter((t) => t.kind === 'c')
    .map((t) => ({
      ...typeBase(t),
      attributes: t.attributes ?? [],
      owner: t.owner,
      comment: t.comment,
      origin: originOf(t.oid, t.schema),
    }));

  const sequences = rows.sequences.map((s) => ({
    id: `${s.schema}.${s.name}`,
    schema: s.schema,
    name: s.name,
    type: s.type,
    start: s.start,
    increment: s.increment,
    min: s.min,
    max: s.max,
    cycle: s.cycle,
    ownedBy: s.ownedBy,
    owner: s.owner,
    comment: s.comment,
    origin: originOf(s.oid, s.schema),
  }));

  const grants: Grant[] = rows.grants.map((g) => ({
    id: `${g.object}:${g.grantee}:${g.privilege}`,
    objectKind: g.kind,
    object: g.object,
    grantee: g.grantee,
    privilege: g.privilege,
    grantable: g.grantable,
  }));

  const schemas = database.schemas.map((s) => ({
    id: s.name,
    name: s.name,
    owner: s.owner,
    comment: s.comment,
    origin: originOf(s.oid, s.name),
  }));

  // Roles are cluster-wide; the model keeps those the schema refers to (owners, grantees, policy roles) and the
  // roles they belong to, so that two databases on one server do not see each other's roles.
  const referenced = new Set<string>();
  for (const list of [schemas, tables, views, functions, enums, domains, compositeTypes, sequences]) {
    for (const o of list) referenced.add(o.owner);
  }
  for (const g of grants) referenced.add(g.grantee);
  for (const p of policies) for (const r of p.roles) referenced.add(r);
  const allRoles = new Map(database.roles.map((r) => [r.name, r]));
  const queue = [...referenced];
  while (queue.length) {
    const name = queue.pop()!;
    for (const parent of allRoles.get(name)?.memberOf ?? []) {
      if (!referenced.has(parent)) {
        referenced.add(parent);
        queue.push(parent);
      }
    }
  }
  const roles = database.roles
    .filter((r) => referenced.has(r.name))
    .map((r) => ({ id: r.name, ...r }));

  const model: SchemaModel = {
    format: MODEL_FORMAT,
    source: options.source,
    engine: { kind: options.engine, serverVersion: database.serverVersion, serverVersionNum: database.serverVersionNum },
    settings: {
      pgrstDbSchemas: database.pgrstDbSchemas
        ? database.pgrstDbSchemas.split(',').map((s) => s.trim()).filter(Boolean)
        : null,
    },
    schemas,
    extensions: database.extensions.map((e) => ({ id: e.name, ...e })),
    tables,
    constraints,
    foreignKeys,
    indexes,
    views,
    functions,
    triggers,
    policies,
    enums,
    domains,
    compositeTypes,
    sequences,
    grants,
    roles,
    publications: database.publications.map((p) => ({
      id: p.name,
      name: p.name,
      allTables: p.allTables,
      tables: p.tables,
      actions: (['insert', 'update', 'delete', 'truncate'] as const).filter((a) => p[a]),
    })),
  };
  return sortModel(model);
}
