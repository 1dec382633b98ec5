/**
 * One table of the squash script: its CREATE TABLE (the statement design.md prints too, from model/ddl.ts), then
 * what belongs to it and can be written once it exists — serial sequences' OWNED BY, indexes, comments. Foreign keys
 * and NOT VALID checks are not here: they are added once every table exists, so that no order of tables is needed,
 * cycles need nothing special, and a parent's NOT VALID check reaches its children as it did.
 *
 * Partitions are written as `CREATE TABLE … PARTITION OF parent FOR VALUES …` when their columns are the parent's,
 * in its order (what PARTITION OF creates), and otherwise created on their own and attached (`ATTACH PARTITION`), so
 * that their column order is theirs. Inheritance children likewise: `INHERITS (…)` when the inherited columns come
 * first in the parents' order (what INHERITS creates), else `ALTER TABLE … INHERIT` after.
 */
import { createTableSql } from '../model/ddl.js';
import { ident, qualified, readableIndexDdl } from '../model/sql-text.js';
import type { Column, Constraint, ForeignKey, Index, Sequence, Table, View } from '../model/types.js';
import { commentOn, identityOptions, relationKeyword } from './objects.js';
import type { Scope } from './scope.js';

export interface TableFacts {
  /** The table's constraints other than foreign keys. */
  constraints: Constraint[];
  indexes: Index[];
  /** User sequences owned by one of its columns. */
  sequences: Sequence[];
}

/**
 * The table's statements. `factsOf` gives another table's facts (a parent's CHECK constraints, which its partitions
 * and children get from it); `indexReady(i)` says whether an index can be created here (every function it calls
 * exists) — the ones that cannot are returned in `later`, for the caller to write once they can.
 */
export function tableSql(
  t: Table,
  facts: TableFacts,
  scope: Scope,
  factsOf: (id: string) => TableFacts | undefined,
  indexReady: (i: Index) => boolean,
): { lines: string[]; later: Index[] } {
  const name = qualified(t.schema, t.name);
  if (t.kind === 'foreign') {
    return { lines: [`-- ${name}: foreign table not written (its server and options are not in the model)`], later: [] };
  }
  const relationSql = (id: string) => {
    const r = scope.relation(id);
    return r ? qualified(r.schema, r.name) : id;
  };
  const identity = new Map(facts.sequences.map((q) => [q.ownedBy!, q]));
  const fromParents = inheritedChecks(t, factsOf);
  const own = (c: Constraint) => !(c.type === 'check' && fromParents.has(c.name));
  const lines: string[] = [];
  const parent = t.partitionOf !== null ? (scope.relation(t.partitionOf) as Table | undefined) : undefined;
  const partitionOf = t.partitionOf !== null && parent !== undefined && sameColumns(t.columns, parent.columns);
  const parents = t.inherits.map((id) => scope.relation(id)).filter((p): p is Table => p !== undefined && 'kind' in p);
  const inherits = t.inherits.length > 0 && parents.length === t.inherits.length && inheritedFirst(t.columns, parents);
  // Created with PARTITION OF or INHERITS, a table gets its parents' CHECKs; created on its own, it must have them
  // to be attached (ATTACH PARTITION and INHERIT refuse a table that lacks one).
  const constraints = partitionOf || inherits ? facts.constraints.filter(own) : facts.constraints;
  // NOT VALID ones are added once every table exists (notValidChecks), as CREATE TABLE would validate them.
  const inTable = constraints.filter((c) => c.validated);

  if (partitionOf) {
    const sub = t.partitionKey !== null ? ` PARTITION BY ${t.partitionKey}` : '';
    lines.push(`CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${name} PARTITION OF ${relationSql(t.partitionOf!)} ${t.partitionBound ?? 'DEFAULT'}${sub};`);
    lines.push(...columnDifferences(t, [parent!]));
    for (const c of inTable) lines.push(`ALTER TABLE ${name} ADD CONSTRAINT ${ident(c.name)} ${c.definition};`);
  } else {
    lines.push(
      ...createTableSql(t, inTable, {
        relationSql,
        lineComments: false,
        inherits,
        identityOptions: (c) => identityOptions(t, c, identity.get(c.id)),
      }),
    );
    if (inherits) lines.push(...columnDifferences(t, parents));
    else for (const id of t.inherits) lines.push(`ALTER TABLE ${name} INHERIT ${relationSql(id)};`);
    if (t.partitionOf !== null) {
      lines.push(`ALTER TABLE ${relationSql(t.partitionOf)} ATTACH PARTITION ${name} ${t.partitionBound ?? 'DEFAULT'};`);
    }
  }

  for (const q of facts.sequences) {
    const col = t.columns.find((c) => c.id === q.ownedBy);
    if (col && col.identity === null) lines.push(`ALTER SEQUENCE ${qualified(q.schema, q.name)} OWNED BY ${name}.${ident(col.name)};`);
  }
  const later: Index[] = [];
  for (const i of facts.indexes) {
    if (i.constraint !== null) continue;
    if (indexReady(i)) lines.push(...indexSql(i, t));
    else later.push(i);
  }

  lines.push(...commentOn(`${relationKeyword(t)} ${name}`, t.comment));
  for (const c of [...t.columns].sort((a, b) => a.position - b.position)) lines.push(...commentOn(`COLUMN ${name}.${ident(c.name)}`, c.comment));
  for (const c of facts.constraints) lines.push(...commentOn(`CONSTRAINT ${ident(c.name)} ON ${name}`, c.comment));
  for (const i of facts.indexes) if (i.constraint !== null) lines.push(...commentOn(`INDEX ${qualified(t.schema, i.name)}`, i.comment));
  return { lines, later };
}

