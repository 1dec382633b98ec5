/**
 * Changes to the objects around the tables: schemas, extensions, enums (labels added, removed, reordered), domains,
 * composite types and sequences. Sequences owned by a column of a table only one side has go with that table. Pure.
 */
import type { Domain, Enum, Sequence } from '../model/types.js';
import { listText, mk, pair, type DiffContext } from './context.js';
import { comment } from './tables.js';
import { typeChange } from './type-change.js';
import type { Change } from './types.js';

const user = <T extends { origin: string }>(xs: T[]) => xs.filter((x) => x.origin === 'user');
const quoted = (labels: string[]) => listText(labels.map((l) => `'${l}'`));

export function diffSchemas(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(user(ctx.from.model.schemas), user(ctx.to.model.schemas));
  for (const s of removed) out.push(mk({ kind: 'schema', object: s.id, change: 'removed', breaking: true, reason: 'schema dropped: everything in it is gone' }));
  for (const s of added) out.push(mk({ kind: 'schema', object: s.id, change: 'added', reason: 'new schema' }));
  for (const [a, b] of both) out.push(...comment('schema', a.id, null, a.comment, b.comment));
  const ext = pair(ctx.from.model.extensions, ctx.to.model.extensions);
  for (const e of ext.removed) out.push(mk({ kind: 'extension', object: e.id, change: 'removed', breaking: true, reason: 'extension dropped: its types, functions and operators are gone' }));
  for (const e of ext.added) out.push(mk({ kind: 'extension', object: e.id, change: 'added', reason: `new extension (in ${e.schema})` }));
  return out;
}

export function diffEnums(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(user(ctx.from.model.enums), user(ctx.to.model.enums));
  for (const e of removed) out.push(mk({ kind: 'enum', object: e.id, change: 'removed', breaking: true, from: e.labels.join(', '), reason: 'enum dropped: columns of this type must go first' }));
  for (const e of added) out.push(mk({ kind: 'enum', object: e.id, change: 'added', to: e.labels.join(', '), reason: `new enum (${e.labels.length} label${e.labels.length === 1 ? '' : 's'})` }));
  for (const [a, b] of both) {
    const labels = enumLabels(a, b);
    if (labels) out.push(labels);
    out.push(...comment('enum', a.id, null, a.comment, b.comment));
  }
  return out;
}

function enumLabels(a: Enum, b: Enum): Change | null {
  if (a.labels.join('\u0000') === b.labels.join('\u0000')) return null;
  const lost = a.labels.filter((l) => !b.labels.includes(l));
  const gained = b.labels.filter((l) => !a.labels.includes(l));
  const kept = (labels: string[], other: string[]) => labels.filter((l) => other.includes(l)).join('\u0000');
  const reordered = kept(a.labels, b.labels) !== kept(b.labels, a.labels);
  // ALTER TYPE … RENAME VALUE keeps the label's place: one label out and one in at the same index looks like it.
  const renamed = lost.length === 1 && gained.length === 1 && a.labels.indexOf(lost[0]!) === b.labels.indexOf(gained[0]!);
  const parts = [
    gained.length && `${quoted(gained)} added`,
    lost.length && `${quoted(lost)} removed: rows holding ${lost.length === 1 ? 'it' : 'them'} no longer convert`,
    reordered && 'labels reordered: comparisons and ORDER BY on the type change',
  ].filter(Boolean);
  return mk({
    kind: 'enum', object: a.id, change: 'changed', aspect: 'labels', breaking: lost.length > 0 || reordered,
    from: a.labels.join(', '), to: b.labels.join(', '), reason: `labels changed: ${parts.join('; ')}`,
    hint: renamed ? `possibly '${lost[0]}' renamed to '${gained[0]}'` : null,
  });
}

export function diffDomains(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(user(ctx.from.model.domains), user(ctx.to.model.domains));
  for (const d of removed) out.push(mk({ kind: 'domain', object: d.id, change: 'removed', breaking: true, from: d.baseType, reason: 'domain dropped: columns of this type must go first' }));
  for (const d of added) out.push(mk({ kind: 'domain', object: d.id, change: 'added', to: d.baseType, reason: `new domain over ${d.baseType}` }));
  for (const [a, b] of both) out.push(...domainAspects(a, b));
  return out;
}

function domainAspects(a: Domain, b: Domain): Change[] {
  const out: Change[] = [];
  const base = { kind: 'domain' as const, object: a.id, change: 'changed' as const };
  if (a.baseType !== b.baseType) {
    const v = typeChange(a.baseType, b.baseType);
    out.push(mk({ ...base, aspect: 'base-type', breaking: v.breaking, from: a.baseType, to: b.baseType, reason: v.reason }));
  }
  if (a.nullable !== b.nullable) {
    out.push(b.nullable
      ? mk({ ...base, aspect: 'nullable', from: 'NOT NULL', to: 'NULL', reason: 'NOT NULL dropped: the domain accepts NULL' })
      : mk({ ...base, aspect: 'nullable', breaking: true, from: 'NULL', to: 'NOT NULL', reason: 'NOT NULL added: fails while columns of this type hold NULL' }));
  }
  if (a.default !== b.default) {
    const spec = b.default === null && !b.nullable
      ? { breaking: true, reason: 'default removed on a NOT NULL domain: inserts that omit its columns now fail' }
      : { reason: b.default === null ? 'default removed' : a.default === null ? 'default added' : 'default changed' };
    out.push(mk({ ...base, aspect: 'default', from: a.default, to: b.default, ...spec }));
  }
  if (a.collation !== b.collation) {
    out.push(mk({ ...base, aspect: 'collation', breaking: true, from: a.collation, to: b.collation, reason: 'collation changed: ordering, comparisons and unique checks change' }));
  }
  const text = (d: Domain) => d.constraints.map((c) => `${c.name}: ${c.definition}`).join('; ');
  if (text(a) !== text(b)) {
    const before = new Map(a.constraints.map((c) => [c.name, c.definition]));
    const after = new Map(b.constraints.map((c) => [c.name, c.definition]));
    const gained = b.constraints.filter((c) => before.get(c.name) !== c.definition).map((c) => c.name);
    const lost = a.constraints.filter((c) => !after.has(c.name)).map((c) => c.name);
    const parts = [
      gained.length && `${listText(gained)} added or changed: fails on values that violate ${gained.length === 1 ? 'it' : 'them'}`,
      lost.length && `${listText(lost)} dropped: values ${lost.length === 1 ? 'it' : 'they'} rejected are accepted`,
    ].filter(Boolean);
    out.push(mk({ ...base, aspect: 'constraints', breaking: true, from: text(a) || null, to: text(b) || null, reason: `constraints changed: ${parts.join('; ')}` }));
  }
  out.push(...comment('domain', a.id, null, a.comment, b.comment));
  return out;
}

