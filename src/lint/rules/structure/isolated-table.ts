/**
 * A table with no foreign key to or from another table (analysis.isolated). Not reported when the schema has a single
 * analysed table (nothing to relate to), nor for foreign tables (which cannot have foreign keys).
 */
import type { Rule } from '../../types.js';

export const isolatedTable: Rule = {
  meta: {
    id: 'structure/isolated-table',
    category: 'structure',
    severity: 'info',
    description: 'Table with no foreign key to or from any other table.',
    rationale:
      'A table no FK connects to the rest of the schema is either self-contained (settings, feature flags, a log, ' +
      'a staging table) or holds references that are not declared — ids that point elsewhere without an FK, so ' +
      'nothing keeps them valid. Worth a look, hence info.',
    fix: 'Declare the foreign keys its columns imply, or note (a comment, a suppression with its reason) that it stands alone by design.',
    links: ['https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/tables_not_linked_to_others.sql'],
  },
  check({ analysis, lookup }) {
    if (lookup.tables.size < 2) return [];
    return analysis.isolated
      .filter((id) => lookup.tables.get(id)?.kind !== 'foreign')
      .map((id) => ({ object: id, message: `${id} has no foreign key to or from any other table` }));
  },
};
