/**
 * examples/tentabo-prm end to end: the reviewed DOT and SVG in test/fixtures/diagram/tentabo-prm/ (regenerated on
 * purpose by scripts/golden-erd.mjs), the `--focus` neighbourhoods at depth 1 and 2, byte-identical SVG across runs,
 * and `schemaproof erd` itself (formats, -o, errors) on a snapshot of the same schema.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import {
  createLayouter,
  diagramContext,
  diagramDot,
  diagramSvg,
  domainDiagrams,
  neighbourhoodDiagram,
  overviewDiagram,
  renderErdDotFiles,
  renderErdSvgFiles,
  wholeSchemaDiagram,
} from '../../src/diagram/index.js';
import { modelToJson } from '../../src/model/json.js';
import { renderErdMmd } from '../../src/render/erd.js';
import type { RenderContext } from '../../src/render/context.js';
import { loadSchema } from '../../src/source/load.js';
import { cli, root } from '../helpers/cli.js';

const golden = (file: string) => readFile(join(root, 'test', 'fixtures', 'diagram', 'tentabo-prm', file), 'utf8');
const layouter = createLayouter();
let ctx: RenderContext;
let dir: string;
let snapshot: string;

beforeAll(async () => {
  const model = await loadSchema(join(root, 'examples', 'tentabo-prm'), { onWarning: () => undefined });
  ctx = diagramContext(model, await analyze(model));
  dir = await mkdtemp(join(tmpdir(), 'schemaproof-erd-'));
  snapshot = join(dir, 'schema.json');
  await writeFile(snapshot, modelToJson(model));
});
afterAll(async () => {
  await layouter.close();
  await rm(dir, { recursive: true, force: true });
});

describe('golden diagrams of tentabo-prm', () => {
  it('whole schema: DOT and SVG as reviewed', async () => {
    const whole = wholeSchemaDiagram(ctx)!;
    expect(whole.tables).toHaveLength(20);
    expect(diagramDot(ctx, whole).dot).toBe(await golden('erd.dot'));
    expect(await diagramSvg(ctx, whole, { layouter })).toBe(await golden('erd.svg'));
  });

  it('the neighbourhood of orders: DOT and SVG as reviewed', async () => {
    const d = neighbourhoodDiagram(ctx, 'public.orders', 1);
    expect(diagramDot(ctx, d).dot).toBe(await golden('orders.dot'));
    expect(await diagramSvg(ctx, d, { layouter })).toBe(await golden('orders.svg'));
  });

  it('the overview of domains (cap 10): SVG as reviewed', async () => {
    expect(wholeSchemaDiagram(ctx, 10)).toBeNull();
    expect(await diagramSvg(ctx, overviewDiagram(ctx, domainDiagrams(ctx, 10)), { layouter })).toBe(await golden('overview.svg'));
  });

  it('gives the same bytes on every run', async () => {
    const whole = wholeSchemaDiagram(ctx)!;
    const runs = await Promise.all([diagramSvg(ctx, whole), diagramSvg(ctx, whole)]);
    expect(runs[0]).toBe(runs[1]);
    expect(runs[0]).toBe(await diagramSvg(ctx, whole, { layouter }));
  });

  it('renders the SVG files a document folder holds, with a neighbourhood per table on request', async () => {
    const files = await renderErdSvgFiles(ctx.model, ctx.analysis, { layouter });
    expect([...files.keys()]).toEqual(['erd.svg']);
    expect(files.get('erd.svg')).toBe(await golden('erd.svg'));
    const withTables = await renderErdSvgFiles(ctx.model, ctx.analysis, { layouter, neighbourhoods: true });
    expect([...withTables.keys()]).toEqual(['erd.svg', ...ctx.analysis.tables.map((t) => `erd/tables/${t}.svg`)]);
    expect(withTables.get('erd/tables/public.orders.svg')).toBe(await golden('orders.svg'));
  });

  it('names its DOT files like the Mermaid files of `doc`', () => {
    expect([...renderErdDotFiles(ctx.model, ctx.analysis).keys()]).toEqual(['erd.dot']);
    expect([...renderErdDotFiles(ctx.model, ctx.analysis, { cap: 10 }).keys()]).toEqual([
      'erd.dot', 'erd/admin-users.dot', 'erd/core.dot', 'erd/distributors.dot', 'erd/leads.dot', 'erd/orders.dot', 'erd/other.dot', 'erd/products.dot', 'erd/provider.dot',
    ]);
  });
});

describe('--focus neighbourhoods of tentabo-prm', () => {
  it('depth 1: orders, the tables it references and the tables that reference it; only its own FKs', () => {
    const d = neighbourhoodDiagram(ctx, 'public.orders', 1);
    expect(d.tables).toEqual([
      'public.contracts', 'public.distributors', 'public.leads', 'public.notes', 'public.order_items', 'public.orders', 'public.partners', 'public.users',
    ]);
    const fks = [...diagramDot(ctx, d).annotations.entries()].filter(([k]) => k.startsWith('fk-')).map(([, a]) => a.title);
    expect(fks).toEqual([
      'contracts(order_id) → orders(id)',
      'notes(order_id) → orders(id)',
      'order_items(order_id) → orders(id)',
      'orders(created_by) → users(id)',
      'orders(distributor_id) → distributors(id)',
      'orders(lead_id) → leads(id)',
      'orders(partner_id) → partners(id)',
    ]);
  });

  it('depth 2: one hop further (not price_tiers, three hops away through products; not the provider tables)', () => {
    const d = neighbourhoodDiagram(ctx, 'public.orders', 2);
    expect(d.tables).toEqual([
      'public.admin_users', 'public.audit_logs', 'public.contracts', 'public.distributor_partners', 'public.distributors', 'public.durations',
      'public.lead_activities', 'public.lead_notes', 'public.lead_status_history', 'public.leads', 'public.notes', 'public.order_items', 'public.orders',
      'public.partners', 'public.products', 'public.users',
    ]);
    expect(d.anchors).toEqual(neighbourhoodDiagram(ctx, 'public.orders', 1).tables);
    expect(d.omitted).toBe(0);
  });
});

describe('schemaproof erd', () => {
  it('prints the golden DOT and SVG', async () => {
    const dot = await cli('erd', snapshot, '--format', 'dot');
    expect(dot).toMatchObject({ code: 0, stderr: '' });
    expect(dot.stdout).toBe(await golden('erd.dot'));
    const svg = await cli('erd', snapshot, '--focus', 'orders');
    expect(svg.code).toBe(0);
    expect(svg.stdout).toBe(await golden('orders.svg'));
  });

  it('prints the Mermaid text of doc\'s erd.mmd, or of the focus', async () => {
    const mmd = await cli('erd', snapshot, '--format', 'mmd');
    expect(mmd.stdout).toBe(renderErdMmd(ctx));
    const focus = await cli('erd', snapshot, '--format', 'mmd', '--focus', 'public.orders');
    expect(focus.stdout.split('\n').filter((l) => /^ {4}"\w+" \{$/.test(l))).toEqual(
      ['contracts', 'distributors', 'leads', 'notes', 'order_items', 'orders', 'partners', 'users'].map((t) => `    "${t}" {`),
    );
  });

  it('writes -o FILE and says so on stderr; draws the overview above --max-tables, saying how to narrow it', async () => {
    const out = join(dir, 'overview.svg');
    const r = await cli('erd', snapshot, '--max-tables', '10', '-o', out);
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr:
        '20 tables (more than 10): drawing the overview of 8 domains; --domain NAME draws one domain, --focus TABLE the neighbourhood of a table\n' +
        `wrote ${out}: diagram erd\n`,
    });
    expect(await readFile(out, 'utf8')).toBe(await golden('overview.svg'));
    const leads = await cli('erd', snapshot, '--domain', 'Leads', '--format', 'dot');
    expect(leads.stdout).toBe(diagramDot(ctx, domainDiagrams(ctx).find((d) => d.key === 'erd/leads')!).dot);
  });

  it('refuses what it cannot draw, with a hint, exit 2', async () => {
    expect(await cli('erd', snapshot, '--focus', 'order')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'schemaproof: no table order\n  hint: did you mean public.order_items, public.orders?\n',
    });
    const domain = await cli('erd', snapshot, '--domain', 'Billing');
    expect(domain.stderr).toBe(
      'schemaproof: no domain named "Billing"\n  hint: the domains are: Orders, Leads, Admin Users, Core, Distributors, Products, Provider, Other\n',
    );
    expect((await cli('erd', snapshot, '--focus', 'orders', '--depth', '3')).stderr).toBe('schemaproof: --depth must be a whole number from 1 to 2: 3\n');
    expect((await cli('erd', snapshot, '--format', 'png')).stderr).toBe('schemaproof: unknown format: png\n  hint: one of: svg, dot, mmd\n');
    expect((await cli('erd', snapshot, '--focus', 'orders', '--domain', 'Leads')).code).toBe(2);
  });
});
