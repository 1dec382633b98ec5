/**
 * An integer or smallint column filled from a sequence — an identity, a serial, or any nextval() default — so it grows
 * by one per insert (failed inserts included) toward the type's maximum. An int4 key without a sequence (values the
 * application assigns, a small lookup table) is not reported: nothing says it grows.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, nextvalSequence, ownedSequence, relationSql, tableSql, typeName } from '../structure/shared.js';

const LIMIT: Record<string, string> = { integer: '2^31 − 1 (2,147,483,647)', smallint: '2^15 − 1 (32,767)' };

export const intSequenceOverflow: Rule = {
  meta: {
    id: 'types/int-sequence-overflow',
    category: 'types',
    severity: 'info',
    description: 'integer (int4) or smallint column filled from a sequence: it runs out at 2^31 − 1 (2^15 − 1 for smallint).',
    rationale:
      'A sequence-filled integer key stops accepting inserts at 2^31 − 1 (2,147,483,647): nextval() reaches the ' +
      "sequence's maximum, or the value no longer fits the column, and every insert fails. Sequences also skip values " +
      '(rolled-back inserts, cached values lost at restart), so a busy table gets there sooner than its row count says. ' +
      'Moving to bigint later rewrites the table and every referencing column under an exclusive lock, when it is ' +
      'largest. Many tables never come close, hence info.',
    fix: 'Use bigint from the start (bigint identity); for an existing table, ALTER the column, its sequence and the referencing FK columns to bigint.',
    links: [
      'https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-INT',
      'https://github.com/ankane/pghero/blob/master/lib/pghero/methods/sequences.rb',
      'https://squawkhq.com/docs/prefer-bigint-over-int',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        const type = typeName(columnStorage(model, c));
        const limit = LIMIT[type];
        if (!limit) continue;
        const seqName = nextvalSequence(c.default);
        if (c.identity === null && seqName === null) continue;
        const source = c.identity !== null ? `an identity (GENERATED ${c.identity.toUpperCase()})` : `the sequence ${seqName}`;
        const owned = seqName === null ? undefined : ownedSequence(model, c, seqName);
        const referencing = (lookup.incoming.get(t.id) ?? []).flatMap((f) => {
          const n = f.refColumns.indexOf(c.name);
          const child = lookup.tables.get(f.table);
          return n >= 0 && child && f.refColumns.length === 1 ? [`ALTER TABLE ${tableSql(child)} ALTER COLUMN ${ident(f.columns[n]!)} TYPE bigint;`] : [];
        });
        const direct = c.type === type;
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type} filled from ${source}: inserts fail once it passes ${limit}`,
          ...(direct
            ? {
                remediation: [
                  `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE bigint;`,
                  ...(owned ? [`ALTER SEQUENCE ${relationSql(owned.schema, owned.name)} AS bigint;`] : []),
                  ...new Set(referencing),
                ].join('\n'),
              }
            : {}),
        });
      }
    }
    return out;
  },
};
