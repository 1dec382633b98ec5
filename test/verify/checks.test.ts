import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import { checkCases, type CheckCase } from '../../src/verify/checks.js';

beforeAll(() => loadExpressionParser());

const notNull = { kind: 'not-null' } as const;
const isNull = { kind: 'null' } as const;
const within = (...values: string[]) => ({ kind: 'in', values }) as const;
const outside = (...values: string[]) => ({ kind: 'not-in', values }) as const;

describe('checkCases: value sets', () => {
  it('reads = ANY (ARRAY[…]) with text casts', () => {
    expect(checkCases("CHECK ((status = ANY (ARRAY['claimable'::text, 'claimed'::text])))")).toEqual([
      { status: [within('claimable', 'claimed')] },
    ]);
  });

  it('strips casts on both sides of a varchar = ANY', () => {
    const def =
      "CHECK (((reward_source)::text = ANY ((ARRAY['vip_tier'::character varying, 'mission'::character varying])::text[])))";
    expect(checkCases(def)).toEqual([{ reward_source: [within('vip_tier', 'mission')] }]);
  });

  it('reads IN, NOT IN, <> ALL, = and <> with numbers as text', () => {
    expect(checkCases('CHECK ((quantity IN (1, 2, 3)))')).toEqual([{ quantity: [within('1', '2', '3')] }]);
    expect(checkCases("CHECK ((kind NOT IN ('a'::text, 'b'::text)))")).toEqual([{ kind: [outside('a', 'b')] }]);
    expect(checkCases("CHECK ((kind <> ALL (ARRAY['x'::text, 'y'::text])))")).toEqual([{ kind: [outside('x', 'y')] }]);
    expect(checkCases("CHECK ((kind = 'a'::text))")).toEqual([{ kind: [within('a')] }]);
    expect(checkCases("CHECK ((kind <> 'a'::text))")).toEqual([{ kind: [outside('a')] }]);
  });

  it("reads col <> '' as not-in '' and a length of at least 1, with quoted identifiers unquoted", () => {
    expect(checkCases(`CHECK (("userId" <> ''::text))`)).toEqual([{ userId: [outside(''), { kind: 'length', min: 1 }] }]);
  });

  it('reads IS [NOT] DISTINCT FROM a constant as <> / =, and from NULL as a null test', () => {
    expect(checkCases("CHECK ((a IS DISTINCT FROM 'x'::text))")).toEqual([{ a: [outside('x')] }]);
    expect(checkCases("CHECK ((a IS NOT DISTINCT FROM 'x'::text))")).toEqual([{ a: [within('x')] }]);
    expect(checkCases('CHECK ((a IS DISTINCT FROM NULL))')).toEqual([{ a: [notNull] }]);
  });

  it('reads boolean columns used bare, negated and with IS TRUE', () => {
    expect(checkCases('CHECK (active)')).toEqual([{ active: [within('true')] }]);
    expect(checkCases('CHECK ((NOT active))')).toEqual([{ active: [within('false')] }]);
    expect(checkCases('CHECK ((active IS TRUE))')).toEqual([{ active: [within('true')] }]);
    expect(checkCases('CHECK ((active = false))')).toEqual([{ active: [within('false')] }]);
  });

  it('looks through lower/upper around the column', () => {
    expect(checkCases("CHECK ((lower(code) = ANY (ARRAY['a'::text, 'b'::text])))")).toEqual([{ code: [within('a', 'b')] }]);
  });
});

