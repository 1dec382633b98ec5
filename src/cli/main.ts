/**
 * The command line. Exit codes: 0 success, 1 findings at or above --fail-on (later commands), 2 bad input
 * (a located message on stderr, nothing written), 3 an internal error (a bug: please report it).
 */
import { resolve } from 'node:path';
import type { Analysis } from '../analyze/types.js';
import type { LintResult } from '../lint/types.js';
import type { SchemaModel } from '../model/types.js';
import { formatWarning, SchemaproofError } from '../errors.js';
import { LAYOUTS } from '../source/types.js';
import { modelToJson } from '../model/json.js';
import { renderDocuments, schemaJson } from '../render/index.js';
import { loadSchema, resolveSource } from '../source/load.js';
import { displayPath } from '../source/discover.js';
import type { LoadedConfig } from './config.js';
import { loadOptions, parse, readAndAnalyze, runVerify, SOURCE_OPTIONS, VERSION, withProgress, type Io } from './common.js';
import { summarize } from './summary.js';
import { writeFolderAtomically } from './write-folder.js';
import { readBaseline, writeBaseline } from './baseline.js';
import { lint, LintConfigError, SUPPRESSION_META } from '../lint/engine.js';
import { RULES } from '../lint/rules/index.js';
import { LINT_FORMATS, renderLint, type LintFormat } from '../render/lint/index.js';
import { locateSource } from '../source/locate.js';
import type { VerifyReport } from '../verify/index.js';
import { renderVerify, VERIFY_FORMATS, type VerifyFormat } from '../render/verify/index.js';
import { diffCommand } from './diff.js';
import { erdCommand } from './erd.js';
import { squashCommand } from './squash.js';
import { checkDocsCommand } from './check-docs.js';
import { renderSite } from '../site/index.js';

const HELP = `schemaproof ${VERSION} — a PostgreSQL schema's docs, lint and proofs, from the real schema

Usage:
  schemaproof inspect [source...] [--json]   read a schema; print a summary, or the whole model as JSON
  schemaproof sources [source...]            list the migration files in the order they will be applied
  schemaproof doc [source...] -o DIR         write the schema's documents (Markdown, Mermaid, schema.json) to DIR
  schemaproof lint [source...]               check the schema against the rules; exit 1 on findings at --fail-on
  schemaproof rules [--json]                 list the lint rules
  schemaproof verify [source...]             prove tenant isolation and state transitions in a sandbox; exit 1 on a
                                             leak or a transition that contradicts the config
  schemaproof diff <from> <to>               compare two schemas, each change classified breaking, security or safe;
                                             Markdown or JSON; exit 1 on --fail-on breaking|security (diff --help)
  schemaproof squash [source...] [-o FILE]   the schema as one DDL script, proven by a round trip in a sandbox;
                                             exit 1 unless the rebuilt schema is identical (squash --help)
  schemaproof erd [source...]                one ER diagram as SVG, DOT or Mermaid: the whole schema, a --domain, or
                                             the neighbourhood of a --focus table (erd --help)
  schemaproof check-docs <source> <docs...>  check what hand-written Markdown says about the schema: each claim
                                             true, false or unverifiable; exit 1 on a false one (check-docs --help)

Sources:
  a migrations folder   supabase, prisma, drizzle, flyway, golang-migrate, dbmate or plain *.sql (detected)
  .sql files            one dump (pg_dump plain format works) or several, applied in the order given
  schema.json           a model written earlier by inspect --json
  postgres://…          a live database, read in one read-only transaction (never written to)
  (nothing, or -)       DATABASE_URL, else libpq's PGHOST/PGDATABASE/PGUSER/PGPORT

Options:
  --json                 inspect: print the whole model (schemaproof/model@1) instead of the summary;
                         doc: print schema.json (the model with its analysis) instead of writing a folder
  --layout NAME          force a layout: ${LAYOUTS.join(', ')}
  --include-data         also apply seed/data files (seed.sql, …)
  --order-file FILE      apply the files listed in FILE (one per line), in that order
  --engine URL           apply files on this PostgreSQL server, in a scratch database that is dropped after
                         (default: embedded PGlite, no server needed)
  --platform NAME        platform shim: supabase or none (default: detected from the migrations)
  -o, --output DIR       doc: the folder to write (replaced as a whole; only a new, empty or generated one)
  --config FILE          doc, lint, verify: schemaproof.config.yaml (default: found in the current folder, else the
                         source folder)
  --verify               doc: also run the proofs (verify.md, and a "Proofs" area in audit.md)
  --html                 doc: also write the HTML site (index.html opens from disk; no server, no network)
  --single-file          doc --html: the whole site in one index.html
  --format F             lint: text (default), json, sarif, junit or github (workflow annotations);
                         verify: text (default), markdown, json, sarif or junit
  --only WHAT            verify: rls or states (default: both)
  --fail-on LEVEL        lint: exit 1 when a finding is at least error (default), warning or info; none: never
  --baseline FILE        lint: report and fail only on findings not in FILE
  --write-baseline FILE  lint: record the current findings in FILE (and exit 0)
  -q, --quiet            no warnings on stderr
  -h, --help             this help
  --version              the version

Exit codes: 0 ok, 1 lint findings at --fail-on, 2 bad input (file:line:col and the Postgres message on stderr),
3 internal error.
`;

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'inspect':
        return await inspect(rest, io);
      case 'sources':
        return await sources(rest, io);
      case 'doc':
        return await doc(rest, io);
      case 'lint':
        return await lintCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'verify':
        return await verifyCommand(rest, io);
      case 'diff':
        return await diffCommand(rest, io);
      case 'erd':
        return await erdCommand(rest, io);
      case 'squash':
        return await squashCommand(rest, io);
      case 'check-docs':
        return await checkDocsCommand(rest, io);
      case '--version':
      case '-v':
      case 'version':
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP);
        return 0;
      default:
        throw new SchemaproofError(`unknown command: ${command}`, { hint: 'run `schemaproof --help` for the commands' });
    }
  } catch (error) {
    if (error instanceof SchemaproofError) {
      io.stderr.write(`schemaproof: ${error.format()}\n`);
      return error.exitCode;
    }
    const e = error as Error & { code?: string };
    if (e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.stderr.write(`schemaproof: ${e.message}\n  hint: run \`schemaproof --help\` for the options\n`);
      return 2;
    }
    io.stderr.write(`schemaproof: internal error: ${e?.stack ?? String(error)}\n`);
    return 3;
  }
}

