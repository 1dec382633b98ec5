/**
 * Graphviz's SVG made fit to ship: deterministic, offline, annotated and inert. Pure: (svg, dot diagram) → svg.
 *
 *   - The XML prolog, DOCTYPE (it names an external DTD) and every comment (Graphviz writes its version and the node
 *     names there) are removed, so the file starts with `<svg` and can be inlined in HTML as it is. Graphviz's output
 *     is otherwise a function of its input, so the same DOT gives the same bytes.
 *   - Fonts: every `font-family` becomes one stack of fonts that systems have, `Verdana,DejaVu Sans,…,sans-serif`.
 *     Graphviz measured the text with Verdana's metrics, the widest of them, so in any font of the stack the text
 *     fits its box (DejaVu Sans, the usual Linux font, is about as wide; Helvetica and Arial are narrower). No web
 *     font, nothing to fetch.
 *   - Each table node carries `id="table-<safe id>"` and `data-table="public.orders"` (plus `data-role`: table,
 *     focus or context, and `data-domain`); each edge `data-cardinality`, `data-from`, `data-to`, `data-parent` and
 *     `data-child` (what each crow's-foot end means) and `data-foreign-key` or `data-via`; domain boxes `data-domain`
 *     and `data-diagrams`. `<title>` texts are the readable names, escaped. There is no `<a>`: the HTML site attaches
 *     its own click handlers to `[data-table]`.
 *   - `assertInertSvg()` then checks the result: only drawing elements, no event-handler, `href` or `style`
 *     attribute, no entity or CDATA section — so whatever a schema's names hold, the SVG can only draw text.
 */
import type { DotDiagram } from './dot.js';
import { xmlText } from './escape.js';

export const FONT_STACK = 'Verdana,DejaVu Sans,Bitstream Vera Sans,Geneva,Tahoma,Helvetica,Arial,sans-serif';

const ALLOWED_ELEMENTS = new Set(['svg', 'g', 'title', 'polygon', 'polyline', 'path', 'ellipse', 'text']);
const ALLOWED_ATTRIBUTES = new Set([
  'width', 'height', 'viewBox', 'xmlns', 'class', 'id', 'transform', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray',
  'points', 'd', 'cx', 'cy', 'rx', 'ry', 'x', 'y', 'text-anchor', 'font-family', 'font-size', 'font-weight', 'font-style',
  'xml:space', 'fill-opacity', 'stroke-opacity', 'role', 'aria-label',
]);

function decodeId(raw: string): string {
  return raw.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)));
}

function dataAttributes(data: Record<string, string>): string {
  return Object.keys(data)
    .sort()
    .map((k) => ` data-${k}="${xmlText(data[k]!)}"`)
    .join('');
}

/** The shipped SVG of a laid-out diagram (see the header). Throws when Graphviz's output is not what it expects. */
export function finishSvg(raw: string, diagram: DotDiagram): string {
  const start = raw.indexOf('<svg');
  if (start < 0) throw new Error('Graphviz returned no <svg> element');
  let svg = raw.slice(start).replace(/<!--[\s\S]*?-->\n?/g, '');

  svg = svg.replace(/^<svg\b([^>]*)>/, (_, attrs: string) => {
    const keep = [...attrs.matchAll(/\s(width|height|viewBox)="([^"]*)"/g)].map((m) => ` ${m[1]}="${m[2]}"`).join('');
    return `<svg xmlns="http://www.w3.org/2000/svg"${keep} class="schemaproof-erd" role="img" aria-label="${xmlText(diagram.title)}"${dataAttributes({ diagram: diagram.key })}>`;
  });
  svg = svg.replace(/(<g id="graph0" class="graph"[^>]*>\n<title>)[^<]*(<\/title>)/, (_, open: string, close: string) => `${open}${xmlText(diagram.title)}${close}`);

  const seen = new Set<string>();
  svg = svg.replace(/<g id="([^"]*)" class="(node|edge)">\n<title>[^<]*<\/title>/g, (_, rawId: string, kind: string) => {
    const id = decodeId(rawId);
    const note = diagram.annotations.get(id);
    if (!note) throw new Error(`Graphviz wrote an unknown ${kind} id: ${id}`);
    seen.add(id);
    return `<g id="${xmlText(id)}" class="${kind}"${dataAttributes(note.data)}>\n<title>${xmlText(note.title)}</title>`;
  });
  const missing = [...diagram.annotations.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`Graphviz dropped ${missing.length} nodes or edges (first: ${missing[0]})`);

  svg = svg.replace(/ font-family="[^"]*"/g, ` font-family="${FONT_STACK}"`);
  svg = `${svg.trimEnd()}\n`;
  assertInertSvg(svg);
  return svg;
}

/**
 * Throws unless the SVG holds only drawing elements (`svg`, `g`, `title`, shapes, `text`) with known presentation
 * attributes and `data-*`: no script, link, foreign object, event handler, `href`, `style`, entity declaration or
 * CDATA — whatever text it carries is inert.
 */
export function assertInertSvg(svg: string): void {
  if (/<!|<\?/.test(svg)) throw new Error('SVG holds a declaration, comment or processing instruction');
  for (const m of svg.matchAll(TAG)) {
    const name = m[2]!;
    if (!ALLOWED_ELEMENTS.has(name)) throw new Error(`SVG holds a <${name}> element`);
    if (m[1] === '/') continue;
    // The attributes one after the other (a sticky match from where the last ended), then nothing but `/`.
    const attrs = m[3]!;
    ATTRIBUTE.lastIndex = 0;
    let end = 0;
    for (let a = ATTRIBUTE.exec(attrs); a !== null; a = ATTRIBUTE.exec(attrs)) {
      const attr = a[1]!;
      if (!ALLOWED_ATTRIBUTES.has(attr) && !/^data-[a-z][a-z-]*$/.test(attr)) throw new Error(`SVG holds a ${attr}= attribute on <${name}>`);
      end = ATTRIBUTE.lastIndex;
    }
    const rest = attrs.slice(end).trim();
    if (rest !== '' && rest !== '/') throw new Error(`SVG tag <${name}> has unexpected content: ${rest.slice(0, 40)}`);
  }
}

const TAG = /<(\/?)([^\s/>]+)([^>]*)>/g;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)="[^"<]*"/y;
