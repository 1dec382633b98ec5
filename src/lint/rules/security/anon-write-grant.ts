/**
 * Write privileges (INSERT, UPDATE, DELETE, TRUNCATE) on a table for PUBLIC, or for anon where nothing else guards
 * them, as the model's grants record them:
 *   PUBLIC — every role that can connect, always reported (never a platform default);
 *   anon   — reported when the table has RLS off (the grant alone then decides), and TRUNCATE when anon can log in
 *            (TRUNCATE ignores row-level security; a NOLOGIN anon only reaches tables through PostgREST, which never
 *            truncates). Supabase grants anon ALL on public tables by default and relies on RLS: with RLS on, those
 *            grants are not findings.
 */
import type { Grant } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import { listText, qualified } from './shared.js';

const WRITES = ['insert', 'update', 'delete', 'truncate'];

export const anonWriteGrant: Rule = {
  meta: {
    id: 'security/anon-write-grant',
    category: 'security',
    severity: 'warning',
    description: 'INSERT/UPDATE/DELETE/TRUNCATE granted to PUBLIC, or to anon on a table without RLS.',
    rationale:
      'A write privilege for PUBLIC goes to every role that can connect, now and later. For anon, the unauthenticated ' +
      'API role, a write privilege on a table without row-level security lets anyone change or delete every row. ' +
      'TRUNCATE is never filtered by RLS.',
    fix: 'REVOKE the write privileges from PUBLIC and anon; grant them to the roles that must write, and enable RLS on tables the API writes.',
    links: ['https://www.postgresql.org/docs/current/ddl-priv.html', 'https://www.postgresql.org/docs/current/sql-truncate.html'],
  },
  check({ model }) {
    const anon = model.roles.find((r) => r.name === 'anon');
    const out = [];
    // Write grants by table, in model order: one pass over the grants, not one per table.
    const writes = new Map<string, Grant[]>();
    for (const g of model.grants) {
      if (g.objectKind !== 'table' || !WRITES.includes(g.privilege)) continue;
      const list = writes.get(g.object);
      if (list) list.push(g);
      else writes.set(g.object, [g]);
    }
    for (const t of model.tables) {
      if (t.origin !== 'user') continue;
      const grants = writes.get(t.id) ?? [];
      const toPublic = grants.filter((g) => g.grantee === 'public').map((g) => g.privilege);
      const toAnon = anon
        ? grants
            .filter((g) => g.grantee === 'anon' && (!t.rls.enabled || (g.privilege === 'truncate' && anon.login)))
            .map((g) => g.privilege)
        : [];
      const parts: string[] = [];
      const revokes: string[] = [];
      const show = (ps: string[]) => listText(WRITES.filter((w) => ps.includes(w)).map((w) => w.toUpperCase()));
      if (toPublic.length) {
        parts.push(`PUBLIC (every role) has ${show(toPublic)}`);
        revokes.push(`REVOKE ${WRITES.filter((w) => toPublic.includes(w)).map((w) => w.toUpperCase()).join(', ')} ON ${qualified(t.schema, t.name)} FROM PUBLIC;`);
      }
      if (toAnon.length) {
        const why = t.rls.enabled ? 'TRUNCATE ignores RLS and anon can log in' : 'RLS is off, so nothing restricts which rows';
        parts.push(`anon has ${show(toAnon)} (${why})`);
        revokes.push(`REVOKE ${WRITES.filter((w) => toAnon.includes(w)).map((w) => w.toUpperCase()).join(', ')} ON ${qualified(t.schema, t.name)} FROM anon;`);
      }
      if (parts.length === 0) continue;
      out.push({ object: t.id, message: `on ${t.id}, ${parts.join('; ')}`, remediation: revokes.join('\n') });
    }
    return out;
  },
};
