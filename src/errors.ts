/**
 * Errors a user can act on. Every such error carries the exit code the CLI uses (2 for bad input)
 * and, where it comes from a file, the location in `file:line:col` form.
 */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export class SchemaproofError extends Error {
  override readonly name = 'SchemaproofError';
  readonly exitCode: number;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;
  readonly detail: string | undefined;

  constructor(
    message: string,
    options: { location?: SourceLocation; hint?: string; detail?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 2;
    this.location = options.location;
    this.hint = options.hint;
    this.detail = options.detail;
  }

  /** The multi-line text the CLI prints: `file:line:col: message`, then detail and hint lines. */
  format(): string {
    const where = this.location ? `${this.location.file}:${this.location.line}:${this.location.column}: ` : '';
    const lines = [`${where}${this.message}`];
    // Detail lines carry their own labels (`statement: …`, `detail: …`).
    if (this.detail) for (const line of this.detail.split('\n')) lines.push(`  ${line.trim()}`);
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

/** A located, non-fatal remark about the input (a skipped psql command, a skipped file, …). */
export interface Warning {
  message: string;
  location?: SourceLocation;
}

export function formatWarning(w: Warning): string {
  const where = w.location ? `${w.location.file}:${w.location.line}:${w.location.column}: ` : '';
  return `${where}warning: ${w.message}`;
}
