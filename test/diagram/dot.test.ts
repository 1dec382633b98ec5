/**
 * DOT generation (src/diagram/dot.ts): crow's-foot ends per cardinality, N:M drawn through the junction or as one
 * dashed edge when the junction is not drawn, ports on the FK and referenced columns, keys-only tables, context
 * boxes, escaping of hostile names, and sorted, input-order-independent output.
 */
import { describe, expect, it } from 'vitest';
import { crowsFoot, shortType, tableDiagramDot, tableNodeId } from '../../src/diagram/dot.js';
import { safeName, xmlText } from '../../src/diagram/escape.js';
import { neighbourhoodDiagram, wholeSchemaDiagram } from '../../src/diagram/select.js';
import type { TableDiagram } from '../../src/diagram/types.js';
import { model } from '../helpers/model.js';
import { blog, contextOf, hostile, IMG_COLUMN, SCRIPT_NAME } from './fixtures.js';

/** The edge statements of a DOT text, one per line, without the leading indentation. */
function edges(dot: string): string[] {
  return dot.split('\n').filter((l) => l.includes(' -> ')).map((l) => l.trim());
}

function diagram(tables: string[], context: string[] = []): TableDiagram {
  return { kind: 'tables', key: 'test', title: 'Test', tables, context, anchors: null, focus: null, omitted: 0, note: null };
}

describe('crow\'s-foot ends', () => {
  it('gives each cardinality its Graphviz arrow shapes, parent end first', () => {
    const base = { foreignKey: 'x', foreignKeys: ['x'], from: 'a', to: 'b', columns: ['b_id'], refColumns: ['id'], via: null, composite: false, junction: false, guardOf: null };
    expect(crowsFoot({ ...base, cardinality: 'one-to-many', optional: false })).toEqual({ tail: 'teetee', head: 'crowodot' });
    expect(crowsFoot({ ...base, cardinality: 'one-to-many', optional: true })).toEqual({ tail: 'teeodot', head: 'crowodot' });
    expect(crowsFoot({ ...base, cardinality: 'one-to-one', optional: false })).toEqual({ tail: 'teetee', head: 'teeodot' });
    expect(crowsFoot({ ...base, cardinality: 'self-referential', optional: true })).toEqual({ tail: 'teeodot', head: 'crowodot' });
    expect(crowsFoot({ ...base, foreignKey: null, cardinality: 'many-to-many', optional: false })).toEqual({ tail: 'crowodot', head: 'crowodot' });
  });

  it('draws every FK of the blog schema parent → child, from the referenced column to the FK column', async () => {
    const ctx = await contextOf(blog());
    expect(edges(tableDiagramDot(ctx, wholeSchemaDiagram(ctx)!).dot)).toEqual([
      // self-reference: loops on the right side, from id to parent_id
      '"table-public.categories":"r1":e -> "table-public.categories":"r2":e [id="fk-public.categories.categories_parent_id_fkey", arrowtail=teeodot, arrowhead=crowodot];',
      // nullable FK: zero-or-one at the parent
      '"table-public.posts":"r1":e -> "table-public.comments":"l2":w [id="fk-public.comments.comments_post_id_fkey", arrowtail=teeodot, arrowhead=crowodot];',
      // the junction is drawn: its two one-to-many edges, no N:M edge
      '"table-public.posts":"r1":e -> "table-public.post_tags":"l1":w [id="fk-public.post_tags.post_tags_post_id_fkey", arrowtail=teetee, arrowhead=crowodot];',
      '"table-public.tags":"r1":e -> "table-public.post_tags":"l2":w [id="fk-public.post_tags.post_tags_tag_id_fkey", arrowtail=teetee, arrowhead=crowodot];',
      '"table-public.categories":"r1":e -> "table-public.posts":"l3":w [id="fk-public.posts.posts_category_id_fkey", arrowtail=teeodot, arrowhead=crowodot];',
      '"table-public.users":"r1":e -> "table-public.posts":"l2":w [id="fk-public.posts.posts_user_id_fkey", arrowtail=teetee, arrowhead=crowodot];',
      // one-to-one: zero-or-one at the child
      '"table-public.users":"r1":e -> "table-public.profiles":"l2":w [id="fk-public.profiles.profiles_user_id_fkey", arrowtail=teetee, arrowhead=teeodot];',
      '"table-public.users":"r1":e -> "table-public.wide":"l2":w [id="fk-public.wide.wide_user_id_fkey", arrowtail=teetee, arrowhead=crowodot];',
    ]);
  });

  it('joins the two ends of an N:M with one dashed edge when the junction is not drawn', async () => {
    const ctx = await contextOf(blog());
    const dot = tableDiagramDot(ctx, diagram(['public.posts', 'public.tags']));
    expect(edges(dot.dot)).toEqual([
      '"table-public.posts" -> "table-public.tags" [id="nm-public.post_tags-1", style=dashed, arrowtail=crowodot, arrowhead=crowodot, label=<via <I>post_tags</I>>];',
    ]);
    expect(dot.annotations.get('nm-public.post_tags-1')).toEqual({
      title: 'posts N:M tags via post_tags',
      data: { via: 'public.post_tags', from: 'public.posts', to: 'public.tags', cardinality: 'many-to-many', parent: 'zero-or-many', child: 'zero-or-many' },
    });
  });
});

