/**
 * Layout and SVG (src/diagram/layout.ts, svg.ts), with the real Graphviz WebAssembly in its worker: the crow's-foot
 * shapes Graphviz draws for each cardinality, the annotations the HTML site relies on (`data-table`, no `<a>`),
 * a hostile schema rendering as inert text, offline fonts, byte-identical output, and the time limit with its
 * fallbacks (a stub layouter for the fallback order; the real worker for termination and restart).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tableDiagramDot } from '../../src/diagram/dot.js';
import { diagramSvg } from '../../src/diagram/index.js';
import { boundedEffortDot, createLayouter, gridDot, layoutSvg, LayoutTimeoutError, type Layouter } from '../../src/diagram/layout.js';
import { wholeSchemaDiagram } from '../../src/diagram/select.js';
import { assertInertSvg, finishSvg, FONT_STACK } from '../../src/diagram/svg.js';
import type { TableDiagram } from '../../src/diagram/types.js';
import { blog, contextOf, HOSTILE_DOMAIN, hostile, IMG_COLUMN, SCRIPT_NAME, synthetic } from './fixtures.js';

const layouter = createLayouter();
afterAll(() => layouter.close());

/** The `<g class="edge">` groups of an SVG by id, each with the shapes of its two ends. */
function edgeShapes(svg: string): Map<string, { tee: number; crow: number; dot: number; dashed: boolean }> {
  const out = new Map<string, { tee: number; crow: number; dot: number; dashed: boolean }>();
  for (const m of svg.matchAll(/<g id="([^"]+)" class="edge"[^>]*>([\s\S]*?)<\/g>/g)) {
    const body = m[2]!;
    const polygons = [...body.matchAll(/<polygon [^>]*points="([^"]*)"/g)].map((p) => p[1]!.trim().split(/\s+/).length);
    out.set(m[1]!, {
      tee: polygons.filter((n) => n === 5).length, // a bar: a closed rectangle
      crow: polygons.filter((n) => n === 9).length, // three prongs
      dot: (body.match(/<ellipse /g) ?? []).length, // the open circle of "zero"
      dashed: body.includes('stroke-dasharray'),
    });
  }
  return out;
}

/** The SVG with every text node and attribute value emptied: what is left is markup only. */
function markupOnly(svg: string): string {
  return svg.replace(/"[^"]*"/g, '""').replace(/>[^<]*</g, '><');
}

describe('crow\'s feet as Graphviz draws them', () => {
  it('draws each cardinality\'s ends', async () => {
    const ctx = await contextOf(blog());
    const svg = await diagramSvg(ctx, wholeSchemaDiagram(ctx)!, { layouter });
    const shapes = edgeShapes(svg);
    // one-to-many, NOT NULL: || at the parent, o{ at the child
    expect(shapes.get('fk-public.posts.posts_user_id_fkey')).toEqual({ tee: 2, crow: 1, dot: 1, dashed: false });
    // one-to-many, nullable: |o at the parent
    expect(shapes.get('fk-public.comments.comments_post_id_fkey')).toEqual({ tee: 1, crow: 1, dot: 2, dashed: false });
    // one-to-one: || at the parent, o| at the child
    expect(shapes.get('fk-public.profiles.profiles_user_id_fkey')).toEqual({ tee: 3, crow: 0, dot: 1, dashed: false });
    // self-reference (nullable): |o … o{ on the same table
    expect(shapes.get('fk-public.categories.categories_parent_id_fkey')).toEqual({ tee: 1, crow: 1, dot: 2, dashed: false });
    expect(svg).toContain(
      '<g id="fk-public.profiles.profiles_user_id_fkey" class="edge" data-cardinality="one-to-one" data-child="zero-or-one" data-foreign-key="public.profiles.profiles_user_id_fkey" data-from="public.profiles" data-parent="exactly-one" data-to="public.users">\n<title>profiles(user_id) → users(id)</title>',
    );
  });

  it('draws an N:M whose junction is not shown as one dashed edge with crow\'s feet at both ends', async () => {
    const ctx = await contextOf(blog());
    const d: TableDiagram = { kind: 'tables', key: 'erd/nm', title: 'N:M', tables: ['public.posts', 'public.tags'], context: [], anchors: null, focus: null, omitted: 0, note: null };
    const shapes = edgeShapes(await diagramSvg(ctx, d, { layouter }));
    expect([...shapes.entries()]).toEqual([['nm-public.post_tags-1', { tee: 0, crow: 2, dot: 2, dashed: true }]]);
  });
});

