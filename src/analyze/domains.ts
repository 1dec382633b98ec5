/**
 * Domains: the analysed tables split into a few named groups, for seed 000's "Tables Summary by Domain" and the
 * sections of the docs. Pure: from the lookup (and the config) only.
 *
 * Configured (`domains: { "Billing": ["invoices", "billing.payments"] }`): each entry is a table id or a bare name
 * (the table of that name in `public`, else in the only schema that has one); an unknown or ambiguous entry, or a
 * table listed in two domains, throws an Error naming `domains["<name>"]`. Unlisted tables end in a last group
 * "Other". Config order is kept.
 *
 * Inferred otherwise, in steps that each look at every table and FK a bounded number of times (linear):
 *  1. Hubs: tables referenced by at least max(3, ⌈(n − 1) / 4⌉) other tables (the tenant root, `users`). FKs to a
 *     hub say "belongs to the tenant", not "belongs to this domain", so steps 3–5 ignore them.
 *  2. Prefix seeds: tables of one schema whose first name word is the same once singular/plural is folded
 *     (`leads`, `lead_notes`, `lead_status_history`), when at least two share it. A first word used by more than
 *     half of a schema of 10+ tables is a naming convention (`tbl_`, `app_`) and the second word is used instead.
 *  3. Community seeds: a table outside the hubs and prefix seeds that at least two non-hub tables reference
 *     (`products` ← `order_items`, `price_tiers`) starts a group around itself.
 *  4. Attachment: in waves, every unplaced non-hub table next to placed ones joins the group it shares most FKs with
 *     (ties: the group name, then its key), until nothing changes (a multi-source breadth-first search).
 *  5. Unseeded communities: non-hub tables still unplaced but linked to each other form one group per connected
 *     component, around its best-linked table. A community seed left alone after step 4 joins its best neighbour.
 *  6. Leftovers: a table whose only FKs go to hubs joins the hub it shares most FKs with (ties: the hub referenced by
 *     fewer tables, the more specific one, then id) — the hub's group, or a new "<Hub> & related" group. Hubs
 *     still unplaced form "Core"; tables without any FK and without a prefix partner form "Other".
 * Groups are sorted by size (descending) then name, with "Other" last.
 */
import { byCodePoint, type Lookup } from './lookup.js';
import { nameWords, singular } from './naming.js';
import { AnalysisConfigError, type AnalysisOptions, type DomainGroup, type Domains } from './types.js';

/** A hub is referenced by at least this share of the other tables (and at least HUB_MIN of them). */
const HUB_SHARE = 1 / 4;
const HUB_MIN = 3;
/** A first word shared by more than half of a schema with at least this many tables is a convention, not a domain. */
const CONVENTION_MIN_TABLES = 10;

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function analyzeDomains(lookup: Lookup, options: AnalysisOptions): Domains {
  const config = options.domains;
  if (config && Object.keys(config).length > 0) return configuredDomains(lookup, config);
  return inferDomains(lookup);
}

// ---------------------------------------------------------------------------------------------------------------
// Configured domains

function configuredDomains(lookup: Lookup, config: Record<string, string[]>): Domains {
  const resolve = tableResolver(lookup);
  const owner = new Map<string, string>();
  const groups: DomainGroup[] = [];
  for (const [name, entries] of Object.entries(config)) {
    if (!Array.isArray(entries)) throw new AnalysisConfigError(`domains["${name}"] must be a list of table names`);
    const tables = new Set<string>();
    for (const entry of entries) {
      const id = resolve(name, entry);
      const previous = owner.get(id);
      if (previous !== undefined && previous !== name) {
        throw new AnalysisConfigError(`domains["${name}"]: table ${id} is already in domains["${previous}"]; a table belongs to one domain`);
      }
      owner.set(id, name);
      tables.add(id);
    }
    groups.push({ name, tables: [...tables].sort(byCodePoint), basis: null });
  }
  const rest = [...lookup.tables.keys()].filter((id) => !owner.has(id));
  if (rest.length > 0) {
    const other = groups.find((g) => g.name === 'Other');
    if (other) other.tables = [...other.tables, ...rest].sort(byCodePoint);
    else groups.push({ name: 'Other', tables: rest, basis: null });
  }
  return { source: 'config', groups };
}

