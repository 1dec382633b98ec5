/**
 * Tables that migration files define but that were never applied: files the layout's tool skips (a Supabase
 * migration whose name the CLI does not match, a Flyway file with a wrong name, …). They are not part of the schema,
 * but a document about the schema should say when a file everybody believes in does not run (seed 001's
 * `audit_log` lives only in such a file). Read with the real parser; nothing is applied.
 *
 * Down/undo migrations and data files are left out: they are skipped by design, not by accident.
 */
import { readFile } from 'node:fs/promises';
import type { Discovery } from './types.js';
import { splitStatements } from './statements.js';

export interface UnappliedTableDefinition {
  /** `schema.name`, `public` when unqualified. */
  id: string;
  columns: string[];
  file: string;
  reason: string;
}

const BY_DESIGN = /down migration|undo migration|data file/;

export async function unappliedTables(discovery: Discovery): Promise<UnappliedTableDefinition[]> {
  const found: UnappliedTableDefinition[] = [];
  for (const skipped of discovery.skipped) {
    if (BY_DESIGN.test(skipped.reason) || !skipped.path.toLowerCase().endsWith('.sql')) continue;
    const text = await readFile(skipped.path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const { statements } = await splitStatements(text, skipped.displayPath).catch(() => ({ statements: [] }));
    for (const s of statements) {
      if (s.kind !== 'CreateStmt') continue;
      const relation = s.node.relation as { schemaname?: string; relname?: string } | undefined;
      if (!relation?.relname) continue;
      const elements = (s.node.tableElts as { ColumnDef?: { colname?: string } }[] | undefined) ?? [];
      found.push({
        id: `${relation.schemaname ?? 'public'}.${relation.relname}`,
        columns: elements.flatMap((e) => (e.ColumnDef?.colname ? [e.ColumnDef.colname] : [])),
        file: skipped.displayPath,
        reason: skipped.reason,
      });
    }
  }
  return found;
}
