/**
 * Whether changing a value's type (a column's, a domain's base type, a sequence's) can fail or lose data, judged from
 * the two types as `format_type()` prints them (`character varying(50)`, `numeric(12,2)`, `timestamp(3) with time
 * zone`, `integer[]`). Only conversions known to keep every value are safe — integer widening, longer or unlimited
 * strings, numerics with room for every digit, more fractional seconds, … — every other change is breaking, with the
 * reason in words. Pure.
 */

export interface TypeVerdict {
  breaking: boolean;
  reason: string;
}

interface ParsedType {
  /** The type without modifiers or array brackets: `character varying`, `timestamp with time zone`. */
  base: string;
  /** Type modifiers: `[50]` for `character varying(50)`, `[12, 2]` for `numeric(12,2)`; empty when none. */
  mods: number[];
  /** Array dimensions as printed (`[]` per dimension). */
  dims: number;
}

const PRINTED = /^(.+?)(?:\((\d+(?:,\s*-?\d+)?)\))?((?: with(?:out)? time zone)?)((?:\[\])*)$/;

export function parseType(text: string): ParsedType {
  const m = PRINTED.exec(text);
  if (!m) return { base: text, mods: [], dims: 0 };
  const [, name, mods, zone, dims] = m;
  return {
    base: `${name}${zone}`,
    mods: mods ? mods.split(',').map((s) => Number(s.trim())) : [],
    dims: (dims ?? '').length / 2,
  };
}

/** Exact integer types and how many decimal digits every one of their values fits in. */
const INTEGER_DIGITS: Record<string, number> = { smallint: 5, integer: 10, bigint: 19 };
const INTEGER_RANK: Record<string, number> = { smallint: 0, integer: 1, bigint: 2 };
/** Mantissa bits of the binary floating-point types: integers up to 2^bits convert exactly. */
const FLOAT_BITS: Record<string, number> = { real: 24, 'double precision': 53 };
const INTEGER_BITS: Record<string, number> = { smallint: 16, integer: 32, bigint: 64 };
const LENGTH_TYPES = new Set(['character varying', 'character', 'bit varying', 'bit']);
const FRACTIONAL_SECONDS = new Set([
  'timestamp without time zone', 'timestamp with time zone', 'time without time zone', 'time with time zone', 'interval',
]);

const widened = (from: string, to: string, why = ''): TypeVerdict => ({ breaking: false, reason: `type widened: ${from} → ${to}${why}` });
const narrowed = (from: string, to: string, why: string): TypeVerdict => ({ breaking: true, reason: `type narrowed: ${from} → ${to} ${why}` });

export function typeChange(from: string, to: string): TypeVerdict {
  const a = parseType(from);
  const b = parseType(to);
  if (a.dims !== b.dims) {
    return { breaking: true, reason: `type changed: ${from} → ${to} (array dimensions differ): existing values do not convert` };
  }
  return elementChange(a, b, from, to);
}

