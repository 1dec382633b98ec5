/**
 * diffModels on small inline models: for every classification rule, the exact list of changes (class, change, kind,
 * object, aspect, reason, hint) one edit produces — drops and renames, type widening and narrowing, NOT NULL and
 * defaults, constraints on existing rows, indexes, RLS flags, policies loosened or narrowed (read through the
 * parser), grants to API roles, SECURITY DEFINER, views, triggers, enums, domains, sequences — plus what is not
 * compared (platform objects, owners) and what is folded into a new or dropped table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import type { Analysis } from '../../src/analyze/types.js';
import { diffModels, type SchemaDiff } from '../../src/diff/index.js';
import { functionBody } from '../../src/diff/routines.js';
import { typeChange } from '../../src/diff/type-change.js';
import type { Func, SchemaModel, View } from '../../src/model/types.js';
import { check, constraint, enumType, fk, fn, index, model, policy, table, trigger } from '../helpers/model.js';

beforeAll(async () => {
  await loadExpressionParser();
});

/** One line per change: `classes change kind object [aspect]: reason (hint)`. */
function lines(d: SchemaDiff): string[] {
  return d.changes.map((c) => `${c.classes.join('+')} ${c.change} ${c.kind} ${c.object}${c.aspect ? ` [${c.aspect}]` : ''}: ${c.reason}${c.hint ? ` (${c.hint})` : ''}`);
}
const diff = (a: SchemaModel, b: SchemaModel, fa?: Analysis, fb?: Analysis) => lines(diffModels(a, b, fa, fb));

const rls = { rls: { enabled: true, forced: true } };

/** Two tables, an FK, an index, RLS with a tenant policy, a function and a trigger: the "from" side of most tests. */
function base(): SchemaModel {
  return model({
    tables: [
      table('public.clients', ['id uuid pk', 'name text notnull']),
      table('public.orders', ['id uuid pk', 'client_id uuid notnull', { name: 'note', type: 'character varying(50)' }, 'total integer notnull default=0', 'status text notnull'], rls),
    ],
    foreignKeys: [fk('public.orders', ['client_id'], 'public.clients', ['id'])],
    indexes: [index('public.orders', 'orders_client_idx', ['client_id'])],
    policies: [policy('public.orders', 'orders_tenant', "client_id = current_setting('app.client')::uuid")],
    functions: [fn('public.touch()', { definition: 'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ begin return new; end $function$\n' })],
    triggers: [trigger('public.orders', 'orders_touch', 'public.touch()')],
  });
}

/** `base()` with an edit applied to a copy. */
function edited(edit: (m: SchemaModel) => void): SchemaModel {
  const m = structuredClone(base());
  edit(m);
  return m;
}
const tableOf = (m: SchemaModel, id: string) => m.tables.find((t) => t.id === id)!;
const columnOf = (m: SchemaModel, id: string) => m.tables.flatMap((t) => t.columns).find((c) => c.id === id)!;
const policyOf = (m: SchemaModel, id: string) => m.policies.find((p) => p.id === id)!;

describe('diffModels: sides and summary', () => {
  it('finds nothing between a model and itself', () => {
    const d = diffModels(base(), base());
    expect(d.changes).toEqual([]);
    expect(d.summary).toEqual({ changes: 0, breaking: 0, security: 0, safe: 0 });
    expect(d.format).toBe('schemaproof/diff@1');
    expect(d.from).toEqual({ location: 'inline', kind: 'migrations' });
  });

  it('counts a change that is breaking and security in both, with breaking as its headline class', () => {
    const d = diffModels(base(), edited((m) => { m.policies = []; }));
    expect(d.changes.map((c) => [c.class, c.classes])).toEqual([['breaking', ['breaking', 'security']]]);
    expect(d.summary).toEqual({ changes: 1, breaking: 1, security: 1, safe: 0 });
  });

  it('ignores the engine, the source, estimated rows, owners of tables and platform objects', () => {
    const to = edited((m) => {
      m.engine = { kind: 'postgres', serverVersion: '17.2', serverVersionNum: 170002 };
      m.source = { kind: 'url', location: 'postgres://x@db/prod' };
      tableOf(m, 'public.orders').estimatedRows = 1200;
      tableOf(m, 'public.orders').owner = 'app';
    });
    const withPlatform = edited((m) => { m.tables.push(table('auth.users', ['id uuid pk'], { origin: 'platform' })); });
    expect(diff(base(), to)).toEqual([]);
    expect(diff(withPlatform, base())).toEqual([]);
  });
});