/** Resolves a config entry: a table id, or a bare name (in `public`, else in the only schema that has it). */
function tableResolver(lookup: Lookup): (domain: string, entry: string) => string {
  const byName = new Map<string, string[]>();
  for (const t of lookup.tables.values()) append(byName, t.name, t.id);
  return (domain, entry) => {
    if (typeof entry !== 'string') throw new AnalysisConfigError(`domains["${domain}"]: ${JSON.stringify(entry)} is not a table name`);
    if (lookup.tables.has(entry)) return entry;
    const ids = byName.get(entry) ?? [];
    const inPublic = ids.find((id) => lookup.tables.get(id)?.schema === 'public');
    if (inPublic !== undefined) return inPublic;
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) {
      throw new AnalysisConfigError(`domains["${domain}"]: "${entry}" is ambiguous (${ids.join(', ')}); write it as schema.table`);
    }
    const known = lookup.model.tables.some((t) => t.id === entry || t.name === entry);
    const why = known ? 'is not an analysed table (a partition, or a table of an extension or the platform)' : 'is not a table';
    throw new AnalysisConfigError(`domains["${domain}"]: "${entry}" ${why}`);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Inferred domains: the FK graph

interface Graph {
  /** Analysed table ids, sorted. */
  ids: string[];
  /** Table → neighbour → number of FKs between them (either direction), self-references left out. */
  links: Map<string, Map<string, number>>;
  /** Table → number of distinct other tables that reference it. */
  referencedBy: Map<string, number>;
}

function fkGraph(lookup: Lookup): Graph {
  const ids = [...lookup.tables.keys()];
  const links = new Map<string, Map<string, number>>(ids.map((id) => [id, new Map()]));
  const link = (a: string, b: string) => links.get(a)!.set(b, (links.get(a)!.get(b) ?? 0) + 1);
  for (const f of lookup.foreignKeys) {
    if (f.table === f.refTable) continue;
    link(f.table, f.refTable);
    link(f.refTable, f.table);
  }
  const referencedBy = new Map<string, number>();
  for (const [id, fks] of lookup.incoming) {
    referencedBy.set(id, new Set(fks.map((f) => f.table).filter((t) => t !== id)).size);
  }
  return { ids, links, referencedBy };
}

function findHubs(graph: Graph): Set<string> {
  const threshold = Math.max(HUB_MIN, Math.ceil((graph.ids.length - 1) * HUB_SHARE));
  return new Set(graph.ids.filter((id) => (graph.referencedBy.get(id) ?? 0) >= threshold));
}

// ---------------------------------------------------------------------------------------------------------------
// Inferred domains: groups under construction

type DraftKind = 'prefix' | 'community' | 'hub' | 'core' | 'other';

interface Draft {
  /** Unique and stable: the kind and the schema + prefix or the centre table. */
  key: string;
  name: string;
  kind: DraftKind;
  schema: string;
  /** The shared prefix (`lead_`) or the centre table id. */
  anchor: string;
  tables: string[];
  /** How many tables started the group (the rest joined through FKs). */
  seeded: number;
}

class Placement {
  readonly drafts: Draft[] = [];
  readonly of = new Map<string, Draft>();
  add(draft: Draft): Draft {
    this.drafts.push(draft);
    for (const t of draft.tables) this.of.set(t, draft);
    draft.seeded = draft.tables.length;
    return draft;
  }
  place(table: string, draft: Draft): void {
    draft.tables.push(table);
    this.of.set(table, draft);
  }
}

/** Title Case of name words; words without a vowel are acronyms (`sms`, `crm` → `SMS`, `CRM`). */
function titleCase(words: readonly string[]): string {
  return words.map((w) => (/[aeiouy]/.test(w) ? w.charAt(0).toUpperCase() + w.slice(1) : w.toUpperCase())).join(' ');
}

function tableName(lookup: Lookup, id: string): string {
  return lookup.tables.get(id)?.name ?? id;
}

interface PrefixKey {
  schema: string;
  word: string;
  /** Words before the key word (1 when the first word is a convention). */
  skip: number;
}

/** The key word of a table for prefix seeds: its first word, folded, or the second when the first is a convention. */
function prefixKeys(lookup: Lookup): Map<string, PrefixKey> {
  const words = new Map<string, string[]>();
  const perSchema = new Map<string, { size: number; first: Map<string, number> }>();
  for (const t of lookup.tables.values()) {
    const w = nameWords(t.name).map(singular);
    words.set(t.id, w);
    const s = perSchema.get(t.schema) ?? { size: 0, first: new Map<string, number>() };
    s.size++;
    if (w[0] !== undefined) s.first.set(w[0], (s.first.get(w[0]) ?? 0) + 1);
    perSchema.set(t.schema, s);
  }
  const keys = new Map<string, PrefixKey>();
  for (const t of lookup.tables.values()) {
    const w = words.get(t.id)!;
    const s = perSchema.get(t.schema)!;
    const convention = s.size >= CONVENTION_MIN_TABLES && (s.first.get(w[0] ?? '') ?? 0) * 2 > s.size;
    const skip = convention && w.length > 1 ? 1 : 0;
    const word = w[skip];
    if (word !== undefined) keys.set(t.id, { schema: t.schema, word, skip });
  }
  return keys;
}

/**
 * Name and prefix of a prefix group: the folded words all members share (after a convention word), spelled as the
 * member named just that spells them (`leads` → "Leads"), else as the first member does (`call_…` → "Call"); the
 * prefix as a longer member spells it (`category_rules` → `category_`).
 */
function prefixName(lookup: Lookup, members: string[], keys: Map<string, PrefixKey>): { name: string; prefix: string } {
  const words = (id: string) => nameWords(tableName(lookup, id)).slice(keys.get(id)!.skip);
  const folded = members.map((id) => words(id).map(singular));
  let common = folded[0]!.length;
  for (const f of folded) {
    let i = 0;
    while (i < common && i < f.length && f[i] === folded[0]![i]) i++;
    common = i;
  }
  common = Math.max(common, 1);
  const shared = folded[0]!.slice(0, common).join('_');
  const head = members.find((id) => words(id).map(singular).join('_') === shared);
  const spelled = words(head ?? members[0]!).slice(0, common);
  const longer = members.find((id) => words(id).length > common) ?? members[0]!;
  return { name: titleCase(spelled), prefix: `${words(longer).slice(0, common).join('_')}_` };
}

function addPrefixSeeds(lookup: Lookup, placement: Placement): void {
  const buckets = new Map<string, string[]>();
  const keys = prefixKeys(lookup);
  for (const [id, k] of keys) {
    append(buckets, `${k.schema}\u0000${k.word}`, id);
  }
  for (const key of [...buckets.keys()].sort(byCodePoint)) {
    const members = buckets.get(key)!;
    if (members.length < 2) continue;
    const { name, prefix } = prefixName(lookup, members, keys);
    const schema = lookup.tables.get(members[0]!)!.schema;
    placement.add({ key: `prefix:${key}`, name, kind: 'prefix', schema, anchor: prefix, tables: [...members], seeded: 0 });
  }
}

function communityDraft(lookup: Lookup, centre: string, tables: string[]): Draft {
  const t = lookup.tables.get(centre)!;
  return { key: `community:${centre}`, name: titleCase(nameWords(t.name)), kind: 'community', schema: t.schema, anchor: centre, tables, seeded: 0 };
}

function addCommunitySeeds(lookup: Lookup, graph: Graph, hubs: Set<string>, placement: Placement): void {
  for (const id of graph.ids) {
    if (hubs.has(id) || placement.of.has(id)) continue;
    const children = new Set((lookup.incoming.get(id) ?? []).map((f) => f.table));
    children.delete(id);
    const nonHub = [...children].filter((c) => !hubs.has(c)).length;
    if (nonHub >= 2) placement.add(communityDraft(lookup, id, [id]));
  }
}

/** The group a table shares most FKs with, over non-hub neighbours; ties by group name, then key. */
function bestGroup(table: string, graph: Graph, hubs: Set<string>, of: Map<string, Draft>): Draft | undefined {
  const score = new Map<Draft, number>();
  for (const [nb, count] of graph.links.get(table)!) {
    const d = hubs.has(nb) ? undefined : of.get(nb);
    if (d) score.set(d, (score.get(d) ?? 0) + count);
  }
  let best: Draft | undefined;
  for (const [d, s] of score) {
    const b = best === undefined ? 0 : score.get(best)!;
    if (best === undefined || s > b || (s === b && (byCodePoint(d.name, best.name) || byCodePoint(d.key, best.key)) < 0)) best = d;
  }
  return best;
}

function unplacedNeighbours(ids: Iterable<string>, graph: Graph, hubs: Set<string>, placement: Placement): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    if (hubs.has(id)) continue;
    for (const nb of graph.links.get(id)!.keys()) if (!hubs.has(nb) && !placement.of.has(nb)) out.add(nb);
  }
  return [...out].sort(byCodePoint);
}

