// The raw catalog floor: the very statements `introspect()` sends, recorded from a real run of it (so the floor
// follows src/introspect/ as it changes), replayed without the mapping — through psql with output discarded for a
// server, or on the same engine in process (PGlite). Also counts them: catalog reads are a fixed number of queries.
import { introspect } from '../dist/index.js';

/** What readLive sends before introspect() on a live server: is this a Supabase project? */
export const PLATFORM_PROBE = `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'auth')
  AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') AS yes`;

/** Runs introspect() on `engine` once, recording each statement it sends; `query` marks those whose rows it reads. */
export async function recordIntrospection(engine, source) {
  const statements = [];
  const recorder = {
    kind: engine.kind,
    query: (sql, params) => {
      if (params?.length) throw new Error('introspect() sent a parameterised query: the floor cannot replay it');
      statements.push({ sql, query: true });
      return engine.query(sql);
    },
    exec: (sql) => {
      statements.push({ sql, query: false });
      return engine.exec(sql);
    },
    execute: (sql) => engine.execute(sql),
    close: () => engine.close(),
  };
  const model = await introspect(recorder, { source });
  return { statements, model };
}

/** The statements as a psql script (each ends with `;`). */
export function psqlScript(statements) {
  return statements.map((s) => `${s.sql.trim().replace(/;\s*$/, '')};\n`).join('');
}

/** Replays the statements on an engine, rows received and dropped. */
export async function replay(engine, statements) {
  for (const s of statements) await (s.query ? engine.query(s.sql) : engine.exec(s.sql));
}
