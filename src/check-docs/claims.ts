/**
 * Claim extraction: from a read Markdown document (read.ts) to typed claims (types.ts), each with its file:line.
 *
 * What a line claims depends on where it stands, so each block is read in the context of its headings: a bullet
 * "`redemption_code` TEXT UNIQUE" under "### ✅ Recipients Table" is a column of `recipients`; a row under
 * "### Level 3 Tables" states that table's dependency level; "`idx_users_email`" under "## Key Indexes" is an
 * index. SQL code blocks are read with the Postgres parser (sql.ts); other code blocks as diagrams (FK trees,
 * `A (1) ──► (N) B` lines, state arrows).
 *
 * Precision over volume: a line yields a decidable claim only when its shape is unambiguous. Anything else that
 * looks like a claim (a ✅ mark, schema words, a `code` name) becomes one `unverifiable` claim with the reason, so
 * the report shows what was not checked instead of silently counting it. Advice ("Consider partitioning…"),
 * imperatives ("Use joinedload()"), and what the document says the application enforces claim nothing.
 */
import type { Cardinality, DeleteRule } from '../analyze/types.js';
import { markOf, plain, stripMarks, type Block, type MarkdownDocument } from './read.js';
import { balanced, sqlBlockClaims, splitTopLevel, type CodeLine, type Emit, type Locate } from './sql.js';
import { DELETE_RULE_SQL, type Claim, type ClaimBody, type CountSubject, type Spans } from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Context: what the headings above a block say it is about

type Context =
  | { kind: 'table'; table: string }
  | { kind: 'tables' }
  | { kind: 'level'; level: number }
  | { kind: 'column-holders'; column: string; present: boolean }
  | { kind: 'states'; table: string; column: string; count: number }
  | { kind: 'cardinality'; cardinality: Cardinality }
  | { kind: 'cascade'; rule: DeleteRule | 'not cascade' }
  | { kind: 'indexes' }
  | { kind: 'functions' }
  | { kind: 'triggers' }
  | { kind: 'policies' }
  | { kind: 'migrations' }
  | { kind: 'orphans' }
  | { kind: 'skip'; why: string }
  | { kind: 'none' };

const IDENT = '[A-Za-z_][A-Za-z0-9_$]*';