describe('checkCases: ranges, lengths, columns, patterns', () => {
  it('reads comparisons with constants, casts stripped', () => {
    expect(checkCases('CHECK ((amount > (0)::numeric))')).toEqual([
      { amount: [{ kind: 'range', min: 0, minInclusive: false }] },
    ]);
    expect(checkCases('CHECK ((quantity >= 1))')).toEqual([{ quantity: [{ kind: 'range', min: 1, minInclusive: true }] }]);
    expect(checkCases("CHECK ((price < '99.5'::numeric))")).toEqual([
      { price: [{ kind: 'range', max: 99.5, maxInclusive: false }] },
    ]);
  });

  it('keeps both bounds of an AND on one column as two requirements', () => {
    expect(checkCases('CHECK (((percent >= 0) AND (percent <= 100)))')).toEqual([
      {
        percent: [
          { kind: 'range', min: 0, minInclusive: true },
          { kind: 'range', max: 100, maxInclusive: true },
        ],
      },
    ]);
  });

  it('flips operands when the constant is on the left', () => {
    expect(checkCases('CHECK ((0 < amount))')).toEqual([{ amount: [{ kind: 'range', min: 0, minInclusive: false }] }]);
    expect(checkCases('CHECK ((100 >= percent))')).toEqual([{ percent: [{ kind: 'range', max: 100, maxInclusive: true }] }]);
    expect(checkCases("CHECK (('a'::text = kind))")).toEqual([{ kind: [within('a')] }]);
  });

  it('reads BETWEEN as one range and NOT BETWEEN as two cases', () => {
    expect(checkCases('CHECK (((a BETWEEN 1 AND 5)))')).toEqual([
      { a: [{ kind: 'range', min: 1, minInclusive: true, max: 5, maxInclusive: true }] },
    ]);
    expect(checkCases('CHECK ((a NOT BETWEEN 1 AND 5))')).toEqual([
      { a: [{ kind: 'range', max: 1, maxInclusive: false }] },
      { a: [{ kind: 'range', min: 5, minInclusive: false }] },
    ]);
  });

  it('reads lengths: length(trim(col)) > 0, char_length(col) <= 10, length BETWEEN', () => {
    expect(checkCases('CHECK ((length(TRIM(BOTH FROM name)) > 0))')).toEqual([{ name: [{ kind: 'length', min: 1 }] }]);
    expect(checkCases('CHECK ((char_length(code) <= 10))')).toEqual([{ code: [{ kind: 'length', max: 10 }] }]);
    expect(checkCases('CHECK ((length(code) = 3))')).toEqual([{ code: [{ kind: 'length', min: 3, max: 3 }] }]);
    expect(checkCases('CHECK ((length(code) BETWEEN 2 AND 8))')).toEqual([{ code: [{ kind: 'length', min: 2, max: 8 }] }]);
  });

  it('reads column-to-column comparisons', () => {
    expect(checkCases('CHECK ((ends_at > starts_at))')).toEqual([
      { ends_at: [{ kind: 'compare-column', op: '>', other: 'starts_at' }] },
    ]);
    expect(checkCases('CHECK ((start_date < end_date))')).toEqual([
      { start_date: [{ kind: 'compare-column', op: '<', other: 'end_date' }] },
    ]);
  });

  it('reads regexes, case-insensitive with ~*', () => {
    expect(checkCases("CHECK ((email ~* '^[^@]+@[^@]+$'::text))")).toEqual([
      { email: [{ kind: 'pattern', regex: '^[^@]+@[^@]+$', flags: 'i' }] },
    ]);
    expect(checkCases("CHECK ((code ~ '^[a-z]+$'::text))")).toEqual([{ code: [{ kind: 'pattern', regex: '^[a-z]+$', flags: '' }] }]);
  });

  it('turns LIKE and ILIKE into anchored regexes', () => {
    expect(checkCases("CHECK (((a)::text ~~ 'x%'::text))")).toEqual([{ a: [{ kind: 'pattern', regex: '^x.*$', flags: '' }] }]);
    expect(checkCases("CHECK ((a ~~* 'a.b_\\%'::text))")).toEqual([
      { a: [{ kind: 'pattern', regex: '^a\\.b.%$', flags: 'i' }] },
    ]);
  });
});

