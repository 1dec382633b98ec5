/**
 * State machines: the columns whose value is one of a closed set of states and whose name says it is a status,
 * with what the configuration declares about their transitions.
 *
 * Why: a status column is where a schema's business rules live (which state a row starts in, which states end its
 * life, which triggers police the changes); the docs draw it and `verify` proves its transitions.
 *
 * Rules (DESIGN.md "State machine"):
 * - A column has a closed set of values when its type is an enum (not an array of one: the value is then a set of
 *   states, not a state), or when an enforced CHECK constraint on that column alone says `col IN (…)` /
 *   `col = ANY (ARRAY[…])` (what Postgres prints for IN, with casts such as `(status)::text`). The CHECK is read
 *   from its parse tree: a conjunct of an AND gives the set (several such conjuncts: their intersection), and an
 *   OR gives the union of its branches, where `col IS NULL` branches add nothing; any other branch means the set
 *   is not closed. An enum wins over a CHECK; among CHECKs the first by id wins.
 * - It is a state machine when its name's last word is status, state, stage, phase or lifecycle (`status`,
 *   `boost_status`, `kycStatus`, `lifecycle_stage`) and its first word is not from/to/old/new/prev/previous/next
 *   (`from_status`, `old_status` record a transition of another column in a history table; they never change
 *   themselves) — or when `options.stateMachines` names it.
 * - states: enum label order or the order the CHECK lists them; initial: the default when it is a constant that is
 *   one of the states; transitions: as configured (`declared`) or `{}` (`unknown`); terminal: states without an
 *   outgoing transition, only when transitions are known; guardedBy: triggers on the table that fire on UPDATE of
 *   the column — an `UPDATE OF` list naming it, or no list and a function that reads `NEW.col` / `OLD.col` (from
 *   the PL/pgSQL parse tree; a function in another language counts, since we cannot tell) — so an `updated_at`
 *   trigger is not mistaken for a guard; triggers that are disabled or fire only in replica mode never run for an
 *   ordinary session and are left out.
 * Configuration errors throw with the key (`stateMachines["public.orders.status"]`) in the message.
 */
import { byCodePoint, type Lookup } from './lookup.js';
import {
  boolParts,
  columnRefName,
  kindOf,
  literalText,
  parseCheckDefinition,
  parseExpression,
  stripCasts,
  triggerRowFields,
  type Node,
} from './sql-expr.js';
import { AnalysisConfigError, type AnalysisOptions, type StateMachine } from './types.js';
import type { Column, Func, Table, Trigger } from '../model/types.js';

interface ClosedSet {
  states: string[];
  valuesFrom: StateMachine['valuesFrom'];
}

const STATE_WORDS = new Set(['status', 'state', 'stage', 'phase', 'lifecycle']);
const HISTORY_WORDS = new Set(['from', 'to', 'old', 'new', 'prev', 'previous', 'next']);

export function analyzeStateMachines(lookup: Lookup, options: AnalysisOptions): StateMachine[] {
  const configured = options.stateMachines ?? {};
  const enumLabels = new Map(lookup.model.enums.map((e) => [e.id, e.labels]));
  const triggers = updateTriggersByTable(lookup);
  const found = new Map<string, StateMachine>();

  for (const table of lookup.tables.values()) {
    for (const column of table.columns) {
      const isConfigured = Object.hasOwn(configured, column.id);
      if (!isConfigured && !isStateName(column.name)) continue;
      const closed = closedSet(lookup, table, column, enumLabels);
      if (!closed) {
        if (isConfigured) {
          throw new AnalysisConfigError(
            `stateMachines["${column.id}"]: column ${column.id} has no closed set of values ` +
              `(expected an enum type or a CHECK (${column.name} IN (...)) constraint on that column)`,
          );
        }
        continue;
      }
      const declared = isConfigured ? declaredTransitions(column.id, closed.states, configured[column.id]) : null;
      found.set(column.id, machine(table, column, closed, declared, triggers.get(table.id) ?? []));
    }
  }

  for (const id of Object.keys(configured)) {
    if (!found.has(id)) throw new AnalysisConfigError(`stateMachines["${id}"]: no column ${id} in the analysed tables`);
  }
  return [...found.values()].sort((a, b) => byCodePoint(a.column, b.column));
}

/** Splits `boost_status`, `kycStatus`, `LifecycleStage` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

function isStateName(name: string): boolean {
  const parts = words(name);
  const last = parts[parts.length - 1];
  return last !== undefined && STATE_WORDS.has(last) && !HISTORY_WORDS.has(parts[0]!);
}

/** Does a trigger without an `UPDATE OF` list look at this column of the row? */
function touches(trigger: Trigger & { fn?: Func }, column: string): boolean {
  const fields = trigger.fn ? triggerRowFields(trigger.fn.language, trigger.fn.definition) : null;
  return fields === null || fields.has(column);
}

function machine(
  table: Table,
  column: Column,
  closed: ClosedSet,
  declared: Record<string, string[]> | null,
  updateTriggers: Trigger[],
): StateMachine {
  return {
    column: column.id,
    table: table.id,
    states: closed.states,
    valuesFrom: closed.valuesFrom,
    initial: initialState(column, closed.states),
    transitions: declared ?? {},
    source: declared ? 'declared' : 'unknown',
    terminal: declared ? closed.states.filter((s) => (declared[s] ?? []).length === 0) : [],
    guardedBy: updateTriggers
      .filter((t) => (t.columns.length === 0 ? touches(t, column.name) : t.columns.includes(column.name)))
      .map((t) => t.id)
      .sort(byCodePoint),
  };
}

