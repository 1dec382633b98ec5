/**
 * `schemaproof.config.yaml` (or `.yml` / `.json`): what the user tells schemaproof about a schema that the catalog
 * cannot — the tenant, the domains, the state machines' transitions, which schemas and documents to include.
 *
 * Found with `--config FILE`, else in the current folder, else in the source folder (a project's config beside its
 * migrations). Validated with zod; an error names the file, the key and what was expected, and exits 2.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { SchemaproofError } from '../errors.js';
import type { AnalysisOptions, UnappliedTable } from '../analyze/types.js';
import type { SchemaModel } from '../model/types.js';
import { ALL_DOCUMENTS, type DocumentName } from '../render/documents.js';

export const CONFIG_NAMES = ['schemaproof.config.yaml', 'schemaproof.config.yml', 'schemaproof.config.json'];


const tableName = z.string().min(1, 'expected a table name');
const stateList = z.array(z.string().min(1));

const configSchema = z
  .object({
    tenant: z
      .union([
        z.object({ root: tableName, column: z.string().min(1, 'expected a column name') }).strict(),
        z.literal(false),
      ])
      .optional()
      .describe('the tenant root table and column, or false for "no tenancy"'),
    domains: z.record(z.string().min(1), z.array(tableName).min(1, 'expected at least one table')).optional(),
    stateMachines: z.record(z.string().min(1), z.record(z.string(), stateList)).optional(),
    schemas: z
      .object({ include: z.array(z.string().min(1)).optional(), exclude: z.array(z.string().min(1)).optional() })
      .strict()
      .optional(),
    documents: z.array(z.enum(ALL_DOCUMENTS as [DocumentName, ...DocumentName[]])).min(1).optional(),
    lint: z
      .object({
        rules: z.record(z.string().min(1), z.enum(['error', 'warning', 'info', 'off'])).optional(),
        ignore: z.record(z.string().min(1), z.array(z.string().min(1)).min(1, 'expected at least one object glob')).optional(),
        failOn: z.enum(['error', 'warning', 'info', 'none']).optional(),
      })
      .strict()
      .optional(),
    verify: z
      .object({
        role: z.string().min(1, 'expected a role name').optional(),
        setting: z.string().regex(/^[A-Za-z_][\w]*\.[\w.]+$/, 'expected a custom setting name such as app.current_tenant').optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null when none was found (then the config is empty). */
  path: string | null;
}

/** Finds and reads the config: `explicit`, else the first of CONFIG_NAMES in `cwd`, else in `sourceDir`. */
export async function loadConfig(explicit: string | undefined, cwd: string, sourceDir: string | null): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    return { config: await readConfig(path, explicit), path };
  }
  for (const dir of sourceDir && resolve(sourceDir) !== resolve(cwd) ? [cwd, sourceDir] : [cwd]) {
    for (const name of CONFIG_NAMES) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) return { config: await readConfig(path, path), path };
    }
  }
  return { config: {}, path: null };
}

async function readConfig(path: string, shown: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SchemaproofError(`cannot read config ${shown}: ${(error as Error).message}`);
  }
  return parseConfig(text, shown);
}

/** Parses and validates config text (YAML, which includes JSON). `shown` names the file in errors. */
export function parseConfig(text: string, shown: string): Config {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [yamlError] = document.errors;
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const where = pos ? `${shown}:${pos.line}:${pos.col}` : shown;
    throw new SchemaproofError(`${where}: ${yamlError.message.split('\n')[0]}`, {
      hint: 'the config is YAML (or JSON): see the README for its keys',
    });
  }
  const data = (document.toJS() ?? {}) as unknown;
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = mostSpecific(result.error.issues[0]!);
  const key = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  const line = lineOf(document, text, issue.path);
  throw new SchemaproofError(`${shown}${line ? `:${line}` : ''}: ${key}: ${describeIssue(issue)}`, {
    hint: 'keys: tenant { root, column }, domains { name: [tables] }, stateMachines { "schema.table.column": { from: [to] } }, schemas { include, exclude }, documents [...], lint { rules, ignore, failOn }',
  });
}

/**
 * For a value that matches no branch of a union (`tenant: { root: x }` is neither an object with a column nor
 * `false`), the issue of the branch that got furthest, with its full path: "tenant.column: expected string".
 */
function mostSpecific(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const branches = issue.errors.map((list) => list[0]).filter((i): i is z.core.$ZodIssue => i !== undefined);
  const best = [...branches].sort((a, b) => b.path.length - a.path.length)[0];
  if (!best || best.path.length === 0) return issue;
  return mostSpecific({ ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** The 1-based line of the value at `path` (or its nearest parent) in the YAML text, when it can be found. */
function lineOf(document: ReturnType<typeof parseDocument>, text: string, path: PropertyKey[]): number | null {
  for (let n = path.length; n > 0; n--) {
    const node = document.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return text.slice(0, node.range[0]).split('\n').length;
  }
  return null;
}

/**
 * The analysis options a config gives for this model. Short names are allowed where they are unambiguous:
 * `tenant.root: clients` means `public.clients`, a state machine `redemptions.status` means
 * `public.redemptions.status`; names the analysis cannot resolve are passed on for it to report.
 */
export function analysisOptions(config: Config, model: SchemaModel, unapplied: UnappliedTable[]): AnalysisOptions {
  const tableIds = new Set(model.tables.map((t) => t.id));
  const columnIds = new Set(model.tables.flatMap((t) => t.columns.map((c) => c.id)));
  const resolve = (name: string, known: Set<string>) => (known.has(name) || !known.has(`public.${name}`) ? name : `public.${name}`);
  const options: AnalysisOptions = { unappliedTables: unapplied };
  if (config.tenant === false) options.tenant = null;
  else if (config.tenant) options.tenant = { root: resolve(config.tenant.root, tableIds), column: config.tenant.column };
  if (config.domains) options.domains = config.domains;
  if (config.stateMachines) {
    options.stateMachines = Object.fromEntries(
      Object.entries(config.stateMachines).map(([column, transitions]) => [resolve(column, columnIds), transitions]),
    );
  }
  return options;
}
