/**
 * Shared by the site tests: a schema loaded from a migrations folder (embedded PGlite) with its analysis and lint
 * findings, the site written into a temp folder, and the tags of an HTML text (for structural security checks).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze } from '../../src/analyze/index.js';
import { lint } from '../../src/lint/engine.js';
import type { LintResult } from '../../src/lint/types.js';
import type { Analysis } from '../../src/analyze/types.js';
import type { SchemaModel } from '../../src/model/types.js';
import { loadSchema } from '../../src/source/load.js';

export interface Loaded {
  model: SchemaModel;
  analysis: Analysis;
  lint: LintResult;
}

export async function loadFolder(dir: string): Promise<Loaded> {
  const model = await loadSchema(dir, { onWarning: () => undefined });
  const analysis = await analyze(model);
  return { model, analysis, lint: lint(model, analysis) };
}

export async function writeSite(files: Map<string, string | Uint8Array>, prefix = 'schemaproof-site-'): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), prefix));
  for (const [path, content] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), content);
  }
  return out;
}

export interface Tag {
  name: string;
  attrs: [string, string][];
}

/**
 * Every start tag of an HTML text with its attributes. Sound for the site's output: schema text is escaped, so a
 * raw `<` only ever starts a real tag and attribute values (double-quoted) hold no raw `"` or `>`. The contents of
 * `<script>` elements (JSON islands, whose `<` are \u003c) hold no `<` either.
 */
export function tags(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: [...m[2]!.matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!.toLowerCase(), a[2] ?? ''] as [string, string]),
  }));
}

export const asText = (c: string | Uint8Array | undefined): string => (typeof c === 'string' ? c : c ? new TextDecoder().decode(c) : '');