describe('tables and columns', () => {
  it('a new table is one safe change; its columns, constraints, indexes and triggers are folded into it', () => {
    const to = edited((m) => {
      const t = table('public.notes', ['id uuid pk', 'order_id uuid notnull', 'body text']);
      m.tables.push(t);
      const parts = model({ tables: [t], foreignKeys: [fk('public.notes', ['order_id'], 'public.orders', ['id'])] });
      m.constraints.push(...parts.constraints);
      m.foreignKeys.push(...parts.foreignKeys);
      m.indexes.push(...parts.indexes, index('public.notes', 'notes_order_idx', ['order_id']));
      m.triggers.push(trigger('public.notes', 'notes_touch', 'public.touch()'));
    });
    expect(diff(base(), to)).toEqual(['safe added table public.notes: new table (3 columns)']);
  });

  it('a dropped table is one breaking change, and an FK from another table to it is dropped with its own line', () => {
    const from = edited((m) => {
      m.tables.push(table('public.notes', ['id uuid pk', 'order_id uuid notnull']));
    });
    const to = edited((m) => {
      m.constraints = m.constraints.filter((c) => c.type !== 'foreign key');
      m.foreignKeys = [];
      m.tables = m.tables.filter((t) => t.id !== 'public.clients');
      m.constraints = m.constraints.filter((c) => c.table !== 'public.clients');
      m.indexes = m.indexes.filter((i) => i.table !== 'public.clients');
    });
    expect(diff(from, to)).toEqual([
      'breaking removed table public.clients: table dropped: its rows are lost and queries that use it fail',
      'breaking removed table public.notes: table dropped: its rows are lost and queries that use it fail',
      'breaking removed foreign key public.orders.orders_client_id_fkey: foreign key dropped: rows may reference public.clients rows that do not exist',
    ]);
  });

  it('a table dropped and one with the same columns added is reported as a possible rename, breaking both ways', () => {
    const renamed = (m: SchemaModel) => {
      const t = tableOf(m, 'public.clients');
      Object.assign(t, { id: 'public.customers', name: 'customers', columns: t.columns.map((c) => ({ ...c, id: `public.customers.${c.name}` })) });
    };
    const to = edited((m) => {
      renamed(m);
      m.constraints = m.constraints.filter((c) => c.table !== 'public.clients');
      m.indexes = m.indexes.filter((i) => i.table !== 'public.clients');
      m.constraints = m.constraints.filter((c) => c.type !== 'foreign key');
      m.foreignKeys = [];
    });
    expect(diff(base(), to)).toEqual([
      'breaking removed table public.clients: table dropped: its rows are lost and queries that use it fail (possibly renamed to public.customers)',
      'breaking added table public.customers: new table with the same columns as a dropped one: a rename done as a drop and an add loses the rows (possibly renamed from public.clients)',
      'breaking removed foreign key public.orders.orders_client_id_fkey: foreign key dropped: rows may reference public.clients rows that do not exist',
    ]);
  });

  it('classifies added columns by whether existing rows and inserts can still fill them', () => {
    const to = edited((m) => {
      const t = tableOf(m, 'public.orders');
      const n = t.columns.length;
      const col = (name: string, extra: Partial<SchemaModel['tables'][0]['columns'][0]>, i: number) =>
        ({ ...structuredClone(t.columns[2]!), id: `public.orders.${name}`, name, position: n + i, type: 'text', ...extra });
      t.columns.push(
        col('memo', { nullable: true }, 1),
        col('channel', { nullable: false, default: "'web'::text" }, 2),
        col('region', { nullable: false }, 3),
        col('seq', { nullable: false, identity: 'always', type: 'bigint' }, 4),
        col('total_cents', { nullable: true, generated: 'total * 100', type: 'integer' }, 5),
      );
    });
    expect(diff(base(), to)).toEqual([
      'safe added column public.orders.channel: new NOT NULL column with a default',
      'safe added column public.orders.memo: new nullable column',
      'breaking added column public.orders.region: new NOT NULL column without a default: adding it fails on a table with rows, and inserts that omit it fail',
      'safe added column public.orders.seq: new identity column',
      'safe added column public.orders.total_cents: new generated column',
    ]);
  });

  it('reports a dropped column, and a same-position look-alike as a possible rename (still breaking)', () => {
    const dropped = edited((m) => { tableOf(m, 'public.orders').columns.splice(2, 1); });
    expect(diff(base(), dropped)).toEqual(['breaking removed column public.orders.note: column dropped: its values are lost and queries that name it fail']);
    const renamed = edited((m) => {
      const c = columnOf(m, 'public.orders.note');
      Object.assign(c, { id: 'public.orders.remark', name: 'remark' });
    });
    expect(diff(base(), renamed)).toEqual([
      'breaking removed column public.orders.note: column dropped: its values are lost and queries that name it fail (possibly renamed to remark)',
      'breaking added column public.orders.remark: new column like a dropped one at the same position: a rename done as a drop and an add loses the values (possibly renamed from note)',
    ]);
  });

  it('classifies a column type change by whether every value converts', () => {
    const retyped = (type: string) => edited((m) => { columnOf(m, 'public.orders.note').type = type; });
    expect(diff(base(), retyped('character varying(20)'))).toEqual([
      'breaking changed column public.orders.note [type]: type narrowed: character varying(50) → character varying(20) fails on values longer than 20',
    ]);
    expect(diff(base(), retyped('text'))).toEqual(['safe changed column public.orders.note [type]: type widened: character varying(50) → text']);
  });

  it('NOT NULL added is breaking, dropped is safe', () => {
    const notNull = edited((m) => { columnOf(m, 'public.orders.note').nullable = false; });
    expect(diff(base(), notNull)).toEqual(['breaking changed column public.orders.note [nullable]: NOT NULL added: fails while rows hold NULL, and writes of NULL fail']);
    expect(diff(notNull, base())).toEqual(['safe changed column public.orders.note [nullable]: NOT NULL dropped: the column accepts NULL']);
  });

  it('a default removed from a NOT NULL column is breaking; other default changes are safe', () => {
    const noDefault = edited((m) => { columnOf(m, 'public.orders.total').default = null; });
    expect(diff(base(), noDefault)).toEqual(['breaking changed column public.orders.total [default]: default removed on a NOT NULL column: inserts that omit it now fail']);
    expect(diff(noDefault, base())).toEqual(['safe changed column public.orders.total [default]: default added']);
    const changed = edited((m) => { columnOf(m, 'public.orders.total').default = '1'; });
    expect(diff(base(), changed)).toEqual(['safe changed column public.orders.total [default]: default changed: inserts that omit it get another value']);
    const nullableDefault = edited((m) => { columnOf(m, 'public.orders.note').default = "''::character varying"; });
    expect(diff(nullableDefault, base())).toEqual(['safe changed column public.orders.note [default]: default removed: inserts that omit it store NULL']);
  });

  it('identity and generated expressions', () => {
    const always = edited((m) => { Object.assign(columnOf(m, 'public.orders.total'), { identity: 'always', default: null }); });
    expect(diff(base(), always)).toEqual([
      'safe changed column public.orders.total [default]: default replaced by an identity',
      'breaking changed column public.orders.total [identity]: now GENERATED ALWAYS AS IDENTITY: inserts and updates that set it fail',
    ]);
    const byDefault = edited((m) => { columnOf(m, 'public.orders.total').identity = 'by default'; });
    expect(diff(base(), byDefault)).toEqual(['safe changed column public.orders.total [identity]: now an identity column (BY DEFAULT)']);
    const generated = edited((m) => { Object.assign(columnOf(m, 'public.orders.total'), { generated: 'length(status)', default: null }); });
    expect(diff(base(), generated)).toEqual([
      'safe changed column public.orders.total [default]: default replaced by a generated expression',
      'breaking changed column public.orders.total [generated]: now a generated column: its values are recomputed and writes that set it fail',
    ]);
  });

  it('RLS disabled or no longer forced is security; enabled or forced is breaking', () => {
    const off = edited((m) => { tableOf(m, 'public.orders').rls = { enabled: false, forced: false }; });
    expect(diff(base(), off)).toEqual([
      'security changed table public.orders [rls-enabled]: RLS disabled: its policies no longer apply, every role with a grant sees every row',
      'security changed table public.orders [rls-forced]: RLS no longer forced: the table owner bypasses the policies',
    ]);
    expect(diff(off, base())).toEqual([
      'breaking changed table public.orders [rls-enabled]: RLS enabled: roles see only the rows a policy allows them',
      "breaking changed table public.orders [rls-forced]: RLS forced: the owner's queries are filtered by the policies too",
    ]);
  });

  it('says when the table RLS was disabled on is a tenant table (with the analyses)', async () => {
    const off = edited((m) => { tableOf(m, 'public.orders').rls = { enabled: false, forced: true }; });
    const tenant = { tenant: { root: 'public.clients', column: 'client_id' } };
    const [fa, fb] = [await analyze(base(), tenant), await analyze(off, tenant)];
    expect(diff(base(), off, fa, fb)).toEqual([
      'security changed table public.orders [rls-enabled]: RLS disabled on a tenant table (client_id): its policies no longer apply, every role with a grant sees every row',
    ]);
  });

  it('comments are safe', () => {
    const commented = edited((m) => {
      tableOf(m, 'public.orders').comment = 'Orders.';
      columnOf(m, 'public.orders.note').comment = 'Free text.';
    });
    expect(diff(base(), commented)).toEqual([
      'safe changed table public.orders [comment]: comment added',
      'safe changed column public.orders.note [comment]: comment added',
    ]);
  });
});

