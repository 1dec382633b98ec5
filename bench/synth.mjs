#!/usr/bin/env node
// A synthetic PostgreSQL schema of N tables, deterministic (seeded), shaped like a large multi-tenant application:
// ~13 columns per table, a PK, ~2 FKs (to the tenant root, to a neighbour, composite (tenant_id, id) ones, self-references
// and a few forward references added last that close cycles), 3–4 indexes (partial and expression ones among them),
// CHECKs, enums, comments, RLS with policies on ~30% of tables, triggers on ~10%, views on ~5%, functions, 8 schemas.
// The benchmark (bench/run.mjs) loads it with `psql -f` and into PGlite; the same text goes to both.
//
// Usage: node bench/synth.mjs --tables 1000 [--seed 1] [--out schema.sql] [--migrations DIR] [--per-file 250]
// As a module: synthSchema({ tables, seed }) → { files: [{ name, sql }], stats }.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** mulberry32: a small seeded generator, so every run builds the same schema. */
export function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SCHEMAS = ['sales', 'billing', 'crm', 'catalog', 'support', 'analytics', 'hr', 'ops'];
const NOUNS = [
  'order', 'invoice', 'payment', 'customer', 'contact', 'lead', 'product', 'price', 'ticket', 'message', 'event',
  'report', 'employee', 'shift', 'asset', 'shipment', 'campaign', 'coupon', 'review', 'document', 'task', 'project',
  'account', 'budget', 'contract', 'vendor', 'warehouse', 'stock', 'refund', 'subscription',
];
const SUFFIXES = ['item', 'line', 'note', 'log', 'link', 'detail', 'version', 'history', 'rule', 'setting'];
const ENUMS_PER_SCHEMA = 4;
const ENUM_LABELS = [
  ['draft', 'active', 'archived'],
  ['new', 'open', 'pending', 'closed', 'archived'],
  ['requested', 'approved', 'rejected', 'archived'],
  ['created', 'sent', 'delivered', 'failed', 'archived'],
];

const q = (s) => `'${s.replace(/'/g, "''")}'`;
const pad = (i, n) => String(i).padStart(String(n - 1).length, '0');

/**
 * Table i of n: schema by contiguous block (so that FK neighbours mostly share a schema, as domains do), a name from a
 * noun, a suffix and the number.
 */
function tableName(i, n) {
  const block = Math.floor((i * SCHEMAS.length) / n);
  const schema = SCHEMAS[Math.min(block, SCHEMAS.length - 1)];
  const noun = NOUNS[Math.floor(i / 7) % NOUNS.length];
  const suffix = SUFFIXES[i % SUFFIXES.length];
  return { schema, name: `${noun}_${suffix}_${pad(i, n)}` };
}

function header() {
  const lines = ['-- schemaproof benchmark: synthetic schema (bench/synth.mjs)', 'CREATE SCHEMA core;'];
  for (const s of SCHEMAS) lines.push(`CREATE SCHEMA ${s};`, `COMMENT ON SCHEMA ${s} IS ${q(`The ${s} domain.`)};`);
  for (const s of SCHEMAS) {
    for (let e = 0; e < ENUMS_PER_SCHEMA; e++) {
      lines.push(`CREATE TYPE ${s}.status_${e} AS ENUM (${ENUM_LABELS[e].map(q).join(', ')});`);
    }
  }
  lines.push(
    `CREATE TABLE core.tenants (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);`,
    `COMMENT ON TABLE core.tenants IS 'One customer organisation: every other row belongs to one.';`,
    `CREATE TABLE core.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES core.tenants (id) ON DELETE CASCADE,
  table_name text NOT NULL,
  operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  row_id bigint,
  at timestamptz NOT NULL DEFAULT now()
);`,
    `CREATE INDEX audit_log_tenant_at_idx ON core.audit_log (tenant_id, at DESC);`,
    `CREATE FUNCTION core.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;`,
    `CREATE FUNCTION core.audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = core AS $$
BEGIN
  INSERT INTO core.audit_log (tenant_id, table_name, operation, row_id)
  VALUES (coalesce(NEW.tenant_id, OLD.tenant_id), TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP, coalesce(NEW.id, OLD.id));
  RETURN coalesce(NEW, OLD);
END
$$;`,
    `CREATE FUNCTION core.current_tenant() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::bigint
$$;`,
  );
  return lines.join('\n');
}

