/**
 * Splits a SQL file into statements with the real PostgreSQL parser (libpg-query), keeping for each one the
 * file, line and column where it starts, so that an error in statement 812 of a dump points at its line.
 */
import { loadModule, parseSync } from 'libpg-query';
import { SchemaproofError, type SourceLocation, type Warning } from '../errors.js';
import { firstCodeOffset, stripPsql } from './psql.js';

export interface Statement {
  /** The statement's text, without the trailing semicolon, from its first SQL token. */
  sql: string;
  /** Parse-node kind: `CreateStmt`, `CreateExtensionStmt`, `CopyStmt`, … */
  kind: string;
  /** The parse node (shape of `@pgsql/types`), for the few statements we look inside. */
  node: Record<string, unknown>;
  location: SourceLocation;
  /** Offset (in characters) of `sql` within the file text, to map error positions back. */
  offset: number;
}

export interface SplitResult {
  statements: Statement[];
  warnings: Warning[];
}

let loaded: Promise<void> | undefined;
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Returns a function giving the 1-based line and column of a character offset in `text` (binary search). */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Maps UTF-8 byte offsets (what the parser reports) to string offsets. */
export function byteToCharMapper(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => b;
  const map: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) map[bytes + k] = i;
    bytes += width;
    if (code >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return (b) => map[Math.min(b, bytes)] ?? text.length;
}

/** Splits `text` (the contents of `file`) into statements. Throws a located SchemaproofError on a syntax error. */
export async function splitStatements(text: string, file: string): Promise<SplitResult> {
  await loadParser();
  const { sql, warnings } = stripPsql(text, file);
  const toChar = byteToCharMapper(sql);
  const lineColumn = lineIndex(sql);
  let parsed: { stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] };
  try {
    parsed = parseSync(sql) as typeof parsed;
  } catch (error) {
    const details = (error as { sqlDetails?: { message: string; cursorPosition: number } }).sqlDetails;
    const message = details?.message ?? (error as Error).message;
    const at = details ? toChar(Math.max(0, details.cursorPosition)) : 0;
    const { line, column } = lineColumn(at);
    const lineText = sql.split('\n')[line - 1]?.trim() ?? '';
    throw new SchemaproofError(message, {
      location: { file, line, column },
      detail: lineText ? `at: ${lineText.length > 100 ? lineText.slice(0, 97) + '...' : lineText}` : undefined,
      hint: 'the file does not parse as PostgreSQL SQL; fix the statement or exclude the file',
    });
  }

  const statements: Statement[] = [];
  for (const raw of parsed.stmts ?? []) {
    const startByte = raw.stmt_location ?? 0;
    const start = toChar(startByte);
    const end = raw.stmt_len ? toChar(startByte + raw.stmt_len) : sql.length;
    const codeStart = firstCodeOffset(sql, start, end);
    const body = sql.slice(codeStart, end).trimEnd();
    if (!body) continue;
    const kind = Object.keys(raw.stmt)[0] ?? 'Unknown';
    statements.push({
      sql: body,
      kind,
      node: (raw.stmt[kind] ?? {}) as Record<string, unknown>,
      location: { file, ...lineColumn(codeStart) },
      offset: codeStart,
    });
  }
  return { statements, warnings };
}
