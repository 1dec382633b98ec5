/**
 * The verdict on each claim: `true` or `false` against the model and its analysis, with the evidence (model ids and
 * what the schema has), or `unverifiable` with the reason. Pure: no database, no files. An unverifiable claim is
 * never counted as true, and a claim whose names do not resolve is false (the schema has no such thing), except
 * where the document itself marked the thing absent (❌).
 *
 * Where the schema knows the right value of a false claim (the type, the ON DELETE rule, the value list, the count),
 * the result carries a `correction` for `--fix`.
 *
 * The expression parser must be loaded (`analyze()` does it).
 */
import { analyzeStateMachines } from '../analyze/state-machines.js';
import { buildLookup, byCodePoint, type Lookup } from '../analyze/lookup.js';
import { normaliseColumn } from '../analyze/naming.js';
import { AnalysisConfigError, type Analysis, type UnappliedTable } from '../analyze/types.js';
import type { Column, ForeignKey, Index, SchemaModel, Table } from '../model/types.js';
import { parseType, sameExpression, sameType } from './compare.js';
import { columnNamed, indexNamed, resolveFunctions, resolveTable, resolveView, triggersNamed } from './resolve.js';
import { splitTopLevel } from './sql.js';
import { DELETE_RULE_SQL, type CheckedClaim, type Claim, type ClaimBody, type Correction, type Verdict } from './types.js';

export interface CheckContext {
  model: SchemaModel;
  analysis: Analysis;
  /** Tables that files in the source define but that were not applied (a skipped migration), for the evidence. */
  unapplied?: UnappliedTable[];
}

interface Result {
  verdict: Verdict;
  evidence: string;
  correction?: Correction;
}

const yes = (evidence: string): Result => ({ verdict: 'true', evidence });
const no = (evidence: string, correction?: Correction): Result => ({ verdict: 'false', evidence, ...(correction ? { correction } : {}) });
const undecided = (evidence: string): Result => ({ verdict: 'unverifiable', evidence });


const cols = (xs: string[]) => `(${xs.join(', ')})`;

/** Everything one run needs, computed once. */
class Checker {
  readonly lookup: Lookup;
  readonly brokenFks: Set<string>;
  private readonly closed = new Map<string, { values: string[]; from: string } | null>();

  constructor(readonly ctx: CheckContext) {
    this.lookup = buildLookup(ctx.model);
    this.brokenFks = new Set(ctx.analysis.cycles.map((c) => c.brokenAt));
  }

  get model() {
    return this.ctx.model;
  }

  get analysis() {
    return this.ctx.analysis;
  }