describe('typeChange', () => {
  const cases: [string, string, boolean, string][] = [
    ['integer', 'bigint', false, 'type widened: integer → bigint'],
    ['smallint', 'integer', false, 'type widened: smallint → integer'],
    ['bigint', 'integer', true, 'type narrowed: bigint → integer fails on values beyond the range of integer'],
    ['character varying(50)', 'character varying(20)', true, 'type narrowed: character varying(50) → character varying(20) fails on values longer than 20'],
    ['character varying(20)', 'character varying(50)', false, 'type widened: character varying(20) → character varying(50)'],
    ['character varying(20)', 'character varying', false, 'type widened: character varying(20) → character varying'],
    ['text', 'character varying(10)', true, 'type narrowed: text → character varying(10) fails on values longer than 10'],
    ['text', 'character varying', false, 'type widened: text → character varying'],
    ['character(5)', 'text', true, 'type changed: character(5) → text drops the trailing spaces character(n) pads values with'],
    ['numeric(12,2)', 'numeric(10,2)', true, 'type narrowed: numeric(12,2) → numeric(10,2) fails on values with more than 8 integer digits'],
    ['numeric(12,2)', 'numeric(12,1)', true, 'type narrowed: numeric(12,2) → numeric(12,1) rounds values to 1 decimal place'],
    ['numeric(10,2)', 'numeric(14,4)', false, 'type widened: numeric(10,2) → numeric(14,4)'],
    ['numeric', 'numeric(12,2)', true, 'type narrowed: numeric → numeric(12,2) fails on values beyond 12 digits and rounds to 2 decimals'],
    ['integer', 'numeric(12,2)', false, 'type widened: integer → numeric(12,2)'],
    ['integer', 'numeric(8,0)', true, 'type narrowed: integer → numeric(8,0) fails on values with more than 8 digits'],
    ['integer', 'double precision', false, 'type widened: integer → double precision'],
    ['bigint', 'double precision', true, 'type changed: bigint → double precision rounds integers beyond 2^53'],
    ['real', 'double precision', false, 'type widened: real → double precision'],
    ['numeric(12,2)', 'integer', true, 'type narrowed: numeric(12,2) → integer rounds fractions and fails beyond the integer range'],
    ['timestamp without time zone', 'timestamp with time zone', false, 'type widened: timestamp without time zone → timestamp with time zone (existing values are read in the TimeZone of the session that runs the migration)'],
    ['timestamp with time zone', 'timestamp without time zone', true, 'type narrowed: timestamp with time zone → timestamp without time zone drops the time zone: values are converted to the TimeZone of the session'],
    ['timestamp(3) with time zone', 'timestamp with time zone', false, 'type widened: timestamp(3) with time zone → timestamp with time zone'],
    ['timestamp with time zone', 'timestamp(0) with time zone', true, 'type narrowed: timestamp with time zone → timestamp(0) with time zone rounds to 0 fractional digits of a second'],
    ['timestamp with time zone', 'date', true, 'type narrowed: timestamp with time zone → date drops the time of day'],
    ['integer[]', 'bigint[]', false, 'type widened: integer[] → bigint[]'],
    ['integer', 'integer[]', true, 'type changed: integer → integer[] (array dimensions differ): existing values do not convert'],
    ['integer', 'text', true, 'type changed: integer → text: the conversion can fail or change values'],
    ['json', 'jsonb', true, 'type changed: json → jsonb drops duplicate keys, key order and whitespace'],
    ['order_status', 'billing.order_status', true, 'type changed: order_status → billing.order_status: the conversion can fail or change values'],
  ];
  it.each(cases)('%s → %s', (from, to, breaking, reason) => {
    expect(typeChange(from, to)).toEqual({ breaking, reason });
  });
});

