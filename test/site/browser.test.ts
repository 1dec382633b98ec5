// The HTML site in a real browser (Debian's Chromium through playwright-core), opened from disk: search lands on the
// table, a diagram node opens its page, nothing leaves file://, and the hostile schema runs no script at all.
// Skipped with a notice when /usr/bin/chromium (or $SCHEMAPROOF_CHROMIUM) is missing, unless SCHEMAPROOF_REQUIRE_BROWSER=1.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderSite, tablePath } from '../../src/site/index.js';
import { loadFolder, writeSite } from './helpers.js';
import { cli } from '../helpers/cli.js';
import type { VerifyReport } from '../../src/verify/types.js';

const CHROMIUM = process.env.SCHEMAPROOF_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.SCHEMAPROOF_REQUIRE_BROWSER === '1';
if (!available && required) throw new Error(`SCHEMAPROOF_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install -y chromium)`);
if (!available) console.warn(`[site browser tests] SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium; SCHEMAPROOF_REQUIRE_BROWSER=1 makes this a failure)`);

const ARTIFACTS = 'test-artifacts/site';

interface Watched {
  page: Page;
  /** Requests to anything but file: (and the inline `data:,` icon). */
  outside: string[];
  dialogs: string[];
  errors: string[];
}

describe.skipIf(!available)('the site in Chromium', () => {
  let browser: Browser;
  const dirs: string[] = [];
  let example: string;
  let exampleSingle: string;
  let hostile: string;
  let hostileSingle: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    await mkdir(ARTIFACTS, { recursive: true });
    const cl = await loadFolder('examples/creator-loyalty');
    const bad = await loadFolder('test/fixtures/site/hostile');
    // the real proofs of the example (`verify --format json`, the built CLI)
    const proofs = JSON.parse((await cli('verify', 'examples/creator-loyalty', '--format', 'json')).stdout) as VerifyReport;
    example = await writeSite(await renderSite(cl.model, cl.analysis, { lint: cl.lint, verify: proofs }));
    exampleSingle = await writeSite(await renderSite(cl.model, cl.analysis, { lint: cl.lint, singleFile: true, neighbourhoods: false }));
    hostile = await writeSite(await renderSite(bad.model, bad.analysis, { lint: bad.lint }));
    hostileSingle = await writeSite(await renderSite(bad.model, bad.analysis, { lint: bad.lint, singleFile: true }));
    dirs.push(example, exampleSingle, hostile, hostileSingle);
  });

  afterAll(async () => {
    await browser?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function open(dir: string, path = 'index.html'): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const w: Watched = { page, outside: [], dialogs: [], errors: [] };
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && r.url() !== 'data:,') w.outside.push(r.url());
    });
    page.on('dialog', (d) => {
      w.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') w.errors.push(m.text());
    });
    page.on('pageerror', (e) => w.errors.push(e.message));
    await page.goto(pathToFileURL(join(dir, path)).href);
    return w;
  }

  /** The single-file router's page (`#/<path>`), set from inside the page. */
  async function showHash(page: Page, path: string) {
    await page.evaluate(`location.hash = ${JSON.stringify(`#/${path}`)}`);
  }

  function clean(w: Watched) {
    expect(w.outside).toEqual([]);
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
  }

  it('search a column and land on its row in the table page', async () => {
    const w = await open(example);
    await w.page.fill('#search', 'adjusted_by');
    const first = w.page.locator('#search-results a').first();
    await expect.poll(() => first.textContent()).toBe('columnadjusted_bysales_adjustments · uuid');
    await w.page.screenshot({ path: `${ARTIFACTS}/search.png` });
    // the keyboard reaches the results: ArrowDown focuses the first, Enter opens it
    await w.page.press('#search', 'ArrowDown');
    expect(await w.page.evaluate('document.activeElement.textContent')).toBe('columnadjusted_bysales_adjustments · uuid');
    await w.page.keyboard.press('Enter');
    await w.page.waitForURL(/public\.sales_adjustments\.html#col-adjusted_by$/);
    expect(await w.page.locator('h1').textContent()).toBe('sales_adjustments');
    expect(await w.page.locator('#col-adjusted_by').textContent()).toBe('adjusted_by');
    clean(w);
    await w.page.close();
  });

  it('zoom and pan a diagram, then click a table node to open its page', async () => {
    const w = await open(example, 'erd.html');
    const svg = w.page.locator('figure.diagram svg');
    const before = await svg.getAttribute('viewBox');
    await svg.hover();
    await w.page.mouse.wheel(0, -200);
    await expect.poll(() => svg.getAttribute('viewBox')).not.toBe(before);
    const zoomed = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    expect(zoomed[2]).toBeLessThan(Number(before!.split(' ')[2]));
    // drag pans: the viewBox moves, its size stays
    const box = (await svg.boundingBox())!;
    await w.page.mouse.move(box.x + 200, box.y + 200);
    await w.page.mouse.down();
    await w.page.mouse.move(box.x + 300, box.y + 260, { steps: 5 });
    await w.page.mouse.up();
    const panned = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    expect(panned[2]).toBe(zoomed[2]);
    expect(panned[0]).toBeLessThan(zoomed[0]!);
    await w.page.locator('button', { hasText: '\u21ba' }).click();
    expect(await svg.getAttribute('viewBox')).toBe(before);
    await w.page.screenshot({ path: `${ARTIFACTS}/erd.png` });
    await w.page.locator('g[data-table="public.clients"]').click();
    await w.page.waitForURL(/tables\/public\.clients\.html$/);
    expect(await w.page.locator('h1').textContent()).toBe('clients');
    // and from a table's neighbourhood diagram to a neighbour
    await w.page.locator('figure.diagram g[data-table="public.users"]').click();
    await w.page.waitForURL(/tables\/public\.users\.html$/);
    await w.page.screenshot({ path: `${ARTIFACTS}/table.png`, fullPage: false });
    clean(w);
    await w.page.close();
  });

  it('filters lint findings by severity and rule', async () => {
    const w = await open(example, 'lint.html');
    const rows = w.page.locator('#lint-findings tbody tr');
    const total = await rows.count();
    expect(total).toBeGreaterThan(0);
    const warnings = await w.page.locator('#lint-findings tbody tr[data-severity="warning"]').count();
    await w.page.selectOption('#lint-severity', 'warning');
    expect(await w.page.locator('#lint-findings tbody tr:not([hidden])').count()).toBe(warnings);
    expect(await w.page.locator('#lint-count').textContent()).toBe(String(warnings));
    clean(w);
    await w.page.close();
  });

  it('shows the isolation matrix and the state machines of a real verify run', async () => {
    const w = await open(example, 'verify.html');
    const cells = await w.page.locator('table.matrix td.v-proven, table.matrix td.v-leak, table.matrix td.v-inconclusive').count();
    expect(cells).toBeGreaterThan(0);
    expect(await w.page.locator('table.matrix').first().locator('a', { hasText: 'users' }).count()).toBe(1);
    expect(await w.page.locator('section[id^="sm-"] h3').allTextContents()).toContain('public.redemptions.status');
    await w.page.screenshot({ path: `${ARTIFACTS}/verify.png`, fullPage: true });
    clean(w);
    await w.page.close();
  });

  it('single file: pages, search and diagram links work from one index.html', async () => {
    const w = await open(exampleSingle);
    expect(await w.page.locator('h1').textContent()).toBe('Schema overview');
    await w.page.fill('#search', 'adjusted_by');
    await w.page.locator('#search-results a').first().click();
    await expect.poll(() => w.page.locator('h1').textContent()).toBe('sales_adjustments');
    expect(w.page.url()).toMatch(/#\/tables\/public\.sales_adjustments\.html#col-adjusted_by$/);
    await w.page.goto(`${pathToFileURL(join(exampleSingle, 'index.html')).href}#/erd.html`);
    await w.page.locator('g[data-table="public.clients"]').click();
    await expect.poll(() => w.page.locator('h1').textContent()).toBe('clients');
    await w.page.screenshot({ path: `${ARTIFACTS}/single-file.png` });
    // the raw model downloads from the page itself (a Blob of the embedded schema.json)
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('#download-schema')]);
    expect(download.suggestedFilename()).toBe('schema.json');
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8')) as { format: string; tables: { id: string }[] };
    expect(saved.format).toBe('schemaproof/model@1');
    expect(saved.tables.some((t) => t.id === 'public.clients')).toBe(true);
    clean(w);
    await w.page.close();
  });

  for (const [label, single] of [['multi-file', false], ['single file', true]] as const) {
    it(`hostile schema (${label}): every page shows the names as text and runs no script of theirs`, async () => {
      const dir = single ? hostileSingle : hostile;
      const paths = ['index.html', 'tables/index.html', tablePath('public.<script>alert(1)</script>'), tablePath('public.a</script><script>alert(1)</script>'),
        'views.html', 'functions.html', 'types.html', 'lint.html', 'erd.html', 'relationships.html'];
      const w = await open(dir);
      for (const path of paths) {
        if (single) await showHash(w.page, path);
        else await w.page.goto(pathToFileURL(join(dir, path)).href);
        await w.page.waitForLoadState('load');
        // only the site's own script runs; no element of the schema's making
        const found = await w.page.evaluate<{ scripts: string[]; bad: number }>(`({
          scripts: [...document.scripts].map((s) => s.type || (s.src ? s.src.replace(/^.*\\//, '') : 'inline')),
          bad: document.querySelectorAll('img, iframe, object, embed, style:not(head style), main script:not([type="application/json"]), [onerror], [onload], [onclick], a[href^="javascript:"]').length,
        })`);
        expect(found.bad, path).toBe(0);
        expect(found.scripts.filter((s) => s !== 'application/json'), path).toEqual([single ? 'inline' : 'site.js']);
      }
      if (single) await showHash(w.page, paths[2]!);
      else await w.page.goto(pathToFileURL(join(dir, paths[2]!)).href);
      await expect.poll(() => w.page.locator('h1').textContent()).toBe('<script>alert(1)</script>');
      expect(await w.page.locator('#col-\\~22\\~3e\\~3cimg\\~20src\\~3dx\\~20onerror\\~3dalert\\~281\\~29\\~3e').textContent()).toBe('"><img src=x onerror=alert(1)>');
      // a hostile table's diagram node opens its page
      if (single) await showHash(w.page, 'erd.html');
      else await w.page.goto(pathToFileURL(join(dir, 'erd.html')).href);
      await w.page.locator(`g[data-table=${JSON.stringify('public.a</script><script>alert(1)</script>')}]`).click();
      await expect.poll(() => w.page.locator('h1').textContent()).toBe('a</script><script>alert(1)</script>');
      expect(w.page.url()).toContain('public.a~3c~2fscript~3e~3cscript~3ealert~281~29~3c~2fscript~3e.html');
      // search for hostile text shows it as text, too
      await w.page.fill('#search', 'onerror');
      await expect.poll(() => w.page.locator('#search-results a').count()).toBeGreaterThan(0);
      await w.page.screenshot({ path: `${ARTIFACTS}/hostile-${single ? 'single' : 'multi'}.png` });
      await w.page.locator('#search-results a').first().click();
      await w.page.waitForLoadState('load');
      clean(w);
      await w.page.close();
    });
  }
});
