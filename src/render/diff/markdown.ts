/**
 * A schema diff as Markdown for a pull-request comment: the two sides, counts by class, then one section per class
 * (Breaking, Security, Safe), one line per change with its object and reason. A change that is both breaking and
 * security is listed in both sections, marked as such. Short before/after values are shown inline; long or
 * multi-line ones (function bodies, view definitions) in a collapsed `<details>` with a line diff. Every value from
 * the schema goes through the Markdown helpers. Pure.
 */
import type { Change, ChangeClass, SchemaDiff } from '../../diff/types.js';
import { block, code, doc, plural, text } from '../markdown.js';
import { lineDiff } from './line-diff.js';

const TITLES: Record<ChangeClass, string> = { breaking: 'Breaking', security: 'Security', safe: 'Safe' };
const INLINE_MAX = 80;

/** Aspects whose before/after are flag words the reason already states (`enabled` → `disabled`). */
const FLAGS = new Set<Change['aspect']>([
  'rls-enabled', 'rls-forced', 'unlogged', 'nullable', 'unique', 'valid', 'validated', 'deferrable', 'materialized',
  'security-definer', 'security-invoker', 'security-barrier', 'leakproof', 'strict',
]);

const short = (v: string | null) => v === null || (v.length <= INLINE_MAX && !v.includes('\n'));

function values(c: Change): string {
  if (!short(c.from) || !short(c.to) || FLAGS.has(c.aspect)) return '';
  // The reason already names both values (a type change says "a → b"): do not repeat them.
  if (c.from !== null && c.to !== null && c.reason.includes(c.from) && c.reason.includes(c.to)) return '';
  if (c.change === 'changed') {
    const show = (v: string | null) => (v === null ? '(none)' : code(v));
    return c.from === null && c.to === null ? '' : ` (${show(c.from)} → ${show(c.to)})`;
  }
  const v = c.change === 'added' ? c.to : c.from;
  return v === null || c.reason.includes(v) ? '' : ` (${code(v)})`;
}

/** The collapsed block under a change whose values are too long for the line. */
function details(c: Change): string | null {
  if (short(c.from) && short(c.to)) return null;
  let summary: string;
  let body: string;
  if (c.change === 'changed' && c.from !== null && c.to !== null) {
    summary = 'diff';
    body = block(lineDiff(c.from, c.to), 'diff');
  } else {
    summary = c.to === null ? 'was' : c.change === 'added' ? 'definition' : 'now';
    body = block(c.to ?? c.from ?? '', 'sql');
  }
  const indent = (s: string) => s.split('\n').map((l) => (l.trim() ? `  ${l}`.trimEnd() : '')).join('\n');
  return indent(`<details><summary>${summary}</summary>\n\n${body}\n\n</details>`);
}

function line(c: Change, section: ChangeClass): string {
  const also = c.classes.filter((k) => k !== section && k !== 'safe');
  const hint = c.hint ? ` — _${text(c.hint)}_` : '';
  const tag = also.length ? ` **(also ${also.join(', ')})**` : '';
  const head = `- ${text(c.kind)} ${code(c.object)}: ${text(c.reason)}${values(c)}${hint}${tag}`;
  const more = details(c);
  return more ? `${head}\n\n${more}` : head;
}

export function renderDiffMarkdown(diff: SchemaDiff): string {
  const sides = `${code(diff.from.location)} → ${code(diff.to.location)}`;
  const { summary } = diff;
  if (summary.changes === 0) return doc('## Schema diff', sides, 'No changes: both sides have the same schema objects.');
  const counts = `**${plural(summary.changes, 'change')}**: ${summary.breaking} breaking, ${summary.security} security, ${summary.safe} safe.`;
  const both = diff.changes.filter((c) => c.classes.includes('breaking') && c.classes.includes('security')).length;
  const sections = (['breaking', 'security', 'safe'] as const).map((cls) => {
    const list = diff.changes.filter((c) => c.classes.includes(cls));
    if (!list.length) return null;
    return `### ${TITLES[cls]} (${list.length})\n\n${list.map((c) => line(c, cls)).join('\n')}`;
  });
  return doc(
    '## Schema diff',
    sides,
    `${counts}${both ? ` ${plural(both, 'change is', 'changes are')} both breaking and security, listed in both sections.` : ''}`,
    ...sections,
  );
}
