/**
 * The remediation planner (src/lint/plan): rules that propose fixed remediations, run through the engine so that the
 * plan follows the output order (severity, rule, object), with the exact remediations and messages it makes of them —
 * repeats, an index a wider one serves, an FK guard given the rule another fix decides, fixes of one FK or of one
 * policy that disagree, policy rewrites composed through `rewritePolicy`, transaction control kept per fix, and a
 * remediation that does not parse left alone. Then the statement splitter on its own.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { lint } from '../../src/lint/engine.js';
import { splitRemediation } from '../../src/lint/plan/statements.js';
import type { Finding, Rule, RuleMeta } from '../../src/lint/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { fk, model, policy, table } from '../helpers/model.js';

/** A rule that reports one object with a fixed remediation. */
function fixed(id: string, object: string, remediation: string, extra: Partial<Rule> = {}): Rule {
  const meta: RuleMeta = { id, category: id.split('/')[0] as RuleMeta['category'], severity: 'warning', description: 'd', rationale: 'r', fix: 'f', links: [] };
  return { meta, check: () => [{ object, message: `${id} says so`, remediation }], ...extra };
}

const base = model({
  tables: [
    table('public.parents', ['id uuid pk', 'client_id uuid notnull']),
    table('public.history', ['id uuid pk', 'parent_id uuid notnull', 'client_id uuid notnull']),
    table('public.docs', ['id uuid pk', 'client_id uuid notnull'], { rls: { enabled: true, forced: false } }),
  ],
  foreignKeys: [fk('public.history', ['parent_id'], 'public.parents', ['id'], { onDelete: 'cascade' })],
  policies: [policy('public.docs', 'docs_tenant', "client_id = (current_setting('app.client'::text))::uuid")],
});

async function plan(rules: Rule[], m: SchemaModel = base): Promise<Finding[]> {
  return lint(m, await analyze(m), { ruleSet: rules }).findings;
}

const RESTRICT =
  'ALTER TABLE history DROP CONSTRAINT history_parent_id_fkey, ADD CONSTRAINT history_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE RESTRICT NOT VALID;\n' +
  'ALTER TABLE history VALIDATE CONSTRAINT history_parent_id_fkey;';
const GUARD =
  'ALTER TABLE history ADD CONSTRAINT history_guard_fkey FOREIGN KEY (parent_id, client_id) REFERENCES parents (id, client_id) ON DELETE CASCADE NOT VALID;\n' +
  'CREATE INDEX ON history (parent_id, client_id);';

