/**
 * Small inline models for the pure layers (analyze, lint, render): write only what a test is about.
 *
 *   const m = model({
 *     tables: [table('public.users', ['id uuid pk', 'email text unique']), table('public.posts', ['id uuid pk', 'user_id uuid'])],
 *     foreignKeys: [fk('public.posts', ['user_id'], 'public.users', ['id'], { onDelete: 'cascade' })],
 *   });
 *
 * Column shorthand: `name type [pk] [unique] [null|notnull] [default=expr]`; pk and unique add the constraint and
 * its backing index; a pk column is NOT NULL, others are nullable unless `notnull`.
 */
import {
  MODEL_FORMAT,
  type Column,
  type Constraint,
  type Enum,
  type Func,
  type ForeignKey,
  type Index,
  type Policy,
  type SchemaModel,
  type Table,
  type Trigger,
} from '../../src/model/types.js';

type Parts = Partial<Omit<SchemaModel, 'format'>>;

export function model(parts: Parts = {}): SchemaModel {
  const tables = parts.tables ?? [];
  const constraints = [...(parts.constraints ?? []), ...tables.flatMap((t) => implied.get(t)?.constraints ?? [])];
  const indexes = [...(parts.indexes ?? []), ...tables.flatMap((t) => implied.get(t)?.indexes ?? [])];
  const foreignKeys = parts.foreignKeys ?? [];
  for (const f of foreignKeys) {
    if (!constraints.some((c) => c.id === f.id)) {
      constraints.push(constraint(f.table, f.name, 'foreign key', f.columns, f.definition));
    }
  }
  const schemaNames = [...new Set(tables.map((t) => t.schema))];
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    format: MODEL_FORMAT,
    source: { kind: 'migrations', location: 'inline' },
    engine: { kind: 'pglite', serverVersion: '18.0', serverVersionNum: 180000 },
    settings: { pgrstDbSchemas: null },
    schemas: parts.schemas ?? schemaNames.sort().map((s) => ({ id: s, name: s, owner: 'postgres', comment: null, origin: 'user' as const })),
    extensions: parts.extensions ?? [],
    tables: byId(tables),
    constraints: byId(constraints),
    foreignKeys: byId(foreignKeys),
    indexes: byId(indexes),
    views: parts.views ?? [],
    functions: parts.functions ?? [],
    triggers: byId(parts.triggers ?? []),
    policies: byId(parts.policies ?? []),
    enums: byId(parts.enums ?? []),
    domains: parts.domains ?? [],
    compositeTypes: parts.compositeTypes ?? [],
    sequences: parts.sequences ?? [],
    grants: parts.grants ?? [],
    roles: parts.roles ?? [],
    publications: parts.publications ?? [],
  };
}

/** Constraints and indexes a `table()` call implies (pk, unique), picked up by `model()`. */
const implied = new WeakMap<Table, { constraints: Constraint[]; indexes: Index[] }>();

function split(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}

export function table(id: string, columns: (string | Partial<Column> & { name: string })[], extra: Partial<Table> = {}): Table {
  const [schema, name] = split(id);
  const cols: Column[] = [];
  const constraints: Constraint[] = [];
  const indexes: Index[] = [];
  const pk: string[] = [];
  columns.forEach((spec, i) => {
    if (typeof spec !== 'string') {
      cols.push(column(id, spec.name, i + 1, spec));
      return;
    }
    const [colName, type = 'text', ...flags] = spec.split(/\s+/);
    const isPk = flags.includes('pk');
    const def = flags.find((f) => f.startsWith('default='))?.slice('default='.length) ?? null;
    const nullable = isPk || flags.includes('notnull') ? false : true;
    cols.push(column(id, colName!, i + 1, { type, nullable, default: def }));
    if (isPk) pk.push(colName!);
    if (flags.includes('unique')) {
      const cname = `${name}_${colName}_key`;
      constraints.push(constraint(id, cname, 'unique', [colName!], `UNIQUE (${colName})`, `${schema}.${cname}`));
      indexes.push(index(id, cname, [colName!], { unique: true, constraint: `${id}.${cname}` }));
    }
  });
  if (pk.length) {
    const cname = `${name}_pkey`;
    constraints.push(constraint(id, cname, 'primary key', pk, `PRIMARY KEY (${pk.join(', ')})`, `${schema}.${cname}`));
    indexes.push(index(id, cname, pk, { unique: true, primary: true, constraint: `${id}.${cname}` }));
  }
  const t: Table = {
    id,
    schema,
    name,
    kind: 'table',
    unlogged: false,
    partitionOf: null,
    partitionBound: null,
    partitionKey: null,
    inherits: [],
    rls: { enabled: false, forced: false },
    owner: 'postgres',
    comment: null,
    estimatedRows: null,
    origin: 'user',
    columns: cols,
    ...extra,
  };
  implied.set(t, { constraints, indexes });
  return t;
}

