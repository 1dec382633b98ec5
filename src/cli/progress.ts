/** Progress on a terminal (one rewritten line on stderr); nothing at all when stderr is not a TTY. */
import type { ProgressEvent } from '../source/load.js';

export interface Progress {
  update(event: ProgressEvent): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, enabled = stream.isTTY === true): Progress {
  if (!enabled) return { update: () => undefined, done: () => undefined };
  let shown = false;
  let last = 0;
  const write = (text: string) => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width - 1) + '…' : text}`);
    shown = true;
  };
  return {
    update(event) {
      if (event.phase === 'apply') {
        const now = Date.now();
        if (now - last < 100 && event.done !== event.total) return;
        last = now;
        write(`applying ${event.done}/${event.total} statements  ${event.file}`);
      } else write(`${event.message}…`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
