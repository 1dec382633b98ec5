/**
 * A text column that holds a status (its name's last word is status, state, stage or phase: `status`,
 * `dispute_status`, `lifecycleStage`) but whose values nothing closes: no CHECK listing them, no enum or domain,
 * no FK to a lookup table. Any string is then a valid status — a typo, another case, an empty string.
 *
 * Not reported: columns analysis.stateMachines already found closed (enum or single-column CHECK); a CHECK over
 * several columns that still lists the values; a domain whose CHECK lists them; a column that is part of an FK;
 * the from/to/old/new columns of a history table (`old_status`: a copy of another column's value, as in
 * state-machines.ts); arrays; and address states (`state` or `shipping_state` beside a `city`, `zip`, `postal_code`
 * or `country` with the same prefix). `type`/`kind` columns are left out on purpose: too often free text.
 */
import { nameWords } from '../../../analyze/naming.js';
import { boolParts, columnRefName, kindOf, literalText, parseCheckDefinition, parseExpression, stripCasts, type Node } from '../../../analyze/sql-expr.js';
import type { Column, Domain, Table } from '../../../model/types.js';
import { ident } from '../../../model/sql-text.js';
import type { Rule, RuleFinding, RuleContext } from '../../types.js';
import { tableSql } from './sql.js';

const STATE_WORDS = new Set(['status', 'state', 'stage', 'phase']);
/** First words of a column that records a transition of another column (as in state-machines.ts). */
const HISTORY_WORDS = new Set(['from', 'to', 'old', 'new', 'prev', 'previous', 'next']);
/** Words of a sibling column that make `state` an address part. */
const ADDRESS_WORDS = new Set(['city', 'zip', 'zipcode', 'postal', 'postcode', 'country', 'county', 'province', 'address', 'street']);

export function isStatusName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  return last !== undefined && STATE_WORDS.has(last) && !HISTORY_WORDS.has(words[0]!);
}

/** `state` beside `city`, `shipping_state` beside `shipping_postal_code`. */
function isAddressState(table: Table, column: Column): boolean {
  const words = nameWords(column.name);
  if (words[words.length - 1] !== 'state') return false;
  const prefix = words.slice(0, -1);
  return table.columns.some((c) => {
    if (c === column) return false;
    const w = nameWords(c.name);
    return prefix.every((p, i) => w[i] === p) && w.slice(prefix.length).some((x) => ADDRESS_WORDS.has(x));
  });
}

/** A text type, possibly of a domain: the domain (if any) and its base type. */
function textBase(domains: Map<string, Domain>, column: Column): { text: boolean; domain: Domain | undefined } {
  if (column.type.endsWith('[]')) return { text: false, domain: undefined };
  const domain = column.typeId ? domains.get(column.typeId) : undefined;
  const type = domain ? domain.baseType : column.type;
  const text = /^(text|character varying|varchar|character|char|bpchar|citext)\b/.test(type) || type === 'extensions.citext';
  return { text, domain };
}

function isColumn(node: unknown, column: string): boolean {
  if (!node || typeof node !== 'object') return false;
  const name = columnRefName(stripCasts(node as Node));
  return name !== null && name[name.length - 1] === column;
}

/** Does the expression limit `column` to listed constants? AND: one conjunct does; OR: every branch does or is `IS NULL`. */
export function closesValues(node: Node, column: string): boolean {
  const conjuncts = boolParts(node, 'AND_EXPR');
  if (conjuncts.length > 1) return conjuncts.some((c) => closesValues(c, column));
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length > 1) {
    const closing = branches.filter((b) => {
      const [kind, body] = kindOf(b);
      return !(kind === 'NullTest' && body.nulltesttype === 'IS_NULL' && isColumn(body.arg, column));
    });
    return closing.length > 0 && closing.every((b) => closesValues(b, column));
  }
  const [kind, body] = kindOf(node);
  if (kind !== 'A_Expr' || !isColumn(body.lexpr, column)) return false;
  const op = body.name as Node[] | undefined;
  if (!op || op.length !== 1 || kindOf(op[0]!)[1].sval !== '=') return false;
  const right = body.rexpr as Node | undefined;
  if (!right) return false;
  if (body.kind === 'AEXPR_OP') return literalText(right) !== null;
  const items =
    body.kind === 'AEXPR_IN'
      ? (kindOf(right)[1].items as Node[] | undefined)
      : body.kind === 'AEXPR_OP_ANY' && kindOf(stripCasts(right))[0] === 'A_ArrayExpr'
        ? ((kindOf(stripCasts(right))[1].elements as Node[] | undefined) ?? [])
        : undefined;
  return items !== undefined && items.length > 0 && items.every((i) => literalText(i) !== null);
}

