/**
 * A line diff of two texts (a function body, a view definition) for people: the longest common subsequence of their
 * lines, printed as `-`/`+`/` ` lines in hunks with a few lines of context, the unchanged stretches between hunks
 * shown as `@@ … @@`. Pure; quadratic in the number of lines, so texts beyond a few thousand lines fall back to all
 * of the old text removed and all of the new added.
 */

const CONTEXT = 2;
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function operations(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  }
  // lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i]! });
      i++;
    } else {
      ops.push({ kind: '+', line: b[j]! });
      j++;
    }
  }
  return ops;
}

/** The diff of `a` → `b` as the body of a ```diff block (no fence). Identical texts give the text, unmarked. */
export function lineDiff(a: string, b: string): string {
  const ops = operations(a.replace(/\n$/, '').split('\n'), b.replace(/\n$/, '').split('\n'));
  const near = ops.map(() => false);
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    for (let d = Math.max(0, k - CONTEXT); d <= Math.min(ops.length - 1, k + CONTEXT); d++) near[d] = true;
  });
  const changed = ops.some((o) => o.kind !== ' ');
  const out: string[] = [];
  let skipped = 0;
  ops.forEach((op, k) => {
    if (!near[k] && changed) {
      skipped++;
      return;
    }
    if (skipped) out.push(`@@ ${skipped} unchanged line${skipped === 1 ? '' : 's'} @@`);
    skipped = 0;
    out.push(`${op.kind} ${op.line}`);
  });
  if (skipped) out.push(`@@ ${skipped} unchanged line${skipped === 1 ? '' : 's'} @@`);
  return out.join('\n');
}
