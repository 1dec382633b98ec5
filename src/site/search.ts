/**
 * The search index of the HTML site, built at generation time: one compact JSON document the client scans
 * (tables, columns, views, functions, policies, enums, domains — by name, with types and comments as context).
 *
 *   { pages: ['tables/public.orders.html', …], items: [[kind, name, context, pageIndex, fragment], …] }
 *
 * kind: `t` table, `c` column, `v` view, `f` function, `p` policy, `e` enum, `d` domain type, `y` composite type.
 * Page paths are stored once and items point at them, so 5,000 tables × 13 columns stay a few megabytes, loaded only
 * when the reader first focuses the search box.
 */
import type { RenderContext } from '../render/context.js';
import { fragment } from './html.js';
import { tablePath } from './pages.js';

export type SearchItem = [kind: string, name: string, context: string, page: number, fragment: string];

export interface SearchIndex {
  pages: string[];
  items: SearchItem[];
}

const oneLine = (s: string | null | undefined, max = 140): string => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

const joined = (...parts: (string | null | undefined)[]): string => parts.filter((p) => p).join(' · ');

export function buildSearchIndex(ctx: RenderContext): SearchIndex {
  const pages: string[] = [];
  const pageIndex = new Map<string, number>();
  const page = (path: string): number => {
    let n = pageIndex.get(path);
    if (n === undefined) {
      n = pages.length;
      pages.push(path);
      pageIndex.set(path, n);
    }
    return n;
  };
  const items: SearchItem[] = [];
  for (const t of ctx.tables) {
    const p = page(tablePath(t.id));
    const name = ctx.name(t.id);
    items.push(['t', name, joined(t.id !== name ? t.id : null, ctx.domainOf(t.id)?.name, oneLine(t.comment)), p, '']);
    for (const c of t.columns) items.push(['c', c.name, joined(name, c.type, oneLine(c.comment)), p, fragment('col', c.name)]);
    for (const pol of ctx.of(t.id).policies) {
      items.push(['p', pol.name, joined(name, pol.command, pol.using ? `using ${oneLine(pol.using, 100)}` : null, pol.withCheck ? `check ${oneLine(pol.withCheck, 100)}` : null), p, '']);
    }
  }
  const m = ctx.model;
  for (const v of m.views) if (v.origin === 'user') items.push(['v', ctx.name(v.id), oneLine(v.comment), page('views.html'), fragment('view', v.id)]);
  for (const f of m.functions) if (f.origin === 'user') items.push(['f', `${f.name}(${f.identityArgs})`, joined(f.schema, f.returns, oneLine(f.comment)), page('functions.html'), fragment('fn', f.id)]);
  for (const e of m.enums) if (e.origin === 'user') items.push(['e', ctx.name(e.id), joined(e.labels.join(', '), oneLine(e.comment)), page('types.html'), fragment('type', e.id)]);
  for (const d of m.domains) if (d.origin === 'user') items.push(['d', ctx.name(d.id), joined(d.baseType, oneLine(d.comment)), page('types.html'), fragment('type', d.id)]);
  for (const c of m.compositeTypes) if (c.origin === 'user') items.push(['y', ctx.name(c.id), oneLine(c.comment), page('types.html'), fragment('type', c.id)]);
  return { pages, items };
}
