/** An index Postgres marked invalid (`pg_index.indisvalid = false`). */
import type { Rule } from '../../types.js';
import { readableIndexDdl } from '../../../model/sql-text.js';
import { indexSql } from './shared.js';

export const invalidIndex: Rule = {
  meta: {
    id: 'structure/invalid-index',
    category: 'structure',
    severity: 'warning',
    description: 'Invalid index: left behind by a failed CREATE INDEX CONCURRENTLY, or a partitioned index missing partitions.',
    rationale:
      'When CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) fails — a deadlock, a uniqueness violation, a ' +
      'cancelled migration — the index stays behind marked invalid: the planner never uses it, yet every write still ' +
      'maintains it, and a unique one does not guarantee that the existing rows are unique. An index created ON ONLY a ' +
      'partitioned table stays invalid until an index of every partition is attached to it. Migrations that ' +
      '"CREATE INDEX … IF NOT EXISTS" then skip it forever, believing the index is there.',
    fix:
      'Rebuild it (REINDEX INDEX CONCURRENTLY, or DROP INDEX CONCURRENTLY then create it again) after fixing the ' +
      'cause; for a partitioned index, attach the index of each partition (ALTER INDEX … ATTACH PARTITION), or create it again without ONLY so that Postgres builds or attaches one on every partition.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      'https://github.com/ankane/pghero/blob/master/lib/pghero/methods/indexes.rb',
    ],
  },
  check({ lookup }) {
    return [...lookup.indexesByTable.entries()].flatMap(([tableId, indexes]) => {
      const table = lookup.tables.get(tableId)!;
      return indexes
        .filter((i) => !i.valid)
        .map((i) =>
          table.kind === 'partitioned'
            ? {
                object: i.id,
                message: `${i.id} on the partitioned table ${tableId} is invalid: some partition has no index attached to it, so queries cannot use it`,
                remediation: `DROP INDEX ${indexSql(i, table)};\n${readableIndexDdl(i, table)};`,
              }
            : {
                object: i.id,
                message: `${i.id} on ${tableId} is invalid (a failed concurrent build): queries never use it, yet every write maintains it${i.unique ? ', and the existing rows were never checked to be unique' : ''}`,
                remediation: `REINDEX INDEX CONCURRENTLY ${indexSql(i, table)};`,
              },
        );
    });
  },
};
