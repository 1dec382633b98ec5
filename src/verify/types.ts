/**
 * What `schemaproof verify` proves, as data: the contract of `verify --format json` and of `verify.md`.
 *
 * Every verdict comes from running SQL in a throwaway sandbox (the migrations applied into a fresh PGlite or a
 * scratch database), never from reading policy text. Ids are model ids; arrays are sorted as documented.
 */

export const VERIFY_FORMAT = 'schemaproof/verify@1' as const;

export type RlsCommand = 'select' | 'insert' | 'update' | 'delete';

/**
 * Whose rows a probe touches, seen from tenant A: `own` (A's), `other` (B's), `none` (no tenant context — unset, an
 * empty string, a malformed value), or `move` (an UPDATE that re-assigns one of A's rows to B).
 */
export type RlsScope = 'own' | 'other' | 'none' | 'move';

/**
 * `proven`: the probe ran and the outcome is the isolating one (for `own`: A can do what it does; a table A cannot
 * write is proven "read-only" and says so). `leak`: B's rows were seen or changed, or a row without tenant was
 * visible or writable. `inconclusive`: the probe could not decide (an unexpected error, no row to probe with).
 */
export type RlsVerdict = 'proven' | 'leak' | 'inconclusive';

export interface RlsResult {
  /** Table or view id. */
  table: string;
  command: RlsCommand;
  scope: RlsScope;
  verdict: RlsVerdict;
  /** What happened, in words: rows seen, the refusal (`new row violates row-level security policy`), the leaking row. */
  detail: string;
  /** For a leak: the row that leaked, as JSON (primary key and tenant columns first). */
  row?: Record<string, unknown>;
}

/** How the probes act as a tenant. */
export interface TenantContext {
  /**
   * `guc`: `set_config(name, value)` with the setting the policies read (`app.current_client_id`);
   * `jwt`: Supabase's `request.jwt.claims` with `sub` (and `role`), read by `auth.uid()`;
   * `none`: the policies read no context the verifier recognises.
   */
  kind: 'guc' | 'jwt' | 'none';
  /** The GUC name (`app.current_client_id`, `request.jwt.claims`). */
  setting: string | null;
  /** The role probes run as, and why that one. */
  role: string;
  roleReason: string;
  /**
   * Where the subject of isolation comes from: the analysis' inferred tenant (`tenancy`), the configured one
   * (`config`), or, when the analysis accepted none, its best candidate (`candidate`: a per-user key such as
   * `userId`, or a key without a tenant word such as `distributor_id`).
   */
  subject: { root: string; column: string; source: 'tenancy' | 'config' | 'candidate' };
  /**
   * For JWT claims: whose id goes in `sub` — the tenant's own key (`tenant key`: the subject is the user), or a
   * member's, read from the membership table (`public.organization_members.user_id`). Null for a GUC.
   */
  identity: string | null;
}

export interface TransitionResult {
  from: string;
  to: string;
  accepted: boolean;
  /** The refusal's message (trigger EXCEPTION, CHECK), for a rejected transition. */
  message: string | null;
  /**
   * Accepted only with another row in a given state (`redemptions.status = claimed`): a trigger on this table
   * changes a related row whose own machine refuses the change otherwise.
   */
  requires: string | null;
  /** Rows other triggers inserted, updated or deleted during the accepted transition. */
  sideEffects: SideEffect[];
}

export interface SideEffect {
  table: string;
  action: 'insert' | 'update' | 'delete';
  rows: number;
  /** For updates: column → new value (as text), the columns that changed; for inserts: the inserted row's values. */
  values: Record<string, string | null>;
}

export interface StateMachineProof {
  /** `schema.table.column`. */
  column: string;
  table: string;
  states: string[];
  /** Accepted [from, to] pairs (from ≠ to), in state order. */
  allowed: [string, string][];
  rejected: [string, string][];
  /** Every ordered pair tried, with its outcome and side effects, in state order. */
  transitions: TransitionResult[];
  /** States with no accepted way out. */
  terminal: string[];
  /** States no accepted path reaches from the initial state (the column default, else the first state); empty when there is no initial state. */
  unreachable: string[];
  initial: string | null;
  /** Against the transitions declared in config: accepted but not declared, declared but rejected. Null when nothing is declared. */
  declared: { undeclaredAccepted: [string, string][]; declaredRejected: [string, string][] } | null;
  /** How rows in each `from` state were made: by a plain INSERT, or with triggers off (`session_replication_role = replica`) because an insert trigger refused that state. */
  setup: 'insert' | 'replica';
}

export interface NotProven {
  /** A table, view or state-machine column id. */
  object: string;
  kind: 'table' | 'view' | 'state-machine';
  reason: string;
}

/** A table whose owner bypasses RLS (RLS enabled, not FORCEd): the owner path is not covered by the probes. */
export interface OwnerBypass {
  table: string;
  owner: string;
}

export interface SeedNote {
  table: string;
  /** Rows the table holds after seeding (both tenants' and, for a table outside the tenancy, shared ones; rows triggers made count). */
  rows: number;
  /** `replica`: triggers blocked the plain insert, so the rows were inserted with `session_replication_role = replica`. */
  mode: 'triggers' | 'replica';
  /** Attempts beyond the first that a CHECK or unique violation needed. */
  retries: number;
}

export interface VerifyReport {
  format: typeof VERIFY_FORMAT;
  /** Where the sandbox came from (`examples/creator-loyalty`) and which engine ran it. */
  source: string;
  engine: 'pglite' | 'postgres';
  context: TenantContext | null;
  rls: RlsResult[];
  stateMachines: StateMachineProof[];
  notProven: NotProven[];
  ownerBypass: OwnerBypass[];
  seeded: SeedNote[];
  summary: {
    /** Every statement probed: the RLS probes plus the transitions tried. */
    probes: number;
    leaks: number;
    inconclusive: number;
    /** Tables (and views) with every probe proven. */
    tablesProven: number;
    tablesProbed: number;
    /** Accepted transitions not declared plus declared transitions rejected. */
    contradictions: number;
    /** Wall time of the proofs in milliseconds (not part of the golden output). */
    ms: number;
  };
}
