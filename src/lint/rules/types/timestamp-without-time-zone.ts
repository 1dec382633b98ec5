/** A table column of type `timestamp [(p)] without time zone` (arrays too). */
import type { Rule, RuleFinding } from '../../types.js';
import { columnStorage, ident, splitArray, tableSql, typeName } from '../structure/shared.js';

export const timestampWithoutTimeZone: Rule = {
  meta: {
    id: 'types/timestamp-without-time-zone',
    category: 'types',
    severity: 'warning',
    description: 'Column of type timestamp without time zone.',
    rationale:
      '`timestamp` stores a wall-clock reading with no zone, but most columns record an instant (created_at, ' +
      'expires_at, paid_at). Postgres then converts silently with the session TimeZone whenever the value meets ' +
      'timestamptz or now(): the same row reads differently from two sessions, comparisons shift by the UTC offset, ' +
      'and the hour repeated at a DST change is ambiguous. `timestamptz` stores the instant (as UTC) and costs the same ' +
      '8 bytes. Warning rather than info because the instant case is the common one and its bugs are silent; a column ' +
      'that really holds a local wall-clock time (an appointment in its own zone) should say so in a suppression.',
    fix:
      "ALTER COLUMN … TYPE timestamptz USING col AT TIME ZONE '<the zone the values were written in>' (a table rewrite " +
      'under an ACCESS EXCLUSIVE lock; when the session TimeZone is UTC the conversion needs no USING).',
    links: [
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29',
      'https://www.postgresql.org/docs/current/datatype-datetime.html',
      'https://squawkhq.com/docs/prefer-timestamptz',
    ],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of lookup.tables.values()) {
      for (const c of t.columns) {
        if (typeName(splitArray(columnStorage(model, c)).element) !== 'timestamp without time zone') continue;
        const direct = typeName(splitArray(c.type).element) === 'timestamp without time zone';
        const target = c.type.replace('without time zone', 'with time zone');
        out.push({
          object: c.id,
          message: `${c.id} is ${c.type}${direct ? '' : ` (${columnStorage(model, c)})`}: it stores no time zone, so an instant read back depends on the session TimeZone`,
          ...(direct
            ? {
                remediation:
                  `ALTER TABLE ${tableSql(t)} ALTER COLUMN ${ident(c.name)} TYPE ${target}` +
                  (splitArray(c.type).dims === 0 ? ` USING ${ident(c.name)} AT TIME ZONE 'UTC';` : ';'),
              }
            : {}),
        });
      }
    }
    return out;
  },
};
