/**
 * A btree index with more than 5 key columns (INCLUDE columns do not count: they are not part of the key). Unique
 * indexes and those backing a constraint are left out: their width is the rule they enforce.
 *
 * Why 5: a btree can only seek on a leading run of its keys; past 4 or 5 columns the later ones rarely narrow the
 * search, while every one of them makes each entry (and the whole index) larger.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { keysText } from './shared.js';

export const MAX_INDEX_KEYS = 5;

export const wideIndex: Rule = {
  meta: {
    id: 'structure/wide-index',
    category: 'structure',
    severity: 'info',
    description: `Non-unique btree index with more than ${MAX_INDEX_KEYS} key columns.`,
    rationale:
      'A btree index serves a query through a leading run of its key columns: equality on the first ones, then one ' +
      'range. Columns past the fifth rarely narrow a search but make every entry larger, so the index takes more disk ' +
      'and cache, and every write to any of those columns updates it (and cannot be HOT). Often it was built for one ' +
      'query and a shorter index, or INCLUDE columns for an index-only scan, would serve it as well.',
    fix: 'Keep the columns queries filter on (equality first, then the range) as keys; move columns that are only returned to INCLUDE (…).',
    links: ['https://www.postgresql.org/docs/current/indexes-multicolumn.html', 'https://www.postgresql.org/docs/current/indexes-index-only-scans.html'],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const indexes of lookup.indexesByTable.values()) {
      for (const i of indexes) {
        if (i.method !== 'btree' || i.unique || i.constraint !== null || i.keys.length <= MAX_INDEX_KEYS) continue;
        out.push({
          object: i.id,
          message: `${i.id} has ${i.keys.length} key columns (${keysText(i)}) on ${i.table}: a btree rarely uses more than the first few`,
        });
      }
    }
    return out;
  },
};