export function diffCompositeTypes(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { removed, added, both } = pair(user(ctx.from.model.compositeTypes), user(ctx.to.model.compositeTypes));
  const attrs = (t: { attributes: { name: string; type: string }[] }) => t.attributes.map((x) => `${x.name} ${x.type}`).join(', ');
  for (const t of removed) out.push(mk({ kind: 'composite type', object: t.id, change: 'removed', breaking: true, from: attrs(t), reason: 'composite type dropped' }));
  for (const t of added) out.push(mk({ kind: 'composite type', object: t.id, change: 'added', to: attrs(t), reason: 'new composite type' }));
  for (const [a, b] of both) {
    if (attrs(a) !== attrs(b)) {
      const after = new Map(b.attributes.map((x) => [x.name, x.type]));
      const appended = a.attributes.every((x, i) => b.attributes[i]?.name === x.name && b.attributes[i]?.type === x.type);
      const lost = a.attributes.filter((x) => after.get(x.name) !== x.type).map((x) => x.name);
      out.push(mk({
        kind: 'composite type', object: a.id, change: 'changed', aspect: 'attributes', breaking: !appended, from: attrs(a), to: attrs(b),
        reason: appended ? 'attributes added' : `attributes changed: ${listText(lost) || 'order'} — values and callers that use them break`,
      }));
    }
    out.push(...comment('composite type', a.id, null, a.comment, b.comment));
  }
  return out;
}

export function diffSequences(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  // A sequence owned by a column of a dropped or new table comes and goes with it.
  const folded = (s: Sequence, side: 'from' | 'to') => {
    if (s.ownedBy === null) return false;
    const table = ctx[side].columns.get(s.ownedBy)?.table.id;
    return table !== undefined && (side === 'from' ? ctx.removedRelations : ctx.addedRelations).has(table);
  };
  const { removed, added, both } = pair(
    user(ctx.from.model.sequences).filter((s) => !folded(s, 'from')),
    user(ctx.to.model.sequences).filter((s) => !folded(s, 'to')),
  );
  for (const s of removed) out.push(mk({ kind: 'sequence', object: s.id, change: 'removed', breaking: true, from: s.type, reason: 'sequence dropped: nextval() on it fails' }));
  for (const s of added) out.push(mk({ kind: 'sequence', object: s.id, change: 'added', to: s.type, reason: 'new sequence' }));
  for (const [a, b] of both) out.push(...sequenceAspects(a, b));
  return out;
}

function sequenceAspects(a: Sequence, b: Sequence): Change[] {
  const out: Change[] = [];
  const base = { kind: 'sequence' as const, object: a.id, change: 'changed' as const };
  if (a.type !== b.type) {
    const v = typeChange(a.type, b.type);
    out.push(mk({ ...base, aspect: 'type', breaking: v.breaking, from: a.type, to: b.type, reason: v.reason }));
  }
  if (a.min !== b.min || a.max !== b.max) {
    const narrower = BigInt(b.min) > BigInt(a.min) || BigInt(b.max) < BigInt(a.max);
    out.push(mk({
      ...base, aspect: 'range', breaking: narrower, from: `${a.min}..${a.max}`, to: `${b.min}..${b.max}`,
      reason: narrower ? 'range narrowed: nextval() fails sooner, or at once if the current value is outside it' : 'range widened',
    }));
  }
  if (a.increment !== b.increment) out.push(mk({ ...base, aspect: 'increment', from: a.increment, to: b.increment, reason: 'increment changed' }));
  if (a.start !== b.start) out.push(mk({ ...base, aspect: 'start', from: a.start, to: b.start, reason: 'start value changed (used by RESTART only)' }));
  if (a.cycle !== b.cycle) {
    out.push(mk({
      ...base, aspect: 'cycle', breaking: true, from: a.cycle ? 'CYCLE' : 'NO CYCLE', to: b.cycle ? 'CYCLE' : 'NO CYCLE',
      reason: b.cycle ? 'now cycles: values repeat after the limit, which breaks keys built on it' : 'no longer cycles: nextval() fails at the limit',
    }));
  }
  if (a.ownedBy !== b.ownedBy) out.push(mk({ ...base, aspect: 'owned-by', from: a.ownedBy, to: b.ownedBy, reason: 'owning column changed: it is dropped with another column' }));
  out.push(...comment('sequence', a.id, null, a.comment, b.comment));
  return out;
}
