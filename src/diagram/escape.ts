/**
 * Escaping for the three places schema text reaches a diagram: Graphviz HTML-like labels (`<B>orders</B>`), XML
 * attribute values and text in the SVG (`data-table="…"`, `<title>…</title>`), and names that become ids (`id="…"`,
 * DOT node names, file names). Any identifier or comment can hold `<`, `&`, quotes or newlines — a schema built to
 * attack the report holds exactly that — so nothing from the schema is written anywhere without going through here.
 */
import { tablePageName } from '../render/markdown.js';

/**
 * Characters XML forbids outright (C0 controls other than tab/newline, U+FFFE/U+FFFF) or that would break a one-line
 * label (tab, newline, other separators): all become one space. Lone surrogates become U+FFFD.
 */
function plainLine(value: string): string {
  return value
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Text for an XML attribute value or text node, and for inside a Graphviz HTML-like label (which Graphviz parses as
 * XML and writes back out escaped): one line, `& < > " '` escaped.
 */
export function xmlText(value: string): string {
  return plainLine(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `value` cut to `max` characters (code points), with `…` when cut. */
export function truncate(value: string, max: number): string {
  const chars = [...plainLine(value)];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * An id-safe form of any name: `[A-Za-z0-9._-]` kept, every other character written as its UTF-8 bytes (`~` + two hex
 * digits) — the same one-to-one encoding as the table pages' file names (`public.orders` → `public.orders`,
 * `a"b` → `a~22b`). Safe inside a DOT quoted string, an XML attribute, a file name and a URL.
 */
export function safeName(id: string): string {
  return tablePageName(id).slice(0, -'.md'.length);
}
