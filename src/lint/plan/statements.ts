/**
 * A remediation read as SQL statements, for the remediation planner: split with the real PostgreSQL parser (never on
 * `;` or line breaks: function bodies and strings hold both), each statement with its parse node, its own text and an
 * identity (`canon`) under which two fixes that write the same statement differently — `public.t` or `t`, one space or
 * two — are the same. Everything between statements (comments, blank lines) is kept as it is.
 *
 * libpg-query reports statement offsets in UTF-8 bytes; the text is cut on bytes and decoded back.
 */
import { parseSync } from 'libpg-query';
import type { Node } from '../../analyze/sql-expr.js';

export interface Statement {
  /** The parse node, `{ IndexStmt: { … } }`. */
  node: Node;
  /** Its kind: `IndexStmt`, `AlterTableStmt`, … */
  kind: string;
  /** The statement as written, up to and including its semicolon. */
  text: string;
  /** Identity: the parse tree without locations, unqualified relations in `public` (as the remediations mean them). */
  readonly canon: string;
}

/** The text between statements, or a statement. */
export type Piece = { text: string } | { statement: Statement };

/** Leading whitespace and comments (`-- …` lines, `/* … *\/`) of a statement's segment: their length in characters. */
function triviaLength(segment: string): number {
  let i = 0;
  for (;;) {
    while (i < segment.length && /\s/.test(segment[i]!)) i++;
    if (segment.startsWith('--', i)) {
      const nl = segment.indexOf('\n', i);
      i = nl < 0 ? segment.length : nl + 1;
    } else if (segment.startsWith('/*', i)) {
      const close = segment.indexOf('*/', i + 2);
      i = close < 0 ? segment.length : close + 2;
    } else {
      return i;
    }
  }
}

/** The identity of a parse node: locations left out, a RangeVar without a schema placed in `public`. */
export function canonical(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => {
    if (key === 'location') return undefined;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'relname' in value && !('schemaname' in value)) {
      return { schemaname: 'public', ...(value as Record<string, unknown>) };
    }
    return value;
  });
}

/** The statements of a remediation with the text around them; null when it does not parse (a placeholder in it). */
export function splitRemediation(sql: string): Piece[] | null {
  let parsed: { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    parsed = parseSync(sql) as unknown as typeof parsed;
  } catch {
    return null;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const pieces: Piece[] = [];
  let consumed = 0;
  for (const raw of parsed.stmts ?? []) {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const segment = bytes.subarray(start, end).toString('utf8');
    const lead = Buffer.byteLength(segment.slice(0, triviaLength(segment)));
    const ownStart = start + lead;
    let ownEnd = end;
    // The statement's own text ends at its semicolon (stmt_len stops before it); trailing blanks stay outside.
    const own = bytes.subarray(ownStart, ownEnd).toString('utf8').trimEnd();
    ownEnd = ownStart + Buffer.byteLength(own);
    if (bytes[end] === 0x3b) ownEnd = end + 1;
    if (ownStart > consumed) pieces.push({ text: bytes.subarray(consumed, ownStart).toString('utf8') });
    const kind = Object.keys(raw.stmt)[0] ?? '';
    const text = bytes.subarray(ownStart, ownEnd).toString('utf8');
    pieces.push({ statement: new ParsedStatement(raw.stmt, kind, text.endsWith(';') ? text : `${text};`) });
    consumed = ownEnd;
  }
  if (consumed < bytes.length) pieces.push({ text: bytes.subarray(consumed).toString('utf8') });
  return pieces;
}

/** A statement whose identity is computed when first asked for: the planner needs none for the CREATE INDEX ones. */
class ParsedStatement implements Statement {
  #canon: string | undefined;

  constructor(
    readonly node: Node,
    readonly kind: string,
    readonly text: string,
  ) {}

  get canon(): string {
    return (this.#canon ??= canonical(this.node));
  }
}

/** The remediation again, each statement replaced by what `replace` gives for it (its own text when undefined). */
export function joinPieces(pieces: Piece[], replace: (s: Statement) => string | undefined): string {
  return pieces.map((p) => ('text' in p ? p.text : (replace(p.statement) ?? p.statement.text))).join('');
}

/** A statement shown in one comment line: its first line, `…` when there is more. */
export function statementSummary(text: string): string {
  const lines = text.split('\n');
  return lines.length > 1 ? `${lines[0]!.trimEnd()} …` : text;
}

/** A RangeVar (`{ schemaname?, relname }`) as a model id; unqualified names are `public`'s. */
export function relationId(range: unknown): string | null {
  if (!range || typeof range !== 'object') return null;
  const r = range as { schemaname?: string; relname?: string };
  return r.relname ? `${r.schemaname ?? 'public'}.${r.relname}` : null;
}

/** A list of `{ String: { sval } }` nodes as names. */
export function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((n) => String((n as { String?: { sval?: string } }).String?.sval ?? '')) : [];
}
