/** The model's JSON form: written with a fixed layout, read back with a format check. */
import { SchemaproofError } from '../errors.js';
import { MODEL_FORMAT, type SchemaModel } from './types.js';

export function modelToJson(model: SchemaModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/** The model arrays every `schemaproof/model@1` document has. */
export const MODEL_ARRAYS = [
  'schemas', 'extensions', 'tables', 'constraints', 'foreignKeys', 'indexes', 'views', 'functions', 'triggers',
  'policies', 'enums', 'domains', 'compositeTypes', 'sequences', 'grants', 'roles', 'publications',
] as const satisfies readonly (keyof SchemaModel)[];

export function isModelJson(value: unknown): value is { format: string } {
  return typeof value === 'object' && value !== null && typeof (value as { format?: unknown }).format === 'string'
    && (value as { format: string }).format.startsWith('schemaproof/model@');
}

/** Parses a `schema.json` written by `--json`. `file` is only used in error messages. */
export function modelFromJson(text: string, file: string): SchemaModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SchemaproofError(`${file}: not valid JSON (${(error as Error).message})`, {
      hint: 'a snapshot is the output of `schemaproof inspect <source> --json`',
    });
  }
  if (!isModelJson(value)) {
    throw new SchemaproofError(`${file}: not a schemaproof model (no "format": "${MODEL_FORMAT}")`, {
      hint: 'a snapshot is the output of `schemaproof inspect <source> --json`',
    });
  }
  if (value.format !== MODEL_FORMAT) {
    throw new SchemaproofError(`${file}: model format ${value.format} is not supported by this version (expects ${MODEL_FORMAT})`);
  }
  // A schema.json written by `doc` carries the analysis beside the model: the model is read without it.
  const { analysis: _analysis, ...model } = value as SchemaModel & { analysis?: unknown };
  for (const key of MODEL_ARRAYS) {
    if (!Array.isArray(model[key])) throw new SchemaproofError(`${file}: model has no "${key}" array`);
  }
  return model as SchemaModel;
}
