/**
 * `README.md` of the documentation folder: what was documented, how much of it there is, a link to every document
 * and table page (tables by domain), the headline facts a reviewer checks first (levels, cycles, tenancy, RLS,
 * state machines, unindexed FKs, look-alike tables), and the sources: the files applied, in order, and those seen
 * but not applied, with the reason.
 *
 * No timestamp, no engine version and no tool version: the same schema must give byte-identical docs on every run
 * and on every engine, so that a CI diff of the folder means the schema changed. Pure: `(ctx) → Markdown`.
 */
import type { IsolationVerdict } from '../analyze/types.js';
import type { RenderContext } from './context.js';
import { documentedTriggers, tableForeignKeys, triggerPlace } from './dependency-graph.js';
import { domainErdFiles, wholeSchemaErd } from './erd.js';
import { anchor, code, doc, link, list, plural, table, text } from './markdown.js';
import { coveringIndex } from './relationships.js';
import { topFindings } from './audit.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first sentence of a comment (up to the first `. ` or line break), for one-line listings. */
export function firstSentence(comment: string): string {
  const line = comment.trim().split(/\r?\n/)[0] ?? '';
  const end = line.search(/[.!?](\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}

function sourceLine(ctx: RenderContext): string {
  const s = ctx.model.source;
  const what: Record<typeof s.kind, string> = {
    migrations: 'migrations',
    'sql-file': 'a SQL file',
    url: 'a live database',
    snapshot: 'a model snapshot',
  };
  const details = [
    s.layout ? `${text(s.layout)} layout` : '',
    s.files ? plural(s.files.length, 'file') : '',
    s.platform ? `with the ${text(s.platform)} platform objects` : '',
  ].filter(Boolean);
  return `Read from ${what[s.kind]}${details.length ? ` (${details.join(', ')})` : ''}: ${code(s.location)}.`;
}

function counts(ctx: RenderContext): string {
  const { model } = ctx;
  const analysed = new Set(ctx.analysis.tables);
  const onTables = <T extends { table: string }>(xs: T[]) => xs.filter((x) => analysed.has(x.table)).length;
  const views = model.views.filter((v) => v.origin === 'user');
  const materialized = views.filter((v) => v.materialized).length;
  const rows: [string, string][] = [
    ['Tables', String(ctx.tables.length)],
    ['Columns', String(ctx.tables.reduce((n, t) => n + t.columns.length, 0))],
    ['Foreign keys', String(tableForeignKeys(ctx).length)],
    ['Indexes', String(onTables(model.indexes))],
    ['Views', `${views.length}${materialized ? ` (${materialized} materialized)` : ''}`],
    ['Functions', String(model.functions.filter((f) => f.origin === 'user').length)],
    ['Triggers', triggerCount(ctx)],
    ['RLS policies', String(onTables(model.policies))],
    ['Enums', String(model.enums.filter((e) => e.origin === 'user').length)],
  ];
  return table(['Object', 'Count'], rows);
}

/** `38`, or `38 (1 on a platform table)` when the user's functions run in triggers on tables that are not documented. */
function triggerCount(ctx: RenderContext): string {
  const triggers = documentedTriggers(ctx);
  const places = new Map<string, number>();
  for (const t of triggers) {
    const place = triggerPlace(ctx, t);
    if (place) places.set(place, (places.get(place) ?? 0) + 1);
  }
  const counted = [...places.entries()].map(([place, n]) => `${n} ${place}`).join(', ');
  return `${triggers.length}${counted ? ` (${counted})` : ''}`;
}

/** Tables named in a headline before "and N more". */
export const MAX_LISTED_TABLES = 10;

function tableNames(ctx: RenderContext, ids: string[]): string {
  const names = [...ids].map((id) => ctx.name(id)).sort(cmp);
  const shown = names.slice(0, MAX_LISTED_TABLES).map(text).join(', ');
  return names.length > MAX_LISTED_TABLES ? `${shown} and ${names.length - MAX_LISTED_TABLES} more` : shown;
}

/** The files applied, in order, and those seen but not applied, with the reason (paths as code, reasons as text). */
function sources(ctx: RenderContext): string | null {
  const { files = [], skipped = [] } = ctx.model.source;
  if (!files.length && !skipped.length) return null;
  return doc(
    files.length ? `Applied in this order (${plural(files.length, 'file')}):` : 'No file was applied.',
    files.length ? files.map((f, i) => `${i + 1}. ${code(f)}`).join('\n') : null,
    skipped.length ? `Not applied (${plural(skipped.length, 'file')}):` : null,
    skipped.length ? list(skipped.map((f) => `${code(f.file)} — ${text(f.reason)}`)) : null,
  ).trimEnd();
}

/** A link to a file of the folder, or its label as text when that file is not written (config `documents`). */
function docLink(ctx: RenderContext, label: string, target: string): string {
  return ctx.written(target.split('#')[0]!) ? link(label, target) : text(label);
}

function documents(ctx: RenderContext): string {
  const described: [string, string][] = [
    ['dependency-graph.md', 'the foreign-key tree, tables by dependency level, load and delete order, domains, state machines, multi-tenant isolation, RLS policies and triggers'],
    ['relationships.md', 'entity-relationship diagram, cardinalities, cascade rules, index coverage of foreign keys, orphan prevention, monitoring queries'],
    ['overview.md', 'core tables by domain, key indexes, functions, triggers, RLS coverage and policy patterns, notes'],
    ['design.md', 'every table as DDL, indexing and views'],
    ['audit.md', 'the audit: every lint check by area, passed or with its findings and fixes'],
    ['erd.mmd', wholeSchemaErd(ctx) ? 'the Mermaid ER diagram of the whole schema' : 'the Mermaid diagram of the domains and the foreign keys between them'],
    ['erd.svg', 'the same diagram laid out as SVG (crow\'s-foot cardinalities; `schemaproof erd` draws others)'],
    ['schema.json', 'the model and its analysis as JSON (`schemaproof/model@1`, `schemaproof/analysis@1`)'],
  ];
  if (ctx.verify) {
    described.push(['verify.md', 'the proofs, run in a sandbox: tenant isolation probed per table and command, every state transition tried']);
  }
  const items = described.filter(([file]) => ctx.written(file)).map(([file, what]) => `${link(file, file)} - ${what}`);
  if (!wholeSchemaErd(ctx) && ctx.written('erd.mmd')) {
    const erds = domainErdFiles(ctx).map((f) => `${link(f.name, f.file)} (${plural(f.tables.length, 'table')})`);
    items.push(`ER diagrams per domain, under \`erd/\`: ${erds.join(', ')}`);
  }
  return items.length ? list(items) : 'Only this page was written (config `documents`).';
}

function tablePages(ctx: RenderContext): string {
  const parts: string[] = [];
  for (const g of ctx.analysis.domains.groups) {
    const items = g.tables.map((id) => {
      const comment = ctx.table(id)?.comment;
      return `${ctx.tableLink(id)}${comment ? ` - ${text(firstSentence(comment))}` : ''}`;
    });
    parts.push(`### ${text(g.name)} (${plural(g.tables.length, 'table')})`, list(items));
  }
  return parts.length ? parts.join('\n\n') : 'No tables.';
}

function facts(ctx: RenderContext): string {
  const { analysis } = ctx;
  const items: string[] = [];
  const levels = Object.values(analysis.levels);
  const maxLevel = levels.length ? Math.max(...levels) : 0;
  items.push(
    `**Dependency levels:** ${new Set(levels).size} (0–${maxLevel}); load order of ${plural(analysis.loadOrder.length, 'table')} ` +
      `(${docLink(ctx, 'dependency-graph.md', `dependency-graph.md#${anchor('Tables by level')}`)}).`,
  );
  items.push(
    analysis.cycles.length
      ? `**FK cycles:** ${analysis.cycles.length} — ${analysis.cycles
          .map((c) => `${c.tables.map((t) => text(ctx.name(t))).join(' ↔ ')}${c.breakable === 'none' ? ' (**cannot be loaded in one pass**)' : ''}`)
          .join('; ')}.`
      : '**FK cycles:** none.',
  );
  const tenancyLink = docLink(ctx, 'dependency-graph.md', `dependency-graph.md#${anchor('Multi-tenant isolation')}`);
  const t = analysis.tenancy;
  if (t) {
    const byVerdict = new Map<IsolationVerdict, string[]>();
    for (const i of t.isolation) {
      const group = byVerdict.get(i.verdict);
      if (group) group.push(i.table);
      else byVerdict.set(i.verdict, [i.table]);
    }
    const phrase: [IsolationVerdict, (ids: string[]) => string][] = [
      ['filters-tenant', (ids) => `${ids.length} filter on the tenant`],
      ['indirect', (ids) => `${ids.length} indirect (through a function or subquery)`],
      ['does-not-filter', (ids) => `**${ids.length} do not filter**: ${tableNames(ctx, ids)}`],
      ['no-policy', (ids) => `${ids.length} RLS on with no policy (no rows visible)`],
      ['rls-disabled', (ids) => `**${ids.length} RLS disabled**: ${tableNames(ctx, ids)}`],
    ];
    const verdicts = phrase.filter(([v]) => byVerdict.has(v)).map(([v, say]) => say(byVerdict.get(v)!));
    items.push(
      `**Tenancy:** ${code(t.column)} from **${text(ctx.name(t.root))}** (${t.source}); ${t.scoped.length} scoped, ` +
        `${t.inherited.length} inherited, ${t.outside.length} outside. ` +
        (t.isolation.length
          ? `Of ${plural(t.isolation.length, 'tenant table')}: ${verdicts.join('; ')} (${tenancyLink}).`
          : `No tenant table to check (${tenancyLink}).`),
    );
  } else {
    const best = analysis.tenantCandidates[0];
    items.push(
      '**Tenancy:** no tenant found' +
        (best
          ? ` (closest candidate: ${code(best.column)} from **${text(ctx.name(best.root))}**${best.rejected ? `, not taken: ${text(best.rejected)}` : ''})`
          : '') +
        '; set `tenant: { root: …, column: … }` in `schemaproof.config.yaml` if the schema is multi-tenant ' +
        `(${tenancyLink}).`,
    );
  }
  const withPolicy = new Set(ctx.model.policies.map((p) => p.table));
  const on = ctx.tables.filter((x) => x.rls.enabled);
  const forced = on.filter((x) => x.rls.forced).length;
  const noPolicy = on.filter((x) => !withPolicy.has(x.id)).length;
  items.push(
    `**Row-level security:** enabled on ${on.length} of ${plural(ctx.tables.length, 'table')} (${forced} forced)` +
      `${noPolicy ? `; ${noPolicy} with RLS on and no policy` : ''}.`,
  );
  const known = analysis.stateMachines.filter((s) => s.source !== 'unknown').length;
  items.push(
    `**State machines:** ${analysis.stateMachines.length}${analysis.stateMachines.length ? ` (${known} with known transitions)` : ''}.`,
  );
  const fks = tableForeignKeys(ctx);
  const missing = fks.filter((f) => coveringIndex(ctx, f) === null).length;
  items.push(
    `**Foreign keys without a covering index:** ${missing} of ${fks.length} ` +
      `(${docLink(ctx, 'relationships.md', `relationships.md#${anchor('Index coverage of foreign keys')}`)}).`,
  );
  items.push(
    `**Look-alike tables:** ${analysis.duplicates.length}${analysis.duplicates.length ? ` (${docLink(ctx, 'overview.md', `overview.md#${anchor('Notes')}`)})` : ''}.`,
  );
  return list(items);
}

/** `doc --verify`: what the sandbox proved, in one list. */
function proofsSection(ctx: RenderContext): string {
  const v = ctx.verify!;
  const isolated = v.summary.tablesProven;
  const machines = v.stateMachines.length;
  const matching = v.stateMachines.filter((m) => m.declared && m.declared.undeclaredAccepted.length + m.declared.declaredRejected.length === 0).length;
  return list([
    v.summary.tablesProbed === 0
      ? `**Tenant isolation:** not probed${v.notProven[0] ? ` (${code(v.notProven[0].object)}: ${text(v.notProven[0].reason)})` : ''}.`
      : `**Tenant isolation:** ${isolated} of ${plural(v.summary.tablesProbed, 'table')} and view${v.summary.tablesProbed === 1 ? '' : 's'} proven isolated; ${plural(v.summary.leaks, 'leaking probe')}, ${v.summary.inconclusive} inconclusive (${link('verify.md', `verify.md#${anchor('Row-level security')}`)}).`,
    `**State machines:** ${plural(machines, 'machine')} tried, ${matching} matching the declared transitions, ${plural(v.summary.contradictions, 'contradiction')} (${link('verify.md', `verify.md#${anchor('State machines')}`)}).`,
    `**Not proven:** ${v.notProven.length}${v.ownerBypass.length ? `; owner bypass (RLS not forced): ${v.ownerBypass.length}` : ''}.`,
  ]);
}

function topFindingsSection(ctx: RenderContext): string {
  const { error, warning, info } = ctx.lint!.summary;
  const items = topFindings(ctx.lint!);
  const head = `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info from the lint rules${ctx.written('audit.md') ? ` (${link('audit.md', 'audit.md')} has every check)` : ''}.`;
  return items.length ? doc(head, list(items)).trimEnd() : `${head} No errors or warnings.`;
}

export function renderReadme(ctx: RenderContext): string {
  const files = sources(ctx);
  const views = ctx.model.views.filter((v) => v.origin === 'user').sort((a, b) => cmp(a.id, b.id));
  return doc(
    `# Database documentation: ${code(ctx.model.source.location)}`,
    sourceLine(ctx),
    '## Contents',
    counts(ctx),
    '## Documents',
    documents(ctx),
    '## Tables',
    tablePages(ctx),
    views.length ? '## Views' : null,
    views.length ? list(views.map((v) => `${code(ctx.name(v.id))}${v.materialized ? ' (materialized)' : ''}${v.comment ? ` - ${text(firstSentence(v.comment))}` : ''}`)) : null,
    '## Headline facts',
    facts(ctx),
    ctx.lint ? '## Top findings' : null,
    ctx.lint ? topFindingsSection(ctx) : null,
    ctx.verify ? '## Proofs' : null,
    ctx.verify ? proofsSection(ctx) : null,
    files ? '## Sources' : null,
    files,
    '---',
    'Generated by schemaproof from the schema itself; do not edit by hand — run `schemaproof doc` again to update.',
  );
}
