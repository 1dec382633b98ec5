import type { Warning } from '../errors.js';

/** The migration layouts schemaproof knows how to order. */
export const LAYOUTS = ['supabase', 'prisma', 'drizzle', 'flyway', 'golang-migrate', 'dbmate', 'plain'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** One SQL file to apply, already reduced to what must run (e.g. only dbmate's `-- migrate:up` part). */
export interface MigrationFile {
  /** Absolute path. */
  path: string;
  /** Path as shown to the user (relative to the current directory when inside it). */
  displayPath: string;
  /**
   * The SQL to apply. Parts that must not run (dbmate's down section) are replaced by empty lines so
   * that line numbers still match the file on disk.
   */
  text: string;
}

export interface Discovery {
  /** The folder the migrations were found in (may be a conventional subfolder of what the user named). */
  root: string;
  layout: Layout;
  /** Why this layout was chosen: "--layout", or what was seen (e.g. "prisma/migrations/*\/migration.sql"). */
  reason: string;
  /** Files in the order they are applied. */
  files: MigrationFile[];
  /** Files seen but not applied, each with the reason (down migrations, data files, names the tool would skip). */
  skipped: { path: string; displayPath: string; reason: string }[];
  warnings: Warning[];
}

export interface DiscoverOptions {
  /** Force a layout instead of detecting one. */
  layout?: Layout;
  /** Treat seed/data files (seed.sql, *.seed.sql, data/…) as migrations too. */
  includeData?: boolean;
  /** Directory that display paths are relative to (default: process.cwd()). */
  cwd?: string;
}
