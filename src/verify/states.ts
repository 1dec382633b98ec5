/**
 * The state-machine proof: for every ordered pair of a machine's states, a row in `from` (made by a plain INSERT, or
 * with triggers off when an insert trigger refuses that state), then `UPDATE … SET col = to` in a savepoint: accepted
 * or rejected, with the refusal's message. The other tables are compared before and after an accepted transition,
 * which shows what triggers did meanwhile (a status synced elsewhere, a history row logged).
 *
 * When a transition is rejected and the table references a row of another state machine, the transition is tried
 * again with that row in each of its states: a trigger that syncs a parent's status can only succeed when the
 * parent's own machine allows it (`requires`).
 */
import type { StateMachine } from '../analyze/types.js';
import type { Engine } from '../engine/types.js';
import { ident, literal, qualified } from '../model/sql-text.js';
import type { SchemaModel } from '../model/types.js';
import { primaryKeyOf, rowKey, sqlText, textOf, whereRows, type Synthesizer } from './synthesize.js';
import type { SideEffect, StateMachineProof, TransitionResult } from './types.js';
import { isTemporal, typeShape } from './values.js';

type Row = Record<string, unknown>;
type Snapshot = Map<string, Map<string, Row>>;

export class StateProver {
  constructor(
    private readonly engine: Engine,
    private readonly model: SchemaModel,
    private readonly synth: Synthesizer,
    /** Tables compared before and after each accepted transition. */
    private readonly watched: string[],
    /** Every state machine of the schema: those on referenced tables may decide whether a transition goes through. */
    private readonly machines: StateMachine[],
  ) {}

  private keyOf(tableId: string, row: Row): string {
    return rowKey(this.model, tableId, row);
  }

  private async snapshot(): Promise<Snapshot> {
    const parts = this.watched.map((id) => {
      const t = this.model.tables.find((x) => x.id === id)!;
      return `SELECT ${literal(id)} AS t, to_jsonb(x) AS row FROM ${qualified(t.schema, t.name)} x`;
    });
    const snap: Snapshot = new Map(this.watched.map((id) => [id, new Map()]));
    if (parts.length === 0) return snap;
    for (const r of await this.engine.query<{ t: string; row: Row }>(parts.join(' UNION ALL '))) {
      snap.get(r.t)!.set(this.keyOf(r.t, r.row), r.row);
    }
    return snap;
  }

