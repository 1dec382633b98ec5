/**
 * A stored column whose type is, or contains, one of the reg* types pg_upgrade refuses: regcollation, regconfig,
 * regdictionary, regnamespace, regoper, regoperator, regproc, regprocedure. They store OIDs of catalog rows that
 * pg_upgrade does not preserve. regclass, regrole and regtype are fine (pg_class, pg_authid and pg_type OIDs are
 * preserved) and are not reported.
 *
 * Like pg_upgrade's own check, the type may be wrapped: an array, a domain, or a composite type (recursively).
 * Tables and materialized views are checked (they store data); views are not. Foreign tables store nothing locally.
 */
import type { CompositeType, SchemaModel } from '../../../model/types.js';
import type { Rule, RuleFinding } from '../../types.js';
import { ident, splitArray, storageType, tableSql } from '../structure/shared.js';

export const BLOCKED_REG_TYPES = new Set([
  'regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure',
]);

/** The blocked reg* type a type text stores, through arrays, domains and composite types; null when none. */
export function blockedRegType(model: SchemaModel, type: string, seen = new Set<string>()): string | null {
  const element = splitArray(storageType(model, type)).element;
  const bare = element.startsWith('pg_catalog.') ? element.slice('pg_catalog.'.length) : element;
  if (BLOCKED_REG_TYPES.has(bare)) return bare;
  if (seen.has(element)) return null;
  seen.add(element);
  const composite = findComposite(model, element);
  for (const a of composite?.attributes ?? []) {
    const found = blockedRegType(model, a.type, seen);
    if (found) return found;
  }
  return null;
}

function findComposite(model: SchemaModel, text: string): CompositeType | undefined {
  return model.compositeTypes.find((c) => c.id === text || (c.schema === 'public' && c.name === text));
}

export const regTypeBlocksUpgrade: Rule = {
  meta: {
    id: 'types/reg-type-blocks-upgrade',
    category: 'types',
    severity: 'warning',
    description: 'Column of a reg* type that pg_upgrade refuses (regproc, regprocedure, regoper, regoperator, regconfig, regdictionary, regnamespace, regcollation).',
    rationale:
      'These types store the OID of a function, operator, text-search configuration or dictionary, schema or ' +
      'collation. pg_upgrade does not preserve those OIDs, so it refuses to upgrade a cluster that stores such a ' +
      'column in a table or materialized view (directly, in an array, a domain or a composite type): the major ' +
      'version upgrade then needs a full dump and restore. regclass, regrole and regtype are preserved and fine.',
    fix: 'Store the name instead: ALTER COLUMN … TYPE text USING col::text (cast back with ::regproc etc. when reading).',
    links: [
      'https://www.postgresql.org/docs/current/pgupgrade.html',
      'https://www.postgresql.org/docs/current/datatype-oid.html',
      'https://supabase.com/docs/guides/database/database-linter?lint=0018_unsupported_reg_types',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      if (t.kind === 'foreign') continue;
      for (const c of t.columns) {
        const found = blockedRegType(model, c.type);
        if (!found) continue;
        const direct = splitArray(c.type).element === found;
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type}${direct ? '' : ` (it stores ${found})`}: pg_upgrade refuses to upgrade a cluster with ${found} data in user tables`,
          ...(direct && splitArray(c.type).dims === 0
            ? { remediation: `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE text USING ${ident(c.name)}::text;` }
            : {}),
        });
      }
    }
    for (const v of model.views) {
      if (v.origin !== 'user' || !v.materialized) continue;
      for (const c of v.columns) {
        const found = blockedRegType(model, c.type);
        if (!found) continue;
        out.push({
          object: v.id,
          key: c.name,
          message: `materialized view ${v.id} stores column ${c.name} as ${c.type}: pg_upgrade refuses to upgrade a cluster with ${found} data in user tables`,
        });
      }
    }
    return out;
  },
};
