/**
 * A column whose default is the string 'NULL' (`'NULL'::text`, `'null'::character varying`), not the NULL value —
 * usually a quoted NULL in a migration or an ORM. json/jsonb are left out: `'null'::jsonb` is JSON's null, a value.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, tableSql, typeName } from './shared.js';

export const nullStringDefault: Rule = {
  meta: {
    id: 'structure/null-string-default',
    category: 'structure',
    severity: 'warning',
    description: "Column default that is the string 'NULL' instead of NULL.",
    rationale:
      "DEFAULT 'NULL' stores the four letters N-U-L-L: `col IS NULL` is false for those rows, `coalesce` keeps the " +
      'text, and the application shows "NULL" to users. It is almost always a quoting mistake.',
    fix:
      "Drop the default (NULL is then the default), then fix the rows that got the string (UPDATE … SET col = NULL WHERE col = 'NULL', " +
      'once you know none of them meant the word).',
    links: ['https://www.postgresql.org/docs/current/ddl-default.html'],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        if (c.default === null || !/^'null'::/i.test(c.default)) continue;
        if (['json', 'jsonb'].includes(typeName(columnStorage(model, c)))) continue;
        out.push({
          object: c.id,
          message: `${c.id} defaults to the string ${c.default.slice(0, c.default.indexOf('::'))} (${c.default}), not to NULL`,
          remediation: `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} DROP DEFAULT;`,
        });
      }
    }
    return out;
  },
};
