/**
 * The lint output formats (src/render/lint) on one hand-made result: located and unlocated findings, two findings of
 * one rule on one object, a rule without findings, and text that must be escaped (`<`, `&`, quotes, newlines, `%`,
 * `,` and `:` in paths and names, a terminal escape sequence in a name). SARIF is validated against the SARIF 2.1.0
 * JSON Schema that @microsoft/jest-sarif ships; JUnit is checked to be well-formed XML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult, RuleMeta } from '../src/lint/types.js';
import { LINT_FORMATS, renderLint } from '../src/render/lint/index.js';
import { renderGithub } from '../src/render/lint/github.js';
import { renderJson } from '../src/render/lint/json.js';
import { renderJunit } from '../src/render/lint/junit.js';
import { artifactUri, renderSarif } from '../src/render/lint/sarif.js';
import { renderText } from '../src/render/lint/text.js';
import { model, table } from './helpers/model.js';

const meta = (id: string, severity: RuleMeta['severity'], links: string[] = []): RuleMeta => ({
  id,
  category: id.split('/')[0] as RuleMeta['category'],
  severity,
  description: `What ${id} reports.`,
  rationale: `Why ${id} matters.`,
  fix: `How to fix ${id}.`,
  links,
});

const RULES: RuleMeta[] = [
  meta('security/test-rls', 'error', ['https://www.postgresql.org/docs/current/ddl-rowsecurity.html', 'https://example.com/second']),
  meta('structure/test-pk', 'warning', ['https://github.com/ankane/pghero (duplicate_indexes)']),
  meta('naming/test-case', 'info', ['not a link']),
  meta('types/test-passing', 'warning'),
];

const finding = (f: Partial<Finding> & Pick<Finding, 'rule' | 'severity' | 'object' | 'message'>): Finding => ({
  category: f.rule.split('/')[0] as Finding['category'],
  remediation: null,
  fingerprint: '0000000000000000',
  location: null,
  ...f,
});

const RESULT: LintResult = {
  format: 'schemaproof/lint@1',
  findings: [
    finding({
      rule: 'security/test-rls',
      severity: 'error',
      object: 'public.users',
      message: 'public.users exposes <rows> & more\nsecond line',
      remediation: 'ALTER TABLE public.users\n  ENABLE ROW LEVEL SECURITY;',
      fingerprint: '1111111111111111',
      location: { file: 'supabase/migrations/001 init.sql', line: 3, column: 1 },
    }),
    finding({
      rule: 'security/test-rls',
      severity: 'error',
      object: 'public.users',
      message: 'public.users: another one',
      fingerprint: '2222222222222222',
      location: { file: 'supabase/migrations/001 init.sql', line: 3, column: 1 },
    }),
    finding({
      rule: 'structure/test-pk',
      severity: 'warning',
      object: 'public.a,b:c',
      message: '100% of "rows" <b>',
      fingerprint: '3333333333333333',
      location: { file: 'db\\migrations\\2,3:x.sql', line: 10, column: 5 },
    }),
    finding({
      rule: 'naming/test-case',
      severity: 'info',
      object: 'public.orders.\u001b[2JTotal',
      message: "column name isn't snake_case",
      remediation: 'ALTER TABLE public.orders RENAME COLUMN "Total" TO total;',
      fingerprint: '4444444444444444',
    }),
  ],
  summary: { error: 2, warning: 1, info: 1, rules: 4, suppressed: 1, ignored: 0, baselined: 2 },
};

const ctx = { rules: RULES, version: '0.1.0' };
const EMPTY: LintResult = { format: 'schemaproof/lint@1', findings: [], summary: { error: 0, warning: 0, info: 0, rules: 4, suppressed: 0, ignored: 0, baselined: 0 } };

describe('text', () => {
  it('groups by severity then rule, with object, message, location and indented remediation, and a summary line', () => {
    expect(renderText(RESULT, ctx)).toBe(
      [
        'Errors (2)',
        '',
        '  security/test-rls (2)  What security/test-rls reports.',
        '    public.users',
        '      public.users exposes <rows> & more',
        '      second line',
        '      at supabase/migrations/001 init.sql:3:1',
        '      fix:',
        '        ALTER TABLE public.users',
        '          ENABLE ROW LEVEL SECURITY;',
        '    public.users',
        '      public.users: another one',
        '      at supabase/migrations/001 init.sql:3:1',
        '',
        'Warnings (1)',
        '',
        '  structure/test-pk (1)  What structure/test-pk reports.',
        '    public.a,b:c',
        '      100% of "rows" <b>',
        '      at db/migrations/2,3:x.sql:10:5',
        '',
        'Info (1)',
        '',
        '  naming/test-case (1)  What naming/test-case reports.',
        '    public.orders.\\x1b[2JTotal',
        "      column name isn't snake_case",
        '      fix:',
        '        ALTER TABLE public.orders RENAME COLUMN "Total" TO total;',
        '',
        '4 findings: 2 errors, 1 warning, 1 info (4 rules; left out: 1 suppressed, 2 baselined).',
        '',
      ].join('\n'),
    );
  });

  it('colors only when asked, and never lets a control character from the schema through', () => {
    const plain = renderText(RESULT, ctx);
    expect(plain).not.toContain('\u001b');
    const colored = renderText(RESULT, { ...ctx, color: true });
    expect(colored).toContain('\u001b[31mErrors (2)\u001b[39m');
    expect(colored).toContain('\u001b[33m');
    expect(colored).toContain('public.orders.\\x1b[2JTotal');
    expect(colored).not.toContain('\u001b[2J');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('says so when there is nothing to report', () => {
    expect(renderText(EMPTY, ctx)).toBe('No findings (4 rules).\n');
  });
});

describe('json', () => {
  it('is the result, keys in the order of the type, with a trailing newline, whatever order the input keys had', () => {
    const out = renderJson(RESULT);
    expect(JSON.parse(out)).toEqual(RESULT);
    expect(out.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(out) as LintResult;
    expect(Object.keys(parsed)).toEqual(['format', 'findings', 'summary']);
    expect(Object.keys(parsed.findings[0]!)).toEqual(['rule', 'severity', 'category', 'object', 'message', 'remediation', 'fingerprint', 'location']);
    expect(Object.keys(parsed.findings[0]!.location!)).toEqual(['file', 'line', 'column']);
    expect(Object.keys(parsed.summary)).toEqual(['error', 'warning', 'info', 'rules', 'suppressed', 'ignored', 'baselined']);
    const reversed = (o: object) => Object.fromEntries(Object.entries(o).reverse());
    const shuffled = {
      ...reversed({ ...RESULT, summary: reversed(RESULT.summary) }),
      findings: RESULT.findings.map((f) => reversed({ ...f, location: f.location ? reversed(f.location) : null })),
    } as unknown as LintResult;
    expect(renderJson(shuffled)).toBe(out);
  });
});

describe('sarif', () => {
  // The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (SchemaStore's sarif-2.1.0-rtm.5.json, draft-04). Its
  // keywords mean the same in draft-04 and draft-07 (checked below), so Ajv's draft-07 validator applies it once the
  // root `id` is spelled `$id`, the only draft-04 spelling in it.
  const file = join(import.meta.dirname, '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { id, $schema, ...schema } = raw;
  const Ajv = AjvModule.default;
  const addFormats = addFormatsModule.default;
  // unicodeRegExp: false — the schema's `language` pattern has a stray `]` that only a non-unicode RegExp accepts.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ $id: id, ...schema });
  const valid = (log: unknown) => {
    const ok = validate(log);
    return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };

  it('is validated against the SARIF 2.1.0 schema, which uses only keywords draft-04 and draft-07 agree on', () => {
    expect($schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(raw.title).toMatch(/SARIF\) Version 2\.1\.0/);
    const keywords = new Set<string>();
    const walk = (node: unknown, isMap = false): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n));
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (!isMap) keywords.add(k);
        walk(v, !isMap && (k === 'properties' || k === 'definitions'));
      }
    };
    walk(raw);
    const same = ['$schema', 'id', 'title', 'description', 'type', 'properties', 'additionalProperties', 'required', 'definitions', '$ref', 'items', 'minItems', 'uniqueItems', 'enum', 'format', 'pattern', 'minimum', 'maximum', 'default', 'anyOf', 'oneOf'];
    expect([...keywords].filter((k) => !same.includes(k))).toEqual([]);
    // The validator is real: it rejects what the schema forbids.
    expect(valid({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'info' }] }] })).not.toEqual([]);
    expect(valid({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', bogus: true } } }] })).not.toEqual([]);
  });

  it('is valid SARIF 2.1.0, with and without findings', () => {
    expect(valid(JSON.parse(renderSarif(RESULT, ctx)))).toEqual([]);
    expect(valid(JSON.parse(renderSarif(EMPTY, ctx)))).toEqual([]);
    // The default rule set: every real rule's descriptor validates too.
    expect(valid(JSON.parse(renderSarif(RESULT)))).toEqual([]);
  });

  it('anchors unlocated findings to a given file when asked (GitHub code scanning needs a physical location)', () => {
    const log = JSON.parse(renderSarif(RESULT, { ...ctx, unlocatedFile: 'schemaproof.yml' }));
    expect(valid(log)).toEqual([]);
    expect(log.runs[0].results[3].locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'schemaproof.yml' } }, logicalLocations: [{ fullyQualifiedName: 'public.orders.\u001b[2JTotal' }] },
    ]);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 1 });
  });

  it('describes each rule and reports each finding with level, fingerprint and location', () => {
    const m = model({ tables: [table('public.users', ['id uuid pk'])] });
    const log = JSON.parse(renderSarif(RESULT, { ...ctx, model: m }));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'schemaproof', version: '0.1.0' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['naming/test-case', 'security/test-rls', 'structure/test-pk', 'types/test-passing']);
    expect(run.tool.driver.rules[1]).toMatchObject({
      id: 'security/test-rls',
      shortDescription: { text: 'What security/test-rls reports.' },
      fullDescription: { text: 'Why security/test-rls matters.' },
      help: { text: 'How to fix security/test-rls.' },
      helpUri: 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html',
      defaultConfiguration: { level: 'error' },
    });
    expect(run.tool.driver.rules[0].helpUri).toBeUndefined(); // 'not a link' is no URI
    expect(run.tool.driver.rules[2].helpUri).toBe('https://github.com/ankane/pghero'); // 'URL (what to look for)'
    expect(run.tool.driver.rules[0].defaultConfiguration.level).toBe('note');

    const [first, , second, third] = run.results;
    expect(first).toMatchObject({
      ruleId: 'security/test-rls',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'public.users exposes <rows> & more\nsecond line' },
      partialFingerprints: { 'schemaproof/v1': '1111111111111111' },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'supabase/migrations/001%20init.sql' }, region: { startLine: 3, startColumn: 1 } },
          logicalLocations: [{ fullyQualifiedName: 'public.users', kind: 'table' }],
        },
      ],
    });
    expect(second.locations[0].physicalLocation.artifactLocation.uri).toBe('db/migrations/2%2C3%3Ax.sql');
    expect(second.level).toBe('warning');
    expect(third.level).toBe('note');
    expect(third.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'public.orders.\u001b[2JTotal' }] }]);
    expect(run.results.map((r: { ruleIndex: number }) => run.tool.driver.rules[r.ruleIndex].id)).toEqual(RESULT.findings.map((f) => f.rule));
  });

  it('writes paths as URI references', () => {
    expect(artifactUri('migrations/001_init.sql')).toBe('migrations/001_init.sql');
    expect(artifactUri('./a b/#1 ü.sql')).toBe('a%20b/%231%20%C3%BC.sql');
    expect(artifactUri('/abs/x.sql')).toBe('file:///abs/x.sql');
    expect(artifactUri('C:\\work\\x.sql')).toBe('file:///C:/work/x.sql');
  });
});

/**
 * A small well-formedness check: an XML declaration, then one root element; tags nest and close; attribute values are
 * quoted and hold no `<`; every `&` starts an entity or character reference; no character XML 1.0 forbids.
 */
