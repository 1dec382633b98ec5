import type { LayoutRule, Listing, Plan } from './plan.js';

const MIGRATION_DIR = /^\d+_/;
const LOOSE_REASON = 'not in a migration folder; Prisma applies only <folder>/migration.sql';
const EXTRA_REASON = 'Prisma applies only migration.sql in each migration folder';

// Prisma sorts migration folder names with `localeCompare`: string order (`10_x` before `9_x`), with
// `_` before digits. The locale is pinned so the order does not depend on the machine.
const byName = new Intl.Collator('en').compare;

/**
 * Prisma: one folder per migration, `<timestamp>_<name>/migration.sql`. Every subfolder holding a
 * migration.sql is applied; loose files are never read.
 */
export const prisma: LayoutRule = {
  detect(listing) {
    const dirs = migrationDirs(listing).filter((dir) => MIGRATION_DIR.test(dir));
    if (dirs.length === 0) return undefined;
    return `${dirs.length} folder(s) <timestamp>_<name>/migration.sql (Prisma)`;
  },

  plan(listing) {
    const dirs = migrationDirs(listing).sort(byName);
    const plan: Plan = { apply: dirs.map((dir) => `${dir}/migration.sql`), skipped: [], warnings: [] };
    for (const file of listing.files) {
      plan.skipped.push({ file, reason: LOOSE_REASON });
    }
    for (const [dir, names] of listing.subfolders) {
      for (const name of names.filter((n) => n !== 'migration.sql')) {
        plan.skipped.push({ file: `${dir}/${name}`, reason: EXTRA_REASON });
      }
      // A migration-named folder without its file makes `prisma migrate` fail; say so instead of guessing.
      if (MIGRATION_DIR.test(dir) && !names.includes('migration.sql')) {
        plan.warnings.push(`${dir}/ has no migration.sql; prisma migrate would fail on it`);
      }
    }
    return plan;
  },
};

function migrationDirs(listing: Listing): string[] {
  return [...listing.subfolders].filter(([, names]) => names.includes('migration.sql')).map(([dir]) => dir);
}
