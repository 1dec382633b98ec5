/**
 * `schemaproof diff <from> <to>`: reads two schemas from any sources (a schema.json, a migrations folder, a SQL
 * dump, a postgres:// URL, or with `--from-git REF:path` a folder as it is at a git ref), compares them with
 * `diffModels`, and prints the classified changes as Markdown (for a pull-request comment) or JSON. Exit 1 when a
 * change of the `--fail-on` class exists, 0 otherwise, 2 on bad input.
 *
 * One config applies to both sides (`--config FILE`, else the current folder, else the `to` folder): its `schemas`
 * narrow both models alike, and its `tenant` tells each side's analysis which table is the tenant root.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { analyze } from '../analyze/index.js';
import { AnalysisConfigError, type Analysis, type AnalysisOptions } from '../analyze/types.js';
import { diffModels } from '../diff/index.js';
import { isPostgresUrl, maskUrl } from '../engine/postgres.js';
import { SchemaproofError } from '../errors.js';
import { filterSchemas } from '../model/filter.js';
import type { SchemaModel } from '../model/types.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../render/diff/index.js';
import { loadSchema } from '../source/load.js';
import { parse, SOURCE_OPTIONS, withProgress, type Io } from './common.js';
import { analysisOptions, loadConfig, type Config } from './config.js';

const run = promisify(execFile);

export const DIFF_HELP = `Usage: schemaproof diff <from> <to> [options]
       schemaproof diff --from-git REF:path <to> [options]

Compares two schemas and classifies every change: breaking (drops, narrowing, new constraints on existing rows, …),
security (policies loosened or dropped, RLS off, grants to PUBLIC/anon/authenticated, SECURITY DEFINER, …) or safe.
Each side is any source: a migrations folder, a .sql file, a schema.json, a postgres:// URL.

Options:
  --from-git REF:path    the "from" side is this folder (or file) as it is at git ref REF (e.g. origin/main:supabase/migrations)
  --format F             markdown (default, for a pull-request comment) or json (schemaproof/diff@1)
  --fail-on CLASS        exit 1 when a change is breaking, or security
  --config FILE          schemaproof.config.yaml (its schemas and tenant keys apply to both sides)
  --layout, --include-data, --engine, --platform, -q   as for the other commands, for both sides

Exit codes: 0 ok, 1 a change of the --fail-on class, 2 bad input, 3 internal error.
`;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    'from-git': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return 0;
  }
  const format = (values.format ?? 'markdown') as DiffFormat;
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) {
    throw new SchemaproofError(`unknown format: ${values.format}`, { hint: `one of: ${DIFF_FORMATS.join(', ')}` });
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'breaking' && failOn !== 'security') {
    throw new SchemaproofError(`unknown --fail-on class: ${failOn}`, { hint: 'one of: breaking, security' });
  }
  if (values['order-file']) throw new SchemaproofError('diff takes no --order-file: name each side as one source');
  const fromGit = values['from-git'];
  const expected = fromGit === undefined ? 2 : 1;
  if (positionals.length !== expected) {
    throw new SchemaproofError(
      fromGit === undefined ? 'diff needs two sources: <from> <to>' : 'with --from-git, diff needs one more source: <to>',
      { hint: 'e.g. schemaproof diff schema.json supabase/migrations, or schemaproof diff --from-git origin/main:supabase/migrations supabase/migrations' },
    );
  }

  const cwd = process.cwd();
  const toArg = positionals[expected - 1]!;
  const toPath = resolve(cwd, toArg);
  const toDir = !isPostgresUrl(toArg) && (await stat(toPath).catch(() => undefined))?.isDirectory() ? toPath : null;
  const loaded = await loadConfig(values.config, cwd, toDir);

  let git: { dir: string; source: string } | undefined;
  try {
    if (fromGit !== undefined) git = await extractFromGit(fromGit, cwd);
    const from = await readSide(git ? git.source : positionals[0]!, git ? fromGit! : label(positionals[0]!), loaded.config, values, io);
    const to = await readSide(toArg, label(toArg), loaded.config, values, io);
    const diff = diffModels(from.model, to.model, from.analysis, to.analysis);
    io.stdout.write(renderDiff(diff, format));
    if (failOn === 'breaking') return diff.summary.breaking > 0 ? 1 : 0;
    if (failOn === 'security') return diff.summary.security > 0 ? 1 : 0;
    return 0;
  } finally {
    if (git) await rm(git.dir, { recursive: true, force: true });
  }
}

/** A side as the user named it; a URL's password masked. */
function label(arg: string): string {
  return isPostgresUrl(arg) ? maskUrl(arg) : arg;
}

