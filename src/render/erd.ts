/**
 * The ERD files: `erd.mmd`, and `erd/<domain>.mmd` for big schemas.
 *
 * A `.mmd` file holds one diagram (that is how Mermaid's CLI, editors and GitHub's file preview read it), and an
 * `erDiagram` of more than about 40 tables is a wall nobody reads. So:
 *   - up to `WHOLE_SCHEMA_LIMIT` analysed tables: `erd.mmd` is the `erDiagram` of the whole schema, and
 *     `renderDomainErds()` returns nothing;
 *   - above it: `erd.mmd` is the domain overview (a `flowchart` of the domains and the FK counts between them), and
 *     `renderDomainErds()` returns one `erDiagram` per domain as `erd/<slug>.mmd`. Each shows the domain's tables
 *     in full, and the tables of other domains they are linked to by an FK as bare entities, so no edge is lost.
 * Mermaid refuses a diagram longer than 50,000 characters (its default `maxTextSize`, which GitHub keeps): a diagram
 * that would pass `MAX_DIAGRAM_TEXT` is drawn with key columns only.
 */
import type { RenderContext } from './context.js';
import { domainOverview, erDiagram, type ErDiagramOptions } from './mermaid.js';

/** Above this many analysed tables, the ERD is split by domain. */
export const WHOLE_SCHEMA_LIMIT = 40;

/** Above this many characters, an ERD is drawn with key columns only (Mermaid's own limit is 50,000). */
export const MAX_DIAGRAM_TEXT = 40_000;

/** An erDiagram that stays under `MAX_DIAGRAM_TEXT`, and whether it had to fall back to key columns only. */
export function boundedErDiagram(
  ctx: RenderContext,
  tableIds: string[],
  options: ErDiagramOptions = {},
): { text: string; keysOnly: boolean } {
  const full = erDiagram(ctx, tableIds, options);
  if (full.length <= MAX_DIAGRAM_TEXT || options.keysOnly) return { text: full, keysOnly: options.keysOnly === true };
  return { text: erDiagram(ctx, tableIds, { ...options, keysOnly: true }), keysOnly: true };
}

/** Is the schema small enough for one ERD? */
export function wholeSchemaErd(ctx: RenderContext): boolean {
  return ctx.analysis.tables.length <= WHOLE_SCHEMA_LIMIT;
}

/** The content of `erd.mmd`. */
export function renderErdMmd(ctx: RenderContext): string {
  return wholeSchemaErd(ctx) ? boundedErDiagram(ctx, ctx.analysis.tables).text : domainOverview(ctx);
}

/** `erd/<slug>.mmd` for each domain, in domain order (slugs made unique with `-2`, `-3` …). */
export function domainErdFiles(ctx: RenderContext): { name: string; file: string; tables: string[] }[] {
  const used = new Set<string>();
  return ctx.analysis.domains.groups.map((g) => {
    const base =
      g.name
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'domain';
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return { name: g.name, file: `erd/${slug}.mmd`, tables: g.tables };
  });
}

/** Per-domain ERDs, file name → content; empty when the whole schema fits in `erd.mmd`. */
export function renderDomainErds(ctx: RenderContext): Map<string, string> {
  const files = new Map<string, string>();
  if (wholeSchemaErd(ctx)) return files;
  const domains = domainErdFiles(ctx);
  // The tables of other domains each domain links to, from one pass over the relationships (not one per domain).
  const domainOf = new Map<string, number>();
  domains.forEach((d, i) => d.tables.forEach((t) => domainOf.set(t, i)));
  const outside = domains.map(() => new Set<string>());
  for (const r of ctx.analysis.relationships) {
    if (r.foreignKey === null || r.guardOf !== null) continue;
    const from = domainOf.get(r.from);
    const to = domainOf.get(r.to);
    if (from === to) continue;
    if (from !== undefined) outside[from]!.add(r.to);
    if (to !== undefined) outside[to]!.add(r.from);
  }
  domains.forEach((d, i) => files.set(d.file, boundedErDiagram(ctx, d.tables, { context: [...outside[i]!] }).text));
  return files;
}
