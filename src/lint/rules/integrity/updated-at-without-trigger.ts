/**
 * An `updated_at` / `updatedAt` / `modified_at` column that no row trigger keeps true. Such a column gets its
 * insert-time default and then only changes when every UPDATE remembers to set it: a backfill, a psql fix or a
 * second service leaves it stale, and "changed since" syncs, caches and audits then miss the row.
 *
 * Maintained: an enabled (not disabled, not replica-only) BEFORE UPDATE … FOR EACH ROW trigger on the table whose
 * function reads or writes NEW.<column> (triggerRowFields, from the PL/pgSQL parse tree), or assigns the whole NEW
 * row (`NEW := jsonb_populate_record(NEW, …)`, which can set any column), or cannot be read (another language, a
 * function the model does not have): the rule only reports what it can see is missing.
 */
import { parsePlPgSQLSync } from 'libpg-query';
import { kindOf, triggerRowFields, walk, type Node } from '../../../analyze/sql-expr.js';
import type { Column, Func, Table, Trigger } from '../../../model/types.js';
import { ident, qualified } from '../../../model/sql-text.js';
import { nameWords } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';

const NAMES = ['updated at', 'modified at', 'last updated at', 'last modified at'];

export function isUpdatedAtName(name: string): boolean {
  return NAMES.includes(nameWords(name).join(' '));
}

const wholeRowCache = new Map<string, boolean>();

/** Does a PL/pgSQL body assign the whole NEW record (`NEW := …`)? Then it may set any column. */
export function assignsWholeNew(definition: string): boolean {
  const hit = wholeRowCache.get(definition);
  if (hit !== undefined) return hit;
  let found = false;
  try {
    const parsed = parsePlPgSQLSync(definition) as unknown as { plpgsql_funcs?: { PLpgSQL_function?: { datums?: Node[]; action?: Node } }[] };
    const fn = parsed.plpgsql_funcs?.[0]?.PLpgSQL_function;
    const datums = fn?.datums ?? [];
    walk(fn?.action, (kind, body) => {
      if (kind !== 'PLpgSQL_stmt_assign') return;
      // libpg-query leaves out default-valued fields: a missing varno is datum 0, which is NEW.
      const target = datums[Number(body.varno ?? 0)];
      if (!target) return;
      const [datumKind, datum] = kindOf(target);
      if (datumKind === 'PLpgSQL_rec' && datum.refname === 'new') found = true;
    });
  } catch {
    found = true; // unreadable: assume it may
  }
  wholeRowCache.set(definition, found);
  return found;
}

type Verdict = 'sets' | 'unknown' | 'no';

/** What a trigger function does with NEW.<column>. */
function touches(fn: Func | undefined, column: string): Verdict {
  if (!fn) return 'unknown';
  const fields = triggerRowFields(fn.language, fn.definition);
  if (fields === null) return 'unknown';
  if (fields.has(column)) return 'sets';
  return fn.definition !== null && assignsWholeNew(fn.definition) ? 'unknown' : 'no';
}

const firesOnUpdate = (t: Trigger) => t.timing === 'before' && t.level === 'row' && t.events.includes('update');
const runs = (t: Trigger) => t.enabled !== 'disabled' && t.enabled !== 'replica';

