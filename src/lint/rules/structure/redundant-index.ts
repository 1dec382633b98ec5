/**
 * A non-unique B-tree index made redundant by another B-tree index of the same table: its key parts (columns or
 * expressions, opclasses, collations) are the leading key parts of the other one, in the same directions (or all
 * reversed: a B-tree scans both ways), with the same predicate, and its INCLUDE columns are in the other one too.
 * Whatever it serves — lookups, ranges, ordering, index-only scans — the other serves.
 *
 * Never reported: a unique index (it enforces something; a unique index is never redundant to a non-unique one, and
 * two identical unique ones are structure/duplicate-index's), an index that backs a constraint, indexes identical to
 * each other (structure/duplicate-index), and two indexes each covering the other (reversed directions): only the
 * later by name is.
 */
import { byCodePoint } from '../../../analyze/lookup.js';
import type { Index } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { indexSignature, indexSql, keyDirection, keysText, keyTarget } from './shared.js';

const FLIP: Record<string, string> = { al: 'df', df: 'al', af: 'dl', dl: 'af' };

/** Does `c` serve everything `r` serves? */
export function covers(c: Index, r: Index): boolean {
  if (c === r || !c.valid || c.method !== 'btree' || r.method !== 'btree' || c.predicate !== r.predicate) return false;
  if (c.keys.length < r.keys.length) return false;
  const lead = c.keys.slice(0, r.keys.length);
  if (!lead.every((k, n) => keyTarget(k) === keyTarget(r.keys[n]!))) return false;
  const same = lead.every((k, n) => keyDirection(k) === keyDirection(r.keys[n]!));
  const reversed = lead.every((k, n) => keyDirection(k) === FLIP[keyDirection(r.keys[n]!)]);
  if (!same && !reversed) return false;
  const available = new Set([...c.keys.map((k) => k.column).filter((x): x is string => x !== null), ...c.include]);
  return r.include.every((col) => available.has(col));
}

export const redundantIndex: Rule = {
  meta: {
    id: 'structure/redundant-index',
    category: 'structure',
    severity: 'warning',
    description: 'Non-unique index whose keys are the leading keys of another index (same method and predicate).',
    rationale:
      'A B-tree on (a, b) serves every lookup, range and ordering on (a) that a B-tree on (a) serves, and a unique ' +
      'index serves every lookup of a non-unique index on the same keys. The smaller index still costs on every ' +
      'write, takes disk and cache, and gives the planner a choice that does not matter. (It can be marginally faster ' +
      'for its own queries; rarely worth its upkeep.)',
    fix: 'Drop the redundant index (DROP INDEX CONCURRENTLY on a live database) after checking that no query hint or tool names it.',
    links: [
      'https://www.postgresql.org/docs/current/indexes-multicolumn.html',
      'https://github.com/ankane/pghero/blob/master/lib/pghero/methods/indexes.rb',
      'https://github.com/mfvanek/pg-index-health-sql/blob/master/sql/intersected_indexes.sql',
    ],
  },
  check({ lookup }) {
    const out: RuleFinding[] = [];
    for (const [tableId, indexes] of lookup.indexesByTable) {
      const table = lookup.tables.get(tableId)!;
      for (const r of indexes) {
        if (!r.valid || r.unique || r.constraint !== null || r.method !== 'btree') continue;
        const coverers = indexes.filter((c) => {
          if (!covers(c, r) || indexSignature(c) === indexSignature(r)) return false;
          // Each covers the other (the same keys, reversed): only the later by name is reported.
          const mutual = !c.unique && c.constraint === null && covers(r, c);
          return !mutual || byCodePoint(r.name, c.name) > 0;
        });
        if (coverers.length === 0) continue;
        coverers.sort((a, b) => a.keys.length - b.keys.length || Number(b.unique) - Number(a.unique) || byCodePoint(a.name, b.name));
        const c = coverers[0]!;
        const other = `${c.id} (${keysText(c)})${c.include.length ? ` INCLUDE (${c.include.join(', ')})` : ''}`;
        const how =
          c.keys.length === r.keys.length ? `${other} has the same keys${c.unique ? ' and is unique' : ''}` : `its keys lead ${other}`;
        const more = coverers.length > 1 ? ` (so do ${coverers.slice(1).map((x) => x.id).join(', ')})` : '';
        out.push({
          object: r.id,
          message: `${r.id} (${keysText(r)}) on ${tableId} is redundant: ${how}, which serves the same queries${more}`,
          remediation: `DROP INDEX CONCURRENTLY ${indexSql(r, table)};`,
        });
      }
    }
    return out;
  },
};
