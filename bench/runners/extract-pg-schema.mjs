#!/usr/bin/env node
// Reads a database with extract-pg-schema (the npm introspector), every non-system schema, and counts what it read.
// Usage: node extract-pg-schema.mjs postgres://…
import extractPgSchema from 'extract-pg-schema';

const { extractSchemas } = extractPgSchema;
const url = process.argv[2];
const schemas = await extractSchemas({ connectionString: url });
let tables = 0;
let columns = 0;
for (const schema of Object.values(schemas)) {
  tables += schema.tables.length;
  for (const table of schema.tables) columns += table.columns.length;
}
process.stdout.write(`${JSON.stringify({ tables, columns })}\n`);
