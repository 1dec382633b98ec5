/**
 * Names close to PostgreSQL's 63-byte identifier limit. PostgreSQL truncates longer identifiers to 63 bytes
 * (NAMEDATALEN − 1), silently for the names it generates: a constraint, index or sequence name is built as
 * `<table>_<columns>_<suffix>` and the long part is cut, so the result no longer says what it is about, and two
 * long names can collide.
 *
 * Reported: tables, views, columns, schemas, types and functions of 56 bytes or more (the names others are built
 * from: `<table>_pkey` alone is 5 bytes more); constraints and indexes only at exactly 63 bytes — nothing is built
 * from their names, and at 63 they were almost certainly cut (a constraint and its backing index are one finding).
 * Info: nothing is broken yet.
 */
import type { Rule, RuleFinding } from '../../types.js';
import { MAX_IDENTIFIER_BYTES } from '../integrity/sql.js';

/** Names the rule starts warning about. */
export const NEAR_LIMIT_BYTES = 56;

const bytes = (name: string) => Buffer.byteLength(name, 'utf8');

export const nameNearLengthLimit: Rule = {
  meta: {
    id: 'naming/name-near-length-limit',
    category: 'naming',
    severity: 'info',
    description: `A name of ${NEAR_LIMIT_BYTES}+ bytes (PostgreSQL keeps 63), or a generated constraint or index name already cut at 63.`,
    rationale:
      'PostgreSQL truncates identifiers to 63 bytes. For names it builds itself — <table>_<column>_fkey, ' +
      '<table>_<columns>_key, <table>_<column>_seq — the long part is cut without a word, so the name stops saying what ' +
      'it constrains, a migration or tool that spells the full name (DROP CONSTRAINT …) finds nothing, and two long ' +
      'names can collide (PostgreSQL then appends a number).',
    fix: 'Shorten the name (ALTER TABLE … RENAME …), or give long constraints and indexes explicit short names (CONSTRAINT missions_slot_key UNIQUE (…)).',
    links: ['https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS'],
  },
  check({ lookup, model }) {
    const out: RuleFinding[] = [];
    const base = (object: string, what: string, name: string, built: string[]) => {
      const n = bytes(name);
      if (n < NEAR_LIMIT_BYTES) return;
      const cut = built.filter((b) => bytes(b) > MAX_IDENTIFIER_BYTES);
      const tail = cut.length ? `; generated names built from it are cut, e.g. ${cut[0]} (${bytes(cut[0]!)} bytes)` : '';
      out.push({ object, message: `the ${what} name ${name} is ${n} bytes, near PostgreSQL's ${MAX_IDENTIFIER_BYTES}-byte limit${tail}` });
    };
    for (const t of lookup.tables.values()) {
      const fkColumn = (lookup.outgoing.get(t.id) ?? [])[0]?.columns.join('_') ?? t.columns.find((c) => c.name !== 'id')?.name ?? 'id';
      base(t.id, 'table', t.name, [`${t.name}_pkey`, `${t.name}_${fkColumn}_fkey`]);
      for (const c of t.columns) base(c.id, 'column', c.name, [`${t.name}_${c.name}_key`]);
    }
    for (const v of model.views) if (v.origin === 'user') base(v.id, 'view', v.name, []);
    for (const s of model.schemas) if (s.origin === 'user') base(s.id, 'schema', s.name, []);
    for (const x of [...model.enums, ...model.domains, ...model.compositeTypes]) if (x.origin === 'user') base(x.id, 'type', x.name, []);
    for (const f of model.functions) if (f.origin === 'user') base(f.id, 'function', f.name, []);

    const atLimit = (name: string) => bytes(name) === MAX_IDENTIFIER_BYTES;
    const cut = (object: string, what: string, name: string, table: string) =>
      out.push({
        object,
        message:
          `the ${what} name ${name} on ${table} is ${MAX_IDENTIFIER_BYTES} bytes, PostgreSQL's limit: it was most likely generated ` +
          `from a longer name and cut, so DDL that spells the full name (DROP CONSTRAINT, ALTER INDEX) will not find it`,
      });
    for (const c of model.constraints) if (lookup.tables.has(c.table) && atLimit(c.name)) cut(c.id, `${c.type} constraint`, c.name, c.table);
    for (const i of model.indexes) {
      if (!lookup.tables.has(i.table) || i.constraint !== null || !atLimit(i.name)) continue;
      cut(i.id, 'index', i.name, i.table);
    }
    return out;
  },
};