  /** What changed between two snapshots, except the transitioned row itself. */
  private effects(before: Snapshot, after: Snapshot, self: { table: string; key: string }): SideEffect[] {
    const out: SideEffect[] = [];
    for (const [table, rows] of after) {
      const old = before.get(table)!;
      const cols = this.model.tables.find((t) => t.id === table)!.columns;
      const pk = new Set(primaryKeyOf(this.model, table));
      const fkCols = new Set(this.model.foreignKeys.filter((f) => f.table === table).flatMap((f) => f.columns));
      const shown = (name: string, v: unknown): string | null => {
        if (v === null || v === undefined) return null;
        const col = cols.find((c) => c.name === name);
        if (col && isTemporal(typeShape(col.type).base)) return '<timestamp>';
        return textOf(v);
      };
      const inserted = [...rows].filter(([k]) => !old.has(k)).map(([, r]) => r);
      if (inserted.length) {
        const values: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(inserted[0]!)) if (!pk.has(k) && !fkCols.has(k)) values[k] = shown(k, v);
        out.push({ table, action: 'insert', rows: inserted.length, values });
      }
      const deleted = [...old.keys()].filter((k) => !rows.has(k)).length;
      if (deleted) out.push({ table, action: 'delete', rows: deleted, values: {} });
      const updated: Record<string, string | null> = {};
      let count = 0;
      for (const [k, r] of rows) {
        const was = old.get(k);
        if (!was || (table === self.table && k === self.key)) continue;
        const changed = Object.keys(r).filter((c) => JSON.stringify(r[c]) !== JSON.stringify(was[c]));
        if (changed.length === 0) continue;
        count++;
        for (const c of changed) updated[c] = shown(c, r[c]);
      }
      if (count) out.push({ table, action: 'update', rows: count, values: updated });
    }
    return out;
  }

  private async inSavepoint<T>(name: string, fn: () => Promise<T>): Promise<T> {
    await this.engine.exec(`SAVEPOINT ${name}`);
    try {
      return await fn();
    } finally {
      await this.engine.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.engine.exec(`RELEASE SAVEPOINT ${name}`);
    }
  }

  async prove(machine: StateMachine): Promise<StateMachineProof | { error: string }> {
    const table = this.model.tables.find((t) => t.id === machine.table)!;
    const colName = machine.column.slice(machine.table.length + 1);
    const col = table.columns.find((c) => c.name === colName)!;
    const target = qualified(table.schema, table.name);
    const value = (s: string) => `${literal(s)}::${col.type}`;
    const related = this.relatedMachines(machine);
    const transitions: TransitionResult[] = [];
    let setup: 'insert' | 'replica' = 'insert';
    const index = (this.synth.rows.get(table.id) ?? []).length;
    await this.engine.exec('BEGIN');
    try {
      for (const from of machine.states) {
        const outcome = await this.inSavepoint('sp_from', async (): Promise<{ error: string } | { results: TransitionResult[] }> => {
          const parents = await this.synth.freshParents(table.id, 'A', { record: false, savepoint: true });
          if ('error' in parents) return { error: `no row in state ${from}: ${parents.error}` };
          parents.set(colName, value(from));
          const made = await this.synth.insert(table.id, 'A', parents, index, { record: false, savepoint: true });
          if ('error' in made) return { error: `no row in state ${from}: ${made.error}` };
          if (made.mode === 'replica') setup = 'replica';
          const key = this.keyOf(table.id, made.row);
          const where = whereRows(this.model, table.id, [made.row]);
          const results: TransitionResult[] = [];
          for (const to of machine.states) {
            if (to === from) continue;
            results.push(await this.tryTransition(target, colName, value(to), where, { from, to, key, table: table.id, row: made.row }, related));
          }
          return { results };
        });
        if ('error' in outcome) return outcome;
        transitions.push(...outcome.results);
      }
    } finally {
      await this.engine.exec('ROLLBACK');
    }
    const allowed = transitions.filter((t) => t.accepted).map((t) => [t.from, t.to] as [string, string]);
    const rejected = transitions.filter((t) => !t.accepted).map((t) => [t.from, t.to] as [string, string]);
    const terminal = machine.states.filter((s) => !allowed.some(([f]) => f === s));
    const initial = machine.initial ?? machine.states[0] ?? null;
    const reached = new Set(initial ? [initial] : []);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [f, t] of allowed) if (reached.has(f) && !reached.has(t)) (reached.add(t), (grew = true));
    }
    const declaredPairs = Object.entries(machine.transitions).flatMap(([f, tos]) => tos.map((t) => `${f}\u0000${t}`));
    const declared =
      machine.source === 'declared'
        ? {
            undeclaredAccepted: allowed.filter(([f, t]) => !declaredPairs.includes(`${f}\u0000${t}`)),
            declaredRejected: rejected.filter(([f, t]) => declaredPairs.includes(`${f}\u0000${t}`)),
          }
        : null;
    return {
      column: machine.column,
      table: machine.table,
      states: machine.states,
      allowed,
      rejected,
      transitions,
      terminal,
      unreachable: initial ? machine.states.filter((s) => !reached.has(s)) : [],
      initial,
      declared,
      setup,
    };
  }

  private async tryTransition(
    target: string,
    col: string,
    to: string,
    where: string,
    t: { from: string; to: string; key: string; table: string; row: Row },
    related: { machine: StateMachine; fkColumns: string[]; refColumns: string[]; type: string }[],
  ): Promise<TransitionResult> {
    const attempt = async (prepare?: () => Promise<void>) =>
      this.inSavepoint('sp_to', async () => {
        if (prepare) await prepare();
        const before = await this.snapshot();
        try {
          await this.engine.execute(`UPDATE ${target} SET ${ident(col)} = ${to} WHERE ${where}`);
        } catch (error) {
          return { accepted: false as const, message: String((error as { message?: string }).message ?? error) };
        }
        return { accepted: true as const, effects: this.effects(before, await this.snapshot(), { table: t.table, key: t.key }) };
      });
    const first = await attempt();
    if (first.accepted) return { from: t.from, to: t.to, accepted: true, message: null, requires: null, sideEffects: first.effects };
    for (const r of related) {
      const parentTable = this.model.tables.find((x) => x.id === r.machine.table)!;
      const parentCol = r.machine.column.slice(r.machine.table.length + 1);
      const match = r.fkColumns
        .map((c, i) => `${ident(r.refColumns[i]!)}::text = ${sqlText(textOf(t.row[c]))}`)
        .join(' AND ');
      for (const state of r.machine.states) {
        const retry = await attempt(async () => {
          await this.engine.exec('SET LOCAL session_replication_role = replica');
          await this.engine.execute(
            `UPDATE ${qualified(parentTable.schema, parentTable.name)} SET ${ident(parentCol)} = ${literal(state)}::${r.type} WHERE ${match}`,
          );
          await this.engine.exec('SET LOCAL session_replication_role = origin');
        });
        if (retry.accepted) {
          return { from: t.from, to: t.to, accepted: true, message: null, requires: `${r.machine.column} = ${state}`, sideEffects: retry.effects };
        }
      }
    }
    return { from: t.from, to: t.to, accepted: false, message: first.message, requires: null, sideEffects: [] };
  }

  /** Other state machines on tables this machine's table references. */
  private relatedMachines(machine: StateMachine) {
    return this.model.foreignKeys
      .filter((fk) => fk.table === machine.table && fk.refTable !== machine.table)
      .flatMap((fk) =>
        this.machines.filter((m) => m.table === fk.refTable).map((m) => {
          const parent = this.model.tables.find((t) => t.id === m.table)!;
          const type = parent.columns.find((c) => c.name === m.column.slice(m.table.length + 1))!.type;
          return { machine: m, fkColumns: fk.columns, refColumns: fk.refColumns, type };
        }),
      );
  }
}
