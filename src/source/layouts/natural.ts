/**
 * Natural order for file names: runs of digits compare as numbers (`2_x.sql` before `10_x.sql`),
 * everything else compares by Unicode code point (so it is case-sensitive and locale-free, the same on
 * every machine). Names that only differ in leading zeros (`01` vs `1`) fall back to a plain
 * code-point comparison of the whole name, so the order is total and stable.
 */
export function naturalCompare(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (isDigit(x[i]) && isDigit(y[j])) {
      const runA = digitRun(x, i);
      const runB = digitRun(y, j);
      const byNumber = compareDigitStrings(runA, runB);
      if (byNumber !== 0) return byNumber;
      i += runA.length;
      j += runB.length;
      continue;
    }
    const byChar = codePointCompare(x[i]!, y[j]!);
    if (byChar !== 0) return byChar;
    i++;
    j++;
  }
  const byRest = x.length - i - (y.length - j);
  return byRest !== 0 ? Math.sign(byRest) : codePointCompare(a, b);
}

/** Compares two strings of decimal digits by value, without overflowing on long timestamps. */
export function compareDigitStrings(a: string, b: string): number {
  const p = a.replace(/^0+/, '');
  const q = b.replace(/^0+/, '');
  if (p.length !== q.length) return p.length < q.length ? -1 : 1;
  return codePointCompare(p, q);
}

/** Plain code-point order, which is what the migration tools (Go, Rust) use when they sort names. */
export function codePointCompare(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(x.length - y.length);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function digitRun(chars: string[], from: number): string {
  let end = from;
  while (isDigit(chars[end])) end++;
  return chars.slice(from, end).join('');
}
