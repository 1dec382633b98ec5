import { describe, expect, it } from 'vitest';
import { SchemaproofError } from '../src/errors.js';
import { stripPsql } from '../src/source/psql.js';
import { splitStatements } from '../src/source/statements.js';

describe('stripPsql', () => {
  it('blanks pg_dump meta-commands silently and keeps every line in place', () => {
    const text = '\\restrict abc123\nSET statement_timeout = 0;\n\\connect shop\nCREATE TABLE t (id int);\n\\unrestrict abc123\n';
    const { sql, warnings } = stripPsql(text, 'dump.sql');
    expect(sql.split('\n')).toHaveLength(text.split('\n').length);
    expect(sql).not.toContain('\\');
    expect(sql.split('\n')[3]).toBe('CREATE TABLE t (id int);');
    expect(warnings).toEqual([]);
  });

  it('reports other meta-commands with their location', () => {
    const { warnings } = stripPsql("CREATE TABLE a (x int);\n  \\copy a FROM 'a.csv' csv\n\\i other.sql\n", 'x.sql');
    expect(warnings.map((w) => [w.location?.line, w.location?.column])).toEqual([[2, 3], [3, 1]]);
    expect(warnings[0]!.message).toMatch(/\\copy a FROM 'a\.csv' csv.*data load/);
    expect(warnings[1]!.message).toMatch(/included file is not applied/);
  });

  it('leaves backslashes inside quotes, dollar quotes and comments alone', () => {
    const text = [
      "SELECT E'a\\'b\\\\';",
      'CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$',
      "  SELECT '\\n'",
      '$body$;',
      '-- a comment with \\connect in it',
      '/* block \\i x.sql */ SELECT 1;',
    ].join('\n');
    const { sql, warnings } = stripPsql(text, 'f.sql');
    expect(sql).toBe(text);
    expect(warnings).toEqual([]);
  });

  it('skips COPY … FROM stdin together with its data, up to \\.', () => {
    const text = 'CREATE TABLE t (a int, b text);\nCOPY public.t (a, b) FROM stdin;\n1\tx\\ty\n2\tz\n\\.\nCREATE INDEX ON t (a);\n';
    const { sql, warnings } = stripPsql(text, 'dump.sql');
    const lines = sql.split('\n');
    expect(lines[0]).toBe('CREATE TABLE t (a int, b text);');
    expect(lines.slice(1, 5).every((l) => l.trim() === '')).toBe(true);
    expect(lines[5]).toBe('CREATE INDEX ON t (a);');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.location).toEqual({ file: 'dump.sql', line: 2, column: 1 });
  });
});

describe('splitStatements', () => {
  it('splits with the real parser and locates each statement at its first token', async () => {
    const text = '-- header\n\nCREATE TABLE a (id int);\n  /* two */ CREATE TABLE b (\n  id int\n);\nSELECT 1';
    const { statements } = await splitStatements(text, 'm.sql');
    expect(statements.map((s) => [s.kind, s.location.line, s.location.column])).toEqual([
      ['CreateStmt', 3, 1],
      ['CreateStmt', 4, 13],
      ['SelectStmt', 7, 1],
    ]);
    expect(statements[1]!.sql).toBe('CREATE TABLE b (\n  id int\n)');
  });

  it('keeps offsets right after multi-byte characters', async () => {
    const text = "COMMENT ON SCHEMA public IS 'café ☕ 𝄞';\nCREATE TABLE ü (id int);";
    const { statements } = await splitStatements(text, 'u.sql');
    expect(statements[1]!.sql).toBe('CREATE TABLE ü (id int)');
    expect(statements[1]!.location).toEqual({ file: 'u.sql', line: 2, column: 1 });
    expect(text.slice(statements[1]!.offset, statements[1]!.offset + 12)).toBe('CREATE TABLE');
  });

  it('does not split inside function bodies', async () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;\nSELECT f();';
    const { statements } = await splitStatements(text, 'f.sql');
    expect(statements.map((s) => s.kind)).toEqual(['CreateFunctionStmt', 'SelectStmt']);
  });

  it('reports a syntax error at its file, line and column', async () => {
    const text = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int,, name text);\n';
    const error = await splitStatements(text, 'db/bad.sql').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaproofError);
    const e = error as SchemaproofError;
    expect(e.location).toEqual({ file: 'db/bad.sql', line: 2, column: 24 });
    expect(e.message).toMatch(/syntax error at or near ","/);
    expect(e.exitCode).toBe(2);
  });

  it('gives the parse node for statements that are looked into', async () => {
    const { statements } = await splitStatements('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', 'e.sql');
    expect(statements[0]!.kind).toBe('CreateExtensionStmt');
    expect(statements[0]!.node.extname).toBe('uuid-ossp');
  });
});
