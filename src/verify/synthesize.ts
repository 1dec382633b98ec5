/**
 * Rows for two tenants, made in the sandbox in load order: values that satisfy types, NOT NULL, CHECKs (one readable
 * case of each, the next case when Postgres names the constraint a row violated), UNIQUE keys (a counter), FKs (a
 * parent of the same tenant; composite FKs agree on their shared columns), identity and generated columns (left to
 * the server). Inserted as the superuser with triggers on, so that trigger-maintained tables fill as in reality;
 * with `session_replication_role = replica` only when a trigger refuses the row — and the report says so.
 */
import type { Tenancy } from '../analyze/types.js';
import type { Engine } from '../engine/types.js';
import { qualified, ident, identList } from '../model/sql-text.js';
import type { Column, ForeignKey, SchemaModel, Table } from '../model/types.js';
import { checkCases, type CheckCase, type Requirement } from './checks.js';
import { isNumeric, isTemporal, typeShape, valueFor } from './values.js';

export type TenantTag = 'A' | 'B';

export interface SeededRow {
  tenant: TenantTag | null;
  /** The row as the server returned it (`to_jsonb`). */
  row: Record<string, unknown>;
}

/** A row to insert: column → SQL literal (columns left out take their default). */
export type RowValues = Map<string, string>;

interface TableFacts {
  table: Table;
  fks: ForeignKey[];
  checks: { name: string; cases: CheckCase[] | null }[];
  pk: string[];
}

interface Failure {
  code: string;
  message: string;
  constraint: string | undefined;
  column: string | undefined;
}

function failureOf(error: unknown): Failure {
  const e = error as Record<string, unknown>;
  return {
    code: typeof e.code === 'string' ? e.code : '',
    message: String(e.message ?? error),
    constraint: typeof e.constraint === 'string' ? e.constraint : undefined,
    column: typeof e.column === 'string' ? e.column : undefined,
  };
}

export class Synthesizer {
  readonly rows = new Map<string, SeededRow[]>();
  readonly modes = new Map<string, { mode: 'triggers' | 'replica'; retries: number }>();
  readonly keys = new Map<TenantTag, string>();
  private readonly facts = new Map<string, TableFacts>();
  private readonly tables = new Map<string, Table>();
  private counter = 1;
  /** Per (table, check) the case index to use, advanced when Postgres names the check in a violation. */
  private readonly caseChoice = new Map<string, number>();
  /** The FK from a scoped table to the root through the tenant column, and the root column it references. */
  readonly rootColumn: string;

  constructor(
    private readonly engine: Engine,
    private readonly model: SchemaModel,
    tenancy: Tenancy | null,
  ) {
    this.tenancy = tenancy ?? { source: 'config', root: '', column: '', evidence: null, scoped: [], inherited: [], outside: [], isolation: [] };
    for (const t of model.tables) this.tables.set(t.id, t);
    const viaTenant = model.foreignKeys.find(
      (fk) => fk.refTable === this.tenancy.root && fk.columns.length === 1 && fk.columns[0] === this.tenancy.column,
    );
    this.rootColumn = viaTenant?.refColumns[0] ?? primaryKeyOf(model, this.tenancy.root)[0] ?? 'id';
  }
  private readonly tenancy: Tenancy;

  facts_(tableId: string): TableFacts {
    let f = this.facts.get(tableId);
    if (f) return f;
    const table = this.tables.get(tableId)!;
    const fks = this.model.foreignKeys.filter((fk) => fk.table === tableId);
    const checks = this.model.constraints
      .filter((c) => c.table === tableId && c.type === 'check')
      .map((c) => ({ name: c.name, cases: checkCases(c.definition) }));
    f = { table, fks, checks, pk: primaryKeyOf(this.model, tableId) };
    this.facts.set(tableId, f);
    return f;
  }

  /** The tenant a table's rows belong to: scoped and inherited tables take their parents', the root is the tenant. */
  tenantTable(tableId: string): 'root' | 'scoped' | 'inherited' | 'shared' {
    if (tableId === this.tenancy.root) return 'root';
    if (this.tenancy.scoped.includes(tableId)) return 'scoped';
    if (this.tenancy.inherited.some((i) => i.table === tableId)) return 'inherited';
    return 'shared';
  }

