/**
 * Baselines: the fingerprints of the findings a team has accepted for now (`--write-baseline FILE`), so that
 * `--baseline FILE` reports and fails only on new ones. The file is JSON, sorted, one finding per entry with its
 * rule and object beside the fingerprint so that a reviewer can read what was accepted.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { SchemaproofError } from '../errors.js';
import type { Finding } from '../lint/types.js';

export const BASELINE_FORMAT = 'schemaproof/baseline@1';

interface BaselineFile {
  format: typeof BASELINE_FORMAT;
  findings: { fingerprint: string; rule: string; object: string }[];
}

export function baselineJson(findings: Finding[]): string {
  const entries = findings
    .map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, object: f.object }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const file: BaselineFile = { format: BASELINE_FORMAT, findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export async function writeBaseline(path: string, findings: Finding[]): Promise<void> {
  try {
    await writeFile(path, baselineJson(findings));
  } catch (error) {
    throw new SchemaproofError(`cannot write baseline ${path}: ${(error as Error).message}`);
  }
}

export async function readBaseline(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SchemaproofError(`cannot read baseline ${path}: ${(error as Error).message}`, {
      hint: 'write one with `schemaproof lint <source> --write-baseline FILE`',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SchemaproofError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const file = value as Partial<BaselineFile>;
  if (file?.format !== BASELINE_FORMAT || !Array.isArray(file.findings)) {
    throw new SchemaproofError(`${path}: not a schemaproof baseline (expected "format": "${BASELINE_FORMAT}")`);
  }
  return new Set(file.findings.map((f) => f.fingerprint));
}
