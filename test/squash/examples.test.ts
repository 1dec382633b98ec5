/**
 * The five examples, squashed (the folder paths the README names): each master rebuilds its example identically,
 * and writes every object of the example once, the platform's (Supabase shim) never.
 */
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../../src/source/load.js';
import { squash } from '../../src/squash/index.js';
import { root } from '../helpers/cli.js';
import { quiet } from './helpers.js';

const EXAMPLES = ['creator-loyalty', 'giftcard-campaigns', 'influencer-marketplace', 'privacy-telemetry', 'tentabo-prm'];

const count = (sql: string, re: RegExp) => sql.match(re)?.length ?? 0;

describe('squash of the examples', () => {
  it.each(EXAMPLES)('examples/%s: the master round-trips identical', async (name) => {
    const resolved = await resolveSource([`examples/${name}`], { cwd: root });
    const { sql, model, roundTrip } = await squash(resolved, { ...quiet, cwd: root });
    expect(roundTrip.differences).toEqual([]);
    expect(roundTrip.identical).toBe(true);
    expect(roundTrip.error).toBeUndefined();

    // Every user object once; nothing of the platform.
    const user = <T extends { origin: string }>(xs: T[]) => xs.filter((x) => x.origin === 'user');
    const tables = user(model.tables).map((t) => t.id);
    const users = new Set([...tables, ...user(model.views).map((v) => v.id)]);
    expect(count(sql, /^CREATE (UNLOGGED )?TABLE /gm)).toBe(tables.length);
    expect(count(sql, /^CREATE (MATERIALIZED )?VIEW /gm)).toBe(user(model.views).length);
    expect(count(sql, /^CREATE OR REPLACE (FUNCTION|PROCEDURE) /gm)).toBe(user(model.functions).length);
    expect(count(sql, /^CREATE (CONSTRAINT )?TRIGGER /gm)).toBe(model.triggers.length);
    expect(count(sql, /^CREATE POLICY /gm)).toBe(model.policies.length);
    expect(count(sql, /^ALTER TABLE .* ADD CONSTRAINT .* FOREIGN KEY /gm)).toBe(model.foreignKeys.filter((f) => users.has(f.table)).length);
    expect(count(sql, /^CREATE (UNIQUE )?INDEX /gm)).toBe(model.indexes.filter((i) => i.constraint === null && users.has(i.table)).length);
    expect(sql).not.toMatch(/^CREATE (TABLE|SCHEMA( IF NOT EXISTS)?|OR REPLACE FUNCTION) (auth|storage|extensions)\./m);
    expect(sql.startsWith(`-- The schema of examples/${name}, as one script (schemaproof squash).\n`)).toBe(true);
  });

  it('keeps what a Supabase project adds to the platform: the trigger on auth.users (giftcard-campaigns)', async () => {
    const { sql } = await squash(await resolveSource(['examples/giftcard-campaigns'], { cwd: root }), { ...quiet, cwd: root });
    expect(sql).toContain('CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user();');
    expect(sql).toContain('-- Apply it to an empty Supabase database');
  });
});
