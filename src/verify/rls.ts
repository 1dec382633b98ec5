/**
 * The tenant-isolation proof: for every table of the tenancy (and every view over them), each command run as the
 * probe role with tenant A's context, with B's rows as the oracle, and again without a usable context. Every probe
 * runs in a transaction that is rolled back.
 *
 * Which rows belong to whom is read from the sandbox after seeding (the tenant column, or the FK path to it), so
 * rows that triggers wrote are tagged too.
 */
import type { Tenancy } from '../analyze/types.js';
import type { Engine } from '../engine/types.js';
import { ident, literal, qualified } from '../model/sql-text.js';
import type { SchemaModel, Table, View } from '../model/types.js';
import { insertSql, pathForeignKey, rowKey, sqlText, textOf, whereRows, type RowValues, type Synthesizer, type TenantTag } from './synthesize.js';
import type { RlsCommand, RlsResult, RlsScope } from './types.js';
import { isTemporal, typeShape } from './values.js';

export interface ProbeContext {
  kind: 'guc' | 'jwt' | 'none';
  setting: string | null;
  role: string;
  /** The value the context carries for each tenant (the tenant key; for JWT, the `sub`). */
  subjectOf: (tag: TenantTag) => string;
}

type Outcome = { ok: true; rows: Record<string, unknown>[]; count: number } | { ok: false; code: string; message: string };

/** The three ways of having no tenant: nothing set, an empty string, a value that is no tenant's. */
const NO_TENANT = [
  { label: 'unset', value: null },
  { label: "''", value: '' },
  { label: 'malformed', value: 'not-a-tenant' },
] as const;

function errorOf(error: unknown): { code: string; message: string } {
  const e = error as Record<string, unknown>;
  return { code: typeof e.code === 'string' ? e.code : '', message: String(e.message ?? error) };
}

/** Refusals: privilege and policy errors, invalid input (a malformed context), constraints and triggers that refuse. */
function isRefusal(code: string): boolean {
  return code === '42501' || code.startsWith('22') || code.startsWith('23') || code === 'P0001' || code === '44000';
}

export class RlsProber {
  readonly results: RlsResult[] = [];
  private tags = new Map<string, Map<string, TenantTag | null>>();

  constructor(
    private readonly engine: Engine,
    private readonly model: SchemaModel,
    private readonly tenancy: Tenancy,
    private readonly synth: Synthesizer,
    private readonly ctx: ProbeContext,
  ) {}

  private contextSql(value: string | null): string[] {
    if (this.ctx.setting === null || value === null) return [];
    if (this.ctx.kind === 'jwt') {
      const claims = value === '' ? '' : JSON.stringify({ sub: value, role: this.ctx.role });
      return [
        `SELECT set_config(${literal('request.jwt.claims')}, ${literal(claims)}, true)`,
        `SELECT set_config(${literal('request.jwt.claim.sub')}, ${literal(value)}, true)`,
      ];
    }
    return [`SELECT set_config(${literal(this.ctx.setting)}, ${literal(value)}, true)`];
  }

  /** Runs `sql` as the probe role with a context value, in a transaction that is rolled back. */
  async run(sql: string, value: string | null, kind: 'rows' | 'count', before?: string): Promise<Outcome> {
    await this.engine.exec('BEGIN');
    try {
      if (before) await this.engine.execute(before);
      for (const s of this.contextSql(value)) await this.engine.query(s);
      await this.engine.exec(`SET LOCAL ROLE ${ident(this.ctx.role)}`);
      if (kind === 'rows') {
        const rows = (await this.engine.query<{ row: Record<string, unknown> }>(sql)).map((r) => r.row);
        return { ok: true, rows, count: rows.length };
      }
      return { ok: true, rows: [], count: await this.engine.execute(sql) };
    } catch (error) {
      return { ok: false, ...errorOf(error) };
    } finally {
      await this.engine.exec('ROLLBACK');
    }
  }

