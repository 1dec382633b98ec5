/**
 * Reads a hand-written Markdown document into blocks check-docs can take claims from: headings (the context of what
 * follows: "### Level 3 Tables", "### ✅ Recipients Table"), tables (header and rows), list items, paragraph lines
 * and fenced code blocks, each with its 1-based line. Not a full CommonMark parser: documents about schemas use a
 * small part of Markdown, and every block must keep its exact line.
 *
 * Text is repaired first: UTF-8 that was decoded as Windows-1252 (or Latin-1) and encoded again shows `âœ…` for ✅
 * and `ðŸŸ¢` for 🟢; such sequences are turned back into the characters they were (see `repairMojibake`).
 */

export type Block =
  | { kind: 'heading'; line: number; level: number; text: string; raw: string; context: string[] }
  | { kind: 'table'; line: number; header: string[]; rows: { line: number; cells: string[]; raw: string }[]; context: string[] }
  | { kind: 'list-item'; line: number; depth: number; ordered: boolean; text: string; raw: string; context: string[] }
  | { kind: 'paragraph'; line: number; text: string; raw: string; context: string[] }
  | { kind: 'code'; line: number; lang: string; lines: { line: number; text: string }[]; context: string[] };

export interface MarkdownDocument {
  file: string;
  /** The document's lines, repaired. */
  lines: string[];
  /** The lines as they are in the file (they differ from `lines` where mojibake was repaired). */
  rawLines: string[];
  blocks: Block[];
  /** 1-based lines where mojibake was repaired. */
  repairedLines: number[];
}

// ---------------------------------------------------------------------------------------------------------------
// Mojibake

/** The Windows-1252 characters of bytes 0x80–0x9F (the five undefined bytes map to their C1 control, as Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) BYTE_OF.set(String.fromCharCode(b), b);
[...CP1252_HIGH].forEach((ch, i) => BYTE_OF.set(ch, 0x80 + i));

const decoder = new TextDecoder('utf-8', { fatal: true });

/** How many continuation bytes a UTF-8 lead byte announces (0: not a multi-byte lead). */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

/**
 * Turns double-encoded UTF-8 back into what it was: a run of characters whose Windows-1252 bytes form one valid
 * multi-byte UTF-8 sequence (`â` `œ` `…` = E2 9C 85) is replaced by the character it encodes (✅). Text that was
 * never mis-decoded is left alone: a lead character must be followed by exactly the continuation characters its
 * byte announces, and the bytes must decode. Repeated (at most three times) for text that was mangled twice.
 */