describe('constraints, foreign keys and indexes', () => {
  it('a CHECK, UNIQUE or FK added to an existing table is breaking (existing rows may violate it)', () => {
    const to = edited((m) => {
      m.constraints.push(
        check('public.orders', 'orders_total_check', ['total'], 'CHECK (total >= 0)'),
        { ...check('public.orders', 'orders_status_check', ['status'], "CHECK (status <> ''::text) NOT VALID"), validated: false },
        constraint('public.orders', 'orders_note_key', 'unique', ['note'], 'UNIQUE (note)', 'public.orders_note_key'),
      );
      m.indexes.push(index('public.orders', 'orders_note_key', ['note'], { unique: true, constraint: 'public.orders.orders_note_key' }));
    });
    expect(diff(base(), to)).toEqual([
      'breaking added constraint public.orders.orders_note_key: unique constraint added: fails if (note) has duplicates, and duplicate writes fail',
      'breaking added constraint public.orders.orders_status_check: check constraint added: fails on existing rows that violate it (NOT VALID: existing rows are not checked), and writes that violate it fail',
      'breaking added constraint public.orders.orders_total_check: check constraint added: fails on existing rows that violate it, and writes that violate it fail',
    ]);
  });

  it('a UNIQUE or FK on new nullable columns is safe: existing rows hold NULL', () => {
    const to = edited((m) => {
      const t = tableOf(m, 'public.orders');
      t.columns.push({ ...structuredClone(t.columns[1]!), id: 'public.orders.parent_id', name: 'parent_id', position: 6, nullable: true });
      const parent = fk('public.orders', ['parent_id'], 'public.orders', ['id']);
      m.foreignKeys.push(parent);
      m.constraints.push(constraint('public.orders', parent.name, 'foreign key', ['parent_id'], parent.definition));
    });
    expect(diff(base(), to)).toEqual([
      'safe added foreign key public.orders.orders_parent_id_fkey: new foreign key on new nullable columns: existing rows hold NULL and pass',
      'safe added column public.orders.parent_id: new nullable column',
    ]);
  });

  it('a new FK on existing columns is breaking; a dropped CHECK is breaking; a constraint renamed is a hint', () => {
    const from = edited((m) => { m.constraints.push(check('public.orders', 'orders_total_check', ['total'], 'CHECK (total >= 0)')); });
    const to = edited((m) => { m.constraints.push(check('public.orders', 'orders_total_nonnegative', ['total'], 'CHECK (total >= 0)')); });
    expect(diff(from, to)).toEqual([
      'breaking removed constraint public.orders.orders_total_check: check constraint dropped: values it rejected are accepted (possibly renamed to orders_total_nonnegative)',
      'breaking added constraint public.orders.orders_total_nonnegative: new constraint like a dropped one: a rename done as a drop and an add re-checks every row (possibly renamed from orders_total_check)',
    ]);
    const noFk = edited((m) => {
      m.foreignKeys = [];
      m.constraints = m.constraints.filter((c) => c.type !== 'foreign key');
    });
    expect(diff(noFk, base())).toEqual([
      'breaking added foreign key public.orders.orders_client_id_fkey: foreign key added: fails on rows without a matching public.clients row, and such writes fail',
    ]);
  });

  it('ON DELETE, deferrability and validation of a foreign key', () => {
    const cascade = edited((m) => {
      Object.assign(m.foreignKeys[0]!, { onDelete: 'cascade', definition: 'FOREIGN KEY (client_id) REFERENCES clients(id) ON DELETE CASCADE' });
    });
    expect(diff(base(), cascade)).toEqual([
      'breaking changed foreign key public.orders.orders_client_id_fkey [on-delete]: ON DELETE no action → cascade: deleting a public.clients row now deletes the rows here too',
    ]);
    expect(diff(cascade, base())).toEqual([
      'breaking changed foreign key public.orders.orders_client_id_fkey [on-delete]: ON DELETE cascade → no action: deleting a public.clients row now fails while rows here reference it',
    ]);
    const restrict = edited((m) => { Object.assign(m.foreignKeys[0]!, { onDelete: 'restrict', definition: 'FOREIGN KEY (client_id) REFERENCES clients(id) ON DELETE RESTRICT' }); });
    expect(diff(base(), restrict)).toEqual([
      'safe changed foreign key public.orders.orders_client_id_fkey [on-delete]: ON DELETE no action → restrict: still refused, checked immediately',
    ]);
    const notValid = edited((m) => {
      Object.assign(m.foreignKeys[0]!, { validated: false, deferrable: true, definition: `${m.foreignKeys[0]!.definition} DEFERRABLE NOT VALID` });
      Object.assign(m.constraints.find((c) => c.type === 'foreign key')!, { validated: false, deferrable: true });
    });
    expect(diff(notValid, base())).toEqual([
      'breaking changed foreign key public.orders.orders_client_id_fkey [deferrable]: checked earlier: transactions that rely on a deferred check now fail',
      'safe changed foreign key public.orders.orders_client_id_fkey [validated]: validated: every existing row was checked',
    ]);
  });

  it('indexes: new is safe, new unique and dropped are breaking, a look-alike is a possible rename', () => {
    const to = edited((m) => {
      m.indexes = m.indexes.filter((i) => i.id !== 'public.orders_client_idx');
      m.indexes.push(
        index('public.orders', 'orders_by_client', ['client_id']),
        index('public.orders', 'orders_status_idx', ['status'], { predicate: "status = 'open'::text" }),
        index('public.orders', 'orders_note_uidx', ['note'], { unique: true }),
      );
    });
    expect(diff(base(), to)).toEqual([
      'safe added index public.orders_by_client: new index like a dropped one (possibly renamed from public.orders_client_idx)',
      'breaking removed index public.orders_client_idx: index dropped: queries on (client_id) may scan the table (possibly renamed to public.orders_by_client)',
      'breaking added index public.orders_note_uidx: unique index added: fails if (note) has duplicates, and duplicate writes fail',
      'safe added index public.orders_status_idx: new btree index on (status) (partial)',
    ]);
  });

  it('an index that becomes unique or changes keys', () => {
    const unique = edited((m) => {
      Object.assign(m.indexes.find((i) => i.id === 'public.orders_client_idx')!, { unique: true, definition: 'CREATE UNIQUE INDEX orders_client_idx ON public.orders USING btree (client_id)' });
    });
    expect(diff(base(), unique)).toEqual([
      'breaking changed index public.orders_client_idx [unique]: now unique: fails if the keys have duplicates, and duplicate writes fail',
    ]);
    const wider = edited((m) => {
      const i = m.indexes.find((x) => x.id === 'public.orders_client_idx')!;
      Object.assign(i, { keys: [...i.keys, { ...i.keys[0]!, column: 'status' }], definition: 'CREATE INDEX orders_client_idx ON public.orders USING btree (client_id, status)' });
    });
    expect(diff(base(), wider)).toEqual(['safe changed index public.orders_client_idx [definition]: index changed: rebuilt with other keys']);
  });
});

