/**
 * Finds the migrations a user points at and puts them in the order their migration tool would apply
 * them. The rules mirror each tool (Prisma, Supabase CLI, drizzle-kit, Flyway, golang-migrate, dbmate)
 * because the point is to build the schema the tool builds, not a plausible one.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SchemaproofError } from '../errors.js';
import { hasUpSection, upSection } from './layouts/dbmate.js';
import { DETECTION, RULES } from './layouts/index.js';
import { naturalCompare } from './layouts/natural.js';
import { SQL_FILE, type Listing } from './layouts/plan.js';
import { LAYOUTS, type Discovery, type DiscoverOptions, type Layout, type MigrationFile } from './types.js';

/** Where projects keep migrations, tried in this order when the named folder has none itself. */
export const CONVENTIONAL_FOLDERS = [
  'supabase/migrations',
  'prisma/migrations',
  'drizzle',
  'migrations',
  'db/migrations',
  'db/migration',
  'src/main/resources/db/migration',
  'sql',
] as const;

const DATA_NAME = /^(seeds?\.sql|.+\.seed\.sql|.+_seed\.sql|seed_.+\.sql)$/i;
const DATA_FOLDERS = new Set(['seed', 'seeds', 'data']);
const DATA_REASON = 'data file (seed); pass --include-data to apply it';

/** A shallow look at one folder: enough to decide whether it holds migrations, without walking the tree. */
interface Scan {
  folder: string;
  /** Names of `.sql` files directly in the folder. */
  sqlFiles: string[];
  /** Non-data subfolders and the `.sql` file names directly inside each. */
  subfolders: Map<string, string[]>;
  /** Names of seed/seeds/data subfolders; walked only for the folder finally chosen. */
  dataFolders: string[];
}

/**
 * Finds the migrations in `dir` (the migrations folder itself, or a project folder containing one in
 * a conventional place) and returns them in apply order, with every `.sql` file left out and why.
 */
export async function discoverMigrations(dir: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const cwd = options.cwd ?? process.cwd();
  const start = path.resolve(cwd, dir);
  await requireFolder(start, cwd);
  for (const folder of [start, ...CONVENTIONAL_FOLDERS.map((sub) => path.join(start, sub))]) {
    const scan = await scanFolder(folder, cwd);
    if (scan && hasMigrations(scan)) return discoverIn(scan, options, cwd);
  }
  throw new SchemaproofError(
    `no migrations found in ${displayPath(start, cwd)} (looked in it and in ${CONVENTIONAL_FOLDERS.join(', ')})`,
    {
      hint: `supported layouts: ${LAYOUTS.join(', ')}; name the folder that holds the .sql files, or force a layout with --layout <name>`,
    },
  );
}

/**
 * Files and folders named on the command line (or in an order file), applied in the order given.
 * A folder expands to its own discovery; a single folder keeps its layout.
 */
export async function discoverExplicit(paths: string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const cwd = options.cwd ?? process.cwd();
  if (paths.length === 0) throw new SchemaproofError('no migration files or folders named');
  const result: Discovery = { root: '', layout: 'plain', reason: 'explicit order', files: [], skipped: [], warnings: [] };
  const named: string[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new SchemaproofError(`no such file or folder: ${displayPath(abs, cwd)}`);
    named.push(info.isDirectory() ? abs : path.dirname(abs));
    if (info.isDirectory()) {
      const found = await discoverMigrations(abs, options);
      if (paths.length === 1) return found;
      result.files.push(...found.files);
      result.skipped.push(...found.skipped);
      result.warnings.push(...found.warnings);
    } else {
      // Named explicitly, so applied even if it looks like seed data; a dbmate file still runs only its up part.
      result.files.push(await readMigration(abs, cwd, (text) => (hasUpSection(text) ? upSection(text) : text)));
    }
  }
  result.root = commonFolder(named);
  return result;
}

/**
 * Reads an `--order-file`: one path per line, relative to the order file's folder; blank lines and
 * lines starting with `#` are ignored. Returns absolute paths, each checked to exist.
 */
export async function readOrderFile(file: string, options: { cwd?: string } = {}): Promise<string[]> {
  const cwd = options.cwd ?? process.cwd();
  const abs = path.resolve(cwd, file);
  const shown = displayPath(abs, cwd);
  const text = await readFile(abs, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') throw new SchemaproofError(`no such order file: ${shown}`, { cause });
    throw new SchemaproofError(`cannot read order file ${shown}: ${describe(cause)}`, { cause });
  });
  const found: string[] = [];
  const lines = stripBom(text).split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const target = path.resolve(path.dirname(abs), line);
    // Checked here rather than when applying, so that the error can point at the order file's line.
    if (!(await stat(target).catch(() => undefined))) {
      throw new SchemaproofError(`no such file: ${line}`, {
        location: { file: shown, line: i + 1, column: raw.indexOf(line) + 1 },
        hint: `paths in an order file are relative to its folder (${displayPath(path.dirname(abs), cwd)})`,
      });
    }
    found.push(target);
  }
  if (found.length === 0) {
    throw new SchemaproofError(`order file ${shown} lists no files`, { hint: 'write one path per line' });
  }
  return found;
}

