/**
 * A user sequence that no column owns (not serial, not identity) and that no column default, view, or function body
 * draws from. Function and view bodies are searched as text for the sequence's name, so a sequence a function
 * calls nextval() on is not reported; the application may still call it directly, which the schema cannot show —
 * hence info.
 */
import { ident } from '../../../model/sql-text.js';
import type { Rule, RuleFinding } from '../../types.js';
import { relationSql } from '../structure/shared.js';
import { sequenceUsers } from './sequence-cycle.js';

export const orphanSequence: Rule = {
  meta: {
    id: 'integrity/orphan-sequence',
    category: 'integrity',
    severity: 'info',
    description: 'A sequence that no column owns and nothing in the schema uses.',
    rationale:
      'A sequence that is neither owned by a column nor used by a default, view or function is usually left over from ' +
      'a dropped or converted serial column (DROP DEFAULT, or a move to identity, leaves the old sequence behind). ' +
      'It is harmless but misleading: it looks like the source of some ids, and grants and dumps keep carrying it. ' +
      'If application code calls nextval() on it, it is in use, which the schema cannot show.',
    fix: 'If nothing outside the schema uses it, DROP SEQUENCE; if it belongs to a column, ALTER SEQUENCE … OWNED BY that column.',
    links: ['https://www.postgresql.org/docs/current/sql-altersequence.html', 'https://www.postgresql.org/docs/current/sql-dropsequence.html'],
  },
  check({ model, lookup }) {
    const used = sequenceUsers(model, lookup);
    // Defaults of any table (partitions and platform tables included) count as uses too.
    const allDefaults = model.tables.flatMap((t) => t.columns.map((c) => c.default ?? '')).join('\n');
    const bodies = [...model.views.map((v) => v.definition), ...model.functions.map((f) => f.definition ?? '')].join('\n');
    const out: RuleFinding[] = [];
    for (const s of model.sequences) {
      if (s.origin !== 'user' || s.ownedBy !== null || used.has(s.id)) continue;
      const name = new RegExp(`(?:^|[^\\w$])${escape(s.name)}(?![\\w$])`);
      if (name.test(allDefaults) || name.test(bodies)) continue;
      out.push({
        object: s.id,
        message: `sequence ${s.id} is owned by no column and no column default, view or function uses it`,
        remediation: `-- if no application code calls nextval('${s.schema === 'public' ? ident(s.name) : `${ident(s.schema)}.${ident(s.name)}`}'):\nDROP SEQUENCE ${relationSql(s.schema, s.name)};`,
      });
    }
    return out;
  },
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