describe('policies', () => {
  const using = (text: string | null) => edited((m) => { policyOf(m, 'public.orders.orders_tenant').using = text; });
  const tenant = "client_id = current_setting('app.client')::uuid";

  it('USING that becomes true is loosened: security', () => {
    expect(diff(base(), using('true'))).toEqual([
      'security changed policy public.orders.orders_tenant [using]: USING loosened: now always true (every row passes)',
    ]);
  });

  it('an AND condition added narrows (breaking); removed loosens (security)', () => {
    const narrower = using(`${tenant} AND status <> 'deleted'::text`);
    expect(diff(base(), narrower)).toEqual(['breaking changed policy public.orders.orders_tenant [using]: USING narrowed: an AND condition added']);
    expect(diff(narrower, base())).toEqual(['security changed policy public.orders.orders_tenant [using]: USING loosened: an AND condition removed']);
  });

  it('an OR alternative added loosens; one removed narrows', () => {
    const wider = using(`${tenant} OR status = 'public'::text`);
    expect(diff(base(), wider)).toEqual(['security changed policy public.orders.orders_tenant [using]: USING loosened: an OR alternative added']);
    expect(diff(wider, base())).toEqual(['breaking changed policy public.orders.orders_tenant [using]: USING narrowed: an OR alternative removed']);
  });

  it('a change the parse trees cannot decide is security, for review; a reformatting is not a change of rows', () => {
    expect(diff(base(), using("client_id = current_setting('app.tenant')::uuid"))).toEqual([
      'security changed policy public.orders.orders_tenant [using]: policy changed: review — USING cannot tell whether it lets more rows through',
    ]);
    expect(diff(base(), using("(client_id = (current_setting('app.client'))::uuid)"))).toEqual([
      'safe changed policy public.orders.orders_tenant [using]: USING rewritten: it lets the same rows through',
    ]);
  });

  it('with the analyses, a policy that stops filtering on the tenant column is loosened', async () => {
    const to = using("status = current_setting('app.status')");
    const options = { tenant: { root: 'public.clients', column: 'client_id' } };
    const [fa, fb] = [await analyze(base(), options), await analyze(to, options)];
    expect(diff(base(), to)).toEqual([
      'security changed policy public.orders.orders_tenant [using]: policy changed: review — USING cannot tell whether it lets more rows through',
    ]);
    expect(diff(base(), to, fa, fb)).toEqual([
      'security changed policy public.orders.orders_tenant [using]: USING loosened on a tenant table: no longer filters on the tenant column (client_id)',
    ]);
  });

  it('roles, commands and permissiveness', () => {
    const forAuthenticated = edited((m) => { policyOf(m, 'public.orders.orders_tenant').roles = ['authenticated']; });
    expect(diff(forAuthenticated, base())).toEqual(['security changed policy public.orders.orders_tenant [roles]: roles changed: now also applies to PUBLIC']);
    expect(diff(base(), forAuthenticated)).toEqual(['breaking changed policy public.orders.orders_tenant [roles]: roles changed: no longer applies to PUBLIC']);
    const selectOnly = edited((m) => { policyOf(m, 'public.orders.orders_tenant').command = 'select'; });
    expect(diff(selectOnly, base())).toEqual(['security changed policy public.orders.orders_tenant [command]: commands changed: now also applies to INSERT, UPDATE and DELETE']);
    const restrictive = edited((m) => { policyOf(m, 'public.orders.orders_tenant').permissive = false; });
    expect(diff(base(), restrictive)).toEqual(['breaking changed policy public.orders.orders_tenant [permissive]: now restrictive: rows must pass it whatever other policies allow']);
    expect(diff(restrictive, base())).toEqual(['security changed policy public.orders.orders_tenant [permissive]: now permissive: it adds rows to what other policies allow instead of limiting them']);
  });

  it('WITH CHECK: spelled out as the USING it replaced is not a change of rows; loosened to true is security', () => {
    const spelled = edited((m) => { policyOf(m, 'public.orders.orders_tenant').withCheck = tenant; });
    expect(diff(base(), spelled)).toEqual(['safe changed policy public.orders.orders_tenant [with-check]: WITH CHECK spelled out: new rows are checked as before']);
    const open = edited((m) => { policyOf(m, 'public.orders.orders_tenant').withCheck = 'true'; });
    expect(diff(base(), open)).toEqual(['security changed policy public.orders.orders_tenant [with-check]: WITH CHECK loosened: now always true (every row passes)']);
  });

  it('policies dropped and added', () => {
    expect(diff(base(), edited((m) => { m.policies = []; }))).toEqual([
      'breaking+security removed policy public.orders.orders_tenant: policy dropped: rows only it allowed are no longer visible to PUBLIC; review what replaces it',
    ]);
    const more = edited((m) => {
      m.policies.push(
        policy('public.orders', 'orders_public_read', "status = 'public'::text", { command: 'select', roles: ['anon'] }),
        policy('public.orders', 'orders_not_deleted', "status <> 'deleted'::text", { permissive: false }),
      );
    });
    expect(diff(base(), more)).toEqual([
      'breaking added policy public.orders.orders_not_deleted: new restrictive policy: rows must also pass it for PUBLIC',
      'security added policy public.orders.orders_public_read: new permissive policy: anon may read the rows it allows',
    ]);
    const open = edited((m) => { m.policies.push(policy('public.orders', 'orders_all', 'true')); });
    expect(diff(base(), open)).toEqual([
      'security added policy public.orders.orders_all: new permissive policy lets every row through: PUBLIC may read and write every row',
    ]);
    const noRls = edited((m) => { tableOf(m, 'public.clients').rls = { enabled: false, forced: false }; m.policies.push(policy('public.clients', 'clients_all', 'true')); });
    expect(diff(base(), noRls)).toEqual(['safe added policy public.clients.clients_all: new policy; RLS is disabled on the table, so it has no effect yet']);
  });

  it('a policy renamed is a drop and an add with hints', () => {
    const to = edited((m) => { Object.assign(policyOf(m, 'public.orders.orders_tenant'), { id: 'public.orders.tenant_isolation', name: 'tenant_isolation' }); });
    expect(diff(base(), to)).toEqual([
      'breaking+security removed policy public.orders.orders_tenant: policy dropped: rows only it allowed are no longer visible to PUBLIC; review what replaces it (possibly renamed to tenant_isolation)',
      'safe added policy public.orders.tenant_isolation: new policy identical to a dropped one (possibly renamed from orders_tenant)',
    ]);
  });
});

