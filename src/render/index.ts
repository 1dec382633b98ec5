/**
 * The document folder `schemaproof doc` writes, as a map of relative path → content (pure: the CLI writes it).
 * Which documents: all by default, or those the config's `documents` names.
 */
import { renderErdSvgFiles } from '../diagram/index.js';
import type { VerifyReport } from '../verify/types.js';
import { renderVerifyMarkdown } from './verify/markdown.js';
import type { Analysis } from '../analyze/types.js';
import { jsonChunks, modelToJson } from '../model/json.js';
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

import { ALL_DOCUMENTS, type DocumentName } from './documents.js';

export { ALL_DOCUMENTS, type DocumentName } from './documents.js';

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

/** A file's text: a string, or pieces of it in order (schema.json, which is too big to hold as one string). */
export type FileText = string | Iterable<string>;

/** Receives one rendered file (path relative to the folder); may return a promise to wait for. */
export type EmitFile = (path: string, content: FileText) => void | Promise<void>;

export const textOf = (content: FileText): string => (typeof content === 'string' ? content : [...content].join(''));

/** The document folder as a map, sorted by path (what `renderDocumentsTo()` emits, collected). */
export async function renderDocuments(
  model: SchemaModel,
  analysis: Analysis,
  documents: readonly DocumentName[] = ALL_DOCUMENTS,
  lint?: { result: LintResult; off: ReadonlySet<string> },
  verify?: VerifyReport,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await renderDocumentsTo((path, content) => void files.set(path, textOf(content)), model, analysis, { documents, ...(lint ? { lint } : {}), ...(verify ? { verify } : {}) });
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Renders the document folder file by file into `emit`, so a caller can write each file and let it go (at 10,000
 * tables the folder is ~300 MB of text). The SVG diagrams are laid out in worker threads from the start, while the
 * Markdown renders here, and emitted last.
 */
export interface RenderToOptions {
  documents?: readonly DocumentName[];
  lint?: { result: LintResult; off: ReadonlySet<string> };
  verify?: VerifyReport;
  /** The SVG diagrams, already being laid out (`renderErdSvgFiles()` started early, e.g. before the lint run). */
  svgs?: Promise<Map<string, string>>;
}

export async function renderDocumentsTo(emit: EmitFile, model: SchemaModel, analysis: Analysis, options: RenderToOptions = {}): Promise<void> {
  const { documents = ALL_DOCUMENTS, lint, verify } = options;
  await loadPolicyParser();
  const wanted = new Set(documents.filter((d) => d !== 'audit' || lint !== undefined));
  const svgs = wanted.has('erd') ? (options.svgs ?? renderErdSvgFiles(model, analysis)) : null;
  // Rendering below may fail before the layouts are awaited; their failure is then not the one to report.
  svgs?.catch(() => undefined);
  const written = (file: string) => wanted.has(FILE_DOCUMENT[file] ?? (file.startsWith('tables/') ? 'tables' : file.startsWith('erd/') ? 'erd' : 'readme'));
  const base = renderContext(model, analysis, (id) => `tables/${tablePageName(id)}`, written);
  const ctx = { ...base, ...(lint ? { lint: lint.result, lintOff: lint.off } : {}), ...(verify ? { verify } : {}) };
  if (wanted.has('readme')) await emit('README.md', renderReadme(ctx));
  if (wanted.has('dependency-graph')) await emit('dependency-graph.md', renderDependencyGraph(ctx));
  if (wanted.has('relationships')) await emit('relationships.md', renderRelationships(ctx));
  if (wanted.has('overview')) await emit('overview.md', renderOverview(ctx));
  if (wanted.has('design')) await emit('design.md', renderDesign(ctx));
  if (wanted.has('audit') && ctx.lint) await emit('audit.md', renderAudit(ctx));
  if (wanted.has('tables')) for (const t of ctx.tables) await emit(ctx.tablePage(t.id), renderTablePage(ctx, t.id));
  if (wanted.has('schema')) await emit('schema.json', jsonChunks({ ...model, analysis }));
  if (verify) await emit('verify.md', renderVerifyMarkdown(verify));
  if (svgs) {
    await emit('erd.mmd', renderErdMmd(ctx));
    for (const [name, content] of renderDomainErds(ctx)) await emit(name, content);
    // The same diagrams laid out as SVG (Graphviz in WASM, in time-bounded workers).
    for (const [name, content] of await svgs) await emit(name, content);
  }
}
