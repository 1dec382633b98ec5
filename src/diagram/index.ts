/**
 * ER diagrams as Graphviz DOT and SVG: the entry points the CLI (`schemaproof erd`) and the document folder use.
 *
 *   const files = await renderErdSvgFiles(model, analysis);          // Map: 'erd.svg', 'erd/orders.svg', …
 *   const files = await renderErdSvgFiles(model, analysis, { neighbourhoods: true }); // + 'erd/tables/<t>.svg'
 *
 * Which diagrams: `select.ts`; DOT: `dot.ts`; layout in a bounded worker: `layout.ts`; SVG clean-up: `svg.ts`.
 * File names mirror the Mermaid files of `schemaproof doc` (`erd.mmd` ↔ `erd.svg`, `erd/<slug>.mmd` ↔
 * `erd/<slug>.svg`); a split domain's parts are `erd/<slug>.1.svg`, `erd/<slug>.2.svg`, …
 */
import type { Analysis } from '../analyze/types.js';
import type { SchemaModel } from '../model/types.js';
import { renderContext, type RenderContext } from '../render/context.js';
import { boundedErDiagram } from '../render/erd.js';
import { tablePageName } from '../render/markdown.js';
import { domainOverview } from '../render/mermaid.js';
import { overviewDot, tableDiagramDot, type DotDiagram, type DotOptions } from './dot.js';
import { createLayouter, DEFAULT_LAYOUT_TIMEOUT_MS, layoutSvg, type Layouter, type LayoutMode } from './layout.js';
import { planDiagrams, type PlanOptions } from './select.js';
import { finishSvg } from './svg.js';
import type { Diagram } from './types.js';

export type { Diagram, OverviewDiagram, TableDiagram } from './types.js';
export { DIAGRAM_CAP, planDiagrams, neighbourhoodDiagram, domainDiagrams, overviewDiagram, wholeSchemaDiagram, resolveTable } from './select.js';
export { tableDiagramDot, overviewDot, type DotDiagram } from './dot.js';
export { createLayouter, layoutSvg, LayoutTimeoutError, DEFAULT_LAYOUT_TIMEOUT_MS, type Layouter } from './layout.js';
export { finishSvg, assertInertSvg, FONT_STACK } from './svg.js';

export interface ErdOptions extends PlanOptions, DotOptions {
  /** Time limit of one layout attempt, in milliseconds (default 10 s; see `layoutSvg()` for the fallback). */
  layoutTimeoutMs?: number;
  /** A layouter to reuse (its worker stays up); by default one is started and closed for the call. */
  layouter?: Layouter;
  /** Called after each diagram is laid out (for progress lines and measurements). */
  onLayout?: (event: { key: string; tables: number; edges: number; ms: number; mode: LayoutMode }) => void;
}

/** The context the diagrams are drawn from (table pages under `tables/`, as `schemaproof doc` writes them). */
export function diagramContext(model: SchemaModel, analysis: Analysis): RenderContext {
  return renderContext(model, analysis, (id) => `tables/${tablePageName(id)}`);
}

export function diagramDot(ctx: RenderContext, d: Diagram, options: DotOptions = {}): DotDiagram {
  return d.kind === 'overview' ? overviewDot(d) : tableDiagramDot(ctx, d, options);
}

/** The Mermaid text of the same diagram (the existing Mermaid renderer, given this diagram's tables). */
export function diagramMermaid(ctx: RenderContext, d: Diagram): string {
  return d.kind === 'overview' ? domainOverview(ctx) : boundedErDiagram(ctx, d.tables, { context: d.context }).text;
}

/** One diagram laid out and finished as SVG. */
export async function diagramSvg(ctx: RenderContext, d: Diagram, options: ErdOptions = {}): Promise<string> {
  const layouter = options.layouter ?? createLayouter();
  try {
    const dot = diagramDot(ctx, d, options);
    const what = `diagram ${d.key} (${dot.size.tables + dot.size.context} tables, ${dot.size.edges} edges)`;
    const { svg, ms, mode } = await layoutSvg(layouter, dot.dot, what, options.layoutTimeoutMs ?? DEFAULT_LAYOUT_TIMEOUT_MS);
    options.onLayout?.({ key: d.key, tables: dot.size.tables + dot.size.context, edges: dot.size.edges, ms, mode });
    return finishSvg(svg, dot);
  } finally {
    if (!options.layouter) await layouter.close();
  }
}

const sortedMap = (entries: [string, string][]): Map<string, string> =>
  new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** `<key>.dot` for every planned diagram (no layout: instant). */
export function renderErdDotFiles(model: SchemaModel, analysis: Analysis, options: ErdOptions = {}): Map<string, string> {
  const ctx = diagramContext(model, analysis);
  return sortedMap(planDiagrams(ctx, options).map((d) => [`${d.key}.dot`, diagramDot(ctx, d, options).dot]));
}

/** `<key>.svg` for every planned diagram: all handed to the layout workers at once, laid out side by side. */
export async function renderErdSvgFiles(model: SchemaModel, analysis: Analysis, options: ErdOptions = {}): Promise<Map<string, string>> {
  const ctx = diagramContext(model, analysis);
  const layouter = options.layouter ?? createLayouter();
  try {
    const svgs = planDiagrams(ctx, options).map(async (d): Promise<[string, string]> => [`${d.key}.svg`, await diagramSvg(ctx, d, { ...options, layouter })]);
    // Every job settles before the layouter closes, even when one fails.
    const settled = await Promise.allSettled(svgs);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return sortedMap(settled.map((r) => (r as PromiseFulfilledResult<[string, string]>).value));
  } finally {
    if (!options.layouter) await layouter.close();
  }
}
