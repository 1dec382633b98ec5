/**
 * Claims in a document's SQL code blocks, read with the real PostgreSQL parser (libpg-query): `CREATE TABLE` (the
 * table, each column's type / NOT NULL / UNIQUE / DEFAULT / REFERENCES, CHECK value lists, table constraints),
 * `CREATE INDEX`, `ALTER TABLE … ENABLE/FORCE ROW LEVEL SECURITY` and `ADD CONSTRAINT`, `CREATE POLICY`,
 * `CREATE TRIGGER`, `CREATE FUNCTION`, `CREATE VIEW`, and the tables that `ANALYZE` / `VACUUM` / `REINDEX TABLE`
 * name. Other statements (SELECT, INSERT, …) claim nothing about the schema.
 *
 * A block that does not parse as a whole is split at its semicolons (found by the SQL scanner, so a `;` inside a
 * string does not split) and each piece is parsed alone; the lines of the pieces that still do not parse are handed
 * back (a line of such a piece that parses alone still counts), for the caller to read as pseudo-code
 * (`idx_leads_owner_status (owner_id, status)`).
 *
 * `loadParser()` (src/source/statements.ts) must have resolved first.
 */
import { byteToCharMapper } from '../source/statements.js';
import { parseSync, scanSync } from 'libpg-query';
import { kindOf, walk, type Node } from '../analyze/sql-expr.js';
import type { DeleteRule } from '../analyze/types.js';
import type { PolicyCommand, TriggerEvent } from '../model/types.js';
import type { ClaimBody, Spans } from './types.js';

export interface CodeLine {
  line: number;
  text: string;
}

/**
 * Where a value stands in the claim's line: its text, or `[anchor, text]` — the first `text` after `anchor` (when a
 * line holds several claims: `a → t ON DELETE CASCADE`, `b → u ON DELETE CASCADE`).
 */
export type Locate = Partial<Record<keyof Spans, string | [string, string]>>;

/** Receives one claim: its body, the document line, and the texts in that line that state values (for `--fix`). */
export type Emit = (body: ClaimBody, line: number, locate?: Locate) => void;

interface Source {
  /** The whole block. */
  text: string;
  /** Document line of a character offset in `text`. */
  lineAt(offset: number): number;
  /** A parse-tree location (a byte offset in the parsed piece) as a character offset in `text`. */
  at(location: unknown): number | null;
}

const FK_ACTION: Record<string, DeleteRule> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** Reads the claims of one SQL block; returns the lines of the pieces that do not parse. */
export function sqlBlockClaims(lines: CodeLine[], emit: Emit): CodeLine[] {
  const text = lines.map((l) => l.text).join('\n');
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.text.length + 1;
  }
  const lineAt = (offset: number): number => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
    return lines[i]?.line ?? lines[0]?.line ?? 0;
  };
  const unparsed: CodeLine[] = [];
  for (const whole of pieces(text)) {
    let parts = [whole];
    if (parsePiece(whole.text) === null) {
      // A piece that does not parse: each of its lines that parses alone (`ANALYZE leads;` after pseudo-SQL) still counts.
      parts = [];
      lines.forEach((l, i) => {
        const offset = starts[i]!;
        if (offset < whole.start || offset >= whole.start + whole.text.length) return;
        if (l.text.trim() !== '' && parsePiece(l.text)?.length) parts.push({ start: offset, text: l.text });
        else unparsed.push(l);
      });
    }
    for (const piece of parts) {
      const statements = parsePiece(piece.text) ?? [];
      const toChar = byteToCharMapper(piece.text);
      const source: Source = { text, lineAt, at: (location) => (typeof location === 'number' && location >= 0 ? piece.start + toChar(location) : null) };
      for (const s of statements) statementClaims(s.stmt, piece.start + s.offset, piece.start + s.offset + s.length, source, emit);
    }
  }
  return unparsed;
}

/** The block as one piece when it parses, else split after each `;` token. */
function pieces(text: string): { start: number; text: string }[] {
  if (parsePiece(text) !== null) return [{ start: 0, text }];
  let semicolons: number[];
  try {
    const toChar = byteToCharMapper(text);
    semicolons = scanSync(text)
      .tokens.filter((t) => t.text === ';')
      .map((t) => toChar(t.end));
  } catch {
    semicolons = [...text.matchAll(/;[ \t]*(?=\n|$)/g)].map((m) => m.index + 1);
  }
  const out: { start: number; text: string }[] = [];
  let from = 0;
  for (const end of [...semicolons, text.length]) {
    if (end <= from) continue;
    const piece = text.slice(from, end);
    if (piece.trim() !== '') out.push({ start: from, text: piece });
    from = end;
  }
  return out;
}

