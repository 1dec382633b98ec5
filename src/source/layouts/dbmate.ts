import { codePointCompare } from './natural.js';
import { IN_SUBFOLDER, peek, skipSubfolderFiles, type LayoutRule, type Plan } from './plan.js';

// dbmate's own file pattern: a leading version number, anything after it.
const MIGRATION = /^\d+.*\.sql$/;
// dbmate's own markers: a line starting with the comment, options may follow (`transaction:false`).
const UP = /^--\s*migrate:up\b/;
const DOWN = /^--\s*migrate:down\b/;
const NAME_REASON = 'name does not start with a version number; dbmate ignores it';
const NO_UP_REASON = 'no "-- migrate:up" line; dbmate refuses it';

/**
 * dbmate: one file per migration holding both directions; only the `-- migrate:up` section runs.
 * dbmate sorts by file name as a string; its timestamps are fixed-width, so that is version order.
 */
export const dbmate: LayoutRule = {
  async detect(listing) {
    for (const file of listing.files) {
      if (hasUpSection(await peek(listing, file))) return `${file} has a "-- migrate:up" line (dbmate)`;
    }
    return undefined;
  },

  async plan(listing) {
    const skipped = skipSubfolderFiles(listing, IN_SUBFOLDER);
    const plan: Plan = { apply: [], skipped, warnings: [], transform: upSection };
    for (const file of listing.files) {
      if (!MIGRATION.test(file)) plan.skipped.push({ file, reason: NAME_REASON });
      else if (!hasUpSection(await peek(listing, file))) plan.skipped.push({ file, reason: NO_UP_REASON });
      else plan.apply.push(file);
    }
    plan.apply.sort(codePointCompare);
    return plan;
  },
};

export function hasUpSection(text: string): boolean {
  return text.split('\n').some((line) => UP.test(line));
}

/**
 * Keeps only the lines between `-- migrate:up` and `-- migrate:down`; every other line (the markers
 * included) becomes empty so that error positions still point at the right line of the file.
 */
export function upSection(text: string): string {
  let inUp = false;
  return text
    .split('\n')
    .map((line) => {
      if (UP.test(line)) inUp = true;
      else if (DOWN.test(line)) inUp = false;
      else if (inUp) return line;
      return '';
    })
    .join('\n');
}
