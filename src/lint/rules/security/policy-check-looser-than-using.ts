/**
 * An UPDATE or ALL policy whose WITH CHECK lets a row be written where its USING would not let it be read or changed:
 * WITH CHECK constant true while USING restricts, or WITH CHECK not pinning a column that USING pins to the caller.
 *
 * "Pins a column to the caller": a top-level conjunct (every branch of an OR) compares the row's column with something
 * that depends on who asks — `user_id = auth.uid()`, `client_id IN (SELECT …)`, `org_id = current_setting(…)::uuid` —
 * or passes the column with such a value to a function (`can_access(auth.uid(), client_id)`), or is a subquery that
 * depends on the caller and reads the column as `table.column`. Conditions on the row's own data (`status <> 'archived'`)
 * are not pins: changing them is often the point of the update. ALL policies whose WITH CHECK is true are
 * policy-always-true-write's (any row can be inserted).
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { boolParts, kindOf, parseExpression } from '../../../analyze/sql-expr.js';
import type { Func, Policy, SchemaModel, Table } from '../../../model/types.js';
import { tableOf } from '../../sql.js';
import type { Rule } from '../../types.js';
import { alwaysTrueWrites } from './policy-always-true-write.js';
import {
  alterPolicy,
  bypassRoles,
  callerIndependent,
  commandText,
  listText,
  onlyBypassRoles,
  operatorOf,
  ownColumn,
  policiesByTable,
  readsRow,
  rolesText,
  some,
  truth,
  userFunctionsByName,
} from './shared.js';

export const policyCheckLooserThanUsing: Rule = {
  meta: {
    id: 'security/policy-check-looser-than-using',
    category: 'security',
    severity: 'warning',
    description: 'An UPDATE/ALL policy whose WITH CHECK is looser than its USING.',
    rationale:
      'USING decides which rows a role may change; WITH CHECK decides what the changed row may look like. When WITH CHECK ' +
      'is true, or does not tie the owner or tenant column to the caller the way USING does, a user can update their own ' +
      'row into someone else\'s — hand it to another user or move it to another tenant.',
    fix: 'Repeat the USING condition in WITH CHECK — or, for UPDATE and ALL, leave WITH CHECK out: Postgres then applies USING to new rows.',
    links: ['https://www.postgresql.org/docs/current/sql-createpolicy.html'],
  },
  check({ model }) {
    const bypass = bypassRoles(model);
    const byTable = policiesByTable(model);
    const userFunctions = userFunctionsByName(model);
    const out = [];
    for (const p of model.policies) {
      if (!p.permissive || onlyBypassRoles(p, bypass) || (p.command !== 'update' && p.command !== 'all')) continue;
      if (p.using === null || p.withCheck === null) continue;
      const table = tableOf(model, p.table);
      const using = parseExpression(p.using);
      const check = parseExpression(p.withCheck);
      if (!table || !using || !check || truth(using) !== null) continue; // USING true is always-true-write's; false changes nothing
      if (p.command === 'all' && alwaysTrueWrites(p, byTable.get(p.table) ?? []).length > 0) continue;
      let detail: string;
      if (truth(check) === true) {
        detail = `WITH CHECK (${p.withCheck}) accepts any new row while USING (${p.using}) restricts which rows may be changed`;
      } else {
        const loose = [...pinned(using, table, userFunctions)].filter((c) => !pinned(check, table, userFunctions).has(c)).sort();
        if (loose.length === 0) continue;
        detail =
          `USING ties ${listText(loose)} to the caller but WITH CHECK (${p.withCheck}) does not, ` +
          `so an update can set ${loose.length === 1 ? 'it' : 'them'} to any value`;
      }
      out.push({
        object: p.id,
        message: `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}): ${detail}`,
        remediation: remediation(model, p),
      });
    }
    return out;
  },
};

function remediation(model: SchemaModel, p: Policy): string {
  return `${alterPolicy(model, p, null, p.using)}\n-- or drop the WITH CHECK clause (recreate the policy without it): Postgres then checks new rows with USING`;
}

/** Columns of the row the expression pins to the caller (see the header). */
export function pinned(node: Node, table: Table, userFunctions: Map<string, Func[]>): Set<string> {
  const out = new Set<string>();
  for (const conjunct of boolParts(node, 'AND_EXPR')) {
    const branches = boolParts(conjunct, 'OR_EXPR');
    if (branches.length > 1) {
      const sets = branches.map((b) => pinned(b, table, userFunctions));
      for (const c of sets[0]!) if (sets.every((s) => s.has(c))) out.add(c);
      continue;
    }
    for (const c of pinnedBy(conjunct, table, userFunctions)) out.add(c);
  }
  return out;
}

function pinnedBy(node: Node, table: Table, userFunctions: Map<string, Func[]>): string[] {
  const [kind, body] = kindOf(node);
  const dependsOnCaller = (n: unknown) => !callerIndependent(n, userFunctions);
  if (kind === 'A_Expr') {
    const op = operatorOf(body);
    if (op !== '=') return [];
    const left = body.lexpr as Node | undefined;
    const right = body.rexpr as Node | undefined;
    const out: string[] = [];
    const l = ownColumn(left, table);
    const r = ownColumn(right, table);
    if (['AEXPR_OP', 'AEXPR_NOT_DISTINCT'].includes(String(body.kind))) {
      if (l && right && !readsRow(right) && dependsOnCaller(right)) out.push(l);
      if (r && left && !readsRow(left) && dependsOnCaller(left)) out.push(r);
    } else if (['AEXPR_IN', 'AEXPR_OP_ANY'].includes(String(body.kind))) {
      if (l && right && !readsRow(right) && dependsOnCaller(right)) out.push(l);
    }
    return out;
  }
  if (kind === 'SubLink') {
    const test = body.testexpr as Node | undefined;
    const col = test ? ownColumn(test, table) : null;
    if (col && body.subLinkType === 'ANY_SUBLINK' && dependsOnCaller(body.subselect)) return [col];
    if (!dependsOnCaller(body.subselect)) return [];
    return qualifiedColumns(body.subselect, table);
  }
  if (kind === 'FuncCall') {
    const args = (body.args as Node[] | undefined) ?? [];
    if (!dependsOnCaller(node)) return [];
    return args.map((a) => ownColumn(a, table)).filter((c): c is string => c !== null);
  }
  return [];
}

/** Own columns a subquery reads as `table.column` or `schema.table.column` (an unqualified name there may be the inner table's). */
function qualifiedColumns(node: unknown, table: Table): string[] {
  const out: string[] = [];
  some(node, (kind, body) => {
    if (kind !== 'ColumnRef') return false;
    const fields = ((body.fields as Node[] | undefined) ?? []).map((f) => String(kindOf(f)[1].sval ?? ''));
    if (fields.length >= 2) {
      const c = ownColumn({ ColumnRef: body }, table);
      if (c) out.push(c);
    }
    return false;
  });
  return out;
}
