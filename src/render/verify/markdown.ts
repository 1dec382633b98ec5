/**
 * `verify.md`: what `schemaproof verify` proved, for people. A summary paragraph, how the probes act as a tenant, the
 * row-level security isolation matrix (one row per table, one column per command, a mark per scope) with every leak
 * and inconclusive probe spelled out, the tables whose owner bypasses RLS, each state machine as a transition matrix
 * compared with the declaration, what could not be proven and how the sandbox was seeded. Pure: the same report gives
 * the same bytes (the wall time `summary.ms` is never printed). Every identifier, message and value comes from the
 * schema or the database and goes through the Markdown helpers.
 */
import type {
  RlsCommand,
  RlsResult,
  RlsScope,
  RlsVerdict,
  SideEffect,
  StateMachineProof,
  TenantContext,
  TransitionResult,
  VerifyReport,
} from '../../verify/types.js';
import { code, doc, list, plural, table, text } from '../markdown.js';

export const RLS_COMMANDS: readonly RlsCommand[] = ['select', 'insert', 'update', 'delete'];
export const RLS_SCOPES: readonly RlsScope[] = ['own', 'other', 'none', 'move'];

const MARKS: Record<RlsVerdict, string> = { proven: '✅', leak: '❌', inconclusive: '❔' };

/** What a scope means, in words (for the leak and inconclusive lists). */
export const SCOPE_WORDS: Record<RlsScope, string> = {
  own: "tenant A's own rows",
  other: "tenant B's rows, as tenant A",
  none: 'no tenant context',
  move: "re-assigning one of A's rows to B",
};

/** The results grouped by table, tables in first-appearance order, results in report order. */
export function rlsByTable(results: readonly RlsResult[]): Map<string, RlsResult[]> {
  const byTable = new Map<string, RlsResult[]>();
  for (const r of results) {
    const list = byTable.get(r.table);
    if (list) list.push(r);
    else byTable.set(r.table, [r]);
  }
  return byTable;
}

/** One matrix cell: the probes of one command on one table, scopes in the canonical order (`own other none move`). */
function cell(results: RlsResult[]): string {
  const rank = (s: RlsScope) => RLS_SCOPES.indexOf(s);
  return [...results]
    .sort((a, b) => rank(a.scope) - rank(b.scope))
    .map((r) => `${MARKS[r.verdict]} ${text(r.scope)}`)
    .join(' · ');
}

function summaryParagraph(report: VerifyReport): string {
  const s = report.summary;
  const engine = report.engine === 'pglite' ? 'PGlite' : 'a scratch PostgreSQL database';
  const machines = report.stateMachines.length;
  const parts = [
    `Proofs of ${code(report.source)}, run in a throwaway sandbox on ${engine}: every verdict below comes from SQL that ran, not from reading policy text.`,
    `${plural(report.rls.length, 'RLS probe')}, ${plural(s.leaks, 'leak')}, ${s.inconclusive} inconclusive;`,
    `${s.tablesProven} of ${plural(s.tablesProbed, 'table')} proven (every probe proven);`,
    `${plural(machines, 'state machine')} tried, ${plural(s.contradictions, 'contradiction')} with the declared transitions.`,
  ];
  return parts.join(' ');
}

function contextSection(context: TenantContext | null): string {
  if (!context) {
    return doc(
      '## Tenant context',
      'No tenant context was found: the probes could not act as one tenant against another.',
    ).trimEnd();
  }
  const how =
    context.kind === 'guc'
      ? `Probes act as a tenant by setting ${code(context.setting ?? '')} with ${code('set_config(name, value)')}, the setting the policies read.`
      : context.kind === 'jwt'
        ? `Probes act as a user through Supabase's ${code(context.setting ?? 'request.jwt.claims')} claims (${code('sub')}, and ${code('role')}), which ${code('auth.uid()')} reads.`
        : 'The policies read no tenant context the verifier recognises: probes run without one.';
  const sources: Record<TenantContext['subject']['source'], string> = {
    tenancy: "the analysis' tenant",
    config: 'the config',
    candidate: "the analysis' best tenant candidate (it accepted none)",
  };
  const subject = `The subject of isolation is ${code(context.subject.root)} (column ${code(context.subject.column)}), from ${sources[context.subject.source]}.`;
  const role = `They run as role ${code(context.role)}${context.roleReason ? `: ${text(context.roleReason)}` : ''}.`;
  return doc('## Tenant context', `${how} ${role} ${subject}`).trimEnd();
}

