/**
 * The HTML schema site (`schemaproof doc … --html`): a folder that opens from disk (file://) with no server and no
 * network, or — `singleFile` — one `index.html` with everything inlined.
 *
 *   const files = await renderSite(model, analysis, { lint, verify });        // Map: 'index.html', 'assets/site.js', …
 *   const one = await renderSite(model, analysis, { singleFile: true });      // Map: 'index.html' only
 *
 * Multi-file: one HTML file per page (`index.html`, `tables/<table>.html`, `erd/<slug>.html`, …), one CSS and one JS
 * file, the search index as a data file (`assets/search-index.js`, JSON assigned to a global, loaded on first search),
 * and `schema.json`. CSP: `script-src 'self'`. Single-file: every page is an inert `<template>` the script shows on
 * `#/<path>`; data islands are `<script type="application/json">`; the CSP allows exactly the inlined script and style
 * by their sha-256 hashes. Pure: returns file contents; the CLI writes them.
 */
import { createHash } from 'node:crypto';
import type { Analysis } from '../analyze/types.js';
import { createLayouter, diagramContext, diagramSvg, planDiagrams } from '../diagram/index.js';
import type { LintResult } from '../lint/types.js';
import type { SchemaModel } from '../model/types.js';
import { renderContext } from '../render/context.js';
import { schemaJson, textOf, type EmitFile } from '../render/index.js';
import { jsonChunks } from '../model/json.js';
import type { VerifyReport } from '../verify/types.js';
import { SITE_CSS, SITE_JS } from './client.js';
import { esc, jsonScript, safeJson } from './html.js';
import {
  diagramPages, functionsPage, lintPage, overviewPage, relationshipsPage, tableListPages, tablePage, tablePath, typesPage, verifyPage, viewsPage,
  type DrawnDiagram, type Page, type SiteFacts,
} from './pages.js';
import { buildSearchIndex } from './search.js';

export { buildSearchIndex, type SearchIndex } from './search.js';
export { esc, safeJson } from './html.js';
export { tablePath, TABLES_PER_PAGE } from './pages.js';

export interface SiteOptions {
  lint?: LintResult;
  verify?: VerifyReport;
  /** One self-contained `index.html` (default: a folder of pages and assets). */
  singleFile?: boolean;
  /** One neighbourhood diagram per table on its page (default true; the slowest part at thousands of tables). */
  neighbourhoods?: boolean;
  /** Neighbourhood depth, 1 (default) or 2. */
  depth?: number;
  /** Time limit of one diagram layout, in milliseconds (see src/diagram/layout.ts). */
  layoutTimeoutMs?: number;
  /**
   * SVGs already laid out, by file name (`erd.svg`, `erd/<slug>.svg`, `erd/tables/<table>.svg` — the names
   * `renderErdSvgFiles()` and `renderDocuments()` use): reused instead of laid out again.
   */
  laidOut?: ReadonlyMap<string, string>;
  /** The folder already holds `schema.json` (the documents'): the multi-file site links to it, not renders it again. */
  schemaJsonWritten?: boolean;
  /** Called after each diagram is laid out: done of total. */
  onDiagram?: (done: number, total: number) => void;
}

/** The multi-file site's policy: scripts and styles only from files, nothing fetched but local files. */
export const MULTI_FILE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'";

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/** The single-file site's policy: the one inlined script and style, by hash; never 'unsafe-inline'. */
export function singleFileCsp(): string {
  return `default-src 'none'; script-src 'sha256-${sha256(SITE_JS)}'; style-src 'sha256-${sha256(SITE_CSS)}'; img-src data:; base-uri 'none'; form-action 'none'; object-src 'none'`;
}

/**
 * The site's files, path → content, sorted by path. Every content is text (typed `string`, which a caller that
 * expects `string | Uint8Array` accepts), so the map goes straight to the CLI's `writeFolderAtomically()`.
 */
export async function renderSite(model: SchemaModel, analysis: Analysis, options: SiteOptions = {}): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await renderSiteTo((path, content) => void files.set(path, textOf(content)), model, analysis, options);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The site, file by file into `emit` (each page as soon as it is rendered, so a writer can let it go; the single
 * file as pieces in order).
 */
export async function renderSiteTo(emit: EmitFile, model: SchemaModel, analysis: Analysis, options: SiteOptions = {}): Promise<void> {
  const single = options.singleFile === true;
  const ctx = renderContext(model, analysis, tablePath);
  const { diagrams, neighbourhoods } = await drawDiagrams(model, analysis, options);
  const site: SiteFacts = {
    ctx,
    single,
    diagrams,
    neighbourhoods,
    ...(options.lint ? { lint: options.lint } : {}),
    ...(options.verify ? { verify: options.verify } : {}),
  };
  const search = buildSearchIndex(ctx);
  if (single) {
    await emit('index.html', singleFileHtml(site, sitePages(site, options), search, schemaJson(model, analysis)));
    return;
  }
  for (const p of sitePages(site, options)) await emit(p.path, pageHtml(site, p));
  await emit('assets/site.css', SITE_CSS);
  await emit('assets/site.js', SITE_JS);
  await emit('assets/search-index.js', `window.SCHEMAPROOF_SEARCH = ${safeJson(search)};\n`);
  if (!options.schemaJsonWritten) await emit('schema.json', jsonChunks({ ...model, analysis }));
}

