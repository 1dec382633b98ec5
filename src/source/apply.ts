/**
 * Applies parsed migration files to an engine, one statement at a time (as psql does, so that a large
 * file never becomes one huge transaction), and turns the first failure into a located error:
 * `file:line:col: <Postgres message>`, the statement's first line, and Postgres's detail and hint.
 */
import { SchemaproofError, type Warning } from '../errors.js';
import { asDbError, type Engine } from '../engine/types.js';
import { pgliteShips } from '../engine/extensions.js';
import { lineIndex, type Statement } from './statements.js';

export interface ParsedFile {
  displayPath: string;
  text: string;
  statements: Statement[];
}

/** Statements about the database itself, not its schema: scripts write them, but they have no place here. */
const DATABASE_LEVEL = new Set([
  'CreatedbStmt', 'DropdbStmt', 'AlterDatabaseStmt', 'AlterDatabaseSetStmt', 'AlterDatabaseRefreshCollStmt',
  'AlterSystemStmt',
]);

export function extensionName(statement: Statement): string | undefined {
  if (statement.kind !== 'CreateExtensionStmt') return undefined;
  const name = statement.node.extname;
  return typeof name === 'string' ? name : undefined;
}

/** Fails before anything is applied when a migration needs an extension PGlite does not ship. */
export function checkPgliteExtensions(files: ParsedFile[]): string[] {
  const needed = new Set<string>();
  for (const file of files) {
    for (const statement of file.statements) {
      const name = extensionName(statement);
      if (!name) continue;
      if (!pgliteShips(name)) {
        throw new SchemaproofError(`extension "${name}" is not available in the embedded engine (PGlite)`, {
          location: statement.location,
          detail: `statement: ${firstLine(statement.sql)}`,
          hint: 'apply the migrations on a PostgreSQL server that has it instead: --engine postgres://user@host/postgres (a scratch database is created there and dropped afterwards)',
        });
      }
      needed.add(name);
    }
  }
  return [...needed];
}

export function firstLine(sql: string): string {
  const line = sql.split('\n', 1)[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

export interface ApplyOptions {
  /** Create roles that statements name but that do not exist (sandbox engines only). */
  createMissingRoles: boolean;
  onWarning: (warning: Warning) => void;
  onProgress?: (done: number, total: number, file: string) => void;
}

export async function applyFiles(engine: Engine, files: ParsedFile[], options: ApplyOptions): Promise<void> {
  const total = files.reduce((n, f) => n + f.statements.length, 0);
  let done = 0;
  for (const file of files) {
    const locate = lineIndex(file.text);
    for (const statement of file.statements) {
      await applyStatement(engine, file, statement, locate, options);
      done++;
      if (options.onProgress && (done % 50 === 0 || done === total)) options.onProgress(done, total, file.displayPath);
    }
    // Each file starts from a clean session, as it would under psql or a migration runner.
    await engine.exec('RESET ALL; SET SESSION AUTHORIZATION DEFAULT');
  }
}

async function applyStatement(
  engine: Engine,
  file: ParsedFile,
  statement: Statement,
  locate: (offset: number) => { line: number; column: number },
  options: ApplyOptions,
): Promise<void> {
  if (DATABASE_LEVEL.has(statement.kind)) {
    options.onWarning({
      location: statement.location,
      message: `statement skipped: ${firstLine(statement.sql)} (database-level; schemaproof applies the schema into its own database)`,
    });
    return;
  }
  if (statement.kind === 'CopyStmt') {
    options.onWarning({
      location: statement.location,
      message: `statement skipped: ${firstLine(statement.sql)} (a data load or export; schemaproof reads the schema, not the data)`,
    });
    return;
  }

  const createdRoles = new Set<string>();
  for (;;) {
    try {
      await engine.exec(statement.sql);
      return;
    } catch (raw) {
      const error = asDbError(raw);
      if (!error) throw raw;
      const missingRole = /^role "(.+)" does not exist$/.exec(error.message)?.[1];
      if (error.code === '42704' && missingRole && options.createMissingRoles && !createdRoles.has(missingRole)) {
        // Dumps name the roles that own and are granted objects; the sandbox lacks them. Create and retry.
        createdRoles.add(missingRole);
        await engine.exec(`CREATE ROLE "${missingRole.replace(/"/g, '""')}" NOLOGIN`);
        options.onWarning({
          location: statement.location,
          message: `role "${missingRole}" did not exist in the sandbox; created it (NOLOGIN) to apply this statement`,
        });
        continue;
      }
      if (statement.kind === 'VariableSetStmt' && error.code === '42704') {
        // A dump from a newer server sets parameters an older one does not know (transaction_timeout, …).
        options.onWarning({ location: statement.location, message: `statement skipped: ${firstLine(statement.sql)} (${error.message})` });
        return;
      }
      const at = statement.offset + (error.position ?? guessPosition(statement.sql, error.message)) - 1;
      const { line, column } = locate(at);
      const details = [`statement: ${firstLine(statement.sql)}`];
      if (error.detail) details.push(`detail: ${error.detail}`);
      if (error.where && !/^SQL statement|^PL\/pgSQL function inline_code_block/.test(error.where)) details.push(`where: ${error.where.split('\n')[0]}`);
      const extension = /^extension "(.+)" is not available|could not open extension control file ".*\/(.+)\.control"/.exec(error.message);
      throw new SchemaproofError(error.message, {
        location: { file: file.displayPath, line, column },
        detail: details.join('\n'),
        hint:
          error.hint ??
          (extension
            ? 'use a PostgreSQL server that has this extension: --engine postgres://user@host/postgres'
            : error.code
              ? `SQLSTATE ${error.code}; the migrations before this one were applied in order`
              : undefined),
      });
    }
  }
}

/**
 * PGlite does not report the error position that a server does. Most errors that have one name the culprit
 * in quotes (`column "x" does not exist`, `relation "y" …`); point at its first whole-word occurrence in the
 * statement, else at the statement's start. Returns a 1-based position like Postgres's.
 */
export function guessPosition(sql: string, message: string): number {
  const name = /"([^"]+)"/.exec(message)?.[1];
  if (!name) return 1;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\w$])"?${escaped}"?(?![\\w$])`, 'i').exec(sql);
  return m ? m.index + 1 : 1;
}
