/**
 * An extension installed in the `public` schema. plpgsql is not listed by the model (it lives in pg_catalog). The
 * remediation moves relocatable extensions; those that are not (postgis, for one) must be dropped and re-created
 * WITH SCHEMA, which the comment says — the model does not record relocatability.
 */
import type { Rule } from '../../types.js';
import { exposedSchemas, quoteIdent } from './shared.js';

export const extensionInPublic: Rule = {
  meta: {
    id: 'security/extension-in-public',
    category: 'security',
    severity: 'info',
    description: 'An extension is installed in the public schema.',
    rationale:
      'An extension\'s functions, types and tables land beside the application\'s: they are served by PostgREST when ' +
      'public is exposed (its functions become /rpc endpoints), they crowd the namespace, and on older servers where ' +
      'PUBLIC may CREATE in public they can be shadowed. A dedicated schema keeps them apart.',
    fix: 'CREATE SCHEMA extensions; ALTER EXTENSION … SET SCHEMA extensions (or drop and CREATE EXTENSION … WITH SCHEMA extensions if it is not relocatable).',
    links: [
      'https://supabase.com/docs/guides/database/database-linter?lint=0014_extension_in_public',
      'https://www.postgresql.org/docs/current/sql-alterextension.html',
    ],
  },
  check({ model }) {
    const exposed = exposedSchemas(model).has('public');
    return model.extensions
      .filter((e) => e.schema === 'public')
      .map((e) => ({
        object: e.id,
        message: `extension ${e.name} is installed in schema public${exposed ? ', which PostgREST exposes: its functions are API endpoints' : ''}`,
        remediation:
          `CREATE SCHEMA IF NOT EXISTS extensions;\nALTER EXTENSION ${quoteIdent(e.name)} SET SCHEMA extensions;\n` +
          `-- not relocatable? DROP EXTENSION ${quoteIdent(e.name)}; CREATE EXTENSION ${quoteIdent(e.name)} WITH SCHEMA extensions;`,
      }));
  },
};
