/**
 * A sequence that generates a column's values — an identity or serial column (the sequence is owned by the column),
 * or any column whose default is nextval() on it — declared CYCLE: past its maximum it starts again from its minimum,
 * and hands out values it has already given.
 */
import { ident } from '../../../model/sql-text.js';
import type { SchemaModel } from '../../../model/types.js';
import type { Lookup } from '../../../analyze/lookup.js';
import type { Rule, RuleFinding } from '../../types.js';
import { lastNamePart, nextvalSequence, relationSql } from '../structure/shared.js';
import { tableSql } from './sql.js';

export const sequenceCycle: Rule = {
  meta: {
    id: 'integrity/sequence-cycle',
    category: 'integrity',
    severity: 'warning',
    description: 'Identity or serial sequence with CYCLE: once it wraps around, ids repeat.',
    rationale:
      'A CYCLE sequence restarts at its minimum when it reaches its maximum instead of failing. For a column that ' +
      'takes ids from it, that means new rows get ids that old rows already have: with a PRIMARY KEY or UNIQUE ' +
      'constraint inserts start failing with duplicate-key errors at the worst moment; without one, two rows silently ' +
      'share an id and anything that refers to it (URLs, logs, other systems) points at the wrong row. The default, ' +
      'NO CYCLE, fails loudly instead — and with bigint it never happens.',
    fix: 'ALTER TABLE … ALTER COLUMN … SET NO CYCLE for an identity column, ALTER SEQUENCE … NO CYCLE otherwise (and use bigint if the range is the worry).',
    links: ['https://www.postgresql.org/docs/current/sql-createsequence.html', 'https://www.postgresql.org/docs/current/sql-altersequence.html'],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    const users = sequenceUsers(model, lookup);
    for (const s of model.sequences) {
      if (s.origin !== 'user' || !s.cycle) continue;
      const columns = [...new Set([...(s.ownedBy && lookup.tables.has(tableOf(s.ownedBy)) ? [s.ownedBy] : []), ...(users.get(s.id) ?? [])])].sort();
      if (columns.length === 0) continue;
      const unique = columns.filter((c) => isUniqueColumn(lookup, c));
      const effect = unique.length === columns.length
        ? 'inserts then fail with duplicate-key errors'
        : `${columns.filter((c) => !unique.includes(c)).join(', ')} then silently repeat ids`;
      const owner = s.ownedBy ? lookup.column(tableOf(s.ownedBy), columnOf(s.ownedBy)) : undefined;
      out.push({
        object: s.id,
        message: `sequence ${s.id} (${s.type}, ${s.min}…${s.max}) is CYCLE and supplies ${columns.join(', ')}: past ${s.max} it restarts at ${s.min}, and ${effect}`,
        remediation:
          owner?.identity && s.ownedBy
            ? `ALTER TABLE ${tableSql(model, tableOf(s.ownedBy))} ALTER COLUMN ${ident(owner.name)} SET NO CYCLE;`
            : `ALTER SEQUENCE ${relationSql(s.schema, s.name)} NO CYCLE;`,
      });
    }
    return out;
  },
};

export function tableOf(columnId: string): string {
  return columnId.slice(0, columnId.lastIndexOf('.'));
}

function columnOf(columnId: string): string {
  return columnId.slice(columnId.lastIndexOf('.') + 1);
}

/** Sequence id → the columns (of analysed tables) whose default is nextval() on it. */
export function sequenceUsers(model: SchemaModel, lookup: Lookup): Map<string, string[]> {
  const ids = new Set(model.sequences.map((s) => s.id));
  const out = new Map<string, string[]>();
  for (const t of model.tables) {
    for (const c of t.columns) {
      const written = nextvalSequence(c.default);
      if (written === null) continue;
      const id = sequenceId(written);
      if (!ids.has(id) || !lookup.tables.has(t.id)) continue;
      const users = out.get(id);
      if (users) users.push(c.id);
      else out.set(id, [c.id]);
    }
  }
  return out;
}

/** `seq`, `billing.seq`, `"Seq"`, as nextval() prints it (relative to search_path = public) → `schema.name`. */
export function sequenceId(written: string): string {
  const name = lastNamePart(written);
  const rest = written.slice(0, written.length - (written.endsWith('"') ? ident(name).length : name.length));
  if (!rest.endsWith('.')) return `public.${name}`;
  return `${lastNamePart(rest.slice(0, -1))}.${name}`;
}

function isUniqueColumn(lookup: Lookup, columnId: string): boolean {
  const keys = lookup.uniqueKeys.get(tableOf(columnId)) ?? [];
  const name = columnOf(columnId);
  return keys.some((k) => k.length === 1 && k[0] === name);
}
