/** A table column of the blank-padded `character(n)` / `bpchar` type (arrays and domains over it too); `"char"` is not it. */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql, typeName } from '../structure/shared.js';

export const charType: Rule = {
  meta: {
    id: 'types/char-type',
    category: 'types',
    severity: 'info',
    description: 'Column of type char(n) (character, bpchar).',
    rationale:
      'char(n) pads every value with spaces to n characters and treats the padding as insignificant when comparing two ' +
      'char values, but strips it when the value becomes text (concatenation, most functions, a cast) and the docs warn ' +
      'that trailing spaces matter to LIKE and regular expressions: the same value behaves differently by context, and a ' +
      'shorter value is padded rather than rejected. It is no faster or smaller than text or varchar in Postgres. ' +
      'Fixed-length codes (currencies, countries) are the usual use and rarely hit the padding, hence info.',
    fix: 'ALTER COLUMN … TYPE text (or varchar(n)), with CHECK (char_length(col) = n) when every value must have exactly n characters.',
    links: [
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_char.28n.29',
      'https://www.postgresql.org/docs/current/datatype-character.html',
      'https://squawkhq.com/docs/ban-char-field',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        const stored = splitArray(columnStorage(model, c)).element;
        if (typeName(stored) !== 'character' && stored !== 'bpchar') continue;
        const length = /^character\((\d+)\)$/.exec(c.type)?.[1];
        const direct = splitArray(c.type).element === stored;
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type}${direct ? '' : ` (${columnStorage(model, c)})`}: values are blank-padded, and trailing spaces count in some operations only`,
          ...(direct && splitArray(c.type).dims === 0
            ? {
                remediation:
                  `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE text;` +
                  (length ? `\nALTER TABLE ${tableSql(t)} ADD CHECK (char_length(${ident(c.name)}) = ${length});` : ''),
              }
            : {}),
        });
      }
    }
    return out;
  },
};
