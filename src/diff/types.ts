/**
 * What `schemaproof diff` reports: the object-level changes between two schemas, each classified by what it does to
 * the applications and data that use the schema (`breaking` or `safe`) and whether a security reviewer must look at
 * it (`security`). A public contract (`"format": "schemaproof/diff@1"`, JSON Schema in `schema/diff.schema.json`,
 * described in docs/diff.md).
 */
import type { ModelSource } from '../model/types.js';

export const DIFF_FORMAT = 'schemaproof/diff@1' as const;

/**
 * `breaking`: can make existing queries, writes or data fail or change (drops, narrowing, new constraints on existing
 * rows, …). `security`: weakens, or may weaken, who can read or write what (a policy loosened or dropped, RLS off, a
 * grant to an API role, SECURITY DEFINER). `safe`: neither — additive or neutral. A change is `safe` alone, or
 * `breaking` and/or `security`.
 */
export type ChangeClass = 'breaking' | 'security' | 'safe';
export const CHANGE_CLASSES: readonly ChangeClass[] = ['breaking', 'security', 'safe'];

export type ObjectKind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'constraint'
  | 'foreign key'
  | 'index'
  | 'view'
  | 'function'
  | 'trigger'
  | 'policy'
  | 'grant'
  | 'enum'
  | 'domain'
  | 'composite type'
  | 'sequence';

export const OBJECT_KINDS: readonly ObjectKind[] = [
  'schema', 'extension', 'table', 'column', 'constraint', 'foreign key', 'index', 'view', 'function', 'trigger',
  'policy', 'grant', 'enum', 'domain', 'composite type', 'sequence',
];

/** What part of a changed object changed (`change: "changed"` only). */
export type Aspect =
  // tables
  | 'rls-enabled'
  | 'rls-forced'
  | 'kind'
  | 'unlogged'
  | 'partitioning'
  | 'inherits'
  // columns
  | 'type'
  | 'nullable'
  | 'default'
  | 'identity'
  | 'generated'
  | 'collation'
  // constraints, foreign keys, indexes, triggers
  | 'definition'
  | 'references'
  | 'on-delete'
  | 'on-update'
  | 'deferrable'
  | 'validated'
  | 'unique'
  | 'predicate'
  | 'valid'
  | 'enabled'
  // views
  | 'columns'
  | 'security-invoker'
  | 'security-barrier'
  | 'check-option'
  | 'materialized'
  // functions
  | 'body'
  | 'security-definer'
  | 'search-path'
  | 'config'
  | 'volatility'
  | 'returns'
  | 'arguments'
  | 'language'
  | 'leakproof'
  | 'strict'
  | 'owner'
  // policies
  | 'using'
  | 'with-check'
  | 'roles'
  | 'command'
  | 'permissive'
  // grants
  | 'privileges'
  // types and sequences
  | 'labels'
  | 'base-type'
  | 'constraints'
  | 'attributes'
  | 'range'
  | 'increment'
  | 'start'
  | 'cycle'
  | 'owned-by'
  // anything
  | 'comment';

export const ASPECTS: readonly Aspect[] = [
  'rls-enabled', 'rls-forced', 'kind', 'unlogged', 'partitioning', 'inherits',
  'type', 'nullable', 'default', 'identity', 'generated', 'collation',
  'definition', 'references', 'on-delete', 'on-update', 'deferrable', 'validated', 'unique', 'predicate', 'valid', 'enabled',
  'columns', 'security-invoker', 'security-barrier', 'check-option', 'materialized',
  'body', 'security-definer', 'search-path', 'config', 'volatility', 'returns', 'arguments', 'language', 'leakproof', 'strict', 'owner',
  'using', 'with-check', 'roles', 'command', 'permissive',
  'privileges',
  'labels', 'base-type', 'constraints', 'attributes', 'range', 'increment', 'start', 'cycle', 'owned-by',
  'comment',
];

export interface Change {
  kind: ObjectKind;
  /**
   * The object's model id (`public.users.email`, `public.touch()`). Grants are grouped per object and grantee:
   * `<object>:<grantee>` (the model's grant id without the privilege).
   */
  object: string;
  /** The table or view the object belongs to (a column's, a policy's, a grant's); null for top-level objects. */
  table: string | null;
  change: 'added' | 'removed' | 'changed';
  /** What changed, for `changed`; null for `added` and `removed`. */
  aspect: Aspect | null;
  /** The headline class: `breaking` if it is one of `classes`, else `security`, else `safe`. */
  class: ChangeClass;
  /** Every class the change carries: `["safe"]`, or one or both of `breaking` and `security` (in that order). */
  classes: ChangeClass[];
  /** Why it is classified so, in one short sentence for people. */
  reason: string;
  /** The value before / after, as the model holds it (a type, an expression, a definition, a list); null when absent. */
  from: string | null;
  to: string | null;
  /** A guess the diff cannot prove, e.g. `possibly renamed from email` for a drop and an add that look alike. */
  hint: string | null;
}

export interface DiffSide {
  /** What was read, as the user named it (a folder, a file, a masked URL, `REF:path` for `--from-git`). */
  location: string;
  kind: ModelSource['kind'];
}

export interface SchemaDiff {
  format: typeof DIFF_FORMAT;
  from: DiffSide;
  to: DiffSide;
  /** Counts per class; a change that is both breaking and security counts in both. */
  summary: { changes: number; breaking: number; security: number; safe: number };
  /** Sorted by object id, then kind, then aspect (in the order of `ASPECTS`). */
  changes: Change[];
}
