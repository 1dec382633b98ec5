/**
 * `schemaproof squash <source> [-o master.sql] [--owners]`: the schema as one DDL script, always proven by a round
 * trip (the script applied into a fresh sandbox, read back and compared with the source's model).
 *
 * Exit 0 when the rebuilt schema is identical (`round-trip: identical (N objects)` on stderr); exit 1 when it is not
 * or the script does not apply — the script is still written (to -o or stdout) so that it can be inspected, and
 * stderr says it is not identical and lists what differs; exit 2 on bad input (nothing written). The file is
 * written atomically: a temporary file beside it, renamed over it.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SchemaproofError } from '../errors.js';
import { resolveSource } from '../source/load.js';
import { formatDifference, squash, type RoundTrip } from '../squash/index.js';
import { parse, SOURCE_OPTIONS, withProgress, type Io } from './common.js';

const USAGE = `Usage: schemaproof squash [source...] [-o FILE] [--owners]

Writes the schema as one DDL script (to FILE, else stdout) and proves it: the script is applied into a fresh
sandbox, read back and compared with the source, object by object.

  -o, --output FILE   write the script to FILE (atomically) instead of stdout
  --owners            also write ALTER … OWNER TO for every object (and compare owners in the round trip)
  and the source options of every command (--layout, --engine, --platform, …; see schemaproof --help)

Exit codes: 0 identical, 1 not identical or the script does not apply (the script is written anyway),
2 bad input.
`;

/** How many differences are listed before "… and N more". */
const LISTED = 100;

export async function squashCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    output: { type: 'string', short: 'o' },
    owners: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const target = values.output ? resolve(process.cwd(), values.output) : undefined;
  if (target && (await stat(target).catch(() => undefined))?.isDirectory()) {
    throw new SchemaproofError(`output ${values.output} is a folder`, { hint: 'name the script file, e.g. -o master.sql' });
  }
  const { progress, options } = withProgress(values, io);
  try {
    const resolved = await resolveSource(positionals, options);
    const result = await squash(resolved, {
      ...options,
      owners: values.owners === true,
      scriptName: target ? basename(target) : 'master.sql',
    });
    progress.done();
    if (target) {
      await writeFileAtomically(target, result.sql);
      io.stdout.write(`wrote ${values.output}: ${result.sql.split('\n').length - 1} lines\n`);
    } else {
      io.stdout.write(result.sql);
    }
    io.stderr.write(report(result.roundTrip, values.output ?? 'stdout'));
    return result.roundTrip.identical ? 0 : 1;
  } finally {
    progress.done();
  }
}

/** The round trip's verdict for stderr. */
export function report(roundTrip: RoundTrip, written: string): string {
  if (roundTrip.identical) return `round-trip: identical (${roundTrip.objects} objects)\n`;
  const lines: string[] = [];
  if (roundTrip.error) {
    lines.push('round-trip: NOT identical: the script does not apply', ...roundTrip.error.format().split('\n').map((l) => `  ${l}`));
  } else {
    const objects = new Set(roundTrip.differences.map((d) => `${d.kind} ${d.object}`)).size;
    lines.push(`round-trip: NOT identical: ${objects} of ${roundTrip.objects} objects differ`);
    for (const d of roundTrip.differences.slice(0, LISTED)) lines.push(`  ${formatDifference(d, 'the rebuilt schema')}`);
    if (roundTrip.differences.length > LISTED) lines.push(`  … and ${roundTrip.differences.length - LISTED} more differences`);
  }
  lines.push(`the script was written anyway (${written}); do not use it in place of the migrations until it round-trips`);
  return `${lines.join('\n')}\n`;
}

/** Writes a file so that a reader never sees half of it: a temporary file beside it, then renamed over it. */
async function writeFileAtomically(target: string, content: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const e = error as NodeJS.ErrnoException;
    throw new SchemaproofError(`cannot write ${target}: ${e.message}`, { cause: error });
  }
}