async function inspect(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...SOURCE_OPTIONS, json: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const { progress, options } = withProgress(values, io);
  try {
    const model = await loadSchema(positionals, options);
    progress.done();
    io.stdout.write(values.json ? modelToJson(model) : summarize(model));
    return 0;
  } finally {
    progress.done();
  }
}

async function doc(args: string[], io: Io): Promise<number> {
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
  try {
    if (values.json) {
      progress.done();
      io.stdout.write(schemaJson(model, analysis));
      return 0;
    }
    const documents = loaded.config.documents;
    let audit: { result: LintResult; off: ReadonlySet<string> } | undefined;
    if (!documents || documents.includes('audit') || documents.includes('readme')) {
      progress.update({ phase: 'analyze', message: 'checking the lint rules' });
      audit = runLint(model, analysis, loaded, await locateSource(positionals, { ...options, model }));
    }
    const proofs = read.sandbox ? await runVerify(read, progress) : undefined;
    progress.update({ phase: 'render', message: 'rendering the documents' });
    const files = await renderDocuments(model, analysis, documents, audit, proofs);
    if (values.html) {
      progress.update({ phase: 'render', message: 'rendering the HTML site' });
      const site = await renderSite(model, analysis, {
        ...(audit ? { lint: audit.result } : {}),
        ...(proofs ? { verify: proofs } : {}),
        singleFile: values['single-file'] === true,
        laidOut: files,
        onDiagram: (done, total) => progress.update({ phase: 'render', message: `laying out diagrams ${done}/${total}` }),
      });
      for (const [name, content] of site) files.set(name, content);
    }
    progress.update({ phase: 'write', message: `writing ${files.size} files to ${values.output}` });
    await writeFolderAtomically(resolve(cwd, values.output!), files, values.output!);
    progress.done();
    io.stdout.write(`wrote ${values.output}: ${files.size} files${loaded.path ? ` (config ${displayPath(loaded.path, cwd)})` : ''}\n`);
    if (proofs) {
      const { probes, leaks, contradictions } = proofs.summary;
      io.stdout.write(`verify: ${probes} probes, ${leaks} leaks, ${contradictions} contradictions (verify.md)\n`);
    }
    return 0;
  } finally {
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

async function lintCommand(args: string[], io: Io): Promise<number> {
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
async function verifyCommand(args: string[], io: Io): Promise<number> {
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

function rulesCommand(args: string[], io: Io): number {
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

async function sources(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, SOURCE_OPTIONS);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const resolved = await resolveSource(positionals, loadOptions(values, io));
  if (resolved.kind === 'url') {
    io.stdout.write('a database URL: read in one read-only transaction, nothing is applied\n');
    return 0;
  }
  if (resolved.kind === 'snapshot') {
    io.stdout.write('a model snapshot (schema.json): read as it is, nothing is applied\n');
    return 0;
  }
  const { discovery } = resolved;
  const out: string[] = [`layout: ${discovery.layout} (${discovery.reason})`, `folder: ${resolved.location}`, ''];
  const width = String(discovery.files.length).length;
  discovery.files.forEach((f, i) => out.push(`${String(i + 1).padStart(width)}. ${f.displayPath}`));
  if (discovery.files.length === 0) out.push('(no files to apply)');
  if (discovery.skipped.length) {
    out.push('', 'skipped:');
    for (const s of discovery.skipped) out.push(`   ${s.displayPath}: ${s.reason}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  for (const w of discovery.warnings) if (!values.quiet) io.stderr.write(`${formatWarning(w)}\n`);
  return 0;
}