function classifyHeading(text: string, innermost: boolean): Context | null {
  const h = stripMarks(text);
  if (innermost && /recommend|optimi[sz]ation|\btodo\b|next steps|roadmap|future work|\bfindings?\b|remediation|suggested fix|how to fix|proposed (fix|change)/i.test(h)) {
    return { kind: 'skip', why: 'advice' };
  }
  if (/enforced by (the )?application|application[- ]level/i.test(h)) return { kind: 'skip', why: 'the application' };
  const level = /^level\s+(\d+)\b.*\btables?\b/i.exec(h);
  if (level) return { kind: 'level', level: Number(level[1]) };
  if (/^root tables?\b/i.test(h)) return { kind: 'level', level: 0 };
  const holders = new RegExp(`^tables\\s+(with|without)\\s+\`?(${IDENT})\`?`, 'i').exec(h);
  if (holders) return { kind: 'column-holders', column: holders[2]!, present: holders[1]!.toLowerCase() === 'with' };
  const states = new RegExp(`^\`?(${IDENT})\\.(${IDENT})\`?\\s*\\((\\d+)\\s+states?\\)`, 'i').exec(h);
  if (states) return { kind: 'states', table: states[1]!, column: states[2]!, count: Number(states[3]) };
  if (/self[- ]referential/i.test(h)) return { kind: 'cardinality', cardinality: 'self-referential' };
  if (/many[- ]to[- ]many|\b[NM]:[NM]\b/i.test(h)) return { kind: 'cardinality', cardinality: 'many-to-many' };
  if (/one[- ]to[- ]one|\b1:1\b/i.test(h)) return { kind: 'cardinality', cardinality: 'one-to-one' };
  if (/one[- ]to[- ]many|\b1:N\b/i.test(h)) return { kind: 'cardinality', cardinality: 'one-to-many' };
  if (/\borphan/i.test(h)) return { kind: 'orphans' };
  if (/\bno cascade\b/i.test(h)) return { kind: 'cascade', rule: 'not cascade' };
  if (/\bcascade delete\b|on delete cascade/i.test(h)) return { kind: 'cascade', rule: 'cascade' };
  const subject = /^(.+?)\s+(?:table|junction(?: table)?)$/i.exec(h);
  if (subject && !/\b(tables|by|of|for|with|and|per|in|on)\b/i.test(subject[1]!) && subject[1]!.split(/\s+/).length <= 4) return { kind: 'table', table: subject[1]!.replace(/`/g, '') };
  const bare = new RegExp(`^\`?(${IDENT})\`?(\\s*\\([^)]*\\))?$`).exec(h);
  if (bare && /[_a-z]/.test(bare[1]!) && bare[1] === bare[1]!.toLowerCase()) return { kind: 'table', table: bare[1]! };
  if (/\bind(ex|exes|ices)\b/i.test(h)) return { kind: 'indexes' };
  if (/\bfunctions?\b|\brpcs?\b/i.test(h)) return { kind: 'functions' };
  if (/\btriggers?\b/i.test(h)) return { kind: 'triggers' };
  if (!/retention/i.test(h) && /\brls\b|row[- ]level security|\bpolic(y|ies)\b/i.test(h)) return { kind: 'policies' };
  if (/\bmigrations?\b/i.test(h)) return { kind: 'migrations' };
  if (/\btables?\b/i.test(h)) return { kind: 'tables' };
  return null;
}

/** The innermost heading that says what the block is about. */
function contextOf(headings: string[]): Context {
  for (let i = headings.length - 1; i >= 0; i--) {
    const c = classifyHeading(headings[i]!, i === headings.length - 1);
    if (c) return c;
  }
  return { kind: 'none' };
}

function inPolicySection(headings: string[]): boolean {
  return headings.some((h) => !/retention/i.test(h) && /\brls\b|row[- ]level security|\bpolic(y|ies)\b/i.test(h));
}

// ---------------------------------------------------------------------------------------------------------------
// Describing claims in words


const list = (xs: string[]) => xs.join(', ');

export function describe(body: ClaimBody): string {
  switch (body.kind) {
    case 'table':
      return body.exists ? `table ${body.table} exists` : `table ${body.table} does not exist`;
    case 'column': {
      if (!body.exists) return `${body.table} has no column ${body.column}`;
      const parts = [body.type, body.notNull === true ? 'NOT NULL' : body.notNull === false ? 'nullable' : undefined, body.unique ? 'UNIQUE' : undefined, body.default ? `DEFAULT ${body.default}` : undefined].filter(Boolean);
      return `column ${body.table}.${body.column}${parts.length ? ` ${parts.join(' ')}` : ''} exists`;
    }
    case 'primary-key':
      return `${body.table} has PRIMARY KEY (${list(body.columns)})${body.type ? ` of type ${body.type}` : ''}`;
    case 'unique':
      return `${body.table} has UNIQUE (${list(body.columns)})`;
    case 'index': {
      const what = [body.unique ? 'unique index' : 'index', body.name ?? '', body.table ? `on ${body.table}` : '', body.columns ? `(${list(body.columns)})` : '']
        .filter(Boolean)
        .join(' ');
      const where = body.predicate ? ` WHERE ${body.predicate}` : '';
      return body.exists ? `${what}${where} exists` : `${what} does not exist`;
    }
    case 'foreign-key': {
      const cols = body.columns ? `(${list(body.columns)})` : '';
      const target = body.refTable ? `${body.refTable}${body.refColumns ? `(${list(body.refColumns)})` : ''}` : 'another table';
      const rule = body.onDelete ? ` ON DELETE ${DELETE_RULE_SQL[body.onDelete]}` : '';
      if (!body.refTable) return `${body.table} ${cols} is a foreign key`;
      return `${body.table}${cols ? ` ${cols}` : ''} references ${target}${rule}`;
    }
    case 'delete-rule': {
      const rule = body.rule === 'not cascade' ? 'not ON DELETE CASCADE' : `ON DELETE ${DELETE_RULE_SQL[body.rule]}`;
      return body.tables[1] === null
        ? `the FKs of ${body.tables[0]} (of a junction: both sides) are ${rule}`
        : `the FKs between ${body.tables[0]} and ${body.tables[1]} are ${rule}`;
    }
    case 'cardinality':
      if (body.cardinality === 'self-referential') return `${body.parent} references itself`;
      if (body.cardinality === 'many-to-many') return `${body.parent} and ${body.child} are many-to-many${body.via ? ` through ${body.via}` : ''}`;
      return `${body.parent} → ${body.child} is ${body.cardinality}`;
    case 'level':
      return `${body.table} is at dependency level ${body.level}`;
    case 'rls':
      if (!body.enabled) return `row-level security is off on ${body.table}`;
      return `row-level security is ${body.forced ? 'forced' : 'enabled'} on ${body.table}`;
    case 'rls-all':
      return body.scope === 'all' ? 'row-level security is enabled on every table' : 'row-level security is enabled on every tenant-scoped table';
    case 'policy':
      return `policy ${body.name} on ${body.table}${body.command && body.command !== 'all' ? ` FOR ${body.command.toUpperCase()}` : ''}${body.using ? ` USING (${body.using})` : ''}${body.withCheck ? ` WITH CHECK (${body.withCheck})` : ''} exists`;
    case 'trigger': {
      const when = body.timing && body.events ? ` ${body.timing.toUpperCase()} ${body.events.map((e) => e.toUpperCase()).join(' OR ')}` : '';
      const on = body.table ? ` on ${body.table}` : '';
      const fn = body.function ? ` → ${body.function}()` : '';
      return body.exists ? `trigger ${body.name}${when}${on}${fn} exists` : `trigger ${body.name} does not exist`;
    }
    case 'function': {
      const args = body.args ? `(${body.args.map((a) => [a.name, a.type].filter(Boolean).join(' ')).join(', ')})` : '';
      return body.exists ? `function ${body.name}${args} exists` : `function ${body.name} does not exist`;
    }
    case 'view':
      return `view ${body.name}${body.reads ? ` reads ${list(body.reads)}` : ''}`;
    case 'values': {
      const where = body.column ? `${body.table}.${body.column}` : `a column of ${body.table}`;
      if (body.values) return `${where} takes the values ${list(body.values)}`;
      return `${where} has ${body.count} values`;
    }
    case 'count':
      return `${body.atLeast ? 'at least ' : ''}${body.count} ${body.subject}`;
    case 'all-fks-indexed':
      return 'every foreign key is indexed';
    case 'column-types':
      return `every ${body.subject === 'status' ? 'status column' : body.subject === 'id' ? 'id column' : 'timestamp column'} is ${body.type === 'enum' ? 'an enum' : body.type}`;
    case 'migration':
      return `${body.file} is an applied migration`;
    case 'partitioned':
      return `${body.table} is partitioned`;
    case 'tenant-inherited':
      return `${body.table} inherits its tenant through FKs${body.via ? ` (via ${body.via})` : ''}`;
    case 'look-alike':
      return `${body.tables[0]} and ${body.tables[1]} are duplicate or conflicting definitions`;
    case 'orphan': {
      const fk = `the FK of ${body.table}${body.column ? ` (${body.column})` : ''}${body.ref ? ` to ${body.ref}` : ''}`;
      const nullable = body.nullable === null ? '' : body.nullable ? ' is nullable and' : ' is NOT NULL and';
      return body.outcome === 'detached'
        ? `${fk}${nullable} leaves ${body.table} rows without it when the referenced row is deleted`
        : `${fk}${nullable} blocks deleting the referenced row until ${body.table} rows are reassigned`;
    }
    case 'unverifiable':
      return body.claim;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Inline patterns

const VOCABULARY =
  /\b(tables?|columns?|fields?|ind(ex|exes|ices|exing|exed)|foreign keys?|fks?|references?|cascade|rls|row[- ]level security|polic(y|ies)|triggers?|functions?|rpcs?|enums?|unique|constraints?|not null|nullable|defaults?|migrations?|partition(ed|s|ing)?|views?|schemas?|primary key|integrity|orphan(ed)?|isolation|tenant|relationships?)\b/i;
const POLICY_WORDS = 'what policies allow is not read from their wording; `schemaproof verify` proves tenant isolation';
const STRONG_VOCABULARY = /\b(fks?|foreign keys?|nullable|cascade|orphan(ed)?|rls|polic(y|ies)|unique|index(ed)?)\b/i;
const METADATA = /^\*\*(audit date|scope|created|generated|last updated|updated|date|author|owner|version|schema version|reviewed by|task)\b[^*]*\*\*/i;
const IMPERATIVE = /^(use|avoid|consider|reassign|keep|update|run|add|ensure|prefer|make sure|do not|don't|remember)\b/i;
const MODAL = /\b(could|might|may want to|consider)\b/i;
const PLAN = /\bto be (created|added|archived|written|done)\b|\bplanned\b|\bwill be\b|\btodo\b|\bif (it )?exceeds\b/i;
const DELETE_RULE = /ON\s+DELETE\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION)/i;

const COUNT_SUBJECTS: [RegExp, CountSubject][] = [
  [/^tables?$/i, 'tables'],
  [/^(foreign keys?|fks?)$/i, 'foreign keys'],
  [/^relationships?$/i, 'relationships'],
  [/^ind(ex|exes|ices)$/i, 'indexes'],
  [/^(rls )?polic(y|ies)$/i, 'policies'],
  [/^triggers?$/i, 'triggers'],
  [/^functions?$/i, 'functions'],
  [/^views?$/i, 'views'],
  [/^enums?$/i, 'enums'],
  [/^migration files?$|^migrations?$/i, 'migrations'],
];
const COUNT_WORDS = 'tables?|foreign keys?|fks?|relationships?|indexes|indices|index|(?:rls )?polic(?:y|ies)|triggers?|functions?|views?|enums?|migration files?|migrations?';

function countSubject(word: string): CountSubject | null {
  for (const [re, subject] of COUNT_SUBJECTS) if (re.test(word.trim())) return subject;
  return null;
}

function ruleOf(text: string): DeleteRule {
  const r = text.toLowerCase().replace(/\s+/g, ' ');
  return (['cascade', 'set null', 'set default', 'restrict', 'no action'] as DeleteRule[]).find((x) => r.includes(x)) ?? 'no action';
}

/** `user_id → users(id) ON DELETE CASCADE`, `(a, b) → t(x, y)`, `adjusted_by→users`: an FK as written. */
function parseFk(text: string): { columns: string[]; refTable: string | null; refColumns: string[] | null; onDelete?: DeleteRule; rule?: string } | null {
  const m = new RegExp(
    `^\\(?\\s*(${IDENT}(?:\\s*,\\s*${IDENT})*)\\s*\\)?\\s*(?:→|->)\\s*(${IDENT}(?:\\.${IDENT})?)\\s*(?:\\(([^)]*)\\))?\\s*(${DELETE_RULE.source})?\\s*$`,
    'i',
  ).exec(text.trim());
  if (!m) return null;
  const refColumns = m[3] ? m[3].split(',').map((s) => s.trim()).filter(Boolean) : null;
  return {
    columns: m[1]!.split(',').map((s) => s.trim()),
    refTable: m[2]!,
    refColumns,
    ...(m[4] ? { onDelete: ruleOf(m[4]), rule: m[4] } : {}),
  };
}

/** `table.column → ref(col) ON DELETE …` (the table written in the code span itself). */
function qualifiedFk(text: string): { body: ClaimBody; locate: Locate } | null {
  const m = new RegExp(`^(${IDENT}(?:\\.${IDENT})?)\\.(${IDENT})\\s*(?:→|->)\\s*(.+)$`).exec(text.trim());
  if (!m) return null;
  const fk = parseFk(`${m[2]} → ${m[3]}`);
  if (!fk) return null;
  return {
    body: { kind: 'foreign-key', table: m[1]!, columns: fk.columns, refTable: fk.refTable, refColumns: fk.refColumns, ...(fk.onDelete ? { onDelete: fk.onDelete } : {}) },
    locate: fk.rule ? { onDelete: [text, fk.rule] } : {},
  };
}

/** A match with its two groups swapped (`RLS enabled on t` → `t`, `enabled`), or null. */
function swap(m: RegExpExecArray | null): RegExpExecArray | null {
  if (!m) return null;
  const out = [...m] as unknown as RegExpExecArray;
  [out[1], out[2]] = [m[2]!, m[1]!];
  return out;
}

/** The names at the start of a list item: `a`, `b` and **c** (code spans or bold), and the rest of the text. */
function leadingNames(text: string): { names: string[]; rest: string } | null {
  const m = /^((?:`[^`]+`|\*\*[^*]+\*\*)(?:\s*(?:,|and|&|\/)\s*(?:`[^`]+`|\*\*[^*]+\*\*))*)(.*)$/.exec(text.trim());
  if (!m) return null;
  const names = [...m[1]!.matchAll(/`([^`]+)`|\*\*([^*]+)\*\*/g)].map((x) => (x[1] ?? x[2] ?? '').trim());
  return { names, rest: m[2]!.trim() };
}

/** The text after a ` - ` / ` – ` / `: ` separator, or the rest itself. */
function description(rest: string): string {
  return rest.replace(/^\s*(?:[-–—:]\s*)/, '').trim();
}

const TYPE_WORD = /^((?:[A-Z][A-Z0-9_]*)(?:\s+(?:VARYING|PRECISION|WITH(?:OUT)? TIME ZONE))?(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])?)/;

// ---------------------------------------------------------------------------------------------------------------
// Extraction

interface Sink {
  claims: Claim[];
  emit: Emit;
  unverifiable(line: number, claim: string, reason: string): void;
}

function sink(doc: MarkdownDocument): Sink {
  const claims: Claim[] = [];
  const emit: Emit = (body, line, locate) => {
    const quote = doc.lines[line - 1] ?? '';
    const original = doc.rawLines[line - 1] ?? quote;
    const spans: Spans = {};
    const lower = quote.toLowerCase();
    for (const [key, where] of Object.entries(locate ?? {}) as [keyof Spans, string | [string, string]][]) {
      const [anchor, value] = typeof where === 'string' ? ['', where] : where;
      if (!value) continue;
      const from = anchor ? lower.indexOf(anchor.toLowerCase()) : 0;
      const at = from < 0 ? -1 : lower.indexOf(value.toLowerCase(), from);
      if (at >= 0) spans[key] = [at, at + value.length];
    }
    claims.push({
      file: doc.file,
      line,
      text: describe(body),
      quote,
      ...(original !== quote ? { original } : {}),
      body,
      ...(Object.keys(spans).length ? { spans } : {}),
    });
  };
  return { claims, emit, unverifiable: (line, claim, reason) => emit({ kind: 'unverifiable', claim, reason }, line) };
}

export function extractClaims(doc: MarkdownDocument): Claim[] {
  const out = sink(doc);
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'heading':
        headingClaims(block, out);
        break;
      case 'table':
        tableClaims(block, out);
        break;
      case 'list-item':
        lineClaims(block.text, block.line, [...block.context], out, true);
        break;
      case 'paragraph':
        lineClaims(block.text, block.line, [...block.context], out, false);
        break;
      case 'code':
        codeClaims(block, out);
        break;
    }
  }
  // Blocks emit in reading order, except a SQL block's unparsed lines (read after its statements): sort by line.
  return out.claims.map((c, i) => [c, i] as const).sort((a, b) => a[0].line - b[0].line || a[1] - b[1]).map(([c]) => c);
}

function headingClaims(block: Extract<Block, { kind: 'heading' }>, out: Sink): void {
  const text = block.text;
  if (generic(text, block.line, out)) return;
  const c = classifyHeading(text, true);
  if (c?.kind === 'table' && /\b(table|junction)\b/i.test(text)) {
    out.emit({ kind: 'table', table: c.table, exists: markOf(block.raw) !== 'no' }, block.line);
  }
  if (c?.kind === 'states') {
    out.emit({ kind: 'values', table: c.table, column: c.column, values: null, count: c.count }, block.line, { count: String(c.count) });
  }
}

/** Claims any line can make, whatever its section: counts, RLS on every table, FK indexing, column-type rules. */
function generic(text: string, line: number, out: Sink): boolean {
  const p = plain(text);
  const total = new RegExp(`\\btotal\\s+(${COUNT_WORDS})\\s*:?\\s*(\\d+)(\\+)?`, 'i').exec(p);
  // A bare "N tables" counts the whole schema only where it leads the line or follows has/contains/with, and ends the
  // phrase ("156 migration files", "The schema has 21 tables."), not in "System Configuration (2 tables)", "All 14
  // tables" or "7 tables with more than 12 columns".
  const counted = new RegExp(
    `(?:^|\\b(?:has|have|contains|with|holds)\\s+)(\\d+)(\\+)?\\s+(${COUNT_WORDS})\\b(?=\\s*(?:$|[,.;:(]|in\\b|in total\\b|and\\b))`,
    'i',
  ).exec(p);
  if (total) {
    const subject = countSubject(total[1]!);
    if (subject) {
      out.emit({ kind: 'count', subject, count: Number(total[2]), atLeast: total[3] === '+' }, line, { count: `${total[2]}${total[3] ?? ''}` });
      return true;
    }
  }
  if (counted && !PLAN.test(p)) {
    const subject = countSubject(counted[3]!);
    if (subject) {
      out.emit({ kind: 'count', subject, count: Number(counted[1]), atLeast: counted[2] === '+' }, line, { count: `${counted[1]}${counted[2] ?? ''}` });
      return true;
    }
  }
  if (/\b(rls|row[- ]level security)\b[^.]*\b(enabled|on)\b[^.]*\ball (user )?tables\b/i.test(p) || /\ball tables\b[^.]*\b(have|has|with)\b[^.]*\b(rls|row[- ]level security)\b/i.test(p)) {
    out.emit({ kind: 'rls-all', scope: 'all' }, line);
    return true;
  }
  if (/\ball tenant[- ]scoped tables\b[^.]*\b(rls|row[- ]level security)\b/i.test(p)) {
    out.emit({ kind: 'rls-all', scope: 'tenant' }, line);
    return true;
  }
  if (/\b(all )?foreign keys? (are )?indexed\b/i.test(p) || /\bforeign key ind(ices|exes)\b[^.]*\bautomatic\b/i.test(p)) {
    out.emit({ kind: 'all-fks-indexed' }, line);
    return true;
  }
  const rules: [RegExp, 'status' | 'id' | 'timestamp', 'enum' | 'uuid' | 'timestamptz'][] = [
    [/^enums? for (all )?status (fields|columns)$/i, 'status', 'enum'],
    [/^uuids? for (all )?(ids|id columns|primary keys)$/i, 'id', 'uuid'],
    [/^timestamptz for (all )?timestamps$/i, 'timestamp', 'timestamptz'],
  ];
  for (const [re, subject, type] of rules) {
    if (re.test(p)) {
      out.emit({ kind: 'column-types', subject, type }, line);
      return true;
    }
  }
  if (/\b(duplicate|conflicting|look-?alike)\b/i.test(p)) {
    const pairs = [...text.matchAll(/`([\w.]+)`\s+vs\.?\s+`([\w.]+)`/g)];
    if (pairs.length) {
      for (const m of pairs) out.emit({ kind: 'look-alike', tables: [m[1]!, m[2]!] }, line);
      return true;
    }
  }
  const qualifiedFks = [...text.matchAll(/`([^`]+)`/g)].map((m) => qualifiedFk(m[1]!)).filter((f) => f !== null);
  if (qualifiedFks.length) {
    for (const f of qualifiedFks) out.emit(f.body, line, f.locate);
    return true;
  }
  const rlsOn = new RegExp(`^\`?(${IDENT}(?:\\.${IDENT})?)\`?\\s*(?:[-–:]\\s*)?(?:has\\s+)?(?:rls|row[- ]level security)\\s+(enabled|on|forced|disabled|off)\\b`, 'i').exec(p) ??
    swap(new RegExp(`^(?:rls|row[- ]level security)\\s+(?:is\\s+)?(enabled|on|forced|disabled|off)\\s+(?:on|for)\\s+\`?(${IDENT}(?:\\.${IDENT})?)\`?$`, 'i').exec(p));
  if (rlsOn) {
    const state = rlsOn[2]!.toLowerCase();
    const negated = markOf(text) === 'no';
    const enabled = (state === 'enabled' || state === 'on' || state === 'forced') !== negated;
    out.emit({ kind: 'rls', table: rlsOn[1]!, enabled, ...(state === 'forced' && !negated ? { forced: true } : {}) }, line);
    return true;
  }
  const partitioned = new RegExp(`^\`?(${IDENT}(?:\\.${IDENT})?)\`?\\s+(?:is\\s+)?partitioned\\b`, 'i').exec(p);
  if (partitioned && /^[a-z_][a-z0-9_.]*$/.test(partitioned[1]!) && !/\bif\b/i.test(p)) {
    out.emit({ kind: 'partitioned', table: partitioned[1]! }, line);
    return true;
  }
  return false;
}

/** Does this text read like a statement about the schema (so that not checking it must be reported)? */
function looksLikeClaim(text: string): boolean {
  return markOf(text) !== null || /`[^`]+`/.test(text) || VOCABULARY.test(plain(text));
}

/** A list item or paragraph line, read in the context of its headings. */
function lineClaims(text: string, line: number, headings: string[], out: Sink, item: boolean): void {
  const ctx = contextOf(headings);
  if (ctx.kind === 'skip') return;
  const p = plain(text);
  if (p === '' || IMPERATIVE.test(p) || MODAL.test(p)) return;
  // A bold label alone ("**Gift Card Operations:**") introduces what follows; metadata ("**Audit Date:** …") is no claim.
  if (/^\*\*[^*]+\*\*:?\s*$/.test(text.trim()) || /^\*\*[^*]+:\*\*\s*$/.test(text.trim())) return;
  if (generic(text, line, out)) return;
  if (PLAN.test(p)) {
    if (looksLikeClaim(text)) out.unverifiable(line, p, 'a plan or a condition, not what the schema is');
    return;
  }
  const negated = markOf(text) === 'no';
  const usesIndex = /^\*\*uses index:?\*\*:?\s*(.*)$/i.exec(text.trim());
  if (usesIndex) {
    const names = [...usesIndex[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    if (names.length) for (const n of names) out.emit({ kind: 'index', name: n, table: null, columns: null, exists: true }, line);
    else out.unverifiable(line, p, 'names no index');
    return;
  }
  if (/^(pre-?loaded|seeded|sample data|demo data)\b/i.test(p)) {
    out.unverifiable(line, p, 'rows (data) are not part of the schema model');
    return;
  }
  if (!item) {
    if (/^this (document|page|file|report)\b/i.test(p) || p.endsWith(':')) return;
    if (METADATA.test(text.trim()) && markOf(text) === null) return;
    if (/^\*\*[^*]+:\*\*/.test(text.trim()) && !looksLikeClaim(text.replace(/^\*\*[^*]+:\*\*/, ''))) return;
    if (looksLikeClaim(text)) out.unverifiable(line, p, 'prose that states no checkable fact');
    return;
  }
  if (ctx.kind !== 'none' && contextItem(ctx, text, line, headings, negated, out)) return;
  if (looksLikeClaim(text)) out.unverifiable(line, p, 'not in a shape check-docs reads');
}

/** A list item in a section that says what its items are; false when the item has no shape for that section. */
function contextItem(ctx: Context, text: string, line: number, headings: string[], negated: boolean, out: Sink): boolean {
  const lead = leadingNames(stripMarks(text));
  switch (ctx.kind) {
    case 'table':
      return columnItem(ctx.table, text, line, negated, out);
    case 'tables':
    case 'column-holders': {
      const bare = /^([a-z_][a-z0-9_]*)(\s*\(.*\))?$/.exec(plain(text));
      const names = lead?.names ?? (bare ? [bare[1]!] : null);
      if (!names || names.some((n) => !new RegExp(`^${IDENT}(\\.${IDENT})?$`).test(n))) return false;
      const rest = lead ? lead.rest : plain(text).slice(names[0]!.length);
      for (const name of names) {
        if (ctx.kind === 'column-holders') out.emit({ kind: 'column', table: name, column: ctx.column, exists: ctx.present }, line);
        else out.emit({ kind: 'table', table: name, exists: !negated }, line);
      }
      tableItemDetails(names, rest, line, headings, out);
      return true;
    }
    case 'indexes': {
      if (!lead || lead.names.some((n) => !new RegExp(`^${IDENT}$`).test(n))) return false;
      for (const name of lead.names) out.emit({ kind: 'index', name, table: null, columns: null, exists: !negated }, line);
      return true;
    }
    case 'functions': {
      if (!lead) return false;
      const fns = lead.names.map(functionRef);
      if (fns.some((f) => f === null)) return false;
      for (const f of fns) out.emit({ kind: 'function', name: f!.name, ...(f!.args ? { args: f!.args } : {}), exists: !negated }, line);
      return true;
    }
    case 'triggers': {
      if (!lead || lead.names.some((n) => !new RegExp(`^${IDENT}$`).test(n))) return false;
      // "`name` - Users table" or "`name` on **auth.users** — …": the table it is on.
      const desc = description(lead.rest);
      const on = /^([A-Za-z][\w ]*?)\s+table$/i.exec(desc)?.[1] ?? new RegExp(`^on\\s+(?:\\*\\*|\`)?(${IDENT}(?:\\.${IDENT})?)(?:\\*\\*|\`)?(?=\\s|$)`).exec(lead.rest.trim())?.[1];
      for (const name of lead.names) out.emit({ kind: 'trigger', name, table: on ?? null, exists: !negated }, line);
      return true;
    }
    case 'migrations': {
      if (!lead || lead.names.some((n) => !/\.sql$/i.test(n))) return false;
      for (const file of lead.names) out.emit({ kind: 'migration', file }, line);
      return true;
    }
    case 'cardinality': {
      const m = new RegExp(`^\\*\\*(${IDENT})\\s*(?:→|->|◄─►|<->|↔|◄-►)\\s*(${IDENT})\\*\\*\\s*(?:\\((.*)\\))?`).exec(stripMarks(text).trim());
      if (!m) return false;
      const [, left, right, note] = m;
      if (ctx.cardinality === 'many-to-many') {
        const via = note ? new RegExp(`via\\s+(${IDENT})`, 'i').exec(note)?.[1] : undefined;
        out.emit({ kind: 'cardinality', parent: left!, child: right!, cardinality: 'many-to-many', ...(via ? { via } : {}) }, line);
      } else {
        out.emit({ kind: 'cardinality', parent: left!, child: right!, cardinality: ctx.cardinality }, line);
      }
      return true;
    }
    case 'orphans': {
      const m = new RegExp(`^\\*\\*(${IDENT})\\*\\*\\s*[-–:]\\s*if\\s+(?:the\\s+|its\\s+)?(${IDENT})(?:\\s+(${IDENT}))?\\s+is\\s+deleted\\b\\s*(?:\\(([^)]*)\\))?`, 'i').exec(stripMarks(text).trim());
      if (!m) return false;
      const [, table, first, second, note = ''] = m;
      const nullable = /\bnot nullable\b|\bnot null\b/i.test(note) ? false : /\bnullable\b/i.test(note) ? true : null;
      const outcome = /\brequires?\b|\bmust\b|\bblocked\b|\breassign/i.test(note) ? 'blocked' : 'detached';
      out.emit({ kind: 'orphan', table: table!, column: second ? first! : null, ref: second ?? first!, nullable, outcome }, line);
      return true;
    }
    case 'policies': {
      if (lead && lead.names.every((n) => new RegExp(`^${IDENT}$`).test(n) && n === n.toLowerCase())) {
        for (const name of lead.names) out.emit({ kind: 'table', table: name, exists: true }, line);
        out.unverifiable(line, plain(text), POLICY_WORDS);
        return true;
      }
      out.unverifiable(line, plain(text), 'a policy described in words, by neither name nor expression');
      return true;
    }
    default:
      return false;
  }
}