describe('the shipped SVG', () => {
  it('annotates every table node, has no links, and uses only the offline font stack', async () => {
    const ctx = await contextOf(blog());
    const svg = await diagramSvg(ctx, wholeSchemaDiagram(ctx)!, { layouter });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="')).toBe(true);
    expect(svg).toContain('class="schemaproof-erd" role="img" aria-label="Entity-relationship diagram" data-diagram="erd">');
    const nodes = [...svg.matchAll(/<g id="([^"]+)" class="node"([^>]*)>\n<title>([^<]*)<\/title>/g)].map((m) => [m[1], m[2], m[3]]);
    // Graphviz writes nodes in its own (deterministic) order
    expect(nodes.map((n) => n[0]).sort()).toEqual(ctx.analysis.tables.map((t) => `table-${t}`));
    expect(nodes.find((n) => n[0] === 'table-public.categories')).toEqual(['table-public.categories', ` data-domain="${ctx.domainOf('public.categories')!.name}" data-role="table" data-table="public.categories"`, 'categories']);
    expect(svg).not.toMatch(/<a[\s>]|href|javascript:|<!--|<\?xml|DOCTYPE/);
    const fonts = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual([FONT_STACK]);
    expect(svg).not.toMatch(/url\(|@import|@font-face/);
  });

  it('gives byte-identical SVG for the same input, from separate workers', async () => {
    const ctx = await contextOf(blog());
    const first = await diagramSvg(ctx, wholeSchemaDiagram(ctx)!);
    const second = await diagramSvg(await contextOf(blog()), wholeSchemaDiagram(ctx)!);
    expect(second).toBe(first);
  });

  it('renders a hostile schema as inert text', async () => {
    const { model, options } = hostile();
    const ctx = await contextOf(model, options);
    const svg = await diagramSvg(ctx, wholeSchemaDiagram(ctx)!, { layouter });
    // no markup from the schema: no script, image, link, handler or javascript: URL outside text and data values
    expect(svg).not.toMatch(/<script|<img|<a[\s>]|<svg onload/i);
    expect(markupOnly(svg)).not.toMatch(/onerror|onload|javascript:|href|<script|<img|<a[\s>]/i);
    expect(() => assertInertSvg(svg)).not.toThrow();
    // the names are there, as text
    expect(svg).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>');
    expect(svg).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</text>');
    expect(svg).toContain(`data-table="public.${SCRIPT_NAME.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
    expect(svg).toContain('data-domain="&lt;svg onload=alert(3)&gt;"');
    expect(svg).toContain('<title>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(IMG_COLUMN).toContain('onerror');
    expect(HOSTILE_DOMAIN).toContain('onload');
  });

  it('refuses anything but drawing markup', () => {
    const ok = '<svg xmlns="http://www.w3.org/2000/svg"><g id="a" class="node" data-table="x"><title>t</title><text x="1">&lt;b&gt;</text></g></svg>';
    expect(() => assertInertSvg(ok)).not.toThrow();
    expect(() => assertInertSvg(ok.replace('<title>t</title>', '<script>alert(1)</script>'))).toThrow('<script> element');
    expect(() => assertInertSvg(ok.replace('data-table="x"', 'onmouseover="alert(1)"'))).toThrow('onmouseover= attribute');
    expect(() => assertInertSvg(ok.replace('<text x="1">', '<a href="javascript:alert(1)"><text x="1">'))).toThrow('<a> element');
    expect(() => assertInertSvg(ok.replace('x="1"', 'style="fill:url(javascript:x)"'))).toThrow('style= attribute');
    expect(() => assertInertSvg(`<!DOCTYPE svg [<!ENTITY x "y">]>${ok}`)).toThrow('declaration');
    expect(() => assertInertSvg(ok.replace('<text x="1">', '<text x="1" onload>'))).toThrow('unexpected content: onload');
    expect(() => assertInertSvg(ok.replace('<text x="1">', "<text x='1'>"))).toThrow("unexpected content: x='1'");
    expect(() => assertInertSvg(ok.replace('<title>t</title>', '<foreignObject></foreignObject>'))).toThrow('<foreignObject> element');
  });

  it('refuses Graphviz output that does not match the DOT it was given', async () => {
    const ctx = await contextOf(blog());
    const dot = tableDiagramDot(ctx, wholeSchemaDiagram(ctx)!);
    const raw = await layouter.layout('digraph erd { "table-public.nope" [id="table-public.nope"] }');
    expect(() => finishSvg(raw, dot)).toThrow('Graphviz wrote an unknown node id: table-public.nope');
  });
});

describe('bounded layout', () => {
  /** A layouter that answers from a script: engine+source → result. */
  function scripted(answer: (dot: string, engine: string) => string | Error): Layouter & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      async layout(dot, options = {}) {
        calls.push(`${options.engine}${dot.includes('nslimit') ? '+bounded' : ''}${/:"[lr]\d+":/.test(dot) ? '+ports' : ''}`);
        const a = answer(dot, options.engine ?? 'dot');
        if (a instanceof Error) throw a;
        return a;
      },
      async close() {},
      abort() {},
    };
  }
  const timeout = () => new LayoutTimeoutError('layout did not finish within 5 ms', 5);
  const dot = 'digraph erd {\n  "a":"r1":e -> "b":"l2":w [id="x"];\n}\n';

  it('falls back to bounded-effort dot, then to the osage grid, each without column ports', async () => {
    const l1 = scripted((d) => (d.includes('nslimit') ? '<svg bounded/>' : timeout()));
    expect(await layoutSvg(l1, dot, 'diagram t', 5)).toMatchObject({ svg: '<svg bounded/>', mode: 'bounded' });
    expect(l1.calls).toEqual(['dot+ports', 'dot+bounded']);
    const l2 = scripted((_, engine) => (engine === 'osage' ? '<svg grid/>' : timeout()));
    expect(await layoutSvg(l2, dot, 'diagram t', 5)).toMatchObject({ svg: '<svg grid/>', mode: 'grid' });
    expect(l2.calls).toEqual(['dot+ports', 'dot+bounded', 'osage']);
    expect(boundedEffortDot(dot)).toBe(
      'digraph erd {\n  graph [nslimit=2, nslimit1=2, mclimit=0.1, searchsize=10, remincross=false, splines=line];\n  "a" -> "b" [id="x"];\n}\n',
    );
    expect(gridDot(dot)).toBe('digraph erd {\n  graph [splines=line];\n  "a" -> "b" [id="x"];\n}\n');
  });

  it('says which diagram did not finish when every attempt runs over', async () => {
    const l = scripted(() => timeout());
    await expect(layoutSvg(l, dot, 'diagram erd/x (70 tables, 90 edges)', 5)).rejects.toThrow(
      'the layout of diagram erd/x (70 tables, 90 edges) did not finish within 0.005 s, nor with bounded effort, nor as a grid (0.005 s each)',
    );
  });

  it('does not retry an error that is not a timeout', async () => {
    const l = scripted(() => new Error('Graphviz: syntax error in line 1'));
    await expect(layoutSvg(l, dot, 'd', 5)).rejects.toThrow('syntax error');
    expect(l.calls).toEqual(['dot+ports']);
  });

  it('keeps the jobs queued behind one that runs over, and lays them out in a fresh worker', async () => {
    const ctx = await contextOf(synthetic(300), { tenant: null });
    const big = tableDiagramDot(ctx, wholeSchemaDiagram(ctx, Infinity)!).dot;
    const own = createLayouter({ workers: 1 });
    try {
      const jobs = [own.layout(big, { timeoutMs: 1 }), own.layout('digraph { a -> b }'), own.layout('digraph { c -> d }')];
      const [first, second, third] = await Promise.allSettled(jobs);
      expect(first.status === 'rejected' && first.reason).toBeInstanceOf(LayoutTimeoutError);
      expect(second.status === 'fulfilled' && second.value).toContain('<title>a&#45;&gt;b</title>');
      expect(third.status === 'fulfilled' && third.value).toContain('<title>c&#45;&gt;d</title>');
    } finally {
      await own.close();
    }
  });

  it('stops at once on abort: the jobs still out fail, and nothing keeps running', async () => {
    const ctx = await contextOf(synthetic(300), { tenant: null });
    const big = tableDiagramDot(ctx, wholeSchemaDiagram(ctx, Infinity)!).dot;
    const own = createLayouter({ workers: 1 });
    const jobs = [own.layout(big, { timeoutMs: 60_000 }), own.layout('digraph { a -> b }')];
    own.abort();
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((r) => r.status === 'rejected' && String(r.reason))).toEqual(['Error: the layout was stopped', 'Error: the layout was stopped']);
    await own.close();
  });

  it('gives the same SVG from one worker or several, whatever order the jobs finish in', async () => {
    const graphs = Array.from({ length: 6 }, (_, i) => `digraph g${i} { ${Array.from({ length: i + 2 }, (_, j) => `n${j} -> n${j + 1};`).join(' ')} }`);
    const one = createLayouter({ workers: 1 });
    const three = createLayouter({ workers: 3 });
    try {
      const a = await Promise.all(graphs.map((g) => one.layout(g)));
      const b = await Promise.all(graphs.map((g) => three.layout(g)));
      expect(b).toEqual(a);
      expect(new Set(a).size).toBe(graphs.length);
    } finally {
      await Promise.all([one.close(), three.close()]);
    }
  });

  it('stops a layout that runs over its limit, and lays out the next one in a fresh worker', async () => {
    const ctx = await contextOf(synthetic(300), { tenant: null });
    const big = tableDiagramDot(ctx, wholeSchemaDiagram(ctx, Infinity)!).dot;
    const own = createLayouter();
    try {
      await expect(own.layout(big, { timeoutMs: 1 })).rejects.toBeInstanceOf(LayoutTimeoutError);
      expect(await own.layout('digraph { a -> b }')).toContain('<svg');
    } finally {
      await own.close();
    }
  });
});
