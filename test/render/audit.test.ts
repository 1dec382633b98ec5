/** audit.md: every rule that ran is a line — a tick when it found nothing, its findings and fixes when it did. */
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lint/engine.js';
import type { Finding, LintResult } from '../../src/lint/types.js';
import { renderAudit, topFindings } from '../../src/render/audit.js';
import { model, table } from '../helpers/model.js';
import { ctxOf, section } from '../helpers/render.js';

function finding(rule: string, object: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    severity,
    category: rule.split('/')[0] as Finding['category'],
    object,
    message: `${object} is wrong`,
    remediation: null,
    fingerprint: fingerprint(rule, object),
    location: null,
    ...extra,
  };
}

function result(findings: Finding[]): LintResult {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    format: 'schemaproof/lint@1',
    findings,
    summary: { error: count('error'), warning: count('warning'), info: count('info'), rules: 10, suppressed: 1, ignored: 0, baselined: 0 },
  };
}

const m = model({ tables: [table('public.users', ['id uuid pk'])] });

describe('audit.md', () => {
  const lint = result([
    finding('security/rls-disabled', 'public.users', 'error', {
      remediation: 'ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;',
      location: { file: 'migrations/1_users.sql', line: 3, column: 1 },
    }),
    ...Array.from({ length: 7 }, (_, i) => finding('structure/fk-without-index', `public.t${i}.t${i}_fkey`, 'warning')),
  ]);
  const md = renderAudit({ ...ctxOf(m), lint, lintOff: new Set(['naming/reserved-word-name']) });

  it('says what failed, with the object, where it was created and the fix', () => {
    const rls = section(md, '### ❌ Row-level security and privileges');
    expect(rls).toMatch(/#### ❌ Row-level security is off on a table PostgREST exposes, or on a tenant table — 1 finding/);
    expect(rls).toContain('`public.users` (`migrations/1_users.sql:3`): public.users is wrong');
    expect(rls).toContain('ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;');
    expect(rls).toMatch(/✅ Table has RLS policies but row-level security is disabled \(`security\/policies-without-rls`\)/);
    expect(md).toContain('**Not ready:** 1 error must be fixed first.');
  });

  it('shows five findings of a rule and counts the rest; does not claim a rule the config turned off', () => {
    const fk = section(md, '### ❌ Structure and indexes');
    expect(fk.match(/`public\.t\d\.t\d_fkey`/g)).toHaveLength(5);
    expect(fk).toContain('… and 2 more');
    expect(md).not.toContain('naming/reserved-word-name');
    expect(md).toMatch(/\| ✅ Naming \| \d+ \| \d+ \| 0 \|/);
  });

  it('is a tick list when nothing is found, and the README gets the top findings, errors first', () => {
    const clean = renderAudit({ ...ctxOf(m), lint: result([]) });
    expect(clean).toContain('**No errors or warnings.**');
    expect(clean.slice(clean.indexOf('## Summary'))).not.toMatch(/❌|⚠️/);
    const top = topFindings(lint);
    expect(top[0]).toMatch(/^❌ `security\/rls-disabled`: 1 finding/);
    expect(top[1]).toMatch(/^⚠️ `structure\/fk-without-index`: 7 findings/);
  });
});
