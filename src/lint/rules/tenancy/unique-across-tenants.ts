/**
 * A unique constraint or index on a scoped table that does not include the tenant column: the value is unique over
 * all tenants, so two tenants cannot both have it (users.email globally unique: one person cannot sign up with two
 * tenants), and an insert that fails with a unique violation tells one tenant that another has the value.
 *
 * Not reported — the key is already per tenant, or cannot clash: the primary key; a single surrogate id column
 * (identity, serial, a uuid/random default); a key with a column that is part of an FK to the tenant root or to a
 * table that belongs to a tenant (scoped or inherited: `UNIQUE (redemption_id)`, `UNIQUE (user_id, mission_id)`
 * are per tenant through the referenced row); a key on a secret or a digest of one (`token`, `key_hash`), unique
 * by construction and looked up across tenants on purpose; a key another table's FK references (an identifier).
 */
import { funcCallName, parseExpression, walk } from '../../../analyze/sql-expr.js';
import type { Column, Constraint, Index } from '../../../model/types.js';
import { ident, identList } from '../../../model/sql-text.js';
import { nameWords } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';
import { objectName, tableName, tableSql } from '../integrity/sql.js';

const SECRET_WORDS = new Set(['token', 'hash', 'digest', 'secret', 'nonce', 'salt', 'fingerprint']);
const GENERATORS = new Set(['nextval', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7', 'gen_random_bytes']);

/** An identity, serial or generated-uuid column: its values come from a generator, not from a tenant. */
export function isSurrogate(column: Column): boolean {
  if (column.identity !== null) return true;
  if (column.default === null) return false;
  const node = parseExpression(column.default);
  let generated = false;
  walk(node, (kind, body) => {
    if (kind !== 'FuncCall') return;
    const name = funcCallName({ FuncCall: body });
    if (name && GENERATORS.has(name[name.length - 1]!)) generated = true;
  });
  return generated;
}

/** `col`, `(lower(email))`, with the key part's collation, operator class and order, for a CREATE INDEX. */
function keySql(k: Index['keys'][number]): string {
  const parts = [k.column !== null ? ident(k.column) : `(${k.expression})`];
  if (k.collation) parts.push(`COLLATE ${k.collation}`);
  if (k.opclass) parts.push(k.opclass);
  if (k.descending) parts.push('DESC');
  if (k.nullsFirst !== k.descending) parts.push(k.nullsFirst ? 'NULLS FIRST' : 'NULLS LAST');
  return parts.join(' ');
}

export const uniqueAcrossTenants: Rule = {
  meta: {
    id: 'tenancy/unique-across-tenants',
    category: 'tenancy',
    severity: 'warning',
    description: 'A unique constraint or index on a tenant table that does not include the tenant column.',
    rationale:
      'In a multi-tenant table a business key is usually unique per tenant: an email, a slug, an external URL. A ' +
      'unique key without the tenant column makes it unique across all tenants instead, so the second tenant to use a ' +
      'value is refused — and the unique-violation error tells it that another tenant has that value, a covert ' +
      'channel row-level security does not close.',
    fix: 'Put the tenant column first in the key (UNIQUE (client_id, email)); keep a global key only for values that must be global, and say so with a suppression.',
    links: ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html', 'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-UNIQUE-CONSTRAINTS'],
  },
  check({ analysis, lookup, model }) {
    const tenancy = analysis.tenancy;
    if (!tenancy) return [];
    const column = tenancy.column;
    const tenantBound = new Set([tenancy.root, ...tenancy.scoped, ...tenancy.inherited.map((i) => i.table)]);
    const out: RuleFinding[] = [];
    for (const id of tenancy.scoped) {
      const table = lookup.tables.get(id)!;
      // Built for the first unique index: most tables have none but their primary key.
      let fkColumns: Set<string> | undefined;
      let constraints: Map<string, Constraint> | undefined;
      for (const index of lookup.indexesByTable.get(id) ?? []) {
        if (!index.unique || index.primary || !index.valid) continue;
        const fks = (fkColumns ??= new Set((lookup.outgoing.get(id) ?? []).filter((f) => tenantBound.has(f.refTable)).flatMap((f) => f.columns)));
        const byId = (constraints ??= new Map((lookup.constraintsByTable.get(id) ?? []).map((c) => [c.id, c])));
        const constraint = index.constraint ? byId.get(index.constraint) : undefined;
        if (constraint && constraint.type !== 'unique') continue;
        const columns = index.keys.flatMap((k) => (k.column !== null ? [k.column] : []));
        const expressionColumns = new Set<string>();
        for (const k of index.keys) {
          if (k.expression === null) continue;
          walk(parseExpression(k.expression), (kind, body) => {
            if (kind !== 'ColumnRef') return;
            const fields = (body.fields as { String?: { sval?: string } }[] | undefined) ?? [];
            const last = fields[fields.length - 1]?.String?.sval;
            if (last) expressionColumns.add(last);
          });
        }
        const all = [...columns, ...expressionColumns];
        if (all.includes(column)) continue;
        if (all.some((c) => fks.has(c))) continue;
        if (all.some((c) => nameWords(c).some((w) => SECRET_WORDS.has(w)))) continue;
        // The target of an FK: an identifier other tables rely on, unique by design.
        const referenced = (lookup.incoming.get(id) ?? []).some((f) => f.refColumns.length === columns.length && columns.length === index.keys.length && f.refColumns.every((c) => columns.includes(c)));
        if (referenced) continue;
        if (index.keys.length === 1 && columns.length === 1) {
          const only = lookup.column(id, columns[0]!);
          if (only && isSurrogate(only)) continue;
        }
        const what = index.keys.map((k) => k.column ?? k.expression!).join(', ');
        const t = tableSql(model, id);
        const name = objectName(table.name, [column, ...index.keys.map((k) => k.column ?? 'expr')].join('_'), constraint ? 'key' : 'idx');
        const where = index.predicate ? ` WHERE ${index.predicate}` : '';
        const remediation = constraint
          ? [
              `ALTER TABLE ${t} DROP CONSTRAINT ${ident(constraint.name)}, ADD CONSTRAINT ${ident(name)} UNIQUE${index.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${identList([column, ...columns])})${constraint.deferrable ? (constraint.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : ''};`,
            ].join('\n')
          : [
              `CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} USING ${index.method} (${[ident(column), ...index.keys.map(keySql)].join(', ')})` +
                `${index.include.length ? ` INCLUDE (${identList(index.include)})` : ''}${index.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}${where};`,
              `DROP INDEX CONCURRENTLY ${tableSql(model, index.id)};`,
            ].join('\n');
        out.push({
          object: constraint ? constraint.id : index.id,
          message:
            `${constraint ? `the unique constraint ${constraint.name}` : `the unique index ${index.name}`} makes (${what}) unique across all tenants: ` +
            `two tenants cannot both have rows in ${tableName(model, id)} with the same ${what}, and the unique violation tells one that the other has it`,
          remediation,
        });
      }
    }
    return out;
  },
};
