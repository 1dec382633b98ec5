/**
 * Names that are not plain lowercase identifiers (`userId`, `Order Items`, `2fa_codes`): every query must
 * double-quote them, exactly as created. Keywords are the reserved-word rule's; here only the names PostgreSQL's
 * quote_ident() quotes for another reason (upper case, spaces, punctuation, a leading digit).
 *
 * One finding per table (its own name and its columns' together), view, schema, type or function — and, where a
 * schema's dominant style for tables or columns is itself one that needs quotes (camelCase, PascalCase: an ORM's
 * convention), one finding for the schema instead of one per table: per column, or per table, would bury such a
 * schema under findings about one decision. Info: such names work, they only make every hand-written query a trap.
 */
import { namingReport, namingStyle } from '../../../analyze/naming.js';
import type { NamingStyle } from '../../../analyze/types.js';
import { ident, isReservedWord } from '../../../model/sql-text.js';
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from '../integrity/sql.js';
import { namesBySchema, restyle } from './mixed-naming-style.js';

/** A quoted style is the schema's convention when it dominates with at least this many names (one name is no convention). */
const CONVENTION_MIN = 3;

/** Needs double quotes for a reason other than being a keyword. */
export function needsQuotes(name: string): boolean {
  return ident(name) !== name && !isReservedWord(name);
}

function why(names: string[]): string {
  const sample = names.find((n) => n !== n.toLowerCase());
  return sample
    ? `unquoted, PostgreSQL folds them to lower case (${sample} → ${sample.toLowerCase()}) and finds nothing`
    : 'unquoted, they are not valid identifiers (a space, punctuation or a leading digit)';
}

export const nameNeedsQuotes: Rule = {
  meta: {
    id: 'naming/name-needs-quotes',
    category: 'naming',
    severity: 'info',
    description: 'Names that must be double-quoted in every query (upper case, spaces, punctuation).',
    rationale:
      'PostgreSQL folds unquoted identifiers to lower case, so a table or column created as "userId" can only be ' +
      'reached as "userId", in quotes, with that exact case; userId or UserId unquoted mean userid and fail. psql, ' +
      'reports, migrations and ad-hoc SQL all have to remember the quotes.',
    fix: 'Prefer lowercase snake_case names (ALTER TABLE … RENAME COLUMN "userId" TO user_id); if the style is deliberate (an ORM that quotes everything), keep it consistent and silence this rule.',
    links: [
      'https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS',
      'https://www.postgresql.org/docs/current/functions-string.html#FUNCTIONS-STRING-OTHER',
    ],
  },
  check({ lookup, model }) {
    const out: RuleFinding[] = [];
    // Per schema and kind, a dominant style that itself needs quotes (camelCase, PascalCase) is a convention: its
    // names are one schema-level finding, and no rename is proposed; other names that need quotes are per table.
    const conventions = new Map<string, NamingStyle | null>();
    const convention = (schema: string, kind: 'tables' | 'columns'): NamingStyle | null => {
      const key = `${schema}\u0000${kind}`;
      if (!conventions.has(key)) {
        const report = namingReport(namesBySchema(lookup, kind).get(schema) ?? []);
        const dominant = report.dominant;
        const quoted = (dominant === 'camelCase' || dominant === 'PascalCase') && (report.counts[dominant] ?? 0) >= CONVENTION_MIN;
        conventions.set(key, quoted ? dominant : null);
      }
      return conventions.get(key)!;
    };
    const byConvention = new Map<string, { schema: string; kind: 'tables' | 'columns'; style: NamingStyle; names: string[]; tables: Set<string> }>();
    const followsConvention = (schema: string, kind: 'tables' | 'columns', name: string, table: string) => {
      const style = convention(schema, kind);
      if (style === null || namingStyle(name) !== style) return false;
      const key = `${schema}\u0000${kind}`;
      const entry = byConvention.get(key) ?? { schema, kind, style, names: [], tables: new Set<string>() };
      entry.names.push(name);
      entry.tables.add(table);
      byConvention.set(key, entry);
      return true;
    };
    for (const t of lookup.tables.values()) {
      const tableQuoted = needsQuotes(t.name) && !followsConvention(t.schema, 'tables', t.name, t.id);
      const columns = t.columns.filter((c) => needsQuotes(c.name) && !followsConvention(t.schema, 'columns', c.name, t.id)).map((c) => c.name);
      if (!tableQuoted && columns.length === 0) continue;
      const parts: string[] = [];
      if (tableQuoted) parts.push(`the table name ${ident(t.name)}`);
      if (columns.length) parts.push(`${columns.length} column name${columns.length === 1 ? '' : 's'} (${columns.map(ident).join(', ')})`);
      const renames: string[] = [];
      for (const c of columns) {
        const target = restyle(c, 'snake_case');
        if (target && target !== c && !t.columns.some((x) => x.name === target)) {
          renames.push(`ALTER TABLE ${tableSql(model, t.id)} RENAME COLUMN ${ident(c)} TO ${ident(target)};`);
        }
      }
      if (tableQuoted) {
        const target = restyle(t.name, 'snake_case');
        if (target && target !== t.name) renames.push(`ALTER TABLE ${tableSql(model, t.id)} RENAME TO ${ident(target)};`);
      }
      out.push({
        object: t.id,
        message: `${t.id}: ${parts.join(' and ')} must be double-quoted in every query; ${why([...(tableQuoted ? [t.name] : []), ...columns])}`,
        remediation: renames.length ? renames.join('\n') : undefined,
      });
    }
    for (const c of [...byConvention.values()]) {
      const noun = c.kind === 'tables' ? 'table' : 'column';
      const sample = c.names.slice(0, 3).map(ident).join(', ');
      const where = c.kind === 'columns' ? ` in ${c.tables.size} table${c.tables.size === 1 ? '' : 's'}` : '';
      out.push({
        object: c.schema,
        key: `quoted-${c.kind}`,
        related: [...c.tables],
        message:
          `schema ${c.schema} names its ${noun}s in ${c.style}: ${c.names.length} ${noun} name${c.names.length === 1 ? '' : 's'}${where} ` +
          `(${sample}${c.names.length > 3 ? ', …' : ''}) must be double-quoted in every query; ${why(c.names)}`,
      });
    }
    const others: { id: string; name: string; what: string }[] = [
      ...model.schemas.filter((s) => s.origin === 'user').map((s) => ({ id: s.id, name: s.name, what: 'schema' })),
      ...model.views.filter((v) => v.origin === 'user').map((v) => ({ id: v.id, name: v.name, what: 'view' })),
      ...[...model.enums, ...model.domains, ...model.compositeTypes].filter((x) => x.origin === 'user').map((x) => ({ id: x.id, name: x.name, what: 'type' })),
      ...model.functions.filter((f) => f.origin === 'user').map((f) => ({ id: f.id, name: f.name, what: 'function' })),
    ];
    for (const o of others) {
      if (!needsQuotes(o.name)) continue;
      out.push({ object: o.id, message: `the ${o.what} name ${ident(o.name)} must be double-quoted wherever it is used; ${why([o.name])}` });
    }
    return out;
  },
};
