/**
 * `audit.md`: seed 002's shape — a checklist by area with a summary at the end — but every tick is a lint rule that
 * ran and found nothing, and every cross is a finding with the object, where it was created and how to fix it. No
 * "confidence level": what was checked is listed, and what was not checked is not claimed.
 *
 * Pure: `(ctx) → Markdown`; the findings come from `schemaproof lint`'s engine with the project's config (`ctx.lint`).
 */
import { SUPPRESSION_META } from '../lint/engine.js';
import { RULES } from '../lint/rules/index.js';
import type { Category, Finding, LintResult, RuleMeta, Severity } from '../lint/types.js';
import type { VerifyReport } from '../verify/types.js';
import type { RenderContext } from './context.js';
import { block, code, doc, list, plural, table, text } from './markdown.js';

const AREAS: { category: Category; title: string }[] = [
  { category: 'security', title: 'Row-level security and privileges' },
  { category: 'tenancy', title: 'Multi-tenant isolation' },
  { category: 'integrity', title: 'Integrity and lifecycle' },
  { category: 'structure', title: 'Structure and indexes' },
  { category: 'types', title: 'Data types' },
  { category: 'naming', title: 'Naming' },
  { category: 'lint', title: 'Suppressions' },
];

/** Findings of one rule shown in full; the rest are counted (the full list is `schemaproof lint`'s). */
const SHOWN_PER_RULE = 5;

const MARK: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** The rules that ran: every rule but those the config turned off (`rules` in the lint config). */
function rulesThatRan(off: ReadonlySet<string>): RuleMeta[] {
  return [...RULES.map((r) => r.meta), SUPPRESSION_META.meta].filter((m) => !off.has(m.id));
}

function where(f: Finding): string {
  return f.location ? ` (${code(`${f.location.file}:${f.location.line}`)})` : '';
}

function ruleSection(meta: RuleMeta, findings: Finding[]): string {
  const worst = findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'info';
  const head = `#### ${MARK[worst]} ${text(meta.description.replace(/\.$/, ''))} — ${plural(findings.length, 'finding')}`;
  const shown = findings.slice(0, SHOWN_PER_RULE).map((f) => {
    const fix = f.remediation ? `\n\n${block(f.remediation, 'sql').replace(/^/gm, '  ')}` : '';
    return `${code(f.object)}${where(f)}: ${text(f.message)}${fix}`;
  });
  const more = findings.length > SHOWN_PER_RULE ? `… and ${findings.length - SHOWN_PER_RULE} more: \`schemaproof lint --format json\` lists them all.` : null;
  return doc(head, `Rule ${code(meta.id)} (${meta.severity} by default; \`schemaproof rules\`). ${text(meta.fix)}`, list(shown), more).trimEnd();
}

function area(title: string, metas: RuleMeta[], byRule: Map<string, Finding[]>): { body: string; failed: number; passed: number } {
  const failed = metas.filter((m) => (byRule.get(m.id) ?? []).length > 0);
  const passed = metas.filter((m) => (byRule.get(m.id) ?? []).length === 0);
  const status = failed.length === 0 ? '✅' : failed.some((m) => byRule.get(m.id)!.some((f) => f.severity !== 'info')) ? '❌' : 'ℹ️';
  const body = doc(
    `### ${status} ${text(title)}`,
    `${plural(metas.length, 'check')}: ${passed.length} passed, ${failed.length} with findings.`,
    passed.length ? list(passed.map((m) => `✅ ${text(m.description.replace(/\.$/, ''))} (${code(m.id)})`)) : null,
    ...failed.map((m) => ruleSection(m, byRule.get(m.id)!)),
  ).trimEnd();
  return { body, failed: failed.length, passed: passed.length };
}

/**
 * The "Proofs" area (`doc --verify`): one check per probed table or view (isolated, or the probes that leaked), per
 * state machine (its accepted transitions against the declaration), and per object that could not be proven.
 */
