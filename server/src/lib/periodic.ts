/** What a periodic job reports after a pass: `more` runs the next pass at once (a full batch was drained). */
export type PassResult = 'more' | 'done' | void;

export interface PeriodicJob {
  /** For the logs: what failed. */
  name: string;
  intervalMs: number;
  /** One pass. Throwing is fine: it is logged, and the next pass waits longer (backoff). */
  pass: () => Promise<PassResult>;
}

export interface PeriodicOptions {
  log: { warn(obj: object, msg: string): void };
  /** The longest wait after failures (a database outage): short, so jobs resume within seconds of its return. */
  maxBackoffMs?: number;
}

/**
 * Runs a job every `intervalMs` until stopped: one pass at a time (never overlapping), passes reporting `more` are
 * repeated at once, a failed pass is logged and the next one waits twice as long as the last (up to
 * `maxBackoffMs`), so a database outage costs a few log lines instead of one per tick, and the job resumes by
 * itself when the database is back. The stop function waits for the pass in progress.
 */
export function startPeriodic(job: PeriodicJob, options: PeriodicOptions): () => Promise<void> {
  const maxBackoffMs = Math.max(options.maxBackoffMs ?? 5_000, job.intervalMs);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let delayMs = job.intervalMs;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };

  async function runPasses() {
    try {
      while (!stopped && (await job.pass()) === 'more');
      delayMs = job.intervalMs;
    } catch (error) {
      if (stopped) return;
      delayMs = Math.min(delayMs * 2, maxBackoffMs);
      options.log.warn({ err: error, job: job.name, retryInMs: delayMs }, `${job.name} pass failed`);
    }
  }

  function tick() {
    timer = undefined;
    running = runPasses().finally(() => {
      running = undefined;
      schedule(delayMs);
    });
  }

  schedule(job.intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
