/**
 * `schemaproof diff` end to end, as a user runs it: examples/creator-loyalty against a copy of its migrations plus one
 * file of eight deliberate edits (test/fixtures/diff/16_review_changes.sql, added to the copy made in a temporary
 * folder before the tests) finds exactly those eight
 * changes, classified as the file says, in JSON that matches schema/diff.schema.json and in Markdown; a schema.json
 * snapshot works as a side; `--fail-on` sets the exit code; `--from-git HEAD:<folder>` against the same folder finds
 * nothing and leaves no temporary folder behind; bad input is exit 2 with a hint.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { SchemaDiff } from '../../src/diff/types.js';
import { cli, root } from '../helpers/cli.js';

const EXAMPLE = 'examples/creator-loyalty';
const TIMEOUT = 120_000;

const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync(join(root, 'schema', 'diff.schema.json'), 'utf8')) as object,
);

/** What each edit of 16_review_changes.sql must come out as: classes, change, kind, object, aspect. */
const EXPECTED = [
  'safe added index public.idx_videos_post_date',
  'security changed function public.log_boost_transition() [security-definer]',
  'security changed policy public.missions.missions_tenant_isolation [using]',
  'safe added column public.rewards.terms_url',
  'security added grant public.rewards:public',
  'security changed table public.sync_logs [rls-enabled]',
  'breaking removed column public.users.last_login_at',
  'breaking changed column public.videos.video_title [type]',
];
const shape = (d: SchemaDiff) => d.changes.map((c) => `${c.classes.join('+')} ${c.change} ${c.kind} ${c.object}${c.aspect ? ` [${c.aspect}]` : ''}`);

