/**
 * `dependency-graph.md`, in seed 000's shape: how the tables hang together through foreign keys, and what follows
 * from it — the FK tree drawn from each root, the tables by dependency level with their keys, cycles, load and
 * delete order, the domains, state machines, key indexes, multi-tenant isolation, RLS policies and triggers.
 *
 * Everything is read from the model and the analysis (levels, cycles, load order, domains, tenancy and state
 * machines are computed once in `analyze`); this file only lays them out. Pure: `(ctx) → Markdown`.
 *
 * The tree: each table is drawn under the tables it references. A table with several parents is drawn in full
 * (with its own children) the first time the walk meets it, and as one line ending in `→ see above` under each
 * other parent, so the tree has one full entry per table and cycles end instead of looping.
 */
import type { Cycle, DomainGroup, StateMachine, Tenancy, TenantIsolation } from '../analyze/types.js';
import type { Constraint, ForeignKey, Index, Policy, Table, Trigger } from '../model/types.js';
import type { RenderContext } from './context.js';
import { block, code, doc, list, plural, table, text } from './markdown.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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
  return [...byTable.entries()]
    .map(([t, indexes]) => ({ table: t, indexes: indexes.sort((a, b) => simple(a) - simple(b) || cmp(a.name, b.name)) }))
    .sort((a, b) => cmp(ctx.name(a.table), ctx.name(b.table)));
}

