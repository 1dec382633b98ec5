/**
 * Names that are SQL keywords PostgreSQL does not accept bare where the name is used: `user`, `order`, `check`,
 * `left` as a table or column. Decided by the real parser, not a list: the name, unquoted, is parsed in the place
 * it stands (a column in an expression, a table after FROM, …) and must come back as that name. Keywords that
 * PostgreSQL accepts there (`timestamp`, `position`, `type`, `name` as column names) are not reported, even though
 * quote_ident() quotes some of them: they work unquoted.
 *
 * Warning: `SELECT user FROM accounts` returns the current role, not the column; `SELECT order FROM x` is a syntax
 * error — every query must quote the name, and forgetting it is silent in the first case.
 */
import { columnRefName, kindOf, parseExpression, walk, type Node } from '../../../analyze/sql-expr.js';
import { ident, isReservedWord } from '../../../model/sql-text.js';
import type { Rule, RuleFinding } from '../../types.js';

type Role = 'column' | 'table' | 'schema' | 'function' | 'type';

/** How the bare name parses in its role: null when it is that name, else what it means there instead. */
export function bareMeaning(name: string, role: Role): string | null {
  const probe = (text: string) => parseExpression(text);
  switch (role) {
    case 'column': {
      const node = probe(name);
      if (!node) return 'a syntax error';
      const ref = columnRefName(node);
      if (ref && ref.length === 1 && ref[0] === name) return null;
      const [kind, body] = kindOf(node);
      if (kind === 'SQLValueFunction') return `the SQL function ${String(body.op).replace(/^SVFOP_/, '').toLowerCase()}, not the column`;
      return 'something other than the column';
    }
    case 'table':
    case 'schema': {
      const node = probe(role === 'table' ? `(SELECT 1 FROM ${name})` : `(SELECT 1 FROM ${name}.t)`);
      let found = false;
      walk(node, (kind, body) => {
        if (kind !== 'RangeVar') return;
        if (role === 'table' ? body.relname === name && !body.schemaname : body.schemaname === name) found = true;
      });
      return found ? null : 'a syntax error';
    }
    case 'function': {
      const node = probe(`${name}()`);
      if (!node) return 'a syntax error';
      const [kind, body] = kindOf(node);
      const parts = ((body.funcname as Node[] | undefined) ?? []).map((p) => String(kindOf(p)[1].sval));
      return kind === 'FuncCall' && parts.length === 1 && parts[0] === name ? null : 'a built-in construct, not the function';
    }
    case 'type': {
      const node = probe(`NULL::${name}`);
      if (!node) return 'a syntax error';
      const [kind, body] = kindOf(node);
      const typeName = (body.typeName ?? {}) as { names?: Node[] };
      const parts = (typeName.names ?? []).map((p) => String(kindOf(p)[1].sval));
      return kind === 'TypeCast' && parts.length === 1 && parts[0] === name ? null : 'a built-in type, not this one';
    }
  }
}

export const reservedWordName: Rule = {
  meta: {
    id: 'naming/reserved-word-name',
    category: 'naming',
    severity: 'warning',
    description: 'A table, column, schema, type or function named with an SQL keyword that only works double-quoted.',
    rationale:
      'Reserved keywords (user, order, group, check, table, …) cannot be used as bare names: every query must write ' +
      '"order" in double quotes. Forgetting them is a syntax error at best; at worst it is silent — SELECT user FROM ' +
      't returns the current role name instead of the column. Keywords PostgreSQL accepts as names in that place ' +
      '(timestamp, type, name as column names) are not reported.',
    fix: 'Rename the object to a non-keyword (order → sort_order, user → user_id or account), in a migration with the code that uses it.',
    links: ['https://www.postgresql.org/docs/current/sql-keywords-appendix.html'],
  },
  check({ lookup, model }) {
    const out: RuleFinding[] = [];
    const report = (object: string, what: string, name: string, role: Role) => {
      if (!isReservedWord(name)) return;
      const meaning = bareMeaning(name, role);
      if (meaning === null) return;
      out.push({
        object,
        message: `the ${what} ${object} is named with the SQL keyword ${name}: it works only double-quoted (${ident(name)}); unquoted, ${name} is ${meaning}`,
      });
    };
    for (const t of lookup.tables.values()) {
      report(t.id, 'table', t.name, 'table');
      for (const c of t.columns) report(c.id, 'column', c.name, 'column');
    }
    for (const v of model.views) if (v.origin === 'user') report(v.id, v.materialized ? 'materialized view' : 'view', v.name, 'table');
    for (const s of model.schemas) if (s.origin === 'user') report(s.id, 'schema', s.name, 'schema');
    for (const x of [...model.enums, ...model.domains, ...model.compositeTypes]) if (x.origin === 'user') report(x.id, 'type', x.name, 'type');
    for (const f of model.functions) if (f.origin === 'user') report(f.id, 'function', f.name, 'function');
    return out;
  },
};