describe('table records', () => {
  it('shows markers, names and short types, one port pair per column', async () => {
    const ctx = await contextOf(blog());
    const dot = tableDiagramDot(ctx, diagram(['public.profiles'])).dot;
    expect(dot).toContain(
      '"table-public.profiles" [id="table-public.profiles", label=<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="#475569" BGCOLOR="white">' +
        '<TR><TD COLSPAN="3" BGCOLOR="#dbe4f0" CELLPADDING="5"><B>profiles</B></TD></TR>' +
        '<TR><TD ALIGN="LEFT" PORT="l1"><FONT POINT-SIZE="8" COLOR="#9a3412"><B>PK</B></FONT></TD><TD ALIGN="LEFT">id</TD><TD ALIGN="LEFT" PORT="r1"><FONT COLOR="#64748b">uuid</FONT></TD></TR>' +
        '<TR><TD ALIGN="LEFT" PORT="l2"><FONT POINT-SIZE="8" COLOR="#9a3412"><B>FK UK</B></FONT></TD><TD ALIGN="LEFT">user_id</TD><TD ALIGN="LEFT" PORT="r2"><FONT COLOR="#64748b">uuid</FONT></TD></TR>' +
        '<TR><TD ALIGN="LEFT" PORT="l3"></TD><TD ALIGN="LEFT">bio</TD><TD ALIGN="LEFT" PORT="r3"><FONT COLOR="#64748b">text</FONT></TD></TR>' +
        '</TABLE>>];',
    );
  });

  it('shows only the key columns of a table with more than 12 columns, and how many are left out', async () => {
    const ctx = await contextOf(blog());
    const dot = tableDiagramDot(ctx, diagram(['public.wide'])).dot;
    const label = dot.split('\n').find((l) => l.startsWith('  "table-public.wide"'))!;
    expect([...label.matchAll(/<TD ALIGN="LEFT">([^<]*)<\/TD>/g)].map((m) => m[1])).toEqual(['id', 'user_id']);
    expect(label).toContain('<I>… 13 more columns</I>');
    // 12 columns or fewer: all of them, no note
    expect(tableDiagramDot(ctx, diagram(['public.posts'])).dot).not.toContain('more column');
  });

  it('draws context tables as dashed boxes with their domain, and no edge between two of them', async () => {
    const ctx = await contextOf(blog(), { domains: { Content: ['posts', 'comments', 'post_tags', 'tags'], People: ['users', 'profiles', 'wide'] } });
    const dot = tableDiagramDot(ctx, diagram(['public.comments'], ['public.posts', 'public.users']));
    expect(dot.dot).toContain(
      '"table-public.users" [id="table-public.users", label=<<TABLE BORDER="1" STYLE="dashed" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" COLOR="#64748b" BGCOLOR="#f1f5f9"><TR><TD CELLPADDING="5">users</TD></TR><TR><TD><FONT POINT-SIZE="8" COLOR="#64748b"><I>People</I></FONT></TD></TR></TABLE>>];',
    );
    // posts → users is between two context boxes: not drawn; posts → comments attaches to the box (no ports on posts)
    expect(edges(dot.dot)).toEqual([
      '"table-public.posts" -> "table-public.comments":"l2":w [id="fk-public.comments.comments_post_id_fkey", arrowtail=teeodot, arrowhead=crowodot];',
    ]);
    expect(dot.annotations.get('table-public.users')).toEqual({ title: 'users', data: { table: 'public.users', role: 'context', domain: 'People' } });
    expect(dot.size).toEqual({ tables: 1, context: 2, edges: 1 });
  });

  it('highlights the focus table of a neighbourhood', async () => {
    const ctx = await contextOf(blog());
    const dot = tableDiagramDot(ctx, neighbourhoodDiagram(ctx, 'public.posts', 1));
    expect(dot.dot).toContain('"table-public.posts" [id="table-public.posts", label=<<TABLE BORDER="2"');
    expect(dot.dot).toContain('<TD COLSPAN="3" BGCOLOR="#fde68a" CELLPADDING="5"><B>posts</B>');
    expect(dot.annotations.get('table-public.posts')!.data.role).toBe('focus');
  });

  it('shortens the long SQL type names and keeps modifiers and arrays', () => {
    expect(shortType('character varying(255)')).toBe('varchar(255)');
    expect(shortType('timestamp(3) with time zone')).toBe('timestamptz(3)');
    expect(shortType('timestamp without time zone')).toBe('timestamp');
    expect(shortType('time with time zone')).toBe('timetz');
    expect(shortType('character(2)')).toBe('char(2)');
    expect(shortType('double precision[]')).toBe('float8[]');
    expect(shortType('numeric(12,2)')).toBe('numeric(12,2)');
    expect(shortType('billing.currency_code_with_a_very_long_name_indeed')).toBe('billing.currency_code_with_a_ve…') // 32 characters with the ellipsis;
  });
});

