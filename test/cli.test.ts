/** The command line, run as a user runs it: the built bin in a child process. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'schemaproof.js');
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'schemaproof-cli-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('schemaproof inspect', () => {
  it('prints a summary of what it read, on the embedded engine', async () => {
    const { code, stdout, stderr } = await cli('inspect', 'examples/tentabo-prm');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^source +examples\/tentabo-prm, golang-migrate layout, 9 files$/m);
    expect(stdout).toMatch(/^engine +PGlite \(embedded\), PostgreSQL 18\.\d+$/m);
    expect(stdout).toMatch(/^tables +20$/m);
    expect(stdout).toMatch(/^foreign keys +31$/m);
    expect(stdout).toMatch(/^RLS +enabled on 0 of 20 tables, forced on 0$/m);
    // piped: no progress line, no terminal escapes
    expect(stderr).not.toContain('\x1b');
  });

  it('--json writes the whole model; reading that file back gives the same model', async () => {
    const first = await cli('inspect', 'examples/creator-loyalty', '--json');
    expect(first.code).toBe(0);
    const model = JSON.parse(first.stdout) as { format: string; tables: { id: string; rls: { enabled: boolean } }[]; source: { files: string[] } };
    expect(model.format).toBe('schemaproof/model@1');
    expect(model.source.files.some((f) => f.endsWith('seed.sql'))).toBe(false);
    expect(model.tables.filter((t) => t.rls.enabled).length).toBeGreaterThan(0);
    const file = join(tmp, 'schema.json');
    await writeFile(file, first.stdout);
    const second = await cli('inspect', file, '--json');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('a failing migration: exit 2, file:line:col and the Postgres message on stderr, nothing on stdout', async () => {
    const { code, stdout, stderr } = await cli('inspect', 'test/fixtures/sources/failing', '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('schemaproof: test/fixtures/sources/failing/2_broken.sql:7:44: column "acount_id" does not exist');
    expect(stderr).toContain('statement: CREATE INDEX orders_account_idx ON orders (acount_id)');
  });

  it.each([
    ['an unknown layout', ['inspect', 'examples/tentabo-prm', '--layout', 'liquibase'], /unknown layout: liquibase/],
    ['an unknown option', ['inspect', 'examples/tentabo-prm', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['an unknown command', ['explode'], /unknown command: explode/],
    ['a missing folder', ['inspect', 'nope/'], /no such file or folder: nope\//],
    ['a non-PostgreSQL URL', ['inspect', 'mysql://root@127.0.0.1:3306/test'], /not a PostgreSQL URL/],
    ['a server that is not there', ['inspect', 'postgres://x:pw@127.0.0.1:9/db'], /cannot connect to 127\.0\.0\.1:9: connection refused/],
  ])('%s is one clear line and exit 2', async (_name, args, pattern) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern);
    expect(stderr).not.toContain(':pw@');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an empty folder is one clear line and exit 2', async () => {
    const empty = join(tmp, 'empty');
    await import('node:fs/promises').then((fs) => fs.mkdir(empty));
    const { code, stderr } = await cli('inspect', empty);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no migrations found in/);
  });
});

describe('schemaproof sources', () => {
  it('lists the files in the order they will be applied, and what is skipped and why', async () => {
    const { code, stdout } = await cli('sources', 'examples/privacy-telemetry');
    expect(code).toBe(0);
    const listed = stdout.split('\n').filter((l) => /^\s*\d+\. /.test(l)).map((l) => l.replace(/^\s*\d+\. .*\//, ''));
    expect(listed[0]).toBe('000000000800_upsert_functions.sql');
    expect(listed.at(-1)).toBe('20251105_workflow_runs.sql');
    expect(listed).toHaveLength(11);
    expect(stdout).toMatch(/^layout: supabase/m);
    expect(stdout).toMatch(/2025-11-05_telemetry\.sql: name does not match/);
  });

  it('orders flyway versions numerically, repeatables last', async () => {
    const { stdout } = await cli('sources', 'examples/influencer-marketplace');
    const listed = stdout.split('\n').filter((l) => /^\s*\d+\. /.test(l)).map((l) => l.replace(/^\s*\d+\. .*\//, '').split('__')[0]);
    expect(listed).toEqual(['V1', 'V1.1', 'V1.2', 'V1.3', 'V1.4', 'V1.5', 'V1.6', 'V1.7', 'V1.8', 'V1.9', 'V1.10', 'V2', 'V2.1', 'R']);
  });
});