function expectWellFormed(xml: string): void {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  expect(xml.startsWith(declaration)).toBe(true);
  // eslint-disable-next-line no-control-regex
  expect(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)).toBe(false);
  const references = (text: string) => expect(text.replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, '')).not.toMatch(/&/);
  const token = /<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: string[] = [];
  let roots = 0;
  let at = declaration.length;
  while (at < xml.length) {
    token.lastIndex = at;
    const m = token.exec(xml);
    if (!m) throw new Error(`not well-formed at ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
    at = token.lastIndex;
    const [, close, open, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      if (stack.length === 0) expect(text.trim()).toBe('');
      references(text);
    } else if (close !== undefined) {
      expect(stack.pop()).toBe(close);
    } else {
      if (stack.length === 0) roots++;
      const names = [...attrs!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)].map((a) => {
        references(a[2]!);
        return a[1]!;
      });
      expect(new Set(names).size).toBe(names.length);
      if (!selfClosing) stack.push(open!);
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

/** Attribute values and text as an XML parser reads them back. */
const unescape = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) =>
    e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
  );

describe('junit', () => {
  const out = renderJunit(RESULT, ctx);

  it('is well-formed XML, one testsuite per rule, a failed testcase per finding and a passing one per clean rule', () => {
    expectWellFormed(out);
    expect(out).toContain('<testsuites name="schemaproof lint" tests="5" failures="4" errors="0" skipped="0">');
    expect([...out.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])])).toEqual([
      ['naming/test-case', 1, 1],
      ['security/test-rls', 2, 2],
      ['structure/test-pk', 1, 1],
      ['types/test-passing', 1, 0],
    ]);
    expect(out).toContain('<testcase classname="types/test-passing" name="no findings"/>');
    // Two findings on one object get distinct names.
    expect(out).toContain('<testcase classname="security/test-rls" name="public.users" file="supabase/migrations/001 init.sql">');
    expect(out).toContain('<testcase classname="security/test-rls" name="public.users (2222222222222222)" file="supabase/migrations/001 init.sql">');
    expectWellFormed(renderJunit(EMPTY, ctx));
  });

  it('escapes markup, keeps newlines in attributes, and replaces characters XML cannot hold', () => {
    const message = /<failure type="error" message="([^"]*)">/.exec(out)![1]!;
    expect(unescape(message)).toBe('public.users exposes <rows> & more\nsecond line');
    expect(out).toContain('public.users exposes &lt;rows&gt; &amp; more\nsecond line\nat supabase/migrations/001 init.sql:3:1\nfix:\nALTER TABLE public.users\n  ENABLE ROW LEVEL SECURITY;\nfingerprint: 1111111111111111</failure>');
    expect(out).toContain('message="public.a,b:c: 100% of &quot;rows&quot; &lt;b&gt;"');
    expect(out).toContain('file="db/migrations/2,3:x.sql"');
    expect(out).toContain('name="public.orders.\ufffd[2JTotal"');
    expect(out).toContain('column name isn&apos;t snake_case');
  });
});

describe('github', () => {
  it('writes one workflow command per finding, escaped as the Actions toolkit does', () => {
    expect(renderGithub(RESULT).split('\n')).toEqual([
      '::error file=supabase/migrations/001 init.sql,line=3,col=1,title=security/test-rls::public.users exposes <rows> & more%0Asecond line%0A%0AFix:%0AALTER TABLE public.users%0A  ENABLE ROW LEVEL SECURITY;',
      '::error file=supabase/migrations/001 init.sql,line=3,col=1,title=security/test-rls::public.users: another one',
      '::warning file=db/migrations/2%2C3%3Ax.sql,line=10,col=5,title=structure/test-pk::public.a,b:c: 100%25 of "rows" <b>',
      `::notice title=naming/test-case::public.orders.\\x1b[2JTotal: column name isn't snake_case%0A%0AFix:%0AALTER TABLE public.orders RENAME COLUMN "Total" TO total;`,
      '',
    ]);
    expect(renderGithub(EMPTY)).toBe('');
  });
});

describe('renderLint', () => {
  it('dispatches every format', () => {
    for (const format of LINT_FORMATS) expect(renderLint(format, RESULT, ctx).length).toBeGreaterThan(0);
    expect(renderLint('sarif', RESULT, ctx)).toBe(renderSarif(RESULT, ctx));
  });
});