function elementChange(a: ParsedType, b: ParsedType, from: string, to: string): TypeVerdict {
  if (a.base === b.base) {
    if (LENGTH_TYPES.has(a.base)) return lengthChange(a, b, from, to);
    if (a.base === 'numeric') return numericChange(a.mods, b.mods, from, to);
    if (FRACTIONAL_SECONDS.has(a.base)) {
      const p = a.mods[0] ?? 6;
      const q = b.mods[0] ?? 6;
      return q >= p ? widened(from, to) : narrowed(from, to, `rounds to ${q} fractional digit${q === 1 ? '' : 's'} of a second`);
    }
    return { breaking: true, reason: `type changed: ${from} → ${to}: existing values may not convert` };
  }
  // Integers to wider integers, to numerics with enough digits, to floats whose mantissa holds every value.
  if (a.base in INTEGER_RANK) {
    if (b.base in INTEGER_RANK) {
      return INTEGER_RANK[b.base]! > INTEGER_RANK[a.base]!
        ? widened(from, to)
        : narrowed(from, to, `fails on values beyond the range of ${b.base}`);
    }
    if (b.base === 'numeric') {
      if (b.mods.length === 0) return widened(from, to);
      const [p, s = 0] = b.mods as [number, number?];
      return p - s >= INTEGER_DIGITS[a.base]!
        ? widened(from, to)
        : narrowed(from, to, `fails on values with more than ${p - s} digit${p - s === 1 ? '' : 's'}`);
    }
    if (b.base in FLOAT_BITS) {
      return FLOAT_BITS[b.base]! >= INTEGER_BITS[a.base]! - 1
        ? widened(from, to)
        : { breaking: true, reason: `type changed: ${from} → ${to} rounds integers beyond 2^${FLOAT_BITS[b.base]}` };
    }
  }
  if (a.base === 'real' && b.base === 'double precision') return widened(from, to);
  if (a.base === 'double precision' && b.base === 'real') return narrowed(from, to, 'loses precision and fails beyond the range of real');
  if (a.base in FLOAT_BITS && b.base in INTEGER_RANK) return narrowed(from, to, 'rounds fractions and fails beyond the integer range');
  if (a.base === 'numeric' && b.base in INTEGER_RANK) return narrowed(from, to, 'rounds fractions and fails beyond the integer range');
  // Strings: unlimited text holds anything a varchar holds; a length limit can reject what text held.
  if (a.base === 'character varying' && b.base === 'text') return widened(from, to);
  if (a.base === 'text' && b.base === 'character varying') {
    return b.mods.length === 0 ? widened(from, to) : narrowed(from, to, `fails on values longer than ${b.mods[0]}`);
  }
  if (a.base === 'character' && (b.base === 'text' || b.base === 'character varying')) {
    return { breaking: true, reason: `type changed: ${from} → ${to} drops the trailing spaces character(n) pads values with` };
  }
  if (b.base === 'character') return narrowed(from, to, `fails on values longer than ${b.mods[0] ?? 1} and pads shorter ones`);
  // Times: more information keeps every value; less drops part of it.
  if (a.base === 'date' && (b.base === 'timestamp without time zone' || b.base === 'timestamp with time zone')) return widened(from, to);
  if (a.base === 'timestamp without time zone' && b.base === 'timestamp with time zone') {
    return widened(from, to, ' (existing values are read in the TimeZone of the session that runs the migration)');
  }
  if (a.base === 'timestamp with time zone' && b.base === 'timestamp without time zone') {
    return narrowed(from, to, 'drops the time zone: values are converted to the TimeZone of the session');
  }
  if (a.base.startsWith('timestamp') && b.base === 'date') return narrowed(from, to, 'drops the time of day');
  if (a.base === 'json' && b.base === 'jsonb') {
    return { breaking: true, reason: `type changed: ${from} → ${to} drops duplicate keys, key order and whitespace` };
  }
  return { breaking: true, reason: `type changed: ${from} → ${to}: the conversion can fail or change values` };
}

function lengthChange(a: ParsedType, b: ParsedType, from: string, to: string): TypeVerdict {
  // `character` and `bit` without a length are length 1; the varying types without one are unlimited.
  const fixed = a.base === 'character' || a.base === 'bit';
  const lenA = a.mods[0] ?? (fixed ? 1 : Infinity);
  const lenB = b.mods[0] ?? (fixed ? 1 : Infinity);
  if (lenB >= lenA) return widened(from, to);
  return narrowed(from, to, `fails on values longer than ${lenB}`);
}

function numericChange(a: number[], b: number[], from: string, to: string): TypeVerdict {
  if (b.length === 0) return widened(from, to);
  if (a.length === 0) return narrowed(from, to, `fails on values beyond ${b[0]} digits and rounds to ${b[1] ?? 0} decimals`);
  const [p1, s1 = 0] = a as [number, number?];
  const [p2, s2 = 0] = b as [number, number?];
  if (s2 < s1) return narrowed(from, to, `rounds values to ${s2} decimal place${s2 === 1 ? '' : 's'}`);
  if (p2 - s2 < p1 - s1) return narrowed(from, to, `fails on values with more than ${p2 - s2} integer digit${p2 - s2 === 1 ? '' : 's'}`);
  return widened(from, to);
}
