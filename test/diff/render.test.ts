/**
 * The diff's two formats: the Markdown for a pull-request comment (exact text of a small diff with a change in two
 * sections, a hint, inline values and a collapsed line diff; the "no changes" text; escaping of names that could break
 * the Markdown), the line diff behind `<details>`, and the JSON (`schemaproof/diff@1`) against
 * schema/diff.schema.json: it validates, drift is rejected, and the schema's closed sets are exactly the code's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpressionParser } from '../../src/analyze/sql-expr.js';
import { ASPECTS, diffModels, OBJECT_KINDS, type SchemaDiff } from '../../src/diff/index.js';
import { lineDiff, renderDiff, renderDiffJson, renderDiffMarkdown } from '../../src/render/diff/index.js';
import type { SchemaModel } from '../../src/model/types.js';
import { fn, model, policy, table } from '../helpers/model.js';

const root = join(import.meta.dirname, '..', '..');

beforeAll(async () => {
  await loadExpressionParser();
});

const body = (lines: string[]) => `CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$\n${lines.join('\n')}\n$function$\n`;
const BEFORE = ['BEGIN', '  NEW.a := 1;', '  NEW.b := 2;', '  NEW.c := 3;', '  NEW.d := 4;', '  NEW.e := 5;', '  RETURN NEW;', 'END;'];

function sides(): [SchemaModel, SchemaModel] {
  const from = model({
    tables: [table('public.orders', ['id uuid pk', 'email text', 'note text'], { rls: { enabled: true, forced: false } })],
    policies: [policy('public.orders', 'orders_owner', "email = current_setting('app.email')")],
    functions: [fn('public.touch()', { definition: body(BEFORE) })],
  });
  const to = model({
    tables: [table('public.orders', ['id uuid pk', 'mail text', 'note character', 'tag text'], { rls: { enabled: true, forced: false } })],
    functions: [fn('public.touch()', { definition: body(BEFORE.map((l) => l.replace('NEW.d := 4', 'NEW.d := 40'))) })],
  });
  from.source.location = 'main:supabase/migrations';
  to.source.location = 'supabase/migrations';
  return [from, to];
}

describe('renderDiffMarkdown', () => {
  it('prints counts, then Breaking / Security / Safe, a change in both sections marked, a line diff collapsed', () => {
    const [from, to] = sides();
    expect(renderDiffMarkdown(diffModels(from, to))).toBe(`## Schema diff

\`main:supabase/migrations\` → \`supabase/migrations\`

**6 changes**: 4 breaking, 1 security, 2 safe. 1 change is both breaking and security, listed in both sections.

### Breaking (4)

- column \`public.orders.email\`: column dropped: its values are lost and queries that name it fail (\`text\`) — _possibly renamed to mail_
- column \`public.orders.mail\`: new column like a dropped one at the same position: a rename done as a drop and an add loses the values (\`text\`) — _possibly renamed from email_
- column \`public.orders.note\`: type narrowed: text → character fails on values longer than 1 and pads shorter ones
- policy \`public.orders.orders_owner\`: policy dropped: rows only it allowed are no longer visible to PUBLIC; review what replaces it (\`PERMISSIVE FOR ALL TO PUBLIC USING (email = current_setting('app.email'))\`) **(also security)**

### Security (1)

- policy \`public.orders.orders_owner\`: policy dropped: rows only it allowed are no longer visible to PUBLIC; review what replaces it (\`PERMISSIVE FOR ALL TO PUBLIC USING (email = current_setting('app.email'))\`) **(also breaking)**

### Safe (2)

- column \`public.orders.tag\`: new nullable column (\`text\`)
- function \`public.touch()\`: body changed

  <details><summary>diff</summary>

  \`\`\`diff
  @@ 6 unchanged lines @@
      NEW.b := 2;
      NEW.c := 3;
  -   NEW.d := 4;
  +   NEW.d := 40;
      NEW.e := 5;
      RETURN NEW;
  @@ 2 unchanged lines @@
  \`\`\`

  </details>
`);
  });

  it('says when there are no changes', () => {
    const [from] = sides();
    expect(renderDiff(diffModels(from, from), 'markdown')).toBe(
      '## Schema diff\n\n`main:supabase/migrations` → `main:supabase/migrations`\n\nNo changes: both sides have the same schema objects.\n',
    );
  });

  it('escapes names and values that would break the Markdown', () => {
    const from = model({ tables: [table('public.a|b', ['id uuid'])] });
    const to = model({ tables: [table('public.a|b', ['id uuid', { name: '<b>x</b>', type: 'text' }])] });
    expect(renderDiffMarkdown(diffModels(from, to))).toContain('- column `public.a\\|b.<b>x</b>`: new nullable column (`text`)');
  });
});

describe('lineDiff', () => {
  it('marks removed and added lines with context, and folds long unchanged stretches', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n');
    const b = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n');
    expect(lineDiff(a, b)).toBe(['@@ 2 unchanged lines @@', '  3', '  4', '- 5', '+ five', '  6', '  7', '  8', '+ 9'].join('\n'));
  });

  it('shows identical texts unmarked and in full', () => {
    expect(lineDiff('a\nb\n', 'a\nb')).toBe('  a\n  b');
  });
});

describe('schema/diff.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schema', 'diff.schema.json'), 'utf8')) as {
    $id: string;
    $defs: { Kind: { enum: string[] }; Aspect: { enum: string[] } };
  };
  const Ajv = Ajv2020.default;
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validate = ajv.compile(schema);
  const check = (value: unknown) => ({ valid: validate(value) as boolean, errors: ajv.errorsText(validate.errors, { separator: '\n' }) });
  const json = () => JSON.parse(renderDiffJson(diffModels(...sides()))) as SchemaDiff;

  it('is a valid draft 2020-12 schema whose closed sets are the code\'s', () => {
    expect(new Ajv({ strict: true }).validateSchema(schema)).toBe(true);
    expect(schema.$id).toBe('urn:schemaproof:diff@1');
    expect(schema.$defs.Kind.enum).toEqual([...OBJECT_KINDS]);
    expect(schema.$defs.Aspect.enum).toEqual([...ASPECTS]);
  });

  it('validates the JSON, which is the diff with its keys in a fixed order', () => {
    const [from, to] = sides();
    const d = diffModels(from, to);
    const text = renderDiffJson(d);
    expect(JSON.parse(text)).toEqual(d);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text).changes[0])).toEqual(['kind', 'object', 'table', 'change', 'aspect', 'class', 'classes', 'reason', 'from', 'to', 'hint']);
    const { valid, errors } = check(JSON.parse(text));
    expect(valid, errors).toBe(true);
    expect(check(JSON.parse(renderDiffJson(diffModels(from, from)))).valid).toBe(true);
  });

  const drift: [string, (d: SchemaDiff & Record<string, unknown>) => void, string][] = [
    ['an extra top-level key', (d) => { d.extra = 1; }, 'must NOT have additional properties'],
    ['another format', (d) => { (d as { format: string }).format = 'schemaproof/diff@2'; }, 'must be equal to constant'],
    ['an unknown kind', (d) => { (d.changes[0] as { kind: string }).kind = 'rule'; }, 'must be equal to one of the allowed values'],
    ['safe together with breaking', (d) => { d.changes[0]!.classes = ['breaking', 'safe']; }, 'must be equal to one of the allowed values'],
    ['a headline class that is not the first', (d) => { d.changes[0]!.class = 'security'; }, 'must be equal to constant'],
    ['an aspect on an added object', (d) => { d.changes.find((c) => c.change === 'added')!.aspect = 'type'; }, 'must be null'],
    ['a changed object without an aspect', (d) => { d.changes.find((c) => c.change === 'changed')!.aspect = null; }, 'must be string'],
    ['a missing hint', (d) => { delete (d.changes[0] as Partial<SchemaDiff['changes'][0]>).hint; }, "must have required property 'hint'"],
    ['a negative count', (d) => { d.summary.safe = -1; }, 'must be >= 0'],
  ];
  it.each(drift)('rejects %s', (_name, change, message) => {
    const d = json() as SchemaDiff & Record<string, unknown>;
    change(d);
    const { valid, errors } = check(d);
    expect(valid).toBe(false);
    expect(errors).toContain(message);
  });
});
