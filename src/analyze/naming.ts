/**
 * Naming conventions and look-alike tables, the two halves of seed 001's "Notes" (naming inconsistencies, schema
 * conflicts), computed from names and column lists only (pure, no I/O).
 *
 * `analyzeNaming` classifies every identifier of each kind (tables, columns, indexes, constraints, functions) as
 * snake_case, camelCase, PascalCase, UPPER_CASE, lowercase (one lowercase word, which fits snake_case and camelCase
 * alike) or other (spaces, dashes, `User_id`), and reports the dominant style and the names that break it.
 *
 * `findDuplicates` reports pairs of tables that look like two versions of one table, by name and by columns:
 *   name, within one schema (all buckets or hashed look-ups, never all pairs):
 *     - same   an unapplied file defines a table that exists already (same id)
 *     - plural the same words once singular/plural, case and separators are folded (`audit_logs` / `AuditLog`)
 *     - copy   the same words once copy markers are dropped (`users` / `users_old`, `orders_v2`, `legacy_orders`)
 *     - edit   long names (folded form ≥ 8 characters) one character apart, or with two adjacent characters swapped
 *     - suffix the shorter name is the whole tail of the longer (`events` / `telemetry_events`); a tail alone is weak
 *              (`notes` / `lead_notes` are two different things), so it needs columns too: Jaccard ≥ 0.3 and at least
 *              two shared columns. A head is never enough (`users` / `user_integrations` is a child, not a copy).
 *   columns, in any schema: Jaccard ≥ 0.6 and at least three shared columns, over normalised column names
 *     (`userId` = `user_id`) without `id`, `created_at`, `updated_at`. 0.6 means most distinctive columns coincide;
 *     on the example schemas, tables that merely belong together (`sms_delivery_log` / `sms_opt_in_log`, 0.38; two
 *     tables with the same FKs) stay below it. Candidates come from an inverted index over each table's rarest
 *     columns (prefix filtering: a pair at Jaccard ≥ t must share one of the first |S| − ⌈t·|S|⌉ + 1 rarest columns
 *     of each side), so only tables sharing a rare column are compared. A column that more than
 *     COMMON_COLUMN_TABLES tables have (`tenant_id`, `status`) is a convention, not evidence, and is not indexed:
 *     a schema of hundreds of look-alike tables (one per customer, per shard) gives no quadratic list of pairs.
 *   Never reported: the same name in two schemas (schemas exist to allow it), names that differ only in a number
 *   word (`events_2024` / `events_2025`: deliberate shards), and pairs of two unapplied tables.
 */
import { byCodePoint, type Lookup } from './lookup.js';
import type { DuplicatePair, Naming, NamingReport, NamingStyle, UnappliedTable } from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Words, singular forms, normalised names (shared with domains.ts)

/**
 * The lowercase words of an identifier: split at `_`, spaces, dots, dashes and camelCase humps (`HTTPServer`).
 * Memoised (the domain and look-alike passes ask for the same names many times; three Unicode regular expressions
 * each): the array is shared, so callers never change it.
 */
