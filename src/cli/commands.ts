/**
 * The commands that read, analyse and render: doc, lint, rules, verify. In a module of their own so that `inspect`,
 * `sources` and `--version` start without loading the lint rules, the renderers and the diagrams.
 */
import { resolve } from 'node:path';
import type { Analysis } from '../analyze/types.js';
import type { LintResult } from '../lint/types.js';
import type { SchemaModel } from '../model/types.js';
import { SchemaproofError } from '../errors.js';
import { renderDocumentsTo, schemaJson } from '../render/index.js';
import { createLayouter, renderErdSvgFiles, type Layouter } from '../diagram/index.js';
import { displayPath } from '../source/discover.js';
import type { LoadedConfig } from './config.js';
import { parse, readAndAnalyze, runVerify, SOURCE_OPTIONS, VERSION, type Io } from './common.js';
import { replaceFolder } from './write-folder.js';
import { readBaseline, writeBaseline } from './baseline.js';
import { lint, LintConfigError, SUPPRESSION_META } from '../lint/engine.js';
import { RULES } from '../lint/rules/index.js';
import { LINT_FORMATS, renderLint, type LintFormat } from '../render/lint/index.js';
import { locateSource } from '../source/locate.js';
import type { VerifyReport } from '../verify/index.js';
import { renderVerify, VERIFY_FORMATS, type VerifyFormat } from '../render/verify/index.js';
import { HELP } from './help.js';

export async function doc(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    config: { type: 'string' },
    verify: { type: 'boolean' },
    html: { type: 'boolean' },
    'single-file': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (!values.output && !values.json) {
    throw new SchemaproofError('doc needs an output folder: -o DIR (or --json to print schema.json)', {
      hint: 'e.g. schemaproof doc ./migrations -o docs/schema',
    });
  }
  if (values['single-file'] && !values.html) {
    throw new SchemaproofError('--single-file is an option of the HTML site', { hint: 'add --html (doc -o DIR --html --single-file)' });
  }
  const cwd = process.cwd();
  const read = await readAndAnalyze(positionals, values, io, values.verify === true && !values.json);
  const { progress, model, analysis, loaded, options } = read;
  // Owned here, so that a failure (a config error in the lint run, a write error) stops the layouts at once.
  let layouter: Layouter | undefined;
  try {
    if (values.json) {
      progress.done();
      io.stdout.write(schemaJson(model, analysis));
      return 0;
    }
    const documents = loaded.config.documents;
    // The SVG diagrams are laid out in worker threads from now on, while the lint rules and the Markdown run here.
    // With --html, the site's neighbourhood diagrams too: one SVG per table, the slowest part of the site.
    const erd = !documents || documents.includes('erd');
    layouter = createLayouter();
    const allSvgs = erd || values.html ? renderErdSvgFiles(model, analysis, { neighbourhoods: values.html === true, layouter }) : undefined;
    allSvgs?.catch(() => undefined);
    const svgs = erd ? allSvgs?.then((all) => new Map([...all].filter(([name]) => !name.startsWith('erd/tables/')))) : undefined;
    svgs?.catch(() => undefined);
    let audit: { result: LintResult; off: ReadonlySet<string> } | undefined;
    if (!documents || documents.includes('audit') || documents.includes('readme')) {
      progress.update({ phase: 'analyze', message: 'checking the lint rules' });
      audit = runLint(model, analysis, loaded, await locateSource(positionals, { ...options, model }));
    }
    const proofs = read.sandbox ? await runVerify(read, progress) : undefined;
    const target = resolve(cwd, values.output!);
    const count = await replaceFolder(target, async (put) => {
      progress.update({ phase: 'render', message: 'rendering the documents' });
      let rendered = 0;
      await renderDocumentsTo(
        (path, content) => {
          if (++rendered % 250 === 0) progress.update({ phase: 'render', message: 'rendering the documents', detail: `${rendered} files` });
          return put(path, content);
        },
        model,
        analysis,
        { ...(documents ? { documents } : {}), ...(audit ? { lint: audit } : {}), ...(proofs ? { verify: proofs } : {}), ...(svgs ? { svgs } : {}) },
      );
      if (values.html) {
        progress.update({ phase: 'render', message: 'laying out the diagrams' });
        const laidOut = await allSvgs!;
        progress.update({ phase: 'render', message: 'rendering the HTML site' });
        const schemaJsonWritten = !documents || documents.includes('schema');
        let pages = 0;
        const putPage: typeof put = (path, content) => {
          if (++pages % 250 === 0) progress.update({ phase: 'render', message: 'rendering the HTML site', detail: `${pages} pages` });
          return put(path, content);
        };
        const { renderSiteTo } = await import('../site/index.js');
        await renderSiteTo(putPage, model, analysis, {
          ...(audit ? { lint: audit.result } : {}),
          ...(proofs ? { verify: proofs } : {}),
          singleFile: values['single-file'] === true,
          // Every diagram the site draws was laid out above, beside the lint run and the documents.
          laidOut,
          schemaJsonWritten,
        });
      }
      progress.update({ phase: 'write', message: `finishing ${values.output}` });
    }, values.output!);
    progress.done();
    io.stdout.write(`wrote ${values.output}: ${count} files${loaded.path ? ` (config ${displayPath(loaded.path, cwd)})` : ''}\n`);
    if (proofs) {
      const { probes, leaks, contradictions } = proofs.summary;
      io.stdout.write(`verify: ${probes} probes, ${leaks} leaks, ${contradictions} contradictions (verify.md)\n`);
    }
    return 0;
  } finally {
    layouter?.abort();
    progress.done();
    await read.sandbox?.close();
  }
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The lint engine with the config's `lint` key (a rule id it does not know is exit 2, naming the config file). */
function runLint(
  model: SchemaModel,
  analysis: Analysis,
  loaded: LoadedConfig,
  locations: Map<string, { file: string; line: number; column: number }>,
  baseline?: Set<string>,
): { result: LintResult; off: ReadonlySet<string> } {
  const config = loaded.config.lint ?? {};
  try {
    const result = lint(model, analysis, {
      ...(config.rules ? { rules: config.rules } : {}),
      ...(config.ignore ? { ignore: config.ignore } : {}),
      ...(baseline ? { baseline } : {}),
      locations,
    });
    const off = new Set(Object.entries(config.rules ?? {}).filter(([, v]) => v === 'off').map(([k]) => k));
    return { result, off };
  } catch (error) {
    if (error instanceof LintConfigError) throw new SchemaproofError(`${loaded.path ?? 'config'}: ${error.message}`);
    throw error;
  }
}

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = (values.format ?? 'text') as LintFormat;
  if (!(LINT_FORMATS as readonly string[]).includes(format)) {
    throw new SchemaproofError(`unknown format: ${values.format}`, { hint: `one of: ${LINT_FORMATS.join(', ')}` });
  }
  const failOnValue = values['fail-on'];
  if (failOnValue !== undefined && !['error', 'warning', 'info', 'none'].includes(failOnValue)) {
    throw new SchemaproofError(`unknown --fail-on level: ${failOnValue}`, { hint: 'one of: error, warning, info, none' });
  }
  const baseline = values.baseline ? await readBaseline(values.baseline) : undefined;
  const { progress, model, analysis, loaded, options } = await readAndAnalyze(positionals, values, io);
  try {
    const config = loaded.config.lint ?? {};
    progress.update({ phase: 'analyze', message: 'locating objects in the migrations' });
    const locations = await locateSource(positionals, { ...options, model });
    progress.update({ phase: 'analyze', message: 'checking the rules' });
    const { result } = runLint(model, analysis, loaded, locations, baseline);
    progress.done();
    if (values['write-baseline']) {
      await writeBaseline(values['write-baseline'], result.findings);
      io.stdout.write(`wrote ${values['write-baseline']}: ${result.findings.length} findings recorded\n`);
      return 0;
    }
    const ran = RULES.filter((r) => config.rules?.[r.meta.id] !== 'off').map((r) => r.meta);
    const color = format === 'text' && io.stdout === process.stdout && process.stdout.isTTY === true && !process.env.NO_COLOR;
    io.stdout.write(renderLint(format, result, { rules: [...ran, SUPPRESSION_META.meta], version: VERSION, color, model }));
    const failOn = (failOnValue ?? config.failOn ?? 'error') as keyof typeof SEVERITY_RANK | 'none';
    if (failOn === 'none') return 0;
    return result.findings.some((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]) ? 1 : 0;
  } finally {
    progress.done();
  }
}