describe('grants', () => {
  const grant = (object: string, grantee: string, privilege: string, objectKind: 'table' | 'function' = 'table') =>
    ({ id: `${object}:${grantee}:${privilege}`, objectKind, object, grantee, privilege, grantable: false });

  it('privileges for PUBLIC or an API role are security; for another role safe; revoked is breaking', () => {
    const from = edited((m) => { m.grants = [grant('public.orders', 'reporting', 'select'), grant('public.orders', 'anon', 'select')]; });
    const to = edited((m) => {
      m.grants = [
        grant('public.orders', 'anon', 'insert'), grant('public.orders', 'anon', 'select'),
        grant('public.orders', 'app', 'select'), grant('public.clients', 'public', 'select'),
      ];
    });
    expect(diff(from, to)).toEqual([
      'security added grant public.clients:public: SELECT on the table granted to PUBLIC (every role)',
      'security changed grant public.orders:anon [privileges]: INSERT on the table granted to anon (an API role)',
      'safe added grant public.orders:app: SELECT on the table granted to app',
      'breaking removed grant public.orders:reporting: SELECT on the table revoked from reporting: its queries that need it fail',
    ]);
  });

  it("a function's default EXECUTE for PUBLIC is made explicit, so REVOKE FROM PUBLIC shows", () => {
    const to = edited((m) => { m.grants = [grant('public.touch()', 'authenticated', 'execute', 'function')]; });
    expect(diff(base(), to)).toEqual([
      'security added grant public.touch():authenticated: EXECUTE on the function granted to authenticated (an API role)',
      'breaking removed grant public.touch():public: EXECUTE on the function revoked from PUBLIC: its queries that need it fail',
    ]);
  });

  it('grants on a dropped table go with it; grants on a new table are listed', () => {
    const from = edited((m) => { m.tables.push(table('public.old', ['id uuid'])); m.grants = [grant('public.old', 'anon', 'select')]; });
    const to = edited((m) => { m.tables.push(table('public.new', ['key text'])); m.grants = [grant('public.new', 'anon', 'select')]; });
    expect(diff(from, to)).toEqual([
      'safe added table public.new: new table (1 column)',
      'security added grant public.new:anon: SELECT on the table granted to anon (an API role)',
      'breaking removed table public.old: table dropped: its rows are lost and queries that use it fail',
    ]);
  });

  it('an API role granted a new table that has RLS enabled is safe: its policies decide the rows', () => {
    const to = edited((m) => {
      m.tables.push(table('public.new', ['key text'], { rls: { enabled: true, forced: false } }));
      m.policies.push(policy('public.new', 'new_own', 'key = current_user'));
      m.grants = [grant('public.new', 'anon', 'select')];
    });
    expect(diff(base(), to)).toEqual([
      'safe added table public.new: new table (1 column, RLS enabled)',
      'safe added policy public.new.new_own: new policy on a new table',
      'safe added grant public.new:anon: SELECT on the table granted to anon (an API role); RLS is enabled on the new table, so its policies decide which rows',
    ]);
  });
});

