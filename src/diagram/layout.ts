/**
 * Graph layout with Graphviz compiled to WebAssembly (`@hpcc-js/wasm-graphviz`: no native binary), bounded in time.
 *
 * `dot` lays out a few hundred tables in well under a second, but some graphs (dense, cyclic) take minutes, and a
 * WebAssembly call cannot be interrupted from the thread that runs it. So layouts run in a `worker_threads` Worker,
 * one job at a time, each with a time limit; when a job runs over, the worker is terminated (V8 stops the running
 * WebAssembly) and the next job gets a fresh one. The worker's code is a string run with `eval: true`, importing the
 * Graphviz module by its resolved file URL, so it works the same from the compiled CLI and from the TypeScript
 * sources under test.
 *
 * `layoutSvg()` adds the fallback: when `dot` runs over the limit, the same graph is laid out again by `dot` with its
 * effort bounded (few network-simplex and crossing-minimisation iterations, straight edges, no column ports); when
 * that runs over too, by `osage` (the boxes in a grid, straight edges); when that runs over too, a
 * `LayoutTimeoutError` says which diagram and how big, so the CLI can say what to do (a narrower `--domain` or
 * `--focus`, a longer `--layout-timeout`, or `--format dot` for a native Graphviz).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
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

/** Lays out DOT text into SVG text, in a worker, one job at a time. `close()` stops the worker. */
export interface Layouter {
  layout(dot: string, options?: { engine?: LayoutEngine; timeoutMs?: number }): Promise<string>;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.module).then(async ({ Graphviz }) => {
  const graphviz = await Graphviz.load();
  parentPort.on('message', ({ id, dot, engine }) => {
    let reply;
    try {
      reply = { id, svg: graphviz.layout(dot, 'svg', engine) };
    } catch (error) {
      reply = { id, error: String((error && error.message) || error) };
    }
    parentPort.postMessage(reply);
  });
  parentPort.postMessage({ ready: true });
}, (error) => parentPort.postMessage({ fatal: String((error && error.message) || error) }));
`;

type Reply = { ready: true } | { fatal: string } | { id: number; svg: string } | { id: number; error: string };

function graphvizModuleUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('@hpcc-js/wasm-graphviz')).href;
}

export function createLayouter(defaults: { timeoutMs?: number } = {}): Layouter {
  const defaultTimeout = defaults.timeoutMs ?? DEFAULT_LAYOUT_TIMEOUT_MS;
  let current: { worker: Worker; ready: Promise<void> } | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  const stop = (): void => {
    const w = current?.worker;
    current = null;
    if (w) void w.terminate();
  };

  const start = (): { worker: Worker; ready: Promise<void> } => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: graphvizModuleUrl() } });
    // Pending jobs keep the process alive through their timers; an idle worker must not.
    worker.unref();
    // An error while idle (no job listening) must not crash the process: the next job starts a new worker.
    worker.on('error', () => {
      if (current?.worker === worker) current = null;
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('the Graphviz WebAssembly module did not load')), STARTUP_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        reject(error);
      };
      const onMessage = (m: Reply) => {
        if ('ready' in m) {
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', fail);
          resolve();
        } else if ('fatal' in m) fail(new Error(`could not load Graphviz: ${m.fatal}`));
      };
      worker.on('message', onMessage);
      worker.once('error', fail);
    });
    return { worker, ready };
  };

  const run = async (dot: string, engine: LayoutEngine, timeoutMs: number): Promise<string> => {
    if (!current) current = start();
    const { worker, ready } = current;
    try {
      await ready;
    } catch (error) {
      stop();
      throw error;
    }
    const id = nextId++;
    return new Promise<string>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const timer = setTimeout(() => {
        done();
        stop();
        reject(new LayoutTimeoutError(`layout did not finish within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
      const onMessage = (m: Reply) => {
        if (!('id' in m) || m.id !== id) return;
        done();
        if ('error' in m) reject(new Error(`Graphviz: ${m.error}`));
        else resolve(m.svg);
      };
      const onError = (error: Error) => {
        done();
        stop();
        reject(error);
      };
      const onExit = (code: number) => {
        done();
        if (current?.worker === worker) current = null;
        reject(new Error(`the layout worker stopped (exit code ${code})`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, dot, engine });
    });
  };

  return {
    layout(dot, options = {}) {
      const job = chain.then(() => run(dot, options.engine ?? 'dot', options.timeoutMs ?? defaultTimeout));
      chain = job.catch(() => undefined);
      return job;
    },
    async close() {
      await chain;
      stop();
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
