/**
 * Changes to tables and what hangs off them: the table itself (RLS flags, kind, persistence, partitioning), its
 * columns, constraints and foreign keys, indexes and triggers. Parts of a table that only one side has are folded
 * into the table's own change (a new table is one line, not one per column). Pure.
 */
import type { Column, Constraint, FkAction, ForeignKey, Index, Table, Trigger } from '../model/types.js';
import { listText, mk, nameOf, pair, renames, type DiffContext } from './context.js';
import { typeChange } from './type-change.js';
import type { Change } from './types.js';

export function diffTables(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(ctx.from.tables.values(), ctx.to.tables.values());
  const signature = (t: Table) => t.columns.map((c) => `${c.name} ${c.type} ${c.nullable}`).join(', ');
  const renamed = renames(removed, added, signature);
  const renamedFrom = new Map([...renamed].map(([r, a]) => [a, r]));
  for (const t of removed) {
    const to = renamed.get(t.id);
    out.push(mk({
      kind: 'table', object: t.id, change: 'removed', breaking: true,
      reason: `table dropped: its rows are lost and queries that use it fail`,
      hint: to ? `possibly renamed to ${to}` : null,
    }));
  }
  for (const t of added) {
    const was = renamedFrom.get(t.id);
    out.push(mk({
      kind: 'table', object: t.id, change: 'added', breaking: was !== undefined,
      reason: was
        ? 'new table with the same columns as a dropped one: a rename done as a drop and an add loses the rows'
        : `new table (${t.columns.length} column${t.columns.length === 1 ? '' : 's'}${t.rls.enabled ? ', RLS enabled' : ''})`,
      hint: was ? `possibly renamed from ${was}` : null,
    }));
  }
  for (const [a, b] of both) out.push(...tableChanges(ctx, a, b), ...columnChanges(a, b));
  return out;
}

function tableChanges(ctx: DiffContext, a: Table, b: Table): Change[] {
  const out: Change[] = [];
  const base = { kind: 'table' as const, object: a.id, change: 'changed' as const };
  const tenant = ctx.from.isolation.has(a.id) ? ` on a tenant table (${ctx.from.tenantColumn})` : '';
  if (a.rls.enabled && !b.rls.enabled) {
    out.push(mk({
      ...base, aspect: 'rls-enabled', security: true, from: 'enabled', to: 'disabled',
      reason: `RLS disabled${tenant}: its policies no longer apply, every role with a grant sees every row`,
    }));
  } else if (!a.rls.enabled && b.rls.enabled) {
    const policies = ctx.to.model.policies.filter((p) => p.table === b.id && p.permissive).length;
    out.push(mk({
      ...base, aspect: 'rls-enabled', breaking: true, from: 'disabled', to: 'enabled',
      reason: policies
        ? 'RLS enabled: roles see only the rows a policy allows them'
        : 'RLS enabled without a permissive policy: only the owner and BYPASSRLS roles see rows',
    }));
  }
  if (a.rls.forced && !b.rls.forced) {
    out.push(mk({
      ...base, aspect: 'rls-forced', security: true, from: 'forced', to: 'not forced',
      reason: `RLS no longer forced${tenant}: the table owner bypasses the policies`,
    }));
  } else if (!a.rls.forced && b.rls.forced) {
    out.push(mk({
      ...base, aspect: 'rls-forced', breaking: true, from: 'not forced', to: 'forced',
      reason: "RLS forced: the owner's queries are filtered by the policies too",
    }));
  }
  if (a.kind !== b.kind) {
    out.push(mk({ ...base, aspect: 'kind', breaking: true, from: a.kind, to: b.kind, reason: `recreated as a ${b.kind} table: ${a.kind} → ${b.kind}` }));
  }
  if (a.unlogged !== b.unlogged) {
    out.push(b.unlogged
      ? mk({ ...base, aspect: 'unlogged', breaking: true, from: 'logged', to: 'unlogged', reason: 'now UNLOGGED: its rows are lost on a crash and are not replicated' })
      : mk({ ...base, aspect: 'unlogged', from: 'unlogged', to: 'logged', reason: 'now logged: its rows survive a crash' }));
  }
  const partitioning = (t: Table) => [t.partitionKey && `PARTITION BY ${t.partitionKey}`, t.partitionOf && `PARTITION OF ${t.partitionOf} ${t.partitionBound ?? ''}`.trim()].filter(Boolean).join(' ') || null;
  if (partitioning(a) !== partitioning(b)) {
    out.push(mk({ ...base, aspect: 'partitioning', breaking: true, from: partitioning(a), to: partitioning(b), reason: 'partitioning changed: rows move between partitions, or writes outside the new bounds fail' }));
  }
  if (a.inherits.join(',') !== b.inherits.join(',')) {
    out.push(mk({ ...base, aspect: 'inherits', breaking: true, from: a.inherits.join(', ') || null, to: b.inherits.join(', ') || null, reason: "inheritance changed: queries on the parents see a different set of rows" }));
  }
  out.push(...comment('table', a.id, null, a.comment, b.comment));
  return out;
}

