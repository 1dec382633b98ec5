/**
 * The pages of the HTML site, each a pure function from the site's facts to `{ path, title, body }` (body = the
 * HTML inside `<main>`). Paths are relative to the site root (`tables/public.orders.html`); links go through
 * `SitePages.href()` so the same page works as a file of the multi-file site and as a `<template>` of the single-file
 * one. All schema text goes through `esc()` (src/site/html.ts); diagrams are the inert SVG of src/diagram.
 */
import type { LintResult, Finding } from '../lint/types.js';
import type { Column, Table } from '../model/types.js';
import type { RenderContext } from '../render/context.js';
import { tablePageName } from '../render/markdown.js';
import type { VerifyReport } from '../verify/types.js';
import { code, esc, fragment, htmlTable, jsonScript, pre } from './html.js';

export interface Page {
  path: string;
  title: string;
  body: string;
}

/** A drawn diagram: its key (`erd`, `erd/orders`, `erd/tables/public.orders`), title and finished SVG. */
export interface DrawnDiagram {
  key: string;
  title: string;
  svg: string;
  /** Tables drawn with their columns (empty for the overview of domains). */
  tables: string[];
  focus: string | null;
}

export interface SiteFacts {
  ctx: RenderContext;
  single: boolean;
  lint?: LintResult;
  verify?: VerifyReport;
  /** Overview and domain diagrams, in plan order. */
  diagrams: DrawnDiagram[];
  /** Table id → its neighbourhood diagram. */
  neighbourhoods: Map<string, DrawnDiagram>;
  /** Lint findings grouped by the table that owns their object (built once: a table page reads its own). */
  findingsByTable?: Map<string, Finding[]>;
  /** Isolation proofs grouped by table (built once). */
  proofsByTable?: Map<string, VerifyReport['rls']>;
}

/** Items by key, in their order; an item whose key is null is left out. */
function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The lint findings of each table (a finding on a column, constraint or policy belongs to its table). */
export function findingsByTable(ctx: RenderContext, lint?: LintResult): Map<string, Finding[]> {
  return groupBy(lint?.findings ?? [], (x) => owningTable(ctx, x.object));
}

/** Tables per page of the table list (the list is paginated so no page grows with the schema). */
export const TABLES_PER_PAGE = 500;

export const tablePath = (id: string): string => `tables/${tablePageName(id).replace(/\.md$/, '.html')}`;
export const diagramPath = (key: string): string => `${key}.html`;
export const tableListPath = (n: number): string => (n <= 1 ? 'tables/index.html' : `tables/index-${n}.html`);

/** A link from page `from` to `to` (a root-relative path, optionally with `#fragment`). */
export function href(site: SiteFacts, from: string, to: string): string {
  if (site.single) return `#/${to}`;
  return '../'.repeat(from.split('/').length - 1) + to;
}

const a = (site: SiteFacts, from: string, to: string, label: string) => `<a href="${esc(href(site, from, to))}">${esc(label)}</a>`;

function tableLink(site: SiteFacts, from: string, id: string): string {
  return site.ctx.analysed(id) ? a(site, from, tablePath(id), site.ctx.name(id)) : esc(site.ctx.name(id));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * The figure of one diagram: the inline SVG, its caption, and the pages its nodes open — a JSON island of
 * root-relative paths (`tables/public.orders.html`) that the client turns into links for the page it is on.
 */
export function diagramFigure(site: SiteFacts, d: DrawnDiagram): string {
  const tables: Record<string, string> = {};
  for (const m of d.svg.matchAll(/ data-table="([^"]*)"/g)) {
    const id = unescapeXml(m[1]!);
    if (site.ctx.analysed(id)) tables[id] = tablePath(id);
  }
  // Only the diagrams this one's domain boxes open (a neighbourhood has none; the overview, every domain's first).
  const diagrams: Record<string, string> = {};
  for (const m of d.svg.matchAll(/ data-diagrams="([^" ]*)/g)) {
    const key = unescapeXml(m[1]!);
    if (key) diagrams[key] = diagramPath(key);
  }
  return `<figure class="diagram" data-diagram="${esc(d.key)}"><figcaption>${esc(d.title)} — scroll to zoom, drag to pan, click a table to open it</figcaption>\n${d.svg}\n${jsonScript('', { tables, diagrams }, 'diagram-links')}</figure>`;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-f]+));/gi, (all, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name.toLowerCase()] ?? all;
  });
}