/** A function already used to maintain this column name on another table, to reuse in the remediation. */
function reusable(triggers: Trigger[], functions: Map<string, Func>, lookup: Map<string, Table>, column: string): Func | undefined {
  const uses = new Map<string, number>();
  for (const t of triggers) {
    if (!firesOnUpdate(t) || !runs(t)) continue;
    const fn = functions.get(t.function);
    const table = lookup.get(t.table);
    if (!fn || fn.origin !== 'user' || !table?.columns.some((c) => c.name === column)) continue;
    if (touches(fn, column) === 'no') continue;
    uses.set(fn.id, (uses.get(fn.id) ?? 0) + 1);
  }
  const best = [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best ? functions.get(best[0]) : undefined;
}

/** The trigger (and, when the schema has none to reuse, the function) that keeps the column; `triggers`: the table's. */
function remediation(table: Table, column: Column, existing: Func | undefined, functions: Func[], triggers: Trigger[]): string {
  const taken = new Set(triggers.map((t) => t.name));
  const snake = nameWords(column.name).join('_');
  let trigger = `set_${snake}`;
  if (taken.has(trigger)) trigger = `${trigger}_on_update`;
  const create = (fn: string) =>
    `CREATE TRIGGER ${ident(trigger)} BEFORE UPDATE ON ${qualified(table.schema, table.name)} FOR EACH ROW EXECUTE FUNCTION ${fn}();`;
  if (existing) return create(qualified(existing.schema, existing.name));
  // Named after the column as written: a camelCase column gets its own function, never one for updated_at.
  const name = `set_${column.name}`;
  const clash = functions.some((f) => f.schema === table.schema && f.name === name);
  const fn = qualified(table.schema, name);
  return [
    `${clash ? 'CREATE FUNCTION' : 'CREATE OR REPLACE FUNCTION'} ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    `BEGIN`,
    `  NEW.${ident(column.name)} := now();`,
    `  RETURN NEW;`,
    `END`,
    `$$;`,
    create(fn),
  ].join('\n');
}

export const updatedAtWithoutTrigger: Rule = {
  meta: {
    id: 'integrity/updated-at-without-trigger',
    category: 'integrity',
    severity: 'warning',
    description: 'An updated_at / updatedAt / modified_at column that no BEFORE UPDATE row trigger maintains.',
    rationale:
      'Without a trigger, updated_at keeps its insert-time default unless every UPDATE sets it. Application code ' +
      'usually does, but backfills, manual fixes, bulk jobs and other services do not, and the column then lies: ' +
      'incremental syncs, cache invalidation and "recently changed" screens miss those rows.',
    fix: 'Add a BEFORE UPDATE … FOR EACH ROW trigger whose function sets NEW.updated_at := now() (reuse one the schema already has).',
    links: ['https://www.postgresql.org/docs/current/plpgsql-trigger.html', 'https://www.postgresql.org/docs/current/sql-createtrigger.html'],
  },
  check({ lookup, model }) {
    const functions = new Map(model.functions.map((f) => [f.id, f]));
    const byTable = new Map<string, Trigger[]>();
    for (const t of model.triggers) {
      const list = byTable.get(t.table);
      if (list) list.push(t);
      else byTable.set(t.table, [t]);
    }
    const reuse = new Map<string, Func | undefined>();
    const out: RuleFinding[] = [];
    for (const table of lookup.tables.values()) {
      for (const column of table.columns) {
        if (!isUpdatedAtName(column.name) || column.generated !== null) continue;
        if (!/^(timestamp|date)\b/.test(column.type)) continue;
        const onTable = (byTable.get(table.id) ?? []).filter(firesOnUpdate);
        const verdicts = onTable.map((t) => ({ t, verdict: touches(functions.get(t.function), column.name) }));
        if (verdicts.some((v) => runs(v.t) && v.verdict !== 'no')) continue;
        const disabled = verdicts.filter((v) => !runs(v.t) && v.verdict !== 'no').map((v) => v.t.name);
        const others = verdicts.filter((v) => runs(v.t)).map((v) => v.t.name);
        const notes = [
          ...(disabled.length ? [`${disabled.join(', ')} would, but ${disabled.length === 1 ? 'is' : 'are'} disabled`] : []),
          ...(others.length ? [`${others.join(', ')} ${others.length === 1 ? 'fires' : 'fire'} on update but ${others.length === 1 ? 'does' : 'do'} not touch it`] : []),
        ];
        if (!reuse.has(column.name)) reuse.set(column.name, reusable(model.triggers, functions, lookup.tables, column.name));
        const existing = reuse.get(column.name);
        out.push({
          object: column.id,
          message:
            `no BEFORE UPDATE row trigger on ${table.id} sets ${column.name}: it keeps its insert-time value unless ` +
            `every UPDATE sets it${notes.length ? ` (${notes.join('; ')})` : ''}`,
          remediation: remediation(table, column, existing, model.functions, byTable.get(table.id) ?? []),
        });
      }
    }
    return out;
  },
};
