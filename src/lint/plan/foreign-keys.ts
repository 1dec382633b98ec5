/**
 * FK changes in remediations, and the ON DELETE conflicts between them, for the planner. Two FKs of one table to one
 * parent where one's columns contain the other's (a tenant "guard" `(x_id, client_id)` beside `(x_id)`) check the
 * same rows; when their ON DELETE rules differ, a parent delete cascades through one while the other forbids or
 * ignores it (integrity/order-dependent-delete). So, over all fixes:
 *
 * RESTRICT and NO ACTION count as one rule for the flags (both refuse the delete); a new guard still gets exactly the
 * rule the fix writes (an explicit RESTRICT is a decision integrity/fk-must-reassign asks for).
 *
 * - a fix that re-creates an FK (DROP CONSTRAINT + ADD CONSTRAINT of one name) decides that FK's ON DELETE; a fix that
 *   adds a new FK guarding it gets the same rule (SET NULL / SET DEFAULT only on the guarded FK's own columns,
 *   PostgreSQL 15+) — the statement is rebuilt from its parse tree, never by editing its text;
 * - two fixes that give one FK, or two FKs that check the same rows, different rules are flagged: the team decides;
 * - a fix that changes an FK's rule while an FK it does not touch checks the same rows with a CASCADE on one side is
 *   flagged too.
 */
import type { FkAction, ForeignKey, SchemaModel } from '../../model/types.js';
import { ident } from '../../model/sql-text.js';
import { fkDefinition, tableSql } from '../rules/integrity/sql.js';
import { names, relationId, type Statement } from './statements.js';

const ACTIONS: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Record<string, ForeignKey['match']> = { s: 'simple', f: 'full', p: 'partial' };
/** ON DELETE SET NULL (columns) needs PostgreSQL 15. */
const COLUMN_LIST_ACTIONS = 150000;

export interface FkChange<F> {
  owner: F;
  statement: Statement;
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  action: FkAction;
  /** Re-creates an FK of that name in the same statement; otherwise adds a new one. */
  replaces: boolean;
  /** Its ALTER TABLE has only this ADD CONSTRAINT, so the planner may rebuild the statement. */
  alone: boolean;
  constraint: Record<string, unknown>;
}

