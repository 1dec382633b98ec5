/**
 * One interface over the two engines schemaproof reads schemas with: embedded PGlite (the default for files)
 * and a live PostgreSQL server.
 */
export interface Engine {
  readonly kind: 'pglite' | 'postgres';
  /** Runs one statement with parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs SQL text (one or more statements, no parameters). */
  exec(sql: string): Promise<void>;
  /** Runs one statement and returns how many rows it inserted, updated or deleted (for DML without RETURNING). */
  execute(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** The fields of a PostgreSQL error that both drivers expose (pg's DatabaseError, PGlite's DatabaseError). */
export interface DbError {
  message: string;
  code: string | undefined;
  /** 1-based character position in the statement, when Postgres reports one. */
  position: number | undefined;
  detail: string | undefined;
  hint: string | undefined;
  where: string | undefined;
}

export function asDbError(error: unknown): DbError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  const position = e.position === undefined || e.position === null ? undefined : Number(e.position);
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    message: String(e.message ?? ''),
    code: e.code,
    position: Number.isFinite(position) ? position : undefined,
    detail: text(e.detail),
    hint: text(e.hint),
    where: text(e.where),
  };
}
