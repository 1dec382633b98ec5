/**
 * A primary key column of type `character varying(n)` (a domain over it too). One finding per column; the
 * remediation widens the FK columns that reference it as well, so that no FK is left with a mismatched type.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql, typeName } from '../structure/shared.js';

export const varcharPrimaryKey: Rule = {
  meta: {
    id: 'types/varchar-primary-key',
    category: 'types',
    severity: 'info',
    description: 'Primary key column of type varchar(n).',
    rationale:
      'A varchar(n) key is usually a natural key (a code, an email, a slug): it can change, and every referencing row ' +
      'must change with it. Its length limit is copied into every FK column: widening it later means altering the key ' +
      'and each referencing column together (or leaving FK types mismatched). A string key is also wider to index and ' +
      'slower to compare and join than an integer or uuid surrogate. Sometimes a stable external code is the right ' +
      'key, hence info.',
    fix: 'Prefer a surrogate key (bigint identity or uuid) with a UNIQUE constraint on the code; at least drop the arbitrary limit (text, or a CHECK on the length).',
    links: [
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/primary_keys_with_varchar.sql',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_varchar.28n.29_by_default',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const name of lookup.primaryKey.get(t.id) ?? []) {
        const c = lookup.column(t.id, name);
        if (!c) continue;
        const stored = columnStorage(model, c);
        if (splitArray(stored).dims > 0 || typeName(stored) !== 'character varying' || stored === 'character varying') continue;
        const referencing = (lookup.incoming.get(t.id) ?? []).flatMap((f) => {
          const n = f.refColumns.indexOf(name);
          const child = lookup.tables.get(f.table);
          return n >= 0 && child ? [`ALTER TABLE ${tableSql(child)} ALTER COLUMN ${ident(f.columns[n]!)} TYPE text;`] : [];
        });
        out.push({
          object: c.id,
          message: `${c.id} is a ${c.type} primary key${c.type === stored ? '' : ` (${stored})`}: a string key with a length limit every referencing column must share`,
          ...(c.type === stored
            ? { remediation: [`ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE text;`, ...new Set(referencing)].join('\n') }
            : {}),
        });
      }
    }
    return out;
  },
};
