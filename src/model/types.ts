/**
 * The schemaproof model: what a PostgreSQL schema *is*, as flat arrays of objects keyed by stable ids.
 *
 * This is a public contract (`"format": "schemaproof/model@1"`, JSON Schema in `schema/model.schema.json`).
 * Rules: every array is sorted by `id`; every text that Postgres can print (`pg_get_*def`, `pg_get_expr`,
 * `format_type`) is kept exactly as Postgres prints it; `null` means "absent" (no default, no comment),
 * never "unknown". Ids: `schema.name` for relations, types and sequences; the bare name for schemas, roles,
 * extensions and publications;
 * `schema.table.name` for columns, constraints, triggers and policies; `schema.name(argtypes)` for
 * functions; indexes are relations (`schema.index_name`).
 */

export const MODEL_FORMAT = 'schemaproof/model@1' as const;

export interface SchemaModel {
  format: typeof MODEL_FORMAT;
  /** What was read: a description of the source, never containing a password. */
  source: ModelSource;
  /** Which engine produced the model. Differs between runs on different engines; everything else does not. */
  engine: { kind: 'pglite' | 'postgres'; serverVersion: string; serverVersionNum: number };
  /** Database-level settings that checks need (e.g. PostgREST's exposed schemas). */
  settings: { pgrstDbSchemas: string[] | null };
  schemas: Schema[];
  extensions: Extension[];
  tables: Table[];
  constraints: Constraint[];
  foreignKeys: ForeignKey[];
  indexes: Index[];
  views: View[];
  functions: Func[];
  triggers: Trigger[];
  policies: Policy[];
  enums: Enum[];
  domains: Domain[];
  compositeTypes: CompositeType[];
  sequences: Sequence[];
  grants: Grant[];
  roles: Role[];
  publications: Publication[];
}

export interface ModelSource {
  kind: 'migrations' | 'sql-file' | 'url' | 'snapshot';
  /** The folder, file or masked URL the user named. */
  location: string;
  /** Migration layout, for `migrations`. */
  layout?: string;
  /** Files applied, in order, relative to where the tool ran. */
  files?: string[];
  /** Platform shim applied before the files (`supabase`), if any. */
  platform?: string | null;
  /** Files in the folder that were not applied, each with the reason (down migrations, data files, names the tool skips). */
  skipped?: { file: string; reason: string }[];
}

/** Who created an object: the user's schema, an extension, or the platform shim (e.g. Supabase's `auth`). */
export type Origin = 'user' | 'extension' | 'platform';

export interface Schema {
  id: string;
  name: string;
  owner: string;
  comment: string | null;
  origin: Origin;
}

export interface Extension {
  id: string;
  name: string;
  schema: string;
  version: string;
}

export type TableKind = 'table' | 'partitioned' | 'foreign';

export interface Table {
  id: string;
  schema: string;
  name: string;
  kind: TableKind;
  /** `unlogged` persistence. */
  unlogged: boolean;
  /** For a partition: the parent table's id and `FOR VALUES …` as Postgres prints it. */
  partitionOf: string | null;
  partitionBound: string | null;
  /** For a partitioned table: `PARTITION BY …` key as Postgres prints it. */
  partitionKey: string | null;
  /** Parents by (non-partition) inheritance, in `inhseqno` order. */
  inherits: string[];
  rls: { enabled: boolean; forced: boolean };
  owner: string;
  comment: string | null;
  /** `pg_class.reltuples`; null when never analysed (-1) or a partitioned/foreign table. */
  estimatedRows: number | null;
  origin: Origin;
  columns: Column[];
}

export interface Column {
  id: string;
  name: string;
  /** 1-based position among the table's live columns (dropped columns do not count). */
  position: number;
  /**
   * `format_type()` text, read with `search_path = public`: `character varying(255)`, `uuid`, `status` (a type in
   * `public`), `billing.currency[]` (a type in another schema).
   */
  type: string;
  /** Id of the user-defined type (enum, domain, composite) when the type (or its array element) is one. */
  typeId: string | null;
  nullable: boolean;
  default: string | null;
  identity: 'always' | 'by default' | null;
  /** `GENERATED ALWAYS AS (expr) STORED` expression. */
  generated: string | null;
  /** Only when it differs from the type's default collation. */
  collation: string | null;
  comment: string | null;
}

export type ConstraintType = 'primary key' | 'unique' | 'check' | 'exclude' | 'foreign key';

/** Table constraints other than NOT NULL (which is a column property on every server version). */
export interface Constraint {
  id: string;
  table: string;
  name: string;
  type: ConstraintType;
  columns: string[];
  /** `pg_get_constraintdef()` text. */
  definition: string;
  deferrable: boolean;
  initiallyDeferred: boolean;
  validated: boolean;
  /** Backing index for PK / UNIQUE / EXCLUDE. */
  index: string | null;
  comment: string | null;
}

