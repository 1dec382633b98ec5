import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SchemaproofError } from '../../errors.js';
import { codePointCompare } from './natural.js';
import { IN_SUBFOLDER, skipSubfolderFiles, type LayoutRule, type Listing, type Plan } from './plan.js';

const JOURNAL = 'meta/_journal.json';
const NUMBERED = /^\d{4}_.*\.sql$/;
const UNNUMBERED = 'name does not match NNNN_name.sql (drizzle-kit)';
const UNJOURNALED = `not in ${JOURNAL}; drizzle-kit migrate skips it`;

/**
 * drizzle-kit: `meta/_journal.json` is the source of truth; `drizzle-kit migrate` applies exactly its
 * entries and ignores other files. Without a journal, the 4-digit prefixes drizzle-kit writes give the
 * same order. The `--> statement-breakpoint` lines are SQL comments and are left alone.
 */
export const drizzle: LayoutRule = {
  async detect(listing) {
    if (await hasJournal(listing)) return `${JOURNAL} (drizzle-kit)`;
    if (listing.subfolders.has('meta') && listing.files.some((f) => NUMBERED.test(f))) {
      return 'NNNN_name.sql files and a meta/ folder (drizzle-kit, no journal)';
    }
    return undefined;
  },

  async plan(listing) {
    const skipped = skipSubfolderFiles(listing, IN_SUBFOLDER);
    if (!(await hasJournal(listing))) {
      return {
        apply: listing.files.filter((f) => NUMBERED.test(f)).sort(codePointCompare),
        skipped: [
          ...listing.files.filter((f) => !NUMBERED.test(f)).map((file) => ({ file, reason: UNNUMBERED })),
          ...skipped,
        ],
        warnings: [],
      };
    }
    const journaled = (await readJournal(listing)).map((entry) => `${entry.tag}.sql`);
    const plan: Plan = {
      // A journaled data file stays out unless data is included: it is not in `files` then.
      apply: journaled.filter((f) => listing.files.includes(f)),
      skipped,
      warnings: [],
    };
    for (const file of listing.files.filter((f) => !journaled.includes(f))) {
      plan.skipped.push({ file, reason: UNJOURNALED });
    }
    return plan;
  },
};

interface JournalEntry {
  idx: number;
  tag: string;
}

async function hasJournal(listing: Listing): Promise<boolean> {
  if (!listing.subfolders.has('meta')) return false;
  const info = await stat(path.join(listing.folder, JOURNAL)).catch(() => undefined);
  return info?.isFile() ?? false;
}

/** The journal's entries in `idx` order, each checked to have its `<tag>.sql` file. */
async function readJournal(listing: Listing): Promise<JournalEntry[]> {
  const where = listing.display(JOURNAL);
  let entries: unknown;
  try {
    entries = (JSON.parse(await readFile(path.join(listing.folder, JOURNAL), 'utf8')) as { entries?: unknown }).entries;
  } catch (cause) {
    throw new SchemaproofError(`cannot read drizzle journal ${where}: ${(cause as Error).message}`, {
      hint: 'regenerate it with drizzle-kit, or pass --layout plain to order the files by name',
      cause,
    });
  }
  if (!Array.isArray(entries) || !entries.every(isEntry)) {
    throw new SchemaproofError(`drizzle journal ${where} has no valid "entries" list ({ idx, tag } objects)`, {
      hint: 'regenerate it with drizzle-kit, or pass --layout plain to order the files by name',
    });
  }
  const sorted = [...entries].sort((a, b) => a.idx - b.idx);
  for (const entry of sorted) {
    const file = `${entry.tag}.sql`;
    if (!listing.allFiles.has(file)) {
      throw new SchemaproofError(
        `drizzle journal entry "${entry.tag}" (idx ${entry.idx}) has no file ${listing.display(file)}`,
        { hint: `restore the file, or remove the entry from ${where}` },
      );
    }
  }
  return sorted;
}

function isEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.idx === 'number' && typeof entry.tag === 'string';
}
