/**
 * What every document renderer receives: the model, its analysis, and lookups built once. Renderers are pure
 * functions `(ctx) → string` (or a map of file name → content); only the CLI writes files.
 */
import type { VerifyReport } from '../verify/types.js';
import type { Analysis, DomainGroup, Relationship } from '../analyze/types.js';
import type { LintResult } from '../lint/types.js';
import type { Constraint, ForeignKey, Func, Index, Policy, SchemaModel, Table, Trigger, View } from '../model/types.js';
import { link, namer, text } from './markdown.js';

/** Everything the model and the analysis say about one table, gathered once (renderers never scan the model per table). */
export interface TableFacts {
  constraints: Constraint[];
  indexes: Index[];
  triggers: Trigger[];
  policies: Policy[];
  /** FKs declared on the table, and FKs that reference it. */
  outgoing: ForeignKey[];
  incoming: ForeignKey[];
  /** Its partitions (for a partitioned table). */
  partitions: Table[];
  /** Views whose definition reads it. */
  views: View[];
  /** Relationships it is an end or the junction of. */
  relationships: Relationship[];
}

export interface RenderContext {
  model: SchemaModel;
  analysis: Analysis;
  /** The lint findings (with the project's lint config), for audit.md and the README's top findings; absent: not run. */
  lint?: LintResult;
  /** Rules the config turned off: the audit does not claim them as checks. */
  lintOff?: ReadonlySet<string>;
  /** The proofs of `doc --verify` (verify.md, and audit.md's "Proofs" area); absent: not run. */
  verify?: VerifyReport;
  /** The analysed tables, in id order. */
  tables: Table[];
  table(id: string): Table | undefined;
  /** The name shown to readers for a table/view/type id (`users`, or `billing.users` when ambiguous or not in public). */
  name(id: string): string;
  /** The index that covers an FK's columns on the child table (`analysis.foreignKeyIndexes`), or null. */
  coveringIndex(fk: ForeignKey): Index | null;
  /** Is this file (a path in the output folder, such as `relationships.md`) written? Links to others are plain text. */
  written(file: string): boolean;
  /** The table's name linked to its page (`prefix` for pages in a subfolder: `../`), or plain text when no page is written. */
  tableLink(id: string, prefix?: string): string;
  /** Is this an analysed table? */
  analysed(id: string): boolean;
  /** What the model and the analysis say about a table (empty lists for an unknown id). */
  of(id: string): TableFacts;
  /** The relationship of an FK id. */
  relationship(foreignKey: string): Relationship | undefined;
  /** The domain a table is in. */
  domainOf(id: string): DomainGroup | undefined;
  /** Relationships between two tables (either direction; for N:M, the two joined tables). */
  between(a: string, b: string): Relationship[];
  index(id: string): Index | undefined;
  policy(id: string): Policy | undefined;
  trigger(id: string): Trigger | undefined;
  foreignKey(id: string): ForeignKey | undefined;
  fn(id: string): Func | undefined;
  /** Link target of a table's page, relative to the document folder's root (`tables/public.users.md`). */
  tablePage(id: string): string;
}