function probeItem(r: RlsResult): string {
  const row = r.row ? ` — row ${code(JSON.stringify(r.row))}` : '';
  return `${code(r.table)} ${r.command.toUpperCase()}, ${text(r.scope)} (${SCOPE_WORDS[r.scope]}): ${text(r.detail)}${row}`;
}

function rlsSection(report: VerifyReport): string {
  if (report.rls.length === 0) return doc('## Row-level security', 'No RLS probe ran.').trimEnd();
  const rows = [...rlsByTable(report.rls)].map(([id, results]) => [
    code(id),
    ...RLS_COMMANDS.map((c) => cell(results.filter((r) => r.command === c))),
  ]);
  const legend =
    `${MARKS.proven} proven · ${MARKS.leak} leak · ${MARKS.inconclusive} inconclusive · \`-\` not probed. ` +
    `Scopes, seen from tenant A: ${code('own')} A's rows, ${code('other')} tenant B's rows, ` +
    `${code('none')} no tenant context (unset, empty, malformed), ${code('move')} an UPDATE that re-assigns one of A's rows to B.`;
  const leaks = report.rls.filter((r) => r.verdict === 'leak');
  const inconclusive = report.rls.filter((r) => r.verdict === 'inconclusive');
  return doc(
    '## Row-level security',
    table(['Table', 'SELECT', 'INSERT', 'UPDATE', 'DELETE'], rows),
    legend,
    leaks.length ? doc('### Leaks', list(leaks.map(probeItem))).trimEnd() : null,
    inconclusive.length ? doc('### Inconclusive', list(inconclusive.map(probeItem))).trimEnd() : null,
  ).trimEnd();
}

function ownerBypassSection(report: VerifyReport): string | null {
  if (report.ownerBypass.length === 0) return null;
  return doc(
    '## Owner bypass',
    `Row-level security is enabled on these tables but not forced, so their owner bypasses every policy: the probes do not cover that path. ${code('ALTER TABLE … FORCE ROW LEVEL SECURITY')} makes the policies apply to the owner too.`,
    table(
      ['Table', 'Owner'],
      report.ownerBypass.map((o) => [code(o.table), code(o.owner)]),
    ),
  ).trimEnd();
}

const transitionText = (from: string, to: string) => `${code(from)} → ${code(to)}`;

/** One side effect in words: `sets t.c = v`, `inserts 1 row into t`, `deletes 2 rows from t`. */
export function sideEffectWords(e: SideEffect): string {
  const rows = plural(e.rows, 'row');
  if (e.action === 'insert') return `inserts ${rows} into ${code(e.table)}`;
  if (e.action === 'delete') return `deletes ${rows} from ${code(e.table)}`;
  const values = Object.entries(e.values);
  if (values.length === 0) return `updates ${rows} of ${code(e.table)}`;
  const sets = values.map(([column, value]) => `${code(`${e.table}.${column}`)} = ${value === null ? 'NULL' : code(value)}`).join(', ');
  return `sets ${sets}${e.rows === 1 ? '' : ` (${rows})`}`;
}

function acceptedItem(t: TransitionResult): string {
  const requires = t.requires ? ` (requires ${code(t.requires)})` : '';
  const effects = t.sideEffects.length ? `: also ${t.sideEffects.map(sideEffectWords).join('; ')}` : '';
  return `${transitionText(t.from, t.to)}${requires}${effects}`;
}

function transitionMatrix(sm: StateMachineProof): string {
  const tried = new Map(sm.transitions.map((t) => [`${t.from}\u0000${t.to}`, t]));
  const rows = sm.states.map((from) => [
    code(from),
    ...sm.states.map((to) => {
      if (from === to) return '—';
      const t = tried.get(`${from}\u0000${to}`);
      return t ? (t.accepted ? '✅' : '·') : '?';
    }),
  ]);
  return table(['from ↓ · to →', ...sm.states.map((s) => code(s))], rows);
}

