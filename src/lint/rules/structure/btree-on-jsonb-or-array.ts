/**
 * A plain (non-unique, not backing a constraint) btree index with a key column whose stored type — domains unwrapped —
 * is jsonb, json or an array. Expression keys (`(data ->> 'kind')`) are left alone: they index a scalar. Unique
 * indexes are left alone too: whole-value equality is then the point.
 */
import type { Column } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, indexSql, splitArray, tableSql, typeName } from './shared.js';

export const btreeOnJsonbOrArray: Rule = {
  meta: {
    id: 'structure/btree-on-jsonb-or-array',
    category: 'structure',
    severity: 'warning',
    description: 'Plain btree index on a jsonb or array column: containment and key queries cannot use it.',
    rationale:
      'A btree index orders whole values, so it only helps `=`, `<`, `>` and ORDER BY on the entire document or array. ' +
      'The queries such columns get — `@>`, `?`, `&&`, `= ANY`, `->>` — cannot use it, so it is written on every ' +
      'change and never read; and large values can exceed the btree entry size limit (about 2.7 kB) and make inserts ' +
      'fail with "index row size exceeds btree maximum".',
    fix:
      'Replace it with a GIN index (USING gin (col), or jsonb_path_ops for @> only), or with a btree on the ' +
      'expression queries filter on, e.g. ((data ->> \'kind\')).',
    links: [
      'https://www.postgresql.org/docs/current/datatype-json.html#JSON-INDEXING',
      'https://www.postgresql.org/docs/current/gin.html#GIN-BUILTIN-OPCLASSES',
      'https://www.postgresql.org/docs/current/btree.html',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const [tableId, indexes] of lookup.indexesByTable) {
      const table = lookup.tables.get(tableId)!;
      for (const i of indexes) {
        if (i.method !== 'btree' || i.unique || i.constraint !== null) continue;
        const bad: { column: Column; kind: string }[] = [];
        for (const k of i.keys) {
          const column = k.column === null ? undefined : lookup.column(tableId, k.column);
          if (!column) continue;
          const kind = documentKind(columnStorage(model, column));
          if (kind) bad.push({ column, kind });
        }
        if (bad.length === 0) continue;
        const only = bad.length === 1 && i.keys.length === 1 && i.predicate === null ? bad[0]! : null;
        out.push({
          object: i.id,
          message:
            `${i.id} is a btree index on ${bad.map((b) => `${b.column.name} (${b.kind})`).join(', ')}: it serves only whole-value ` +
            `comparisons, not containment (@>, ?, &&) or key lookups`,
          remediation: only
            ? `CREATE INDEX CONCURRENTLY ON ${tableSql(table)} USING gin (${ident(only.column.name)});\n` +
              `-- then, unless queries compare whole values (=, ORDER BY): DROP INDEX CONCURRENTLY ${indexSql(i, table)};`
            : undefined,
        });
      }
    }
    return out;
  },
};

function documentKind(storage: string): string | null {
  const { dims } = splitArray(storage);
  if (dims > 0) return 'array';
  const name = typeName(storage);
  return name === 'jsonb' || name === 'json' ? name : null;
}
