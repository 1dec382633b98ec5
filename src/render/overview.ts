/**
 * `overview.md`, in seed 001's shape: the core tables by domain (one line each: name, comment, columns), the key
 * indexes, the user's functions, triggers grouped by the function they run (those the user's functions put on
 * platform tables too), row-level security (coverage, the policy patterns in use with the kind of rule each is, and
 * per domain the public-read and zero-trust tables), and notes: look-alike tables, naming inconsistencies, RLS
 * coverage.
 *
 * Policy patterns group policies by the shape of their expressions (`policy-shape.ts`, read from the parse tree),
 * so the parser must be loaded before rendering: `await loadPolicyParser()` (re-exported here), then
 * `renderOverview(ctx)`, which is synchronous and pure.
 */
import type { NamingReport, NamingStyle } from '../analyze/types.js';
import type { Func, Policy, Trigger } from '../model/types.js';
import type { RenderContext } from './context.js';
import { indexKeys } from './sql.js';
import {
  documentedTriggers,
  domainIntro,
  functionLabel,
  keyIndexes,
  localName,
  triggerEvents,
  triggerPlace,
} from './dependency-graph.js';
import { code, doc, list, plural, table, text } from './markdown.js';
import { policyFacts } from './policy-shape.js';
import { inPositionOrder, sortedBy } from './sort.js';

