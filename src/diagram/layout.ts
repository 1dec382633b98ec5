/**
 * Graph layout with Graphviz compiled to WebAssembly (`@hpcc-js/wasm-graphviz`: no native binary), bounded in time.
 *
 * `dot` lays out a few hundred tables in well under a second, but some graphs (dense, cyclic) take minutes, and a
 * WebAssembly call cannot be interrupted from the thread that runs it. So layouts run in `worker_threads` Workers (a
 * few, one per CPU), each working through its own queue, each job with a time limit; when a job runs over, its worker
 * is terminated (V8 stops the running WebAssembly) and the jobs queued behind it go to a fresh one. The worker's code
 * is a string run with `eval: true`, importing the Graphviz module by its resolved file URL, so it works the same from
 * the compiled CLI and from the TypeScript sources under test.
 *
 * `layoutSvg()` adds the fallback: when `dot` runs over the limit, the same graph is laid out again by `dot` with its
 * effort bounded (few network-simplex and crossing-minimisation iterations, straight edges, no column ports); when
 * that runs over too, by `osage` (the boxes in a grid, straight edges); when that runs over too, a
 * `LayoutTimeoutError` says which diagram and how big, so the CLI can say what to do (a narrower `--domain` or
 * `--focus`, a longer `--layout-timeout`, or `--format dot` for a native Graphviz).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Default time limit of one layout attempt. */
export const DEFAULT_LAYOUT_TIMEOUT_MS = 10_000;
/** Loading the WebAssembly module takes about 0.1 s; more than this is a broken install, not a big graph. */
const STARTUP_TIMEOUT_MS = 60_000;

export type LayoutEngine = 'dot' | 'osage';

