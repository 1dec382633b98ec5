/**
 * SQL text for the remediations of the integrity and tenancy rules: table references, FK definitions rebuilt from
 * the model (never by editing Postgres' printed text), and the names PostgreSQL itself would generate for a new
 * constraint or index, so that a remediation can name what it creates and then validate it.
 */
import type { FkAction, ForeignKey, SchemaModel } from '../../../model/types.js';
import { relationOf } from '../../sql.js';
import { identList, ident, qualified } from '../../../model/sql-text.js';

/** PostgreSQL's NAMEDATALEN - 1: the most bytes an identifier keeps. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * A table (or view) id as SQL, `public` left out (the other categories always qualify: src/lint/sql.ts — one
 * convention for all remediations is still to be chosen), quoted where Postgres would quote it.
 */
export function tableSql(model: SchemaModel, id: string): string {
  const table = relationOf(model, id);
  if (table) return qualified(table.schema, table.name);
  const dot = id.indexOf('.');
  return dot < 0 ? ident(id) : qualified(id.slice(0, dot), id.slice(dot + 1));
}

/** The bare table name of a table id (for messages and generated names). */
export function tableName(model: SchemaModel, id: string): string {
  return relationOf(model, id)?.name ?? id.slice(id.indexOf('.') + 1);
}

/** Cuts a string to at most `bytes` UTF-8 bytes without splitting a character (Postgres' pg_mbcliplen). */
function clip(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text; // fits whole: the usual case
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}

/**
 * The name PostgreSQL generates for a constraint or index (`makeObjectName`): `name1_name2_label`, where the longer
 * of name1 and name2 is shortened, one byte at a time, until the whole fits in 63 bytes. Name clashes, which
 * Postgres resolves by appending a number to the label, are not considered.
 */
export function objectName(name1: string, name2: string, label: string): string {
  const overhead = 1 + label.length + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  let n1 = Buffer.byteLength(name1);
  let n2 = Buffer.byteLength(name2);
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  return `${clip(name1, n1)}_${clip(name2, n2)}_${label}`;
}

/** `ON DELETE …` / `ON UPDATE …` text of an action (`SET NULL (col)` when only some columns are set). */
function actionSql(action: FkAction, columns?: string[]): string {
  const upper = action.toUpperCase();
  return columns && (action === 'set null' || action === 'set default') ? `${upper} (${identList(columns)})` : upper;
}

export interface FkShape {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: FkAction;
  /** For SET NULL / SET DEFAULT: only these columns (PostgreSQL 15+). */
  onDeleteColumns?: string[];
  onUpdate?: FkAction;
  match?: ForeignKey['match'];
  deferrable?: boolean;
  initiallyDeferred?: boolean;
}

/** `FOREIGN KEY (a, b) REFERENCES t (x, y) [MATCH FULL] [ON UPDATE …] [ON DELETE …] [DEFERRABLE …]`. */
export function fkDefinition(model: SchemaModel, fk: FkShape): string {
  const parts = [`FOREIGN KEY (${identList(fk.columns)}) REFERENCES ${tableSql(model, fk.refTable)} (${identList(fk.refColumns)})`];
  if (fk.match === 'full') parts.push('MATCH FULL');
  if (fk.onUpdate && fk.onUpdate !== 'no action') parts.push(`ON UPDATE ${actionSql(fk.onUpdate)}`);
  if (fk.onDelete !== 'no action') parts.push(`ON DELETE ${actionSql(fk.onDelete, fk.onDeleteColumns)}`);
  if (fk.deferrable) parts.push(fk.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  return parts.join(' ');
}

/**
 * Replaces an FK by the same FK with another ON DELETE rule, in one ALTER TABLE (drop and re-add under the same
 * name), NOT VALID so that the lock is short, then validated: existing rows already satisfy it.
 */
export function replaceForeignKeySql(model: SchemaModel, f: ForeignKey, onDelete: FkAction): string {
  const table = tableSql(model, f.table);
  const name = ident(f.name);
  const definition = fkDefinition(model, { ...f, onDelete });
  return [
    `ALTER TABLE ${table} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} ${definition} NOT VALID;`,
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`,
  ].join('\n');
}
