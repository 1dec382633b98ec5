/**
 * Lookups over a model, built once per analysis: the analysed tables, FKs by table in both directions, and the
 * unique keys of each table. Every analysis module takes a `Lookup` rather than re-indexing the model.
 */
import type { Column, Constraint, ForeignKey, Index, SchemaModel, Table } from '../model/types.js';

export interface Lookup {
  model: SchemaModel;
  /** Analysed tables (user tables, partitions left out), by id, in id order. */
  tables: Map<string, Table>;
  /** FKs whose both ends are analysed tables, in id order. */
  foreignKeys: ForeignKey[];
  /** FKs declared on a table (outgoing). */
  outgoing: Map<string, ForeignKey[]>;
  /** FKs that reference a table (incoming). */
  incoming: Map<string, ForeignKey[]>;
  /** Column sets that are unique on each table: PK, UNIQUE constraints, and valid non-partial unique indexes. */
  uniqueKeys: Map<string, string[][]>;
  /** The primary key's columns of each table (empty when none). */
  primaryKey: Map<string, string[]>;
  constraintsByTable: Map<string, Constraint[]>;
  indexesByTable: Map<string, Index[]>;
  column(tableId: string, name: string): Column | undefined;
}

export function isAnalysed(t: Table): boolean {
  return t.origin === 'user' && t.partitionOf === null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildLookup(model: SchemaModel): Lookup {
  const tables = new Map<string, Table>();
  for (const t of model.tables) if (isAnalysed(t)) tables.set(t.id, t);

  const foreignKeys = model.foreignKeys.filter((f) => tables.has(f.table) && tables.has(f.refTable));
  const outgoing = new Map<string, ForeignKey[]>();
  const incoming = new Map<string, ForeignKey[]>();
  for (const f of foreignKeys) {
    push(outgoing, f.table, f);
    push(incoming, f.refTable, f);
  }

  const constraintsByTable = new Map<string, Constraint[]>();
  for (const c of model.constraints) if (tables.has(c.table)) push(constraintsByTable, c.table, c);
  const indexesByTable = new Map<string, Index[]>();
  for (const i of model.indexes) if (tables.has(i.table)) push(indexesByTable, i.table, i);

  const uniqueKeys = new Map<string, string[][]>();
  const primaryKey = new Map<string, string[]>();
  for (const id of tables.keys()) {
    const keys: string[][] = [];
    const seen = new Set<string>();
    const add = (cols: string[]) => {
      const k = [...cols].sort().join('\u0000');
      if (cols.length && !seen.has(k)) {
        seen.add(k);
        keys.push(cols);
      }
    };
    for (const c of constraintsByTable.get(id) ?? []) {
      if (c.type === 'primary key') primaryKey.set(id, c.columns);
      if (c.type === 'primary key' || c.type === 'unique') add(c.columns);
    }
    for (const i of indexesByTable.get(id) ?? []) {
      if (i.unique && i.valid && i.predicate === null && i.keys.every((k) => k.column !== null)) {
        add(i.keys.map((k) => k.column as string));
      }
    }
    uniqueKeys.set(id, keys);
    if (!primaryKey.has(id)) primaryKey.set(id, []);
  }

  const columnIndex = new Map<string, Map<string, Column>>();
  for (const t of tables.values()) columnIndex.set(t.id, new Map(t.columns.map((c) => [c.name, c])));

  return {
    model,
    tables,
    foreignKeys,
    outgoing,
    incoming,
    uniqueKeys,
    primaryKey,
    constraintsByTable,
    indexesByTable,
    column: (tableId, name) => columnIndex.get(tableId)?.get(name),
  };
}

/** True when some unique key of the table is made only of the given columns (so the columns are unique together). */
export function isUnique(lookup: Lookup, tableId: string, columns: string[]): boolean {
  const set = new Set(columns);
  return (lookup.uniqueKeys.get(tableId) ?? []).some((key) => key.every((c) => set.has(c)));
}

/** Code-point order, the order of every sorted array in the model and the analysis. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