// ------------------------------------------------------------------------------------------------ overview

export function overviewPage(site: SiteFacts): Page {
  const { ctx } = site;
  const path = 'index.html';
  const m = ctx.model;
  const counts: [string, number][] = [
    ['tables', ctx.tables.length],
    ['columns', ctx.tables.reduce((n, t) => n + t.columns.length, 0)],
    ['foreign keys', m.foreignKeys.filter((f) => ctx.analysed(f.table)).length],
    ['views', m.views.filter((v) => v.origin === 'user').length],
    ['functions', m.functions.filter((f) => f.origin === 'user').length],
    ['policies', m.policies.filter((p) => ctx.analysed(p.table)).length],
    ['enums', m.enums.filter((e) => e.origin === 'user').length],
  ];
  const cards = `<div class="cards">${counts.map(([k, n]) => `<div class="card"><b>${n.toLocaleString('en-US')}</b>${esc(k)}</div>`).join('')}</div>`;
  const diagramOf = new Map<string, string>();
  for (const d of site.diagrams) for (const t of d.tables) if (!diagramOf.has(t)) diagramOf.set(t, d.key);
  const domainRows = ctx.analysis.domains.groups.map((g) => {
    const keys = [...new Set(g.tables.map((t) => diagramOf.get(t)).filter((k): k is string => k !== undefined))];
    return [esc(g.name), String(g.tables.length), keys.map((k) => a(site, path, diagramPath(k), k)).join(' '), esc(g.basis ?? '')];
  });
  const findings = headline(site.lint);
  const findingRows = findings.map((f) => [`<span class="sev-${esc(f.severity)}">${esc(f.severity)}</span>`, code(f.rule), objectLink(site, path, f.object), esc(f.message)]);
  const v = site.verify;
  const verifyPart = v
    ? `<h2>Verification</h2><p>${plural(v.summary.probes, 'probe')}, <span class="${v.summary.leaks ? 'v-leak' : 'v-proven'}">${plural(v.summary.leaks, 'leak')}</span>, ${plural(v.summary.inconclusive, 'inconclusive result')}, ${plural(v.summary.contradictions, 'contradiction')}; ${v.summary.tablesProven} of ${v.summary.tablesProbed} tables proven. ${a(site, path, 'verify.html', 'Details')}</p>`
    : '';
  const lintPart = site.lint
    ? `<h2>Headline findings</h2><p>${plural(site.lint.summary.error, 'error')}, ${plural(site.lint.summary.warning, 'warning')}, ${plural(site.lint.summary.info, 'info', 'info')} from ${plural(site.lint.summary.rules, 'rule')}. ${a(site, path, 'lint.html', 'All findings')}</p>${htmlTable(['severity', 'rule', 'object', 'message'], findingRows)}`
    : '';
  const source = m.source;
  const body = `<h1>Schema overview</h1>
<p class="sub">${esc(source.kind)}: ${code(source.location)} · ${esc(m.engine.kind)} ${esc(m.engine.serverVersion)} · ${a(site, path, 'schema.json', 'schema.json')}</p>
${cards}
<h2>Domains</h2>
${site.diagrams.length ? `<p>${a(site, path, diagramPath(site.diagrams[0]!.key), 'Entity–relationship diagram')}</p>` : ''}
${htmlTable(['domain', 'tables', 'diagrams', 'basis'], domainRows)}
${lintPart}
${verifyPart}`;
  return { path, title: 'Schema overview', body };
}

function headline(lint?: LintResult): Finding[] {
  if (!lint) return [];
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...lint.findings].sort((x, y) => rank[x.severity] - rank[y.severity] || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0)).slice(0, 10);
}