export function renderContext(
  model: SchemaModel,
  analysis: Analysis,
  tablePage: (id: string) => string,
  written: (file: string) => boolean = () => true,
): RenderContext {
  const analysed = new Set(analysis.tables);
  const tables = model.tables.filter((t) => analysed.has(t.id));
  const byId = byIdOf(model.tables);
  const named = [...model.tables, ...model.views, ...model.enums, ...model.domains, ...model.compositeTypes];
  const indexes = byIdOf(model.indexes);
  const covering = new Map<string, Index | null>();
  for (const c of analysis.foreignKeyIndexes) covering.set(c.foreignKey, c.index === null ? null : (indexes.get(c.index) ?? null));
  const name = namer(named);
  const facts = gatherFacts(model, analysis);
  const none: TableFacts = { constraints: [], indexes: [], triggers: [], policies: [], outgoing: [], incoming: [], partitions: [], views: [], relationships: [] };
  const relationships = new Map<string, Relationship>();
  for (const r of analysis.relationships) if (r.foreignKey !== null) relationships.set(r.foreignKey, r);
  const domains = new Map<string, DomainGroup>();
  for (const g of analysis.domains.groups) for (const t of g.tables) domains.set(t, g);
  const policies = byIdOf(model.policies);
  const triggers = byIdOf(model.triggers);
  const foreignKeys = byIdOf(model.foreignKeys);
  const functions = byIdOf(model.functions);
  const neighbours = new Map<string, Map<string, Relationship[]>>();
  const between = (a: string, b: string): Relationship[] => {
    let byOther = neighbours.get(a);
    if (!byOther) {
      byOther = new Map();
      for (const r of facts.get(a)?.relationships ?? []) {
        if (r.from !== a && r.to !== a) continue; // a is only the junction
        const other = r.from === a ? r.to : r.from;
        const list = byOther.get(other);
        if (list) list.push(r);
        else byOther.set(other, [r]);
      }
      neighbours.set(a, byOther);
    }
    return byOther.get(b) ?? [];
  };
  const page = memo(tablePage);
  const pages = written('tables/') || tables.some((t) => written(page(t.id)));
  // Links are asked for again and again (every table page links its neighbours): each is built once per prefix.
  const links = new Map<string, Map<string, string>>();
  const tableLink = (id: string, prefix = ''): string => {
    let byId = links.get(prefix);
    if (!byId) links.set(prefix, (byId = new Map()));
    let l = byId.get(id);
    if (l === undefined) {
      l = pages && analysed.has(id) ? link(name(id), `${prefix}${page(id)}`) : text(name(id));
      byId.set(id, l);
    }
    return l;
  };
  return {
    model,
    analysis,
    tables,
    table: (id) => byId.get(id),
    name,
    tableLink,
    coveringIndex: (fk) => covering.get(fk.id) ?? null,
    written,
    analysed: (id) => analysed.has(id),
    of: (id) => facts.get(id) ?? none,
    relationship: (fk) => relationships.get(fk),
    domainOf: (id) => domains.get(id),
    between,
    index: (id) => indexes.get(id),
    policy: (id) => policies.get(id),
    trigger: (id) => triggers.get(id),
    foreignKey: (id) => foreignKeys.get(id),
    fn: (id) => functions.get(id),
    tablePage: page,
  };
}

/** Objects by id (a loop: a `[id, object]` pair per object would be garbage the moment the map is built). */
function byIdOf<T extends { id: string }>(objects: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const o of objects) map.set(o.id, o);
  return map;
}

/** A pure function of a string, remembered per argument. */
function memo(f: (id: string) => string): (id: string) => string {
  const seen = new Map<string, string>();
  return (id) => {
    let v = seen.get(id);
    if (v === undefined) seen.set(id, (v = f(id)));
    return v;
  };
}

function gatherFacts(model: SchemaModel, analysis: Analysis): Map<string, TableFacts> {
  const facts = new Map<string, TableFacts>();
  const of = (id: string): TableFacts => {
    let f = facts.get(id);
    if (!f) {
      f = { constraints: [], indexes: [], triggers: [], policies: [], outgoing: [], incoming: [], partitions: [], views: [], relationships: [] };
      facts.set(id, f);
    }
    return f;
  };
  for (const c of model.constraints) of(c.table).constraints.push(c);
  for (const i of model.indexes) of(i.table).indexes.push(i);
  for (const t of model.triggers) of(t.table).triggers.push(t);
  for (const p of model.policies) of(p.table).policies.push(p);
  for (const f of model.foreignKeys) {
    of(f.table).outgoing.push(f);
    of(f.refTable).incoming.push(f);
  }
  for (const t of model.tables) if (t.partitionOf !== null) of(t.partitionOf).partitions.push(t);
  for (const v of model.views) for (const id of v.dependsOn) of(id).views.push(v);
  for (const r of analysis.relationships) {
    // Each end once (a self-reference has one; a junction can be an end too).
    of(r.from).relationships.push(r);
    if (r.to !== r.from) of(r.to).relationships.push(r);
    if (r.via && r.via !== r.from && r.via !== r.to) of(r.via).relationships.push(r);
  }
  return facts;
}
