/**
 * A user trigger that is disabled (`ALTER TABLE … DISABLE TRIGGER …`, `pg_trigger.tgenabled = 'D'`): it never
 * fires. In a schema built from migrations that is almost always a leftover — a backfill that disabled the trigger
 * and never re-enabled it.
 *
 * ENABLE REPLICA and ENABLE ALWAYS triggers are left alone: they are a deliberate choice about logical replication
 * (fire only on a subscriber / fire in both roles), and the model cannot tell whether the database is a subscriber,
 * so there is nothing to say about them that would be right more often than wrong.
 */
import { ident } from '../../../model/sql-text.js';
import type { Rule, RuleFinding } from '../../types.js';
import { tableSql } from './sql.js';

export const disabledTrigger: Rule = {
  meta: {
    id: 'integrity/disabled-trigger',
    category: 'integrity',
    severity: 'warning',
    description: 'A disabled trigger: it is defined but never fires.',
    rationale:
      'A disabled trigger looks, in the schema, as if it kept a column up to date, wrote an audit row or enforced a ' +
      'rule, but PostgreSQL skips it on every statement. It is usually left disabled by accident — a bulk load or ' +
      'backfill that ran DISABLE TRIGGER and failed, or forgot, to re-enable it — and nothing reports it: the data it ' +
      'should maintain silently drifts.',
    fix: 'Re-enable it (ALTER TABLE … ENABLE TRIGGER …) if it should run, or drop it if it should not exist.',
    links: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DISABLE-ENABLE-TRIGGER'],
  },
  check({ model, lookup }) {
    const out: RuleFinding[] = [];
    for (const t of model.triggers) {
      if (t.enabled !== 'disabled') continue;
      const table = lookup.tables.get(t.table);
      if (!table) continue;
      out.push({
        object: t.id,
        message:
          `trigger ${t.name} on ${t.table} is disabled: ${t.function} never runs ${t.timing.toUpperCase()} ` +
          `${t.events.map((e) => e.toUpperCase()).join(' OR ')} (${t.level === 'row' ? 'FOR EACH ROW' : 'FOR EACH STATEMENT'})`,
        remediation: `ALTER TABLE ${tableSql(model, t.table)} ENABLE TRIGGER ${ident(t.name)};\n-- or, if it is not wanted: DROP TRIGGER ${ident(t.name)} ON ${tableSql(model, t.table)};`,
      });
    }
    return out;
  },
};