describe('checkCases: boolean structure', () => {
  it('expands OR of ANDs into one case per branch', () => {
    const def =
      "CHECK ((((reward_source = 'vip_tier'::text) AND (tier_id IS NOT NULL)) OR ((reward_source = 'mission'::text) AND (mission_id IS NOT NULL))))";
    expect(checkCases(def)).toEqual([
      { reward_source: [within('vip_tier')], tier_id: [notNull] },
      { reward_source: [within('mission')], mission_id: [notNull] },
    ]);
  });

  it('reads an OR with a null test', () => {
    expect(checkCases("CHECK (((type = 'gift'::text) OR (gift_id IS NULL)))")).toEqual([
      { type: [within('gift')] },
      { gift_id: [isNull] },
    ]);
  });

  it('pushes NOT inward (De Morgan)', () => {
    expect(checkCases('CHECK ((NOT ((a IS NULL) AND (b IS NULL))))')).toEqual([{ a: [notNull] }, { b: [notNull] }]);
    expect(checkCases("CHECK ((NOT ((a = 'x'::text) OR (b > 1))))")).toEqual([
      { a: [outside('x')], b: [{ kind: 'range', max: 1, maxInclusive: true }] },
    ]);
    expect(checkCases("CHECK ((NOT (a = ANY (ARRAY['x'::text, 'y'::text]))))")).toEqual([{ a: [outside('x', 'y')] }]);
    expect(checkCases("CHECK ((NOT (a NOT IN ('x'::text))))")).toEqual([{ a: [within('x')] }]);
    expect(checkCases('CHECK ((NOT (ends_at <= starts_at)))')).toEqual([
      { ends_at: [{ kind: 'compare-column', op: '>', other: 'starts_at' }] },
    ]);
  });

  it('expands num_nonnulls / num_nulls compared with a constant', () => {
    expect(checkCases('CHECK ((num_nonnulls(a, b, c) = 1))')).toEqual([
      { a: [notNull], b: [isNull], c: [isNull] },
      { a: [isNull], b: [notNull], c: [isNull] },
      { a: [isNull], b: [isNull], c: [notNull] },
    ]);
    expect(checkCases('CHECK ((num_nulls(a, b) = 0))')).toEqual([{ a: [notNull], b: [notNull] }]);
  });

  it('drops contradictory cases and duplicates', () => {
    expect(checkCases('CHECK (((a IS NULL) AND (a IS NOT NULL)))')).toEqual([]);
    expect(checkCases("CHECK (((a = 'x'::text) AND (a = 'y'::text)))")).toEqual([]);
    expect(checkCases("CHECK (((a IN ('x'::text, 'y'::text)) AND (a <> 'x'::text)))")).toEqual([
      { a: [within('x', 'y'), outside('x')] },
    ]);
    expect(checkCases('CHECK (((a IS NULL) OR (a IS NULL)))')).toEqual([{ a: [isNull] }]);
    expect(checkCases('CHECK (((b IS NULL) OR (a = 1)) AND (b IS NOT NULL))')).toEqual([
      { a: [within('1')], b: [notNull] },
    ]);
  });

  it('reads constants: CHECK (true) has no requirement, CHECK (false) no case', () => {
    expect(checkCases('CHECK (true)')).toEqual([{}]);
    expect(checkCases('CHECK (false)')).toEqual([]);
  });

  it('ignores the NOT VALID suffix', () => {
    expect(checkCases('CHECK ((quantity >= 1)) NOT VALID')).toEqual([
      { quantity: [{ kind: 'range', min: 1, minInclusive: true }] },
    ]);
  });

  it('caps the cases at the limit, keeping the first ones', () => {
    const def = 'CHECK ((((a = 1) OR (a = 2) OR (a = 3)) AND ((b = 1) OR (b = 2) OR (b = 3))))';
    expect(checkCases(def)).toHaveLength(9);
    expect(checkCases(def, 4)).toEqual([
      { a: [within('1')], b: [within('1')] },
      { a: [within('1')], b: [within('2')] },
      { a: [within('1')], b: [within('3')] },
      { a: [within('2')], b: [within('1')] },
    ]);
    const wide = `CHECK ((${Array.from({ length: 10 }, (_, i) => `((c${i} = 1) OR (c${i} = 2))`).join(' AND ')}))`;
    const cases = checkCases(wide) as CheckCase[];
    expect(cases).toHaveLength(16);
    expect(cases[0]).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, [within('1')]])));
  });
});

describe('checkCases: unreadable expressions', () => {
  it.each([
    'CHECK ((my_func(a) > 0))',
    'CHECK ((a IN (SELECT 1)))',
    "CHECK ((a !~ '^x'::text))",
    "CHECK ((NOT (a ~ '^x'::text)))",
    'CHECK (((a + b) > 0))',
    "CHECK ((created_at > '2020-01-01'::date))",
    'CHECK ((a > now()))',
    "CHECK (((a = 'x'::text) OR (my_func(b) = 1)))",
    'CHECK ((lower(email) = email))',
    'not a check',
  ])('%s → null', (def) => {
    expect(checkCases(def)).toBeNull();
  });
});