  check(body: ClaimBody): Result {
    switch (body.kind) {
      case 'table':
        return this.table(body);
      case 'column':
        return this.column(body);
      case 'primary-key':
        return this.primaryKey(body);
      case 'unique':
        return this.unique(body);
      case 'index':
        return this.index(body);
      case 'foreign-key':
        return this.foreignKey(body);
      case 'delete-rule':
        return this.deleteRule(body);
      case 'cardinality':
        return this.cardinality(body);
      case 'level':
        return this.level(body);
      case 'rls':
        return this.rls(body);
      case 'rls-all':
        return this.rlsAll(body);
      case 'policy':
        return this.policy(body);
      case 'trigger':
        return this.trigger(body);
      case 'function':
        return this.func(body);
      case 'view':
        return this.view(body);
      case 'values':
        return this.values(body);
      case 'count':
        return this.count(body);
      case 'all-fks-indexed':
        return this.allFksIndexed();
      case 'column-types':
        return this.columnTypes(body);
      case 'migration':
        return this.migration(body);
      case 'partitioned':
        return this.partitioned(body);
      case 'tenant-inherited':
        return this.tenantInherited(body);
      case 'look-alike':
        return this.lookAlike(body);
      case 'orphan':
        return this.orphan(body);
      case 'unverifiable':
        return undecided(body.reason);
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Names

  /** The table, or the evidence that there is none. */
  private tableOf(name: string): { table: Table; note: string } | { missing: string } {
    const found = resolveTable(this.model, name);
    if (found) return { table: found.object, note: found.note ? ` (${found.note})` : '' };
    return { missing: this.noTable(name) };
  }

  private noTable(name: string): string {
    const view = resolveView(this.model, name);
    if (view) return `${view.object.id} is a view, not a table`;
    const bare = name.replace(/^public\./, '');
    const unapplied = (this.ctx.unapplied ?? []).find((u) => u.id === name || u.id === `public.${bare}`);
    const hint = unapplied ? `; ${unapplied.id} is defined in ${unapplied.file}, which is not applied (${unapplied.reason})` : '';
    return `no table ${name} in the schema${hint}`;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Tables and columns

  private table(body: Extract<ClaimBody, { kind: 'table' }>): Result {
    const found = resolveTable(this.model, body.table);
    if (found) {
      const t = found.object;
      const what = t.kind === 'partitioned' ? 'partitioned table' : t.origin === 'platform' ? 'table of the platform' : 'table';
      const note = found.note ? ` (${found.note})` : '';
      return body.exists ? yes(`${t.id} exists (${what})${note}`) : no(`${t.id} exists (${what})${note}`);
    }
    const view = resolveView(this.model, body.table);
    if (view) return body.exists ? yes(`${view.object.id} exists (a view)`) : no(`${view.object.id} exists (a view)`);
    const missing = this.noTable(body.table);
    return body.exists ? no(missing) : yes(missing);
  }

  private column(body: Extract<ClaimBody, { kind: 'column' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const c = columnNamed(t.table, body.column);
    if (!c) {
      if (!body.exists) return yes(`${t.table.id} has no column ${body.column}${t.note}`);
      const similar = t.table.columns.find((x) => normaliseColumn(x.name) === normaliseColumn(body.column));
      const unapplied = (this.ctx.unapplied ?? []).find((u) => u.id === t.table.id && u.columns.includes(body.column));
      let evidence = `${t.table.id} has no column ${body.column}${t.note}`;
      if (similar) evidence += `; it has ${similar.name}`;
      if (unapplied) evidence += `; the ${unapplied.id} defined in ${unapplied.file} has it, but that file is not applied (${unapplied.reason})`;
      return no(evidence);
    }
    if (!body.exists) return no(`${c.id} exists (${c.type})`);
    const wrong: string[] = [];
    let correction: Correction | undefined;
    if (body.type !== undefined) {
      const same = sameType(body.type, c.type);
      if (same === false) {
        wrong.push(`is ${c.type}, not ${body.type}`);
        correction = { span: 'type', text: body.type === body.type.toUpperCase() ? c.type.toUpperCase() : c.type };
      }
      if (same === null) wrong.push(`has type ${c.type}; the documented type ${body.type} is not a PostgreSQL type`);
    }
    if (body.notNull === true && c.nullable) wrong.push('is nullable, not NOT NULL');
    if (body.notNull === false && !c.nullable) wrong.push('is NOT NULL, not nullable');
    if (body.unique && !this.uniqueKeys(t.table.id).some((k) => k.length === 1 && k[0] === c.name)) wrong.push('is not UNIQUE on its own');
    if (body.default !== undefined) {
      if (c.default === null) wrong.push(`has no default, not DEFAULT ${body.default}`);
      else if (sameExpression(body.default, c.default) === false) wrong.push(`has DEFAULT ${c.default}, not ${body.default}`);
    }
    const pk = this.model.constraints.find((x) => x.table === t.table.id && x.type === 'primary key');
    const key = pk && pk.columns.length === 1 && pk.columns[0] === c.name ? 'PRIMARY KEY' : this.uniqueKeys(t.table.id).some((k) => k.length === 1 && k[0] === c.name) ? 'UNIQUE' : null;
    const facts = [c.type, c.nullable ? 'nullable' : 'NOT NULL', key, c.default !== null ? `DEFAULT ${c.default}` : null]
      .filter(Boolean)
      .join(', ');
    if (wrong.length) return no(`${c.id} ${wrong.join('; ')}`, wrong.length === 1 ? correction : undefined);
    return yes(`${c.id} exists: ${facts}${t.note}`);
  }

  /** Column sets that are unique on a table: PK, UNIQUE constraints, valid non-partial unique indexes on columns. */
  private uniqueKeys(tableId: string): string[][] {
    const keys: string[][] = [];
    for (const c of this.model.constraints) if (c.table === tableId && (c.type === 'primary key' || c.type === 'unique')) keys.push(c.columns);
    for (const i of this.model.indexes) {
      if (i.table === tableId && i.unique && i.valid && i.predicate === null && i.keys.every((k) => k.column !== null)) {
        keys.push(i.keys.map((k) => k.column!));
      }
    }
    return keys;
  }

  private primaryKey(body: Extract<ClaimBody, { kind: 'primary-key' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const pk = this.model.constraints.find((c) => c.table === t.table.id && c.type === 'primary key');
    if (!pk) return no(`${t.table.id} has no primary key`);
    if (!sameColumns(pk.columns, body.columns)) return no(`${pk.id} is PRIMARY KEY ${cols(pk.columns)}, not ${cols(body.columns)}`);
    if (body.type && pk.columns.length === 1) {
      const c = t.table.columns.find((x) => x.name === pk.columns[0])!;
      const same = sameType(body.type, c.type);
      if (same === false) {
        return no(`${pk.id} is PRIMARY KEY ${cols(pk.columns)}, but ${c.id} is ${c.type}, not ${body.type}`, {
          span: 'type',
          text: body.type === body.type.toUpperCase() ? c.type.toUpperCase() : c.type,
        });
      }
    }
    return yes(`${pk.id}: ${pk.definition}`);
  }

  private unique(body: Extract<ClaimBody, { kind: 'unique' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const keys = this.uniqueKeys(t.table.id);
    const exact = keys.find((k) => sameSet(k, body.columns));
    if (exact) {
      const by = this.model.constraints.find((c) => c.table === t.table.id && (c.type === 'unique' || c.type === 'primary key') && sameSet(c.columns, body.columns));
      const index = this.model.indexes.find((i) => i.table === t.table.id && i.unique && sameSet(i.keys.map((k) => k.column ?? ''), body.columns));
      return yes(`${t.table.id} ${cols(body.columns)} is unique: ${by ? `${by.id} ${by.definition}` : `index ${index?.id ?? '?'}`}`);
    }
    const narrower = keys.find((k) => k.every((c) => body.columns.includes(c)));
    if (narrower) return yes(`${t.table.id} ${cols(body.columns)} is unique because ${cols(narrower)} is`);
    const known = keys.map(cols).join(', ') || 'none';
    return no(`${t.table.id} has no unique key on ${cols(body.columns)}; its unique keys: ${known}`);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Indexes

  private index(body: Extract<ClaimBody, { kind: 'index' }>): Result {
    let table: Table | null = null;
    let note = '';
    if (body.table) {
      const t = this.tableOf(body.table);
      if ('missing' in t) return body.exists ? no(t.missing) : yes(t.missing);
      table = t.table;
      note = t.note;
    }
    if (body.name) {
      const found = indexNamed(this.model, body.name);
      if (!found) {
        if (!body.exists) return yes(`no index named ${body.name}`);
        let evidence = `no index named ${body.name}${table ? ` on ${table.id}` : ''}`;
        if (table && body.columns) {
          const same = this.indexesOn(table.id).filter((i) => keysMatch(i, body.columns!, true));
          if (same.length) evidence += `; ${table.id} ${cols(body.columns)} is indexed by ${same.map((i) => i.id).join(', ')}`;
          else evidence += `; no index of ${table.id} has the keys ${cols(body.columns)}`;
        } else {
          const near = this.model.indexes.filter((i) => i.name.includes(body.name!) || body.name!.includes(i.name)).map((i) => i.id);
          if (near.length) evidence += `; similar names: ${near.slice(0, 3).join(', ')}`;
        }
        return no(evidence);
      }
      if (!body.exists) return no(`${found.id} exists: ${found.definition}`);
      const wrong: string[] = [];
      let correction: Correction | undefined;
      if (table && found.table !== table.id) wrong.push(`is on ${found.table}, not ${table.id}`);
      if (body.columns && !keysMatch(found, body.columns, false)) {
        wrong.push(`has the keys ${keyText(found)}, not ${cols(body.columns)}`);
        correction = { span: 'columns', text: keyText(found).slice(1, -1) };
      }
      if (body.unique === true && !found.unique) wrong.push('is not unique');
      if (body.unique === false && found.unique && !found.primary) wrong.push('is unique');
      if (body.predicate !== undefined) {
        if (body.predicate === null && found.predicate !== null) wrong.push(`is partial (WHERE ${found.predicate})`);
        if (body.predicate !== null && found.predicate === null) wrong.push(`is not partial, not WHERE ${body.predicate}`);
        if (body.predicate !== null && found.predicate !== null && sameExpression(body.predicate, found.predicate) === false) {
          wrong.push(`is WHERE ${found.predicate}, not WHERE ${body.predicate}`);
        }
      }
      if (wrong.length) return no(`${found.id} ${wrong.join('; ')}`, wrong.length === 1 ? correction : undefined);
      return yes(`${found.id}: ${found.definition}${this.duplicateNote(found)}${note}`);
    }
    if (!table || !body.columns) return undecided('an index named by neither name nor table and columns');
    const serving = this.indexesOn(table.id).filter((i) => keysMatch(i, body.columns!, true));
    if (serving.length) {
      const list = serving.map((i) => `${i.id} ${keyText(i)}`).join(', ');
      return body.exists ? yes(`${table.id} ${cols(body.columns)} is indexed: ${list}${note}`) : no(`${table.id} ${cols(body.columns)} is indexed: ${list}`);
    }
    const inside = this.indexesOn(table.id).filter((i) => i.keys.some((k) => k.column !== null && body.columns!.includes(k.column)));
    const further = inside.length ? ` (${inside.map((i) => `${i.id} ${keyText(i)}`).join(', ')} only has it further in)` : '';
    const evidence = `no index of ${table.id} starts with ${cols(body.columns)}${further}`;
    return body.exists ? no(evidence) : yes(evidence);
  }

  /** ` (same keys as …)` when another index of the table has the same keys and predicate. */
  private duplicateNote(i: Index): string {
    const same = this.indexesOn(i.table).filter((o) => o.id !== i.id && keyText(o) === keyText(i) && o.predicate === i.predicate && o.method === i.method);
    return same.length ? ` (same keys as ${same.map((o) => o.id).join(', ')}: a duplicate)` : '';
  }

  private indexesOn(tableId: string): Index[] {
    return this.model.indexes.filter((i) => i.table === tableId && i.valid);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Foreign keys, delete rules, cardinalities, levels

  private foreignKey(body: Extract<ClaimBody, { kind: 'foreign-key' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    let ref: Table | null = null;
    if (body.refTable) {
      const r = this.tableOf(body.refTable);
      if ('missing' in r) return no(r.missing);
      ref = r.table;
    }
    const all = this.model.foreignKeys.filter((f) => f.table === t.table.id);
    const byColumns = body.columns ? all.filter((f) => sameColumns(f.columns, body.columns!)) : all;
    const matches = ref ? byColumns.filter((f) => f.refTable === ref!.id) : byColumns;
    if (matches.length === 0) {
      if (body.columns && ref) {
        if (byColumns.length) return no(`${t.table.id} ${cols(body.columns)} references ${byColumns.map((f) => f.refTable).join(', ')}, not ${ref.id}`);
        const other = all.filter((f) => f.refTable === ref!.id);
        if (other.length) return no(`${t.table.id} references ${ref.id} through ${other.map((f) => cols(f.columns)).join(', ')}, not ${cols(body.columns)}`);
        return no(`${t.table.id} has no FK ${cols(body.columns)} → ${ref.id}${this.fkList(all)}`);
      }
      if (ref) return no(`no FK from ${t.table.id} to ${ref.id}${this.fkList(all)}`);
      return no(`${t.table.id} has no FK on ${cols(body.columns ?? [])}${this.fkList(all)}`);
    }
    const f = matches.find((m) => !body.onDelete || m.onDelete === body.onDelete) ?? matches[0]!;
    if (body.refColumns && !sameColumns(f.refColumns, body.refColumns)) {
      return no(`${f.id} references ${f.refTable}${cols(f.refColumns)}, not ${cols(body.refColumns)}`);
    }
    if (body.onDelete && f.onDelete !== body.onDelete) {
      return no(`${f.id} is ON DELETE ${DELETE_RULE_SQL[f.onDelete]}, not ${DELETE_RULE_SQL[body.onDelete]}`, {
        span: 'onDelete',
        text: `ON DELETE ${DELETE_RULE_SQL[f.onDelete]}`,
      });
    }
    return yes(`${f.id}: ${f.definition}${t.note}`);
  }

  private fkList(fks: ForeignKey[]): string {
    if (fks.length === 0) return '; it has no FKs';
    return `; its FKs: ${fks.map((f) => `${cols(f.columns)} → ${f.refTable}`).join(', ')}`;
  }

  private deleteRule(body: Extract<ClaimBody, { kind: 'delete-rule' }>): Result {
    const a = this.tableOf(body.tables[0]);
    if ('missing' in a) return no(a.missing);
    let fks: ForeignKey[];
    let between: string;
    if (body.tables[1] === null) {
      // "from both sides" of a junction: its two FKs to the tables it joins (not, say, an `assigned_by` FK).
      const junction = new Set(this.analysis.relationships.filter((r) => r.via === a.table.id).flatMap((r) => r.foreignKeys));
      fks = this.model.foreignKeys.filter((f) => f.table === a.table.id && (junction.size === 0 || junction.has(f.id)));
      between = `${a.table.id} has no FKs`;
    } else {
      const b = this.tableOf(body.tables[1]);
      if ('missing' in b) return no(b.missing);
      const [x, y] = [a.table.id, b.table.id];
      fks = this.model.foreignKeys.filter((f) => (f.table === x && f.refTable === y) || (f.table === y && f.refTable === x));
      between = `no FK between ${x} and ${y}`;
    }
    if (fks.length === 0) return no(between);
    const text = fks.map((f) => `${f.table} ${cols(f.columns)} → ${f.refTable} ON DELETE ${DELETE_RULE_SQL[f.onDelete]}`).join('; ');
    const ok = body.rule === 'not cascade' ? fks.every((f) => f.onDelete !== 'cascade') : fks.every((f) => f.onDelete === body.rule);
    return ok ? yes(text) : no(text);
  }

  private cardinality(body: Extract<ClaimBody, { kind: 'cardinality' }>): Result {
    const p = this.tableOf(body.parent);
    if ('missing' in p) return no(p.missing);
    const c = this.tableOf(body.child);
    if ('missing' in c) return no(c.missing);
    const [parent, child] = [p.table.id, c.table.id];
    const note = p.note === c.note ? p.note : `${p.note}${c.note}`.replace(/\) \(/, '; ');
    const rels = this.analysis.relationships;
    const describeRel = (r: (typeof rels)[number]) => `${r.from} ${cols(r.columns)} → ${r.to} is ${r.cardinality}`;
    if (body.cardinality === 'many-to-many') {
      const found = rels.filter((r) => r.cardinality === 'many-to-many' && sameSet([r.from, r.to], [parent, child]));
      if (body.via) {
        const via = this.tableOf(body.via);
        if ('missing' in via) return no(via.missing);
        const through = found.find((r) => r.via === via.table.id);
        if (through) return yes(`${through.from} and ${through.to} are many-to-many through ${through.via}${note}`);
        return no(`${via.table.id} is not a junction of ${parent} and ${child}${found.length ? `; they are joined through ${found.map((r) => r.via).join(', ')}` : ''}`);
      }
      return found.length ? yes(`${parent} and ${child} are many-to-many through ${found.map((r) => r.via).join(', ')}${note}`) : no(`no junction table joins ${parent} and ${child}`);
    }
    const direct = rels.filter((r) => r.foreignKey !== null && r.guardOf === null);
    if (body.cardinality === 'self-referential' || parent === child) {
      const self = direct.filter((r) => r.from === parent && r.to === parent);
      return self.length ? yes(`${self.map(describeRel).join('; ')}${note}`) : no(`${parent} has no FK to itself`);
    }
    const down = direct.filter((r) => r.from === child && r.to === parent);
    const up = direct.filter((r) => r.from === parent && r.to === child);
    if (body.cardinality === 'one-to-one') {
      const one = [...down, ...up].filter((r) => r.cardinality === 'one-to-one');
      if (one.length) return yes(`${one.map(describeRel).join('; ')}${note}`);
      const either = [...down, ...up];
      if (either.length) return no(`${either.map(describeRel).join('; ')}: ${either.map((r) => cols(r.columns)).join(', ')} is not unique`);
      return no(`no FK between ${parent} and ${child}`);
    }
    const many = down.filter((r) => r.cardinality === 'one-to-many');
    if (many.length) return yes(`${many.map(describeRel).join('; ')}${note}`);
    if (down.length) return no(`${down.map(describeRel).join('; ')}: ${down.map((r) => cols(r.columns)).join(', ')} is unique, so each ${parent} row has at most one`);
    if (up.length) return no(`the FK goes the other way: ${up.map(describeRel).join('; ')}`);
    return no(`no FK between ${parent} and ${child}`);
  }

  private level(body: Extract<ClaimBody, { kind: 'level' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const id = t.table.id;
    const level = this.analysis.levels[id];
    if (level === undefined) return undecided(`${id} is not an analysed table (it has no dependency level)`);
    const out = (this.lookup.outgoing.get(id) ?? []).filter((f) => f.refTable !== id && !this.brokenFks.has(f.id));
    const not = level === body.level ? '' : `, not ${body.level}`;
    let evidence: string;
    if (out.length === 0) {
      evidence = `${id} references no other table, so it is level 0${not}`;
    } else {
      const top = [...out].sort((a, b) => (this.analysis.levels[b.refTable] ?? 0) - (this.analysis.levels[a.refTable] ?? 0) || byCodePoint(a.refTable, b.refTable))[0]!;
      const refLevel = this.analysis.levels[top.refTable] ?? 0;
      evidence = `${id} references ${top.refTable} (level ${refLevel}), so it is level ${level}${not}`;
    }
    const broken = (this.lookup.outgoing.get(id) ?? []).find((f) => this.brokenFks.has(f.id));
    if (broken) evidence += ` (the FK cycle through ${broken.refTable} is broken at ${broken.id})`;
    return level === body.level ? yes(evidence) : no(evidence);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Row-level security, policies, triggers, functions, views

  private rls(body: Extract<ClaimBody, { kind: 'rls' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const { enabled, forced } = t.table.rls;
    const policies = this.model.policies.filter((p) => p.table === t.table.id).length;
    const how = enabled ? `enabled${forced ? ' and forced' : ' (not forced)'}` : 'disabled';
    const state = `${t.table.id} has row-level security ${how}, ${policies} ${policies === 1 ? 'policy' : 'policies'}${t.note}`;
    if (body.enabled !== enabled) return no(state);
    if (body.forced === true && !forced) return no(state);
    return yes(state);
  }

  private rlsAll(body: Extract<ClaimBody, { kind: 'rls-all' }>): Result {
    let tables: string[];
    let what: string;
    if (body.scope === 'tenant') {
      const tenancy = this.analysis.tenancy;
      if (!tenancy) return undecided('no tenant was configured or inferred, so no table is tenant-scoped');
      tables = tenancy.scoped;
      what = `tenant-scoped (${tenancy.column}) tables`;
    } else {
      tables = this.analysis.tables;
      what = 'tables';
    }
    const byId = new Map(this.model.tables.map((t) => [t.id, t]));
    const off = tables.filter((id) => !byId.get(id)?.rls.enabled);
    if (off.length === 0) return yes(`row-level security is enabled on all ${tables.length} ${what}`);
    return no(`row-level security is off on ${off.length} of ${tables.length} ${what}: ${listSome(off)}`);
  }

  private policy(body: Extract<ClaimBody, { kind: 'policy' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const onTable = this.model.policies.filter((p) => p.table === t.table.id);
    const p = onTable.find((x) => x.name === body.name) ?? onTable.find((x) => x.name.toLowerCase() === body.name.toLowerCase());
    if (!p) {
      const elsewhere = this.model.policies.find((x) => x.name === body.name);
      const hint = elsewhere ? `; ${elsewhere.id} is on ${elsewhere.table}` : `; its policies: ${onTable.map((x) => x.name).join(', ') || 'none'}`;
      return no(`${t.table.id} has no policy ${body.name}${hint}`);
    }
    const wrong: string[] = [];
    if (body.command && body.command !== p.command) wrong.push(`is FOR ${p.command.toUpperCase()}, not ${body.command.toUpperCase()}`);
    if (body.roles && !sameSet(body.roles, p.roles)) wrong.push(`applies to ${p.roles.join(', ')}, not ${body.roles.join(', ')}`);
    if (body.using !== undefined) {
      if (p.using === null) wrong.push('has no USING expression');
      else if (sameExpression(body.using, p.using) === false) wrong.push(`is USING ${p.using}, not (${body.using})`);
    }
    if (body.withCheck !== undefined) {
      if (p.withCheck === null) wrong.push('has no WITH CHECK expression');
      else if (sameExpression(body.withCheck, p.withCheck) === false) wrong.push(`is WITH CHECK ${p.withCheck}, not (${body.withCheck})`);
    }
    if (wrong.length) return no(`${p.id} ${wrong.join('; ')}`);
    const rls = t.table.rls.enabled ? '' : ' (but row-level security is off on the table, so it has no effect)';
    return yes(`${p.id}: FOR ${p.command.toUpperCase()} TO ${p.roles.join(', ')}${p.using ? ` USING ${p.using}` : ''}${rls}`);
  }

  private trigger(body: Extract<ClaimBody, { kind: 'trigger' }>): Result {
    let triggers = triggersNamed(this.model, body.name);
    let note = '';
    if (body.table) {
      const t = this.tableOf(body.table);
      if ('missing' in t) return body.exists ? no(t.missing) : yes(t.missing);
      note = t.note;
      const onTable = triggers.filter((x) => x.table === t.table.id);
      if (onTable.length === 0 && triggers.length) {
        if (!body.exists) return yes(`no trigger ${body.name} on ${t.table.id}`);
        return no(`${triggers.map((x) => x.id).join(', ')} is on ${triggers.map((x) => x.table).join(', ')}, not ${t.table.id}`);
      }
      triggers = onTable;
    }
    if (triggers.length === 0) return body.exists ? no(`no trigger named ${body.name}${body.table ? ` on ${body.table}` : ''}`) : yes(`no trigger named ${body.name}`);
    const tr = triggers[0]!;
    if (!body.exists) return no(`${tr.id} exists`);
    const wrong: string[] = [];
    if (body.timing && body.timing !== tr.timing) wrong.push(`fires ${tr.timing.toUpperCase()}, not ${body.timing.toUpperCase()}`);
    if (body.events && !sameSet(body.events, tr.events)) wrong.push(`fires on ${tr.events.join(' OR ').toUpperCase()}, not ${body.events.join(' OR ').toUpperCase()}`);
    if (body.level && body.level !== tr.level) wrong.push(`is FOR EACH ${tr.level.toUpperCase()}, not ${body.level.toUpperCase()}`);
    const fn = tr.function.replace(/\(.*\)$/, '');
    if (body.function && fn !== body.function && fn.replace(/^public\./, '') !== body.function.replace(/^public\./, '')) wrong.push(`runs ${tr.function}, not ${body.function}()`);
    if (wrong.length) return no(`${tr.id} ${wrong.join('; ')}`);
    return yes(`${tr.id}: ${tr.definition}${note}`);
  }

  private func(body: Extract<ClaimBody, { kind: 'function' }>): Result {
    const found = resolveFunctions(this.model, body.name);
    if (found.length === 0) return body.exists ? no(`no function ${body.name} in the schema`) : yes(`no function ${body.name}`);
    if (!body.exists) return no(`${found.map((f) => f.id).join(', ')} exists`);
    if (!body.args) return yes(`${found.map((f) => f.id).join(', ')} exists`);
    const claimed = body.args;
    const match = found.find((f) => {
      const actual = identityArgs(f.identityArgs);
      return actual.length === claimed.length && claimed.every((a, i) => argMatches(a, actual[i]!));
    });
    if (match) return yes(`${match.id} exists`);
    const written = claimed.map((a) => [a.name, a.type].filter(Boolean).join(' ')).join(', ');
    return no(`${found.map((f) => f.id).join(', ')} ${found.length === 1 ? 'takes' : 'take'} other arguments than (${written})`);
  }

  private view(body: Extract<ClaimBody, { kind: 'view' }>): Result {
    const found = resolveView(this.model, body.name);
    if (!found) return no(`no view ${body.name} in the schema`);
    const v = found.object;
    if (body.reads) {
      const claimed: string[] = [];
      for (const r of body.reads) {
        const t = resolveTable(this.model, r) ?? resolveView(this.model, r);
        if (!t) return no(`${v.id} exists, but it cannot read ${r}: ${this.noTable(r)}`);
        claimed.push(t.object.id);
      }
      if (!sameSet(claimed, v.dependsOn)) return no(`${v.id} reads ${v.dependsOn.join(', ')}, not ${[...new Set(claimed)].sort().join(', ')}`);
      return yes(`${v.id} reads ${v.dependsOn.join(', ')}`);
    }
    return yes(`${v.id} exists`);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Values, counts, schema-wide rules

  /** The closed value set of a column (enum labels, CHECK list), as the state-machine analysis reads it. */
  private closedValues(table: Table, column: Column): { values: string[]; from: string } | null {
    const hit = this.closed.get(column.id);
    if (hit !== undefined) return hit;
    let result: { values: string[]; from: string } | null = null;
    if (this.lookup.tables.has(table.id)) {
      try {
        const machine = analyzeStateMachines(this.lookup, { stateMachines: { [column.id]: {} } }).find((m) => m.column === column.id);
        if (machine) result = { values: machine.states, from: `${machine.valuesFrom.kind === 'enum' ? 'enum' : 'CHECK'} ${machine.valuesFrom.id}` };
      } catch (error) {
        if (!(error instanceof AnalysisConfigError)) throw error;
      }
    }
    this.closed.set(column.id, result);
    return result;
  }

  private values(body: Extract<ClaimBody, { kind: 'values' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    if (body.column) {
      const c = columnNamed(t.table, body.column);
      if (!c) return no(`${t.table.id} has no column ${body.column}`);
      const closed = this.closedValues(t.table, c);
      if (!closed) return undecided(`${c.id} (${c.type}) has no closed set of values: no enum type or CHECK lists them, so the schema does not say which values it takes`);
      return this.compareValues(c.id, closed, body);
    }
    const sets = t.table.columns
      .map((c) => ({ column: c, closed: this.closedValues(t.table, c) }))
      .filter((x): x is { column: Column; closed: { values: string[]; from: string } } => x.closed !== null);
    const fits = sets.filter((s) => (body.values ? sameSet(s.closed.values, body.values) : true) && (body.count === null || s.closed.values.length === body.count));
    if (fits.length) return yes(fits.map((s) => `${s.column.id} takes ${s.closed.values.join(', ')} (${s.closed.from})`).join('; '));
    const known = sets.map((s) => `${s.column.name}: ${s.closed.values.join(', ')}`).join('; ');
    const wanted = body.values ? body.values.join(', ') : `${body.count} values`;
    const closedSets = known ? `; its closed sets: ${known}` : '; none of its columns has a closed set of values';
    return no(`no column of ${t.table.id} takes exactly ${wanted}${closedSets}`);
  }

  private compareValues(columnId: string, closed: { values: string[]; from: string }, body: Extract<ClaimBody, { kind: 'values' }>): Result {
    const wrong: string[] = [];
    let correction: Correction | undefined;
    if (body.values && !sameSet(body.values, closed.values)) {
      const missing = closed.values.filter((v) => !body.values!.includes(v));
      const extra = body.values.filter((v) => !closed.values.includes(v));
      const left = missing.length ? `; the document leaves out ${missing.join(', ')}` : '';
      const notAllowed = extra.length ? `; ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not allowed` : '';
      wrong.push(`takes ${closed.values.join(', ')}${left}${notAllowed}`);
      correction = { span: 'values', text: closed.values.join('/') };
    }
    if (body.count !== null && body.count !== closed.values.length) {
      wrong.push(`has ${closed.values.length} values (${closed.values.join(', ')}), not ${body.count}`);
      correction = { span: 'count', text: String(closed.values.length) };
    }
    if (wrong.length) return no(`${columnId} ${wrong.join('; ')} (${closed.from})`, wrong.length === 1 ? correction : undefined);
    return yes(`${columnId} takes ${closed.values.join(', ')} (${closed.from})`);
  }

  private count(body: Extract<ClaimBody, { kind: 'count' }>): Result {
    const tables = new Set(this.analysis.tables);
    const user = <T extends { origin: string }>(xs: T[]) => xs.filter((x) => x.origin === 'user');
    let actual: number;
    let what = body.subject;
    let detail = '';
    switch (body.subject) {
      case 'tables':
        actual = this.analysis.tables.length;
        detail = ` (${listSome(this.analysis.tables, 12)})`;
        break;
      case 'foreign keys':
        actual = this.model.foreignKeys.filter((f) => tables.has(f.table)).length;
        break;
      case 'relationships': {
        actual = this.model.foreignKeys.filter((f) => tables.has(f.table)).length;
        const nm = this.analysis.relationships.filter((r) => r.cardinality === 'many-to-many').length;
        what = 'relationships';
        detail = ` (foreign keys${nm ? `; plus ${nm} many-to-many through junction tables` : ''})`;
        break;
      }
      case 'indexes':
        actual = this.model.indexes.filter((i) => tables.has(i.table)).length;
        break;
      case 'policies':
        actual = this.model.policies.filter((p) => tables.has(p.table)).length;
        break;
      case 'triggers': {
        // The user's triggers: on their tables, or running their functions on a platform table (auth.users).
        const userFunctions = new Set(user(this.model.functions).map((f) => f.id));
        actual = this.model.triggers.filter((t) => tables.has(t.table) || userFunctions.has(t.function)).length;
        break;
      }
      case 'functions':
        actual = user(this.model.functions).length;
        break;
      case 'views':
        actual = user(this.model.views).length;
        break;
      case 'enums':
        actual = user(this.model.enums).length;
        break;
      case 'migrations': {
        const src = this.model.source;
        if (src.kind !== 'migrations' || !src.files) return undecided(`the schema was read from ${src.kind === 'url' ? 'a live database' : `a ${src.kind}`}, not a migrations folder`);
        actual = src.files.length;
        const skipped = src.skipped?.length ?? 0;
        what = 'migrations';
        detail = ` applied from ${src.location}${skipped ? ` (${skipped} more ${skipped === 1 ? 'file is' : 'files are'} in the folder but not applied)` : ''}`;
        break;
      }
    }
    const ok = body.atLeast ? actual >= body.count : actual === body.count;
    const evidence = `${actual} ${what}${detail}${ok ? '' : `, not ${body.atLeast ? 'at least ' : ''}${body.count}`}`;
    return ok ? yes(evidence) : no(evidence, { span: 'count', text: String(actual) });
  }

  private allFksIndexed(): Result {
    const fkis = this.analysis.foreignKeyIndexes;
    const bare = fkis.filter((f) => f.index === null);
    if (bare.length === 0) return yes(`all ${fkis.length} foreign keys have an index that serves them`);
    return no(`${bare.length} of ${fkis.length} foreign keys have no index: ${listSome(bare.map((f) => `${f.table} ${cols(f.columns)}`))}`);
  }

  private columnTypes(body: Extract<ClaimBody, { kind: 'column-types' }>): Result {
    const columns: Column[] = [];
    const fkColumns = new Set(this.lookup.foreignKeys.flatMap((f) => f.columns.map((c) => `${f.table}.${c}`)));
    const enumIds = new Set(this.model.enums.map((e) => e.id));
    for (const id of this.analysis.tables) {
      const t = this.lookup.tables.get(id)!;
      const pk = new Set(this.lookup.primaryKey.get(id) ?? []);
      for (const c of t.columns) {
        if (body.subject === 'status' && /(^|_)status$|Status$/.test(c.name)) columns.push(c);
        if (body.subject === 'id' && (pk.has(c.name) || fkColumns.has(c.id)) && /(^|_)id$|Id$/.test(c.name)) columns.push(c);
        if (body.subject === 'timestamp' && /^timestamp/.test(c.type)) columns.push(c);
      }
    }
    const fits = (c: Column) =>
      body.type === 'enum' ? c.typeId !== null && enumIds.has(c.typeId) : body.type === 'uuid' ? c.type === 'uuid' : c.type === 'timestamp with time zone';
    const bad = columns.filter((c) => !fits(c));
    const label = body.subject === 'status' ? 'status columns' : body.subject === 'id' ? 'key and FK id columns' : 'timestamp columns';
    if (columns.length === 0) return undecided(`the schema has no ${label}`);
    if (bad.length === 0) return yes(`all ${columns.length} ${label} are ${body.type === 'enum' ? 'enums' : body.type}`);
    return no(`${bad.length} of ${columns.length} ${label} are not ${body.type === 'enum' ? 'enums' : body.type}: ${listSome(bad.map((c) => `${c.id} (${c.type})`))}`);
  }

  private migration(body: Extract<ClaimBody, { kind: 'migration' }>): Result {
    const src = this.model.source;
    if (src.kind !== 'migrations' || !src.files) return undecided('the schema was not read from a migrations folder');
    const named = (path: string) => path === body.file || path.endsWith(`/${body.file}`);
    const applied = src.files.find(named);
    if (applied) return yes(`${applied} is applied (${src.files.indexOf(applied) + 1} of ${src.files.length})`);
    const skipped = src.skipped?.find((s) => named(s.file));
    if (skipped) return no(`${skipped.file} is in the folder but not applied: ${skipped.reason}`);
    return no(`no migration file ${body.file} among the ${src.files.length} applied from ${src.location}`);
  }

  private partitioned(body: Extract<ClaimBody, { kind: 'partitioned' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    if (t.table.kind !== 'partitioned') return no(`${t.table.id} is not partitioned`);
    const parts = this.model.tables.filter((x) => x.partitionOf === t.table.id).length;
    return yes(`${t.table.id} is PARTITION BY ${t.table.partitionKey}, ${parts} partitions`);
  }

  private tenantInherited(body: Extract<ClaimBody, { kind: 'tenant-inherited' }>): Result {
    const tenancy = this.analysis.tenancy;
    if (!tenancy) return undecided('no tenant was configured or inferred');
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const id = t.table.id;
    const inherited = tenancy.inherited.find((i) => i.table === id);
    if (!inherited) {
      if (tenancy.scoped.includes(id)) return no(`${id} has the tenant column ${tenancy.column} itself`);
      if (tenancy.root === id) return no(`${id} is the tenant root`);
      return no(`${id} does not reach ${tenancy.root} through FKs`);
    }
    const path = inherited.path.join(' → ');
    if (body.via) {
      const via = resolveTable(this.model, body.via, true);
      if (!via || !inherited.path.includes(via.object.id)) return no(`${id} inherits its tenant through ${path}, not via ${body.via}`);
    }
    return yes(`${id} inherits its tenant through ${path}${inherited.nullable ? ' (through a nullable FK)' : ''}`);
  }

  private orphan(body: Extract<ClaimBody, { kind: 'orphan' }>): Result {
    const t = this.tableOf(body.table);
    if ('missing' in t) return no(t.missing);
    const fks = this.model.foreignKeys.filter((f) => f.table === t.table.id);
    const hint = body.column?.toLowerCase();
    let found = hint ? fks.filter((f) => f.columns.some((c) => c.toLowerCase() === hint)) : [];
    if (found.length === 0 && hint) found = fks.filter((f) => f.columns.some((c) => c.toLowerCase().startsWith(`${hint}_`)));
    if (found.length === 0 && body.ref) {
      const ref = resolveTable(this.model, body.ref, true);
      if (ref) found = fks.filter((f) => f.refTable === ref.object.id);
    }
    if (found.length !== 1) {
      return found.length === 0
        ? no(`no FK of ${t.table.id} matches ${[body.column, body.ref].filter(Boolean).join(' / ')}${this.fkList(fks)}`)
        : undecided(`${found.length} FKs of ${t.table.id} match: ${found.map((f) => cols(f.columns)).join(', ')}`);
    }
    const f = found[0]!;
    const nullable = f.columns.some((c) => t.table.columns.find((x) => x.name === c)?.nullable);
    const what = `${f.table} ${cols(f.columns)} → ${f.refTable} is ${nullable ? 'nullable' : 'NOT NULL'} and ON DELETE ${DELETE_RULE_SQL[f.onDelete]}`;
    if (body.nullable !== null && body.nullable !== nullable) return no(`${what}: the FK is ${nullable ? 'nullable' : 'NOT NULL'}`);
    const detaches = f.onDelete === 'set null' || f.onDelete === 'set default';
    const blocks = f.onDelete === 'no action' || f.onDelete === 'restrict';
    if (body.outcome === 'detached') {
      if (detaches) return yes(`${what}: deleting the ${f.refTable} row sets ${cols(f.columns)} to ${f.onDelete === 'set null' ? 'NULL' : 'its default'}`);
      if (blocks) return no(`${what}: deleting a ${f.refTable} row that ${f.table} rows reference fails, so they are never left without it`);
      return no(`${what}: deleting the ${f.refTable} row deletes the ${f.table} rows too`);
    }
    if (blocks) return yes(`${what}: the ${f.refTable} row cannot be deleted while ${f.table} rows reference it`);
    return no(`${what}: deleting the ${f.refTable} row ${detaches ? 'detaches' : 'deletes'} the ${f.table} rows instead of being refused`);
  }

  private lookAlike(body: Extract<ClaimBody, { kind: 'look-alike' }>): Result {
    const ids = body.tables.map((n) => (n.includes('.') ? n : `public.${n}`));
    const pair = this.analysis.duplicates.find((d) => sameSet(d.tables, ids));
    if (pair) return yes(pair.detail);
    return no(`${ids.join(' and ')} are not look-alikes (similar names or columns) in the schema`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map((s) => s.toLowerCase()));
  const y = new Set(b.map((s) => s.toLowerCase()));
  return x.size === y.size && [...x].every((s) => y.has(s));
}

function listSome(xs: string[], max = 8): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;
}

/** The index's keys as `(a, lower(b) DESC)`. */
function keyText(i: Index): string {
  return cols(i.keys.map((k) => `${k.column ?? k.expression}${k.descending ? ' DESC' : ''}`));
}

/** A documented key: a column or an expression, and its ordering when stated. */
function parseKey(text: string): { column: string | null; expression: string | null; descending: boolean | null } {
  const m = /^(.*?)(?:\s+(ASC|DESC))?(?:\s+NULLS\s+(?:FIRST|LAST))?$/i.exec(text.trim())!;
  const body = m[1]!.trim();
  const descending = m[2] ? m[2].toUpperCase() === 'DESC' : null;
  if (/^"?[A-Za-z_][A-Za-z0-9_$]*"?$/.test(body)) return { column: body.replace(/"/g, ''), expression: null, descending };
  return { column: null, expression: body, descending };
}

/** Do the index's keys match the documented ones (exactly, or as its leading keys)? */
function keysMatch(i: Index, documented: string[], leading: boolean): boolean {
  if (leading ? i.keys.length < documented.length : i.keys.length !== documented.length) return false;
  return documented.every((d, n) => {
    const key = i.keys[n]!;
    const k = parseKey(d);
    if (k.descending !== null && k.descending !== key.descending) return false;
    if (k.column !== null) return key.column !== null && key.column.toLowerCase() === k.column.toLowerCase();
    return key.expression !== null && sameExpression(k.expression!, key.expression) === true;
  });
}

/** `p_id uuid, VARIADIC xs text[]` → names and types. */
function identityArgs(text: string): { name: string | null; type: string }[] {
  if (text.trim() === '') return [];
  return splitTopLevel(text).map((a) => {
    const words = a.replace(/^(IN|OUT|INOUT|VARIADIC)\s+/i, '').split(/\s+/);
    if (words.length > 1 && parseType(words.slice(1).join(' '))) return { name: words[0]!, type: words.slice(1).join(' ') };
    return { name: null, type: words.join(' ') };
  });
}

function argMatches(claimed: { name?: string; type?: string }, actual: { name: string | null; type: string }): boolean {
  if (claimed.name && actual.name && claimed.name !== actual.name) return false;
  if (claimed.type && sameType(claimed.type, actual.type) === false) return false;
  return true;
}

/** Checks every claim (in the order given). */
export function checkClaims(claims: Claim[], ctx: CheckContext): CheckedClaim[] {
  const checker = new Checker(ctx);
  return claims.map((claim) => {
    const result = checker.check(claim.body);
    return { ...claim, verdict: result.verdict, evidence: result.evidence, ...(result.correction ? { correction: result.correction } : {}) };
  });
}
