/**
 * check-docs output: pure functions from a report to a string. `text` is one `file:line: verdict: claim` line per
 * claim with its evidence below (compiler style, so editors can jump to it); `markdown` is the same as tables, for a
 * pull-request comment; `json` is `schemaproof/check-docs@1` (docs/check-docs.md). `fixes()` turns the false claims
 * whose right value the schema knows into corrected lines, printed as a unified diff by `--fix`.
 */
import { code, table as mdTable, text as mdText } from '../render/markdown.js';
import { printable } from '../render/lint/text.js';
import type { CheckDocsReport, CheckedClaim, Verdict } from './types.js';

export const CHECK_DOCS_FORMATS = ['text', 'markdown', 'json'] as const;
export type CheckDocsFormat = (typeof CHECK_DOCS_FORMATS)[number];

export interface RenderOptions {
  /** Only list claims with these verdicts (the summary always counts all). */
  only?: readonly Verdict[];
}

/** One corrected line of a document. */
export interface LineFix {
  file: string;
  line: number;
  before: string;
  after: string;
  /** The claims it corrects. */
  claims: CheckedClaim[];
}

/**
 * The corrected lines: for each line with false claims whose correction has a span in that line, the line with
 * every such span replaced (overlapping spans: the first wins) — and, where the line had mojibake, repaired; `before`
 * is the line as it is in the file. Lines in document order.
 */
export function fixes(report: CheckDocsReport): LineFix[] {
  const byLine = new Map<string, CheckedClaim[]>();
  for (const c of report.claims) {
    if (c.verdict !== 'false' || !c.correction || !c.spans?.[c.correction.span]) continue;
    const key = `${c.file}\u0000${c.line}`;
    const list = byLine.get(key);
    if (list) list.push(c);
    else byLine.set(key, [c]);
  }
  const out: LineFix[] = [];
  for (const claims of byLine.values()) {
    const first = claims[0]!;
    const edits: { start: number; end: number; text: string }[] = [];
    for (const c of claims) {
      const [start, end] = c.spans![c.correction!.span]!;
      if (edits.some((e) => start < e.end && end > e.start)) continue;
      edits.push({ start, end, text: c.correction!.text });
    }
    let after = first.quote;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) after = after.slice(0, e.start) + e.text + after.slice(e.end);
    // The line as it is in the file (so the diff applies), corrected and with its mojibake repaired.
    if (after !== first.quote) out.push({ file: first.file, line: first.line, before: first.original ?? first.quote, after, claims });
  }
  return out;
}

/** `--fix`: the corrections as a unified diff, one hunk per line (the documents are not changed). */
export function renderFixes(report: CheckDocsReport): string {
  const all = fixes(report);
  if (all.length === 0) return 'no corrections to propose: no false claim has a value the schema knows, in its own line\n';
  const out: string[] = [];
  let file: string | null = null;
  for (const f of all) {
    if (f.file !== file) {
      out.push(`--- ${f.file}`, `+++ ${f.file}`);
      file = f.file;
    }
    out.push(`@@ -${f.line} +${f.line} @@ ${printable(f.claims.map((c) => c.text).join('; '))}`, `-${printable(f.before)}`, `+${printable(f.after)}`);
  }
  return `${out.join('\n')}\n`;
}

function summaryLine(report: CheckDocsReport): string {
  const s = report.summary;
  const repaired = report.documents.reduce((n, d) => n + d.repairedLines.length, 0);
  const docs = `${report.documents.length} ${report.documents.length === 1 ? 'document' : 'documents'}`;
  const repair = repaired ? `; ${repaired} ${repaired === 1 ? 'line' : 'lines'} repaired from double-encoded UTF-8` : '';
  return `${s.claims} claims in ${docs}: ${s.true} true, ${s.false} false, ${s.unverifiable} unverifiable${repair}`;
}

const shown = (report: CheckDocsReport, options: RenderOptions) =>
  report.claims.filter((c) => !options.only || options.only.includes(c.verdict));

export function renderText(report: CheckDocsReport, options: RenderOptions = {}): string {
  const out: string[] = [];
  for (const c of shown(report, options)) {
    out.push(printable(`${c.file}:${c.line}: ${c.verdict}: ${c.text}`).replace(/\n/g, ' '));
    out.push(`    ${printable(c.evidence).replace(/\n/g, ' ')}`);
  }
  out.push('', `schema: ${report.source}`, summaryLine(report));
  return `${out.join('\n')}\n`;
}

const VERDICT_MARK: Record<Verdict, string> = { true: '✅ true', false: '❌ false', unverifiable: '❔ unverifiable' };

export function renderMarkdown(report: CheckDocsReport, options: RenderOptions = {}): string {
  const s = report.summary;
  const out: string[] = [
    '# Documentation check',
    '',
    `Schema: ${code(report.source)}. ${mdText(summaryLine(report))}.`,
    '',
    mdTable(['verdict', 'claims'], [
      ['true', String(s.true)],
      ['false', String(s.false)],
      ['unverifiable', String(s.unverifiable)],
    ]),
  ];
  for (const doc of report.documents) {
    const claims = shown(report, options).filter((c) => c.file === doc.file);
    out.push('', `## ${mdText(doc.file)}`, '');
    if (claims.length === 0) {
      out.push('No claims to list.');
      continue;
    }
    out.push(
      mdTable(
        ['line', 'verdict', 'claim', 'evidence'],
        claims.map((c) => [String(c.line), VERDICT_MARK[c.verdict], mdText(c.text), mdText(c.evidence)]),
      ),
    );
  }
  const proposed = fixes(report);
  if (proposed.length) {
    out.push('', '## Proposed corrections', '', '```diff', renderFixes(report).trimEnd(), '```');
  }
  return `${out.join('\n')}\n`;
}

/** The JSON report (`schemaproof/check-docs@1`): every claim, with its fix when one is known. */
export function renderJson(report: CheckDocsReport, options: RenderOptions = {}): string {
  const fixByClaim = new Map<CheckedClaim, { before: string; after: string }>();
  for (const f of fixes(report)) for (const c of f.claims) fixByClaim.set(c, { before: f.before, after: f.after });
  const json = {
    format: report.format,
    source: report.source,
    documents: report.documents,
    summary: report.summary,
    claims: shown(report, options).map((c) => ({
      file: c.file,
      line: c.line,
      text: c.text,
      verdict: c.verdict,
      evidence: c.evidence,
      kind: c.body.kind,
      claim: c.body,
      quote: c.quote,
      ...(fixByClaim.has(c) ? { fix: fixByClaim.get(c) } : {}),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function renderCheckDocs(report: CheckDocsReport, format: CheckDocsFormat, options: RenderOptions = {}): string {
  if (format === 'json') return renderJson(report, options);
  if (format === 'markdown') return renderMarkdown(report, options);
  return renderText(report, options);
}
