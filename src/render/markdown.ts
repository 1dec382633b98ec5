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
  // One pass instead of one per rule (this runs for nearly every name a document prints). The rules only ever look
  // at characters they leave as they are (letters, digits, `#`, `;`) or turn into strings that start and end with
  // the same kind of character, so matching them all on the original text gives what applying them one by one did.
  const escaped = value.replace(TEXT_SPECIAL, textEscape);
  const first = escaped.charCodeAt(0);
  return first === 0x23 /* # */ || first === 0x3e /* > */ ? `\\${escaped}` : escaped;
}

/** What `text()` escapes: newlines, an entity-starting `&`, `<`, Markdown punctuation, `_` at a word edge. */
const TEXT_SPECIAL = /\r?\n|&(?=#?[A-Za-z0-9]+;)|[<\\`*[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

function textEscape(match: string): string {
  switch (match) {
    case '\n':
    case '\r\n':
      return ' ';
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    default:
      return `\\${match}`;
  }
}

/** Anything that makes an inline code span more than `` `value` ``: a newline, a backtick, a pipe. */
const CODE_SPECIAL = /[\n`|]/;

/** An inline code span: `value`, with a fence that cannot be closed by the value; pipes escaped for table cells. */
export function code(value: string): string {
  // Most values (names, types, short expressions) are one line with no backtick, pipe or space at either end.
  if (!CODE_SPECIAL.test(value) && value.trim() === value) return `\`${value}\``;
  const oneLine = value.replace(/\r?\n\s*/g, ' ');
  const fence = '`'.repeat(longestRun(oneLine, '`') + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || /^\s|\s$/.test(oneLine) ? ' ' : '';
  // Inside a table a `|` ends the cell even in a code span (GitHub): escape it there too.
  return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** The length of the longest run of `char` (one character) in `value`, 0 when there is none. */
function longestRun(value: string, char: string): number {
  let longest = 0;
  for (let at = value.indexOf(char); at >= 0; ) {
    let end = at + 1;
    while (value[end] === char) end++;
    if (end - at > longest) longest = end - at;
    at = value.indexOf(char, end);
  }
  return longest;
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function block(content: string, language = ''): string {
  const fence = '`'.repeat(Math.max(2, longestRun(content, '`')) + 1);
  // Trailing newlines dropped by hand: a regex anchored at the end would still try every newline of a long block.
  let end = content.length;
  while (end > 0 && content.charCodeAt(end - 1) === 0x0a) end--;
  return `${fence}${language}\n${end === content.length ? content : content.slice(0, end)}\n${fence}`;
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
  const kept: string[] = [];
  for (const p of parts) if (typeof p === 'string' && p.length > 0) kept.push(p);
  if (!kept.length) return '\n';
  // The final newline goes on the last (usually short) part: the join then makes the whole document in one copy,
  // where appending it to the joined text would have to copy a long document a second time.
  kept[kept.length - 1] += '\n';
  return kept.join('\n\n');
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