  /** Runs `sql` as the superuser in a rolled-back transaction: does the statement work at all? */
  private async asOwner(sql: string, before?: string): Promise<{ ok: true; count: number } | { ok: false; message: string; code: string }> {
    await this.engine.exec('BEGIN');
    try {
      if (before) await this.engine.execute(before);
      return { ok: true, count: await this.engine.execute(sql) };
    } catch (error) {
      return { ok: false, ...errorOf(error) };
    } finally {
      await this.engine.exec('ROLLBACK');
    }
  }

  /** Reads which tenant each row of a table belongs to (as the superuser), keyed by the row's key. */
  async tag(tableId: string): Promise<Map<string, TenantTag | null>> {
    const cached = this.tags.get(tableId);
    if (cached) return cached;
    const table = this.model.tables.find((t) => t.id === tableId)!;
    const sql = this.tagQuery(table);
    const byKey = new Map<string, TenantTag | null>();
    const keyOf = new Map([...(['A', 'B'] as const)].map((t) => [this.synth.keys.get(t)!, t]));
    for (const r of await this.engine.query<{ row: Record<string, unknown>; tenant: string | null }>(sql)) {
      byKey.set(this.rowKey(tableId, r.row), r.tenant === null ? null : (keyOf.get(String(r.tenant)) ?? null));
    }
    this.tags.set(tableId, byKey);
    return byKey;
  }

  private tagQuery(table: Table): string {
    const from = `${qualified(table.schema, table.name)} x0`;
    if (table.id === this.tenancy.root) return `SELECT to_jsonb(x0) AS row, x0.${ident(this.synth.rootColumn)}::text AS tenant FROM ${from}`;
    if (this.tenancy.scoped.includes(table.id)) return `SELECT to_jsonb(x0) AS row, x0.${ident(this.tenancy.column)}::text AS tenant FROM ${from}`;
    const path = this.tenancy.inherited.find((i) => i.table === table.id)!.path;
    const joins: string[] = [];
    for (let i = 0; i + 1 < path.length; i++) {
      const fk = pathForeignKey(this.model, path[i]!, path[i + 1]!);
      const next = this.model.tables.find((t) => t.id === path[i + 1])!;
      const on = fk.columns.map((c, j) => `x${i + 1}.${ident(fk.refColumns[j]!)} = x${i}.${ident(c)}`).join(' AND ');
      joins.push(`LEFT JOIN ${qualified(next.schema, next.name)} x${i + 1} ON ${on}`);
    }
    const last = path[path.length - 1]!;
    const col = last === this.tenancy.root ? this.synth.rootColumn : this.tenancy.column;
    return `SELECT to_jsonb(x0) AS row, x${path.length - 1}.${ident(col)}::text AS tenant FROM ${from} ${joins.join(' ')}`;
  }

  rowKey(tableId: string, row: Record<string, unknown>): string {
    return rowKey(this.model, tableId, row);
  }

  private whereKeys(tableId: string, rows: Record<string, unknown>[]): string {
    return whereRows(this.model, tableId, rows);
  }

  private record(table: string, command: RlsCommand, scope: RlsScope, verdict: RlsResult['verdict'], detail: string, row?: Record<string, unknown>) {
    this.results.push({ table, command, scope, verdict, detail, ...(row ? { row: this.masked(table, row) } : {}) });
  }