function proofsArea(report: VerifyReport): { body: string; failed: number; passed: number; checks: number } {
  const lines: { ok: boolean; text: string }[] = [];
  const byTable = new Map<string, VerifyReport['rls']>();
  for (const r of report.rls) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  for (const [table, results] of byTable) {
    const leaks = results.filter((r) => r.verdict === 'leak');
    const unsure = results.filter((r) => r.verdict === 'inconclusive');
    const probes = (list: typeof results) => list.map((r) => `${r.command.toUpperCase()} ${r.scope}`).join(', ');
    if (leaks.length) lines.push({ ok: false, text: `❌ ${code(table)} leaks across tenants: ${text(probes(leaks))}` });
    else if (unsure.length) lines.push({ ok: false, text: `⚠️ ${code(table)}: ${plural(unsure.length, 'probe')} inconclusive (${text(probes(unsure))})` });
    else lines.push({ ok: true, text: `✅ ${code(table)} isolated: ${plural(results.length, 'probe')} proven` });
  }
  for (const m of report.stateMachines) {
    const contradictions = m.declared ? [...m.declared.undeclaredAccepted.map(([f, t]) => `${f} → ${t} accepted but not declared`), ...m.declared.declaredRejected.map(([f, t]) => `${f} → ${t} declared but rejected`)] : [];
    if (contradictions.length) lines.push({ ok: false, text: `❌ ${code(m.column)}: ${text(contradictions.join('; '))}` });
    else if (m.declared) lines.push({ ok: true, text: `✅ ${code(m.column)}: the triggers allow exactly the declared transitions (${m.allowed.length})` });
    else if (m.rejected.length === 0) lines.push({ ok: false, text: `ℹ️ ${code(m.column)}: nothing enforces its transitions (all ${m.transitions.length} accepted)` });
    else lines.push({ ok: true, text: `✅ ${code(m.column)}: ${m.allowed.length} of ${m.transitions.length} transitions accepted, the rest refused (none declared to compare with)` });
  }
  for (const n of report.notProven) lines.push({ ok: false, text: `⚠️ ${code(n.object)} not proven: ${text(n.reason)}` });
  for (const o of report.ownerBypass) lines.push({ ok: false, text: `⚠️ ${code(o.table)}: RLS not forced, so its owner (${code(o.owner)}) bypasses the policies` });
  const failed = lines.filter((l) => !l.ok).length;
  const passed = lines.length - failed;
  const body = doc(
    `### ${failed === 0 ? '✅' : report.summary.leaks || report.summary.contradictions ? '❌' : '⚠️'} Proofs (\`schemaproof verify\`)`,
    `Run in a throwaway sandbox with two synthesised tenants: ${plural(report.summary.probes, 'probe')}, ${plural(report.summary.leaks, 'leak')}, ` +
      `${plural(report.summary.contradictions, 'contradiction')} with the declared transitions. Details: [verify.md](verify.md).`,
    list(lines.map((l) => l.text)),
  ).trimEnd();
  return { body, failed, passed, checks: lines.length };
}

export function renderAudit(ctx: RenderContext): string {
  const lint = ctx.lint;
  if (!lint) return doc('# Schema audit', 'The audit was not run.');
  const metas = rulesThatRan(ctx.lintOff ?? new Set());
  const byRule = new Map<string, Finding[]>();
  for (const f of lint.findings) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const areas = AREAS.map((a) => ({ ...a, metas: metas.filter((m) => m.category === a.category) }))
    .filter((a) => a.metas.length > 0)
    .map((a) => ({ ...a, ...area(a.title, a.metas, byRule) }));
  const { error, warning, info, suppressed, ignored } = lint.summary;
  const proofs = ctx.verify ? proofsArea(ctx.verify) : null;
  const proofFailures = ctx.verify ? ctx.verify.summary.leaks + ctx.verify.summary.contradictions : 0;
  const verdict =
    error > 0 || proofFailures > 0
      ? `**Not ready:** ${[error ? plural(error, 'error') : null, ctx.verify?.summary.leaks ? plural(ctx.verify.summary.leaks, 'proven leak') : null, ctx.verify?.summary.contradictions ? plural(ctx.verify.summary.contradictions, 'transition contradiction') : null].filter(Boolean).join(', ')} must be fixed first.`
      : warning > 0
        ? `**No errors**; ${plural(warning, 'warning')} to review.`
        : '**No errors or warnings.**';
  const summary = table(
    ['Area', 'Checks', 'Passed', 'With findings'],
    [
      ...areas.map((a) => [`${a.failed === 0 ? '✅' : '❌'} ${text(a.title)}`, String(a.metas.length), String(a.passed), String(a.failed)]),
      ...(proofs ? [[`${proofs.failed === 0 ? '✅' : '❌'} Proofs`, String(proofs.checks), String(proofs.passed), String(proofs.failed)]] : []),
    ],
  );
  return doc(
    '# Schema audit',
    `Every line below is a check that ran on the schema of ${code(ctx.model.source.location)}: ✅ passed, ❌/⚠️/ℹ️ found ` +
      `something (error / warning / info). ${plural(metas.length, 'check')}, ${plural(lint.findings.length, 'finding')}: ` +
      `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info` +
      `${suppressed || ignored ? ` (${suppressed} suppressed in the schema with a reason, ${ignored} ignored by the config)` : ''}.`,
    verdict,
    '## Summary',
    summary,
    '## Checks by area',
    ...areas.map((a) => a.body),
    proofs?.body ?? null,
    '---',
    'Generated by `schemaproof doc` from the same rules as `schemaproof lint`; a tick means the rule ran and found nothing, never that something was assumed.',
  );
}

/** The README's "Top findings": the rules with errors first, then warnings, each with its count and first object. */
export function topFindings(lint: LintResult, limit = 8): string[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of lint.findings) {
    if (f.severity === 'info') continue;
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const rank = (fs: Finding[]) => (fs.some((f) => f.severity === 'error') ? 0 : 1);
  return [...byRule.entries()]
    .sort(([a, fa], [b, fb]) => rank(fa) - rank(fb) || fb.length - fa.length || (a < b ? -1 : 1))
    .slice(0, limit)
    .map(([rule, fs]) => `${MARK[fs[0]!.severity]} ${code(rule)}: ${plural(fs.length, 'finding')}, e.g. ${text(fs[0]!.message)}`);
}