export { loadPolicyParser } from './policy-shape.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Columns listed on a table's line before "… and N more" (the table's page has them all). */
export const MAX_LISTED_COLUMNS = 16;
/** Naming outliers listed per kind before "and N more". */
export const MAX_LISTED_OUTLIERS = 20;

// ---------------------------------------------------------------------------------------------------------------

function coreTables(ctx: RenderContext): string {
  const parts: string[] = [domainIntro(ctx)];
  for (const g of ctx.analysis.domains.groups) {
    const lines = g.tables.map((id) => {
      const t = ctx.table(id);
      const name = `**${ctx.tableLink(id)}**`;
      if (!t) return name;
      const cols = inPositionOrder(t.columns).map((c) => c.name);
      const shown = cols.slice(0, MAX_LISTED_COLUMNS).map(text);
      const more = cols.length > MAX_LISTED_COLUMNS ? `, … and ${cols.length - MAX_LISTED_COLUMNS} more` : '';
      const columns = cols.length ? ` (${shown.join(', ')}${more})` : ' (no columns)';
      return `${name}${t.comment ? ` - ${text(t.comment)}` : ''}${columns}`;
    });
    parts.push(`### ${text(g.name)}`, list(lines));
  }
  return parts.join('\n\n');
}

function keyIndexList(ctx: RenderContext): string {
  const groups = keyIndexes(ctx);
  if (!groups.length) return 'No indexes besides those that back primary keys and unique constraints.';
  const parts: string[] = [
    'Indexes other than those backing primary keys and unique constraints; multi-column, partial and expression ' +
      'indexes first, then single-column ones.',
  ];
  for (const g of groups) {
    const items = g.indexes.map((i) => {
      const traits = [
        i.unique ? 'unique' : '',
        i.method === 'btree' ? '' : text(i.method),
        i.include.length ? `includes ${text(i.include.join(', '))}` : '',
        i.nullsNotDistinct ? 'NULLS NOT DISTINCT' : '',
        i.valid ? '' : '**invalid** (not used by queries)',
      ].filter(Boolean);
      return [
        `${code(i.name)} (${text(indexKeys(i))})`,
        i.predicate ? ` where ${code(i.predicate)}` : '',
        traits.length ? `, ${traits.join(', ')}` : '',
        i.comment ? ` - ${text(i.comment)}` : '',
      ].join('');
    });
    parts.push(`### ${text(ctx.name(g.table))}`, list(items));
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

function isTriggerFunction(f: Func): boolean {
  return f.returns === 'trigger' || f.returns === 'event_trigger';
}

function functionLine(ctx: RenderContext, f: Func, usedBy: Trigger[]): string {
  const signature = `${f.schema === 'public' ? '' : `${f.schema}.`}${f.name}(${f.args})`;
  const kind = f.kind === 'function' ? '' : `${f.kind}, `;
  const returns = f.returns === null ? '' : ` → ${code(f.returns)}`;
  const facts = [`${kind}${text(f.language)}`, f.volatility === 'volatile' ? '' : f.volatility];
  const searchPath = f.config.find((c) => c.startsWith('search_path='));
  if (f.securityDefiner) {
    facts.push(
      searchPath
        ? `**SECURITY DEFINER** (${code(searchPath)})`
        : '**SECURITY DEFINER without a fixed search_path** (callers can shadow the objects it uses)',
    );
  }
  if (usedBy.length) {
    const where = new Map<string, string>();
    for (const t of usedBy) {
      const place = triggerPlace(ctx, t);
      where.set(t.table, `${text(ctx.name(t.table))}${place ? ` (${place})` : ''}`);
    }
    const tables = [...where.keys()].sort((a, b) => cmp(ctx.name(a), ctx.name(b)) || cmp(a, b)).map((id) => where.get(id)!);
    facts.push(`used by ${plural(usedBy.length, 'trigger')} on ${tables.join(', ')}`);
  }
  const comment = f.comment ? ` - ${text(f.comment)}` : '';
  return `${code(signature)}${returns} — ${facts.filter(Boolean).join('; ')}${comment}`;
}

/** The documented triggers (`documentedTriggers`) by function id. */
function triggersByFunction(ctx: RenderContext): Map<string, Trigger[]> {
  const byFunction = new Map<string, Trigger[]>();
  for (const t of documentedTriggers(ctx)) {
    const group = byFunction.get(t.function);
    if (group) group.push(t);
    else byFunction.set(t.function, [t]);
  }
  return byFunction;
}

function functionsSection(ctx: RenderContext): string {
  const byFunction = triggersByFunction(ctx);
  const fns = ctx.model.functions
    .filter((f) => f.origin === 'user')
    .sort((a, b) => cmp(functionLabel(ctx, a.id), functionLabel(ctx, b.id)) || cmp(a.id, b.id));
  if (!fns.length) return 'No user-defined functions.';
  const triggerFns = fns.filter(isTriggerFunction);
  const others = fns.filter((f) => !isTriggerFunction(f));
  const parts: string[] = [];
  const definers = fns.filter((f) => f.securityDefiner).length;
  parts.push(
    `${plural(fns.length, 'function')}: ${triggerFns.length} trigger ${triggerFns.length === 1 ? 'function' : 'functions'}, ` +
      `${others.length} other; ${definers} SECURITY DEFINER.`,
  );
  if (triggerFns.length) {
    parts.push('### Trigger functions', list(triggerFns.map((f) => functionLine(ctx, f, byFunction.get(f.id) ?? []))));
  }
  if (others.length) {
    parts.push('### Other functions', list(others.map((f) => functionLine(ctx, f, byFunction.get(f.id) ?? []))));
  }
  return parts.join('\n\n');
}

function triggersSection(ctx: RenderContext): string {
  const byFunction = triggersByFunction(ctx);
  if (!byFunction.size) return 'No triggers.';
  const groups = [...byFunction.entries()].sort(
    (a, b) => b[1].length - a[1].length || cmp(functionLabel(ctx, a[0]), functionLabel(ctx, b[0])) || cmp(a[0], b[0]),
  );
  const parts: string[] = ['Grouped by the function they run.'];
  for (const [fn, triggers] of groups) {
    const items = sortedBy(triggers, (t) => ctx.name(t.table), (t) => t.name)
      .map((t) => {
        const flags = [
          triggerPlace(ctx, t) ?? '',
          t.enabled === 'disabled' ? '**disabled**' : '',
          t.constraint ? 'constraint trigger' : '',
        ].filter(Boolean);
        const when = t.when ? ` when ${code(t.when)}` : '';
        return (
          `${code(t.name)} on **${text(ctx.name(t.table))}** — ${t.timing.toUpperCase()} ${text(triggerEvents(t))}, ` +
          `for each ${t.level}${when}${flags.length ? `; ${flags.join(', ')}` : ''}`
        );
      });
    parts.push(`### ${code(functionLabel(ctx, fn))} (${plural(triggers.length, 'trigger')})`, list(items));
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

interface Coverage {
  forced: string[];
  notForced: string[];
  disabled: string[];
  noPolicy: string[];
  ineffective: string[];
}

function rlsCoverage(ctx: RenderContext): Coverage {
  const withPolicy = new Set(ctx.model.policies.map((p) => p.table));
  const names = (pred: (t: RenderContext['tables'][number]) => boolean) =>
    sortedBy(
      ctx.tables.filter(pred).map((t) => t.id),
      (id) => ctx.name(id),
    );
  return {
    forced: names((t) => t.rls.enabled && t.rls.forced),
    notForced: names((t) => t.rls.enabled && !t.rls.forced),
    disabled: names((t) => !t.rls.enabled),
    noPolicy: names((t) => t.rls.enabled && !withPolicy.has(t.id)),
    ineffective: names((t) => !t.rls.enabled && withPolicy.has(t.id)),
  };
}

function coverageTable(ctx: RenderContext, c: Coverage): string {
  const cell = (ids: string[]) => ids.map((id) => text(ctx.name(id))).join(', ');
  const rows: [string, string[]][] = [
    ['RLS enabled and forced (applies to the owner too)', c.forced],
    ['RLS enabled, not forced (the owner bypasses it)', c.notForced],
    ['RLS disabled', c.disabled],
    ['RLS enabled but no policy (no rows visible except to the owner and BYPASSRLS roles)', c.noPolicy],
    ['Policies defined but RLS disabled (the policies have no effect)', c.ineffective],
  ];
  return table(
    ['RLS state', 'Tables', 'Which'],
    rows.filter(([, ids]) => ids.length).map(([label, ids]) => [label, String(ids.length), cell(ids)]),
  );
}

export interface Pattern {
  key: string;
  /** The shape shown (`policy-shape.ts`), or the expression as written when it does not parse. */
  label: string;
  /** The kind of rule (`own rows`, `service role`, …; see `PolicyFacts.kind`), or null when none fits. */
  kind: string | null;
  parsed: boolean;
  policies: Policy[];
}

function shapeOf(expr: string): { key: string; label: string; kind: string | null; parsed: boolean } {
  const facts = policyFacts(expr);
  return facts === null
    ? { key: `\u0000${expr}`, label: expr, kind: null, parsed: false }
    : { key: facts.shape, label: facts.shape, kind: facts.kind, parsed: true };
}

/** Groups policies by the shape of USING and WITH CHECK (one shape when they agree or only one is given). */
export function policyPatterns(ctx: RenderContext): Pattern[] {
  const patterns = new Map<string, Pattern>();
  for (const p of ctx.model.policies) {
    if (!ctx.analysed(p.table)) continue;
    const using = p.using === null ? null : shapeOf(p.using);
    const check = p.withCheck === null ? null : shapeOf(p.withCheck);
    let key: string;
    let label: string;
    let kind: string | null;
    let parsed: boolean;
    if (using && check && using.key !== check.key) {
      key = `USING ${using.key} WITH CHECK ${check.key}`;
      label = `USING ${using.label} / WITH CHECK ${check.label}`;
      kind = using.kind === check.kind ? using.kind : using.kind || check.kind ? `${using.kind ?? '-'} / ${check.kind ?? '-'}` : null;
      parsed = using.parsed && check.parsed;
    } else if (using ?? check) {
      ({ key, label, kind, parsed } = (using ?? check)!);
    } else {
      key = '\u0001none';
      label = '(no expression)';
      kind = null;
      parsed = true;
    }
    const pattern = patterns.get(key) ?? { key, label, kind, parsed, policies: [] };
    pattern.policies.push(p);
    patterns.set(key, pattern);
  }
  return [...patterns.values()].sort((a, b) => b.policies.length - a.policies.length || cmp(a.key, b.key));
}

const KINDS =
  'Kind, read from the structure of the expression: `own rows` (auth.uid() compared with a column), `service role` ' +
  "(auth.role() = 'service_role'), `everyone` (true), `no one` (false), `tenant setting` (current_setting(…) " +
  'compared with a column), `membership function` (a function called with a column of the row), `caller check` (a ' +
  'function that reads no column: decided by who is asking), `subquery` (EXISTS / IN (SELECT …)).';

function patternsTable(ctx: RenderContext): string {
  const patterns = policyPatterns(ctx);
  if (!patterns.length) return 'No policies.';
  const order = ['all', 'select', 'insert', 'update', 'delete'];
  const rows = patterns.map((p) => {
    const commands = [...new Set(p.policies.map((x) => x.command))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const roles = [...new Set(p.policies.flatMap((x) => x.roles))].sort(cmp);
    const tables = [...new Set(p.policies.map((x) => ctx.name(x.table)))].sort(cmp);
    const restrictive = p.policies.filter((x) => !x.permissive).length;
    return [
      `${code(p.label)}${p.parsed ? '' : ' (does not parse; shown as written)'}`,
      p.kind ? text(p.kind) : '',
      `${p.policies.length}${restrictive ? ` (${restrictive} restrictive)` : ''}`,
      commands.map((c) => c.toUpperCase()).join(', '),
      roles.map((r) => code(r)).join(', '),
      tables.map(text).join(', '),
    ];
  });
  return doc(
    'Policies grouped by what their expressions do, read from the parse tree: constants as written, column names in ' +
      'snake_case (`"userId"` is `user_id`), aliases resolved and operands in a fixed order, so ' +
      '`auth.uid() = "userId"` and `user_id = auth.uid()` are one pattern.',
    KINDS,
    table(['Pattern', 'Kind', 'Policies', 'Commands', 'Roles', 'Tables'], rows),
  ).trimEnd();
}

/** The expression that decides which rows a policy admits: WITH CHECK for INSERT, else USING (or WITH CHECK). */
function decidingExpression(p: Policy): string | null {
  return p.command === 'insert' ? (p.withCheck ?? p.using) : (p.using ?? p.withCheck);
}

interface Access {
  /** Tables anyone (`anon` / `public`) can read, with the shape of the rows they see (null: every row). */
  publicRead: { table: string; rows: string | null }[];
  /** RLS on, not public read, at least one permissive policy, and every permissive policy reads the row. */
  zeroTrust: string[];
  rlsOn: number;
}

/**
 * Per table, facts about who gets in: public read (a permissive SELECT or ALL policy for `anon` or `public` that
 * admits every row, `true`, or the rows a filter on their data alone selects: no function, no setting, so the same
 * rows whoever asks) and zero trust (not public read, and no permissive policy
 * admits a caller on who they are alone: each one reads the row). Only tables with RLS on; a policy that does not
 * parse keeps a table out of zero trust (what it does is unknown).
 */
function accessOf(ctx: RenderContext, tables: string[]): Access {
  const access: Access = { publicRead: [], zeroTrust: [], rlsOn: 0 };
  for (const id of tables) {
    const t = ctx.table(id);
    if (!t?.rls.enabled) continue;
    access.rlsOn++;
    const permissive = ctx.of(id).policies.filter((p) => p.permissive);
    let everyRowRead = permissive.length > 0;
    let read: { table: string; rows: string | null } | null = null;
    for (const p of permissive) {
      const expr = decidingExpression(p);
      const facts = expr === null ? null : policyFacts(expr);
      if (facts === null) {
        everyRowRead = false;
        continue;
      }
      if (!facts.readsRow && facts.kind !== 'no one') everyRowRead = false;
      const anyone = p.roles.includes('anon') || p.roles.includes('public');
      const reads = p.command === 'select' || p.command === 'all';
      if (anyone && reads && p.using !== null) {
        const using = policyFacts(p.using);
        if (using?.kind === 'everyone') read = { table: id, rows: null };
        else if (using?.readsRow && !using.callsFunctions && read?.rows !== null) {
          read = { table: id, rows: read ? `${read.rows} OR ${using.shape}` : using.shape };
        }
      }
    }
    if (read) access.publicRead.push(read);
    else if (everyRowRead) access.zeroTrust.push(id);
  }
  return access;
}

function accessTable(ctx: RenderContext): string {
  const rows: string[][] = [];
  for (const g of ctx.analysis.domains.groups) {
    const byName = sortedBy(g.tables, (id) => ctx.name(id), (id) => id);
    const a = accessOf(ctx, byName);
    if (!a.rlsOn) continue;
    rows.push([
      text(g.name),
      `${a.rlsOn} of ${g.tables.length}`,
      a.publicRead.map((r) => `${text(ctx.name(r.table))}${r.rows === null ? '' : ` (rows where ${code(r.rows)})`}`).join(', '),
      a.zeroTrust.map((id) => text(ctx.name(id))).join(', '),
    ]);
  }
  if (!rows.length) return 'No table has row-level security enabled.';
  return doc(
    'Per domain, among the tables with RLS on: **public read** — a permissive SELECT (or ALL) policy for `anon` or ' +
      '`public` admits every row (`true`) or the rows shown (a filter on their data alone, the same whoever asks); **zero trust** — not public read, and every permissive ' +
      'policy reads a column of the row, so none lets a caller in on who they are alone (no `true`, service-role or ' +
      "admin check such as `auth.role() = 'service_role'` or `is_admin()`).",
    table(['Domain', 'RLS on', 'Public read', 'Zero trust (no service-role or admin bypass)'], rows),
  ).trimEnd();
}

function rlsSection(ctx: RenderContext): string {
  const c = rlsCoverage(ctx);
  return [
    '### RLS coverage',
    coverageTable(ctx, c),
    '### Policy patterns',
    patternsTable(ctx),
    '### Access by domain',
    accessTable(ctx),
  ].join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

const STYLE_WORDS: Record<NamingStyle, string> = {
  snake_case: 'snake_case',
  camelCase: 'camelCase',
  PascalCase: 'PascalCase',
  UPPER_CASE: 'UPPER_CASE',
  lowercase: 'single-word lowercase',
  other: 'other',
};

function outlierName(ctx: RenderContext, kind: string, id: string): string {
  if (kind === 'tables') return ctx.name(id);
  if (kind === 'functions') return functionLabel(ctx, id);
  if (kind === 'indexes') return ctx.index(id)?.name ?? id;
  // Columns and constraints: `schema.table.name` → `table.name`, the table found by id (names may hold dots): the
  // longest prefix that is a table id, looked up (never a scan of the tables per outlier).
  for (let at = id.lastIndexOf('.'); at > 0; at = id.lastIndexOf('.', at - 1)) {
    const owner = id.slice(0, at);
    if (ctx.table(owner)) return `${ctx.name(owner)}.${localName(owner, id)}`;
  }
  return id;
}

function namingNote(ctx: RenderContext, kind: string, r: NamingReport): string | null {
  if (!r.mixed && !r.outliers.length) return null;
  const counts = (Object.entries(r.counts) as [NamingStyle, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
    .map(([s, n]) => `${n} ${STYLE_WORDS[s]}`)
    .join(', ');
  const head = `${kind[0]!.toUpperCase()}${kind.slice(1)}: mostly ${r.dominant ? STYLE_WORDS[r.dominant] : 'no single style'} (${counts})`;
  if (!r.outliers.length) return `${text(head)}.`;
  const names = r.outliers.map((id) => outlierName(ctx, kind, id));
  const shown = names.slice(0, MAX_LISTED_OUTLIERS).map((n) => code(n));
  const more = names.length > MAX_LISTED_OUTLIERS ? ` and ${names.length - MAX_LISTED_OUTLIERS} more` : '';
  return `${text(head)}; ${plural(names.length, 'outlier')}: ${shown.join(', ')}${more}.`;
}

function notes(ctx: RenderContext): string {
  const items: string[] = [];
  const dups = ctx.analysis.duplicates;
  if (dups.length) {
    const lines = dups.map((d) => {
      const [a, b] = d.tables;
      const shownName = (id: string) => (ctx.table(id) ? ctx.name(id) : id.startsWith('public.') ? id.slice('public.'.length) : id);
      const pair = `**${text(shownName(a))}** / **${text(shownName(b))}**`;
      if (d.unapplied) {
        const other = d.unapplied.table === a ? b : a;
        const similar = `${Math.round(d.columnSimilarity * 100)}% of columns in common`;
        return (
          `${pair}: ${code(shownName(d.unapplied.table))} is created only by ${code(d.unapplied.file)}, which was not ` +
          `applied: ${text(d.unapplied.reason)}. It looks like ${code(shownName(other))} (${d.reasons.join(' and ')}; ${similar}).`
        );
      }
      return `${pair}: ${text(d.detail)}`;
    });
    items.push(`**Schema conflicts:** ${plural(dups.length, 'pair')} of tables look like two versions of one table.\n${lines.map((l) => `  - ${l}`).join('\n')}`);
  } else {
    items.push('**Schema conflicts:** none found (no two tables with look-alike names or column sets).');
  }

  const kinds = ['tables', 'columns', 'indexes', 'constraints', 'functions'] as const;
  const naming = kinds.map((k) => namingNote(ctx, k, ctx.analysis.naming[k])).filter((n): n is string => n !== null);
  if (naming.length) {
    items.push(`**Naming inconsistencies:**\n${naming.map((n) => `  - ${n}`).join('\n')}`);
  } else {
    const styles = [...new Set(kinds.map((k) => ctx.analysis.naming[k].dominant).filter((s): s is NamingStyle => s !== null))];
    items.push(`**Naming:** consistent${styles.length ? ` (${styles.map((s) => STYLE_WORDS[s]).join(', ')})` : ''}.`);
  }

  const c = rlsCoverage(ctx);
  const total = ctx.tables.length;
  const on = c.forced.length + c.notForced.length;
  const extra = [
    c.noPolicy.length ? `${plural(c.noPolicy.length, 'table')} with RLS on and no policy` : '',
    c.ineffective.length ? `${plural(c.ineffective.length, 'table')} with policies but RLS disabled` : '',
    c.notForced.length ? `${c.notForced.length} not forced` : '',
  ].filter(Boolean);
  items.push(`**RLS coverage:** RLS enabled on ${on} of ${plural(total, 'table')}${extra.length ? `; ${extra.join('; ')}` : ''}.`);
  return list(items);
}

// ---------------------------------------------------------------------------------------------------------------

export function renderOverview(ctx: RenderContext): string {
  return doc(
    '# Database schema overview',
    `A high-level overview of ${code(ctx.model.source.location)}: tables, indexes, functions, triggers and ` +
      'row-level security policies.',
    '## Core tables',
    coreTables(ctx),
    '## Key indexes',
    keyIndexList(ctx),
    '## Functions',
    functionsSection(ctx),
    '## Triggers',
    triggersSection(ctx),
    '## RLS policies',
    rlsSection(ctx),
    '## Notes',
    notes(ctx),
  );
}
