/**
 * What every document renderer receives: the model, its analysis, and lookups built once. Renderers are pure
 * functions `(ctx) → string` (or a map of file name → content); only the CLI writes files.
 */
import type { Analysis } from '../analyze/types.js';
import type { ForeignKey, Index, SchemaModel, Table } from '../model/types.js';
import { link, namer, text } from './markdown.js';

export interface RenderContext {
  model: SchemaModel;
  analysis: Analysis;
  /** The analysed tables, in id order. */
  tables: Table[];
  table(id: string): Table | undefined;
  /** The name shown to readers for a table/view/type id (`users`, or `billing.users` when ambiguous or not in public). */
  name(id: string): string;
  /** The index that covers an FK's columns on the child table (`analysis.foreignKeyIndexes`), or null. */
  coveringIndex(fk: ForeignKey): Index | null;
  /** Is this file (a path in the output folder, such as `relationships.md`) written? Links to others are plain text. */
  written(file: string): boolean;
  /** The table's name linked to its page (`prefix` for pages in a subfolder: `../`), or plain text when no page is written. */
  tableLink(id: string, prefix?: string): string;
  /** Link target of a table's page, relative to the document folder's root (`tables/public.users.md`). */
  tablePage(id: string): string;
}

export function renderContext(
  model: SchemaModel,
  analysis: Analysis,
  tablePage: (id: string) => string,
  written: (file: string) => boolean = () => true,
): RenderContext {
  const analysed = new Set(analysis.tables);
  const tables = model.tables.filter((t) => analysed.has(t.id));
  const byId = new Map(model.tables.map((t) => [t.id, t]));
  const named = [...model.tables, ...model.views, ...model.enums, ...model.domains, ...model.compositeTypes];
  const indexes = new Map(model.indexes.map((i) => [i.id, i]));
  const covering = new Map(analysis.foreignKeyIndexes.map((c) => [c.foreignKey, c.index === null ? null : (indexes.get(c.index) ?? null)]));
  const name = namer(named);
  const pages = written('tables/') || tables.some((t) => written(tablePage(t.id)));
  return {
    model,
    analysis,
    tables,
    table: (id) => byId.get(id),
    name,
    tableLink: (id, prefix = '') => (pages && analysed.has(id) ? link(name(id), `${prefix}${tablePage(id)}`) : text(name(id))),
    coveringIndex: (fk) => covering.get(fk.id) ?? null,
    written,
    tablePage,
  };
}