/** `(client_id, status)`, keys as Postgres printed them (`lower(email)`, `created_at DESC`). */
export function indexKeys(i: Index): string {
  return i.keys
    .map((k) => `${k.column ?? k.expression ?? '?'}${k.descending ? ' DESC' : ''}`)
    .join(', ');
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

// ---------------------------------------------------------------------------------------------------------------
// Foreign-key tree

function position(t: Table | undefined, column: string | undefined): number {
  return t?.columns.find((c) => c.name === column)?.position ?? Number.MAX_SAFE_INTEGER;
}

/** `(FK: owner_id, partner_id→partners)`: FKs to `parent` first and without a target, then the others. */
function fkLabel(ctx: RenderContext, fks: ForeignKey[], parent: string | null, only: boolean): string {
  const t = fks[0] ? ctx.table(fks[0].table) : undefined;
  const order = (a: ForeignKey, b: ForeignKey) =>
    position(t, a.columns[0]) - position(t, b.columns[0]) || cmp(a.id, b.id);
  const toParent = fks.filter((f) => f.refTable === parent).sort(order);
  const others = only ? [] : fks.filter((f) => f.refTable !== parent).sort(order);
  const parts = [
    ...toParent.map((f) => columnList(f.columns)),
    ...others.map((f) => `${columnList(f.columns)}→${ctx.name(f.refTable)}`),
  ];
  return parts.length ? ` (FK: ${parts.join(', ')})` : '';
}

/**
 * The FK tree. Each table is drawn in full once, under its "home": the parent of the highest level below its own
 * (ties: a parent it cannot exist without, through a NOT NULL FK, then by name), so a table sits under what it
 * most directly depends on, as in the seed. Under its other parents it is one line, `→ see above` (or `below`,
 * when the walk has not reached the full entry yet). Trees start at the level-0 tables (the tenant root first);
 * back-edges of cycles are such one-line references too.
 */
export function fkTree(ctx: RenderContext): string {
  const { analysis } = ctx;
  const analysed = new Set(analysis.tables);
  const level = (id: string) => analysis.levels[id] ?? 0;
  const byName = (a: string, b: string) => cmp(ctx.name(a), ctx.name(b)) || cmp(a, b);
  const outgoing = new Map<string, ForeignKey[]>();
  const childrenOf = new Map<string, Set<string>>();
  const parentsOf = new Map<string, Set<string>>();
  for (const f of tableForeignKeys(ctx)) {
    outgoing.set(f.table, [...(outgoing.get(f.table) ?? []), f]);
    if (f.table === f.refTable || !analysed.has(f.refTable)) continue;
    childrenOf.set(f.refTable, (childrenOf.get(f.refTable) ?? new Set()).add(f.table));
    parentsOf.set(f.table, (parentsOf.get(f.table) ?? new Set()).add(f.refTable));
  }
  // Ties between parents of the same level: one the table cannot exist without (a NOT NULL FK) first, then by name.
  const required = new Set<string>();
  for (const f of tableForeignKeys(ctx)) {
    const t = ctx.table(f.table);
    if (f.columns.every((c) => t?.columns.find((col) => col.name === c)?.nullable === false)) required.add(`${f.table}\u0000${f.refTable}`);
  }
  const home = new Map<string, string>();
  for (const [child, parents] of parentsOf) {
    const below = [...parents].filter((p) => level(p) < level(child));
    const optional = (p: string) => (required.has(`${child}\u0000${p}`) ? 0 : 1);
    below.sort((a, b) => level(b) - level(a) || optional(a) - optional(b) || byName(a, b));
    if (below[0]) home.set(child, below[0]);
  }

  type Line = { id: string; full: boolean; text: string };
  const lines: Line[] = [];
  const shown = new Set<string>();
  const walk = (id: string, parent: string | null, prefix: string, branch: string, childPrefix: string): void => {
    const own = outgoing.get(id) ?? [];
    const full = !shown.has(id) && (parent === null || home.get(id) === parent);
    if (!full) {
      lines.push({ id, full, text: `${prefix}${branch}${ctx.name(id)}${fkLabel(ctx, own, parent, true)}` });
      return;
    }
    shown.add(id);
    const tag = id === analysis.tenancy?.root ? ' (tenant root)' : '';
    lines.push({ id, full, text: `${prefix}${branch}${ctx.name(id)}${tag}${fkLabel(ctx, own, parent, false)}` });
    const kids = [...(childrenOf.get(id) ?? [])];
    const isHome = (k: string) => (home.get(k) === id && !shown.has(k) ? 0 : 1);
    kids.sort((a, b) => isHome(a) - isHome(b) || byName(a, b));
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      walk(kid, id, childPrefix, last ? '└── ' : '├── ', `${childPrefix}${last ? '    ' : '│   '}`);
    });
  };

  const isolated = new Set(analysis.isolated);
  const root = analysis.tenancy?.root;
  const starts = analysis.tables
    .filter((id) => !isolated.has(id) && !home.has(id))
    .sort((a, b) => (a === root ? -1 : b === root ? 1 : byName(a, b)));
  const trees: Line[][] = [];
  for (const id of starts) {
    if (shown.has(id)) continue;
    lines.length = 0;
    walk(id, null, '', '', '');
    trees.push([...lines]);
  }
  // A table whose home chain never reaches a start (only possible with an inconsistent analysis): draw it alone.
  for (const id of analysis.tables) {
    if (shown.has(id) || isolated.has(id)) continue;
    lines.length = 0;
    walk(id, null, '', '', '');
    trees.push([...lines]);
  }
  if (!trees.length) return 'No table references another table.';

  // A reference says where the full entry is: above, or below when the walk reaches it later.
  const fullAt = new Map<string, number>();
  trees.flat().forEach((l, i) => {
    if (l.full) fullAt.set(l.id, i);
  });
  let at = 0;
  const drawing = trees
    .map((tree) =>
      tree
        .map((l) => {
          const here = at++;
          return l.full ? l.text : `${l.text} → see ${(fullAt.get(l.id) ?? 0) < here ? 'above' : 'below'}`;
        })
        .join('\n'),
    )
    .join('\n\n');

  const legend =
    'Each table is drawn under the tables it references, with its foreign-key columns (`col→table` when the FK ' +
    'points to another table than the one above it). A table is drawn in full once, under the referenced table of ' +
    'the highest level; under its other parents it is one line marked `→ see above` (or `below`).';
  const iso = [...isolated].sort(byName);
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
  const constraintsByTable = new Map<string, Constraint[]>();
  for (const c of ctx.model.constraints) constraintsByTable.set(c.table, [...(constraintsByTable.get(c.table) ?? []), c]);
  const fksByTable = new Map<string, ForeignKey[]>();
  for (const f of tableForeignKeys(ctx)) fksByTable.set(f.table, [...(fksByTable.get(f.table) ?? []), f]);

  const levels = new Map<number, string[]>();
  for (const id of analysis.tables) {
    const level = analysis.levels[id] ?? 0;
    levels.set(level, [...(levels.get(level) ?? []), id]);
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
    const ids = levels.get(level)!.sort((a, b) => cmp(ctx.name(a), ctx.name(b)));
    const rows = ids.map((id) => {
      const t = ctx.table(id)!;
      const constraints = constraintsByTable.get(id) ?? [];
      const fks = (fksByTable.get(id) ?? []).sort(
        (a, b) => position(t, a.columns[0]) - position(t, b.columns[0]) || cmp(a.id, b.id),
      );
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

function domainSection(ctx: RenderContext, g: DomainGroup): string {
  const rows = g.tables.map((id) => [tableLink(ctx, id), text(ctx.table(id)?.comment ?? '')]);
  return doc(
    `### ${text(g.name)}`,
    g.basis ? `_${text(g.basis)}_` : null,
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
  let body: string;
  if (sm.source === 'unknown') {
    body = 'Transitions unknown — declare them in config or run `schemaproof verify`.';
  } else {
    const how = sm.source === 'declared' ? 'Transitions declared in the configuration' : 'Transitions verified by `schemaproof verify`';
    body = doc(`${how} (\`[state]\` is the initial state):`, block(stateMachineDiagram(sm))).trimEnd();
  }
  const guards = sm.guardedBy.length
    ? `Guarded by (triggers that fire on UPDATE of this column): ${sm.guardedBy
        .map((id) => {
          const t = ctx.trigger(id);
          if (!t) return code(id);
          return `${code(t.name)} (${t.timing.toUpperCase()} ${text(triggerEvents(t))} → ${code(functionLabel(ctx, t.function))})`;
        })
        .join(', ')}.`
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
      lines.push(`${i.definition};`);
    }
    return lines.join('\n');
  });
  return doc(
    'Indexes other than those backing primary keys and unique constraints, by table; composite, partial and ' +
      'expression indexes first.',
    block(chunks.join('\n\n'), 'sql'),
  ).trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------
// Multi-tenant isolation

function policyName(ctx: RenderContext, policyId: string, tableId: string): string {
  return ctx.policy(policyId)?.name ?? localName(tableId, policyId);
}

export function verdictText(ctx: RenderContext, tenancy: Tenancy, iso: TenantIsolation): string {
  const col = code(tenancy.column);
  switch (iso.verdict) {
    case 'filters-tenant':
      return `filters on ${col}`;
    case 'indirect':
      return 'indirect: decided by a function or subquery (prove it with `schemaproof verify`)';
    case 'does-not-filter': {
      const open = iso.policies.filter((p) => p.filter === 'none' && p.permissive).map((p) => code(policyName(ctx, p.policy, iso.table)));
      const who = open.length ? `: ${open.length === 1 ? 'policy' : 'policies'} ${open.join(', ')} ${open.length === 1 ? 'lets' : 'let'} rows through without looking at it` : '';
      return `**does NOT filter on ${col}**${who}`;
    }
    case 'no-policy':
      return 'RLS on with no policy: no rows are visible except to the owner and BYPASSRLS roles';
    case 'rls-disabled':
      return `**RLS disabled**: nothing filters on ${col} in the database`;
  }
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
  if (!tenancy) {
    return doc(
      'No tenant was found: no column of one name references a single root table from most tables. If the schema ' +
        'is multi-tenant, name the tenant root and its column in `schemaproof.config.yaml`:',
      block('tenant: { root: public.clients, column: client_id }', 'yaml'),
    ).trimEnd();
  }
  const col = code(tenancy.column);
  const how =
    tenancy.source === 'config'
      ? 'configured in `schemaproof.config.yaml`'
      : `inferred${tenancy.evidence ? ` (${text(tenancy.evidence)})` : ''}; set \`tenant:\` in \`schemaproof.config.yaml\` to fix it`;
  const names = (ids: string[]) => [...ids].sort((a, b) => cmp(ctx.name(a), ctx.name(b)));
  const pathText = (table: string, path: string[]) =>
    (path[0] === table ? path : [table, ...path]).map((t) => text(ctx.name(t))).join(' → ');

  const parts: string[] = [
    `Tenant root: ${tableLink(ctx, tenancy.root)}, tenant column ${col} — ${how}.`,
    `### Tables with ${col}`,
    tenancy.scoped.length ? list(names(tenancy.scoped).map((t) => text(ctx.name(t)))) : 'None.',
    `### Tables without ${col}`,
    tenancy.inherited.length
      ? doc(
          'They reach a tenant table through foreign keys and inherit its tenant (shortest path shown):',
          list(
            [...tenancy.inherited]
              .sort((a, b) => cmp(ctx.name(a.table), ctx.name(b.table)))
              .map((i) => pathText(i.table, i.path)),
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
    for (const i of tenancy.isolation) count.set(i.verdict, (count.get(i.verdict) ?? 0) + 1);
    const phrases: [string, string][] = [
      ['filters-tenant', `filter on ${col}`],
      ['indirect', 'decide through a function or subquery'],
      ['does-not-filter', `do NOT filter on ${col}`],
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
    const rows = [...tenancy.isolation]
      .sort((a, b) => cmp(ctx.name(a.table), ctx.name(b.table)))
      .map((i) => [
        tableLink(ctx, i.table),
        rlsCell(i.rlsEnabled, i.rlsForced),
        i.policies
          .map((p) => `${code(policyName(ctx, p.policy, i.table))} (${p.command.toUpperCase()}${p.permissive ? '' : ', restrictive'}): ${FILTER_WORDS[p.filter]}`)
          .join('; '),
        verdictText(ctx, tenancy, i),
      ]);
    parts.push(table(['Table', 'RLS', 'Policies', 'Verdict'], rows));
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------
// RLS policies and triggers

function policyRow(p: Policy): string[] {
  return [
    code(p.name),
    p.command.toUpperCase(),
    p.permissive ? 'permissive' : 'restrictive',
    p.roles.map((r) => code(r)).join(', '),
    p.using === null ? '' : code(p.using),
    p.withCheck === null ? '' : code(p.withCheck),
  ];
}

export function policiesSection(ctx: RenderContext): string {
  const byTable = new Map<string, Policy[]>();
  for (const p of ctx.model.policies) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p]);
  const sorted = [...ctx.tables].sort((a, b) => cmp(ctx.name(a.id), ctx.name(b.id)));
  const withRls = sorted.filter((t) => t.rls.enabled || byTable.has(t.id));
  const without = sorted.filter((t) => !t.rls.enabled && !byTable.has(t.id));
  const parts: string[] = [];
  if (!withRls.length) return 'No table has row-level security enabled, and no policy is defined.';
  for (const t of withRls) {
    const policies = (byTable.get(t.id) ?? []).sort((a, b) => cmp(a.name, b.name));
    const state = t.rls.enabled
      ? `RLS ${rlsCell(true, t.rls.forced)}.`
      : '**RLS disabled**: these policies have no effect until `ENABLE ROW LEVEL SECURITY`.';
    parts.push(`### ${text(ctx.name(t.id))}`);
    parts.push(
      policies.length
        ? doc(state, table(['Policy', 'Command', 'Kind', 'Roles', 'USING', 'WITH CHECK'], policies.map(policyRow))).trimEnd()
        : `${state} No policy: no rows are visible except to the owner and BYPASSRLS roles.`,
    );
  }
  if (without.length) {
    parts.push(`RLS disabled and no policy: ${without.map((t) => text(ctx.name(t.id))).join(', ')}.`);
  }
  return parts.join('\n\n');
}

export function triggersSection(ctx: RenderContext): string {
  const analysed = new Set(ctx.analysis.tables);
  const triggers = ctx.model.triggers
    .filter((t) => analysed.has(t.table))
    .sort((a, b) => cmp(ctx.name(a.table), ctx.name(b.table)) || cmp(a.name, b.name));
  if (!triggers.length) return 'No triggers.';
  const rows = triggers.map((t) => {
    const flags = [
      t.constraint ? 'constraint trigger' : '',
      t.enabled === 'disabled' ? 'disabled' : t.enabled === 'replica' ? 'replica only' : t.enabled === 'always' ? 'always' : '',
    ].filter(Boolean);
    return [
      tableLink(ctx, t.table),
      `${code(t.name)}${flags.length ? ` (${flags.join(', ')})` : ''}`,
      t.timing.toUpperCase(),
      `${text(triggerEvents(t))}${t.when ? ` WHEN ${code(t.when)}` : ''}`,
      `FOR EACH ${t.level.toUpperCase()}`,
      code(functionLabel(ctx, t.function)),
    ];
  });
  return table(['Table', 'Trigger', 'Timing', 'Events', 'Level', 'Function'], rows);
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
