/**
 * An FK with ON DELETE SET NULL or ON UPDATE SET NULL whose set columns include a NOT NULL column (a NOT NULL column
 * or a column of a NOT NULL domain): the referential action writes NULL into it, and the statement on the parent fails
 * with a not-null violation. PostgreSQL accepts the definition; the mistake only shows when a parent row is deleted
 * (or its key updated) while a child row references it.
 *
 * `ON DELETE SET NULL (col, …)` (PostgreSQL 15+) sets only the listed columns; only those are checked. The child must be
 * a user table (partitions are their parent's); the parent may be anything (an FK to auth.users counts).
 */
import { ident } from '../../../model/sql-text.js';
import type { Column, ForeignKey, SchemaModel } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from './sql.js';

export const setNullOnNotNull: Rule = {
  meta: {
    id: 'integrity/set-null-on-not-null',
    category: 'integrity',
    severity: 'error',
    description: 'ON DELETE / ON UPDATE SET NULL on a foreign key whose column is NOT NULL: the delete or update of the parent fails.',
    rationale:
      'SET NULL tells PostgreSQL to keep the child row and clear its reference when the parent goes away. If the ' +
      'column is NOT NULL, the action cannot be carried out: the DELETE (or key UPDATE) on the parent fails with ' +
      '"null value in column … violates not-null constraint", so the parent cannot be deleted while any child ' +
      'references it — the opposite of what the FK declares. Nothing warns at CREATE time; it surfaces in production ' +
      'the first time such a parent is deleted.',
    fix:
      'Decide what the child row should do. If it may outlive its parent, drop NOT NULL from the column. If it cannot ' +
      'exist without it, use ON DELETE CASCADE (delete it too) or RESTRICT / NO ACTION (block the delete) instead.',
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
        if (action !== 'set null') continue;
        const set = setColumns(f, event);
        const notNull = set
          .map((name) => table.columns.find((c) => c.name === name))
          .filter((c): c is Column => c !== undefined && !acceptsNull(model, c));
        if (notNull.length === 0) continue;
        const names = notNull.map((c) => c.name);
        const what = event === 'delete' ? `deleting a ${f.refTable} row` : `updating the key of a ${f.refTable} row`;
        out.push({
          object: f.id,
          key: event,
          message:
            `${f.name} is ON ${event.toUpperCase()} SET NULL, but ${f.table}.${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} NOT NULL` +
            `${notNull.some((c) => c.nullable) ? ' (by its domain)' : ''}: ${what} that a ${f.table} row references fails with a not-null violation`,
          remediation: remediation(model, f, notNull),
        });
      }
    }
    return out;
  },
};

/** The columns a SET NULL / SET DEFAULT action writes: the listed ones (`SET NULL (a)`, ON DELETE only), else all. */
export function setColumns(f: ForeignKey, event: 'delete' | 'update'): string[] {
  if (event === 'delete') {
    const m = /\bON DELETE SET (?:NULL|DEFAULT) \(((?:[^)"]|"(?:[^"]|"")*")*)\)/.exec(f.definition);
    if (m) {
      return [...m[1]!.matchAll(/"((?:[^"]|"")*)"|([^\s,"]+)/g)].map((x) => (x[1] !== undefined ? x[1].replace(/""/g, '"') : x[2]!));
    }
  }
  return f.columns;
}

function domainNotNull(model: SchemaModel, c: Column): boolean {
  const domain = c.typeId ? model.domains.find((d) => d.id === c.typeId) : undefined;
  return domain !== undefined && !domain.nullable;
}

function acceptsNull(model: SchemaModel, c: Column): boolean {
  return c.nullable && !domainNotNull(model, c);
}

function remediation(model: SchemaModel, f: ForeignKey, columns: Column[]): string {
  const table = tableSql(model, f.table);
  const viaDomain = columns.filter((c) => domainNotNull(model, c)).map((c) => c.name);
  const lines = viaDomain.length === 0
    ? [`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${ident(c.name)} DROP NOT NULL`).join(', ')};`]
    : [`-- ${viaDomain.join(', ')}: NOT NULL comes from the column's domain; give the column a nullable type, or change the FK's action`];
  lines.push(`-- or, if a ${f.table} row cannot exist without its parent, replace SET NULL by CASCADE or RESTRICT on ${ident(f.name)}`);
  return lines.join('\n');
}
