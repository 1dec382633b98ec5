/** An UNLOGGED table (or partitioned table) of the user's. */
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from './shared.js';

export const unloggedTable: Rule = {
  meta: {
    id: 'structure/unlogged-table',
    category: 'structure',
    severity: 'info',
    description: 'UNLOGGED table: emptied after a crash and not replicated.',
    rationale:
      'An UNLOGGED table skips the write-ahead log, which makes writes faster but means that after a crash or an ' +
      'unclean shutdown PostgreSQL truncates it, that physical standbys have it empty (reading it there fails), and ' +
      'that it is not published by logical replication and not in point-in-time recovery. Fine for caches and ' +
      'scratch data that can be rebuilt; data that must survive needs a logged table. Deliberate often enough to be info.',
    fix: 'ALTER TABLE … SET LOGGED (rewrites the table and writes it to the WAL) unless losing its contents is acceptable.',
    links: [
      'https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-UNLOGGED',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-LOGGED',
    ],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      if (!t.unlogged) continue;
      out.push({
        object: t.id,
        message: `${t.id} is UNLOGGED: a crash empties it, and standbys and logical replication do not get its rows`,
        remediation: t.kind === 'table' ? `ALTER TABLE ${tableSql(t)} SET LOGGED;` : undefined,
      });
    }
    return out;
  },
};
