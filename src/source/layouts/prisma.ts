import { codePointCompare } from './natural.js';
import type { LayoutRule, Listing, Plan } from './plan.js';

const MIGRATION_DIR = /^\d+_/;

/**
 * Prisma: one folder per migration, `<timestamp>_<name>/migration.sql`. Prisma reads every subfolder
 * and sorts them by name as strings, so `10_x` runs before `9_x`; it never reads loose files.
 */
export const prisma: LayoutRule = {
  detect(listing) {
    const dirs = migrationDirs(listing).filter((dir) => MIGRATION_DIR.test(dir));
    if (dirs.length === 0) return undefined;
    return `${dirs.length} folder(s) <timestamp>_<name>/migration.sql (Prisma)`;
  },

  plan(listing) {
    const dirs = migrationDirs(listing).sort(codePointCompare);
    const plan: Plan = { apply: dirs.map((dir) => `${dir}/migration.sql`), skipped: [], warnings: [] };
    for (const file of listing.files) {
      plan.skipped.push({ file, reason: 'not in a migration folder; Prisma applies only <folder>/migration.sql' });
    }
    for (const [dir, names] of listing.subfolders) {
      for (const name of names.filter((n) => n !== 'migration.sql')) {
        plan.skipped.push({ file: `${dir}/${name}`, reason: 'Prisma applies only migration.sql in each migration folder' });
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