/** Step 4: waves of attachment; each wave decides from the placement at its start, so order does not matter. */
function attachByForeignKeys(graph: Graph, hubs: Set<string>, placement: Placement): void {
  let frontier = unplacedNeighbours(placement.of.keys(), graph, hubs, placement);
  while (frontier.length > 0) {
    const decided: [string, Draft][] = [];
    for (const t of frontier) {
      const d = bestGroup(t, graph, hubs, placement.of);
      if (d) decided.push([t, d]);
    }
    for (const [t, d] of decided) placement.place(t, d);
    frontier = unplacedNeighbours(decided.map(([t]) => t), graph, hubs, placement);
  }
}

/** Step 5a: connected components of unplaced non-hub tables, each around its best-linked member. */
function addUnseededCommunities(lookup: Lookup, graph: Graph, hubs: Set<string>, placement: Placement): void {
  const seen = new Set<string>();
  for (const start of graph.ids) {
    if (hubs.has(start) || placement.of.has(start) || seen.has(start)) continue;
    const component = [start];
    seen.add(start);
    for (let i = 0; i < component.length; i++) {
      for (const nb of graph.links.get(component[i]!)!.keys()) {
        if (!hubs.has(nb) && !placement.of.has(nb) && !seen.has(nb)) {
          seen.add(nb);
          component.push(nb);
        }
      }
    }
    if (component.length < 2) continue;
    const inside = new Set(component);
    const degree = (id: string) => [...graph.links.get(id)!].reduce((n, [nb, c]) => n + (inside.has(nb) ? c : 0), 0);
    const sorted = component.sort(byCodePoint);
    const centre = sorted.reduce((best, id) => (degree(id) > degree(best) ? id : best));
    placement.add(communityDraft(lookup, centre, sorted));
  }
}

