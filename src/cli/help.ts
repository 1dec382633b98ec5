/** The top-level help text. */
import { LAYOUTS } from '../source/types.js';
import { VERSION } from './common.js';

export const HELP = `schemaproof ${VERSION} — a PostgreSQL schema's docs, lint and proofs, from the real schema

Usage:
  schemaproof inspect [source...] [--json]   read a schema; print a summary, or the whole model as JSON
  schemaproof sources [source...]            list the migration files in the order they will be applied
  schemaproof doc [source...] -o DIR         write the schema's documents (Markdown, Mermaid, schema.json) to DIR
  schemaproof lint [source...]               check the schema against the rules; exit 1 on findings at --fail-on
  schemaproof rules [--json]                 list the lint rules
  schemaproof verify [source...]             prove tenant isolation and state transitions in a sandbox; exit 1 on a
                                             leak or a transition that contradicts the config
  schemaproof diff <from> <to>               compare two schemas, each change classified breaking, security or safe;
                                             Markdown or JSON; exit 1 on --fail-on breaking|security (diff --help)
  schemaproof squash [source...] [-o FILE]   the schema as one DDL script, proven by a round trip in a sandbox;
                                             exit 1 unless the rebuilt schema is identical (squash --help)
  schemaproof erd [source...]                one ER diagram as SVG, DOT or Mermaid: the whole schema, a --domain, or
                                             the neighbourhood of a --focus table (erd --help)
  schemaproof check-docs <source> <docs...>  check what hand-written Markdown says about the schema: each claim
                                             true, false or unverifiable; exit 1 on a false one (check-docs --help)

Sources:
  a migrations folder   supabase, prisma, drizzle, flyway, golang-migrate, dbmate or plain *.sql (detected)
  .sql files            one dump (pg_dump plain format works) or several, applied in the order given
  schema.json           a model written earlier by inspect --json
  postgres://…          a live database, read in one read-only transaction (never written to)
  (nothing, or -)       DATABASE_URL, else libpq's PGHOST/PGDATABASE/PGUSER/PGPORT

Options:
  --json                 inspect: print the whole model (schemaproof/model@1) instead of the summary;
                         doc: print schema.json (the model with its analysis) instead of writing a folder
  --layout NAME          force a layout: ${LAYOUTS.join(', ')}
  --include-data         also apply seed/data files (seed.sql, …)
  --order-file FILE      apply the files listed in FILE (one per line), in that order
  --engine URL           apply files on this PostgreSQL server, in a scratch database that is dropped after
                         (default: embedded PGlite, no server needed)
  --platform NAME        platform shim: supabase or none (default: detected from the migrations)
  -o, --output DIR       doc: the folder to write (replaced as a whole; only a new, empty or generated one)
  --config FILE          doc, lint, verify: schemaproof.config.yaml (default: found in the current folder, else the
                         source folder)
  --verify               doc: also run the proofs (verify.md, and a "Proofs" area in audit.md)
  --html                 doc: also write the HTML site (index.html opens from disk; no server, no network)
  --single-file          doc --html: the whole site in one index.html
  --format F             lint: text (default), json, sarif, junit or github (workflow annotations);
                         verify: text (default), markdown, json, sarif or junit
  --only WHAT            verify: rls or states (default: both)
  --fail-on LEVEL        lint: exit 1 when a finding is at least error (default), warning or info; none: never
  --baseline FILE        lint: report and fail only on findings not in FILE
  --write-baseline FILE  lint: record the current findings in FILE (and exit 0)
  -q, --quiet            no warnings and no progress line on stderr
  --verbose              each step's own time on stderr as it ends (reading, applying, analysing, rendering…)
  -h, --help             this help
  --version              the version

Exit codes: 0 ok, 1 lint findings at --fail-on, 2 bad input (file:line:col and the Postgres message on stderr),
3 internal error.
`;
