/**
 * One column name stored with different types in different tables — for reference-like names only: `*_id` / `*Id`
 * columns (not a bare `id`: each table's own key type is its own choice), columns that some FK uses, and a few
 * conventional names (created_at, updated_at, deleted_at, email…). Names compare case- and separator-folded
 * (`userId` = `user_id`), types after unwrapping domains. One finding per name, on the first column of its least used
 * type (the odd one out), listing every type seen.
 */
import { byCodePoint } from '../../../analyze/lookup.js';
import type { Column } from '../../../model/types.js';
import { nameWords, normaliseColumn } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage } from '../structure/shared.js';

const CONVENTIONAL = new Set([
  'created_at', 'updated_at', 'deleted_at', 'modified_at', 'inserted_at', 'archived_at', 'created_on', 'updated_on',
  'email', 'email_address', 'currency', 'currency_code', 'country_code', 'locale',
]);

export const inconsistentColumnTypes: Rule = {
  meta: {
    id: 'types/inconsistent-column-types',
    category: 'types',
    severity: 'info',
    description: 'The same reference-like column name has different types in different tables.',
    rationale:
      'A `user_id` that is uuid in one table and text in another cannot be joined or compared without a cast (which ' +
      'also keeps an index from being used), cannot get an FK without a type change, and hides which one is right. ' +
      'The same holds for conventional columns such as created_at (timestamptz here, timestamp there) or email ' +
      '(varchar(255) here, text there). Info: it can be deliberate, and the fix spans several tables.',
    fix: 'Pick one type per name (the referenced key type for *_id columns) and ALTER the odd columns to it.',
    links: ['https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/columns_with_inconsistent_types.sql'],
  },
  check({ model, lookup }) {
    const fkColumns = new Set(lookup.foreignKeys.flatMap((f) => f.columns.map(normaliseColumn)));
    const groups = new Map<string, { column: Column; table: string; type: string }[]>();
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        const words = nameWords(c.name);
        const name = normaliseColumn(c.name);
        const referenceLike = (words.length >= 2 && words[words.length - 1] === 'id') || fkColumns.has(name);
        if (!referenceLike && !CONVENTIONAL.has(name)) continue;
        push(groups, name, { column: c, table: t.id, type: columnStorage(model, c) });
      }
    }
    const out: RuleFinding[] = [];
    for (const [name, cols] of [...groups].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const byType = new Map<string, typeof cols>();
      for (const c of cols) push(byType, c.type, c);
      if (byType.size < 2 || new Set(cols.map((c) => c.table)).size < 2) continue;
      const types = [...byType].sort((a, b) => b[1].length - a[1].length || byCodePoint(a[0], b[0]));
      const odd = types[types.length - 1]![1].map((c) => c.column.id).sort(byCodePoint)[0]!;
      const seen = types.map(([type, list]) => {
        const ids = list.map((c) => c.column.id).sort(byCodePoint);
        return `${type} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''})`;
      });
      out.push({
        object: odd,
        message: `column ${name} has ${types.length} types across ${new Set(cols.map((c) => c.table)).size} tables: ${seen.join('; ')}`,
      });
    }
    return out;
  },
};

/** Appends to a list in a map (in place: a name can have thousands of columns). */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
