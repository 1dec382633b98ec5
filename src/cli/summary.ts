/** The short text `schemaproof inspect` prints: what was read, and how much of each kind of object. */
import type { SchemaModel } from '../model/types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summarize(model: SchemaModel): string {
  const userTable = new Set(model.tables.filter((t) => t.origin === 'user').map((t) => t.id));
  const onUserTable = <T extends { table: string }>(list: T[]) => list.filter((o) => userTable.has(o.table));
  const tables = model.tables.filter((t) => t.origin === 'user');
  const platformObjects =
    model.tables.length - tables.length + model.functions.filter((f) => f.origin === 'platform').length;
  const schemas = model.schemas.filter((s) => s.origin === 'user');
  const partitions = tables.filter((t) => t.partitionOf).length;
  const views = model.views.filter((v) => v.origin === 'user');
  const functions = model.functions.filter((f) => f.origin === 'user');
  const rlsOn = tables.filter((t) => t.rls.enabled);
  const rlsForced = tables.filter((t) => t.rls.forced);

  const source = model.source;
  const sourceLine = [
    source.location,
    source.layout ? `${source.layout} layout` : undefined,
    source.files ? plural(source.files.length, 'file') : undefined,
    source.platform ? `${source.platform} platform shim` : undefined,
  ].filter(Boolean);
  const engine = model.engine.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server';

  const rows: [string, string][] = [
    ['source', sourceLine.join(', ')],
    ['engine', `${engine}, PostgreSQL ${model.engine.serverVersion}`],
    ['schemas', `${schemas.length}${schemas.length ? ` (${schemas.map((s) => s.name).join(', ')})` : ''}`],
    ['tables', `${tables.length}${partitions ? ` (${plural(partitions, 'partition')})` : ''}`],
    ['columns', String(tables.reduce((n, t) => n + t.columns.length, 0))],
    ['foreign keys', String(onUserTable(model.foreignKeys).length)],
    ['indexes', String(onUserTable(model.indexes).length)],
    ['views', `${views.length}${views.some((v) => v.materialized) ? ` (${views.filter((v) => v.materialized).length} materialized)` : ''}`],
    ['functions', String(functions.length)],
    ['triggers', String(onUserTable(model.triggers).length)],
    ['policies', String(onUserTable(model.policies).length)],
    ['RLS', `enabled on ${rlsOn.length} of ${tables.length} tables, forced on ${rlsForced.length}`],
    ['enums', String(model.enums.filter((e) => e.origin === 'user').length)],
    ['extensions', model.extensions.length ? model.extensions.map((e) => `${e.name} ${e.version}`).join(', ') : 'none'],
  ];
  if (platformObjects > 0) rows.push(['platform', `${plural(platformObjects, 'object')} from the ${source.platform ?? 'platform'} shim, not counted above`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
