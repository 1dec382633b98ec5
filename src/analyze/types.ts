/**
 * Derived facts about a schema, computed once from the model by pure functions (no database, no files).
 *
 * The analysis is part of `schema.json` (`"analysis": {...}` beside the model) and of `schemaproof doc --json`,
 * so it is a public contract like the model: ids are model ids, every array is sorted (or in a documented order,
 * such as `loadOrder`), and the same model always gives the same analysis.
 *
 * Which tables are analysed: the user's tables (origin `user`) — not those of extensions or the platform shim —
 * and not partitions, which are part of their partitioned parent (their FKs are the parent's).
 */

import type { PolicyCommand } from '../model/types.js';

export const ANALYSIS_FORMAT = 'schemaproof/analysis@1' as const;

/** What the user can tell the analysis; everything is optional and inferred when absent. */
export interface AnalysisOptions {
  /** The tenant root table and the column that carries the tenant, e.g. `{ root: 'public.clients', column: 'client_id' }`; `null`: no tenancy (nothing is inferred); absent: inferred. */
  tenant?: { root: string; column: string } | null;
  /** Domain name → table ids (or bare names: the table in `public`, else the only schema that has one). Order is kept. */
  domains?: Record<string, string[]>;
  /** State machines: column id (`schema.table.column`) → from-state → to-states. */
  stateMachines?: Record<string, Record<string, string[]>>;
  /**
   * Tables that migration files define but that were not applied (e.g. files the Supabase CLI skips), read from
   * those files by the source layer. Only used to report conflicts with the applied tables; never counted as tables.
   */
  unappliedTables?: UnappliedTable[];
}

export interface UnappliedTable {
  /** `schema.name` as the file would create it (`public` when unqualified). */
  id: string;
  columns: string[];
  /** The file that defines it, as shown to the user, and why it was not applied. */
  file: string;
  reason: string;
}

export interface Analysis {
  format: typeof ANALYSIS_FORMAT;
  /** Ids of the analysed tables, sorted. */
  tables: string[];
  /** Table id → dependency level: level 0 references no other table; else 1 + the highest level referenced (self-references ignored, cycles broken as `cycles` says). */
  levels: Record<string, number>;
  /** A valid insertion order: every table after the tables it references (cycles broken as `cycles` says). */
  loadOrder: string[];
  /** The reverse of `loadOrder`: a valid deletion order. */
  deleteOrder: string[];
  cycles: Cycle[];
  /** Tables that reference no other table and are referenced by at least one. */
  roots: string[];
  /** Tables that reference another table and are referenced by none. */
  leaves: string[];
  /** Tables with no FK in or out (self-references do not count). */
  isolated: string[];
  relationships: Relationship[];
  /**
   * Per FK of an analysed table, whatever it references (an FK to `auth.users` too), in FK id order: the index on the
   * child table that serves lookups by the FK columns, or null.
   */
  foreignKeyIndexes: ForeignKeyIndex[];
  cascades: Cascades;
  domains: Domains;
  tenancy: Tenancy | null;
  /**
   * The (table, column) pairs that looked most like a tenant, best first (at most 5), each accepted or with the reason
   * it was not: shows why a tenant was inferred, or why none was. Empty when the tenant is configured.
   */
  tenantCandidates: TenantCandidate[];
  stateMachines: StateMachine[];
  duplicates: DuplicatePair[];
  naming: Naming;
}

/** A cycle of FKs between two or more tables, and the FK chosen to break it for levels and load order. */
export interface Cycle {
  /** Tables in the cycle, sorted. */
  tables: string[];
  /** FK ids between its tables that were still counted when the cycle was found (self-references and FKs that already broke an enclosing cycle are not), sorted. */
  foreignKeys: string[];
  /** The FK ignored to compute levels: nullable or deferrable first (then the one with the highest id). */
  brokenAt: string;
  /** Why that FK: it can be inserted as NULL and set later, or checked at commit, or neither (the cycle cannot be loaded in one pass). */
  breakable: 'nullable' | 'deferrable' | 'nullable and deferrable' | 'none';
}

export type Cardinality = 'one-to-one' | 'one-to-many' | 'many-to-many' | 'self-referential';

