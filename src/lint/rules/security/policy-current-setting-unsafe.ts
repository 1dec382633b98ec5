/**
 * `current_setting()` used unsafely in a policy: a custom setting read without missing_ok (the query errors while the
 * setting is undefined), or cast to a non-text type without NULLIF (once a session has set and reset it, the setting
 * reads '' and `''::uuid` errors).
 *
 * Custom settings are those whose name has a dot (`app.current_tenant`); built-in ones (`role`, `search_path`) always
 * exist. From the parse tree: the call's argument count, and a TypeCast whose argument is the call itself (only casts to
 * text types in between) — `nullif(current_setting(…), '')::uuid` is safe and not reported. The remediation rewrites
 * the expression at the offsets the parse tree gives.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { kindOf, literalText, parseExpression } from '../../../analyze/sql-expr.js';
import type { Rule } from '../../types.js';
import { alterPolicy, applyEdits, callExtent, commandText, isCurrentSetting, listText, policyNodes, rolesText, slice, walkNodes, type Edit } from './shared.js';

const TEXT_TYPES = new Set(['text', 'varchar', 'bpchar', 'char', 'name', 'citext']);

export const policyCurrentSettingUnsafe: Rule = {
  meta: {
    id: 'security/policy-current-setting-unsafe',
    category: 'security',
    severity: 'warning',
    description: 'current_setting() in a policy without missing_ok, or cast without NULLIF.',
    rationale:
      '`current_setting(\'app.tenant\')` raises "unrecognized configuration parameter" in any session that has not set ' +
      'it — a background job, a migration, a connection the pool hands out before the app sets it. With missing_ok ' +
      '(`current_setting(\'app.tenant\', true)`) it returns NULL instead, but after a SET LOCAL or RESET in the same ' +
      'session it returns \'\', and `\'\'::uuid` or `\'\'::int` raises too. Either way queries fail depending on the ' +
      'connection\'s history rather than on the data.',
    fix: "Read it as `nullif(current_setting('app.tenant', true), '')::uuid`: NULL when unset or empty, and a NULL tenant matches no row.",
    links: [
      'https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-SET',
      'https://www.postgresql.org/docs/current/runtime-config-custom.html',
    ],
  },
  check({ model }) {
    const out = [];
    for (const p of model.policies) {
      const problems = new Set<string>();
      const rewritten: { USING: string | null; 'WITH CHECK': string | null } = { USING: null, 'WITH CHECK': null };
      for (const { clause, text, node } of policyNodes(p)) {
        const result = unsafeCalls(text, node);
        for (const problem of result.problems) problems.add(problem);
        rewritten[clause] = result.rewritten;
      }
      if (problems.size === 0) continue;
      const fixable = rewritten.USING !== null || rewritten['WITH CHECK'] !== null;
      out.push({
        object: p.id,
        message: `policy "${p.name}" on ${p.table} (${commandText(p.command)} ${rolesText(p)}): ${listText([...problems])}`,
        ...(fixable ? { remediation: alterPolicy(model, p, rewritten.USING, rewritten['WITH CHECK']) } : {}),
      });
    }
    return out;
  },
  rewritePolicy(_ctx, _policy, _clause, expression) {
    const node = parseExpression(expression);
    return node ? unsafeCalls(expression, node).rewritten : null;
  },
};

/** The unsafe current_setting() calls of one expression: what is wrong with them, and the expression with them fixed. */
function unsafeCalls(text: string, node: Node): { problems: string[]; rewritten: string | null } {
  const problems = new Set<string>();
  const edits: Edit[] = [];
  walkNodes(node, ({ kind, body, ancestors }) => {
    if (!isCurrentSetting(kind, body)) return;
    const args = (body.args as Node[] | undefined) ?? [];
    const name = args[0] ? literalText(args[0]) : null;
    const custom = name === null || name.includes('.');
    const noMissingOk = args.length < 2 && custom;
    const cast = castTarget(ancestors);
    const emptyCast = cast !== null && !TEXT_TYPES.has(cast);
    if (!noMissingOk && !emptyCast) return;
    const setting = name === null ? 'current_setting(…)' : `current_setting('${name}')`;
    if (noMissingOk) problems.add(`${setting} has no missing_ok, so it raises an error while the setting is undefined`);
    if (emptyCast) problems.add(`${setting} is cast to ${cast} without NULLIF, so an empty setting ('') raises an error`);
    const extent = callExtent(text, Number(body.location));
    if (!extent) return;
    let call = slice(text, extent.start, extent.end);
    if (noMissingOk) call = `${call.slice(0, -1)}, true)`;
    if (emptyCast) call = `nullif(${call}, '')`;
    edits.push({ ...extent, text: call });
  });
  return { problems: [...problems], rewritten: edits.length ? applyEdits(text, edits) : null };
}

/**
 * The type the call is cast to: the innermost enclosing TypeCast that is not to a text type, when only casts lie
 * between it and the call (`current_setting(…)::text::uuid` → uuid); null when the value is used otherwise first.
 */
function castTarget(ancestors: { kind: string; body: Record<string, unknown> }[]): string | null {
  let found: string | null = null;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.kind !== 'TypeCast') break;
    const names = ((a.body.typeName as { names?: Node[] } | undefined)?.names ?? []).map((n) => String(kindOf(n)[1].sval));
    const type = names[names.length - 1] ?? '';
    found = type;
    if (!TEXT_TYPES.has(type)) return type;
  }
  return found;
}