const scratch = mkdtempSync(join(tmpdir(), 'schemaproof-diff-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The example's migrations and the edits, as a team's next migration would add them. */
const MODIFIED = join(scratch, 'creator-loyalty-modified');
cpSync(join(root, EXAMPLE, 'migrations'), join(MODIFIED, 'migrations'), { recursive: true });
cpSync(join(root, 'test', 'fixtures', 'diff', '16_review_changes.sql'), join(MODIFIED, 'migrations', '16_review_changes.sql'));

describe('schemaproof diff', () => {
  it('finds exactly the edits made to a copy of an example, classified as intended (JSON)', async () => {
    const { code, stdout, stderr } = await cli('diff', EXAMPLE, MODIFIED, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const diff = JSON.parse(stdout) as SchemaDiff;
    expect(validate(diff), JSON.stringify(validate.errors)).toBe(true);
    expect(diff.from).toEqual({ location: EXAMPLE, kind: 'migrations' });
    expect(diff.to.kind).toBe('migrations');
    expect(diff.to.location).toMatch(/creator-loyalty-modified$/);
    expect(shape(diff)).toEqual(EXPECTED);
    expect(diff.summary).toEqual({ changes: 8, breaking: 2, security: 4, safe: 2 });
    const reason = (object: string) => diff.changes.find((c) => c.object === object)!.reason;
    expect(reason('public.videos.video_title')).toBe('type narrowed: text → character varying(100) fails on values longer than 100');
    expect(reason('public.missions.missions_tenant_isolation')).toBe('USING loosened on a tenant table: now always true (every row passes)');
    expect(reason('public.sync_logs')).toBe('RLS disabled on a tenant table (client_id): its policies no longer apply, every role with a grant sees every row');
    expect(reason('public.log_boost_transition()')).toBe('now SECURITY DEFINER: runs with the rights of its owner (postgres), without a pinned search_path');
    expect(reason('public.rewards:public')).toBe('SELECT on the table granted to PUBLIC (every role)');
  }, TIMEOUT);

  it('prints Markdown by default, and --fail-on sets the exit code', async () => {
    const plain = await cli('diff', EXAMPLE, MODIFIED, '--fail-on', 'breaking');
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('**8 changes**: 2 breaking, 4 security, 2 safe.');
    expect(plain.stdout.split('\n').filter((l) => l.startsWith('### '))).toEqual(['### Breaking (2)', '### Security (4)', '### Safe (2)']);
    expect(plain.stdout).toContain('- column `public.users.last_login_at`: column dropped: its values are lost and queries that name it fail (`timestamp with time zone`)');
    expect((await cli('diff', EXAMPLE, MODIFIED, '--fail-on', 'security', '--format', 'json')).code).toBe(1);
    // The other way round every edit is undone, and nothing is a security matter: RLS enabled again and the policy
    // narrowed back are breaking, the column and the type come back safely.
    const back = await cli('diff', MODIFIED, EXAMPLE, '--fail-on', 'security', '--format', 'json');
    expect(back.code).toBe(0);
    expect(shape(JSON.parse(back.stdout) as SchemaDiff)).toEqual([
      'breaking removed index public.idx_videos_post_date',
      'breaking changed function public.log_boost_transition() [security-definer]',
      'breaking changed policy public.missions.missions_tenant_isolation [using]',
      'breaking removed column public.rewards.terms_url',
      'breaking removed grant public.rewards:public',
      'breaking changed table public.sync_logs [rls-enabled]',
      'safe added column public.users.last_login_at',
      'safe changed column public.videos.video_title [type]',
    ]);
  }, TIMEOUT);

  it('reads a schema.json snapshot as a side', async () => {
    const snapshot = join(scratch, 'schema.json');
    const inspected = await cli('inspect', EXAMPLE, '--json');
    expect(inspected.code).toBe(0);
    writeFileSync(snapshot, inspected.stdout);
    const { code, stdout } = await cli('diff', snapshot, MODIFIED, '--format', 'json');
    expect(code).toBe(0);
    const diff = JSON.parse(stdout) as SchemaDiff;
    expect(diff.from).toEqual({ location: snapshot, kind: 'migrations' });
    expect(shape(diff)).toEqual(EXPECTED);
  }, TIMEOUT);

  it.skipIf(!existsSync(join(root, '.git')))('--from-git HEAD:<folder> against the same folder finds no changes and cleans up', async () => {
    const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith('schemaproof-git-')).sort();
    const before = leftovers();
    const { code, stdout, stderr } = await cli('diff', '--from-git', `HEAD:${EXAMPLE}`, EXAMPLE, '--fail-on', 'breaking');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`## Schema diff\n\n\`HEAD:${EXAMPLE}\` → \`${EXAMPLE}\`\n\nNo changes: both sides have the same schema objects.\n`);
    expect(leftovers()).toEqual(before);
  }, TIMEOUT);

  it('bad input is exit 2 with a hint', async () => {
    const badRef = await cli('diff', '--from-git', `no-such-ref-42:${EXAMPLE}`, EXAMPLE);
    expect(badRef.code).toBe(2);
    expect(badRef.stdout).toBe('');
    expect(badRef.stderr).toMatch(/^schemaproof: --from-git: no-such-ref-42 is not a git ref here\n {2}hint: /);
    const badPath = await cli('diff', '--from-git', 'HEAD:no/such/folder', EXAMPLE);
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toContain('--from-git: no/such/folder does not exist at HEAD');
    const noColon = await cli('diff', '--from-git', 'HEAD', EXAMPLE);
    expect(noColon.stderr).toContain('--from-git needs REF:path, not HEAD');
    expect((await cli('diff', EXAMPLE)).stderr).toContain('diff needs two sources: <from> <to>');
    expect((await cli('diff', EXAMPLE, MODIFIED, '--format', 'sarif')).stderr).toContain('unknown format: sarif');
    const failOn = await cli('diff', EXAMPLE, MODIFIED, '--fail-on', 'warning');
    expect([failOn.code, failOn.stderr]).toEqual([2, 'schemaproof: unknown --fail-on class: warning\n  hint: one of: breaking, security\n']);
  }, TIMEOUT);
});