/** The statements of table i, with the choices its FKs, indexes, policies, triggers and views need. */
function tableSql(i, n, rnd, plan) {
  const { schema, name } = tableName(i, n);
  const id = `${schema}.${name}`;
  const enumType = `${schema}.status_${i % ENUMS_PER_SCHEMA}`;
  const enumDefault = ENUM_LABELS[i % ENUMS_PER_SCHEMA][0];
  // A neighbour among the previous 60 tables (a domain's tables reference each other), sometimes anywhere before.
  const earlier = () => {
    const back = rnd() < 0.85 ? 1 + Math.floor(rnd() * Math.min(60, i)) : 1 + Math.floor(rnd() * i);
    return tableName(i - back, n);
  };
  const ref = (t) => `${t.schema}.${t.name}`;
  const fkCount = { n: 1 };
  const cols = [
    'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    'tenant_id bigint NOT NULL REFERENCES core.tenants (id) ON DELETE CASCADE',
  ];
  const hasRefA = i > 0 && rnd() < 0.7;
  if (hasRefA) {
    const onDelete = ['NO ACTION', 'CASCADE', 'SET NULL', 'RESTRICT'][Math.floor(rnd() * 4)];
    cols.push(`ref_a_id bigint REFERENCES ${ref(earlier())} (id) ON DELETE ${onDelete}`);
    fkCount.n++;
  } else {
    cols.push('ref_a_id bigint');
    if (i > 0 && rnd() < 0.15) plan.forward.push({ from: id, name, column: 'ref_a_id', i });
  }
  cols.push('ref_b_id bigint');
  const selfRef = rnd() < 0.1;
  cols.push(selfRef ? `parent_id bigint REFERENCES ${id} (id) ON DELETE CASCADE` : 'parent_id bigint');
  if (selfRef) fkCount.n++;
  cols.push(
    'code text NOT NULL',
    'name text NOT NULL',
    `status ${enumType} NOT NULL DEFAULT ${q(enumDefault)}`,
    'amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0)',
    'quantity integer CHECK (quantity BETWEEN 0 AND 100000)',
    "payload jsonb NOT NULL DEFAULT '{}'",
    'created_at timestamptz NOT NULL DEFAULT now()',
    'updated_at timestamptz',
  );
  const constraints = [
    `CONSTRAINT ${name}_tenant_id_key UNIQUE (tenant_id, id)`,
    `CONSTRAINT ${name}_code_check CHECK (char_length(code) <= 32)`,
  ];
  if (i > 1 && rnd() < 0.25) {
    constraints.push(`CONSTRAINT ${name}_ref_b_fkey FOREIGN KEY (tenant_id, ref_b_id) REFERENCES ${ref(earlier())} (tenant_id, id)`);
    fkCount.n++;
  }
  const out = [`CREATE TABLE ${id} (\n  ${[...cols, ...constraints].join(',\n  ')}\n);`];
  out.push(`COMMENT ON TABLE ${id} IS ${q(`${name.replace(/_\d+$/, '').replace(/_/g, ' ')} records of the ${schema} domain (#${i}).`)};`);
  if (rnd() < 0.5) out.push(`COMMENT ON COLUMN ${id}.code IS 'Short code, unique per tenant by convention.';`);
  if (rnd() < 0.3) out.push(`COMMENT ON COLUMN ${id}.status IS 'Lifecycle state.';`);
  if (hasRefA && rnd() < 0.6) out.push(`CREATE INDEX ${name}_ref_a_id_idx ON ${id} (ref_a_id);`);
  if (rnd() < 0.5) out.push(`CREATE INDEX ${name}_recent_idx ON ${id} (tenant_id, created_at DESC) WHERE status <> 'archived';`);
  if (rnd() < 0.4) out.push(`CREATE INDEX ${name}_lower_name_idx ON ${id} (lower(name));`);
  if (rnd() < 0.1) out.push(`CREATE INDEX ${name}_payload_idx ON ${id} USING gin (payload);`);
  if (rnd() < 0.3) {
    out.push(
      `ALTER TABLE ${id} ENABLE ROW LEVEL SECURITY;`,
      `CREATE POLICY ${name}_tenant_isolation ON ${id} USING (tenant_id = core.current_tenant());`,
    );
    if (rnd() < 0.5) {
      out.push(`CREATE POLICY ${name}_tenant_insert ON ${id} FOR INSERT WITH CHECK (tenant_id = core.current_tenant() AND status <> 'archived');`);
    }
  }
  if (rnd() < 0.1) {
    out.push(`CREATE TRIGGER ${name}_touch BEFORE UPDATE ON ${id} FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();`);
    if (rnd() < 0.4) out.push(`CREATE TRIGGER ${name}_audit AFTER INSERT OR UPDATE OR DELETE ON ${id} FOR EACH ROW EXECUTE FUNCTION core.audit_row();`);
  }
  if (rnd() < 0.05) {
    const join = selfRef ? `\n  LEFT JOIN ${id} p ON p.id = t.parent_id` : '';
    const options = rnd() < 0.5 ? ' WITH (security_invoker = true)' : '';
    out.push(
      `CREATE VIEW ${schema}.${name}_active${options} AS\n  SELECT t.id, t.tenant_id, t.code, t.name, t.status, t.amount${join ? ', p.name AS parent_name' : ''}\n  FROM ${id} t${join}\n  WHERE t.status <> 'archived';`,
    );
  }
  if (rnd() < 0.03) {
    out.push(`CREATE FUNCTION ${schema}.${name}_total(p_tenant bigint) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(amount), 0) FROM ${id} WHERE tenant_id = p_tenant
$$;`);
  }
  return { sql: out.join('\n'), fks: fkCount.n };
}

/**
 * The whole schema as files: a header (schemas, enums, shared functions, the tenant root), the tables in groups of
 * `perFile`, and a last file that adds forward references (cycles).
 */
export function synthSchema({ tables: n, seed = 1, perFile = 250 }) {
  const rnd = random(seed * 1_000_003 + n);
  const plan = { forward: [] };
  const files = [{ name: `${pad(0, 1000)}_core.sql`, sql: header() }];
  let fks = 0;
  let chunk = [];
  const flush = () => {
    if (chunk.length === 0) return;
    files.push({ name: `${pad(files.length, 1000)}_tables.sql`, sql: chunk.join('\n\n') });
    chunk = [];
  };
  for (let i = 0; i < n; i++) {
    const t = tableSql(i, n, rnd, plan);
    fks += t.fks;
    chunk.push(t.sql);
    if (chunk.length === perFile) flush();
  }
  flush();
  const forward = [];
  for (const f of plan.forward) {
    if (f.i + 1 >= n) continue;
    const target = tableName(f.i + 1 + Math.floor(rnd() * Math.min(60, n - f.i - 1)), n);
    forward.push(`ALTER TABLE ${f.from} ADD CONSTRAINT ${f.name}_ref_a_fkey FOREIGN KEY (${f.column}) REFERENCES ${target.schema}.${target.name} (id) DEFERRABLE INITIALLY DEFERRED;`);
  }
  if (forward.length) files.push({ name: `${pad(files.length, 1000)}_forward_keys.sql`, sql: forward.join('\n') });
  fks += forward.length;
  // +2: core.tenants and core.audit_log
  return { files, stats: { tables: n + 2, foreignKeys: fks + 1, forwardKeys: forward.length } };
}

/** Writes the schema as one SQL file and/or a folder of migrations (plain layout, applied in name order). */
export function writeSchema(schema, { out, migrations }) {
  if (out) writeFileSync(out, schema.files.map((f) => `-- ${f.name}\n${f.sql}\n`).join('\n'));
  if (migrations) {
    mkdirSync(migrations, { recursive: true });
    for (const f of schema.files) writeFileSync(join(migrations, f.name), `${f.sql}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      tables: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      migrations: { type: 'string' },
      'per-file': { type: 'string', default: '250' },
    },
  });
  const schema = synthSchema({ tables: Number(values.tables), seed: Number(values.seed), perFile: Number(values['per-file']) });
  if (!values.out && !values.migrations) process.stdout.write(schema.files.map((f) => `-- ${f.name}\n${f.sql}\n`).join('\n'));
  else writeSchema(schema, values);
  process.stderr.write(`${schema.stats.tables} tables, ${schema.stats.foreignKeys} foreign keys (${schema.stats.forwardKeys} forward), ${schema.files.length} files\n`);
}