describe('escaping', () => {
  it('escapes names and comments for HTML labels and keeps ids to a safe alphabet', async () => {
    const { model: m, options } = hostile();
    const ctx = await contextOf(m, options);
    const dot = tableDiagramDot(ctx, wholeSchemaDiagram(ctx)!).dot;
    expect(dot).toContain('<B>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</B>');
    expect(dot).toContain('<TD ALIGN="LEFT">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</TD>');
    // the comment's first line only, the newline never reaches the label
    expect(dot).toContain('<I>javascript:alert(document.cookie)</I>');
    expect(dot).not.toContain('<script');
    expect(dot).not.toContain('<img');
    expect(dot).not.toContain('<a ');
    // every quoted DOT string is an id-safe name (no quote or backslash can end it early)
    for (const m of dot.matchAll(/"([^"]*)"/g)) expect(m[1]).toMatch(/^[A-Za-z0-9._~#, -]*$/);
    expect(tableNodeId(`public.${SCRIPT_NAME}`)).toBe('table-public.~22~3e~3cscript~3ealert~281~29~3c~2fscript~3e');
  });

  it('turns every character XML forbids, or that would break a line, into a space', () => {
    expect(xmlText('a\nb\r\nc\td\u0000e\u2028f')).toBe('a b c d e f');
    expect(xmlText(`${IMG_COLUMN} & 'x'`)).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;x&#39;');
    expect(xmlText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
    expect(safeName('a b/é')).toBe('a~20b~2f~c3~a9');
  });
});

describe('determinism', () => {
  it('gives the same DOT whatever the order of the input', async () => {
    const m = blog();
    const reversed = model({ tables: [...m.tables].reverse(), foreignKeys: [...m.foreignKeys].reverse() });
    const a = await contextOf(m);
    const b = await contextOf(reversed);
    const shuffled = diagram([...a.analysis.tables].reverse());
    expect(tableDiagramDot(b, shuffled).dot).toBe(tableDiagramDot(a, wholeSchemaDiagram(a)!).dot.replace('label=<<B>Entity-relationship diagram</B>', 'label=<<B>Test</B>'));
  });
});
