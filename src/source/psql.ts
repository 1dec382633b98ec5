/**
 * psql scripts are SQL plus things the server never sees: backslash meta-commands (`\connect`, `\restrict`,
 * `\set ON_ERROR_STOP`, `\copy`, `\i`) and the data lines that follow `COPY … FROM stdin;`. This module finds
 * them with a small lexer that knows where SQL quotes and comments begin and end, and blanks them out so that
 * the rest is plain SQL for the real parser — keeping every line where it was, so locations stay true.
 */
import type { Warning } from '../errors.js';

/** Meta-commands pg_dump emits around a dump; they carry no schema and are dropped without a word. */
const SILENT_META = new Set(['connect', 'c', 'restrict', 'unrestrict', 'encoding']);

export interface PsqlScan {
  /** The SQL with meta-commands and COPY data replaced by spaces (newlines kept). */
  sql: string;
  warnings: Warning[];
}

type State =
  | { kind: 'code' }
  | { kind: 'single'; escapes: boolean }
  | { kind: 'double' }
  | { kind: 'dollar'; tag: string }
  | { kind: 'line-comment' }
  | { kind: 'block-comment'; depth: number }
  | { kind: 'copy-data' };

const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

export function stripPsql(text: string, file: string): PsqlScan {
  const out = text.split('');
  const warnings: Warning[] = [];
  let state: State = { kind: 'code' };
  let statementStart = 0;
  let line = 1;
  let lineStart = 0;

  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const locate = (at: number) => ({ file, line, column: at - lineStart + 1 });

  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];

    if (ch === '\n') {
      if (state.kind === 'line-comment') state = { kind: 'code' };
      line++;
      lineStart = i + 1;
      i++;
      if (state.kind === 'copy-data') {
        // Data lines run until a line that is exactly `\.`.
        const end = text.indexOf('\n', i);
        const stop = end === -1 ? text.length : end;
        const content = text.slice(i, stop).replace(/\r$/, '');
        blank(i, stop);
        if (content === '\\.') {
          state = { kind: 'code' };
          statementStart = stop;
        }
        i = stop;
      }
      continue;
    }

    switch (state.kind) {
      case 'code': {
        if (ch === '-' && next === '-') {
          state = { kind: 'line-comment' };
          i += 2;
        } else if (ch === '/' && next === '*') {
          state = { kind: 'block-comment', depth: 1 };
          i += 2;
        } else if (ch === "'") {
          const prev = text[i - 1];
          state = { kind: 'single', escapes: prev === 'E' || prev === 'e' };
          i++;
        } else if (ch === '"') {
          state = { kind: 'double' };
          i++;
        } else if (ch === '$') {
          const m = DOLLAR_TAG.exec(text.slice(i, i + 64));
          // `$1` parameters and identifiers containing `$` are not quotes.
          const prev = text[i - 1];
          if (m && !(prev && /[\w$]/.test(prev))) {
            state = { kind: 'dollar', tag: m[0] };
            i += m[0].length;
          } else i++;
        } else if (ch === '\\') {
          i = metaCommand(i);
        } else if (ch === ';') {
          i++;
          if (isCopyFromStdin(text.slice(statementStart, i))) {
            warnings.push({
              location: locate(firstCodeOffset(text, statementStart)),
              message: 'COPY … FROM stdin data skipped: schemaproof reads the schema, not the data',
            });
            blank(statementStart, i);
            state = { kind: 'copy-data' };
          }
          statementStart = i;
        } else i++;
        break;
      }
      case 'single':
        if (ch === '\\' && state.escapes) i += 2;
        else if (ch === "'" && next === "'") i += 2;
        else {
          if (ch === "'") state = { kind: 'code' };
          i++;
        }
        break;
      case 'double':
        if (ch === '"' && next === '"') i += 2;
        else {
          if (ch === '"') state = { kind: 'code' };
          i++;
        }
        break;
      case 'dollar':
        if (text.startsWith(state.tag, i)) {
          i += state.tag.length;
          state = { kind: 'code' };
        } else i++;
        break;
      case 'line-comment':
        i++;
        break;
      case 'block-comment':
        if (ch === '/' && next === '*') {
          state = { kind: 'block-comment', depth: state.depth + 1 };
          i += 2;
        } else if (ch === '*' && next === '/') {
          state = state.depth === 1 ? { kind: 'code' } : { kind: 'block-comment', depth: state.depth - 1 };
          i += 2;
        } else i++;
        break;
      case 'copy-data':
        i++;
        break;
    }
  }

  return { sql: out.join(''), warnings };

  /** A meta-command runs from the backslash to the end of the line. Returns where scanning resumes. */
  function metaCommand(at: number): number {
    const end = text.indexOf('\n', at);
    const stop = end === -1 ? text.length : end;
    const command = text.slice(at, stop).replace(/\r$/, '').trim();
    const name = /^\\([A-Za-z!?.]*)/.exec(command)?.[1] ?? '';
    blank(at, stop);
    if (!SILENT_META.has(name)) {
      warnings.push({ location: locate(at), message: describeMeta(name, command) });
    }
    return stop;
  }
}

function describeMeta(name: string, command: string): string {
  const shown = command.length > 80 ? `${command.slice(0, 77)}...` : command;
  switch (name) {
    case 'copy':
      return `psql command skipped: ${shown} (a data load; schemaproof reads the schema, not the data)`;
    case 'i':
    case 'ir':
    case 'include':
    case 'include_relative':
      return `psql command skipped: ${shown} (the included file is not applied; name it on the command line to apply it)`;
    case 'set':
    case 'unset':
    case 'pset':
    case 'echo':
    case 'timing':
    case 'q':
      return `psql command skipped: ${shown} (no effect on the schema)`;
    default:
      return `psql command skipped: ${shown} (psql meta-commands are not SQL; only the SQL is applied)`;
  }
}

function isCopyFromStdin(statement: string): boolean {
  const code = statement.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  return /^\s*COPY\b[\s\S]*\bFROM\s+STDIN\b/i.test(code);
}

/** Offset of the first character that is neither whitespace nor inside a comment, from `from`. */
export function firstCodeOffset(text: string, from: number, to = text.length): number {
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    if (/\s/.test(ch)) i++;
    else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? to : end + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? to : end + 2;
    } else break;
  }
  return Math.min(i, to);
}
