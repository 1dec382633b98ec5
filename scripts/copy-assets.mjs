// Copies the non-TypeScript files the build needs next to the compiled modules (catalog SQL, platform shims).
import { cpSync } from 'node:fs';
cpSync('src/introspect/sql', 'dist/introspect/sql', { recursive: true });
cpSync('src/source/platform', 'dist/source/platform', { recursive: true });