  /**
   * The tables to seed for `targets`, parents first: the targets and every table a NOT NULL FK of theirs needs,
   * transitively (platform tables such as `auth.users` included).
   */
  plan(targets: string[]): string[] {
    const needed = new Set<string>();
    const visit = (id: string, stack: Set<string>) => {
      if (needed.has(id) || stack.has(id) || !this.tables.has(id)) return;
      stack.add(id);
      for (const fk of this.facts_(id).fks) {
        if (fk.refTable === id) continue;
        const table = this.tables.get(id)!;
        const required = fk.columns.some((c) => !table.columns.find((col) => col.name === c)?.nullable);
        if (required || targets.includes(fk.refTable)) visit(fk.refTable, stack);
      }
      stack.delete(id);
      needed.add(id);
    };
    for (const t of targets) visit(t, new Set());
    return [...needed];
  }

  /**
   * Seeds `perTenant` rows per tenant for each table of the plan (shared tables: `perTenant` × 2 rows). Rows that
   * triggers already made (an `AFTER INSERT ON auth.users` that creates the profile) count; a table whose unique keys
   * allow fewer rows (a one-to-one child of the tenant) keeps the rows it could get.
   */
  async seed(order: string[], perTenant: number): Promise<{ table: string; reason: string }[]> {
    const failed: { table: string; reason: string }[] = [];
    for (const tableId of order) {
      const kind = this.tenantTable(tableId);
      await this.adopt(tableId);
      const groups: [TenantTag | null, number][] =
        kind === 'root' ? [['A', 1], ['B', 1]] : kind === 'shared' ? [[null, perTenant * 2]] : [['A', perTenant], ['B', perTenant]];
      for (const [tag, wanted] of groups) {
        if (kind === 'root' && tag && this.keys.has(tag)) continue;
        let have = (this.rows.get(tableId) ?? []).filter((r) => r.tenant === tag).length;
        for (let i = have; i < wanted; i++) {
          const result = await this.insert(tableId, tag, new Map(), tag === 'B' ? i + wanted : i);
          if ('error' in result) {
            if (have === 0) failed.push({ table: tableId, reason: result.error });
            break;
          }
          have++;
          if (kind === 'root' && tag) this.keys.set(tag, String(result.row[this.rootColumn]));
        }
        if (have === 0) break;
      }
    }
    return failed;
  }

