// The HTML site as a pure renderer: escaping, the pages it writes, CSP, and a hostile schema that must stay text.
import { createHash } from 'node:crypto';
import { describe, expect, it, beforeAll } from 'vitest';
import { esc, safeJson } from '../../src/site/html.js';
import { MULTI_FILE_CSP, renderSite, singleFileCsp, tablePath, TABLES_PER_PAGE } from '../../src/site/index.js';
import { SITE_CSS, SITE_JS } from '../../src/site/client.js';
import { analyze } from '../../src/analyze/index.js';
import { fk, model, table } from '../helpers/model.js';
import { asText, loadFolder, tags, type Loaded } from './helpers.js';
import type { VerifyReport } from '../../src/verify/types.js';

const HOSTILE = 'test/fixtures/site/hostile';
const TABLE = '<script>alert(1)</script>';

describe('escaping', () => {
  it('escapes markup characters and drops control characters', () => {
    expect(esc(`<a href="x" onclick='y'>&\u0000</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(esc(null)).toBe('');
  });
  it('writes JSON that cannot close a script element and is still the same JSON', () => {
    const value = { s: '</script><!-- \u2028 & >' };
    const out = safeJson(value);
    expect(out).toBe('{"s":"\\u003c/script\\u003e\\u003c!-- \\u2028 \\u0026 \\u003e"}');
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('pages of a small schema', () => {
  const m = model({
    tables: [table('public.clients', ['id', 'name']), table('public.orders', ['id', 'client_id'])],
    foreignKeys: [fk('public.orders', ['client_id'], 'public.clients', ['id'])],
  });
  it('writes one page per table, the lists, the assets, the search index and schema.json', async () => {
    const files = await renderSite(m, await analyze(m), {});
    expect([...files.keys()]).toEqual([
      'assets/search-index.js', 'assets/site.css', 'assets/site.js', 'erd.html', 'functions.html', 'index.html', 'relationships.html', 'schema.json',
      'tables/index.html', 'tables/public.clients.html', 'tables/public.orders.html', 'types.html', 'views.html',
    ]);
    expect(files.get('assets/site.js')).toBe(SITE_JS);
    const orders = asText(files.get('tables/public.orders.html'));
    // references link to the parent's page, relative to this page; the neighbourhood diagram is inline
    expect(orders).toContain('<a href="../tables/public.clients.html">clients</a>');
    expect(orders).toContain('data-table="public.clients"');
    expect(orders).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(MULTI_FILE_CSP)}">`);
    expect(asText(files.get('relationships.html'))).toContain('<tbody>\n<tr><td>0</td><td>1</td><td><a href="tables/public.clients.html">clients</a></td></tr>\n<tr><td>1</td><td>1</td><td><a href="tables/public.orders.html">orders</a></td></tr>\n</tbody>');
    const clients = asText(files.get('tables/public.clients.html'));
    expect(clients).toMatch(/<h2>Referenced by<\/h2>\n<table><thead>.*<tbody>\n<tr><td><a href="..\/tables\/public.orders.html">orders<\/a><\/td><td><code>client_id<\/code><\/td>/s);
  });
  it('adds the lint and verification pages only when they ran', async () => {
    const files = await renderSite(m, await analyze(m), {
      lint: { format: 'schemaproof/lint@1', findings: [], summary: { error: 0, warning: 0, info: 0, rules: 3, suppressed: 0, ignored: 0, baselined: 0 } },
      neighbourhoods: false,
    });
    expect(files.has('lint.html')).toBe(true);
    expect(files.has('verify.html')).toBe(false);
  });
  it('single-file: one index.html whose CSP allows exactly its inline script and style, by hash', async () => {
    const files = await renderSite(m, await analyze(m), { singleFile: true });
    expect([...files.keys()]).toEqual(['index.html']);
    const html = asText(files.get('index.html'));
    const hash = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(singleFileCsp()).toBe(`default-src 'none'; script-src 'sha256-${hash(SITE_JS)}'; style-src 'sha256-${hash(SITE_CSS)}'; img-src data:; base-uri 'none'; form-action 'none'; object-src 'none'`);
    expect(html).toContain(`content="${esc(singleFileCsp())}"`);
    expect(html).not.toContain('unsafe-inline');
    expect(html).toContain(`<script>${SITE_JS}</script>`);
    const scripts = tags(html).filter((t) => t.name === 'script');
    expect(scripts.map((t) => t.attrs.find(([k]) => k === 'type')?.[1] ?? 'js')).toEqual(['application/json', 'application/json', 'application/json', 'application/json', 'application/json', 'js']);
    expect([...html.matchAll(/<template data-page="([^"]*)"/g)].map((x) => x[1])).toEqual([
      'index.html', 'tables/index.html', 'tables/public.clients.html', 'tables/public.orders.html', 'erd.html', 'relationships.html', 'views.html', 'functions.html', 'types.html',
    ]);
    expect(html).toContain('<a href="#/tables/public.clients.html">clients</a>');
  });
});

