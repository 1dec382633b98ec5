/**
 * schemaproof as a library: the same operations the CLI uses.
 *
 *   import { loadSchema } from 'schemaproof';
 *   const model = await loadSchema('supabase/migrations');
 */
export { loadSchema, resolveSource, urlFromEnvironment, type LoadOptions, type Platform, type ProgressEvent, type ResolvedSource } from './source/load.js';
export { discoverMigrations, discoverExplicit } from './source/discover.js';
export { LAYOUTS, type Discovery, type Layout, type MigrationFile } from './source/types.js';
export { introspect, CATALOG_QUERY_COUNT } from './introspect/index.js';
export { PgliteEngine } from './engine/pglite.js';
export { PostgresEngine, maskUrl } from './engine/postgres.js';
export type { Engine } from './engine/types.js';
export { modelFromJson, modelToJson } from './model/json.js';
export * from './model/types.js';
export { SchemaproofError, type Warning, type SourceLocation } from './errors.js';
export { analyze } from './analyze/index.js';
export * from './analyze/types.js';
export { renderDocuments, schemaJson, ALL_DOCUMENTS, type DocumentName } from './render/index.js';
export { filterSchemas, type SchemaFilter } from './model/filter.js';
export { openSandbox, type Sandbox } from './source/load.js';
export { verify, type VerifyOptions } from './verify/index.js';
export * from './verify/types.js';
export { diffModels } from './diff/index.js';
export * from './diff/types.js';
export { squash, squashModel, openSandboxFromModel } from './squash/index.js';
export { renderErdSvgFiles, renderErdDotFiles } from './diagram/index.js';
export { checkDocs, renderCheckDocs } from './check-docs/index.js';
