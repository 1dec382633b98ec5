// Whole-process measurement for the benchmark: wall time (measured here, around the spawn) and peak RSS (GNU time's
// %M: the maximum resident set size of the command, in KiB), with a timeout that kills the command's whole process
// group. Median of N runs. Nothing here knows what is being measured.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TIME = '/usr/bin/time';

/** GNU time must be there: it is what reads the peak RSS of a child process (wait4's ru_maxrss). */
export function checkTime() {
  if (!existsSync(TIME) || spawnSync(TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status !== 0) {
    throw new Error(`${TIME} (GNU time) is needed to read peak RSS: apt-get install -y time`);
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs `command args` once under GNU time. Resolves to { seconds, rssMb, stdout, stderr, code } or, past
 * `timeoutSeconds`, to { timedOut: true, seconds } after killing the process group it started.
 */
export function runOnce(command, args, { timeoutSeconds = 600, env, cwd, captureStdout = false, input } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sp-bench-time-'));
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(TIME, ['-f', '%M', '-o', rssFile, command, ...args], {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: [input === undefined ? 'ignore' : 'pipe', captureStdout ? 'pipe' : 'ignore', 'pipe'],
      detached: true, // its own process group, so that a timeout ends the command and everything it started
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr.length < 100_000 ? (stderr += d) : undefined));
    if (input !== undefined) child.stdin.end(input);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutSeconds * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let kb = NaN;
      try {
        kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
      } catch {
        // killed before time wrote it
      }
      rmSync(dir, { recursive: true, force: true });
      if (timedOut) resolve({ timedOut: true, seconds: timeoutSeconds });
      else resolve({ seconds, rssMb: kb / 1024, stdout, stderr, code });
    });
  });
}

/**
 * `runs` runs of one command; the median wall time and the median peak RSS. A failure throws (with the command's
 * stderr); a timeout ends the series (the first timeout is reported as such, not retried).
 */
export async function measure(command, args, { runs = 3, ...options } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(command, args, options);
    if (r.timedOut) return { timedOut: true, seconds: r.seconds, runs: samples.length };
    if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.code}:\n${r.stderr.slice(-4000)}`);
    samples.push(r);
  }
  return {
    seconds: median(samples.map((s) => s.seconds)),
    rssMb: median(samples.map((s) => s.rssMb)),
    runs: samples.length,
    samples: samples.map((s) => s.seconds),
    stdout: samples.at(-1).stdout,
  };
}
