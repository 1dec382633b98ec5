import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What a layout sees of the chosen folder. Paths are relative to `folder`, with `/` separators. */
export interface Listing {
  /** Absolute path of the migrations folder. */
  folder: string;
  /** `.sql` files directly in the folder that may be migrations (data files already removed unless included). */
  files: string[];
  /** Every `.sql` file directly in the folder, data files included (a Drizzle journal may name one). */
  allFiles: Set<string>;
  /** Subfolders (data folders excluded) and the `.sql` files directly inside each. */
  subfolders: Map<string, string[]>;
  /** How to show a path relative to `folder` in messages. */
  display: (file: string) => string;
}

/** A layout's verdict on a listing: what runs, in which order, and what does not run and why. */
export interface Plan {
  apply: string[];
  skipped: { file: string; reason: string }[];
  warnings: string[];
  /** Rewrites a file's text before it is applied (dbmate keeps only its up section). */
  transform?: (text: string) => string;
}

export interface LayoutRule {
  /**
   * Returns what was seen when the folder looks like this layout, else undefined. Detection reads
   * file names first and file contents only where the name says nothing (dbmate).
   */
  detect(listing: Listing): Promise<string | undefined> | string | undefined;
  plan(listing: Listing): Promise<Plan> | Plan;
}

export const SQL_FILE = /\.sql$/i;

/**
 * Every `.sql` file in a subfolder is reported as skipped: the layouts other than Prisma read only
 * the folder itself, and a file silently left out is how a migration gets lost.
 */
export function skipSubfolderFiles(listing: Listing, reason: (dir: string) => string): Plan['skipped'] {
  const skipped: Plan['skipped'] = [];
  for (const [dir, names] of listing.subfolders) {
    for (const name of names) skipped.push({ file: `${dir}/${name}`, reason: reason(dir) });
  }
  return skipped;
}

export const IN_SUBFOLDER = (dir: string): string =>
  `in subfolder ${dir}/; only .sql files directly in the migrations folder are applied`;

/** Reads a file for detection only: an unreadable file is reported later, when it is applied. */
export async function peek(listing: Listing, file: string): Promise<string> {
  return readFile(path.join(listing.folder, file), 'utf8').catch(() => '');
}