/** The parts of a table list item after its names: a column list `(id, email, …)`, FKs, tenancy, policy words. */
function tableItemDetails(names: string[], rest: string, line: number, headings: string[], out: Sink): void {
  const desc = description(rest.replace(/^\s*\((alternative|legacy|deprecated)\)\s*/i, ''));
  const columnList = new RegExp(`\\(\\s*(${IDENT}(?:\\s*,\\s*${IDENT}){1,})\\s*\\)\\s*$`).exec(desc);
  if (names.length === 1 && columnList) {
    for (const c of columnList[1]!.split(',').map((s) => s.trim())) out.emit({ kind: 'column', table: names[0]!, column: c, exists: true }, line);
    return;
  }
  const inner = /^\((.*)\)$/.exec(rest.trim())?.[1] ?? desc;
  let decided = false;
  for (const part of inner.split(/\s*,\s*/)) {
    const fk = new RegExp(`^FK to (${IDENT})$`, 'i').exec(part);
    if (fk) {
      for (const n of names) out.emit({ kind: 'foreign-key', table: n, columns: null, refTable: fk[1]!, refColumns: null }, line);
      decided = true;
    }
    const via = new RegExp(`^inherits tenant(?: via (${IDENT}))?$`, 'i').exec(part);
    if (via) {
      for (const n of names) out.emit({ kind: 'tenant-inherited', table: n, via: via[1] ?? null }, line);
      decided = true;
    }
  }
  if (decided) return;
  if (inPolicySection(headings) && desc) out.unverifiable(line, `${names.join(', ')}: ${plain(desc)}`, POLICY_WORDS);
  else if (STRONG_VOCABULARY.test(desc)) out.unverifiable(line, `${names.join(', ')}: ${plain(desc)}`, 'not in a shape check-docs reads');
}