export type FkAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  /** Same id as the matching entry in `constraints`. */
  id: string;
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
  match: 'simple' | 'full' | 'partial';
  deferrable: boolean;
  initiallyDeferred: boolean;
  validated: boolean;
  definition: string;
}

export interface Index {
  id: string;
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  /** Backs a constraint (PK, UNIQUE, EXCLUDE): that constraint's id. */
  constraint: string | null;
  method: string;
  /** Key parts in order: a column name, or an expression as Postgres prints it. */
  keys: IndexKey[];
  /** INCLUDE columns. */
  include: string[];
  /** Partial index predicate. */
  predicate: string | null;
  valid: boolean;
  nullsNotDistinct: boolean;
  /** `pg_get_indexdef()` text. */
  definition: string;
  comment: string | null;
}

export interface IndexKey {
  column: string | null;
  expression: string | null;
  descending: boolean;
  nullsFirst: boolean;
  opclass: string | null;
  collation: string | null;
}

export interface View {
  id: string;
  schema: string;
  name: string;
  materialized: boolean;
  /** `pg_get_viewdef()` text. */
  definition: string;
  columns: { name: string; type: string; comment: string | null }[];
  securityInvoker: boolean;
  securityBarrier: boolean;
  checkOption: 'local' | 'cascaded' | null;
  owner: string;
  comment: string | null;
  /** Relations (tables, views) the definition reads, by id, sorted. */
  dependsOn: string[];
  origin: Origin;
}

export interface Func {
  id: string;
  schema: string;
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  /** `pg_get_function_identity_arguments()` text. */
  identityArgs: string;
  /** `pg_get_function_arguments()` text (with defaults and names). */
  args: string;
  /** `pg_get_function_result()` text; null for procedures. */
  returns: string | null;
  language: string;
  volatility: 'immutable' | 'stable' | 'volatile';
  securityDefiner: boolean;
  leakproof: boolean;
  strict: boolean;
  /** `proconfig` entries, e.g. `search_path=public, pg_temp`. */
  config: string[];
  owner: string;
  /** `pg_get_functiondef()` text (null for aggregates). */
  definition: string | null;
  comment: string | null;
  origin: Origin;
}

export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate';

export interface Trigger {
  id: string;
  table: string;
  name: string;
  timing: 'before' | 'after' | 'instead of';
  events: TriggerEvent[];
  /** `UPDATE OF col, …` columns. */
  columns: string[];
  level: 'row' | 'statement';
  when: string | null;
  /** Function id (`schema.name()`). */
  function: string;
  enabled: 'origin' | 'disabled' | 'replica' | 'always';
  constraint: boolean;
  /** `pg_get_triggerdef()` text. */
  definition: string;
  comment: string | null;
}

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

export interface Policy {
  id: string;
  table: string;
  name: string;
  permissive: boolean;
  command: PolicyCommand;
  /** Role names; `public` when the policy applies to everyone. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
  comment: string | null;
}

export interface Enum {
  id: string;
  schema: string;
  name: string;
  /** Labels in their sort order. */
  labels: string[];
  owner: string;
  comment: string | null;
  origin: Origin;
}

export interface Domain {
  id: string;
  schema: string;
  name: string;
  baseType: string;
  nullable: boolean;
  default: string | null;
  collation: string | null;
  constraints: { name: string; definition: string }[];
  owner: string;
  comment: string | null;
  origin: Origin;
}

export interface CompositeType {
  id: string;
  schema: string;
  name: string;
  attributes: { name: string; type: string }[];
  owner: string;
  comment: string | null;
  origin: Origin;
}

export interface Sequence {
  id: string;
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  /** `schema.table.column` that owns it (serial / identity), if any. */
  ownedBy: string | null;
  owner: string;
  comment: string | null;
  origin: Origin;
}

export type GrantObjectKind = 'table' | 'view' | 'sequence' | 'column' | 'schema' | 'function';

export interface Grant {
  /** `<object>:<grantee>:<privilege>` (object id for columns is `schema.table.column`). */
  id: string;
  objectKind: GrantObjectKind;
  object: string;
  grantee: string;
  privilege: string;
  grantable: boolean;
}

export interface Role {
  id: string;
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  login: boolean;
  inherit: boolean;
  /** Roles this role is a member of. */
  memberOf: string[];
}

export interface Publication {
  id: string;
  name: string;
  allTables: boolean;
  tables: string[];
  actions: ('insert' | 'update' | 'delete' | 'truncate')[];
}
