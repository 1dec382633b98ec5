/**
 * `checkDocs(documents, context)`: reads hand-written Markdown about a schema, takes every claim it can find, and
 * checks each against the model and its analysis. Pure apart from loading the Postgres parser (WASM) once.
 *
 *   const report = await checkDocs([{ file: 'docs/schema.md', text }], { model, analysis });
 *   report.claims.filter((c) => c.verdict === 'false');
 */
import { loadParser } from '../source/statements.js';
import { loadExpressionParser } from '../analyze/sql-expr.js';
import { checkClaims, type CheckContext } from './check.js';
import { extractClaims } from './claims.js';
import { readMarkdown } from './read.js';
import { CHECK_DOCS_FORMAT, type CheckDocsReport } from './types.js';

export interface DocumentInput {
  /** How the document is named in the report (a path relative to where the tool ran). */
  file: string;
  text: string;
}

export async function checkDocs(documents: DocumentInput[], context: CheckContext): Promise<CheckDocsReport> {
  await Promise.all([loadParser(), loadExpressionParser()]);
  const read = documents.map((d) => readMarkdown(d.file, d.text));
  const claims = checkClaims(read.flatMap(extractClaims), context);
  const count = (v: string) => claims.filter((c) => c.verdict === v).length;
  return {
    format: CHECK_DOCS_FORMAT,
    source: context.model.source.location,
    documents: read.map((d) => ({ file: d.file, lines: d.lines.length, repairedLines: d.repairedLines })),
    claims,
    summary: { claims: claims.length, true: count('true'), false: count('false'), unverifiable: count('unverifiable') },
  };
}

export { checkClaims, type CheckContext } from './check.js';
export { extractClaims, describe } from './claims.js';
export { readMarkdown, repairMojibake } from './read.js';
export { fixes, renderCheckDocs, CHECK_DOCS_FORMATS, type CheckDocsFormat } from './report.js';
export * from './types.js';