/** `name`, `schema.name()`, `name(arg type, …)`: a function as a document names it. */
function functionRef(text: string): { name: string; args?: { name?: string; type?: string }[] } | null {
  const m = new RegExp(`^(${IDENT}(?:\\.${IDENT})?)\\s*(?:\\((.*)\\))?$`).exec(text.trim());
  if (!m) return null;
  if (m[2] === undefined) return { name: m[1]! };
  const args = splitTopLevel(m[2]).map((a) => {
    const parts = a.split(/\s+/);
    if (parts.length === 1) return /^[a-z_][a-z0-9_]*$/.test(parts[0]!) && !/^(uuid|text|jsonb?|int\d?|integer|bigint|boolean|date|timestamptz)$/i.test(parts[0]!) ? { name: parts[0]! } : { type: parts[0]! };
    return { name: parts[0]!, type: parts.slice(1).join(' ') };
  });
  return { name: m[1]!, args };
}

/** A list item under a table's heading: columns with their types and values, or the table's indexes. */
function columnItem(table: string, text: string, line: number, negated: boolean, out: Sink): boolean {
  const t = stripMarks(text).trim();
  const indexes = /^indexes on:?\s*(.+)$/i.exec(plain(t));
  if (indexes) {
    for (const col of indexes[1]!.split(/\s*,\s*/)) {
      if (new RegExp(`^${IDENT}$`).test(col)) out.emit({ kind: 'index', name: null, table, columns: [col], exists: !negated }, line);
    }
    return true;
  }
  const lead = leadingNames(t);
  if (!lead || lead.names.some((n) => !new RegExp(`^${IDENT}$`).test(n)) || !t.startsWith('`')) return false;
  // "`idx_x` (a, b DESC)": an index of the table with its keys, not a column.
  const keys = lead.rest.startsWith('(') ? balanced(lead.rest, 0) : null;
  if (lead.names.length === 1 && keys && splitTopLevel(keys).length > 0 && !/^[A-Z]/.test(keys)) {
    out.emit({ kind: 'index', name: lead.names[0]!, table, columns: splitTopLevel(keys), exists: !negated }, line, { columns: keys });
    return true;
  }
  if (lead.names.length > 1) {
    for (const column of lead.names) out.emit({ kind: 'column', table, column, exists: !negated }, line);
    const rest = plain(lead.rest);
    if (rest && !/^(tracking|fields?|columns?)$/i.test(rest) && looksLikeClaim(rest)) out.unverifiable(line, `${table}: ${rest}`, 'not in a shape check-docs reads');
    return true;
  }
  const column = lead.names[0]!;
  let rest = lead.rest;
  const typeMatch = TYPE_WORD.exec(rest);
  let type: string | undefined;
  if (typeMatch && !/^(UNIQUE|NOT|NULL|PRIMARY)\b/.test(typeMatch[1]!)) {
    type = typeMatch[1]!;
    rest = rest.slice(typeMatch[0].length).trim();
  }
  let unique = false;
  let notNull: boolean | undefined;
  for (;;) {
    const flag = /^(UNIQUE|NOT NULL|NULL|PRIMARY KEY)\b\s*/.exec(rest);
    if (!flag) break;
    if (flag[1] === 'UNIQUE') unique = true;
    if (flag[1] === 'NOT NULL' || flag[1] === 'PRIMARY KEY') notNull = true;
    if (flag[1] === 'NULL') notNull = false;
    rest = rest.slice(flag[0].length);
  }
  out.emit(
    {
      kind: 'column',
      table,
      column,
      exists: !negated,
      ...(type ? { type } : {}),
      ...(notNull !== undefined ? { notNull } : {}),
      ...(unique ? { unique: true } : {}),
    },
    line,
    type ? { type } : {},
  );
  // `col` UUID REFERENCES t(id) ON DELETE CASCADE, `col` → t(id), `col` - FK: → t(id)
  const ref = new RegExp(`^(?:[-–:]\\s*)?(?:FK:?\\s*)?(?:REFERENCES\\s+|→\\s*|->\\s*)(${IDENT}(?:\\.${IDENT})?)\\s*(?:\\(([^)]*)\\))?\\s*(${DELETE_RULE.source})?`, 'i').exec(rest);
  if (ref) {
    const refColumns = ref[2] ? ref[2].split(',').map((x) => x.trim()).filter(Boolean) : null;
    out.emit(
      { kind: 'foreign-key', table, columns: [column], refTable: ref[1]!, refColumns, ...(ref[3] ? { onDelete: ruleOf(ref[3]) } : {}) },
      line,
      ref[3] ? { onDelete: ref[3] } : {},
    );
    rest = rest.slice(ref[0].length);
  }
  const desc = description(rest);
  const values = new RegExp(`^(${IDENT}(?:\\s*/\\s*${IDENT})+)$`).exec(desc);
  if (values) {
    const list = values[1]!.split('/').map((s) => s.trim());
    out.emit({ kind: 'values', table, column, values: list, count: null }, line, { values: values[1]! });
  } else if (/\betc\.?$/i.test(desc) && /[,/]/.test(desc)) {
    out.unverifiable(line, `values of ${table}.${column}: ${desc}`, 'an open list ("etc"): the values it leaves out are not stated');
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown tables

function tableClaims(block: Extract<Block, { kind: 'table' }>, out: Sink): void {
  const ctx = contextOf(block.context);
  if (ctx.kind === 'skip') return;
  const header = block.header.map((h) => h.toLowerCase());
  if (header[0] !== 'table') {
    for (const row of block.rows) if (looksLikeClaim(row.raw)) out.unverifiable(row.line, plain(row.cells.join(' | ')), 'a table whose first column is not "Table"');
    return;
  }
  for (const row of block.rows) {
    const table = plain(row.cells[0] ?? '');
    if (!new RegExp(`^${IDENT}(\\.${IDENT})?$`).test(table)) {
      if (looksLikeClaim(row.raw)) out.unverifiable(row.line, plain(row.cells.join(' | ')), 'the first column names no table');
      continue;
    }
    out.emit({ kind: 'table', table, exists: markOf(row.cells[0] ?? '') !== 'no' }, row.line);
    if (ctx.kind === 'level') out.emit({ kind: 'level', table, level: ctx.level }, row.line);
    header.forEach((h, i) => {
      if (i === 0) return;
      const cell = (row.cells[i] ?? '').trim();
      if (cell === '' || cell === '-' || cell === '—') return;
      cellClaims(h, table, cell, row.line, out);
    });
  }
}

function cellClaims(header: string, table: string, cell: string, line: number, out: Sink): void {
  if (/^primary key$|^pk$/.test(header)) {
    const m = new RegExp(`^\\(?\\s*(${IDENT}(?:\\s*,\\s*${IDENT})*)\\s*\\)?\\s*(?:\\((\\w+)\\))?$`).exec(plain(cell));
    if (m) out.emit({ kind: 'primary-key', table, columns: m[1]!.split(',').map((s) => s.trim()), ...(m[2] ? { type: m[2] } : {}) }, line, m[2] ? { type: m[2] } : {});
    else out.unverifiable(line, `primary key of ${table}: ${plain(cell)}`, 'not a column list');
    return;
  }
  if (/^foreign keys?$|^fks?$|^references$/.test(header)) {
    const parts = /`/.test(cell) ? [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : splitTopLevel(plain(cell));
    for (const part of parts) {
      const fk = parseFk(part);
      if (fk) {
        out.emit(
          { kind: 'foreign-key', table, columns: fk.columns, refTable: fk.refTable, refColumns: fk.refColumns, ...(fk.onDelete ? { onDelete: fk.onDelete } : {}) },
          line,
          fk.rule ? { onDelete: [part, fk.rule] } : {},
        );
      } else out.unverifiable(line, `foreign key of ${table}: ${part}`, 'not in the shape `column → table(column)`');
    }
    return;
  }
  if (/unique/.test(header)) {
    const parts = /`/.test(cell) ? [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : [plain(cell)];
    for (const part of parts) {
      const m = new RegExp(`^\\(?\\s*(${IDENT}(?:\\s*,\\s*${IDENT})*)\\s*\\)?$`).exec(part.trim());
      if (m) out.emit({ kind: 'unique', table, columns: m[1]!.split(',').map((s) => s.trim()) }, line);
      else out.unverifiable(line, `unique key of ${table}: ${part}`, 'not a column list');
    }
    return;
  }
  if (/cardinality/.test(header)) {
    const m = new RegExp(`^(one|many)[- ]to[- ](one|many)\\s+with\\s+\`?(${IDENT})\`?`, 'i').exec(plain(cell));
    if (m) {
      const cardinality: Cardinality = m[1]!.toLowerCase() === 'many' && m[2]!.toLowerCase() === 'many' ? 'many-to-many' : m[2]!.toLowerCase() === 'one' ? 'one-to-one' : 'one-to-many';
      out.emit({ kind: 'cardinality', parent: m[3]!, child: table, cardinality }, line);
    } else out.unverifiable(line, `${table} is ${plain(cell)}`, 'a cardinality that names no other table');
    return;
  }
  if (/^(rls|row[- ]level security|rls enabled)$/.test(header) || /^forced?( rls)?$/.test(header)) {
    const v = plain(cell).toLowerCase();
    const on = markOf(cell) === 'yes' || /^(yes|on|enabled|true|forced)$/.test(v);
    const off = markOf(cell) === 'no' || /^(no|off|disabled|false)$/.test(v);
    if (!on && !off) out.unverifiable(line, `${header} of ${table}: ${plain(cell)}`, 'neither on nor off');
    else if (/^forced?/.test(header)) {
      if (on) out.emit({ kind: 'rls', table, enabled: true, forced: true }, line);
    } else out.emit({ kind: 'rls', table, enabled: on }, line);
    return;
  }
  if (/purpose|description|summary/.test(header)) {
    lifecycleClaims(table, cell, line, out);
    return;
  }
  if (looksLikeClaim(cell) || /notes?/.test(header) || /\d/.test(cell)) out.unverifiable(line, `${header} of ${table}: ${plain(cell)}`, 'a note in words');
}

/** "5-state lifecycle (claimable → claimed → …)", "(6 types: a, b, …)", "6-state boost lifecycle": a column's value set. */
function lifecycleClaims(table: string, cell: string, line: number, out: Sink): void {
  const p = plain(cell);
  const states = /(\d+)-state\b[^(]*(?:\(([^)]*)\))?/i.exec(p);
  if (states) {
    const values = states[2] ? states[2].split(/\s*(?:→|->|\||,)\s*/).map((s) => s.trim()).filter((s) => new RegExp(`^${IDENT}$`).test(s)) : null;
    out.emit({ kind: 'values', table, column: null, values: values && values.length ? [...new Set(values)] : null, count: Number(states[1]) }, line, { count: states[1]! });
    return;
  }
  const types = new RegExp(`\\((\\d+)\\s+(?:types|kinds|values|states)\\s*:\\s*(${IDENT}(?:\\s*,\\s*${IDENT})*)\\)`, 'i').exec(p);
  if (types) {
    out.emit({ kind: 'values', table, column: null, values: types[2]!.split(',').map((s) => s.trim()), count: Number(types[1]) }, line, { count: types[1]! });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Code blocks

const CHANGE_SCRIPT = /\b(DROP\s+(TABLE|INDEX|CONSTRAINT|COLUMN|POLICY|TRIGGER|FUNCTION|VIEW)|NOT\s+VALID|VALIDATE\s+CONSTRAINT|IF\s+NOT\s+EXISTS|CONCURRENTLY|RENAME\s+(TO|COLUMN))\b/i;
const SQL_LANGS = new Set(['sql', 'postgres', 'postgresql', 'psql', 'pgsql', 'plpgsql']);
const IGNORED_LANGS = /^(python|py|bash|sh|shell|console|zsh|js|javascript|ts|typescript|json|yaml|yml|toml|go|ruby|java|kotlin|rust|html|css|diff)$/;

function codeClaims(block: Extract<Block, { kind: 'code' }>, out: Sink): void {
  const ctx = contextOf(block.context);
  if (ctx.kind === 'skip' || IGNORED_LANGS.test(block.lang)) return;
  const looksSql = block.lines.some((l) => /^\s*(CREATE|ALTER|DROP|SELECT|INSERT|ANALYZE|VACUUM|REINDEX|COMMENT|GRANT)\b/i.test(l.text));
  if (SQL_LANGS.has(block.lang) || (block.lang === '' && looksSql)) {
    // A script that changes the schema (a fix, a migration step) says what to do, not what is.
    const change = block.lines.find((l) => CHANGE_SCRIPT.test(l.text));
    if (change) {
      out.unverifiable(change.line, change.text.trim(), 'a change to the schema (DROP, NOT VALID, IF NOT EXISTS, …), not a description of it');
      return;
    }
    const before = out.claims.length;
    const unparsed = sqlBlockClaims(block.lines, out.emit);
    diagramClaims(unparsed, ctx, out, true);
    if (out.claims.length === before && unparsed.length === 0) {
      // Parsed, but no statement claims anything: comments only ("-- Invalid transitions raise EXCEPTION").
      const comments = block.lines.filter((l) => /^\s*--\s*\S/.test(l.text));
      if (comments.length && !block.lines.some((l) => /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(l.text))) {
        out.unverifiable(comments[0]!.line, comments.map((c) => c.text.replace(/^\s*--\s*/, '')).join(' / '), 'SQL comments, not statements');
      }
    }
    return;
  }
  if (block.lang === 'mermaid') return;
  if (block.lines.some((l) => /[┌┐┘]/.test(l.text))) {
    if (block.lines.some((l) => /\w{3,}/.test(l.text))) {
      out.unverifiable(block.line, `a box diagram (${block.lines.length} lines)`, 'its boxes and edges cannot be read reliably');
    }
    return;
  }
  if (ctx.kind === 'states') {
    const states: string[] = [];
    for (const l of block.lines) {
      const text = l.text.replace(/\([^)]*\)/g, ' ');
      for (const m of text.matchAll(new RegExp(`(${IDENT})`, 'g'))) if (!states.includes(m[1]!)) states.push(m[1]!);
    }
    if (states.length) {
      const first = block.lines.find((l) => l.text.trim() !== '')!;
      out.emit({ kind: 'values', table: ctx.table, column: ctx.column, values: states, count: null }, first.line);
      out.unverifiable(first.line, `the transitions of ${ctx.table}.${ctx.column}: ${block.lines.map((l) => l.text.trim()).filter(Boolean).join(' / ')}`, 'which transitions the schema enforces is proven by `schemaproof verify`, not read from the schema');
    }
    return;
  }
  diagramClaims(block.lines, ctx, out, false);
}

const DASH = '[─━═–—-]';
const CARD = '([1NM*])';

/** Lines of a diagram (or of SQL that did not parse): FK trees, cardinality lines, delete rules, index lists. */
function diagramClaims(lines: CodeLine[], ctx: Context, out: Sink, fromSql: boolean): void {
  const tree = treeNodes(lines);
  const treeLines = new Set<number>();
  for (const node of tree) {
    treeLines.add(node.line);
    if (node.parent) out.emit({ kind: 'foreign-key', table: node.name, columns: null, refTable: node.parent, refColumns: null }, node.line);
    const fks = /^FK:\s*(.*)$/i.exec(node.detail ?? '')?.[1];
    for (const part of fks ? fks.split(/\s*,\s*/) : []) {
      const fk = new RegExp(`^(${IDENT})\\s*(?:(?:→|->)\\s*(${IDENT}(?:\\.${IDENT})?))?$`).exec(part);
      if (fk) out.emit({ kind: 'foreign-key', table: node.name, columns: [fk[1]!], refTable: fk[2] ?? null, refColumns: null }, node.line);
    }
    if (/^ROOT\b/.test(node.detail ?? '')) out.emit({ kind: 'level', table: node.name, level: 0 }, node.line);
  }

  let lastLeft: { name: string; card: string } | null = null;
  let tablesLabel = false;
  const invalidSql: CodeLine[] = [];
  for (const l of lines) {
    if (treeLines.has(l.line)) continue;
    const text = l.text.replace(/--.*$/, '').trim();
    if (text === '') continue;
    const nm = new RegExp(`^(${IDENT})\\s*\\(([NM*])\\)\\s*[◄◀<←]${DASH}+\\s*(${IDENT})\\s*${DASH}+[►▶>→]\\s*\\(([NM*])\\)\\s*(${IDENT})`).exec(text);
    if (nm) {
      out.emit({ kind: 'cardinality', parent: nm[1]!, child: nm[5]!, cardinality: 'many-to-many', via: nm[3]! }, l.line);
      continue;
    }
    const card = new RegExp(`^(${IDENT})\\s*\\(${CARD}\\)\\s*${DASH}+\\s*(?:(${IDENT})\\s*${DASH}+\\s*)?[►▶>→]?\\s*\\(${CARD}\\)\\s*(${IDENT})`).exec(text);
    if (card) {
      const [, left, l1, , r1, right] = card;
      lastLeft = { name: left!, card: l1! };
      out.emit(cardinality(left!, l1!, r1!, right!), l.line);
      continue;
    }
    const cont = new RegExp(`^[│|\\s]*[└├]${DASH}+\\s*(${IDENT})?\\s*${DASH}+[►▶>→]\\s*\\(${CARD}\\)\\s*(${IDENT})`).exec(text);
    if (cont && lastLeft) {
      out.emit(cardinality(lastLeft.name, lastLeft.card, cont[2]!, cont[3]!), l.line);
      continue;
    }
    const rule = new RegExp(`^(${IDENT})\\s*(?:→|->)\\s*(${IDENT}(?:/${IDENT})*)\\s*(?:\\(([^)]*)\\))?$`).exec(text);
    if (rule && (ctx.kind === 'cascade' || /cascade|set null/i.test(rule[3] ?? ''))) {
      const r: DeleteRule | 'not cascade' = /cascade|set null|set default|restrict/i.test(rule[3] ?? '') ? ruleOf(rule[3]!) : ctx.kind === 'cascade' ? ctx.rule : 'no action';
      for (const other of rule[2]!.split('/')) out.emit({ kind: 'delete-rule', tables: [rule[1]!, other], rule: r }, l.line);
      continue;
    }
    const whole = new RegExp(`^(${IDENT})\\s+\\(([^)]*\\bcascade\\b[^)]*)\\)$`, 'i').exec(text);
    if (whole) {
      out.emit({ kind: 'delete-rule', tables: [whole[1]!, null], rule: 'cascade' }, l.line);
      continue;
    }
    const index = new RegExp(`^(${IDENT})\\s*\\(([^)]*)\\)\\s*(\\[unique\\])?$`, 'i').exec(text);
    if (index && (ctx.kind === 'indexes' || /^(idx|ix|uq)_/.test(index[1]!))) {
      const columns = splitTopLevel(index[2]!);
      out.emit({ kind: 'index', name: index[1]!, table: null, columns, ...(index[3] ? { unique: true } : {}), exists: true }, l.line, { columns: index[2]! });
      continue;
    }
    if (/\btables?\b.*:$/i.test(text)) {
      tablesLabel = true;
      continue;
    }
    const names = new RegExp(`^[-*]\\s+(${IDENT}(?:\\s*,\\s*${IDENT})*)$`).exec(text);
    if (names && (tablesLabel || ctx.kind === 'tables')) {
      for (const n of names[1]!.split(',').map((s) => s.trim())) out.emit({ kind: 'table', table: n, exists: true }, l.line);
      continue;
    }
    if (fromSql) {
      if (/[A-Za-z]{2,}/.test(text)) invalidSql.push({ line: l.line, text });
    } else if (/[→►◄↘↗▼▲]|─{2,}/.test(text) && /[A-Za-z]{2,}/.test(text)) {
      out.unverifiable(l.line, text, 'a diagram line in no shape check-docs reads');
    }
  }
  if (invalidSql.length) {
    const more = invalidSql.length > 1 ? ` (and ${invalidSql.length - 1} more lines)` : '';
    out.unverifiable(invalidSql[0]!.line, `${invalidSql[0]!.text}${more}`, 'not valid PostgreSQL');
  }
}

function cardinality(left: string, l: string, r: string, right: string): ClaimBody {
  const many = (c: string) => c !== '1';
  if (left === right) return { kind: 'cardinality', parent: left, child: right, cardinality: 'self-referential' };
  if (many(l) && many(r)) return { kind: 'cardinality', parent: left, child: right, cardinality: 'many-to-many' };
  if (!many(l) && !many(r)) return { kind: 'cardinality', parent: left, child: right, cardinality: 'one-to-one' };
  return many(r)
    ? { kind: 'cardinality', parent: left, child: right, cardinality: 'one-to-many' }
    : { kind: 'cardinality', parent: right, child: left, cardinality: 'one-to-many' };
}

interface TreeNode {
  line: number;
  name: string;
  /** Column of the name in its line. */
  column: number;
  detail: string | null;
  parent: string | null;
}

/**
 * An indented tree drawn with `├──` / `└──`: each node under the nearest node above whose name starts where the
 * connector does (give or take the `│ ` indent), so two trees side by side (`├─ Profile   ├─ Team Members`) keep
 * their parents. Top-level names (lines without a connector) are roots. Empty unless the block has connectors.
 */
function treeNodes(lines: CodeLine[]): TreeNode[] {
  if (!lines.some((l) => /[├└]─/.test(l.text))) return [];
  const seen: TreeNode[] = [];
  const nodes: TreeNode[] = [];
  const nameRe = new RegExp(`^(${IDENT}(?:\\.${IDENT})?(?: [A-Z][A-Za-z0-9_]*)*)\\s*(?:\\(([^)]*)\\))?`);
  for (const l of lines) {
    const connectors = [...l.text.matchAll(/[├└]─+\s*/g)];
    if (connectors.length === 0) {
      const head = new RegExp(`^(\\s*)(${IDENT}(?:\\.${IDENT})?)\\s*(?:\\(([^)]*)\\))?`).exec(l.text);
      if (head && !/[─►]/.test(l.text)) {
        seen.push({ line: l.line, name: head[2]!, column: head[1]!.length, detail: head[3] ?? null, parent: null });
        if (head[3] !== undefined) nodes.push(seen[seen.length - 1]!);
      } else {
        // A cardinality line's entities are heads for the connectors below them.
        for (const m of l.text.matchAll(new RegExp(`(${IDENT})(?=\\s*\\([1NM]\\))|(?<=\\([1NM]\\)\\s*)(${IDENT})`, 'g'))) {
          seen.push({ line: l.line, name: m[0], column: m.index, detail: null, parent: null });
        }
      }
      continue;
    }
    for (const c of connectors) {
      const at = c.index + c[0].length;
      // `└──assigned_by──► (N) X` is an edge with a label, not a node.
      if (/^[\w\s]*─+\s*[►▶>→]/.test(l.text.slice(at))) continue;
      const m = nameRe.exec(l.text.slice(at));
      if (!m) continue;
      const column = c.index;
      let parent: string | null = null;
      for (let i = seen.length - 1; i >= 0; i--) {
        const s = seen[i]!;
        if (s.line !== l.line && s.column <= column && s.column >= column - 3) {
          parent = s.name;
          break;
        }
      }
      const node: TreeNode = { line: l.line, name: m[1]!.trim(), column: at, detail: m[2] ?? null, parent };
      seen.push(node);
      nodes.push(node);
    }
  }
  return nodes;
}