interface ParsedStatement {
  stmt: Node;
  /** Character offset and length within the piece. */
  offset: number;
  length: number;
}

/** The statements of a piece (offsets in characters), or null when it does not parse. */
function parsePiece(text: string): ParsedStatement[] | null {
  let result: { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    result = parseSync(text) as unknown as typeof result;
  } catch {
    return null;
  }
  const toChar = byteToCharMapper(text);
  return (result.stmts ?? []).map((s) => {
    const startByte = s.stmt_location ?? 0;
    const start = toChar(startByte);
    const end = s.stmt_len ? toChar(startByte + s.stmt_len) : text.length;
    // stmt_location can point at the comments before a statement: move to its first SQL token.
    const lead = /^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/.exec(text.slice(start, end))?.[0].length ?? 0;
    return { stmt: s.stmt, offset: start + lead, length: end - start - lead };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Statements

function relationName(node: unknown): string | null {
  const r = node as { relname?: string; schemaname?: string } | undefined;
  if (!r?.relname) return null;
  return r.schemaname ? `${r.schemaname}.${r.relname}` : r.relname;
}

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((n) => String(kindOf(n)[1].sval ?? ''));
}

function statementClaims(stmt: Node, start: number, end: number, src: Source, emit: Emit): void {
  const [kind, body] = kindOf(stmt);
  const line = src.lineAt(start);
  const at = src.at;
  const stmtText = src.text.slice(start, end);
  switch (kind) {
    case 'CreateStmt':
      createTable(body, start, end, src, emit);
      return;
    case 'IndexStmt': {
      const table = relationName(body.relation);
      const open = stmtText.indexOf('(', stmtText.search(/\bON\b/i));
      const keys = open >= 0 ? splitTopLevel(balanced(stmtText, open) ?? '') : [];
      const where = /\bWHERE\b([\s\S]*)$/i.exec(stmtText.slice(open >= 0 ? open + (balanced(stmtText, open)?.length ?? 0) : 0));
      emit(
        {
          kind: 'index',
          name: typeof body.idxname === 'string' ? body.idxname : null,
          table,
          columns: keys,
          unique: body.unique === true,
          predicate: where ? where[1]!.replace(/;\s*$/, '').trim() : null,
          exists: true,
        },
        line,
        { columns: keys.join(', ') },
      );
      return;
    }
    case 'AlterTableStmt': {
      const table = relationName(body.relation);
      if (!table) return;
      for (const c of (body.cmds as Node[] | undefined) ?? []) {
        const cmd = kindOf(c)[1];
        if (cmd.subtype === 'AT_EnableRowSecurity') emit({ kind: 'rls', table, enabled: true }, line);
        if (cmd.subtype === 'AT_DisableRowSecurity') emit({ kind: 'rls', table, enabled: false }, line);
        if (cmd.subtype === 'AT_ForceRowSecurity') emit({ kind: 'rls', table, enabled: true, forced: true }, line);
        if (cmd.subtype === 'AT_AddConstraint' && cmd.def) tableConstraint(table, kindOf(cmd.def as Node)[1], line, emit, stmtText);
      }
      return;
    }
    case 'CreatePolicyStmt': {
      const table = relationName(body.table);
      if (!table || typeof body.policy_name !== 'string') return;
      const using = clause(stmtText, /\bUSING\s*\(/i);
      const withCheck = clause(stmtText, /\bWITH\s+CHECK\s*\(/i);
      const roles = ((body.roles as Node[] | undefined) ?? []).map((r) => {
        const spec = kindOf(r)[1];
        return spec.roletype === 'ROLESPEC_PUBLIC' ? 'public' : String(spec.rolename ?? spec.roletype);
      });
      emit(
        {
          kind: 'policy',
          table,
          name: body.policy_name,
          command: String(body.cmd_name ?? 'all') as PolicyCommand,
          roles: roles.length ? roles.sort() : ['public'],
          ...(using !== null ? { using } : {}),
          ...(withCheck !== null ? { withCheck } : {}),
        },
        line,
      );
      return;
    }
    case 'CreateTrigStmt': {
      if (typeof body.trigname !== 'string') return;
      const timing = Number(body.timing ?? 0);
      const events = Number(body.events ?? 0);
      const list: TriggerEvent[] = [];
      if (events & 4) list.push('insert');
      if (events & 16) list.push('update');
      if (events & 8) list.push('delete');
      if (events & 32) list.push('truncate');
      const fn = names(body.funcname);
      emit(
        {
          kind: 'trigger',
          name: body.trigname,
          table: relationName(body.relation),
          timing: timing & 64 ? 'instead of' : timing & 2 ? 'before' : 'after',
          events: list,
          level: body.row === true ? 'row' : 'statement',
          function: fn.join('.'),
          exists: true,
        },
        line,
      );
      return;
    }
    case 'CreateFunctionStmt': {
      const fn = names(body.funcname).join('.');
      const args = ((body.parameters as Node[] | undefined) ?? [])
        .map((p) => kindOf(p)[1])
        .filter((p) => p.mode !== 'FUNC_PARAM_OUT' && p.mode !== 'FUNC_PARAM_TABLE')
        .map((p) => ({
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
          type: typeText(p.argType as Node | undefined),
        }));
      emit({ kind: 'function', name: fn, args, exists: true }, line);
      return;
    }
    case 'ViewStmt': {
      const name = relationName(body.view);
      if (!name) return;
      const ctes = new Set<string>();
      walk(body.query, (k, b) => {
        if (k === 'CommonTableExpr' && typeof b.ctename === 'string') ctes.add(b.ctename);
      });
      const reads = new Set<string>();
      walk(body.query, (k, b) => {
        if (k === 'RangeVar') {
          const rel = relationName(b);
          if (rel && !ctes.has(rel)) reads.add(rel);
        }
      });
      emit({ kind: 'view', name, reads: [...reads].sort() }, line);
      return;
    }
    case 'VacuumStmt':
      for (const r of (body.rels as Node[] | undefined) ?? []) {
        const relation = kindOf(r)[1].relation as { location?: number } | undefined;
        const rel = relationName(relation);
        if (rel) emit({ kind: 'table', table: rel, exists: true }, src.lineAt(at(relation?.location) ?? start));
      }
      return;
    case 'ReindexStmt': {
      const rel = relationName(body.relation);
      if (rel && body.kind === 'REINDEX_OBJECT_TABLE') emit({ kind: 'table', table: rel, exists: true }, line);
      return;
    }
    default:
      return;
  }
}

/** A type from its parse tree: `varchar(255)`, `int4[]` (pg_catalog dropped), for arguments that have no written text. */
export function typeText(typeName: Node | undefined): string {
  if (!typeName) return '';
  const t = typeName as { names?: Node[]; typmods?: Node[]; arrayBounds?: Node[] };
  const parts = names(t.names).filter((n, _, all) => !(n === 'pg_catalog' && all.length > 1));
  const mods = (t.typmods ?? []).map((m) => {
    const [, b] = kindOf(m);
    const ival = (b.ival as { ival?: number } | undefined)?.ival;
    return String(ival ?? 0);
  });
  return `${parts.join('.')}${mods.length ? `(${mods.join(',')})` : ''}${'[]'.repeat((t.arrayBounds ?? []).length)}`;
}

function createTable(body: Record<string, unknown>, start: number, end: number, src: Source, emit: Emit): void {
  const at = src.at;
  const table = relationName(body.relation);
  if (!table) return;
  emit({ kind: 'table', table, exists: true }, src.lineAt(start));
  const elements = (body.tableElts as Node[] | undefined) ?? [];
  const pkColumns = new Set<string>();
  for (const e of elements) {
    const [k, b] = kindOf(e);
    if (k === 'Constraint' && b.contype === 'CONSTR_PRIMARY') for (const c of names(b.keys)) pkColumns.add(c);
  }
  const elementStarts = elements
    .map((e) => at(kindOf(e)[1].location))
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  for (const e of elements) {
    const [k, b] = kindOf(e);
    const location = at(b.location);
    const line = src.lineAt(location ?? start);
    if (k === 'Constraint') {
      const next = elementStarts.find((s) => location !== null && s > location) ?? end;
      tableConstraint(table, b, line, emit, src.text.slice(location ?? start, next));
      continue;
    }
    if (k !== 'ColumnDef' || typeof b.colname !== 'string') continue;
    const column = b.colname;
    const constraints = ((b.constraints as Node[] | undefined) ?? []).map((c) => kindOf(c)[1]);
    const typeStart = at((b.typeName as { location?: number } | undefined)?.location);
    const nextElement = elementStarts.find((s) => location !== null && s > location) ?? end;
    const firstConstraint = constraints.map((c) => at(c.location)).filter((x): x is number => x !== null && (typeStart === null || x > typeStart));
    const typeEnd = Math.min(nextElement, ...firstConstraint);
    const written = typeStart !== null ? cutType(src.text.slice(typeStart, typeEnd)) : typeText(b.typeName as Node);
    const isPk = constraints.some((c) => c.contype === 'CONSTR_PRIMARY') || pkColumns.has(column);
    const notNull = isPk || constraints.some((c) => c.contype === 'CONSTR_NOTNULL');
    const unique = constraints.some((c) => c.contype === 'CONSTR_UNIQUE');
    const def = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
    let defaultText: string | undefined;
    if (def) {
      const from = at(def.location);
      const next = constraints.map((c) => at(c.location)).filter((x): x is number => x !== null && from !== null && x > from);
      const to = Math.min(nextElement, ...next);
      if (from !== null) defaultText = cutType(src.text.slice(from, to)).replace(/^DEFAULT\s+/i, '');
    }
    emit(
      {
        kind: 'column',
        table,
        column,
        exists: true,
        type: written,
        notNull,
        ...(unique ? { unique: true } : {}),
        ...(defaultText ? { default: defaultText } : {}),
      },
      line,
      { type: written },
    );
    if (constraints.some((c) => c.contype === 'CONSTR_PRIMARY')) emit({ kind: 'primary-key', table, columns: [column] }, line);
    for (const c of constraints) {
      if (c.contype === 'CONSTR_FOREIGN') {
        const rule = FK_ACTION[String(c.fk_del_action ?? 'a')] ?? 'no action';
        const refColumns = names(c.pk_attrs);
        emit(
          {
            kind: 'foreign-key',
            table,
            columns: [column],
            refTable: relationName(c.pktable),
            refColumns: refColumns.length ? refColumns : null,
            onDelete: rule,
          },
          line,
          ruleSpan(src.text.slice(at(c.location) ?? 0, nextElement)),
        );
      }
      if (c.contype === 'CONSTR_CHECK') checkValues(table, c.raw_expr as Node | undefined, line, emit);
    }
  }
}

/** Table-level (or ADD CONSTRAINT) constraints: PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK. */
function tableConstraint(table: string, c: Record<string, unknown>, line: number, emit: Emit, written: string): void {
  if (c.contype === 'CONSTR_PRIMARY') emit({ kind: 'primary-key', table, columns: names(c.keys) }, line);
  if (c.contype === 'CONSTR_UNIQUE') emit({ kind: 'unique', table, columns: names(c.keys) }, line);
  if (c.contype === 'CONSTR_FOREIGN') {
    const refColumns = names(c.pk_attrs);
    emit(
      {
        kind: 'foreign-key',
        table,
        columns: names(c.fk_attrs),
        refTable: relationName(c.pktable),
        refColumns: refColumns.length ? refColumns : null,
        onDelete: FK_ACTION[String(c.fk_del_action ?? 'a')] ?? 'no action',
      },
      line,
      ruleSpan(written),
    );
  }
  if (c.contype === 'CONSTR_CHECK') checkValues(table, c.raw_expr as Node | undefined, line, emit);
}

function ruleSpan(text: string): Locate {
  const m = /ON\s+DELETE\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION)/i.exec(text);
  return m ? { onDelete: m[0] } : {};
}

/** `CHECK (col IN ('a', 'b'))` on one column: the closed set it states. */
function checkValues(table: string, expr: Node | undefined, line: number, emit: Emit): void {
  if (!expr) return;
  const [kind, body] = kindOf(expr);
  if (kind !== 'A_Expr' || body.kind !== 'AEXPR_IN') return;
  const left = kindOf(body.lexpr as Node);
  if (left[0] !== 'ColumnRef') return;
  const fields = names(left[1].fields);
  const items = (kindOf(body.rexpr as Node)[1].items as Node[] | undefined) ?? [];
  const values: string[] = [];
  for (const item of items) {
    const [k, b] = kindOf(item);
    const sval = (b.sval as { sval?: string } | undefined)?.sval;
    if (k !== 'A_Const' || sval === undefined) return;
    values.push(sval);
  }
  if (fields.length === 1 && values.length) {
    emit({ kind: 'values', table, column: fields[0]!, values, count: null }, line, { values: values.map((v) => `'${v}'`).join(', ') });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers

/** A written type or default cut at the first top-level comma or `--` comment, trimmed. */
function cutType(text: string): string {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === '(') depth++;
    if (ch === ')') {
      if (depth === 0) return text.slice(0, i).trim();
      depth--;
    }
    if ((ch === ',' && depth === 0) || text.startsWith('--', i)) return text.slice(0, i).trim();
  }
  return text.replace(/;\s*$/, '').trim();
}

/** The text of a balanced parenthesised group starting at `open` (which holds `(`), without the outer parentheses. */
export function balanced(text: string, open: number): string | null {
  let depth = 0;
  let quote = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === '(') depth++;
    if (ch === ')') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return null;
}

/** Splits at top-level commas (not inside parentheses or quotes), trimmed. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = text.slice(from).trim();
  if (last) out.push(last);
  return out;
}

/** The parenthesised expression after a keyword (`USING (…)`), or null. */
function clause(text: string, keyword: RegExp): string | null {
  const m = keyword.exec(text);
  if (!m) return null;
  return balanced(text, m.index + m[0].length - 1);
}