/**
 * `verify`: the migrations applied into a sandbox that stays open for the proofs, then discarded. A live database is
 * never probed: it would have to be rebuilt in a sandbox from its DDL, which needs the \`squash\` generator.
 */
export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string' },
    only: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = (values.format ?? 'text') as VerifyFormat;
  if (!(VERIFY_FORMATS as readonly string[]).includes(format)) {
    throw new SchemaproofError(`unknown format: ${values.format}`, { hint: `one of: ${VERIFY_FORMATS.join(', ')}` });
  }
  if (values.only !== undefined && values.only !== 'rls' && values.only !== 'states') {
    throw new SchemaproofError(`unknown --only: ${values.only}`, { hint: 'one of: rls, states' });
  }
  const read = await readAndAnalyze(positionals, values, io, true);
  const { progress } = read;
  try {
    const report = await runVerify(read, progress, values.only as 'rls' | 'states' | undefined);
    progress.done();
    io.stdout.write(renderVerify(report, format));
    if (format !== 'json' && format !== 'sarif' && format !== 'junit') {
      io.stderr.write(`${report.summary.probes} probes in ${(report.summary.ms / 1000).toFixed(1)} s\n`);
    }
    return verifyFailed(report) ? 1 : 0;
  } finally {
    progress.done();
    await read.sandbox?.close();
  }
}

/** A leak, or a transition that contradicts the declaration: what makes `verify` (and `doc --verify`) exit 1. */
function verifyFailed(report: VerifyReport): boolean {
  return report.summary.leaks > 0 || report.summary.contradictions > 0;
}

export function rulesCommand(args: string[], io: Io): number {
  const { values } = parse(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const metas = [...RULES.map((r) => r.meta), SUPPRESSION_META.meta].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...metas.map((m) => m.id.length));
  const lines = metas.map((m) => `${m.id.padEnd(width)}  ${m.severity.padEnd(7)}  ${m.description}`);
  io.stdout.write(`${lines.join('\n')}\n\n${metas.length} rules; each is documented in docs/rules/<id>.md\n`);
  return 0;
}