/** Step 5b: a community seed nothing joined is merged into the group it shares most non-hub FKs with. */
function mergeLoneCommunities(graph: Graph, hubs: Set<string>, placement: Placement): void {
  const lone = placement.drafts.filter((d) => d.kind === 'community' && d.tables.length === 1);
  const loneSet = new Set(lone);
  const others = new Map([...placement.of].filter(([, d]) => !loneSet.has(d)));
  for (const d of lone) {
    const table = d.tables[0]!;
    const target = bestGroup(table, graph, hubs, others);
    if (!target) continue;
    d.tables = [];
    placement.place(table, target);
  }
  placement.drafts.splice(0, placement.drafts.length, ...placement.drafts.filter((d) => d.tables.length > 0));
}

/** The hub a hub-only table belongs with: most FKs, then the hub fewer tables reference, then id. */
function closestHub(table: string, graph: Graph, hubs: Set<string>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [nb, count] of [...graph.links.get(table)!].sort(([a], [b]) => byCodePoint(a, b))) {
    if (!hubs.has(nb)) continue;
    const fewer = best !== undefined && (graph.referencedBy.get(nb) ?? 0) < (graph.referencedBy.get(best) ?? 0);
    if (best === undefined || count > bestCount || (count === bestCount && fewer)) {
      best = nb;
      bestCount = count;
    }
  }
  return best;
}

