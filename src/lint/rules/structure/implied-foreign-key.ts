/**
 * A `*_id` / `*Id` column with no foreign key whose prefix names an existing table with a single-column primary key
 * of a compatible type: a relation the schema implies but does not enforce.
 *
 * Precision first — not reported: columns in any FK of their table; a table's own single-column primary key
 * (`orders.order_id`), and any column named after its own table (`tiers.tier_id`: a code, not a self-reference); polymorphic pairs (`resource_id` beside `resource_type`); prefixes that name no table
 * (`external_id`, `stripe_id`, `session_id` without a `sessions` table), or more than one table in other schemas;
 * referenced tables without a single-column primary key, or whose key type could not be referenced without a cast
 * (`session_id text` against `sessions.id uuid`). Columns of a composite primary key (junction tables) are checked.
 */
import { foldedName, singular } from '../../../analyze/naming.js';
import type { Table } from '../../../model/types.js';
import { nameWords, normaliseColumn } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, tableSql, typeFamily } from './shared.js';

export const impliedForeignKey: Rule = {
  meta: {
    id: 'structure/implied-foreign-key',
    category: 'structure',
    severity: 'info',
    description: 'Column named like a reference to an existing table (`user_id` → users) without a foreign key.',
    rationale:
      'Without the FK nothing stops a row from pointing at a parent that never existed or was deleted: orphans ' +
      'accumulate silently, joins drop rows, and the documented relation is a guess. A name is only a hint — logs that ' +
      'must outlive their subjects, or ids of another system, are deliberately left without an FK — so this is info.',
    fix:
      'Add the foreign key (on a live table: ADD … NOT VALID, then VALIDATE CONSTRAINT once orphans are cleaned up), ' +
      'or suppress the finding on the column with the reason there is none.',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK',
      'https://github.com/pawurb/ruby-pg-extras',
    ],
  },
  check({ model, lookup }) {
    const byFolded = new Map<string, Table[]>();
    for (const t of lookup.tables.values()) {
      if (t.kind === 'foreign') continue;
      const key = foldedName(t.name);
      const list = byFolded.get(key);
      if (list) list.push(t);
      else byFolded.set(key, [t]);
    }
    // The FK columns of each table (every FK of the model, not only those between analysed tables).
    const fkColumns = new Map<string, Set<string>>();
    for (const f of model.foreignKeys) {
      const set = fkColumns.get(f.table) ?? new Set<string>();
      for (const c of f.columns) set.add(c);
      fkColumns.set(f.table, set);
    }

    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      const pk = lookup.primaryKey.get(t.id) ?? [];
      const own = fkColumns.get(t.id);
      let siblings: Set<string> | undefined;
      for (const c of t.columns) {
        const words = nameWords(c.name);
        if (words.length < 2 || words[words.length - 1] !== 'id') continue;
        if (own?.has(c.name)) continue;
        if (pk.length === 1 && pk[0] === c.name) continue;
        const prefix = words.slice(0, -1);
        siblings ??= new Set(t.columns.map((x) => normaliseColumn(x.name)));
        if (siblings.has([...prefix, 'type'].join('_'))) continue;
        const candidates = byFolded.get(prefix.map(singular).join('_')) ?? [];
        const local = candidates.filter((r) => r.schema === t.schema);
        const ref = local.length === 1 ? local[0] : local.length === 0 && candidates.length === 1 ? candidates[0] : undefined;
        // `tiers.tier_id` is the table's own code or external id, not a self-reference (those say parent_id).
        if (!ref || ref.id === t.id) continue;
        const refPk = lookup.primaryKey.get(ref.id) ?? [];
        if (refPk.length !== 1) continue;
        const refCol = lookup.column(ref.id, refPk[0]!);
        if (!refCol || typeFamily(columnStorage(model, refCol)) !== typeFamily(columnStorage(model, c))) continue;
        const differ = columnStorage(model, refCol) !== columnStorage(model, c) ? ` (and its type, ${c.type}, differs from ${refCol.type})` : '';
        out.push({
          object: c.id,
          message: `${c.id} looks like a reference to ${ref.id} (${refCol.name}) but has no foreign key${differ}`,
          remediation: `ALTER TABLE ${tableSql(t)} ADD FOREIGN KEY (${ident(c.name)}) REFERENCES ${tableSql(ref)} (${ident(refCol.name)});`,
        });
      }
    }
    return out;
  },
};
