/**
 * Table columns of type `timestamp [(p)] without time zone` (arrays too, and domains over it): one finding per table,
 * listing its columns — changing them is one decision and one `ALTER TABLE` (one rewrite).
 *
 * The remediation says, as leading SQL comments, what would make its `ALTER COLUMN … TYPE` fail instead of emitting a
 * statement that does: a view the model shows reading the table whose definition uses one of the columns (`cannot
 * alter type of a column used by a view or rule`), a column in the table's partition key (its type cannot be altered), a
 * column whose type is a domain (the domain is what to change).
 */
import { parseSync } from 'libpg-query';
import { kindOf, walk, type Node } from '../../../analyze/sql-expr.js';
import type { Table } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql, typeName } from '../structure/shared.js';

const TIMESTAMP = 'timestamp without time zone';

export const timestampWithoutTimeZone: Rule = {
  meta: {
    id: 'types/timestamp-without-time-zone',
    category: 'types',
    severity: 'warning',
    description: 'Column of type timestamp without time zone.',
    rationale:
      '`timestamp` stores a wall-clock reading with no zone, but most columns record an instant (created_at, ' +
      'expires_at, paid_at). Postgres then converts silently with the session TimeZone whenever the value meets ' +
      'timestamptz or now(): the same row reads differently from two sessions, comparisons shift by the UTC offset, ' +
      'and the hour repeated at a DST change is ambiguous. `timestamptz` stores the instant (as UTC) and costs the same ' +
      '8 bytes. Warning rather than info because the instant case is the common one and its bugs are silent; a column ' +
      'that really holds a local wall-clock time (an appointment in its own zone) should say so in a suppression.',
    fix:
      "ALTER COLUMN … TYPE timestamptz USING col AT TIME ZONE '<the zone the values were written in>' (a table rewrite " +
      'under an ACCESS EXCLUSIVE lock; when the session TimeZone is UTC the conversion needs no USING). Views that use ' +
      'the column must be dropped and re-created around the change; a partition key column cannot change type.',
    links: [
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29',
      'https://www.postgresql.org/docs/current/datatype-datetime.html',
      'https://squawkhq.com/docs/prefer-timestamptz',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      const columns = t.columns.filter((c) => typeName(splitArray(columnStorage(model, c)).element) === TIMESTAMP);
      if (columns.length === 0) continue;
      const keyColumns = t.partitionKey === null ? new Set<string>() : identifiers(t.partitionKey);
      // Views over the table that use one of the columns (read from the definition's parse tree).
      const names = columns.map((c) => c.name);
      const views = model.views
        .filter((v) => v.dependsOn.includes(t.id))
        .map((v) => ({ id: v.id, uses: viewUses(v.definition, t, names) }))
        .filter((v) => v.uses.length > 0)
        .sort((a, b) => a.id.localeCompare(b.id));
      const listed = columns.map((c) => {
        const direct = typeName(splitArray(c.type).element) === TIMESTAMP;
        return `${c.name} (${c.type}${direct ? '' : `, ${columnStorage(model, c)}`})`;
      });
      const comments: string[] = [];
      const clauses: string[] = [];
      for (const v of views) {
        comments.push(
          `-- ${v.id} reads ${listText(v.uses)} of this table, so the ALTER fails ("cannot alter type of a column used by a view or rule"): drop it before and re-create it after this change`,
        );
      }
      for (const c of columns) {
        if (typeName(splitArray(c.type).element) !== TIMESTAMP) {
          comments.push(`-- ${c.name} is of domain ${c.type}: change the domain's type, not the column`);
        } else if (keyColumns.has(c.name)) {
          comments.push(`-- ${c.name} is in the partition key (${t.partitionKey}): its type cannot be altered; re-create the table partitioned by a timestamptz column and move the rows`);
        } else {
          const target = c.type.replace('without time zone', 'with time zone');
          clauses.push(`ALTER COLUMN ${ident(c.name)} TYPE ${target}` + (splitArray(c.type).dims === 0 ? ` USING ${ident(c.name)} AT TIME ZONE 'UTC'` : ''));
        }
      }
      const statement = clauses.length ? [`ALTER TABLE ${tableSql(t)}\n  ${clauses.join(',\n  ')};`] : [];
      // Nothing to ALTER: the comments are the advice when a partition key is why; a domain-only table has none.
      const remediation = statement.length || columns.some((c) => keyColumns.has(c.name)) ? [...comments, ...statement].join('\n') : null;
      out.push({
        object: t.id,
        message:
          `${t.id}: ${listText(listed)} ${columns.length === 1 ? 'stores' : 'store'} no time zone, so an instant read back ` +
          'depends on the session TimeZone',
        ...(remediation === null ? {} : { remediation }),
      });
    }
    return out;
  },
};

/**
 * Which of `names` (columns of `t`) a view definition uses: column references qualified by the table's name or alias,
 * and unqualified ones when the definition reads one relation only (or names that column in a way the parse tree
 * cannot attribute: counted, to be safe). All of them when the definition does not parse.
 */
function viewUses(definition: string, t: Table, names: string[]): string[] {
  let tree: unknown;
  try {
    tree = parseSync(definition);
  } catch {
    return names;
  }
  const aliases = new Set<string>();
  let relations = 0;
  const refs: string[][] = [];
  walk(tree as Node, (kind, body) => {
    if (kind === 'RangeVar') {
      relations++;
      if (body.relname === t.name && (body.schemaname === undefined || body.schemaname === t.schema)) {
        aliases.add(String((body.alias as { aliasname?: string } | undefined)?.aliasname ?? t.name));
      }
    }
    if (kind === 'ColumnRef') {
      refs.push(((body.fields as Node[] | undefined) ?? []).map((f) => { const [k, b] = kindOf(f); return k === 'String' ? String(b.sval) : '*'; }));
    }
  });
  const used = new Set<string>();
  for (const parts of refs) {
    const column = parts[parts.length - 1]!;
    const qualifier = parts.length >= 2 ? parts[parts.length - 2]! : null;
    if (qualifier !== null && !aliases.has(qualifier)) continue;
    if (qualifier === null && relations > 1 && !names.includes(column)) continue;
    if (column === '*') names.forEach((n) => used.add(n));
    else used.add(column);
  }
  return names.filter((n) => used.has(n));
}

/** Names in a `PARTITION BY` key (identifiers outside string literals; unquoted ones folded to lower case). */
function identifiers(sql: string): Set<string> {
  const out = new Set<string>();
  const text = sql.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of text.matchAll(/"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    out.add(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.toLowerCase());
  }
  return out;
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