export function repairMojibake(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const chars = [...current];
    let out = '';
    let changed = false;
    for (let i = 0; i < chars.length; i++) {
      const lead = BYTE_OF.get(chars[i]!);
      const n = lead === undefined ? 0 : continuationCount(lead);
      if (n > 0 && i + n < chars.length) {
        const bytes = [lead!];
        for (let k = 1; k <= n; k++) {
          const b = BYTE_OF.get(chars[i + k]!);
          if (b === undefined || b < 0x80 || b > 0xbf) break;
          bytes.push(b);
        }
        if (bytes.length === n + 1) {
          try {
            out += decoder.decode(Uint8Array.from(bytes));
            i += n;
            changed = true;
            continue;
          } catch {
            // not UTF-8 after all: keep the characters
          }
        }
      }
      out += chars[i];
    }
    current = out;
    if (!changed) break;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------------------------
// Inline text

const YES_MARKS = /[✅✓✔☑]/u;
const NO_MARKS = /[❌✗✘✖]/u;

/** The check mark a piece of text carries: `yes` (✅ ✓ ✔), `no` (❌ ✗ ✘), or null. */
export function markOf(text: string): 'yes' | 'no' | null {
  if (NO_MARKS.test(text)) return 'no';
  if (YES_MARKS.test(text)) return 'yes';
  return null;
}

/** Text without check marks, coloured circles and the variation selectors that follow emoji, trimmed. */
export function stripMarks(text: string): string {
  return text
    .replace(/[✅✓✔☑❌✗✘✖\u{1F7E0}-\u{1F7EB}\u{1F534}-\u{1F535}\u26A0\uFE0F]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text without bold markers, code-span backticks and check marks (the words only). */
export function plain(text: string): string {
  return stripMarks(text.replace(/\*\*|`/g, ''));
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Splits a table row into cell texts (outer pipes dropped, `\|` kept as a pipe inside a cell). */
export function tableCells(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  return body.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
}

/**
 * A cell holding an unescaped `|` ("(claimable → … → concluded | rejected)") is split in two: while a row has more
 * cells than the header, a cell that opens more parentheses than it closes is joined with the next.
 */
function joinSplitCells(cells: string[], width: number): string[] {
  const out = [...cells];
  const depth = (c: string) => (c.match(/\(/g)?.length ?? 0) - (c.match(/\)/g)?.length ?? 0);
  for (let i = 0; i < out.length - 1 && out.length > width; ) {
    if (depth(out[i]!) > 0) out.splice(i, 2, `${out[i]} | ${out[i + 1]}`);
    else i++;
  }
  return out;
}

export function readMarkdown(file: string, text: string): MarkdownDocument {
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: string[] = [];
  const repairedLines: number[] = [];
  rawLines.forEach((raw, i) => {
    const repaired = repairMojibake(raw);
    if (repaired !== raw) repairedLines.push(i + 1);
    lines.push(repaired);
  });

  const blocks: Block[] = [];
  const headings: { level: number; text: string }[] = [];
  const context = () => headings.map((h) => h.text);

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === '') continue;

    const fence = FENCE.exec(raw);
    if (fence) {
      const marker = fence[1]!;
      const body: { line: number; text: string }[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trim().startsWith(marker)) {
        body.push({ line: j + 1, text: lines[j]! });
        j++;
      }
      blocks.push({ kind: 'code', line: lineNo, lang: (fence[2] ?? '').toLowerCase(), lines: body, context: context() });
      i = j;
      continue;
    }

    const heading = HEADING.exec(raw);
    if (heading) {
      const level = heading[1]!.length;
      const headingText = plain(heading[2]!);
      while (headings.length && headings[headings.length - 1]!.level >= level) headings.pop();
      blocks.push({ kind: 'heading', line: lineNo, level, text: headingText, raw, context: context() });
      headings.push({ level, text: headingText });
      continue;
    }

    if (RULE.test(raw)) continue;

    if (raw.trim().startsWith('|') && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1]!)) {
      const header = tableCells(raw).map(plain);
      const rows: { line: number; cells: string[]; raw: string }[] = [];
      let j = i + 2;
      while (j < lines.length && lines[j]!.trim().startsWith('|')) {
        const cells = joinSplitCells(tableCells(lines[j]!), header.length);
        // Any other surplus (a `|` outside parentheses) goes into the last column.
        if (cells.length > header.length && header.length > 0) {
          const extra = cells.splice(header.length - 1);
          cells.push(extra.join(' | '));
        }
        rows.push({ line: j + 1, cells, raw: lines[j]! });
        j++;
      }
      blocks.push({ kind: 'table', line: lineNo, header, rows, context: context() });
      i = j - 1;
      continue;
    }

    const item = LIST_ITEM.exec(raw);
    if (item) {
      blocks.push({
        kind: 'list-item',
        line: lineNo,
        depth: Math.floor(item[1]!.replace(/\t/g, '    ').length / 2),
        ordered: /\d/.test(item[2]!),
        text: item[3]!,
        raw,
        context: context(),
      });
      continue;
    }

    blocks.push({ kind: 'paragraph', line: lineNo, text: raw.trim(), raw, context: context() });
  }
  return { file, lines, rawLines, blocks, repairedLines };
}
