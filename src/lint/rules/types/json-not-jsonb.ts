/** A table column of type `json` (arrays and domains over it too). */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql } from '../structure/shared.js';

export const jsonNotJsonb: Rule = {
  meta: {
    id: 'types/json-not-jsonb',
    category: 'types',
    severity: 'info',
    description: 'Column of type json rather than jsonb.',
    rationale:
      '`json` keeps the input text verbatim and re-parses it on every access. It has no equality operator (so no ' +
      'DISTINCT, GROUP BY, UNION or UNIQUE on it), no GIN index, and none of the containment or jsonpath operators ' +
      'that make JSON queryable. jsonb is what most applications want; json is right only when the exact text must be ' +
      'kept (key order, duplicate keys, whitespace — e.g. a payload whose signature is verified), hence info.',
    fix: 'ALTER COLUMN … TYPE jsonb USING col::jsonb (a table rewrite; duplicate keys collapse to the last one).',
    links: ['https://www.postgresql.org/docs/current/datatype-json.html'],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        if (splitArray(columnStorage(model, c)).element !== 'json') continue;
        const plain = c.type === 'json';
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type}${plain ? '' : ` (${columnStorage(model, c)})`}: stored as text, re-parsed on every access, and not comparable or GIN-indexable`,
          ...(plain ? { remediation: `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE jsonb USING ${ident(c.name)}::jsonb;` } : {}),
        });
      }
    }
    return out;
  },
};
