/**
 * What the commands share: the source options, argument parsing, load options with a progress line, and reading a
 * source into an analysed model (optionally with its sandbox kept open for the proofs).
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { analyze } from '../analyze/index.js';
import { AnalysisConfigError, type Analysis, type AnalysisOptions } from '../analyze/types.js';
import { formatWarning, SchemaproofError, type Warning } from '../errors.js';
import { filterSchemas } from '../model/filter.js';
import type { SchemaModel } from '../model/types.js';
import { loadSchema, openSandbox, resolveSource, type LoadOptions, type Platform, type Sandbox } from '../source/load.js';
import { LAYOUTS, type Layout } from '../source/types.js';
import { unappliedTables } from '../source/unapplied.js';
import type { VerifyOptions } from '../verify/index.js';
import { analysisOptions, loadConfig, type LoadedConfig } from './config.js';
import { createProgress } from './progress.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const SOURCE_OPTIONS = {
  layout: { type: 'string' },
  'include-data': { type: 'boolean' },
  'order-file': { type: 'string' },
  engine: { type: 'string' },
  platform: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export function parse<O extends Options>(args: string[], options: O): Parsed<O> {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

export function loadOptions(values: Record<string, unknown>, io: Io): LoadOptions {
  const layout = values.layout as string | undefined;
  if (layout !== undefined && !(LAYOUTS as readonly string[]).includes(layout)) {
    throw new SchemaproofError(`unknown layout: ${layout}`, { hint: `one of: ${LAYOUTS.join(', ')}` });
  }
  const platform = values.platform as string | undefined;
  if (platform !== undefined && platform !== 'supabase' && platform !== 'none') {
    throw new SchemaproofError(`unknown platform: ${platform}`, { hint: 'one of: supabase, none' });
  }
  const quiet = values.quiet === true;
  return {
    ...(layout ? { layout: layout as Layout } : {}),
    ...(values['include-data'] ? { includeData: true } : {}),
    ...(values['order-file'] ? { orderFile: values['order-file'] as string } : {}),
    ...(values.engine ? { engine: values.engine as string } : {}),
    ...(platform ? { platform: platform as Platform } : {}),
    onWarning: (w: Warning) => {
      if (!quiet) io.stderr.write(`${formatWarning(w)}\n`);
    },
  };
}

/** Load options wired to a progress line on a TTY: a warning first clears the line, so the two never mix. */
export function withProgress(values: Record<string, unknown>, io: Io) {
  const progress = createProgress(io.stderr, io.stderr.isTTY === true && values.quiet !== true, values.verbose === true);
  const options = loadOptions(values, io);
  const warn = options.onWarning!;
  options.onWarning = (w) => {
    progress.done();
    warn(w);
  };
  options.onProgress = (e) => progress.update(e);
  return { progress, options };
}

/**
 * What `doc`, `lint` and `verify` share: find the config, read the source into a model (with progress on a TTY),
 * narrow it to the configured schemas, and analyse it. A config key the analysis cannot use is a located error
 * (exit 2). With `sandbox`, the files' sandbox stays open for the proofs (the caller closes it); a live database or a
 * snapshot cannot be one.
 */
export async function readAndAnalyze(positionals: string[], values: Record<string, unknown>, io: Io, sandbox = false) {
  const cwd = process.cwd();
  const first = positionals.length === 1 ? resolve(cwd, positionals[0]!) : null;
  const sourceDir = first && (await stat(first).catch(() => undefined))?.isDirectory() ? first : null;
  const loaded = await loadConfig(values.config as string | undefined, cwd, sourceDir);
  const { progress, options } = withProgress(values, io);
  let open: Sandbox | undefined;
  try {
    const resolved = await resolveSource(positionals, options);
    const unapplied = resolved.kind === 'files' ? await unappliedTables(resolved.discovery) : [];
    let read: SchemaModel;
    if (sandbox && resolved.kind === 'files') {
      open = await openSandbox(resolved, options);
      read = open.model;
    } else {
      read = await loadSchema(positionals, options);
      // A live database (or a snapshot of one) is never probed: its schema is rebuilt in a fresh sandbox from the
      // DDL \`squash\` writes (and proves to round-trip), and the proofs run there.
      if (sandbox) {
        options.onProgress?.({ phase: 'engine', message: 'rebuilding the schema in a sandbox' });
        const { openSandboxFromModel } = await import('../squash/index.js');
        open = await openSandboxFromModel(read, options);
      }
    }
    const model = filterSchemas(read, loaded.config.schemas ?? {});
    progress.update({ phase: 'analyze', message: `analysing ${model.tables.length} tables` });
    const base = analysisOptions(loaded.config, model, unapplied);
    const analyzeWith = async (options: AnalysisOptions) => {
      try {
        return await analyze(model, options);
      } catch (error) {
        if (error instanceof AnalysisConfigError) {
          throw new SchemaproofError(`${loaded.path ?? 'config'}: ${error.message}`, {
            hint: 'fix the config key named above (see the README for the config keys)',
          });
        }
        throw error;
      }
    };
    const analysis = await analyzeWith(base);
    const reanalyze = (tenant: { root: string; column: string }) => analyzeWith({ ...base, tenant });
    return { progress, model, analysis, loaded, resolved, options, sandbox: open, reanalyze };
  } catch (error) {
    progress.done();
    await open?.close();
    throw error;
  }
}

/** Runs the proofs in an open sandbox with the config's `verify` key. */
export async function runVerify(
  read: { sandbox?: Sandbox; model: SchemaModel; analysis: Analysis; loaded: LoadedConfig; reanalyze: VerifyOptions['reanalyze'] },
  progress: { update(e: { phase: 'analyze'; message: string }): void },
  only?: 'rls' | 'states',
) {
  const { verify } = await import('../verify/index.js');
  return verify(read.sandbox!.engine, read.model, read.analysis, {
    ...(only ? { only } : {}),
    ...(read.loaded.config.verify?.role ? { role: read.loaded.config.verify.role } : {}),
    ...(read.loaded.config.verify?.setting ? { setting: read.loaded.config.verify.setting } : {}),
    ...(read.reanalyze ? { reanalyze: read.reanalyze } : {}),
    onProgress: (message) => progress.update({ phase: 'analyze', message }),
  });
}
