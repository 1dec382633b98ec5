/**
 * The verify output formats (src/render/verify) on one hand-made report: two tables (one leaking a row, one with an
 * inconclusive probe and a hostile name), a state machine of three states with an undeclared accepted transition
 * that has a side effect, an owner bypass, an object not proven, a replica-seeded table. Markdown is checked line by
 * line, SARIF against the SARIF 2.1.0 schema @microsoft/jest-sarif ships (as test/lint-output.test.ts does), JUnit for
 * its counts and well-formedness, the JSON against schema/verify.schema.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderVerify, renderVerifyText, VERIFY_FORMATS } from '../../src/render/verify/index.js';
import { renderVerifyJunit } from '../../src/render/verify/junit.js';
import { renderVerifyMarkdown } from '../../src/render/verify/markdown.js';
import { renderVerifySarif } from '../../src/render/verify/sarif.js';
import type { RlsResult, TransitionResult, VerifyReport } from '../../src/verify/types.js';
import { section } from '../helpers/render.js';

const root = join(import.meta.dirname, '..', '..');
const HOSTILE = 'public.x|<b>';

const probe = (table: string, command: RlsResult['command'], scope: RlsResult['scope'], verdict: RlsResult['verdict'] = 'proven', detail = 'isolated'): RlsResult => ({
  table,
  command,
  scope,
  verdict,
  detail,
});

const transition = (from: string, to: string, accepted: boolean, extra: Partial<TransitionResult> = {}): TransitionResult => ({
  from,
  to,
  accepted,
  message: accepted ? null : `illegal transition ${from} -> ${to}`,
  requires: null,
  sideEffects: [],
  ...extra,
});

function report(): VerifyReport {
  return {
    format: 'schemaproof/verify@1',
    source: 'examples/creator-loyalty',
    engine: 'pglite',
    context: {
      kind: 'guc',
      setting: 'app.current_client_id',
      role: 'app_user',
      roleReason: 'the role the policies are granted to',
      subject: { root: 'public.clients', column: 'client_id', source: 'config' },
      identity: null,
    },
    rls: [
      probe('public.redemptions', 'select', 'own', 'proven', 'saw 2 of 2 own rows'),
      { ...probe('public.redemptions', 'select', 'other', 'leak'), detail: "saw 1 of tenant B's rows", row: { id: 'r-b1', client_id: 'B' } },
      probe('public.redemptions', 'select', 'none'),
      probe('public.redemptions', 'insert', 'other', 'proven', 'new row violates row-level security policy'),
      probe('public.redemptions', 'update', 'own'),
      probe('public.redemptions', 'update', 'move'),
      probe('public.redemptions', 'delete', 'other'),
      probe(HOSTILE, 'select', 'own'),
      probe(HOSTILE, 'select', 'other'),
      probe(HOSTILE, 'update', 'move', 'inconclusive', 'no row | to <probe> with'),
    ],
    stateMachines: [
      {
        column: 'public.redemptions.status',
        table: 'public.redemptions',
        states: ['pending', 'claimed', 'fulfilled'],
        allowed: [
          ['pending', 'claimed'],
          ['claimed', 'pending'],
          ['claimed', 'fulfilled'],
        ],
        rejected: [
          ['pending', 'fulfilled'],
          ['fulfilled', 'pending'],
          ['fulfilled', 'claimed'],
        ],
        transitions: [
          transition('pending', 'claimed', true),
          transition('pending', 'fulfilled', false),
          transition('claimed', 'pending', true),
          transition('claimed', 'fulfilled', true, {
            sideEffects: [
              { table: 'public.redemption_history', action: 'insert', rows: 1, values: { status: 'fulfilled' } },
              { table: 'public.rewards', action: 'update', rows: 1, values: { stock: '9' } },
            ],
          }),
          transition('fulfilled', 'pending', false),
          transition('fulfilled', 'claimed', false),
        ],
        terminal: ['fulfilled'],
        unreachable: [],
        initial: 'pending',
        declared: { undeclaredAccepted: [['claimed', 'pending']], declaredRejected: [] },
        setup: 'replica',
      },
    ],
    notProven: [{ object: 'public.audit_view', kind: 'view', reason: 'no tenant column' }],
    ownerBypass: [{ table: 'public.redemptions', owner: 'postgres' }],
    seeded: [
      { table: 'public.clients', rows: 1, mode: 'triggers', retries: 0 },
      { table: 'public.redemptions', rows: 3, mode: 'replica', retries: 2 },
    ],
    summary: { probes: 10, leaks: 1, inconclusive: 1, tablesProven: 0, tablesProbed: 2, contradictions: 1, ms: 1234 },
  };
}

const REPORT = report();

describe('verify.md', () => {
  const md = renderVerifyMarkdown(REPORT);

  it('summarises the report without the wall time', () => {
    expect(md.startsWith('# Verification\n\n')).toBe(true);
    expect(md).toContain(
      'Proofs of `examples/creator-loyalty`, run in a throwaway sandbox on PGlite: every verdict below comes from SQL that ran, not from reading policy text. ' +
        '10 RLS probes, 1 leak, 1 inconclusive; 0 of 2 tables proven (every probe proven); 1 state machine tried, 1 contradiction with the declared transitions.',
    );
    expect(md).not.toContain('1234');
    expect(renderVerifyMarkdown({ ...REPORT, summary: { ...REPORT.summary, ms: 1 } })).toBe(md);
  });

  it('says how the probes act as a tenant, or that no context was found', () => {
    expect(section(md, '## Tenant context')).toContain(
      'Probes act as a tenant by setting `app.current_client_id` with `set_config(name, value)`, the setting the policies read. ' +
        'They run as role `app_user`: the role the policies are granted to. ' +
        'The subject of isolation is `public.clients` (column `client_id`), from the config.',
    );
    expect(section(renderVerifyMarkdown({ ...REPORT, context: null }), '## Tenant context')).toContain('No tenant context was found');
  });

  it('draws the isolation matrix, one row per table in first-appearance order, scopes in canonical order', () => {
    const rls = section(md, '## Row-level security');
    const lines = rls.split('\n');
    const header = lines.indexOf('| Table | SELECT | INSERT | UPDATE | DELETE |');
    expect(header).toBeGreaterThanOrEqual(0);
    expect(lines.slice(header, header + 4)).toEqual([
      '| Table | SELECT | INSERT | UPDATE | DELETE |',
      '|---|---|---|---|---|',
      '| `public.redemptions` | ✅ own · ❌ other · ✅ none | ✅ other | ✅ own · ✅ move | ✅ other |',
      '| `public.x\\|<b>` | ✅ own · ✅ other | - | ❔ move | - |',
    ]);
    expect(rls).toContain('✅ proven · ❌ leak · ❔ inconclusive · `-` not probed.');
  });

  it('lists every leak with its row and every inconclusive probe, escaped', () => {
    expect(section(md, '### Leaks')).toContain(
      "- `public.redemptions` SELECT, other (tenant B's rows, as tenant A): saw 1 of tenant B's rows — row `{\"id\":\"r-b1\",\"client_id\":\"B\"}`",
    );
    expect(section(md, '### Inconclusive')).toContain("- `public.x\\|<b>` UPDATE, move (re-assigning one of A's rows to B): no row \\| to &lt;probe> with");
    expect(md).not.toContain('<b>` UPDATE, move (re-assigning one of A\'s rows to B): no row | to <probe>');
    const clean = renderVerifyMarkdown({ ...REPORT, rls: REPORT.rls.filter((r) => r.verdict === 'proven') });
    expect(clean).not.toContain('### Leaks');
    expect(clean).not.toContain('### Inconclusive');
  });

  it('escapes a hostile table name everywhere', () => {
    const hostile = renderVerifyMarkdown({
      ...REPORT,
      ownerBypass: [{ table: HOSTILE, owner: 'o|<i>' }],
      seeded: [{ table: HOSTILE, rows: 1, mode: 'triggers', retries: 0 }],
      notProven: [{ object: HOSTILE, kind: 'table', reason: 'a | b <script>' }],
    });
    expect(hostile).not.toMatch(/<b>(?!`)/);
    expect(hostile).not.toContain('<script>');
    expect(section(hostile, '## Owner bypass')).toContain('| `public.x\\|<b>` | `o\\|<i>` |');
    expect(section(hostile, '## Not proven')).toContain('| `public.x\\|<b>` | table | a \\| b &lt;script> |');
    expect(section(hostile, '## Seeding')).toContain('| `public.x\\|<b>` | 1 | triggers on | 0 |');
  });

  it('lists the owner bypasses', () => {
    expect(section(md, '## Owner bypass')).toContain('| `public.redemptions` | `postgres` |');
    expect(renderVerifyMarkdown({ ...REPORT, ownerBypass: [] })).not.toContain('## Owner bypass');
  });

  it('shows each state machine as a matrix, its accepted transitions in words and the contradiction', () => {
    const sm = section(md, '### public.redemptions.status');
    expect(sm).toContain('Table `public.redemptions`. States: `pending`, `claimed`, `fulfilled`; initial state `pending`.');
    expect(sm).toContain(
      [
        '| from ↓ · to → | `pending` | `claimed` | `fulfilled` |',
        '|---|---|---|---|',
        '| `pending` | — | ✅ | · |',
        '| `claimed` | ✅ | — | ✅ |',
        '| `fulfilled` | · | · | — |',
      ].join('\n'),
    );
    expect(sm).toContain(
      [
        'Accepted transitions:',
        '',
        '- `pending` → `claimed`',
        '- `claimed` → `pending`',
        '- `claimed` → `fulfilled`: also inserts 1 row into `public.redemption_history`; sets `public.rewards.stock` = `9`',
      ].join('\n'),
    );
    expect(sm).toContain('Terminal states (no accepted way out): `fulfilled`. Every state is reachable from `pending`.');
    expect(sm).toContain('**Contradicts the declared transitions** (1 contradiction):\n\n- accepted but not declared: `claimed` → `pending`');
    expect(sm).toContain('Rows in each `from` state were made with triggers off (`session_replication_role = replica`)');
  });

  it('says when a machine matches its declaration, or has none', () => {
    const machine = REPORT.stateMachines[0]!;
    const matching = renderVerifyMarkdown({ ...REPORT, stateMachines: [{ ...machine, declared: { undeclaredAccepted: [], declaredRejected: [] } }] });
    expect(matching).toContain('The accepted transitions match the declared transitions.');
    const undeclared = renderVerifyMarkdown({ ...REPORT, stateMachines: [{ ...machine, declared: null, setup: 'insert' }] });
    expect(undeclared).toContain('No transitions are declared for this column in the config');
    expect(undeclared).not.toContain('session_replication_role = replica`), because');
    const rejected = renderVerifyMarkdown({ ...REPORT, stateMachines: [{ ...machine, declared: { undeclaredAccepted: [], declaredRejected: [['fulfilled', 'pending']] } }] });
    expect(rejected).toContain('- declared but rejected: `fulfilled` → `pending` — illegal transition fulfilled -> pending');
  });

  it('lists what was not proven and how the sandbox was seeded', () => {
    expect(section(md, '## Not proven')).toContain('| `public.audit_view` | view | no tenant column |');
    const seeding = section(md, '## Seeding');
    expect(seeding).toContain(
      ['| Table | Rows | Mode | Retries |', '|---|---|---|---|', '| `public.clients` | 1 | triggers on | 0 |', '| `public.redemptions` | 3 | replica ⚠️ | 2 |'].join('\n'),
    );
    expect(seeding).toContain('Replica: triggers blocked the plain insert');
  });

  it('says so when there is nothing', () => {
    const empty = renderVerifyMarkdown({ ...REPORT, context: null, rls: [], stateMachines: [], notProven: [], ownerBypass: [], seeded: [] });
    expect(empty).toContain('No RLS probe ran.');
    expect(empty).toContain('No state machine was verified.');
    expect(empty).not.toContain('## Not proven');
    expect(empty).not.toContain('## Seeding');
  });
});

describe('sarif', () => {
  // As in test/lint-output.test.ts: the SARIF 2.1.0 schema @microsoft/jest-sarif ships (draft-04), its root `id`
  // spelled `$id` for Ajv's draft-07 validator.
  const file = join(root, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { id, $schema: _draft, ...schema } = raw;
  const Ajv = AjvModule.default;
  const addFormats = addFormatsModule.default;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ $id: id as string, ...schema });
  const valid = (log: unknown) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

  const log = JSON.parse(renderVerifySarif(REPORT, { version: '0.1.0' }));
  const run = log.runs[0];

  it('is valid SARIF 2.1.0, with and without results, anchored to a file or not', () => {
    expect(valid(log)).toEqual([]);
    expect(valid(JSON.parse(renderVerifySarif({ ...REPORT, rls: [], stateMachines: [], notProven: [], ownerBypass: [] })))).toEqual([]);
    const anchored = JSON.parse(renderVerifySarif(REPORT, { unlocatedFile: 'schemaproof.config.yaml' }));
    expect(valid(anchored)).toEqual([]);
    expect(anchored.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'schemaproof.config.yaml' } });
  });

  it('describes the six rules and reports one result per leak, inconclusive, contradiction, owner bypass and not proven', () => {
    expect(run.tool.driver).toMatchObject({ name: 'schemaproof', version: '0.1.0' });
    expect(run.tool.driver.rules.map((r: { id: string; defaultConfiguration: { level: string } }) => [r.id, r.defaultConfiguration.level])).toEqual([
      ['verify/rls-leak', 'error'],
      ['verify/rls-inconclusive', 'warning'],
      ['verify/undeclared-transition', 'error'],
      ['verify/declared-transition-rejected', 'error'],
      ['verify/owner-bypass', 'warning'],
      ['verify/not-proven', 'warning'],
    ]);
    expect(run.results.map((r: { ruleId: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => [r.ruleId, r.locations[0]!.logicalLocations[0]!.fullyQualifiedName])).toEqual([
      ['verify/rls-leak', 'public.redemptions'],
      ['verify/rls-inconclusive', HOSTILE],
      ['verify/undeclared-transition', 'public.redemptions.status'],
      ['verify/owner-bypass', 'public.redemptions'],
      ['verify/not-proven', 'public.audit_view'],
    ]);
    expect(run.results[0]).toMatchObject({
      level: 'error',
      ruleIndex: 0,
      message: { text: 'public.redemptions: SELECT (scope other) leaks: saw 1 of tenant B\'s rows\nrow: {"id":"r-b1","client_id":"B"}' },
      properties: { command: 'select', scope: 'other', row: { id: 'r-b1', client_id: 'B' } },
    });
    expect(run.results[2].message.text).toBe('public.redemptions.status: claimed → pending is accepted but not declared');
    expect(run.properties.summary).not.toHaveProperty('ms');
  });

  it('fingerprints results stably and distinctly', () => {
    const prints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['schemaproof/v1']);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(prints).size).toBe(prints.length);
    const again = JSON.parse(renderVerifySarif({ ...REPORT, rls: [...REPORT.rls].reverse(), summary: { ...REPORT.summary, ms: 9 } }));
    expect(again.runs[0].results[0].partialFingerprints).toEqual(run.results[1].partialFingerprints);
    expect(renderVerifySarif({ ...REPORT, summary: { ...REPORT.summary, ms: 9 } }, { version: '0.1.0' })).toBe(renderVerifySarif(REPORT, { version: '0.1.0' }));
  });
});

describe('junit', () => {
  const out = renderVerifyJunit(REPORT);

  it('has an rls suite and a suite per state machine, with the expected counts', () => {
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(out).toContain('<testsuites name="schemaproof verify" tests="16" failures="2" errors="0" skipped="1">');
    expect([...out.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4])])).toEqual([
      ['rls', 10, 1, 1],
      ['public.redemptions.status', 6, 1, 0],
    ]);
    expect(out.match(/<failure /g)).toHaveLength(2);
    expect(out).toMatch(/<testcase classname="public.redemptions" name="select other">\n {6}<failure type="leak" message="saw 1 of tenant B&apos;s rows">/);
    expect(out).toContain('<testcase classname="public.x|&lt;b&gt;" name="update move">\n      <skipped message="inconclusive: no row | to &lt;probe&gt; with"/>');
    expect(out).toContain('<testcase classname="public.redemptions.status" name="claimed → pending">\n      <failure type="undeclared-transition" message="accepted but not declared">');
    expect(out).toContain('<testcase classname="public.redemptions.status" name="pending → claimed"/>');
    expect(out).not.toMatch(/timestamp|time=/);
  });

  it('fails a declared transition that was rejected', () => {
    const machine = REPORT.stateMachines[0]!;
    const rejected = renderVerifyJunit({ ...REPORT, rls: [], stateMachines: [{ ...machine, declared: { undeclaredAccepted: [], declaredRejected: [['fulfilled', 'pending']] } }] });
    expect(rejected).toContain('<testsuites name="schemaproof verify" tests="6" failures="1" errors="0" skipped="0">');
    expect(rejected).toContain('<failure type="declared-transition-rejected" message="declared but rejected: illegal transition fulfilled -&gt; pending">');
    expect(rejected).toContain('<testsuite name="rls" tests="0" failures="0" errors="0" skipped="0"/>');
  });
});

describe('schema/verify.schema.json', () => {
  const verifySchema = JSON.parse(readFileSync(join(root, 'schema', 'verify.schema.json'), 'utf8')) as { $id: string };
  const Ajv = Ajv2020.default;
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validate = ajv.compile(verifySchema);
  const check = (value: unknown) => ({ valid: validate(value) as boolean, errors: ajv.errorsText(validate.errors, { separator: '\n' }) });

  it('is a valid draft 2020-12 schema with the format as its $id', () => {
    expect(new Ajv({ strict: true }).validateSchema(verifySchema)).toBe(true);
    expect(verifySchema.$id).toBe('urn:schemaproof:verify@1');
  });

  it('validates the report, as JSON', () => {
    const { valid, errors } = check(JSON.parse(renderVerify(REPORT, 'json')));
    expect(valid, errors).toBe(true);
    expect(check({ ...REPORT, context: null, stateMachines: [{ ...REPORT.stateMachines[0]!, declared: null, initial: null }] }).valid).toBe(true);
  });

  const drift: [string, (r: VerifyReport & Record<string, unknown>) => void, string][] = [
    ['an extra top-level property', (r) => { r.extra = true; }, 'must NOT have additional properties'],
    ['an extra property on a probe', (r) => { (r.rls[0] as unknown as Record<string, unknown>).weight = 1; }, 'must NOT have additional properties'],
    ['an extra summary key', (r) => { (r.summary as Record<string, number>).total = 1; }, 'must NOT have additional properties'],
    ['an unknown verdict', (r) => { (r.rls[0] as { verdict: string }).verdict = 'leaks'; }, 'must be equal to one of the allowed values'],
    ['a move that is not an update', (r) => { r.rls[0]!.scope = 'move'; }, 'must be equal to constant'],
    ['a transition of three states', (r) => { r.stateMachines[0]!.allowed.push(['a', 'b', 'c'] as unknown as [string, string]); }, 'must NOT have more than 2 items'],
    ['another format', (r) => { (r as { format: string }).format = 'schemaproof/verify@2'; }, 'must be equal to constant'],
    ['a missing key', (r) => { delete (r as Partial<VerifyReport>).seeded; }, "must have required property 'seeded'"],
    ['a fractional count', (r) => { r.summary.leaks = 0.5; }, 'must be integer'],
  ];
  it.each(drift)('rejects %s', (_name, change, message) => {
    const changed = structuredClone(REPORT) as VerifyReport & Record<string, unknown>;
    change(changed);
    const { valid, errors } = check(changed);
    expect(valid).toBe(false);
    expect(errors).toContain(message);
  });
});

describe('renderVerify', () => {
  it('dispatches every format; json round-trips', () => {
    for (const format of VERIFY_FORMATS) expect(renderVerify(REPORT, format).length).toBeGreaterThan(0);
    const json = renderVerify(REPORT, 'json');
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(REPORT);
    expect(renderVerify(REPORT, 'markdown')).toBe(renderVerifyMarkdown(REPORT));
    expect(renderVerify(REPORT, 'sarif')).toBe(renderVerifySarif(REPORT));
    expect(renderVerify(REPORT, 'junit')).toBe(renderVerifyJunit(REPORT));
  });

  it('text: the counts, a line per leak and per contradiction', () => {
    expect(renderVerifyText(REPORT)).toBe(
      [
        'schemaproof verify examples/creator-loyalty (pglite)',
        'RLS: 10 probes, 1 leak, 1 inconclusive; 0 of 2 tables proven',
        'State machines: 1, 1 contradiction with the declared transitions',
        'Also: 1 table whose owner bypasses RLS, 1 not proven',
        '',
        'LEAK       public.redemptions SELECT other: saw 1 of tenant B\'s rows row {"id":"r-b1","client_id":"B"}',
        'UNDECLARED public.redemptions.status: claimed → pending accepted but not declared',
        '',
      ].join('\n'),
    );
    const hostile = renderVerifyText({ ...REPORT, rls: [{ ...REPORT.rls[1]!, table: 'public.\u001b[2Jx', detail: 'two\nlines' }] });
    expect(hostile).toContain('LEAK       public.\\x1b[2Jx SELECT other: two lines row');
    expect(hostile).not.toContain('\u001b');
  });
});
