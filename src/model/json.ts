/** The model's JSON form: written with a fixed layout, read back with a format check. */
import { SchemaproofError } from '../errors.js';
import { MODEL_FORMAT, type SchemaModel } from './types.js';

export function modelToJson(model: SchemaModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * The same text as `${JSON.stringify(value, null, 2)}\n`, in pieces of about a few hundred KB: the members of the
 * objects down to `depth` levels one by one, the elements of their arrays in batches, each piece `JSON.stringify`'s
 * own output re-indented. A writer can write them one by one instead of holding one string of the whole (160 MB for a
 * 10,000-table schema.json, and the same again as UTF-8 bytes).
 */
export function* jsonChunks(value: unknown, depth = 2): Generator<string> {
  yield* chunks(value, '', depth);
  yield '\n';
}

/** Array elements stringified together (one JSON.stringify call, one re-indent): few calls, pieces of modest size. */
const BATCH = 256;

const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
const indented = (text: string, indent: string): string => (indent ? text.replaceAll('\n', `\n${indent}`) : text);

function* chunks(value: unknown, indent: string, depth: number): Generator<string> {
  const container = typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (depth === 0 || !container || (Array.isArray(value) && value.length <= BATCH)) {
    yield indented(JSON.stringify(value, null, 2) ?? 'null', indent);
    return;
  }
  if (Array.isArray(value)) {
    // `[\n  a,\n  b\n]` of a batch, less its brackets, is the batch's elements as they stand inside the array.
    yield '[\n';
    for (let i = 0; i < value.length; i += BATCH) {
      const text = JSON.stringify(value.slice(i, i + BATCH), null, 2);
      yield `${i > 0 ? ',\n' : ''}${indent}${indented(text.slice(2, -2), indent)}`;
    }
    yield `\n${indent}]`;
    return;
  }
  // As JSON.stringify: members whose value is undefined, a function or a symbol are left out.
  const members = Object.entries(value).filter(([, v]) => !skipped(v));
  if (members.length === 0) {
    yield '{}';
    return;
  }
  const inner = `${indent}  `;
  yield '{\n';
  for (let i = 0; i < members.length; i++) {
    const [key, v] = members[i]!;
    yield `${inner}${JSON.stringify(key)}: `;
    yield* chunks(v, inner, depth - 1);
    yield i < members.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
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