describe('the remediation planner', () => {
  it('emits each statement once, the later finding naming the earlier; an index is the same whatever its name or qualification', async () => {
    const findings = await plan([
      fixed('structure/test-b', 'public.history', 'CREATE INDEX history_client_idx ON history (client_id);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;'),
      fixed('structure/test-c', 'public.parents', '-- the index:\nCREATE INDEX ON public.history (client_id);'),
      fixed('structure/test-d', 'public.docs', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\nCREATE INDEX ON docs (client_id);'),
    ]);
    const [b, c, d] = findings;
    expect(b!.remediation).toBe('CREATE INDEX history_client_idx ON history (client_id);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;');
    expect(c!.remediation).toBe(`-- the index:\n-- already in the fix of structure/test-b (${b!.fingerprint}): CREATE INDEX ON public.history (client_id);`);
    expect(c!.message).toBe(`structure/test-c says so (same fix as structure/test-b (${b!.fingerprint}))`);
    // Partly covered: only the repeated statement becomes a comment, and the message is left as it is.
    expect(d!.remediation).toBe(`-- already in the fix of structure/test-b (${b!.fingerprint}): CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\nCREATE INDEX ON docs (client_id);`);
    expect(d!.message).toBe('structure/test-d says so');
    // Fingerprints, severities and order are the engine's.
    expect(findings.map((f) => f.rule)).toEqual(['structure/test-b', 'structure/test-c', 'structure/test-d']);
  });

  it('compares statements of one kind on one relation only: qualified or not, the same; on another table or alone, its own', async () => {
    const findings = await plan([
      fixed('security/test-a', 'public.docs', 'ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON history USING (true);'),
      fixed('security/test-b', 'public.history', 'ALTER TABLE public.history ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON public.history USING (true);'),
      fixed('security/test-c', 'public.parents', 'ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;\nCREATE TRIGGER t BEFORE UPDATE ON parents FOR EACH ROW EXECUTE FUNCTION f();'),
    ]);
    const [a, b, c] = findings;
    expect(a!.remediation).toBe('ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON history USING (true);');
    expect(b!.remediation).toBe(`ALTER TABLE public.history ENABLE ROW LEVEL SECURITY;\n-- already in the fix of security/test-a (${a!.fingerprint}): CREATE POLICY p ON public.history USING (true);`);
    expect(c!.remediation).toBe(
      `-- already in the fix of security/test-a (${a!.fingerprint}): ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;\nCREATE TRIGGER t BEFORE UPDATE ON parents FOR EACH ROW EXECUTE FUNCTION f();`,
    );
  });

  it('gives a new guard FK the ON DELETE rule another fix gives the FK it guards, and drops the index its wider index serves', async () => {
    const [restrict, narrow, guard] = await plan([
      fixed('integrity/test-restrict', 'public.history.history_parent_id_fkey', RESTRICT),
      fixed('structure/test-a', 'public.history.history_parent_id_fkey', 'CREATE INDEX ON public.history (parent_id);'),
      fixed('tenancy/test-guard', 'public.history.history_parent_id_fkey', GUARD),
    ]);
    expect(restrict!.remediation).toBe(RESTRICT);
    expect(narrow!.remediation).toBe(
      `-- not needed: the fix of tenancy/test-guard (${guard!.fingerprint}) creates a wider index that serves it: CREATE INDEX ON history (parent_id, client_id);`,
    );
    expect(narrow!.message).toBe(`structure/test-a says so (same fix as tenancy/test-guard (${guard!.fingerprint}))`);
    expect(guard!.remediation).toBe(
      `-- ON DELETE RESTRICT, as the fix of integrity/test-restrict (${restrict!.fingerprint}) re-creates history_parent_id_fkey, whose rows this FK checks too:\n` +
        'ALTER TABLE history ADD CONSTRAINT history_guard_fkey FOREIGN KEY (parent_id, client_id) REFERENCES parents (id, client_id) ON DELETE RESTRICT NOT VALID;\n' +
        'CREATE INDEX ON history (parent_id, client_id);',
    );
  });

  it('counts a UNIQUE constraint a fix adds as a wider index', async () => {
    const [narrow, unique] = await plan([
      fixed('structure/test-a', 'public.docs', 'CREATE INDEX ON public.docs (client_id);'),
      fixed('tenancy/test-unique', 'public.docs', 'ALTER TABLE docs ADD CONSTRAINT docs_client_id_id_key UNIQUE (client_id, id);'),
    ]);
    expect(narrow!.remediation).toBe(
      `-- not needed: the fix of tenancy/test-unique (${unique!.fingerprint}) creates a wider index that serves it: ALTER TABLE docs ADD CONSTRAINT docs_client_id_id_key UNIQUE (client_id, id);`,
    );
    expect(unique!.remediation).toBe('ALTER TABLE docs ADD CONSTRAINT docs_client_id_id_key UNIQUE (client_id, id);');
  });

  it('SET NULL on a guard touches only the guarded columns (PostgreSQL 15+); before 15 the conflict is flagged', async () => {
    const setNull = RESTRICT.replace('ON DELETE RESTRICT', 'ON DELETE SET NULL');
    const rules = [fixed('integrity/test-null', 'public.history.history_parent_id_fkey', setNull), fixed('tenancy/test-guard', 'public.history.history_parent_id_fkey', GUARD)];
    const [, guard] = await plan(rules);
    expect(guard!.remediation).toContain('REFERENCES parents (id, client_id) ON DELETE SET NULL (parent_id) NOT VALID;');
    const old = { ...base, engine: { ...base.engine, serverVersion: '14.9', serverVersionNum: 140009 } };
    const [first, flagged] = await plan(rules, old);
    expect(flagged!.remediation).toBe(GUARD);
    expect(flagged!.message).toBe(
      `tenancy/test-guard says so (history_guard_fkey would be ON DELETE CASCADE while the fix of integrity/test-null (${first!.fingerprint}) makes ` +
        'history_parent_id_fkey, whose rows it checks, ON DELETE SET NULL: give both the same rule)',
    );
  });

  it('flags two fixes that re-create one FK with different rules, and a fix that leaves a CASCADE beside it; RESTRICT and NO ACTION agree', async () => {
    const [a, b] = await plan([
      fixed('integrity/test-a', 'public.history.history_parent_id_fkey', RESTRICT),
      fixed('integrity/test-b', 'public.history.history_parent_id_fkey', RESTRICT.replace('ON DELETE RESTRICT', 'ON DELETE SET NULL')),
    ]);
    expect(a!.message).toBe('integrity/test-a says so');
    expect(b!.message).toBe(
      `integrity/test-b says so (the fix of integrity/test-a (${a!.fingerprint}) re-creates history_parent_id_fkey ON DELETE RESTRICT and this one ON DELETE SET NULL: apply one of them)`,
    );
    const agree = await plan([
      fixed('integrity/test-a', 'public.history.history_parent_id_fkey', RESTRICT),
      fixed('integrity/test-b', 'public.history.history_parent_id_fkey', RESTRICT.replace(' ON DELETE RESTRICT', '')),
    ]);
    expect(agree.map((f) => f.message)).toEqual(['integrity/test-a says so', 'integrity/test-b says so']);
    // An existing guard that CASCADEs beside an FK a fix makes RESTRICT: deletes would still cascade through it.
    const guarded = model({
      tables: base.tables,
      foreignKeys: [
        ...base.foreignKeys,
        fk('public.history', ['parent_id', 'client_id'], 'public.parents', ['id', 'client_id'], { name: 'history_guard_fkey', onDelete: 'cascade' }),
      ],
    });
    const [only] = await plan([fixed('integrity/test-a', 'public.history.history_parent_id_fkey', RESTRICT)], guarded);
    expect(only!.message).toBe(
      'integrity/test-a says so (history_guard_fkey (ON DELETE CASCADE) checks the same rows and this fix leaves it as it is: change it to ON DELETE RESTRICT as well)',
    );
  });

  it('composes two rewrites of one policy expression through rewritePolicy; flags a rule that has none; other clauses do not conflict', async () => {
    const using = base.policies[0]!.using!;
    const alter = (text: string, clause = 'USING') => `ALTER POLICY docs_tenant ON public.docs ${clause} (${text});`;
    const nullif = (t: string) => t.replace("(current_setting('app.client'::text))", "nullif(current_setting('app.client'::text, true), '')");
    const wrap = (t: string) => t.replace(/(nullif\(.*?''\)|\(current_setting\('app\.client'::text\)\))/, '(select $1)');
    const safe = fixed('security/test-nullif', 'public.docs.docs_tenant', alter(nullif(using)), { rewritePolicy: (_c, _p, _k, text) => nullif(text) });
    const once = fixed('security/test-wrap', 'public.docs', alter(wrap(using)), { rewritePolicy: (_c, _p, _k, text) => wrap(text) });
    const [first, second] = await plan([safe, once]);
    expect(first!.remediation).toBe(`ALTER POLICY docs_tenant ON public.docs USING (client_id = nullif(current_setting('app.client'::text, true), '')::uuid);`);
    expect(second!.remediation).toBe(
      `-- on top of the fix of security/test-nullif (${first!.fingerprint}) for this policy, which it keeps:\n` +
        `ALTER POLICY docs_tenant ON public.docs USING (client_id = (select nullif(current_setting('app.client'::text, true), ''))::uuid);`,
    );
    // Without rewritePolicy the later fix would undo the earlier one: flagged.
    const blunt = fixed('security/test-wrap', 'public.docs', alter(wrap(using)));
    const [, flagged] = await plan([safe, blunt]);
    expect(flagged!.remediation).toBe(alter(wrap(using)));
    expect(flagged!.message).toBe(
      `security/test-wrap says so (this fix and the fix of security/test-nullif (${first!.fingerprint}) both rewrite USING of policy "docs_tenant": ` +
        'the one run last undoes the other — apply one, then redo the other on its result)',
    );
    // A fix of WITH CHECK beside a fix of USING: nothing to compose.
    const check = fixed('security/test-check', 'public.docs', alter('client_id IS NOT NULL', 'WITH CHECK'));
    expect((await plan([safe, check])).map((f) => f.message)).toEqual(['security/test-check says so', 'security/test-nullif says so']);
  });

  it('keeps BEGIN/COMMIT in every fix, and leaves a remediation that does not parse as it is', async () => {
    const tx = 'BEGIN;\nSELECT setval(\'s\', 1);\nCOMMIT;';
    const [a, b] = await plan([fixed('types/test-a', 'public.docs', tx), fixed('types/test-b', 'public.history', tx)]);
    expect(a!.remediation).toBe(tx);
    expect(b!.remediation).toBe(`BEGIN;\n-- already in the fix of types/test-a (${a!.fingerprint}): SELECT setval('s', 1);\nCOMMIT;`);
    expect(b!.message).toBe(`types/test-b says so (same fix as types/test-a (${a!.fingerprint}))`);
    const placeholder = "ALTER TABLE docs ADD CHECK (client_id IN (<the values>));";
    const twice = await plan([fixed('integrity/test-a', 'public.docs', placeholder), fixed('integrity/test-b', 'public.docs', placeholder)]);
    expect(twice.map((f) => [f.remediation, f.message])).toEqual([
      [placeholder, 'integrity/test-a says so'],
      [placeholder, 'integrity/test-b says so'],
    ]);
  });
});

describe('splitRemediation', () => {
  it('reads statements with the parser: function bodies, strings, trailing comments and non-ASCII names stay whole', () => {
    const sql = "-- first\nCREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$; -- trailing\nCOMMENT ON TABLE \"Bücher\" IS 'x;y';\n";
    const pieces = splitRemediation(sql)!;
    expect(pieces.map((p) => ('text' in p ? { text: p.text } : { kind: p.statement.kind, text: p.statement.text }))).toEqual([
      { text: '-- first\n' },
      { kind: 'CreateFunctionStmt', text: "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$;" },
      { text: ' -- trailing\n' },
      { kind: 'CommentStmt', text: "COMMENT ON TABLE \"Bücher\" IS 'x;y';" },
      { text: '\n' },
    ]);
    expect(splitRemediation('SELECT <nope>;')).toBeNull();
    // Without a final semicolon the statement gets one.
    expect(splitRemediation('SELECT 1')!.map((p) => ('statement' in p ? p.statement.text : p.text))).toEqual(['SELECT 1;']);
  });
});
