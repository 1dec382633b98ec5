/**
 * A long real history squashed: a hand-edited Prisma migrations folder with renames, drops, re-creates, replaced
 * functions and views, an enum label inserted before another, a NOT VALID check and a disabled trigger. The
 * master script must rebuild the end state exactly (the round trip) and say only the end state (nothing dropped,
 * no old names that the schema no longer has — and the old names it still has, like a renamed table's sequence).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../../src/source/load.js';
import { squash } from '../../src/squash/index.js';
import { root } from '../helpers/cli.js';
import { quiet } from './helpers.js';

describe('squash of a long history', () => {
  it('gives a master that is identical to the end state of the migrations', async () => {
    const folder = join(root, 'test/fixtures/squash/history');
    const resolved = await resolveSource([folder], { cwd: root });
    expect(resolved.kind === 'files' && resolved.discovery.layout).toBe('prisma');
    const { sql, roundTrip } = await squash(resolved, { ...quiet, cwd: root });
    expect(roundTrip.differences).toEqual([]);
    expect(roundTrip.identical).toBe(true);

    // The end state, once: the renamed table, the re-created one under its new name, the last view and function.
    expect(sql.match(/^CREATE TABLE .*$/gm)).toEqual(['CREATE TABLE "Article" (', 'CREATE TABLE "Note" (', 'CREATE TABLE "User" (']);
    expect(sql).toContain(`CREATE TYPE "Role" AS ENUM ('USER', 'EDITOR', 'ADMIN');`);
    expect(sql).toContain('  NEW."updatedAt" := clock_timestamp();');
    expect(sql).toContain('    u.email AS author\n   FROM "Article" a\n     JOIN "User" u ON u.id = a."authorId";');
    expect(sql).toContain('  name  character varying(120),');
    expect(sql).toContain('  "updatedAt" timestamp with time zone NOT NULL\n);');
    expect(sql).toContain('ALTER TABLE "Article" ADD CONSTRAINT "Article_headline_check" CHECK (length(headline) > 0) NOT VALID;');
    expect(sql).toContain(
      'CREATE TRIGGER article_touch BEFORE UPDATE OF headline ON "Article" FOR EACH ROW EXECUTE FUNCTION touch_updated_at();\n' +
        'ALTER TABLE "Article" DISABLE TRIGGER article_touch;',
    );
    // Names the schema kept from before the renames.
    expect(sql).toContain(`CREATE SEQUENCE "Post_id_seq" AS integer START WITH 1 MINVALUE 1 MAXVALUE 2147483647;`);
    expect(sql).toContain('  id      bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME "Draft_id_seq") NOT NULL,');
    expect(sql).toContain('ALTER TABLE "Article" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"(id) ON UPDATE CASCADE ON DELETE RESTRICT;');
    // Nothing that was dropped.
    expect(sql).not.toMatch(/legacy_body|slug|"Post"|title|DROP /);
    expect(sql).not.toContain('now()');
  });
});
