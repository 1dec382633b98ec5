/**
 * Models the diagram tests share, analysed by the real `analyze()` (so cardinalities are the ones users get):
 *
 * - `blog()`: one relationship of each kind — one-to-many (`posts.user_id`, NOT NULL), optional one-to-many
 *   (`comments.post_id`), one-to-one (`profiles.user_id` UNIQUE), self-reference (`categories.parent_id`), and the
 *   N:M of posts and tags through the junction `post_tags`; plus `wide` with 15 columns (keys only).
 * - `hostile()`: names, comments and a domain built to attack a report (`<script>`, `"><img onerror=…>`,
 *   `javascript:` links, quotes, ampersands, newlines).
 * - `synthetic(n)`: n tables like real schemas — most reference a tenant hub and one or two earlier tables, some
 *   reference themselves, one in twelve has no FK at all (a big "Other" domain) — deterministic.
 */
import { analyze } from '../../src/analyze/index.js';
import type { AnalysisOptions } from '../../src/analyze/types.js';
import type { ForeignKey, SchemaModel, Table } from '../../src/model/types.js';
import { renderContext, type RenderContext } from '../../src/render/context.js';
import { tablePageName } from '../../src/render/markdown.js';
import { fk, model, table } from '../helpers/model.js';

export async function contextOf(m: SchemaModel, options: AnalysisOptions = {}): Promise<RenderContext> {
  return renderContext(m, await analyze(m, options), (id) => `tables/${tablePageName(id)}`);
}

export function blog(): SchemaModel {
  const wideColumns = ['id uuid pk', 'user_id uuid notnull', ...Array.from({ length: 13 }, (_, i) => `extra_${i + 1} text`)];
  return model({
    tables: [
      table('public.users', ['id uuid pk', 'email text unique', 'name text']),
      table('public.posts', ['id uuid pk', 'user_id uuid notnull', 'category_id uuid', 'title text']),
      table('public.comments', ['id uuid pk', 'post_id uuid', 'body text']),
      table('public.profiles', ['id uuid pk', 'user_id uuid notnull unique', 'bio text']),
      table('public.categories', ['id uuid pk', 'parent_id uuid', 'name text']),
      table('public.tags', ['id uuid pk', 'label text']),
      table('public.post_tags', ['post_id uuid pk', 'tag_id uuid pk']),
      table('public.wide', wideColumns),
    ],
    foreignKeys: [
      fk('public.posts', ['user_id'], 'public.users', ['id']),
      fk('public.posts', ['category_id'], 'public.categories', ['id']),
      fk('public.comments', ['post_id'], 'public.posts', ['id']),
      fk('public.profiles', ['user_id'], 'public.users', ['id']),
      fk('public.categories', ['parent_id'], 'public.categories', ['id']),
      fk('public.post_tags', ['post_id'], 'public.posts', ['id']),
      fk('public.post_tags', ['tag_id'], 'public.tags', ['id']),
      fk('public.wide', ['user_id'], 'public.users', ['id']),
    ],
  });
}

export const SCRIPT_NAME = '"><script>alert(1)</script>';
export const IMG_COLUMN = '"><img src=x onerror=alert(1)>';
export const LINK_COMMENT = 'javascript:alert(document.cookie)\n<a href="javascript:alert(2)">click</a> & \'quoted\'';
export const HOSTILE_DOMAIN = '<svg onload=alert(3)>';

/** A schema whose names and comments try to break out of every context a diagram puts them in. */
export function hostile(): { model: SchemaModel; options: AnalysisOptions } {
  const evil = table(`public.${SCRIPT_NAME}`, ['id uuid pk', { name: IMG_COLUMN, type: 'text', comment: LINK_COMMENT }, 'owner_id uuid'], {
    comment: LINK_COMMENT,
  });
  const link = table('public.javascript:alert(1)', ['id uuid pk', `${'ref'} uuid`]);
  const m = model({
    tables: [evil, link, table('public.owners', ['id uuid pk'])],
    foreignKeys: [
      fk(`public.${SCRIPT_NAME}`, ['owner_id'], 'public.owners', ['id'], { name: 'fk_"><script>x</script>' }),
      fk('public.javascript:alert(1)', ['ref'], `public.${SCRIPT_NAME}`, ['id'], { name: 'javascript:void(0)' }),
    ],
  });
  return { model: m, options: { domains: { [HOSTILE_DOMAIN]: [`public.${SCRIPT_NAME}`, 'public.javascript:alert(1)'] } } };
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['order', 'lead', 'user', 'invoice', 'product', 'campaign', 'ticket', 'event', 'account', 'report'];

export function synthetic(n: number): SchemaModel {
  const rnd = random(n);
  const tables: Table[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (let i = 0; i < n; i++) {
    const id = `public.${PREFIXES[i % PREFIXES.length]}_t${i}`;
    tables.push(table(id, ['id uuid pk', 'tenant_id uuid', 'parent_id uuid', 'ref_a uuid', 'ref_b uuid', 'name text', 'created_at timestamptz']));
    if (i > 0 && i % 12 === 0) continue; // no FK at all
    if (i > 0) foreignKeys.push(fk(id, ['tenant_id'], tables[0]!.id, ['id']));
    if (i > 1) {
      const same = i - PREFIXES.length * (1 + Math.floor(rnd() * 3));
      foreignKeys.push(fk(id, ['ref_a'], tables[same > 0 ? same : Math.floor(rnd() * i)]!.id, ['id']));
    }
    if (i > 2 && rnd() < 0.4) foreignKeys.push(fk(id, ['ref_b'], tables[Math.floor(rnd() * i)]!.id, ['id']));
    if (rnd() < 0.1) foreignKeys.push(fk(id, ['parent_id'], id, ['id']));
  }
  return model({ tables, foreignKeys });
}
