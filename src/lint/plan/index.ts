/**
 * The remediation planner: after every rule ran and the config, suppressions and baseline left the findings to show,
 * their remediations are read as statements (plan/statements.ts) in output order and made into one plan that runs top
 * to bottom without doing anything twice or undoing itself:
 *
 * - a statement an earlier finding's fix already has (same parse tree; for indexes, same index whatever its name) is
 *   replaced by a comment naming that finding — `fk-without-index` and `policy-column-without-index` both asking for
 *   `CREATE INDEX ON t (client_id)`, the trigger function eleven `updated-at` fixes create;
 * - a plain index that a wider proposed index makes unnecessary (`(x_id)` beside a guard's `(x_id, client_id)`) is
 *   replaced by a comment naming the fix with the wider one;
 * - ON DELETE conflicts between FK fixes are settled or flagged (plan/foreign-keys.ts), and two rewrites of one policy
 *   are composed or flagged (plan/policies.ts).
 *
 * A finding whose every statement is another fix's says so in its message ("same fix as <rule> (<fingerprint>)");
 * flags are appended to the message. Fingerprints, severities and order do not change. Transaction control (BEGIN,
 * COMMIT) and SET are never merged: each fix keeps its own. A remediation that does not parse is left as it is.
 */
import type { Finding, Rule, RuleContext } from '../types.js';
import { fkChanges, planForeignKeys, type FkChange } from './foreign-keys.js';
import { indexProposal, serves, type IndexProposal } from './indexes.js';
import { planPolicies, policyChange, type PolicyChange } from './policies.js';
import { joinPieces, relationId, splitRemediation, statementSummary, type Piece, type Statement } from './statements.js';

/** Statements each fix must keep for itself. */
const OWN = new Set(['TransactionStmt', 'VariableSetStmt']);

interface Entry {
  finding: Finding;
  pieces: Piece[] | null;
}

const ref = (f: Finding) => `${f.rule} (${f.fingerprint})`;