function closedByCheck(ctx: RuleContext, table: Table, column: Column): boolean {
  return (ctx.lookup.constraintsByTable.get(table.id) ?? []).some((c) => {
    if (c.type !== 'check' || !c.columns.includes(column.name)) return false;
    const parsed = parseCheckDefinition(c.definition);
    return parsed !== null && parsed.enforced && closesValues(parsed.expression, column.name);
  });
}

function closedByDomain(domain: Domain): boolean {
  return domain.constraints.some((c) => {
    const parsed = parseCheckDefinition(c.definition);
    return parsed !== null && parsed.enforced && closesValues(parsed.expression, 'value');
  });
}

export const statusWithoutClosedValues: Rule = {
  meta: {
    id: 'integrity/status-without-closed-values',
    category: 'integrity',
    severity: 'warning',
    description: 'A text status/state/stage/phase column whose values no CHECK, enum, domain or FK closes.',
    rationale:
      'A status drives business logic (which rows are shown, billed, retried), and code compares it with fixed ' +
      "strings. As free text it accepts 'Pending', 'pendng' and '' alike; such rows silently drop out of every " +
      "WHERE status = 'pending'. Closing the set in the schema rejects them at write time.",
    fix:
      "List the values in use (SELECT status, count(*) … GROUP BY 1), then add CHECK (status IN ('…')) — NOT VALID " +
      'first on a large table, then VALIDATE — or change the column to an enum type or an FK to a lookup table.',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-CHECK-CONSTRAINTS', 'https://www.postgresql.org/docs/current/datatype-enum.html'],
  },
  check(ctx) {
    const { analysis, lookup, model } = ctx;
    const closed = new Set(analysis.stateMachines.map((s) => s.column));
    const domains = new Map(model.domains.map((d) => [d.id, d]));
    const inFk = new Set(lookup.model.foreignKeys.flatMap((f) => f.columns.map((c) => `${f.table}.${c}`)));
    const out: RuleFinding[] = [];
    for (const table of lookup.tables.values()) {
      for (const column of table.columns) {
        if (!isStatusName(column.name) || column.generated !== null || closed.has(column.id) || inFk.has(column.id)) continue;
        const { text, domain } = textBase(domains, column);
        if (!text || isAddressState(table, column)) continue;
        if ((domain && closedByDomain(domain)) || closedByCheck(ctx, table, column)) continue;
        const initial = column.default ? parseExpression(column.default) : null;
        const value = initial ? literalText(initial) : null;
        // `<…>` is a placeholder that does not parse: the statement cannot run before the values are filled in.
        const listed = value !== null ? `'${value.replace(/'/g, "''")}', <the other values>` : '<the values>';
        const t = tableSql(model, table.id);
        const c = ident(column.name);
        out.push({
          object: column.id,
          message:
            `${column.id} (${column.type}) holds a status, but nothing closes its values: no CHECK, enum, domain or FK ` +
            `limits it, so any string is accepted`,
          remediation: [
            `-- the values in use:`,
            `SELECT ${c}, count(*) FROM ${t} GROUP BY 1 ORDER BY 2 DESC;`,
            `-- then list them in place of <…> (NOT VALID skips the scan of existing rows; VALIDATE CONSTRAINT checks them later):`,
            `ALTER TABLE ${t} ADD CHECK (${c} IN (${listed})) NOT VALID;`,
          ].join('\n'),
        });
      }
    }
    return out;
  },
};
