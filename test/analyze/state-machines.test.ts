import { beforeAll, describe, expect, it } from 'vitest';
import { buildLookup } from '../../src/analyze/lookup.js';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import { analyzeStateMachines } from '../../src/analyze/state-machines.js';
import type { AnalysisOptions } from '../../src/analyze/types.js';
import type { Func } from '../../src/model/types.js';
import { check, enumType, model, table, trigger } from '../helpers/model.js';

beforeAll(() => loadExpressionParser());

type Parts = Parameters<typeof model>[0];
const machinesOf = (parts: Parts, options: AnalysisOptions = {}) => analyzeStateMachines(buildLookup(model(parts)), options);

const VARCHAR_CHECK =
  "CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'paid'::character varying, 'refunded'::character varying])::text[])))";

/** A redemptions table whose status is closed by a CHECK, as Postgres prints it for a text column. */
function redemptions(extra: Parts = {}): Parts {
  return {
    tables: [
      table('public.redemptions', ['id uuid pk', "status text notnull default='claimable'::text", 'kind text']),
      ...(extra.tables ?? []),
    ],
    constraints: [
      check(
        'public.redemptions',
        'redemptions_status_check',
        ['status'],
        "CHECK ((status = ANY (ARRAY['claimable'::text, 'claimed'::text, 'fulfilled'::text, 'concluded'::text, 'rejected'::text])))",
      ),
      check('public.redemptions', 'redemptions_kind_check', ['kind'], "CHECK ((kind = ANY (ARRAY['instant'::text, 'scheduled'::text])))"),
      ...(extra.constraints ?? []),
    ],
    triggers: extra.triggers ?? [],
    functions: extra.functions ?? [],
    enums: extra.enums ?? [],
  };
}

describe('closed value sets', () => {
  it('come from an enum type, in label order, with the default as initial state', () => {
    const machines = machinesOf({
      tables: [
        table('public.orders', [
          'id uuid pk',
          { name: 'status', type: 'order_status', typeId: 'public.order_status', default: "'draft'::order_status", nullable: false },
        ]),
      ],
      enums: [enumType('public.order_status', ['draft', 'sent', 'confirmed', 'cancelled'])],
    });
    expect(machines).toEqual([
      {
        column: 'public.orders.status',
        table: 'public.orders',
        states: ['draft', 'sent', 'confirmed', 'cancelled'],
        valuesFrom: { kind: 'enum', id: 'public.order_status' },
        initial: 'draft',
        transitions: {},
        source: 'unknown',
        terminal: [],
        guardedBy: [],
      },
    ]);
  });

  it('skip arrays of an enum: such a column holds a set of states, not one', () => {
    const machines = machinesOf({
      tables: [table('public.orders', ['id uuid pk', { name: 'state', type: 'order_status[]', typeId: 'public.order_status' }])],
      enums: [enumType('public.order_status', ['draft', 'sent'])],
    });
    expect(machines).toEqual([]);
  });

  it('come from a CHECK as Postgres prints IN for a varchar column (casts on both sides)', () => {
    const [m] = machinesOf({
      tables: [table('public.payments', ['id uuid pk', { name: 'status', type: 'character varying(20)', default: "'pending'::character varying" }])],
      constraints: [check('public.payments', 'payments_status_check', ['status'], VARCHAR_CHECK)],
    });
    expect(m).toMatchObject({
      column: 'public.payments.status',
      states: ['pending', 'paid', 'refunded'],
      valuesFrom: { kind: 'check', id: 'public.payments.payments_status_check' },
      initial: 'pending',
    });
  });

  it('accept `col IS NULL OR col IN (...)`, a conjunct of an AND, IN lists, and NOT VALID', () => {
    const machines = machinesOf({
      tables: [
        table('public.recipients', ['id uuid pk', 'approval_status text', 'lifecycle_stage text', 'phase text', 'kycStatus text']),
      ],
      constraints: [
        check(
          'public.recipients',
          'recipients_approval_status_check',
          ['approval_status'],
          "CHECK (((approval_status IS NULL) OR (approval_status = ANY (ARRAY['pending'::text, 'approved'::text]))))",
        ),
        check(
          'public.recipients',
          'recipients_lifecycle_stage_check',
          ['lifecycle_stage'],
          "CHECK (((lifecycle_stage = ANY (ARRAY['lead'::text, 'customer'::text, 'churned'::text])) AND (length(lifecycle_stage) > 0)))",
        ),
        check('public.recipients', 'recipients_phase_check', ['phase'], "CHECK ((phase IN ('one', 'two'))) NOT VALID"),
        check('public.recipients', 'recipients_kyc_check', ['kycStatus'], `CHECK (("kycStatus" = 'none'::text OR "kycStatus" = 'verified'::text))`),
      ],
    });
    expect(machines.map((m) => [m.column, m.states])).toEqual([
      ['public.recipients.approval_status', ['pending', 'approved']],
      ['public.recipients.kycStatus', ['none', 'verified']],
      ['public.recipients.lifecycle_stage', ['lead', 'customer', 'churned']],
      ['public.recipients.phase', ['one', 'two']],
    ]);
  });

  it('are not closed by other CHECKs, multi-column CHECKs or NOT ENFORCED ones', () => {
    const machines = machinesOf({
      tables: [table('public.jobs', ['id uuid pk', 'status text', 'state text', 'stage text', 'other text'])],
      constraints: [
        check('public.jobs', 'jobs_status_check', ['status'], "CHECK ((status <> 'gone'::text))"),
        check('public.jobs', 'jobs_state_check', ['state'], "CHECK (((state = ANY (ARRAY['a'::text, 'b'::text])) OR (length(state) > 3)))"),
        check('public.jobs', 'jobs_check', ['stage', 'other'], "CHECK ((stage = ANY (ARRAY['x'::text, 'y'::text])) OR other IS NULL)"),
        check('public.jobs', 'jobs_stage_check', ['stage'], "CHECK ((stage = ANY (ARRAY['x'::text, 'y'::text]))) NOT ENFORCED"),
      ],
    });
    expect(machines).toEqual([]);
  });

  it('have no initial state when the default is not a constant of the set', () => {
    const [m] = machinesOf({
      tables: [table('public.payments', ['id uuid pk', "status text default='unknown'::text"])],
      constraints: [check('public.payments', 'payments_status_check', ['status'], VARCHAR_CHECK)],
    });
    expect(m!.initial).toBeNull();
  });
});