  /** Records the rows a table already has (made by triggers while its parents were seeded), with their tenant. */
  private async adopt(tableId: string): Promise<void> {
    const table = this.tables.get(tableId)!;
    const existing = await this.engine.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(x) AS row FROM ${qualified(table.schema, table.name)} x`,
    );
    if (existing.length === 0) return;
    const list = this.rows.get(tableId) ?? [];
    for (const { row } of existing) list.push({ tenant: this.tenantOf(tableId, row), row });
    this.rows.set(tableId, list);
  }

  /** The tenant of a row: its tenant column, else the tenant of the parent its first tenant-carrying FK points at. */
  private tenantOf(tableId: string, row: Record<string, unknown>): TenantTag | null {
    const byKey = (v: unknown) => [...this.keys].find(([, k]) => k === textOf(v))?.[0] ?? null;
    const kind = this.tenantTable(tableId);
    if (kind === 'root') return byKey(row[this.rootColumn]);
    if (kind === 'scoped') return byKey(row[this.tenancy.column]);
    if (kind === 'inherited') {
      const path = this.tenancy.inherited.find((i) => i.table === tableId)!.path;
      const fk = pathForeignKey(this.model, tableId, path[1]!);
      const parent = fk && (this.rows.get(fk.refTable) ?? []).find((p) => fk.columns.every((c, i) => textOf(p.row[fk.refColumns[i]!]) === textOf(row[c])));
      return parent?.tenant ?? null;
    }
    return null;
  }

  /**
   * Values for a new row of `tableId` for tenant `tag` (its FKs pointing at that tenant's rows), with `overrides`
   * (column → SQL literal) applied. `index` spreads children over parents (row i takes parent i), which keeps
   * one-to-one FKs unique. Null with a reason when no row can be made.
   */
  build(tableId: string, tag: TenantTag | null, overrides: RowValues, index: number, variant = 0, forced = new Set<string>()): RowValues | { error: string } {
    const { table, fks, checks } = this.facts_(tableId);
    const values: RowValues = new Map();
    const cols = new Map(table.columns.map((c) => [c.name, c]));
    const requirements = new Map<string, Requirement[]>();
    for (const check of checks) {
      if (!check.cases || check.cases.length === 0) continue;
      const choice = (this.caseChoice.get(`${tableId}:${check.name}`) ?? 0) % check.cases.length;
      for (const [col, reqs] of Object.entries(check.cases[choice]!)) {
        requirements.set(col, [...(requirements.get(col) ?? []), ...reqs]);
      }
    }
    const needsValue = (c: Column) =>
      forced.has(c.name) || (requirements.get(c.name) ?? []).some((r) => r.kind !== 'null' && r.kind !== 'compare-column');

    // The tenant column first, then FKs (parents of the same tenant, agreeing with columns already set).
    if (this.tenantTable(tableId) === 'scoped' && tag) {
      const key = this.keys.get(tag);
      const col = cols.get(this.tenancy.column);
      if (key !== undefined && col) values.set(col.name, `${sqlText(key)}::${col.type}`);
    }
    for (const fk of fks) {
      if (fk.columns.every((c) => overrides.has(c))) continue;
      const required = fk.columns.some((c) => !cols.get(c)?.nullable || needsValue(cols.get(c)!));
      const forbidden = fk.columns.some((c) => (requirements.get(c) ?? []).some((r) => r.kind === 'null'));
      if (forbidden) continue;
      const parents = (this.rows.get(fk.refTable) ?? []).filter((p) => {
        if (this.tenantTable(fk.refTable) !== 'shared' && tag && p.tenant !== tag) return false;
        return fk.columns.every((c, i) => {
          const set = values.get(c) ?? overrides.get(c);
          return set === undefined || set === `${sqlText(textOf(p.row[fk.refColumns[i]!]))}::${cols.get(c)!.type}`;
        });
      });
      if (parents.length === 0) {
        if (fk.refTable === tableId || !required) continue;
        return { error: `no row of ${fk.refTable} to reference (${fk.name})` };
      }
      const parent = parents[index % parents.length]!;
      fk.columns.forEach((c, i) => {
        const col = cols.get(c)!;
        const v = parent.row[fk.refColumns[i]!];
        values.set(c, v === null || v === undefined ? 'NULL' : `${sqlText(textOf(v))}::${col.type}`);
      });
    }
    const fkColumns = new Set(fks.flatMap((fk) => fk.columns));
    const compares: [Column, Extract<Requirement, { kind: 'compare-column' }>][] = [];
    for (const col of table.columns) {
      if (values.has(col.name) || overrides.has(col.name)) continue;
      if (col.generated || col.identity === 'always') continue;
      const reqs = requirements.get(col.name) ?? [];
      for (const r of reqs) if (r.kind === 'compare-column') compares.push([col, r]);
      // A random default (gen_random_uuid()) is replaced by a counter value, so that reports are reproducible.
      const randomDefault = col.default !== null && /\b(gen_random_uuid|uuid_generate_v4)\(\)/.test(col.default);
      const hasDefault = (col.default !== null && !randomDefault) || col.identity !== null;
      if (fkColumns.has(col.name) && !needsValue(col)) continue; // a nullable FK without a parent stays NULL
      if (reqs.some((r) => r.kind === 'null')) {
        values.set(col.name, 'NULL');
        continue;
      }
      if ((hasDefault || col.nullable) && !needsValue(col)) continue;
      const labels = this.labelsOf(col);
      const n = this.counter++;
      const domainReqs = this.domainRequirements(col);
      const v = valueFor({ column: col.name, type: col.type, labels, requirements: [...reqs, ...domainReqs], n, variant });
      if (v === null) return { error: `no value of type ${col.type} for ${col.name}${reqs.length ? ' that meets its CHECK' : ''}` };
      values.set(col.name, v);
    }
    for (const [col, r] of compares) {
      const other = values.get(r.other) ?? overrides.get(r.other);
      const mine = values.get(col.name) ?? overrides.get(col.name);
      if (mine === undefined || mine === 'NULL') continue;
      const shape = typeShape(col.type);
      if (!isNumeric(shape.base) && !isTemporal(shape.base)) continue;
      const step = isNumeric(shape.base) ? '1' : `interval '1 day'`;
      const far = (up: boolean) => (isNumeric(shape.base) ? (up ? '1000000000' : '-1000000000') : up ? `'2100-01-01'` : `'1990-01-01'`);
      const sign = r.op === '>' || r.op === '>=' ? '+' : r.op === '<' || r.op === '<=' ? '-' : '';
      if (!sign) {
        if (r.op === '=' && other !== undefined) values.set(col.name, other);
        continue;
      }
      values.set(col.name, other !== undefined && other !== 'NULL' ? `((${other}) ${sign} ${step})::${col.type}` : `${far(sign === '+')}::${col.type}`);
    }
    for (const [k, v] of overrides) values.set(k, v);
    return values;
  }

  /**
   * Inserts a new row (retrying with the next CHECK case, other values, or replica mode as the errors direct) and
   * records it. `persist: false` runs inside a savepoint the caller owns and does not record the row.
   */
  async insert(
    tableId: string,
    tag: TenantTag | null,
    overrides: RowValues,
    index: number,
    options: { record?: boolean; savepoint?: boolean } = {},
  ): Promise<{ row: Record<string, unknown>; mode: 'triggers' | 'replica' } | { error: string }> {
    const forced = new Set<string>();
    let lastError = '';
    let replica = false;
    const sp = options.savepoint === true;
    for (let attempt = 0; attempt < 12; attempt++) {
      const built = this.build(tableId, tag, overrides, index, attempt, forced);
      if ('error' in built) return built;
      const sql = insertSql(this.tables.get(tableId)!, built);
      try {
        if (sp) await this.engine.exec('SAVEPOINT sp_insert');
        if (replica) await this.engine.exec('SET session_replication_role = replica');
        const [result] = await this.engine.query<{ row: Record<string, unknown> }>(sql);
        if (replica) await this.engine.exec('SET session_replication_role = origin');
        if (sp) await this.engine.exec('RELEASE SAVEPOINT sp_insert');
        const row = result!.row;
        if (options.record !== false) {
          const list = this.rows.get(tableId) ?? [];
          list.push({ tenant: tag, row });
          this.rows.set(tableId, list);
          const mode = this.modes.get(tableId);
          this.modes.set(tableId, {
            mode: replica || mode?.mode === 'replica' ? 'replica' : 'triggers',
            retries: (mode?.retries ?? 0) + attempt,
          });
        }
        return { row, mode: replica ? 'replica' : 'triggers' };
      } catch (error) {
        if (sp) await this.engine.exec('ROLLBACK TO SAVEPOINT sp_insert; RELEASE SAVEPOINT sp_insert');
        if (replica) await this.engine.exec('SET session_replication_role = origin').catch(() => undefined);
        const f = failureOf(error);
        lastError = f.message;
        if (f.code === '23514' && f.constraint) {
          const key = `${tableId}:${f.constraint}`;
          this.caseChoice.set(key, (this.caseChoice.get(key) ?? 0) + 1);
        } else if (f.code === '23502' && f.column) {
          forced.add(f.column);
        } else if (f.code === '23505' || f.code === '23P01') {
          // Another counter value (and another variant) on the next attempt.
        } else if ((f.code === 'P0001' || f.code.startsWith('23') || f.code === '55000') && !replica) {
          // A trigger (or a constraint a trigger enforces) refused the row: seed it with triggers off.
          replica = true;
        } else if (!f.code.startsWith('22') && !f.code.startsWith('23')) {
          return { error: f.message };
        }
      }
    }
    return { error: lastError };
  }

  /**
   * Overrides for a new row of `tableId` whose unique FKs (one-to-one, or part of a unique key) point at new parent
   * rows — made here, recursively — so that the row does not collide with the seeded ones. Inside a transaction pass
   * `record: false` (the parents vanish with it) and `savepoint: true`.
   */
  async freshParents(tableId: string, tag: TenantTag | null, options: { record?: boolean; savepoint?: boolean } = {}, depth = 0): Promise<RowValues | { error: string }> {
    const overrides: RowValues = new Map();
    if (depth > 4) return overrides;
    const { fks } = this.facts_(tableId);
    const unique = uniqueKeysOf(this.model, tableId, true);
    for (const fk of fks) {
      if (fk.refTable === tableId || fk.columns.every((c) => overrides.has(c))) continue;
      if (!unique.some((key) => fk.columns.some((c) => key.includes(c)) && !(key.length === 1 && key[0] === this.tenancy.column))) continue;
      if (fk.columns.length === 1 && fk.columns[0] === this.tenancy.column) continue;
      const parentOverrides = await this.freshParents(fk.refTable, tag, options, depth + 1);
      if ('error' in parentOverrides) return parentOverrides;
      // A new grandparent may have made the parent already (an insert trigger on auth.users creating the profile).
      const made =
        (parentOverrides.size ? await this.existing(fk.refTable, parentOverrides) : undefined) ??
        (await this.insert(fk.refTable, this.tenantTable(fk.refTable) === 'shared' ? null : tag, parentOverrides, (this.rows.get(fk.refTable) ?? []).length, options));
      if ('error' in made) return made;
      const cols = this.tables.get(tableId)!.columns;
      fk.columns.forEach((c, i) => {
        const v = made.row[fk.refColumns[i]!];
        overrides.set(c, v === null || v === undefined ? 'NULL' : `${sqlText(textOf(v))}::${cols.find((x) => x.name === c)!.type}`);
      });
    }
    return overrides;
  }

  /** A row of the table with these column values, if one exists. */
  private async existing(tableId: string, values: RowValues): Promise<{ row: Record<string, unknown> } | undefined> {
    const table = this.tables.get(tableId)!;
    const where = [...values].map(([c, v]) => `${ident(c)} = ${v}`).join(' AND ');
    const [hit] = await this.engine.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(x) AS row FROM ${qualified(table.schema, table.name)} x WHERE ${where} LIMIT 1`,
    );
    return hit;
  }

  private labelsOf(col: Column): string[] | null {
    if (!col.typeId || col.type.endsWith('[]')) return null;
    const e = this.model.enums.find((x) => x.id === col.typeId);
    return e ? e.labels : null;
  }

  private domainRequirements(col: Column): Requirement[] {
    if (!col.typeId) return [];
    const d = this.model.domains.find((x) => x.id === col.typeId);
    if (!d) return [];
    const out: Requirement[] = [];
    for (const c of d.constraints) {
      const cases = checkCases(c.definition);
      const first = cases?.[0];
      if (first) out.push(...(first.value ?? first.VALUE ?? []));
    }
    return out;
  }
}

