/**
 * The lint contract: a rule is `meta` (what it checks, why, how to fix) and a pure `check` over the model and its
 * analysis, ESLint-style; the engine adds severity, fingerprints, suppressions and baselines.
 */
import type { Analysis } from '../analyze/types.js';
import type { Lookup } from '../analyze/lookup.js';
import type { Policy, SchemaModel } from '../model/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'structure' | 'types' | 'naming' | 'integrity' | 'security' | 'tenancy' | 'lint';

export interface RuleMeta {
  /** `category/kebab-name`, e.g. `rls/policy-always-true`; stable: baselines and suppressions name it. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line: what the rule reports. */
  description: string;
  /** Why it matters, in a few sentences. */
  rationale: string;
  /** How to fix it. */
  fix: string;
  /** Where to read more (documentation pages, the tool or pitfall it comes from). */
  links: string[];
}

/** What a rule reports: an object (model id), a message, and a remediation when one can be written. */
export interface RuleFinding {
  /** Model id of the object the finding is about (`public.users`, `public.users.email`, a policy id…). */
  object: string;
  message: string;
  /** A SQL snippet that fixes it, when one exists. */
  remediation?: string;
  /**
   * What distinguishes two findings of one rule on one object (e.g. the other index of a duplicate pair); part of the
   * fingerprint, so it must not change when unrelated parts of the schema change.
   */
  key?: string;
  /**
   * This finding's severity, when it differs from the rule's default (`security-definer-executable` is an error for a
   * function that writes, a warning otherwise). A severity the config sets for the rule applies to all its findings.
   */
  severity?: Severity;
  /**
   * Other objects the finding is about (the outliers of a naming mix): a finding whose object no statement created
   * (a schema) is located where the first of these was created.
   */
  related?: string[];
}

export interface RuleContext {
  model: SchemaModel;
  analysis: Analysis;
  lookup: Lookup;
  /**
   * The ids of the rules that run (the engine passes them; absent: every rule). A rule may leave a case to another
   * rule that reports the same root cause better, as long as that rule runs (see `ruleRuns`).
   */
  enabled?: ReadonlySet<string>;
}

/** Whether the rule `id` runs in this lint (true when the context does not say). */
export function ruleRuns(ctx: RuleContext, id: string): boolean {
  return ctx.enabled === undefined || ctx.enabled.has(id);
}

export type PolicyClause = 'USING' | 'WITH CHECK';

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RuleFinding[];
  /**
   * For a rule whose remediation rewrites policy expressions (ALTER POLICY): the rewrite itself, from an expression
   * text to the fixed one (null: nothing to change), so that the remediation planner can compose two rules' fixes of
   * one policy instead of letting the second undo the first.
   */
  rewritePolicy?(ctx: RuleContext, policy: Policy, clause: PolicyClause, expression: string): string | null;
}

export interface Finding {
  rule: string;
  severity: Severity;
  category: Category;
  object: string;
  message: string;
  remediation: string | null;
  /** Stable across runs and unrelated schema changes: sha-256 of rule, object and key, 16 hex digits. */
  fingerprint: string;
  /** Where the object was created, when the source is files. */
  location: { file: string; line: number; column: number } | null;
}

export interface LintResult {
  format: 'schemaproof/lint@1';
  findings: Finding[];
  summary: {
    /** Findings by severity, after config and suppressions. */
    error: number;
    warning: number;
    info: number;
    /** Rules that ran. */
    rules: number;
    /** Findings left out by in-schema suppressions, by ignore globs, and (with a baseline) because they are known. */
    suppressed: number;
    ignored: number;
    baselined: number;
  };
}
