/**
 * `dependency-graph.md`, in seed 000's shape: how the tables hang together through foreign keys, and what follows
 * from it — the FK tree drawn from each root, the tables by dependency level with their keys, cycles, load and
 * delete order, the domains, state machines, key indexes, multi-tenant isolation, RLS policies and triggers.
 *
 * Everything is read from the model and the analysis (levels, cycles, load order, domains, tenancy and state
 * machines are computed once in `analyze`); this file only lays them out. Pure: `(ctx) → Markdown`.
 *
 * The tree: each table is drawn under the tables it references. A table with several parents is drawn in full
 * (with its own children) once, under one of them; each other parent lists it, with the other tables it draws
 * elsewhere, on one line `… also referenced by: a (FK: x), b (FK: y)`, so the tree has one full entry per table and
 * cycles end instead of looping.
 */
import type { Cycle, DomainGroup, StateMachine, Tenancy, TenantCandidate, TenantIsolation } from '../analyze/types.js';
import type { Constraint, ForeignKey, Index, Table, Trigger } from '../model/types.js';
import type { RenderContext } from './context.js';
import { indexKeys, readableIndexDdl } from './sql.js';
import { block, code, doc, list, plural, table, text } from './markdown.js';
import { sortedBy } from './sort.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Appends to the list under `key` (never copies it: a level can hold thousands of tables). */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** FKs declared on analysed tables (their target may be outside the analysis, e.g. `auth.users`), in id order. */
export function tableForeignKeys(ctx: RenderContext): ForeignKey[] {
  const analysed = new Set(ctx.analysis.tables);
  return ctx.model.foreignKeys.filter((f) => analysed.has(f.table));
}

/** `col` or `(a, b)`. */
export function columnList(columns: string[]): string {
  return columns.length === 1 ? columns[0]! : `(${columns.join(', ')})`;
}

