/**
 * Values for synthesised rows: a SQL literal for a column's type from a counter (unique per call, so UNIQUE keys
 * hold), bent to what a CHECK requires (a listed value, a range, a length, a pattern). Pure.
 */
import { literal } from '../model/sql-text.js';
import type { Requirement } from './checks.js';

/** `character varying(20)` → base `character varying`, length 20; `text[]` → array. */
export interface TypeShape {
  base: string;
  length: number | null;
  /** For `numeric(p, s)`: the largest whole value it holds (10^(p−s) − 1). */
  maxWhole: number | null;
  array: boolean;
}

export function typeShape(type: string): TypeShape {
  let t = type.trim();
  const array = t.endsWith('[]');
  if (array) t = t.replace(/(\[\])+$/, '');
  const m = /^(.*?)\((\d+)(?:,\s*(\d+))?\)(.*)$/.exec(t);
  let length: number | null = null;
  let maxWhole: number | null = null;
  if (m) {
    t = `${m[1]}${m[4]}`.trim();
    if (/char|bit/.test(m[1]!)) length = Number(m[2]);
    if (/numeric|decimal/.test(m[1]!)) maxWhole = 10 ** (Number(m[2]) - Number(m[3] ?? 0)) - 1;
  }
  return { base: t, length, maxWhole, array };
}

const INTEGER = new Set(['smallint', 'integer', 'bigint', 'int', 'int2', 'int4', 'int8']);
const NUMBER = new Set(['numeric', 'decimal', 'real', 'double precision', 'money', 'float4', 'float8']);
const TEXT = /^(text|character varying|character|varchar|char|citext|name|bpchar)$/;
const TIME = /^(timestamp|date|time)/;

export function isNumeric(base: string): boolean {
  return INTEGER.has(base) || NUMBER.has(base);
}
export function isTemporal(base: string): boolean {
  return TIME.test(base);
}
export function isText(base: string): boolean {
  return TEXT.test(base);
}

function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A plain value (not yet quoted) for a base type, or null when the type has no generator. */
export function plainValue(base: string, column: string, n: number): string | null {
  if (INTEGER.has(base)) return String(base === 'smallint' || base === 'int2' ? n % 30000 : n);
  if (NUMBER.has(base)) return String(n);
  if (isText(base)) return `${column}_${n}`;
  if (base === 'uuid') return uuidOf(n);
  if (base === 'boolean' || base === 'bool') return 'true';
  if (base === 'date') return `2026-${pad(1 + (n % 12))}-${pad(1 + (n % 28))}`;
  if (base.startsWith('timestamp')) return `2026-${pad(1 + (n % 12))}-${pad(1 + (n % 28))} ${pad(n % 24)}:${pad(n % 60)}:00+00`;
  if (base.startsWith('time')) return `${pad(n % 24)}:${pad(n % 60)}:00`;
  if (base === 'interval') return `${1 + (n % 100)} days`;
  if (base === 'json' || base === 'jsonb') return '{}';
  if (base === 'inet' || base === 'cidr') return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  if (base === 'macaddr') return `08:00:2b:${pad((n >> 16) & 255)}:${pad((n >> 8) & 99)}:${pad(n % 99)}`;
  if (base === 'bytea') return '\\x00';
  if (base === 'tsvector') return `w${n}`;
  if (base === 'xml') return '<x/>';
  if (base === 'point') return `(${n},${n})`;
  if (/range$/.test(base)) return 'empty';
  if (base === 'bit' || base === 'bit varying') return '1';
  return null;
}

/** A value for a text column that fits `length` (and a pattern when one is required). */
function fit(value: string, length: number | null): string {
  return length !== null && value.length > length ? value.slice(-length) : value;
}

const ORDINARY = /^(member|user|viewer|reader|read|basic|standard|guest|customer|employee|staff|agent)$/i;
const PRIVILEGED = /admin|owner|super|root|manager|moderator|service|system|staff_admin/i;

/**
 * For a role-like column (`role`, `member_role`, `access_level`), the ordinary values first: the probe user must be
 * a plain member, or a policy that lets admins see everything would read as a leak.
 */
function ordinaryFirst(column: string, choices: string[]): string[] {
  if (!/role|permission|access|level|rank/i.test(column)) return choices;
  const score = (v: string) => (ORDINARY.test(v) ? 0 : PRIVILEGED.test(v) ? 2 : 1);
  return [...choices].sort((a, b) => score(a) - score(b));
}