export function column(tableId: string, name: string, position: number, extra: Partial<Column> = {}): Column {
  return {
    id: `${tableId}.${name}`,
    name,
    position,
    type: 'text',
    typeId: null,
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    ...extra,
  };
}

export function constraint(
  tableId: string,
  name: string,
  type: Constraint['type'],
  columns: string[],
  definition: string,
  index: string | null = null,
): Constraint {
  return {
    id: `${tableId}.${name}`,
    table: tableId,
    name,
    type,
    columns,
    definition,
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
    index,
    comment: null,
  };
}

/** A CHECK constraint, e.g. `check('public.orders', 'orders_status_check', ['status'], "CHECK (status = ANY (ARRAY['a'::text, 'b'::text]))")`. */
export function check(tableId: string, name: string, columns: string[], definition: string): Constraint {
  return constraint(tableId, name, 'check', columns, definition);
}

export function index(tableId: string, name: string, columns: string[], extra: Partial<Index> = {}): Index {
  const [schema] = split(tableId);
  const unique = extra.unique ?? false;
  return {
    id: `${schema}.${name}`,
    table: tableId,
    name,
    unique,
    primary: false,
    constraint: null,
    method: 'btree',
    keys: columns.map((c) => ({ column: c, expression: null, descending: false, nullsFirst: false, opclass: null, collation: null })),
    include: [],
    predicate: null,
    valid: true,
    nullsNotDistinct: false,
    definition: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${tableId} USING btree (${columns.join(', ')})`,
    comment: null,
    ...extra,
  };
}

export function fk(
  tableId: string,
  columns: string[],
  refTable: string,
  refColumns: string[],
  extra: Partial<ForeignKey> = {},
): ForeignKey {
  const [, name] = split(tableId);
  const fkName = extra.name ?? `${name}_${columns.join('_')}_fkey`;
  const onDelete = extra.onDelete ?? 'no action';
  const rule = onDelete === 'no action' ? '' : ` ON DELETE ${onDelete.toUpperCase()}`;
  return {
    id: `${tableId}.${fkName}`,
    table: tableId,
    name: fkName,
    columns,
    refTable,
    refColumns,
    onDelete,
    onUpdate: 'no action',
    match: 'simple',
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
    definition: `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${split(refTable)[1]}(${refColumns.join(', ')})${rule}`,
    ...extra,
  };
}

export function policy(tableId: string, name: string, using: string | null, extra: Partial<Policy> = {}): Policy {
  return {
    id: `${tableId}.${name}`,
    table: tableId,
    name,
    permissive: true,
    command: 'all',
    roles: ['public'],
    using,
    withCheck: null,
    comment: null,
    ...extra,
  };
}

export function trigger(tableId: string, name: string, fn: string, extra: Partial<Trigger> = {}): Trigger {
  return {
    id: `${tableId}.${name}`,
    table: tableId,
    name,
    timing: 'before',
    events: ['update'],
    columns: [],
    level: 'row',
    when: null,
    function: fn,
    enabled: 'origin',
    constraint: false,
    definition: `CREATE TRIGGER ${name} BEFORE UPDATE ON ${tableId} FOR EACH ROW EXECUTE FUNCTION ${fn}`,
    comment: null,
    ...extra,
  };
}

export function enumType(id: string, labels: string[]): Enum {
  const [schema, name] = split(id);
  return { id, schema, name, labels, owner: 'postgres', comment: null, origin: 'user' };
}

/** A user function: `fn('public.touch()', { comment: '…' })` (a plpgsql trigger function unless told otherwise). */
export function fn(id: string, extra: Partial<Func> = {}): Func {
  const open = id.indexOf('(');
  const dot = id.lastIndexOf('.', open);
  return {
    id,
    schema: id.slice(0, dot),
    name: id.slice(dot + 1, open),
    kind: 'function',
    identityArgs: '',
    args: '',
    returns: 'trigger',
    language: 'plpgsql',
    volatility: 'volatile',
    securityDefiner: false,
    leakproof: false,
    strict: false,
    config: [],
    owner: 'postgres',
    definition: null,
    comment: null,
    origin: 'user',
    ...extra,
  };
}