interface Shape {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/** The FK additions of one statement (ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY). */
export function fkChanges<F>(owner: F, statement: Statement): FkChange<F>[] {
  if (statement.kind !== 'AlterTableStmt') return [];
  const body = statement.node.AlterTableStmt as { relation?: unknown; cmds?: { AlterTableCmd?: Record<string, unknown> }[] };
  const table = relationId(body.relation);
  if (!table) return [];
  const cmds = (body.cmds ?? []).map((c) => c.AlterTableCmd ?? {});
  const dropped = new Set(cmds.filter((c) => c.subtype === 'AT_DropConstraint').map((c) => String(c.name)));
  const out: FkChange<F>[] = [];
  for (const c of cmds) {
    const constraint = (c.def as { Constraint?: Record<string, unknown> } | undefined)?.Constraint;
    if (c.subtype !== 'AT_AddConstraint' || constraint?.contype !== 'CONSTR_FOREIGN') continue;
    const refTable = relationId(constraint.pktable);
    const name = typeof constraint.conname === 'string' ? constraint.conname : null;
    if (!refTable || !name) continue;
    out.push({
      owner,
      statement,
      table,
      name,
      columns: names(constraint.fk_attrs),
      refTable,
      refColumns: names(constraint.pk_attrs),
      action: ACTIONS[String(constraint.fk_del_action ?? 'a')] ?? 'no action',
      replaces: dropped.has(name),
      alone: cmds.length === 1,
      constraint,
    });
  }
  return out;
}

/** `inner`'s columns are among `outer`'s, each at the same parent column (outer checks the rows inner does). */
function contains(outer: Shape, inner: Shape): boolean {
  return (
    outer.table === inner.table &&
    outer.refTable === inner.refTable &&
    outer.columns.length > inner.columns.length &&
    inner.columns.every((c, i) => {
      const j = outer.columns.indexOf(c);
      return j >= 0 && outer.refColumns[j] === inner.refColumns[i];
    })
  );
}

const related = (a: Shape, b: Shape) => contains(a, b) || contains(b, a);
/** RESTRICT and NO ACTION both refuse the delete (they differ only in when they check): not a conflict. */
const BLOCKING = new Set<FkAction>(['restrict', 'no action']);
const agree = (a: FkAction, b: FkAction) => a === b || (BLOCKING.has(a) && BLOCKING.has(b));
const upper = (a: FkAction) => a.toUpperCase();

/** The ADD CONSTRAINT statement of `g` again, with another ON DELETE rule. */
function rebuilt<F>(model: SchemaModel, g: FkChange<F>, action: FkAction, guarded: string[]): string {
  const c = g.constraint;
  const listed = action === 'set null' || action === 'set default';
  const definition = fkDefinition(model, {
    columns: g.columns,
    refTable: g.refTable,
    refColumns: g.refColumns,
    onDelete: action,
    ...(listed && guarded.length < g.columns.length ? { onDeleteColumns: guarded } : {}),
    onUpdate: ACTIONS[String(c.fk_upd_action ?? 'a')] ?? 'no action',
    match: MATCH[String(c.fk_matchtype ?? 's')] ?? 'simple',
    deferrable: c.deferrable === true,
    initiallyDeferred: c.initdeferred === true,
  });
  return `ALTER TABLE ${tableSql(model, g.table)} ADD CONSTRAINT ${ident(g.name)} ${definition}${c.skip_validation === true ? ' NOT VALID' : ''};`;
}

export interface FkPlan<F> {
  /** Statements rebuilt with another ON DELETE rule, with the comment that says why. */
  rewrites: Map<Statement, { text: string; note: string }>;
  /** Conflicts the planner cannot settle, per finding: sentences for its message. */
  flags: Map<F, string[]>;
}

/**
 * Settles or flags the ON DELETE conflicts among `changes` (in output order) and with the FKs the model has.
 * `ref(owner)` names a finding in a note (`rule (fingerprint)`).
 */
export function planForeignKeys<F>(model: SchemaModel, changes: FkChange<F>[], ref: (owner: F) => string): FkPlan<F> {
  const plan: FkPlan<F> = { rewrites: new Map(), flags: new Map() };
  const flag = (owner: F, text: string) => plan.flags.set(owner, [...(plan.flags.get(owner) ?? []), text]);
  const existing = new Map<string, ForeignKey[]>(); // by child table: only FKs of one table can check the same rows
  for (const f of model.foreignKeys) {
    const list = existing.get(f.table) ?? [];
    list.push(f);
    existing.set(f.table, list);
  }
  const replacement = new Map<string, FkChange<F>>(); // `${table}.${name}` → the first fix that re-creates it
  for (const r of changes.filter((c) => c.replaces)) {
    const id = `${r.table}.${r.name}`;
    const first = replacement.get(id);
    if (!first) replacement.set(id, r);
    else if (first.owner !== r.owner && !agree(first.action, r.action)) {
      flag(r.owner, `the fix of ${ref(first.owner)} re-creates ${r.name} ON DELETE ${upper(first.action)} and this one ON DELETE ${upper(r.action)}: apply one of them`);
    }
  }
  const touched = new Set(changes.map((c) => `${c.table}.${c.name}`));
  const order = new Map(changes.map((c, i) => [c, i]));

  for (const g of changes.filter((c) => !c.replaces)) {
    // The FKs this new one guards, with the rule a fix gives them.
    for (const f of existing.get(g.table) ?? []) {
      const r = replacement.get(f.id);
      // Exactly the same rule (not only an agreeing one): RESTRICT spelled out stays an explicit decision.
      if (!r || r.owner === g.owner || !contains(g, f) || r.action === g.action) continue;
      const listed = r.action === 'set null' || r.action === 'set default';
      if (!g.alone || (listed && model.engine.serverVersionNum < COLUMN_LIST_ACTIONS)) {
        flag(g.owner, `${g.name} would be ON DELETE ${upper(g.action)} while the fix of ${ref(r.owner)} makes ${f.name}, whose rows it checks, ON DELETE ${upper(r.action)}: give both the same rule`);
        continue;
      }
      plan.rewrites.set(g.statement, {
        text: rebuilt(model, g, r.action, f.columns),
        note: `ON DELETE ${upper(r.action)}, as the fix of ${ref(r.owner)} re-creates ${f.name}, whose rows this FK checks too:`,
      });
    }
  }

  const replacedByTable = new Map<string, FkChange<F>[]>();
  for (const r of replacement.values()) {
    const list = replacedByTable.get(r.table) ?? [];
    list.push(r);
    replacedByTable.set(r.table, list);
  }
  for (const r of replacement.values()) {
    // FKs checking the same rows that no fix touches, one side CASCADE: deletes still cascade, or now fail.
    for (const g of existing.get(r.table) ?? []) {
      if (g.name === r.name || touched.has(g.id) || !related(g, r) || agree(g.onDelete, r.action)) continue;
      if (g.onDelete !== 'cascade' && r.action !== 'cascade') continue;
      flag(r.owner, `${g.name} (ON DELETE ${upper(g.onDelete)}) checks the same rows and this fix leaves it as it is: change it to ON DELETE ${upper(r.action)} as well`);
    }
    // Two fixes giving FKs that check the same rows different rules.
    for (const other of replacedByTable.get(r.table) ?? []) {
      if (other === r || other.owner === r.owner || !related(other, r) || agree(other.action, r.action)) continue;
      if (order.get(other)! > order.get(r)!) continue; // flagged once, on the later one
      flag(r.owner, `the fix of ${ref(other.owner)} makes ${other.name} ON DELETE ${upper(other.action)} and this one makes ${r.name}, which checks the same rows, ON DELETE ${upper(r.action)}: give both the same rule`);
    }
  }
  return plan;
}
