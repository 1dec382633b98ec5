/**
 * An FK with ON DELETE SET DEFAULT (or ON UPDATE SET DEFAULT) where a column it sets has no default, or a default
 * that cannot name an existing parent row:
 *
 * - no default (neither on the column nor on its domain): SET DEFAULT writes NULL — on a NOT NULL column the parent's
 *   delete fails, on a nullable one the action is a SET NULL in disguise;
 * - a default that makes a new value every time (`gen_random_uuid()`, `uuid_generate_v4()`, `nextval(…)`, `now()`,
 *   `random()`…): no parent row can have it, so the FK check that follows the action fails and so does the delete.
 *
 * A constant default (`0`, `'unknown'`) is left alone: it can name a sentinel parent row, which the model cannot see.
 */
import type { Column, ForeignKey, SchemaModel } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { setColumns } from './set-null-on-not-null.js';
import { replaceForeignKeySql } from './sql.js';

/** Defaults that produce a new value on every call. */
const GENERATOR = /^(?:gen_random_uuid|uuid_generate_v[14]|uuid_generate_v1mc|uuidv[47]|nextval|now|clock_timestamp|statement_timestamp|transaction_timestamp|random|timeofday)\(/;

export const setDefaultWithoutDefault: Rule = {
  meta: {
    id: 'integrity/set-default-without-default',
    category: 'integrity',
    severity: 'warning',
    description: 'ON DELETE / ON UPDATE SET DEFAULT on a foreign key whose column has no default, or a default no parent row can have.',
    rationale:
      'SET DEFAULT keeps the child row and points it at whatever the column default gives, and PostgreSQL then checks ' +
      'the FK again. Without a default the column is set to NULL: a NOT NULL column makes the parent\'s delete fail, a ' +
      'nullable one silently behaves as SET NULL. A default that generates a fresh value (a random uuid, nextval(), ' +
      'now()) never matches an existing parent, so the re-check fails and the delete is rejected. Either way the FK ' +
      'does not do what it says.',
    fix:
      'Give the column a default that names a row the parent table always keeps (a sentinel such as "unassigned"), or ' +
      'use the action you mean: SET NULL on a nullable column, CASCADE, or RESTRICT.',
    links: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK',
      'https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-REFERENCES',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const f of model.foreignKeys) {
      const table = lookup.tables.get(f.table);
      if (!table) continue;
      for (const event of ['delete', 'update'] as const) {
        const action = event === 'delete' ? f.onDelete : f.onUpdate;
        if (action !== 'set default') continue;
        const problems: string[] = [];
        let fails = false;
        for (const name of setColumns(f, event)) {
          const c = table.columns.find((x) => x.name === name);
          if (!c) continue;
          const def = effectiveDefault(model, c);
          if (def === null) {
            if (c.nullable) problems.push(`${c.name} has no default, so it is set to NULL (the action behaves as SET NULL)`);
            else {
              problems.push(`${c.name} has no default and is NOT NULL, so the action fails with a not-null violation`);
              fails = true;
            }
          } else if (GENERATOR.test(def)) {
            problems.push(`${c.name} defaults to ${def}, a new value no ${f.refTable} row has, so the FK re-check fails`);
            fails = true;
          }
        }
        if (problems.length === 0) continue;
        const what = event === 'delete' ? `deleting a referenced ${f.refTable} row` : `updating the key of a referenced ${f.refTable} row`;
        out.push({
          object: f.id,
          key: event,
          message: `${f.name} is ON ${event.toUpperCase()} SET DEFAULT, but ${problems.join('; ')}${fails ? `: ${what} is rejected` : ''}`,
          remediation: event === 'delete' ? remediation(model, f, fails) : undefined,
        });
      }
    }
    return out;
  },
};

/** The column's default, else its domain's (a column of a domain with a default gets it). */
function effectiveDefault(model: SchemaModel, c: Column): string | null {
  if (c.default !== null) return c.default;
  if (c.typeId === null) return null;
  return model.domains.find((d) => d.id === c.typeId)?.default ?? null;
}

function remediation(model: SchemaModel, f: ForeignKey, fails: boolean): string {
  return [
    `-- give the column(s) a default naming a ${f.refTable} row that is never deleted, or choose the action you mean, e.g.:`,
    replaceForeignKeySql(model, f, fails ? 'restrict' : 'set null'),
  ].join('\n');
}