describe('which columns are state machines', () => {
  it('a status-like name, not one that records another column (from_, to_, old_, new_)', () => {
    const machines = machinesOf(
      redemptions({
        tables: [table('public.history', ['id uuid pk', 'from_status text', 'new_status text'])],
        constraints: ['from_status', 'new_status'].map((c) =>
          check('public.history', `history_${c}_check`, [c], `CHECK ((${c} = ANY (ARRAY['a'::text, 'b'::text])))`),
        ),
      }),
    );
    // `kind` is closed but not named like a status
    expect(machines.map((m) => m.column)).toEqual(['public.redemptions.status']);
  });

  it('or any closed column the configuration names, sorted by column id', () => {
    const machines = machinesOf(
      redemptions({
        tables: [table('public.a_first', ['id uuid pk', 'status text'])],
        constraints: [check('public.a_first', 'a_first_status_check', ['status'], "CHECK ((status = ANY (ARRAY['on'::text, 'off'::text])))")],
      }),
      { stateMachines: { 'public.redemptions.kind': { instant: ['scheduled'] } } },
    );
    expect(machines.map((m) => m.column)).toEqual(['public.a_first.status', 'public.redemptions.kind', 'public.redemptions.status']);
  });
});

describe('transitions from configuration', () => {
  it('are declared, in state order, with the states that have no way out as terminal', () => {
    const [m] = machinesOf(redemptions(), {
      stateMachines: {
        'public.redemptions.status': {
          claimed: ['rejected', 'fulfilled', 'fulfilled'],
          claimable: ['claimed'],
          fulfilled: ['concluded'],
          concluded: [],
        },
      },
    });
    expect(m).toMatchObject({
      source: 'declared',
      initial: 'claimable',
      transitions: { claimable: ['claimed'], claimed: ['fulfilled', 'rejected'], fulfilled: ['concluded'], concluded: [] },
      terminal: ['concluded', 'rejected'],
    });
    expect(Object.keys(m!.transitions)).toEqual(['claimable', 'claimed', 'fulfilled', 'concluded']);
  });

  it('throw naming the key when the column does not exist or is not closed', () => {
    expect(() => machinesOf(redemptions(), { stateMachines: { 'public.redemptions.nope': {} } })).toThrow(
      'stateMachines["public.redemptions.nope"]: no column public.redemptions.nope',
    );
    expect(() => machinesOf(redemptions(), { stateMachines: { 'public.redemptions.id': {} } })).toThrow(
      /^stateMachines\["public\.redemptions\.id"\]: column public\.redemptions\.id has no closed set of values \(expected an enum type or a CHECK/,
    );
  });

  it('throw naming the state that is not one of the column\'s', () => {
    expect(() => machinesOf(redemptions(), { stateMachines: { 'public.redemptions.status': { shipped: ['claimed'] } } })).toThrow(
      'stateMachines["public.redemptions.status"]: from-state "shipped" is not a state of public.redemptions.status',
    );
    expect(() => machinesOf(redemptions(), { stateMachines: { 'public.redemptions.status': { claimed: ['lost'] } } })).toThrow(
      'stateMachines["public.redemptions.status"]: to-state (from "claimed") "lost" is not a state of public.redemptions.status',
    );
  });
});

describe('guardedBy', () => {
  it('lists, sorted, the enabled UPDATE triggers of the table that fire for the column', () => {
    const [m] = machinesOf(
      redemptions({
        tables: [table('public.other', ['id uuid pk'])],
        triggers: [
          trigger('public.redemptions', 'z_every_update', 'public.touch()'),
          trigger('public.redemptions', 'a_validate_status', 'public.validate()', { columns: ['status'], events: ['insert', 'update'] }),
          trigger('public.redemptions', 'm_kind_only', 'public.kind()', { columns: ['kind'] }),
          trigger('public.redemptions', 'n_insert_only', 'public.ins()', { events: ['insert'] }),
          trigger('public.redemptions', 'o_disabled', 'public.off()', { enabled: 'disabled' }),
          trigger('public.redemptions', 'p_replica', 'public.rep()', { enabled: 'replica' }),
          trigger('public.redemptions', 'q_always', 'public.always()', { enabled: 'always', level: 'statement' }),
          trigger('public.other', 'other_update', 'public.touch()'),
        ],
      }),
    );
    expect(m!.guardedBy).toEqual([
      'public.redemptions.a_validate_status',
      'public.redemptions.q_always',
      'public.redemptions.z_every_update',
    ]);
  });

  it('leaves out a trigger without UPDATE OF whose PL/pgSQL function never looks at the column (updated_at)', () => {
    const fn = (name: string, language: string, body: string): Func => ({
      id: `public.${name}()`, schema: 'public', name, kind: 'function', identityArgs: '', args: '', returns: 'trigger',
      language, volatility: 'volatile', securityDefiner: false, leakproof: false, strict: false, config: [], owner: 'postgres',
      definition: `CREATE OR REPLACE FUNCTION public.${name}()\n RETURNS trigger\n LANGUAGE ${language}\nAS $function$${body}$function$\n`,
      comment: null, origin: 'user',
    });
    const [m] = machinesOf(
      redemptions({
        functions: [
          fn('touch', 'plpgsql', '\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n'),
          fn('check_status', 'plpgsql', '\nBEGIN\n  IF OLD.status = \'claimed\' AND NEW.status = \'claimable\' THEN RAISE EXCEPTION \'no\'; END IF;\n  RETURN NEW;\nEND;\n'),
          fn('opaque', 'c', ''),
        ],
        triggers: [
          trigger('public.redemptions', 'a_touch', 'public.touch()'),
          trigger('public.redemptions', 'b_check', 'public.check_status()'),
          trigger('public.redemptions', 'c_opaque', 'public.opaque()'),
        ],
      }),
    );
    expect(m!.guardedBy).toEqual(['public.redemptions.b_check', 'public.redemptions.c_opaque']);
  });
});