/** A comment added, changed or removed: always safe. */
export function comment(kind: Change['kind'], object: string, table: string | null, a: string | null, b: string | null): Change[] {
  if (a === b) return [];
  const reason = a === null ? 'comment added' : b === null ? 'comment removed' : 'comment changed';
  return [mk({ kind, object, table, change: 'changed', aspect: 'comment', from: a, to: b, reason })];
}

/** A column as one line: `text NOT NULL DEFAULT 'x'::text`. */
export function columnSummary(c: Column): string {
  return [
    c.type,
    c.collation && `COLLATE ${c.collation}`,
    c.identity && `GENERATED ${c.identity.toUpperCase()} AS IDENTITY`,
    c.generated && `GENERATED ALWAYS AS (${c.generated}) STORED`,
    !c.nullable && 'NOT NULL',
    c.default !== null && `DEFAULT ${c.default}`,
  ].filter(Boolean).join(' ');
}

/** Inserts that leave the column out get a value: a default, an identity or a generated expression. */
const filledIn = (c: Column) => c.default !== null || c.identity !== null || c.generated !== null;

function columnChanges(a: Table, b: Table): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(a.columns, b.columns);
  const signature = (c: Column) => JSON.stringify([c.position, c.type, c.nullable, c.default, c.identity, c.generated, c.collation]);
  const renamed = renames(removed, added, signature);
  const renamedFrom = new Map([...renamed].map(([r, x]) => [x, r]));
  const base = { kind: 'column' as const, table: a.id };
  for (const c of removed) {
    const to = renamed.get(c.id);
    out.push(mk({
      ...base, object: c.id, change: 'removed', breaking: true, from: columnSummary(c),
      reason: 'column dropped: its values are lost and queries that name it fail',
      hint: to ? `possibly renamed to ${nameOf(to, a.id)}` : null,
    }));
  }
  for (const c of added) {
    const was = renamedFrom.get(c.id);
    const spec = { ...base, object: c.id, change: 'added' as const, to: columnSummary(c) };
    if (was) {
      out.push(mk({ ...spec, breaking: true, hint: `possibly renamed from ${nameOf(was, a.id)}`, reason: 'new column like a dropped one at the same position: a rename done as a drop and an add loses the values' }));
    } else if (!c.nullable && !filledIn(c)) {
      out.push(mk({ ...spec, breaking: true, reason: 'new NOT NULL column without a default: adding it fails on a table with rows, and inserts that omit it fail' }));
    } else {
      const what = c.generated ? 'generated column' : c.identity ? 'identity column' : c.nullable ? 'nullable column' : 'NOT NULL column with a default';
      out.push(mk({ ...spec, reason: `new ${what}` }));
    }
  }
  for (const [x, y] of both) out.push(...columnAspects(a, x, y));
  return out;
}

