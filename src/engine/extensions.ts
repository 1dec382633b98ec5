/**
 * The extensions PGlite ships as loadable modules, by the name `CREATE EXTENSION` uses. Each is loaded only
 * when a migration asks for it (loading costs time and memory).
 */
import type { Extension } from '@electric-sql/pglite';

type Loader = () => Promise<Extension>;

const contrib = (module: string, exportName = module): Loader => async () => {
  const mod = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
  const ext = mod[exportName];
  if (!ext) throw new Error(`PGlite module ${module} has no export ${exportName}`);
  return ext;
};

const LOADERS: Record<string, Loader> = {
  amcheck: contrib('amcheck'),
  bloom: contrib('bloom'),
  btree_gin: contrib('btree_gin'),
  btree_gist: contrib('btree_gist'),
  citext: contrib('citext'),
  cube: contrib('cube'),
  dict_int: contrib('dict_int'),
  dict_xsyn: contrib('dict_xsyn'),
  earthdistance: contrib('earthdistance'),
  file_fdw: contrib('file_fdw'),
  fuzzystrmatch: contrib('fuzzystrmatch'),
  hstore: contrib('hstore'),
  intarray: contrib('intarray'),
  isn: contrib('isn'),
  lo: contrib('lo'),
  ltree: contrib('ltree'),
  moddatetime: contrib('moddatetime'),
  pageinspect: contrib('pageinspect'),
  pg_buffercache: contrib('pg_buffercache'),
  pg_freespacemap: contrib('pg_freespacemap'),
  pg_stat_statements: contrib('pg_stat_statements'),
  pg_surgery: contrib('pg_surgery'),
  pg_trgm: contrib('pg_trgm'),
  pg_visibility: contrib('pg_visibility'),
  pg_walinspect: contrib('pg_walinspect'),
  pgcrypto: contrib('pgcrypto'),
  seg: contrib('seg'),
  tablefunc: contrib('tablefunc'),
  tcn: contrib('tcn'),
  tsm_system_rows: contrib('tsm_system_rows'),
  tsm_system_time: contrib('tsm_system_time'),
  unaccent: contrib('unaccent'),
  'uuid-ossp': contrib('uuid_ossp'),
};

/** Extensions that exist in every PostgreSQL build and need no module. */
const BUILT_IN = new Set(['plpgsql']);

export function pgliteShips(name: string): boolean {
  return BUILT_IN.has(name) || name in LOADERS;
}

export async function loadPgliteExtensions(names: Iterable<string>): Promise<Record<string, Extension>> {
  const out: Record<string, Extension> = {};
  for (const name of [...new Set(names)].sort()) {
    const load = LOADERS[name];
    if (load) out[name.replace(/-/g, '_')] = await load();
  }
  return out;
}
