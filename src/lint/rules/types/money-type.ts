/** A table column of the `money` type (arrays and domains over it too). */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql } from '../structure/shared.js';

export const moneyType: Rule = {
  meta: {
    id: 'types/money-type',
    category: 'types',
    severity: 'warning',
    description: 'Column of the money type.',
    rationale:
      '`money` formats and parses its values with the lc_monetary setting: the same dump restores with a different ' +
      'currency symbol, or fails, on a server with another locale; its number of decimals is fixed by that locale; it ' +
      'records no currency; and dividing it rounds to cents. numeric holds exact amounts with the scale you choose.',
    fix: 'ALTER COLUMN … TYPE numeric(p,s) USING col::numeric (and keep the currency in its own column when there can be several).',
    links: [
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_money',
      'https://www.postgresql.org/docs/current/datatype-money.html',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        if (splitArray(columnStorage(model, c)).element !== 'money') continue;
        const plain = c.type === 'money';
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type}${plain ? '' : ` (${columnStorage(model, c)})`}: its text form depends on lc_monetary and it records no currency`,
          ...(plain
            ? { remediation: `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE numeric(19,2) USING ${ident(c.name)}::numeric;` }
            : {}),
        });
      }
    }
    return out;
  },
};