/** Shows `abs` relative to `cwd` when it is inside it, else absolute. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return abs;
  return rel;
}

export function isDataFile(name: string): boolean {
  return DATA_NAME.test(name);
}

async function requireFolder(folder: string, cwd: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (!info) {
    throw new SchemaproofError(`no such folder: ${displayPath(folder, cwd)}`, {
      hint: 'name the migrations folder, or the project folder that contains it',
    });
  }
  if (!info.isDirectory()) {
    throw new SchemaproofError(`not a folder: ${displayPath(folder, cwd)}`, {
      hint: 'name the migrations folder; single files can be listed explicitly or in an --order-file',
    });
  }
}

/** Returns undefined when `folder` does not exist; a folder that exists but cannot be read is an error. */
async function scanFolder(folder: string, cwd: string): Promise<Scan | undefined> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const entries = await readdir(folder, { withFileTypes: true }).catch((cause: NodeJS.ErrnoException) => {
    throw new SchemaproofError(`cannot read folder ${displayPath(folder, cwd)}: ${describe(cause)}`, {
      hint: 'check its permissions',
      cause,
    });
  });
  const scan: Scan = { folder, sqlFiles: [], subfolders: new Map(), dataFolders: [] };
  for (const entry of entries) {
    const kind = await kindOf(folder, entry);
    if (kind === 'file' && SQL_FILE.test(entry.name)) scan.sqlFiles.push(entry.name);
    else if (kind === 'folder' && DATA_FOLDERS.has(entry.name.toLowerCase())) scan.dataFolders.push(entry.name);
    else if (kind === 'folder') scan.subfolders.set(entry.name, await sqlFilesIn(path.join(folder, entry.name)));
  }
  return scan;
}

/** Data files never decide where the migrations are: a project root with only `seed.sql` has none. */
function hasMigrations(scan: Scan): boolean {
  return (
    scan.sqlFiles.some((name) => !isDataFile(name)) ||
    [...scan.subfolders.values()].some((names) => names.includes('migration.sql'))
  );
}

async function discoverIn(scan: Scan, options: DiscoverOptions, cwd: string): Promise<Discovery> {
  const { folder } = scan;
  const show = (file: string) => displayPath(path.join(folder, file), cwd);
  const includeData = options.includeData ?? false;
  const listing: Listing = {
    folder,
    files: includeData ? scan.sqlFiles : scan.sqlFiles.filter((name) => !isDataFile(name)),
    allFiles: new Set(scan.sqlFiles),
    subfolders: scan.subfolders,
    display: show,
  };
  const [layout, reason] = options.layout ? [options.layout, '--layout'] : await detect(listing);
  const plan = await RULES[layout].plan(listing);

  // Files in data folders are read by no migration tool, so when included they run after all migrations.
  const dataFolderFiles = (await Promise.all(scan.dataFolders.map((dir) => sqlFilesUnder(folder, dir)))).flat();
  dataFolderFiles.sort(naturalCompare);
  const apply = includeData ? [...plan.apply, ...dataFolderFiles] : plan.apply;
  const dataSkipped = includeData ? [] : [...scan.sqlFiles.filter(isDataFile), ...dataFolderFiles];
  const skipped = [...dataSkipped.map((file) => ({ file, reason: DATA_REASON })), ...plan.skipped];
  skipped.sort((a, b) => naturalCompare(a.file, b.file));

  return {
    root: folder,
    layout,
    reason,
    files: await Promise.all(apply.map((file) => readMigration(path.join(folder, file), cwd, plan.transform))),
    skipped: skipped.map(({ file, reason: why }) => ({ path: path.join(folder, file), displayPath: show(file), reason: why })),
    warnings: plan.warnings.map((message) => ({ message })),
  };
}

async function detect(listing: Listing): Promise<[Layout, string]> {
  for (const [layout, rule] of DETECTION) {
    const reason = await rule.detect(listing);
    if (reason !== undefined) return [layout, reason];
  }
  return ['plain', 'no layout recognised'];
}

async function readMigration(abs: string, cwd: string, transform?: (text: string) => string): Promise<MigrationFile> {
  const shown = displayPath(abs, cwd);
  const raw = await readFile(abs, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new SchemaproofError(`cannot read migration file ${shown}: ${describe(cause)}`, {
      hint: 'check that the file exists and is readable',
      cause,
    });
  });
  const text = stripBom(raw);
  return { path: abs, displayPath: shown, text: transform ? transform(text) : text };
}

/** Symlinks are followed: linked migration folders are common in monorepos. */
async function kindOf(folder: string, entry: Dirent): Promise<'file' | 'folder' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (!entry.isSymbolicLink()) return 'other';
  const info = await stat(path.join(folder, entry.name)).catch(() => undefined);
  return info?.isFile() ? 'file' : info?.isDirectory() ? 'folder' : 'other';
}

/**
 * `.sql` names directly in a subfolder. An unreadable subfolder (a database volume owned by another
 * user, say) is not where migrations live, so it counts as empty rather than failing the run.
 */
async function sqlFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    if (SQL_FILE.test(entry.name) && (await kindOf(folder, entry)) === 'file') names.push(entry.name);
  }
  return names;
}

/** Every `.sql` file below `root/dir`, as paths relative to `root` with `/` separators. */
async function sqlFilesUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const kind = await kindOf(path.join(root, dir), entry);
    if (kind === 'file' && SQL_FILE.test(entry.name)) found.push(`${dir}/${entry.name}`);
    else if (kind === 'folder') found.push(...(await sqlFilesUnder(root, `${dir}/${entry.name}`)));
  }
  return found;
}

/** The deepest folder containing all of `folders`. */
function commonFolder(folders: string[]): string {
  let common = folders[0]!;
  for (const folder of folders) {
    while (folder !== common && !folder.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      common = path.dirname(common);
    }
  }
  return common;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  if (error.code === 'ENOENT') return 'no such file';
  return error.message;
}