/** Step 6: hub-only tables join their closest hub's group; lone hubs form "Core"; tables without FKs "Other". */
function placeLeftovers(lookup: Lookup, graph: Graph, hubs: Set<string>, placement: Placement): void {
  const isolated: string[] = [];
  for (const id of graph.ids) {
    if (hubs.has(id) || placement.of.has(id)) continue;
    const hub = closestHub(id, graph, hubs);
    if (hub === undefined) {
      isolated.push(id);
      continue;
    }
    let group = placement.of.get(hub);
    if (!group) {
      const t = lookup.tables.get(hub)!;
      const name = `${titleCase(nameWords(t.name))} & related`;
      group = placement.add({ key: `hub:${hub}`, name, kind: 'hub', schema: t.schema, anchor: hub, tables: [hub], seeded: 0 });
    }
    placement.place(id, group);
  }
  const lonelyHubs = graph.ids.filter((id) => hubs.has(id) && !placement.of.has(id));
  if (lonelyHubs.length) placement.add({ key: 'core', name: 'Core', kind: 'core', schema: '', anchor: '', tables: lonelyHubs, seeded: 0 });
  if (isolated.length) placement.add({ key: 'other', name: 'Other', kind: 'other', schema: '', anchor: '', tables: isolated, seeded: 0 });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function basis(d: Draft, graph: Graph): string {
  const total = graph.ids.length;
  const refs = (id: string) => `${id}, referenced by ${graph.referencedBy.get(id) ?? 0} of ${total} tables`;
  const joined = d.tables.length - d.seeded;
  switch (d.kind) {
    case 'prefix':
      return `shared prefix ${d.anchor}${joined > 0 ? `, plus ${plural(joined, 'table')} linked by foreign keys` : ''}`;
    case 'community':
      return `FK community around ${d.anchor}`;
    case 'hub':
      return `FK community around ${refs(d.anchor)}`;
    case 'core':
      return `tables referenced by a large share of the schema: ${d.tables.map(refs).join('; ')}`;
    case 'other':
      return 'no foreign key to or from another table, and no shared name prefix';
  }
}

/** Same names from two schemas get the schema appended; any remaining clash a number. */
function uniqueNames(drafts: Draft[]): void {
  const counts = new Map<string, number>();
  for (const d of drafts) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
  for (const d of drafts) {
    if (counts.get(d.name)! > 1 && d.schema !== '' && d.schema !== 'public') d.name = `${d.name} (${d.schema})`;
  }
  const seen = new Map<string, number>();
  for (const d of [...drafts].sort((a, b) => byCodePoint(a.key, b.key))) {
    const n = (seen.get(d.name) ?? 0) + 1;
    seen.set(d.name, n);
    if (n > 1) d.name = `${d.name} ${n}`;
  }
}

function draftOrder(a: Draft, b: Draft): number {
  const other = Number(a.kind === 'other') - Number(b.kind === 'other');
  return other || b.tables.length - a.tables.length || byCodePoint(a.name, b.name);
}

function inferDomains(lookup: Lookup): Domains {
  const graph = fkGraph(lookup);
  const hubs = findHubs(graph);
  const placement = new Placement();
  addPrefixSeeds(lookup, placement);
  addCommunitySeeds(lookup, graph, hubs, placement);
  attachByForeignKeys(graph, hubs, placement);
  addUnseededCommunities(lookup, graph, hubs, placement);
  mergeLoneCommunities(graph, hubs, placement);
  placeLeftovers(lookup, graph, hubs, placement);
  uniqueNames(placement.drafts);
  const groups: DomainGroup[] = [...placement.drafts]
    .sort(draftOrder)
    .map((d) => ({ name: d.name, tables: [...d.tables].sort(byCodePoint), basis: basis(d, graph) }));
  return { source: 'inferred', groups };
}
