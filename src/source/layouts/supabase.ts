import { codePointCompare } from './natural.js';
import { IN_SUBFOLDER, skipSubfolderFiles, type LayoutRule } from './plan.js';

/** The Supabase CLI's own filter: anything else in the folder is skipped with a message. */
const APPLIED = /^[0-9]+_.*\.sql$/;
const TIMESTAMPED = /^\d{14}_.*\.sql$/;
const SKIP_REASON = 'name does not match <timestamp>_name.sql; the Supabase CLI skips it';

export const supabase: LayoutRule = {
  detect(listing) {
    const parts = listing.folder.split(/[\\/]/);
    if (parts.at(-2) === 'supabase' && parts.at(-1) === 'migrations') return 'folder is supabase/migrations';
    return undefined;
  },

  plan(listing) {
    return {
      // Lexicographic, not natural: `000000000800_x.sql` sorts before `20240101000000_y.sql`.
      apply: listing.files.filter((f) => APPLIED.test(f)).sort(codePointCompare),
      skipped: [
        ...listing.files.filter((f) => !APPLIED.test(f)).map((file) => ({ file, reason: SKIP_REASON })),
        ...skipSubfolderFiles(listing, IN_SUBFOLDER),
      ],
      warnings: [],
    };
  },
};

/**
 * Supabase recognised by its file names alone. Tried late: dbmate and golang-migrate also use
 * 14-digit timestamps, and their markers (`-- migrate:up`, `.up.sql`) are the stronger signal.
 */
export const supabaseByName: LayoutRule = {
  detect(listing) {
    const seen = listing.files.some((f) => TIMESTAMPED.test(f));
    return seen ? '<14-digit timestamp>_name.sql files (Supabase CLI)' : undefined;
  },
  plan: supabase.plan,
};