/** A model id linked to the page that shows it (a table, or the table a column/constraint/policy belongs to). */
function objectLink(site: SiteFacts, from: string, id: string): string {
  const table = owningTable(site.ctx, id);
  if (table === null) return code(id);
  const rest = id.slice(table.length + 1);
  const col = rest && site.ctx.table(table)?.columns.some((c) => c.name === rest) ? `#${fragment('col', rest)}` : '';
  return `<a href="${esc(href(site, from, tablePath(table) + col))}">${esc(id)}</a>`;
}

function owningTable(ctx: RenderContext, id: string): string | null {
  if (ctx.analysed(id)) return id;
  // `schema.table.x`: the longest analysed prefix.
  let cut = id.lastIndexOf('.');
  while (cut > 0) {
    const head = id.slice(0, cut);
    if (ctx.analysed(head)) return head;
    cut = head.lastIndexOf('.');
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ table list

export function tableListPages(site: SiteFacts): Page[] {
  const { ctx } = site;
  const pages: Page[] = [];
  const n = Math.max(1, Math.ceil(ctx.tables.length / TABLES_PER_PAGE));
  for (let p = 1; p <= n; p++) {
    const path = tableListPath(p);
    const slice = ctx.tables.slice((p - 1) * TABLES_PER_PAGE, p * TABLES_PER_PAGE);
    const rows = slice.map((t) => [
      tableLink(site, path, t.id),
      esc(ctx.domainOf(t.id)?.name ?? ''),
      String(t.columns.length),
      String(ctx.analysis.levels[t.id] ?? ''),
      t.rls.enabled ? 'on' : '',
      esc(firstLine(t.comment)),
    ]);
    const pager = n > 1 ? `<nav class="pager">${Array.from({ length: n }, (_, i) => (i + 1 === p ? `<span class="here">${i + 1}</span>` : a(site, path, tableListPath(i + 1), String(i + 1)))).join(' ')}</nav>` : '';
    pages.push({
      path,
      title: n > 1 ? `Tables (page ${p} of ${n})` : 'Tables',
      body: `<h1>Tables</h1><p class="sub">${plural(ctx.tables.length, 'table')}${n > 1 ? `, ${TABLES_PER_PAGE} a page` : ''}; search finds any table or column.</p>${pager}${htmlTable(['table', 'domain', 'columns', 'level', 'RLS', 'comment'], rows)}${pager}`,
    });
  }
  return pages;
}

const firstLine = (s: string | null): string => (s ?? '').split('\n')[0]!.slice(0, 160);

// ------------------------------------------------------------------------------------------------ table page

export function tablePage(site: SiteFacts, t: Table): Page {
  const { ctx } = site;
  const path = tablePath(t.id);
  const f = ctx.of(t.id);
  const pk = new Set(f.constraints.filter((c) => c.type === 'primary key').flatMap((c) => c.columns));
  const fkCols = new Set(f.outgoing.flatMap((k) => k.columns));
  const colRows = t.columns.map((c: Column) => [
    `<span id="${esc(fragment('col', c.name))}">${code(c.name)}</span>${pk.has(c.name) ? ' <b>PK</b>' : ''}${fkCols.has(c.name) ? ' <b>FK</b>' : ''}`,
    c.typeId ? a(site, path, `types.html#${fragment('type', c.typeId)}`, c.type) : code(c.type),
    c.nullable ? 'yes' : 'no',
    c.identity ? esc(`identity (${c.identity})`) : c.generated ? code(`generated: ${c.generated}`) : c.default ? code(c.default) : '',
    `<span class="comment">${esc(c.comment ?? '')}</span>`,
  ]);
  const constraints = f.constraints.filter((c) => c.type !== 'foreign key').map((c) => [code(c.name), esc(c.type), code(c.definition)]);
  const indexes = f.indexes.map((i) => [code(i.name), code(i.definition), esc(i.comment ?? '')]);
  const refs = f.outgoing.map((k) => [code(k.name), code(k.columns.join(', ')), `${tableLink(site, path, k.refTable)} (${code(k.refColumns.join(', '))})`, esc(`${k.onDelete} / ${k.onUpdate}`), esc(ctx.relationship(k.id)?.cardinality ?? '')]);
  const refBy = f.incoming.map((k) => [tableLink(site, path, k.table), code(k.columns.join(', ')), code(k.name), esc(k.onDelete)]);
  const triggers = f.triggers.map((tr) => [code(tr.name), esc(`${tr.timing} ${tr.events.join(' or ')} (${tr.level})`), fnLink(site, path, tr.function), code(tr.definition)]);
  const policies = f.policies.map((p) => [code(p.name), esc(p.command), esc(p.permissive ? 'permissive' : 'restrictive'), code(p.roles.join(', ')), p.using ? code(p.using) : '', p.withCheck ? code(p.withCheck) : '']);
  const views = f.views.map((v) => a(site, path, `views.html#${fragment('view', v.id)}`, ctx.name(v.id)));
  const findings = (site.findingsByTable ??= findingsByTable(ctx, site.lint)).get(t.id) ?? [];
  const proofs = (site.proofsByTable ??= groupBy(site.verify?.rls ?? [], (r) => r.table)).get(t.id) ?? [];
  const domain = ctx.domainOf(t.id);
  const nb = site.neighbourhoods.get(t.id);
  const body = `<h1>${esc(ctx.name(t.id))}</h1>
<p class="sub">${esc(t.kind)} ${code(t.id)}${domain ? ` · domain ${esc(domain.name)}` : ''} · level ${esc(ctx.analysis.levels[t.id] ?? '')} · RLS ${t.rls.enabled ? (t.rls.forced ? 'enabled, forced' : 'enabled') : 'off'}${t.partitionKey ? ` · ${code(`PARTITION BY ${t.partitionKey}`)}` : ''}</p>
${t.comment ? `<p class="comment">${esc(t.comment)}</p>` : ''}
<h2>Columns</h2>
${htmlTable(['column', 'type', 'nullable', 'default', 'comment'], colRows)}
<h2>Constraints</h2>
${htmlTable(['name', 'type', 'definition'], constraints)}
<h2>Indexes</h2>
${htmlTable(['name', 'definition', 'comment'], indexes)}
<h2>References</h2>
${htmlTable(['foreign key', 'columns', 'references', 'on delete / update', 'cardinality'], refs)}
<h2>Referenced by</h2>
${htmlTable(['table', 'columns', 'foreign key', 'on delete'], refBy)}
<h2>Triggers</h2>
${htmlTable(['name', 'when', 'function', 'definition'], triggers)}
<h2>Policies</h2>
${htmlTable(['name', 'command', 'kind', 'roles', 'using', 'with check'], policies)}
${views.length ? `<h2>Views reading it</h2><p>${views.join(', ')}</p>` : ''}
${site.lint ? `<h2>Lint findings</h2>${htmlTable(['severity', 'rule', 'object', 'message'], findings.map((x) => [`<span class="sev-${esc(x.severity)}">${esc(x.severity)}</span>`, code(x.rule), code(x.object), esc(x.message)]))}` : ''}
${proofs.length ? `<h2>Isolation proofs</h2>${htmlTable(['command', 'scope', 'verdict', 'detail'], proofs.map((r) => [esc(r.command), esc(r.scope), `<span class="v-${esc(r.verdict)}">${esc(r.verdict)}</span>`, esc(r.detail)]))}` : ''}
${nb ? `<h2>Neighbourhood</h2>${diagramFigure(site, nb)}` : ''}`;
  return { path, title: ctx.name(t.id), body };
}

function fnLink(site: SiteFacts, from: string, id: string): string {
  return site.ctx.fn(id) ? a(site, from, `functions.html#${fragment('fn', id)}`, id) : code(id);
}

// ------------------------------------------------------------------------------------------------ diagrams

export function diagramPages(site: SiteFacts): Page[] {
  return site.diagrams.map((d) => {
    const path = diagramPath(d.key);
    const others = site.diagrams.filter((x) => x.key !== d.key).map((x) => a(site, path, diagramPath(x.key), x.title));
    const list = d.tables.length ? `<h2>Tables</h2><p>${d.tables.map((t) => tableLink(site, path, t)).join(', ')}</p>` : '';
    return {
      path,
      title: d.title,
      body: `<h1>${esc(d.title)}</h1>${diagramFigure(site, d)}${list}${others.length ? `<h2>Other diagrams</h2><p>${others.join(' · ')}</p>` : ''}`,
    };
  });
}

// ------------------------------------------------------------------------------------------------ views, functions, types

export function viewsPage(site: SiteFacts): Page {
  const path = 'views.html';
  const views = site.ctx.model.views.filter((v) => v.origin === 'user');
  const body = views.map((v) => `<section id="${esc(fragment('view', v.id))}"><h2>${esc(site.ctx.name(v.id))}${v.materialized ? ' (materialized)' : ''}</h2>
${v.comment ? `<p class="comment">${esc(v.comment)}</p>` : ''}
<p class="sub">${v.securityInvoker ? 'security invoker' : 'security definer (owner ' + esc(v.owner) + ')'} · reads ${v.dependsOn.map((d) => tableLink(site, path, d)).join(', ') || 'nothing'}</p>
${htmlTable(['column', 'type', 'comment'], v.columns.map((c) => [code(c.name), code(c.type), esc(c.comment ?? '')]))}
${pre(v.definition)}</section>`);
  return { path, title: 'Views', body: `<h1>Views</h1>${body.length ? body.join('\n') : '<p class="empty">No views.</p>'}` };
}

export function functionsPage(site: SiteFacts): Page {
  const path = 'functions.html';
  const fns = site.ctx.model.functions.filter((f) => f.origin === 'user');
  const body = fns.map((f) => `<section id="${esc(fragment('fn', f.id))}"><h2>${esc(f.id)}</h2>
<p class="sub">${esc(f.kind)} · ${esc(f.language)} · ${esc(f.volatility)}${f.securityDefiner ? ' · <b>SECURITY DEFINER</b>' : ''}${f.returns ? ` · returns ${code(f.returns)}` : ''}${f.config.length ? ` · ${code(f.config.join('; '))}` : ''}</p>
${f.comment ? `<p class="comment">${esc(f.comment)}</p>` : ''}
${f.definition ? pre(f.definition) : ''}</section>`);
  return { path, title: 'Functions', body: `<h1>Functions</h1>${body.length ? body.join('\n') : '<p class="empty">No functions.</p>'}` };
}

export function typesPage(site: SiteFacts): Page {
  const m = site.ctx.model;
  const enums = m.enums.filter((e) => e.origin === 'user').map((e) => `<section id="${esc(fragment('type', e.id))}"><h3>${esc(site.ctx.name(e.id))} <small>enum</small></h3>${e.comment ? `<p class="comment">${esc(e.comment)}</p>` : ''}<p>${e.labels.map(code).join(' ')}</p></section>`);
  const domains = m.domains.filter((d) => d.origin === 'user').map((d) => `<section id="${esc(fragment('type', d.id))}"><h3>${esc(site.ctx.name(d.id))} <small>domain over ${code(d.baseType)}</small></h3>${d.comment ? `<p class="comment">${esc(d.comment)}</p>` : ''}${htmlTable(['constraint', 'definition'], d.constraints.map((c) => [code(c.name), code(c.definition)]))}${d.default ? `<p>default ${code(d.default)}</p>` : ''}</section>`);
  const composites = m.compositeTypes.filter((c) => c.origin === 'user').map((c) => `<section id="${esc(fragment('type', c.id))}"><h3>${esc(site.ctx.name(c.id))} <small>composite</small></h3>${htmlTable(['attribute', 'type'], c.attributes.map((x) => [code(x.name), code(x.type)]))}</section>`);
  const part = (h: string, xs: string[]) => `<h2>${h}</h2>${xs.length ? xs.join('\n') : '<p class="empty">None.</p>'}`;
  return { path: 'types.html', title: 'Enums and domains', body: `<h1>Enums and domains</h1>${part('Enums', enums)}${part('Domains', domains)}${composites.length ? part('Composite types', composites) : ''}` };
}

// ------------------------------------------------------------------------------------------------ lint, verify

export function lintPage(site: SiteFacts, lint: LintResult): Page {
  const path = 'lint.html';
  const rules = [...new Set(lint.findings.map((f) => f.rule))].sort();
  const rows = lint.findings.map((f) => `<tr data-severity="${esc(f.severity)}" data-rule="${esc(f.rule)}"><td><span class="sev-${esc(f.severity)}">${esc(f.severity)}</span></td><td>${code(f.rule)}</td><td>${objectLink(site, path, f.object)}</td><td>${esc(f.message)}${f.remediation ? pre(f.remediation) : ''}</td><td>${f.location ? code(`${f.location.file}:${f.location.line}`) : ''}</td></tr>`);
  const body = `<h1>Lint findings</h1>
<p class="sub">${lint.summary.error} errors, ${lint.summary.warning} warnings, ${lint.summary.info} info from ${lint.summary.rules} rules; ${lint.summary.suppressed} suppressed, ${lint.summary.ignored} ignored, ${lint.summary.baselined} baselined.</p>
<div class="filters"><label>Severity <select id="lint-severity"><option value="">all</option><option>error</option><option>warning</option><option>info</option></select></label>
<label>Rule <select id="lint-rule"><option value="">all</option>${rules.map((r) => `<option>${esc(r)}</option>`).join('')}</select></label>
<span><span id="lint-count">${lint.findings.length}</span> shown</span></div>
${lint.findings.length ? `<table id="lint-findings"><thead><tr><th>severity</th><th>rule</th><th>object</th><th>message</th><th>created at</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '<p class="empty">No findings.</p>'}`;
  return { path, title: 'Lint findings', body };
}

const SCOPES = ['own', 'other', 'none', 'move'] as const;
const COMMANDS = ['select', 'insert', 'update', 'delete'] as const;

export function verifyPage(site: SiteFacts, v: VerifyReport): Page {
  const path = 'verify.html';
  const tables = [...new Set(v.rls.map((r) => r.table))].sort();
  const cols = COMMANDS.flatMap((c) => SCOPES.map((s) => [c, s] as const)).filter(([c, s]) => v.rls.some((r) => r.command === c && r.scope === s));
  const byKey = new Map(v.rls.map((r) => [`${r.table}\u0000${r.command}\u0000${r.scope}`, r]));
  const matrix = tables.length
    ? `<table class="matrix"><thead><tr><th>table</th>${cols.map(([c, s]) => `<th>${esc(c)}<br>${esc(s)}</th>`).join('')}</tr></thead><tbody>\n${tables.map((t) => `<tr><td>${tableLink(site, path, t)}</td>${cols.map(([c, s]) => {
        const r = byKey.get(`${t}\u0000${c}\u0000${s}`);
        return r ? `<td class="v-${esc(r.verdict)}" title="${esc(r.detail)}">${esc(r.verdict)}</td>` : '<td></td>';
      }).join('')}</tr>`).join('\n')}\n</tbody></table>`
    : '<p class="empty">No table was probed.</p>';
  const ctxText = v.context ? `<p class="sub">Tenant context: ${esc(v.context.kind)}${v.context.setting ? ` ${code(v.context.setting)}` : ''}, as role ${code(v.context.role)}; subject ${code(`${v.context.subject.root}.${v.context.subject.column}`)} (${esc(v.context.subject.source)}).</p>` : '';
  const machines = v.stateMachines.map((sm) => {
    const accepted = new Map(sm.transitions.map((t) => [`${t.from}\u0000${t.to}`, t]));
    const grid = `<table class="matrix"><thead><tr><th>from \\ to</th>${sm.states.map((s) => `<th>${esc(s)}</th>`).join('')}</tr></thead><tbody>\n${sm.states.map((from) => `<tr><td>${code(from)}</td>${sm.states.map((to) => {
      if (from === to) return '<td>—</td>';
      const t = accepted.get(`${from}\u0000${to}`);
      return t ? `<td class="${t.accepted ? 'accepted' : 'rejected'}" title="${esc(t.message ?? t.requires ?? '')}">${t.accepted ? '✓' : '✗'}</td>` : '<td></td>';
    }).join('')}</tr>`).join('\n')}\n</tbody></table>`;
    return `<section id="${esc(fragment('sm', sm.column))}"><h3>${esc(sm.column)}</h3><p class="sub">initial ${code(sm.initial ?? '—')} · terminal ${sm.terminal.map(code).join(' ') || '—'} · unreachable ${sm.unreachable.map(code).join(' ') || '—'}</p>${grid}</section>`;
  });
  const notProven = v.notProven.map((n) => [code(n.object), esc(n.kind), esc(n.reason)]);
  const body = `<h1>Verification</h1>
<p class="sub">${v.summary.probes} probes, ${v.summary.leaks} leaks, ${v.summary.inconclusive} inconclusive, ${v.summary.contradictions} contradictions; ${v.summary.tablesProven} of ${v.summary.tablesProbed} tables proven (${esc(v.engine)}).</p>
${ctxText}
<h2>Tenant isolation</h2>
${matrix}
<h2>State machines</h2>
${machines.length ? machines.join('\n') : '<p class="empty">No state machine was tried.</p>'}
<h2>Not proven</h2>
${htmlTable(['object', 'kind', 'reason'], notProven)}
${v.ownerBypass.length ? `<h2>Owner bypass</h2>${htmlTable(['table', 'owner'], v.ownerBypass.map((o) => [tableLink(site, path, o.table), code(o.owner)]))}` : ''}`;
  return { path, title: 'Verification', body };
}

// ------------------------------------------------------------------------------------------------ levels and relationships

/** Tables shown per dependency level before `… N more` (the full list is the paginated table list). */
export const LEVEL_SHOWN = 100;

export function relationshipsPage(site: SiteFacts): Page {
  const path = 'relationships.html';
  const { ctx } = site;
  const a0 = ctx.analysis;
  const byLevel = new Map<number, string[]>();
  for (const t of a0.tables) {
    const l = a0.levels[t] ?? 0;
    const list = byLevel.get(l);
    if (list) list.push(t);
    else byLevel.set(l, [t]);
  }
  const levelRows = [...byLevel.entries()].sort(([x], [y]) => x - y).map(([l, ids]) => [
    String(l),
    String(ids.length),
    ids.slice(0, LEVEL_SHOWN).map((id) => tableLink(site, path, id)).join(', ') + (ids.length > LEVEL_SHOWN ? esc(` … ${ids.length - LEVEL_SHOWN} more`) : ''),
  ]);
  const cycles = a0.cycles.map((c) => [c.tables.map((t) => tableLink(site, path, t)).join(' → '), code(c.brokenAt), esc(c.breakable)]);
  const counts = new Map<string, number>();
  for (const r of a0.relationships) if (r.guardOf === null) counts.set(r.cardinality, (counts.get(r.cardinality) ?? 0) + 1);
  const manyToMany = a0.relationships.filter((r) => r.cardinality === 'many-to-many').map((r) => [tableLink(site, path, r.from), tableLink(site, path, r.to), r.via ? tableLink(site, path, r.via) : '']);
  const body = `<h1>Dependency levels and relationships</h1>
<p class="sub">Level 0 references no other table; a table's level is one more than the highest level it references (self-references ignored, cycles broken at the FK shown).</p>
<h2>Levels</h2>
${htmlTable(['level', 'tables', ''], levelRows)}
<h2>Cycles</h2>
${htmlTable(['tables', 'broken at', 'breakable'], cycles)}
<h2>Relationships</h2>
${htmlTable(['cardinality', 'count'], [...counts.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, n]) => [esc(k), String(n)]))}
<h2>Many-to-many</h2>
${htmlTable(['table', 'table', 'through'], manyToMany)}`;
  return { path, title: 'Dependency levels and relationships', body };
}
