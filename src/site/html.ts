/**
 * The only ways schema text reaches the HTML site: `esc()` for text and attribute values, `jsonScript()` for data
 * a script reads. Every identifier, comment, default, expression and function body can hold `<script>`, quotes or
 * `javascript:` — so no page builds markup from schema text any other way, and no data is ever written into
 * JavaScript source (data goes into `<script type="application/json">` or a data file of JSON, read with JSON.parse).
 */

/** Text or a double-quoted attribute value: `& < > " '` escaped; control characters (other than tab/newline) dropped. */
export function esc(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside any HTML context and as a JavaScript literal: `<`, `>`, `&` and the line separators
 * U+2028/U+2029 become `\u` escapes, so `</script>` or `<!--` in a comment cannot end or change the element.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A data island: `<script type="application/json" id="…">` (never executed; read with JSON.parse). */
export function jsonScript(id: string, value: unknown, className = ''): string {
  return `<script type="application/json"${id ? ` id="${esc(id)}"` : ''}${className ? ` class="${esc(className)}"` : ''}>${safeJson(value)}</script>`;
}

/** A `<pre><code>` block of SQL or other source text. */
export function pre(value: string): string {
  return `<pre><code>${esc(value)}</code></pre>`;
}

/** `<code>` inline. */
export function code(value: string): string {
  return `<code>${esc(value)}</code>`;
}

/** An HTML table; cells are already HTML (built with the helpers above). */
export function htmlTable(header: string[], rows: string[][], attrs = ''): string {
  if (rows.length === 0) return '<p class="empty">None.</p>';
  const head = `<thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${attrs}>${head}<tbody>\n${body}\n</tbody></table>`;
}

/** A safe fragment id for a column or object name (`col-` + the name in the page-name alphabet). */
export function fragment(prefix: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/gu, (c) =>
    [...new TextEncoder().encode(c)].map((b) => `~${b.toString(16).padStart(2, '0')}`).join(''),
  );
  return `${prefix}-${safe}`;
}