/**
 * The table's NOT VALID checks, as `ALTER TABLE … ADD … NOT VALID` (CREATE TABLE would validate them), for once every
 * table exists: a parent's then reaches its partitions and children as it did when it was added (NOT VALID there
 * too), so their copies are not written again.
 */
export function notValidChecks(t: Table, facts: TableFacts, factsOf: (id: string) => TableFacts | undefined): Constraint[] {
  const fromParents = inheritedChecks(t, factsOf);
  return facts.constraints.filter((c) => c.type === 'check' && !c.validated && !fromParents.has(c.name));
}

/** Names of the CHECKs a table's parents pass on to it (the model lists them on the child too, by the same name). */
function inheritedChecks(t: Table, factsOf: (id: string) => TableFacts | undefined): Set<string> {
  return new Set(
    [...t.inherits, ...(t.partitionOf ? [t.partitionOf] : [])].flatMap((id) =>
      (factsOf(id)?.constraints ?? []).filter((c) => c.type === 'check' && !/\bNO INHERIT\b/.test(c.definition)).map((c) => c.name),
    ),
  );
}

/** CREATE INDEX (an index on a partitioned table without the `ONLY` Postgres prints: it is on every partition). */
export function indexSql(i: Index, on: Table | View): string[] {
  const invalid = i.valid ? '' : ' -- INVALID where it was read; created valid here';
  return [`${readableIndexDdl(i, 'kind' in on ? on : undefined)};${invalid}`, ...commentOn(`INDEX ${qualified(on.schema, i.name)}`, i.comment)];
}

/** `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY …` with its comment. */
export function foreignKeySql(f: ForeignKey, table: string, comment: string | null): string[] {
  return [`ALTER TABLE ${table} ADD CONSTRAINT ${ident(f.name)} ${f.definition};`, ...commentOn(`CONSTRAINT ${ident(f.name)} ON ${table}`, comment)];
}

function sameColumns(a: Column[], b: Column[]): boolean {
  const names = (cs: Column[]) => [...cs].sort((x, y) => x.position - y.position).map((c) => `${c.name} ${c.type}`);
  return names(a).join('\n') === names(b).join('\n');
}

/** Does the table have its parents' columns first, in their order (what `INHERITS` produces)? */
function inheritedFirst(columns: Column[], parents: Table[]): boolean {
  const expected: string[] = [];
  for (const p of parents) for (const c of [...p.columns].sort((x, y) => x.position - y.position)) if (!expected.includes(c.name)) expected.push(c.name);
  const own = [...columns].sort((x, y) => x.position - y.position).map((c) => c.name);
  return expected.every((n, i) => own[i] === n);
}

/**
 * What a child or partition gets from its parents that the model says it does not have, undone: a default it
 * inherited but has not (or a different one), NOT NULL it has and the parent has not.
 */
function columnDifferences(t: Table, parents: Table[]): string[] {
  const name = qualified(t.schema, t.name);
  const partition = t.partitionOf !== null;
  const out: string[] = [];
  for (const c of [...t.columns].sort((a, b) => a.position - b.position)) {
    const from = parents.map((p) => p.columns.find((pc) => pc.name === c.name)).filter((pc) => pc !== undefined);
    if (from.length === 0) continue;
    const inherited = from.find((pc) => pc.default !== null)?.default ?? null;
    // A partition's columns are all the parent's (it lists none of its own); an inheritance child lists every column.
    const resulting = partition ? inherited : (c.default ?? inherited);
    if (resulting !== c.default && c.generated === null && c.identity === null) {
      out.push(`ALTER TABLE ${name} ALTER COLUMN ${ident(c.name)} ${c.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${c.default}`};`);
    }
    if (partition && !c.nullable && from.every((pc) => pc.nullable)) out.push(`ALTER TABLE ${name} ALTER COLUMN ${ident(c.name)} SET NOT NULL;`);
  }
  return out;
}
