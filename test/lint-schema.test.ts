/**
 * schema/lint.schema.json against the real output: it compiles in strict mode, `schemaproof lint <example> --format
 * json` validates against it for each of the five examples (and its counts add up), it rejects drift (a missing
 * key, an unknown severity, an extra key, a malformed fingerprint), and its Finding and Summary list exactly the keys
 * the JSON formatter writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/lint/types.js';
import { renderJson } from '../src/render/lint/json.js';
import { cli, root } from './helpers/cli.js';

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'];

interface Node {
  required?: string[];
  properties?: Record<string, unknown>;
}
const schema = JSON.parse(readFileSync(join(root, 'schema', 'lint.schema.json'), 'utf8')) as Node & { $defs: Record<string, Node> };
// ajv is CommonJS: imported from ESM, its default export is the module object, whose `default` is the class.
const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(schema);

const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe('schema/lint.schema.json', () => {
  it.each(EXAMPLES)('validates `lint examples/%s --format json`, whose counts add up', async (name) => {
    const { code, stdout, stderr } = await cli('lint', `examples/${name}`, '--format', 'json', '--fail-on', 'none');
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as LintResult;
    expect(validate(result), errors().join('\n')).toBe(true);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const s of ['error', 'warning', 'info'] as const) expect(result.summary[s]).toBe(result.findings.filter((f) => f.severity === s).length);
    // Every finding is located: the source is files (GitHub code scanning drops results without one).
    expect(result.findings.filter((f) => f.location === null).map((f) => f.object)).toEqual([]);
  }, 60_000);

  it('rejects drift: a missing key, an unknown severity, an extra key, a malformed fingerprint or location', () => {
    const finding = {
      rule: 'structure/fk-without-index',
      severity: 'warning',
      category: 'structure',
      object: 'public.videos.videos_user_id_fkey',
      message: 'no index',
      remediation: 'CREATE INDEX ON public.videos (user_id);',
      fingerprint: '3f1c0e9a5b7d2c44',
      location: { file: 'migrations/6.sql', line: 3, column: 1 },
    };
    const summary = { error: 0, warning: 1, info: 0, rules: 89, suppressed: 0, ignored: 0, baselined: 0 };
    const doc = (f: object, s: object = summary) => ({ format: 'schemaproof/lint@1', findings: [f], summary: s });
    expect(validate(doc(finding))).toBe(true);
    expect(validate(doc({ ...finding, remediation: null, location: null }))).toBe(true);
    const { remediation: _r, ...missing } = finding;
    expect(validate(doc(missing))).toBe(false);
    expect(validate(doc({ ...finding, severity: 'critical' }))).toBe(false);
    expect(validate(doc({ ...finding, extra: 1 }))).toBe(false);
    expect(validate(doc({ ...finding, fingerprint: '3F1C' }))).toBe(false);
    expect(validate(doc({ ...finding, location: { file: 'x.sql', line: 0, column: 1 } }))).toBe(false);
    expect(validate(doc(finding, { ...summary, total: 1 }))).toBe(false);
    expect(validate({ ...doc(finding), format: 'schemaproof/lint@2' })).toBe(false);
  });

  it('lists exactly the keys the JSON formatter writes', () => {
    const result: LintResult = {
      format: 'schemaproof/lint@1',
      findings: [
        { rule: 'a/b', severity: 'info', category: 'naming', object: 'public', message: 'm', remediation: null, fingerprint: '0'.repeat(16), location: null },
      ],
      summary: { error: 0, warning: 0, info: 1, rules: 1, suppressed: 0, ignored: 0, baselined: 0 },
    };
    const written = JSON.parse(renderJson(result)) as { findings: Record<string, unknown>[]; summary: Record<string, unknown> } & Record<string, unknown>;
    expect(Object.keys(written).sort()).toEqual([...schema.required!].sort());
    expect(Object.keys(written.findings[0]!).sort()).toEqual([...schema.$defs.Finding!.required!].sort());
    expect(Object.keys(schema.$defs.Finding!.properties!).sort()).toEqual([...schema.$defs.Finding!.required!].sort());
    expect(Object.keys(written.summary).sort()).toEqual([...schema.$defs.Summary!.required!].sort());
  });
});