export class LayoutTimeoutError extends Error {
  override name = 'LayoutTimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/**
 * Lays out DOT text into SVG text in worker threads. `layout()` hands the job to a worker at once, so the workers
 * keep laying out while the calling thread does other work (renders Markdown); `close()` waits for the jobs given,
 * then stops the workers.
 */
export interface Layouter {
  layout(dot: string, options?: { engine?: LayoutEngine; timeoutMs?: number }): Promise<string>;
  close(): Promise<void>;
  /** Stops the workers now; the jobs still out fail (a command that failed must not wait for its diagrams). */
  abort(): void;
}

export interface LayouterOptions {
  /** Time limit of one job (default 10 s). */
  timeoutMs?: number;
  /** Worker threads (default: one per CPU, at most 4; each holds its own Graphviz instance). */
  workers?: number;
}

/*
 * Each worker has a queue: the jobs posted to it, answered in order. Before each job it writes the job's id and start
 * time into memory shared with the calling thread; a watchdog there (every WATCH_MS while jobs are out) reads it and
 * terminates a worker whose job runs over its limit. So the limit holds even while the calling thread is busy (the
 * check only comes later), and a job never times out for time it spent waiting in the queue.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new BigInt64Array(workerData.state);
import(workerData.module).then(async ({ Graphviz }) => {
  const graphviz = await Graphviz.load();
  parentPort.on('message', ({ id, dot, engine }) => {
    Atomics.store(state, 1, BigInt(Date.now()));
    Atomics.store(state, 0, BigInt(id));
    let reply;
    try {
      reply = { id, svg: graphviz.layout(dot, 'svg', engine) };
    } catch (error) {
      reply = { id, error: String((error && error.message) || error) };
    }
    Atomics.store(state, 0, 0n);
    parentPort.postMessage(reply);
  });
  parentPort.postMessage({ ready: true });
}, (error) => parentPort.postMessage({ fatal: String((error && error.message) || error) }));
`;

type Reply = { ready: true } | { fatal: string } | { id: number; svg: string } | { id: number; error: string };

function graphvizModuleUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('@hpcc-js/wasm-graphviz')).href;
}

/** How often the watchdog looks at the running jobs. */
const WATCH_MS = 25;

interface Job {
  id: number;
  dot: string;
  engine: LayoutEngine;
  timeoutMs: number;
  resolve: (svg: string) => void;
  reject: (error: Error) => void;
}

/** One worker and the jobs posted to it, in the order posted (= the order it runs them). */
interface Slot {
  worker: Worker;
  /** [id of the running job or 0, its start in ms since the epoch] */
  state: BigInt64Array;
  jobs: Map<number, Job>;
  ready: boolean;
  startup: ReturnType<typeof setTimeout>;
}

export function createLayouter(defaults: LayouterOptions = {}): Layouter {
  const defaultTimeout = defaults.timeoutMs ?? DEFAULT_LAYOUT_TIMEOUT_MS;
  const size = Math.max(1, Math.floor(defaults.workers ?? Math.min(4, availableParallelism())));
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  const all = new Set<Promise<unknown>>();
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let nextId = 1;

  const outstanding = (): number => slots.reduce((n, s) => n + (s?.jobs.size ?? 0), 0);

  /** The watchdog runs (and keeps the process alive) exactly while jobs are out. */
  const watch = (): void => {
    if (outstanding() === 0) {
      if (watchdog) clearInterval(watchdog);
      watchdog = null;
    } else if (!watchdog) {
      watchdog = setInterval(check, WATCH_MS);
    }
  };

  const settle = (slot: Slot, id: number, outcome: { svg: string } | { error: Error }): void => {
    const job = slot.jobs.get(id);
    if (!job) return;
    slot.jobs.delete(id);
    if ('svg' in outcome) job.resolve(outcome.svg);
    else job.reject(outcome.error);
  };

  /** Stops a slot's worker; its jobs other than `failed` go to a fresh worker, in the same order. */
  const restart = (index: number, failed: number | null, error: Error | null): void => {
    const slot = slots[index];
    if (!slot) return;
    slots[index] = null;
    clearTimeout(slot.startup);
    void slot.worker.terminate();
    const rest = [...slot.jobs.values()];
    for (const job of rest) {
      if (job.id === failed || failed === null) job.reject(error ?? new Error('the layout worker stopped'));
    }
    const again = failed === null ? [] : rest.filter((j) => j.id !== failed);
    for (const job of again) post(index, job);
    watch();
  };

  const start = (index: number): Slot => {
    const state = new BigInt64Array(new SharedArrayBuffer(16));
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: graphvizModuleUrl(), state: state.buffer } });
    // An idle worker must not keep the process alive (the watchdog does while jobs are out).
    worker.unref();
    const slot: Slot = {
      worker,
      state,
      jobs: new Map(),
      ready: false,
      startup: setTimeout(() => restart(index, null, new Error('the Graphviz WebAssembly module did not load')), STARTUP_TIMEOUT_MS),
    };
    slot.startup.unref();
    worker.on('message', (m: Reply) => {
      if (slots[index] !== slot) return;
      if ('ready' in m) {
        slot.ready = true;
        clearTimeout(slot.startup);
      } else if ('fatal' in m) {
        restart(index, null, new Error(`could not load Graphviz: ${m.fatal}`));
      } else {
        settle(slot, m.id, 'error' in m ? { error: new Error(`Graphviz: ${m.error}`) } : { svg: m.svg });
        watch();
      }
    });
    // A crash fails the job it was running (or, before any, all of them: the module itself is broken).
    const crashed = (error: Error): void => {
      if (slots[index] !== slot) return;
      const running = Number(Atomics.load(state, 0));
      restart(index, slot.ready && running ? running : null, error);
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`the layout worker stopped (exit code ${code})`)));
    slots[index] = slot;
    return slot;
  };

  const post = (index: number, job: Job): void => {
    const slot = slots[index] ?? start(index);
    slot.jobs.set(job.id, job);
    slot.worker.postMessage({ id: job.id, dot: job.dot, engine: job.engine });
  };

  function check(): void {
    const now = Date.now();
    slots.forEach((slot, index) => {
      if (!slot) return;
      const running = Number(Atomics.load(slot.state, 0));
      const job = running ? slot.jobs.get(running) : undefined;
      if (!job) return;
      const started = Number(Atomics.load(slot.state, 1));
      if (now - started > job.timeoutMs) {
        restart(index, running, new LayoutTimeoutError(`layout did not finish within ${job.timeoutMs} ms`, job.timeoutMs));
      }
    });
  }

  /** The slot with the fewest jobs out (an idle one not yet started counts as empty). */
  const pick = (): number => {
    let best = 0;
    for (let i = 1; i < slots.length; i++) {
      if ((slots[i]?.jobs.size ?? 0) < (slots[best]?.jobs.size ?? 0)) best = i;
    }
    return best;
  };

  return {
    layout(dot, options = {}) {
      const job = new Promise<string>((resolve, reject) => {
        post(pick(), { id: nextId++, dot, engine: options.engine ?? 'dot', timeoutMs: options.timeoutMs ?? defaultTimeout, resolve, reject });
      });
      watch();
      const tracked = job.catch(() => undefined);
      all.add(tracked);
      void tracked.then(() => all.delete(tracked));
      return job;
    },
    abort() {
      slots.forEach((_, index) => restart(index, null, new Error('the layout was stopped')));
    },
    async close() {
      while (all.size > 0) await Promise.all([...all]);
      slots.forEach((slot, index) => {
        if (!slot) return;
        slots[index] = null;
        clearTimeout(slot.startup);
        void slot.worker.terminate();
      });
      watch();
    },
  };
}