/** `client_id → clients(id) ON DELETE CASCADE` (rules only when not NO ACTION), as plain text for a code span. */
export function fkText(ctx: RenderContext, f: ForeignKey): string {
  const rules = [
    f.onDelete === 'no action' ? '' : ` ON DELETE ${f.onDelete.toUpperCase()}`,
    f.onUpdate === 'no action' ? '' : ` ON UPDATE ${f.onUpdate.toUpperCase()}`,
    f.deferrable ? (f.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : '',
    f.validated ? '' : ' NOT VALID',
  ].join('');
  return `${columnList(f.columns)} → ${ctx.name(f.refTable)}(${f.refColumns.join(', ')})${rules}`;
}

/** A function id (`public.fn()`) as readers see it: `fn()`, or `schema.fn(args)` outside `public`. */
export function functionLabel(ctx: RenderContext, id: string): string {
  const f = ctx.fn(id);
  if (!f) return id.startsWith('public.') ? id.slice('public.'.length) : id;
  return `${f.schema === 'public' ? '' : `${f.schema}.`}${f.name}(${f.identityArgs})`;
}

/** An object id under a table (`public.users.users_pkey`) → its own name (`users_pkey`). */
export function localName(tableId: string, id: string): string {
  return id.startsWith(`${tableId}.`) ? id.slice(tableId.length + 1) : id;
}

/** Indexes that are not the backing index of a constraint, on analysed tables, grouped by table (tables by name). */
export function keyIndexes(ctx: RenderContext): { table: string; indexes: Index[] }[] {
  const analysed = new Set(ctx.analysis.tables);
  const byTable = new Map<string, Index[]>();
  for (const i of ctx.model.indexes) {
    if (!analysed.has(i.table) || i.constraint !== null || i.primary) continue;
    const group = byTable.get(i.table) ?? [];
    group.push(i);
    byTable.set(i.table, group);
  }
  // Composite, partial and expression indexes first: they encode a query pattern; then single-column ones.
  const simple = (i: Index) => (i.keys.length === 1 && i.predicate === null && i.keys[0]!.column !== null ? 1 : 0);
  return sortedBy(
    [...byTable.entries()].map(([t, indexes]) => ({ table: t, indexes: indexes.sort((a, b) => simple(a) - simple(b) || cmp(a.name, b.name)) })),
    (g) => ctx.name(g.table),
  );
}

/** Events as SQL says them: `INSERT OR UPDATE OF status`. */
export function triggerEvents(t: Trigger): string {
  return t.events
    .map((e) => (e === 'update' && t.columns.length ? `UPDATE OF ${t.columns.join(', ')}` : e.toUpperCase()))
    .join(' OR ');
}

function tableLink(ctx: RenderContext, id: string): string {
  return `**${ctx.tableLink(id)}**`;
}

/**
 * Where a trigger sits when its table is not analysed: `on a platform table` (Supabase's `auth.users`), `on an
 * extension table`, `on a table outside the documented schema`; null for a trigger on an analysed table.
 */
export function triggerPlace(ctx: RenderContext, t: Trigger): string | null {
  if (ctx.analysed(t.table)) return null;
  const origin = ctx.table(t.table)?.origin;
  if (origin === 'platform') return 'on a platform table';
  if (origin === 'extension') return 'on an extension table';
  return 'on a table outside the documented schema';
}

/**
 * The triggers the documents show, in model order: those on analysed tables, and those the user's functions put on
 * other tables (a Supabase `on_auth_user_created` trigger on `auth.users` running `public.handle_new_user()`): the
 * schema's behaviour depends on them too.
 */
export function documentedTriggers(ctx: RenderContext): Trigger[] {
  return ctx.model.triggers.filter((t) => ctx.analysed(t.table) || ctx.fn(t.function)?.origin === 'user');
}

/**
 * What a trigger is for, in the schema's words (seed 000 describes triggers by purpose): its function's comment, and
 * the trigger's own comment before it when it has one; null when neither is commented.
 */
export function triggerPurpose(ctx: RenderContext, t: Trigger): string | null {
  const said = [...new Set([t.comment, ctx.fn(t.function)?.comment].filter((c): c is string => !!c))];
  return said.length ? said.join(' — ') : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Foreign-key tree

function position(t: Table | undefined, column: string | undefined): number {
  return t?.columns.find((c) => c.name === column)?.position ?? Number.MAX_SAFE_INTEGER;
}

/** `(FK: owner_id, partner_id→partners)`: FKs to `parent` first and without a target, then the others. */
function fkLabel(ctx: RenderContext, fks: ForeignKey[], parent: string | null, only: boolean): string {
  if (!fks.length) return '';
  const t = ctx.table(fks[0]!.table);
  const order = (a: ForeignKey, b: ForeignKey) =>
    position(t, a.columns[0]) - position(t, b.columns[0]) || cmp(a.id, b.id);
  const inOrder = (list: ForeignKey[]) => (list.length > 1 ? list.sort(order) : list);
  const parts = inOrder(fks.filter((f) => f.refTable === parent)).map((f) => columnList(f.columns));
  if (!only) for (const f of inOrder(fks.filter((f) => f.refTable !== parent))) parts.push(`${columnList(f.columns)}→${ctx.name(f.refTable)}`);
  return parts.length ? ` (FK: ${parts.join(', ')})` : '';
}

/**
 * The FK tree. Each table is drawn in full once, under its "home": the parent of the highest level below its own
 * (ties: a parent it cannot exist without, through a NOT NULL FK, then by name), so a table sits under what it
 * most directly depends on, as in the seed. Its other parents name it on their one `… also referenced by:` line
 * (the last under each parent: the tables drawn elsewhere, by name, with the FK columns to that parent). Trees start
 * at the tables without a home (level 0, the tenant root first); back-edges of cycles are such references too.
 */
export function fkTree(ctx: RenderContext): string {
  const { analysis } = ctx;
  const analysed = new Set(analysis.tables);
  const level = (id: string) => analysis.levels[id] ?? 0;
  const byName = (a: string, b: string) => cmp(ctx.name(a), ctx.name(b)) || cmp(a, b);
  const sortedByName = (ids: Iterable<string>) => sortedBy(ids, (id) => ctx.name(id), (id) => id);
  const outgoing = new Map<string, ForeignKey[]>();
  const childrenOf = new Map<string, Set<string>>();
  const parentsOf = new Map<string, Set<string>>();
  for (const f of tableForeignKeys(ctx)) {
    push(outgoing, f.table, f);
    if (f.table === f.refTable || !analysed.has(f.refTable)) continue;
    childrenOf.set(f.refTable, (childrenOf.get(f.refTable) ?? new Set()).add(f.table));
    parentsOf.set(f.table, (parentsOf.get(f.table) ?? new Set()).add(f.refTable));
  }
  // Ties between parents of the same level: one the table cannot exist without (a NOT NULL FK) first, then by name.
  const required = new Map<string, Set<string>>(); // child → the parents it has a NOT NULL FK to
  for (const f of tableForeignKeys(ctx)) {
    const t = ctx.table(f.table);
    if (f.columns.every((c) => t?.columns.find((col) => col.name === c)?.nullable === false)) {
      const parents = required.get(f.table);
      if (parents) parents.add(f.refTable);
      else required.set(f.table, new Set([f.refTable]));
    }
  }
  const home = new Map<string, string>();
  for (const [child, parents] of parentsOf) {
    // The first of the parents below the child in the order above (what sorting them and taking the first gives).
    const own = level(child);
    const optional = (p: string) => (required.get(child)?.has(p) ? 0 : 1);
    let best: string | undefined;
    for (const p of parents) {
      if (level(p) >= own) continue;
      if (best === undefined || (level(best) - level(p) || optional(p) - optional(best) || byName(p, best)) < 0) best = p;
    }
    if (best) home.set(child, best);
  }

  const lines: string[] = [];
  const shown = new Set<string>();
  // Each table is walked once, from its home (or as the start of a tree): the walk ends, and is the same every time.
  const walk = (id: string, parent: string | null, prefix: string, branch: string, childPrefix: string): void => {
    shown.add(id);
    const tag = id === analysis.tenancy?.root ? ' (tenant root)' : '';
    lines.push(`${prefix}${branch}${ctx.name(id)}${tag}${fkLabel(ctx, outgoing.get(id) ?? [], parent, false)}`);
    const kids = sortedByName(childrenOf.get(id) ?? []);
    const full = kids.filter((k) => home.get(k) === id && !shown.has(k));
    const drawn = new Set(full);
    const refs = kids
      .filter((k) => !drawn.has(k))
      .map((k) => `${ctx.name(k)}${fkLabel(ctx, outgoing.get(k) ?? [], id, true)}`);
    full.forEach((kid, i) => {
      const last = i === full.length - 1 && !refs.length;
      walk(kid, id, childPrefix, last ? '└── ' : '├── ', `${childPrefix}${last ? '    ' : '│   '}`);
    });
    if (refs.length) lines.push(`${childPrefix}└── … also referenced by: ${refs.join(', ')}`);
  };

  const isolated = new Set(analysis.isolated);
  const root = analysis.tenancy?.root;
  // The tenant root first, then by name.
  const starts = sortedByName(analysis.tables.filter((id) => id !== root && !isolated.has(id) && !home.has(id)));
  if (root !== undefined && analysis.tables.includes(root) && !isolated.has(root) && !home.has(root)) starts.unshift(root);
  const trees: string[] = [];
  const draw = (id: string) => {
    lines.length = 0;
    walk(id, null, '', '', '');
    trees.push(lines.join('\n'));
  };
  for (const id of starts) if (!shown.has(id)) draw(id);
  // A table whose home chain never reaches a start (only possible with an inconsistent analysis): draw it alone.
  for (const id of analysis.tables) if (!shown.has(id) && !isolated.has(id)) draw(id);
  if (!trees.length) return 'No table references another table.';
  const drawing = trees.join('\n\n');

  const legend =
    'Each table is drawn under the tables it references, with its foreign-key columns (`col→table` when the FK ' +
    'points to another table than the one above it). A table is drawn in full once, under the referenced table of ' +
    'the highest level; its other parents name it on one line, `… also referenced by:`, with the FK columns.';
  const iso = sortedByName(isolated);
  const isoLine = iso.length
    ? `Tables with no foreign key in or out: ${iso.map((t) => text(ctx.name(t))).join(', ')}.`
    : null;
  return doc(legend, block(drawing), isoLine).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------
// Tables by level

function primaryKeyCell(t: Table, constraints: Constraint[]): string {
  const pk = constraints.find((c) => c.type === 'primary key');
  if (!pk) return 'none';
  return pk.columns
    .map((c) => `${code(c)} (${text(t.columns.find((col) => col.name === c)?.type ?? '?')})`)
    .join(', ');
}

function uniqueCell(ctx: RenderContext, t: Table, constraints: Constraint[]): string {
  const parts: string[] = [];
  for (const c of constraints.filter((x) => x.type === 'unique').sort((a, b) => cmp(a.name, b.name))) {
    const nnd = c.index && ctx.index(c.index)?.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
    parts.push(code(`${columnList(c.columns)}${nnd}`));
  }
  const uniqueIndexes = ctx
    .of(t.id)
    .indexes.filter((i) => i.unique && !i.primary && i.constraint === null)
    .sort((a, b) => cmp(a.name, b.name));
  for (const i of uniqueIndexes) {
    const keys = i.keys.length === 1 && i.keys[0]!.column ? indexKeys(i) : `(${indexKeys(i)})`;
    const where = i.predicate ? ` WHERE ${i.predicate}` : '';
    parts.push(`${code(`${keys}${where}`)} (index ${code(i.name)})`);
  }
  return parts.join(', ');
}

function levelMeaning(level: number): string {
  if (level === 0) return 'Tables that reference no other table.';
  if (level === 1) return 'Tables that reference level-0 tables only.';
  return `Tables that reference at least one level-${level - 1} table and none of a higher level.`;
}

function cycleLine(ctx: RenderContext, c: Cycle): string {
  const fkName = (id: string) => {
    const f = ctx.foreignKey(id);
    return f ? code(`${ctx.name(f.table)}.${columnList(f.columns)} → ${ctx.name(f.refTable)}`) : code(id);
  };
  const why: Record<Cycle['breakable'], string> = {
    nullable: 'it is nullable: insert the row with NULL there, then set it once the referenced row exists',
    deferrable: 'it is deferrable: it is checked at commit, so both rows can be inserted in one transaction',
    'nullable and deferrable': 'it is nullable and deferrable: insert NULL and set it later, or defer the check to commit',
    none: 'no FK of this cycle is nullable or deferrable, so its rows cannot be inserted in one pass — make one FK nullable or DEFERRABLE',
  };
  return (
    `${c.tables.map((t) => `**${text(ctx.name(t))}**`).join(' ↔ ')} (${c.foreignKeys.map(fkName).join(', ')}): ` +
    `broken at ${fkName(c.brokenAt)} for levels and load order, because ${why[c.breakable]}.`
  );
}

export function tablesByLevel(ctx: RenderContext): string {
  const { analysis } = ctx;
  const levels = new Map<number, string[]>();
  for (const id of analysis.tables) {
    const level = analysis.levels[id] ?? 0;
    push(levels, level, id);
  }
  const analysed = new Set(analysis.tables);
  const outside = [...new Set(tableForeignKeys(ctx).filter((f) => !analysed.has(f.refTable)).map((f) => f.refTable))].sort(cmp);
  const ignored = [
    'self-references',
    analysis.cycles.length ? 'the FKs broken to resolve a cycle (see Cycles)' : '',
    outside.length ? `FKs to tables outside the documented schema (${outside.map((t) => text(ctx.name(t))).join(', ')})` : '',
  ].filter(Boolean);
  const last = ignored.pop()!;
  const ignoredText = ignored.length ? `${ignored.join(', ')} and ${last}` : last;

  const parts: string[] = [
    'Level 0: a table that references no other table. Level n: 1 + the highest level among the tables it ' +
      `references. Not counted: ${ignoredText}. Loading the levels in order satisfies every counted FK.`,
  ];
  for (const level of [...levels.keys()].sort((a, b) => a - b)) {
    const ids = sortedBy(levels.get(level)!, (id) => ctx.name(id));
    const rows = ids.map((id) => {
      const t = ctx.table(id)!;
      // The table's own lists, gathered once for every document (the FKs copied before they are sorted).
      const constraints = ctx.of(id).constraints;
      const outgoing = ctx.of(id).outgoing;
      const fks =
        outgoing.length > 1
          ? [...outgoing].sort((a, b) => position(t, a.columns[0]) - position(t, b.columns[0]) || cmp(a.id, b.id))
          : outgoing;
      return [
        tableLink(ctx, id),
        primaryKeyCell(t, constraints),
        fks.map((f) => code(fkText(ctx, f))).join(', '),
        uniqueCell(ctx, t, constraints),
      ];
    });
    parts.push(
      `### Level ${level} (${plural(ids.length, 'table')})`,
      levelMeaning(level),
      table(['Table', 'Primary Key', 'Foreign Keys', 'UNIQUE constraints'], rows),
    );
  }

  parts.push('### Cycles');
  parts.push(
    analysis.cycles.length
      ? list(analysis.cycles.map((c) => cycleLine(ctx, c)))
      : 'No foreign-key cycles: every table can be loaded in one pass.',
  );

  parts.push('### Load and delete order');
  parts.push(
    'Insert in load order (each table after the tables it references); delete in delete order (each table ' +
      'before the tables it references).',
  );
  const n = Math.max(analysis.loadOrder.length, analysis.deleteOrder.length);
  const orderRows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const load = analysis.loadOrder[i];
    const del = analysis.deleteOrder[i];
    orderRows.push([String(i + 1), load ? text(ctx.name(load)) : '', del ? text(ctx.name(del)) : '']);
  }
  parts.push(table(['#', 'Load order', 'Delete order'], orderRows));
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Domains

export function domainIntro(ctx: RenderContext): string {
  return ctx.analysis.domains.source === 'config'
    ? 'Domains as named in the configuration.'
    : 'Domains are inferred from table names and foreign-key communities; name them under `domains:` in ' +
        '`schemaproof.config.yaml` to choose your own.';
}

/**
 * Prose that names schema objects (the analysis' `shared prefix gift_card_`): words that are identifiers beginning or
 * ending with `_` (a prefix, a suffix) are code spans, so they read as written; the rest is escaped text.
 */
export function prose(value: string): string {
  const out: string[] = [];
  let run = '';
  for (const token of value.split(/(\s+)/)) {
    const m = /^([("']*)([A-Za-z0-9_$]+(?:\.[A-Za-z0-9_$]+)*)([)"',;:.!?]*)$/.exec(token);
    const core = m?.[2] ?? '';
    if (m && core.length > 1 && /^_|_$/.test(core)) {
      out.push(text(run + m[1]!), code(core));
      run = m[3]!;
    } else {
      run += token;
    }
  }
  out.push(text(run));
  return out.join('');
}

function domainSection(ctx: RenderContext, g: DomainGroup): string {
  const rows = g.tables.map((id) => [tableLink(ctx, id), text(ctx.table(id)?.comment ?? '')]);
  return doc(
    `### ${text(g.name)}`,
    g.basis ? `*${prose(g.basis)}*` : null,
    table(['Table', 'Purpose'], rows),
  ).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------
// State machines

export function stateMachineDiagram(sm: StateMachine): string {
  const terminal = new Set(sm.terminal);
  const mark = (s: string) => (terminal.has(s) ? `${s} (TERMINAL)` : s);
  const order = new Map(sm.states.map((s, i) => [s, i]));
  const rank = (s: string) => order.get(s) ?? Number.MAX_SAFE_INTEGER;
  const lines: string[] = [];
  const from = Object.keys(sm.transitions).sort((a, b) => rank(a) - rank(b) || cmp(a, b));
  const reached = new Set<string>();
  for (const f of from) {
    for (const t of [...(sm.transitions[f] ?? [])].sort((a, b) => rank(a) - rank(b) || cmp(a, b))) {
      lines.push(`${f === sm.initial ? `[${f}]` : f} → ${mark(t)}`);
      reached.add(t);
      reached.add(f);
    }
  }
  for (const s of sm.states) if (!reached.has(s)) lines.push(`${mark(s)} (no transition in or out)`);
  return lines.join('\n');
}

/** Words Mermaid's state diagrams give a meaning to: a state with such a name is drawn through an alias too. */
const MERMAID_WORDS = new Set(['state', 'note', 'end', 'as', 'direction', 'class', 'classdef', 'style', 'click', 'left', 'right', 'of', 'over', 'fork', 'join', 'choice', 'default']);

/** A label inside `state "…" as s1`: Mermaid has no escape for `"` but reads entity codes (`#34;`). */
function mermaidLabel(label: string): string {
  return label.replace(/\s+/g, ' ').replace(/[#";<>]/g, (c) => `#${c.codePointAt(0)};`);
}

/**
 * The state machine as a Mermaid `stateDiagram-v2`: every state, `[*] --> initial`, the known transitions and
 * `terminal --> [*]`. A state whose name is not a plain identifier (or is one of Mermaid's words) is declared as
 * `state "in review" as s2` and drawn by its alias.
 */
export function stateMachineMermaid(sm: StateMachine): string {
  const plain = (s: string) => /^[A-Za-z][A-Za-z0-9_]*$/.test(s) && !MERMAID_WORDS.has(s.toLowerCase());
  const all = [...sm.states];
  for (const [from, tos] of Object.entries(sm.transitions)) for (const s of [from, ...tos]) if (!all.includes(s)) all.push(s);
  const taken = new Set(all.filter(plain));
  const ids = new Map<string, string>();
  const lines = ['stateDiagram-v2'];
  all.forEach((s, i) => {
    if (plain(s)) {
      ids.set(s, s);
      lines.push(`    ${s}`);
      return;
    }
    let alias = `s${i + 1}`;
    while (taken.has(alias)) alias = `${alias}_`;
    taken.add(alias);
    ids.set(s, alias);
    lines.push(`    state "${mermaidLabel(s)}" as ${alias}`);
  });
  const id = (s: string) => ids.get(s)!;
  if (sm.initial !== null && ids.has(sm.initial)) lines.push(`    [*] --> ${id(sm.initial)}`);
  const order = new Map(all.map((s, i) => [s, i]));
  const rank = (s: string) => order.get(s) ?? Number.MAX_SAFE_INTEGER;
  for (const from of Object.keys(sm.transitions).sort((a, b) => rank(a) - rank(b) || cmp(a, b))) {
    for (const to of [...(sm.transitions[from] ?? [])].sort((a, b) => rank(a) - rank(b) || cmp(a, b))) {
      lines.push(`    ${id(from)} --> ${id(to)}`);
    }
  }
  for (const s of sm.terminal) if (ids.has(s)) lines.push(`    ${id(s)} --> [*]`);
  return lines.join('\n');
}

function triggerItem(ctx: RenderContext, t: Trigger): string {
  const purpose = triggerPurpose(ctx, t);
  return (
    `${code(t.name)} (${t.timing.toUpperCase()} ${text(triggerEvents(t))} → ${code(functionLabel(ctx, t.function))})` +
    (purpose ? ` — ${text(purpose)}` : '')
  );
}

function stateMachineSection(ctx: RenderContext, sm: StateMachine): string {
  const column = localName(sm.table, sm.column);
  const title = `### ${text(`${ctx.name(sm.table)}.${column}`)} (${plural(sm.states.length, 'state')})`;
  const from =
    sm.valuesFrom.kind === 'enum'
      ? `enum type ${code(ctx.name(sm.valuesFrom.id))}`
      : `CHECK constraint ${code(localName(sm.table, sm.valuesFrom.id))}`;
  const facts = [
    `States: ${sm.states.map((s) => code(s)).join(', ')} (from the ${from}).`,
    sm.initial ? `Initial state: ${code(sm.initial)} (the column default).` : 'Initial state: none (no default among the states).',
  ];
  const diagram = block(stateMachineMermaid(sm), 'mermaid');
  let body: string;
  if (sm.source === 'unknown') {
    body = doc(
      diagram,
      `Transitions unknown (only the states are drawn): declare them under ${code('stateMachines:')} in ` +
        `${code('schemaproof.config.yaml')}, keyed by ${code(`${ctx.name(sm.table)}.${column}`)}.`,
    ).trimEnd();
  } else {
    const how = sm.source === 'declared' ? 'Transitions declared in the configuration' : 'Transitions verified in a sandbox';
    body = doc(`${how}:`, diagram, 'As text (`[state]` is the initial state):', block(stateMachineDiagram(sm))).trimEnd();
  }
  const triggers = sm.guardedBy.map((id) => {
    const t = ctx.trigger(id);
    return t ? triggerItem(ctx, t) : code(id);
  });
  const guards = triggers.length
    ? doc('Triggers on UPDATE of this column:', list(triggers)).trimEnd()
    : 'No trigger fires on UPDATE of this column: any listed state can be written at any time.';
  return doc(title, facts.join(' '), body, guards).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------
// Key indexes

export function keyIndexBlock(ctx: RenderContext): string {
  const groups = keyIndexes(ctx);
  if (!groups.length) return 'No indexes besides those that back primary keys and unique constraints.';
  const chunks = groups.map((g) => {
    const lines = [`-- ${ctx.name(g.table).replace(/\s+/g, ' ')}`];
    for (const i of g.indexes) {
      if (i.comment) lines.push(`-- ${i.comment.replace(/\s+/g, ' ')}`);
      if (!i.valid) lines.push('-- INVALID: not used by queries (a failed CREATE INDEX CONCURRENTLY?); rebuild or drop it');
      lines.push(`${readableIndexDdl(i, ctx.table(i.table))};`);
    }
    return lines.join('\n');
  });
  return doc(
    'Indexes other than those backing primary keys and unique constraints, by table; multi-column, partial and ' +
      'expression indexes first, then single-column ones.',
    block(chunks.join('\n\n'), 'sql'),
  ).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------
// Multi-tenant isolation

function policyName(ctx: RenderContext, policyId: string, tableId: string): string {
  return ctx.policy(policyId)?.name ?? localName(tableId, policyId);
}

/** `otp_codes → users`: an inherited table's path to a tenant table (the path may or may not start with the table). */
function pathText(ctx: RenderContext, table: string, path: string[]): string {
  return (path[0] === table ? path : [table, ...path]).map((t) => text(ctx.name(t))).join(' → ');
}

type Inherited = Tenancy['inherited'][number];

/**
 * The verdict on one tenant table in words. An inherited table has no tenant column, so its verdict never says that
 * something "does not filter on" that column: it says how the table inherits the tenant and what RLS does.
 */
export function verdictText(ctx: RenderContext, tenancy: Tenancy, iso: TenantIsolation, inherited?: Inherited): string {
  const col = code(tenancy.column);
  const hops = inherited ? (inherited.path[0] === iso.table ? inherited.path.slice(1) : inherited.path) : [];
  const via = inherited ? `inherits the tenant via ${hops.map((t) => text(ctx.name(t))).join(' → ')}` : null;
  const open = iso.policies.filter((p) => p.filter === 'none' && p.permissive).map((p) => code(policyName(ctx, p.policy, iso.table)));
  const who = (what: string) =>
    open.length ? `: ${open.length === 1 ? 'policy' : 'policies'} ${open.join(', ')} ${open.length === 1 ? 'lets' : 'let'} rows through ${what}` : '';
  switch (iso.verdict) {
    case 'filters-tenant':
      return via ? `${via}; RLS filters on the tenant` : `filters on ${col}`;
    case 'indirect':
      return `${via ? `${via}; ` : ''}indirect: decided by a function or subquery the analysis cannot see through`;
    case 'does-not-filter':
      return via
        ? `${via}; **RLS policies do not mention the tenant**${who('without it')}`
        : `**does NOT filter on ${col}**${who('without looking at it')}`;
    case 'no-policy':
      return `${via ? `${via}; ` : ''}RLS on with no policy: no rows are visible except to the owner and BYPASSRLS roles`;
    case 'rls-disabled':
      return via ? `${via}; **RLS disabled**` : `**RLS disabled**: nothing filters on ${col} in the database`;
  }
}

/** A YAML scalar: plain when it is a simple name, else double-quoted. */
function yamlScalar(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(value) ? value : JSON.stringify(value);
}

function candidateRows(ctx: RenderContext, candidates: TenantCandidate[]): string[][] {
  return candidates.map((c) => [
    text(ctx.name(c.root)),
    code(c.column),
    String(c.tables),
    c.accepted ? 'accepted' : text(c.rejected ?? ''),
  ]);
}

/** No tenancy: why (the candidates and why each was rejected), and the config that names one, with real names. */
function noTenantSection(ctx: RenderContext): string {
  const candidates = ctx.analysis.tenantCandidates;
  const best = candidates[0];
  const config = best
    ? `tenant: { root: ${yamlScalar(best.root)}, column: ${yamlScalar(best.column)} }`
    : 'tenant: { root: schema.table, column: tenant_column }';
  return doc(
    candidates.length
      ? `No tenant was found. The ${candidates.length === 1 ? 'column that looked' : `${candidates.length} columns that looked`} ` +
          'most like one (a column that references one table from several tables), and why each was not taken:'
      : 'No tenant was found: no column of one name references one table from several tables.',
    candidates.length ? table(['Root', 'Column', 'Tables referencing it', 'Why not'], candidateRows(ctx, candidates)) : null,
    `If the schema is multi-tenant, name the tenant root and its column in ${code('schemaproof.config.yaml')}` +
      `${best ? ' (here the best candidate)' : ''}:`,
    block(config, 'yaml'),
    `If it is not, ${code('tenant: false')} says so.`,
  ).trimEnd();
}

function rlsCell(enabled: boolean, forced: boolean): string {
  if (!enabled) return 'disabled';
  return forced ? 'enabled, forced' : 'enabled, not forced';
}

const FILTER_WORDS: Record<TenantIsolation['policies'][number]['filter'], string> = {
  tenant: 'filters on the tenant',
  indirect: 'indirect',
  none: 'does not look at the tenant',
};

export function tenancySection(ctx: RenderContext): string {
  const tenancy = ctx.analysis.tenancy;
  if (!tenancy) return noTenantSection(ctx);
  const col = code(tenancy.column);
  const how =
    tenancy.source === 'config'
      ? 'configured in `schemaproof.config.yaml`'
      : `inferred${tenancy.evidence ? ` (${text(tenancy.evidence)})` : ''}; set \`tenant:\` in \`schemaproof.config.yaml\` to fix it`;
  const names = (ids: string[]) => sortedBy(ids, (id) => ctx.name(id));
  const inheritedBy = new Map(tenancy.inherited.map((i) => [i.table, i]));
  const others = ctx.analysis.tenantCandidates.filter((c) => !c.accepted);

  const parts: string[] = [
    `Tenant root: ${tableLink(ctx, tenancy.root)}, tenant column ${col} — ${how}.`,
    others.length && tenancy.source === 'inferred'
      ? doc('Other candidates, and why they were not taken:', table(['Root', 'Column', 'Tables referencing it', 'Why not'], candidateRows(ctx, others))).trimEnd()
      : '',
    `### Tables with ${col}`,
    tenancy.scoped.length ? list(names(tenancy.scoped).map((t) => text(ctx.name(t)))) : 'None.',
    `### Tables without ${col}`,
    tenancy.inherited.length
      ? doc(
          'They reach a tenant table through foreign keys and inherit its tenant (shortest path shown):',
          list(
            sortedBy(tenancy.inherited, (i) => ctx.name(i.table)).map(
                (i) =>
                  `${pathText(ctx, i.table, i.path)}${i.nullable ? ' (only through nullable FKs: rows with NULL there have no tenant)' : ''}`,
              ),
          ),
        ).trimEnd()
      : 'None: every tenant table carries the column itself.',
  ];
  if (tenancy.outside.length) {
    parts.push(
      '### Outside the tenancy',
      `No ${col} and no foreign-key path to a tenant table: shared by all tenants.`,
      list(names(tenancy.outside).map((t) => text(ctx.name(t)))),
    );
  }
  parts.push('### Isolation by row-level security');
  if (!tenancy.isolation.length) {
    parts.push('No tenant table to check.');
  } else {
    const count = new Map<string, number>();
    const someInherited = new Set<string>();
    for (const i of tenancy.isolation) {
      count.set(i.verdict, (count.get(i.verdict) ?? 0) + 1);
      if (inheritedBy.has(i.table)) someInherited.add(i.verdict);
    }
    // Inherited tables have no tenant column: the words name the column only when every table counted has it.
    const phrases: [string, string][] = [
      ['filters-tenant', someInherited.has('filters-tenant') ? 'filter on the tenant' : `filter on ${col}`],
      ['indirect', 'decide through a function or subquery'],
      ['does-not-filter', someInherited.has('does-not-filter') ? 'let rows through without checking the tenant' : `do NOT filter on ${col}`],
      ['no-policy', 'have RLS on and no policy'],
      ['rls-disabled', 'have RLS disabled'],
    ];
    const summary = phrases
      .filter(([v]) => count.get(v))
      .map(([v, phrase]) => `${count.get(v)} ${phrase}`)
      .join('; ');
    const notForced = tenancy.isolation.some((i) => i.rlsEnabled && !i.rlsForced);
    parts.push(
      `Of ${plural(tenancy.isolation.length, 'tenant table')}: ${summary}.` +
        (notForced ? ' "Not forced": the table owner (often the role the application connects as) bypasses RLS.' : ''),
    );
    const rows = sortedBy(tenancy.isolation, (i) => ctx.name(i.table)).map((i) => [
        tableLink(ctx, i.table),
        rlsCell(i.rlsEnabled, i.rlsForced),
        i.policies
          .map((p) => `${code(policyName(ctx, p.policy, i.table))} (${p.command.toUpperCase()}${p.permissive ? '' : ', restrictive'}): ${FILTER_WORDS[p.filter]}`)
          .join('; '),
        verdictText(ctx, tenancy, i, inheritedBy.get(i.table)),
      ]);
    parts.push(table(['Table', 'RLS', 'Policies', 'Verdict'], rows));
  }
  return parts.filter(Boolean).join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------
// RLS policies and triggers

/** Stands for a table's own name in policies shared by several tables (`<table>_tenant_isolation`). */
export const TABLE_PLACEHOLDER = '<table>';
/** The same, in words (`ace form fields` for `ace_form_fields`), as policy names often say it. */
export const TABLE_WORDS_PLACEHOLDER = '<table in words>';

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** `[A-Za-z0-9_$"]`: what continues a name in SQL text (`"` too: `users` in `"users"` is already quoted). */
const isSqlNameChar = (c: number) => isAlnum(c) || c === 0x5f /* _ */ || c === 0x24 /* $ */ || c === 0x22; /* " */

/**
 * `s` with every occurrence of `word` that no `wordChar` touches on either side replaced by `by`, left to right —
 * what a global regex with lookbehind and lookahead does, without compiling one per policy and table.
 */
function replaceWord(s: string, word: string, by: string, wordChar: (code: number) => boolean): string {
  let out = '';
  let copied = 0;
  for (let at = s.indexOf(word); at >= 0; ) {
    const end = at + word.length;
    if ((at === 0 || !wordChar(s.charCodeAt(at - 1))) && (end === s.length || !wordChar(s.charCodeAt(end)))) {
      out += s.slice(copied, at) + by;
      copied = end;
      at = s.indexOf(word, end);
    } else {
      at = s.indexOf(word, at + 1);
    }
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/**
 * A policy name with the table's own name replaced by `<table>` (and its words by `<table in words>`), or null when
 * the name already holds a placeholder (then the replacement could not be read back).
 */
function templatedName(name: string, table: string): string | null {
  if (name.includes(TABLE_PLACEHOLDER) || name.includes(TABLE_WORDS_PLACEHOLDER)) return null;
  // `_` is a separator in names (`users_tenant_isolation`), not part of a word.
  const edge = (s: string, by: string, value: string) =>
    s === '' ? value.replace(new RegExp('(?<![A-Za-z0-9])(?![A-Za-z0-9])', 'g'), by) : replaceWord(value, s, by, isAlnum);
  const out = edge(table, TABLE_PLACEHOLDER, name);
  return table.includes('_') ? edge(table.replace(/_/g, ' '), TABLE_WORDS_PLACEHOLDER, out) : out;
}

/**
 * An expression with the table's own name (as Postgres prints it: bare, or double-quoted when it needs quotes)
 * replaced by `<table>` outside string literals (`<table>.campaign_id`), or null when it already holds the placeholder.
 */
function templatedSql(expr: string | null, table: string): string | null {
  if (expr === null) return null;
  if (expr.includes(TABLE_PLACEHOLDER)) return null;
  const quoted = /^[a-z_][a-z0-9_$]*$/.test(table) ? table : `"${table.replace(/"/g, '""')}"`;
  // Most expressions never name their table: nothing to split and put back together.
  if (!expr.includes(quoted)) return expr;
  return expr
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : replaceWord(part, quoted, TABLE_PLACEHOLDER, isSqlNameChar)))
    .join('');
}

function policyRow(p: { name: string; command: string; permissive: boolean; roles: string[]; using: string | null; withCheck: string | null }): string[] {
  return [
    code(p.name),
    p.command.toUpperCase(),
    p.permissive ? 'permissive' : 'restrictive',
    p.roles.map((r) => code(r)).join(', '),
    p.using === null ? '' : code(p.using),
    p.withCheck === null ? '' : code(p.withCheck),
  ];
}

function rlsState(t: Table): string {
  return t.rls.enabled
    ? `RLS ${rlsCell(true, t.rls.forced)}.`
    : '**RLS disabled**: these policies have no effect until `ENABLE ROW LEVEL SECURITY`.';
}

/**
 * The policies per table, tables whose policies are the same up to the table's own name (same command, kind, roles,
 * USING and WITH CHECK, and names equal once the table name is replaced) shown once, as one block listing them.
 */
export function policiesSection(ctx: RenderContext): string {
  const byName = (tables: Iterable<Table>) => sortedBy(tables, (t) => ctx.name(t.id), (t) => t.id);
  const sorted = byName(ctx.tables);
  const withRls = sorted.filter((t) => t.rls.enabled || ctx.of(t.id).policies.length);
  const without = sorted.filter((t) => !t.rls.enabled && !ctx.of(t.id).policies.length);
  if (!withRls.length) return 'No table has row-level security enabled, and no policy is defined.';
  type Row = Parameters<typeof policyRow>[0];
  // The key of a table's policies with its name templated, or null when a text cannot be templated (it stays alone);
  // `loose`: both placeholders read as one (a name without `_` is the same in words).
  const keyOf = (t: Table): { key: string; loose: string; rows: Row[] } | null => {
    const rows: Row[] = [];
    for (const p of [...ctx.of(t.id).policies].sort((a, b) => cmp(a.name, b.name))) {
      const name = templatedName(p.name, t.name);
      const using = templatedSql(p.using, t.name);
      const withCheck = templatedSql(p.withCheck, t.name);
      if (name === null || (p.using !== null && using === null) || (p.withCheck !== null && withCheck === null)) return null;
      rows.push({ name, command: p.command, permissive: p.permissive, roles: [...p.roles].sort(cmp), using, withCheck });
    }
    const key = (names: (r: Row) => string) =>
      JSON.stringify([t.rls.enabled, t.rls.forced, rows.map((r) => JSON.stringify({ ...r, name: names(r) })).sort(cmp)]);
    return { key: key((r) => r.name), loose: key((r) => r.name.split(TABLE_WORDS_PLACEHOLDER).join(TABLE_PLACEHOLDER)), rows };
  };
  const groups = new Map<string, { tables: Table[]; rows: Row[] }>();
  const looseGroups = new Map<string, string>();
  const add = (key: string, t: Table, rows: Row[]) => {
    const group = groups.get(key);
    if (group) group.tables.push(t);
    else groups.set(key, { tables: [t], rows });
  };
  // Names with `_` first: their policy names say which placeholder each mention is. A name without `_` reads the same
  // in words, so such a table joins a group whose policies, with its name put back, are exactly its own.
  for (const t of withRls.filter((x) => x.name.includes('_'))) {
    const k = keyOf(t);
    if (!k) add(`\u0000${t.id}`, t, []);
    else {
      add(k.key, t, k.rows);
      if (!looseGroups.has(k.loose)) looseGroups.set(k.loose, k.key);
    }
  }
  for (const t of withRls.filter((x) => !x.name.includes('_'))) {
    const k = keyOf(t);
    if (!k) add(`\u0000${t.id}`, t, []);
    else add(groups.has(k.key) ? k.key : (looseGroups.get(k.loose) ?? k.key), t, k.rows);
  }
  for (const g of groups.values()) g.tables = byName(g.tables);
  const parts: string[] = [];
  for (const { tables, rows } of sortedBy(groups.values(), (g) => ctx.name(g.tables[0]!.id), (g) => g.tables[0]!.id)) {
    const first = tables[0]!;
    const state = rlsState(first);
    if (tables.length === 1) {
      const policies = [...ctx.of(first.id).policies].sort((a, b) => cmp(a.name, b.name));
      parts.push(`### ${text(ctx.name(first.id))}`);
      parts.push(
        policies.length
          ? doc(state, table(['Policy', 'Command', 'Kind', 'Roles', 'USING', 'WITH CHECK'], policies.map(policyRow))).trimEnd()
          : `${state} No policy: no rows are visible except to the owner and BYPASSRLS roles.`,
      );
      continue;
    }
    const names = tables.map((t) => text(ctx.name(t.id)));
    const heading = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more tables`;
    const templated = rows.some((r) => [r.name, r.using ?? '', r.withCheck ?? ''].some((v) => v.includes(TABLE_PLACEHOLDER) || v.includes(TABLE_WORDS_PLACEHOLDER)));
    parts.push(`### ${heading}`);
    parts.push(
      doc(
        `The same policies on ${plural(tables.length, 'table')}: ${names.join(', ')}.` +
          (templated
            ? ` ${code(TABLE_PLACEHOLDER)} stands for each table's name` +
              (rows.some((r) => r.name.includes(TABLE_WORDS_PLACEHOLDER)) ? ` (${code(TABLE_WORDS_PLACEHOLDER)}: with spaces for underscores)` : '') +
              '.'
            : ''),
        rows.length
          ? doc(state, table(['Policy', 'Command', 'Kind', 'Roles', 'USING', 'WITH CHECK'], rows.map(policyRow))).trimEnd()
          : `${state} No policy: no rows are visible except to the owner and BYPASSRLS roles.`,
      ).trimEnd(),
    );
  }
  if (without.length) {
    parts.push(`RLS disabled and no policy: ${without.map((t) => text(ctx.name(t.id))).join(', ')}.`);
  }
  return parts.join('\n\n');
}

export function triggersSection(ctx: RenderContext): string {
  const triggers = sortedBy(documentedTriggers(ctx), (t) => ctx.name(t.table), (t) => t.table, (t) => t.name);
  if (!triggers.length) return 'No triggers.';
  const places = new Map<string, number>();
  for (const t of triggers) {
    const place = triggerPlace(ctx, t);
    if (place) places.set(place, (places.get(place) ?? 0) + 1);
  }
  const rows = triggers.map((t) => {
    const flags = [
      t.constraint ? 'constraint trigger' : '',
      t.enabled === 'disabled' ? 'disabled' : t.enabled === 'replica' ? 'replica only' : t.enabled === 'always' ? 'always' : '',
    ].filter(Boolean);
    const place = triggerPlace(ctx, t);
    return [
      `${tableLink(ctx, t.table)}${place ? ` (${place})` : ''}`,
      `${code(t.name)}${flags.length ? ` (${flags.join(', ')})` : ''}`,
      t.timing.toUpperCase(),
      `${text(triggerEvents(t))}${t.when ? ` WHEN ${code(t.when)}` : ''}`,
      `FOR EACH ${t.level.toUpperCase()}`,
      code(functionLabel(ctx, t.function)),
      text(triggerPurpose(ctx, t) ?? ''),
    ];
  });
  const counted = [...places.entries()].map(([place, n]) => `${n} ${place}`).join(', ');
  return doc(
    `${plural(triggers.length, 'trigger')}${counted ? ` (${counted}: the schema's functions run there too)` : ''}. ` +
      'Purpose: the comment of the trigger\'s function (and of the trigger, when it has one).',
    table(['Table', 'Trigger', 'Timing', 'Events', 'Level', 'Function', 'Purpose'], rows),
  ).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------

export function renderDependencyGraph(ctx: RenderContext): string {
  const { analysis } = ctx;
  const fkCount = tableForeignKeys(ctx).length;
  const levelCount = new Set(Object.values(analysis.levels)).size;
  const machines = [...analysis.stateMachines].sort((a, b) => cmp(a.column, b.column));
  return doc(
    '# Schema dependency graph',
    `Foreign-key structure of ${code(ctx.model.source.location)}: ${plural(ctx.tables.length, 'table')}, ` +
      `${plural(fkCount, 'foreign key')}, ${plural(levelCount, 'dependency level')}.`,
    '## Foreign-key tree',
    fkTree(ctx),
    '## Tables by level',
    tablesByLevel(ctx),
    '## Tables by domain',
    domainIntro(ctx),
    ...analysis.domains.groups.map((g) => domainSection(ctx, g)),
    '## State machines',
    machines.length
      ? machines.map((sm) => stateMachineSection(ctx, sm)).join('\n\n')
      : 'No state machine: no status-like column with a closed set of values (enum or CHECK … IN).',
    '## Key indexes',
    keyIndexBlock(ctx),
    '## Multi-tenant isolation',
    tenancySection(ctx),
    '## RLS policies',
    policiesSection(ctx),
    '## Triggers',
    triggersSection(ctx),
  );
}
