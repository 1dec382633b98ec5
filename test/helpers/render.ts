/**
 * Shared helpers for the renderer tests (test/render) and the relationship tests that build the same shapes:
 *
 * - `ctxOf(m, analysis?)`: the RenderContext a renderer gets, with table pages under `tables/`. `analysis` may be a
 *   whole Analysis or only the parts a test is about (the rest come from `analysisOf`).
 * - `rel(fk, cardinality, optional?, junction?)`: the Relationship the analysis gives for one FK.
 * - `manyToManyRel(from, to, via, fks)`: the many-to-many Relationship through a junction table (FKs or their ids).
 * - `section(md, heading)`: the text under a Markdown heading (`## Columns`, `### Sales`) up to the next heading of
 *   the same level; fails the test when the heading is missing.
 * - `expectTablesIntact(md)`: outside code fences, every Markdown table row keeps its header's column count, and
 *   every code fence is closed.
 */
import { expect } from 'vitest';
import type { Analysis, Cardinality, Relationship } from '../../src/analyze/types.js';
import type { ForeignKey, SchemaModel } from '../../src/model/types.js';
import { renderContext, type RenderContext } from '../../src/render/context.js';
import { tablePageName } from '../../src/render/markdown.js';
import { analysisOf } from './analysis.js';

export function ctxOf(m: SchemaModel, analysis: Partial<Analysis> = {}): RenderContext {
  return renderContext(m, analysisOf(m, analysis), (id) => `tables/${tablePageName(id)}`);
}

export function rel(f: ForeignKey, cardinality: Cardinality, optional = false, junction = false): Relationship {
  return {
    foreignKey: f.id,
    foreignKeys: [f.id],
    from: f.table,
    to: f.refTable,
    columns: f.columns,
    refColumns: f.refColumns,
    cardinality,
    via: null,
    optional,
    composite: f.columns.length > 1,
    junction,
    guardOf: null,
  };
}

export function manyToManyRel(from: string, to: string, via: string, fks: (ForeignKey | string)[]): Relationship {
  return {
    foreignKey: null,
    foreignKeys: fks.map((f) => (typeof f === 'string' ? f : f.id)).sort(),
    from,
    to,
    columns: [],
    refColumns: [],
    cardinality: 'many-to-many',
    via,
    optional: false,
    composite: false,
    junction: false,
    guardOf: null,
  };
}

export function section(md: string, heading: string): string {
  const level = heading.split(' ')[0]!;
  expect(level, `not a Markdown heading: ${heading}`).toMatch(/^#+$/);
  // A heading is a whole line: at the start of the text or after a newline.
  const start = `\n${md}`.indexOf(`\n${heading}\n`);
  expect(start, `no section ${heading}`).toBeGreaterThanOrEqual(0);
  const next = md.slice(start + heading.length).search(new RegExp(`\\n${level} `));
  return next < 0 ? md.slice(start) : md.slice(start, start + heading.length + next);
}

export function expectTablesIntact(md: string) {
  let fence: string | null = null;
  let width: number | null = null;
  for (const line of md.split('\n')) {
    const f = /^(`{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1]!;
      else if (line.trim() === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (!line.startsWith('|')) {
      width = null;
      continue;
    }
    const pipes = line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
    if (width === null) width = pipes;
    expect(pipes, `row breaks its table: ${line}`).toBe(width);
  }
  expect(fence, 'unclosed code fence').toBeNull();
}

// ---------------------------------------------------------------------------------------------------------------
// Appended: real schemas for renderer tests.
//
// - `modelFromSql(sql)`: the model of a SQL script, applied into embedded PGlite the way `schemaproof doc` applies a
//   file (so definitions are what Postgres prints).
// - `sqlBlocks(md)`: the contents of the ```sql blocks of a Markdown document, in order.

import { mkdtemp as mkdtempForSql, rm as rmForSql, writeFile as writeFileForSql } from 'node:fs/promises';
import { tmpdir as tmpdirForSql } from 'node:os';
import { join as joinForSql } from 'node:path';

export async function modelFromSql(sql: string): Promise<SchemaModel> {
  const dir = await mkdtempForSql(joinForSql(tmpdirForSql(), 'schemaproof-render-'));
  try {
    const file = joinForSql(dir, 'schema.sql');
    await writeFileForSql(file, sql);
    // Loaded on first use: most renderer tests never start an engine.
    const { loadSchema } = await import('../../src/source/load.js');
    return await loadSchema(file, { cwd: dir, onWarning: () => undefined });
  } finally {
    await rmForSql(dir, { recursive: true, force: true });
  }
}

export function sqlBlocks(md: string): string[] {
  return [...md.matchAll(/^(`{3,})sql\n([\s\S]*?)\n\1$/gm)].map((x) => x[2]!);
}

// `fn(id, extra?)`, a user function, lives with the other model builders.
export { fn } from './model.js';