/** The DOT with edges attached to the boxes, not to column rows (ports cost `dot` much of its time). */
function withoutPorts(dot: string): string {
  return dot.replace(/("[^"]*"):"[lr]\d+":[ew]/g, '$1');
}

function withGraphAttributes(dot: string, attributes: string): string {
  return dot.replace(/^(digraph \w+ \{\n)/, `$1  graph [${attributes}];\n`);
}

/**
 * The same graph with `dot`'s effort bounded: two network-simplex passes (ranking and x-coordinates), a short
 * crossing minimisation, straight edges and no column ports. About 10x faster than `dot` on a 1,000-table graph.
 */
export function boundedEffortDot(dot: string): string {
  return withGraphAttributes(withoutPorts(dot), 'nslimit=2, nslimit1=2, mclimit=0.1, searchsize=10, remincross=false, splines=line');
}

/** The graph for `osage`: boxes packed in a grid, straight edges, no ports (1,000 tables in about a second). */
export function gridDot(dot: string): string {
  return withGraphAttributes(withoutPorts(dot), 'splines=line');
}

/**
 * How a diagram was laid out: `dot`; `bounded` (`dot` with bounded effort, after `dot` ran over the limit); `grid`
 * (`osage`, after both ran over).
 */
export type LayoutMode = 'dot' | 'bounded' | 'grid';

/**
 * SVG text for DOT text, each attempt within `timeoutMs`: `dot`; else `dot` with bounded effort; else the `osage`
 * grid; else a `LayoutTimeoutError` naming `what` (e.g. `diagram erd/orders (45 tables, 60 edges)`). Worst case:
 * three times the limit.
 */
export async function layoutSvg(
  layouter: Layouter,
  dot: string,
  what: string,
  timeoutMs = DEFAULT_LAYOUT_TIMEOUT_MS,
): Promise<{ svg: string; mode: LayoutMode; ms: number }> {
  const started = performance.now();
  const attempts: [LayoutMode, LayoutEngine, () => string][] = [
    ['dot', 'dot', () => dot],
    ['bounded', 'dot', () => boundedEffortDot(dot)],
    ['grid', 'osage', () => gridDot(dot)],
  ];
  for (const [mode, engine, source] of attempts) {
    try {
      const svg = await layouter.layout(source(), { engine, timeoutMs });
      return { svg, mode, ms: performance.now() - started };
    } catch (error) {
      if (!(error instanceof LayoutTimeoutError)) throw error;
    }
  }
  const limit = `${timeoutMs / 1000} s`;
  throw new LayoutTimeoutError(
    `the layout of ${what} did not finish within ${limit}, nor with bounded effort, nor as a grid (${limit} each)`,
    timeoutMs,
  );
}