/** The closed set of a column: its enum type's labels, else the first CHECK on it alone that lists its values. */
function closedSet(lookup: Lookup, table: Table, column: Column, enumLabels: Map<string, string[]>): ClosedSet | null {
  const labels = column.typeId !== null && !column.type.endsWith('[]') ? enumLabels.get(column.typeId) : undefined;
  if (labels) return { states: [...labels], valuesFrom: { kind: 'enum', id: column.typeId! } };
  for (const c of lookup.constraintsByTable.get(table.id) ?? []) {
    if (c.type !== 'check' || c.columns.length !== 1 || c.columns[0] !== column.name) continue;
    const parsed = parseCheckDefinition(c.definition);
    if (!parsed || !parsed.enforced) continue;
    const states = valueSet(parsed.expression, column.name);
    if (states && states.length > 0) return { states, valuesFrom: { kind: 'check', id: c.id } };
  }
  return null;
}

/** The values a CHECK expression allows for `col`, in the order it lists them; null when it does not close them. */
function valueSet(node: Node, col: string): string[] | null {
  const conjuncts = boolParts(node, 'AND_EXPR');
  if (conjuncts.length > 1) {
    let set: string[] | null = null;
    for (const part of conjuncts) {
      const values = valueSet(part, col);
      if (values) set = set ? set.filter((v) => values.includes(v)) : values;
    }
    return set;
  }
  const branches = boolParts(node, 'OR_EXPR');
  if (branches.length > 1) {
    const union: string[] = [];
    let closed = false;
    for (const branch of branches) {
      if (isNullTestOf(branch, col)) continue;
      const values = valueSet(branch, col);
      if (!values) return null;
      closed = true;
      for (const v of values) if (!union.includes(v)) union.push(v);
    }
    return closed ? union : null;
  }
  return comparisonValues(node, col);
}

/** `col IN (…)`, `col = ANY (ARRAY[…])`, `col = 'x'` (casts stripped on both sides): the listed constants. */
function comparisonValues(node: Node, col: string): string[] | null {
  const [kind, body] = kindOf(node);
  if (kind !== 'A_Expr' || !isColumn(body.lexpr, col) || operatorName(body) !== '=') return null;
  const right = body.rexpr as Node | undefined;
  if (!right) return null;
  if (body.kind === 'AEXPR_OP') {
    const value = literalText(right);
    return value === null ? null : [value];
  }
  let items: Node[] | undefined;
  if (body.kind === 'AEXPR_IN') items = kindOf(right)[1].items as Node[] | undefined;
  if (body.kind === 'AEXPR_OP_ANY') {
    const [arrayKind, array] = kindOf(stripCasts(right));
    if (arrayKind === 'A_ArrayExpr') items = (array.elements as Node[] | undefined) ?? [];
  }
  if (!items) return null;
  const values: string[] = [];
  for (const item of items) {
    const value = literalText(item);
    if (value === null) return null;
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

function operatorName(body: Record<string, unknown>): string | null {
  const name = body.name as Node[] | undefined;
  if (!name || name.length !== 1) return null;
  return String(kindOf(name[0]!)[1].sval);
}

function isColumn(node: unknown, col: string): boolean {
  if (!node || typeof node !== 'object') return false;
  const name = columnRefName(stripCasts(node as Node));
  return name !== null && name.length === 1 && name[0] === col;
}

function isNullTestOf(node: Node, col: string): boolean {
  const [kind, body] = kindOf(node);
  return kind === 'NullTest' && body.nulltesttype === 'IS_NULL' && isColumn(body.arg, col);
}

/** The default's state when the default is a constant of the set (`'pending'::character varying`). */
function initialState(column: Column, states: string[]): string | null {
  if (column.default === null) return null;
  const node = parseExpression(column.default);
  const value = node ? literalText(node) : null;
  return value !== null && states.includes(value) ? value : null;
}

/** Validates a configured machine against the column's states and returns it with keys and targets in state order. */
function declaredTransitions(id: string, states: string[], config: unknown): Record<string, string[]> {
  const key = `stateMachines["${id}"]`;
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new AnalysisConfigError(`${key}: expected an object of from-state → list of to-states`);
  }
  const known = (state: string, role: string): void => {
    if (!states.includes(state)) {
      throw new AnalysisConfigError(`${key}: ${role} "${state}" is not a state of ${id} (states: ${states.join(', ')})`);
    }
  };
  const rank = (s: string): number => states.indexOf(s);
  const transitions: Record<string, string[]> = {};
  for (const from of Object.keys(config).sort((a, b) => rank(a) - rank(b))) {
    known(from, 'from-state');
    const targets = (config as Record<string, unknown>)[from];
    if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string')) {
      throw new AnalysisConfigError(`${key}: the transitions from "${from}" must be a list of states`);
    }
    for (const to of targets as string[]) known(to, `to-state (from "${from}")`);
    transitions[from] = [...new Set(targets as string[])].sort((a, b) => rank(a) - rank(b));
  }
  return transitions;
}

/**
 * Per table, the triggers that run on UPDATE in an ordinary session (not disabled, not replica-only); which of them
 * guard a column depends on their `UPDATE OF` list, checked per column.
 */
function updateTriggersByTable(lookup: Lookup): Map<string, (Trigger & { fn?: Func })[]> {
  const functions = new Map(lookup.model.functions.map((f) => [f.id, f]));
  const byTable = new Map<string, (Trigger & { fn?: Func })[]>();
  for (const trigger of lookup.model.triggers) {
    const fn = functions.get(trigger.function);
    const t = fn ? { ...trigger, fn } : trigger;
    if (!lookup.tables.has(t.table) || !t.events.includes('update')) continue;
    if (t.enabled === 'disabled' || t.enabled === 'replica') continue;
    const list = byTable.get(t.table);
    if (list) list.push(t);
    else byTable.set(t.table, [t]);
  }
  return byTable;
}
