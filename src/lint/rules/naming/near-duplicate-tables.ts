/**
 * Tables that look like two versions of one (analysis.duplicates): by name (singular/plural, a copy marker, one
 * character apart, a name that ends with the other's and shares columns) or by columns (most distinctive columns
 * in common) — and definitions in migration files that were never applied but define a table again or one that
 * conflicts with an applied one (seed 001's `audit_logs` vs `audit_log`, and the two `events`).
 *
 * One finding per pair, on an applied table (the unapplied side is not in the model), keyed by the other side.
 */
import type { Rule, RuleFinding } from '../../types.js';

export const nearDuplicateTables: Rule = {
  meta: {
    id: 'naming/near-duplicate-tables',
    category: 'naming',
    severity: 'warning',
    description: 'Two tables that look like two versions of one, or a migration file that was not applied and redefines a table.',
    rationale:
      'Look-alike tables (audit_log / audit_logs, events / telemetry_events, users / users_old) split one kind of data ' +
      'in two: writers pick one, readers the other, and neither sees everything. A definition in a file the migration ' +
      'tool skips is worse: the team believes in a table that does not exist, or exists with other columns.',
    fix: 'Merge the two tables (or drop the stale one) in a migration; for a skipped file, rename it so the tool applies it, or delete it.',
    links: ['https://supabase.com/docs/guides/deployment/database-migrations'],
  },
  check({ analysis, lookup }) {
    const out: RuleFinding[] = [];
    for (const pair of analysis.duplicates) {
      const [a, b] = pair.tables;
      if (pair.unapplied) {
        const applied = a === pair.unapplied.table ? b : a;
        if (!lookup.tables.has(applied)) continue;
        out.push({
          object: applied,
          key: `${pair.unapplied.table}@${pair.unapplied.file}`,
          message: `${a === b ? 'a second definition' : 'a conflicting definition'} in a migration file that was not applied: ${pair.detail}`,
        });
        continue;
      }
      if (!lookup.tables.has(a)) continue;
      out.push({ object: a, key: b, message: `look-alike tables ${a} and ${b}: ${pair.detail}` });
    }
    return out;
  },
};
