/**
 * The command line. Exit codes: 0 success, 1 findings at or above --fail-on (later commands), 2 bad input
 * (a located message on stderr, nothing written), 3 an internal error (a bug: please report it).
 */
import { formatWarning, SchemaproofError } from '../errors.js';
import { modelToJson } from '../model/json.js';
import { loadSchema, resolveSource } from '../source/load.js';
import { loadOptions, parse, SOURCE_OPTIONS, VERSION, withProgress, type Io } from './common.js';
import { summarize } from './summary.js';
import { HELP } from './help.js';

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'inspect':
        return await inspect(rest, io);
      case 'sources':
        return await sources(rest, io);
      case 'doc':
        return await (await import('./commands.js')).doc(rest, io);
      case 'lint':
        return await (await import('./commands.js')).lintCommand(rest, io);
      case 'rules':
        return (await import('./commands.js')).rulesCommand(rest, io);
      case 'verify':
        return await (await import('./commands.js')).verifyCommand(rest, io);
      case 'diff':
        return await (await import('./diff.js')).diffCommand(rest, io);
      case 'erd':
        return await (await import('./erd.js')).erdCommand(rest, io);
      case 'squash':
        return await (await import('./squash.js')).squashCommand(rest, io);
      case 'check-docs':
        return await (await import('./check-docs.js')).checkDocsCommand(rest, io);
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
