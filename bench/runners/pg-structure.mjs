#!/usr/bin/env node
// Reads a database with pg-structure (the npm introspector), as a user would: every non-system schema, then touches
// the result (counts tables and columns) so that lazy work is done. Usage: node pg-structure.mjs postgres://…
import pgStructureModule from 'pg-structure';

// A CommonJS module whose function is its `default` export.
const pgStructure = pgStructureModule.default;

const url = process.argv[2];
const db = await pgStructure({ connectionString: url }, { excludeSchemas: ['information_schema'] });
let tables = 0;
let columns = 0;
let foreignKeys = 0;
for (const schema of db.schemas) {
  for (const table of schema.tables) {
    tables++;
    columns += table.columns.length;
    foreignKeys += table.foreignKeys.length;
  }
}
process.stdout.write(`${JSON.stringify({ tables, columns, foreignKeys })}\n`);
