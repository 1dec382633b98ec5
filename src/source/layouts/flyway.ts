import { SchemaproofError } from '../../errors.js';
import { codePointCompare } from './natural.js';
import { IN_SUBFOLDER, skipSubfolderFiles, type LayoutRule, type Plan } from './plan.js';

const VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const UNDO = /^U(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;
const UNDO_REASON = 'undo migration; Flyway runs it only on `flyway undo`';
const NAME_REASON = 'name does not match V<version>__<desc>.sql or R__<desc>.sql; Flyway ignores it';

/**
 * Flyway: `V<version>__<desc>.sql` in version order, then `R__<desc>.sql` repeatables by description.
 * Undo scripts (`U…`) only run on `flyway undo`, so they are not part of the schema.
 */
export const flyway: LayoutRule = {
  detect(listing) {
    const n = listing.files.filter((f) => VERSIONED.test(f) || REPEATABLE.test(f)).length;
    return n > 0 ? `${n} V<version>__<desc>.sql / R__<desc>.sql file(s) (Flyway)` : undefined;
  },

  plan(listing) {
    const versioned: { file: string; version: bigint[] }[] = [];
    const repeatable: { file: string; description: string }[] = [];
    const plan: Plan = { apply: [], skipped: skipSubfolderFiles(listing, IN_SUBFOLDER), warnings: [] };
    for (const file of listing.files) {
      const v = VERSIONED.exec(file);
      const r = REPEATABLE.exec(file);
      if (v) versioned.push({ file, version: parseVersion(v[1]!) });
      else if (r) repeatable.push({ file, description: r[1]! });
      else plan.skipped.push({ file, reason: UNDO.test(file) ? UNDO_REASON : NAME_REASON });
    }
    versioned.sort((a, b) => compareVersions(a.version, b.version) || codePointCompare(a.file, b.file));
    for (let i = 1; i < versioned.length; i++) {
      const [prev, cur] = [versioned[i - 1]!, versioned[i]!];
      if (compareVersions(prev.version, cur.version) === 0) {
        const both = `${listing.display(prev.file)} and ${listing.display(cur.file)}`;
        throw new SchemaproofError(`two Flyway migrations have version ${cur.version.join('.')}: ${both}`, {
          hint: 'Flyway refuses to run with a duplicate version; rename one of them',
        });
      }
    }
    repeatable.sort((a, b) => codePointCompare(a.description, b.description));
    plan.apply = [...versioned.map((m) => m.file), ...repeatable.map((m) => m.file)];
    return plan;
  },
};

/** `1.10`, `1_10` → [1n, 10n]. BigInt because versions are often timestamps longer than 2^53. */
function parseVersion(text: string): bigint[] {
  return text.split(/[._]/).map((part) => BigInt(part));
}

/** Part by part, numerically; a missing part counts as 0, so `1` and `1.0` are the same version (as in Flyway). */
export function compareVersions(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
