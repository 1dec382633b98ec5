/**
 * A table with more than 60 columns. Partitions are left out (their columns are their parent's).
 *
 * Why 60: PostgreSQL's hard limit is 1600, far beyond any sensible design; tables past a few dozen columns are, in
 * practice, several entities (or one entity plus optional, rarely-set attributes) sharing a row. 60 leaves room for
 * wide but coherent tables (a user with profile, settings and audit columns) and is a heuristic, hence info.
 */
import type { Rule, RuleFinding } from '../../types.js';

export const MAX_COLUMNS = 60;

export const tooManyColumns: Rule = {
  meta: {
    id: 'structure/too-many-columns',
    category: 'structure',
    severity: 'info',
    description: `Table with more than ${MAX_COLUMNS} columns.`,
    rationale:
      'Under MVCC every UPDATE writes a new version of the whole row, so a wide row makes every small update expensive, ' +
      'fewer rows fit on a page, and SELECT * drags everything along. Very wide tables usually mix several concerns ' +
      '(profile, settings, counters, integration fields) or hold many mostly-NULL optional attributes, which separate ' +
      `tables (1:1) or a jsonb column model better. ${MAX_COLUMNS} is a heuristic, not a limit.`,
    fix: 'Split groups of columns that change or are read together into their own 1:1 tables, or move sparse optional attributes to a jsonb column.',
    links: ['https://www.postgresql.org/docs/current/limits.html', 'https://www.postgresql.org/docs/current/storage-hot.html'],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      if (t.columns.length <= MAX_COLUMNS) continue;
      out.push({ object: t.id, message: `${t.id} has ${t.columns.length} columns: every update rewrites all of them` });
    }
    return out;
  },
};