function declarationText(sm: StateMachineProof): string {
  if (!sm.declared) return 'No transitions are declared for this column in the config: nothing to compare the accepted transitions with.';
  const { undeclaredAccepted, declaredRejected } = sm.declared;
  if (undeclaredAccepted.length === 0 && declaredRejected.length === 0) return 'The accepted transitions match the declared transitions.';
  const message = new Map(sm.transitions.map((t) => [`${t.from}\u0000${t.to}`, t.message]));
  const items = [
    ...undeclaredAccepted.map(([from, to]) => `accepted but not declared: ${transitionText(from, to)}`),
    ...declaredRejected.map(([from, to]) => {
      const refusal = message.get(`${from}\u0000${to}`);
      return `declared but rejected: ${transitionText(from, to)}${refusal ? ` — ${text(refusal)}` : ''}`;
    }),
  ];
  return doc(`**Contradicts the declared transitions** (${plural(items.length, 'contradiction')}):`, list(items)).trimEnd();
}

function machineSection(sm: StateMachineProof): string {
  const initial = sm.initial === null ? 'no initial state' : `initial state ${code(sm.initial)}`;
  const facts = `Table ${code(sm.table)}. States: ${sm.states.map((s) => code(s)).join(', ')}; ${initial}.`;
  const accepted = sm.transitions.filter((t) => t.accepted);
  const acceptedBlock = accepted.length
    ? doc('Accepted transitions:', list(accepted.map(acceptedItem))).trimEnd()
    : 'No transition is accepted: every state change was refused.';
  const terminal = sm.terminal.length
    ? `Terminal states (no accepted way out): ${sm.terminal.map((s) => code(s)).join(', ')}.`
    : 'No terminal state: every state has an accepted way out.';
  const reach =
    sm.initial === null
      ? ''
      : sm.unreachable.length
        ? ` Unreachable from ${code(sm.initial)}: ${sm.unreachable.map((s) => code(s)).join(', ')}.`
        : ` Every state is reachable from ${code(sm.initial)}.`;
  const setup =
    sm.setup === 'replica'
      ? `Rows in each ${code('from')} state were made with triggers off (${code('session_replication_role = replica')}), because an insert trigger refused that state.`
      : null;
  return doc(`### ${text(sm.column)}`, facts, transitionMatrix(sm), acceptedBlock, terminal + reach, declarationText(sm), setup).trimEnd();
}

function stateMachinesSection(report: VerifyReport): string {
  if (report.stateMachines.length === 0) return doc('## State machines', 'No state machine was verified.').trimEnd();
  return doc(
    '## State machines',
    'Every ordered pair of states was tried as an UPDATE of a row in the first state. In the matrices, rows are the state a row is in and columns the state it is set to: ✅ accepted · `·` rejected · — the same state · `?` not tried.',
    ...report.stateMachines.map(machineSection),
  ).trimEnd();
}

function notProvenSection(report: VerifyReport): string | null {
  if (report.notProven.length === 0) return null;
  return doc(
    '## Not proven',
    'What the verifier could not prove, and why: these objects are neither proven nor found leaking.',
    table(
      ['Object', 'Kind', 'Reason'],
      report.notProven.map((n) => [code(n.object), text(n.kind), text(n.reason)]),
    ),
  ).trimEnd();
}

function seedingSection(report: VerifyReport): string | null {
  if (report.seeded.length === 0) return null;
  const replica = report.seeded.some((s) => s.mode === 'replica');
  return doc(
    '## Seeding',
    'Rows synthesised in the sandbox for the two tenants (a table outside the tenancy holds shared rows), and the attempts beyond the first that a CHECK or unique violation needed.',
    table(
      ['Table', 'Rows', 'Mode', 'Retries'],
      report.seeded.map((s) => [code(s.table), String(s.rows), s.mode === 'replica' ? 'replica ⚠️' : 'triggers on', String(s.retries)]),
    ),
    replica
      ? `Replica: triggers blocked the plain insert, so the rows were inserted with ${code('session_replication_role = replica')} (triggers off); no trigger checked them.`
      : null,
  ).trimEnd();
}

export function renderVerifyMarkdown(report: VerifyReport): string {
  return doc(
    '# Verification',
    summaryParagraph(report),
    contextSection(report.context),
    rlsSection(report),
    ownerBypassSection(report),
    stateMachinesSection(report),
    notProvenSection(report),
    seedingSection(report),
  );
}