export function nameWords(name: string): readonly string[] {
  let words = WORDS.get(name);
  if (words === undefined) {
    if (WORDS.size >= WORDS_CACHED) WORDS.clear();
    words = name
      .replace(/([\p{Ll}\p{Nd}])(\p{Lu})/gu, '$1 $2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
      .split(/[^\p{L}\p{Nd}]+/u)
      .filter((w) => w.length > 0)
      .map((w) => w.toLowerCase());
    WORDS.set(name, words);
  }
  return words;
}

const WORDS = new Map<string, readonly string[]>();
/** A bound, so a long-lived process reading many schemas does not keep every name it ever saw. */
const WORDS_CACHED = 200_000;

const IRREGULAR: Record<string, string> = {
  people: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  indices: 'index',
  vertices: 'vertex',
  matrices: 'matrix',
  analyses: 'analysis',
};

/**
 * English singular of one lowercase word, by suffix rules good enough for table names: categories → category,
 * addresses → address, statuses → status, courses → course, boxes → box, users → user; status, address, analysis
 * stay. Both sides of a comparison are folded, so a rule only has to be consistent, not always right.
 */
export function singular(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  if (word.length <= 3 || !word.endsWith('s')) return word;
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/[^aeiour]uses$/.test(word)) return word.slice(0, -2);
  if (/(x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** A column name as snake_case lowercase words, so `userId`, `UserID` and `user_id` compare equal. */
export function normaliseColumn(name: string): string {
  return nameWords(name).join('_');
}

/** A table name's folded form: singular lowercase words joined by `_` (`AuditLogs` and `audit_log` → `audit_log`). */
export function foldedName(name: string): string {
  return nameWords(name).map(singular).join('_');
}

// ---------------------------------------------------------------------------------------------------------------
// Naming styles

const MULTI_WORD: NamingStyle[] = ['snake_case', 'camelCase', 'PascalCase', 'UPPER_CASE'];
const ALL_STYLES: NamingStyle[] = ['snake_case', 'camelCase', 'PascalCase', 'UPPER_CASE', 'lowercase', 'other'];

/** The style of one identifier. Leading underscores (`_prisma_migrations`) are a marker, not part of the style. */
export function namingStyle(name: string): NamingStyle {
  const n = name.replace(/^_+/, '');
  if (/^\p{Ll}[\p{Ll}\p{Nd}]*$/u.test(n)) return 'lowercase';
  if (/^\p{Ll}[\p{Ll}\p{Nd}]*(?:_[\p{Ll}\p{Nd}]+)+$/u.test(n)) return 'snake_case';
  if (/^\p{Lu}[\p{Lu}\p{Nd}]*(?:_[\p{Lu}\p{Nd}]+)*$/u.test(n)) return 'UPPER_CASE';
  if (/^\p{Ll}[\p{Ll}\p{Nd}]*\p{Lu}[\p{L}\p{Nd}]*$/u.test(n)) return 'camelCase';
  if (/^\p{Lu}[\p{L}\p{Nd}]*$/u.test(n) && /\p{Ll}/u.test(n)) return 'PascalCase';
  return 'other';
}

/** Does a name of style `style` follow the dominant style? One lowercase word fits snake_case and camelCase. */
function fits(style: NamingStyle, dominant: NamingStyle | null): boolean {
  if (style === 'other') return false;
  if (dominant === null || style === dominant) return true;
  return style === 'lowercase' && (dominant === 'snake_case' || dominant === 'camelCase');
}

/**
 * The report for one kind of object. Dominant: the most common multi-word style (ties in the order snake_case,
 * camelCase, PascalCase, UPPER_CASE); `lowercase` only when no name has more than one word; null when there is no
 * name, or no name follows any style. A name of style `other` is always an outlier.
 */
export function namingReport(names: { id: string; name: string }[]): NamingReport {
  const counts = new Map<NamingStyle, number>();
  const styles = names.map((n) => {
    const style = namingStyle(n.name);
    counts.set(style, (counts.get(style) ?? 0) + 1);
    return style;
  });
  const used = MULTI_WORD.filter((s) => (counts.get(s) ?? 0) > 0);
  let dominant: NamingStyle | null = null;
  for (const s of used) if (dominant === null || (counts.get(s) ?? 0) > (counts.get(dominant) ?? 0)) dominant = s;
  if (dominant === null && counts.has('lowercase')) dominant = 'lowercase';
  const outliers = names.filter((_, i) => !fits(styles[i]!, dominant)).map((n) => n.id);
  const ordered: Partial<Record<NamingStyle, number>> = {};
  for (const s of ALL_STYLES) if (counts.has(s)) ordered[s] = counts.get(s);
  return { dominant, counts: ordered, outliers: outliers.sort(byCodePoint), mixed: used.length > 1 };
}

/** Naming styles of the analysed tables, their columns, indexes and constraints, and the user's functions. */
export function analyzeNaming(lookup: Lookup): Naming {
  const tables = [...lookup.tables.values()];
  return {
    tables: namingReport(tables.map((t) => ({ id: t.id, name: t.name }))),
    columns: namingReport(tables.flatMap((t) => t.columns.map((c) => ({ id: c.id, name: c.name })))),
    indexes: namingReport([...lookup.indexesByTable.values()].flat()),
    constraints: namingReport([...lookup.constraintsByTable.values()].flat()),
    functions: namingReport(lookup.model.functions.filter((f) => f.origin === 'user')),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Duplicates

/** Columns every table may have; they say nothing about what a table holds. */
const UBIQUITOUS = new Set(['id', 'created_at', 'updated_at']);
/** Words that mark a table as a copy of another when added before or after its name. */
const COPY_MARKER = /^(old|new|backup|bak|copy|tmp|temp|archive|archived|legacy|deprecated|v\d+)$/;
/** Column rule: Jaccard ≥ 3/5 with at least 3 shared columns. Suffix rule: Jaccard ≥ 3/10 with at least 2. */
const COLUMNS = { num: 3, den: 5, min: 3 };
const SUFFIX = { num: 3, den: 10, min: 2 };
/** Edit rule: folded names of at least this length; a deletion key shared by more names is a pattern, not a typo. */
const EDIT_MIN_LENGTH = 8;
const EDIT_MAX_BUCKET = 50;
/** Column rule: a column shared by more tables than this is a naming convention and does not make candidates. */
const COMMON_COLUMN_TABLES = 50;

interface Entry {
  id: string;
  schema: string;
  name: string;
  /** Folded words and their `_` join. */
  words: string[];
  folded: string;
  /** Folded words with number-only words replaced by `#`: equal for numbered siblings. */
  numberless: string;
  /** Normalised column names, ubiquitous ones left out. */
  columns: Set<string>;
  unapplied: UnappliedTable | null;
}

type NameRule = 'same' | 'plural' | 'copy' | 'edit' | 'suffix';

interface Candidate {
  a: Entry;
  b: Entry;
  rule: NameRule | null;
}

function entry(id: string, schema: string, name: string, columns: string[], unapplied: UnappliedTable | null): Entry {
  const words = nameWords(name).map(singular);
  const cols = new Set(columns.map(normaliseColumn).filter((c) => c !== '' && !UBIQUITOUS.has(c)));
  const numberless = words.map((w) => (/^\p{Nd}+$/u.test(w) ? '#' : w)).join('_');
  return { id, schema, name, words, folded: words.join('_'), numberless, columns: cols, unapplied };
}

function entries(lookup: Lookup, unapplied: UnappliedTable[]): Entry[] {
  const list = [...lookup.tables.values()].map((t) =>
    entry(t.id, t.schema, t.name, t.columns.map((c) => c.name), null),
  );
  for (const u of [...unapplied].sort((x, y) => byCodePoint(x.id, y.id) || byCodePoint(x.file, y.file))) {
    const dot = u.id.indexOf('.');
    const [schema, name] = dot < 0 ? ['public', u.id] : [u.id.slice(0, dot), u.id.slice(dot + 1)];
    list.push(entry(u.id, schema, name, u.columns, u));
  }
  return list;
}

/** Pairs that are never reported, whatever their names and columns. */
function excluded(a: Entry, b: Entry): boolean {
  if (a === b || (a.unapplied && b.unapplied)) return true;
  if (a.id === b.id) return false; // an unapplied file defining an applied table again
  if (a.name === b.name && a.schema !== b.schema) return true;
  return a.numberless === b.numberless && a.folded !== b.folded;
}

/** One key per pair, whichever side comes first; at most one side is unapplied. */
function pairKey(a: Entry, b: Entry): string {
  const ids = [a.id, b.id].sort(byCodePoint);
  return `${ids[0]}\u0000${ids[1]}\u0000${(a.unapplied ?? b.unapplied)?.file ?? ''}`;
}

class Candidates {
  readonly byKey = new Map<string, Candidate>();
  add(a: Entry, b: Entry, rule: NameRule | null): void {
    if (excluded(a, b)) return;
    const key = pairKey(a, b);
    const found = this.byKey.get(key);
    if (!found) this.byKey.set(key, { a, b, rule });
    else if (found.rule === null) found.rule = rule;
  }
}

function bucket(list: Entry[], keys: (e: Entry) => string[]): Map<string, Entry[]> {
  const map = new Map<string, Entry[]>();
  for (const e of list) {
    for (const k of new Set(keys(e))) {
      const b = map.get(k);
      if (b) b.push(e);
      else map.set(k, [e]);
    }
  }
  return map;
}

function eachPair(list: Entry[], fn: (a: Entry, b: Entry) => void): void {
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) fn(list[i]!, list[j]!);
}

/** Folded words without copy markers at either end (`legacy_orders_v2` → `order`). */
function withoutMarkers(words: string[]): string {
  let start = 0;
  let end = words.length;
  while (end - start > 1 && COPY_MARKER.test(words[end - 1]!)) end--;
  while (end - start > 1 && COPY_MARKER.test(words[start]!)) start++;
  return words.slice(start, end).join('_');
}

/** The folded name and every form with one character deleted: names one edit apart share one of these. */
function deletionKeys(folded: string): string[] {
  const chars = [...folded];
  return [folded, ...chars.map((_, i) => chars.slice(0, i).join('') + chars.slice(i + 1).join(''))];
}

/** Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or adjacent swap. */
function oneEditApart(x: string, y: string): boolean {
  const a = [...x];
  const b = [...y];
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (p: string[], q: string[]) => p.join('') === q.join('');
  if (a.length === b.length) {
    if (rest(a.slice(i + 1), b.slice(i + 1))) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a.slice(i + 2), b.slice(i + 2));
  }
  return a.length > b.length ? rest(a.slice(i + 1), b.slice(i)) : rest(a.slice(i), b.slice(i + 1));
}

function nameCandidates(list: Entry[], out: Candidates): void {
  const inSchema = (e: Entry, k: string) => `${e.schema}\u0000${k}`;
  const byFolded = bucket(list, (e) => [inSchema(e, e.folded)]);
  for (const group of byFolded.values()) {
    eachPair(group, (a, b) => out.add(a, b, a.id === b.id ? 'same' : 'plural'));
  }
  for (const group of bucket(list, (e) => [inSchema(e, withoutMarkers(e.words))]).values()) {
    eachPair(group, (a, b) => a.folded !== b.folded && out.add(a, b, 'copy'));
  }
  for (const e of list) {
    for (let k = 1; k < e.words.length; k++) {
      const tail = e.words.slice(k).join('_');
      for (const other of byFolded.get(inSchema(e, tail)) ?? []) out.add(e, other, 'suffix');
    }
  }
  const long = list.filter((e) => [...e.folded].length >= EDIT_MIN_LENGTH);
  for (const group of bucket(long, (e) => deletionKeys(e.folded).map((k) => inSchema(e, k))).values()) {
    if (group.length > EDIT_MAX_BUCKET) continue;
    eachPair(group, (a, b) => a.folded !== b.folded && oneEditApart(a.folded, b.folded) && out.add(a, b, 'edit'));
  }
}

/** Candidates for the column rule: tables that share one of their rarest columns (prefix filtering). */
function columnCandidates(list: Entry[], out: Candidates): void {
  const frequency = new Map<string, number>();
  for (const e of list) for (const c of e.columns) frequency.set(c, (frequency.get(c) ?? 0) + 1);
  const index = new Map<string, Entry[]>();
  for (const e of list) {
    const size = e.columns.size;
    if (size < COLUMNS.min) continue;
    const rarest = [...e.columns].sort((x, y) => frequency.get(x)! - frequency.get(y)! || byCodePoint(x, y));
    const prefix = size - Math.ceil((COLUMNS.num * size) / COLUMNS.den) + 1;
    for (const c of rarest.slice(0, prefix)) {
      if (frequency.get(c)! > COMMON_COLUMN_TABLES) break; // sorted rarest first: the rest are as common
      const posting = index.get(c);
      if (posting) {
        for (const other of posting) out.add(other, e, null);
        posting.push(e);
      } else index.set(c, [e]);
    }
  }
}

function sharedColumns(a: Entry, b: Entry): { shared: string[]; union: number } {
  const shared = [...a.columns].filter((c) => b.columns.has(c)).sort(byCodePoint);
  return { shared, union: a.columns.size + b.columns.size - shared.length };
}

function atLeast(shared: number, union: number, rule: { num: number; den: number; min: number }): boolean {
  return shared >= rule.min && shared * rule.den >= rule.num * union;
}

function nameClause(rule: NameRule, a: Entry, b: Entry, show: (e: Entry) => string): string {
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  switch (rule) {
    case 'same':
      return `${a.id} is defined again`;
    case 'plural':
      return nameWords(a.name).join('_') === nameWords(b.name).join('_')
        ? `${show(a)} and ${show(b)} are one name written in two ways`
        : `${show(a)} and ${show(b)} are the singular and plural of one name`;
    case 'copy':
      return `${show(long)} looks like a copy of ${show(short)}`;
    case 'edit':
      return `${show(a)} and ${show(b)} are one character apart`;
    case 'suffix':
      return `${show(long)} ends with the whole name ${show(short)}`;
  }
}

function columnsClause(shared: string[], union: number): string {
  const listed = shared.length > 6 ? `${shared.slice(0, 6).join(', ')}, …` : shared.join(', ');
  const what = shared.length ? ` (${listed})` : '';
  return `${shared.length} of ${union} columns in common${what}, not counting id, created_at and updated_at`;
}

function unappliedClause(u: UnappliedTable, redefined: boolean): string {
  const where = redefined ? `that definition exists only in ${u.file}` : `${u.id} exists only in ${u.file}`;
  return `; ${where}, which was not applied (${u.reason})`;
}

function toPair(c: Candidate): DuplicatePair | null {
  const { shared, union } = sharedColumns(c.a, c.b);
  const byColumns = atLeast(shared.length, union, COLUMNS);
  if (c.rule === 'suffix' && !atLeast(shared.length, union, SUFFIX)) return null;
  if (c.rule === null && !byColumns) return null;
  const [x, y] = byCodePoint(c.a.id, c.b.id) <= 0 ? [c.a, c.b] : [c.b, c.a];
  const show = (e: Entry) => (x.schema === y.schema ? e.name : e.id);
  const reasons: DuplicatePair['reasons'] = c.rule === null ? ['columns'] : byColumns ? ['name', 'columns'] : ['name'];
  const unapplied = x.unapplied ?? y.unapplied;
  const head = c.rule === null ? `${show(x)} and ${show(y)} have` : `${nameClause(c.rule, x, y, show)}, with`;
  return {
    tables: [x.id, y.id],
    unapplied: unapplied ? { table: unapplied.id, file: unapplied.file, reason: unapplied.reason } : null,
    reasons,
    columnSimilarity: union === 0 ? 0 : Math.round((shared.length / union) * 100) / 100,
    detail: `${head} ${columnsClause(shared, union)}${unapplied ? unappliedClause(unapplied, c.rule === 'same') : ''}.`,
  };
}

function pairOrder(p: DuplicatePair, q: DuplicatePair): number {
  return (
    byCodePoint(p.tables[0], q.tables[0]) ||
    byCodePoint(p.tables[1], q.tables[1]) ||
    byCodePoint(p.unapplied?.file ?? '', q.unapplied?.file ?? '')
  );
}

/**
 * Pairs of analysed tables (or an analysed and an unapplied table) that look like duplicates or conflicting
 * definitions of one table, sorted by their table ids. See the file header for the rules.
 */
export function findDuplicates(lookup: Lookup, unapplied: UnappliedTable[]): DuplicatePair[] {
  const list = entries(lookup, unapplied);
  const candidates = new Candidates();
  nameCandidates(list, candidates);
  columnCandidates(list, candidates);
  const pairs: DuplicatePair[] = [];
  for (const c of candidates.byKey.values()) {
    const pair = toPair(c);
    if (pair) pairs.push(pair);
  }
  return pairs.sort(pairOrder);
}
