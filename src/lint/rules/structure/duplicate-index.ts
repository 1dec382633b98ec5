/**
 * Identical indexes on one table: same method, key parts (columns or expressions, opclasses, collations,
 * directions), INCLUDE columns, predicate and uniqueness. The first by name is kept — an index that backs a
 * constraint is kept before any that does not — and every other one is reported, keyed by the kept one.
 *
 * A plain unique index identical to the index of a PRIMARY KEY / UNIQUE constraint is left to
 * structure/unique-index-duplicates-constraint; a non-unique index with the keys of a unique one, to
 * structure/redundant-index. Invalid indexes are structure/invalid-index's.
 */
import { byCodePoint } from '../../../analyze/lookup.js';
import type { Constraint, Index } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { ident, indexSignature, indexSql, keysText, tableSql } from './shared.js';

export const duplicateIndex: Rule = {
  meta: {
    id: 'structure/duplicate-index',
    category: 'structure',
    severity: 'warning',
    description: 'Index identical to another index of the same table.',
    rationale:
      'Two identical indexes serve exactly the same queries, so one of them is never needed: it doubles the write ' +
      'cost of every insert and update of its columns, the disk and cache it takes, and vacuum work.',
    fix: 'Drop the duplicate (DROP INDEX CONCURRENTLY on a live database); if it backs a constraint, drop that constraint.',
    links: [
      'https://www.postgresql.org/docs/current/indexes.html',
      'https://supabase.com/docs/guides/database/database-linter?lint=0009_duplicate_index',
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/duplicated_indexes.sql',
    ],
  },
  check({ model, lookup }) {
    // Only duplicate groups need the constraints: indexed on the first one.
    let byId: Map<string, Constraint> | undefined;
    const constraintOf = (id: string) => (byId ??= new Map(model.constraints.map((c) => [c.id, c]))).get(id);
    const out: RuleFinding[] = [];
    for (const [tableId, indexes] of lookup.indexesByTable) {
      const table = lookup.tables.get(tableId)!;
      const groups = new Map<string, Index[]>();
      for (const i of indexes) {
        if (!i.valid) continue;
        const sig = indexSignature(i);
        const group = groups.get(sig);
        if (group) group.push(i);
        else groups.set(sig, [i]);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        const backsKey = (i: Index) => i.constraint !== null && ['primary key', 'unique'].includes(constraintOf(i.constraint)?.type ?? '');
        // A plain unique index beside a PK / UNIQUE constraint's: the other rule says it better.
        const members = group.some(backsKey) ? group.filter((i) => i.constraint !== null) : group;
        if (members.length < 2) continue;
        const sorted = [...members].sort(
          (a, b) => Number(b.constraint !== null) - Number(a.constraint !== null) || byCodePoint(a.name, b.name),
        );
        const [kept, ...extra] = sorted;
        for (const i of extra) {
          out.push({
            object: i.id,
            key: kept!.id,
            message: `${i.id} duplicates ${kept!.id}: both are ${describe(i)} on ${tableId}`,
            remediation:
              i.constraint !== null && constraintOf(i.constraint)
                ? `ALTER TABLE ${tableSql(table)} DROP CONSTRAINT ${ident(constraintOf(i.constraint)!.name)};`
                : `DROP INDEX CONCURRENTLY ${indexSql(i, table)};`,
          });
        }
      }
    }
    return out;
  },
};

function describe(i: Index): string {
  const include = i.include.length ? ` INCLUDE (${i.include.join(', ')})` : '';
  const where = i.predicate ? ` WHERE ${i.predicate}` : '';
  return `${i.unique ? 'unique ' : ''}${i.method} (${keysText(i)})${include}${where}`;
}
