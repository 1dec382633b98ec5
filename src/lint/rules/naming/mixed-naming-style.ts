/**
 * One schema, two multi-word styles for one kind of name (`userId` beside `user_id`): from analysis.naming, split
 * per schema with the same classification (`namingReport`), one finding per schema and kind (tables, columns).
 *
 * Severity warning: the mix is not cosmetic. Every query author has to remember, per table, whether a name is
 * quoted camelCase or bare snake_case; an unquoted `userId` is folded to `userid` and fails, and ORMs that map one
 * style silently skip the other. One finding per schema and kind keeps it to a handful even on large schemas.
 * The outliers are the finding's related objects: it is located where the first of them was created.
 */
import { nameWords, namingReport } from '../../../analyze/naming.js';
import type { NamingReport, NamingStyle } from '../../../analyze/types.js';
import type { Lookup } from '../../../analyze/lookup.js';
import { ident } from '../../../model/sql-text.js';
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from '../integrity/sql.js';

const KINDS = ['tables', 'columns'] as const;
type Kind = (typeof KINDS)[number];

/** At most this many outliers are named in a message. */
const SHOWN = 5;

interface Named {
  id: string;
  name: string;
  /** The table id (columns) or the table itself (tables). */
  table: string;
  tableName: string;
}

/** The tables or columns of each schema, schemas in code-point order. */
export function namesBySchema(lookup: Lookup, kind: Kind): Map<string, Named[]> {
  const bySchema = new Map<string, Named[]>();
  for (const t of lookup.tables.values()) {
    const list = bySchema.get(t.schema) ?? [];
    if (kind === 'tables') list.push({ id: t.id, name: t.name, table: t.id, tableName: t.name });
    else for (const c of t.columns) list.push({ id: c.id, name: c.name, table: t.id, tableName: t.name });
    bySchema.set(t.schema, list);
  }
  return new Map([...bySchema].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A name rewritten in snake_case or camelCase (the only styles a remediation renames to). */
export function restyle(name: string, style: NamingStyle): string | null {
  const words = nameWords(name);
  if (words.length === 0) return null;
  if (style === 'snake_case') return words.join('_');
  if (style === 'camelCase') return words[0] + words.slice(1).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return null;
}

function countsText(report: NamingReport): string {
  const multi = (['snake_case', 'camelCase', 'PascalCase', 'UPPER_CASE', 'other'] as const)
    .filter((s) => (report.counts[s] ?? 0) > 0)
    .map((s) => `${report.counts[s]} ${s}`);
  const single = report.counts.lowercase ? ` (and ${report.counts.lowercase} single lowercase words, which fit either)` : '';
  return `${multi.join(', ')}${single}`;
}

function renames(lookup: Lookup, kind: Kind, outliers: Named[], style: NamingStyle): string | undefined {
  const lines: string[] = [];
  for (const o of outliers) {
    const target = restyle(o.name, style);
    if (target === null || target === o.name) continue;
    const table = lookup.tables.get(o.table)!;
    if (kind === 'columns') {
      if (table.columns.some((c) => c.name === target)) continue; // would clash with an existing column
      lines.push(`ALTER TABLE ${tableSql(lookup.model, table.id)} RENAME COLUMN ${ident(o.name)} TO ${ident(target)};`);
    } else {
      if ([...lookup.tables.values()].some((t) => t.schema === table.schema && t.name === target)) continue;
      lines.push(`ALTER TABLE ${tableSql(lookup.model, table.id)} RENAME TO ${ident(target)};`);
    }
  }
  return lines.length ? lines.join('\n') : undefined;
}

export const mixedNamingStyle: Rule = {
  meta: {
    id: 'naming/mixed-naming-style',
    category: 'naming',
    severity: 'warning',
    description: 'One schema names its tables, or its columns, in more than one multi-word style (camelCase and snake_case).',
    rationale:
      'Within one schema, each kind of name should follow one convention. With camelCase beside snake_case every query ' +
      'author must remember per table whether a name is a quoted "userId" or a bare user_id; the unquoted userId is folded ' +
      'to userid and fails, and ORM mappings written for one style miss the other. It usually marks tables added by ' +
      'another tool or team.',
    fix:
      'Pick the dominant style for new names, and rename the outliers (ALTER TABLE … RENAME COLUMN) in a migration ' +
      'together with the code that uses them.',
    links: [
      'https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_upper_case_table_or_column_names',
    ],
  },
  check({ analysis, lookup }) {
    const out: RuleFinding[] = [];
    for (const kind of KINDS) {
      // Not mixed over all schemas: no schema can be mixed.
      if (!analysis.naming[kind].mixed) continue;
      for (const [schema, names] of namesBySchema(lookup, kind)) {
        const report = namingReport(names);
        if (!report.mixed || report.dominant === null) continue;
        const byId = new Map(names.map((n) => [n.id, n]));
        const outliers = report.outliers.map((id) => byId.get(id)!);
        const shown = outliers.slice(0, SHOWN).map((o) => (kind === 'columns' ? `${o.tableName}.${o.name}` : o.name));
        const more = outliers.length > SHOWN ? `, … (${outliers.length - SHOWN} more)` : '';
        let where = '';
        if (kind === 'columns') {
          const perTable = new Map<string, number>();
          for (const o of outliers) perTable.set(o.tableName, (perTable.get(o.tableName) ?? 0) + 1);
          const tables = [...perTable].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
          where = ` in ${tables.length === 1 ? 'table' : `${tables.length} tables`} ${tables.map(([t, n]) => `${t} (${n})`).join(', ')}`;
        }
        const noun = kind === 'columns' ? 'column' : 'table';
        out.push({
          object: schema,
          key: kind,
          related: outliers.map((o) => o.id),
          message:
            `schema ${schema} mixes ${noun} naming styles: ${countsText(report)}; ${report.dominant} dominates and ` +
            `${outliers.length} ${noun}${outliers.length === 1 ? '' : 's'}${where} break${outliers.length === 1 ? 's' : ''} it: ${shown.join(', ')}${more}`,
          remediation: renames(lookup, kind, outliers, report.dominant),
        });
      }
    }
    return out;
  },
};
