/**
 * A schema diff as JSON (`schemaproof/diff@1`, schema/diff.schema.json): the diff itself with its keys in a fixed
 * order, whatever order they were built in; two-space indent, trailing newline. Pure.
 */
import type { Change, SchemaDiff } from '../../diff/types.js';

function change(c: Change): Change {
  return {
    kind: c.kind,
    object: c.object,
    table: c.table,
    change: c.change,
    aspect: c.aspect,
    class: c.class,
    classes: [...c.classes],
    reason: c.reason,
    from: c.from,
    to: c.to,
    hint: c.hint,
  };
}

export function renderDiffJson(diff: SchemaDiff): string {
  const ordered: SchemaDiff = {
    format: diff.format,
    from: { location: diff.from.location, kind: diff.from.kind },
    to: { location: diff.to.location, kind: diff.to.kind },
    summary: {
      changes: diff.summary.changes,
      breaking: diff.summary.breaking,
      security: diff.summary.security,
      safe: diff.summary.safe,
    },
    changes: diff.changes.map(change),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