/**
 * One relationship. For an FK: `from` is the referencing (child) table, `to` the referenced (parent) table.
 * For an N:M junction: `from` and `to` are the two joined tables (sorted), `via` the junction table, and
 * `foreignKeys` its two FKs; the junction's own FKs are listed too, as one-to-many.
 */
export interface Relationship {
  /** The FK id; null for a many-to-many relationship through a junction. */
  foreignKey: string | null;
  /** The FK ids behind it: one for an FK, two for a junction. */
  foreignKeys: string[];
  from: string;
  to: string;
  columns: string[];
  refColumns: string[];
  cardinality: Cardinality;
  /** The junction table of a many-to-many relationship. */
  via: string | null;
  /** The FK columns can be NULL: a child row can exist without a parent. */
  optional: boolean;
  /** More than one column. */
  composite: boolean;
  /** The columns of this FK are part of a junction table's key (the FK is one side of an N:M). */
  junction: boolean;
  /**
   * When this FK's columns strictly include those of another FK of the same table to the same referenced table
   * (`(redemption_id, client_id) → redemptions(id, client_id)` beside `redemption_id → redemptions(id)`): that FK's
   * id. Such an FK adds a consistency check (the same tenant on both rows), not a second relationship.
   */
  guardOf: string | null;
}

export interface ForeignKeyIndex {
  foreignKey: string;
  table: string;
  columns: string[];
  /** Index id, or null when no index covers the FK (every parent delete then scans the child table). */
  index: string | null;
}

export type DeleteRule = 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action';

export interface Cascades {
  /** FK ids by their ON DELETE rule. */
  onDelete: Record<DeleteRule, string[]>;
  /** FK ids by their ON UPDATE rule. */
  onUpdate: Record<DeleteRule, string[]>;
  /** What deleting one row of each table can do, per table id (sorted by table). */
  deleteEffects: DeleteEffect[];
  /** Nullable FKs: child rows can exist, or be left (SET NULL), without a parent. */
  detachable: OrphanRisk[];
  /**
   * NOT NULL FKs without CASCADE: child rows must be reassigned or deleted before the parent is deleted. FKs whose rows
   * a CASCADE FK of the same child to the same parent removes anyway (see `orderDependent`) are left out.
   */
  mustReassign: OrphanRisk[];
}

export interface DeleteEffect {
  table: string;
  /** Tables whose rows are deleted too, transitively through ON DELETE CASCADE, sorted. */
  cascadesTo: string[];
  /** FK ids whose columns are set to NULL / their default, on this table or on a cascaded one. */
  setsNull: string[];
  setsDefault: string[];
  /** FK ids (NO ACTION / RESTRICT) that make the delete fail while referencing rows exist, reached directly or through a cascade. */
  blockedBy: string[];
  /**
   * FK ids (NO ACTION / RESTRICT) whose referencing rows the same delete also removes through a CASCADE FK of the same
   * child table to the same parent: whether the delete fails depends on which constraint Postgres checks first (the
   * order they were created in), not on the data. Not in `blockedBy`.
   */
  orderDependent: string[];
}

export interface OrphanRisk {
  foreignKey: string;
  table: string;
  refTable: string;
  columns: string[];
  onDelete: DeleteRule;
}

export interface Domains {
  /** `config` when the user named them, `inferred` otherwise. */
  source: 'config' | 'inferred';
  /** In order of appearance (config order, or by size then name when inferred); every analysed table is in exactly one. */
  groups: DomainGroup[];
}

export interface DomainGroup {
  name: string;
  tables: string[];
  /** For inferred domains: the reason the group exists (shared prefix `lead_`, FK community around `public.orders`). */
  basis: string | null;
}

export interface Tenancy {
  source: 'config' | 'inferred';
  root: string;
  column: string;
  /** For an inferred tenant: how many tables reference the root through that column. */
  evidence: string | null;
  /** Tables other than the root that have the tenant column (sorted). */
  scoped: string[];
  /**
   * Tables without the column that reach the root or a scoped table through FKs, with the shortest such path —
   * through NOT NULL FKs when there is one (`nullable: false`), else through nullable FKs (`nullable: true`: a row
   * whose FK is NULL has no tenant).
   */
  inherited: { table: string; path: string[]; nullable: boolean }[];
  /** Analysed tables that are neither the root, scoped nor inherited. */
  outside: string[];
  /** Per scoped or inherited table: does row-level security filter on the tenant? */
  isolation: TenantIsolation[];
}

