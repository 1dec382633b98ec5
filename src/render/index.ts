/**
 * The document folder `schemaproof doc` writes, as a map of relative path → content (pure: the CLI writes it).
 * Which documents: all by default, or those the config's `documents` names.
 */
import { renderErdSvgFiles } from '../diagram/index.js';
import type { VerifyReport } from '../verify/types.js';
import { renderVerifyMarkdown } from './verify/markdown.js';
import type { Analysis } from '../analyze/types.js';
import { modelToJson } from '../model/json.js';
import type { SchemaModel } from '../model/types.js';
import { renderContext } from './context.js';
import { renderDependencyGraph } from './dependency-graph.js';
import { renderAudit } from './audit.js';
import { renderDesign } from './design.js';
import type { LintResult } from '../lint/types.js';
import { renderDomainErds, renderErdMmd } from './erd.js';
import { tablePageName } from './markdown.js';
import { renderOverview } from './overview.js';
import { loadPolicyParser } from './policy-shape.js';
import { renderReadme } from './readme.js';
import { renderRelationships } from './relationships.js';
import { renderTablePage } from './table-page.js';

export type DocumentName = 'readme' | 'dependency-graph' | 'relationships' | 'overview' | 'design' | 'audit' | 'tables' | 'erd' | 'schema';

export const ALL_DOCUMENTS: readonly DocumentName[] = [
  'readme', 'dependency-graph', 'relationships', 'overview', 'design', 'audit', 'tables', 'erd', 'schema',
];

const FILE_DOCUMENT: Record<string, DocumentName> = {
  'README.md': 'readme',
  'dependency-graph.md': 'dependency-graph',
  'relationships.md': 'relationships',
  'overview.md': 'overview',
  'design.md': 'design',
  'audit.md': 'audit',
  'erd.mmd': 'erd',
  'erd.svg': 'erd',
  'schema.json': 'schema',
};

/** `schema.json`: the model with the analysis beside it (`"analysis": {...}`), byte-identical for the same input. */
export function schemaJson(model: SchemaModel, analysis: Analysis): string {
  return modelToJson({ ...model, analysis } as SchemaModel);
}

export async function renderDocuments(
  model: SchemaModel,
  analysis: Analysis,
  documents: readonly DocumentName[] = ALL_DOCUMENTS,
  lint?: { result: LintResult; off: ReadonlySet<string> },
  verify?: VerifyReport,
): Promise<Map<string, string>> {
  await loadPolicyParser();
  const wanted = new Set(documents.filter((d) => d !== 'audit' || lint !== undefined));
  const written = (file: string) => wanted.has(FILE_DOCUMENT[file] ?? (file.startsWith('tables/') ? 'tables' : file.startsWith('erd/') ? 'erd' : 'readme'));
  const base = renderContext(model, analysis, (id) => `tables/${tablePageName(id)}`, written);
  const ctx = { ...base, ...(lint ? { lint: lint.result, lintOff: lint.off } : {}), ...(verify ? { verify } : {}) };
  const files = new Map<string, string>();
  if (wanted.has('readme')) files.set('README.md', renderReadme(ctx));
  if (wanted.has('dependency-graph')) files.set('dependency-graph.md', renderDependencyGraph(ctx));
  if (wanted.has('relationships')) files.set('relationships.md', renderRelationships(ctx));
  if (wanted.has('overview')) files.set('overview.md', renderOverview(ctx));
  if (wanted.has('design')) files.set('design.md', renderDesign(ctx));
  if (wanted.has('audit') && ctx.lint) files.set('audit.md', renderAudit(ctx));
  if (wanted.has('tables')) for (const t of ctx.tables) files.set(ctx.tablePage(t.id), renderTablePage(ctx, t.id));
  if (wanted.has('erd')) {
    files.set('erd.mmd', renderErdMmd(ctx));
    for (const [name, content] of renderDomainErds(ctx)) files.set(name, content);
    // The same diagrams laid out as SVG (Graphviz in WASM, in a time-bounded worker).
    for (const [name, content] of await renderErdSvgFiles(model, analysis)) files.set(name, content);
  }
  if (wanted.has('schema')) files.set('schema.json', schemaJson(model, analysis));
  if (verify) files.set('verify.md', renderVerifyMarkdown(verify));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
