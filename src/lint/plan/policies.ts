/**
 * ALTER POLICY statements of remediations, for the planner. Two rules may rewrite one policy's expression
 * (`security/policy-current-setting-unsafe` adds NULLIF, `security/policy-auth-call-per-row` wraps the call in
 * `(select …)`); each starts from the policy as it is, so running both lets the second undo the first. When every
 * rule involved exposes its rewrite (`Rule.rewritePolicy`), the later fix is rebuilt as the composition — the earlier
 * rewrites applied first, then its own — so that running the fixes in order, or the later one alone, ends with both.
 * Otherwise the later finding is flagged.
 */
import type { Policy, SchemaModel } from '../../model/types.js';
import { alterPolicy } from '../rules/security/shared.js';
import type { PolicyClause, Rule, RuleContext } from '../types.js';
import { relationId, type Statement } from './statements.js';

export interface PolicyChange<F> {
  owner: F;
  rule: Rule | undefined;
  statement: Statement;
  policy: Policy;
  /** The expressions the statement sets. */
  clauses: PolicyClause[];
}

/** The policy an ALTER POLICY statement changes (its expressions), when the model has it. */
export function policyChange<F>(owner: F, rule: Rule | undefined, statement: Statement, ctx: RuleContext): PolicyChange<F> | null {
  if (statement.kind !== 'AlterPolicyStmt') return null;
  const body = statement.node.AlterPolicyStmt as { policy_name?: string; table?: unknown; qual?: unknown; with_check?: unknown };
  const clauses: PolicyClause[] = [...(body.qual !== undefined ? (['USING'] as const) : []), ...(body.with_check !== undefined ? (['WITH CHECK'] as const) : [])];
  if (clauses.length === 0) return null; // only roles or a rename
  const table = relationId(body.table);
  const policy = table !== null && body.policy_name !== undefined ? policyNamed(ctx.model, table, body.policy_name) : undefined;
  return policy ? { owner, rule, statement, policy, clauses } : null;
}

const policyIndexes = new WeakMap<SchemaModel, Map<string, Policy>>();

/** The (first) policy of that name on that table; the model's policies indexed once, not scanned per statement. */
function policyNamed(model: SchemaModel, table: string, name: string): Policy | undefined {
  let index = policyIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const p of model.policies) {
      const key = `${p.table}\u0000${p.name}`;
      if (!index.has(key)) index.set(key, p);
    }
    policyIndexes.set(model, index);
  }
  return index.get(`${table}\u0000${name}`);
}

export interface PolicyPlan<F> {
  rewrites: Map<Statement, { text: string; note: string }>;
  flags: Map<F, string[]>;
}

/**
 * For each policy that two findings' fixes set the same expression of (USING, or WITH CHECK), in output order: the
 * later statement rebuilt as the composition of every rewrite of that expression up to it, when each rule exposes its
 * rewrite; else the later finding is flagged. Fixes of different expressions of one policy do not conflict.
 */
export function planPolicies<F>(ctx: RuleContext, changes: PolicyChange<F>[], ref: (owner: F) => string): PolicyPlan<F> {
  const plan: PolicyPlan<F> = { rewrites: new Map(), flags: new Map() };
  const byPolicy = new Map<string, PolicyChange<F>[]>();
  for (const c of changes) byPolicy.set(c.policy.id, [...(byPolicy.get(c.policy.id) ?? []), c]);
  for (const group of byPolicy.values()) {
    group.forEach((change, i) => {
      const policy = change.policy;
      const before = group.slice(0, i).filter((c) => c.owner !== change.owner && c.clauses.some((k) => change.clauses.includes(k)));
      if (before.length === 0) return;
      const earlier = [...new Set(before.map((c) => c.owner))].map(ref).join(' and ');
      if (!change.rule?.rewritePolicy || before.some((c) => !c.rule?.rewritePolicy)) {
        plan.flags.set(change.owner, [
          ...(plan.flags.get(change.owner) ?? []),
          `this fix and the fix of ${earlier} both rewrite ${change.clauses.join(' and ')} of policy "${policy.name}": the one run last undoes the other — apply one, then redo the other on its result`,
        ]);
        return;
      }
      const value = (clause: PolicyClause): string | null => {
        let text = clause === 'USING' ? policy.using : policy.withCheck;
        for (const c of group.slice(0, i + 1)) {
          if (text === null || !c.clauses.includes(clause) || (c !== change && c.owner === change.owner)) continue;
          text = c.rule!.rewritePolicy!(ctx, policy, clause, text) ?? text;
        }
        return text;
      };
      plan.rewrites.set(change.statement, {
        text: alterPolicy(ctx.model, policy, change.clauses.includes('USING') ? value('USING') : null, change.clauses.includes('WITH CHECK') ? value('WITH CHECK') : null),
        note: `on top of the fix of ${earlier} for this policy, which it keeps:`,
      });
    });
  }
  return plan;
}