/** The pages, one at a time. */
function* sitePages(site: SiteFacts, options: SiteOptions): Generator<Page> {
  yield overviewPage(site);
  yield* tableListPages(site);
  for (const t of site.ctx.tables) yield tablePage(site, t);
  yield* diagramPages(site);
  yield relationshipsPage(site);
  yield viewsPage(site);
  yield functionsPage(site);
  yield typesPage(site);
  if (options.lint) yield lintPage(site, options.lint);
  if (options.verify) yield verifyPage(site, options.verify);
}

/** The overview/domain diagrams and (optionally) one neighbourhood per table, laid out in the layout workers. */
async function drawDiagrams(model: SchemaModel, analysis: Analysis, options: SiteOptions) {
  const dctx = diagramContext(model, analysis);
  const plan = planDiagrams(dctx, { neighbourhoods: options.neighbourhoods !== false, depth: options.depth ?? 1 });
  const layouter = createLayouter();
  const diagrams: DrawnDiagram[] = [];
  const neighbourhoods = new Map<string, DrawnDiagram>();
  try {
    let done = 0;
    // All handed to the layout workers at once; the results are placed in plan order.
    const svgs = plan.map(async (d) => {
      const svg = options.laidOut?.get(`${d.key}.svg`)
        ?? (await diagramSvg(dctx, d, { layouter, ...(options.layoutTimeoutMs ? { layoutTimeoutMs: options.layoutTimeoutMs } : {}) }));
      options.onDiagram?.(++done, plan.length);
      return svg;
    });
    const settled = await Promise.allSettled(svgs);
    plan.forEach((d, i) => {
      const r = settled[i]!;
      if (r.status === 'rejected') throw r.reason;
      const drawn: DrawnDiagram = { key: d.key, title: d.title, svg: r.value, tables: d.kind === 'tables' ? d.tables : [], focus: d.kind === 'tables' ? d.focus : null };
      if (drawn.focus !== null && d.key.startsWith('erd/tables/')) neighbourhoods.set(drawn.focus, drawn);
      else diagrams.push(drawn);
    });
  } finally {
    await layouter.close();
  }
  return { diagrams, neighbourhoods };
}

function nav(site: SiteFacts, from: string): string {
  const to = (path: string) => esc(site.single ? `#/${path}` : '../'.repeat(from.split('/').length - 1) + path);
  const items: [string, string][] = [
    ['index.html', 'Overview'],
    ['tables/index.html', 'Tables'],
    ...(site.diagrams.length ? [[`${site.diagrams[0]!.key}.html`, 'Diagrams'] as [string, string]] : []),
    ['relationships.html', 'Levels'],
    ['views.html', 'Views'],
    ['functions.html', 'Functions'],
    ['types.html', 'Types'],
    ...(site.lint ? [['lint.html', 'Lint'] as [string, string]] : []),
    ...(site.verify ? [['verify.html', 'Verification'] as [string, string]] : []),
  ];
  const download = site.single
    ? '<button type="button" id="download-schema">schema.json</button>'
    : `<a href="${to('schema.json')}" download>schema.json</a>`;
  return `<header class="top"><a class="brand" href="${to('index.html')}">schemaproof</a><nav class="main">${items.map(([p, l]) => `<a href="${to(p)}">${esc(l)}</a>`).join('')}${download}</nav>
<div class="search"><input id="search" type="search" placeholder="Search tables, columns, comments, types, policies" autocomplete="off" aria-label="Search"><ol id="search-results"></ol></div></header>`;
}

function pageHtml(site: SiteFacts, p: Page): string {
  const root = '../'.repeat(p.path.split('/').length - 1);
  return `<!doctype html>
<html lang="en" data-mode="multi" data-root="${esc(root)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(MULTI_FILE_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)} — schemaproof</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${esc(root)}assets/site.css">
<script src="${esc(root)}assets/site.js" defer></script>
</head>
<body>
${nav(site, p.path)}
<main id="content">
${p.body}
</main>
</body>
</html>
`;
}

/** The single file, in pieces: the head, one `<template>` per page as the pages come, then the data and script. */
function* singleFileHtml(site: SiteFacts, pages: Iterable<Page>, search: unknown, schema: string): Generator<string> {
  yield `<!doctype html>
<html lang="en" data-mode="single" data-root="">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(singleFileCsp())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Schema overview — schemaproof</title>
<link rel="icon" href="data:,">
<style>${SITE_CSS}</style>
</head>
<body>
${nav(site, 'index.html')}
<main id="content"></main>
`;
  let first = true;
  for (const p of pages) {
    yield `${first ? '' : '\n'}<template data-page="${esc(p.path)}" data-title="${esc(`${p.title} — schemaproof`)}">\n${p.body}\n</template>`;
    first = false;
  }
  yield `
${jsonScript('search-index', search)}
${jsonScript('schema-json', schema)}
<script>${SITE_JS}</script>
</body>
</html>
`;
}