/** The column sets a table keeps unique: PK, UNIQUE constraints, unique indexes (partial ones too with `partial`; expression keys left out). */
export function uniqueKeysOf(model: SchemaModel, tableId: string, partial = false): string[][] {
  const keys = model.constraints.filter((c) => c.table === tableId && (c.type === 'primary key' || c.type === 'unique')).map((c) => c.columns);
  for (const i of model.indexes) {
    if (i.table !== tableId || !i.unique || (i.predicate && !partial)) continue;
    keys.push(i.keys.flatMap((k) => (k.column === null ? [] : [k.column])));
  }
  return keys;
}

export function primaryKeyOf(model: SchemaModel, tableId: string): string[] {
  return model.constraints.find((c) => c.table === tableId && c.type === 'primary key')?.columns ?? [];
}

/** The FK a tenancy path steps through from one table to the next: a NOT NULL one when there is one. */
export function pathForeignKey(model: SchemaModel, from: string, to: string): ForeignKey {
  const table = model.tables.find((t) => t.id === from)!;
  const fks = model.foreignKeys.filter((f) => f.table === from && f.refTable === to);
  return fks.find((f) => f.columns.every((c) => !table.columns.find((x) => x.name === c)?.nullable)) ?? fks[0]!;
}

/** A row's identity for comparing reads: its primary key's values, else the whole row. */
export function rowKey(model: SchemaModel, tableId: string, row: Record<string, unknown>): string {
  const pk = primaryKeyOf(model, tableId);
  return JSON.stringify(pk.length ? pk.map((c) => row[c]) : row);
}

/** A WHERE condition that matches exactly these rows (by primary key, else every column); `false` for none. */
export function whereRows(model: SchemaModel, tableId: string, rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return 'false';
  const pk = primaryKeyOf(model, tableId);
  const one = (r: Record<string, unknown>) =>
    (pk.length ? pk : Object.keys(r))
      .map((c) => `${ident(c)}::text IS NOT DISTINCT FROM ${r[c] === null || r[c] === undefined ? 'NULL' : sqlText(textOf(r[c]))}`)
      .join(' AND ');
  return rows.map((r) => `(${one(r)})`).join(' OR ');
}

/** A JSON value from `to_jsonb` as the text Postgres would read back. */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function sqlText(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

export function insertSql(table: Table, values: RowValues, returning = true): string {
  const target = qualified(table.schema, table.name);
  const cols = [...values.keys()];
  const body = cols.length ? `(${identList(cols)}) VALUES (${cols.map((c) => values.get(c)).join(', ')})` : 'DEFAULT VALUES';
  const insert = `INSERT INTO ${target} AS ${ident('_new')} ${body}`;
  return returning ? `${insert} RETURNING to_jsonb(${ident('_new')}.*) AS row` : insert;
}