describe('a schema built to attack the report', () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await loadFolder(HOSTILE);
  });

  for (const single of [false, true]) {
    it(`renders every name, comment and body as inert text (${single ? 'single file' : 'multi-file'})`, async () => {
      const files = await renderSite(loaded.model, loaded.analysis, { lint: loaded.lint, singleFile: single });
      const html = [...files].filter(([p]) => p.endsWith('.html'));
      expect(html.length).toBe(single ? 1 : 10);
      const allowedTags = new Set(['html', 'head', 'meta', 'title', 'link', 'script', 'body', 'header', 'a', 'nav', 'div', 'input', 'ol', 'main', 'h1', 'h2', 'h3', 'p', 'span', 'b', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'section', 'small', 'figure', 'figcaption', 'select', 'option', 'label', 'button', 'template', 'style', 'br',
        'svg', 'g', 'title', 'polygon', 'path', 'ellipse', 'polyline', 'text', 'rect']);
      for (const [path, content] of html) {
        const text = asText(content);
        for (const t of tags(text)) {
          expect(allowedTags.has(t.name), `${path}: <${t.name}>`).toBe(true);
          for (const [k, v] of t.attrs) {
            expect(k.startsWith('on'), `${path}: <${t.name} ${k}>`).toBe(false);
            if (k === 'href' || k === 'src') expect(v, `${path}: ${k}`).toMatch(single ? /^(#\/|data:,$)/ : /^(\.\.\/)*[\w.~/-]+(\.html|\.css|\.js|\.json)(#[\w.~-]+)?$|^data:,$/);
          }
          if (t.name === 'script') {
            const type = t.attrs.find(([k]) => k === 'type')?.[1];
            const src = t.attrs.find(([k]) => k === 'src')?.[1];
            expect(type === 'application/json' || src?.endsWith('assets/site.js') || (single && t.attrs.length === 0), `${path}: script ${JSON.stringify(t.attrs)}`).toBe(true);
          }
        }
        // the one non-JSON inline script of the single file is the site's own
        if (single) expect([...text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((x) => x[1])).toEqual([SITE_JS]);
      }
      // the hostile names are there, as escaped text
      const page = asText(files.get(single ? 'index.html' : tablePath(`public.${TABLE}`)));
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(page).not.toContain('<img');
    });
  }

  it('keeps the data islands and the search index equal to the schema text', async () => {
    const files = await renderSite(loaded.model, loaded.analysis, { neighbourhoods: false });
    const js = asText(files.get('assets/search-index.js'));
    expect(js.startsWith('window.SCHEMAPROOF_SEARCH = {')).toBe(true);
    expect(js).not.toMatch(/[<>]/);
    const index = JSON.parse(js.slice('window.SCHEMAPROOF_SEARCH = '.length, -2)) as { pages: string[]; items: [string, string, string, number, string][] };
    const t = index.items.find((i) => i[0] === 't' && i[1] === TABLE)!;
    expect(index.pages[t[3]]).toBe(tablePath(`public.${TABLE}`));
    expect(index.items.filter((i) => i[0] === 'c' && i[2].startsWith(TABLE)).map((i) => i[1])).toEqual([
      'id', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '[click](javascript:alert(1))', 'mood', 'tenant_id',
    ]);
    expect(index.items.find((i) => i[0] === 'p')?.[1]).toBe('<svg onload=alert(1)>');
  });
});

describe('a schema of 1,001 tables', () => {
  const n = 1001;
  const ids = Array.from({ length: n }, (_, i) => `public.t${String(i).padStart(4, '0')}`);
  const m = model({
    tables: ids.map((id) => table(id, ['id', 'parent_id', 'note'])),
    foreignKeys: ids.slice(1).map((id, i) => fk(id, ['parent_id'], ids[Math.floor(i / 10)]!, ['id'])),
  });
  it(`paginates the table list (${TABLES_PER_PAGE} a page) and links every table from it`, async () => {
    const files = await renderSite(m, await analyze(m), { neighbourhoods: false });
    const lists = ['tables/index-2.html', 'tables/index-3.html', 'tables/index.html'];
    expect([...files.keys()].filter((k) => k.startsWith('tables/index'))).toEqual(lists);
    const linked = new Set(lists.flatMap((l) => [...asText(files.get(l)).matchAll(/<td><a href="([^"]+)">/g)].map((x) => x[1]!.replace(/^\.\.\//, ''))));
    expect(linked).toEqual(new Set(ids.map(tablePath)));
    for (const id of ids) expect(files.has(tablePath(id))).toBe(true);
    // no diagram over the cap: the diagrams are the overview and domain diagrams
    for (const [k, v] of files) if (k.endsWith('.html')) expect([...asText(v).matchAll(/<g id="table-[^"]*" class="node"/g)].length).toBeLessThanOrEqual(60);
    // the overview stays small however many tables there are
    expect(asText(files.get('index.html')).length).toBeLessThan(20_000);
  });
});



describe('lint and verification pages', () => {
  const m = model({ tables: [table('public.clients', ['id']), table('public.orders', ['id', 'client_id', 'status'])] });
  const finding = (rule: string, severity: 'error' | 'warning', object: string, message: string) => ({
    rule, severity, category: 'security' as const, object, message, remediation: null, fingerprint: '0000000000000000', location: null,
  });
  const lintResult = {
    format: 'schemaproof/lint@1' as const,
    findings: [finding('rls/missing', 'error', 'public.orders', 'orders <b>has</b> no RLS'), finding('naming/x', 'warning', 'public.orders.status', 'status')],
    summary: { error: 1, warning: 1, info: 0, rules: 2, suppressed: 0, ignored: 0, baselined: 0 },
  };
  const report: VerifyReport = {
    format: 'schemaproof/verify@1', source: 'x', engine: 'pglite',
    context: { kind: 'guc', setting: 'app.client', role: 'probe', roleReason: 'r', subject: { root: 'public.clients', column: 'client_id', source: 'tenancy' }, identity: null },
    rls: [
      { table: 'public.orders', command: 'select', scope: 'own', verdict: 'proven', detail: '1 row' },
      { table: 'public.orders', command: 'select', scope: 'other', verdict: 'leak', detail: 'saw <B>' },
    ],
    stateMachines: [{
      column: 'public.orders.status', table: 'public.orders', states: ['new', 'done'], allowed: [['new', 'done']], rejected: [['done', 'new']],
      transitions: [
        { from: 'new', to: 'done', accepted: true, message: null, requires: null, sideEffects: [] },
        { from: 'done', to: 'new', accepted: false, message: 'no way back', requires: null, sideEffects: [] },
      ],
      terminal: ['done'], unreachable: [], initial: 'new', declared: null, setup: 'insert',
    }],
    notProven: [], ownerBypass: [], seeded: [],
    summary: { probes: 4, leaks: 1, inconclusive: 0, tablesProven: 0, tablesProbed: 1, contradictions: 0, ms: 1 },
  };

  it('lint rows carry their severity and rule for the filter, and link the object', async () => {
    const files = await renderSite(m, await analyze(m), { lint: lintResult, neighbourhoods: false });
    const html = asText(files.get('lint.html'));
    expect(html).toContain('<option value="">all</option><option>naming/x</option><option>rls/missing</option>');
    expect(html).toContain('<tr data-severity="error" data-rule="rls/missing"><td><span class="sev-error">error</span></td><td><code>rls/missing</code></td><td><a href="tables/public.orders.html">public.orders</a></td><td>orders &lt;b&gt;has&lt;/b&gt; no RLS</td>');
    expect(html).toContain('<a href="tables/public.orders.html#col-status">public.orders.status</a>');
    // the overview's headline findings: errors first
    expect(asText(files.get('index.html'))).toMatch(/<h2>Headline findings<\/h2><p>1 error, 1 warning, 0 info from 2 rules\..*<tr><td><span class="sev-error">error<\/span><\/td><td><code>rls\/missing<\/code><\/td>.*\n<tr><td><span class="sev-warning">/s);
  });

  it('the isolation matrix and the state machine grid', async () => {
    const files = await renderSite(m, await analyze(m), { verify: report, neighbourhoods: false });
    const html = asText(files.get('verify.html'));
    expect(html).toContain('<thead><tr><th>table</th><th>select<br>own</th><th>select<br>other</th></tr></thead><tbody>\n<tr><td><a href="tables/public.orders.html">orders</a></td><td class="v-proven" title="1 row">proven</td><td class="v-leak" title="saw &lt;B&gt;">leak</td></tr>');
    expect(html).toContain('<tr><td><code>new</code></td><td>—</td><td class="accepted" title="">✓</td></tr>\n<tr><td><code>done</code></td><td class="rejected" title="no way back">✗</td><td>—</td></tr>');
    expect(asText(files.get('tables/public.orders.html'))).toContain('<h2>Isolation proofs</h2>');
  });
});

describe('diagrams laid out before', () => {
  it('reuses the SVGs it is given (the doc folder lays out erd.svg already) and draws the rest', async () => {
    const m = model({ tables: [table('public.clients', ['id']), table('public.orders', ['id', 'client_id'])], foreignKeys: [fk('public.orders', ['client_id'], 'public.clients', ['id'])] });
    const planted = '<svg class="schemaproof-erd" viewBox="0 0 10 10" data-diagram="erd"><g id="table-public.clients" class="node" data-table="public.clients"></g></svg>';
    const files = await renderSite(m, await analyze(m), { laidOut: new Map([['erd.svg', planted]]) });
    expect(asText(files.get('erd.html'))).toContain(`\n${planted}\n`);
    expect(asText(files.get('tables/public.orders.html'))).toContain('data-diagram="erd/tables/public.orders"');
  });
});
