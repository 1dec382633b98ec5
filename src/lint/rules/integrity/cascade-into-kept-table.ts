/**
 * ON DELETE CASCADE chains that end in a table whose name says its rows must be kept: payments, invoices, ledgers,
 * transactions (seed 003: "payments — 7 years (tax)"), audit trails, histories and logs. Deleting a customer, a
 * campaign or a tenant then silently deletes the records that must outlive it.
 *
 * From analysis.cascades.deleteEffects. For each kept table K, the tables whose delete cascades into K are its
 * "ancestors"; the finding is on the FK that starts the chain at each ancestor no other ancestor cascades into
 * (the top of the chain: deleting it starts the longest path, and the path shows every step), with the shortest
 * path, and lists every kept table that FK's chain reaches. A direct CASCADE from an audit/history/log table to its
 * subject is integrity/audit-rows-cascade's finding, not this rule's.
 *
 * Kept tables, by name words: any word `audit`; last word history, log, payment, invoice, ledger or transaction
 * (singular or plural): `payment_methods` or `transaction_types` are configuration, not records.
 */
import type { Lookup } from '../../../analyze/lookup.js';
import type { ForeignKey } from '../../../model/types.js';
import { singularWords } from '../../names.js';
import type { Rule, RuleFinding } from '../../types.js';
import { replaceForeignKeySql, tableName } from './sql.js';

const RECORD_LAST_WORDS = new Set(['payment', 'invoice', 'ledger', 'transaction']);
const AUDIT_LAST_WORDS = new Set(['history', 'log']);

/** An audit trail, history or log: any word `audit`, or the last word history / log. */
export function isAuditTable(name: string): boolean {
  const words = singularWords(name);
  return words.includes('audit') || AUDIT_LAST_WORDS.has(words[words.length - 1] ?? '');
}

/** A table whose rows must outlive what they are about: audit/history/log, or payments, invoices, ledgers, transactions. */
export function isKeptTable(name: string): boolean {
  const words = singularWords(name);
  return isAuditTable(name) || RECORD_LAST_WORDS.has(words[words.length - 1] ?? '');
}

const cascading = new WeakMap<Lookup, Map<string, ForeignKey[]>>();

/** The CASCADE FKs that reference a table, by id; sorted once per table: every search from every top asks again. */
function cascadingInto(lookup: Lookup, table: string): ForeignKey[] {
  let byTable = cascading.get(lookup);
  if (!byTable) {
    byTable = new Map();
    cascading.set(lookup, byTable);
  }
  let list = byTable.get(table);
  if (!list) {
    list = (lookup.incoming.get(table) ?? []).filter((f) => f.onDelete === 'cascade').sort((a, b) => (a.id < b.id ? -1 : 1));
    byTable.set(table, list);
  }
  return list;
}

/** The shortest chain of CASCADE FKs from `from` down to `to` (FK order by id on ties), first hop first. */
export function cascadePath(lookup: Lookup, from: string, to: string): ForeignKey[] | null {
  const via = new Map<string, ForeignKey>();
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i]!;
    for (const f of cascadingInto(lookup, current)) {
      if (seen.has(f.table)) continue;
      seen.add(f.table);
      via.set(f.table, f);
      queue.push(f.table);
    }
  }
  if (!via.has(to)) return null;
  const path: ForeignKey[] = [];
  for (let t = to; t !== from; t = via.get(t)!.refTable) path.unshift(via.get(t)!);
  return path;
}

/** What keeps the rows: SET NULL when the FK columns may be NULL, else RESTRICT. */
export function keepingAction(lookup: Lookup, f: ForeignKey): 'set null' | 'restrict' {
  return f.columns.every((c) => lookup.column(f.table, c)?.nullable !== false) ? 'set null' : 'restrict';
}

export const cascadeIntoKeptTable: Rule = {
  meta: {
    id: 'integrity/cascade-into-kept-table',
    category: 'integrity',
    severity: 'warning',
    description: 'An ON DELETE CASCADE chain that deletes rows of a payments, invoices, ledger, transactions, audit, history or log table.',
    rationale:
      'Financial records and audit trails usually have to outlive what they are about (tax law keeps payments for ' +
      'years; an audit log exists to show what happened to a deleted row). A cascade chain deletes them as a side ' +
      'effect of deleting a customer, a campaign or a whole tenant, with no error and no trace.',
    fix:
      'Break the chain before the kept table: make its FK ON DELETE SET NULL (the rows stay, unlinked) or RESTRICT ' +
      '(the parent cannot be deleted while they exist; archive or soft-delete it instead).',
    links: ['https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK'],
  },
  check({ analysis, lookup, model }) {
    const closure = new Map(analysis.cascades.deleteEffects.map((e) => [e.table, new Set(e.cascadesTo)]));
    const reaches = (from: string, to: string) => closure.get(from)?.has(to) === true;
    const found = new Map<string, { fk: ForeignKey; paths: ForeignKey[][] }>();
    const keptTables = [...lookup.tables.values()].filter((t) => isKeptTable(t.name));
    // The tables that cascade into each kept table, in analysis order: one pass over the closure, not one per kept table.
    const keptIds = new Set(keptTables.map((t) => t.id));
    const ancestorsOf = new Map<string, string[]>();
    for (const t of analysis.tables) {
      for (const to of closure.get(t) ?? []) {
        if (to === t || !keptIds.has(to)) continue;
        const list = ancestorsOf.get(to);
        if (list) list.push(t);
        else ancestorsOf.set(to, [t]);
      }
    }
    for (const kept of keptTables) {
      const ancestors = ancestorsOf.get(kept.id) ?? [];
      // The top of each chain: no other ancestor cascades into it (ancestors in one cascade cycle are all tops).
      const tops = ancestors.filter((t) => !ancestors.some((u) => u !== t && reaches(u, t) && !reaches(t, u)));
      for (const top of tops) {
        const path = cascadePath(lookup, top, kept.id);
        if (!path) continue;
        if (path.length === 1 && isAuditTable(kept.name)) continue; // integrity/audit-rows-cascade
        const first = path[0]!;
        const entry = found.get(first.id) ?? { fk: first, paths: [] };
        entry.paths.push(path);
        found.set(first.id, entry);
      }
    }
    const out: RuleFinding[] = [];
    for (const { fk, paths } of [...found.values()].sort((a, b) => (a.fk.id < b.fk.id ? -1 : 1))) {
      const chains = paths.map((p) => [p[0]!.refTable, ...p.map((f) => f.table)].map((t) => tableName(model, t)).join(' → '));
      const keptTables = paths.map((p) => p[p.length - 1]!.table);
      const lastHops = [...new Map(paths.map((p) => [p[p.length - 1]!.id, p[p.length - 1]!])).values()];
      out.push({
        object: fk.id,
        message:
          `deleting a ${fk.refTable} row deletes rows of ${keptTables.join(', ')}, whose name${keptTables.length === 1 ? ' says they' : 's say their rows'} ` +
          `must be kept: ${chains.join('; ')} (every step ON DELETE CASCADE, starting with ${fk.name})`,
        remediation: lastHops.map((f) => replaceForeignKeySql(model, f, keepingAction(lookup, f))).join('\n'),
      });
    }
    return out;
  },
};
