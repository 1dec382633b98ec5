/**
 * A `real` / `double precision` column whose name says it holds money, by its words (`unit_price`, `totalAmount`,
 * `fee_cents`), not by substrings (`priceless`, `costume` are other words).
 *
 * Strong money words mark money wherever they appear; weak ones (`total`, `balance`, `budget`, `spend`) only as the
 * last word (`order_total`, not `total_views`). A word that says the value is not an amount (`rate`, `ratio`,
 * `percent`, `count`, `score`, `weight`…) rules the column out: `price_ratio`, `fee_rate` are fractions.
 */
import { singularWords } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql } from '../structure/shared.js';

const STRONG = new Set([
  'price', 'amount', 'cost', 'fee', 'cent', 'money', 'payment', 'payout', 'refund', 'revenue', 'salary', 'wage',
  'subtotal', 'gmv', 'income', 'profit', 'earning', 'fare', 'msrp', 'prepayment', 'deposit',
]);
const WEAK = new Set(['total', 'balance', 'budget', 'spend']);
const NOT_AMOUNT = new Set([
  'rate', 'ratio', 'percent', 'percentage', 'pct', 'count', 'number', 'num', 'qty', 'quantity', 'score', 'weight',
  'factor', 'multiplier', 'probability', 'share', 'index', 'rank', 'level', 'point', 'view', 'click', 'like', 'impression',
  'hour', 'minute', 'second', 'ms', 'day', 'duration', 'size', 'length', 'distance',
]);

/** Does a column name say it holds an amount of money? */
export function isMoneyName(name: string): boolean {
  const words = singularWords(name);
  if (words.some((w) => NOT_AMOUNT.has(w))) return false;
  return words.some((w) => STRONG.has(w)) || WEAK.has(words[words.length - 1] ?? '');
}

export const floatForMoney: Rule = {
  meta: {
    id: 'types/float-for-money',
    category: 'types',
    severity: 'warning',
    description: 'Floating-point column (real, double precision) for an amount of money.',
    rationale:
      'Binary floating point cannot represent most decimal fractions: 0.1 + 0.2 is not 0.3, sums of many prices ' +
      'drift by cents, equality tests fail and rounding differs between the database and the application. Money ' +
      'needs exact arithmetic: numeric with a fixed scale, or an integer count of the smallest unit (cents).',
    fix: 'ALTER COLUMN … TYPE numeric(p,s) (or bigint for a count of cents, USING round(col)).',
    links: [
      'https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_money',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        const stored = splitArray(columnStorage(model, c));
        if (stored.element !== 'real' && stored.element !== 'double precision') continue;
        if (!isMoneyName(c.name)) continue;
        const cents = singularWords(c.name).includes('cent');
        const plain = c.type === 'real' || c.type === 'double precision';
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type} but its name says it holds money: floating point cannot store most decimal amounts exactly`,
          ...(plain
            ? {
                remediation: cents
                  ? `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE bigint USING round(${ident(c.name)});`
                  : `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE numeric(19,2);`,
              }
            : {}),
        });
      }
    }
    return out;
  },
};
