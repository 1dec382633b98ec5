/**
 * A cycle of foreign keys that no FK can break: every FK of it is NOT NULL and not deferrable
 * (analysis.cycles with breakable `none`). One finding per cycle, on its first table, keyed by its tables.
 */
import type { Rule } from '../../types.js';
import { ident, tableSql } from './shared.js';

export const unbreakableFkCycle: Rule = {
  meta: {
    id: 'structure/unbreakable-fk-cycle',
    category: 'structure',
    severity: 'warning',
    description: 'Cycle of foreign keys that are all NOT NULL and not deferrable.',
    rationale:
      'When tables reference each other in a circle and every FK of the circle is NOT NULL and checked at once, no ' +
      'table can be filled first: ordinary INSERTs, one per table, always fail. Rows can only be created by one ' +
      'statement that writes every table of the cycle (writable CTEs), so ORMs, seed scripts, COPY and data-only ' +
      'restores (pg_dump --data-only, without --disable-triggers) break on it.',
    fix:
      'Make one FK of the cycle DEFERRABLE INITIALLY DEFERRED (checked at commit), or its column nullable (insert ' +
      'NULL, set it once the other row exists).',
    links: [
      'https://www.postgresql.org/docs/current/sql-set-constraints.html',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ALTER-CONSTRAINT',
    ],
  },
  check({ model, analysis, lookup }) {
    const fks = new Map(model.foreignKeys.map((f) => [f.id, f]));
    return analysis.cycles
      .filter((c) => c.breakable === 'none')
      .map((c) => {
        const at = fks.get(c.brokenAt);
        const table = at ? lookup.tables.get(at.table) : undefined;
        return {
          object: c.tables[0]!,
          key: c.tables.join(','),
          message:
            `${c.tables.join(', ')} reference each other through ${c.foreignKeys.join(', ')}, all NOT NULL and not ` +
            'deferrable: no row of the cycle can be inserted on its own',
          ...(at && table
            ? { remediation: `ALTER TABLE ${tableSql(table)} ALTER CONSTRAINT ${ident(at.name)} DEFERRABLE INITIALLY DEFERRED;` }
            : {}),
        };
      });
  },
};
