/**
 * Progress on a terminal (one rewritten line on stderr); nothing at all when stderr is not a TTY. With `verbose`,
 * each step's own wall time as a line of its own when it ends (on a terminal or not: the user asked for it).
 */
import type { ProgressEvent } from '../source/load.js';

export interface Progress {
  update(event: ProgressEvent): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, enabled = stream.isTTY === true, verbose = false): Progress {
  let shown = false;
  let last = 0;
  let step: { name: string; started: number } | null = null;
  const write = (text: string) => {
    if (!enabled) return;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width - 1) + '…' : text}`);
    shown = true;
  };
  const clear = () => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  /** Ends the running step (with its time, when verbose) and starts `name`. */
  const begin = (name: string | null) => {
    if (step?.name === name) return;
    const now = performance.now();
    if (step && verbose) {
      clear();
      stream.write(`schemaproof: ${((now - step.started) / 1000).toFixed(2).padStart(7)} s  ${step.name}\n`);
    }
    step = name === null ? null : { name, started: now };
  };
  return {
    update(event) {
      if (event.phase === 'apply') {
        begin('applying the statements');
        const now = Date.now();
        if (now - last < 100 && event.done !== event.total) return;
        last = now;
        write(`applying ${event.done}/${event.total} statements  ${event.file}`);
      } else {
        begin(event.message);
        write(`${event.message}…${event.detail ? ` ${event.detail}` : ''}`);
      }
    },
    done() {
      begin(null);
      clear();
    },
  };
}