describe('functions', () => {
  const definer = (extra: Partial<Func>) => edited((m) => { Object.assign(m.functions[0]!, extra); });

  it('SECURITY DEFINER added is security, and says whether search_path is pinned', () => {
    expect(diff(base(), definer({ securityDefiner: true }))).toEqual([
      'security changed function public.touch() [security-definer]: now SECURITY DEFINER: runs with the rights of its owner (postgres), without a pinned search_path',
    ]);
    expect(diff(base(), definer({ securityDefiner: true, config: ['search_path=public, pg_temp'] }))).toEqual([
      'security changed function public.touch() [security-definer]: now SECURITY DEFINER: runs with the rights of its owner (postgres)',
      'safe changed function public.touch() [search-path]: search_path pinned',
    ]);
    expect(diff(definer({ securityDefiner: true }), base())).toEqual([
      "breaking changed function public.touch() [security-definer]: now SECURITY INVOKER: runs with the caller's rights; callers without them fail",
    ]);
  });

  it('search_path removed from a SECURITY DEFINER function is security', () => {
    const pinned = definer({ securityDefiner: true, config: ['search_path=public, pg_temp'] });
    expect(diff(pinned, definer({ securityDefiner: true }))).toEqual([
      'security changed function public.touch() [search-path]: search_path no longer pinned on a SECURITY DEFINER function: objects in a schema the caller controls can take the place of those it uses',
    ]);
  });

  it('body, volatility, LEAKPROOF, STRICT; the attributes are not also reported as a body change', () => {
    const body = definer({ definition: 'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ begin new.at := now(); return new; end $function$\n' });
    expect(diff(base(), body)).toEqual(['safe changed function public.touch() [body]: body changed']);
    const attributes = definer({
      volatility: 'stable', leakproof: true, strict: true,
      definition: 'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\n STABLE STRICT LEAKPROOF\nAS $function$ begin return new; end $function$\n',
    });
    expect(diff(base(), attributes)).toEqual([
      'safe changed function public.touch() [volatility]: now stable: the planner may cache or pre-compute its result',
      'security changed function public.touch() [leakproof]: now LEAKPROOF: the planner may run it on rows before RLS and security-barrier filters',
      'breaking changed function public.touch() [strict]: now STRICT: returns NULL without running when an argument is NULL',
    ]);
    expect(diff(attributes, base())[0]).toBe(
      'breaking changed function public.touch() [volatility]: now volatile: index expressions, generated columns and queries that relied on stable results behave differently',
    );
  });

  it('a function dropped is breaking; a new signature of the same name is hinted; a new SECURITY DEFINER function is security', () => {
    const to = edited((m) => {
      m.functions = [
        fn('public.touch(stamp timestamp with time zone)', { identityArgs: 'stamp timestamp with time zone' }),
        fn('public.admin_reset()', { securityDefiner: true, returns: 'void', config: ['search_path=""'] }),
      ];
      m.triggers = [];
    });
    expect(diff(base(), to)).toEqual([
      'security added function public.admin_reset(): new SECURITY DEFINER function: runs with the rights of its owner (postgres)',
      'breaking removed trigger public.orders.orders_touch: trigger dropped: public.touch() no longer runs BEFORE UPDATE',
      'breaking removed function public.touch(): function dropped: queries, triggers and policies that call it fail (signature changed? public.touch(stamp timestamp with time zone) was added)',
      'safe added function public.touch(stamp timestamp with time zone): new function (signature changed? public.touch() was dropped)',
    ]);
  });
});

describe('functionBody', () => {
  it('is what follows the attribute lines pg_get_functiondef prints', () => {
    expect(functionBody("CREATE OR REPLACE FUNCTION public.f(a integer)\n RETURNS integer\n LANGUAGE sql\n STABLE STRICT SECURITY DEFINER LEAKPROOF\n SET search_path TO 'public', 'pg_temp'\nAS $function$ select a $function$\n"))
      .toBe('AS $function$ select a $function$\n');
    expect(functionBody('CREATE OR REPLACE FUNCTION public.g(a integer)\n RETURNS integer\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT a AS a;\nEND\n'))
      .toBe('BEGIN ATOMIC\n SELECT a AS a;\nEND\n');
    expect(functionBody(null)).toBeNull();
  });
});

