/** `schemaproof lint` and `schemaproof rules` as a CI runs them: formats, exit codes, config, baselines. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'schemaproof-lint-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

interface Json {
  format: string;
  findings: { rule: string; severity: string; object: string; fingerprint: string; location: { file: string; line: number } | null }[];
  summary: Record<string, number>;
}

describe('schemaproof lint', () => {
  it('json: findings located at the migration that created the object; exit 0 when nothing reaches --fail-on', async () => {
    const { code, stdout, stderr } = await cli('lint', 'examples/tentabo-prm', '--format', 'json', '--fail-on', 'error', '-q');
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as Json;
    expect(result.format).toBe('schemaproof/lint@1');
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    expect(code).toBe(errors > 0 ? 1 : 0);
    const located = result.findings.filter((f) => f.location !== null);
    expect(located.length).toBeGreaterThan(0);
    for (const f of located) expect(f.location!.file).toMatch(/^examples\/tentabo-prm\/migrations\/\d{6}_\w+\.up\.sql$/);
  });

  it('exit 1 when a finding reaches --fail-on, 0 with --fail-on none', async () => {
    const warn = await cli('lint', 'examples/creator-loyalty', '--fail-on', 'warning', '-q');
    expect(warn.code).toBe(1);
    expect(warn.stdout).toMatch(/structure\/fk-without-index/);
    expect(warn.stdout).not.toContain('\x1b['); // piped: no colors
    expect((await cli('lint', 'examples/creator-loyalty', '--fail-on', 'none', '-q')).code).toBe(0);
  });

  it('a baseline records today, and then only new findings are reported', async () => {
    const baseline = join(tmp, 'baseline.json');
    const write = await cli('lint', 'examples/creator-loyalty', '--write-baseline', baseline, '-q');
    expect(write.code).toBe(0);
    expect(write.stdout).toMatch(/^wrote .*baseline\.json: \d+ findings recorded/);
    const file = JSON.parse(await readFile(baseline, 'utf8')) as { format: string; findings: unknown[] };
    expect(file.format).toBe('schemaproof/baseline@1');
    expect(file.findings.length).toBeGreaterThan(10);
    const again = await cli('lint', 'examples/creator-loyalty', '--baseline', baseline, '--format', 'json', '--fail-on', 'info', '-q');
    const result = JSON.parse(again.stdout) as Json;
    expect(result.findings).toEqual([]);
    expect(result.summary.baselined).toBe(file.findings.length);
    expect(again.code).toBe(0);
  });

  it('config: severities, off and ignore globs apply; an unknown rule id is exit 2', async () => {
    const config = join(tmp, 'lint.yaml');
    await writeFile(config, 'lint:\n  rules:\n    structure/fk-without-index: error\n  ignore:\n    structure/fk-without-index: ["public.raffle_*"]\n');
    const { code, stdout } = await cli('lint', 'examples/creator-loyalty', '--config', config, '--format', 'json', '-q');
    const result = JSON.parse(stdout) as Json;
    const fk = result.findings.filter((f) => f.rule === 'structure/fk-without-index');
    expect(fk.length).toBeGreaterThan(0);
    expect(fk.every((f) => f.severity === 'error')).toBe(true);
    expect(fk.some((f) => f.object.startsWith('public.raffle_'))).toBe(false);
    expect(result.summary.ignored).toBeGreaterThan(0);
    expect(code).toBe(1);

    await writeFile(config, 'lint:\n  rules:\n    structure/nope: off\n');
    const bad = await cli('lint', 'examples/creator-loyalty', '--config', config);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lint\.yaml: lint: no rule structure\/nope/);
  });

  it('rejects an unknown format or level with exit 2', async () => {
    expect((await cli('lint', 'examples/tentabo-prm', '--format', 'xml')).stderr).toMatch(/unknown format: xml/);
    expect((await cli('lint', 'examples/tentabo-prm', '--fail-on', 'fatal')).code).toBe(2);
  });

  it('sarif and github formats come out of the CLI', async () => {
    const sarif = JSON.parse((await cli('lint', 'examples/creator-loyalty', '--format', 'sarif', '-q')).stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    const github = (await cli('lint', 'examples/creator-loyalty', '--format', 'github', '-q')).stdout;
    expect(github).toMatch(/^::warning file=examples\/creator-loyalty\/migrations\/[^,]+\.sql,line=\d+,col=\d+,title=structure\/fk-without-index::/m);
  });
});

describe('schemaproof rules', () => {
  it('lists every rule with its severity, and as JSON', async () => {
    const text = await cli('rules');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^structure\/fk-without-index +warning +Foreign key without an index/m);
    const json = JSON.parse((await cli('rules', '--json')).stdout) as { id: string }[];
    expect(json.map((r) => r.id)).toContain('lint/suppression-without-reason');
    expect(text.stdout).toContain(`${json.length} rules`);
  });
});
