/**
 * `schemaproof check-docs <source> <docs...>`: checks what hand-written Markdown says about a schema against the
 * schema itself. The first positional is the source (a migrations folder, a SQL file, a schema.json, a URL); the
 * others are documents or folders of them (`*.md`, `*.markdown`, `*.txt`, found recursively, in name order).
 *
 * Exit codes: 0 no claim is false, 1 at least one is, 2 bad input (no document, a file that cannot be read, an
 * unknown format, a source that does not load).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkDocs, renderCheckDocs, CHECK_DOCS_FORMATS, type CheckDocsFormat, type Verdict } from '../check-docs/index.js';
import { renderFixes } from '../check-docs/report.js';
import { SchemaproofError } from '../errors.js';
import { displayPath } from '../source/discover.js';
import { unappliedTables } from '../source/unapplied.js';
import { parse, readAndAnalyze, SOURCE_OPTIONS, type Io } from './common.js';

const DOC_FILE = /\.(md|markdown|txt)$/i;
const VERDICTS: readonly Verdict[] = ['true', 'false', 'unverifiable'];

export const CHECK_DOCS_HELP = `Usage: schemaproof check-docs <source> <doc or folder...> [options]

Reads the claims hand-written Markdown makes about the schema (tables, columns and their types, indexes, FKs and
their ON DELETE rules, cardinalities, dependency levels, RLS and policies, triggers, functions, value lists, counts)
and checks each against the schema: true, false (with the evidence) or unverifiable (with the reason).

Options:
  --format F        text (default), markdown or json (schemaproof/check-docs@1)
  --only V[,V]      list only claims with these verdicts: true, false, unverifiable (the summary counts all)
  --fix             print the corrected lines of false claims as a unified diff (the documents are not changed)
  --config FILE     schemaproof.config.yaml (tenant, …), as for doc and lint
  and the source options of \`schemaproof --help\` (--layout, --engine, --platform, …)

Exit codes: 0 no claim is false, 1 a claim is false, 2 bad input.
`;

/** The documents named: files as given, folders searched recursively for *.md / *.markdown / *.txt. */
async function documentPaths(named: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const n of named) {
    const path = resolve(cwd, n);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new SchemaproofError(`no such document: ${n}`, { hint: 'name Markdown files or folders that hold them' });
    if (info.isFile()) {
      out.push(path);
      continue;
    }
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (DOC_FILE.test(e.name)) found.push(p);
      }
    };
    await walk(path);
    if (found.length === 0) throw new SchemaproofError(`no Markdown documents in ${n}`, { hint: 'the folder holds no *.md, *.markdown or *.txt file' });
    out.push(...found);
  }
  return out;
}

export async function checkDocsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string' },
    only: { type: 'string' },
    fix: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(CHECK_DOCS_HELP);
    return 0;
  }
  const format = (values.format ?? 'text') as CheckDocsFormat;
  if (!(CHECK_DOCS_FORMATS as readonly string[]).includes(format)) {
    throw new SchemaproofError(`unknown format: ${values.format}`, { hint: `one of: ${CHECK_DOCS_FORMATS.join(', ')}` });
  }
  const only = values.only?.split(',').map((v) => v.trim()) as Verdict[] | undefined;
  if (only && (only.length === 0 || only.some((v) => !VERDICTS.includes(v)))) {
    throw new SchemaproofError(`unknown --only: ${values.only}`, { hint: 'a comma-separated list of: true, false, unverifiable' });
  }
  if (positionals.length < 2) {
    throw new SchemaproofError('check-docs needs a source and at least one document', {
      hint: 'e.g. schemaproof check-docs supabase/migrations docs/schema.md',
    });
  }
  const cwd = process.cwd();
  const [source, ...named] = positionals as [string, ...string[]];
  const paths = await documentPaths(named, cwd);
  const documents = await Promise.all(
    paths.map(async (p) => {
      const text = await readFile(p, 'utf8').catch((error: Error) => {
        throw new SchemaproofError(`cannot read ${displayPath(p, cwd)}: ${error.message}`);
      });
      return { file: displayPath(p, cwd), text };
    }),
  );

  const read = await readAndAnalyze([source], values, io);
  const { progress, model, analysis, resolved } = read;
  try {
    progress.update({ phase: 'analyze', message: `checking ${documents.length} ${documents.length === 1 ? 'document' : 'documents'}` });
    const unapplied = resolved.kind === 'files' ? await unappliedTables(resolved.discovery) : [];
    const report = await checkDocs(documents, { model, analysis, unapplied });
    progress.done();
    if (values.fix) {
      io.stdout.write(renderFixes(report));
      const s = report.summary;
      io.stderr.write(`${s.claims} claims: ${s.true} true, ${s.false} false, ${s.unverifiable} unverifiable\n`);
    } else {
      io.stdout.write(renderCheckDocs(report, format, only ? { only } : {}));
    }
    return report.summary.false > 0 ? 1 : 0;
  } finally {
    progress.done();
  }
}