export interface TenantCandidate {
  root: string;
  column: string;
  /** How many tables reference `root` through a single-column FK named `column`. */
  tables: number;
  accepted: boolean;
  /** Why it was not accepted (`no tenant word in "partner_id" or "partners"`); null when accepted. */
  rejected: string | null;
}

export type IsolationVerdict =
  /** RLS on and every permissive path (or a restrictive policy) compares the tenant column. */
  | 'filters-tenant'
  /** RLS on, but the policies decide through a function or a subquery the analysis cannot see through. */
  | 'indirect'
  /** RLS on, but some policy lets rows through without looking at the tenant column. */
  | 'does-not-filter'
  /** RLS on with no permissive policy (none, or only restrictive ones): nothing is visible except to the owner and BYPASSRLS roles. */
  | 'no-policy'
  /** RLS off. */
  | 'rls-disabled';

export interface TenantIsolation {
  table: string;
  rlsEnabled: boolean;
  rlsForced: boolean;
  verdict: IsolationVerdict;
  /** Policy ids on the table, each with what its expression does with the tenant column. */
  policies: { policy: string; command: PolicyCommand; permissive: boolean; filter: 'tenant' | 'indirect' | 'none' }[];
}

export interface StateMachine {
  /** `schema.table.column`. */
  column: string;
  table: string;
  /** The closed set of values, in order (enum label order, or as the CHECK lists them). */
  states: string[];
  /** Where the value set comes from: an enum type (its id) or a CHECK constraint (its id). */
  valuesFrom: { kind: 'enum' | 'check'; id: string };
  /** The column default's state, if the default is one of the states. */
  initial: string | null;
  /** from → [to]; empty when unknown. */
  transitions: Record<string, string[]>;
  /** `declared` in config, or `unknown` (only the states are known); `verified` is reserved for `schemaproof verify`. */
  source: 'declared' | 'verified' | 'unknown';
  /** States with no outgoing transition, when transitions are known. */
  terminal: string[];
  /**
   * Trigger ids on the table that fire on UPDATE of this column: `UPDATE OF` naming it, or no column list and a
   * function that reads `NEW.col`/`OLD.col` (or one whose body cannot be read); disabled and replica-only triggers left out.
   */
  guardedBy: string[];
}

export interface DuplicatePair {
  /** The two table ids, sorted. One may be an unapplied table (see `unapplied`) — possibly with the same id as the applied one, when a skipped file redefines it. */
  tables: [string, string];
  /** When one side exists only in a file that was not applied: that table and the file. */
  unapplied: { table: string; file: string; reason: string } | null;
  /** Why they look alike: `name` (singular/plural, one name inside the other, a tiny edit) and/or `columns` (similar column sets). */
  reasons: ('name' | 'columns')[];
  /** Column-name similarity, 0–1 (Jaccard over normalised names: `userId` = `user_id`). */
  columnSimilarity: number;
  detail: string;
}

export type NamingStyle = 'snake_case' | 'camelCase' | 'PascalCase' | 'UPPER_CASE' | 'lowercase' | 'other';

export interface Naming {
  tables: NamingReport;
  columns: NamingReport;
  indexes: NamingReport;
  constraints: NamingReport;
  functions: NamingReport;
}

export interface NamingReport {
  /** The multi-word style most used for this kind (single lowercase words fit snake_case and camelCase alike and do not decide); null when no multi-word name exists. */
  dominant: NamingStyle | null;
  /** Style → count. */
  counts: Partial<Record<NamingStyle, number>>;
  /** Ids of objects whose names break the dominant style, sorted. */
  outliers: string[];
  /** More than one multi-word style is in use. */
  mixed: boolean;
}

/** A config value the analysis cannot use (a table that does not exist, a state that is not one): the message names the key. */
export class AnalysisConfigError extends Error {
  override name = 'AnalysisConfigError';
}
