/**
 * The pieces squash orders and rewrites its statements with: the dependency order (sections kept, only what must
 * move is lifted, cycles reported) and the one rewrite that makes Postgres' printed texts replay to themselves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import { dependencyOrder, type OrderNode } from '../../src/squash/order.js';
import { statementRefs } from '../../src/squash/refs.js';
import { stabilizeSql } from '../../src/squash/stabilize.js';

beforeAll(async () => {
  await loadExpressionParser();
});

const node = (key: string, rank: number, deps: string[] = []): OrderNode => ({ key, rank, id: key.slice(key.indexOf(':') + 1), deps: new Set(deps) });

describe('dependencyOrder', () => {
  it('keeps the sections in order and lifts only what must wait for a later one, right after it', () => {
    const { order, lifted, cyclic } = dependencyOrder([
      node('rel:public.b', 3),
      node('fn:public.count_b()', 2, ['rel:public.b']),
      node('fn:public.f()', 2),
      node('rel:public.a', 3, ['fn:public.f()']),
      node('rel:public.v', 4, ['fn:public.count_b()', 'rel:public.a']),
      node('type:public.t', 0),
    ]);
    expect(order.map((n) => n.key)).toEqual(['type:public.t', 'fn:public.f()', 'rel:public.a', 'rel:public.b', 'fn:public.count_b()', 'rel:public.v']);
    expect([...lifted]).toEqual(['fn:public.count_b()']);
    expect(cyclic.size).toBe(0);
  });

  it('puts the objects of a cycle last and names them', () => {
    const { order, cyclic } = dependencyOrder([node('fn:public.x()', 2, ['rel:public.y']), node('rel:public.y', 4, ['fn:public.x()']), node('rel:public.z', 3)]);
    // Both wait for a view, so both are in its section; the view's own kind goes first there.
    expect(order.map((n) => n.key)).toEqual(['rel:public.z', 'rel:public.y', 'fn:public.x()']);
    expect([...cyclic].sort()).toEqual(['fn:public.x()', 'rel:public.y']);
  });
});

describe('statementRefs', () => {
  it('reads relations, function calls and type names from the parse tree, not from strings', () => {
    const refs = statementRefs(
      "CREATE TABLE t (a billing.amount DEFAULT next_code(), b status[], CONSTRAINT c CHECK (is_ok(a, 'FROM users'))) INHERITS (base)",
    );
    expect(refs.functions).toEqual([['next_code'], ['is_ok']]);
    // The statement's own relation is a field of it, not a reference.
    expect(refs.relations).toEqual([['base']]);
    expect(refs.types).toEqual([['billing', 'amount'], ['status']]);
    // A PL/pgSQL body is a string: what it names is not a reference.
    expect(statementRefs("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM users); END $$").relations).toEqual([]);
  });
});

describe('stabilizeSql', () => {
  it('writes the array type of a varchar IN-list, so that the replayed CHECK prints as the original', () => {
    const check = "ALTER TABLE t ADD CONSTRAINT c CHECK (status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[]));";
    expect(stabilizeSql(check)).toBe(
      "ALTER TABLE t ADD CONSTRAINT c CHECK (status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::character varying[]::text[]));",
    );
  });

  it('finds the places by byte offset (text before them may be multi-byte) and leaves everything else as it is', () => {
    const sql = "-- café\nCREATE INDEX i ON t USING btree (s) WHERE ((s)::text = ANY ((ARRAY['é'::character varying(3)])::text[]));";
    expect(stabilizeSql(sql)).toBe(
      "-- café\nCREATE INDEX i ON t USING btree (s) WHERE ((s)::text = ANY ((ARRAY['é'::character varying(3)])::character varying(3)[]::text[]));",
    );
    const untouched = "CREATE VIEW v AS SELECT ARRAY[1, 2]::bigint[] AS a, ARRAY['x'::text]::text[] AS b;";
    expect(stabilizeSql(untouched)).toBe(untouched);
  });
});