  /** A row for the report: times (which the server sets with now()) shown as `<timestamp>`, so reports are reproducible. */
  private masked(relation: string, row: Record<string, unknown>): Record<string, unknown> {
    const columns = this.model.tables.find((t) => t.id === relation)?.columns ?? this.model.views.find((v) => v.id === relation)?.columns ?? [];
    const temporal = new Set(columns.filter((c) => isTemporal(typeShape(c.type).base)).map((c) => c.name));
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, temporal.has(k) && v !== null ? '<timestamp>' : v]));
  }

  /** Every probe for one table. */
  async probeTable(tableId: string): Promise<void> {
    const table = this.model.tables.find((t) => t.id === tableId)!;
    const target = qualified(table.schema, table.name);
    const tags = await this.tag(tableId);
    const all = (await this.engine.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(x) AS row FROM ${target} x`)).map((r) => r.row);
    const of = (tag: TenantTag | null) => all.filter((r) => tags.get(this.rowKey(tableId, r)) === tag);
    const own = of('A');
    const other = of('B');
    const a = this.ctx.subjectOf('A');
    const select = `SELECT to_jsonb(x) AS row FROM ${target} x`;

    // SELECT
    const seen = await this.run(select, a, 'rows');
    if (!seen.ok) {
      const refused = isRefusal(seen.code);
      this.record(tableId, 'select', 'own', refused ? 'proven' : 'inconclusive', `${refused ? 'refused' : 'error'}: ${seen.message}`);
      this.record(tableId, 'select', 'other', refused ? 'proven' : 'inconclusive', `refused: ${seen.message}`);
    } else {
      const keys = new Set(seen.rows.map((r) => this.rowKey(tableId, r)));
      const ownSeen = own.filter((r) => keys.has(this.rowKey(tableId, r))).length;
      if (own.length === 0) this.record(tableId, 'select', 'own', 'inconclusive', 'tenant A has no rows here (seeding made none)');
      else if (ownSeen === 0) this.record(tableId, 'select', 'own', 'inconclusive', `tenant A sees none of its ${own.length} rows: the policies may read a context the verifier does not set`);
      else this.record(tableId, 'select', 'own', 'proven', `sees ${ownSeen} of ${own.length} own rows`);
      const leaked = other.find((r) => keys.has(this.rowKey(tableId, r)));
      if (leaked) this.record(tableId, 'select', 'other', 'leak', `tenant A sees ${other.filter((r) => keys.has(this.rowKey(tableId, r))).length} of tenant B's ${other.length} rows`, leaked);
      else if (other.length === 0) this.record(tableId, 'select', 'other', 'inconclusive', 'tenant B has no rows here');
      else this.record(tableId, 'select', 'other', 'proven', `sees none of tenant B's ${other.length} rows`);
    }
    await this.noTenant(tableId, 'select', select, 'rows');

    // INSERT: a valid new row for A (allowed, or read-only by design), for B (refused), for A without a context (refused).
    await this.probeInsert(table, 'own', 'A', a);
    await this.probeInsert(table, 'other', 'B', a);
    await this.probeInsertNone(table);

    // UPDATE / DELETE
    const setCol = this.touchColumn(table);
    const update = (where: string) => `UPDATE ${target} SET ${ident(setCol)} = ${ident(setCol)} WHERE ${where}`;
    const del = (where: string) => `DELETE FROM ${target} WHERE ${where}`;
    for (const [command, make] of [['update', update], ['delete', del]] as const) {
      const mine = await this.run(make(this.whereKeys(tableId, own)), a, 'count');
      if (mine.ok) this.record(tableId, command, 'own', 'proven', `${command === 'update' ? 'updates' : 'deletes'} ${mine.count} of ${own.length} own rows`);
      else this.record(tableId, command, 'own', isRefusal(mine.code) ? 'proven' : 'inconclusive', `refused for tenant A's own rows: ${mine.message}`);
      const theirs = await this.run(make(this.whereKeys(tableId, other)), a, 'count');
      if (theirs.ok && theirs.count > 0) this.record(tableId, command, 'other', 'leak', `tenant A ${command === 'update' ? 'updated' : 'deleted'} ${theirs.count} of tenant B's rows`, other[0]);
      else if (theirs.ok) this.record(tableId, command, 'other', 'proven', `touches 0 of tenant B's ${other.length} rows`);
      else this.record(tableId, command, 'other', isRefusal(theirs.code) ? 'proven' : 'inconclusive', `refused: ${theirs.message}`);
      await this.noTenant(tableId, command, make('true'), 'count');
    }
    await this.probeMove(table, own);
  }

  /** A column to `SET col = col` with: not generated, not an identity column; the tenant column is fine. */
  private touchColumn(table: Table): string {
    const usable = table.columns.filter((c) => !c.generated && c.identity !== 'always');
    return (usable.find((c) => c.name === this.tenancy.column) ?? usable[0] ?? table.columns[0]!).name;
  }

  private async noTenant(tableId: string, command: RlsCommand, sql: string, kind: 'rows' | 'count'): Promise<void> {
    const details: string[] = [];
    for (const variant of NO_TENANT) {
      const out = await this.run(sql, variant.value, kind);
      if (out.ok && out.count > 0) {
        this.record(tableId, command, 'none', 'leak', `with the tenant ${variant.label}, ${out.count} rows ${kind === 'rows' ? 'are visible' : 'are changed'}`, out.rows[0]);
        return;
      }
      if (!out.ok && !isRefusal(out.code)) {
        this.record(tableId, command, 'none', 'inconclusive', `with the tenant ${variant.label}: ${out.message}`);
        return;
      }
      details.push(`${variant.label}: ${out.ok ? '0 rows' : `refused (${out.message})`}`);
    }
    this.record(tableId, command, 'none', 'proven', details.join('; '));
  }

  /**
   * A new row for tenant `tag` that the superuser can insert (so that a refusal is the role's or the context's): its
   * unique FKs point at new parents (committed here, before the probe), and a collision is retried with new values.
   */
  private async validRow(table: Table, tag: TenantTag): Promise<{ sql: string; values: RowValues; before?: string } | { error: string }> {
    const parents = await this.synth.freshParents(table.id, tag);
    if ('error' in parents) return { error: `no valid row could be made for tenant ${tag}: ${parents.error}` };
    let message = '';
    let before: string | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      const rows = this.synth.rows.get(table.id) ?? [];
      const built = this.synth.build(table.id, tag, parents, rows.length + 1 + attempt, attempt);
      if ('error' in built) return built;
      const sql = insertSql(table, built, false);
      const check = await this.asOwner(sql, before);
      if (check.ok) return { sql, values: built, ...(before ? { before } : {}) };
      message = check.message;
      if (check.code === '23505' && !before) {
        // One row per tenant (a unique key on the tenant, e.g. a per-user settings row): the new row takes the place
        // of the tenant's seeded one, which the probe's transaction removes first.
        const tags = await this.tag(table.id);
        const target = qualified(table.schema, table.name);
        const all = (await this.engine.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(x) AS row FROM ${target} x`)).map((r) => r.row);
        const mine = all.filter((r) => tags.get(this.rowKey(table.id, r)) === tag);
        if (mine.length) before = `DELETE FROM ${target} WHERE ${this.whereKeys(table.id, mine)}`;
      }
    }
    return { error: `no valid row could be made for tenant ${tag}: ${message}` };
  }

  private async probeInsert(table: Table, scope: 'own' | 'other', tag: TenantTag, context: string): Promise<void> {
    const made = await this.validRow(table, tag);
    if ('error' in made) {
      this.record(table.id, 'insert', scope, 'inconclusive', made.error);
      return;
    }
    const out = await this.run(made.sql, context, 'count', made.before);
    if (scope === 'own') {
      if (out.ok) this.record(table.id, 'insert', 'own', 'proven', `a row for tenant A is accepted${made.before ? ' (in place of its one seeded row)' : ''}`);
      else this.record(table.id, 'insert', 'own', isRefusal(out.code) ? 'proven' : 'inconclusive', `read-only for ${this.ctx.role}: ${out.message}`);
      return;
    }
    if (out.ok) this.record(table.id, 'insert', 'other', 'leak', "tenant A inserted a row for tenant B", shown(made.values));
    else if (isRefusal(out.code)) this.record(table.id, 'insert', 'other', 'proven', `refused: ${out.message}`);
    else this.record(table.id, 'insert', 'other', 'inconclusive', out.message);
  }

  private async probeInsertNone(table: Table): Promise<void> {
    const made = await this.validRow(table, 'A');
    if ('error' in made) {
      this.record(table.id, 'insert', 'none', 'inconclusive', made.error);
      return;
    }
    const details: string[] = [];
    for (const variant of NO_TENANT) {
      const out = await this.run(made.sql, variant.value, 'count', made.before);
      if (out.ok) {
        this.record(table.id, 'insert', 'none', 'leak', `with the tenant ${variant.label}, a row for tenant A is accepted`, shown(made.values));
        return;
      }
      if (!isRefusal(out.code)) {
        this.record(table.id, 'insert', 'none', 'inconclusive', `with the tenant ${variant.label}: ${out.message}`);
        return;
      }
      details.push(`${variant.label}: refused`);
    }
    this.record(table.id, 'insert', 'none', 'proven', details.join('; '));
  }

  /**
   * An UPDATE that re-assigns A's rows to B (the tenant column, or the FK that carries the tenant) must be refused.
   * Written without WHERE: a WHERE that reads the row would make Postgres check the new row against the SELECT
   * policies too, which hides a WITH CHECK that does not test the tenant.
   */
  private async probeMove(table: Table, own: Record<string, unknown>[]): Promise<void> {
    if (table.id === this.tenancy.root) return;
    const target = qualified(table.schema, table.name);
    let assignment: string | null = null;
    const bKey = this.synth.keys.get('B')!;
    if (this.tenancy.scoped.includes(table.id)) {
      const col = table.columns.find((c) => c.name === this.tenancy.column)!;
      assignment = `${ident(col.name)} = ${sqlText(bKey)}::${col.type}`;
    } else {
      const path = this.tenancy.inherited.find((i) => i.table === table.id)!.path;
      const fk = pathForeignKey(this.model, path[0]!, path[1]!);
      const tags = await this.tag(path[1]!);
      const parent = (await this.engine.query<{ row: Record<string, unknown> }>(
        `SELECT to_jsonb(x) AS row FROM ${qualified(...splitId(path[1]!))} x`,
      )).map((r) => r.row).find((r) => tags.get(this.rowKey(path[1]!, r)) === 'B');
      if (!parent) {
        this.record(table.id, 'update', 'move', 'inconclusive', `no row of ${path[1]} for tenant B to move to`);
        return;
      }
      assignment = fk.columns
        .map((c, i) => `${ident(c)} = ${sqlText(textOf(parent[fk.refColumns[i]!]))}::${table.columns.find((x) => x.name === c)!.type}`)
        .join(', ');
    }
    if (own.length === 0) {
      this.record(table.id, 'update', 'move', 'inconclusive', 'tenant A has no row to move');
      return;
    }
    const sql = `UPDATE ${target} SET ${assignment}`;
    const out = await this.run(sql, this.ctx.subjectOf('A'), 'count');
    if (out.ok && out.count > 0) this.record(table.id, 'update', 'move', 'leak', `tenant A moved ${out.count} of its rows to tenant B (${assignment})`, own[0]);
    else if (out.ok) this.record(table.id, 'update', 'move', 'proven', 'no row moved to tenant B');
    else if (isRefusal(out.code)) this.record(table.id, 'update', 'move', 'proven', `refused: ${out.message}`);
    else this.record(table.id, 'update', 'move', 'inconclusive', out.message);
  }

  /** A view over tenant tables: tenant A must not see B's rows through it, nor anything without a tenant. */
  async probeView(view: View): Promise<void> {
    const target = qualified(view.schema, view.name);
    const select = `SELECT to_jsonb(x) AS row FROM ${target} x`;
    const a = this.ctx.subjectOf('A');
    const bKey = this.synth.keys.get('B')!;
    const seen = await this.run(select, a, 'rows');
    const hasTenant = view.columns.some((c) => c.name === this.tenancy.column);
    if (!seen.ok) {
      const refused = isRefusal(seen.code);
      this.record(view.id, 'select', 'other', refused ? 'proven' : 'inconclusive', `${refused ? 'refused' : 'error'}: ${seen.message}`);
    } else if (hasTenant) {
      const leaked = seen.rows.filter((r) => textOf(r[this.tenancy.column]) === bKey);
      if (leaked.length) this.record(view.id, 'select', 'other', 'leak', `tenant A sees ${leaked.length} of tenant B's rows through the view${view.securityInvoker ? '' : ' (it runs with its owner\'s rights: no security_invoker)'}`, leaked[0]);
      else this.record(view.id, 'select', 'other', 'proven', `sees ${seen.rows.length} rows, none of tenant B's`);
    }
    await this.noTenant(view.id, 'select', select, 'rows');
  }
}

function splitId(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}

/** A synthesised row's values for the report: literals shown as their text (`'x'::uuid` → `x`). */
function shown(values: RowValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of values) {
    const m = /^'((?:[^']|'')*)'::[^']+$/s.exec(v);
    out[k] = v === 'NULL' ? null : m ? m[1]!.replace(/''/g, "'") : v;
  }
  return out;
}
