/**
 * Markdown building blocks shared by every document. Everything that comes from the schema (names, comments,
 * types, expressions) passes through one of these, so that a table called `a|b` or a comment holding `<script>`
 * cannot break a page: table cells escape `|` and newlines, text escapes HTML and Markdown punctuation, code spans
 * pick a fence longer than any backtick run inside.
 */

/**
 * Escapes text for Markdown prose and table cells, keeping the source readable: `<` (HTML), `&` only where it would
 * start an entity, `\\`, backticks, `*`, `[`, `]`, `|`, `~`, a leading `#` / `>`, and `_` only where it can open or
 * close emphasis (GitHub leaves `snake_case` alone); newlines become spaces.
 */
export function text(value: string): string {
  return value
    .replace(/\r?\n/g, ' ')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/([\\`*[\]|~])/g, '\\$1')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/^([#>])/, '\\$1');
}

/** An inline code span: `value`, with a fence that cannot be closed by the value; pipes escaped for table cells. */
export function code(value: string): string {
  const oneLine = value.replace(/\r?\n\s*/g, ' ');
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || /^\s|\s$/.test(oneLine) ? ' ' : '';
  // Inside a table a `|` ends the cell even in a code span (GitHub): escape it there too.
  return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function block(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}

/** A GitHub-style heading anchor for a heading text (lower-case, punctuation dropped, spaces to hyphens). */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** A link whose label is escaped text and whose target has spaces and parentheses encoded. */
export function link(label: string, target: string): string {
  return `[${text(label)}](${target.replace(/[ ()<>]/g, (c) => encodeURIComponent(c))})`;
}

/**
 * A Markdown table. Cells are inserted as given: pass them through `text()` / `code()` / `link()` first.
 * An empty cell is written as `-` so that columns stay readable.
 */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? '-' : c)).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A bullet list; items are inserted as given. */
export function list(items: string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

/** Joins document parts with one blank line between them, dropping empty parts, ending with a newline. */
export function doc(...parts: (string | null | undefined | false)[]): string {
  return `${parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n')}\n`;
}

/** "1 table", "3 tables". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Names shown to readers: `users` for `public.users` unless another schema also has a `users`; `schema.name` otherwise.
 * Ids are never split on dots (a quoted name can hold one): the schema comes from the id's known prefix.
 */
export function namer(objects: { id: string; schema: string; name: string }[]): (id: string) => string {
  const count = new Map<string, number>();
  for (const o of objects) count.set(o.name, (count.get(o.name) ?? 0) + 1);
  const short = new Map<string, string>();
  for (const o of objects) short.set(o.id, o.schema === 'public' && count.get(o.name) === 1 ? o.name : o.id);
  return (id) => short.get(id) ?? id;
}

const utf8 = new TextEncoder();

/**
 * The file name of a table's page under `tables/`. Ids can hold any character, so the name keeps `[A-Za-z0-9._-]`
 * and writes every other character as its UTF-8 bytes, each `~` + two lowercase hex digits (`a|b` → `a~7cb`,
 * `é` → `~c3~a9`, `~` itself → `~7e`). No `%`: GitHub and browsers URL-decode a link target, so a `%7c` in the
 * file name would be looked up as `|`; `~` is unreserved in URLs and left alone, so the link string is the file
 * name. Fixed-width escapes make the mapping one-to-one (two ids never share a page).
 */
export function tablePageName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/gu, (c) =>
    [...utf8.encode(c)].map((b) => `~${b.toString(16).padStart(2, '0')}`).join(''),
  );
  return `${safe}.md`;
}
