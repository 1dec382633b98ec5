/**
 * A table with more than 10 indexes (all of them: primary key, unique, plain, partial). Partitions are left out: their
 * indexes are their parent's.
 *
 * Why 10: every index is written on every INSERT and on every UPDATE that cannot be HOT, and an UPDATE can only be HOT
 * when it changes no indexed column — the more indexes, the more columns are indexed and the rarer HOT updates get.
 * A table with a key, a handful of foreign keys and a few query indexes stays under 10; past that, some indexes are
 * usually redundant or unused. It is a heuristic, hence info.
 */
import type { Rule, RuleFinding } from '../../types.js';

export const MAX_INDEXES = 10;

export const tooManyIndexes: Rule = {
  meta: {
    id: 'structure/too-many-indexes',
    category: 'structure',
    severity: 'info',
    description: `Table with more than ${MAX_INDEXES} indexes.`,
    rationale:
      'Each index is maintained on every INSERT, on every DELETE\'s vacuum, and on every UPDATE that is not HOT — and an ' +
      'UPDATE is only HOT when it changes no indexed column, so many indexes make HOT updates rare and every write ' +
      `pays for all of them in I/O, WAL volume and cache. Past ${MAX_INDEXES} indexes on one table, some are usually ` +
      'redundant (a prefix of another) or never used. A heuristic: heavily read, rarely written tables can carry more.',
    fix: 'Check pg_stat_user_indexes.idx_scan on production for indexes that are never used, and drop those and the ones a wider index already covers.',
    links: [
      'https://www.postgresql.org/docs/current/storage-hot.html',
      'https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ALL-INDEXES-VIEW',
    ],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const [tableId, indexes] of lookup.indexesByTable) {
      if (indexes.length <= MAX_INDEXES) continue;
      const plain = indexes.filter((i) => i.constraint === null).length;
      out.push({
        object: tableId,
        message: `${tableId} has ${indexes.length} indexes (${plain} not backing a constraint): every write maintains all of them`,
      });
    }
    return out;
  },
};
