import type { Layout } from '../types.js';
import { dbmate } from './dbmate.js';
import { drizzle } from './drizzle.js';
import { flyway } from './flyway.js';
import { golangMigrate } from './golang-migrate.js';
import { plain } from './plain.js';
import type { LayoutRule } from './plan.js';
import { prisma } from './prisma.js';
import { supabase, supabaseByName } from './supabase.js';

export const RULES: Record<Layout, LayoutRule> = {
  supabase,
  prisma,
  drizzle,
  flyway,
  'golang-migrate': golangMigrate,
  dbmate,
  plain,
};

/**
 * Detection order, strongest signal first. Folder structure (Prisma folders, Drizzle's journal, the
 * supabase/migrations path) beats file names; distinctive names (V…__, .up.sql) and dbmate's marker
 * beat bare 14-digit timestamps, which Supabase, dbmate and golang-migrate all use.
 */
export const DETECTION: [Layout, LayoutRule][] = [
  ['prisma', prisma],
  ['drizzle', drizzle],
  ['supabase', supabase],
  ['flyway', flyway],
  ['golang-migrate', golangMigrate],
  ['dbmate', dbmate],
  ['supabase', supabaseByName],
  ['plain', plain],
];