export function planRemediations(findings: Finding[], ctx: RuleContext, rules: ReadonlyMap<string, Rule>): Finding[] {
  const entries: Entry[] = findings.map((finding) => ({ finding, pieces: finding.remediation ? splitRemediation(finding.remediation) : null }));
  const statements: { owner: Finding; statement: Statement }[] = [];
  for (const e of entries) for (const p of e.pieces ?? []) if ('statement' in p) statements.push({ owner: e.finding, statement: p.statement });

  // Rewrites that make fixes agree (FK rules, composed policy rewrites), with the comment that says why.
  const fkPlan = planForeignKeys(ctx.model, statements.flatMap((s) => fkChanges(s.owner, s.statement)) as FkChange<Finding>[], ref);
  const policyPlan = planPolicies(
    ctx,
    statements.map((s) => policyChange(s.owner, rules.get(s.owner.rule), s.statement, ctx)).filter((c): c is PolicyChange<Finding> => c !== null),
    ref,
  );
  const rewrites = new Map([...fkPlan.rewrites, ...policyPlan.rewrites]);
  const flags = new Map<Finding, string[]>();
  for (const source of [fkPlan.flags, policyPlan.flags]) for (const [f, list] of source) flags.set(f, [...(flags.get(f) ?? []), ...list]);

  // What each statement is after the rewrites: its identity, and the index it proposes. Two statements can only have
  // one identity when they are of one kind on one relation (both are part of it): a statement alone in its group
  // gets an identity of its own, without the canonical JSON (the planner's costliest step after parsing).
  const effective = statements.map(({ statement }) => {
    const rewritten = rewrites.get(statement);
    return rewritten ? (splitRemediation(rewritten.text)?.find((p): p is { statement: Statement } => 'statement' in p)?.statement ?? statement) : statement;
  });
  const groups = effective.map(statementGroup);
  const groupSize = new Map<string, number>();
  for (const g of groups) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  const identity = new Map<Statement, string>();
  const proposals = new Map<Statement, IndexProposal>();
  statements.forEach(({ statement }, i) => {
    const proposal = indexProposal(effective[i]!);
    if (proposal) proposals.set(statement, proposal);
    // Canonical identities are JSON objects (`{…}`): `\u0000<n>` is none of them.
    identity.set(statement, proposal ? proposal.identity : groupSize.get(groups[i]!)! > 1 ? effective[i]!.canon : `\u0000${i}`);
  });

  // Narrow indexes a wider proposal serves: the first wider one in output order (proposals looked up per table).
  const byTable = new Map<string, { owner: Finding; statement: Statement; proposal: IndexProposal }[]>();
  for (const s of statements) {
    const proposal = proposals.get(s.statement);
    if (!proposal) continue;
    const list = byTable.get(proposal.table) ?? [];
    list.push({ ...s, proposal });
    byTable.set(proposal.table, list);
  }
  const servedBy = new Map<Statement, { owner: Finding; statement: Statement }>();
  for (const narrow of statements) {
    const p = proposals.get(narrow.statement);
    if (!p) continue;
    const wide = (byTable.get(p.table) ?? []).find((w) => w.owner !== narrow.owner && serves(w.proposal, p));
    if (wide) servedBy.set(narrow.statement, wide);
  }

  const first = new Map<string, { owner: Finding; statement: Statement }>();
  const replaced = new Map<Statement, string>();
  /** Statements left to another fix (a comment in their place). */
  const covered = new Set<Statement>();
  const covering = new Map<Finding, Set<Finding>>();
  const cover = (statement: Statement, f: Finding, by: Finding) => {
    covered.add(statement);
    const set = covering.get(f) ?? new Set<Finding>();
    set.add(by);
    covering.set(f, set);
  };
  for (const s of statements) {
    const { owner, statement } = s;
    const wide = servedBy.get(statement);
    if (wide) {
      const shown = first.get(identity.get(wide.statement)!) ?? wide;
      replaced.set(statement, `-- not needed: the fix of ${ref(shown.owner)} creates a wider index that serves it: ${statementSummary(textOf(shown.statement, rewrites))}`);
      cover(statement, owner, shown.owner);
      continue;
    }
    const key = identity.get(statement)!;
    const earlier = first.get(key);
    if (earlier && earlier.owner !== owner && !OWN.has(statement.kind)) {
      replaced.set(statement, `-- already in the fix of ${ref(earlier.owner)}: ${statementSummary(textOf(statement, rewrites))}`);
      cover(statement, owner, earlier.owner);
      continue;
    }
    if (!earlier) first.set(key, s);
    const rewritten = rewrites.get(statement);
    if (rewritten) replaced.set(statement, `-- ${rewritten.note}\n${rewritten.text}`);
  }

  return entries.map(({ finding, pieces }) => {
    const notes = [...(flags.get(finding) ?? [])];
    let remediation = finding.remediation;
    if (pieces) {
      const own = pieces.filter((p): p is { statement: Statement } => 'statement' in p).map((p) => p.statement);
      if (own.some((s) => replaced.has(s))) remediation = joinPieces(pieces, (s) => replaced.get(s));
      const executable = own.filter((s) => !OWN.has(s.kind) && !covered.has(s));
      const by = covering.get(finding);
      if (by && own.length > 0 && executable.length === 0) notes.unshift(`same fix as ${[...by].map(ref).join(' and ')}`);
    }
    if (notes.length === 0 && remediation === finding.remediation) return finding;
    return { ...finding, message: notes.length ? `${finding.message} (${notes.join('; ')})` : finding.message, remediation };
  });
}

/** A statement's kind and the relation it names (`relation`, or a policy's `table`): what its identity includes. */
function statementGroup(s: Statement): string {
  const body = s.node[s.kind] as { relation?: unknown; table?: unknown } | undefined;
  return `${s.kind}\u0000${relationId(body?.relation ?? body?.table) ?? ''}`;
}

function textOf(statement: Statement, rewrites: Map<Statement, { text: string }>): string {
  return rewrites.get(statement)?.text ?? statement.text;
}