function columnAspects(t: Table, a: Column, b: Column): Change[] {
  const out: Change[] = [];
  const base = { kind: 'column' as const, object: a.id, table: t.id, change: 'changed' as const };
  if (a.type !== b.type) {
    const verdict = typeChange(a.type, b.type);
    out.push(mk({ ...base, aspect: 'type', breaking: verdict.breaking, from: a.type, to: b.type, reason: verdict.reason }));
  }
  if (a.nullable !== b.nullable) {
    out.push(b.nullable
      ? mk({ ...base, aspect: 'nullable', from: 'NOT NULL', to: 'NULL', reason: 'NOT NULL dropped: the column accepts NULL' })
      : mk({ ...base, aspect: 'nullable', breaking: true, from: 'NULL', to: 'NOT NULL', reason: 'NOT NULL added: fails while rows hold NULL, and writes of NULL fail' }));
  }
  if (a.default !== b.default) {
    let spec: { breaking?: boolean; reason: string };
    if (b.default === null) {
      spec = !b.nullable && b.identity === null && b.generated === null
        ? { breaking: true, reason: 'default removed on a NOT NULL column: inserts that omit it now fail' }
        : { reason: b.identity !== null ? 'default replaced by an identity' : b.generated !== null ? 'default replaced by a generated expression' : 'default removed: inserts that omit it store NULL' };
    } else if (a.default === null) {
      spec = { reason: 'default added' };
    } else {
      spec = { reason: 'default changed: inserts that omit it get another value' };
    }
    out.push(mk({ ...base, aspect: 'default', from: a.default, to: b.default, ...spec }));
  }
  if (a.identity !== b.identity) {
    const spec = b.identity === 'always'
      ? { breaking: true, reason: 'now GENERATED ALWAYS AS IDENTITY: inserts and updates that set it fail' }
      : b.identity === 'by default'
        ? { reason: a.identity === null ? 'now an identity column (BY DEFAULT)' : 'identity relaxed to BY DEFAULT: explicit values are accepted' }
        : !b.nullable && !filledIn(b)
          ? { breaking: true, reason: 'identity removed on a NOT NULL column: inserts that omit it now fail' }
          : { reason: 'identity removed: inserts that omit it no longer get a number' };
    out.push(mk({ ...base, aspect: 'identity', from: a.identity, to: b.identity, ...spec }));
  }
  if (a.generated !== b.generated) {
    const spec = a.generated === null
      ? { breaking: true, reason: 'now a generated column: its values are recomputed and writes that set it fail' }
      : b.generated === null
        ? { breaking: true, reason: 'no longer generated: its values are no longer computed, writes must set it' }
        : { reason: 'generated expression changed: every row is recomputed' };
    out.push(mk({ ...base, aspect: 'generated', from: a.generated, to: b.generated, ...spec }));
  }
  if (a.collation !== b.collation) {
    out.push(mk({ ...base, aspect: 'collation', breaking: true, from: a.collation, to: b.collation, reason: 'collation changed: ordering, comparisons and unique checks of its values change' }));
  }
  out.push(...comment('column', a.id, t.id, a.comment, b.comment));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Constraints and foreign keys

const SUFFIXES = [' NOT VALID', ' INITIALLY DEFERRED', ' DEFERRABLE'];

/** `pg_get_constraintdef()` text without the suffixes the `deferrable` and `validated` flags print. */
function coreDefinition(definition: string): string {
  let text = definition;
  for (let changed = true; changed;) {
    changed = false;
    for (const s of SUFFIXES) {
      if (text.endsWith(s)) {
        text = text.slice(0, -s.length);
        changed = true;
      }
    }
  }
  return text;
}

const cols = (columns: string[]) => `(${columns.join(', ')})`;

export function diffConstraints(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const onKept = (side: 'from' | 'to') => (c: { table: string }) =>
    ctx[side].tables.has(c.table) && !(side === 'from' ? ctx.removedRelations : ctx.addedRelations).has(c.table);
  const { removed, added, both } = pair(ctx.from.model.constraints.filter(onKept('from')), ctx.to.model.constraints.filter(onKept('to')));
  const fksFrom = new Map(ctx.from.model.foreignKeys.map((f) => [f.id, f]));
  const fksTo = new Map(ctx.to.model.foreignKeys.map((f) => [f.id, f]));
  const renamed = renames(removed, added, (c) => `${c.table} ${c.type} ${coreDefinition(c.definition)}`);
  const renamedFrom = new Map([...renamed].map(([r, a]) => [a, r]));
  const kindOf = (c: Constraint) => (c.type === 'foreign key' ? 'foreign key' as const : 'constraint' as const);

  for (const c of removed) {
    const to = renamed.get(c.id);
    const fk = fksFrom.get(c.id);
    const reason = {
      'primary key': `primary key dropped: ${cols(c.columns)} no longer has to be unique and present`,
      unique: `unique constraint dropped: duplicates of ${cols(c.columns)} are accepted`,
      check: 'check constraint dropped: values it rejected are accepted',
      exclude: 'exclusion constraint dropped: conflicting rows are accepted',
      'foreign key': `foreign key dropped: rows may reference ${fk?.refTable ?? 'parent'} rows that do not exist`,
    }[c.type];
    out.push(mk({ kind: kindOf(c), object: c.id, table: c.table, change: 'removed', breaking: true, from: c.definition, reason, hint: to ? `possibly renamed to ${nameOf(to, c.table)}` : null }));
  }
  for (const c of added) {
    const was = renamedFrom.get(c.id);
    const spec = { kind: kindOf(c), object: c.id, table: c.table, change: 'added' as const, to: c.definition };
    if (was) {
      out.push(mk({ ...spec, breaking: true, hint: `possibly renamed from ${nameOf(was, c.table)}`, reason: 'new constraint like a dropped one: a rename done as a drop and an add re-checks every row' }));
      continue;
    }
    if (onNewNullColumns(ctx, c)) {
      out.push(mk({ ...spec, reason: `new ${c.type === 'unique' ? 'unique constraint' : 'foreign key'} on new nullable columns: existing rows hold NULL and pass` }));
      continue;
    }
    const fk = fksTo.get(c.id);
    const notValid = c.validated ? '' : ' (NOT VALID: existing rows are not checked)';
    const reason = {
      'primary key': `primary key added: fails if ${cols(c.columns)} has duplicates or NULLs`,
      unique: `unique constraint added: fails if ${cols(c.columns)} has duplicates, and duplicate writes fail`,
      check: `check constraint added: fails on existing rows that violate it${notValid}, and writes that violate it fail`,
      exclude: 'exclusion constraint added: fails if existing rows conflict, and conflicting writes fail',
      'foreign key': `foreign key added: fails on rows without a matching ${fk?.refTable ?? 'parent'} row${notValid}, and such writes fail`,
    }[c.type];
    out.push(mk({ ...spec, breaking: true, reason }));
  }
  for (const [a, b] of both) {
    const fa = fksFrom.get(a.id);
    const fb = fksTo.get(b.id);
    out.push(...(fa && fb ? foreignKeyAspects(fa, fb, a, b) : constraintAspects(a, b)));
  }
  return out;
}

/** A new unique constraint or foreign key whose columns are all new nullable columns without a default. */
function onNewNullColumns(ctx: DiffContext, c: Constraint): boolean {
  if (c.type !== 'unique' && c.type !== 'foreign key') return false;
  if (c.type === 'unique' && c.index && ctx.to.model.indexes.find((i) => i.id === c.index)?.nullsNotDistinct) return false;
  return c.columns.length > 0 && c.columns.every((name) => {
    const id = `${c.table}.${name}`;
    const col = ctx.to.columns.get(id)?.column;
    return ctx.addedColumns.has(id) && col !== undefined && col.nullable && !filledIn(col);
  });
}

function flagAspects(a: Constraint | ForeignKey, b: Constraint | ForeignKey, kind: Change['kind'], table: string): Change[] {
  const out: Change[] = [];
  const base = { kind, object: a.id, table, change: 'changed' as const };
  const timing = (c: Constraint | ForeignKey) => (c.deferrable ? (c.initiallyDeferred ? 'deferrable initially deferred' : 'deferrable') : 'not deferrable');
  if (timing(a) !== timing(b)) {
    const rank = { 'not deferrable': 0, deferrable: 1, 'deferrable initially deferred': 2 } as const;
    const later = rank[timing(b)] > rank[timing(a)];
    out.push(mk({
      ...base, aspect: 'deferrable', breaking: !later, from: timing(a), to: timing(b),
      reason: later ? 'checked later (deferrable): transactions may fix rows before the check' : 'checked earlier: transactions that rely on a deferred check now fail',
    }));
  }
  if (a.validated !== b.validated) {
    out.push(b.validated
      ? mk({ ...base, aspect: 'validated', from: 'NOT VALID', to: 'valid', reason: 'validated: every existing row was checked' })
      : mk({ ...base, aspect: 'validated', from: 'valid', to: 'NOT VALID', reason: 'no longer validated: existing rows are not guaranteed to satisfy it' }));
  }
  return out;
}

function constraintAspects(a: Constraint, b: Constraint): Change[] {
  const out: Change[] = [];
  if (a.type !== b.type || coreDefinition(a.definition) !== coreDefinition(b.definition)) {
    out.push(mk({
      kind: 'constraint', object: a.id, table: a.table, change: 'changed', aspect: 'definition', breaking: true,
      from: a.definition, to: b.definition, reason: `${b.type} constraint changed: existing rows and writes are checked against the new definition`,
    }));
  }
  out.push(...flagAspects(a, b, 'constraint', a.table), ...comment('constraint', a.id, a.table, a.comment, b.comment));
  return out;
}

const ACTION_EFFECT: Record<FkAction, string> = {
  cascade: 'deletes the rows here too',
  'set null': 'sets the columns here to NULL',
  'set default': 'sets the columns here to their default',
  restrict: 'fails while rows here reference it',
  'no action': 'fails while rows here reference it',
};

function foreignKeyAspects(a: ForeignKey, b: ForeignKey, ca: Constraint, cb: Constraint): Change[] {
  const out: Change[] = [];
  const base = { kind: 'foreign key' as const, object: a.id, table: a.table, change: 'changed' as const };
  const target = (f: ForeignKey) => `${cols(f.columns)} → ${f.refTable}${cols(f.refColumns)}${f.match === 'simple' ? '' : ` MATCH ${f.match.toUpperCase()}`}`;
  if (target(a) !== target(b)) {
    out.push(mk({ ...base, aspect: 'references', breaking: true, from: target(a), to: target(b), reason: 'foreign key now references other rows: existing rows are re-checked' }));
  }
  for (const [aspect, verb, x, y] of [['on-delete', 'deleting', a.onDelete, b.onDelete], ['on-update', 'updating the key of', a.onUpdate, b.onUpdate]] as const) {
    if (x === y) continue;
    // RESTRICT and NO ACTION both refuse; they differ only in when the check runs (NO ACTION can be deferred).
    const refuses = (r: FkAction) => r === 'restrict' || r === 'no action';
    const same = refuses(x) && refuses(y);
    out.push(mk({
      ...base, aspect, breaking: !same, from: x, to: y,
      reason: same
        ? `${aspect === 'on-delete' ? 'ON DELETE' : 'ON UPDATE'} ${x} → ${y}: still refused, checked ${y === 'restrict' ? 'immediately' : 'at the end of the statement'}`
        : `${aspect === 'on-delete' ? 'ON DELETE' : 'ON UPDATE'} ${x} → ${y}: ${verb} a ${b.refTable} row now ${ACTION_EFFECT[y]}`,
    }));
  }
  const structured = target(a) === target(b) && a.onDelete === b.onDelete && a.onUpdate === b.onUpdate;
  if (structured && coreDefinition(a.definition) !== coreDefinition(b.definition)) {
    out.push(mk({ ...base, aspect: 'definition', breaking: true, from: a.definition, to: b.definition, reason: 'foreign key changed: existing rows and writes are checked against the new definition' }));
  }
  out.push(...flagAspects(a, b, 'foreign key', a.table), ...comment('foreign key', a.id, a.table, ca.comment, cb.comment));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Indexes

const keysText = (i: Index) => i.keys.map((k) => `${k.column ?? k.expression}${k.descending ? ' DESC' : ''}${k.opclass ? ` ${k.opclass}` : ''}${k.collation ? ` COLLATE ${k.collation}` : ''}`).join(', ');

export function diffIndexes(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  // Indexes behind a constraint change with it: the constraint's change says what happened.
  const keep = (side: 'from' | 'to') => (i: Index) =>
    i.constraint === null && (ctx[side].tables.has(i.table) || ctx[side].views.has(i.table))
    && !(side === 'from' ? ctx.removedRelations : ctx.addedRelations).has(i.table);
  const { removed, added, both } = pair(ctx.from.model.indexes.filter(keep('from')), ctx.to.model.indexes.filter(keep('to')));
  const signature = (i: Index) => JSON.stringify([i.table, i.method, keysText(i), i.include, i.predicate, i.unique, i.nullsNotDistinct]);
  const renamed = renames(removed, added, signature);
  const renamedFrom = new Map([...renamed].map(([r, a]) => [a, r]));
  const on = (i: Index) => `(${keysText(i)})`;
  for (const i of removed) {
    const to = renamed.get(i.id);
    out.push(mk({
      kind: 'index', object: i.id, table: i.table, change: 'removed', breaking: true, from: i.definition,
      reason: i.unique ? `unique index dropped: duplicates of ${on(i)} are accepted` : `index dropped: queries on ${on(i)} may scan the table`,
      hint: to ? `possibly renamed to ${to}` : null,
    }));
  }
  for (const i of added) {
    const was = renamedFrom.get(i.id);
    const spec = { kind: 'index' as const, object: i.id, table: i.table, change: 'added' as const, to: i.definition };
    if (was) {
      out.push(mk({ ...spec, hint: `possibly renamed from ${was}`, breaking: i.unique, reason: i.unique ? 'new unique index like a dropped one: duplicates written in between make it fail' : 'new index like a dropped one' }));
    } else if (i.unique && !newNullKeys(ctx, i)) {
      out.push(mk({ ...spec, breaking: true, reason: `unique index added: fails if ${on(i)} has duplicates${i.predicate ? ' among the rows it covers' : ''}, and duplicate writes fail` }));
    } else {
      out.push(mk({ ...spec, reason: i.unique ? 'new unique index on new nullable columns: existing rows hold NULL and pass' : `new ${i.method} index on ${on(i)}${i.predicate ? ' (partial)' : ''}` }));
    }
  }
  for (const [a, b] of both) out.push(...indexAspects(a, b));
  return out;
}

/** A unique index whose keys are all new nullable columns without a default (NULLs distinct). */
function newNullKeys(ctx: DiffContext, i: Index): boolean {
  if (i.nullsNotDistinct || i.keys.some((k) => k.column === null)) return false;
  return i.keys.every((k) => {
    const id = `${i.table}.${k.column}`;
    const col = ctx.to.columns.get(id)?.column;
    return ctx.addedColumns.has(id) && col !== undefined && col.nullable && !filledIn(col);
  });
}

function indexAspects(a: Index, b: Index): Change[] {
  const out: Change[] = [];
  const base = { kind: 'index' as const, object: a.id, table: a.table, change: 'changed' as const };
  if (a.unique !== b.unique) {
    out.push(b.unique
      ? mk({ ...base, aspect: 'unique', breaking: true, from: 'not unique', to: 'unique', reason: 'now unique: fails if the keys have duplicates, and duplicate writes fail' })
      : mk({ ...base, aspect: 'unique', breaking: true, from: 'unique', to: 'not unique', reason: 'no longer unique: duplicates are accepted' }));
  }
  if (a.predicate !== b.predicate) {
    out.push(mk({
      ...base, aspect: 'predicate', breaking: b.unique, from: a.predicate, to: b.predicate,
      reason: b.unique ? 'the rows that must be unique changed: fails if the newly covered rows have duplicates' : 'partial index predicate changed: queries it serves change',
    }));
  }
  const shape = (i: Index) => JSON.stringify([i.method, keysText(i), i.include, i.nullsNotDistinct]);
  if (shape(a) !== shape(b)) {
    out.push(mk({
      ...base, aspect: 'definition', breaking: b.unique, from: a.definition, to: b.definition,
      reason: b.unique ? 'unique index changed: fails if the new keys have duplicates' : 'index changed: rebuilt with other keys',
    }));
  }
  if (a.valid !== b.valid) {
    out.push(b.valid
      ? mk({ ...base, aspect: 'valid', from: 'invalid', to: 'valid', reason: 'index is valid again: queries can use it' })
      : mk({ ...base, aspect: 'valid', breaking: true, from: 'valid', to: 'invalid', reason: 'index is invalid: queries cannot use it' }));
  }
  out.push(...comment('index', a.id, a.table, a.comment, b.comment));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Triggers

const fires = (t: Trigger) => t.enabled === 'origin' || t.enabled === 'always';

export function diffTriggers(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const keep = (side: 'from' | 'to') => (t: Trigger) =>
    (ctx[side].tables.has(t.table) || ctx[side].views.has(t.table)) && !(side === 'from' ? ctx.removedRelations : ctx.addedRelations).has(t.table);
  const { removed, added, both } = pair(ctx.from.model.triggers.filter(keep('from')), ctx.to.model.triggers.filter(keep('to')));
  const when = (t: Trigger) => `${t.timing.toUpperCase()} ${listText(t.events.map((e) => e.toUpperCase()))}`;
  const signature = (t: Trigger) => JSON.stringify([t.table, t.timing, t.events, t.columns, t.level, t.when, t.function]);
  const renamed = renames(removed, added, signature);
  const renamedFrom = new Map([...renamed].map(([r, a]) => [a, r]));
  for (const t of removed) {
    const to = renamed.get(t.id);
    out.push(mk({
      kind: 'trigger', object: t.id, table: t.table, change: 'removed', breaking: true, from: t.definition,
      reason: `trigger dropped: ${t.function} no longer runs ${when(t)}`, hint: to ? `possibly renamed to ${nameOf(to, t.table)}` : null,
    }));
  }
  for (const t of added) {
    const was = renamedFrom.get(t.id);
    out.push(mk({
      kind: 'trigger', object: t.id, table: t.table, change: 'added', to: t.definition,
      reason: was ? 'new trigger like a dropped one (same timing, events and function)' : `new trigger: ${t.function} runs ${when(t)}${fires(t) ? '' : ' (created disabled)'}`,
      hint: was ? `possibly renamed from ${nameOf(was, t.table)}` : null,
    }));
  }
  for (const [a, b] of both) {
    const base = { kind: 'trigger' as const, object: a.id, table: a.table, change: 'changed' as const };
    if (a.definition !== b.definition) {
      out.push(mk({ ...base, aspect: 'definition', from: a.definition, to: b.definition, reason: `trigger changed: now runs ${b.function} ${when(b)}` }));
    }
    if (fires(a) && !fires(b)) {
      out.push(mk({ ...base, aspect: 'enabled', security: true, from: a.enabled, to: b.enabled, reason: `trigger disabled: what ${b.function} checks or records no longer happens` }));
    } else if (!fires(a) && fires(b)) {
      out.push(mk({ ...base, aspect: 'enabled', breaking: true, from: a.enabled, to: b.enabled, reason: `trigger enabled: ${b.function} runs again and may reject writes` }));
    } else if (a.enabled !== b.enabled) {
      out.push(mk({ ...base, aspect: 'enabled', from: a.enabled, to: b.enabled, reason: `trigger firing mode changed: ${a.enabled} → ${b.enabled}` }));
    }
    out.push(...comment('trigger', a.id, a.table, a.comment, b.comment));
  }
  return out;
}
