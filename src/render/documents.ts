/** The documents `schemaproof doc` can write (the config's `documents` key names them); no renderer is loaded here. */
export type DocumentName = 'readme' | 'dependency-graph' | 'relationships' | 'overview' | 'design' | 'audit' | 'tables' | 'erd' | 'schema';

export const ALL_DOCUMENTS: readonly DocumentName[] = [
  'readme', 'dependency-graph', 'relationships', 'overview', 'design', 'audit', 'tables', 'erd', 'schema',
];