describe('views', () => {
  const view = (extra: Partial<View> = {}): View => ({
    id: 'public.open_orders', schema: 'public', name: 'open_orders', materialized: false,
    definition: " SELECT id, client_id\n   FROM orders\n  WHERE status = 'open'::text;",
    columns: [{ name: 'id', type: 'uuid', comment: null }, { name: 'client_id', type: 'uuid', comment: null }],
    securityInvoker: true, securityBarrier: false, checkOption: null, owner: 'postgres', comment: null,
    dependsOn: ['public.orders'], origin: 'user', ...extra,
  });
  const withView = (extra: Partial<View> = {}) => edited((m) => { m.views = [view(extra)]; });

  it('a view that stops being security_invoker is security, naming the RLS tables it bypasses', () => {
    expect(diff(withView(), withView({ securityInvoker: false }))).toEqual([
      "security changed view public.open_orders [security-invoker]: no longer security_invoker: it runs with its owner's rights and bypasses RLS on public.orders",
    ]);
  });

  it('a new view over an RLS table without security_invoker is security; with it, safe', () => {
    expect(diff(base(), withView({ securityInvoker: false }))).toEqual([
      "security added view public.open_orders: new view reads public.orders with its owner's rights: it bypasses their RLS policies",
    ]);
    expect(diff(base(), withView())).toEqual(['safe added view public.open_orders: new view']);
  });

  it('a column removed is breaking; a definition change alone is safe; WITH CHECK OPTION loosened is security', () => {
    const fewer = withView({ columns: [{ name: 'id', type: 'uuid', comment: null }], definition: " SELECT id\n   FROM orders\n  WHERE status = 'open'::text;" });
    expect(diff(withView(), fewer)).toEqual([
      'safe changed view public.open_orders [definition]: definition changed: review which rows it returns',
      'breaking changed view public.open_orders [columns]: column client_id removed: queries that use it fail or get other values',
    ]);
    expect(diff(withView({ checkOption: 'cascaded' }), withView({ checkOption: 'local' }))).toEqual([
      'security changed view public.open_orders [check-option]: WITH CHECK OPTION loosened: writes through the view may create rows it does not show',
    ]);
  });
});

describe('triggers, enums, domains and sequences', () => {
  it('a trigger disabled is security, enabled again breaking, added safe', () => {
    const disabled = edited((m) => { m.triggers[0]!.enabled = 'disabled'; });
    expect(diff(base(), disabled)).toEqual([
      'security changed trigger public.orders.orders_touch [enabled]: trigger disabled: what public.touch() checks or records no longer happens',
    ]);
    expect(diff(disabled, base())).toEqual([
      'breaking changed trigger public.orders.orders_touch [enabled]: trigger enabled: public.touch() runs again and may reject writes',
    ]);
    const added = edited((m) => { m.triggers.push(trigger('public.clients', 'clients_touch', 'public.touch()', { events: ['insert', 'update'] })); });
    expect(diff(base(), added)).toEqual(['safe added trigger public.clients.clients_touch: new trigger: public.touch() runs BEFORE INSERT and UPDATE']);
  });

  it('enum labels: added is safe; removed or reordered is breaking; one swapped in place is a possible rename', () => {
    const withEnum = (labels: string[]) => edited((m) => { m.enums = [enumType('public.order_status', labels)]; });
    const from = withEnum(['open', 'paid', 'shipped']);
    expect(diff(from, withEnum(['open', 'paid', 'shipped', 'returned']))).toEqual([
      "safe changed enum public.order_status [labels]: labels changed: 'returned' added",
    ]);
    expect(diff(from, withEnum(['open', 'shipped']))).toEqual([
      "breaking changed enum public.order_status [labels]: labels changed: 'paid' removed: rows holding it no longer convert",
    ]);
    expect(diff(from, withEnum(['paid', 'open', 'shipped']))).toEqual([
      'breaking changed enum public.order_status [labels]: labels changed: labels reordered: comparisons and ORDER BY on the type change',
    ]);
    expect(diff(from, withEnum(['open', 'settled', 'shipped']))).toEqual([
      "breaking changed enum public.order_status [labels]: labels changed: 'settled' added; 'paid' removed: rows holding it no longer convert (possibly 'paid' renamed to 'settled')",
    ]);
  });

  it('domains and sequences', () => {
    const domain = (extra: Partial<SchemaModel['domains'][0]>) => edited((m) => {
      m.domains = [{
        id: 'public.email', schema: 'public', name: 'email', baseType: 'character varying(100)', nullable: true, default: null,
        collation: null, constraints: [], owner: 'postgres', comment: null, origin: 'user', ...extra,
      }];
    });
    expect(diff(domain({}), domain({ baseType: 'character varying(60)', constraints: [{ name: 'email_check', definition: "CHECK (VALUE ~~ '%@%'::text)" }] }))).toEqual([
      'breaking changed domain public.email [base-type]: type narrowed: character varying(100) → character varying(60) fails on values longer than 60',
      'breaking changed domain public.email [constraints]: constraints changed: email_check added or changed: fails on values that violate it',
    ]);
    const sequence = (extra: Partial<SchemaModel['sequences'][0]>) => edited((m) => {
      m.sequences = [{
        id: 'public.ticket_seq', schema: 'public', name: 'ticket_seq', type: 'bigint', start: '1', increment: '1', min: '1',
        max: '9223372036854775807', cycle: false, ownedBy: null, owner: 'postgres', comment: null, origin: 'user', ...extra,
      }];
    });
    expect(diff(sequence({}), sequence({ type: 'integer', max: '2147483647' }))).toEqual([
      'breaking changed sequence public.ticket_seq [type]: type narrowed: bigint → integer fails on values beyond the range of integer',
      'breaking changed sequence public.ticket_seq [range]: range narrowed: nextval() fails sooner, or at once if the current value is outside it',
    ]);
  });
});
