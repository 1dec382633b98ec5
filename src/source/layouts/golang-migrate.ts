import { SchemaproofError } from '../../errors.js';
import { codePointCompare } from './natural.js';
import { IN_SUBFOLDER, skipSubfolderFiles, type LayoutRule, type Plan } from './plan.js';

const MIGRATION = /^(\d+)_(.*)\.(up|down)\.sql$/;
const NAME_REASON = 'name does not match <n>_name.up.sql; golang-migrate ignores it';

/** golang-migrate: `<n>_name.up.sql` in numeric order of n (`2_` before `10_`); down files never run. */
export const golangMigrate: LayoutRule = {
  detect(listing) {
    const n = listing.files.filter((f) => MIGRATION.test(f)).length;
    return n > 0 ? `${n} <n>_name.up.sql / .down.sql file(s) (golang-migrate)` : undefined;
  },

  plan(listing) {
    const ups: { file: string; version: bigint }[] = [];
    const plan: Plan = { apply: [], skipped: skipSubfolderFiles(listing, IN_SUBFOLDER), warnings: [] };
    for (const file of listing.files) {
      const m = MIGRATION.exec(file);
      if (!m) plan.skipped.push({ file, reason: NAME_REASON });
      else if (m[3] === 'down') plan.skipped.push({ file, reason: 'down migration' });
      else ups.push({ file, version: BigInt(m[1]!) });
    }
    ups.sort((a, b) => (a.version === b.version ? codePointCompare(a.file, b.file) : a.version < b.version ? -1 : 1));
    for (let i = 1; i < ups.length; i++) {
      const [prev, cur] = [ups[i - 1]!, ups[i]!];
      // golang-migrate parses the version as a number, so `01_a` and `1_b` collide too.
      if (prev.version === cur.version) {
        const both = `${listing.display(prev.file)} and ${listing.display(cur.file)}`;
        throw new SchemaproofError(`two golang-migrate migrations have version ${cur.version}: ${both}`, {
          hint: 'golang-migrate refuses duplicate versions; renumber one of them',
        });
      }
    }
    plan.apply = ups.map((m) => m.file);
    return plan;
  },
};
