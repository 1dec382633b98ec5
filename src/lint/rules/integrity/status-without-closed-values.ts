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
 *
 * The remediation runs as it is: with the values known (the column's comment lists them, or an enum of its name
 * exists) it adds the CHECK NOT VALID and validates it; without, those two statements are comments to complete.
 */
import { boolParts, columnRefName, kindOf, literalText, parseCheckDefinition, parseExpression, stripCasts, type Node } from '../../../analyze/sql-expr.js';
import type { Column, Domain, Table } from '../../../model/types.js';
import { ident, literal } from '../../../model/sql-text.js';
import { nameWords } from '../../names.js';
import type { Rule, RuleFinding, RuleContext } from '../../types.js';
import { objectName, tableSql } from './sql.js';

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
        out.push({
          object: column.id,
          message:
            `${column.id} (${column.type}) holds a status, but nothing closes its values: no CHECK, enum, domain or FK ` +
            `limits it, so any string is accepted`,
          remediation: closingSql(ctx, table, column, value),
        });
      }
    }
    return out;
  },
};

/**
 * The values a status column is meant to hold, when the schema says so outside a constraint: its comment lists them
 * (`'null, pending, resolved or escalated'`, `'available / claimed / delivered'`, `'State machine: a -> b -> c
 * (TERMINAL)'`), or an enum of the column's name exists in its schema (a type created for it, not used). The default
 * value, when there is one, must be among them; otherwise they are not trusted.
 */
export function knownValues(ctx: RuleContext, table: Table, column: Column, initial: string | null): { values: string[]; from: string } | null {
  const fromComment = column.comment ? commentValues(column.comment) : null;
  const enumType = ctx.model.enums.find((e) => e.schema === table.schema && (e.name === column.name || e.name === `${table.name}_${column.name}`));
  const candidates = [
    ...(fromComment ? [{ values: fromComment, from: 'its comment' }] : []),
    ...(enumType ? [{ values: enumType.labels, from: `the enum ${enumType.id}` }] : []),
  ];
  return candidates.find((c) => initial === null || c.values.includes(initial)) ?? null;
}

/** A comment that is a list of values and nothing else; null otherwise. `null` in the list means NULL is allowed. */
export function commentValues(comment: string): string[] | null {
  const colon = comment.indexOf(':');
  const list = (colon >= 0 ? comment.slice(colon + 1) : comment).replace(/\([^)]*\)/g, ' ').trim().replace(/\.$/, '');
  const parts = list.split(/\s*(?:,|\/|\||->|→|;|\bor\b|\band\b)\s*/).map((p) => p.trim().replace(/^(['"])(.*)\1$/, '$2')).filter((p) => p !== '');
  if (!parts.every((p) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(p))) return null;
  const values = [...new Set(parts.filter((p) => p.toLowerCase() !== 'null'))];
  return values.length >= 2 ? values : null;
}

/**
 * The fix: count the values in use; then, when the values are known (knownValues), add the CHECK NOT VALID (no scan
 * of existing rows while it locks) and VALIDATE it (scans without blocking writes). When they are not, the CHECK and
 * VALIDATE stay in comments with the placeholder, so the snippet runs (a SELECT) and cannot close the set wrongly.
 */
function closingSql(ctx: RuleContext, table: Table, column: Column, initial: string | null): string {
  const t = tableSql(ctx.model, table.id);
  const c = ident(column.name);
  const name = ident(objectName(table.name, column.name, 'check'));
  const known = knownValues(ctx, table, column, initial);
  const count = [`-- the values in use:`, `SELECT ${c}, count(*) FROM ${t} GROUP BY 1 ORDER BY 2 DESC;`];
  if (known) {
    return [
      ...count,
      `-- the values ${known.from} lists (rows with other values make VALIDATE fail: fix them, or add the value):`,
      `ALTER TABLE ${t} ADD CONSTRAINT ${name} CHECK (${c} IN (${known.values.map(literal).join(', ')})) NOT VALID;`,
      `ALTER TABLE ${t} VALIDATE CONSTRAINT ${name};`,
    ].join('\n');
  }
  const listed = initial !== null ? `${literal(initial)}, <the other values>` : '<the values>';
  return [
    ...count,
    `-- then list them in place of <…> and run (NOT VALID skips the scan of existing rows; VALIDATE checks them after):`,
    `-- ALTER TABLE ${t} ADD CONSTRAINT ${name} CHECK (${c} IN (${listed})) NOT VALID;`,
    `-- ALTER TABLE ${t} VALIDATE CONSTRAINT ${name};`,
  ].join('\n');
}