const PATTERN_CANDIDATES = (column: string, n: number) => [
  `user${n}@example.com`,
  `${column}${n}`,
  `a${n}`,
  `${n}`,
  'abc',
  'ABC',
  'Abc',
  `https://example.com/${n}`,
  `+1555${pad(n % 10000000, 7)}`,
  'US',
  'USD',
  'usd',
  '#a1b2c3',
  `a-b-${n}`,
  'x',
  `${column.toUpperCase()}_${n}`,
];

export interface ValueRequest {
  column: string;
  type: string;
  /** Enum labels when the type is an enum. */
  labels: string[] | null;
  requirements: Requirement[];
  /** A counter: different values for different `n`. */
  n: number;
  /** Rotates between allowed values (enum labels, IN lists, booleans) on retries. */
  variant: number;
}

/**
 * A SQL literal (`'x'::text`, `NULL`) meeting the column's requirements, or null when none can be made (an unknown
 * type, a pattern no candidate matches). `compare-column` requirements are left to the caller (they need the other
 * column's value).
 */
export function valueFor(req: ValueRequest): string | null {
  const shape = typeShape(req.type);
  const cast = `::${req.type}`;
  const reqs = req.requirements;
  if (reqs.some((r) => r.kind === 'null')) return 'NULL';
  const notIn = new Set(reqs.flatMap((r) => (r.kind === 'not-in' ? r.values : [])));
  const ins = reqs.filter((r): r is Extract<Requirement, { kind: 'in' }> => r.kind === 'in');
  let allowed: string[] | null = req.labels ? [...req.labels] : null;
  for (const r of ins) allowed = allowed ? allowed.filter((v) => r.values.includes(v)) : [...r.values];
  if (shape.array) return `'{}'${cast}`;
  if (allowed) {
    const choices = ordinaryFirst(req.column, allowed.filter((v) => !notIn.has(v)));
    if (choices.length === 0) return null;
    return `${literal(choices[req.variant % choices.length]!)}${cast}`;
  }
  const base = shape.base;
  if (base === 'boolean' || base === 'bool') {
    const choices = ['true', 'false'].filter((v) => !notIn.has(v));
    return choices.length ? `${choices[req.variant % choices.length]}${cast}` : null;
  }
  if (isNumeric(base)) {
    let lo = -Infinity;
    let hi = shape.maxWhole ?? Infinity;
    if (shape.maxWhole !== null) lo = -shape.maxWhole;
    for (const r of reqs) {
      if (r.kind !== 'range') continue;
      if (r.min !== undefined) lo = Math.max(lo, r.minInclusive ? r.min : r.min + (INTEGER.has(base) ? 1 : 0.01));
      if (r.max !== undefined) hi = Math.min(hi, r.maxInclusive ? r.max : r.max - (INTEGER.has(base) ? 1 : 0.01));
    }
    let v = req.n;
    if (v < lo || v > hi) v = Number.isFinite(lo) && Number.isFinite(hi) ? lo + ((req.n + req.variant) % (Math.floor(hi - lo) + 1)) : Number.isFinite(lo) ? lo + req.n : hi - req.n;
    if (v > hi) v = hi;
    if (v < lo) v = lo;
    while (notIn.has(String(v)) && v + 1 <= hi) v += 1;
    return `${literal(String(Math.round(v * 100) / 100))}${cast}`;
  }
  const patterns = reqs.filter((r): r is Extract<Requirement, { kind: 'pattern' }> => r.kind === 'pattern');
  const lengths = reqs.filter((r): r is Extract<Requirement, { kind: 'length' }> => r.kind === 'length');
  const minLen = Math.max(0, ...lengths.map((r) => r.min ?? 0));
  const maxLen = Math.min(shape.length ?? Infinity, ...lengths.map((r) => r.max ?? Infinity));
  if (isText(base) && patterns.length) {
    const regexes = patterns.map((p) => {
      try {
        return new RegExp(p.regex, p.flags.includes('i') ? 'i' : '');
      } catch {
        return null;
      }
    });
    if (regexes.some((r) => r === null)) return null;
    const hit = PATTERN_CANDIDATES(req.column, req.n).find(
      (c) => c.length >= minLen && c.length <= maxLen && !notIn.has(c) && regexes.every((r) => r!.test(c)),
    );
    return hit === undefined ? null : `${literal(hit)}${cast}`;
  }
  let plain = plainValue(base, req.column, req.n);
  if (plain === null) return null;
  if (isText(base)) {
    plain = fit(plain, Number.isFinite(maxLen) ? maxLen : null);
    while (plain.length < minLen) plain += 'x';
    if (notIn.has(plain)) plain = fit(`${plain}_${req.variant}`, Number.isFinite(maxLen) ? maxLen : null);
  }
  return `${literal(plain)}${cast}`;
}
