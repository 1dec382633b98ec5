/**
 * check-docs' vocabulary: the claims a hand-written document makes about a schema, and the verdicts on them.
 *
 * A claim names things as the document wrote them (`users`, `AdminUser`, `auth.uid()`); the checker resolves the
 * names against the model. Every claim keeps the file and line it was read from, and the line itself (`quote`), so a
 * report can point at it and `--fix` can rewrite the part that states the value (`spans`).
 */
import type { Cardinality, DeleteRule } from '../analyze/types.js';
import type { PolicyCommand, TriggerEvent } from '../model/types.js';

export const CHECK_DOCS_FORMAT = 'schemaproof/check-docs@1' as const;

export type Verdict = 'true' | 'false' | 'unverifiable';

/** An ON DELETE rule as SQL writes it. */
export const DELETE_RULE_SQL: Record<DeleteRule, string> = {
  'no action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
};

/** Object counts a document can state ("Total Tables: 21", "156 migration files"). */
export type CountSubject =
  | 'tables'
  | 'foreign keys'
  | 'relationships'
  | 'indexes'
  | 'policies'
  | 'triggers'
  | 'functions'
  | 'views'
  | 'enums'
  | 'migrations';

export type ClaimBody =
  /** A table exists (or, marked ❌, does not). */
  | { kind: 'table'; table: string; exists: boolean }
  | {
      kind: 'column';
      table: string;
      column: string;
      exists: boolean;
      /** The type as written (`VARCHAR(255)`, `TIMESTAMPTZ`), compared through the Postgres parser. */
      type?: string;
      notNull?: boolean;
      unique?: boolean;
      /** The default expression as written. */
      default?: string;
    }
  | { kind: 'primary-key'; table: string; columns: string[]; type?: string }
  | { kind: 'unique'; table: string; columns: string[] }
  | {
      kind: 'index';
      name: string | null;
      table: string | null;
      /** Key parts as written: column names, or expressions (`lower(email)`). */
      columns: string[] | null;
      unique?: boolean;
      /** The partial-index predicate as written; null: claimed not partial; absent: not stated. */
      predicate?: string | null;
      exists: boolean;
    }
  | {
      kind: 'foreign-key';
      table: string;
      /** Null when the document only says the table references another. */
      columns: string[] | null;
      /** Null when the document only names the columns. */
      refTable: string | null;
      refColumns: string[] | null;
      onDelete?: DeleteRule;
    }
  /**
   * The ON DELETE rule of every FK between two tables, either direction ("Lead → LeadActivity (cascade delete)"); with
   * the second table null, of every FK of the first — of a junction, its two FKs to the tables it joins
   * ("DistributorPartner (cascade delete from both sides)").
   */
  | { kind: 'delete-rule'; tables: [string, string | null]; rule: DeleteRule | 'not cascade' }
  /** `parent` 1 — N `child` (the child references the parent); for many-to-many, `via` is the junction. */
  | { kind: 'cardinality'; parent: string; child: string; cardinality: Cardinality; via?: string }
  | { kind: 'level'; table: string; level: number }
  | { kind: 'rls'; table: string; enabled: boolean; forced?: boolean }
  /** Row-level security on every table (`all`) or on every tenant-scoped / inheriting table (`tenant`). */
  | { kind: 'rls-all'; scope: 'all' | 'tenant' }
  | {
      kind: 'policy';
      table: string;
      name: string;
      command?: PolicyCommand;
      roles?: string[];
      using?: string;
      withCheck?: string;
    }
  | {
      kind: 'trigger';
      name: string;
      table: string | null;
      timing?: 'before' | 'after' | 'instead of';
      events?: TriggerEvent[];
      level?: 'row' | 'statement';
      function?: string;
      exists: boolean;
    }
  /** A function exists; with `args`, its arguments (a name, a type, or both, as written). */
  | { kind: 'function'; name: string; args?: { name?: string; type?: string }[]; exists: boolean }
  | { kind: 'view'; name: string; reads?: string[] }
  /**
   * A closed set of values (enum labels, `CHECK (col IN (…))`): of one column, or (column null) of some column of the
   * table ("5-state lifecycle (claimable → …)"). `values` and/or `count` are stated.
   */
  | { kind: 'values'; table: string; column: string | null; values: string[] | null; count: number | null }
  | { kind: 'count'; subject: CountSubject; count: number; atLeast: boolean }
  /** Every FK has an index that serves it. */
  | { kind: 'all-fks-indexed' }
  /** Every column of a kind has a type: status columns are enums, ids are uuid, timestamps are timestamptz. */
  | { kind: 'column-types'; subject: 'status' | 'id' | 'timestamp'; type: 'enum' | 'uuid' | 'timestamptz' }
  /** A file (by name) is one of the applied migrations. */
  | { kind: 'migration'; file: string }
  | { kind: 'partitioned'; table: string }
  /** A table without the tenant column reaches the tenant through FKs (through `via`, when stated). */
  | { kind: 'tenant-inherited'; table: string; via: string | null }
  /**
   * What deleting the row an FK references does to a table's rows ("User - if enabled_by admin is deleted (FK
   * nullable)"): they are left without it (`detached`: SET NULL / SET DEFAULT) or the delete is refused until they
   * are reassigned (`blocked`: NO ACTION / RESTRICT). The FK is found by a column word (`enabled_by`, `owner`) or
   * the referenced table (`user`); `nullable` when stated.
   */
  | { kind: 'orphan'; table: string; column: string | null; ref: string | null; nullable: boolean | null; outcome: 'detached' | 'blocked' }
  /** Two tables are look-alikes: duplicate or conflicting definitions. */
  | { kind: 'look-alike'; tables: [string, string] }
  /** Looks like a claim, but nothing in the schema can decide it: the claim as the document words it, and why. */
  | { kind: 'unverifiable'; claim: string; reason: string };

export type ClaimKind = ClaimBody['kind'];

/** A part of the quoted line that states a value, as [start, end) offsets into `quote`; keyed by what it states. */
export type Spans = Partial<Record<'count' | 'onDelete' | 'type' | 'values' | 'columns' | 'level', [number, number]>>;

export interface Claim {
  /** The document, as shown to the user. */
  file: string;
  /** 1-based line of the document. */
  line: number;
  /** The claim in words (names as the document wrote them). */
  text: string;
  /** The document's line as read (mojibake repaired), untrimmed: `spans` index into it. */
  quote: string;
  /** The line as it is in the file, when it differs from `quote` (mojibake repaired). */
  original?: string;
  body: ClaimBody;
  spans?: Spans;
}

/** The correct value of a false claim, when the schema knows it: what `--fix` writes into the span of that name. */
export interface Correction {
  span: keyof Spans;
  text: string;
}

export interface CheckedClaim extends Claim {
  verdict: Verdict;
  /** Why: what the schema has (or does not have), naming model ids. */
  evidence: string;
  correction?: Correction;
}

export interface DocumentRead {
  file: string;
  lines: number;
  /** Lines whose double-encoded UTF-8 (`âœ…`) was repaired. */
  repairedLines: number[];
}

export interface CheckDocsReport {
  format: typeof CHECK_DOCS_FORMAT;
  /** What the schema was read from (model.source.location). */
  source: string;
  documents: DocumentRead[];
  claims: CheckedClaim[];
  summary: { claims: number; true: number; false: number; unverifiable: number };
}