/** One side: the model (narrowed to the configured schemas, its location the label) and its analysis. */
async function readSide(
  source: string,
  shown: string,
  config: Config,
  values: Record<string, unknown>,
  io: Io,
): Promise<{ model: SchemaModel; analysis: Analysis }> {
  const { progress, options } = withProgress(values, io);
  try {
    const read = await loadSchema([source], options);
    progress.update({ phase: 'analyze', message: `analysing ${shown}` });
    const model = filterSchemas({ ...read, source: { ...read.source, location: shown } }, config.schemas ?? {});
    const warn = (message: string) => {
      progress.done();
      if (!values.quiet) io.stderr.write(`warning: ${shown}: ${message}\n`);
    };
    const analysis = await analyzeSide(model, config, warn);
    return { model, analysis };
  } finally {
    progress.done();
  }
}

/**
 * The analysis with the config's tenant (the only key the diff uses). A tenant root one side does not have (the
 * diff dropped or renamed it) is inferred on that side instead, with a warning.
 */
async function analyzeSide(model: SchemaModel, config: Config, warn: (message: string) => void): Promise<Analysis> {
  const { tenant } = analysisOptions(config, model, []);
  const options: AnalysisOptions = tenant === undefined ? {} : { tenant };
  try {
    return await analyze(model, options);
  } catch (error) {
    if (!(error instanceof AnalysisConfigError)) throw error;
    warn(`the config's tenant does not apply (${error.message}); inferring it`);
    return analyze(model);
  }
}

/**
 * `REF:path` → the folder (or file) as it is at that ref, extracted into a new temporary folder with `git archive`
 * (run in the current folder, so `path` is relative to it, as git reads it). The caller removes `dir`.
 */
async function extractFromGit(spec: string, cwd: string): Promise<{ dir: string; source: string }> {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1 || spec.startsWith('-')) {
    throw new SchemaproofError(`--from-git needs REF:path, not ${spec}`, { hint: 'e.g. --from-git origin/main:supabase/migrations' });
  }
  const ref = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  const dir = await mkdtemp(join(tmpdir(), 'schemaproof-git-'));
  try {
    const archive = join(dir, 'archive.tar');
    const tree = join(dir, 'tree');
    await run('git', ['archive', '--format=tar', `--output=${archive}`, ref, '--', path], { cwd, maxBuffer: 16 * 1024 * 1024 });
    await mkdir(tree);
    await run('tar', ['-x', '-f', archive, '-C', tree]);
    await rm(archive);
    return { dir, source: join(tree, path) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw gitError(error, ref, path);
  }
}

function gitError(error: unknown, ref: string, path: string): SchemaproofError {
  const e = error as { code?: string | number; stderr?: string; message?: string };
  const stderr = (e.stderr ?? '').trim();
  if (e.code === 'ENOENT') return new SchemaproofError('--from-git needs git (and tar), which were not found', { hint: 'install git, or extract the old folder yourself and name it as <from>' });
  if (/not a git repository/i.test(stderr)) {
    return new SchemaproofError('--from-git: the current folder is not in a git checkout', { hint: 'run schemaproof from inside the repository' });
  }
  if (/pathspec .* did not match/i.test(stderr)) {
    return new SchemaproofError(`--from-git: ${path} does not exist at ${ref}`, { hint: `the path is relative to the current folder; list it with: git ls-tree ${ref} -- ${path}` });
  }
  if (/not a valid object name|not a tree object|unknown revision|bad revision/i.test(stderr)) {
    return new SchemaproofError(`--from-git: ${ref} is not a git ref here`, { hint: 'name a branch, tag or commit (git log --oneline shows them); fetch it first if it is remote' });
  }
  return new SchemaproofError(`--from-git ${ref}:${path} failed: ${stderr || e.message || String(error)}`);
}
