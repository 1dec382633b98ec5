/**
 * A RANGE or LIST partitioned table (a sub-partitioned partition too) with no DEFAULT partition. HASH partitioning
 * cannot have one and always routes every row, so it is left out, as is a RANGE table with a partition from MINVALUE
 * to MAXVALUE (nothing falls outside it).
 */
import type { Rule, RuleFinding } from '../../types.js';
import { relationSql, tableSql } from './shared.js';

export const partitionedWithoutDefault: Rule = {
  meta: {
    id: 'structure/partitioned-without-default',
    category: 'structure',
    severity: 'info',
    description: 'RANGE / LIST partitioned table without a DEFAULT partition: a row outside every bound cannot be inserted.',
    rationale:
      'When no partition accepts a row — a date past the last monthly partition, a new list value — the INSERT fails ' +
      'with "no partition of relation … found for row". With time-based partitions that happens the day a job that ' +
      'creates the next partition stops running. A DEFAULT partition catches such rows instead. It has a cost — ' +
      'attaching a new partition must scan the default one for rows that belong to it — so some schemas omit it on ' +
      'purpose and create partitions ahead of time; hence info.',
    fix: 'CREATE TABLE <name>_default PARTITION OF <table> DEFAULT, and watch it: rows there mean a partition is missing.',
    links: [
      'https://www.postgresql.org/docs/current/ddl-partitioning.html',
      'https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARTITION',
    ],
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const names = new Set(model.tables.map((t) => t.id));
    const partitionBounds = new Map<string, string[]>();
    for (const p of model.tables) {
      if (p.partitionOf === null) continue;
      const list = partitionBounds.get(p.partitionOf);
      if (list) list.push(p.partitionBound ?? '');
      else partitionBounds.set(p.partitionOf, [p.partitionBound ?? '']);
    }
    for (const t of model.tables) {
      if (t.origin !== 'user' || t.kind !== 'partitioned' || t.partitionKey === null) continue;
      const strategy = /^(RANGE|LIST|HASH)\b/i.exec(t.partitionKey)?.[1]?.toUpperCase();
      if (strategy === undefined || strategy === 'HASH') continue;
      const bounds = partitionBounds.get(t.id) ?? [];
      if (bounds.some((b) => b === 'DEFAULT')) continue;
      if (strategy === 'RANGE' && bounds.some(coversEverything)) continue;
      const name = `${t.name}_default`;
      const remediation =
        Buffer.byteLength(name) <= 63 && !names.has(`${t.schema}.${name}`)
          ? `CREATE TABLE ${relationSql(t.schema, name)} PARTITION OF ${tableSql(t)} DEFAULT;`
          : undefined;
      out.push({
        object: t.id,
        message:
          `${t.id} is partitioned by ${t.partitionKey} with ${bounds.length} partition${bounds.length === 1 ? '' : 's'} and no DEFAULT partition: ` +
          'inserting a row outside every partition bound fails',
        remediation,
      });
    }
    return out;
  },
};

/** `FOR VALUES FROM (MINVALUE, …) TO (MAXVALUE, …)`. */
function coversEverything(bound: string): boolean {
  const m = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/.exec(bound);
  if (!m) return false;
  return m[1]!.split(',').every((v) => v.trim() === 'MINVALUE') && m[2]!.split(',').every((v) => v.trim() === 'MAXVALUE');
}
